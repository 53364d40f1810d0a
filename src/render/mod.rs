//! Rendering an issue: Markdown through comrak, the templates through
//! minijinja into MJML, MJML through mrml into email HTML, and the text part
//! from the same Markdown. Rendered once per language; per recipient only the
//! placeholders are filled in (`Email::personalise`).

pub(crate) mod markdown;
pub(crate) mod templates;
pub(crate) mod text;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{Config, Salutation};
use crate::content::{Entry, Issue, SiteIndex, Slug};
use crate::diagnostic::{Diagnostic, Kind};
use crate::locale::{Catalog, Lang, Locales, args};
use crate::urls::{Resolver, SiteUrls};
use markdown::{LinkLog, LinkUse};

/// Stands in the rendered email where each recipient's unsubscribe URL goes.
pub(crate) const UNSUBSCRIBE_URL: &str = "%%UNSUBSCRIBE_URL%%";
/// Stands where each recipient's preferences page URL goes.
pub(crate) const PREFERENCES_URL: &str = "%%PREFERENCES_URL%%";
/// Stands where the greeting with the recipient's name goes.
pub(crate) const GREETING: &str = "%%GREETING%%";

/// Everything an issue renders to.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// One per language of the issue, its own language first.
    pub emails: Vec<Email>,
    /// What each email shows, in the same order.
    pub editions: Vec<EditionView>,
    /// The blog page of each published entry.
    pub pages: Vec<Page>,
    pub links: Vec<LinkUse>,
    /// Local files (images, documents) the content links to.
    pub assets: BTreeSet<PathBuf>,
    /// The pictures as the emails carry them; filled by `email_images`.
    pub images: Vec<EmailImage>,
}

impl Rendered {
    pub fn email(&self, lang: Lang) -> &Email {
        &self.emails[self.edition_of(lang)]
    }

    /// Which of `emails` a reader of `lang` gets: their language's, else
    /// the issue's own.
    pub fn edition_of(&self, lang: Lang) -> usize {
        self.emails.iter().position(|e| e.lang == lang).unwrap_or(0)
    }
}

/// The email is 600 px wide; an entry's column keeps 24 px on each side.
pub const COLUMN_WIDTH: u32 = 552;

/// An issue's picture as the email carries it.
#[derive(Debug, Clone)]
pub struct EmailImage {
    /// The original, relative to the workspace root.
    pub source: PathBuf,
    /// The copy, relative to the issue's folder: `email/images/rathaus.jpg`.
    pub path: PathBuf,
    /// The original's address, which rendering wrote into the email.
    pub original_url: String,
    /// The copy's address.
    pub url: String,
    /// The copy's size in pixels.
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

impl EmailImage {
    /// The size it is shown at: its own, or the column's width at most.
    pub fn shown(&self) -> (u32, u32) {
        if self.width <= COLUMN_WIDTH {
            (self.width, self.height)
        } else {
            let height = u64::from(self.height) * u64::from(COLUMN_WIDTH) / u64::from(self.width);
            (COLUMN_WIDTH, height.max(1) as u32)
        }
    }
}

/// One edition of the email, with placeholders for the recipient.
#[derive(Debug, Clone)]
pub struct Email {
    pub lang: Lang,
    /// The edition's catalog: the greeting is written per recipient.
    pub catalog: Arc<Catalog>,
    /// The workspace's greeting in this language, where it has one.
    pub salutation: Salutation,
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The MJML the templates wrote, before mrml made it HTML: for whoever
    /// adjusts the templates (`build --mjml`).
    pub mjml: String,
}

/// Who an email is personalised for.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub name: Option<&'a str>,
    pub unsubscribe_url: &'a str,
    pub preferences_url: &'a str,
}

impl Email {
    /// The HTML and text parts for one recipient.
    pub fn personalise(&self, to: Recipient<'_>) -> (String, String) {
        let greeting = self.greeting(to.name);
        let html = self
            .html
            .replace(GREETING, &escape_html(&greeting))
            .replace(UNSUBSCRIBE_URL, &escape_html(to.unsubscribe_url))
            .replace(PREFERENCES_URL, &escape_html(to.preferences_url));
        let text = fill_text(&self.text, &greeting, to);
        (html, text)
    }

