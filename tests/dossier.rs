//! The dossier stage on the example household: the Markdown rendering is snapshotted, the
//! PDF is byte-identical across runs with a correct Unicode title, every record of the
//! input is accounted for, every reference the text cites is in the chronology, and the
//! case can be chosen.

mod common;

use patroon::dossier::document::{Block, Document, Span};
use patroon::dossier::{build, write, Format, Lang, Options};
use patroon::findings::Findings;
use patroon::ingest::Ingested;
use patroon::wording::Wording;
use std::collections::BTreeSet;
use std::path::Path;

fn demo() -> (Ingested, Findings) {
    common::findings_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/huishouden-demo"))
}

fn options(format: Format, lang: Lang, case: Option<&str>) -> Options<'_> {
    Options {
        case,
        lang,
        format,
        templates: None,
        generated: "2026-01-15".into(),
    }
}

fn markdown(ingested: &Ingested, findings: &Findings, case: Option<&str>) -> String {
    let written = write(findings, &ingested.records, &options(Format::Md, Lang::Nl, case)).expect("dossier");
    String::from_utf8(written.bytes).expect("utf-8")
}

/// The record references a Markdown dossier cites, in the order they appear.
fn cited(md: &str) -> Vec<String> {
    md.split("\\[`")
        .skip(1)
        .filter_map(|s| s.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_markdown_dossier_of_the_example_is_stable() {
    let (ingested, findings) = demo();
    // The source table names files as given; the checkout's location is not part of it.
    let md = markdown(&ingested, &findings, None).replace(env!("CARGO_MANIFEST_DIR"), "[project]");
    insta::assert_snapshot!("demo_dossier_md", md);
}

#[test]
fn every_input_record_is_in_the_case_the_household_or_the_appendix() {
    let (ingested, findings) = demo();
    let written = write(&findings, &ingested.records, &options(Format::Md, Lang::Nl, None)).expect("dossier");
    let c = written.coverage;
    assert_eq!(c.in_case + c.household + c.appendix, ingested.records.len(), "{c:?}");
    assert!(c.in_case > 0 && c.household > 0 && c.appendix > 0, "{c:?}");
    let md = String::from_utf8(written.bytes).expect("utf-8");
    let all: BTreeSet<String> = cited(&md).into_iter().collect();
    for r in &ingested.records {
        assert!(
            all.contains(r.reference.as_str()),
            "{} is nowhere in the dossier",
            r.reference
        );
    }
    // The appendix gives a reason per record outside the case.
    let appendix = md
        .split("Bijlage A")
        .nth(1)
        .and_then(|rest| rest.split("Bijlage B").next())
        .expect("appendix");
    let case_records: BTreeSet<&str> = findings
        .cases
        .iter()
        .max_by_key(|c| c.records.len())
        .expect("case")
        .records
        .iter()
        .map(String::as_str)
        .collect();
    for line in appendix.lines().filter(|l| l.starts_with("| \\[`")) {
        let reference = cited(line).remove(0);
        assert!(
            !case_records.contains(reference.as_str()),
            "{reference} is in the case and the appendix"
        );
        assert!(
            line.matches('|').count() >= 3 && !line.ends_with("|  |"),
            "no reason: {line}"
        );
    }
}

#[test]
fn every_reference_in_the_pattern_sections_is_in_the_chronology() {
    let (ingested, findings) = demo();
    let md = markdown(&ingested, &findings, None);
    let (before, chronology) = md.split_once("\n## 8. Chronologie").expect("chronology");
    let in_chronology: BTreeSet<String> = cited(chronology.split("\n## 9.").next().unwrap_or(""))
        .into_iter()
        .collect();
    let summary = before.split_once("\n## 1. Samenvatting").expect("summary").1;
    let refs = cited(summary);
    assert!(refs.len() > 20, "the summary cites records");
    for r in refs {
        assert!(in_chronology.contains(&r), "{r} is cited but not in the chronology");
    }
}

#[test]
fn the_pdf_is_byte_identical_with_a_unicode_title_and_page_numbers() {
    let (ingested, findings) = demo();
    let once = write(&findings, &ingested.records, &options(Format::Pdf, Lang::Nl, None)).expect("pdf");
    let twice = write(&findings, &ingested.records, &options(Format::Pdf, Lang::Nl, None)).expect("pdf");
    assert!(once.bytes.starts_with(b"%PDF-"));
    assert!(
        once.bytes == twice.bytes,
        "two runs differ ({} and {} bytes)",
        once.bytes.len(),
        twice.bytes.len()
    );
    let text = String::from_utf8_lossy(&once.bytes);
    // The title ("… – Zoë …") as UTF-16, not raw UTF-8 in a PDFDocEncoding string.
    let title: String = "Zoë".encode_utf16().map(|u| format!("{u:04X}")).collect();
    assert!(text.contains("/Title<FEFF"), "title not written as UTF-16");
    assert!(text.contains(&title), "title lacks the name");
    // The creation date is the generation date, not the clock.
    assert!(text.contains("(D:20260115000000"), "creation date not pinned");
    assert!(!text.contains("TTTTTTTT"), "title placeholder left in the file");
}

#[test]
fn english_and_dutch_wording_have_the_same_keys() {
    let nl = Wording::load(Lang::Nl, None).expect("nl");
    let en = Wording::load(Lang::En, None).expect("en");
    assert_eq!(nl.keys(), en.keys());
    let (ingested, findings) = demo();
    let written = write(&findings, &ingested.records, &options(Format::Md, Lang::En, None)).expect("en");
    let md = String::from_utf8(written.bytes).expect("utf-8");
    assert!(md.contains("## 1. Summary"), "{}", &md[..400]);
}

#[test]
fn every_category_the_classifier_assigns_has_a_label_and_a_legal_hint() {
    for lang in [Lang::Nl, Lang::En] {
        let wording = Wording::load(lang, None).expect("wording");
        let keys = wording.keys();
        for category in patroon::classify::CATEGORIES {
            assert!(
                keys.contains(&format!("category.{category}")),
                "{lang:?}: no label for {category}"
            );
            // Circumstances carry no article of their own (children present does).
            let context = ["complaint_withdrawn", "ctx_separation", "victim_fear"];
            if !context.contains(category) {
                assert!(
                    keys.contains(&format!("legal.{category}")),
                    "{lang:?}: no legal hint for {category}"
                );
            }
        }
    }
}

#[test]
fn the_case_can_be_chosen_by_person_or_record_and_an_unknown_one_is_refused() {
    let (ingested, findings) = demo();
    let cases = &findings.cases;
    assert!(cases.len() >= 2, "the example has a second case");
    let smaller = cases.iter().min_by_key(|c| c.records.len()).expect("case");
    let id = smaller.id.as_str();
    let victim = smaller.victim.as_str();
    let record = smaller.records[0].as_str();
    for pick in [id, victim, record] {
        let written = write(&findings, &ingested.records, &options(Format::Md, Lang::Nl, Some(pick))).expect("case");
        assert_eq!(written.case, id, "--case {pick}");
    }
    let err = write(
        &findings,
        &ingested.records,
        &options(Format::Md, Lang::Nl, Some("person:nobody")),
    )
    .err()
    .expect("refused");
    assert!(
        matches!(&err, patroon::dossier::DossierError::UnknownCase { given, cases } if given == "person:nobody" && cases.iter().all(|c| c.starts_with("case:")) && !cases.is_empty()),
        "{err:?}"
    );
    let message = common::worded(err);
    assert!(
        message.contains("person:nobody") && message.contains("case:"),
        "{message}"
    );
}

#[test]
fn a_glyph_the_font_lacks_is_shown_with_a_transliteration_and_a_warning() {
    let doc = Document {
        title: "Dossier".into(),
        case: "case:x".into(),
        page_label: "pagina {page} van {pages}".into(),
        generated: "2026-01-15".into(),
        blocks: vec![Block::Paragraph(vec![Span::Plain(
            "Slachtoffer: محمد de Vries, ‘quote’ – ë".into(),
        )])],
        warnings: Vec::new(),
    };
    let missing = patroon::dossier::pdf::missing_glyphs(&doc).expect("fonts");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].0, "محمد");
    assert!(!missing[0].1.is_empty() && missing[0].1.is_ascii(), "{missing:?}");
    let (bytes, warnings) = patroon::dossier::pdf::render(&doc, "20260115000000", "'{text}' ({latin})").expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].contains("محمد") && warnings[0].contains(&missing[0].1),
        "{warnings:?}"
    );
}

