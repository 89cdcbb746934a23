//! Stage 1, `ingest`: read the organisations' export files into canonical [`Record`]s.
//!
//! Every file the user names is either read (its layout recognised by header or shape, or
//! named with `--source LAYOUT=PATH`), refused with a reason, or listed as not recognised.
//! Every record read ends up accepted or in the rejects list with file, line, field and
//! reason, so that `read = accepted + rejected` holds per file. Ingest never drops a
//! record in silence and never panics on input.

// Rejects are an ordinary outcome here, carried in lists beside the records; boxing them
// to shrink `Result` would buy nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod dates;
pub mod detect;
pub mod mapping;
pub mod names;
pub mod table;

use crate::model::{chronological, reference_today, Location, Record, RecordRef};
use crate::problem::Problem;
use build::{build_record, BuildContext, FieldError, Fields, ItemParts, JsonView, RowView};
use mapping::{Format, Mapping, RecordSpec};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// What the user asked to read.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file or folder whose layouts are recognised.
    Detect(PathBuf),
    /// A file or folder read as the named layout.
    Layout(String, PathBuf),
}

/// The outcome of reading all inputs.
#[derive(Debug, Clone, Serialize)]
pub struct Ingested {
    /// Per file: what it was and how many records it gave.
    pub sources: Vec<SourceReport>,
    /// Every rejected record, row or file, with where and why.
    pub rejects: Vec<Reject>,
    /// Files that are not an export in a known layout, by name.
    pub unrecognised: Vec<Unrecognised>,
    /// Remarks that are not rejects (a header-only file, a missing persons file).
    pub warnings: Vec<Problem>,
    /// Accepted records, in true time order.
    #[serde(skip)]
    pub records: Vec<Record>,
    /// Reports of persons files, listed after their main file once it is done.
    #[serde(skip)]
    pending_sources: Vec<SourceReport>,
}

/// What one file gave.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SourceReport {
    /// The layout it was read as.
    pub layout: String,
    /// The file as named (relative to the folder given, or as given).
    pub file: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// What a row of the file is: a record, or a person of a two-file layout's persons file.
    pub unit: Unit,
    /// How the file's layout was chosen.
    pub detected_by: DetectedBy,
    /// Records (or person rows) found.
    pub read: usize,
    /// Accepted.
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
}

/// A rejected record, row or file.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Reject {
    /// The file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// JSON pointer, for JSON files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The field (column or pointer), when one field is the cause.
    pub field: Option<String>,
    /// What is wrong (worded by the templates in the reader's language).
    pub problem: Problem,
    /// The record's reference, when it could be formed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// How many records (or person rows) this reject stands for: 1, or all of a refused file.
    pub records: usize,
}

impl Reject {
    /// A reject about a file as a whole that stands for no records (a file that is empty,
    /// missing, or not the layout it was given as).
    pub fn whole_file(file: String, line: Option<u64>, problem: Problem) -> Reject {
        Reject {
            file,
            line,
            pointer: None,
            field: None,
            problem,
            reference: None,
            records: 0,
        }
    }
}

/// A file that is not read.
#[derive(Debug, Clone, Serialize)]
pub struct Unrecognised {
    /// The file.
    pub file: String,
    /// Why it was not recognised.
    pub problem: Problem,
}

impl Ingested {
    /// Totals over the record files (person rows not counted): (read, accepted, rejected).
    pub fn totals(&self) -> (usize, usize, usize) {
        self.sources
            .iter()
            .filter(|s| s.unit == Unit::Records)
            .fold((0, 0, 0), |(r, a, j), s| (r + s.read, a + s.accepted, j + s.rejected))
    }
}

/// What a row of a source file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum Unit {
    /// A record (or a row of one).
    #[serde(rename = "records")]
    Records,
    /// A person of a two-file layout's persons file.
    #[serde(rename = "person rows")]
    PersonRows,
}

