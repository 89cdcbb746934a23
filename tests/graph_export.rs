//! `patroon graph` on the example household: the GraphML (read with a real XML parser), the
//! JSON and the DOT hold exactly the case's part of the event graph, counted from the
//! library's `EventGraph` itself; every edge joins declared nodes; every attribute is
//! declared; GraphML and JSON carry the same attributes; two runs write the same bytes; an
//! unknown `--case` fails with a message that names it.

mod common;

use common::examples_dir;
use patroon::graph::{CaseTimeline, Edge, EventGraph, Node};
use patroon::ingest::Ingested;
use patroon::pipeline::{analyse, detect, Rules};
use patroon::resolve::Overrides;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::{EdgeRef, IntoEdgeReferences};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, Output};

/// The example's graph, as the library builds it.
struct Demo {
    ingested: Ingested,
    graph: EventGraph,
    /// The resolution's cases: (case id, victim id).
    cases: Vec<(String, String)>,
}

fn demo() -> Demo {
    let ingested = common::read(&[&examples_dir().join("huishouden-demo")]);
    let rules = Rules::load(None).expect("rules");
    let analysis = analyse(&ingested, &rules, &Overrides::default());
    let (graph, _) = detect(&ingested, &analysis, &rules);
    let cases = analysis
        .resolution
        .incidents
        .cases
        .iter()
        .map(|c| (c.id.clone(), c.victim.clone()))
        .collect();
    Demo { ingested, graph, cases }
}

/// The case with the most incidents: the one that has every kind of edge.
fn main_case(demo: &Demo) -> &CaseTimeline {
    demo.graph
        .cases
        .iter()
        .max_by_key(|c| c.incidents.len())
        .expect("the example has a case")
}

/// An edge as every format must show it: source id, target id, kind and its one attribute.
type EdgeKey = (String, String, String, Option<(String, String)>);

fn node_id(demo: &Demo, node: &Node) -> String {
    match node {
        Node::Person(id) => id.clone(),
        Node::Incident(k) => demo.graph.incidents[*k].id.clone(),
        Node::Record(i) => format!("record:{}", demo.ingested.records[*i].reference),
    }
}

fn edge_key(demo: &Demo, source: NodeIndex, target: NodeIndex, edge: &Edge) -> EdgeKey {
    let (kind, attribute) = match edge {
        Edge::Involves(role) => {
            let role = serde_json::to_value(role).expect("role");
            (
                "involves",
                Some(("role".to_string(), role.as_str().expect("role name").to_string())),
            )
        }
        Edge::AccountOf => ("account_of", None),
        Edge::Next { overlaps, .. } => ("next", Some(("overlaps".to_string(), overlaps.to_string()))),
        Edge::RefersTo => ("refers_to", None),
    };
    (
        node_id(demo, &demo.graph.graph[source]),
        node_id(demo, &demo.graph.graph[target]),
        kind.to_string(),
        attribute,
    )
}

/// The case's part of the graph, worked out here from the edges, not by the exporter: its
/// incidents, the persons they involve, their accounts, the records that refer to them and
/// the orders they breach; and every edge among those nodes.
fn expected(demo: &Demo, case: &CaseTimeline) -> (BTreeSet<String>, Vec<EdgeKey>) {
    let g = &demo.graph.graph;
    let incidents: BTreeSet<NodeIndex> = case.incidents.iter().map(|&k| demo.graph.incident_nodes[k]).collect();
    let mut nodes = incidents.clone();
    for e in g.edge_references() {
        let (s, t) = (e.source(), e.target());
        match e.weight() {
            Edge::Involves(_) if incidents.contains(&s) => {
                nodes.insert(t);
            }
            Edge::AccountOf | Edge::RefersTo if incidents.contains(&t) => {
                nodes.insert(s);
            }
            Edge::RefersTo if incidents.contains(&s) && matches!(g[t], Node::Record(_)) => {
                nodes.insert(t);
            }
            _ => {}
        }
    }
    let mut edges: Vec<EdgeKey> = g
        .edge_references()
        .filter(|e| nodes.contains(&e.source()) && nodes.contains(&e.target()))
        // Only the case's own time line.
        .filter(|e| !matches!(e.weight(), Edge::Next { case: k, .. } if demo.graph.cases[*k].case != case.case))
        .map(|e| edge_key(demo, e.source(), e.target(), e.weight()))
        .collect();
    edges.sort();
    (nodes.iter().map(|&n| node_id(demo, &g[n])).collect(), edges)
}

fn patroon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patroon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run patroon")
}

