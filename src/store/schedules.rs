//! Scheduled sends: at most one per issue, with its due time (UTC) and
//! where it stands. `serve` claims a due one by moving it from `scheduled`
//! to `running` in one statement, so two `serve` processes sharing the
//! database never both perform it.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::consent::text_enum;
use super::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScheduleState {
    /// Waits for its time.
    Scheduled,
    /// A `serve` claimed it and is sending.
    Running,
    Sent,
    /// Not sent, for the reason given (the issue no longer passed `check`,
    /// the relay could not be reached, …).
    Failed,
    Cancelled,
    /// It was due longer than `[serve] schedule_grace` ago when `serve`
    /// started: staff decide whether it still goes out.
    WaitingForStaff,
}

text_enum!(ScheduleState {
    Scheduled => "scheduled",
    Running => "running",
    Sent => "sent",
    Failed => "failed",
    Cancelled => "cancelled",
    WaitingForStaff => "waiting-for-staff",
});

impl ScheduleState {
    /// A staff's `send --at` may replace a schedule in this state; one that
    /// is being sent or was sent stays as it is.
    pub fn may_be_replaced(self) -> bool {
        !matches!(self, ScheduleState::Running | ScheduleState::Sent)
    }
}

/// The schedule of one issue's send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub issue: String,
    pub due_at: DateTime<Utc>,
    pub state: ScheduleState,
    pub reason: Option<String>,
    /// The `serve` process that claimed it.
    pub claimed_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What became of a `send --at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Booking {
    /// Recorded; `replaced` is the state of the schedule it took the place of.
    Booked { replaced: Option<ScheduleState> },
    /// The issue's schedule is running or sent and stays.
    Refused(ScheduleState),
}

/// What became of a `send --cancel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cancelling {
    Cancelled,
    /// Nothing waits to be sent: no schedule, or one that is over.
    NothingScheduled(Option<ScheduleState>),
    /// A `serve` is sending it now.
    Running,
}

const COLUMNS: &str = "issue, due_at, state, reason, claimed_by, created_at, updated_at";

fn schedule(row: &rusqlite::Row<'_>) -> rusqlite::Result<Schedule> {
    Ok(Schedule {
        issue: row.get(0)?,
        due_at: row.get(1)?,
        state: row.get(2)?,
        reason: row.get(3)?,
        claimed_by: row.get(4)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
    })
}

