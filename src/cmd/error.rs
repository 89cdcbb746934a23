//! The one place where a command's failure becomes what the user reads and the exit code:
//! each stage reports its own typed error, and `main` words it here, in the language of
//! `--lang`, from the `[error]` section of `templates/dossier/<lang>.toml`.

use crate::coding::{CodingError, CodingProblem};
use crate::dossier::DossierError;
use crate::ingest::mapping::{MappingError, MappingProblem};
use crate::resolve::overrides::OverridesError;
use crate::templates::TemplateError;
use crate::wording::{fill, Lang, Wording};
use std::process::ExitCode;

/// Why a command could not run.
#[derive(Debug)]
pub enum CommandError {
    /// A templates file (rules, lexicon, wording) is missing or wrong.
    Templates(TemplateError),
    /// A mapping file is missing or wrong.
    Mapping(MappingError),
    /// The dossier could not be written (no such case, a rendering failure).
    Dossier(DossierError),
    /// An investigators' overrides file is wrong.
    Overrides(OverridesError),
    /// An investigators' coding file is wrong.
    Coding(CodingError),
    /// No input was given.
    NoInput,
    /// `--source` without `LAYOUT=PATH`.
    SourceSyntax {
        /// What was given.
        given: String,
    },
    /// A file the user named (overrides, codings, a mapping, a truth file) cannot be read.
    CannotRead {
        /// The file.
        path: String,
        /// The operating system's message.
        detail: String,
    },
    /// Standard input cannot be read.
    CannotReadStdin {
        /// The operating system's message.
        detail: String,
    },
    /// An output file cannot be written.
    CannotWrite {
        /// The file.
        path: String,
        /// The operating system's message.
        detail: String,
    },
    /// Standard output cannot be written.
    CannotWriteStdout {
        /// The operating system's message.
        detail: String,
    },
    /// `dossier` without `--out` or `--json`.
    DossierNeedsOutput,
    /// `--out -` and `--json -` together.
    BothToStdout,
    /// A file that should be JSON is not.
    NotJson {
        /// The file.
        path: String,
        /// The JSON reader's message.
        detail: String,
    },
    /// `graph --case`: the case has no timeline in the graph.
    NoTimeline {
        /// What was given.
        given: String,
        /// The case.
        case: String,
    },
    /// A message of the developers' tools (`classify --score`, `review --score`,
    /// `patroon-lab generate` and `evaluate`), which speak Dutch only.
    Lab {
        /// The message.
        message: String,
    },
    /// A fault in patroon itself (a value that could not be written as JSON).
    Internal {
        /// What failed.
        detail: String,
    },
}

impl CommandError {
    /// The exit code: 2, the command could not run (1 is for rejected records, see `check`).
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(2)
    }

    /// What the user reads, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match Wording::load(lang, None) {
            Ok(w) => self.worded(&w),
            Err(e) => format!("{e:?}"),
        }
    }

    /// What the user reads, worded by `w`.
    pub fn worded(&self, w: &Wording) -> String {
        let e = |key: &str, values: &[(&str, String)]| fill(&w.get("error", key), values);
        match self {
            CommandError::Templates(t) => template_error(w, t),
            CommandError::Mapping(m) => mapping_error(w, m),
            CommandError::Dossier(d) => match d {
                DossierError::NoCase => w.text("error_no_case"),
                DossierError::UnknownCase { given, cases } => w.fill(
                    "error_unknown_case",
                    &[("given", given.clone()), ("cases", cases.join(", "))],
                ),
                DossierError::AmbiguousCase { given, cases } => w.fill(
                    "error_ambiguous_case",
                    &[
                        ("given", given.clone()),
                        ("n", cases.len().to_string()),
                        ("cases", cases.join(", ")),
                    ],
                ),
                DossierError::Wording(t) => template_error(w, t),
                DossierError::Pdf(detail) => e("pdf", &[("detail", detail.clone())]),
            },
            CommandError::Overrides(o) => match o {
                OverridesError::Syntax { file, message } => e(
                    "overrides_syntax",
                    &[("file", file.clone()), ("detail", message.clone())],
                ),
                OverridesError::NotAMentionKey { file, number, key } => e(
                    "overrides_not_a_mention_key",
                    &[
                        ("file", file.clone()),
                        ("number", number.to_string()),
                        ("key", key.clone()),
                    ],
                ),
                OverridesError::Unsigned { file, number } => e(
                    "overrides_unsigned",
                    &[("file", file.clone()), ("number", number.to_string())],
                ),
            },
            CommandError::Coding(c) => match c {
                CodingError::Syntax { file, message } => {
                    e("coding_syntax", &[("file", file.clone()), ("detail", message.clone())])
                }
                CodingError::Coding { file, line, problem } => e(
                    "coding",
                    &[
                        ("file", file.clone()),
                        ("line", line.to_string()),
                        ("problem", coding_problem(w, problem)),
                    ],
                ),
            },
            CommandError::NoInput => e("no_input", &[]),
            CommandError::SourceSyntax { given } => e("source_syntax", &[("given", given.clone())]),
            CommandError::CannotRead { path, detail } => {
                e("cannot_read", &[("path", path.clone()), ("detail", detail.clone())])
            }
            CommandError::CannotReadStdin { detail } => e("cannot_read_stdin", &[("detail", detail.clone())]),
            CommandError::CannotWrite { path, detail } => {
                e("cannot_write", &[("path", path.clone()), ("detail", detail.clone())])
            }
            CommandError::CannotWriteStdout { detail } => e("cannot_write_stdout", &[("detail", detail.clone())]),
            CommandError::DossierNeedsOutput => e("dossier_needs_output", &[]),
            CommandError::BothToStdout => e("both_to_stdout", &[]),
            CommandError::NotJson { path, detail } => {
                e("not_json", &[("path", path.clone()), ("detail", detail.clone())])
            }
            CommandError::NoTimeline { given, case } => {
                e("no_timeline", &[("given", given.clone()), ("case", case.clone())])
            }
            CommandError::Lab { message } => message.clone(),
            CommandError::Internal { detail } => e("internal", &[("detail", detail.clone())]),
        }
    }

    /// A developers' tool's message.
    pub fn lab(message: String) -> CommandError {
        CommandError::Lab { message }
    }

    /// A file the user named cannot be read.
    pub fn cannot_read(path: &std::path::Path, error: std::io::Error) -> CommandError {
        CommandError::CannotRead {
            path: path.display().to_string(),
            detail: error.to_string(),
        }
    }

    /// A value could not be written as JSON (a fault in patroon, not in the input).
    pub fn json(error: serde_json::Error) -> CommandError {
        CommandError::Internal {
            detail: error.to_string(),
        }
    }
}

