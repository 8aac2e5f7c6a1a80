//! `caravan issues queue|cancel|send`: the editor's side of delivery from the terminal.
use std::io::IsTerminal;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use super::with_store;
use crate::config::Settings;
use crate::issues::{self, CancelOutcome, QueueOutcome};
use crate::startup::Workers;
use crate::store::{IssueProgress, IssueStatus, Store};

/// `caravan issues queue ID [--at RFC3339]`. Queuing twice sends once.
pub async fn queue_issue(
    settings: &Settings,
    id: i64,
    at: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    with_store(settings, |store| async move {
        match issues::queue(&store, id, at).await? {
            QueueOutcome::Queued => match at.filter(|at| *at > Utc::now()) {
                Some(at) => println!(
                    "issue {id} queued for {} ({})",
                    at.with_timezone(&settings.timezone)
                        .format("%Y-%m-%d %H:%M %Z"),
                    at.to_rfc3339()
                ),
                None => println!("issue {id} queued: the workers start sending it now"),
            },
            QueueOutcome::AlreadyQueued(status) | QueueOutcome::Finished(status) => {
                println!("issue {id} is {status}: nothing changed")
            }
            QueueOutcome::Unknown => anyhow::bail!("there is no issue {id}"),
        }
        Ok(())
    })
    .await
}

/// `caravan issues cancel ID`: what has not gone out yet never will.
pub async fn cancel_issue(settings: &Settings, id: i64) -> anyhow::Result<()> {
    with_store(settings, |store| async move {
        match issues::cancel(&store, id).await? {
            CancelOutcome::Cancelled { skipped } => {
                println!("issue {id} cancelled; {skipped} messages not sent yet will not go out")
            }
            CancelOutcome::Finished(status) => {
                println!("issue {id} is already {status}: nothing to stop")
            }
            CancelOutcome::Unknown => anyhow::bail!("there is no issue {id}"),
        }
        Ok(())
    })
    .await
}

/// `caravan issues send ID [--wait]`: queues the issue now; with `--wait`, also works on it
/// in this process (beside any running worker) and shows progress until it is done.
pub async fn send_issue(settings: &Settings, id: i64, wait: bool) -> anyhow::Result<()> {
    with_store(settings, |store| async move {
        match issues::queue(&store, id, None).await? {
            QueueOutcome::Queued => println!("issue {id} queued"),
            QueueOutcome::AlreadyQueued(status) => println!("issue {id} is already {status}"),
            QueueOutcome::Finished(status) => {
                println!("issue {id} is {status}: nothing to send");
                return Ok(());
            }
            QueueOutcome::Unknown => anyhow::bail!("there is no issue {id}"),
        }
        if !wait {
            return Ok(());
        }
        let signer = crate::startup::token_signer(settings, &store).await?;
        let workers = Workers::new(settings, store.clone(), signer)?;
        let shutdown = CancellationToken::new();
        let worker = tokio::spawn(workers.deliveries.run(shutdown.clone()));
        let result = watch(&store, id).await;
        shutdown.cancel();
        worker.await.context("the delivery worker panicked")?;
        let progress = result?;
        println!("{}", summary(&progress, Utc::now()));
        Ok(())
    })
    .await
}

async fn existing(store: &Store, id: i64) -> anyhow::Result<IssueProgress> {
    store
        .issue_progress(id)
        .await?
        .with_context(|| format!("there is no issue {id}"))
}

/// Polls the issue until it is sent or cancelled: a progress bar on a terminal (refreshed every
/// second), a line every five seconds otherwise (logs, CI). Counting a million deliveries is
/// not free (it cost a tenth of the send rate at four polls a second), so between reports
/// only the issue's status is read.
async fn watch(store: &Store, id: i64) -> anyhow::Result<IssueProgress> {
    let terminal = std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::new(0);
    if terminal {
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} {msg}",
            )
            .context("progress bar template")?,
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let every = Duration::from_secs(if terminal { 1 } else { 5 });
    let mut last_report: Option<std::time::Instant> = None;
    loop {
        let status = store.issue_status(id).await?;
        let done = status.is_some_and(IssueStatus::is_over);
        if !done && last_report.is_some_and(|at| at.elapsed() < every) {
            tokio::time::sleep(Duration::from_millis(250)).await;
            continue;
        }
        last_report = Some(std::time::Instant::now());
        let progress = existing(store, id).await?;
        if terminal {
            bar.set_length(progress.total() as u64);
            bar.set_position(progress.done() as u64);
            bar.set_message(brief(&progress, Utc::now()));
        } else {
            eprintln!(
                "issue {id}: {}/{} done, {}",
                progress.done(),
                progress.total(),
                brief(&progress, Utc::now())
            );
        }
        if done {
            bar.finish_and_clear();
            return Ok(progress);
        }
    }
}

fn brief(progress: &IssueProgress, now: DateTime<Utc>) -> String {
    let c = &progress.counts;
    let mut line = format!(
        "{} · sent {} · retrying {} · bounced {} · skipped {} · failed {}",
        progress.status, c.sent, c.retrying, c.bounced, c.skipped, c.failed
    );
    if let Some(rate) = progress.rate(now) {
        line.push_str(&format!(" · {rate:.0} msg/s"));
    }
    line
}

/// The sending report `issues show` and `issues send --wait` print.
pub fn summary(progress: &IssueProgress, now: DateTime<Utc>) -> String {
    let c = &progress.counts;
    let time = |t: Option<DateTime<Utc>>| {
        t.map_or("—".to_owned(), |t| {
            t.format("%Y-%m-%d %H:%M:%S UTC").to_string()
        })
    };
    let mut out = format!(
        "Status: {}\nQueued for: {}\nStarted: {}\nFinished: {}\n\
         Deliveries: {} (pending {}, retrying {}, sent {}, bounced {}, skipped {}, failed {})",
        progress.status,
        time(progress.send_at),
        time(progress.started_at),
        time(progress.finished_at),
        progress.total(),
        c.pending,
        c.retrying,
        c.sent,
        c.bounced,
        c.skipped,
        c.failed
    );
    if let (Some(started), Some(rate)) = (progress.started_at, progress.rate(now)) {
        let seconds = (progress.finished_at.unwrap_or(now) - started).num_milliseconds() as f64;
        out.push_str(&format!(
            "\nSpeed: {rate:.0} messages per second over {:.1} s",
            seconds / 1e3
        ));
    }
    out
}
