//! Every public address: where an issue, an entry or an image lives under
//! `base_url` (used alike by the email and the archive), the subscriber's
//! confirm and unsubscribe links under `public_url`, and the resolution of
//! the editor's relative links, against an index of the issues folder rather
//! than the disk.

use std::path::{Path, PathBuf};

use crate::config::BaseUrl;
use crate::content::{IssueId, SiteIndex, Slug};
use crate::fsx::normalise;
use crate::locale::Lang;

/// Builds the addresses of the archive's pages.
#[derive(Debug, Clone, Copy)]
pub struct SiteUrls<'a> {
    base: &'a BaseUrl,
}

impl<'a> SiteUrls<'a> {
    pub fn new(base: &'a BaseUrl) -> Self {
        SiteUrls { base }
    }

    /// The web version of an issue: `{base}/2026-q4/`.
    pub fn issue(&self, id: &IssueId) -> String {
        self.base.join(&format!("{}/", id.url_segment()))
    }

    /// The web version of an issue's edition: `{base}/2026-q4/` for the
    /// issue's own language, `{base}/2026-q4/en/` for a further one.
    pub fn edition(&self, id: &IssueId, lang: Lang, own: Lang) -> String {
        if lang == own {
            self.issue(id)
        } else {
            self.base.join(&format!("{}/{lang}/", id.url_segment()))
        }
    }

    /// A country's page of the archive: `{base}/land/polen/`.
    pub fn country(&self, tag: &str) -> String {
        self.base.join(&format!("land/{tag}/"))
    }

    /// A theme's page of the archive: `{base}/thema/jugend/`.
    pub fn theme(&self, tag: &str) -> String {
        self.base.join(&format!("thema/{tag}/"))
    }

    /// The archive's front page.
    pub fn index(&self) -> String {
        self.base.join("")
    }

    /// An entry's blog page: `{base}/2026-q4/<slug>/`.
    pub fn entry(&self, id: &IssueId, slug: &Slug) -> String {
        self.base.join(&format!("{}/{}/", id.url_segment(), slug))
    }

    /// An event's calendar file: `{base}/2026-q4/termine/sprechstunde.ics`.
    pub fn event_calendar(&self, id: &IssueId, key: &str) -> String {
        self.base.join(&format!(
            "{}/{}",
            id.url_segment(),
            event_calendar_path(key)
        ))
    }

    /// The archive's page of upcoming events: `{base}/termine/`.
    pub fn events_page(&self) -> String {
        self.base.join("termine/")
    }

    /// The calendar of all events, to subscribe to: `{base}/termine.ics`.
    pub fn events_feed(&self) -> String {
        self.base.join(EVENTS_FEED)
    }

    /// The host of the site, which names the calendar UIDs.
    pub fn host(&self) -> &str {
        self.base.host()
    }

    /// A file of an issue's folder given as a path inside it, each part
    /// percent-encoded as the resolver writes links to it.
    pub fn asset_file(&self, id: &IssueId, inside: &Path) -> String {
        let web_path: Vec<String> = inside
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .map(percent_encode_segment)
            .collect();
        self.asset(id, &web_path.join("/"))
    }

    /// A file of an issue's folder, such as `images/rathaus.jpg`.
    pub fn asset(&self, id: &IssueId, path: &str) -> String {
        self.base.join(&format!("{}/{}", id.url_segment(), path))
    }
}

/// The file of all events in the archive.
pub const EVENTS_FEED: &str = "termine.ics";

/// Where an event's calendar file lies inside its issue's folder of the archive.
pub fn event_calendar_path(key: &str) -> String {
    format!("termine/{key}.ics")
}

/// A reader's own preferences page, answered by `rundbrief serve`.
pub fn preferences_url(public: &BaseUrl, token: &impl AsRef<str>) -> String {
    public.join(&format!("preferences/{}", token.as_ref()))
}

/// The link that confirms a reader's new address, answered by `rundbrief serve`.
pub fn new_address_url(public: &BaseUrl, token: &impl AsRef<str>) -> String {
    public.join(&format!("new-address/{}", token.as_ref()))
}

/// A subscriber's personal unsubscribe page, answered by `rundbrief serve`.
pub fn unsubscribe_url(public: &BaseUrl, token: &impl AsRef<str>) -> String {
    public.join(&format!("unsubscribe/{}", token.as_ref()))
}

