//! Malformed input: each case gets a message naming file, line and field; the bad record
//! (or the whole file, where nothing in it can be trusted) is rejected, and everything
//! valid beside it is kept.

mod common;

use common::*;
use patroon::ingest::{ingest, Input};
use patroon::problem::Problem;

/// The cause of a refused file.
fn cause(problem: &Problem) -> &Problem {
    match problem {
        Problem::FileRefused { cause } => cause,
        other => panic!("not a refused file: {other:?}"),
    }
}

fn good(reg: &str) -> Vec<String> {
    vec![
        politie_row(
            reg,
            "03-03-2024",
            "Slachtoffer",
            "Anouk",
            "12-05-1991",
            "Zij werd geslagen.",
        ),
        politie_row(
            reg,
            "03-03-2024",
            "Verdachte",
            "Bram",
            "01-02-1989",
            "Zij werd geslagen.",
        ),
    ]
}

#[test]
fn utf8_file_given_where_windows_1252_is_expected_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = format!(
        "{POLITIE_HEADER}\r\n{}\r\n{}\r\n",
        good("PL1-1")[0],
        politie_row("PL1-2", "04-03-2024", "Slachtoffer", "Zoë", "", "x")
    );
    std::fs::write(dir.path().join("politie.csv"), text).expect("write");
    let result = read(&[dir.path()]);
    assert!(result.records.is_empty());
    let reject = &result.rejects[0];
    assert_eq!(reject.line, Some(3), "{reject:?}");
    assert_eq!(
        cause(&reject.problem),
        &Problem::Utf8NotExpected {
            layout: "politie".into(),
            encoding: "windows-1252".into()
        }
    );
    assert_eq!(reject.records, 2);
}

#[test]
fn windows_1252_file_where_utf8_is_expected_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "dossiernummer,clientnaam,geboortedatum,datum,soort,voorwaarde,omschrijving\nRC-1,Bram Kamp,01/02/1989,04/03/2024,Adviesrapport,,goed\nRC-1,Bram Kamp,01/02/1989,05/03/2024,Voortgangsverslag,,cliënt\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    std::fs::write(dir.path().join("reclassering.csv"), bytes).expect("write");
    let result = read(&[dir.path()]);
    let reject = &result.rejects[0];
    assert_eq!(reject.line, Some(3), "{reject:?}");
    assert!(
        matches!(cause(&reject.problem), Problem::NotUtf8 { line: 3, layout, .. } if layout == "reclassering"),
        "{:?}",
        reject.problem
    );
}

#[test]
fn a_renamed_column_refuses_the_file_and_names_the_column_and_its_look_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = POLITIE_HEADER.replace("Mutatietekst", "Mutatie tekst");
    let text = format!("{header}\r\n{}\r\n", good("PL1-1")[0]);
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    std::fs::write(dir.path().join("politie.csv"), bytes).expect("write");
    let result = read(&[dir.path()]);
    let reject = &result.rejects[0];
    assert_eq!(reject.field.as_deref(), Some("Mutatietekst"));
    assert_eq!(reject.line, Some(1));
    assert!(
        matches!(cause(&reject.problem), Problem::ColumnsMissing { columns, similar, .. }
            if columns == &["Mutatietekst"] && similar == &["Mutatie tekst"]),
        "{:?}",
        reject.problem
    );
    assert_eq!(result.sources[0].read, 1);
    assert_eq!(result.sources[0].rejected, 1);
}

#[test]
fn a_missing_column_refuses_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let header = POLITIE_HEADER.replace(";Rol;", ";");
    let row = good("PL1-1")[0].replacen(";Slachtoffer;", ";", 1);
    let text = format!("{header}\r\n{row}\r\n");
    std::fs::write(dir.path().join("politie.csv"), text).expect("write");
    let result = read(&[dir.path()]);
    assert_eq!(result.rejects[0].field.as_deref(), Some("Rol"), "{:?}", result.rejects);
}

