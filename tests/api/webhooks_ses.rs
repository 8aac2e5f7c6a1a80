//! Amazon SES through SNS: messages in the shapes AWS documents, signed (SignatureVersion 2)
//! with a test certificate that a small HTTP server in the test serves as SNS would, and
//! forged ones. The certificate's host is the one `CARAVAN_WEBHOOK_SES_CERT_HOST` names (as
//! for an SNS emulator); any other host is refused without being fetched.
use std::sync::{Arc, Mutex};

use base64::Engine;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::delivery::{app_at, deliver};
use crate::helpers::{Db, TestApp};
use crate::smtp_server::SmtpServer;

const TOPIC: &str = "arn:aws:sns:eu-west-1:123456789012:caravan-bounces";

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Serves the signing certificate at `/cert.pem` and records every path asked for.
async fn sns_host() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Arc::new(Mutex::new(Vec::new()));
    let seen = asked.clone();
    let certificate = fixture("server.pem");
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut request = vec![0; 4096];
            let n = stream.read(&mut request).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&request[..n]).into_owned();
            let path = request.split_whitespace().nth(1).unwrap_or("").to_owned();
            seen.lock().unwrap().push(path.clone());
            let body = match path.as_str() {
                "/cert.pem" => certificate.clone(),
                p if p.starts_with("/confirm") => "<ConfirmSubscriptionResponse/>".to_owned(),
                _ => String::new(),
            };
            let status = if body.is_empty() {
                "404 Not Found"
            } else {
                "200 OK"
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    (port, asked)
}

/// An SNS message of `kind`, signed as SNS signs version 2 (SHA256withRSA over its fields).
fn signed(port: u16, kind: &str, message: &str, extra: &[(&str, String)]) -> Value {
    let mut fields: Vec<(String, String)> = vec![
        ("Message".into(), message.to_owned()),
        ("MessageId".into(), uuid::Uuid::new_v4().to_string()),
        ("Timestamp".into(), "2026-11-30T10:00:00.000Z".into()),
        ("TopicArn".into(), TOPIC.into()),
        ("Type".into(), kind.into()),
    ];
    fields.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    fields.sort();
    let text: String = fields.iter().map(|(k, v)| format!("{k}\n{v}\n")).collect();
    let der = PrivateKeyDer::from_pem_slice(fixture("server.key").as_bytes()).unwrap();
    let key = RsaKeyPair::from_pkcs8(der.secret_der()).unwrap();
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        text.as_bytes(),
        &mut signature,
    )
    .unwrap();
    let mut body: serde_json::Map<String, Value> = fields
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    body.insert("SignatureVersion".into(), "2".into());
    body.insert(
        "Signature".into(),
        base64::engine::general_purpose::STANDARD
            .encode(signature)
            .into(),
    );
    body.insert(
        "SigningCertURL".into(),
        format!("http://127.0.0.1:{port}/cert.pem").into(),
    );
    Value::Object(body)
}