/// The link in a confirmation mail, answered by `rundbrief serve`.
pub fn confirm_url(public: &BaseUrl, token: &impl AsRef<str>) -> String {
    public.join(&format!("confirm/{}", token.as_ref()))
}

/// What a link in the editor's Markdown points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Already absolute (`https:`, `mailto:`, `tel:` …); left as written.
    External(String),
    /// A fragment of the same page (`#termine`).
    Fragment(String),
    /// Another entry; the URL of its blog page.
    Entry(String),
    /// A file inside an issue folder; its URL and its workspace-relative path.
    Asset { url: String, file: PathBuf },
}

impl Target {
    pub fn url(&self) -> &str {
        match self {
            Target::External(url)
            | Target::Fragment(url)
            | Target::Entry(url)
            | Target::Asset { url, .. } => url,
        }
    }
}

/// Why a relative link cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    Missing(PathBuf),
    OutsideIssues(String),
    NotAnEntry(PathBuf),
}

/// Resolves links written in the Markdown files of a workspace.
pub struct Resolver<'a> {
    urls: SiteUrls<'a>,
    /// The issues folder, relative to the workspace root.
    issues: &'a Path,
    index: &'a SiteIndex,
}

impl<'a> Resolver<'a> {
    pub fn new(base: &'a BaseUrl, issues: &'a Path, index: &'a SiteIndex) -> Self {
        Resolver {
            urls: SiteUrls::new(base),
            issues,
            index,
        }
    }

    pub fn urls(&self) -> SiteUrls<'a> {
        self.urls
    }

    /// Resolves `link`, written in `from` (a workspace-relative file).
    pub fn resolve(&self, from: &Path, link: &str) -> Result<Target, Broken> {
        let link = link.trim();
        if link.starts_with('#') || link.is_empty() {
            return Ok(Target::Fragment(link.to_string()));
        }
        if let Some(rest) = link.strip_prefix("//") {
            return Ok(Target::External(format!("https://{rest}")));
        }
        if has_scheme(link) {
            return Ok(Target::External(link.to_string()));
        }
        if link.starts_with('/') {
            return Ok(Target::External(self.urls.base.join(link)));
        }
        let (path_part, suffix) = match link.find(['#', '?']) {
            Some(at) => link.split_at(at),
            None => (link, ""),
        };
        let decoded = percent_decode(path_part);
        let joined = normalise(&from.parent().unwrap_or(Path::new("")).join(&decoded))
            .ok_or_else(|| Broken::OutsideIssues(link.to_string()))?;
        let inside = joined
            .strip_prefix(self.issues)
            .map_err(|_| Broken::OutsideIssues(link.to_string()))?;
        let mut parts = inside.components();
        let id: IssueId = parts
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .and_then(|name| name.parse().ok())
            .ok_or_else(|| Broken::OutsideIssues(link.to_string()))?;
        let rest = parts.as_path();
        if !self.index.exists(&joined) {
            return Err(Broken::Missing(joined));
        }
        if rest.as_os_str().is_empty() {
            return Ok(Target::Entry(format!("{}{}", self.urls.issue(&id), suffix)));
        }
        if rest.extension().is_some_and(|ext| ext == "md") {
            let slug = self
                .index
                .slug(&joined)
                .ok_or_else(|| Broken::NotAnEntry(joined.clone()))?;
            return Ok(Target::Entry(format!(
                "{}{}",
                self.urls.entry(&id, slug),
                suffix
            )));
        }
        let web_path: Vec<String> = rest
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .map(percent_encode_segment)
            .collect();
        Ok(Target::Asset {
            url: format!("{}{}", self.urls.asset(&id, &web_path.join("/")), suffix),
            file: joined,
        })
    }
}

fn has_scheme(link: &str) -> bool {
    match link.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map_or_else(|| text.to_string(), |(_, value)| value.into_owned())
}

