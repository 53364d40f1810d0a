//! Erasures and retention: unconfirmed sign-ups go after a period, and
//! every erasure leaves an anonymous row (when, why, how many) in place of
//! the people it took, so the log can show that data was erased without
//! keeping whose.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::consent::text_enum;
use super::subscribers::Status;
use super::{Store, StoreError};

/// Why subscribers were erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErasureReason {
    /// Pending longer than `[subscribers] pending_days`: never confirmed.
    PendingExpired,
    /// The staff erased an address (`subscribers forget`).
    Forgotten,
    /// The reader erased their own data.
    ErasedByReader,
}

text_enum!(ErasureReason {
    PendingExpired => "pending-expired",
    Forgotten => "forgotten",
    ErasedByReader => "erased-by-reader",
});

/// One anonymous row of the erasure log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub at: DateTime<Utc>,
    pub reason: ErasureReason,
    pub count: u64,
}

pub(super) fn record(
    conn: &Connection,
    reason: ErasureReason,
    count: usize,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    // Nothing erased, nothing to prove: an hourly prune that finds nobody
    // leaves no row.
    if count > 0 {
        conn.prepare_cached("INSERT INTO erasures (at, reason, count) VALUES (?1, ?2, ?3)")?
            .execute(params![now, reason, count as i64])?;
    }
    Ok(())
}

/// The pending subscribers whose last request to subscribe came before
/// `older_than`. The timestamps are compared as times, not as the text the
/// database keeps them in.
fn expired_pending(conn: &Connection, older_than: DateTime<Utc>) -> rusqlite::Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, created_at, confirmation_sent_at FROM subscribers WHERE status = ?1",
    )?;
    let rows = statement.query_map([Status::Pending], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, DateTime<Utc>>(1)?,
            row.get::<_, Option<DateTime<Utc>>>(2)?,
        ))
    })?;
    let mut ids = Vec::new();
    for row in rows {
        let (id, created, last_mailed) = row?;
        // Asking again (a new confirmation mail) starts the period anew.
        let last_request = last_mailed.map_or(created, |at| at.max(created));
        if last_request < older_than {
            ids.push(id);
        }
    }
    Ok(ids)
}

impl Store {
    /// Logs that `count` subscribers were erased for `reason`.
    pub fn record_erasure(
        &mut self,
        reason: ErasureReason,
        count: usize,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Ok(record(self.conn(), reason, count, now)?)
    }

    /// How many pending subscribers [`Store::prune_pending`] would erase.
    pub fn count_expired_pending(&self, older_than: DateTime<Utc>) -> Result<usize, StoreError> {
        Ok(expired_pending(self.conn(), older_than)?.len())
    }

