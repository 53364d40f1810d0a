//! Tokens in confirm and unsubscribe links. A token is a selector, which finds
//! the row, and a verifier of 128 bits, of which only a hash is stored and
//! which is compared in constant time. Confirm tokens are random and expire;
//! an unsubscribe token is derived from the secret key, so each issue can
//! print it again without the database holding it.

use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension, params};

use super::consent::text_enum;
use crate::secret::{self, SecretKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Unsubscribe,
    /// The reader's own preferences page: derived like an unsubscribe
    /// token, so every mail can print it; renewed by a new selector.
    Preferences,
    /// Confirms a new address the reader asked to move to; random, expires.
    NewAddress,
}

text_enum!(Purpose {
    Confirm => "confirm",
    Unsubscribe => "unsubscribe",
    Preferences => "preferences",
    NewAddress => "new-address",
});

const SELECTOR_BYTES: usize = 8;
const VERIFIER_BYTES: usize = 16;
/// The length of a token in a link: hex of selector and verifier.
pub const TOKEN_LEN: usize = 2 * (SELECTOR_BYTES + VERIFIER_BYTES);

/// A token as it travels in a link.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl AsRef<str> for Token {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Token({}…)", &self.0[..2 * SELECTOR_BYTES])
    }
}

impl Token {
    fn new(selector: &str, verifier: &[u8]) -> Token {
        Token(format!("{selector}{}", secret::hex(verifier)))
    }

