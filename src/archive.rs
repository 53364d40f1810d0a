//! `rundbrief archive`: every published issue, mailing and blog entry as a
//! static site under `base_url` — index (mailings in their own section),
//! issue, mailing and entry pages, country and theme pages, an Atom feed of
//! entries and mailings, a sitemap, a 404 page, each issue's `.eml` and its
//! images; each event's calendar file, a page of upcoming events and the
//! calendar of all events (`termine.ics`). Built aside and swapped in whole; it never touches the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minijinja::value::Serde;
use serde::Serialize;

use crate::build::{BuildError, Sample, sample_message};
use crate::calendar::{self, Announced};
use crate::content::{Issue, IssueId};
use crate::diagnostic::{Diagnostic, Report};
use crate::fsx::{self, FileError};
use crate::locale::Lang;
use crate::render::{
    self, EditionView, EntryView, IssueView, LinkView, PageContext, Rendered, SiteView, templates,
};
use crate::urls::{EVENTS_FEED, SiteUrls, event_calendar_path};
use crate::workspace::{self, Workspace};

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}", crate::t!("archive-check-failed", id = .0.to_string()))]
    Check(IssueId, Report),
    #[error("{0}")]
    Template(Diagnostic),
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    File(#[from] FileError),
}

/// What an archive run wrote.
#[derive(Debug)]
pub struct ArchiveReport {
    pub out: PathBuf,
    pub issues: usize,
    pub entries: usize,
    pub files: usize,
    /// Warnings of the issues; errors stop the archive.
    pub warnings: Vec<Diagnostic>,
}

/// One issue, checked and rendered for the archive.
struct Archived {
    issue: Issue,
    rendered: Rendered,
}

impl Archived {
    fn own(&self) -> &EditionView {
        &self.rendered.editions[0]
    }
}

/// An entry in a list of entries (tag pages, the feed).
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    entry: &'a EntryView,
    issue_url: &'a str,
    issue_title: &'a str,
    /// RFC 3339, for the feed.
    published: String,
    tags: Vec<&'a str>,
}

/// Builds the site into `out` (relative to the workspace root, or absolute).
pub fn build_archive(
    ws: &Workspace,
    out: &Path,
    drafts: bool,
) -> Result<ArchiveReport, ArchiveError> {
    let mut archived = Vec::new();
    let mut warnings = Vec::new();
    let index = ws.index();
    for id in ws.issue_ids().map_err(fsx::at(&ws.config.paths.issues))? {
        let checked = match workspace::check_issue_in(ws, &index, &id) {
            Ok(checked) => checked,
            Err(report) => return Err(ArchiveError::Check(id, report)),
        };
        if checked.report.errors() > 0 {
            return Err(ArchiveError::Check(id, checked.report));
        }
        if checked.issue.draft && !drafts {
            continue;
        }
        let (issue, rendered) = if drafts && checked.issue.entries.iter().any(|e| e.draft) {
            // --drafts: show draft entries as if they were published.
            let mut issue = checked.issue;
            issue
                .entries
                .iter_mut()
                .for_each(|entry| entry.draft = false);
            let mut rendered =
                render::render_issue(&ws.render_context(&index), &issue, &mut Vec::new())
                    .map_err(ArchiveError::Template)?;
            workspace::fit_images(ws, &issue, &mut rendered);
            (issue, rendered)
        } else {
            (checked.issue, checked.rendered)
        };
        warnings.extend(checked.report.diagnostics);
        archived.push(Archived { issue, rendered });
    }
    // Newest first, as readers look for them.
    archived.reverse();

    let out = ws.root.join(out);
    let staging = fsx::stage_folder(&out)?;
    let mut site = Site {
        ws,
        dir: staging.path(),
        view: SiteView::of(&ws.config),
        urls: SiteUrls::new(&ws.config.site.base_url),
        sitemap: Vec::new(),
        files: 0,
    };
    site.write_all(&archived)?;
    let files = site.files;
    fsx::swap_in(staging, &out)?;
    Ok(ArchiveReport {
        out,
        issues: archived.len(),
        entries: archived.iter().map(|a| a.own().entries.len()).sum(),
        files,
        warnings,
    })
}

/// The site being written into a staging folder.
struct Site<'a> {
    ws: &'a Workspace,
    dir: &'a Path,
    view: SiteView,
    urls: SiteUrls<'a>,
    sitemap: Vec<String>,
    files: usize,
}

