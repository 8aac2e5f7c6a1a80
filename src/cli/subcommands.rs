//! The subcommands of each command group (articles, digest, issues, users, tokens,
//! subscribers); apart from the top-level commands so `mod.rs` reads as the list of them.
use clap::Subcommand;

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
    /// Publish a correction on an article: a dated note in its file and on every page that
    /// carries it, and a letter, an hour later, to the readers who were sent the story and
    /// still want it (corrections within that hour share one letter).
    Correct {
        /// The article's slug (its file name without `.md`).
        slug: String,
        /// What was wrong and what is right, in one paragraph.
        #[arg(long)]
        note: String,
        /// Only say how many readers the letter would reach.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BouncesCommand {
    /// Read a mailbox file (mbox) of bounces and complaints into the ledger, as the listener
    /// would have; the same report twice counts once.
    Import {
        /// The mailbox file.
        file: std::path::PathBuf,
    },
}
