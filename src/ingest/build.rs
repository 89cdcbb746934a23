//! One source item (a CSV row group, a JSON object) into one canonical [`Record`], as the
//! mapping's [`RecordSpec`] says.
//!
//! A field that cannot be read (an impossible date, a birth date in the future, an empty
//! id) makes the whole record a reject naming that field: a record with a silently
//! dropped date would mislead. What can be kept with a remark (a field over the size
//! limit, an unknown role word) is kept, and the remark goes in the record's notes.

use super::dates::{parse_point, parse_time, with_time};
use super::mapping::{Mapping, PersonSource, PersonSpec, RecordSpec, TimeSpec};
use super::names;
use crate::model::{
    ClockNote, Kind, Location, Origin, PersonMention, PersonName, Record, RecordKind, RecordRef, Role, TimePoint, When,
};
use crate::problem::Problem;
use crate::text::{store_field, MAX_FIELD_BYTES};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;

/// A field that made a record unreadable.
#[derive(Debug, Clone)]
pub struct FieldError {
    /// Where the field is.
    pub location: Location,
    /// The field (column name or JSON pointer).
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Read access to one source item.
pub trait Fields {
    /// The raw value of a field; `None` when absent, empty or JSON null.
    fn raw(&self, field: &str) -> Option<String>;
    /// A multi-valued field: the elements of a JSON array, or the one value.
    fn list(&self, field: &str) -> Vec<String>;
    /// Where this item is.
    fn location(&self) -> Location;
    /// JSON objects under `at` (one for an object, each element for an array).
    fn children(&self, at: &str) -> Vec<Box<dyn Fields + '_>>;
}

/// One CSV row seen through its header.
pub struct RowView<'a> {
    /// Column name to index.
    pub columns: &'a HashMap<String, usize>,
    /// The row's fields.
    pub fields: &'a [String],
    /// The row's first line.
    pub line: u64,
}

impl Fields for RowView<'_> {
    fn raw(&self, field: &str) -> Option<String> {
        let value = self.fields.get(*self.columns.get(field)?)?.trim();
        (!value.is_empty()).then(|| value.to_string())
    }
    fn list(&self, field: &str) -> Vec<String> {
        self.raw(field).into_iter().collect()
    }
    fn location(&self) -> Location {
        Location::Lines(vec![self.line])
    }
    fn children(&self, _at: &str) -> Vec<Box<dyn Fields + '_>> {
        Vec::new()
    }
}

/// One JSON object with the objects it sits in (for `^/field` accessors).
#[derive(Clone)]
pub struct JsonView<'a> {
    /// The item.
    pub value: &'a Value,
    /// Enclosing items, outermost first.
    pub parents: Vec<&'a Value>,
    /// RFC 6901 pointer of the item in its document ("" for a JSON Lines line).
    pub pointer: String,
    /// The line, for JSON Lines.
    pub line: Option<u64>,
}

impl<'a> JsonView<'a> {
    fn lookup(&self, field: &str) -> Option<&'a Value> {
        let ups = field.chars().take_while(|c| *c == '^').count();
        let pointer = &field[ups..];
        let base = if ups == 0 {
            self.value
        } else {
            *self.parents.get(self.parents.len().checked_sub(ups)?)?
        };
        base.pointer(pointer)
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "ja" } else { "nee" }.to_string()),
        _ => None,
    }
}

impl<'a> Fields for JsonView<'a> {
    fn raw(&self, field: &str) -> Option<String> {
        scalar(self.lookup(field)?)
    }
    fn list(&self, field: &str) -> Vec<String> {
        match self.lookup(field) {
            Some(Value::Array(items)) => items.iter().filter_map(scalar).collect(),
            Some(v) => scalar(v).into_iter().collect(),
            None => Vec::new(),
        }
    }
    fn location(&self) -> Location {
        Location::Pointer {
            pointer: self.pointer.clone(),
            line: self.line,
        }
    }
    fn children(&self, at: &str) -> Vec<Box<dyn Fields + '_>> {
        let mut parents = self.parents.clone();
        parents.push(self.value);
        let child = |value: &'a Value, pointer: String| -> Box<dyn Fields + 'a> {
            Box::new(JsonView {
                value,
                parents: parents.clone(),
                pointer,
                line: self.line,
            })
        };
        match self.lookup(at) {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| v.is_object())
                .map(|(i, v)| child(v, format!("{}{at}/{i}", self.pointer)))
                .collect(),
            Some(v @ Value::Object(_)) => vec![child(v, format!("{}{at}", self.pointer))],
            _ => Vec::new(),
        }
    }
}

