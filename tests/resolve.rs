//! Resolution of persons and incidents: the example household resolves as its story says,
//! ids stay put when unrelated records arrive, judgements are applied and shown, and a
//! generated region is resolved with high pairwise precision and recall.

mod common;

use common::*;
use patroon::generate::{generate, Options, Split};
use patroon::ingest::{ingest, Ingested, Input};
use patroon::model::Record;
use patroon::pipeline::{read_all, Rules};
use patroon::resolve::incidents::TimeBasis;
use patroon::resolve::{Overrides, Resolution};
use std::collections::BTreeMap;

/// Classify and resolve, as the commands do.
fn resolve(records: &[Record], overrides: &Overrides) -> Resolution {
    let rules = Rules::load(None).expect("built-in rules");
    let readings = read_all(&rules.classifier, records);
    patroon::resolve::resolve(records, &readings, overrides, &rules.rules.disclosure)
}

fn demo() -> Ingested {
    read(&[&examples_dir().join("huishouden-demo")])
}

fn person_with<'a>(res: &'a Resolution, variant: &str) -> &'a patroon::resolve::Person {
    res.persons
        .persons
        .iter()
        .find(|p| p.name_variants.iter().any(|v| v == variant))
        .unwrap_or_else(|| panic!("no person written {variant:?}"))
}

#[test]
fn the_example_household_resolves_as_its_story_says() {
    let ingested = demo();
    let res = resolve(&ingested.records, &Overrides::default());
    // The victim under every spelling: accent lost, initials, name order.
    let zoe = person_with(&res, "Zoë Lindeboom");
    for v in ["Zoe Lindeboom", "Lindeboom, Z.A.", "Lindeboom / Zoë Anne"] {
        assert!(
            zoe.name_variants.iter().any(|x| x == v),
            "{v} not joined: {:?}",
            zoe.name_variants
        );
    }
    // The suspect, with the OM's mistyped birth date tolerated; the decoy who shares his
    // surname and initial stays apart.
    let ruben = person_with(&res, "Vandenbroek, Ruben");
    assert_eq!(ruben.birth_dates, vec!["1990-02-09", "1990-02-19"]);
    let ruud = person_with(&res, "Broek / van den / Ruud");
    assert_ne!(ruben.id, ruud.id);
    assert_eq!(ruud.records.len(), 1);
    // Role-only mentions are kept, unresolved.
    let texts: Vec<&str> = res.persons.unresolved.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(texts, vec!["moeder", "vriend van moeder"]);
    // Every named mention has exactly one person.
    for (r, record) in ingested.records.iter().enumerate() {
        for (i, p) in record.persons.iter().enumerate() {
            assert_eq!(
                res.persons.person_of(r, i).is_some(),
                !p.name.role_only,
                "{}#p{}",
                record.reference,
                i + 1
            );
        }
    }
    // The case: Ruben harms Zoë, with their two children.
    let case = res
        .incidents
        .cases
        .iter()
        .find(|c| c.suspect == ruben.id && c.victim == zoe.id)
        .expect("case");
    assert_eq!(case.children.len(), 2);
}

