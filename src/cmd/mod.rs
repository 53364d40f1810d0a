//! One file per command: each opens the workspace, calls the library and
//! prints what happened. Errors travel up as `anyhow` chains to `main`.

mod archive;
mod build;
mod check;
mod init;
mod new;
mod preview;
mod send;
mod serve;
mod status;
mod subscribers;

use std::process::ExitCode;

use anyhow::Context;
use rundbrief::Workspace;
use rundbrief::check::Report;
use rundbrief::i18n::{UiLang, tr, ui};

use crate::cli::{Cli, Command};

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet`: informational output is left out.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a line of information to standard output, unless `--quiet`.
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::cmd::quiet() {
            println!($($arg)*);
        }
    };
}
pub(crate) use note;

/// Runs the command; `Ok` carries the exit status of a command that ran
/// through but found problems (such as `check` with errors).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    QUIET.store(cli.global.quiet, std::sync::atomic::Ordering::Relaxed);
    let started = std::time::Instant::now();
    let verbose = cli.global.verbose;
    if verbose {
        eprintln!(
            "{} {}",
            tr("Arbeitsordner:", "workspace:"),
            cli.global.workspace.display()
        );
    }
    let code = dispatch(cli).map_err(explain);
    if verbose {
        eprintln!(
            "{} {}",
            tr("Dauer:", "took:"),
            ui().duration_precise(started.elapsed())
        );
    }
    code
}

/// Adds what to do to errors whose cause the user can act on.
fn explain(err: anyhow::Error) -> anyhow::Error {
    let store = err
        .chain()
        .find_map(|e| e.downcast_ref::<rundbrief::store::StoreError>());
    match store {
        Some(e) if e.is_busy() => err.context(tr(
            "ein anderer Prozess hält die Abonnentendatenbank länger als 10 s gesperrt (ein laufender Import?); nichts wurde geändert, versuchen Sie es danach erneut",
            "another process has held the subscriber database for over 10 s (a running import?); nothing was changed, try again when it is done",
        )),
        Some(e) if e.is_read_only() => err.context(tr(
            "die Abonnentendatenbank ist nicht beschreibbar; prüfen Sie die Rechte der Datei und ihres Ordners",
            "the subscriber database cannot be written; check the permissions of the file and its folder",
        )),
        _ => err,
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = cli.global.workspace;
    match cli.command {
        Command::Backup { file } => backup(&open(&root)?, &file),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "rundbrief",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => init::run(&dir),
        Command::New { issue, entry } => new::run(&open(&root)?, &issue, entry.as_deref()),
        Command::Build { issue } => build::run(&open(&root)?, issue.as_deref()),
        Command::Check { issue, strict } => check::run(&open(&root)?, issue.as_deref(), strict),
        Command::Preview { issue, bind } => preview::run(&open(&root)?, issue.as_deref(), bind),
        Command::Subscribers(command) => subscribers::run(&open(&root)?, command),
        Command::Serve { bind } => serve::run(&open(&root)?, bind),
        Command::Send {
            issue,
            test,
            dry_run,
            yes,
            connections,
            rate,
        } => {
            let ws = open(&root)?;
            let options = send::Flags {
                test,
                dry_run,
                yes,
                connections,
                rate,
            };
            send::run(&ws, issue.as_deref(), options)
        }
        Command::Status { issue } => status::run(&open(&root)?, issue.as_deref()),
        Command::Archive { out, drafts } => archive::run(&open(&root)?, out.as_deref(), drafts),
    }
}

fn open(root: &std::path::Path) -> anyhow::Result<Workspace> {
    Workspace::open(root).context(tr(
        "der Arbeitsordner lässt sich nicht öffnen",
        "cannot open the workspace",
    ))
}

fn backup(ws: &Workspace, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let store = open_store(ws)?;
    let bytes = store.backup(file)?;
    note!("{}: {}", file.display(), ui().size(bytes as usize));
    Ok(ExitCode::SUCCESS)
}

/// The workspace's subscriber database, created on first use.
fn open_store(ws: &Workspace) -> anyhow::Result<rundbrief::store::Store> {
    let path = ws.root.join(&ws.config.paths.database);
    rundbrief::store::Store::open(&path).map_err(|e| {
        let hint = if e.is_read_only() {
            tr(
                "; die Datenbank oder ihr Ordner ist nicht beschreibbar, prüfen Sie die Rechte",
                "; the database or its folder is not writable, check the permissions",
            )
        } else if e.is_busy() {
            tr(
                "; ein anderer Prozess hält die Datenbank gesperrt, versuchen Sie es gleich noch einmal",
                "; another process holds the database locked, try again in a moment",
            )
        } else {
            ""
        };
        anyhow::anyhow!("{e}{hint}")
    })
}

/// The secret key; says where it was put when it was just created.
fn load_key(ws: &Workspace) -> anyhow::Result<rundbrief::secret::SecretKey> {
    let (key, created) = rundbrief::secret::SecretKey::load(&ws.config, &ws.root)?;
    if let Some(path) = created {
        eprintln!(
            "{}",
            match ui() {
                UiLang::De => format!(
                    "neuer geheimer Schlüssel in {}; sichern Sie ihn getrennt von der Datenbank (ohne ihn werden Abmeldelinks ungültig)",
                    path.display()
                ),
                UiLang::En => format!(
                    "new secret key in {}; back it up apart from the database (without it, unsubscribe links stop working)",
                    path.display()
                ),
            }
        );
    }
    Ok(key)
}

/// Runs async work (SMTP, HTTP) from a synchronous command.
fn block_on<F: std::future::Future>(future: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(runtime.block_on(future))
}

/// Prints every diagnostic and a closing count, as `check` and `build` do;
/// with `--quiet` only the errors.
fn print_report(report: &Report) {
    if quiet() && report.errors() == 0 {
        return;
    }
    for diagnostic in &report.diagnostics {
        if !quiet() || diagnostic.is_error() {
            eprintln!("{diagnostic}");
        }
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    if errors + warnings > 0 {
        eprintln!("{}", counted(errors, warnings));
    }
}

fn counted(errors: usize, warnings: usize) -> String {
    match ui() {
        UiLang::De => format!(
            "{errors} Fehler, {warnings} {}",
            if warnings == 1 {
                "Warnung"
            } else {
                "Warnungen"
            }
        ),
        UiLang::En => format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
    }
}
