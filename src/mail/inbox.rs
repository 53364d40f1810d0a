//! The return mailbox, read: bounces, complaints and mailed unsubscribes wait
//! in an IMAP mailbox (over TLS) or in a local Maildir. This module lists the
//! mails rundbrief has not processed yet, hands each over as bytes, and files
//! it as processed (a keyword, a move to another folder, or deletion) so that
//! the next run passes it by. What a mail says is `mail::report`'s business,
//! what follows from it the caller's.
//!
//! "Processed" is one mark on both sources: the IMAP keyword
//! `$RundbriefDone`. A Maildir keeps keywords as lowercase letters after
//! `:2,` in the file name, with the letter of each keyword in the folder's
//! `dovecot-keywords` file; rundbrief uses that same file, so a Maildir that
//! Dovecot also serves shows the mark over IMAP, and a mail marked over IMAP
//! counts as processed when the Maildir is read directly.

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use async_imap::imap_proto::{AttributeValue, MailboxDatum, Response, Status};
use async_imap::types::Flag;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

/// The environment variable the IMAP password comes from; never the config.
pub const PASSWORD_ENV: &str = "RUNDBRIEF_IMAP_PASSWORD";

/// The IMAP keyword (and Maildir keyword) of a mail rundbrief has processed.
pub const DONE_KEYWORD: &str = "$RundbriefDone";

/// The Maildir file that maps keyword letters (`a` = 0 … `z` = 25) to names,
/// as Dovecot writes it.
const KEYWORDS_FILE: &str = "dovecot-keywords";

/// How many mails one UID FETCH asks for: large enough to save round trips,
/// small enough that one broken mail costs little to retry one by one.
const FETCH_BATCH: usize = 25;

/// Where returned mail waits: an IMAP mailbox or a local Maildir folder.
pub struct Inbox(Source);

enum Source {
    Imap(Box<Imap>),
    Maildir(Maildir),
}

/// One mail in the inbox, as bytes, with what is needed to file it afterwards.
#[derive(Debug, Clone)]
pub struct Letter {
    pub id: LetterId,
    /// The mail as the inbox holds it: over IMAP with CRLF line ends, from a
    /// Maildir as the file is (usually LF).
    pub raw: Vec<u8>,
}

/// Which mail of the inbox: an IMAP UID with the mailbox's UIDVALIDITY, or
/// the file name of a Maildir mail.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LetterId(Key);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Imap { validity: u32, uid: u32 },
    Maildir(String),
}

impl fmt::Display for LetterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Key::Imap { validity, uid } => write!(f, "UID {uid} (UIDVALIDITY {validity})"),
            Key::Maildir(name) => f.write_str(name),
        }
    }
}

/// What `Inbox::unprocessed` found: the mails to act on, and those that
/// could not be read this time (they stay unprocessed for the next run).
#[derive(Debug, Default)]
pub struct Unprocessed {
    pub letters: Vec<Letter>,
    pub skipped: Vec<Skipped>,
}

/// A mail that is there but could not be read.
#[derive(Debug)]
pub struct Skipped {
    pub id: LetterId,
    pub error: InboxError,
}

/// What happens to a processed mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disposal {
    /// It stays, marked: the keyword `$RundbriefDone` and seen (`\Seen`,
    /// Maildir `S`); a Maildir mail also moves from new/ to cur/.
    Flag,
    /// Into this folder, created if missing: over IMAP a mailbox of that
    /// name, in a Maildir the sub-maildir `.NAME` (Maildir++, as Dovecot
    /// lays it out).
    Move(String),
    /// Removed for good.
    Delete,
}

/// How to reach the IMAP mailbox.
#[derive(Clone)]
pub struct ImapSettings {
    /// `imaps://user@host:port/MAILBOX` (TLS from the first byte, port 993
    /// when none is given) or `imap://…` (STARTTLS, port 143). The user may
    /// be percent-encoded (`bounces%40example.org`); no path means INBOX.
    pub url: url::Url,
    /// From the environment (`RUNDBRIEF_IMAP_PASSWORD`), never the config.
    pub password: String,
    /// A PEM file of CA certificates trusted besides the public roots.
    pub ca_file: Option<PathBuf>,
    /// How long any one step (connect, TLS, each command) may take.
    pub timeout: Duration,
}

impl fmt::Debug for ImapSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the password: a Debug print may end in a log.
        f.debug_struct("ImapSettings")
            .field("url", &without_password(&self.url))
            .field("ca_file", &self.ca_file)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Where in the IMAP dialogue something went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Connect,
    Tls,
    Greeting,
    Starttls,
    Login,
    Select,
    Search,
    Fetch,
    Store,
    Create,
    Move,
    Expunge,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Connect => "TCP connect",
            Stage::Tls => "TLS handshake",
            Stage::Greeting => "greeting",
            Stage::Starttls => "STARTTLS",
            Stage::Login => "LOGIN",
            Stage::Select => "SELECT",
            Stage::Search => "UID SEARCH",
            Stage::Fetch => "UID FETCH",
            Stage::Store => "UID STORE",
            Stage::Create => "CREATE",
            Stage::Move => "UID MOVE",
            Stage::Expunge => "UID EXPUNGE",
        })
    }
}

/// What went wrong reading or filing returned mail. Callers act on the
/// predicates: `is_transient` (try the whole run later), `needs_setup`
/// (nothing works until the staff change the setup), `is_gone` (the mail was
/// taken care of elsewhere); anything else concerns one mail only.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    /// `[inbox] url` is neither `imaps://` nor `imap://`.
    #[error("{}", self.message())]
    UrlScheme { url: String, scheme: String },
    #[error("{}", self.message())]
    UrlNoHost { url: String },
    #[error("{}", self.message())]
    UrlNoUser { url: String },
    /// The url carries a password, which belongs in the environment.
    #[error("{}", self.message())]
    UrlPassword { url: String },
    #[error("{}", self.message())]
    Unreachable {
        host: String,
        port: u16,
        reason: String,
    },
    /// The server's certificate has no issuer the public roots or
    /// `[inbox] ca_file` know: self-signed or an own CA.
    #[error("{}", self.message())]
    UntrustedCertificate {
        host: String,
        port: u16,
        reason: String,
    },
    #[error("{}", self.message())]
    Tls {
        host: String,
        port: u16,
        reason: String,
    },
    #[error("{}", self.message())]
    CaFile { file: PathBuf, reason: String },
    /// `imap://` to a server that refuses STARTTLS: the password would go
    /// unencrypted, so nothing is sent.
    #[error("{}", self.message())]
    NoStarttls {
        host: String,
        port: u16,
        reason: String,
    },
    /// No password came with the settings: a login is not even tried (a
    /// run of failed logins can lock the mailbox).
    #[error("{}", self.message())]
    NoPassword { user: String },
    #[error("{}", self.message())]
    Login {
        host: String,
        port: u16,
        user: String,
        reason: String,
    },
    #[error("{}", self.message())]
    NoMailbox { mailbox: String, reason: String },
    #[error("{}", self.message())]
    Timeout { stage: Stage, seconds: u64 },
    #[error("{}", self.message())]
    Dropped { stage: Stage, reason: String },
    /// The server answered NO or BAD to a command after the login.
    #[error("{}", self.message())]
    Refused { stage: Stage, reason: String },
    /// The mailbox keeps no keywords of its own, so `Disposal::Flag` cannot
    /// mark a mail processed there.
    #[error("{}", self.message())]
    NoKeywords { mailbox: String },
    /// The id is from another inbox, or from before the mailbox was
    /// replaced (a new UIDVALIDITY).
    #[error("{}", self.message())]
    StaleId { id: LetterId },
    #[error("{}", self.message())]
    Gone { id: LetterId },
    #[error("{}", self.message())]
    NotMaildir {
        path: PathBuf,
        missing: &'static str,
    },
    /// A Maildir folder for processed mail needs a plain name.
    #[error("{}", self.message())]
    FolderName { name: String },
    /// All 26 keyword letters of this Maildir are taken.
    #[error("{}", self.message())]
    KeywordsFull { path: PathBuf },
    #[error("{}", self.message())]
    File { path: PathBuf, reason: String },
}

