//! A small hand-built event graph for the detectors' unit tests: one case (a victim and a
//! suspect) with incidents on given days and categories, each told by one organisation,
//! optionally an earlier victim of the same suspect and decisions on given days. The
//! graph has the nodes and edges `graph::build` would give such a case (incidents, their
//! accounts, the persons they involve, the *next* edges in time order), so the detectors
//! read it exactly as they read a real one.

use super::{CaseFindings, CaseGraph, Context, Detector};
use crate::classify::Trigger;
use crate::graph::{CaseTimeline, Edge, EventGraph, Evidence, IncidentFacts, Nature, Node};
use crate::model::{Record, RecordKind, Role, TimePoint, When};
use crate::resolve::incidents::Case;
use chrono::NaiveDate;
use petgraph::stable_graph::StableGraph;
use std::collections::{BTreeMap, BTreeSet};

/// The victim's name in every test case.
pub const VICTIM_NAME: &str = "Anna Jansen";
const VICTIM: &str = "person:victim";
const SUSPECT: &str = "person:suspect";
const EARLIER: &str = "person:earlier";

struct TestIncident {
    organisation: String,
    when: When,
    categories: Vec<String>,
    earlier_victim: bool,
}

/// A case being built; `run` walks it from its graph and runs a detector.
pub struct TestCase {
    incidents: Vec<TestIncident>,
    decisions: Vec<(NaiveDate, Option<usize>)>,
    earlier_name: Option<String>,
}

/// "2024-03-01" is a day, "2024-03" a month, "2021-09..2023-02" a period.
fn when(text: &str) -> When {
    if let Some((from, until)) = text.split_once("..") {
        return When {
            from: when(from).from,
            until: Some(when(until).from),
            open_ended: false,
        };
    }
    let point = match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) => TimePoint::Day(day),
        Err(_) => {
            let (year, month) = text.split_once('-').expect("YYYY-MM");
            TimePoint::Month {
                year: year.parse().expect("year"),
                month: month.parse().expect("month"),
            }
        }
    };
    When::point(point)
}

impl TestCase {
    /// An empty case.
    pub fn new() -> Self {
        TestCase {
            incidents: Vec::new(),
            decisions: Vec::new(),
            earlier_name: None,
        }
    }

    /// An incident told by the police.
    pub fn incident(self, day: &str, categories: &[&str]) -> Self {
        self.incident_at("politie", day, categories)
    }

    /// An incident told by `organisation`.
    pub fn incident_at(mut self, organisation: &str, day: &str, categories: &[&str]) -> Self {
        self.incidents.push(TestIncident {
            organisation: organisation.into(),
            when: when(day),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            earlier_victim: false,
        });
        self
    }

    /// An incident of the same suspect with another woman, `name`, in a case of its own.
    pub fn earlier_victim(mut self, name: &str, day: &str, categories: &[&str]) -> Self {
        self.earlier_name = Some(name.into());
        self.incidents.push(TestIncident {
            organisation: "politie".into(),
            when: when(day),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            earlier_victim: true,
        });
        self
    }

    /// An OM decision in the case on `day`.
    pub fn decision(mut self, day: &str) -> Self {
        self.decisions
            .push((NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("day"), None));
        self
    }

    /// An OM decision on `day` about incident number `incident` (a *refers to* edge).
    pub fn decision_on(mut self, day: &str, incident: usize) -> Self {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("day");
        self.decisions.push((day, Some(incident)));
        self
    }

    /// Runs one detector on the (first) case.
    pub fn run(&self, detector: &dyn Detector) -> CaseFindings {
        self.run_all(&[detector])
    }

