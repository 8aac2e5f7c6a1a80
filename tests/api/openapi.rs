//! The OpenAPI document: well formed (every `$ref` resolves, every operation is secured and
//! answers something documented), and true: each documented route, called on real data,
//! answers with a documented status and, for JSON, the documented fields.
use serde_json::{Value, json};

use crate::api_issues::token;
use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp};

/// Every `$ref` in `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push(target.clone());
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

fn schema<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let name = reference.trim_start_matches("#/components/schemas/");
    &doc["components"]["schemas"][name]
}

/// Checks a JSON answer against its schema's fields: every required one present, no field
/// the document does not name.
fn check_fields(doc: &Value, expected: &Value, body: &Value, at: &str) {
    let Some(properties) = expected["properties"].as_object() else {
        return;
    };
    let object = body
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not an object: {body}"));
    for key in object.keys() {
        assert!(
            properties.contains_key(key),
            "{at}: {key} is not documented"
        );
    }
    for required in expected["required"].as_array().into_iter().flatten() {
        let key = required.as_str().unwrap();
        assert!(
            object.contains_key(key),
            "{at}: documented {key} is missing: {body}"
        );
    }
    for (key, property) in properties {
        if let (Some(reference), Some(value)) = (property["$ref"].as_str(), object.get(key))
            && value.is_object()
        {
            check_fields(doc, schema(doc, reference), value, &format!("{at}.{key}"));
        }
    }
}

async fn the_api_does_what_its_openapi_document_says(db: Db) {
    let app = TestApp::spawn(db).await;
    let issue = readers_and_a_draft(&app).await;
    let reader = app.reader("b@example.uz").await.id;
    let token = token(&app, "cms").await;

    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200, "public, before any token");
    let doc: Value = response.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for reference in &found {
        assert!(
            schema(&doc, reference).is_object(),
            "{reference} does not resolve"
        );
    }

    // The field check below has something to check: nested schemas are references.
    let detail = schema(&doc, "#/components/schemas/IssueDetail");
    assert!(
        detail["properties"]["progress"]["$ref"].is_string(),
        "{detail}"
    );
    assert!(
        detail["required"].as_array().is_some_and(|r| r.len() == 3),
        "{detail}"
    );

    // Every operation, reads first, then changes in an order that each can succeed.
    let mut operations: Vec<(String, String, Value)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            operations.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    let rank = |method: &str, path: &str| match (method, path.ends_with("/cancel")) {
        ("get", _) => 0,
        ("patch", _) => 1,
        ("post", false) => 2,
        ("post", true) => 3,
        _ => 4,
    };
    operations.sort_by_key(|(method, path, _)| (rank(method, path), path.clone()));
    assert_eq!(operations.len(), 21, "every API route is documented");

    for (method, path, operation) in &operations {
        let at = format!("{} {path}", method.to_uppercase());
        assert!(operation["security"].is_array(), "{at} names its security");
        let documented: Vec<u16> = operation["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.parse().unwrap())
            .collect();
        assert!(documented.contains(&401), "{at} documents 401");
        let id = if path.starts_with("/api/v1/issues") {
            issue
        } else {
            reader
        };
        let url = app.url(&path.replace("{id}", &id.to_string()).replace(
            "{slug}",
            "renforcement-du-partenariat-strategique-kazakho-ouzbek-une-rencontre",
        ));
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();

        let anonymous = app
            .client
            .request(method.clone(), &url)
            .send()
            .await
            .unwrap();
        assert_eq!(anonymous.status(), 401, "{at} without a token");

        let mut request = app.client.request(method.clone(), &url).bearer_auth(&token);
        let body = match (method.as_str(), path.as_str()) {
            (_, p) if p.ends_with("/test") => Some(json!({ "to": ["editor@example.kz"] })),
            ("POST", "/api/v1/articles") => Some(json!({
                "title": "Un article de l'API", "body": "Le texte.", "tags": ["api"]
            })),
            ("POST", "/api/v1/issues") => Some(json!({ "subject": "Lettre spéciale" })),
            ("POST", p) if p.ends_with("/corrections") => {
                Some(json!({ "note": "Le sommet a eu lieu le 29.", "dry_run": true }))
            }
            ("PATCH", _) => Some(json!({ "intro": "Bonjour à toutes et à tous." })),
            ("POST", "/api/v1/subscribers") => Some(json!({ "email": "api@example.kz" })),
            _ => None,
        };
        if let Some(body) = body {
            request = request.json(&body);
        }
        if path.ends_with("/import") {
            request = request
                .header("Content-Type", "text/csv")
                .body("new@example.kz,Nouveau,fr\n");
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        assert!((200..300).contains(&status), "{at} answered {status}");
        assert!(
            documented.contains(&status),
            "{at}: {status} is not documented"
        );
        let content = &operation["responses"][status.to_string()]["content"];
        if let Some(reference) = content["application/json"]["schema"]["$ref"].as_str() {
            let body: Value = response.json().await.unwrap();
            check_fields(&doc, schema(&doc, reference), &body, &at);
        } else if content["text/csv"].is_object() {
            let type_ = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(type_.starts_with("text/csv"), "{at}: {type_}");
        }
    }
}

both_databases!(the_api_does_what_its_openapi_document_says);
