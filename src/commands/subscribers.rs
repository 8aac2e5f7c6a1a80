//! `caravan subscribers import FILE`: bring a list of readers who already agreed elsewhere.
use std::path::Path;

use std::io::IsTerminal;

use anyhow::Context;

use super::with_store;
use crate::config::Settings;
use crate::store::{Actor, AuditAction, SubscriberFilter, export_detail};
use crate::subscriptions::parse_readers_csv;

/// Reads `email[,name[,lang[,status]]]` rows (or the columns a header row starting with
/// `email` names) and stores them as confirmed readers, or unsubscribed ones. Every bad row is reported with its line; if any row is
/// bad nothing is imported, so a fixed file can simply be run again.
pub async fn import_subscribers(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let csv = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (readers, rejected) = parse_readers_csv(&csv);
    if !rejected.is_empty() {
        for row in &rejected {
            eprintln!(
                "caravan: {}: line {}: {}",
                file.display(),
                row.line,
                row.reason
            );
        }
        anyhow::bail!(
            "{} bad rows in {}; nothing imported",
            rejected.len(),
            file.display()
        );
    }
    let valid = readers.len() as u64;
    let left = readers.iter().filter(|r| r.unsubscribed).count();
    // A bar on a terminal; nothing in logs and pipes, where the summary line says it all.
    let bar = indicatif::ProgressBar::new(valid);
    if std::io::stderr().is_terminal() {
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "importing [{elapsed_precise}] {wide_bar} {pos}/{len} readers",
            )
            .context("progress bar template")?,
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let progress = bar.clone();
    let added = with_store(settings, |store| async move {
        Ok(store
            .import_readers(&readers, Some(&Actor::Cli), |done| {
                progress.set_position(done as u64)
            })
            .await?)
    })
    .await?;
    bar.finish_and_clear();
    let unsubscribed = match left {
        0 => String::new(),
        n => format!("; {n} rows of the file were readers who had left (kept, never mailed)"),
    };
    println!(
        "{added} readers added, {} already known (left as they were){unsubscribed}",
        valid - added
    );
    Ok(())
}

/// `caravan subscribers list [--status S] [--search Q] [--limit N]`: newest first.
pub async fn list_subscribers(
    settings: &Settings,
    filter: SubscriberFilter,
    limit: i64,
) -> anyhow::Result<()> {
    let rows = with_store(settings, |store| async move {
        Ok(store.subscribers_page(&filter, None, limit).await?)
    })
    .await?;
    for row in rows {
        println!(
            "{:>8}  {:<12}  {:<2}  {:<40}  {}",
            row.id,
            format!("{:?}", row.status).to_lowercase(),
            row.lang,
            row.email,
            row.name.as_deref().unwrap_or("")
        );
    }
    Ok(())
}

/// `caravan subscribers export [--status S] > readers.csv`: every reader as CSV on standard
/// output, a page at a time.
pub async fn export_subscribers(
    settings: &Settings,
    filter: SubscriberFilter,
) -> anyhow::Result<()> {
    use futures_util::StreamExt;
    use std::io::Write;
    with_store(settings, |store| async move {
        let mut out = std::io::stdout().lock();
        let mut pages = std::pin::pin!(crate::subscriptions::csv_pages(
            store.clone(),
            filter.clone()
        ));
        let mut rows = 0u64;
        let mut header = true;
        while let Some(chunk) = pages.next().await {
            let chunk = chunk?;
            // The first chunk is the header line; every other line is a reader.
            if !std::mem::take(&mut header) {
                rows += chunk.iter().filter(|b| **b == b'\n').count() as u64;
            }
            out.write_all(&chunk)?;
        }
        out.flush()?;
        // Recorded once the list is out, with the count that was written.
        let detail = export_detail(rows, &filter);
        store
            .record_audit(&Actor::Cli, AuditAction::Export, &detail)
            .await?;
        Ok(())
    })
    .await
}
