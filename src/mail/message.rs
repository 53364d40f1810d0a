//! One newsletter message for one recipient: who it goes to and the way
//! back (`Outgoing`, `WayBack`), the List-Id, and the errors of building
//! it. The message itself is an `Edition` sealed for the recipient
//! (`mail::edition`): multipart/alternative with the text and HTML parts,
//! a stable Message-ID, List-Id, and one-click unsubscribe headers
//! (RFC 2369, RFC 8058).

use lettre::message::Mailbox;

use super::edition::{Edition, SealError, Sealed};
use crate::config::Config;
use crate::render::Email;

#[derive(Debug, thiserror::Error)]
pub enum MessageError {
    #[error("{}", self.message())]
    Mailbox {
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error("{}", self.message())]
    LineBreak { field: &'static str },
    #[error("{}", self.message())]
    Build(#[from] lettre::error::Error),
}

/// A subscriber's address as the envelope and the relay can take it: a
/// non-ASCII domain in its punycode form (`münchen.example` becomes
/// `xn--mnchen-3ya.example`). A non-ASCII local part stays as it is: it
/// goes out with SMTPUTF8 where the relay offers it (see `mail::smtp`).
pub fn recipient_address(address: &str) -> Result<lettre::Address, MessageError> {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let domain = idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_string());
    format!("{local}@{domain}")
        .parse()
        .map_err(|e: lettre::address::AddressError| MessageError::Mailbox {
            field: "to",
            value: address.to_string(),
            reason: e.to_string(),
        })
}

impl MessageError {
    /// What the staff reads, in their language.
    fn message(&self) -> String {
        match self {
            MessageError::Mailbox {
                field,
                value,
                reason,
            } => crate::t!(
                "mail-bad-mailbox",
                field = *field,
                quoted = format!("{value:?}"),
                value = value.as_str(),
                reason = reason.as_str(),
            ),
            MessageError::LineBreak { field } => crate::t!("mail-line-break", field = *field),
            MessageError::Build(e) => crate::t!("mail-build", problem = e.to_string()),
        }
    }
}

/// The way back from one message: the envelope sender bounce reports go
/// to, and the `mailto:` a mail client's unsubscribe button writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WayBack {
    pub return_path: lettre::Address,
    pub unsubscribe: lettre::Address,
}

impl WayBack {
    /// The addresses of `[inbox]`, each with its `+tag` when plus-addressing
    /// is on and the message has tags (a test copy to the staff has none).
    pub fn of(config: &Config, tags: Option<(&str, &str)>) -> WayBack {
        let inbox = &config.inbox;
        let return_path = inbox
            .return_path
            .clone()
            .unwrap_or_else(|| config.sender.from.email.clone());
        let unsubscribe = inbox
            .unsubscribe_address
            .clone()
            .unwrap_or_else(|| return_path.clone());
        match tags {
            Some((bounce, unsubscribe_tag)) if inbox.plus_addressing => WayBack {
                return_path: tagged(&return_path, bounce),
                unsubscribe: tagged(&unsubscribe, unsubscribe_tag),
            },
            _ => WayBack {
                return_path,
                unsubscribe,
            },
        }
    }
}

/// `local+tag@domain`. A tag is lower-case letters, digits and hyphens, so
/// the address stays valid; should it not, the address goes untagged.
fn tagged(address: &lettre::Address, tag: &str) -> lettre::Address {
    let local = address.user().split('+').next().unwrap_or(address.user());
    lettre::Address::new(format!("{local}+{tag}"), address.domain())
        .unwrap_or_else(|_| address.clone())
}

/// Who gets one message, and the per-recipient parts of it.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub to: Mailbox,
    pub unsubscribe_url: &'a str,
    pub preferences_url: &'a str,
    pub way_back: WayBack,
    /// Unique per issue and recipient, without angle brackets.
    pub message_id: String,
    /// `[TEST] ` for test sends.
    pub subject_prefix: &'a str,
}

pub fn parse_mailbox(field: &'static str, value: &str) -> Result<Mailbox, MessageError> {
    if value.contains(['\r', '\n']) {
        return Err(MessageError::LineBreak { field });
    }
    value
        .parse()
        .map_err(|e: lettre::address::AddressError| MessageError::Mailbox {
            field,
            value: value.to_string(),
            reason: e.to_string(),
        })
}

/// The List-Id of the site: its name and a label under the sender's domain.
/// The name is transliterated: RFC 2047 words are not decoded inside quotes.
pub fn list_id(config: &Config, from: &Mailbox) -> String {
    let name =
        crate::content::transliterate(&config.site.name).replace(['"', '\\', '\r', '\n'], "");
    format!("\"{name}\" <rundbrief.{}>", from.email.domain())
}

