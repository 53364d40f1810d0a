//! The name of an issue, which is also the name of its folder and, lower-cased,
//! of its web address: a quarterly issue by year and quarter (`2026-Q4`,
//! `/2026-q4/`), a one-off mailing by a date-prefixed slug
//! (`2027-03-einladung-tag`, `/2027-03-einladung-tag/`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// The longest name a mailing may have after its `YYYY-MM-` date, so that
/// folder names and web addresses stay readable.
pub const MAILING_NAME_MAX: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IssueId {
    /// A quarterly issue, numbered in sequence.
    Quarter { year: u16, quarter: u8 },
    /// A one-off mailing beside the quarter: an invitation, a call.
    Mailing(MailingSlug),
}

/// A mailing's name: `YYYY-MM-<name>` with a real month and a name of
/// lowercase ASCII letters, digits and single inner dashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MailingSlug {
    year: u16,
    month: u8,
    name: String,
}

impl MailingSlug {
    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn month(&self) -> u8 {
        self.month
    }

    /// The part after the date: `einladung-tag`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The first day of its month.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year.into(), self.month.into(), 1)
            .expect("a valid month has a first day")
    }
}

impl fmt::Display for MailingSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{}", self.year, self.month, self.name)
    }
}

impl FromStr for MailingSlug {
    type Err = BadIssueId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason| BadIssueId {
            name: s.to_string(),
            reason: Some(reason),
        };
        let s = s.trim();
        let mut parts = s.splitn(3, '-');
        let (Some(year), Some(month), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad(MailingProblem::Shape));
        };
        if year.len() != 4 || month.len() != 2 || !is_digits(year) || !is_digits(month) {
            return Err(bad(MailingProblem::Shape));
        }
        let year: u16 = year.parse().map_err(|_| bad(MailingProblem::Shape))?;
        let month: u8 = month.parse().map_err(|_| bad(MailingProblem::Shape))?;
        if year < 1000 {
            return Err(bad(MailingProblem::Shape));
        }
        if !(1..=12).contains(&month) {
            return Err(bad(MailingProblem::Month));
        }
        if name.is_empty() {
            return Err(bad(MailingProblem::Empty));
        }
        if name.len() > MAILING_NAME_MAX {
            return Err(bad(MailingProblem::TooLong));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(bad(MailingProblem::Characters));
        }
        if name.starts_with('-') || name.ends_with('-') || name.contains("--") {
            return Err(bad(MailingProblem::Dashes));
        }
        Ok(MailingSlug {
            year,
            month,
            name: name.to_string(),
        })
    }
}

fn is_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

impl IssueId {
    /// The quarter a day falls in.
    pub fn of_day(day: NaiveDate) -> IssueId {
        IssueId::Quarter {
            year: u16::try_from(day.year()).unwrap_or(u16::MAX),
            quarter: u8::try_from(day.month0() / 3 + 1).expect("a quarter is 1 to 4"),
        }
    }

    /// The path segment of this issue's web pages: `2026-q4`, or the
    /// mailing's name.
    pub fn url_segment(&self) -> String {
        match self {
            IssueId::Quarter { year, quarter } => format!("{year}-q{quarter}"),
            IssueId::Mailing(slug) => slug.to_string(),
        }
    }

    /// The first day of the quarter, or of the mailing's month.
    pub fn first_day(&self) -> NaiveDate {
        match self {
            IssueId::Quarter { year, quarter } => {
                NaiveDate::from_ymd_opt((*year).into(), u32::from(*quarter) * 3 - 2, 1)
                    .expect("a valid quarter has a first day")
            }
            IssueId::Mailing(slug) => slug.first_day(),
        }
    }

    pub fn is_mailing(&self) -> bool {
        matches!(self, IssueId::Mailing(_))
    }

    /// Year and quarter of a quarterly issue.
    pub fn quarter(&self) -> Option<(u16, u8)> {
        match self {
            IssueId::Quarter { year, quarter } => Some((*year, *quarter)),
            IssueId::Mailing(_) => None,
        }
    }
}

/// By date; on the same first day the quarterly issue comes before the
/// mailings of its first month, and mailings by name.
impl Ord for IssueId {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |id: &IssueId| {
            (
                id.first_day(),
                id.is_mailing(),
                match id {
                    IssueId::Quarter { .. } => String::new(),
                    IssueId::Mailing(slug) => slug.name.clone(),
                },
            )
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for IssueId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for IssueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueId::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            IssueId::Mailing(slug) => slug.fmt(f),
        }
    }
}

/// What is wrong with a name that looks like a mailing's (`YYYY-MM-…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailingProblem {
    Shape,
    Month,
    Empty,
    TooLong,
    Characters,
    Dashes,
}

