//! The `tessera` command: serve (the default), migrate, demo.

use clap::{Parser, Subcommand};
use tessera::app::{Application, prepare_database, shutdown_signal};
use tessera::config::Config;
use tessera::services::demo;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(name = "tessera", version, about = "Event registration for public institutions")]
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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
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
                None => println!("The demo event is already there: /events/{}", demo::DEMO_SLUG),
            }
            Ok(())
        }
    }
}
