//! A region whose export uses other column names, another date format, another delimiter
//! and another encoding is served by a new mapping file, with no code change.

mod common;

use common::*;
use patroon::ingest::mapping::Mapping;
use patroon::ingest::{ingest, Input};
use patroon::model::{Precision, Role};
use patroon::problem::Problem;

fn variant_dir() -> std::path::PathBuf {
    examples_dir().join("variant-regio-oost")
}

fn variant_mapping() -> Mapping {
    let path = variant_dir().join("politie-oost.toml");
    let text = std::fs::read_to_string(&path).expect("variant mapping");
    Mapping::from_toml(&text, "politie-oost.toml").expect("variant mapping parses")
}

#[test]
fn the_variant_export_is_read_through_its_mapping() {
    let mut mappings = vec![variant_mapping()];
    mappings.extend(common::mappings());
    let result = ingest(&[Input::Detect(variant_dir())], &mappings);
    assert_counts_add_up(&result);
    assert!(result.rejects.is_empty(), "{:?}", result.rejects);
    assert_eq!(
        references(&result),
        vec![
            "politie:PL0500-2024003311",
            "politie:PL0500-2024019870",
            "politie:PL0500-2024031002"
        ]
    );
    let stalking = result
        .records
        .iter()
        .find(|r| r.source_id == "PL0500-2024031002")
        .expect("record");
    let act = stalking.act.as_ref().expect("act time");
    assert_eq!(
        (act.label(), act.precision()),
        ("2024-04-10..2024-05-20".to_string(), Precision::Period)
    );
    assert_eq!(
        stalking.registered.as_ref().map(|w| w.label()),
        Some("2024-05-21 14:30".to_string())
    );
    let suspect = stalking
        .persons
        .iter()
        .find(|p| p.role == Role::Suspect)
        .expect("suspect");
    assert_eq!(suspect.name.display(), "J. ter Haar");
    assert_eq!(
        suspect.birth.as_ref().map(|b| b.label()),
        Some("1993-04-17".to_string())
    );
    assert_eq!(stalking.attribute("risicotaxatie"), Some("RiHG hoog"));
    // The night summer time starts: 02:30 does not exist, and the record says so.
    let dst = result
        .records
        .iter()
        .find(|r| r.source_id == "PL0500-2024019870")
        .expect("record");
    assert!(
        dst.notes
            .iter()
            .any(|n| matches!(n, Problem::ClockSkipped { time } if time.ends_with("02:30"))),
        "{:?}",
        dst.notes
    );
}

#[test]
fn without_its_mapping_the_variant_is_not_read_and_is_named() {
    let result = read(&[&variant_dir()]);
    assert!(result.records.is_empty());
    assert!(
        result.unrecognised.iter().any(|u| u.file.ends_with("politie-oost.csv")),
        "{:?}",
        result.unrecognised
    );
    // Forced as politie, it is refused with the columns the built-in mapping misses.
    let forced = ingest(
        &[Input::Layout("politie".into(), variant_dir().join("politie-oost.csv"))],
        &common::mappings(),
    );
    assert_counts_add_up(&forced);
    assert!(
        matches!(&forced.rejects[0].problem, Problem::FileRefused { cause }
            if matches!(cause.as_ref(), Problem::NotTheGivenLayout { layout, .. } if layout == "politie")),
        "{:?}",
        forced.rejects[0].problem
    );
}

#[test]
fn a_mapping_with_an_unknown_key_is_refused_with_its_name() {
    let text = std::fs::read_to_string(variant_dir().join("politie-oost.toml")).expect("read");
    let broken = text.replace("delimiter = \",\"", "delimter = \",\"");
    let err = Mapping::from_toml(&broken, "kapot.toml").expect_err("unknown key");
    let err = common::worded(err);
    assert!(err.contains("kapot.toml") && err.contains("delimter"), "{err}");
}

#[test]
fn a_mapping_that_would_make_the_id_optional_or_uses_a_letter_as_delimiter_is_refused() {
    let text = std::fs::read_to_string(variant_dir().join("politie-oost.toml")).expect("read");
    let optional_id = text.replace(
        "optional_columns = [\"BSN\"",
        "optional_columns = [\"Registratie nr\", \"BSN\"",
    );
    let err = Mapping::from_toml(&optional_id, "x.toml").expect_err("id optional");
    assert_eq!(
        err.problem,
        patroon::ingest::mapping::MappingProblem::KeyOptional {
            column: "Registratie nr".into()
        }
    );
    let letter = text.replace("delimiter = \",\"", "delimiter = \"x\"");
    assert_eq!(
        Mapping::from_toml(&letter, "x.toml").expect_err("letter").problem,
        patroon::ingest::mapping::MappingProblem::Delimiter { delimiter: 'x' }
    );
}
