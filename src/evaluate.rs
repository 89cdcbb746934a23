//! Measuring the pipeline against a generated region's `truth.json`.
//!
//! Person resolution and incident grouping are scored pairwise: of all pairs of mentions
//! the tool put in one person, how many are one person in truth (precision), and of all
//! true pairs how many the tool found (recall). Incidents likewise over the records that
//! are accounts of an incident in truth or in the tool's output. Confusions are listed.

use crate::detect::Kind;
use crate::model::Record;
use crate::resolve::Resolution;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// Pairwise scores.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PairScore {
    /// Of the pairs joined, the share that is right.
    pub precision: f64,
    /// Of the true pairs, the share that was joined.
    pub recall: f64,
    /// Pairs joined and right.
    pub true_pairs: u64,
    /// Pairs joined.
    pub predicted_pairs: u64,
    /// True pairs.
    pub truth_pairs: u64,
}

/// A confusion: units joined wrongly, or kept apart wrongly.
#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    /// `merged` (the tool joined what truth keeps apart) or `split` (the reverse).
    pub kind: &'static str,
    /// The tool's id.
    pub predicted: String,
    /// The truth ids involved.
    pub truth: Vec<String>,
    /// The units (mention keys or record references).
    pub units: Vec<String>,
}

/// The evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Person merges.
    pub persons: PairScore,
    /// Incident grouping.
    pub incidents: PairScore,
    /// Up to 50 confusions of each kind.
    pub confusions: Vec<Confusion>,
}

/// `a / b`, or 1 when there is nothing to score (no predictions: no wrong ones).
fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores a clustering: `units` maps each unit to (predicted cluster, truth cluster).
fn score(units: &[(String, String, String)]) -> (PairScore, Vec<Confusion>) {
    let mut joint: HashMap<(&str, &str), u64> = HashMap::new();
    let mut pred: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    let mut truth: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (unit, p, t) in units {
        *joint.entry((p.as_str(), t.as_str())).or_default() += 1;
        pred.entry(p.as_str()).or_default().push((unit.as_str(), t.as_str()));
        truth.entry(t.as_str()).or_default().push((unit.as_str(), p.as_str()));
    }
    let tp: u64 = joint.values().map(|&n| pairs(n)).sum();
    let pp: u64 = pred.values().map(|v| pairs(v.len() as u64)).sum();
    let tt: u64 = truth.values().map(|v| pairs(v.len() as u64)).sum();
    let mut confusions = Vec::new();
    for (p, members) in &pred {
        let mut ts: Vec<&str> = members.iter().map(|m| m.1).collect();
        ts.sort();
        ts.dedup();
        if ts.len() > 1 && confusions.iter().filter(|c: &&Confusion| c.kind == "merged").count() < 50 {
            confusions.push(Confusion {
                kind: "merged",
                predicted: p.to_string(),
                truth: ts.iter().map(|s| s.to_string()).collect(),
                units: members.iter().map(|m| m.0.to_string()).collect(),
            });
        }
    }
    for (t, members) in &truth {
        let mut ps: Vec<&str> = members.iter().map(|m| m.1).collect();
        ps.sort();
        ps.dedup();
        if ps.len() > 1 && confusions.iter().filter(|c: &&Confusion| c.kind == "split").count() < 50 {
            confusions.push(Confusion {
                kind: "split",
                predicted: ps.join(" | "),
                truth: vec![t.to_string()],
                units: members.iter().map(|m| m.0.to_string()).collect(),
            });
        }
    }
    (
        PairScore {
            precision: ratio(tp, pp),
            recall: ratio(tp, tt),
            true_pairs: tp,
            predicted_pairs: pp,
            truth_pairs: tt,
        },
        confusions,
    )
}

