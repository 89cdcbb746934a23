//! The pipeline in one call, for the commands and for tests: classify every record, then
//! resolve persons and incidents. Later stages (graph, detect, dossier) take an
//! [`Analysis`] as their input.

use crate::classify::{Classifier, Reading};
use crate::coding::Codings;
use crate::ingest::Ingested;
use crate::resolve::{Overrides, Resolution};
use crate::rules::RuleSet;
use std::path::Path;

/// The rules every stage after ingest reads from `templates/`.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Lexicon and field rules.
    pub classifier: Classifier,
    /// Thresholds and word lists of resolve and detect.
    pub rules: RuleSet,
}

impl Rules {
    /// From `DIR/lexicon.toml`, `DIR/fields.toml` and `DIR/rules.toml` when a templates
    /// folder is given, else the copies compiled into the binary.
    pub fn load(templates: Option<&Path>) -> Result<Rules, String> {
        Ok(Rules {
            classifier: Classifier::load(templates)?,
            rules: RuleSet::load(templates)?,
        })
    }
}

/// What the stages after ingest found.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// What each record says (parallel to the ingested records), investigators' codings
    /// applied.
    pub readings: Vec<Reading>,
    /// The investigators' codings that were applied.
    pub codings: Codings,
    /// Persons, incidents and cases.
    pub resolution: Resolution,
}

/// Reads every record with the classifier (two threads: the lexicon is the costly part).
/// Even a small case is split: its time goes to the regex engine building its lazy
/// automata, and two threads build them side by side (a 50-incident case: 0.23 s end to
/// end on one thread, 0.20 s on two).
pub fn read_all(classifier: &Classifier, records: &[crate::model::Record]) -> Vec<Reading> {
    let half = records.len() / 2;
    if half < 16 {
        return records.iter().map(|r| classifier.read(r)).collect();
    }
    let (a, b) = records.split_at(half);
    std::thread::scope(|s| {
        let second = s.spawn(|| b.iter().map(|r| classifier.read(r)).collect::<Vec<_>>());
        let mut out: Vec<Reading> = a.iter().map(|r| classifier.read(r)).collect();
        match second.join() {
            Ok(rest) => out.extend(rest),
            // A panic in the lexicon cannot happen for valid regexes; read serially if it did.
            Err(_) => out.extend(b.iter().map(|r| classifier.read(r))),
        }
        out
    })
}

/// Classifies and resolves the ingested records.
pub fn analyse(ingested: &Ingested, rules: &Rules, overrides: &Overrides) -> Analysis {
    analyse_coded(ingested, rules, overrides, &Codings::default())
}

/// Classifies the ingested records, applies the investigators' codings to what the
/// classifier read, and resolves: every later finding rests on the coded readings.
pub fn analyse_coded(ingested: &Ingested, rules: &Rules, overrides: &Overrides, codings: &Codings) -> Analysis {
    let readings = codings.apply(&ingested.records, read_all(&rules.classifier, &ingested.records));
    let resolution = crate::resolve::resolve(&ingested.records, &readings, overrides, &rules.rules.disclosure);
    Analysis {
        readings,
        codings: codings.clone(),
        resolution,
    }
}

/// The event graph and the detectors' findings for an analysis.
pub fn detect(
    ingested: &Ingested,
    analysis: &Analysis,
    rules: &Rules,
) -> (crate::graph::EventGraph, crate::detect::Detection) {
    let graph = crate::graph::build(&ingested.records, analysis, &rules.rules);
    let detection = crate::detect::detect(
        &ingested.records,
        &graph,
        &analysis.resolution.incidents.cases,
        &analysis.resolution.persons,
        &rules.rules,
    );
    (graph, detection)
}