impl MailingProblem {
    fn message(self) -> String {
        match self {
            MailingProblem::Shape => crate::t!("mailing-slug-shape"),
            MailingProblem::Month => crate::t!("mailing-slug-month"),
            MailingProblem::Empty => crate::t!("mailing-slug-empty"),
            MailingProblem::TooLong => {
                crate::t!("mailing-slug-too-long", max = MAILING_NAME_MAX)
            }
            MailingProblem::Characters => crate::t!("mailing-slug-characters"),
            MailingProblem::Dashes => crate::t!("mailing-slug-dashes"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub struct BadIssueId {
    name: String,
    /// Set when the name has a mailing's shape but breaks one of its rules.
    reason: Option<MailingProblem>,
}

impl BadIssueId {
    pub fn reason(&self) -> Option<MailingProblem> {
        self.reason
    }

    fn message(&self) -> String {
        match self.reason {
            None => crate::t!("issue-id-invalid", name = self.name.as_str()),
            Some(reason) => crate::t!(
                "mailing-slug-invalid",
                name = self.name.as_str(),
                reason = reason.message()
            ),
        }
    }
}

impl FromStr for IssueId {
    type Err = BadIssueId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadIssueId {
            name: s.to_string(),
            reason: None,
        };
        let trimmed = s.trim();
        let (year, rest) = trimmed.split_once('-').ok_or_else(bad)?;
        if let Some(quarter) = rest.strip_prefix(['Q', 'q']) {
            let year: u16 = year.parse().map_err(|_| bad())?;
            let quarter: u8 = quarter.parse().map_err(|_| bad())?;
            if !(1000..=9999).contains(&year) || !(1..=4).contains(&quarter) {
                return Err(bad());
            }
            return Ok(IssueId::Quarter { year, quarter });
        }
        // Only a name that begins like a mailing's (a year, then a month)
        // is told what its slug lacks; anything else hears both forms.
        let month = rest.split('-').next().unwrap_or_default();
        if year.len() == 4 && is_digits(year) && !month.is_empty() && is_digits(month) {
            return trimmed.parse().map(IssueId::Mailing);
        }
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_cases_and_prints_the_folder_name() {
        let id: IssueId = "2026-q4".parse().unwrap();
        assert_eq!(id.to_string(), "2026-Q4");
        assert_eq!(id.url_segment(), "2026-q4");
        assert!(!id.is_mailing());
        assert!("2026-Q5".parse::<IssueId>().is_err());
        assert!("Q4-2026".parse::<IssueId>().is_err());
    }

    #[test]
    fn issues_sort_by_time() {
        let a: IssueId = "2026-Q4".parse().unwrap();
        let b: IssueId = "2027-Q1".parse().unwrap();
        assert!(a < b);
        assert_eq!(
            IssueId::of_day(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            a
        );
        assert_eq!(a.first_day(), NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
    }

    #[test]
    fn a_mailing_is_named_by_its_month_and_slug() {
        let id: IssueId = "2027-03-einladung-tag".parse().unwrap();
        assert!(id.is_mailing());
        assert_eq!(id.to_string(), "2027-03-einladung-tag");
        assert_eq!(id.url_segment(), "2027-03-einladung-tag");
        assert_eq!(id.first_day(), NaiveDate::from_ymd_opt(2027, 3, 1).unwrap());
        assert_eq!(id.quarter(), None);
        let IssueId::Mailing(slug) = &id else {
            panic!("{id:?} is not a mailing")
        };
        assert_eq!(
            (slug.year(), slug.month(), slug.name()),
            (2027, 3, "einladung-tag")
        );
    }

    #[test]
    fn mailings_and_quarters_sort_by_date_then_name() {
        let mut ids: Vec<IssueId> = [
            "2027-03-seminar",
            "2027-Q2",
            "2027-01-aufruf",
            "2027-Q1",
            "2026-12-gruss",
            "2027-03-einladung-tag",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        ids.sort();
        let names: Vec<String> = ids.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "2026-12-gruss",
                "2027-Q1",
                "2027-01-aufruf",
                "2027-03-einladung-tag",
                "2027-03-seminar",
                "2027-Q2",
            ]
        );
    }

    #[test]
    fn bad_mailing_slugs_are_refused_with_their_reason() {
        let long = format!("2027-03-{}", "a".repeat(MAILING_NAME_MAX + 1));
        let longest = format!("2027-03-{}", "a".repeat(MAILING_NAME_MAX));
        let cases: &[(&str, Result<(), Option<MailingProblem>>)] = &[
            ("2027-03-einladung-tag", Ok(())),
            ("2027-12-a", Ok(())),
            ("2027-03-tag-2027", Ok(())),
            (&longest, Ok(())),
            ("2027-13-einladung", Err(Some(MailingProblem::Month))),
            ("2027-00-einladung", Err(Some(MailingProblem::Month))),
            ("2027-3-einladung", Err(Some(MailingProblem::Shape))),
            ("2027-03", Err(Some(MailingProblem::Shape))),
            ("2027-03-", Err(Some(MailingProblem::Empty))),
            (&long, Err(Some(MailingProblem::TooLong))),
            ("2027-03-Einladung", Err(Some(MailingProblem::Characters))),
            (
                "2027-03-einladung_tag",
                Err(Some(MailingProblem::Characters)),
            ),
            ("2027-03-städte", Err(Some(MailingProblem::Characters))),
            (
                "2027-03-einladung tag",
                Err(Some(MailingProblem::Characters)),
            ),
            ("2027-03--einladung", Err(Some(MailingProblem::Dashes))),
            ("2027-03-einladung-", Err(Some(MailingProblem::Dashes))),
            ("2027-03-einladung--tag", Err(Some(MailingProblem::Dashes))),
            ("einladung-tag", Err(None)),
            ("2027", Err(None)),
            ("", Err(None)),
            ("27-03-einladung", Err(None)),
        ];
        for (name, expected) in cases {
            let parsed = name.parse::<IssueId>();
            match (expected, parsed) {
                (Ok(()), Ok(id)) => assert_eq!(id.to_string(), *name),
                (Err(reason), Err(e)) => {
                    assert_eq!(e.reason(), *reason, "{name}");
                    assert!(e.to_string().contains(name), "{name}: {e}");
                }
                (expected, parsed) => panic!("{name}: expected {expected:?}, got {parsed:?}"),
            }
        }
    }

    #[test]
    fn the_message_names_both_forms() {
        let e = "neujahr".parse::<IssueId>().unwrap_err().to_string();
        assert!(
            e.contains("2026-Q4") && e.contains("2027-03-einladung-tag"),
            "{e}"
        );
        let e = "2027-13-x".parse::<IssueId>().unwrap_err().to_string();
        assert!(e.contains("2027-13-x"), "{e}");
    }
}