fn template_error(w: &Wording, error: &TemplateError) -> String {
    let e = |key: &str, values: &[(&str, String)]| fill(&w.get("error", key), values);
    match error {
        TemplateError::Read { path, source } => e(
            "template_read",
            &[("path", path.display().to_string()), ("detail", source.to_string())],
        ),
        TemplateError::Invalid { file, message } => e(
            "template_invalid",
            &[("file", file.clone()), ("detail", message.clone())],
        ),
    }
}

fn mapping_error(w: &Wording, error: &MappingError) -> String {
    use MappingProblem as M;
    let p = |key: &str, values: &[(&str, String)]| fill(&w.get("mapping", key), values);
    let problem = match &error.problem {
        M::Toml { detail } => p("toml", &[("detail", detail.clone())]),
        M::LayoutName { name } => p("layout_name", &[("name", name.clone())]),
        M::NoRecordSection => p("no_record_section", &[]),
        M::CsvRecordSections => p("csv_record_sections", &[]),
        M::Delimiter { delimiter } => p("delimiter", &[("delimiter", delimiter.to_string())]),
        M::KeyOptional { column } => p("key_optional", &[("column", column.clone())]),
        M::Encoding { encoding } => p("encoding", &[("encoding", encoding.clone())]),
        M::NeedsItems { set } => p("needs_items", &[("set", set.clone())]),
        M::KindNeedsField { set } => p("kind_needs_field", &[("set", set.clone())]),
        M::TimeNeedsFormat { set } => p("time_needs_format", &[("set", set.clone())]),
        M::PersonsNeedAt { set, source } => p("persons_need_at", &[("set", set.clone()), ("source", source.clone())]),
        M::PersonsFileSection => p("persons_file_section", &[]),
    };
    fill(
        &w.get("error", "mapping"),
        &[("file", error.file.clone()), ("problem", problem)],
    )
}

fn coding_problem(w: &Wording, problem: &CodingProblem) -> String {
    use CodingProblem as C;
    let p = |key: &str, values: &[(&str, String)]| fill(&w.get("coding", key), values);
    match problem {
        C::UnknownRecord(record) => p("unknown_record", &[("record", record.clone())]),
        C::UnknownCategory { given, known } => p(
            "unknown_category",
            &[("given", given.clone()), ("known", known.join(", "))],
        ),
        C::Unsigned(field) => p("unsigned", &[("field", field.to_string())]),
        C::BadDate(date) => p("bad_date", &[("date", date.clone())]),
        C::NoText(record) => p("no_text", &[("record", record.clone())]),
        C::EmptySentence => p("empty_sentence", &[]),
        C::WordsNotFound { words, record } => p(
            "words_not_found",
            &[("words", words.clone()), ("record", record.clone())],
        ),
        C::WordsAmbiguous { words, count, record } => p(
            "words_ambiguous",
            &[
                ("words", words.clone()),
                ("count", count.to_string()),
                ("record", record.clone()),
            ],
        ),
    }
}

/// In Dutch, the default language (for logs and `{error}` in tests).
impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Nl))
    }
}

impl std::error::Error for CommandError {}

