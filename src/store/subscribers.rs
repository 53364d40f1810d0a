//! Subscribers and their states (`pending → confirmed → unsubscribed`, plus
//! `bounced` and `complained`), the double opt-in transitions, imports in one
//! transaction, and erasure that leaves only a keyed hash behind.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::consent::{self, EventKind, Origin, text_enum};
use super::tokens::{self, Purpose, Token, TokenCheck};
use super::{Store, StoreError};
use crate::address::Address;
use crate::locale::Lang;
use crate::secret::SecretKey;

/// How long one transaction of an import may hold the write lock: short
/// enough that `serve` and a send, which wait up to ten seconds for it,
/// never see "database is locked" while a list of 400,000 goes in.
const IMPORT_SLICE: std::time::Duration = std::time::Duration::from_millis(100);

/// The gap between two slices of an import, in which a waiting writer gets
/// the lock. A waiter looks again at least every 100 ms, so within its ten
/// seconds it meets one of these gaps many times over; 20 ms cost an import
/// of a million rows 15 % of its time, 10 ms half that.
const IMPORT_PAUSE: std::time::Duration = std::time::Duration::from_millis(10);

/// How many rows one slice of an import takes at most, however fast they
/// go in: what is held in memory for the slice stays small.
pub const IMPORT_BATCH: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Pending,
    Confirmed,
    Unsubscribed,
    Bounced,
    Complained,
}

text_enum!(Status {
    Pending => "pending",
    Confirmed => "confirmed",
    Unsubscribed => "unsubscribed",
    Bounced => "bounced",
    Complained => "complained",
});

impl Status {}

impl ToSql for Lang {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.code()))
    }
}

impl FromSql for Lang {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: crate::locale::UnknownLang| FromSqlError::Other(e.into()))
    }
}

/// One row of the subscriber table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub id: i64,
    /// As the person gave it; mail goes here.
    pub address: String,
    pub canonical: String,
    pub name: Option<String>,
    pub lang: Lang,
    pub status: Status,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub unsubscribed_at: Option<DateTime<Utc>>,
    pub confirmation_sent_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "id, address, canonical, name, lang, status, created_at, confirmed_at, \
                       unsubscribed_at, confirmation_sent_at";

fn subscriber(row: &Row<'_>) -> rusqlite::Result<Subscriber> {
    Ok(Subscriber {
        id: row.get(0)?,
        address: row.get(1)?,
        canonical: row.get(2)?,
        name: row.get(3)?,
        lang: row.get(4)?,
        status: row.get(5)?,
        created_at: row.get(6)?,
        confirmed_at: row.get(7)?,
        unsubscribed_at: row.get(8)?,
        confirmation_sent_at: row.get(9)?,
    })
}

/// What the double opt-in asks of a request to subscribe.
#[derive(Debug, Clone)]
pub struct Policy {
    /// How long a confirm link stays valid.
    pub confirm_expiry: Duration,
    /// No second confirmation mail to one address within this time.
    pub cooldown: Duration,
    /// The version of the consent text the person saw.
    pub consent_version: String,
}

/// Someone asks for the newsletter at `address`.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub address: &'a Address,
    pub name: Option<&'a str>,
    pub lang: Lang,
    /// Chosen from the workspace's vocabulary; none means everything.
    pub interests: &'a [String],
    pub origin: &'a Origin,
}

/// What became of a request to subscribe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// Pending: mail this confirm token to the subscriber.
    Mail {
        subscriber: Subscriber,
        token: Token,
    },
    /// Pending, and a confirmation mail went out within the cooldown.
    CoolingDown(Subscriber),
    AlreadyConfirmed(Subscriber),
    /// Erased earlier at their request; only they themselves may sign up again.
    Suppressed,
}

/// What a confirm link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmed {
    Now(Subscriber),
    Already(Subscriber),
    Expired(Subscriber),
    /// Unsubscribed, bounced or complained since the link went out: the
    /// link brings nobody back, only a new sign-up does.
    Left(Subscriber),
    Unknown,
}

/// What an unsubscribe did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsubscribed {
    Now(Subscriber),
    Already(Subscriber),
    Unknown,
}

/// One valid row of an import, with the line it came from.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: u64,
    pub address: Address,
    pub name: Option<String>,
    /// First and last name, when the list had them in columns of their own
    /// (`name` is then the two joined); an export can give them back apart.
    pub name_parts: Option<(String, String)>,
    pub lang: Option<Lang>,
    /// The proof of opt-in the tool the list comes from kept.
    pub proof: Option<ImportedConsent>,
}

/// A newsletter tool whose exports carry a proof of opt-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Mailchimp,
    CleverReach,
}

impl Tool {
    /// Logged with every event taken over from its export. Evidence stays
    /// as it was written, in one language, whoever reads it later.
    pub fn detail(self) -> &'static str {
        match self {
            Tool::Mailchimp => "imported from Mailchimp export",
            Tool::CleverReach => "imported from CleverReach export",
        }
    }
}

/// One step of a double opt-in as another tool recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentStep {
    pub at: DateTime<Utc>,
    pub ip: Option<std::net::IpAddr>,
}

/// What another tool kept of a subscriber's opt-in: the sign-up and the
/// confirmation, each when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportedConsent {
    pub tool: Tool,
    pub requested: Option<ConsentStep>,
    pub confirmed: Option<ConsentStep>,
}

impl ImportedConsent {
    fn append_steps(&self, conn: &Connection, subscriber: i64) -> rusqlite::Result<()> {
        for (kind, step) in [
            (EventKind::Requested, self.requested),
            (EventKind::Confirmed, self.confirmed),
        ] {
            if let Some(step) = step {
                let origin = Origin {
                    source: consent::Source::Import,
                    ip: step.ip,
                    user_agent: None,
                };
                // No consent version: the person saw the other tool's text,
                // not ours.
                consent::append(
                    conn,
                    subscriber,
                    kind,
                    step.at,
                    &origin,
                    None,
                    Some(self.tool.detail()),
                )?;
            }
        }
        Ok(())
    }
}

/// What an import did, row by row.
#[derive(Debug, Default)]
pub struct ImportSummary {
    /// New subscribers, with a confirm token when they still need to confirm.
    pub added: Vec<(u64, Subscriber, Option<Token>)>,
    /// Lines whose address was already in the database or earlier in the file.
    pub present: Vec<(u64, String)>,
    pub suppressed: Vec<(u64, String)>,
}