#[test]
fn hostile_text_renders_without_panic() {
    let long = "woord ".repeat(3_000) + &"x".repeat(3_000);
    let doc = Document {
        title: "=CMD|' /C calc'!A0 \u{202e}".into(),
        case: "case:\u{0}\u{1b}[31m".into(),
        page_label: "{page}/{pages}".into(),
        generated: "2026-01-15".into(),
        blocks: vec![
            Block::Heading {
                level: 1,
                text: "\u{7}\u{202e}kop".into(),
            },
            Block::Paragraph(vec![Span::Plain(long.clone())]),
            Block::Table {
                columns: vec![patroon::dossier::document::Column {
                    title: "a".into(),
                    weight: 1,
                }],
                rows: vec![vec![vec![Span::Plain(long)]]],
            },
        ],
        warnings: Vec::new(),
    };
    let (bytes, _) = patroon::dossier::pdf::render(&doc, "20260115000000", "{text}").expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let md = patroon::dossier::markdown::render(&doc);
    assert!(!md.contains('\u{0}') && !md.contains('\u{1b}'));
}

#[test]
fn without_a_case_the_choice_is_said() {
    let (ingested, findings) = demo();
    let (_, choice) = build::choose_case(&findings, None).expect("case");
    assert!(matches!(choice, build::CaseChoice::MostRecords(n) if n >= 2));
    let md = markdown(&ingested, &findings, None);
    assert!(md.contains("kies een andere met --case"));
}

