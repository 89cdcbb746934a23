//! The dossier stage: one case's pattern-oriented dossier for the prosecutor, as PDF or
//! Markdown, written from the findings (`findings.rs`) through one document model
//! (`document.rs`, built by `build.rs`) that both renderers (`pdf.rs`, `markdown.rs`)
//! draw. Wording comes from `templates/dossier/` (`wording.rs`).

pub mod build;
pub mod document;
pub mod findings;
pub mod markdown;
pub mod pdf;
pub mod wording;

pub use build::CaseChoice;
pub use wording::Lang;

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
}

/// The written dossier and what the user should be told about it.
pub struct Written {
    pub bytes: Vec<u8>,
    pub case: String,
    pub choice: CaseChoice,
    /// Characters the font lacks, shown with a transliteration.
    pub warnings: Vec<String>,
    pub pages: Option<usize>,
}

/// Writes the dossier of one case from the findings JSON and the records.
pub fn write(
    findings: &serde_json::Value,
    records: &[crate::model::Record],
    options: &Options,
) -> Result<Written, String> {
    let findings: findings::Findings =
        serde_json::from_value(findings.clone()).map_err(|e| format!("findings: {e}"))?;
    let wording = wording::Wording::load(options.lang, options.templates)?;
    let generated = build::generation_date();
    let t0 = std::time::Instant::now();
    let (doc, choice) = build::build(&build::Input {
        findings: &findings,
        records,
        wording: &wording,
        case: options.case,
        generated: generated.clone(),
    })?;
    if std::env::var("PATROON_TIMING").is_ok() {
        eprintln!("build {:?}", t0.elapsed());
    }
    let (bytes, warnings) = match options.format {
        Format::Md => (markdown::render(&doc).into_bytes(), Vec::new()),
        Format::Pdf => {
            let stamp = format!("{}000000", generated.replace('-', ""));
            pdf::render(&doc, &stamp, &wording.text("glyph_missing"))?
        }
    };
    Ok(Written {
        bytes,
        case: doc.case,
        choice,
        warnings,
        pages: None,
    })
}