impl InboxError {
    /// What the staff reads, in their language.
    fn message(&self) -> String {
        match self {
            InboxError::UrlScheme { url, scheme } => {
                crate::t!(
                    "inbox-url-scheme",
                    url = url.as_str(),
                    scheme = scheme.as_str()
                )
            }
            InboxError::UrlNoHost { url } => crate::t!("inbox-url-host", url = url.as_str()),
            InboxError::UrlNoUser { url } => crate::t!("inbox-url-user", url = url.as_str()),
            InboxError::UrlPassword { url } => {
                crate::t!("inbox-url-password", url = url.as_str(), env = PASSWORD_ENV)
            }
            InboxError::Unreachable { host, port, reason } => crate::t!(
                "inbox-unreachable",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            InboxError::UntrustedCertificate { host, port, reason } => crate::t!(
                "inbox-tls-untrusted",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            InboxError::Tls { host, port, reason } => crate::t!(
                "inbox-tls",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            InboxError::CaFile { file, reason } => crate::t!(
                "inbox-ca-file",
                file = file.display().to_string(),
                reason = reason.as_str(),
            ),
            InboxError::NoStarttls { host, port, reason } => crate::t!(
                "inbox-no-starttls",
                host = host.as_str(),
                port = port,
                reason = reason.as_str(),
            ),
            InboxError::NoPassword { user } => {
                crate::t!(
                    "inbox-no-password",
                    user = user.as_str(),
                    env = PASSWORD_ENV
                )
            }
            InboxError::Login {
                host,
                port,
                user,
                reason,
            } => crate::t!(
                "inbox-login",
                host = host.as_str(),
                port = port,
                user = user.as_str(),
                reason = reason.as_str(),
                env = PASSWORD_ENV,
            ),
            InboxError::NoMailbox { mailbox, reason } => crate::t!(
                "inbox-no-mailbox",
                mailbox = mailbox.as_str(),
                reason = reason.as_str(),
            ),
            InboxError::Timeout { stage, seconds } => {
                crate::t!(
                    "inbox-timeout",
                    stage = stage.to_string(),
                    seconds = seconds
                )
            }
            InboxError::Dropped { stage, reason } => crate::t!(
                "inbox-dropped",
                stage = stage.to_string(),
                reason = reason.as_str(),
            ),
            InboxError::Refused { stage, reason } => crate::t!(
                "inbox-refused",
                stage = stage.to_string(),
                reason = reason.as_str(),
            ),
            InboxError::NoKeywords { mailbox } => crate::t!(
                "inbox-no-keywords",
                mailbox = mailbox.as_str(),
                keyword = DONE_KEYWORD,
            ),
            InboxError::StaleId { id } => crate::t!("inbox-stale-id", id = id.to_string()),
            InboxError::Gone { id } => crate::t!("inbox-gone", id = id.to_string()),
            InboxError::NotMaildir { path, missing } => crate::t!(
                "inbox-not-maildir",
                path = path.display().to_string(),
                missing = *missing,
            ),
            InboxError::FolderName { name } => {
                crate::t!("inbox-folder-name", name = name.as_str())
            }
            InboxError::KeywordsFull { path } => crate::t!(
                "inbox-keywords-full",
                path = path.display().to_string(),
                keyword = DONE_KEYWORD,
            ),
            InboxError::File { path, reason } => crate::t!(
                "inbox-file",
                path = path.display().to_string(),
                reason = reason.as_str(),
            ),
        }
    }

    /// Worth another run later: the server was out of reach, stopped
    /// answering or dropped the connection. Nothing was lost.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            InboxError::Unreachable { .. }
                | InboxError::Timeout { .. }
                | InboxError::Dropped { .. }
        )
    }

    /// Nothing will work until the staff change the setup: the url, the
    /// password, the certificate, the mailbox or folder name.
    pub fn needs_setup(&self) -> bool {
        matches!(
            self,
            InboxError::UrlScheme { .. }
                | InboxError::UrlNoHost { .. }
                | InboxError::UrlNoUser { .. }
                | InboxError::UrlPassword { .. }
                | InboxError::UntrustedCertificate { .. }
                | InboxError::Tls { .. }
                | InboxError::CaFile { .. }
                | InboxError::NoStarttls { .. }
                | InboxError::NoPassword { .. }
                | InboxError::Login { .. }
                | InboxError::NoMailbox { .. }
                | InboxError::NoKeywords { .. }
                | InboxError::NotMaildir { .. }
                | InboxError::FolderName { .. }
                | InboxError::KeywordsFull { .. }
        )
    }

    /// The server's certificate is not trusted: `[inbox] ca_file` is the cure.
    pub fn is_untrusted_certificate(&self) -> bool {
        matches!(self, InboxError::UntrustedCertificate { .. })
    }

    /// The mail is no longer in the inbox: another program filed it.
    pub fn is_gone(&self) -> bool {
        matches!(self, InboxError::Gone { .. })
    }

    /// Where in the IMAP dialogue a timeout, a break or a refusal happened.
    pub fn stage(&self) -> Option<Stage> {
        match self {
            InboxError::Timeout { stage, .. }
            | InboxError::Dropped { stage, .. }
            | InboxError::Refused { stage, .. } => Some(*stage),
            _ => None,
        }
    }
}

impl Inbox {
    /// Connects to the IMAP server of `settings` (TLS, LOGIN) and opens its
    /// mailbox.
    pub async fn imap(settings: &ImapSettings) -> Result<Inbox, InboxError> {
        Ok(Inbox(Source::Imap(Box::new(
            Imap::connect(settings).await?,
        ))))
    }

    /// A Maildir folder; it must have cur/, new/ and tmp/.
    pub fn maildir(dir: &Path) -> Result<Inbox, InboxError> {
        Ok(Inbox(Source::Maildir(Maildir::open(dir)?)))
    }

    /// Up to `limit` mails not yet processed by rundbrief, oldest first.
    ///
    /// IMAP: the mailbox's mails without the keyword `$RundbriefDone` and not
    /// flagged `\Deleted`, read without setting `\Seen`. Maildir: every mail
    /// in new/, and those in cur/ without the keyword's letter and without
    /// `T` (trashed). A mail that cannot be read is skipped and named in
    /// `Unprocessed::skipped`; it does not count towards `limit`. (Dovecot
    /// hangs up on a mail it cannot read: the connection is opened anew.)
    pub async fn unprocessed(&mut self, limit: usize) -> Result<Unprocessed, InboxError> {
        match &mut self.0 {
            Source::Imap(imap) => imap.unprocessed(limit).await,
            Source::Maildir(maildir) => maildir.unprocessed(limit),
        }
    }

