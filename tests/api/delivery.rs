//! Delivery: a queued issue reaches every confirmed reader once, personal and leavable in one
//! click; readers who left are skipped; cancelling stops it; SMTP faults are retried, bounced
//! and counted.
use std::time::Duration;

use caravan::delivery::{BatchOutcome, DeliveryConfig, DeliveryWorker};
use caravan::store::{DeliveryCounts, IssueProgress, IssueStatus, SubscriberStatus};

use crate::fan_out::readers_and_a_draft;
use crate::fault_smtp::{FaultSmtp, Faults};
use crate::helpers::{Db, TestApp, TestOptions, text_part};

/// A delivery worker in this process, as `caravan serve` runs it, with retries due at once
/// and transient failures final after `give_up_after`.
pub async fn worker(app: &TestApp, give_up_after: chrono::Duration) -> DeliveryWorker {
    let mut config = DeliveryConfig::new(4, 0, chrono::Duration::seconds(60));
    config.sending.retry_base = chrono::Duration::zero();
    config.sending.give_up_after = give_up_after;
    config.story_links = app.settings.click_counts;
    DeliveryWorker::new(
        app.store.clone(),
        caravan::startup::mailer(&app.settings, &app.signer().await).unwrap(),
        app.signer().await,
        app.settings.base_url.as_str(),
        config,
    )
}

/// Runs batches until there is nothing left to do now, or the relay cannot be reached; the
/// last batch's outcome.
pub async fn drain(worker: &DeliveryWorker) -> BatchOutcome {
    loop {
        match worker.deliver_next_batch().await.unwrap() {
            BatchOutcome::Delivered(counts) if counts.paused == 0 => {}
            outcome => return outcome,
        }
    }
}

/// Delivers `issue` in this process, batch after batch until there is nothing left to do,
/// and returns its progress, which must be over. A relay that refuses connections pauses the
/// sending for a moment (a quarter second at first), as in the service.
pub async fn deliver(app: &TestApp, issue: i64) -> IssueProgress {
    let worker = worker(app, chrono::Duration::seconds(2)).await;
    let started = std::time::Instant::now();
    while let BatchOutcome::Delivered(paused) = drain(&worker).await {
        assert!(started.elapsed() < Duration::from_secs(30), "{paused:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let progress = app.store.issue_progress(issue).await.unwrap().unwrap();
    assert!(
        progress.status.is_over(),
        "issue {issue} still {progress:?} with nothing left to deliver"
    );
    progress
}

/// The `.eml` files of an issue in the outbox folder.
fn issue_files(app: &TestApp, slug: &str) -> Vec<String> {
    app.outbox_files()
        .into_iter()
        .filter(|(name, _)| name.starts_with(slug))
        .map(|(_, raw)| raw)
        .collect()
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    let head = &raw[..raw.find("\r\n\r\n").unwrap_or(raw.len())];
    head.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(": "))
}

async fn every_confirmed_reader_gets_one_personal_copy_and_can_leave_in_one_click(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let slug = app.store.list_issues().await.unwrap().remove(0).slug;
    assert!(app.store.queue_issue(issue, None).await.unwrap());
    assert!(
        !app.store.queue_issue(issue, None).await.unwrap(),
        "queuing twice sends once"
    );

    let progress = deliver(&app, issue).await;
    assert_eq!(progress.status.as_str(), "sent");
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 3,
            ..Default::default()
        }
    );
    assert!(progress.started_at.is_some() && progress.finished_at >= progress.started_at);

    let files = issue_files(&app, &slug);
    let mut recipients: Vec<&str> = files.iter().map(|raw| header(raw, "To").unwrap()).collect();
    recipients.sort();
    assert_eq!(
        recipients,
        [
            "Aigerim <a@example.kz>",
            "Aigerim <b@example.uz>",
            "Aigerim <c@example.kg>"
        ]
    );
    let raw = &files[0];
    assert!(
        header(raw, "Content-Type")
            .unwrap()
            .starts_with("multipart/alternative")
    );
    assert!(header(raw, "Date").is_some());
    assert!(
        header(raw, "List-Id")
            .unwrap()
            .contains("<news.caravan.test>"),
        "{raw}"
    );
    let message_id = header(raw, "Message-ID").unwrap();
    assert!(message_id.starts_with(&format!("<{slug}.")) && message_id.ends_with("@caravan.test>"));
    assert_eq!(
        header(raw, "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let text = text_part(raw);
    assert!(text.contains("Bonjour Aigerim,"), "{text}");
    let parsed = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    assert!(parsed.body_html(0).unwrap().contains("Bonjour Aigerim,"));

    // The one-click link is the reader's own: POSTing it unsubscribes exactly them.
    let unsubscribe = header(raw, "List-Unsubscribe").unwrap();
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
    assert!(text.contains(url), "the text part carries the same link");
    let to = header(raw, "To").unwrap();
    let address = &to[to.find('<').unwrap() + 1..to.len() - 1];
    let response = app
        .client
        .post(url.replace(
            app.settings.base_url.as_str().trim_end_matches('/'),
            &app.address,
        ))
        .body("List-Unsubscribe=One-Click")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        app.reader(address).await.status,
        SubscriberStatus::Unsubscribed
    );

    // Nothing more goes out for this issue, whoever runs a worker again.
    assert!(app.store.start_due_issues().await.unwrap().is_empty());
    assert!(
        app.store
            .claim_deliveries(chrono::Duration::seconds(5), 100)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(issue_files(&app, &slug).len(), 3);
}

async fn a_reader_who_leaves_after_the_fan_out_is_skipped(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let slug = app.store.list_issues().await.unwrap().remove(0).slug;
    app.store.queue_issue(issue, None).await.unwrap();
    assert_eq!(app.store.start_due_issues().await.unwrap()[0].deliveries, 3);
    let leaving = app.reader("b@example.uz").await.id;
    app.store.unsubscribe(leaving).await.unwrap();

    let progress = deliver(&app, issue).await;
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 2,
            skipped: 1,
            ..Default::default()
        }
    );
    let files = issue_files(&app, &slug);
    assert_eq!(files.len(), 2);
    assert!(files.iter().all(|raw| !raw.contains("b@example.uz")));
}