#[test]
fn wording_is_read_from_a_templates_folder_without_rebuilding() {
    let (ingested, findings) = demo();
    let dir = tempfile::tempdir().expect("tempdir");
    let wording = dir.path().join("dossier");
    std::fs::create_dir_all(&wording).expect("folder");
    let nl =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/dossier/nl.toml")).expect("nl");
    let edited = nl.replace(
        "title = \"Patroondossier huiselijk geweld\"",
        "title = \"Dossier patroon (proef)\"",
    );
    assert_ne!(nl, edited, "the title line is in nl.toml");
    std::fs::write(wording.join("nl.toml"), edited).expect("write");
    let mut opts = options(Format::Md, Lang::Nl, None);
    opts.templates = Some(dir.path());
    let md = String::from_utf8(write(&findings, &ingested.records, &opts).expect("dossier").bytes).expect("utf-8");
    assert!(md.starts_with("# Dossier patroon (proef)"), "{}", &md[..80]);
    // A folder without the wording file is refused with the path and what to do.
    let empty = tempfile::tempdir().expect("tempdir");
    let mut opts = options(Format::Md, Lang::En, None);
    opts.templates = Some(empty.path());
    let err = common::worded(write(&findings, &ingested.records, &opts).err().expect("refused"));
    assert!(err.contains("dossier/en.toml") && err.contains("templates/"), "{err}");
}

/// The Markdown dossier's own words: without record references, code spans, quotes from
/// the records (“…”) and table rows that cite a record (the chronology and the appendix
/// show each record's own text, which stays in the record's language).
fn own_words(md: &str) -> Vec<String> {
    let reference = regex::Regex::new(r"\\\[`[^`]*`\\\]|`[^`]*`").expect("regex");
    let quote = regex::Regex::new(r"“[^”]*”").expect("regex");
    md.lines()
        .filter(|line| !(line.starts_with('|') && line.contains("\\[`")))
        .map(|line| quote.replace_all(&reference.replace_all(line, ""), "").into_owned())
        .collect()
}

