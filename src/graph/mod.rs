//! Stage 4, `graph`: the time-ordered event graph of incidents, persons and records.
//!
//! Nodes are persons, incidents and records; edges say that an incident *involves* a person
//! (with the role), that a record is an *account of* an incident, that one incident of a
//! case is *next* after another in time, and that a record *refers to* an incident (an OM
//! decision to the feiten of its zaak) or a breach to the order it breaches. Time order
//! respects precision: when two incidents' spans overlap (a month-precise report and a day
//! in that month) the `Next` edge says `overlaps` instead of pretending to know the order.
//!
//! Beside the graph, this stage gathers per incident what its accounts evidence (categories
//! with the record and trigger behind each), the nature of every account, and the
//! accounts of one incident that contradict each other. [`export`] writes the graph for
//! link-analysis tools (GraphML, DOT, JSON).

pub mod export;

use crate::classify::{Reading, Trigger, Voice};
use crate::model::{Record, RecordKind, Role, When};
use crate::resolve::Resolution;
use crate::rules::RuleSet;
use chrono::NaiveDate;
use petgraph::stable_graph::{NodeIndex, StableGraph};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A node of the event graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A resolved person (id).
    Person(String),
    /// An incident (index into [`EventGraph::incidents`]).
    Incident(usize),
    /// A record (index into the ingested records).
    Record(usize),
}

/// An edge of the event graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// Incident → person, with the person's role in the accounts.
    Involves(Role),
    /// Record → incident.
    AccountOf,
    /// Incident → the next incident of the same case; `overlaps` when the spans overlap so
    /// the order is not known. An incident can belong to two cases (a suspect and two
    /// victims), so each edge says whose time line it is part of.
    Next {
        /// The case (index into the resolution's cases).
        case: usize,
        /// True when the order is not known at the precision given.
        overlaps: bool,
    },
    /// Record → incident (a decision on the feiten of its zaak), or breach incident → the
    /// order record it breaches.
    RefersTo,
}

/// What an account is, so a reader can weigh it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    /// What a professional saw (a police mutatie, an ankle-monitor alarm).
    Observed,
    /// What the victim stated (an aangifte, her own report).
    VictimStatement,
    /// What someone else reported (a neighbour, a school, the police to Veilig Thuis).
    ThirdParty,
    /// What the suspect stated.
    SuspectStatement,
    /// A professional's assessment (a charge, a probation or child-protection report).
    Assessment,
    /// A decision (OM, court, mayor).
    Decision,
}

/// The nature of a record as a whole, from its kind, source word and reporter.
pub fn nature_of(record: &Record) -> Nature {
    let source = record.kind.source.to_lowercase();
    let reporter = record
        .attribute("melder")
        .or_else(|| record.attribute("Melder"))
        .unwrap_or("")
        .to_lowercase();
    match record.kind.canonical {
        RecordKind::Complaint => Nature::VictimStatement,
        RecordKind::Registration => Nature::Observed,
        RecordKind::Report if record.layout == "politie" => Nature::Observed,
        RecordKind::Report | RecordKind::AdviceRequest => {
            if reporter.contains("slachtoffer") || reporter.contains("zelf") {
                Nature::VictimStatement
            } else if reporter.contains("pleger") || reporter.contains("verdachte") {
                Nature::SuspectStatement
            } else {
                Nature::ThirdParty
            }
        }
        RecordKind::Charge => Nature::Assessment,
        RecordKind::Decision | RecordKind::ProsecutionCase | RecordKind::RestrainingOrder => Nature::Decision,
        RecordKind::ProbationEvent if source.contains("alarm") => Nature::Observed,
        RecordKind::ProbationEvent if source.contains("schending") => Nature::ThirdParty,
        RecordKind::ChildProtectionEvent if source.contains("uitgesproken") || source.contains("beschikking") => {
            Nature::Decision
        }
        _ => Nature::Assessment,
    }
}

/// One piece of evidence for a category: the record and what in it triggered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Record reference.
    pub record: String,
    /// The field or words.
    #[serde(flatten)]
    pub trigger: Trigger,
}