async fn cancelling_stops_what_has_not_gone_out(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let slug = app.store.list_issues().await.unwrap().remove(0).slug;
    app.store.queue_issue(issue, None).await.unwrap();
    app.store.start_due_issues().await.unwrap();
    assert_eq!(
        app.store.cancel_issue(issue).await.unwrap(),
        caravan::store::CancelOutcome::Cancelled { skipped: 3 }
    );
    assert_eq!(
        app.store.cancel_issue(issue).await.unwrap(),
        caravan::store::CancelOutcome::Finished(caravan::store::IssueStatus::Cancelled)
    );
    let progress = deliver(&app, issue).await;
    assert_eq!(progress.status.as_str(), "cancelled");
    assert_eq!(progress.counts.skipped, 3);
    assert!(issue_files(&app, &slug).is_empty());
    assert!(
        !app.store.queue_issue(issue, None).await.unwrap(),
        "a cancelled issue cannot be queued again"
    );
}

async fn smtp_faults_are_retried_bounced_and_counted(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        refuse_connections: 1,
        tempfail_recipients: 3,
        bounce_containing: Some("c@example.kg".into()),
        drop_in_data: Some(("b@example.uz".into(), 1)),
        ..Default::default()
    })
    .await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(issue, None).await.unwrap();

    let progress = deliver(&app, issue).await;
    assert_eq!(progress.status.as_str(), "sent", "nothing stays in sending");
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 2,
            bounced: 1,
            ..Default::default()
        }
    );
    let mut got: Vec<String> = smtp.accepted().into_iter().map(|a| a.to).collect();
    got.sort();
    assert_eq!(
        got,
        ["a@example.kz", "b@example.uz"],
        "each once, after the faults"
    );
    assert_eq!(
        smtp.dropped(),
        1,
        "the connection was dropped mid-DATA once"
    );
    assert_eq!(app.reader("c@example.kg").await.hard_bounces, 1);
    // The relay quoted the address; what Caravan keeps of its answer does not.
    let kept = app
        .sql_number(
            "SELECT COUNT(*) FROM deliveries \
             WHERE last_error LIKE '%550%' AND last_error LIKE '%<address>%'",
        )
        .await;
    assert_eq!(kept, 1, "the bounce is recorded, without the address");
    let leaked = app
        .sql_number("SELECT COUNT(*) FROM deliveries WHERE last_error LIKE '%c@example.kg%'")
        .await;
    assert_eq!(leaked, 0);
}

