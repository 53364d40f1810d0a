//! Connections to the SMTP relay, owned by rundbrief rather than lettre's
//! pool: a tokio `TcpStream` with `TCP_NODELAY` handed to lettre's
//! `AsyncSmtpConnection` (lettre 0.11.23 leaves Nagle's algorithm on, which
//! costs ~40 ms a message), then STARTTLS and AUTH as configured. Where
//! the relay offers PIPELINING (RFC 2920), which lettre does not speak,
//! MAIL, RCPT and DATA go out at once: two round trips a message, not
//! four. The message itself is dot-stuffed here ([`Stuffed`]), not by
//! lettre's codec.

use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::Error as LettreError;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, Certificate, TlsParameters};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::extension::{Extension, MailBodyParameter, MailParameter};

use super::edition::Sealed;
use crate::config::{Smtp, TlsMode};

/// The environment variable the SMTP password comes from; never the config.
pub const PASSWORD_ENV: &str = "RUNDBRIEF_SMTP_PASSWORD";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

/// How long a goodbye may take: a relay that does not answer QUIT is left.
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

/// The login mechanisms rundbrief speaks, in the order it prefers them.
const MECHANISMS: [Mechanism; 2] = [Mechanism::Plain, Mechanism::Login];

/// What went wrong talking to the relay, with predicates for the caller
/// that must decide between retrying, bouncing and stopping.
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    /// No TCP connection: the one case that is "cannot reach".
    #[error("{}", self.message())]
    Unreachable {
        host: String,
        port: u16,
        reason: String,
    },
    /// The relay took the connection, but no SMTP dialogue came of it: no
    /// greeting, or one that cannot be read (a TLS port spoken to in plain
    /// text, or another protocol).
    #[error("{}", self.message())]
    Greeting {
        host: String,
        port: u16,
        reason: String,
    },
    #[error("{}", self.message())]
    Login {
        host: String,
        port: u16,
        user: String,
        reason: String,
    },
    #[error("{}", self.message())]
    Tls {
        host: String,
        port: u16,
        reason: String,
    },
    #[error("{}", self.message())]
    Rejected {
        stage: Stage,
        code: u16,
        message: String,
    },
    #[error("{}", self.message())]
    Dropped(String),
    #[error("{}", self.message())]
    Timeout,
    /// `[smtp] user` is set, but no password came with it: sending without
    /// logging in would only collect refusals.
    #[error("{}", self.message())]
    NoPassword { user: String },
    /// `[smtp] user` is set, but the relay offers no login rundbrief
    /// speaks; `after_starttls` when it offers STARTTLS, which `[smtp] tls =
    /// "none"` does not ask for (relays offer AUTH only once encrypted).
    #[error("{}", self.message())]
    NoLogin {
        host: String,
        port: u16,
        after_starttls: bool,
    },
    /// An address whose local part is not ASCII, for a relay that does not
    /// offer SMTPUTF8: this one message cannot go, the others can.
    #[error("{}", self.message())]
    NeedsSmtpUtf8 { address: String },
}

/// Where in the SMTP dialogue a message was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The greeting or EHLO: the relay refuses the connection itself.
    Greeting,
    /// MAIL FROM: the relay refuses the sender, so every message would fail.
    Sender,
    /// RCPT TO: this recipient; a 5xx here is a bounce.
    Recipient,
    /// DATA and the message itself.
    Content,
}

/// Whether a TLS failure says the relay's certificate has no issuer the
/// public roots (or `[smtp] ca_file`) know.
fn is_untrusted(reason: &str) -> bool {
    [
        "UnknownIssuer",
        "unknown issuer",
        "self signed",
        "self-signed",
    ]
    .iter()
    .any(|words| reason.contains(words))
}

/// The subject and detail of an enhanced status code (RFC 3463) at the
/// start of a reply: `5.7.1 Access denied` is `(7, 1)`.
fn enhanced_class(message: &str) -> Option<(u16, u16)> {
    let code = message.split_whitespace().next()?;
    let mut parts = code.split('.');
    let class = parts.next()?;
    if !matches!(class, "2" | "4" | "5") {
        return None;
    }
    let subject = parts.next()?.parse().ok()?;
    let detail = parts.next()?.trim_end_matches([':', ',']).parse().ok()?;
    Some((subject, detail))
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Greeting => "EHLO",
            Stage::Sender => "MAIL FROM",
            Stage::Recipient => "RCPT TO",
            Stage::Content => "DATA",
        })
    }
}

