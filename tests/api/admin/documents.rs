//! Badges and attendance sheets, read back by independent readers:
//! poppler's `pdftotext` for the words, `pdffonts` for the embedded font,
//! `pdftoppm` and rqrr for the QR codes. A three-day event with a session
//! a day; people choose sessions, one cancels, some check in yesterday and
//! today (one check-in undone). Also the scenario the statistics tests use.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tessera::domain::check_in::{link, sign_address};
use tessera::domain::{Language, Role};
use tessera::i18n::names::NameOrder;
use tessera::services::events::{EventDraft, SessionDraft};
use tessera::store::entities::registration;

use super::{Browser, logged_in};
use crate::helpers::{Db, TestApp, registrant, skip};

pub const FUNDING: &str = "Interreg Europe — INTER VENTURES (PGI05678)";
pub const ZONE: Tz = chrono_tz::Europe::Brussels;

/// Two registrants beyond the fixture, for the letters it lacks: ą, ç and
/// a name written in Greek.
pub const EXTRAS: [(&str, &str, &str, &str, &str); 2] = [
    (
        "Ελένη",
        "Παπαδοπούλου",
        "eleni.papadopoulou@example.gr",
        "Αθηναϊκή Ένωση Επιχειρήσεων",
        "GR",
    ),
    (
        "Françoise",
        "Dąbrowska",
        "francoise.dabrowska@example.fr",
        "Boulangerie Française & Fils",
        "FR",
    ),
];
/// The fixture's 30 people and the two extras.
pub const PEOPLE: usize = 32;
/// The registrant the script cancels (Zsófia Kovács-Nagy).
pub const CANCELLED: usize = 5;

/// A person of the script, as registered.
#[derive(Clone, Debug)]
pub struct Registered {
    pub index: usize,
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub organization: String,
    pub country: String,
}

pub struct Scenario {
    pub slug: String,
    /// Yesterday, today and tomorrow in Brussels: the event's days.
    pub days: [NaiveDate; 3],
    pub people: Vec<Registered>,
    pub organizer: Browser,
}

/// Which of the three days' sessions person `i` chose: the first day's,
/// the second's, all three, or none.
pub fn chosen_days(i: usize) -> &'static [usize] {
    match i % 4 {
        0 => &[0],
        1 => &[1],
        2 => &[0, 1, 2],
        _ => &[],
    }
}

