//! New things from templates: `rundbrief init` (a whole workspace someone
//! outside this repository can start from), and `rundbrief new` (an issue
//! folder, a mailing's folder, or an entry with its front matter filled in).

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::config::{ConfigError, FILE_NAME};
use crate::content::{self, IssueId, MailingSlug, Slug, placeholder};
use crate::fsx::{self, FileError};
use crate::locale::Lang;
use crate::render::templates;
use crate::workspace::Workspace;

/// Why nothing (or not everything) was scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The file or folder is there already; nothing was overwritten.
    #[error("{}", crate::t!("scaffold-exists", path = path.display().to_string()))]
    Exists { path: PathBuf },
    /// `init` in a folder that holds a workspace already.
    #[error("{}", crate::t!("scaffold-workspace-exists", path = path.display().to_string()))]
    WorkspaceExists { path: PathBuf },
    /// An entry for an issue that has no folder yet.
    #[error("{}", crate::t!("scaffold-no-issue", id = id.to_string()))]
    NoIssue { id: IssueId },
    /// An entry's title with a line break.
    #[error("{}", crate::t!("scaffold-title-one-line"))]
    TitleNotOneLine,
    /// An entry's title without a letter or digit to name its file after.
    #[error("{}", crate::t!("scaffold-title-no-slug"))]
    TitleWithoutSlug,
    /// The workspace `init` wrote does not open.
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    File(#[from] FileError),
}

const CONFIG: &str = include_str!("scaffold/rundbrief.toml");
const ISSUE: &str = include_str!("scaffold/issue.toml");
const MAILING: &str = include_str!("scaffold/mailing.toml");
const ENTRY: &str = include_str!("scaffold/entry.md");

/// A TOML string literal, quoted and escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn fill(template: &str, context: minijinja::Value) -> String {
    let env = minijinja::Environment::new();
    env.render_str(template, context)
        .expect("the built-in scaffolds are valid templates")
}

/// Creates `path` with `contents`, refusing to overwrite.
fn create(path: &Path, contents: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists {
            path: path.to_path_buf(),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fsx::at(parent))?;
    }
    std::fs::write(path, contents).map_err(fsx::at(path))?;
    Ok(())
}

