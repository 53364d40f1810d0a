//! The one double opt-in flow, as `subscribers add`, `subscribers import`
//! and the form of `serve` all run it: the request is recorded in the
//! consent log, the confirmation mail rendered in the subscriber's language
//! with their personal link and sent over the relay, and its outcome logged.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

use crate::address::Address;
use crate::delivery::lock;
use crate::locale::{Catalog, Lang, args};
use crate::mail::message::WayBack;
use crate::mail::{self, Connection, Relay, Sealed, SmtpError};
use crate::render::{self, ConfirmationView};
use crate::secret::SecretKey;
use crate::store::{
    Origin, Policy, Request, Requested, ReturnPurpose, ReturnTag, Source, Store, StoreError,
    Subscriber, Token,
};
use crate::urls;
use crate::workspace::Workspace;

/// The subscriber database as the flow shares it with its caller.
pub type SharedStore = Arc<Mutex<Store>>;

/// What became of one address's request.
#[derive(Debug)]
pub enum Outcome {
    /// Pending; the confirmation mail went out, and the server replied this.
    Mailed {
        subscriber: Subscriber,
        reply: String,
    },
    /// Pending; no mail was asked for (`--no-mail`): the link to pass on.
    NotMailed {
        subscriber: Subscriber,
        confirm_url: String,
    },
    /// Pending; a confirmation mail went out within the cooldown.
    CoolingDown(Subscriber),
    AlreadyConfirmed(Subscriber),
    /// Erased earlier at their own request; only they may sign up again.
    Suppressed,
}

#[derive(Debug, thiserror::Error)]
pub enum OptInError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request is recorded, the mail did not go out: the subscriber
    /// stays pending, and asking again tries again.
    #[error("{source}")]
    NotSent {
        subscriber: Box<Subscriber>,
        #[source]
        source: MailError,
    },
}

impl OptInError {
    /// Whether no further mail can go out either (the relay is unreachable
    /// or refuses the login), so a batch stops at once.
    pub fn is_fatal(&self) -> bool {
        matches!(self, OptInError::NotSent { source: MailError::Smtp(smtp), .. } if smtp.is_fatal())
    }
}

/// The double opt-in of a workspace: one per command or server, reused.
pub struct OptIn {
    ws: Workspace,
    key: SecretKey,
    policy: Policy,
    store: SharedStore,
    mailer: ConfirmationMailer,
}

impl OptIn {
    pub fn new(ws: &Workspace, key: SecretKey, store: SharedStore) -> OptIn {
        OptIn {
            policy: policy(&ws.config.subscribers),
            mailer: ConfirmationMailer::new(ws),
            ws: ws.clone(),
            key,
            store,
        }
    }

