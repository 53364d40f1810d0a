//! The delivery journal: a send first freezes its recipients, one row per
//! issue and subscriber; a row is marked sent only after the SMTP server
//! accepted the message, so a send that stops anywhere resumes exactly.

use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::{OptionalExtension, params};

use super::consent::{self, EventKind, Origin, Source, text_enum};
use super::subscribers::{Status, Subscriber};
use super::tokens::{self, Purpose, Token};
use super::{Store, StoreError};
use crate::content::Audience;
use crate::locale::Lang;
use crate::secret::{self, SecretKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeliveryState {
    Queued,
    Sent,
    FailedTemporarily,
    FailedPermanently,
    /// The subscriber left (unsubscribed, bounced) after the freeze.
    Skipped,
}

text_enum!(DeliveryState {
    Queued => "queued",
    Sent => "sent",
    FailedTemporarily => "failed-temporarily",
    FailedPermanently => "failed-permanently",
    Skipped => "skipped",
});

/// The recipient list of an issue, frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frozen {
    pub recipients: u64,
    pub frozen_at: DateTime<Utc>,
    /// `false` when an earlier `send` froze it: this one resumes.
    pub now: bool,
}

/// A journal row still to deliver, with what the message needs.
#[derive(Debug, Clone)]
pub struct Pending {
    pub subscriber: i64,
    pub address: String,
    pub name: Option<String>,
    pub lang: Lang,
    /// The subscriber's state now, which may have changed since the freeze.
    pub status: Status,
    pub message_id: String,
    pub unsubscribe: Token,
    /// Opens the reader's preferences page.
    pub preferences: Token,
    /// Tries so far, over every send.
    pub attempts: u32,
    /// When the row last changed: for a deferred row, its last try.
    pub updated_at: Option<DateTime<Utc>>,
}

/// A deferred row's history, from which a send tells when it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deferral {
    pub attempts: u32,
    pub updated_at: Option<DateTime<Utc>>,
}

/// What became of one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Sent {
        subscriber: i64,
        reply: String,
        attempts: u32,
    },
    /// `bounce`: the server refused the recipient for good (5xx to RCPT).
    Failed {
        subscriber: i64,
        reply: String,
        attempts: u32,
        permanent: bool,
        bounce: bool,
    },
    Skipped {
        subscriber: i64,
    },
}

/// Everything `status` reports about an issue's send.
#[derive(Debug, Default)]
pub struct SendReport {
    pub frozen_at: Option<DateTime<Utc>>,
    pub counts: Vec<(DeliveryState, u64)>,
    pub first_sent: Option<DateTime<Utc>>,
    pub last_sent: Option<DateTime<Utc>>,
    /// The most common last replies of failed deliveries, with their count.
    pub replies: Vec<(String, u64)>,
    /// Addresses that failed permanently, with the server's reply.
    pub permanent: Vec<(String, String)>,
}

