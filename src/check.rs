//! `rundbrief check`: every problem of an issue as a `Diagnostic` with file,
//! line and what to do. Loading and rendering report through the same type,
//! so `build` refuses exactly what `check` calls an error.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::content::{self, Issue, IssueId};
use crate::render::{self, Rendered};
use crate::t;
use crate::workspace::Workspace;

mod toml_errors;

pub use toml_errors::{TomlFile, parse_toml};

/// Gmail clips a message whose HTML is larger than this, hiding the footer.
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;
/// Above this a warning says the clipping limit comes near.
pub const SIZE_WARNING_BYTES: usize = 90 * 1024;
/// Mail clients cut subjects at roughly this many characters.
pub const SUBJECT_MAX_CHARS: usize = 70;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Which check found a problem; its code appears in every message, so an
/// editor can look it up and a test can assert on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Io,
    Encoding,
    FrontMatter,
    MissingField,
    UnknownKey,
    Invalid,
    NoEntries,
    DuplicateSlug,
    UnknownTag,
    BrokenLink,
    MissingImage,
    MissingAlt,
    InsecureLink,
    LongSubject,
    MissingPreheader,
    EmailSize,
    Template,
    Mjml,
    Draft,
    NoDkim,
    DkimAlignment,
    InsecureUnsubscribe,
    SpammySubject,
    ShortLink,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Io => "io",
            Kind::Encoding => "encoding",
            Kind::FrontMatter => "front-matter",
            Kind::MissingField => "missing-field",
            Kind::UnknownKey => "unknown-key",
            Kind::Invalid => "invalid-value",
            Kind::NoEntries => "no-entries",
            Kind::DuplicateSlug => "duplicate-slug",
            Kind::UnknownTag => "unknown-tag",
            Kind::BrokenLink => "broken-link",
            Kind::MissingImage => "missing-image",
            Kind::MissingAlt => "missing-alt",
            Kind::InsecureLink => "insecure-link",
            Kind::LongSubject => "long-subject",
            Kind::MissingPreheader => "missing-preheader",
            Kind::EmailSize => "email-size",
            Kind::Template => "template",
            Kind::Mjml => "mjml",
            Kind::Draft => "draft",
            Kind::NoDkim => "no-dkim",
            Kind::DkimAlignment => "dkim-alignment",
            Kind::InsecureUnsubscribe => "insecure-unsubscribe",
            Kind::SpammySubject => "spammy-subject",
            Kind::ShortLink => "short-link",
        }
    }
}

/// One problem, where it is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Relative to the workspace root.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(kind: Kind, file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn warning(
        kind: Kind,
        file: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, file, line, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        let severity = match self.severity {
            Severity::Error => t!("check-severity-error"),
            Severity::Warning => t!("check-severity-warning"),
        };
        write!(f, ": {severity}[{}]: {}", self.kind.code(), self.message)
    }
}

/// Everything `check` found in one issue, errors first.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn has(&self, kind: Kind) -> bool {
        self.diagnostics.iter().any(|d| d.kind == kind)
    }

    fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.line, b.severity).cmp(&(&b.file, b.line, a.severity)));
        self.diagnostics.dedup();
    }
}

/// An issue that loaded and rendered, together with what `check` says about it.
pub struct Checked {
    pub issue: Issue,
    pub rendered: Rendered,
    pub report: Report,
}

/// Loads, renders and checks an issue. `Err` holds a report with errors that
/// kept the issue from loading or rendering at all.
pub fn check_issue(ws: &Workspace, id: IssueId) -> Result<Checked, Report> {
    let (issue, usable) = content::load_issue(ws, id).map_err(|diagnostics| {
        let mut report = Report { diagnostics };
        report.sort();
        report
    })?;
    // Errors that leave the issue usable (an unknown tag) are reported
    // together with everything the rendering finds.
    let mut report = Report {
        diagnostics: usable,
    };
    let index = ws.index();
    let rendered =
        match render::render_issue(&ws.render_context(&index), &issue, &mut report.diagnostics) {
            Ok(rendered) => rendered,
            Err(problem) => {
                report.diagnostics.push(problem);
                report.sort();
                return Err(report);
            }
        };
    check_texts(&issue, &mut report.diagnostics);
    check_rendered(&issue, &rendered, &mut report.diagnostics);
    report.sort();
    Ok(Checked {
        issue,
        rendered,
        report,
    })
}

