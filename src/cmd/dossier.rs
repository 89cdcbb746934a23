//! `patroon dossier INPUT... --out dossier.pdf`: the dossier of one case for the
//! prosecutor (PDF, or Markdown with `--format md`), and with `--json findings.json` the
//! findings it is written from (persons, unresolved mentions, incidents, cases,
//! categories, patterns, red flags, gaps, contradictions, breaches; schema in the README).

use super::{CommandError, InputArgs};
use clap::Args;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dossier`.
#[derive(Debug, Args)]
pub struct DossierArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the dossier to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The dossier's format.
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: crate::dossier::Format,
    /// The case the dossier is about: a case id, a person id (victim or suspect) or a
    /// record reference. Without it, the case with the most records.
    #[arg(long, value_name = "CASE")]
    pub case: Option<String>,
    /// Write the findings JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// An overrides file with investigators' judgements.
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,
    /// Investigators' codings: categories added to or removed from a record or one of its
    /// sentences, with who, when and why (see README, "Investigator coding").
    #[arg(long, value_name = "FILE")]
    pub coding: Option<PathBuf>,
}

/// Writes `bytes` to `target` (`-`: standard output).
fn write_to(target: &std::path::Path, bytes: &[u8]) -> Result<(), CommandError> {
    if target.as_os_str() == "-" {
        use std::io::Write as _;
        std::io::stdout()
            .write_all(bytes)
            .map_err(|e| CommandError::CannotWriteStdout { detail: e.to_string() })
    } else {
        std::fs::write(target, bytes).map_err(|e| CommandError::CannotWrite {
            path: target.display().to_string(),
            detail: e.to_string(),
        })
    }
}

/// Runs `dossier`.
pub fn run(args: &DossierArgs) -> Result<ExitCode, CommandError> {
    if args.out.is_none() && args.json.is_none() {
        return Err(CommandError::DossierNeedsOutput);
    }
    if args.out.as_deref().is_some_and(|o| o.as_os_str() == "-")
        && args.json.as_deref().is_some_and(|j| j.as_os_str() == "-")
    {
        return Err(CommandError::BothToStdout);
    }
    let ingested = args.input.read()?;
    let overrides = super::load_overrides(args.overrides.as_deref())?;
    let rules = crate::pipeline::Rules::load(args.input.templates.as_deref())?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let analysis = crate::pipeline::analyse_coded(&ingested, &rules, &overrides, &codings);
    let findings = crate::pipeline::findings(&ingested, &analysis, &rules);
    if let Some(target) = &args.json {
        let text = serde_json::to_string_pretty(&findings).map_err(CommandError::json)? + "\n";
        write_to(target, text.as_bytes())?;
    }
    let Some(target) = &args.out else {
        return Ok(ExitCode::SUCCESS);
    };
    let options = crate::dossier::Options {
        case: args.case.as_deref(),
        lang: args.input.lang,
        format: args.format,
        templates: args.input.templates.as_deref(),
        generated: crate::dossier::build::generation_date(),
    };
    let written = crate::dossier::write(&findings, &ingested.records, &options)?;
    write_to(target, &written.bytes)?;
    // What happened to every record, on stderr so that `--out -` stays clean.
    let (read, accepted, rejected) = ingested.totals();
    let coverage = written.coverage;
    let w = crate::wording::Wording::load(args.input.lang, args.input.templates.as_deref())?;
    let mut note = String::new();
    if let crate::dossier::CaseChoice::MostRecords(n) = written.choice {
        if n > 1 {
            let chosen = w.fill("stderr_cases", &[("n", n.to_string()), ("case", written.case.clone())]);
            let _ = writeln!(note, "patroon: {chosen}");
        }
    }
    let summary = w.fill(
        "stderr_summary",
        &[
            ("read", read.to_string()),
            ("accepted", accepted.to_string()),
            ("rejected", rejected.to_string()),
            ("records", ingested.records.len().to_string()),
            ("in_case", coverage.in_case.to_string()),
            ("case", written.case.clone()),
            ("household", coverage.household.to_string()),
            ("appendix", coverage.appendix.to_string()),
            ("target", target.display().to_string()),
        ],
    );
    let _ = writeln!(note, "patroon: {summary}");
    for warning in &written.warnings {
        let _ = writeln!(
            note,
            "patroon: {}",
            w.fill("stderr_warning", &[("warning", warning.clone())])
        );
    }
    eprint!("{note}");
    Ok(ExitCode::SUCCESS)
}
