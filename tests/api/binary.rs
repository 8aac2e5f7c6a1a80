//! The `caravan` binary as an operator runs it: start-up errors, migrations, shutdown.
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::Db;

fn caravan(dir: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_caravan"));
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null());
    command
}

#[test]
fn a_bad_variable_stops_the_program_with_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let output = caravan(dir.path())
        .args(["serve"])
        .env("CARAVAN_LISTEN", "abc")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        r#"caravan: CARAVAN_LISTEN: expected host:port, got "abc""#
    );
    assert!(
        !dir.path().join("caravan.db").exists(),
        "nothing is created before the check"
    );
}

#[test]
fn a_bad_value_in_dot_env_is_reported_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "CARAVAN_SEND_CONCURRENCY=lots\n").unwrap();
    let output = caravan(dir.path()).arg("migrate").output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .trim()
            .starts_with("caravan: CARAVAN_SEND_CONCURRENCY: expected"),
        "{stderr}"
    );
}

#[test]
fn migrate_creates_the_default_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let output = caravan(dir.path()).arg("migrate").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.path().join("caravan.db").exists());
    // Running it again is harmless.
    assert!(
        caravan(dir.path())
            .arg("migrate")
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[tokio::test]
async fn migrate_works_on_postgres() {
    let Some(db) = Db::postgres() else {
        eprintln!("skipped: CARAVAN_TEST_POSTGRES_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = db.fresh_url(dir.path()).await;
    let output = caravan(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn an_unreachable_database_is_named_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let output = caravan(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("caravan: DATABASE_URL: cannot open the database"),
        "{stderr}"
    );
}

#[test]
fn serve_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = caravan(dir.path())
        .arg("serve")
        .env("CARAVAN_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let stopping = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(15),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