impl SmtpError {
    /// What the staff reads, in their language.
    fn message(&self) -> String {
        match self {
            SmtpError::Unreachable { host, port, reason } => crate::t!(
                "smtp-unreachable",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            SmtpError::Greeting { host, port, reason } => crate::t!(
                "smtp-greeting",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            SmtpError::Login {
                host,
                port,
                user,
                reason,
            } => crate::t!(
                "smtp-login",
                host = host.as_str(),
                port = port,
                user = user.as_str(),
                reason = reason.as_str(),
                env = PASSWORD_ENV,
            ),
            // A certificate nobody vouches for is the relay's own CA's.
            SmtpError::Tls { host, port, reason } if is_untrusted(reason) => crate::t!(
                "smtp-tls-untrusted",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            SmtpError::Tls { host, port, reason } => crate::t!(
                "smtp-tls",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            SmtpError::Rejected {
                stage: Stage::Greeting,
                code,
                message,
            } => crate::t!(
                "smtp-refused-connection",
                code = code,
                message = message.as_str()
            ),
            SmtpError::Rejected {
                stage,
                code,
                message,
            } => crate::t!(
                "smtp-rejected",
                code = code,
                stage = stage.to_string(),
                message = message.as_str(),
            ),
            SmtpError::Dropped(reason) => crate::t!("smtp-dropped", reason = reason.as_str()),
            SmtpError::Timeout => crate::t!("smtp-timeout"),
            SmtpError::NoPassword { user } => {
                crate::t!("smtp-no-password", user = user.as_str(), env = PASSWORD_ENV)
            }
            SmtpError::NoLogin {
                host,
                port,
                after_starttls: true,
            } => crate::t!(
                "smtp-login-after-starttls",
                host = host.as_str(),
                port = port
            ),
            SmtpError::NoLogin { host, port, .. } => {
                crate::t!("smtp-no-login", host = host.as_str(), port = port)
            }
            SmtpError::NeedsSmtpUtf8 { address } => {
                crate::t!("smtp-needs-smtputf8", address = address.as_str())
            }
        }
    }

    /// The relay refused a recipient for a reason of its own, not of the
    /// mailbox: policy, relaying denied, authentication required, a sender
    /// it does not own (5.7.x), its own system or network (5.3.x, 5.4.x), or
    /// the dialogue itself (5.5.x, such as a refused HELO name). The reader's
    /// own refusals are 5.1.x (no such mailbox or domain) and 5.2.x (full,
    /// disabled); without an enhanced code the reply's words decide.
    pub fn is_relay_refusal(&self) -> bool {
        let SmtpError::Rejected {
            stage: Stage::Recipient,
            code,
            message,
        } = self
        else {
            return false;
        };
        if !(500..600).contains(code) {
            return false;
        }
        if let Some((subject, _)) = enhanced_class(message) {
            return matches!(subject, 3 | 4 | 5 | 7);
        }
        let words = message.to_ascii_lowercase();
        [
            "relay",
            "access denied",
            "authentication",
            "not owned",
            "client host rejected",
            "helo",
            "policy",
        ]
        .iter()
        .any(|w| words.contains(w))
    }

    /// The recipient's address was refused for good: the subscriber bounced.
    pub fn is_bounce(&self) -> bool {
        matches!(self, SmtpError::Rejected { stage: Stage::Recipient, code, .. } if (500..600).contains(code))
            && !self.is_relay_refusal()
    }

    /// The server's reply as it goes into the journal: `550 5.1.1 …`.
    pub fn reply(&self) -> String {
        match self {
            SmtpError::Rejected { code, message, .. } => format!("{code} {message}"),
            other => other.to_string(),
        }
    }

    /// Worth another try later: a 4xx reply, a dropped connection, a timeout.
    pub fn is_transient(&self) -> bool {
        match self {
            SmtpError::Rejected { code, .. } => (400..500).contains(code),
            SmtpError::Dropped(_) | SmtpError::Timeout => true,
            _ => false,
        }
    }

    /// The relay takes no further connection now ("421 4.7.0 Too many
    /// connections"): a 4xx instead of the greeting, or a 421 to MAIL FROM,
    /// after which it closes. The connections it already has still work.
    pub fn is_busy(&self) -> bool {
        match self {
            SmtpError::Rejected {
                stage: Stage::Greeting,
                code,
                ..
            } => (400..500).contains(code),
            SmtpError::Rejected {
                stage: Stage::Sender,
                code: 421,
                ..
            } => true,
            _ => false,
        }
    }

    /// The server answered "later" (4xx) to this message: nothing is wrong
    /// with the send.
    pub fn is_deferral(&self) -> bool {
        matches!(self, SmtpError::Rejected { code, .. } if (400..500).contains(code))
            && !self.is_busy()
    }

    /// This message cannot go, for good: a 5xx to it, or an address the
    /// relay cannot take.
    pub fn is_permanent(&self) -> bool {
        matches!(self, SmtpError::Rejected { code, .. } if (500..600).contains(code))
            || matches!(self, SmtpError::NeedsSmtpUtf8 { .. })
    }

    /// The server cannot be used at all: nothing is worth sending until fixed.
    /// A relay's refusal of a recipient is such a case too: the next
    /// recipient would meet the same refusal, and no reader is to blame.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            SmtpError::Unreachable { .. }
                | SmtpError::Greeting { .. }
                | SmtpError::Login { .. }
                | SmtpError::Tls { .. }
                | SmtpError::NoPassword { .. }
                | SmtpError::NoLogin { .. }
        ) || matches!(self, SmtpError::Rejected { stage: Stage::Sender | Stage::Greeting, code, .. } if (500..600).contains(code))
            || self.is_relay_refusal()
    }

    fn from_lettre(stage: Stage, e: &LettreError) -> SmtpError {
        match e.status() {
            Some(code) => {
                let text = e.to_string();
                // lettre writes "permanent error (550): <server's words>".
                let message = text
                    .split_once("): ")
                    .map_or(text.as_str(), |(_, m)| m)
                    .to_string();
                SmtpError::Rejected {
                    stage,
                    code: code.to_string().parse().unwrap_or(0),
                    message,
                }
            }
            None if e.is_timeout() => SmtpError::Timeout,
            None => SmtpError::Dropped(e.to_string()),
        }
    }
}

/// The SMTP relay of `rundbrief.toml`, with the password from the environment.
#[derive(Clone)]
pub struct Relay {
    pub host: String,
    pub port: u16,
    tls: TlsMode,
    ca_file: Option<std::path::PathBuf>,
    credentials: Option<(String, Credentials)>,
    /// The `[smtp] user` whose password the environment lacks.
    missing_password: Option<String>,
    /// How long any step may take (`[smtp] timeout`).
    timeout: Duration,
    hello: ClientId,
}

impl std::fmt::Debug for Relay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the credentials: a Debug print may end in a log.
        write!(f, "Relay({}:{}, {:?})", self.host, self.port, self.tls)
    }
}

