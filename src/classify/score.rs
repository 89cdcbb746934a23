//! Scoring the classifier against a labelled corpus (JSON Lines, one item per line, as
//! `register-dev.jsonl`): precision, recall and F1 per category and micro-averaged over
//! (item, category) pairs, with every miss listed so a domain expert can look at it.

use super::Classifier;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One labelled item.
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    /// The item's id.
    pub id: String,
    /// The text.
    pub text: String,
    /// What the text asserts.
    #[serde(default)]
    pub categories: Vec<String>,
    /// What the suspect denies.
    #[serde(default)]
    pub denied: Vec<String>,
    /// What the text says did not happen.
    #[serde(default)]
    pub negated: Vec<String>,
}

/// Reads a labelled JSONL corpus; an error names the line.
pub fn read_corpus(text: &str, name: &str) -> Result<Vec<Item>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item: Item = serde_json::from_str(line).map_err(|e| {
            format!(
                "{name}, regel {}: geen geldig item ({e}); verwacht {{\"id\", \"text\", \"categories\"}}",
                n + 1
            )
        })?;
        out.push(item);
    }
    Ok(out)
}

/// Counts for one category.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    /// True positives.
    pub tp: u32,
    /// False positives.
    pub fp: u32,
    /// False negatives.
    pub fn_: u32,
}

impl Counts {
    /// Precision (1 when nothing was assigned).
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// Recall (1 when nothing was expected).
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A miss: an item whose categories differ from its labels.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The item.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Categories assigned but not labelled.
    pub extra: Vec<String>,
    /// Categories labelled but not assigned.
    pub missing: Vec<String>,
}

/// The score of a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Items scored.
    pub items: usize,
    /// Micro-averaged counts.
    pub overall: Counts,
    /// Per category.
    pub per_category: BTreeMap<String, Counts>,
    /// Every item with a difference.
    pub misses: Vec<Miss>,
}

/// Scores `items` with the classifier's text reading (what the words say; the pipeline's
/// implications are not part of it).
pub fn score(classifier: &Classifier, items: &[Item]) -> Score {
    let mut overall = Counts::default();
    let mut per_category: BTreeMap<String, Counts> = BTreeMap::new();
    let mut misses = Vec::new();
    for item in items {
        let got = classifier.text_categories(&item.text);
        let mut extra = Vec::new();
        let mut missing = Vec::new();
        for c in &got {
            let e = per_category.entry(c.clone()).or_default();
            if item.categories.contains(c) {
                e.tp += 1;
                overall.tp += 1;
            } else {
                e.fp += 1;
                overall.fp += 1;
                extra.push(c.clone());
            }
        }
        for c in &item.categories {
            if !got.contains(c) {
                per_category.entry(c.clone()).or_default().fn_ += 1;
                overall.fn_ += 1;
                missing.push(c.clone());
            }
        }
        if !extra.is_empty() || !missing.is_empty() {
            misses.push(Miss {
                id: item.id.clone(),
                text: item.text.clone(),
                extra,
                missing,
            });
        }
    }
    Score {
        items: items.len(),
        overall,
        per_category,
        misses,
    }
}

/// How `patroon review` covers a corpus: of the items that carry a category, how many are
/// classified fully (every labelled category found) or have a sentence on the review list;
/// of the items that carry none, how many it lists (a reviewer's wasted glances).
#[derive(Debug, Clone, Serialize)]
pub struct ReviewScore {
    /// Items with at least one labelled category.
    pub categorised: usize,
    /// Of those: every labelled category found.
    pub complete: usize,
    /// Of those: not complete, but a sentence of the item is listed.
    pub listed_incomplete: usize,
    /// Of those: neither complete nor listed (missed in silence), with what was missed.
    pub silent: Vec<Miss>,
    /// Items without any labelled category.
    pub uncategorised: usize,
    /// Of those: listed, with the conduct words that listed them.
    pub listed_uncategorised: Vec<Listed>,
}

/// An item on the review list.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// The item.
    pub id: String,
    /// The conduct words of its listed sentences.
    pub words: Vec<String>,
}

impl ReviewScore {
    /// The share of categorised items classified fully or listed.
    pub fn covered(&self) -> f64 {
        ratio((self.complete + self.listed_incomplete) as u32, self.categorised as u32)
    }
    /// The share of uncategorised items listed.
    pub fn listed_share(&self) -> f64 {
        if self.uncategorised == 0 {
            0.0
        } else {
            self.listed_uncategorised.len() as f64 / self.uncategorised as f64
        }
    }
}

/// Measures the review list on a labelled corpus.
pub fn review_score(classifier: &Classifier, items: &[Item]) -> ReviewScore {
    let mut out = ReviewScore {
        categorised: 0,
        complete: 0,
        listed_incomplete: 0,
        silent: Vec::new(),
        uncategorised: 0,
        listed_uncategorised: Vec::new(),
    };
    for item in items {
        let passages = classifier.review_text(&item.text);
        let listed = !passages.is_empty();
        if item.categories.is_empty() {
            out.uncategorised += 1;
            if listed {
                out.listed_uncategorised.push(Listed {
                    id: item.id.clone(),
                    words: passages.into_iter().flat_map(|p| p.words).collect(),
                });
            }
            continue;
        }
        out.categorised += 1;
        let got = classifier.text_categories(&item.text);
        let missing: Vec<String> = item.categories.iter().filter(|c| !got.contains(c)).cloned().collect();
        if missing.is_empty() {
            out.complete += 1;
        } else if listed {
            out.listed_incomplete += 1;
        } else {
            out.silent.push(Miss {
                id: item.id.clone(),
                text: item.text.clone(),
                extra: Vec::new(),
                missing,
            });
        }
    }
    out
}
