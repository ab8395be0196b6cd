//! Typed configuration, read from the environment (and a `.env` file when
//! present). `.env.example` lists every variable with its default.

use std::path::PathBuf;

#[derive(clap::Args, Clone, Debug)]
#[command(next_help_heading = "Configuration (each also from its environment variable)")]
pub struct Config {
    /// Where the data lives: an SQLite file (the default) or a PostgreSQL URL.
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        hide_env_values = true,
        default_value = "sqlite://tessera.db?mode=rwc"
    )]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(
        long,
        global = true,
        env = "TESSERA_BIND",
        default_value = "127.0.0.1:8080"
    )]
    pub bind: String,

    /// The public address of the service, used in emails and invites.
    /// Defaults to http://{TESSERA_BIND}.
    #[arg(long, global = true, env = "TESSERA_BASE_URL")]
    pub base_url: Option<String>,

    /// SMTP server in lettre's URL form (smtp://, smtps://, with
    /// ?tls=required for STARTTLS). Unset: emails are written as .eml files.
    #[arg(long, global = true, env = "TESSERA_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sending address, also the invites' ORGANIZER.
    #[arg(
        long,
        global = true,
        env = "TESSERA_MAIL_FROM",
        default_value = "events@tessera.invalid"
    )]
    pub mail_from: String,

    /// Folder for .eml files when no SMTP server is configured.
    #[arg(
        long,
        global = true,
        env = "TESSERA_OUTBOX_DIR",
        default_value = "./outbox"
    )]
    pub outbox_dir: PathBuf,

    /// Folder whose templates override the built-in ones in emails/.
    #[arg(long, global = true, env = "TESSERA_EMAILS_DIR")]
    pub emails_dir: Option<PathBuf>,

    /// Signing key for check-in codes; generated and kept in the database
    /// when unset.
    #[arg(long, global = true, env = "TESSERA_SECRET", hide_env_values = true)]
    pub secret: Option<String>,

    /// Public POSTs allowed per client address and minute; 0 turns the limit off.
    #[arg(
        long,
        global = true,
        env = "TESSERA_RATE_LIMIT_PER_MINUTE",
        default_value_t = 60
    )]
    pub rate_limit_per_minute: u32,

    /// Load the demo event into an empty database on first start.
    #[arg(long, global = true, env = "TESSERA_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo: bool,

    /// Delay before the first retry of an email the server deferred (4xx)
    /// or could not be reached for; doubles per attempt, up to an hour.
    #[arg(
        long,
        global = true,
        env = "TESSERA_MAIL_RETRY_BASE_MS",
        default_value_t = 5000
    )]
    pub mail_retry_base_ms: u64,

    /// Hours before an event's start at which reminders are sent; 0 sends none.
    #[arg(
        long,
        global = true,
        env = "TESSERA_REMINDER_HOURS",
        default_value_t = 24
    )]
    pub reminder_hours: u32,

    /// The address of the administrator account created on the first start
    /// (when the database has no accounts); its password is printed once.
    #[arg(
        long,
        global = true,
        env = "TESSERA_ADMIN_EMAIL",
        default_value = "admin@tessera.invalid"
    )]
    pub admin_email: String,
    /// How long a mail worker's claim on a message lasts; renewed while a
    /// slow SMTP conversation goes on. Another instance may send a message
    /// whose claim ran out.
    #[arg(
        long,
        global = true,
        env = "TESSERA_MAIL_LEASE_SECONDS",
        default_value_t = 120
    )]
    pub mail_lease_seconds: u32,

    /// Minutes a new registration of an event with email verification
    /// (double opt-in) holds its seat while the address is confirmed; an
    /// unconfirmed hold then ends, its seat goes to the waiting list and the
    /// registrant is told. 0 holds no seat (placed when confirmed).
    #[arg(
        long,
        global = true,
        env = "TESSERA_VERIFY_HOLD_MINUTES",
        default_value_t = 30
    )]
    pub verify_hold_minutes: u32,

    /// Tests only: a hold shorter than a minute, in place of
    /// `verify_hold_minutes` (no waiting half an hour for an expiry).
    #[arg(skip)]
    pub verify_hold_override: Option<std::time::Duration>,
    /// SMTP connections the mail worker keeps open, one per message it sends
    /// at once. Keep it under the relay's limit per client (Postfix:
    /// `smtpd_client_connection_count_limit`, 50 by default).
    #[arg(
        long,
        global = true,
        env = "TESSERA_SMTP_CONNECTIONS",
        default_value_t = 48
    )]
    pub smtp_connections: u32,

    /// Registrations waiting for the writer before new ones get 503.
    #[arg(
        long,
        global = true,
        env = "TESSERA_WRITE_QUEUE",
        default_value_t = 8192
    )]
    pub write_queue: usize,

    /// The size in MiB past which SQLite's write-ahead log is truncated
    /// between the writer's batches (`store::wal`).
    #[arg(
        long,
        global = true,
        env = "TESSERA_SQLITE_WAL_LIMIT_MB",
        default_value_t = 64,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub sqlite_wal_limit_mb: u64,

    /// Seconds a client has to send a request's headers; also how long an
    /// idle keep-alive connection stays open (a proxy in front should close
    /// its idle connections sooner).
    #[arg(
        long,
        global = true,
        env = "TESSERA_HEADER_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub header_timeout_secs: u64,

    /// Seconds a client has to send a request's whole body; slower ones get 408.
    #[arg(
        long,
        global = true,
        env = "TESSERA_BODY_TIMEOUT_SECS",
        default_value_t = 30
    )]
    pub body_timeout_secs: u64,

    /// Open connections served at once; more wait in the kernel's accept queue.
    #[arg(
        long,
        global = true,
        env = "TESSERA_MAX_CONNECTIONS",
        default_value_t = 4096
    )]
    pub max_connections: usize,

    /// Proxies (addresses or CIDR ranges, comma-separated) whose
    /// X-Forwarded-For names the client for the rate limit. Unset: the
    /// connection's own address is the client.
    #[arg(
        long,
        global = true,
        env = "TESSERA_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = parse_network
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,

    /// Bearer token that opens /metrics on the public address. Unset (and no
    /// TESSERA_METRICS_BIND): /metrics is not served.
    #[arg(
        long,
        global = true,
        env = "TESSERA_METRICS_TOKEN",
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,

    /// A separate address (e.g. 127.0.0.1:9090) that serves /metrics; the
    /// public address then does not.
    #[arg(long, global = true, env = "TESSERA_METRICS_BIND")]
    pub metrics_bind: Option<String>,

    /// A folder of privacy notices in Markdown, `privacy.{lang}.md` (e.g.
    /// privacy.it.md), replacing the built-in one; a language without its
    /// file gets privacy.en.md, then the built-in notice.
    #[arg(long, global = true, env = "TESSERA_PRIVACY_NOTICE")]
    pub privacy_notice: Option<PathBuf>,

    /// Days after an event ends at which its registrations' personal data
    /// (names, addresses, organizations, written answers) is erased by a
    /// daily job; what statistics count is kept. Unset: never automatically
    /// (`tessera anonymize` erases on demand).
    #[arg(long, global = true, env = "TESSERA_RETENTION_DAYS")]
    pub retention_days: Option<u32>,

    /// The organizing institution, named in the footer of the pages that
    /// belong to no event (event pages name the event's organizer) and in
    /// the privacy notice and accessibility statement.
    #[arg(
        long,
        global = true,
        env = "TESSERA_ORGANIZATION",
        default_value = "Tessera"
    )]
    pub organization: String,

    /// The organizing institution's website, named with it as the organizer
    /// in the event pages' structured data (schema.org). Unset: the site's
    /// own address (TESSERA_BASE_URL).
    #[arg(long, global = true, env = "TESSERA_ORGANIZATION_URL")]
    pub organization_url: Option<String>,

    /// Where visitors report an accessibility barrier and ask about their
    /// data. Unset: the address of TESSERA_MAIL_FROM.
    #[arg(long, global = true, env = "TESSERA_CONTACT_EMAIL")]
    pub contact_email: Option<String>,
}

/// An address (a network of one) or a CIDR range.
fn parse_network(value: &str) -> Result<ipnet::IpNet, String> {
    let value = value.trim();
    value
        .parse::<ipnet::IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{value:?} is neither an IP address nor a CIDR range"))
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

    pub fn sqlite_wal_limit_bytes(&self) -> u64 {
        self.sqlite_wal_limit_mb.saturating_mul(1024 * 1024)
    }

    /// How long a new pending registration holds its seat; `None` holds
    /// none.
    pub fn verify_hold(&self) -> Option<chrono::Duration> {
        let hold = match self.verify_hold_override {
            Some(hold) => chrono::Duration::from_std(hold).ok()?,
            None => chrono::Duration::minutes(i64::from(self.verify_hold_minutes)),
        };
        (hold > chrono::Duration::zero()).then_some(hold)
    }

    /// The metrics token, if a real one is set: an empty value must not
    /// open /metrics to everyone.
    pub fn metrics_token(&self) -> Option<&str> {
        self.metrics_token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}