#[test]
fn incidents_keep_every_account_and_count_each_occurrence_once() {
    let ingested = demo();
    let res = resolve(&ingested.records, &Overrides::default());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    // A record is an account of one incident; only conduct disclosed inside its text (a
    // disclosure incident) may add a second.
    for inc in res.incidents.incidents.iter().filter(|i| i.disclosure.is_none()) {
        for r in &inc.records {
            *seen.entry(r.as_str()).or_default() += 1;
        }
    }
    assert!(seen.values().all(|&n| n == 1), "a record in two incidents");
    let incident_of = |r: &str| {
        res.incidents
            .incident_of
            .get(r)
            .cloned()
            .unwrap_or_else(|| panic!("{r} is in no incident"))
    };
    // Explicit: an OM feit with its police registration.
    for r in &ingested.records {
        if r.kind.canonical == patroon::model::RecordKind::Charge {
            for target in r.refers_to.iter().filter(|t| t.as_str().starts_with("politie:")) {
                assert_eq!(
                    incident_of(r.reference.as_str()),
                    incident_of(target.as_str()),
                    "{} / {target}",
                    r.reference
                );
            }
        }
    }
    // The strangulation night: police, Veilig Thuis and two OM feiten are one incident.
    let strangulation = incident_of("politie:PL0600-2023112468");
    for r in [
        "om:05/811602-23#feit:1",
        "om:05/811602-23#feit:2",
        "veilig-thuis:VT-IJ-2023-005961",
    ] {
        assert_eq!(incident_of(r), strangulation, "{r}");
    }
    // The huisverbod is an account of the incident of the night before.
    assert_eq!(
        incident_of("gemeente:ZWL-THV-2024-0031"),
        incident_of("politie:PL0600-2024012205")
    );
    // Every record is an account (of an incident, or of conduct disclosed in its own text)
    // or a procedural record, never both, never neither.
    let procedural: Vec<&str> = res.incidents.procedural.iter().map(|(r, _)| r.as_str()).collect();
    let disclosing: Vec<&str> = res
        .incidents
        .incidents
        .iter()
        .filter(|i| i.disclosure.is_some())
        .flat_map(|i| i.records.iter().map(|r| r.as_str()))
        .collect();
    for r in &ingested.records {
        let is_account = seen.contains_key(r.reference.as_str()) || disclosing.contains(&r.reference.as_str());
        assert_ne!(
            is_account,
            procedural.contains(&r.reference.as_str()),
            "{}",
            r.reference
        );
    }
}

#[test]
fn ids_do_not_change_when_unrelated_records_are_added() {
    let alone = demo();
    let before = resolve(&alone.records, &Overrides::default());
    let other = tempfile::tempdir().expect("tempdir");
    generate(
        &Options {
            households: 40,
            seed: 77,
            split: Split::Dev,
            long_case: None,
        },
        other.path(),
    )
    .expect("generate");
    let both = ingest(
        &[
            Input::Detect(examples_dir().join("huishouden-demo")),
            Input::Detect(other.path().to_path_buf()),
        ],
        &mappings(),
    );
    assert!(both.records.len() > alone.records.len() + 100);
    let after = resolve(&both.records, &Overrides::default());
    let person_ids = |res: &Resolution| -> BTreeMap<String, String> {
        res.persons
            .persons
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (m.clone(), p.id.clone())))
            .collect()
    };
    let (b, a) = (person_ids(&before), person_ids(&after));
    for (mention, id) in &b {
        assert_eq!(a.get(mention), Some(id), "person id of {mention} changed");
    }
    for (record, id) in &before.incidents.incident_of {
        assert_eq!(
            after.incidents.incident_of.get(record),
            Some(id),
            "incident id of {record} changed"
        );
    }
}

#[test]
fn judgements_split_and_join_and_are_shown() {
    let ingested = demo();
    let res = resolve(&ingested.records, &Overrides::default());
    let zoe = person_with(&res, "Zoë Lindeboom");
    let ruud = person_with(&res, "Broek / van den / Ruud");
    let ruben = person_with(&res, "Vandenbroek, Ruben");
    let text = format!(
        r#"
[[judgement]]
a = "{}"
b = "{}"
verdict = "different"
reason = "twee vrouwen met dezelfde naam volgens het BRP"
by = "rechercheur T. Test"

[[judgement]]
a = "{}"
b = "{}"
verdict = "same"
reason = "test: samenvoegen op verzoek"
by = "rechercheur T. Test"
date = "2026-11-20"
"#,
        zoe.mentions[0], zoe.mentions[1], ruud.mentions[0], ruben.mentions[0]
    );
    let overrides = Overrides::from_toml(&text, "test.toml").expect("valid overrides");
    let judged = resolve(&ingested.records, &overrides);
    let person_of_mention = |res: &Resolution, key: &str| {
        res.persons
            .persons
            .iter()
            .find(|p| p.mentions.iter().any(|m| m == key))
            .map(|p| p.id.clone())
    };
    assert_ne!(
        person_of_mention(&judged, &zoe.mentions[0]),
        person_of_mention(&judged, &zoe.mentions[1])
    );
    assert!(judged
        .persons
        .near_misses
        .iter()
        .any(|n| n.judgement.is_some() && n.a == zoe.mentions[0]));
    let joined = judged
        .persons
        .persons
        .iter()
        .find(|p| p.mentions.contains(&ruud.mentions[0]))
        .expect("person");
    assert!(joined.mentions.contains(&ruben.mentions[0]));
    assert!(joined.override_applied);
    let position = judged
        .persons
        .persons
        .iter()
        .position(|p| p.id == joined.id)
        .expect("index");
    let merges = judged.persons.merges_by_person(&ingested.records).swap_remove(position);
    assert!(merges
        .iter()
        .any(|m| m.rule == patroon::resolve::persons::MergeRule::Override
            && m.judgement.as_ref().is_some_and(|j| j.by == "rechercheur T. Test")));

    let bad = text.replace("verdict = \"same\"", "verdict = \"misschien\"");
    let err = Overrides::from_toml(&bad, "bad.toml").expect_err("bad verdict");
    assert!(
        matches!(&err, patroon::resolve::overrides::OverridesError::Syntax { file, .. } if file == "bad.toml"),
        "{err:?}"
    );
    let err = common::worded(err);
    assert!(err.contains("misschien"), "{err}");
}

