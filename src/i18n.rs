//! Transitional: the German-or-English choice of messages not yet moved into
//! the interface catalogs (`locale`). Everything new goes through `t!`.

use crate::locale::{self, Catalog};
pub use crate::locale::{Lang, UnknownLang};

/// The staff's interface language, as the messages still written in code know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    De,
    En,
}

impl UiLang {
    fn catalog(self) -> &'static Catalog {
        locale::ui()
    }

    pub fn date_time(self, at: chrono::NaiveDateTime) -> String {
        self.catalog().date_time(at)
    }

    pub fn decimal(self, value: f64) -> String {
        self.catalog().decimal(value)
    }

    pub fn duration(self, duration: std::time::Duration) -> String {
        self.catalog().duration(duration)
    }

    pub fn duration_precise(self, duration: std::time::Duration) -> String {
        self.catalog().duration_precise(duration)
    }

    pub fn size(self, bytes: usize) -> String {
        self.catalog().size(bytes)
    }
}

pub fn ui() -> UiLang {
    if locale::ui().lang() == Lang::DE {
        UiLang::De
    } else {
        UiLang::En
    }
}

/// Picks the German or the English text of a message by the UI language.
pub fn tr<'a>(de: &'a str, en: &'a str) -> &'a str {
    match ui() {
        UiLang::De => de,
        UiLang::En => en,
    }
}
