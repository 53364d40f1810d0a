//! What came back to the return mailbox and what it changed: each mail
//! `rundbrief inbox` acted on is kept under its key (the report's
//! Message-ID), so a second run changes nothing; a bounce, a complaint or a
//! mailed unsubscribe changes the subscriber's state with a consent event
//! that cites the report; temporary failures are counted per issue until
//! enough different sends make the address bounced.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::consent::{self, EventKind, Origin, Source, text_enum};
use super::subscribers::{Status, by_id, set_status, suppress};
use super::tokens::{self, ReturnPurpose, ReturnTag};
use super::{Store, StoreError};
use crate::secret::SecretKey;

/// What one returned mail was, as far as the list is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnKind {
    /// A permanent failure (5.x.x): the address is dead.
    Bounce,
    /// A temporary failure (4.x.x) the relay gave up on: counted.
    SoftBounce,
    /// The reader pressed "spam".
    Complaint,
    /// A mail client's List-Unsubscribe mail.
    Unsubscribe,
    /// Out of office and the like: never a bounce.
    AutoReply,
    /// A warning that delivery is still being tried.
    Delay,
}

text_enum!(ReturnKind {
    Bounce => "bounce",
    SoftBounce => "soft-bounce",
    Complaint => "complaint",
    Unsubscribe => "unsubscribe",
    AutoReply => "auto-reply",
    Delay => "delay",
});

impl ReturnKind {
    /// The state a mail of this kind moves its subscriber to; a temporary
    /// failure only once enough of them have come back.
    pub fn target(self) -> Option<Status> {
        match self {
            ReturnKind::Bounce => Some(Status::Bounced),
            ReturnKind::Complaint => Some(Status::Complained),
            ReturnKind::Unsubscribe => Some(Status::Unsubscribed),
            ReturnKind::SoftBounce | ReturnKind::AutoReply | ReturnKind::Delay => None,
        }
    }
}

/// One returned mail, matched to a subscriber where it could be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    /// What tells this mail apart from every other: its Message-ID.
    pub key: String,
    pub kind: ReturnKind,
    pub subscriber: Option<i64>,
    /// The issue (lower case) or `confirm` the report is about, if known.
    pub mail: Option<String>,
    /// The enhanced status code, `5.1.1`.
    pub status: Option<String>,
    /// What the consent event cites: the report, the code and the server's words.
    pub detail: String,
}

/// What recording a returned mail did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// This mail was processed before: nothing changed.
    AlreadyProcessed,
    /// The subscriber's state changed.
    Changed { from: Status, to: Status },
    /// Recorded; the subscriber's state stays (already there, or a state a
    /// report cannot change, or nobody to change).
    Recorded,
    /// A temporary failure counted: `sends` different sends so far.
    Counted { sends: u32 },
}

/// One returned mail as `status` and `subscribers show` list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedRow {
    pub at: DateTime<Utc>,
    pub kind: ReturnKind,
    pub address: Option<String>,
    pub mail: Option<String>,
    pub status: Option<String>,
    pub detail: Option<String>,
}