#[test]
fn a_generated_region_is_resolved_precisely() {
    let dir = tempfile::tempdir().expect("tempdir");
    generate(
        &Options {
            households: 300,
            seed: 8,
            split: Split::Eval,
            long_case: None,
        },
        dir.path(),
    )
    .expect("generate");
    let ingested = read(&[dir.path()]);
    let res = resolve(&ingested.records, &Overrides::default());
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("truth.json")).expect("truth")).expect("json");
    let eval = patroon::evaluate::evaluate(&ingested.records, &res, &truth).expect("evaluate");
    assert!(
        eval.persons.precision >= 0.995 && eval.persons.recall >= 0.97,
        "{:?}",
        eval.persons
    );
    assert!(
        eval.incidents.precision >= 0.98 && eval.incidents.recall >= 0.95,
        "{:?}",
        eval.incidents
    );
}

#[test]
fn the_findings_of_the_example_are_stable() {
    let ingested = demo();
    let res = resolve(&ingested.records, &Overrides::default());
    let summary = serde_json::json!({
        "persons": res.persons.persons.iter().map(|p| serde_json::json!({"id": p.id, "name": p.name, "records": p.records.len()})).collect::<Vec<_>>(),
        "unresolved": res.persons.unresolved,
        "incidents": res.incidents.incidents.iter().map(|i| serde_json::json!({"id": i.id, "when": i.when.as_ref().map(|w| w.label()), "records": i.records})).collect::<Vec<_>>(),
    });
    insta::assert_json_snapshot!("findings_huishouden_demo", summary);
}

