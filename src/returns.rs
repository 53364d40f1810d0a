//! The use case of `rundbrief inbox`: what one mail that came back to the
//! return mailbox means for the list, and acting on it. A bounce report, a
//! complaint or a mailed unsubscribe is matched to its subscriber by the
//! return tag it came back to (VERP), else by the Message-ID of the returned
//! original, else — only where plus-addressing is off — by the recipient it
//! names; a tag that does not verify matches nobody. Reading and filing the
//! mailbox is `mail::inbox`'s; the state change is the store's.

use std::collections::BTreeMap;
use std::path::Path;

use crate::mail::inbox::{Disposal, ImapSettings, Inbox, InboxError, Letter};
use crate::mail::report::{self, Failure, Kind, Report};
use crate::secret::{self, SecretKey};
use crate::store::{Effect, ReturnKind, ReturnPurpose, ReturnTag, Returned, Store, StoreError};
use crate::workspace::Workspace;

/// What one returned mail was judged to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// What to record and act on; `None` leaves the mail alone.
    pub returned: Option<Returned>,
    /// The subscriber's address, for the staff's report.
    pub address: Option<String>,
    pub verdict: Verdict,
}

/// The verdict on one mail, as the staff reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Bounce,
    SoftBounce,
    Complaint,
    Unsubscribe,
    AutoReply,
    Delay,
    /// A report whose tag does not verify, or that names nobody on the list.
    Unmatched,
    /// A mail written by a person, or nothing rundbrief understands: for
    /// the staff to read.
    NotUnderstood,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Bounce => "bounce",
            Verdict::SoftBounce => "soft-bounce",
            Verdict::Complaint => "complaint",
            Verdict::Unsubscribe => "unsubscribe",
            Verdict::AutoReply => "auto-reply",
            Verdict::Delay => "delay",
            Verdict::Unmatched => "unmatched",
            Verdict::NotUnderstood => "not-understood",
        }
    }
}

/// Who a report is about: the subscriber and the mail (issue or `confirm`).
struct Match {
    subscriber: i64,
    mail: Option<String>,
}

/// What the return tags of a mail say.
enum Tagged {
    /// A genuine tag: this subscriber, for this purpose.
    Genuine(ReturnPurpose, Match),
    /// Tags, none genuine: forged, or of a subscriber long erased.
    Forged,
    /// No tag at all.
    None,
}