fn local(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    ZONE.from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// The form of script person `i`: a fixture row, or one of the extras.
fn form_of(i: usize) -> Vec<(String, String)> {
    let mut form = registrant(i);
    if i >= 30 {
        let (first, last, email, organization, country) = EXTRAS[i - 30];
        for (key, value) in form.iter_mut() {
            *value = match key.as_str() {
                "first_name" => first.into(),
                "last_name" => last.into(),
                "email" => email.into(),
                "organization" => organization.into(),
                "country" => country.into(),
                _ => continue,
            };
        }
    }
    form
}

/// A three-day event (yesterday 09:00 to tomorrow 18:00 in Brussels) with
/// one session a day; `capacity` and `verification` as given.
pub async fn three_day_event(
    app: &TestApp,
    capacity: Option<i32>,
    verification: bool,
) -> (String, [NaiveDate; 3], [i64; 3]) {
    let today = Utc::now().with_timezone(&ZONE).date_naive();
    let days = [today - Duration::days(1), today, today + Duration::days(1)];
    let slug = format!("days-{}", uuid::Uuid::now_v7().simple());
    let session = |n: usize, title: &str| SessionDraft {
        title: title.into(),
        starts_at: local(days[n], 10),
        ends_at: local(days[n], 12),
        room: format!("Room {}", n + 1),
        capacity: None,
    };
    let draft = EventDraft {
        slug: slug.clone(),
        title: "Women 2027 — Entrepreneurship Days in Łódź".into(),
        summary: "Three days of workshops.".into(),
        description: "Workshops.".into(),
        language: "en".into(),
        timezone: ZONE,
        starts_at: local(days[0], 9),
        ends_at: local(days[2], 18),
        venue_name: "Chamber of Commerce".into(),
        venue_address: "Avenue Louise 500, 1050 Brussels".into(),
        online_url: None,
        capacity,
        waitlist_enabled: true,
        registration_opens_at: None,
        registration_closes_at: None,
        requires_verification: verification,
        dedupe_plus_addressing: true,
        contact_email: "office@chamber.example.be".into(),
        organizer_name: "Chamber of Commerce Brussels".into(),
        funding_line: FUNDING.into(),
        status: tessera::domain::EventStatus::Published,
        sessions: vec![
            session(0, "Financing your growth"),
            session(1, "Selling across borders"),
            session(2, "Pitching to investors"),
        ],
        questions: vec![],
    };
    app.services.create_event(draft).await.expect("the event");
    let sessions: Vec<i64> = app
        .event(&slug)
        .await
        .sessions
        .iter()
        .map(|s| s.id)
        .collect();
    (slug, days, [sessions[0], sessions[1], sessions[2]])
}

/// Registers the script's people through the public form, each with their
/// sessions, in order.
pub async fn register_everyone(app: &TestApp, slug: &str, sessions: &[i64; 3]) -> Vec<Registered> {
    let mut people = Vec::new();
    for i in 0..PEOPLE {
        let mut form = form_of(i);
        for day in chosen_days(i) {
            form.push(("session".into(), sessions[*day].to_string()));
        }
        let email = form.iter().find(|(k, _)| k == "email").unwrap().1.clone();
        let response = app
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 303, "person {i} is registered");
        let row = registration::Entity::find()
            .filter(registration::Column::Email.eq(email.as_str()))
            .one(&app.db.read)
            .await
            .unwrap()
            .expect("the registration");
        people.push(Registered {
            index: i,
            id: row.id,
            first_name: row.first_name,
            last_name: row.last_name,
            organization: row.organization,
            country: row.country,
        });
    }
    people
}

/// Confirms an address as its emailed link would.
pub async fn verify(app: &TestApp, registration_id: &str) {
    let key = app.services.signing_key.clone().unwrap();
    let response = app
        .client
        .post(format!(
            "{}/v/{}",
            app.address,
            sign_address(&key, registration_id)
        ))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success() || response.status().is_redirection());
}

pub async fn cancel(app: &TestApp, organizer: &Browser, registration_id: &str) {
    let response = organizer
        .post(
            app,
            &format!("/admin/registrations/{registration_id}/cancel"),
            &[],
        )
        .await;
    assert_eq!(response.status(), 303, "cancelled");
}