impl Relay {
    /// The relay of `[smtp]`; a relative `ca_file` is found from `root`.
    /// It is greeted with `helo`, else with `sender_domain`.
    pub fn from_config(smtp: &Smtp, sender_domain: &str, root: &std::path::Path) -> Relay {
        let password = std::env::var(PASSWORD_ENV).ok().filter(|p| !p.is_empty());
        let (credentials, missing_password) = match (&smtp.user, password) {
            (Some(user), Some(password)) => (
                Some((user.clone(), Credentials::new(user.clone(), password))),
                None,
            ),
            (Some(user), None) => (None, Some(user.clone())),
            (None, _) => (None, None),
        };
        Relay {
            host: smtp.host.clone(),
            port: smtp.port,
            tls: smtp.tls,
            ca_file: smtp.ca_file.as_ref().map(|file| root.join(file)),
            credentials,
            missing_password,
            timeout: smtp.timeout.0,
            hello: ClientId::Domain(
                smtp.helo
                    .clone()
                    .unwrap_or_else(|| sender_domain.to_string()),
            ),
        }
    }

    /// TLS towards the relay: the public roots, and the configured CA if any.
    fn tls_parameters(&self) -> Result<TlsParameters, SmtpError> {
        let mut builder = TlsParameters::builder(self.host.clone());
        if let Some(file) = &self.ca_file {
            let pem = std::fs::read(file)
                .map_err(|e| self.tls_error(format!("{}: {e}", file.display())))?;
            let certificate = Certificate::from_pem(&pem).map_err(|e| {
                self.tls_error(crate::t!(
                    "smtp-not-pem",
                    file = file.display().to_string(),
                    problem = e.to_string(),
                ))
            })?;
            builder = builder.add_root_certificate(certificate);
        }
        builder.build().map_err(|e| self.tls_error(e))
    }

    fn tls_error(&self, e: impl std::fmt::Display) -> SmtpError {
        SmtpError::Tls {
            host: self.host.clone(),
            port: self.port,
            reason: e.to_string(),
        }
    }

    /// The connection kept between messages, or a new one when there is none
    /// or the server closed it while it idled.
    pub async fn ready<'a>(
        &self,
        kept: &'a mut Option<Connection>,
    ) -> Result<&'a mut Connection, SmtpError> {
        if kept.as_ref().is_none_or(Connection::is_broken) {
            *kept = None;
            *kept = Some(self.connect().await?);
        }
        Ok(kept.as_mut().expect("a connection was just opened"))
    }

    /// Opens one connection, ready to send.
    pub async fn connect(&self) -> Result<Connection, SmtpError> {
        if let Some(user) = &self.missing_password {
            return Err(SmtpError::NoPassword { user: user.clone() });
        }
        let mut inner = match self.tls {
            TlsMode::Tls => self.open_tls().await?,
            TlsMode::None | TlsMode::Starttls => self.open_plain().await?,
        };
        let pipelining = match self.secure_learn_and_log_in(&mut inner).await {
            Ok(pipelining) => pipelining,
            Err(e) => {
                // A relay that answered the login gets its goodbye. A silent one
                // is left, and so is a failed TLS handshake, after which the
                // stream is gone (lettre said goodbye to a refused STARTTLS).
                if matches!(e, SmtpError::Login { .. } | SmtpError::NoLogin { .. }) {
                    let _ = tokio::time::timeout(QUIT_TIMEOUT, inner.abort()).await;
                }
                return Err(e);
            }
        };
        Ok(Connection {
            inner,
            broken: false,
            timeout: self.timeout,
            pipelining,
        })
    }

    fn unreachable(&self, reason: String) -> SmtpError {
        SmtpError::Unreachable {
            host: self.host.clone(),
            port: self.port,
            reason,
        }
    }

    fn greeting_error(&self, reason: String) -> SmtpError {
        SmtpError::Greeting {
            host: self.host.clone(),
            port: self.port,
            reason,
        }
    }

    /// What went wrong between the TCP connection and a usable dialogue.
    fn opening_error(&self, e: &LettreError) -> SmtpError {
        if e.is_tls() {
            self.tls_error(e)
        } else if e.status().is_some() {
            SmtpError::from_lettre(Stage::Greeting, e)
        } else {
            self.greeting_error(crate::t!("smtp-bad-greeting", problem = e.to_string()))
        }
    }

    /// A plain TCP connection with `TCP_NODELAY`, greeted.
    async fn open_plain(&self) -> Result<AsyncSmtpConnection, SmtpError> {
        let stream = tokio::time::timeout(
            CONNECT_TIMEOUT,
            tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .map_err(|_| {
            self.unreachable(crate::t!(
                "smtp-no-answer",
                seconds = CONNECT_TIMEOUT.as_secs()
            ))
        })?
        .map_err(|e| self.unreachable(e.to_string()))?;
        stream
            .set_nodelay(true)
            .map_err(|e| SmtpError::Dropped(e.to_string()))?;
        tokio::time::timeout(
            self.timeout,
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.hello),
        )
        .await
        .map_err(|_| self.no_greeting())?
        .map_err(|e| self.opening_error(&e))
    }

    /// Implicit TLS through lettre's own connect, which cannot be given a
    /// socket; STARTTLS on port 587 keeps the fast path of `open_plain`.
    async fn open_tls(&self) -> Result<AsyncSmtpConnection, SmtpError> {
        let parameters = self.tls_parameters()?;
        // lettre limits the TCP connect only; the handshake and the
        // greeting get `[smtp] timeout` here.
        let opened = tokio::time::timeout(
            CONNECT_TIMEOUT + self.timeout,
            AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(CONNECT_TIMEOUT),
                &self.hello,
                Some(parameters),
                None,
            ),
        )
        .await
        .map_err(|_| self.no_greeting())?;
        opened.map_err(|e| {
            // lettre has no predicate for its failed TCP connect, but
            // names it so: the one failure that is "cannot reach".
            if e.to_string().starts_with("Connection error") {
                self.unreachable(e.to_string())
            } else {
                self.opening_error(&e)
            }
        })
    }

    fn no_greeting(&self) -> SmtpError {
        self.greeting_error(crate::t!(
            "smtp-no-greeting",
            seconds = self.timeout.as_secs()
        ))
    }

    /// STARTTLS, what the relay offers, and AUTH, as configured. A relay
    /// that stops answering mid-way must not hold the send (or serve's
    /// sign-ups) forever: every step has the same limit.
    async fn secure_learn_and_log_in(
        &self,
        inner: &mut AsyncSmtpConnection,
    ) -> Result<bool, SmtpError> {
        if self.tls == TlsMode::Starttls {
            let parameters = self.tls_parameters()?;
            tokio::time::timeout(self.timeout, inner.starttls(parameters, &self.hello))
                .await
                .map_err(|_| SmtpError::Timeout)?
                .map_err(|e| self.tls_error(e))?;
        }
        // Before AUTH: a greeting after it may forget the login.
        let pipelining = self.offers_pipelining(inner).await?;
        let Some((user, credentials)) = &self.credentials else {
            return Ok(pipelining);
        };
        let offered = inner.server_info();
        if offered.get_auth_mechanism(&MECHANISMS).is_none() {
            return Err(SmtpError::NoLogin {
                host: self.host.clone(),
                port: self.port,
                after_starttls: self.tls == TlsMode::None
                    && offered.supports_feature(Extension::StartTls),
            });
        }
        tokio::time::timeout(self.timeout, inner.auth(&MECHANISMS, credentials))
            .await
            .map_err(|_| SmtpError::Timeout)?
            .map_err(|e| SmtpError::Login {
                host: self.host.clone(),
                port: self.port,
                user: user.clone(),
                reason: e.to_string(),
            })?;
        Ok(pipelining)
    }

    /// Whether the relay takes the envelope at once (RFC 2920). lettre
    /// keeps no note of PIPELINING, so the relay is greeted once more and
    /// its list read; a relay that refuses the greeting is spoken to one
    /// command at a time.
    async fn offers_pipelining(&self, inner: &mut AsyncSmtpConnection) -> Result<bool, SmtpError> {
        let reply =
            tokio::time::timeout(self.timeout, inner.command(Ehlo::new(self.hello.clone())))
                .await
                .map_err(|_| SmtpError::Timeout)?;
        match reply {
            Ok(reply) => Ok(reply.message().any(|line| {
                line.split_whitespace()
                    .next()
                    .is_some_and(|word| word.eq_ignore_ascii_case("PIPELINING"))
            })),
            Err(e) if e.status().is_some() => Ok(false),
            Err(e) => Err(SmtpError::from_lettre(Stage::Greeting, &e)),
        }
    }
}

