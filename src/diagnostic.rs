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
    /// A picture over its budget after resizing for email.
    ImageSize,
    /// A picture that does not decode as the format its name says.
    ImageUnreadable,
    /// An email heavier, with its pictures, than its budget.
    EmailWeight,
    Template,
    Mjml,
    Draft,
    NoDkim,
    DkimAlignment,
    InsecureUnsubscribe,
    SpammySubject,
    ShortLink,
    MissingTranslation,
    NoLegalNotice,
    Placeholder,
    ImplausibleDate,
    EmptyLink,
    UnknownScheme,
    MissingAnchor,
    DeadLink,
    LowContrast,
    // The sender's DNS (`check --dns`, before a send).
    NoDomain,
    NoSpf,
    SpfMultiple,
    SpfInvalid,
    SpfPassAll,
    NoDkimRecord,
    DkimKeyMismatch,
    DkimKeyRevoked,
    DkimRecordInvalid,
    NoDmarc,
    DmarcInvalid,
    DmarcAlignment,
    NoMx,
    DnsLookup,
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
            Kind::ImageSize => "image-size",
            Kind::ImageUnreadable => "image-unreadable",
            Kind::EmailWeight => "email-weight",
            Kind::Template => "template",
            Kind::Mjml => "mjml",
            Kind::Draft => "draft",
            Kind::NoDkim => "no-dkim",
            Kind::DkimAlignment => "dkim-alignment",
            Kind::InsecureUnsubscribe => "insecure-unsubscribe",
            Kind::SpammySubject => "spammy-subject",
            Kind::ShortLink => "short-link",
            Kind::MissingTranslation => "missing-translation",
            Kind::NoLegalNotice => "no-legal-notice",
            Kind::Placeholder => "placeholder",
            Kind::ImplausibleDate => "implausible-date",
            Kind::EmptyLink => "empty-link",
            Kind::UnknownScheme => "unknown-scheme",
            Kind::MissingAnchor => "missing-anchor",
            Kind::DeadLink => "dead-link",
            Kind::LowContrast => "low-contrast",
            Kind::NoDomain => "no-domain",
            Kind::NoSpf => "no-spf",
            Kind::SpfMultiple => "spf-multiple",
            Kind::SpfInvalid => "spf-invalid",
            Kind::SpfPassAll => "spf-pass-all",
            Kind::NoDkimRecord => "no-dkim-record",
            Kind::DkimKeyMismatch => "dkim-key-mismatch",
            Kind::DkimKeyRevoked => "dkim-key-revoked",
            Kind::DkimRecordInvalid => "dkim-record-invalid",
            Kind::NoDmarc => "no-dmarc",
            Kind::DmarcInvalid => "dmarc-invalid",
            Kind::DmarcAlignment => "dmarc-alignment",
            Kind::NoMx => "no-mx",
            Kind::DnsLookup => "dns-lookup",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(file: &str, line: usize, severity: Severity, kind: Kind) -> Diagnostic {
        Diagnostic {
            severity,
            kind,
            file: file.into(),
            line: Some(line),
            message: format!("{file}:{line}"),
        }
    }

    #[test]
    fn a_report_counts_sorts_and_tells_each_problem_once() {
        let mut report = Report {
            diagnostics: vec![
                at("b.md", 2, Severity::Warning, Kind::Draft),
                at("a.md", 9, Severity::Error, Kind::BrokenLink),
                at("a.md", 3, Severity::Warning, Kind::MissingAlt),
                at("a.md", 3, Severity::Error, Kind::MissingImage),
                at("a.md", 9, Severity::Error, Kind::BrokenLink),
            ],
        };
        report.sort();
        let order: Vec<(&str, Option<usize>, Kind)> = report
            .diagnostics
            .iter()
            .map(|d| (d.file.to_str().unwrap(), d.line, d.kind))
            .collect();
        assert_eq!(
            order,
            vec![
                ("a.md", Some(3), Kind::MissingImage),
                ("a.md", Some(3), Kind::MissingAlt),
                ("a.md", Some(9), Kind::BrokenLink),
                ("b.md", Some(2), Kind::Draft),
            ]
        );
        assert_eq!((report.errors(), report.warnings()), (2, 2));
        assert!(report.has(Kind::Draft) && !report.has(Kind::NoDkim));
    }

    #[test]
    fn kinds_have_the_codes_the_readme_lists() {
        let cases = [
            (Kind::Invalid, "invalid-value"),
            (Kind::BrokenLink, "broken-link"),
            (Kind::EmailSize, "email-size"),
            (Kind::MissingTranslation, "missing-translation"),
            (Kind::ShortLink, "short-link"),
        ];
        for (kind, code) in cases {
            assert_eq!(kind.code(), code);
        }
        let warning = Diagnostic::warning(Kind::Draft, Path::new("a.md"), None, "x");
        assert!(!warning.is_error());
        assert!(Diagnostic::error(Kind::Io, Path::new("a.md"), None, "x").is_error());
    }
}
