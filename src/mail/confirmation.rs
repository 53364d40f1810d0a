//! The mails of the double opt-in as MIME messages: the confirmation, and
//! the welcome after it, with the rendered parts in the subscriber's
//! language, from the configured sender.

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};

use super::message::{MessageError, WayBack};
use crate::config::Config;
use crate::locale::{Catalog, args};

/// Builds the confirmation mail to `to`.
pub fn build(
    config: &Config,
    catalog: &Catalog,
    to: Mailbox,
    way_back: &WayBack,
    html: String,
    text: String,
) -> Result<Message, MessageError> {
    let subject = catalog.format(
        "confirm-mail-subject",
        &args([("site", config.site.name.as_str())]),
    );
    build_notice(config, subject, to, way_back, html, text)
}

/// Builds a mail the reader asked for (a confirmation, their preferences
/// link): `subject` to `to`, marked as auto-generated.
pub fn build_notice(
    config: &Config,
    subject: String,
    to: Mailbox,
    way_back: &WayBack,
    html: String,
    text: String,
) -> Result<Message, MessageError> {
    let from = config.sender.from.clone();
    if subject.contains(['\r', '\n']) {
        return Err(MessageError::LineBreak { field: "site.name" });
    }
    // Tagged like an issue: a confirmation mail to a dead address bounces.
    let envelope =
        lettre::address::Envelope::new(Some(way_back.return_path.clone()), vec![to.email.clone()])?;
    let mut builder = Message::builder()
        .envelope(envelope)
        .from(from)
        .to(to)
        .subject(subject)
        .date_now()
        // In the sender's domain, and telling nothing about the database.
        .message_id(Some(format!(
            "<{}>",
            crate::store::message_id_of(
                "confirm",
                &crate::secret::hex(&crate::secret::random_bytes::<8>()),
                config.sender.from.email.domain(),
            )
        )))
        .raw_header(lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".into(),
        ));
    if let Some(reply_to) = &config.sender.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    Ok(builder.multipart(MultiPart::alternative_plain_html(text, html))?)
}

/// Builds the welcome mail to `to`, a confirmed subscriber: like an issue,
/// it carries the List headers, so the mail client's unsubscribe button
/// works from the first mail on.
pub fn build_welcome(
    config: &Config,
    catalog: &Catalog,
    to: Mailbox,
    way_back: &WayBack,
    unsubscribe_url: &str,
    html: String,
    text: String,
) -> Result<Message, MessageError> {
    let header = |name: &'static str, value: String| {
        lettre::message::header::HeaderValue::new(
            lettre::message::header::HeaderName::new_from_ascii_str(name),
            value,
        )
    };
    let from = config.sender.from.clone();
    let subject = catalog.format(
        "welcome-mail-subject",
        &args([("site", config.site.name.as_str())]),
    );
    if subject.contains(['\r', '\n']) {
        return Err(MessageError::LineBreak { field: "site.name" });
    }
    let envelope =
        lettre::address::Envelope::new(Some(way_back.return_path.clone()), vec![to.email.clone()])?;
    let unsubscribe = format!(
        "<{unsubscribe_url}>, <mailto:{}?subject=unsubscribe>",
        way_back.unsubscribe
    );
    let mut builder = Message::builder()
        .envelope(envelope)
        .from(from.clone())
        .to(to)
        .subject(subject)
        .date_now()
        .message_id(Some(format!(
            "<{}>",
            crate::store::message_id_of(
                "welcome",
                &crate::secret::hex(&crate::secret::random_bytes::<8>()),
                config.sender.from.email.domain(),
            )
        )))
        .raw_header(header("Auto-Submitted", "auto-generated".into()))
        .raw_header(header("List-Id", super::message::list_id(config, &from)))
        .raw_header(header("List-Unsubscribe", unsubscribe))
        .raw_header(header(
            "List-Unsubscribe-Post",
            "List-Unsubscribe=One-Click".into(),
        ))
        .raw_header(header("Content-Language", catalog.lang().code().into()));
    if let Some(reply_to) = &config.sender.reply_to {
        builder = builder.reply_to(reply_to.clone());
    }
    Ok(builder.multipart(MultiPart::alternative_plain_html(text, html))?)
}
