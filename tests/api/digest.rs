//! Building the weekly digest from the synced articles.
use std::collections::HashMap;

use caravan::articles::sync_folder;
use caravan::digest::{DigestOutcome, build_digest};
use chrono::TimeZone;
use chrono_tz::Asia::Almaty;

use crate::helpers::{Db, TestApp};

fn monday_morning() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc.with_ymd_and_hms(2026, 11, 30, 3, 0, 0).unwrap()
}

async fn app_with_samples(db: Db) -> TestApp {
    let app = TestApp::spawn(db).await;
    let samples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    let report = sync_folder(&app.store, &samples).await.unwrap();
    assert_eq!(report.added.len(), 5);
    app
}

async fn the_seed_digest_groups_the_kazakh_uzbek_stories_under_one_lead(db: Db) {
    let app = app_with_samples(db).await;
    let outcome = build_digest(&app.store, monday_morning(), Almaty)
        .await
        .unwrap();
    let DigestOutcome::Built(id) = outcome else {
        panic!("{outcome:?}")
    };

    let slugs: HashMap<i64, String> = app
        .store
        .list_articles()
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.id, a.slug))
        .collect();
    let items = app.store.issue_items(id).await.unwrap();
    assert_eq!(items.len(), 5);
    let prefix = |id: i64| slugs[&id].split('-').take(5).collect::<Vec<_>>().join("-");
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for item in &items {
        if item.article_id == item.lead_article_id {
            groups.push((prefix(item.article_id), Vec::new()));
        } else {
            assert_eq!(
                groups.last().map(|g| g.0.clone()),
                Some(prefix(item.lead_article_id)),
                "a group's stories follow its lead"
            );
            groups.last_mut().unwrap().1.push(prefix(item.article_id));
        }
    }
    let kazakh_uzbek = groups
        .iter()
        .find(|g| g.1.len() == 2)
        .expect("one group of three");
    let mut members: Vec<String> = kazakh_uzbek
        .1
        .iter()
        .chain([&kazakh_uzbek.0])
        .cloned()
        .collect();
    members.sort();
    assert_eq!(
        members,
        vec![
            "l-ouzbekistan-et-le-kazakhstan",
            "le-kazakhstan-et-l-ouzbekistan",
            "renforcement-du-partenariat-strategique-kazakho",
        ]
    );
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert!(
        groups
            .iter()
            .any(|g| g.0 == "le-kazakhstan-et-le-kirghizistan" && g.1.is_empty())
    );
    assert!(
        groups
            .iter()
            .any(|g| g.0 == "le-kazakhstan-a-reaffirme-son" && g.1.is_empty())
    );

    let issue = app.store.list_issues().await.unwrap().remove(0);
    assert_eq!(issue.slug, "2026-s49");
    assert_eq!(issue.status.as_str(), "draft");
    // The lead story, cut at a word to stay under 70 characters, and how many others follow.
    assert_eq!(
        issue.subject,
        "Renforcement du partenariat stratégique… — et 2 autres sujets"
    );
    assert!(issue.subject.chars().count() <= 70, "{}", issue.subject);
}

async fn building_twice_in_a_week_finds_the_first_digest(db: Db) {
    let app = app_with_samples(db).await;
    let first = build_digest(&app.store, monday_morning(), Almaty)
        .await
        .unwrap();
    let later = monday_morning() + chrono::Duration::days(2);
    let (a, b) = tokio::join!(
        build_digest(&app.store, later, Almaty),
        build_digest(&app.store, later, Almaty)
    );
    assert_eq!(
        a.unwrap(),
        DigestOutcome::AlreadyBuilt(first.issue_id().unwrap())
    );
    assert_eq!(
        b.unwrap(),
        DigestOutcome::AlreadyBuilt(first.issue_id().unwrap())
    );
    assert_eq!(app.store.list_issues().await.unwrap().len(), 1);

    // A draft that was never sent does not hold its articles back from next week's digest.
    let next_week = build_digest(
        &app.store,
        monday_morning() + chrono::Duration::days(7),
        Almaty,
    )
    .await
    .unwrap();
    let DigestOutcome::Built(id) = next_week else {
        panic!("{next_week:?}")
    };
    assert_eq!(app.store.issue_items(id).await.unwrap().len(), 5);
}

