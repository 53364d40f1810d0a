//! The name of an issue: its year and quarter, `2026-Q4`, which is also the
//! name of its folder and, lower-cased, of its web address (`/2026-q4/`).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssueId {
    pub year: u16,
    pub quarter: u8,
}

impl IssueId {
    /// The quarter a day falls in.
    pub fn of_day(day: NaiveDate) -> IssueId {
        IssueId {
            year: day.year() as u16,
            quarter: (day.month0() / 3 + 1) as u8,
        }
    }

    /// The path segment of this issue's web pages: `2026-q4`.
    pub fn url_segment(&self) -> String {
        format!("{}-q{}", self.year, self.quarter)
    }

    /// The first day of the quarter.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year.into(), u32::from(self.quarter) * 3 - 2, 1)
            .expect("a valid quarter has a first day")
    }
}

impl fmt::Display for IssueId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.quarter)
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{}", crate::t!("issue-id-invalid", name = self.0.as_str()))]
pub struct BadIssueId(String);

impl FromStr for IssueId {
    type Err = BadIssueId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadIssueId(s.to_string());
        let (year, quarter) = s.trim().split_once('-').ok_or_else(bad)?;
        let quarter = quarter.strip_prefix(['Q', 'q']).ok_or_else(bad)?;
        let year: u16 = year.parse().map_err(|_| bad())?;
        let quarter: u8 = quarter.parse().map_err(|_| bad())?;
        if !(1000..=9999).contains(&year) || !(1..=4).contains(&quarter) {
            return Err(bad());
        }
        Ok(IssueId { year, quarter })
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
}
