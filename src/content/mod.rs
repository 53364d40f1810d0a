//! The editor's content: issues (`issues/<YYYY>-Q<n>/issue.toml`), one-off
//! mailings (`issues/<YYYY>-<MM>-<slug>/issue.toml`) and their blog entries
//! (`*.md` with TOML front matter), loaded and validated into typed values.
//! Every problem found is a `Diagnostic` naming file and line.

mod front_matter;
mod index;
mod issue_id;
pub mod placeholder;
mod slug;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Kind};
use crate::locale::{Catalog, Lang};
use crate::t;
use crate::toml_errors::{TomlFile, line_of_offset, parse_toml};

pub use front_matter::{FrontMatterError, split_front_matter};
pub use index::SiteIndex;
pub use issue_id::{BadIssueId, IssueId, MAILING_NAME_MAX, MailingProblem, MailingSlug};
pub use slug::{Slug, transliterate};

pub const ISSUE_FILE: &str = "issue.toml";

/// The workspace as loading content sees it: the root its paths are
/// relative to, and the configuration (issues folder, languages, vocabulary).
#[derive(Debug, Clone, Copy)]
pub struct Folder<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
}

impl Folder<'_> {
    /// The issue's folder, relative to the root.
    pub fn issue_dir(&self, id: &IssueId) -> PathBuf {
        self.config.paths.issues.join(id.to_string())
    }
}

/// Markdown together with where it came from, so that a problem found while
/// rendering it can name the file and the line.
#[derive(Debug, Clone)]
pub struct Markdown {
    pub text: String,
    /// The file, relative to the workspace root.
    pub file: PathBuf,
    /// The line of `file` on which `text` begins.
    pub first_line: usize,
}

/// One newsletter issue (Ausgabe), as the editor wrote it.
#[derive(Debug, Clone)]
pub struct Issue {
    pub id: IssueId,
    /// `issues/2026-Q4`, relative to the workspace root.
    pub dir: PathBuf,
    pub title: String,
    pub number: Option<u32>,
    pub date: NaiveDate,
    pub lang: Lang,
    pub subject: String,
    /// The line of `subject` in issue.toml, where subject and preheader problems point.
    pub subject_line: usize,
    pub preheader: Option<String>,
    /// The line of `preheader` in issue.toml, or of `subject` without one.
    pub preheader_line: usize,
    /// The editorial of a quarterly issue, the body of a mailing.
    pub editorial: Markdown,
    /// A mailing's button: register, download the call.
    pub cta: Option<CallToAction>,
    pub events: Vec<Event>,
    pub draft: bool,
    /// Editions in further languages; the issue itself is the edition in `lang`.
    pub editions: Vec<Edition>,
    /// Sorted by `order`, then date and title; drafts included.
    pub entries: Vec<Entry>,
    /// Who it is meant for (`[audience]` in issue.toml); everyone by default.
    pub audience: Audience,
}

/// Who an issue or mailing goes to: confirmed readers of these languages
/// (any, when empty) who chose one of these interests. A reader who chose
/// no interest wants everything and is in every audience.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    pub languages: Vec<Lang>,
    pub interests: Vec<String>,
}

impl Audience {
    pub fn is_everyone(&self) -> bool {
        self.languages.is_empty() && self.interests.is_empty()
    }

    /// Whether a reader of `lang` with `interests` (none: everything) is in it.
    pub fn includes(&self, lang: Lang, interests: &[String]) -> bool {
        (self.languages.is_empty() || self.languages.contains(&lang))
            && (self.interests.is_empty()
                || interests.is_empty()
                || interests.iter().any(|i| self.interests.contains(i)))
    }

