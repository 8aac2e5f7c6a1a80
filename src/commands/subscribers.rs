//! `caravan subscribers import FILE`: bring a list of readers who already agreed elsewhere.
use std::path::Path;

use anyhow::Context;

use super::with_store;
use crate::config::Settings;
use crate::domain::{Lang, SubscriberEmail, SubscriberName};
use crate::store::{ImportedReader, SubscriberFilter};

/// Reads `email[,name[,lang]]` rows (a header row starting with `email` is skipped) and
/// stores them as confirmed readers. Every bad row is reported with its line; if any row is
/// bad nothing is imported, so a fixed file can simply be run again.
pub async fn import_subscribers(settings: &Settings, file: &Path) -> anyhow::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(file)
        .with_context(|| format!("cannot read {}", file.display()))?;
    let mut readers = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(format!("line {line}: {error}"));
                continue;
            }
        };
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if line == 1 && field(0).eq_ignore_ascii_case("email") {
            continue;
        }
        if field(0).is_empty() {
            continue;
        }
        match parse_row(field(0), field(1), field(2)) {
            Ok(reader) => readers.push(reader),
            Err(reason) => problems.push(format!("line {line}: {reason}")),
        }
    }
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("caravan: {}: {problem}", file.display());
        }
        anyhow::bail!(
            "{} bad rows in {}; nothing imported",
            problems.len(),
            file.display()
        );
    }
    let added = with_store(settings, |store| async move {
        Ok(store.import_confirmed(&readers).await?)
    })
    .await?;
    println!("{added} readers added as confirmed (addresses already known were left as they were)");
    Ok(())
}

fn parse_row(email: &str, name: &str, lang: &str) -> Result<ImportedReader, String> {
    let email = SubscriberEmail::parse(email).map_err(|e| format!("{email:?}: {e}"))?;
    let name = SubscriberName::parse(name).map_err(|e| format!("{name:?}: {e}"))?;
    let lang = match lang {
        "" => Lang::Fr,
        code => Lang::from_code(code).ok_or_else(|| format!("{code:?}: expected fr or en"))?,
    };
    Ok(ImportedReader { email, name, lang })
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
        let mut pages = std::pin::pin!(crate::subscriptions::csv_pages(store, filter));
        while let Some(chunk) = pages.next().await {
            out.write_all(&chunk?)?;
        }
        out.flush()?;
        Ok(())
    })
    .await
}