#[test]
fn the_english_dossier_has_no_dutch_sentences() {
    let (ingested, findings) = demo();
    let written = write(&findings, &ingested.records, &options(Format::Md, Lang::En, None)).expect("dossier");
    let md = String::from_utf8(written.bytes).expect("utf-8");
    // Dutch function words that are no English words (names such as "van den Broek" keep
    // "van" and "de" out of the list).
    let dutch = [
        "het", "een", "niet", "zijn", "met", "voor", "dat", "die", "naar", "bij", "geen", "ook", "wordt", "werd",
        "hij", "zij", "aan", "heeft", "zou", "omdat", "maar", "nog", "deze", "tussen", "na", "daarna", "binnen",
        "dagen",
    ];
    let mut found = Vec::new();
    for line in own_words(&md) {
        let lower = line.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).collect();
        if let Some(w) = words.iter().find(|w| dutch.contains(w)) {
            found.push(format!("{w}: {line}"));
        }
    }
    assert!(found.is_empty(), "Dutch in the English dossier:\n{}", found.join("\n"));
}

#[test]
fn the_dutch_dossier_shows_no_internal_ids() {
    let (ingested, findings) = demo();
    let md = markdown(&ingested, &findings, None);
    // Internal ids are snake_case (threat_to_kill, post_separation_stalking, ...); a source's
    // own field name (kinderen_aanwezig) is the record's word and may be shown.
    let source_fields: BTreeSet<String> = ingested
        .records
        .iter()
        .flat_map(|r| r.attributes.iter().map(|(k, _)| k.to_lowercase()))
        .collect();
    let id = regex::Regex::new(r"\b[a-z]+(?:\\?_[a-z]+)+\b").expect("regex");
    let mut found = Vec::new();
    for line in own_words(&md) {
        for m in id.find_iter(&line) {
            let token = m.as_str().replace("\\_", "_");
            if !source_fields.contains(&token) {
                found.push(format!("{token}: {line}"));
            }
        }
    }
    assert!(found.is_empty(), "ids in the Dutch dossier:\n{}", found.join("\n"));
}

#[test]
fn the_command_speaks_the_language_of_lang_on_stderr_too() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/huishouden-demo");
    let out = tempfile::tempdir().expect("tempdir");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_patroon"))
            .arg("dossier")
            .arg(&dir)
            .arg("--format")
            .arg("md")
            .arg("--out")
            .arg(out.path().join("d.md"))
            .args(extra)
            .output()
            .expect("run patroon")
    };
    let english = run(&["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&english.stderr);
    assert!(
        english.status.success() && stderr.contains("read,") && stderr.contains("appendix A"),
        "{stderr}"
    );
    let refused = run(&["--lang", "en", "--case", "person:nobody"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr.contains("no case has this id") && stderr.contains("case:"),
        "{stderr}"
    );
    let dutch = run(&["--case", "person:nobody"]);
    assert!(String::from_utf8_lossy(&dutch.stderr).contains("geen zaak heeft dit id"));
}

/// Two adults named only as "Betrokkene" in a police "huiselijke twist": no record says who
/// harms whom, so the dossier names neither victim nor suspect, on the cover, in its title
/// or in the summary, and says why.
#[test]
fn a_case_whose_roles_are_unclear_names_no_victim_and_no_suspect() {
    let dir = tempfile::tempdir().expect("tempdir");
    let row = |role: &str, name: &str, birth: &str| {
        common::politie_mutatie_row(
            "PL1-1",
            "14-09-2024",
            role,
            name,
            birth,
            "Ruzie tussen partners, geen letsel.",
        )
    };
    common::write_politie(
        dir.path(),
        "politie.csv",
        &[
            row("Betrokkene", "Esther", "12-05-1991"),
            row("Betrokkene", "Bram", "01-02-1989"),
        ],
    );
    let (ingested, findings) = common::findings_of(dir.path());
    assert!(
        findings.cases.iter().all(|c| c.roles_unclear) && !findings.cases.is_empty(),
        "{:?}",
        findings.cases
    );
    let md = markdown(&ingested, &findings, None);
    let cover_and_summary = md.split("## 2.").next().expect("text");
    for word in ["Slachtoffer", "Verdachte", "(slachtoffer)", "(verdachte)"] {
        assert!(!cover_and_summary.contains(word), "{word} in:\n{cover_and_summary}");
    }
    assert!(
        cover_and_summary.contains("**Rollen**: onduidelijk"),
        "{cover_and_summary}"
    );
    assert!(cover_and_summary.contains("Op 2024-09-14 zijn"), "{cover_and_summary}");
}
