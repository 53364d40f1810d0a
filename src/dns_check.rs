//! The sender's DNS, looked up by `check --dns` and before a send: SPF at
//! the return path's domain, the DKIM key under `[smtp.dkim]`'s selector
//! against the configured private key, DMARC at the From domain and whether
//! the DKIM domain aligns with it, and an MX (or an address) that bounces
//! can reach. The lookups go to the system's resolver, or to the one server
//! `RUNDBRIEF_DNS_SERVER` names (tests, special networks); what they find is
//! judged by pure rules into the diagnostics `check` reports.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use base64::Engine;
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::dmarc::{Alignment, Dmarc, Policy};
use mail_auth::hickory_resolver::TokioResolver;
use mail_auth::hickory_resolver::config::{
    NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use mail_auth::hickory_resolver::net::NetError;
use mail_auth::hickory_resolver::net::runtime::TokioRuntimeProvider;
use mail_auth::hickory_resolver::proto::rr::RData;
use mail_auth::spf::{Mechanism, Qualifier, Spf};
use ring::signature::{Ed25519KeyPair, KeyPair, RsaKeyPair};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

use crate::config::{Config, Dkim, DkimAlgorithm};
use crate::diagnostic::{Diagnostic, Kind};
use crate::t;

/// Names the one DNS server to ask instead of the system's resolver, or
/// `off`.
pub const SERVER_ENV: &str = "RUNDBRIEF_DNS_SERVER";

/// How long a server named in [`SERVER_ENV`] has to answer: it is asked
/// once, without retries, so that a server that never answers costs one
/// wait, not several.
const SERVER_TIMEOUT: Duration = Duration::from_secs(2);
/// The most the system's resolver (resolv.conf) may wait per try, and the
/// most retries after the first try (hickory's `attempts`).
const SYSTEM_TIMEOUT: Duration = Duration::from_secs(3);
const SYSTEM_RETRIES: usize = 1;

/// Where the lookups go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nameserver {
    /// The system's resolver (`/etc/resolv.conf`).
    System,
    /// One server, asked directly over UDP and TCP.
    At(SocketAddr),
    /// No lookups: for a machine that cannot reach DNS.
    Off,
}

impl Nameserver {
    /// The server [`SERVER_ENV`] names; the system's resolver when unset.
    pub fn from_env() -> Result<Nameserver, BadNameserver> {
        match std::env::var(SERVER_ENV) {
            Ok(value) if !value.trim().is_empty() => value.parse(),
            _ => Ok(Nameserver::System),
        }
    }
}

/// `127.0.0.1:5353`, `[::1]:53`, a bare address (port 53), or `off`.
impl FromStr for Nameserver {
    type Err = BadNameserver;

    fn from_str(text: &str) -> Result<Nameserver, BadNameserver> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") {
            return Ok(Nameserver::Off);
        }
        text.parse::<SocketAddr>()
            .or_else(|_| text.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, 53)))
            .map(Nameserver::At)
            .map_err(|_| BadNameserver(text.to_string()))
    }
}

/// As messages name it: the address, or "the system's resolver".
impl fmt::Display for Nameserver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Nameserver::At(address) => write!(f, "{address}"),
            Nameserver::System | Nameserver::Off => f.write_str(&t!("dns-system-resolver")),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{}", t!("dns-bad-server", var = SERVER_ENV, value = .0.as_str()))]
pub struct BadNameserver(String);

/// The domain bounces go to: the one of `[inbox] return_path`, else the
/// From address's.
pub fn return_path_domain(config: &Config) -> String {
    let return_path = config.inbox.return_path.as_ref();
    dns_name(return_path.map_or(config.sender.from.email.domain(), |a| a.domain()))
}

/// Every finding about the sender's DNS, in the staff's language.
pub async fn check(config: &Config, root: &Path, server: Nameserver) -> Vec<Diagnostic> {
    if server == Nameserver::Off {
        return vec![Diagnostic::warning(
            Kind::DnsLookup,
            toml(),
            None,
            t!("dns-off", var = SERVER_ENV),
        )];
    }
    let names = Names::of(config);
    let records = match resolver(server) {
        Ok(resolver) => lookup(&resolver, &names).await,
        Err(e) => Records::failed(&names, &e.to_string()),
    };
    let key = config
        .smtp
        .dkim
        .as_ref()
        .map(|dkim| configured_key(dkim, root));
    judge(config, &names, key.as_ref(), &records, server)
}

/// A domain as DNS asks for it: lower case, a non-ASCII one in punycode.
fn dns_name(domain: &str) -> String {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    idna::domain_to_ascii(&domain).unwrap_or(domain)
}

fn toml() -> &'static Path {
    Path::new(crate::config::FILE_NAME)
}

/// The names looked up for a configuration.
#[derive(Debug)]
struct Names {
    from: String,
    return_path: String,
    /// `<selector>._domainkey.<domain>` and the signing domain.
    dkim: Option<(String, String)>,
    /// `_dmarc.<From domain>`, then its organisational domain's when that
    /// is another.
    dmarc: Vec<String>,
}

