//! `rundbrief archive [--out DIR] [--drafts] [--serve [--bind ADDR]]`.

use super::{complain, note, out};
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use rundbrief::Workspace;
use rundbrief::archive::{self, ArchiveError, build_archive};
use rundbrief::diagnostic::Report;
use rundbrief::t;

use super::print_report;

pub(super) fn run(
    ws: &Workspace,
    out: Option<&Path>,
    drafts: bool,
    serve: Option<SocketAddr>,
) -> anyhow::Result<ExitCode> {
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
            match serve {
                Some(bind) => serve_site(ws, &report.out, bind),
                None => Ok(ExitCode::SUCCESS),
            }
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

/// Serves the written site until Ctrl-C, to browse it before uploading.
fn serve_site(ws: &Workspace, site: &Path, bind: SocketAddr) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .with_context(|| format!("{bind}"))?;
        let address = listener.local_addr()?;
        out!(
            "{}",
            t!(
                "archive-serving",
                address = address.to_string(),
                out = ws.display(site).to_string()
            )
        );
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        archive::serve(site, &ws.config.site, listener, shutdown).await?;
        Ok(ExitCode::SUCCESS)
    })
}