/// How an import treats its new rows.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    /// For rows that name no language.
    pub default_lang: Lang,
    /// The consent obtained elsewhere: new rows are confirmed, and this is
    /// logged with each.
    pub consent: Option<&'a str>,
    pub policy: &'a Policy,
    pub now: DateTime<Utc>,
    /// The confirm links of new pending rows are handed out by hand
    /// (`--no-mail`): their confirmation is not due.
    pub handed_out: bool,
}

/// What became of one row of an import.
#[derive(Debug)]
pub enum Imported<'a> {
    /// A new subscriber, with a confirm token when they still need to confirm.
    Added {
        line: u64,
        subscriber: Subscriber,
        token: Option<Token>,
    },
    /// Already in the database, or earlier in the same file.
    Present {
        line: u64,
        address: &'a str,
    },
    Suppressed {
        line: u64,
        address: &'a str,
    },
}

/// How many rows an import added and skipped.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: u64,
    pub present: u64,
    pub suppressed: u64,
}

/// Counts per state and language.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub rows: Vec<(Status, Lang, u64)>,
}

impl Stats {
    pub fn count(&self, status: Status) -> u64 {
        self.rows
            .iter()
            .filter(|(s, _, _)| *s == status)
            .map(|(_, _, n)| n)
            .sum()
    }

    pub fn total(&self) -> u64 {
        self.rows.iter().map(|(_, _, n)| n).sum()
    }
}

fn by_canonical(conn: &Connection, canonical: &str) -> rusqlite::Result<Option<Subscriber>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM subscribers WHERE canonical = ?1"
    ))?
    .query_row([canonical], subscriber)
    .optional()
}

pub(super) fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Subscriber> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM subscribers WHERE id = ?1"))?
        .query_row([id], subscriber)
}

fn suppression_hash(key: &SecretKey, canonical: &str) -> [u8; 32] {
    key.mac("suppression", canonical.as_bytes())
}

/// Keeps a keyed hash of the address, so it is never subscribed again
/// without a new confirmation.
pub(super) fn suppress(
    conn: &Connection,
    key: &SecretKey,
    canonical: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO suppressions (hash, at) VALUES (?1, ?2)")?
        .execute(params![&suppression_hash(key, canonical)[..], now])?;
    Ok(())
}

fn is_suppressed(conn: &Connection, key: &SecretKey, address: &Address) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM suppressions WHERE hash = ?1")?
        .exists([&suppression_hash(key, address.canonical())[..]])
}

pub(super) fn set_status(
    conn: &Connection,
    id: i64,
    status: Status,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let sql = match status {
        Status::Confirmed => "UPDATE subscribers SET status = ?2, confirmed_at = ?3 WHERE id = ?1",
        Status::Unsubscribed => {
            "UPDATE subscribers SET status = ?2, unsubscribed_at = ?3 WHERE id = ?1"
        }
        _ => "UPDATE subscribers SET status = ?2 WHERE id = ?1 AND ?3 IS NOT NULL",
    };
    conn.prepare_cached(sql)?
        .execute(params![id, status, now])?;
    Ok(())
}

impl Store {
    pub(super) fn immediate(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
    }

    /// Someone asks to subscribe: the address becomes (or stays) pending and,
    /// unless a confirmation mail went out within the cooldown, gets a fresh
    /// confirm token to mail. The cooldown is taken at once, so two requests
    /// racing each other cannot both mail.
    pub fn request(
        &mut self,
        key: &SecretKey,
        request: &Request<'_>,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Requested, StoreError> {
        let tx = self.immediate()?;
        let origin = request.origin;
        let version = Some(policy.consent_version.as_str());
        let existing = by_canonical(&tx, request.address.canonical())?;
        // What they asked to hear about is part of what they consented to.
        let chosen = (!request.interests.is_empty())
            .then(|| format!("interests {}", request.interests.join(", ")));
        let id = match existing {
            Some(found) if found.status == Status::Confirmed => {
                return Ok(Requested::AlreadyConfirmed(found));
            }
            Some(found)
                if found.status == Status::Pending
                    && found
                        .confirmation_sent_at
                        .is_some_and(|at| now - at < policy.cooldown) =>
            {
                return Ok(Requested::CoolingDown(found));
            }
            Some(found) if found.status == Status::Pending => {
                // Whoever asks again for a pending address cannot rename it
                // or change its language: the first request stands until the
                // address itself confirms.
                consent::append(
                    &tx,
                    found.id,
                    EventKind::Requested,
                    now,
                    origin,
                    version,
                    None,
                )?;
                found.id
            }
            Some(found) => {
                let kind = EventKind::Resubscribed;
                tx.prepare_cached(
                    "UPDATE subscribers SET status = 'pending', lang = ?2,
                         name = coalesce(?3, name) WHERE id = ?1",
                )?
                .execute(params![found.id, request.lang, request.name])?;
                super::preferences::set_interests(&tx, found.id, request.interests)?;
                consent::append(&tx, found.id, kind, now, origin, version, chosen.as_deref())?;
                found.id
            }
            None => {
                // An erased person may come back through the form and confirm
                // again; nobody else may bring them back.
                if origin.source != consent::Source::Form
                    && is_suppressed(&tx, key, request.address)?
                {
                    return Ok(Requested::Suppressed);
                }
                let id = insert(
                    &tx,
                    request.address,
                    request.name,
                    request.lang,
                    Status::Pending,
                    now,
                    None,
                )?
                .id;
                super::preferences::set_interests(&tx, id, request.interests)?;
                consent::append(
                    &tx,
                    id,
                    EventKind::Requested,
                    now,
                    origin,
                    version,
                    chosen.as_deref(),
                )?;
                id
            }
        };
        let token = tokens::new_confirm_token(&tx, id, now, now + policy.confirm_expiry)?;
        tx.prepare_cached("UPDATE subscribers SET confirmation_sent_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        let subscriber = by_id(&tx, id)?;
        tx.commit()?;
        Ok(Requested::Mail { subscriber, token })
    }

    /// The confirmation mail went out: logged, with the SMTP server's answer.
    pub fn confirmation_sent(
        &self,
        subscriber: i64,
        origin: &Origin,
        reply: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.conn().unchecked_transaction()?;
        consent::append(
            &tx,
            subscriber,
            EventKind::ConfirmationSent,
            now,
            origin,
            None,
            Some(reply),
        )?;
        // Sent: no longer due, and the cooldown runs from now.
        tx.prepare_cached("UPDATE subscribers SET confirmation_sent_at = ?2 WHERE id = ?1")?
            .execute(params![subscriber, now])?;
        tx.commit()?;
        Ok(())
    }

    /// Pending subscribers whose confirmation mail has not gone out: an
    /// import's, one a crash or an unreachable relay interrupted, a sign-up
    /// whose mail failed. Oldest first.
    pub fn due_confirmations(&self) -> Result<Vec<i64>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT id FROM subscribers
             WHERE status = 'pending' AND confirmation_sent_at IS NULL ORDER BY id",
        )?;
        let ids = statement.query_map([], |row| row.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// A fresh confirm token for a subscriber whose confirmation is due,
    /// made just before the mail goes out; `None` if it is no longer due
    /// (confirmed, mailed or erased meanwhile).
    pub fn confirmation_to_mail(
        &mut self,
        subscriber: i64,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<Option<(Subscriber, Token)>, StoreError> {
        let tx = self.immediate()?;
        let found = tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM subscribers
                 WHERE id = ?1 AND status = 'pending' AND confirmation_sent_at IS NULL"
            ))?
            .query_row([subscriber], self::subscriber)
            .optional()?;
        let Some(found) = found else {
            return Ok(None);
        };
        let token = tokens::new_confirm_token(&tx, subscriber, now, now + policy.confirm_expiry)?;
        tx.commit()?;
        Ok(Some((found, token)))
    }

