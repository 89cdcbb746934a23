//! `patroon-lab generate --households N --seed S --out DIR [--split dev|eval] [--degrade]`: a
//! fictional region in the six export layouts, with `DIR/truth.json`. Writes only inside DIR.

use super::CommandError;
use crate::generate::{generate, generate_degraded, Options, Split};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of households.
    #[arg(long, value_name = "N")]
    pub households: usize,
    /// Seed: the same N, seed and split give the same bytes.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Output folder (created if missing; existing export files in it are overwritten).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Phrasing set: `dev`, or `eval` for wording the classifier was not built from.
    #[arg(long, value_enum, default_value_t = Split::Dev)]
    pub split: Split,
    /// Make the first household one long coercive history of N incidents (to measure the
    /// dossier on a large case; see README, "Benchmarks").
    #[arg(long, value_name = "N")]
    pub long_case: Option<usize>,
    /// Degrade the records as real multi-agency records are (birth dates left out,
    /// approximate or missing dates, one act dated days apart by two organisations, a
    /// withdrawal under the code of the act withdrawn, a refusal to report); `truth.json`
    /// stays the ground truth (see README, "Generating a region").
    #[arg(long)]
    pub degrade: bool,
}

/// Runs `generate`.
pub fn run(args: &GenerateArgs) -> Result<ExitCode, CommandError> {
    let options = Options {
        households: args.households,
        seed: args.seed,
        split: args.split,
        long_case: args.long_case,
    };
    let summary = if args.degrade {
        generate_degraded(&options, &args.out)
    } else {
        generate(&options, &args.out)
    }
    .map_err(CommandError::lab)?;
    let parts: Vec<String> = summary.records.iter().map(|(l, n)| format!("{l} {n}")).collect();
    let total: usize = summary.records.iter().map(|(_, n)| n).sum();
    eprintln!(
        "patroon: {} huishoudens, {} incidenten, {} records ({}) geschreven naar {}",
        summary.households,
        summary.incidents,
        total,
        parts.join(", "),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
