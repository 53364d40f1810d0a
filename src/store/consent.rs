//! The consent log: one append-only row per change of a subscriber's state,
//! with when, how, from where, and which consent text they saw. This is the
//! proof of double opt-in that German practice asks for.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use super::{Store, StoreError};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Someone asked to subscribe the address; it is pending.
    Requested,
    ConfirmationSent,
    Confirmed,
    /// Imported as confirmed: consent was obtained elsewhere (`detail` says how).
    ConsentImported,
    Unsubscribed,
    Bounced,
    Complained,
    /// An unsubscribed address asked to subscribe again; it is pending.
    Resubscribed,
    /// The reader changed name, language or interests (`detail` says which).
    PreferencesChanged,
    /// The reader asked to move to a new address; a confirm link went there.
    AddressChangeRequested,
    /// The new address was confirmed and replaced the old one.
    AddressChanged,
    /// The personal preferences link was replaced; the old one is void.
    LinkRenewed,
}

/// Through which door it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Form,
    Import,
    Cli,
    /// A link from an email, followed and confirmed in the browser.
    Link,
    /// RFC 8058: the mail client's unsubscribe button.
    OneClick,
    /// The SMTP server's answer while sending.
    Smtp,
    /// A mail that came back to the return mailbox: a bounce report, a
    /// complaint, or a mail client's unsubscribe (`detail` cites it).
    Mail,
    /// The reader's own preferences page.
    Page,
}

/// A text that names none of a kind's values (a state, an event, a source).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", crate::t!(
    "store-unknown-value",
    kind = *kind,
    value = format!("{value:?}"),
    known = known.join(", "),
))]
pub struct UnknownValue {
    pub kind: &'static str,
    pub value: String,
    pub known: &'static [&'static str],
}

macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::store::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::store::UnknownValue {
                        kind: stringify!($name),
                        value: s.to_string(),
                        known: &[$($text),+],
                    }),
                }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e: $crate::store::UnknownValue| rusqlite::types::FromSqlError::Other(e.into()))
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(EventKind {
    Requested => "requested",
    ConfirmationSent => "confirmation-sent",
    Confirmed => "confirmed",
    ConsentImported => "consent-imported",
    Unsubscribed => "unsubscribed",
    Bounced => "bounced",
    Complained => "complained",
    Resubscribed => "resubscribed",
    PreferencesChanged => "preferences-changed",
    AddressChangeRequested => "address-change-requested",
    AddressChanged => "address-changed",
    LinkRenewed => "link-renewed",
});

text_enum!(Source {
    Form => "form",
    Import => "import",
    Cli => "cli",
    Link => "link",
    OneClick => "one-click",
    Smtp => "smtp",
    Mail => "mail",
    Page => "page",
});

/// Where a change came from: the door, and the client when there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub source: Source,
    pub ip: Option<IpAddr>,
    pub user_agent: Option<String>,
}

impl Origin {
    pub fn new(source: Source) -> Origin {
        Origin {
            source,
            ip: None,
            user_agent: None,
        }
    }

    /// A request from a client, with its address and user agent.
    pub fn client(source: Source, ip: IpAddr, user_agent: Option<&str>) -> Origin {
        // A user agent is evidence, not storage: keep the useful beginning.
        let user_agent = user_agent.map(|ua| ua.chars().take(512).collect());
        Origin {
            source,
            ip: Some(ip),
            user_agent,
        }
    }
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentEvent {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub source: Source,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub consent_version: Option<String>,
    pub detail: Option<String>,
}

/// Appends an event; the only way rows enter the log.
pub(super) fn append(
    conn: &Connection,
    subscriber: i64,
    kind: EventKind,
    at: DateTime<Utc>,
    origin: &Origin,
    consent_version: Option<&str>,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    Appender::new(conn)?.append(subscriber, kind, &at, origin, consent_version, detail)
}

/// How many events one statement of [`append_each`] writes at most.
pub(super) const EVENTS_AT_ONCE: usize = 100;

/// Appends the same event for each of `subscribers` (at most
/// [`EVENTS_AT_ONCE`]), in their order, in one statement: an import's
/// rows all have the same one, and one statement a row costs more than
/// the row (the checks of `kind` and `source` are set up anew each time).
pub(super) fn append_each(
    conn: &Connection,
    subscribers: &[i64],
    kind: EventKind,
    at: &dyn rusqlite::ToSql,
    origin: &Origin,
    consent_version: Option<&str>,
    detail: Option<&str>,
) -> rusqlite::Result<()> {
    use std::fmt::Write;
    if subscribers.is_empty() {
        return Ok(());
    }
    let mut sql = String::from(
        "INSERT INTO consent_events
             (subscriber_id, kind, at, source, ip, user_agent, consent_version, detail)
         VALUES ",
    );
    for n in 0..subscribers.len() {
        let comma = if n == 0 { "" } else { ", " };
        let _ = write!(sql, "{comma}(?{}, ?1, ?2, ?3, ?4, ?5, ?6, ?7)", n + 8);
    }
    let ip = origin.ip.map(|ip| ip.to_string());
    let mut values: Vec<&dyn rusqlite::ToSql> = vec![
        &kind,
        at,
        &origin.source,
        &ip,
        &origin.user_agent,
        &consent_version,
        &detail,
    ];
    values.extend(subscribers.iter().map(|id| id as &dyn rusqlite::ToSql));
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(values))?;
    Ok(())
}

/// [`append`] for many events in a row (an import's): the statement is
/// prepared once.
pub(super) struct Appender<'c>(rusqlite::CachedStatement<'c>);

impl<'c> Appender<'c> {
    pub(super) fn new(conn: &'c Connection) -> rusqlite::Result<Self> {
        conn.prepare_cached(
            "INSERT INTO consent_events
                 (subscriber_id, kind, at, source, ip, user_agent, consent_version, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .map(Appender)
    }

    /// `at` as any value SQLite takes for a time: an import binds the one
    /// `now` of all its rows written out once.
    pub(super) fn append(
        &mut self,
        subscriber: i64,
        kind: EventKind,
        at: &dyn rusqlite::ToSql,
        origin: &Origin,
        consent_version: Option<&str>,
        detail: Option<&str>,
    ) -> rusqlite::Result<()> {
        self.0.execute(params![
            subscriber,
            kind,
            at,
            origin.source,
            origin.ip.map(|ip| ip.to_string()),
            origin.user_agent,
            consent_version,
            detail,
        ])?;
        Ok(())
    }
}

impl Store {
    /// A subscriber's whole consent history, oldest first.
    pub fn history(&self, subscriber: i64) -> Result<Vec<ConsentEvent>, StoreError> {
        let mut statement = self.conn().prepare_cached(
            "SELECT kind, at, source, ip, user_agent, consent_version, detail
             FROM consent_events WHERE subscriber_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([subscriber], |row| {
            Ok(ConsentEvent {
                kind: row.get(0)?,
                at: row.get(1)?,
                source: row.get(2)?,
                ip: row.get(3)?,
                user_agent: row.get(4)?,
                consent_version: row.get(5)?,
                detail: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
