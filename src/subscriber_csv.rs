//! Subscriber lists as CSV: reading the exports other tools write (comma,
//! semicolon or tab; BOM or not; their own header names; Mailchimp's and
//! CleverReach's proof of opt-in) into rows with line numbers, and writing
//! exports that spreadsheet programs open safely (German Excel's too).

use std::io::Write;
use std::path::Path;

use crate::address::{Address, BadAddress, MAX_LEN as MAX_ADDRESS_LEN};
use crate::locale::{Lang, UnknownLang};
use crate::store::{ConsentStep, ImportRow, ImportedConsent, Subscriber, Tool};

pub use crate::name::{BadName, MAX_CHARS as MAX_NAME_CHARS};

/// A file that cannot be read as a subscriber list at all.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    // The reason is part of the message, not a cause of its own: an error
    // printed with its causes would say it twice.
    #[error("{}: {reason}", .path.display())]
    Io {
        path: std::path::PathBuf,
        reason: std::io::Error,
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
            CsvError::Io { path, reason } => format!("{}: {reason}", path.display()),
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
    /// An opt-in or confirmation time of another tool's export.
    #[error("{}", crate::t!("csv-bad-time", column = column.as_str(), value = value.as_str()))]
    Time { column: String, value: String },
    #[error("{}", crate::t!("csv-bad-ip", column = column.as_str(), value = value.as_str()))]
    Ip { column: String, value: String },
    /// The other tool's export says the address left (unsubscribed,
    /// cleaned, deactivated).
    #[error("{}", crate::t!("csv-left", column = column.as_str(), value = value.as_str()))]
    Left { column: String, value: String },
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
    /// The tool whose columns of opt-in proof the header names.
    tool: Option<Tool>,
    /// When the address left the other tool (unsubscribed, cleaned).
    left_time: Option<usize>,
    optin_time: Option<usize>,
    optin_ip: Option<usize>,
    confirm_time: Option<usize>,
    confirm_ip: Option<usize>,
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
        // Mailchimp's audience export.
        "optintime" => "mailchimp-optin-time",
        "optinip" => "mailchimp-optin-ip",
        "confirmtime" => "mailchimp-confirm-time",
        "confirmip" => "mailchimp-confirm-ip",
        // CleverReach's receiver fields, as its API and English export name
        // them, and as its German interface does.
        // Not a bare "angemeldet" or "aktiviert": German lists use those
        // for a yes or no.
        "registered" | "anmeldedatum" | "angemeldetam" | "registriertam" => {
            "cleverreach-optin-time"
        }
        "activated" | "aktiviertam" | "aktivierungsdatum" => "cleverreach-confirm-time",
        "ip" | "ipaddress" | "ipadresse" => "cleverreach-optin-ip",
        // An export of those who left: Mailchimp's unsubscribed and
        // cleaned members, CleverReach's deactivated receivers.
        "unsubtime" | "cleantime" => "mailchimp-left-time",
        "deactivated" | "deaktiviertam" => "cleverreach-left-time",
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

/// What a program writes first to mark a file as UTF-8.
const BOM: &[u8] = b"\xef\xbb\xbf";

/// How much one read of a list takes.
const CHUNK: usize = 64 * 1024;

/// Reads and parses the whole list at `path` into memory. An import
/// streams it instead: see [`open`].
pub fn read(path: &Path, limits: Limits) -> Result<Parsed, CsvError> {
    open(path, limits)?.parse_all()
}

/// Parses the bytes of a CSV file named `path` (for messages).
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Parsed, CsvError> {
    let unlimited = Limits {
        line_bytes: u64::MAX,
        file_bytes: u64::MAX,
    };
    let mut check = Check::new(path, unlimited);
    check.feed(bytes)?;
    let delimiter = check.finish()?;
    List {
        path: path.to_path_buf(),
        delimiter,
        source: Source::Bytes(bytes.to_vec()),
    }
    .parse_all()
}

/// Checks the list at `path` as a whole before any row of it is read: no
/// line and not the whole longer than `limits`, UTF-8, a header line. The
/// file is read in chunks and given up on as soon as a line or the whole
/// passes its limit, so neither a huge line nor an endless file
/// (`/dev/zero`) takes more memory than a chunk; its rows are read later,
/// one at a time, by [`List::rows`]. So a file that cannot be imported is
/// refused before anything of it is written, however large it is.
pub fn open(path: &Path, limits: Limits) -> Result<List, CsvError> {
    use std::io::Read;
    let io = |reason| CsvError::Io {
        path: path.to_path_buf(),
        reason,
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    // A pipe cannot be read a second time: what it gives is kept.
    let regular = file.metadata().map_err(io)?.is_file();
    let mut kept = Vec::new();
    let mut check = Check::new(path, limits);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        };
        check.feed(&chunk[..n])?;
        if !regular {
            kept.extend_from_slice(&chunk[..n]);
        }
    }
    let size = check.size;
    let delimiter = check.finish()?;
    Ok(List {
        path: path.to_path_buf(),
        delimiter,
        source: if regular {
            Source::File(size)
        } else {
            Source::Bytes(kept)
        },
    })
}

