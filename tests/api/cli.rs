//! The `tessera` command as an operator runs it: the built binary, with its
//! configuration in the environment.

use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const SECRETS: [(&str, &str); 4] = [
    (
        "DATABASE_URL",
        "postgres://tessera:hunter2-db@db.internal/tessera",
    ),
    (
        "TESSERA_SMTP_URL",
        "smtp://mailer:hunter2-smtp@mail.example.org:587",
    ),
    ("TESSERA_SECRET", "hunter2-signing-key"),
    ("TESSERA_METRICS_TOKEN", "hunter2-metrics"),
];

/// A folder of the test's own, removed however the test ends; the command
/// runs in it, so no `.env` of the repository is read.
struct Folder(PathBuf);

impl Folder {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!("tessera_{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&path).expect("a test folder");
        Self(path)
    }

    fn database_url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.0.join("tessera.db").display())
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tessera(folder: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
    command
        .current_dir(folder)
        .env("TESSERA_OUTBOX_DIR", folder.join("outbox"))
        .env("RUST_LOG", "warn")
        .kill_on_drop(true);
    for (name, _) in SECRETS {
        command.env_remove(name);
    }
    command
}

async fn run(command: &mut Command) -> Output {
    command.output().await.expect("run tessera")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[tokio::test]
async fn help_never_prints_a_secret_and_every_command_shows_the_options() {
    let folder = Folder::new();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["event", "update", "--help"],
        vec!["event", "cancel", "--help"],
    ] {
        let mut command = tessera(&folder.0);
        command.args(&args).envs(SECRETS);
        let output = run(&mut command).await;
        let help = text(&output);
        assert!(output.status.success(), "{args:?}: {help}");
        assert!(
            !help.contains("hunter2"),
            "{args:?} prints a secret:\n{help}"
        );
        assert!(help.contains("--database-url"), "{args:?}:\n{help}");
        assert!(help.contains("--metrics-token"), "{args:?}:\n{help}");
    }
}

#[tokio::test]
async fn port_zero_prints_the_port_actually_bound() {
    let folder = Folder::new();
    let mut child = tessera(&folder.0)
        .args(["--bind", "127.0.0.1:0", "--demo", "false"])
        .args(["--database-url", &folder.database_url()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start tessera");
    let stdout = child.stdout.take().expect("its output");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if line.contains("Tessera is running") {
                return line;
            }
        }
        String::new()
    })
    .await
    .expect("tessera says where it runs");
    let port: u16 = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert_ne!(port, 0, "{line}");
    let health = reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
        .await
        .expect("the printed port answers");
    assert_eq!(health.status(), 200);
    child.kill().await.expect("stop tessera");
}

#[tokio::test]
async fn event_commands_name_an_unknown_slug_and_read_times_in_the_events_zone() {
    let folder = Folder::new();
    let url = folder.database_url();
    let demo = run(tessera(&folder.0).args(["demo", "--database-url", &url])).await;
    assert!(demo.status.success(), "{}", text(&demo));

    // Global options after the command.
    let unknown =
        run(tessera(&folder.0).args(["event", "cancel", "no-such-event", "--database-url", &url]))
            .await;
    assert!(!unknown.status.success());
    assert!(
        text(&unknown).contains("no event with the slug \"no-such-event\""),
        "{}",
        text(&unknown)
    );

    let update = |starts: &'static str, ends: &'static str| {
        let mut command = tessera(&folder.0);
        command.args(["event", "update", "women-2027", "--database-url", &url]);
        command.args(["--starts-at", starts, "--ends-at", ends]);
        command
    };
    // Brussels moves its clocks from 02:00 to 03:00 on 31 March 2030.
    let gap = run(&mut update("2030-03-31T02:30", "2030-03-31T17:00")).await;
    assert!(!gap.status.success());
    assert!(text(&gap).contains("does not exist"), "{}", text(&gap));

    let local = run(&mut update("2030-03-08T09:00", "2030-03-08T17:30")).await;
    assert!(local.status.success(), "{}", text(&local));
    let db = tessera::store::Database::connect(&url)
        .await
        .expect("open the database");
    let event = tessera::store::queries::event_by_slug(&db.read, "women-2027")
        .await
        .expect("read the event")
        .expect("the demo event");
    assert_eq!(
        event.event.starts_at.to_rfc3339(),
        "2030-03-08T08:00:00+00:00"
    );
    db.close().await;

    let offset = run(&mut update(
        "2030-03-08T09:00:00+00:00",
        "2030-03-08T17:30:00+00:00",
    ))
    .await;
    assert!(offset.status.success(), "{}", text(&offset));
}
