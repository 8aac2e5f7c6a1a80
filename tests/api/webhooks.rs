//! Providers' webhooks in the shapes Postmark, Mailgun and SendGrid document, signed as they
//! sign them (and forged): each event reaches the ledger once, for the copy it names.
use base64::Engine;
use hmac::{Hmac, Mac};
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::json;

use crate::delivery::{app_at, deliver};
use crate::helpers::{Db, TestApp};
use crate::smtp_server::SmtpServer;

const POSTMARK_AUTH: &str = "caravan:a-long-webhook-password";
const MAILGUN_KEY: &str = "key-mailgun-signing-0123456789";

/// SendGrid's verification key is a base64 P-256 SubjectPublicKeyInfo.
fn sendgrid_keys() -> (EcdsaKeyPair, String) {
    let rng = SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).unwrap();
    let pair =
        EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng).unwrap();
    let mut spki = hex("3059301306072a8648ce3d020106082a8648ce3d030107034200");
    spki.extend_from_slice(pair.public_key().as_ref());
    let b64 = base64::engine::general_purpose::STANDARD.encode(spki);
    (pair, b64)
}

fn hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).unwrap())
        .collect()
}

/// A copy as the relay saw it: its raw text, for its headers.
fn copy_for(smtp: &SmtpServer, address: &str) -> String {
    smtp.received()
        .into_iter()
        .find(|m| m.to == [address.to_owned()] && m.raw.contains("List-Unsubscribe"))
        .unwrap()
        .raw
}

fn header<'a>(raw: &'a str, name: &str) -> &'a str {
    raw.lines()
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} header"))
        .trim()
}

