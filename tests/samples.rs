//! The shared sample households (`../shared/sample-exports`, present in CI, absent on a
//! plain clone): huishouden-a gives every pattern of its `expected.json`, and the control
//! household huishouden-b gives none. Skipped, saying so, when the samples are absent.

use patroon::detect::{Detection, Kind};
use patroon::ingest::mapping::built_in;
use patroon::ingest::{ingest, Input};
use patroon::pipeline::{analyse, detect, Rules};
use patroon::resolve::Overrides;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn sample(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/sample-exports")
        .join(name);
    if dir.join("expected.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the shared samples are only in CI)",
            dir.display()
        );
        None
    }
}

fn run(dir: &Path) -> Detection {
    let ingested = ingest(&[Input::Detect(dir.to_path_buf())], &built_in().expect("mappings"));
    assert!(ingested.rejects.is_empty(), "{:?}", ingested.rejects);
    let rules = Rules::load(None).expect("rules");
    let analysis = analyse(&ingested, &rules, &Overrides::default());
    detect(&ingested, &analysis, &rules).1
}

fn expected(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

#[test]
fn huishouden_a_gives_every_expected_pattern() {
    let Some(dir) = sample("huishouden-a") else { return };
    let want = expected(&dir);
    let found = run(&dir);
    let kinds: BTreeSet<String> = found.patterns.iter().map(|p| p.kind.id()).collect();
    let recurring: BTreeSet<&str> = found
        .patterns
        .iter()
        .filter(|p| p.kind == Kind::Recurrence)
        .filter_map(|p| p.category.as_deref())
        .collect();
    // Circumstances are patterns of their own kind, not recurring behaviour.
    let own_kind = ["children_present", "complaint_withdrawn"];
    for r in want["patterns"]["recurrence"].as_array().expect("recurrence") {
        if r["recurrent"] != true {
            continue;
        }
        let category = r["category"].as_str().expect("category");
        if own_kind.contains(&category) {
            assert!(kinds.contains(category), "no {category} pattern; found {kinds:?}");
        } else {
            assert!(
                recurring.contains(category),
                "{category} not found recurring; found {recurring:?}"
            );
        }
    }
    for (key, kind) in [
        ("escalation", "escalation"),
        ("separation", "separation"),
        ("post_separation_stalking", "post_separation_stalking"),
        ("complaint_withdrawn", "complaint_withdrawn"),
        ("order_breaches", "order_breach"),
        ("prior_victim", "prior_victim"),
    ] {
        let present = match &want["patterns"][key] {
            serde_json::Value::Null => false,
            serde_json::Value::Array(a) => !a.is_empty(),
            serde_json::Value::Object(o) => o.get("present").is_none_or(|p| p == true),
            _ => true,
        };
        if present {
            assert!(kinds.contains(kind), "expected.json has {key}; found {kinds:?}");
        }
    }
    // A strangulation told once and mentioned by later records is one incident.
    let strangulation_recurs = found
        .patterns
        .iter()
        .any(|p| p.kind == Kind::Recurrence && p.category.as_deref() == Some("strangulation"));
    assert!(
        !strangulation_recurs,
        "later mentions of the strangulation counted as new incidents"
    );
}

#[test]
fn huishouden_b_gives_no_pattern_and_no_red_flag() {
    let Some(dir) = sample("huishouden-b") else { return };
    let found = run(&dir);
    assert!(found.patterns.is_empty(), "{:?}", found.patterns);
    assert!(found.red_flags.is_empty(), "{:?}", found.red_flags);
}
