//! `rundbrief archive [--out DIR] [--drafts]`.

use super::{complain, note};
use std::path::Path;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::archive::{ArchiveError, build_archive};
use rundbrief::diagnostic::Report;
use rundbrief::t;

use super::print_report;

pub(super) fn run(ws: &Workspace, out: Option<&Path>, drafts: bool) -> anyhow::Result<ExitCode> {
    let out = out.unwrap_or(&ws.config.paths.public);
    match build_archive(ws, out, drafts) {
        Ok(report) => {
            print_report(&Report {
                diagnostics: report.warnings,
            });
            note!(
                "{}",
                t!(
                    "archive-written",
                    out = ws.display(&report.out).to_string(),
                    issues = report.issues,
                    entries = report.entries,
                    files = report.files
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ArchiveError::Check(id, report)) => {
            print_report(&report);
            complain!(
                "{}",
                t!(
                    "archive-has-errors",
                    issue = id.to_string(),
                    out = out.display().to_string()
                )
            );
            Ok(ExitCode::FAILURE)
        }
        Err(other) => Err(other.into()),
    }
}