#[test]
fn impossible_dates_and_a_future_birth_date_reject_only_their_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = good("PL1-1");
    rows.push(politie_row("PL1-2", "31-02-2024", "Slachtoffer", "Anouk", "", "x"));
    rows.push(politie_row(
        "PL1-3",
        "03-03-2024",
        "Slachtoffer",
        "Anouk",
        "12-05-2090",
        "x",
    ));
    write_politie(dir.path(), "politie.csv", &rows);
    write_vt(
        dir.path(),
        &[
            "VT-1,Melding,2024-13-01,Politie,,,,nee,nee,Afgesloten,x",
            "VT-2,Melding,2024-03-05,Politie,2024-03-03,,,nee,nee,Afgesloten,y",
        ],
        &[
            "VT-1,Slachtoffer,Anouk van de Kamp,,",
            "VT-2,Slachtoffer,\"Kamp, Anouk van de\",1991-05-12,",
        ],
    );
    let result = read(&[dir.path()]);
    assert_eq!(references(&result), vec!["politie:PL1-1", "veilig-thuis:VT-2"]);
    let by_ref = |r: &str| {
        result
            .rejects
            .iter()
            .find(|x| x.reference.as_deref() == Some(r))
            .unwrap_or_else(|| panic!("no reject for {r}"))
    };
    let feb = by_ref("politie:PL1-2");
    assert_eq!((feb.line, feb.field.as_deref()), (Some(4), Some("Pleegdatum van")));
    assert!(
        matches!(feb.problem, Problem::DateImpossible { .. }),
        "{:?}",
        feb.problem
    );
    let future = by_ref("politie:PL1-3");
    assert_eq!((future.line, future.field.as_deref()), (Some(5), Some("Geboortedatum")));
    assert!(
        matches!(future.problem, Problem::BirthDateInFuture { .. }),
        "{:?}",
        future.problem
    );
    let month13 = by_ref("veilig-thuis:VT-1");
    assert_eq!(
        (month13.line, month13.field.as_deref()),
        (Some(2), Some("datum_ontvangst"))
    );
}

#[test]
fn rows_with_too_many_or_too_few_fields_are_rejected_and_the_rest_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = good("PL1-1");
    rows.push(format!(
        "{};extra",
        politie_row("PL1-2", "03-03-2024", "Slachtoffer", "A", "", "x")
    ));
    rows.push("PL1-3;Aangifte;F10 Mishandeling;03-03-2024".to_string());
    rows.extend(good("PL1-4"));
    write_politie(dir.path(), "politie.csv", &rows);
    let result = read(&[dir.path()]);
    assert_eq!(references(&result), vec!["politie:PL1-1", "politie:PL1-4"]);
    let lines: Vec<Option<u64>> = result.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![Some(4), Some(5)]);
    assert_eq!(
        result.rejects[0].problem,
        Problem::FieldCount {
            found: 22,
            expected: 21,
            delimiter: ";".into()
        }
    );
    assert!(
        matches!(result.rejects[1].problem, Problem::FieldCount { found: 4, .. }),
        "{:?}",
        result.rejects[1].problem
    );
}

#[test]
fn an_unterminated_quote_loses_only_its_own_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = good("PL1-1");
    rows.push(politie_row(
        "PL1-2",
        "03-03-2024",
        "Slachtoffer",
        "A",
        "",
        "\"hij zei: stop",
    ));
    rows.extend(good("PL1-3"));
    write_politie(dir.path(), "politie.csv", &rows);
    let result = read(&[dir.path()]);
    assert_eq!(references(&result), vec!["politie:PL1-1", "politie:PL1-3"]);
    assert_eq!(result.rejects.len(), 1);
    assert_eq!(result.rejects[0].line, Some(4));
    assert_eq!(result.rejects[0].problem, Problem::QuoteNotClosed);
}

#[test]
fn an_empty_file_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("politie.csv"), "").expect("write");
    let result = read(&[dir.path()]);
    assert_eq!(result.rejects.len(), 1);
    assert!(result.rejects[0].file.ends_with("politie.csv"));
    assert_eq!(cause(&result.rejects[0].problem), &Problem::FileEmpty);
}

#[test]
fn a_header_only_file_reads_zero_records_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_politie(dir.path(), "politie.csv", &[]);
    let result = read(&[dir.path()]);
    assert!(result.rejects.is_empty());
    assert_eq!(result.sources[0].read, 0);
    assert!(
        result
            .warnings
            .iter()
            .any(|w| matches!(w, Problem::NoRecords { file } if file.ends_with("politie.csv"))),
        "{:?}",
        result.warnings
    );
}

#[test]
fn a_file_of_one_layout_given_as_another_is_refused_with_what_it_looks_like() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_politie(dir.path(), "export.csv", &good("PL1-1"));
    let result = ingest(&[Input::Layout("om".into(), path)], &mappings());
    assert_counts_add_up(&result);
    assert!(result.records.is_empty());
    let problem = cause(&result.rejects[0].problem);
    assert!(
        matches!(problem, Problem::NotTheGivenLayout { layout, looks_like: Some(like), .. }
            if layout == "om" && like == "politie"),
        "{problem:?}"
    );
}