macro_rules! from_stage_error {
    ($($error:ty => $variant:ident),* $(,)?) => {
        $(impl From<$error> for CommandError {
            fn from(error: $error) -> Self {
                CommandError::$variant(error)
            }
        })*
    };
}

from_stage_error! {
    TemplateError => Templates,
    MappingError => Mapping,
    DossierError => Dossier,
    OverridesError => Overrides,
    CodingError => Coding,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_of_each() -> Vec<CommandError> {
        let s = |x: &str| x.to_string();
        let mapping = |problem| {
            CommandError::Mapping(MappingError {
                file: s("oost.toml"),
                problem,
            })
        };
        let coding = |problem| {
            CommandError::Coding(CodingError::Coding {
                file: s("coderingen.toml"),
                line: 2,
                problem,
            })
        };
        vec![
            CommandError::Templates(TemplateError::Read {
                path: "t/rules.toml".into(),
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            }),
            CommandError::Templates(TemplateError::invalid("t/rules.toml", "line 3")),
            mapping(MappingProblem::Toml { detail: s("line 1") }),
            mapping(MappingProblem::LayoutName { name: s("a b") }),
            mapping(MappingProblem::NoRecordSection),
            mapping(MappingProblem::CsvRecordSections),
            mapping(MappingProblem::Delimiter { delimiter: 'x' }),
            mapping(MappingProblem::KeyOptional { column: s("id") }),
            mapping(MappingProblem::Encoding { encoding: s("ebcdic") }),
            mapping(MappingProblem::NeedsItems { set: s("feit") }),
            mapping(MappingProblem::KindNeedsField { set: s("feit") }),
            mapping(MappingProblem::TimeNeedsFormat { set: s("feit") }),
            mapping(MappingProblem::PersonsNeedAt {
                set: s("feit"),
                source: s("list"),
            }),
            mapping(MappingProblem::PersonsFileSection),
            CommandError::Dossier(DossierError::NoCase),
            CommandError::Dossier(DossierError::UnknownCase {
                given: s("x"),
                cases: vec![s("case:1")],
            }),
            CommandError::Dossier(DossierError::AmbiguousCase {
                given: s("x"),
                cases: vec![s("case:1"), s("case:2")],
            }),
            CommandError::Dossier(DossierError::Pdf(s("font"))),
            CommandError::Overrides(OverridesError::Syntax {
                file: s("o.toml"),
                message: s("line 1"),
            }),
            CommandError::Overrides(OverridesError::NotAMentionKey {
                file: s("o.toml"),
                number: 1,
                key: s("x"),
            }),
            CommandError::Overrides(OverridesError::Unsigned {
                file: s("o.toml"),
                number: 1,
            }),
            CommandError::Coding(CodingError::Syntax {
                file: s("c.toml"),
                message: s("line 1"),
            }),
            coding(CodingProblem::UnknownRecord(s("politie:PL9"))),
            coding(CodingProblem::UnknownCategory {
                given: s("stalkin"),
                known: vec![s("stalking")],
            }),
            coding(CodingProblem::Unsigned("by")),
            coding(CodingProblem::BadDate(s("gisteren"))),
            coding(CodingProblem::NoText(s("politie:PL9"))),
            coding(CodingProblem::EmptySentence),
            coding(CodingProblem::WordsNotFound {
                words: s("x"),
                record: s("politie:PL9"),
            }),
            coding(CodingProblem::WordsAmbiguous {
                words: s("x"),
                count: 2,
                record: s("politie:PL9"),
            }),
            CommandError::NoInput,
            CommandError::SourceSyntax { given: s("politie") },
            CommandError::CannotRead {
                path: s("o.toml"),
                detail: s("no such file"),
            },
            CommandError::CannotReadStdin { detail: s("closed") },
            CommandError::CannotWrite {
                path: s("d.pdf"),
                detail: s("read-only"),
            },
            CommandError::CannotWriteStdout { detail: s("closed") },
            CommandError::DossierNeedsOutput,
            CommandError::BothToStdout,
            CommandError::NotJson {
                path: s("truth.json"),
                detail: s("line 1"),
            },
            CommandError::NoTimeline {
                given: s("x"),
                case: s("case:1"),
            },
            CommandError::Internal { detail: s("x") },
        ]
    }

    #[test]
    fn every_error_is_worded_in_every_language() {
        for lang in [Lang::Nl, Lang::En] {
            let w = Wording::load(lang, None).expect("wording");
            for error in one_of_each() {
                let text = error.worded(&w);
                assert!(!text.is_empty() && !text.contains('{'), "{lang:?}: {error:?}: {text}");
                // A key the wording lacks comes back as the key itself.
                assert!(
                    text.contains(' ') || text.contains(':'),
                    "{lang:?}: no wording for {error:?}: {text}"
                );
            }
        }
        let en = Wording::load(Lang::En, None).expect("en");
        assert!(CommandError::NoInput.worded(&en).starts_with("no input"));
        assert!(CommandError::NoInput.to_string().starts_with("geen invoer"));
    }
}
