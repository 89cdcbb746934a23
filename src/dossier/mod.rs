//! The dossier stage: one case's pattern-oriented dossier for the prosecutor, as PDF or
//! Markdown, written from the findings (`crate::findings`) through one document model
//! (`document.rs`, built by `build.rs`) that both renderers (`pdf.rs`, `markdown.rs`)
//! draw. Wording comes from `templates/dossier/` (`crate::wording`).

pub mod build;
pub mod document;
pub mod markdown;
pub mod pdf;

pub use crate::wording::Lang;
pub use build::{CaseChoice, Coverage};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A4 PDF with embedded fonts (the dossier for the OM).
    Pdf,
    /// Markdown, the same document for quick review and diffs.
    Md,
}

/// What to write.
pub struct Options<'a> {
    pub case: Option<&'a str>,
    pub lang: Lang,
    pub format: Format,
    pub templates: Option<&'a std::path::Path>,
    /// The date on the cover and in the PDF's metadata (YYYY-MM-DD); the CLI passes
    /// today's date or the one `SOURCE_DATE_EPOCH` gives ([`build::generation_date`]).
    pub generated: String,
}

/// Why a dossier could not be written.
#[derive(Debug)]
pub enum DossierError {
    /// No incident has a victim and a suspect together.
    NoCase,
    /// `--case` names no case, person or record of a case.
    UnknownCase {
        /// What was given.
        given: String,
        /// The case ids there are.
        cases: Vec<String>,
    },
    /// `--case` fits more than one case (a person in two cases).
    AmbiguousCase {
        /// What was given.
        given: String,
        /// The cases that fit.
        cases: Vec<String>,
    },
    /// The wording file is missing or wrong.
    Wording(crate::templates::TemplateError),
    /// The PDF could not be drawn (a font or layout failure).
    Pdf(String),
}

crate::error_worded_by_the_command_layer!(DossierError);

impl From<crate::templates::TemplateError> for DossierError {
    fn from(error: crate::templates::TemplateError) -> Self {
        DossierError::Wording(error)
    }
}

/// The written dossier and what the user should be told about it.
pub struct Written {
    pub bytes: Vec<u8>,
    pub case: String,
    pub choice: CaseChoice,
    /// Characters the font lacks, shown with a transliteration.
    pub warnings: Vec<String>,
    /// Where the records went.
    pub coverage: Coverage,
}

/// Writes the dossier of one case from the findings and the records.
pub fn write(
    findings: &crate::findings::Findings,
    records: &[crate::model::Record],
    options: &Options,
) -> Result<Written, DossierError> {
    let wording = crate::wording::Wording::load(options.lang, options.templates)?;
    let generated = options.generated.clone();
    let (doc, choice, coverage) = build::build(&build::Input {
        findings,
        records,
        wording: &wording,
        case: options.case,
        generated: generated.clone(),
    })?;
    let (bytes, warnings) = match options.format {
        Format::Md => (markdown::render(&doc).into_bytes(), Vec::new()),
        Format::Pdf => {
            let stamp = format!("{}000000", generated.replace('-', ""));
            pdf::render(&doc, &stamp, &wording.text("glyph_missing")).map_err(DossierError::Pdf)?
        }
    };
    Ok(Written {
        bytes,
        case: doc.case,
        choice,
        warnings,
        coverage,
    })
}
