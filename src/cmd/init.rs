//! `rundbrief init DIR`.

use super::note;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use rundbrief::scaffold;
use rundbrief::t;

pub(super) fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let suggestion = scaffold::name_of_folder(dir);
    let name = if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
        ask_name(&suggestion)?
    } else {
        suggestion
    };
    let written = scaffold::init(dir, &name, today)?;
    for file in &written {
        note!("{}", dir.join(file).display());
    }
    note!("{}", t!("init-done", dir = dir.display().to_string()));
    Ok(ExitCode::SUCCESS)
}

/// Asks for the newsletter's name on the terminal; Enter takes the suggestion.
fn ask_name(suggestion: &str) -> anyhow::Result<String> {
    let mut stderr = std::io::stderr();
    write!(stderr, "{} ", t!("init-ask-name", suggestion = suggestion))?;
    stderr.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim();
    Ok(if answer.is_empty() {
        suggestion.to_string()
    } else {
        answer.to_string()
    })
}
