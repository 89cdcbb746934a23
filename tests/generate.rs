//! `patroon-lab generate`: the region reads back with 0 rejects, its truth matches what was
//! written, the same arguments give the same bytes, and the dev and eval wording never meet;
//! with `--degrade` likewise, with the degradations as documented.

mod common;

use common::*;
use patroon::generate::phrases::PhraseBank;
use patroon::generate::{generate, generate_degraded, Options, Split};
use patroon::model::TimePoint;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn region(dir: &Path, households: usize, seed: u64, split: Split) -> Value {
    generate(
        &Options {
            households,
            seed,
            split,
            long_case: None,
        },
        dir,
    )
    .expect("generate");
    let truth = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json");
    serde_json::from_str(&truth).expect("truth.json is JSON")
}

fn degraded_region(dir: &Path, households: usize, seed: u64, split: Split) -> Value {
    generate_degraded(
        &Options {
            households,
            seed,
            split,
            long_case: None,
        },
        dir,
    )
    .expect("generate --degrade");
    let truth = std::fs::read_to_string(dir.join("truth.json")).expect("truth.json");
    serde_json::from_str(&truth).expect("truth.json is JSON")
}

fn truth_references(truth: &Value) -> BTreeSet<String> {
    truth["households"]
        .as_array()
        .expect("households")
        .iter()
        .flat_map(|h| h["records"].as_array().expect("records").iter())
        .map(|r| r["reference"].as_str().expect("reference").to_string())
        .collect()
}

#[test]
fn a_generated_region_reads_back_whole_and_matches_its_truth() {
    for split in [
        Split::Dev,
        Split::Eval,
        Split::Eval2,
        Split::Eval3,
        Split::Eval4,
        Split::Eval5,
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let truth = region(dir.path(), 60, 11, split);
        let result = read(&[dir.path()]);
        assert!(
            result.rejects.is_empty(),
            "{:#?}",
            &result.rejects[..result.rejects.len().min(5)]
        );
        assert_eq!(result.unrecognised.len(), 1, "only truth.json is not an export");
        let read_refs: BTreeSet<String> = result.records.iter().map(|r| r.reference.to_string()).collect();
        assert_eq!(
            read_refs,
            truth_references(&truth),
            "every record in the truth, and nothing else"
        );
        // Every reference a pattern, red flag, incident or person cites exists.
        for h in truth["households"].as_array().expect("households") {
            let cited = ["patterns", "red_flags", "incidents", "persons"]
                .iter()
                .flat_map(|k| h[*k].as_array().expect("list").iter())
                .flat_map(|x| x["records"].as_array().expect("records").iter())
                .map(|r| r.as_str().expect("ref").to_string());
            for r in cited {
                assert!(read_refs.contains(&r), "{} cites {r}, which was not written", h["id"]);
            }
        }
    }
}

#[test]
fn incident_categories_are_exactly_what_their_records_evidence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let truth = region(dir.path(), 40, 5, Split::Dev);
    for h in truth["households"].as_array().expect("households") {
        for inc in h["incidents"].as_array().expect("incidents") {
            let id = inc["id"].as_str().expect("id");
            let mut from_records: Vec<&str> = h["records"]
                .as_array()
                .expect("records")
                .iter()
                .filter(|r| r["incident"].as_str() == Some(id))
                .flat_map(|r| {
                    r["categories"]
                        .as_array()
                        .expect("categories")
                        .iter()
                        .filter_map(Value::as_str)
                })
                .collect();
            from_records.sort();
            from_records.dedup();
            let stated: Vec<&str> = inc["categories"]
                .as_array()
                .expect("categories")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(stated, from_records, "{id}");
            assert!(
                !inc["records"].as_array().expect("records").is_empty(),
                "{id} has no account"
            );
        }
        // A recurrence cites only records that evidence its category.
        let categories_of = |r: &str| -> Vec<String> {
            h["records"]
                .as_array()
                .expect("records")
                .iter()
                .find(|x| x["reference"] == r)
                .expect("record")["categories"]
                .as_array()
                .expect("categories")
                .iter()
                .filter_map(|c| c.as_str().map(str::to_string))
                .collect()
        };
        for p in h["patterns"]
            .as_array()
            .expect("patterns")
            .iter()
            .filter(|p| p["kind"] == "recurrence")
        {
            let category = p["category"].as_str().expect("category");
            for r in p["records"].as_array().expect("records") {
                assert!(
                    categories_of(r.as_str().expect("ref")).iter().any(|c| c == category),
                    "{r} does not evidence {category}"
                );
            }
        }
        if h["kind"] == "single" {
            let kinds: Vec<&str> = h["patterns"]
                .as_array()
                .expect("patterns")
                .iter()
                .filter_map(|p| p["kind"].as_str())
                .collect();
            assert!(
                kinds.iter().all(|k| *k == "children_present"),
                "{}: a single incident has no pattern: {kinds:?}",
                h["id"]
            );
        }
    }
}

