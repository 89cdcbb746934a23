//! Hostile text, made harmless where it is shown — never changed where it is stored.
//!
//! Source fields are kept as the data they are (after Unicode NFC and the size limit).
//! Only when text is shown do we neutralise what could mislead or attack the reader:
//! control characters (NUL, ANSI escapes), bidirectional overrides that reorder what a
//! reader sees, and spreadsheet formulas (`=HYPERLINK(`, `+`, `-`, `@`) in CSV cells.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The largest field kept whole, in bytes (1 MiB). A longer field is cut at a character
/// boundary and the record carries a note naming the original size and where to find it.
pub const MAX_FIELD_BYTES: usize = 1024 * 1024;

/// Normalises a source field for storage: Unicode NFC (so `E\u{308}` equals `Ë`) and the
/// size limit. Returns the text and, when it was cut, the original length in bytes.
pub fn store_field(raw: &str) -> (String, Option<usize>) {
    let (kept, cut) = if raw.len() > MAX_FIELD_BYTES {
        (&raw[..floor_char_boundary(raw, MAX_FIELD_BYTES)], Some(raw.len()))
    } else {
        (raw, None)
    };
    let already_nfc = kept.is_ascii() || is_nfc_quick(kept.chars()) == IsNormalized::Yes;
    let normalised = if already_nfc {
        kept.to_string()
    } else {
        kept.nfc().collect()
    };
    (normalised, cut)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// True for characters that reorder text for the reader (bidi embeddings, overrides and
/// isolates) or are invisible format characters that could hide content.
pub fn is_bidi_or_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Text safe to print on a terminal: control and bidi characters become visible escapes
/// (`\u{0}`, `\u{202E}`), line breaks become ` / ` so one record stays on one line.
pub fn for_terminal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_was_break = false;
    for c in s.chars() {
        if c == '\n' || c == '\r' {
            if !last_was_break {
                out.push_str(" / ");
            }
            last_was_break = true;
            continue;
        }
        last_was_break = false;
        if c == '\t' {
            out.push(' ');
        } else if c.is_control() || is_bidi_or_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A CSV cell that a spreadsheet will not execute: a cell starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading apostrophe (OWASP's advice), and control and bidi
/// characters are escaped as on the terminal.
pub fn for_csv_cell(s: &str) -> String {
    let shown = for_terminal(s);
    match shown.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{shown}"),
        _ => shown,
    }
}

/// The first `max_chars` characters of `s` for display, with `…` when cut.
pub fn first_chars(s: &str, max_chars: usize) -> String {
    let mut chars = s.chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_controls_and_bidi() {
        assert_eq!(for_terminal("a\u{0}b\u{1b}[31mc"), "a\\u{0}b\\u{1b}[31mc");
        assert_eq!(for_terminal("x\u{202E}cba"), "x\\u{202e}cba");
        assert_eq!(for_terminal("een\r\ntwee"), "een / twee");
    }

    #[test]
    fn csv_cells_do_not_start_formulas() {
        assert_eq!(for_csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(for_csv_cell("+31"), "'+31");
        assert_eq!(for_csv_cell("@SUM"), "'@SUM");
        assert_eq!(for_csv_cell("-1"), "'-1");
        assert_eq!(for_csv_cell("gewoon"), "gewoon");
    }

    #[test]
    fn store_field_cuts_at_a_char_boundary_and_normalises() {
        let big = "é".repeat(MAX_FIELD_BYTES);
        let (kept, cut) = store_field(&big);
        assert_eq!(cut, Some(big.len()));
        assert!(kept.len() <= MAX_FIELD_BYTES);
        assert_eq!(store_field("E\u{308}lise").0, "Ëlise");
    }
}
