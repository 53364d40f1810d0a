//! The use case of `send`: what a send would deliver now, the `--dry-run`
//! sample and `--test` copies, freezing the recipients, and delivering a
//! frozen issue. A reader feeds journal rows to one worker per SMTP
//! connection — queued rows first, then deferred ones whose back-off is
//! over — a shared throttle spaces the messages at the configured rate, a
//! broken connection is retried with a growing delay, and each outcome is
//! committed to the journal, in a group with those of the other
//! connections, before the next message on its connection can be accepted
//! — so a kill loses at most one accepted message per connection, which the
//! next `send` delivers again. A relay that takes fewer connections keeps those
//! it takes; bounces are held back until they cannot be the relay's
//! refusal. Messages are built and connections opened by `mail`; this
//! module decides what goes when.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use tokio::time::Instant;

use crate::address::Address;
use crate::build::{Sample, sample_message};
use crate::config::{Rate, Smtp};
use crate::content::{Issue, IssueId};
use crate::fsx::{self, FileError};
use crate::locale::Lang;
use crate::mail::dkim::{DkimError, Signer};
use crate::mail::message::WayBack;
use crate::mail::smtp::{Awaited, Before};
use crate::mail::{
    Connection, Edition, MessageError, Outgoing, Relay, SealError, Sealed, SmtpError,
};
use crate::render::Rendered;
use crate::secret::SecretKey;
use crate::store::{
    DeliveryState, Frozen, Outcome, Pending, ReturnPurpose, ReturnTag, Status, Store, StoreError,
};
use crate::workspace::{Checked, Workspace};

/// Rows the reader fetches at a time; also the queue length per connection.
const BATCH: usize = 256;

/// The longest a deferred row waits for its next try: a relay's "later"
/// rarely means more, and the staff wants the send through.
const LONGEST_WAIT: Duration = Duration::from_secs(3600);

/// How many recipients in a row, at as many domains, must meet the same
/// permanent refusal before it is taken for the relay's, not theirs.
const SAME_REFUSAL_IN_A_ROW: usize = 3;

/// How a send goes: from `[smtp]`, overridden on the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub connections: usize,
    pub rate: Rate,
    pub retry_attempts: u32,
    pub retry_delay: Duration,
    pub max_consecutive_errors: u32,
}

impl Options {
    pub fn from_config(smtp: &Smtp) -> Options {
        Options {
            connections: smtp.connections.max(1),
            rate: smtp.rate,
            retry_attempts: smtp.retry_attempts.max(1),
            retry_delay: smtp.retry_delay.0,
            max_consecutive_errors: smtp.max_consecutive_errors.max(1),
        }
    }

    /// When a row deferred after `attempts` tries, the last at `last`, is
    /// due again: the schedule of the retries within a send (`retry_delay`,
    /// doubling) continued over the sends, never longer than `LONGEST_WAIT`.
    pub fn due_at(&self, last: DateTime<Utc>, attempts: u32) -> DateTime<Utc> {
        let doublings = attempts.saturating_sub(1).min(31);
        let wait = self
            .retry_delay
            .saturating_mul(1 << doublings)
            .min(LONGEST_WAIT);
        last + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
    }

    /// When a deferred row is due, if that is after `now`; `None` when it
    /// is due (a row without a last try always is).
    pub fn not_due(
        &self,
        attempts: u32,
        last: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let due = self.due_at(last?, attempts);
        (due > now).then_some(due)
    }

    /// These options with what the command line asked for instead.
    pub fn overridden(mut self, connections: Option<usize>, rate: Option<Rate>) -> Options {
        if let Some(connections) = connections {
            self.connections = connections.max(1);
        }
        if let Some(rate) = rate {
            self.rate = rate;
        }
        self
    }
}

/// How the messages of a send leave: the relay of `[smtp]` and, when
/// `[smtp.dkim]` is set, the signer.
#[derive(Clone)]
pub struct Route {
    pub relay: Relay,
    pub dkim: Option<Signer>,
    /// The relay offers 8BITMIME, as `reach` found: the text part goes
    /// 8bit. Until then, and without it, quoted-printable.
    pub eight_bit_mime: bool,
}

impl Route {
    /// The route of the workspace's `[smtp]`; a DKIM key that cannot be
    /// read is an error now, before anything is sent.
    pub fn from_config(ws: &Workspace) -> Result<Route, DkimError> {
        let dkim = match &ws.config.smtp.dkim {
            Some(dkim) => Some(Signer::from_config(dkim, &ws.root)?),
            None => None,
        };
        Ok(Route {
            relay: Relay::from_config(
                &ws.config.smtp,
                ws.config.sender.from.email.domain(),
                &ws.root,
            ),
            dkim,
            eight_bit_mime: false,
        })
    }

    /// `edition` sealed for `out`, signed if there is a signer.
    pub fn seal(&self, edition: &Edition, out: &Outgoing<'_>) -> Result<Sealed, SealError> {
        edition.seal(out, self.dkim.as_ref(), self.eight_bit_mime)
    }

    /// Opens one connection and closes it again: a wrong host or password
    /// is found out before anything is marked, and whether the relay
    /// takes 8bit.
    pub async fn reach(&mut self) -> Result<(), SmtpError> {
        let connection = self.relay.connect().await?;
        self.eight_bit_mime = connection.offers_eight_bit_mime();
        connection.quit().await;
        Ok(())
    }
}

/// What a `send` of an issue would deliver now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlook {
    /// Messages left to deliver: every confirmed subscriber before the
    /// freeze; the queued rows and the deferred ones now due after it.
    pub count: u64,
    /// Before the freeze, the confirmed subscribers per language.
    pub per_language: Option<Vec<(Lang, u64)>>,
    /// An earlier `send` froze the recipients: this one resumes.
    pub resuming: bool,
    /// Who the send is meant for (`[audience]`), as the journal records it;
    /// when resuming, what the freeze recorded.
    pub audience: String,
    /// Deferred rows whose next try is not due yet: left for a later send.
    pub waiting: u64,
    /// When the first of those is due.
    pub next_due: Option<DateTime<Utc>>,
}

