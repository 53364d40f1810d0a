//! The plain-text part, written from the same Markdown tree as the HTML (never
//! scraped from the email): paragraphs wrapped at 72 columns, links written
//! out behind their text, lists and quotes marked as people write them by hand.
//! The whole text part, template lines included, then keeps to `LINE_MAX`
//! (`fit`), as RFC 5322 recommends for lines of a message.

use comrak::nodes::{AstNode, ListType, NodeValue};

const WIDTH: usize = 72;
/// No line of a text part is longer, unless it is a single word (a URL)
/// that cannot be broken.
pub(crate) const LINE_MAX: usize = 78;
/// The signature delimiter (RFC 3676 4.3): mail apps grey out what follows
/// and leave it out of a quoted reply. Its space is part of it.
pub(crate) const SIGNATURE: &str = "-- ";

/// Writes a parsed Markdown document as plain text.
pub(crate) fn from_tree<'a>(root: &'a AstNode<'a>, allow_html: bool) -> String {
    let mut writer = Writer {
        allow_html,
        footnotes: Vec::new(),
    };
    let mut out = writer.blocks(root);
    for (name, text) in std::mem::take(&mut writer.footnotes) {
        out.push_str(&indent(&text, &format!("[{name}] "), "    "));
        out.push('\n');
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// The text of a node's inline content, without link targets: an image's alt
/// text, a heading's words.
pub(crate) fn plain<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for child in node.descendants().skip(1) {
        match &child.data.borrow().value {
            NodeValue::Text(text) => out.push_str(text),
            NodeValue::Code(code) => out.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

struct Writer {
    allow_html: bool,
    footnotes: Vec<(String, String)>,
}

impl Writer {
    fn blocks<'a>(&mut self, parent: &'a AstNode<'a>) -> String {
        let mut out = String::new();
        for child in parent.children() {
            out.push_str(&self.block(child));
        }
        out
    }

    fn block<'a>(&mut self, node: &'a AstNode<'a>) -> String {
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Paragraph => format!("{}\n\n", wrap(&self.inline(node))),
            NodeValue::Heading(heading) => {
                let title = self.inline(node).replace('\n', " ");
                let rule = if heading.level <= 1 { '=' } else { '-' };
                format!(
                    "{title}\n{}\n\n",
                    rule.to_string().repeat(title.chars().count())
                )
            }
            NodeValue::List(list) => {
                let mut out = String::new();
                for (number, item) in (list.start..).zip(node.children()) {
                    let marker = match list.list_type {
                        ListType::Bullet => "- ".to_string(),
                        ListType::Ordered => format!("{number}. "),
                    };
                    let body = self.blocks(item);
                    let body = if list.tight {
                        collapse_blank_lines(body.trim_end())
                    } else {
                        body.trim_end().to_string()
                    };
                    out.push_str(&indent(&body, &marker, &" ".repeat(marker.len())));
                    out.push('\n');
                    if !list.tight {
                        out.push('\n');
                    }
                }
                if list.tight {
                    out.push('\n');
                }
                out
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                let body = self.blocks(node);
                format!("{}\n\n", indent(body.trim_end(), "> ", "> "))
            }
            NodeValue::CodeBlock(code) => {
                let body = code.literal.trim_end_matches('\n');
                format!("{}\n\n", indent(body, "    ", "    "))
            }
            NodeValue::HtmlBlock(html) if self.allow_html => {
                let text = strip_tags(&html.literal);
                if text.trim().is_empty() {
                    String::new()
                } else {
                    format!("{}\n\n", wrap(text.trim()))
                }
            }
            NodeValue::HtmlBlock(html) => format!("{}\n\n", html.literal.trim_end()),
            NodeValue::ThematicBreak => format!("{}\n\n", "-".repeat(WIDTH / 3)),
            NodeValue::Table(_) => {
                let mut out = String::new();
                for row in node.children() {
                    let cells: Vec<String> = row.children().map(|cell| self.inline(cell)).collect();
                    out.push_str(&cells.join(" | "));
                    out.push('\n');
                }
                out.push('\n');
                out
            }
            NodeValue::FootnoteDefinition(definition) => {
                let body = self.blocks(node);
                self.footnotes
                    .push((definition.name, body.trim_end().to_string()));
                String::new()
            }
            _ => self.blocks(node),
        }
    }

    fn inline<'a>(&mut self, parent: &'a AstNode<'a>) -> String {
        let mut out = String::new();
        for child in parent.children() {
            let value = child.data.borrow().value.clone();
            match value {
                NodeValue::Text(text) => out.push_str(&text),
                NodeValue::Code(code) => out.push_str(&code.literal),
                NodeValue::SoftBreak => out.push(' '),
                NodeValue::LineBreak => out.push('\n'),
                NodeValue::Link(link) => {
                    let label = self.inline(child);
                    let bare = link.url.strip_prefix("mailto:").unwrap_or(&link.url);
                    if label.trim().is_empty() || label == link.url || label == bare {
                        out.push_str(bare);
                    } else if link.url.starts_with('#') {
                        out.push_str(&label);
                    } else {
                        out.push_str(&format!("{label} ({})", link.url));
                    }
                }
                NodeValue::Image(_) => {
                    let alt = plain(child);
                    if !alt.trim().is_empty() {
                        out.push_str(&format!("[{}]", alt.trim()));
                    }
                }
                NodeValue::FootnoteReference(reference) => {
                    out.push_str(&format!("[{}]", reference.name));
                }
                NodeValue::HtmlInline(html) if self.allow_html => out.push_str(&strip_tags(&html)),
                NodeValue::HtmlInline(html) => out.push_str(&html),
                _ => out.push_str(&self.inline(child)),
            }
        }
        out
    }
}

