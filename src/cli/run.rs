//! The dispatch of a parsed command line: each command handed to `startup` or `commands/`,
//! and the stop signal the long-running ones wait for. Apart from the parsing (`mod.rs`).
use tokio_util::sync::CancellationToken;

use super::{
    ArticlesCommand, BouncesCommand, Cli, Command, DigestCommand, IssuesCommand,
    SubscribersCommand, TokensCommand, UsersCommand,
};
use crate::commands;
use crate::config::Settings;
use crate::startup::{Application, Roles, Workers, open_store};

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
            ArticlesCommand::Correct {
                slug,
                note,
                dry_run,
            } => commands::correct_article(&settings, &slug, &note, dry_run).await,
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
        Command::Bounces { listen, command } => match command {
            Some(BouncesCommand::Import { file }) => {
                commands::import_bounces(&settings, &file).await
            }
            None => {
                let shutdown = CancellationToken::new();
                let stop = shutdown.clone();
                tokio::spawn(async move {
                    let _ = wait_for_stop_signal().await;
                    stop.cancel();
                });
                commands::listen_for_bounces(&settings, listen, shutdown).await
            }
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
