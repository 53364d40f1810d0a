//! Tokens in confirm and unsubscribe links. A token is a selector, which finds
//! the row, and a verifier of 128 bits, of which only a hash is stored and
//! which is compared in constant time. Confirm tokens are random and expire;
//! an unsubscribe token is derived from the secret key, so each issue can
//! print it again without the database holding it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::consent::text_enum;
use crate::secret::{self, SecretKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Unsubscribe,
}

text_enum!(Purpose {
    Confirm => "confirm",
    Unsubscribe => "unsubscribe",
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
    // One read of the system's randomness for both halves: imports make
    // 100,000 of these.
    let random = secret::random_bytes::<{ SELECTOR_BYTES + VERIFIER_BYTES }>();
    let (selector, verifier) = random.split_at(SELECTOR_BYTES);
    let token = Token::new(&secret::hex(selector), verifier);
    store_token(
        conn,
        subscriber,
        Purpose::Confirm,
        &token,
        now,
        Some(expires),
    )?;
    Ok(token)
}

fn unsubscribe_verifier(key: &SecretKey, selector: &str) -> [u8; VERIFIER_BYTES] {
    let mac = key.mac("unsubscribe-token", selector.as_bytes());
    mac[..VERIFIER_BYTES].try_into().expect("a MAC is 32 bytes")
}

/// The unsubscribe token of a stored selector.
pub(super) fn unsubscribe_of_selector(key: &SecretKey, selector: &str) -> Token {
    Token::new(selector, &unsubscribe_verifier(key, selector))
}

/// The subscriber's unsubscribe token: the same in every issue they receive.
pub(super) fn unsubscribe_token(
    conn: &Connection,
    key: &SecretKey,
    subscriber: i64,
    now: DateTime<Utc>,
) -> rusqlite::Result<Token> {
    let existing: Option<String> = conn
        .prepare_cached(
            "SELECT selector FROM tokens WHERE subscriber_id = ?1 AND purpose = 'unsubscribe'",
        )?
        .query_row([subscriber], |row| row.get(0))
        .optional()?;
    let selector = if let Some(selector) = existing {
        selector
    } else {
        let selector = secret::hex(&secret::random_bytes::<SELECTOR_BYTES>());
        let token = Token::new(&selector, &unsubscribe_verifier(key, &selector));
        store_token(conn, subscriber, Purpose::Unsubscribe, &token, now, None)?;
        selector
    };
    Ok(Token::new(&selector, &unsubscribe_verifier(key, &selector)))
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

    #[test]
    fn only_well_formed_tokens_parse() {
        assert!(Token::parse(&"a1".repeat(TOKEN_LEN / 2)).is_some());
        assert!(Token::parse(&"A1".repeat(TOKEN_LEN / 2)).is_none());
        assert!(Token::parse("abc").is_none());
        assert!(Token::parse(&format!("{}/..", "a".repeat(TOKEN_LEN - 3))).is_none());
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