/// Checks people in as a phone's queue does, at the times given; returns
/// the check-ins' ids.
pub async fn check_in(
    app: &TestApp,
    browser: &Browser,
    slug: &str,
    who: &[(&str, DateTime<Utc>)],
) -> Vec<String> {
    let ids: Vec<String> = who
        .iter()
        .map(|_| uuid::Uuid::new_v4().to_string())
        .collect();
    let actions: Vec<Value> = who
        .iter()
        .zip(&ids)
        .map(|((registration, at), id)| {
            json!({ "type": "check_in", "id": id, "registration": registration, "at": at.to_rfc3339() })
        })
        .collect();
    let answer: Value = app
        .client
        .post(format!(
            "{}/admin/events/{slug}/check-in/queue",
            app.address
        ))
        .header(
            "cookie",
            format!(
                "{}={}",
                super::SESSION_COOKIE,
                browser.session.clone().unwrap()
            ),
        )
        .header("x-csrf-token", &browser.csrf)
        .header("content-type", "application/json")
        .body(json!({ "actions": actions }).to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for result in answer["results"].as_array().unwrap() {
        assert_eq!(result["outcome"], "checked_in", "{answer}");
    }
    ids
}

pub async fn undo(app: &TestApp, browser: &Browser, slug: &str, check_in: &str) {
    let response = browser
        .post(
            app,
            &format!("/admin/events/{slug}/check-in/undo"),
            &[("check_in", check_in)],
        )
        .await;
    assert_eq!(response.status(), 303, "undone");
}

/// Yesterday: persons 0, 2, 3, 4 (expected) and 1 (who chose only the
/// second day: came anyway). Today: 1, 2 and 6; 7 checked in by mistake
/// and undone.
pub const YESTERDAY: [usize; 5] = [0, 2, 3, 4, 1];
pub const TODAY: [usize; 3] = [1, 2, 6];

pub async fn check_in_script(app: &TestApp, scenario: &Scenario) {
    let at = |n: usize, minute: i64| local(scenario.days[n], 12) + Duration::minutes(minute);
    let id = |i: usize| scenario.people[i].id.as_str();
    let yesterday: Vec<(&str, DateTime<Utc>)> = YESTERDAY
        .iter()
        .enumerate()
        .map(|(k, i)| (id(*i), at(0, k as i64)))
        .collect();
    check_in(app, &scenario.organizer, &scenario.slug, &yesterday).await;
    let now = Utc::now() - Duration::seconds(5);
    let today: Vec<(&str, DateTime<Utc>)> = TODAY.iter().map(|i| (id(*i), now)).collect();
    check_in(app, &scenario.organizer, &scenario.slug, &today).await;
    let mistake = check_in(app, &scenario.organizer, &scenario.slug, &[(id(7), now)]).await;
    undo(app, &scenario.organizer, &scenario.slug, &mistake[0]).await;
}

/// The documents' scenario: no capacity limit, everyone confirmed, one
/// cancellation, the check-ins above.
pub async fn scenario(app: &TestApp) -> Scenario {
    let (slug, days, sessions) = three_day_event(app, None, false).await;
    let people = register_everyone(app, &slug, &sessions).await;
    let (organizer, _) = logged_in(app, Role::Organizer).await;
    cancel(app, &organizer, &people[CANCELLED].id).await;
    let scenario = Scenario {
        slug,
        days,
        people,
        organizer,
    };
    check_in_script(app, &scenario).await;
    scenario
}

/// Whether person `i` belongs on the sheet of day `n`: confirmed, and the
/// day is theirs (their session's, or every day when they chose none), or
/// they checked in on it.
fn on_sheet(i: usize, n: usize) -> bool {
    let days = chosen_days(i);
    let checked_in = match n {
        0 => YESTERDAY.contains(&i),
        1 => TODAY.contains(&i),
        _ => false,
    };
    i != CANCELLED && (days.is_empty() || days.contains(&n) || checked_in)
}

// --- Reading PDFs ----------------------------------------------------------

/// Runs a poppler tool on `pdf`; `None` (through `skip`) when poppler is
/// not installed.
fn poppler(tool: &str, args: &[&str], pdf: &[u8], dir: &Path) -> Option<String> {
    let file = dir.join(format!("{}.pdf", uuid::Uuid::now_v7().simple()));
    std::fs::write(&file, pdf).unwrap();
    let output = std::process::Command::new(tool)
        .args(args)
        .arg(&file)
        .arg("-")
        .output();
    let output = match output {
        Ok(output) => output,
        Err(_) => {
            skip(&format!("{tool} (poppler-utils) is not installed"));
            return None;
        }
    };
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).expect("UTF-8 from poppler"))
}

/// The PDF's text in drawing order, one page per item, whitespace folded.
pub fn pages_of(pdf: &[u8], dir: &Path) -> Option<Vec<String>> {
    let text = poppler("pdftotext", &["-enc", "UTF-8", "-raw"], pdf, dir)?;
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // pdftotext ends every page with a form feed, the last one included.
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    Some(pages)
}

