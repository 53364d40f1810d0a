//! What a reader decides for themselves on their preferences page: name,
//! language and interests, a move to a new address (confirmed at the new
//! one, the old one serving until then), the personal link that opens the
//! page, and the whole record kept about them (DSGVO Art. 15 and 20).
//! Every change is a consent event.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::consent::{self, ConsentEvent, EventKind, Origin};
use super::subscribers::by_id;
use super::tokens::{self, Purpose, Token, TokenCheck};
use super::{ReturnedRow, Store, StoreError, Subscriber};
use crate::address::Address;
use crate::locale::Lang;
use crate::secret::SecretKey;

/// What a reader may choose on their page. No interests means everything:
/// such a reader is in every audience.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preferences {
    pub name: Option<String>,
    pub lang: Option<Lang>,
    pub interests: Vec<String>,
}

/// What a request to move to a new address did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressChange {
    /// Mail this token to the new address; until it is followed the old
    /// address stays the subscriber's.
    Mail {
        subscriber: Subscriber,
        token: Token,
    },
    /// The new address is the one they have.
    Same,
    /// Another subscriber has it: they would become one, which only that
    /// address's owner may decide.
    Taken,
}

/// What following a new-address link did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressChanged {
    Now(Subscriber),
    Expired(Subscriber),
    /// Someone else took the address in the meantime.
    Taken(Subscriber),
    Unknown,
}

/// Everything kept about a subscriber, as `subscribers show` prints it and
/// the preferences page shows and hands out as JSON.
#[derive(Debug, Clone)]
pub struct Record {
    pub subscriber: Subscriber,
    pub interests: Vec<String>,
    /// An address they asked to move to, not yet confirmed.
    pub new_address: Option<(String, DateTime<Utc>)>,
    pub history: Vec<ConsentEvent>,
    pub returns: Vec<ReturnedRow>,
}

#[derive(Serialize)]
struct RecordJson<'a> {
    email: &'a str,
    name: Option<&'a str>,
    language: &'a str,
    status: &'a str,
    interests: &'a [String],
    created: String,
    confirmed: Option<String>,
    unsubscribed: Option<String>,
    requested_new_address: Option<NewAddressJson<'a>>,
    consent_history: Vec<EventJson<'a>>,
    returned_mail: Vec<ReturnJson<'a>>,
}

#[derive(Serialize)]
struct NewAddressJson<'a> {
    email: &'a str,
    requested: String,
}

#[derive(Serialize)]
struct EventJson<'a> {
    event: &'a str,
    at: String,
    source: &'a str,
    ip: Option<&'a str>,
    user_agent: Option<&'a str>,
    consent_text_version: Option<&'a str>,
    detail: Option<&'a str>,
}

#[derive(Serialize)]
struct ReturnJson<'a> {
    at: String,
    kind: &'a str,
    mail: Option<&'a str>,
    detail: Option<&'a str>,
}

impl Record {
    /// The record as JSON (DSGVO Art. 20: structured, machine-readable),
    /// times in ISO 8601 with their offset.
    pub fn to_json(&self) -> String {
        let s = &self.subscriber;
        let json = RecordJson {
            email: &s.address,
            name: s.name.as_deref(),
            language: s.lang.code(),
            status: s.status.as_str(),
            interests: &self.interests,
            created: s.created_at.to_rfc3339(),
            confirmed: s.confirmed_at.map(|at| at.to_rfc3339()),
            unsubscribed: s.unsubscribed_at.map(|at| at.to_rfc3339()),
            requested_new_address: self.new_address.as_ref().map(|(email, at)| NewAddressJson {
                email,
                requested: at.to_rfc3339(),
            }),
            consent_history: self
                .history
                .iter()
                .map(|e| EventJson {
                    event: e.kind.as_str(),
                    at: e.at.to_rfc3339(),
                    source: e.source.as_str(),
                    ip: e.ip.as_deref(),
                    user_agent: e.user_agent.as_deref(),
                    consent_text_version: e.consent_version.as_deref(),
                    detail: e.detail.as_deref(),
                })
                .collect(),
            returned_mail: self
                .returns
                .iter()
                .map(|r| ReturnJson {
                    at: r.at.to_rfc3339(),
                    kind: r.kind.as_str(),
                    mail: r.mail.as_deref(),
                    detail: r.detail.as_deref(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).expect("a record serialises")
    }
}

pub(super) fn interests_of(conn: &Connection, subscriber: i64) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT interest FROM subscriber_interests WHERE subscriber_id = ?1 ORDER BY interest",
    )?;
    let rows = statement.query_map([subscriber], |row| row.get(0))?;
    rows.collect()
}

pub(super) fn set_interests(
    conn: &Connection,
    subscriber: i64,
    interests: &[String],
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM subscriber_interests WHERE subscriber_id = ?1")?
        .execute([subscriber])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO subscriber_interests (subscriber_id, interest) VALUES (?1, ?2)",
    )?;
    for interest in interests {
        insert.execute(params![subscriber, interest])?;
    }
    Ok(())
}

