//! TOML problems as diagnostics the staff can read in their language: every
//! problem of a file, in line order, each told by its kind (an unknown key
//! with the nearest known one, a missing field, a wrong type, a bad date, a
//! syntax error with its column) instead of the toml crate's English.
//!
//! How every problem is found, not only the first: the text is parsed into a
//! table (a syntax error is then the one problem, unless it is a malformed
//! date, after which parsing goes on). The table is deserialized; on an error
//! the problem is recorded and its cause taken out of the table: an unknown
//! key is removed, a value of the wrong type and a missing field are replaced
//! by a stand-in. Then the table is deserialized again, up to a bound. A
//! stand-in sits at a span behind the end of the text, so its own errors are
//! recognised and answered by the next kind of stand-in (text, number,
//! boolean, date, …), never reported.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};
use toml::value::Datetime;

use crate::diagnostic::{Diagnostic, Kind};

/// Which kind of file the text comes from, for the hint on a missing field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TomlFile {
    /// issue.toml or an entry's front matter.
    Content,
    /// rundbrief.toml.
    Config,
}

/// Rounds of deserializing before the remaining problems are left unsaid.
const MAX_ROUNDS: usize = 50;

/// The stand-in that is a date.
const DATE_STAND_IN: usize = 3;

/// Parses `text`, which starts on line `first_line` of `file`, into `T`;
/// or every problem of it, in line order.
pub(crate) fn parse_toml<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    first_line: usize,
    kind: TomlFile,
) -> Result<T, Vec<Diagnostic>> {
    let mut run = Run {
        file,
        text,
        first_line,
        kind,
        found: Vec::new(),
        stand_ins: BTreeMap::new(),
        seen: BTreeSet::new(),
        given_up: BTreeSet::new(),
        suggested: BTreeSet::new(),
    };
    if let Some(mut root) = run.parse() {
        for _ in 0..MAX_ROUNDS {
            match T::deserialize(Deserializer::from(root.clone())) {
                Ok(value) if run.found.is_empty() => return Ok(value),
                Ok(_) => break,
                Err(e) => {
                    if !run.absorb(&mut root, &e) {
                        break;
                    }
                }
            }
        }
    }
    Err(run.finish())
}

/// One parse of one text.
struct Run<'a> {
    file: &'a Path,
    text: &'a str,
    first_line: usize,
    kind: TomlFile,
    /// The problems so far, with the offset each is at.
    found: Vec<(usize, Problem)>,
    /// The stand-ins in the table, by the start of their span: which one is in place.
    stand_ins: BTreeMap<usize, usize>,
    /// Errors already answered; one coming back means no progress.
    seen: BTreeSet<(String, usize, usize)>,
    /// Keys no stand-in satisfied, taken out: the path of their table and
    /// their name. Their absence is no news.
    given_up: BTreeSet<(Vec<Step>, String)>,
    /// Keys suggested for an unknown one, with the path of their table: the
    /// suggestion already says that they are missing.
    suggested: BTreeSet<(Vec<Step>, String)>,
}

impl<'a> Run<'a> {
    /// Where stand-ins begin: behind the end of the text.
    fn base(&self) -> usize {
        self.text.len() + 1
    }

    fn line(&self, offset: usize) -> usize {
        self.first_line + line_of_offset(self.text, offset) - 1
    }

    fn column(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let start = self.text[..offset].rfind('\n').map_or(0, |at| at + 1);
        self.text[start..offset].chars().count() + 1
    }

