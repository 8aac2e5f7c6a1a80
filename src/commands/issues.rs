use std::path::Path;

use anyhow::Context;

use super::with_store;
use crate::config::Settings;
use crate::digest::{Medium, render_issue};
use crate::domain::Lang;

/// `caravan issues list`.
pub async fn list_issues(settings: &Settings) -> anyhow::Result<()> {
    let issues = with_store(
        settings,
        |store| async move { Ok(store.list_issues().await?) },
    )
    .await?;
    for issue in issues {
        println!(
            "{:>5}  {:<9}  {:<9}  {}",
            issue.id, issue.slug, issue.status, issue.subject
        );
    }
    Ok(())
}

/// `caravan issues show ID [--html FILE]`: the text part on the terminal, the HTML part to a
/// file, exactly as a reader will get them (with a sample unsubscribe link).
pub async fn show_issue(settings: &Settings, id: i64, html: Option<&Path>) -> anyhow::Result<()> {
    let (found, progress) = with_store(settings, |store| async move {
        Ok((
            store.issue_with_articles(id).await?,
            store.issue_progress(id).await?,
        ))
    })
    .await?;
    let (issue, articles) = found.with_context(|| format!("there is no issue {id}"))?;
    let base = settings.base_url.as_str().trim_end_matches('/');
    let rendered = render_issue(
        &issue,
        &articles,
        base,
        Lang::Fr,
        Medium::Email(settings.click_counts),
    )?;
    let (html_part, text_part) = rendered.for_reader(&crate::digest::ReaderSlots {
        name: None,
        unsubscribe_url: &format!("{base}/unsubscribe?token=…"),
        preferences_url: &format!("{base}/preferences?token=…"),
    });
    println!(
        "Issue {} ({})\nSubject: {}",
        issue.id, issue.slug, rendered.subject
    );
    if let Some(progress) = progress {
        println!("{}", super::summary(&progress, chrono::Utc::now()));
    }
    println!();
    print!("{text_part}");
    if let Some(path) = html {
        std::fs::write(path, html_part)
            .with_context(|| format!("cannot write the HTML part to {}", path.display()))?;
        eprintln!("HTML part written to {}", path.display());
    }
    Ok(())
}