    /// Runs `work` on the database without holding up the async runtime.
    async fn with_store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store, &SecretKey, &Policy) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (store, key, policy) = (
            Arc::clone(&self.store),
            self.key.clone(),
            self.policy.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let mut store = store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut store, &key, &policy)
        })
        .await
        .unwrap_or_else(|panicked| std::panic::resume_unwind(panicked.into_panic()))
    }

    /// Records that `address` asks to subscribe (the consent log's
    /// `requested`); what to mail is `mail`'s.
    pub async fn request(
        &self,
        address: &Address,
        name: Option<&str>,
        lang: Lang,
        interests: &[String],
        origin: &Origin,
    ) -> Result<Requested, StoreError> {
        let (address, name, origin) = (address.clone(), name.map(str::to_string), origin.clone());
        let interests = interests.to_vec();
        self.with_store(move |store, key, policy| {
            let request = Request {
                address: &address,
                name: name.as_deref(),
                lang,
                interests: &interests,
                origin: &origin,
            };
            store.request(key, &request, policy, crate::store::now())
        })
        .await
    }

    /// Mails the confirmation to a pending subscriber and logs the outcome:
    /// `confirmation-sent` with the server's reply, or, when it could not
    /// go out, the subscriber stays pending for another try.
    pub async fn mail(
        &self,
        subscriber: Subscriber,
        token: &Token,
        origin: &Origin,
    ) -> Result<String, OptInError> {
        let id = subscriber.id;
        let unsubscribe = self
            .with_store(move |store, key, _| store.unsubscribe_token(key, id))
            .await?;
        let tags = [ReturnPurpose::Bounce, ReturnPurpose::Unsubscribe]
            .map(|purpose| ReturnTag::new(&self.key, purpose, "confirm", &unsubscribe));
        let way_back = WayBack::of(&self.ws.config, Some((tags[0].as_str(), tags[1].as_str())));
        let mail = Mail {
            subscriber: &subscriber,
            token,
            way_back: &way_back,
            source: origin.source,
            ip: origin.ip,
            requested: crate::store::now(),
        };
        let sent = match self.mailer.message(&mail) {
            Ok(message) => self.mailer.send(&message).await,
            Err(e) => Err(e),
        };
        match sent {
            Ok(reply) => {
                let (origin, logged) = (origin.clone(), reply.clone());
                self.with_store(move |store, _, _| {
                    store.confirmation_sent(id, &origin, &logged, crate::store::now())
                })
                .await?;
                Ok(reply)
            }
            Err(source) => {
                self.with_store(move |store, _, _| store.confirmation_failed(id))
                    .await?;
                Err(OptInError::NotSent {
                    subscriber: Box::new(subscriber),
                    source,
                })
            }
        }
    }

    /// The whole flow for one address: request, then mail unless `mail` is
    /// false (then the outcome carries the link to pass on).
    pub async fn subscribe(
        &self,
        address: &Address,
        name: Option<&str>,
        lang: Lang,
        origin: &Origin,
        mail: bool,
    ) -> Result<Outcome, OptInError> {
        Ok(
            match self.request(address, name, lang, &[], origin).await? {
                Requested::Mail { subscriber, token } if !mail => Outcome::NotMailed {
                    confirm_url: urls::confirm_url(self.ws.config.site.public_url(), &token),
                    subscriber,
                },
                Requested::Mail { subscriber, token } => {
                    let reply = self.mail(subscriber.clone(), &token, origin).await?;
                    Outcome::Mailed { subscriber, reply }
                }
                Requested::CoolingDown(subscriber) => Outcome::CoolingDown(subscriber),
                Requested::AlreadyConfirmed(subscriber) => Outcome::AlreadyConfirmed(subscriber),
                Requested::Suppressed => Outcome::Suppressed,
            },
        )
    }

    /// Mails every confirmation that is due (an import's, or one a crash
    /// or an unreachable relay left) as an issue is sent: over `[smtp]
    /// connections` at once, at `[smtp] rate`. Each mail is logged when the
    /// server took it, so a run that stops anywhere is resumed by the next
    /// without mailing anyone twice. `progress` hears each mail done.
    pub async fn mail_due(
        self: &Arc<Self>,
        origin: &Origin,
        progress: impl Fn(&DueProgress) + Send + Sync + 'static,
    ) -> Result<DueSummary, StoreError> {
        let due = self
            .with_store(|store, _, _| store.due_confirmations())
            .await?;
        let total = due.len();
        if total == 0 {
            return Ok(DueSummary::default());
        }
        // Reached once before the crew starts: a relay that cannot be
        // reached is told once, and every mail stays due.
        match self.mailer.relay.connect().await {
            Ok(connection) => self.mailer.put_back(Some(connection)).await,
            Err(e) if e.is_fatal() => {
                return Ok(DueSummary {
                    unreachable: Some(e.to_string()),
                    untried: total,
                    ..DueSummary::default()
                });
            }
            Err(_) => {}
        }
        let shared = Arc::new(DueRun {
            queue: Mutex::new(due.into_iter().rev().collect()),
            throttle: crate::delivery::Throttle::new(self.ws.config.smtp.rate),
            summary: Mutex::new(DueSummary::default()),
            stop: std::sync::atomic::AtomicBool::new(false),
            progress: Box::new(progress),
            total,
        });
        let workers = self.ws.config.smtp.connections.max(1).min(total.max(1));
        let crew: Vec<_> = (0..workers)
            .map(|_| {
                let (optin, run, origin) = (Arc::clone(self), Arc::clone(&shared), origin.clone());
                tokio::spawn(async move { optin.mail_due_worker(&run, &origin).await })
            })
            .collect();
        for worker in crew {
            match worker.await {
                Ok(result) => result?,
                Err(panic) => std::panic::resume_unwind(panic.into_panic()),
            }
        }
        let untried = lock(&shared.queue).len();
        let mut summary = std::mem::take(&mut *lock(&shared.summary));
        summary.untried = untried;
        Ok(summary)
    }

    async fn mail_due_worker(&self, run: &DueRun, origin: &Origin) -> Result<(), StoreError> {
        loop {
            if run.stop.load(std::sync::atomic::Ordering::SeqCst) {
                return Ok(());
            }
            let Some(id) = lock(&run.queue).pop() else {
                return Ok(());
            };
            run.throttle.wait().await;
            let Some((subscriber, token)) = self
                .with_store(move |store, _, policy| {
                    store.confirmation_to_mail(id, policy, crate::store::now())
                })
                .await?
            else {
                continue;
            };
            let address = subscriber.address.clone();
            let outcome = match self.mail(subscriber, &token, origin).await {
                Ok(_) => DueOutcome::Sent,
                Err(OptInError::Store(e)) => return Err(e),
                Err(OptInError::NotSent { source, .. }) => {
                    let reply = source.to_string();
                    match &source {
                        MailError::Smtp(smtp) if smtp.is_bounce() => {
                            let detail = reply.clone();
                            self.with_store(move |store, _, _| {
                                store.mark(
                                    id,
                                    crate::store::Status::Bounced,
                                    &Origin::new(Source::Smtp),
                                    &detail,
                                    crate::store::now(),
                                )
                            })
                            .await?;
                            DueOutcome::Bounced(reply)
                        }
                        MailError::Smtp(smtp) if smtp.is_fatal() => {
                            // Nothing more can go out: the rest stay due.
                            run.stop.store(true, std::sync::atomic::Ordering::SeqCst);
                            DueOutcome::Left(reply)
                        }
                        _ => DueOutcome::Left(reply),
                    }
                }
            };
            let snapshot = {
                let mut summary = lock(&run.summary);
                match outcome {
                    DueOutcome::Sent => summary.sent += 1,
                    DueOutcome::Bounced(reply) => summary.bounced.push((address, reply)),
                    DueOutcome::Left(reply) => summary.left.push((address, reply)),
                }
                DueProgress {
                    done: summary.sent + summary.bounced.len() + summary.left.len(),
                    total: run.total,
                }
            };
            (run.progress)(&snapshot);
        }
    }

    /// Mails a reader a link they asked for: their preferences page, or
    /// the confirmation of a new address (sent to that address). Untagged:
    /// a bounce of the new address must not mark the old one bounced.
    pub async fn mail_notice(
        &self,
        to: &str,
        lang: Lang,
        notice: Notice<'_>,
    ) -> Result<String, MailError> {
        let catalog = self.ws.locales.shared(lang);
        let site = self.ws.config.site.name.as_str();
        let (prefix, url) = match notice {
            Notice::PreferencesLink { url } => ("preferences-mail", url),
            Notice::NewAddress { url } => ("new-address-mail", url),
        };
        let word = |suffix: &str| {
            catalog.format(
                &format!("{prefix}-{suffix}"),
                &args([("site", site), ("address", to)]),
            )
        };
        let (subject, lead, button, small_print) = (
            word("subject"),
            word("lead"),
            word("button"),
            word("small-print"),
        );
        let view = render::NoticeView {
            subject: &subject,
            lead: &lead,
            button: &button,
            url,
            small_print: &small_print,
        };
        let (html, text) =
            render::render_notice(&self.ws.config, &self.ws.templates, &catalog, &view)
                .map_err(MailError::Template)?;
        let to = Mailbox::new(None, mail::message::recipient_address(to)?);
        let way_back = WayBack::of(&self.ws.config, None);
        let mut message = mail::confirmation::build_notice(
            &self.ws.config,
            subject.clone(),
            to,
            &way_back,
            html,
            text,
        )?;
        if let Some(signer) = self.mailer.dkim.as_ref().map_err(Clone::clone)? {
            signer.sign(&mut message)?;
        }
        self.mailer.send(&message).await
    }

    /// Whether a confirmed subscriber in `lang` gets a welcome mail: when
    /// `[subscribers] welcome` says so, or the workspace has its own
    /// `templates/welcome.<lang>.mjml`.
    pub fn welcomes(&self, lang: Lang) -> bool {
        self.ws.config.subscribers.welcome || render::has_own_welcome(&self.ws.templates, lang)
    }

    /// Mails the welcome to a subscriber who has just confirmed, over the
    /// same relay and with the same way back as the confirmation; the
    /// server's reply, or `None` when no welcome is wanted in their
    /// language. A failure undoes nothing: the subscriber stays confirmed,
    /// and the caller logs it.
    pub async fn welcome(&self, subscriber: &Subscriber) -> Result<Option<String>, OptInError> {
        if !self.welcomes(subscriber.lang) {
            return Ok(None);
        }
        let id = subscriber.id;
        let (unsubscribe, preferences, latest) = self
            .with_store(move |store, key, _| {
                Ok((
                    store.unsubscribe_token(key, id)?,
                    store.preferences_token(key, id)?,
                    store.latest_send()?,
                ))
            })
            .await?;
        let tags = [ReturnPurpose::Bounce, ReturnPurpose::Unsubscribe]
            .map(|purpose| ReturnTag::new(&self.key, purpose, "welcome", &unsubscribe));
        let way_back = WayBack::of(&self.ws.config, Some((tags[0].as_str(), tags[1].as_str())));
        let unsubscribe_url = urls::unsubscribe_url(self.ws.config.site.public_url(), &unsubscribe);
        let preferences_url = urls::preferences_url(self.ws.config.site.public_url(), &preferences);
        // An issue named in the journal that no longer parses (renamed
        // since) gets no link rather than a wrong one.
        let latest_url = latest
            .and_then(|issue| issue.parse::<crate::content::IssueId>().ok())
            .map(|issue| urls::SiteUrls::new(&self.ws.config.site.base_url).issue(&issue));
        let view = render::WelcomeView {
            address: &subscriber.address,
            name: subscriber.name.as_deref(),
            latest_url,
            unsubscribe_url: &unsubscribe_url,
            preferences_url: Some(&preferences_url),
        };
        let sent = match self.mailer.welcome_message(subscriber, &way_back, &view) {
            Ok(message) => self.mailer.send(&message).await,
            Err(e) => Err(e),
        };
        sent.map(Some).map_err(|source| OptInError::NotSent {
            subscriber: Box::new(subscriber.clone()),
            source,
        })
    }

    /// Says goodbye to the relay.
    pub async fn close(&self) {
        self.mailer.close().await;
    }
}