    /// The greeting of a reader called `name`: `[salutation.<lang>] named`,
    /// else the catalog's; the general one when the name is not known.
    pub fn greeting(&self, name: Option<&str>) -> String {
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => match &self.salutation.named {
                Some(named) => named.replace("{name}", name),
                None => self
                    .catalog
                    .format("greeting-named", &args([("name", name)])),
            },
            None => general_greeting(&self.salutation, &self.catalog),
        }
    }
}

/// Which places of an edition hold something of the recipient's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Personal {
    Greeting,
    UnsubscribeUrl,
    PreferencesUrl,
}

impl Personal {
    pub(crate) const ALL: [Personal; 3] = [
        Personal::Greeting,
        Personal::UnsubscribeUrl,
        Personal::PreferencesUrl,
    ];

    /// What stands in the rendered email until it is sent.
    pub(crate) fn placeholder(self) -> &'static str {
        match self {
            Personal::Greeting => GREETING,
            Personal::UnsubscribeUrl => UNSUBSCRIBE_URL,
            Personal::PreferencesUrl => PREFERENCES_URL,
        }
    }

    /// The recipient's value, as it reads (not yet escaped for HTML).
    pub(crate) fn value<'a>(self, greeting: &'a str, to: &Recipient<'a>) -> &'a str {
        match self {
            Personal::Greeting => greeting,
            Personal::UnsubscribeUrl => to.unsubscribe_url,
            Personal::PreferencesUrl => to.preferences_url,
        }
    }
}

/// `text` (a whole text part or some lines of it) with the recipient's
/// values in, fitted: a name or an address can make a line too long only
/// now. Fitting works line by line, so a line filled on its own comes out
/// as it does within the whole text.
pub(crate) fn fill_text(text: &str, greeting: &str, to: Recipient<'_>) -> String {
    text::fit(
        &text
            .replace(GREETING, greeting)
            .replace(UNSUBSCRIBE_URL, to.unsubscribe_url)
            .replace(PREFERENCES_URL, to.preferences_url),
    )
}

/// The greeting for readers whose name is not known, and for the web
/// version: `[salutation.<lang>] anonymous`, else the catalog's `greeting-all`.
pub(crate) fn general_greeting(salutation: &Salutation, catalog: &Catalog) -> String {
    salutation
        .anonymous
        .clone()
        .unwrap_or_else(|| catalog.text("greeting-all"))
}

/// An entry's web page.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: Slug,
    pub html: String,
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The site as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub name: String,
    pub base_url: String,
    pub postal_address: String,
    pub reply_to: Option<String>,
    pub privacy_url: Option<String>,
    pub imprint_url: Option<String>,
    /// `[site] logo` as published at the archive's root.
    pub logo_url: Option<String>,
    /// `[site] accent_color`, `#rrggbb`.
    pub accent: String,
}

impl SiteView {
    pub(crate) fn of(config: &crate::config::Config) -> SiteView {
        SiteView {
            logo_url: logo_url(config),
            accent: config.site.accent_color.to_string(),
            name: config.site.name.clone(),
            base_url: config.site.base_url.as_str().to_string(),
            postal_address: config.sender.postal_address.clone(),
            reply_to: config.sender.reply_to.as_ref().map(|m| m.email.to_string()),
            privacy_url: config.site.privacy_url.as_ref().map(ToString::to_string),
            imprint_url: config.site.imprint_url.as_ref().map(ToString::to_string),
        }
    }
}

/// Where the logo is published: the archive's root, under the file's own
/// name, so that every mail and page can show it from there.
pub(crate) fn logo_url(config: &crate::config::Config) -> Option<String> {
    let name = config.site.logo.as_ref()?.file_name()?.to_str()?;
    let mut url = url::Url::parse(&format!("{}/", config.site.base_url.as_str())).ok()?;
    url.path_segments_mut().ok()?.pop_if_empty().push(name);
    Some(url.to_string())
}

