//! `rundbrief archive`: every published issue, mailing and blog entry as a
//! static site under `base_url` — index (cards, mailings in their own
//! section) and an index per language edition, issue, mailing and entry
//! pages, country and theme pages with their overview, a search index for
//! the browser, an Atom feed of entries and mailings, a sitemap, a 404 page,
//! each issue's `.eml` and its images; each event's calendar file, a page of
//! upcoming events and the calendar of all events (`termine.ics`). Every
//! page links to the subscription form and carries what a shared link
//! previews (Open Graph). Built aside and swapped in whole; it never touches
//! the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::value::Serde;
use serde::Serialize;

use crate::build::{BuildError, Sample, sample_message};
use crate::calendar::{self, Announced};
use crate::content::{Issue, IssueId};
use crate::diagnostic::{Diagnostic, Report};
use crate::fsx::{self, FileError};
use crate::locale::Lang;
use crate::render::{
    self, EditionView, EntryView, ImageView, IssueView, LinkView, PageContext, Rendered, SiteView,
    templates,
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
        // A draft is not published, so its errors (the placeholders of
        // init's example) do not hold the published issues back.
        if checked.issue.draft && !drafts {
            continue;
        }
        if checked.report.errors() > 0 {
            return Err(ArchiveError::Check(id, checked.report));
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
        languages: edition_languages(&ws.config.site.languages, &archived),
        search: Vec::new(),
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
    /// The languages the archive has editions in, each with an index of its
    /// own when there is more than one.
    languages: Vec<Lang>,
    /// The pages the search finds, collected as they are written.
    search: Vec<SearchDoc>,
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

    /// A page of the site as readers browse it: `context` with the
    /// navigation every page has (subscribe, countries and themes, search,
    /// language editions) and, given `meta`, what a shared link previews; a
    /// page with `meta` goes into the sitemap.
    fn framed(
        &mut self,
        relative: &str,
        template: &str,
        lang: Lang,
        meta: Option<&Meta>,
        context: impl Serialize,
    ) -> Result<(), ArchiveError> {
        let nav = self.nav(lang);
        let context = minijinja::context! {
            nav => Serde(nav),
            meta => Serde(meta),
            ..minijinja::Value::from(Serde(&context))
        };
        self.page(relative, meta.map(|m| m.url.clone()), template, context)
    }

    fn nav(&self, lang: Lang) -> Nav {
        let base = &self.ws.config.site.base_url;
        Nav {
            subscribe_url: self
                .ws
                .config
                .site
                .public_url()
                .join(&format!("subscribe?lang={lang}")),
            topics_url: base.join(&format!("{TOPICS}/")),
            search_url: base.join(&format!("{SEARCH}/")),
            script_url: base.join(&format!("{SEARCH}/{SEARCH_SCRIPT}")),
            languages: if self.languages.len() > 1 {
                self.languages
                    .iter()
                    .map(|&other| LanguageLink {
                        lang: other,
                        label: self.ws.locales.get(other).text("language-name"),
                        url: base.join(&format!("{other}/")),
                        current: other == lang,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    fn write_all(&mut self, archived: &[Archived]) -> Result<(), ArchiveError> {
        let site_lang = self.ws.config.site.default_lang();
        self.index(archived, site_lang)?;
        self.language_indexes(archived)?;
        for one in archived {
            self.issue(one)?;
        }
        self.entries(archived)?;
        self.tags(archived, site_lang)?;
        self.search(site_lang)?;
        self.feed(archived, site_lang)?;
        self.archive_events(archived, site_lang)?;
        self.logo()?;
        let context = minijinja::context! { site => Serde(&self.view), t => Serde(self.ws.locales.get(site_lang).words()), lang => Serde(site_lang) };
        self.framed("404.html", "archive/404.html", site_lang, None, context)?;
        let urls = std::mem::take(&mut self.sitemap);
        self.page(
            "sitemap.xml",
            None,
            "archive/sitemap.xml",
            minijinja::context! { urls => Serde(urls) },
        )?;
        Ok(())
    }

    /// The front page: every issue as a card, in its own language.
    fn index(&mut self, archived: &[Archived], lang: Lang) -> Result<(), ArchiveError> {
        let cards: Vec<Card<'_>> = archived.iter().map(|a| card(a.own())).collect();
        let catalog = self.ws.locales.get(lang);
        let meta = Meta {
            title: self.view.name.clone(),
            description: catalog.text("archive-intro"),
            url: self.urls.index(),
            image: cards
                .iter()
                .find_map(|c| c.image)
                .map(|image| image.url.clone()),
            image_alt: String::new(),
            kind: "website",
        };
        let context = minijinja::context! { site => Serde(&self.view), issues => Serde(cards), heading => catalog.text("all-issues"), intro => catalog.text("archive-intro"), t => Serde(catalog.words()), lang => Serde(lang) };
        self.framed(
            "index.html",
            "archive/index.html",
            lang,
            Some(&meta),
            context,
        )
    }

    /// `/en/`, `/pl/`, …: the editions in one language, newest first, in
    /// that language; only when the archive has more than one.
    fn language_indexes(&mut self, archived: &[Archived]) -> Result<(), ArchiveError> {
        if self.languages.len() < 2 {
            return Ok(());
        }
        for lang in self.languages.clone() {
            let cards: Vec<Card<'_>> = archived
                .iter()
                .filter_map(|a| {
                    a.rendered
                        .editions
                        .iter()
                        .find(|edition| edition.issue.lang == lang)
                })
                .map(card)
                .collect();
            let catalog = self.ws.locales.get(lang);
            let heading = catalog.text("edition-index");
            let meta = Meta {
                title: format!("{heading} · {}", self.view.name),
                description: catalog.text("archive-intro"),
                url: self.ws.config.site.base_url.join(&format!("{lang}/")),
                image: cards
                    .iter()
                    .find_map(|c| c.image)
                    .map(|image| image.url.clone()),
                image_alt: String::new(),
                kind: "website",
            };
            let context = minijinja::context! { site => Serde(&self.view), issues => Serde(cards), heading => heading, intro => catalog.text("archive-intro"), t => Serde(catalog.words()), lang => Serde(lang) };
            self.framed(
                &format!("{lang}/index.html"),
                "archive/index.html",
                lang,
                Some(&meta),
                context,
            )?;
        }
        Ok(())
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
            let lead = lead_image(edition);
            let meta = Meta {
                title: edition.issue.title.clone(),
                description: description(&edition.issue.preheader, &edition.issue.editorial_text),
                url: edition.issue.url.clone(),
                image: lead.map(|image| image.url.clone()),
                image_alt: lead.map(|image| image.alt.clone()).unwrap_or_default(),
                kind: "article",
            };
            self.framed(&relative, template, lang, Some(&meta), context)?;
            let catalog = self.ws.locales.get(lang);
            let kind = if id.is_mailing() {
                catalog.text("mailing")
            } else {
                catalog.text("issue")
            };
            self.search.push(SearchDoc {
                url: edition.issue.url.clone(),
                title: edition.issue.title.clone(),
                about: format!("{kind} · {}", edition.issue.date),
                lang,
                body: std::iter::once(edition.issue.preheader.as_str())
                    .chain(std::iter::once(edition.issue.editorial_text.as_str()))
                    .chain(edition.events.iter().map(|e| e.title.as_str()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        for email in &one.rendered.emails {
            let name = crate::build::email_file(&one.issue, email.lang, "eml");
            self.write(
                &format!("{segment}/{name}"),
                sample_message(self.ws, id, email, Sample::Record)
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

    /// `[site] logo`, at the root where every mail and page points to it. It
    /// must lie in the workspace, for the reason `inside_issue` gives.
    fn logo(&mut self) -> Result<(), ArchiveError> {
        let Some(logo) = &self.ws.config.site.logo else {
            return Ok(());
        };
        let Some(name) = logo.file_name().and_then(|n| n.to_str()) else {
            return Ok(());
        };
        let root = std::fs::canonicalize(&self.ws.root).map_err(fsx::at(&self.ws.root))?;
        let real = std::fs::canonicalize(self.ws.root.join(logo)).map_err(fsx::at(logo))?;
        if !real.starts_with(&root) {
            return Err(
                BuildError::from(fsx::at(logo)(std::io::Error::other(crate::t!(
                    "archive-logo-outside",
                    target = real.display().to_string()
                ))))
                .into(),
            );
        }
        let bytes = std::fs::read(&real).map_err(fsx::at(logo))?;
        self.write(name, &bytes)
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
            let meta = Meta {
                title: entry.title.clone(),
                description: description(
                    entry.summary_text.as_deref().unwrap_or_default(),
                    &entry.body_text,
                ),
                url: entry.url.clone(),
                image: entry.image.as_ref().map(|image| image.url.clone()),
                image_alt: entry
                    .image
                    .as_ref()
                    .map(|image| image.alt.clone())
                    .unwrap_or_default(),
                kind: "article",
            };
            self.framed(&relative, "entry.html", lang, Some(&meta), context)?;
            let tags: Vec<&str> = entry.tags.iter().map(|tag| tag.label.as_str()).collect();
            self.search.push(SearchDoc {
                url: entry.url.clone(),
                title: entry.title.clone(),
                about: format!("{} · {}", entry.author, entry.date),
                lang: entry.lang,
                body: format!("{}\n{}\n{}", entry.author, tags.join(" "), entry.body_text),
            });
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
        let mut overview: BTreeMap<&str, Vec<TagCount>> = BTreeMap::new();
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
                let label = vocabulary.label(tag);
                let meta = Meta {
                    title: format!("{label} · {}", self.view.name),
                    description: format!(
                        "{kind}: {label} — {}",
                        entries
                            .iter()
                            .map(|e| e.entry.title.as_str())
                            .collect::<Vec<_>>()
                            .join(" · ")
                    ),
                    url: url.clone(),
                    image: entries
                        .iter()
                        .find_map(|e| e.entry.image.as_ref())
                        .map(|image| image.url.clone()),
                    image_alt: String::new(),
                    kind: "website",
                };
                overview.entry(folder).or_default().push(TagCount {
                    label: label.to_string(),
                    url,
                    count: entries.len(),
                });
                let context = minijinja::context! { site => Serde(&self.view), kind => Serde(kind), label => Serde(label), entries => Serde(entries), t => Serde(catalog.words()), lang => Serde(lang) };
                self.framed(
                    &format!("{folder}/{tag}/index.html"),
                    "archive/tag.html",
                    lang,
                    Some(&meta),
                    context,
                )?;
            }
        }
        self.topics(&overview, lang)
    }

    /// The overview of every country and theme with its number of entries.
    fn topics(
        &mut self,
        overview: &BTreeMap<&str, Vec<TagCount>>,
        lang: Lang,
    ) -> Result<(), ArchiveError> {
        let catalog = self.ws.locales.get(lang);
        let title = catalog.text("topics");
        let mut countries: Vec<&TagCount> = overview.get("land").into_iter().flatten().collect();
        let mut themes: Vec<&TagCount> = overview.get("thema").into_iter().flatten().collect();
        countries.sort_by_cached_key(|tag| tag.label.to_lowercase());
        themes.sort_by_cached_key(|tag| tag.label.to_lowercase());
        let labels = |tags: &[&TagCount]| {
            tags.iter()
                .map(|t| t.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let meta = Meta {
            title: format!("{title} · {}", self.view.name),
            description: format!(
                "{}: {}. {}: {}.",
                catalog.text("countries"),
                labels(&countries),
                catalog.text("themes"),
                labels(&themes)
            ),
            url: self.ws.config.site.base_url.join(&format!("{TOPICS}/")),
            image: None,
            image_alt: String::new(),
            kind: "website",
        };
        let context = minijinja::context! { site => Serde(&self.view), title => title, countries => Serde(countries), themes => Serde(themes), t => Serde(catalog.words()), lang => Serde(lang) };
        self.framed(
            &format!("{TOPICS}/index.html"),
            "archive/topics.html",
            lang,
            Some(&meta),
            context,
        )
    }

    /// The search page, its script, elasticlunr.js and the index of every
    /// issue, mailing and entry page.
    fn search(&mut self, lang: Lang) -> Result<(), ArchiveError> {
        let json = search_index(&self.search);
        self.write(&format!("{SEARCH}/{SEARCH_INDEX}"), json.as_bytes())?;
        self.write(&format!("{SEARCH}/{SEARCH_SCRIPT}"), SEARCH_JS.as_bytes())?;
        self.write(&format!("{SEARCH}/{ENGINE}"), ELASTICLUNR_JS.as_bytes())?;
        let catalog = self.ws.locales.get(lang);
        let base = &self.ws.config.site.base_url;
        let meta = Meta {
            title: format!("{} · {}", catalog.text("search"), self.view.name),
            description: catalog.text("search-label"),
            url: base.join(&format!("{SEARCH}/")),
            image: None,
            image_alt: String::new(),
            kind: "website",
        };
        let context = minijinja::context! {
            site => Serde(&self.view),
            index_url => base.join(&format!("{SEARCH}/{SEARCH_INDEX}")),
            engine_url => base.join(&format!("{SEARCH}/{ENGINE}")),
            t => Serde(catalog.words()),
            lang => Serde(lang),
        };
        self.framed(
            &format!("{SEARCH}/index.html"),
            "archive/search.html",
            lang,
            Some(&meta),
            context,
        )
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
        let meta = Meta {
            title: format!("{} · {}", catalog.text("upcoming-events"), self.view.name),
            description: catalog.text("subscribe-calendar"),
            url: self.urls.events_page(),
            image: None,
            image_alt: String::new(),
            kind: "website",
        };
        let context = minijinja::context! { site => Serde(&self.view), events => Serde(upcoming), feed_url => self.urls.events_feed(), t => Serde(catalog.words()), lang => Serde(lang) };
        // Framed as every page of the site: the subscribe link, the
        // navigation, and what a shared link previews.
        self.framed(
            "termine/index.html",
            "archive/events.html",
            lang,
            Some(&meta),
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

/// Where the overview of countries and themes is: `{base}/laender-und-themen/`.
const TOPICS: &str = "laender-und-themen";
/// Where the search page, its index and its scripts are: `{base}/suche/`.
const SEARCH: &str = "suche";
const SEARCH_INDEX: &str = "index.json";
/// Shows the search box on every page (hidden without JavaScript, where it
/// could do nothing) and, on the search page, searches the index.
const SEARCH_SCRIPT: &str = "suche.js";
const ENGINE: &str = "elasticlunr.min.js";
const SEARCH_JS: &str = include_str!("../assets/archive/suche.js");
/// elasticlunr.js 0.9.5 (MIT, assets/archive/LICENSE-elasticlunr), the
/// version whose index format elasticlunr-rs writes.
const ELASTICLUNR_JS: &str = include_str!("../assets/archive/elasticlunr.min.js");

/// What every page shows around its content.
#[derive(Serialize)]
struct Nav {
    /// `serve`'s subscription form, in the page's language.
    subscribe_url: String,
    topics_url: String,
    search_url: String,
    script_url: String,
    /// Each language edition's index; empty when the archive has one language.
    languages: Vec<LanguageLink>,
}

#[derive(Serialize)]
struct LanguageLink {
    lang: Lang,
    label: String,
    url: String,
    current: bool,
}

/// What a search engine shows of a page and a shared link previews (Open
/// Graph, Twitter cards).
#[derive(Serialize)]
struct Meta {
    title: String,
    description: String,
    url: String,
    /// Absolute: a preview is fetched by someone else's server.
    image: Option<String>,
    image_alt: String,
    /// Open Graph's `og:type`: `article` for issues and entries, `website` for lists.
    kind: &'static str,
}

/// An issue on an index page: its lead image and its preheader.
#[derive(Serialize)]
struct Card<'a> {
    #[serde(flatten)]
    issue: &'a IssueView,
    image: Option<&'a ImageView>,
    /// The preheader, or the editorial's first lines when there is none.
    teaser: String,
}

fn card(edition: &EditionView) -> Card<'_> {
    Card {
        issue: &edition.issue,
        image: lead_image(edition),
        teaser: description(&edition.issue.preheader, &edition.issue.editorial_text),
    }
}

/// An issue's picture: that of its first entry with one.
fn lead_image(edition: &EditionView) -> Option<&ImageView> {
    edition
        .entries
        .iter()
        .find_map(|entry| entry.image.as_ref())
}

/// A page's description: what its author wrote for the purpose, else the
/// first lines of its text.
fn description(written: &str, text: &str) -> String {
    if written.trim().is_empty() {
        teaser(text)
    } else {
        written.trim().to_string()
    }
}

#[derive(Serialize)]
struct TagCount {
    label: String,
    url: String,
    count: usize,
}

/// The configured languages the archive has editions in, in the order of
/// the configuration.
fn edition_languages(configured: &[Lang], archived: &[Archived]) -> Vec<Lang> {
    let mut found: Vec<Lang> = archived
        .iter()
        .flat_map(|a| a.rendered.editions.iter().map(|e| e.issue.lang))
        .collect();
    found.sort_by_key(|lang| {
        configured
            .iter()
            .position(|c| c == lang)
            .unwrap_or(usize::MAX)
    });
    found.dedup();
    found
}

/// A page the search finds.
struct SearchDoc {
    url: String,
    title: String,
    /// What the result shows under its title: kind or author, and date.
    about: String,
    lang: Lang,
    body: String,
}

/// The search index as elasticlunr.js loads it (`index`), and what a result
/// shows of each page (`pages`, keyed by its address).
fn search_index(docs: &[SearchDoc]) -> String {
    #[derive(Serialize)]
    struct Shown<'a> {
        title: &'a str,
        about: &'a str,
        lang: Lang,
    }
    let mut index = elasticlunr::IndexBuilder::with_language(Box::new(AnyLanguage))
        .save_docs(false)
        .add_fields(["title", "body"])
        .build();
    let mut pages = BTreeMap::new();
    for doc in docs {
        index.add_doc(&doc.url, [doc.title.as_str(), doc.body.as_str()]);
        pages.insert(
            doc.url.as_str(),
            Shown {
                title: &doc.title,
                about: &doc.about,
                lang: doc.lang,
            },
        );
    }
    let pages = serde_json::to_string(&pages).unwrap_or_else(|_| "{}".into());
    format!("{{\"index\":{},\"pages\":{pages}}}", index.to_json())
}

/// Words as they are, for every language the archive may hold: split at
/// spaces and hyphens, lower-cased, stripped of punctuation; no stemmer or
/// stop words, which would be one language's. The browser does the same to
/// the query (suche.js), and a word's beginning finds it.
struct AnyLanguage;

impl elasticlunr::Language for AnyLanguage {
    fn name(&self) -> String {
        "Any".into()
    }

    fn code(&self) -> String {
        "any".into()
    }

    fn tokenize(&self, text: &str) -> Vec<String> {
        elasticlunr::lang::tokenize_whitespace(text)
    }

    fn make_pipeline(&self) -> elasticlunr::Pipeline {
        elasticlunr::Pipeline {
            // Named as elasticlunr.js's own, which suche.js replaces by one
            // that knows letters beyond ASCII.
            queue: vec![Box::new(elasticlunr::pipeline::FnWrapper(
                "trimmer".into(),
                trim_token,
            ))],
        }
    }
}

fn trim_token(token: String) -> Option<String> {
    let trimmed = token.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == token.len() {
        Some(token)
    } else {
        Some(trimmed.to_string())
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

/// Serves the site written into `site` until `shutdown` completes, as its
/// host would: a folder's `index.html`, the 404 page for what is missing.
/// Pages link absolutely under `base_url`; those links are made local, so
/// that browsing stays in the copy on this machine; the subscription form
/// is `serve`'s and stays where it is.
pub async fn serve(
    site: &Path,
    config: &crate::config::Site,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let state = Served {
        root: Arc::new(site.to_path_buf()),
        base: Arc::new(format!("{}/", config.base_url.as_str())),
        form: Arc::new(config.public_url().join("subscribe?")),
    };
    let app = axum::Router::new()
        .fallback(axum::routing::get(served_file))
        .with_state(state);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

#[derive(Clone)]
struct Served {
    root: Arc<PathBuf>,
    /// `base_url` with its slash, as pages write it before a path.
    base: Arc<String>,
    /// The subscription form's address, which may lie under `base_url`.
    form: Arc<String>,
}

async fn served_file(
    axum::extract::State(served): axum::extract::State<Served>,
    uri: axum::http::Uri,
) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let found = match site_file(&served.root, uri.path()).await {
        Some(file) => tokio::fs::read(&file).await.ok().map(|bytes| (file, bytes)),
        None => None,
    };
    let (status, file, bytes) = if let Some((file, bytes)) = found {
        (StatusCode::OK, file, bytes)
    } else {
        let file = served.root.join("404.html");
        let bytes = tokio::fs::read(&file).await.unwrap_or_default();
        (StatusCode::NOT_FOUND, file, bytes)
    };
    let kind = served_type(&file);
    let body = if kind.contains("charset") {
        // Text: a link into the site leads to this copy of it.
        const FORM: &str = "\u{1}form\u{1}";
        String::from_utf8_lossy(&bytes)
            .replace(served.form.as_str(), FORM)
            .replace(served.base.as_str(), "/")
            .replace(FORM, &served.form)
            .into_bytes()
    } else {
        bytes
    };
    (status, [(header::CONTENT_TYPE, kind)], body).into_response()
}

/// The file a request's path names: a folder's `index.html`; nothing for a
/// path with `..` or one that leads (through a symlink) out of the site.
async fn site_file(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let relative = decoded.trim_start_matches('/');
    if relative.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = root.join(relative);
    if relative.is_empty() || relative.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    let real_root = tokio::fs::canonicalize(root).await.ok()?;
    let real = tokio::fs::canonicalize(&file).await.ok()?;
    (real.starts_with(&real_root) && real.is_file()).then_some(real)
}

fn served_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("eml") => "message/rfc822",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_lose_punctuation_but_keep_their_letters() {
        for (token, expected) in [
            ("zumutung.", Some("zumutung")),
            ("„auf", Some("auf")),
            ("fuß", Some("fuß")),
            ("(łódź)", Some("łódź")),
            ("co₂", Some("co₂")),
            ("2026:", Some("2026")),
            ("–", None),
            ("…", None),
        ] {
            assert_eq!(trim_token(token.into()).as_deref(), expected, "{token}");
        }
    }

    #[test]
    fn the_search_index_is_elasticlunr_js_format() {
        let docs = [SearchDoc {
            url: "https://example.org/r/2026-q4/a/".into(),
            title: "Begegnung braucht Mut".into(),
            about: "Ausgabe".into(),
            lang: Lang::DE,
            body: "Eine Zumutung, sagt sie.".into(),
        }];
        let json: serde_json::Value = serde_json::from_str(&search_index(&docs)).unwrap();
        assert_eq!(json["index"]["version"], elasticlunr::ELASTICLUNR_VERSION);
        assert_eq!(
            json["index"]["fields"],
            serde_json::json!(["title", "body"])
        );
        assert_eq!(json["index"]["pipeline"], serde_json::json!(["trimmer"]));
        let mut node = &json["index"]["index"]["body"]["root"];
        for c in "zumutung".chars() {
            node = &node[c.to_string()];
        }
        assert!(node["docs"]["https://example.org/r/2026-q4/a/"].is_object());
        assert_eq!(
            json["pages"]["https://example.org/r/2026-q4/a/"]["title"],
            "Begegnung braucht Mut"
        );
    }

    #[test]
    fn a_description_is_the_authors_else_the_first_lines() {
        for (written, text, expected) in [
            ("Kurz gesagt.", "Langer Text.", "Kurz gesagt."),
            ("  ", "Langer\n Text.", "Langer Text."),
            ("", "", ""),
        ] {
            assert_eq!(description(written, text), expected);
        }
    }

    #[tokio::test]
    async fn serving_finds_folders_index_and_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        std::fs::create_dir_all(site.join("2026-q4")).unwrap();
        std::fs::write(site.join("index.html"), "i").unwrap();
        std::fs::write(site.join("2026-q4/index.html"), "q").unwrap();
        std::fs::write(dir.path().join("secret.toml"), "s").unwrap();
        let real = |p: &str| Some(std::fs::canonicalize(site.join(p)).unwrap());
        for (path, expected) in [
            ("/", real("index.html")),
            ("/2026-q4/", real("2026-q4/index.html")),
            ("/2026-q4", real("2026-q4/index.html")),
            ("/2026-q4/index.html", real("2026-q4/index.html")),
            ("/2026-q5/", None),
            ("/../secret.toml", None),
            ("/%2e%2e/secret.toml", None),
            ("/2026-q4/%2E%2E/../secret.toml", None),
        ] {
            assert_eq!(site_file(&site, path).await, expected, "{path}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.toml"), site.join("x.toml"))
                .unwrap();
            assert_eq!(site_file(&site, "/x.toml").await, None, "a symlink out");
        }
    }

    #[test]
    fn teasers_end_at_a_word() {
        let long = "Wort ".repeat(100);
        let teaser = teaser(&long);
        assert!(teaser.ends_with("Wort …"), "{teaser}");
        assert!(teaser.chars().count() <= 242);
        assert_eq!(super::teaser("Kurz und\n gut."), "Kurz und gut.");
    }
}
