//! Delimited text into rows with their line numbers, surviving broken rows.
//!
//! A row with the wrong number of fields is set aside with its line and the reason; the
//! rows around it are kept. A quote that is opened and never closed would swallow the rest
//! of the file into one field: when a broken row spans several lines, reading starts again
//! on the line after the one where it began, so only that row is lost.

use crate::problem::Problem;

/// One data row.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line where the row starts (the header is line 1).
    pub line: u64,
    /// The fields, as written (quotes removed).
    pub fields: Vec<String>,
}

/// A row that could not be read.
#[derive(Debug, Clone)]
pub struct BadRow {
    /// 1-based line where the row starts.
    pub line: u64,
    /// The first field, when there was one (often the record id).
    pub first_field: Option<String>,
    /// What was wrong.
    pub problem: Problem,
}

/// A parsed table.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column names, trimmed.
    pub header: Vec<String>,
    /// Good rows in file order.
    pub rows: Vec<Row>,
    /// Broken rows in file order.
    pub bad_rows: Vec<BadRow>,
}

impl Table {
    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Reads the header (first line) only.
pub fn read_header(text: &str, delimiter: u8) -> Option<Vec<String>> {
    let mut reader = builder(delimiter).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => Some(record.iter().map(|f| f.trim().to_string()).collect()),
        _ => None,
    }
}

fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter).has_headers(false).flexible(true);
    b
}

/// Parses `text` (already decoded, BOM removed). `None` when there is no header line.
pub fn read_table(text: &str, delimiter: u8) -> Option<Table> {
    let header = read_header(text, delimiter)?;
    let width = header.len();
    let mut rows = Vec::new();
    let mut bad_rows = Vec::new();
    // Byte offset where the current reader starts.
    let mut offset = 0usize;
    let mut skip_header = true;
    let mut lines = LineCounter::new(text);
    'restart: loop {
        let mut reader = builder(delimiter).from_reader(&text.as_bytes()[offset..]);
        let mut record = csv::StringRecord::new();
        loop {
            let start = reader.position().clone();
            match reader.read_record(&mut record) {
                Ok(false) => break 'restart,
                Ok(true) => {}
                Err(e) => {
                    // Only I/O or UTF-8 errors reach here; the text is valid UTF-8 already.
                    bad_rows.push(BadRow {
                        line: lines.line_at(offset + start.byte() as usize),
                        first_field: None,
                        problem: Problem::RowUnreadable { detail: e.to_string() },
                    });
                    break 'restart;
                }
            }
            // csv counts a CRLF record's start on the line before it; count lines from the
            // byte offset instead, skipping the line break that precedes the record.
            let start_byte = offset + record.position().map(|p| p.byte()).unwrap_or(start.byte()) as usize;
            let line = lines.line_at(start_byte);
            if skip_header {
                skip_header = false;
                continue;
            }
            if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
                continue;
            }
            // A quote opened in the last field and never closed runs to the end of the
            // file: the field count may then look right, but the row is not.
            let runs_to_eof = offset + reader.position().byte() as usize >= text.len()
                && record.iter().next_back().is_some_and(|f| f.contains('\n'))
                && !text.trim_end().ends_with('"');
            if record.len() == width && !runs_to_eof {
                rows.push(Row {
                    line,
                    fields: record.iter().map(str::to_string).collect(),
                });
                continue;
            }
            let spans_lines = runs_to_eof || record.iter().any(|f| f.contains('\n'));
            let first_field = record.get(0).map(|f| f.trim().to_string()).filter(|f| !f.is_empty());
            if spans_lines {
                bad_rows.push(BadRow {
                    line,
                    first_field: first_field.and_then(|f| f.lines().next().map(str::to_string)),
                    problem: Problem::QuoteNotClosed,
                });
                // Start again on the line after the one where this row began.
                let row_start = offset + record.position().map(|p| p.byte() as usize).unwrap_or(0);
                match text[row_start..].find('\n') {
                    Some(nl) => {
                        offset = row_start + nl + 1;
                        continue 'restart;
                    }
                    None => break 'restart,
                }
            }
            bad_rows.push(BadRow {
                line,
                first_field,
                problem: Problem::FieldCount {
                    found: record.len(),
                    expected: width,
                    delimiter: (delimiter as char).to_string(),
                },
            });
        }
    }
    Some(Table { header, rows, bad_rows })
}

/// Line numbers from byte offsets, counted incrementally (offsets only grow).
struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line of the first byte at or after `byte` that is not a line break.
    fn line_at(&mut self, byte: usize) -> u64 {
        let mut target = byte.min(self.bytes.len());
        while target < self.bytes.len() && matches!(self.bytes[target], b'\r' | b'\n') {
            target += 1;
        }
        if target < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.at..target].iter().filter(|b| **b == b'\n').count() as u64;
        self.at = target;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_through_quoted_line_breaks() {
        let t = read_table("a;b\n1;\"x\r\ny\"\n2;z\n", b';').expect("table");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn wrong_field_counts_are_set_aside() {
        let t = read_table("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n", b',').expect("table");
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 5]);
        assert_eq!(t.bad_rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 4]);
    }

    #[test]
    fn an_unterminated_quote_loses_only_its_row() {
        let t = read_table("a,b\n1,\"open\n2,ok\n3,ok\n", b',').expect("table");
        assert_eq!(t.bad_rows.len(), 1);
        assert_eq!(t.bad_rows[0].line, 2);
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 4]);
    }

    #[test]
    fn crlf_lines_are_counted_like_lf_lines() {
        let t = read_table("a;b\r\n1;x\r\n2;y\r\n3;z\r\n", b';').expect("table");
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3, 4]);
    }

    #[test]
    fn empty_text_has_no_table() {
        assert!(read_table("", b',').is_none());
    }
}