/// What became of the confirmations that were due.
#[derive(Debug, Default)]
pub struct DueSummary {
    pub sent: usize,
    /// Refused for good (5xx): the address is marked bounced. Address, reply.
    pub bounced: Vec<(String, String)>,
    /// Not sent for now (4xx, a broken connection, an unreachable relay):
    /// still due, for the next run. Address, reason.
    pub left: Vec<(String, String)>,
    /// Not tried: the relay could not be reached; still due.
    pub untried: usize,
    /// Why the relay could not be reached at all, if it could not.
    pub unreachable: Option<String>,
}

impl DueSummary {
    /// No confirmation was due: nothing to tell.
    pub fn nothing_was_due(&self) -> bool {
        self.sent == 0 && self.bounced.is_empty() && self.still_due() == 0
    }

    /// Mails still due after this run.
    pub fn still_due(&self) -> usize {
        self.left.len() + self.untried
    }
}

/// How far a run of due confirmations got.
#[derive(Debug, Clone, Copy)]
pub struct DueProgress {
    pub done: usize,
    pub total: usize,
}

enum DueOutcome {
    Sent,
    Bounced(String),
    Left(String),
}

/// One run of due confirmations, shared by its workers.
struct DueRun {
    /// Subscriber ids, the next at the end.
    queue: Mutex<Vec<i64>>,
    throttle: crate::delivery::Throttle,
    summary: Mutex<DueSummary>,
    stop: std::sync::atomic::AtomicBool,
    progress: Box<dyn Fn(&DueProgress) + Send + Sync>,
    total: usize,
}

