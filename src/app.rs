//! Builds Tessera: database, writer, catalog, mail worker, router. Used by
//! `main` and by the tests alike, so the tests run the real thing.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use rand::RngCore;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};

use crate::config::Config;
use crate::mail::Mailer;
use crate::services::{Catalog, Services, demo};
use crate::store::entities::{event, setting};
use crate::store::seats::SeatBoard;
use crate::store::writer::Writer;
use crate::store::{Database, outbox, seats};
use crate::web;

pub struct Application {
    listener: TcpListener,
    services: Services,
    router: axum::Router,
    writer_task: tokio::task::JoinHandle<()>,
    mail_task: tokio::task::JoinHandle<()>,
    stop_mail: watch::Sender<bool>,
    refresher: Option<tokio::task::JoinHandle<()>>,
    reminders: tokio::task::JoinHandle<()>,
    checkpoints: tokio::task::JoinHandle<()>,
}

/// Connects and migrates; on an empty database, loads the demo event when
/// configured to.
pub async fn prepare_database(config: &Config) -> anyhow::Result<Database> {
    let db = Database::connect(&config.database_url)
        .await
        .with_context(|| format!("cannot open the database {}", redact(&config.database_url)))?;
    db.migrate().await.context("cannot migrate the database")?;
    if config.demo
        && event::Entity::find().count(&db.read).await? == 0
        && let Some(event) = demo::load(&db).await?
    {
        tracing::info!(slug = %event.slug, "loaded the demo event");
    }
    Ok(db)
}

/// The signing key: from the configuration, or generated once and kept in
/// the database so that check-in codes stay valid across restarts.
async fn secret(config: &Config, db: &Database) -> anyhow::Result<Vec<u8>> {
    if let Some(secret) = &config.secret {
        return Ok(secret.as_bytes().to_vec());
    }
    let engine = base64::engine::general_purpose::STANDARD_NO_PAD;
    if let Some(row) = setting::Entity::find_by_id("secret".to_owned())
        .one(&db.write)
        .await?
    {
        return Ok(engine.decode(row.value)?);
    }
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    setting::ActiveModel {
        key: Set("secret".into()),
        value: Set(engine.encode(&bytes)),
    }
    .insert(&db.write)
    .await?;
    Ok(bytes)
}

/// The services over a prepared database, with their registration writer
/// running: what the web server and the command line share.
pub fn assemble(config: Config, db: Database) -> (Services, tokio::task::JoinHandle<()>) {
    let seats = Arc::new(SeatBoard::default());
    let outbox_ready = Arc::new(Notify::new());
    let (writer, writer_task) = Writer::start(
        db.write.clone(),
        seats.clone(),
        outbox_ready.clone(),
        config.write_queue,
        config.batch_bytes(),
    );
    let catalog = Arc::new(Catalog::new(db.read.clone(), seats));
    let services = Services {
        config: Arc::new(config),
        db,
        writer,
        catalog,
        outbox_ready,
    };
    (services, writer_task)
}

impl Application {
    pub async fn build(mut config: Config) -> anyhow::Result<Self> {
        let listener = listen(&config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        if config.base_url.is_none() {
            // With port 0 the real port is known only now; links need it.
            config.base_url = Some(format!("http://{}", listener.local_addr()?));
        }
        let db = prepare_database(&config).await?;
        let secret = secret(&config, &db).await?;
        if !config.is_postgres() {
            let released = outbox::release_claims(&db.write).await?;
            if released > 0 {
                tracing::info!(
                    released,
                    "emails interrupted by the last stop are queued again"
                );
            }
        }
        let mailer = Arc::new(Mailer::new(&config, secret).context("email templates")?);

        let (services, writer_task) = assemble(config.clone(), db);
        if let Some((email, password)) = services.first_admin(&config.admin_email).await? {
            // Printed, never logged: the one time anyone sees this password.
            println!(
                "First start: log in at {}/admin/login as {email} with the password {}",
                config.base_url(),
                password.as_str()
            );
        }
        let (db, writer, catalog, outbox_ready) = (
            services.db.clone(),
            services.writer.clone(),
            services.catalog.clone(),
            services.outbox_ready.clone(),
        );
        let several_instances_possible = config.is_postgres();
        let refresher = several_instances_possible.then(|| {
            // Other instances' registrations reach this one's pages within
            // one refresh interval.
            let catalog = catalog.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(seats::REFRESH);
                loop {
                    tick.tick().await;
                    catalog.refresh_counts().await;
                }
            })
        });
        let (stop_mail, mail_stopped) = watch::channel(false);
        let mail_task = mailer.spawn_worker(
            db.clone(),
            writer.clone(),
            outbox_ready.clone(),
            mail_stopped,
        );

        let reminders = tokio::spawn(queue_reminders(services.clone(), config.reminder_hours));
        let checkpoints = tokio::spawn(checkpoint(db.clone()));
        let limiter = Arc::new(web::rate_limit::RateLimiter::new(
            config.rate_limit_per_minute,
        ));
        let router = web::router(services.clone(), limiter);
        Ok(Self {
            listener,
            services,
            router,
            writer_task,
            mail_task,
            stop_mail,
            refresher,
            reminders,
            checkpoints,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight, lets the writer commit what it has, and stops the mail worker
    /// (unsent mail stays in the outbox for the next start).
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self {
            listener,
            services,
            router,
            writer_task,
            mail_task,
            stop_mail,
            refresher,
            reminders,
            checkpoints,
        } = self;
        let db = services.db.clone();
        drop(services);
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        let _ = stop_mail.send(true);
        reminders.abort();
        checkpoints.abort();
        if let Some(refresher) = refresher {
            refresher.abort();
        }
        // The mail worker finishes its round and records it through the
        // writer. Every request has had its answer, so after that the writer
        // owes nothing: a batch it has not begun is one nobody waits for.
        let _ = tokio::time::timeout(Duration::from_secs(15), mail_task).await;
        writer_task.abort();
        let _ = writer_task.await;
        db.close().await;
        Ok(())
    }
}

/// Listens with a deep accept queue: in a registration rush hundreds of
/// people connect in the same instant, and a connection the kernel drops
/// is retried by the browser only a second later.
async fn listen(bind: &str) -> std::io::Result<TcpListener> {
    let address = tokio::net::lookup_host(bind)
        .await?
        .next()
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "no address"))?;
    let socket = if address.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(4096)
}

/// Keeps SQLite's write-ahead log short, beside the writer.
async fn checkpoint(db: Database) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        if let Err(error) = db.checkpoint().await {
            tracing::warn!(%error, "checkpoint failed");
        }
    }
}

/// Queues reminders as events come within `hours` of their start; checked
/// every minute.
async fn queue_reminders(services: Services, hours: u32) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        match services.queue_due_reminders(hours).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "queued reminders"),
            Err(error) => tracing::warn!(%error, "could not queue reminders"),
        }
    }
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
