//! The privacy notice, the accessibility statement and the footer that
//! links them (issue 14): `/privacy` in the visitor's language with the
//! operator's Markdown (TESSERA_PRIVACY_NOTICE) or the built-in default,
//! the consent line linking to it, consent stored with its time and the
//! notice's version, and a footer naming who organizes.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::store::entities::registration;

use crate::helpers::{Db, TempDir, TestApp};

async fn html(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

#[tokio::test]
async fn the_built_in_notice_says_what_why_how_long_and_how_to_delete() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.organization = "Camera di Commercio di Firenze".into();
        c.contact_email = Some("privacy@firenze.example.it".into());
    })
    .await
    .unwrap();
    let page = html(&app, "/privacy").await;
    assert!(page.contains("<h1>Privacy notice</h1>"), "{page}");
    assert!(page.contains("Version of this notice: 2026-12"), "{page}");
    for heading in [
        "What we store",
        "Why",
        "For how long",
        "how to get your data deleted",
    ] {
        assert!(page.contains(heading), "the notice lacks {heading}");
    }
    assert!(page.contains("Camera di Commercio di Firenze organizes"));
    assert!(page.contains("privacy@firenze.example.it"));
    assert!(!page.contains("{contact}") && !page.contains("{organization}"));

    // The self-service rights are named, and the retention setting.
    assert!(page.contains("download your data"), "{page}");
    assert!(page.contains("delete your registration and your data"));
    assert!(page.contains("The organizers erase it when the follow-up is done"));

    // In Italian: the built-in notice in Italian, of the same version.
    let italian = html(&app, "/privacy?lang=it").await;
    assert!(italian.contains("<html lang=\"it\">"));
    assert!(italian.contains("<h1>Informativa sulla privacy</h1>"));
    assert!(!italian.contains("non è disponibile in italiano"));
    assert!(italian.contains("<div class=\"notice-text\" lang=\"it\">"));
    assert!(
        italian.contains("Camera di Commercio di Firenze organizza"),
        "{italian}"
    );
    assert!(italian.contains("scaricare i tuoi dati"));
    assert!(italian.contains("2026-12"));
}

#[tokio::test]
async fn the_notice_names_the_retention_period_in_each_language() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.retention_days = Some(90))
        .await
        .unwrap();
    let english = html(&app, "/privacy").await;
    assert!(
        english.contains("Here that is 90 days after the event ends"),
        "{english}"
    );
    let lithuanian = html(&app, "/privacy?lang=lt").await;
    assert!(
        lithuanian.contains("90 dienų po renginio pabaigos"),
        "{lithuanian}"
    );
    let polish = html(&app, "/privacy?lang=pl").await;
    assert!(polish.contains("90 dni po zakończeniu"), "{polish}");
    for language in ["en", "it", "fr", "nl", "hu", "pl", "es", "lt"] {
        let page = html(&app, &format!("/privacy?lang={language}")).await;
        assert!(!page.contains("{retention}"), "{language}");
        assert!(
            page.contains(&format!("lang=\"{language}\">")),
            "{language}"
        );
    }
}

/// Registers fixture person `i` and returns the notice version stored.
async fn version_recorded(app: &TestApp, i: usize, lang: &str) -> String {
    let form = app.form_for(&app.event_slug, i).await;
    let response = app
        .post_form(
            &format!("/events/{}/register?lang={lang}", app.event_slug),
            &form,
        )
        .await;
    assert_eq!(response.status(), 303);
    let email = form.iter().find(|(k, _)| k == "email").unwrap().1.clone();
    registration::Entity::find()
        .filter(registration::Column::Email.eq(email))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration")
        .privacy_notice_version
}

#[tokio::test]
async fn replacing_the_notice_records_its_new_version_with_new_consents() {
    let dir = TempDir::new("privacy");
    std::fs::write(
        dir.0.join("privacy.en.md"),
        "## Who we are\n\nThe first text.\n",
    )
    .unwrap();
    let notices = dir.0.clone();
    let app = TestApp::spawn_with(Db::Sqlite, move |c| c.privacy_notice = Some(notices))
        .await
        .unwrap();
    // No version line: the content's own short hash, shown and recorded.
    let first = version_recorded(&app, 1, "en").await;
    assert_eq!(first.len(), 12, "{first}");
    assert!(html(&app, "/privacy").await.contains(&first));

    std::fs::write(
        dir.0.join("privacy.en.md"),
        "## Who we are\n\nThe second text, longer than the first.\n",
    )
    .unwrap();
    let second = version_recorded(&app, 2, "en").await;
    assert_ne!(second, first, "a new text is a new version");

    // A version line names it, and is not shown as text.
    std::fs::write(
        dir.0.join("privacy.en.md"),
        "version: 2027-03 (board decision 12)\n## Who we are\n\nThe third.\n",
    )
    .unwrap();
    assert_eq!(
        version_recorded(&app, 3, "en").await,
        "2027-03 (board decision 12)"
    );
    let page = html(&app, "/privacy").await;
    assert!(page.contains("Version of this notice: 2027-03 (board decision 12)"));
    assert!(!page.contains("version: 2027-03"));
    // The earlier consents keep the versions they were given under.
    assert_eq!(version_recorded(&app, 1, "en").await, first);
}

