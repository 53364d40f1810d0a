//! `rundbrief new ISSUE [--entry TITLE]`.

use super::note;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::content::IssueId;
use rundbrief::scaffold;
use rundbrief::t;

pub(super) fn run(ws: &Workspace, issue: &str, entry: Option<&str>) -> anyhow::Result<ExitCode> {
    let id: IssueId = issue.parse()?;
    let today = chrono::Local::now().date_naive();
    let written = match entry {
        Some(title) => vec![scaffold::new_entry(ws, &id, title, today)?],
        None => scaffold::new_issue(ws, &id, today)?,
    };
    for file in written {
        note!("{}", t!("new-created", path = file.display().to_string()));
    }
    Ok(ExitCode::SUCCESS)
}
