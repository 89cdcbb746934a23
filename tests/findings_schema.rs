//! The findings schema (`src/findings.schema.json`) is generated from the findings types
//! and must match them; the example's findings must validate against it.
//! After changing a findings type: `PATROON_UPDATE_SCHEMA=1 cargo test --test findings_schema`.

use patroon::ingest::mapping::built_in;
use patroon::ingest::{ingest, Input};
use patroon::pipeline::{analyse, findings, Rules};
use patroon::resolve::Overrides;
use std::path::Path;

fn schema_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/findings.schema.json")
}

#[test]
fn the_schema_file_is_the_one_the_types_give() {
    let generated = patroon::findings::schema();
    if std::env::var_os("PATROON_UPDATE_SCHEMA").is_some() {
        std::fs::write(schema_file(), &generated).expect("write the schema");
    }
    let kept = std::fs::read_to_string(schema_file()).expect("src/findings.schema.json");
    assert!(
        kept == generated,
        "src/findings.schema.json is out of date: run PATROON_UPDATE_SCHEMA=1 cargo test --test findings_schema"
    );
}

#[test]
fn the_findings_of_the_example_validate_against_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/huishouden-demo");
    let ingested = ingest(&[Input::Detect(dir)], &built_in().expect("mappings"));
    let rules = Rules::load(None).expect("rules");
    let analysis = analyse(&ingested, &rules, &Overrides::default());
    let value = serde_json::to_value(findings(&ingested, &analysis, &rules)).expect("json");
    let schema: serde_json::Value = serde_json::from_str(&patroon::findings::schema()).expect("schema");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn the_findings_read_back_are_the_findings_written_and_give_the_same_dossier() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/huishouden-demo");
    let ingested = ingest(&[Input::Detect(dir)], &built_in().expect("mappings"));
    let rules = Rules::load(None).expect("rules");
    let analysis = analyse(&ingested, &rules, &Overrides::default());
    let written = findings(&ingested, &analysis, &rules);
    let json = serde_json::to_string(&written).expect("json");
    let read: patroon::findings::Findings = serde_json::from_str(&json).expect("the findings read back");
    assert_eq!(serde_json::to_string(&read).expect("json"), json);
    let options = patroon::dossier::Options {
        case: None,
        lang: patroon::wording::Lang::Nl,
        format: patroon::dossier::Format::Md,
        templates: None,
        generated: "2026-01-15".into(),
    };
    let from_written = patroon::dossier::write(&written, &ingested.records, &options).expect("dossier");
    let from_read = patroon::dossier::write(&read, &ingested.records, &options).expect("dossier");
    assert!(
        from_written.bytes == from_read.bytes,
        "the dossier differs when written from the findings read back"
    );
}
