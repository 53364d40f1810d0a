//! `rundbrief status [ISSUE]`: how the send of an issue stands.

use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::locale::ui;
use rundbrief::name::escape_controls;
use rundbrief::store::DeliveryState;
use rundbrief::t;

use super::{column, out, state};

pub(super) fn run(ws: &Workspace, issue: Option<&str>) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let store = super::open_store(ws)?;
    let report = store.send_report(&id.to_string())?;
    let catalog = ui();
    let issue = id.to_string();
    super::schedule::print(ws, &store, &issue)?;
    let Some(frozen_at) = report.frozen_at else {
        out!("{}", t!("status-not-sent", issue = issue.as_str()));
        return Ok(ExitCode::SUCCESS);
    };
    let when = super::zoned(ws, frozen_at);
    out!(
        "{}",
        t!(
            "status-frozen",
            issue = issue.as_str(),
            count = report.total(),
            when = when
        )
    );
    let words: Vec<(String, u64)> = DeliveryState::ALL
        .iter()
        .map(|s| (state(s.as_str()), report.count(*s)))
        .collect();
    let width = column(words.iter().map(|(word, _)| word.clone()), 20);
    for (word, count) in &words {
        out!("  {word:<width$} {count:>8}");
    }
    if let Some(rate) = report.rate() {
        out!("{}", t!("status-rate", rate = catalog.decimal(rate)));
    }
    if !report.replies.is_empty() {
        out!("{}", t!("status-replies"));
        for (reply, count) in &report.replies {
            out!("  {count:>6}  {}", escape_controls(reply));
        }
    }
    if !report.permanent.is_empty() {
        out!("{}", t!("status-failed-permanently"));
        for (address, reply) in &report.permanent {
            out!("  {address}  {}", escape_controls(reply));
        }
    }
    print_returns(ws, &store, &issue)?;
    let left = report.count(DeliveryState::Queued) + report.count(DeliveryState::FailedTemporarily);
    if left > 0 {
        out!("{}", t!("status-left", left = left, issue = issue.as_str()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The bounces, complaints and mailed unsubscribes `inbox` found for the
/// issue, newest first.
fn print_returns(
    ws: &Workspace,
    store: &rundbrief::store::Store,
    issue: &str,
) -> anyhow::Result<()> {
    let returns = store.returns_of_mail(issue)?;
    if returns.is_empty() {
        out!("{}", t!("status-returns-none"));
        return Ok(());
    }
    out!("{}", t!("status-returns"));
    for row in &returns {
        let when = super::zoned(ws, row.at);
        out!(
            "  {when}  {kind}  {address}  {status}",
            kind = super::word("verdict", row.kind.as_str()),
            address = escape_controls(row.address.as_deref().unwrap_or("—")),
            status = escape_controls(row.status.as_deref().unwrap_or("")),
        );
    }
    Ok(())
}