    /// How the journal records it: `everyone`, or `languages=de,en
    /// interests=polen`.
    pub fn describe(&self) -> String {
        if self.is_everyone() {
            return "everyone".to_string();
        }
        let mut parts = Vec::new();
        if !self.languages.is_empty() {
            let codes: Vec<&str> = self.languages.iter().map(Lang::code).collect();
            parts.push(format!("languages={}", codes.join(",")));
        }
        if !self.interests.is_empty() {
            parts.push(format!("interests={}", self.interests.join(",")));
        }
        parts.join(" ")
    }
}

impl Issue {
    pub fn file(&self) -> PathBuf {
        self.dir.join(ISSUE_FILE)
    }

    /// The entries that go out; drafts stay behind.
    pub fn published_entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|entry| !entry.draft)
    }

    /// The languages this issue is written in, its own first.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs = vec![self.lang];
        langs.extend(self.editions.iter().map(|e| e.lang));
        langs
    }

    /// The texts of the edition in `lang`, or of the issue's own language.
    pub fn edition(&self, lang: Lang) -> EditionTexts<'_> {
        match self.editions.iter().find(|e| e.lang == lang) {
            Some(e) => EditionTexts {
                lang: e.lang,
                title: e.title.as_deref().unwrap_or(&self.title),
                subject: &e.subject,
                subject_line: e.subject_line,
                preheader: e.preheader.as_deref(),
                preheader_line: e.preheader_line,
                editorial: &e.editorial,
                cta: e.cta.as_ref().or(self.cta.as_ref()),
            },
            None => EditionTexts {
                lang: self.lang,
                title: &self.title,
                subject: &self.subject,
                subject_line: self.subject_line,
                preheader: self.preheader.as_deref(),
                preheader_line: self.preheader_line,
                editorial: &self.editorial,
                cta: self.cta.as_ref(),
            },
        }
    }
}

/// The texts of an issue in one language: what differs between editions.
#[derive(Debug, Clone, Copy)]
pub struct EditionTexts<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub subject: &'a str,
    pub subject_line: usize,
    pub preheader: Option<&'a str>,
    pub preheader_line: usize,
    pub editorial: &'a Markdown,
    /// The edition's own button, else the mailing's.
    pub cta: Option<&'a CallToAction>,
}

/// An issue's texts in a further language (`[editions.en]` in issue.toml).
#[derive(Debug, Clone)]
pub struct Edition {
    pub lang: Lang,
    pub title: Option<String>,
    pub subject: String,
    pub subject_line: usize,
    pub preheader: Option<String>,
    pub preheader_line: usize,
    pub editorial: Markdown,
    pub cta: Option<CallToAction>,
}

/// A mailing's call-to-action button (`[cta]` in issue.toml): what the
/// reader should do, and where.
#[derive(Debug, Clone)]
pub struct CallToAction {
    pub label: String,
    /// As written: an address, or a file of the mailing's folder.
    pub url: String,
    /// The line of `url` in issue.toml.
    pub line: usize,
}

/// A date the issue announces: a consultation hour, a seminar, a workshop.
#[derive(Debug, Clone)]
pub struct Event {
    pub when: When,
    pub title: String,
    pub place: Option<String>,
    pub link: Option<String>,
    /// The line of `date` in issue.toml, and of `link`.
    pub line: usize,
    pub link_line: usize,
    /// Names the event within its issue (`sprechstunde`, `sprechstunde-2`):
    /// its calendar file and, with the issue, its calendar UID. Made from
    /// the title, not the date or the position, so that a corrected date or
    /// a new event before it still updates the same entry in a reader's
    /// calendar.
    pub key: String,
}

/// A day, or a day with a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    Day(NaiveDate),
    At(NaiveDateTime),
}