/// How a file's layout was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub enum DetectedBy {
    /// Its header names the layout's columns.
    #[serde(rename = "header")]
    Header,
    /// Its header names only part of the layout's columns (the rest are optional).
    #[serde(rename = "header_incomplete")]
    HeaderIncomplete,
    /// Its shape (a JSON or JSON Lines structure) is the layout's.
    #[serde(rename = "shape")]
    Shape,
    /// The user named the layout with `--source`.
    #[serde(rename = "--source")]
    Source,
}

/// A file's bytes with its display name and hash.
pub struct SourceFile {
    /// Path on disk.
    pub path: PathBuf,
    /// Name shown in every output.
    pub display: String,
    /// Contents.
    pub bytes: Vec<u8>,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

impl SourceFile {
    fn load(path: &Path, display: String) -> Result<SourceFile, Problem> {
        let bytes = std::fs::read(path).map_err(|e| Problem::CannotRead { detail: e.to_string() })?;
        let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        Ok(SourceFile {
            path: path.to_path_buf(),
            display,
            bytes,
            sha256,
        })
    }
}

/// A file-level problem: the whole file is refused.
struct Refusal {
    line: Option<u64>,
    field: Option<String>,
    problem: Problem,
}

impl Refusal {
    fn new(line: Option<u64>, field: Option<&str>, problem: Problem) -> Self {
        Refusal {
            line,
            field: field.map(str::to_string),
            problem,
        }
    }
}

/// Decodes a file as the mapping's encoding. A UTF-8 BOM is removed. A file that is not
/// in the expected encoding is refused, naming the first line that shows it.
fn decode(file: &SourceFile, mapping: &Mapping) -> Result<String, Refusal> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(&file.bytes);
    let had_bom = bytes.len() != file.bytes.len();
    let encoding = encoding_rs::Encoding::for_label(mapping.encoding.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    if encoding == encoding_rs::UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let line = 1 + bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64;
                Err(Refusal::new(
                    Some(line),
                    None,
                    Problem::NotUtf8 {
                        byte: e.valid_up_to(),
                        line,
                        layout: mapping.layout.clone(),
                    },
                ))
            }
        };
    }
    if had_bom || (!bytes.is_ascii() && std::str::from_utf8(bytes).is_ok()) {
        let line = 1 + bytes
            .iter()
            .take_while(|b| b.is_ascii())
            .filter(|b| **b == b'\n')
            .count() as u64;
        return Err(Refusal::new(
            Some(line),
            None,
            Problem::Utf8NotExpected {
                layout: mapping.layout.clone(),
                encoding: encoding.name().to_string(),
            },
        ));
    }
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

/// Reads every input with the given mappings.
pub fn ingest(inputs: &[Input], mappings: &[Mapping]) -> Ingested {
    let mut out = Ingested {
        sources: Vec::new(),
        rejects: Vec::new(),
        unrecognised: Vec::new(),
        warnings: Vec::new(),
        records: Vec::new(),
        pending_sources: Vec::new(),
    };
    let today = reference_today();
    let plan = detect::plan(inputs, mappings, &mut out);
    for job in plan {
        let file = match SourceFile::load(&job.path, job.display.clone()) {
            Ok(f) => f,
            Err(problem) => {
                out.rejects.push(Reject::whole_file(job.display.clone(), None, problem));
                continue;
            }
        };
        let mapping = &mappings[job.mapping];
        let persons_file = match &job.persons_path {
            Some((path, display)) => match SourceFile::load(path, display.clone()) {
                Ok(f) => Some(f),
                Err(problem) => {
                    out.warnings.push(problem);
                    None
                }
            },
            None => None,
        };
        read_file(file, persons_file.as_ref(), mapping, job.detected_by, today, &mut out);
    }
    reject_duplicates(&mut out);
    out.records.sort_by(chronological);
    out
}

