//! The bounce loop end to end: copies go out with VERP return paths, the bounce listener
//! takes DSNs and complaints for them, and exactly the readers they name are suppressed.
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::delivery::{app_at, deliver};
use crate::helpers::{Db, TestApp};
use crate::smtp_server::SmtpServer;

const DOMAIN: &str = "bounces.caravan.test";

async fn app_with_listener(db: Db, smtp: &SmtpServer) -> (TestApp, i64) {
    app_at(
        smtp.url(),
        db,
        vec![
            ("CARAVAN_BOUNCE_DOMAIN", DOMAIN.to_owned()),
            ("CARAVAN_BOUNCE_LISTEN", "127.0.0.1:0".to_owned()),
        ],
    )
    .await
}

/// One SMTP reply, continuation lines joined.
async fn reply<R: AsyncBufReadExt + Unpin>(read: &mut R) -> String {
    let mut all = String::new();
    loop {
        let mut line = String::new();
        read.read_line(&mut line).await.unwrap();
        all.push_str(&line);
        if line.len() < 4 || line.as_bytes()[3] == b' ' {
            return all;
        }
    }
}

/// Hands `raw` to the listener for `rcpt`, as an MX would (MAIL, RCPT and DATA pipelined);
/// the replies to RCPT and to the message (empty when DATA was refused).
async fn hand_over(port: u16, rcpt: &str, raw: &str) -> (String, String) {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    assert!(reply(&mut read).await.starts_with("220 "));
    write.write_all(b"EHLO mx.caravan.test\r\n").await.unwrap();
    assert!(reply(&mut read).await.contains("PIPELINING"));
    let envelope = format!("MAIL FROM:<>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\n");
    write.write_all(envelope.as_bytes()).await.unwrap();
    assert!(reply(&mut read).await.starts_with("250 "));
    let to_rcpt = reply(&mut read).await;
    let data = reply(&mut read).await;
    let mut answer = String::new();
    if data.starts_with("354") {
        let body = raw.replace("\r\n.", "\r\n..");
        write
            .write_all(format!("{body}\r\n.\r\n").as_bytes())
            .await
            .unwrap();
        answer = reply(&mut read).await;
    }
    write.write_all(b"QUIT\r\n").await.unwrap();
    (to_rcpt, answer)
}

fn dsn(return_path: &str, id: &str, status: &str) -> String {
    format!(
        "From: MAILER-DAEMON@relay.caravan.test (Mail Delivery System)\r\n\
         To: {return_path}\r\nMessage-Id: <{id}@relay.caravan.test>\r\n\
         Subject: Undelivered Mail Returned to Sender\r\nAuto-Submitted: auto-replied\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
         --B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n\
         --B\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; relay.caravan.test\r\n\r\n\
         Final-Recipient: rfc822; someone@example.kz\r\nAction: failed\r\nStatus: {status}\r\n\
         Diagnostic-Code: smtp; 550 {status} mailbox problem\r\n\r\n--B--"
    )
}

fn arf(return_path: &str) -> String {
    format!(
        "From: feedback@fbl.caravan.test\r\nTo: {return_path}\r\nMessage-ID: <arf-1@fbl.caravan.test>\r\n\
         Subject: complaint\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\r\n\r\n\
         --F\r\nContent-Type: text/plain\r\n\r\nAn abuse report.\r\n\
         --F\r\nContent-Type: message/feedback-report\r\n\r\n\
         Feedback-Type: abuse\r\nUser-Agent: FBL/1.0\r\nVersion: 1\r\n\r\n\
         --F\r\nContent-Type: text/rfc822-headers\r\n\r\nReturn-Path: <{return_path}>\r\n\r\n--F--"
    )
}

/// Each reader's copy's envelope sender, by address.
fn return_path_of(smtp: &SmtpServer, address: &str) -> String {
    smtp.received()
        .into_iter()
        .find(|m| m.to == [address.to_owned()] && m.raw.contains("List-Unsubscribe"))
        .unwrap_or_else(|| panic!("no copy for {address}"))
        .from
}

