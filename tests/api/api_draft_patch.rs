//! A PATCH of a draft no longer reads the issue before writing: what it answers must not
//! change. An unknown issue is a 404 whatever else is wrong; a known one names the bad field
//! before saying it is not a draft; a field left out keeps its value.
use caravan::store::DraftChanges;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api_issues::{call, token};
use crate::helpers::{Db, TestApp};

async fn a_patch_answers_as_it_did_when_it_read_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let live = token(&app, "cms").await;
    let letter = |subject: &str| DraftChanges {
        subject: subject.into(),
        intro: Some("Bonjour.".into()),
        article_ids: None,
    };
    let id = |created| match created {
        caravan::store::NewLetter::Created(id) => id,
        other => panic!("{other:?}"),
    };
    let draft = id(
        caravan::issues::create_letter(&app.store, &letter("Brouillon"))
            .await
            .unwrap(),
    );
    let queued = id(caravan::issues::create_letter(&app.store, &letter("Parti"))
        .await
        .unwrap());
    assert!(app.store.queue_issue(queued, None).await.unwrap());

    for body in [json!({"subject": " "}), json!({"article_ids": [999999]})] {
        let (status, _) = call(
            &app,
            Method::PATCH,
            "/api/v1/issues/424242",
            Some(&live),
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }
    for (body, field) in [
        (json!({"subject": " "}), "subject"),
        (json!({"article_ids": [999999]}), "article_ids"),
    ] {
        let path = format!("/api/v1/issues/{queued}");
        let (status, refused) = call(&app, Method::PATCH, &path, Some(&live), Some(body)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused["error"]["field"], field);
    }

    let path = format!("/api/v1/issues/{draft}");
    let body = json!({"subject": "Nouveau titre"});
    let (status, edited) = call(&app, Method::PATCH, &path, Some(&live), Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(edited["issue"]["subject"], "Nouveau titre");
    assert_eq!(edited["issue"]["intro"], "Bonjour.", "left out: unchanged");
    assert_eq!(edited["issue"]["status"], "draft");
}

both_databases!(a_patch_answers_as_it_did_when_it_read_first);
