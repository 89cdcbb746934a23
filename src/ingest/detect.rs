//! Which layout is this file? Recognition by header (CSV) or shape (JSON), and the plan of
//! what to read.
//!
//! A CSV file is of a layout when its header has every column the layout's mapping reads
//! (optional columns aside). A header that has at least half of them is taken as that
//! layout with columns missing, so the user hears which columns are missing rather than
//! "unknown file". A file that resembles no layout is listed by name as not recognised.

use super::mapping::{Format, Mapping};
use super::table::read_header;
use super::{Ingested, Input, Reject, Unrecognised};
use crate::problem::Problem;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One file to read.
#[derive(Debug, Clone)]
pub struct Job {
    /// Path on disk.
    pub path: PathBuf,
    /// Name in every output.
    pub display: String,
    /// Index into the mappings.
    pub mapping: usize,
    /// The persons file that belongs with it (two-file layouts).
    pub persons_path: Option<(PathBuf, String)>,
    /// How the layout was chosen.
    pub detected_by: super::DetectedBy,
}

/// What a file looks like.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    /// The main file of a layout; `complete` is false when columns are missing.
    Main { mapping: usize, complete: bool },
    /// The persons file of a two-file layout.
    Persons { mapping: usize },
    /// None of the layouts; the reason says what was seen.
    Unknown(Problem),
    /// Nothing in it: refused, since an empty export is a mistake worth hearing about.
    Empty,
}

/// Columns of `wanted` that are not in `header` (optional ones excepted).
pub fn missing_columns(header: &[String], wanted: &[String], optional: &[String]) -> Vec<String> {
    wanted
        .iter()
        .filter(|w| !header.contains(w) && !optional.contains(w))
        .cloned()
        .collect()
}

/// Header columns that look like a missing one (`Mutatie tekst` for `Mutatietekst`).
pub fn near_misses(header: &[String], missing: &[String]) -> Vec<String> {
    let squash = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    header
        .iter()
        .filter(|h| {
            missing
                .iter()
                .any(|m| squash(m) == squash(h) || (squash(h).len() > 3 && squash(m).contains(&squash(h))))
        })
        .cloned()
        .collect()
}

/// How much of a file is read to recognise a CSV layout.
const SNIFF_BYTES: usize = 64 * 1024;

fn read_head(path: &Path, limit: usize) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(limit);
    std::fs::File::open(path)?.take(limit as u64).read_to_end(&mut head)?;
    Ok(head)
}

fn sniff_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(head);
    match std::str::from_utf8(head) {
        Ok(s) => s.to_string(),
        // Cut inside a multi-byte character, or not UTF-8: decode leniently for sniffing.
        Err(e) if e.error_len().is_none() => String::from_utf8_lossy(&head[..e.valid_up_to()]).into_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(head).0.into_owned(),
    }
}

fn classify(path: &Path, mappings: &[Mapping], only: Option<&str>) -> Verdict {
    // A CSV header is in the first bytes; only a JSON file is read whole to recognise it.
    let head = match read_head(path, SNIFF_BYTES) {
        Ok(b) => b,
        Err(e) => return Verdict::Unknown(Problem::CannotRead { detail: e.to_string() }),
    };
    let without_bom = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&head);
    if without_bom.iter().all(|b| b.is_ascii_whitespace()) && head.len() < SNIFF_BYTES {
        return Verdict::Empty;
    }
    let allowed = |i: usize| only.is_none_or(|layout| mappings[i].layout == layout);
    let text = sniff_text(&head);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Verdict::Unknown(Problem::CannotRead { detail: e.to_string() }),
        };
        let whole =
            String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&bytes)).into_owned();
        let parsed: Result<Value, serde_json::Error> = serde_json::from_str(&whole);
        let invalid = parsed.as_ref().err().map(|e| Problem::JsonInvalid {
            line: e.line(),
            column: e.column(),
            cut_off: e.is_eof(),
        });
        let doc = parsed.ok();
        let first_line: Option<Value> = whole
            .lines()
            .find(|l| !l.trim().is_empty())
            .and_then(|l| serde_json::from_str(l).ok());
        for (i, m) in mappings.iter().enumerate().filter(|(i, _)| allowed(*i)) {
            let candidate = match m.format {
                Format::Json => doc.as_ref(),
                Format::Jsonl => first_line.as_ref(),
                Format::Csv => None,
            };
            if let Some(v) = candidate {
                if !m.detect.keys.is_empty() && m.detect.keys.iter().all(|k| v.pointer(k).is_some()) {
                    return Verdict::Main {
                        mapping: i,
                        complete: true,
                    };
                }
            }
        }
        return Verdict::Unknown(match (invalid, first_line) {
            // Neither one JSON document nor JSON Lines: say where the document breaks.
            (Some(invalid), None) => invalid,
            _ => Problem::JsonOfNoKnownLayout,
        });
    }
    let mut best: Option<(usize, f64, bool)> = None;
    for (i, m) in mappings
        .iter()
        .enumerate()
        .filter(|(i, m)| allowed(*i) && m.format == Format::Csv)
    {
        let Some(header) = read_header(&text, m.delimiter as u8) else {
            continue;
        };
        if let Some(pf) = &m.persons_file {
            let cols = m.persons_file_columns();
            // betrokkenen.csv shares its key with meldingen.csv; it is the persons file
            // when it has every persons column and not the main file's columns.
            let main_complete = missing_columns(&header, &m.used_columns(), &m.optional_columns).is_empty();
            if !pf.key.is_empty() && missing_columns(&header, &cols, &[]).is_empty() && !main_complete {
                return Verdict::Persons { mapping: i };
            }
        }
        let used = m.used_columns();
        let required: Vec<&String> = used.iter().filter(|c| !m.optional_columns.contains(c)).collect();
        let present = required.iter().filter(|c| header.contains(c)).count();
        let score = present as f64 / required.len().max(1) as f64;
        let complete = present == required.len();
        if best.is_none_or(|(_, s, c)| (complete, score) > (c, s)) {
            best = Some((i, score, complete));
        }
    }
    match best {
        Some((i, _, true)) => Verdict::Main {
            mapping: i,
            complete: true,
        },
        Some((i, score, false)) if score >= 0.5 => Verdict::Main {
            mapping: i,
            complete: false,
        },
        _ => {
            let first = text.lines().next().unwrap_or_default();
            Verdict::Unknown(Problem::HeaderOfNoKnownLayout {
                header: crate::text::first_chars(first, 120),
            })
        }
    }
}

