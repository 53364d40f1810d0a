//! `rundbrief send ISSUE --at TIME` and `--cancel`, and the scheduled sends
//! as `status` and `serve` tell of them. Times are read and shown in the
//! workspace's zone (`[site] timezone`), named, whatever zone the machine
//! runs in.

use std::process::ExitCode;

use anyhow::bail;
use chrono::{DateTime, Utc};
use rundbrief::Workspace;
use rundbrief::content::IssueId;
use rundbrief::locale::parse_local_time;
use rundbrief::name::escape_controls;
use rundbrief::schedule::Event;
use rundbrief::store::{Booking, Cancelling, Schedule, ScheduleState, Store};
use rundbrief::t;

use super::{complain, note, out};

/// The instant `text` names in the workspace's zone; it must lie ahead.
pub(super) fn due_at(ws: &Workspace, text: &str) -> anyhow::Result<DateTime<Utc>> {
    let due_at = parse_local_time(text, ws.config.site.timezone)?;
    let now = rundbrief::store::now();
    if due_at <= now {
        bail!(
            "{}",
            t!(
                "schedule-in-past",
                when = super::zoned(ws, due_at),
                now = super::zoned(ws, now)
            )
        );
    }
    Ok(due_at)
}

/// Records the send of `id` at `due_at`; the issue passed the checks.
pub(super) fn book(
    ws: &Workspace,
    id: &IssueId,
    due_at: DateTime<Utc>,
) -> anyhow::Result<ExitCode> {
    let issue = id.to_string();
    let mut store = super::open_store(ws)?;
    match store.schedule_send(&issue, due_at, rundbrief::store::now())? {
        Booking::Booked { replaced } => {
            out!(
                "{}",
                t!(
                    "schedule-booked",
                    issue = issue.as_str(),
                    when = super::zoned(ws, due_at)
                )
            );
            if let Some(state) = replaced {
                note!(
                    "{}",
                    t!(
                        "schedule-replaced",
                        state = super::word("schedule-state", state.as_str())
                    )
                );
            }
            note!("{}", t!("schedule-needs-serve"));
            Ok(ExitCode::SUCCESS)
        }
        Booking::Refused(state) => bail!(
            "{}",
            t!(
                "schedule-refused",
                issue = issue.as_str(),
                state = super::word("schedule-state", state.as_str())
            )
        ),
    }
}

/// `send ISSUE --cancel`.
pub(super) fn cancel(ws: &Workspace, id: &IssueId) -> anyhow::Result<ExitCode> {
    let issue = id.to_string();
    let mut store = super::open_store(ws)?;
    let due = store.schedule_of(&issue)?.map(|s| s.due_at);
    match store.cancel_schedule(&issue, rundbrief::store::now())? {
        Cancelling::Cancelled => {
            let when = due.map(|at| super::zoned(ws, at)).unwrap_or_default();
            out!(
                "{}",
                t!("schedule-cancel-done", issue = issue.as_str(), when = when)
            );
            Ok(ExitCode::SUCCESS)
        }
        Cancelling::Running => bail!("{}", t!("schedule-cancel-running", issue = issue.as_str())),
        Cancelling::NothingScheduled(_) => {
            bail!("{}", t!("schedule-cancel-nothing", issue = issue.as_str()))
        }
    }
}

/// After a send by hand went through: a schedule of the issue left to staff
/// (failed, late, or running in a `serve` that was killed) is over.
pub(super) fn settle(ws: &Workspace, id: &IssueId) -> anyhow::Result<()> {
    let mut store = super::open_store(ws)?;
    if store
        .settle_schedule(&id.to_string(), rundbrief::store::now())?
        .is_some()
    {
        note!("{}", t!("schedule-settled", issue = id.to_string()));
    }
    Ok(())
}

/// For `status`: the schedule of `issue`, whatever became of it, and those
/// of other issues still to come or needing staff.
pub(super) fn print(ws: &Workspace, store: &Store, issue: &str) -> anyhow::Result<()> {
    let shown: Vec<Schedule> = store
        .schedules()?
        .into_iter()
        .filter(|s| {
            s.issue == issue
                || matches!(
                    s.state,
                    ScheduleState::Scheduled
                        | ScheduleState::Running
                        | ScheduleState::WaitingForStaff
                        | ScheduleState::Failed
                )
        })
        .collect();
    if shown.is_empty() {
        return Ok(());
    }
    out!("{}", t!("status-schedules"));
    for schedule in &shown {
        let reason = schedule
            .reason
            .as_deref()
            .map(|reason| format!(": {}", escape_controls(reason)))
            .unwrap_or_default();
        out!(
            "  {}  {}  {}{reason}",
            schedule.issue,
            super::zoned(ws, schedule.due_at),
            super::word("schedule-state", schedule.state.as_str()),
        );
        if schedule.state == ScheduleState::WaitingForStaff {
            out!(
                "    {}",
                t!("schedule-what-now", issue = schedule.issue.as_str())
            );
        }
    }
    Ok(())
}

/// One line on `serve`'s output per start and end of a scheduled send.
pub(super) fn tell(ws: &Workspace, event: Event) {
    let line = match event {
        Event::WaitingForStaff(schedule) => t!(
            "serve-schedule-waiting",
            issue = schedule.issue.as_str(),
            when = super::zoned(ws, schedule.due_at)
        ),
        Event::Started(schedule) => t!(
            "serve-schedule-started",
            issue = schedule.issue.as_str(),
            when = super::zoned(ws, schedule.due_at)
        ),
        Event::Sent { issue, sent, left } => t!(
            "serve-schedule-sent",
            issue = issue.as_str(),
            sent = sent,
            left = left
        ),
        Event::Failed { issue, reason } => t!(
            "serve-schedule-failed",
            issue = issue.as_str(),
            reason = escape_controls(&reason).to_string()
        ),
        Event::RoundFailed(problem) => t!("serve-schedule-round-failed", problem = problem),
    };
    complain!("{line}");
}

#[cfg(test)]
mod tests {
    use rundbrief::locale::ui;
    use rundbrief::store::ScheduleState;

    #[test]
    fn every_schedule_state_has_its_word() {
        for state in ScheduleState::ALL {
            let id = format!("schedule-state-{state}");
            assert!(ui().has(&id), "{id} is missing from schedules.ftl");
        }
    }
}
