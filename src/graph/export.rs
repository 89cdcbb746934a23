//! The event graph for link-analysis tools (yEd, Gephi, Cytoscape, i2-style GraphML import):
//! GraphML, Graphviz DOT or JSON, of the whole graph or of one case.
//!
//! One typed description of the graph, [`Export`], feeds all three writers. The JSON is its
//! derived serialisation; GraphML and DOT take each node's and edge's attributes from that
//! same serialisation, in the same order. A field added to [`PersonAttributes`], say, so
//! appears in all three formats with one name and one value: the formats cannot disagree.
//!
//! The output is deterministic (nodes sorted by id, edges by source, target and kind), so
//! the same input gives the same bytes and two exports can be compared with `diff`.
//!
//! Text from the records (names, references, source words) passes through
//! [`crate::text::for_terminal`] first, as on every other output: control and bidi
//! characters become visible escapes, so a hostile name cannot reorder a label in the
//! investigator's tool or break the file's syntax with a line break.

use super::{CaseTimeline, Edge, EventGraph, Nature, Node};
use crate::model::{Precision, Record, RecordKind, Role, When};
use crate::resolve::Person;
use crate::text::for_terminal;
use chrono::NaiveDate;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// GraphML (yEd, Gephi, Cytoscape, i2-style import).
    Graphml,
    /// Graphviz DOT.
    Dot,
    /// `{"nodes": [...], "edges": [...]}`.
    Json,
}

/// What part of the graph to write.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Every node and edge.
    Whole,
    /// One case: its incidents, the records that are accounts of them, refer to them or are
    /// referred to by them (the order a breach breaches), and the persons they involve,
    /// with every edge among those nodes.
    Case(&'a CaseTimeline),
}

/// The graph as the writers see it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Export {
    /// Sorted by id.
    pub nodes: Vec<ExportNode>,
    /// Sorted by source, target and kind.
    pub edges: Vec<ExportEdge>,
}

/// One node: its id and, by kind, its attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportNode {
    /// `person:…`, `incident:…` or `record:<reference>`: the ids every other output uses,
    /// with the kind in front.
    pub id: String,
    /// The kind (serialised as `kind`) and what is known of the node.
    #[serde(flatten)]
    pub attributes: NodeAttributes,
}

/// The kinds of node, each with its attributes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NodeAttributes {
    /// A resolved person.
    Person(PersonAttributes),
    /// An incident.
    Incident(IncidentAttributes),
    /// A record.
    Record(RecordAttributes),
}

/// What a person node carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonAttributes {
    /// The name: what a tool shows on the node.
    pub label: String,
    /// The name most often written in full.
    pub name: String,
    /// The roles the person appears in, `;`-separated.
    #[serde(serialize_with = "semicolon_list")]
    pub roles: Vec<Role>,
}

/// What an incident node carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentAttributes {
    /// The incident's id and date.
    pub label: String,
    /// When, with its precision visible (`2023-07`, `2023-07-14 22:40`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The precision of `date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<Precision>,
    /// First day it may cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_day: Option<NaiveDate>,
    /// Last day it may cover.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_day: Option<NaiveDate>,
    /// Highest severity of its categories (0: none).
    pub severity: u8,
    /// The categories its accounts evidence, `;`-separated.
    #[serde(serialize_with = "semicolon_list")]
    pub categories: Vec<String>,
    /// The organisations (layouts) with an account of it, `;`-separated.
    #[serde(serialize_with = "semicolon_list")]
    pub organisations: Vec<String>,
    /// The cases it belongs to, `;`-separated.
    #[serde(serialize_with = "semicolon_list")]
    pub cases: Vec<String>,
}

/// What a record node carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordAttributes {
    /// The record reference.
    pub label: String,
    /// The record reference (`politie:PL0600-2023041872`).
    pub reference: String,
    /// The organisation: the layout that read it (`politie`, `om`, ...).
    pub organisation: String,
    /// The canonical kind.
    pub record_kind: RecordKind,
    /// The source's own word for the kind (`Aangifte`, `Voorwaardelijk sepot`).
    pub source_kind: String,
    /// When the act took place, at the precision given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub act_date: Option<String>,
    /// The precision of `act_date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub act_precision: Option<Precision>,
    /// When the organisation registered or received it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_date: Option<String>,
    /// The precision of `registered_date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_precision: Option<Precision>,
    /// What kind of account it is (observed, victim's statement, decision, ...).
    pub nature: Nature,
}

