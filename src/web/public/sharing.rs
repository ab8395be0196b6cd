//! What an event page tells the places it is shared on and the search
//! engines that list it: its canonical address (without `?lang=`) and the
//! same page in each language, Open Graph and Twitter card tags, and a
//! schema.org `Event` as JSON-LD — and `/sitemap.xml`, the published
//! events' addresses.
//!
//! The JSON-LD sits in a `<script type="application/ld+json">`: a data
//! block, which browsers never run, so the Content-Security-Policy's "no
//! inline script" does not concern it. What must hold is that no text of
//! the event can end the element early: every `<`, `>` and `&` in the JSON
//! is written as a `\u` escape, which JSON readers decode back.

use std::sync::OnceLock;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use maud::{Markup, PreEscaped, html};
use serde_json::json;

use crate::domain::event::EventStatus;
use crate::domain::{Availability, Language};
use crate::i18n::t;
use crate::services::Services;
use crate::services::catalog::PublicEvent;
use crate::services::site::SiteFacts;
use crate::web::error::PageError;
use crate::web::lang::Lang;

/// Where the offer's availability comes from: a marker the page cache
/// replaces with the seats of the moment (src/web/cached.rs), or the value
/// now, for a page rendered once (a rejected form).
#[derive(Clone, Copy, Debug)]
pub enum AvailabilitySlot<'a> {
    Marker(&'a str),
    Now(Availability),
}

/// The JSON string an availability is written as.
pub fn availability_json(availability: Availability) -> String {
    format!("\"{}\"", availability.schema_url())
}

/// The head of an event page: canonical link, language alternates,
/// sharing tags and structured data.
pub fn event_head(
    language: Language,
    event: &PublicEvent,
    site: &SiteFacts,
    availability: AvailabilitySlot<'_>,
) -> Markup {
    let record = &event.record.event;
    let url = event_url(site, &record.slug);
    let data = structured_data(event, site, &url);
    html! {
        link rel="canonical" href=(url);
        @for other in Language::ALL {
            link rel="alternate" hreflang=(other.code()) href={ (url) "?lang=" (other.code()) };
        }
        link rel="alternate" hreflang="x-default" href=(url);
        meta name="description" content=(record.summary);
        meta property="og:type" content="website";
        meta property="og:site_name" content=(t(language, "site.name"));
        meta property="og:title" content=(record.title);
        meta property="og:description" content=(record.summary);
        meta property="og:url" content=(url);
        meta property="og:locale" content=(og_locale(language));
        @for other in Language::ALL {
            @if other != language {
                meta property="og:locale:alternate" content=(og_locale(other));
            }
        }
        meta name="twitter:card" content="summary";
        meta name="twitter:title" content=(record.title);
        meta name="twitter:description" content=(record.summary);
        script type="application/ld+json" {
            (PreEscaped(json_in_script(&data, availability)))
        }
    }
}

/// An event page's absolute address, without `?lang=`.
pub fn event_url(site: &SiteFacts, slug: &str) -> String {
    format!("{}/events/{slug}", site.base_url)
}

/// Open Graph names a locale as language_TERRITORY: the territory where
/// the project's readers of that language are (Brussels for French and
/// Dutch).
fn og_locale(language: Language) -> &'static str {
    match language {
        Language::En => "en_GB",
        Language::It => "it_IT",
        Language::Fr => "fr_BE",
        Language::Nl => "nl_BE",
        Language::Hu => "hu_HU",
        Language::Pl => "pl_PL",
        Language::Es => "es_ES",
        Language::Lt => "lt_LT",
    }
}

/// A string no event text can hold: where the availability goes until
/// the JSON is written out.
fn availability_placeholder() -> &'static str {
    static PLACEHOLDER: OnceLock<String> = OnceLock::new();
    PLACEHOLDER.get_or_init(|| format!("availability-{:016x}", rand::random::<u64>()))
}