    /// Marks one mail processed as `disposal` says. IMAP: `Flag` stores
    /// `$RundbriefDone` and `\Seen`; `Move` uses UID MOVE where the server
    /// has MOVE, else COPY, `\Deleted` and expunge; `Delete` stores
    /// `\Deleted` and expunges that one mail (UID EXPUNGE where the server
    /// has UIDPLUS). Maildir: `Flag` renames the file into cur/ with the
    /// flags `S` and the keyword's letter; `Move` renames it into the
    /// sub-maildir; `Delete` removes the file.
    pub async fn file(&mut self, id: &LetterId, disposal: &Disposal) -> Result<(), InboxError> {
        match &mut self.0 {
            Source::Imap(imap) => imap.file(id, disposal).await,
            Source::Maildir(maildir) => maildir.file(id, disposal),
        }
    }

    /// Says goodbye to the server (LOGOUT); a Maildir needs nothing.
    pub async fn close(self) {
        if let Source::Imap(mut imap) = self.0 {
            // The work is done; a server that does not answer the goodbye
            // changes nothing.
            let _ = tokio::time::timeout(imap.timeout, async { imap.session.logout().await }).await;
        }
    }
}

impl fmt::Display for Inbox {
    /// The url (without password) or the Maildir's path, for reports.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Imap(imap) => f.write_str(&imap.shown),
            Source::Maildir(maildir) => write!(f, "{}", maildir.root.display()),
        }
    }
}

/// The url as it may be shown: without a password.
fn without_password(url: &url::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_password(None);
    shown.to_string()
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// TLS from the first byte (`imaps://`).
    Implicit,
    /// Plain greeting, then STARTTLS before anything else (`imap://`).
    Starttls,
}

/// What `[inbox] url` says, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    user: String,
    /// As the staff wrote it (decoded), for messages.
    mailbox: String,
    security: Security,
}

impl Target {
    fn from_url(url: &url::Url) -> Result<Target, InboxError> {
        let shown = without_password(url);
        let security = match url.scheme() {
            "imaps" => Security::Implicit,
            "imap" => Security::Starttls,
            other => {
                return Err(InboxError::UrlScheme {
                    url: shown,
                    scheme: other.to_string(),
                });
            }
        };
        if url.password().is_some() {
            return Err(InboxError::UrlPassword { url: shown });
        }
        let host = match url.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_string(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err(InboxError::UrlNoHost { url: shown }),
        };
        let user = decode(url.username());
        if user.is_empty() {
            return Err(InboxError::UrlNoUser { url: shown });
        }
        let port = url.port().unwrap_or(match security {
            Security::Implicit => 993,
            Security::Starttls => 143,
        });
        let mailbox = decode(url.path().trim_start_matches('/'));
        let mailbox = if mailbox.is_empty() {
            "INBOX".to_string()
        } else {
            mailbox
        };
        Ok(Target {
            host,
            port,
            user,
            mailbox,
            security,
        })
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A mailbox name as IMAP wants it on the wire: modified UTF-7 (RFC 3501,
/// 5.1.3), so that `Rückläufer` works on servers without UTF8=ACCEPT. Dovecot
/// also names Maildir++ folders on disk this way.
fn mailbox_name(name: &str) -> String {
    fn flush(out: &mut String, wide: &mut Vec<u16>) {
        if wide.is_empty() {
            return;
        }
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
        let bytes: Vec<u8> = wide.iter().flat_map(|unit| unit.to_be_bytes()).collect();
        out.push('&');
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out.push('-');
        wide.clear();
    }
    let mut out = String::new();
    let mut wide = Vec::new();
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut out, &mut wide);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut units = [0u16; 2];
            wide.extend_from_slice(c.encode_utf16(&mut units));
        }
    }
    flush(&mut out, &mut wide);
    out
}

/// A string as an IMAP quoted string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The server's own words from an async-imap NO or BAD, which arrive
/// wrapped as `code: …, info: Some("…")`.
fn server_words(text: &str) -> String {
    match text.split_once("info: Some(\"") {
        Some((_, words)) => words
            .strip_suffix("\")")
            .unwrap_or(words)
            .replace("\\\"", "\"")
            .replace("\\\\", "\\"),
        None => text.to_string(),
    }
}

/// The TLS set-up: the ring provider and webpki roots that lettre uses for
/// the SMTP relay, plus the certificates of `ca_file`.
fn tls_config(ca_file: Option<&Path>) -> Result<rustls::ClientConfig, InboxError> {
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(file) = ca_file {
        let problem = |reason: String| InboxError::CaFile {
            file: file.to_path_buf(),
            reason,
        };
        let certificates = CertificateDer::pem_file_iter(file)
            .map_err(|e| problem(e.to_string()))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| problem(e.to_string()))?;
        if certificates.is_empty() {
            return Err(problem(crate::t!("inbox-ca-file-empty")));
        }
        for certificate in certificates {
            roots.add(certificate).map_err(|e| problem(e.to_string()))?;
        }
    }
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| InboxError::CaFile {
            file: ca_file.map(Path::to_path_buf).unwrap_or_default(),
            reason: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Runs one step of the dialogue under the timeout.
async fn step<T>(
    timeout: Duration,
    stage: Stage,
    work: impl Future<Output = T>,
) -> Result<T, InboxError> {
    tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| InboxError::Timeout {
            stage,
            seconds: timeout.as_secs().max(1),
        })
}

/// An async-imap failure after the login.
fn imap_error(stage: Stage, e: &async_imap::error::Error) -> InboxError {
    use async_imap::error::Error;
    match e {
        Error::No(text) | Error::Bad(text) => InboxError::Refused {
            stage,
            reason: server_words(text),
        },
        Error::Validate(_) | Error::Append => InboxError::Refused {
            stage,
            reason: e.to_string(),
        },
        _ => InboxError::Dropped {
            stage,
            reason: e.to_string(),
        },
    }
}

type Session = async_imap::Session<TlsStream<TcpStream>>;

struct Imap {
    session: Session,
    /// To connect again when the server hangs up on a mail it cannot read.
    settings: ImapSettings,
    timeout: Duration,
    /// The url without password, for `Display`.
    shown: String,
    mailbox: String,
    validity: u32,
    /// The mailbox takes `$RundbriefDone` (it is in PERMANENTFLAGS, or `\*`).
    keywords: bool,
    has_move: bool,
    has_uidplus: bool,
    /// Folders known to exist in this session (wire names).
    folders: HashSet<String>,
}

