//! The rules `rundbrief check` applies to a loaded and rendered issue: what
//! the editor wrote (subject, preheader, alt texts, drafts), what only the
//! rendering shows (links, size), and what mailbox providers look at before
//! they deliver (DKIM, one-click unsubscribe, shouting subjects). Pure: each
//! rule takes values and returns diagnostics; loading and rendering are the
//! workspace's.

use std::fmt;
use std::path::Path;

use crate::config::{Color, Config};
use crate::content::Issue;
use crate::diagnostic::{Diagnostic, Kind, Severity};
use crate::locale::MissingKeys;
use crate::render::Rendered;
use crate::t;

/// Gmail clips a message whose HTML is larger than this, hiding the footer.
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;
/// Above this a warning says the clipping limit comes near.
pub const SIZE_WARNING_BYTES: usize = 90 * 1024;
/// Mail clients cut subjects at roughly this many characters.
pub const SUBJECT_MAX_CHARS: usize = 70;

/// `issues/2026-Q4/a.md:12: error[broken-link]: …`, in the staff's language.
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

/// A warning while `[site] privacy_url` or `imprint_url` is missing: a
/// signup form and every mail of a German sender must link the privacy
/// policy and the legal notice (Impressum), and without them the footers
/// and the form simply lack the links.
pub fn legal_notice(config: &Config) -> Vec<Diagnostic> {
    let missing: Vec<&str> = [
        ("privacy_url", config.site.privacy_url.is_none()),
        ("imprint_url", config.site.imprint_url.is_none()),
    ]
    .into_iter()
    .filter_map(|(key, missing)| missing.then_some(key))
    .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Diagnostic::warning(
        Kind::NoLegalNotice,
        Path::new(crate::config::FILE_NAME),
        None,
        t!(
            "check-no-legal-notice",
            count = missing.len(),
            keys = missing.join(", ")
        ),
    )]
}

/// WCAG AA's least contrast for normal text: the accent colour carries the
/// site's name, the issue's title and every button's label in white.
pub const MIN_CONTRAST: f64 = 4.5;

/// The contrast ratio of two colours as WCAG 2 defines it, from 1 (none) to 21.
pub fn contrast_ratio(a: Color, b: Color) -> f64 {
    fn luminance(color: Color) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(color.red) + 0.7152 * linear(color.green) + 0.0722 * linear(color.blue)
    }
    let (x, y) = (luminance(a), luminance(b));
    let (light, dark) = if x > y { (x, y) } else { (y, x) };
    (light + 0.05) / (dark + 0.05)
}

/// The site's looks: an accent colour white text cannot be read on, and a
/// logo that is not there (it would show as a broken picture in every mail).
pub fn branding(config: &Config, exists: impl Fn(&Path) -> bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = Path::new(crate::config::FILE_NAME);
    let accent = config.site.accent_color;
    let ratio = contrast_ratio(accent, Color::WHITE);
    if ratio < MIN_CONTRAST {
        out.push(Diagnostic::error(
            Kind::LowContrast,
            file,
            None,
            t!(
                "check-low-contrast",
                color = accent.to_string(),
                // Rounded down: 4.497 must not read as the 4.50 it fails.
                ratio = format!("{:.2}", (ratio * 100.0).floor() / 100.0)
            ),
        ));
    }
    if let Some(logo) = &config.site.logo
        && !exists(logo)
    {
        out.push(Diagnostic::error(
            Kind::MissingImage,
            file,
            None,
            t!("check-logo-missing", path = logo.display().to_string()),
        ));
    }
    out
}

/// Every rule about an issue that loaded and rendered.
pub fn check(issue: &Issue, rendered: &Rendered) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_texts(issue, &mut out);
    check_rendered(issue, rendered, &mut out);
    out
}

/// A warning per catalog that lacks messages: English stands in for them
/// until they are translated.
pub fn translations(missing: &[MissingKeys]) -> Vec<Diagnostic> {
    missing
        .iter()
        .map(|gap| {
            Diagnostic::warning(
                Kind::MissingTranslation,
                &gap.file,
                None,
                t!(
                    "catalog-missing-keys",
                    lang = gap.lang.to_string(),
                    count = gap.keys.len(),
                    keys = gap.keys.join(", ")
                ),
            )
        })
        .collect()
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
        // An entry's picture is reported with the rendered images, which
        // include it: one missing alt text, one finding.
    }
    check_dates(issue, out);
}

