//! The wording of everything a reader sees, from `templates/dossier/<lang>.toml`: the
//! dossier's headings and sentences with `{placeholders}`, labels for categories,
//! patterns, red flags, gaps, natures and legal articles, and what the terminal commands
//! say about persons. Domain experts edit these files; nothing here is Rust. The stages
//! hand over facts (enums, counts, dates); this layer alone turns them into words.

use crate::templates::TemplateError;
use std::collections::BTreeMap;
use std::path::Path;

/// The languages the dossier is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// Dutch (the default: the dossier is for the OM).
    Nl,
    /// English, for reviewers who do not read Dutch.
    En,
}

impl Lang {
    fn file(self) -> &'static str {
        match self {
            Lang::Nl => "nl.toml",
            Lang::En => "en.toml",
        }
    }
    fn built_in(self) -> &'static str {
        match self {
            Lang::Nl => include_str!("../templates/dossier/nl.toml"),
            Lang::En => include_str!("../templates/dossier/en.toml"),
        }
    }
}

/// The loaded wording: section → key → text (lists of paragraphs joined by newlines).
#[derive(Debug, Clone)]
pub struct Wording {
    sections: BTreeMap<String, BTreeMap<String, String>>,
}

impl Wording {
    /// The wording compiled into the binary, or `DIR/dossier/<lang>.toml` when `templates`
    /// names a folder.
    pub fn load(lang: Lang, templates: Option<&Path>) -> Result<Wording, TemplateError> {
        match templates {
            Some(dir) => {
                let name = format!("dossier/{}", lang.file());
                Wording::parse(&crate::templates::read(dir, &name)?)
                    .map_err(|e| TemplateError::invalid(dir.join(&name).display().to_string(), e))
            }
            None => Wording::parse(lang.built_in())
                .map_err(|e| TemplateError::invalid(format!("templates/dossier/{}", lang.file()), e)),
        }
    }

    /// Parses one wording file.
    pub fn parse(text: &str) -> Result<Wording, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut sections = BTreeMap::new();
        for (name, value) in table {
            let Some(entries) = value.as_table() else { continue };
            let mut map = BTreeMap::new();
            for (key, v) in entries {
                let text = match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Array(list) => list.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>().join("\n"),
                    other => return Err(format!("[{name}] {key}: expected text, found {}", other.type_str())),
                };
                map.insert(key.clone(), text);
            }
            sections.insert(name, map);
        }
        if !sections.contains_key("text") {
            return Err("no [text] section".into());
        }
        Ok(Wording { sections })
    }

    /// Every `section.key` the file defines (to check that two languages match).
    pub fn keys(&self) -> Vec<String> {
        self.sections
            .iter()
            .flat_map(|(s, m)| m.keys().map(move |k| format!("{s}.{k}")))
            .collect()
    }

    /// The text of `section.key`, or the key itself when the file lacks it (so that a
    /// missing label shows up as an id in the dossier instead of vanishing).
    pub fn get(&self, section: &str, key: &str) -> String {
        self.lookup(section, key).unwrap_or_else(|| key.to_string())
    }

    /// The text of `section.key`, if the file has it.
    pub fn lookup(&self, section: &str, key: &str) -> Option<String> {
        self.sections.get(section).and_then(|m| m.get(key)).cloned()
    }

    /// A `[text]` entry.
    pub fn text(&self, key: &str) -> String {
        self.get("text", key)
    }

    /// A `[text]` entry with its `{placeholders}` filled.
    pub fn fill(&self, key: &str, values: &[(&str, String)]) -> String {
        fill(&self.text(key), values)
    }
}

/// Replaces `{name}` by its value.
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

