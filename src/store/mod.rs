//! The SQLite database: schema and migrations, subscribers and their consent
//! log, tokens, the suppression list, scheduled sends. All SQL of rundbrief
//! lives here; callers get typed values and typed errors.

mod consent;
mod erasures;
mod journal;
mod preferences;
mod returns;
mod schedules;
mod schema;
mod subscribers;
mod tokens;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

pub use consent::{ConsentEvent, EventKind, Origin, Source, UnknownValue};
pub use erasures::{Erasure, ErasureReason};
pub use journal::{Deferral, DeliveryState, Frozen, Outcome, Pending, SendReport, message_id_of};
pub use preferences::{AddressChange, AddressChanged, Preferences, Record};
pub use returns::{Effect, ReturnKind, Returned, ReturnedRow, changes};
pub use schedules::{Booking, Cancelling, Schedule, ScheduleState};
pub use subscribers::{
    Confirmed, ConsentStep, IMPORT_BATCH, ImportCounts, ImportOptions, ImportRow, ImportSummary,
    Imported, ImportedConsent, Policy, Request, Requested, Stats, Status, Subscriber, Tool,
    Unsubscribed,
};
pub use tokens::{Purpose, ReturnPurpose, ReturnTag, TOKEN_LEN, Token, TokenCheck};

