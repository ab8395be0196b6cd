//! What the edge does with hostile or broken clients: slow and idle
//! connections, oversized bodies, slugs that are not slugs, clients behind a
//! proxy, the counters for operators, and a dead background task.

use std::time::{Duration, Instant};

use tessera::app::Application;
use tessera::config::Config;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Db, TestApp, fresh_database};

fn host(app: &TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

async fn connect(address: &str) -> TcpStream {
    TcpStream::connect(address).await.expect("connect")
}

/// What the server sends until it closes the connection; None if it is
/// still open after `within`.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut received = Vec::new();
    let deadline = Instant::now() + within;
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(String::from_utf8_lossy(&received).into()),
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

/// The status of the first response on `stream`, if one comes within `within`.
async fn status_within(stream: &mut TcpStream, within: Duration) -> Option<u16> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let deadline = Instant::now() + within;
    while !received.windows(2).any(|w| w == b"\r\n") {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Ok(Ok(n)) if n > 0 => received.extend_from_slice(&buffer[..n]),
            _ => return None,
        }
    }
    String::from_utf8_lossy(&received)
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
}

/// One request on a fresh connection; the response's status.
async fn status_of(address: &str, request: &str) -> Option<u16> {
    let mut stream = connect(address).await;
    stream.write_all(request.as_bytes()).await.ok()?;
    status_within(&mut stream, Duration::from_secs(10)).await
}

async fn spawn_with_short_timeouts() -> TestApp {
    TestApp::spawn_with(Db::Sqlite, |c| {
        c.header_timeout_secs = 1;
        c.body_timeout_secs = 1;
    })
    .await
    .expect("an app")
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let app = spawn_with_short_timeouts().await;
    let mut stream = connect(&host(&app)).await;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: tessera\r\nX-Slow: ")
        .await
        .unwrap();
    let started = Instant::now();
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "the connection is still open after 5 s");
    assert!(
        started.elapsed() >= Duration::from_millis(500),
        "not at once"
    );
}

