//! One newsletter message for one recipient: multipart/alternative with the
//! text and HTML parts, a stable Message-ID, List-Id, and one-click
//! unsubscribe headers (RFC 2369, RFC 8058). Built only through lettre's
//! builder, which normalises line endings in the bodies (see RUSTSEC-2026-0561).

use lettre::Message;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::ContentTransferEncoding;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};

use crate::config::Config;
use crate::render::{Email, Recipient};

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

/// Who gets one message, and the per-recipient parts of it.
#[derive(Debug, Clone)]
pub struct Outgoing<'a> {
    pub to: Mailbox,
    pub unsubscribe_url: &'a str,
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

fn header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

/// The List-Id of the site: its name and a label under the sender's domain.
/// The name is transliterated: RFC 2047 words are not decoded inside quotes.
pub fn list_id(config: &Config, from: &Mailbox) -> String {
    let name =
        crate::content::transliterate(&config.site.name).replace(['"', '\\', '\r', '\n'], "");
    format!("\"{name}\" <rundbrief.{}>", from.email.domain())
}

/// Builds the message `email` personalised for `out.to`.
pub fn build_message(
    config: &Config,
    email: &Email,
    out: &Outgoing<'_>,
) -> Result<Message, MessageError> {
    let from = config.sender.from.clone();
    let subject = format!("{}{}", out.subject_prefix, email.subject);
    if subject.contains(['\r', '\n']) {
        return Err(MessageError::LineBreak { field: "subject" });
    }
    let (html, text) = email.personalise(Recipient {
        name: out.to.name.as_deref(),
        unsubscribe_url: out.unsubscribe_url,
    });
    let mut unsubscribe = format!("<{}>", out.unsubscribe_url);
    if let Some(reply_to) = &config.sender.reply_to {
        let reply_to = reply_to.clone();
        unsubscribe.push_str(&format!(
            ", <mailto:{}?subject=unsubscribe>",
            reply_to.email
        ));
    }
    let mut builder = Message::builder()
        .from(from.clone())
        .to(out.to.clone())
        .subject(subject)
        .date_now()
        .message_id(Some(format!("<{}>", out.message_id)))
        .raw_header(header("List-Id", list_id(config, &from)))
        .raw_header(header("List-Unsubscribe", unsubscribe))
        .raw_header(header(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ))
        .raw_header(header("Content-Language", email.lang.code().into()));
    if let Some(reply_to) = &config.sender.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    // Base64 encodes the large HTML part several times faster than
    // quoted-printable, which was the top cost of a send (perf, 100,000 messages).
    let html = Body::new_with_encoding(html, ContentTransferEncoding::Base64)
        .map_err(|_| MessageError::LineBreak { field: "html" })?;
    let parts = MultiPart::alternative()
        .singlepart(SinglePart::plain(text))
        .singlepart(SinglePart::html(html));
    Ok(builder.multipart(parts)?)
}

/// The DKIM signer of `[smtp.dkim]`; the signature covers the unsubscribe
/// headers too, so that no relay can alter them unnoticed.
pub fn dkim_signer(
    dkim: &crate::config::Dkim,
    root: &std::path::Path,
) -> Result<DkimConfig, DkimError> {
    let path = root.join(&dkim.key_file);
    let key = std::fs::read_to_string(&path)
        .map_err(|e| DkimError(format!("{}: {e}", path.display())))?;
    let algorithm = match dkim.algorithm {
        crate::config::DkimAlgorithm::Rsa => DkimSigningAlgorithm::Rsa,
        crate::config::DkimAlgorithm::Ed25519 => DkimSigningAlgorithm::Ed25519,
    };
    let key = DkimSigningKey::new(key.trim(), algorithm).map_err(|e| {
        DkimError(crate::t!(
            "mail-dkim-bad-key",
            path = path.display().to_string(),
            algorithm = format!("{:?}", dkim.algorithm),
            problem = e.to_string(),
        ))
    })?;
    let headers = [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "Reply-To",
        "MIME-Version",
        "Content-Type",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
    ]
    .into_iter()
    .map(HeaderName::new_from_ascii_str)
    .collect();
    Ok(DkimConfig::new(
        dkim.selector.clone(),
        dkim.domain.clone(),
        key,
        headers,
        DkimCanonicalization {
            header: DkimCanonicalizationType::Relaxed,
            body: DkimCanonicalizationType::Relaxed,
        },
    ))
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("DKIM: {0}")]
pub struct DkimError(String);

#[cfg(test)]
mod tests {
    use super::*;

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