/// What must be done before a message may be accepted: the journal's
/// record of the message before it on the same connection (see
/// `delivery`). `false` when it could not be done; nothing is sent then.
pub type Before<'a> = Option<Awaited<'a>>;

/// One thing a message waits for; see [`Before`].
pub type Awaited<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>>;

/// One open connection to the relay.
pub struct Connection {
    inner: AsyncSmtpConnection,
    broken: bool,
    timeout: Duration,
    /// The relay offers PIPELINING.
    pipelining: bool,
}

impl Connection {
    /// Sends one message; `Ok` holds the server's reply (with its queue id).
    /// A refusal leaves the connection usable (it is reset with RSET); after
    /// a network error or a timeout, `is_broken` says to open a new one.
    pub async fn send(&mut self, message: &Sealed) -> Result<String, SmtpError> {
        self.send_after(message, &mut None).await
    }

    /// Sends one message, and waits for `before` after DATA, before the
    /// message itself: until then the relay cannot accept it, and the wait
    /// overlaps the envelope's round trips. `before` is kept until it is
    /// done, so a retry waits for it too.
    pub async fn send_after(
        &mut self,
        message: &Sealed,
        before: &mut Before<'_>,
    ) -> Result<String, SmtpError> {
        // A sealed message has CRLF line endings throughout, which is what
        // keeps RUSTSEC-2026-0561 (bare LF ending DATA) away.
        let bytes = message.formatted();
        let envelope = message.envelope();
        if let Some(address) = non_ascii_address(envelope)
            && !self
                .inner
                .server_info()
                .supports_feature(Extension::SmtpUtfEight)
        {
            // Nothing was said yet: the connection stays as good as it was.
            return Err(SmtpError::NeedsSmtpUtf8 { address });
        }
        match tokio::time::timeout(self.timeout, self.dialogue(envelope, bytes, before)).await {
            Ok(Ok(reply)) => Ok(reply),
            Ok(Err(e)) => {
                if matches!(e, SmtpError::Rejected { .. }) {
                    // Forget the refused transaction, keep the connection.
                    if self.inner.command(Rset).await.is_err() {
                        self.broken = true;
                    }
                } else {
                    self.broken = true;
                }
                Err(e)
            }
            Err(_) => {
                self.broken = true;
                Err(SmtpError::Timeout)
            }
        }
    }

