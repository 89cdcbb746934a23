//! `patroon timeline INPUT...`: the chronology, one line per record, in true time order.
//!
//! Each line shows when it happened at the precision the source gives (`2023-07`,
//! `2023-07-14 22:40`, `2023-06..2023-09`), when it was registered, the record reference,
//! its kind, the persons with their roles and the first words of the narrative. Records
//! without any date come last. Everything shown passes through `text::for_terminal`.

use super::{CommandError, InputArgs};
use crate::ingest::Ingested;
use crate::model::id_of;
use crate::model::Record;
use crate::text::{first_chars, for_terminal};
use crate::wording::Wording;
use clap::Args;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Arguments of `timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Characters of narrative to show per line.
    #[arg(long, default_value_t = 80)]
    pub words: usize,
    /// Print the records in canonical form as JSON (one array, in the same order) instead.
    #[arg(long)]
    pub json: bool,
}

/// Runs `timeline`.
pub fn run(args: &TimelineArgs) -> Result<ExitCode, CommandError> {
    let mut out = String::new();
    let ingested = args.input.read()?;
    let wording = Wording::load(args.input.lang, args.input.templates.as_deref())?;
    if args.json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&ingested.records).map_err(CommandError::json)?
        );
    } else {
        let _ = write!(out, "{}", render(&ingested, args.words, &wording));
    }
    if !ingested.rejects.is_empty() {
        let n = ingested.rejects.iter().map(|r| r.records).sum::<usize>();
        eprintln!(
            "patroon: {}",
            wording.fill("timeline_rejected", &[("n", n.to_string())])
        );
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn when_label(r: &Record, w: &Wording) -> String {
    match &r.act {
        Some(when) => when.label(),
        None => w.text("timeline_no_act_date"),
    }
}

fn persons_label(r: &Record, w: &Wording) -> String {
    let shown: Vec<String> = r
        .persons
        .iter()
        .map(|p| {
            let word = if p.role_word.is_empty() {
                w.get("role", &id_of(&p.role))
            } else {
                p.role_word.to_lowercase()
            };
            format!("{} ({word})", p.name.display())
        })
        .collect();
    if shown.is_empty() {
        "-".to_string()
    } else {
        shown.join(", ")
    }
}

/// The chronology as text.
pub fn render(ingested: &Ingested, narrative_chars: usize, w: &Wording) -> String {
    let rows: Vec<[String; 6]> = ingested
        .records
        .iter()
        .map(|r| {
            [
                when_label(r, w),
                r.registered
                    .as_ref()
                    .map(|when| w.fill("timeline_registered", &[("date", when.label())]))
                    .unwrap_or_default(),
                r.reference.to_string(),
                r.label.clone(),
                persons_label(r, w),
                r.narrative
                    .as_deref()
                    .map(|n| format!("\"{}\"", first_chars(n, narrative_chars)))
                    .unwrap_or_default(),
            ]
            .map(|s| for_terminal(&s))
        })
        .collect();
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let (w0, w1, w2, w3) = (width(0), width(1), width(2), width(3));
    let mut out = String::new();
    for r in &rows {
        let line = format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}  {}",
            r[0], r[1], r[2], r[3], r[4], r[5]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let (_, accepted, _) = ingested.totals();
    out.push('\n');
    out.push_str(&w.fill("timeline_footer", &[("n", accepted.to_string())]));
    out.push('\n');
    out
}
