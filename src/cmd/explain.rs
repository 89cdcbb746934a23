//! `patroon explain persons INPUT...`: every merge with its rule and the fields that agreed
//! and differed, every near miss with why it was kept apart, and where an investigator's
//! judgement was applied.

use super::{CommandError, InputArgs};
use crate::model::id_of;
use crate::text::for_terminal;
use crate::wording::{fill, Wording};
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
pub fn run(args: &ExplainArgs) -> Result<ExitCode, CommandError> {
    let mut out = String::new();
    let ingested = args.input.read()?;
    let overrides = super::load_overrides(args.overrides.as_deref())?;
    let rules = crate::pipeline::Rules::load(args.input.templates.as_deref())?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let wording = Wording::load(args.input.lang, args.input.templates.as_deref())?;
    let analysis = crate::pipeline::analyse_coded(&ingested, &rules, &overrides, &codings);
    match args.subject {
        Subject::Records => explain_records(&mut out, &ingested.records, &analysis, &wording),
        Subject::Persons => explain_persons(&mut out, &ingested.records, &analysis.resolution.persons, &wording),
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// One block per person: name, spellings, birth dates, and every join with its rule and
/// the fields that agreed and differed; then the near misses and the role-only mentions.
fn explain_persons(
    out: &mut String,
    records: &[crate::model::Record],
    persons: &crate::resolve::PersonResolution,
    w: &Wording,
) {
    let all_merges = persons.merges_by_person(records);
    let evidence = |list: &[crate::resolve::persons::NameEvidence]| {
        list.iter().map(|e| w.name_evidence(e)).collect::<Vec<_>>().join("; ")
    };
    // An investigator's judgement, as a merge and a near miss both show it.
    let judged_by = |j: &crate::resolve::overrides::Judgement| {
        fill(
            &w.get("explain", "judged"),
            &[("by", j.by.clone()), ("reason", j.reason.clone())],
        )
    };
    for (p, merges) in persons.persons.iter().zip(&all_merges) {
        let _ = writeln!(
            out,
            "{}  {}  ({} {})",
            p.id,
            for_terminal(&p.name),
            p.records.len(),
            w.get("explain", "records")
        );
        let _ = writeln!(
            out,
            "  {}: {}",
            w.get("explain", "spellings"),
            for_terminal(&p.name_variants.join(" | "))
        );
        if !p.birth_dates.is_empty() {
            let _ = writeln!(
                out,
                "  {}: {}",
                w.get("explain", "birth_dates"),
                p.birth_dates.join(", ")
            );
        }
        for m in merges {
            let judged = m.judgement.as_ref().map(judged_by).unwrap_or_default();
            let rule = w.get("merge_rule", &id_of(&m.rule));
            let _ = writeln!(out, "  + {} = {}  ({rule}){}", m.a, m.b, for_terminal(&judged));
            if !m.agreed.is_empty() {
                let _ = writeln!(
                    out,
                    "      {}: {}",
                    w.get("explain", "agreed"),
                    for_terminal(&evidence(&m.agreed))
                );
            }
            if !m.differed.is_empty() {
                let _ = writeln!(
                    out,
                    "      {}: {}",
                    w.get("explain", "differed"),
                    for_terminal(&evidence(&m.differed))
                );
            }
        }
        if merges.is_empty() {
            let single = fill(
                &w.get("explain", "single_mention"),
                &[("mentions", p.mentions.join(", "))],
            );
            let _ = writeln!(out, "  {single}");
        }
    }
    if !persons.near_misses.is_empty() {
        let heading = fill(
            &w.get("explain", "near_misses"),
            &[("n", persons.near_misses.len().to_string())],
        );
        let _ = writeln!(out, "\n{heading}");
        for n in &persons.near_misses {
            let mut why = w.kept_apart(&n.reason);
            if let Some(j) = &n.judgement {
                why.push_str(&judged_by(j));
            }
            let _ = writeln!(out, "  {} ≠ {}: {}", n.a, n.b, for_terminal(&why));
        }
    }
    if !persons.unresolved.is_empty() {
        let heading = fill(
            &w.get("explain", "unresolved"),
            &[("n", persons.unresolved.len().to_string())],
        );
        let _ = writeln!(out, "\n{heading}");
        for u in &persons.unresolved {
            let _ = writeln!(
                out,
                "  {}  {:?} ({})",
                u.mention,
                for_terminal(&u.text),
                w.get("role", &id_of(&u.role))
            );
        }
    }
}

/// One block per record: reference, incident(s), categories with their triggers.
fn explain_records(
    out: &mut String,
    records: &[crate::model::Record],
    analysis: &crate::pipeline::Analysis,
    w: &Wording,
) {
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
            w.get("explain", "procedural")
        } else {
            of.join(", ")
        };
        let _ = writeln!(out, "{reference}  [{place}]");
        for a in &reading.assignments {
            let why = match &a.trigger {
                Trigger::Field { field, value } => fill(
                    &w.get("explain", "by_field"),
                    &[("field", field.clone()), ("value", format!("{value:?}"))],
                ),
                Trigger::Words { words, .. } => fill(&w.get("explain", "by_words"), &[("words", format!("{words:?}"))]),
                Trigger::Coding {
                    investigator,
                    date,
                    reason,
                    ..
                } => fill(
                    &w.get("explain", "by_coding"),
                    &[
                        ("by", investigator.clone()),
                        ("date", date.to_string()),
                        ("reason", reason.clone()),
                    ],
                ),
            };
            let _ = writeln!(out, "  {:<24} {}", a.category, for_terminal(&why));
        }
    }
}
