//! The digest scheduler: a once-a-minute waker for the digest, apart from the HTTP server and
//! the senders because only `serve` runs it (and `--no-scheduler` turns it off).
use anyhow::Context;
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::digest::{DigestSchedule, run_digest_tick};
use crate::store::Store;

/// The digest's waker: once a minute it asks [`run_digest_tick`] whether a tick is due; what
/// is due is decided from the database, so several instances agree.
pub(super) async fn start_scheduler(
    store: Store,
    schedule: DigestSchedule,
    dir: std::path::PathBuf,
) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new()
        .await
        .context("cannot start the scheduler")?;
    let next = schedule.next_tick(chrono::Utc::now());
    // A tick missed while the service was down is caught up now, not at the next minute
    // (in the background: serving must not wait for a digest).
    let (first_store, first_schedule, first_dir) = (store.clone(), schedule.clone(), dir.clone());
    tokio::spawn(async move {
        let now = chrono::Utc::now();
        if let Err(error) = run_digest_tick(&first_store, &first_schedule, &first_dir, now).await {
            tracing::error!(error = format!("{error:#}"), "digest tick at start failed");
        }
    });
    let (cron, tz) = (schedule.cron.as_str().to_owned(), schedule.tz);
    let job = Job::new_async("0 * * * * *", move |_, _| {
        let (store, schedule, dir) = (store.clone(), schedule.clone(), dir.clone());
        Box::pin(async move {
            if let Err(error) = run_digest_tick(&store, &schedule, &dir, chrono::Utc::now()).await {
                tracing::error!(error = format!("{error:#}"), "digest tick failed");
            }
        })
    })
    .context("cannot create the digest job")?;
    scheduler
        .add(job)
        .await
        .context("cannot add the digest job")?;
    scheduler
        .start()
        .await
        .context("cannot start the scheduler")?;
    tracing::info!(%cron, timezone = %tz, ?next, "digest scheduler started");
    Ok(scheduler)
}