/// Wraps each line of `text` at `WIDTH` columns; a word longer than that (a
/// URL) keeps a line of its own rather than being broken.
pub(crate) fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / WIDTH);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut column = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            if column > 0 && column + 1 + len > WIDTH {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
        }
    }
    out
}

/// Breaks each line longer than `LINE_MAX` at spaces, its continuation
/// lines indented like its text (under a list item's text for `* `, `- `);
/// shorter lines, the signature delimiter among them, stay as they are.
pub(crate) fn fit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if body.chars().count() <= LINE_MAX {
            out.push_str(line);
            continue;
        }
        let spaces = body.len() - body.trim_start_matches(' ').len();
        let bullet = ["* ", "- "].iter().any(|b| body[spaces..].starts_with(b));
        let first = &body[..spaces];
        let rest = " ".repeat(spaces + if bullet { 2 } else { 0 });
        let mut column = 0;
        for word in body[spaces..].split(' ').filter(|w| !w.is_empty()) {
            let len = word.chars().count();
            if column == 0 {
                out.push_str(first);
                column = spaces;
            } else if column + 1 + len > LINE_MAX {
                out.push('\n');
                out.push_str(&rest);
                column = rest.len();
            } else {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += len;
        }
        out.push_str(newline);
    }
    out
}

/// Prefixes the first line with `first` and the others with `rest`.
fn indent(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let prefix = if i == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

fn collapse_blank_lines(text: &str) -> String {
    text.split('\n')
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Drops tags from raw HTML the editor was allowed to write.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use comrak::Arena;

    fn text(markdown: &str) -> String {
        let arena = Arena::new();
        let options = crate::render::markdown::options(false);
        let root = comrak::parse_document(&arena, markdown, &options);
        from_tree(root, false)
    }

    #[test]
    fn links_are_written_out_behind_their_text() {
        assert_eq!(
            text("Siehe [die Handreichung](https://example.org/h.pdf) und <https://example.org>."),
            "Siehe die Handreichung (https://example.org/h.pdf) und\nhttps://example.org.\n"
        );
    }

    #[test]
    fn lists_quotes_and_headings_keep_their_shape() {
        let out = text("## Termine\n\n- eins\n- zwei\n\n> Zitat\n\n1. a\n2. b\n");
        assert_eq!(
            out,
            "Termine\n-------\n\n- eins\n- zwei\n\n> Zitat\n\n1. a\n2. b\n"
        );
    }

    #[test]
    fn long_paragraphs_wrap_at_72_columns() {
        let long = "wort ".repeat(40);
        let out = text(&long);
        assert!(
            out.lines().all(|line| line.chars().count() <= WIDTH),
            "{out}"
        );
        assert_eq!(out.split_whitespace().count(), 40);
    }

    #[test]
    fn fitting_breaks_long_lines_and_keeps_urls_whole() {
        let url = format!("https://example.org/{}", "a".repeat(80));
        let cases: Vec<(String, String)> = vec![
            ("kurz\n".into(), "kurz\n".into()),
            ("-- \nFuß\n".into(), "-- \nFuß\n".into()),
            (
                format!("Weiterlesen: {url}\n"),
                format!("Weiterlesen:\n{url}\n"),
            ),
            (
                format!("* 3. Dezember 2026, 15:00 Uhr: {}\n", "Sprechstunde ".repeat(5)),
                "* 3. Dezember 2026, 15:00 Uhr: Sprechstunde Sprechstunde Sprechstunde\n  Sprechstunde Sprechstunde\n".into(),
            ),
            (
                format!("  {}", "Ort ".repeat(25)),
                format!("  {}\n  {}", "Ort ".repeat(19).trim_end(), "Ort ".repeat(6).trim_end()),
            ),
        ];
        for (text, expected) in cases {
            let out = fit(&text);
            assert_eq!(out, expected);
            assert!(
                out.lines()
                    .all(|l| l.chars().count() <= LINE_MAX || !l.trim().contains(' ')),
                "{out}"
            );
        }
    }

    #[test]
    fn footnotes_follow_the_text() {
        let out = text("Satz.[^1]\n\n[^1]: Quelle.\n");
        assert_eq!(out, "Satz.[1]\n\n[1] Quelle.\n");
    }

    #[test]
    fn images_leave_their_alt_text() {
        assert_eq!(
            text("![Rathaus in Dortmund](a.jpg)"),
            "[Rathaus in Dortmund]\n"
        );
    }

    #[test]
    fn a_table_becomes_rows_of_cells() {
        assert_eq!(text("| a | b |\n|---|---|\n| 1 | 2 |\n"), "a | b\n1 | 2\n");
    }
}
