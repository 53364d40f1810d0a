//! `rundbrief archive [--out DIR] [--drafts]`.

use super::note;
use std::path::Path;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::archive::{ArchiveError, build_archive};
use rundbrief::check::Report;
use rundbrief::i18n::{UiLang, ui};

use super::print_report;

pub fn run(ws: &Workspace, out: Option<&Path>, drafts: bool) -> anyhow::Result<ExitCode> {
    let out = out.unwrap_or(&ws.config.paths.public);
    match build_archive(ws, out, drafts) {
        Ok(report) => {
            print_report(&Report {
                diagnostics: report.warnings,
            });
            note!(
                "{}",
                match ui() {
                    UiLang::De => format!(
                        "{}: {} Ausgaben, {} Beiträge, {} Dateien",
                        ws.display(&report.out),
                        report.issues,
                        report.entries,
                        report.files
                    ),
                    UiLang::En => format!(
                        "{}: {} issues, {} entries, {} files",
                        ws.display(&report.out),
                        report.issues,
                        report.entries,
                        report.files
                    ),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ArchiveError::Check(id, report)) => {
            print_report(&report);
            eprintln!(
                "{}",
                match ui() {
                    UiLang::De => format!(
                        "{id} hat Fehler; das Archiv wurde nicht geschrieben, {} ist unverändert",
                        out.display()
                    ),
                    UiLang::En => format!(
                        "{id} has errors; the archive was not written, {} is unchanged",
                        out.display()
                    ),
                }
            );
            Ok(ExitCode::FAILURE)
        }
        Err(other) => Err(other.into()),
    }
}
