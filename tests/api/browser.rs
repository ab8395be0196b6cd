//! The pages in a real headless browser (Debian's chromium, driven by
//! chromedriver through fantoccini): a person fills the form, types names
//! with diacritics, submits, and lands on their own page — with no
//! JavaScript on our side at all.

use std::panic::AssertUnwindSafe;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use futures_util::FutureExt;
use serde_json::json;

use crate::helpers::{Db, TempDir, TestApp, skip};
use crate::smtp::free_port;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver and every browser it started: they run in a process group
/// of their own, killed as a whole on drop, so a failing test leaves no
/// chromium behind.
pub(crate) struct Driver {
    child: Child,
    pub(crate) port: u16,
}

impl Driver {
    /// `scratch` takes chromium's temporary files, which it leaves behind
    /// when killed.
    fn start(scratch: &std::path::Path) -> Driver {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .env("TMPDIR", scratch)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid (`process_group(0)`).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser session, with what it runs on. Fields drop in order: the
/// driver's process group goes before the profile folder it writes to.
pub(crate) struct Browser {
    pub(crate) client: Client,
    pub(crate) driver: Driver,
    _profile: TempDir,
}

impl Browser {
    /// None (through [`skip`]) where chromium and chromedriver are not
    /// installed; `.ci/run` installs them.
    pub(crate) async fn start() -> Option<Browser> {
        Self::start_with(&[]).await
    }

    /// With extra command-line switches for chromium.
    pub(crate) async fn start_with(extra: &[&str]) -> Option<Browser> {
        Self::start_as(extra, None).await
    }

    /// A phone's screen, `width` CSS pixels wide (chromium's device
    /// emulation: a window cannot be narrower than 500 px).
    pub(crate) async fn start_phone(width: u32) -> Option<Browser> {
        Self::start_as(&[], Some(width)).await
    }

    async fn start_as(extra: &[&str], phone_width: Option<u32>) -> Option<Browser> {
        let installed = [CHROMIUM, CHROMEDRIVER]
            .iter()
            .all(|p| std::path::Path::new(p).exists());
        if !installed {
            skip("chromium and chromedriver are not installed (no browser)");
            return None;
        }
        let profile = TempDir::new("tessera-chromium");
        let driver = Driver::start(&profile.0);
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=390,900",
                    format!("--user-data-dir={}", profile.0.join("profile").display()),
                ],
            },
        });
        let mut capabilities = capabilities;
        if let Some(args) = capabilities["goog:chromeOptions"]["args"].as_array_mut() {
            args.extend(extra.iter().map(|a| json!(a)));
        }
        if let Some(width) = phone_width {
            capabilities["goog:chromeOptions"]["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": 844, "pixelRatio": 3.0, "touch": true },
            });
        }
        let capabilities = match capabilities {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object"),
        };
        let webdriver = format!("http://127.0.0.1:{}", driver.port);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut attempts = 0;
        let client = loop {
            // chromedriver needs a moment before it listens.
            match ClientBuilder::new(connector.clone())
                .capabilities(capabilities.clone())
                .connect(&webdriver)
                .await
            {
                Ok(client) => break client,
                Err(e) => {
                    attempts += 1;
                    assert!(attempts < 100, "no WebDriver session: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        Some(Browser {
            client,
            driver,
            _profile: profile,
        })
    }

    /// Runs `steps`, then closes the session (chromedriver then ends its
    /// chromium), whether the steps passed or failed.
    pub(crate) async fn run<F>(self, steps: impl FnOnce(Client) -> F)
    where
        F: std::future::Future<Output = ()>,
    {
        let outcome = AssertUnwindSafe(steps(self.client.clone()))
            .catch_unwind()
            .await;
        let closed = self.client.clone().close().await;
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic);
        }
        closed.expect("close the WebDriver session");
    }
}

/// Waits for the page a click led to.
pub(crate) async fn wait_for_url(client: &Client, part: &str) -> String {
    for _ in 0..200 {
        if let Ok(url) = client.current_url().await
            && url.as_str().contains(part)
        {
            return url.to_string();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never reached a page with {part}: {}", text(client).await);
}

pub(crate) async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element for {css}: {e}"))
}

pub(crate) async fn type_into(client: &Client, css: &str, text: &str) {
    find(client, css)
        .await
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
}

pub(crate) async fn click(client: &Client, css: &str) {
    find(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

pub(crate) async fn open(client: &Client, url: &str) {
    client
        .goto(url)
        .await
        .unwrap_or_else(|e| panic!("opening {url}: {e}"));
}

/// What a person sees: the rendered text of the page (asked again if the
/// page changed under the question).
pub(crate) async fn text(client: &Client) -> String {
    for _ in 0..50 {
        if let Ok(body) = client.find(Locator::Css("body")).await
            && let Ok(text) = body.text().await
        {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never settled");
}

#[tokio::test]
async fn a_person_registers_in_a_real_browser_on_a_phone_sized_screen() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = TestApp::spawn(Db::Sqlite).await.expect("SQLite");
    let event = app.event(&app.event_slug).await;
    let question = event.questions[0].id;
    let page = format!("{}/events/{}", app.address, app.event_slug);
    browser
        .run(|b| async move {
            open(&b, &page).await;
            assert!(text(&b).await.contains("50 seats left"));

            // First a submission with nothing filled in: every error is shown.
            click(&b, "button[type=submit]").await;
            wait_for_url(&b, "/register").await;
            let errors = text(&b).await;
            assert!(errors.contains("Please correct the fields marked below."));
            assert!(errors.contains("This field is required."));

            type_into(&b, "#first_name", "Žydrūnė").await;
            type_into(&b, "#last_name", "Kazlauskaitė").await;
            type_into(&b, "#email", "zydrune.k@example.lt").await;
            type_into(&b, "#organization", "Klaipėdos Gintaras UAB").await;
            click(&b, "#country option[value=LT]").await;
            click(&b, &format!("#q_{question} option[value=Young]")).await;
            click(&b, "input[name=session]").await;
            click(&b, "input[name=consent]").await;
            click(&b, "button[type=submit]").await;

            let url = wait_for_url(&b, "/r/").await;
            assert!(
                url.starts_with(&format!("{}/r/", app.address)),
                "landed on {url}"
            );
            let own = text(&b).await;
            assert!(own.contains("Confirmed"), "{own}");
            assert!(own.contains("Žydrūnė Kazlauskaitė"));
            assert!(own.contains("Financing your growth"), "the chosen session");

            // Cancelling from the attendee's page asks first, then frees
            // the seat.
            click(&b, "a[href*='/cancel']").await;
            wait_for_url(&b, "/cancel").await;
            assert!(
                text(&b)
                    .await
                    .contains("Your seat goes to the next person on the waiting list")
            );
            click(&b, "form[action*=cancel] button").await;
            let mut cancelled = false;
            for _ in 0..200 {
                let url = b.current_url().await.unwrap();
                if !url.path().ends_with("/cancel") {
                    cancelled = text(&b).await.contains("Cancelled");
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            assert!(cancelled, "back on the page, cancelled: {}", text(&b).await);
            open(&b, &page).await;
            assert!(text(&b).await.contains("50 seats left"));
        })
        .await;
}