impl Imap {
    async fn connect(settings: &ImapSettings) -> Result<Imap, InboxError> {
        let target = Target::from_url(&settings.url)?;
        if settings.password.is_empty() {
            return Err(InboxError::NoPassword { user: target.user });
        }
        let config = Arc::new(tls_config(settings.ca_file.as_deref())?);
        let timeout = settings.timeout;
        let (host, port) = (target.host.clone(), target.port);
        let unreachable = |reason: String| InboxError::Unreachable {
            host: host.clone(),
            port,
            reason,
        };
        let dropped = |stage: Stage| {
            move |e: std::io::Error| InboxError::Dropped {
                stage,
                reason: e.to_string(),
            }
        };

        let tcp = tokio::time::timeout(timeout, TcpStream::connect((host.as_str(), port)))
            .await
            .map_err(|_| {
                unreachable(crate::t!(
                    "inbox-no-answer",
                    seconds = timeout.as_secs().max(1)
                ))
            })?
            .map_err(|e| unreachable(e.to_string()))?;
        let _ = tcp.set_nodelay(true);

        let tcp = if target.security == Security::Starttls {
            let mut plain = async_imap::Client::new(tcp);
            let greeting = step(timeout, Stage::Greeting, plain.read_response())
                .await?
                .map_err(dropped(Stage::Greeting))?;
            check_greeting(greeting.as_ref().map(|g| g.parsed()), Stage::Greeting)?;
            step(
                timeout,
                Stage::Starttls,
                plain.run_command_and_check_ok("STARTTLS", None),
            )
            .await?
            .map_err(|e| match e {
                async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text) => {
                    InboxError::NoStarttls {
                        host: host.clone(),
                        port,
                        reason: server_words(&text),
                    }
                }
                other => imap_error(Stage::Starttls, &other),
            })?;
            plain.into_inner()
        } else {
            tcp
        };

        let name = ServerName::try_from(host.clone()).map_err(|e| InboxError::Tls {
            host: host.clone(),
            port,
            reason: e.to_string(),
        })?;
        let tls = step(
            timeout,
            Stage::Tls,
            tokio_rustls::TlsConnector::from(config).connect(name, tcp),
        )
        .await?
        .map_err(|e| tls_error(&host, port, &e))?;

        let mut client = async_imap::Client::new(tls);
        if target.security == Security::Implicit {
            let greeting = step(timeout, Stage::Greeting, client.read_response())
                .await?
                .map_err(dropped(Stage::Greeting))?;
            check_greeting(greeting.as_ref().map(|g| g.parsed()), Stage::Greeting)?;
        }

        let (mut session, capabilities) = step(
            timeout,
            Stage::Login,
            client.login_with_capabilities(&target.user, &settings.password),
        )
        .await?
        .map_err(|(e, _)| match e {
            async_imap::error::Error::No(text) | async_imap::error::Error::Bad(text) => {
                InboxError::Login {
                    host: host.clone(),
                    port,
                    user: target.user.clone(),
                    reason: server_words(&text),
                }
            }
            // A password with a line break cannot be sent in LOGIN; the
            // error names the character, not the password.
            async_imap::error::Error::Validate(_) => InboxError::Login {
                host: host.clone(),
                port,
                user: target.user.clone(),
                reason: e.to_string(),
            },
            other => imap_error(Stage::Login, &other),
        })?;
        let capabilities = match capabilities {
            Some(capabilities) => capabilities,
            None => step(timeout, Stage::Login, session.capabilities())
                .await?
                .map_err(|e| imap_error(Stage::Login, &e))?,
        };

