//! The command line as clap sees it. The doc comments here are the `--help`
//! text; what each command does lives in `cmd/`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use rundbrief::i18n::Lang;
use rundbrief::store::Status;

/// rundbrief: a quarterly newsletter with an integrated blog, from Markdown to
/// the subscriber's inbox.
#[derive(Debug, Parser)]
#[command(name = "rundbrief", version, about, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 success, 1 failure or errors found, 2 wrong usage.\n\
Messages follow RUNDBRIEF_LANG (de|en), else the locale."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct Global {
    /// The workspace folder (the one holding rundbrief.toml).
    #[arg(
        short = 'C',
        long,
        global = true,
        default_value = ".",
        env = "RUNDBRIEF_WORKSPACE"
    )]
    pub workspace: PathBuf,
    /// Print only errors and what was asked for (lists, exports, status).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also say which workspace and database are used, and how long it took.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a fresh workspace with configuration, templates and one example issue.
    ///
    /// Example: rundbrief init rundbrief-verein
    Init {
        /// The folder to create the workspace in; created when missing.
        dir: PathBuf,
    },
    /// Scaffold an issue, or an entry of an issue.
    ///
    /// Examples: rundbrief new 2027-Q1
    ///           rundbrief new 2027-Q1 --entry "Jugendaustausch mit Polen"
    New {
        /// The issue, named by year and quarter: 2027-Q1.
        issue: String,
        /// Create an entry with this title instead of the issue.
        #[arg(long, value_name = "TITLE")]
        entry: Option<String>,
    },
    /// Check an issue and write its email (HTML, text, .eml) and entry pages to out/.
    ///
    /// Example: rundbrief build 2026-Q4
    Build {
        /// The issue to build; the newest when omitted.
        issue: Option<String>,
    },
    /// Check an issue: errors and warnings, each with file and line.
    ///
    /// Exit status 1 on errors; with --strict on warnings too.
    /// Example: rundbrief check --strict 2026-Q4
    Check {
        /// The issue to check; the newest when omitted.
        issue: Option<String>,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Serve a live preview of an issue on loopback, re-rendered on every request.
    ///
    /// Example: rundbrief preview --bind 127.0.0.1:8000
    Preview {
        /// The issue to open; the newest when omitted.
        issue: Option<String>,
        /// Where to listen; keep it on loopback.
        #[arg(long, default_value = "127.0.0.1:8000")]
        bind: SocketAddr,
    },
    /// Manage subscribers: add, import, export, list, show, remove, forget.
    ///
    /// Example: rundbrief subscribers import anmeldungen.csv
    #[command(subcommand)]
    Subscribers(Subscribers),
    /// Send an issue to every confirmed subscriber, or a test copy.
    ///
    /// The recipients are frozen into the delivery journal first; running
    /// send again resumes: nobody gets a second copy, nobody is skipped.
    /// Examples: rundbrief send 2026-Q4 --test redaktion@example.org
    ///           rundbrief send 2026-Q4 --dry-run
    ///           rundbrief send 2026-Q4 --yes --rate 600/min
    Send {
        /// The issue to send; the newest when omitted.
        issue: Option<String>,
        /// Send one copy, marked [TEST], to each address; nothing is journaled.
        #[arg(long, value_name = "ADDRESS", num_args = 1..)]
        test: Vec<String>,
        /// Show recipients, server and duration, and write one sample message; send nothing.
        #[arg(long, conflicts_with = "test")]
        dry_run: bool,
        /// Do not ask for confirmation (needed without a terminal).
        #[arg(long, short = 'y')]
        yes: bool,
        /// SMTP connections to keep open; [smtp] connections when omitted.
        #[arg(long)]
        connections: Option<usize>,
        /// Messages per second, minute or hour (10/s, 600/min, 20000/h, unlimited).
        #[arg(long, value_parser = parse_rate)]
        rate: Option<rundbrief::config::Rate>,
    },
    /// Show how the send of an issue stands: counts, rate, replies, failures.
    ///
    /// Example: rundbrief status 2026-Q4
    Status {
        /// The issue; the newest when omitted.
        issue: Option<String>,
    },
    /// Write the archive: every issue and entry as a static site with a feed.
    ///
    /// Example: rundbrief archive --out public/
    Archive {
        /// The folder to write; [paths] public (public/) when omitted. It is
        /// replaced whole, and only when the whole site built.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include issues and entries marked as drafts.
        #[arg(long)]
        drafts: bool,
    },
    /// Copy the subscriber database consistently, even while `serve` runs.
    ///
    /// Uses SQLite's online backup; the copy is a complete database.
    /// Example: rundbrief backup /var/backups/rundbrief-$(date +%F).sqlite3
    Backup {
        /// The file to write; replaced whole when it exists.
        file: PathBuf,
    },
    /// Print a shell completion script.
    ///
    /// Example: rundbrief completions bash > /etc/bash_completion.d/rundbrief
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    ///
    /// Example: rundbrief man > /usr/local/share/man/man1/rundbrief.1
    Man,
    /// Serve the subscribe, confirm and unsubscribe pages over HTTP.
    ///
    /// Put it behind a reverse proxy that terminates TLS; see the README.
    /// Example: rundbrief serve --bind 127.0.0.1:8080
    Serve {
        /// Where to listen; [serve] bind in rundbrief.toml when omitted.
        #[arg(long)]
        bind: Option<SocketAddr>,
    },
}

