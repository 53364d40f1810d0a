//! `rundbrief build [ISSUE] [--mjml]`.

use super::{complain, note};
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::build::{self, BuildError, Extras};
use rundbrief::locale::ui;
use rundbrief::t;

use super::print_report;

pub(super) fn run(ws: &Workspace, issue: Option<&str>, mjml: bool) -> anyhow::Result<ExitCode> {
    let id = &ws.pick_issue(issue)?;
    let built = match build::build_issue_with(ws, id, Extras { mjml }) {
        Ok(built) => built,
        Err(BuildError::Check(report)) => {
            print_report(&report);
            complain!("{}", t!("build-not-built", issue = id.to_string()));
            return Ok(ExitCode::FAILURE);
        }
        Err(other) => return Err(other.into()),
    };
    print_report(&built.report);
    let catalog = ui();
    let dir = ws.display(&built.dir).to_string();
    for (file, bytes) in &built.files {
        note!("{dir}/{}  {}", file.display(), catalog.size(*bytes));
    }
    for (edition, bytes) in &built.email_sizes {
        note!(
            "{}",
            t!(
                "build-email-size",
                edition = edition.to_string(),
                size = catalog.size(*bytes)
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
