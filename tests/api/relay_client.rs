//! Caravan's SMTP client against a relay of the tests' own: pipelined messages each get their
//! own outcome from a relay that answers some with 4xx and some with 5xx; TLS by STARTTLS and
//! implicit, to a relay whose certificate comes from a private CA given in
//! `CARAVAN_SMTP_CA_FILE`, and refused without it.
use caravan::delivery::BatchOutcome;
use caravan::store::{DeliveryCounts, IssueStatus};

use crate::delivery::{app_at, app_on, deliver, drain, worker};
use crate::fault_smtp::{FaultSmtp, Faults, TestTls, test_ca_file};
use crate::helpers::Db;

/// Fifteen readers: four first answers are 451 (retried), three readers' servers say 550.
async fn a_pipelined_stream_gets_each_readers_outcome_right(db: Db) {
    each_readers_outcome_right(db, false).await;
}

/// The same through a relay that offers CHUNKING: MAIL, RCPT and `BDAT n LAST` with the
/// message in one write.
async fn a_chunking_relay_takes_bdat_and_each_reader_gets_their_outcome(db: Db) {
    each_readers_outcome_right(db, true).await;
}

async fn each_readers_outcome_right(db: Db, chunking: bool) {
    let smtp = FaultSmtp::start(Faults {
        tempfail_recipients: 4,
        bounce_containing: Some("nobody".into()),
        chunking,
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
                topics: Default::default(),
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
    if chunking {
        assert_eq!(smtp.chunked(), 12, "every message went by BDAT");
        let ids: std::collections::HashSet<String> =
            smtp.accepted().into_iter().map(|a| a.message_id).collect();
        assert_eq!(ids.len(), 12, "each message whole, its own Message-ID");
    }
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
    let outcome = drain(&worker(&app, chrono::Duration::days(3)).await).await;
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

/// The only relay down for longer than the whole retry budget (a second here, for
/// `CARAVAN_SEND_GIVE_UP_AFTER`'s three days), then back: every reader gets the issue,
/// nothing failed, no attempt spent on the outage.
async fn a_relay_outage_longer_than_the_retry_budget_costs_no_reader_their_issue(db: Db) {
    let smtp = FaultSmtp::start(Faults::default()).await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(issue, None).await.unwrap();
    smtp.set_down(true);
    let worker = worker(&app, chrono::Duration::seconds(1)).await;
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

/// `n` more confirmed readers, `r0@example.kz`…
async fn more_readers(app: &crate::helpers::TestApp, n: usize) {
    let more: Vec<caravan::store::ImportedReader> = (0..n)
        .map(|i| caravan::store::ImportedReader {
            email: caravan::domain::SubscriberEmail::parse(&format!("r{i}@example.kz")).unwrap(),
            name: None,
            lang: caravan::domain::Lang::Fr,
            unsubscribed: false,
            topics: Default::default(),
        })
        .collect();
    app.store.import_confirmed(&more).await.unwrap();
}

/// A relay that takes 15 messages a second and answers SES's `454 Throttling` past that: the
/// send slows down and finishes, nothing failed or bounced, no attempt spent on a throttle.
async fn a_throttling_relay_slows_the_send_which_finishes_with_nothing_failed(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        throttle_per_second: Some(15),
        ..Default::default()
    })
    .await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    more_readers(&app, 57).await;
    app.store.queue_issue(issue, None).await.unwrap();
    let progress = deliver(&app, issue).await;
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 60,
            ..Default::default()
        }
    );
    assert!(smtp.throttled() > 0, "the relay did throttle");
    assert_eq!(smtp.accepted().len(), 60, "each reader once");
    let spent = app
        .sql_number("SELECT COUNT(*) FROM deliveries WHERE attempts <> 1")
        .await;
    assert_eq!(spent, 0, "a throttle costs no attempt");
}

