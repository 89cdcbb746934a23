//! Mapping files: how one export layout maps onto the canonical model.
//!
//! A mapping (a TOML file in `templates/sources/`) names the file format, encoding and
//! delimiter, the columns or JSON paths of each canonical field, the date formats, how rows
//! group into one record, how multi-value fields split, and which source words mean which
//! canonical kind and role. A region whose export differs gets a new mapping file, not a
//! code change. The README's "Adding a mapping" section documents every key.
//!
//! Field accessors: in a CSV mapping a field is a column name. In a JSON mapping it is a
//! JSON pointer relative to the item (`/parketnummer`), or to its parent item when it starts
//! with `^` (`^/parketnummer`: the zaak a feit belongs to).

use crate::model::{RecordKind, Role};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The file formats a mapping can describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Delimited text with a header row.
    Csv,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// One export layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The layout's name, also the prefix of every record reference (`politie`).
    pub layout: String,
    /// One line for humans.
    pub description: String,
    /// File format.
    pub format: Format,
    /// Text encoding (a WHATWG label: `utf-8`, `windows-1252`). A UTF-8 BOM is always allowed.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// CSV delimiter, one character.
    #[serde(default = "default_delimiter")]
    pub delimiter: char,
    /// How to recognise a file of this layout.
    #[serde(default)]
    pub detect: Detect,
    /// A second CSV file beside the main one that holds the persons (Veilig Thuis
    /// `betrokkenen.csv`).
    #[serde(default)]
    pub persons_file: Option<PersonsFile>,
    /// Record sets: a CSV file has one; a JSON file may have several (zaak, feit, beslissing).
    #[serde(rename = "record")]
    pub records: Vec<RecordSpec>,
    /// Source role words (case-insensitive) to canonical roles.
    #[serde(default)]
    pub roles: BTreeMap<String, Role>,
    /// Source kind words (case-insensitive) to canonical record kinds.
    #[serde(default)]
    pub kinds: BTreeMap<String, RecordKind>,
    /// Columns the layout may lack without the file being refused.
    #[serde(default)]
    pub optional_columns: Vec<String>,
}

fn default_encoding() -> String {
    "utf-8".to_string()
}

fn default_delimiter() -> char {
    ','
}

/// Recognition rules. CSV layouts are recognised by their header (every column the mapping
/// uses must be there); these keys add to that.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detect {
    /// JSON: pointers that must exist (in the document, or in the first line for JSON Lines).
    #[serde(default)]
    pub keys: Vec<String>,
}

/// The persons table of a two-file layout, joined to the records on `key`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonsFile {
    /// File name expected beside the main file.
    pub file_name: String,
    /// The column holding the record id.
    pub key: String,
    /// How one row becomes a person.
    pub person: PersonSpec,
}

/// One set of records in a file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordSpec {
    /// Name for messages (`registratie`, `feit`).
    pub name: String,
    /// JSON: the path of the items, `*` for every element (`/zaken/*/feiten/*`).
    #[serde(default)]
    pub items: Option<String>,
    /// The field holding the source's id.
    pub id: String,
    /// The part of the reference after `<layout>:`. `{id}` is the id, `{n}` the 1-based
    /// position among items with the same id in file order.
    #[serde(default = "default_reference")]
    pub reference: String,
    /// CSV: rows that share an id form one record (one row per person per registration).
    #[serde(default)]
    pub group_rows: bool,
    /// The source's kind word: a field, or a fixed word.
    pub kind: ValueSpec,
    /// A short description; `{field}` placeholders are filled from the item.
    #[serde(default)]
    pub label: Option<String>,
    /// Classification fields kept verbatim (split on `split` when given; JSON arrays are
    /// taken element by element).
    #[serde(default)]
    pub codes: Vec<CodeSpec>,
    /// When the act took place: the first alternative with a value wins.
    #[serde(default)]
    pub act: Vec<TimeSpec>,
    /// When it was registered or received.
    #[serde(default)]
    pub registered: Vec<TimeSpec>,
    /// Free-text fields, joined with a blank line.
    #[serde(default)]
    pub narrative: Vec<String>,
    /// Other fields kept by name, in this order: `[[name, field], ...]`.
    #[serde(default)]
    pub attributes: Vec<(String, String)>,
    /// Explicit references to other records.
    #[serde(default)]
    pub refers_to: Vec<RefSpec>,
    /// Where the persons of a record are.
    #[serde(default)]
    pub persons: Vec<PersonSpec>,
}

