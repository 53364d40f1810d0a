//! A problem found in the editor's files or the configuration: its kind,
//! where it is (file and line) and what to do, as a sentence in the staff's
//! language. Loading, rendering and checking all report through this one
//! type, so `build` refuses exactly what `check` calls an error. A leaf:
//! imports nothing of the crate (how a diagnostic reads, with its severity in
//! the staff's language, is `checks`' `Display`).

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// Which check found a problem; its code appears in every message, so an
/// editor can look it up and a test can assert on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Io,
    Encoding,
    FrontMatter,
    MissingField,
    UnknownKey,
    Invalid,
    NoEntries,
    DuplicateSlug,
    UnknownTag,
    BrokenLink,
    MissingImage,
    MissingAlt,
    InsecureLink,
    LongSubject,
    MissingPreheader,
    EmailSize,
    Template,
    Mjml,
    Draft,
    NoDkim,
    DkimAlignment,
    InsecureUnsubscribe,
    SpammySubject,
    ShortLink,
    MissingTranslation,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Io => "io",
            Kind::Encoding => "encoding",
            Kind::FrontMatter => "front-matter",
            Kind::MissingField => "missing-field",
            Kind::UnknownKey => "unknown-key",
            Kind::Invalid => "invalid-value",
            Kind::NoEntries => "no-entries",
            Kind::DuplicateSlug => "duplicate-slug",
            Kind::UnknownTag => "unknown-tag",
            Kind::BrokenLink => "broken-link",
            Kind::MissingImage => "missing-image",
            Kind::MissingAlt => "missing-alt",
            Kind::InsecureLink => "insecure-link",
            Kind::LongSubject => "long-subject",
            Kind::MissingPreheader => "missing-preheader",
            Kind::EmailSize => "email-size",
            Kind::Template => "template",
            Kind::Mjml => "mjml",
            Kind::Draft => "draft",
            Kind::NoDkim => "no-dkim",
            Kind::DkimAlignment => "dkim-alignment",
            Kind::InsecureUnsubscribe => "insecure-unsubscribe",
            Kind::SpammySubject => "spammy-subject",
            Kind::ShortLink => "short-link",
            Kind::MissingTranslation => "missing-translation",
        }
    }
}

/// One problem, where it is, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Relative to the workspace root.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(kind: Kind, file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn warning(
        kind: Kind,
        file: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, file, line, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Everything `check` found in one issue, errors first.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    pub fn has(&self, kind: Kind) -> bool {
        self.diagnostics.iter().any(|d| d.kind == kind)
    }

    /// By file and line, errors before warnings at the same place; a
    /// problem found twice is told once.
    pub fn sort(&mut self) {
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.line, b.severity).cmp(&(&b.file, b.line, a.severity)));
        self.diagnostics.dedup();
    }
}