/// `?rate=8&connections=2` on the relay URL: the relay sees at most two connections and at
/// most eight messages (and the first of the next) in any second.
async fn the_rate_and_connection_ceiling_set_for_a_relay_hold(db: Db) {
    let smtp = FaultSmtp::start(Faults::default()).await;
    let url = format!("{}?rate=8&connections=2", smtp.url());
    let (app, issue) = app_at(url, db, Vec::new()).await;
    more_readers(&app, 17).await;
    app.store.queue_issue(issue, None).await.unwrap();
    let started = std::time::Instant::now();
    assert_eq!(deliver(&app, issue).await.counts.sent, 20);
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(2000),
        "20 messages at 8 a second: {:?}",
        started.elapsed()
    );
    assert!(smtp.most_open() <= 2, "{} connections", smtp.most_open());
    assert!(
        smtp.most_in_a_second() <= 9,
        "{} in one second",
        smtp.most_in_a_second()
    );
}

/// Two relays: the first down, the second takes every message at once (no attempt spent, no
/// pause); the first back, it takes the traffic again after its pause. `/metrics` says which
/// relay sent what.
async fn a_second_relay_takes_over_while_the_first_is_down_and_gives_it_back(db: Db) {
    let first = FaultSmtp::start(Faults::default()).await;
    let second = FaultSmtp::start(Faults::default()).await;
    let both = format!("{},{}", first.url(), second.url());
    let (app, issue) = app_at(both, db, Vec::new()).await;
    first.set_down(true);
    app.store.queue_issue(issue, None).await.unwrap();
    let worker = worker(&app, chrono::Duration::days(3)).await;
    assert!(matches!(drain(&worker).await, BatchOutcome::Idle { .. }));
    let progress = app.store.issue_progress(issue).await.unwrap().unwrap();
    assert_eq!(progress.counts.sent, 3, "{progress:?}");
    assert_eq!((first.accepted().len(), second.accepted().len()), (0, 3));
    let spent = app
        .sql_number("SELECT COUNT(*) FROM deliveries WHERE attempts <> 1")
        .await;
    assert_eq!(spent, 0, "the failover cost no attempt");

    first.set_down(false);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let items = app.store.issue_items(issue).await.unwrap();
    let created = app
        .store
        .create_digest("again", "Encore", &items)
        .await
        .unwrap();
    let caravan::store::CreateIssue::Created(again) = created else {
        panic!("{created:?}")
    };
    app.store.queue_issue(again, None).await.unwrap();
    assert!(matches!(drain(&worker).await, BatchOutcome::Idle { .. }));
    assert_eq!(
        (first.accepted().len(), second.accepted().len()),
        (3, 3),
        "the first relay is back in front"
    );
    // The issue page says which relay took each issue.
    let name = |port: u16| format!("127.0.0.1:{port}");
    assert_eq!(
        app.store.issue_relays(issue).await.unwrap(),
        [(name(second.port), 3)]
    );
    assert_eq!(
        app.store.issue_relays(again).await.unwrap(),
        [(name(first.port), 3)]
    );
    crate::admin_client::account(&app, "editor@caravan.test", "editor").await;
    let mut browser =
        crate::admin_client::AdminClient::signed_in(&app, "editor@caravan.test").await;
    let (_, page) = browser.page(&format!("/admin/issues/{issue}")).await;
    assert!(
        page.contains(&format!("Envoyés par relais : {} 3", name(second.port))),
        "{page}"
    );
    let metrics = app.get("/metrics").await.text().await.unwrap();
    let line = |port: u16| {
        format!("caravan_relay_messages_total{{relay=\"127.0.0.1:{port}\",outcome=\"sent\"}} 3")
    };
    assert!(metrics.contains(&line(first.port)), "{metrics}");
    assert!(metrics.contains(&line(second.port)), "{metrics}");
}

both_databases!(
    a_chunking_relay_takes_bdat_and_each_reader_gets_their_outcome,
    a_second_relay_takes_over_while_the_first_is_down_and_gives_it_back,
    a_throttling_relay_slows_the_send_which_finishes_with_nothing_failed,
    the_rate_and_connection_ceiling_set_for_a_relay_hold,
    a_pipelined_stream_gets_each_readers_outcome_right,
    issues_go_out_over_starttls_and_implicit_tls_to_a_relay_with_a_private_ca,
    without_the_private_ca_the_relay_is_not_trusted_and_nothing_is_sent,
    a_relay_outage_longer_than_the_retry_budget_costs_no_reader_their_issue,
);