/// Each font `pdffonts` lists, and whether it is embedded.
fn fonts_of(pdf: &[u8], dir: &Path) -> Option<Vec<(String, bool)>> {
    let file = dir.join(format!("{}.pdf", uuid::Uuid::now_v7().simple()));
    std::fs::write(&file, pdf).unwrap();
    let Ok(output) = std::process::Command::new("pdffonts").arg(&file).output() else {
        skip("pdffonts (poppler-utils) is not installed");
        return None;
    };
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().expect("a header");
    let rule = lines.next().expect("a rule under the header");
    // Columns are as wide as their runs of dashes.
    let mut columns = Vec::new();
    let mut start = None;
    for (i, c) in rule
        .char_indices()
        .chain(std::iter::once((rule.len(), ' ')))
    {
        match (c, start) {
            ('-', None) => start = Some(i),
            (' ', Some(s)) => {
                columns.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let emb = columns
        .iter()
        .position(|(s, e)| header.get(*s..*e).is_some_and(|h| h.trim() == "emb"))
        .expect("an emb column");
    Some(
        lines
            .map(|line| {
                let (s, e) = columns[emb];
                (
                    line[..columns[0].1.min(line.len())].trim().to_owned(),
                    line.get(s..e.min(line.len())).unwrap_or("").trim() == "yes",
                )
            })
            .collect(),
    )
}

/// The QR code of each badge on page `page` (from 1), badge by badge:
/// each 85 × 54 mm slot of the 2 × 4 grid centred on the A4 sheet is
/// rendered on its own by pdftoppm and read by rqrr (`None`: no code).
fn qr_codes_on(pdf: &[u8], page: usize, dir: &Path) -> Option<Vec<Option<String>>> {
    let file = dir.join(format!("{}.pdf", uuid::Uuid::now_v7().simple()));
    std::fs::write(&file, pdf).unwrap();
    let dpi = 300.0;
    let px = |mm: f64| ((mm / 25.4 * dpi) as i64).to_string();
    let page = page.to_string();
    let mut codes = Vec::new();
    for slot in 0..8 {
        let (x, y) = (
            20.0 + (slot % 2) as f64 * 85.0,
            40.5 + (slot / 2) as f64 * 54.0,
        );
        let stem = dir.join(format!("badge-{}", uuid::Uuid::now_v7().simple()));
        let status = std::process::Command::new("pdftoppm")
            .args([
                "-r",
                "300",
                "-gray",
                "-singlefile",
                "-f",
                &page,
                "-l",
                &page,
            ])
            .args(["-x", &px(x), "-y", &px(y), "-W", &px(85.0), "-H", &px(54.0)])
            .arg(&file)
            .arg(&stem)
            .status();
        if status.is_err() {
            skip("pdftoppm (poppler-utils) is not installed");
            return None;
        }
        let (width, height, pixels) = read_pgm(&std::fs::read(stem.with_extension("pgm")).unwrap());
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
            pixels[y * width + x]
        });
        let grids = image.detect_grids();
        assert!(grids.len() <= 1, "one code a badge");
        codes.push(
            grids
                .first()
                .map(|g| g.decode().expect("a readable code").1),
        );
    }
    Some(codes)
}

/// A binary PGM ("P5", width, height, maximum, one byte a pixel).
fn read_pgm(pgm: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, pgm[at + 1..].to_vec())
}

fn name(p: &Registered) -> String {
    format!("{} {}", p.first_name, p.last_name)
}

// --- Tests -----------------------------------------------------------------

