use super::with_store;
use crate::articles::sync_folder;
use crate::config::Settings;
use crate::digest::{DigestOutcome, build_digest};

/// `caravan digest build [--queue]`: syncs the folder, builds this week's draft, and queues it
/// for sending now when asked.
pub async fn build_digest_command(settings: &Settings, queue: bool) -> anyhow::Result<()> {
    let (outcome, issues, queued) = with_store(settings, |store| async move {
        let report = sync_folder(&store, &settings.articles_dir).await?;
        for problem in &report.problems {
            eprintln!("caravan: {}: {}", problem.path.display(), problem.reason);
        }
        let outcome = build_digest(&store, chrono::Utc::now(), settings.timezone).await?;
        let queued = match (queue, outcome.issue_id()) {
            (true, Some(id)) => {
                crate::issues::queue(&store, id, None).await? == crate::issues::QueueOutcome::Queued
            }
            _ => false,
        };
        Ok((outcome, store.list_issues().await?, queued))
    })
    .await?;
    let describe = |id: i64| {
        issues
            .iter()
            .find(|i| i.id == id)
            .map(|i| format!("issue {} ({}, {}): {}", i.id, i.slug, i.status, i.subject))
            .unwrap_or_default()
    };
    match outcome {
        DigestOutcome::Built(id) => println!("built {}", describe(id)),
        DigestOutcome::AlreadyBuilt(id) => println!("this week's digest exists: {}", describe(id)),
        DigestOutcome::NothingNew => {
            println!("no new article since the last digest: no issue this week")
        }
    }
    if queue && outcome.issue_id().is_some() && !queued {
        println!("not queued: the issue is no longer a draft");
    }
    Ok(())
}