/// One edge: its ends (node ids) and, by kind, its attributes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExportEdge {
    /// The id of the node it leaves.
    pub source: String,
    /// The id of the node it enters.
    pub target: String,
    /// The kind (serialised as `kind`) and its attributes.
    #[serde(flatten)]
    pub attributes: EdgeAttributes,
}

/// The kinds of edge, as in [`Edge`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EdgeAttributes {
    /// Incident → person, with the person's role.
    Involves {
        /// The role in the incident's accounts.
        role: Role,
    },
    /// Record → the incident it is an account of.
    AccountOf,
    /// Incident → the next incident of the same case.
    Next {
        /// The case whose time line the edge is part of (an incident can be in two).
        case: String,
        /// True when the two spans overlap, so the order is not known.
        overlaps: bool,
    },
    /// Record → incident it decides on, or breach incident → the order it breaches.
    RefersTo,
}

impl EdgeAttributes {
    /// The attributes of `edge` of `graph`.
    fn of(graph: &EventGraph, edge: Edge) -> Self {
        match edge {
            Edge::Involves(role) => EdgeAttributes::Involves { role },
            Edge::AccountOf => EdgeAttributes::AccountOf,
            Edge::Next { case, overlaps } => EdgeAttributes::Next {
                case: graph.cases.get(case).map(|c| for_terminal(&c.case)).unwrap_or_default(),
                overlaps,
            },
            Edge::RefersTo => EdgeAttributes::RefersTo,
        }
    }
}

/// Writes a list as one `;`-separated text, each item by its serde name (`victim;child`):
/// GraphML has no list type, and all three formats carry the same value.
fn semicolon_list<T: Serialize, S: Serializer>(items: &[T], serializer: S) -> Result<S::Ok, S::Error> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        match serde_json::to_value(item).map_err(serde::ser::Error::custom)? {
            Value::String(text) => parts.push(text),
            other => parts.push(other.to_string()),
        }
    }
    serializer.serialize_str(&parts.join(";"))
}

/// `id` with `prefix` in front, unless resolve already put it there (its person and
/// incident ids read `person:28dca14d6c94`, `incident:8ccb2f06db00`): every node id then
/// names its kind, and ids stay the ones the findings and the dossier use.
fn with_prefix(prefix: &str, id: &str) -> String {
    let id = for_terminal(id);
    if id.starts_with(prefix) {
        id
    } else {
        format!("{prefix}{id}")
    }
}

/// The id of a node in every format.
fn node_id(graph: &EventGraph, records: &[Record], node: &Node) -> String {
    match node {
        Node::Person(id) => with_prefix("person:", id),
        Node::Incident(k) => with_prefix("incident:", &graph.incidents[*k].id),
        Node::Record(i) => format!("record:{}", for_terminal(records[*i].reference.as_str())),
    }
}

/// The nodes a case's export holds: its incidents and every person and record next to one
/// of them (involved persons, accounts, records that refer to them, orders they breach).
/// Incidents of other cases stay out, also when a `Next` edge of theirs touches this case.
pub fn case_nodes(graph: &EventGraph, case: &CaseTimeline) -> BTreeSet<NodeIndex> {
    let mut nodes = BTreeSet::new();
    for &k in &case.incidents {
        let incident = graph.incident_nodes[k];
        nodes.insert(incident);
        for neighbour in graph.graph.neighbors_undirected(incident) {
            if !matches!(graph.graph[neighbour], Node::Incident(_)) {
                nodes.insert(neighbour);
            }
        }
    }
    nodes
}