/// An issue in one language as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    pub id: String,
    pub title: String,
    pub number: Option<u32>,
    pub date: String,
    pub subject: String,
    pub preheader: String,
    /// The web version of this edition.
    pub url: String,
    pub lang: Lang,
    pub editorial_html: String,
    pub editorial_text: String,
    /// The greeting for everyone, which opens the editorial on the web,
    /// where no reader's name is known: the email has its own, per reader.
    pub greeting: String,
    /// A one-off mailing rather than a quarterly issue.
    pub mailing: bool,
    /// A mailing's button, its address resolved like any link.
    pub cta: Option<LinkView>,
}

/// An entry as templates see it; its date in the edition's language.
#[derive(Debug, Serialize, Clone)]
pub struct EntryView {
    pub slug: Slug,
    pub title: String,
    pub author: String,
    pub date: String,
    pub url: String,
    pub lang: Lang,
    pub image: Option<ImageView>,
    pub summary_html: Option<String>,
    pub summary_text: Option<String>,
    pub body_html: String,
    /// The body with images limited to the column, for the email.
    pub body_email_html: String,
    pub body_text: String,
    pub countries: Vec<String>,
    pub themes: Vec<String>,
    /// Countries, then themes, as readers see them, linked to the archive's tag pages.
    pub tags: Vec<LinkView>,
    /// What a screen reader says for the "read more" button: which entry
    /// it leads to, in the edition's language.
    pub read_more: String,
}

/// A labelled link.
#[derive(Debug, Serialize, Clone, PartialEq, Eq)]
pub struct LinkView {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct ImageView {
    pub url: String,
    pub alt: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct EventView {
    pub when: String,
    pub title: String,
    pub place: Option<String>,
    pub link: Option<String>,
    /// The event's calendar file in the archive.
    pub calendar_url: String,
    /// The issue's own language, which its events are written in.
    pub lang: Lang,
}

/// Everything an edition shows: the email's content, which is also the
/// content of the issue's web page in the archive.
#[derive(Debug, Serialize, Clone)]
pub struct EditionView {
    pub issue: IssueView,
    pub entries: Vec<EntryView>,
    pub events: Vec<EventView>,
}

#[derive(Serialize)]
struct EmailContext<'a> {
    site: &'a SiteView,
    #[serde(flatten)]
    edition: &'a EditionView,
    t: &'a BTreeMap<String, String>,
    lang: Lang,
    greeting: &'static str,
    unsubscribe_url: &'static str,
    preferences_url: &'static str,
}

/// An entry's page: the issue it appeared in, and its neighbours in the
/// archive (absent in `build`, which sees one issue).
#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    pub site: &'a SiteView,
    pub issue: &'a IssueView,
    pub entry: &'a EntryView,
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
    pub t: &'a BTreeMap<String, String>,
    pub lang: Lang,
}

/// What rendering needs, handed in by whoever loaded the content: rendering
/// itself reads no file (the templates come through `templates`' loader,
/// links resolve against `index`).
pub struct RenderContext<'a> {
    pub config: &'a Config,
    pub locales: &'a Locales,
    pub templates: &'a minijinja::Environment<'static>,
    pub index: &'a SiteIndex,
}