async fn post(
    app: &TestApp,
    provider: &str,
    body: String,
    headers: &[(&str, String)],
) -> (u16, serde_json::Value) {
    let mut request = app
        .client
        .post(app.url(&format!("/webhooks/{provider}")))
        .header("Content-Type", "application/json")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn mailgun_post(key: &str, timestamp: i64, data: serde_json::Value) -> String {
    let token = "a-random-token-from-mailgun";
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(format!("{timestamp}{token}").as_bytes());
    let signature: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    json!({
        "signature": {"timestamp": timestamp.to_string(), "token": token, "signature": signature},
        "event-data": data,
    })
    .to_string()
}

async fn kinds(app: &TestApp, address: &str) -> Vec<String> {
    let id = app.reader(address).await.id;
    let events = app.store.bounce_events_of(id).await.unwrap();
    events
        .iter()
        .map(|e| format!("{}/{}", e.source, e.kind))
        .collect()
}

async fn signed_events_reach_the_ledger_and_forged_ones_change_nothing(db: Db) {
    let smtp = SmtpServer::start();
    let (sendgrid, sendgrid_key) = sendgrid_keys();
    let (app, issue) = app_at(
        smtp.url(),
        db,
        vec![
            ("CARAVAN_WEBHOOK_POSTMARK_AUTH", POSTMARK_AUTH.to_owned()),
            ("CARAVAN_WEBHOOK_MAILGUN_KEY", MAILGUN_KEY.to_owned()),
            ("CARAVAN_WEBHOOK_SENDGRID_KEY", sendgrid_key),
        ],
    )
    .await;
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    let a = copy_for(&smtp, "a@example.kz");
    let token = header(&a, "X-PM-Metadata-caravan-copy").to_owned();
    assert!(header(&a, "X-Mailgun-Variables").contains(&token));
    assert!(header(&a, "X-SMTPAPI").contains(&token));

    // Postmark: a hard bounce named by the metadata Caravan put on the copy.
    let bounce = json!({
        "RecordType": "Bounce", "ID": 4323372036854775807u64, "Type": "HardBounce",
        "TypeCode": 1, "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": "a@example.kz", "BouncedAt": "2026-11-30T10:00:00Z",
        "Metadata": {"caravan-copy": token},
    })
    .to_string();
    let basic = |auth: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(auth)
        )
    };
    let (status, _) = post(
        &app,
        "postmark",
        bounce.clone(),
        &[("Authorization", basic("caravan:wrong-password-000000"))],
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = post(&app, "postmark", bounce.clone(), &[]).await;
    assert_eq!(status, 401);
    assert!(
        kinds(&app, "a@example.kz").await.is_empty(),
        "a refused post changes nothing"
    );
    let (status, body) = post(
        &app,
        "postmark",
        bounce.clone(),
        &[("Authorization", basic(POSTMARK_AUTH))],
    )
    .await;
    assert_eq!(
        (status, body["recorded"].as_u64()),
        (200, Some(1)),
        "{body}"
    );
    let (_, again) = post(
        &app,
        "postmark",
        bounce,
        &[("Authorization", basic(POSTMARK_AUTH))],
    )
    .await;
    assert_eq!(again["duplicates"], 1, "{again}");
    assert_eq!(kinds(&app, "a@example.kz").await, ["postmark/hard"]);
    // The API says why the address is blocked and lists the report.
    let api = crate::api_issues::token(&app, "crm").await;
    let id = app.reader("a@example.kz").await.id;
    let get = |path: String| app.client.get(app.url(&path)).bearer_auth(&api).send();
    let reader: serde_json::Value = get(format!("/api/v1/subscribers/{id}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reader["suppressed"], "hard_bounce", "{reader}");
    let events: serde_json::Value = get(format!("/api/v1/subscribers/{id}/events"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(events["items"][0]["source"], "postmark", "{events}");
    assert_eq!(events["items"][0]["kind"], "hard");
    assert_eq!(events["items"][0]["status"], "5.1.1");
    assert_eq!(events["items"][0]["issue_id"], issue);
    let missing = get("/api/v1/subscribers/999999/events".into())
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    // Mailgun: a complaint named by the copy's Message-ID alone.
    let b = copy_for(&smtp, "b@example.uz");
    let message_id = header(&b, "Message-ID").trim_matches(['<', '>']).to_owned();
    let complaint = json!({
        "event": "complained", "id": "-Agny091SquKnsrW2NEKUA", "timestamp": 1_764_496_800.0,
        "recipient": "b@example.uz", "message": {"headers": {"message-id": message_id}},
    });
    let now = chrono::Utc::now().timestamp();
    let (status, _) = post(
        &app,
        "mailgun",
        mailgun_post("not-the-key", now, complaint.clone()),
        &[],
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = post(
        &app,
        "mailgun",
        mailgun_post(MAILGUN_KEY, now - 3600, complaint.clone()),
        &[],
    )
    .await;
    assert_eq!(status, 401, "an old signature is a replay");
    let (status, body) = post(
        &app,
        "mailgun",
        mailgun_post(MAILGUN_KEY, now, complaint),
        &[],
    )
    .await;
    assert_eq!(
        (status, body["recorded"].as_u64()),
        (200, Some(1)),
        "{body}"
    );
    assert_eq!(kinds(&app, "b@example.uz").await, ["mailgun/complaint"]);
    assert_eq!(
        app.reader("b@example.uz").await.status,
        caravan::store::SubscriberStatus::Unsubscribed
    );

    // SendGrid: a batch with a bounce (by smtp-id), an open (ignored) and an unknown copy.
    let c = copy_for(&smtp, "c@example.kg");
    let events = json!([
        {"email": "c@example.kg", "timestamp": 1_764_496_800, "smtp-id": header(&c, "Message-ID"),
         "event": "bounce", "type": "bounce", "status": "5.1.1", "reason": "550 5.1.1 unknown",
         "sg_event_id": "c-bounce-1"},
        {"email": "c@example.kg", "timestamp": 1_764_496_801, "event": "open",
         "sg_event_id": "c-open-1"},
        {"email": "x@example.kz", "timestamp": 1_764_496_802, "smtp-id": "<nobody@elsewhere>",
         "event": "bounce", "type": "bounce", "status": "5.1.1", "sg_event_id": "x-1"},
    ])
    .to_string();
    let timestamp = "1764496800".to_owned();
    let sign = |body: &str| {
        let signed = format!("{timestamp}{body}");
        let signature = sendgrid
            .sign(&SystemRandom::new(), signed.as_bytes())
            .unwrap();
        base64::engine::general_purpose::STANDARD.encode(signature.as_ref())
    };
    let headers = |signature: String| {
        vec![
            ("X-Twilio-Email-Event-Webhook-Signature", signature),
            ("X-Twilio-Email-Event-Webhook-Timestamp", timestamp.clone()),
        ]
    };
    let (status, _) = post(&app, "sendgrid", events.clone(), &headers(sign("[]"))).await;
    assert_eq!(status, 401, "a signature of another body");
    let signature = sign(&events);
    let (status, body) = post(&app, "sendgrid", events, &headers(signature)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["recorded"].as_u64(),
            body["ignored"].as_u64(),
            body["unmatched"].as_u64()
        ),
        (Some(1), Some(1), Some(1)),
        "{body}"
    );
    assert_eq!(kinds(&app, "c@example.kg").await, ["sendgrid/hard"]);
    let counts = app.store.issue_bounce_counts(issue).await.unwrap();
    assert_eq!((counts.hard, counts.complaints), (2, 1));

    // Not JSON: a clear 400, nothing recorded.
    let (status, body) = post(
        &app,
        "postmark",
        "{not json".into(),
        &[("Authorization", basic(POSTMARK_AUTH))],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Postmark")
    );
}

async fn a_provider_without_its_secret_has_no_route(db: Db) {
    let smtp = SmtpServer::start();
    let (app, issue) = app_at(smtp.url(), db, vec![]).await;
    for provider in ["postmark", "mailgun", "sendgrid", "ses", "elsewhere"] {
        let (status, _) = post(&app, provider, "{}".into(), &[]).await;
        assert_eq!(status, 404, "{provider}");
    }
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    let a = copy_for(&smtp, "a@example.kz");
    for tag in ["X-PM-Metadata", "X-Mailgun-Variables", "X-SMTPAPI"] {
        assert!(!a.contains(tag), "{tag} without its webhook");
    }
}

both_databases!(
    signed_events_reach_the_ledger_and_forged_ones_change_nothing,
    a_provider_without_its_secret_has_no_route,
);
