//! Splitting an entry file into its TOML front matter (between `+++` lines)
//! and its Markdown body, keeping the line numbers of both.

use crate::t;

/// An entry file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    pub front_matter: &'a str,
    /// The file's line on which the front matter's first key stands.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// The file's line on which the body begins.
    pub body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum FrontMatterError {
    /// The file does not start with a `+++` line.
    NotOpened,
    /// The `+++` on `line` is never closed.
    NotClosed { line: usize },
}

impl FrontMatterError {
    pub fn message(&self) -> String {
        match self {
            FrontMatterError::NotOpened => t!("content-front-matter-not-opened"),
            FrontMatterError::NotClosed { .. } => t!("content-front-matter-not-closed"),
        }
    }

    pub fn line(&self) -> usize {
        match self {
            FrontMatterError::NotOpened => 1,
            FrontMatterError::NotClosed { line } => *line,
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

/// Splits `text` (without a BOM) at its `+++` lines.
pub fn split_front_matter(text: &str) -> Result<Parts<'_>, FrontMatterError> {
    // Leading blank lines are forgiven: editors sometimes add them.
    let mut offset = 0;
    let mut opened_at = None;
    for (line_no, line) in (1..).zip(text.split_inclusive('\n')) {
        let next = offset + line.len();
        match opened_at {
            None if line.trim().is_empty() => {}
            None if is_fence(line) => opened_at = Some((line_no, next)),
            None => return Err(FrontMatterError::NotOpened),
            Some((open_line, start)) if is_fence(line) => {
                return Ok(Parts {
                    front_matter: &text[start..offset],
                    front_matter_line: open_line + 1,
                    body: &text[next..],
                    body_line: line_no + 1,
                });
            }
            Some(_) => {}
        }
        offset = next;
    }
    Err(match opened_at {
        Some((line, _)) => FrontMatterError::NotClosed { line },
        None => FrontMatterError::NotOpened,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "+++\ntitle = \"A\"\n+++\n\nBody line\n";
        let parts = split_front_matter(text).unwrap();
        assert_eq!(parts.front_matter, "title = \"A\"\n");
        assert_eq!(parts.front_matter_line, 2);
        assert_eq!(parts.body, "\nBody line\n");
        assert_eq!(parts.body_line, 4);
    }

    #[test]
    fn crlf_files_split_too() {
        let text = "+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n";
        let parts = split_front_matter(text).unwrap();
        assert_eq!(parts.front_matter, "title = \"A\"\r\n");
        assert_eq!(parts.body, "Body\r\n");
    }

    #[test]
    fn an_unclosed_front_matter_names_its_opening_line() {
        let err = split_front_matter("\n+++\ntitle = \"A\"\nBody\n").unwrap_err();
        assert_eq!(err.line(), 2);
        assert!(err.message().contains("+++"));
    }

    #[test]
    fn a_file_without_front_matter_is_refused() {
        let err = split_front_matter("# Just Markdown\n").unwrap_err();
        assert_eq!(err.line(), 1);
    }

    #[test]
    fn plus_signs_inside_a_value_do_not_close() {
        let text = "+++\ntitle = \"+++\"\n+++\nBody";
        assert_eq!(split_front_matter(text).unwrap().body, "Body");
    }
}