/// The newsletter's name a folder suggests: `mein-rundbrief` → `Mein Rundbrief`.
pub fn name_of_folder(dir: &Path) -> String {
    // `.` and `..` have no name of their own: the folder they stand for has.
    let folder = dir
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .or_else(|| dir.canonicalize().ok()?.file_name().map(Into::into))
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words: Vec<String> = folder
        .split(['-', '_', ' ', '.'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect();
    if words.is_empty() {
        "Rundbrief".into()
    } else {
        words.join(" ")
    }
}

/// Writes a fresh workspace for the newsletter `name` into `dir`; returns
/// the files it wrote. Its example issue is all placeholders, which `check`
/// refuses until the editor has written their own.
pub fn init(dir: &Path, name: &str, today: NaiveDate) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join(FILE_NAME).exists() {
        return Err(ScaffoldError::WorkspaceExists {
            path: dir.join(FILE_NAME),
        });
    }
    let mut written = Vec::new();
    let mut write = |relative: &str, contents: &str| -> Result<(), ScaffoldError> {
        create(&dir.join(relative), contents)?;
        written.push(PathBuf::from(relative));
        Ok(())
    };
    let name = name.trim();
    // A display name with these would need quoting in the From header.
    let plain: String = name
        .chars()
        .filter(|c| !matches!(c, '"' | '<' | '>' | ',' | ';' | '\\'))
        .collect();
    write(
        FILE_NAME,
        &fill(
            CONFIG,
            minijinja::context! {
                name => quoted(name),
                from => quoted(&format!("{} <rundbrief@example.org>", plain.trim())),
            },
        ),
    )?;
    // Only what an office is meant to edit: every template missing here is
    // the built-in one, which improves with each version of rundbrief.
    write(
        "templates/README.md",
        &crate::t!("scaffold-templates-readme"),
    )?;
    write(".gitignore", "/out/\n/public/\n/subscribers/*.sqlite3*\n")?;
    write("subscribers/.gitkeep", "")?;
    let ws = Workspace::open(dir)?;
    let id = IssueId::of_day(today);
    for file in create_issue(&ws, &id, today, true)? {
        written.push(file);
    }
    // The staff's language names the first entry (and so its file), as before.
    let welcome = crate::t!("scaffold-welcome-title");
    written.push(new_entry(&ws, &id, &welcome, today)?);
    Ok(written)
}

/// Creates `issues/<id>/issue.toml` of a quarterly issue or a mailing;
/// returns the workspace-relative paths.
pub fn new_issue(
    ws: &Workspace,
    id: &IssueId,
    today: NaiveDate,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    create_issue(ws, id, today, false)
}

/// `new_issue`; the `example` of `init` is a draft, which the archive
/// leaves out until the editor has made it their own.
fn create_issue(
    ws: &Workspace,
    id: &IssueId,
    today: NaiveDate,
    example: bool,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    let dir = ws.issue_dir(id);
    if ws.root.join(&dir).exists() {
        return Err(ScaffoldError::Exists { path: dir });
    }
    let text = match id {
        IssueId::Quarter { year, quarter } => {
            let date = if IssueId::of_day(today) == *id {
                today
            } else {
                id.first_day()
            };
            issue_toml(ws, id, &format!("{quarter}/{year}"), date, example)
        }
        IssueId::Mailing(slug) => {
            let date = if today.with_day(1) == Some(slug.first_day()) {
                today
            } else {
                slug.first_day()
            };
            mailing_toml(ws, slug, date)
        }
    };
    let file = dir.join(content::ISSUE_FILE);
    create(&ws.root.join(&file), &text)?;
    let images = ws.root.join(dir.join("images"));
    std::fs::create_dir_all(&images).map_err(fsx::at(&images))?;
    Ok(vec![file])
}

fn issue_toml(ws: &Workspace, id: &IssueId, when: &str, date: NaiveDate, example: bool) -> String {
    let lang = ws.config.site.default_lang();
    let german = lang == Lang::DE;
    let site = &ws.config.site.name;
    // Mailings stand beside the quarterly sequence and take no number of it.
    let number = next_number(ws, id);
    fill(
        ISSUE,
        minijinja::context! {
            id => id.to_string(),
            title => quoted(&format!("{} {when}", if german { "Rundbrief" } else { "Newsletter" })),
            number => number,
            date => date.to_string(),
            lang => lang.code(),
            subject => quoted(&placeholder::subject(site, id, lang)),
            preheader => quoted(placeholder::PREHEADER.text(lang)),
            editorial => placeholder::EDITORIAL.text(lang),
            event_date => (date + chrono::Days::new(21)).to_string(),
            event_title => quoted(if german { "Sprechstunde" } else { "Consultation hour" }),
            event_place => quoted("Online"),
            event_link => quoted(placeholder::EVENT_LINK),
            example => example,
        },
    )
}

/// The number after that of the newest quarterly issue before `id`: the
/// sequence continues from what the editor numbered, whatever folders are
/// missing. Mailings stand beside the sequence and take no number of it.
fn next_number(ws: &Workspace, id: &IssueId) -> u32 {
    #[derive(serde::Deserialize)]
    struct Numbered {
        number: Option<u32>,
    }
    let Ok(ids) = ws.issue_ids() else { return 1 };
    ids.iter()
        .rev()
        .filter(|other| !other.is_mailing() && *other < id)
        .find_map(|other| {
            let file = ws.root.join(ws.issue_dir(other)).join(content::ISSUE_FILE);
            let text = std::fs::read_to_string(file).ok()?;
            toml::from_str::<Numbered>(&text).ok()?.number
        })
        .map_or(1, |newest| newest + 1)
}

fn mailing_toml(ws: &Workspace, slug: &MailingSlug, date: NaiveDate) -> String {
    let lang = ws.config.site.default_lang();
    let german = lang == Lang::DE;
    let site = &ws.config.site.name;
    let title = placeholder::title(slug);
    fill(
        MAILING,
        minijinja::context! {
            id => slug.to_string(),
            title => quoted(&title),
            date => date.to_string(),
            lang => lang.code(),
            subject => quoted(&placeholder::subject(site, &IssueId::Mailing(slug.clone()), lang)),
            preheader => quoted(placeholder::MAILING_PREHEADER.text(lang)),
            body => placeholder::MAILING_BODY.text(lang),
            cta_url => quoted(placeholder::CTA_URL),
            cta_label => quoted(if german { "Jetzt anmelden" } else { "Register now" }),
            event_date => (date + chrono::Days::new(21)).to_string(),
            event_title => quoted(&title),
        },
    )
}

/// Creates an entry file named after its title; returns its workspace-relative path.
pub fn new_entry(
    ws: &Workspace,
    id: &IssueId,
    title: &str,
    today: NaiveDate,
) -> Result<PathBuf, ScaffoldError> {
    let dir = ws.issue_dir(id);
    if !ws.root.join(&dir).is_dir() {
        return Err(ScaffoldError::NoIssue { id: id.clone() });
    }
    let title = title.trim();
    if title.contains(['\r', '\n']) {
        return Err(ScaffoldError::TitleNotOneLine);
    }
    let slug = Slug::from_title(title).ok_or(ScaffoldError::TitleWithoutSlug)?;
    let folder = ws.root.join(&dir);
    let existing = std::fs::read_dir(&folder)
        .map_err(fsx::at(&folder))?
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    let lang = ws.config.site.default_lang();
    let author = std::env::var("RUNDBRIEF_AUTHOR").unwrap_or_else(|_| ws.config.site.name.clone());
    let text = fill(
        ENTRY,
        minijinja::context! {
            title => quoted(title),
            author => quoted(&author),
            date => today.to_string(),
            summary => quoted(placeholder::ENTRY_SUMMARY.text(lang)),
            countries => ws.config.vocabulary.countries.join(", "),
            themes => ws.config.vocabulary.themes.join(", "),
            order => (existing + 1) * 10,
            body => placeholder::ENTRY_BODY.text(lang),
        },
    );
    let file = dir.join(format!("{slug}.md"));
    create(&ws.root.join(&file), &text)?;
    Ok(file)
}

/// Where a built-in template stands in a workspace (`rundbrief templates list`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateState {
    /// No file of that name in `templates/`: the built-in one is used.
    BuiltIn,
    /// The workspace's own file replaces it.
    Overridden(Override),
}