/// The checks of [`open`], fed one chunk of the file after the other.
struct Check<'p> {
    path: &'p Path,
    limits: Limits,
    size: u64,
    /// Lines end at LF, CR or CRLF, as the rows' line numbers count them.
    line: u64,
    line_len: u64,
    after_cr: bool,
    /// LFs before the chunk: the line an encoding error names counts
    /// those alone.
    newlines: u64,
    /// The start of a UTF-8 sequence the last chunk ended in.
    partial: Vec<u8>,
    not_utf8: Option<u64>,
    /// The first line that is not blank, which names the delimiter.
    header: Option<Vec<u8>>,
    current: Vec<u8>,
}

impl<'p> Check<'p> {
    fn new(path: &'p Path, limits: Limits) -> Self {
        Check {
            path,
            limits,
            size: 0,
            line: 1,
            line_len: 0,
            after_cr: false,
            newlines: 0,
            partial: Vec::new(),
            not_utf8: None,
            header: None,
            current: Vec::new(),
        }
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<(), CsvError> {
        for &byte in chunk {
            match byte {
                b'\n' if self.after_cr => self.after_cr = false,
                b'\n' | b'\r' => {
                    self.line_ended();
                    self.line += 1;
                    self.line_len = 0;
                    self.after_cr = byte == b'\r';
                }
                _ => {
                    self.after_cr = false;
                    self.line_len += 1;
                    if self.line_len > self.limits.line_bytes {
                        return Err(CsvError::LineTooLong {
                            path: self.path.to_path_buf(),
                            line: self.line,
                            max: self.limits.line_bytes,
                        });
                    }
                    if self.header.is_none() {
                        self.current.push(byte);
                    }
                }
            }
        }
        if self.size + chunk.len() as u64 > self.limits.file_bytes {
            return Err(CsvError::FileTooLarge {
                path: self.path.to_path_buf(),
                max: self.limits.file_bytes,
            });
        }
        self.size += chunk.len() as u64;
        if self.not_utf8.is_none() {
            self.utf8(chunk);
        }
        self.newlines += chunk.iter().filter(|&&b| b == b'\n').count() as u64;
        Ok(())
    }

    fn line_ended(&mut self) {
        if self.header.is_some() {
            return;
        }
        let mut line = std::mem::take(&mut self.current);
        if self.line == 1 && line.starts_with(BOM) {
            line.drain(..BOM.len());
        }
        if !String::from_utf8_lossy(&line).trim().is_empty() {
            self.header = Some(line);
        }
    }

    /// Finds the first byte that is not UTF-8, also in a sequence split
    /// between two chunks.
    fn utf8(&mut self, mut chunk: &[u8]) {
        while !self.partial.is_empty() {
            let Some((&byte, rest)) = chunk.split_first() else {
                return;
            };
            self.partial.push(byte);
            chunk = rest;
            match std::str::from_utf8(&self.partial) {
                Ok(_) => self.partial.clear(),
                Err(e) if e.error_len().is_some() => {
                    self.not_utf8 = Some(self.newlines + 1);
                    return;
                }
                Err(_) => {}
            }
        }
        if let Err(e) = std::str::from_utf8(chunk) {
            let valid = &chunk[..e.valid_up_to()];
            if e.error_len().is_some() {
                let before = valid.iter().filter(|&&b| b == b'\n').count() as u64;
                self.not_utf8 = Some(self.newlines + before + 1);
            } else {
                self.partial = chunk[e.valid_up_to()..].to_vec();
            }
        }
    }

    /// The delimiter, once the whole file passed.
    fn finish(mut self) -> Result<u8, CsvError> {
        if self.not_utf8.is_none() && !self.partial.is_empty() {
            self.not_utf8 = Some(self.newlines + 1);
        }
        if let Some(line) = self.not_utf8 {
            return Err(CsvError::Encoding {
                path: self.path.to_path_buf(),
                line,
            });
        }
        self.line_ended();
        let header = self.header.ok_or_else(|| CsvError::Empty {
            path: self.path.to_path_buf(),
        })?;
        Ok(detect_delimiter(&String::from_utf8_lossy(&header)))
    }
}

/// A list that passed [`open`]'s checks, to be read row by row, as often
/// as needed (`--strict` reads it twice: to check every row, then to
/// import).
pub struct List {
    path: std::path::PathBuf,
    delimiter: u8,
    source: Source,
}

enum Source {
    /// A file, read again for every pass, no further than the bytes checked.
    File(u64),
    /// What a pipe gave, or bytes handed over.
    Bytes(Vec<u8>),
}

/// A data line of a list: a row to import, or the line and why not.
pub type Line = Result<ImportRow, (u64, BadRow)>;

impl List {
    pub fn delimiter(&self) -> char {
        self.delimiter as char
    }