/// The schema.org `Event`, with a placeholder for the offer's availability.
fn structured_data(event: &PublicEvent, site: &SiteFacts, url: &str) -> serde_json::Value {
    let record = &event.record.event;
    let tz = event.timezone;
    let local = |at: DateTime<Utc>| {
        at.with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Secs, true)
    };
    let venue = (!record.venue_name.trim().is_empty() || !record.venue_address.trim().is_empty())
        .then(|| {
            json!({
                "@type": "Place",
                "name": record.venue_name,
                "address": record.venue_address,
            })
        });
    let online = record
        .online_url
        .as_deref()
        .filter(|u| !u.trim().is_empty())
        .map(|u| json!({ "@type": "VirtualLocation", "url": u }));
    let (mode, location) = match (venue, online) {
        (Some(place), Some(online)) => ("MixedEventAttendanceMode", json!([place, online])),
        (None, Some(online)) => ("OnlineEventAttendanceMode", online),
        (Some(place), None) => ("OfflineEventAttendanceMode", place),
        (None, None) => ("OfflineEventAttendanceMode", serde_json::Value::Null),
    };
    let status = match event.status {
        EventStatus::Cancelled => "https://schema.org/EventCancelled",
        _ => "https://schema.org/EventScheduled",
    };
    let mut offer = json!({
        "@type": "Offer",
        "url": url,
        "price": "0",
        "priceCurrency": "EUR",
        "availability": availability_placeholder(),
    });
    if let Some(opens) = record.registration_opens_at {
        offer["validFrom"] = local(opens).into();
    }
    if let Some(closes) = record.registration_closes_at {
        offer["availabilityEnds"] = local(closes).into();
    }
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": record.title,
        "description": record.summary,
        "url": url,
        "inLanguage": record.language,
        "startDate": local(record.starts_at),
        "endDate": local(record.ends_at),
        "eventStatus": status,
        "eventAttendanceMode": format!("https://schema.org/{mode}"),
        "organizer": {
            "@type": "Organization",
            "name": site.organization,
            "url": site.organization_url,
        },
        "offers": offer,
    });
    if !location.is_null() {
        data["location"] = location;
    }
    data
}

/// The JSON as a script element may hold it, with the availability filled.
fn json_in_script(data: &serde_json::Value, availability: AvailabilitySlot<'_>) -> String {
    let text = script_safe(&data.to_string());
    let placeholder = format!("\"{}\"", availability_placeholder());
    let value = match availability {
        AvailabilitySlot::Marker(marker) => marker.to_owned(),
        AvailabilitySlot::Now(now) => availability_json(now),
    };
    text.replacen(&placeholder, &value, 1)
}

/// JSON that cannot end or comment out its script element: `<`, `>` and
/// `&` only ever occur inside JSON strings, where `\u003c` and its kind
/// mean the same characters.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// `GET /sitemap.xml`: the home page and every published event (not drafts,
/// not cancelled events), with when each last changed.
pub async fn sitemap(
    State(services): State<Services>,
    Lang(language): Lang,
) -> Result<Response, PageError> {
    let events = services
        .published_events()
        .await
        .map_err(|e| PageError::internal(language, e))?;
    let site = services.site_facts();
    let stamp = |at: DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let newest = events.iter().map(|e| e.updated_at).max();
    push_url(&mut xml, &format!("{}/", site.base_url), newest.map(stamp));
    for event in &events {
        push_url(
            &mut xml,
            &event_url(&site, &event.slug),
            Some(stamp(event.updated_at)),
        );
    }
    xml.push_str("</urlset>\n");
    Ok((
        [
            (CONTENT_TYPE, "application/xml; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
        ],
        xml,
    )
        .into_response())
}

fn push_url(xml: &mut String, location: &str, modified: Option<String>) {
    xml.push_str("  <url><loc>");
    xml.push_str(&xml_escape(location));
    xml.push_str("</loc>");
    if let Some(modified) = modified {
        xml.push_str("<lastmod>");
        xml.push_str(&xml_escape(&modified));
        xml.push_str("</lastmod>");
    }
    xml.push_str("</url>\n");
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let data = json!({ "name": "</script><script>alert(1)</script> & <!--", "availability": availability_placeholder() });
        let text = json_in_script(&data, AvailabilitySlot::Now(Availability::SoldOut));
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let read: serde_json::Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(read["name"], "</script><script>alert(1)</script> & <!--");
        assert_eq!(read["availability"], "https://schema.org/SoldOut");
    }

    #[test]
    fn sitemap_text_is_escaped() {
        assert_eq!(xml_escape("a&b<c>'\""), "a&amp;b&lt;c&gt;&apos;&quot;");
    }
}
