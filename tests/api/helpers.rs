//! Starts the real application on an ephemeral port with a database of its
//! own (a fresh SQLite file, or a fresh PostgreSQL database), and drives it
//! over HTTP.

use std::path::PathBuf;

use chrono::{Duration, Utc};
use sea_orm::ConnectionTrait;
use tessera::app::Application;
use tessera::config::Config;
use tessera::domain::event::EventStatus;
use tessera::domain::{QuestionKind, RegistrationStatus};
use tessera::services::Services;
use tessera::services::events::{EventDraft, QuestionDraft, SessionDraft};
use tessera::store::Database;
use tessera::store::queries;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    /// `http://127.0.0.1:{port}`
    pub address: String,
    /// Does not follow redirects, so tests see the 303s.
    pub client: reqwest::Client,
    pub db: Database,
    pub services: Services,
    /// A published event: 50 seats, waiting list on, two sessions, one
    /// required select question.
    pub event_slug: String,
    pub config: Config,
    pub dir: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// What this instance cleans up when the test ends, passed or failed:
    /// its PostgreSQL database and its folder (another instance on the same
    /// database owns neither). Dropped after `TestApp::drop` stopped the app.
    _database: Option<PostgresDatabase>,
    _dir: Option<TempDir>,
}

/// The variable `.ci/run` sets so that no test can pass by skipping itself.
pub const REQUIRE_ALL: &str = "TESSERA_TEST_REQUIRE_ALL";

/// Every test that cannot run here (no PostgreSQL, no aiosmtpd, no browser)
/// goes through this. With `TESSERA_TEST_REQUIRE_ALL=1` it fails the test;
/// otherwise it says so on the real stderr, which libtest does not capture
/// (it captures `eprintln!`), so a person sees which tests did not run.
pub fn skip(what: &str) {
    if std::env::var(REQUIRE_ALL).is_ok_and(|v| v == "1") {
        panic!("{what}, and {REQUIRE_ALL}=1 requires every test to run");
    }
    // libtest names each test's thread after the test.
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    note(&format!(
        "SKIPPED {test}: {what}, so it did not run (with {REQUIRE_ALL}=1 that fails it)"
    ));
}