fn files_under(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                for e in entries.flatten() {
                    let name = e.file_name();
                    if !name.to_string_lossy().starts_with('.') {
                        stack.push(e.path());
                    }
                }
            }
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn display(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Decides, for every input, which files to read as which layout.
pub fn plan(inputs: &[Input], mappings: &[Mapping], out: &mut Ingested) -> Vec<Job> {
    let mut mains: Vec<Job> = Vec::new();
    let mut persons: Vec<(PathBuf, usize)> = Vec::new();
    for input in inputs {
        let (path, only, by) = match input {
            Input::Detect(p) => (p, None, super::DetectedBy::Header),
            Input::Layout(layout, p) => match mappings.iter().any(|m| &m.layout == layout) {
                true => (p, Some(layout.as_str()), super::DetectedBy::Source),
                false => {
                    let known: Vec<&str> = mappings.iter().map(|m| m.layout.as_str()).collect();
                    out.rejects.push(Reject::whole_file(
                        display(p),
                        None,
                        Problem::UnknownLayout {
                            layout: layout.clone(),
                            known: known.into_iter().map(str::to_string).collect(),
                        },
                    ));
                    continue;
                }
            },
        };
        if !path.exists() {
            out.rejects
                .push(Reject::whole_file(display(path), None, Problem::PathMissing));
            continue;
        }
        for file in files_under(path) {
            let verdict = classify(&file, mappings, only);
            let verdict = match (&verdict, only, path.is_file()) {
                // A file named with --source that does not look like that layout: say what
                // it does look like, instead of reading it wrongly.
                (Verdict::Unknown(why), Some(layout), true) => {
                    let looks_like = match classify(&file, mappings, None) {
                        Verdict::Main { mapping, .. } | Verdict::Persons { mapping } => {
                            Some(mappings[mapping].layout.clone())
                        }
                        Verdict::Unknown(_) | Verdict::Empty => None,
                    };
                    out.rejects.push(Reject::whole_file(
                        display(&file),
                        Some(1),
                        Problem::refused(Problem::NotTheGivenLayout {
                            layout: layout.to_string(),
                            cause: Box::new(why.clone()),
                            looks_like,
                        }),
                    ));
                    continue;
                }
                _ => verdict,
            };
            match verdict {
                Verdict::Main { mapping, complete } => mains.push(Job {
                    display: display(&file),
                    path: file,
                    mapping,
                    persons_path: None,
                    detected_by: match by {
                        super::DetectedBy::Header if !complete => super::DetectedBy::HeaderIncomplete,
                        super::DetectedBy::Header if mappings[mapping].format != Format::Csv => {
                            super::DetectedBy::Shape
                        }
                        other => other,
                    },
                }),
                Verdict::Persons { mapping } => persons.push((file, mapping)),
                Verdict::Unknown(problem) => out.unrecognised.push(Unrecognised {
                    file: display(&file),
                    problem,
                }),
                Verdict::Empty => out.rejects.push(Reject::whole_file(
                    display(&file),
                    None,
                    Problem::refused(Problem::FileEmpty),
                )),
            }
        }
    }
    // Pair each persons file with the main file of its layout in the same folder.
    for job in mains.iter_mut() {
        let Some(pf) = &mappings[job.mapping].persons_file else {
            continue;
        };
        let folder = job.path.parent().map(Path::to_path_buf);
        let mut candidates: Vec<usize> = persons
            .iter()
            .enumerate()
            .filter(|(_, (p, m))| *m == job.mapping && p.parent().map(Path::to_path_buf) == folder)
            .map(|(i, _)| i)
            .collect();
        candidates.sort_by_key(|&i| persons[i].0.file_name().map(|n| n != pf.file_name.as_str()));
        let chosen = candidates.first().copied().or_else(|| {
            // Named with --source as a file: its persons file may not have been listed.
            let sibling = folder.as_ref()?.join(&pf.file_name);
            sibling.is_file().then(|| {
                persons.push((sibling, job.mapping));
                persons.len() - 1
            })
        });
        match chosen {
            Some(i) => {
                let (p, _) = persons.remove(i);
                job.persons_path = Some((p.clone(), display(&p)));
            }
            None => out.warnings.push(Problem::PersonsFileNotFound {
                file: job.display.clone(),
                persons_file: pf.file_name.clone(),
            }),
        }
    }
    for (p, m) in persons {
        out.rejects.push(Reject::whole_file(
            display(&p),
            None,
            Problem::refused(Problem::PersonsFileWithoutMain {
                layout: mappings[m].layout.clone(),
            }),
        ));
    }
    mains
}