/// Renders every edition and every entry page of `issue`. Problems that still
/// allow a result (a broken link) go to `problems`; a template or MJML error
/// that leaves nothing to show is the `Err`.
pub(crate) fn render_issue(
    cx: &RenderContext<'_>,
    issue: &Issue,
    problems: &mut Vec<Diagnostic>,
) -> Result<Rendered, Diagnostic> {
    let config = cx.config;
    let allow_html = config.markdown.allow_html;
    let resolver = Resolver::new(&config.site.base_url, &config.paths.issues, cx.index);
    let mut log = LinkLog::new(resolver);
    let urls: SiteUrls<'_> = log.resolver.urls();
    let entries: Vec<EntryView> = issue
        .published_entries()
        .map(|entry| entry_view(entry, issue, &config.vocabulary, allow_html, &mut log))
        .collect();
    let site = SiteView::of(config);
    let env = cx.templates;
    let shown = &config.paths.templates;
    let mut emails = Vec::new();
    let mut editions = Vec::new();
    for lang in issue.languages() {
        let catalog = cx.locales.shared(lang);
        let salutation = config.salutation.get(&lang).cloned().unwrap_or_default();
        let texts = issue.edition(lang);
        let mut editorial = markdown::render(texts.editorial, allow_html, &mut log);
        editorial.html = localise_footnotes(&editorial.html, &catalog);
        let cta = texts.cta.map(|cta| LinkView {
            label: cta.label.clone(),
            url: log.resolve(&issue.file(), cta.line, &cta.url, None),
        });
        let edition = EditionView {
            issue: issue_view(
                issue,
                &catalog,
                urls,
                editorial,
                cta,
                general_greeting(&salutation, &catalog),
            ),
            entries: entries
                .iter()
                .map(|e| dated(e.clone(), issue, &catalog))
                .collect(),
            events: issue
                .events
                .iter()
                .map(|event| EventView {
                    when: event.when.format(&catalog),
                    title: event.title.clone(),
                    place: event.place.clone(),
                    link: event.link.clone(),
                    calendar_url: urls.event_calendar(&issue.id, &event.key),
                    lang: issue.lang,
                })
                .collect(),
        };
        let context = EmailContext {
            site: &site,
            edition: &edition,
            t: catalog.words(),
            lang,
            greeting: GREETING,
            unsubscribe_url: UNSUBSCRIBE_URL,
            preferences_url: PREFERENCES_URL,
        };
        // A mailing has its own, simpler templates: its body and a button.
        let (mjml_name, text_name) = if issue.id.is_mailing() {
            ("mailing.mjml", "mailing.txt")
        } else {
            ("email.mjml", "email.txt")
        };
        let mjml = templates::render(env, shown, mjml_name, &context)?;
        let html = mjml_to_html(&mjml, &shown.join(mjml_name))?;
        let text = templates::render(env, shown, text_name, &context)?;
        emails.push(Email {
            lang,
            catalog: Arc::clone(&catalog),
            salutation,
            subject: texts.subject.to_string(),
            html,
            text: text::fit(&tidy_text(&text)),
            mjml,
        });
        editions.push(edition);
    }
    let own = &editions[0];
    let mut pages = Vec::new();
    for entry in &own.entries {
        let context = PageContext {
            site: &site,
            issue: &own.issue,
            entry,
            previous: None,
            next: None,
            t: cx.locales.get(issue.lang).words(),
            lang: issue.lang,
        };
        pages.push(Page {
            slug: entry.slug.clone(),
            html: templates::render(env, shown, "entry.html", &context)?,
        });
    }
    problems.append(&mut log.problems);
    Ok(Rendered {
        emails,
        editions,
        pages,
        links: log.links,
        assets: log.assets,
        images: Vec::new(),
    })
}

fn issue_view(
    issue: &Issue,
    catalog: &Catalog,
    urls: SiteUrls<'_>,
    editorial: markdown::Rendered,
    cta: Option<LinkView>,
    greeting: String,
) -> IssueView {
    let lang = catalog.lang();
    let texts = issue.edition(lang);
    IssueView {
        id: issue.id.to_string(),
        title: texts.title.to_string(),
        number: issue.number,
        date: catalog.date(issue.date),
        subject: texts.subject.to_string(),
        preheader: texts.preheader.unwrap_or("").to_string(),
        url: urls.edition(&issue.id, lang, issue.lang),
        lang,
        editorial_html: editorial.html,
        editorial_text: editorial.text,
        greeting,
        mailing: issue.id.is_mailing(),
        cta,
    }
}

