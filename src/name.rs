//! A subscriber's name as a reader or the staff gives it (the form, an
//! import, `subscribers add`): parsed once at the edge, so a name that
//! would break a mail header, an MJML greeting or the staff's terminal never
//! gets in; and the escaping that keeps text already stored from reaching a
//! terminal raw.

use std::borrow::Cow;

/// Longer names are refused: a name is not a place for a letter.
pub const MAX_CHARS: usize = 200;

/// A name fit for a mail header, a greeting and a terminal: one line, at
/// most [`MAX_CHARS`] characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

/// Why a name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BadName {
    #[error("{}", crate::t!("csv-name-line-break"))]
    LineBreak,
    #[error("{}", crate::t!("csv-name-too-long", max = MAX_CHARS))]
    TooLong,
    /// A control character (NUL, ESC, VT, FF, DEL, C1) or a bidirectional
    /// override that would make the name read differently from what it is.
    #[error("{}", crate::t!("name-control", char = code_point(*.0)))]
    Control(char),
}

impl Name {
    pub fn parse(text: &str) -> Result<Name, BadName> {
        if text.contains(['\r', '\n']) {
            return Err(BadName::LineBreak);
        }
        if let Some(c) = text.chars().find(|&c| is_unprintable(c)) {
            return Err(BadName::Control(c));
        }
        if text.chars().count() > MAX_CHARS {
            return Err(BadName::TooLong);
        }
        Ok(Name(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `U+001B`, as the staff looks a character up.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Control characters (C0 with tab, DEL, C1), the line and paragraph
/// separators, and the marks and overrides of bidirectional text.
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// The first character of `text` a name may not hold (see [`BadName::Control`]),
/// for other text the staff gives (the consent text of an import).
pub fn first_control(text: &str) -> Option<char> {
    text.chars().find(|&c| is_unprintable(c))
}

/// `text` with every character a name may not hold written as `\u{1b}`:
/// for printing stored text (names from before this check, user agents,
/// bounce details) to a terminal, which would obey an escape sequence.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unprintable) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unprintable(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_controls_are_refused_by_code_point() {
        let cases: &[(&str, Result<&str, BadName>)] = &[
            ("Anna Müller", Ok("Anna Müller")),
            ("Zoë 李", Ok("Zoë 李")),
            ("a\0b", Err(BadName::Control('\0'))),
            ("\u{1b}[31mrot", Err(BadName::Control('\u{1b}'))),
            ("a\u{b}b", Err(BadName::Control('\u{b}'))),
            ("a\u{c}b", Err(BadName::Control('\u{c}'))),
            ("a\tb", Err(BadName::Control('\t'))),
            ("a\u{7f}", Err(BadName::Control('\u{7f}'))),
            ("a\u{85}", Err(BadName::Control('\u{85}'))),
            ("a\u{9b}2J", Err(BadName::Control('\u{9b}'))),
            ("evil\u{202E}gpj.exe", Err(BadName::Control('\u{202E}'))),
            ("a\u{2066}b", Err(BadName::Control('\u{2066}'))),
            ("a\nb", Err(BadName::LineBreak)),
        ];
        for (text, expected) in cases {
            let got = Name::parse(text);
            assert_eq!(
                got.as_ref().map(Name::as_str).map_err(|e| *e),
                *expected,
                "{text:?}"
            );
        }
        assert!(
            BadName::Control('\u{1b}').to_string().contains("U+001B"),
            "{}",
            BadName::Control('\u{1b}')
        );
        assert_eq!(
            Name::parse(&"x".repeat(MAX_CHARS + 1)),
            Err(BadName::TooLong)
        );
    }

    #[test]
    fn stored_controls_print_escaped() {
        assert_eq!(escape_controls("Anna"), "Anna");
        assert_eq!(escape_controls("\u{1b}[2Jx"), "\\u{1b}[2Jx");
        assert_eq!(escape_controls("a\u{202E}b"), "a\\u{202e}b");
    }
}