impl Store {
    /// Records that `issue` is to be sent at `due_at`, in place of an
    /// earlier schedule that has not started.
    pub fn schedule_send(
        &mut self,
        issue: &str,
        due_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Booking, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before: Option<ScheduleState> = tx
            .query_row(
                "SELECT state FROM schedules WHERE issue = ?1",
                [issue],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(state) = before.filter(|state| !state.may_be_replaced()) {
            return Ok(Booking::Refused(state));
        }
        tx.execute(
            "INSERT INTO schedules (issue, due_at, state, created_at, updated_at)
             VALUES (?1, ?2, 'scheduled', ?3, ?3)
             ON CONFLICT (issue) DO UPDATE SET due_at = ?2, state = 'scheduled',
                 reason = NULL, claimed_by = NULL, created_at = ?3, updated_at = ?3",
            params![issue, due_at, now],
        )?;
        tx.commit()?;
        Ok(Booking::Booked { replaced: before })
    }

    /// Cancels the schedule of `issue` if it still waits.
    pub fn cancel_schedule(
        &mut self,
        issue: &str,
        now: DateTime<Utc>,
    ) -> Result<Cancelling, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state: Option<ScheduleState> = tx
            .query_row(
                "SELECT state FROM schedules WHERE issue = ?1",
                [issue],
                |row| row.get(0),
            )
            .optional()?;
        let outcome = match state {
            Some(ScheduleState::Scheduled | ScheduleState::WaitingForStaff) => {
                tx.execute(
                    "UPDATE schedules SET state = 'cancelled', updated_at = ?2 WHERE issue = ?1",
                    params![issue, now],
                )?;
                Cancelling::Cancelled
            }
            Some(ScheduleState::Running) => Cancelling::Running,
            other => Cancelling::NothingScheduled(other),
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// The schedule of `issue`, whatever its state.
    pub fn schedule_of(&self, issue: &str) -> Result<Option<Schedule>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM schedules WHERE issue = ?1"),
                [issue],
                schedule,
            )
            .optional()?)
    }

    /// Every schedule, the earliest due first.
    pub fn schedules(&self) -> Result<Vec<Schedule>, StoreError> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM schedules ORDER BY due_at, issue"
        ))?;
        let rows = statement.query_map([], schedule)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The schedules waiting whose time has come by `now`, the earliest first.
    pub fn due_schedules(&self, now: DateTime<Utc>) -> Result<Vec<Schedule>, StoreError> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM schedules
             WHERE state = 'scheduled' AND due_at <= ?1 ORDER BY due_at, issue"
        ))?;
        let rows = statement.query_map([now], schedule)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Claims the due schedule of `issue` for the process `by`: true when
    /// this call moved it to `running`, false when another was first (or
    /// it was cancelled meanwhile).
    pub fn claim_schedule(
        &mut self,
        issue: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let changed = tx.execute(
            "UPDATE schedules SET state = 'running', claimed_by = ?2, updated_at = ?3
             WHERE issue = ?1 AND state = 'scheduled' AND due_at <= ?3",
            params![issue, by, now],
        )?;
        tx.commit()?;
        Ok(changed == 1)
    }

    /// Ends the running schedule of `issue` that `by` claimed: sent, or
    /// failed with `reason`.
    pub fn finish_schedule(
        &mut self,
        issue: &str,
        by: &str,
        state: ScheduleState,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE schedules SET state = ?3, reason = ?4, updated_at = ?5
             WHERE issue = ?1 AND claimed_by = ?2 AND state = 'running'",
            params![issue, by, state, reason, now],
        )?;
        Ok(())
    }

    /// After `send` delivered `issue` by hand: a schedule of it that
    /// failed, waits for staff, or was left running by a `serve` that was
    /// killed is over, sent. Returns the state it had.
    pub fn settle_schedule(
        &mut self,
        issue: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<ScheduleState>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let state: Option<ScheduleState> = tx
            .query_row(
                "SELECT state FROM schedules WHERE issue = ?1
                 AND state IN ('failed', 'waiting-for-staff', 'running')",
                [issue],
                |row| row.get(0),
            )
            .optional()?;
        if state.is_some() {
            tx.execute(
                "UPDATE schedules SET state = 'sent', reason = NULL, updated_at = ?2
                 WHERE issue = ?1",
                params![issue, now],
            )?;
        }
        tx.commit()?;
        Ok(state)
    }

    /// Schedules still waiting that were due before `late`: they wait for
    /// staff now instead of going out long after their time. Returns them.
    pub fn park_overdue_schedules(
        &mut self,
        late: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<Schedule>, StoreError> {
        let mut statement = self.conn.prepare(&format!(
            "UPDATE schedules SET state = 'waiting-for-staff', updated_at = ?2
             WHERE state = 'scheduled' AND due_at < ?1
             RETURNING {COLUMNS}"
        ))?;
        let rows = statement.query_map(params![late, now], schedule)?;
        let mut parked: Vec<Schedule> = rows.collect::<Result<_, _>>()?;
        parked.sort_by_key(|schedule| schedule.due_at);
        Ok(parked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn a_schedule_is_claimed_once() {
        let (_dir, mut store) = testing::store();
        let due = at("2027-02-25T08:00:00Z");
        let booked = store
            .schedule_send("2027-Q1", due, at("2027-02-01T00:00:00Z"))
            .unwrap();
        assert_eq!(booked, Booking::Booked { replaced: None });
        let before = at("2027-02-25T07:59:59Z");
        assert!(store.due_schedules(before).unwrap().is_empty());
        assert!(!store.claim_schedule("2027-Q1", "a", before).unwrap());
        let now = at("2027-02-25T08:00:05Z");
        assert_eq!(store.due_schedules(now).unwrap().len(), 1);
        assert!(store.claim_schedule("2027-Q1", "a", now).unwrap());
        assert!(!store.claim_schedule("2027-Q1", "b", now).unwrap());
        // Only the claimant ends it.
        store
            .finish_schedule("2027-Q1", "b", ScheduleState::Failed, Some("x"), now)
            .unwrap();
        assert_eq!(
            store.schedule_of("2027-Q1").unwrap().unwrap().state,
            ScheduleState::Running
        );
        store
            .finish_schedule("2027-Q1", "a", ScheduleState::Sent, None, now)
            .unwrap();
        let done = store.schedule_of("2027-Q1").unwrap().unwrap();
        assert_eq!(
            (done.state, done.claimed_by.as_deref(), done.due_at),
            (ScheduleState::Sent, Some("a"), due)
        );
    }

    /// Two connections to one database, as two `serve` processes have:
    /// each sees the schedule due, one claim wins.
    #[test]
    fn of_two_processes_one_claims() {
        let (dir, mut first) = testing::store();
        let mut second = Store::open(&dir.path().join("test.sqlite3")).unwrap();
        let now = at("2027-02-25T08:00:00Z");
        first.schedule_send("2027-Q1", now, now).unwrap();
        assert_eq!(second.due_schedules(now).unwrap().len(), 1);
        let claims = [
            first.claim_schedule("2027-Q1", "first", now).unwrap(),
            second.claim_schedule("2027-Q1", "second", now).unwrap(),
        ];
        assert_eq!(claims, [true, false]);
    }

    #[test]
    fn what_replaces_and_cancels_what() {
        let cases = [
            (ScheduleState::Scheduled, true, Cancelling::Cancelled),
            (ScheduleState::WaitingForStaff, true, Cancelling::Cancelled),
            (
                ScheduleState::Failed,
                true,
                Cancelling::NothingScheduled(Some(ScheduleState::Failed)),
            ),
            (
                ScheduleState::Cancelled,
                true,
                Cancelling::NothingScheduled(Some(ScheduleState::Cancelled)),
            ),
            (ScheduleState::Running, false, Cancelling::Running),
            (
                ScheduleState::Sent,
                false,
                Cancelling::NothingScheduled(Some(ScheduleState::Sent)),
            ),
        ];
        let now = at("2027-02-25T08:00:00Z");
        for (state, replaceable, cancelling) in cases {
            let (_dir, mut store) = testing::store();
            store.schedule_send("2027-Q1", now, now).unwrap();
            store
                .conn()
                .execute("UPDATE schedules SET state = ?1", [state])
                .unwrap();
            let booking = store.schedule_send("2027-Q1", now, now).unwrap();
            let expected = if replaceable {
                Booking::Booked {
                    replaced: Some(state),
                }
            } else {
                Booking::Refused(state)
            };
            assert_eq!(booking, expected, "{state}");
            store
                .conn()
                .execute("UPDATE schedules SET state = ?1", [state])
                .unwrap();
            assert_eq!(
                store.cancel_schedule("2027-Q1", now).unwrap(),
                cancelling,
                "{state}"
            );
        }
        let (_dir, mut store) = testing::store();
        assert_eq!(
            store.cancel_schedule("2027-Q1", now).unwrap(),
            Cancelling::NothingScheduled(None)
        );
    }

    #[test]
    fn a_send_by_hand_settles_what_was_left_to_staff() {
        let now = at("2027-02-25T08:00:00Z");
        let cases = [
            (ScheduleState::Scheduled, None, ScheduleState::Scheduled),
            (
                ScheduleState::Running,
                Some(ScheduleState::Running),
                ScheduleState::Sent,
            ),
            (
                ScheduleState::Failed,
                Some(ScheduleState::Failed),
                ScheduleState::Sent,
            ),
            (
                ScheduleState::WaitingForStaff,
                Some(ScheduleState::WaitingForStaff),
                ScheduleState::Sent,
            ),
            (ScheduleState::Cancelled, None, ScheduleState::Cancelled),
        ];
        for (state, settled, after) in cases {
            let (_dir, mut store) = testing::store();
            store.schedule_send("2027-Q1", now, now).unwrap();
            store
                .conn()
                .execute("UPDATE schedules SET state = ?1", [state])
                .unwrap();
            assert_eq!(
                store.settle_schedule("2027-Q1", now).unwrap(),
                settled,
                "{state}"
            );
            let found = store.schedule_of("2027-Q1").unwrap().unwrap().state;
            assert_eq!(found, after, "{state}");
        }
    }

    #[test]
    fn only_schedules_late_beyond_the_grace_wait_for_staff() {
        let (_dir, mut store) = testing::store();
        let now = at("2027-02-25T12:00:00Z");
        store
            .schedule_send("2027-Q1", at("2027-02-25T05:00:00Z"), now)
            .unwrap();
        store
            .schedule_send("2027-Q2", at("2027-02-25T07:00:00Z"), now)
            .unwrap();
        let parked = store
            .park_overdue_schedules(at("2027-02-25T06:00:00Z"), now)
            .unwrap();
        assert_eq!(parked.len(), 1);
        assert_eq!(parked[0].issue, "2027-Q1");
        assert_eq!(parked[0].state, ScheduleState::WaitingForStaff);
        let due: Vec<String> = store
            .due_schedules(now)
            .unwrap()
            .into_iter()
            .map(|s| s.issue)
            .collect();
        assert_eq!(due, ["2027-Q2"]);
    }
}
