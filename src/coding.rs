//! Investigator coding (`--coding FILE`): an investigator's judgement that a record, or one
//! sentence of it, does or does not show a behaviour category. Codings change what the
//! classifier read before anything is resolved or detected, so every finding is
//! recomputed from them; each coded assignment carries [`Trigger::Coding`] with who
//! judged, when and why, so the findings and the dossier show it as the investigator's
//! judgement, never as the lexicon's.
//!
//! ```toml
//! [[coding]]
//! record = "politie:PL0600-2024013377"
//! sentence = "blijft aanbellen"          # optional: words of one sentence of the record
//! category = "stalking"
//! action = "add"                         # add | remove
//! by = "R. Jansen, rechercheur"
//! date = 2026-12-07
//! reason = "Herhaald aanbellen tijdens het huisverbod, tegen haar wil."
//! ```

use crate::classify::{fold_text, Assignment, Classifier, Reading, Trigger, CATEGORIES};
use crate::model::Record;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Add or remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The record (or sentence) shows the category although the lexicon did not read it.
    Add,
    /// The record (or sentence) does not show the category although the lexicon read it.
    Remove,
}

/// One judgement, checked against the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Coding {
    /// The record reference.
    pub record: String,
    /// The category.
    pub category: String,
    /// Add or remove.
    pub action: Action,
    /// The whole sentence judged, in the record's own spelling, when the coding names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<String>,
    /// Who judged.
    pub by: String,
    /// When.
    pub date: NaiveDate,
    /// Why.
    pub reason: String,
}

