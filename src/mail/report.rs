//! Reading one mail that came back to the newsletter's return mailbox: a
//! bounce (standard RFC 3464 DSN or a provider's own text), a delay notice,
//! an abuse report (ARF, RFC 5965), an out-of-office reply, or a mail a
//! person wrote (a reply, or a mail client's List-Unsubscribe mailto).
//! Bytes in, facts out: no tokens are checked and nothing is looked up here;
//! the use case decides what a fact means for a subscriber.

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
        for id in message_ids_in(&text) {
            push_unique(&mut original_message_ids, id);
        }
    }
    for value in [message.in_reply_to(), message.references()] {
        for id in header_texts(value) {
            push_unique(&mut original_message_ids, id);
        }
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
        original_message_ids,
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
    own: Vec<String>,
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
        let mut tags = Vec::new();
        for address in &delivered {
            if let Some(tag) = plus_tag(address) {
                push_unique(&mut tags, tag);
            }
        }
        let mut own: Vec<String> = delivered.iter().map(|a| a.to_ascii_lowercase()).collect();
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
                    for id in message_ids_in(&fields) {
                        push_unique(&mut attached.original_ids, id);
                    }
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
            push_unique(&mut self.original_ids, id.to_string());
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
        for id in message_ids_in(headers) {
            push_unique(&mut self.original_ids, id);
        }
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
        recipient: field("original-rcpt-to")
            .and_then(|v| clean_address(strip_type(v)))
            .or_else(|| attached.original_to.clone()),
        user_agent: field("user-agent").map(str::to_string),
        reported_by: field("reporting-mta")
            .map(|v| strip_type(v).to_string())
            .or_else(|| envelope.from.clone()),
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
                    let (last, after) = match after.as_bytes().first() {
                        Some(b'-') => (false, &after[1..]),
                        Some(b' ') => (true, &after[1..]),
                        None => (true, after),
                        _ => break,
                    };
                    diagnostic.push(' ');
                    diagnostic.push_str(after);
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
            push_unique(&mut ids, id.to_string());
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

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}