/// What the builder needs besides the item.
pub struct BuildContext<'a> {
    /// The layout's mapping.
    pub mapping: &'a Mapping,
    /// The file as the user named it.
    pub file: &'a str,
    /// The file's SHA-256.
    pub sha256: &'a str,
    /// Today, for "birth date in the future".
    pub today: NaiveDate,
}

/// Everything one record is built from.
pub struct ItemParts<'a> {
    /// The item whose fields are the record's (the first row of a row group).
    pub main: &'a dyn Fields,
    /// Every row of a row group (for `source = "row"` persons); the item itself otherwise.
    pub rows: Vec<&'a dyn Fields>,
    /// Rows of the persons file joined to this record.
    pub person_rows: Vec<&'a dyn Fields>,
    /// The record's location (all its lines, or its pointer).
    pub location: Location,
    /// The reference's local part (`PL1700-2023088214`, `10/700342-24#feit:2`).
    pub local_reference: String,
    /// The source id.
    pub source_id: String,
}

/// Builds the record or names the field that makes it unreadable.
pub fn build_record(ctx: &BuildContext, spec: &RecordSpec, parts: &ItemParts) -> Result<Record, FieldError> {
    let mut notes = Vec::new();
    let main = parts.main;
    let text = |field: &str, notes: &mut Vec<Problem>| -> Option<String> {
        let raw = main.raw(field)?;
        let (kept, cut) = store_field(&raw);
        if let Some(original) = cut {
            notes.push(Problem::FieldCut {
                field: field.to_string(),
                bytes: original,
                kept: MAX_FIELD_BYTES,
                file: ctx.file.to_string(),
                at: main.location().to_string(),
            });
        }
        Some(kept)
    };

    let kind_word = spec
        .kind
        .field
        .as_deref()
        .and_then(|f| text(f, &mut notes))
        .or_else(|| spec.kind.fixed.clone());
    let kind = match kind_word {
        Some(word) => {
            let canonical = ctx.mapping.kind_for(&word).unwrap_or_else(|| {
                notes.push(Problem::KindNotInMapping {
                    word: word.clone(),
                    layout: ctx.mapping.layout.clone(),
                });
                RecordKind::Other
            });
            Kind {
                canonical,
                source: word,
            }
        }
        None => {
            notes.push(Problem::KindEmpty);
            Kind {
                canonical: RecordKind::Other,
                source: String::new(),
            }
        }
    };

    let label = match &spec.label {
        Some(template) => fill_template(template, |f| text(f, &mut notes)),
        None => kind.source.clone(),
    };

    let mut codes = Vec::new();
    for code in &spec.codes {
        for value in main.list(&code.field) {
            let pieces: Vec<String> = match &code.split {
                Some(sep) => value
                    .split(sep.as_str())
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect(),
                None => vec![value],
            };
            codes.extend(pieces.into_iter().map(|p| store_field(&p).0));
        }
    }

    let act = read_time(&spec.act, main)?;
    let registered = read_time(&spec.registered, main)?;
    for when in act.iter().chain(&registered) {
        for point in std::iter::once(&when.from).chain(&when.until) {
            if let TimePoint::Moment { note: Some(note), .. } = point {
                notes.push(match note {
                    ClockNote::SkippedHour => Problem::ClockSkipped { time: point.label() },
                    ClockNote::RepeatedHour => Problem::ClockRepeated { time: point.label() },
                });
            }
        }
    }

    let narrative: Vec<String> = spec.narrative.iter().filter_map(|f| text(f, &mut notes)).collect();
    let narrative = (!narrative.is_empty()).then(|| narrative.join("\n\n"));

    let attributes: Vec<(String, String)> = spec
        .attributes
        .iter()
        .filter_map(|(name, f)| text(f, &mut notes).map(|v| (name.clone(), v)))
        .collect();

    let refers_to = spec
        .refers_to
        .iter()
        .filter_map(|r| {
            main.raw(&r.field)
                .map(|v| RecordRef(r.reference.replace("{value}", &v)))
        })
        .collect();

    let mut persons = Vec::new();
    for person_spec in &spec.persons {
        let sources: Vec<Box<dyn Fields + '_>> = match person_spec.source {
            PersonSource::Row => {
                for row in &parts.rows {
                    persons.push(build_person(ctx, person_spec, *row, &mut notes)?);
                }
                continue;
            }
            PersonSource::PersonsFile => {
                let file_spec = ctx
                    .mapping
                    .persons_file
                    .as_ref()
                    .map(|pf| &pf.person)
                    .unwrap_or(person_spec);
                for row in &parts.person_rows {
                    persons.push(build_person(ctx, file_spec, *row, &mut notes)?);
                }
                continue;
            }
            PersonSource::Object | PersonSource::List => main.children(person_spec.at.as_deref().unwrap_or_default()),
            PersonSource::TextList => {
                let at = person_spec.at.as_deref().unwrap_or_default();
                if let Some(list) = main.raw(at) {
                    persons.extend(parse_person_list(ctx.mapping, &list, main.location(), &mut notes));
                }
                continue;
            }
        };
        for source in &sources {
            persons.push(build_person(ctx, person_spec, source.as_ref(), &mut notes)?);
        }
    }

    for p in &persons {
        if let Some(TimePoint::Day(d)) = &p.birth {
            if *d > ctx.today {
                return Err(FieldError {
                    location: p.location.clone(),
                    field: person_spec_birth_field(spec, ctx.mapping).unwrap_or_else(|| "geboortedatum".into()),
                    problem: Problem::BirthDateInFuture {
                        date: *d,
                        name: p.name.display(),
                        today: ctx.today,
                    },
                });
            }
        }
    }

    Ok(Record {
        reference: RecordRef::new(&ctx.mapping.layout, &parts.local_reference),
        layout: ctx.mapping.layout.clone(),
        source_id: parts.source_id.clone(),
        origin: Origin {
            file: ctx.file.to_string(),
            location: parts.location.clone(),
            sha256: ctx.sha256.to_string(),
        },
        kind,
        label: crate::text::first_chars(&label, 200),
        act,
        registered,
        codes,
        persons,
        narrative,
        attributes,
        refers_to,
        notes,
    })
}