    fn span_text(&self, span: &Range<usize>) -> &'a str {
        self.text.get(span.clone()).unwrap_or_default()
    }

    /// The text as a table; `None` after a syntax error.
    fn parse(&mut self) -> Option<Spanned<DeTable<'a>>> {
        let first = match DeTable::parse(self.text) {
            Ok(root) => return Some(root),
            Err(e) => e,
        };
        let (mut root, mut errors) = DeTable::parse_recoverable(self.text);
        if errors.is_empty() {
            errors.push(first);
        }
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            let problem =
                classify_syntax(e.message(), self.span_text(&span), self.column(span.start));
            let place = locate(root.get_ref(), &span);
            let at_date_key = place.as_ref().is_some_and(
                |(path, _)| matches!(path.last(), Some(Step::Key(key)) if key.ends_with("date")),
            );
            let is_date = matches!(problem, Problem::Date)
                || (at_date_key
                    && matches!(&problem, Problem::Syntax { kind, .. } if ["number", "unquoted"].contains(kind)));
            if !is_date {
                self.found.push((span.start, problem));
                return None;
            }
            self.found.push((span.start, Problem::Date));
            // The date is reported; a stand-in takes its place so that the
            // rest of the file is checked too.
            let (path, _) = place?;
            self.replace_with_stand_in(&mut root, &path, DATE_STAND_IN)?;
        }
        Some(root)
    }

    /// Records what `e` says and takes its cause out of `root`; `false`
    /// when nothing more can be learned.
    fn absorb(&mut self, root: &mut Spanned<DeTable<'a>>, e: &toml::de::Error) -> bool {
        let message = e.message().trim().to_string();
        let Some(span) = e.span() else {
            self.found.push((0, classify(&message, "", false)));
            return false;
        };
        if span.start >= self.base() {
            // Each stand-in comes once, so this ends.
            return self.next_stand_in(root, &message, &span);
        }
        if !self.seen.insert((message.clone(), span.start, span.end)) {
            return false;
        }
        let problem = classify(
            &message,
            self.span_text(&span),
            datetime_at(root.get_ref(), &span),
        );
        match &problem {
            Problem::UnknownKey { key, known } => {
                let key = key.clone();
                let suggestion = nearest(&key, known).map(str::to_string);
                self.found.push((span.start, problem));
                match locate(root.get_ref(), &span) {
                    Some((path, Match::Key)) => {
                        if let Some(suggestion) = suggestion {
                            let table = path[..path.len() - 1].to_vec();
                            self.suggested.insert((table, suggestion));
                        }
                        remove(root.get_mut(), &path).is_some()
                    }
                    // A key of a name no table holds: nothing to take out.
                    _ => remove_named(root.get_mut(), &key),
                }
            }
            Problem::MissingField { key } => {
                let table = find_table(root.get_ref(), &span).unwrap_or_default();
                let entry = (table, key.clone());
                if self.given_up.contains(&entry) {
                    return false;
                }
                if !self.suggested.contains(&entry) {
                    self.found.push((span.start, problem));
                }
                self.add_stand_in(root, &entry.0, &entry.1)
            }
            _ => {
                let first = if problem == Problem::Date {
                    DATE_STAND_IN
                } else {
                    0
                };
                self.found.push((span.start, problem));
                match locate(root.get_ref(), &span) {
                    Some((path, Match::Key)) => remove(root.get_mut(), &path).is_some(),
                    Some((path, _)) => self.replace_with_stand_in(root, &path, first).is_some(),
                    None => false,
                }
            }
        }
    }

    /// A stand-in was not accepted: the next kind of stand-in takes its place.
    fn next_stand_in(
        &mut self,
        root: &mut Spanned<DeTable<'a>>,
        message: &str,
        span: &Range<usize>,
    ) -> bool {
        if let Some(key) = message
            .strip_prefix("missing field ")
            .and_then(|rest| backticked(rest).into_iter().next())
        {
            // A table standing in for a section still lacks its keys.
            let Some(table) = find_table(root.get_ref(), span) else {
                return false;
            };
            return self.add_stand_in(root, &table, &key);
        }
        let Some(current) = self.stand_ins.get(&span.start).copied() else {
            return false;
        };
        let Some((path, Match::Value)) = locate(root.get_ref(), span) else {
            return false;
        };
        let Some(value) = stand_in(current + 1) else {
            // No stand-in fits (a value only rundbrief's own types accept):
            // the key goes, and with it what depends on it.
            if let Some((Step::Key(key), table)) = path.split_last() {
                self.given_up.insert((table.to_vec(), key.clone()));
            }
            return remove(root.get_mut(), &path).is_some();
        };
        let Some(slot) = value_mut(root.get_mut(), &path) else {
            return false;
        };
        *slot = Spanned::new(span.clone(), value);
        self.stand_ins.insert(span.start, current + 1);
        true
    }

    /// Puts a stand-in for the missing `key` into the table at `path`.
    fn add_stand_in(&mut self, root: &mut Spanned<DeTable<'a>>, path: &[Step], key: &str) -> bool {
        let at = self.new_span();
        let Some(table) = table_mut(root.get_mut(), path) else {
            return false;
        };
        if table.contains_key(key) {
            return false;
        }
        // The key's span differs from the value's, so the value is found by its span.
        table.insert(
            Spanned::new(at.start + 1..at.end + 1, Cow::Owned(key.to_string())),
            Spanned::new(at.clone(), stand_in(0).unwrap_or(DeValue::Boolean(false))),
        );
        self.stand_ins.insert(at.start, 0);
        true
    }

    /// Replaces the value at `path` by stand-in number `first`.
    fn replace_with_stand_in(
        &mut self,
        root: &mut Spanned<DeTable<'a>>,
        path: &[Step],
        first: usize,
    ) -> Option<()> {
        let at = self.new_span();
        let slot = value_mut(root.get_mut(), path)?;
        *slot = Spanned::new(at.clone(), stand_in(first)?);
        self.stand_ins.insert(at.start, first);
        Some(())
    }

    fn new_span(&self) -> Range<usize> {
        let start = self.base() + 2 * self.stand_ins.len();
        start..start + 1
    }

    /// The problems as diagnostics, in line order.
    fn finish(self) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = self
            .found
            .iter()
            .map(|(offset, problem)| {
                Diagnostic::error(
                    problem.kind(),
                    self.file,
                    Some(self.line(*offset)),
                    problem.message(self.kind),
                )
            })
            .collect();
        out.sort_by_key(|d| d.line);
        out.dedup();
        if out.is_empty() {
            out.push(Diagnostic::error(
                Kind::Invalid,
                self.file,
                Some(self.first_line),
                Problem::Invalid {
                    original: "?".into(),
                }
                .message(self.kind),
            ));
        }
        out
    }
}

