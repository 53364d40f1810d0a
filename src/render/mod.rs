//! Rendering an issue: Markdown through comrak, the templates through
//! minijinja into MJML, MJML through mrml into email HTML, and the text part
//! from the same Markdown. Rendered once per language; per recipient only the
//! placeholders are filled in (`Email::personalise`).

pub mod markdown;
pub mod templates;
pub mod text;

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::Serialize;

use crate::check::{Diagnostic, Kind};
use crate::content::{Entry, Issue, Slug};
use crate::i18n::{Lang, Words, ui};
use crate::links::{Resolver, SiteUrls};
use crate::workspace::Workspace;
use markdown::{LinkLog, LinkUse};

/// Stands in the rendered email where each recipient's unsubscribe URL goes.
pub const UNSUBSCRIBE_URL: &str = "%%UNSUBSCRIBE_URL%%";
/// Stands where the greeting with the recipient's name goes.
pub const GREETING: &str = "%%GREETING%%";

/// Everything an issue renders to.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// One per language of the issue, its own language first.
    pub emails: Vec<Email>,
    /// The blog page of each published entry.
    pub pages: Vec<Page>,
    pub links: Vec<LinkUse>,
    /// Local files (images, documents) the content links to.
    pub assets: BTreeSet<PathBuf>,
}

impl Rendered {
    pub fn email(&self, lang: Lang) -> &Email {
        self.emails
            .iter()
            .find(|e| e.lang == lang)
            .unwrap_or(&self.emails[0])
    }
}

/// One edition of the email, with placeholders for the recipient.
#[derive(Debug, Clone)]
pub struct Email {
    pub lang: Lang,
    pub subject: String,
    pub html: String,
    pub text: String,
    /// The issue's web version, linked from the email.
    pub web_url: String,
}

/// Who an email is personalised for.
#[derive(Debug, Clone, Copy)]
pub struct Recipient<'a> {
    pub name: Option<&'a str>,
    pub unsubscribe_url: &'a str,
}

impl Email {
    /// The HTML and text parts for one recipient.
    pub fn personalise(&self, to: Recipient<'_>) -> (String, String) {
        let words = self.lang.words();
        let greeting = match to.name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => format!("{} {name},", words.hello),
            None => words.hello_all.to_string(),
        };
        let html = self
            .html
            .replace(GREETING, &escape_html(&greeting))
            .replace(UNSUBSCRIBE_URL, &escape_html(to.unsubscribe_url));
        let text = self
            .text
            .replace(GREETING, &greeting)
            .replace(UNSUBSCRIBE_URL, to.unsubscribe_url);
        (html, text)
    }
}

/// An entry's web page.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: Slug,
    pub html: String,
}

pub fn escape_html(text: &str) -> String {
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

#[derive(Serialize)]
struct SiteView<'a> {
    name: &'a str,
    base_url: &'a str,
    postal_address: &'a str,
    reply_to: Option<&'a str>,
}

#[derive(Serialize)]
struct IssueView<'a> {
    id: String,
    title: &'a str,
    number: Option<u32>,
    date: String,
    subject: &'a str,
    preheader: &'a str,
    url: String,
    lang: Lang,
    editorial_html: &'a str,
    editorial_text: &'a str,
}

#[derive(Serialize, Clone)]
struct EntryView {
    slug: Slug,
    title: String,
    author: String,
    date: String,
    url: String,
    lang: Lang,
    image: Option<ImageView>,
    summary_html: Option<String>,
    summary_text: Option<String>,
    body_html: String,
    /// The body with images limited to the column, for the email.
    body_email_html: String,
    body_text: String,
    countries: Vec<String>,
    themes: Vec<String>,
}

#[derive(Serialize, Clone)]
struct ImageView {
    url: String,
    alt: String,
}

#[derive(Serialize)]
struct EventView {
    when: String,
    title: String,
    place: Option<String>,
    link: Option<String>,
}

#[derive(Serialize)]
struct EmailContext<'a> {
    site: &'a SiteView<'a>,
    issue: IssueView<'a>,
    entries: Vec<EntryView>,
    events: Vec<EventView>,
    t: &'static Words,
    lang: Lang,
    greeting: &'static str,
    unsubscribe_url: &'static str,
}

#[derive(Serialize)]
struct PageContext<'a> {
    site: &'a SiteView<'a>,
    issue: IssueView<'a>,
    entry: EntryView,
    t: &'static Words,
    lang: Lang,
}