    /// Runs detectors in order on the (first) case.
    pub fn run_all(&self, detectors: &[&dyn Detector]) -> CaseFindings {
        let rules = crate::rules::RuleSet::load(None).expect("rules");
        let mut records = Vec::new();
        let mut graph: StableGraph<Node, Edge> = StableGraph::new();
        let victim = graph.add_node(Node::Person(VICTIM.into()));
        let suspect = graph.add_node(Node::Person(SUSPECT.into()));
        let earlier = graph.add_node(Node::Person(EARLIER.into()));
        let mut facts = Vec::new();
        let mut incident_nodes = Vec::new();
        let mut cases = [
            Case {
                id: "case:suspect~victim".into(),
                suspect: SUSPECT.into(),
                victim: VICTIM.into(),
                children: Vec::new(),
                others: Vec::new(),
                incidents: Vec::new(),
                records: Vec::new(),
                roles_unclear: false,
            },
            Case {
                id: "case:suspect~earlier".into(),
                suspect: SUSPECT.into(),
                victim: EARLIER.into(),
                children: Vec::new(),
                others: Vec::new(),
                incidents: Vec::new(),
                records: Vec::new(),
                roles_unclear: false,
            },
        ];
        for (k, t) in self.incidents.iter().enumerate() {
            let reference = format!("{}:R{k}", t.organisation);
            let node = graph.add_node(Node::Incident(k));
            let record_node = graph.add_node(Node::Record(records.len()));
            records.push(Record::for_test(
                &reference,
                RecordKind::Report,
                Some(t.when.clone()),
                Vec::new(),
            ));
            graph.add_edge(record_node, node, Edge::AccountOf);
            let (her, case) = if t.earlier_victim { (earlier, 1) } else { (victim, 0) };
            graph.add_edge(node, her, Edge::Involves(Role::Victim));
            graph.add_edge(node, suspect, Edge::Involves(Role::Suspect));
            let id = format!("incident:{k}");
            cases[case].incidents.push(id.clone());
            cases[case].records.push(reference.clone());
            let (start, end) = (t.when.start_bound(), t.when.end_bound(t.when.earliest().date()));
            let categories: BTreeMap<String, Vec<Evidence>> = t
                .categories
                .iter()
                .map(|c| {
                    let evidence = Evidence {
                        record: reference.clone(),
                        trigger: Trigger::Field {
                            field: "test".into(),
                            value: c.clone(),
                        },
                    };
                    (c.clone(), vec![evidence])
                })
                .collect();
            facts.push(IncidentFacts {
                id,
                when: Some(t.when.clone()),
                first_day: Some(start.day),
                last_day: Some(end.day),
                bounds: Some((start, end)),
                dated_act: t.when.precision() <= crate::model::Precision::Day,
                severity: t.categories.iter().map(|c| rules.severity_of(c)).max().unwrap_or(0),
                categories,
                organisations: BTreeSet::from([t.organisation.clone()]),
                records: vec![reference],
            });
            incident_nodes.push(node);
        }
        for (k, (day, about)) in self.decisions.iter().enumerate() {
            let reference = format!("om:D{k}");
            let node = graph.add_node(Node::Record(records.len()));
            if let Some(incident) = about {
                graph.add_edge(node, incident_nodes[*incident], Edge::RefersTo);
            }
            let day = When::point(TimePoint::Day(*day));
            records.push(Record::for_test(
                &reference,
                RecordKind::Decision,
                Some(day),
                Vec::new(),
            ));
            cases[0].records.push(reference);
        }
        // Each case's incidents in time order, joined by its *next* edges.
        let mut timelines = Vec::new();
        for (index, case) in cases.iter().enumerate() {
            let mut order: Vec<usize> = (0..facts.len())
                .filter(|&k| case.incidents.contains(&facts[k].id))
                .collect();
            order.sort_by_key(|&k| facts[k].first_day);
            for pair in order.windows(2) {
                let next = Edge::Next {
                    case: index,
                    overlaps: false,
                };
                graph.add_edge(incident_nodes[pair[0]], incident_nodes[pair[1]], next);
            }
            timelines.push(CaseTimeline {
                case: case.id.clone(),
                incidents: order,
                overlapping: Vec::new(),
            });
        }
        let event_graph = EventGraph {
            graph,
            natures: vec![Nature::Observed; records.len()],
            incident_index: facts.iter().enumerate().map(|(k, f)| (f.id.clone(), k)).collect(),
            incidents: facts,
            cases: timelines,
            contradictions: Vec::new(),
            breaches: Vec::new(),
            incident_nodes,
        };
        let walked: Vec<CaseGraph> = cases
            .iter()
            .enumerate()
            .map(|(index, case)| CaseGraph::walk(&event_graph, index, case))
            .collect();
        let by_ref: BTreeMap<&str, &Record> = records.iter().map(|r| (r.reference.as_str(), r)).collect();
        let names: BTreeMap<&str, String> = [
            (VICTIM, VICTIM_NAME.to_string()),
            (SUSPECT, "Piet de Vries".to_string()),
            (EARLIER, self.earlier_name.clone().unwrap_or_default()),
        ]
        .into_iter()
        .map(|(id, name)| (id, crate::classify::fold_text(&name)))
        .collect();
        let flagged = super::Kind::parse_list(&rules.detect.red_flag_patterns).expect("red_flag_patterns");
        let context = Context {
            rules: &rules.detect,
            flagged_patterns: &flagged,
            cases: &walked,
            records: &by_ref,
            folded_names: &names,
        };
        let mut found = CaseFindings::default();
        for detector in detectors {
            detector.run(&walked[0], &context, &mut found);
        }
        found
    }
}
