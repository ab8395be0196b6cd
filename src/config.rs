//! Typed configuration, read from the environment (and a `.env` file when
//! present). `.env.example` lists every variable with its default.

use std::path::PathBuf;

#[derive(clap::Args, Clone, Debug)]
pub struct Config {
    /// Where the data lives: an SQLite file (the default) or a PostgreSQL URL.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://tessera.db?mode=rwc"
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "TESSERA_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,

    /// The public address of the service, used in emails and invites.
    /// Defaults to http://{TESSERA_BIND}.
    #[arg(long, env = "TESSERA_BASE_URL")]
    pub base_url: Option<String>,

    /// SMTP server in lettre's URL form (smtp://, smtps://, with
    /// ?tls=required for STARTTLS). Unset: emails are written as .eml files.
    #[arg(long, env = "TESSERA_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sending address, also the invites' ORGANIZER.
    #[arg(
        long,
        env = "TESSERA_MAIL_FROM",
        default_value = "events@tessera.invalid"
    )]
    pub mail_from: String,

    /// Folder for .eml files when no SMTP server is configured.
    #[arg(long, env = "TESSERA_OUTBOX_DIR", default_value = "./outbox")]
    pub outbox_dir: PathBuf,

    /// Folder whose templates override the built-in ones in emails/.
    #[arg(long, env = "TESSERA_EMAILS_DIR")]
    pub emails_dir: Option<PathBuf>,

    /// Signing key for check-in codes; generated and kept in the database
    /// when unset.
    #[arg(long, env = "TESSERA_SECRET", hide_env_values = true)]
    pub secret: Option<String>,

    /// Public POSTs allowed per client address and minute; 0 turns the limit off.
    #[arg(long, env = "TESSERA_RATE_LIMIT_PER_MINUTE", default_value_t = 60)]
    pub rate_limit_per_minute: u32,

    /// Load the demo event into an empty database on first start.
    #[arg(long, env = "TESSERA_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo: bool,

    /// Delay before the first retry of an email the server deferred (4xx)
    /// or could not be reached for; doubles per attempt, up to an hour.
    #[arg(long, env = "TESSERA_MAIL_RETRY_BASE_MS", default_value_t = 5000)]
    pub mail_retry_base_ms: u64,

    /// Hours before an event's start at which reminders are sent; 0 sends none.
    #[arg(long, env = "TESSERA_REMINDER_HOURS", default_value_t = 24)]
    pub reminder_hours: u32,

    /// The address of the administrator account created on the first start
    /// (when the database has no accounts); its password is printed once.
    #[arg(
        long,
        env = "TESSERA_ADMIN_EMAIL",
        default_value = "admin@tessera.invalid"
    )]
    pub admin_email: String,
    /// How long a mail worker's claim on a message lasts; renewed while a
    /// slow SMTP conversation goes on. Another instance may send a message
    /// whose claim ran out.
    #[arg(long, env = "TESSERA_MAIL_LEASE_SECONDS", default_value_t = 120)]
    pub mail_lease_seconds: u32,

    /// Registrations waiting for the writer before new ones get 503.
    #[arg(long, env = "TESSERA_WRITE_QUEUE", default_value_t = 8192)]
    pub write_queue: usize,
}

impl Config {
    pub fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.bind),
        }
    }

    /// A configuration for tests and tools: the defaults, with the given
    /// database and no demo data.
    pub fn for_database(database_url: &str) -> Self {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct Defaults {
            #[command(flatten)]
            config: Config,
        }
        let mut config = Defaults::parse_from(["tessera"]).config;
        config.database_url = database_url.to_owned();
        config.demo = false;
        config
    }

    /// The largest write the registration writer may send at once: bounded
    /// for PostgreSQL over TCP (see `writer::TCP_BATCH_BYTES`), not over a
    /// Unix socket (`?host=/var/run/postgresql`) or for SQLite.
    pub fn batch_bytes(&self) -> usize {
        let over_socket =
            self.database_url.contains("host=/") || self.database_url.contains("host=%2F");
        if self.is_postgres() && !over_socket {
            crate::store::writer::TCP_BATCH_BYTES
        } else {
            usize::MAX
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}
