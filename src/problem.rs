//! What ingest found wrong with a file, a row, a record or one field, as a typed fact.
//!
//! Ingest never writes a sentence: it records a [`Problem`] with the values that matter
//! (the field, the value, the line, the layout), and `wording::Wording::problem` turns it
//! into words from the `[problem]` section of `templates/dossier/<lang>.toml`. So a reject
//! reads in the language of `--lang` wherever it appears (`check`, the dossier's chapter on
//! rejects, stderr), and the JSON outputs carry the facts themselves.
//!
//! Each variant's serde tag is its template key; its fields are the template's
//! placeholders. A test checks that every variant has wording in every language.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One problem with an input, worded by the templates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    // --- A file as a whole ---
    /// The whole file is refused, for this cause; none of its records is read.
    FileRefused {
        /// Why.
        cause: Box<Problem>,
    },
    /// The path given does not exist.
    PathMissing,
    /// The operating system could not read the file.
    CannotRead {
        /// The operating system's own message.
        detail: String,
    },
    /// The file holds nothing (no header, no records).
    FileEmpty,
    /// The persons file of a two-file layout is empty; the main file is read without persons.
    PersonsFileEmpty,
    /// Only a header, or an empty list: no records at all (a remark, not a reject).
    NoRecords {
        /// The file.
        file: String,
    },
    /// A CSV file without a header line.
    NoHeader,
    /// Not UTF-8 where the layout expects UTF-8.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        byte: usize,
        /// Its line.
        line: u64,
        /// The layout.
        layout: String,
    },
    /// UTF-8 where the layout expects a legacy encoding.
    Utf8NotExpected {
        /// The layout.
        layout: String,
        /// The encoding it expects.
        encoding: String,
    },
    /// Columns the layout needs are not in the header.
    ColumnsMissing {
        /// The missing columns.
        columns: Vec<String>,
        /// The layout.
        layout: String,
        /// Header columns that look like a missing one.
        similar: Vec<String>,
    },
    /// Columns a persons file needs are not in its header.
    PersonsColumnsMissing {
        /// The missing columns.
        columns: Vec<String>,
        /// Header columns that look like a missing one.
        similar: Vec<String>,
    },
    /// The file is not valid JSON.
    JsonInvalid {
        /// Line of the error.
        line: usize,
        /// Column of the error.
        column: usize,
        /// The file stops in the middle (a cut-off export), rather than holding a wrong character.
        cut_off: bool,
    },
    /// The mapping's JSON path expects a list where the file has something else.
    ListExpected {
        /// The JSON pointer.
        pointer: String,
    },
    /// A file named with `--source` that is not of that layout.
    NotTheGivenLayout {
        /// The layout given.
        layout: String,
        /// Why it is not.
        cause: Box<Problem>,
        /// The layout it does look like, if any.
        looks_like: Option<String>,
    },
    /// `--source` names a layout no mapping has.
    UnknownLayout {
        /// The layout given.
        layout: String,
        /// The layouts there are.
        known: Vec<String>,
    },
    /// The persons file of a two-file layout is missing beside its main file.
    PersonsFileNotFound {
        /// The main file.
        file: String,
        /// The persons file's expected name.
        persons_file: String,
    },
    /// A persons file without the main file of its layout in the same folder.
    PersonsFileWithoutMain {
        /// The layout.
        layout: String,
    },

    // --- Why a file is not recognised ---
    /// Valid JSON without the keys of any known layout.
    JsonOfNoKnownLayout,
    /// A header that matches no known layout.
    HeaderOfNoKnownLayout {
        /// The first line (shortened).
        header: String,
    },

    // --- A row or a record ---
    /// A CSV row the reader could not read at all.
    RowUnreadable {
        /// The CSV reader's own message.
        detail: String,
    },
    /// A quote is opened and never closed.
    QuoteNotClosed,
    /// A row with more or fewer fields than the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
        /// The delimiter.
        delimiter: String,
    },
    /// The record's id field is empty (CSV).
    IdEmpty {
        /// The id column.
        field: String,
    },
    /// The record's id field is missing or empty (JSON).
    IdMissing {
        /// The id field.
        field: String,
        /// What the item is (the mapping's record-set name).
        item: String,
    },
    /// One row of a multi-row record could not be read, so the record is incomplete.
    RowOfRecordUnreadable {
        /// The lines of the unreadable rows.
        lines: Vec<u64>,
    },
    /// The rows of one record disagree on a record-level column.
    RowsDisagree {
        /// The column.
        column: String,
        /// The first row's line.
        first_line: u64,
        /// Its value.
        first_value: String,
        /// The disagreeing row's line.
        other_line: u64,
        /// Its value.
        other_value: String,
    },
    /// A persons row whose record is not in the main file.
    PersonRowWithoutRecord {
        /// The key it names.
        id: String,
        /// The main file.
        file: String,
    },
    /// A JSON Lines line that is not valid JSON.
    JsonLineInvalid {
        /// The line.
        line: u64,
        /// The column.
        column: usize,
    },
    /// An exact copy of a record already read; the first is kept.
    DuplicateCopy {
        /// The reference.
        reference: String,
        /// Where the first copy is (file:line).
        first: String,
    },
    /// One id with different contents; none is kept.
    DuplicateDiffering {
        /// Where each copy is (file:line).
        places: Vec<String>,
    },

    // --- One field ---
    /// A date with the right shape that does not exist (31-02-2024).
    DateImpossible {
        /// The value.
        value: String,
        /// The format it has the shape of (chrono notation).
        format: String,
    },
    /// A date that fits none of the formats.
    DateShape {
        /// The value.
        value: String,
        /// The formats expected (chrono notation).
        formats: Vec<String>,
    },
    /// A year outside the plausible range.
    YearImplausible {
        /// The value.
        value: String,
        /// Its year.
        year: i32,
        /// The earliest plausible year.
        min: i32,
        /// The latest.
        max: i32,
    },
    /// A clock time that does not fit its format.
    TimeShape {
        /// The value.
        value: String,
        /// The format (chrono notation).
        format: String,
    },
    /// A clock time with the right shape that does not exist (25:00).
    TimeImpossible {
        /// The value.
        value: String,
        /// The format (chrono notation).
        format: String,
    },
    /// A clock time given with a date coarser than a day.
    ClockWithoutDay {
        /// The date it came with.
        date: String,
    },
    /// A period whose end lies before its start.
    EndBeforeStart {
        /// The end.
        end: String,
        /// The start.
        start: String,
    },
    /// A birth date after today.
    BirthDateInFuture {
        /// The birth date.
        date: NaiveDate,
        /// The person.
        name: String,
        /// Today, as the run sees it.
        today: NaiveDate,
    },

    // --- Notes on an accepted record ---
    /// A field longer than the limit, cut; the full text stays in the source.
    FieldCut {
        /// The field.
        field: String,
        /// Its length in bytes.
        bytes: usize,
        /// The bytes kept.
        kept: usize,
        /// The file.
        file: String,
        /// The record's location in it.
        at: String,
    },
    /// A record kind the mapping does not list; read as "other".
    KindNotInMapping {
        /// The word.
        word: String,
        /// The layout.
        layout: String,
    },
    /// The kind field is empty.
    KindEmpty,
    /// A role the mapping does not list; read as "other".
    RoleNotInMapping {
        /// The word.
        word: String,
        /// The layout.
        layout: String,
    },
    /// A clock time in the hour skipped when summer time starts.
    ClockSkipped {
        /// The time.
        time: String,
    },
    /// A clock time in the hour that occurs twice when summer time ends.
    ClockRepeated {
        /// The time.
        time: String,
    },
    /// A BSN that fails the eleven test; kept as written.
    BsnInvalid {
        /// The BSN.
        bsn: String,
        /// The person.
        name: String,
    },
}