/// Stand-in number `n`: a text, a number, a boolean, a date, a decimal, a
/// list, a table.
fn stand_in<'i>(n: usize) -> Option<DeValue<'i>> {
    Some(match n {
        0 => DeValue::String(Cow::Borrowed("")),
        1 => DeValue::Integer(toml::de::DeInteger::default()),
        2 => DeValue::Boolean(false),
        DATE_STAND_IN => DeValue::Datetime("2000-01-01".parse::<Datetime>().ok()?),
        4 => DeValue::Float(toml::de::DeFloat::default()),
        5 => DeValue::Array(DeArray::new()),
        6 => DeValue::Table(DeTable::new()),
        _ => return None,
    })
}

/// One step from a table down to a value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Item(usize),
}

/// How a key-value pair matches a span, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Match {
    /// The span is the key's.
    Key,
    /// The span is the value's.
    Value,
    /// The span is an item of the value (a list).
    Item,
    /// The span lies inside the value.
    Within,
}

/// The key-value pair `span` points at: its path from the root (ending in
/// its key) and how it matches; the deepest of the best matches.
fn locate(root: &DeTable, span: &Range<usize>) -> Option<(Vec<Step>, Match)> {
    let mut best: Option<(Match, usize, Vec<Step>)> = None;
    walk(root, span, &mut Vec::new(), &mut best);
    best.map(|(how, _, path)| (path, how))
}

fn walk(
    table: &DeTable,
    span: &Range<usize>,
    path: &mut Vec<Step>,
    best: &mut Option<(Match, usize, Vec<Step>)>,
) {
    for (key, value) in table {
        path.push(Step::Key(key.get_ref().to_string()));
        let at = value.span();
        let how = if key.span() == *span {
            Some(Match::Key)
        } else if at == *span {
            Some(Match::Value)
        } else if has_item(value.get_ref(), span) {
            Some(Match::Item)
        } else if at.start <= span.start && span.end <= at.end && at.start < at.end {
            Some(Match::Within)
        } else {
            None
        };
        if let Some(how) = how {
            let better = best
                .as_ref()
                .is_none_or(|(old, depth, _)| how < *old || (how == *old && path.len() > *depth));
            if better {
                *best = Some((how, path.len(), path.clone()));
            }
        }
        match value.get_ref() {
            DeValue::Table(inner) => walk(inner, span, path, best),
            DeValue::Array(items) => walk_items(items, span, path, best),
            _ => {}
        }
        path.pop();
    }
}

fn walk_items(
    items: &[Spanned<DeValue>],
    span: &Range<usize>,
    path: &mut Vec<Step>,
    best: &mut Option<(Match, usize, Vec<Step>)>,
) {
    for (i, item) in items.iter().enumerate() {
        path.push(Step::Item(i));
        match item.get_ref() {
            DeValue::Table(inner) => walk(inner, span, path, best),
            DeValue::Array(inner) => walk_items(inner, span, path, best),
            _ => {}
        }
        path.pop();
    }
}

fn has_item(value: &DeValue, span: &Range<usize>) -> bool {
    match value {
        DeValue::Array(items) => items
            .iter()
            .any(|item| item.span() == *span || has_item(item.get_ref(), span)),
        _ => false,
    }
}