/// Reads one file (and its persons file) into `out`.
fn read_file(
    mut file: SourceFile,
    persons_file: Option<&SourceFile>,
    mapping: &Mapping,
    detected_by: DetectedBy,
    today: chrono::NaiveDate,
    out: &mut Ingested,
) {
    let mut report = SourceReport {
        layout: mapping.layout.clone(),
        file: file.display.clone(),
        sha256: file.sha256.clone(),
        unit: Unit::Records,
        detected_by,
        read: 0,
        accepted: 0,
        rejected: 0,
    };
    let (display, sha256) = (file.display.clone(), file.sha256.clone());
    let ctx = BuildContext {
        mapping,
        file: &display,
        sha256: &sha256,
        today,
    };
    // Decode, then let go of the raw bytes: only the text is needed from here on.
    let outcome = match decode(&file, mapping) {
        Err(refusal) => {
            let count = match mapping.format {
                Format::Csv => count_records_leniently(&file, mapping),
                Format::Json | Format::Jsonl => 0,
            };
            Err((refusal, count))
        }
        Ok(text) => {
            file.bytes = Vec::new();
            match mapping.format {
                Format::Csv => read_csv(&ctx, text, persons_file, out),
                Format::Json => read_json(&ctx, text),
                Format::Jsonl => read_jsonl(&ctx, text),
            }
        }
    };
    match outcome {
        Ok(results) => {
            if results.is_empty() {
                out.warnings.push(Problem::NoRecords {
                    file: file.display.clone(),
                });
            }
            for result in results {
                report.read += 1;
                match result {
                    Ok(record) => {
                        report.accepted += 1;
                        out.records.push(record);
                    }
                    Err(reject) => {
                        report.rejected += 1;
                        out.rejects.push(reject);
                    }
                }
            }
        }
        Err((refusal, count)) => {
            report.read = count;
            report.rejected = count;
            out.rejects.push(Reject {
                file: file.display.clone(),
                line: refusal.line,
                pointer: None,
                field: refusal.field,
                problem: Problem::refused(refusal.problem),
                reference: None,
                records: count,
            });
        }
    }
    out.sources.push(report);
    // The persons file of a two-file layout is listed after its main file.
    let pending = std::mem::take(&mut out.pending_sources);
    out.sources.extend(pending);
}

type Results = Vec<Result<Record, Reject>>;

fn field_reject(file: &str, e: FieldError, reference: Option<String>) -> Reject {
    let (line, pointer) = match &e.location {
        Location::Lines(lines) => (lines.first().copied(), None),
        Location::Pointer { pointer, line } => (*line, Some(pointer.clone())),
    };
    Reject {
        file: file.to_string(),
        line,
        pointer,
        field: Some(e.field),
        problem: e.problem,
        reference,
        records: 1,
    }
}

