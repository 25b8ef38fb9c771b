//! The CSV exports: `LinkedIn`'s `Connections.csv` and Google Contacts' CSV,
//! told apart by their header.
//!
//! `LinkedIn` writes a few `Notes:` lines before its header (free text that
//! may hold commas and quotes), so the header is looked for among the first
//! lines rather than taken from the first one. Google has written two
//! headers over the years: `First Name,Middle Name,Last Name,…,Organization
//! Name,Organization Title,…,E-mail 1 - Value,…` today, and `Name,Given
//! Name,Additional Name,Family Name,…,Organization 1 - Name,Organization 1 -
//! Title` before; both are read.

use std::borrow::Cow;
use std::collections::HashMap;

use encoding_rs::WINDOWS_1252;

use super::plan::linkedin_key;
use super::{Entry, Format, Problem};

/// How far down the file a header is looked for: `LinkedIn`'s notes take
/// three or four lines.
const HEADER_SEARCH_LINES: usize = 20;

/// Reads a CSV export; errors carry their 1-based line.
pub(super) fn read(bytes: &[u8]) -> Result<(Format, Vec<Entry>), (usize, Problem)> {
    // Exports are UTF-8; a file saved again from a spreadsheet on Windows
    // is in its code page, Windows-1252 in Western Europe.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
    };
    let (header, body) = find_header(&text)?;
    check_quotes(body, header.delimiter)
        .map_err(|line| (header.line + line - 1, Problem::UnterminatedQuote))?;
    let (format, header_line) = (header.format, header.line);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(header.delimiter)
        .from_reader(body.as_bytes());
    let columns = Columns::of(reader.headers().map_err(|e| csv_error(&e, header_line))?);
    let mut lines = LineCounter::new(body.as_bytes(), header_line);
    let mut entries = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(header_line, |p| lines.at(p.byte()));
                return Err((line, csv_problem(&e)));
            }
        };
        let line = record
            .position()
            .map_or(header_line, |p| lines.at(p.byte()));
        let row = Row {
            columns: &columns,
            record: &record,
        };
        let mut entry = match format {
            Format::LinkedIn => linkedin_entry(&row),
            Format::GoogleCsv | Format::VCard => google_entry(&row),
        };
        entry.line = line;
        entries.push(entry);
    }
    Ok((format, entries))
}

/// What the header line tells.
struct Header {
    format: Format,
    /// 1-based.
    line: usize,
    delimiter: u8,
}

/// Spreadsheets save CSV with `;` where the decimal separator is a comma
/// (French Excel), and sometimes with tabs.
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// The header, and the text from its line on.
fn find_header(text: &str) -> Result<(Header, &str), (usize, Problem)> {
    let mut offset = 0;
    let mut first_text_line = None;
    for (index, line) in text
        .split_inclusive('\n')
        .take(HEADER_SEARCH_LINES)
        .enumerate()
    {
        if first_text_line.is_none() && !line.trim().is_empty() {
            first_text_line = Some(index + 1);
        }
        for delimiter in DELIMITERS {
            if let Some(format) = format_of(&header_fields(line, delimiter)) {
                let header = Header {
                    format,
                    line: index + 1,
                    delimiter,
                };
                return Ok((header, &text[offset..]));
            }
        }
        offset += line.len();
    }
    Err((first_text_line.unwrap_or(1), Problem::UnknownFormat))
}

/// One line read as a CSV record, its fields trimmed: a header line.
fn header_fields(line: &str, delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|f| f.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
}

fn format_of(fields: &[String]) -> Option<Format> {
    let has = |name: &str| fields.iter().any(|f| f == name);
    // Older LinkedIn exports have no `URL` column; Google's have no
    // `Connected On`.
    if has("First Name") && has("Last Name") && has("Connected On") {
        Some(Format::LinkedIn)
    } else if (has("First Name") && has("Middle Name") && has("Last Name"))
        || (has("Given Name") && has("Family Name"))
        || has("E-mail 1 - Value")
    {
        Some(Format::GoogleCsv)
    } else {
        None
    }
}

/// Finds a quoted field that never closes, which the CSV reader would
/// silently run to the end of the file. Returns its 1-based line in
/// `text`. Follows the reader's own rule: a quote opens a field only at its
/// start, and `""` inside one is a quote.
fn check_quotes(text: &str, delimiter: u8) -> Result<(), usize> {
    #[derive(PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let delimiter = char::from(delimiter);
    let (mut state, mut line, mut opened_at) = (State::FieldStart, 1, 1);
    for c in text.chars() {
        state = match (state, c) {
            (State::FieldStart, '"') => {
                opened_at = line;
                State::Quoted
            }
            (State::Quoted, '"') => State::QuoteInQuoted,
            (State::QuoteInQuoted, '"') | (State::Quoted, _) => State::Quoted,
            (_, '\n' | '\r') => State::FieldStart,
            (_, c) if c == delimiter => State::FieldStart,
            (_, _) => State::Unquoted,
        };
        if c == '\n' {
            line += 1;
        }
    }
    if state == State::Quoted {
        Err(opened_at)
    } else {
        Ok(())
    }
}