#[tokio::test]
async fn a_body_shorter_than_announced_gets_408_within_the_bound() {
    let app = spawn_with_short_timeouts().await;
    let mut stream = connect(&host(&app)).await;
    let head = format!(
        "POST /events/{}/register HTTP/1.1\r\nHost: tessera\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\nfirst_name=Ada",
        app.event_slug
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the connection is still open after 5 s");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = spawn_with_short_timeouts().await;
    let mut stream = connect(&host(&app)).await;
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: tessera\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(
        status_within(&mut stream, Duration::from_secs(5)).await,
        Some(200),
        "a normal request is answered"
    );
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(
        closed.is_some(),
        "the idle connection is still open after 5 s"
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_at_once() {
    let app = spawn_with_short_timeouts().await;
    let mut stream = connect(&host(&app)).await;
    let head = format!(
        "POST /events/{}/register HTTP/1.1\r\nHost: tessera\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\n\r\n",
        app.event_slug
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // Well before the body timeout: the length alone decides.
    assert_eq!(
        status_within(&mut stream, Duration::from_millis(700)).await,
        Some(413)
    );
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_one() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| c.max_connections = 2)
        .await
        .expect("an app");
    let address = host(&app);
    let first = connect(&address).await;
    let _second = connect(&address).await;
    // Let the server take both before the third arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut third = connect(&address).await;
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: tessera\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(
        status_within(&mut third, Duration::from_millis(700)).await,
        None,
        "a third connection is served while two are open"
    );
    drop(first);
    assert_eq!(
        status_within(&mut third, Duration::from_secs(5)).await,
        Some(200),
        "served once a connection closed"
    );
}

/// Path segments that are not slugs; sent raw, so no client normalises them.
const NOT_SLUGS: [&str; 7] = [
    "%00",
    "%0d%0aSet-Cookie:%20x=1",
    "..",
    "%2e%2e",
    "caf%C3%A9",
    "Women-2027",
    "women--2027",
];

async fn slugs_that_are_not_slugs_are_404(db: Db) {
    let Some(app) = TestApp::spawn(db).await else {
        return;
    };
    let address = host(&app);
    let long = "a".repeat(5000);
    let mut segments: Vec<String> = NOT_SLUGS.iter().map(|s| s.to_string()).collect();
    segments.push(long);
    for segment in &segments {
        for path in [
            format!("/events/{segment}"),
            format!("/events/{segment}/calendar.ics"),
            format!("/events/{segment}/registered"),
        ] {
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: tessera\r\nConnection: close\r\n\r\n");
            assert_eq!(status_of(&address, &request).await, Some(404), "GET {path}");
        }
        for form in [
            "first_name=Ada&website=http%3A%2F%2Fspam.example",
            "first_name=Ada",
        ] {
            let request = format!(
                "POST /events/{segment}/register HTTP/1.1\r\nHost: tessera\r\nConnection: close\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
                form.len()
            );
            let status = status_of(&address, &request).await;
            assert!(
                matches!(status, Some(404) | Some(405)),
                "POST /events/{segment}/register with {form}: {status:?}"
            );
        }
    }
    // A valid slug that names nothing is a 404 too, and a real one still works.
    let request = "GET /events/x HTTP/1.1\r\nHost: tessera\r\nConnection: close\r\n\r\n";
    assert_eq!(status_of(&address, request).await, Some(404));
    let request = format!(
        "GET /events/{} HTTP/1.1\r\nHost: tessera\r\nConnection: close\r\n\r\n",
        app.event_slug
    );
    assert_eq!(status_of(&address, &request).await, Some(200));
}

#[tokio::test]
async fn sqlite_slugs_that_are_not_slugs_are_404() {
    slugs_that_are_not_slugs_are_404(Db::Sqlite).await;
}

#[tokio::test]
async fn postgres_slugs_that_are_not_slugs_are_404() {
    slugs_that_are_not_slugs_are_404(Db::Postgres).await;
}

/// Posts fixture person `i`'s registration as if through a proxy that says
/// the client is `forwarded_for`.
async fn post_via(app: &TestApp, i: usize, forwarded_for: &str) -> u16 {
    let form = app.form_for(&app.event_slug, i).await;
    app.client
        .post(format!(
            "{}/events/{}/register",
            app.address, app.event_slug
        ))
        .header("x-forwarded-for", forwarded_for)
        .form(&form)
        .send()
        .await
        .expect("POST")
        .status()
        .as_u16()
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_have_a_limit_each() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.rate_limit_per_minute = 2;
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await
    .expect("an app");
    let mut first = Vec::new();
    for i in 0..3 {
        first.push(post_via(&app, 200 + i, "198.51.100.1").await);
    }
    assert_eq!(first, [303, 303, 429], "the first client is limited");
    // The same proxy (the same socket peer), another client behind it.
    assert_eq!(post_via(&app, 210, "203.0.113.5, 198.51.100.2").await, 303);
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_dodges_nothing() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.rate_limit_per_minute = 2;
        c.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()];
    })
    .await
    .expect("an app");
    let mut codes = Vec::new();
    for i in 0..3 {
        codes.push(post_via(&app, 220 + i, &format!("198.51.100.{i}")).await);
    }
    assert_eq!(codes, [303, 303, 429]);
}