#[test]
fn an_unknown_layout_name_is_an_error_naming_the_known_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_politie(dir.path(), "export.csv", &good("PL1-1"));
    let result = ingest(&[Input::Layout("polite".into(), path)], &mappings());
    assert!(
        matches!(&result.rejects[0].problem, Problem::UnknownLayout { layout, known }
            if layout == "polite" && known.starts_with(&["politie".to_string(), "veilig-thuis".to_string()])),
        "{:?}",
        result.rejects[0].problem
    );
}

#[test]
fn duplicate_ids_exact_copies_keep_the_first_and_conflicts_keep_neither() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_vt(
        dir.path(),
        &[
            "VT-1,Melding,2024-03-05,Politie,,,,nee,nee,Afgesloten,zelfde",
            "VT-1,Melding,2024-03-05,Politie,,,,nee,nee,Afgesloten,zelfde",
            "VT-2,Melding,2024-03-05,Politie,,,,nee,nee,Afgesloten,eerste versie",
            "VT-2,Advies,2024-03-06,School,,,,nee,nee,Afgesloten,tweede versie",
        ],
        &[],
    );
    let result = read(&[dir.path()]);
    assert_eq!(references(&result), vec!["veilig-thuis:VT-1"]);
    assert_eq!(result.records[0].origin.location.first_line(), Some(2));
    let lines: Vec<Option<u64>> = result.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![Some(3), Some(4), Some(5)]);
    assert!(matches!(result.rejects[0].problem, Problem::DuplicateCopy { .. }));
    assert!(matches!(result.rejects[1].problem, Problem::DuplicateDiffering { .. }));
}

#[test]
fn rows_of_one_registration_that_disagree_reject_the_registration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rows = good("PL1-1");
    rows[1] = rows[1].replace(";Aangifte;", ";Melding;");
    rows.extend(good("PL1-2"));
    write_politie(dir.path(), "politie.csv", &rows);
    let result = read(&[dir.path()]);
    assert_eq!(references(&result), vec!["politie:PL1-2"]);
    assert_eq!(result.rejects[0].field.as_deref(), Some("Soort"));
}

#[test]
fn the_same_record_in_two_files_is_a_duplicate() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    write_politie(a.path(), "politie.csv", &good("PL1-1"));
    write_politie(b.path(), "politie.csv", &good("PL1-1"));
    let result = read(&[a.path(), b.path()]);
    assert_eq!(result.records.len(), 1);
    assert_eq!(result.rejects.len(), 1);
    assert!(matches!(result.rejects[0].problem, Problem::DuplicateCopy { .. }));
}

#[test]
fn orphan_persons_rows_are_rejected_with_their_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_vt(
        dir.path(),
        &["VT-1,Melding,2024-03-05,Politie,,,,nee,nee,Afgesloten,x"],
        &["VT-1,Slachtoffer,Anouk Kamp,,", "VT-9,Kind,Tim Kamp,,"],
    );
    let result = read(&[dir.path()]);
    assert_eq!(result.records.len(), 1);
    assert_eq!(result.rejects.len(), 1);
    assert_eq!(result.rejects[0].line, Some(3));
    assert!(result.rejects[0].file.ends_with("betrokkenen.csv"));
}

#[test]
fn invalid_json_refuses_the_file_with_its_line_and_a_bad_json_line_only_that_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("om.json"),
        "{\"export\": {}, \"zaken\": [\n{\"parketnummer\": \"1\",\n",
    )
    .expect("write");
    let result = ingest(&[Input::Layout("om".into(), dir.path().join("om.json"))], &mappings());
    assert_counts_add_up(&result);
    assert!(
        result
            .rejects
            .iter()
            .any(|r| matches!(cause(&r.problem), Problem::NotTheGivenLayout { cause, .. }
                if matches!(cause.as_ref(), Problem::JsonInvalid { line: 3, cut_off: true, .. }))),
        "{:?}",
        result.rejects
    );
    std::fs::write(
        dir.path().join("jb.jsonl"),
        "{\"zaakid\": \"R-1\", \"datum\": \"2024-05-14\", \"soort\": \"Verslag\", \"kinderen\": [], \"ouders\": []}\n{\"zaakid\": \"R-1\", \"datum\n{\"zaakid\": \"R-1\", \"datum\": \"2024-06-14\", \"soort\": \"Verslag\"}\n",
    )
    .expect("write");
    let result = read(&[&dir.path().join("jb.jsonl")]);
    assert_eq!(
        references(&result),
        vec!["jeugdbescherming:R-1#1", "jeugdbescherming:R-1#2"]
    );
    assert_eq!(result.rejects[0].line, Some(2));
}
