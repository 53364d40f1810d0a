//! The texts `rundbrief init` and `rundbrief new` write for the editor to
//! replace. They live here, beside the content they stand in, so that the
//! scaffold writes them and `check` recognises them from one table: a
//! placeholder that reaches subscribers embarrasses the office.

use crate::locale::Lang;

use super::{IssueId, MailingSlug};

/// One placeholder in the two languages the scaffold writes.
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    pub de: &'static str,
    pub en: &'static str,
}

impl Placeholder {
    /// The text in `lang`: German for German, English otherwise.
    pub fn text(self, lang: Lang) -> &'static str {
        if lang == Lang::DE { self.de } else { self.en }
    }

    /// Whether `text` is still this placeholder, in either language.
    pub fn is(self, text: &str) -> bool {
        let text = text.trim();
        text == self.de || text == self.en
    }
}

pub const EDITORIAL: Placeholder = Placeholder {
    de: "Hier steht das Editorial dieser Ausgabe, in Markdown.",
    en: "The editorial of this issue goes here, in Markdown.",
};

pub const PREHEADER: Placeholder = Placeholder {
    de: "Was dieses Quartal wichtig ist",
    en: "What matters this quarter",
};

pub const MAILING_PREHEADER: Placeholder = Placeholder {
    de: "Worum es geht, in einem Satz",
    en: "What it is about, in one sentence",
};

pub const MAILING_BODY: Placeholder = Placeholder {
    de: "Hier steht, wozu Sie einladen oder aufrufen, in Markdown.",
    en: "What you invite to or call for goes here, in Markdown.",
};

pub const ENTRY_SUMMARY: Placeholder = Placeholder {
    de: "Ein, zwei Sätze, die Lust auf den Beitrag machen.",
    en: "A sentence or two that make readers want more.",
};

pub const ENTRY_BODY: Placeholder = Placeholder {
    de: "Der Text des Beitrags, in Markdown.",
    en: "The entry's text, in Markdown.",
};

/// The address of the example event and of a mailing's button.
pub const EVENT_LINK: &str = "https://www.example.org/termine";
pub const CTA_URL: &str = "https://www.example.org/anmeldung";

/// The subject `new` writes for an issue of the site `site` in `lang`.
pub fn subject(site: &str, id: &IssueId, lang: Lang) -> String {
    match id {
        IssueId::Quarter { year, quarter } => {
            let word = if lang == Lang::DE { "Ausgabe" } else { "Issue" };
            format!("{site} – {word} {quarter}/{year}")
        }
        IssueId::Mailing(slug) => format!("{site}: {}", title(slug)),
    }
}

/// A mailing's first title, from its short name: `einladung-tag` → `Einladung tag`.
pub fn title(slug: &MailingSlug) -> String {
    let words = slug.name().replace('-', " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The first line of `text` that is still `placeholder`, counted from 0.
pub fn line_in(text: &str, placeholder: Placeholder) -> Option<usize> {
    text.lines().position(|line| placeholder.is(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_is_found_on_its_own_line_in_either_language() {
        let cases: &[(&str, Option<usize>)] = &[
            ("Der Text des Beitrags, in Markdown.", Some(0)),
            (
                "Ein Absatz.\n\n  The entry's text, in Markdown.  \n",
                Some(2),
            ),
            ("Der Text des Beitrags, in Markdown, ist fertig.", None),
            ("", None),
        ];
        for (text, line) in cases {
            assert_eq!(line_in(text, ENTRY_BODY), *line, "{text:?}");
        }
    }

    #[test]
    fn the_subject_follows_the_issue_and_the_language() {
        let quarter: IssueId = "2027-Q1".parse().unwrap();
        assert_eq!(subject("Netz", &quarter, Lang::DE), "Netz – Ausgabe 1/2027");
        assert_eq!(subject("Netz", &quarter, Lang::EN), "Netz – Issue 1/2027");
        let mailing: IssueId = "2027-03-einladung-tag".parse().unwrap();
        assert_eq!(subject("Netz", &mailing, Lang::DE), "Netz: Einladung tag");
    }
}