/// The path of the table (a section, an inline table, one of a list of
/// tables) whose span is `span`; `None` for the root.
fn find_table(root: &DeTable, span: &Range<usize>) -> Option<Vec<Step>> {
    fn in_table(table: &DeTable, span: &Range<usize>, path: &mut Vec<Step>) -> bool {
        for (key, value) in table {
            path.push(Step::Key(key.get_ref().to_string()));
            if in_value(value, span, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    fn in_value(value: &Spanned<DeValue>, span: &Range<usize>, path: &mut Vec<Step>) -> bool {
        match value.get_ref() {
            DeValue::Table(inner) => value.span() == *span || in_table(inner, span, path),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Item(i));
                    if in_value(item, span, path) {
                        return true;
                    }
                    path.pop();
                }
                false
            }
            _ => false,
        }
    }
    let mut path = Vec::new();
    in_table(root, span, &mut path).then_some(path)
}

/// Whether the value at `span` is a date (which serde calls a map).
fn datetime_at(table: &DeTable, span: &Range<usize>) -> bool {
    fn in_value(value: &Spanned<DeValue>, span: &Range<usize>) -> bool {
        match value.get_ref() {
            DeValue::Datetime(_) => value.span() == *span,
            DeValue::Table(inner) => datetime_at(inner, span),
            DeValue::Array(items) => items.iter().any(|item| in_value(item, span)),
            _ => false,
        }
    }
    table.values().any(|value| in_value(value, span))
}

fn value_mut<'t, 'i>(
    root: &'t mut DeTable<'i>,
    path: &[Step],
) -> Option<&'t mut Spanned<DeValue<'i>>> {
    let (Step::Key(first), rest) = path.split_first()? else {
        return None;
    };
    let mut value = root.get_mut(first.as_str())?;
    for step in rest {
        value = match (step, value.get_mut()) {
            (Step::Key(key), DeValue::Table(table)) => table.get_mut(key.as_str())?,
            (Step::Item(i), DeValue::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn table_mut<'t, 'i>(root: &'t mut DeTable<'i>, path: &[Step]) -> Option<&'t mut DeTable<'i>> {
    if path.is_empty() {
        return Some(root);
    }
    match value_mut(root, path)?.get_mut() {
        DeValue::Table(table) => Some(table),
        _ => None,
    }
}

/// Removes the key-value pair at `path`.
fn remove<'i>(root: &mut DeTable<'i>, path: &[Step]) -> Option<Spanned<DeValue<'i>>> {
    let (Step::Key(key), parent) = path.split_last()? else {
        return None;
    };
    table_mut(root, parent)?.remove(key.as_str())
}

/// Removes the first key named `key` anywhere; whether there was one.
fn remove_named(root: &mut DeTable, key: &str) -> bool {
    fn paths(table: &DeTable, key: &str, path: &mut Vec<Step>) -> Option<Vec<Step>> {
        for (name, value) in table {
            path.push(Step::Key(name.get_ref().to_string()));
            if name.get_ref() == key {
                return Some(path.clone());
            }
            if let DeValue::Table(inner) = value.get_ref()
                && let Some(found) = paths(inner, key, path)
            {
                return Some(found);
            }
            path.pop();
        }
        None
    }
    match paths(root, key, &mut Vec::new()) {
        Some(path) => remove(root, &path).is_some(),
        None => false,
    }
}

/// A TOML problem by its kind, independent of the language it is told in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    UnknownKey {
        key: String,
        known: Vec<String>,
    },
    MissingField {
        key: String,
    },
    WrongType {
        found: Found,
        expected: TypeName,
    },
    InvalidValue {
        value: String,
        expected: TypeName,
    },
    UnknownVariant {
        value: String,
        known: Vec<String>,
    },
    Date,
    NumberTooLarge,
    DuplicateKey {
        key: String,
    },
    Syntax {
        column: usize,
        kind: &'static str,
        /// The text the error points at.
        text: String,
        original: String,
    },
    /// Something the toml crate says that has no better telling.
    Invalid {
        original: String,
    },
    /// A message of rundbrief's own (a URL, a rate, a language code),
    /// already in the staff's language.
    Own(String),
}

/// A kind of value as serde names it: `u32`, `a string`, `struct Site`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeName {
    kind: &'static str,
    original: String,
}

/// What stands where another type belongs: `string "zwölf"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    kind: &'static str,
    value: Option<String>,
    original: String,
}

impl Problem {
    fn kind(&self) -> Kind {
        match self {
            Problem::UnknownKey { .. } => Kind::UnknownKey,
            Problem::MissingField { .. } => Kind::MissingField,
            _ => Kind::Invalid,
        }
    }