impl SendReport {
    pub fn count(&self, state: DeliveryState) -> u64 {
        self.counts
            .iter()
            .find(|(s, _)| *s == state)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> u64 {
        self.counts.iter().map(|(_, n)| n).sum()
    }

    /// Messages per second between the first and the last accepted message.
    pub fn rate(&self) -> Option<f64> {
        let (first, last) = (self.first_sent?, self.last_sent?);
        let seconds = (last - first).num_milliseconds() as f64 / 1000.0;
        (seconds > 0.0)
            .then(|| (self.count(DeliveryState::Sent).saturating_sub(1)) as f64 / seconds)
    }
}

/// The shape of every Message-ID rundbrief writes, without angle brackets:
/// `rundbrief.<issue, lower case>.<what>@<the sender's domain>`, where
/// `what` tells the messages of one issue apart.
pub fn message_id_of(issue: &str, what: &str, domain: &str) -> String {
    format!("rundbrief.{}.{what}@{domain}", issue.to_ascii_lowercase())
}

/// A stable Message-ID for one issue and subscriber: the same on every retry.
fn message_id(key: &SecretKey, issue: &str, subscriber: i64, domain: &str) -> String {
    // Unique per issue and subscriber without naming the row: the MAC of both.
    let mac = key.mac("message-id", format!("{issue}/{subscriber}").as_bytes());
    message_id_of(issue, &secret::hex(&mac[..12]), domain)
}

/// The confirmed subscribers `s` in an audience, given
/// [`audience_params`]: of its languages (any, when none are named), and
/// with one of its interests or none at all (a reader who chose nothing
/// wants everything).
const IN_AUDIENCE: &str = "s.status = 'confirmed'
    AND (?1 = '' OR instr(?1, ',' || s.lang || ',') > 0)
    AND (?2 = ''
        OR NOT EXISTS (SELECT 1 FROM subscriber_interests i WHERE i.subscriber_id = s.id)
        OR EXISTS (SELECT 1 FROM subscriber_interests i
                   WHERE i.subscriber_id = s.id AND instr(?2, ',' || i.interest || ',') > 0))";

/// The freeze's page cache, in KB: enough for a fifth of its time, little
/// enough that a million recipients are frozen in under 64 MB.
const FREEZE_CACHE_KB: i64 = 20_000;

/// The SQL function the freeze's statement makes message ids with.
const MESSAGE_ID_FUNCTION: &str = "rundbrief_message_id";

/// `,de,en,` and `,polen,jugend,`, or empty for "any": language codes and
/// interests are slugs, which never hold a comma.
fn audience_params(audience: &Audience) -> [String; 2] {
    let listed = |items: Vec<&str>| {
        if items.is_empty() {
            String::new()
        } else {
            format!(",{},", items.join(","))
        }
    };
    [
        listed(audience.languages.iter().map(Lang::code).collect()),
        listed(audience.interests.iter().map(String::as_str).collect()),
    ]
}

impl Store {
    /// The connection a send records its deliveries on. It never waits
    /// inside SQLite for another writer, so that no thread sleeps on it:
    /// `record_deliveries` answers busy at once and the send waits its
    /// own way. It leaves checkpoints to [`Store::checkpoint`], so that
    /// their writes and syncs are not on the way of the messages.
    pub fn open_for_journal(path: &std::path::Path) -> Result<Store, StoreError> {
        let store = Store::open(path)?;
        store.conn.busy_timeout(std::time::Duration::ZERO)?;
        store.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(store)
    }

    /// Copies what the write-ahead log holds into the database as far as
    /// no reader still needs it, without waiting for anyone (SQLite's
    /// passive checkpoint), so that the log of a long send stays short.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }
    /// Freezes the confirmed subscribers as the recipients of `issue`, once;
    /// a later call finds the frozen list and resumes it.
    pub fn freeze(
        &mut self,
        key: &SecretKey,
        issue: &str,
        audience: &Audience,
        domain: &str,
        now: DateTime<Utc>,
    ) -> Result<Frozen, StoreError> {
        // Like an import, a first freeze writes three rows a recipient into
        // indexes in random order (message ids, token selectors): a page
        // cache of 20 MB for the moment saves a fifth of its time. The
        // selectors drawn for new tokens wait in a temporary table, on
        // disk rather than in memory (a million would take 40 MB).
        self.conn
            .pragma_update(None, "cache_size", -FREEZE_CACHE_KB)?;
        self.conn.pragma_update(None, "temp_store", "FILE")?;
        let frozen = self.freeze_once(key, issue, audience, domain, now);
        self.conn.pragma_update(None, "temp_store", "DEFAULT")?;
        self.conn.pragma_update(None, "cache_size", -2_000)?;
        frozen
    }

