//! `rundbrief build`: an issue's email (HTML, text, and the complete `.eml`
//! with a sample recipient), its entry pages and its images, written to
//! `out/<issue>/`. The folder is written aside and swapped in whole, so a
//! failed build never leaves half an issue behind.

use std::path::{Path, PathBuf};

use lettre::message::Mailbox;

use crate::content::{Issue, IssueId};
use crate::diagnostic::Report;
use crate::fsx::{self, FileError};
use crate::locale::{Catalog, Lang};
use crate::mail::{self, MessageError, Outgoing};
use crate::render::{Email, Rendered};
use crate::workspace::Workspace;
use crate::workspace::{self, Checked};

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub issue: IssueId,
    /// `out/2026-Q4`, absolute.
    pub dir: PathBuf,
    /// Each file written, relative to `dir`, with its size in bytes.
    pub files: Vec<(PathBuf, usize)>,
    /// The size of each edition's email HTML.
    pub email_sizes: Vec<(Lang, usize)>,
    /// Warnings `check` found; errors stop the build.
    pub report: Report,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{}", crate::t!("build-check-failed", count = .0.errors()))]
    Check(Report),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Message(#[from] MessageError),
}

/// The file names of an edition: `email.html` for the issue's own language,
/// `email.en.html` for a further one.
pub fn email_file(issue: &Issue, lang: Lang, extension: &str) -> String {
    if lang == issue.lang {
        format!("email.{extension}")
    } else {
        format!("email.{lang}.{extension}")
    }
}

/// The sample recipient of the `.eml` files and the preview.
pub fn sample_recipient(catalog: &Catalog) -> Mailbox {
    let fallback = || "leser@example.org".parse().expect("a valid sample address");
    let address = catalog
        .text("sample-address")
        .parse()
        .unwrap_or_else(|_| fallback());
    Mailbox::new(Some(catalog.text("sample-name")), address)
}

/// The unsubscribe URL shown in samples: real in shape, valid for nobody.
pub fn sample_unsubscribe_url(ws: &Workspace) -> String {
    crate::urls::unsubscribe_url(ws.config.site.public_url(), &"SAMPLE")
}

/// The complete message of an edition as it would be sent, to the sample
/// recipient: what `build` and the archive keep for the records.
pub fn sample_eml(ws: &Workspace, id: IssueId, email: &Email) -> Result<Vec<u8>, MessageError> {
    let to = sample_recipient(&email.catalog);
    let unsubscribe_url = sample_unsubscribe_url(ws);
    let outgoing = Outgoing {
        message_id: format!("{id}.sample.{}@{}", email.lang, to.email.domain()),
        to,
        unsubscribe_url: &unsubscribe_url,
        subject_prefix: "",
    };
    Ok(mail::build_message(&ws.config, email, &outgoing)?.formatted())
}

/// Checks and builds an issue into `out/<issue>/`.
pub fn build_issue(ws: &Workspace, id: IssueId) -> Result<BuildReport, BuildError> {
    let Checked {
        issue,
        rendered,
        report,
    } = workspace::check_issue(ws, id).map_err(BuildError::Check)?;
    if report.errors() > 0 {
        return Err(BuildError::Check(report));
    }
    let target = ws.out_dir().join(id.to_string());
    let staging = fsx::stage_folder(&target)?;
    let files = write_issue(ws, &issue, &rendered, staging.path())?;
    fsx::swap_in(staging, &target)?;
    Ok(BuildReport {
        issue: id,
        dir: target,
        files,
        email_sizes: rendered
            .emails
            .iter()
            .map(|e| (e.lang, e.html.len()))
            .collect(),
        report,
    })
}

fn write_issue(
    ws: &Workspace,
    issue: &Issue,
    rendered: &Rendered,
    dir: &Path,
) -> Result<Vec<(PathBuf, usize)>, BuildError> {
    let mut files = Vec::new();
    let mut write = |name: PathBuf, bytes: &[u8]| -> Result<(), BuildError> {
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fsx::at(parent))?;
        }
        std::fs::write(&path, bytes).map_err(fsx::at(&path))?;
        files.push((name, bytes.len()));
        Ok(())
    };
    let unsubscribe_url = sample_unsubscribe_url(ws);
    for email in &rendered.emails {
        let to = sample_recipient(&email.catalog);
        let outgoing = Outgoing {
            to: to.clone(),
            unsubscribe_url: &unsubscribe_url,
            message_id: format!("{}.sample.{}@{}", issue.id, email.lang, to.email.domain()),
            subject_prefix: "",
        };
        let (html, text) = email.personalise(crate::render::Recipient {
            name: to.name.as_deref(),
            unsubscribe_url: &unsubscribe_url,
        });
        write(
            email_file(issue, email.lang, "html").into(),
            html.as_bytes(),
        )?;
        write(email_file(issue, email.lang, "txt").into(), text.as_bytes())?;
        let message = mail::build_message(&ws.config, email, &outgoing)?;
        write(
            email_file(issue, email.lang, "eml").into(),
            &message.formatted(),
        )?;
    }
    for page in &rendered.pages {
        write(
            Path::new(page.slug.as_str()).join("index.html"),
            page.html.as_bytes(),
        )?;
    }
    let issue_dir = &issue.dir;
    for asset in &rendered.assets {
        // Files of other issues belong to their own build.
        if let Ok(inside) = asset.strip_prefix(issue_dir) {
            let bytes = std::fs::read(ws.root.join(asset)).map_err(fsx::at(asset))?;
            write(inside.to_path_buf(), &bytes)?;
        }
    }
    files.sort();
    Ok(files)
}