/// What the accounts of one incident evidence.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentFacts {
    /// Incident id.
    pub id: String,
    /// Its time.
    pub when: Option<When>,
    /// First day it may cover.
    #[serde(skip)]
    pub first_day: Option<NaiveDate>,
    /// Last day it may cover (an open period: the latest registration of its accounts).
    #[serde(skip)]
    pub last_day: Option<NaiveDate>,
    /// Its first and last day at the precision the records give (for what findings say).
    #[serde(skip)]
    pub bounds: Option<(crate::model::Bound, crate::model::Bound)>,
    /// True for an act at day or moment precision (not a period or month).
    pub dated_act: bool,
    /// Category → evidence.
    pub categories: BTreeMap<String, Vec<Evidence>>,
    /// Highest severity of its categories.
    pub severity: u8,
    /// Organisations (layouts) with an account of it.
    pub organisations: BTreeSet<String>,
    /// Its accounts.
    pub records: Vec<String>,
}

impl IncidentFacts {
    /// True when a category is evidenced.
    pub fn has(&self, category: &str) -> bool {
        self.categories.contains_key(category)
    }
}

/// Accounts of one incident that say different things about one category.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Contradiction {
    /// Incident id.
    pub incident: String,
    /// The category.
    pub category: String,
    /// Accounts that assert it.
    pub asserted_by: Vec<String>,
    /// Accounts that negate it or in which the suspect denies it, with the sentence.
    pub disputed_by: Vec<DisputingAccount>,
}

/// One account that disputes a category.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DisputingAccount {
    /// Record reference.
    pub record: String,
    /// Negated, or the suspect's statement.
    pub voice: Voice,
    /// The sentence.
    pub sentence: String,
}

/// The incidents of one case in time order.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CaseTimeline {
    /// Case id.
    pub case: String,
    /// Indexes into [`EventGraph::incidents`], in time order.
    #[serde(skip)]
    pub incidents: Vec<usize>,
    /// Pairs of consecutive incidents whose order is not known at the precision given.
    pub overlapping: Vec<(String, String)>,
}

/// A breach incident and the order or condition it breaches (the latest one of the same
/// suspect imposed before it).
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Breach {
    /// The case.
    pub case: String,
    /// The breach incident.
    pub incident: String,
    /// The order record (huisverbod, conditional sepot, suspension under conditions,
    /// supervision).
    pub order: String,
}

/// The event graph and what was gathered with it.
#[derive(Debug, Clone)]
pub struct EventGraph {
    /// The graph.
    pub graph: StableGraph<Node, Edge>,
    /// Facts per incident, in the order of the resolution's incidents.
    pub incidents: Vec<IncidentFacts>,
    /// Nature per record (parallel to the records).
    pub natures: Vec<Nature>,
    /// Per case, its incidents in time order.
    pub cases: Vec<CaseTimeline>,
    /// Contradicting accounts.
    pub contradictions: Vec<Contradiction>,
    /// Breaches with the order each breaches.
    pub breaches: Vec<Breach>,
    /// Node of each incident.
    pub incident_nodes: Vec<NodeIndex>,
    /// Incident id → its position in [`EventGraph::incidents`].
    pub incident_index: BTreeMap<String, usize>,
}

impl EventGraph {
    /// The node of the incident with this id.
    pub fn incident_node(&self, id: &str) -> Option<NodeIndex> {
        self.incident_index.get(id).map(|&k| self.incident_nodes[k])
    }
}