fn read_csv(
    ctx: &BuildContext,
    text: String,
    persons_file: Option<&SourceFile>,
    out: &mut Ingested,
) -> Result<Results, (Refusal, usize)> {
    let mapping = ctx.mapping;
    if text.trim().is_empty() {
        return Err((Refusal::new(None, None, Problem::FileEmpty), 0));
    }
    let delimiter = mapping.delimiter as u8;
    let table =
        table::read_table(&text, delimiter).ok_or_else(|| (Refusal::new(Some(1), None, Problem::NoHeader), 0))?;
    drop(text);
    let missing = detect::missing_columns(&table.header, &mapping.used_columns(), &mapping.optional_columns);
    if !missing.is_empty() {
        let count = count_records(&table, mapping);
        return Err((
            Refusal::new(
                Some(1),
                missing.first().map(String::as_str),
                Problem::ColumnsMissing {
                    similar: detect::near_misses(&table.header, &missing),
                    columns: missing.clone(),
                    layout: mapping.layout.clone(),
                },
            ),
            count,
        ));
    }
    let columns: HashMap<String, usize> = table.header.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
    let spec = &mapping.records[0];
    let id_col = columns[&spec.id];

    let mut results: Results = Vec::new();
    // Rows that could not be parsed belong to the record named in their first field when
    // the id is the first column; otherwise each is its own reject.
    let mut broken_ids: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for bad in &table.bad_rows {
        let grouped_id = bad.first_field.clone().filter(|_| spec.group_rows && id_col == 0);
        match grouped_id {
            Some(id) => broken_ids.entry(id).or_default().push(bad.line),
            None => results.push(Err(Reject {
                file: ctx.file.to_string(),
                line: Some(bad.line),
                pointer: None,
                field: None,
                problem: bad.problem.clone(),
                reference: None,
                records: 1,
            })),
        }
    }

    // Persons file of a two-file layout, joined on its key.
    let persons = persons_file.and_then(|pf| read_persons_file(ctx, pf, out));
    let person_columns: HashMap<String, usize>;
    let mut person_rows_by_id: HashMap<String, Vec<RowView>> = HashMap::new();
    if let Some((pcols, ptable, key)) = &persons {
        person_columns = pcols.clone();
        for row in &ptable.rows {
            let id = row.fields[*key].trim().to_string();
            person_rows_by_id.entry(id).or_default().push(RowView {
                columns: &person_columns,
                fields: &row.fields,
                line: row.line,
            });
        }
    }

    // Group rows into records: by id for row-per-person layouts, one row each otherwise.
    let mut groups: Vec<(String, Vec<&table::Row>)> = Vec::new();
    let mut group_index: HashMap<String, usize> = HashMap::new();
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let id = row.fields[id_col].trim().to_string();
        if spec.group_rows && !id.is_empty() {
            if let Some(&i) = group_index.get(&id) {
                groups[i].1.push(row);
                continue;
            }
            group_index.insert(id.clone(), groups.len());
        }
        groups.push((id, vec![row]));
    }
    let record_columns: Vec<&String> = {
        let person_cols = mapping.person_columns();
        table.header.iter().filter(|h| !person_cols.contains(h)).collect()
    };
    let extra_columns: Vec<&String> = {
        let used = mapping.used_columns();
        table
            .header
            .iter()
            .filter(|h| !used.contains(h) && !h.is_empty())
            .collect()
    };

    for (id, rows) in &groups {
        let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
        let views: Vec<RowView> = rows
            .iter()
            .map(|r| RowView {
                columns: &columns,
                fields: &r.fields,
                line: r.line,
            })
            .collect();
        let n = {
            let c = occurrences.entry(id.clone()).or_insert(0);
            *c += 1;
            *c
        };
        let local = spec.reference.replace("{id}", id).replace("{n}", &n.to_string());
        let reject = |field: Option<&str>, problem: Problem| Reject {
            file: ctx.file.to_string(),
            line: lines.first().copied(),
            pointer: None,
            field: field.map(str::to_string),
            problem,
            reference: (!id.is_empty()).then(|| RecordRef::new(&mapping.layout, &local).0),
            records: 1,
        };
        if id.is_empty() {
            results.push(Err(reject(Some(&spec.id), Problem::IdEmpty { field: spec.id.clone() })));
            continue;
        }
        if let Some(bad_lines) = broken_ids.remove(id) {
            results.push(Err(reject(None, Problem::RowOfRecordUnreadable { lines: bad_lines })));
            continue;
        }
        if let Some(d) = disagreement(&views, &record_columns) {
            results.push(Err(reject(
                Some(d.column),
                Problem::RowsDisagree {
                    column: d.column.to_string(),
                    first_line: d.first.0,
                    first_value: d.first.1,
                    other_line: d.other.0,
                    other_value: d.other.1,
                },
            )));
            continue;
        }
        let main: &dyn Fields = &views[0];
        let person_rows: Vec<&dyn Fields> = person_rows_by_id
            .get(id.as_str())
            .map(|v| v.iter().map(|r| r as &dyn Fields).collect())
            .unwrap_or_default();
        let parts = ItemParts {
            main,
            rows: views.iter().map(|v| v as &dyn Fields).collect(),
            person_rows,
            location: Location::Lines(lines.clone()),
            local_reference: local.clone(),
            source_id: id.clone(),
        };
        match build_record(ctx, spec, &parts) {
            Ok(mut record) => {
                for column in &extra_columns {
                    if let Some(v) = main.raw(column) {
                        record
                            .attributes
                            .push(((*column).clone(), crate::text::store_field(&v).0));
                    }
                }
                results.push(Ok(record));
            }
            Err(e) => results.push(Err(field_reject(
                ctx.file,
                e,
                Some(RecordRef::new(&mapping.layout, &local).0),
            ))),
        }
    }
    // Broken rows whose registration has no readable row at all.
    for (id, bad_lines) in broken_ids {
        results.push(Err(Reject {
            file: ctx.file.to_string(),
            line: bad_lines.first().copied(),
            pointer: None,
            field: None,
            problem: table
                .bad_rows
                .iter()
                .find(|b| Some(b.line) == bad_lines.first().copied())
                .map(|b| b.problem.clone())
                .unwrap_or(Problem::RowOfRecordUnreadable { lines: bad_lines }),
            reference: Some(RecordRef::new(&mapping.layout, &id).0),
            records: 1,
        }));
    }
    // Orphan person rows: joined to no record.
    if let Some((_, ptable, key)) = &persons {
        let known: std::collections::HashSet<&str> = groups.iter().map(|(id, _)| id.as_str()).collect();
        let orphans: Vec<&table::Row> = ptable
            .rows
            .iter()
            .filter(|r| !known.contains(r.fields[*key].trim()))
            .collect();
        if let Some(report) = out.pending_sources.last_mut() {
            report.accepted -= orphans.len();
            report.rejected += orphans.len();
        }
        let pf_name = persons_file.map(|p| p.display.clone()).unwrap_or_default();
        for row in orphans {
            out.rejects.push(Reject {
                file: pf_name.clone(),
                line: Some(row.line),
                pointer: None,
                field: mapping.persons_file.as_ref().map(|p| p.key.clone()),
                problem: Problem::PersonRowWithoutRecord {
                    id: row.fields[*key].trim().to_string(),
                    file: ctx.file.to_string(),
                },
                reference: None,
                records: 1,
            });
        }
    }
    Ok(results)
}