/// What is known about a workspace's own template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Override {
    /// Copied from the built-in one as it is today (changed or not since).
    Current,
    /// Copied from an older built-in: the built-in has changed since.
    Older,
    /// The same text as the built-in, never changed: it can go.
    Unchanged,
    /// Not copied by `templates copy` (an older `init`, by hand): whether
    /// the built-in changed since cannot be told.
    Unknown,
}

/// The mark `templates copy` puts at the top of a copy: which built-in it
/// came from, by a hash of its text.
fn copy_mark(name: &str, builtin: &str) -> String {
    format!(
        "{{#- rundbrief: copied from the built-in {name}, version {} -#}}\n",
        builtin_version(builtin)
    )
}

fn builtin_version(text: &str) -> String {
    crate::secret::hex(&crate::secret::sha256(text.as_bytes())[..6])
}

/// Every built-in template and whether the workspace replaces it.
pub fn template_states(ws: &Workspace) -> Vec<(&'static str, TemplateState)> {
    templates::BUILTIN
        .iter()
        .map(|(name, builtin)| {
            let own = ws.root.join(&ws.config.paths.templates).join(name);
            let state = match std::fs::read_to_string(&own) {
                Err(_) => TemplateState::BuiltIn,
                Ok(text) => TemplateState::Overridden(judge_override(name, builtin, &text)),
            };
            (*name, state)
        })
        .collect()
}