impl Site<'_> {
    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), ArchiveError> {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fsx::at(parent))?;
        }
        std::fs::write(&path, bytes).map_err(fsx::at(&path))?;
        self.files += 1;
        Ok(())
    }

    /// Renders a template into `relative`; a page (`…/index.html`) also goes
    /// into the sitemap under `url`.
    fn page(
        &mut self,
        relative: &str,
        url: Option<String>,
        template: &str,
        context: impl Serialize,
    ) -> Result<(), ArchiveError> {
        let shown = &self.ws.config.paths.templates;
        let text = templates::render(&self.ws.templates, shown, template, context)
            .map_err(ArchiveError::Template)?;
        self.write(relative, text.as_bytes())?;
        self.sitemap.extend(url);
        Ok(())
    }

    fn write_all(&mut self, archived: &[Archived]) -> Result<(), ArchiveError> {
        let site_lang = self.ws.config.site.default_lang();
        self.index(archived, site_lang)?;
        for one in archived {
            self.issue(one)?;
        }
        self.entries(archived)?;
        self.tags(archived, site_lang)?;
        self.feed(archived, site_lang)?;
        self.archive_events(archived, site_lang)?;
        let context = minijinja::context! { site => Serde(&self.view), t => Serde(self.ws.locales.get(site_lang).words()), lang => Serde(site_lang) };
        self.page("404.html", None, "archive/404.html", context)?;
        let urls = std::mem::take(&mut self.sitemap);
        self.page(
            "sitemap.xml",
            None,
            "archive/sitemap.xml",
            minijinja::context! { urls => Serde(urls) },
        )?;
        Ok(())
    }

    fn index(&mut self, archived: &[Archived], lang: Lang) -> Result<(), ArchiveError> {
        #[derive(Serialize)]
        struct Listed<'a> {
            #[serde(flatten)]
            issue: &'a IssueView,
            teaser: String,
        }
        let issues: Vec<Listed<'_>> = archived
            .iter()
            .map(|a| Listed {
                issue: &a.own().issue,
                teaser: teaser(&a.own().issue.editorial_text),
            })
            .collect();
        let context = minijinja::context! { site => Serde(&self.view), issues => Serde(issues), t => Serde(self.ws.locales.get(lang).words()), lang => Serde(lang) };
        self.page(
            "index.html",
            Some(self.urls.index()),
            "archive/index.html",
            context,
        )
    }

    /// The issue's page in each of its languages, its `.eml` files and its images.
    fn issue(&mut self, one: &Archived) -> Result<(), ArchiveError> {
        let id = &one.issue.id;
        let segment = id.url_segment();
        for edition in &one.rendered.editions {
            let lang = edition.issue.lang;
            let others: Vec<_> = one
                .rendered
                .editions
                .iter()
                .filter(|other| other.issue.lang != lang)
                .map(|other| {
                    minijinja::context! { url => Serde(&other.issue.url), lang => Serde(other.issue.lang), label => Serde(self.ws.locales.get(other.issue.lang).text("language-name")) }
                })
                .collect();
            let relative = if lang == one.issue.lang {
                format!("{segment}/index.html")
            } else {
                format!("{segment}/{lang}/index.html")
            };
            let context = minijinja::context! { site => Serde(&self.view), issue => Serde(&edition.issue), entries => Serde(&edition.entries), events => Serde(&edition.events), editions => Serde(others), t => Serde(self.ws.locales.get(lang).words()), lang => Serde(lang) };
            let template = if id.is_mailing() {
                "archive/mailing.html"
            } else {
                "archive/issue.html"
            };
            self.page(
                &relative,
                Some(edition.issue.url.clone()),
                template,
                context,
            )?;
        }
        for email in &one.rendered.emails {
            let name = crate::build::email_file(&one.issue, email.lang, "eml");
            self.write(
                &format!("{segment}/{name}"),
                &sample_message(self.ws, id, email, Sample::Record)
                    .message()
                    .map_err(BuildError::from)?
                    .formatted(),
            )?;
        }
        // The email's pictures, which the sent emails load from here.
        for image in &one.rendered.images {
            let relative = Path::new(&segment).join(&image.path);
            self.write(&relative.to_string_lossy(), &image.bytes)?;
        }
        for asset in &one.rendered.assets {
            // Files of other issues are copied with their own issue, once.
            if let Ok(inside) = asset.strip_prefix(&one.issue.dir) {
                let target = self.dir.join(&segment).join(inside);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(fsx::at(parent))?;
                }
                let source = self.inside_issue(&one.issue.dir, asset)?;
                std::fs::copy(source, &target).map_err(fsx::at(asset))?;
                self.files += 1;
            }
        }
        Ok(())
    }

    /// The real location of `asset`, which must lie in the real location of
    /// its issue's folder. Issue 11, finding 7 (seen in the preview, and the
    /// archive copied the same way): `images/x.png -> /etc/passwd` would be
    /// published with the site.
    fn inside_issue(&self, folder: &Path, asset: &Path) -> Result<PathBuf, BuildError> {
        let real_folder =
            std::fs::canonicalize(self.ws.root.join(folder)).map_err(fsx::at(folder))?;
        let real = std::fs::canonicalize(self.ws.root.join(asset)).map_err(fsx::at(asset))?;
        if real.starts_with(&real_folder) {
            Ok(real)
        } else {
            Err(fsx::at(asset)(std::io::Error::other(crate::t!(
                "archive-asset-outside",
                target = real.display().to_string()
            )))
            .into())
        }
    }

    /// Every entry's page, with links to the entries before and after it
    /// across all issues.
    fn entries(&mut self, archived: &[Archived]) -> Result<(), ArchiveError> {
        let chronological: Vec<(&Archived, &EntryView)> = archived
            .iter()
            .rev()
            .flat_map(|a| a.own().entries.iter().map(move |e| (a, e)))
            .collect();
        let link = |at: Option<&(&Archived, &EntryView)>| {
            at.map(|(_, e)| LinkView {
                label: e.title.clone(),
                url: e.url.clone(),
            })
        };
        let view = self.view.clone();
        for (n, (one, entry)) in chronological.iter().enumerate() {
            let lang = one.issue.lang;
            let context = PageContext {
                site: &view,
                issue: &one.own().issue,
                entry,
                previous: link(n.checked_sub(1).and_then(|p| chronological.get(p))),
                next: link(chronological.get(n + 1)),
                t: self.ws.locales.get(lang).words(),
                lang,
            };
            let relative = format!("{}/{}/index.html", one.issue.id.url_segment(), entry.slug);
            self.page(&relative, Some(entry.url.clone()), "entry.html", context)?;
        }
        Ok(())
    }

    /// A page per country and per theme that has entries.
    fn tags(&mut self, archived: &[Archived], lang: Lang) -> Result<(), ArchiveError> {
        let vocabulary = &self.ws.config.vocabulary;
        let mut countries: BTreeMap<&str, Vec<Listed<'_>>> = BTreeMap::new();
        let mut themes: BTreeMap<&str, Vec<Listed<'_>>> = BTreeMap::new();
        for one in archived {
            for entry in &one.own().entries {
                for tag in &entry.countries {
                    countries.entry(tag).or_default().push(listed(one, entry));
                }
                for tag in &entry.themes {
                    themes.entry(tag).or_default().push(listed(one, entry));
                }
            }
        }
        let catalog = self.ws.locales.get(lang);
        let (country, theme) = (catalog.text("country"), catalog.text("theme"));
        for (kind, folder, tagged) in [
            (country.as_str(), "land", countries),
            (theme.as_str(), "thema", themes),
        ] {
            for (tag, entries) in tagged {
                let url = if folder == "land" {
                    self.urls.country(tag)
                } else {
                    self.urls.theme(tag)
                };
                let context = minijinja::context! { site => Serde(&self.view), kind => Serde(kind), label => Serde(vocabulary.label(tag)), entries => Serde(entries), t => Serde(catalog.words()), lang => Serde(lang) };
                self.page(
                    &format!("{folder}/{tag}/index.html"),
                    Some(url),
                    "archive/tag.html",
                    context,
                )?;
            }
        }
        Ok(())
    }

    /// The feed: every entry, and every mailing as an item of its own.
    fn feed(&mut self, archived: &[Archived], lang: Lang) -> Result<(), ArchiveError> {
        let mut entries: Vec<FeedItem<'_>> = archived
            .iter()
            .flat_map(|one| {
                one.own()
                    .entries
                    .iter()
                    .map(move |entry| FeedItem::Entry(listed(one, entry)))
            })
            .collect();
        entries.extend(
            archived
                .iter()
                .filter(|one| one.issue.id.is_mailing())
                .map(|one| FeedItem::Mailing(mailing_item(one, &self.view.name))),
        );
        entries.sort_by(|a, b| b.published().cmp(a.published()));
        let updated = entries
            .iter()
            .map(|e| e.published().to_string())
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let context = minijinja::context! { site => Serde(&self.view), entries => Serde(entries), updated => Serde(updated), lang => Serde(lang) };
        self.page("feed.xml", None, "archive/feed.xml", context)
    }
}

