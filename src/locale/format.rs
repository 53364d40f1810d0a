//! Dates, numbers, durations and sizes the way a language writes them. The
//! conventions are messages of the language's catalog (`format-date`,
//! `format-decimal-mark`, …), so a new language brings its own.

use std::collections::BTreeSet;

use std::collections::BTreeMap;

use chrono::{DateTime, LocalResult, Locale, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

use super::Catalog;
use super::args;

/// How one language writes dates and numbers.
#[derive(Debug, Clone)]
pub(crate) struct Conventions {
    locale: Locale,
    date: String,
    date_time: String,
    decimal_mark: String,
    /// `format-zoned` is the language's own: how a time and its zone go together.
    zoned: bool,
    /// Zone abbreviations as the language says them (`format-zone-cet = MEZ`).
    zone_names: BTreeMap<String, String>,
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            locale: Locale::en_GB,
            date: "%-d %B %Y".into(),
            date_time: "%-d %B %Y, %H:%M".into(),
            decimal_mark: ".".into(),
            zoned: false,
            zone_names: BTreeMap::new(),
        }
    }
}

impl Conventions {
    /// The conventions `catalog` states for its own language (`own`: the
    /// messages it defines itself, not through English).
    pub(crate) fn of(catalog: &Catalog, own: &BTreeSet<String>) -> Conventions {
        let fallback = Conventions::default();
        let stated = |id: &str| own.contains(id).then(|| catalog.text(id));
        let lang = catalog.lang().code().to_string();
        // The catalog names its locale; else the language's own country
        // (`pl_PL`); else English month names.
        let locale = [
            stated("format-locale"),
            Some(format!("{lang}_{}", lang.to_ascii_uppercase())),
        ]
        .into_iter()
        .flatten()
        .find_map(|name| Locale::try_from(name.as_str()).ok())
        .unwrap_or(fallback.locale);
        let decimal_mark = stated("format-decimal-mark").unwrap_or_else(|| {
            pure_rust_locales::locale_match!(locale => LC_NUMERIC::DECIMAL_POINT).to_string()
        });
        Conventions {
            locale,
            date: stated("format-date").unwrap_or(fallback.date),
            date_time: stated("format-date-time").unwrap_or(fallback.date_time),
            decimal_mark,
            zoned: own.contains("format-zoned"),
            zone_names: own
                .iter()
                .filter_map(|id| id.strip_prefix("format-zone-"))
                .map(|abbreviation| {
                    let name = catalog.text(&format!("format-zone-{abbreviation}"));
                    (abbreviation.to_string(), name)
                })
                .collect(),
        }
    }
}

impl Catalog {
    /// `25. November 2026`, `25 November 2026`, `25 listopada 2026`.
    pub fn date(&self, date: NaiveDate) -> String {
        let c = &self.conventions;
        date.format_localized(&c.date, c.locale).to_string()
    }

    /// `3. Dezember 2026, 15:00 Uhr`, `3 December 2026, 15:00`.
    pub fn date_time(&self, at: NaiveDateTime) -> String {
        let c = &self.conventions;
        // chrono localises only dates and zoned times; UTC leaves the wall clock as written.
        at.and_utc()
            .format_localized(&c.date_time, c.locale)
            .to_string()
    }

    /// An instant as the wall clock of `zone` shows it, with the zone
    /// named, so that staff in another zone (or a server on UTC) read it
    /// right: `25. Februar 2027, 09:00 Uhr (MEZ)`, `25 February 2027, 09:00 CET`.
    pub fn zoned(&self, at: DateTime<Utc>, zone: Tz) -> String {
        let local = at.with_timezone(&zone);
        let time = self.date_time(local.naive_local());
        // Zones without a lettered abbreviation (`+03`) are named by their
        // IANA name, which says more than an offset.
        let zone_name = match local.offset().abbreviation() {
            Some(abbreviation) if abbreviation.starts_with(|c: char| c.is_ascii_alphabetic()) => {
                self.conventions
                    .zone_names
                    .get(&abbreviation.to_ascii_lowercase())
                    .cloned()
                    .unwrap_or_else(|| abbreviation.to_string())
            }
            _ => zone.name().to_string(),
        };
        if self.conventions.zoned {
            self.format(
                "format-zoned",
                &super::args([("time", time), ("zone", zone_name)]),
            )
        } else {
            format!("{time} {zone_name}")
        }
    }

    /// A decimal with one fractional digit: `48,3`, `48.3`.
    pub fn decimal(&self, value: f64) -> String {
        self.decimals(value, 1)
    }

    /// A decimal with `digits` fractional digits.
    pub fn decimals(&self, value: f64, digits: usize) -> String {
        let text = format!("{value:.digits$}");
        text.replace('.', &self.conventions.decimal_mark)
    }