/// Evaluates a resolution of `records` against a generator's truth.
pub fn evaluate(records: &[Record], resolution: &Resolution, truth: &Value) -> Result<Evaluation, String> {
    let households = truth["households"]
        .as_array()
        .ok_or("truth.json: no \"households\" list; is this a truth file of `patroon-lab generate`?")?;
    let mut truth_persons: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut truth_incident: HashMap<&str, &str> = HashMap::new();
    for h in households {
        for r in h["records"].as_array().map(Vec::as_slice).unwrap_or_default() {
            let Some(reference) = r["reference"].as_str() else {
                continue;
            };
            truth_persons.insert(
                reference,
                r["persons"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default(),
            );
            if let Some(inc) = r["incident"].as_str() {
                truth_incident.insert(reference, inc);
            }
        }
    }
    // Persons: each named mention with its truth person (by position among named persons).
    let mut person_units = Vec::new();
    for (ri, record) in records.iter().enumerate() {
        let Some(truth_list) = truth_persons.get(record.reference.as_str()) else {
            continue;
        };
        let named = record.persons.iter().enumerate().filter(|(_, p)| !p.name.role_only);
        for (k, (i, _)) in named.enumerate() {
            let key = format!("{}#p{}", record.reference, i + 1);
            let (Some(pred), Some(t)) = (resolution.persons.person_of(ri, i), truth_list.get(k)) else {
                continue;
            };
            person_units.push((key, pred.id.clone(), t.to_string()));
        }
    }
    // Incidents: records that are accounts in truth or in the tool's output.
    let mut incident_units = Vec::new();
    for record in records {
        let r = record.reference.as_str();
        let pred = resolution.incidents.incident_of.get(r).cloned();
        let t = truth_incident.get(r).map(|s| s.to_string());
        if pred.is_none() && t.is_none() {
            continue;
        }
        incident_units.push((
            r.to_string(),
            pred.unwrap_or_else(|| format!("geen:{r}")),
            t.unwrap_or_else(|| format!("geen:{r}")),
        ));
    }
    let (persons, mut confusions) = score(&person_units);
    let (incidents, more) = score(&incident_units);
    confusions.extend(more);
    Ok(Evaluation {
        persons,
        incidents,
        confusions,
    })
}

/// Scores of behaviour classification.
#[derive(Debug, Clone, Serialize, Default)]
pub struct CategoryScore {
    /// Micro-averaged over (record, category) pairs.
    pub precision: f64,
    /// Micro-averaged recall.
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Per category: precision, recall, f1 and the number of true assignments.
    pub per_category: std::collections::BTreeMap<String, (f64, f64, f64, u64)>,
    /// Every record whose categories differ from the truth.
    pub misses: Vec<RecordMiss>,
}

/// A record whose categories differ from the truth.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RecordMiss {
    /// The record.
    pub reference: String,
    /// Assigned, not true.
    pub extra: Vec<String>,
    /// True, not assigned.
    pub missing: Vec<String>,
}

/// Scores the categories assigned to each record (`assigned[i]` for `records[i]`) against
/// the truth's `records[].categories`. Records not in the truth are left out.
pub fn evaluate_categories(records: &[Record], assigned: &[Vec<String>], truth: &Value) -> CategoryScore {
    let mut truth_cats: HashMap<&str, Vec<&str>> = HashMap::new();
    for h in truth["households"].as_array().map(Vec::as_slice).unwrap_or_default() {
        for r in h["records"].as_array().map(Vec::as_slice).unwrap_or_default() {
            if let Some(reference) = r["reference"].as_str() {
                truth_cats.insert(
                    reference,
                    r["categories"]
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default(),
                );
            }
        }
    }
    // Only categories the truth knows are scored: a category the generator never writes
    // (the victim's stated fear) has no ground truth, so its hits are neither right nor wrong.
    let known: std::collections::BTreeSet<&str> = truth_cats.values().flatten().copied().collect();
    let mut counts: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new(); // tp, fp, fn
    let mut misses = Vec::new();
    for (record, got) in records.iter().zip(assigned) {
        let Some(want) = truth_cats.get(record.reference.as_str()) else {
            continue;
        };
        let mut miss = RecordMiss {
            reference: record.reference.as_str().to_string(),
            ..RecordMiss::default()
        };
        for c in got.iter().filter(|c| known.contains(c.as_str())) {
            let e = counts.entry(c.clone()).or_default();
            if want.contains(&c.as_str()) {
                e.0 += 1;
            } else {
                e.1 += 1;
                miss.extra.push(c.clone());
            }
        }
        for c in want {
            if !got.iter().any(|g| g == c) {
                counts.entry(c.to_string()).or_default().2 += 1;
                miss.missing.push(c.to_string());
            }
        }
        if !miss.extra.is_empty() || !miss.missing.is_empty() {
            misses.push(miss);
        }
    }
    let f1 = |p: f64, r: f64| if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    let (tp, fp, fn_) = counts
        .values()
        .fold((0, 0, 0), |acc, c| (acc.0 + c.0, acc.1 + c.1, acc.2 + c.2));
    let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    CategoryScore {
        precision,
        recall,
        f1: f1(precision, recall),
        per_category: counts
            .into_iter()
            .map(|(c, (tp, fp, fn_))| {
                let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
                (c, (p, r, f1(p, r), tp + fn_))
            })
            .collect(),
        misses,
    }
}

/// Precision and recall of one pattern kind over (household, kind, category) findings.
#[derive(Debug, Clone, Serialize, Default)]
pub struct KindScore {
    /// Of the patterns found, the share that truth has.
    pub precision: f64,
    /// Of the truth's patterns, the share found.
    pub recall: f64,
    /// Found and in truth.
    pub true_positives: u64,
    /// Found, not in truth.
    pub false_positives: u64,
    /// In truth, not found.
    pub false_negatives: u64,
}

