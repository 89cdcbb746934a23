//! Resolution benchmark: how long `resolve` takes for a region of N households.
//!
//! ```sh
//! cargo bench --bench resolve -- 67000      # about 1,000,000 person mentions
//! ```
//!
//! Generates the region into a temporary folder, reads it (not timed), then times person
//! resolution and incident linking together and prints the mentions per second. The target
//! (README, "Resolving persons and incidents"): 1,000,000 mentions in under 30 s on the
//! project's 2-core machine.

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
            seed: 1,
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
    let mentions: usize = ingested.records.iter().map(|r| r.persons.len()).sum();
    eprintln!(
        "read {} records, {mentions} person mentions in {:.1} s",
        ingested.records.len(),
        t.elapsed().as_secs_f64()
    );
    let rules = patroon::pipeline::Rules::load(None).expect("built-in rules");
    let t = Instant::now();
    let readings = patroon::pipeline::read_all(&rules.classifier, &ingested.records);
    eprintln!(
        "classified {} records in {:.1} s",
        readings.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let resolution = patroon::resolve::resolve(
        &ingested.records,
        &readings,
        &patroon::resolve::Overrides::default(),
        &rules.rules.disclosure,
    );
    let secs = t.elapsed().as_secs_f64();
    println!(
        "resolve: {mentions} mentions, {} persons, {} incidents in {secs:.2} s ({:.0} mentions/s)",
        resolution.persons.persons.len(),
        resolution.incidents.incidents.len(),
        mentions as f64 / secs
    );
}
