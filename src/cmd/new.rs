//! `rundbrief new ISSUE [--entry TITLE]` and `rundbrief new --mailing SLUG`.

use super::note;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::content::{IssueId, MailingSlug};
use rundbrief::scaffold;
use rundbrief::t;

pub(super) fn run(
    ws: &Workspace,
    issue: Option<&str>,
    mailing: Option<&str>,
    entry: Option<&str>,
) -> anyhow::Result<ExitCode> {
    // clap requires one of the two; `--mailing` names only a mailing, so a
    // quarter given there is told what a mailing's name looks like.
    let id = match (mailing, issue) {
        (Some(slug), _) => IssueId::Mailing(slug.parse::<MailingSlug>()?),
        (None, Some(issue)) => issue.parse()?,
        (None, None) => unreachable!("clap requires ISSUE or --mailing"),
    };
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