    /// Reads the rows from the start, one at a time.
    pub fn rows(&self) -> Result<Rows<'_>, CsvError> {
        let source: Box<dyn std::io::Read + '_> = match &self.source {
            Source::File(size) => {
                use std::io::Read;
                let file = std::fs::File::open(&self.path).map_err(|reason| CsvError::Io {
                    path: self.path.clone(),
                    reason,
                })?;
                Box::new(file.take(*size))
            }
            Source::Bytes(bytes) => Box::new(bytes.as_slice()),
        };
        // The csv crate ends records at CR, LF and CRLF but counts lines by
        // LF only; line numbers in messages must match what the editor's
        // program shows, so every line end becomes LF first.
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .buffer_capacity(CHUNK)
            .from_reader(Normalized {
                inner: source,
                started: false,
                after_cr: false,
            });
        let path = &self.path;
        let headers = reader.headers().map_err(|e| syntax(path, e))?.clone();
        let columns = Columns::of(&headers);
        let Some(email) = columns.email else {
            return Err(CsvError::NoEmailColumn {
                path: path.clone(),
                found: headers
                    .iter()
                    .map(|h| format!("{h:?}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        };
        Ok(Rows {
            path,
            reader,
            headers,
            columns,
            email,
            record: csv::StringRecord::new(),
            spoken: None,
            failed: false,
        })
    }

    /// Every row at once.
    fn parse_all(&self) -> Result<Parsed, CsvError> {
        let mut parsed = Parsed {
            delimiter: self.delimiter(),
            ..Parsed::default()
        };
        for line in self.rows()? {
            match line? {
                Ok(row) => parsed.rows.push(row),
                Err(invalid) => parsed.invalid.push(invalid),
            }
        }
        Ok(parsed)
    }
}

fn syntax(path: &Path, e: csv::Error) -> CsvError {
    let line = e.position().map_or(0, csv::Position::line);
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(reason) => CsvError::Io {
            path: path.to_path_buf(),
            reason,
        },
        _ => CsvError::Syntax {
            path: path.to_path_buf(),
            line,
            message,
        },
    }
}

/// The rows of a [`List`], in the order of the file.
pub struct Rows<'l> {
    path: &'l Path,
    reader: csv::Reader<Normalized<Box<dyn std::io::Read + 'l>>>,
    headers: csv::StringRecord,
    columns: Columns,
    email: usize,
    record: csv::StringRecord,
    spoken: Option<Vec<Lang>>,
    failed: bool,
}

impl Rows<'_> {
    /// Rows in a language the workspace does not speak become invalid.
    #[must_use]
    pub fn keep_languages(mut self, spoken: &[Lang]) -> Self {
        self.spoken = Some(spoken.to_vec());
        self
    }
}

impl Iterator for Rows<'_> {
    type Item = Result<Line, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(syntax(self.path, e)));
                }
            }
            let record = &self.record;
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
            let header = |index: Option<usize>| {
                index
                    .and_then(|i| self.headers.get(i))
                    .unwrap_or_default()
                    .to_string()
            };
            let parsed = match row(
                line,
                field(Some(self.email)),
                &self.columns,
                &field,
                &header,
            ) {
                Ok(row) => match (&self.spoken, row.lang) {
                    (Some(spoken), Some(lang)) if !spoken.contains(&lang) => Err((
                        row.line,
                        BadRow::Unspoken {
                            lang,
                            spoken: spoken.clone(),
                        },
                    )),
                    _ => Ok(row),
                },
                Err(reason) => Err((line, reason)),
            };
            return Some(Ok(parsed));
        }
    }
}

