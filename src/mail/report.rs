//! Reading one mail that came back to the newsletter's return mailbox: a
//! bounce (standard RFC 3464 DSN or a provider's own text), a delay notice,
//! an abuse report (ARF, RFC 5965), an out-of-office reply, or a mail a
//! person wrote (a reply, or a mail client's List-Unsubscribe mailto).
//! Bytes in, facts out: no tokens are checked and nothing is looked up here;
//! the use case decides what a fact means for a subscriber.

use std::collections::HashSet;
use std::fmt;

use mail_parser::{Address, HeaderValue, Message, MessageParser, MimeHeaders, PartType};

/// A diagnostic longer than this (in characters) is cut: enough for any
/// server's one-line answer, not a whole transcript.
const DIAGNOSTIC_MAX: usize = 300;

/// How much of the text bodies the heuristics read. Returned originals can
/// carry megabytes of attachments; the failure is stated near the top.
const TEXT_MAX: usize = 256 * 1024;

/// A non-standard bounce lists at most this many failed addresses.
const MAX_RECIPIENTS: usize = 50;

/// What one returned mail is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The Message-ID of the returned mail itself (without <>), if any: the
    /// key for "already processed".
    pub message_id: Option<String>,
    /// The decoded subject, empty when there is none.
    pub subject: String,
    /// The From address of the returned mail as written, if any.
    pub from: Option<String>,
    /// Plus-tags of the addresses the mail was delivered to, from
    /// Delivered-To, X-Original-To, Envelope-To, To, Cc (in that order,
    /// deduplicated): for `bounces+2026-q4-1a2b…@example.org` the tag is
    /// `2026-q4-1a2b…`. Only the part after the first '+' of the local part,
    /// lowercased.
    pub tags: Vec<String>,
    /// Message-IDs (without <>) of the returned original: from a
    /// text/rfc822-headers or message/rfc822 part, from quoted headers in a
    /// bounce's text, from the DSN's (X-)Original-Message-ID; then the
    /// report's own In-Reply-To and References. Deduplicated, in that order.
    pub original_message_ids: Vec<String>,
    pub kind: Kind,
}

/// What kind of mail came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A delivery failure report, standard (RFC 3464 multipart/report;
    /// report-type=delivery-status) or not. A standard one lists each failed
    /// recipient; a non-standard one lists the addresses in its
    /// X-Failed-Recipients header, else the first address its text names
    /// (else the original's To), at least one Failure in any case.
    Bounce(Vec<Failure>),
    /// A DSN whose every recipient has Action: delayed / relayed / delivered
    /// / expanded, or a non-standard delay warning (Exim's "Warning: message
    /// … delayed"): not a failure.
    Delay,
    /// An abuse/feedback report (ARF, RFC 5965, report-type=feedback-report).
    Complaint(Complaint),
    /// Out-of-office, vacation, "Abwesenheitsnotiz", Auto-Submitted:
    /// auto-replied that is not a bounce, X-Autoreply, Precedence:
    /// auto_reply, and read receipts (RFC 8098 disposition notifications).
    AutoReply,
    /// A mail written by a person (or a mail client's mailto: unsubscribe),
    /// and whatever else is none of the above. The use case decides by the
    /// tag and subject whether it is an unsubscribe.
    Personal,
}

/// One recipient a bounce reports as failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Original-Recipient when it is rfc822, else Final-Recipient; or the
    /// address named by a non-standard bounce. Without "rfc822;" and <>.
    pub recipient: Option<String>,
    /// The enhanced status code (RFC 3463), e.g. 5.1.1.
    pub status: Option<StatusCode>,
    /// Permanent (5.x.x, 5xx, or a text that does not say it is temporary)
    /// rather than transient (4.x.x, 4xx, "temporary").
    pub permanent: bool,
    /// Diagnostic-Code text (without the "smtp;" type), or the server's
    /// answer quoted in a non-standard bounce; one line, at most 300
    /// characters; empty when the report gives none.
    pub diagnostic: String,
}

/// An enhanced mail system status code (RFC 3463): class.subject.detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusCode {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent).
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
}

/// What an ARF report says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complaint {
    /// Feedback-Type, lowercased: abuse, fraud, virus, not-spam,
    /// auth-failure, other; empty when the report lacks it.
    pub feedback_type: String,
    /// Original-Rcpt-To, else the To of the returned message.
    pub recipient: Option<String>,
    pub user_agent: Option<String>,
    /// Reporting-MTA (without "dns;"), else the From of the report.
    pub reported_by: Option<String>,
    /// Original-Mail-From (without <>): the envelope sender of the reported
    /// mail, which carries its VERP tag when the report keeps it.
    pub original_mail_from: Option<String>,
}

impl StatusCode {
    /// Reads a status code at the start of `text` (after blanks and an
    /// optional '#'), e.g. "5.1.1 (bad destination mailbox address)".
    pub fn parse(text: &str) -> Option<StatusCode> {
        let text = text.trim_start();
        let text = text.strip_prefix('#').unwrap_or(text);
        status_at(text.as_bytes(), 0).map(|(code, _)| code)
    }

    /// Class 5: retrying will not help.
    pub fn is_permanent(self) -> bool {
        self.class == 5
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

/// Reads one raw mail (RFC 5322 bytes, CRLF or LF). Never panics; a mail
/// that cannot be parsed at all is an empty `Personal` report.
pub fn read(raw: &[u8]) -> Report {
    let Some(message) = MessageParser::default().parse(raw) else {
        return unreadable();
    };
    if message.parts.is_empty() {
        return unreadable();
    }
    let envelope = Envelope::of(&message);
    let attached = Attached::of(&message);
    let text = body_text(&message);
    let kind = classify(&envelope, &attached, &text);

    let mut original_message_ids = attached.original_ids.clone();
    if matches!(kind, Kind::Bounce(_) | Kind::Delay) {
        original_message_ids.extend(message_ids_in(&text));
    }
    for value in [message.in_reply_to(), message.references()] {
        original_message_ids.extend(header_texts(value));
    }

    Report {
        message_id: message
            .message_id()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string),
        subject: envelope.subject,
        from: envelope.from,
        tags: envelope.tags,
        original_message_ids: unique(original_message_ids),
        kind,
    }
}

fn unreadable() -> Report {
    Report {
        message_id: None,
        subject: String::new(),
        from: None,
        tags: Vec::new(),
        original_message_ids: Vec::new(),
        kind: Kind::Personal,
    }
}

/// The returned mail's own header facts.
struct Envelope {
    subject: String,
    from: Option<String>,
    from_name: Option<String>,
    tags: Vec<String>,
    /// Every address the mail was delivered to or is from, lowercased: a
    /// bounce text names them too (as MAIL FROM), but they are never the
    /// failed recipient.
    own: HashSet<String>,
    null_return_path: bool,
    auto_reply_headers: bool,
    failed_recipients: Vec<String>,
}

impl Envelope {
    fn of(message: &Message<'_>) -> Envelope {
        let first_from = message.from().and_then(Address::first);
        let from = first_from
            .and_then(|a| a.address())
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        let from_name = first_from.and_then(|a| a.name()).map(str::to_string);

        let mut delivered = Vec::new();
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
            for value in raw_headers(message, name) {
                delivered.extend(addresses_in(value).into_iter().map(|(_, a)| a.to_string()));
            }
        }
        for address in [message.to(), message.cc()].into_iter().flatten() {
            delivered.extend(
                address
                    .iter()
                    .filter_map(|a| a.address())
                    .map(|a| a.trim().to_string()),
            );
        }
        let tags = unique(delivered.iter().filter_map(|a| plus_tag(a)).collect());
        let mut own: HashSet<String> = delivered.iter().map(|a| a.to_ascii_lowercase()).collect();
        own.extend(from.iter().map(|a| a.to_ascii_lowercase()));

        let null_return_path = raw_headers(message, "Return-Path")
            .next()
            .is_some_and(|v| matches!(v.trim(), "" | "<>"));

        let failed_recipients = raw_headers(message, "X-Failed-Recipients")
            .flat_map(|v| addresses_in(v).into_iter().map(|(_, a)| a.to_string()))
            .collect();

        Envelope {
            subject: message.subject().unwrap_or_default().trim().to_string(),
            from,
            from_name,
            tags,
            own,
            null_return_path,
            auto_reply_headers: has_auto_reply_headers(message),
            failed_recipients,
        }
    }