/// The message `email` personalised for `out.to`, unsigned, as a record
/// keeps it (8bit text). A send builds each `Edition` once instead and
/// seals it per recipient.
pub fn build_message(
    config: &Config,
    email: &Email,
    out: &Outgoing<'_>,
) -> Result<Sealed, MessageError> {
    let edition = Edition::new(config, email, out.subject_prefix)?;
    edition.seal(out, None, true).map_err(|e| match e {
        SealError::Message(e) => e,
        SealError::Dkim(_) => unreachable!("nothing is signed without a signer"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Config {
        crate::workspace::Workspace::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .config
    }

    /// Pins the way back of a message: both addresses tagged only when
    /// plus-addressing is on and the message has tags; the From address
    /// when no return path is set, the return path when no unsubscribe
    /// address is; a `+` already there replaced, not doubled.
    #[test]
    fn the_way_back_is_tagged_only_when_asked() {
        let tags = Some(("2026-q4-b", "2026-q4-u"));
        let cases = [
            (
                "tagged",
                Some("bounces@example.org"),
                Some("unsubscribe@example.org"),
                true,
                tags,
                "bounces+2026-q4-b@example.org",
                "unsubscribe+2026-q4-u@example.org",
            ),
            (
                "plus-addressing off",
                Some("bounces@example.org"),
                Some("unsubscribe@example.org"),
                false,
                tags,
                "bounces@example.org",
                "unsubscribe@example.org",
            ),
            (
                "a test copy",
                Some("bounces@example.org"),
                Some("unsubscribe@example.org"),
                true,
                None,
                "bounces@example.org",
                "unsubscribe@example.org",
            ),
            (
                "no unsubscribe address",
                Some("bounces@example.org"),
                None,
                true,
                tags,
                "bounces+2026-q4-b@example.org",
                "bounces+2026-q4-u@example.org",
            ),
            (
                "neither set",
                None,
                None,
                false,
                tags,
                "rundbrief@example.org",
                "rundbrief@example.org",
            ),
            (
                "a + already",
                Some("list+bounces@example.org"),
                None,
                true,
                tags,
                "list+2026-q4-b@example.org",
                "list+2026-q4-u@example.org",
            ),
        ];
        for (
            what,
            return_path,
            unsubscribe,
            plus_addressing,
            tags,
            want_return,
            want_unsubscribe,
        ) in cases
        {
            let mut config = sample();
            config.inbox.return_path = return_path.map(|a| a.parse().unwrap());
            config.inbox.unsubscribe_address = unsubscribe.map(|a| a.parse().unwrap());
            config.inbox.plus_addressing = plus_addressing;
            let way_back = WayBack::of(&config, tags);
            assert_eq!(way_back.return_path.to_string(), want_return, "{what}");
            assert_eq!(way_back.unsubscribe.to_string(), want_unsubscribe, "{what}");
        }
    }

    /// Pins the List-Id: the site's name, transliterated, and a label under
    /// the sender's domain.
    #[test]
    fn the_list_id_names_the_site_under_the_senders_domain() {
        let config = sample();
        assert_eq!(
            list_id(&config, &config.sender.from),
            "\"Netzwerkstelle Staedtepartnerschaften NRW\" <rundbrief.example.org>"
        );
    }

    /// Pins that an error names the field and the value the staff wrote.
    #[test]
    fn a_bad_mailbox_names_its_field_and_value() {
        let error = parse_mailbox("reply_to", "kein Postfach")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("reply_to") && error.contains("kein Postfach"),
            "{error}"
        );
        let error = parse_mailbox("from", "a@example.org\r\nBcc: b@example.org")
            .unwrap_err()
            .to_string();
        assert!(error.contains("from"), "{error}");
    }

    #[test]
    fn international_addresses_are_made_deliverable() {
        let cases = [
            ("anna@example.org", Some("anna@example.org")),
            ("anna@münchen.example", Some("anna@xn--mnchen-3ya.example")),
            (
                "Anna.B@Bücher.Example",
                Some("Anna.B@xn--bcher-kva.example"),
            ),
            // For a relay with SMTPUTF8; `mail::smtp` holds it back from others.
            ("jörg@example.org", Some("jörg@example.org")),
            ("jörg@münchen.example", Some("jörg@xn--mnchen-3ya.example")),
        ];
        for (address, expected) in cases {
            let got = recipient_address(address).ok().map(|a| a.to_string());
            assert_eq!(got.as_deref(), expected, "{address}");
        }
    }
}
