//! Builds Tessera: database, writer, catalog, mail worker, router. Used by
//! `main` and by the tests alike, so the tests run the real thing.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{ConnectInfo, Request};
use base64::Engine;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use rand::RngCore;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tower::Service;

use crate::config::Config;
use crate::mail::Mailer;
use crate::services::{Catalog, Services, demo};
use crate::store::entities::{event, setting};
use crate::store::seats::SeatBoard;
use crate::store::wal::WalBound;
use crate::store::writer::Writer;
use crate::store::{Database, outbox, seats};
use crate::web;

pub struct Application {
    listener: TcpListener,
    metrics_listener: Option<TcpListener>,
    readiness: Arc<web::ops::Readiness>,
    limiter: Arc<web::rate_limit::RateLimiter>,
    services: Services,
    router: axum::Router,
    writer_task: tokio::task::JoinHandle<()>,
    mail_task: tokio::task::JoinHandle<()>,
    stop_mail: watch::Sender<bool>,
    refresher: Option<tokio::task::JoinHandle<()>>,
    reminders: tokio::task::JoinHandle<()>,
    /// The daily erasure, when `TESSERA_RETENTION_DAYS` is set.
    retention: Option<tokio::task::JoinHandle<()>>,
    holds: tokio::task::JoinHandle<()>,
    checkpoints: tokio::task::JoinHandle<()>,
}

/// Connects and migrates; on an empty database, loads the demo event when
/// configured to.
pub async fn prepare_database(config: &Config) -> anyhow::Result<Database> {
    let kept_log = crate::store::wal::kept_bytes(config.sqlite_wal_limit_bytes());
    let db = Database::connect_keeping(&config.database_url, Some(kept_log))
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
        config.verify_hold(),
        WalBound::for_database(
            &config.database_url,
            config.sqlite_wal_limit_bytes(),
            db.wal_over_bound.clone(),
        ),
    );
    let catalog = Arc::new(Catalog::new(db.read.clone(), seats));
    let services = Services {
        config: Arc::new(config),
        db,
        writer,
        catalog,
        outbox_ready,
        signing_key: None,
        door_turn: Arc::default(),
    };
    (services, writer_task)
}

impl Application {
    pub async fn build(mut config: Config) -> anyhow::Result<Self> {
        let listener = listen(&config.bind)
            .await
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let metrics_listener = match &config.metrics_bind {
            Some(bind) => Some(
                listen(bind)
                    .await
                    .with_context(|| format!("cannot listen for metrics on {bind}"))?,
            ),
            None => None,
        };
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
        let signing_key: Arc<[u8]> = secret.clone().into();
        let mailer = Arc::new(Mailer::new(&config, secret).context("email templates")?);

        let (mut services, writer_task) = assemble(config.clone(), db);
        services.signing_key = Some(signing_key);
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
        let retention = config
            .retention_days
            .map(|_| tokio::spawn(erase_after_retention(services.clone())));
        let holds = tokio::spawn(expire_holds(services.clone()));
        let checkpoints = tokio::spawn(checkpoint(db.clone()));
        let limiter = Arc::new(web::rate_limit::RateLimiter::new(
            config.rate_limit_per_minute,
            config.trusted_proxies.clone(),
        ));
        let readiness = Arc::new(web::ops::Readiness::default());
        let router = web::router(services.clone(), limiter.clone(), readiness.clone());
        Ok(Self {
            listener,
            metrics_listener,
            readiness,
            limiter,
            services,
            router,
            writer_task,
            mail_task,
            stop_mail,
            refresher,
            reminders,
            retention,
            holds,
            checkpoints,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Where `TESSERA_METRICS_BIND` listens, when set.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// For tests: stops the mail worker as a crash would, so that a test can
    /// check that readiness fails and the process ends.
    pub fn mail_worker_abort_handle(&self) -> tokio::task::AbortHandle {
        self.mail_task.abort_handle()
    }

    /// For tests: stops the registration writer as a crash would.
    pub fn writer_abort_handle(&self) -> tokio::task::AbortHandle {
        self.writer_task.abort_handle()
    }

    /// Serves until `shutdown` completes, then finishes the requests in
    /// flight, lets the writer commit what it has, and stops the mail worker
    /// (unsent mail stays in the outbox for the next start).
    ///
    /// If the registration writer or the mail worker ends by itself, the
    /// instance turns unready (/readyz answers 503), keeps serving for
    /// [`UNREADY_DRAIN`] so a load balancer can notice, then stops the same
    /// way and returns an error: a supervisor restarts it, rather than it
    /// answering 500 to every registration.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self {
            listener,
            metrics_listener,
            readiness,
            limiter,
            services,
            router,
            mut writer_task,
            mut mail_task,
            stop_mail,
            refresher,
            reminders,
            retention,
            holds,
            checkpoints,
        } = self;
        let db = services.db.clone();
        let limits = ConnectionLimits::of(&services.config);
        let (stop_serving, serving_stopped) = watch::channel(false);
        let metrics_server = metrics_listener.map(|listener| {
            let router = web::metrics_router(services.clone(), readiness.clone());
            tokio::spawn(serve(listener, router, limits, serving_stopped.clone()))
        });
        drop(services);
        let mut server = tokio::spawn(serve(listener, router, limits, serving_stopped));
        let sweeper = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                limiter.forget_idle();
            }
        });

        tokio::pin!(shutdown);
        let (mut server_done, mut writer_done, mut mail_done) = (false, false, false);
        let stopped_worker = tokio::select! {
            () = &mut shutdown => None,
            result = &mut server => {
                // The accept loop ends only when told to, or when it fails.
                server_done = true;
                result??;
                None
            }
            result = &mut writer_task => {
                writer_done = true;
                Some(("registration writer", result))
            }
            result = &mut mail_task => {
                mail_done = true;
                Some(("mail worker", result))
            }
        };
        if let Some((worker, result)) = &stopped_worker {
            let cause = match result {
                Ok(()) => "it returned".to_owned(),
                Err(error) => error.to_string(),
            };
            tracing::error!(
                worker,
                %cause,
                "the {worker} has stopped: Tessera reports unready and exits, so that it is restarted"
            );
            readiness.worker_stopped(worker);
            tokio::select! {
                () = tokio::time::sleep(UNREADY_DRAIN) => {}
                () = &mut shutdown => {}
            }
        }
        let _ = stop_serving.send(true);
        if !server_done && let Ok(Err(error)) = server.await {
            tracing::warn!(%error, "the server stopped with an error");
        }
        if let Some(metrics_server) = metrics_server {
            let _ = metrics_server.await;
        }
        let _ = stop_mail.send(true);
        reminders.abort();
        if let Some(retention) = retention {
            retention.abort();
        }
        holds.abort();
        checkpoints.abort();
        sweeper.abort();
        if let Some(refresher) = refresher {
            refresher.abort();
        }
        // The mail worker finishes its round and records it through the
        // writer. Every request has had its answer, so after that the writer
        // owes nothing: a batch it has not begun is one nobody waits for.
        if !mail_done {
            let _ = tokio::time::timeout(Duration::from_secs(15), mail_task).await;
        }
        if !writer_done {
            writer_task.abort();
            let _ = writer_task.await;
        }
        db.close().await;
        match stopped_worker {
            Some((worker, _)) => Err(anyhow::anyhow!("the {worker} stopped unexpectedly")),
            None => Ok(()),
        }
    }
}

