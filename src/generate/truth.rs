//! `truth.json`: what a correct tool finds in the generated region, household by household.
//!
//! The truth lists what the records evidence, not more: an incident's categories are the
//! categories that at least one of its records asserts (in its text or its structured
//! fields), so nothing is in the truth that no record shows. Patterns are derived from those
//! incidents by the rules documented in the README ("truth.json").

use super::render::{RecordTruth, Rendered};
use super::world::{Household, Incident, When};
use super::{Options, Split};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

/// Version of the truth format and generation rules.
pub const TRUTH_VERSION: &str = "1";

/// Streams `truth.json`: `{"generator": {...}, "households": [ ... ]}`.
pub struct TruthWriter {
    out: BufWriter<std::fs::File>,
    first: bool,
}

impl TruthWriter {
    /// Creates the file and writes its head.
    pub fn create(path: &Path, options: &Options) -> Result<TruthWriter, String> {
        let file = std::fs::File::create(path).map_err(|e| format!("kan {} niet schrijven: {e}", path.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let head = json!({
            "version": TRUTH_VERSION,
            "households": options.households,
            "seed": options.seed,
            "split": match options.split { Split::Dev => "dev", Split::Eval => "eval", Split::Eval2 => "eval2", Split::Eval3 => "eval3", Split::Eval4 => "eval4", Split::Eval5 => "eval5" },
        });
        write!(out, "{{\"generator\": {head},\n\"households\": [\n").map_err(|e| e.to_string())?;
        Ok(TruthWriter { out, first: true })
    }

    /// Appends one household.
    pub fn write(&mut self, h: &Household, r: &Rendered) -> Result<(), String> {
        if !self.first {
            self.out.write_all(b",\n").map_err(|e| e.to_string())?;
        }
        self.first = false;
        serde_json::to_writer(&mut self.out, &household_truth(h, r)).map_err(|e| e.to_string())
    }

    /// Closes the document.
    pub fn finish(mut self) -> Result<(), String> {
        self.out.write_all(b"\n]}\n").map_err(|e| e.to_string())?;
        super::flush(&mut self.out, "truth.json")
    }
}

fn day_label(w: &When) -> (String, String) {
    (
        w.start().format("%Y-%m-%d").to_string(),
        w.end().format("%Y-%m-%d").to_string(),
    )
}

/// The truth of one household.
pub fn household_truth(h: &Household, r: &Rendered) -> Value {
    // Accounts and mentions per incident, and the categories its records evidence.
    let mut accounts: BTreeMap<&str, Vec<&RecordTruth>> = BTreeMap::new();
    let mut mentioned: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in &r.records {
        if let Some(i) = &t.incident {
            accounts.entry(i.as_str()).or_default().push(t);
        }
        for m in &t.mentions {
            mentioned.entry(m.as_str()).or_default().push(t.reference.as_str());
        }
    }
    let evidenced = |inc: &Incident| -> Vec<&'static str> {
        let mut cats: Vec<&'static str> = accounts
            .get(inc.id.as_str())
            .map(|recs| recs.iter().flat_map(|t| t.categories.iter().copied()).collect())
            .unwrap_or_default();
        cats.sort();
        cats.dedup();
        cats
    };
    // The accounts of an incident; with a category, only those that evidence it.
    let refs_of = |inc: &Incident, category: Option<&str>| -> Vec<String> {
        accounts
            .get(inc.id.as_str())
            .map(|v| {
                v.iter()
                    .filter(|t| category.is_none_or(|c| t.categories.contains(&c)))
                    .map(|t| t.reference.clone())
                    .collect()
            })
            .unwrap_or_default()
    };

    let incidents: Vec<Value> = h
        .incidents
        .iter()
        .map(|inc| {
            let (start, end) = day_label(&inc.when);
            let mut v = json!({
                "id": inc.id,
                "kind": match inc.when { When::Act(..) => "act", When::Period(..) => "period" },
                "start": start,
                "end": end,
                "categories": evidenced(inc),
                "children_present": evidenced(inc).contains(&"children_present"),
                "earlier_victim": inc.prior,
                "records": refs_of(inc, None),
                "mentioned_in": mentioned.get(inc.id.as_str()).cloned().unwrap_or_default(),
            });
            if let When::Act(_, t) = inc.when {
                v["time"] = json!(t.format("%H:%M").to_string());
            }
            v
        })
        .collect();

    // Persons and the records whose structured fields name them.
    let mut person_records: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in &r.records {
        for p in &t.persons {
            person_records.entry(p.as_str()).or_default().push(t.reference.as_str());
        }
    }
    let mut people = vec![
        ("victim", &h.victim),
        ("suspect", &h.suspect),
        ("relative", &h.relative),
        ("neighbour", &h.neighbour),
    ];
    people.extend(h.children.iter().map(|c| ("child", c)));
    if let Some(p) = &h.prior_victim {
        people.push(("earlier_victim", p));
    }
    let persons: Vec<Value> = people
        .into_iter()
        .filter(|(_, p)| person_records.contains_key(p.id.as_str()))
        .map(|(role, p)| {
            json!({
                "id": p.id,
                "role": role,
                "name": p.full_name(),
                "given_names": p.given,
                "tussenvoegsel": p.tussenvoegsel,
                "surname": p.surname,
                "birth_date": p.birth.format("%Y-%m-%d").to_string(),
                "bsn": p.bsn,
                "records": person_records.get(p.id.as_str()).cloned().unwrap_or_default(),
            })
        })
        .collect();

    let unresolved: Vec<Value> = r
        .records
        .iter()
        .flat_map(|t| {
            t.unresolved
                .iter()
                .map(move |(text, person)| json!({"record": t.reference, "text": text, "probable_person": person}))
        })
        .collect();

    let records: Vec<Value> = r
        .records
        .iter()
        .map(|t| {
            json!({"reference": t.reference, "incident": t.incident, "mentions": t.mentions,
                   "categories": t.categories, "persons": t.persons})
        })
        .collect();

    let (patterns, red_flags) = patterns(h, &evidenced, &refs_of);
    json!({
        "id": h.id,
        "kind": h.kind,
        "town": h.town,
        "persons": persons,
        "unresolved_mentions": unresolved,
        "incidents": incidents,
        "records": records,
        "patterns": patterns,
        "red_flags": red_flags,
    })
}

fn pattern(
    kind: &str,
    category: Option<&str>,
    evidence: Option<&str>,
    incs: &[&Incident],
    refs_of: &dyn Fn(&Incident, Option<&str>) -> Vec<String>,
    extra: Value,
) -> Value {
    let start = incs
        .iter()
        .map(|i| i.when.start())
        .min()
        .map(|d| d.format("%Y-%m-%d").to_string());
    let end = incs
        .iter()
        .map(|i| i.when.end())
        .max()
        .map(|d| d.format("%Y-%m-%d").to_string());
    let mut records: Vec<String> = incs.iter().flat_map(|i| refs_of(i, evidence)).collect();
    records.sort();
    records.dedup();
    let mut v = json!({
        "kind": kind,
        "start": start,
        "end": end,
        "incidents": incs.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        "records": records,
    });
    if let Some(c) = category {
        v["category"] = json!(c);
    }
    if let (Some(obj), Value::Object(more)) = (v.as_object_mut(), extra) {
        obj.extend(more);
    }
    v
}

/// Patterns and red flags by the rules of the README.
fn patterns(
    h: &Household,
    evidenced: &dyn Fn(&Incident) -> Vec<&'static str>,
    refs_of: &dyn Fn(&Incident, Option<&str>) -> Vec<String>,
) -> (Vec<Value>, Vec<Value>) {
    let current: Vec<(&Incident, Vec<&'static str>)> = h
        .incidents
        .iter()
        .filter(|i| !i.prior)
        .map(|i| (i, evidenced(i)))
        .collect();
    let with = |c: &str| -> Vec<&Incident> {
        current
            .iter()
            .filter(|(_, cats)| cats.contains(&c))
            .map(|(i, _)| *i)
            .collect()
    };
    let mut out = Vec::new();
    let mut flags = Vec::new();

    // Recurrence: a category in two or more distinct incidents.
    let mut categories: Vec<&'static str> = current.iter().flat_map(|(_, c)| c.iter().copied()).collect();
    categories.sort();
    categories.dedup();
    let not_recurring = ["ctx_separation", "children_present", "complaint_withdrawn"];
    for c in categories.iter().filter(|c| !not_recurring.contains(*c)) {
        let incs = with(c);
        if incs.len() >= 2 {
            let count = json!({"count": incs.len()});
            out.push(pattern("recurrence", Some(c), Some(c), &incs, refs_of, count));
        }
    }

    // Escalation, by the rule the detector uses (`templates/rules.toml`): among at least
    // `escalation_min_acts` acts with some severity, at least `escalation_min_steps` acts
    // each more severe than every act before them.
    let rules = crate::rules::RuleSet::built_in().unwrap_or_else(|e| panic!("built-in rules.toml: {e}"));
    let acts: Vec<(&Incident, u8)> = current
        .iter()
        .filter(|(i, _)| matches!(i.when, When::Act(..)))
        .map(|(i, cats)| (*i, cats.iter().map(|c| rules.severity_of(c)).max().unwrap_or(0)))
        .filter(|(_, s)| *s > 0)
        .collect();
    let mut escalation = None;
    if !acts.is_empty() && acts.len() >= rules.detect.escalation_min_acts {
        let mut highest = acts[0].1;
        let mut steps = vec![0usize];
        for (k, a) in acts.iter().enumerate().skip(1) {
            if a.1 > highest {
                highest = a.1;
                steps.push(k);
            }
        }
        if steps.len() > rules.detect.escalation_min_steps {
            let peak = steps[steps.len() - 1];
            let incs: Vec<&Incident> = acts[..=peak].iter().map(|a| a.0).collect();
            let steps: Vec<Value> = acts[..=peak]
                .iter()
                .map(|(i, s)| json!({"incident": i.id, "date": i.when.start().format("%Y-%m-%d").to_string(), "severity": s}))
                .collect();
            out.push(pattern(
                "escalation",
                None,
                None,
                &incs,
                refs_of,
                json!({"severity_steps": steps}),
            ));
            escalation = Some(incs);
        }
    }

    // Separation (as the records evidence it) and what followed within 180 days.
    let separation = with("ctx_separation");
    if let Some(day) = separation.first().map(|i| i.when.start()) {
        let after: Vec<&str> = current
            .iter()
            .filter(|(i, _)| i.when.start() > day && i.when.start() <= day + chrono::Duration::days(180))
            .map(|(i, _)| i.id.as_str())
            .collect();
        let extra = json!({"date": day.format("%Y-%m-%d").to_string(), "incidents_after": after});
        out.push(pattern(
            "separation",
            None,
            Some("ctx_separation"),
            &separation[..1],
            refs_of,
            extra,
        ));
        let stalking: Vec<&Incident> = with("stalking").into_iter().filter(|i| i.when.start() > day).collect();
        if !stalking.is_empty() {
            out.push(pattern(
                "post_separation_stalking",
                None,
                Some("stalking"),
                &stalking,
                refs_of,
                json!({}),
            ));
            flags.push(flag("post_separation_stalking", Some("stalking"), &stalking, refs_of));
        }
    }
    for (kind, category) in [
        ("order_breach", "order_breach"),
        ("complaint_withdrawn", "complaint_withdrawn"),
        ("children_present", "children_present"),
    ] {
        let incs = with(category);
        if !incs.is_empty() {
            let count = json!({"count": incs.len()});
            out.push(pattern(kind, None, Some(category), &incs, refs_of, count));
        }
    }
    let prior: Vec<&Incident> = h.incidents.iter().filter(|i| i.prior).collect();
    if let (false, Some(p)) = (prior.is_empty(), &h.prior_victim) {
        let extra = json!({"earlier_victim": p.id, "suspect": h.suspect.id});
        out.push(pattern("prior_victim", None, None, &prior, refs_of, extra));
    }

    for category in [
        "strangulation",
        "threat_to_kill",
        "weapon",
        "sexual_violence",
        "suicide_threat",
        "jealousy",
    ] {
        let incs = with(category);
        if !incs.is_empty() {
            flags.push(flag(category, Some(category), &incs, refs_of));
        }
    }
    if let Some(incs) = escalation {
        flags.push(flag("escalation", None, &incs, refs_of));
    }
    flags.sort_by(|a, b| {
        a["date"]
            .as_str()
            .cmp(&b["date"].as_str())
            .then(a["id"].as_str().cmp(&b["id"].as_str()))
    });
    (out, flags)
}

fn flag(
    id: &str,
    evidence: Option<&str>,
    incs: &[&Incident],
    refs_of: &dyn Fn(&Incident, Option<&str>) -> Vec<String>,
) -> Value {
    let mut records: Vec<String> = incs.iter().flat_map(|i| refs_of(i, evidence)).collect();
    records.sort();
    records.dedup();
    json!({
        "id": id,
        "date": incs.iter().map(|i| i.when.start()).min().map(|d| d.format("%Y-%m-%d").to_string()),
        "incidents": incs.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        "records": records,
    })
}