/// How many records a table holds, for a file that is refused as a whole: rows, or
/// distinct ids where rows group into records.
fn count_records(table: &table::Table, mapping: &Mapping) -> usize {
    let spec = &mapping.records[0];
    match (spec.group_rows, table.column(&spec.id)) {
        (true, Some(col)) => {
            let mut ids: Vec<&str> = table.rows.iter().map(|r| r.fields[col].trim()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len() + table.bad_rows.len()
        }
        _ => table.rows.len() + table.bad_rows.len(),
    }
}

/// [`count_records`] for a file in the wrong encoding: decoded leniently only to count.
fn count_records_leniently(file: &SourceFile, mapping: &Mapping) -> usize {
    let text = String::from_utf8_lossy(&file.bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    table::read_table(text, mapping.delimiter as u8)
        .map(|t| count_records(&t, mapping))
        .unwrap_or(0)
}

/// Two rows of one record that differ in a column that belongs to the record.
struct Disagreement<'a> {
    column: &'a str,
    first: (u64, String),
    other: (u64, String),
}

/// The first record-level column on which the rows of one record disagree.
fn disagreement<'a>(views: &[RowView], columns: &[&'a String]) -> Option<Disagreement<'a>> {
    let first = views.first()?;
    for column in columns {
        let a = first.raw(column).unwrap_or_default();
        for other in &views[1..] {
            let b = other.raw(column).unwrap_or_default();
            if a != b {
                return Some(Disagreement {
                    column: column.as_str(),
                    first: (first.line, a),
                    other: (other.line, b),
                });
            }
        }
    }
    None
}

type PersonsTable = (HashMap<String, usize>, table::Table, usize);