/// `TESSERA_TEST_POSTGRES_URL`, if set.
fn postgres_server() -> Option<String> {
    std::env::var("TESSERA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// The PostgreSQL server the tests use, or None (through [`skip`]) when
/// `TESSERA_TEST_POSTGRES_URL` is unset. CI always sets it.
pub fn postgres_url() -> Option<String> {
    let url = postgres_server();
    if url.is_none() {
        skip("TESSERA_TEST_POSTGRES_URL is unset (no PostgreSQL)");
    }
    url
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// Creates an empty database and returns its URL, and for PostgreSQL a
/// guard that drops the database again.
pub async fn fresh_database(
    db: Db,
    dir: &std::path::Path,
) -> Option<(String, Option<PostgresDatabase>)> {
    match db {
        Db::Sqlite => Some((
            format!("sqlite://{}?mode=rwc", dir.join("tessera.db").display()),
            None,
        )),
        Db::Postgres => {
            let server = postgres_url()?;
            let name = unique("tessera_test");
            let admin = sea_orm::Database::connect(server.as_str())
                .await
                .expect("connect to the PostgreSQL test server");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create a test database");
            let guard = PostgresDatabase(name.clone());
            admin.close().await.ok();
            let (base, query) = match server.split_once('?') {
                Some((base, query)) => (base.to_owned(), format!("?{query}")),
                None => (server.clone(), String::new()),
            };
            let base = base
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .unwrap_or(base);
            Some((format!("{base}/{name}{query}"), Some(guard)))
        }
    }
}

impl TestApp {
    pub async fn spawn(db: Db) -> Option<TestApp> {
        Self::spawn_with(db, |_| {}).await
    }

    pub async fn spawn_with(db: Db, configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let dir = TempDir::new("tessera");
        let (url, database) = fresh_database(db, &dir.0).await?;
        let mut config = Config::for_database(&url);
        config.bind = "127.0.0.1:0".into();
        config.rate_limit_per_minute = 0;
        config.smtp_url = None;
        config.outbox_dir = dir.0.join("outbox");
        config.mail_from = "events@tessera.example.org".into();
        configure(&mut config);
        let mut app = Self::start(config, dir.0.clone(), true).await;
        app._database = database;
        app._dir = Some(dir);
        Some(app)
    }

    /// Starts another instance on the same database (several instances
    /// behind a load balancer).
    pub async fn another_instance(&self) -> TestApp {
        self.another_instance_with(|_| {})
            .await
            .expect("build the app")
    }

    /// Another instance on the same database with its configuration
    /// changed, or why it refused to start.
    pub async fn another_instance_with(
        &self,
        configure: impl FnOnce(&mut Config),
    ) -> anyhow::Result<TestApp> {
        let mut config = self.config.clone();
        config.bind = "127.0.0.1:0".into();
        configure(&mut config);
        let mut app = Self::try_start(config, self.dir.clone(), false).await?;
        app.event_slug = self.event_slug.clone();
        Ok(app)
    }

    /// Starts the app; `seed` adds the default event (not for another
    /// instance on a database that has it).
    async fn start(config: Config, dir: PathBuf, seed: bool) -> TestApp {
        Self::try_start(config, dir, seed)
            .await
            .expect("build the app")
    }

    async fn try_start(mut config: Config, dir: PathBuf, seed: bool) -> anyhow::Result<TestApp> {
        let app = Application::build(config.clone()).await?;
        let address = format!("http://{}", app.address());
        config.base_url = Some(address.clone());
        let services = app.services().clone();
        let db = services.db.clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            app.run_until(async {
                let _ = stopped.await;
            })
            .await
            .expect("the app runs");
        });
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(256)
            .build()
            .expect("an HTTP client");
        let mut app = TestApp {
            address,
            client,
            db,
            services,
            event_slug: String::new(),
            config,
            dir,
            stop: Some(stop),
            task: Some(task),
            _database: None,
            _dir: None,
        };
        if seed {
            let slug = app.seed_event(EventSpec::default()).await;
            app.event_slug = slug;
        }
        Ok(app)
    }

    /// Stops the app as SIGTERM would, and waits for it.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    pub async fn seed_event(&self, spec: EventSpec) -> String {
        let slug = unique("event").replace('_', "-");
        let starts = Utc::now() + spec.starts_in;
        let draft = EventDraft {
            slug: slug.clone(),
            title: spec.title.clone(),
            summary: "Workshops and mentoring for women entrepreneurs.".into(),
            description: spec.description.clone(),
            language: "en".into(),
            timezone: chrono_tz::Europe::Brussels,
            starts_at: starts,
            ends_at: starts + Duration::hours(8),
            venue_name: spec.venue_name.clone(),
            venue_address: spec.venue_address.clone(),
            online_url: spec.online_url.clone(),
            capacity: spec.capacity,
            waitlist_enabled: spec.waitlist,
            registration_opens_at: spec.opens_in.map(|d| Utc::now() + d),
            registration_closes_at: spec.closes_in.map(|d| Utc::now() + d),
            requires_verification: spec.verification,
            dedupe_plus_addressing: spec.dedupe_plus_addressing,
            contact_email: spec.contact_email.clone(),
            organizer_name: spec.organizer_name.clone(),
            funding_line: String::new(),
            status: spec.status,
            sessions: vec![
                SessionDraft {
                    title: "Financing your growth".into(),
                    starts_at: starts,
                    ends_at: starts + Duration::hours(3),
                    room: "Auditorium".into(),
                    capacity: spec.session_capacity,
                },
                SessionDraft {
                    title: "Selling across borders".into(),
                    starts_at: starts + Duration::hours(4),
                    ends_at: starts + Duration::hours(8),
                    room: "Room 2".into(),
                    capacity: None,
                },
            ],
            questions: vec![QuestionDraft {
                label: "Stage of your business".into(),
                kind: QuestionKind::Select,
                options: vec!["Idea".into(), "Young".into(), "Established".into()],
                required: true,
            }],
        };
        self.services
            .create_event(draft)
            .await
            .expect("seed an event");
        slug
    }

    pub async fn event(&self, slug: &str) -> queries::EventRecord {
        queries::event_by_slug(&self.db.read, slug)
            .await
            .expect("read the event")
            .expect("the event exists")
    }

    /// A complete, valid form for fixture person `i` of `slug`'s event.
    pub async fn form_for(&self, slug: &str, i: usize) -> Vec<(String, String)> {
        let event = self.event(slug).await;
        let mut form = registrant(i);
        for question in &event.questions {
            if question.required {
                let options: Vec<String> =
                    serde_json::from_str(&question.options).unwrap_or_default();
                let first = options.first().cloned().unwrap_or_else(|| "yes".into());
                form.push((format!("q_{}", question.id), first));
            }
        }
        form
    }

    pub async fn post_form(&self, path: &str, form: &[(String, String)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(form)
            .send()
            .await
            .expect("POST")
    }

    /// Posts the registration form of the default event.
    pub async fn register(&self, form: &[(&str, &str)]) -> reqwest::Response {
        let form: Vec<(String, String)> = form
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.post_form(&format!("/events/{}/register", self.event_slug), &form)
            .await
    }

    /// Registers fixture person `i` for `slug` through the public form and
    /// returns their address and manage token.
    pub async fn register_person(&self, slug: &str, i: usize) -> (String, String) {
        let form = self.form_for(slug, i).await;
        let email = form
            .iter()
            .find(|(k, _)| k == "email")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        let response = self
            .post_form(&format!("/events/{slug}/register"), &form)
            .await;
        assert_eq!(response.status(), 303, "registration refused");
        (email, token_of(&response))
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("GET")
    }

    pub async fn count(&self, slug: &str, status: RegistrationStatus) -> u64 {
        let event = self.event(slug).await;
        queries::count_by_status(&self.db.read, event.event.id, status)
            .await
            .expect("count registrations")
    }
}

impl Drop for TestApp {
    /// Runs when the test ends, passed or failed (a panic unwinds through
    /// it): nothing the test started is left behind.
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A test's own PostgreSQL database, dropped with this guard.
pub struct PostgresDatabase(String);

impl Drop for PostgresDatabase {
    /// Closes the connections the app still holds and drops the database.
    /// Blocking (`psql`), because Drop cannot await; a failure is reported
    /// but does not fail the test.
    fn drop(&mut self) {
        let Some(server) = postgres_server() else {
            return;
        };
        drop_postgres_database(&server, &self.0);
    }
}

fn drop_postgres_database(server: &str, name: &str) {
    let result = std::process::Command::new("psql")
        .arg(server)
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c"])
        .arg(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .stdout(std::process::Stdio::null())
        .output();
    match result {
        Ok(out) if out.status.success() => {}
        Ok(out) => note(&format!(
            "could not drop the test database {name}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )),
        Err(e) => note(&format!(
            "could not drop the test database {name} (psql: {e})"
        )),
    }
}

/// A line on the real stderr (see [`skip`]).
fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{text}");
}

/// A fresh folder under the temp directory, removed on drop (also when the
/// test fails before anything else owns it).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        let dir = std::env::temp_dir().join(unique(prefix));
        std::fs::create_dir_all(&dir).expect("create a test directory");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Debug)]
pub struct EventSpec {
    pub title: String,
    pub description: String,
    pub capacity: Option<i32>,
    pub waitlist: bool,
    pub session_capacity: Option<i32>,
    pub opens_in: Option<Duration>,
    pub closes_in: Option<Duration>,
    pub verification: bool,
    pub dedupe_plus_addressing: bool,
    pub online_url: Option<String>,
    pub status: EventStatus,
    pub starts_in: Duration,
    pub venue_name: String,
    pub venue_address: String,
    pub organizer_name: String,
    pub contact_email: String,
}

impl Default for EventSpec {
    fn default() -> Self {
        Self {
            title: "Women 2027 — Entrepreneurship Days".into(),
            description: "Three days of **workshops**.".into(),
            capacity: Some(50),
            waitlist: true,
            session_capacity: None,
            opens_in: None,
            closes_in: None,
            verification: false,
            dedupe_plus_addressing: true,
            online_url: None,
            status: EventStatus::Published,
            starts_in: Duration::days(30),
            venue_name: "Chamber of Commerce".into(),
            venue_address: "Avenue Louise 500, 1050 Brussels".into(),
            organizer_name: "Chamber of Commerce Brussels".into(),
            contact_email: "office@chamber.example.be".into(),
        }
    }
}

/// The registrants of `shared/fixtures/attendees.csv`.
pub const FIXTURES: &str = include_str!("../../../shared/fixtures/attendees.csv");

/// One row of the fixture file.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub organization: String,
    pub country: String,
    pub language: String,
}

/// The people of [`FIXTURES`], read once with a real CSV reader (quoted
/// fields may hold commas).
pub fn people() -> &'static [Person] {
    static PEOPLE: std::sync::OnceLock<Vec<Person>> = std::sync::OnceLock::new();
    PEOPLE.get_or_init(|| {
        csv::Reader::from_reader(FIXTURES.as_bytes())
            .deserialize()
            .collect::<Result<Vec<Person>, _>>()
            .expect("shared/fixtures/attendees.csv is valid CSV")
    })
}

/// A valid public form for fixture person `i` (wrapping round), without the
/// event's questions. Beyond the 30 people of the fixture, the address gets
/// a number so every `i` is a different registrant (not as a `+tag`, which
/// names the same person).
pub fn registrant(i: usize) -> Vec<(String, String)> {
    let people = people();
    let person = &people[i % people.len()];
    let email = if i < people.len() {
        person.email.clone()
    } else {
        let (local, domain) = person
            .email
            .split_once('@')
            .unwrap_or((person.email.as_str(), "example.org"));
        format!("{local}.{i}@{domain}")
    };
    let language = if person.language == "it" { "it" } else { "en" };
    vec![
        ("first_name".into(), person.first_name.clone()),
        ("last_name".into(), person.last_name.clone()),
        ("email".into(), email),
        ("organization".into(), person.organization.clone()),
        ("country".into(), person.country.clone()),
        ("language".into(), language.into()),
        ("consent".into(), "yes".into()),
    ]
}

/// The token of a `/r/{token}` Location.
pub fn token_of(response: &reqwest::Response) -> String {
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a Location header");
    location
        .strip_prefix("/r/")
        .unwrap_or_else(|| panic!("not an attendee page: {location}"))
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned()
}