/// Judges one raw mail without changing anything.
pub fn judge(
    ws: &Workspace,
    store: &Store,
    key: &SecretKey,
    raw: &[u8],
) -> Result<Judgement, StoreError> {
    let report = report::read(raw);
    let mail_key = report
        .message_id
        .clone()
        .unwrap_or_else(|| format!("sha256:{}", secret::hex(&secret::sha256(raw))));
    let plus_addressing = ws.config.inbox.plus_addressing;
    let tagged = tagged(store, key, &report)?;
    let judgement = |verdict: Verdict,
                     kind: Option<ReturnKind>,
                     found: Option<Match>,
                     status: Option<String>,
                     detail: String| {
        let returned = kind.map(|kind| Returned {
            key: mail_key.clone(),
            kind,
            subscriber: found.as_ref().map(|m| m.subscriber),
            mail: found.as_ref().and_then(|m| m.mail.clone()),
            status,
            detail,
        });
        Judgement {
            returned,
            address: None,
            verdict,
        }
    };
    let mut judged = match &report.kind {
        Kind::Bounce(failures) => {
            let found = match tagged {
                Tagged::Genuine(ReturnPurpose::Bounce, found) => Some(found),
                Tagged::Genuine(ReturnPurpose::Unsubscribe, _) | Tagged::Forged => None,
                Tagged::None => by_original(store, &report)?.or(if plus_addressing {
                    None
                } else {
                    by_recipient(
                        store,
                        failures.iter().filter_map(|f| f.recipient.as_deref()),
                    )?
                }),
            };
            let Some(found) = found else {
                return Ok(judgement(
                    Verdict::Unmatched,
                    None,
                    None,
                    None,
                    String::new(),
                ));
            };
            let address = store.subscriber(found.subscriber)?.address;
            let failure = failures
                .iter()
                .find(|f| {
                    f.recipient
                        .as_deref()
                        .is_some_and(|r| r.eq_ignore_ascii_case(&address))
                })
                .or(failures.first());
            let (kind, status, detail) = failure.map_or(
                (ReturnKind::Bounce, None, cite(&mail_key, &[])),
                |failure| bounce(&mail_key, failure),
            );
            let verdict = if kind == ReturnKind::Bounce {
                Verdict::Bounce
            } else {
                Verdict::SoftBounce
            };
            judgement(verdict, Some(kind), Some(found), status, detail)
        }
        Kind::Complaint(complaint) => {
            let found = match tagged {
                Tagged::Genuine(_, found) => Some(found),
                Tagged::Forged => None,
                Tagged::None => by_original(store, &report)?.or(if plus_addressing {
                    None
                } else {
                    by_recipient(store, complaint.recipient.as_deref().into_iter())?
                }),
            };
            let Some(found) = found else {
                return Ok(judgement(
                    Verdict::Unmatched,
                    None,
                    None,
                    None,
                    String::new(),
                ));
            };
            let detail = cite(
                &mail_key,
                &[
                    format!("feedback-type {}", complaint.feedback_type).as_str(),
                    complaint.reported_by.as_deref().unwrap_or_default(),
                ],
            );
            judgement(
                Verdict::Complaint,
                Some(ReturnKind::Complaint),
                Some(found),
                None,
                detail,
            )
        }
        Kind::Personal => {
            let found = match tagged {
                Tagged::Genuine(ReturnPurpose::Unsubscribe, found) => Some(found),
                // Without tags, the mailto's own subject is the sign, and the
                // sender is who asks.
                Tagged::None if !plus_addressing && asks_to_unsubscribe(&report) => {
                    by_recipient(store, report.from.as_deref().map(bare_address).into_iter())?
                }
                _ => None,
            };
            match found {
                Some(found) => judgement(
                    Verdict::Unsubscribe,
                    Some(ReturnKind::Unsubscribe),
                    Some(found),
                    None,
                    cite(&mail_key, &[report.subject.as_str()]),
                ),
                None => judgement(Verdict::NotUnderstood, None, None, None, String::new()),
            }
        }
        Kind::AutoReply | Kind::Delay => {
            let (verdict, kind) = if report.kind == Kind::AutoReply {
                (Verdict::AutoReply, ReturnKind::AutoReply)
            } else {
                (Verdict::Delay, ReturnKind::Delay)
            };
            let found = match tagged {
                Tagged::Genuine(_, found) => Some(found),
                _ => None,
            };
            judgement(verdict, Some(kind), found, None, cite(&mail_key, &[]))
        }
    };
    if let Some(id) = judged.returned.as_ref().and_then(|r| r.subscriber) {
        judged.address = Some(store.subscriber(id)?.address);
    }
    Ok(judged)
}

/// Records a judgement and acts on it; a mail judged before changes nothing.
pub fn act(
    ws: &Workspace,
    store: &mut Store,
    key: &SecretKey,
    judgement: &Judgement,
) -> Result<Option<Effect>, StoreError> {
    let Some(returned) = &judgement.returned else {
        return Ok(None);
    };
    store
        .record_return(
            key,
            returned,
            ws.config.inbox.soft_bounce_limit,
            crate::store::now(),
        )
        .map(Some)
}

