//! A subscriber's email address, validated once at the edge: the form as the
//! person gave it, and the canonical form that makes addresses unique
//! (NFC, case folded, domain IDNA-encoded).

use std::fmt;

use email_address::{EmailAddress, Options};
use unicode_normalization::UnicodeNormalization;

use crate::t;

/// RFC 5321 limits a path to 256 octets, so an address to 254.
pub const MAX_LEN: usize = 254;

/// A syntactically valid address with a domain of at least two labels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    given: String,
    canonical: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadAddress {
    Empty,
    LineBreak,
    TooLong,
    /// The address as given, and why it is not one (in the staff's language).
    Invalid(String, String),
}

impl fmt::Display for BadAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            BadAddress::Empty => t!("address-empty"),
            BadAddress::LineBreak => t!("address-line-break"),
            BadAddress::TooLong => t!("address-too-long", max = MAX_LEN),
            BadAddress::Invalid(address, reason) => t!(
                "address-invalid",
                address = address.as_str(),
                reason = reason.as_str()
            ),
        })
    }
}

impl std::error::Error for BadAddress {}

/// Why `email_address` refused an address, in the staff's language.
fn reason(e: &email_address::Error) -> String {
    use email_address::Error as E;
    let id = match e {
        E::InvalidCharacter => "invalid-character",
        E::MissingSeparator => "missing-separator",
        E::LocalPartEmpty => "local-part-empty",
        E::LocalPartTooLong => "local-part-too-long",
        E::DomainEmpty => "domain-empty",
        E::DomainTooLong => "domain-too-long",
        E::SubDomainEmpty => "sub-domain-empty",
        E::SubDomainTooLong => "sub-domain-too-long",
        E::DomainTooFew => "domain-too-few",
        E::DomainInvalidSeparator => "domain-invalid-separator",
        E::UnbalancedQuotes => "unbalanced-quotes",
        E::InvalidComment => "invalid-comment",
        E::UnsupportedDomainLiteral => "domain-literal",
        E::UnsupportedDisplayName | E::MissingDisplayName | E::MissingEndBracket => "display-name",
        E::InvalidIPAddress => "other",
    };
    t!("address-reason", reason = id, original = e.to_string())
}

impl Address {
    pub fn parse(text: &str) -> Result<Address, BadAddress> {
        if text.contains(['\r', '\n']) {
            return Err(BadAddress::LineBreak);
        }
        let given = text
            .trim()
            .trim_start_matches("mailto:")
            .nfc()
            .collect::<String>();
        if given.is_empty() {
            return Err(BadAddress::Empty);
        }
        if given.len() > MAX_LEN {
            return Err(BadAddress::TooLong);
        }
        let options = Options {
            minimum_sub_domains: 2,
            allow_domain_literal: false,
            allow_display_text: false,
            ..Options::default()
        };
        let parsed = EmailAddress::parse_with_options(&given, options)
            .map_err(|e| BadAddress::Invalid(given.clone(), reason(&e)))?;
        let domain = idna::domain_to_ascii(parsed.domain()).map_err(|_| {
            let reason = t!(
                "address-reason",
                reason = "domain-not-a-name",
                original = "the domain is not a valid name"
            );
            BadAddress::Invalid(given.clone(), reason)
        })?;
        // RFC 5321 lets a server treat local parts case-sensitively; no provider
        // does, and two rows for Anna@ and anna@ would mail her twice.
        let canonical = format!("{}@{domain}", parsed.local_part().to_lowercase());
        Ok(Address { given, canonical })
    }

    /// As the person wrote it (trimmed, NFC): the address mail is sent to.
    pub fn as_str(&self) -> &str {
        &self.given
    }

    /// The form two addresses are compared in.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The mailbox an address delivers to, for counting what reaches one
    /// person: a plus-tag is dropped (`anna+1@` reaches `anna@`), and at
    /// providers known to ignore dots in the local part those are dropped
    /// too. Only for limits: mail still goes to the address as given, and a
    /// tagged address stays a subscriber of its own.
    pub fn mailbox_key(&self) -> String {
        let (local, domain) = self
            .canonical
            .rsplit_once('@')
            .unwrap_or((self.canonical.as_str(), ""));
        let local = match local.split_once('+') {
            Some((base, _)) if !base.is_empty() => base,
            _ => local,
        };
        match domain {
            "gmail.com" | "googlemail.com" => format!("{}@gmail.com", local.replace('.', "")),
            _ => format!("{local}@{domain}"),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.given)
    }
}

impl std::str::FromStr for Address {
    type Err = BadAddress;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Address::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_ignores_case_and_encodes_the_domain() {
        let a = Address::parse("  Anna.Schmidt@Städte-Partner.DE ").unwrap();
        assert_eq!(a.as_str(), "Anna.Schmidt@Städte-Partner.DE");
        assert_eq!(a.canonical(), "anna.schmidt@xn--stdte-partner-cfb.de");
        let b = Address::parse("anna.schmidt@städte-partner.de").unwrap();
        assert_eq!(a.canonical(), b.canonical());
    }

    #[test]
    fn composed_and_decomposed_umlauts_are_the_same_address() {
        let composed = Address::parse("jürgen@example.org").unwrap();
        let decomposed = Address::parse("ju\u{0308}rgen@example.org").unwrap();
        assert_eq!(composed.canonical(), decomposed.canonical());
    }

    #[test]
    fn bad_addresses_are_refused_with_a_reason() {
        assert_eq!(Address::parse(""), Err(BadAddress::Empty));
        assert_eq!(
            Address::parse("a@example.org\r\nBcc: x@example.org"),
            Err(BadAddress::LineBreak)
        );
        assert!(matches!(
            Address::parse("kein-at-zeichen"),
            Err(BadAddress::Invalid(..))
        ));
        assert!(matches!(
            Address::parse("a@localhost"),
            Err(BadAddress::Invalid(..))
        ));
        assert!(matches!(
            Address::parse("Anna <a@example.org>"),
            Err(BadAddress::Invalid(..))
        ));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Address::parse(&long), Err(BadAddress::TooLong));
    }

    #[test]
    fn the_mailbox_key_folds_what_reaches_one_mailbox() {
        let cases = [
            ("Victim@Example.org", "victim@example.org"),
            ("victim+1@example.org", "victim@example.org"),
            ("victim+a+b@example.org", "victim@example.org"),
            ("+only@example.org", "+only@example.org"),
            ("vic.tim@example.org", "vic.tim@example.org"),
            ("Vic.Tim+x@gmail.com", "victim@gmail.com"),
            ("v.i.c.t.i.m@googlemail.com", "victim@gmail.com"),
        ];
        for (given, key) in cases {
            let address = Address::parse(given).unwrap();
            assert_eq!(address.mailbox_key(), key, "{given}");
            assert_eq!(address.as_str(), given, "the address itself is kept");
        }
    }
}