impl Names {
    fn of(config: &Config) -> Names {
        let from = dns_name(config.sender.from.email.domain());
        let mut dmarc = vec![format!("_dmarc.{from}")];
        let organisational = organisational(&from);
        if organisational != from {
            dmarc.push(format!("_dmarc.{organisational}"));
        }
        Names {
            return_path: return_path_domain(config),
            dkim: config.smtp.dkim.as_ref().map(|dkim| {
                let domain = dns_name(&dkim.domain);
                (
                    format!("{}._domainkey.{domain}", dkim.selector.to_ascii_lowercase()),
                    domain,
                )
            }),
            dmarc,
            from,
        }
    }
}

/// Second-level labels under which country domains register names
/// (`example.co.uk`): a short list instead of the Public Suffix List.
const SECOND_LEVEL: &[&str] = &[
    "co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go",
];

/// The registered domain a name belongs to (`news.example.org` →
/// `example.org`), as DMARC's relaxed alignment compares them.
fn organisational(domain: &str) -> String {
    let labels: Vec<&str> = domain.split('.').collect();
    let country_second_level = labels.len() >= 3
        && labels[labels.len() - 1].len() == 2
        && SECOND_LEVEL.contains(&labels[labels.len() - 2]);
    let keep = if country_second_level { 3 } else { 2 };
    labels[labels.len().saturating_sub(keep)..].join(".")
}

/// What one lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer<T> {
    Found(Vec<T>),
    /// The name exists but has no record of the type asked for.
    NoRecord,
    /// The name does not exist (NXDOMAIN).
    NoDomain,
    /// No answer: a timeout, a refusal, an unreachable server.
    Failed(String),
}

impl<T> Answer<T> {
    fn from_error(error: &NetError) -> Answer<T> {
        if error.is_nx_domain() {
            Answer::NoDomain
        } else if error.is_no_records_found() {
            Answer::NoRecord
        } else {
            Answer::Failed(error.to_string())
        }
    }

    fn from_records(records: Vec<T>) -> Answer<T> {
        if records.is_empty() {
            Answer::NoRecord
        } else {
            Answer::Found(records)
        }
    }

    fn failure(&self) -> Option<&str> {
        match self {
            Answer::Failed(problem) => Some(problem),
            _ => None,
        }
    }
}

/// Everything looked up, beside the names it was looked up at.
#[derive(Debug)]
struct Records {
    /// TXT at the return path's domain.
    spf: Answer<String>,
    /// TXT at the DKIM selector's name, when `[smtp.dkim]` is set.
    dkim: Option<Answer<String>>,
    /// TXT at each of `Names::dmarc`.
    dmarc: Vec<Answer<String>>,
    /// MX exchanges of the return path's domain.
    mx: Answer<String>,
    /// Its addresses, asked only when it has no MX.
    address: Option<Answer<IpAddr>>,
}

impl Records {
    /// Every lookup failed the same way (no resolver could be made).
    fn failed(names: &Names, problem: &str) -> Records {
        let failed = || Answer::Failed(problem.to_string());
        Records {
            spf: failed(),
            dkim: names.dkim.as_ref().map(|_| failed()),
            dmarc: names.dmarc.iter().map(|_| failed()).collect(),
            mx: failed(),
            address: None,
        }
    }
}

fn resolver(server: Nameserver) -> Result<TokioResolver, NetError> {
    let mut builder = match server {
        Nameserver::At(address) => {
            let mut name_server = NameServerConfig::udp_and_tcp(address.ip());
            for connection in &mut name_server.connections {
                connection.port = address.port();
            }
            let mut builder = TokioResolver::builder_with_config(
                ResolverConfig::from_name_servers(vec![name_server]),
                TokioRuntimeProvider::default(),
            );
            let options: &mut ResolverOpts = builder.options_mut();
            options.timeout = SERVER_TIMEOUT;
            options.attempts = 0;
            options.use_hosts_file = ResolveHosts::Never;
            builder
        }
        Nameserver::System | Nameserver::Off => {
            let mut builder = TokioResolver::builder_tokio()?;
            let options = builder.options_mut();
            options.timeout = options.timeout.min(SYSTEM_TIMEOUT);
            options.attempts = options.attempts.min(SYSTEM_RETRIES);
            builder
        }
    };
    // Every name is asked as given (`…example.org.`), never with a search
    // domain appended.
    builder.options_mut().ndots = 0;
    builder.build()
}

/// All lookups at once, so that a server that does not answer costs one
/// timeout.
async fn lookup(resolver: &TokioResolver, names: &Names) -> Records {
    let dkim = async {
        match &names.dkim {
            Some((name, _)) => Some(txt(resolver, name).await),
            None => None,
        }
    };
    // One or two names (the From domain's, its registered domain's).
    let dmarc = async {
        let optional = |at: usize| async move {
            match names.dmarc.get(at) {
                Some(name) => Some(txt(resolver, name).await),
                None => None,
            }
        };
        let (own, parent) = tokio::join!(optional(0), optional(1));
        own.into_iter().chain(parent).collect::<Vec<_>>()
    };
    let (spf, dkim, dmarc, mx) = tokio::join!(
        txt(resolver, &names.return_path),
        dkim,
        dmarc,
        mx(resolver, &names.return_path)
    );
    let address = match mx {
        Answer::NoRecord => Some(addresses(resolver, &names.return_path).await),
        _ => None,
    };
    Records {
        spf,
        dkim,
        dmarc,
        mx,
        address,
    }
}

