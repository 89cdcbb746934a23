//! `patroon check INPUT...`: what was read, accepted and rejected, per file.
//!
//! Every reject names its file, line (or JSON pointer), field and reason. The numbers add
//! up per file: read = accepted + rejected. Exit code 1 when anything was rejected or
//! refused, unless `--allow-rejects`.

use super::{CommandError, InputArgs};
use crate::ingest::Ingested;
use crate::model::id_of;
use crate::problem::Problem;
use crate::text::for_terminal;
use crate::wording::{fill, Wording};
use clap::Args;
use serde_json::json;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Print the report as JSON (for scripts); see README for the keys.
    #[arg(long)]
    pub json: bool,
    /// Exit 0 even when records were rejected.
    #[arg(long)]
    pub allow_rejects: bool,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<ExitCode, CommandError> {
    let mut out = String::new();
    let ingested = args.input.read()?;
    let wording = Wording::load(args.input.lang, args.input.templates.as_deref())?;
    if args.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&report_json(&ingested, &wording)).map_err(CommandError::json)?
        );
    } else {
        let _ = write!(out, "{}", report_text(&ingested, &wording));
    }
    super::emit(&out)?;
    if ingested.sources.is_empty() {
        eprintln!("patroon: {}", wording.get("check", "none_recognised"));
        return Ok(ExitCode::from(1));
    }
    let failed = !ingested.rejects.is_empty();
    Ok(if failed && !args.allow_rejects {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The JSON report: `sources`, `rejects`, `unrecognised`, `warnings`, `totals`, `notes`.
/// Every problem is given as its typed fields (`problem` names the kind) and, under
/// `reason`, in words in the language of `--lang`.
pub fn report_json(ingested: &Ingested, w: &Wording) -> serde_json::Value {
    let (read, accepted, rejected) = ingested.totals();
    let worded = |problem: &Problem| {
        let mut value = json!(problem);
        value["reason"] = json!(w.problem(problem));
        value
    };
    let with_reason = |item: serde_json::Value, problem: &Problem| {
        let mut item = item;
        item["problem"] = worded(problem);
        item
    };
    let notes: Vec<serde_json::Value> = ingested
        .records
        .iter()
        .filter(|r| !r.notes.is_empty())
        .map(|r| json!({"reference": r.reference, "notes": r.notes.iter().map(worded).collect::<Vec<_>>()}))
        .collect();
    let rejects: Vec<serde_json::Value> = ingested
        .rejects
        .iter()
        .map(|r| with_reason(json!(r), &r.problem))
        .collect();
    let unrecognised: Vec<serde_json::Value> = ingested
        .unrecognised
        .iter()
        .map(|u| with_reason(json!(u), &u.problem))
        .collect();
    let warnings: Vec<serde_json::Value> = ingested.warnings.iter().map(worded).collect();
    json!({
        "sources": ingested.sources,
        "rejects": rejects,
        "unrecognised": unrecognised,
        "warnings": warnings,
        "totals": {"read": read, "accepted": accepted, "rejected": rejected},
        "notes": notes,
    })
}

/// The terminal report.
pub fn report_text(ingested: &Ingested, w: &Wording) -> String {
    let word = |key: &str| w.get("check", key);
    let mut out = String::new();
    let file_width = ingested
        .sources
        .iter()
        .map(|s| s.file.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let layout_width = ingested
        .sources
        .iter()
        .map(|s| s.layout.len())
        .max()
        .unwrap_or(6)
        .max(6);
    out.push_str(&format!(
        "{:<layout_width$}  {:<file_width$}  {:>8}  {:>8}  {:>9}  {:<12}  {}\n",
        word("col_layout"),
        word("col_file"),
        word("col_read"),
        word("col_accepted"),
        word("col_rejected"),
        "sha256",
        word("col_detected")
    ));
    for s in &ingested.sources {
        let unit = if s.unit == crate::ingest::Unit::Records {
            String::new()
        } else {
            format!("  {}", word("person_rows"))
        };
        out.push_str(&format!(
            "{:<layout_width$}  {:<file_width$}  {:>8}  {:>8}  {:>9}  {:<12}  {}{unit}\n",
            s.layout,
            for_terminal(&s.file),
            s.read,
            s.accepted,
            s.rejected,
            &s.sha256[..12.min(s.sha256.len())],
            w.get("detected_by", &id_of(&s.detected_by))
        ));
    }
    let (read, accepted, rejected) = ingested.totals();
    out.push_str(&format!(
        "{:<w$}  {:>8}  {:>8}  {:>9}\n",
        word("total"),
        read,
        accepted,
        rejected,
        w = layout_width + file_width + 2
    ));
    let mut per_layout: Vec<(String, usize)> = Vec::new();
    for r in &ingested.records {
        match per_layout.iter_mut().find(|(l, _)| *l == r.layout) {
            Some((_, n)) => *n += 1,
            None => per_layout.push((r.layout.clone(), 1)),
        }
    }
    per_layout.sort();
    if !per_layout.is_empty() {
        let parts: Vec<String> = per_layout.iter().map(|(l, n)| format!("{l} {n}")).collect();
        out.push_str(&fill(&word("per_layout"), &[("list", parts.join(", "))]));
        out.push('\n');
    }
    if !ingested.rejects.is_empty() {
        let heading = fill(&word("rejected"), &[("n", ingested.rejects.len().to_string())]);
        out.push_str(&format!("\n{heading}\n"));
        for r in &ingested.rejects {
            let place = match (&r.line, &r.pointer) {
                (Some(l), Some(p)) => format!("{}:{l} {p}", r.file),
                (Some(l), None) => format!("{}:{l}", r.file),
                (None, Some(p)) => format!("{}#{p}", r.file),
                (None, None) => r.file.clone(),
            };
            let field = r.field.as_ref().map(|f| format!(" [{f}]")).unwrap_or_default();
            let reference = r.reference.as_ref().map(|f| format!(" ({f})")).unwrap_or_default();
            out.push_str(&format!(
                "  {}{}{}: {}\n",
                for_terminal(&place),
                for_terminal(&field),
                for_terminal(&reference),
                for_terminal(&w.problem(&r.problem))
            ));
        }
    }
    if !ingested.unrecognised.is_empty() {
        let heading = fill(&word("unrecognised"), &[("n", ingested.unrecognised.len().to_string())]);
        out.push_str(&format!("\n{heading}\n"));
        for u in &ingested.unrecognised {
            out.push_str(&format!(
                "  {}: {}\n",
                for_terminal(&u.file),
                for_terminal(&w.problem(&u.problem))
            ));
        }
    }
    if !ingested.warnings.is_empty() {
        out.push_str(&format!("\n{}\n", word("warnings")));
        for warning in &ingested.warnings {
            out.push_str(&format!("  {}\n", for_terminal(&w.problem(warning))));
        }
    }
    let noted: Vec<_> = ingested.records.iter().filter(|r| !r.notes.is_empty()).collect();
    if !noted.is_empty() {
        let heading = fill(&word("notes"), &[("n", noted.len().to_string())]);
        out.push_str(&format!("\n{heading}\n"));
        for r in noted {
            for n in &r.notes {
                out.push_str(&format!("  {}: {}\n", r.reference, for_terminal(&w.problem(n))));
            }
        }
    }
    out
}