impl Wording {
    /// What two mentions of a person agreed or differed on, in words.
    pub fn name_evidence(&self, evidence: &crate::resolve::persons::NameEvidence) -> String {
        use crate::resolve::persons::NameEvidence as E;
        let key = crate::model::id_of_tagged(evidence, "field");
        let values: Vec<(&str, String)> = match evidence {
            E::Surname { surnames } => vec![("surnames", surnames.join("/"))],
            E::Initials { a, b } | E::Spelling { a, b } => vec![("a", a.clone()), ("b", b.clone())],
            E::BirthDate { day } => vec![("day", day.to_string())],
            E::BirthDateTypo { a, b } => vec![("a", a.to_string()), ("b", b.to_string())],
            E::Bsn { bsn } => vec![("bsn", bsn.clone())],
            E::SharedPersons { count } => vec![("count", count.to_string())],
            E::GivenName | E::GivenNameMissing | E::GivenNamesDiffer | E::BirthDateMissing => Vec::new(),
        };
        fill(&self.get("name_evidence", &key), &values)
    }

    /// Why two mentions were kept apart, in words.
    pub fn kept_apart(&self, why: &crate::resolve::persons::KeptApart) -> String {
        use crate::resolve::persons::KeptApart as K;
        let key = crate::model::id_of_tagged(why, "why");
        let set = |s: &std::collections::BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
        let values: Vec<(&str, String)> = match why {
            K::Bsn { a, b } => vec![("a", set(a)), ("b", set(b))],
            K::GivenNames { a, b } => vec![("a", a.clone()), ("b", b.clone())],
            K::BirthDate { a, b } => vec![("a", a.to_string()), ("b", b.to_string())],
            K::Ambiguous { candidates } => vec![("n", candidates.to_string())],
            K::Judged | K::SameRecord | K::Gender | K::TypoWithoutContext | K::NameWithoutContext => Vec::new(),
        };
        fill(&self.get("kept_apart", &key), &values)
    }
}