/// Chronological: a whole day sorts before the timed events of that day.
impl Ord for When {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |when: &When| match *when {
            When::Day(day) => (day, None),
            When::At(at) => (at.date(), Some(at.time())),
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for When {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl When {
    pub fn day(self) -> NaiveDate {
        match self {
            When::Day(day) => day,
            When::At(at) => at.date(),
        }
    }

    pub fn format(self, catalog: &Catalog) -> String {
        match self {
            When::Day(day) => catalog.date(day),
            When::At(at) => catalog.date_time(at),
        }
    }
}

/// The key of each event, from its title: a title seen before gets `-2`,
/// `-3`; a title with no letters or digits is `termin`.
pub fn event_keys<'a>(titles: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    titles
        .map(|title| {
            let base = Slug::from_title(title)
                .map_or_else(|| "termin".to_string(), |s| s.as_str().to_string());
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                base
            } else {
                format!("{base}-{count}")
            }
        })
        .collect()
}

/// A blog entry: one Markdown file of an issue.
#[derive(Debug, Clone)]
pub struct Entry {
    pub slug: Slug,
    pub title: String,
    pub author: String,
    pub date: NaiveDate,
    pub summary: Option<String>,
    pub countries: Vec<String>,
    pub themes: Vec<String>,
    pub image: Option<EntryImage>,
    pub order: i64,
    pub draft: bool,
    pub lang: Lang,
    pub body: Markdown,
    /// Lines of the front matter keys, for diagnostics about them.
    pub lines: BTreeMap<&'static str, usize>,
}

impl Entry {
    pub fn file(&self) -> &Path {
        &self.body.file
    }

