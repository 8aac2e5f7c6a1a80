//! `caravan copy-to postgres://…`: the move from SQLite to PostgreSQL.
use std::io::IsTerminal;

use anyhow::Context;

use super::with_store;
use crate::config::Settings;
use crate::store::Store;

pub async fn copy_to(settings: &Settings, target_url: &str) -> anyhow::Result<()> {
    if !target_url.starts_with("postgres://") && !target_url.starts_with("postgresql://") {
        anyhow::bail!("copy-to: expected a postgres:// URL for the target database");
    }
    let target = Store::connect(target_url)
        .await
        .context("copy-to: cannot open the target database")?;
    target
        .migrate()
        .await
        .context("copy-to: cannot prepare the target database")?;
    let bar = indicatif::ProgressBar::new_spinner();
    if std::io::stderr().is_terminal() {
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let spinner = bar.clone();
    let result = with_store(settings, |store| async move {
        let report = store
            .copy_to_postgres(&target, |table, rows| {
                spinner.set_message(format!("{table}: {rows} rows"));
            })
            .await?;
        target.close().await;
        Ok(report)
    })
    .await;
    bar.finish_and_clear();
    let report = result?;
    for (table, rows) in &report {
        println!("{table:>15}  {rows} rows");
    }
    println!("copied; now set DATABASE_URL to the PostgreSQL database and start caravan serve");
    Ok(())
}
