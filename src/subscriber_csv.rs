//! Subscriber lists as CSV: reading the exports other tools write (comma,
//! semicolon or tab; BOM or not; their own header names) into rows with line
//! numbers, and writing exports that spreadsheet programs open safely.

use std::io::Write;
use std::path::Path;

use crate::address::{Address, BadAddress, MAX_LEN as MAX_ADDRESS_LEN};
use crate::locale::{Lang, UnknownLang};
use crate::store::{ImportRow, Subscriber};

pub use crate::name::{BadName, MAX_CHARS as MAX_NAME_CHARS};

/// A file that cannot be read as a subscriber list at all.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{}", self.message())]
    Encoding { path: std::path::PathBuf, line: u64 },
    #[error("{}", self.message())]
    NoEmailColumn {
        path: std::path::PathBuf,
        found: String,
    },
    #[error("{}", self.message())]
    Empty { path: std::path::PathBuf },
    #[error("{}", self.message())]
    LineTooLong {
        path: std::path::PathBuf,
        line: u64,
        max: u64,
    },
    #[error("{}", self.message())]
    FileTooLarge { path: std::path::PathBuf, max: u64 },
    #[error("{}:{line}: {message}", .path.display())]
    Syntax {
        path: std::path::PathBuf,
        line: u64,
        message: String,
    },
}

impl CsvError {
    /// What the staff reads, in their language.
    fn message(&self) -> String {
        match self {
            CsvError::Io { path, source } => format!("{}: {source}", path.display()),
            CsvError::Encoding { path, line } => crate::t!(
                "csv-not-utf8",
                file = path.display().to_string(),
                line = line,
            ),
            CsvError::NoEmailColumn { path, found } => crate::t!(
                "csv-no-email-column",
                file = path.display().to_string(),
                found = found.as_str(),
            ),
            CsvError::Empty { path } => crate::t!("csv-empty", file = path.display().to_string()),
            CsvError::LineTooLong { path, line, max } => crate::t!(
                "csv-line-too-long",
                file = path.display().to_string(),
                line = line,
                max = max,
            ),
            CsvError::FileTooLarge { path, max } => crate::t!(
                "csv-file-too-large",
                file = path.display().to_string(),
                max = max,
            ),
            CsvError::Syntax {
                path,
                line,
                message,
            } => format!("{}:{line}: {message}", path.display()),
        }
    }
}

/// Why an address cannot be used, in the staff's language.
pub fn address_problem(problem: &BadAddress) -> String {
    match problem {
        BadAddress::Empty => crate::t!("csv-address-empty"),
        BadAddress::LineBreak => crate::t!("csv-address-line-break"),
        BadAddress::TooLong => crate::t!("csv-address-too-long", max = MAX_ADDRESS_LEN),
        BadAddress::Invalid(address, reason) => crate::t!(
            "csv-address-invalid",
            quoted = format!("{address:?}"),
            address = address.as_str(),
            reason = reason.as_str(),
        ),
    }
}

/// Why one row of a list is not imported.
#[derive(Debug, thiserror::Error)]
pub enum BadRow {
    #[error("{}", address_problem(.0))]
    Address(BadAddress),
    #[error(transparent)]
    Name(#[from] BadName),
    #[error(transparent)]
    Lang(#[from] UnknownLang),
    /// A language the workspace does not speak.
    #[error("{}", crate::t!(
        "csv-unspoken-lang",
        lang = lang.to_string(),
        spoken = spoken.iter().map(Lang::code).collect::<Vec<_>>().join(", ")
    ))]
    Unspoken { lang: Lang, spoken: Vec<Lang> },
}

/// A file read: its valid rows and, by line, why the others are not.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub invalid: Vec<(u64, BadRow)>,
    pub delimiter: char,
}

impl Parsed {
    /// Moves rows in a language the workspace does not speak to `invalid`.
    pub fn keep_languages(&mut self, spoken: &[Lang]) {
        let (kept, unspoken): (Vec<_>, Vec<_>) = std::mem::take(&mut self.rows)
            .into_iter()
            .partition(|row| row.lang.is_none_or(|lang| spoken.contains(&lang)));
        self.rows = kept;
        for row in unspoken {
            if let Some(lang) = row.lang {
                let spoken = spoken.to_vec();
                self.invalid
                    .push((row.line, BadRow::Unspoken { lang, spoken }));
            }
        }
        self.invalid.sort_by_key(|(line, _)| *line);
    }
}

#[derive(Debug, Default)]
struct Columns {
    email: Option<usize>,
    name: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    lang: Option<usize>,
}

/// What a header means, whatever the tool that wrote it called it.
fn column_of(header: &str) -> Option<&'static str> {
    let key: String = header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "email" | "emailaddress" | "emailadresse" | "mail" | "mailadresse" | "epost"
        | "address" | "adresse" => "email",
        "name" | "fullname" | "vollstaendigername" | "vollständigername" => "name",
        "firstname" | "first" | "givenname" | "vorname" => "first",
        "lastname" | "last" | "surname" | "familyname" | "nachname" | "familienname" => "last",
        "language" | "lang" | "sprache" | "locale" => "lang",
        _ => return None,
    })
}

