//! `rundbrief.toml`: the site, the sender, the SMTP relay, the tag vocabulary
//! and the paths, with their defaults. Unknown keys are errors that name the
//! key; secrets never live here (the SMTP password comes from the environment).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use lettre::message::Mailbox;
use serde::Deserialize;
use url::Url;

use crate::diagnostic::{Diagnostic, Kind};
use crate::locale::{Catalog, Lang, args};
use crate::t;
use crate::toml_errors::{TomlFile, parse_toml};

pub const FILE_NAME: &str = "rundbrief.toml";

/// The whole of `rundbrief.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub site: Site,
    pub sender: Sender,
    #[serde(default)]
    pub smtp: Smtp,
    #[serde(default)]
    pub vocabulary: Vocabulary,
    #[serde(default)]
    pub paths: Paths,
    #[serde(default)]
    pub markdown: Markdown,
    /// How the email greets its reader, per language (`[salutation.de]`);
    /// a language without one greets as its catalog says.
    #[serde(default)]
    pub salutation: BTreeMap<Lang, Salutation>,
    #[serde(default)]
    pub subscribers: Subscribers,
    #[serde(default)]
    pub serve: Serve,
    #[serde(default)]
    pub inbox: Inbox,
    #[serde(default)]
    pub check: Budgets,
}

/// What `check` holds an email to (`[check]`): each picture after resizing
/// for email, and the whole email with its pictures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Budgets {
    pub image_budget_kb: u32,
    pub email_budget_kb: u32,
}

impl Default for Budgets {
    fn default() -> Self {
        Budgets {
            image_budget_kb: 300,
            // About what a phone on a slow connection loads in a few seconds.
            email_budget_kb: 1024,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub name: String,
    /// Where the archive is served; every link in an email starts here.
    pub base_url: BaseUrl,
    /// Where `serve` answers subscribe, confirm and unsubscribe; `base_url` when absent.
    pub public_url: Option<BaseUrl>,
    /// The first is the default language of issues and subscribers.
    #[serde(default = "default_languages")]
    pub languages: Vec<Lang>,
    /// The privacy policy (Datenschutzerklärung), linked beside the consent,
    /// in every footer of mails, archive pages and `serve`'s pages. An
    /// absolute http(s) URL, as mails need: a relative one would lead nowhere
    /// from a mailbox. `check` warns while it is missing.
    pub privacy_url: Option<BaseUrl>,
    /// The legal notice (Impressum), linked wherever `privacy_url` is.
    pub imprint_url: Option<BaseUrl>,
    /// The zone staff write and read times in (`send --at`, `status`),
    /// whatever zone the machine runs in: an IANA name.
    #[serde(default = "default_timezone", deserialize_with = "timezone")]
    pub timezone: chrono_tz::Tz,
    /// A picture in the workspace (PNG or JPEG: mail apps do not show SVG)
    /// at the top of the email, the archive and `serve`'s pages; published
    /// at the archive's root under its own file name.
    pub logo: Option<PathBuf>,
    /// The colour of the header band and the buttons, behind white text.
    #[serde(default = "default_accent", deserialize_with = "color")]
    pub accent_color: Color,
}

impl Site {
    pub fn default_lang(&self) -> Lang {
        self.languages.first().copied().unwrap_or(Lang::DE)
    }

    pub fn public_url(&self) -> &BaseUrl {
        self.public_url.as_ref().unwrap_or(&self.base_url)
    }
}

fn default_languages() -> Vec<Lang> {
    vec![Lang::DE, Lang::EN]
}

fn default_accent() -> Color {
    Color::ACCENT
}

/// A colour as CSS and mail HTML write it, `#rrggbb`; `#rgb` is read as its
/// long form, so templates always get six digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    pub red: u8,
    pub green: u8,
    pub blue: u8,
}

impl Color {
    /// The dark blue of the built-in templates.
    pub const ACCENT: Color = Color {
        red: 0x1f,
        green: 0x4e,
        blue: 0x79,
    };
    pub const WHITE: Color = Color {
        red: 0xff,
        green: 0xff,
        blue: 0xff,
    };
}

impl std::str::FromStr for Color {
    type Err = ();

    fn from_str(text: &str) -> Result<Color, ()> {
        let digits = text.trim().strip_prefix('#').ok_or(())?;
        if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(());
        }
        let long: String = match digits.len() {
            3 => digits.chars().flat_map(|c| [c, c]).collect(),
            6 => digits.to_string(),
            _ => return Err(()),
        };
        let channel = |i: usize| u8::from_str_radix(&long[i..i + 2], 16).map_err(|_| ());
        Ok(Color {
            red: channel(0)?,
            green: channel(2)?,
            blue: channel(4)?,
        })
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.red, self.green, self.blue)
    }
}