/// An event on the page of upcoming events.
#[derive(Serialize)]
struct UpcomingEvent<'a> {
    when: String,
    title: &'a str,
    place: Option<&'a str>,
    link: Option<&'a str>,
    calendar_url: String,
    issue_title: &'a str,
    issue_url: &'a str,
}

impl Site<'_> {
    /// Each event's calendar file beside its issue, the calendar of all
    /// events, and the page of those still to come. The page is written on
    /// every `archive`, so "upcoming" is as of the last run.
    fn archive_events(&mut self, archived: &[Archived], lang: Lang) -> Result<(), ArchiveError> {
        let zone = self.ws.config.site.timezone;
        let name = &self.ws.config.site.name;
        let mut all: Vec<Announced<'_>> = archived
            .iter()
            .flat_map(|one| {
                one.issue.events.iter().map(move |event| Announced {
                    issue: &one.issue,
                    event,
                })
            })
            .collect();
        all.sort_by_key(|a| a.event.when);
        for &announced in &all {
            let one = calendar::calendar(
                &format!("{name}: {}", announced.event.title),
                zone,
                self.urls,
                &[announced],
            );
            let relative = format!(
                "{}/{}",
                announced.issue.id.url_segment(),
                event_calendar_path(&announced.event.key)
            );
            self.write(&relative, one.as_bytes())?;
        }
        let feed = calendar::calendar(name, zone, self.urls, &all);
        self.write(EVENTS_FEED, feed.as_bytes())?;

        let today = chrono::Utc::now().with_timezone(&zone).date_naive();
        let catalog = self.ws.locales.get(lang);
        let upcoming: Vec<UpcomingEvent<'_>> = all
            .iter()
            .filter(|a| a.event.when.day() >= today)
            .map(|a| {
                let own = archived
                    .iter()
                    .find(|one| one.issue.id == a.issue.id)
                    .map(Archived::own)
                    .expect("an announced event's issue is archived");
                UpcomingEvent {
                    when: a.event.when.format(catalog),
                    title: &a.event.title,
                    place: a.event.place.as_deref(),
                    link: a.event.link.as_deref(),
                    calendar_url: self.urls.event_calendar(&a.issue.id, &a.event.key),
                    issue_title: &own.issue.title,
                    issue_url: &own.issue.url,
                }
            })
            .collect();
        let context = minijinja::context! { site => Serde(&self.view), events => Serde(upcoming), feed_url => self.urls.events_feed(), t => Serde(catalog.words()), lang => Serde(lang) };
        self.page(
            "termine/index.html",
            Some(self.urls.events_page()),
            "archive/events.html",
            context,
        )
    }
}