/// Each TXT record's strings joined, as SPF and DKIM read them.
async fn txt(resolver: &TokioResolver, name: &str) -> Answer<String> {
    match resolver.txt_lookup(format!("{name}.")).await {
        Ok(lookup) => Answer::from_records(
            lookup
                .answers()
                .iter()
                .filter_map(|record| match &record.data {
                    RData::TXT(txt) => Some(
                        txt.txt_data
                            .iter()
                            .map(|part| String::from_utf8_lossy(part))
                            .collect(),
                    ),
                    _ => None,
                })
                .collect(),
        ),
        Err(e) => Answer::from_error(&e),
    }
}

/// The exchanges, `.` for a null MX (RFC 7505).
async fn mx(resolver: &TokioResolver, name: &str) -> Answer<String> {
    match resolver.mx_lookup(format!("{name}.")).await {
        Ok(lookup) => Answer::from_records(
            lookup
                .answers()
                .iter()
                .filter_map(|record| match &record.data {
                    RData::MX(mx) => Some(mx.exchange.to_string()),
                    _ => None,
                })
                .collect(),
        ),
        Err(e) => Answer::from_error(&e),
    }
}

async fn addresses(resolver: &TokioResolver, name: &str) -> Answer<IpAddr> {
    match resolver.lookup_ip(format!("{name}.")).await {
        Ok(lookup) => Answer::from_records(lookup.iter().collect()),
        Err(e) => Answer::from_error(&e),
    }
}

/// A DKIM public key, as the private key file gives it or DNS publishes it:
/// an RSA key as its DER `RSAPublicKey` (PKCS#1), an Ed25519 key as its 32
/// bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PublicKey {
    Rsa(Vec<u8>),
    Ed25519(Vec<u8>),
}

/// The public half of `[smtp.dkim] key_file`, read as the signer reads it:
/// RSA as PEM (PKCS#1 or PKCS#8), Ed25519 as its 32-byte seed in base64.
fn configured_key(dkim: &Dkim, root: &Path) -> Result<PublicKey, String> {
    let path = root.join(&dkim.key_file);
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    let text = text.trim();
    match dkim.algorithm {
        DkimAlgorithm::Rsa => {
            let pair = match PrivateKeyDer::from_pem_slice(text.as_bytes()) {
                Ok(PrivateKeyDer::Pkcs1(der)) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
                Ok(PrivateKeyDer::Pkcs8(der)) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
                Ok(_) => return Err("not an RSA key".into()),
                Err(e) => return Err(e.to_string()),
            }
            .map_err(|e| e.to_string())?;
            Ok(PublicKey::Rsa(pair.public_key().as_ref().to_vec()))
        }
        DkimAlgorithm::Ed25519 => {
            let seed = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| e.to_string())?;
            let pair = Ed25519KeyPair::from_seed_unchecked(&seed)
                .map_err(|_| format!("{} bytes, not a 32-byte seed", seed.len()))?;
            Ok(PublicKey::Ed25519(pair.public_key().as_ref().to_vec()))
        }
    }
}

/// What a TXT record at a DKIM selector's name holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Published {
    Key(PublicKey),
    /// `p=` empty: the key was withdrawn.
    Revoked,
    /// Not a usable key; the reason's code for the message.
    Invalid(&'static str),
}

/// Reads a DKIM key record (RFC 6376 3.6.1): `v=DKIM1; k=rsa; p=…`. An RSA
/// key may be published as SubjectPublicKeyInfo (as most tools do) or as a
/// bare PKCS#1 key; receivers take both.
fn published_key(record: &str) -> Published {
    let mut kind = "rsa".to_string();
    let mut key = None;
    for (at, tag) in record.split(';').enumerate() {
        let Some((name, value)) = tag.split_once('=') else {
            continue;
        };
        let value: String = value.split_whitespace().collect();
        match name.trim() {
            "v" if at != 0 || value != "DKIM1" => return Published::Invalid("version"),
            "k" => kind = value.to_ascii_lowercase(),
            "p" => key = Some(value),
            _ => {}
        }
    }
    let Some(key) = key else {
        return Published::Invalid("no-key");
    };
    if key.is_empty() {
        return Published::Revoked;
    }
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&key) else {
        return Published::Invalid("bad-key");
    };
    match kind.as_str() {
        "rsa" => {
            let key = rsa_key_of_spki(&bytes).unwrap_or(&bytes);
            if key.first() == Some(&DER_SEQUENCE) {
                Published::Key(PublicKey::Rsa(key.to_vec()))
            } else {
                Published::Invalid("bad-key")
            }
        }
        "ed25519" if bytes.len() == 32 => Published::Key(PublicKey::Ed25519(bytes)),
        "ed25519" => Published::Invalid("bad-key"),
        _ => Published::Invalid("key-type"),
    }
}