async fn suppression(app: &TestApp, address: &str) -> (String, i64, i64) {
    let id = app.reader(address).await.id;
    let reason = app
        .sql_number(&format!(
            "SELECT CAST(CASE suppressed WHEN 'hard_bounce' THEN 1 WHEN 'complaint' THEN 2 \
             ELSE 0 END AS BIGINT) FROM subscribers WHERE id = {id}"
        ))
        .await;
    let reason = ["none", "hard_bounce", "complaint"][reason as usize].to_owned();
    let hard = app
        .sql_number(&format!(
            "SELECT CAST(hard_bounces AS BIGINT) FROM subscribers WHERE id = {id}"
        ))
        .await;
    let soft = app
        .sql_number(&format!(
            "SELECT CAST(soft_bounce_days AS BIGINT) FROM subscribers WHERE id = {id}"
        ))
        .await;
    (reason, hard, soft)
}

async fn reports_suppress_exactly_the_readers_they_name(db: Db) {
    let smtp = SmtpServer::start();
    let (app, issue) = app_with_listener(db, &smtp).await;
    let port = app.bounce_port.expect("the listener is on");
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;

    let a = return_path_of(&smtp, "a@example.kz");
    let b = return_path_of(&smtp, "b@example.uz");
    let c = return_path_of(&smtp, "c@example.kg");
    for path in [&a, &b, &c] {
        assert!(path.starts_with("b-d") && path.ends_with(DOMAIN), "{path}");
        assert!(path.len() < 100, "{path}");
    }
    assert!(a != b && b != c, "each copy has its own return path");

    // A hard bounce, a soft one, a complaint.
    let (rcpt, done) = hand_over(port, &a, &dsn(&a, "one", "5.1.1")).await;
    assert!(
        rcpt.starts_with("250") && done.starts_with("250"),
        "{rcpt} {done}"
    );
    hand_over(port, &b, &dsn(&b, "two", "4.2.2")).await;
    hand_over(port, &c, &arf(&c)).await;
    // The same DSN again (the MX retried): counted once.
    let (_, again) = hand_over(port, &a, &dsn(&a, "one", "5.1.1")).await;
    assert!(again.starts_with("250"), "{again}");

    assert_eq!(
        suppression(&app, "a@example.kz").await,
        ("hard_bounce".into(), 1, 0)
    );
    assert_eq!(
        suppression(&app, "b@example.uz").await,
        ("none".into(), 0, 1)
    );
    assert_eq!(
        suppression(&app, "c@example.kg").await,
        ("complaint".into(), 0, 0)
    );
    let complained = app.reader("c@example.kg").await;
    assert_eq!(
        complained.status,
        caravan::store::SubscriberStatus::Unsubscribed
    );
    let counts = app.store.issue_bounce_counts(issue).await.unwrap();
    assert_eq!((counts.hard, counts.soft, counts.complaints), (1, 1, 1));
    let events = app
        .store
        .bounce_events_of(app.reader("a@example.kz").await.id)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].status.as_deref(), Some("5.1.1"));
    assert_eq!(events[0].source, "dsn");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    for series in [
        r#"caravan_bounce_events_total{kind="hard",source="dsn"}"#,
        r#"caravan_bounce_events_total{kind="complaint",source="arf"}"#,
        r#"caravan_bounce_events_total{kind="duplicate",source="dsn"}"#,
    ] {
        assert!(metrics.contains(series), "{series} missing from /metrics");
    }

    // Forged tokens and foreign domains are refused at RCPT; nothing is read or changed.
    let forged = a.replacen("b-d", "b-d9", 1);
    let (refused, nothing) = hand_over(port, &forged, &dsn(&forged, "three", "5.1.1")).await;
    assert!(
        refused.starts_with("550") && nothing.is_empty(),
        "{refused}"
    );
    let foreign = format!("{}@example.net", a.split('@').next().unwrap());
    let (refused, _) = hand_over(port, &foreign, &dsn(&foreign, "four", "5.1.1")).await;
    assert!(refused.starts_with("550"), "{refused}");
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM bounce_events").await,
        3
    );

    // The next issue goes to b alone; a stranger's sign-up does not bring a back.
    let next = crate::delivery::another_issue(&app, issue, 1).await;
    deliver(&app, next).await;
    let later: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|m| m.raw.contains("extra-1") || m.raw.contains("Encore"))
        .map(|m| m.to)
        .collect();
    assert_eq!(later, vec![vec!["b@example.uz".to_owned()]]);
    app.drain_outbox().await; // the welcomes of earlier confirmations
    let before = smtp.received().len();
    app.post_form(&[("email", "a@example.kz")]).await;
    app.drain_outbox().await;
    assert_eq!(
        smtp.received().len(),
        before,
        "a suppressed address gets no mail"
    );
}