    /// MAIL, RCPT, DATA one by one, so that a refusal says which it was.
    async fn dialogue(
        &mut self,
        envelope: &Envelope,
        bytes: &[u8],
        before: &mut Before<'_>,
    ) -> Result<String, SmtpError> {
        let mut parameters = Vec::new();
        if !bytes.is_ascii()
            && self
                .inner
                .server_info()
                .supports_feature(Extension::EightBitMime)
        {
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        // `send` made sure the relay offers SMTPUTF8 for such an address.
        if non_ascii_address(envelope).is_some() {
            parameters.push(MailParameter::SmtpUtfEight);
        }
        let mail = Mail::new(envelope.from().cloned(), parameters);
        let recipients: Vec<Rcpt> = envelope
            .to()
            .iter()
            .map(|to| Rcpt::new(to.clone(), Vec::new()))
            .collect();
        if self.pipelining {
            self.envelope_at_once(&mail, &recipients).await?;
        } else {
            self.envelope_one_by_one(mail, recipients).await?;
        }
        if let Some(done) = before.as_mut() {
            let done = done.await;
            *before = None;
            if !done {
                return Err(SmtpError::Dropped(crate::t!("mail-journal-gone")));
            }
        }
        // lettre's `message` stuffs byte by byte, a quarter of a send's
        // CPU; its `command` writes a text as it is and reads the reply.
        let reply = match std::str::from_utf8(bytes) {
            Ok(text) => self.inner.command(Stuffed(text)).await,
            Err(_) => self.inner.message(bytes).await,
        }
        .map_err(|e| SmtpError::from_lettre(Stage::Content, &e))?;
        Ok(format!(
            "{} {}",
            reply.code(),
            reply.message().collect::<Vec<_>>().join(" ")
        ))
    }

    async fn envelope_one_by_one(
        &mut self,
        mail: Mail,
        recipients: Vec<Rcpt>,
    ) -> Result<(), SmtpError> {
        self.inner
            .command(mail)
            .await
            .map_err(|e| SmtpError::from_lettre(Stage::Sender, &e))?;
        for rcpt in recipients {
            self.inner
                .command(rcpt)
                .await
                .map_err(|e| SmtpError::from_lettre(Stage::Recipient, &e))?;
        }
        self.inner
            .command(Data)
            .await
            .map_err(|e| SmtpError::from_lettre(Stage::Content, &e))?;
        Ok(())
    }

    /// MAIL, every RCPT and DATA written at once, their replies read in
    /// order (RFC 2920); the first refusal is the answer, as one by one.
    async fn envelope_at_once(
        &mut self,
        mail: &Mail,
        recipients: &[Rcpt],
    ) -> Result<(), SmtpError> {
        let mut commands = mail.to_string();
        for rcpt in recipients {
            commands.push_str(&rcpt.to_string());
        }
        commands.push_str(&Data.to_string());
        let stages = std::iter::once(Stage::Sender)
            .chain(recipients.iter().map(|_| Stage::Recipient))
            .chain(std::iter::once(Stage::Content));
        let mut refusal = None;
        let mut data_opened = false;
        for (n, stage) in stages.enumerate() {
            // `command` writes a text as it is and reads the first reply.
            let reply = if n == 0 {
                self.inner.command(Verbatim(&commands)).await
            } else {
                self.inner.read_response().await
            };
            match reply {
                Ok(_) => data_opened = stage == Stage::Content,
                // No reply at all: the rest will not come either.
                Err(e) if e.status().is_none() => return Err(SmtpError::from_lettre(stage, &e)),
                Err(e) => {
                    refusal.get_or_insert_with(|| SmtpError::from_lettre(stage, &e));
                }
            }
        }
        let Some(refusal) = refusal else {
            return Ok(());
        };
        if data_opened {
            // DATA was taken although nobody is left to receive (RFC 2920,
            // 3.1): an empty message closes it, for nobody.
            if let Err(e) = self.inner.command(Verbatim(".\r\n")).await
                && e.status().is_none()
            {
                return Err(SmtpError::from_lettre(Stage::Content, &e));
            }
        }
        Err(refusal)
    }

    /// The relay takes 8bit bodies (RFC 6152).
    pub fn offers_eight_bit_mime(&self) -> bool {
        self.inner
            .server_info()
            .supports_feature(Extension::EightBitMime)
    }

    pub fn is_broken(&self) -> bool {
        self.broken || self.inner.has_broken()
    }

    /// Says goodbye, unless the connection broke (nobody would hear it).
    pub async fn quit(mut self) {
        if !self.is_broken() {
            let _ = tokio::time::timeout(QUIT_TIMEOUT, self.inner.quit()).await;
        }
    }
}

/// Commands as they are, for [`AsyncSmtpConnection::command`], which
/// writes any text and reads one reply.
struct Verbatim<'a>(&'a str);

impl std::fmt::Display for Verbatim<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A message as DATA carries it (RFC 5321, 4.5.2): a dot that starts a
/// line doubled, then the end mark, as lettre's `message` writes it. A
/// line starts after any CR or LF, not only after CRLF, so that a bare one
/// cannot end the data early at a server that takes it for a line break
/// (RUSTSEC-2026-0561); lettre's codec stuffs after CRLF alone.
pub struct Stuffed<'a>(pub &'a str);

impl std::fmt::Display for Stuffed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        let (text, bytes) = (self.0, self.0.as_bytes());
        if bytes.first() == Some(&b'.') {
            f.write_char('.')?;
        }
        let mut from = 0;
        for at in memchr::memchr2_iter(b'\r', b'\n', bytes) {
            if bytes.get(at + 1) == Some(&b'.') {
                // CR and LF are ASCII: `at + 1` is a character boundary.
                f.write_str(&text[from..=at])?;
                f.write_char('.')?;
                from = at + 1;
            }
        }
        f.write_str(&text[from..])?;
        f.write_str("\r\n.\r\n")
    }
}

