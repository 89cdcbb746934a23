//! Valid records with hostile content are kept as the data they are and made harmless
//! where they are shown; no input makes patroon panic.

mod common;

use common::*;
use patroon::problem::Problem;
use patroon::text::{for_csv_cell, for_terminal, MAX_FIELD_BYTES};

#[test]
fn a_5_mb_narrative_is_kept_up_to_the_limit_with_a_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = "Zij zegt dat hij haar volgt. ".repeat(5 * 1024 * 1024 / 29 + 1);
    assert!(huge.len() > 5 * 1024 * 1024);
    write_politie(
        dir.path(),
        "politie.csv",
        &[politie_row("PL1-1", "03-03-2024", "Slachtoffer", "Anouk", "", &huge)],
    );
    let result = read(&[dir.path()]);
    assert!(result.rejects.is_empty(), "{:?}", result.rejects);
    let record = &result.records[0];
    let narrative = record.narrative.as_deref().expect("narrative kept");
    assert!(narrative.len() <= MAX_FIELD_BYTES && narrative.len() > MAX_FIELD_BYTES - 64);
    assert!(huge.starts_with(narrative));
    let note = record
        .notes
        .iter()
        .find(|n| matches!(n, Problem::FieldCut { field, .. } if field == "Mutatietekst"))
        .expect("a note about the cut");
    let Problem::FieldCut { bytes, file, at, .. } = note else {
        unreachable!()
    };
    assert_eq!(*bytes, huge.trim_end().len());
    assert!(file.ends_with("politie.csv") && at == "2", "{note:?}");
}

#[test]
fn control_bidi_and_formula_text_is_kept_verbatim_and_shown_harmlessly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let texts = [
        "nul\u{0}byte en \u{1b}[2Jwissen",
        "omgekeerd \u{202E}tekst\u{202C} hier",
        "=HYPERLINK(\"http://x\";\"klik\")",
        "+31 6 12345678",
        "-1 keer",
        "@SUM(A1)",
    ];
    // Reclassering is UTF-8, so it can carry every one of these characters.
    let mut csv = String::from("dossiernummer,clientnaam,geboortedatum,datum,soort,voorwaarde,omschrijving\n");
    for t in &texts {
        csv.push_str(&format!(
            "RC-1,Bram Kamp,01/02/1989,04/03/2024,Voortgangsverslag,,\"{}\"\n",
            t.replace('"', "\"\"")
        ));
    }
    std::fs::write(dir.path().join("reclassering.csv"), csv).expect("write");
    let result = read(&[dir.path()]);
    assert!(result.rejects.is_empty(), "{:?}", result.rejects);
    for (i, t) in texts.iter().enumerate() {
        let reference = format!("reclassering:RC-1#{}", i + 1);
        let record = result
            .records
            .iter()
            .find(|r| r.reference.as_str() == reference)
            .expect("kept");
        assert_eq!(record.narrative.as_deref(), Some(*t), "stored as the data it is");
    }
    let timeline = patroon::cmd::timeline::render(&result, 200, &common::dutch());
    assert!(!timeline.contains('\u{0}') && !timeline.contains('\u{1b}') && !timeline.contains('\u{202E}'));
    assert!(timeline.contains("\\u{0}") && timeline.contains("\\u{202e}"));
    assert_eq!(for_csv_cell(texts[2]).chars().next(), Some('\''));
    assert_eq!(for_terminal("a\u{7}b"), "a\\u{7}b");
}

/// A small deterministic generator, so the mutations are the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const NASTY: &[&[u8]] = &[
    b"\"",
    b";",
    b",",
    b"\r\n",
    b"\n",
    b"\0",
    b"\xff\xfe",
    b"\xc3",
    b"{",
    b"}",
    b"[",
    b"31-02-2024",
    b"2024-13-01",
    b"\xef\xbb\xbf",
    b"\\",
    b"99999999999999999999",
];

fn mutate(bytes: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(6) {
        if out.is_empty() {
            break;
        }
        let at = rng.below(out.len());
        match rng.below(4) {
            0 => {
                let nasty = NASTY[rng.below(NASTY.len())];
                out.splice(at..at, nasty.iter().copied());
            }
            1 => {
                let end = (at + 1 + rng.below(40)).min(out.len());
                out.drain(at..end);
            }
            2 => out[at] = rng.next() as u8,
            _ => out.truncate(at),
        }
    }
    out
}

#[test]
fn mutated_exports_never_panic_and_the_counts_always_add_up() {
    // Ingest, resolve, findings and classification on 300 mutated copies of the example.
    let example = examples_dir().join("huishouden-demo");
    let files = EXPORT_FILES;
    let originals: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(example.join(f)).expect("example file"))
        .collect();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let classifier = patroon::classify::Classifier::built_in().expect("classifier");
    let rules = patroon::pipeline::Rules::load(None).expect("rules");
    for round in 0..300 {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("veilig-thuis")).expect("mkdir");
        for (name, bytes) in files.iter().zip(&originals) {
            let content = if rng.below(3) == 0 {
                bytes.clone()
            } else {
                mutate(bytes, &mut rng)
            };
            std::fs::write(dir.path().join(name), content).expect("write");
        }
        let result = read(&[dir.path()]);
        let _ = patroon::cmd::timeline::render(&result, 80, &common::dutch());
        let _ = patroon::cmd::check::report_text(&result, &common::dutch());
        // The later stages never panic on what ingest accepted.
        let analysis = patroon::pipeline::analyse(&result, &rules, &patroon::resolve::Overrides::default());
        let _ = patroon::pipeline::findings(&result, &analysis, &rules);
        for r in &result.records {
            let _ = classifier.classify(r);
        }
        assert!(
            result.sources.len() + result.rejects.len() + result.unrecognised.len() > 0,
            "round {round}: nothing reported"
        );
    }
}
