//! Investigator coding (`--coding`): a judgement added to or removed from a record changes
//! the findings, is marked as the investigator's, and a bad coding is refused with its
//! file and line.

mod common;

use patroon::coding::Codings;
use patroon::detect::Detection;
use patroon::ingest::mapping::built_in;
use patroon::ingest::{ingest, Ingested, Input};
use patroon::pipeline::{analyse_coded, detect, Rules};
use patroon::resolve::Overrides;
use std::path::Path;

fn demo() -> Ingested {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/huishouden-demo");
    ingest(&[Input::Detect(dir)], &built_in().expect("mappings"))
}

fn run(ingested: &Ingested, codings: &Codings) -> Detection {
    let rules = Rules::load(None).expect("rules");
    let analysis = analyse_coded(ingested, &rules, &Overrides::default(), codings);
    detect(ingested, &analysis, &rules).1
}

fn recurring(found: &Detection, category: &str) -> Option<usize> {
    found
        .patterns
        .iter()
        .find(|p| p.kind == patroon::detect::Kind::Recurrence && p.category.as_deref() == Some(category))
        .map(|p| p.incidents.len())
}

fn coding(record: &str, sentence: Option<&str>, category: &str, action: &str) -> String {
    let sentence = sentence.map(|s| format!("sentence = {s:?}\n")).unwrap_or_default();
    format!(
        "[[coding]]\nrecord = {record:?}\n{sentence}category = {category:?}\naction = {action:?}\nby = \"R. Jansen, rechercheur\"\ndate = 2026-12-07\nreason = \"Gelezen in het dossier.\"\n"
    )
}

#[test]
fn one_added_coding_creates_a_recurrence() {
    let ingested = demo();
    let before = run(&ingested, &Codings::default());
    assert_eq!(recurring(&before, "intimidation"), None, "intimidation recurs already");
    // Ringing at her door all the time during the huisverbod, coded as intimidation.
    let text = coding(
        "politie:PL0600-2024013377",
        Some("blijft aanbellen"),
        "intimidation",
        "add",
    );
    let codings = Codings::parse(&text, "coderingen.toml", &ingested.records).expect("valid coding");
    let after = run(&ingested, &codings);
    assert_eq!(recurring(&after, "intimidation"), Some(2), "{:?}", after.patterns);
    let pattern = after
        .patterns
        .iter()
        .find(|p| p.kind == patroon::detect::Kind::Recurrence && p.category.as_deref() == Some("intimidation"))
        .expect("pattern");
    assert!(pattern.records.iter().any(|r| r == "politie:PL0600-2024013377"));
}

#[test]
fn removing_one_coding_removes_a_recurrence() {
    let ingested = demo();
    let before = run(&ingested, &Codings::default());
    assert_eq!(recurring(&before, "verbal_abuse"), Some(2), "{:?}", before.patterns);
    // The shouting at the door on 14 July is judged part of the threat, not verbal abuse.
    let text = coding("politie:PL0600-2024079261", None, "verbal_abuse", "remove");
    let codings = Codings::parse(&text, "coderingen.toml", &ingested.records).expect("valid coding");
    let after = run(&ingested, &codings);
    assert_eq!(recurring(&after, "verbal_abuse"), None, "{:?}", after.patterns);
}

#[test]
fn coded_evidence_is_the_investigators_and_listed_apart() {
    let ingested = demo();
    let rules = Rules::load(None).expect("rules");
    let text = coding(
        "politie:PL0600-2024013377",
        Some("blijft aanbellen"),
        "intimidation",
        "add",
    ) + &coding("politie:PL0600-2024079261", None, "verbal_abuse", "remove");
    let codings = Codings::parse(&text, "coderingen.toml", &ingested.records).expect("valid codings");
    let analysis = analyse_coded(&ingested, &rules, &Overrides::default(), &codings);
    let findings = serde_json::to_value(patroon::pipeline::findings(&ingested, &analysis, &rules)).expect("json");
    let evidence = findings["categories"]["intimidation"]["records"]
        .as_array()
        .expect("evidence");
    let coded = evidence
        .iter()
        .find(|e| e["record"] == "politie:PL0600-2024013377")
        .expect("coded evidence");
    assert_eq!(coded["trigger"]["by"], "coding");
    assert_eq!(coded["trigger"]["investigator"], "R. Jansen, rechercheur");
    assert_eq!(coded["trigger"]["date"], "2026-12-07");
    assert!(coded["trigger"]["sentence"]
        .as_str()
        .is_some_and(|s| s.contains("aanbellen")));
    // Both judgements are listed, the removal too.
    let listed = findings["codings"].as_array().expect("codings");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1]["action"], "remove");
    // The automatic evidence of the other records stays the lexicon's.
    assert!(evidence
        .iter()
        .filter(|e| e["record"] != "politie:PL0600-2024013377")
        .all(|e| e["trigger"]["by"] != "coding"));
}

#[test]
fn a_bad_coding_is_refused_with_file_and_line() {
    let ingested = demo();
    let parse = |text: &str| {
        let error = Codings::parse(text, "coderingen.toml", &ingested.records).expect_err("refused");
        common::worded(error)
    };
    let typed = Codings::parse(
        &coding("politie:PL0000-0000000000", None, "stalking", "add"),
        "coderingen.toml",
        &ingested.records,
    )
    .expect_err("refused");
    assert!(
        matches!(
            &typed,
            patroon::coding::CodingError::Coding {
                line: 2,
                problem: patroon::coding::CodingProblem::UnknownRecord(_),
                ..
            }
        ),
        "{typed:?}"
    );
    let err = parse(&coding("politie:PL0000-0000000000", None, "stalking", "add"));
    assert!(
        err.contains("coderingen.toml, regel 2") && err.contains("staat niet in de invoer"),
        "{err}"
    );
    let err = parse(&coding("politie:PL0600-2024013377", None, "stalkin", "add"));
    assert!(err.contains("onbekende categorie") && err.contains("stalking"), "{err}");
    let err = parse(&coding(
        "politie:PL0600-2024013377",
        Some("vliegende schotel"),
        "stalking",
        "add",
    ));
    assert!(err.contains("in geen zin"), "{err}");
    // Words found in more than one sentence name no sentence.
    let err = parse(&coding(
        "politie:PL0600-2024013377",
        Some("huisverbod"),
        "stalking",
        "add",
    ));
    assert!(err.contains("zinnen"), "{err}");
    let err = parse(&coding("politie:PL0600-2024013377", None, "stalking", "maybe"));
    assert!(err.contains("coderingen.toml"), "{err}");
    let no_reason =
        coding("politie:PL0600-2024013377", None, "stalking", "add").replace("Gelezen in het dossier.", " ");
    assert!(parse(&no_reason).contains("'reason' is leeg"));
}
