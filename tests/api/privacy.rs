//! The privacy notice, the accessibility statement and the footer that
//! links them (issue 14): `/privacy` in the visitor's language with the
//! operator's Markdown (TESSERA_PRIVACY_NOTICE) or the built-in default,
//! the consent line linking to it, consent stored with its time and the
//! notice's version, and a footer naming who organizes.

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::registration::PRIVACY_NOTICE_VERSION;
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
    assert!(page.contains(&format!("Version of this notice: {PRIVACY_NOTICE_VERSION}")));
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

    // In Italian: Italian chrome; the built-in text is English and says so.
    let italian = html(&app, "/privacy?lang=it").await;
    assert!(italian.contains("<html lang=\"it\">"));
    assert!(italian.contains("<h1>Informativa sulla privacy</h1>"));
    assert!(italian.contains("Questa informativa non è disponibile in italiano"));
    assert!(italian.contains("<div class=\"notice-text\" lang=\"en\">"));
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
    assert_eq!(stored.privacy_notice_version, PRIVACY_NOTICE_VERSION);
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