    /// The links of these pending subscribers were handed out by hand
    /// (`--no-mail`): their confirmation is no longer due.
    pub fn confirmations_handed_out(
        &mut self,
        subscribers: &[i64],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self.immediate()?;
        {
            let mut update = tx
                .prepare_cached("UPDATE subscribers SET confirmation_sent_at = ?2 WHERE id = ?1")?;
            for id in subscribers {
                update.execute(params![id, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The confirmation mail could not be sent: lift the cooldown so that
    /// trying again later mails at once.
    pub fn confirmation_failed(&self, subscriber: i64) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE subscribers SET confirmation_sent_at = NULL WHERE id = ?1")?
            .execute([subscriber])?;
        Ok(())
    }

    /// What a token in a link stands for, changing nothing: the page a mail
    /// scanner fetches must not confirm or unsubscribe anyone.
    pub fn peek(
        &self,
        token: &Token,
        purpose: Purpose,
    ) -> Result<(TokenCheck, Option<Subscriber>), StoreError> {
        let check = tokens::check(self.conn(), token, purpose, super::now())?;
        let subscriber = match check {
            TokenCheck::Valid { subscriber }
            | TokenCheck::Expired { subscriber }
            | TokenCheck::Used { subscriber } => Some(by_id(self.conn(), subscriber)?),
            TokenCheck::Unknown => None,
        };
        Ok((check, subscriber))
    }

    /// Follows a confirm link.
    pub fn confirm(
        &mut self,
        token: &Token,
        origin: &Origin,
        version: &str,
        now: DateTime<Utc>,
    ) -> Result<Confirmed, StoreError> {
        let tx = self.immediate()?;
        let outcome = match tokens::check(&tx, token, Purpose::Confirm, now)? {
            TokenCheck::Unknown => Confirmed::Unknown,
            TokenCheck::Used { subscriber } => {
                let found = by_id(&tx, subscriber)?;
                match found.status {
                    Status::Confirmed => Confirmed::Already(found),
                    // Signed up again since: only the newer link confirms.
                    Status::Pending => Confirmed::Expired(found),
                    Status::Unsubscribed | Status::Bounced | Status::Complained => {
                        Confirmed::Left(found)
                    }
                }
            }
            TokenCheck::Expired { subscriber } => Confirmed::Expired(by_id(&tx, subscriber)?),
            TokenCheck::Valid { subscriber } => {
                let found = by_id(&tx, subscriber)?;
                if found.status == Status::Confirmed {
                    Confirmed::Already(found)
                } else if found.status != Status::Pending {
                    Confirmed::Left(found)
                } else {
                    set_status(&tx, subscriber, Status::Confirmed, now)?;
                    tokens::mark_used(&tx, token, now)?;
                    consent::append(
                        &tx,
                        subscriber,
                        EventKind::Confirmed,
                        now,
                        origin,
                        Some(version),
                        None,
                    )?;
                    Confirmed::Now(by_id(&tx, subscriber)?)
                }
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Follows an unsubscribe link or the mail client's one-click request.
    pub fn unsubscribe_by_token(
        &mut self,
        token: &Token,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<Unsubscribed, StoreError> {
        let TokenCheck::Valid { subscriber } =
            tokens::check(self.conn(), token, Purpose::Unsubscribe, now)?
        else {
            return Ok(Unsubscribed::Unknown);
        };
        self.unsubscribe_id(subscriber, origin, now)
    }

    /// Unsubscribes an address (staff acting on a request by mail or phone).
    pub fn unsubscribe(
        &mut self,
        address: &Address,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<Unsubscribed, StoreError> {
        match by_canonical(self.conn(), address.canonical())? {
            Some(found) => self.unsubscribe_id(found.id, origin, now),
            None => Ok(Unsubscribed::Unknown),
        }
    }

    /// Unsubscribes subscriber `id` (from their own preferences page).
    pub fn unsubscribe_id(
        &mut self,
        id: i64,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<Unsubscribed, StoreError> {
        let tx = self.immediate()?;
        let found = by_id(&tx, id)?;
        // Idempotent: a mail client may send its one-click request twice.
        let outcome = if found.status == Status::Unsubscribed {
            Unsubscribed::Already(found)
        } else {
            set_status(&tx, id, Status::Unsubscribed, now)?;
            consent::append(&tx, id, EventKind::Unsubscribed, now, origin, None, None)?;
            Unsubscribed::Now(by_id(&tx, id)?)
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Marks a subscriber bounced or complained, with the server's words.
    pub fn mark(
        &mut self,
        id: i64,
        status: Status,
        origin: &Origin,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let kind = match status {
            Status::Bounced => EventKind::Bounced,
            Status::Complained => EventKind::Complained,
            other => unreachable!("mark() is for bounces and complaints, not {other}"),
        };
        let tx = self.immediate()?;
        set_status(&tx, id, status, now)?;
        consent::append(&tx, id, kind, now, origin, None, Some(detail))?;
        tx.commit()?;
        Ok(())
    }

    /// Erases a subscriber with their whole history; a keyed hash of the
    /// address stays on the suppression list. `false` if nobody had it.
    pub fn forget(
        &mut self,
        key: &SecretKey,
        address: &Address,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.forget_canonical(
            key,
            address.canonical(),
            super::ErasureReason::Forgotten,
            now,
        )
    }

    /// Erases the subscriber whose address has this canonical form, as
    /// [`Store::forget`] does, for `reason`; `false` if nobody had it.
    pub fn forget_canonical(
        &mut self,
        key: &SecretKey,
        canonical: &str,
        reason: super::ErasureReason,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let tx = self.immediate()?;
        suppress(&tx, key, canonical, now)?;
        let deleted = tx
            .prepare_cached("DELETE FROM subscribers WHERE canonical = ?1")?
            .execute([canonical])?;
        super::erasures::record(&tx, reason, deleted, now)?;
        tx.commit()?;
        // secure_delete zeroes the freed pages; the checkpoint carries them
        // from the WAL into the file, so erasure means gone from both.
        self.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(deleted > 0)
    }

    pub fn is_suppressed(&self, key: &SecretKey, address: &Address) -> Result<bool, StoreError> {
        Ok(is_suppressed(self.conn(), key, address)?)
    }

    /// Imports rows in short transactions (see [`IMPORT_SLICE`] and
    /// [`IMPORT_BATCH`]), so that `serve` and a send keep writing while a
    /// big list goes in. Addresses already present (also earlier in the
    /// same file) and suppressed ones are reported and skipped.
    ///
    /// `--strict`'s all-or-nothing is about the file: every row is parsed
    /// and checked before this is called, and one bad row means none is
    /// written. A crash or a database error half way leaves the slices
    /// committed so far; they are whole subscribers with their consent
    /// events, and running the same import again adds the rest and reports
    /// those as already present.
    /// With `consent`, new rows are confirmed and the text is logged as the
    /// consent obtained elsewhere; without it they are pending and get tokens.
    pub fn import(
        &mut self,
        key: &SecretKey,
        rows: &[ImportRow],
        default_lang: Lang,
        consent: Option<&str>,
        policy: &Policy,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary, StoreError> {
        let options = ImportOptions {
            default_lang,
            consent,
            policy,
            now,
            handed_out: false,
        };
        let mut summary = ImportSummary::default();
        self.import_each(
            key,
            rows.iter().cloned().map(Ok),
            &options,
            |imported| -> Result<(), StoreError> {
                match imported {
                    Imported::Added {
                        line,
                        subscriber,
                        token,
                    } => summary.added.push((line, subscriber, token)),
                    Imported::Present { line, address } => {
                        summary.present.push((line, address.to_string()));
                    }
                    Imported::Suppressed { line, address } => {
                        summary.suppressed.push((line, address.to_string()));
                    }
                }
                Ok(())
            },
        )?;
        Ok(summary)
    }

    /// [`Store::import`] of rows as they come, holding no more than one
    /// slice of them: `told` hears of a skipped row at once and of the
    /// added ones when their slice is committed. A row that is an error
    /// ends the import there, the slices before it committed.
    pub fn import_each<E: From<StoreError>>(
        &mut self,
        key: &SecretKey,
        rows: impl IntoIterator<Item = Result<ImportRow, E>>,
        options: &ImportOptions<'_>,
        mut told: impl FnMut(Imported<'_>) -> Result<(), E>,
    ) -> Result<ImportCounts, E> {
        let pragma = |store: &Store, name: &str, value: i64| {
            store
                .conn()
                .pragma_update(None, name, value)
                .map_err(|e| E::from(e.into()))
        };
        // A big import touches many index pages; spilling them to the WAL
        // mid-transaction costs more than 32 MB of page cache does for a moment.
        pragma(self, "cache_size", -32_000)?;
        // Each slice touches thousands of pages: copying them back into the
        // database after every slice (the default, at 1,000 pages of WAL)
        // copies the same index pages over and over, and waits for the disk
        // each time.
        pragma(self, "wal_autocheckpoint", 8_192)?;
        let imported = self.import_slices(key, &mut rows.into_iter(), options, &mut told);
        pragma(self, "wal_autocheckpoint", 1_000)?;
        pragma(self, "cache_size", -2_000)?;
        imported
    }

    fn import_slices<E: From<StoreError>>(
        &mut self,
        key: &SecretKey,
        rows: &mut dyn Iterator<Item = Result<ImportRow, E>>,
        options: &ImportOptions<'_>,
        told: &mut dyn FnMut(Imported<'_>) -> Result<(), E>,
    ) -> Result<ImportCounts, E> {
        let db = |e: rusqlite::Error| E::from(e.into());
        let origin = Origin::new(consent::Source::Import);
        let version = Some(options.policy.consent_version.as_str());
        // Every row is stamped with the same time: written out once.
        let now = options.now.to_sql().map_err(db)?;
        let mut counts = ImportCounts::default();
        // The duplicates of a file are found by the unique address of the
        // rows added before them; only the suppressed ones, never added,
        // are remembered (there are few).
        let mut suppressed_here = HashSet::new();
        let mut added = Vec::new();
        // Every new row without a proof of its own gets the same event:
        // written many at a time (see `consent::append_each`).
        let (event, detail) = match options.consent {
            Some(text) => (EventKind::ConsentImported, Some(text)),
            None => (EventKind::Requested, None),
        };
        let mut events_due: Vec<i64> = Vec::with_capacity(consent::EVENTS_AT_ONCE);
        let write_events = |tx: &Connection, due: &mut Vec<i64>| {
            consent::append_each(tx, due, event, &now, &origin, version, detail)
                .map_err(db)
                .map(|()| due.clear())
        };
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let tx = self.immediate().map_err(db)?;
            let started = std::time::Instant::now();
            {
                // Most lists are imported into a database nobody was ever erased from.
                let any_suppressed = tx
                    .prepare_cached("SELECT 1 FROM suppressions LIMIT 1")
                    .and_then(|mut s| s.exists([]))
                    .map_err(db)?;
                let mut present = tx
                    .prepare_cached("SELECT 1 FROM subscribers WHERE canonical = ?1")
                    .map_err(db)?;
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO subscribers (address, canonical, name, lang, status,
                             created_at, confirmed_at, confirmation_sent_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                         ON CONFLICT (canonical) DO NOTHING",
                    )
                    .map_err(db)?;
                let mut parts_due: Vec<(i64, String, String)> = Vec::new();
                let mut taken = 0;
                while taken < IMPORT_BATCH
                    && started.elapsed() < IMPORT_SLICE
                    && let Some(row) = rows.next()
                {
                    let row = row?;
                    taken += 1;
                    let address = &row.address;
                    let canonical = address.canonical();
                    if any_suppressed && is_suppressed(&tx, key, address).map_err(db)? {
                        if suppressed_here.contains(canonical)
                            || present.exists([canonical]).map_err(db)?
                        {
                            counts.present += 1;
                            told(Imported::Present {
                                line: row.line,
                                address: address.as_str(),
                            })?;
                        } else {
                            suppressed_here.insert(canonical.to_string());
                            counts.suppressed += 1;
                            told(Imported::Suppressed {
                                line: row.line,
                                address: address.as_str(),
                            })?;
                        }
                        continue;
                    }
                    let lang = row.lang.unwrap_or(options.default_lang);
                    let name = row.name.as_deref();
                    let proven = row.proof.and_then(|proof| proof.confirmed);
                    let status = if proven.is_some() || options.consent.is_some() {
                        Status::Confirmed
                    } else {
                        Status::Pending
                    };
                    let confirmed = status == Status::Confirmed;
                    // Not mailed yet: due until the mail went out, so an
                    // import that stops half way is resumed, not forgotten.
                    let handed_out = options.handed_out && !confirmed;
                    let inserted = insert
                        .execute(params![
                            address.as_str(),
                            canonical,
                            name,
                            lang,
                            status,
                            &now,
                            confirmed.then_some(&now),
                            handed_out.then_some(&now),
                        ])
                        .map_err(db)?;
                    if inserted == 0 {
                        counts.present += 1;
                        told(Imported::Present {
                            line: row.line,
                            address: address.as_str(),
                        })?;
                        continue;
                    }
                    let id = tx.last_insert_rowid();
                    let mut subscriber = Subscriber {
                        id,
                        address: address.as_str().to_string(),
                        canonical: canonical.to_string(),
                        name: name.map(str::to_string),
                        lang,
                        status,
                        created_at: options.now,
                        confirmed_at: confirmed.then_some(options.now),
                        unsubscribed_at: None,
                        confirmation_sent_at: handed_out.then_some(options.now),
                    };
                    if let Some(confirmed) = proven {
                        // The other tool's confirmation is the consent: the
                        // subscriber is confirmed since then, not since today.
                        set_status(&tx, id, Status::Confirmed, confirmed.at).map_err(db)?;
                        subscriber.confirmed_at = Some(confirmed.at);
                    }
                    if let Some(proof) = &row.proof {
                        // The log keeps its order: the events due before
                        // this row's first.
                        write_events(&tx, &mut events_due)?;
                        proof.append_steps(&tx, id).map_err(db)?;
                    }
                    if proven.is_none() {
                        events_due.push(id);
                        if events_due.len() == consent::EVENTS_AT_ONCE {
                            write_events(&tx, &mut events_due)?;
                        }
                    }
                    let token = if proven.is_some() || options.consent.is_some() {
                        None
                    } else {
                        let expires = options.now + options.policy.confirm_expiry;
                        Some(tokens::new_confirm_token(&tx, id, options.now, expires).map_err(db)?)
                    };
                    if let Some((first, last)) = row.name_parts {
                        parts_due.push((id, first, last));
                        if parts_due.len() == PARTS_AT_ONCE {
                            write_name_parts(&tx, &mut parts_due).map_err(db)?;
                        }
                    }
                    added.push((row.line, subscriber, token));
                }
                write_events(&tx, &mut events_due)?;
                write_name_parts(&tx, &mut parts_due).map_err(db)?;
            }
            tx.commit().map_err(db)?;
            counts.added += added.len() as u64;
            for (line, subscriber, token) in added.drain(..) {
                told(Imported::Added {
                    line,
                    subscriber,
                    token,
                })?;
            }
            if rows.peek().is_some() {
                // A writer waiting in its busy handler looks again every
                // few milliseconds (up to 100); without a gap the next
                // slice would take the lock before it ever looks.
                std::thread::sleep(IMPORT_PAUSE);
            }
        }
        Ok(counts)
    }

    pub fn find(&self, canonical: &str) -> Result<Option<Subscriber>, StoreError> {
        Ok(by_canonical(self.conn(), canonical)?)
    }

    /// First and last name apart, when an import had them so and the name
    /// is still the two joined (a later change of the name makes them stale).
    pub fn name_parts(
        &self,
        subscriber: &Subscriber,
    ) -> Result<Option<(String, String)>, StoreError> {
        let parts: Option<(String, String)> = self
            .conn()
            .prepare_cached("SELECT first, last FROM name_parts WHERE subscriber_id = ?1")?
            .query_row([subscriber.id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        Ok(parts.filter(|(first, last)| {
            let joined = [first.as_str(), last.as_str()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            subscriber.name.as_deref() == Some(joined.as_str())
        }))
    }

    pub fn subscriber(&self, id: i64) -> Result<Subscriber, StoreError> {
        Ok(by_id(self.conn(), id)?)
    }

    /// Calls `each` for every subscriber (of `status`, and who chose
    /// `interest`, when given), in the order they were added, without
    /// holding them all in memory.
    pub fn each_subscriber<E: From<StoreError>>(
        &self,
        status: Option<Status>,
        interest: Option<&str>,
        mut each: impl FnMut(Subscriber) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!(
            "SELECT {COLUMNS} FROM subscribers s WHERE (?1 IS NULL OR status = ?1)
             AND (?2 IS NULL OR EXISTS (SELECT 1 FROM subscriber_interests i
                                        WHERE i.subscriber_id = s.id AND i.interest = ?2))
             ORDER BY id"
        );
        let mut statement = self.conn().prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = statement
            .query(params![status, interest])
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            each(subscriber(row).map_err(StoreError::from)?)?;
        }
        Ok(())
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        let mut statement = self
            .conn()
            .prepare_cached("SELECT status, lang, count(*) FROM subscribers GROUP BY status, lang ORDER BY status, lang")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get::<_, i64>(2)? as u64))
        })?;
        let mut stats = Stats {
            rows: rows.collect::<Result<_, _>>()?,
        };
        stats.rows.sort();
        Ok(stats)
    }

    /// The subscriber's personal unsubscribe token, the same in every issue.
    pub fn unsubscribe_token(&self, key: &SecretKey, subscriber: i64) -> Result<Token, StoreError> {
        Ok(tokens::unsubscribe_token(
            self.conn(),
            key,
            subscriber,
            super::now(),
        )?)
    }
}

/// How many rows of first and last names one statement writes at most.
const PARTS_AT_ONCE: usize = 100;

/// Writes the first and last names of an import's new rows, many in one
/// statement: one statement a row costs more than the row.
fn write_name_parts(
    conn: &Connection,
    due: &mut Vec<(i64, String, String)>,
) -> rusqlite::Result<()> {
    use std::fmt::Write;
    if due.is_empty() {
        return Ok(());
    }
    let mut sql = String::from("INSERT INTO name_parts (subscriber_id, first, last) VALUES ");
    for n in 0..due.len() {
        let comma = if n == 0 { "" } else { ", " };
        let _ = write!(
            sql,
            "{comma}(?{}, ?{}, ?{})",
            3 * n + 1,
            3 * n + 2,
            3 * n + 3
        );
    }
    let values = due
        .iter()
        .flat_map(|(id, first, last)| [id as &dyn ToSql, first as &dyn ToSql, last as &dyn ToSql]);
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    due.clear();
    Ok(())
}

/// Adds a subscriber created `now` (and confirmed now, if `status` says so).
fn insert(
    conn: &Connection,
    address: &Address,
    name: Option<&str>,
    lang: Lang,
    status: Status,
    now: DateTime<Utc>,
    confirmation_sent_at: Option<DateTime<Utc>>,
) -> rusqlite::Result<Subscriber> {
    let confirmed_at = (status == Status::Confirmed).then_some(now);
    conn.prepare_cached(
        "INSERT INTO subscribers
             (address, canonical, name, lang, status, created_at, confirmed_at, confirmation_sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        address.as_str(),
        address.canonical(),
        name,
        lang,
        status,
        now,
        confirmed_at,
        confirmation_sent_at
    ])?;
    Ok(Subscriber {
        id: conn.last_insert_rowid(),
        address: address.as_str().to_string(),
        canonical: address.canonical().to_string(),
        name: name.map(str::to_string),
        lang,
        status,
        created_at: now,
        confirmed_at,
        unsubscribed_at: None,
        confirmation_sent_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Source;
    use crate::store::testing::store;

    fn key() -> SecretKey {
        SecretKey::from_hex(&"42".repeat(32), "test").unwrap()
    }

    fn policy() -> Policy {
        Policy {
            confirm_expiry: Duration::days(7),
            cooldown: Duration::minutes(15),
            consent_version: "v1".into(),
        }
    }

    fn ask(store: &mut Store, address: &str, now: DateTime<Utc>) -> Requested {
        let address = Address::parse(address).unwrap();
        let origin = Origin::client(
            Source::Form,
            "203.0.113.7".parse().unwrap(),
            Some("Test/1.0"),
        );
        store
            .request(
                &key(),
                &Request {
                    address: &address,
                    interests: &[],
                    name: Some("Anna"),
                    lang: Lang::DE,
                    origin: &origin,
                },
                &policy(),
                now,
            )
            .unwrap()
    }

    fn token_of(requested: Requested) -> (Subscriber, Token) {
        match requested {
            Requested::Mail { subscriber, token } => (subscriber, token),
            other => panic!("expected a mail, got {other:?}"),
        }
    }

    /// Issue 15, finding 1: a confirmation is due from the import until the
    /// server took it; a fresh token is made for the mail, and what was
    /// mailed, handed out or confirmed is no longer due.
    #[test]
    fn an_imported_confirmation_is_due_until_it_went_out() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let rows: Vec<ImportRow> = ["a@example.org", "b@example.org", "c@example.org"]
            .iter()
            .zip(2..)
            .map(|(address, line)| ImportRow {
                line,
                address: Address::parse(address).unwrap(),
                name: None,
                lang: None,
                name_parts: None,
                proof: None,
            })
            .collect();
        let summary = store
            .import(&key(), &rows, Lang::DE, None, &policy(), now)
            .unwrap();
        let ids: Vec<i64> = summary.added.iter().map(|(_, s, _)| s.id).collect();
        assert_eq!(store.due_confirmations().unwrap(), ids);

        let (a, token) = store
            .confirmation_to_mail(ids[0], &policy(), now)
            .unwrap()
            .expect("due");
        assert_eq!(a.address, "a@example.org");
        assert_ne!(
            Some(&token),
            summary.added[0].2.as_ref(),
            "a fresh token for the mail"
        );
        let origin = Origin::new(Source::Import);
        store
            .confirmation_sent(ids[0], &origin, "250 ok", now)
            .unwrap();
        store.confirmations_handed_out(&ids[1..2], now).unwrap();
        assert_eq!(store.due_confirmations().unwrap(), ids[2..]);
        assert_eq!(
            store.confirmation_to_mail(ids[0], &policy(), now).unwrap(),
            None,
            "mailed: no longer due"
        );
        store.confirmation_failed(ids[0]).unwrap();
        assert_eq!(
            store.due_confirmations().unwrap(),
            [ids[0], ids[2]],
            "a mail that failed is due again"
        );
    }

    #[test]
    fn double_opt_in_confirms_once_and_logs_both_steps() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let (pending, token) = token_of(ask(&mut store, "Anna@Example.org", now));
        assert_eq!(pending.status, Status::Pending);
        let link = Origin::client(
            Source::Link,
            "198.51.100.1".parse().unwrap(),
            Some("Browser"),
        );
        let confirmed = store.confirm(&token, &link, "v1", now).unwrap();
        let Confirmed::Now(subscriber) = confirmed else {
            panic!("{confirmed:?}")
        };
        assert_eq!(subscriber.status, Status::Confirmed);
        assert!(matches!(
            store.confirm(&token, &link, "v1", now).unwrap(),
            Confirmed::Already(_)
        ));
        let history = store.history(subscriber.id).unwrap();
        let kinds: Vec<_> = history.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, vec![EventKind::Requested, EventKind::Confirmed]);
        assert_eq!(history[0].ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(history[1].user_agent.as_deref(), Some("Browser"));
        assert_eq!(history[1].consent_version.as_deref(), Some("v1"));
    }

    #[test]
    fn a_second_request_within_the_cooldown_mails_nothing() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        token_of(ask(&mut store, "anna@example.org", now));
        assert!(matches!(
            ask(&mut store, "ANNA@example.org", now + Duration::minutes(5)),
            Requested::CoolingDown(_)
        ));
        token_of(ask(
            &mut store,
            "anna@example.org",
            now + Duration::minutes(16),
        ));
    }

    #[test]
    fn a_new_confirm_token_replaces_the_old_one() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let (_, first) = token_of(ask(&mut store, "anna@example.org", now));
        let (_, second) = token_of(ask(
            &mut store,
            "anna@example.org",
            now + Duration::hours(1),
        ));
        let origin = Origin::new(Source::Link);
        assert_eq!(
            store.confirm(&first, &origin, "v1", now).unwrap(),
            Confirmed::Unknown
        );
        assert!(matches!(
            store.confirm(&second, &origin, "v1", now).unwrap(),
            Confirmed::Now(_)
        ));
    }

    #[test]
    fn confirm_tokens_expire() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let (_, token) = token_of(ask(&mut store, "anna@example.org", now));
        let later = now + Duration::days(8);
        assert!(matches!(
            store
                .confirm(&token, &Origin::new(Source::Link), "v1", later)
                .unwrap(),
            Confirmed::Expired(_)
        ));
    }

    #[test]
    fn a_forged_token_is_unknown() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let (_, token) = token_of(ask(&mut store, "anna@example.org", now));
        // The right selector with a wrong verifier.
        let mut forged = token.as_str().to_string();
        forged.replace_range(20..21, if &forged[20..21] == "0" { "1" } else { "0" });
        let forged = Token::parse(&forged).unwrap();
        assert_eq!(
            store
                .confirm(&forged, &Origin::new(Source::Link), "v1", now)
                .unwrap(),
            Confirmed::Unknown
        );
    }

    #[test]
    fn a_confirm_link_brings_back_nobody_who_has_left() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let link = Origin::new(Source::Link);
        // Confirmed, then unsubscribed: the used link says they left.
        let (anna, used) = token_of(ask(&mut store, "anna@example.org", now));
        store.confirm(&used, &link, "v1", now).unwrap();
        let address = Address::parse("anna@example.org").unwrap();
        store
            .unsubscribe(&address, &Origin::new(Source::Cli), now)
            .unwrap();
        let outcome = store.confirm(&used, &link, "v1", now).unwrap();
        assert!(matches!(outcome, Confirmed::Left(_)), "{outcome:?}");
        // Unsubscribed while pending: the unused link confirms nothing.
        let (ben, fresh) = token_of(ask(&mut store, "ben@example.org", now));
        let address = Address::parse("ben@example.org").unwrap();
        store
            .unsubscribe(&address, &Origin::new(Source::Cli), now)
            .unwrap();
        let outcome = store.confirm(&fresh, &link, "v1", now).unwrap();
        assert!(matches!(outcome, Confirmed::Left(_)), "{outcome:?}");
        for id in [anna.id, ben.id] {
            assert_eq!(
                by_id(store.conn(), id).unwrap().status,
                Status::Unsubscribed
            );
        }
    }

    #[test]
    fn a_new_request_keeps_a_pending_subscribers_name_and_language() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        token_of(ask(&mut store, "anna@example.org", now));
        let address = Address::parse("anna@example.org").unwrap();
        let origin = Origin::new(Source::Form);
        let again = store
            .request(
                &key(),
                &Request {
                    address: &address,
                    interests: &[],
                    name: Some("Mallory"),
                    lang: Lang::EN,
                    origin: &origin,
                },
                &policy(),
                now + Duration::hours(1),
            )
            .unwrap();
        let (subscriber, _) = token_of(again);
        assert_eq!(subscriber.name.as_deref(), Some("Anna"));
        assert_eq!(subscriber.lang, Lang::DE);
    }

    #[test]
    fn unsubscribe_tokens_are_stable_and_unsubscribing_is_idempotent() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let (subscriber, token) = token_of(ask(&mut store, "anna@example.org", now));
        store
            .confirm(&token, &Origin::new(Source::Link), "v1", now)
            .unwrap();
        let first = store.unsubscribe_token(&key(), subscriber.id).unwrap();
        assert_eq!(
            first,
            store.unsubscribe_token(&key(), subscriber.id).unwrap()
        );
        // A confirm token cannot unsubscribe, nor an unsubscribe token confirm.
        let origin = Origin::new(Source::OneClick);
        assert_eq!(
            store.unsubscribe_by_token(&token, &origin, now).unwrap(),
            Unsubscribed::Unknown
        );
        assert!(matches!(
            store.unsubscribe_by_token(&first, &origin, now).unwrap(),
            Unsubscribed::Now(_)
        ));
        assert!(matches!(
            store.unsubscribe_by_token(&first, &origin, now).unwrap(),
            Unsubscribed::Already(_)
        ));
        let kinds: Vec<_> = store
            .history(subscriber.id)
            .unwrap()
            .iter()
            .map(|e| e.kind)
            .collect();
        assert_eq!(kinds.last(), Some(&EventKind::Unsubscribed));
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == EventKind::Unsubscribed)
                .count(),
            1
        );
    }

    #[test]
    fn a_forgotten_address_leaves_only_its_hash_and_cannot_be_imported_again() {
        let (dir, mut store) = store();
        let now = crate::store::now();
        token_of(ask(&mut store, "anna@example.org", now));
        let anna = Address::parse("Anna@example.org").unwrap();
        assert!(store.forget(&key(), &anna, now).unwrap());
        assert_eq!(store.find("anna@example.org").unwrap(), None);
        let raw = std::fs::read(dir.path().join("test.sqlite3")).unwrap();
        assert!(
            !raw.windows(4).any(|w| w == b"anna"),
            "the address is still in the file"
        );
        let rows = vec![ImportRow {
            line: 2,
            address: anna.clone(),
            name: None,
            name_parts: None,
            lang: None,
            proof: None,
        }];
        let summary = store
            .import(&key(), &rows, Lang::DE, None, &policy(), now)
            .unwrap();
        assert_eq!(
            summary.suppressed,
            vec![(2, "Anna@example.org".to_string())]
        );
        assert!(summary.added.is_empty());
        // Through the form, the person themselves may come back.
        token_of(ask(&mut store, "anna@example.org", now));
    }

    #[test]
    fn an_import_skips_duplicates_within_the_file_and_in_the_database() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        token_of(ask(&mut store, "bereits@example.org", now));
        let row = |line, address: &str| ImportRow {
            line,
            address: Address::parse(address).unwrap(),
            name: None,
            name_parts: None,
            lang: Some(Lang::EN),
            proof: None,
        };
        let rows = vec![
            row(2, "neu@example.org"),
            row(3, "NEU@example.org"),
            row(4, "bereits@example.org"),
        ];
        let summary = store
            .import(
                &key(),
                &rows,
                Lang::DE,
                Some("Einwilligung auf Papier, Tag der Städtepartnerschaften 2026"),
                &policy(),
                now,
            )
            .unwrap();
        assert_eq!(summary.added.len(), 1);
        assert_eq!(summary.added[0].1.status, Status::Confirmed);
        assert_eq!(summary.added[0].1.lang, Lang::EN);
        assert!(summary.added[0].2.is_none());
        assert_eq!(
            summary.present.iter().map(|(l, _)| *l).collect::<Vec<_>>(),
            vec![3, 4]
        );
        let history = store.history(summary.added[0].1.id).unwrap();
        assert_eq!(history[0].kind, EventKind::ConsentImported);
        assert_eq!(
            history[0].detail.as_deref(),
            Some("Einwilligung auf Papier, Tag der Städtepartnerschaften 2026")
        );
    }

    #[test]
    fn an_imported_proof_of_opt_in_becomes_events_at_their_original_times() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let at = |text: &str| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
                .unwrap()
                .and_utc()
        };
        let step = |time: &str, ip: &str| ConsentStep {
            at: at(time),
            ip: Some(ip.parse().unwrap()),
        };
        let row = |line, address: &str, confirmed: Option<ConsentStep>| ImportRow {
            line,
            address: Address::parse(address).unwrap(),
            name: Some("Anna Schmidt".into()),
            name_parts: Some(("Anna".into(), "Schmidt".into())),
            lang: None,
            proof: Some(ImportedConsent {
                tool: Tool::Mailchimp,
                requested: Some(step("2023-04-05 10:11:12", "203.0.113.7")),
                confirmed,
            }),
        };
        let rows = vec![
            row(
                2,
                "bewiesen@example.org",
                Some(step("2023-04-05 10:14:40", "198.51.100.23")),
            ),
            row(3, "offen@example.org", None),
        ];
        let summary = store
            .import(&key(), &rows, Lang::DE, None, &policy(), now)
            .unwrap();
        let (_, proven, token) = &summary.added[0];
        assert_eq!(proven.status, Status::Confirmed);
        assert!(token.is_none());
        let stored = store.subscriber(proven.id).unwrap();
        assert_eq!(stored.confirmed_at, Some(at("2023-04-05 10:14:40")));
        assert_eq!(
            store.name_parts(&stored).unwrap(),
            Some(("Anna".into(), "Schmidt".into()))
        );
        let history = store.history(proven.id).unwrap();
        let seen: Vec<_> = history
            .iter()
            .map(|e| (e.kind, e.at, e.source, e.ip.as_deref(), e.detail.as_deref()))
            .collect();
        assert_eq!(
            seen,
            vec![
                (
                    EventKind::Requested,
                    at("2023-04-05 10:11:12"),
                    Source::Import,
                    Some("203.0.113.7"),
                    Some("imported from Mailchimp export")
                ),
                (
                    EventKind::Confirmed,
                    at("2023-04-05 10:14:40"),
                    Source::Import,
                    Some("198.51.100.23"),
                    Some("imported from Mailchimp export")
                ),
            ]
        );
        // Without a confirmation the usual rule holds: pending, with a token.
        let (_, open, token) = &summary.added[1];
        assert_eq!(open.status, Status::Pending);
        assert!(token.is_some());
        let kinds: Vec<_> = store
            .history(open.id)
            .unwrap()
            .iter()
            .map(|e| (e.kind, e.detail.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (
                    EventKind::Requested,
                    Some("imported from Mailchimp export".into())
                ),
                (EventKind::Requested, None),
            ]
        );
    }

