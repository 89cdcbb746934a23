//! Classification benchmark: how long the classifier takes to read every record of a
//! generated region, on the machine's two cores as the pipeline runs it.
//!
//! ```sh
//! cargo bench --bench classify -- 100000    # 100,000 households ≈ 1,000,000 records
//! ```
//!
//! Generates the region into a temporary folder and reads it (neither timed), then times
//! `pipeline::read_all` (lemmas, clauses, frames, every lexicon rule, the review
//! vocabulary) over all records and prints records per second. The target (README,
//! "Classifying behaviour"): 1,000,000 records in at most 30 s on the project's 2-core
//! machine.

use patroon::generate::{generate, Options, Split};
use patroon::ingest::{ingest, mapping, Input};
use std::time::Instant;

fn main() {
    let households: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temporary folder");
    let t = Instant::now();
    generate(
        &Options {
            households,
            seed: 5,
            split: Split::Eval,
            long_case: None,
        },
        dir.path(),
    )
    .expect("generate");
    eprintln!(
        "generated {households} households in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mappings = mapping::built_in().expect("mappings");
    let ingested = ingest(&[Input::Detect(dir.path().to_path_buf())], &mappings);
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
    let t = Instant::now();
    let readings = patroon::pipeline::read_all(&rules.classifier, &ingested.records);
    let secs = t.elapsed().as_secs_f64();
    let assigned: usize = readings.iter().map(|r| r.assignments.len()).sum();
    let per_second = readings.len() as f64 / secs;
    println!(
        "classify: {} records, {assigned} assignments in {secs:.2} s ({per_second:.0} records/s; 1,000,000 records would take {:.1} s)",
        readings.len(),
        1_000_000.0 / per_second
    );
}
