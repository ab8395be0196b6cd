//! The accounts page: create, change role, disable, reset password, with
//! errors beside the fields and an audit entry for every change.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::domain::Role;
use tessera::store::audit::Actor;
use tessera::store::entities::audit_entry;

use super::{Browser, PASSWORD, logged_in, staff_account};
use crate::helpers::{Db, TestApp};

async fn audit_actions(app: &TestApp, subject_id: i64) -> Vec<String> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::SubjectType.eq("organizer"))
        .filter(audit_entry::Column::SubjectId.eq(subject_id.to_string()))
        .all(&app.db.read)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn shown_password(html: &str) -> String {
    let start = html
        .find("<code class=\"secret\">")
        .expect("a password is shown")
        + 21;
    html[start..].split('<').next().unwrap().to_owned()
}

async fn an_admin_manages_accounts(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let (admin, _) = logged_in(&app, Role::Admin).await;
    let created = admin
        .post(
            &app,
            "/admin/accounts",
            &[
                ("email", "Zofia.Kowalska@Office.example.eu"),
                ("name", "Zofia Kowalska"),
                ("role", "organizer"),
            ],
        )
        .await;
    assert_eq!(created.status(), 201);
    let password = shown_password(&created.text().await.unwrap());
    let email = "zofia.kowalska@office.example.eu";
    let account = app
        .services
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.email == email)
        .expect("the account exists, its address lower-cased");

    let mut zofia = Browser::default();
    assert_eq!(zofia.log_in(&app, email, &password).await.status(), 303);
    assert_eq!(zofia.get(&app, "/admin").await.status(), 200);
    assert_eq!(zofia.get(&app, "/admin/accounts").await.status(), 403);

    let role = admin
        .post(
            &app,
            &format!("/admin/accounts/{}/role", account.id),
            &[("role", "checkin")],
        )
        .await;
    assert_eq!(role.status(), 303);
    assert_eq!(
        zofia.get(&app, "/admin").await.status(),
        403,
        "the new role applies at once"
    );
    assert_eq!(zofia.get(&app, "/admin/account").await.status(), 200);

    let confirm = admin
        .get(&app, &format!("/admin/accounts/{}/disable", account.id))
        .await;
    assert_eq!(confirm.status(), 200);
    assert!(
        app.services
            .account(account.id)
            .await
            .unwrap()
            .unwrap()
            .disabled_at
            .is_none(),
        "asking for confirmation changes nothing"
    );
    let disabled = admin
        .post(
            &app,
            &format!("/admin/accounts/{}/disable", account.id),
            &[],
        )
        .await;
    assert_eq!(disabled.status(), 303);

    assert_eq!(
        audit_actions(&app, account.id).await,
        [
            "account.created",
            "account.role_changed",
            "account.disabled"
        ]
    );
}

#[tokio::test]
async fn an_admin_creates_changes_and_disables_accounts_sqlite() {
    an_admin_manages_accounts(Db::Sqlite).await;
}

#[tokio::test]
async fn an_admin_creates_changes_and_disables_accounts_postgres() {
    an_admin_manages_accounts(Db::Postgres).await;
}

#[tokio::test]
async fn bad_input_is_answered_422_beside_the_fields_and_kept() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (admin, admin_id) = logged_in(&app, Role::Admin).await;
    let before = app.services.accounts().await.unwrap().len();
    let response = admin
        .post(
            &app,
            "/admin/accounts",
            &[
                ("email", "not-an-address"),
                ("name", "Jörg Müller"),
                ("role", "root"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("value=\"not-an-address\""),
        "the address is kept"
    );
    assert!(html.contains("value=\"Jörg Müller\""), "the name is kept");
    assert!(
        html.contains("id=\"email-error\""),
        "an error beside the email"
    );
    assert!(
        html.contains("id=\"role-error\""),
        "an error beside the role"
    );
    assert_eq!(app.services.accounts().await.unwrap().len(), before);

    let (email, _) = staff_account(&app, Role::Organizer).await;
    let taken = admin
        .post(
            &app,
            "/admin/accounts",
            &[("email", &email), ("role", "admin")],
        )
        .await;
    assert_eq!(taken.status(), 422, "an address already in use");

    let bad_role = admin
        .post(
            &app,
            &format!("/admin/accounts/{admin_id}/role"),
            &[("role", "emperor")],
        )
        .await;
    assert_eq!(bad_role.status(), 422);
    let missing = admin
        .post(&app, "/admin/accounts/999999/disable", &[])
        .await;
    assert_eq!(missing.status(), 404);
    let not_a_number = admin.get(&app, "/admin/accounts/abc/disable").await;
    assert_eq!(not_a_number.status(), 404);
}

#[tokio::test]
async fn the_last_active_administrator_keeps_the_role() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (admin, admin_id) = logged_in(&app, Role::Admin).await;
    // The first start made an administrator; leave ours the only active one.
    for account in app.services.accounts().await.unwrap() {
        if account.id != admin_id {
            app.services
                .disable_account(account.id, &Actor::System)
                .await
                .unwrap();
        }
    }
    let demote = admin
        .post(
            &app,
            &format!("/admin/accounts/{admin_id}/role"),
            &[("role", "organizer")],
        )
        .await;
    assert_eq!(demote.status(), 409);
    let disable = admin
        .post(&app, &format!("/admin/accounts/{admin_id}/disable"), &[])
        .await;
    assert_eq!(disable.status(), 409);
    assert_eq!(admin.get(&app, "/admin/accounts").await.status(), 200);
}

#[tokio::test]
async fn a_reset_password_is_shown_once_and_works() {
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let (admin, _) = logged_in(&app, Role::Admin).await;
    let (email, id) = staff_account(&app, Role::Organizer).await;
    let confirm = admin
        .get(&app, &format!("/admin/accounts/{id}/password"))
        .await;
    assert_eq!(confirm.status(), 200);
    let still = Browser::default().log_in(&app, &email, PASSWORD).await;
    assert_eq!(still.status(), 303, "the confirmation page changes nothing");
    let reset = admin
        .post(&app, &format!("/admin/accounts/{id}/password"), &[])
        .await;
    let password = shown_password(&reset.text().await.unwrap());
    let login = Browser::default().log_in(&app, &email, &password).await;
    assert_eq!(login.status(), 303);
    assert!(
        audit_actions(&app, id)
            .await
            .contains(&"account.password_reset".to_owned())
    );
}