fn entry_view(
    entry: &Entry,
    issue: &Issue,
    vocabulary: &crate::config::Vocabulary,
    allow_html: bool,
    log: &mut LinkLog<'_>,
) -> EntryView {
    let body = markdown::render(&entry.body, allow_html, log);
    let summary = entry.summary.as_ref().map(|summary| {
        let source = crate::content::Markdown {
            text: summary.clone(),
            file: entry.file().to_path_buf(),
            first_line: entry.line_of("summary"),
        };
        markdown::render(&source, allow_html, log)
    });
    let image = entry.image.as_ref().map(|image| ImageView {
        url: log.resolve(
            entry.file(),
            entry.line_of("image"),
            &image.src,
            Some(image.alt.as_deref().unwrap_or("")),
        ),
        alt: image.alt.clone().unwrap_or_default(),
    });
    EntryView {
        slug: entry.slug.clone(),
        title: entry.title.clone(),
        author: entry.author.clone(),
        date: entry.date.to_string(),
        url: log.resolver.urls().entry(&issue.id, &entry.slug),
        lang: entry.lang,
        image,
        summary_html: summary.as_ref().map(|s| s.html.clone()),
        summary_text: summary.map(|s| s.text),
        body_email_html: fit_images(&body.html),
        body_html: body.html,
        body_text: body.text,
        countries: entry.countries.clone(),
        themes: entry.themes.clone(),
        tags: tags(entry, vocabulary, log.resolver.urls()),
        read_more: String::new(),
    }
}

fn tags(
    entry: &Entry,
    vocabulary: &crate::config::Vocabulary,
    urls: SiteUrls<'_>,
) -> Vec<LinkView> {
    let countries = entry.countries.iter().map(|tag| LinkView {
        label: vocabulary.label(tag).to_string(),
        url: urls.country(tag),
    });
    let themes = entry.themes.iter().map(|tag| LinkView {
        label: vocabulary.label(tag).to_string(),
        url: urls.theme(tag),
    });
    countries.chain(themes).collect()
}

/// Writes the entry's date, its button's label and the labels of its footnotes, in the
/// language of the edition it appears in.
fn dated(mut view: EntryView, issue: &Issue, catalog: &Catalog) -> EntryView {
    if let Some(entry) = issue.entries.iter().find(|e| e.slug == view.slug) {
        view.date = catalog.date(entry.date);
    }
    view.read_more = catalog.format("read-more-about", &args([("title", view.title.as_str())]));
    view.body_html = localise_footnotes(&view.body_html, catalog);
    view.body_email_html = localise_footnotes(&view.body_email_html, catalog);
    view.summary_html = view
        .summary_html
        .map(|html| localise_footnotes(&html, catalog));
    view
}

/// Prepares Markdown's HTML for the email (the `email_html` filter): the
/// issue's title is the email's one `h1`, so headings step down by `demote`
/// levels under it; and the styles that matter are written on each element,
/// since some mail apps drop `<style>` (Gmail's app for other accounts).
pub(crate) fn email_html(html: &str, demote: usize) -> String {
    let mut out = html.to_string();
    if demote > 0 {
        for level in (1..=5).rev() {
            let to = (level + demote).min(6);
            out = out
                .replace(&format!("<h{level}"), &format!("<h{to}"))
                .replace(&format!("</h{level}>"), &format!("</h{to}>"));
        }
    }
    out.replace("<a href=", &format!("<a style=\"{LINK_STYLE}\" href="))
        .replace("<table>", "<table style=\"border-collapse:collapse;\">")
        .replace("<th>", &format!("<th style=\"{CELL_STYLE}\">"))
        .replace("<td>", &format!("<td style=\"{CELL_STYLE}\">"))
        .replace("<th align=", &format!("<th style=\"{CELL_STYLE}\" align="))
        .replace("<td align=", &format!("<td style=\"{CELL_STYLE}\" align="))
}

const LINK_STYLE: &str = "color:#1f5a96;";
const CELL_STYLE: &str = "border:1px solid #d5dbe2;padding:4px 8px;";

