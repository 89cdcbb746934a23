//! Shared helpers for the integration tests: small fixture files written into a temporary
//! folder, and the invariants every ingest result must keep.
#![allow(dead_code)]

use patroon::ingest::mapping::{built_in, Mapping};
use patroon::ingest::{ingest, Ingested, Input};
use std::path::{Path, PathBuf};

pub const POLITIE_HEADER: &str = "Registratienummer;Soort;Maatschappelijke klasse;Pleegdatum van;Pleegtijd van;Pleegdatum tot;Pleegtijd tot;Registratiedatum;Pleegplaats;Straat;Rol;Achternaam;Tussenvoegsel;Voornamen;Geboortedatum;Geslacht;BSN;Relatie tot verdachte;Kinderen aanwezig;Risicotaxatie;Mutatietekst";

/// One politie row with the given registration number, pleegdatum, rol, voornaam,
/// geboortedatum and narrative; the other columns are plausible constants.
pub fn politie_row(reg: &str, date: &str, rol: &str, voornaam: &str, birth: &str, text: &str) -> String {
    format!("{reg};Aangifte;F10 Mishandeling;{date};21:30;;;{date} 23:50;Zwolle;Lindelaan 4;{rol};Kamp;van de;{voornaam};{birth};V;;Partner;Nee;;{text}")
}

/// A politie row of a "Mutatie E38 Huiselijke twist" (a call-out, not an aangifte), else as
/// [`politie_row`].
pub fn politie_mutatie_row(reg: &str, date: &str, rol: &str, voornaam: &str, birth: &str, text: &str) -> String {
    politie_row(reg, date, rol, voornaam, birth, text).replacen(
        ";Aangifte;F10 Mishandeling;",
        ";Mutatie;E38 Huiselijke twist;",
        1,
    )
}

/// Everything the pipeline finds in `dir`, with the built-in mappings, rules and lexicon
/// and no judgements: the ingest result and the findings.
pub fn findings_of(dir: &Path) -> (Ingested, patroon::findings::Findings) {
    let ingested = ingest(&[Input::Detect(dir.to_path_buf())], &built_in().expect("mappings"));
    let rules = patroon::pipeline::Rules::load(None).expect("rules");
    let analysis = patroon::pipeline::analyse(&ingested, &rules, &patroon::resolve::Overrides::default());
    let findings = patroon::pipeline::findings(&ingested, &analysis, &rules);
    (ingested, findings)
}

/// Writes a politie CSV (Windows-1252, CRLF) from rows.
pub fn write_politie(dir: &Path, name: &str, rows: &[String]) -> PathBuf {
    let mut text = String::from(POLITIE_HEADER);
    for r in rows {
        text.push_str("\r\n");
        text.push_str(r);
    }
    text.push_str("\r\n");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable, "fixture text must fit Windows-1252");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

pub const VT_MELDINGEN_HEADER: &str = "meldingsnummer,soort,datum_ontvangst,melder,periode_begin,periode_eind,vormen_van_geweld,acute_onveiligheid,structurele_onveiligheid,vervolg,samenvatting";
pub const VT_BETROKKENEN_HEADER: &str = "meldingsnummer,rol,naam,geboortedatum,bsn";

/// Writes a Veilig Thuis folder (UTF-8 with BOM, LF).
pub fn write_vt(dir: &Path, meldingen: &[&str], betrokkenen: &[&str]) -> PathBuf {
    let folder = dir.join("veilig-thuis");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let write = |name: &str, header: &str, rows: &[&str]| {
        let mut text = format!("\u{feff}{header}\n");
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        std::fs::write(folder.join(name), text).expect("write fixture");
    };
    write("meldingen.csv", VT_MELDINGEN_HEADER, meldingen);
    write("betrokkenen.csv", VT_BETROKKENEN_HEADER, betrokkenen);
    folder
}

/// The files of one region in the six layouts, as `patroon-lab generate` writes them.
pub const EXPORT_FILES: [&str; 7] = [
    "politie.csv",
    "veilig-thuis/meldingen.csv",
    "veilig-thuis/betrokkenen.csv",
    "om.json",
    "reclassering.csv",
    "gemeente.csv",
    "jeugdbescherming.jsonl",
];

pub fn mappings() -> Vec<Mapping> {
    built_in().expect("built-in mappings parse")
}

pub fn read(paths: &[&Path]) -> Ingested {
    let inputs: Vec<Input> = paths.iter().map(|p| Input::Detect(p.to_path_buf())).collect();
    let result = ingest(&inputs, &mappings());
    assert_counts_add_up(&result);
    result
}

/// read = accepted + rejected per file, and the rejects list accounts for every rejected
/// record or row.
pub fn assert_counts_add_up(result: &Ingested) {
    for s in &result.sources {
        assert_eq!(
            s.read,
            s.accepted + s.rejected,
            "counts of {} do not add up: {s:?}",
            s.file
        );
    }
    let rejected: usize = result.sources.iter().map(|s| s.rejected).sum();
    let listed: usize = result.rejects.iter().map(|r| r.records).sum();
    assert_eq!(
        rejected, listed,
        "rejects list does not account for every rejected record: {:#?}",
        result.rejects
    );
    let accepted: usize = result
        .sources
        .iter()
        .filter(|s| s.unit == patroon::ingest::Unit::Records)
        .map(|s| s.accepted)
        .sum();
    assert_eq!(
        accepted,
        result.records.len(),
        "accepted count differs from the records kept"
    );
}

pub fn references(result: &Ingested) -> Vec<String> {
    let mut refs: Vec<String> = result.records.iter().map(|r| r.reference.to_string()).collect();
    refs.sort();
    refs
}

/// The examples folder, relative (cargo runs integration tests in the package root), so
/// that file names in snapshots do not depend on where the clone lives.
pub fn examples_dir() -> PathBuf {
    PathBuf::from("examples")
}

/// The Dutch wording compiled into the binary, for renderers that take one.
pub fn dutch() -> patroon::wording::Wording {
    patroon::wording::Wording::load(patroon::wording::Lang::Nl, None).expect("wording")
}

/// A stage's error as the user reads it in Dutch (worded by the command layer).
pub fn worded(error: impl Into<patroon::cmd::CommandError>) -> String {
    error.into().message(patroon::wording::Lang::Nl)
}