/// The pattern kinds the generator's truth holds; the detectors' other kinds (frequency
/// escalation, multi-agency convergence) have no ground truth and are not scored.
pub const TRUTH_KINDS: [Kind; 8] = [
    Kind::Recurrence,
    Kind::Escalation,
    Kind::Separation,
    Kind::PostSeparationStalking,
    Kind::OrderBreach,
    Kind::ComplaintWithdrawn,
    Kind::ChildrenPresent,
    Kind::PriorVictim,
];

/// Pattern scores per kind, and the specificity on households without a pattern.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PatternScore {
    /// Per kind.
    pub per_kind: BTreeMap<String, KindScore>,
    /// Of the households whose truth has no pattern (other than `children_present`), the
    /// share where the tool finds none either.
    pub specificity: f64,
    /// How many such households.
    pub households_without_pattern: u64,
}

/// Scores the detected patterns against truth. Per household, the tool's patterns are
/// those of its main case (the case with the most records in the household), as the
/// dossier would show; a pattern is identified by its kind and category.
pub fn evaluate_patterns(
    cases: &[crate::resolve::incidents::Case],
    patterns: &[crate::detect::Finding],
    truth: &Value,
) -> PatternScore {
    let households = truth["households"].as_array().map(Vec::as_slice).unwrap_or_default();
    let mut household_of: HashMap<&str, usize> = HashMap::new();
    for (h, hh) in households.iter().enumerate() {
        for r in hh["records"].as_array().map(Vec::as_slice).unwrap_or_default() {
            if let Some(reference) = r["reference"].as_str() {
                household_of.insert(reference, h);
            }
        }
    }
    // The main case of each household.
    let mut main_case: HashMap<usize, (&str, usize)> = HashMap::new();
    for case in cases {
        let mut per: HashMap<usize, usize> = HashMap::new();
        for r in &case.records {
            if let Some(&h) = household_of.get(r.as_str()) {
                *per.entry(h).or_default() += 1;
            }
        }
        for (h, n) in per {
            let e = main_case.entry(h).or_insert((case.id.as_str(), 0));
            if n > e.1 || (n == e.1 && case.id.as_str() < e.0) {
                *e = (case.id.as_str(), n);
            }
        }
    }
    let case_household: HashMap<&str, usize> = main_case.iter().map(|(h, (c, _))| (*c, *h)).collect();
    let key = |kind: &str, category: Option<&str>| format!("{kind}/{}", category.unwrap_or(""));
    let mut found: std::collections::BTreeSet<(usize, String, String)> = Default::default();
    for p in patterns.iter().filter(|p| TRUTH_KINDS.contains(&p.kind)) {
        if let Some(&h) = case_household.get(p.case.as_str()) {
            let kind = p.kind.id();
            found.insert((h, kind.clone(), key(&kind, p.category.as_deref())));
        }
    }
    let mut wanted: std::collections::BTreeSet<(usize, String, String)> = Default::default();
    for (h, hh) in households.iter().enumerate() {
        for p in hh["patterns"].as_array().map(Vec::as_slice).unwrap_or_default() {
            let kind = p["kind"].as_str().unwrap_or("");
            wanted.insert((h, kind.to_string(), key(kind, p["category"].as_str())));
        }
    }
    let mut per_kind: BTreeMap<String, KindScore> = BTreeMap::new();
    for f in &found {
        let e = per_kind.entry(f.1.clone()).or_default();
        if wanted.contains(f) {
            e.true_positives += 1;
        } else {
            e.false_positives += 1;
        }
    }
    for w in &wanted {
        if !found.contains(w) {
            per_kind.entry(w.1.clone()).or_default().false_negatives += 1;
        }
    }
    for s in per_kind.values_mut() {
        s.precision = ratio(s.true_positives, s.true_positives + s.false_positives);
        s.recall = ratio(s.true_positives, s.true_positives + s.false_negatives);
    }
    let quiet = |set: &std::collections::BTreeSet<(usize, String, String)>, h: usize| {
        set.range((h, String::new(), String::new())..(h + 1, String::new(), String::new()))
            .all(|x| x.1 == "children_present")
    };
    let mut without = 0u64;
    let mut agreed = 0u64;
    for h in 0..households.len() {
        if quiet(&wanted, h) {
            without += 1;
            if quiet(&found, h) {
                agreed += 1;
            }
        }
    }
    PatternScore {
        per_kind,
        specificity: if without == 0 {
            1.0
        } else {
            agreed as f64 / without as f64
        },
        households_without_pattern: without,
    }
}
