//! The `caravan` command line.
use anyhow::Context;
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use crate::articles::{SyncReport, Written, import_file, sync_folder};
use crate::config::Settings;
use crate::digest::{DigestOutcome, build_digest};
use crate::startup::{Application, Roles, open_store, outbox_sender};

#[derive(Debug, Parser)]
#[command(
    name = "caravan",
    version,
    about = "Caravan: a self-hosted newsletter service (sign-up, weekly digest, delivery).",
    long_about = "Caravan: a self-hosted newsletter service.\n\n\
        Configuration comes from the environment and from a .env file in the current folder \
        (see .env.example). With no configuration it runs on an SQLite file (caravan.db) and \
        writes e-mails to outbox/, readable at http://localhost:8080/dev/mailbox."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service, the scheduler and the delivery workers (applies migrations first).
    Serve {
        /// Do not run the digest scheduler in this process.
        #[arg(long)]
        no_scheduler: bool,
        /// Do not send e-mail from this process (leave it to `caravan worker`).
        #[arg(long)]
        no_workers: bool,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Send e-mail only: drain the outbox until stopped (Ctrl-C or SIGTERM).
    Worker,
    /// Build this week's digest from the articles no issue has sent yet.
    Digest {
        #[command(subcommand)]
        command: DigestCommand,
    },
    /// Manage the articles folder (CARAVAN_ARTICLES_DIR).
    Articles {
        #[command(subcommand)]
        command: ArticlesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Sync the articles folder, then build this week's digest as a draft for review.
    Build,
}

#[derive(Debug, Subcommand)]
pub enum ArticlesCommand {
    /// Turn raw scraped text files into article files (`<slug>.md`) in the articles folder.
    ///
    /// Finds or derives the title, keeps the photo caption apart, marks sub-headings and
    /// lists, drops the site's trailing newsletter call-to-action, and invents no date.
    Import {
        /// Raw text files, one article each.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Replace an article file that holds a different article under the same name.
        #[arg(long)]
        force: bool,
    },
    /// Load the articles folder into the database: add new files, update changed ones.
    Sync,
    /// List the articles in the database, newest first.
    List,
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::from_env()?;
    match cli.command {
        Command::Serve {
            no_workers,
            no_scheduler,
        } => {
            let roles = Roles {
                workers: !no_workers,
                scheduler: !no_scheduler,
            };
            let app = Application::build(&settings, roles).await?;
            app.run_until_stopped().await
        }
        Command::Migrate => {
            let store = open_store(&settings).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Articles { command } => match command {
            ArticlesCommand::Import { files, force } => {
                import_articles(&settings.articles_dir, &files, force)
            }
            ArticlesCommand::Sync => {
                let store = open_store(&settings).await?;
                let report = sync_folder(&store, &settings.articles_dir).await;
                store.close().await;
                print_sync_report(&report?)
            }
            ArticlesCommand::List => {
                let store = open_store(&settings).await?;
                let articles = store.list_articles().await;
                store.close().await;
                for article in articles? {
                    let date = article
                        .date
                        .map_or("          ".to_owned(), |d| d.to_string());
                    println!("{date}  {}  {}", article.slug, article.title);
                }
                Ok(())
            }
        },
        Command::Digest {
            command: DigestCommand::Build,
        } => {
            let store = open_store(&settings).await?;
            let built = async {
                let report = sync_folder(&store, &settings.articles_dir).await?;
                for problem in &report.problems {
                    eprintln!("caravan: {}: {}", problem.path.display(), problem.reason);
                }
                let outcome = build_digest(&store, chrono::Utc::now(), settings.timezone).await?;
                let issues = store.list_issues().await?;
                anyhow::Ok((outcome, issues))
            }
            .await;
            store.close().await;
            let (outcome, issues) = built?;
            let describe = |id: i64| {
                issues
                    .iter()
                    .find(|i| i.id == id)
                    .map(|i| format!("issue {} ({}): {}", i.id, i.slug, i.subject))
                    .unwrap_or_default()
            };
            match outcome {
                DigestOutcome::Built(id) => println!("built draft {}", describe(id)),
                DigestOutcome::AlreadyBuilt(id) => {
                    println!("this week's digest exists: {}", describe(id))
                }
                DigestOutcome::NothingNew => {
                    println!("no new article since the last digest: no issue this week")
                }
            }
            Ok(())
        }
        Command::Worker => {
            let store = open_store(&settings).await?;
            let sender = outbox_sender(&settings, store.clone())?;
            let shutdown = CancellationToken::new();
            let worker = tokio::spawn(sender.run(shutdown.clone()));
            wait_for_stop_signal().await?;
            shutdown.cancel();
            worker.await.context("the outbox sender panicked")?;
            store.close().await;
            Ok(())
        }
    }
}

/// Says what a sync did; fails when a file could not be loaded (the others were).
fn print_sync_report(report: &SyncReport) -> anyhow::Result<()> {
    for slug in &report.added {
        println!("added {slug}");
    }
    for slug in &report.updated {
        println!("updated {slug}");
    }
    println!(
        "{} added, {} updated, {} unchanged",
        report.added.len(),
        report.updated.len(),
        report.unchanged
    );
    for problem in &report.problems {
        eprintln!("caravan: {}: {}", problem.path.display(), problem.reason);
    }
    anyhow::ensure!(
        report.problems.is_empty(),
        "{} article files could not be loaded",
        report.problems.len()
    );
    Ok(())
}

/// Imports every file, saying one line for each; fails at the end if any file failed.
fn import_articles(
    dir: &std::path::Path,
    files: &[std::path::PathBuf],
    force: bool,
) -> anyhow::Result<()> {
    let mut failed = 0;
    for file in files {
        match import_file(dir, file, force) {
            Ok(report) => {
                let what = match report.written {
                    Written::Created => "wrote",
                    Written::Replaced => "replaced",
                    Written::Unchanged => "unchanged",
                };
                let derived = if report.imported.title_derived {
                    " (title derived from the text)"
                } else {
                    ""
                };
                println!(
                    "{what} {} ← {}: {}{derived}",
                    report.target.display(),
                    file.display(),
                    report.imported.file.front.title
                );
            }
            Err(error) => {
                eprintln!("caravan: {error}");
                failed += 1;
            }
        }
    }
    anyhow::ensure!(
        failed == 0,
        "{failed} of {} files could not be imported",
        files.len()
    );
    Ok(())
}

async fn wait_for_stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result?,
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c().await?;
    Ok(())
}