fn default_reference() -> String {
    "{id}".to_string()
}

/// A value taken from a field, or a fixed word.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    /// The field to read.
    #[serde(default)]
    pub field: Option<String>,
    /// The word to use when there is no field (or it is empty).
    #[serde(default)]
    pub fixed: Option<String>,
}

/// A classification field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSpec {
    /// The field.
    pub field: String,
    /// Separator for multi-value text (`|`).
    #[serde(default)]
    pub split: Option<String>,
}

/// How to read a time from one or two fields.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSpec {
    /// The date (or date-time) field.
    pub date: String,
    /// A separate clock-time field.
    #[serde(default)]
    pub time: Option<String>,
    /// The end of a period.
    #[serde(default)]
    pub end_date: Option<String>,
    /// The clock time of the end.
    #[serde(default)]
    pub end_time: Option<String>,
    /// Accepted formats, tried in order (chrono `strftime` syntax). The precision follows
    /// from the format: `%H` a moment, `%d` a day, `%m` a month, `%Y` alone a year.
    /// `rfc3339` reads a timestamp with offset and converts it to Amsterdam time.
    pub formats: Vec<String>,
    /// Format of the clock-time fields (default `%H:%M`).
    #[serde(default)]
    pub time_format: Option<String>,
    /// A start without an end means an open period ("sinds 2021"), not a point.
    #[serde(default)]
    pub open_end: bool,
}

/// A reference to another record built from a field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefSpec {
    /// The field holding the other record's id.
    pub field: String,
    /// The full reference with `{value}` for the field's value (`politie:{value}`).
    pub reference: String,
}

/// Where persons are found in an item, and how their fields are named.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    /// `row`: every row of the record (CSV) or the item itself; `object`: the JSON object at
    /// `at`; `list`: every element of the JSON array at `at`; `text_list`: a field holding
    /// `Name (role, year), Name (role)`; `persons_file`: the rows of the persons file.
    pub source: PersonSource,
    /// Pointer or field for `object`, `list` and `text_list`.
    #[serde(default)]
    pub at: Option<String>,
    /// The field with the role word.
    #[serde(default)]
    pub role: Option<String>,
    /// A fixed role word, used when `role` is absent or empty.
    #[serde(default)]
    pub role_word: Option<String>,
    /// One field with the whole name (`Voornaam Achternaam` or `Achternaam, Voornaam`).
    #[serde(default)]
    pub name: Option<String>,
    /// Surname field (may itself hold `Meulen, van der`).
    #[serde(default)]
    pub surname: Option<String>,
    /// Tussenvoegsel field.
    #[serde(default)]
    pub tussenvoegsel: Option<String>,
    /// First names field.
    #[serde(default)]
    pub given_names: Option<String>,
    /// Birth date field.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// Formats for the birth date.
    #[serde(default)]
    pub birth_formats: Vec<String>,
    /// BSN field.
    #[serde(default)]
    pub bsn: Option<String>,
    /// Gender field.
    #[serde(default)]
    pub gender: Option<String>,
    /// Relation-to-suspect field.
    #[serde(default)]
    pub relation: Option<String>,
}

/// See [`PersonSpec::source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonSource {
    /// Each row of the record, or the JSON item itself.
    Row,
    /// A JSON object.
    Object,
    /// A JSON array of objects.
    List,
    /// A text field listing several persons.
    TextList,
    /// The rows of the layout's persons file.
    PersonsFile,
}

impl PersonSpec {
    /// The fields this spec reads from a row.
    fn fields(&self) -> impl Iterator<Item = &String> {
        [
            &self.role,
            &self.name,
            &self.surname,
            &self.tussenvoegsel,
            &self.given_names,
            &self.birth_date,
            &self.bsn,
            &self.gender,
            &self.relation,
        ]
        .into_iter()
        .flatten()
    }
}