/// The codings of one file, in file order.
#[derive(Debug, Clone, Default)]
pub struct Codings {
    /// The judgements.
    pub list: Vec<Coding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodingFile {
    #[serde(rename = "coding", default)]
    codings: Vec<RawCoding>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCoding {
    record: toml::Spanned<String>,
    category: String,
    action: Action,
    #[serde(default)]
    sentence: Option<String>,
    by: String,
    date: toml::value::Datetime,
    reason: String,
}

/// A coding file that cannot be used, with the file, the line and what to do.
#[derive(Debug)]
pub enum CodingError {
    /// Not valid TOML, an unknown key or action (with line and column).
    Syntax {
        /// The file.
        file: String,
        /// What the TOML reader says.
        message: String,
    },
    /// One coding is wrong.
    Coding {
        /// The file.
        file: String,
        /// The line of the coding's `record`.
        line: usize,
        /// What is wrong.
        problem: CodingProblem,
    },
}

/// What is wrong with one coding.
#[derive(Debug)]
pub enum CodingProblem {
    /// Its record is not in the input.
    UnknownRecord(String),
    /// Its category is not one the lexicon knows.
    UnknownCategory {
        /// What was written.
        given: String,
        /// The categories there are.
        known: Vec<String>,
    },
    /// `by` or `reason` is empty.
    Unsigned(&'static str),
    /// `date` is no date.
    BadDate(String),
    /// The record has no text to choose a sentence from.
    NoText(String),
    /// `sentence` is empty.
    EmptySentence,
    /// The words stand in no sentence of the record.
    WordsNotFound {
        /// The words.
        words: String,
        /// The record.
        record: String,
    },
    /// The words stand in several sentences.
    WordsAmbiguous {
        /// The words.
        words: String,
        /// In how many sentences.
        count: usize,
        /// The record.
        record: String,
    },
}

crate::error_worded_by_the_command_layer!(CodingError, CodingProblem);

impl Codings {
    /// Reads a coding file and checks every coding against the records: the record must be
    /// in the input, the category known, the sentence words found in exactly one sentence
    /// of its text, and who, when and why given. An error names the file and line.
    pub fn parse(text: &str, name: &str, records: &[Record]) -> Result<Codings, CodingError> {
        let file: CodingFile = toml::from_str(text).map_err(|e| CodingError::Syntax {
            file: name.to_string(),
            message: e.to_string(),
        })?;
        let by_ref: HashMap<&str, &Record> = records.iter().map(|r| (r.reference.as_str(), r)).collect();
        let mut list = Vec::new();
        for raw in file.codings {
            let line = text[..raw.record.span().start.min(text.len())].lines().count().max(1);
            let at = |problem: CodingProblem| CodingError::Coding {
                file: name.to_string(),
                line,
                problem,
            };
            let reference = raw.record.get_ref().trim();
            let record = by_ref
                .get(reference)
                .ok_or_else(|| at(CodingProblem::UnknownRecord(reference.to_string())))?;
            if !CATEGORIES.contains(&raw.category.as_str()) {
                return Err(at(CodingProblem::UnknownCategory {
                    given: raw.category.clone(),
                    known: CATEGORIES.iter().map(|c| c.to_string()).collect(),
                }));
            }
            for (field, value) in [("by", &raw.by), ("reason", &raw.reason)] {
                if value.trim().is_empty() {
                    return Err(at(CodingProblem::Unsigned(field)));
                }
            }
            let date = raw
                .date
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
                .ok_or_else(|| at(CodingProblem::BadDate(raw.date.to_string())))?;
            let sentence = match &raw.sentence {
                None => None,
                Some(words) => Some(find_sentence(record, words).map_err(at)?),
            };
            list.push(Coding {
                record: reference.to_string(),
                category: raw.category,
                action: raw.action,
                sentence,
                by: raw.by.trim().to_string(),
                date,
                reason: raw.reason.trim().to_string(),
            });
        }
        Ok(Codings { list })
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The readings with every coding applied, in file order (a later coding of the same
    /// record and category overrides an earlier one).
    pub fn apply(&self, records: &[Record], mut readings: Vec<Reading>) -> Vec<Reading> {
        let index: HashMap<&str, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.reference.as_str(), i))
            .collect();
        for coding in &self.list {
            let Some(&i) = index.get(coding.record.as_str()) else {
                continue;
            };
            apply_one(&mut readings[i], coding);
        }
        readings
    }
}

fn apply_one(reading: &mut Reading, coding: &Coding) {
    let category = coding.category.as_str();
    let trigger = Trigger::Coding {
        investigator: coding.by.clone(),
        date: coding.date,
        reason: coding.reason.clone(),
        sentence: coding.sentence.clone(),
    };
    match (coding.action, &coding.sentence) {
        (Action::Add, sentence) => {
            match reading.assignments.iter_mut().find(|a| a.category == category) {
                // Already read by the lexicon: the judgement confirms it and is what the
                // findings show for this record.
                Some(a) => a.trigger = trigger,
                None => reading.assignments.push(Assignment {
                    category: category.to_string(),
                    trigger,
                }),
            }
            // A coded sentence is read now: no longer on the review list.
            if let Some(s) = sentence {
                reading.unread.retain(|p| &p.sentence != s);
            }
        }
        (Action::Remove, None) => {
            reading.assignments.retain(|a| a.category != category);
            reading.hits.retain(|h| h.category != category);
        }
        (Action::Remove, Some(sentence)) => {
            reading
                .hits
                .retain(|h| !(h.category == category && &h.sentence == sentence));
            let rests_on_sentence = reading.assignments.iter().any(|a| {
                a.category == category && matches!(&a.trigger, Trigger::Words { sentence: s, .. } if s == sentence)
            });
            if rests_on_sentence {
                // Another sentence of the record may still show it; else it goes.
                let next = reading
                    .hits
                    .iter()
                    .find(|h| h.category == category)
                    .map(|h| Trigger::Words {
                        words: h.words.clone(),
                        sentence: h.sentence.clone(),
                        rule: h.rule.clone(),
                    });
                match next {
                    Some(t) => {
                        if let Some(a) = reading.assignments.iter_mut().find(|a| a.category == category) {
                            a.trigger = t;
                        }
                    }
                    None => reading.assignments.retain(|a| a.category != category),
                }
            }
        }
    }
}

/// The one sentence of a record's text that holds `words` (compared without case, accents
/// or extra spaces).
fn find_sentence(record: &Record, words: &str) -> Result<String, CodingProblem> {
    let Some(text) = &record.narrative else {
        return Err(CodingProblem::NoText(record.reference.to_string()));
    };
    let squash = |s: &str| fold_text(s).split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = squash(words);
    if wanted.is_empty() {
        return Err(CodingProblem::EmptySentence);
    }
    let found: Vec<String> = Classifier::sentences(text)
        .into_iter()
        .filter(|s| squash(s).contains(&wanted))
        .collect();
    match found.len() {
        1 => Ok(found.into_iter().next().unwrap_or_default()),
        0 => Err(CodingProblem::WordsNotFound {
            words: words.to_string(),
            record: record.reference.to_string(),
        }),
        count => Err(CodingProblem::WordsAmbiguous {
            words: words.to_string(),
            count,
            record: record.reference.to_string(),
        }),
    }
}