#[tokio::test]
async fn the_operators_notice_replaces_the_built_in_one_per_language() {
    let dir = TempDir::new("privacy");
    std::fs::write(
        dir.0.join("privacy.it.md"),
        "## Chi siamo\n\n{organization} tratta i dati.<script>alert(1)</script>\n",
    )
    .unwrap();
    std::fs::write(
        dir.0.join("privacy.en.md"),
        "## Who we are\n\nOurs, in English.\n",
    )
    .unwrap();
    let notices = dir.0.clone();
    let app = TestApp::spawn_with(Db::Sqlite, move |c| {
        c.privacy_notice = Some(notices);
        c.organization = "Comune di Prato".into();
    })
    .await
    .unwrap();
    let italian = html(&app, "/privacy?lang=it").await;
    assert!(italian.contains("<h2>Chi siamo</h2>"), "{italian}");
    assert!(italian.contains("Comune di Prato tratta i dati."));
    assert!(!italian.contains("<script>"), "the Markdown is cleaned");
    assert!(italian.contains("<div class=\"notice-text\" lang=\"it\">"));
    assert!(!italian.contains("non è disponibile"));
    // No Hungarian file: the operator's English one, not the built-in text.
    let hungarian = html(&app, "/privacy?lang=hu").await;
    assert!(hungarian.contains("Ours, in English."), "{hungarian}");
    assert!(!hungarian.contains("What we store"));
    assert!(hungarian.contains("<h1>Adatkezelési tájékoztató</h1>"));
}

async fn consent(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    // The consent line links to the notice, in the visitor's language.
    let page = html(&app, &format!("/events/{}", app.event_slug)).await;
    assert!(
        page.contains("as described in the <a href=\"/privacy?lang=en\">privacy notice</a>."),
        "{page}"
    );
    let page = html(&app, &format!("/events/{}?lang=lt", app.event_slug)).await;
    assert!(
        page.contains("<a href=\"/privacy?lang=lt\">privatumo pranešime</a>"),
        "{page}"
    );

    // Consent is stored with its time and the notice's version.
    let before = Utc::now();
    let (email, _) = app.register_person(&app.event_slug, 5).await;
    let stored = registration::Entity::find()
        .filter(registration::Column::Email.eq(email))
        .one(&app.db.read)
        .await
        .unwrap()
        .expect("the registration");
    assert_eq!(stored.privacy_notice_version, "2026-12");
    let lag = (stored.consent_at - before).num_seconds();
    assert!((-1..10).contains(&lag), "consent at {}", stored.consent_at);
}

#[tokio::test]
async fn consent_links_the_notice_and_is_stored_with_its_version_sqlite() {
    consent(Db::Sqlite).await;
}

#[tokio::test]
async fn consent_links_the_notice_and_is_stored_with_its_version_postgres() {
    consent(Db::Postgres).await;
}

/// The name the footer gives in `<strong>` after "Organized by"; also
/// checks that the footer links the privacy notice and the statement.
fn footer_organizer(page: &str) -> String {
    let footer = page
        .split("<footer class=\"site\">")
        .nth(1)
        .expect("a footer");
    let strong = footer.split("<strong>").nth(1).expect("a name");
    let name = strong.split("</strong>").next().unwrap().to_owned();
    assert!(footer.contains("href=\"/privacy?lang="), "{footer}");
    assert!(footer.contains("href=\"/accessibility?lang="), "{footer}");
    name
}

#[tokio::test]
async fn the_footer_names_the_organizer_and_links_privacy_and_accessibility() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.organization = "Région de Bruxelles-Capitale".into();
        c.contact_email = Some("access@brussels.example.be".into());
    })
    .await
    .unwrap();
    let record = app.event(&app.event_slug).await;
    let event = html(&app, &format!("/events/{}", app.event_slug)).await;
    assert_eq!(footer_organizer(&event), record.event.organizer_name);
    let (_, token) = app.register_person(&app.event_slug, 2).await;
    let own = html(&app, &format!("/r/{token}")).await;
    assert_eq!(footer_organizer(&own), record.event.organizer_name);
    for page in [
        html(&app, "/").await,
        html(&app, "/privacy").await,
        html(&app, "/accessibility?lang=fr").await,
    ] {
        assert_eq!(footer_organizer(&page), "Région de Bruxelles-Capitale");
    }
    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status(), 404);
    assert_eq!(
        footer_organizer(&missing.text().await.unwrap()),
        "Région de Bruxelles-Capitale",
        "error pages too"
    );

    // The statement: the level, and where to report a barrier.
    let statement = html(&app, "/accessibility").await;
    assert!(statement.contains("<h1>Accessibility statement</h1>"));
    assert!(statement.contains("(WCAG) 2.1"), "{statement}");
    assert!(statement.contains("level AA"));
    assert!(statement.contains("<a href=\"mailto:access@brussels.example.be\">"));
    let dutch = html(&app, "/accessibility?lang=nl").await;
    assert!(dutch.contains("<h1>Toegankelijkheidsverklaring</h1>"));
    assert!(dutch.contains("niveau AA"));
}
