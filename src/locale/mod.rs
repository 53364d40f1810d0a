//! Languages as data. A `Lang` is any language code; what a language says and
//! how it writes dates and numbers comes from its Fluent catalog: German and
//! English are built in, a workspace adds more (or overrides single messages)
//! with `locales/<code>/*.ftl`. Two things use catalogs: the readers'
//! languages (`[site] languages`, one `Locales` per workspace) and the staff's
//! interface language (`RUNDBRIEF_LANG`, else the locale; built-in only),
//! reached through `ui()` and the `t!` macro.
//!
//! A leaf: imports nothing of the crate.

mod catalog;
mod format;

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

pub use catalog::{Catalog, CatalogError, Locales, MissingKeys};
pub use fluent_bundle::{FluentArgs, FluentValue};
pub use format::{BadLocalTime, parse_local_time};

/// A language: its primary subtag, `de`, `en`, `pl`, `hu`, `tr`, `sq`, `mk` …
/// Region subtags are dropped (`en-GB` is `en`); whether the workspace
/// speaks it is for its catalogs to say, not for this type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    code: [u8; 3],
    len: u8,
}

impl Lang {
    pub const DE: Lang = Lang {
        code: *b"de\0",
        len: 2,
    };
    pub const EN: Lang = Lang {
        code: *b"en\0",
        len: 2,
    };

    pub fn code(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.code[..usize::from(self.len)]).unwrap_or("en")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Lenient: `DE`, `de-DE`, `de_DE`, `pl`; and the names the first
    /// user's spreadsheets use for the built-in languages.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let primary = match lower.as_str() {
            "deutsch" | "german" => "de",
            "english" | "englisch" => "en",
            other => other.split(['-', '_']).next().unwrap_or_default(),
        };
        let valid = (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_lowercase())
            && lower.len() <= 16;
        if !valid {
            return Err(UnknownLang(s.to_string()));
        }
        let mut code = [0; 3];
        code[..primary.len()].copy_from_slice(primary.as_bytes());
        Ok(Lang {
            code,
            len: primary.len() as u8,
        })
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A text that is not a language code.
#[derive(Debug, thiserror::Error)]
#[error("{}", ui().format("error-unknown-lang", &args([("code", self.0.as_str())])))]
pub struct UnknownLang(pub String);

/// Arguments for a message: `args([("name", "Anna")])`.
pub fn args<'a, V: Into<FluentValue<'a>>, const N: usize>(
    pairs: [(&'a str, V); N],
) -> FluentArgs<'a> {
    let mut out = FluentArgs::with_capacity(N);
    for (key, value) in pairs {
        out.set(key, value);
    }
    out
}

static UI: OnceLock<Catalog> = OnceLock::new();

/// The catalog of the staff's interface language: `RUNDBRIEF_LANG`, else the
/// locale (`LC_ALL`, `LC_MESSAGES`, `LANG`); German or English, else English.
pub fn ui() -> &'static Catalog {
    UI.get_or_init(|| Catalog::interface(interface_lang(|var| std::env::var(var).ok())))
}

/// The staff's language from the environment `var` reads.
fn interface_lang(var: impl Fn(&str) -> Option<String>) -> Lang {
    ["RUNDBRIEF_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(var)
        .find(|value| !value.is_empty() && value != "C" && value != "POSIX")
        .and_then(|value| value.parse::<Lang>().ok())
        .filter(|lang| catalog::has_interface(*lang))
        .unwrap_or(Lang::EN)
}

/// A message of the staff's interface, with arguments:
/// `t!("csv-unspoken-lang", lang = "fr", spoken = "de, en")`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::locale::ui().text($id)
    };
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::locale::FluentArgs::new();
        $( args.set(stringify!($key), $value); )+
        $crate::locale::ui().format($id, &args)
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes_parse_leniently() {
        let cases = [
            ("de", Some("de")),
            ("DE", Some("de")),
            ("en-GB", Some("en")),
            ("de_DE.UTF-8", Some("de")),
            ("pl", Some("pl")),
            ("sq", Some("sq")),
            ("Deutsch", Some("de")),
            ("english", Some("en")),
            ("fil", Some("fil")),
            ("", None),
            ("x", None),
            ("polski", None),
            ("p1", None),
            ("ä", None),
        ];
        for (text, expected) in cases {
            let parsed = text.parse::<Lang>().ok().map(|l| l.code().to_string());
            assert_eq!(parsed.as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn the_staff_language_comes_from_the_environment() {
        let cases: [(&[(&str, &str)], Lang); 8] = [
            (&[], Lang::EN),
            (&[("RUNDBRIEF_LANG", "de")], Lang::DE),
            (
                &[("RUNDBRIEF_LANG", "en"), ("LANG", "de_DE.UTF-8")],
                Lang::EN,
            ),
            (&[("RUNDBRIEF_LANG", ""), ("LANG", "de_DE.UTF-8")], Lang::DE),
            (&[("LC_ALL", "C"), ("LANG", "de_DE.UTF-8")], Lang::DE),
            (&[("LC_MESSAGES", "POSIX"), ("LANG", "de_AT")], Lang::DE),
            // Only German and English have an interface catalog.
            (&[("LANG", "pl_PL.UTF-8")], Lang::EN),
            (&[("LC_ALL", "de_CH"), ("LANG", "en_GB")], Lang::DE),
        ];
        for (env, expected) in cases {
            let var = |name: &str| {
                env.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            };
            assert_eq!(interface_lang(var), expected, "{env:?}");
        }
    }

    #[test]
    fn a_language_shows_as_its_code() {
        assert_eq!(format!("{:?}", Lang::DE), "Lang(de)");
        assert_eq!(Lang::EN.to_string(), "en");
    }

    #[test]
    fn languages_order_by_code() {
        let pl: Lang = "pl".parse().unwrap();
        assert!(Lang::DE < Lang::EN && Lang::EN < pl);
        assert_eq!(format!("{pl}"), "pl");
    }
}
