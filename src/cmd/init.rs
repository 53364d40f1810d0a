//! `rundbrief init DIR`.

use super::note;
use std::path::Path;
use std::process::ExitCode;

use rundbrief::scaffold;
use rundbrief::t;

pub(super) fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let written = scaffold::init(dir, today)?;
    for file in &written {
        note!("{}", dir.join(file).display());
    }
    note!("{}", t!("init-done", dir = dir.display().to_string()));
    Ok(ExitCode::SUCCESS)
}