const DER_SEQUENCE: u8 = 0x30;
const DER_BIT_STRING: u8 = 0x03;
const DER_OID: u8 = 0x06;
/// 1.2.840.113549.1.1.1, rsaEncryption.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/// The PKCS#1 key inside an RSA SubjectPublicKeyInfo:
/// `SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING { 0, key } }`.
fn rsa_key_of_spki(der: &[u8]) -> Option<&[u8]> {
    let (tag, outer, _) = der_item(der)?;
    if tag != DER_SEQUENCE {
        return None;
    }
    let (tag, algorithm, rest) = der_item(outer)?;
    let (oid_tag, oid, _) = der_item(algorithm)?;
    if tag != DER_SEQUENCE || oid_tag != DER_OID || oid != RSA_ENCRYPTION {
        return None;
    }
    let (tag, bits, _) = der_item(rest)?;
    match bits.split_first() {
        Some((0, key)) if tag == DER_BIT_STRING => Some(key),
        _ => None,
    }
}

/// One DER item: its tag, its contents and what follows it.
fn der_item(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (length, rest) = if first & 0x80 == 0 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let length = rest[..count]
            .iter()
            .fold(0usize, |n, &byte| (n << 8) | usize::from(byte));
        (length, &rest[count..])
    };
    (rest.len() >= length).then(|| (tag, &rest[..length], &rest[length..]))
}

/// The records among `texts` that begin with `prefix` (`v=spf1`,
/// `v=DMARC1`), in any case, followed by a space, `;` or nothing: the ones
/// a receiver takes for SPF or DMARC, whether they parse or not.
fn versioned<'a>(texts: &'a [String], prefix: &str) -> Vec<&'a String> {
    texts
        .iter()
        .filter(|text| {
            let text = text.trim_start();
            text.get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
                && text[prefix.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_whitespace() || c == ';')
        })
        .collect()
}

/// The findings: pure, from the records looked up.
fn judge(
    config: &Config,
    names: &Names,
    key: Option<&Result<PublicKey, String>>,
    records: &Records,
    server: Nameserver,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    lookup_failures(names, records, server, &mut out);
    let domain = names.return_path.as_str();
    let nonexistent = records.spf == Answer::NoDomain || records.mx == Answer::NoDomain;
    if nonexistent {
        out.push(Diagnostic::error(
            Kind::NoDomain,
            toml(),
            None,
            t!("dns-no-domain", domain = domain),
        ));
    } else {
        spf(domain, &records.spf, &mut out);
        bounces(domain, &records.mx, records.address.as_ref(), &mut out);
    }
    if let (Some(dkim), Some((name, _)), Some(answer)) =
        (&config.smtp.dkim, &names.dkim, &records.dkim)
    {
        dkim_key(dkim, name, key, answer, &mut out);
    }
    dmarc(names, &records.dmarc, &mut out);
    out
}

/// One finding for every lookup that got no answer.
fn lookup_failures(
    names: &Names,
    records: &Records,
    server: Nameserver,
    out: &mut Vec<Diagnostic>,
) {
    let mut asked: Vec<(&str, Option<&str>)> = vec![
        (&names.return_path, records.spf.failure()),
        (&names.return_path, records.mx.failure()),
    ];
    if let Some(address) = &records.address {
        asked.push((&names.return_path, address.failure()));
    }
    if let (Some((name, _)), Some(answer)) = (&names.dkim, &records.dkim) {
        asked.push((name, answer.failure()));
    }
    for (name, answer) in names.dmarc.iter().zip(&records.dmarc) {
        asked.push((name, answer.failure()));
    }
    let mut failed: Vec<(&str, &str)> = Vec::new();
    for (name, failure) in asked {
        if let Some(problem) = failure
            && !failed.iter().any(|(n, _)| *n == name)
        {
            failed.push((name, problem));
        }
    }
    if let Some((_, problem)) = failed.first() {
        let list: Vec<&str> = failed.iter().map(|(name, _)| *name).collect();
        out.push(Diagnostic::warning(
            Kind::DnsLookup,
            toml(),
            None,
            t!(
                "dns-lookup-failed",
                names = list.join(", "),
                server = server.to_string(),
                problem = *problem,
                var = SERVER_ENV
            ),
        ));
    }
}

fn spf(domain: &str, answer: &Answer<String>, out: &mut Vec<Diagnostic>) {
    let records = match answer {
        Answer::Found(texts) => versioned(texts, "v=spf1"),
        Answer::NoRecord | Answer::NoDomain => Vec::new(),
        Answer::Failed(_) => return,
    };
    match records.as_slice() {
        [] => out.push(Diagnostic::warning(
            Kind::NoSpf,
            toml(),
            None,
            t!("dns-no-spf", domain = domain),
        )),
        [record] => match Spf::parse(record.as_bytes()) {
            Err(_) => out.push(Diagnostic::error(
                Kind::SpfInvalid,
                toml(),
                None,
                t!("dns-spf-invalid", domain = domain, record = record.as_str()),
            )),
            Ok(parsed) => {
                let passes_all = parsed.directives.iter().any(|directive| {
                    directive.mechanism == Mechanism::All && directive.qualifier == Qualifier::Pass
                });
                if passes_all {
                    out.push(Diagnostic::warning(
                        Kind::SpfPassAll,
                        toml(),
                        None,
                        t!(
                            "dns-spf-pass-all",
                            domain = domain,
                            record = record.as_str()
                        ),
                    ));
                }
            }
        },
        several => out.push(Diagnostic::error(
            Kind::SpfMultiple,
            toml(),
            None,
            t!("dns-spf-multiple", domain = domain, count = several.len()),
        )),
    }
}

