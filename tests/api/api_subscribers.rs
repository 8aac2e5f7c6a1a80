//! `/api/v1/subscribers`: search and pages that stay stable, one reader, erasure that takes
//! their deliveries with them.
use caravan::domain::{Lang, SubscriberEmail, SubscriberName};
use caravan::store::ImportedReader;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api_issues::{call, token};
use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp};

async fn readers_can_be_listed_searched_and_paged(db: Db) {
    let app = TestApp::spawn(db).await;
    let readers: Vec<ImportedReader> = [
        "aigerim@example.kz",
        "erlan@example.kz",
        "zarina@example.uz",
    ]
    .iter()
    .zip(["Aïgerim Seitkali", "Erlan", "Zarina 100%"])
    .map(|(email, name)| ImportedReader {
        email: SubscriberEmail::parse(email).unwrap(),
        name: SubscriberName::parse(name).unwrap(),
        lang: Lang::Fr,
        unsubscribed: false,
        topics: Default::default(),
    })
    .collect();
    app.store.import_confirmed(&readers).await.unwrap();
    app.post_form(&[("email", "pending@example.tj")]).await;
    let token = token(&app, "cms").await;
    let t = Some(token.as_str());
    let get = reqwest::Method::GET;
    let emails = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["email"].as_str().unwrap().to_owned())
            .collect()
    };

    let (status, all) = call(&app, get.clone(), "/api/v1/subscribers", t, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        emails(&all),
        [
            "pending@example.tj",
            "zarina@example.uz",
            "erlan@example.kz",
            "aigerim@example.kz"
        ]
    );
    assert_eq!(all["items"][0]["status"], json!("pending"));

    let (_, confirmed) = call(
        &app,
        get.clone(),
        "/api/v1/subscribers?status=confirmed&limit=2",
        t,
        None,
    )
    .await;
    assert_eq!(
        emails(&confirmed),
        ["zarina@example.uz", "erlan@example.kz"]
    );
    let cursor = confirmed["next_cursor"].as_str().unwrap();
    let (_, rest) = call(
        &app,
        get.clone(),
        &format!("/api/v1/subscribers?status=confirmed&limit=2&cursor={cursor}"),
        t,
        None,
    )
    .await;
    assert_eq!(emails(&rest), ["aigerim@example.kz"]);
    assert_eq!(rest["next_cursor"], Value::Null);

    for (q, want) in [
        ("ERL", vec!["erlan@example.kz"]),
        ("seit", vec!["aigerim@example.kz"]),
        ("100%", vec!["zarina@example.uz"]),
        ("%", vec!["zarina@example.uz"]),
        ("_", vec![]),
    ] {
        let (_, found) = call(
            &app,
            get.clone(),
            &format!("/api/v1/subscribers?q={}", urlencode(q)),
            t,
            None,
        )
        .await;
        // `%` and `_` are literal, not wildcards: only Zarina's name holds a `%`.
        assert_eq!(emails(&found), want, "search {q:?}");
    }
    for (query, field) in [
        ("status=gone", "status"),
        ("limit=0", "limit"),
        ("cursor=abc", "cursor"),
    ] {
        let (status, body) = call(
            &app,
            get.clone(),
            &format!("/api/v1/subscribers?{query}"),
            t,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(body["error"]["field"], json!(field));
    }
    let (status, _) = call(&app, get, "/api/v1/subscribers", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

fn urlencode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}

async fn erasing_a_reader_removes_their_deliveries_and_e_mails(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    app.store.start_due_issues().await.unwrap();
    let reader = app.reader("b@example.uz").await.id;
    let token = token(&app, "cms").await;
    let t = Some(token.as_str());

    let path = format!("/api/v1/subscribers/{reader}");
    let (status, shown) = call(&app, reqwest::Method::GET, &path, t, None).await;
    assert_eq!(
        (status, &shown["email"]),
        (StatusCode::OK, &json!("b@example.uz"))
    );

    let response = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (status, _) = call(&app, reqwest::Method::GET, &path, t, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = call(&app, reqwest::Method::DELETE, &path, t, None).await;
    assert_eq!(
        (status, &body["error"]["code"]),
        (StatusCode::NOT_FOUND, &json!("not_found"))
    );

    let counts = app.store.delivery_counts(issue).await.unwrap();
    assert_eq!(
        counts.pending, 2,
        "the erased reader's delivery went with them"
    );
    assert_eq!(
        app.store
            .claim_deliveries(chrono::Duration::seconds(5), 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

/// Export crosses page boundaries (pages of 1,000), quotes what CSV must quote, keeps every
/// reader once, and honours the status filter.
async fn every_reader_is_exported_once_as_csv(db: Db) {
    let app = TestApp::spawn(db).await;
    let mut readers: Vec<ImportedReader> = (0..2500)
        .map(|i| ImportedReader {
            email: SubscriberEmail::parse(&format!("r{i}@example.kz")).unwrap(),
            name: None,
            lang: Lang::En,
            unsubscribed: false,
            topics: Default::default(),
        })
        .collect();
    readers[7].name = SubscriberName::parse("Zarina \"Z\", Almaty").unwrap();
    app.store.import_confirmed(&readers).await.unwrap();
    app.post_form(&[("email", "pending@example.tj")]).await;
    let token = token(&app, "cms").await;

    let response = app
        .client
        .get(app.url("/api/v1/subscribers/export"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = response.text().await.unwrap();
    let mut csv = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        csv.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "email",
            "name",
            "lang",
            "status",
            "created_at",
            "confirmed_at",
            "unsubscribed_at",
            "topics"
        ]
    );
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2501);
    let mut emails: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), 2501, "each reader once");
    let zarina = rows.iter().find(|r| &r[0] == "r7@example.kz").unwrap();
    assert_eq!(&zarina[1], "Zarina \"Z\", Almaty");
    assert_eq!(&zarina[3], "confirmed");

    let pending = app
        .client
        .get(app.url("/api/v1/subscribers/export?status=pending"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        pending.lines().count(),
        2,
        "header and the one pending reader"
    );
    assert!(pending.contains("pending@example.tj"));
    let refused = app
        .client
        .get(app.url("/api/v1/subscribers/export"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

/// Import: confirmed readers from CSV with a summary; any bad row refuses the whole file
/// with every bad line named, and nothing is imported.
async fn a_csv_import_is_all_or_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = token(&app, "cms").await;
    let import = |body: &'static str, content_type: &'static str| {
        app.client
            .post(app.url("/api/v1/subscribers/import"))
            .bearer_auth(&token)
            .header("Content-Type", content_type)
            .body(body)
    };
    let bad = "email,name,lang\nok@example.kz,Aïgerim,fr\nnot-an-address,,\nalso@example.kz,,de\n";
    let response = import(bad, "text/csv").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["field"], json!("csv"));
    let lines: Vec<i64> = body["error"]["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_i64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4], "{body}");
    assert_eq!(
        app.store.count_subscribers().await.unwrap(),
        0,
        "nothing imported"
    );

    let good = "email,name,lang\nok@example.kz,Aïgerim,fr\nalso@example.kz,,en\n";
    let response = import(good, "text/csv; charset=utf-8")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "added": 2, "already_known": 0 }));
    let again: Value = import(good, "text/csv")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, json!({ "added": 0, "already_known": 2 }));
    assert_eq!(
        app.reader("ok@example.kz").await.status,
        caravan::store::SubscriberStatus::Confirmed
    );

    let response = import(good, "application/json").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let unauthorized = app
        .client
        .post(app.url("/api/v1/subscribers/import"))
        .body(good)
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);

    // An optional status column: a suppression list comes in as readers who left.
    let bad_status = "email,status\nkeep@example.kz,confirmed\nodd@example.kz,pending\n";
    let body: Value = import(bad_status, "text/csv")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"]["rejected"][0]["line"], 3, "{body}");
    assert!(
        app.store
            .subscriber_by_email(
                &caravan::domain::SubscriberEmail::parse("keep@example.kz").unwrap()
            )
            .await
            .unwrap()
            .is_none()
    );
    let suppressed = "email,name,status\ngone@example.kz,Old,unsubscribed\nkeep@example.kz,,\n";
    let body: Value = import(suppressed, "text/csv")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, json!({ "added": 2, "already_known": 0 }));
    let gone = app.reader("gone@example.kz").await;
    assert_eq!(gone.status, caravan::store::SubscriberStatus::Unsubscribed);
    assert!(gone.unsubscribed_at.is_some() && gone.confirmed_at.is_none());
    assert_eq!(
        app.reader("keep@example.kz").await.status,
        caravan::store::SubscriberStatus::Confirmed
    );
}

both_databases!(
    a_csv_import_is_all_or_nothing,
    readers_can_be_listed_searched_and_paged,
    erasing_a_reader_removes_their_deliveries_and_e_mails,
    every_reader_is_exported_once_as_csv,
);