    fn freeze_once(
        &mut self,
        key: &SecretKey,
        issue: &str,
        audience: &Audience,
        domain: &str,
        now: DateTime<Utc>,
    ) -> Result<Frozen, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let existing: Option<(DateTime<Utc>, i64)> = tx
            .prepare_cached("SELECT frozen_at, recipients FROM sends WHERE issue = ?1")?
            .query_row([issue], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        if let Some((frozen_at, recipients)) = existing {
            return Ok(Frozen {
                recipients: recipients as u64,
                frozen_at,
                now: false,
            });
        }
        // The count is known at the end; the row comes first, as the
        // deliveries refer to it.
        tx.prepare_cached(
            "INSERT INTO sends (issue, frozen_at, recipients, audience) VALUES (?1, ?2, 0, ?3)",
        )?
        .execute(params![issue, now, audience.describe()])?;
        let [languages, interests] = audience_params(audience);
        // The whole audience in one statement, inside SQLite: a million
        // recipients in the memory of its page cache, and no call into it
        // per row. The message id is the row's MAC, lent to SQLite for it.
        let (mac_key, mac_issue, mac_domain) = (key.clone(), issue.to_string(), domain.to_string());
        tx.create_scalar_function(
            MESSAGE_ID_FUNCTION,
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            move |row| Ok(message_id(&mac_key, &mac_issue, row.get(0)?, &mac_domain)),
        )?;
        // In the order of the ids, without the index by state, which would
        // sort the whole audience.
        let inserted = tx
            .prepare(&format!(
                "INSERT INTO deliveries (issue, subscriber_id, lang, state, message_id, queued_at)
                 SELECT ?3, s.id, s.lang, 'queued', {MESSAGE_ID_FUNCTION}(s.id), ?4
                 FROM subscribers s NOT INDEXED WHERE {IN_AUDIENCE} ORDER BY s.id"
            ))?
            .execute(params![languages, interests, issue, now]);
        tx.remove_function(MESSAGE_ID_FUNCTION, 1)?;
        let recipients = inserted? as u64;
        // Every recipient needs a personal unsubscribe and preferences
        // link; make them now, so that delivering only reads.
        for purpose in [Purpose::Unsubscribe, Purpose::Preferences] {
            tokens::make_missing_derived(&tx, key, issue, purpose, now)?;
        }
        tx.prepare_cached("UPDATE sends SET recipients = ?2 WHERE issue = ?1")?
            .execute(params![issue, recipients as i64])?;
        tx.commit()?;
        Ok(Frozen {
            recipients,
            frozen_at: now,
            now: true,
        })
    }

    /// Whether `issue` was frozen, and when.
    pub fn frozen(&self, issue: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT frozen_at FROM sends WHERE issue = ?1")?
            .query_row([issue], |row| row.get(0))
            .optional()?)
    }

