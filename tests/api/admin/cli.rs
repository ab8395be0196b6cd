//! `tessera user …` and the first start, through the built binary.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;

use super::{Browser, Remote};
use crate::helpers::{Db, TestApp};

fn tessera(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
    command
        .env("DATABASE_URL", database_url)
        .env("TESSERA_DEMO", "false")
        .env("RUST_LOG", "warn")
        .env_remove("TESSERA_ADMIN_EMAIL")
        .kill_on_drop(true);
    command
}

fn temp_database() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("tessera_cli_{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("tessera.db").display());
    (dir, url)
}

/// Runs `tessera user …` with `stdin` piped in (None: no input at all).
async fn user(database_url: &str, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    let mut child = tessera(database_url)
        .arg("user")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tessera");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).await.unwrap();
    }
    drop(input);
    child.wait_with_output().await.unwrap()
}

async fn app_on(database_url: &str) -> TestApp {
    let url = database_url.to_owned();
    TestApp::spawn_with(Db::Sqlite, move |c| c.database_url = url)
        .await
        .unwrap()
}

#[tokio::test]
async fn user_create_takes_the_password_from_stdin_and_the_account_logs_in() {
    let (dir, url) = temp_database();
    let piped = user(
        &url,
        &[
            "create",
            "--email",
            "Lea.Rossi@office.example.eu",
            "--role",
            "organizer",
            "--name",
            "Lea Rossi",
        ],
        Some("a long piped password\n"),
    )
    .await;
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let printed = String::from_utf8_lossy(&piped.stdout);
    assert!(
        !printed.contains("a long piped password"),
        "a piped password is not echoed"
    );

    let generated = user(
        &url,
        &[
            "create",
            "--email",
            "desk@office.example.eu",
            "--role",
            "checkin",
        ],
        None,
    )
    .await;
    assert!(generated.status.success());
    let printed = String::from_utf8_lossy(&generated.stdout).to_string();
    let password = printed
        .lines()
        .find_map(|l| l.strip_prefix("Password (shown only this once): "))
        .expect("a generated password is printed")
        .trim()
        .to_owned();

    let short = user(
        &url,
        &[
            "create",
            "--email",
            "x@office.example.eu",
            "--role",
            "admin",
        ],
        Some("short\n"),
    )
    .await;
    assert!(!short.status.success(), "a short password is refused");
    let bad_role = user(
        &url,
        &["create", "--email", "y@office.example.eu", "--role", "boss"],
        None,
    )
    .await;
    assert!(!bad_role.status.success());
    assert!(String::from_utf8_lossy(&bad_role.stderr).contains("role"));

    let app = app_on(&url).await;
    let lea = Browser::default()
        .log_in(&app, "lea.rossi@office.example.eu", "a long piped password")
        .await;
    assert_eq!(lea.status(), 303);
    let desk = Browser::default()
        .log_in(&app, "desk@office.example.eu", &password)
        .await;
    assert_eq!(desk.status(), 303);
    assert_eq!(
        desk.headers()["location"],
        "/admin/check-in",
        "check-in staff land on the events to check in"
    );
    drop(app);

    let reset = user(
        &url,
        &["reset-password", "--email", "lea.rossi@office.example.eu"],
        Some("another long password\n"),
    )
    .await;
    assert!(
        reset.status.success(),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    let app = app_on(&url).await;
    let old = Browser::default()
        .log_in(&app, "lea.rossi@office.example.eu", "a long piped password")
        .await;
    assert_eq!(old.status(), 422);
    let new = Browser::default()
        .log_in(&app, "lea.rossi@office.example.eu", "another long password")
        .await;
    assert_eq!(new.status(), 303);
    drop(app);
    let _ = std::fs::remove_dir_all(dir);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `tessera serve` and returns it with the lines it printed up to
/// "Tessera is running".
async fn serve(database_url: &str, port: u16) -> (tokio::process::Child, Vec<String>) {
    let mut child = tessera(database_url)
        .env("TESSERA_BIND", format!("127.0.0.1:{port}"))
        .env("TESSERA_BASE_URL", format!("http://127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run tessera serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let read = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            let done = line.starts_with("Tessera is running");
            printed.push(line);
            if done {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), read)
        .await
        .expect("tessera starts");
    (child, printed)
}

#[tokio::test]
async fn the_first_start_prints_an_admin_login_that_works_once() {
    let (dir, url) = temp_database();
    let port = free_port();
    let (mut first, printed) = serve(&url, port).await;
    let line = printed
        .iter()
        .find(|l| l.starts_with("First start:"))
        .unwrap_or_else(|| panic!("a first-start login in {printed:?}"));
    let email = line
        .split(" as ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let password = line.rsplit(' ').next().unwrap();
    assert_eq!(email, "admin@tessera.invalid");

    let server = Remote::new(format!("http://127.0.0.1:{port}"));
    let mut admin = Browser::default();
    let login = admin.log_in(&server, email, password).await;
    assert_eq!(login.status(), 303);
    assert_eq!(admin.get(&server, "/admin/accounts").await.status(), 200);
    first.kill().await.unwrap();

    let (mut second, printed) = serve(&url, port).await;
    assert!(
        !printed.iter().any(|l| l.starts_with("First start:")),
        "only on the first start: {printed:?}"
    );
    second.kill().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