/// How long an instance whose writer or mail worker stopped keeps serving
/// while /readyz says 503, before it exits: a few of a load balancer's
/// health checks.
pub const UNREADY_DRAIN: Duration = Duration::from_secs(3);

/// What one slow or idle client may hold, from the configuration.
#[derive(Clone, Copy)]
struct ConnectionLimits {
    header_timeout: Duration,
    max_connections: usize,
}

impl ConnectionLimits {
    fn of(config: &Config) -> Self {
        Self {
            header_timeout: Duration::from_secs(config.header_timeout_secs.max(1)),
            max_connections: config.max_connections.max(1),
        }
    }
}

/// Accepts connections until `stop` turns true, then lets the requests in
/// flight finish. axum's own `serve` has no header-read timeout and no cap
/// on connections, hence this loop over hyper. hyper's header-read timer
/// also runs while a kept-alive connection waits for its next request, so
/// it closes idle connections too.
async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    loop {
        // At the cap, new connections wait in the kernel's accept queue.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.map_err(std::io::Error::other)?,
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.wait_for(|stop| *stop) => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) if is_connection_error(&error) => continue,
            Err(error) => {
                // Out of file descriptors, typically: wait for some to close.
                tracing::error!(%error, "cannot accept connections");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    _ = stop.wait_for(|stop| *stop) => break,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        // What `into_make_service_with_connect_info` gave: handlers and the
        // rate limit read the peer from `ConnectInfo`.
        let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().call(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

fn is_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
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

/// Ends the seat holds of unconfirmed registrations as they run out;
/// checked every `HOLD_CHECK`. Every instance runs it: the writer reads the
/// holds under the events' locks, so two instances never end one twice.
async fn expire_holds(services: Services) {
    const HOLD_CHECK: Duration = Duration::from_secs(30);
    let mut tick = tokio::time::interval(HOLD_CHECK);
    loop {
        tick.tick().await;
        match services.expire_holds().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(holds = n, "seat holds expired"),
            Err(error) => tracing::warn!(%error, "could not expire seat holds"),
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

/// Erases the personal data of registrations whose event ended more than
/// `TESSERA_RETENTION_DAYS` ago. Asks every hour (and at start); the first
/// instance to ask on a day does the day's run (`Services::run_retention`).
async fn erase_after_retention(services: Services) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match services.run_retention().await {
            Ok(Some(0)) | Ok(None) => {}
            Ok(Some(n)) => tracing::info!(registrations = n, "erased after the retention period"),
            Err(error) => tracing::warn!(%error, "could not erase after the retention period"),
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
