//! `rundbrief init DIR`.

use super::note;
use std::path::Path;
use std::process::ExitCode;

use rundbrief::i18n::{UiLang, ui};
use rundbrief::scaffold;

pub fn run(dir: &Path) -> anyhow::Result<ExitCode> {
    let today = chrono::Local::now().date_naive();
    let written = scaffold::init(dir, today)?;
    for file in &written {
        note!("{}", dir.join(file).display());
    }
    note!(
        "{}",
        match ui() {
            UiLang::De => format!(
                "Arbeitsordner angelegt. Weiter mit: cd {} && rundbrief build",
                dir.display()
            ),
            UiLang::En => format!(
                "Workspace created. Next: cd {} && rundbrief build",
                dir.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