async fn post(app: &TestApp, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/webhooks/ses"))
        .header("Content-Type", "text/plain; charset=UTF-8")
        .header(
            "x-amz-sns-message-type",
            body["Type"].as_str().unwrap_or(""),
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn copy_for(smtp: &SmtpServer, address: &str) -> String {
    smtp.received()
        .into_iter()
        .find(|m| m.to == [address.to_owned()] && m.raw.contains("List-Unsubscribe"))
        .unwrap()
        .raw
}

fn header(raw: &str, name: &str) -> String {
    raw.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name}"))
        .trim()
        .to_owned()
}

async fn ses_notifications_are_verified_then_recorded(db: Db) {
    let (port, asked) = sns_host().await;
    let smtp = SmtpServer::start();
    let (app, issue) = app_at(
        smtp.url(),
        db,
        vec![
            ("CARAVAN_WEBHOOK_SES_TOPICS", TOPIC.to_owned()),
            ("CARAVAN_WEBHOOK_SES_CERT_HOST", format!("127.0.0.1:{port}")),
        ],
    )
    .await;
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    let tags = header(&copy_for(&smtp, "a@example.kz"), "X-SES-MESSAGE-TAGS");
    let token = tags.strip_prefix("caravan-copy=").unwrap().to_owned();

    // Subscribing: Caravan visits the SubscribeURL once the message verifies.
    let confirm = format!("http://127.0.0.1:{port}/confirm?Action=ConfirmSubscription&Token=t1");
    let subscription = signed(
        port,
        "SubscriptionConfirmation",
        "You have chosen to subscribe to the topic.",
        &[("SubscribeURL", confirm.clone()), ("Token", "t1".into())],
    );
    assert_eq!(post(&app, &subscription).await.0, 200);
    assert!(
        asked
            .lock()
            .unwrap()
            .iter()
            .any(|p| p.starts_with("/confirm"))
    );

    // A permanent bounce, named by the tag SES gives back.
    let bounce = json!({
        "notificationType": "Bounce",
        "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": "a@example.kz", "action": "failed",
                "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown"}],
            "timestamp": "2026-11-30T10:00:00.000Z", "feedbackId": "0102-bounce"},
        "mail": {"messageId": "0102-ses-id", "source": "news@caravan.test",
            "tags": {"caravan-copy": [token]}},
    })
    .to_string();
    let notification = signed(port, "Notification", &bounce, &[]);
    let (status, body) = post(&app, &notification).await;
    assert_eq!(
        (status, body["recorded"].as_u64()),
        (200, Some(1)),
        "{body}"
    );
    let (_, again) = post(&app, &notification).await;
    assert_eq!(again["duplicates"], 1, "{again}");
    let a = app.reader("a@example.kz").await;
    assert_eq!(a.suppressed.as_deref(), Some("hard_bounce"));
    let events = app.store.bounce_events_of(a.id).await.unwrap();
    assert_eq!(
        (events[0].source.as_str(), events[0].status.as_deref()),
        ("ses", Some("5.1.1"))
    );

    // A complaint, named by the copy's Message-ID among the common headers.
    let b = header(&copy_for(&smtp, "b@example.uz"), "Message-ID");
    let complaint = json!({
        "notificationType": "Complaint",
        "complaint": {"complainedRecipients": [{"emailAddress": "b@example.uz"}],
            "complaintFeedbackType": "abuse", "feedbackId": "0102-complaint"},
        "mail": {"messageId": "0102-ses-id-2", "commonHeaders": {"messageId": b}},
    })
    .to_string();
    let (status, body) = post(&app, &signed(port, "Notification", &complaint, &[])).await;
    assert_eq!(
        (status, body["recorded"].as_u64()),
        (200, Some(1)),
        "{body}"
    );
    assert_eq!(
        app.reader("b@example.uz").await.suppressed.as_deref(),
        Some("complaint")
    );

    // Forged: altered after signing, another topic, another certificate host, version 1.
    let mut altered = signed(port, "Notification", &complaint, &[]);
    altered["Message"] = complaint.replace("b@example.uz", "c@example.kg").into();
    let mut other_topic = signed(port, "Notification", &complaint, &[]);
    other_topic["TopicArn"] = "arn:aws:sns:eu-west-1:999999999999:theirs".into();
    let mut elsewhere = signed(port, "Notification", &complaint, &[]);
    elsewhere["SigningCertURL"] = "https://evil.example/cert.pem".into();
    let mut sha1 = signed(port, "Notification", &complaint, &[]);
    sha1["SignatureVersion"] = "1".into();
    for forged in [altered, other_topic, elsewhere, sha1] {
        let (status, _) = post(&app, &forged).await;
        assert_eq!(status, 401, "{forged}");
    }
    assert_eq!(
        app.sql_number("SELECT COUNT(*) FROM bounce_events").await,
        2
    );
    let (status, body) = post(&app, &json!({"Type": "Notification"})).await;
    assert_eq!(status, 400, "{body}");
}

both_databases!(ses_notifications_are_verified_then_recorded);
