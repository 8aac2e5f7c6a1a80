//! Caravan's SMTP client against a relay of the tests' own: pipelined messages each get their
//! own outcome from a relay that answers some with 4xx and some with 5xx; TLS by STARTTLS and
//! implicit, to a relay whose certificate comes from a private CA given in
//! `CARAVAN_SMTP_CA_FILE`, and refused without it.
use caravan::delivery::BatchOutcome;
use caravan::store::{DeliveryCounts, IssueStatus};

use crate::delivery::{app_on, deliver, drain, worker};
use crate::fault_smtp::{FaultSmtp, Faults, TestTls, test_ca_file};
use crate::helpers::Db;

/// Fifteen readers: four first answers are 451 (retried), three readers' servers say 550.
async fn a_pipelined_stream_gets_each_readers_outcome_right(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        tempfail_recipients: 4,
        bounce_containing: Some("nobody".into()),
        ..Default::default()
    })
    .await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    let more: Vec<caravan::store::ImportedReader> = (0..12)
        .map(|i| {
            let local = if i % 4 == 0 { "nobody" } else { "reader" };
            caravan::store::ImportedReader {
                email: caravan::domain::SubscriberEmail::parse(&format!("{local}{i}@example.kz"))
                    .unwrap(),
                name: None,
                lang: caravan::domain::Lang::Fr,
                unsubscribed: false,
            }
        })
        .collect();
    app.store.import_confirmed(&more).await.unwrap();
    app.store.queue_issue(issue, None).await.unwrap();

    let progress = deliver(&app, issue).await;
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 12,
            bounced: 3,
            ..Default::default()
        }
    );
    let mut got: Vec<String> = smtp.accepted().into_iter().map(|a| a.to).collect();
    got.sort();
    let mut expected: Vec<String> = ["a@example.kz", "b@example.uz", "c@example.kg"]
        .into_iter()
        .map(String::from)
        .chain(
            (0..12)
                .filter(|i| i % 4 != 0)
                .map(|i| format!("reader{i}@example.kz")),
        )
        .collect();
    expected.sort();
    assert_eq!(got, expected, "every deliverable reader once, nobody else");
    for i in [0, 4, 8] {
        let reader = app.reader(&format!("nobody{i}@example.kz")).await;
        assert_eq!(reader.hard_bounces, 1, "nobody{i} bounced once");
    }
    assert!(
        smtp.pipelined() > 0,
        "commands were sent ahead of the replies"
    );
}

async fn issues_go_out_over_starttls_and_implicit_tls_to_a_relay_with_a_private_ca(db: Db) {
    for tls in [TestTls::StartTls, TestTls::Implicit] {
        let smtp = FaultSmtp::start(Faults {
            tls,
            ..Default::default()
        })
        .await;
        let env = vec![("CARAVAN_SMTP_CA_FILE", test_ca_file())];
        let (app, issue) = app_on(&smtp, db.clone(), env).await;
        app.store.queue_issue(issue, None).await.unwrap();
        let progress = deliver(&app, issue).await;
        assert_eq!(progress.counts.sent, 3, "{tls:?}: {progress:?}");
        assert_eq!(smtp.accepted().len(), 3, "{tls:?}");
        assert!(
            smtp.tls_sessions() > 0,
            "{tls:?}: the messages went over TLS"
        );
    }
}

/// A relay whose certificate cannot be checked is a relay out of reach: nothing goes, and
/// nothing is spent or failed either (the operator fixes the trust, then sending resumes).
async fn without_the_private_ca_the_relay_is_not_trusted_and_nothing_is_sent(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        tls: TestTls::Implicit,
        ..Default::default()
    })
    .await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(issue, None).await.unwrap();
    let outcome = drain(&worker(&app, 8).await).await;
    assert!(
        matches!(outcome, BatchOutcome::Delivered(counts) if counts.paused == 3),
        "{outcome:?}"
    );
    assert!(smtp.accepted().is_empty());
    let untrusted = app
        .sql_number(
            "SELECT COUNT(*) FROM deliveries WHERE status = 'pending' AND attempts = 0 \
             AND last_error LIKE '%certificate%'",
        )
        .await;
    assert_eq!(
        untrusted, 3,
        "each delivery waits, says why, and spent nothing"
    );
}

/// The only relay down for longer than the whole retry budget (two attempts here), then
/// back: every reader gets the issue, nothing failed, no attempt spent on the outage.
async fn a_relay_outage_longer_than_the_retry_budget_costs_no_reader_their_issue(db: Db) {
    let smtp = FaultSmtp::start(Faults::default()).await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(issue, None).await.unwrap();
    smtp.set_down(true);
    let worker = worker(&app, 2).await;
    let mut paused_batches = 0;
    let started = std::time::Instant::now();
    // Several probes of the relay, each one refused, well past two attempts' worth.
    while started.elapsed() < std::time::Duration::from_millis(1500) {
        match worker.deliver_next_batch().await.unwrap() {
            BatchOutcome::Delivered(counts) => {
                assert_eq!(counts.paused, 3, "{counts:?}");
                paused_batches += 1;
            }
            other => panic!("{other:?}"),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(paused_batches > 2, "{paused_batches}");
    assert!(
        smtp.connections() >= 3,
        "the relay was probed again and again"
    );
    let spent = app
        .sql_number("SELECT COUNT(*) FROM deliveries WHERE attempts > 0 OR status <> 'pending'")
        .await;
    assert_eq!(spent, 0, "the outage cost no attempt");

    smtp.set_down(false);
    // The pool tries the relay again after its pause (at most a second by now).
    let started = std::time::Instant::now();
    let progress = loop {
        drain(&worker).await;
        let progress = app.store.issue_progress(issue).await.unwrap().unwrap();
        if progress.status == IssueStatus::Sent {
            break progress;
        }
        assert!(started.elapsed().as_secs() < 30, "{progress:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 3,
            ..Default::default()
        }
    );
    assert_eq!(smtp.accepted().len(), 3);
}

both_databases!(
    a_pipelined_stream_gets_each_readers_outcome_right,
    issues_go_out_over_starttls_and_implicit_tls_to_a_relay_with_a_private_ca,
    without_the_private_ca_the_relay_is_not_trusted_and_nothing_is_sent,
    a_relay_outage_longer_than_the_retry_budget_costs_no_reader_their_issue,
);