/// A list's bytes as the csv crate is to read them: without a BOM, every
/// line end (CR, CRLF) an LF.
struct Normalized<R> {
    inner: R,
    started: bool,
    after_cr: bool,
}

impl<R: std::io::Read> std::io::Read for Normalized<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            let mut n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            if !self.started {
                self.started = true;
                while n < BOM.len().min(buf.len()) {
                    match self.inner.read(&mut buf[n..])? {
                        0 => break,
                        more => n += more,
                    }
                }
                if buf[..n].starts_with(BOM) {
                    buf.copy_within(BOM.len()..n, 0);
                    n -= BOM.len();
                }
            }
            let mut kept = 0;
            for i in 0..n {
                let byte = buf[i];
                if self.after_cr && byte == b'\n' {
                    self.after_cr = false;
                    continue;
                }
                self.after_cr = byte == b'\r';
                buf[kept] = if self.after_cr { b'\n' } else { byte };
                kept += 1;
            }
            if kept > 0 {
                return Ok(kept);
            }
        }
    }
}

impl Columns {
    /// What each column of a header means.
    fn of(headers: &csv::StringRecord) -> Columns {
        let mut columns = Columns::default();
        for (index, header) in headers.iter().enumerate() {
            let meaning = column_of(header);
            let slot = match meaning {
                Some("email") => &mut columns.email,
                Some("name") => &mut columns.name,
                Some("first") => &mut columns.first,
                Some("last") => &mut columns.last,
                Some("lang") => &mut columns.lang,
                Some("mailchimp-optin-time" | "cleverreach-optin-time") => &mut columns.optin_time,
                Some("mailchimp-optin-ip" | "cleverreach-optin-ip") => &mut columns.optin_ip,
                Some("mailchimp-confirm-time" | "cleverreach-confirm-time") => {
                    &mut columns.confirm_time
                }
                Some("mailchimp-confirm-ip") => &mut columns.confirm_ip,
                Some("mailchimp-left-time" | "cleverreach-left-time") => &mut columns.left_time,
                _ => continue,
            };
            slot.get_or_insert(index);
            match meaning {
                Some(m) if m.starts_with("mailchimp-") => columns.tool = Some(Tool::Mailchimp),
                Some(m) if m.starts_with("cleverreach-") => {
                    columns.tool.get_or_insert(Tool::CleverReach);
                }
                _ => {}
            }
        }
        // A lone "IP" column proves nothing without a time beside it.
        if columns.optin_time.is_none() && columns.confirm_time.is_none() {
            columns.tool = None;
        }
        columns
    }
}