fn color<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Color, D::Error> {
    let text = String::deserialize(d)?;
    text.parse()
        .map_err(|()| serde::de::Error::custom(t!("config-bad-color", text = text.as_str())))
}

fn default_timezone() -> chrono_tz::Tz {
    chrono_tz::Europe::Berlin
}

fn timezone<'de, D: serde::Deserializer<'de>>(d: D) -> Result<chrono_tz::Tz, D::Error> {
    let text = String::deserialize(d)?;
    text.trim()
        .parse()
        .map_err(|_| serde::de::Error::custom(t!("config-bad-timezone", text = text.as_str())))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// `Name <address>` as it appears in the From header.
    #[serde(deserialize_with = "mailbox")]
    pub from: Mailbox,
    #[serde(default, deserialize_with = "optional_mailbox")]
    pub reply_to: Option<Mailbox>,
    /// The legal notice (Impressum) printed in every footer.
    pub postal_address: String,
}

/// A mailbox as mail headers write it: `Name <address>` or a bare address.
fn mailbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Mailbox, D::Error> {
    let text = String::deserialize(d)?;
    text.trim()
        .parse()
        .map_err(|e: lettre::address::AddressError| {
            serde::de::Error::custom(crate::t!(
                "config-bad-mailbox",
                text = text.as_str(),
                reason = e.to_string()
            ))
        })
}

fn optional_mailbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Mailbox>, D::Error> {
    mailbox(d).map(Some)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    None,
    #[default]
    Starttls,
    Tls,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub user: Option<String>,
    /// A further root certificate (PEM) to trust, for a relay with a CA of
    /// its own; the public roots are always trusted.
    pub ca_file: Option<PathBuf>,
    /// Connections kept open to the relay while sending.
    pub connections: usize,
    /// What the relay allows: `10/s`, `600/min`, `20000/h`, or `unlimited`.
    pub rate: Rate,
    /// Tries per message for a temporary (4xx) failure before it is left
    /// `failed-temporarily` for the next `send`.
    pub retry_attempts: u32,
    /// The wait before the first retry; it doubles for each further one.
    pub retry_delay: Interval,
    /// This many failures in a row pause the send.
    pub max_consecutive_errors: u32,
    /// Signs every issue with DKIM when set.
    pub dkim: Option<Dkim>,
    /// The name rundbrief gives in EHLO; the sender's domain when absent,
    /// since relays refuse a machine's bare host name.
    pub helo: Option<String>,
    /// How long the relay may take to answer any step (greeting, STARTTLS,
    /// AUTH, one message) before the connection is dropped and tried anew.
    pub timeout: Interval,
}

impl Default for Smtp {
    fn default() -> Self {
        Smtp {
            host: "localhost".into(),
            port: 587,
            tls: TlsMode::Starttls,
            user: None,
            ca_file: None,
            connections: 4,
            rate: Rate::per(10, std::time::Duration::from_secs(1)),
            retry_attempts: 3,
            retry_delay: Interval(std::time::Duration::from_secs(2)),
            max_consecutive_errors: 20,
            dkim: None,
            helo: None,
            timeout: Interval(std::time::Duration::from_secs(60)),
        }
    }
}

/// DKIM signing: the selector and domain published in DNS, and the private
/// key file (RSA PKCS#1 PEM, or an Ed25519 key in base64), kept outside the repository.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dkim {
    pub selector: String,
    pub domain: String,
    pub key_file: PathBuf,
    #[serde(default)]
    pub algorithm: DkimAlgorithm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DkimAlgorithm {
    #[default]
    Rsa,
    Ed25519,
}

/// A sending rate: `count` messages per `per`; `None` is unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate(Option<(u32, std::time::Duration)>);

impl Rate {
    pub fn per(count: u32, per: std::time::Duration) -> Rate {
        Rate(Some((count, per)))
    }

    pub const UNLIMITED: Rate = Rate(None);

    /// The time between two messages; zero when unlimited.
    pub fn interval(self) -> std::time::Duration {
        match self.0 {
            Some((count, per)) => per / count.max(1),
            None => std::time::Duration::ZERO,
        }
    }