fn dkim_key(
    dkim: &Dkim,
    name: &str,
    key: Option<&Result<PublicKey, String>>,
    answer: &Answer<String>,
    out: &mut Vec<Diagnostic>,
) {
    let key_file = dkim.key_file.display().to_string();
    let texts = match answer {
        Answer::Found(texts) => texts,
        Answer::NoRecord | Answer::NoDomain => {
            let reason = if *answer == Answer::NoDomain {
                "nxdomain"
            } else {
                "none"
            };
            out.push(Diagnostic::error(
                Kind::NoDkimRecord,
                toml(),
                None,
                t!(
                    "dns-no-dkim-record",
                    record = name,
                    reason = reason,
                    key_file = key_file.as_str()
                ),
            ));
            return;
        }
        Answer::Failed(_) => return,
    };
    let key = match key {
        Some(Ok(key)) => key,
        Some(Err(problem)) => {
            out.push(Diagnostic::error(
                Kind::Invalid,
                toml(),
                None,
                t!(
                    "dns-dkim-key-unreadable",
                    path = key_file.as_str(),
                    problem = problem.as_str()
                ),
            ));
            return;
        }
        None => return,
    };
    let published: Vec<Published> = texts.iter().map(|text| published_key(text)).collect();
    if published.contains(&Published::Key(key.clone())) {
        return;
    }
    let (kind, message) = match published.first() {
        Some(Published::Revoked) => (
            Kind::DkimKeyRevoked,
            t!(
                "dns-dkim-key-revoked",
                record = name,
                key_file = key_file.as_str()
            ),
        ),
        Some(Published::Invalid(reason)) => (
            Kind::DkimRecordInvalid,
            t!("dns-dkim-record-invalid", record = name, reason = *reason),
        ),
        Some(Published::Key(_)) | None => (
            Kind::DkimKeyMismatch,
            t!(
                "dns-dkim-key-mismatch",
                record = name,
                key_file = key_file.as_str()
            ),
        ),
    };
    out.push(Diagnostic::error(kind, toml(), None, message));
}

/// The DMARC record that applies to the From domain: its own, else its
/// organisational domain's.
fn dmarc(names: &Names, answers: &[Answer<String>], out: &mut Vec<Diagnostic>) {
    let mut found = None;
    for (name, answer) in names.dmarc.iter().zip(answers) {
        let texts = match answer {
            Answer::Found(texts) => texts,
            Answer::NoRecord | Answer::NoDomain => continue,
            // Whether a record is there is not known: no finding but the
            // failed lookup.
            Answer::Failed(_) => return,
        };
        let records = versioned(texts, "v=DMARC1");
        match records.as_slice() {
            [] => {}
            [record] => {
                found = Some((name, record.as_str()));
                break;
            }
            several => {
                let joined: Vec<&str> = several.iter().map(|r| r.as_str()).collect();
                out.push(Diagnostic::warning(
                    Kind::DmarcInvalid,
                    toml(),
                    None,
                    t!(
                        "dns-dmarc-invalid",
                        record = name.as_str(),
                        text = joined.join(" | ")
                    ),
                ));
                return;
            }
        }
    }
    let Some((name, text)) = found else {
        out.push(Diagnostic::warning(
            Kind::NoDmarc,
            toml(),
            None,
            t!("dns-no-dmarc", record = names.dmarc[0].as_str()),
        ));
        return;
    };
    let Ok(record) = Dmarc::parse(text.as_bytes()) else {
        out.push(Diagnostic::warning(
            Kind::DmarcInvalid,
            toml(),
            None,
            t!("dns-dmarc-invalid", record = name.as_str(), text = text),
        ));
        return;
    };
    let Some((_, dkim_domain)) = &names.dkim else {
        return;
    };
    let from = names.from.as_str();
    let (aligned, mode) = match record.adkim {
        Alignment::Strict => (from == dkim_domain, "strict"),
        Alignment::Relaxed => (
            organisational(from) == organisational(dkim_domain),
            "relaxed",
        ),
    };
    if aligned {
        return;
    }
    // A record found at the organisational domain speaks for its
    // subdomains with `sp=` when it has one.
    let at_parent = *name != names.dmarc[0];
    let policy = match (at_parent, record.sp) {
        (true, Policy::None | Policy::Quarantine | Policy::Reject) => record.sp,
        _ => record.p,
    };
    let (policy_code, severe) = match policy {
        Policy::Reject => ("reject", true),
        Policy::Quarantine => ("quarantine", true),
        Policy::None | Policy::Unspecified => ("none", false),
    };
    let message = t!(
        "dns-dmarc-alignment",
        record = name.as_str(),
        policy = policy_code,
        dkim = dkim_domain.as_str(),
        from = from,
        mode = mode
    );
    out.push(if severe {
        Diagnostic::error(Kind::DmarcAlignment, toml(), None, message)
    } else {
        Diagnostic::warning(Kind::DmarcAlignment, toml(), None, message)
    });
}

