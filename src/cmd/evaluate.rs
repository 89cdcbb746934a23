//! `patroon-lab evaluate INPUT... --truth truth.json [--json]`: pairwise precision and recall of
//! person merges and incident grouping against a generated region's truth, with the
//! confusions listed.

use super::{CommandError, InputArgs};
use clap::Args;
use serde_json::json;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// The `truth.json` of `patroon-lab generate`.
    #[arg(long, value_name = "FILE")]
    pub truth: PathBuf,
    /// Print `{"persons": {"precision", "recall"}, "incidents": {...}, "confusions": [...]}`.
    #[arg(long)]
    pub json: bool,
    /// An overrides file with investigators' judgements.
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,
    /// Investigators' codings: categories added to or removed from a record or one of its
    /// sentences, with who, when and why (see README, "Investigator coding").
    #[arg(long, value_name = "FILE")]
    pub coding: Option<PathBuf>,
    /// Also list every record whose categories differ from the truth, with its narrative.
    #[arg(long)]
    pub misses: bool,
}

/// Runs `evaluate`.
pub fn run(args: &EvaluateArgs) -> Result<ExitCode, CommandError> {
    let mut out = String::new();
    let ingested = args.input.read()?;
    let text = std::fs::read_to_string(&args.truth).map_err(|e| CommandError::cannot_read(&args.truth, e))?;
    let truth: serde_json::Value = serde_json::from_str(&text).map_err(|e| CommandError::NotJson {
        path: args.truth.display().to_string(),
        detail: e.to_string(),
    })?;
    let overrides = super::load_overrides(args.overrides.as_deref())?;
    let rules = crate::pipeline::Rules::load(args.input.templates.as_deref())?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let analysis = crate::pipeline::analyse_coded(&ingested, &rules, &overrides, &codings);
    let resolution = &analysis.resolution;
    let eval = crate::evaluate::evaluate(&ingested.records, resolution, &truth).map_err(CommandError::lab)?;
    let classifier = &rules.classifier;
    let assigned: Vec<Vec<String>> = analysis
        .readings
        .iter()
        .map(|r| r.assignments.iter().map(|a| a.category.clone()).collect())
        .collect();
    let categories = crate::evaluate::evaluate_categories(&ingested.records, &assigned, &truth);
    let (_, detection) = crate::pipeline::detect(&ingested, &analysis, &rules);
    let patterns =
        crate::evaluate::evaluate_patterns(&analysis.resolution.incidents.cases, &detection.patterns, &truth);
    if args.json {
        let report = json!({"persons": eval.persons, "incidents": eval.incidents, "categories": categories,
                            "patterns": patterns.per_kind, "specificity": patterns.specificity,
                            "lexicon_version": classifier.version, "confusions": eval.confusions});
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report).map_err(CommandError::json)?
        );
    } else {
        let _ = writeln!(
            out,
            "personen:   precisie {:.4}  recall {:.4}  ({} van {} samengevoegde paren juist; {} echte paren)",
            eval.persons.precision,
            eval.persons.recall,
            eval.persons.true_pairs,
            eval.persons.predicted_pairs,
            eval.persons.truth_pairs
        );
        let _ = writeln!(
            out,
            "incidenten: precisie {:.4}  recall {:.4}  ({} van {} samengevoegde paren juist; {} echte paren)",
            eval.incidents.precision,
            eval.incidents.recall,
            eval.incidents.true_pairs,
            eval.incidents.predicted_pairs,
            eval.incidents.truth_pairs
        );
        let _ = writeln!(
            out,
            "categorieën: precisie {:.4}  recall {:.4}  F1 {:.4}  (lexicon {})",
            categories.precision, categories.recall, categories.f1, classifier.version
        );
        for (c, (p, r, f, n)) in &categories.per_category {
            let _ = writeln!(out, "  {c:<24} precisie {p:.3}  recall {r:.3}  F1 {f:.3}  ({n})");
        }
        let _ = writeln!(
            out,
            "patronen: specificiteit {:.4} ({} huishoudens zonder patroon)",
            patterns.specificity, patterns.households_without_pattern
        );
        for (kind, k) in &patterns.per_kind {
            let _ = writeln!(
                out,
                "  {kind:<26} precisie {:.3}  recall {:.3}  (tp {}, fp {}, fn {})",
                k.precision, k.recall, k.true_positives, k.false_positives, k.false_negatives
            );
        }
        for c in eval.confusions.iter().take(20) {
            let _ = writeln!(
                out,
                "  {} {} ~ {}: {}",
                c.kind,
                c.predicted,
                c.truth.join(", "),
                c.units.join(", ")
            );
        }
        if args.misses {
            let by_ref: std::collections::HashMap<&str, &crate::model::Record> =
                ingested.records.iter().map(|r| (r.reference.as_str(), r)).collect();
            let _ = writeln!(out, "categorie-missers ({}):", categories.misses.len());
            for m in &categories.misses {
                let text = by_ref
                    .get(m.reference.as_str())
                    .and_then(|r| r.narrative.as_deref())
                    .unwrap_or("");
                let _ = writeln!(
                    out,
                    "{}  +[{}] -[{}]\n    {}",
                    m.reference,
                    m.extra.join(", "),
                    m.missing.join(", "),
                    crate::text::for_terminal(text)
                );
            }
        }
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