        let selected = step(
            timeout,
            Stage::Select,
            session.select(mailbox_name(&target.mailbox)),
        )
        .await?
        .map_err(|e| match e {
            async_imap::error::Error::No(text) => InboxError::NoMailbox {
                mailbox: target.mailbox.clone(),
                reason: server_words(&text),
            },
            other => imap_error(Stage::Select, &other),
        })?;
        let keywords = selected.permanent_flags.iter().any(|flag| match flag {
            Flag::MayCreate => true,
            Flag::Custom(name) => name.eq_ignore_ascii_case(DONE_KEYWORD),
            _ => false,
        });
        Ok(Imap {
            session,
            settings: settings.clone(),
            timeout,
            shown: without_password(&settings.url),
            mailbox: target.mailbox,
            // Without UIDVALIDITY a server promises nothing about UIDs; 0
            // still tells this session's ids from those of another mailbox.
            validity: selected.uid_validity.unwrap_or(0),
            keywords,
            has_move: capabilities.has_str("MOVE"),
            has_uidplus: capabilities.has_str("UIDPLUS"),
            folders: HashSet::new(),
        })
    }

    /// Sends one command and reads up to its tagged answer, handing each
    /// untagged response to `each`. async-imap's own readers of FETCH,
    /// SEARCH and STORE take a NO, or the server hanging up, for an empty
    /// answer; here a NO or BAD is `Refused` and a closed connection
    /// `Dropped` (with the words of the server's BYE, if it said any).
    async fn run(
        &mut self,
        stage: Stage,
        command: &str,
        mut each: impl FnMut(&Response<'_>),
    ) -> Result<(), InboxError> {
        let session = &mut self.session;
        step(self.timeout, stage, async {
            let tag = session
                .run_command(command)
                .await
                .map_err(|e| imap_error(stage, &e))?;
            let mut farewell = None;
            loop {
                let data = session
                    .read_response()
                    .await
                    .map_err(|e| InboxError::Dropped {
                        stage,
                        reason: e.to_string(),
                    })?;
                let Some(data) = data else {
                    return Err(InboxError::Dropped {
                        stage,
                        reason: farewell.unwrap_or_else(|| crate::t!("inbox-closed")),
                    });
                };
                match data.parsed() {
                    Response::Done {
                        tag: done,
                        status,
                        outcome,
                    } if *done == tag => {
                        return match status {
                            Status::Ok => Ok(()),
                            _ => Err(InboxError::Refused {
                                stage,
                                reason: outcome.information.as_deref().unwrap_or("").to_string(),
                            }),
                        };
                    }
                    Response::Data {
                        status: Status::Bye,
                        outcome,
                    } => farewell = outcome.information.as_deref().map(str::to_string),
                    other => each(other),
                }
            }
        })
        .await?
    }

    async fn unprocessed(&mut self, limit: usize) -> Result<Unprocessed, InboxError> {
        let mut uids = Vec::new();
        self.run(
            Stage::Search,
            &format!("UID SEARCH UNKEYWORD {DONE_KEYWORD} NOT DELETED"),
            |response| {
                if let Response::MailboxData(MailboxDatum::Search(found)) = response {
                    uids.extend_from_slice(found);
                }
            },
        )
        .await?;
        uids.sort_unstable();
        uids.dedup();
        let mut found = Unprocessed::default();
        for batch in uids.chunks(FETCH_BATCH) {
            if found.letters.len() >= limit {
                break;
            }
            let wanted = &batch[..batch.len().min(limit - found.letters.len())];
            let mut got = Vec::new();
            match self.fetch(wanted, &mut got).await {
                Ok(()) | Err(InboxError::Refused { .. } | InboxError::Dropped { .. }) => {}
                Err(other) => return Err(other),
            }
            let missing: Vec<u32> = wanted
                .iter()
                .copied()
                .filter(|uid| !got.iter().any(|l: &Letter| l.id == self.id(*uid)))
                .collect();
            found.letters.extend(got);
            // A mail the server cannot hand out must not hide the others:
            // it answers NO for the whole FETCH (or Dovecot even hangs up).
            for uid in missing {
                self.fetch_alone(uid, &mut found).await?;
            }
        }
        found.letters.sort_by_key(|letter| match letter.id.0 {
            Key::Imap { uid, .. } => uid,
            Key::Maildir(_) => 0,
        });
        found.letters.truncate(limit);
        Ok(found)
    }

    /// Fetches one mail that a batch did not bring: it is read, or skipped
    /// with the reason, or it was expunged meanwhile (the server answers OK
    /// with nothing). A connection the server closed is opened anew.
    async fn fetch_alone(&mut self, uid: u32, found: &mut Unprocessed) -> Result<(), InboxError> {
        if !self.alive().await {
            self.reconnect().await?;
        }
        let error = match self.fetch(&[uid], &mut found.letters).await {
            Ok(()) => return Ok(()),
            Err(e @ (InboxError::Refused { .. } | InboxError::Dropped { .. })) => e,
            Err(other) => return Err(other),
        };
        found.skipped.push(Skipped {
            id: self.id(uid),
            error,
        });
        if !self.alive().await {
            self.reconnect().await?;
        }
        Ok(())
    }

    /// Whether the server still answers on this connection (NOOP).
    async fn alive(&mut self) -> bool {
        self.run(Stage::Fetch, "NOOP", |_| {}).await.is_ok()
    }

    /// A new connection in place of one the server closed; its UIDs must
    /// still mean the same mails.
    async fn reconnect(&mut self) -> Result<(), InboxError> {
        let fresh = Imap::connect(&self.settings).await?;
        if fresh.validity != self.validity {
            return Err(InboxError::Dropped {
                stage: Stage::Select,
                reason: crate::t!("inbox-replaced", mailbox = self.mailbox.as_str()),
            });
        }
        *self = fresh;
        Ok(())
    }

    fn id(&self, uid: u32) -> LetterId {
        LetterId(Key::Imap {
            validity: self.validity,
            uid,
        })
    }

    /// Adds the mails of `uids` that are still there to `letters`, also
    /// those that came before the server refused or hung up.
    async fn fetch(&mut self, uids: &[u32], letters: &mut Vec<Letter>) -> Result<(), InboxError> {
        let validity = self.validity;
        self.run(
            Stage::Fetch,
            &format!("UID FETCH {} (UID BODY.PEEK[])", uid_set(uids)),
            |response| {
                let Response::Fetch(_, attributes) = response else {
                    return;
                };
                let uid = attributes.iter().find_map(|a| match a {
                    AttributeValue::Uid(uid) => Some(*uid),
                    _ => None,
                });
                let body = attributes.iter().find_map(|a| match a {
                    AttributeValue::BodySection {
                        section: None,
                        data: Some(data),
                        ..
                    } => Some(data),
                    _ => None,
                });
                if let (Some(uid), Some(body)) = (uid, body)
                    && uids.contains(&uid)
                {
                    let id = LetterId(Key::Imap { validity, uid });
                    if !letters.iter().any(|l| l.id == id) {
                        letters.push(Letter {
                            id,
                            raw: body.to_vec(),
                        });
                    }
                }
            },
        )
        .await
    }

    async fn file(&mut self, id: &LetterId, disposal: &Disposal) -> Result<(), InboxError> {
        let uid = match id.0 {
            Key::Imap { validity, uid } if validity == self.validity => uid,
            _ => return Err(InboxError::StaleId { id: id.clone() }),
        };
        match disposal {
            Disposal::Flag => {
                if !self.keywords {
                    return Err(InboxError::NoKeywords {
                        mailbox: self.mailbox.clone(),
                    });
                }
                self.store(id, uid, &format!("+FLAGS ({DONE_KEYWORD} \\Seen)"))
                    .await
            }
            Disposal::Move(folder) => {
                let folder = quoted(&mailbox_name(folder));
                self.ensure_folder(&folder).await?;
                // MOVE and COPY of a mail that is gone answer OK all the same.
                if !self.exists(uid).await? {
                    return Err(InboxError::Gone { id: id.clone() });
                }
                if self.has_move {
                    self.run(Stage::Move, &format!("UID MOVE {uid} {folder}"), |_| {})
                        .await
                } else {
                    self.run(Stage::Move, &format!("UID COPY {uid} {folder}"), |_| {})
                        .await?;
                    self.remove(id, uid).await
                }
            }
            Disposal::Delete => self.remove(id, uid).await,
        }
    }

    /// Whether the mail of `uid` is still in the mailbox.
    async fn exists(&mut self, uid: u32) -> Result<bool, InboxError> {
        let mut found = false;
        self.run(
            Stage::Fetch,
            &format!("UID FETCH {uid} (UID)"),
            |response| {
                if let Response::Fetch(_, attributes) = response {
                    found |= attributes
                        .iter()
                        .any(|a| matches!(a, AttributeValue::Uid(u) if *u == uid));
                }
            },
        )
        .await?;
        Ok(found)
    }

    /// Stores flags on one mail; a mail that is no longer there gets no
    /// FETCH line in the answer, which is how `Gone` is told.
    async fn store(&mut self, id: &LetterId, uid: u32, change: &str) -> Result<(), InboxError> {
        let mut answered = false;
        self.run(
            Stage::Store,
            &format!("UID STORE {uid} {change}"),
            |response| {
                if let Response::Fetch(_, attributes) = response {
                    answered |= attributes
                        .iter()
                        .any(|a| matches!(a, AttributeValue::Uid(u) if *u == uid));
                }
            },
        )
        .await?;
        if answered {
            Ok(())
        } else {
            Err(InboxError::Gone { id: id.clone() })
        }
    }

    /// `\Deleted` and expunge, of this one mail only where the server can
    /// (UIDPLUS); otherwise EXPUNGE also removes what others marked deleted.
    async fn remove(&mut self, id: &LetterId, uid: u32) -> Result<(), InboxError> {
        self.store(id, uid, "+FLAGS (\\Deleted)").await?;
        let command = if self.has_uidplus {
            format!("UID EXPUNGE {uid}")
        } else {
            "EXPUNGE".to_string()
        };
        self.run(Stage::Expunge, &command, |_| {}).await
    }

    /// Creates (and subscribes to) a folder the first time it is needed;
    /// `folder` is quoted, in modified UTF-7.
    async fn ensure_folder(&mut self, folder: &str) -> Result<(), InboxError> {
        if self.folders.contains(folder) {
            return Ok(());
        }
        let mut exists = false;
        self.run(Stage::Create, &format!("LIST \"\" {folder}"), |response| {
            exists |= matches!(response, Response::MailboxData(MailboxDatum::List(_)));
        })
        .await?;
        if !exists {
            self.run(Stage::Create, &format!("CREATE {folder}"), |_| {})
                .await?;
            // So that a mail program shows the new folder; a server without
            // subscriptions still moves mail into it.
            let _ = self
                .run(Stage::Create, &format!("SUBSCRIBE {folder}"), |_| {})
                .await;
        }
        self.folders.insert(folder.to_string());
        Ok(())
    }
}