impl TimeSpec {
    fn fields(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.date).chain([&self.time, &self.end_date, &self.end_time].into_iter().flatten())
    }
}

impl Mapping {
    /// Parses a mapping file's text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Mapping, MappingError> {
        let error = |problem| MappingError {
            file: origin.to_string(),
            problem,
        };
        let mapping: Mapping = toml::from_str(text).map_err(|e| {
            error(MappingProblem::Toml {
                detail: e.to_string().trim_end().to_string(),
            })
        })?;
        mapping.validate().map_err(error)?;
        Ok(mapping)
    }

    fn validate(&self) -> Result<(), MappingProblem> {
        if self.layout.is_empty()
            || !self
                .layout
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(MappingProblem::LayoutName {
                name: self.layout.clone(),
            });
        }
        if self.records.is_empty() {
            return Err(MappingProblem::NoRecordSection);
        }
        if self.format == Format::Csv && self.records.len() != 1 {
            return Err(MappingProblem::CsvRecordSections);
        }
        if !self.delimiter.is_ascii() || self.delimiter.is_ascii_alphanumeric() || self.delimiter == '"' {
            return Err(MappingProblem::Delimiter {
                delimiter: self.delimiter,
            });
        }
        // The id and the join key are what make a row a record: they cannot be optional.
        let keys = self
            .records
            .iter()
            .map(|r| &r.id)
            .chain(self.persons_file.as_ref().map(|p| &p.key));
        for key in keys {
            if self.optional_columns.contains(key) {
                return Err(MappingProblem::KeyOptional { column: key.clone() });
            }
        }
        if encoding_rs::Encoding::for_label(self.encoding.as_bytes()).is_none() {
            return Err(MappingProblem::Encoding {
                encoding: self.encoding.clone(),
            });
        }
        for spec in &self.records {
            let set = || spec.name.clone();
            if self.format == Format::Json && spec.items.is_none() {
                return Err(MappingProblem::NeedsItems { set: set() });
            }
            if spec.kind.field.is_none() && spec.kind.fixed.is_none() {
                return Err(MappingProblem::KindNeedsField { set: set() });
            }
            for t in spec.act.iter().chain(&spec.registered) {
                if t.formats.is_empty() {
                    return Err(MappingProblem::TimeNeedsFormat { set: set() });
                }
            }
            for p in &spec.persons {
                let needs_at = matches!(
                    p.source,
                    PersonSource::Object | PersonSource::List | PersonSource::TextList
                );
                if needs_at && p.at.is_none() {
                    return Err(MappingProblem::PersonsNeedAt {
                        set: set(),
                        source: crate::model::id_of(&p.source),
                    });
                }
                if p.source == PersonSource::PersonsFile && self.persons_file.is_none() {
                    return Err(MappingProblem::PersonsFileSection);
                }
            }
        }
        Ok(())
    }

    /// Every CSV column of the main file the mapping reads (for header checks and detection).
    pub fn used_columns(&self) -> Vec<String> {
        let mut cols: Vec<String> = Vec::new();
        let mut push = |c: &String| {
            if !cols.contains(c) {
                cols.push(c.clone());
            }
        };
        for spec in &self.records {
            push(&spec.id);
            if let Some(f) = &spec.kind.field {
                push(f);
            }
            spec.codes.iter().for_each(|c| push(&c.field));
            spec.act
                .iter()
                .chain(&spec.registered)
                .flat_map(TimeSpec::fields)
                .for_each(&mut push);
            spec.narrative.iter().for_each(&mut push);
            spec.attributes.iter().for_each(|(_, f)| push(f));
            spec.refers_to.iter().for_each(|r| push(&r.field));
            for p in &spec.persons {
                match p.source {
                    PersonSource::Row => p.fields().for_each(&mut push),
                    PersonSource::TextList => {
                        if let Some(at) = &p.at {
                            push(at)
                        }
                    }
                    _ => {}
                }
            }
        }
        cols
    }

    /// Columns that hold person data in a row-per-person CSV: they may differ between the
    /// rows of one record; every other column must agree.
    pub fn person_columns(&self) -> Vec<String> {
        self.records
            .iter()
            .flat_map(|s| s.persons.iter())
            .filter(|p| p.source == PersonSource::Row)
            .flat_map(|p| p.fields().cloned())
            .collect()
    }

    /// Columns of the persons file the mapping reads.
    pub fn persons_file_columns(&self) -> Vec<String> {
        match &self.persons_file {
            Some(pf) => std::iter::once(pf.key.clone())
                .chain(pf.person.fields().cloned())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The canonical role for a source word (case-insensitive); `None` when unmapped.
    pub fn role_for(&self, word: &str) -> Option<Role> {
        lookup_ci(&self.roles, word)
    }

    /// The canonical kind for a source word (case-insensitive); `None` when unmapped.
    pub fn kind_for(&self, word: &str) -> Option<RecordKind> {
        lookup_ci(&self.kinds, word)
    }
}

fn lookup_ci<T: Copy>(map: &BTreeMap<String, T>, word: &str) -> Option<T> {
    let word = word.trim();
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(word) || k.to_lowercase() == word.to_lowercase())
        .map(|(_, v)| *v)
}

