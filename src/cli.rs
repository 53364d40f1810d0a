//! The command line as clap sees it. The doc comments here are the `--help`
//! text; what each command does lives in `cmd/`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}