/// Subject, preheader, alt texts, drafts: what the editor wrote.
fn check_texts(issue: &Issue, out: &mut Vec<Diagnostic>) {
    let file = issue.file();
    for lang in issue.languages() {
        let texts = issue.edition(lang);
        // A line break in a header would let the text write headers of its own.
        for (key, value) in [
            ("subject", Some(texts.subject)),
            ("preheader", texts.preheader),
        ] {
            if value.is_some_and(|v| v.contains(['\r', '\n'])) {
                out.push(Diagnostic::error(
                    Kind::Invalid,
                    &file,
                    Some(texts.subject_line),
                    t!("check-line-break", key = key, lang = lang.code()),
                ));
            }
        }
        let chars = texts.subject.chars().count();
        if chars > SUBJECT_MAX_CHARS {
            out.push(Diagnostic::warning(
                Kind::LongSubject,
                &file,
                Some(texts.subject_line),
                t!(
                    "check-long-subject",
                    lang = lang.code(),
                    chars = chars,
                    max = SUBJECT_MAX_CHARS
                ),
            ));
        }
        if texts.preheader.is_none() {
            out.push(Diagnostic::warning(
                Kind::MissingPreheader,
                &file,
                Some(texts.subject_line),
                t!("check-missing-preheader", lang = lang.code()),
            ));
        }
    }
    for event in &issue.events {
        if let Some(link) = &event.link
            && link.starts_with("http://")
        {
            out.push(insecure(&file, Some(event.link_line), link));
        }
    }
    for entry in &issue.entries {
        if entry.draft {
            out.push(Diagnostic::warning(
                Kind::Draft,
                entry.file(),
                None,
                t!("check-draft"),
            ));
        }
        if let Some(image) = &entry.image
            && image.alt.is_none()
        {
            out.push(missing_alt(
                entry.file(),
                entry.line_of("image"),
                &image.src,
            ));
        }
    }
}

/// Links, images and size: what only the rendering shows.
fn check_rendered(issue: &Issue, rendered: &Rendered, out: &mut Vec<Diagnostic>) {
    for link in &rendered.links {
        if link.url.starts_with("http://") {
            out.push(insecure(&link.file, Some(link.line), &link.url));
        }
        if link.is_image && link.alt.trim().is_empty() {
            out.push(missing_alt(&link.file, link.line, &link.url));
        }
    }
    for email in &rendered.emails {
        let size = email.html.len();
        let file = issue.file();
        let kb = crate::locale::ui().size(size);
        if size > GMAIL_CLIP_BYTES {
            out.push(Diagnostic::error(
                Kind::EmailSize,
                &file,
                None,
                t!("check-email-clipped", lang = email.lang.code(), size = kb),
            ));
        } else if size > SIZE_WARNING_BYTES {
            out.push(Diagnostic::warning(
                Kind::EmailSize,
                &file,
                None,
                t!("check-email-large", lang = email.lang.code(), size = kb),
            ));
        }
    }
}

fn insecure(file: &Path, line: Option<usize>, url: &str) -> Diagnostic {
    Diagnostic::warning(
        Kind::InsecureLink,
        file,
        line,
        t!("check-insecure-link", url = url),
    )
}

fn missing_alt(file: &Path, line: usize, src: &str) -> Diagnostic {
    Diagnostic::warning(
        Kind::MissingAlt,
        file,
        Some(line),
        t!("check-missing-alt", src = src),
    )
}

/// Link shorteners that spam filters distrust: the reader cannot see where
/// the link goes.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
];

/// What mailbox providers look at before they deliver a bulk mail, checked
/// before a send: a DKIM signature aligned with the From domain, a one-click
/// unsubscribe over https, a subject and links that do not look like spam.
pub fn deliverability(ws: &Workspace, issue: &Issue, rendered: &Rendered) -> Vec<Diagnostic> {
    let config = &ws.config;
    let toml = Path::new(crate::config::FILE_NAME);
    let mut out = Vec::new();
    let from_domain = config
        .sender
        .from
        .rsplit_once('@')
        .map(|(_, domain)| domain.trim_end_matches('>').trim().to_ascii_lowercase())
        .unwrap_or_default();
    match &config.smtp.dkim {
        None => out.push(Diagnostic::warning(
            Kind::NoDkim,
            toml,
            None,
            t!("check-no-dkim"),
        )),
        Some(dkim) => {
            let domain = dkim.domain.to_ascii_lowercase();
            let aligned = from_domain == domain || from_domain.ends_with(&format!(".{domain}"));
            if !aligned {
                out.push(Diagnostic::warning(
                    Kind::DkimAlignment,
                    toml,
                    None,
                    t!(
                        "check-dkim-alignment",
                        domain = domain.as_str(),
                        from = from_domain.as_str()
                    ),
                ));
            }
        }
    }
    if !config.site.public_url().as_str().starts_with("https://") {
        out.push(Diagnostic::warning(
            Kind::InsecureUnsubscribe,
            toml,
            None,
            t!("check-insecure-unsubscribe"),
        ));
    }
    let file = issue.file();
    for email in &rendered.emails {
        let letters: Vec<char> = email
            .subject
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        let upper = letters.iter().filter(|c| c.is_uppercase()).count();
        let shouting = letters.len() >= 10 && upper * 10 > letters.len() * 6;
        if shouting
            || email.subject.contains("!!")
            || email.subject.contains("$$")
            || email.subject.contains("€€")
        {
            out.push(Diagnostic::warning(
                Kind::SpammySubject,
                &file,
                None,
                t!("check-spammy-subject", lang = email.lang.code()),
            ));
        }
    }
    for link in &rendered.links {
        let host = link
            .url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        if SHORTENERS.contains(&host.to_ascii_lowercase().as_str()) {
            out.push(Diagnostic::warning(
                Kind::ShortLink,
                &link.file,
                Some(link.line),
                t!("check-short-link", url = link.url.as_str()),
            ));
        }
    }
    out
}