/// Dates that cannot be right: an entry written after its issue went out or
/// more than a year before, an event announced after it took place.
fn check_dates(issue: &Issue, out: &mut Vec<Diagnostic>) {
    let issue_date = issue.date;
    let year_before = issue_date
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(chrono::NaiveDate::MIN);
    for entry in issue.published_entries() {
        let message = if entry.date > issue_date {
            t!(
                "check-entry-after-issue",
                date = entry.date.to_string(),
                issue_date = issue_date.to_string()
            )
        } else if entry.date < year_before {
            t!(
                "check-entry-too-old",
                date = entry.date.to_string(),
                issue_date = issue_date.to_string()
            )
        } else {
            continue;
        };
        out.push(Diagnostic::warning(
            Kind::ImplausibleDate,
            entry.file(),
            Some(entry.line_of("date")),
            message,
        ));
    }
    let file = issue.file();
    for event in &issue.events {
        if event.when.day() < issue_date {
            out.push(Diagnostic::warning(
                Kind::ImplausibleDate,
                &file,
                Some(event.line),
                t!(
                    "check-event-past",
                    title = event.title.as_str(),
                    date = event.when.day().to_string(),
                    issue_date = issue_date.to_string()
                ),
            ));
        }
    }
}

/// Text still as `rundbrief init` or `rundbrief new` wrote it: an error, so
/// that the example issue cannot go out and no scaffolded sentence reaches
/// readers. `site_name` is the workspace's, which the scaffolded subject holds.
pub fn placeholders(issue: &Issue, site_name: &str) -> Vec<Diagnostic> {
    use crate::content::placeholder::{
        self, CTA_URL, EDITORIAL, ENTRY_BODY, ENTRY_SUMMARY, EVENT_LINK, MAILING_BODY,
        MAILING_PREHEADER, PREHEADER,
    };
    use crate::locale::Lang;
    let file = issue.file();
    let mut out = Vec::new();
    let mut found = |file: &Path, line: usize, key: &str| {
        out.push(Diagnostic::error(
            Kind::Placeholder,
            file,
            Some(line),
            t!("check-placeholder", key = key),
        ));
    };
    for lang in issue.languages() {
        let texts = issue.edition(lang);
        let scaffolded =
            [Lang::DE, Lang::EN].map(|written| placeholder::subject(site_name, &issue.id, written));
        if scaffolded
            .iter()
            .any(|subject| subject == texts.subject.trim())
        {
            found(&file, texts.subject_line, "subject");
        }
        if texts
            .preheader
            .is_some_and(|p| PREHEADER.is(p) || MAILING_PREHEADER.is(p))
        {
            found(&file, texts.preheader_line, "preheader");
        }
        let editorial = texts.editorial;
        let (text, key) = if issue.id.is_mailing() {
            (MAILING_BODY, "body")
        } else {
            (EDITORIAL, "editorial")
        };
        if let Some(at) = placeholder::line_in(&editorial.text, text) {
            found(&editorial.file, editorial.first_line + at, key);
        }
        if let Some(cta) = texts.cta
            && cta.url == CTA_URL
        {
            found(&file, cta.line, "cta.url");
        }
    }
    for event in &issue.events {
        if event.link.as_deref() == Some(EVENT_LINK) {
            found(&file, event.link_line, "events.link");
        }
    }
    for entry in issue.published_entries() {
        if entry
            .summary
            .as_deref()
            .is_some_and(|s| ENTRY_SUMMARY.is(s))
        {
            found(entry.file(), entry.line_of("summary"), "summary");
        }
        if let Some(at) = placeholder::line_in(&entry.body.text, ENTRY_BODY) {
            found(entry.file(), entry.body.first_line + at, "text");
        }
    }
    out.dedup();
    out
}