    fn message(&self, file: TomlFile) -> String {
        match self {
            Problem::UnknownKey { key, known } => {
                if let Some(suggestion) = nearest(key, known) {
                    crate::t!(
                        "toml-unknown-key-suggestion",
                        key = key.as_str(),
                        suggestion = suggestion
                    )
                } else {
                    crate::t!(
                        "toml-unknown-key",
                        key = key.as_str(),
                        known = if known.is_empty() {
                            "none".to_string()
                        } else {
                            list(known)
                        }
                    )
                }
            }
            Problem::MissingField { key } => crate::t!(
                "toml-missing-field",
                key = key.as_str(),
                file = match file {
                    TomlFile::Content => "content",
                    TomlFile::Config => "config",
                }
            ),
            Problem::WrongType { found, expected } => {
                let word = crate::t!(
                    "toml-found",
                    kind = found.kind,
                    original = found.original.as_str()
                );
                let found = match &found.value {
                    Some(value) => {
                        crate::t!("toml-found-value", found = word, value = value.as_str())
                    }
                    None => word,
                };
                crate::t!(
                    "toml-wrong-type",
                    found = found,
                    expected = expected.phrase()
                )
            }
            Problem::InvalidValue { value, expected } => crate::t!(
                "toml-invalid-value",
                value = value.as_str(),
                expected = expected.phrase()
            ),
            Problem::UnknownVariant { value, known } => {
                if let Some(suggestion) = nearest(value, known) {
                    crate::t!(
                        "toml-unknown-variant-suggestion",
                        value = value.as_str(),
                        suggestion = suggestion,
                        known = list(known)
                    )
                } else {
                    crate::t!(
                        "toml-unknown-variant",
                        value = value.as_str(),
                        known = list(known)
                    )
                }
            }
            Problem::Date => crate::t!("toml-date"),
            Problem::NumberTooLarge => crate::t!("toml-number-too-large"),
            Problem::DuplicateKey { key } => crate::t!("toml-duplicate-key", key = key.as_str()),
            Problem::Syntax {
                column,
                kind,
                text,
                original,
            } => {
                let problem = crate::t!(
                    "toml-syntax-problem",
                    kind = *kind,
                    text = text.as_str(),
                    original = original.as_str()
                );
                crate::t!("toml-syntax", column = *column, problem = problem)
            }
            Problem::Invalid { original } => {
                crate::t!("toml-invalid", original = original.as_str())
            }
            Problem::Own(message) => message.clone(),
        }
    }
}

impl TypeName {
    fn phrase(&self) -> String {
        crate::t!(
            "toml-type",
            kind = self.kind,
            original = self.original.as_str()
        )
    }
}

/// `` `a`, `b`, `c` ``
fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The known name closest to a mistyped `word`, if one is close enough to
/// be what was meant.
pub(crate) fn nearest<'k>(word: &str, known: &'k [String]) -> Option<&'k str> {
    let word = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for name in known {
        let score = strsim::jaro_winkler(&word, &name.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, name));
        }
    }
    best.map(|(_, name)| name)
}

/// The names between backticks in `text`: `` expected one of `a`, `b` ``.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// What a deserialization error of the toml crate says, by its kind.
/// `span_text`: the text the error points at; `at_datetime`: whether a date
/// stands there.
pub(crate) fn classify(message: &str, span_text: &str, at_datetime: bool) -> Problem {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let mut names = backticked(rest).into_iter();
        if let Some(key) = names.next() {
            return Problem::UnknownKey {
                key,
                known: names.collect(),
            };
        }
    }
    if let Some(key) = message
        .strip_prefix("missing field ")
        .and_then(|rest| backticked(rest).into_iter().next())
    {
        return Problem::MissingField { key };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let mut names = backticked(rest).into_iter();
        if let Some(value) = names.next() {
            return Problem::UnknownVariant {
                value,
                known: names.collect(),
            };
        }
    }
    for (prefix, wrong_type) in [("invalid type: ", true), ("invalid value: ", false)] {
        let Some((found, expected)) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.rsplit_once(", expected "))
        else {
            continue;
        };
        let expected = type_name(expected);
        if expected.kind == "datetime" {
            return Problem::Date;
        }
        let found = found_value(found, at_datetime);
        return if wrong_type {
            Problem::WrongType { found, expected }
        } else {
            Problem::InvalidValue {
                value: found.value.unwrap_or(found.original),
                expected,
            }
        };
    }
    let expected = |kind: &'static str| TypeName {
        kind,
        original: kind.to_string(),
    };
    match message {
        "integer number overflowed"
        | "u64 value was too large"
        | "floating-point number overflowed" => Problem::NumberTooLarge,
        "invalid socket address syntax" => Problem::InvalidValue {
            value: span_text.to_string(),
            expected: expected("socket-address"),
        },
        "invalid IP address syntax" => Problem::InvalidValue {
            value: span_text.to_string(),
            expected: expected("ip-address"),
        },
        "datetime key not found"
        | "expected empty array"
        | "expected empty table"
        | "value is missing a span"
        | "value is missing"
        | "wanted string or table" => Problem::Invalid {
            original: message.to_string(),
        },
        _ => Problem::Own(message.to_string()),
    }
}

