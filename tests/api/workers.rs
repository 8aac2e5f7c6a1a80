//! `caravan worker` processes against a real SMTP server: killed with SIGKILL in the middle of
//! a send and restarted, or three at once on one PostgreSQL database. Every confirmed reader
//! gets the issue; nobody gets it twice beyond what was in flight at a kill; nobody who left
//! gets it at all.
use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use caravan::domain::{Lang, SubscriberEmail, SubscriberName};
use caravan::store::{ImportedReader, Store};
use rand::Rng;
use tokio::process::{Child, Command};

use crate::fault_smtp::{FaultSmtp, Faults};
use crate::helpers::{Db, TestApp};

/// The lease the workers get: short, so a killed worker's rows come back quickly.
const LEASE_SECONDS: &str = "2";
/// What one worker holds at most without having recorded it: a claimed batch waiting in its
/// queue is not sent, so this is the recorder's batch plus the sends in progress.
const IN_FLIGHT_BOUND: usize = 256 + 8;

fn worker(app: &TestApp, smtp: &FaultSmtp) -> Child {
    worker_leasing(app, smtp, LEASE_SECONDS)
}

/// A worker whose leases last `lease` seconds.
fn worker_leasing(app: &TestApp, smtp: &FaultSmtp, lease: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_caravan"))
        .arg("worker")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.database_url)
        .env("CARAVAN_SMTP_URL", smtp.url())
        .env("CARAVAN_MAIL_FROM", "Caravan <news@caravan.test>")
        .env("CARAVAN_SEND_LEASE", lease)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the caravan binary starts")
}

/// `count` confirmed readers `r{i}@example.kz`, and this week's digest queued for them.
async fn readers_and_a_queued_issue(store: &Store, count: usize) -> i64 {
    let readers: Vec<ImportedReader> = (0..count)
        .map(|i| ImportedReader {
            email: SubscriberEmail::parse(&format!("r{i}@example.kz")).unwrap(),
            name: SubscriberName::parse(&format!("Lecteur {i}")).unwrap(),
            lang: if i % 4 == 0 { Lang::En } else { Lang::Fr },
            unsubscribed: false,
            topics: Default::default(),
        })
        .collect();
    assert_eq!(
        store.import_confirmed(&readers).await.unwrap(),
        count as u64
    );
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    caravan::articles::sync_folder(store, &samples)
        .await
        .unwrap();
    let built = caravan::digest::build_digest(store, chrono::Utc::now(), chrono_tz::Asia::Almaty);
    let issue = built.await.unwrap().issue_id().unwrap();
    assert!(store.queue_issue(issue, None).await.unwrap());
    issue
}