/// How long a writer waits for another (`serve` and a CLI command) before
/// giving up; a send or an import holds the lock only for short transactions.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}", self.message())]
    TooNew {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("{}: {source}", .path.display())]
    Migrate {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{}", self.message())]
    Sql(#[from] rusqlite::Error),
    #[error("{}", self.message())]
    Backup { path: PathBuf, reason: String },
}

impl StoreError {
    /// What the staff reads, in their language.
    fn message(&self) -> String {
        match self {
            StoreError::Open { path, source } | StoreError::Migrate { path, source } => {
                format!("{}: {source}", path.display())
            }
            StoreError::TooNew { path, found, known } => crate::t!(
                "store-too-new",
                path = path.display().to_string(),
                found = found,
                known = known,
            ),
            StoreError::Sql(source) => crate::t!("store-sql", problem = source.to_string()),
            StoreError::Backup { path, reason } => crate::t!(
                "store-backup",
                path = path.display().to_string(),
                reason = reason.as_str(),
            ),
        }
    }

    fn code(&self) -> Option<ErrorCode> {
        match self {
            StoreError::Open { source, .. }
            | StoreError::Migrate { source, .. }
            | StoreError::Sql(source) => source.sqlite_error_code(),
            StoreError::TooNew { .. } | StoreError::Backup { .. } => None,
        }
    }

    /// Another process held the database longer than the busy timeout.
    pub fn is_busy(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
        )
    }

    /// The file or its folder cannot be written.
    pub fn is_read_only(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen)
        )
    }
}

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection says nothing a reader of a log needs.
        f.debug_struct("Store")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            let _ = crate::fsx::create_private_dir(parent);
        }
        // The file holds personal data: made 0600 before SQLite creates it
        // with the umask's 0644, and its -wal and -shm copy that mode. A
        // failure here (a read-only folder) is left for SQLite to report.
        let _ = crate::fsx::ensure_private_file(path);
        let open = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open)?;
        // WAL lets `serve` keep answering while a CLI command writes.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(open)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open)?;
        // SQLite's own page cache (2 MB) for each connection: a send holds
        // three (freeze, reader, journal), and 32 MB each was most of its
        // memory. An import asks for more while it runs (`Store::import`).
        // An erased subscriber must not survive in freed pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(open)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version this database is at.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))?;
        Ok(version as usize)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = schema::MIGRATIONS.len();
        let found = self.schema_version()?;
        if found > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known,
            });
        }
        let path = self.path.clone();
        let migrate = |source| StoreError::Migrate {
            path: path.clone(),
            source,
        };
        if found == known {
            return Ok(());
        }
        // A migration may rebuild a table others refer to; foreign keys are
        // checked as a whole before each commit instead.
        self.conn
            .pragma_update(None, "foreign_keys", "OFF")
            .map_err(migrate)?;
        let result = self.apply_migrations(found);
        self.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(migrate)?;
        result
    }

    fn apply_migrations(&mut self, found: usize) -> Result<(), StoreError> {
        let migrate = |source| StoreError::Migrate {
            path: self.path.clone(),
            source,
        };
        for (index, sql) in schema::MIGRATIONS.iter().enumerate().skip(found) {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(migrate)?;
            // Another process may have migrated while we waited for the lock.
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |row| row.get(0))
                .map_err(migrate)?;
            if now as usize > index {
                continue;
            }
            tx.execute_batch(sql).map_err(migrate)?;
            let dangling: i64 = tx
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                    row.get(0)
                })
                .map_err(migrate)?;
            if dangling > 0 {
                return Err(migrate(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                    Some(format!(
                        "migration {} leaves {dangling} dangling references",
                        index + 1
                    )),
                )));
            }
            tx.pragma_update(None, "user_version", (index + 1) as i64)
                .map_err(migrate)?;
            tx.commit().map_err(migrate)?;
        }
        Ok(())
    }

    /// Copies the database to `target` with SQLite's online backup, page by
    /// page, while others go on reading and writing: a consistent snapshot.
    /// Written aside and renamed, so `target` is never half a database.
    pub fn backup(&self, target: &Path) -> Result<u64, StoreError> {
        let failed = |e: crate::fsx::FileError| StoreError::Backup {
            path: target.to_path_buf(),
            reason: e.source.to_string(),
        };
        let staged = crate::fsx::stage_file(target).map_err(failed)?;
        {
            let mut copy = Connection::open(staged.path())?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(256, Duration::from_millis(5), None)?;
        }
        let size = std::fs::metadata(staged.path()).map_or(0, |m| m.len());
        crate::fsx::put_in_place(staged, target).map_err(failed)?;
        Ok(size)
    }

    /// The connection, for the sibling modules.
    fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// The current time, truncated to milliseconds as the database keeps it.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    let now = chrono::Utc::now();
    chrono::DateTime::from_timestamp_millis(now.timestamp_millis()).unwrap_or(now)
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;
    use crate::secret::SecretKey;

    /// A store in a temporary folder, kept alive with it.
    pub(crate) fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("test.sqlite3")).unwrap();
        (dir, store)
    }

    /// Rows to import for `addresses`.
    fn rows(addresses: &[&str]) -> Vec<ImportRow> {
        (2..)
            .zip(addresses)
            .map(|(line, address)| ImportRow {
                line,
                address: crate::address::Address::parse(address).unwrap(),
                name: None,
                name_parts: None,
                lang: None,
                proof: None,
            })
            .collect()
    }

    fn policy() -> Policy {
        Policy {
            confirm_expiry: chrono::Duration::days(7),
            cooldown: chrono::Duration::minutes(15),
            consent_version: "v1".into(),
        }
    }

    /// Confirmed subscribers, imported with consent; their ids in order.
    pub(crate) fn confirmed(store: &mut Store, key: &SecretKey, addresses: &[&str]) -> Vec<i64> {
        let summary = store
            .import(
                key,
                &rows(addresses),
                crate::locale::Lang::DE,
                Some("on paper"),
                &policy(),
                now(),
            )
            .unwrap();
        summary
            .added
            .iter()
            .map(|(_, subscriber, _)| subscriber.id)
            .collect()
    }

    /// A pending subscriber, imported without consent: their confirm token.
    pub(crate) fn pending(store: &mut Store, key: &SecretKey, address: &str) -> Token {
        let summary = store
            .import(
                key,
                &rows(&[address]),
                crate::locale::Lang::DE,
                None,
                &policy(),
                now(),
            )
            .unwrap();
        summary.added[0]
            .2
            .clone()
            .expect("a pending import gets a confirm token")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_gets_the_whole_schema_in_wal_mode() {
        let (_dir, store) = testing::store();
        assert_eq!(store.schema_version().unwrap(), schema::MIGRATIONS.len());
        let mode: String = store
            .conn()
            .pragma_query_value(None, "journal_mode", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn a_database_of_the_first_schema_is_upgraded_with_its_rows_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.pragma_update(None, "user_version", 1).unwrap();
            conn.execute(
                "INSERT INTO subscribers (address, canonical, lang, status, created_at)
                 VALUES ('Anna@example.org', 'anna@example.org', 'de', 'confirmed', '2026-01-01 00:00:00+00:00')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), schema::MIGRATIONS.len());
        let found = store.find("anna@example.org").unwrap().unwrap();
        assert_eq!(found.status, Status::Confirmed);
    }

    // Migration 3 rebuilds `subscribers`, which the consent log and the
    // tokens refer to: they must survive it, and foreign keys be on after.
    #[test]
    fn a_database_of_two_languages_is_upgraded_to_any_language_keeping_its_history() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
            conn.execute_batch(schema::MIGRATIONS[1]).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute_batch(
                "INSERT INTO subscribers (id, address, canonical, lang, status, created_at)
                 VALUES (7, 'anna@example.org', 'anna@example.org', 'de', 'confirmed', '2026-01-01 00:00:00+00:00');
                 INSERT INTO consent_events (subscriber_id, kind, at, source)
                 VALUES (7, 'confirmed', '2026-01-01 00:00:00+00:00', 'link');
                 INSERT INTO sends (issue, frozen_at, recipients) VALUES ('2026-Q1', '2026-01-02', 1);
                 INSERT INTO deliveries (issue, subscriber_id, lang, state, message_id, queued_at)
                 VALUES ('2026-Q1', 7, 'de', 'sent', 'm@example.org', '2026-01-02');",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let conn = store.conn();
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |row| row.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM consent_events WHERE subscriber_id = 7"),
            1
        );
        assert_eq!(
            count("SELECT count(*) FROM deliveries WHERE subscriber_id = 7"),
            1
        );
        assert_eq!(count("PRAGMA foreign_keys"), 1);
        conn.execute(
            "INSERT INTO subscribers (address, canonical, lang, status, created_at)
             VALUES ('jan@example.org', 'jan@example.org', 'pl', 'pending', '2026-01-01 00:00:00+00:00')",
            [],
        )
        .unwrap();
        let bad = conn.execute(
            "INSERT INTO subscribers (address, canonical, lang, status, created_at)
             VALUES ('x@example.org', 'x@example.org', 'P1', 'pending', '2026-01-01 00:00:00+00:00')",
            [],
        );
        assert!(bad.is_err(), "a language is still a code");
        // Erasing a subscriber still takes their history with them.
        conn.execute("DELETE FROM subscribers WHERE id = 7", [])
            .unwrap();
        assert_eq!(count("SELECT count(*) FROM consent_events"), 0);
    }

    #[test]
    fn a_backup_is_a_complete_database() {
        let (dir, store) = testing::store();
        store
            .conn()
            .execute(
                "INSERT INTO subscribers (address, canonical, lang, status, created_at)
                 VALUES ('a@example.org', 'a@example.org', 'de', 'confirmed', '2026-01-01 00:00:00+00:00')",
                [],
            )
            .unwrap();
        let target = dir.path().join("copy.sqlite3");
        assert!(store.backup(&target).unwrap() > 0);
        let copy = Store::open(&target).unwrap();
        assert_eq!(
            copy.find("a@example.org").unwrap().unwrap().status,
            Status::Confirmed
        );
    }

    #[test]
    fn a_database_from_a_newer_rundbrief_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite3");
        Connection::open(&path)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(err.to_string().contains("update rundbrief"), "{err}");
    }

    #[test]
    fn the_consent_log_cannot_be_rewritten() {
        let (_dir, store) = testing::store();
        store.conn().execute(
            "INSERT INTO subscribers (address, canonical, lang, status, created_at)
             VALUES ('a@example.org', 'a@example.org', 'de', 'pending', '2026-01-01 00:00:00+00:00')",
            [],
        )
        .unwrap();
        store.conn().execute(
            "INSERT INTO consent_events (subscriber_id, kind, at, source) VALUES (1, 'requested', '2026-01-01', 'form')",
            [],
        )
        .unwrap();
        let err = store
            .conn()
            .execute("UPDATE consent_events SET kind = 'confirmed'", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}