fn csv_problem(error: &csv::Error) -> Problem {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Problem::FieldCount {
            expected: usize::try_from(*expected_len).unwrap_or(usize::MAX),
            found: usize::try_from(*len).unwrap_or(usize::MAX),
        },
        _ => Problem::Csv(error.to_string()),
    }
}

fn csv_error(error: &csv::Error, line: usize) -> (usize, Problem) {
    (line, csv_problem(error))
}

/// The lines of byte offsets, counted from the last one asked (the
/// records come in order). The CSV reader's own line numbers drift on
/// `\r\n` files, a line a record.
struct LineCounter<'a> {
    text: &'a [u8],
    first_line: usize,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    /// Counts from `first_line`, the line of `text`'s first byte.
    fn new(text: &'a [u8], first_line: usize) -> LineCounter<'a> {
        LineCounter {
            text,
            first_line,
            offset: 0,
            line: first_line,
        }
    }

    fn at(&mut self, byte: u64) -> usize {
        let mut byte = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        // After a `\r`, the reader starts the next record at the `\n`; a
        // record never starts with a line break, so the line is the next.
        while matches!(self.text.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        if byte < self.offset {
            (self.offset, self.line) = (0, self.first_line);
        }
        let newlines = self.text[self.offset..byte].iter().filter(|&&b| b == b'\n');
        self.line += newlines.count();
        self.offset = byte;
        self.line
    }
}

/// Where each column of the header is.
struct Columns(HashMap<String, usize>);

impl Columns {
    fn of(header: &csv::StringRecord) -> Columns {
        let mut columns = HashMap::new();
        for (index, name) in header.iter().enumerate() {
            columns.entry(name.trim().to_owned()).or_insert(index);
        }
        Columns(columns)
    }
}

/// A row, read by column name.
struct Row<'a> {
    columns: &'a Columns,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed field of `column`, when the header has it and it is not
    /// empty.
    fn get(&self, column: &str) -> Option<String> {
        let index = *self.columns.0.get(column)?;
        let value = self.record.get(index)?.trim();
        (!value.is_empty()).then(|| value.to_owned())
    }

    /// The first value of the first non-empty numbered column
    /// (`E-mail 1 - Value`, `E-mail 2 - Value`, …): Google writes several
    /// values of one field in one cell, separated by ` ::: `.
    fn first_numbered(&self, prefix: &str) -> Option<String> {
        (1..=9)
            .filter_map(|n| self.get(&format!("{prefix} {n} - Value")))
            .flat_map(|cell| {
                cell.split(":::")
                    .map(|v| v.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .find(|v| !v.is_empty())
    }

    /// The first `LinkedIn` URL among the numbered website columns.
    fn linkedin_website(&self) -> Option<String> {
        (1..=9)
            .filter_map(|n| self.get(&format!("Website {n} - Value")))
            .flat_map(|cell| {
                cell.split(":::")
                    .map(|v| v.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .find(|v| linkedin_key(v).is_some())
    }

    /// The non-empty columns of `names`, joined by spaces.
    fn joined(&self, names: &[&str]) -> Option<String> {
        let parts: Vec<String> = names.iter().filter_map(|n| self.get(n)).collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

fn linkedin_entry(row: &Row) -> Entry {
    Entry {
        name: row.joined(&["First Name", "Last Name"]).unwrap_or_default(),
        email: row.get("Email Address"),
        company: row.get("Company"),
        role: row.get("Position"),
        linkedin: row.get("URL"),
        phone: None,
        line: 0,
    }
}

fn google_entry(row: &Row) -> Entry {
    let name = row
        .get("Name")
        .or_else(|| row.joined(&["First Name", "Middle Name", "Last Name"]))
        .or_else(|| row.joined(&["Given Name", "Additional Name", "Family Name"]))
        .or_else(|| row.get("Nickname"))
        .unwrap_or_default();
    Entry {
        name,
        email: row.first_numbered("E-mail"),
        company: row
            .get("Organization Name")
            .or_else(|| row.get("Organization 1 - Name")),
        role: row
            .get("Organization Title")
            .or_else(|| row.get("Organization 1 - Title")),
        linkedin: row.linkedin_website(),
        phone: row.first_numbered("Phone"),
        line: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_quote_is_found_on_its_line() {
        assert_eq!(check_quotes("a,b\n\"x\"\"y\",c\n", b','), Ok(()));
        assert_eq!(check_quotes("a,b\nc,\"d\ne,f\n", b','), Err(2));
        assert_eq!(check_quotes("a;b\nc;\"d\ne;f\n", b';'), Err(2));
        assert_eq!(check_quotes("a;b\nc,\"d\ne;f\n", b';'), Ok(()));
        // A quote inside an unquoted field is a character, as the reader has it.
        assert_eq!(check_quotes("a,b\"c\nd,e\n", b','), Ok(()));
    }
}