impl Store {
    /// Whether a mail with this key was processed before.
    pub fn was_returned(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM returned_mail WHERE key = ?1")?
            .exists([key])?)
    }

    /// The subscriber a return tag names, and for what; `None` for an
    /// unknown or forged tag.
    pub fn resolve_return_tag(
        &self,
        key: &SecretKey,
        tag: &ReturnTag,
    ) -> Result<Option<(ReturnPurpose, i64)>, StoreError> {
        Ok(tokens::resolve_return_tag(self.conn(), key, tag)?)
    }

    /// The issue and subscriber of a Message-ID rundbrief gave a delivery.
    pub fn delivery_of_message_id(
        &self,
        message_id: &str,
    ) -> Result<Option<(String, i64)>, StoreError> {
        Ok(self
            .conn()
            .prepare_cached("SELECT issue, subscriber_id FROM deliveries WHERE message_id = ?1")?
            .query_row([message_id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Records a returned mail and acts on it, in one transaction: a bounce
    /// marks the subscriber bounced, a complaint complained (and suppresses
    /// the address), a mailed unsubscribe unsubscribes; `soft_limit`
    /// temporary failures over different sends count as a bounce.
    pub fn record_return(
        &mut self,
        key: &SecretKey,
        returned: &Returned,
        soft_limit: u32,
        now: DateTime<Utc>,
    ) -> Result<Effect, StoreError> {
        let tx = self.immediate()?;
        let seen = tx
            .prepare_cached("SELECT 1 FROM returned_mail WHERE key = ?1")?
            .exists([&returned.key])?;
        if seen {
            return Ok(Effect::AlreadyProcessed);
        }
        tx.prepare_cached(
            "INSERT INTO returned_mail (key, processed_at, kind, subscriber_id, mail, status, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            returned.key,
            now,
            returned.kind,
            returned.subscriber,
            returned.mail,
            returned.status,
            returned.detail,
        ])?;
        let Some(id) = returned.subscriber else {
            tx.commit()?;
            return Ok(Effect::Recorded);
        };
        let found = by_id(&tx, id)?;
        let soft_sends = || -> rusqlite::Result<u32> {
            tx.prepare_cached(
                "SELECT count(DISTINCT mail) FROM returned_mail
                 WHERE subscriber_id = ?1 AND kind = 'soft-bounce'",
            )?
            .query_row([id], |row| row.get(0))
        };
        let target = if returned.kind == ReturnKind::SoftBounce {
            let sends = soft_sends()?;
            if sends < soft_limit.max(1) {
                tx.commit()?;
                return Ok(Effect::Counted { sends });
            }
            Some(Status::Bounced)
        } else {
            returned.kind.target()
        };
        let effect = match target {
            Some(to) if changes(found.status, to) => {
                set_status(&tx, id, to, now)?;
                let event = match to {
                    Status::Bounced => EventKind::Bounced,
                    Status::Complained => EventKind::Complained,
                    _ => EventKind::Unsubscribed,
                };
                let origin = Origin::new(Source::Mail);
                consent::append(&tx, id, event, now, &origin, None, Some(&returned.detail))?;
                if to == Status::Complained {
                    suppress(&tx, key, &found.canonical, now)?;
                }
                Effect::Changed {
                    from: found.status,
                    to,
                }
            }
            _ => Effect::Recorded,
        };
        tx.commit()?;
        Ok(effect)
    }

    /// What came back for one mail (an issue in lower case, or `confirm`),
    /// newest first.
    pub fn returns_of_mail(&self, mail: &str) -> Result<Vec<ReturnedRow>, StoreError> {
        self.returned_rows("r.mail = ?1", &mail.to_ascii_lowercase())
    }

    /// What came back for one subscriber, newest first.
    pub fn returns_of_subscriber(&self, id: i64) -> Result<Vec<ReturnedRow>, StoreError> {
        self.returned_rows("r.subscriber_id = ?1", &id.to_string())
    }

    fn returned_rows(&self, filter: &str, value: &str) -> Result<Vec<ReturnedRow>, StoreError> {
        let mut statement = self.conn().prepare_cached(&format!(
            "SELECT r.processed_at, r.kind, s.address, r.mail, r.status, r.detail
             FROM returned_mail r LEFT JOIN subscribers s ON s.id = r.subscriber_id
             WHERE {filter} ORDER BY r.processed_at DESC, r.key"
        ))?;
        let rows = statement.query_map([value], |row| {
            Ok(ReturnedRow {
                at: row.get(0)?,
                kind: row.get(1)?,
                address: row.get(2)?,
                mail: row.get(3)?,
                status: row.get(4)?,
                detail: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Whether a report may move a subscriber from `from` to `to`: never back
/// from a complaint, and an unsubscribe or bounce does not overwrite a
/// stronger or equal state.
pub fn changes(from: Status, to: Status) -> bool {
    match (from, to) {
        (Status::Complained, _) | (Status::Bounced, Status::Bounced) => false,
        (_, Status::Complained) => true,
        (Status::Unsubscribed, _) => false,
        (Status::Pending | Status::Confirmed | Status::Bounced, _) => from != to,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::store::testing::{confirmed, store};
    use crate::store::{EventKind, Source};

    fn key() -> SecretKey {
        SecretKey::from_hex(&"42".repeat(32), "test").unwrap()
    }

    fn returned(key: &str, kind: ReturnKind, subscriber: Option<i64>, mail: &str) -> Returned {
        Returned {
            key: key.into(),
            kind,
            subscriber,
            mail: Some(mail.into()),
            status: None,
            detail: format!("report <{key}>"),
        }
    }

    /// Pins what `record_return` does to a confirmed subscriber for each
    /// kind of mail: the state it moves to, one consent event from the
    /// mail citing the report, the suppression only a complaint adds, no
    /// change for an auto-reply or a delay, no one else touched; and that
    /// the same mail again changes nothing.
    #[test]
    fn each_kind_of_returned_mail_changes_what_it_should_once() {
        use Status::{Bounced, Complained, Confirmed, Unsubscribed};
        let cases = [
            (ReturnKind::Bounce, Some((Bounced, EventKind::Bounced))),
            (
                ReturnKind::Complaint,
                Some((Complained, EventKind::Complained)),
            ),
            (
                ReturnKind::Unsubscribe,
                Some((Unsubscribed, EventKind::Unsubscribed)),
            ),
            (ReturnKind::AutoReply, None),
            (ReturnKind::Delay, None),
        ];
        let key = key();
        for (kind, expected) in cases {
            let (_dir, mut store) = store();
            let ids = confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"]);
            let (anna, bob) = (ids[0], ids[1]);
            let mail = returned("r1@example.net", kind, Some(anna), "2026-q4");
            assert!(!store.was_returned("r1@example.net").unwrap());
            let effect = store
                .record_return(&key, &mail, 3, crate::store::now())
                .unwrap();
            let history = store.history(anna).unwrap();
            if let Some((to, event)) = expected {
                assert_eq!(
                    effect,
                    Effect::Changed {
                        from: Confirmed,
                        to
                    },
                    "{kind}"
                );
                assert_eq!(store.subscriber(anna).unwrap().status, to, "{kind}");
                let last = history.last().unwrap();
                assert_eq!(history.len(), 2, "{kind}");
                assert_eq!(last.kind, event, "{kind}");
                assert_eq!(last.source, Source::Mail, "{kind}");
                assert_eq!(last.detail.as_deref(), Some("report <r1@example.net>"));
            } else {
                assert_eq!(effect, Effect::Recorded, "{kind}");
                assert_eq!(store.subscriber(anna).unwrap().status, Confirmed);
                assert_eq!(history.len(), 1, "{kind}");
            }
            assert_eq!(store.subscriber(bob).unwrap().status, Confirmed, "{kind}");
            let address = crate::address::Address::parse("anna@example.org").unwrap();
            assert_eq!(
                store.is_suppressed(&key, &address).unwrap(),
                kind == ReturnKind::Complaint,
                "{kind}"
            );
            assert!(store.was_returned("r1@example.net").unwrap(), "{kind}");
            assert!(!store.was_returned("r2@example.net").unwrap(), "{kind}");
            assert_eq!(
                store
                    .record_return(&key, &mail, 3, crate::store::now())
                    .unwrap(),
                Effect::AlreadyProcessed,
                "{kind}"
            );
            assert_eq!(store.history(anna).unwrap(), history, "{kind}");
        }
    }

    /// Pins that a report does not move a subscriber back or sideways: a
    /// bounce or an unsubscribe after a complaint, a second bounce, are
    /// recorded and change nothing, with no consent event.
    #[test]
    fn a_report_does_not_overwrite_a_stronger_state() {
        let key = key();
        let (_dir, mut store) = store();
        let anna = confirmed(&mut store, &key, &["anna@example.org"])[0];
        let now = crate::store::now();
        let complaint = returned(
            "c@isp.example.net",
            ReturnKind::Complaint,
            Some(anna),
            "2026-q4",
        );
        store.record_return(&key, &complaint, 3, now).unwrap();
        let history = store.history(anna).unwrap();
        for (n, kind) in [
            ReturnKind::Bounce,
            ReturnKind::Unsubscribe,
            ReturnKind::Complaint,
        ]
        .into_iter()
        .enumerate()
        {
            let mail = returned(&format!("r{n}@example.net"), kind, Some(anna), "2026-q4");
            assert_eq!(
                store.record_return(&key, &mail, 3, now).unwrap(),
                Effect::Recorded,
                "{kind}"
            );
            assert_eq!(store.subscriber(anna).unwrap().status, Status::Complained);
        }
        assert_eq!(store.history(anna).unwrap(), history);
        let nobody = returned("n@example.net", ReturnKind::Bounce, None, "2026-q4");
        assert_eq!(
            store.record_return(&key, &nobody, 3, now).unwrap(),
            Effect::Recorded
        );
        assert!(store.was_returned("n@example.net").unwrap());
    }

    /// Pins the soft-bounce count: temporary failures count per different
    /// send (mail) of the one subscriber; the `soft_limit`-th different
    /// send makes the address bounced, citing that report; a limit of 0
    /// acts as 1.
    #[test]
    fn temporary_failures_bounce_at_the_limit_of_different_sends() {
        let key = key();
        let (_dir, mut store) = store();
        let ids = confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"]);
        let (anna, bob) = (ids[0], ids[1]);
        let now = crate::store::now();
        let steps = [
            ("s1", anna, "2026-q4", Effect::Counted { sends: 1 }),
            ("s2", anna, "2026-q4", Effect::Counted { sends: 1 }),
            ("s3", bob, "2027-q1", Effect::Counted { sends: 1 }),
            (
                "s4",
                anna,
                "2027-q1",
                Effect::Changed {
                    from: Status::Confirmed,
                    to: Status::Bounced,
                },
            ),
            ("s5", anna, "2027-q2", Effect::Recorded),
        ];
        for (key_of_mail, subscriber, mail, expected) in steps {
            let soft = returned(key_of_mail, ReturnKind::SoftBounce, Some(subscriber), mail);
            assert_eq!(
                store.record_return(&key, &soft, 2, now).unwrap(),
                expected,
                "{key_of_mail}"
            );
        }
        assert_eq!(store.subscriber(bob).unwrap().status, Status::Confirmed);
        let history = store.history(anna).unwrap();
        assert_eq!(history.len(), 2);
        assert_eq!(history[1].kind, EventKind::Bounced);
        assert_eq!(history[1].detail.as_deref(), Some("report <s4>"));

        let (_dir, mut store) = crate::store::testing::store();
        let anna = confirmed(&mut store, &key, &["anna@example.org"])[0];
        let soft = returned("s1", ReturnKind::SoftBounce, Some(anna), "2026-q4");
        assert_eq!(
            store.record_return(&key, &soft, 0, now).unwrap(),
            Effect::Changed {
                from: Status::Confirmed,
                to: Status::Bounced
            }
        );
    }

    /// Pins the lists of what came back: per mail (in any case) and per
    /// subscriber, newest first, with the subscriber's address where known.
    #[test]
    fn what_came_back_is_listed_per_mail_and_per_subscriber() {
        let key = key();
        let (_dir, mut store) = store();
        let ids = confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"]);
        let (anna, bob) = (ids[0], ids[1]);
        let start = crate::store::now();
        let mails = [
            ("r1", ReturnKind::Delay, Some(anna), "2026-q4"),
            ("r2", ReturnKind::AutoReply, Some(bob), "2026-q4"),
            ("r3", ReturnKind::Delay, Some(anna), "2027-q1"),
            ("r4", ReturnKind::Bounce, None, "2026-q4"),
        ];
        for (minutes, (key_of_mail, kind, subscriber, mail)) in (0..).zip(mails) {
            let mut mail = returned(key_of_mail, kind, subscriber, mail);
            mail.status = Some(format!("4.4.{minutes}"));
            let at = start + chrono::Duration::minutes(minutes);
            store.record_return(&key, &mail, 3, at).unwrap();
        }
        let listed = |rows: Vec<ReturnedRow>| -> Vec<(ReturnKind, Option<String>, Option<String>)> {
            rows.into_iter()
                .map(|row| (row.kind, row.address, row.status))
                .collect()
        };
        let anna_address = Some("anna@example.org".to_string());
        assert_eq!(
            listed(store.returns_of_mail("2026-Q4").unwrap()),
            vec![
                (ReturnKind::Bounce, None, Some("4.4.3".into())),
                (
                    ReturnKind::AutoReply,
                    Some("bob@example.org".into()),
                    Some("4.4.1".into())
                ),
                (
                    ReturnKind::Delay,
                    anna_address.clone(),
                    Some("4.4.0".into())
                ),
            ]
        );
        let of_anna = store.returns_of_subscriber(anna).unwrap();
        assert_eq!(
            listed(of_anna.clone()),
            vec![
                (
                    ReturnKind::Delay,
                    anna_address.clone(),
                    Some("4.4.2".into())
                ),
                (ReturnKind::Delay, anna_address, Some("4.4.0".into())),
            ]
        );
        assert_eq!(of_anna[0].mail.as_deref(), Some("2027-q1"));
        assert_eq!(of_anna[0].detail.as_deref(), Some("report <r3>"));
        assert_eq!(of_anna[0].at, start + chrono::Duration::minutes(2));
    }

    /// Pins `delivery_of_message_id`: the Message-ID a delivery was given
    /// leads back to its issue and subscriber, any other to nothing.
    #[test]
    fn a_message_id_leads_back_to_its_delivery() {
        let key = key();
        let (_dir, mut store) = store();
        confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"]);
        store
            .freeze(
                &key,
                "2026-Q4",
                &crate::content::Audience::default(),
                "example.org",
                crate::store::now(),
            )
            .unwrap();
        let deliveries: Vec<(String, i64)> = store
            .conn()
            .prepare("SELECT message_id, subscriber_id FROM deliveries")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(deliveries.len(), 2);
        for (message_id, subscriber) in deliveries {
            assert_eq!(
                store.delivery_of_message_id(&message_id).unwrap(),
                Some(("2026-Q4".to_string(), subscriber))
            );
        }
        assert_eq!(
            store
                .delivery_of_message_id("rundbrief.2026-q4.0000@example.org")
                .unwrap(),
            None
        );
    }

    #[test]
    fn which_state_a_report_may_change() {
        use Status::{Bounced, Complained, Confirmed, Pending, Unsubscribed};
        let cases = [
            (Confirmed, Bounced, true),
            (Pending, Bounced, true),
            (Bounced, Bounced, false),
            (Unsubscribed, Bounced, false),
            (Complained, Bounced, false),
            (Confirmed, Complained, true),
            (Unsubscribed, Complained, true),
            (Bounced, Complained, true),
            (Complained, Complained, false),
            (Confirmed, Unsubscribed, true),
            (Bounced, Unsubscribed, true),
            (Unsubscribed, Unsubscribed, false),
            (Complained, Unsubscribed, false),
        ];
        for (from, to, expected) in cases {
            assert_eq!(changes(from, to), expected, "{from} -> {to}");
        }
    }
}