/// comrak labels each footnote's way back in English; readers' screen
/// readers should hear it in the page's language.
fn localise_footnotes(html: &str, catalog: &Catalog) -> String {
    const ENGLISH: &str = "aria-label=\"Back to reference ";
    if !html.contains(ENGLISH) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(ENGLISH) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ENGLISH.len()..];
        let Some(end) = after.find('"') else {
            rest = &rest[at..];
            break;
        };
        let number = &after[..end];
        let label = catalog.format("footnote-back", &args([("number", number)]));
        out.push_str(&format!("aria-label=\"{}\"", escape_html(&label)));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Keeps pictures in the email's column: some clients ignore `<style>`, so the
/// limit goes on each image.
fn fit_images(html: &str) -> String {
    html.replace("<img ", "<img style=\"max-width:100%;height:auto;\" ")
}

fn mjml_to_html(mjml: &str, template: &std::path::Path) -> Result<String, Diagnostic> {
    let parsed = mrml::parse(mjml).map_err(|e| mjml_error(template, &e.to_string()))?;
    parsed
        .element
        .render(&mrml::prelude::render::RenderOptions::default())
        .map_err(|e| mjml_error(template, &e.to_string()))
}

fn mjml_error(template: &std::path::Path, message: &str) -> Diagnostic {
    Diagnostic::error(
        Kind::Mjml,
        template,
        None,
        crate::t!("render-mjml-invalid", problem = message),
    )
}

/// Collapses the blank lines a template's control blocks leave behind.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = if line == text::SIGNATURE {
            line
        } else {
            line.trim_end()
        };
        if line.is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    format!("{}\n", out.trim())
}

/// What the confirmation mail of the double opt-in says.
#[derive(Debug, Serialize)]
pub(crate) struct ConfirmationView<'a> {
    pub address: &'a str,
    /// Always empty: the address is not confirmed yet, so a name would be
    /// whatever the requester typed (a phishing line in the greeting).
    /// Kept so that a workspace's own template asking for it still renders.
    pub name: Option<&'a str>,
    pub confirm_url: &'a str,
    /// When it was asked for, in the subscriber's language.
    pub requested: String,
    /// How it was asked for: "über das Anmeldeformular".
    pub how: String,
    pub ip: Option<String>,
    pub expiry_days: u32,
}

/// Renders the confirmation mail in the catalog's language: its HTML and
/// text parts. A workspace may give a language its own templates
/// (`confirm.pl.mjml`); otherwise `confirm.mjml` speaks through the catalog.
pub(crate) fn render_confirmation(
    config: &Config,
    env: &minijinja::Environment<'_>,
    catalog: &Arc<Catalog>,
    view: &ConfirmationView<'_>,
) -> Result<(String, String), Diagnostic> {
    render_reader_mail(config, env, catalog, "confirm", view)
}

/// Renders a mail to one reader, `<name>.mjml` and `<name>.txt`, in the
/// catalog's language, with `view` in the context beside the site, the
/// words (`t`) and the messages with arguments (`tr`). A workspace may give
/// a language its own templates (`confirm.pl.mjml`).
fn render_reader_mail<V: Serialize>(
    config: &Config,
    env: &minijinja::Environment<'_>,
    catalog: &Arc<Catalog>,
    name: &str,
    view: &V,
) -> Result<(String, String), Diagnostic> {
    #[derive(Serialize)]
    struct Context<'a, V> {
        site: SiteView,
        #[serde(flatten)]
        view: &'a V,
        lang: Lang,
        t: &'a BTreeMap<String, String>,
        tr: minijinja::Value,
    }
    let lang = catalog.lang();
    let context = Context {
        site: SiteView::of(config),
        view,
        lang,
        t: catalog.words(),
        tr: templates::Translator::value(Arc::clone(catalog)),
    };
    let shown = &config.paths.templates;
    let own_or_shared = |extension: &str| {
        let own = format!("{name}.{lang}.{extension}");
        if env.get_template(&own).is_ok() {
            own
        } else {
            format!("{name}.{extension}")
        }
    };
    let mjml_name = own_or_shared("mjml");
    let mjml = templates::render(env, shown, &mjml_name, &context)?;
    let html = mjml_to_html(&mjml, &shown.join(&mjml_name))?;
    let text = templates::render(env, shown, &own_or_shared("txt"), &context)?;
    Ok((html, text::wrap(&tidy_text(&text))))
}