    /// Messages per second, for estimates; `None` when unlimited.
    pub fn per_second(self) -> Option<f64> {
        self.0
            .map(|(count, per)| f64::from(count) / per.as_secs_f64())
    }
}

/// A text that is no rate: not `10/s`, `600/min`, `20000/h` or `unlimited`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", t!("config-bad-rate", text = .0.as_str()))]
pub struct BadRate(pub String);

impl std::str::FromStr for Rate {
    type Err = BadRate;

    fn from_str(text: &str) -> Result<Rate, BadRate> {
        let text = text.trim();
        if text == "unlimited" {
            return Ok(Rate::UNLIMITED);
        }
        let bad = || BadRate(text.to_string());
        let (count, unit) = text.split_once('/').ok_or_else(bad)?;
        let count: u32 = count.trim().parse().map_err(|_| bad())?;
        let per = match unit.trim() {
            "s" | "sec" | "second" => 1,
            "min" | "m" | "minute" => 60,
            "h" | "hour" => 3600,
            _ => return Err(bad()),
        };
        if count == 0 {
            return Err(bad());
        }
        Ok(Rate::per(count, std::time::Duration::from_secs(per)))
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            None => f.write_str("unlimited"),
            Some((count, per)) => match per.as_secs() {
                1 => write!(f, "{count}/s"),
                60 => write!(f, "{count}/min"),
                _ => write!(f, "{count}/h"),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A span of time written `500ms`, `2s`, `5min` or `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval(pub std::time::Duration);

/// A text that is no time span: not `500ms`, `2s`, `5min` or `1h`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", t!("config-bad-interval", text = .0.as_str()))]
pub struct BadInterval(pub String);

impl std::str::FromStr for Interval {
    type Err = BadInterval;

    fn from_str(text: &str) -> Result<Interval, BadInterval> {
        let text = text.trim();
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let bad = || BadInterval(text.to_string());
        let number: u64 = number.parse().map_err(|_| bad())?;
        let millis = match unit.trim() {
            "ms" => 1,
            "s" => 1000,
            "min" => 60_000,
            "h" => 3_600_000,
            _ => return Err(bad()),
        };
        Ok(Interval(std::time::Duration::from_millis(number * millis)))
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The tags an entry may carry; anything else is a typo.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    /// How a tag is written for readers: `tuerkei = "Türkei"`; the tag
    /// itself otherwise. A table named after a language holds that
    /// language's labels: `[vocabulary.labels.en] tuerkei = "Türkiye"`.
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, Label>,
}

/// One entry of `[vocabulary.labels]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Label {
    /// A tag's label in the workspace's first language.
    Text(String),
    /// The labels of one language, by tag.
    Language(std::collections::BTreeMap<String, String>),
}

impl Vocabulary {
    pub fn label<'a>(&'a self, tag: &'a str) -> &'a str {
        match self.labels.get(tag) {
            Some(Label::Text(label)) => label,
            _ => tag,
        }
    }

    /// The label of `tag` for readers of `lang`: that language's own, else
    /// the general one.
    pub fn label_in<'a>(&'a self, tag: &'a str, lang: Lang) -> &'a str {
        match self.labels.get(lang.code()) {
            Some(Label::Language(labels)) => labels
                .get(tag)
                .map_or_else(|| self.label(tag), String::as_str),
            _ => self.label(tag),
        }
    }

    /// What a reader may choose to hear about: the countries, then the themes.
    pub fn interests(&self) -> impl Iterator<Item = &str> {
        self.countries
            .iter()
            .chain(&self.themes)
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    pub issues: PathBuf,
    pub templates: PathBuf,
    pub database: PathBuf,
    pub out: PathBuf,
    /// Where `rundbrief archive` writes the static site.
    pub public: PathBuf,
    /// The secret key file; outside the repository. `RUNDBRIEF_SECRET_KEY`
    /// wins, and without either the key lives in the user's config folder.
    pub secret_key: Option<PathBuf>,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            issues: "issues".into(),
            templates: "templates".into(),
            database: "subscribers/rundbrief.sqlite3".into(),
            out: "out".into(),
            public: "public".into(),
            secret_key: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Markdown {
    /// Raw HTML in Markdown is escaped unless this is set.
    pub allow_html: bool,
}

/// The greeting above the editorial in one language: `named` when the
/// reader's name is known (`{name}` stands where it goes: "Guten Tag
/// {name},"), `anonymous` otherwise and on the web. Either may be left
/// out; the catalog's `greeting-named` and `greeting-all` stand in.
#[derive(Debug, Clone, Deserialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Salutation {
    pub named: Option<String>,
    pub anonymous: Option<String>,
}

/// Double opt-in: how long a confirmation link lives, how often one address
/// may be mailed, and the consent text people agree to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Subscribers {
    pub confirm_expiry_days: u32,
    /// No second confirmation mail to the same address within this time.
    pub cooldown_minutes: u32,
    /// Recorded with every consent event; change it whenever the text changes.
    pub consent_version: String,
    /// The consent text per language; the built-in one when absent.
    pub consent: std::collections::BTreeMap<Lang, String>,
    /// An import stops at a longer line (in bytes): no list has one, and
    /// `/dev/zero` or a broken file would otherwise fill the memory.
    pub import_max_line_bytes: u64,
    /// An import refuses a larger file (in bytes).
    pub import_max_file_bytes: u64,
    /// Unconfirmed sign-ups are erased this many days after their last
    /// request (by `serve` and `subscribers prune`); 0 keeps them.
    pub pending_days: u32,
    /// Send a welcome mail after confirmation even without a workspace
    /// template `templates/welcome.<lang>.mjml` (the built-in one then).
    pub welcome: bool,
}

impl Default for Subscribers {
    fn default() -> Self {
        Subscribers {
            confirm_expiry_days: 7,
            cooldown_minutes: 15,
            consent_version: "1".into(),
            consent: std::collections::BTreeMap::default(),
            import_max_line_bytes: 64 * 1024,
            import_max_file_bytes: 256 * 1024 * 1024,
            pending_days: 30,
            welcome: false,
        }
    }
}

impl Subscribers {
    /// Pending sign-ups whose last request came before this are erased;
    /// `None` when `pending_days` is 0.
    pub fn pending_cutoff(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<chrono::DateTime<chrono::Utc>> {
        (self.pending_days > 0).then(|| now - chrono::Duration::days(i64::from(self.pending_days)))
    }

    /// The consent text shown in the catalog's language, naming the newsletter.
    pub fn consent_text(&self, catalog: &Catalog, site_name: &str) -> String {
        match self.consent.get(&catalog.lang()) {
            Some(text) => text.clone(),
            None => catalog.format("consent", &args([("site", site_name)])),
        }
    }
}

/// `rundbrief serve`: where it listens and whom it trusts for client addresses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Serve {
    pub bind: std::net::SocketAddr,
    /// Reverse proxies whose `X-Forwarded-For` is believed; none by default.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Sign-ups accepted from one client address (an IPv6 /64) per hour.
    pub subscribes_per_ip_per_hour: u32,
    /// Other sites whose pages may carry the sign-up form
    /// (`https://www.partnerstadt.example`); the public URL's own origin
    /// always may.
    #[serde(deserialize_with = "web_origins")]
    pub form_origins: Vec<String>,
    /// A client that has not sent a request's headers within this time is
    /// disconnected, so slow clients cannot hold connections open.
    pub header_read_timeout: Interval,
    /// Connections served at once; more wait until one ends.
    pub max_connections: u32,
    /// How often `serve` looks for scheduled sends that are due.
    pub schedule_poll: Interval,
    /// A scheduled send found due later than this when `serve` starts (it
    /// was not running at the time) is not sent but waits for staff: a
    /// newsletter days late may no longer be wanted.
    pub schedule_grace: Interval,
}

impl Default for Serve {
    fn default() -> Self {
        Serve {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
            trusted_proxies: Vec::new(),
            subscribes_per_ip_per_hour: 10,
            form_origins: Vec::new(),
            header_read_timeout: Interval(std::time::Duration::from_secs(10)),
            max_connections: 512,
            schedule_poll: Interval(std::time::Duration::from_secs(15)),
            schedule_grace: Interval(std::time::Duration::from_secs(6 * 3600)),
        }
    }
}

/// Web origins (`https://host[:port]`) as a browser sends them in `Origin`.
fn web_origins<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|text| {
            let bad = || serde::de::Error::custom(t!("config-bad-origin", text = text.as_str()));
            let origin = url::Url::parse(text).map_err(|_| bad())?.origin();
            if origin.is_tuple() {
                Ok(origin.ascii_serialization())
            } else {
                Err(bad())
            }
        })
        .collect()
}

/// The way back: the return path every mail carries, the address a mail
/// client's unsubscribe goes to, and the mailbox `rundbrief inbox` reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Inbox {
    /// The envelope sender (Return-Path) of every mail, where bounce
    /// reports go; the From address when absent.
    #[serde(deserialize_with = "optional_address")]
    pub return_path: Option<lettre::Address>,
    /// Where a mail client's List-Unsubscribe mail goes; the return path
    /// when absent.
    #[serde(deserialize_with = "optional_address")]
    pub unsubscribe_address: Option<lettre::Address>,
    /// Tags both addresses with `+<token>` per recipient (VERP), which
    /// names the delivery without the address; off for a relay or mailbox
    /// that cannot take plus-addressing, and reports are then matched by
    /// the recipient they name.
    pub plus_addressing: bool,
    /// The return mailbox over IMAP with TLS: `imaps://user@host/INBOX`;
    /// the password comes from `RUNDBRIEF_IMAP_PASSWORD`.
    #[serde(deserialize_with = "optional_imap_url")]
    pub url: Option<Url>,
    /// Or a local Maildir folder (a self-hosted Postfix delivers there);
    /// relative to the workspace.
    pub maildir: Option<PathBuf>,
    /// A further root certificate (PEM) to trust for the IMAP server.
    pub ca_file: Option<PathBuf>,
    /// How often `serve` reads the mailbox; never when absent.
    pub poll: Option<Interval>,
    /// Where a processed mail is moved (an IMAP folder, a Maildir
    /// sub-folder); it is only flagged when absent.
    pub move_to: Option<String>,
    /// Deletes processed mails instead; off unless asked for.
    pub delete_processed: bool,
    /// Temporary failures (4.x.x) over this many different sends make an
    /// address bounced.
    pub soft_bounce_limit: u32,
    /// How long the IMAP server may take to answer any step.
    pub timeout: Interval,
}

