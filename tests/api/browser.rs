//! The pages in a real headless browser (Debian's chromium, driven by
//! chromedriver over the WebDriver protocol): a person fills the form,
//! types names with diacritics, submits, and lands on their own page — with
//! no JavaScript on our side at all.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{Db, TestApp};
use crate::smtp::free_port;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    profile: std::path::PathBuf,
}

impl Browser {
    /// None (and a loud note) where chromium and chromedriver are not
    /// installed; `.ci/run` installs them.
    async fn start() -> Option<Browser> {
        let installed = ["/usr/bin/chromium", "/usr/bin/chromedriver"]
            .iter()
            .all(|p| std::path::Path::new(p).exists());
        if !installed {
            eprintln!(
                "SKIPPED: chromium and chromedriver are not installed, so this browser test did not run"
            );
            return None;
        }
        let port = free_port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = std::env::temp_dir().join(format!("tessera-chromium-{port}"));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=390,900", format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let created: Value = http
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("a WebDriver session")
            .json()
            .await
            .expect("its answer");
        let session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_owned();
        Some(Browser {
            driver,
            base,
            session,
            http,
            profile,
        })
    }

    async fn try_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, Value> {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer: Value = request
            .send()
            .await
            .expect("WebDriver")
            .json()
            .await
            .expect("JSON");
        if answer["value"].get("error").is_some() {
            return Err(answer);
        }
        Ok(answer["value"].clone())
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        self.try_call(method, path, body)
            .await
            .unwrap_or_else(|answer| panic!("WebDriver {path}: {answer}"))
    }

    /// Waits for the page a click led to.
    async fn wait_for_url(&self, part: &str) -> String {
        for _ in 0..200 {
            let url = self.url().await;
            if url.contains(part) {
                return url;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("never reached a page with {part}: {}", self.text().await);
    }

    async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", Some(json!({ "url": url })))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            )
            .await;
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element for {css}: {found}"))
            .to_owned()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.call(
            reqwest::Method::POST,
            &format!("/element/{element}/click"),
            Some(json!({})),
        )
        .await;
    }

    async fn url(&self) -> String {
        self.call(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// What a person sees: the rendered text of the page (asked again if
    /// the page changed under the question).
    async fn text(&self) -> String {
        for _ in 0..50 {
            let body = self.find("body").await;
            let path = format!("/element/{body}/text");
            if let Ok(text) = self.try_call(reqwest::Method::GET, &path, None).await {
                return text.as_str().unwrap_or_default().to_owned();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the page never settled");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

#[tokio::test]
async fn a_person_registers_in_a_real_browser_on_a_phone_sized_screen() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.unwrap();
    let event = app.event(&app.event_slug).await;
    let question = event.questions[0].id;
    browser
        .open(&format!("{}/events/{}", app.address, app.event_slug))
        .await;
    assert!(browser.text().await.contains("50 seats left"));

    // First a submission with nothing filled in: every error is shown.
    browser.click("button[type=submit]").await;
    browser.wait_for_url("/register").await;
    let errors = browser.text().await;
    assert!(errors.contains("Please correct the fields marked below."));
    assert!(errors.contains("This field is required."));

    browser.type_into("#first_name", "Žydrūnė").await;
    browser.type_into("#last_name", "Kazlauskaitė").await;
    browser.type_into("#email", "zydrune.k@example.lt").await;
    browser
        .type_into("#organization", "Klaipėdos Gintaras UAB")
        .await;
    browser.click("#country option[value=LT]").await;
    browser
        .click(&format!("#q_{question} option[value=Young]"))
        .await;
    browser.click("input[name=session]").await;
    browser.click("input[name=consent]").await;
    browser.click("button[type=submit]").await;

    let url = browser.wait_for_url("/r/").await;
    assert!(
        url.starts_with(&format!("{}/r/", app.address)),
        "landed on {url}"
    );
    let page = browser.text().await;
    assert!(page.contains("Confirmed"), "{page}");
    assert!(page.contains("Žydrūnė Kazlauskaitė"));
    assert!(page.contains("Financing your growth"), "the chosen session");

    // Cancelling from the attendee's page frees the seat.
    browser.click("form[action*=cancel] button").await;
    browser.wait_for_url("lang=").await;
    assert!(browser.text().await.contains("Cancelled"));
    browser
        .open(&format!("{}/events/{}", app.address, app.event_slug))
        .await;
    assert!(browser.text().await.contains("50 seats left"));
}