fn percent_encode_segment(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://example.org"));
        assert!(has_scheme("mailto:info@example.org"));
        assert!(!has_scheme("images/a.png"));
        assert!(!has_scheme("./a:b.png"));
        assert!(!has_scheme("2026:x"));
    }

    #[test]
    fn every_page_has_its_address() {
        let base = BaseUrl::parse("https://example.org/rundbrief/").unwrap();
        let urls = SiteUrls::new(&base);
        let id: IssueId = "2026-Q4".parse().unwrap();
        let pl: Lang = "pl".parse().unwrap();
        let slug = Slug::parse("ein-beitrag").unwrap();
        let cases = [
            (urls.issue(&id), "https://example.org/rundbrief/2026-q4/"),
            (
                urls.edition(&id, Lang::DE, Lang::DE),
                "https://example.org/rundbrief/2026-q4/",
            ),
            (
                urls.edition(&id, pl, Lang::DE),
                "https://example.org/rundbrief/2026-q4/pl/",
            ),
            (
                urls.country("polen"),
                "https://example.org/rundbrief/land/polen/",
            ),
            (
                urls.theme("jugend"),
                "https://example.org/rundbrief/thema/jugend/",
            ),
            (urls.index(), "https://example.org/rundbrief/"),
            (
                urls.entry(&id, &slug),
                "https://example.org/rundbrief/2026-q4/ein-beitrag/",
            ),
            (
                urls.asset(&id, "images/a.jpg"),
                "https://example.org/rundbrief/2026-q4/images/a.jpg",
            ),
            (
                unsubscribe_url(&base, &"abc"),
                "https://example.org/rundbrief/unsubscribe/abc",
            ),
            (
                confirm_url(&base, &"abc"),
                "https://example.org/rundbrief/confirm/abc",
            ),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }

    /// Links as an editor writes them in `issues/2026-Q4/a.md`, and where
    /// they lead.
    #[test]
    fn links_resolve_against_the_index() {
        let base = BaseUrl::parse("https://example.org/rundbrief").unwrap();
        let mut index = SiteIndex::default();
        index.insert("issues/2026-Q4", None);
        index.insert("issues/2026-Q3", None);
        index.insert("issues/2026-Q4/images/Rathaus Dortmund.jpg", None);
        index.insert("issues/2026-Q4/b.md", Slug::parse("zweiter-beitrag"));
        index.insert("issues/2026-Q3/alt.md", Slug::parse("alter-beitrag"));
        index.insert("issues/2026-Q4/notizen.md", None);
        let resolver = Resolver::new(&base, Path::new("issues"), &index);
        let from = Path::new("issues/2026-Q4/a.md");
        let ok = |url: &str| Ok::<_, Broken>(url.to_string());
        let cases: [(&str, Result<String, Broken>); 12] = [
            ("https://example.org/x", ok("https://example.org/x")),
            ("mailto:info@example.org", ok("mailto:info@example.org")),
            ("//cdn.example.org/a.js", ok("https://cdn.example.org/a.js")),
            (
                "/impressum/",
                ok("https://example.org/rundbrief/impressum/"),
            ),
            ("#termine", ok("#termine")),
            (
                "b.md",
                ok("https://example.org/rundbrief/2026-q4/zweiter-beitrag/"),
            ),
            (
                "b.md#mitte",
                ok("https://example.org/rundbrief/2026-q4/zweiter-beitrag/#mitte"),
            ),
            (
                "../2026-Q3/alt.md",
                ok("https://example.org/rundbrief/2026-q3/alter-beitrag/"),
            ),
            ("../2026-Q3/", ok("https://example.org/rundbrief/2026-q3/")),
            (
                "images/Rathaus%20Dortmund.jpg",
                ok("https://example.org/rundbrief/2026-q4/images/Rathaus%20Dortmund.jpg"),
            ),
            (
                "images/fehlt.jpg",
                Err(Broken::Missing("issues/2026-Q4/images/fehlt.jpg".into())),
            ),
            (
                "../../../etc/passwd",
                Err(Broken::OutsideIssues("../../../etc/passwd".into())),
            ),
        ];
        for (link, expected) in cases {
            let got = resolver.resolve(from, link).map(|t| t.url().to_string());
            assert_eq!(got, expected, "{link}");
        }
        assert_eq!(
            resolver
                .resolve(from, "notizen.md")
                .map(|t| t.url().to_string()),
            Err(Broken::NotAnEntry("issues/2026-Q4/notizen.md".into())),
            "a .md file without front matter is no entry"
        );
    }

    #[test]
    fn spaces_in_file_names_are_encoded() {
        assert_eq!(
            percent_encode_segment("Rathaus Dortmund.jpg"),
            "Rathaus%20Dortmund.jpg"
        );
        assert_eq!(
            percent_decode("Rathaus%20Dortmund.jpg"),
            "Rathaus Dortmund.jpg"
        );
    }
}
