//! One file per command: each opens the workspace, calls the library and
//! prints what happened. Errors travel up as `anyhow` chains to `main`.

mod build;
mod check;
mod init;
mod new;
mod preview;

use std::process::ExitCode;

use anyhow::Context;
use rundbrief::Workspace;
use rundbrief::check::Report;
use rundbrief::i18n::{Lang, tr, ui};

use crate::cli::{Cli, Command};

/// Runs the command; `Ok` carries the exit status of a command that ran
/// through but found problems (such as `check` with errors).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = cli.global.workspace;
    match cli.command {
        Command::Init { dir } => init::run(&dir),
        Command::New { issue, entry } => new::run(&open(&root)?, &issue, entry.as_deref()),
        Command::Build { issue } => build::run(&open(&root)?, issue.as_deref()),
        Command::Check { issue, strict } => check::run(&open(&root)?, issue.as_deref(), strict),
        Command::Preview { issue, bind } => preview::run(&open(&root)?, issue.as_deref(), bind),
    }
}

fn open(root: &std::path::Path) -> anyhow::Result<Workspace> {
    Workspace::open(root).context(tr(
        "der Arbeitsordner lässt sich nicht öffnen",
        "cannot open the workspace",
    ))
}

/// Prints every diagnostic and a closing count, as `check` and `build` do.
fn print_report(report: &Report) {
    for diagnostic in &report.diagnostics {
        eprintln!("{diagnostic}");
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    if errors + warnings > 0 {
        eprintln!("{}", counted(errors, warnings));
    }
}

fn counted(errors: usize, warnings: usize) -> String {
    match ui() {
        Lang::De => format!(
            "{errors} Fehler, {warnings} {}",
            if warnings == 1 {
                "Warnung"
            } else {
                "Warnungen"
            }
        ),
        Lang::En => format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
    }
}
