//! `patroon classify`: the lexicon's test bench for a domain expert.
//!
//! ```text
//! echo "Verd. kneep haar keel dicht." | patroon classify
//! patroon classify --text "Hij dreigde haar te slaan."
//! patroon classify --score register-dev.jsonl [--misses] [--json]
//! ```
//!
//! On text (standard input or `--text`): every sentence with the categories its words
//! assign, the words that triggered each, how the sentence frames them (asserted,
//! negated, denied, only threatened or feared, someone else's act) and the rule id. With
//! `--score FILE`: precision, recall and F1 per category and overall against the labels of
//! a JSON Lines corpus (`{"id", "text", "categories"}` per line), and the misses.

use super::CommandError;
use crate::classify::{score, Classifier, Voice};
use crate::text::for_terminal;
use clap::Args;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// The text to classify (otherwise standard input is read).
    #[arg(long, value_name = "TEXT", conflicts_with = "score")]
    pub text: Option<String>,
    /// Score a labelled JSON Lines corpus instead: precision, recall and F1 per category.
    #[arg(long, value_name = "FILE")]
    pub score: Option<PathBuf>,
    /// With --score: list every item whose categories differ from its labels.
    #[arg(long)]
    pub misses: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also show every word with its lemma, clause by clause ("?" marks a word the
    /// lexicon does not know).
    #[arg(long)]
    pub words: bool,
    /// Read the lexicon, lemma table and field rules from DIR (see `--help` of `check`).
    #[arg(long = "templates", value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// The largest text or corpus read (64 MiB): the bench reads what a person pastes or a
/// corpus file, never an unbounded stream.
pub const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Runs `classify`.
pub fn run(args: &ClassifyArgs) -> Result<ExitCode, CommandError> {
    let classifier = Classifier::load(args.templates.as_deref())?;
    if let Some(path) = &args.score {
        return run_score(&classifier, path, args);
    }
    let text = match &args.text {
        Some(t) => t.clone(),
        None => {
            let mut buf = String::new();
            std::io::stdin()
                .take(MAX_INPUT)
                .read_to_string(&mut buf)
                .map_err(|e| CommandError::CannotReadStdin { detail: e.to_string() })?;
            buf
        }
    };
    let hits = classifier.read_text(&text);
    if args.json {
        let out = serde_json::json!({
            "lexicon": classifier.version,
            "lemmas": classifier.lemmas_version,
            "categories": classifier.text_categories(&text),
            "hits": hits,
        });
        super::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).map_err(CommandError::json)?
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if args.words {
        for clause in classifier.show_words(&text) {
            let _ = writeln!(out, "| {}", for_terminal(&clause.join(" ")));
        }
    }
    let mut last_sentence: Option<&str> = None;
    for h in &hits {
        if last_sentence != Some(h.sentence.as_str()) {
            let _ = writeln!(out, "\n{}", for_terminal(&h.sentence));
            last_sentence = Some(&h.sentence);
        }
        let how = match h.voice {
            Voice::Asserted => "telt".to_string(),
            _ => format!("telt niet: {}", h.why.as_deref().unwrap_or("")),
        };
        let _ = writeln!(
            out,
            "  {:<24} '{}'  [{}]  {}",
            h.category,
            for_terminal(&h.words),
            h.rule,
            how
        );
    }
    let cats = classifier.text_categories(&text);
    let _ = writeln!(
        out,
        "\ncategorieën: {}",
        if cats.is_empty() {
            "geen".to_string()
        } else {
            cats.join(", ")
        }
    );
    super::emit(out.trim_start())?;
    Ok(ExitCode::SUCCESS)
}

fn run_score(classifier: &Classifier, path: &std::path::Path, args: &ClassifyArgs) -> Result<ExitCode, CommandError> {
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_INPUT).read_to_string(&mut text))
        .map_err(|e| CommandError::cannot_read(path, e))?;
    let items = score::read_corpus(&text, &path.display().to_string()).map_err(CommandError::lab)?;
    let s = score::score(classifier, &items);
    if args.json {
        super::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&s).map_err(CommandError::json)?
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} items, lexicon {}\noverall: precisie {:.3}  recall {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
        path.display(),
        s.items,
        classifier.version,
        s.overall.precision(),
        s.overall.recall(),
        s.overall.f1(),
        s.overall.tp,
        s.overall.fp,
        s.overall.fn_
    );
    for (c, n) in &s.per_category {
        let _ = writeln!(
            out,
            "  {:<24} precisie {:.3}  recall {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            c,
            n.precision(),
            n.recall(),
            n.f1(),
            n.tp,
            n.fp,
            n.fn_
        );
    }
    if args.misses {
        let _ = writeln!(out, "\nmissers ({}):", s.misses.len());
        for m in &s.misses {
            let _ = writeln!(
                out,
                "{}  +[{}] -[{}]\n    {}",
                m.id,
                m.extra.join(", "),
                m.missing.join(", "),
                for_terminal(&m.text)
            );
        }
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}