/// `1,3,4` for UID FETCH.
fn uid_set(uids: &[u32]) -> String {
    uids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A server that says BYE instead of hello (too many connections, shutting
/// down) is refused at the greeting.
fn check_greeting(
    greeting: Option<&async_imap::imap_proto::Response<'_>>,
    stage: Stage,
) -> Result<(), InboxError> {
    let Some(greeting) = greeting else {
        return Err(InboxError::Dropped {
            stage,
            reason: crate::t!("inbox-closed"),
        });
    };
    match greeting {
        Response::Data {
            status: Status::Bye,
            outcome,
        } => Err(InboxError::Refused {
            stage,
            reason: outcome.information.as_deref().unwrap_or("BYE").to_string(),
        }),
        _ => Ok(()),
    }
}

/// Tells a certificate nobody vouches for (the cure is `[inbox] ca_file`)
/// from other TLS failures.
fn tls_error(host: &str, port: u16, e: &std::io::Error) -> InboxError {
    use rustls::{CertificateError, Error};
    let inner = e.get_ref().and_then(|inner| inner.downcast_ref::<Error>());
    let (host, reason) = (host.to_string(), e.to_string());
    match inner {
        Some(Error::InvalidCertificate(
            CertificateError::UnknownIssuer | CertificateError::BadSignature,
        )) => InboxError::UntrustedCertificate { host, port, reason },
        _ => InboxError::Tls { host, port, reason },
    }
}

/// A Maildir folder: new/ holds what was delivered and never looked at,
/// cur/ what a program has seen, each file name `UNIQUE:2,FLAGS`.
struct Maildir {
    root: PathBuf,
}

impl Maildir {
    fn open(dir: &Path) -> Result<Maildir, InboxError> {
        for missing in ["new", "cur", "tmp"] {
            if !dir.join(missing).is_dir() {
                return Err(InboxError::NotMaildir {
                    path: dir.to_path_buf(),
                    missing,
                });
            }
        }
        Ok(Maildir {
            root: dir.to_path_buf(),
        })
    }

    fn unprocessed(&self, limit: usize) -> Result<Unprocessed, InboxError> {
        let done = Keywords::read(&self.root)?.letter(DONE_KEYWORD);
        let mut waiting = Vec::new();
        for sub in ["new", "cur"] {
            let dir = self.root.join(sub);
            let entries = std::fs::read_dir(&dir).map_err(file_error(&dir))?;
            for entry in entries {
                let entry = entry.map_err(file_error(&dir))?;
                let Ok(name) = entry.file_name().into_string() else {
                    continue;
                };
                // Dot files are no mail (Maildir's own rule); a file the
                // user trashed (T) waits for its expunge, not for us.
                if name.starts_with('.') {
                    continue;
                }
                let flags = flags_of(&name);
                if sub == "cur" && (flags.contains('T') || done.is_some_and(|d| flags.contains(d)))
                {
                    continue;
                }
                let modified = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::SystemTime::UNIX_EPOCH);
                waiting.push((modified, name, entry.path()));
            }
        }
        waiting.sort();
        let mut found = Unprocessed::default();
        for (_, name, path) in waiting {
            if found.letters.len() >= limit {
                break;
            }
            let id = LetterId(Key::Maildir(name));
            match std::fs::read(&path) {
                Ok(raw) => found.letters.push(Letter { id, raw }),
                // Filed by another program between listing and reading.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => found.skipped.push(Skipped {
                    id,
                    error: file_error(&path)(e),
                }),
            }
        }
        Ok(found)
    }

    /// Where the mail of `id` is now: under its name in new/ or cur/, or,
    /// when a mail program changed its flags since, under the same unique
    /// part with other flags.
    fn locate(&self, id: &LetterId) -> Result<(&'static str, String), InboxError> {
        let Key::Maildir(name) = &id.0 else {
            return Err(InboxError::StaleId { id: id.clone() });
        };
        for sub in ["new", "cur"] {
            if self.root.join(sub).join(name).is_file() {
                return Ok((sub, name.clone()));
            }
        }
        let unique = unique_of(name);
        for sub in ["new", "cur"] {
            let dir = self.root.join(sub);
            for entry in std::fs::read_dir(&dir).map_err(file_error(&dir))? {
                let entry = entry.map_err(file_error(&dir))?;
                if let Ok(other) = entry.file_name().into_string()
                    && unique_of(&other) == unique
                {
                    return Ok((sub, other));
                }
            }
        }
        Err(InboxError::Gone { id: id.clone() })
    }

    fn file(&self, id: &LetterId, disposal: &Disposal) -> Result<(), InboxError> {
        let (sub, name) = self.locate(id)?;
        let from = self.root.join(sub).join(&name);
        match disposal {
            Disposal::Flag => {
                let done = Keywords::add(&self.root, DONE_KEYWORD)?;
                let mut flags: Vec<char> = flags_of(&name).chars().collect();
                flags.extend(['S', done]);
                // Maildir wants the flags in ASCII order, each once.
                flags.sort_unstable();
                flags.dedup();
                let to = self.root.join("cur").join(format!(
                    "{}:2,{}",
                    unique_of(&name),
                    flags.into_iter().collect::<String>()
                ));
                rename(&from, &to)
            }
            Disposal::Move(folder) => {
                let target = self.folder(folder)?;
                rename(&from, &target.join(sub).join(&name))
            }
            Disposal::Delete => std::fs::remove_file(&from).map_err(file_error(&from)),
        }
    }

    /// The sub-maildir `.NAME`, made if missing, as Dovecot makes it.
    fn folder(&self, name: &str) -> Result<PathBuf, InboxError> {
        if name.is_empty()
            || name.starts_with('.')
            || name.ends_with('.')
            || name.contains("..")
            || name.contains(['/', '\\', '\0'])
        {
            return Err(InboxError::FolderName {
                name: name.to_string(),
            });
        }
        let root = self.root.join(format!(".{}", mailbox_name(name)));
        for sub in ["tmp", "new", "cur"] {
            let dir = root.join(sub);
            std::fs::create_dir_all(&dir).map_err(file_error(&dir))?;
        }
        let marker = root.join("maildirfolder");
        if !marker.exists() {
            std::fs::write(&marker, b"").map_err(file_error(&marker))?;
        }
        Ok(root)
    }
}

fn rename(from: &Path, to: &Path) -> Result<(), InboxError> {
    std::fs::rename(from, to).map_err(file_error(from))
}