/// "a, b", or "*" for everything: how interests read in the consent log.
fn listed(items: &[String]) -> String {
    if items.is_empty() {
        "*".to_string()
    } else {
        items.join(", ")
    }
}

impl Store {
    /// The interests a subscriber chose; none means everything.
    pub fn interests(&self, subscriber: i64) -> Result<Vec<String>, StoreError> {
        Ok(interests_of(self.conn(), subscriber)?)
    }

    /// Applies what the reader chose. Only what differs is written, and
    /// logged as one event whose detail names each change (`name`, `lang
    /// de → en`, `interests * → polen, jugend`); `None` if nothing changed.
    pub fn change_preferences(
        &mut self,
        subscriber: i64,
        chosen: &Preferences,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<Option<Subscriber>, StoreError> {
        let tx = self.immediate()?;
        let before = by_id(&tx, subscriber)?;
        let mut interests = chosen.interests.clone();
        interests.sort();
        interests.dedup();
        let had = interests_of(&tx, subscriber)?;
        let mut changes = Vec::new();
        let name = chosen
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if name != before.name.as_deref() {
            // The log proves consent; it need not repeat the name itself.
            changes.push("name".to_string());
            tx.prepare_cached("UPDATE subscribers SET name = ?2 WHERE id = ?1")?
                .execute(params![subscriber, name])?;
        }
        if let Some(lang) = chosen.lang.filter(|lang| *lang != before.lang) {
            changes.push(format!("lang {} → {lang}", before.lang));
            tx.prepare_cached("UPDATE subscribers SET lang = ?2 WHERE id = ?1")?
                .execute(params![subscriber, lang])?;
        }
        if interests != had {
            changes.push(format!(
                "interests {} → {}",
                listed(&had),
                listed(&interests)
            ));
            set_interests(&tx, subscriber, &interests)?;
        }
        if changes.is_empty() {
            return Ok(None);
        }
        consent::append(
            &tx,
            subscriber,
            EventKind::PreferencesChanged,
            now,
            origin,
            None,
            Some(&changes.join("; ")),
        )?;
        let after = by_id(&tx, subscriber)?;
        tx.commit()?;
        Ok(Some(after))
    }

    /// The subscriber's personal preferences token, made on first use.
    pub fn preferences_token(&self, key: &SecretKey, subscriber: i64) -> Result<Token, StoreError> {
        Ok(tokens::derived_token(
            self.conn(),
            key,
            subscriber,
            Purpose::Preferences,
            super::now(),
        )?)
    }

    /// A new preferences token: every link with the old one is void.
    pub fn renew_preferences_token(
        &mut self,
        key: &SecretKey,
        subscriber: i64,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<Token, StoreError> {
        let tx = self.immediate()?;
        let token = tokens::renew_derived_token(&tx, key, subscriber, Purpose::Preferences, now)?;
        consent::append(
            &tx,
            subscriber,
            EventKind::LinkRenewed,
            now,
            origin,
            None,
            None,
        )?;
        tx.commit()?;
        Ok(token)
    }

    /// The subscriber a preferences token opens the page of, if genuine.
    pub fn by_preferences_token(&self, token: &Token) -> Result<Option<Subscriber>, StoreError> {
        match tokens::check(self.conn(), token, Purpose::Preferences, super::now())? {
            TokenCheck::Valid { subscriber } => Ok(Some(by_id(self.conn(), subscriber)?)),
            _ => Ok(None),
        }
    }

    /// The reader asks to receive the newsletter at `new` instead: a
    /// confirm link goes there, valid for `expiry`; nothing else changes yet.
    pub fn request_address_change(
        &mut self,
        subscriber: i64,
        new: &Address,
        expiry: Duration,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<AddressChange, StoreError> {
        let tx = self.immediate()?;
        let found = by_id(&tx, subscriber)?;
        if found.canonical == new.canonical() {
            return Ok(AddressChange::Same);
        }
        let taken = tx
            .prepare_cached("SELECT 1 FROM subscribers WHERE canonical = ?1")?
            .exists([new.canonical()])?;
        if taken {
            return Ok(AddressChange::Taken);
        }
        tx.prepare_cached(
            "INSERT INTO address_changes (subscriber_id, address, canonical, requested_at)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (subscriber_id) DO UPDATE SET address = excluded.address,
                 canonical = excluded.canonical, requested_at = excluded.requested_at",
        )?
        .execute(params![subscriber, new.as_str(), new.canonical(), now])?;
        let token =
            tokens::new_random_token(&tx, subscriber, Purpose::NewAddress, now, now + expiry)?;
        consent::append(
            &tx,
            subscriber,
            EventKind::AddressChangeRequested,
            now,
            origin,
            None,
            Some(new.as_str()),
        )?;
        tx.commit()?;
        Ok(AddressChange::Mail {
            subscriber: found,
            token,
        })
    }

    /// The address a new-address token would move its subscriber to.
    pub fn peek_address_change(
        &self,
        token: &Token,
    ) -> Result<Option<(Subscriber, String)>, StoreError> {
        let TokenCheck::Valid { subscriber } =
            tokens::check(self.conn(), token, Purpose::NewAddress, super::now())?
        else {
            return Ok(None);
        };
        let new = new_address(self.conn(), subscriber)?;
        Ok(match new {
            Some((address, _)) => Some((by_id(self.conn(), subscriber)?, address)),
            None => None,
        })
    }

    /// Follows the link mailed to the new address: it becomes the
    /// subscriber's, the old one is no longer written to.
    pub fn confirm_address_change(
        &mut self,
        token: &Token,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Result<AddressChanged, StoreError> {
        let tx = self.immediate()?;
        let subscriber = match tokens::check(&tx, token, Purpose::NewAddress, now)? {
            TokenCheck::Valid { subscriber } => subscriber,
            TokenCheck::Expired { subscriber } => {
                return Ok(AddressChanged::Expired(by_id(&tx, subscriber)?));
            }
            TokenCheck::Used { .. } | TokenCheck::Unknown => return Ok(AddressChanged::Unknown),
        };
        let found = by_id(&tx, subscriber)?;
        let Some((address, canonical)) = tx
            .prepare_cached(
                "SELECT address, canonical FROM address_changes WHERE subscriber_id = ?1",
            )?
            .query_row([subscriber], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })
            .optional()?
        else {
            return Ok(AddressChanged::Unknown);
        };
        let taken = tx
            .prepare_cached("SELECT 1 FROM subscribers WHERE canonical = ?1 AND id != ?2")?
            .exists(params![canonical, subscriber])?;
        if taken {
            return Ok(AddressChanged::Taken(found));
        }
        tx.prepare_cached("UPDATE subscribers SET address = ?2, canonical = ?3 WHERE id = ?1")?
            .execute(params![subscriber, address, canonical])?;
        tx.prepare_cached("DELETE FROM address_changes WHERE subscriber_id = ?1")?
            .execute([subscriber])?;
        tokens::mark_used(&tx, token, now)?;
        consent::append(
            &tx,
            subscriber,
            EventKind::AddressChanged,
            now,
            origin,
            None,
            Some(&format!("{} → {address}", found.address)),
        )?;
        let changed = by_id(&tx, subscriber)?;
        tx.commit()?;
        Ok(AddressChanged::Now(changed))
    }

    /// Everything kept about a subscriber.
    pub fn record(&self, subscriber: i64) -> Result<Record, StoreError> {
        Ok(Record {
            subscriber: by_id(self.conn(), subscriber)?,
            interests: interests_of(self.conn(), subscriber)?,
            new_address: new_address(self.conn(), subscriber)?,
            history: self.history(subscriber)?,
            returns: self.returns_of_subscriber(subscriber)?,
        })
    }

    /// Confirmed subscribers per interest, and (as `None`) those who chose
    /// none, who are in every audience.
    pub fn interest_counts(&self) -> Result<Vec<(Option<String>, u64)>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT i.interest, count(*) FROM subscribers s
             LEFT JOIN subscriber_interests i ON i.subscriber_id = s.id
             WHERE s.status = 'confirmed'
             GROUP BY i.interest ORDER BY i.interest IS NOT NULL, i.interest",
        )?;
        let rows =
            statement.query_map([], |row| Ok((row.get(0)?, row.get::<_, i64>(1)? as u64)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn new_address(
    conn: &Connection,
    subscriber: i64,
) -> rusqlite::Result<Option<(String, DateTime<Utc>)>> {
    conn.prepare_cached(
        "SELECT address, requested_at FROM address_changes WHERE subscriber_id = ?1",
    )?
    .query_row([subscriber], |row| Ok((row.get(0)?, row.get(1)?)))
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{confirmed, store};
    use crate::store::{EventKind, Source};

    fn key() -> SecretKey {
        SecretKey::from_hex(&"07".repeat(32), "test").unwrap()
    }

    #[test]
    fn only_changes_are_written_and_each_is_named_in_one_event() {
        let (_dir, mut store) = store();
        let [anna] = confirmed(&mut store, &key(), &["anna@example.org"])[..] else {
            unreachable!()
        };
        let page = Origin::new(Source::Page);
        let now = crate::store::now();
        let chosen = Preferences {
            name: Some("  Anna  ".into()),
            lang: Some(Lang::EN),
            interests: vec!["polen".into(), "jugend".into(), "polen".into()],
        };
        let changed = store
            .change_preferences(anna, &chosen, &page, now)
            .unwrap()
            .expect("a change");
        assert_eq!(changed.name.as_deref(), Some("Anna"));
        assert_eq!(changed.lang, Lang::EN);
        assert_eq!(store.interests(anna).unwrap(), ["jugend", "polen"]);
        assert_eq!(
            store.change_preferences(anna, &chosen, &page, now).unwrap(),
            None,
            "the same again changes nothing"
        );
        let only_interests = Preferences {
            name: Some("Anna".into()),
            lang: None,
            interests: vec![],
        };
        store
            .change_preferences(anna, &only_interests, &page, now)
            .unwrap();
        let events: Vec<(EventKind, Option<String>)> = store
            .history(anna)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == EventKind::PreferencesChanged)
            .map(|e| (e.kind, e.detail))
            .collect();
        assert_eq!(
            events,
            [
                (
                    EventKind::PreferencesChanged,
                    Some("name; lang de → en; interests * → jugend, polen".into())
                ),
                (
                    EventKind::PreferencesChanged,
                    Some("interests jugend, polen → *".into())
                ),
            ]
        );
    }

    #[test]
    fn a_preferences_token_opens_one_page_until_it_is_renewed() {
        let (_dir, mut store) = store();
        let key = key();
        let ids = confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"]);
        let anna = store.preferences_token(&key, ids[0]).unwrap();
        assert_eq!(
            store.preferences_token(&key, ids[0]).unwrap(),
            anna,
            "stable"
        );
        let bob = store.preferences_token(&key, ids[1]).unwrap();
        assert_ne!(anna, bob);
        assert_eq!(
            store.by_preferences_token(&anna).unwrap().unwrap().id,
            ids[0]
        );
        let unsubscribe = store.unsubscribe_token(&key, ids[0]).unwrap();
        assert_eq!(
            store.by_preferences_token(&unsubscribe).unwrap(),
            None,
            "an unsubscribe token opens no page"
        );
        let other = SecretKey::from_hex(&"08".repeat(32), "test").unwrap();
        let forged = store.preferences_token(&other, ids[0]).unwrap();
        assert_eq!(store.by_preferences_token(&forged).unwrap(), None);
        let renewed = store
            .renew_preferences_token(&key, ids[0], &Origin::new(Source::Cli), crate::store::now())
            .unwrap();
        assert_ne!(renewed, anna);
        assert_eq!(store.by_preferences_token(&anna).unwrap(), None, "revoked");
        assert_eq!(
            store.by_preferences_token(&renewed).unwrap().unwrap().id,
            ids[0]
        );
        assert_eq!(
            store.by_preferences_token(&bob).unwrap().unwrap().id,
            ids[1]
        );
        assert!(
            store
                .history(ids[0])
                .unwrap()
                .iter()
                .any(|e| e.kind == EventKind::LinkRenewed)
        );
    }

    #[test]
    fn a_new_address_waits_for_its_own_confirmation() {
        let (_dir, mut store) = store();
        let key = key();
        let ids = confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"]);
        let page = Origin::new(Source::Page);
        let now = crate::store::now();
        let week = Duration::days(7);
        let new = Address::parse("Anna@Neu.example.org").unwrap();
        let AddressChange::Mail { token, .. } = store
            .request_address_change(ids[0], &new, week, &page, now)
            .unwrap()
        else {
            panic!("a link to mail")
        };
        assert_eq!(
            store.subscriber(ids[0]).unwrap().address,
            "anna@example.org"
        );
        assert_eq!(
            store.record(ids[0]).unwrap().new_address.map(|(a, _)| a),
            Some("Anna@Neu.example.org".to_string())
        );
        let bob = Address::parse("bob@example.org").unwrap();
        assert_eq!(
            store
                .request_address_change(ids[0], &bob, week, &page, now)
                .unwrap(),
            AddressChange::Taken
        );
        let same = Address::parse("ANNA@example.org").unwrap();
        assert_eq!(
            store
                .request_address_change(ids[0], &same, week, &page, now)
                .unwrap(),
            AddressChange::Same
        );
        let (whose, to) = store
            .peek_address_change(&token)
            .unwrap()
            .expect("the link names the move");
        assert_eq!((whose.id, to.as_str()), (ids[0], "Anna@Neu.example.org"));
        let late = now + week + Duration::seconds(1);
        assert!(matches!(
            store.confirm_address_change(&token, &page, late).unwrap(),
            AddressChanged::Expired(_)
        ));
        let AddressChanged::Now(moved) = store.confirm_address_change(&token, &page, now).unwrap()
        else {
            panic!("moved")
        };
        assert_eq!(moved.address, "Anna@Neu.example.org");
        assert_eq!(moved.id, ids[0]);
        assert_eq!(store.record(ids[0]).unwrap().new_address, None);
        assert_eq!(
            store.confirm_address_change(&token, &page, now).unwrap(),
            AddressChanged::Unknown,
            "once"
        );
        assert_eq!(store.peek_address_change(&token).unwrap(), None);
    }

    /// Art. 20: the record as JSON holds the data, the interests and the
    /// whole consent history, with times in ISO 8601 and their offset.
    #[test]
    fn the_record_reads_as_json_with_everything_kept() {
        let (_dir, mut store) = store();
        let [anna] = confirmed(&mut store, &key(), &["anna@example.org"])[..] else {
            unreachable!()
        };
        let chosen = Preferences {
            name: Some("Anna".into()),
            lang: None,
            interests: vec!["polen".into()],
        };
        store
            .change_preferences(
                anna,
                &chosen,
                &Origin::new(Source::Page),
                crate::store::now(),
            )
            .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&store.record(anna).unwrap().to_json()).unwrap();
        assert_eq!(json["email"], "anna@example.org");
        assert_eq!(json["name"], "Anna");
        assert_eq!(json["language"], "de");
        assert_eq!(json["status"], "confirmed");
        assert_eq!(json["interests"], serde_json::json!(["polen"]));
        let events: Vec<&str> = json["consent_history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"].as_str().unwrap())
            .collect();
        assert_eq!(events, ["consent-imported", "preferences-changed"]);
        let at = json["consent_history"][1]["at"].as_str().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
        assert_eq!(json["consent_history"][1]["source"], "page");
    }

    #[test]
    fn interest_counts_are_of_the_confirmed_with_everything_apart() {
        let (_dir, mut store) = store();
        let key = key();
        let ids = confirmed(
            &mut store,
            &key,
            &["a@example.org", "b@example.org", "c@example.org"],
        );
        let page = Origin::new(Source::Page);
        for (id, interests) in [(ids[0], vec!["polen"]), (ids[1], vec!["polen", "jugend"])] {
            let chosen = Preferences {
                interests: interests.into_iter().map(String::from).collect(),
                ..Preferences::default()
            };
            store
                .change_preferences(id, &chosen, &page, crate::store::now())
                .unwrap();
        }
        assert_eq!(
            store.interest_counts().unwrap(),
            [
                (None, 1),
                (Some("jugend".to_string()), 1),
                (Some("polen".to_string()), 2)
            ]
        );
    }
}