/// Where `inbox` reads: the Maildir given on the command line, else the
/// one of `[inbox] maildir`, else the IMAP mailbox of `[inbox] url` with
/// the password from the environment.
pub async fn open_inbox(ws: &Workspace, maildir: Option<&Path>) -> Result<Inbox, InboxSetupError> {
    let inbox = &ws.config.inbox;
    let configured = inbox.maildir.as_ref().map(|dir| ws.root.join(dir));
    if let Some(dir) = maildir.or(configured.as_deref()) {
        return Ok(Inbox::maildir(dir)?);
    }
    let url = inbox.url.clone().ok_or(InboxSetupError::Nowhere)?;
    // Without one, `Inbox::imap` says so, naming the user, before any login.
    let password = std::env::var(crate::mail::inbox::PASSWORD_ENV).unwrap_or_default();
    let settings = ImapSettings {
        url,
        password,
        ca_file: inbox.ca_file.as_ref().map(|path| ws.root.join(path)),
        timeout: inbox.timeout.0,
    };
    Ok(Inbox::imap(&settings).await?)
}

#[derive(Debug, thiserror::Error)]
pub enum InboxSetupError {
    #[error("{}", crate::t!("inbox-nowhere"))]
    Nowhere,
    #[error(transparent)]
    Inbox(#[from] InboxError),
}

/// What one pass over the inbox did (or, dry, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Mails per verdict, not counting those processed before.
    pub verdicts: BTreeMap<Verdict, u64>,
    /// Subscribers whose state changed (or would).
    pub changed: u64,
    /// Mails judged in an earlier run, found again (now filed).
    pub already: u64,
    /// Mails that could not be read or filed this time.
    pub failed: u64,
}

impl Summary {
    pub fn count(&self, verdict: Verdict) -> u64 {
        self.verdicts.get(&verdict).copied().unwrap_or(0)
    }

    pub fn read(&self) -> u64 {
        self.verdicts.values().sum::<u64>() + self.already
    }
}

/// How many mails one fetch takes; the pass goes on until none are left.
const BATCH: usize = 200;

/// Reads every unprocessed mail of `inbox`, acts on it and files it as
/// `[inbox]` says; a mail it does not understand, or that names nobody, is
/// left where it is. `dry_run` changes nothing, neither the list nor the
/// mailbox. `each` hears every mail's judgement and what it did.
pub async fn process(
    ws: &Workspace,
    store: &mut Store,
    key: &SecretKey,
    inbox: &mut Inbox,
    dry_run: bool,
    mut each: impl FnMut(&Letter, &Judgement, Option<&Effect>),
) -> Result<Summary, ProcessError> {
    let disposal = disposal(&ws.config.inbox);
    let mut summary = Summary::default();
    // Mails left alone are fetched again by the next batch; remember them
    // so a pass ends.
    let mut left = std::collections::HashSet::new();
    // Every batch skips an unreadable mail anew: count each once.
    let mut unreadable = std::collections::HashSet::new();
    loop {
        let batch = inbox.unprocessed(BATCH + left.len()).await?;
        for skipped in batch.skipped {
            summary.failed += u64::from(unreadable.insert(skipped.id));
        }
        let fresh: Vec<Letter> = batch
            .letters
            .into_iter()
            .filter(|letter| !left.contains(&letter.id))
            .collect();
        if fresh.is_empty() {
            break;
        }
        for letter in fresh {
            let judgement = judge(ws, store, key, &letter.raw)?;
            let already = match &judgement.returned {
                Some(returned) => store.was_returned(&returned.key)?,
                None => false,
            };
            let effect = if dry_run || already {
                None
            } else {
                act(ws, store, key, &judgement)?
            };
            if already {
                summary.already += 1;
            } else {
                *summary.verdicts.entry(judgement.verdict).or_default() += 1;
                let changes = match &effect {
                    Some(effect) => matches!(effect, Effect::Changed { .. }),
                    None => dry_run && would_change(store, &judgement)?,
                };
                summary.changed += u64::from(changes);
            }
            each(&letter, &judgement, effect.as_ref());
            if dry_run || judgement.returned.is_none() {
                left.insert(letter.id.clone());
                continue;
            }
            if let Err(e) = inbox.file(&letter.id, &disposal).await {
                // Recorded already: the next run files it without acting twice.
                if !e.is_transient() {
                    return Err(e.into());
                }
                summary.failed += 1;
                left.insert(letter.id.clone());
            }
        }
    }
    Ok(summary)
}