fn judge_override(name: &str, builtin: &str, own: &str) -> Override {
    let prefix = format!("{{#- rundbrief: copied from the built-in {name}, version ");
    match own
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once(' '))
    {
        Some((version, rest)) if version == builtin_version(builtin) => {
            let body = rest.split_once('\n').map_or("", |(_, body)| body);
            if body == builtin {
                Override::Unchanged
            } else {
                Override::Current
            }
        }
        Some(_) => Override::Older,
        None if own == builtin => Override::Unchanged,
        None => Override::Unknown,
    }
}

/// Why a template could not be taken over.
#[derive(Debug, thiserror::Error)]
pub enum TemplateCopyError {
    #[error("{}", crate::t!("templates-unknown", name = name.as_str(), known = known.as_str()))]
    Unknown { name: String, known: String },
    #[error(transparent)]
    Scaffold(#[from] ScaffoldError),
}

/// `rundbrief templates copy NAME`: the built-in template into the
/// workspace's `templates/`, marked with the version it came from, to be
/// edited there. Refuses to overwrite unless `replace`.
pub fn copy_template(
    ws: &Workspace,
    name: &str,
    replace: bool,
) -> Result<PathBuf, TemplateCopyError> {
    let Some(builtin) = templates::builtin(name) else {
        let names: Vec<&str> = templates::BUILTIN.iter().map(|(n, _)| *n).collect();
        return Err(TemplateCopyError::Unknown {
            name: name.to_string(),
            known: names.join(", "),
        });
    };
    let relative = ws.config.paths.templates.join(name);
    let path = ws.root.join(&relative);
    let text = format!("{}{builtin}", copy_mark(name, builtin));
    if replace {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(fsx::at(parent))
                .map_err(ScaffoldError::from)?;
        }
        std::fs::write(&path, text)
            .map_err(fsx::at(&path))
            .map_err(ScaffoldError::from)?;
    } else {
        create(&path, &text)?;
    }
    Ok(relative)
}

#[cfg(test)]
mod template_tests {
    use super::*;

    #[test]
    fn an_override_is_judged_by_the_built_in_it_was_copied_from() {
        let builtin = "<mjml>{{ x }}</mjml>\n";
        let copied = format!("{}{builtin}", copy_mark("email.mjml", builtin));
        let edited = format!(
            "{}<mjml>{{{{ x }}}} extra</mjml>\n",
            copy_mark("email.mjml", builtin)
        );
        let from_older = format!("{}<mjml/>\n", copy_mark("email.mjml", "<mjml>old</mjml>\n"));
        let cases = [
            (copied.as_str(), Override::Unchanged),
            (edited.as_str(), Override::Current),
            (from_older.as_str(), Override::Older),
            (builtin, Override::Unchanged),
            ("<mjml>by hand</mjml>", Override::Unknown),
        ];
        for (own, expected) in cases {
            assert_eq!(
                judge_override("email.mjml", builtin, own),
                expected,
                "{own}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 13: `init rundbrief` named the newsletter "Rundbrief Rundbrief".
    #[test]
    fn the_folder_names_the_newsletter() {
        let cases = [
            ("mein-rundbrief", "Mein Rundbrief"),
            ("rundbrief", "Rundbrief"),
            ("verein_nord.2027", "Verein Nord 2027"),
            ("städtepartnerschaften", "Städtepartnerschaften"),
            ("---", "Rundbrief"),
        ];
        for (folder, name) in cases {
            assert_eq!(name_of_folder(Path::new(folder)), name, "{folder}");
        }
        let dir = tempfile::tempdir().unwrap();
        let inside = dir.path().join("netz-west");
        std::fs::create_dir(&inside).unwrap();
        assert_eq!(name_of_folder(&inside.join(".")), "Netz West");
    }
}
