//! The use case of `send`: what a send would deliver now, the `--dry-run`
//! sample and `--test` copies, freezing the recipients, and delivering a
//! frozen issue. A reader feeds journal rows to one worker per SMTP
//! connection, a shared throttle spaces the messages at the configured
//! rate, failures are retried with a growing delay, and a writer records
//! each outcome in a group commit before the worker takes its next row — so
//! a kill loses at most one accepted message per connection, which the next
//! `send` delivers again. Messages are built and connections opened by
//! `mail`; this module decides what goes when.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lettre::message::Mailbox;
use tokio::sync::oneshot;
use tokio::time::Instant;

use crate::address::Address;
use crate::build::{Sample, sample_message};
use crate::config::{Rate, Smtp};
use crate::content::IssueId;
use crate::fsx::{self, FileError};
use crate::locale::Lang;
use crate::mail::dkim::{DkimError, Signer};
use crate::mail::message::WayBack;
use crate::mail::{Connection, MessageError, Outgoing, Relay, SmtpError, build_message};
use crate::render::Rendered;
use crate::secret::SecretKey;
use crate::store::{
    DeliveryState, Frozen, Outcome, Pending, ReturnPurpose, ReturnTag, Status, Store, StoreError,
};
use crate::workspace::{Checked, Workspace};

/// Rows the reader fetches at a time; also the queue length per connection.
const BATCH: usize = 256;

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
        })
    }

    /// Signs `message` as it leaves, if there is a signer.
    pub fn sign(&self, message: &mut lettre::Message) -> Result<(), DkimError> {
        match &self.dkim {
            Some(dkim) => dkim.sign(message),
            None => Ok(()),
        }
    }

    /// Opens one connection and closes it again: a wrong host or password
    /// is found out before anything is marked.
    pub async fn reach(&self) -> Result<(), SmtpError> {
        self.relay.connect().await?.quit().await;
        Ok(())
    }
}

/// What a `send` of an issue would deliver now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlook {
    /// Messages left to deliver: every confirmed subscriber before the
    /// freeze; the queued and temporarily failed rows after it.
    pub count: u64,
    /// Before the freeze, the confirmed subscribers per language.
    pub per_language: Option<Vec<(Lang, u64)>>,
    /// An earlier `send` froze the recipients: this one resumes.
    pub resuming: bool,
}

/// What a `send` of `id` would deliver now.
pub fn outlook(store: &Store, id: IssueId) -> Result<Outlook, StoreError> {
    let issue = id.to_string();
    if store.frozen(&issue)?.is_some() {
        let report = store.send_report(&issue)?;
        return Ok(Outlook {
            count: report.count(DeliveryState::Queued)
                + report.count(DeliveryState::FailedTemporarily),
            per_language: None,
            resuming: true,
        });
    }
    let audience = store.audience()?;
    Ok(Outlook {
        count: audience.iter().map(|(_, n)| n).sum(),
        per_language: Some(audience),
        resuming: false,
    })
}

