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
    postgres_database: Option<String>,
}

/// The PostgreSQL server the tests use, or None (and a loud note) when
/// `TESSERA_TEST_POSTGRES_URL` is unset. CI always sets it.
pub fn postgres_url() -> Option<String> {
    let url = std::env::var("TESSERA_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty());
    if url.is_none() {
        eprintln!(
            "SKIPPED: TESSERA_TEST_POSTGRES_URL is unset, so this PostgreSQL test did not run"
        );
    }
    url
}

fn unique(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// Creates an empty database and returns its URL.
pub async fn fresh_database(db: Db, dir: &std::path::Path) -> Option<(String, Option<String>)> {
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
            admin.close().await.ok();
            let (base, query) = match server.split_once('?') {
                Some((base, query)) => (base.to_owned(), format!("?{query}")),
                None => (server.clone(), String::new()),
            };
            let base = base
                .rsplit_once('/')
                .map(|(b, _)| b.to_owned())
                .unwrap_or(base);
            Some((format!("{base}/{name}{query}"), Some(name)))
        }
    }
}

impl TestApp {
    pub async fn spawn(db: Db) -> Option<TestApp> {
        Self::spawn_with(db, |_| {}).await
    }

    pub async fn spawn_with(db: Db, configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let dir = std::env::temp_dir().join(unique("tessera"));
        std::fs::create_dir_all(&dir).expect("create a test directory");
        let (url, postgres_database) = fresh_database(db, &dir).await?;
        let mut config = Config::for_database(&url);
        config.bind = "127.0.0.1:0".into();
        config.rate_limit_per_minute = 0;
        config.smtp_url = None;
        config.outbox_dir = dir.join("outbox");
        config.mail_from = "events@tessera.example.org".into();
        configure(&mut config);
        Some(Self::start(config, dir, postgres_database).await)
    }

    /// Starts another instance on the same database (several instances
    /// behind a load balancer).
    pub async fn another_instance(&self) -> TestApp {
        let mut config = self.config.clone();
        config.bind = "127.0.0.1:0".into();
        let mut app = Self::start(config, self.dir.clone(), None).await;
        app.event_slug = self.event_slug.clone();
        app
    }

    async fn start(mut config: Config, dir: PathBuf, postgres_database: Option<String>) -> TestApp {
        let app = Application::build(config.clone())
            .await
            .expect("build the app");
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
            postgres_database,
        };
        if app.postgres_database.is_some() || app.config.database_url.starts_with("sqlite") {
            let slug = app.seed_event(EventSpec::default()).await;
            app.event_slug = slug;
        }
        app
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
        let starts = Utc::now() + Duration::days(30);
        let draft = EventDraft {
            slug: slug.clone(),
            title: spec.title.clone(),
            summary: "Workshops and mentoring for women entrepreneurs.".into(),
            description: spec.description.clone(),
            language: "en".into(),
            timezone: chrono_tz::Europe::Brussels,
            starts_at: starts,
            ends_at: starts + Duration::hours(8),
            venue_name: "Chamber of Commerce".into(),
            venue_address: "Avenue Louise 500, 1050 Brussels".into(),
            online_url: spec.online_url.clone(),
            capacity: spec.capacity,
            waitlist_enabled: spec.waitlist,
            registration_opens_at: spec.opens_in.map(|d| Utc::now() + d),
            registration_closes_at: spec.closes_in.map(|d| Utc::now() + d),
            requires_verification: spec.verification,
            dedupe_plus_addressing: spec.dedupe_plus_addressing,
            contact_email: "office@chamber.example.be".into(),
            organizer_name: "Chamber of Commerce Brussels".into(),
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
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(name) = self.postgres_database.take() {
            // Dropped from a thread of its own: Drop cannot await.
            let server = postgres_url();
            let _ = std::thread::spawn(move || {
                let Some(server) = server else { return };
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                runtime.block_on(async move {
                    if let Ok(admin) = sea_orm::Database::connect(server.as_str()).await {
                        let _ = admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                            ))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
        if self.task.is_some() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
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
        }
    }
}

/// The registrants of `shared/fixtures/attendees.csv`.
pub const FIXTURES: &str = include_str!("../../../shared/fixtures/attendees.csv");

/// A valid public form for fixture person `i` (wrapping round), without the
/// event's questions. Beyond the 30 people of the fixture, the address gets
/// a number so every `i` is a different registrant (not as a `+tag`, which
/// names the same person).
pub fn registrant(i: usize) -> Vec<(String, String)> {
    let people: Vec<Vec<&str>> = FIXTURES
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| line.split(',').collect())
        .collect();
    let person = &people[i % people.len()];
    let email = if i < people.len() {
        person[2].to_owned()
    } else {
        let (local, domain) = person[2]
            .split_once('@')
            .unwrap_or((person[2], "example.org"));
        format!("{local}.{i}@{domain}")
    };
    vec![
        ("first_name".into(), person[0].into()),
        ("last_name".into(), person[1].into()),
        ("email".into(), email),
        ("organization".into(), person[3].into()),
        ("country".into(), person[4].into()),
        (
            "language".into(),
            if person[5] == "it" {
                "it".into()
            } else {
                "en".into()
            },
        ),
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