async fn no_article_is_sent_in_two_weekly_digests(db: Db) {
    let app = app_with_samples(db).await;
    let week1 = build_digest(&app.store, monday_morning(), Almaty)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    assert!(app.store.queue_issue(week1, None).await.unwrap());
    let next_monday = monday_morning() + chrono::Duration::days(7);
    assert_eq!(
        build_digest(&app.store, next_monday, Almaty).await.unwrap(),
        DigestOutcome::NothingNew,
        "the queued digest holds its five articles"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("un-seul-article.md"),
        "+++\ntitle = \"Un seul article sur le Tadjikistan\"\n+++\n\nDouchanbé accueille un forum.",
    )
    .unwrap();
    sync_folder(&app.store, dir.path()).await.unwrap();
    let week2 = build_digest(&app.store, next_monday, Almaty)
        .await
        .unwrap()
        .issue_id()
        .unwrap();
    let items = app.store.issue_items(week2).await.unwrap();
    assert_eq!(items.len(), 1, "only the new article");
    assert_eq!(items[0].lead_article_id, items[0].article_id);
    let issue = app.store.list_issues().await.unwrap().remove(0);
    assert_eq!(issue.subject, "Un seul article sur le Tadjikistan");
}

async fn no_new_article_means_no_issue(db: Db) {
    let app = TestApp::spawn(db).await;
    assert_eq!(
        build_digest(&app.store, monday_morning(), Almaty)
            .await
            .unwrap(),
        DigestOutcome::NothingNew
    );
    assert!(app.store.list_issues().await.unwrap().is_empty());
}

both_databases!(
    no_article_is_sent_in_two_weekly_digests,
    the_seed_digest_groups_the_kazakh_uzbek_stories_under_one_lead,
    building_twice_in_a_week_finds_the_first_digest,
    no_new_article_means_no_issue,
);

mod ticks {
    use caravan::digest::{DigestOutcome, DigestSchedule, run_digest_tick};
    use caravan::domain::CronSchedule;
    use chrono::TimeZone;
    use chrono_tz::Asia::Almaty;

    use crate::helpers::{Db, TestApp};

    fn weekly() -> DigestSchedule {
        DigestSchedule {
            cron: CronSchedule::parse("0 0 8 * * Mon").unwrap(),
            tz: Almaty,
            auto_queue: false,
        }
    }

    fn at(day: u32, hour: u32, minute: u32) -> chrono::DateTime<chrono::Utc> {
        Almaty
            .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
            .unwrap()
            .with_timezone(&chrono::Utc)
    }

    async fn the_digest_is_built_once_when_its_tick_passes(db: Db) {
        let app = TestApp::spawn(db).await;
        let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
        let schedule = weekly();
        // First wake-up on a new database: only remembers the time.
        assert_eq!(
            run_digest_tick(&app.store, &schedule, &articles, at(29, 12, 0))
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            run_digest_tick(&app.store, &schedule, &articles, at(30, 7, 59))
                .await
                .unwrap(),
            None
        );

        // Monday 8:00 in Almaty has passed: two instances wake together, one builds.
        let (a, b) = tokio::join!(
            run_digest_tick(&app.store, &schedule, &articles, at(30, 8, 0)),
            run_digest_tick(&app.store, &schedule, &articles, at(30, 8, 0))
        );
        let outcomes: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
        assert_eq!(outcomes.len(), 1, "{outcomes:?}");
        assert!(matches!(outcomes[0], DigestOutcome::Built(_)));
        assert_eq!(
            run_digest_tick(&app.store, &schedule, &articles, at(30, 8, 1))
                .await
                .unwrap(),
            None
        );
        let issues = app.store.list_issues().await.unwrap();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].slug, "2026-s49");
    }

    async fn auto_mode_queues_the_digest_at_once(db: Db) {
        let app = TestApp::spawn(db).await;
        let articles = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
        let schedule = DigestSchedule {
            auto_queue: true,
            ..weekly()
        };
        run_digest_tick(&app.store, &schedule, &articles, at(29, 12, 0))
            .await
            .unwrap();
        let outcome = run_digest_tick(&app.store, &schedule, &articles, at(30, 9, 0))
            .await
            .unwrap();
        let id = outcome.and_then(DigestOutcome::issue_id).expect("built");
        let issue = app.store.list_issues().await.unwrap().remove(0);
        assert_eq!((issue.id, issue.status.as_str()), (id, "queued"));
        assert!(
            !app.store.queue_issue(id, None).await.unwrap(),
            "queuing twice changes nothing"
        );
    }

    both_databases!(
        the_digest_is_built_once_when_its_tick_passes,
        auto_mode_queues_the_digest_at_once,
    );
}
