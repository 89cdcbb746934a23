//! The example household end to end: every record read, the chronology in true time
//! order (snapshot), and the command line's exit codes and JSON.

mod common;

use common::*;
use std::process::Command;

fn demo() -> std::path::PathBuf {
    examples_dir().join("huishouden-demo")
}

#[test]
fn the_example_household_is_read_whole() {
    let result = read(&[&demo()]);
    assert!(result.rejects.is_empty(), "{:?}", result.rejects);
    let count = |layout: &str| result.records.iter().filter(|r| r.layout == layout).count();
    assert_eq!(
        [
            count("politie"),
            count("veilig-thuis"),
            count("om"),
            count("reclassering"),
            count("gemeente"),
            count("jeugdbescherming")
        ],
        [10, 7, 15, 5, 1, 4]
    );
    // Every record knows where it came from, down to the line or pointer, with the file hash.
    for r in &result.records {
        assert!(r.reference.as_str().starts_with(&format!("{}:", r.layout)));
        assert_eq!(r.origin.sha256.len(), 64);
        assert!(
            r.origin.location.first_line().is_some()
                || matches!(r.origin.location, patroon::model::Location::Pointer { .. })
        );
    }
    // Role-only mentions are kept, not dropped.
    assert!(result
        .records
        .iter()
        .flat_map(|r| &r.persons)
        .any(|p| p.name.role_only && p.name.raw == "vriend van moeder"));
}

#[test]
fn the_timeline_is_in_true_time_order_with_precision_visible() {
    let result = read(&[&demo()]);
    let text = patroon::cmd::timeline::render(&result, 60, &common::dutch());
    insta::assert_snapshot!("timeline_huishouden_demo", text);
}

#[test]
fn check_json_has_the_documented_keys_and_adds_up() {
    let result = read(&[&demo()]);
    let json = patroon::cmd::check::report_json(&result, &common::dutch());
    insta::assert_json_snapshot!("check_huishouden_demo", json);
}

fn patroon(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_patroon"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run patroon")
}

#[test]
fn check_exits_0_when_clean_and_1_on_rejects_unless_allowed() {
    let clean = patroon(&["check", "examples/huishouden-demo"]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&clean.stderr)
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let rows = vec![politie_row("PL1-1", "31-02-2024", "Slachtoffer", "Anouk", "", "x")];
    write_politie(dir.path(), "politie.csv", &rows);
    let path = dir.path().to_string_lossy().to_string();
    let failed = patroon(&["check", &path]);
    assert_eq!(failed.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&failed.stdout);
    assert!(
        stdout.contains("politie.csv:2 [Pleegdatum van] (politie:PL1-1)"),
        "{stdout}"
    );
    let allowed = patroon(&["check", "--allow-rejects", "--json", &path]);
    assert_eq!(allowed.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&allowed.stdout).expect("json");
    assert_eq!(json["sources"][0]["read"], 1);
    assert_eq!(json["sources"][0]["rejected"], 1);
    assert_eq!(json["rejects"][0]["line"], 2);
    assert_eq!(json["rejects"][0]["field"], "Pleegdatum van");
}

#[test]
fn source_override_and_bad_arguments() {
    let ok = patroon(&["check", "--source", "om=examples/huishouden-demo/om.json"]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stdout));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("--source"));
    let bad = patroon(&["check", "--source", "om"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("LAYOUT=PAD"));
    let nothing = patroon(&["check"]);
    assert_eq!(nothing.status.code(), Some(2));
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let a = patroon(&["timeline", "examples/huishouden-demo"]);
    let b = patroon(&["timeline", "examples/huishouden-demo"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let a = patroon(&["check", "--json", "examples/huishouden-demo"]);
    let b = patroon(&["check", "--json", "examples/huishouden-demo"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn timeline_json_lists_every_record_and_templates_can_be_read_from_disk() {
    let out = patroon(&["timeline", "--json", "examples/huishouden-demo"]);
    assert_eq!(out.status.code(), Some(0));
    let records: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let records = records.as_array().expect("array");
    assert_eq!(records.len(), 42);
    assert!(records
        .iter()
        .all(|r| r["origin"]["sha256"].as_str().is_some_and(|h| h.len() == 64)));
    let from_disk = patroon(&["check", "--templates", "templates", "examples/huishouden-demo"]);
    assert_eq!(
        from_disk.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&from_disk.stderr)
    );
    let missing = patroon(&["check", "--templates", "no-such-dir", "examples/huishouden-demo"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn review_lists_unread_sentences_with_their_record_and_a_coding_takes_one_off() {
    let demo = demo();
    let out = patroon(&["review", demo.to_str().expect("path"), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let listed = listed.as_array().expect("list");
    // The door kicked in the night of 14 July: "schopte" went unread by the lexicon here.
    let kicked = listed
        .iter()
        .find(|l| {
            l["record"] == "politie:PL0600-2024079261" && l["sentence"].as_str().is_some_and(|s| s.contains("schopte"))
        })
        .expect("the kicking is listed");
    assert!(kicked["words"]
        .as_array()
        .is_some_and(|w| w.iter().any(|x| x == "schopte")));
    // An investigator codes it; the sentence is then read and leaves the list.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("coderingen.toml");
    std::fs::write(
        &file,
        "[[coding]]\nrecord = \"politie:PL0600-2024079261\"\nsentence = \"tegen de voordeur van nr. 5 schopte\"\ncategory = \"intimidation\"\naction = \"add\"\nby = \"R. Jansen\"\ndate = 2026-12-07\nreason = \"Schoppen tegen haar voordeur om 00:35 uur.\"\n",
    )
    .expect("write");
    let out = patroon(&[
        "review",
        demo.to_str().expect("path"),
        "--json",
        "--coding",
        file.to_str().expect("path"),
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(after.as_array().map(Vec::len), Some(listed.len() - 1));
    // A coding of a record that is not in the input stops the command, naming file and line.
    std::fs::write(&file, "[[coding]]\nrecord = \"politie:PL9\"\ncategory = \"stalking\"\naction = \"add\"\nby = \"x\"\ndate = 2026-12-07\nreason = \"y\"\n").expect("write");
    let out = patroon(&[
        "dossier",
        demo.to_str().expect("path"),
        "--json",
        "-",
        "--coding",
        file.to_str().expect("path"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("coderingen.toml, regel 2") && err.contains("politie:PL9"),
        "{err}"
    );
}