impl Default for Inbox {
    fn default() -> Self {
        Inbox {
            return_path: None,
            unsubscribe_address: None,
            plus_addressing: true,
            url: None,
            maildir: None,
            ca_file: None,
            poll: None,
            move_to: None,
            delete_processed: false,
            soft_bounce_limit: 3,
            timeout: Interval(std::time::Duration::from_secs(60)),
        }
    }
}

fn optional_address<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<lettre::Address>, D::Error> {
    let text = String::deserialize(d)?;
    text.trim()
        .parse()
        .map(Some)
        .map_err(|e: lettre::address::AddressError| {
            serde::de::Error::custom(crate::t!(
                "config-bad-mailbox",
                text = text.as_str(),
                reason = e.to_string()
            ))
        })
}

fn optional_imap_url<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Url>, D::Error> {
    let text = String::deserialize(d)?;
    match Url::parse(text.trim()) {
        Ok(url) if matches!(url.scheme(), "imaps" | "imap") && url.host_str().is_some() => {
            Ok(Some(url))
        }
        _ => Err(serde::de::Error::custom(crate::t!(
            "config-bad-imap-url",
            text = text.as_str()
        ))),
    }
}

/// An absolute http(s) URL with a host, parsed once: written without a
/// trailing slash, so `{base}/2026-q4/` joins cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: Url,
    text: String,
}

