//! The `caravan` binary as an operator runs it: start-up errors, migrations, shutdown.
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::Db;

pub(crate) fn caravan(dir: &std::path::Path) -> Command {
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

/// A public instance without its own secret (a database backup would forge every link), and
/// relay credentials that would cross the network in clear, stop the start with one line.
#[test]
fn unsafe_public_settings_stop_the_start_naming_the_variable() {
    for (vars, named, hidden) in [
        (
            vec![("CARAVAN_BASE_URL", "https://news.example.org")],
            "CARAVAN_SECRET: expected ",
            None,
        ),
        (
            vec![(
                "CARAVAN_SMTP_URL",
                "smtp://news:s3cr3t-pw@relay.example.org:25",
            )],
            "CARAVAN_SMTP_URL: expected ",
            Some("s3cr3t-pw"),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let output = caravan(dir.path())
            .arg("serve")
            .envs(vars)
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.trim().starts_with(&format!("caravan: {named}")),
            "{stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        if let Some(secret) = hidden {
            assert!(!stderr.contains(secret), "{stderr}");
        }
        assert!(!dir.path().join("caravan.db").exists());
    }
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
    // Ready when it answers HTTP: a bound port alone accepts before the server runs.
    let ready = || {
        use std::io::{Read, Write};
        let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
        let request = b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        let mut answer = String::new();
        stream.write_all(request).is_ok()
            && stream.read_to_string(&mut answer).is_ok()
            && answer.starts_with("HTTP/1.1 200")
    };
    while !ready() {
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

pub(crate) fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    caravan(dir).args(args).output().unwrap()
}

/// `caravan articles import` of the five raw seed files into `dir/articles`.
pub(crate) fn import_seeds(dir: &std::path::Path) -> std::process::Output {
    caravan(dir)
        .args(["articles", "import"])
        .args(seeds())
        .output()
        .unwrap()
}

fn seeds() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed-articles");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn articles_import_writes_one_file_per_seed_and_never_overwrites_silently() {
    let dir = tempfile::tempdir().unwrap();
    let output = import_seeds(dir.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.starts_with("wrote articles/"))
            .count(),
        5,
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("(title derived from the text)").count(),
        2,
        "{stdout}"
    );
    let written: Vec<_> = std::fs::read_dir(dir.path().join("articles"))
        .unwrap()
        .collect();
    assert_eq!(written.len(), 5);

    let again = import_seeds(dir.path());
    assert!(again.status.success());
    assert_eq!(
        String::from_utf8(again.stdout)
            .unwrap()
            .matches("unchanged ")
            .count(),
        5
    );

    // An editor changed an article by hand: a re-import must not silently undo that.
    let edited = dir.path().join(
        "articles/le-kazakhstan-et-le-kirghizistan-souhaitent-intensifier-leurs-relations.md",
    );
    std::fs::write(
        &edited,
        std::fs::read_to_string(&edited).unwrap() + "\nAjout de la rédaction.\n",
    )
    .unwrap();
    let refused = caravan(dir.path())
        .args(["articles", "import"])
        .arg(&seeds()[3])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.contains("already holds a different article"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(&edited)
            .unwrap()
            .contains("Ajout de la rédaction.")
    );
    let forced = caravan(dir.path())
        .args(["articles", "import", "--force"])
        .arg(&seeds()[3])
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert!(
        !std::fs::read_to_string(&edited)
            .unwrap()
            .contains("Ajout de la rédaction.")
    );
}