    /// A duration as people say it: `2 Std. 15 Min.`, `2 h 15 min`, `40 s`.
    pub fn duration(&self, duration: std::time::Duration) -> String {
        let seconds = duration.as_secs();
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        match (hours, minutes) {
            (0, 0) => format!("{rest} s"),
            (0, _) => self.format(
                "format-minutes-seconds",
                &args([("minutes", minutes), ("seconds", rest)]),
            ),
            _ => self.format(
                "format-hours-minutes",
                &args([("hours", hours), ("minutes", minutes)]),
            ),
        }
    }

    /// A short duration with its fraction: `1,25 s`, `340 ms`.
    pub fn duration_precise(&self, duration: std::time::Duration) -> String {
        if duration.as_secs() >= 60 {
            return self.duration(duration);
        }
        let millis = duration.as_secs_f64() * 1000.0;
        if millis < 1000.0 {
            format!("{millis:.0} ms")
        } else {
            format!("{} s", self.decimal(millis / 1000.0))
        }
    }

    /// A byte count as a reader expects it: `48,3 KB`.
    pub fn size(&self, bytes: usize) -> String {
        if bytes < 1024 {
            format!("{bytes} B")
        } else if bytes < 1024 * 1024 {
            format!("{} KB", self.decimal(bytes as f64 / 1024.0))
        } else {
            format!("{} MB", self.decimal(bytes as f64 / (1024.0 * 1024.0)))
        }
    }
}

/// A wall-clock time that cannot be read as one instant of its zone.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadLocalTime {
    /// Not `2027-02-25 09:00` (or with a `T`, or with seconds).
    #[error("{}", crate::t!("time-unreadable", text = .0.as_str()))]
    Unreadable(String),
    /// The clocks go back over it: the time happens twice.
    #[error("{}", crate::t!("time-ambiguous", text = .text.as_str(), zone = .zone.as_str()))]
    Ambiguous { text: String, zone: String },
    /// The clocks skip it: the time never happens.
    #[error("{}", crate::t!("time-nonexistent", text = .text.as_str(), zone = .zone.as_str()))]
    Nonexistent { text: String, zone: String },
}

