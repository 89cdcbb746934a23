//! `patroon explain persons INPUT...`: every merge with its rule and the fields that agreed
//! and differed, every near miss with why it was kept apart, and where an investigator's
//! judgement was applied.

use super::InputArgs;
use crate::text::for_terminal;
use clap::{Args, ValueEnum};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// What to explain.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Subject {
    /// Person resolution.
    Persons,
    /// What each record says: its behaviour categories with the field or words that
    /// triggered each, and the incident(s) it is an account of.
    Records,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// What to explain.
    #[arg(value_enum)]
    pub subject: Subject,
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// An overrides file with investigators' judgements.
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,
    /// Investigators' codings: categories added to or removed from a record or one of its
    /// sentences, with who, when and why (see README, "Investigator coding").
    #[arg(long, value_name = "FILE")]
    pub coding: Option<PathBuf>,
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs) -> Result<ExitCode, String> {
    let mut out = String::new();
    let ingested = args.input.read()?;
    let overrides = super::load_overrides(args.overrides.as_deref())?;
    let rules = crate::pipeline::Rules::load(args.input.templates.as_deref())?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let analysis = crate::pipeline::analyse_coded(&ingested, &rules, &overrides, &codings);
    let resolution = &analysis.resolution;
    if let Subject::Records = args.subject {
        explain_records(&mut out, &ingested.records, &analysis);
        super::emit(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let persons = &resolution.persons;
    let all_merges = persons.merges_by_person(&ingested.records);
    for (p, merges) in persons.persons.iter().zip(&all_merges) {
        let _ = writeln!(
            out,
            "{}  {}  ({} records)",
            p.id,
            for_terminal(&p.name),
            p.records.len()
        );
        let _ = writeln!(out, "  schrijfwijzen: {}", for_terminal(&p.name_variants.join(" | ")));
        if !p.birth_dates.is_empty() {
            let _ = writeln!(out, "  geboortedata: {}", p.birth_dates.join(", "));
        }
        for m in merges {
            let judged = m
                .judgement
                .as_ref()
                .map(|j| format!(" [oordeel van {}: {}]", j.by, j.reason))
                .unwrap_or_default();
            let _ = writeln!(out, "  + {} = {}  ({}){}", m.a, m.b, m.rule, for_terminal(&judged));
            if !m.agreed.is_empty() {
                let _ = writeln!(out, "      gelijk: {}", for_terminal(&m.agreed.join("; ")));
            }
            if !m.differed.is_empty() {
                let _ = writeln!(out, "      anders: {}", for_terminal(&m.differed.join("; ")));
            }
        }
        if merges.is_empty() {
            let _ = writeln!(out, "  (één vermelding: {})", p.mentions.join(", "));
        }
    }
    if !persons.near_misses.is_empty() {
        let _ = writeln!(out, "\nNiet samengevoegd ({}):", persons.near_misses.len());
        for n in &persons.near_misses {
            let _ = writeln!(out, "  {} ≠ {}: {}", n.a, n.b, for_terminal(&n.reason));
        }
    }
    if !persons.unresolved.is_empty() {
        let _ = writeln!(
            out,
            "\nOnopgeloste vermeldingen, alleen met een rol ({}):",
            persons.unresolved.len()
        );
        for u in &persons.unresolved {
            let _ = writeln!(out, "  {}  {:?} ({})", u.mention, for_terminal(&u.text), u.role.dutch());
        }
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One block per record: reference, incident(s), categories with their triggers.
fn explain_records(out: &mut String, records: &[crate::model::Record], analysis: &crate::pipeline::Analysis) {
    use crate::classify::Trigger;
    let incidents = &analysis.resolution.incidents;
    for (record, reading) in records.iter().zip(&analysis.readings) {
        let reference = record.reference.as_str();
        let of: Vec<&str> = incidents
            .incidents
            .iter()
            .filter(|i| i.records.iter().any(|r| r == reference))
            .map(|i| i.id.as_str())
            .collect();
        let place = if of.is_empty() {
            "geen incident (procedureel)".to_string()
        } else {
            of.join(", ")
        };
        let _ = writeln!(out, "{reference}  [{place}]");
        for a in &reading.assignments {
            let why = match &a.trigger {
                Trigger::Field { field, value } => format!("veld {field} = {value:?}"),
                Trigger::Words { words, .. } => format!("woorden {words:?}"),
                Trigger::Coding {
                    investigator,
                    date,
                    reason,
                    ..
                } => {
                    format!("oordeel van {investigator} ({date}): {reason}")
                }
            };
            let _ = writeln!(out, "  {:<24} {}", a.category, for_terminal(&why));
        }
    }
}
