//! `patroon review INPUT...`: every sentence that holds conduct vocabulary
//! (`templates/review.toml`) but got no category, with its record reference, so that
//! nothing the lexicon cannot read is missed in silence. An investigator reads them and
//! codes what they find (`--coding`); a coded sentence is no longer listed.
//!
//! ```text
//! patroon review examples/huishouden-demo
//! patroon review --score register-dev.jsonl     # how the list covers a labelled corpus
//! ```

use super::{CommandError, InputArgs};
use crate::classify::{score, Classifier, RecordPassage};
use crate::text::for_terminal;
use crate::wording::Wording;
use clap::Args;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `review`.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Measure the list on a labelled JSON Lines corpus instead (as `classify --score`):
    /// the share of categorised items classified fully or listed, and the share of
    /// uncategorised items listed.
    #[arg(long, value_name = "FILE", conflicts_with = "inputs")]
    pub score: Option<PathBuf>,
    /// With --score: list the categorised items missed in silence.
    #[arg(long)]
    pub misses: bool,
    /// Investigators' codings (see README, "Investigator coding"): a sentence coded with a
    /// category is no longer listed.
    #[arg(long, value_name = "FILE")]
    pub coding: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `review`.
pub fn run(args: &ReviewArgs) -> Result<ExitCode, CommandError> {
    let classifier = Classifier::load(args.input.templates.as_deref())?;
    if let Some(path) = &args.score {
        return run_score(&classifier, path, args);
    }
    let ingested = args.input.read()?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let readings = crate::pipeline::read_all(&classifier, &ingested.records);
    let readings = codings.apply(&ingested.records, readings);
    let listed: Vec<RecordPassage> = ingested
        .records
        .iter()
        .zip(&readings)
        .flat_map(|(r, reading)| {
            reading.unread.iter().map(move |p| RecordPassage {
                record: r.reference.to_string(),
                passage: p.clone(),
            })
        })
        .collect();
    if args.json {
        let text = serde_json::to_string_pretty(&listed).map_err(CommandError::json)? + "\n";
        super::emit(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let w = Wording::load(args.input.lang, args.input.templates.as_deref())?;
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for l in &listed {
        if last != Some(l.record.as_str()) {
            let _ = writeln!(out, "{}", l.record);
            last = Some(l.record.as_str());
        }
        let words = w.fill("review_words", &[("words", l.passage.words.join(", "))]);
        let _ = writeln!(
            out,
            "  “{}”\n      {}",
            for_terminal(&l.passage.sentence),
            for_terminal(&words)
        );
    }
    let records = listed
        .iter()
        .map(|l| l.record.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let summary = w.fill(
        "review_summary",
        &[
            ("n", listed.len().to_string()),
            ("records", records.to_string()),
            ("total", ingested.records.len().to_string()),
            ("review", classifier.review_version.clone()),
            ("lexicon", classifier.version.clone()),
        ],
    );
    let _ = writeln!(out, "{}{summary}", if listed.is_empty() { "" } else { "\n" });
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn run_score(classifier: &Classifier, path: &std::path::Path, args: &ReviewArgs) -> Result<ExitCode, CommandError> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(super::classify::MAX_INPUT).read_to_string(&mut text))
        .map_err(|e| CommandError::cannot_read(path, e))?;
    let items = score::read_corpus(&text, &path.display().to_string()).map_err(CommandError::lab)?;
    let s = score::review_score(classifier, &items);
    if args.json {
        let text = serde_json::to_string_pretty(&s).map_err(CommandError::json)? + "\n";
        super::emit(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} items, woordenlijst {}, lexicon {}\n\
         met categorie: {} items; volledig herkend {}, anders op de lijst {}, gemist zonder melding {}: {:.3} herkend of gelijst\n\
         zonder categorie: {} items; op de lijst {}: {:.3}",
        path.display(),
        items.len(),
        classifier.review_version,
        classifier.version,
        s.categorised,
        s.complete,
        s.listed_incomplete,
        s.silent.len(),
        s.covered(),
        s.uncategorised,
        s.listed_uncategorised.len(),
        s.listed_share()
    );
    if args.misses {
        let _ = writeln!(out, "\ngemist zonder melding ({}):", s.silent.len());
        for m in &s.silent {
            let _ = writeln!(
                out,
                "{}  -[{}]\n    {}",
                m.id,
                m.missing.join(", "),
                for_terminal(&m.text)
            );
        }
        let _ = writeln!(
            out,
            "\nzonder categorie maar gelijst ({}):",
            s.listed_uncategorised.len()
        );
        for l in &s.listed_uncategorised {
            let _ = writeln!(out, "{}  [{}]", l.id, for_terminal(&l.words.join(", ")));
        }
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