/// The export of the graph (or of one case). `records` are the records the graph was built
/// from and `persons` the resolved persons (for names and roles).
pub fn export(graph: &EventGraph, records: &[Record], persons: &[Person], scope: Scope) -> Export {
    let included: BTreeSet<NodeIndex> = match scope {
        Scope::Whole => graph.graph.node_indices().collect(),
        Scope::Case(case) => case_nodes(graph, case),
    };
    let mut cases_of_incident: Vec<Vec<String>> = vec![Vec::new(); graph.incidents.len()];
    for timeline in &graph.cases {
        for &k in &timeline.incidents {
            cases_of_incident[k].push(for_terminal(&timeline.case));
        }
    }
    let person_by_id: BTreeMap<&str, &Person> = persons.iter().map(|p| (p.id.as_str(), p)).collect();
    let date_of = |when: &Option<When>| when.as_ref().map(|w| (w.label(), w.precision()));

    let mut nodes: Vec<ExportNode> = included
        .iter()
        .map(|&index| {
            let node = &graph.graph[index];
            let id = node_id(graph, records, node);
            let attributes = match node {
                Node::Person(person_id) => {
                    let person = person_by_id.get(person_id.as_str());
                    let name = for_terminal(person.map_or(person_id.as_str(), |p| p.name.as_str()));
                    NodeAttributes::Person(PersonAttributes {
                        label: name.clone(),
                        name,
                        roles: person.map(|p| p.roles.clone()).unwrap_or_default(),
                    })
                }
                Node::Incident(k) => {
                    let facts = &graph.incidents[*k];
                    let (date, precision) = date_of(&facts.when).unzip();
                    NodeAttributes::Incident(IncidentAttributes {
                        label: match &date {
                            Some(date) => format!("{id} {date}"),
                            None => id.clone(),
                        },
                        date,
                        precision,
                        first_day: facts.first_day,
                        last_day: facts.last_day,
                        severity: facts.severity,
                        categories: facts.categories.keys().map(|c| for_terminal(c)).collect(),
                        organisations: facts.organisations.iter().map(|o| for_terminal(o)).collect(),
                        cases: cases_of_incident[*k].clone(),
                    })
                }
                Node::Record(i) => {
                    let record = &records[*i];
                    let reference = for_terminal(record.reference.as_str());
                    let (act_date, act_precision) = date_of(&record.act).unzip();
                    let (registered_date, registered_precision) = date_of(&record.registered).unzip();
                    NodeAttributes::Record(RecordAttributes {
                        label: reference.clone(),
                        reference,
                        organisation: for_terminal(&record.layout),
                        record_kind: record.kind.canonical,
                        source_kind: for_terminal(&record.kind.source),
                        act_date,
                        act_precision,
                        registered_date,
                        registered_precision,
                        nature: graph.natures[*i],
                    })
                }
            };
            ExportNode { id, attributes }
        })
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));

    let mut edges: Vec<ExportEdge> = (&graph.graph)
        .edge_references()
        .filter(|e| included.contains(&e.source()) && included.contains(&e.target()))
        // A case's export holds its own time line, not another case's through the same incidents.
        .filter(|e| match (scope, e.weight()) {
            (Scope::Case(case), Edge::Next { case: k, .. }) => graph.cases.get(*k).is_some_and(|c| c.case == case.case),
            _ => true,
        })
        .map(|e| ExportEdge {
            source: node_id(graph, records, &graph.graph[e.source()]),
            target: node_id(graph, records, &graph.graph[e.target()]),
            attributes: EdgeAttributes::of(graph, *e.weight()),
        })
        .collect();
    edges.sort();
    Export { nodes, edges }
}

/// The export in `format`, ending in a line break.
pub fn write(export: &Export, format: Format) -> Result<String, String> {
    match format {
        Format::Graphml => graphml(export),
        Format::Dot => dot(export),
        Format::Json => json(export),
    }
}

/// `{"nodes": [...], "edges": [...]}`, pretty-printed.
pub fn json(export: &Export) -> Result<String, String> {
    serde_json::to_string_pretty(export)
        .map(|text| text + "\n")
        .map_err(|e| format!("graaf als JSON: {e}"))
}

/// A node's or edge's attribute as GraphML and DOT write it: the name and value its JSON
/// serialisation has.
#[derive(Debug, Clone)]
struct Attribute {
    name: String,
    value: Value,
}

impl Attribute {
    /// The value as text (`true`, `3`, `victim;child`).
    fn text(&self) -> String {
        match &self.value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

/// The attributes of one node or edge, in serialisation order, without the fields that are
/// the structure itself (`id`, `source`, `target`), which GraphML and DOT write as such.
fn attributes_of<T: Serialize>(item: &T, structural: &[&str]) -> Result<Vec<Attribute>, String> {
    match serde_json::to_value(item).map_err(|e| format!("graaf: {e}"))? {
        Value::Object(fields) => Ok(fields
            .into_iter()
            .filter(|(name, value)| !structural.contains(&name.as_str()) && !value.is_null())
            .map(|(name, value)| Attribute { name, value })
            .collect()),
        other => Err(format!(
            "graaf: een knoop of verbinding werd {other} in plaats van een object"
        )),
    }
}

/// The export with each node's and edge's attributes as name–value pairs.
struct Flat {
    nodes: Vec<(String, Vec<Attribute>)>,
    edges: Vec<(String, String, Vec<Attribute>)>,
}

impl Flat {
    fn of(export: &Export) -> Result<Flat, String> {
        Ok(Flat {
            nodes: export
                .nodes
                .iter()
                .map(|n| Ok((n.id.clone(), attributes_of(n, &["id"])?)))
                .collect::<Result<_, String>>()?,
            edges: export
                .edges
                .iter()
                .map(|e| {
                    Ok((
                        e.source.clone(),
                        e.target.clone(),
                        attributes_of(e, &["source", "target"])?,
                    ))
                })
                .collect::<Result<_, String>>()?,
        })
    }
}

/// What a GraphML `<key>` is declared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Domain {
    Node,
    Edge,
}

impl Domain {
    fn name(self) -> &'static str {
        match self {
            Domain::Node => "node",
            Domain::Edge => "edge",
        }
    }
}

