//! The `caravan` command line: the top-level commands here, each group's subcommands in
//! `subcommands.rs`, the dispatch ([`run`]) in `run.rs`.
use clap::{Parser, Subcommand};

mod run;
mod subcommands;

pub use run::run;
pub use subcommands::{
    ArticlesCommand, BouncesCommand, DigestCommand, IssuesCommand, SubscribersCommand,
    TokensCommand, UsersCommand,
};

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
    /// Run the bounce listener alone (for CARAVAN_BOUNCE_DOMAIN's mail), or import a mailbox
    /// of bounces.
    #[command(args_conflicts_with_subcommands = true)]
    Bounces {
        /// Where to listen (default: CARAVAN_BOUNCE_LISTEN), e.g. 127.0.0.1:2526.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        #[command(subcommand)]
        command: Option<BouncesCommand>,
    },
}