/// The kind of value serde expected: `u32`, `a string`, `struct Site` …
fn type_name(expected: &str) -> TypeName {
    let expected = expected.trim();
    let kind = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "unsigned",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "integer",
        "f32" | "f64" => "float",
        "a boolean" => "boolean",
        "a string" | "a borrowed string" | "path string" | "a character" => "string",
        "a sequence" => "array",
        "a map" => "table",
        "socket address" => "socket-address",
        "IP address" => "ip-address",
        other if other.contains("datetime") => "datetime",
        other if other.starts_with("struct ") => "table",
        other if other.starts_with("enum ") => "string",
        _ => "other",
    };
    TypeName {
        kind,
        original: expected.to_string(),
    }
}

/// What stood there instead, as serde describes it: `string "x"`,
/// `` integer `3` ``, `sequence`.
fn found_value(found: &str, at_datetime: bool) -> Found {
    let found = found.trim();
    let (kind, value) = if let Some(text) = found.strip_prefix("string ") {
        ("string", Some(text.to_string()))
    } else if let Some(rest) = found.strip_prefix("integer ") {
        ("integer", backticked(rest).into_iter().next())
    } else if let Some(rest) = found.strip_prefix("floating point ") {
        ("float", backticked(rest).into_iter().next())
    } else if let Some(rest) = found.strip_prefix("boolean ") {
        ("boolean", backticked(rest).into_iter().next())
    } else if found == "sequence" {
        ("array", None)
    } else if found == "map" && at_datetime {
        ("datetime", None)
    } else if found == "map" {
        ("table", None)
    } else {
        ("other", None)
    };
    Found {
        kind,
        value,
        original: found.to_string(),
    }
}

/// What a syntax error of the toml parser says, by its kind.
/// `span_text`: the text it points at; `column`: where.
pub(crate) fn classify_syntax(message: &str, span_text: &str, column: usize) -> Problem {
    let message = message.trim();
    let description = message.split(", expected").next().unwrap_or(message).trim();
    if ["invalid date", "invalid time", "invalid offset"]
        .iter()
        .any(|prefix| description.starts_with(prefix))
    {
        return Problem::Date;
    }
    if description == "duplicate key" {
        return Problem::DuplicateKey {
            key: span_text.trim().trim_matches(['"', '\'']).to_string(),
        };
    }
    let kind = match description {
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string"
        | "invalid string"
        | "missing opening quote" => "quote",
        "string values must be quoted" | "invalid boolean" => "unquoted",
        "key with no value"
        | "missing value for key"
        | "missing value"
        | "missing assignment between key-value pairs" => "missing-value",
        "unclosed table" | "unclosed array table" | "missing table open" | "invalid table" => {
            "table"
        }
        "unclosed array"
        | "missing comma between array elements"
        | "extra comma in array"
        | "missing array opening"
        | "unexpected `=` in array" => "array",
        "unclosed inline table"
        | "missing inline table opening"
        | "extra comma in inline table"
        | "invalid inline table element"
        | "missing key for inline table element"
        | "missing comma between key-value pairs" => "inline-table",
        "invalid float"
        | "invalid integer number"
        | "invalid hexadecimal number"
        | "invalid octal number"
        | "invalid binary number"
        | "invalid mantissa"
        | "invalid fraction"
        | "invalid exponent"
        | "unexpected leading zero"
        | "redundant numeric sign"
        | "unexpected sign"
        | "`_` may only go between digits"
        | "radix must be lowercase"
        | "redundant integer number prefix"
        | "integers with a radix cannot be signed" => "number",
        "invalid key"
        | "invalid unquoted key"
        | "unquoted keys cannot be empty"
        | "keys cannot be multi-line basic strings"
        | "keys cannot be multi-line literal strings" => "key",
        "invalid comment character"
        | "missing comment start"
        | "unexpected content between comment and newline" => "comment",
        "missing escaped value" | "too few unicode value digits" | "invalid value" => "escape",
        "unexpected content"
        | "extra assignment between key-value pairs"
        | "unexpected key or value"
        | "invalid key-value pair"
        | "extra `=`" => "line-end",
        "carriage return must be followed by newline" => "carriage-return",
        _ => "other",
    };
    Problem::Syntax {
        column,
        kind,
        text: span_text.trim().to_string(),
        original: message.to_string(),
    }
}