/// The mappings built into the binary: a copy of `templates/sources/*.toml` at build time.
pub const BUILT_IN: [(&str, &str); 6] = [
    (
        "templates/sources/politie.toml",
        include_str!("../../templates/sources/politie.toml"),
    ),
    (
        "templates/sources/veilig-thuis.toml",
        include_str!("../../templates/sources/veilig-thuis.toml"),
    ),
    (
        "templates/sources/om.toml",
        include_str!("../../templates/sources/om.toml"),
    ),
    (
        "templates/sources/reclassering.toml",
        include_str!("../../templates/sources/reclassering.toml"),
    ),
    (
        "templates/sources/gemeente.toml",
        include_str!("../../templates/sources/gemeente.toml"),
    ),
    (
        "templates/sources/jeugdbescherming.toml",
        include_str!("../../templates/sources/jeugdbescherming.toml"),
    ),
];

/// Parses the built-in mappings.
pub fn built_in() -> Result<Vec<Mapping>, MappingError> {
    BUILT_IN
        .iter()
        .map(|(name, text)| Mapping::from_toml(text, name))
        .collect()
}

/// A mapping file that cannot be used: the file, and what is wrong in it.
#[derive(Debug)]
pub struct MappingError {
    /// The file, as the user named it.
    pub file: String,
    /// What is wrong.
    pub problem: MappingProblem,
}

/// What is wrong in a mapping file (worded by the `[mapping]` section of the wording).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingProblem {
    /// Not valid TOML, or an unknown key (the TOML reader's message, with line and column).
    Toml {
        /// The reader's message.
        detail: String,
    },
    /// The layout name has characters other than letters, digits, `-` and `_`.
    LayoutName {
        /// The name.
        name: String,
    },
    /// No `[[record]]` section.
    NoRecordSection,
    /// A CSV mapping with more than one `[[record]]` section.
    CsvRecordSections,
    /// A delimiter that is not one ASCII punctuation or whitespace character.
    Delimiter {
        /// The delimiter.
        delimiter: char,
    },
    /// The record's id column (or the persons file's key) listed as optional.
    KeyOptional {
        /// The column.
        column: String,
    },
    /// An encoding encoding_rs does not know.
    Encoding {
        /// The encoding.
        encoding: String,
    },
    /// A JSON record set without `items`.
    NeedsItems {
        /// The record set.
        set: String,
    },
    /// `kind` without `field` or `fixed`.
    KindNeedsField {
        /// The record set.
        set: String,
    },
    /// A time without formats.
    TimeNeedsFormat {
        /// The record set.
        set: String,
    },
    /// Persons from an object, list or text list without `at`.
    PersonsNeedAt {
        /// The record set.
        set: String,
        /// Where the persons come from.
        source: String,
    },
    /// Persons from the persons file without a `[persons_file]` section.
    PersonsFileSection,
}

crate::error_worded_by_the_command_layer!(MappingError);
