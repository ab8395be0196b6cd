//! The `tessera` command: serve (the default), migrate, demo.

use anyhow::Context;
use chrono::{DateTime, FixedOffset, NaiveDateTime, Utc};
use clap::{Parser, Subcommand};
use tessera::app::{Application, assemble, prepare_database, shutdown_signal};
use tessera::config::Config;
use tessera::domain::event::local_time;
use tessera::domain::slug::Slug;
use tessera::domain::{Language, NewPassword};
use tessera::i18n::t;
use tessera::services::Services;
use tessera::services::accounts::{AccountError, AccountForm};
use tessera::services::demo;
use tessera::services::event_changes::{EventChange, EventChangeError};
use tessera::services::privacy::EraseError;
use tessera::store::audit::Actor;
use tessera::store::outbox;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "tessera",
    version,
    about = "Event registration for public institutions"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (the default).
    Serve,
    /// Create or update the database schema, then exit.
    Migrate,
    /// Load the demo event (Women 2027), then exit.
    Demo,
    /// Change or cancel an event; attendees are emailed (updated invites,
    /// cancellations) by the running service's mail worker.
    Event {
        #[command(subcommand)]
        action: EventAction,
    },
    /// Manage the accounts of staff who log in to the dashboard.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Erase personal data (names, addresses, organizations, written
    /// answers, links), keeping what statistics count: of every event that
    /// ended before a date, or of one person everywhere.
    #[command(group(clap::ArgGroup::new("whom").required(true).args(["ended_before", "email"])))]
    Anonymize {
        /// Every registration of the events that ended before this day
        /// (2027-01-31, midnight UTC) or instant (RFC 3339).
        #[arg(long, value_parser = parse_cutoff)]
        ended_before: Option<DateTime<Utc>>,
        /// Every registration of this address, in every event; live ones
        /// of events not over yet are cancelled first (their seats go to
        /// the waiting list, and they get the calendar cancellation).
        #[arg(long)]
        email: Option<String>,
    },
    /// Show the outbox (pending, sent, failed), or retry the failed messages.
    Outbox {
        /// Put every failed message back in the queue.
        #[arg(long)]
        retry_failed: bool,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account. The password is read from standard input when it
    /// is not a terminal (`echo "$PASSWORD" | tessera user create …`);
    /// otherwise one is generated and printed.
    Create {
        #[arg(long)]
        email: String,
        /// admin (everything, including accounts), organizer (events,
        /// attendees, emails) or checkin (the check-in screen only).
        #[arg(long)]
        role: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// Set a new password (from standard input, or generated and printed)
    /// and end the account's login sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum EventAction {
    /// Change an event. A new time or place re-sends every confirmed
    /// attendee's invite with a higher SEQUENCE.
    Update {
        /// The event's name in its address (/events/SLUG).
        slug: String,
        /// New start: a time in the event's time zone (2027-03-08T09:00), or
        /// RFC 3339 with an offset (2027-03-08T09:00:00+01:00).
        #[arg(long, value_parser = parse_time)]
        starts_at: Option<TimeArg>,
        /// New end, in the same forms as --starts-at.
        #[arg(long, value_parser = parse_time)]
        ends_at: Option<TimeArg>,
        /// New venue name, e.g. "Chamber of Commerce".
        #[arg(long)]
        venue_name: Option<String>,
        /// New venue address, e.g. "Avenue Louise 500, 1050 Brussels".
        #[arg(long)]
        venue_address: Option<String>,
        /// The online link; an empty value removes it.
        #[arg(long)]
        online_url: Option<String>,
        /// Seats; 0 or more. More seats fill from the waiting list.
        #[arg(long)]
        capacity: Option<i32>,
    },
    /// Cancel an event: every registrant is told, confirmed attendees get a
    /// CANCEL of their invite.
    Cancel {
        /// The event's name in its address (/events/SLUG).
        slug: String,
    },
    /// Email every confirmed attendee of an event.
    Announce {
        /// The event's name in its address (/events/SLUG).
        slug: String,
        /// The email's subject line.
        #[arg(long)]
        subject: String,
        /// The email's text.
        #[arg(long)]
        body: String,
    },
}

/// A time given on the command line: an instant, or a wall-clock time read
/// in the event's own time zone.
#[derive(Clone, Debug)]
enum TimeArg {
    Instant(DateTime<FixedOffset>),
    Local(NaiveDateTime),
}

fn parse_time(value: &str) -> Result<TimeArg, String> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(value) {
        return Ok(TimeArg::Instant(instant));
    }
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
    .map(TimeArg::Local)
    .ok_or_else(|| {
        "expected a time like 2027-03-08T09:00 (in the event's time zone) \
             or 2027-03-08T09:00:00+01:00"
            .to_owned()
    })
}