#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Inbox(#[from] InboxError),
}

fn disposal(inbox: &crate::config::Inbox) -> Disposal {
    if inbox.delete_processed {
        Disposal::Delete
    } else if let Some(folder) = &inbox.move_to {
        Disposal::Move(folder.clone())
    } else {
        Disposal::Flag
    }
}

/// Whether acting on `judgement` would change a subscriber's state, for
/// `--dry-run`.
fn would_change(store: &Store, judgement: &Judgement) -> Result<bool, StoreError> {
    let Some(returned) = &judgement.returned else {
        return Ok(false);
    };
    let Some(id) = returned.subscriber else {
        return Ok(false);
    };
    let status = store.subscriber(id)?.status;
    Ok(returned
        .kind
        .target()
        .is_some_and(|to| crate::store::changes(status, to)))
}

fn tagged(store: &Store, key: &SecretKey, report: &Report) -> Result<Tagged, StoreError> {
    let mut seen = false;
    for tag in report.tags.iter().filter_map(|tag| ReturnTag::parse(tag)) {
        seen = true;
        if let Some((purpose, subscriber)) = store.resolve_return_tag(key, &tag)? {
            let mail = Some(tag.mail().to_string());
            return Ok(Tagged::Genuine(purpose, Match { subscriber, mail }));
        }
    }
    Ok(if seen { Tagged::Forged } else { Tagged::None })
}

/// The delivery whose Message-ID came back with the report.
fn by_original(store: &Store, report: &Report) -> Result<Option<Match>, StoreError> {
    for id in &report.original_message_ids {
        if let Some((issue, subscriber)) = store.delivery_of_message_id(id)? {
            return Ok(Some(Match {
                subscriber,
                mail: Some(issue.to_ascii_lowercase()),
            }));
        }
    }
    Ok(None)
}

/// The first of `addresses` on the list.
fn by_recipient<'a>(
    store: &Store,
    addresses: impl Iterator<Item = &'a str>,
) -> Result<Option<Match>, StoreError> {
    for address in addresses {
        let Ok(address) = crate::address::Address::parse(address) else {
            continue;
        };
        if let Some(found) = store.find(address.canonical())? {
            return Ok(Some(Match {
                subscriber: found.id,
                mail: None,
            }));
        }
    }
    Ok(None)
}

/// A bounce's kind, status code and what the consent event cites. Only a
/// permanent failure about the mailbox itself (5.1.x bad address, 5.2.x
/// disabled or full for good, 5.0.0 unspecified) kills the address at once;
/// a permanent refusal for policy or the network (5.7.x: "spam", the
/// sender's reputation) says more about the sender than the reader, so it
/// is counted like a temporary one.
fn bounce(mail_key: &str, failure: &Failure) -> (ReturnKind, Option<String>, String) {
    let about_the_mailbox = failure
        .status
        .is_none_or(|status| matches!(status.subject, 0..=2));
    let kind = if failure.permanent && about_the_mailbox {
        ReturnKind::Bounce
    } else {
        ReturnKind::SoftBounce
    };
    let status = failure.status.map(|s| s.to_string());
    let detail = cite(
        mail_key,
        &[
            status.as_deref().unwrap_or_default(),
            failure.diagnostic.as_str(),
        ],
    );
    (kind, status, detail)
}

/// `report <key>; <part>; <part>` for the consent log.
fn cite(mail_key: &str, parts: &[&str]) -> String {
    let mut detail = format!("report <{mail_key}>");
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        detail.push_str("; ");
        detail.push_str(part);
    }
    detail
}

/// The subject our `mailto:` sets, or a person's word for it.
fn asks_to_unsubscribe(report: &Report) -> bool {
    let subject = report.subject.trim().to_lowercase();
    ["unsubscribe", "abmelden", "austragen", "abbestellen"]
        .iter()
        .any(|word| subject.contains(word))
}

