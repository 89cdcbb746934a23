//! Dossier benchmark: how long one case's dossier takes.
//!
//! ```sh
//! cargo bench --bench dossier            # a case of 500 incidents, and one of 50
//! cargo bench --bench dossier -- 1000    # another size for the large case
//! ```
//!
//! Targets (README, "Benchmarks"), on the project's 2-core machine:
//! - a case of 500 incidents renders (document model and PDF, from its findings) in under
//!   2 s;
//! - a typical case of 50 incidents runs end to end, from the export files to the PDF
//!   (reading, classifying, resolving, detecting, writing), in under 0.3 s.
//!
//! Each case is one household written by `patroon-lab generate --long-case N`; each timing is
//! the median of five runs.

use patroon::dossier::{write, Format, Lang, Options};
use patroon::generate::{generate, Split};
use patroon::ingest::{ingest, mapping, Input};
use std::path::Path;
use std::time::{Duration, Instant};

fn region(incidents: usize, dir: &Path) {
    let options = patroon::generate::Options {
        households: 1,
        seed: 5,
        split: Split::Dev,
        long_case: Some(incidents),
    };
    generate(&options, dir).expect("generate");
}

fn options() -> Options<'static> {
    Options {
        case: None,
        lang: Lang::Nl,
        format: Format::Pdf,
        templates: None,
        generated: "2026-01-15".into(),
    }
}

/// Reads, analyses and writes the dossier of the case in `dir`; returns the PDF's size and
/// how long rendering alone took.
fn end_to_end(dir: &Path) -> (usize, Duration, usize) {
    let t = Instant::now();
    let mappings = mapping::built_in().expect("mappings");
    let ingested = ingest(&[Input::Detect(dir.to_path_buf())], &mappings);
    let t_read = t.elapsed();
    let rules = patroon::pipeline::Rules::load(None).expect("rules");
    let t_rules = t.elapsed();
    let analysis = patroon::pipeline::analyse(&ingested, &rules, &patroon::resolve::Overrides::default());
    let t_analyse = t.elapsed();
    let findings = patroon::pipeline::findings(&ingested, &analysis, &rules);
    if std::env::var_os("PATROON_TIMING").is_some() {
        eprintln!(
            "read {:?}, rules {:?}, classify+resolve {:?}, graph+detect+findings {:?}",
            t_read,
            t_rules - t_read,
            t_analyse - t_rules,
            t.elapsed() - t_analyse
        );
    }
    let incidents = findings.cases.iter().map(|c| c.incidents.len()).max().unwrap_or(0);
    let t = Instant::now();
    let written = write(&findings, &ingested.records, &options()).expect("dossier");
    (written.bytes.len(), t.elapsed(), incidents)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let large: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(500);
    for (size, target, whole) in [(large, 2.0, false), (50, 0.3, true)] {
        // Same-day acts and overlapping periods merge into one incident, so a household of
        // N generated incidents gives a case of somewhat fewer: generate more until the case
        // itself has at least `size`.
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut generated = size;
        for _ in 0..4 {
            region(generated, dir.path());
            let found = end_to_end(dir.path()).2;
            if found >= size {
                break;
            }
            generated = generated * size / found.max(1) + 5;
        }
        let mut render = Vec::new();
        let mut total = Vec::new();
        let mut info = (0, 0);
        for _ in 0..5 {
            let t = Instant::now();
            let (bytes, rendering, incidents) = end_to_end(dir.path());
            total.push(t.elapsed());
            render.push(rendering);
            info = (bytes, incidents);
        }
        let (render, total) = (median(render), median(total));
        let measured = if whole { total } else { render };
        println!(
            "case of {} incidents: PDF {} KB; rendering {:.3} s, end to end {:.3} s; target: {} under {target} s: {}",
            info.1,
            info.0 / 1024,
            render.as_secs_f64(),
            total.as_secs_f64(),
            if whole { "end to end" } else { "rendering" },
            if measured.as_secs_f64() < target {
                "met"
            } else {
                "NOT met"
            }
        );
    }
}