/// Links, images and size: what only the rendering shows.
fn check_rendered(issue: &Issue, rendered: &Rendered, out: &mut Vec<Diagnostic>) {
    for link in &rendered.links {
        if link.url.trim().is_empty() {
            out.push(Diagnostic::error(
                Kind::EmptyLink,
                &link.file,
                Some(link.line),
                t!("check-empty-link"),
            ));
        } else if let Some(scheme) = unknown_scheme(&link.url) {
            out.push(Diagnostic::error(
                Kind::UnknownScheme,
                &link.file,
                Some(link.line),
                t!(
                    "check-unknown-scheme",
                    url = link.url.as_str(),
                    scheme = scheme
                ),
            ));
        }
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

/// The schemes a reader's mail client or browser opens; any other is most
/// likely a typo (`htps:`) that leads nowhere.
const SCHEMES: &[&str] = &["https", "http", "mailto", "tel", "sms", "webcal", "ftp"];

/// The scheme of `url` when it has one no reader's program opens.
fn unknown_scheme(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (is_scheme && !SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())).then_some(scheme)
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
pub fn deliverability(config: &Config, issue: &Issue, rendered: &Rendered) -> Vec<Diagnostic> {
    let toml = Path::new(crate::config::FILE_NAME);
    let mut out = Vec::new();
    let from_domain = config.sender.from.email.domain().to_ascii_lowercase();
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
    if !config.site.public_url().is_https() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::LinkUse;
    use crate::workspace::{Checked, Workspace, check_issue};

    /// The sample issue, loaded and rendered once per case; its one draft
    /// entry published, so that the sample itself is without a finding.
    fn sample() -> (Workspace, Checked) {
        let ws = Workspace::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut checked = check_issue(&ws, &"2026-Q4".parse().unwrap()).unwrap();
        checked
            .issue
            .entries
            .iter_mut()
            .for_each(|e| e.draft = false);
        (ws, checked)
    }

    fn link(url: &str, image: Option<&str>) -> LinkUse {
        LinkUse {
            file: "issues/2026-Q4/a.md".into(),
            line: 3,
            url: url.into(),
            is_image: image.is_some(),
            alt: image.unwrap_or_default().into(),
        }
    }

    type Change = fn(&mut Checked);

    /// Each case changes the sample one way; the kinds it must give rise to.
    #[test]
    fn each_rule_finds_its_problem() {
        let cases: &[(&str, Change, &[Kind])] = &[
            ("the sample as it is", |_| {}, &[]),
            (
                "a line break in the subject",
                |c| c.issue.subject = "Rundbrief\nBcc: x@example.org".into(),
                &[Kind::Invalid],
            ),
            (
                "a long subject",
                |c| c.issue.subject = "Rundbrief ".repeat(8),
                &[Kind::LongSubject],
            ),
            (
                "no preheader",
                |c| c.issue.preheader = None,
                &[Kind::MissingPreheader],
            ),
            (
                "an event linked over http",
                |c| c.issue.events[0].link = Some("http://example.org/".into()),
                &[Kind::InsecureLink],
            ),
            (
                "a draft entry",
                |c| c.issue.entries[0].draft = true,
                &[Kind::Draft],
            ),
            // Issue 13: dates that cannot be right.
            (
                "an entry dated after its issue",
                |c| c.issue.entries[1].date = c.issue.date + chrono::Days::new(1),
                &[Kind::ImplausibleDate],
            ),
            (
                "an entry dated more than a year before its issue",
                |c| c.issue.entries[1].date = c.issue.date - chrono::Days::new(367),
                &[Kind::ImplausibleDate],
            ),
            (
                "an entry dated on its issue's day, or a year before it",
                |c| {
                    c.issue.entries[1].date = c.issue.date;
                    c.issue.entries[2].date = c.issue.date - chrono::Months::new(12);
                },
                &[],
            ),
            (
                "an event before the issue's date",
                |c| {
                    let day = c.issue.date - chrono::Days::new(1);
                    c.issue.events[0].when = crate::content::When::Day(day);
                },
                &[Kind::ImplausibleDate],
            ),
            // Issue 13: links that cannot work.
            (
                "a link without a target",
                |c| c.rendered.links.push(link("", None)),
                &[Kind::EmptyLink],
            ),
            (
                "a misspelt scheme",
                |c| c.rendered.links.push(link("htps://example.org/", None)),
                &[Kind::UnknownScheme],
            ),
            (
                "the schemes readers' programs open",
                |c| {
                    for url in [
                        "mailto:a@example.org",
                        "tel:+4930123",
                        "HTTPS://example.org/",
                    ] {
                        c.rendered.links.push(link(url, None));
                    }
                },
                &[],
            ),
            (
                "a link over http",
                |c| c.rendered.links.push(link("http://example.org/", None)),
                &[Kind::InsecureLink],
            ),
            (
                "a picture without alt text",
                |c| {
                    c.rendered
                        .links
                        .push(link("https://example.org/a.jpg", Some(" ")));
                },
                &[Kind::MissingAlt],
            ),
            (
                "an email near Gmail's clipping",
                |c| c.rendered.emails[0].html = "x".repeat(SIZE_WARNING_BYTES + 1),
                &[Kind::EmailSize],
            ),
            (
                "an email Gmail clips",
                |c| c.rendered.emails[0].html = "x".repeat(GMAIL_CLIP_BYTES + 1),
                &[Kind::EmailSize],
            ),
        ];
        for (case, change, expected) in cases {
            let (_ws, mut checked) = sample();
            change(&mut checked);
            let found: Vec<Kind> = check(&checked.issue, &checked.rendered)
                .into_iter()
                .map(|d| d.kind)
                .collect();
            assert_eq!(&found, expected, "{case}");
        }
    }

    /// Each limit lets through what is exactly at it.
    #[test]
    fn limits_are_exclusive() {
        let (_ws, mut checked) = sample();
        checked.issue.subject = "x".repeat(SUBJECT_MAX_CHARS);
        checked.rendered.emails[0].html = "x".repeat(SIZE_WARNING_BYTES);
        assert_eq!(check(&checked.issue, &checked.rendered), vec![]);
        checked.rendered.emails[0].html = "x".repeat(GMAIL_CLIP_BYTES);
        assert!(!check(&checked.issue, &checked.rendered)[0].is_error());
    }

    #[test]
    fn shouting_is_more_than_six_capitals_in_ten_letters() {
        let (ws, mut checked) = sample();
        let mut config = ws.config.clone();
        config.smtp.dkim = Some(crate::config::Dkim {
            selector: "s".into(),
            domain: "example.org".into(),
            key_file: "k".into(),
            algorithm: crate::config::DkimAlgorithm::default(),
        });
        let cases = [
            ("ABCDEFghij Rundbrief", false),
            ("ABCDEFGhij", true),
            ("ABCDEFGHI", false),
            ("Jetzt anmelden!!", true),
            ("Spenden $$", true),
            ("Spenden €€", true),
            ("Rundbrief 4/2026: Jugendaustausch", false),
        ];
        for (subject, spammy) in cases {
            checked.rendered.emails[0].subject = subject.into();
            let found = deliverability(&config, &checked.issue, &checked.rendered);
            assert_eq!(
                found.iter().any(|d| d.kind == Kind::SpammySubject),
                spammy,
                "{subject}"
            );
        }
    }

    #[test]
    fn a_diagnostic_reads_with_file_line_severity_and_code() {
        let problem = Diagnostic::error(
            Kind::BrokenLink,
            Path::new("issues/a.md"),
            Some(7),
            "x.md fehlt",
        );
        // The severity word is the staff's language's; the rest is fixed.
        let (error, warning_word) = (t!("check-severity-error"), t!("check-severity-warning"));
        assert_eq!(
            problem.to_string(),
            format!("issues/a.md:7: {error}[broken-link]: x.md fehlt")
        );
        let warning = Diagnostic::warning(Kind::Draft, Path::new("b.md"), None, "draft");
        assert_eq!(
            warning.to_string(),
            format!("b.md: {warning_word}[draft]: draft")
        );
        assert_ne!(error, warning_word);
    }

    #[test]
    fn a_catalog_gap_is_a_warning_naming_the_keys() {
        let gap = MissingKeys {
            lang: "pl".parse().unwrap(),
            file: "locales/pl/reader.ftl".into(),
            keys: vec!["feed".into(), "read-more".into()],
        };
        let found = translations(&[gap]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, Kind::MissingTranslation);
        assert!(!found[0].is_error());
        assert!(
            found[0].message.contains("feed, read-more"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn clipping_is_an_error_and_nearing_it_a_warning() {
        let (_ws, mut checked) = sample();
        checked.rendered.emails[0].html = "x".repeat(GMAIL_CLIP_BYTES + 1);
        assert!(check(&checked.issue, &checked.rendered)[0].is_error());
        checked.rendered.emails[0].html = "x".repeat(SIZE_WARNING_BYTES + 1);
        assert!(!check(&checked.issue, &checked.rendered)[0].is_error());
    }

    #[test]
    fn contrast_follows_wcag() {
        let color = |text: &str| text.parse::<Color>().unwrap();
        for (accent, expected) in [
            ("#000000", 21.0),
            ("#ffffff", 1.0),
            // The figures WebAIM's contrast checker gives, to two places.
            ("#1f4e79", 8.66),
            ("#767676", 4.54),
            ("#777777", 4.48),
        ] {
            let ratio = contrast_ratio(color(accent), Color::WHITE);
            assert!((ratio - expected).abs() < 0.01, "{accent}: {ratio}");
        }
    }

    #[test]
    fn an_accent_below_aa_and_a_missing_logo_are_errors() {
        let (ws, _) = sample();
        for (accent, logo, expected) in [
            ("#1f4e79", None, vec![]),
            ("#767676", Some("logo.png"), vec![]),
            ("#777777", None, vec![Kind::LowContrast]),
            (
                "#f5c400",
                Some("fehlt.png"),
                vec![Kind::LowContrast, Kind::MissingImage],
            ),
        ] {
            let mut config = ws.config.clone();
            config.site.accent_color = accent.parse().unwrap();
            config.site.logo = logo.map(std::path::PathBuf::from);
            let found = branding(&config, |path| path == Path::new("logo.png"));
            assert!(found.iter().all(Diagnostic::is_error));
            let kinds: Vec<Kind> = found.iter().map(|d| d.kind).collect();
            assert_eq!(kinds, expected, "{accent}");
        }
        let mut config = ws.config.clone();
        config.site.accent_color = "#777".parse().unwrap();
        let message = branding(&config, |_| true)[0].message.clone();
        assert!(
            message.contains("#777777") && message.contains("4.47"),
            "{message}"
        );
    }

    #[test]
    fn deliverability_rules_each_find_their_problem() {
        let dkim = |domain: &str| crate::config::Dkim {
            selector: "rundbrief".into(),
            domain: domain.into(),
            key_file: "dkim.pem".into(),
            algorithm: crate::config::DkimAlgorithm::default(),
        };
        type Setup = Box<dyn Fn(&mut Config, &mut Checked)>;
        let cases: Vec<(&str, Setup, Vec<Kind>)> = vec![
            (
                "signed and aligned",
                Box::new(move |c, _| c.smtp.dkim = Some(dkim("example.org"))),
                vec![],
            ),
            ("not signed", Box::new(|_, _| {}), vec![Kind::NoDkim]),
            (
                "signed for another domain",
                Box::new(move |c, _| c.smtp.dkim = Some(dkim("example.net"))),
                vec![Kind::DkimAlignment],
            ),
            (
                "unsubscribe over http",
                Box::new(move |c, _| {
                    c.smtp.dkim = Some(dkim("example.org"));
                    c.site.public_url =
                        Some(crate::config::BaseUrl::parse("http://example.org/r").unwrap());
                }),
                vec![Kind::InsecureUnsubscribe],
            ),
            (
                "a shouting subject",
                Box::new(move |c, k| {
                    c.smtp.dkim = Some(dkim("example.org"));
                    k.rendered.emails[0].subject = "JETZT ANMELDEN UND GEWINNEN".into();
                }),
                vec![Kind::SpammySubject],
            ),
            (
                "a shortened link",
                Box::new(move |c, k| {
                    c.smtp.dkim = Some(dkim("example.org"));
                    k.rendered.links.push(link("https://bit.ly/abc", None));
                }),
                vec![Kind::ShortLink],
            ),
        ];
        for (case, setup, expected) in cases {
            let (ws, mut checked) = sample();
            let mut config = ws.config.clone();
            setup(&mut config, &mut checked);
            let found: Vec<Kind> = deliverability(&config, &checked.issue, &checked.rendered)
                .into_iter()
                .map(|d| d.kind)
                .collect();
            assert_eq!(found, expected, "{case}");
        }
    }

    #[test]
    fn a_missing_privacy_or_imprint_url_is_a_warning_naming_the_keys() {
        let (ws, _) = sample();
        let url = |text: &str| Some(crate::config::BaseUrl::parse(text).unwrap());
        for (privacy, imprint, named) in [
            (true, true, None),
            (false, true, Some("[site] privacy_url is not set")),
            (true, false, Some("[site] imprint_url is not set")),
            (
                false,
                false,
                Some("[site] privacy_url, imprint_url are not set"),
            ),
        ] {
            let mut config = ws.config.clone();
            config.site.privacy_url = privacy
                .then(|| url("https://example.org/datenschutz"))
                .flatten();
            config.site.imprint_url = imprint
                .then(|| url("https://example.org/impressum"))
                .flatten();
            let found = legal_notice(&config);
            match named {
                None => assert!(found.is_empty(), "{found:?}"),
                Some(text) => {
                    assert_eq!(found.len(), 1, "{found:?}");
                    assert_eq!(found[0].kind, Kind::NoLegalNotice);
                    assert!(!found[0].is_error());
                    assert!(found[0].message.contains(text), "{}", found[0].message);
                }
            }
        }
    }
}
