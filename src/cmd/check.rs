//! `rundbrief check [ISSUE] [--strict]`.

use super::note;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::t;
use rundbrief::workspace;

use super::print_report;

pub(super) fn run(ws: &Workspace, issue: Option<&str>, strict: bool) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let report = match workspace::check_issue(ws, id) {
        Ok(checked) => checked.report,
        Err(report) => report,
    };
    print_report(&report);
    let failed = report.errors() > 0 || (strict && report.warnings() > 0);
    if report.diagnostics.is_empty() {
        note!("{}", t!("check-clean", issue = id.to_string()));
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