/// The delimiter of the header line: the one of `,`, `;`, tab that occurs
/// most outside quotes.
fn detect_delimiter(header: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(slot) = counts.iter_mut().find(|(d, _)| *d == byte) {
            slot.1 += 1;
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

/// How much of a file an import reads at most (`[subscribers]`
/// `import_max_line_bytes`, `import_max_file_bytes`).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub line_bytes: u64,
    pub file_bytes: u64,
}

/// Reads and parses the list at `path`. The file is read in chunks and
/// given up on as soon as a line or the whole passes its limit, so neither
/// a huge line nor an endless file (`/dev/zero`) takes more memory than the
/// file limit.
pub fn read(path: &Path, limits: Limits) -> Result<Parsed, CsvError> {
    use std::io::Read;
    let io = |source| CsvError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let (mut line, mut line_len, mut after_cr) = (1u64, 0u64, false);
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        };
        // Lines end at LF, CR or CRLF, as `parse` counts them.
        for &byte in &chunk[..n] {
            match byte {
                b'\n' if after_cr => after_cr = false,
                b'\n' | b'\r' => {
                    line += 1;
                    line_len = 0;
                    after_cr = byte == b'\r';
                }
                _ => {
                    after_cr = false;
                    line_len += 1;
                    if line_len > limits.line_bytes {
                        return Err(CsvError::LineTooLong {
                            path: path.to_path_buf(),
                            line,
                            max: limits.line_bytes,
                        });
                    }
                }
            }
        }
        if (bytes.len() + n) as u64 > limits.file_bytes {
            return Err(CsvError::FileTooLarge {
                path: path.to_path_buf(),
                max: limits.file_bytes,
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    parse(path, &bytes)
}

/// Parses the bytes of a CSV file named `path` (for messages).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Parsed, CsvError> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| CsvError::Encoding {
        path: path.to_path_buf(),
        line: bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1,
    })?;
    // The csv crate ends records at CR, LF and CRLF but counts lines by LF
    // only; line numbers in messages must match what the editor's program
    // shows, so every line end becomes LF first.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let header_line = text
        .lines()
        .find(|line| !line.trim().is_empty())
        .ok_or_else(|| CsvError::Empty {
            path: path.to_path_buf(),
        })?;
    let delimiter = detect_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let syntax = |e: csv::Error| CsvError::Syntax {
        path: path.to_path_buf(),
        line: e.position().map_or(0, csv::Position::line),
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(syntax)?.clone();
    let mut columns = Columns::default();
    for (index, header) in headers.iter().enumerate() {
        let slot = match column_of(header) {
            Some("email") => &mut columns.email,
            Some("name") => &mut columns.name,
            Some("first") => &mut columns.first,
            Some("last") => &mut columns.last,
            Some("lang") => &mut columns.lang,
            _ => continue,
        };
        slot.get_or_insert(index);
    }
    let Some(email) = columns.email else {
        return Err(CsvError::NoEmailColumn {
            path: path.to_path_buf(),
            found: headers
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    };
    let mut parsed = Parsed {
        delimiter: delimiter as char,
        ..Parsed::default()
    };
    for record in reader.records() {
        let record = record.map_err(syntax)?;
        let line = record.position().map_or(0, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        let field = |index: Option<usize>| {
            index
                .and_then(|i| record.get(i))
                .map(unguard)
                .filter(|f| !f.is_empty())
        };
        match row(line, field(Some(email)), &columns, &field) {
            Ok(row) => parsed.rows.push(row),
            Err(reason) => parsed.invalid.push((line, reason)),
        }
    }
    Ok(parsed)
}

fn row<'r>(
    line: u64,
    email: Option<&str>,
    columns: &Columns,
    field: &dyn Fn(Option<usize>) -> Option<&'r str>,
) -> Result<ImportRow, BadRow> {
    let address = Address::parse(email.unwrap_or_default()).map_err(BadRow::Address)?;
    let name = if let Some(name) = field(columns.name) {
        Some(name.to_string())
    } else {
        let parts: Vec<&str> = [field(columns.first), field(columns.last)]
            .into_iter()
            .flatten()
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    if let Some(name) = &name {
        check_name(name)?;
    }
    let lang = match field(columns.lang) {
        Some(code) => Some(code.parse::<Lang>()?),
        None => None,
    };
    Ok(ImportRow {
        line,
        address,
        name,
        lang,
    })
}

/// A name goes into a mail header and a greeting: see [`crate::name::Name`].
pub fn check_name(name: &str) -> Result<(), BadName> {
    crate::name::Name::parse(name).map(drop)
}

/// Writes the header of an export.
pub fn writer<W: Write>(out: W) -> csv::Result<csv::Writer<W>> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "email",
        "name",
        "language",
        "status",
        "created",
        "confirmed",
        "unsubscribed",
    ])?;
    Ok(writer)
}

/// Writes one subscriber as a row of an export.
pub fn write_row<W: Write>(
    writer: &mut csv::Writer<W>,
    subscriber: &Subscriber,
) -> csv::Result<()> {
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| at.to_rfc3339()).unwrap_or_default()
    };
    writer.write_record([
        neutralise(&subscriber.address).as_ref(),
        neutralise(subscriber.name.as_deref().unwrap_or("")).as_ref(),
        subscriber.lang.code(),
        subscriber.status.as_str(),
        &time(Some(subscriber.created_at)),
        &time(subscriber.confirmed_at),
        &time(subscriber.unsubscribed_at),
    ])
}