    fn sent_by_mailer(&self) -> bool {
        let local = self
            .from
            .as_deref()
            .and_then(|a| a.rsplit_once('@'))
            .map(|(local, _)| local.to_ascii_lowercase());
        if local
            .as_deref()
            .is_some_and(|l| l.starts_with("mailer-daemon") || l == "postmaster")
        {
            return true;
        }
        let name = self.from_name.as_deref().unwrap_or_default().to_lowercase();
        [
            "mail delivery system",
            "mail delivery subsystem",
            "microsoft outlook",
            "mailer-daemon",
        ]
        .iter()
        .any(|n| name.contains(n))
    }

    fn is_own(&self, address: &str) -> bool {
        let lower = address.to_ascii_lowercase();
        if self.own.contains(&lower) {
            return true;
        }
        let local = lower.rsplit_once('@').map_or("", |(l, _)| l);
        local.starts_with("mailer-daemon") || local == "postmaster"
    }
}

/// RFC 3834 and the vendors' own marks of a machine's answer.
fn has_auto_reply_headers(message: &Message<'_>) -> bool {
    message.headers_raw().any(|(name, value)| {
        let value = value.trim().to_ascii_lowercase();
        match name.to_ascii_lowercase().as_str() {
            "auto-submitted" => value.starts_with("auto-replied"),
            "x-autoreply" | "x-autorespond" | "x-autoresponder" => {
                !value.is_empty() && value != "no"
            }
            "precedence" => value == "auto_reply",
            "x-apple-action" => value == "vacation",
            _ => false,
        }
    })
}

/// What the report carries besides its text: DSN and ARF fields, the
/// returned original's headers.
#[derive(Default)]
struct Attached {
    report_type: String,
    delivery_status: Vec<String>,
    feedback: Vec<String>,
    disposition: bool,
    original_ids: Vec<String>,
    original_to: Option<String>,
}

impl Attached {
    fn of(message: &Message<'_>) -> Attached {
        let mut attached = Attached::default();
        if let Some(ct) = message.parts[0].content_type()
            && ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
        {
            attached.report_type = ct
                .attributes()
                .unwrap_or_default()
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case("report-type"))
                .map(|a| a.value.trim().to_ascii_lowercase())
                .unwrap_or_default();
        }
        for part in &message.parts {
            let Some(ct) = part.content_type() else {
                continue;
            };
            let ctype = ct.ctype().to_ascii_lowercase();
            let subtype = ct.subtype().unwrap_or_default().to_ascii_lowercase();
            match (ctype.as_str(), subtype.as_str()) {
                ("message", "delivery-status" | "global-delivery-status") => {
                    let fields = lossy(part.contents());
                    attached.original_ids.extend(message_ids_in(&fields));
                    attached.delivery_status.push(fields);
                }
                ("message", "feedback-report") => {
                    attached.feedback.push(lossy(part.contents()));
                }
                ("message", "disposition-notification" | "global-disposition-notification") => {
                    attached.disposition = true;
                }
                ("message", "rfc822" | "global") | (_, "rfc822-headers") => {
                    if let PartType::Message(original) = &part.body {
                        attached.add_original(original);
                    } else {
                        attached.add_original_headers(&lossy(part.contents()));
                    }
                }
                _ => {}
            }
        }
        attached
    }

    fn add_original(&mut self, original: &Message<'_>) {
        if let Some(id) = original
            .message_id()
            .map(str::trim)
            .filter(|id| !id.is_empty())
        {
            self.original_ids.push(id.to_string());
        }
        if self.original_to.is_none() {
            self.original_to = original
                .to()
                .and_then(Address::first)
                .and_then(|a| a.address())
                .map(|a| a.trim().to_string());
        }
    }

    fn add_original_headers(&mut self, headers: &str) {
        self.original_ids.extend(message_ids_in(headers));
        if self.original_to.is_none() {
            self.original_to = header_block_to(headers);
        }
    }

    fn is_delivery_status(&self) -> bool {
        self.report_type == "delivery-status" || !self.delivery_status.is_empty()
    }

    fn is_feedback(&self) -> bool {
        self.report_type == "feedback-report" || !self.feedback.is_empty()
    }

    fn is_disposition(&self) -> bool {
        self.report_type == "disposition-notification" || self.disposition
    }
}