/// GraphML's `attr.type`s that the export's values take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttributeType {
    Boolean,
    Int,
    Long,
    Double,
    String,
}

impl AttributeType {
    fn of(value: &Value) -> AttributeType {
        match value {
            Value::Bool(_) => AttributeType::Boolean,
            Value::Number(n) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => AttributeType::Int,
            Value::Number(n) if n.is_i64() => AttributeType::Long,
            Value::Number(_) => AttributeType::Double,
            _ => AttributeType::String,
        }
    }

    /// The type that holds the values of both: a wider number, else text.
    fn joined(self, other: AttributeType) -> AttributeType {
        use AttributeType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Int, Long) | (Long, Int) => Long,
            (Int | Long | Double, Int | Long | Double) => Double,
            _ => String,
        }
    }

    fn name(self) -> &'static str {
        match self {
            AttributeType::Boolean => "boolean",
            AttributeType::Int => "int",
            AttributeType::Long => "long",
            AttributeType::Double => "double",
            AttributeType::String => "string",
        }
    }
}

/// The GraphML `<key>` id of an attribute: the domain and the name (`node_label`), so that
/// a node's `kind` and an edge's `kind` are two keys.
fn key_id(domain: Domain, name: &str) -> String {
    format!("{}_{name}", domain.name())
}

/// GraphML: `<key>` declarations with `attr.type` for every attribute used, in order of
/// first use, then the nodes and edges of one directed graph.
pub fn graphml(export: &Export) -> Result<String, String> {
    let flat = Flat::of(export)?;
    let mut keys: Vec<(Domain, String)> = Vec::new();
    let mut types: BTreeMap<(Domain, String), AttributeType> = BTreeMap::new();
    let used = flat
        .nodes
        .iter()
        .flat_map(|(_, attributes)| attributes.iter().map(|a| (Domain::Node, a)))
        .chain(
            flat.edges
                .iter()
                .flat_map(|(_, _, attributes)| attributes.iter().map(|a| (Domain::Edge, a))),
        );
    for (domain, attribute) in used {
        let value_type = AttributeType::of(&attribute.value);
        match types.entry((domain, attribute.name.clone())) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(value_type);
                keys.push((domain, attribute.name.clone()));
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                let joined = slot.get().joined(value_type);
                slot.insert(joined);
            }
        }
    }

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (domain, name) in &keys {
        let value_type = types[&(*domain, name.clone())];
        let _ = writeln!(
            out,
            "  <key id=\"{}\" for=\"{}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            xml_escaped(&key_id(*domain, name)),
            domain.name(),
            xml_escaped(name),
            value_type.name()
        );
    }
    out.push_str("  <graph id=\"patroon\" edgedefault=\"directed\">\n");
    let write_data = |out: &mut String, domain: Domain, attributes: &[Attribute]| {
        for a in attributes {
            let _ = writeln!(
                out,
                "      <data key=\"{}\">{}</data>",
                xml_escaped(&key_id(domain, &a.name)),
                xml_escaped(&a.text())
            );
        }
    };
    for (id, attributes) in &flat.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml_escaped(id));
        write_data(&mut out, Domain::Node, attributes);
        out.push_str("    </node>\n");
    }
    for (source, target, attributes) in &flat.edges {
        let _ = writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\">",
            xml_escaped(source),
            xml_escaped(target)
        );
        write_data(&mut out, Domain::Edge, attributes);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    Ok(out)
}

