//! Caravan's SMTP client against a relay of the tests' own: pipelined messages each get their
//! own outcome from a relay that answers some with 4xx and some with 5xx; TLS by STARTTLS and
//! implicit, to a relay whose certificate comes from a private CA given in
//! `CARAVAN_SMTP_CA_FILE`, and refused without it.
use caravan::store::DeliveryCounts;

use crate::delivery::{app_on, deliver};
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

async fn without_the_private_ca_the_relay_is_not_trusted_and_nothing_is_sent(db: Db) {
    let smtp = FaultSmtp::start(Faults {
        tls: TestTls::Implicit,
        ..Default::default()
    })
    .await;
    let (app, issue) = app_on(&smtp, db, Vec::new()).await;
    app.store.queue_issue(issue, None).await.unwrap();
    let progress = deliver(&app, issue).await;
    assert_eq!(progress.counts.sent, 0, "{progress:?}");
    assert!(smtp.accepted().is_empty());
    let untrusted = app
        .sql_number("SELECT COUNT(*) FROM deliveries WHERE last_error LIKE '%certificate%'")
        .await;
    assert_eq!(untrusted, 3, "each delivery says why");
}

both_databases!(
    a_pipelined_stream_gets_each_readers_outcome_right,
    issues_go_out_over_starttls_and_implicit_tls_to_a_relay_with_a_private_ca,
    without_the_private_ca_the_relay_is_not_trusted_and_nothing_is_sent,
);