/// The text/plain bodies, joined and capped.
fn body_text(message: &Message<'_>) -> String {
    let mut text = String::new();
    for part in message.text_bodies() {
        if let PartType::Text(body) = &part.body {
            text.push_str(body);
            text.push('\n');
        }
        if text.len() >= TEXT_MAX {
            break;
        }
    }
    let mut end = text.len().min(TEXT_MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn classify(envelope: &Envelope, attached: &Attached, text: &str) -> Kind {
    // A DSN is a bounce by its content type, whatever else it says of itself
    // (Postfix and Exim mark bounces Auto-Submitted: auto-replied).
    if attached.is_delivery_status() {
        return delivery_status(envelope, attached, text);
    }
    if attached.is_feedback() {
        return Kind::Complaint(complaint(envelope, attached));
    }
    if attached.is_disposition() {
        return Kind::AutoReply;
    }
    match subject_says(&envelope.subject) {
        Some(Says::Absent) => return Kind::AutoReply,
        Some(Says::Delay) => return Kind::Delay,
        Some(Says::Bounce) => return Kind::Bounce(text_failures(envelope, attached, text)),
        None => {}
    }
    if envelope.sent_by_mailer() {
        return Kind::Bounce(text_failures(envelope, attached, text));
    }
    if envelope.auto_reply_headers {
        return Kind::AutoReply;
    }
    // Vacation responders also answer with an empty envelope sender, so an
    // empty Return-Path alone is not enough: the text must read like one.
    if envelope.null_return_path && reads_like_bounce(text) {
        return Kind::Bounce(text_failures(envelope, attached, text));
    }
    Kind::Personal
}

fn delivery_status(envelope: &Envelope, attached: &Attached, text: &str) -> Kind {
    let mut failures = Vec::new();
    let mut recipients = 0;
    for body in &attached.delivery_status {
        for group in field_groups(body) {
            let recipient_group = group.iter().any(|(name, _)| {
                matches!(
                    name.as_str(),
                    "final-recipient" | "original-recipient" | "action"
                )
            });
            if !recipient_group {
                continue;
            }
            recipients += 1;
            if let Some(failure) = dsn_failure(&group) {
                failures.push(failure);
            }
        }
    }
    if !failures.is_empty() {
        Kind::Bounce(failures)
    } else if recipients > 0 {
        Kind::Delay
    } else {
        // Labelled a DSN but without per-recipient fields: read the text.
        Kind::Bounce(text_failures(envelope, attached, text))
    }
}

/// One DSN recipient's fields, if its action is a failure.
fn dsn_failure(group: &[(String, String)]) -> Option<Failure> {
    let field = |name: &str| {
        group
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let diagnostic = field("diagnostic-code").map_or_else(String::new, |v| one_line(strip_type(v)));
    let status = field("status")
        .and_then(StatusCode::parse)
        .or_else(|| find_failure(&diagnostic).and_then(|f| f.status));
    let action = field("action")
        .and_then(|a| a.split_whitespace().next())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let failed = match action.as_str() {
        "failed" => true,
        "" => status.is_none_or(|s| s.class != 2),
        _ => false,
    };
    if !failed {
        return None;
    }
    let original = field("original-recipient").and_then(|v| {
        let (kind, address) = v.split_once(';')?;
        kind.trim()
            .eq_ignore_ascii_case("rfc822")
            .then(|| clean_address(address))
            .flatten()
    });
    let recipient =
        original.or_else(|| field("final-recipient").and_then(|v| clean_address(strip_type(v))));
    let permanent = match status {
        Some(status) => status.is_permanent(),
        None => reply_code_class(&diagnostic).is_none_or(|class| class == 5),
    };
    Some(Failure {
        recipient,
        status,
        permanent,
        diagnostic,
    })
}

fn complaint(envelope: &Envelope, attached: &Attached) -> Complaint {
    let fields: Vec<(String, String)> = attached
        .feedback
        .iter()
        .flat_map(|body| field_groups(body))
        .flatten()
        .collect();
    let field = |name: &str| {
        fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    Complaint {
        feedback_type: field("feedback-type")
            .unwrap_or_default()
            .to_ascii_lowercase(),
        // Providers redact it ("redacted", "<>"): only an address counts.
        recipient: field("original-rcpt-to")
            .and_then(|v| clean_address(strip_type(v)))
            .filter(|a| a.contains('@'))
            .or_else(|| attached.original_to.clone()),
        user_agent: field("user-agent").map(str::to_string),
        reported_by: field("reporting-mta")
            .map(|v| strip_type(v).to_string())
            .or_else(|| envelope.from.clone()),
        original_mail_from: field("original-mail-from").and_then(clean_address),
    }
}

/// A non-standard bounce: the failed addresses and the server's answer are
/// wherever its author put them in the text.
fn text_failures(envelope: &Envelope, attached: &Attached, text: &str) -> Vec<Failure> {
    let (notice, quoted) = split_at_original(text);
    let mut recipients: Vec<String> = envelope.failed_recipients.clone();
    if recipients.is_empty()
        && let Some((_, address)) = addresses_in(notice)
            .into_iter()
            .find(|(_, a)| !envelope.is_own(a))
    {
        recipients.push(address.to_string());
    }
    if recipients.is_empty()
        && let Some(to) = attached
            .original_to
            .clone()
            .or_else(|| quoted.and_then(header_block_to))
    {
        recipients.push(to);
    }
    // Each address costs a search of the notice; a forged header listing
    // thousands must not make one mail take minutes.
    recipients.truncate(MAX_RECIPIENTS);
    let temporary = says_temporary(notice);
    let lower_notice = notice.to_ascii_lowercase();
    let failure = |recipient: Option<String>| {
        // The answer that follows the address's mention is its own (a text
        // may list several addresses each with its answer).
        let near = recipient
            .as_deref()
            .and_then(|r| lower_notice.find(&r.to_ascii_lowercase()))
            .and_then(|at| find_failure(&notice[at..]));
        let found = near.or_else(|| find_failure(notice));
        let (status, diagnostic, class) = match found {
            Some(f) => (f.status, f.diagnostic, f.code.map(|c| c / 100)),
            None => (None, String::new(), None),
        };
        let permanent = match (class, status) {
            (Some(class), _) => class == 5,
            (None, Some(status)) => status.is_permanent(),
            (None, None) => !temporary,
        };
        Failure {
            recipient,
            status,
            permanent,
            diagnostic,
        }
    };
    if recipients.is_empty() {
        return vec![failure(None)];
    }
    recipients.into_iter().map(|r| failure(Some(r))).collect()
}

fn says_temporary(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "temporary",
        "temporarily",
        "temporär",
        "vorübergehend",
        "will be retried",
        "will retry",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn reads_like_bounce(text: &str) -> bool {
    let (notice, _) = split_at_original(text);
    if find_failure(notice).is_some() {
        return true;
    }
    let lower = notice.to_lowercase();
    [
        "could not be delivered",
        "couldn't be delivered",
        "delivery has failed",
        "undeliverable",
        "permanent error",
        "konnte nicht zugestellt",
        "nicht zugestellt werden",
        "unzustellbar",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Where a bounce text stops talking and starts quoting the original: the
/// notice before, the quoted original (if marked) after.
fn split_at_original(text: &str) -> (&str, Option<&str>) {
    const MARKERS: [&str; 10] = [
        "this is a copy of the message",
        "header of the original message",
        "below this line is a copy of the message",
        "original message headers",
        "original message follows",
        "----- original message -----",
        "message text follows",
        "undelivered message headers",
        "kopf der ursprünglichen nachricht",
        "ursprüngliche nachricht",
    ];
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let lower = line.to_lowercase();
        let trimmed = lower.trim_start();
        let marker = MARKERS.iter().any(|m| lower.contains(m));
        let header_line = trimmed.starts_with("received:") || trimmed.starts_with("return-path:");
        if marker || header_line {
            let rest_from = if marker { start + line.len() } else { start };
            return (&text[..start], Some(&text[rest_from..]));
        }
        start += line.len();
    }
    (text, None)
}

/// The first address in the To field of a header block (quoted original
/// headers, a text/rfc822-headers part).
fn header_block_to(headers: &str) -> Option<String> {
    field_groups(headers)
        .into_iter()
        .find(|g| !g.is_empty())?
        .into_iter()
        .find(|(name, _)| name == "to")
        .and_then(|(_, value)| addresses_in(&value).first().map(|(_, a)| (*a).to_string()))
}

enum Says {
    Absent,
    Bounce,
    Delay,
}

/// What the subject says the mail is; the phrase that comes first wins
/// ("Undeliverable: Automatic reply: …" is a bounce of an out-of-office).
fn subject_says(subject: &str) -> Option<Says> {
    const ABSENT: [&str; 12] = [
        "abwesenheitsnotiz",
        "abwesenheit",
        "automatische antwort",
        "automatic reply",
        "auto reply",
        "auto-reply",
        "autoreply",
        "out of office",
        "out of the office",
        "außer haus",
        "réponse automatique",
        "vacation reply",
    ];
    const BOUNCE: [&str; 14] = [
        "mail delivery failed",
        "undelivered mail returned to sender",
        "undelivered mail",
        "undeliverable",
        "unzustellbar",
        "delivery status notification (failure)",
        "returned mail",
        "failure notice",
        "nicht zustellbar",
        "zustellung fehlgeschlagen",
        "delivery failure",
        "mail delivery failure",
        "non-delivery",
        "delivery has failed",
    ];
    const DELAY: [&str; 2] = [
        "delivery status notification (delay)",
        "delayed mail (still being retried)",
    ];
    let lower = subject.trim().to_lowercase();
    // A person answering about a bounce or an absence writes "Re: …".
    if ["re:", "aw:", "fw:", "fwd:", "wg:", "antw:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return None;
    }
    if lower.starts_with("warning: message") && lower.contains("delayed") {
        return Some(Says::Delay);
    }
    let first = |phrases: &[&str]| phrases.iter().filter_map(|p| lower.find(p)).min();
    let absent = if lower.starts_with("auto:") {
        Some(0)
    } else {
        first(&ABSENT)
    };
    let candidates = [
        (absent, Says::Absent),
        (first(&BOUNCE), Says::Bounce),
        (first(&DELAY), Says::Delay),
    ];
    candidates
        .into_iter()
        .filter_map(|(at, says)| at.map(|at| (at, says)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, says)| says)
}

/// A server's answer found in a text.
struct Found {
    code: Option<u16>,
    status: Option<StatusCode>,
    diagnostic: String,
}

/// The first SMTP failure reply in `text` (`550 5.1.1 <x@y>: …`, also
/// multi-line `550-…`), else the first failure status code standing alone
/// (`5.2.2 <x@y>... Mailbox Full`).
fn find_failure(text: &str) -> Option<Found> {
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let bytes = line.as_bytes();
        for at in 0..bytes.len() {
            let Some((code, continued, status)) = reply_at(bytes, at) else {
                continue;
            };
            let rest = &line[at..];
            // qmail and others put the status at the end: "(#5.1.1)".
            let status = status.or_else(|| {
                let rest = rest.as_bytes();
                (4..rest.len()).find_map(|offset| {
                    status_at(rest, offset).map(|(s, _)| s).filter(|s| {
                        u16::from(s.class) == code / 100 && boundary_before(rest, offset)
                    })
                })
            });
            let mut diagnostic = rest.trim().to_string();
            if continued {
                let prefix = code.to_string();
                for next in &lines[index + 1..] {
                    let next = next.trim();
                    let Some(after) = next.strip_prefix(prefix.as_str()) else {
                        break;
                    };
                    let last = match after.as_bytes().first() {
                        Some(b'-') => false,
                        Some(b' ') | None => true,
                        _ => break,
                    };
                    // With its code: `one_line` drops the repeated prefix.
                    diagnostic.push(' ');
                    diagnostic.push_str(next);
                    if last {
                        break;
                    }
                }
            }
            return Some(Found {
                code: Some(code),
                status,
                diagnostic: one_line(&diagnostic),
            });
        }
    }
    for line in &lines {
        let bytes = line.as_bytes();
        for at in 0..bytes.len() {
            if let Some((status, _)) = status_at(bytes, at)
                && status.class != 2
                && boundary_before(bytes, at)
            {
                return Some(Found {
                    code: None,
                    status: Some(status),
                    diagnostic: one_line(&line[at..]),
                });
            }
        }
    }
    None
}

/// An SMTP failure reply (4xx/5xx) starting at `at`: its code, whether it
/// continues on the next line ("550-"), and the enhanced status right after.
fn reply_at(bytes: &[u8], at: usize) -> Option<(u16, bool, Option<StatusCode>)> {
    let digits = bytes.get(at..at + 3)?;
    if !matches!(digits[0], b'4' | b'5') || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if !boundary_before(bytes, at) {
        return None;
    }
    let continued = match bytes.get(at + 3) {
        Some(b' ') => false,
        Some(b'-') => true,
        _ => return None,
    };
    let mut next = at + 4;
    if bytes.get(next) == Some(&b'#') {
        next += 1;
    }
    let status = status_at(bytes, next).map(|(s, _)| s);
    let plausible = status.is_some()
        || bytes
            .get(at + 4)
            .is_some_and(|b| b.is_ascii_alphabetic() || b"<\"'([".contains(b));
    if !plausible {
        return None;
    }
    let code = u16::from(digits[0] - b'0') * 100
        + u16::from(digits[1] - b'0') * 10
        + u16::from(digits[2] - b'0');
    Some((code, continued, status))
}

/// A code is not part of a longer number, version or address.
fn boundary_before(bytes: &[u8], at: usize) -> bool {
    at == 0 || {
        let before = bytes[at - 1];
        !(before.is_ascii_alphanumeric() || before == b'.' || before == b'@' || before == b'_')
    }
}

/// An enhanced status code starting exactly at `at`, and where it ends.
fn status_at(bytes: &[u8], at: usize) -> Option<(StatusCode, usize)> {
    let class = *bytes.get(at)?;
    if !matches!(class, b'2' | b'4' | b'5') || bytes.get(at + 1) != Some(&b'.') {
        return None;
    }
    let (subject, after_subject) = number_at(bytes, at + 2)?;
    if bytes.get(after_subject) != Some(&b'.') {
        return None;
    }
    let (detail, end) = number_at(bytes, after_subject + 1)?;
    // "5.1.1.3" or "5.1.12345" is something else (an address, a version).
    let longer = match bytes.get(end) {
        Some(b'.') => bytes.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(b) => b.is_ascii_alphanumeric(),
        None => false,
    };
    if longer {
        return None;
    }
    Some((
        StatusCode {
            class: class - b'0',
            subject,
            detail,
        },
        end,
    ))
}

/// One to three digits at `at`.
fn number_at(bytes: &[u8], at: usize) -> Option<(u16, usize)> {
    let mut value = 0u16;
    let mut end = at;
    while let Some(b) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
        if end - at == 3 {
            return None;
        }
        value = value * 10 + u16::from(b - b'0');
        end += 1;
    }
    (end > at).then_some((value, end))
}

/// The class (4 or 5) of the SMTP reply a diagnostic starts with.
fn reply_code_class(diagnostic: &str) -> Option<u16> {
    reply_at(diagnostic.as_bytes(), 0).map(|(code, _, _)| code / 100)
}

/// A diagnostic on one line: blanks collapsed, the repeated code of a
/// multi-line reply ("550-5.1.1 … 550-5.1.1 …") kept only once, cut to
/// `DIAGNOSTIC_MAX` characters.
fn one_line(text: &str) -> String {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return String::new();
    };
    let code = first
        .get(..3)
        .filter(|c| {
            c.starts_with(['4', '5'])
                && c.bytes().all(|b| b.is_ascii_digit())
                && matches!(first.as_bytes().get(3), None | Some(b'-'))
        })
        .map(str::to_string);
    let mut out = first.to_string();
    let mut after_code = false;
    for word in words {
        if let Some(code) = &code {
            if word == code
                || word
                    .strip_prefix(code.as_str())
                    .is_some_and(|w| w.starts_with('-'))
            {
                after_code = true;
                continue;
            }
            if after_code
                && StatusCode::parse(word).is_some()
                && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            {
                after_code = false;
                continue;
            }
        }
        after_code = false;
        out.push(' ');
        out.push_str(word);
    }
    match out.char_indices().nth(DIAGNOSTIC_MAX) {
        Some((cut, _)) => out[..cut].trim_end().to_string(),
        None => out,
    }
}

/// Header-like fields (a DSN's or an ARF report's body, a header block) in
/// groups separated by blank lines: (lowercased name, unfolded value).
fn field_groups(text: &str) -> Vec<Vec<(String, String)>> {
    let mut groups = Vec::new();
    let mut group: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !group.is_empty() {
                groups.push(std::mem::take(&mut group));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = group.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.trim();
        if name.is_empty() || name.contains(char::is_whitespace) {
            continue;
        }
        group.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

/// Message-IDs (without <>) from lines like `Message-ID: <…>` in a text,
/// also quoted (`> Message-ID:`), folded, or as X-Original-Message-ID.
fn message_ids_in(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        if !name.ends_with("message-id")
            || !name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        {
            continue;
        }
        let mut value = value.trim().to_string();
        if value.is_empty()
            && let Some(next) = lines.peek()
        {
            value = next
                .trim_start_matches(|c: char| c.is_whitespace() || c == '>')
                .trim()
                .to_string();
        }
        let id = match value.find('<') {
            Some(open) => value[open + 1..].split('>').next().unwrap_or_default(),
            None => value.split_whitespace().next().unwrap_or_default(),
        };
        let id = id.trim();
        if id.contains('@') && !id.contains(char::is_whitespace) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// Addresses (local@domain.tld) in a text, with their byte offsets.
fn addresses_in(text: &str) -> Vec<(usize, &str)> {
    const LOCAL: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > from
            && (bytes[start - 1].is_ascii_alphanumeric() || LOCAL.contains(&bytes[start - 1]))
        {
            start -= 1;
        }
        while start < at && bytes[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'-' || bytes[end] == b'.')
        {
            end += 1;
        }
        while end > at + 1 && bytes[end - 1] == b'.' {
            end -= 1;
        }
        from = at + 1;
        let domain = &text[at + 1..end];
        if start < at && domain.contains('.') && !domain.starts_with('.') {
            found.push((start, &text[start..end]));
        }
    }
    found
}

/// The plus-tag of an address: after the first '+' of the local part.
fn plus_tag(address: &str) -> Option<String> {
    let (local, _) = address.rsplit_once('@')?;
    let (_, tag) = local.split_once('+')?;
    (!tag.is_empty()).then(|| tag.to_lowercase())
}

/// "rfc822; x@y" → "x@y", "dns; mx.example.net" → "mx.example.net".
fn strip_type(value: &str) -> &str {
    value.split_once(';').map_or(value, |(_, rest)| rest).trim()
}

fn clean_address(value: &str) -> Option<String> {
    let value = value.trim();
    let value = value.strip_prefix('<').unwrap_or(value);
    let value = value.strip_suffix('>').unwrap_or(value).trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// The raw values of every header field of that name.
fn raw_headers<'a>(message: &'a Message<'_>, name: &'a str) -> impl Iterator<Item = &'a str> {
    message
        .headers_raw()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn header_texts(value: &HeaderValue<'_>) -> Vec<String> {
    let texts: Vec<&str> = match value {
        HeaderValue::Text(text) => vec![text.as_ref()],
        HeaderValue::TextList(list) => list.iter().map(AsRef::as_ref).collect(),
        _ => Vec::new(),
    };
    texts
        .into_iter()
        .map(|t| {
            t.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect()
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The first of each, in order.
fn unique(list: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    list.into_iter()
        .filter(|item| seen.insert(item.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            (
                $name,
                include_bytes!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/returned/",
                    $name
                ))
                .as_slice(),
            )
        };
    }

    const FIXTURES: [(&str, &[u8]); 13] = [
        fixture!("postfix-dsn-5.1.1.eml"),
        fixture!("postfix-dsn-4.2.2-failed.eml"),
        fixture!("postfix-delayed.eml"),
        fixture!("exim-plain.eml"),
        fixture!("microsoft-undeliverable.eml"),
        fixture!("gmail-dsn.eml"),
        fixture!("gmx-unzustellbar.eml"),
        fixture!("t-online.eml"),
        fixture!("arf-complaint.eml"),
        fixture!("out-of-office-de.eml"),
        fixture!("out-of-office-en.eml"),
        fixture!("unsubscribe-mail.eml"),
        fixture!("personal-reply.eml"),
    ];

    /// What a fixture must be read as.
    enum Want {
        Bounce {
            recipient: &'static str,
            status: &'static str,
            permanent: bool,
            diagnostic: &'static str,
        },
        Delay,
        Complaint(Complaint),
        AutoReply,
        Personal,
    }

    struct Case {
        file: &'static str,
        tag: Option<&'static str>,
        original: Option<&'static str>,
        want: Want,
    }

    fn cases() -> Vec<Case> {
        vec![
            Case {
                file: "postfix-dsn-5.1.1.eml",
                tag: Some("2026-q4-3f9a1c2e7b4d6058-a1b2c3d4e5f6"),
                original: Some("rundbrief.2026-q4.17.9c1e5a7f3b2d4e60@example.org"),
                want: Want::Bounce {
                    recipient: "anna.schmidt@example.net",
                    status: "5.1.1",
                    permanent: true,
                    diagnostic: "550 5.1.1 <anna.schmidt@example.net>: Recipient address rejected: User unknown in virtual mailbox table",
                },
            },
            Case {
                file: "postfix-dsn-4.2.2-failed.eml",
                tag: Some("2026-q4-0d4e8b2a9c7f1356-0a1b2c3d4e5f"),
                original: Some("rundbrief.2026-q4.23.4b7d0e9a2c6f8135@example.org"),
                want: Want::Bounce {
                    recipient: "bernd.koch@example.com",
                    status: "4.2.2",
                    permanent: false,
                    diagnostic: "452 4.2.2 <bernd.koch@example.com>: Mailbox full",
                },
            },
            Case {
                file: "postfix-delayed.eml",
                tag: Some("2026-q4-7e2c9a4f1b8d3e60-b2c3d4e5f6a7"),
                original: Some("rundbrief.2026-q4.31.e03b8c6d1f4a7295@example.org"),
                want: Want::Delay,
            },
            Case {
                file: "exim-plain.eml",
                tag: Some("2026-q4-5a8f2d7c3e1b9046-c3d4e5f6a7b8"),
                original: Some("rundbrief.2026-q4.44.71c9e2a5d8b3f046@example.org"),
                want: Want::Bounce {
                    recipient: "jonas.becker@example.net",
                    status: "5.1.1",
                    permanent: true,
                    diagnostic: "550 5.1.1 <jonas.becker@example.net>: Recipient address rejected: User unknown",
                },
            },
            Case {
                file: "microsoft-undeliverable.eml",
                tag: Some("2026-q4-2b6e9d1a4c8f7035-d4e5f6a7b8c9"),
                original: Some("rundbrief.2026-q4.52.a8d4f1c7e3b96025@example.org"),
                want: Want::Bounce {
                    recipient: "david.mueller@example.com",
                    status: "5.1.10",
                    permanent: true,
                    diagnostic: "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                },
            },
            Case {
                file: "gmail-dsn.eml",
                tag: Some("2026-q4-9c3a7e5f2d1b8064-e5f6a7b8c9d0"),
                original: Some("rundbrief.2026-q4.61.3e6a9d2c7f1b5048@example.org"),
                want: Want::Bounce {
                    recipient: "lena.vogel@example.com",
                    status: "5.1.1",
                    permanent: true,
                    diagnostic: "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser 41be03b00d2f7-b6cf4e1e1c5si1234567a12.123 - gsmtp",
                },
            },
            Case {
                file: "gmx-unzustellbar.eml",
                tag: Some("2026-q4-6d1f8b3a5e9c2074-f6a7b8c9d0e1"),
                original: Some("rundbrief.2026-q4.70.c5f2a8e1d9b34067@example.org"),
                want: Want::Bounce {
                    recipient: "felix.wagner@example.net",
                    status: "5.1.1",
                    permanent: true,
                    diagnostic: "5.1.1 <felix.wagner@example.net>... User Unknown",
                },
            },
            Case {
                file: "t-online.eml",
                tag: None,
                original: Some("rundbrief.2026-q4.83.0f7b3d9e2a6c5148@example.org"),
                want: Want::Bounce {
                    recipient: "max.mustermann@example.net",
                    status: "5.1.1",
                    permanent: true,
                    diagnostic: "550 5.1.1 user unknown / Empfaenger unbekannt (in reply to RCPT TO command)",
                },
            },
            Case {
                file: "arf-complaint.eml",
                tag: None,
                original: Some("rundbrief.2026-q4.95.6a2e8c4f0d7b1953@example.org"),
                want: Want::Complaint(Complaint {
                    feedback_type: "abuse".into(),
                    recipient: Some("paul.weber@example.net".into()),
                    user_agent: Some("ExampleMailFBL/1.0".into()),
                    reported_by: Some("fbl1.arf.example.net".into()),
                    original_mail_from: Some(
                        "bounces+2026-q4-8b4d2f6a1c9e3057-a7b8c9d0e1f2@example.org".into(),
                    ),
                }),
            },
            Case {
                file: "out-of-office-de.eml",
                tag: Some("2026-q4-1e7a3c9f5b2d8046-b8c9d0e1f2a3"),
                original: Some("rundbrief.2026-q4.102.d9b5e1a3c7f20486@example.org"),
                want: Want::AutoReply,
            },
            Case {
                file: "out-of-office-en.eml",
                tag: Some("2026-q4-4c9e1a7d3f5b2068-c9d0e1f2a3b4"),
                original: None,
                want: Want::AutoReply,
            },
            Case {
                file: "unsubscribe-mail.eml",
                tag: Some("5f0c2a9e7b1d4836c8e2f4a6b0d9c1e3"),
                original: None,
                want: Want::Personal,
            },
            Case {
                file: "personal-reply.eml",
                tag: None,
                original: Some("rundbrief.2026-q4.117.2f8c4a6e0b9d1357@example.org"),
                want: Want::Personal,
            },
        ]
    }

    fn fixture_bytes(file: &str) -> &'static [u8] {
        FIXTURES
            .iter()
            .find(|(name, _)| *name == file)
            .map_or_else(|| panic!("{file} is not in FIXTURES"), |(_, raw)| *raw)
    }

    #[test]
    fn every_fixture_reads_as_its_readme_says() {
        for case in cases() {
            let report = read(fixture_bytes(case.file));
            let file = case.file;
            assert_eq!(
                report.tags,
                case.tag.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "{file}: tags"
            );
            match case.original {
                Some(id) => assert_eq!(
                    report.original_message_ids.first().map(String::as_str),
                    Some(id),
                    "{file}: original Message-ID"
                ),
                None => assert!(
                    report.original_message_ids.is_empty(),
                    "{file}: {:?}",
                    report.original_message_ids
                ),
            }
            // GMX's bounces carry no Message-ID of their own.
            assert_eq!(
                report.message_id.is_some(),
                file != "gmx-unzustellbar.eml",
                "{file}: own Message-ID"
            );
            match (case.want, &report.kind) {
                (
                    Want::Bounce {
                        recipient,
                        status,
                        permanent,
                        diagnostic,
                    },
                    Kind::Bounce(failures),
                ) => {
                    assert_eq!(failures.len(), 1, "{file}: {failures:?}");
                    let failure = &failures[0];
                    assert_eq!(failure.recipient.as_deref(), Some(recipient), "{file}");
                    assert_eq!(
                        failure.status.map(|s| s.to_string()).as_deref(),
                        Some(status),
                        "{file}"
                    );
                    assert_eq!(failure.permanent, permanent, "{file}: permanent");
                    assert_eq!(failure.diagnostic, diagnostic, "{file}");
                }
                (Want::Complaint(want), Kind::Complaint(got)) => assert_eq!(got, &want, "{file}"),
                (Want::Delay, Kind::Delay)
                | (Want::AutoReply, Kind::AutoReply)
                | (Want::Personal, Kind::Personal) => {}
                (_, kind) => panic!("{file}: read as {kind:?}"),
            }
        }
    }

    /// The README, the table above and the folder agree.
    #[test]
    fn the_fixture_table_covers_the_folder() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/returned");
        let readme = std::fs::read_to_string(format!("{folder}/README.md")).unwrap();
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut in_table: Vec<String> = cases().iter().map(|c| c.file.to_string()).collect();
        in_table.sort();
        assert_eq!(on_disk, in_table);
        assert_eq!(FIXTURES.len(), in_table.len());
        for name in &on_disk {
            assert!(readme.contains(name.as_str()), "README misses {name}");
        }
    }

    #[test]
    fn fixtures_give_the_returned_mail_its_own_facts() {
        let exim = read(fixture_bytes("exim-plain.eml"));
        assert_eq!(
            exim.message_id.as_deref(),
            Some("E1vA2bC-0004dE-7f@mx.example.net")
        );
        assert_eq!(exim.from.as_deref(), Some("Mailer-Daemon@mx.example.net"));
        assert_eq!(
            exim.subject,
            "Mail delivery failed: returning message to sender"
        );
        let reply = read(fixture_bytes("personal-reply.eml"));
        assert_eq!(
            reply.subject,
            "Re: Rundbrief 2026/Q4: Herbstfest und Jahresrückblick"
        );
        assert_eq!(reply.from.as_deref(), Some("hans.zimmermann@example.net"));
        // The same id from In-Reply-To and References is listed once.
        assert_eq!(reply.original_message_ids.len(), 1);
    }

    #[test]
    fn lf_and_crlf_read_alike() {
        for (name, raw) in FIXTURES {
            let text = raw.to_vec();
            let lf: Vec<u8> = String::from_utf8_lossy(&text)
                .replace("\r\n", "\n")
                .into_bytes();
            let crlf: Vec<u8> = String::from_utf8_lossy(&lf)
                .replace('\n', "\r\n")
                .into_bytes();
            assert_eq!(read(&lf), read(&crlf), "{name}");
        }
    }

    /// Every fixture cut short anywhere still reads without a panic.
    #[test]
    fn truncated_fixtures_never_panic() {
        for (_, raw) in FIXTURES {
            for end in (0..raw.len()).step_by(97) {
                let _ = read(&raw[..end]);
            }
        }
    }

    /// A minimal multipart/report with the given delivery-status fields.
    fn dsn(per_recipient: &str) -> Vec<u8> {
        format!(
            "From: MAILER-DAEMON@mail.example.org (Mail Delivery System)\n\
             To: bounces+t1@example.org\n\
             Subject: Undelivered Mail Returned to Sender\n\
             MIME-Version: 1.0\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\
             \n\
             --B\n\
             Content-Type: text/plain\n\
             \n\
             The mail system\n\
             \n\
             <text@example.net>: 550 5.7.1 text answer\n\
             --B\n\
             Content-Type: message/delivery-status\n\
             \n\
             Reporting-MTA: dns; mail.example.org\n\
             \n\
             {per_recipient}\n\
             --B--\n"
        )
        .into_bytes()
    }

    fn failures(report: &Report) -> &[Failure] {
        match &report.kind {
            Kind::Bounce(failures) => failures,
            other => panic!("not a bounce: {other:?}"),
        }
    }

    #[test]
    fn dsn_recipients() {
        // (fields, recipient, status, permanent, diagnostic)
        let cases: [(&str, &str, Option<&str>, bool, &str); 9] = [
            (
                "Final-Recipient: rfc822; final@mailstore.example.net\n\
                 Original-Recipient: rfc822;anna@example.net\n\
                 Action: failed\nStatus: 5.1.1",
                "anna@example.net",
                Some("5.1.1"),
                true,
                "",
            ),
            (
                "Final-Recipient: rfc822; final@example.net\n\
                 Original-Recipient: x-unknown; anna\n\
                 Action: failed\nStatus: 5.1.1",
                "final@example.net",
                Some("5.1.1"),
                true,
                "",
            ),
            (
                "Final-Recipient: RFC822; <angle@example.net>\nAction: Failed\n\
                 Status: 5.1.1 (bad destination mailbox address)",
                "angle@example.net",
                Some("5.1.1"),
                true,
                "",
            ),
            (
                "Final-Recipient: rfc822; folded@example.net\nAction: failed\nStatus: 5.1.1\n\
                 Diagnostic-Code: smtp; 550 5.1.1 <folded@example.net>:\n    Recipient address\n\
                 \trejected: User unknown",
                "folded@example.net",
                Some("5.1.1"),
                true,
                "550 5.1.1 <folded@example.net>: Recipient address rejected: User unknown",
            ),
            (
                "Final-Recipient: rfc822; nostatus@example.net\nAction: failed\n\
                 Diagnostic-Code: smtp; 550 5.7.1 Message rejected as spam",
                "nostatus@example.net",
                Some("5.7.1"),
                true,
                "550 5.7.1 Message rejected as spam",
            ),
            (
                "Final-Recipient: rfc822; later@example.net\nAction: failed\n\
                 Diagnostic-Code: smtp; 421 Service not available",
                "later@example.net",
                None,
                false,
                "421 Service not available",
            ),
            (
                "Final-Recipient: rfc822; noaction@example.net\nStatus: 5.0.0",
                "noaction@example.net",
                Some("5.0.0"),
                true,
                "",
            ),
            (
                "Final-Recipient: rfc822; bare@example.net\nAction: failed",
                "bare@example.net",
                None,
                true,
                "",
            ),
            (
                "Final-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 4.2.2\n\
                 Diagnostic-Code: smtp; 552 5.2.2 Over quota",
                "full@example.net",
                Some("4.2.2"),
                false,
                "552 5.2.2 Over quota",
            ),
        ];
        for (fields, recipient, status, permanent, diagnostic) in cases {
            let report = read(&dsn(fields));
            let got = failures(&report);
            assert_eq!(got.len(), 1, "{fields}");
            assert_eq!(got[0].recipient.as_deref(), Some(recipient), "{fields}");
            assert_eq!(
                got[0].status.map(|s| s.to_string()).as_deref(),
                status,
                "{fields}"
            );
            assert_eq!(got[0].permanent, permanent, "{fields}");
            assert_eq!(got[0].diagnostic, diagnostic, "{fields}");
        }
    }

    #[test]
    fn dsn_with_several_recipients() {
        let two = read(&dsn(
            "Final-Recipient: rfc822; one@example.net\nAction: failed\nStatus: 5.1.1\n\n\
             Final-Recipient: rfc822; two@example.net\nAction: failed\nStatus: 4.4.1\n",
        ));
        let got: Vec<_> = failures(&two)
            .iter()
            .map(|f| (f.recipient.as_deref().unwrap(), f.permanent))
            .collect();
        assert_eq!(got, [("one@example.net", true), ("two@example.net", false)]);

        let mixed = read(&dsn(
            "Final-Recipient: rfc822; late@example.net\nAction: delayed\nStatus: 4.4.1\n\n\
             Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n",
        ));
        let got: Vec<_> = failures(&mixed)
            .iter()
            .map(|f| f.recipient.as_deref().unwrap())
            .collect();
        assert_eq!(got, ["gone@example.net"]);

        for action in ["delayed", "relayed", "delivered", "expanded"] {
            let fields = format!(
                "Final-Recipient: rfc822; a@example.net\nAction: {action}\nStatus: 2.0.0\n\n\
                 Final-Recipient: rfc822; b@example.net\nAction: delayed\nStatus: 4.4.7\n"
            );
            assert_eq!(read(&dsn(&fields)).kind, Kind::Delay, "{action}");
        }
        let delivered_without_action = read(&dsn(
            "Final-Recipient: rfc822; a@example.net\nStatus: 2.0.0\n",
        ));
        assert_eq!(delivered_without_action.kind, Kind::Delay);
    }

    /// A report labelled as a DSN without per-recipient fields is read by
    /// its text, and the report-type alone makes it a DSN.
    #[test]
    fn dsn_without_recipient_fields_reads_the_text() {
        let report = read(&dsn(""));
        let got = failures(&report);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].recipient.as_deref(), Some("text@example.net"));
        assert_eq!(got[0].diagnostic, "550 5.7.1 text answer");
    }

    fn mail(headers: &str, body: &str) -> Vec<u8> {
        format!("{headers}\nMessage-ID: <m@example.net>\n\n{body}").into_bytes()
    }

    fn kind_name(kind: &Kind) -> &'static str {
        match kind {
            Kind::Bounce(_) => "bounce",
            Kind::Delay => "delay",
            Kind::Complaint(_) => "complaint",
            Kind::AutoReply => "auto-reply",
            Kind::Personal => "personal",
        }
    }

    #[test]
    fn kinds_by_headers_and_text() {
        let person = "From: Eva Roth <eva@example.net>\nTo: rundbrief@example.org";
        let bounce_text = "<x@example.net>: host mx.example.net said: 550 5.1.1 User unknown";
        let cases: Vec<(&str, String, &str, &str)> = vec![
            ("bounce subject first", format!("{person}\nSubject: Undeliverable: Automatic reply: Rundbrief"), "", "bounce"),
            ("absence subject first", format!("{person}\nSubject: Automatische Antwort: Unzustellbar"), "", "auto-reply"),
            ("Abwesenheitsnotiz", format!("{person}\nSubject: Abwesenheitsnotiz"), "", "auto-reply"),
            ("Out of Office", format!("{person}\nSubject: Out of Office: Rundbrief"), "", "auto-reply"),
            ("Notes Auto:", format!("{person}\nSubject: Auto: Rundbrief 2026/Q4"), "", "auto-reply"),
            ("reply about a bounce", format!("{person}\nSubject: Re: Undelivered Mail Returned to Sender"), "Was heißt das?", "personal"),
            ("German reply about an absence", format!("{person}\nSubject: AW: Abwesenheitsnotiz"), "Schönen Urlaub!", "personal"),
            ("Nicht zustellbar", format!("{person}\nSubject: Nicht zustellbar: Rundbrief"), "", "bounce"),
            ("Zustellung fehlgeschlagen", format!("{person}\nSubject: Zustellung fehlgeschlagen"), "", "bounce"),
            ("failure notice", format!("{person}\nSubject: failure notice"), "", "bounce"),
            ("a warning that is no delay", format!("{person}\nSubject: Warning: message for the board"), "", "personal"),
            ("Exim delay warning", "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nSubject: Warning: message 1vA2bC-0004dE-7f delayed 24 hours".into(), "", "delay"),
            ("postmaster", "From: postmaster@example.net\nSubject: Benachrichtigung".into(), bounce_text, "bounce"),
            ("Mail Delivery Subsystem", "From: Mail Delivery Subsystem <daemon@example.net>\nSubject: Hinweis".into(), bounce_text, "bounce"),
            ("Microsoft Outlook", "From: Microsoft Outlook <MicrosoftExchange1@example.com>\nSubject: Hinweis".into(), bounce_text, "bounce"),
            ("X-Autoreply", format!("{person}\nSubject: Rundbrief\nX-Autoreply: yes"), "", "auto-reply"),
            ("X-Autorespond", format!("{person}\nSubject: Rundbrief\nX-Autorespond: Rundbrief"), "", "auto-reply"),
            ("X-Autoreply: no", format!("{person}\nSubject: Rundbrief\nX-Autoreply: no"), "", "personal"),
            ("X-Autoreply empty", format!("{person}\nSubject: Rundbrief\nX-Autoreply: "), "", "personal"),
            ("iCloud vacation", format!("{person}\nSubject: Rundbrief\nX-Apple-Action: VACATION"), "", "auto-reply"),
            ("other X-Apple-Action", format!("{person}\nSubject: Rundbrief\nX-Apple-Action: FORWARD"), "", "personal"),
            ("Precedence auto_reply", format!("{person}\nSubject: Rundbrief\nPrecedence: auto_reply"), "", "auto-reply"),
            ("Auto-Submitted auto-replied", format!("{person}\nSubject: Ihre Nachricht\nAuto-Submitted: auto-replied"), "", "auto-reply"),
            ("Auto-Submitted no", format!("{person}\nSubject: Ihre Nachricht\nAuto-Submitted: no"), "", "personal"),
            ("null Return-Path with a server answer", format!("Return-Path: <>\n{person}\nSubject: Hinweis"), bounce_text, "bounce"),
            ("null Return-Path without one", format!("Return-Path: <>\n{person}\nSubject: Hinweis"), "Danke, bis bald!", "personal"),
            ("empty Return-Path with a server answer", format!("Return-Path: \n{person}\nSubject: Hinweis"), bounce_text, "bounce"),
            ("a sender's Return-Path with a server answer", format!("Return-Path: <eva@example.net>\n{person}\nSubject: Hinweis"), bounce_text, "personal"),
            ("read receipt", format!("{person}\nSubject: Gelesen: Rundbrief\nContent-Type: multipart/report; report-type=disposition-notification; boundary=\"R\""), "--R\nContent-Type: text/plain\n\nGelesen.\n--R--\n", "auto-reply"),
        ];
        for (what, headers, body, want) in cases {
            let report = read(&mail(&headers, body));
            assert_eq!(kind_name(&report.kind), want, "{what}");
        }
    }

    /// (headers, body, recipients, statuses, permanent, diagnostics)
    #[test]
    fn non_standard_bounce_texts() {
        let daemon = "From: MAILER-DAEMON@mx.example.net\nTo: bounces+t2@example.org\nSubject: failure notice";
        type Row = (
            &'static str,
            String,
            &'static str,
            Vec<(&'static str, Option<&'static str>, bool, &'static str)>,
        );
        let cases: Vec<Row> = vec![
            (
                "qmail puts the status at the end",
                daemon.into(),
                "Hi. This is the qmail-send program at mx.example.net.\n\
                 I'm afraid I wasn't able to deliver your message to the following addresses.\n\n\
                 <q@example.net>:\n192.0.2.1 does not like recipient.\n\
                 Remote host said: 554 Sorry, no mailbox here by that name. (#5.1.1)\n\
                 Giving up on 192.0.2.1.\n",
                vec![(
                    "q@example.net",
                    Some("5.1.1"),
                    true,
                    "554 Sorry, no mailbox here by that name. (#5.1.1)",
                )],
            ),
            (
                "a 4xx answer is transient",
                daemon.into(),
                "t@example.net: host mx.example.net said: 452 4.2.2 Mailbox full\n",
                vec![(
                    "t@example.net",
                    Some("4.2.2"),
                    false,
                    "452 4.2.2 Mailbox full",
                )],
            ),
            (
                "a text that says temporary is transient",
                daemon.into(),
                "This is a temporary error. The following address failed:\n\n  tmp@example.net\n    mailbox busy\n",
                vec![("tmp@example.net", None, false, "")],
            ),
            (
                "a text without answer is permanent",
                daemon.into(),
                "The following address failed:\n\n  gone@example.net\n",
                vec![("gone@example.net", None, true, "")],
            ),
            (
                "a multi-line answer is one diagnostic",
                daemon.into(),
                "spam@example.net:\n550-5.7.1 [192.0.2.20] Our system has detected\n\
                 550-5.7.1 that this message is likely unsolicited mail.\n\
                 550 5.7.1 https://support.example.com/spam\n",
                vec![(
                    "spam@example.net",
                    Some("5.7.1"),
                    true,
                    "550-5.7.1 [192.0.2.20] Our system has detected that this message is likely unsolicited mail. https://support.example.com/spam",
                )],
            ),
            (
                "each X-Failed-Recipient with its own answer",
                format!("{daemon}\nX-Failed-Recipients: one@example.net,\n two@example.net"),
                "  one@example.net\n    550 5.1.1 unknown user\n  two@example.net\n    552 5.2.2 mailbox full\n",
                vec![
                    (
                        "one@example.net",
                        Some("5.1.1"),
                        true,
                        "550 5.1.1 unknown user",
                    ),
                    (
                        "two@example.net",
                        Some("5.2.2"),
                        true,
                        "552 5.2.2 mailbox full",
                    ),
                ],
            ),
            (
                "the envelope's own addresses are not the recipient",
                daemon.into(),
                "MAIL FROM:<bounces+t2@example.org> was accepted, contact postmaster@mx.example.net.\n\
                 RCPT TO:<real@example.net>: 550 5.1.1 no such user\n",
                vec![(
                    "real@example.net",
                    Some("5.1.1"),
                    true,
                    "550 5.1.1 no such user",
                )],
            ),
            (
                "without an address in the notice, the original's To",
                daemon.into(),
                "Delivery failed.\n550 User unknown\n\n--- Below this line is a copy of the message.\n\n\
                 Return-Path: <bounces+t2@example.org>\nTo: Carla <carla@example.net>\n\
                 Message-ID: <rundbrief.2026-q4.9.00ff@example.org>\n\nHallo\n",
                vec![("carla@example.net", None, true, "550 User unknown")],
            ),
        ];
        for (what, headers, body, want) in cases {
            let report = read(&mail(&headers, body));
            let got: Vec<_> = failures(&report)
                .iter()
                .map(|f| {
                    (
                        f.recipient.clone().unwrap_or_default(),
                        f.status.map(|s| s.to_string()),
                        f.permanent,
                        f.diagnostic.clone(),
                    )
                })
                .collect();
            let want: Vec<_> = want
                .into_iter()
                .map(|(r, s, p, d)| (r.to_string(), s.map(str::to_string), p, d.to_string()))
                .collect();
            assert_eq!(got, want, "{what}");
        }
    }

    #[test]
    fn server_answers_in_texts() {
        // (text, code, status, diagnostic)
        let cases: [(&str, Option<u16>, Option<&str>, &str); 9] = [
            (
                "250 2.0.0 accepted\n550 5.1.1 gone",
                Some(550),
                Some("5.1.1"),
                "550 5.1.1 gone",
            ),
            (
                "554 #5.7.1 rejected",
                Some(554),
                Some("5.7.1"),
                "554 #5.7.1 rejected",
            ),
            (
                "550 mailbox unavailable (#4.2.2)",
                Some(550),
                None,
                "550 mailbox unavailable (#4.2.2)",
            ),
            (
                "550 unknown at relay5.1.1.example.net",
                Some(550),
                None,
                "550 unknown at relay5.1.1.example.net",
            ),
            (
                "554-5.7.1 first\n554-5.7.1 second\n554 5.7.1 last\nafter",
                Some(554),
                Some("5.7.1"),
                "554-5.7.1 first second last",
            ),
            ("451-try\n451 later", Some(451), None, "451-try later"),
            ("id12550 5.1.1 x", None, Some("5.1.1"), "5.1.1 x"),
            ("550 12345 or 550", None, None, ""),
            (
                "host 192.0.2.4 said 4.4.1 timeout",
                None,
                Some("4.4.1"),
                "4.4.1 timeout",
            ),
        ];
        for (text, code, status, diagnostic) in cases {
            let found = find_failure(text);
            assert_eq!(found.as_ref().and_then(|f| f.code), code, "{text:?}");
            assert_eq!(
                found
                    .as_ref()
                    .and_then(|f| f.status)
                    .map(|s| s.to_string())
                    .as_deref(),
                status,
                "{text:?}"
            );
            assert_eq!(
                found.map(|f| f.diagnostic).unwrap_or_default(),
                diagnostic,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_bounce_without_any_address_still_has_one_failure() {
        let report = read(&mail(
            "From: MAILER-DAEMON@mx.example.net\nSubject: Returned mail",
            "Something went wrong.",
        ));
        assert_eq!(
            report.kind,
            Kind::Bounce(vec![Failure {
                recipient: None,
                status: None,
                permanent: true,
                diagnostic: String::new(),
            }])
        );
    }

    #[test]
    fn tags() {
        let cases: [(&str, &[&str]); 6] = [
            (
                "To: to+T@example.org\nX-Original-To: x+o@example.org\nDelivered-To: d+d@example.org\n\
                 Envelope-To: <e+e@example.org>\nCc: Carl <c+c@example.net>, z@example.net",
                &["d", "o", "e", "t", "c"],
            ),
            (
                "Delivered-To: bounces+a@example.org\nDelivered-To: bounces+b@example.org\nTo: bounces+a@example.org",
                &["a", "b"],
            ),
            ("To: bounces+2026-q4-AB+x@example.org", &["2026-q4-ab+x"]),
            ("To: rundbrief@example.org", &[]),
            ("To: bounces+@example.org", &[]),
            ("To: \"a+b@c\" <plain@example.org>", &[]),
        ];
        for (headers, want) in cases {
            let report = read(&mail(
                &format!("From: x@example.net\n{headers}\nSubject: s"),
                "b",
            ));
            assert_eq!(report.tags, want, "{headers}");
        }
    }

    #[test]
    fn original_message_ids() {
        let daemon = "From: MAILER-DAEMON@mx.example.net\nSubject: Mail delivery failed\n\
                      In-Reply-To: <reply@example.org>\nReferences: <ref1@example.org> <quoted@example.org>";
        let body = "x@example.net: 550 5.1.1 unknown\n\n> Message-ID: <quoted@example.org>\n\
                    Message-ID:\n <folded@example.org>\nX-Original-Message-ID: no-at-sign\n";
        let report = read(&mail(daemon, body));
        assert_eq!(
            report.original_message_ids,
            [
                "quoted@example.org",
                "folded@example.org",
                "reply@example.org",
                "ref1@example.org",
            ]
        );
        // A person's text is not searched for quoted headers.
        let personal = read(&mail(
            "From: Eva <eva@example.net>\nSubject: Frage",
            "Message-ID: <quoted@example.org>",
        ));
        assert!(personal.original_message_ids.is_empty());
    }

    #[test]
    fn missing_headers_and_empty_mails() {
        let empty = read(b"");
        assert_eq!(empty, unreadable());
        for raw in [&b"\n\n"[..], b"\r\n\r\nonly a body", b"Subject: only\n\n"] {
            let report = read(raw);
            assert_eq!(report.kind, Kind::Personal, "{raw:?}");
            assert_eq!(report.message_id, None);
            assert_eq!(report.from, None);
            assert!(report.tags.is_empty());
        }
        assert_eq!(read(b"Subject: only\n\n").subject, "only");
    }

    /// Deterministic noise: a linear congruential generator, no extra crate.
    fn noise(seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (state >> 56) as u8
            })
            .collect()
    }

    #[test]
    fn garbage_never_panics() {
        for seed in 0..64 {
            let _ = read(&noise(seed, 4096));
        }
        let alphabet = b"\r\n:;<>@.-+ 45.1Content-Type: multipart/report; boundary=--";
        for seed in 0..64 {
            let bytes: Vec<u8> = noise(seed, 4096)
                .into_iter()
                .map(|b| alphabet[usize::from(b) % alphabet.len()])
                .collect();
            let _ = read(&bytes);
        }
        let mut spliced = fixture_bytes("gmail-dsn.eml").to_vec();
        for (i, b) in noise(7, spliced.len()).into_iter().enumerate() {
            if b < 8 {
                spliced[i] = b;
            }
        }
        let _ = read(&spliced);
        assert_eq!(read(&[0xff, 0xfe, 0x00, 0x80]).kind, Kind::Personal);
    }

    #[test]
    fn huge_headers_and_bodies_stay_bounded() {
        let subject = "a".repeat(1 << 20);
        let report = read(&mail(&format!("Subject: {subject}"), "b"));
        assert_eq!(report.subject.len(), 1 << 20);

        let to: Vec<String> = (0..20_000).map(|i| format!("b+{i}@example.org")).collect();
        let report = read(&mail(&format!("To: {}", to.join(", ")), "b"));
        assert_eq!(report.tags.len(), 20_000);

        let failed: Vec<String> = (0..5_000).map(|i| format!("r{i}@example.net")).collect();
        let report = read(&mail(
            &format!(
                "From: MAILER-DAEMON@mx.example.net\nSubject: failure notice\nX-Failed-Recipients: {}",
                failed.join(", ")
            ),
            &"5".repeat(1 << 20),
        ));
        assert_eq!(failures(&report).len(), MAX_RECIPIENTS);

        let report = read(&mail(
            "Return-Path: <>\nFrom: a@example.net",
            &"@a.b@".repeat(200_000),
        ));
        assert_eq!(report.kind, Kind::Personal);
    }

    #[test]
    fn status_codes() {
        let cases: [(&str, Option<&str>); 12] = [
            ("5.1.1", Some("5.1.1")),
            ("  #5.1.10 (x)", Some("5.1.10")),
            ("4.2.2.", Some("4.2.2")),
            ("2.0.0 ok", Some("2.0.0")),
            ("5.123.999", Some("5.123.999")),
            ("5.1.1000", None),
            ("5.1.1.3", None),
            ("3.1.1", None),
            ("5.1", None),
            ("5..1", None),
            ("5.1.1x", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                StatusCode::parse(text).map(|s| s.to_string()).as_deref(),
                want,
                "{text:?}"
            );
        }
        assert!(StatusCode::parse("5.0.0").unwrap().is_permanent());
        assert!(!StatusCode::parse("4.0.0").unwrap().is_permanent());
    }

    #[test]
    fn diagnostics_are_one_short_line() {
        let cases: [(&str, &str); 5] = [
            ("  550   5.1.1\n\t user  unknown ", "550 5.1.1 user unknown"),
            ("550-5.1.1 a\n 550-5.1.1 b\n 550 5.1.1 c", "550-5.1.1 a b c"),
            ("550 5.1.1 see 5.1.1 docs", "550 5.1.1 see 5.1.1 docs"),
            ("421 try 421 later", "421 try later"),
            ("", ""),
        ];
        for (text, want) in cases {
            assert_eq!(one_line(text), want, "{text:?}");
        }
        let long = format!("550 5.1.1 {}", "ä".repeat(400));
        assert_eq!(one_line(&long).chars().count(), DIAGNOSTIC_MAX);
    }

    #[test]
    fn addresses_in_texts() {
        let cases: [(&str, &[&str]); 6] = [
            ("RCPT TO:<a@example.net>:", &["a@example.net"]),
            ("\"b.c@example.net\": x", &["b.c@example.net"]),
            ("mailto:d+e@example.net.", &["d+e@example.net"]),
            ("user@localhost and @example.net and x@.net", &[]),
            ("a@b@c.example.net", &["b@c.example.net"]),
            (
                "f@example.net<mailto:f@example.net>",
                &["f@example.net", "f@example.net"],
            ),
        ];
        for (text, want) in cases {
            let got: Vec<&str> = addresses_in(text).into_iter().map(|(_, a)| a).collect();
            assert_eq!(got, want, "{text}");
        }
    }
}
