//! `rundbrief check [ISSUE] [--strict]`.

use super::note;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::check;
use rundbrief::i18n::{UiLang, ui};

use super::print_report;

pub fn run(ws: &Workspace, issue: Option<&str>, strict: bool) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let report = match check::check_issue(ws, id) {
        Ok(checked) => checked.report,
        Err(report) => report,
    };
    print_report(&report);
    let failed = report.errors() > 0 || (strict && report.warnings() > 0);
    if report.diagnostics.is_empty() {
        note!(
            "{}",
            match ui() {
                UiLang::De => format!("{id}: keine Beanstandungen"),
                UiLang::En => format!("{id}: no problems found"),
            }
        );
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