/// Graphviz DOT: one line per node and one per edge, every id and value quoted.
pub fn dot(export: &Export) -> Result<String, String> {
    let flat = Flat::of(export)?;
    let list = |attributes: &[Attribute]| {
        attributes
            .iter()
            .map(|a| format!("{}={}", dot_quoted(&a.name), dot_quoted(&a.text())))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::from("digraph patroon {\n");
    for (id, attributes) in &flat.nodes {
        let _ = writeln!(out, "  {} [{}];", dot_quoted(id), list(attributes));
    }
    for (source, target, attributes) in &flat.edges {
        let _ = writeln!(
            out,
            "  {} -> {} [{}];",
            dot_quoted(source),
            dot_quoted(target),
            list(attributes)
        );
    }
    out.push_str("}\n");
    Ok(out)
}

/// True for the characters XML 1.0 allows in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Text safe in XML content and in a quoted attribute. Tab and line breaks are written as
/// character references, since a parser turns them into spaces in attribute values;
/// characters XML cannot hold at all become U+FFFD.
fn xml_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// A DOT quoted string: `"` and `\` escaped (a lone `\` would start one of Graphviz's label
/// escapes such as `\N`), a line break as `\n`, so one node or edge stays on one line.
fn dot_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::IncidentFacts;
    use petgraph::stable_graph::StableGraph;

    /// One incident involving one person whose name holds every character XML and DOT must
    /// escape, and a control character.
    fn tiny() -> (EventGraph, Vec<Person>) {
        let mut graph: StableGraph<Node, Edge> = StableGraph::new();
        let incident = graph.add_node(Node::Incident(0));
        let person = graph.add_node(Node::Person("person:p1".into()));
        graph.add_edge(incident, person, Edge::Involves(Role::Victim));
        let facts = IncidentFacts {
            id: "incident:i1".into(),
            when: None,
            first_day: None,
            last_day: None,
            bounds: None,
            dated_act: false,
            categories: BTreeMap::new(),
            severity: 0,
            organisations: BTreeSet::new(),
            records: Vec::new(),
        };
        let event_graph = EventGraph {
            graph,
            incidents: vec![facts],
            natures: Vec::new(),
            cases: Vec::new(),
            contradictions: Vec::new(),
            breaches: Vec::new(),
            incident_nodes: vec![incident],
            incident_index: BTreeMap::from([("incident:i1".to_string(), 0)]),
        };
        let person = Person {
            id: "person:p1".into(),
            name: "Anna <\"de\" & 'Vries'>\u{7}".into(),
            name_variants: Vec::new(),
            birth_dates: Vec::new(),
            bsn: Vec::new(),
            roles: vec![Role::Victim, Role::Other],
            records: Vec::new(),
            mentions: Vec::new(),
            override_applied: false,
        };
        (event_graph, vec![person])
    }

    #[test]
    fn graphml_escapes_markup_and_quotes_in_names() {
        let (graph, persons) = tiny();
        let export = export(&graph, &[], &persons, Scope::Whole);
        let xml = graphml(&export).expect("graphml");
        assert!(
            xml.contains("<data key=\"node_name\">Anna &lt;&quot;de&quot; &amp; &apos;Vries&apos;&gt;\\u{7}</data>"),
            "{xml}"
        );
        assert!(!xml.contains("Anna <"), "{xml}");
        // An XML parser reads the name back as shown.
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let name = doc
            .descendants()
            .find(|n| n.attribute("key") == Some("node_name"))
            .and_then(|n| n.text());
        assert_eq!(name, Some("Anna <\"de\" & 'Vries'>\\u{7}"));
        assert!(xml.contains("<data key=\"node_roles\">victim;other</data>"), "{xml}");
        assert!(xml.contains("<data key=\"edge_role\">victim</data>"), "{xml}");
    }

    #[test]
    fn dot_escapes_quotes_and_backslashes() {
        let (graph, persons) = tiny();
        let text = dot(&export(&graph, &[], &persons, Scope::Whole)).expect("dot");
        assert!(text.starts_with("digraph patroon {\n"), "{text}");
        // The control character is shown as `\u{7}` by for_terminal; DOT doubles its backslash.
        assert!(text.contains(r#""name"="Anna <\"de\" & 'Vries'>\\u{7}""#), "{text}");
        assert!(
            text.contains(r#""incident:i1" -> "person:p1" ["kind"="involves", "role"="victim"];"#),
            "{text}"
        );
    }

    #[test]
    fn json_keeps_the_name_as_shown() {
        let (graph, persons) = tiny();
        let text = json(&export(&graph, &[], &persons, Scope::Whole)).expect("json");
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        let person = &value["nodes"][1];
        assert_eq!(person["id"], "person:p1");
        assert_eq!(person["kind"], "person");
        assert_eq!(person["name"], "Anna <\"de\" & 'Vries'>\\u{7}");
        assert_eq!(value["edges"][0]["kind"], "involves");
    }

    #[test]
    fn xml_and_dot_escapes_cover_breaks_and_characters_xml_cannot_hold() {
        assert_eq!(xml_escaped("a\nb\t\u{FFFE}"), "a&#10;b&#9;\u{FFFD}");
        assert_eq!(dot_quoted("a\r\nb\\N"), r#""a\nb\\N""#);
    }
}