fn file_error(path: &Path) -> impl FnOnce(std::io::Error) -> InboxError + '_ {
    move |e| InboxError::File {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// The part of a Maildir file name that stays when flags change.
fn unique_of(name: &str) -> &str {
    name.split_once(':').map_or(name, |(unique, _)| unique)
}

/// The flags of a Maildir file name (`…:2,RSa` → `RSa`).
fn flags_of(name: &str) -> &str {
    name.split_once(":2,").map_or("", |(_, flags)| flags)
}

/// A Maildir's `dovecot-keywords`: lines `INDEX NAME`, index 0 being the
/// letter `a`.
struct Keywords(Vec<(u8, String)>);

impl Keywords {
    fn read(root: &Path) -> Result<Keywords, InboxError> {
        let path = root.join(KEYWORDS_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(file_error(&path)(e)),
        };
        Ok(Keywords(
            text.lines()
                .filter_map(|line| {
                    let (index, name) = line.split_once(' ')?;
                    let index: u8 = index.parse().ok().filter(|i| *i < 26)?;
                    Some((index, name.trim().to_string()))
                })
                .collect(),
        ))
    }

    fn letter(&self, keyword: &str) -> Option<char> {
        self.0
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(keyword))
            .map(|(index, _)| char::from(b'a' + index))
    }

    /// The letter of `keyword`, added to the file in the first free place
    /// when it is not there yet.
    fn add(root: &Path, keyword: &str) -> Result<char, InboxError> {
        let mut keywords = Keywords::read(root)?;
        if let Some(letter) = keywords.letter(keyword) {
            return Ok(letter);
        }
        let path = root.join(KEYWORDS_FILE);
        let free = (0..26u8)
            .find(|i| keywords.0.iter().all(|(taken, _)| taken != i))
            .ok_or_else(|| InboxError::KeywordsFull { path: path.clone() })?;
        keywords.0.push((free, keyword.to_string()));
        let text: String = keywords
            .0
            .iter()
            .map(|(index, name)| format!("{index} {name}\n"))
            .collect();
        // Dovecot reads this file too: it keeps the permissions it had.
        let permissions = std::fs::metadata(&path).map(|m| m.permissions()).ok();
        crate::fsx::write_atomically(&path, |out| {
            out.write_all(text.as_bytes())
                .map_err(crate::fsx::at(&path))
        })
        .map_err(|e| InboxError::File {
            path: path.clone(),
            reason: e.source.to_string(),
        })?;
        if let Some(permissions) = permissions {
            std::fs::set_permissions(&path, permissions).map_err(file_error(&path))?;
        }
        Ok(char::from(b'a' + free))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maildir() -> (tempfile::TempDir, Inbox) {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let inbox = Inbox::maildir(dir.path()).unwrap();
        (dir, inbox)
    }

    fn deliver(dir: &Path, sub: &str, name: &str, text: &str) {
        std::fs::write(dir.join(sub).join(name), text).unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    fn run<T>(work: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(work)
    }

    fn listed(inbox: &mut Inbox) -> Vec<String> {
        let mut ids: Vec<String> = run(inbox.unprocessed(100))
            .unwrap()
            .letters
            .into_iter()
            .map(|l| l.id.to_string())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn maildir_lists_new_mails_with_their_bytes() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "1.a.host", "Subject: one\n\nbody\n");
        deliver(dir.path(), "new", ".hidden", "not a mail");
        let found = run(inbox.unprocessed(10)).unwrap();
        assert_eq!(found.letters.len(), 1);
        assert_eq!(found.letters[0].id.to_string(), "1.a.host");
        assert_eq!(found.letters[0].raw, b"Subject: one\n\nbody\n");
        assert!(found.skipped.is_empty());
    }

    #[test]
    fn maildir_flag_moves_to_cur_seen_and_marked_and_is_not_listed_again() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "1.a.host", "one");
        deliver(dir.path(), "new", "2.b.host", "two");
        let letters = run(inbox.unprocessed(10)).unwrap().letters;
        let first = letters.iter().find(|l| l.raw == b"one").unwrap();
        run(inbox.file(&first.id, &Disposal::Flag)).unwrap();

        assert_eq!(names(&dir.path().join("new")), ["2.b.host"]);
        assert_eq!(names(&dir.path().join("cur")), ["1.a.host:2,Sa"]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(KEYWORDS_FILE)).unwrap(),
            "0 $RundbriefDone\n"
        );
        assert_eq!(listed(&mut inbox), ["2.b.host"]);
        // A second run changes nothing.
        let again = Inbox::maildir(dir.path()).unwrap();
        let mut again = again;
        assert_eq!(listed(&mut again), ["2.b.host"]);
    }

    #[test]
    fn maildir_keeps_flags_and_keywords_already_there() {
        let (dir, mut inbox) = maildir();
        std::fs::write(dir.path().join(KEYWORDS_FILE), "0 $Junk\n2 NonJunk\n").unwrap();
        deliver(dir.path(), "cur", "3.c.host:2,RS", "read and answered");
        deliver(dir.path(), "cur", "4.d.host:2,Sa", "junk, seen");
        deliver(dir.path(), "cur", "5.e.host:2,ST", "trashed");
        assert_eq!(listed(&mut inbox), ["3.c.host:2,RS", "4.d.host:2,Sa"]);

        let id = LetterId(Key::Maildir("3.c.host:2,RS".into()));
        run(inbox.file(&id, &Disposal::Flag)).unwrap();
        // The first free place is 1: the letter b.
        assert_eq!(
            std::fs::read_to_string(dir.path().join(KEYWORDS_FILE)).unwrap(),
            "0 $Junk\n2 NonJunk\n1 $RundbriefDone\n"
        );
        assert!(dir.path().join("cur/3.c.host:2,RSb").is_file());
        assert_eq!(listed(&mut inbox), ["4.d.host:2,Sa"]);
    }

    #[test]
    fn maildir_finds_a_mail_whose_flags_changed_since_it_was_listed() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "6.f.host", "x");
        let id = run(inbox.unprocessed(1)).unwrap().letters.remove(0).id;
        // A mail program reads it meanwhile.
        std::fs::rename(
            dir.path().join("new/6.f.host"),
            dir.path().join("cur/6.f.host:2,S"),
        )
        .unwrap();
        run(inbox.file(&id, &Disposal::Flag)).unwrap();
        assert_eq!(names(&dir.path().join("cur")), ["6.f.host:2,Sa"]);
    }

    #[test]
    fn maildir_move_goes_into_a_sub_maildir_made_on_the_way() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "7.g.host", "x");
        deliver(dir.path(), "cur", "8.h.host:2,S", "y");
        for letter in run(inbox.unprocessed(10)).unwrap().letters {
            run(inbox.file(&letter.id, &Disposal::Move("Processed".into()))).unwrap();
        }
        let folder = dir.path().join(".Processed");
        assert_eq!(names(&folder.join("new")), ["7.g.host"]);
        assert_eq!(names(&folder.join("cur")), ["8.h.host:2,S"]);
        assert!(folder.join("tmp").is_dir());
        assert!(folder.join("maildirfolder").is_file());
        assert!(listed(&mut inbox).is_empty());
        // The folder's name as Dovecot writes it on disk.
        deliver(dir.path(), "new", "9.i.host", "z");
        let id = LetterId(Key::Maildir("9.i.host".into()));
        run(inbox.file(&id, &Disposal::Move("Rückläufer".into()))).unwrap();
        assert!(
            dir.path()
                .join(".R&APw-ckl&AOQ-ufer/new/9.i.host")
                .is_file()
        );
    }

    #[test]
    fn maildir_refuses_folder_names_that_leave_the_maildir() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "1.a.host", "x");
        let id = LetterId(Key::Maildir("1.a.host".into()));
        for name in ["", "../x", ".hidden", "a/b", "a..b"] {
            let e = run(inbox.file(&id, &Disposal::Move(name.into()))).unwrap_err();
            assert!(matches!(e, InboxError::FolderName { .. }), "{name}: {e}");
            assert!(e.needs_setup());
        }
        assert_eq!(names(&dir.path().join("new")), ["1.a.host"]);
    }

    #[test]
    fn maildir_delete_removes_the_file_and_a_second_time_says_gone() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "1.a.host", "x");
        let id = LetterId(Key::Maildir("1.a.host".into()));
        run(inbox.file(&id, &Disposal::Delete)).unwrap();
        assert!(names(&dir.path().join("new")).is_empty());
        let e = run(inbox.file(&id, &Disposal::Delete)).unwrap_err();
        assert!(e.is_gone(), "{e}");
    }

    #[test]
    fn maildir_skips_what_cannot_be_read_and_lists_the_rest() {
        let (dir, mut inbox) = maildir();
        deliver(dir.path(), "new", "1.a.host", "one");
        // Not a file: reading it fails as an unreadable mail would.
        std::fs::create_dir(dir.path().join("new/2.b.host")).unwrap();
        let found = run(inbox.unprocessed(10)).unwrap();
        assert_eq!(found.letters.len(), 1);
        assert_eq!(found.letters[0].raw, b"one");
        assert_eq!(found.skipped.len(), 1);
        assert_eq!(found.skipped[0].id.to_string(), "2.b.host");
        assert!(matches!(found.skipped[0].error, InboxError::File { .. }));
    }

    #[test]
    fn maildir_limit_takes_the_oldest() {
        let (dir, mut inbox) = maildir();
        for (i, name) in ["b", "a", "c"].iter().enumerate() {
            let path = dir.path().join("new").join(name);
            std::fs::write(&path, name).unwrap();
            let at = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1000 + i as u64);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(at)
                .unwrap();
        }
        let letters = run(inbox.unprocessed(2)).unwrap().letters;
        let ids: Vec<String> = letters.iter().map(|l| l.id.to_string()).collect();
        assert_eq!(ids, ["b", "a"]);
    }

    #[test]
    fn a_folder_without_new_is_no_maildir_and_the_error_names_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("cur")).unwrap();
        std::fs::create_dir(dir.path().join("tmp")).unwrap();
        let Err(e) = Inbox::maildir(dir.path()) else {
            panic!("accepted a folder without new/");
        };
        assert!(matches!(e, InboxError::NotMaildir { missing: "new", .. }));
        assert!(e.needs_setup());
        let text = e.to_string();
        assert!(text.contains(&dir.path().display().to_string()), "{text}");
        assert!(text.contains("new/"), "{text}");
    }

    #[test]
    fn an_imap_id_means_nothing_to_a_maildir() {
        let (_dir, mut inbox) = maildir();
        let id = LetterId(Key::Imap {
            validity: 1,
            uid: 1,
        });
        let e = run(inbox.file(&id, &Disposal::Flag)).unwrap_err();
        assert!(matches!(e, InboxError::StaleId { .. }));
    }

    fn target(url: &str) -> Result<Target, InboxError> {
        Target::from_url(&url::Url::parse(url).unwrap())
    }

    #[test]
    fn urls_name_server_user_port_and_mailbox() {
        let cases = [
            (
                "imaps://bounces%40example.org@mail.example.org/INBOX",
                ("mail.example.org", 993, "bounces@example.org", "INBOX"),
                Security::Implicit,
            ),
            (
                "imaps://bounces@mail.example.org",
                ("mail.example.org", 993, "bounces", "INBOX"),
                Security::Implicit,
            ),
            (
                "imaps://u@mail.example.org:10993/",
                ("mail.example.org", 10993, "u", "INBOX"),
                Security::Implicit,
            ),
            (
                "imaps://u@127.0.0.1/Returns",
                ("127.0.0.1", 993, "u", "Returns"),
                Security::Implicit,
            ),
            (
                "imaps://u@[::1]/R%C3%BCckl%C3%A4ufer",
                ("::1", 993, "u", "Rückläufer"),
                Security::Implicit,
            ),
            (
                "imap://u@mail.example.org/Lists/Bounces",
                ("mail.example.org", 143, "u", "Lists/Bounces"),
                Security::Starttls,
            ),
        ];
        for (url, (host, port, user, mailbox), security) in cases {
            let t = target(url).unwrap();
            assert_eq!(
                (t.host.as_str(), t.port, t.user.as_str(), t.mailbox.as_str()),
                (host, port, user, mailbox),
                "{url}"
            );
            assert_eq!(t.security, security, "{url}");
        }
    }

    #[test]
    fn urls_without_tls_user_or_host_or_with_a_password_are_refused() {
        let e = target("http://u@mail.example.org/").unwrap_err();
        assert!(matches!(&e, InboxError::UrlScheme { scheme, .. } if scheme == "http"));
        assert!(matches!(
            target("imaps://mail.example.org/").unwrap_err(),
            InboxError::UrlNoUser { .. }
        ));
        assert!(matches!(
            target("imaps:///INBOX").unwrap_err(),
            InboxError::UrlNoHost { .. }
        ));
        let e = target("imaps://u:hunter2@mail.example.org/").unwrap_err();
        assert!(matches!(e, InboxError::UrlPassword { .. }));
        let text = e.to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains(PASSWORD_ENV), "{text}");
    }

    #[test]
    fn no_password_is_said_before_any_connection() {
        let settings = ImapSettings {
            // A port nothing listens on: the error must come before it.
            url: url::Url::parse("imaps://bounces%40example.org@127.0.0.1:9/").unwrap(),
            password: String::new(),
            ca_file: None,
            timeout: Duration::from_secs(5),
        };
        let Err(e) = run(Inbox::imap(&settings)) else {
            panic!("connected without a password");
        };
        assert!(matches!(e, InboxError::NoPassword { .. }), "{e:?}");
        let text = e.to_string();
        assert!(text.contains("bounces@example.org"), "{text}");
        assert!(text.contains(PASSWORD_ENV), "{text}");
    }

    #[test]
    fn settings_never_show_the_password() {
        let settings = ImapSettings {
            url: url::Url::parse("imaps://u@h/").unwrap(),
            password: "hunter2".into(),
            ca_file: None,
            timeout: Duration::from_secs(5),
        };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn mailbox_names_go_out_in_modified_utf7() {
        let cases = [
            ("INBOX", "INBOX"),
            ("Tom & Jerry", "Tom &- Jerry"),
            ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
            ("Rückläufer", "R&APw-ckl&AOQ-ufer"),
            ("Ä", "&AMQ-"),
            ("😀", "&2D3eAA-"),
        ];
        for (name, wire) in cases {
            assert_eq!(mailbox_name(name), wire, "{name}");
        }
    }

    #[test]
    fn server_words_are_taken_out_of_async_imap_wrapping() {
        assert_eq!(
            server_words(r#"code: None, info: Some("Mailbox doesn't exist: \"Nope\"")"#),
            r#"Mailbox doesn't exist: "Nope""#
        );
        assert_eq!(server_words("plain"), "plain");
    }

    #[test]
    fn a_ca_file_without_certificates_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, "not a certificate").unwrap();
        let e = tls_config(Some(&file)).unwrap_err();
        assert!(matches!(e, InboxError::CaFile { .. }));
        assert!(e.to_string().contains("ca.pem"), "{e}");
        let e = tls_config(Some(&dir.path().join("missing.pem"))).unwrap_err();
        assert!(e.to_string().contains("missing.pem"), "{e}");
    }
}