/// The first envelope address that is not ASCII: its local part, since a
/// domain goes out as punycode. Only SMTPUTF8 carries it.
fn non_ascii_address(envelope: &Envelope) -> Option<String> {
    envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .map(|a: &lettre::Address| AsRef::<str>::as_ref(a))
        .find(|a| !a.is_ascii())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(stage: Stage, code: u16, message: &str) -> SmtpError {
        SmtpError::Rejected {
            stage,
            code,
            message: message.to_string(),
        }
    }

    /// What the caller does with an error: (transient, permanent, bounce, fatal).
    fn predicates(error: &SmtpError) -> (bool, bool, bool, bool) {
        (
            error.is_transient(),
            error.is_permanent(),
            error.is_bounce(),
            error.is_fatal(),
        )
    }

    // (transient, permanent, bounce, fatal)
    const RETRY: (bool, bool, bool, bool) = (true, false, false, false);
    const BOUNCE: (bool, bool, bool, bool) = (false, true, true, false);
    const REFUSED: (bool, bool, bool, bool) = (false, true, false, false);
    const SENDER_REFUSED: (bool, bool, bool, bool) = (false, true, false, true);
    const STOP: (bool, bool, bool, bool) = (false, false, false, true);
    /// The relay refuses a recipient for reasons of its own: the send
    /// pauses, and the reader does not bounce.
    const RELAY_REFUSED: (bool, bool, bool, bool) = (false, true, false, true);

    #[test]
    fn relay_greets_with_the_senders_domain_unless_told_otherwise() {
        let mut smtp = Smtp::default();
        let root = std::path::Path::new(".");
        let relay = Relay::from_config(&smtp, "example.org", root);
        assert_eq!(relay.hello, ClientId::Domain("example.org".into()));
        smtp.helo = Some("mail.example.org".into());
        let relay = Relay::from_config(&smtp, "example.org", root);
        assert_eq!(relay.hello, ClientId::Domain("mail.example.org".into()));
    }

    #[test]
    fn replies_and_failures_are_classified() {
        use Stage::{Content, Greeting, Recipient, Sender};
        let unreachable = SmtpError::Unreachable {
            host: "127.0.0.1".into(),
            port: 2525,
            reason: "Connection refused (os error 111)".into(),
        };
        let login = SmtpError::Login {
            host: "127.0.0.1".into(),
            port: 2525,
            user: "rundbrief@example.org".into(),
            reason: "permanent error (535): 5.7.8 authentication failed".into(),
        };
        let tls = SmtpError::Tls {
            host: "127.0.0.1".into(),
            port: 2525,
            reason: "invalid peer certificate: UnknownIssuer".into(),
        };
        let cases = [
            // RCPT TO: 4xx is tried again later, 5xx bounces the address.
            (rejected(Recipient, 421, "4.3.0 closing channel"), RETRY),
            (rejected(Recipient, 450, "4.2.1 greylisted"), RETRY),
            (rejected(Recipient, 451, "4.3.0 local error"), RETRY),
            (rejected(Recipient, 452, "4.2.2 mailbox full"), RETRY),
            (rejected(Recipient, 550, "5.1.1 no such user"), BOUNCE),
            (rejected(Recipient, 551, "5.1.6 user not local"), BOUNCE),
            (rejected(Recipient, 552, "5.2.2 mailbox full"), BOUNCE),
            (rejected(Recipient, 553, "5.1.3 bad address syntax"), BOUNCE),
            // The relay's own refusals at RCPT TO are no reader's bounce
            // (regression: a missing login marked 22 subscribers bounced).
            (
                rejected(Recipient, 554, "5.7.1 relay denied"),
                RELAY_REFUSED,
            ),
            (
                rejected(
                    Recipient,
                    554,
                    "5.7.1 <a@example.org>: Client host rejected: Access denied",
                ),
                RELAY_REFUSED,
            ),
            (
                rejected(
                    Recipient,
                    553,
                    "5.7.1 <rundbrief@example.org>: Sender address rejected: not owned by user",
                ),
                RELAY_REFUSED,
            ),
            (
                rejected(Recipient, 504, "5.5.2 <vm>: Helo command rejected"),
                RELAY_REFUSED,
            ),
            (
                rejected(Recipient, 530, "5.7.0 Authentication required"),
                RELAY_REFUSED,
            ),
            (
                rejected(Recipient, 554, "5.3.0 system not accepting mail"),
                RELAY_REFUSED,
            ),
            (
                rejected(Recipient, 554, "5.4.4 unable to route"),
                RELAY_REFUSED,
            ),
            (rejected(Recipient, 550, "Relaying denied"), RELAY_REFUSED),
            (rejected(Recipient, 550, "Mailbox unavailable"), BOUNCE),
            (rejected(Recipient, 552, "5.2.1 mailbox disabled"), BOUNCE),
            // A login the config asks for but cannot give stops everything.
            (
                SmtpError::NoPassword {
                    user: "rundbrief@example.org".into(),
                },
                STOP,
            ),
            // The basic code decides, whatever the enhanced code says.
            (rejected(Recipient, 450, "5.1.1 no such user"), RETRY),
            (rejected(Recipient, 550, "4.2.1 try later"), BOUNCE),
            // MAIL FROM: a 5xx would refuse every message, so the send stops.
            (rejected(Sender, 421, "4.3.2 shutting down"), RETRY),
            (rejected(Sender, 451, "4.7.1 try later"), RETRY),
            (
                rejected(Sender, 550, "5.7.1 sender not allowed"),
                SENDER_REFUSED,
            ),
            (
                rejected(Sender, 553, "5.1.8 bad sender domain"),
                SENDER_REFUSED,
            ),
            (rejected(Sender, 554, "5.7.1 blocked"), SENDER_REFUSED),
            // DATA: this message failed, the address did not bounce.
            (rejected(Content, 451, "4.3.0 try later"), RETRY),
            (rejected(Content, 452, "4.3.1 no space"), RETRY),
            (rejected(Content, 552, "5.3.4 message too big"), REFUSED),
            (rejected(Content, 554, "5.7.1 looks like spam"), REFUSED),
            // The connection: gone or silent is worth another try; a
            // server that cannot be reached or used stops the send.
            (SmtpError::Dropped("connection reset".into()), RETRY),
            (SmtpError::Timeout, RETRY),
            (unreachable, STOP),
            (login, STOP),
            (tls, STOP),
            (
                SmtpError::Greeting {
                    host: "127.0.0.1".into(),
                    port: 2525,
                    reason: "sent no greeting within 60 s".into(),
                },
                STOP,
            ),
            (
                SmtpError::NoLogin {
                    host: "127.0.0.1".into(),
                    port: 2525,
                    after_starttls: true,
                },
                STOP,
            ),
            // The greeting: "busy" is worth another try, a 5xx refuses all.
            (rejected(Greeting, 421, "4.7.0 Too many connections"), RETRY),
            (
                rejected(Greeting, 554, "5.7.1 no SMTP service for you"),
                SENDER_REFUSED,
            ),
            // One address the relay cannot take; the next one it can.
            (
                SmtpError::NeedsSmtpUtf8 {
                    address: "jörg@example.org".into(),
                },
                REFUSED,
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(
                predicates(&error),
                expected,
                "(transient, permanent, bounce, fatal) of {error:?}"
            );
        }
    }

    #[test]
    fn busy_is_a_refused_connection_and_later_a_refused_message() {
        use Stage::{Content, Greeting, Recipient, Sender};
        // (error, is_busy, is_deferral)
        let cases = [
            (
                rejected(Greeting, 421, "4.7.0 Too many connections"),
                true,
                false,
            ),
            (rejected(Greeting, 450, "4.7.1 slow down"), true, false),
            (
                rejected(Sender, 421, "4.7.0 Too many connections"),
                true,
                false,
            ),
            (rejected(Sender, 451, "4.7.1 try later"), false, true),
            (
                rejected(Recipient, 421, "4.3.0 try again later"),
                false,
                true,
            ),
            (rejected(Recipient, 450, "4.2.1 greylisted"), false, true),
            (rejected(Content, 452, "4.3.1 no space"), false, true),
            (rejected(Greeting, 554, "5.3.2 not accepting"), false, false),
            (SmtpError::Timeout, false, false),
        ];
        for (error, busy, deferral) in cases {
            assert_eq!(
                (error.is_busy(), error.is_deferral()),
                (busy, deferral),
                "{error:?}"
            );
        }
    }

    #[test]
    fn the_journal_gets_the_servers_reply_or_the_whole_error() {
        assert_eq!(
            rejected(Stage::Recipient, 550, "5.1.1 no such user").reply(),
            "550 5.1.1 no such user"
        );
        // Not a server's reply: the whole message, in the staff's language.
        assert_eq!(SmtpError::Timeout.reply(), crate::t!("smtp-timeout"));
    }

    /// An SMTP server on a loopback port for one connection: it greets,
    /// answers EHLO, RSET and QUIT, and MAIL, RCPT and the end of DATA with
    /// the reply given, or, for `None`, closes the connection instead.
    fn scripted(
        mail: Option<&'static str>,
        rcpt: Option<&'static str>,
        data: Option<&'static str>,
    ) -> u16 {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            let (mut write, _) = listener.accept().unwrap();
            let mut lines = BufReader::new(write.try_clone().unwrap()).lines();
            write.write_all(b"220 test ESMTP\r\n").unwrap();
            while let Some(Ok(line)) = lines.next() {
                let command = line.to_ascii_uppercase();
                let reply = if command.starts_with("EHLO") {
                    Some("250 test")
                } else if command.starts_with("MAIL") {
                    mail
                } else if command.starts_with("RCPT") {
                    rcpt
                } else if command == "DATA" {
                    write.write_all(b"354 go ahead\r\n").unwrap();
                    for line in lines.by_ref() {
                        if line.map_or(true, |line| line == ".") {
                            break;
                        }
                    }
                    data
                } else if command == "RSET" {
                    Some("250 reset")
                } else {
                    let _ = write.write_all(b"221 bye\r\n");
                    return;
                };
                let Some(reply) = reply else { return };
                write.write_all(format!("{reply}\r\n").as_bytes()).unwrap();
            }
        });
        port
    }

    fn relay(port: u16) -> Relay {
        Relay {
            host: "127.0.0.1".into(),
            port,
            tls: TlsMode::None,
            ca_file: None,
            credentials: None,
            missing_password: None,
            timeout: Duration::from_secs(5),
            hello: ClientId::Domain("rundbrief.test".into()),
        }
    }

    fn message() -> Sealed {
        let message = lettre::Message::builder()
            .from("rundbrief@example.org".parse().unwrap())
            .to("anna@example.org".parse().unwrap())
            .subject("Test")
            .body(String::from("Hallo"))
            .unwrap();
        Sealed::from(&message)
    }

    #[tokio::test]
    async fn a_real_dialogue_names_the_stage_code_and_words_of_a_refusal() {
        const OK: Option<&str> = Some("250 2.0.0 ok");
        let cases = [
            // (MAIL, RCPT, end of DATA) replies; what `send` returns, as the
            // journal writes it; the stage refused and the predicates.
            (
                (OK, OK, Some("250 2.0.0 queued as 42")),
                "250 2.0.0 queued as 42",
                None,
            ),
            (
                (Some("550 5.7.1 sender not allowed"), OK, OK),
                "550 5.7.1 sender not allowed",
                Some((Stage::Sender, SENDER_REFUSED)),
            ),
            (
                (OK, Some("550 5.1.1 no such user"), OK),
                "550 5.1.1 no such user",
                Some((Stage::Recipient, BOUNCE)),
            ),
            (
                (OK, Some("451 4.2.2 mailbox full, try later"), OK),
                "451 4.2.2 mailbox full, try later",
                Some((Stage::Recipient, RETRY)),
            ),
            (
                // A reply over several lines is one line in the journal.
                (
                    OK,
                    Some(
                        "550-5.1.1 The account does not exist.\r\n550 5.1.1 See https://help.example/",
                    ),
                    OK,
                ),
                "550 5.1.1 The account does not exist. See https://help.example/",
                Some((Stage::Recipient, BOUNCE)),
            ),
            (
                (OK, Some("553 5.1.3 bad address"), OK),
                "553 5.1.3 bad address",
                Some((Stage::Recipient, BOUNCE)),
            ),
            (
                (OK, OK, Some("554 5.7.1 looks like spam")),
                "554 5.7.1 looks like spam",
                Some((Stage::Content, REFUSED)),
            ),
            (
                (OK, OK, Some("452 4.3.1 no space")),
                "452 4.3.1 no space",
                Some((Stage::Content, RETRY)),
            ),
        ];
        for ((mail, rcpt, data), reply, refused) in cases {
            let port = scripted(mail, rcpt, data);
            let mut connection = relay(port).connect().await.unwrap();
            let sent = connection.send(&message()).await;
            match (sent, refused) {
                (Ok(got), None) => assert_eq!(got, reply),
                (Err(error), Some((stage, expected))) => {
                    assert!(
                        matches!(&error, SmtpError::Rejected { stage: s, .. } if *s == stage),
                        "{reply}: {error:?}"
                    );
                    assert_eq!(error.reply(), reply);
                    assert_eq!(predicates(&error), expected, "{reply}");
                    assert!(!connection.is_broken(), "{reply}: RSET keeps it open");
                }
                (other, _) => panic!("{reply}: {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn a_dropped_connection_is_retried_on_a_new_one() {
        for (mail, rcpt, data) in [
            (None, Some("250 ok"), Some("250 ok")),
            (Some("250 ok"), None, Some("250 ok")),
            (Some("250 ok"), Some("250 ok"), None),
        ] {
            let port = scripted(mail, rcpt, data);
            let mut connection = relay(port).connect().await.unwrap();
            let error = connection.send(&message()).await.unwrap_err();
            assert!(matches!(error, SmtpError::Dropped(_)), "{error:?}");
            assert_eq!(predicates(&error), RETRY, "{error:?}");
            assert!(connection.is_broken());
        }
    }

    #[tokio::test]
    async fn a_refused_connection_stops_the_send() {
        // Bound, never listening: a connection to it is refused.
        let closed = tokio::net::TcpSocket::new_v4().unwrap();
        closed.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = closed.local_addr().unwrap().port();
        let Err(error) = relay(port).connect().await else {
            panic!("connected to a port nobody listens on");
        };
        assert!(matches!(&error, SmtpError::Unreachable { .. }), "{error:?}");
        assert_eq!(predicates(&error), STOP);
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot reach the SMTP server 127.0.0.1:{port}: ")),
            "{error}"
        );
    }

    /// Dot-stuffing as RFC 5321 4.5.2 asks it, byte by byte: the reference
    /// `Stuffed` must agree with, after any CR or LF.
    fn stuffed_byte_by_byte(text: &str) -> String {
        let mut out = String::new();
        let mut line_start = true;
        for c in text.chars() {
            if line_start && c == '.' {
                out.push('.');
            }
            out.push(c);
            line_start = c == '\r' || c == '\n';
        }
        out + "\r\n.\r\n"
    }

    #[test]
    fn a_dot_that_starts_a_line_is_doubled() {
        let cases = [
            ("", "\r\n.\r\n"),
            ("Hallo", "Hallo\r\n.\r\n"),
            (".", "..\r\n.\r\n"),
            (".Anna\r\n", "..Anna\r\n\r\n.\r\n"),
            (
                "a\r\n.\r\nMAIL FROM:<x@y>",
                "a\r\n..\r\nMAIL FROM:<x@y>\r\n.\r\n",
            ),
            ("a\r\n..b", "a\r\n...b\r\n.\r\n"),
            ("a.b\r\nc. d", "a.b\r\nc. d\r\n.\r\n"),
            ("grüße\r\n.ß", "grüße\r\n..ß\r\n.\r\n"),
            // RUSTSEC-2026-0561: a bare LF or CR also starts a line.
            ("a\n.\nb", "a\n..\nb\r\n.\r\n"),
            ("a\r.\rb", "a\r..\rb\r\n.\r\n"),
            ("a\r\n\r\n.", "a\r\n\r\n..\r\n.\r\n"),
        ];
        for (message, expected) in cases {
            assert_eq!(Stuffed(message).to_string(), expected, "{message:?}");
            assert_eq!(stuffed_byte_by_byte(message), expected, "{message:?}");
        }
    }

    #[test]
    fn stuffing_agrees_with_the_rule_on_every_mix_of_dots_and_breaks() {
        // Every string of up to 7 of these pieces: all the places a dot can
        // stand next to a line break.
        let pieces = [".", "\r\n", "\r", "\n", "a", "ü"];
        let mut messages = vec![String::new()];
        for _ in 0..7 {
            messages = messages
                .iter()
                .flat_map(|m| pieces.iter().map(move |p| format!("{m}{p}")))
                .collect();
            for message in &messages {
                assert_eq!(
                    Stuffed(message).to_string(),
                    stuffed_byte_by_byte(message),
                    "{message:?}"
                );
            }
        }
    }
}