    #[test]
    fn name_parts_that_no_longer_make_the_name_are_not_given() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let rows = vec![ImportRow {
            line: 2,
            address: Address::parse("anna@example.org").unwrap(),
            name: Some("Anna".into()),
            name_parts: Some(("Anna".into(), String::new())),
            lang: None,
            proof: None,
        }];
        let summary = store
            .import(&key(), &rows, Lang::DE, Some("paper"), &policy(), now)
            .unwrap();
        let mut anna = summary.added[0].1.clone();
        assert_eq!(
            store.name_parts(&anna).unwrap(),
            Some(("Anna".into(), String::new()))
        );
        anna.name = Some("Anna Weber".into());
        assert_eq!(store.name_parts(&anna).unwrap(), None);
    }

    #[test]
    fn stats_count_per_state_and_language() {
        let (_dir, mut store) = store();
        let now = crate::store::now();
        let (_, token) = token_of(ask(&mut store, "a@example.org", now));
        token_of(ask(&mut store, "b@example.org", now));
        store
            .confirm(&token, &Origin::new(Source::Link), "v1", now)
            .unwrap();
        let stats = store.stats().unwrap();
        assert_eq!(
            stats.rows,
            vec![
                (Status::Pending, Lang::DE, 1),
                (Status::Confirmed, Lang::DE, 1)
            ]
        );
        assert_eq!(stats.total(), 2);
    }
}