/// A small household: one police registration (a push on 2024-03-02), a Veilig Thuis report
/// about it that also tells of months of forced sex, and three jeugdbescherming reports:
/// one referring back to the push, one with new, dated conduct, one with undated conduct.
fn disclosure_household(dir: &std::path::Path) -> Ingested {
    let politie = write_politie(
        dir,
        "politie.csv",
        &[
            politie_row(
                "PL0900-2024000101",
                "02-03-2024",
                "Verdachte",
                "Bram",
                "11-05-1988",
                "Aangeefster verklaart dat hij haar tegen de kast duwde.",
            ),
            politie_row(
                "PL0900-2024000101",
                "02-03-2024",
                "Aangever",
                "Noor",
                "07-09-1991",
                "Aangeefster verklaart dat hij haar tegen de kast duwde.",
            ),
        ],
    );
    let vt = write_vt(
        dir,
        &["VT-TS-2024-000300,Melding,2024-03-05,Politie,2024-03-02,2024-03-02,Lichamelijk geweld,Ja,Ja,Onderzoek,\"Politie meldt dat hij haar op 2 maart tegen de kast duwde. Zij vertelt ook dat hij haar de afgelopen maanden meerdere keren tot seks heeft gedwongen.\""],
        &[
            "VT-TS-2024-000300,Slachtoffer,Noor van de Kamp,1991-09-07,",
            "VT-TS-2024-000300,Vermoedelijke pleger,Bram van de Kamp,1988-05-11,",
        ],
    );
    let ouders = r#""kinderen": [{"naam": "Siem van de Kamp", "geboortedatum": "2018-02-02"}], "ouders": [{"naam": "Noor van de Kamp", "geboortedatum": "1991-09-07", "rol": "moeder"}, {"naam": "Bram van de Kamp", "geboortedatum": "1988-05-11", "rol": "vader"}]"#;
    let jb = [
        ("2024-04-10", "Verzoek tot onderzoek", "Moeder vertelt dat vader haar op 02-03-2024 tegen de kast duwde."),
        ("2024-09-30", "Verslag", "Tijdens de omgang op 7 en 21 september vroeg vader Siem steeds waar ze nu wonen en wie er bij mama langskomt."),
        ("2025-01-15", "Verslag", "Via een brief vraagt hij de kinderen of mama nog boos is. Het gaat goed op school."),
    ]
    .iter()
    .map(|(date, soort, text)| format!(r#"{{"zaakid": "GI-TS-2024-0001", "datum": "{date}", "soort": "{soort}", {ouders}, "samenvatting": "{text}"}}"#))
    .collect::<Vec<_>>()
    .join("\n");
    let jb_path = dir.join("jeugdbescherming.jsonl");
    std::fs::write(&jb_path, jb + "\n").expect("write");
    read(&[politie.as_path(), vt.as_path(), jb_path.as_path()])
}

#[test]
fn conduct_disclosed_inside_another_record_is_an_incident_of_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ingested = disclosure_household(dir.path());
    assert!(ingested.rejects.is_empty(), "{:?}", ingested.rejects);
    let res = resolve(&ingested.records, &Overrides::default());
    let disclosed: Vec<_> = res
        .incidents
        .incidents
        .iter()
        .filter(|i| i.disclosure.is_some())
        .collect();
    let of = |r: &str| disclosed.iter().find(|i| i.records == [r.to_string()]).copied();

    // The look-back in the Veilig Thuis report: a period ending on the night it reports,
    // starting at month precision, beside (not instead of) the push incident.
    let forced = of("veilig-thuis:VT-TS-2024-000300").expect("the disclosed forced sex");
    let d = forced.disclosure.as_ref().expect("disclosure");
    assert_eq!(d.categories, vec!["sexual_violence"]);
    assert_eq!(
        forced.when.as_ref().map(|w| w.label()).as_deref(),
        Some("2023-12..2024-03-02")
    );
    assert!(
        matches!(&d.time_basis, TimeBasis::Lookback { words, .. } if words.contains("afgelopen maanden")),
        "{:?}",
        d.time_basis
    );
    let push = &res.incidents.incident_of["politie:PL0900-2024000101"];
    assert_eq!(&res.incidents.incident_of["veilig-thuis:VT-TS-2024-000300"], push);

    // The first jeugdbescherming report only refers back to the push: no incident.
    assert!(of("jeugdbescherming:GI-TS-2024-0001#1").is_none());
    // The second tells of new conduct on two dates in September (year from the report).
    let contact = of("jeugdbescherming:GI-TS-2024-0001#2").expect("dated disclosure");
    assert_eq!(
        contact.when.as_ref().map(|w| w.label()).as_deref(),
        Some("2024-09-07..2024-09-21")
    );
    let cats = &contact.disclosure.as_ref().expect("disclosure").categories;
    assert!(
        cats.contains(&"use_of_children".to_string()) && cats.contains(&"monitoring".to_string()),
        "{cats:?}"
    );
    // The third has no date: the time since the previous report, said so.
    let letter = of("jeugdbescherming:GI-TS-2024-0001#3").expect("undated disclosure");
    assert_eq!(
        letter.when.as_ref().map(|w| w.label()).as_deref(),
        Some("2024-10-01..2025-01-15")
    );
    assert!(matches!(
        letter.disclosure.as_ref().expect("d").time_basis,
        TimeBasis::BetweenReports { .. }
    ));
    // Both reports are accounts now, no longer procedural; the first stays procedural.
    let procedural: Vec<&str> = res.incidents.procedural.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(procedural, vec!["jeugdbescherming:GI-TS-2024-0001#1"]);
    assert_eq!(disclosed.len(), 3);
}