/// What a `send` of `issue` would deliver at `now`.
pub fn outlook(
    store: &Store,
    issue: &Issue,
    options: &Options,
    now: DateTime<Utc>,
) -> Result<Outlook, StoreError> {
    let audience = &issue.audience;
    let issue = issue.id.to_string();
    if store.frozen(&issue)?.is_some() {
        let report = store.send_report(&issue)?;
        let mut outlook = Outlook {
            count: report.count(DeliveryState::Queued),
            per_language: None,
            resuming: true,
            audience: store
                .frozen_audience(&issue)?
                .unwrap_or_else(|| audience.describe()),
            waiting: 0,
            next_due: None,
        };
        for deferral in store.deferrals(&issue)? {
            match options.not_due(deferral.attempts, deferral.updated_at, now) {
                None => outlook.count += 1,
                Some(due) => {
                    outlook.waiting += 1;
                    outlook.next_due = Some(earliest(outlook.next_due, due));
                }
            }
        }
        return Ok(outlook);
    }
    let per_language = store.audience(audience)?;
    Ok(Outlook {
        count: per_language.iter().map(|(_, n)| n).sum(),
        per_language: Some(per_language),
        resuming: false,
        audience: audience.describe(),
        waiting: 0,
        next_due: None,
    })
}

fn earliest(known: Option<DateTime<Utc>>, at: DateTime<Utc>) -> DateTime<Utc> {
    known.map_or(at, |known| known.min(at))
}

/// Freezes the confirmed subscribers in the issue's audience as its
/// recipients, once, each with a Message-ID under the sender's domain; a
/// later call resumes.
pub fn freeze(
    ws: &Workspace,
    store: &mut Store,
    key: &SecretKey,
    issue: &Issue,
) -> Result<Frozen, StoreError> {
    store.freeze(
        key,
        &issue.id.to_string(),
        &issue.audience,
        ws.config.sender.from.email.domain(),
        crate::store::now(),
    )
}

/// `send --dry-run`: the sample message of the issue's own edition, signed
/// as a send signs it, written to `out/<issue>/sample.eml`; returns the path.
pub fn write_sample(
    ws: &Workspace,
    checked: &Checked,
    route: &Route,
) -> Result<PathBuf, SendError> {
    let id = &checked.issue.id;
    let email = checked.rendered.email(checked.issue.lang);
    let sample = sample_message(ws, id, email, Sample::Record);
    let message = route.seal(&sample.edition()?, &sample.outgoing())?;
    let dir = ws.out_dir().join(id.to_string());
    fsx::create_private_dir(&dir)?;
    let path = dir.join("sample.eml");
    fsx::write_atomically(&path, |out| {
        out.write_all(message.formatted()).map_err(fsx::at(&path))
    })?;
    Ok(path)
}

/// `send --test`: the issue to each of `addresses`, `[TEST]` in the
/// subject, in the subscriber's language when the address is subscribed and
/// in the issue's own otherwise, over one connection; nothing is journaled.
/// Every message is built before the first goes out; `sent` hears each
/// server's reply.
pub async fn send_tests(
    ws: &Workspace,
    checked: &Checked,
    route: &Route,
    store: &Store,
    addresses: &[Address],
    mut sent: impl FnMut(&Address, &str),
) -> Result<(), SendError> {
    let mut messages = Vec::new();
    for address in addresses {
        let lang = store
            .find(address.canonical())?
            .map_or(checked.issue.lang, |s| s.lang);
        let email = checked.rendered.email(lang);
        let to = Mailbox::new(None, address.as_str().parse()?);
        let sample = sample_message(ws, &checked.issue.id, email, Sample::Test { to });
        let message = route.seal(&sample.edition()?, &sample.outgoing())?;
        messages.push((address, message));
    }
    let mut connection = route.relay.connect().await?;
    let mut outcome = Ok(());
    for (address, message) in &messages {
        match connection.send(message).await {
            Ok(reply) => sent(address, &reply),
            Err(source) => {
                outcome = Err(SendError::Refused {
                    address: address.to_string(),
                    source,
                });
                break;
            }
        }
    }
    // Goodbye after a refusal too: the relay hears that nothing more comes.
    connection.quit().await;
    outcome
}

/// Counts while a send runs, read by whoever shows progress.
#[derive(Debug, Default)]
pub struct Counters {
    pub sent: AtomicU64,
    pub failed_temporarily: AtomicU64,
    pub failed_permanently: AtomicU64,
    pub bounced: AtomicU64,
    pub skipped: AtomicU64,
    /// Deferred rows whose next try was not due: left for a later send.
    pub waiting: AtomicU64,
    /// Connections the relay refused while others worked ("too many
    /// connections"): the send goes on without them.
    pub refused_connections: AtomicU64,
    /// The earliest next try of a row left deferred.
    next_due: Mutex<Option<DateTime<Utc>>>,
    /// What the relay said when it refused a further connection.
    busy_reply: Mutex<Option<String>>,
}

impl Counters {
    pub fn done(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
            + self.failed_temporarily.load(Ordering::Relaxed)
            + self.failed_permanently.load(Ordering::Relaxed)
            + self.skipped.load(Ordering::Relaxed)
    }

    /// Rows left for a later send: deferred by this one, or earlier and
    /// not due yet.
    pub fn deferred(&self) -> u64 {
        self.failed_temporarily.load(Ordering::Relaxed) + self.waiting.load(Ordering::Relaxed)
    }

    /// When the first of the deferred rows is due.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        *lock(&self.next_due)
    }

    /// What the relay said refusing a further connection, if it did.
    pub fn busy_reply(&self) -> Option<String> {
        lock(&self.busy_reply).clone()
    }

    fn due_again(&self, at: DateTime<Utc>) {
        let mut next = lock(&self.next_due);
        *next = Some(earliest(*next, at));
    }
}

