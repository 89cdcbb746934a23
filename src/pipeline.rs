//! The pipeline in one call, for the commands and for tests: classify every record, then
//! resolve persons and incidents. Later stages (graph, detect, dossier) take an
//! [`Analysis`] as their input.

use crate::classify::{Classifier, Reading};
use crate::coding::Codings;
use crate::ingest::Ingested;
use crate::resolve::{Overrides, Resolution};
use crate::rules::RuleSet;
use crate::templates::TemplateError;
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
    pub fn load(templates: Option<&Path>) -> Result<Rules, TemplateError> {
        let rules = RuleSet::load(templates)?;
        // A pattern the rule set flags must be one the detectors can find.
        crate::detect::Kind::parse_list(&rules.detect.red_flag_patterns)
            .map_err(|e| TemplateError::invalid("rules.toml", e))?;
        Ok(Rules {
            classifier: Classifier::load(templates)?,
            rules,
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

/// Reads every record with the classifier, on two threads: the lexicon is the costly
/// part. The threads take the records in chunks, each the next one free, so neither waits
/// while the other reads a stretch of long texts; the readings come back in record order.
/// Even a small case is split: its time goes to the regex engine building its lazy
/// automata, and two threads build them side by side (a 50-incident case: 0.23 s end to
/// end on one thread, 0.20 s on two).
pub fn read_all(classifier: &Classifier, records: &[crate::model::Record]) -> Vec<Reading> {
    const CHUNK: usize = 64;
    if records.len() < 32 {
        return records.iter().map(|r| classifier.read(r)).collect();
    }
    let chunks: Vec<&[crate::model::Record]> = records.chunks(CHUNK.min(records.len() / 2)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done: Vec<(usize, Vec<Reading>)> = Vec::new();
        loop {
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(chunk) = chunks.get(k) else { break };
            done.push((k, chunk.iter().map(|r| classifier.read(r)).collect()));
        }
        done
    };
    let mut done = std::thread::scope(|s| {
        let other = s.spawn(work);
        let mut mine = work();
        match other.join() {
            Ok(theirs) => mine.extend(theirs),
            // A panic in the lexicon cannot happen for valid regexes; what the other thread
            // took is read again here.
            Err(_) => {
                let taken: Vec<usize> = mine.iter().map(|(k, _)| *k).collect();
                for (k, chunk) in chunks.iter().enumerate() {
                    if !taken.contains(&k) {
                        mine.push((k, chunk.iter().map(|r| classifier.read(r)).collect()));
                    }
                }
            }
        }
        mine
    });
    done.sort_by_key(|(k, _)| *k);
    done.into_iter().flat_map(|(_, readings)| readings).collect()
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
    let graph = crate::graph::build(
        &ingested.records,
        &analysis.readings,
        &analysis.resolution,
        &rules.rules,
    );
    let detection = crate::detect::detect(
        &ingested.records,
        &graph,
        &analysis.resolution.incidents.cases,
        &analysis.resolution.persons,
        &rules.rules,
    );
    (graph, detection)
}

/// Everything the pipeline found, as one typed tree: what `dossier --json` writes and what
/// the dossier is written from (see [`crate::findings`]).
pub fn findings(ingested: &Ingested, analysis: &Analysis, rules: &Rules) -> crate::findings::Findings {
    use crate::findings::{
        CategoryEvidence, Days, Findings, HomicideTimeline, IncidentFinding, PersonFinding, Procedural, RecordEvidence,
        RuleSetVersions, TimelineModel,
    };
    let (graph, detection) = detect(ingested, analysis, rules);
    let resolution = &analysis.resolution;
    let merges = resolution.persons.merges_by_person(&ingested.records);
    let persons = resolution
        .persons
        .persons
        .iter()
        .zip(merges)
        .map(|(person, merges)| PersonFinding {
            person: person.clone(),
            merges,
        })
        .collect();
    // The graph's facts are parallel to the resolution's incidents.
    let incidents = resolution
        .incidents
        .incidents
        .iter()
        .zip(&graph.incidents)
        .map(|(incident, facts)| IncidentFinding {
            incident: incident.clone(),
            categories: facts.categories.keys().cloned().collect(),
            severity: facts.severity,
            organisations: facts.organisations.clone(),
            days: Days {
                first: facts.first_day,
                last: facts.last_day,
            },
        })
        .collect();
    let procedural_records = resolution
        .incidents
        .procedural
        .iter()
        .map(|(record, incidents)| Procedural {
            record: record.clone(),
            refers_to: incidents.clone(),
        })
        .collect();
    let mut categories: std::collections::BTreeMap<String, CategoryEvidence> = Default::default();
    for (record, reading) in ingested.records.iter().zip(&analysis.readings) {
        for a in &reading.assignments {
            categories
                .entry(a.category.clone())
                .or_default()
                .records
                .push(RecordEvidence {
                    record: record.reference.to_string(),
                    trigger: a.trigger.clone(),
                });
        }
    }
    let account_nature = ingested
        .records
        .iter()
        .zip(&graph.natures)
        .map(|(r, n)| (r.reference.to_string(), *n))
        .collect();
    let unclassified = ingested
        .records
        .iter()
        .zip(&analysis.readings)
        .flat_map(|(r, reading)| {
            reading.unread.iter().map(|p| crate::classify::RecordPassage {
                record: r.reference.to_string(),
                passage: p.clone(),
            })
        })
        .collect();
    Findings {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sources: ingested.sources.clone(),
        rejects: ingested.rejects.clone(),
        persons,
        unresolved: resolution.persons.unresolved.clone(),
        near_misses: resolution.persons.near_misses.clone(),
        incidents,
        procedural_records,
        cases: resolution.incidents.cases.clone(),
        categories,
        patterns: detection.patterns,
        red_flags: detection.red_flags,
        gaps: detection.gaps,
        homicide_timeline: HomicideTimeline {
            model: TimelineModel::MoncktonSmith2019,
            stages: detection.timeline_stages,
        },
        contradictions: graph.contradictions,
        breaches: graph.breaches,
        account_nature,
        timelines: graph.cases,
        rule_set: RuleSetVersions {
            rules: rules.rules.version.clone(),
            lexicon: rules.classifier.version.clone(),
            review: rules.classifier.review_version.clone(),
        },
        codings: analysis.codings.list.clone(),
        unclassified,
    }
}