/// `Name <a@b>` → `a@b`.
fn bare_address(from: &str) -> &str {
    from.rsplit_once('<')
        .and_then(|(_, rest)| rest.split_once('>'))
        .map_or(from.trim(), |(address, _)| address.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::report::StatusCode;
    use crate::store::DeliveryState;

    fn failure(status: &str, permanent: bool) -> Failure {
        Failure {
            recipient: Some("anna@example.org".into()),
            status: StatusCode::parse(status),
            permanent,
            diagnostic: format!("550 {status} no"),
        }
    }

    /// A bounce report (RFC 3464) to `to` about `recipient`; with the
    /// headers of the original when its Message-ID is given.
    fn dsn(to: &str, id: &str, recipient: &str, status: &str, original: Option<&str>) -> String {
        let action = if status.starts_with('4') && id.starts_with("delay") {
            "delayed"
        } else {
            "failed"
        };
        let headers = original.map_or(String::new(), |message_id| {
            format!(
                "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n\
                 From: info@example.org\r\nTo: {recipient}\r\nMessage-ID: <{message_id}>\r\n\r\n"
            )
        });
        format!(
            "Delivered-To: {to}\r\nFrom: MAILER-DAEMON@mail.example.net\r\nTo: {to}\r\n\
             Subject: Undelivered Mail Returned to Sender\r\nMessage-Id: <{id}>\r\n\
             Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
             --B\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n\r\n\
             --B\r\nContent-Type: message/delivery-status\r\n\r\n\
             Reporting-MTA: dns; mail.example.net\r\n\r\n\
             Final-Recipient: rfc822; {recipient}\r\nAction: {action}\r\nStatus: {status}\r\n\
             Diagnostic-Code: smtp; 550 {status} no\r\n\r\n\
             {headers}--B--\r\n"
        )
    }

    /// A feedback-loop report about the original with `message_id`, to `to`.
    fn arf(to: &str, id: &str, recipient: &str, message_id: &str) -> String {
        format!(
            "From: fbl@isp.example.net\r\nTo: {to}\r\nSubject: complaint\r\nMessage-ID: <{id}>\r\n\
             MIME-Version: 1.0\r\n\
             Content-Type: multipart/report; report-type=feedback-report; boundary=\"A\"\r\n\r\n\
             --A\r\nContent-Type: text/plain\r\n\r\nAn abuse report.\r\n\r\n\
             --A\r\nContent-Type: message/feedback-report\r\n\r\n\
             Feedback-Type: abuse\r\nVersion: 1\r\nOriginal-Rcpt-To: <{recipient}>\r\n\r\n\
             --A\r\nContent-Type: message/rfc822\r\n\r\n\
             From: info@example.org\r\nTo: {recipient}\r\nMessage-ID: <{message_id}>\r\n\
             Subject: Rundbrief\r\n\r\nHallo\r\n\r\n--A--\r\n"
        )
    }

    /// A mail a person (or a mail client for them) wrote.
    fn written(from: &str, to: &str, id: &str, subject: &str, auto: bool) -> String {
        let auto = if auto {
            "Auto-Submitted: auto-replied\r\n"
        } else {
            ""
        };
        format!(
            "From: Anna <{from}>\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{auto}\
             Content-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n"
        )
    }

    /// Pins how `judge` matches what came back: by a genuine tag of the
    /// right purpose first, a forged tag matching nobody whatever else the
    /// mail names; untagged, by the original's Message-ID, and by the
    /// address it names only where plus-addressing is off.
    #[test]
    fn a_returned_mail_is_matched_to_whom_it_is_about() {
        let mut ws = Workspace::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let (_dir, mut store) = crate::store::testing::store();
        let key = SecretKey::from_hex(&"42".repeat(32), "test").unwrap();
        let ids = crate::store::testing::confirmed(
            &mut store,
            &key,
            &["anna@example.org", "bob@example.org"],
        );
        let (anna, bob) = (ids[0], ids[1]);
        store
            .freeze(
                &key,
                "2026-Q4",
                &crate::content::Audience::default(),
                "example.org",
                crate::store::now(),
            )
            .unwrap();
        let pending = store
            .pending_deliveries(&key, "2026-Q4", DeliveryState::Queued, 0, 10)
            .unwrap();
        let message_id_of = |subscriber: i64| {
            let found = pending.iter().find(|p| p.subscriber == subscriber);
            found.unwrap().message_id.clone()
        };
        let (anna_id, bob_id) = (message_id_of(anna), message_id_of(bob));
        let token = store.unsubscribe_token(&key, anna).unwrap();
        let tag = |purpose| ReturnTag::new(&key, purpose, "2026-Q4", &token);
        let bounces = format!(
            "bounces+{}@example.org",
            tag(ReturnPurpose::Bounce).as_str()
        );
        let unsubscribe = format!(
            "unsubscribe+{}@example.org",
            tag(ReturnPurpose::Unsubscribe).as_str()
        );
        let forged = {
            let genuine = tag(ReturnPurpose::Bounce);
            let (named, _) = genuine.as_str().rsplit_once('-').unwrap();
            format!("bounces+{named}-000000000000@example.org")
        };
        let untagged = "bounces@example.org";
        let anna_at = "anna@example.org";
        let q4 = Some("2026-q4");
        let cases = [
            (
                "a bounce to the bounce tag",
                true,
                dsn(&bounces, "r1", anna_at, "5.1.1", None),
                Verdict::Bounce,
                Some(anna),
                q4,
            ),
            (
                "a temporary failure to the bounce tag",
                true,
                dsn(&bounces, "r2", anna_at, "4.2.2", None),
                Verdict::SoftBounce,
                Some(anna),
                q4,
            ),
            (
                "a bounce to the unsubscribe tag",
                true,
                dsn(&unsubscribe, "r3", anna_at, "5.1.1", None),
                Verdict::Unmatched,
                None,
                None,
            ),
            (
                "a bounce to a forged tag, naming anna and her Message-ID",
                false,
                dsn(&forged, "r4", anna_at, "5.1.1", Some(&anna_id)),
                Verdict::Unmatched,
                None,
                None,
            ),
            (
                "an untagged bounce with bob's Message-ID",
                true,
                dsn(untagged, "r5", "bob@example.org", "5.1.1", Some(&bob_id)),
                Verdict::Bounce,
                Some(bob),
                q4,
            ),
            (
                "an untagged bounce naming anna, plus-addressing on",
                true,
                dsn(untagged, "r6", anna_at, "5.1.1", None),
                Verdict::Unmatched,
                None,
                None,
            ),
            (
                "an untagged bounce naming anna, plus-addressing off",
                false,
                dsn(untagged, "r7", anna_at, "5.1.1", None),
                Verdict::Bounce,
                Some(anna),
                None,
            ),
            (
                "a complaint to the unsubscribe tag",
                true,
                arf(&unsubscribe, "c1", anna_at, "other@example.net"),
                Verdict::Complaint,
                Some(anna),
                q4,
            ),
            (
                "an untagged complaint about bob's mail",
                true,
                arf("abuse@example.org", "c2", "bob@example.org", &bob_id),
                Verdict::Complaint,
                Some(bob),
                q4,
            ),
            (
                "a complaint to a forged tag about anna's mail",
                false,
                arf(&forged, "c3", anna_at, &anna_id),
                Verdict::Unmatched,
                None,
                None,
            ),
            (
                "an untagged complaint naming anna, plus-addressing off",
                false,
                arf("abuse@example.org", "c4", anna_at, "other@example.net"),
                Verdict::Complaint,
                Some(anna),
                None,
            ),
            (
                "a mailed unsubscribe to the unsubscribe tag",
                true,
                written(anna_at, &unsubscribe, "u1", "unsubscribe", false),
                Verdict::Unsubscribe,
                Some(anna),
                q4,
            ),
            (
                "a reader's answer to the bounce tag",
                true,
                written(anna_at, &bounces, "u2", "unsubscribe", false),
                Verdict::NotUnderstood,
                None,
                None,
            ),
            (
                "an untagged unsubscribe, plus-addressing off",
                false,
                written(
                    anna_at,
                    "unsubscribe@example.org",
                    "u3",
                    "Bitte abmelden",
                    false,
                ),
                Verdict::Unsubscribe,
                Some(anna),
                None,
            ),
            (
                "an untagged unsubscribe, plus-addressing on",
                true,
                written(
                    anna_at,
                    "unsubscribe@example.org",
                    "u4",
                    "unsubscribe",
                    false,
                ),
                Verdict::NotUnderstood,
                None,
                None,
            ),
            (
                "an untagged thank-you, plus-addressing off",
                false,
                written(anna_at, "unsubscribe@example.org", "u5", "Danke", false),
                Verdict::NotUnderstood,
                None,
                None,
            ),
            (
                "an out-of-office to the unsubscribe tag",
                true,
                written(anna_at, &unsubscribe, "a1", "Abwesend", true),
                Verdict::AutoReply,
                Some(anna),
                q4,
            ),
            (
                "an out-of-office to a forged tag",
                true,
                written(anna_at, &forged, "a2", "Abwesend", true),
                Verdict::AutoReply,
                None,
                None,
            ),
            (
                "a delay warning to the bounce tag",
                true,
                dsn(&bounces, "delay1", anna_at, "4.4.7", None),
                Verdict::Delay,
                Some(anna),
                q4,
            ),
        ];
        for (what, plus_addressing, raw, verdict, subscriber, mail) in cases {
            ws.config.inbox.plus_addressing = plus_addressing;
            let judged = judge(&ws, &store, &key, raw.as_bytes()).unwrap();
            assert_eq!(judged.verdict, verdict, "{what}");
            let returned = judged.returned.as_ref();
            assert_eq!(returned.and_then(|r| r.subscriber), subscriber, "{what}");
            assert_eq!(returned.and_then(|r| r.mail.as_deref()), mail, "{what}");
            let address = subscriber.map(|id| store.subscriber(id).unwrap().address);
            assert_eq!(judged.address, address, "{what}");
        }
    }

    #[test]
    fn only_a_permanent_failure_about_the_mailbox_is_a_bounce_at_once() {
        let cases = [
            ("5.1.1", true, ReturnKind::Bounce),
            ("5.1.10", true, ReturnKind::Bounce),
            ("5.2.1", true, ReturnKind::Bounce),
            ("5.0.0", true, ReturnKind::Bounce),
            ("", true, ReturnKind::Bounce),
            ("5.7.1", true, ReturnKind::SoftBounce),
            ("5.4.4", true, ReturnKind::SoftBounce),
            ("4.2.2", false, ReturnKind::SoftBounce),
            ("4.4.1", false, ReturnKind::SoftBounce),
        ];
        for (status, permanent, expected) in cases {
            let (kind, code, detail) = bounce("r1@example.net", &failure(status, permanent));
            assert_eq!(kind, expected, "{status}");
            assert_eq!(code.as_deref().unwrap_or(""), status, "{status}");
            assert!(detail.starts_with("report <r1@example.net>"), "{detail}");
            assert!(detail.contains("550"), "{detail}");
        }
    }

    #[test]
    fn a_citation_skips_empty_parts() {
        assert_eq!(
            cite("k", &["", " 5.1.1 ", "gone"]),
            "report <k>; 5.1.1; gone"
        );
        assert_eq!(cite("k", &[]), "report <k>");
    }

    #[test]
    fn bare_addresses() {
        assert_eq!(bare_address("Anna <anna@example.org>"), "anna@example.org");
        assert_eq!(bare_address(" anna@example.org "), "anna@example.org");
    }

    #[test]
    fn the_words_for_unsubscribe() {
        for (subject, asks) in [
            ("unsubscribe", true),
            ("Unsubscribe", true),
            ("Bitte abmelden", true),
            ("Danke für den Newsletter", false),
        ] {
            let report = report::read(format!("Subject: {subject}\r\n\r\nx").as_bytes());
            assert_eq!(asks_to_unsubscribe(&report), asks, "{subject}");
        }
    }
}
