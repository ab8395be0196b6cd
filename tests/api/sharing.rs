//! Sharing and search (issue 14): an event page carries its canonical
//! address, its other languages, Open Graph and Twitter card tags and a
//! schema.org `Event` in JSON-LD whose offer follows the seats left as the
//! page's badges do; `/sitemap.xml` lists the published events. The JSON-LD
//! is read with serde_json, the sitemap with quick-xml.

use chrono::{DateTime, Offset, SubsecRound, TimeZone};
use quick_xml::events::Event;
use serde_json::Value;
use tessera::domain::event::EventStatus;

use crate::helpers::{Db, EventSpec, TestApp};

const ORGANIZATION: &str = "Chambre de commerce de Bruxelles — Ελληνικό Τμήμα";
const ORGANIZATION_URL: &str = "https://chamber.example.be";
/// A title that tries to end the script element it is written into.
const TITLE: &str = "Nők & vállalkozók: \"Women 2027\" </script><!-- Αθήνα";
const ONLINE: &str = "https://meet.example.org/women-2027?room=1&lang=fr";

/// The one JSON-LD block of a page, parsed.
fn json_ld(page: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    assert_eq!(page.matches(open).count(), 1, "one JSON-LD block");
    let start = page.find(open).expect("a JSON-LD block") + open.len();
    let end = page[start..].find("</script>").expect("its end");
    serde_json::from_str(&page[start..start + end]).expect("valid JSON in the block")
}