/// The value of the sample `name` (with its labels) in a metrics page.
fn sample(page: &str, name: &str) -> u64 {
    page.lines()
        .find_map(|line| line.strip_prefix(name)?.trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn an_empty_metrics_token_opens_nothing() {
    for token in ["", "   "] {
        let app = TestApp::spawn_with(Db::Sqlite, |c| c.metrics_token = Some(token.into()))
            .await
            .expect("an app");
        let response = app.get("/metrics").await;
        assert_eq!(
            response.status(),
            404,
            "token {token:?} made /metrics public"
        );
    }
}

#[tokio::test]
async fn metrics_answer_only_the_token_and_count_this_instances_work() {
    let app = TestApp::spawn_with(Db::Sqlite, |c| {
        c.metrics_token = Some("t0ken-for-the-ops-team".into())
    })
    .await
    .expect("an app");
    let metrics = |token: Option<&'static str>| {
        let mut request = app.client.get(format!("{}/metrics", app.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(metrics(None).await.unwrap().status(), 401);
    assert_eq!(metrics(Some("t0ken")).await.unwrap().status(), 401);
    let before = metrics(Some("t0ken-for-the-ops-team")).await.unwrap();
    assert_eq!(before.status(), 200);
    let before = before.text().await.unwrap();
    app.register_person(&app.event_slug, 300).await;
    app.register_person(&app.event_slug, 301).await;
    let after = metrics(Some("t0ken-for-the-ops-team"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let confirmed = "tessera_registrations_total{outcome=\"confirmed\"}";
    // Process-wide: other tests add to it too, never take from it.
    assert!(
        sample(&after, confirmed) >= sample(&before, confirmed) + 2,
        "both registrations are counted"
    );
    // The outbox is this instance's own database: exactly its two
    // confirmations, whatever state their delivery is in.
    let owed: u64 = after
        .lines()
        .filter(|line| line.starts_with("tessera_outbox_messages{"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
        .sum();
    assert_eq!(owed, 2, "{after}");
}

/// Builds the application on a fresh SQLite database, as `TestApp` does,
/// for tests that need the `Application` itself.
async fn application(configure: impl FnOnce(&mut Config)) -> (Application, TempDir) {
    let dir =
        TempDir(std::env::temp_dir().join(format!("tessera_{}", uuid::Uuid::now_v7().simple())));
    std::fs::create_dir_all(&dir.0).expect("a test directory");
    let (url, _) = fresh_database(Db::Sqlite, &dir.0)
        .await
        .expect("a database");
    let mut config = Config::for_database(&url);
    config.bind = "127.0.0.1:0".into();
    config.outbox_dir = dir.0.join("outbox");
    configure(&mut config);
    let app = Application::build(config).await.expect("build the app");
    (app, dir)
}

/// Removes the test's folder however the test ends.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test]
async fn metrics_on_their_own_listener_are_not_on_the_public_one() {
    let (app, _dir) = application(|c| c.metrics_bind = Some("127.0.0.1:0".into())).await;
    let public = format!("http://{}", app.address());
    let private = format!(
        "http://{}",
        app.metrics_address().expect("a metrics listener")
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let get = |url: String| client.get(url).send();
    assert_eq!(
        get(format!("{public}/metrics")).await.unwrap().status(),
        404
    );
    let response = get(format!("{private}/metrics")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("tessera_registrations_total")
    );
    assert_eq!(
        get(format!("{private}/events/women-2027"))
            .await
            .unwrap()
            .status(),
        404,
        "the metrics listener serves no pages"
    );
    let _ = stop.send(());
    running.await.unwrap().expect("a clean stop");
}

/// Stops one of the instance's tasks as a crash would, and checks that the
/// instance turns unready and then ends with an error naming the task.
async fn a_dead_task_makes_the_instance_unready_and_stop(
    task: fn(&Application) -> tokio::task::AbortHandle,
    name: &str,
) {
    let (app, _dir) = application(|_| {}).await;
    let address = format!("http://{}", app.address());
    let task = task(&app);
    let running = tokio::spawn(app.run_until(std::future::pending()));
    let client = reqwest::Client::new();
    let readyz = || client.get(format!("{address}/readyz")).send();
    assert_eq!(readyz().await.unwrap().status(), 200);

    task.abort();
    let deadline = Instant::now() + Duration::from_secs(2);
    let mut status = 200;
    while Instant::now() < deadline {
        status = readyz().await.unwrap().status().as_u16();
        if status == 503 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 503, "/readyz still says ready");
    let ended = tokio::time::timeout(Duration::from_secs(20), running)
        .await
        .expect("the instance stops by itself")
        .unwrap();
    let error = ended.expect_err("a stop for a dead worker is an error");
    assert!(error.to_string().contains(name), "{error}");
}

#[tokio::test]
async fn a_dead_mail_worker_makes_the_instance_unready_and_stop() {
    a_dead_task_makes_the_instance_unready_and_stop(
        Application::mail_worker_abort_handle,
        "mail worker",
    )
    .await;
}

#[tokio::test]
async fn a_dead_registration_writer_makes_the_instance_unready_and_stop() {
    a_dead_task_makes_the_instance_unready_and_stop(Application::writer_abort_handle, "writer")
        .await;
}