fn hashes(dir: &Path) -> Vec<Vec<u8>> {
    // Every export file and the truth.
    EXPORT_FILES
        .iter()
        .chain(["truth.json"].iter())
        .map(|f| std::fs::read(dir.join(f)).expect("file"))
        .collect()
}

#[test]
fn the_same_arguments_give_the_same_bytes() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    region(a.path(), 25, 3, Split::Eval);
    region(b.path(), 25, 3, Split::Eval);
    assert!(hashes(a.path()) == hashes(b.path()), "two runs differ");
    let c = tempfile::tempdir().expect("tempdir");
    region(c.path(), 25, 4, Split::Eval);
    assert!(
        hashes(a.path()) != hashes(c.path()),
        "another seed gives another region"
    );
}

#[test]
fn a_household_is_the_same_whatever_the_region_size() {
    let small = tempfile::tempdir().expect("tempdir");
    let large = tempfile::tempdir().expect("tempdir");
    let t_small = region(small.path(), 5, 9, Split::Dev);
    let t_large = region(large.path(), 12, 9, Split::Dev);
    assert_eq!(t_small["households"][4], t_large["households"][4]);
}

#[test]
fn the_phrasing_sets_are_disjoint() {
    let texts = |split: Split| -> BTreeSet<String> {
        PhraseBank::built_in(split)
            .expect("phrasings parse")
            .all_texts()
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let sets = [
        ("dev", texts(Split::Dev)),
        ("eval", texts(Split::Eval)),
        ("eval2", texts(Split::Eval2)),
        ("eval3", texts(Split::Eval3)),
        ("eval4", texts(Split::Eval4)),
        ("eval5", texts(Split::Eval5)),
    ];
    for (k, (a, x)) in sets.iter().enumerate() {
        assert!(x.len() > 200, "{a} has {} texts", x.len());
        for (b, y) in &sets[k + 1..] {
            let shared: Vec<&String> = x.intersection(y).collect();
            assert!(shared.is_empty(), "{a} and {b} share: {shared:?}");
        }
    }
}

#[test]
fn the_mix_and_the_noise_are_as_documented() {
    let dir = tempfile::tempdir().expect("tempdir");
    let truth = region(dir.path(), 400, 21, Split::Dev);
    let households = truth["households"].as_array().expect("households");
    let share = |kind: &str| households.iter().filter(|h| h["kind"] == kind).count() as f64 / households.len() as f64;
    assert!((0.52..0.68).contains(&share("single")), "single {}", share("single"));
    assert!((0.09..0.21).contains(&share("conflict")));
    assert!((0.10..0.20).contains(&share("coercive")));
    assert!((0.05..0.15).contains(&share("separation")));
    // Unrelated people share a first name and surname.
    let mut names = std::collections::BTreeMap::new();
    for h in households {
        for p in h["persons"].as_array().expect("persons") {
            names
                .entry(p["name"].as_str().expect("name").to_string())
                .or_insert_with(BTreeSet::new)
                .insert(p["id"].as_str().expect("id").to_string());
        }
    }
    assert!(names.values().any(|ids| ids.len() > 1), "no two persons share a name");
    // Advice requests that name people by role only, and earlier victims, occur.
    assert!(households
        .iter()
        .any(|h| !h["unresolved_mentions"].as_array().expect("list").is_empty()));
    assert!(households.iter().any(|h| h["patterns"]
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["kind"] == "prior_victim")));
    // Registration days after the act, and periods, are in the police export.
    let result = read(&[dir.path()]);
    assert!(result.records.iter().any(|r| r.layout == "politie"
        && r.act
            .as_ref()
            .zip(r.registered.as_ref())
            .is_some_and(|(a, g)| g.from.earliest() - a.from.earliest() > chrono::Duration::days(2))));
    assert!(result
        .records
        .iter()
        .any(|r| r.act.as_ref().is_some_and(|a| a.until.is_some())));
}