/// A short mail with one link for a reader (their preferences link, the
/// confirmation of a new address): the words, already in their language.
#[derive(Debug, Serialize)]
pub(crate) struct NoticeView<'a> {
    pub subject: &'a str,
    pub lead: &'a str,
    pub button: &'a str,
    pub url: &'a str,
    pub small_print: &'a str,
}

/// Renders a notice mail (`notice.mjml`, `notice.txt`): HTML and text.
pub(crate) fn render_notice(
    config: &Config,
    env: &minijinja::Environment<'_>,
    catalog: &Arc<Catalog>,
    view: &NoticeView<'_>,
) -> Result<(String, String), Diagnostic> {
    render_reader_mail(config, env, catalog, "notice", view)
}

/// What the welcome mail after a confirmation says.
#[derive(Debug, Serialize)]
pub(crate) struct WelcomeView<'a> {
    pub address: &'a str,
    /// Confirmed now, so the reader's own.
    pub name: Option<&'a str>,
    /// The web version of the latest issue sent, if any was.
    pub latest_url: Option<String>,
    pub unsubscribe_url: &'a str,
    /// The reader's personal preferences page; a template shows it only
    /// when given.
    pub preferences_url: Option<&'a str>,
}

/// Whether a workspace has a welcome mail of its own for `lang`
/// (`welcome.de.mjml`): the built-in set has none, so only the workspace's
/// folder can give it.
pub(crate) fn has_own_welcome(env: &minijinja::Environment<'_>, lang: Lang) -> bool {
    env.get_template(&format!("welcome.{lang}.mjml")).is_ok()
}

/// Renders the welcome mail in the catalog's language: the workspace's
/// `welcome.<lang>.mjml` (and `.txt`) when it has them, otherwise
/// `welcome.mjml`, which speaks through the catalog.
pub(crate) fn render_welcome(
    config: &Config,
    env: &minijinja::Environment<'_>,
    catalog: &Arc<Catalog>,
    view: &WelcomeView<'_>,
) -> Result<(String, String), Diagnostic> {
    render_reader_mail(config, env, catalog, "welcome", view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_html_steps_headings_down_and_inlines_styles() {
        for (html, demote, expected) in [
            ("<h1>A</h1>", 1, "<h2>A</h2>"),
            ("<h1>A</h1><h2>B</h2>", 2, "<h3>A</h3><h4>B</h4>"),
            ("<h5>A</h5><h6>B</h6>", 2, "<h6>A</h6><h6>B</h6>"),
            ("<h1>A</h1>", 0, "<h1>A</h1>"),
            (
                "<a href=\"x\">x</a>",
                0,
                "<a style=\"color:#1f5a96;\" href=\"x\">x</a>",
            ),
            (
                "<table><tr><th>a</th><td align=\"right\">1</td></tr></table>",
                0,
                "<table style=\"border-collapse:collapse;\"><tr><th style=\"border:1px solid #d5dbe2;padding:4px 8px;\">a</th><td style=\"border:1px solid #d5dbe2;padding:4px 8px;\" align=\"right\">1</td></tr></table>",
            ),
        ] {
            assert_eq!(email_html(html, demote), expected, "{html}");
        }
    }

    #[test]
    fn footnote_back_links_speak_the_pages_language() {
        let locales = Locales::builtin(&[Lang::DE, Lang::EN]);
        let html = "<a href=\"#fnref-1\" aria-label=\"Back to reference 1\">↩</a>\
                    <a href=\"#fnref-a-2\" aria-label=\"Back to reference a-2\">↩</a>";
        let german = localise_footnotes(html, locales.get(Lang::DE));
        assert_eq!(
            german,
            "<a href=\"#fnref-1\" aria-label=\"Zurück zum Verweis 1\">↩</a>\
             <a href=\"#fnref-a-2\" aria-label=\"Zurück zum Verweis a-2\">↩</a>"
        );
        assert_eq!(localise_footnotes(html, locales.get(Lang::EN)), html);
    }
}
