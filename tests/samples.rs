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

/// The first and last day an expected date names: "2021" the whole year, "2021-09" the
/// month, "2021-09-01" the day.
fn expected_days(text: &str) -> (chrono::NaiveDate, chrono::NaiveDate) {
    use chrono::NaiveDate;
    let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let parts: Vec<&str> = text.split('-').collect();
    let year: i32 = parts[0].parse().expect("year");
    match parts.len() {
        1 => (day(year, 1, 1), day(year, 12, 31)),
        2 => {
            let month: u32 = parts[1].parse().expect("month");
            let next = if month == 12 {
                day(year + 1, 1, 1)
            } else {
                day(year, month + 1, 1)
            };
            (day(year, month, 1), next.pred_opt().expect("day"))
        }
        _ => {
            let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("day");
            (d, d)
        }
    }
}

#[test]
fn huishouden_a_states_no_date_or_count_its_records_do_not_support() {
    let Some(dir) = sample("huishouden-a") else { return };
    let want = expected(&dir);
    let found = run(&dir);
    // The days each true incident covers, by its id.
    let mut incidents = std::collections::BTreeMap::new();
    for i in want["incidents"].as_array().expect("incidents") {
        let id = i["id"].as_str().expect("id").to_string();
        let span = match (i["date"].as_str(), i["from"].as_str(), i["to"].as_str()) {
            (Some(d), _, _) => expected_days(d),
            (None, Some(from), to) => (expected_days(from).0, expected_days(to.unwrap_or(from)).1),
            _ => continue,
        };
        incidents.insert(id, span);
    }
    // No silence is stated over a time an incident covers.
    for gap in found.gaps.iter().filter(|g| g.kind == Kind::LongSilence) {
        let (start, end) = (gap.start.expect("start").day, gap.end.expect("end").day);
        for (id, (first, last)) in &incidents {
            assert!(
                *last <= start || *first >= end,
                "a silence {start}..{end} is stated over {id} ({first}..{last})"
            );
        }
    }
    // Every red flag about a behaviour starts no earlier than the first true incident of
    // that behaviour, and its dates are no finer than its records (a year stays a year).
    for flag in &found.red_flags {
        let category = flag.flag_id();
        let truth = &want["categories"][category.as_str()]["incidents"];
        let Some(ids) = truth.as_array().filter(|ids| !ids.is_empty()) else {
            continue;
        };
        let first_true = ids
            .iter()
            .filter_map(|id| incidents.get(id.as_str().unwrap_or_default()))
            .map(|span| span.0)
            .min()
            .expect("dated");
        // A start of "2023" claims no day: it holds when the true first day is in 2023.
        let start = flag.start.expect("start");
        let latest_meant = expected_days(&start.label()).1;
        assert!(
            latest_meant >= first_true,
            "red flag {category} starts {} before the first true incident ({first_true})",
            start.label()
        );
    }
    // Every count a finding states is the number of incidents it cites, and its span runs
    // forward.
    for finding in found.patterns.iter().chain(&found.red_flags).chain(&found.gaps) {
        let facts = serde_json::to_value(&finding.facts).expect("facts");
        if let Some(n) = facts.get("incidents").and_then(|n| n.as_u64()) {
            assert_eq!(
                n as usize,
                finding.incidents.len(),
                "{:?} states {n} incidents and cites {}",
                finding.kind,
                finding.incidents.len()
            );
        }
        if let (Some(start), Some(end)) = (finding.start, finding.end) {
            assert!(start.day <= end.day, "{:?} runs backwards", finding.kind);
        }
    }
    // A withdrawal is one incident on the day it was made, and no account of the assault
    // it withdraws; a count of breaches is no breach on the order's first day.
    let withdrawn = found
        .red_flags
        .iter()
        .find(|f| f.flag_id() == "complaint_withdrawn")
        .expect("the withdrawal is a red flag");
    assert_eq!(withdrawn.incidents.len(), 1);
    assert_eq!(withdrawn.start.map(|b| b.label()).as_deref(), Some("2023-11-21"));
    let breach = found
        .red_flags
        .iter()
        .find(|f| f.flag_id() == "order_breach")
        .expect("breaches are a red flag");
    assert_eq!(breach.start.map(|b| b.label()).as_deref(), Some("2024-02-16"));
    for pattern in found
        .patterns
        .iter()
        .filter(|p| p.category.as_deref() == Some("physical_violence"))
    {
        let mentioned: Vec<&str> = want["categories"]["physical_violence"]["mentioned_in"]
            .as_array()
            .expect("mentioned_in")
            .iter()
            .filter_map(|r| r.as_str())
            .collect();
        for record in &pattern.records {
            assert!(
                !mentioned.contains(&record.as_str()),
                "{record} only mentions an earlier assault, yet is evidence of one"
            );
        }
    }
}

#[test]
fn huishouden_a_names_the_earlier_victim_in_its_persons_chapter() {
    let Some(dir) = sample("huishouden-a") else { return };
    let ingested = ingest(&[Input::Detect(dir.clone())], &built_in().expect("mappings"));
    let rules = Rules::load(None).expect("rules");
    let analysis = analyse(&ingested, &rules, &Overrides::default());
    let findings = patroon::pipeline::findings(&ingested, &analysis, &rules);
    let options = patroon::dossier::Options {
        case: None,
        lang: patroon::dossier::Lang::Nl,
        format: patroon::dossier::Format::Md,
        templates: None,
        generated: "2026-01-15".into(),
    };
    let written = patroon::dossier::write(&findings, &ingested.records, &options).expect("dossier");
    let md = String::from_utf8(written.bytes).expect("utf-8");
    let persons = md
        .split("\n## ")
        .find(|chapter| chapter.contains("person:") && chapter.contains("| **"))
        .expect("a persons chapter");
    assert!(persons.contains("**Kim de Graaf**"), "{persons}");
}
