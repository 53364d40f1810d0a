//! What the editor's links may point at: every file and folder under the
//! issues folder, and the slug of every entry. Built once by whoever loads
//! content, so that rendering never reads the disk to resolve a link.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Slug, split_front_matter};

/// The files of the issues folder and the slugs of its entries, by their
/// workspace-relative paths (`issues/2026-Q4/images/a.jpg`).
#[derive(Debug, Clone, Default)]
pub struct SiteIndex {
    paths: BTreeSet<PathBuf>,
    slugs: BTreeMap<PathBuf, Slug>,
}

impl SiteIndex {
    /// Scans `issues` (relative to `root`); unreadable parts are left out, and
    /// a link into them is reported as missing.
    pub fn scan(root: &Path, issues: &Path) -> SiteIndex {
        let mut index = SiteIndex::default();
        index.scan_folder(root, issues);
        index
    }

    fn scan_folder(&mut self, root: &Path, folder: &Path) {
        let Ok(read) = std::fs::read_dir(root.join(folder)) else {
            return;
        };
        self.paths.insert(folder.to_path_buf());
        for item in read.filter_map(Result::ok) {
            let path = folder.join(item.file_name());
            match item.file_type() {
                Ok(kind) if kind.is_dir() => self.scan_folder(root, &path),
                Ok(_) => {
                    if path.extension().is_some_and(|ext| ext == "md")
                        && let Some(slug) = std::fs::read_to_string(root.join(&path))
                            .ok()
                            .and_then(|text| slug_of(&text))
                    {
                        self.slugs.insert(path.clone(), slug);
                    }
                    self.paths.insert(path);
                }
                Err(_) => {}
            }
        }
    }

    /// Adds a file by hand (for tests and for content not on disk).
    pub fn insert(&mut self, path: impl Into<PathBuf>, slug: Option<Slug>) {
        let path = path.into();
        if let Some(slug) = slug {
            self.slugs.insert(path.clone(), slug);
        }
        self.paths.insert(path);
    }

    pub fn exists(&self, path: &Path) -> bool {
        self.paths.contains(path)
    }

    /// The slug of the entry at `path`, if it is one.
    pub fn slug(&self, path: &Path) -> Option<&Slug> {
        self.slugs.get(path)
    }
}

/// An entry's slug as loading it would give: `slug = "…"`, else from the title.
fn slug_of(text: &str) -> Option<Slug> {
    let parts = split_front_matter(text.trim_start_matches('\u{feff}')).ok()?;
    let table: toml::Table = toml::from_str(parts.front_matter).ok()?;
    match table.get("slug").and_then(toml::Value::as_str) {
        Some(given) => Slug::parse(given),
        None => Slug::from_title(table.get("title")?.as_str()?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_read_as_loading_gives_them() {
        let cases = [
            (
                "+++\ntitle = \"Städte & Partner\"\n+++\n",
                Some("staedte-partner"),
            ),
            (
                "+++\ntitle = \"X\"\nslug = \"eigener-name\"\n+++\n",
                Some("eigener-name"),
            ),
            ("+++\ntitle = \"X\"\nslug = \"Kein Slug\"\n+++\n", None),
            ("no front matter", None),
        ];
        for (text, expected) in cases {
            assert_eq!(slug_of(text).as_ref().map(Slug::as_str), expected, "{text}");
        }
    }

    #[test]
    fn the_sample_issues_are_indexed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let index = SiteIndex::scan(root, Path::new("issues"));
        assert!(index.exists(Path::new("issues/2026-Q4")));
        assert!(index.exists(Path::new("issues/2026-Q4/images/jugendbegegnung-polen.jpg")));
        assert_eq!(
            index
                .slug(Path::new("issues/2026-Q4/twinning-after-brexit.md"))
                .map(Slug::as_str),
            Some("twinning-after-brexit-what-our-british-partners-told-us")
        );
        assert!(!index.exists(Path::new("issues/2026-Q4/nothing.md")));
    }
}