async fn badges(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let scenario = scenario(&app).await;
    let organizer = &scenario.organizer;
    let response = organizer
        .get(&app, &format!("/admin/events/{}/badges.pdf", scenario.slug))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    let Some(pages) = pages_of(&pdf, &app.dir) else {
        return;
    };
    // 31 confirmed people, eight to a sheet.
    assert_eq!(pages.len(), 4, "31 badges on 4 sheets");
    let all = pages.join(" ");
    for person in &scenario.people {
        let printed = all.contains(&name(person));
        assert_eq!(printed, person.index != CANCELLED, "{}", name(person));
    }
    for letters in ["ő", "ł", "ą", "ė", "ñ", "ç", "Ελένη Παπαδοπούλου"] {
        assert!(all.contains(letters), "{letters} is printed as itself");
    }
    assert!(
        all.contains("Hungary") && all.contains("Greece"),
        "countries, in the event's language"
    );
    assert!(
        all.contains("Women 2027 — Entrepreneurship Days in Łódź"),
        "the event"
    );
    assert!(
        pages.iter().all(|p| p.contains("Women 2027")),
        "the event's title on every sheet"
    );
    let fonts = fonts_of(&pdf, &app.dir).unwrap();
    assert!(!fonts.is_empty());
    assert!(fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");

    // The first sheet's eight QR codes are the check-in links of the first
    // eight names in name order, as the email carries them.
    let order = NameOrder::new(Language::En);
    let mut confirmed: Vec<&Registered> = scenario
        .people
        .iter()
        .filter(|p| p.index != CANCELLED)
        .collect();
    confirmed
        .sort_by(|a, b| order.people((&a.last_name, &a.first_name), (&b.last_name, &b.first_name)));
    let key = app.services.signing_key.clone().unwrap();
    let expected: Vec<Option<String>> = confirmed[..8]
        .iter()
        .map(|p| Some(link(&app.address, &key, &p.id)))
        .collect();
    let read = qr_codes_on(&pdf, 1, &app.dir).unwrap();
    assert_eq!(read, expected, "the first sheet's QR codes, badge by badge");
    // The last sheet: seven badges (31 = 3 × 8 + 7), then an empty slot.
    let last = qr_codes_on(&pdf, 4, &app.dir).unwrap();
    let mut expected: Vec<Option<String>> = confirmed[24..]
        .iter()
        .map(|p| Some(link(&app.address, &key, &p.id)))
        .collect();
    expected.push(None);
    assert_eq!(last, expected);

    // One badge: one sheet, one name, one code.
    let one = &scenario.people[13];
    let response = organizer
        .get(&app, &format!("/admin/registrations/{}/badge.pdf", one.id))
        .await;
    assert_eq!(response.status(), 200);
    let pdf = response.bytes().await.unwrap();
    let pages = pages_of(&pdf, &app.dir).unwrap();
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains(&name(one)), "{}", pages[0]);
    assert!(!pages[0].contains(&scenario.people[12].last_name));
    let read = qr_codes_on(&pdf, 1, &app.dir).unwrap();
    assert_eq!(read[0], Some(link(&app.address, &key, &one.id)));
    assert!(read[1..].iter().all(Option::is_none), "one badge");

    // Someone without a seat has no badge; nor does a made-up id.
    for id in [
        scenario.people[CANCELLED].id.as_str(),
        "nobody",
        &"x".repeat(100),
    ] {
        let response = organizer
            .get(&app, &format!("/admin/registrations/{id}/badge.pdf"))
            .await;
        assert_eq!(response.status(), 404, "{id}");
    }
    let response = organizer
        .get(&app, "/admin/events/no-such-event/badges.pdf")
        .await;
    assert_eq!(response.status(), 404);
    // A large event prints in parts of 2,000; this one has one part.
    let part = |p: &str| format!("/admin/events/{}/badges.pdf?part={p}", scenario.slug);
    assert_eq!(organizer.get(&app, &part("1")).await.status(), 200);
    for p in ["2", "0", "x", "-1"] {
        assert_eq!(
            organizer.get(&app, &part(p)).await.status(),
            404,
            "part {p}"
        );
    }

    // Nine people on the default event: two sheets.
    for i in 0..9 {
        app.register_person(&app.event_slug, i).await;
    }
    let response = organizer
        .get(
            &app,
            &format!("/admin/events/{}/badges.pdf", app.event_slug),
        )
        .await;
    let pages = pages_of(&response.bytes().await.unwrap(), &app.dir).unwrap();
    assert_eq!(pages.len(), 2, "9 badges: a full sheet and one more");
    assert_eq!(
        pages
            .iter()
            .map(|p| p.matches("Women 2027").count())
            .collect::<Vec<_>>(),
        [8, 1],
        "eight badges, then one"
    );
}

#[tokio::test]
async fn badges_carry_every_name_and_the_check_in_code_eight_to_a_sheet_sqlite() {
    badges(Db::Sqlite).await;
}

#[tokio::test]
async fn badges_carry_every_name_and_the_check_in_code_eight_to_a_sheet_postgres() {
    badges(Db::Postgres).await;
}

