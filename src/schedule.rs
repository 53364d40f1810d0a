//! Scheduled sends as `serve` performs them: when one is due, claim it (so
//! of two `serve` processes on one database only one sends), check the
//! issue again as `rundbrief check` does, and deliver it as `rundbrief send
//! --yes` would; the schedule ends sent or failed with the reason. What a
//! staff member books with `send --at` is recorded by the store directly.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use crate::delivery::{self, Counters, Delivery, Ending, Options, Route};
use crate::diagnostic::Severity;
use crate::secret::SecretKey;
use crate::store::{Schedule, ScheduleState, Store, StoreError};
use crate::workspace::{self, Workspace};

/// What the scheduler did, for `serve` to say on its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Found due longer than the grace period ago at start: not sent.
    WaitingForStaff(Schedule),
    /// This process claimed the schedule and begins the send.
    Started(Schedule),
    Sent {
        issue: String,
        sent: u64,
        /// Rows the server deferred or that failed for now: `send` retries them.
        left: u64,
    },
    Failed {
        issue: String,
        reason: String,
    },
    /// A round could not look at the database; the next one tries again.
    RoundFailed(String),
}

/// How often and as whom `serve` performs scheduled sends.
#[derive(Debug, Clone)]
pub struct Scheduler {
    /// The process, as the claim records it.
    pub me: String,
    pub every: Duration,
    pub grace: Duration,
}

/// Every `every`, performs the due schedules, one after another, as the
/// process named `me`; tells `report` what happened. The first round is at
/// once, so a send that fell due while no `serve` ran starts now. Before it,
/// a schedule more than `grace` late waits for staff instead. Returns once
/// `shutdown` turns true: a send under way first finishes the messages in
/// flight and is marked failed, for `rundbrief send` to resume.
pub async fn run(
    ws: Workspace,
    key: SecretKey,
    scheduler: Scheduler,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
    report: impl Fn(Event) + Send + Sync,
) {
    let Scheduler { me, every, grace } = scheduler;
    match park_overdue(&ws, grace) {
        Ok(parked) => parked
            .into_iter()
            .for_each(|schedule| report(Event::WaitingForStaff(schedule))),
        Err(e) => report(Event::RoundFailed(e.to_string())),
    }
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticks.tick() => {}
            _ = shutdown.wait_for(|stop| *stop) => return,
        }
        if let Err(e) = perform_due(&ws, &key, &me, &shutdown, &report).await {
            report(Event::RoundFailed(e.to_string()));
        }
        if *shutdown.borrow() {
            return;
        }
    }
}

fn open_store(ws: &Workspace) -> Result<Store, StoreError> {
    Store::open(&ws.root.join(&ws.config.paths.database))
}

/// Schedules still waiting that were due more than `grace` ago now wait
/// for staff; returns them.
pub fn park_overdue(ws: &Workspace, grace: Duration) -> Result<Vec<Schedule>, StoreError> {
    let now = crate::store::now();
    let late = now - chrono::Duration::from_std(grace).unwrap_or(chrono::Duration::MAX);
    open_store(ws)?.park_overdue_schedules(late, now)
}

/// One round: claims and performs each schedule due now.
pub async fn perform_due(
    ws: &Workspace,
    key: &SecretKey,
    me: &str,
    shutdown: &tokio::sync::watch::Receiver<bool>,
    report: &impl Fn(Event),
) -> Result<(), StoreError> {
    let due = open_store(ws)?.due_schedules(crate::store::now())?;
    for schedule in due {
        if *shutdown.borrow() {
            break;
        }
        if !open_store(ws)?.claim_schedule(&schedule.issue, me, crate::store::now())? {
            // Another `serve` took it, or staff cancelled it meanwhile.
            continue;
        }
        let issue = schedule.issue.clone();
        report(Event::Started(schedule));
        let (state, reason, event) = match perform(ws, key, &issue, shutdown.clone()).await {
            Ok(counters) => {
                let left = counters.deferred();
                let sent = counters.sent.load(std::sync::atomic::Ordering::Relaxed);
                let reason = (left > 0).then(|| crate::t!("schedule-left", left = left));
                (
                    ScheduleState::Sent,
                    reason,
                    Event::Sent {
                        issue: issue.clone(),
                        sent,
                        left,
                    },
                )
            }
            Err(reason) => (
                ScheduleState::Failed,
                Some(reason.clone()),
                Event::Failed {
                    issue: issue.clone(),
                    reason,
                },
            ),
        };
        open_store(ws)?.finish_schedule(
            &issue,
            me,
            state,
            reason.as_deref(),
            crate::store::now(),
        )?;
        report(event);
    }
    Ok(())
}

/// Checks and delivers `issue` as `send --yes` does; the reason it did not
/// go out, in the staff's language, otherwise.
async fn perform(
    ws: &Workspace,
    key: &SecretKey,
    issue: &str,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) -> Result<Arc<Counters>, String> {
    let id = ws.pick_issue(Some(issue)).map_err(|e| e.to_string())?;
    // Rendering and the journal are blocking work; the web server's other
    // tasks go on meanwhile on the runtime's other threads.
    let checked = tokio::task::block_in_place(|| workspace::check_issue(ws, &id));
    let checked = match checked {
        Ok(checked) if checked.report.errors() == 0 => checked,
        Ok(workspace::Checked { report, .. }) | Err(report) => {
            let errors: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(ToString::to_string)
                .collect();
            return Err(crate::t!(
                "schedule-check-failed",
                issue = issue,
                errors = errors.join("; ")
            ));
        }
    };
    let mut route = Route::from_config(ws).map_err(|e| e.to_string())?;
    route.reach().await.map_err(|e| e.to_string())?;
    let options = Options::from_config(&ws.config.smtp);
    tokio::task::block_in_place(|| {
        let mut store = open_store(ws)?;
        delivery::freeze(ws, &mut store, key, &checked.issue)
    })
    .map_err(|e| e.to_string())?;
    let delivery = Delivery::new(
        ws,
        &id,
        checked.rendered,
        key.clone(),
        route,
        options,
        crate::store::now(),
    );
    let counters = Arc::new(Counters::default());
    let stop = Arc::new(AtomicBool::new(false));
    let stopper = {
        let stop = stop.clone();
        tokio::spawn(async move {
            if shutdown.wait_for(|stop| *stop).await.is_ok() {
                stop.store(true, std::sync::atomic::Ordering::SeqCst);
            }
        })
    };
    let ending = delivery::deliver(delivery, counters.clone(), stop).await;
    stopper.abort();
    match ending {
        Ok(Ending::Done) => Ok(counters),
        Ok(Ending::Paused(reason)) => Err(reason),
        Ok(Ending::Stopped) => Err(crate::t!("schedule-stopped", issue = issue)),
        Err(e) => Err(e.to_string()),
    }
}