/// Reads the persons file of a two-file layout and reports it as its own source.
fn read_persons_file(ctx: &BuildContext, pf: &SourceFile, out: &mut Ingested) -> Option<PersonsTable> {
    let mapping = ctx.mapping;
    let spec = mapping.persons_file.as_ref()?;
    let mut report = SourceReport {
        layout: mapping.layout.clone(),
        file: pf.display.clone(),
        sha256: pf.sha256.clone(),
        unit: Unit::PersonRows,
        detected_by: DetectedBy::Header,
        read: 0,
        accepted: 0,
        rejected: 0,
    };
    let refuse = |out: &mut Ingested, line: Option<u64>, field: Option<String>, problem: Problem, count: usize| {
        out.rejects.push(Reject {
            file: pf.display.clone(),
            line,
            pointer: None,
            field,
            problem: Problem::refused(problem),
            reference: None,
            records: count,
        });
    };
    let text = match decode(pf, mapping) {
        Ok(t) => t,
        Err(r) => {
            refuse(out, r.line, r.field, r.problem, 0);
            out.pending_sources.push(report);
            return None;
        }
    };
    let Some(table) = table::read_table(&text, mapping.delimiter as u8) else {
        refuse(out, None, None, Problem::PersonsFileEmpty, 0);
        out.pending_sources.push(report);
        return None;
    };
    let missing = detect::missing_columns(
        &table.header,
        &mapping.persons_file_columns(),
        &mapping.optional_columns,
    );
    if !missing.is_empty() {
        let count = table.rows.len() + table.bad_rows.len();
        report.read = count;
        report.rejected = count;
        refuse(
            out,
            Some(1),
            missing.first().cloned(),
            Problem::PersonsColumnsMissing {
                similar: detect::near_misses(&table.header, &missing),
                columns: missing.clone(),
            },
            count,
        );
        out.pending_sources.push(report);
        return None;
    }
    let columns: HashMap<String, usize> = table.header.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
    let key = columns[&spec.key];
    report.read = table.rows.len() + table.bad_rows.len();
    report.accepted = table.rows.len();
    report.rejected = table.bad_rows.len();
    for bad in &table.bad_rows {
        out.rejects.push(Reject {
            file: pf.display.clone(),
            line: Some(bad.line),
            pointer: None,
            field: None,
            problem: bad.problem.clone(),
            reference: None,
            records: 1,
        });
    }
    out.pending_sources.push(report);
    Some((columns, table, key))
}

/// Collects the items of a JSON path like `/zaken/*/feiten/*`.
fn walk<'a>(
    value: &'a Value,
    segments: &[&str],
    pointer: String,
    parents: Vec<&'a Value>,
    out: &mut Vec<(JsonView<'a>, usize)>,
    index: usize,
) -> Result<(), Problem> {
    let Some((first, rest)) = segments.split_first() else {
        out.push((
            JsonView {
                value,
                parents,
                pointer,
                line: None,
            },
            index,
        ));
        return Ok(());
    };
    if *first == "*" {
        let Value::Array(items) = value else {
            return Err(Problem::ListExpected { pointer });
        };
        for (i, item) in items.iter().enumerate() {
            let mut next_parents = parents.clone();
            if !rest.is_empty() {
                next_parents.push(item);
            }
            walk(item, rest, format!("{pointer}/{i}"), next_parents, out, i + 1)?;
        }
        Ok(())
    } else {
        match value.get(*first) {
            Some(Value::Null) | None => Ok(()),
            Some(child) => walk(child, rest, format!("{pointer}/{first}"), parents, out, index),
        }
    }
}

fn read_json(ctx: &BuildContext, text: String) -> Result<Results, (Refusal, usize)> {
    if text.trim().is_empty() {
        return Err((Refusal::new(None, None, Problem::FileEmpty), 0));
    }
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        (
            Refusal::new(
                Some(e.line() as u64),
                None,
                Problem::JsonInvalid {
                    line: e.line(),
                    column: e.column(),
                    cut_off: e.is_eof(),
                },
            ),
            0,
        )
    })?;
    let mut results = Vec::new();
    for spec in &ctx.mapping.records {
        let path = spec.items.as_deref().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let mut items = Vec::new();
        walk(&doc, &segments, String::new(), Vec::new(), &mut items, 1)
            .map_err(|problem| (Refusal::new(None, Some(path), problem), 0))?;
        for (view, position) in items {
            results.push(build_json_item(ctx, spec, &view, position));
        }
    }
    Ok(results)
}