/// An app on the fault server, with readers a, b, c signed up through a second app that writes
/// files (the fault server is for issues only), and their first digest as a draft.
pub async fn app_on(smtp: &FaultSmtp, db: Db, env: Vec<(&'static str, String)>) -> (TestApp, i64) {
    app_at(smtp.url(), db, env).await
}

/// [`app_on`] with the relay URL given whole (several relays, the relay's limits).
pub async fn app_at(url: String, db: Db, env: Vec<(&'static str, String)>) -> (TestApp, i64) {
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            smtp_url: Some(url),
            env,
            ..Default::default()
        },
    )
    .await;
    let files = TestApp::spawn_with(
        Db::Sqlite,
        TestOptions {
            database_url: Some(app.database_url.clone()),
            ..Default::default()
        },
    )
    .await;
    let issue = readers_and_a_draft(&files).await;
    (app, issue)
}

/// Another issue carrying the same articles, queued (a new week's letter, in effect).
pub async fn another_issue(app: &TestApp, from: i64, n: usize) -> i64 {
    let items = app.store.issue_items(from).await.unwrap();
    let created = app
        .store
        .create_digest(&format!("extra-{n}"), "Encore", &items)
        .await
        .unwrap();
    let caravan::store::CreateIssue::Created(id) = created else {
        panic!("{created:?}")
    };
    assert!(app.store.queue_issue(id, None).await.unwrap());
    id
}

async fn a_reader_whose_address_is_refused_for_good_is_no_longer_mailed(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        bounce_containing: Some("c@example.kg".into()),
        ..Default::default()
    })
    .await;
    let (app, first) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(first, None).await.unwrap();
    assert_eq!(deliver(&app, first).await.counts.bounced, 1);
    let c = app.reader("c@example.kg").await;
    assert_eq!(c.hard_bounces, 1);
    // The refusal is in the bounce ledger, as a DSN would be, and suppresses at once.
    let events = app.store.bounce_events_of(c.id).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].source.as_str(), events[0].status.as_deref()),
        ("smtp", Some("5.1.1"))
    );
    let second = another_issue(&app, first, 2).await;
    let progress = deliver(&app, second).await;
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            sent: 2,
            ..Default::default()
        },
        "the refused reader is left out of the fan-out"
    );
    let to_c = smtp
        .accepted()
        .iter()
        .filter(|a| a.to == "c@example.kg")
        .count();
    assert_eq!(to_c, 0);
}

/// A refusal for policy (a blocklist, 5.7.1) says nothing about the address: it scores as a
/// soft bounce (once a day), so three letters refused the same day still leave the reader on
/// the list.
async fn a_policy_refusal_scores_as_a_soft_bounce(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        policy_refusal_containing: Some("c@example.kg".into()),
        ..Default::default()
    })
    .await;
    let (app, first) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(first, None).await.unwrap();
    assert_eq!(deliver(&app, first).await.counts.bounced, 1);
    for n in 2..=3 {
        let issue = another_issue(&app, first, n).await;
        assert_eq!(deliver(&app, issue).await.counts.bounced, 1, "issue {n}");
    }
    let c = app.reader("c@example.kg").await;
    assert_eq!((c.hard_bounces, c.suppressed), (0, None));
    let events = app.store.bounce_events_of(c.id).await.unwrap();
    assert_eq!(events.len(), 3);
    assert!(
        events
            .iter()
            .all(|e| e.kind == caravan::store::BounceKind::Soft)
    );
    assert_eq!(
        app.sql_number(&format!(
            "SELECT CAST(soft_bounce_days AS BIGINT) FROM subscribers WHERE id = {}",
            c.id
        ))
        .await,
        1,
        "three refusals the same day count once"
    );
}

async fn a_relay_that_never_accepts_ends_in_failed_not_stuck_in_sending(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        tempfail_recipients: usize::MAX,
        ..Default::default()
    })
    .await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(issue, None).await.unwrap();
    let progress = deliver(&app, issue).await;
    assert_eq!(progress.status.as_str(), "sent");
    assert_eq!(
        progress.counts,
        DeliveryCounts {
            failed: 3,
            ..Default::default()
        }
    );
    assert!(smtp.accepted().is_empty());
}