/// `patroon graph` on the example; the graph's text.
fn graph_text(format: &str, case: Option<&str>) -> String {
    let mut args = vec!["graph", "examples/huishouden-demo", "--format", format];
    if let Some(case) = case {
        args.extend(["--case", case]);
    }
    let out = patroon(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// A GraphML file read with an XML parser: nodes and edges with their attributes by name.
struct GraphMl {
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    edges: Vec<(String, String, BTreeMap<String, String>)>,
}

fn parse_graphml(text: &str) -> GraphMl {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    // Every key: its domain, name and a GraphML type.
    let mut keys: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    for key in root.children().filter(|n| n.has_tag_name("key")) {
        let attr = |name: &str| {
            key.attribute(name)
                .unwrap_or_else(|| panic!("key without {name}"))
                .to_string()
        };
        let value_type = attr("attr.type");
        assert!(
            ["boolean", "int", "long", "float", "double", "string"].contains(&value_type.as_str()),
            "{value_type}"
        );
        let previous = keys.insert(attr("id"), (attr("for"), attr("attr.name"), value_type));
        assert!(previous.is_none(), "key declared twice");
    }
    let graphs: Vec<_> = root.children().filter(|n| n.has_tag_name("graph")).collect();
    assert_eq!(graphs.len(), 1);
    assert_eq!(graphs[0].attribute("edgedefault"), Some("directed"));
    let data_of = |element: roxmltree::Node, domain: &str| -> BTreeMap<String, String> {
        let mut data = BTreeMap::new();
        for d in element.children().filter(|n| n.has_tag_name("data")) {
            let key = d.attribute("key").expect("data key");
            let (key_domain, name, value_type) = keys.get(key).unwrap_or_else(|| panic!("undeclared key {key}"));
            assert_eq!(key_domain, domain, "key {key} used on a {domain}");
            let text = d.text().unwrap_or("").to_string();
            match value_type.as_str() {
                "int" | "long" => assert!(text.parse::<i64>().is_ok(), "{key}: {text}"),
                "boolean" => assert!(text == "true" || text == "false", "{key}: {text}"),
                _ => {}
            }
            assert!(data.insert(name.clone(), text).is_none(), "{key} twice");
        }
        data
    };
    let mut nodes = BTreeMap::new();
    let mut edges = Vec::new();
    for element in graphs[0].children().filter(|n| n.is_element()) {
        match element.tag_name().name() {
            "node" => {
                let id = element.attribute("id").expect("node id").to_string();
                assert!(
                    nodes.insert(id.clone(), data_of(element, "node")).is_none(),
                    "{id} twice"
                );
            }
            "edge" => edges.push((
                element.attribute("source").expect("source").to_string(),
                element.attribute("target").expect("target").to_string(),
                data_of(element, "edge"),
            )),
            other => panic!("unexpected <{other}>"),
        }
    }
    GraphMl { nodes, edges }
}

/// The edge as [`EdgeKey`], from its attributes by name.
fn key_of(source: &str, target: &str, attributes: &BTreeMap<String, String>) -> EdgeKey {
    let kind = attributes.get("kind").expect("edge kind").clone();
    let attribute = ["role", "overlaps"]
        .iter()
        .find_map(|name| attributes.get(*name).map(|v| (name.to_string(), v.clone())));
    (source.to_string(), target.to_string(), kind, attribute)
}

/// A JSON object's fields as text, without the structural ones.
fn fields_as_text(object: &Value, structural: &[&str]) -> BTreeMap<String, String> {
    object
        .as_object()
        .expect("object")
        .iter()
        .filter(|(name, _)| !structural.contains(&name.as_str()))
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (name.clone(), text)
        })
        .collect()
}

#[test]
fn graphml_of_a_case_holds_every_node_and_edge_of_the_case() {
    let demo = demo();
    let case = main_case(&demo);
    let (nodes, edges) = expected(&demo, case);
    let graphml = parse_graphml(&graph_text("graphml", Some(&case.case)));

    assert_eq!(graphml.nodes.keys().cloned().collect::<BTreeSet<_>>(), nodes);
    let mut found: Vec<EdgeKey> = graphml.edges.iter().map(|(s, t, a)| key_of(s, t, a)).collect();
    found.sort();
    assert_eq!(found, edges);
    for (source, target, _) in &graphml.edges {
        assert!(graphml.nodes.contains_key(source) && graphml.nodes.contains_key(target));
    }
    // Every kind of node and edge is there, with meaningful ids and its attributes.
    let kinds: BTreeSet<&str> = graphml.nodes.values().map(|a| a["kind"].as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["incident", "person", "record"]));
    let edge_kinds: BTreeSet<&str> = graphml.edges.iter().map(|(_, _, a)| a["kind"].as_str()).collect();
    assert_eq!(
        edge_kinds,
        BTreeSet::from(["account_of", "involves", "next", "refers_to"])
    );
    for (id, attributes) in &graphml.nodes {
        let kind = attributes["kind"].as_str();
        assert!(id.starts_with(&format!("{kind}:")), "{id} is a {kind}");
        assert!(!attributes["label"].is_empty(), "{id} without label");
        let required: &[&str] = match kind {
            "person" => &["name", "roles"],
            "incident" => &["severity", "categories", "organisations", "cases"],
            _ => &["reference", "organisation", "record_kind", "source_kind", "nature"],
        };
        for name in required {
            assert!(attributes.contains_key(*name), "{id} without {name}");
        }
        if kind == "incident" {
            assert!(attributes["cases"].split(';').any(|c| c == case.case), "{id}");
        }
    }
}