/// A day (midnight UTC at its start) or an instant with an offset.
fn parse_cutoff(value: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(value) {
        return Ok(instant.with_timezone(&Utc));
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|midnight| midnight.and_utc())
        .ok_or_else(|| "expected a day like 2027-01-31 or 2027-01-31T00:00:00+01:00".to_owned())
}

/// The instant `time` names for the event `slug` (whose zone reads a
/// wall-clock time).
async fn resolve_time(
    services: &Services,
    slug: &str,
    time: Option<TimeArg>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    match time {
        None => Ok(None),
        Some(TimeArg::Instant(instant)) => Ok(Some(instant.with_timezone(&Utc))),
        Some(TimeArg::Local(local)) => {
            let event = services
                .catalog
                .by_slug(slug)
                .await?
                .ok_or_else(|| no_event(slug))?;
            Ok(Some(local_time(event.timezone, local)?))
        }
    }
}

fn no_event(slug: &str) -> anyhow::Error {
    anyhow::anyhow!("no event with the slug {slug:?}")
}

/// Names the slug when the event is not there; other errors as they are.
fn named(slug: &str, error: EventChangeError) -> anyhow::Error {
    match error {
        EventChangeError::NotFound => no_event(slug),
        other => other.into(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(cli.config).await?;
            // After binding: with port 0 only now is the port known.
            let base_url = app.services().config.base_url();
            tracing::info!(address = %app.address(), "Tessera is listening");
            if let Some(metrics) = app.metrics_address() {
                tracing::info!(address = %metrics, "metrics are served");
            }
            println!(
                "Tessera is running on {} (stop it with Ctrl+C): open {base_url}/",
                app.address()
            );
            app.run_until(shutdown_signal()).await
        }
        Command::Migrate => {
            let mut config = cli.config;
            config.demo = false;
            prepare_database(&config).await?;
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::Demo => {
            let mut config = cli.config;
            config.demo = false;
            let db = prepare_database(&config).await?;
            match demo::load(&db).await? {
                Some(event) => println!("Loaded the demo event: /events/{}", event.slug),
                None => println!(
                    "The demo event is already there: /events/{}",
                    demo::DEMO_SLUG
                ),
            }
            Ok(())
        }
        Command::Event { action } => {
            let mut config = cli.config;
            config.demo = false;
            let db = prepare_database(&config).await?;
            let (services, writer_task) = assemble(config, db);
            let actor = Actor::Organizer("command line".into());
            let slug = match &action {
                EventAction::Update { slug, .. }
                | EventAction::Cancel { slug }
                | EventAction::Announce { slug, .. } => slug.clone(),
            };
            if Slug::parse(&slug).is_none() {
                return Err(no_event(&slug));
            }
            match action {
                EventAction::Update {
                    slug,
                    starts_at,
                    ends_at,
                    venue_name,
                    venue_address,
                    online_url,
                    capacity,
                } => {
                    let starts_at = resolve_time(&services, &slug, starts_at)
                        .await
                        .context("--starts-at")?;
                    let ends_at = resolve_time(&services, &slug, ends_at)
                        .await
                        .context("--ends-at")?;
                    let change = EventChange {
                        starts_at,
                        ends_at,
                        venue_name,
                        venue_address,
                        online_url: online_url.map(|u| Some(u).filter(|u| !u.trim().is_empty())),
                        capacity: capacity.map(Some),
                        ..EventChange::default()
                    };
                    let updated = services
                        .update_event(&slug, change, actor)
                        .await
                        .map_err(|e| named(&slug, e))?;
                    println!(
                        "Updated {slug} (revision {}): {} updated invites owed, {} promoted from the waiting list.",
                        updated.event.revision, updated.invites_resent, updated.promoted
                    );
                }
                EventAction::Cancel { slug } => {
                    let told = services
                        .cancel_event(&slug, actor)
                        .await
                        .map_err(|e| named(&slug, e))?;
                    println!("Cancelled {slug}: {told} registrants will be told.");
                }
                EventAction::Announce {
                    slug,
                    subject,
                    body,
                } => {
                    let sent = services
                        .announce(&slug, &subject, &body, actor)
                        .await
                        .map_err(|e| named(&slug, e))?;
                    println!("Announcement owed to {sent} attendees of {slug}.");
                }
            }
            drop(services);
            let _ = writer_task.await;
            Ok(())
        }
        Command::User { action } => {
            let mut config = cli.config;
            config.demo = false;
            let db = prepare_database(&config).await?;
            let (services, writer_task) = assemble(config, db);
            let actor = Actor::Organizer("command line".into());
            let password = password_from_stdin()?;
            let outcome = match action {
                UserAction::Create { email, role, name } => {
                    let form = AccountForm {
                        email,
                        name: name.unwrap_or_default(),
                        role,
                    };
                    services.create_account(&form, password, &actor).await.map(
                        |(member, generated)| {
                            println!(
                                "Created the account of {} ({}).",
                                member.email,
                                member.role.label()
                            );
                            generated
                        },
                    )
                }
                UserAction::ResetPassword { email } => services
                    .reset_password_by_email(&email, password, &actor)
                    .await
                    .map(|(account, generated)| {
                        println!(
                            "New password set for {}; its login sessions have ended.",
                            account.email
                        );
                        generated
                    }),
            };
            drop(services);
            let _ = writer_task.await;
            match outcome {
                Ok(Some(generated)) => {
                    println!("Password (shown only this once): {}", generated.as_str());
                    Ok(())
                }
                Ok(None) => Ok(()),
                Err(AccountError::Invalid(errors)) => {
                    let fields: Vec<String> = errors
                        .0
                        .iter()
                        .map(|(field, message)| {
                            // The shared checks answer with message keys.
                            let text = if message.starts_with("error.") {
                                t(Language::En, message)
                            } else {
                                message
                            };
                            format!("{field}: {text}")
                        })
                        .collect();
                    anyhow::bail!("{}", fields.join("; "))
                }
                Err(error) => Err(error.into()),
            }
        }
        Command::Anonymize {
            ended_before,
            email,
        } => {
            let mut config = cli.config;
            config.demo = false;
            let db = prepare_database(&config).await?;
            let (services, writer_task) = assemble(config, db);
            let actor = Actor::Organizer("command line".into());
            let outcome = match (ended_before, email) {
                (Some(cutoff), _) => services
                    .erase_ended_before(cutoff, &actor)
                    .await
                    .map(|n| {
                        println!(
                            "Erased the personal data of {n} registrations of events that ended before {}.",
                            cutoff.to_rfc3339()
                        )
                    })
                    .map_err(anyhow::Error::from),
                (None, Some(email)) => services
                    .erase_person(&email, actor)
                    .await
                    .map(|done| {
                        println!(
                            "Erased the personal data of {} registrations of {email} ({} cancelled first; \
                             their calendar cancellations are sent by the running service).",
                            done.erased, done.cancelled
                        )
                    })
                    .map_err(|e| match e {
                        EraseError::BadAddress => anyhow::anyhow!("{email:?} is not an email address"),
                        other => other.into(),
                    }),
                (None, None) => Err(anyhow::anyhow!("give --ended-before DATE or --email E")),
            };
            drop(services);
            let _ = writer_task.await;
            outcome
        }
        Command::Outbox { retry_failed } => {
            let mut config = cli.config;
            config.demo = false;
            let db = prepare_database(&config).await?;
            if retry_failed {
                let retried = outbox::retry_failed(&db.write, tessera::store::now()).await?;
                println!("{retried} failed messages are queued again.");
            }
            let counts = outbox::count_by_status(&db.read).await?;
            if counts.is_empty() {
                println!("The outbox is empty.");
            }
            for (status, count) in counts {
                println!("{status:>8}  {count}");
            }
            for message in outbox::recent_failures(&db.read, 20).await? {
                println!(
                    "failed #{} {} to {}: {}",
                    message.id,
                    message.kind,
                    message.recipient,
                    message.last_error.unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

/// A password piped in on standard input (without its final line break),
/// or None when standard input is a terminal or empty: then one is
/// generated.
fn password_from_stdin() -> anyhow::Result<Option<NewPassword>> {
    use std::io::{IsTerminal, Read};
    let mut stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut typed = String::new();
    stdin.read_to_string(&mut typed)?;
    let typed = typed
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(&typed);
    if typed.is_empty() {
        return Ok(None);
    }
    NewPassword::parse(typed)
        .map(Some)
        .map_err(|message| anyhow::anyhow!("password: {message}"))
}