/// An item of the feed: an entry as before, or a mailing with the fields
/// the feed shows of an entry.
#[derive(Serialize)]
#[serde(untagged)]
enum FeedItem<'a> {
    Entry(Listed<'a>),
    Mailing(MailingItem<'a>),
}

impl FeedItem<'_> {
    fn published(&self) -> &str {
        match self {
            FeedItem::Entry(listed) => &listed.published,
            FeedItem::Mailing(item) => &item.published,
        }
    }
}

#[derive(Serialize)]
struct MailingItem<'a> {
    title: &'a str,
    url: &'a str,
    lang: Lang,
    author: &'a str,
    published: String,
    tags: Vec<&'a str>,
    summary_text: Option<&'a str>,
    body_html: String,
    mailing: bool,
}

fn mailing_item<'a>(one: &'a Archived, site: &'a str) -> MailingItem<'a> {
    let issue = &one.own().issue;
    // The button is part of what a mailing says; a reader of the feed gets it too.
    let mut body_html = issue.editorial_html.clone();
    if let Some(cta) = &issue.cta {
        body_html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            render::escape_html(&cta.url),
            render::escape_html(&cta.label)
        ));
    }
    MailingItem {
        title: &issue.title,
        url: &issue.url,
        lang: issue.lang,
        author: site,
        published: format!("{}T00:00:00Z", one.issue.date),
        tags: Vec::new(),
        summary_text: Some(issue.preheader.as_str()).filter(|p| !p.is_empty()),
        body_html,
        mailing: true,
    }
}

fn listed<'a>(one: &'a Archived, entry: &'a EntryView) -> Listed<'a> {
    let date = one
        .issue
        .entries
        .iter()
        .find(|e| e.slug == entry.slug)
        .map_or(one.issue.date, |e| e.date);
    Listed {
        entry,
        issue_url: &one.own().issue.url,
        issue_title: &one.own().issue.title,
        published: format!("{date}T00:00:00Z"),
        tags: entry
            .countries
            .iter()
            .chain(&entry.themes)
            .map(String::as_str)
            .collect(),
    }
}

/// The first lines of an editorial, for the index: up to ~240 characters,
/// cut at a word.
fn teaser(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 240 {
        return flat;
    }
    let cut: String = flat.chars().take(240).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{} …", &cut[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasers_end_at_a_word() {
        let long = "Wort ".repeat(100);
        let teaser = teaser(&long);
        assert!(teaser.ends_with("Wort …"), "{teaser}");
        assert!(teaser.chars().count() <= 242);
        assert_eq!(super::teaser("Kurz und\n gut."), "Kurz und gut.");
    }
}