/// The `content` of `<meta {attribute}="{name}" …>`, unescaped.
fn meta(page: &str, attribute: &str, name: &str) -> String {
    let open = format!("<meta {attribute}=\"{name}\" content=\"");
    let start = page
        .find(&open)
        .unwrap_or_else(|| panic!("no {attribute}={name}"))
        + open.len();
    let end = page[start..].find('"').expect("the attribute's end");
    page[start..start + end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

async fn event_page(app: &TestApp, slug: &str, lang: &str) -> String {
    let response = app.get(&format!("/events/{slug}?lang={lang}")).await;
    assert_eq!(response.status(), 200);
    response.text().await.expect("a page")
}

fn availability(page: &str) -> String {
    json_ld(page)["offers"]["availability"]
        .as_str()
        .expect("an availability")
        .to_owned()
}

async fn spawn(db: Db) -> Option<TestApp> {
    TestApp::spawn_with(db, |c| {
        c.organization = ORGANIZATION.into();
        c.organization_url = Some(ORGANIZATION_URL.into());
    })
    .await
}

async fn check(db: Db) {
    let Some(app) = spawn(db).await else {
        return;
    };
    let slug = app
        .seed_event(EventSpec {
            title: TITLE.into(),
            capacity: Some(6),
            waitlist: true,
            online_url: Some(ONLINE.into()),
            ..EventSpec::default()
        })
        .await;
    let record = app.event(&slug).await.event;
    let canonical = format!("{}/events/{slug}", app.address);

    let page = event_page(&app, &slug, "hu").await;
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{canonical}\">")));
    for lang in ["en", "it", "fr", "nl", "hu", "pl", "es", "lt"] {
        assert!(
            page.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{canonical}?lang={lang}\">"
            )),
            "hreflang {lang}"
        );
    }
    assert!(page.contains(&format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{canonical}\">"
    )));
    assert_eq!(meta(&page, "property", "og:title"), TITLE);
    assert_eq!(meta(&page, "property", "og:url"), canonical);
    assert_eq!(meta(&page, "property", "og:type"), "website");
    assert_eq!(meta(&page, "property", "og:locale"), "hu_HU");
    assert_eq!(meta(&page, "property", "og:site_name"), "Tessera");
    assert_eq!(
        meta(&page, "property", "og:description"),
        "Workshops and mentoring for women entrepreneurs."
    );
    assert_eq!(meta(&page, "name", "twitter:card"), "summary");
    assert_eq!(meta(&page, "name", "twitter:title"), TITLE);
    assert!(
        !page.contains("</script><!--"),
        "the title ended the script element"
    );

    let data = json_ld(&page);
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "Event");
    assert_eq!(data["name"], TITLE);
    assert_eq!(data["url"], canonical);
    assert_eq!(data["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    // Start and end with the offset Brussels has on that day.
    for (key, at) in [("startDate", record.starts_at), ("endDate", record.ends_at)] {
        let text = data[key].as_str().expect(key);
        let read = DateTime::parse_from_rfc3339(text).expect("RFC 3339");
        assert_eq!(read, at.trunc_subsecs(0), "{key} {text}");
        let brussels = chrono_tz::Europe::Brussels
            .offset_from_utc_datetime(&at.naive_utc())
            .fix();
        assert_eq!(*read.offset(), brussels, "{key} {text}");
        assert!(
            text.ends_with("+01:00") || text.ends_with("+02:00"),
            "{text}"
        );
    }
    let location = data["location"].as_array().expect("a place and a link");
    assert_eq!(location[0]["@type"], "Place");
    assert_eq!(location[0]["name"], "Chamber of Commerce");
    assert_eq!(location[0]["address"], "Avenue Louise 500, 1050 Brussels");
    assert_eq!(location[1]["@type"], "VirtualLocation");
    assert_eq!(location[1]["url"], ONLINE);
    assert_eq!(data["organizer"]["@type"], "Organization");
    assert_eq!(data["organizer"]["name"], ORGANIZATION);
    assert_eq!(data["organizer"]["url"], ORGANIZATION_URL);
    assert_eq!(data["offers"]["price"], "0");
    assert_eq!(data["offers"]["url"], canonical);
    assert_eq!(availability(&page), "https://schema.org/InStock");

    // The availability follows the seats, through the kept page.
    app.register_person(&slug, 0).await;
    let page = event_page(&app, &slug, "hu").await;
    assert_eq!(
        availability(&page),
        "https://schema.org/LimitedAvailability"
    );
    for i in 1..6 {
        app.register_person(&slug, i).await;
    }
    let page = event_page(&app, &slug, "hu").await;
    assert_eq!(availability(&page), "https://schema.org/SoldOut");
    assert_eq!(
        availability(&event_page(&app, &slug, "en").await),
        "https://schema.org/SoldOut"
    );
    // A rejected form's page, rendered once, says the same.
    let rejected = app
        .post_form(&format!("/events/{slug}/register?lang=lt"), &[])
        .await;
    assert_eq!(rejected.status(), 422);
    let rejected = rejected.text().await.unwrap();
    assert_eq!(availability(&rejected), "https://schema.org/SoldOut");
    assert_eq!(meta(&rejected, "property", "og:locale"), "lt_LT");

    // An online event is a VirtualLocation; a cancelled one says so.
    let online = app
        .seed_event(EventSpec {
            venue_name: String::new(),
            venue_address: String::new(),
            online_url: Some(ONLINE.into()),
            ..EventSpec::default()
        })
        .await;
    let data = json_ld(&event_page(&app, &online, "en").await);
    assert_eq!(
        data["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(data["location"]["@type"], "VirtualLocation");
    assert_eq!(data["location"]["url"], ONLINE);
    let offline = json_ld(&event_page(&app, &app.event_slug, "en").await);
    assert_eq!(
        offline["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(offline["location"]["@type"], "Place");
    let cancelled = app
        .seed_event(EventSpec {
            status: EventStatus::Cancelled,
            ..EventSpec::default()
        })
        .await;
    let data = json_ld(&event_page(&app, &cancelled, "en").await);
    assert_eq!(data["eventStatus"], "https://schema.org/EventCancelled");

    // The sitemap: the home page and the published events only.
    let draft = app
        .seed_event(EventSpec {
            status: EventStatus::Draft,
            ..EventSpec::default()
        })
        .await;
    let response = app.get("/sitemap.xml").await;
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(kind.starts_with("application/xml"), "{kind}");
    let xml = response.text().await.unwrap();
    let urls = sitemap_urls(&xml);
    let locations: Vec<&str> = urls.iter().map(|(loc, _)| loc.as_str()).collect();
    let mut expected = vec![
        format!("{}/", app.address),
        format!("{}/events/{}", app.address, app.event_slug),
        canonical.clone(),
        format!("{}/events/{online}", app.address),
    ];
    expected[1..].sort();
    let mut listed: Vec<String> = locations.iter().map(|l| (*l).to_owned()).collect();
    listed[1..].sort();
    assert_eq!(listed, expected, "{xml}");
    for gone in [&cancelled, &draft] {
        assert!(!xml.contains(gone.as_str()), "{gone} is listed");
    }
    for (loc, modified) in &urls {
        let modified = modified
            .as_deref()
            .unwrap_or_else(|| panic!("{loc} has no lastmod"));
        DateTime::parse_from_rfc3339(modified).unwrap_or_else(|e| panic!("{modified}: {e}"));
    }
}

/// Every `<url>` of a sitemap as (loc, lastmod), read by an XML parser that
/// also checks the document is well formed and in the sitemap namespace.
fn sitemap_urls(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut urls = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut namespace = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(element) => {
                let name = element.name().as_ref().to_owned();
                if name == "urlset" {
                    namespace = element
                        .try_get_attribute("xmlns")
                        .ok()
                        .flatten()
                        .map(|a| a.value.into_owned());
                }
                if name == "url" {
                    urls.push((String::new(), None));
                }
                path.push(name);
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(text) => {
                let text = text.xml10_content().into_owned();
                let last = urls.last_mut().expect("text inside a url");
                match path.last().map(String::as_str) {
                    Some("loc") => last.0 = text,
                    Some("lastmod") => last.1 = Some(text),
                    other => panic!("text in {other:?}"),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        namespace.as_deref(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    urls
}

#[tokio::test]
async fn event_pages_tell_search_engines_and_sharing_sites_about_the_event_sqlite() {
    check(Db::Sqlite).await;
}

#[tokio::test]
async fn event_pages_tell_search_engines_and_sharing_sites_about_the_event_postgres() {
    check(Db::Postgres).await;
}