/// Bounces need somewhere to go: an MX, or else an address (RFC 5321 5.1).
fn bounces(
    domain: &str,
    mx: &Answer<String>,
    address: Option<&Answer<IpAddr>>,
    out: &mut Vec<Diagnostic>,
) {
    let reason = match (mx, address) {
        (Answer::Found(exchanges), _) if exchanges.iter().all(|e| e == ".") => "null",
        (Answer::NoRecord, Some(Answer::NoRecord | Answer::NoDomain)) => "none",
        _ => return,
    };
    out.push(Diagnostic::warning(
        Kind::NoMx,
        toml(),
        None,
        t!("dns-no-mx", domain = domain, reason = reason),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    // Keys and their public halves made by openssl (tests/fixtures/dkim/).
    const RSA_A: &str = include_str!("../tests/fixtures/dkim/rsa-a.pem");
    const RSA_A_PKCS8: &str = include_str!("../tests/fixtures/dkim/rsa-a.pkcs8.pem");
    const RSA_A_SPKI: &str = include_str!("../tests/fixtures/dkim/rsa-a.spki.b64");
    const RSA_A_PKCS1: &str = include_str!("../tests/fixtures/dkim/rsa-a.pkcs1.b64");
    const RSA_B_SPKI: &str = include_str!("../tests/fixtures/dkim/rsa-b.spki.b64");
    /// The Ed25519 seed the send tests sign with.
    const ED25519: &str = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";

    fn found(texts: &[&str]) -> Answer<String> {
        Answer::Found(texts.iter().map(|t| (*t).to_string()).collect())
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    fn key_file(text: &str, algorithm: DkimAlgorithm) -> (tempfile::TempDir, Dkim) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dkim.key"), text).unwrap();
        let dkim = Dkim {
            selector: "rundbrief".into(),
            domain: "example.org".into(),
            key_file: "dkim.key".into(),
            algorithm,
        };
        (dir, dkim)
    }

    #[test]
    fn a_published_key_matches_the_private_key_it_belongs_to() {
        let (spki, pkcs1, other) = (RSA_A_SPKI.trim(), RSA_A_PKCS1.trim(), RSA_B_SPKI.trim());
        // A long key arrives in 255-byte strings that DNS tools split with
        // spaces; they are no part of it.
        let (head, tail) = spki.split_at(200);
        let cases = [
            (format!("v=DKIM1; k=rsa; p={spki}"), true),
            (format!("v=DKIM1; p={pkcs1}"), true),
            (format!("v=DKIM1;k=rsa;h=sha256;p={head} {tail}"), true),
            (format!("v=DKIM1; k=rsa; p={other}"), false),
            (format!("v=DKIM1; k=ed25519; p={spki}"), false),
        ];
        for private in [RSA_A, RSA_A_PKCS8] {
            let (dir, dkim) = key_file(private, DkimAlgorithm::Rsa);
            let configured = configured_key(&dkim, dir.path()).unwrap();
            for (record, matches) in &cases {
                let published = published_key(record);
                assert_eq!(
                    published == Published::Key(configured.clone()),
                    *matches,
                    "{record}: {published:?}"
                );
            }
        }
        let (dir, dkim) = key_file(ED25519, DkimAlgorithm::Rsa);
        assert!(configured_key(&dkim, dir.path()).is_err());
    }

    #[test]
    fn only_an_rsa_subject_public_key_info_is_unwrapped() {
        use base64::Engine;
        let spki = base64::engine::general_purpose::STANDARD
            .decode(RSA_A_SPKI.trim())
            .unwrap();
        let pkcs1 = base64::engine::general_purpose::STANDARD
            .decode(RSA_A_PKCS1.trim())
            .unwrap();
        assert_eq!(rsa_key_of_spki(&spki), Some(pkcs1.as_slice()));
        assert_eq!(rsa_key_of_spki(&pkcs1), None);
        assert_eq!(rsa_key_of_spki(&spki[..spki.len() - 1]), None);
        let mut other_algorithm = spki.clone();
        let oid = other_algorithm
            .windows(RSA_ENCRYPTION.len())
            .position(|w| w == RSA_ENCRYPTION)
            .unwrap();
        other_algorithm[oid + RSA_ENCRYPTION.len() - 1] = 0x0a;
        assert_eq!(rsa_key_of_spki(&other_algorithm), None);
        assert_eq!(rsa_key_of_spki(&[]), None);
        assert_eq!(rsa_key_of_spki(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]), None);
    }

    #[test]
    fn an_ed25519_seed_gives_the_key_to_publish() {
        let (dir, dkim) = key_file(ED25519, DkimAlgorithm::Ed25519);
        let configured = configured_key(&dkim, dir.path()).unwrap();
        let PublicKey::Ed25519(bytes) = configured.clone() else {
            panic!("{configured:?}");
        };
        let record = format!("v=DKIM1; k=ed25519; p={}", b64(&bytes));
        assert_eq!(published_key(&record), Published::Key(configured));
        let (dir, dkim) = key_file("not base64!", DkimAlgorithm::Ed25519);
        assert!(configured_key(&dkim, dir.path()).is_err());
        let (dir, dkim) = key_file(RSA_A, DkimAlgorithm::Ed25519);
        assert!(configured_key(&dkim, dir.path()).is_err());
    }

    #[test]
    fn records_that_hold_no_usable_key_say_why() {
        let cases = [
            ("v=DKIM1; k=rsa; p=", Published::Revoked),
            ("v=DKIM1; p = ", Published::Revoked),
            ("v=DKIM1; k=rsa", Published::Invalid("no-key")),
            ("v=DKIM2; p=AAAA", Published::Invalid("version")),
            ("k=rsa; v=DKIM1; p=AAAA", Published::Invalid("version")),
            ("v=DKIM1; k=dsa; p=AAAA", Published::Invalid("key-type")),
            ("v=DKIM1; p=!!!", Published::Invalid("bad-key")),
            ("v=DKIM1; p=AAAA", Published::Invalid("bad-key")),
            ("v=DKIM1; k=ed25519; p=AAAA", Published::Invalid("bad-key")),
        ];
        for (record, expected) in cases {
            assert_eq!(published_key(record), expected, "{record}");
        }
    }

    #[test]
    fn the_organisational_domain_is_the_registered_one() {
        let cases = [
            ("example.org", "example.org"),
            ("news.example.org", "example.org"),
            ("a.b.example.org", "example.org"),
            ("example.co.uk", "example.co.uk"),
            ("news.example.co.uk", "example.co.uk"),
            ("news.example.de", "example.de"),
            ("org", "org"),
        ];
        for (domain, expected) in cases {
            assert_eq!(organisational(domain), expected, "{domain}");
        }
    }

    #[test]
    fn a_server_is_named_by_address_or_turned_off() {
        let cases = [
            ("127.0.0.1:5353", Some("127.0.0.1:5353")),
            ("[::1]:53", Some("[::1]:53")),
            (" 192.0.2.1 ", Some("192.0.2.1:53")),
            ("off", None),
            ("OFF", None),
        ];
        for (text, expected) in cases {
            let server: Nameserver = text.parse().unwrap();
            match expected {
                Some(address) => assert_eq!(server, Nameserver::At(address.parse().unwrap())),
                None => assert_eq!(server, Nameserver::Off),
            }
        }
        for text in ["localhost:53", "dns.example.org", "127.0.0.1:x"] {
            let error = text.parse::<Nameserver>().unwrap_err();
            assert!(error.to_string().contains(text), "{error}");
        }
    }

    /// The rules on what a lookup found, without DNS.
    #[test]
    fn each_rule_finds_its_problem() {
        let config = crate::workspace::Workspace::open(Path::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .config;
        let good = || Records {
            spf: found(&["v=spf1 mx -all", "google-site-verification=abc"]),
            dkim: None,
            dmarc: vec![found(&["v=DMARC1; p=reject"])],
            mx: found(&["mail.example.org."]),
            address: None,
        };
        type Change = fn(&mut Records);
        let cases: &[(&str, Change, &[Kind])] = &[
            ("all good", |_| {}, &[]),
            (
                "no TXT at all",
                |r| r.spf = Answer::NoRecord,
                &[Kind::NoSpf],
            ),
            (
                "no SPF among the TXT",
                |r| r.spf = found(&["v=spf10"]),
                &[Kind::NoSpf],
            ),
            (
                "two SPF records",
                |r| r.spf = found(&["v=spf1 mx -all", "V=SPF1 a -all"]),
                &[Kind::SpfMultiple],
            ),
            (
                "SPF that cannot be read",
                |r| r.spf = found(&["v=spf1 include -all"]),
                &[Kind::SpfInvalid],
            ),
            (
                "SPF passing all",
                |r| r.spf = found(&["v=spf1 mx +all"]),
                &[Kind::SpfPassAll],
            ),
            (
                "SPF passing all unqualified",
                |r| r.spf = found(&["v=spf1 all"]),
                &[Kind::SpfPassAll],
            ),
            (
                "SPF soft-failing all",
                |r| r.spf = found(&["v=spf1 mx ~all"]),
                &[],
            ),
            (
                "a domain that does not exist",
                |r| {
                    r.spf = Answer::NoDomain;
                    r.mx = Answer::NoDomain;
                },
                &[Kind::NoDomain],
            ),
            (
                "no DMARC",
                |r| r.dmarc = vec![Answer::NoDomain],
                &[Kind::NoDmarc],
            ),
            (
                "TXT at _dmarc but no DMARC",
                |r| r.dmarc = vec![found(&["hello"])],
                &[Kind::NoDmarc],
            ),
            (
                "two DMARC records",
                |r| r.dmarc = vec![found(&["v=DMARC1; p=none", "v=DMARC1; p=reject"])],
                &[Kind::DmarcInvalid],
            ),
            (
                "DMARC that cannot be read",
                |r| r.dmarc = vec![found(&["v=DMARC1; p=never"])],
                &[Kind::DmarcInvalid],
            ),
            (
                "no MX, but an address",
                |r| {
                    r.mx = Answer::NoRecord;
                    r.address = Some(Answer::Found(vec!["192.0.2.1".parse().unwrap()]));
                },
                &[],
            ),
            (
                "no MX and no address",
                |r| {
                    r.mx = Answer::NoRecord;
                    r.address = Some(Answer::NoRecord);
                },
                &[Kind::NoMx],
            ),
            ("a null MX", |r| r.mx = found(&["."]), &[Kind::NoMx]),
            (
                "no answer",
                |r| {
                    r.spf = Answer::Failed("request timed out".into());
                    r.mx = Answer::Failed("request timed out".into());
                    r.dmarc = vec![Answer::Failed("request timed out".into())];
                },
                &[Kind::DnsLookup],
            ),
        ];
        let names = Names::of(&config);
        assert_eq!(names.dmarc, ["_dmarc.example.org"]);
        for (case, change, expected) in cases {
            let mut records = good();
            change(&mut records);
            let found: Vec<Kind> = judge(&config, &names, None, &records, Nameserver::System)
                .into_iter()
                .map(|d| d.kind)
                .collect();
            assert_eq!(&found, expected, "{case}");
        }
    }

    /// DMARC alignment by the record's policy and `adkim`, for a sender at
    /// `news.example.org`.
    #[test]
    fn dmarc_alignment_is_an_error_only_where_the_policy_enforces_it() {
        let mut config = crate::workspace::Workspace::open(Path::new(env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .config;
        config.sender.from = "Rundbrief <rundbrief@news.example.org>".parse().unwrap();
        let (dir, _) = key_file(ED25519, DkimAlgorithm::Ed25519);
        // (d=, DMARC at news.example.org, at example.org, expected)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<bool>);
        let cases: &[Case] = &[
            ("example.org", Some("v=DMARC1; p=reject"), None, None),
            (
                "news.example.org",
                Some("v=DMARC1; p=reject; adkim=s"),
                None,
                None,
            ),
            (
                "example.org",
                Some("v=DMARC1; p=reject; adkim=s"),
                None,
                Some(true),
            ),
            (
                "mailer.example.net",
                Some("v=DMARC1; p=none"),
                None,
                Some(false),
            ),
            (
                "mailer.example.net",
                Some("v=DMARC1; p=quarantine"),
                None,
                Some(true),
            ),
            (
                "mailer.example.net",
                None,
                Some("v=DMARC1; p=reject"),
                Some(true),
            ),
            (
                "mailer.example.net",
                None,
                Some("v=DMARC1; p=reject; sp=none"),
                Some(false),
            ),
            (
                "mailer.example.net",
                Some("v=DMARC1; p=none; sp=reject"),
                None,
                Some(false),
            ),
        ];
        for (d, own, parent, expected) in cases {
            config.smtp.dkim = Some(Dkim {
                domain: (*d).into(),
                ..key_file(ED25519, DkimAlgorithm::Ed25519).1
            });
            let names = Names::of(&config);
            assert_eq!(
                names.dmarc,
                ["_dmarc.news.example.org", "_dmarc.example.org"]
            );
            let answer = |text: Option<&str>| {
                text.map_or(Answer::NoDomain, |t| Answer::Found(vec![t.to_string()]))
            };
            let mut found = Vec::new();
            dmarc(&names, &[answer(*own), answer(*parent)], &mut found);
            let got = found
                .iter()
                .find(|f| f.kind == Kind::DmarcAlignment)
                .map(Diagnostic::is_error);
            assert_eq!(got, *expected, "d={d} {own:?} {parent:?}: {found:?}");
            if let Some(finding) = found.first() {
                assert!(finding.message.contains(d), "{}", finding.message);
            }
        }
        drop(dir);
    }

    #[test]
    fn the_dkim_record_is_missing_revoked_foreign_or_unreadable() {
        let (dir, dkim) = key_file(ED25519, DkimAlgorithm::Ed25519);
        let good = configured_key(&dkim, dir.path());
        let PublicKey::Ed25519(bytes) = good.clone().unwrap() else {
            unreachable!()
        };
        let own = format!("v=DKIM1; k=ed25519; p={}", b64(&bytes));
        let other = format!("v=DKIM1; k=ed25519; p={}", b64(&[7; 32]));
        let name = "rundbrief._domainkey.example.org";
        let unreadable: Result<PublicKey, String> = Err("no such file".into());
        type Case<'a> = (Answer<String>, &'a Result<PublicKey, String>, Option<Kind>);
        let cases: Vec<Case> = vec![
            (Answer::Found(vec![own.clone()]), &good, None),
            (Answer::Found(vec![other.clone(), own]), &good, None),
            (
                Answer::Found(vec![other]),
                &good,
                Some(Kind::DkimKeyMismatch),
            ),
            (
                Answer::Found(vec!["v=DKIM1; p=".into()]),
                &good,
                Some(Kind::DkimKeyRevoked),
            ),
            (
                Answer::Found(vec!["v=DKIM1; k=x; p=AA".into()]),
                &good,
                Some(Kind::DkimRecordInvalid),
            ),
            (Answer::NoRecord, &good, Some(Kind::NoDkimRecord)),
            (Answer::NoDomain, &good, Some(Kind::NoDkimRecord)),
            (Answer::Failed("timeout".into()), &good, None),
            (
                Answer::Found(vec!["v=DKIM1; p=".into()]),
                &unreadable,
                Some(Kind::Invalid),
            ),
        ];
        for (answer, key, expected) in cases {
            let mut out = Vec::new();
            dkim_key(&dkim, name, Some(key), &answer, &mut out);
            assert_eq!(out.first().map(|d| d.kind), expected, "{answer:?}");
            if let Some(finding) = out.first() {
                assert!(finding.is_error());
                if finding.kind != Kind::Invalid {
                    assert!(finding.message.contains(name), "{}", finding.message);
                }
            }
        }
    }
}