impl Wording {
    /// A problem ingest found, in words (`[problem]` section; nested causes included).
    pub fn problem(&self, problem: &crate::problem::Problem) -> String {
        use crate::problem::Problem as P;
        let key = crate::model::id_of_tagged(problem, "problem");
        let quoted = |items: &[String]| items.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
        let optional = |key: &str, name: &str, value: Option<String>| match value {
            Some(v) => fill(&self.get("problem", key), &[(name, v)]),
            None => String::new(),
        };
        let values: Vec<(&str, String)> = match problem {
            P::FileRefused { cause } => vec![("cause", self.problem(cause))],
            P::CannotRead { detail } | P::RowUnreadable { detail } => vec![("detail", detail.clone())],
            P::NoRecords { file } => vec![("file", file.clone())],
            P::NotUtf8 { byte, line, layout } => vec![
                ("byte", byte.to_string()),
                ("line", line.to_string()),
                ("layout", layout.clone()),
            ],
            P::Utf8NotExpected { layout, encoding } => vec![("layout", layout.clone()), ("encoding", encoding.clone())],
            P::ColumnsMissing {
                columns,
                layout,
                similar,
            } => vec![
                ("columns", quoted(columns)),
                ("layout", layout.clone()),
                (
                    "similar",
                    optional("similar", "columns", (!similar.is_empty()).then(|| quoted(similar))),
                ),
            ],
            P::PersonsColumnsMissing { columns, similar } => vec![
                ("columns", quoted(columns)),
                (
                    "similar",
                    optional("similar", "columns", (!similar.is_empty()).then(|| quoted(similar))),
                ),
            ],
            P::JsonInvalid { line, column, cut_off } => vec![
                ("line", line.to_string()),
                ("column", column.to_string()),
                (
                    "how",
                    self.get(
                        "problem",
                        if *cut_off {
                            "json_cut_off"
                        } else {
                            "json_wrong_character"
                        },
                    ),
                ),
            ],
            P::ListExpected { pointer } => vec![("pointer", pointer.clone())],
            P::NotTheGivenLayout {
                layout,
                cause,
                looks_like,
            } => vec![
                ("layout", layout.clone()),
                ("cause", self.problem(cause)),
                ("looks_like", optional("looks_like", "layout", looks_like.clone())),
            ],
            P::UnknownLayout { layout, known } => vec![("layout", layout.clone()), ("known", known.join(", "))],
            P::PersonsFileNotFound { file, persons_file } => {
                vec![("file", file.clone()), ("persons_file", persons_file.clone())]
            }
            P::PersonsFileWithoutMain { layout } => vec![("layout", layout.clone())],
            P::HeaderOfNoKnownLayout { header } => vec![("header", header.clone())],
            P::FieldCount {
                found,
                expected,
                delimiter,
            } => vec![
                ("found", found.to_string()),
                ("expected", expected.to_string()),
                ("delimiter", delimiter.clone()),
            ],
            P::IdEmpty { field } => vec![("field", field.clone())],
            P::IdMissing { field, item } => vec![("field", field.clone()), ("item", item.clone())],
            P::RowOfRecordUnreadable { lines } => {
                vec![("lines", lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))]
            }
            P::RowsDisagree {
                column,
                first_line,
                first_value,
                other_line,
                other_value,
            } => vec![
                ("column", column.clone()),
                ("first_line", first_line.to_string()),
                ("first_value", first_value.clone()),
                ("other_line", other_line.to_string()),
                ("other_value", other_value.clone()),
            ],
            P::PersonRowWithoutRecord { id, file } => vec![("id", id.clone()), ("file", file.clone())],
            P::JsonLineInvalid { line, column } => vec![("line", line.to_string()), ("column", column.to_string())],
            P::DuplicateCopy { reference, first } => vec![("reference", reference.clone()), ("first", first.clone())],
            P::DuplicateDiffering { places } => vec![("places", places.join("; "))],
            P::DateImpossible { value, format }
            | P::TimeShape { value, format }
            | P::TimeImpossible { value, format } => {
                vec![("value", value.clone()), ("format", self.date_format(format))]
            }
            P::DateShape { value, formats } => {
                let formats: Vec<String> = formats.iter().map(|f| self.date_format(f)).collect();
                vec![
                    ("value", value.clone()),
                    ("formats", formats.join(&self.get("problem", "or"))),
                ]
            }
            P::YearImplausible { value, year, min, max } => vec![
                ("value", value.clone()),
                ("year", year.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ],
            P::ClockWithoutDay { date } => vec![("date", date.clone())],
            P::EndBeforeStart { end, start } => vec![("end", end.clone()), ("start", start.clone())],
            P::BirthDateInFuture { date, name, today } => vec![
                ("date", date.to_string()),
                ("name", name.clone()),
                ("today", today.to_string()),
            ],
            P::FieldCut {
                field,
                bytes,
                kept,
                file,
                at,
            } => vec![
                ("field", field.clone()),
                ("bytes", bytes.to_string()),
                ("kept", kept.to_string()),
                ("file", file.clone()),
                ("at", at.clone()),
            ],
            P::KindNotInMapping { word, layout } | P::RoleNotInMapping { word, layout } => {
                vec![("word", word.clone()), ("layout", layout.clone())]
            }
            P::ClockSkipped { time } | P::ClockRepeated { time } => vec![("time", time.clone())],
            P::BsnInvalid { bsn, name } => vec![("bsn", bsn.clone()), ("name", name.clone())],
            P::PathMissing
            | P::FileEmpty
            | P::PersonsFileEmpty
            | P::NoHeader
            | P::JsonOfNoKnownLayout
            | P::QuoteNotClosed
            | P::KindEmpty => Vec::new(),
        };
        fill(&self.get("problem", &key), &values)
    }

    /// A chrono date format as a reader writes it: `%d-%m-%Y` as `dd-mm-jjjj` in Dutch,
    /// `dd-mm-yyyy` in English (the letters come from `[problem] date_letters`).
    pub fn date_format(&self, format: &str) -> String {
        let letters = self.get("problem", "date_letters");
        let letter = |i: usize, default: &str| {
            letters
                .split_whitespace()
                .nth(i)
                .map(str::to_string)
                .unwrap_or_else(|| default.to_string())
        };
        let format = if format == "rfc3339" {
            "%Y-%m-%dT%H:%M:%S+01:00"
        } else {
            format
        };
        format
            .replace("%Y", &letter(0, "yyyy"))
            .replace("%m", &letter(1, "mm"))
            .replace("%d", &letter(2, "dd"))
            .replace("%H", &letter(3, "hh"))
            .replace("%M", &letter(4, "mm"))
            .replace("%S", &letter(5, "ss"))
    }
}