async fn wait_until_sent(store: &Store, issue: i64, limit: Duration) {
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        let progress = store.issue_progress(issue).await.unwrap().unwrap();
        if progress.status.as_str() == "sent" {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not sent in time: {progress:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How many copies each recipient got.
fn copies(smtp: &FaultSmtp) -> HashMap<String, usize> {
    let mut copies = HashMap::new();
    for accepted in smtp.accepted() {
        assert!(accepted.message_id.starts_with('<'), "{accepted:?}");
        *copies.entry(accepted.to).or_insert(0) += 1;
    }
    copies
}

async fn killed_workers_leave_no_reader_without_the_issue_and_few_twice(db: Db) {
    const READERS: usize = 3000;
    let app = TestApp::spawn(db).await;
    let smtp = FaultSmtp::start(Faults::default()).await;
    let issue = readers_and_a_queued_issue(&app.store, READERS).await;
    // Fan out now, then some readers leave: they must be skipped, not mailed.
    app.store.start_due_issues().await.unwrap();
    let leavers: Vec<String> = (0..READERS)
        .step_by(100)
        .map(|i| format!("r{i}@example.kz"))
        .collect();
    for address in &leavers {
        let id = app.reader(address).await.id;
        app.store.unsubscribe(id).await.unwrap();
    }

    let mut kills = 0;
    while kills < 4 {
        let mut child = worker(&app, &smtp);
        let before = smtp.accepted_count();
        // Kill at a random moment once this worker has sent something.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while smtp.accepted_count() == before && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let pause = rand::rng().random_range(20..400);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        child.start_kill().unwrap(); // SIGKILL: no shutdown, no last flush
        child.wait().await.unwrap();
        kills += 1;
        let progress = app.store.issue_progress(issue).await.unwrap().unwrap();
        if progress.status.as_str() == "sent" {
            break;
        }
    }
    let mut last = worker(&app, &smtp);
    wait_until_sent(&app.store, issue, Duration::from_secs(120)).await;
    last.start_kill().unwrap();
    last.wait().await.unwrap();

    let copies = copies(&smtp);
    for address in &leavers {
        assert!(
            !copies.contains_key(address),
            "{address} left but was mailed"
        );
    }
    let expected = READERS - leavers.len();
    assert_eq!(
        copies.len(),
        expected,
        "every remaining reader got the issue"
    );
    let duplicates: usize = copies.values().map(|n| n - 1).sum();
    eprintln!("{kills} kills, {duplicates} duplicate messages");
    assert!(
        duplicates <= kills * IN_FLIGHT_BOUND,
        "{duplicates} duplicates after {kills} kills"
    );
    let counts = app.store.delivery_counts(issue).await.unwrap();
    assert_eq!(counts.sent as usize, expected);
    assert_eq!(counts.skipped as usize, leavers.len());
}

/// SIGTERM: the worker finishes what it is sending, records it, releases what it holds and
/// exits at once; another worker then finishes the issue with nobody mailed twice.
async fn a_stopped_worker_releases_what_it_holds(db: Db) {
    let app = TestApp::spawn(db).await;
    let smtp = FaultSmtp::start(Faults::default()).await;
    let issue = readers_and_a_queued_issue(&app.store, 2000).await;
    let mut child = worker(&app, &smtp);
    while smtp.accepted_count() < 100 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let pid = child.id().unwrap().to_string();
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    assert!(stopped.unwrap().success());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    assert!(status.expect("stops within 10 s").unwrap().success());

    let counts = app.store.delivery_counts(issue).await.unwrap();
    assert_eq!(
        counts.sent as usize,
        smtp.accepted_count(),
        "everything sent was recorded before exiting"
    );
    assert!(counts.pending > 0, "stopped mid-send: {counts:?}");
    // Nothing is left leased: the next claim takes every remaining delivery at once.
    let remaining = app
        .store
        .claim_deliveries(chrono::Duration::seconds(60), 5000)
        .await
        .unwrap();
    assert_eq!(remaining.len() as i64, counts.pending);
}

both_databases!(
    killed_workers_leave_no_reader_without_the_issue_and_few_twice,
    a_stopped_worker_releases_what_it_holds,
);

#[tokio::test]
async fn three_workers_on_postgres_send_each_reader_the_issue_exactly_once() {
    const READERS: usize = 10_000;
    let Some(db) = Db::postgres() else {
        eprintln!("skipped: CARAVAN_TEST_POSTGRES_URL is not set");
        return;
    };
    let app = TestApp::spawn(db).await;
    let smtp = FaultSmtp::start(Faults::default()).await;
    let issue = readers_and_a_queued_issue(&app.store, READERS).await;
    // Nobody is killed here: a longer lease keeps a worker that the loaded CI machine stalls
    // for a second from losing its deliveries to another (a resend the lease allows).
    let mut workers: Vec<Child> = (0..3).map(|_| worker_leasing(&app, &smtp, "30")).collect();
    wait_until_sent(&app.store, issue, Duration::from_secs(300)).await;
    for child in &mut workers {
        child.start_kill().unwrap();
        child.wait().await.unwrap();
    }
    let copies = copies(&smtp);
    assert_eq!(copies.len(), READERS);
    let twice: Vec<_> = copies.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "mailed more than once: {twice:?}");
    assert!(
        smtp.connections() >= 3,
        "each worker opened its own connections"
    );
    assert_eq!(
        app.store.delivery_counts(issue).await.unwrap().sent as usize,
        READERS
    );
}
