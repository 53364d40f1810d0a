//! Slugs: the URL-safe names of entries, derived from titles so that German
//! reads naturally in a URL (`Städtepartnerschaft` → `staedtepartnerschaft`).

use std::fmt;

use serde::Serialize;

/// A lower-case ASCII name of letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

const MAX_LEN: usize = 80;

impl Slug {
    /// Derives a slug from a title; German umlauts and ß are transliterated as
    /// a German reader writes them, other scripts through `deunicode`.
    pub fn from_title(title: &str) -> Option<Slug> {
        let ascii = transliterate(title);
        let mut slug = String::with_capacity(ascii.len());
        for c in ascii.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        if slug.len() > MAX_LEN {
            // Cut at a word boundary so the slug stays readable.
            let cut = slug[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
            slug.truncate(cut);
        }
        let slug = slug.trim_end_matches('-').to_string();
        (!slug.is_empty()).then_some(Slug(slug))
    }

    /// Accepts a slug the editor wrote, if it already is one.
    pub fn parse(text: &str) -> Option<Slug> {
        let valid = !text.is_empty()
            && text.len() <= MAX_LEN
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--")
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        valid.then(|| Slug(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `title` in ASCII as a German reader would write it: `Städte` → `Staedte`,
/// other scripts through `deunicode`; characters without a reading become `-`.
pub fn transliterate(text: &str) -> String {
    let mut ascii = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ä' => ascii.push_str("ae"),
            'ö' => ascii.push_str("oe"),
            'ü' => ascii.push_str("ue"),
            'Ä' => ascii.push_str("Ae"),
            'Ö' => ascii.push_str("Oe"),
            'Ü' => ascii.push_str("Ue"),
            'ß' | 'ẞ' => ascii.push_str("ss"),
            c if c.is_ascii() => ascii.push(c),
            c => ascii.push_str(deunicode::deunicode_char(c).unwrap_or("-")),
        }
    }
    ascii
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(title: &str) -> String {
        Slug::from_title(title).unwrap().to_string()
    }

    #[test]
    fn umlauts_are_transliterated_the_german_way() {
        assert_eq!(slug("Städtepartnerschaft"), "staedtepartnerschaft");
        assert_eq!(slug("Größe über Übermaß"), "groesse-ueber-uebermass");
        assert_eq!(slug("Jugendaustausch mit Łódź"), "jugendaustausch-mit-lodz");
    }

    #[test]
    fn punctuation_collapses_into_single_hyphens() {
        assert_eq!(
            slug("  „Tag der Städtepartnerschaften“ 2026!  "),
            "tag-der-staedtepartnerschaften-2026"
        );
        assert_eq!(slug("UK & USA: neue Wege"), "uk-usa-neue-wege");
    }

    #[test]
    fn transliteration_keeps_case_for_display_names() {
        assert_eq!(
            transliterate("Netzwerkstelle Städtepartnerschaften"),
            "Netzwerkstelle Staedtepartnerschaften"
        );
    }

    #[test]
    fn a_title_without_letters_has_no_slug() {
        assert!(Slug::from_title("!!! ???").is_none());
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let long = "Wort ".repeat(40);
        let s = slug(&long);
        assert!(s.len() <= MAX_LEN && s.ends_with("wort"), "{s}");
    }

    #[test]
    fn parse_accepts_only_clean_slugs() {
        assert!(Slug::parse("tag-der-staedtepartnerschaften").is_some());
        assert!(Slug::parse("Tag").is_none());
        assert!(Slug::parse("a--b").is_none());
        assert!(Slug::parse("").is_none());
    }
}
