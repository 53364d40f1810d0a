//! `rundbrief build [ISSUE]`.

use super::note;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::build::{self, BuildError};
use rundbrief::i18n::{UiLang, tr, ui};

use super::print_report;

pub fn run(ws: &Workspace, issue: Option<&str>) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let built = match build::build_issue(ws, id) {
        Ok(built) => built,
        Err(BuildError::Check(report)) => {
            print_report(&report);
            eprintln!(
                "{}",
                match ui() {
                    UiLang::De => format!("{id} wurde nicht gebaut; out/ ist unverändert"),
                    UiLang::En => format!("{id} was not built; out/ is unchanged"),
                }
            );
            return Ok(ExitCode::FAILURE);
        }
        Err(other) => return Err(other.into()),
    };
    print_report(&built.report);
    let lang = ui();
    let dir = ws.display(&built.dir).to_string();
    for (file, bytes) in &built.files {
        note!("{dir}/{}  {}", file.display(), lang.size(*bytes));
    }
    for (edition, bytes) in &built.email_sizes {
        note!(
            "{} ({edition}): {} {}",
            tr("E-Mail-HTML", "email HTML"),
            lang.size(*bytes),
            match lang {
                UiLang::De => "(Gmail kürzt ab 102 KB)",
                UiLang::En => "(Gmail clips above 102 KB)",
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
