//! One file per command: each opens the workspace, calls the library and
//! prints what happened. Errors travel up as `anyhow` chains to `main`.

mod archive;
mod build;
mod check;
mod inbox;
mod init;
mod new;
mod preview;
mod schedule;
mod send;
mod serve;
mod status;
mod subscribers;
mod templates;

use std::process::ExitCode;

use anyhow::Context;
use rundbrief::Workspace;
use rundbrief::diagnostic::Report;
use rundbrief::locale::ui;
use rundbrief::t;

use crate::cli::{Cli, Command};

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet`: informational output is left out.
pub(crate) fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a line of information to standard output, unless `--quiet`.
macro_rules! note {
    ($($arg:tt)*) => {
        if !$crate::cmd::quiet() {
            $crate::cmd::out!($($arg)*);
        }
    };
}
pub(crate) use note;

/// Prints a line to standard output; unlike `println!` it never panics: see
/// [`write_out`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cmd::write_out(format_args!($($arg)*))
    };
}
pub(crate) use out;

/// Prints a line to standard error; unlike `eprintln!` it never panics.
macro_rules! complain {
    ($($arg:tt)*) => {
        $crate::cmd::write_err(format_args!($($arg)*))
    };
}
pub(crate) use complain;

/// What became of standard output: still open, closed by its reader
/// (`| head`), or failing otherwise (a full disk).
static STDOUT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(OPEN);
const OPEN: u8 = 0;
const CLOSED: u8 = 1;
const FAILED: u8 = 2;

/// Writes one line to standard output. A reader that went away (`| head -1`)
/// is not an error, as in ripgrep: the rest of the output is dropped and the
/// command still runs to its end, so a `send` whose progress nobody reads
/// finishes its batch instead of stopping half way. Any other write error
/// is told once on standard error and makes the exit status a failure.
pub(crate) fn write_out(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    use std::sync::atomic::Ordering;
    if STDOUT.load(Ordering::Relaxed) != OPEN {
        return;
    }
    if let Err(e) = writeln!(std::io::stdout().lock(), "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STDOUT.store(CLOSED, Ordering::Relaxed);
        } else {
            STDOUT.store(FAILED, Ordering::Relaxed);
            write_err(format_args!("rundbrief: {e}"));
        }
    }
}

/// Writes one line to standard error, dropping it when that cannot be done:
/// there is nowhere left to tell about it.
pub(crate) fn write_err(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// True when a write to standard output failed for another reason than its
/// reader going away; `main` then ends with a failure.
pub(crate) fn output_failed() -> bool {
    STDOUT.load(std::sync::atomic::Ordering::Relaxed) == FAILED
}

/// True when `err` is standard output's reader going away (a `BufWriter`
/// over stdout reports it as an error): the command ends quietly.
pub(crate) fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Runs the command; `Ok` carries the exit status of a command that ran
/// through but found problems (such as `check` with errors).
pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    QUIET.store(cli.global.quiet, std::sync::atomic::Ordering::Relaxed);
    let started = std::time::Instant::now();
    let verbose = cli.global.verbose;
    if verbose {
        complain!(
            "{}",
            t!(
                "verbose-workspace",
                path = cli.global.workspace.display().to_string()
            )
        );
    }
    let code = dispatch(cli).map_err(explain);
    if verbose {
        complain!(
            "{}",
            t!(
                "verbose-took",
                duration = ui().duration_precise(started.elapsed())
            )
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
        Some(e) if e.is_busy() => err.context(t!("store-busy")),
        Some(e) if e.is_read_only() => err.context(t!("store-read-only")),
        _ => err,
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let root = cli.global.workspace;
    match cli.command {
        Command::Backup { file } => backup(&open(&root)?, &file),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut crate::cli::localized_command(),
                "rundbrief",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(crate::cli::localized_command()).render(&mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { dir } => init::run(&dir),
        Command::New {
            issue,
            mailing,
            entry,
        } => new::run(
            &open(&root)?,
            issue.as_deref(),
            mailing.as_deref(),
            entry.as_deref(),
        ),
        Command::Build { issue, mjml } => build::run(&open(&root)?, issue.as_deref(), mjml),
        Command::Check {
            issue,
            strict,
            dns,
            links,
        } => check::run(&open(&root)?, issue.as_deref(), strict, dns, links),
        Command::Preview { issue, bind } => preview::run(&open(&root)?, issue.as_deref(), bind),
        Command::Subscribers(command) => subscribers::run(&open(&root)?, command),
        Command::Serve {
            print_form: true,
            lang,
            ..
        } => serve::print_form(&open(&root)?, lang),
        Command::Serve { bind, .. } => serve::run(&open(&root)?, bind),
        Command::Send {
            issue,
            test,
            dry_run,
            yes,
            connections,
            rate,
            at,
            cancel,
        } => {
            let ws = open(&root)?;
            let options = send::Flags {
                test,
                dry_run,
                yes,
                connections,
                rate,
                at,
                cancel,
            };
            send::run(&ws, issue.as_deref(), &options)
        }
        Command::Status { issue } => status::run(&open(&root)?, issue.as_deref()),
        Command::Inbox { maildir, dry_run } => {
            inbox::run(&open(&root)?, maildir.as_deref(), dry_run)
        }
        Command::Archive {
            out,
            drafts,
            serve,
            bind,
        } => archive::run(&open(&root)?, out.as_deref(), drafts, serve.then_some(bind)),
        Command::Templates(command) => templates::run(&open(&root)?, &command),
    }
}

fn open(root: &std::path::Path) -> anyhow::Result<Workspace> {
    Workspace::open(root).context(t!("workspace-cannot-open"))
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
        if e.is_read_only() {
            anyhow::anyhow!("{e}; {}", t!("store-open-read-only"))
        } else if e.is_busy() {
            anyhow::anyhow!("{e}; {}", t!("store-open-busy"))
        } else {
            anyhow::anyhow!("{e}")
        }
    })
}

/// Asks `question` on the terminal before something that cannot be undone
/// (a send, an erasure); anything but yes ends the command with `declined`.
/// Without a terminal nobody can answer, so it ends with `needs_yes`, which
/// says to pass `--yes`.
fn confirm(question: &str, needs_yes: &str, declined: &str) -> anyhow::Result<()> {
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("{needs_yes}");
    }
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{question} ")?;
    stdout.flush()?;
    drop(stdout);
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if !matches!(
        answer.trim().to_lowercase().as_str(),
        "j" | "ja" | "y" | "yes"
    ) {
        anyhow::bail!("{declined}");
    }
    Ok(())
}

/// The secret key; says where it was put when it was just created.
fn load_key(ws: &Workspace) -> anyhow::Result<rundbrief::secret::SecretKey> {
    let (key, created) =
        rundbrief::secret::SecretKey::load(ws.config.paths.secret_key.as_deref(), &ws.root)?;
    if let Some(path) = created {
        complain!("{}", t!("key-created", path = path.display().to_string()));
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
            complain!("{diagnostic}");
        }
    }
    let (errors, warnings) = (report.errors(), report.warnings());
    if errors + warnings > 0 {
        complain!("{}", counted(errors, warnings));
    }
}

fn counted(errors: usize, warnings: usize) -> String {
    t!("report-counted", errors = errors, warnings = warnings)
}

/// A state's word in the staff's language, by its code: a subscriber's
/// (`pending` is `ausstehend` in German) or a delivery's (`sent`).
pub(crate) fn state(code: &str) -> String {
    word("state", code)
}

/// A point in time as staff read it: in the workspace's zone
/// (`[site] timezone`), named, whatever zone the machine runs in.
pub(crate) fn zoned(ws: &Workspace, at: chrono::DateTime<chrono::Utc>) -> String {
    ui().zoned(at, ws.config.site.timezone)
}

/// The word for `code` from the catalog's `{kind}-{code}` message; the code
/// itself when there is none.
pub(crate) fn word(kind: &str, code: &str) -> String {
    let id = format!("{kind}-{code}");
    let catalog = ui();
    if catalog.has(&id) {
        catalog.text(&id)
    } else {
        code.to_string()
    }
}

/// The width of a column holding `words`: at least `min`, and one more than
/// the longest word.
pub(crate) fn column<I: IntoIterator<Item = String>>(words: I, min: usize) -> usize {
    words
        .into_iter()
        .map(|word| word.chars().count() + 1)
        .fold(min, usize::max)
}

#[cfg(test)]
mod tests {
    use rundbrief::locale::ui;
    use rundbrief::store::{DeliveryState, ErasureReason, EventKind, Source, Status};

    #[test]
    fn every_state_event_and_source_has_its_word() {
        let codes = Status::ALL
            .iter()
            .map(|s| format!("state-{s}"))
            .chain(DeliveryState::ALL.iter().map(|s| format!("state-{s}")))
            .chain(EventKind::ALL.iter().map(|e| format!("event-{e}")))
            .chain(Source::ALL.iter().map(|s| format!("source-{s}")))
            .chain(ErasureReason::ALL.iter().map(|r| format!("erasure-{r}")));
        for id in codes {
            assert!(ui().has(&id), "{id} is missing from cmd.ftl");
        }
    }

    #[test]
    fn a_column_fits_its_longest_word() {
        let words = ["sent", "vorläufig fehlgeschlagen"].map(String::from);
        assert_eq!(super::column(words.clone(), 20), 25);
        assert_eq!(super::column(words[..1].to_vec(), 20), 20);
    }
}