/// The rows of a sheet's text: for each person of `people`, where their
/// "Last First" pair stands in the text (None when absent).
fn positions(text: &str, people: &[Registered]) -> Vec<(usize, Option<usize>)> {
    people
        .iter()
        .map(|p| {
            (
                p.index,
                text.find(&format!("{} {}", p.last_name, p.first_name)),
            )
        })
        .collect()
}

async fn attendance_sheets(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let scenario = scenario(&app).await;
    let organizer = &scenario.organizer;
    let base = format!("/admin/events/{}/attendance", scenario.slug);
    let order = NameOrder::new(Language::En);
    for (n, day) in scenario.days.iter().enumerate() {
        let response = organizer.get(&app, &format!("{base}/{day}.pdf")).await;
        assert_eq!(response.status(), 200, "{day}");
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let pdf = response.bytes().await.unwrap();
        let Some(pages) = pages_of(&pdf, &app.dir) else {
            return;
        };
        let expected: Vec<&Registered> = scenario
            .people
            .iter()
            .filter(|p| on_sheet(p.index, n))
            .collect();
        let total = pages.len();
        // The heading, the header row and "Page N of M" on every page.
        for (k, page) in pages.iter().enumerate() {
            assert!(
                page.contains("Women 2027 — Entrepreneurship Days in Łódź"),
                "page {k}"
            );
            assert!(page.contains(FUNDING), "the funding line on page {k}");
            assert!(page.contains("Avenue Louise 500"), "the venue");
            assert!(
                page.contains("No. Last name First name Organization Country Signature"),
                "the header row on page {k}: {page}"
            );
            assert!(
                page.contains(&format!("Page {} of {total}", k + 1)),
                "{page}"
            );
        }
        let text = pages.join(" ");
        assert!(
            text.contains(&format!("{} participants", expected.len())),
            "{} participants: {}",
            expected.len(),
            &text[..600.min(text.len())]
        );
        // Every expected person once, nobody else, in name order.
        let found = positions(&text, &scenario.people);
        let mut listed: Vec<(usize, usize)> = Vec::new();
        for (index, at) in found {
            assert_eq!(
                at.is_some(),
                on_sheet(index, n),
                "person {index} on day {n}: {}",
                name(&scenario.people[index])
            );
            if let Some(at) = at {
                listed.push((at, index));
            }
        }
        assert_eq!(listed.len(), expected.len(), "the right number of rows");
        listed.sort();
        let printed: Vec<usize> = listed.iter().map(|(_, i)| *i).collect();
        let mut sorted: Vec<usize> = printed.clone();
        let p = |i: usize| &scenario.people[i];
        sorted.sort_by(|a, b| {
            order.people(
                (&p(*a).last_name, &p(*a).first_name),
                (&p(*b).last_name, &p(*b).first_name),
            )
        });
        assert_eq!(printed, sorted, "sorted by last name");
        assert!(
            text.contains(&format!("{} {} ", expected.len(), {
                let last = p(*sorted.last().unwrap());
                format!("{} {}", last.last_name, last.first_name)
            })),
            "numbered to the last row"
        );
        if n == 0 {
            // The first day's people have every letter the fixtures test.
            for letters in ["ő", "ł", "ą", "ė", "ñ", "ç", "Παπαδοπούλου Ελένη"]
            {
                assert!(text.contains(letters), "{letters} on day {n}");
            }
        }
        let fonts = fonts_of(&pdf, &app.dir).unwrap();
        assert!(fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
    }
    // The first day's 25 people (one came who was not expected) take a
    // second page; the third day's 16 fit on one.
    let pages = |day: NaiveDate| format!("{base}/{day}.pdf");
    assert_eq!(
        page_count(&app, organizer, &pages(scenario.days[0])).await,
        2
    );
    assert_eq!(
        page_count(&app, organizer, &pages(scenario.days[2])).await,
        1
    );

    // Filled in: the day's check-in times instead of the signature column.
    let response = organizer
        .get(&app, &format!("{base}/{}.pdf?filled=1", scenario.days[0]))
        .await;
    assert_eq!(response.status(), 200);
    let pages = pages_of(&response.bytes().await.unwrap(), &app.dir).unwrap();
    let text = pages.join(" ");
    assert!(text.contains("No. Last name First name Organization Country Checked in"));
    assert!(!text.contains("Signature"));
    assert!(text.contains("25 participants, 5 checked in"), "{text}");
    // Each row runs from its name to the next row's: the five who came
    // yesterday show their time (12:00 to 12:04 in Brussels), the other
    // twenty no time at all.
    let mut starts: Vec<(usize, usize)> = scenario
        .people
        .iter()
        .filter(|p| on_sheet(p.index, 0))
        .map(|p| {
            (
                text.find(&format!("{} {}", p.last_name, p.first_name))
                    .unwrap(),
                p.index,
            )
        })
        .collect();
    starts.sort();
    for (k, (start, index)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |next| next.0);
        let row = &text[*start..end];
        match YESTERDAY.iter().position(|i| i == index) {
            Some(minute) => assert!(row.contains(&format!("12:{minute:02}")), "{row}"),
            None => assert!(!has_time(row), "no check-in: {row}"),
        }
    }

    // The second day, filled: the undone check-in is not there.
    let response = organizer
        .get(&app, &format!("{base}/{}.pdf?filled=1", scenario.days[1]))
        .await;
    let text = pages_of(&response.bytes().await.unwrap(), &app.dir)
        .unwrap()
        .join(" ");
    assert!(text.contains("23 participants, 3 checked in"), "{text}");

    // Days that are not the event's, and addresses that are not days.
    let outside = scenario.days[2] + Duration::days(1);
    for path in [
        format!("{base}/{outside}.pdf"),
        format!("{base}/2020-01-01.pdf"),
        format!("{base}/{}", scenario.days[0]),
        format!("{base}/{}.txt", scenario.days[0]),
        format!("{base}/tomorrow.pdf"),
        format!("{base}/{}.pdf?filled=yes", scenario.days[0]),
        format!(
            "/admin/events/no-such-event/attendance/{}.pdf",
            scenario.days[0]
        ),
    ] {
        let response = organizer.get(&app, &path).await;
        assert_eq!(response.status(), 404, "{path}");
    }
}

