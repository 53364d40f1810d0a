//! Markdown to HTML and to plain text through one comrak parse: links and
//! images are resolved once on the tree (relative → absolute under
//! `base_url`), then the same tree is written as HTML and as text.

use std::collections::BTreeSet;
use std::path::PathBuf;

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options};

use super::text;
use crate::content::Markdown;
use crate::diagnostic::{Diagnostic, Kind};
use crate::urls::{Broken, Resolver, Target};

/// A link or image as the editor wrote it, after resolution.
#[derive(Debug, Clone)]
pub struct LinkUse {
    pub file: PathBuf,
    pub line: usize,
    pub url: String,
    pub is_image: bool,
    pub alt: String,
}

/// Collects what rendering Markdown finds out about links and files.
pub(crate) struct LinkLog<'a> {
    pub resolver: Resolver<'a>,
    pub links: Vec<LinkUse>,
    /// Local files the rendered content refers to; the build copies them.
    pub assets: BTreeSet<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

impl<'a> LinkLog<'a> {
    pub(crate) fn new(resolver: Resolver<'a>) -> Self {
        LinkLog {
            resolver,
            links: Vec::new(),
            assets: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// Resolves one link or image; a broken one is reported and kept as written.
    pub(crate) fn resolve(
        &mut self,
        file: &std::path::Path,
        line: usize,
        url: &str,
        image: Option<&str>,
    ) -> String {
        match self.resolver.resolve(file, url) {
            Ok(target) => {
                let resolved = target.url().to_string();
                if let Target::Asset { file, .. } = target {
                    self.assets.insert(file);
                }
                self.links.push(LinkUse {
                    file: file.to_path_buf(),
                    line,
                    url: resolved.clone(),
                    is_image: image.is_some(),
                    alt: image.unwrap_or_default().to_string(),
                });
                resolved
            }
            Err(broken) => {
                let kind = if image.is_some() {
                    Kind::MissingImage
                } else {
                    Kind::BrokenLink
                };
                self.problems.push(Diagnostic::error(
                    kind,
                    file,
                    Some(line),
                    broken_message(url, &broken),
                ));
                url.to_string()
            }
        }
    }
}

fn broken_message(url: &str, broken: &Broken) -> String {
    match broken {
        Broken::Missing(path) => {
            crate::t!("link-missing", url = url, path = path.display().to_string())
        }
        Broken::OutsideIssues(_) => crate::t!("link-outside-issues", url = url),
        Broken::NotAnEntry(path) => crate::t!(
            "link-not-an-entry",
            url = url,
            path = path.display().to_string()
        ),
    }
}

/// A piece of Markdown, rendered.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub text: String,
}

pub(crate) fn options(allow_html: bool) -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.footnotes = true;
    options.render.r#unsafe = allow_html;
    options.render.escape = !allow_html;
    options
}

/// Renders `markdown`, resolving its links through `log`.
pub(crate) fn render(markdown: &Markdown, allow_html: bool, log: &mut LinkLog<'_>) -> Rendered {
    let options = options(allow_html);
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, &markdown.text, &options);
    let first_link = log.links.len();
    resolve_links(root, markdown, log);
    let mut html = String::new();
    comrak::format_html(root, &options, &mut html).expect("writing to a String cannot fail");
    check_anchors(&html, first_link, log);
    Rendered {
        html,
        text: text::from_tree(root, allow_html),
    }
}

/// A link to `#anchor` must find the anchor on its own page: an `id` (or an
/// old `name`) in what this Markdown rendered to, such as a footnote's.
fn check_anchors(html: &str, first_link: usize, log: &mut LinkLog<'_>) {
    let anchors = anchors(html);
    let missing: Vec<Diagnostic> = log.links[first_link..]
        .iter()
        .filter_map(|link| {
            let anchor = link.url.strip_prefix('#')?;
            (!anchor.is_empty() && !anchors.contains(anchor)).then(|| {
                Diagnostic::error(
                    Kind::MissingAnchor,
                    &link.file,
                    Some(link.line),
                    crate::t!(
                        "check-missing-anchor",
                        url = link.url.as_str(),
                        anchor = anchor
                    ),
                )
            })
        })
        .collect();
    log.problems.extend(missing);
}

/// The `id` and `name` values in `html`.
fn anchors(html: &str) -> BTreeSet<&str> {
    let mut found = BTreeSet::new();
    for attribute in [" id=\"", " name=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.insert(&rest[..end]);
            }
        }
    }
    found
}

fn resolve_links<'a>(root: &'a AstNode<'a>, markdown: &Markdown, log: &mut LinkLog<'_>) {
    for node in root.descendants() {
        let is_image = matches!(node.data.borrow().value, NodeValue::Image(_));
        let alt = is_image.then(|| text::plain(node));
        let mut data = node.data.borrow_mut();
        let line = markdown.first_line + data.sourcepos.start.line.saturating_sub(1);
        if let NodeValue::Link(link) | NodeValue::Image(link) = &mut data.value {
            link.url = log.resolve(&markdown.file, line, &link.url, alt.as_deref());
        }
    }
}
