//! Classification benchmark: how long the classifier takes to read every record of a
//! generated region, on the machine's two cores as the pipeline runs it.
//!
//! ```sh
//! cargo bench --bench classify -- 100000    # 100,000 households ≈ 1,000,000 records
//! cargo bench --bench classify -- 10000 --keep /tmp/region   # generate once, keep it
//! cargo bench --bench classify -- --region /tmp/region       # and time it again
//! ```
//!
//! Generates the region into a temporary folder and reads it (neither timed), then times
//! `pipeline::read_all` (lemmas, clauses, frames, every lexicon rule, the review
//! vocabulary) over all records and prints records per second, with the CPU time the
//! process spent on it (on a shared machine the wall time varies; the CPU time less). The target (README,
//! "Classifying behaviour"): 1,000,000 records in at most 30 s on the project's 2-core
//! machine.

use patroon::generate::{generate, Options, Split};
use patroon::ingest::{ingest, mapping, Input};
use std::path::PathBuf;
use std::time::Instant;

/// The value after `flag` among the arguments.
fn flag_value(args: &[String], flag: &str) -> Option<PathBuf> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
}

/// CPU seconds this process has used, all threads (Linux; `None` elsewhere).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel reports in clock ticks, 100 per second on Linux.
    Some(ticks / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let households: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let temporary = tempfile::tempdir().expect("temporary folder");
    let region = match flag_value(&args, "--region") {
        Some(region) => region,
        None => {
            let dir = flag_value(&args, "--keep").unwrap_or_else(|| temporary.path().to_path_buf());
            let t = Instant::now();
            generate(
                &Options {
                    households,
                    seed: 5,
                    split: Split::Eval,
                    long_case: None,
                },
                &dir,
            )
            .expect("generate");
            eprintln!(
                "generated {households} households in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            dir
        }
    };
    let t = Instant::now();
    let mappings = mapping::built_in().expect("mappings");
    let ingested = ingest(&[Input::Detect(region)], &mappings);
    let words: usize = ingested
        .records
        .iter()
        .filter_map(|r| r.narrative.as_deref())
        .map(|t| t.split_whitespace().count())
        .sum();
    eprintln!(
        "read {} records ({words} words of narrative) in {:.1} s",
        ingested.records.len(),
        t.elapsed().as_secs_f64()
    );
    let rules = patroon::pipeline::Rules::load(None).expect("built-in rules");
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let readings = patroon::pipeline::read_all(&rules.classifier, &ingested.records);
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
    let assigned: usize = readings.iter().map(|r| r.assignments.len()).sum();
    let per_second = readings.len() as f64 / secs;
    let cpu = cpu.map(|c| format!(", {c:.2} s CPU")).unwrap_or_default();
    println!(
        "classify: {} records, {assigned} assignments in {secs:.2} s{cpu} ({per_second:.0} records/s; 1,000,000 records would take {:.1} s)",
        readings.len(),
        1_000_000.0 / per_second
    );
}