#[test]
fn the_whole_graph_is_written_without_case() {
    let demo = demo();
    let graphml = parse_graphml(&graph_text("graphml", None));
    assert_eq!(graphml.nodes.len(), demo.graph.graph.node_count());
    assert_eq!(graphml.edges.len(), demo.graph.graph.edge_count());
}

#[test]
fn json_of_a_case_holds_the_same_nodes_edges_and_attributes_as_graphml() {
    let demo = demo();
    let case = main_case(&demo);
    let (nodes, edges) = expected(&demo, case);
    let json: Value = serde_json::from_str(&graph_text("json", Some(&case.case))).expect("valid JSON");
    let json_nodes: BTreeMap<String, BTreeMap<String, String>> = json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| (n["id"].as_str().expect("id").to_string(), fields_as_text(n, &["id"])))
        .collect();
    assert_eq!(json_nodes.keys().cloned().collect::<BTreeSet<_>>(), nodes);
    let json_edges: Vec<(String, String, BTreeMap<String, String>)> = json["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| {
            let end = |name: &str| e[name].as_str().expect(name).to_string();
            (end("source"), end("target"), fields_as_text(e, &["source", "target"]))
        })
        .collect();
    let mut found: Vec<EdgeKey> = json_edges.iter().map(|(s, t, a)| key_of(s, t, a)).collect();
    found.sort();
    assert_eq!(found, edges);
    for (source, target, _) in &json_edges {
        assert!(json_nodes.contains_key(source) && json_nodes.contains_key(target));
    }
    // The same attributes, by name and value, as the GraphML: the formats cannot disagree.
    let graphml = parse_graphml(&graph_text("graphml", Some(&case.case)));
    assert_eq!(json_nodes, graphml.nodes);
    let mut json_edges = json_edges;
    let mut graphml_edges = graphml.edges;
    json_edges.sort();
    graphml_edges.sort();
    assert_eq!(json_edges, graphml_edges);
}

#[test]
fn dot_of_a_case_is_a_digraph_with_one_line_per_edge() {
    let demo = demo();
    let case = main_case(&demo);
    let (nodes, edges) = expected(&demo, case);
    let dot = graph_text("dot", Some(&case.case));
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(dot.trim_end().ends_with('}'));
    let edge_lines: Vec<&str> = dot.lines().filter(|l| l.contains("\" -> \"")).collect();
    assert_eq!(edge_lines.len(), edges.len());
    for (source, target, kind, _) in &edges {
        let start = format!("  \"{source}\" -> \"{target}\" [\"kind\"=\"{kind}\"");
        assert!(edge_lines.iter().any(|l| l.starts_with(&start)), "no line for {start}");
    }
    for id in &nodes {
        assert!(
            dot.lines().any(|l| l.starts_with(&format!("  \"{id}\" ["))),
            "no line for {id}"
        );
    }
}

#[test]
fn two_runs_write_the_same_bytes_and_a_case_can_be_named_by_its_victim() {
    let demo = demo();
    let case = main_case(&demo);
    for format in ["graphml", "dot", "json"] {
        let first = graph_text(format, Some(&case.case));
        assert_eq!(first, graph_text(format, Some(&case.case)), "{format}");
        assert_eq!(graph_text(format, None), graph_text(format, None), "{format}");
    }
    let victim = &demo.cases.iter().find(|(id, _)| *id == case.case).expect("case").1;
    assert_eq!(graph_text("json", Some(victim)), graph_text("json", Some(&case.case)));
    // --out FILE writes what standard output shows.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("zaak.graphml");
    let path_text = path.to_str().expect("UTF-8 path");
    let out = patroon(&[
        "graph",
        "examples/huishouden-demo",
        "--format",
        "graphml",
        "--case",
        &case.case,
        "--out",
        path_text,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&path).expect("written"),
        graph_text("graphml", Some(&case.case))
    );
}

#[test]
fn an_unknown_case_is_refused_with_the_cases_there_are() {
    let demo = demo();
    let out = patroon(&[
        "graph",
        "examples/huishouden-demo",
        "--format",
        "graphml",
        "--case",
        "case:nobody",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--case case:nobody"), "{stderr}");
    for (id, _) in &demo.cases {
        assert!(stderr.contains(id.as_str()), "{stderr} does not list {id}");
    }
}
