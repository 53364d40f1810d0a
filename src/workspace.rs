//! Where things are on disk: the workspace root with its `rundbrief.toml`,
//! the issue folders, the templates and the output folder.

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};

use crate::config::{Config, ConfigError};
use crate::content::IssueId;
use crate::content::SiteIndex;
use crate::locale::Locales;
use crate::render::RenderContext;

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
    pub fn issue_dir(&self, id: IssueId) -> PathBuf {
        self.config.paths.issues.join(id.to_string())
    }

    pub fn templates_dir(&self) -> PathBuf {
        self.root.join(&self.config.paths.templates)
    }

    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.config.paths.out)
    }

    /// Every issue folder, oldest first. Folders with other names are ignored.
    pub fn issue_ids(&self) -> std::io::Result<Vec<IssueId>> {
        let dir = self.root.join(&self.config.paths.issues);
        let mut ids: Vec<IssueId> = match std::fs::read_dir(&dir) {
            Ok(read) => read
                .filter_map(|item| item.ok())
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
    pub fn pick_issue(&self, name: Option<&str>) -> anyhow::Result<IssueId> {
        match name {
            Some(name) => Ok(name.parse()?),
            None => self
                .issue_ids()
                .with_context(|| format!("{}", self.config.paths.issues.display()))?
                .pop()
                .ok_or_else(|| {
                    anyhow!(crate::t!(
                        "workspace-no-issue",
                        dir = self.config.paths.issues.display().to_string(),
                        id = IssueId::of_day(chrono::Local::now().date_naive()).to_string()
                    ))
                }),
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