    /// Erases the pending subscribers whose last request came before
    /// `older_than`, with their tokens and consent events, and logs one
    /// anonymous erasure with their number. Unlike `forget`, no hash stays
    /// behind: they never confirmed, and may sign up again.
    pub fn prune_pending(
        &mut self,
        older_than: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let tx = self.immediate()?;
        let ids = expired_pending(&tx, older_than)?;
        {
            // Checked again in the DELETE: a confirmation that came in
            // between is not undone (the transaction is immediate anyway).
            let mut delete =
                tx.prepare_cached("DELETE FROM subscribers WHERE id = ?1 AND status = ?2")?;
            for id in &ids {
                delete.execute(params![id, Status::Pending])?;
            }
        }
        record(&tx, ErasureReason::PendingExpired, ids.len(), now)?;
        tx.commit()?;
        if !ids.is_empty() {
            // As in `forget`: secure_delete zeroes the freed pages, the
            // checkpoint carries that from the WAL into the file.
            self.conn()
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        Ok(ids.len())
    }

    /// The erasure log, oldest first.
    pub fn erasures(&self) -> Result<Vec<Erasure>, StoreError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT at, reason, count FROM erasures ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok(Erasure {
                at: row.get(0)?,
                reason: row.get(1)?,
                count: row.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::address::Address;
    use crate::secret::SecretKey;
    use crate::store::testing;

    fn key() -> SecretKey {
        SecretKey::from_hex(&"42".repeat(32), "test").unwrap()
    }

    fn backdate(store: &Store, address: &str, at: DateTime<Utc>) {
        store
            .conn()
            .execute(
                "UPDATE subscribers SET created_at = ?2, confirmation_sent_at = ?2
                 WHERE canonical = ?1",
                params![address, at],
            )
            .unwrap();
    }

    #[test]
    fn only_pending_sign_ups_older_than_the_period_go_and_the_log_keeps_their_number() {
        let (dir, mut store) = testing::store();
        let now = crate::store::now();
        testing::pending(&mut store, &key(), "alt@example.org");
        testing::pending(&mut store, &key(), "uralt@example.org");
        testing::pending(&mut store, &key(), "frisch@example.org");
        testing::confirmed(&mut store, &key(), &["treu@example.org"]);
        backdate(&store, "alt@example.org", now - Duration::days(31));
        backdate(&store, "uralt@example.org", now - Duration::days(400));
        backdate(&store, "frisch@example.org", now - Duration::days(29));
        // A confirmed subscriber's age is no reason to erase them.
        backdate(&store, "treu@example.org", now - Duration::days(400));
        let cutoff = now - Duration::days(30);
        assert_eq!(store.count_expired_pending(cutoff).unwrap(), 2);
        assert_eq!(store.prune_pending(cutoff, now).unwrap(), 2);
        assert_eq!(store.find("alt@example.org").unwrap(), None);
        assert_eq!(store.find("uralt@example.org").unwrap(), None);
        assert!(store.find("frisch@example.org").unwrap().is_some());
        assert!(store.find("treu@example.org").unwrap().is_some());
        let orphans: i64 = store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM consent_events WHERE subscriber_id NOT IN (SELECT id FROM subscribers))
                      + (SELECT count(*) FROM tokens WHERE subscriber_id NOT IN (SELECT id FROM subscribers))",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0);
        assert_eq!(
            store.erasures().unwrap(),
            vec![Erasure {
                at: now,
                reason: ErasureReason::PendingExpired,
                count: 2
            }]
        );
        // A second prune finds nobody and logs nothing.
        assert_eq!(store.prune_pending(cutoff, now).unwrap(), 0);
        assert_eq!(store.erasures().unwrap().len(), 1);
        let raw = std::fs::read(dir.path().join("test.sqlite3")).unwrap();
        assert!(
            !raw.windows(b"uralt@".len()).any(|w| w == b"uralt@"),
            "the address is still in the file"
        );
    }

    #[test]
    fn a_new_request_starts_the_period_anew() {
        let (_dir, mut store) = testing::store();
        let now = crate::store::now();
        testing::pending(&mut store, &key(), "wieder@example.org");
        store
            .conn()
            .execute(
                "UPDATE subscribers SET created_at = ?1, confirmation_sent_at = ?2",
                params![now - Duration::days(90), now - Duration::days(2)],
            )
            .unwrap();
        assert_eq!(
            store.prune_pending(now - Duration::days(30), now).unwrap(),
            0
        );
    }

    #[test]
    fn forgetting_logs_an_anonymous_erasure() {
        let (_dir, mut store) = testing::store();
        let now = crate::store::now();
        testing::confirmed(&mut store, &key(), &["weg@example.org"]);
        let address = Address::parse("weg@example.org").unwrap();
        assert!(store.forget(&key(), &address, now).unwrap());
        assert!(!store.forget(&key(), &address, now).unwrap());
        let erasures = store.erasures().unwrap();
        assert_eq!(erasures.len(), 1, "{erasures:?}");
        assert_eq!(erasures[0].reason, ErasureReason::Forgotten);
        assert_eq!(erasures[0].count, 1);
    }
}