    /// Accepts what a link carried, if it has the shape of a token.
    pub fn parse(text: &str) -> Option<Token> {
        let well_formed = text.len() == TOKEN_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| Token(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn selector(&self) -> &str {
        &self.0[..2 * SELECTOR_BYTES]
    }

    fn verifier_hash(&self) -> [u8; 32] {
        secret::sha256(&self.0.as_bytes()[2 * SELECTOR_BYTES..])
    }
}

/// What a token presented in a link turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCheck {
    Valid {
        subscriber: i64,
    },
    /// A confirm token past its expiry.
    Expired {
        subscriber: i64,
    },
    /// A confirm token that already confirmed.
    Used {
        subscriber: i64,
    },
    /// Unknown, forged, or of another purpose: nothing to say about it.
    Unknown,
}

fn store_token(
    conn: &Connection,
    subscriber: i64,
    purpose: Purpose,
    token: &Token,
    now: DateTime<Utc>,
    expires: Option<DateTime<Utc>>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO tokens (selector, verifier_hash, subscriber_id, purpose, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (subscriber_id, purpose) DO UPDATE SET
             selector = excluded.selector, verifier_hash = excluded.verifier_hash,
             created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = NULL",
    )?
    .execute(params![
        token.selector(),
        &token.verifier_hash()[..],
        subscriber,
        purpose,
        now,
        expires
    ])?;
    Ok(())
}

/// A fresh confirm token for `subscriber`, replacing any earlier one.
pub(super) fn new_confirm_token(
    conn: &Connection,
    subscriber: i64,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> rusqlite::Result<Token> {
    new_random_token(conn, subscriber, Purpose::Confirm, now, expires)
}

/// A fresh random, expiring token for `purpose`, replacing any earlier one.
pub(super) fn new_random_token(
    conn: &Connection,
    subscriber: i64,
    purpose: Purpose,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> rusqlite::Result<Token> {
    // One read of the system's randomness for both halves: imports make
    // 100,000 of these.
    let random = secret::random_bytes::<{ SELECTOR_BYTES + VERIFIER_BYTES }>();
    let (selector, verifier) = random.split_at(SELECTOR_BYTES);
    let token = Token::new(&secret::hex(selector), verifier);
    store_token(conn, subscriber, purpose, &token, now, Some(expires))?;
    Ok(token)
}

/// The verifier of a derived token (unsubscribe, preferences): a MAC of
/// the selector, so the token can be printed again from the selector alone.
fn derived_verifier(key: &SecretKey, purpose: Purpose, selector: &str) -> [u8; VERIFIER_BYTES] {
    let label = match purpose {
        Purpose::Unsubscribe => "unsubscribe-token",
        Purpose::Preferences => "preferences-token",
        Purpose::Confirm | Purpose::NewAddress => unreachable!("{purpose} tokens are random"),
    };
    let mac = key.mac(label, selector.as_bytes());
    mac[..VERIFIER_BYTES].try_into().expect("a MAC is 32 bytes")
}

/// The derived token of a stored selector.
pub(super) fn derived_of_selector(key: &SecretKey, purpose: Purpose, selector: &str) -> Token {
    Token::new(selector, &derived_verifier(key, purpose, selector))
}

/// The unsubscribe token of a stored selector.
pub(super) fn unsubscribe_of_selector(key: &SecretKey, selector: &str) -> Token {
    derived_of_selector(key, Purpose::Unsubscribe, selector)
}

/// The subscriber's derived token for `purpose`, made on first use: the
/// same in every mail they receive until it is renewed.
pub(super) fn derived_token(
    conn: &Connection,
    key: &SecretKey,
    subscriber: i64,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> rusqlite::Result<Token> {
    let existing: Option<String> = conn
        .prepare_cached("SELECT selector FROM tokens WHERE subscriber_id = ?1 AND purpose = ?2")?
        .query_row(params![subscriber, purpose], |row| row.get(0))
        .optional()?;
    match existing {
        Some(selector) => Ok(derived_of_selector(key, purpose, &selector)),
        None => renew_derived_token(conn, key, subscriber, purpose, now),
    }
}

/// A new selector for the subscriber's derived token: links with the old
/// one lead nowhere from now on.
pub(super) fn renew_derived_token(
    conn: &Connection,
    key: &SecretKey,
    subscriber: i64,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> rusqlite::Result<Token> {
    let selector = secret::hex(&secret::random_bytes::<SELECTOR_BYTES>());
    let token = derived_of_selector(key, purpose, &selector);
    store_token(conn, subscriber, purpose, &token, now, None)?;
    Ok(token)
}

/// Makes the derived token for `purpose` of every recipient of `issue`
/// who has none yet, in one statement inside SQLite: a fresh random
/// selector each, and the hash of the verifier derived from it, by two
/// functions lent to SQLite for the statement. The selectors are drawn
/// into a materialized table first, so that each is drawn once (SQLite
/// would otherwise call the function for every mention of the column).
pub(super) fn make_missing_derived(
    conn: &Connection,
    key: &SecretKey,
    issue: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    const SELECTOR: &str = "rundbrief_selector";
    const VERIFIER_HASH: &str = "rundbrief_verifier_hash";
    conn.create_scalar_function(SELECTOR, 0, FunctionFlags::SQLITE_UTF8, |_| {
        Ok(secret::hex(&secret::random_bytes::<SELECTOR_BYTES>()))
    })?;
    let key = key.clone();
    conn.create_scalar_function(
        VERIFIER_HASH,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        move |row| {
            let selector: String = row.get(0)?;
            Ok(derived_of_selector(&key, purpose, &selector)
                .verifier_hash()
                .to_vec())
        },
    )?;
    let made = conn
        .prepare(&format!(
            "WITH fresh AS MATERIALIZED (
                 SELECT {SELECTOR}() AS selector, d.subscriber_id AS subscriber
                 FROM deliveries d
                 WHERE d.issue = ?1
                   AND NOT EXISTS (SELECT 1 FROM tokens t
                                   WHERE t.subscriber_id = d.subscriber_id AND t.purpose = ?2))
             INSERT INTO tokens (selector, verifier_hash, subscriber_id, purpose, created_at)
             SELECT selector, {VERIFIER_HASH}(selector), subscriber, ?2, ?3 FROM fresh"
        ))
        .and_then(|mut statement| statement.execute(params![issue, purpose, now]));
    conn.remove_function(SELECTOR, 0)?;
    conn.remove_function(VERIFIER_HASH, 1)?;
    made.map(|_| ())
}

/// The subscriber's unsubscribe token: the same in every issue they receive.
pub(super) fn unsubscribe_token(
    conn: &Connection,
    key: &SecretKey,
    subscriber: i64,
    now: DateTime<Utc>,
) -> rusqlite::Result<Token> {
    derived_token(conn, key, subscriber, Purpose::Unsubscribe, now)
}

/// What a tagged return address is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnPurpose {
    /// The envelope sender: bounce reports and autoreplies come back here.
    Bounce,
    /// The `mailto:` of List-Unsubscribe.
    Unsubscribe,
}

impl ReturnPurpose {
    fn label(self) -> &'static str {
        match self {
            ReturnPurpose::Bounce => "return-path/bounce",
            ReturnPurpose::Unsubscribe => "return-path/unsubscribe",
        }
    }
}

const RETURN_MAC_BYTES: usize = 6;

/// The `+tag` of a return address (VERP): which mail went to whom, and a
/// MAC, as `<mail>-<selector>-<mac>` — `2026-q4-1a2b3c4d5e6f7a8b-9f8e7d6c5b4a`.
/// The mail is the issue (lower case) or `confirm`; the subscriber is named
/// by the selector of their unsubscribe token, never by address or row, so
/// nothing is stored per message and a report that comes back weeks later
/// still finds them. Lower case throughout: some servers fold local parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnTag(String);

impl ReturnTag {
    pub fn new(
        key: &SecretKey,
        purpose: ReturnPurpose,
        mail: &str,
        unsubscribe: &Token,
    ) -> ReturnTag {
        let mail = mail.to_ascii_lowercase();
        let named = format!("{mail}-{}", unsubscribe.selector());
        let mac = key.mac(purpose.label(), named.as_bytes());
        ReturnTag(format!("{named}-{}", secret::hex(&mac[..RETURN_MAC_BYTES])))
    }

    /// Accepts what came back after the `+`, if it has the shape of a tag.
    pub fn parse(text: &str) -> Option<ReturnTag> {
        let text = text.trim().to_ascii_lowercase();
        let (named, mac) = text.rsplit_once('-')?;
        let (mail, selector) = named.rsplit_once('-')?;
        let hex = |s: &str, len: usize| {
            s.len() == len
                && s.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        };
        let well_formed = hex(mac, 2 * RETURN_MAC_BYTES)
            && hex(selector, 2 * SELECTOR_BYTES)
            && (1..=24).contains(&mail.len())
            && mail.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        well_formed.then_some(ReturnTag(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The mail this tag went out with: an issue in lower case, or `confirm`.
    pub fn mail(&self) -> &str {
        let (named, _) = self.0.rsplit_once('-').expect("parsed");
        named.rsplit_once('-').expect("parsed").0
    }

    fn selector(&self) -> &str {
        let (named, _) = self.0.rsplit_once('-').expect("parsed");
        named.rsplit_once('-').expect("parsed").1
    }

    /// For which purpose the key made this tag, if for any.
    fn purpose(&self, key: &SecretKey) -> Option<ReturnPurpose> {
        let (named, mac) = self.0.rsplit_once('-').expect("parsed");
        [ReturnPurpose::Bounce, ReturnPurpose::Unsubscribe]
            .into_iter()
            .find(|purpose| {
                let expected = key.mac(purpose.label(), named.as_bytes());
                secret::same(
                    secret::hex(&expected[..RETURN_MAC_BYTES]).as_bytes(),
                    mac.as_bytes(),
                )
            })
    }
}

/// The subscriber a genuine return tag names, and for what.
pub(super) fn resolve_return_tag(
    conn: &Connection,
    key: &SecretKey,
    tag: &ReturnTag,
) -> rusqlite::Result<Option<(ReturnPurpose, i64)>> {
    let Some(purpose) = tag.purpose(key) else {
        return Ok(None);
    };
    let subscriber = conn
        .prepare_cached(
            "SELECT subscriber_id FROM tokens WHERE selector = ?1 AND purpose = 'unsubscribe'",
        )?
        .query_row([tag.selector()], |row| row.get(0))
        .optional()?;
    Ok(subscriber.map(|subscriber| (purpose, subscriber)))
}

/// Looks a presented token up for `purpose`.
pub(super) fn check(
    conn: &Connection,
    token: &Token,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> rusqlite::Result<TokenCheck> {
    struct Stored {
        verifier_hash: Vec<u8>,
        subscriber: i64,
        purpose: Purpose,
        expires: Option<DateTime<Utc>>,
        used: Option<DateTime<Utc>>,
    }
    let row = conn
        .prepare_cached(
            "SELECT verifier_hash, subscriber_id, purpose, expires_at, used_at
             FROM tokens WHERE selector = ?1",
        )?
        .query_row([token.selector()], |row| {
            Ok(Stored {
                verifier_hash: row.get(0)?,
                subscriber: row.get(1)?,
                purpose: row.get(2)?,
                expires: row.get(3)?,
                used: row.get(4)?,
            })
        })
        .optional()?;
    let Some(Stored {
        verifier_hash: stored,
        subscriber,
        purpose: stored_purpose,
        expires,
        used,
    }) = row
    else {
        return Ok(TokenCheck::Unknown);
    };
    if !secret::same(&stored, &token.verifier_hash()) || stored_purpose != purpose {
        return Ok(TokenCheck::Unknown);
    }
    Ok(if used.is_some() {
        TokenCheck::Used { subscriber }
    } else if expires.is_some_and(|expires| expires <= now) {
        TokenCheck::Expired { subscriber }
    } else {
        TokenCheck::Valid { subscriber }
    })
}

pub(super) fn mark_used(
    conn: &Connection,
    token: &Token,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE tokens SET used_at = ?2 WHERE selector = ?1")?
        .execute(params![token.selector(), now])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing;

    #[test]
    fn only_well_formed_tokens_parse() {
        assert!(Token::parse(&"a1".repeat(TOKEN_LEN / 2)).is_some());
        assert!(Token::parse(&"A1".repeat(TOKEN_LEN / 2)).is_none());
        assert!(Token::parse("abc").is_none());
        assert!(Token::parse(&format!("{}/..", "a".repeat(TOKEN_LEN - 3))).is_none());
    }

    #[test]
    fn a_return_tag_names_the_mail_and_proves_its_purpose() {
        let key = SecretKey::from_hex(&"07".repeat(32), "test").unwrap();
        let other = SecretKey::from_hex(&"08".repeat(32), "test").unwrap();
        let unsubscribe = Token::parse(&format!("{}{}", "1a".repeat(8), "00".repeat(16))).unwrap();
        let tag = ReturnTag::new(&key, ReturnPurpose::Bounce, "2026-Q4", &unsubscribe);
        assert!(
            tag.as_str().starts_with("2026-q4-1a1a1a1a1a1a1a1a-"),
            "{tag:?}"
        );
        assert_eq!(tag.as_str().len(), "2026-q4-".len() + 16 + 1 + 12);
        let parsed = ReturnTag::parse(&tag.as_str().to_uppercase()).unwrap();
        assert_eq!(parsed, tag, "a server that folds case does not lose it");
        assert_eq!(parsed.mail(), "2026-q4");
        assert_eq!(parsed.purpose(&key), Some(ReturnPurpose::Bounce));
        assert_eq!(parsed.purpose(&other), None, "another key's tag is forged");
        let unsubscribe_tag =
            ReturnTag::new(&key, ReturnPurpose::Unsubscribe, "confirm", &unsubscribe);
        assert_eq!(unsubscribe_tag.mail(), "confirm");
        assert_eq!(
            unsubscribe_tag.purpose(&key),
            Some(ReturnPurpose::Unsubscribe)
        );
        assert_ne!(
            unsubscribe_tag.as_str(),
            tag.as_str().replace("2026-q4", "confirm")
        );
    }

    #[test]
    fn only_well_formed_return_tags_parse() {
        let selector = "1a".repeat(8);
        let mac = "9f".repeat(6);
        for (text, ok) in [
            (format!("2026-q4-{selector}-{mac}"), true),
            (format!("confirm-{selector}-{mac}"), true),
            (format!("{selector}-{mac}"), false),
            (format!("2026-q4-{selector}-{}", "9f".repeat(5)), false),
            (format!("2026-q4-{}-{mac}", "1a".repeat(7)), false),
            (format!("2026_q4-{selector}-{mac}"), false),
            (format!("{}-{selector}-{mac}", "x".repeat(25)), false),
            ("anna".to_string(), false),
            (String::new(), false),
        ] {
            assert_eq!(ReturnTag::parse(&text).is_some(), ok, "{text}");
        }
    }

    fn key() -> SecretKey {
        SecretKey::from_hex(&"07".repeat(32), "test").unwrap()
    }

    /// Pins `resolve_return_tag` (and the store's door to it): a genuine
    /// tag names its subscriber and the purpose it was made for; a tag of
    /// another key, one whose MAC was changed, one naming a selector nobody
    /// has, and one made from a confirm token's selector name nobody.
    #[test]
    fn only_a_genuine_return_tag_names_a_subscriber() {
        let (_dir, mut store) = testing::store();
        let key = key();
        let other = SecretKey::from_hex(&"08".repeat(32), "test").unwrap();
        let [anna, bob] =
            testing::confirmed(&mut store, &key, &["anna@example.org", "bob@example.org"])[..]
        else {
            unreachable!()
        };
        let anna_token = store.unsubscribe_token(&key, anna).unwrap();
        let bob_token = store.unsubscribe_token(&key, bob).unwrap();
        let unknown = Token::parse(&format!("{}{}", "1a".repeat(8), "00".repeat(16))).unwrap();
        let pending = testing::pending(&mut store, &key, "carl@example.org");
        let bounce = ReturnTag::new(&key, ReturnPurpose::Bounce, "2026-Q4", &anna_token);
        let changed_mac = {
            let text = bounce.as_str();
            let last = if text.ends_with('0') { "1" } else { "0" };
            ReturnTag::parse(&format!("{}{last}", &text[..text.len() - 1])).unwrap()
        };
        let cases = [
            (bounce.clone(), Some((ReturnPurpose::Bounce, anna))),
            (
                ReturnTag::new(&key, ReturnPurpose::Unsubscribe, "confirm", &bob_token),
                Some((ReturnPurpose::Unsubscribe, bob)),
            ),
            (
                ReturnTag::new(&key, ReturnPurpose::Bounce, "2027-q1", &bob_token),
                Some((ReturnPurpose::Bounce, bob)),
            ),
            (
                ReturnTag::new(&other, ReturnPurpose::Bounce, "2026-Q4", &anna_token),
                None,
            ),
            (changed_mac, None),
            (
                ReturnTag::new(&key, ReturnPurpose::Bounce, "2026-Q4", &unknown),
                None,
            ),
            (
                ReturnTag::new(&key, ReturnPurpose::Bounce, "confirm", &pending),
                None,
            ),
        ];
        for (tag, expected) in cases {
            assert_eq!(
                store.resolve_return_tag(&key, &tag).unwrap(),
                expected,
                "{tag:?}"
            );
        }
    }

    /// Pins the unsubscribe verifier: it is the key's MAC of the selector,
    /// so a token with the right selector and any other verifier is
    /// refused, and another key makes another token.
    #[test]
    fn an_unsubscribe_token_cannot_be_made_from_its_selector_alone() {
        let (_dir, mut store) = testing::store();
        let key = key();
        let other = SecretKey::from_hex(&"08".repeat(32), "test").unwrap();
        let [anna] = testing::confirmed(&mut store, &key, &["anna@example.org"])[..] else {
            unreachable!()
        };
        let token = store.unsubscribe_token(&key, anna).unwrap();
        let now = crate::store::now();
        assert_eq!(
            check(store.conn(), &token, Purpose::Unsubscribe, now).unwrap(),
            TokenCheck::Valid { subscriber: anna }
        );
        let selector = token.selector();
        for verifier in [[0; VERIFIER_BYTES], [1; VERIFIER_BYTES]] {
            let forged = Token::new(selector, &verifier);
            assert_eq!(
                check(store.conn(), &forged, Purpose::Unsubscribe, now).unwrap(),
                TokenCheck::Unknown,
                "{verifier:?}"
            );
        }
        assert_ne!(unsubscribe_of_selector(&other, selector), token);
        assert_eq!(unsubscribe_of_selector(&key, selector), token);
    }

    /// Pins a confirm token's life: valid for its purpose only, expired
    /// after its expiry, and used once confirmed (`mark_used`).
    #[test]
    fn a_confirm_token_is_valid_then_expired_or_used() {
        let (_dir, mut store) = testing::store();
        let token = testing::pending(&mut store, &key(), "carl@example.org");
        let carl = store.find("carl@example.org").unwrap().unwrap().id;
        let now = crate::store::now();
        let check_at = |at| check(store.conn(), &token, Purpose::Confirm, at).unwrap();
        assert_eq!(check_at(now), TokenCheck::Valid { subscriber: carl });
        assert_eq!(
            check_at(now + chrono::Duration::days(8)),
            TokenCheck::Expired { subscriber: carl }
        );
        assert_eq!(
            check(store.conn(), &token, Purpose::Unsubscribe, now).unwrap(),
            TokenCheck::Unknown
        );
        mark_used(store.conn(), &token, now).unwrap();
        assert_eq!(check_at(now), TokenCheck::Used { subscriber: carl });
    }

    /// Pins how a verifier is stored: the SHA-256 of its hex, the part
    /// after the selector. Links mailed before an upgrade must still work
    /// against the rows an older version wrote.
    #[test]
    fn a_token_row_written_before_still_checks() {
        let (_dir, mut store) = testing::store();
        let key = key();
        let [anna] = testing::confirmed(&mut store, &key, &["anna@example.org"])[..] else {
            unreachable!()
        };
        let selector = "0123456789abcdef";
        let verifier = "00112233445566778899aabbccddeeff";
        store
            .conn()
            .execute(
                "INSERT INTO tokens (selector, verifier_hash, subscriber_id, purpose, created_at)
                 VALUES (?1, ?2, ?3, 'unsubscribe', '2026-01-01 00:00:00+00:00')",
                params![selector, &secret::sha256(verifier.as_bytes())[..], anna],
            )
            .unwrap();
        let token = Token::parse(&format!("{selector}{verifier}")).unwrap();
        assert_eq!(
            token.as_ref(),
            token.as_str(),
            "a link carries the whole token"
        );
        assert_eq!(
            check(
                store.conn(),
                &token,
                Purpose::Unsubscribe,
                crate::store::now()
            )
            .unwrap(),
            TokenCheck::Valid { subscriber: anna }
        );
    }

    #[test]
    fn a_token_prints_only_its_selector_in_logs() {
        let token = Token::parse(&"ab".repeat(TOKEN_LEN / 2)).unwrap();
        assert_eq!(
            format!("{token:?}"),
            format!("Token({}…)", "ab".repeat(SELECTOR_BYTES))
        );
    }
}