/// A mutex whose data stays sound whoever panicked holding it (a send's, an
/// import's confirmation mails).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How a send ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Every row of the journal was tried.
    Done,
    /// Asked to stop (Ctrl-C); the messages in flight were finished.
    Stopped,
    /// Too many failures in a row, or a relay that cannot be used.
    Paused(String),
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Smtp(#[from] SmtpError),
    #[error("{}", journal_gone())]
    JournalGone,
    /// A test or sample message could not be built.
    #[error(transparent)]
    Message(#[from] MessageError),
    /// A test address lettre does not take as a recipient.
    #[error(transparent)]
    Recipient(#[from] lettre::address::AddressError),
    /// The relay refused the test message to `address`.
    #[error("{address}")]
    Refused {
        address: String,
        #[source]
        source: SmtpError,
    },
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Dkim(#[from] DkimError),
}

impl From<SealError> for SendError {
    fn from(e: SealError) -> SendError {
        match e {
            SealError::Message(e) => SendError::Message(e),
            SealError::Dkim(e) => SendError::Dkim(e),
        }
    }
}

/// How long the journal waits for another writer (a long import) before a
/// send gives up: these mails are out, and given up on, the journal would
/// send them again on resume, so it waits several of the busy timeouts a
/// page request waits.
const JOURNAL_PATIENCE: Duration = Duration::from_secs(60);

/// How often the journal tries again while another writer holds the
/// database: within an import's pause between its slices (10 ms).
const JOURNAL_RETRY: Duration = Duration::from_millis(5);

fn journal_gone() -> String {
    crate::t!("mail-journal-gone")
}

/// An issue, rendered, to deliver to its frozen journal.
pub struct Delivery {
    pub ws: Workspace,
    pub issue: String,
    pub rendered: Arc<Rendered>,
    pub key: SecretKey,
    pub database: PathBuf,
    pub route: Route,
    pub options: Options,
    /// The moment the send looks at the journal from, as its `outlook`
    /// did: deferred rows due by then are tried, rows changed after it
    /// were deferred by this send and wait for the next.
    pub as_of: DateTime<Utc>,
}

impl Delivery {
    /// The delivery of `id` to the journal in the workspace's database, as
    /// of the moment its outlook was taken.
    pub fn new(
        ws: &Workspace,
        id: &IssueId,
        rendered: Rendered,
        key: SecretKey,
        route: Route,
        options: Options,
        as_of: DateTime<Utc>,
    ) -> Delivery {
        Delivery {
            ws: ws.clone(),
            issue: id.to_string(),
            rendered: Arc::new(rendered),
            key,
            database: ws.root.join(&ws.config.paths.database),
            route,
            options,
            as_of,
        }
    }
}

/// Why one row's message could not be built; goes into the journal.
#[derive(Debug, thiserror::Error)]
enum Unbuildable {
    #[error(transparent)]
    Message(#[from] MessageError),
    #[error(transparent)]
    Seal(#[from] SealError),
}

/// How far behind its schedule the throttle may catch up.
const CATCH_UP: Duration = Duration::from_millis(250);

/// Spaces messages `interval` apart across all connections: an issue's,
/// and the confirmation mails of an import.
pub(crate) struct Throttle {
    interval: Duration,
    next: tokio::sync::Mutex<Instant>,
}

impl Throttle {
    pub(crate) fn new(rate: Rate) -> Throttle {
        Throttle {
            interval: rate.interval(),
            next: tokio::sync::Mutex::new(Instant::now()),
        }
    }

    pub(crate) async fn wait(&self) {
        if self.interval.is_zero() {
            return;
        }
        let slot = {
            let mut next = self.next.lock().await;
            // A message that went out a little late is made up for, so a busy
            // machine still keeps the rate; a pause longer than CATCH_UP
            // does not save up a burst.
            let slot = (*next).max(Instant::now() - CATCH_UP);
            *next = slot + self.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

/// The workers still sending, and the rows handed back by those the relay
/// turned away, which the others take before any new one.
struct Crew {
    working: usize,
    handed_back: Vec<Pending>,
}

/// A permanent refusal of a recipient, held back until it is clear whose
/// it is.
struct Held {
    outcome: Outcome,
    /// The refusal's words, without the address it names.
    words: String,
    domain: String,
}

/// Permanent RCPT refusals held back, so that no subscriber is marked
/// bounced before the relay is ruled out: a relay that refuses everyone
/// (not logged in, over its quota, blocked) can answer `550 5.1.1` like a
/// missing mailbox. The same words for `SAME_REFUSAL_IN_A_ROW` recipients
/// in a row at as many domains are the relay's: the send pauses and the
/// held rows stay queued. An accepted recipient, or other words, show the
/// held refusals to be the readers' own, and they bounce; so do those held
/// when the send ends any other way, since fewer are no evidence against
/// the relay.
#[derive(Default)]
struct Refusals {
    held: Vec<Held>,
    relay_blamed: bool,
}

/// What a refusal showed.
struct Verdict {
    /// Held refusals shown to be the readers' own: they bounce now.
    readers: Vec<Outcome>,
    /// The relay refuses everyone: how many in a row, and its reply.
    relay: Option<(usize, String)>,
}

impl Refusals {
    fn refused(&mut self, refusal: Held) -> Verdict {
        if self.relay_blamed {
            self.held.push(refusal);
            return Verdict {
                readers: Vec::new(),
                relay: None,
            };
        }
        let (same, other): (Vec<Held>, Vec<Held>) = std::mem::take(&mut self.held)
            .into_iter()
            .partition(|held| held.words == refusal.words);
        self.held = same;
        self.held.push(refusal);
        let domains: std::collections::HashSet<&str> =
            self.held.iter().map(|held| held.domain.as_str()).collect();
        self.relay_blamed = domains.len() >= SAME_REFUSAL_IN_A_ROW;
        let relay = self.relay_blamed.then(|| {
            let reply = match &self.held[0].outcome {
                Outcome::Failed { reply, .. } => reply.clone(),
                _ => String::new(),
            };
            (self.held.len(), reply)
        });
        Verdict {
            readers: other.into_iter().map(|held| held.outcome).collect(),
            relay,
        }
    }

    /// The relay took a recipient, or the send ended: the held refusals
    /// are the readers' own, unless the relay was blamed.
    fn readers(&mut self) -> Vec<Outcome> {
        if self.relay_blamed {
            return Vec::new();
        }
        std::mem::take(&mut self.held)
            .into_iter()
            .map(|held| held.outcome)
            .collect()
    }
}

/// A refusal's words without the address it names (`550 5.1.1
/// <anna@example.org>: no such user`), so that two recipients' refusals
/// compare equal when only the address differs. The local part counts as
/// the address too where it stands alone (`user anna unknown`).
fn refusal_words(reply: &str, addresses: &[&str]) -> String {
    let addresses: Vec<String> = addresses.iter().map(|a| a.to_lowercase()).collect();
    let mut words = reply.to_lowercase();
    for address in &addresses {
        words = words.replace(address, "");
    }
    for (local, domain) in addresses.iter().filter_map(|a| a.rsplit_once('@')) {
        words = without_word(&without_word(&words, local), domain);
    }
    words
}

/// `text` without `word` where it stands alone (not inside another word
/// or address).
fn without_word(text: &str, word: &str) -> String {
    let part_of_address = |c: char| c.is_alphanumeric() || "._-+".contains(c);
    if word.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        let alone = !before.is_some_and(part_of_address) && !after.is_some_and(part_of_address);
        out.push_str(&rest[..at]);
        if !alone {
            out.push_str(word);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// The rows the reader handed over, taken one by one by the workers.
struct Jobs {
    batches: tokio::sync::mpsc::Receiver<Vec<Pending>>,
    ready: std::collections::VecDeque<Pending>,
}

struct Shared {
    delivery: Delivery,
    /// One per language of the issue, encoded once, in the order of
    /// `delivery.rendered.emails`.
    editions: Vec<Edition>,
    throttle: Throttle,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    ending: Mutex<Option<Ending>>,
    consecutive_errors: AtomicU32,
    jobs: tokio::sync::Mutex<Jobs>,
    crew: Mutex<Crew>,
    refusals: Mutex<Refusals>,
    journal: Journal,
}

/// The send's journal: the outcomes the workers hand over, committed in
/// groups by the first worker that needs one of them recorded. No thread
/// of its own: handing over and waiting cost no wake-ups, and a commit
/// takes every outcome waiting, from all connections, at once.
struct Journal {
    issue: String,
    /// The one connection that records; held while committing. It never
    /// waits inside SQLite for another writer, so no worker's thread
    /// sleeps: the holder waits between tries without blocking it.
    store: tokio::sync::Mutex<Store>,
    waiting: Mutex<Waiting>,
    /// How many outcomes handed over are committed: those with a
    /// `Ticket` up to this.
    committed: AtomicU64,
    /// Why the journal stopped recording; it does not try again.
    failure: Mutex<Option<StoreError>>,
}

/// Outcomes handed over and not yet committed.
#[derive(Default)]
struct Waiting {
    outcomes: Vec<Outcome>,
    /// How many outcomes were ever handed over.
    handed: u64,
}

/// An outcome's place among those handed over, to wait for its commit.
#[derive(Debug, Clone, Copy)]
struct Ticket(u64);

impl Journal {
    fn new(issue: String, store: Store) -> Journal {
        Journal {
            issue,
            store: tokio::sync::Mutex::new(store),
            waiting: Mutex::new(Waiting::default()),
            committed: AtomicU64::new(0),
            failure: Mutex::new(None),
        }
    }

    fn hand_over(&self, outcome: Outcome) -> Ticket {
        let mut waiting = lock(&self.waiting);
        waiting.outcomes.push(outcome);
        waiting.handed += 1;
        Ticket(waiting.handed)
    }

    fn is_committed(&self, ticket: Ticket) -> bool {
        self.committed.load(Ordering::Acquire) >= ticket.0
    }

    /// Waits until the outcome of `ticket` is committed, committing it with
    /// all others waiting unless another worker already is; `false` when
    /// the journal failed.
    async fn recorded(&self, ticket: Ticket) -> bool {
        if self.is_committed(ticket) {
            return true;
        }
        let mut store = self.store.lock().await;
        let mut busy_since = None;
        loop {
            // Whoever held the connection before may have committed it.
            if self.is_committed(ticket) {
                return true;
            }
            if lock(&self.failure).is_some() {
                return false;
            }
            let (outcomes, handed) = {
                let mut waiting = lock(&self.waiting);
                (std::mem::take(&mut waiting.outcomes), waiting.handed)
            };
            match store.record_deliveries(&self.issue, &outcomes, crate::store::now()) {
                Ok(()) => self.committed.store(handed, Ordering::Release),
                Err(e)
                    if e.is_busy()
                        && busy_since.get_or_insert_with(Instant::now).elapsed()
                            < JOURNAL_PATIENCE =>
                {
                    // Back in front of those handed over meanwhile.
                    {
                        let mut waiting = lock(&self.waiting);
                        let later = std::mem::replace(&mut waiting.outcomes, outcomes);
                        waiting.outcomes.extend(later);
                    }
                    tokio::time::sleep(JOURNAL_RETRY).await;
                }
                Err(e) => {
                    *lock(&self.failure) = Some(e);
                    return false;
                }
            }
        }
    }

    /// Commits whatever is still waiting; the error that stopped the
    /// journal, if one did.
    async fn close(self) -> Result<(), StoreError> {
        let all = Ticket(lock(&self.waiting).handed);
        self.recorded(all).await;
        match self
            .failure
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }
}

/// What became of the tries of one message.
enum Tried {
    Sent {
        reply: String,
        attempts: u32,
    },
    /// Refused for good, deferred, or out of attempts.
    Failed {
        error: SmtpError,
        attempts: u32,
    },
    /// The relay refused this connection; it may still serve the others.
    Busy(SmtpError),
    /// Stopped or paused before the server accepted it: the row stays as
    /// it is, for the next `send`.
    Stopped,
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn pause(&self, reason: String) {
        lock(&self.ending).get_or_insert(Ending::Paused(reason));
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Pauses for an error after which nothing is worth sending.
    fn pause_for(&self, error: &SmtpError) {
        if error.is_relay_refusal() {
            lock(&self.refusals).relay_blamed = true;
        }
        self.pause(error.to_string());
    }

    /// Seals the message of one row in the subscriber's language.
    fn message(&self, row: &Pending) -> Result<Sealed, Unbuildable> {
        let delivery = &self.delivery;
        let edition = &self.editions[delivery.rendered.edition_of(row.lang)];
        let public = delivery.ws.config.site.public_url();
        let unsubscribe_url = crate::urls::unsubscribe_url(public, &row.unsubscribe);
        let preferences_url = crate::urls::preferences_url(public, &row.preferences);
        let address = crate::mail::message::recipient_address(&row.address)?;
        let (bounce, unsubscribe) = (
            ReturnTag::new(
                &delivery.key,
                ReturnPurpose::Bounce,
                &delivery.issue,
                &row.unsubscribe,
            ),
            ReturnTag::new(
                &delivery.key,
                ReturnPurpose::Unsubscribe,
                &delivery.issue,
                &row.unsubscribe,
            ),
        );
        let outgoing = Outgoing {
            to: Mailbox::new(row.name.clone(), address),
            unsubscribe_url: &unsubscribe_url,
            preferences_url: &preferences_url,
            way_back: WayBack::of(
                &delivery.ws.config,
                Some((bounce.as_str(), unsubscribe.as_str())),
            ),
            message_id: row.message_id.clone(),
            subject_prefix: "",
        };
        Ok(delivery.route.seal(edition, &outgoing)?)
    }

    /// Hands an outcome to the journal and waits until it is committed.
    async fn record(&self, outcome: Outcome) -> Result<(), SendError> {
        let ticket = self.journal.hand_over(outcome);
        if self.journal.recorded(ticket).await {
            Ok(())
        } else {
            self.pause(journal_gone());
            Err(SendError::JournalGone)
        }
    }

    /// What the next message on a connection waits for before it can be
    /// accepted: the commit of `sent`. A journal that failed pauses the
    /// send, so that no retry goes out unrecorded either.
    fn recorded(&self, ticket: Ticket) -> Awaited<'_> {
        let recorded = async move {
            let done = self.journal.recorded(ticket).await;
            if !done {
                self.pause(journal_gone());
            }
            done
        };
        Box::pin(recorded)
    }

    fn count_failure(&self, error: &str) {
        let in_a_row = self.consecutive_errors.fetch_add(1, Ordering::SeqCst) + 1;
        if in_a_row >= self.delivery.options.max_consecutive_errors {
            self.pause(crate::t!(
                "mail-failures-in-a-row",
                count = in_a_row,
                error = error
            ));
        }
    }

    /// The next row to deliver: one handed back, else the reader's next.
    /// `None` once stopping or when nothing is left; this worker has then
    /// left the crew.
    async fn next_row(&self) -> Option<Pending> {
        if self.stopping() {
            return self.handed_back_or_leave();
        }
        if let Some(row) = lock(&self.crew).handed_back.pop() {
            return Some(row);
        }
        let mut jobs = self.jobs.lock().await;
        loop {
            if let Some(row) = jobs.ready.pop_front() {
                return Some(row);
            }
            match jobs.batches.recv().await {
                Some(batch) => jobs.ready.extend(batch),
                None => break,
            }
        }
        drop(jobs);
        self.handed_back_or_leave()
    }

    /// A row handed back, or else this worker leaves the crew, in one step:
    /// no row is handed back to a crew that has gone.
    fn handed_back_or_leave(&self) -> Option<Pending> {
        let mut crew = lock(&self.crew);
        if !self.stopping()
            && let Some(row) = crew.handed_back.pop()
        {
            return Some(row);
        }
        crew.working -= 1;
        None
    }

    /// Leaves the crew because the relay refused this worker's connection,
    /// handing `row` back to the others; `false` when this is the last
    /// worker, which must not leave.
    fn retire(&self, row: &Pending, refusal: &SmtpError) -> bool {
        let mut crew = lock(&self.crew);
        if crew.working <= 1 {
            return false;
        }
        crew.working -= 1;
        crew.handed_back.push(row.clone());
        lock(&self.counters.busy_reply).get_or_insert_with(|| refusal.reply());
        self.counters
            .refused_connections
            .fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Delivers one row and records what became of it; `false` when this
    /// worker retired instead, leaving the row to the others.
    async fn deliver_row<'a>(
        &'a self,
        row: Pending,
        connection: &mut Option<Connection>,
        before: &mut Before<'a>,
    ) -> Result<bool, SendError> {
        if row.status != Status::Confirmed {
            self.record(Outcome::Skipped {
                subscriber: row.subscriber,
            })
            .await?;
            self.counters.skipped.fetch_add(1, Ordering::Relaxed);
            return Ok(true);
        }
        let message = match self.message(&row) {
            Ok(message) => message,
            Err(reason) => {
                let outcome = Outcome::Failed {
                    subscriber: row.subscriber,
                    reply: reason.to_string(),
                    attempts: 0,
                    permanent: true,
                    bounce: false,
                };
                self.record(outcome).await?;
                self.counters
                    .failed_permanently
                    .fetch_add(1, Ordering::Relaxed);
                return Ok(true);
            }
        };
        loop {
            let tried = attempt(self, connection, &message, before).await;
            if !matches!(tried, Tried::Sent { .. }) {
                settle(before).await;
            }
            match tried {
                Tried::Sent { reply, attempts } => {
                    *before = Some(self.recorded(self.sent(&row, reply, attempts).await?));
                }
                Tried::Failed { error, attempts } => {
                    self.failed(&row, &message, &error, attempts).await?;
                }
                Tried::Stopped => {}
                Tried::Busy(error) => {
                    if self.retire(&row, &error) {
                        return Ok(false);
                    }
                    // The last connection waits for the relay as for any
                    // failed connection; the row is not charged a try.
                    self.count_failure(&error.to_string());
                    tokio::time::sleep(self.delivery.options.retry_delay).await;
                    continue;
                }
            }
            return Ok(true);
        }
    }

    /// Hands the row's acceptance to the journal without waiting: the
    /// next message on this connection waits for the commit instead,
    /// after its envelope (`Connection::send_after`), so that still at
    /// most one accepted message per connection is unrecorded.
    async fn sent(&self, row: &Pending, reply: String, attempts: u32) -> Result<Ticket, SendError> {
        self.consecutive_errors.store(0, Ordering::SeqCst);
        let committed = self.journal.hand_over(Outcome::Sent {
            subscriber: row.subscriber,
            reply,
            attempts,
        });
        self.counters.sent.fetch_add(1, Ordering::Relaxed);
        // The relay took a recipient: the refusals held back were the
        // readers' own.
        let readers = lock(&self.refusals).readers();
        self.bounce(readers).await?;
        Ok(committed)
    }

    async fn failed(
        &self,
        row: &Pending,
        message: &Sealed,
        error: &SmtpError,
        attempts: u32,
    ) -> Result<(), SendError> {
        let outcome = Outcome::Failed {
            subscriber: row.subscriber,
            reply: error.reply(),
            attempts,
            permanent: error.is_permanent(),
            bounce: error.is_bounce(),
        };
        if error.is_bounce() {
            // First the relay's verdict, so a pause names the relay.
            self.hold(row, message, outcome).await?;
            self.count_failure(&error.reply());
            return Ok(());
        }
        // A server that says "later" (4xx) is no sign of a broken send;
        // only failures of the connection itself and refusals count.
        if !error.is_deferral() {
            self.count_failure(&error.reply());
        }
        self.record(outcome).await?;
        if error.is_permanent() {
            self.counters
                .failed_permanently
                .fetch_add(1, Ordering::Relaxed);
        } else {
            self.counters
                .failed_temporarily
                .fetch_add(1, Ordering::Relaxed);
            let options = &self.delivery.options;
            self.counters.due_again(
                options.due_at(crate::store::now(), row.attempts.saturating_add(attempts)),
            );
        }
        Ok(())
    }

    /// Holds a bounce back until it is clear whose refusal it is (see
    /// `Refusals`).
    async fn hold(
        &self,
        row: &Pending,
        message: &Sealed,
        outcome: Outcome,
    ) -> Result<(), SendError> {
        let to = message
            .envelope()
            .to()
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        let Outcome::Failed { reply, .. } = &outcome else {
            unreachable!("only failures are held")
        };
        let held = Held {
            words: refusal_words(reply, &[&row.address, &to]),
            domain: to
                .rsplit_once('@')
                .map_or(String::new(), |(_, domain)| domain.to_lowercase()),
            outcome,
        };
        let verdict = lock(&self.refusals).refused(held);
        if let Some((count, reply)) = verdict.relay {
            self.pause(crate::t!(
                "mail-relay-refuses-everyone",
                count = count,
                reply = reply
            ));
        }
        self.bounce(verdict.readers).await
    }

    /// Records refusals shown to be the readers' own: their subscribers
    /// bounce.
    async fn bounce(&self, outcomes: Vec<Outcome>) -> Result<(), SendError> {
        for outcome in outcomes {
            self.record(outcome).await?;
            self.counters
                .failed_permanently
                .fetch_add(1, Ordering::Relaxed);
            self.counters.bounced.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Opens the connection if needed, waits for the throttle, sends once.
    async fn try_once(
        &self,
        connection: &mut Option<Connection>,
        message: &Sealed,
        before: &mut Before<'_>,
    ) -> Result<String, SmtpError> {
        let open = self.delivery.route.relay.ready(connection).await?;
        self.throttle.wait().await;
        open.send_after(message, before).await
    }
}

/// What the reader needs: the journal to read, and how to tell which
/// deferred rows are due.
struct Reader {
    key: SecretKey,
    issue: String,
    database: PathBuf,
    options: Options,
    as_of: DateTime<Utc>,
    stop: Arc<AtomicBool>,
    counters: Arc<Counters>,
}

impl Reader {
    /// Feeds the workers: queued rows first — a recipient never tried
    /// waits for nobody's retry — then the deferred rows due by `as_of`.
    /// Those not due are counted and left; those changed after `as_of`
    /// were deferred by this very send and wait for the next.
    fn run(&self, jobs: &tokio::sync::mpsc::Sender<Vec<Pending>>) -> Result<(), StoreError> {
        let store = Store::open(&self.database)?;
        for state in [DeliveryState::Queued, DeliveryState::FailedTemporarily] {
            let mut after = 0;
            while !self.stop.load(Ordering::SeqCst) {
                let batch =
                    store.pending_deliveries(&self.key, &self.issue, state, after, BATCH)?;
                let Some(last) = batch.last() else { break };
                after = last.subscriber;
                let due: Vec<Pending> = batch
                    .into_iter()
                    .filter(|row| state == DeliveryState::Queued || self.due(row))
                    .collect();
                if !due.is_empty() && jobs.blocking_send(due).is_err() {
                    return Ok(());
                }
                // The journal's connection leaves this to the reader.
                store.checkpoint()?;
            }
        }
        Ok(())
    }

    fn due(&self, row: &Pending) -> bool {
        if row.updated_at.is_some_and(|at| at >= self.as_of) {
            return false;
        }
        match self
            .options
            .not_due(row.attempts, row.updated_at, self.as_of)
        {
            None => true,
            Some(due) => {
                self.counters.waiting.fetch_add(1, Ordering::Relaxed);
                self.counters.due_again(due);
                false
            }
        }
    }
}

/// Delivers the queued rows of the journal of `delivery.issue`, then the
/// deferred ones now due, until done, stopped through `stop`, or paused.
pub async fn deliver(
    delivery: Delivery,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
) -> Result<Ending, SendError> {
    let connections = delivery.options.connections;
    // Whole batches, not rows: the reader wakes once per batch, not once
    // per message (that ping-pong was a tenth of a send's CPU).
    let (jobs_tx, jobs_rx) = tokio::sync::mpsc::channel(2);
    let reader = {
        let reader = Reader {
            key: delivery.key.clone(),
            issue: delivery.issue.clone(),
            database: delivery.database.clone(),
            options: delivery.options.clone(),
            as_of: delivery.as_of,
            stop: stop.clone(),
            counters: counters.clone(),
        };
        std::thread::spawn(move || reader.run(&jobs_tx))
    };

    let journal = Journal::new(
        delivery.issue.clone(),
        Store::open_for_journal(&delivery.database)?,
    );

    let editions = delivery
        .rendered
        .emails
        .iter()
        .map(|email| Edition::new(&delivery.ws.config, email, ""))
        .collect::<Result<Vec<_>, _>>()?;
    let shared = Arc::new(Shared {
        editions,
        throttle: Throttle::new(delivery.options.rate),
        delivery,
        counters,
        stop: stop.clone(),
        ending: Mutex::new(None),
        consecutive_errors: AtomicU32::new(0),
        jobs: tokio::sync::Mutex::new(Jobs {
            batches: jobs_rx,
            ready: std::collections::VecDeque::new(),
        }),
        crew: Mutex::new(Crew {
            working: connections,
            handed_back: Vec::new(),
        }),
        refusals: Mutex::new(Refusals::default()),
        journal,
    });
    let workers: Vec<_> = (0..connections)
        .map(|_| tokio::spawn(worker(shared.clone())))
        .collect();
    let mut failure = None;
    for worker in workers {
        match worker.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                stop.store(true, Ordering::SeqCst);
                failure.get_or_insert(e);
            }
            Err(panic) => std::panic::resume_unwind(panic.into_panic()),
        }
    }
    if failure.is_none() {
        // Refusals still held when the send ends are the readers' own.
        let readers = lock(&shared.refusals).readers();
        if let Err(e) = shared.bounce(readers).await {
            failure = Some(e);
        }
    }
    // Let the reader see the closed queue, and the writer the closed journal.
    shared.jobs.lock().await.batches.close();
    let ending = lock(&shared.ending).clone();
    let journal = Arc::into_inner(shared)
        .expect("the workers are done")
        .journal;
    let written = journal.close().await;
    let read = reader.join().expect("the journal reader does not panic");
    if let Some(e) = failure {
        return Err(e);
    }
    written?;
    read?;
    Ok(ending.unwrap_or(if stop.load(Ordering::SeqCst) {
        Ending::Stopped
    } else {
        Ending::Done
    }))
}

/// One connection's worker: rows until none are left, the send stops, or
/// the relay refuses this connection while it serves others.
async fn worker(shared: Arc<Shared>) -> Result<(), SendError> {
    let mut connection: Option<Connection> = None;
    let worked = work(&shared, &mut connection).await;
    // Every way out says goodbye to the relay, after an error answer too.
    if let Some(connection) = connection {
        connection.quit().await;
    }
    worked
}

async fn work(shared: &Shared, connection: &mut Option<Connection>) -> Result<(), SendError> {
    // The commit the next message on this connection waits for.
    let mut before: Before<'_> = None;
    while let Some(row) = shared.next_row().await {
        if !shared.deliver_row(row, connection, &mut before).await? {
            break;
        }
    }
    // A journal that failed says why when the send ends (its writer's error).
    settle(&mut before).await;
    Ok(())
}

/// Waits for what `before` waits for, if no message did.
async fn settle(before: &mut Before<'_>) {
    if let Some(done) = before.take() {
        done.await;
    }
}

/// Tries one message until it is accepted, refused for good, deferred, or
/// out of attempts. A server's "later" (4xx) is heeded at once: the row
/// waits its turn in the journal instead of holding a connection asleep
/// (deferred rows must not starve the queue); only a broken connection is
/// tried again within the send, on a new one.
async fn attempt<'a>(
    shared: &'a Shared,
    connection: &mut Option<Connection>,
    message: &Sealed,
    before: &mut Before<'a>,
) -> Tried {
    let options = &shared.delivery.options;
    let mut delay = options.retry_delay;
    for attempt in 1..=options.retry_attempts {
        if shared.stopping() {
            return Tried::Stopped;
        }
        let error = match shared.try_once(connection, message, before).await {
            Ok(reply) => {
                return Tried::Sent {
                    reply,
                    attempts: attempt,
                };
            }
            Err(e) => e,
        };
        if error.is_busy() {
            return Tried::Busy(error);
        }
        if error.is_fatal() {
            shared.pause_for(&error);
            return Tried::Stopped;
        }
        if error.is_permanent() || error.is_deferral() || attempt == options.retry_attempts {
            return Tried::Failed {
                error,
                attempts: attempt,
            };
        }
        tokio::time::sleep(delay).await;
        delay *= 2;
    }
    unreachable!("the last attempt returns")
}

#[cfg(test)]
mod tests {
    //! The throttle on tokio's paused clock: virtual time moves only when
    //! every task waits for a timer, so these pin the schedule the throttle
    //! asks for, never how fast the machine is. Tokio's timer counts whole
    //! milliseconds and rounds a deadline up, hence `TICK`.

    use super::*;

    const TICK: Duration = Duration::from_millis(1);

    fn throttle(rate: &str) -> Throttle {
        let rate: Rate = rate.parse().unwrap();
        Throttle {
            interval: rate.interval(),
            next: tokio::sync::Mutex::new(Instant::now()),
        }
    }

    #[track_caller]
    fn assert_about(elapsed: Duration, expected: Duration, what: &str) {
        assert!(
            expected <= elapsed && elapsed < expected + TICK,
            "{what}: took {elapsed:?}, expected {expected:?}"
        );
    }

    fn options(retry_delay: Duration) -> Options {
        Options {
            connections: 1,
            rate: "unlimited".parse().unwrap(),
            retry_attempts: 3,
            retry_delay,
            max_consecutive_errors: 20,
        }
    }

    #[test]
    fn a_deferred_row_waits_twice_as_long_each_time_up_to_an_hour() {
        let last = chrono::DateTime::parse_from_rfc3339("2026-10-01T12:00:00Z")
            .unwrap()
            .to_utc();
        let seconds = |s: i64| last + chrono::Duration::seconds(s);
        let two = options(Duration::from_secs(2));
        for (attempts, due) in [
            // The first retry within the send waits retry_delay; the
            // schedule goes on from there.
            (0, seconds(2)),
            (1, seconds(2)),
            (2, seconds(4)),
            (3, seconds(8)),
            (10, seconds(1024)),
            (11, seconds(2048)),
            (12, seconds(3600)),
            (40, seconds(3600)),
            (u32::MAX, seconds(3600)),
        ] {
            assert_eq!(two.due_at(last, attempts), due, "{attempts} attempts");
        }
        // Due or not, seen from a moment.
        assert_eq!(two.not_due(3, Some(last), seconds(7)), Some(seconds(8)));
        assert_eq!(two.not_due(3, Some(last), seconds(8)), None);
        assert_eq!(two.not_due(3, None, last), None, "never tried: due");
    }

    #[test]
    fn a_refusals_words_leave_out_the_address() {
        let anna = ["anna@example.org", "anna@example.org"];
        for (reply, addresses, words) in [
            (
                "550 5.1.1 <anna@example.org>: Recipient address rejected",
                &anna[..],
                "550 5.1.1 <>: recipient address rejected",
            ),
            (
                "550 5.1.1 user anna unknown at example.org",
                &anna,
                "550 5.1.1 user  unknown at ",
            ),
            // The local part inside another word stays.
            (
                "550 5.1.1 hannah: no such user",
                &anna,
                "550 5.1.1 hannah: no such user",
            ),
            (
                "550 5.1.1 <Jörg@XN--MNCHEN-3YA.example> unknown",
                &["jörg@münchen.example", "jörg@xn--mnchen-3ya.example"][..],
                "550 5.1.1 <> unknown",
            ),
        ] {
            assert_eq!(refusal_words(reply, addresses), words, "{reply}");
        }
    }

    fn refusal(subscriber: i64, words: &str, domain: &str) -> Held {
        Held {
            outcome: Outcome::Failed {
                subscriber,
                reply: format!("550 {words}"),
                attempts: 1,
                permanent: true,
                bounce: true,
            },
            words: words.into(),
            domain: domain.into(),
        }
    }

    fn subscribers(outcomes: &[Outcome]) -> Vec<i64> {
        outcomes
            .iter()
            .map(|o| match o {
                Outcome::Failed { subscriber, .. } => *subscriber,
                _ => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn the_same_refusal_at_three_domains_in_a_row_is_the_relays() {
        let mut refusals = Refusals::default();
        for (n, domain) in [(1, "a.example"), (2, "b.example")] {
            let verdict = refusals.refused(refusal(n, "5.1.1 sorry, no", domain));
            assert!(verdict.readers.is_empty() && verdict.relay.is_none());
        }
        let verdict = refusals.refused(refusal(3, "5.1.1 sorry, no", "c.example"));
        assert_eq!(verdict.relay, Some((3, "550 5.1.1 sorry, no".into())));
        assert!(verdict.readers.is_empty());
        // Blamed on the relay: nobody bounces, not even at the end.
        refusals.refused(refusal(4, "5.1.1 other words", "d.example"));
        assert!(refusals.readers().is_empty());
    }

    #[test]
    fn other_words_an_acceptance_or_one_domain_clear_the_relay() {
        // Other words: the held refusals were the readers' own.
        let mut refusals = Refusals::default();
        refusals.refused(refusal(1, "5.1.1 no such user", "a.example"));
        refusals.refused(refusal(2, "5.1.1 no such user", "b.example"));
        let verdict = refusals.refused(refusal(3, "5.2.1 mailbox disabled", "c.example"));
        assert_eq!(subscribers(&verdict.readers), [1, 2]);
        assert!(verdict.relay.is_none());
        // An acceptance: the same.
        assert_eq!(subscribers(&refusals.readers()), [3]);
        // One big provider's words for its missing mailboxes, many times.
        for n in 0..10 {
            let verdict = refusals.refused(refusal(n, "5.1.1 does not exist", "gmail.com"));
            assert!(verdict.relay.is_none());
        }
        assert_eq!(
            refusals.readers().len(),
            10,
            "they bounce when the send ends"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn n_messages_at_rate_r_take_n_minus_one_intervals() {
        for (rate, messages, expected) in [
            ("100/s", 200, Duration::from_millis(1990)),
            ("10/s", 11, Duration::from_secs(1)),
            ("600/min", 61, Duration::from_secs(6)),
            ("3/s", 4, Duration::from_secs(1)),
            ("20000/h", 5, Duration::from_millis(720)),
        ] {
            let throttle = throttle(rate);
            let start = Instant::now();
            let mut previous = start;
            for n in 0..messages {
                throttle.wait().await;
                let gap = Instant::now() - previous;
                if n > 0 {
                    // Never two messages closer than the interval.
                    assert!(
                        gap + TICK > throttle.interval,
                        "{rate}: message {n} came {gap:?} after the one before"
                    );
                }
                previous = Instant::now();
            }
            assert_about(start.elapsed(), expected, rate);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn connections_share_one_schedule() {
        let throttle = Arc::new(throttle("100/s"));
        let start = Instant::now();
        let connections: Vec<_> = (0..4)
            .map(|_| {
                let throttle = throttle.clone();
                tokio::spawn(async move {
                    let mut sent = Vec::new();
                    for _ in 0..25 {
                        throttle.wait().await;
                        sent.push(Instant::now() - start);
                    }
                    sent
                })
            })
            .collect();
        let mut sent = Vec::new();
        for connection in connections {
            sent.extend(connection.await.unwrap());
        }
        sent.sort();
        let expected: Vec<Duration> = (0..100).map(|n| Duration::from_millis(10 * n)).collect();
        assert_eq!(
            sent, expected,
            "100 messages over 4 connections at 100/s: one every 10 ms"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_message_that_went_out_late_is_made_up_for() {
        let throttle = throttle("10/s");
        let start = Instant::now();
        throttle.wait().await;
        // The next message was due at 100 ms; the machine was busy until
        // 220 ms, less than CATCH_UP behind the schedule.
        tokio::time::advance(Duration::from_millis(220)).await;
        for _ in 0..10 {
            throttle.wait().await;
        }
        assert_about(
            start.elapsed(),
            Duration::from_secs(1),
            "11 messages at 10/s keep their schedule",
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_long_pause_saves_up_no_burst() {
        for (rate, pause) in [
            ("10/s", Duration::from_secs(1)),
            ("10/s", Duration::from_secs(3600)),
            ("100/s", Duration::from_secs(1)),
            ("100/s", Duration::from_secs(3600)),
            ("2/s", Duration::from_secs(60)),
        ] {
            let throttle = throttle(rate);
            throttle.wait().await;
            tokio::time::advance(pause).await;
            let resumed = Instant::now();
            let mut at_once = 0;
            loop {
                throttle.wait().await;
                if Instant::now() > resumed {
                    break;
                }
                at_once += 1;
            }
            // What CATCH_UP allows behind the schedule, and the one due now.
            let allowance = (CATCH_UP.as_nanos() / throttle.interval.as_nanos()) as usize + 1;
            assert_eq!(
                at_once, allowance,
                "{rate} after a pause of {pause:?}: {at_once} at once"
            );
            // After the catch-up, the rate again.
            let caught_up = Instant::now();
            throttle.wait().await;
            assert_about(caught_up.elapsed(), throttle.interval, rate);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_unlimited_rate_never_waits() {
        let throttle = throttle("unlimited");
        assert!(throttle.interval.is_zero());
        let start = Instant::now();
        for _ in 0..10_000 {
            throttle.wait().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