/// Reads `2027-02-25 09:00` (also `2027-02-25T09:00`, with or without
/// seconds) as the wall clock of `zone`. A time the clocks skip or pass
/// twice at a change of daylight saving time is refused, not guessed.
pub fn parse_local_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, BadLocalTime> {
    let trimmed = text.trim();
    let naive = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(trimmed, format).ok())
    .ok_or_else(|| BadLocalTime::Unreadable(trimmed.to_string()))?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
        LocalResult::Ambiguous(..) => Err(BadLocalTime::Ambiguous {
            text: trimmed.to_string(),
            zone: zone.name().to_string(),
        }),
        LocalResult::None => Err(BadLocalTime::Nonexistent {
            text: trimmed.to_string(),
            zone: zone.name().to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{BadLocalTime, parse_local_time};
    use crate::locale::{Catalog, Lang, Locales};

    fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn dates_spell_the_month_in_each_language() {
        let locales = Locales::builtin(&[Lang::DE, Lang::EN]);
        let cases = [
            (Lang::DE, date(2026, 11, 25), "25. November 2026"),
            (Lang::EN, date(2026, 11, 25), "25 November 2026"),
            (Lang::DE, date(2027, 3, 4), "4. März 2027"),
        ];
        for (lang, day, expected) in cases {
            assert_eq!(locales.get(lang).date(day), expected);
        }
    }

    #[test]
    fn a_workspace_language_writes_its_own_dates_and_numbers() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("locales/pl")).unwrap();
        std::fs::write(
            dir.path().join("locales/pl/reader.ftl"),
            "format-date = %-d %B %Y\n",
        )
        .unwrap();
        let pl: Lang = "pl".parse().unwrap();
        let locales = Locales::load(dir.path(), &[pl]).unwrap();
        // Neither format-locale nor a decimal mark given: pl_PL is found
        // from the code, with the month in the genitive as Polish writes a
        // date, and its decimal comma.
        assert_eq!(
            locales.get(pl).date(date(2026, 11, 25)),
            "25 listopada 2026"
        );
        assert_eq!(locales.get(pl).size(49_459), "48,3 KB");
    }

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        let locales = Locales::builtin(&[Lang::DE, Lang::EN]);
        assert_eq!(locales.get(Lang::DE).size(49_459), "48,3 KB");
        assert_eq!(locales.get(Lang::EN).size(49_459), "48.3 KB");
        assert_eq!(locales.get(Lang::DE).size(300), "300 B");
        assert_eq!(locales.get(Lang::DE).size(3 * 1024 * 1024), "3,0 MB");
    }

    #[test]
    fn sizes_and_durations_change_unit_at_the_boundary() {
        let locales = Locales::builtin(&[Lang::EN]);
        let en = locales.get(Lang::EN);
        let cases = [
            (1023, "1023 B"),
            (1024, "1.0 KB"),
            (1024 * 1024 - 1, "1024.0 KB"),
            (1024 * 1024, "1.0 MB"),
        ];
        for (bytes, expected) in cases {
            assert_eq!(en.size(bytes), expected, "{bytes}");
        }
        let ms = std::time::Duration::from_millis;
        assert_eq!(en.duration_precise(ms(999)), "999 ms");
        assert_eq!(en.duration_precise(ms(1000)), "1.0 s");
        assert_eq!(en.duration_precise(ms(59_000)), "59.0 s");
        assert_eq!(en.duration_precise(ms(60_000)), "1 min 0 s");
    }

    #[test]
    fn times_of_day_follow_the_language() {
        let locales = Locales::builtin(&[Lang::DE, Lang::EN]);
        let at = date(2026, 12, 3).and_hms_opt(15, 0, 0).unwrap();
        assert_eq!(
            locales.get(Lang::DE).date_time(at),
            "3. Dezember 2026, 15:00 Uhr"
        );
        assert_eq!(
            locales.get(Lang::EN).date_time(at),
            "3 December 2026, 15:00"
        );
    }

    #[test]
    fn durations_read_naturally() {
        let locales = Locales::builtin(&[Lang::DE, Lang::EN]);
        let d = std::time::Duration::from_secs;
        let (de, en) = (locales.get(Lang::DE), locales.get(Lang::EN));
        assert_eq!(de.duration(d(8100)), "2 Std. 15 Min.");
        assert_eq!(en.duration(d(8100)), "2 h 15 min");
        assert_eq!(en.duration(d(95)), "1 min 35 s");
        assert_eq!(de.duration(d(40)), "40 s");
        assert_eq!(
            de.duration_precise(std::time::Duration::from_millis(1250)),
            "1,2 s"
        );
    }

    #[test]
    fn a_zoned_time_names_its_zone_in_each_language() {
        // The staff's catalogs, which say how a zone is named.
        let (de, en) = (&Catalog::interface(Lang::DE), &Catalog::interface(Lang::EN));
        let utc = |y, m, d, h, min| date(y, m, d).and_hms_opt(h, min, 0).unwrap().and_utc();
        let berlin = chrono_tz::Europe::Berlin;
        let cases = [
            (
                de,
                utc(2027, 2, 25, 8, 0),
                berlin,
                "25. Februar 2027, 09:00 Uhr (MEZ)",
            ),
            (
                en,
                utc(2027, 2, 25, 8, 0),
                berlin,
                "25 February 2027, 09:00 CET",
            ),
            (
                de,
                utc(2027, 7, 1, 7, 30),
                berlin,
                "1. Juli 2027, 09:30 Uhr (MESZ)",
            ),
            (
                en,
                utc(2027, 7, 1, 7, 30),
                berlin,
                "1 July 2027, 09:30 CEST",
            ),
            (
                en,
                utc(2027, 2, 25, 8, 0),
                chrono_tz::UTC,
                "25 February 2027, 08:00 UTC",
            ),
            // No lettered abbreviation: the zone's name.
            (
                en,
                utc(2027, 2, 25, 8, 0),
                chrono_tz::Europe::Istanbul,
                "25 February 2027, 11:00 Europe/Istanbul",
            ),
        ];
        for (catalog, at, zone, expected) in cases {
            assert_eq!(catalog.zoned(at, zone), expected);
        }
    }

    #[test]
    fn a_local_time_is_read_in_its_zone() {
        let berlin = chrono_tz::Europe::Berlin;
        let at = |text| parse_local_time(text, berlin).map(|at| at.to_rfc3339());
        let cases: [(&str, Result<&str, &str>); 8] = [
            ("2027-02-25 09:00", Ok("2027-02-25T08:00:00+00:00")),
            ("2027-02-25T09:00", Ok("2027-02-25T08:00:00+00:00")),
            (" 2027-07-01 09:00:30 ", Ok("2027-07-01T07:00:30+00:00")),
            ("2027-02-25", Err("unreadable")),
            ("25.02.2027 09:00", Err("unreadable")),
            ("2027-02-30 09:00", Err("unreadable")),
            // The clocks go forward from 02:00 to 03:00 on 28 March 2027 …
            ("2027-03-28 02:30", Err("nonexistent")),
            // … and back from 03:00 to 02:00 on 31 October 2027.
            ("2027-10-31 02:30", Err("ambiguous")),
        ];
        for (text, expected) in cases {
            let found = at(text).map_err(|e| match e {
                BadLocalTime::Unreadable(_) => "unreadable",
                BadLocalTime::Ambiguous { .. } => "ambiguous",
                BadLocalTime::Nonexistent { .. } => "nonexistent",
            });
            assert_eq!(found, expected.map(str::to_string), "{text}");
        }
        let err = parse_local_time("2027-10-31 02:30", berlin).unwrap_err();
        assert!(err.to_string().contains("Europe/Berlin"), "{err}");
    }
}