/// Builds the event graph from the records and what the earlier stages found.
/// `readings` is parallel to `records` (what the classify stage read in each); the graph
/// takes the earlier stages' products, not the pipeline that runs them.
pub fn build(records: &[Record], readings: &[Reading], resolution: &Resolution, rules: &RuleSet) -> EventGraph {
    let by_ref: BTreeMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.reference.as_str(), i))
        .collect();
    let mut graph: StableGraph<Node, Edge> = StableGraph::new();
    let record_nodes: Vec<NodeIndex> = (0..records.len()).map(|i| graph.add_node(Node::Record(i))).collect();
    let mut person_nodes: BTreeMap<&str, NodeIndex> = BTreeMap::new();
    for p in &resolution.persons.persons {
        person_nodes.insert(p.id.as_str(), graph.add_node(Node::Person(p.id.clone())));
    }
    // Sentences that belong to a disclosed incident, not to their record's own incident.
    let mut disclosed_sentences: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut disclosed_categories: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for inc in &resolution.incidents.incidents {
        if let Some(d) = &inc.disclosure {
            disclosed_categories
                .entry(d.record.as_str())
                .or_default()
                .extend(d.categories.iter().map(String::as_str));
        }
    }
    // ... and sentences that only refer back to another incident by its date.
    for r in &resolution.incidents.references {
        disclosed_sentences.insert((r.record.as_str(), r.sentence.as_str()));
    }
    for inc in &resolution.incidents.incidents {
        if let Some(d) = &inc.disclosure {
            for s in &d.sentences {
                disclosed_sentences.insert((d.record.as_str(), s.as_str()));
            }
        }
    }

    let mut incidents = Vec::new();
    let mut incident_nodes = Vec::new();
    let mut contradictions = Vec::new();
    for (k, inc) in resolution.incidents.incidents.iter().enumerate() {
        let node = graph.add_node(Node::Incident(k));
        incident_nodes.push(node);
        let mut categories: BTreeMap<String, Vec<Evidence>> = BTreeMap::new();
        let mut organisations = BTreeSet::new();
        let mut involved: BTreeMap<&str, Role> = BTreeMap::new();
        let mut latest_registration: Option<NaiveDate> = None;
        for reference in &inc.records {
            let Some(&i) = by_ref.get(reference.as_str()) else {
                continue;
            };
            let record = &records[i];
            let reading = &readings[i];
            graph.add_edge(record_nodes[i], node, Edge::AccountOf);
            organisations.insert(record.layout.clone());
            if let Some(w) = record.registered.as_ref().or(record.act.as_ref()) {
                let d = w.days(w.earliest().date()).1;
                latest_registration = Some(latest_registration.map_or(d, |x| x.max(d)));
            }
            for (pos, mention) in record.persons.iter().enumerate() {
                if let Some(p) = resolution.persons.person_of(i, pos) {
                    involved.entry(p.id.as_str()).or_insert(mention.role);
                }
            }
            let mut add = |category: &str, trigger: Trigger| {
                let list = categories.entry(category.to_string()).or_default();
                if !list.iter().any(|e| e.record == *reference) {
                    list.push(Evidence {
                        record: reference.clone(),
                        trigger,
                    });
                }
            };
            match &inc.disclosure {
                // A disclosed incident rests on its sentences only.
                Some(d) => {
                    for h in reading.hits.iter().filter(|h| d.sentences.contains(&h.part)) {
                        if d.categories.contains(&h.category) {
                            add(
                                &h.category,
                                Trigger::Words {
                                    words: h.words.clone(),
                                    sentence: h.sentence.clone(),
                                    rule: h.rule.clone(),
                                },
                            );
                        }
                    }
                }
                // An account: its fields and every sentence not claimed by a disclosure.
                None => {
                    // A field that states only what a disclosure in the same record told
                    // (Veilig Thuis "Seksueel misbruik" for months of forced sex told in a
                    // report about one night) belongs to the disclosed incident.
                    let no_categories = BTreeSet::new();
                    let disclosed_here = disclosed_categories.get(reference.as_str()).unwrap_or(&no_categories);
                    for a in &reading.assignments {
                        let told_elsewhere = disclosed_here.contains(a.category.as_str())
                            && !reading.hits.iter().any(|h| {
                                h.category == a.category
                                    && !disclosed_sentences.contains(&(reference.as_str(), h.part.as_str()))
                            });
                        // Fields, and investigators' codings (the lexicon's words follow below).
                        if let (Trigger::Field { .. } | Trigger::Coding { .. }, false) = (&a.trigger, told_elsewhere) {
                            add(&a.category, a.trigger.clone());
                        }
                    }
                    for h in &reading.hits {
                        if !disclosed_sentences.contains(&(reference.as_str(), h.part.as_str())) {
                            add(
                                &h.category,
                                Trigger::Words {
                                    words: h.words.clone(),
                                    sentence: h.sentence.clone(),
                                    rule: h.rule.clone(),
                                },
                            );
                        }
                    }
                }
            }
        }
        for (p, role) in &involved {
            if let Some(&pn) = person_nodes.get(p) {
                graph.add_edge(node, pn, Edge::Involves(*role));
            }
        }
        // Contradictions: one account asserts, another negates or the suspect denies.
        if inc.disclosure.is_none() {
            for (category, evidence) in &categories {
                let asserting: BTreeSet<&str> = evidence.iter().map(|e| e.record.as_str()).collect();
                let mut disputed_by = Vec::new();
                for reference in &inc.records {
                    let Some(&i) = by_ref.get(reference.as_str()) else {
                        continue;
                    };
                    for d in readings[i].disputed.iter().filter(|d| &d.hit.category == category) {
                        if !asserting.contains(reference.as_str()) || d.voice == Voice::Suspect {
                            disputed_by.push(DisputingAccount {
                                record: reference.clone(),
                                voice: d.voice,
                                sentence: d.hit.sentence.clone(),
                            });
                            break;
                        }
                    }
                }
                if !disputed_by.is_empty() {
                    contradictions.push(Contradiction {
                        incident: inc.id.clone(),
                        category: category.clone(),
                        asserted_by: asserting.iter().map(|s| s.to_string()).collect(),
                        disputed_by,
                    });
                }
            }
        }
        let severity = categories.keys().map(|c| rules.severity_of(c)).max().unwrap_or(0);
        // The days it may cover, at the precision its records give; an open period runs to
        // the latest registration of its accounts.
        let bounds = inc.when.as_ref().map(|w| {
            let open_end = latest_registration.unwrap_or(w.earliest().date());
            (w.start_bound(), w.end_bound(open_end))
        });
        let (first_day, last_day) = (bounds.map(|b| b.0.day), bounds.map(|b| b.1.day));
        let dated_act = inc.when.as_ref().is_some_and(|w| {
            !w.open_ended
                && match &w.until {
                    None => w.from.day().is_some(),
                    Some(u) => w.from.day().is_some() && w.from.day() == u.day(),
                }
        });
        incidents.push(IncidentFacts {
            id: inc.id.clone(),
            when: inc.when.clone(),
            first_day,
            last_day,
            bounds,
            dated_act,
            categories,
            severity,
            organisations,
            records: inc.records.clone(),
        });
    }

    // Procedural records refer to incidents.
    let index_of: BTreeMap<&str, usize> = incidents.iter().enumerate().map(|(k, f)| (f.id.as_str(), k)).collect();
    for (reference, refs) in &resolution.incidents.procedural {
        let Some(&i) = by_ref.get(reference.as_str()) else {
            continue;
        };
        for id in refs {
            if let Some(&k) = index_of.get(id.as_str()) {
                graph.add_edge(record_nodes[i], incident_nodes[k], Edge::RefersTo);
            }
        }
    }

    // Per case: incidents in time order, `Next` edges, overlaps visible.
    let mut cases = Vec::new();
    for (case_index, case) in resolution.incidents.cases.iter().enumerate() {
        let mut list: Vec<usize> = case
            .incidents
            .iter()
            .filter_map(|id| index_of.get(id.as_str()).copied())
            .collect();
        list.sort_by(|&a, &b| {
            crate::resolve::incidents::incident_order(
                &resolution.incidents.incidents[a],
                &resolution.incidents.incidents[b],
            )
        });
        let mut overlapping = Vec::new();
        for pair in list.windows(2) {
            let (a, b) = (&incidents[pair[0]], &incidents[pair[1]]);
            let overlaps = match (a.first_day, a.last_day, b.first_day) {
                (Some(_), Some(a_last), Some(b_first)) => b_first <= a_last && !(a.dated_act && b.dated_act),
                _ => true,
            };
            graph.add_edge(
                incident_nodes[pair[0]],
                incident_nodes[pair[1]],
                Edge::Next {
                    case: case_index,
                    overlaps,
                },
            );
            if overlaps {
                overlapping.push((a.id.clone(), b.id.clone()));
            }
        }
        cases.push(CaseTimeline {
            case: case.id.clone(),
            incidents: list,
            overlapping,
        });
    }
    // Breaches → the order they breach: the latest order of the case's suspect imposed on
    // or before the breach.
    let is_order = |r: &Record| {
        let has = |text: &str, words: &[String]| {
            let folded = crate::classify::fold_text(text);
            words.iter().any(|w| folded.contains(w.as_str()))
        };
        let d = &rules.detect;
        match r.kind.canonical {
            RecordKind::RestrainingOrder => true,
            // Supervision that starts, not a report of its breach or an advice.
            RecordKind::ProbationEvent => {
                has(&r.kind.source, &d.order_words) && !has(&r.kind.source, &d.order_excluded_words)
            }
            // A decision that imposes conditions or a ban, by its kind or codes, or "geschorst
            // onder voorwaarden" in its first sentence.
            RecordKind::Decision => {
                (has(&r.kind.source, &d.order_words) || r.codes.iter().any(|c| has(c, &d.order_words)))
                    || r.narrative
                        .as_deref()
                        .is_some_and(|n| has(n.split('.').next().unwrap_or(""), &d.order_phrases))
            }
            // A police warning, a gedragsaanwijzing, a civil ban: said in the first sentence.
            _ => r
                .narrative
                .as_deref()
                .is_some_and(|n| has(n.split('.').next().unwrap_or(""), &d.order_imposed_phrases)),
        }
    };
    let mut decisions_of_zaak: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if r.kind.canonical == RecordKind::Decision {
            for z in r.refers_to.iter().filter(|z| !z.as_str().contains('#')) {
                decisions_of_zaak.entry(z.as_str()).or_default().push(i);
            }
        }
    }
    let person_by_id: BTreeMap<&str, &crate::resolve::Person> =
        resolution.persons.persons.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut breaches = Vec::new();
    for (timeline, case) in cases.iter().zip(&resolution.incidents.cases) {
        let Some(suspect) = person_by_id.get(case.suspect.as_str()) else {
            continue;
        };
        let mut orders: Vec<(NaiveDate, usize)> = Vec::new();
        for reference in &suspect.records {
            let Some(&i) = by_ref.get(reference.as_str()) else {
                continue;
            };
            let mut candidates = vec![i];
            if records[i].kind.canonical == RecordKind::ProsecutionCase {
                candidates.extend(decisions_of_zaak.get(reference.as_str()).into_iter().flatten().copied());
            }
            for j in candidates {
                if is_order(&records[j]) {
                    if let Some(w) = records[j].act.as_ref().or(records[j].registered.as_ref()) {
                        orders.push((w.earliest().date(), j));
                    }
                }
            }
        }
        orders.sort();
        orders.dedup();
        for &k in &timeline.incidents {
            let facts = &incidents[k];
            if !facts.has("order_breach") {
                continue;
            }
            let Some(day) = facts.last_day else { continue };
            let order = orders
                .iter()
                .filter(|(d, j)| *d <= day && !facts.records.contains(&records[*j].reference.to_string()))
                .max_by_key(|(d, _)| *d);
            if let Some(&(_, j)) = order {
                graph.add_edge(incident_nodes[k], record_nodes[j], Edge::RefersTo);
                breaches.push(Breach {
                    case: case.id.clone(),
                    incident: facts.id.clone(),
                    order: records[j].reference.to_string(),
                });
            }
        }
    }
    let incident_index = index_of.into_iter().map(|(id, k)| (id.to_string(), k)).collect();
    EventGraph {
        breaches,
        graph,
        natures: records.iter().map(nature_of).collect(),
        incidents,
        cases,
        contradictions,
        incident_nodes,
        incident_index,
    }
}