fn row<'r>(
    line: u64,
    email: Option<&str>,
    columns: &Columns,
    field: &dyn Fn(Option<usize>) -> Option<&'r str>,
    header: &dyn Fn(Option<usize>) -> String,
) -> Result<ImportRow, BadRow> {
    let address = Address::parse(email.unwrap_or_default()).map_err(BadRow::Address)?;
    let mut name_parts = None;
    let name = if let Some(name) = field(columns.name) {
        Some(name.to_string())
    } else {
        let (first, last) = (field(columns.first), field(columns.last));
        if first.is_some() || last.is_some() {
            name_parts = Some((
                first.unwrap_or_default().to_string(),
                last.unwrap_or_default().to_string(),
            ));
        }
        let parts: Vec<&str> = [first, last].into_iter().flatten().collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    if let Some(name) = &name {
        check_name(name)?;
    }
    let lang = match field(columns.lang) {
        Some(code) => Some(code.parse::<Lang>()?),
        None => None,
    };
    // A confirmation long ago proves nothing for someone who left since:
    // such a row is not imported at all, rather than brought back.
    if let Some(value) = field(columns.left_time)
        && parse_time(value).is_ok_and(|at| at.is_some())
    {
        return Err(BadRow::Left {
            column: header(columns.left_time),
            value: value.to_string(),
        });
    }
    let proof = match columns.tool {
        Some(tool) => {
            let step = |time: Option<usize>, ip: Option<usize>| -> Result<_, BadRow> {
                let Some(at) = field(time)
                    .map(|value| {
                        parse_time(value).map_err(|NotATime| BadRow::Time {
                            column: header(time),
                            value: value.to_string(),
                        })
                    })
                    .transpose()?
                    .flatten()
                else {
                    return Ok(None);
                };
                let ip = field(ip)
                    .map(|value| {
                        value.parse().map_err(|_| BadRow::Ip {
                            column: header(ip),
                            value: value.to_string(),
                        })
                    })
                    .transpose()?;
                Ok(Some(ConsentStep { at, ip }))
            };
            let requested = step(columns.optin_time, columns.optin_ip)?;
            let confirmed = step(columns.confirm_time, columns.confirm_ip)?;
            (requested.is_some() || confirmed.is_some()).then_some(ImportedConsent {
                tool,
                requested,
                confirmed,
            })
        }
        None => None,
    };
    Ok(ImportRow {
        line,
        address,
        name,
        name_parts,
        lang,
        proof,
    })
}

/// A time of another tool's export, which they write in UTC: Mailchimp as
/// `2023-04-05 10:11:12`, CleverReach's API as seconds since 1970, and a
/// German spreadsheet as `05.04.2023 10:11`. `None` for the tools' ways of
/// saying "never" (`0`, `0000-00-00 00:00:00`).
fn parse_time(value: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, NotATime> {
    use chrono::NaiveDateTime;
    if value
        .bytes()
        .all(|b| b == b'0' || !b.is_ascii_alphanumeric())
    {
        return Ok(None);
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = value.parse().map_err(|_| NotATime)?;
        return chrono::DateTime::from_timestamp(seconds, 0)
            .map(Some)
            .ok_or(NotATime);
    }
    let formats = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
    ];
    let value = value.trim_end_matches('Z');
    formats
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
        .map(|naive| Some(naive.and_utc()))
        .ok_or(NotATime)
}

/// A text in a time column that is no time.
struct NotATime;

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

/// The header of an export for Excel, as it starts the file.
pub const EXCEL_HEADER: &[u8] =
    b"\xef\xbb\xbfemail;first name;last name;name;language;status;created;confirmed;unsubscribed\r\n";

/// Writes the header of an export that a German Excel opens with a double
/// click: Excel takes a CSV file's delimiter from the system's list
/// separator (`;` in German settings) and reads it as Windows-1252 unless a
/// BOM says UTF-8; CRLF is what it writes itself.
pub fn excel_writer<W: Write>(mut out: W) -> csv::Result<csv::Writer<W>> {
    out.write_all(b"\xef\xbb\xbf")?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record([
        "email",
        "first name",
        "last name",
        "name",
        "language",
        "status",
        "created",
        "confirmed",
        "unsubscribed",
    ])?;
    Ok(writer)
}

/// Writes one subscriber as a row of an export for Excel: first and last
/// name in their own columns when known (`name_parts`), the whole name
/// always; times in the workspace's `zone` as ISO 8601 with their offset
/// (`2026-03-01T10:30:00+01:00`), so the proof of consent reads the same
/// on every machine.
pub fn write_excel_row<W: Write>(
    writer: &mut csv::Writer<W>,
    subscriber: &Subscriber,
    name_parts: Option<&(String, String)>,
    zone: chrono_tz::Tz,
) -> csv::Result<()> {
    let time = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| {
            at.with_timezone(&zone)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        })
        .unwrap_or_default()
    };
    let (first, last) = name_parts.map_or(("", ""), |(f, l)| (f.as_str(), l.as_str()));
    writer.write_record([
        neutralise(&subscriber.address).as_ref(),
        neutralise(first).as_ref(),
        neutralise(last).as_ref(),
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

    fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc()
    }

    #[test]
    fn a_mailchimp_export_keeps_its_opt_in_and_confirmation() {
        let parsed = parse_text(
            "Email Address,First Name,Last Name,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LEID\n\
             anna@example.org,Anna,Schmidt,2023-04-05 10:11:12,203.0.113.7,2023-04-05 10:14:40,2001:db8::1,1\n\
             jan@example.org,Jan,,2022-11-30 08:00:00,,,,2\n",
        );
        assert!(parsed.invalid.is_empty(), "{:?}", parsed.invalid);
        let anna = &parsed.rows[0];
        assert_eq!(
            anna.name_parts,
            Some(("Anna".to_string(), "Schmidt".to_string()))
        );
        assert_eq!(
            anna.proof,
            Some(ImportedConsent {
                tool: Tool::Mailchimp,
                requested: Some(ConsentStep {
                    at: at("2023-04-05 10:11:12"),
                    ip: Some("203.0.113.7".parse().unwrap()),
                }),
                confirmed: Some(ConsentStep {
                    at: at("2023-04-05 10:14:40"),
                    ip: Some("2001:db8::1".parse().unwrap()),
                }),
            })
        );
        let jan = parsed.rows[1].proof.unwrap();
        assert_eq!(jan.requested.unwrap().ip, None);
        assert_eq!(jan.confirmed, None);
    }

    #[test]
    fn a_cleverreach_export_keeps_its_sign_up_and_activation() {
        let parsed = parse_text(
            "email;registered;activated;ip\n\
             a@example.org;1700000000;1700000300;192.0.2.1\n\
             b@example.org;01.02.2024 09:00;0;\n",
        );
        assert!(parsed.invalid.is_empty(), "{:?}", parsed.invalid);
        let a = parsed.rows[0].proof.unwrap();
        assert_eq!(a.tool, Tool::CleverReach);
        assert_eq!(a.requested.unwrap().at.timestamp(), 1_700_000_000);
        assert_eq!(a.requested.unwrap().ip, Some("192.0.2.1".parse().unwrap()));
        assert_eq!(a.confirmed.unwrap().at.timestamp(), 1_700_000_300);
        let b = parsed.rows[1].proof.unwrap();
        assert_eq!(b.requested.unwrap().at, at("2024-02-01 09:00:00"));
        assert_eq!(b.confirmed, None, "0 is CleverReach's never");
    }

    #[test]
    fn who_left_the_other_tool_is_not_imported() {
        let parsed = parse_text(
            "Email Address,OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME\n\
             weg@example.org,2023-01-01 10:00:00,2023-01-01 10:05:00,2024-06-01 12:00:00\n\
             da@example.org,2023-01-01 10:00:00,2023-01-01 10:05:00,\n",
        );
        assert_eq!(parsed.rows.len(), 1);
        assert_eq!(parsed.rows[0].address.to_string(), "da@example.org");
        assert_eq!(parsed.invalid.len(), 1);
        assert_eq!(
            parsed.invalid[0].1.to_string(),
            "UNSUB_TIME: the export says the address left on 2024-06-01 12:00:00; it is not imported"
        );
        let cleverreach = parse_text(
            "email;registered;activated;deactivated\n\
             a@example.org;1700000000;1700000300;1710000000\n\
             b@example.org;1700000000;1700000300;0\n",
        );
        assert_eq!(cleverreach.rows.len(), 1);
        assert_eq!(cleverreach.rows[0].address.to_string(), "b@example.org");
    }

    #[test]
    fn a_list_without_times_carries_no_proof_and_a_bad_time_is_reported() {
        let plain = parse_text("email,ip\na@example.org,192.0.2.1\n");
        assert!(plain.rows[0].proof.is_none());
        assert!(plain.rows[0].name_parts.is_none());
        let bad = parse_text(
            "Email Address,OPTIN_TIME,OPTIN_IP\n\
             a@example.org,gestern,192.0.2.1\n\
             b@example.org,2023-04-05 10:11:12,kein-ip\n",
        );
        let reasons: Vec<(u64, String)> = bad
            .invalid
            .iter()
            .map(|(line, reason)| (*line, reason.to_string()))
            .collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert_eq!(reasons[0].0, 2);
        assert!(
            reasons[0]
                .1
                .starts_with("OPTIN_TIME: \"gestern\" is not a time"),
            "{reasons:?}"
        );
        assert_eq!(
            reasons[1],
            (3, "OPTIN_IP: \"kein-ip\" is not an IP address".to_string())
        );
    }

    #[test]
    fn the_excel_export_starts_with_a_bom_and_uses_semicolons_and_crlf() {
        let mut bytes = Vec::new();
        excel_writer(&mut bytes).unwrap().flush().unwrap();
        assert_eq!(bytes, EXCEL_HEADER);
        assert!(bytes.starts_with(b"\xef\xbb\xbfemail;first name;last name;"));
        assert!(bytes.ends_with(b";unsubscribed\r\n"));
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