/// Whether `text` holds a time of day such as "09:12".
fn has_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    })
}

async fn page_count(app: &TestApp, browser: &Browser, path: &str) -> usize {
    let pdf = browser.get(app, path).await.bytes().await.unwrap();
    pages_of(&pdf, &app.dir).unwrap().len()
}

#[tokio::test]
async fn attendance_sheets_list_each_days_people_sorted_with_page_numbers_sqlite() {
    attendance_sheets(Db::Sqlite).await;
}

#[tokio::test]
async fn attendance_sheets_list_each_days_people_sorted_with_page_numbers_postgres() {
    attendance_sheets(Db::Postgres).await;
}

#[tokio::test]
async fn the_event_page_links_to_every_document_and_the_checkin_role_reaches_none() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (slug, days, _) = three_day_event(&app, None, false).await;
    let (organizer, _) = logged_in(&app, Role::Organizer).await;
    let page = organizer
        .get(&app, &format!("/admin/events/{slug}"))
        .await
        .text()
        .await
        .unwrap();
    let base = format!("/admin/events/{slug}");
    let mut links = vec![
        format!("{base}/badges.pdf"),
        format!("{base}/statistics"),
        format!("{base}/report"),
    ];
    for day in days {
        links.push(format!("{base}/attendance/{day}.pdf"));
        links.push(format!("{base}/attendance/{day}.pdf?filled=1"));
    }
    for link in &links {
        assert!(
            page.contains(&format!("href=\"{link}\"")),
            "a link to {link}"
        );
        let response = organizer.get(&app, link).await;
        assert_eq!(response.status(), 200, "{link}");
    }
    let (door, _) = logged_in(&app, Role::CheckIn).await;
    for link in links.iter().chain([
        &format!("{base}/report.csv"),
        &format!("{base}/report.xlsx"),
    ]) {
        let response = door.get(&app, link).await;
        assert_eq!(response.status(), 403, "the checkin role: {link}");
    }
}
