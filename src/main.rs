//! The `tessera` command: serve (the default), migrate, demo.

use chrono::{DateTime, FixedOffset, Utc};
use clap::{Parser, Subcommand};
use tessera::app::{Application, assemble, prepare_database, shutdown_signal};
use tessera::config::Config;
use tessera::services::demo;
use tessera::services::event_changes::EventChange;
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
    /// Show the outbox (pending, sent, failed), or retry the failed messages.
    Outbox {
        /// Put every failed message back in the queue.
        #[arg(long)]
        retry_failed: bool,
    },
}

#[derive(Subcommand)]
enum EventAction {
    /// Change an event. A new time or place re-sends every confirmed
    /// attendee's invite with a higher SEQUENCE.
    Update {
        slug: String,
        /// New start, RFC 3339 with offset (2027-03-08T09:00:00+01:00).
        #[arg(long)]
        starts_at: Option<DateTime<FixedOffset>>,
        #[arg(long)]
        ends_at: Option<DateTime<FixedOffset>>,
        #[arg(long)]
        venue_name: Option<String>,
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
    Cancel { slug: String },
    /// Email every confirmed attendee of an event.
    Announce {
        slug: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        body: String,
    },
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
            let config = cli.config;
            let base_url = config.base_url();
            let app = Application::build(config).await?;
            tracing::info!(address = %app.address(), "Tessera is listening");
            println!("Tessera is running: open {base_url}/");
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
                    let change = EventChange {
                        starts_at: starts_at.map(|t| t.with_timezone(&Utc)),
                        ends_at: ends_at.map(|t| t.with_timezone(&Utc)),
                        venue_name,
                        venue_address,
                        online_url: online_url.map(|u| Some(u).filter(|u| !u.trim().is_empty())),
                        capacity: capacity.map(Some),
                        ..EventChange::default()
                    };
                    let updated = services.update_event(&slug, change, actor).await?;
                    println!(
                        "Updated {slug} (revision {}): {} updated invites owed, {} promoted from the waiting list.",
                        updated.event.revision, updated.invites_resent, updated.promoted
                    );
                }
                EventAction::Cancel { slug } => {
                    let told = services.cancel_event(&slug, actor).await?;
                    println!("Cancelled {slug}: {told} registrants will be told.");
                }
                EventAction::Announce {
                    slug,
                    subject,
                    body,
                } => {
                    let sent = services.announce(&slug, &subject, &body, actor).await?;
                    println!("Announcement owed to {sent} attendees of {slug}.");
                }
            }
            drop(services);
            let _ = writer_task.await;
            Ok(())
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
