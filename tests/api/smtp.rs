//! Delivery against a real SMTP server (Python's aiosmtpd, started per test
//! on a free loopback port): outages, 4xx and 5xx answers. Also the helpers
//! the email tests share: start a server, read what it received.

use std::collections::HashMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mail_parser::MessageParser;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use tessera::store::entities::outbox_message;

use crate::helpers::{Db, TestApp};

/// The sending address (and invites' ORGANIZER) the tests configure.
pub const MAIL_FROM: &str = "events@tessera.test";

/// An aiosmtpd process; killed on drop.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: PathBuf,
    control: PathBuf,
}

/// One message as the server received it.
pub struct Received {
    pub raw: Vec<u8>,
    /// Envelope recipients (RCPT TO).
    pub recipients: Vec<String>,
}

impl Received {
    pub fn parse(&self) -> mail_parser::Message<'_> {
        MessageParser::default()
            .parse(&self.raw)
            .expect("a parsable message")
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl SmtpServer {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "tessera-smtp-{}-{port}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("mail dir");
        let control = dir.join("control.json");
        std::fs::write(&control, "{}").expect("control file");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/smtp_server.py");
        let child = Command::new("python3")
            .arg(script)
            .arg(port.to_string())
            .arg(dir.join("mail"))
            .arg(&control)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd)");
        let mut server = Self {
            child,
            port,
            dir,
            control,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the SMTP server exited ({status}); is aiosmtpd installed?");
            }
            assert!(Instant::now() < deadline, "the SMTP server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        // Drop the probe connections' effects: nothing was sent.
        server.set_rules(&[], &[]);
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Answer 451 once to each of `defer_once`, 550 always to each of `reject`.
    pub fn set_rules(&mut self, defer_once: &[&str], reject: &[&str]) {
        let rules = serde_json::json!({ "defer_once": defer_once, "reject": reject });
        std::fs::write(&self.control, rules.to_string()).expect("control file");
    }

    /// Wait this long before answering each message's DATA.
    pub fn set_delay(&mut self, delay: Duration) {
        let rules = serde_json::json!({ "delay_ms": delay.as_millis() as u64 });
        std::fs::write(&self.control, rules.to_string()).expect("control file");
    }

    /// Wait `delay` before answering the DATA of messages to `address`.
    pub fn set_delay_for(&mut self, address: &str, delay: Duration) {
        let rules = serde_json::json!({ "delay_for": { address: delay.as_millis() as u64 } });
        std::fs::write(&self.control, rules.to_string()).expect("control file");
    }

    pub fn received(&self) -> Vec<Received> {
        let mail = self.dir.join("mail");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&mail)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .into_iter()
            .map(|path| Received {
                raw: std::fs::read(&path).expect("message"),
                recipients: read_lines(&path.with_extension("rcpt")),
            })
            .collect()
    }

    /// Waits until at least `count` messages arrived, then returns all.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} messages within {timeout:?}, got {}",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The app, sending to `smtp_url` from [`MAIL_FROM`], retrying quickly;
/// `None` when the database is not available here (PostgreSQL unset).
pub async fn app_with_smtp(db: Db, smtp_url: String) -> Option<TestApp> {
    TestApp::spawn_with(db, move |config| {
        config.smtp_url = Some(smtp_url);
        config.mail_retry_base_ms = 200;
        config.mail_from = MAIL_FROM.to_owned();
    })
    .await
}

/// Fixture person `i`'s complete form for the app's event, with `changes`
/// applied (a field is replaced, or added when missing).
pub async fn form(app: &TestApp, i: usize, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut form = app.form_for(&app.event_slug, i).await;
    for (key, value) in changes {
        match form.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = (*value).to_owned(),
            None => form.push(((*key).to_owned(), (*value).to_owned())),
        }
    }
    form
}

pub fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("form has no {key}"))
}

/// Posts a registration form and asserts it was accepted.
pub async fn register_ok(app: &TestApp, form: &[(String, String)]) {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.register(&pairs).await;
    let status = response.status();
    assert!(
        status.is_success() || status.is_redirection(),
        "registration refused: {status} {}",
        response.text().await.unwrap_or_default()
    );
}

async fn outbox_row(app: &TestApp, recipient: &str) -> Option<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(recipient))
        .one(&app.db.read)
        .await
        .expect("outbox query")
}

async fn wait_for_status(app: &TestApp, recipient: &str, status: &str) -> outbox_message::Model {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(row) = outbox_row(app, recipient).await
            && row.status.as_str() == status
        {
            return row;
        }
        assert!(
            Instant::now() < deadline,
            "outbox row for {recipient} never became {status}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn registrations_survive_an_smtp_outage(db: Db, people: usize) {
    let port = free_port();
    // Nothing listens on the port yet: every attempt is refused.
    let Some(app) = app_with_smtp(db, format!("smtp://127.0.0.1:{port}")).await else {
        return;
    };
    let mut emails = Vec::new();
    for i in 0..people {
        let form = form(&app, i, &[]).await;
        emails.push(field(&form, "email").to_owned());
        register_ok(&app, &form).await;
    }
    // Let the worker fail a few times.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pending = outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.ne("sent"))
        .all(&app.db.read)
        .await
        .expect("outbox");
    assert_eq!(pending.len(), people, "every email waits in the outbox");
    assert!(
        pending
            .iter()
            .any(|row| row.attempts >= 1 && row.last_error.is_some())
    );

    let server = SmtpServer::start_on(port);
    server.wait_for(people, Duration::from_secs(90)).await;
    // Anything sent twice would arrive within a few more worker rounds.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let received = server.received();
    assert_eq!(received.len(), people, "exactly one email per registration");
    let mut per_recipient: HashMap<String, usize> = HashMap::new();
    for message in &received {
        for recipient in &message.recipients {
            *per_recipient.entry(recipient.to_lowercase()).or_default() += 1;
        }
    }
    for email in &emails {
        assert_eq!(
            per_recipient.get(&email.to_lowercase()),
            Some(&1),
            "{email}"
        );
    }
}

#[tokio::test]
async fn registrations_succeed_while_smtp_is_down_and_each_gets_one_confirmation() {
    registrations_survive_an_smtp_outage(Db::Sqlite, 100).await;
}

#[tokio::test]
async fn registrations_survive_an_smtp_outage_on_postgres() {
    registrations_survive_an_smtp_outage(Db::Postgres, 100).await;
}

#[tokio::test]
async fn a_451_is_retried_and_delivered_once() {
    let mut server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let form = form(&app, 1, &[]).await;
    let email = field(&form, "email").to_owned();
    server.set_rules(&[&email], &[]);
    register_ok(&app, &form).await;

    let row = wait_for_status(&app, &email, "sent").await;
    assert_eq!(row.attempts, 2, "one refused attempt, one delivery");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].recipients, vec![email]);
}

#[tokio::test]
async fn a_550_fails_for_good_without_retry() {
    let mut server = SmtpServer::start();
    let app = app_with_smtp(Db::Sqlite, server.url())
        .await
        .expect("SQLite");
    let form = form(&app, 2, &[]).await;
    let email = field(&form, "email").to_owned();
    server.set_rules(&[], &[&email]);
    register_ok(&app, &form).await;

    let row = wait_for_status(&app, &email, "failed").await;
    assert_eq!(row.attempts, 1);
    assert!(
        row.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("550"),
        "{:?}",
        row.last_error
    );
    // Well past several retry delays: still failed, never re-attempted.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let row = outbox_row(&app, &email).await.expect("row");
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 1));
    assert!(server.received().is_empty());
}