/// Renders every edition and every entry page of `issue`. Problems that still
/// allow a result (a broken link) go to `problems`; a template or MJML error
/// that leaves nothing to show is the `Err`.
pub fn render_issue(
    ws: &Workspace,
    issue: &Issue,
    problems: &mut Vec<Diagnostic>,
) -> Result<Rendered, Diagnostic> {
    let config = &ws.config;
    let allow_html = config.markdown.allow_html;
    let mut log = LinkLog::new(Resolver::new(ws));
    let urls: SiteUrls<'_> = log.resolver.urls();
    let entries: Vec<EntryView> = issue
        .published_entries()
        .map(|entry| entry_view(entry, issue, allow_html, &mut log))
        .collect();
    let site = SiteView {
        name: &config.site.name,
        base_url: config.site.base_url.as_str(),
        postal_address: &config.sender.postal_address,
        reply_to: config.sender.reply_to.as_deref(),
    };
    let env = templates::environment(&ws.templates_dir());
    let shown = &config.paths.templates;
    let mut emails = Vec::new();
    let mut own_editorial = None;
    for lang in issue.languages() {
        let texts = issue.edition(lang);
        let editorial = markdown::render(texts.editorial, allow_html, &mut log);
        let context = EmailContext {
            site: &site,
            issue: issue_view(issue, lang, &urls, &editorial),
            entries: entries
                .iter()
                .map(|e| dated(e.clone(), issue, lang))
                .collect(),
            events: issue
                .events
                .iter()
                .map(|event| EventView {
                    when: event.when.format(lang),
                    title: event.title.clone(),
                    place: event.place.clone(),
                    link: event.link.clone(),
                })
                .collect(),
            t: lang.words(),
            lang,
            greeting: GREETING,
            unsubscribe_url: UNSUBSCRIBE_URL,
        };
        let mjml = templates::render(&env, shown, "email.mjml", &context)?;
        let html = mjml_to_html(&mjml, &shown.join("email.mjml"))?;
        let text = templates::render(&env, shown, "email.txt", &context)?;
        emails.push(Email {
            lang,
            subject: texts.subject.to_string(),
            html,
            text: tidy_text(&text),
            web_url: urls.issue(issue.id),
        });
        if own_editorial.is_none() {
            own_editorial = Some(editorial);
        }
    }
    let editorial = own_editorial.unwrap_or_default();
    let mut pages = Vec::new();
    for entry in &entries {
        let context = PageContext {
            site: &site,
            issue: issue_view(issue, issue.lang, &urls, &editorial),
            entry: dated(entry.clone(), issue, issue.lang),
            t: issue.lang.words(),
            lang: issue.lang,
        };
        pages.push(Page {
            slug: entry.slug.clone(),
            html: templates::render(&env, shown, "entry.html", &context)?,
        });
    }
    problems.append(&mut log.problems);
    Ok(Rendered {
        emails,
        pages,
        links: log.links,
        assets: log.assets,
    })
}

fn issue_view<'a>(
    issue: &'a Issue,
    lang: Lang,
    urls: &SiteUrls<'_>,
    editorial: &'a markdown::Rendered,
) -> IssueView<'a> {
    let texts = issue.edition(lang);
    IssueView {
        id: issue.id.to_string(),
        title: texts.title,
        number: issue.number,
        date: lang.date(issue.date),
        subject: texts.subject,
        preheader: texts.preheader.unwrap_or(""),
        url: urls.issue(issue.id),
        lang,
        editorial_html: &editorial.html,
        editorial_text: &editorial.text,
    }
}

fn entry_view(entry: &Entry, issue: &Issue, allow_html: bool, log: &mut LinkLog<'_>) -> EntryView {
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
        url: log.resolver.urls().entry(issue.id, &entry.slug),
        lang: entry.lang,
        image,
        summary_html: summary.as_ref().map(|s| s.html.clone()),
        summary_text: summary.map(|s| s.text),
        body_email_html: fit_images(&body.html),
        body_html: body.html,
        body_text: body.text,
        countries: entry.countries.clone(),
        themes: entry.themes.clone(),
    }
}

/// Writes the entry's date in the language of the edition it appears in.
fn dated(mut view: EntryView, issue: &Issue, lang: Lang) -> EntryView {
    if let Some(entry) = issue.entries.iter().find(|e| e.slug == view.slug) {
        view.date = lang.date(entry.date);
    }
    view
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
        match ui() {
            Lang::De => format!(
                "die Vorlage ergibt kein gültiges MJML: {message}; prüfen Sie die mj-Tags der Vorlage"
            ),
            Lang::En => {
                format!("the template does not yield valid MJML: {message}; check its mj- tags")
            }
        },
    )
}

/// Collapses the blank lines a template's control blocks leave behind.
fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
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
pub struct ConfirmationView<'a> {
    pub address: &'a str,
    pub name: Option<&'a str>,
    pub confirm_url: &'a str,
    /// When it was asked for, in the subscriber's language.
    pub requested: String,
    /// How it was asked for: "über das Anmeldeformular".
    pub how: String,
    pub ip: Option<String>,
    pub expiry_days: u32,
}

/// Renders the confirmation mail in `lang`: its HTML and text parts.
pub fn render_confirmation(
    ws: &Workspace,
    env: &minijinja::Environment<'_>,
    lang: Lang,
    view: &ConfirmationView<'_>,
) -> Result<(String, String), Diagnostic> {
    #[derive(Serialize)]
    struct Context<'a> {
        site: SiteView<'a>,
        #[serde(flatten)]
        view: &'a ConfirmationView<'a>,
    }
    let config = &ws.config;
    let context = Context {
        site: SiteView {
            name: &config.site.name,
            base_url: config.site.base_url.as_str(),
            postal_address: &config.sender.postal_address,
            reply_to: config.sender.reply_to.as_deref(),
        },
        view,
    };
    let shown = &config.paths.templates;
    let mjml_name = format!("confirm.{lang}.mjml");
    let mjml = templates::render(env, shown, &mjml_name, &context)?;
    let html = mjml_to_html(&mjml, &shown.join(&mjml_name))?;
    let text = templates::render(env, shown, &format!("confirm.{lang}.txt"), &context)?;
    Ok((html, text::wrap(&tidy_text(&text))))
}