#[test]
fn a_degraded_region_is_deterministic_and_its_truth_still_holds_every_record() {
    let plain = tempfile::tempdir().expect("tempdir");
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let plain_truth = region(plain.path(), 200, 7, Split::Eval5);
    let truth = degraded_region(a.path(), 200, 7, Split::Eval5);
    degraded_region(b.path(), 200, 7, Split::Eval5);
    assert!(hashes(a.path()) == hashes(b.path()), "two degraded runs differ");
    assert!(hashes(a.path()) != hashes(plain.path()), "--degrade changed nothing");

    // It reads back whole, and the truth holds every record and cites only written ones.
    let result = read(&[a.path()]);
    assert!(
        result.rejects.is_empty(),
        "{:#?}",
        &result.rejects[..result.rejects.len().min(5)]
    );
    let read_refs: BTreeSet<String> = result.records.iter().map(|r| r.reference.to_string()).collect();
    assert_eq!(read_refs, truth_references(&truth), "every record in the truth");
    let households = truth["households"].as_array().expect("households");
    for h in households {
        for r in ["patterns", "red_flags", "incidents", "persons"]
            .iter()
            .flat_map(|k| h[*k].as_array().expect("list").iter())
            .flat_map(|x| x["records"].as_array().expect("records").iter())
        {
            assert!(read_refs.contains(r.as_str().expect("ref")), "{} cites {r}", h["id"]);
        }
    }
    // What happened is the same: the same households and incidents on the same days.
    let incidents = |t: &Value| -> Vec<(String, String, String)> {
        t["households"]
            .as_array()
            .expect("households")
            .iter()
            .flat_map(|h| h["incidents"].as_array().expect("incidents").iter())
            .map(|i| {
                let s = |k: &str| i[k].as_str().unwrap_or_default().to_string();
                (s("id"), s("start"), s("end"))
            })
            .collect()
    };
    assert_eq!(incidents(&truth), incidents(&plain_truth));

    let truth_record = |reference: &str| -> &Value {
        households
            .iter()
            .flat_map(|h| h["records"].as_array().expect("records").iter())
            .find(|r| r["reference"] == reference)
            .expect("record in truth")
    };
    let has = |r: &Value, category: &str| {
        r["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .any(|c| c == category)
    };

    // Birth dates: left out of about 40 % of the targeted mentions that had one: every
    // Veilig Thuis and jeugdbescherming mention, and the police's third parties.
    let before = read(&[plain.path()]);
    let plain_records: std::collections::BTreeMap<String, &patroon::model::Record> =
        before.records.iter().map(|r| (r.reference.to_string(), r)).collect();
    let (mut had, mut lost) = (0usize, 0usize);
    for r in &result.records {
        let Some(p) = plain_records.get(&r.reference.to_string()) else {
            continue;
        };
        if p.persons.len() != r.persons.len() {
            continue;
        }
        let ids: Vec<&str> = truth_record(&r.reference.to_string())["persons"]
            .as_array()
            .expect("persons")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let named = p.persons.iter().zip(&r.persons).filter(|(m, _)| !m.name.role_only);
        for (k, (m, d)) in named.enumerate() {
            let third_party = ids
                .get(k)
                .is_some_and(|id| !(id.ends_with("-V") || id.ends_with("-S") || id.ends_with("-P")));
            let targeted = match r.layout.as_str() {
                "veilig-thuis" | "jeugdbescherming" => true,
                "politie" => third_party,
                _ => false,
            };
            if targeted && m.birth.is_some() {
                had += 1;
                lost += usize::from(d.birth.is_none());
            }
            if !targeted {
                assert_eq!(
                    m.birth, d.birth,
                    "{}: a birth date outside the targets changed",
                    r.reference
                );
            }
        }
    }
    let share = lost as f64 / had as f64;
    assert!(had > 500, "only {had} targeted mentions with a birth date");
    assert!((0.25..=0.55).contains(&share), "{lost} of {had} birth dates left out");

    // A withdrawal is a police Mutatie under the code of the act withdrawn, its text says
    // she withdraws her aangifte, and in truth it is an account of the withdrawal, not of
    // a new act.
    let withdrawals: Vec<&patroon::model::Record> = result
        .records
        .iter()
        .filter(|r| r.layout == "politie" && has(truth_record(&r.reference.to_string()), "complaint_withdrawn"))
        .collect();
    assert!(!withdrawals.is_empty(), "no withdrawal at the police");
    for r in &withdrawals {
        let t = truth_record(&r.reference.to_string());
        let text = r.narrative.as_deref().unwrap_or_default().to_lowercase();
        assert!(r.label.starts_with("Mutatie "), "{}: {}", r.reference, r.label);
        // The code is that of the police record of the act it withdraws.
        let withdrawn = t["mentions"][0].as_str().expect("names the act withdrawn");
        let act_label = result
            .records
            .iter()
            .find(|x| x.layout == "politie" && truth_record(&x.reference.to_string())["incident"] == withdrawn)
            .map(|x| x.label.clone())
            .expect("the act withdrawn was reported to the police");
        let code = |label: &str| label.split_once(' ').map(|x| x.1.to_string()).unwrap_or_default();
        assert_eq!(code(&r.label), code(&act_label), "{}", r.reference);
        assert!(text.contains("aangifte"), "{}: {text}", r.reference);
        assert!(!has(t, "physical_violence"), "{}: counted as an assault", r.reference);
        let inc = t["incident"].as_str().expect("an account of the withdrawal");
        let h = households
            .iter()
            .find(|h| {
                h["incidents"]
                    .as_array()
                    .expect("incidents")
                    .iter()
                    .any(|i| i["id"] == inc)
            })
            .expect("household");
        let incident = h["incidents"]
            .as_array()
            .expect("incidents")
            .iter()
            .find(|i| i["id"] == inc)
            .expect("incident");
        assert!(incident["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .any(|c| c == "complaint_withdrawn"));
    }

    // A refusal to report, in households that also have a real withdrawal, is no withdrawal.
    let refusals: Vec<&patroon::model::Record> = result
        .records
        .iter()
        .filter(|r| {
            patroon::generate::phrases::REFUSAL
                .iter()
                .any(|s| r.narrative.as_deref().is_some_and(|n| n.contains(s)))
        })
        .collect();
    assert!(!refusals.is_empty(), "no refusal to report");
    for r in &refusals {
        let reference = r.reference.to_string();
        assert!(!has(truth_record(&reference), "complaint_withdrawn"), "{reference}");
        let h = households
            .iter()
            .find(|h| {
                h["records"]
                    .as_array()
                    .expect("records")
                    .iter()
                    .any(|x| x["reference"] == reference)
            })
            .expect("household");
        assert!(
            h["patterns"]
                .as_array()
                .expect("patterns")
                .iter()
                .any(|p| p["kind"] == "complaint_withdrawn"),
            "{reference}: a refusal where nothing was withdrawn"
        );
    }

    // The same act in politie and Veilig Thuis, dated 1–4 days apart, is one incident.
    let day_of = |r: &patroon::model::Record| match r.act.as_ref().map(|a| &a.from) {
        Some(TimePoint::Day(d)) => Some(*d),
        Some(TimePoint::Moment { local, .. }) => Some(local.date()),
        _ => None,
    };
    let mut police_day = std::collections::BTreeMap::new();
    for r in result.records.iter().filter(|r| r.layout == "politie") {
        if let (Some(inc), Some(d)) = (truth_record(&r.reference.to_string())["incident"].as_str(), day_of(r)) {
            police_day.insert(inc.to_string(), d);
        }
    }
    let (mut apart, mut undated, mut coarse) = (0, 0, 0);
    for r in result.records.iter().filter(|r| r.layout == "veilig-thuis") {
        match r.act.as_ref().map(|a| &a.from) {
            None => undated += 1,
            Some(TimePoint::Month { .. } | TimePoint::Year(_)) => coarse += 1,
            _ => {}
        }
        let inc = truth_record(&r.reference.to_string())["incident"].as_str();
        if let (Some(p), Some(v)) = (inc.and_then(|i| police_day.get(i)), day_of(r)) {
            if (1..=4).contains(&(v - *p).num_days().abs()) {
                apart += 1;
            }
        }
    }
    assert!(
        apart > 10,
        "{apart} Veilig Thuis reports dated days apart from the police"
    );
    assert!(undated > 10, "{undated} undated Veilig Thuis reports");
    assert!(coarse > 10, "{coarse} Veilig Thuis reports dated by month or year");
}