/// Why a text is no base URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadUrl {
    /// Not a URL at all; `problem` is what the URL parser found.
    #[error("{}", t!(
        "config-not-a-url",
        text = text.as_str(),
        reason = t!("config-url-reason", reason = url_problem(*problem), original = problem.to_string())
    ))]
    NotAUrl {
        text: String,
        problem: url::ParseError,
    },
    /// A URL, but not http(s) or without a host.
    #[error("{}", t!("config-url-not-http", text = text.as_str()))]
    NotHttp { text: String },
}

/// The catalog's name for what the URL parser found.
fn url_problem(problem: url::ParseError) -> &'static str {
    match problem {
        url::ParseError::EmptyHost => "empty-host",
        url::ParseError::IdnaError => "idna",
        url::ParseError::InvalidPort => "invalid-port",
        url::ParseError::InvalidIpv4Address => "invalid-ipv4",
        url::ParseError::InvalidIpv6Address => "invalid-ipv6",
        url::ParseError::InvalidDomainCharacter => "invalid-domain-character",
        url::ParseError::RelativeUrlWithoutBase => "relative",
        _ => "other",
    }
}

impl BaseUrl {
    pub fn parse(text: &str) -> Result<Self, BadUrl> {
        let url = Url::parse(text).map_err(|problem| BadUrl::NotAUrl {
            text: text.to_string(),
            problem,
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(BadUrl::NotHttp {
                text: text.to_string(),
            });
        }
        let text = url.as_str().trim_end_matches('/').to_string();
        Ok(BaseUrl { url, text })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `path` below this URL; `path` starts without a slash.
    pub fn join(&self, path: &str) -> String {
        format!("{}/{}", self.text, path.trim_start_matches('/'))
    }

    /// `www.example.org`: where the URL leads, as a reader recognises it.
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    /// `https://www.example.org`: the origin a browser sends and checks.
    pub fn origin(&self) -> String {
        self.url.origin().ascii_serialization()
    }

    pub fn is_https(&self) -> bool {
        self.url.scheme() == "https"
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        BaseUrl::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}", missing_message(.0))]
    Missing(PathBuf),
    #[error("{}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Catalog(#[from] crate::locale::CatalogError),
    /// Every problem of the file, in line order; each names the file's path.
    #[error("{}", lines(.0))]
    Invalid(Vec<Diagnostic>),
}

fn missing_message(dir: &Path) -> String {
    t!("config-missing", dir = dir.display().to_string())
}

fn lines(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(Diagnostic::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Config {
    /// Reads `rundbrief.toml` from the workspace root.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfigError::Missing(root.to_path_buf()));
            }
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        Config::parse(&text).map_err(|problems| {
            let problems = problems
                .into_iter()
                .map(|problem| Diagnostic {
                    file: path.clone(),
                    ..problem
                })
                .collect();
            ConfigError::Invalid(problems)
        })
    }

    /// Parses the text of a `rundbrief.toml`; or every problem of it, in
    /// line order, each naming `rundbrief.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(FILE_NAME);
        let config: Config = parse_toml(file, text, 1, TomlFile::Config)?;
        let languages = &config.site.languages;
        let twice = languages
            .iter()
            .enumerate()
            .find(|(at, lang)| languages[..*at].contains(lang));
        let problem = match twice {
            _ if languages.is_empty() => Some(t!("config-no-languages")),
            Some((_, lang)) => Some(t!("config-language-twice", lang = lang.to_string())),
            None => None,
        };
        if let Some(problem) = problem {
            let line = text
                .lines()
                .position(|line| line.trim_start().starts_with("languages"))
                .map_or(1, |at| at + 1);
            return Err(vec![Diagnostic::error(
                Kind::Invalid,
                file,
                Some(line),
                problem,
            )]);
        }
        // A greeting for a language no edition is written in would never be
        // seen: most likely a typo for one that is.
        if let Some(lang) = config
            .salutation
            .keys()
            .find(|lang| !languages.contains(lang))
        {
            let table = format!("[salutation.{lang}]");
            let line = text
                .lines()
                .position(|line| line.trim_start().starts_with(&table))
                .map_or(1, |at| at + 1);
            let known: Vec<String> = languages.iter().map(ToString::to_string).collect();
            return Err(vec![Diagnostic::error(
                Kind::Invalid,
                file,
                Some(line),
                t!(
                    "config-salutation-language",
                    lang = lang.to_string(),
                    known = known.join(", ")
                ),
            )]);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_as_css_writes_them() {
        for (text, expected) in [
            ("#1f4e79", Some("#1f4e79")),
            ("#1F4E79", Some("#1f4e79")),
            ("#14a", Some("#1144aa")),
            (" #fff ", Some("#ffffff")),
            ("1f4e79", None),
            ("#12345", None),
            ("#gggggg", None),
            ("blue", None),
        ] {
            let parsed = text.parse::<Color>().ok().map(|c| c.to_string());
            assert_eq!(parsed.as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn labels_are_per_language_with_the_general_one_behind() {
        let vocabulary: Vocabulary = toml::from_str(
            "countries = [\"polen\", \"usa\"]\n\
             [labels]\npolen = \"Polen\"\n\
             [labels.en]\npolen = \"Poland\"\n",
        )
        .unwrap();
        let cases = [
            ("polen", Lang::DE, "Polen"),
            ("polen", Lang::EN, "Poland"),
            ("usa", Lang::EN, "usa"),
            ("usa", Lang::DE, "usa"),
        ];
        for (tag, lang, label) in cases {
            assert_eq!(vocabulary.label_in(tag, lang), label, "{tag} {lang}");
        }
        assert_eq!(vocabulary.label("polen"), "Polen");
        assert_eq!(
            vocabulary.label("en"),
            "en",
            "a language table is not a label"
        );
        assert_eq!(vocabulary.interests().collect::<Vec<_>>(), ["polen", "usa"]);
    }

    const MINIMAL: &str = r#"
[site]
name = "Test"
base_url = "https://example.org/rundbrief/"

[sender]
from = "Test <news@example.org>"
postal_address = "Musterstraße 1, 44135 Dortmund"
"#;

    #[test]
    fn minimal_config_gets_defaults() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(
            config.site.base_url.as_str(),
            "https://example.org/rundbrief"
        );
        assert_eq!(config.site.default_lang(), Lang::DE);
        assert_eq!(config.paths.out, PathBuf::from("out"));
        assert!(!config.markdown.allow_html);
    }

    #[test]
    fn a_typo_names_the_key_and_line() {
        let text = MINIMAL.replace("postal_address", "postal_adress");
        let problems = Config::parse(&text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(8));
        assert_eq!(problems[0].kind, Kind::UnknownKey);
        assert!(
            problems[0].message.contains("postal_adress"),
            "{problems:?}"
        );
        assert!(
            problems[0].message.contains("`postal_address`"),
            "{problems:?}"
        );
    }

    #[test]
    fn every_problem_of_the_file_is_reported_in_line_order() {
        let text = MINIMAL
            .replace("name = ", "nmae = ")
            .replace("postal_address", "postal_adress")
            + "\n[smtp]\nport = \"587\"\ntls = \"startls\"\n\n[serve]\nbind = \"localhost\"\n";
        let problems = Config::parse(&text).unwrap_err();
        let found: Vec<(Option<usize>, Kind)> = problems.iter().map(|p| (p.line, p.kind)).collect();
        assert_eq!(
            found,
            vec![
                (Some(3), Kind::UnknownKey),
                (Some(8), Kind::UnknownKey),
                (Some(11), Kind::Invalid),
                (Some(12), Kind::Invalid),
                (Some(15), Kind::Invalid),
            ],
            "{problems:#?}"
        );
    }

    #[test]
    fn form_origins_are_web_origins() {
        let text = format!(
            "{MINIMAL}\n[serve]\nform_origins = [\"https://WWW.Partnerstadt.example/anmelden\"]\nheader_read_timeout = \"5s\"\n"
        );
        let config = Config::parse(&text).unwrap();
        assert_eq!(
            config.serve.form_origins,
            ["https://www.partnerstadt.example"]
        );
        assert_eq!(
            config.serve.header_read_timeout.0,
            std::time::Duration::from_secs(5)
        );
        assert_eq!(config.serve.max_connections, 512);
        for bad in ["partnerstadt.example", "data:text/html,x"] {
            let text = format!("{MINIMAL}\n[serve]\nform_origins = [\"{bad}\"]\n");
            let problems = Config::parse(&text).unwrap_err();
            assert!(problems[0].message.contains(bad), "{problems:?}");
        }
    }

    #[test]
    fn rates_and_intervals_parse_as_written() {
        let rate: Rate = "600/min".parse().unwrap();
        assert_eq!(rate.interval(), std::time::Duration::from_millis(100));
        assert_eq!(rate.to_string(), "600/min");
        assert_eq!("unlimited".parse::<Rate>().unwrap(), Rate::UNLIMITED);
        assert!("10 per second".parse::<Rate>().is_err());
        assert!("0/s".parse::<Rate>().is_err());
        let interval: Interval = "250ms".parse().unwrap();
        assert_eq!(interval.0, std::time::Duration::from_millis(250));
        assert!("2 Sekunden".parse::<Interval>().is_err());
    }

    #[test]
    fn the_check_budgets_have_defaults_and_refuse_unknown_keys() {
        let budgets = |extra: &str| Config::parse(&format!("{MINIMAL}\n[check]\n{extra}"));
        for (extra, expected) in [
            ("", Some((300, 1024))),
            ("image_budget_kb = 150", Some((150, 1024))),
            (
                "image_budget_kb = 150\nemail_budget_kb = 500",
                Some((150, 500)),
            ),
            ("image_budget = 150", None),
            ("image_budget_kb = -1", None),
        ] {
            let found = budgets(extra)
                .ok()
                .map(|c| (c.check.image_budget_kb, c.check.email_budget_kb));
            assert_eq!(found, expected, "{extra}");
        }
        let default = Config::parse(MINIMAL).unwrap().check;
        assert_eq!(
            (default.image_budget_kb, default.email_budget_kb),
            (300, 1024)
        );
    }

    #[test]
    fn the_timezone_is_an_iana_zone_berlin_by_default() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(config.site.timezone, chrono_tz::Europe::Berlin);
        assert_eq!(
            config.serve.schedule_grace.0,
            std::time::Duration::from_secs(6 * 3600)
        );
        let with =
            |zone: &str| MINIMAL.replace("[sender]", &format!("timezone = \"{zone}\"\n\n[sender]"));
        assert_eq!(
            Config::parse(&with("America/New_York"))
                .unwrap()
                .site
                .timezone,
            chrono_tz::America::New_York
        );
        let problems = Config::parse(&with("Europe/Dortmund")).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(6), "{problems:?}");
        assert!(
            problems[0].message.contains("Europe/Dortmund"),
            "{problems:?}"
        );
    }

    #[test]
    fn base_url_must_be_absolute() {
        let text = MINIMAL.replace("https://example.org/rundbrief/", "/rundbrief");
        let problems = Config::parse(&text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(4));
        assert!(problems[0].message.contains("/rundbrief"), "{problems:?}");
    }

    #[test]
    fn languages_are_listed_once_each() {
        let with =
            |list: &str| MINIMAL.replace("[sender]", &format!("languages = {list}\n\n[sender]"));
        assert_eq!(
            Config::parse(&with(r#"["de", "pl"]"#))
                .unwrap()
                .site
                .languages
                .len(),
            2
        );
        let twice = Config::parse(&with(r#"["de", "pl", "de"]"#)).unwrap_err();
        assert_eq!(twice[0].line, Some(6), "{twice:?}");
        assert!(twice[0].message.contains("\"de\""), "{twice:?}");
        let none = Config::parse(&with("[]")).unwrap_err();
        assert_eq!(none[0].line, Some(6), "{none:?}");
    }

    /// Issue 13: a greeting per language, for the languages the site writes in.
    #[test]
    fn a_salutation_is_per_language_of_the_site() {
        let with = |toml: &str| format!("{MINIMAL}\n{toml}\n");
        let config = Config::parse(&with(
            "[salutation.de]\nnamed = \"Guten Tag {name},\"\n\n[salutation.en]\nanonymous = \"Dear all,\"",
        ))
        .unwrap();
        let de = &config.salutation[&Lang::DE];
        assert_eq!(de.named.as_deref(), Some("Guten Tag {name},"));
        assert_eq!(de.anonymous, None);
        assert_eq!(
            config.salutation[&Lang::EN].anonymous.as_deref(),
            Some("Dear all,")
        );
        let text = with("[salutation.fr]\nnamed = \"Bonjour {name},\"");
        let typo = Config::parse(&text).unwrap_err();
        assert!(typo[0].message.contains("[salutation.fr]"), "{typo:?}");
        let line = 1 + text.lines().position(|l| l == "[salutation.fr]").unwrap();
        assert_eq!(typo[0].line, Some(line), "{typo:?}");
        let unknown = Config::parse(&with("[salutation.de]\nhello = \"Hallo\"")).unwrap_err();
        assert!(unknown[0].message.contains("hello"), "{unknown:?}");
    }

    #[test]
    fn a_base_url_knows_its_parts() {
        let cases = [
            (
                "https://www.example.org/rundbrief/",
                "https://www.example.org/rundbrief",
                "www.example.org",
                "https://www.example.org",
                true,
            ),
            (
                "http://127.0.0.1:8080",
                "http://127.0.0.1:8080",
                "127.0.0.1",
                "http://127.0.0.1:8080",
                false,
            ),
        ];
        for (text, shown, host, origin, https) in cases {
            let url = BaseUrl::parse(text).unwrap();
            assert_eq!(
                (
                    url.as_str(),
                    url.host(),
                    url.origin().as_str(),
                    url.is_https()
                ),
                (shown, host, origin, https)
            );
        }
        assert!(matches!(
            BaseUrl::parse("mailto:x@example.org"),
            Err(BadUrl::NotHttp { .. })
        ));
        assert!(matches!(
            BaseUrl::parse("/rundbrief"),
            Err(BadUrl::NotAUrl { .. })
        ));
    }

    #[test]
    fn the_sender_is_a_mailbox_from_the_start() {
        let config = Config::parse(MINIMAL).unwrap();
        assert_eq!(config.sender.from.email.domain(), "example.org");
        assert_eq!(config.sender.from.name.as_deref(), Some("Test"));
        let text = MINIMAL.replace("Test <news@example.org>", "Test news at example.org");
        let problems = Config::parse(&text).unwrap_err();
        assert_eq!(problems[0].line, Some(7), "{problems:?}");
        assert!(
            problems[0].message.contains("is not a mailbox"),
            "{problems:?}"
        );
    }
}
