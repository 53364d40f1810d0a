//! `rundbrief build`: an issue's email (HTML, text, and the complete `.eml`
//! with a sample recipient), its entry pages and its images, written to
//! `out/<issue>/`. The folder is written aside and swapped in whole, so a
//! failed build never leaves half an issue behind. Also the one sample
//! message of an edition, which the archive, the preview and `send --test`
//! and `--dry-run` use too.

use std::path::{Path, PathBuf};

use lettre::message::Mailbox;

use crate::config::Config;
use crate::content::{Issue, IssueId};
use crate::diagnostic::Report;
use crate::fsx::{self, FileError};
use crate::locale::{Catalog, Lang};
use crate::mail::{self, Edition, MessageError, Outgoing, Sealed};
use crate::render::{Email, Recipient, Rendered};
use crate::store::message_id_of;
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

/// Whom a sample of an edition goes to, and what for.
#[derive(Debug, Clone)]
pub enum Sample {
    /// For the records, to the sample recipient of the edition's catalog:
    /// the `.eml` files of `build` and the archive, `send --dry-run`, the
    /// preview. Message-ID `rundbrief.2026-q4.sample-de@<sender's domain>`.
    Record,
    /// A test send to `to`, `[TEST] ` before the subject. Message-ID
    /// `rundbrief.2026-q4.test-<random>@<sender's domain>`, new each time.
    Test { to: Mailbox },
}

/// An edition personalised for one sample recipient: its parts as they
/// read them, and the whole message as it would be sent.
#[derive(Debug)]
pub struct SampleMessage<'a> {
    config: &'a Config,
    email: &'a Email,
    to: Mailbox,
    unsubscribe_url: String,
    preferences_url: String,
    message_id: String,
    subject_prefix: &'static str,
}

impl SampleMessage<'_> {
    /// The HTML and the text part, greeting and unsubscribe link filled in.
    pub fn parts(&self) -> (String, String) {
        self.email.personalise(Recipient {
            name: self.to.name.as_deref(),
            unsubscribe_url: &self.unsubscribe_url,
            preferences_url: &self.preferences_url,
        })
    }

    /// The complete message, unsigned.
    pub fn message(&self) -> Result<Sealed, MessageError> {
        mail::build_message(self.config, self.email, &self.outgoing())
    }

    /// The edition as a send encodes it, to seal for `outgoing`.
    pub fn edition(&self) -> Result<Edition, MessageError> {
        Edition::new(self.config, self.email, self.subject_prefix)
    }

    /// The sample recipient and the parts that are theirs.
    pub fn outgoing(&self) -> Outgoing<'_> {
        Outgoing {
            to: self.to.clone(),
            unsubscribe_url: &self.unsubscribe_url,
            preferences_url: &self.preferences_url,
            // Nobody's tags: a bounce of a sample or test copy is the staff's own.
            way_back: mail::message::WayBack::of(self.config, None),
            message_id: self.message_id.clone(),
            subject_prefix: self.subject_prefix,
        }
    }
}

/// The one way an edition of `id` becomes a message outside a real send:
/// to the sample recipient or to a test address, with the sample
/// unsubscribe link (real in shape, valid for nobody) and a Message-ID of
/// the shape real sends have.
pub fn sample_message<'a>(
    ws: &'a Workspace,
    id: &IssueId,
    email: &'a Email,
    kind: Sample,
) -> SampleMessage<'a> {
    let (to, what, subject_prefix) = match kind {
        Sample::Record => (
            sample_recipient(&email.catalog),
            format!("sample-{}", email.lang),
            "",
        ),
        Sample::Test { to } => {
            let nonce = crate::secret::hex(&crate::secret::random_bytes::<6>());
            (to, format!("test-{nonce}"), "[TEST] ")
        }
    };
    SampleMessage {
        config: &ws.config,
        email,
        to,
        unsubscribe_url: crate::urls::unsubscribe_url(ws.config.site.public_url(), &"SAMPLE"),
        preferences_url: crate::urls::preferences_url(ws.config.site.public_url(), &"SAMPLE"),
        message_id: message_id_of(&id.to_string(), &what, ws.config.sender.from.email.domain()),
        subject_prefix,
    }
}

/// The sample recipient: its name and address come from the catalog.
fn sample_recipient(catalog: &Catalog) -> Mailbox {
    let fallback = || "leser@example.org".parse().expect("a valid sample address");
    let address = catalog
        .text("sample-address")
        .parse()
        .unwrap_or_else(|_| fallback());
    Mailbox::new(Some(catalog.text("sample-name")), address)
}

/// Checks and builds an issue into `out/<issue>/`.
pub fn build_issue(ws: &Workspace, id: &IssueId) -> Result<BuildReport, BuildError> {
    build_issue_with(ws, id, Extras::default())
}

/// What a build may write besides the email, its text part and the pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// Each edition's MJML after templating (`email.mjml`, `email.en.mjml`),
    /// for whoever adjusts the templates.
    pub mjml: bool,
}

/// `build_issue`, writing `extras` too.
pub fn build_issue_with(
    ws: &Workspace,
    id: &IssueId,
    extras: Extras,
) -> Result<BuildReport, BuildError> {
    let Checked {
        issue,
        rendered,
        report,
    } = workspace::check_issue(ws, id).map_err(BuildError::Check)?;
    if report.errors() > 0 {
        return Err(BuildError::Check(report));
    }
    let target = ws.out_dir().join(id.to_string());
    fsx::create_private_dir(&ws.out_dir())?;
    let staging = fsx::stage_folder(&target)?;
    fsx::make_private_dir(staging.path())?;
    let files = write_issue(ws, &issue, &rendered, staging.path(), extras)?;
    fsx::swap_in(staging, &target)?;
    Ok(BuildReport {
        issue: id.clone(),
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
    extras: Extras,
) -> Result<Vec<(PathBuf, usize)>, BuildError> {
    let mut files = Vec::new();
    let mut write = |name: PathBuf, bytes: &[u8]| -> Result<(), BuildError> {
        let path = dir.join(&name);
        if let Some(parent) = path.parent() {
            fsx::create_private_dir(parent)?;
        }
        // An unpublished issue and its sample's recipient: the owner's only.
        fsx::write_private(&path, bytes)?;
        files.push((name, bytes.len()));
        Ok(())
    };
    for email in &rendered.emails {
        let sample = sample_message(ws, &issue.id, email, Sample::Record);
        let (html, text) = sample.parts();
        write(
            email_file(issue, email.lang, "html").into(),
            html.as_bytes(),
        )?;
        write(email_file(issue, email.lang, "txt").into(), text.as_bytes())?;
        if extras.mjml {
            write(
                email_file(issue, email.lang, "mjml").into(),
                email.mjml.as_bytes(),
            )?;
        }
        write(
            email_file(issue, email.lang, "eml").into(),
            sample.message()?.formatted(),
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
    // What the email shows: the pictures resized, without their metadata.
    for image in &rendered.images {
        write(image.path.clone(), &image.bytes)?;
    }
    files.sort();
    Ok(files)
}