impl Problem {
    /// The whole file is refused for this cause.
    pub fn refused(cause: Problem) -> Problem {
        Problem::FileRefused { cause: Box::new(cause) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wording::{Lang, Wording};

    /// One of each kind of problem.
    fn one_of_each() -> Vec<Problem> {
        let s = |x: &str| x.to_string();
        let day = NaiveDate::from_ymd_opt(2090, 5, 12).expect("date");
        vec![
            Problem::refused(Problem::FileEmpty),
            Problem::PathMissing,
            Problem::CannotRead {
                detail: s("Permission denied"),
            },
            Problem::FileEmpty,
            Problem::PersonsFileEmpty,
            Problem::NoRecords { file: s("politie.csv") },
            Problem::NoHeader,
            Problem::NotUtf8 {
                byte: 80,
                line: 3,
                layout: s("reclassering"),
            },
            Problem::Utf8NotExpected {
                layout: s("politie"),
                encoding: s("windows-1252"),
            },
            Problem::ColumnsMissing {
                columns: vec![s("Mutatietekst")],
                layout: s("politie"),
                similar: vec![s("Mutatie tekst")],
            },
            Problem::PersonsColumnsMissing {
                columns: vec![s("naam")],
                similar: Vec::new(),
            },
            Problem::JsonInvalid {
                line: 3,
                column: 1,
                cut_off: true,
            },
            Problem::ListExpected { pointer: s("/zaken") },
            Problem::NotTheGivenLayout {
                layout: s("om"),
                cause: Box::new(Problem::JsonOfNoKnownLayout),
                looks_like: Some(s("politie")),
            },
            Problem::UnknownLayout {
                layout: s("polite"),
                known: vec![s("politie"), s("om")],
            },
            Problem::PersonsFileNotFound {
                file: s("meldingen.csv"),
                persons_file: s("betrokkenen.csv"),
            },
            Problem::PersonsFileWithoutMain {
                layout: s("veilig-thuis"),
            },
            Problem::JsonOfNoKnownLayout,
            Problem::HeaderOfNoKnownLayout { header: s("a;b;c") },
            Problem::RowUnreadable { detail: s("I/O") },
            Problem::QuoteNotClosed,
            Problem::FieldCount {
                found: 22,
                expected: 21,
                delimiter: s(";"),
            },
            Problem::IdEmpty {
                field: s("Registratienummer"),
            },
            Problem::IdMissing {
                field: s("parketnummer"),
                item: s("zaak"),
            },
            Problem::RowOfRecordUnreadable { lines: vec![4, 5] },
            Problem::RowsDisagree {
                column: s("Soort"),
                first_line: 2,
                first_value: s("Aangifte"),
                other_line: 3,
                other_value: s("Melding"),
            },
            Problem::PersonRowWithoutRecord {
                id: s("VT-9"),
                file: s("meldingen.csv"),
            },
            Problem::JsonLineInvalid { line: 2, column: 30 },
            Problem::DuplicateCopy {
                reference: s("veilig-thuis:VT-1"),
                first: s("meldingen.csv:2"),
            },
            Problem::DuplicateDiffering {
                places: vec![s("meldingen.csv:4"), s("meldingen.csv:5")],
            },
            Problem::DateImpossible {
                value: s("31-02-2024"),
                format: s("%d-%m-%Y"),
            },
            Problem::DateShape {
                value: s("2024/01/01"),
                formats: vec![s("%Y-%m-%d"), s("%Y-%m")],
            },
            Problem::YearImplausible {
                value: s("01-01-0024"),
                year: 24,
                min: 1900,
                max: 2100,
            },
            Problem::TimeShape {
                value: s("2240"),
                format: s("%H:%M"),
            },
            Problem::TimeImpossible {
                value: s("25:00"),
                format: s("%H:%M"),
            },
            Problem::ClockWithoutDay { date: s("2024-03") },
            Problem::EndBeforeStart {
                end: s("2024-03-01"),
                start: s("2024-03-05"),
            },
            Problem::BirthDateInFuture {
                date: day,
                name: s("Anouk van de Kamp"),
                today: day,
            },
            Problem::FieldCut {
                field: s("Mutatietekst"),
                bytes: 2_000_000,
                kept: 1_000_000,
                file: s("politie.csv"),
                at: s("2"),
            },
            Problem::KindNotInMapping {
                word: s("Zienswijze"),
                layout: s("om"),
            },
            Problem::KindEmpty,
            Problem::RoleNotInMapping {
                word: s("Buurman"),
                layout: s("politie"),
            },
            Problem::ClockSkipped {
                time: s("2024-03-31 02:30"),
            },
            Problem::ClockRepeated {
                time: s("2024-10-27 02:30"),
            },
            Problem::BsnInvalid {
                bsn: s("123456789"),
                name: s("Bram Kamp"),
            },
        ]
    }

    /// The serde tags of all variants, from the schema (so a new variant cannot be missed).
    fn all_kinds() -> Vec<String> {
        let schema = serde_json::to_value(schemars::schema_for!(Problem)).expect("schema");
        let mut kinds = Vec::new();
        for variant in schema["oneOf"].as_array().expect("oneOf") {
            kinds.push(
                variant["properties"]["problem"]["const"]
                    .as_str()
                    .expect("tag")
                    .to_string(),
            );
        }
        kinds.sort();
        kinds
    }

    #[test]
    fn every_problem_is_worded_in_every_language_with_its_values() {
        let examples = one_of_each();
        let mut seen: Vec<String> = examples
            .iter()
            .map(|p| crate::model::id_of_tagged(p, "problem"))
            .collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen, all_kinds(), "one_of_each must hold every kind of problem");
        for lang in [Lang::Nl, Lang::En] {
            let wording = Wording::load(lang, None).expect("wording");
            for problem in &examples {
                let kind = crate::model::id_of_tagged(problem, "problem");
                assert!(
                    wording.lookup("problem", &kind).is_some(),
                    "{lang:?}: no wording for {kind}"
                );
                let text = wording.problem(problem);
                assert!(!text.contains('{') && !text.contains('}'), "{lang:?}: {kind}: {text}");
                assert!(!text.contains('%'), "{lang:?}: a raw date format in {kind}: {text}");
            }
        }
    }

    #[test]
    fn nested_causes_and_date_formats_read_in_the_language() {
        let problem = Problem::refused(Problem::NotTheGivenLayout {
            layout: "om".into(),
            cause: Box::new(Problem::JsonOfNoKnownLayout),
            looks_like: Some("politie".into()),
        });
        let nl = Wording::load(Lang::Nl, None).expect("nl").problem(&problem);
        assert!(nl.starts_with("bestand geweigerd: opgegeven als layout om"), "{nl}");
        assert!(
            nl.contains("JSON zonder de sleutels") && nl.contains("lijkt op layout politie"),
            "{nl}"
        );
        let en = Wording::load(Lang::En, None).expect("en").problem(&problem);
        assert!(en.starts_with("file refused: given as layout om"), "{en}");
        let shape = Problem::DateShape {
            value: "2024/01/01".into(),
            formats: vec!["%d-%m-%Y".into(), "%Y".into()],
        };
        let nl = Wording::load(Lang::Nl, None).expect("nl").problem(&shape);
        assert!(nl.contains("dd-mm-jjjj of jjjj"), "{nl}");
        let en = Wording::load(Lang::En, None).expect("en").problem(&shape);
        assert!(en.contains("dd-mm-yyyy or yyyy"), "{en}");
    }
}
