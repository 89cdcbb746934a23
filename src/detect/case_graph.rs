//! One case as the detectors read it, walked from the event graph: its incidents in time
//! order along the case's *next* edges, and per incident the records that refer to it
//! (*refers to*: an OM decision on its feit). What an incident's accounts evidence comes
//! with it ([`IncidentFacts`]).

use crate::graph::{Edge, EventGraph, IncidentFacts, Node};
use crate::resolve::incidents::Case;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::BTreeSet;

/// One incident of a case, with what the graph links to it.
#[derive(Debug, Clone)]
pub struct IncidentView<'a> {
    /// What its accounts evidence.
    pub facts: &'a IncidentFacts,
    /// Records that refer to it (record indexes).
    pub referred_by: Vec<usize>,
}

/// One case: its incidents in time order and what the graph links to them.
#[derive(Debug, Clone)]
pub struct CaseGraph<'a> {
    /// The case (victim, suspect, household, records).
    pub case: &'a Case,
    /// The case's incidents in time order.
    pub incidents: Vec<IncidentView<'a>>,
}

impl<'a> CaseGraph<'a> {
    /// Walks case number `index` of `graph`: from its first incident (the one no *next*
    /// edge of this case points to) along its *next* edges.
    pub fn walk(graph: &'a EventGraph, index: usize, case: &'a Case) -> CaseGraph<'a> {
        let g = &graph.graph;
        let own_next = |e: &Edge| matches!(e, Edge::Next { case: c, .. } if *c == index);
        let members: BTreeSet<NodeIndex> = case.incidents.iter().filter_map(|id| graph.incident_node(id)).collect();
        let first = members
            .iter()
            .copied()
            .find(|&n| !g.edges_directed(n, Direction::Incoming).any(|e| own_next(e.weight())));
        let mut order: Vec<NodeIndex> = Vec::new();
        let mut at = first;
        while let Some(node) = at {
            if order.contains(&node) {
                break; // a cycle cannot be built, but a walk never loops
            }
            order.push(node);
            at = g
                .edges_directed(node, Direction::Outgoing)
                .find(|e| own_next(e.weight()))
                .map(|e| e.target());
        }
        let incidents = order
            .into_iter()
            .filter_map(|node| {
                let Some(Node::Incident(k)) = g.node_weight(node) else {
                    return None;
                };
                let mut referred_by: Vec<usize> = g
                    .edges_directed(node, Direction::Incoming)
                    .filter(|e| matches!(e.weight(), Edge::RefersTo))
                    .filter_map(|e| match g.node_weight(e.source()) {
                        Some(Node::Record(r)) => Some(*r),
                        _ => None,
                    })
                    .collect();
                referred_by.sort_unstable();
                Some(IncidentView {
                    facts: &graph.incidents[*k],
                    referred_by,
                })
            })
            .collect();
        CaseGraph { case, incidents }
    }

    /// The facts of its incidents, in time order.
    pub fn facts(&self) -> Vec<&'a IncidentFacts> {
        self.incidents.iter().map(|i| i.facts).collect()
    }

    /// Its incidents with `category`, in time order.
    pub fn with(&self, category: &str) -> Vec<&'a IncidentFacts> {
        self.incidents
            .iter()
            .map(|i| i.facts)
            .filter(|i| i.has(category))
            .collect()
    }
}