fn person_spec_birth_field(spec: &RecordSpec, mapping: &Mapping) -> Option<String> {
    spec.persons
        .iter()
        .chain(mapping.persons_file.as_ref().map(|p| &p.person))
        .find_map(|p| p.birth_date.clone())
}

/// Fills `{field}` placeholders; missing values become empty and spaces collapse.
pub fn fill_template(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                let field = &rest[open + 1..open + close];
                out.push_str(&value(field).unwrap_or_default());
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_time(specs: &[TimeSpec], item: &dyn Fields) -> Result<Option<When>, FieldError> {
    for spec in specs {
        let Some(start) = item.raw(&spec.date) else { continue };
        let err = |field: &str, problem: Problem| FieldError {
            location: item.location(),
            field: field.to_string(),
            problem,
        };
        let time_format = spec.time_format.as_deref().unwrap_or("%H:%M");
        let point = |date_field: &str, time_field: &Option<String>, value: &str| -> Result<TimePoint, FieldError> {
            let p = parse_point(value, &spec.formats).map_err(|r| err(date_field, r))?;
            match time_field.as_deref().and_then(|f| item.raw(f).map(|v| (f, v))) {
                Some((f, t)) => {
                    let t = parse_time(&t, time_format).map_err(|r| err(f, r))?;
                    with_time(&p, t).map_err(|r| err(f, r))
                }
                None => Ok(p),
            }
        };
        let from = point(&spec.date, &spec.time, &start)?;
        let until = match spec.end_date.as_deref().and_then(|f| item.raw(f).map(|v| (f, v))) {
            Some((f, v)) => {
                let until = point(f, &spec.end_time, &v)?;
                if until.end_exclusive() <= from.earliest() {
                    return Err(err(
                        f,
                        Problem::EndBeforeStart {
                            end: until.label(),
                            start: from.label(),
                        },
                    ));
                }
                // A period that starts and ends at the same point is that point.
                (until != from).then_some(until)
            }
            None => None,
        };
        let coarse = matches!(from, TimePoint::Month { .. } | TimePoint::Year(_));
        let open_ended = until.is_none() && spec.open_end && coarse;
        return Ok(Some(When {
            from,
            until,
            open_ended,
        }));
    }
    Ok(None)
}

fn build_person(
    ctx: &BuildContext,
    spec: &PersonSpec,
    item: &dyn Fields,
    notes: &mut Vec<Problem>,
) -> Result<PersonMention, FieldError> {
    let get = |f: &Option<String>| f.as_deref().and_then(|f| item.raw(f)).map(|v| store_field(&v).0);
    let role_word = get(&spec.role).or_else(|| spec.role_word.clone()).unwrap_or_default();
    let role = role_of(ctx.mapping, &role_word, notes);
    let mut name = match get(&spec.name) {
        Some(full) => names::parse_full(&full),
        None => {
            let (s, t, g) = (get(&spec.surname), get(&spec.tussenvoegsel), get(&spec.given_names));
            if s.is_none() && t.is_none() && g.is_none() {
                PersonName::default()
            } else if s.is_none() && t.is_none() {
                names::parse_full(g.as_deref().unwrap_or_default())
            } else {
                names::from_parts(s.as_deref(), t.as_deref(), g.as_deref())
            }
        }
    };
    if name.raw.is_empty() {
        name = PersonName {
            raw: format!(
                "(naam onbekend, {})",
                if role_word.is_empty() {
                    "rol onbekend"
                } else {
                    &role_word
                }
            ),
            role_only: true,
            ..PersonName::default()
        };
    }
    let birth = match (&spec.birth_date, get(&spec.birth_date)) {
        (Some(field), Some(value)) => Some(parse_point(&value, &spec.birth_formats).map_err(|problem| FieldError {
            location: item.location(),
            field: field.clone(),
            problem,
        })?),
        _ => None,
    };
    let bsn = get(&spec.bsn);
    if let Some(b) = &bsn {
        if !is_valid_bsn(b) {
            notes.push(Problem::BsnInvalid {
                bsn: b.clone(),
                name: name.display(),
            });
        }
    }
    Ok(PersonMention {
        name,
        role,
        role_word,
        birth,
        bsn,
        gender: get(&spec.gender),
        relation: get(&spec.relation),
        location: item.location(),
    })
}

fn role_of(mapping: &Mapping, word: &str, notes: &mut Vec<Problem>) -> Role {
    if word.is_empty() {
        return Role::Other;
    }
    mapping.role_for(word).unwrap_or_else(|| {
        notes.push(Problem::RoleNotInMapping {
            word: word.to_string(),
            layout: mapping.layout.clone(),
        });
        Role::Other
    })
}

/// The 11-proef: 9 digits, weighted sum (9..2, -1) divisible by 11.
pub fn is_valid_bsn(bsn: &str) -> bool {
    let digits: Vec<u32> = bsn.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 9 || bsn.chars().count() != 9 {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i == 8 {
                -(*d as i64)
            } else {
                (9 - i as i64) * *d as i64
            }
        })
        .sum();
    sum % 11 == 0 && sum != 0
}