async fn without_a_bounce_domain_the_sender_is_the_from_address(db: Db) {
    let smtp = SmtpServer::start();
    let (app, issue) = app_at(smtp.url(), db, vec![]).await;
    assert_eq!(app.bounce_port, None);
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    assert_eq!(return_path_of(&smtp, "a@example.kz"), "news@caravan.test");
}

async fn a_mailbox_of_bounces_is_imported_once(db: Db) {
    let smtp = SmtpServer::start();
    let (app, issue) = app_with_listener(db, &smtp).await;
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    let a = return_path_of(&smtp, "a@example.kz");
    let forged = a.replacen("b-d", "b-d9", 1);
    let vacation = format!(
        "From: b@example.uz\r\nTo: {}\r\nSubject: Absente\r\nAuto-Submitted: auto-replied\r\n\r\nDe retour lundi.",
        return_path_of(&smtp, "b@example.uz")
    );
    // mbox: each message after a `From ` line, LF line ends as mail spools keep them.
    let mbox: String = [
        dsn(&a, "m1", "5.1.1"),
        dsn(&forged, "m2", "5.1.1"),
        vacation,
    ]
    .iter()
    .map(|m| {
        format!(
            "From MAILER-DAEMON Mon Nov 30 10:00:00 2026\n{}\n\n",
            m.replace("\r\n", "\n")
        )
    })
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bounces.mbox");
    std::fs::write(&file, mbox).unwrap();
    let paths = caravan::bounces::ReturnPath::new(DOMAIN, app.signer().await);
    let intake = caravan::bounces::Intake::new(app.store.clone(), paths);
    let first = caravan::bounces::import_mbox(&intake, &file).await.unwrap();
    assert_eq!(
        (first.messages, first.new, first.suppressed, first.dropped),
        (3, 1, 1, 2)
    );
    let again = caravan::bounces::import_mbox(&intake, &file).await.unwrap();
    assert_eq!((again.new, again.duplicates), (0, 1));
    assert_eq!(
        suppression(&app, "a@example.kz").await,
        ("hard_bounce".into(), 1, 0)
    );
    assert_eq!(
        suppression(&app, "b@example.uz").await,
        ("none".into(), 0, 0)
    );
}

