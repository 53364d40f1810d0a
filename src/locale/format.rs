//! Dates, numbers, durations and sizes the way a language writes them. The
//! conventions are messages of the language's catalog (`format-date`,
//! `format-decimal-mark`, …), so a new language brings its own.

use std::collections::BTreeSet;

use chrono::{Locale, NaiveDate, NaiveDateTime};

use super::Catalog;
use super::args;

/// How one language writes dates and numbers.
#[derive(Debug, Clone)]
pub(crate) struct Conventions {
    locale: Locale,
    date: String,
    date_time: String,
    decimal_mark: String,
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            locale: Locale::en_GB,
            date: "%-d %B %Y".into(),
            date_time: "%-d %B %Y, %H:%M".into(),
            decimal_mark: ".".into(),
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

#[cfg(test)]
mod tests {
    use crate::locale::{Lang, Locales};

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
}
