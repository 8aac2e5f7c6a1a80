//! The `caravan` command line.
use clap::{Parser, Subcommand};
use tokio_util::sync::CancellationToken;

use crate::commands;
use crate::config::Settings;
use crate::startup::{Application, Roles, Workers, open_store};

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
    /// Copy this database (DATABASE_URL, SQLite) into an empty PostgreSQL database, ids,
    /// secret and all, in one transaction. Stop `caravan serve` first.
    CopyTo {
        /// The PostgreSQL database, e.g. postgres://caravan@localhost/caravan.
        target: String,
    },
    /// Send e-mail only (confirmations and issues) until stopped (Ctrl-C or SIGTERM). Run as
    /// many as you like on PostgreSQL: they share the work.
    Worker,
    /// Build this week's digest from the articles no issue has sent yet.
    Digest {
        #[command(subcommand)]
        command: DigestCommand,
    },
    /// List, inspect, queue, cancel and send issues.
    Issues {
        #[command(subcommand)]
        command: IssuesCommand,
    },
    /// Manage readers.
    Subscribers {
        #[command(subcommand)]
        command: SubscribersCommand,
    },
    /// Accounts of editors and admins.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Bearer tokens for the JSON API (/api/v1/).
    Tokens {
        #[command(subcommand)]
        command: TokensCommand,
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
    Build {
        /// Queue the digest for sending at once instead of leaving it as a draft.
        #[arg(long)]
        queue: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum IssuesCommand {
    /// List issues, newest first, with their status.
    List,
    /// Show an issue as a reader gets it: the text part here, the HTML part with --html.
    Show {
        id: i64,
        /// Write the HTML part to this file (open it in a browser).
        #[arg(long, value_name = "FILE")]
        html: Option<std::path::PathBuf>,
    },
    /// Queue a draft for sending, now or at a given time. Queuing twice sends once.
    Queue {
        id: i64,
        /// When to send, e.g. 2026-11-30T08:00:00+05:00 (default: now).
        #[arg(long, value_name = "RFC3339", value_parser = parse_rfc3339)]
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    /// Cancel a queued or sending issue: what has not gone out yet never will.
    Cancel { id: i64 },
    /// Send yourself a copy marked [TEST] (1 to 10 addresses), now; the issue is untouched.
    Test {
        id: i64,
        /// An address to send the test to; repeat for more.
        #[arg(long = "to", value_name = "EMAIL", required = true)]
        to: Vec<String>,
        /// The copy's language.
        #[arg(long, default_value = "fr", value_parser = ["fr", "en"])]
        lang: String,
    },
    /// Queue an issue now; with --wait, help send it and show progress until it is done.
    Send {
        id: i64,
        /// Stay, deliver alongside any running worker, and show a progress bar until done.
        #[arg(long)]
        wait: bool,
    },
}

fn parse_rfc3339(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| format!("expected a time such as 2026-11-30T08:00:00+05:00 ({e})"))
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add an account. Without --password-stdin a strong password is generated and shown once.
    Add {
        email: String,
        #[arg(long, value_parser = ["editor", "admin"])]
        role: String,
        /// Read the password (12 characters at least) from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List accounts.
    List,
}

#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Make a token and print it once (the database keeps only its hash).
    Create { name: String },
    /// List tokens by name, live or revoked.
    List,
    /// Revoke a token: it stops working at once.
    Revoke { name: String },
}

#[derive(Debug, Subcommand)]
pub enum SubscribersCommand {
    /// Add readers who already agreed elsewhere, as confirmed, from a CSV file of
    /// `email,name,lang` rows (name and lang optional; lang fr or en, French by default).
    Import { file: std::path::PathBuf },
    /// List readers, newest first.
    List {
        /// pending, confirmed or unsubscribed.
        #[arg(long)]
        status: Option<crate::store::SubscriberStatus>,
        /// The start of an address, or any part of a name.
        #[arg(long)]
        search: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// Write every reader as CSV to standard output (email,name,lang,status,dates).
    Export {
        /// pending, confirmed or unsubscribed.
        #[arg(long)]
        status: Option<crate::store::SubscriberStatus>,
    },
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
        Command::CopyTo { target } => commands::copy_to(&settings, &target).await,
        Command::Migrate => {
            let store = open_store(&settings).await?;
            store.close().await;
            println!("migrations applied");
            Ok(())
        }
        Command::Articles { command } => match command {
            ArticlesCommand::Import { files, force } => {
                commands::import_articles(&settings.articles_dir, &files, force)
            }
            ArticlesCommand::Sync => commands::sync_articles(&settings).await,
            ArticlesCommand::List => commands::list_articles(&settings).await,
        },
        Command::Digest {
            command: DigestCommand::Build { queue },
        } => commands::build_digest_command(&settings, queue).await,
        Command::Users { command } => match command {
            UsersCommand::Add {
                email,
                role,
                password_stdin,
            } => commands::add_user(&settings, &email, &role, password_stdin).await,
            UsersCommand::List => commands::list_users(&settings).await,
        },
        Command::Tokens { command } => match command {
            TokensCommand::Create { name } => commands::create_token(&settings, &name).await,
            TokensCommand::List => commands::list_tokens(&settings).await,
            TokensCommand::Revoke { name } => commands::revoke_token(&settings, &name).await,
        },
        Command::Subscribers { command } => match command {
            SubscribersCommand::Import { file } => {
                commands::import_subscribers(&settings, &file).await
            }
            SubscribersCommand::List {
                status,
                search,
                limit,
            } => {
                let filter = crate::store::SubscriberFilter { status, search };
                commands::list_subscribers(&settings, filter, limit).await
            }
            SubscribersCommand::Export { status } => {
                let filter = crate::store::SubscriberFilter {
                    status,
                    search: None,
                };
                commands::export_subscribers(&settings, filter).await
            }
        },
        Command::Issues { command } => match command {
            IssuesCommand::List => commands::list_issues(&settings).await,
            IssuesCommand::Show { id, html } => {
                commands::show_issue(&settings, id, html.as_deref()).await
            }
            IssuesCommand::Queue { id, at } => commands::queue_issue(&settings, id, at).await,
            IssuesCommand::Cancel { id } => commands::cancel_issue(&settings, id).await,
            IssuesCommand::Test { id, to, lang } => {
                commands::test_issue(&settings, id, &to, &lang).await
            }
            IssuesCommand::Send { id, wait } => commands::send_issue(&settings, id, wait).await,
        },
        Command::Worker => {
            let store = open_store(&settings).await?;
            let signer = crate::startup::token_signer(&settings, &store).await?;
            let shutdown = CancellationToken::new();
            let workers = Workers::new(&settings, store.clone(), signer)?.spawn(shutdown.clone());
            wait_for_stop_signal().await?;
            shutdown.cancel();
            workers.await?;
            store.close().await;
            Ok(())
        }
    }
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
