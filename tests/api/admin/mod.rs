//! The organizer dashboard over HTTP: who may reach what, login sessions,
//! CSRF, accounts, the first screen, and the `tessera user` command.

mod access;
mod accounts;
mod announce;
mod attendees;
mod check_in;
mod cli;
mod documents;
mod events;
mod events_edit;
mod exports;
mod in_a_browser;
mod outbox_audit;
mod statistics;

use tessera::domain::{NewPassword, Role};
use tessera::services::accounts::AccountForm;
use tessera::store::audit::Actor;

use crate::helpers::TestApp;

pub const PASSWORD: &str = "correct horse battery staple";
pub const SESSION_COOKIE: &str = "tessera_admin";
const LOGIN_COOKIE: &str = "tessera_login_csrf";

/// Creates an account with `PASSWORD` and returns its address and id.
pub async fn staff_account(app: &TestApp, role: Role) -> (String, i64) {
    let email = format!(
        "{}.{}@office.example.eu",
        role.as_str(),
        uuid::Uuid::now_v7().simple()
    );
    let form = AccountForm {
        email: email.clone(),
        name: format!("Ana {}", role.label()),
        role: role.as_str().into(),
    };
    let password = NewPassword::parse(PASSWORD).ok();
    let (member, _) = app
        .services
        .create_account(&form, password, &Actor::System)
        .await
        .expect("create an account");
    (email, member.id)
}

/// The value of cookie `name` set by `response`, if any.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()
                .and_then(|pair| pair.trim().strip_prefix(&format!("{name}=")))
                .map(str::to_owned)
        })
}

/// The whole Set-Cookie line for cookie `name`.
pub fn set_cookie_line(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

/// The CSRF token a page's forms carry.
pub fn csrf_of(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().map(str::to_owned)
}

/// A running Tessera the tests talk to: a `TestApp`, or the binary started
/// by a test.
pub trait Site {
    fn client(&self) -> &reqwest::Client;
    fn address(&self) -> &str;
}

impl Site for TestApp {
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn address(&self) -> &str {
        &self.address
    }
}

/// A server at `address`, driven with a client that does not follow
/// redirects.
pub struct Remote {
    pub client: reqwest::Client,
    pub address: String,
}

impl Remote {
    pub fn new(address: String) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client");
        Self { client, address }
    }
}

impl Site for Remote {
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn address(&self) -> &str {
        &self.address
    }
}

/// A browser of one person: the session cookie it holds and the CSRF token
/// of the pages it was shown.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub session: Option<String>,
    pub csrf: String,
    /// Sent as `X-Forwarded-For` with the login, as a proxy in front of
    /// the service would.
    pub forwarded_for: Option<String>,
}

impl Browser {
    fn cookie_header(&self) -> String {
        self.session
            .as_ref()
            .map(|s| format!("{SESSION_COOKIE}={s}"))
            .unwrap_or_default()
    }

    pub async fn get(&self, app: &impl Site, path: &str) -> reqwest::Response {
        app.client()
            .get(format!("{}{path}", app.address()))
            .header("cookie", self.cookie_header())
            .send()
            .await
            .expect("GET")
    }

    /// Posts `form` with this browser's CSRF token.
    pub async fn post(
        &self,
        app: &impl Site,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        fields.push(("csrf", &self.csrf));
        self.post_raw(app, path, &fields, &[]).await
    }

    /// Posts exactly `form`, with extra headers.
    pub async fn post_raw(
        &self,
        app: &impl Site,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut request = app
            .client()
            .post(format!("{}{path}", app.address()))
            .header("cookie", self.cookie_header())
            .form(form);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("POST")
    }

    /// Logs in through the login form, keeping the session cookie the
    /// browser had (if any), as a browser would. Returns the answer.
    pub async fn log_in(
        &mut self,
        app: &impl Site,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let page = app
            .client()
            .get(format!("{}/admin/login", app.address()))
            .send()
            .await
            .expect("GET /admin/login");
        let login_cookie = set_cookie(&page, LOGIN_COOKIE).expect("a login cookie");
        let token = csrf_of(&page.text().await.unwrap()).expect("a login token");
        let mut cookie = format!("{LOGIN_COOKIE}={login_cookie}");
        if let Some(session) = &self.session {
            cookie.push_str(&format!("; {SESSION_COOKIE}={session}"));
        }
        let mut request = app.client().post(format!("{}/admin/login", app.address()));
        if let Some(client) = &self.forwarded_for {
            request = request.header("x-forwarded-for", client);
        }
        let response = request
            .header("cookie", cookie)
            .form(&[("email", email), ("password", password), ("csrf", &token)])
            .send()
            .await
            .expect("POST /admin/login");
        if response.status() == 303
            && let Some(session) = set_cookie(&response, SESSION_COOKIE)
        {
            self.session = Some(session);
            let page = self.get(app, "/admin/account").await;
            self.csrf = csrf_of(&page.text().await.unwrap()).unwrap_or_default();
        }
        response
    }
}

/// A browser logged in as a new account with `role`, and the account's id.
pub async fn logged_in(app: &TestApp, role: Role) -> (Browser, i64) {
    let (email, id) = staff_account(app, role).await;
    let mut browser = Browser::default();
    let response = browser.log_in(app, &email, PASSWORD).await;
    assert_eq!(response.status(), 303, "the login works");
    (browser, id)
}