/// Parses `Naam (rol, 2019), Naam (rol)`: commas inside brackets do not split.
fn parse_person_list(
    mapping: &Mapping,
    list: &str,
    location: Location,
    notes: &mut Vec<Problem>,
) -> Vec<PersonMention> {
    let mut items = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in list.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth <= 0 => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    items
        .into_iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (name_part, bracket) = match (item.find('('), item.rfind(')')) {
                (Some(open), Some(close)) if close > open => (item[..open].trim(), Some(&item[open + 1..close])),
                _ => (item.as_str(), None),
            };
            let mut role_word = String::new();
            let mut birth = None;
            for piece in bracket
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                match piece.parse::<i32>() {
                    Ok(year) if piece.len() == 4 => birth = Some(TimePoint::Year(year)),
                    _ => role_word = piece.to_string(),
                }
            }
            let role = role_of(mapping, &role_word, notes);
            PersonMention {
                name: names::parse_full(&store_field(name_part).0),
                role,
                role_word,
                birth,
                bsn: None,
                gender: None,
                relation: None,
                location: location.clone(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bsn_eleven_test() {
        assert!(is_valid_bsn("999991127"));
        assert!(!is_valid_bsn("999991128"));
        assert!(!is_valid_bsn("12345"));
    }

    #[test]
    fn templates_fill_and_collapse() {
        let s = fill_template("{a} {b} x", |f| (f == "a").then(|| "A".to_string()));
        assert_eq!(s, "A x");
    }
}