fn build_json_item(ctx: &BuildContext, spec: &RecordSpec, view: &JsonView, n: usize) -> Result<Record, Reject> {
    let Some(id) = view.raw(&spec.id) else {
        return Err(Reject {
            file: ctx.file.to_string(),
            line: view.line,
            pointer: Some(view.pointer.clone()),
            field: Some(spec.id.clone()),
            problem: Problem::IdMissing {
                field: spec.id.clone(),
                item: spec.name.clone(),
            },
            reference: None,
            records: 1,
        });
    };
    let local = spec.reference.replace("{id}", &id).replace("{n}", &n.to_string());
    let parts = ItemParts {
        main: view,
        rows: vec![view as &dyn Fields],
        person_rows: Vec::new(),
        location: view.location(),
        local_reference: local.clone(),
        source_id: id,
    };
    build_record(ctx, spec, &parts)
        .map_err(|e| field_reject(ctx.file, e, Some(RecordRef::new(&ctx.mapping.layout, &local).0)))
}

fn read_jsonl(ctx: &BuildContext, text: String) -> Result<Results, (Refusal, usize)> {
    if text.trim().is_empty() {
        return Err((Refusal::new(None, None, Problem::FileEmpty), 0));
    }
    let spec = &ctx.mapping.records[0];
    let mut occurrences: HashMap<String, usize> = HashMap::new();
    let mut results = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                results.push(Err(Reject {
                    file: ctx.file.to_string(),
                    line: Some(line_no),
                    pointer: None,
                    field: None,
                    problem: Problem::JsonLineInvalid {
                        line: line_no,
                        column: e.column(),
                    },
                    reference: None,
                    records: 1,
                }));
                continue;
            }
        };
        let view = JsonView {
            value: &value,
            parents: Vec::new(),
            pointer: String::new(),
            line: Some(line_no),
        };
        let n = match view.raw(&spec.id) {
            Some(id) => {
                let c = occurrences.entry(id).or_insert(0);
                *c += 1;
                *c
            }
            None => 0,
        };
        results.push(build_json_item(ctx, spec, &view, n));
    }
    Ok(results)
}

/// Two records with one reference: an exact copy is rejected as such and the first kept;
/// records that differ are all rejected, since neither can be trusted over the other.
fn reject_duplicates(out: &mut Ingested) {
    let mut by_ref: BTreeMap<RecordRef, Vec<usize>> = BTreeMap::new();
    for (i, r) in out.records.iter().enumerate() {
        by_ref.entry(r.reference.clone()).or_default().push(i);
    }
    let mut drop = vec![false; out.records.len()];
    for (reference, indices) in by_ref.into_iter().filter(|(_, v)| v.len() > 1) {
        let first = &out.records[indices[0]];
        let first = content(first);
        let all_same = indices[1..].iter().all(|&i| content(&out.records[i]) == first);
        let places: Vec<String> = indices.iter().map(|&i| place(&out.records[i])).collect();
        let rejected: &[usize] = if all_same { &indices[1..] } else { &indices[..] };
        for &i in rejected {
            let r = &out.records[i];
            let problem = if all_same {
                Problem::DuplicateCopy {
                    reference: reference.0.clone(),
                    first: places[0].clone(),
                }
            } else {
                Problem::DuplicateDiffering { places: places.clone() }
            };
            out.rejects.push(Reject {
                file: r.origin.file.clone(),
                line: r.origin.location.first_line(),
                pointer: match &r.origin.location {
                    Location::Pointer { pointer, .. } => Some(pointer.clone()),
                    _ => None,
                },
                field: None,
                problem,
                reference: Some(reference.0.clone()),
                records: 1,
            });
            if let Some(s) = out
                .sources
                .iter_mut()
                .find(|s| s.file == r.origin.file && s.unit == Unit::Records)
            {
                s.accepted -= 1;
                s.rejected += 1;
            }
            drop[i] = true;
        }
    }
    let mut i = 0;
    out.records.retain(|_| {
        let keep = !drop[i];
        i += 1;
        keep
    });
}

/// A record without where it was found: what two copies of one record share.
fn content(r: &Record) -> Record {
    let mut c = r.clone();
    c.origin.file.clear();
    c.origin.sha256.clear();
    c.origin.location = Location::Lines(Vec::new());
    for p in &mut c.persons {
        p.location = Location::Lines(Vec::new());
    }
    c.notes.clear();
    c
}

fn place(r: &Record) -> String {
    format!("{}:{}", r.origin.file, r.origin.location)
}