#[derive(Debug, Subcommand)]
pub enum Subscribers {
    /// Add an address as pending and send it the confirmation mail.
    ///
    /// Example: rundbrief subscribers add anna@example.org --name "Anna Schmidt" --lang de
    Add {
        address: String,
        /// The name used in the greeting.
        #[arg(long)]
        name: Option<String>,
        /// The language of the mails: de or en; the site's default when omitted.
        #[arg(long, value_parser = parse_lang)]
        lang: Option<Lang>,
        /// Print the confirmation link instead of mailing it.
        #[arg(long)]
        no_mail: bool,
    },
    /// Import a CSV file (comma, semicolon or tab; UTF-8) in one transaction.
    ///
    /// New addresses become pending and get the confirmation mail, unless
    /// --consent records that consent was obtained elsewhere.
    /// Example: rundbrief subscribers import teilnehmende.csv --consent "Anmeldeliste Tag der Städtepartnerschaften 2026, unterschrieben"
    Import {
        file: PathBuf,
        /// Import nothing at all when any row is invalid.
        #[arg(long)]
        strict: bool,
        /// How consent was obtained; imported addresses become confirmed.
        #[arg(long, value_name = "TEXT")]
        consent: Option<String>,
        /// Print the confirmation links instead of mailing them.
        #[arg(long)]
        no_mail: bool,
    },
    /// Export subscribers as CSV that spreadsheet programs open safely.
    ///
    /// Example: rundbrief subscribers export --status confirmed --out bestaetigt.csv
    Export {
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// The file to write; standard output when omitted.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List subscribers.
    ///
    /// Example: rundbrief subscribers list --status pending
    List {
        #[arg(long, value_parser = parse_status)]
        status: Option<Status>,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Show a subscriber's state and whole consent history (the proof of opt-in).
    ///
    /// Example: rundbrief subscribers show anna@example.org
    Show { address: String },
    /// Count subscribers per state and language.
    ///
    /// Example: rundbrief subscribers stats
    Stats,
    /// Unsubscribe an address (logged as done by staff).
    ///
    /// Example: rundbrief subscribers remove anna@example.org
    Remove { address: String },
    /// Erase an address with its history; only a keyed hash stays, so no
    /// later import can bring it back (a data-subject erasure request).
    ///
    /// Example: rundbrief subscribers forget anna@example.org
    Forget { address: String },
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse()
        .map_err(|e: rundbrief::i18n::UnknownLang| e.to_string())
}

fn parse_rate(text: &str) -> Result<rundbrief::config::Rate, String> {
    text.parse()
}

fn parse_status(text: &str) -> Result<Status, String> {
    text.parse()
}
