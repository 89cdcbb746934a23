//! patroon: from the scattered records of several organisations to one pattern-oriented,
//! traceable case dossier about domestic violence and coercive control.
//!
//! The pipeline runs one way: **ingest → classify → resolve → graph → detect → dossier**,
//! each stage a module, with the shared types in [`model`] and the stages after ingest in
//! one call in [`pipeline`]:
//! - [`ingest`] reads the six export layouts (mapping files in `templates/sources/`) into
//!   canonical, referenced records;
//! - [`classify`] reads what each record says (behaviour categories with their triggers,
//!   `templates/lexicon.toml` and `templates/fields.toml`);
//! - [`resolve`] finds the same persons and incidents across organisations, and the
//!   incidents disclosed inside other records' text;
//! - [`graph`] builds the time-ordered event graph with the evidence per incident;
//! - [`detect`] finds patterns, red flags and gaps (thresholds in `templates/rules.toml`);
//! - [`dossier`] writes the PDF (or Markdown) dossier from the findings.
//!
//! Investigators' judgements enter between the stages: [`coding`] changes what a record
//! is read to show, `resolve::Overrides` which mentions are one person.
//!
//! Beside the pipeline, [`generate`] writes a fictional region with its ground truth, so
//! that every stage can be tested and measured at scale without real case data.
//!
//! The command-line interface (`src/main.rs`, `src/cmd/`) is a thin layer over this library.

/// A stage's error is a typed fact; the command layer (`cmd::error`) words it in the
/// language of `--lang`. Its `Display` is its `Debug` form, for logs and library users,
/// so that no sentence a user reads is written outside the wording.
#[macro_export]
macro_rules! error_worded_by_the_command_layer {
    ($($error:ty),* $(,)?) => {
        $(impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{self:?}")
            }
        }
        impl std::error::Error for $error {})*
    };
}

pub mod classify;
pub mod cmd;
pub mod coding;
pub mod detect;
pub mod dossier;
pub mod evaluate;
pub mod findings;
pub mod generate;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod problem;
pub mod resolve;
pub mod rules;
pub mod templates;
pub mod text;
pub mod wording;