/// A link a reader asked for by mail.
#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    /// Their preferences page (asked for on the sign-up page).
    PreferencesLink { url: &'a str },
    /// The link that makes a new address theirs.
    NewAddress { url: &'a str },
}

/// The rules of the double opt-in, from `[subscribers]`.
pub fn policy(config: &crate::config::Subscribers) -> Policy {
    Policy {
        confirm_expiry: chrono::Duration::days(config.confirm_expiry_days.into()),
        cooldown: chrono::Duration::minutes(config.cooldown_minutes.into()),
        consent_version: config.consent_version.clone(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Smtp(#[from] SmtpError),
    #[error("{0}")]
    Template(crate::diagnostic::Diagnostic),
    #[error(transparent)]
    Message(#[from] mail::MessageError),
    #[error(transparent)]
    Dkim(#[from] mail::dkim::DkimError),
}

/// How a subscription was asked for, as the confirmation mail says it.
fn how(ws: &Workspace, catalog: &Catalog, source: Source) -> String {
    let site = &ws.config.site.name;
    let host = ws.config.site.public_url().host();
    match source {
        Source::Form => catalog.format("confirm-mail-how-form", &args([("host", host)])),
        _ => catalog.format("confirm-mail-how-staff", &args([("site", site.as_str())])),
    }
}

/// One confirmation mail to build: to whom, with which link and way back.
#[derive(Clone, Copy)]
struct Mail<'a> {
    subscriber: &'a Subscriber,
    token: &'a Token,
    way_back: &'a WayBack,
    source: Source,
    ip: Option<std::net::IpAddr>,
    requested: DateTime<Utc>,
}

/// Renders and sends confirmation mails. Connections are kept between
/// mails, but none is held while a mail talks to the relay: a mail the
/// relay hangs on (up to `[smtp] timeout`) holds back no other sign-up's,
/// which takes an idle connection or opens one of its own.
struct ConfirmationMailer {
    ws: Workspace,
    relay: Relay,
    /// The DKIM signer, read once; its error is told with the first mail.
    dkim: Result<Option<mail::dkim::Signer>, mail::dkim::DkimError>,
    /// Connections idle between mails, at most `keep`.
    idle: Mutex<Vec<Connection>>,
    /// `[smtp] connections`: what the relay is expected to allow at once.
    keep: usize,
}

impl ConfirmationMailer {
    fn new(ws: &Workspace) -> ConfirmationMailer {
        ConfirmationMailer {
            dkim: ws
                .config
                .smtp
                .dkim
                .as_ref()
                .map(|dkim| mail::dkim::Signer::from_config(dkim, &ws.root))
                .transpose(),
            relay: Relay::from_config(
                &ws.config.smtp,
                ws.config.sender.from.email.domain(),
                &ws.root,
            ),
            ws: ws.clone(),
            idle: Mutex::new(Vec::new()),
            keep: ws.config.smtp.connections.max(1),
        }
    }

    /// The confirmation mail for `subscriber`, ready to send.
    fn message(&self, mail: &Mail<'_>) -> Result<lettre::Message, MailError> {
        let Mail {
            subscriber,
            token,
            way_back,
            source,
            ip,
            requested,
        } = *mail;
        let catalog = self.ws.locales.shared(subscriber.lang);
        let url = urls::confirm_url(self.ws.config.site.public_url(), token);
        let view = ConfirmationView {
            address: &subscriber.address,
            name: None,
            confirm_url: &url,
            // In the office's zone, named: the reader may live elsewhere.
            requested: catalog.zoned(requested, self.ws.config.site.timezone),
            how: how(&self.ws, &catalog, source),
            ip: ip.map(|ip| ip.to_string()),
            expiry_days: self.ws.config.subscribers.confirm_expiry_days,
        };
        let (html, text) =
            render::render_confirmation(&self.ws.config, &self.ws.templates, &catalog, &view)
                .map_err(MailError::Template)?;
        // Nor in the To header: the name is the requester's, not yet the reader's.
        let to = Mailbox::new(None, mail::message::recipient_address(&subscriber.address)?);
        let mut message =
            mail::confirmation::build(&self.ws.config, &catalog, to, way_back, html, text)?;
        // The first mail a new subscriber sees is signed like every issue.
        if let Some(signer) = self.dkim.as_ref().map_err(Clone::clone)? {
            signer.sign(&mut message)?;
        }
        Ok(message)
    }

    /// The welcome mail for a confirmed `subscriber`, ready to send.
    fn welcome_message(
        &self,
        subscriber: &Subscriber,
        way_back: &WayBack,
        view: &render::WelcomeView<'_>,
    ) -> Result<lettre::Message, MailError> {
        let catalog = self.ws.locales.shared(subscriber.lang);
        let (html, text) =
            render::render_welcome(&self.ws.config, &self.ws.templates, &catalog, view)
                .map_err(MailError::Template)?;
        let address = mail::message::recipient_address(&subscriber.address)?;
        let to = Mailbox::new(subscriber.name.clone(), address);
        let mut message = mail::confirmation::build_welcome(
            &self.ws.config,
            &catalog,
            to,
            way_back,
            view.unsubscribe_url,
            html,
            text,
        )?;
        if let Some(signer) = self.dkim.as_ref().map_err(Clone::clone)? {
            signer.sign(&mut message)?;
        }
        Ok(message)
    }

    /// Sends a message over an idle connection, or a new one; returns the
    /// server's reply.
    async fn send(&self, message: &lettre::Message) -> Result<String, MailError> {
        let mut kept = self.idle().pop();
        for attempt in 0..2 {
            let connection = self.relay.ready(&mut kept).await?;
            let sent = connection.send(&Sealed::from(message)).await;
            match sent {
                // A connection the server closed while idle: one more try on a new one.
                Err(SmtpError::Dropped(_)) if attempt == 0 => kept = None,
                sent => {
                    self.put_back(kept).await;
                    return sent.map_err(MailError::from);
                }
            }
        }
        unreachable!("the second attempt returns")
    }

    /// Keeps a connection that still works for the next mail, unless
    /// enough are idle.
    async fn put_back(&self, connection: Option<Connection>) {
        let Some(connection) = connection.filter(|c| !c.is_broken()) else {
            return;
        };
        let surplus = {
            let mut idle = self.idle();
            if idle.len() < self.keep {
                idle.push(connection);
                None
            } else {
                Some(connection)
            }
        };
        if let Some(connection) = surplus {
            connection.quit().await;
        }
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Connection>> {
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    async fn close(&self) {
        let idle = std::mem::take(&mut *self.idle());
        for connection in idle {
            connection.quit().await;
        }
    }
}
