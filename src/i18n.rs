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

    /// A duration as people say it: `2 Std. 15 Min.`, `2 h 15 min`, `40 s`.
    pub fn duration(self, duration: std::time::Duration) -> String {
        let seconds = duration.as_secs();
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        let (h, m) = match self {
            Lang::De => ("Std.", "Min."),
            Lang::En => ("h", "min"),
        };
        match (hours, minutes) {
            (0, 0) => format!("{rest} s"),
            (0, _) => format!("{minutes} {m} {rest} s"),
            _ => format!("{hours} {h} {minutes} {m}"),
        }
    }

    /// A short duration with its fraction: `1,25 s`, `340 ms`.
    pub fn duration_precise(self, duration: std::time::Duration) -> String {
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
    pub fn size(self, bytes: usize) -> String {
        if bytes < 1024 {
            format!("{bytes} B")
        } else {
            format!("{} KB", self.decimal(bytes as f64 / 1024.0))
        }
    }

    /// The consent a subscriber gives, naming the newsletter.
    pub fn consent_text(self, site_name: &str) -> String {
        match self {
            Lang::De => format!(
                "Ja, ich möchte den Rundbrief „{site_name}“ per E-Mail erhalten, etwa viermal im Jahr. \
                 Meine Adresse wird nur dafür verwendet und nicht weitergegeben. \
                 Ich kann mich jederzeit über den Link in jeder Ausgabe abmelden."
            ),
            Lang::En => format!(
                "Yes, I would like to receive the newsletter “{site_name}” by email, about four times a year. \
                 My address is used for nothing else and is not passed on. \
                 I can unsubscribe at any time with the link in every issue."
            ),
        }
    }

    /// The words of the subscriber pages that `rundbrief serve` answers with.
    pub fn page_words(self) -> &'static PageWords {
        match self {
            Lang::De => &GERMAN_PAGES,
            Lang::En => &ENGLISH_PAGES,
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
    pub all_issues: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub country: &'static str,
    pub theme: &'static str,
    pub entries_on: &'static str,
    pub not_found: &'static str,
    pub not_found_text: &'static str,
    pub feed: &'static str,
    pub read_issue: &'static str,
    pub language_name: &'static str,
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
    all_issues: "Alle Ausgaben",
    previous: "Voriger Beitrag",
    next: "Nächster Beitrag",
    country: "Land",
    theme: "Thema",
    entries_on: "Beiträge",
    not_found: "Seite nicht gefunden",
    not_found_text: "Diese Seite gibt es nicht (mehr). Alle Ausgaben und Beiträge finden Sie im Archiv.",
    feed: "Atom-Feed",
    read_issue: "Ausgabe lesen",
    language_name: "Deutsch",
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
    all_issues: "All issues",
    previous: "Previous entry",
    next: "Next entry",
    country: "Country",
    theme: "Theme",
    entries_on: "Entries",
    not_found: "Page not found",
    not_found_text: "This page does not exist (any more). All issues and entries are in the archive.",
    feed: "Atom feed",
    read_issue: "Read the issue",
    language_name: "English",
};

/// The fixed words of the subscribe, confirm and unsubscribe pages.
#[derive(Debug, Serialize)]
pub struct PageWords {
    pub subscribe_title: &'static str,
    pub subscribe_intro: &'static str,
    pub address: &'static str,
    pub name: &'static str,
    pub language: &'static str,
    pub subscribe_button: &'static str,
    pub check_inbox_title: &'static str,
    pub check_inbox: &'static str,
    pub invalid_address: &'static str,
    pub consent_required: &'static str,
    pub confirm_title: &'static str,
    pub confirm_text: &'static str,
    pub confirm_button: &'static str,
    pub confirmed_title: &'static str,
    pub confirmed_text: &'static str,
    pub unsubscribe_title: &'static str,
    pub unsubscribe_text: &'static str,
    pub unsubscribe_button: &'static str,
    pub unsubscribed_title: &'static str,
    pub unsubscribed_text: &'static str,
    pub subscribe_again: &'static str,
    pub invalid_link_title: &'static str,
    pub invalid_link: &'static str,
    pub expired_link_title: &'static str,
    pub expired_link: &'static str,
    pub too_many_title: &'static str,
    pub too_many: &'static str,
    pub not_found_title: &'static str,
    pub archive: &'static str,
}

static GERMAN_PAGES: PageWords = PageWords {
    subscribe_title: "Rundbrief abonnieren",
    subscribe_intro: "Der Rundbrief kommt per E-Mail, etwa viermal im Jahr. Sie bestätigen die Anmeldung über einen Link, den wir Ihnen schicken; abmelden können Sie sich jederzeit.",
    address: "E-Mail-Adresse",
    name: "Name (freiwillig)",
    language: "Sprache",
    subscribe_button: "Abonnieren",
    check_inbox_title: "Fast geschafft",
    check_inbox: "Wenn diese Adresse noch nicht angemeldet ist, haben wir ihr eine E-Mail mit einem Bestätigungslink geschickt. Bitte öffnen Sie den Link, um die Anmeldung abzuschließen. Ohne Bestätigung erhalten Sie nichts.",
    invalid_address: "Bitte geben Sie eine gültige E-Mail-Adresse an.",
    consent_required: "Bitte stimmen Sie dem Empfang zu, damit wir Ihnen den Rundbrief schicken dürfen.",
    confirm_title: "Anmeldung bestätigen",
    confirm_text: "Bitte bestätigen Sie, dass Sie den Rundbrief an diese Adresse erhalten möchten:",
    confirm_button: "Anmeldung bestätigen",
    confirmed_title: "Vielen Dank!",
    confirmed_text: "Ihre Anmeldung ist bestätigt. Sie erhalten die nächste Ausgabe des Rundbriefs.",
    unsubscribe_title: "Rundbrief abbestellen",
    unsubscribe_text: "Möchten Sie den Rundbrief an diese Adresse nicht mehr erhalten?",
    unsubscribe_button: "Abmelden",
    unsubscribed_title: "Sie sind abgemeldet",
    unsubscribed_text: "Sie erhalten keine weiteren Ausgaben. War das ein Versehen? Sie können sich jederzeit wieder anmelden.",
    subscribe_again: "Wieder anmelden",
    invalid_link_title: "Dieser Link ist nicht gültig",
    invalid_link: "Vielleicht wurde er nicht vollständig kopiert. Öffnen Sie ihn bitte direkt aus der E-Mail, oder melden Sie sich neu an.",
    expired_link_title: "Dieser Link ist abgelaufen",
    expired_link: "Bestätigungslinks gelten nur einige Tage. Melden Sie sich einfach noch einmal an; wir schicken Ihnen einen neuen Link.",
    too_many_title: "Zu viele Anfragen",
    too_many: "Von Ihrer Verbindung kamen in kurzer Zeit zu viele Anmeldungen. Bitte versuchen Sie es später noch einmal.",
    not_found_title: "Seite nicht gefunden",
    archive: "Alle Ausgaben",
};

static ENGLISH_PAGES: PageWords = PageWords {
    subscribe_title: "Subscribe to the newsletter",
    subscribe_intro: "The newsletter comes by email, about four times a year. You confirm your subscription with a link we send you, and you can unsubscribe at any time.",
    address: "Email address",
    name: "Name (optional)",
    language: "Language",
    subscribe_button: "Subscribe",
    check_inbox_title: "Almost done",
    check_inbox: "If this address is not subscribed yet, we have sent it an email with a confirmation link. Please open the link to complete your subscription. Without confirmation you will receive nothing.",
    invalid_address: "Please enter a valid email address.",
    consent_required: "Please agree to receiving the newsletter so that we may send it to you.",
    confirm_title: "Confirm your subscription",
    confirm_text: "Please confirm that you want to receive the newsletter at this address:",
    confirm_button: "Confirm subscription",
    confirmed_title: "Thank you!",
    confirmed_text: "Your subscription is confirmed. You will receive the next issue of the newsletter.",
    unsubscribe_title: "Unsubscribe from the newsletter",
    unsubscribe_text: "Do you no longer want to receive the newsletter at this address?",
    unsubscribe_button: "Unsubscribe",
    unsubscribed_title: "You are unsubscribed",
    unsubscribed_text: "You will receive no further issues. Was this a mistake? You can subscribe again at any time.",
    subscribe_again: "Subscribe again",
    invalid_link_title: "This link is not valid",
    invalid_link: "Perhaps it was not copied completely. Please open it directly from the email, or subscribe again.",
    expired_link_title: "This link has expired",
    expired_link: "Confirmation links are valid for a few days only. Simply subscribe again and we will send you a new link.",
    too_many_title: "Too many requests",
    too_many: "Too many sign-ups came from your connection in a short time. Please try again later.",
    not_found_title: "Page not found",
    archive: "All issues",
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
    fn durations_read_naturally() {
        let d = |s| std::time::Duration::from_secs(s);
        assert_eq!(Lang::De.duration(d(8100)), "2 Std. 15 Min.");
        assert_eq!(Lang::En.duration(d(8100)), "2 h 15 min");
        assert_eq!(Lang::En.duration(d(95)), "1 min 35 s");
        assert_eq!(Lang::De.duration(d(40)), "40 s");
    }

    #[test]
    fn language_codes_parse_leniently() {
        assert_eq!("DE".parse::<Lang>().unwrap(), Lang::De);
        assert_eq!("en-GB".parse::<Lang>().unwrap(), Lang::En);
        assert!("fr".parse::<Lang>().is_err());
    }
}
