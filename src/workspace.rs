//! The composition root: an opened workspace (its root, its configuration,
//! the catalogs of its languages and its templates), and the one place that
//! composes loading, rendering and checking an issue.

use std::path::{Path, PathBuf};

use crate::checks;
use crate::config::{Config, ConfigError};
use crate::content::{self, BadIssueId, Folder, Issue, IssueId, SiteIndex};
use crate::diagnostic::{Diagnostic, Report};
use crate::email_images;
use crate::fsx::FileError;
use crate::locale::Locales;
use crate::render::{self, RenderContext, Rendered};
use crate::urls::SiteUrls;

/// Why no issue could be picked.
#[derive(Debug, thiserror::Error)]
pub enum PickError {
    #[error(transparent)]
    BadName(#[from] BadIssueId),
    #[error(transparent)]
    Unreadable(#[from] FileError),
    #[error("{}", crate::t!(
        "workspace-no-issue",
        dir = dir.display().to_string(),
        id = IssueId::of_day(chrono::Local::now().date_naive()).to_string()
    ))]
    NoIssue { dir: PathBuf },
}

/// An opened workspace: its root and its configuration.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    /// The catalogs of the readers' languages: built-in, then `locales/`.
    pub locales: Locales,
    /// The templates: `templates/` first, the built-in ones behind it.
    pub templates: minijinja::Environment<'static>,
}

impl Workspace {
    pub fn open(root: &Path) -> Result<Workspace, ConfigError> {
        let config = Config::load(root)?;
        let locales = Locales::load(root, &config.site.languages)?;
        let templates = crate::render::templates::environment(&root.join(&config.paths.templates));
        Ok(Workspace {
            root: root.to_path_buf(),
            config,
            locales,
            templates,
        })
    }

    /// The issue's folder, relative to the root.
    pub fn issue_dir(&self, id: &IssueId) -> PathBuf {
        self.config.paths.issues.join(id.to_string())
    }

    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.config.paths.out)
    }

    /// Every issue folder, oldest first. Folders with other names are ignored.
    pub fn issue_ids(&self) -> std::io::Result<Vec<IssueId>> {
        let dir = self.root.join(&self.config.paths.issues);
        let mut ids: Vec<IssueId> = match std::fs::read_dir(&dir) {
            Ok(read) => read
                .filter_map(std::result::Result::ok)
                .filter(|item| item.path().is_dir())
                .filter_map(|item| item.file_name().to_str()?.parse().ok())
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        ids.sort();
        Ok(ids)
    }

    /// The issue named on the command line, or the newest one.
    pub fn pick_issue(&self, name: Option<&str>) -> Result<IssueId, PickError> {
        match name {
            Some(name) => Ok(name.parse()?),
            None => self
                .issue_ids()
                .map_err(crate::fsx::at(&self.config.paths.issues))?
                .pop()
                .ok_or_else(|| PickError::NoIssue {
                    dir: self.config.paths.issues.clone(),
                }),
        }
    }

    /// The workspace as loading content sees it.
    pub fn folder(&self) -> Folder<'_> {
        Folder {
            root: &self.root,
            config: &self.config,
        }
    }

    /// What the editor's links may point at, as the disk holds it now.
    pub fn index(&self) -> SiteIndex {
        SiteIndex::scan(&self.root, &self.config.paths.issues)
    }

    /// Everything rendering needs, none of which it reads from disk itself.
    pub fn render_context<'a>(&'a self, index: &'a SiteIndex) -> RenderContext<'a> {
        RenderContext {
            config: &self.config,
            locales: &self.locales,
            templates: &self.templates,
            index,
        }
    }

    /// A path for messages: relative to the root when it lies inside.
    pub fn display<'a>(&self, path: &'a Path) -> std::path::Display<'a> {
        path.strip_prefix(&self.root).unwrap_or(path).display()
    }
}

/// Makes the email's copies of the issue's pictures and points its emails at them.
pub fn fit_images(ws: &Workspace, issue: &Issue, rendered: &mut Rendered) -> Vec<Diagnostic> {
    let urls = SiteUrls::new(&ws.config.site.base_url);
    email_images::fit_for_email(&ws.root, urls, issue, rendered)
}

/// An issue that loaded and rendered, together with what `check` says about it.
pub struct Checked {
    pub issue: Issue,
    pub rendered: Rendered,
    pub report: Report,
}

/// Loads, renders and checks an issue. `Err` holds a report with errors that
/// kept the issue from loading or rendering at all.
pub fn check_issue(ws: &Workspace, id: &IssueId) -> Result<Checked, Report> {
    check_issue_in(ws, &ws.index(), id)
}

/// `check_issue` against an index already made: whoever checks many issues
/// (the archive) scans the issues folder once, not once per issue.
pub fn check_issue_in(ws: &Workspace, index: &SiteIndex, id: &IssueId) -> Result<Checked, Report> {
    let (issue, usable) = content::load_issue(ws.folder(), id).map_err(|diagnostics| {
        let mut report = Report { diagnostics };
        report.sort();
        report
    })?;
    // Errors that leave the issue usable (an unknown tag) are reported
    // together with everything the rendering finds.
    let mut report = Report {
        diagnostics: usable,
    };
    let mut rendered =
        match render::render_issue(&ws.render_context(index), &issue, &mut report.diagnostics) {
            Ok(rendered) => rendered,
            Err(problem) => {
                report.diagnostics.push(problem);
                report.sort();
                return Err(report);
            }
        };
    report
        .diagnostics
        .extend(fit_images(ws, &issue, &mut rendered));
    report
        .diagnostics
        .extend(email_images::budgets(&ws.config, &issue.file(), &rendered));
    report.diagnostics.extend(checks::check(&issue, &rendered));
    report
        .diagnostics
        .extend(checks::placeholders(&issue, &ws.config.site.name));
    report
        .diagnostics
        .extend(checks::translations(ws.locales.missing_keys()));
    report.diagnostics.extend(checks::legal_notice(&ws.config));
    report
        .diagnostics
        .extend(checks::branding(&ws.config, |logo| {
            ws.root.join(logo).is_file()
        }));
    report.sort();
    Ok(Checked {
        issue,
        rendered,
        report,
    })
}
