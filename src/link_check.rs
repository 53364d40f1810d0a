//! `check --links`: every external link of an issue tried on the network
//! before readers try it. HEAD first (cheap), GET when a server refuses HEAD;
//! redirects are followed; each address is asked once, on a few threads at
//! a time, with a timeout; each failure is reported at every place the link
//! is written. Blocking on purpose: a check runs once, from the command line.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use crate::config::Config;
use crate::content::Issue;
use crate::diagnostic::{Diagnostic, Kind};
use crate::render::Rendered;

/// How long one address may take, redirects included.
pub const TIMEOUT: Duration = Duration::from_secs(10);
/// How many addresses are asked at the same time.
pub const CONCURRENT: usize = 8;
/// Redirects followed before a link counts as broken.
const MAX_REDIRECTS: u32 = 10;

/// Why an address did not answer as a working link does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The final answer, redirects followed, was 4xx or 5xx.
    Status(u16),
    /// No answer: the name did not resolve, the connection was refused or
    /// timed out, too many redirects.
    Unreachable(String),
}

impl Failure {
    /// An answer that says "not for you" rather than "not here": a login
    /// (401), a refusal (403), too many requests (429), or LinkedIn's 999.
    /// Many sites answer a program so while a reader's browser gets the
    /// page; a warning, to be tried in a browser, rather than an error.
    pub fn is_refusal(&self) -> bool {
        matches!(self, Failure::Status(401 | 403 | 429 | 999))
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Status(code) => write!(f, "HTTP {code}"),
            Failure::Unreachable(why) => f.write_str(why),
        }
    }
}

/// Tries every http(s) link of the rendered issue and of its events; a
/// `dead-link` error per place a failing address is written. Links into the
/// workspace's own archive (under `[site] base_url`) are left out: they are
/// published with the issue, and `check` has found their files already.
pub fn check(
    config: &Config,
    issue: &Issue,
    rendered: &Rendered,
    timeout: Duration,
) -> Vec<Diagnostic> {
    let own = config.site.base_url.as_str().trim_end_matches('/');
    let is_own = |url: &str| {
        url.strip_prefix(own)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
    };
    let mut places: BTreeMap<String, Vec<(PathBuf, usize)>> = BTreeMap::new();
    let written = rendered
        .links
        .iter()
        .map(|link| (link.url.as_str(), link.file.clone(), link.line));
    let events = issue.events.iter().filter_map(|event| {
        let link = event.link.as_deref()?;
        Some((link, issue.file(), event.link_line))
    });
    for (url, file, line) in written.chain(events) {
        let lower = url.to_ascii_lowercase();
        let web = lower.starts_with("https://") || lower.starts_with("http://");
        if web && !is_own(url) {
            places
                .entry(url.to_string())
                .or_default()
                .push((file, line));
        }
    }
    let urls: Vec<&str> = places.keys().map(String::as_str).collect();
    let results = try_all(&urls, timeout);
    let mut out = Vec::new();
    for (url, failure) in results {
        for (file, line) in &places[url] {
            let message = crate::t!("check-dead-link", url = url, problem = failure.to_string());
            let diagnostic = if failure.is_refusal() {
                Diagnostic::warning
            } else {
                Diagnostic::error
            };
            out.push(diagnostic(Kind::DeadLink, file, Some(*line), message));
        }
    }
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out
}

/// Tries `urls` on up to [`CONCURRENT`] threads; the ones that fail.
pub fn try_all<'u>(urls: &[&'u str], timeout: Duration) -> Vec<(&'u str, Failure)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .build()
        .into();
    let queue = Mutex::new(urls.iter());
    let failed = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..CONCURRENT.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().expect("no thread panics holding it").next();
                    let Some(&url) = next else { break };
                    if let Err(failure) = try_one(&agent, url) {
                        failed
                            .lock()
                            .expect("no thread panics holding it")
                            .push((url, failure));
                    }
                }
            });
        }
    });
    let mut failed = failed.into_inner().expect("the threads have ended");
    failed.sort_by(|a, b| a.0.cmp(b.0));
    failed
}

/// HEAD, and GET when HEAD is refused: some servers answer HEAD with 405 or
/// 404 while the page is there.
fn try_one(agent: &ureq::Agent, url: &str) -> Result<(), Failure> {
    let status = |response: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        response
            .map(|r| r.status().as_u16())
            .map_err(|e| Failure::Unreachable(e.to_string()))
    };
    let head = status(agent.head(url).call());
    match head {
        Ok(code) if code < 400 => Ok(()),
        Err(Failure::Unreachable(_)) | Ok(_) => match status(agent.get(url).call())? {
            code if code < 400 => Ok(()),
            code => Err(Failure::Status(code)),
        },
        Err(other) => Err(other),
    }
}
