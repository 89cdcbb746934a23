//! `patroon dossier INPUT... --out dossier.pdf`: the dossier of one case for the
//! prosecutor (PDF, or Markdown with `--format md`), and with `--json findings.json` the
//! findings it is written from (persons, unresolved mentions, incidents, cases,
//! categories, patterns, red flags, gaps, contradictions, breaches; schema in the README).

use super::InputArgs;
use crate::model::When;
use clap::Args;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dossier`.
#[derive(Debug, Args)]
pub struct DossierArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the dossier to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The dossier's format.
    #[arg(long, value_enum, default_value = "pdf")]
    pub format: crate::dossier::Format,
    /// The dossier's language (wording from templates/dossier/).
    #[arg(long, value_enum, default_value = "nl")]
    pub lang: crate::dossier::Lang,
    /// The case the dossier is about: a case id, a person id (victim or suspect) or a
    /// record reference. Without it, the case with the most records.
    #[arg(long, value_name = "CASE")]
    pub case: Option<String>,
    /// Write the findings JSON to FILE (`-` for standard output).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// An overrides file with investigators' judgements.
    #[arg(long, value_name = "FILE")]
    pub overrides: Option<PathBuf>,
    /// Investigators' codings: categories added to or removed from a record or one of its
    /// sentences, with who, when and why (see README, "Investigator coding").
    #[arg(long, value_name = "FILE")]
    pub coding: Option<PathBuf>,
}

fn when_json(w: &Option<When>) -> Value {
    match w {
        Some(w) => serde_json::to_value(w).unwrap_or(Value::Null),
        None => Value::Null,
    }
}

/// The findings JSON with what the graph and detect stages found (documented in the README).
pub fn full_findings(
    ingested: &crate::ingest::Ingested,
    analysis: &crate::pipeline::Analysis,
    rules: &crate::pipeline::Rules,
) -> Value {
    let (graph, detection) = crate::pipeline::detect(ingested, analysis, rules);
    let mut v = findings(ingested, &analysis.resolution);
    // Each incident's categories, with the records that evidence them.
    if let Some(list) = v["incidents"].as_array_mut() {
        for (item, facts) in list.iter_mut().zip(&graph.incidents) {
            item["categories"] = json!(facts.categories.keys().collect::<Vec<_>>());
            item["severity"] = json!(facts.severity);
            item["organisations"] = json!(facts.organisations);
            item["days"] = json!({"first": facts.first_day, "last": facts.last_day});
        }
    }
    // Per category: the records that evidence it, with the words or field.
    let mut categories: std::collections::BTreeMap<&str, Vec<Value>> = Default::default();
    for (record, reading) in ingested.records.iter().zip(&analysis.readings) {
        for a in &reading.assignments {
            categories
                .entry(a.category.as_str())
                .or_default()
                .push(json!({"record": record.reference, "trigger": a.trigger}));
        }
    }
    let categories: serde_json::Map<String, Value> = categories
        .into_iter()
        .map(|(c, list)| (c.to_string(), json!({"records": list})))
        .collect();
    let natures: serde_json::Map<String, Value> = ingested
        .records
        .iter()
        .zip(&graph.natures)
        .map(|(r, n)| (r.reference.to_string(), json!(n)))
        .collect();
    let red_flags: Vec<Value> = detection
        .red_flags
        .iter()
        .map(|f| json!({"id": f.kind, "case": f.case, "date": f.start, "end": f.end, "incidents": f.incidents, "records": f.records, "explanation": f.explanation}))
        .collect();
    v["categories"] = Value::Object(categories);
    v["patterns"] = json!(detection.patterns);
    v["red_flags"] = json!(red_flags);
    v["gaps"] = json!(detection.gaps);
    v["homicide_timeline"] = json!({
        "model": "Monckton Smith (2019), intimate partner homicide timeline, 8 stages",
        "note": "indicatief: een hulpmiddel bij het lezen van het patroon, geen voorspelling en geen risicoscore",
        "stages": detection.timeline_stages,
    });
    v["contradictions"] = json!(graph.contradictions);
    v["breaches"] = json!(graph.breaches);
    v["account_nature"] = Value::Object(natures);
    v["timelines"] = json!(graph.cases);
    v["rule_set"] = json!({"rules": rules.rules.version, "lexicon": rules.classifier.version, "review": rules.classifier.review_version});
    // Investigators' judgements, apart from what the lexicon read.
    v["codings"] = json!(analysis.codings.list);
    // Sentences with conduct vocabulary no reading rests on (`patroon review`).
    let unclassified: Vec<crate::classify::RecordPassage> = ingested
        .records
        .iter()
        .zip(&analysis.readings)
        .flat_map(|(r, reading)| {
            reading.unread.iter().map(|p| crate::classify::RecordPassage {
                record: r.reference.to_string(),
                passage: p.clone(),
            })
        })
        .collect();
    v["unclassified"] = json!(unclassified);
    v
}

/// The findings JSON of resolve: persons, unresolved mentions, incidents, cases.
pub fn findings(ingested: &crate::ingest::Ingested, resolution: &crate::resolve::Resolution) -> Value {
    let merges = resolution.persons.merges_by_person(&ingested.records);
    let persons: Vec<Value> = resolution
        .persons
        .persons
        .iter()
        .zip(&merges)
        .map(|(p, merges)| {
            let overridden = p.override_applied;
            json!({"id": p.id, "name": p.name, "name_variants": p.name_variants, "birth_dates": p.birth_dates,
                   "bsn": p.bsn, "roles": p.roles, "records": p.records, "mentions": p.mentions,
                   "override_applied": overridden, "merges": merges})
        })
        .collect();
    let incidents: Vec<Value> = resolution
        .incidents
        .incidents
        .iter()
        .map(|i| {
            let mut v = json!({"id": i.id, "when": when_json(&i.when), "records": i.records, "persons": i.persons, "links": i.links});
            if let Some(d) = &i.disclosure {
                v["disclosure"] = json!(d);
            }
            v
        })
        .collect();
    let procedural: Vec<Value> = resolution
        .incidents
        .procedural
        .iter()
        .map(|(r, incs)| json!({"record": r, "refers_to": incs}))
        .collect();
    json!({
        "version": env!("CARGO_PKG_VERSION"),
        "sources": ingested.sources,
        "rejects": ingested.rejects,
        "persons": persons,
        "unresolved": resolution.persons.unresolved,
        "near_misses": resolution.persons.near_misses,
        "incidents": incidents,
        "procedural_records": procedural,
        "cases": resolution.incidents.cases,
    })
}

/// Writes `bytes` to `target` (`-`: standard output).
fn write_to(target: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    if target.as_os_str() == "-" {
        use std::io::Write as _;
        std::io::stdout()
            .write_all(bytes)
            .map_err(|e| format!("standaarduitvoer: {e}"))
    } else {
        std::fs::write(target, bytes).map_err(|e| format!("kan {} niet schrijven: {e}", target.display()))
    }
}

/// Runs `dossier`.
pub fn run(args: &DossierArgs) -> Result<ExitCode, String> {
    if args.out.is_none() && args.json.is_none() {
        return Err("geef --out dossier.pdf (het dossier) en/of --json bevindingen.json (de bevindingen)".into());
    }
    if args.out.as_deref().is_some_and(|o| o.as_os_str() == "-")
        && args.json.as_deref().is_some_and(|j| j.as_os_str() == "-")
    {
        return Err("--out - en --json - kunnen niet allebei naar de standaarduitvoer".into());
    }
    let ingested = args.input.read()?;
    let overrides = super::load_overrides(args.overrides.as_deref())?;
    let rules = crate::pipeline::Rules::load(args.input.templates.as_deref())?;
    let codings = super::load_codings(args.coding.as_deref(), &ingested.records)?;
    let analysis = crate::pipeline::analyse_coded(&ingested, &rules, &overrides, &codings);
    let findings = full_findings(&ingested, &analysis, &rules);
    if let Some(target) = &args.json {
        let text = serde_json::to_string_pretty(&findings).map_err(|e| e.to_string())? + "\n";
        write_to(target, text.as_bytes())?;
    }
    let Some(target) = &args.out else {
        return Ok(ExitCode::SUCCESS);
    };
    let options = crate::dossier::Options {
        case: args.case.as_deref(),
        lang: args.lang,
        format: args.format,
        templates: args.input.templates.as_deref(),
        generated: crate::dossier::build::generation_date(),
    };
    let written = crate::dossier::write(&findings, &ingested.records, &options)?;
    write_to(target, &written.bytes)?;
    // What happened to every record, on stderr so that `--out -` stays clean.
    let (read, accepted, rejected) = ingested.totals();
    let coverage = written.coverage;
    let mut note = String::new();
    if let crate::dossier::CaseChoice::MostRecords(n) = written.choice {
        if n > 1 {
            let _ = writeln!(note, "patroon: de invoer bevat {n} zaken; dit dossier gaat over {} (de meeste registraties); kies met --case", written.case);
        }
    }
    let _ = writeln!(
        note,
        "patroon: {read} gelezen, {accepted} opgenomen, {rejected} geweigerd (hoofdstuk 12); van de {} registraties staan er {} in zaak {}, {} over het huishouden of de voorgeschiedenis van de verdachte (hoofdstuk 8) en {} in bijlage A; geschreven naar {}",
        ingested.records.len(),
        coverage.in_case,
        written.case,
        coverage.household,
        coverage.appendix,
        target.display()
    );
    for w in &written.warnings {
        let _ = writeln!(note, "patroon: waarschuwing: {w}");
    }
    eprint!("{note}");
    Ok(ExitCode::SUCCESS)
}