/// CARAVAN_SEND_RATE holds: 15 messages at 4 per second (a burst of one, then one every
/// 250 ms) cannot all go out in under 3 s. A lower bound on time is a behaviour, not a speed
/// measurement.
async fn the_send_rate_limit_spaces_messages_out(db: Db) {
    let smtp = FaultSmtp::start(Faults::default()).await;
    let (app, issue) = app_on(&smtp, db, vec![("CARAVAN_SEND_RATE", "4".to_owned())]).await;
    let more: Vec<caravan::store::ImportedReader> = (0..12)
        .map(|i| caravan::store::ImportedReader {
            email: caravan::domain::SubscriberEmail::parse(&format!("r{i}@example.kz")).unwrap(),
            name: None,
            lang: caravan::domain::Lang::Fr,
            unsubscribed: false,
            topics: Default::default(),
        })
        .collect();
    app.store.import_confirmed(&more).await.unwrap();
    app.store.queue_issue(issue, None).await.unwrap();
    let started = std::time::Instant::now();
    assert_eq!(deliver(&app, issue).await.counts.sent, 15);
    let elapsed = started.elapsed();
    assert_eq!(smtp.accepted().len(), 15);
    assert!(
        elapsed >= Duration::from_millis(3000),
        "15 messages in {elapsed:?}"
    );
}

/// `caravan serve` runs the delivery workers itself: queue an issue and it goes out.
async fn the_service_sends_a_queued_issue_by_itself(db: Db) {
    // Readers sign up through an app without workers (their confirmations are read from its
    // folder); the service with workers shares the database.
    let signups = TestApp::spawn(db.clone()).await;
    let issue = readers_and_a_draft(&signups).await;
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            database_url: Some(signups.database_url.clone()),
            workers: true,
            ..Default::default()
        },
    )
    .await;
    let slug = app.store.list_issues().await.unwrap().remove(0).slug;
    app.store.queue_issue(issue, None).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while app
        .store
        .issue_status(issue)
        .await
        .unwrap()
        .map(|s| s.as_str())
        != Some("sent")
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not sent by the service"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(issue_files(&app, &slug).len(), 3);
}

both_databases!(
    the_service_sends_a_queued_issue_by_itself,
    a_reader_whose_address_is_refused_for_good_is_no_longer_mailed,
    a_policy_refusal_scores_as_a_soft_bounce,
    a_relay_that_never_accepts_ends_in_failed_not_stuck_in_sending,
    the_send_rate_limit_spaces_messages_out,
    every_confirmed_reader_gets_one_personal_copy_and_can_leave_in_one_click,
    a_reader_who_leaves_after_the_fan_out_is_skipped,
    cancelling_stops_what_has_not_gone_out,
    smtp_faults_are_retried_bounced_and_counted,
    a_batch_reports_its_outcomes_and_the_idle_call_finishes_the_issue,
);

/// One batch says what it did: three copies sent, then nothing left, and the issue finished by
/// the first idle call alone.
async fn a_batch_reports_its_outcomes_and_the_idle_call_finishes_the_issue(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let leaving = app.reader("b@example.uz").await.id;
    app.store.queue_issue(issue, None).await.unwrap();
    let worker = DeliveryWorker::new(
        app.store.clone(),
        caravan::startup::mailer(&app.settings, &app.signer().await).unwrap(),
        app.signer().await,
        app.settings.base_url.as_str(),
        DeliveryConfig::new(2, 0, chrono::Duration::seconds(60)),
    );
    // Fanned out first: the reader who leaves before the send is skipped.
    assert_eq!(app.store.start_due_issues().await.unwrap().len(), 1);
    app.store.unsubscribe(leaving).await.unwrap();
    assert_eq!(
        worker.deliver_next_batch().await.unwrap(),
        BatchOutcome::Delivered(caravan::delivery::BatchCounts {
            sent: 2,
            skipped: 1,
            ..Default::default()
        })
    );
    assert_eq!(
        app.store
            .issue_progress(issue)
            .await
            .unwrap()
            .unwrap()
            .status,
        IssueStatus::Sending,
        "recorded, not yet finished"
    );
    assert_eq!(
        worker.deliver_next_batch().await.unwrap(),
        BatchOutcome::Idle { finished: 1 }
    );
    assert_eq!(
        worker.deliver_next_batch().await.unwrap(),
        BatchOutcome::Idle { finished: 0 }
    );
    let progress = app.store.issue_progress(issue).await.unwrap().unwrap();
    assert_eq!(progress.status, IssueStatus::Sent);
    assert_eq!(progress.counts.sent, 2);
}
