//! Languages and their conventions: the `Lang` of an issue or a subscriber,
//! dates and numbers written the way each language writes them, the words the
//! templates use, and the language of the command line's own messages.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::{Locale, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A language rundbrief writes in. German comes first: it is the first user's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    fn locale(self) -> Locale {
        match self {
            Lang::De => Locale::de_DE,
            Lang::En => Locale::en_GB,
        }
    }

    /// `25. November 2026` in German, `25 November 2026` in English.
    pub fn date(self, date: NaiveDate) -> String {
        let pattern = match self {
            Lang::De => "%-d. %B %Y",
            Lang::En => "%-d %B %Y",
        };
        date.format_localized(pattern, self.locale()).to_string()
    }

    /// `3. Dezember 2026, 15:00 Uhr` in German, `3 December 2026, 15:00` in English.
    pub fn date_time(self, at: NaiveDateTime) -> String {
        let pattern = match self {
            Lang::De => "%-d. %B %Y, %H:%M Uhr",
            Lang::En => "%-d %B %Y, %H:%M",
        };
        // chrono localises only dates and zoned times; UTC leaves the wall clock as written.
        at.and_utc()
            .format_localized(pattern, self.locale())
            .to_string()
    }

    /// A decimal with one fractional digit: `48,3` in German, `48.3` in English.
    pub fn decimal(self, value: f64) -> String {
        let text = format!("{value:.1}");
        match self {
            Lang::De => text.replace('.', ","),
            Lang::En => text,
        }
    }

    /// A byte count as a reader expects it: `48,3 KB`.
    pub fn size(self, bytes: usize) -> String {
        if bytes < 1024 {
            format!("{bytes} B")
        } else {
            format!("{} KB", self.decimal(bytes as f64 / 1024.0))
        }
    }

    /// The words the templates put around the editor's content.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::De => &GERMAN,
            Lang::En => &ENGLISH,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "de" | "deutsch" | "german" | "de-de" | "de_de" => Ok(Lang::De),
            "en" | "english" | "englisch" | "en-gb" | "en-us" | "en_gb" | "en_us" => Ok(Lang::En),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown language {0:?}; rundbrief knows \"de\" and \"en\"")]
pub struct UnknownLang(pub String);

/// The fixed words of an email or a page, handed to the templates as `t`.
#[derive(Debug, Serialize)]
pub struct Words {
    pub read_more: &'static str,
    pub editorial: &'static str,
    pub in_this_issue: &'static str,
    pub events: &'static str,
    pub by: &'static str,
    pub web_version: &'static str,
    pub unsubscribe: &'static str,
    pub why_you_get_this: &'static str,
    pub countries: &'static str,
    pub themes: &'static str,
    pub more_info: &'static str,
    pub back_to_issue: &'static str,
    pub published_in: &'static str,
    pub issue: &'static str,
    pub hello: &'static str,
    pub hello_all: &'static str,
    pub image: &'static str,
}

static GERMAN: Words = Words {
    read_more: "Weiterlesen",
    editorial: "Editorial",
    in_this_issue: "In dieser Ausgabe",
    events: "Termine",
    by: "von",
    web_version: "Im Browser ansehen",
    unsubscribe: "Abmelden",
    why_you_get_this: "Sie erhalten diesen Rundbrief, weil Sie ihn abonniert und Ihre Anmeldung bestätigt haben.",
    countries: "Länder",
    themes: "Themen",
    more_info: "Mehr erfahren",
    back_to_issue: "Zur Ausgabe",
    published_in: "Erschienen in",
    issue: "Ausgabe",
    hello: "Hallo",
    hello_all: "Liebe Leserinnen und Leser,",
    image: "Bild",
};

static ENGLISH: Words = Words {
    read_more: "Read more",
    editorial: "Editorial",
    in_this_issue: "In this issue",
    events: "Upcoming dates",
    by: "by",
    web_version: "View in your browser",
    unsubscribe: "Unsubscribe",
    why_you_get_this: "You receive this newsletter because you subscribed and confirmed your subscription.",
    countries: "Countries",
    themes: "Themes",
    more_info: "Learn more",
    back_to_issue: "Back to the issue",
    published_in: "Published in",
    issue: "Issue",
    hello: "Hello",
    hello_all: "Dear readers,",
    image: "Image",
};

static UI_LANG: OnceLock<Lang> = OnceLock::new();

/// The language of the command line's own messages: `RUNDBRIEF_LANG`, else the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
pub fn ui() -> Lang {
    *UI_LANG.get_or_init(|| {
        ["RUNDBRIEF_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| value.get(..2).and_then(|code| code.parse().ok()))
            .unwrap_or(Lang::En)
    })
}

/// Picks the German or the English text of a message by the UI language.
pub fn tr<'a>(de: &'a str, en: &'a str) -> &'a str {
    match ui() {
        Lang::De => de,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_dates_spell_the_month() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(Lang::De.date(date), "25. November 2026");
        assert_eq!(Lang::En.date(date), "25 November 2026");
        let march = NaiveDate::from_ymd_opt(2027, 3, 4).unwrap();
        assert_eq!(Lang::De.date(march), "4. März 2027");
    }

    #[test]
    fn numbers_use_the_language_decimal_mark() {
        assert_eq!(Lang::De.size(49_459), "48,3 KB");
        assert_eq!(Lang::En.size(49_459), "48.3 KB");
        assert_eq!(Lang::De.size(300), "300 B");
    }

    #[test]
    fn language_codes_parse_leniently() {
        assert_eq!("DE".parse::<Lang>().unwrap(), Lang::De);
        assert_eq!("en-GB".parse::<Lang>().unwrap(), Lang::En);
        assert!("fr".parse::<Lang>().is_err());
    }
}