/// Freezes the confirmed subscribers as the recipients of `id`, once, each
/// with a Message-ID under the sender's domain; a later call resumes.
pub fn freeze(
    ws: &Workspace,
    store: &mut Store,
    key: &SecretKey,
    id: IssueId,
) -> Result<Frozen, StoreError> {
    store.freeze(
        key,
        &id.to_string(),
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
    let id = checked.issue.id;
    let email = checked.rendered.email(checked.issue.lang);
    let mut message = sample_message(ws, id, email, Sample::Record).message()?;
    route.sign(&mut message)?;
    let dir = ws.out_dir().join(id.to_string());
    std::fs::create_dir_all(&dir).map_err(fsx::at(&dir))?;
    let path = dir.join("sample.eml");
    fsx::write_atomically(&path, |out| {
        out.write_all(&message.formatted()).map_err(fsx::at(&path))
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
        let mut message =
            sample_message(ws, checked.issue.id, email, Sample::Test { to }).message()?;
        route.sign(&mut message)?;
        messages.push((address, message));
    }
    let mut connection = route.relay.connect().await?;
    for (address, message) in &messages {
        let reply = connection
            .send(message)
            .await
            .map_err(|source| SendError::Refused {
                address: address.to_string(),
                source,
            })?;
        sent(address, &reply);
    }
    connection.quit().await;
    Ok(())
}

/// Counts while a send runs, read by whoever shows progress.
#[derive(Debug, Default)]
pub struct Counters {
    pub sent: AtomicU64,
    pub failed_temporarily: AtomicU64,
    pub failed_permanently: AtomicU64,
    pub bounced: AtomicU64,
    pub skipped: AtomicU64,
}

impl Counters {
    pub fn done(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
            + self.failed_temporarily.load(Ordering::Relaxed)
            + self.failed_permanently.load(Ordering::Relaxed)
            + self.skipped.load(Ordering::Relaxed)
    }
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
}

impl Delivery {
    /// The delivery of `id` to the journal in the workspace's database.
    pub fn new(
        ws: &Workspace,
        id: IssueId,
        rendered: Rendered,
        key: SecretKey,
        route: Route,
        options: Options,
    ) -> Delivery {
        Delivery {
            ws: ws.clone(),
            issue: id.to_string(),
            rendered: Arc::new(rendered),
            key,
            database: ws.root.join(&ws.config.paths.database),
            route,
            options,
        }
    }
}

/// Why one row's message could not be built; goes into the journal.
#[derive(Debug, thiserror::Error)]
enum Unbuildable {
    #[error(transparent)]
    Message(#[from] MessageError),
    #[error(transparent)]
    Dkim(#[from] DkimError),
}

/// How far behind its schedule the throttle may catch up.
const CATCH_UP: Duration = Duration::from_millis(250);

/// Spaces messages `interval` apart across all connections.
struct Throttle {
    interval: Duration,
    next: tokio::sync::Mutex<Instant>,
}

impl Throttle {
    async fn wait(&self) {
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

struct Shared {
    delivery: Delivery,
    throttle: Throttle,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    ending: Mutex<Option<Ending>>,
    consecutive_errors: AtomicU32,
    jobs: tokio::sync::Mutex<tokio::sync::mpsc::Receiver<Pending>>,
    journal: std::sync::mpsc::Sender<(Outcome, oneshot::Sender<()>)>,
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    fn pause(&self, reason: String) {
        let mut ending = self
            .ending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        ending.get_or_insert(Ending::Paused(reason));
        self.stop.store(true, Ordering::SeqCst);
    }

    /// Builds the message of one row in the subscriber's language.
    fn message(&self, row: &Pending) -> Result<lettre::Message, Unbuildable> {
        let delivery = &self.delivery;
        let email = delivery.rendered.email(row.lang);
        let unsubscribe_url =
            crate::urls::unsubscribe_url(delivery.ws.config.site.public_url(), &row.unsubscribe);
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
            way_back: WayBack::of(
                &delivery.ws.config,
                Some((bounce.as_str(), unsubscribe.as_str())),
            ),
            message_id: row.message_id.clone(),
            subject_prefix: "",
        };
        let mut message = build_message(&delivery.ws.config, email, &outgoing)?;
        delivery.route.sign(&mut message)?;
        Ok(message)
    }

    /// Hands an outcome to the journal and waits until it is committed.
    async fn record(&self, outcome: Outcome) -> Result<(), SendError> {
        let (ack, committed) = oneshot::channel();
        self.journal
            .send((outcome, ack))
            .map_err(|_| SendError::JournalGone)?;
        committed.await.map_err(|_| SendError::JournalGone)
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
}

/// Delivers every queued and temporarily failed row of the journal of
/// `delivery.issue`, until done, stopped through `stop`, or paused.
pub async fn deliver(
    delivery: Delivery,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
) -> Result<Ending, SendError> {
    let connections = delivery.options.connections;
    let (jobs_tx, jobs_rx) = tokio::sync::mpsc::channel(BATCH * 2);
    let (journal_tx, journal_rx) = std::sync::mpsc::channel::<(Outcome, oneshot::Sender<()>)>();

    let reader = {
        let (key, issue, database, stop) = (
            delivery.key.clone(),
            delivery.issue.clone(),
            delivery.database.clone(),
            stop.clone(),
        );
        std::thread::spawn(move || -> Result<(), StoreError> {
            let store = Store::open(&database)?;
            let mut after = 0;
            while !stop.load(Ordering::SeqCst) {
                let batch = store.pending_deliveries(&key, &issue, after, BATCH)?;
                let Some(last) = batch.last() else { break };
                after = last.subscriber;
                for row in batch {
                    if jobs_tx.blocking_send(row).is_err() {
                        return Ok(());
                    }
                }
            }
            Ok(())
        })
    };

    let writer = {
        let (issue, database) = (delivery.issue.clone(), delivery.database.clone());
        std::thread::spawn(move || -> Result<(), StoreError> {
            let mut store = Store::open(&database)?;
            while let Ok(first) = journal_rx.recv() {
                let mut batch = vec![first];
                while batch.len() < BATCH
                    && let Ok(more) = journal_rx.try_recv()
                {
                    batch.push(more);
                }
                let (outcomes, acks): (Vec<Outcome>, Vec<_>) = batch.into_iter().unzip();
                store.record_deliveries(&issue, &outcomes, crate::store::now())?;
                for ack in acks {
                    let _ = ack.send(());
                }
            }
            Ok(())
        })
    };

    let shared = Arc::new(Shared {
        throttle: Throttle {
            interval: delivery.options.rate.interval(),
            next: tokio::sync::Mutex::new(Instant::now()),
        },
        delivery,
        counters,
        stop: stop.clone(),
        ending: Mutex::new(None),
        consecutive_errors: AtomicU32::new(0),
        jobs: tokio::sync::Mutex::new(jobs_rx),
        journal: journal_tx,
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
    // Let the reader see the closed queue, and the writer the closed journal.
    shared.jobs.lock().await.close();
    let ending = shared
        .ending
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    drop(shared);
    let read = reader.join().expect("the journal reader does not panic");
    let written = writer.join().expect("the journal writer does not panic");
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

async fn worker(shared: Arc<Shared>) -> Result<(), SendError> {
    let mut connection: Option<Connection> = None;
    loop {
        if shared.stopping() {
            break;
        }
        let Some(row) = shared.jobs.lock().await.recv().await else {
            break;
        };
        if row.status != Status::Confirmed {
            shared
                .record(Outcome::Skipped {
                    subscriber: row.subscriber,
                })
                .await?;
            shared.counters.skipped.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let message = match shared.message(&row) {
            Ok(message) => message,
            Err(reason) => {
                let outcome = Outcome::Failed {
                    subscriber: row.subscriber,
                    reply: reason.to_string(),
                    attempts: 0,
                    permanent: true,
                    bounce: false,
                };
                shared.record(outcome).await?;
                shared
                    .counters
                    .failed_permanently
                    .fetch_add(1, Ordering::Relaxed);
                continue;
            }
        };
        let Some((outcome, deferred)) = attempt(&shared, &mut connection, &row, &message).await
        else {
            // Stopped or paused before the server accepted it: the row stays
            // as it is, for the next `send`.
            break;
        };
        let counter = match &outcome {
            Outcome::Sent { .. } => {
                shared.consecutive_errors.store(0, Ordering::SeqCst);
                &shared.counters.sent
            }
            Outcome::Failed {
                permanent: true,
                bounce,
                reply,
                ..
            } => {
                if *bounce {
                    shared.counters.bounced.fetch_add(1, Ordering::Relaxed);
                }
                shared.count_failure(reply);
                &shared.counters.failed_permanently
            }
            Outcome::Failed { reply, .. } => {
                // A server that says "later" (4xx) is no sign of a broken
                // send; only failures of the connection itself count.
                if !deferred {
                    shared.count_failure(reply);
                }
                &shared.counters.failed_temporarily
            }
            Outcome::Skipped { .. } => &shared.counters.skipped,
        };
        shared.record(outcome).await?;
        counter.fetch_add(1, Ordering::Relaxed);
    }
    if let Some(connection) = connection {
        connection.quit().await;
    }
    Ok(())
}

/// Tries one message until it is accepted, refused for good, or out of
/// attempts; `None` when the send stops or pauses first. Beside the outcome:
/// whether the last answer was the server's "later" (a 4xx reply).
async fn attempt(
    shared: &Shared,
    connection: &mut Option<Connection>,
    row: &Pending,
    message: &lettre::Message,
) -> Option<(Outcome, bool)> {
    let options = &shared.delivery.options;
    let mut delay = options.retry_delay;
    for attempt in 1..=options.retry_attempts {
        if shared.stopping() {
            return None;
        }
        let failed = |error: &SmtpError, permanent: bool| Outcome::Failed {
            subscriber: row.subscriber,
            reply: error.reply(),
            attempts: attempt,
            permanent,
            bounce: error.is_bounce(),
        };
        let error = match shared.delivery.route.relay.ready(connection).await {
            Ok(open) => {
                shared.throttle.wait().await;
                match open.send(message).await {
                    Ok(reply) => {
                        let sent = Outcome::Sent {
                            subscriber: row.subscriber,
                            reply,
                            attempts: attempt,
                        };
                        return Some((sent, false));
                    }
                    Err(e) => e,
                }
            }
            Err(e) => e,
        };
        if error.is_fatal() {
            shared.pause(error.to_string());
            return None;
        }
        if error.is_permanent() {
            return Some((failed(&error, true), false));
        }
        if attempt == options.retry_attempts {
            return Some((failed(&error, false), error.is_deferral()));
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
