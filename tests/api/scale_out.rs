//! The scale-out proof on PostgreSQL: two `caravan serve --no-workers` processes, both with
//! the digest scheduler, and three `caravan worker` processes, all on one database. The
//! scheduler's tick builds exactly one digest (queued at once: `CARAVAN_DIGEST_MODE=auto`);
//! 50,000 readers each get it exactly once, though a worker is stopped midway.
use std::process::Stdio;
use std::time::Duration;

use caravan::domain::{Lang, SubscriberEmail};
use caravan::store::{ImportedReader, Store};
use tokio::process::{Child, Command};

use crate::fault_smtp::{FaultSmtp, Faults};
use crate::helpers::Db;

const READERS: usize = 50_000;

fn caravan(database_url: &str, smtp: &FaultSmtp, args: &[&str], port: u16) -> Child {
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    Command::new(env!("CARGO_BIN_EXE_caravan"))
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", database_url)
        .env("CARAVAN_LISTEN", format!("127.0.0.1:{port}"))
        .env("CARAVAN_SMTP_URL", smtp.url())
        .env("CARAVAN_MAIL_FROM", "Caravan <news@caravan.test>")
        .env("CARAVAN_ARTICLES_DIR", samples)
        .env("CARAVAN_DIGEST_MODE", "auto")
        .env("CARAVAN_SEND_LEASE", "5")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the caravan binary starts")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn status_of(store: &Store) -> Vec<(i64, String)> {
    store
        .list_issues()
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.id, i.status.to_string()))
        .collect()
}

#[tokio::test]
async fn two_servers_and_three_workers_send_one_digest_to_each_reader_once() {
    let Some(db) = Db::postgres() else {
        eprintln!("skipped: CARAVAN_TEST_POSTGRES_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let database_url = db.fresh_url(dir.path()).await;
    let store = Store::connect(&database_url).await.unwrap();
    store.migrate().await.unwrap();
    let readers: Vec<ImportedReader> = (0..READERS)
        .map(|i| ImportedReader {
            email: SubscriberEmail::parse(&format!("r{i}@example.kz")).unwrap(),
            name: None,
            lang: if i % 4 == 0 { Lang::En } else { Lang::Fr },
            unsubscribed: false,
            topics: Default::default(),
        })
        .collect();
    assert_eq!(
        store.import_confirmed(&readers).await.unwrap(),
        READERS as u64
    );
    // The last tick the scheduler saw was over a week ago: a Monday 08:00 is due now, and
    // both servers see it the moment they start.
    let week_ago = (chrono::Utc::now() - chrono::Duration::days(8)).to_rfc3339();
    store
        .setting_or_insert("digest.last_tick", &week_ago)
        .await
        .unwrap();

    let smtp = FaultSmtp::start(Faults::default()).await;
    let ports = [free_port(), free_port()];
    let mut servers: Vec<Child> = ports
        .iter()
        .map(|port| caravan(&database_url, &smtp, &["serve", "--no-workers"], *port))
        .collect();
    let client = crate::helpers::client_builder().build().unwrap();
    for port in ports {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let health = client
                .get(format!("http://127.0.0.1:{port}/health"))
                .send()
                .await;
            if health.is_ok_and(|r| r.status() == 200) {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "server on {port} never answered"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    // Exactly one digest, queued by whichever server won the tick.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let issue = loop {
        let issues = status_of(&store).await;
        if let Some((id, _)) = issues.iter().find(|(_, s)| s != "draft") {
            break *id;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no digest queued: {issues:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(status_of(&store).await.len(), 1, "one tick, one digest");

    let mut workers: Vec<Child> = (0..3)
        .map(|_| caravan(&database_url, &smtp, &["worker"], 0))
        .collect();
    // Stop one worker midway (SIGTERM: what it holds goes back at once).
    while smtp.accepted_count() < READERS / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pid = workers[0].id().unwrap().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let stopped = tokio::time::timeout(Duration::from_secs(15), workers[0].wait()).await;
    assert!(stopped.expect("stops in time").unwrap().success());

    let deadline = tokio::time::Instant::now() + Duration::from_secs(600);
    loop {
        let progress = store.issue_progress(issue).await.unwrap().unwrap();
        if progress.status.as_str() == "sent" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not sent: {progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    for child in workers.iter_mut().chain(servers.iter_mut()) {
        let _ = child.start_kill();
        let _ = child.wait().await;
    }

    let mut copies = std::collections::HashMap::<String, usize>::new();
    for accepted in smtp.accepted() {
        *copies.entry(accepted.to).or_insert(0) += 1;
    }
    assert_eq!(copies.len(), READERS, "every reader got the digest");
    let twice: Vec<_> = copies.iter().filter(|(_, n)| **n > 1).take(5).collect();
    assert!(twice.is_empty(), "mailed more than once: {twice:?}");
    let counts = store.delivery_counts(issue).await.unwrap();
    assert_eq!(counts.sent as usize, READERS);
    assert_eq!(
        counts.pending + counts.retrying + counts.failed + counts.bounced,
        0
    );
    assert_eq!(status_of(&store).await.len(), 1, "still one digest");
}