/// The 1-based line of a byte offset in `text`.
pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn the_nearest_known_key_is_suggested_only_when_close() {
        let entry = names(&[
            "title",
            "author",
            "date",
            "summary",
            "countries",
            "themes",
            "image",
            "image_alt",
            "order",
            "draft",
            "language",
            "slug",
        ]);
        let config = names(&["from", "reply_to", "postal_address"]);
        let cases: &[(&str, &[String], Option<&str>)] = &[
            ("autor", &entry, Some("author")),
            ("titel", &entry, Some("title")),
            ("Title", &entry, Some("title")),
            ("datum", &entry, Some("date")),
            ("image-alt", &entry, Some("image_alt")),
            ("sumary", &entry, Some("summary")),
            ("farbe", &entry, None),
            ("sprache", &entry, None),
            ("postal_adress", &config, Some("postal_address")),
            ("replyto", &config, Some("reply_to")),
            ("anything", &[], None),
        ];
        for (word, known, expected) in cases {
            assert_eq!(nearest(word, known), *expected, "{word}");
        }
    }

    #[test]
    fn deserialization_errors_are_told_by_kind() {
        let s = |t: &str| t.to_string();
        let ty = |kind, original: &str| TypeName {
            kind,
            original: s(original),
        };
        let cases = [
            (
                "unknown field `autor`, expected one of `title`, `author`",
                Problem::UnknownKey {
                    key: s("autor"),
                    known: names(&["title", "author"]),
                },
            ),
            (
                "unknown field `subjct`, expected `subject`",
                Problem::UnknownKey {
                    key: s("subjct"),
                    known: names(&["subject"]),
                },
            ),
            (
                "unknown field `x`, there are no fields",
                Problem::UnknownKey {
                    key: s("x"),
                    known: vec![],
                },
            ),
            (
                "missing field `author`",
                Problem::MissingField { key: s("author") },
            ),
            (
                "invalid type: string \"zwölf\", expected u32",
                Problem::WrongType {
                    found: Found {
                        kind: "string",
                        value: Some(s("\"zwölf\"")),
                        original: s("string \"zwölf\""),
                    },
                    expected: ty("unsigned", "u32"),
                },
            ),
            (
                "invalid type: sequence, expected a string",
                Problem::WrongType {
                    found: Found {
                        kind: "array",
                        value: None,
                        original: s("sequence"),
                    },
                    expected: ty("string", "a string"),
                },
            ),
            (
                "invalid type: integer `3`, expected struct Sender",
                Problem::WrongType {
                    found: Found {
                        kind: "integer",
                        value: Some(s("3")),
                        original: s("integer `3`"),
                    },
                    expected: ty("table", "struct Sender"),
                },
            ),
            (
                "invalid type: string \"25.11.2026\", expected a TOML datetime",
                Problem::Date,
            ),
            (
                "invalid value: integer `-3`, expected u32",
                Problem::InvalidValue {
                    value: s("-3"),
                    expected: ty("unsigned", "u32"),
                },
            ),
            (
                "unknown variant `startls`, expected one of `none`, `starttls`, `tls`",
                Problem::UnknownVariant {
                    value: s("startls"),
                    known: names(&["none", "starttls", "tls"]),
                },
            ),
            ("integer number overflowed", Problem::NumberTooLarge),
            (
                "invalid socket address syntax",
                Problem::InvalidValue {
                    value: s("\"localhost\""),
                    expected: ty("socket-address", "socket-address"),
                },
            ),
            (
                "\"ftp://x\" must be an http(s) URL with a host",
                Problem::Own(s("\"ftp://x\" must be an http(s) URL with a host")),
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                classify(message, "\"localhost\"", false),
                expected,
                "{message}"
            );
        }
        // A date where a text belongs: serde sees a map.
        let found = classify("invalid type: map, expected a string", "", true);
        assert!(
            matches!(&found, Problem::WrongType { found, .. } if found.kind == "datetime"),
            "{found:?}"
        );
    }

    #[test]
    fn syntax_errors_are_told_by_kind_and_column() {
        let cases = [
            ("invalid date, expected month between 01 and 12", "date"),
            ("invalid time, expected hour between 00 and 23", "date"),
            ("invalid date-time", "date"),
            ("invalid basic string, expected `\"`", "quote"),
            (
                "string values must be quoted, expected literal string",
                "unquoted",
            ),
            ("invalid boolean, expected `true`", "unquoted"),
            ("key with no value, expected `=`", "missing-value"),
            ("unclosed array table, expected `]`", "table"),
            (
                "missing comma between array elements, expected `,`",
                "array",
            ),
            ("invalid float, expected nothing", "number"),
            ("invalid unquoted key", "key"),
            (
                "carriage return must be followed by newline",
                "carriage-return",
            ),
            ("something new in a later toml", "other"),
        ];
        for (message, kind) in cases {
            let found = match classify_syntax(message, "", 9) {
                Problem::Date => "date",
                Problem::Syntax {
                    kind, column: 9, ..
                } => kind,
                other => panic!("{message}: {other:?}"),
            };
            assert_eq!(found, kind, "{message}");
        }
        assert_eq!(
            classify_syntax("duplicate key", "title", 1),
            Problem::DuplicateKey {
                key: "title".into()
            }
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        author: String,
        date: Spanned<Datetime>,
        number: Option<u32>,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        events: Vec<SampleEvent>,
        #[serde(default)]
        sender: Option<SampleSender>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct SampleEvent {
        date: Datetime,
        title: String,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct SampleSender {
        from: String,
        postal_address: String,
    }

    /// The kinds and lines of every problem `text` has.
    fn problems(text: &str) -> Vec<(Kind, usize)> {
        match parse_toml::<Sample>(Path::new("x.toml"), text, 1, TomlFile::Content) {
            Ok(_) => vec![],
            Err(found) => found.iter().map(|d| (d.kind, d.line.unwrap())).collect(),
        }
    }

    #[test]
    fn every_problem_of_a_file_is_found_in_line_order() {
        use Kind::{Invalid, MissingField, UnknownKey};
        let ok = "title = \"T\"\nauthor = \"A\"\ndate = 2026-11-25\n";
        assert_eq!(problems(ok), vec![]);
        let cases: &[(&str, &[(Kind, usize)])] = &[
            (
                "title = \"T\"\nautor = \"A\"\ndate = 2026-11-25\nfarbe = 1\n",
                // `author` is missing, which the suggestion for `autor` says.
                &[(UnknownKey, 2), (UnknownKey, 4)],
            ),
            (
                "title = \"T\"\nfarbe = \"A\"\ndate = 2026-11-25\n",
                &[(MissingField, 1), (UnknownKey, 2)],
            ),
            (
                "zzz = 1\ntitle = \"T\"\nauthor = \"A\"\naaa = 2\ndate = 2026-11-25\n",
                &[(UnknownKey, 1), (UnknownKey, 4)],
            ),
            (
                "title = 3\nauthor = \"A\"\ndate = \"25.11.2026\"\nnumber = \"zwölf\"\ndraft = \"ja\"\n",
                &[(Invalid, 1), (Invalid, 3), (Invalid, 4), (Invalid, 5)],
            ),
            (
                "title = \"T\"\nauthor = \"A\"\ndate = 2026-13-45\nautor = 1\n",
                &[(Invalid, 3), (UnknownKey, 4)],
            ),
            (
                "title = \"T\"\nauthor = \"A\"\ndate = 25.11.2026\n",
                &[(Invalid, 3)],
            ),
            (
                "title = \"T\nauthor = \"A\"\ndate = 2026-11-25\nautor = 1\n",
                &[(Invalid, 1)],
            ),
            (
                "title = \"T\"\nauthor = \"A\"\ndate = 2026-11-25\n[[events]]\ndate = 2026-12-01\nort = \"x\"\n[[events]]\ntitle = \"E\"\n[sender]\nfrom = \"a\"\n",
                &[
                    (MissingField, 4),
                    (UnknownKey, 6),
                    (MissingField, 7),
                    (MissingField, 9),
                ],
            ),
            (
                "draft = true\n",
                &[(MissingField, 1), (MissingField, 1), (MissingField, 1)],
            ),
        ];
        for (text, expected) in cases {
            let mut found = problems(text);
            // Several problems on one line come in any order.
            let mut expected = expected.to_vec();
            let key = |p: &(Kind, usize)| (p.1, p.0.code());
            found.sort_by_key(key);
            expected.sort_by_key(key);
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn lines_count_from_where_the_text_starts_in_its_file() {
        let text = "title = \"T\"\nfarbe = \"A\"\ndate = 2026-11-25\n";
        let found =
            parse_toml::<Sample>(Path::new("e.md"), text, 5, TomlFile::Content).unwrap_err();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, Some(5));
        assert_eq!(found[1].line, Some(6));
        assert_eq!(found[1].kind, Kind::UnknownKey);
    }
}