/// What a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// leading tab or CR) gets a `'` in front, which makes it plain text. So
/// does a cell that begins with `'` itself: [`unguard`] takes one `'` off
/// such cells again on import, so rundbrief reads its own export back
/// unchanged (`=x@example.org` → `'=x@example.org` → `=x@example.org`, and
/// `'x@example.org` → `''x@example.org` → `'x@example.org`).
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Undoes [`neutralise`]: a `'` before a formula start or before another
/// `'` is the guard, not part of the value. A `'` before anything else
/// (`'Anna`, from another tool) is kept, since no export of ours wrote it.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Parsed {
        parse(Path::new("liste.csv"), text.as_bytes()).unwrap()
    }

    #[test]
    fn semicolons_bom_crlf_and_quoted_umlauts() {
        let parsed = parse_text(
            "\u{feff}E-Mail;Vorname;Nachname;Sprache\r\nanna@example.org;\"Anna\";\"Müller; geb. Schmidt\";de\r\n",
        );
        assert_eq!(parsed.delimiter, ';');
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(
            parsed.rows[0].name.as_deref(),
            Some("Anna Müller; geb. Schmidt")
        );
        assert_eq!(parsed.rows[0].lang, Some(Lang::DE));
        assert_eq!(parsed.rows[0].line, 2);
    }

    // Regression (found by the csv_import fuzz target): a file with classic
    // Mac line ends (CR only) reported its rows as line 1.
    #[test]
    fn carriage_returns_alone_end_lines_too() {
        let parsed = parse_text("email;name\ra@example.org;A\rkaputt;B\r");
        assert_eq!(parsed.rows[0].line, 2);
        let invalid: Vec<(u64, String)> = parsed
            .invalid
            .iter()
            .map(|(line, reason)| (*line, reason.to_string()))
            .collect();
        assert_eq!(
            invalid,
            vec![(
                3,
                "\"kaputt\" is not a valid email address (Missing separator character '@'.)"
                    .to_string()
            )]
        );
    }

    #[test]
    fn tabs_and_mailchimp_headers() {
        let parsed = parse_text("Email Address\tFirst Name\tLast Name\njo@example.org\tJo\tDoe\n");
        assert_eq!(parsed.delimiter, '\t');
        assert_eq!(parsed.rows[0].name.as_deref(), Some("Jo Doe"));
    }

    #[test]
    fn invalid_rows_are_reported_by_line_and_reason() {
        let parsed = parse_text(
            "email,name,language\nok@example.org,,\nkaputt,,\n,,\nx@example.org,,français\n",
        );
        assert_eq!(parsed.rows.len(), 1);
        let lines: Vec<u64> = parsed.invalid.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![3, 5]);
        assert!(
            matches!(parsed.invalid[0].1, BadRow::Address(_))
                && parsed.invalid[0]
                    .1
                    .to_string()
                    .contains("not a valid email address"),
            "{:?}",
            parsed.invalid
        );
        assert!(
            matches!(parsed.invalid[1].1, BadRow::Lang(_))
                && parsed.invalid[1]
                    .1
                    .to_string()
                    .contains("is not a language code"),
            "{:?}",
            parsed.invalid
        );
    }

    #[test]
    fn latin1_is_refused_with_its_line() {
        let err = parse(
            Path::new("alt.csv"),
            b"email,name\na@example.org,J\xfcrgen\n",
        )
        .unwrap_err();
        assert!(matches!(err, CsvError::Encoding { line: 2, .. }), "{err}");
        assert!(err.to_string().contains("CSV UTF-8"));
    }

    #[test]
    fn a_file_without_an_email_column_names_its_headers() {
        let err = parse(Path::new("x.csv"), b"Kontakt,Ort\na,b\n").unwrap_err();
        assert!(err.to_string().contains("\"Kontakt\", \"Ort\""), "{err}");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-1+1"), "'-1+1");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("Anna"), "Anna");
        assert_eq!(neutralise("'Anna"), "''Anna");
    }

    /// Issue 11, finding 5: the guard made a re-import of an export create
    /// `'=x@…`; every formula-like start, and a `'` itself, reads back as it
    /// was written, and a foreign `'Anna` stays as it is.
    #[test]
    fn an_export_reads_back_unchanged() {
        for start in ["=", "+", "-", "@", "\t", "\r", "'", "'=", "''", ""] {
            for rest in ["", "x@example.org", "Anna"] {
                let cell = format!("{start}{rest}");
                assert_eq!(unguard(&neutralise(&cell)), cell, "{cell:?}");
            }
        }
        assert_eq!(unguard("'Anna"), "'Anna");
        assert_eq!(unguard("'=1+1"), "=1+1");
    }
}