/// Caravan sends through a real Postfix that owns `example.kz`, where no mailbox exists:
/// Postfix writes the DSNs itself and delivers them to the bounce listener. Only the reader
/// whose mail bounced is suppressed.
async fn postfix_dsns_suppress_the_bounced_reader_and_nobody_else(db: Db) {
    let mailboxes = SmtpServer::start();
    let listen = crate::postfix::free_port();
    let routes = [
        ("example.uz", mailboxes.port),
        ("example.kg", mailboxes.port),
        (DOMAIN, listen),
    ];
    let Some(postfix) = crate::postfix::Postfix::start("example.kz", &routes) else {
        return;
    };
    let (app, issue) = app_at(
        postfix.url(),
        db,
        vec![
            ("CARAVAN_BOUNCE_DOMAIN", DOMAIN.to_owned()),
            ("CARAVAN_BOUNCE_LISTEN", format!("127.0.0.1:{listen}")),
        ],
    )
    .await;
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    let started = std::time::Instant::now();
    while app.sql_number("SELECT COUNT(*) FROM bounce_events").await == 0 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "no DSN reached the listener; Postfix's log:\n{}",
            postfix.log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let a = app.reader("a@example.kz").await.id;
    let events = app.store.bounce_events_of(a).await.unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].kind, caravan::store::BounceKind::Hard);
    assert_eq!(events[0].status.as_deref(), Some("5.1.1"), "{events:?}");
    assert_eq!(
        suppression(&app, "a@example.kz").await,
        ("hard_bounce".into(), 1, 0)
    );
    for other in ["b@example.uz", "c@example.kg"] {
        assert_eq!(
            suppression(&app, other).await,
            ("none".into(), 0, 0),
            "{other}"
        );
        assert!(
            mailboxes
                .received()
                .iter()
                .any(|m| m.to == [other.to_owned()])
        );
    }
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM bounce_events").await,
        1
    );
}

/// Soft bounces count once a day; six days of them suppress; a month of quiet starts over.
async fn soft_bounces_suppress_only_when_they_last(db: Db) {
    let app = crate::helpers::TestApp::spawn(db).await;
    for address in ["steady@example.kz", "quiet@example.kz"] {
        let link = app.subscribe_and_get_link(address).await;
        app.confirm(&link).await;
    }
    let soft = |id: i64, days_ago: i64, key: String| caravan::store::NewBounceEvent {
        tag: caravan::bounces::BounceTag::Delivery {
            subscriber_id: id,
            issue_id: 1,
        },
        kind: caravan::store::BounceKind::Soft,
        status: Some("4.2.2".into()),
        diagnostic: None,
        source: "dsn",
        dedupe_key: key,
        at: caravan::store::now() - chrono::Duration::days(days_ago),
    };
    let steady = app.reader("steady@example.kz").await.id;
    // Two a day for five days: five days counted, not yet suppressed.
    for day in (1..=5).rev() {
        for n in 0..2 {
            let event = soft(steady, day, format!("s-{day}-{n}"));
            app.store.record_bounce_events(&[event]).await.unwrap();
        }
    }
    let days = |id: i64| {
        let app = &app;
        async move {
            app.sql_number(&format!(
                "SELECT CAST(soft_bounce_days AS BIGINT) FROM subscribers WHERE id = {id}"
            ))
            .await
        }
    };
    assert_eq!(days(steady).await, 5);
    assert!(app.reader("steady@example.kz").await.suppressed.is_none());
    let sixth = soft(steady, 0, "s-0".into());
    let recorded = app.store.record_bounce_events(&[sixth]).await.unwrap();
    assert_eq!(
        recorded,
        vec![caravan::store::Recorded::New { suppressed: true }]
    );
    assert_eq!(
        app.reader("steady@example.kz").await.suppressed.as_deref(),
        Some("hard_bounce")
    );

    // Five days of soft bounces, then five quiet weeks: the count starts again.
    let quiet = app.reader("quiet@example.kz").await.id;
    for day in (40..=44).rev() {
        let event = soft(quiet, day, format!("q-{day}"));
        app.store.record_bounce_events(&[event]).await.unwrap();
    }
    app.store
        .record_bounce_events(&[soft(quiet, 0, "q-0".into())])
        .await
        .unwrap();
    assert_eq!(days(quiet).await, 1);
    assert!(app.reader("quiet@example.kz").await.suppressed.is_none());
}

both_databases!(
    soft_bounces_suppress_only_when_they_last,
    postfix_dsns_suppress_the_bounced_reader_and_nobody_else,
    a_mailbox_of_bounces_is_imported_once,
    reports_suppress_exactly_the_readers_they_name,
    without_a_bounce_domain_the_sender_is_the_from_address,
);