    /// The line of a front matter key, or the first line of the file.
    pub fn line_of(&self, key: &str) -> usize {
        self.lines.get(key).copied().unwrap_or(1)
    }
}

/// The picture at the top of an entry.
#[derive(Debug, Clone)]
pub struct EntryImage {
    /// As written in the front matter, relative to the entry's file.
    pub src: String,
    pub alt: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueFile {
    title: String,
    number: Option<u32>,
    date: Spanned<Datetime>,
    language: Option<Spanned<String>>,
    subject: Spanned<String>,
    preheader: Option<Spanned<String>>,
    editorial: Spanned<String>,
    /// Read only to say that a button belongs to a mailing.
    cta: Option<Spanned<CtaFile>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    events: Vec<EventFile>,
    #[serde(default)]
    editions: BTreeMap<String, Spanned<EditionFile>>,
    audience: Option<AudienceFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AudienceFile {
    #[serde(default)]
    languages: Vec<Spanned<String>>,
    #[serde(default)]
    interests: Vec<Spanned<String>>,
}

/// A mailing's issue.toml: simpler than a quarterly issue's, without a
/// number, with a `body` where the issue has its editorial, and a button.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MailingFile {
    title: String,
    date: Spanned<Datetime>,
    language: Option<Spanned<String>>,
    subject: Spanned<String>,
    preheader: Option<Spanned<String>>,
    body: Spanned<String>,
    cta: Option<Spanned<CtaFile>>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    events: Vec<EventFile>,
    #[serde(default)]
    editions: BTreeMap<String, Spanned<MailingEditionFile>>,
    audience: Option<AudienceFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MailingEditionFile {
    title: Option<String>,
    subject: Spanned<String>,
    preheader: Option<Spanned<String>>,
    body: Spanned<String>,
    cta: Option<Spanned<CtaFile>>,
}

impl From<MailingFile> for IssueFile {
    fn from(mailing: MailingFile) -> IssueFile {
        IssueFile {
            title: mailing.title,
            number: None,
            date: mailing.date,
            language: mailing.language,
            subject: mailing.subject,
            preheader: mailing.preheader,
            editorial: mailing.body,
            cta: mailing.cta,
            draft: mailing.draft,
            events: mailing.events,
            editions: mailing
                .editions
                .into_iter()
                .map(|(code, edition)| {
                    let span = edition.span();
                    let edition = edition.into_inner();
                    let converted = EditionFile {
                        title: edition.title,
                        subject: edition.subject,
                        preheader: edition.preheader,
                        editorial: edition.body,
                        cta: edition.cta,
                    };
                    (code, Spanned::new(span, converted))
                })
                .collect(),
            audience: mailing.audience,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventFile {
    date: Spanned<Datetime>,
    title: String,
    place: Option<String>,
    link: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditionFile {
    title: Option<String>,
    subject: Spanned<String>,
    preheader: Option<Spanned<String>>,
    editorial: Spanned<String>,
    cta: Option<Spanned<CtaFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CtaFile {
    label: String,
    url: Spanned<String>,
}

/// Reads a file as UTF-8 text, or says which line holds the first bad byte.
pub fn read_text(ws: Folder<'_>, file: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(ws.root.join(file)).map_err(|e| {
        Diagnostic::error(
            Kind::Io,
            file,
            None,
            t!("content-unreadable", error = e.to_string()),
        )
    })?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(Diagnostic::error(
                Kind::Encoding,
                file,
                Some(line),
                t!("content-not-utf8"),
            ))
        }
    }
}

/// Loads an issue with all its entries. Beside it come errors that leave it
/// usable for the remaining checks (an unknown tag); `Err` holds every
/// problem when something prevents loading it at all.
pub fn load_issue(
    ws: Folder<'_>,
    id: &IssueId,
) -> Result<(Issue, Vec<Diagnostic>), Vec<Diagnostic>> {
    let dir = ws.issue_dir(id);
    let file = dir.join(ISSUE_FILE);
    if !ws.root.join(&dir).is_dir() {
        return Err(vec![Diagnostic::error(
            Kind::Io,
            &dir,
            None,
            t!("content-no-issue", id = id.to_string()),
        )]);
    }
    let mut problems = Vec::new();
    let issue_file = read_text(ws, &file)
        .map_err(|problem| vec![problem])
        .and_then(|text| parse_issue_file(id, &text, &file));
    let mut usable = Vec::new();
    let entries = load_entries(ws, &dir, &mut problems, &mut usable);
    let issue_file = match issue_file {
        Ok(parsed) => Some(parsed),
        Err(mut found) => {
            problems.append(&mut found);
            None
        }
    };
    // A mailing says what it has to say in its body; entries are optional.
    if problems.is_empty() && entries.is_empty() && !id.is_mailing() {
        problems.push(Diagnostic::error(
            Kind::NoEntries,
            &file,
            None,
            t!(
                "content-no-entries",
                dir = dir.display().to_string(),
                id = id.to_string()
            ),
        ));
    }
    let Some((raw, text)) = issue_file else {
        problems.append(&mut usable);
        return Err(problems);
    };
    let issue = build_issue(ws, id, dir, &file, raw, &text, entries, &mut problems);
    let mut slugs = BTreeMap::new();
    for entry in &issue.entries {
        if let Some(other) = slugs.insert(entry.slug.clone(), entry.file().to_path_buf()) {
            problems.push(Diagnostic::error(
                Kind::DuplicateSlug,
                entry.file(),
                Some(entry.line_of("title")),
                t!(
                    "content-duplicate-slug",
                    slug = entry.slug.as_str(),
                    other = other.display().to_string()
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok((issue, usable))
    } else {
        problems.append(&mut usable);
        Err(problems)
    }
}

fn parse_issue_file(
    id: &IssueId,
    text: &str,
    file: &Path,
) -> Result<(IssueFile, String), Vec<Diagnostic>> {
    let raw = if id.is_mailing() {
        parse_toml::<MailingFile>(file, text, 1, TomlFile::Content)?.into()
    } else {
        parse_toml::<IssueFile>(file, text, 1, TomlFile::Content)?
    };
    Ok((raw, text.to_string()))
}

#[allow(clippy::too_many_arguments)]
fn build_issue(
    ws: Folder<'_>,
    id: &IssueId,
    dir: PathBuf,
    file: &Path,
    raw: IssueFile,
    text: &str,
    entries: Vec<Entry>,
    problems: &mut Vec<Diagnostic>,
) -> Issue {
    let default_lang = ws.config.site.default_lang();
    let lang = parse_lang(raw.language.as_ref(), text, file, problems).unwrap_or(default_lang);
    let date = if let Some(when) = to_when(raw.date.get_ref()) {
        when.day()
    } else {
        problems.push(bad_date(file, line_of_offset(text, raw.date.span().start)));
        NaiveDate::MIN
    };
    let mut events = Vec::new();
    for event in raw.events {
        let line = line_of_offset(text, event.date.span().start);
        match to_when(event.date.get_ref()) {
            Some(when) => events.push(Event {
                when,
                title: event.title,
                place: event.place,
                link_line: event
                    .link
                    .as_ref()
                    .map_or(line, |link| line_of_offset(text, link.span().start)),
                link: event.link.map(Spanned::into_inner),
                line,
                key: String::new(),
            }),
            None => problems.push(bad_date(file, line)),
        }
    }
    // Keys in the order written, before sorting: the same file gives the same keys.
    let keys = event_keys(events.iter().map(|event| event.title.as_str()));
    for (event, key) in events.iter_mut().zip(keys) {
        event.key = key;
    }
    events.sort_by_key(|event| event.when);
    let audience = raw
        .audience
        .map(|audience| read_audience(ws, audience, text, file, problems))
        .unwrap_or_default();
    let cta = raw
        .cta
        .and_then(|cta| call_to_action(id, file, text, cta, problems));
    let mut editions = Vec::new();
    for (code, edition) in raw.editions {
        let line = line_of_offset(text, edition.span().start);
        let edition = edition.into_inner();
        match code.parse::<Lang>() {
            Ok(edition_lang) if edition_lang != lang => editions.push(Edition {
                lang: edition_lang,
                title: edition.title,
                subject_line: line_of_offset(text, edition.subject.span().start),
                preheader_line: line_of_offset(
                    text,
                    edition
                        .preheader
                        .as_ref()
                        .unwrap_or(&edition.subject)
                        .span()
                        .start,
                ),
                subject: edition.subject.into_inner(),
                preheader: edition.preheader.map(Spanned::into_inner),
                editorial: toml_markdown(file, text, &edition.editorial),
                cta: edition
                    .cta
                    .and_then(|cta| call_to_action(id, file, text, cta, problems)),
            }),
            Ok(_) => problems.push(Diagnostic::error(
                Kind::Invalid,
                file,
                Some(line),
                t!("content-edition-own-lang", code = code.as_str()),
            )),
            Err(e) => problems.push(Diagnostic::error(
                Kind::Invalid,
                file,
                Some(line),
                e.to_string(),
            )),
        }
    }
    Issue {
        id: id.clone(),
        dir,
        title: raw.title,
        number: raw.number,
        date,
        lang,
        subject_line: line_of_offset(text, raw.subject.span().start),
        preheader_line: line_of_offset(
            text,
            raw.preheader.as_ref().unwrap_or(&raw.subject).span().start,
        ),
        subject: raw.subject.into_inner(),
        preheader: raw
            .preheader
            .map(Spanned::into_inner)
            .filter(|p| !p.trim().is_empty()),
        editorial: toml_markdown(file, text, &raw.editorial),
        cta,
        events,
        draft: raw.draft,
        editions,
        entries,
        audience,
    }
}

/// `[audience]`: languages the workspace has, interests of its vocabulary.
fn read_audience(
    ws: Folder<'_>,
    raw: AudienceFile,
    text: &str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Audience {
    let line = |offset: usize| line_of_offset(text, offset);
    let mut languages = Vec::new();
    for code in raw.languages {
        let at = line(code.span().start);
        match code.get_ref().parse::<Lang>() {
            Ok(lang) if ws.config.site.languages.contains(&lang) => {
                if !languages.contains(&lang) {
                    languages.push(lang);
                }
            }
            Ok(_) | Err(_) => problems.push(Diagnostic::error(
                Kind::Invalid,
                file,
                Some(at),
                t!(
                    "content-audience-language",
                    code = code.get_ref().as_str(),
                    known = ws
                        .config
                        .site
                        .languages
                        .iter()
                        .map(Lang::code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    let vocabulary = &ws.config.vocabulary;
    let known: Vec<String> = vocabulary.interests().map(str::to_string).collect();
    let interests = known_tags(raw.interests, &known, "interests", file, &line, problems);
    Audience {
        languages,
        interests,
    }
}

/// A `[cta]` table: only a mailing has a button, and it must say what it does.
fn call_to_action(
    id: &IssueId,
    file: &Path,
    text: &str,
    cta: Spanned<CtaFile>,
    problems: &mut Vec<Diagnostic>,
) -> Option<CallToAction> {
    let line = line_of_offset(text, cta.span().start);
    if !id.is_mailing() {
        problems.push(Diagnostic::error(
            Kind::Invalid,
            file,
            Some(line),
            t!("content-cta-not-in-issue"),
        ));
        return None;
    }
    let cta = cta.into_inner();
    let label = cta.label.trim();
    if label.is_empty() || label.contains(['\r', '\n']) {
        problems.push(Diagnostic::error(
            Kind::Invalid,
            file,
            Some(line),
            t!("content-cta-label"),
        ));
        return None;
    }
    if cta.url.get_ref().trim().is_empty() {
        problems.push(Diagnostic::error(
            Kind::Invalid,
            file,
            Some(line_of_offset(text, cta.url.span().start)),
            t!("content-cta-url"),
        ));
        return None;
    }
    Some(CallToAction {
        label: label.to_string(),
        line: line_of_offset(text, cta.url.span().start),
        url: cta.url.into_inner().trim().to_string(),
    })
}

/// Markdown held in a TOML string: a multi-line string drops the line break
/// after its opening quotes, so its text begins on the next line.
fn toml_markdown(file: &Path, text: &str, value: &Spanned<String>) -> Markdown {
    let start = value.span().start;
    let mut first_line = line_of_offset(text, start);
    let opening = &text[start..value.span().end.min(text.len())];
    let multi_line = ["\"\"\"", "'''"]
        .iter()
        .filter_map(|quotes| opening.strip_prefix(quotes))
        .any(|rest| rest.starts_with('\n') || rest.starts_with("\r\n"));
    if multi_line {
        first_line += 1;
    }
    Markdown {
        text: value.get_ref().clone(),
        file: file.to_path_buf(),
        first_line,
    }
}

fn parse_lang(
    value: Option<&Spanned<String>>,
    text: &str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<Lang> {
    let value = value?;
    match value.get_ref().parse() {
        Ok(lang) => Some(lang),
        Err(e) => {
            let line = line_of_offset(text, value.span().start);
            problems.push(Diagnostic::error(
                Kind::Invalid,
                file,
                Some(line),
                format!("{e}"),
            ));
            None
        }
    }
}

fn to_when(value: &Datetime) -> Option<When> {
    let date = value.date?;
    let day = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())?;
    match value.time {
        None => Some(When::Day(day)),
        Some(time) => {
            let time = NaiveTime::from_hms_opt(
                time.hour.into(),
                time.minute.into(),
                time.second.unwrap_or(0).into(),
            )?;
            Some(When::At(day.and_time(time)))
        }
    }
}

fn bad_date(file: &Path, line: usize) -> Diagnostic {
    Diagnostic::error(Kind::Invalid, file, Some(line), t!("toml-date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_audience_takes_its_languages_and_interests_and_those_who_want_everything() {
        let (de, en) = (Lang::DE, Lang::EN);
        let polen = || vec!["polen".to_string()];
        let everyone = Audience::default();
        let poland = Audience {
            languages: vec![],
            interests: polen(),
        };
        let english_poland = Audience {
            languages: vec![en],
            interests: polen(),
        };
        let cases: &[(&Audience, Lang, &[&str], bool)] = &[
            (&everyone, de, &[], true),
            (&everyone, en, &["ungarn"], true),
            (&poland, de, &["polen"], true),
            (&poland, de, &["ungarn", "polen"], true),
            (&poland, de, &["ungarn"], false),
            (&poland, de, &[], true),
            (&english_poland, de, &["polen"], false),
            (&english_poland, en, &["polen"], true),
            (&english_poland, en, &[], true),
            (&english_poland, en, &["jugend"], false),
        ];
        for (audience, lang, interests, included) in cases {
            let interests: Vec<String> = interests.iter().map(ToString::to_string).collect();
            assert_eq!(
                audience.includes(*lang, &interests),
                *included,
                "{audience:?} {lang} {interests:?}"
            );
        }
        assert_eq!(everyone.describe(), "everyone");
        assert!(everyone.is_everyone() && !poland.is_everyone());
        assert_eq!(poland.describe(), "interests=polen");
        assert_eq!(english_poland.describe(), "languages=en interests=polen");
    }

    #[test]
    fn event_keys_come_from_titles_and_tell_repeats_apart() {
        for (titles, keys) in [
            (vec!["Offene Sprechstunde"], vec!["offene-sprechstunde"]),
            (
                vec!["Sprechstunde", "Seminar", "Sprechstunde", "Sprechstunde"],
                vec![
                    "sprechstunde",
                    "seminar",
                    "sprechstunde-2",
                    "sprechstunde-3",
                ],
            ),
            (
                vec!["Tag der Städtepartnerschaften"],
                vec!["tag-der-staedtepartnerschaften"],
            ),
            (vec!["!!!", "…"], vec!["termin", "termin-2"]),
        ] {
            assert_eq!(event_keys(titles.iter().copied()), keys, "{titles:?}");
        }
    }

    // Regression: events were ordered by kind first, so a whole-day event in
    // May 2027 came before a timed one in December 2026.
    #[test]
    fn events_sort_by_time_whatever_their_kind() {
        let may = When::Day(NaiveDate::from_ymd_opt(2027, 5, 8).unwrap());
        let december = When::At(
            NaiveDate::from_ymd_opt(2026, 12, 3)
                .unwrap()
                .and_hms_opt(15, 0, 0)
                .unwrap(),
        );
        let same_day = When::Day(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        let mut events = vec![may, december, same_day];
        events.sort();
        assert_eq!(events, vec![same_day, december, may]);
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    title: Spanned<String>,
    author: String,
    date: Spanned<Datetime>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    #[serde(default)]
    themes: Vec<Spanned<String>>,
    image: Option<Spanned<String>>,
    image_alt: Option<String>,
    #[serde(default)]
    order: i64,
    #[serde(default)]
    draft: bool,
    language: Option<Spanned<String>>,
    slug: Option<Spanned<String>>,
}

fn load_entries(
    ws: Folder<'_>,
    dir: &Path,
    problems: &mut Vec<Diagnostic>,
    usable: &mut Vec<Diagnostic>,
) -> Vec<Entry> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(ws.root.join(dir)) {
        Ok(read) => read
            .filter_map(std::result::Result::ok)
            .map(|item| item.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "md") && path.is_file())
            .filter_map(|path| path.file_name().map(|name| dir.join(name)))
            .collect(),
        Err(e) => {
            problems.push(Diagnostic::error(Kind::Io, dir, None, e.to_string()));
            return Vec::new();
        }
    };
    files.sort();
    let mut entries = Vec::new();
    for file in files {
        let parsed = read_text(ws, &file)
            .map_err(|problem| vec![problem])
            .and_then(|text| parse_entry(ws, &file, &text));
        match parsed {
            Ok((entry, mut tag_problems)) => {
                usable.append(&mut tag_problems);
                entries.push(entry);
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    entries.sort_by(|a, b| (a.order, a.date, &a.title).cmp(&(b.order, b.date, &b.title)));
    entries
}

/// Parses one entry file; tag problems come back beside the entry, since the
/// entry itself is still usable for the remaining checks. `Err` holds every
/// problem that keeps the entry from loading.
pub fn parse_entry(
    ws: Folder<'_>,
    file: &Path,
    text: &str,
) -> Result<(Entry, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parts = split_front_matter(text).map_err(|e| {
        vec![Diagnostic::error(
            Kind::FrontMatter,
            file,
            Some(e.line()),
            e.message(),
        )]
    })?;
    let raw: EntryFile = parse_toml(
        file,
        parts.front_matter,
        parts.front_matter_line,
        TomlFile::Content,
    )?;
    let fm = parts.front_matter;
    let line = |offset: usize| parts.front_matter_line + line_of_offset(fm, offset) - 1;
    let mut problems = Vec::new();
    let mut lines = BTreeMap::new();
    lines.insert("title", line(raw.title.span().start));
    lines.insert("date", line(raw.date.span().start));
    let date = to_when(raw.date.get_ref())
        .map(When::day)
        .ok_or_else(|| vec![bad_date(file, line(raw.date.span().start))])?;
    let lang = parse_lang(raw.language.as_ref(), fm, file, &mut problems)
        .unwrap_or(ws.config.site.default_lang());
    let title = raw.title.into_inner();
    let slug = match &raw.slug {
        Some(given) => Slug::parse(given.get_ref()).ok_or_else(|| {
            vec![Diagnostic::error(
                Kind::Invalid,
                file,
                Some(line(given.span().start)),
                t!("slug-invalid"),
            )]
        })?,
        None => Slug::from_title(&title).ok_or_else(|| {
            vec![Diagnostic::error(
                Kind::Invalid,
                file,
                Some(lines["title"]),
                t!("slug-from-title"),
            )]
        })?,
    };
    let vocabulary = &ws.config.vocabulary;
    let countries = known_tags(
        raw.countries,
        &vocabulary.countries,
        "countries",
        file,
        &line,
        &mut problems,
    );
    let themes = known_tags(
        raw.themes,
        &vocabulary.themes,
        "themes",
        file,
        &line,
        &mut problems,
    );
    let image = raw.image.map(|src| {
        lines.insert("image", line(src.span().start));
        EntryImage {
            src: src.into_inner(),
            alt: raw.image_alt.filter(|alt| !alt.trim().is_empty()),
        }
    });
    let entry = Entry {
        slug,
        title,
        author: raw.author,
        date,
        summary: raw.summary.and_then(|summary| {
            lines.insert("summary", line(summary.span().start));
            Some(summary.into_inner()).filter(|s| !s.trim().is_empty())
        }),
        countries,
        themes,
        image,
        order: raw.order,
        draft: raw.draft,
        lang,
        body: Markdown {
            text: parts.body.to_string(),
            file: file.to_path_buf(),
            first_line: parts.body_line,
        },
        lines,
    };
    Ok((entry, problems))
}

fn known_tags(
    tags: Vec<Spanned<String>>,
    known: &[String],
    key: &str,
    file: &Path,
    line: &dyn Fn(usize) -> usize,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut accepted = Vec::new();
    for tag in tags {
        let name = tag.get_ref().trim().to_lowercase();
        if known.contains(&name) {
            if !accepted.contains(&name) {
                accepted.push(name);
            }
        } else {
            problems.push(Diagnostic::error(
                Kind::UnknownTag,
                file,
                Some(line(tag.span().start)),
                t!(
                    "content-unknown-tag",
                    tag = tag.get_ref().as_str(),
                    key = key,
                    known = known.join(", ")
                ),
            ));
        }
    }
    accepted
}