#[test]
fn articles_import_names_each_bad_file_and_still_imports_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binary.txt"), b"\xff\xfe\x00titre").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "\n\n").unwrap();
    let output = caravan(dir.path())
        .args([
            "articles",
            "import",
            "binary.txt",
            "empty.txt",
            "missing.txt",
        ])
        .arg(&seeds()[0])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("binary.txt: the file is not UTF-8 text"),
        "{stderr}"
    );
    assert!(
        stderr.contains("empty.txt: the file holds no text"),
        "{stderr}"
    );
    assert!(stderr.contains("missing.txt: cannot read"), "{stderr}");
    assert!(
        stderr.contains("3 of 4 files could not be imported"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("articles"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn articles_sync_and_list_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let import = import_seeds(dir.path());
    assert!(import.status.success());
    let sync = run(dir.path(), &["articles", "sync"]);
    assert!(
        sync.status.success(),
        "{}",
        String::from_utf8_lossy(&sync.stderr)
    );
    assert!(
        String::from_utf8(sync.stdout)
            .unwrap()
            .contains("5 added, 0 updated, 0 unchanged")
    );

    std::fs::write(dir.path().join("articles/casse.md"), "pas de front matter").unwrap();
    let broken = run(dir.path(), &["articles", "sync"]);
    assert!(
        !broken.status.success(),
        "a file that fails is a failure to report"
    );
    assert!(
        String::from_utf8(broken.stdout)
            .unwrap()
            .contains("0 added, 0 updated, 5 unchanged")
    );
    let stderr = String::from_utf8(broken.stderr).unwrap();
    assert!(
        stderr.contains("casse.md: the file must start with a `+++` line"),
        "{stderr}"
    );

    let list = run(dir.path(), &["articles", "list"]);
    assert!(list.status.success());
    let stdout = String::from_utf8(list.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    assert!(
        stdout.contains("renforcement-du-partenariat-strategique-kazakho-ouzbek-une-rencontre")
    );
}

#[test]
fn digest_build_from_the_command_line_makes_one_draft_a_week() {
    let dir = tempfile::tempdir().unwrap();
    let none = caravan(dir.path())
        .args(["digest", "build"])
        .env("CARAVAN_ARTICLES_DIR", "articles")
        .output()
        .unwrap();
    assert!(!none.status.success(), "a missing articles folder is named");
    assert!(
        String::from_utf8(none.stderr)
            .unwrap()
            .contains("CARAVAN_ARTICLES_DIR")
    );

    assert!(import_seeds(dir.path()).status.success());
    let built = run(dir.path(), &["digest", "build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let stdout = String::from_utf8(built.stdout).unwrap();
    assert!(
        stdout.starts_with("built issue 1 (") && stdout.contains(", draft)"),
        "{stdout}"
    );
    assert!(stdout.contains("— et 2 autres sujets"), "{stdout}");
    let again = run(dir.path(), &["digest", "build"]);
    assert!(
        String::from_utf8(again.stdout)
            .unwrap()
            .starts_with("this week's digest exists: issue 1")
    );
}

#[test]
fn issues_list_and_show_give_the_text_part_and_write_the_html_part() {
    let dir = tempfile::tempdir().unwrap();
    assert!(import_seeds(dir.path()).status.success());
    let built = run(dir.path(), &["digest", "build", "--queue"]);
    let stdout = String::from_utf8(built.stdout).unwrap();
    assert!(
        stdout.starts_with("built issue 1 (") && stdout.contains(", queued)"),
        "{stdout}"
    );

    let list = String::from_utf8(run(dir.path(), &["issues", "list"]).stdout).unwrap();
    assert!(
        list.contains("queued") && list.contains("Renforcement du partenariat"),
        "{list}"
    );

    let html = dir.path().join("digest.html");
    let show = caravan(dir.path())
        .args(["issues", "show", "1", "--html"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(
        show.status.success(),
        "{}",
        String::from_utf8_lossy(&show.stderr)
    );
    let text = String::from_utf8(show.stdout).unwrap();
    assert!(text.contains("Sur le même sujet\u{a0}:"), "{text}");
    assert!(text.contains("[5] http://localhost:8080/r/1/"), "{text}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!doctype html>") && page.contains("Lire l’article"));

    let missing = run(dir.path(), &["issues", "show", "42"]);
    assert!(!missing.status.success());
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert_eq!(stderr.lines().last(), Some("caravan: there is no issue 42"));
}