    /// Up to `limit` rows in `state` (queued or failed-temporarily), after
    /// subscriber `after`.
    pub fn pending_deliveries(
        &self,
        key: &SecretKey,
        issue: &str,
        state: DeliveryState,
        after: i64,
        limit: usize,
    ) -> Result<Vec<Pending>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT d.subscriber_id, s.address, s.name, d.lang, s.status, d.message_id, t.selector,
                    d.attempts, d.updated_at, p.selector
             FROM deliveries d
             JOIN subscribers s ON s.id = d.subscriber_id
             LEFT JOIN tokens t ON t.subscriber_id = d.subscriber_id AND t.purpose = 'unsubscribe'
             LEFT JOIN tokens p ON p.subscriber_id = d.subscriber_id AND p.purpose = 'preferences'
             WHERE d.issue = ?1 AND d.state = ?2 AND d.subscriber_id > ?3
             ORDER BY d.subscriber_id
             LIMIT ?4",
        )?;
        let rows = statement.query_map(params![issue, state, after, limit as i64], |row| {
            Ok((
                (
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, Option<String>>(2)?,
                    row.get::<_, Lang>(3)?,
                    row.get::<_, Status>(4)?,
                ),
                (
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, u32>(7)?,
                    row.get::<_, Option<DateTime<Utc>>>(8)?,
                    row.get::<_, Option<String>>(9)?,
                ),
            ))
        })?;
        let mut pending = Vec::new();
        for row in rows {
            let (
                (subscriber, address, name, lang, status),
                (message_id, selector, attempts, updated_at, preferences),
            ) = row?;
            let preferences = match preferences {
                Some(selector) => tokens::derived_of_selector(key, Purpose::Preferences, &selector),
                None => tokens::derived_token(
                    self.conn(),
                    key,
                    subscriber,
                    Purpose::Preferences,
                    super::now(),
                )?,
            };
            let unsubscribe = match selector {
                Some(selector) => tokens::unsubscribe_of_selector(key, &selector),
                // Frozen before every recipient got a token: make it now.
                None => tokens::unsubscribe_token(self.conn(), key, subscriber, super::now())?,
            };
            pending.push(Pending {
                subscriber,
                address,
                name,
                lang,
                status,
                message_id,
                unsubscribe,
                preferences,
                attempts,
                updated_at,
            });
        }
        Ok(pending)
    }

    /// Every failed-temporarily row of `issue`: what a send needs to tell
    /// which are due.
    pub fn deferrals(&self, issue: &str) -> Result<Vec<Deferral>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached(
                "SELECT attempts, updated_at FROM deliveries WHERE issue = ?1 AND state = 'failed-temporarily'",
            )?
            .query_map([issue], |row| {
                Ok(Deferral {
                    attempts: row.get(0)?,
                    updated_at: row.get(1)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Writes outcomes in one transaction: the group commit of a send.
    pub fn record_deliveries(
        &mut self,
        issue: &str,
        outcomes: &[Outcome],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        {
            let mut update = tx.prepare_cached(
                "UPDATE deliveries SET state = ?3, attempts = attempts + ?4, last_reply = ?5, updated_at = ?6,
                     sent_at = CASE WHEN ?3 = 'sent' THEN ?6 ELSE sent_at END
                 WHERE issue = ?1 AND subscriber_id = ?2",
            )?;
            let smtp = Origin::new(Source::Smtp);
            for outcome in outcomes {
                match outcome {
                    Outcome::Sent {
                        subscriber,
                        reply,
                        attempts,
                    } => {
                        update.execute(params![
                            issue,
                            subscriber,
                            DeliveryState::Sent,
                            attempts,
                            reply,
                            now
                        ])?;
                    }
                    Outcome::Failed {
                        subscriber,
                        reply,
                        attempts,
                        permanent,
                        bounce,
                    } => {
                        let state = if *permanent {
                            DeliveryState::FailedPermanently
                        } else {
                            DeliveryState::FailedTemporarily
                        };
                        update.execute(params![issue, subscriber, state, attempts, reply, now])?;
                        if *bounce {
                            tx.prepare_cached(
                                "UPDATE subscribers SET status = 'bounced' WHERE id = ?1",
                            )?
                            .execute([subscriber])?;
                            let detail = format!("{issue}: {reply}");
                            consent::append(
                                &tx,
                                *subscriber,
                                EventKind::Bounced,
                                now,
                                &smtp,
                                None,
                                Some(&detail),
                            )?;
                        }
                    }
                    Outcome::Skipped { subscriber } => {
                        update.execute(params![
                            issue,
                            subscriber,
                            DeliveryState::Skipped,
                            0,
                            None::<String>,
                            now
                        ])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Who a send to `audience` would reach now, per language.
    pub fn audience(&self, audience: &Audience) -> Result<Vec<(Lang, u64)>, StoreError> {
        let mut statement = self.conn().prepare_cached(&format!(
            "SELECT lang, count(*) FROM subscribers s WHERE {IN_AUDIENCE} GROUP BY lang ORDER BY lang"
        ))?;
        let rows = statement.query_map(audience_params(audience), |row| {
            Ok((row.get(0)?, row.get::<_, i64>(1)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `each` for every reader a send to `audience` would reach now.
    pub fn each_in_audience<E: From<StoreError>>(
        &self,
        audience: &Audience,
        mut each: impl FnMut(Subscriber) -> Result<(), E>,
    ) -> Result<(), E> {
        let sql = format!("SELECT id FROM subscribers s WHERE {IN_AUDIENCE} ORDER BY id");
        let mut statement = self.conn().prepare_cached(&sql).map_err(StoreError::from)?;
        let mut rows = statement
            .query(audience_params(audience))
            .map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let id: i64 = row.get(0).map_err(StoreError::from)?;
            each(self.subscriber(id)?)?;
        }
        Ok(())
    }

    /// The audience a frozen send was meant for, as it was recorded.
    pub fn frozen_audience(&self, issue: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT audience FROM sends WHERE issue = ?1")?
            .query_row([issue], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// The journal of `issue`, summed up.
    pub fn send_report(&self, issue: &str) -> Result<SendReport, StoreError> {
        let conn = self.conn();
        let mut report = SendReport {
            frozen_at: self.frozen(issue)?,
            ..SendReport::default()
        };
        report.counts = conn
            .prepare_cached("SELECT state, count(*) FROM deliveries WHERE issue = ?1 GROUP BY state ORDER BY state")?
            .query_map([issue], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))?
            .collect::<Result<_, _>>()?;
        report.counts.sort();
        (report.first_sent, report.last_sent) = conn
            .prepare_cached("SELECT min(sent_at), max(sent_at) FROM deliveries WHERE issue = ?1 AND state = 'sent'")?
            .query_row([issue], |row| Ok((row.get(0)?, row.get(1)?)))?;
        report.replies = conn
            .prepare_cached(
                "SELECT last_reply, count(*) AS n FROM deliveries
                 WHERE issue = ?1 AND state IN ('failed-temporarily', 'failed-permanently') AND last_reply IS NOT NULL
                 GROUP BY last_reply ORDER BY n DESC, last_reply LIMIT 5",
            )?
            .query_map([issue], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))?
            .collect::<Result<_, _>>()?;
        report.permanent = conn
            .prepare_cached(
                "SELECT s.address, coalesce(d.last_reply, '') FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
                 WHERE d.issue = ?1 AND d.state = 'failed-permanently' ORDER BY s.address",
            )?
            .query_map([issue], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(report)
    }
}

impl Store {
    /// The issue whose send began last, as it was named then; `None`
    /// before the first send.
    pub fn latest_send(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT issue FROM sends ORDER BY frozen_at DESC, rowid DESC LIMIT 1")?
            .query_row([], |row| row.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::Address;
    use crate::store::testing::store;
    use crate::store::{ImportRow, Policy};

    fn key() -> SecretKey {
        SecretKey::from_hex(&"42".repeat(32), "test").unwrap()
    }

    fn confirmed(store: &mut Store, addresses: &[&str]) {
        let rows: Vec<ImportRow> = addresses
            .iter()
            .enumerate()
            .map(|(n, a)| ImportRow {
                line: n as u64 + 2,
                address: Address::parse(a).unwrap(),
                name: None,
                name_parts: None,
                lang: None,
                proof: None,
            })
            .collect();
        let policy = Policy {
            confirm_expiry: chrono::Duration::days(7),
            cooldown: chrono::Duration::minutes(15),
            consent_version: "1".into(),
        };
        store
            .import(
                &key(),
                &rows,
                Lang::DE,
                Some("test"),
                &policy,
                crate::store::now(),
            )
            .unwrap();
    }

    #[test]
    fn the_recipient_list_is_frozen_once_and_resumes_where_it_stopped() {
        let (_dir, mut store) = store();
        confirmed(
            &mut store,
            &["a@example.org", "b@example.org", "c@example.org"],
        );
        let now = crate::store::now();
        let frozen = store
            .freeze(
                &key(),
                "2026-Q4",
                &crate::content::Audience::default(),
                "example.org",
                now,
            )
            .unwrap();
        assert_eq!((frozen.recipients, frozen.now), (3, true));
        // A subscriber who confirms after the freeze waits for the next issue.
        confirmed(&mut store, &["late@example.org"]);
        let again = store
            .freeze(
                &key(),
                "2026-Q4",
                &crate::content::Audience::default(),
                "example.org",
                now,
            )
            .unwrap();
        assert_eq!((again.recipients, again.now), (3, false));

        let pending = store
            .pending_deliveries(&key(), "2026-Q4", DeliveryState::Queued, 0, 10)
            .unwrap();
        assert_eq!(pending.len(), 3);
        let outcome = Outcome::Sent {
            subscriber: pending[0].subscriber,
            reply: "250 OK".into(),
            attempts: 1,
        };
        store.record_deliveries("2026-Q4", &[outcome], now).unwrap();
        let left = store
            .pending_deliveries(&key(), "2026-Q4", DeliveryState::Queued, 0, 10)
            .unwrap();
        assert_eq!(left.len(), 2);
        assert_eq!(
            left[0].message_id, pending[1].message_id,
            "Message-IDs are stable"
        );
        assert_eq!(
            store
                .send_report("2026-Q4")
                .unwrap()
                .count(DeliveryState::Sent),
            1
        );
    }

    #[test]
    fn the_freeze_gives_each_recipient_links_that_work_and_keeps_those_they_had() {
        let (_dir, mut store) = store();
        confirmed(&mut store, &["a@example.org", "b@example.org"]);
        let audience = crate::content::Audience::default();
        let now = crate::store::now();
        // b opened their preferences page before: that link stays theirs.
        let ids: Vec<i64> = store
            .conn()
            .prepare("SELECT id FROM subscribers ORDER BY id")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let had = store.preferences_token(&key(), ids[1]).unwrap();

        let rows = |store: &Store, issue: &str| {
            store
                .pending_deliveries(&key(), issue, DeliveryState::Queued, 0, 10)
                .unwrap()
        };
        store
            .freeze(&key(), "2026-Q3", &audience, "example.org", now)
            .unwrap();
        let first = rows(&store, "2026-Q3");
        assert_eq!(first.len(), 2);
        assert_eq!(first[1].preferences, had);
        assert_ne!(first[0].unsubscribe, first[1].unsubscribe);
        assert_ne!(first[0].preferences, first[1].preferences);
        for row in &first {
            let reader = store.by_preferences_token(&row.preferences).unwrap();
            assert_eq!(reader.map(|s| s.id), Some(row.subscriber));
        }
        // The next issue prints the same links.
        store
            .freeze(&key(), "2026-Q4", &audience, "example.org", now)
            .unwrap();
        let second = rows(&store, "2026-Q4");
        for (one, two) in first.iter().zip(&second) {
            assert_eq!(one.unsubscribe, two.unsubscribe);
            assert_eq!(one.preferences, two.preferences);
            assert_ne!(one.message_id, two.message_id);
        }
        let unsubscribed = store
            .unsubscribe_by_token(&second[0].unsubscribe, &Origin::new(Source::Link), now)
            .unwrap();
        assert!(!matches!(unsubscribed, crate::store::Unsubscribed::Unknown));
    }

    #[test]
    fn a_permanent_refusal_bounces_the_subscriber_with_a_logged_event() {
        let (_dir, mut store) = store();
        confirmed(&mut store, &["gone@example.org"]);
        let now = crate::store::now();
        store
            .freeze(
                &key(),
                "2026-Q4",
                &crate::content::Audience::default(),
                "example.org",
                now,
            )
            .unwrap();
        let id = store
            .pending_deliveries(&key(), "2026-Q4", DeliveryState::Queued, 0, 1)
            .unwrap()[0]
            .subscriber;
        let failed = Outcome::Failed {
            subscriber: id,
            reply: "550 5.1.1 no such user".into(),
            attempts: 1,
            permanent: true,
            bounce: true,
        };
        store.record_deliveries("2026-Q4", &[failed], now).unwrap();
        assert_eq!(store.subscriber(id).unwrap().status, Status::Bounced);
        let history = store.history(id).unwrap();
        assert_eq!(history.last().unwrap().kind, EventKind::Bounced);
        let report = store.send_report("2026-Q4").unwrap();
        assert_eq!(
            report.permanent,
            vec![("gone@example.org".into(), "550 5.1.1 no such user".into())]
        );
        assert!(
            store
                .pending_deliveries(&key(), "2026-Q4", DeliveryState::Queued, 0, 10)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn deferred_rows_are_read_apart_from_queued_ones_with_their_history() {
        let (_dir, mut store) = store();
        confirmed(&mut store, &["a@example.org", "b@example.org"]);
        let frozen_at = crate::store::now();
        store
            .freeze(
                &key(),
                "2026-Q4",
                &crate::content::Audience::default(),
                "example.org",
                frozen_at,
            )
            .unwrap();
        let queued = |store: &Store, state| {
            store
                .pending_deliveries(&key(), "2026-Q4", state, 0, 10)
                .unwrap()
        };
        let first = queued(&store, DeliveryState::Queued)[0].subscriber;
        let deferred_at = frozen_at + chrono::Duration::minutes(5);
        for attempts in [1, 2] {
            let later = Outcome::Failed {
                subscriber: first,
                reply: "451 4.2.2 mailbox full".into(),
                attempts,
                permanent: false,
                bounce: false,
            };
            store
                .record_deliveries("2026-Q4", &[later], deferred_at)
                .unwrap();
        }
        let waiting = queued(&store, DeliveryState::FailedTemporarily);
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].subscriber, first);
        assert_eq!(
            (waiting[0].attempts, waiting[0].updated_at),
            (3, Some(deferred_at)),
            "tries add up over the sends"
        );
        let left = queued(&store, DeliveryState::Queued);
        assert_eq!(left.len(), 1);
        assert_eq!((left[0].attempts, left[0].updated_at), (0, None));
        assert_eq!(
            store.deferrals("2026-Q4").unwrap(),
            [Deferral {
                attempts: 3,
                updated_at: Some(deferred_at)
            }]
        );
    }

    #[test]
    fn message_ids_are_stable_and_distinct() {
        let a = message_id(&key(), "2026-Q4", 1, "example.org");
        assert_eq!(a, message_id(&key(), "2026-Q4", 1, "example.org"));
        assert_ne!(a, message_id(&key(), "2026-Q4", 2, "example.org"));
        assert_ne!(a, message_id(&key(), "2027-Q1", 1, "example.org"));
        // Issue 10: a Message-ID names no database row.
        let what = a
            .strip_prefix("rundbrief.2026-q4.")
            .and_then(|rest| rest.strip_suffix("@example.org"))
            .unwrap_or_else(|| panic!("{a}"));
        assert_eq!(what.len(), 24, "{a}");
        assert!(what.bytes().all(|b| b.is_ascii_hexdigit()), "{a}");
    }
}
