//! Stage 2, `resolve`: the same people and the same incidents across organisations.
//!
//! Persons ([`persons`]): mentions joined by BSN, name and birth date, or context, each merge
//! with its reasons, each near miss kept. Incidents ([`incidents`]): records that are
//! accounts of one occurrence joined into one incident that keeps every account. Cases:
//! who harms whom. Disclosures ([`disclosures`]): conduct told inside another record's text
//! that is an incident of its own. Ids are stable: they derive from the earliest mention or record of a
//! person or incident, so adding unrelated records never changes them.
//!
//! This stage never drops a record or a mention: a role-only mention stays an unresolved
//! mention, a record that is no account of an incident stays a procedural record.

pub mod disclosures;
pub mod incidents;
pub mod names;
pub mod overrides;
pub mod persons;
pub mod union_find;

use crate::classify::Reading;
use crate::model::Record;
use crate::rules::DisclosureRules;
pub use incidents::{Incident, IncidentResolution};
pub use overrides::{Overrides, Verdict};
pub use persons::{Person, PersonResolution};

/// Persons and incidents of a set of records.
#[derive(Debug, Clone)]
pub struct Resolution {
    /// Persons.
    pub persons: PersonResolution,
    /// Incidents.
    pub incidents: IncidentResolution,
}

/// A case's records are every account of its incidents (also those that name only one of
/// the pair) and every decision or report that refers to one of them, so that a dossier of
/// the case lists them all.
fn complete_case_records(incidents: &mut IncidentResolution) {
    let records_of: std::collections::HashMap<&str, &Vec<String>> = incidents
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), &i.records))
        .collect();
    let mut referring: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (record, refs) in &incidents.procedural {
        for r in refs {
            referring.entry(r.as_str()).or_default().push(record.as_str());
        }
    }
    let mut extra: Vec<Vec<String>> = Vec::new();
    for case in &incidents.cases {
        let mut more = Vec::new();
        for id in &case.incidents {
            more.extend(records_of.get(id.as_str()).into_iter().flat_map(|v| v.iter().cloned()));
            more.extend(referring.get(id.as_str()).into_iter().flatten().map(|r| r.to_string()));
        }
        extra.push(more);
    }
    for (case, more) in incidents.cases.iter_mut().zip(extra) {
        case.records.extend(more);
        case.records.sort();
        case.records.dedup();
    }
}

/// Resolves `records` (as ingest orders them: the same inputs give the same result).
/// `readings[i]` is what the classify stage read in `records[i]`; it is used to find conduct
/// disclosed inside another record (see [`disclosures`]).
pub fn resolve(records: &[Record], readings: &[Reading], overrides: &Overrides, rules: &DisclosureRules) -> Resolution {
    let t = std::time::Instant::now();
    let persons = persons::resolve_persons(records, overrides);
    if std::env::var_os("PATROON_TIMING").is_some() {
        eprintln!("persons {:?}", t.elapsed());
    }
    let t = std::time::Instant::now();
    let mut incidents = incidents::resolve_incidents(records, &persons);
    disclosures::add_disclosed(records, readings, &persons, &mut incidents, rules);
    complete_case_records(&mut incidents);
    if std::env::var_os("PATROON_TIMING").is_some() {
        eprintln!("incidents {:?}", t.elapsed());
    }
    Resolution { persons, incidents }
}
