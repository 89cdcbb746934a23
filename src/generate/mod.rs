//! `patroon-lab generate`: a fictional region in the six export layouts, with its ground truth.
//!
//! Real case data never leaves the organisations, so every later stage is measured on a
//! synthetic region whose truth is known. Each household is generated from its own random
//! stream (seeded from the region seed and the household's number), so household 17 is the
//! same household whatever N is, and the same N, seed and split give the same bytes.
//!
//! The generator is a tool beside the pipeline, not a stage of it: it writes files that the
//! `ingest` stage reads back. What it writes is described by data in `templates/generator/`
//! (names, places, Dutch phrasings in two disjoint sets: `dev` and `eval`).
//!
//! Submodules: [`world`] invents households and what happened in them (the truth);
//! [`render`] turns that into records in the six layouts; [`degrade`] (with `--degrade`)
//! makes those records as incomplete and approximate as real ones are; [`truth`] writes
//! `truth.json`.

pub mod degrade;
pub mod phrases;
pub mod render;
pub mod truth;
pub mod world;

use std::io::Write;
use std::path::Path;

/// The day the region's exports were made: nothing in them is dated later.
pub fn export_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default()
}

/// Which phrasing set to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// Phrasings the classifier may be built from.
    Dev,
    /// Phrasings kept apart, to measure classification on unseen wording.
    Eval,
    /// A second held-out set, written after `eval` had been used for error analysis (see
    /// `templates/generator/README.md`).
    Eval2,
    /// A third held-out set in the ordinary register of the six organisations, written
    /// blind after `eval2` had been used for error analysis (see
    /// `templates/generator/README.md`).
    Eval3,
    /// A fourth held-out set in the same register, written blind after `eval3` had been
    /// used for error analysis (see `templates/generator/README.md`).
    Eval4,
    /// A fifth held-out set, written blind after `eval4` had been used for error analysis
    /// (see `templates/generator/README.md`).
    Eval5,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of households.
    pub households: usize,
    /// Region seed.
    pub seed: u64,
    /// Phrasing set.
    pub split: Split,
    /// Make the first household one long coercive history of this many incidents (for
    /// measuring the dossier on a large case).
    pub long_case: Option<usize>,
}

/// Counts of what was written, for the summary line.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    /// Households generated.
    pub households: usize,
    /// Records written per layout, in the order of the export spec.
    pub records: Vec<(String, usize)>,
    /// Incidents in the truth.
    pub incidents: usize,
}

/// Generates a region into `out` (created if missing). Writes only inside `out`.
pub fn generate(options: &Options, out: &Path) -> Result<Summary, String> {
    generate_region(options, false, out)
}

/// Like [`generate`], with the records degraded as real multi-agency records are (birth
/// dates left out, approximate or missing dates, the same act dated days apart, a
/// withdrawal under the code of the act withdrawn, a refusal to report; see [`degrade`]).
/// `truth.json` stays the ground truth of what happened, following what the records say.
pub fn generate_degraded(options: &Options, out: &Path) -> Result<Summary, String> {
    generate_region(options, true, out)
}

fn generate_region(options: &Options, degraded: bool, out: &Path) -> Result<Summary, String> {
    let bank = phrases::PhraseBank::built_in(options.split)?;
    let names = world::NameLists::built_in()?;
    std::fs::create_dir_all(out.join("veilig-thuis"))
        .map_err(|e| format!("kan {} niet aanmaken: {e}", out.display()))?;
    let mut writers = render::Writers::create(out, options)?;
    let mut truth = truth::TruthWriter::create(&out.join("truth.json"), options)?;
    let mut summary = Summary {
        households: options.households,
        ..Summary::default()
    };
    for index in 0..options.households {
        let long = if index == 0 { options.long_case } else { None };
        let household = world::household(options.seed, index, &names, long);
        let mut rendered = render::render(&household, &bank, options.seed);
        if degraded {
            degrade::degrade(&household, &bank, options.seed, &mut rendered);
        }
        summary.incidents += household.incidents.len();
        writers.write(&rendered)?;
        truth.write(&household, &rendered)?;
    }
    summary.records = writers.finish()?;
    truth.finish()?;
    Ok(summary)
}

/// Flushes a buffered writer, naming the file on failure.
pub(crate) fn flush(w: &mut impl Write, name: &str) -> Result<(), String> {
    w.flush().map_err(|e| format!("schrijven naar {name} mislukt: {e}"))
}
