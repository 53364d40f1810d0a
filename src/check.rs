//! `rundbrief check`: every problem of an issue as a `Diagnostic` with file,
//! line and what to do. Loading and rendering report through the same type,
//! so `build` refuses exactly what `check` calls an error.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::content::{self, Issue, IssueId};
use crate::i18n::{UiLang, tr, ui};
use crate::render::{self, Rendered};
use crate::workspace::Workspace;

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

    /// A TOML error in `text`, which starts on line `first_line` of `file`.
    pub fn from_toml(
        file: &Path,
        text: &str,
        first_line: usize,
        _offset: usize,
        e: &toml::de::Error,
    ) -> Self {
        let line = e.span().map_or(first_line, |span| {
            first_line + crate::config::line_of_offset(text, span.start) - 1
        });
        let message = e.message().trim().to_string();
        let kind = if message.starts_with("missing field") {
            Kind::MissingField
        } else if message.starts_with("unknown field") {
            Kind::UnknownKey
        } else {
            Kind::Invalid
        };
        let hint = match kind {
            Kind::MissingField => tr(
                "ergänzen Sie die Angabe (`rundbrief new` zeigt alle Felder)",
                "add the key (`rundbrief new` shows every field)",
            ),
            Kind::UnknownKey => tr(
                "prüfen Sie die Schreibweise oder entfernen Sie die Angabe",
                "check its spelling or remove it",
            ),
            _ => tr(
                "prüfen Sie die Schreibweise (TOML)",
                "check the TOML syntax",
            ),
        };
        Diagnostic::error(kind, file, Some(line), format!("{message}; {hint}"))
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
        let severity = match (self.severity, ui()) {
            (Severity::Error, UiLang::De) => "Fehler",
            (Severity::Error, UiLang::En) => "error",
            (Severity::Warning, UiLang::De) => "Warnung",
            (Severity::Warning, UiLang::En) => "warning",
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
                    match ui() {
                        UiLang::De => format!("{key} ({lang}) enthält einen Zeilenumbruch; schreiben Sie ihn in eine Zeile"),
                        UiLang::En => format!("{key} ({lang}) contains a line break; write it on one line"),
                    },
                ));
            }
        }
        let chars = texts.subject.chars().count();
        if chars > SUBJECT_MAX_CHARS {
            out.push(Diagnostic::warning(
                Kind::LongSubject,
                &file,
                Some(texts.subject_line),
                match ui() {
                    UiLang::De => format!(
                        "der Betreff ({lang}) hat {chars} Zeichen; Mailprogramme kürzen ab etwa {SUBJECT_MAX_CHARS}"
                    ),
                    UiLang::En => format!(
                        "the subject ({lang}) has {chars} characters; mail clients cut it at about {SUBJECT_MAX_CHARS}"
                    ),
                },
            ));
        }
        if texts.preheader.is_none() {
            out.push(Diagnostic::warning(
                Kind::MissingPreheader,
                &file,
                Some(texts.subject_line),
                match ui() {
                    UiLang::De => format!(
                        "kein preheader ({lang}): Mailprogramme zeigen dann den ersten Text der Mail als Vorschau; setzen Sie preheader = \"…\""
                    ),
                    UiLang::En => format!(
                        "no preheader ({lang}): mail clients then preview the email's first text; set preheader = \"…\""
                    ),
                },
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
                tr(
                    "Entwurf (draft = true): der Beitrag wird nicht verschickt",
                    "draft (draft = true): this entry is not sent",
                ),
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
        let (lang, kb) = (ui(), ui().size(size));
        if size > GMAIL_CLIP_BYTES {
            out.push(Diagnostic::error(
                Kind::EmailSize,
                &file,
                None,
                match lang {
                    UiLang::De => format!(
                        "die Mail ({}) ist {kb} groß; Gmail kürzt ab 102 KB und versteckt dann den Abmeldelink. Kürzen Sie Beiträge auf eine Zusammenfassung (summary = \"…\")",
                        email.lang
                    ),
                    UiLang::En => format!(
                        "the email ({}) is {kb}; Gmail clips above 102 KB and hides the unsubscribe link. Shorten entries to a summary (summary = \"…\")",
                        email.lang
                    ),
                },
            ));
        } else if size > SIZE_WARNING_BYTES {
            out.push(Diagnostic::warning(
                Kind::EmailSize,
                &file,
                None,
                match lang {
                    UiLang::De => format!(
                        "die Mail ({}) ist {kb} groß; Gmail kürzt ab 102 KB",
                        email.lang
                    ),
                    UiLang::En => format!(
                        "the email ({}) is {kb}; Gmail clips above 102 KB",
                        email.lang
                    ),
                },
            ));
        }
    }
}

fn insecure(file: &Path, line: Option<usize>, url: &str) -> Diagnostic {
    Diagnostic::warning(
        Kind::InsecureLink,
        file,
        line,
        match ui() {
            UiLang::De => format!(
                "{url} ist unverschlüsselt (http://); verwenden Sie https://, wenn die Seite es anbietet"
            ),
            UiLang::En => {
                format!("{url} is unencrypted (http://); use https:// if the site offers it")
            }
        },
    )
}

fn missing_alt(file: &Path, line: usize, src: &str) -> Diagnostic {
    Diagnostic::warning(
        Kind::MissingAlt,
        file,
        Some(line),
        match ui() {
            UiLang::De => format!(
                "dem Bild {src} fehlt ein Alternativtext; Screenreader und Mailprogramme, die Bilder blockieren, zeigen sonst nichts (image_alt = \"…\" oder ![Beschreibung](…))"
            ),
            UiLang::En => format!(
                "the image {src} has no alt text; screen readers and mail clients that block images show nothing (image_alt = \"…\" or ![description](…))"
            ),
        },
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
            tr(
                "die Mails werden nicht mit DKIM signiert; Gmail, Yahoo und andere verlangen das von Massenversendern. Legen Sie [smtp.dkim] an (oder lassen Sie Ihr Relay signieren)",
                "messages are not DKIM-signed; Gmail, Yahoo and others require it of bulk senders. Add [smtp.dkim] (or have your relay sign)",
            ),
        )),
        Some(dkim) => {
            let domain = dkim.domain.to_ascii_lowercase();
            let aligned = from_domain == domain || from_domain.ends_with(&format!(".{domain}"));
            if !aligned {
                out.push(Diagnostic::warning(
                    Kind::DkimAlignment,
                    toml,
                    None,
                    match ui() {
                        UiLang::De => format!(
                            "die DKIM-Domain {domain} passt nicht zur Absenderdomain {from_domain}; für DMARC muss die Absenderdomain dieselbe oder eine Subdomain sein"
                        ),
                        UiLang::En => format!(
                            "the DKIM domain {domain} does not match the sender's domain {from_domain}; DMARC needs the sender's domain to be it or a subdomain of it"
                        ),
                    },
                ));
            }
        }
    }
    if !config.site.public_url().as_str().starts_with("https://") {
        out.push(Diagnostic::warning(
            Kind::InsecureUnsubscribe,
            toml,
            None,
            tr(
                "public_url ist kein https://-Link; die Abmeldung mit einem Klick (RFC 8058) muss über https laufen, sonst zeigen Mailprogramme keinen Abmeldeknopf",
                "public_url is not https://; one-click unsubscribe (RFC 8058) must use https, or mail clients show no unsubscribe button",
            ),
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
                match ui() {
                    UiLang::De => format!(
                        "der Betreff ({}) schreit (Großbuchstaben, !!): Spamfilter werten das ab",
                        email.lang
                    ),
                    UiLang::En => format!(
                        "the subject ({}) shouts (capitals, !!): spam filters count against it",
                        email.lang
                    ),
                },
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
                match ui() {
                    UiLang::De => format!(
                        "{} ist ein Kurzlink; Spamfilter misstrauen ihnen, weil niemand sieht, wohin sie führen. Verlinken Sie die Seite selbst",
                        link.url
                    ),
                    UiLang::En => format!(
                        "{} is a shortened link; spam filters distrust them because nobody can see where they lead. Link the page itself",
                        link.url
                    ),
                },
            ));
        }
    }
    out
}
