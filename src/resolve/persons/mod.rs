//! Person resolution: which mentions, across all records, are one person — with reasons.
//!
//! Six passes, in the order they run (`passes.rs`; each merge keeps its rule and the fields
//! that agreed and differed): an investigator's judgement; the same BSN; the same name and
//! day-precise birth date; a birth name and a married name; one typo in a birth date with
//! a shared co-involved person; and, for mentions without a birth date, context (the
//! persons named with them elsewhere). `clusters.rs` holds what a pass asks before it joins.
//!
//! Never merged: a different BSN, a different gender, given names that contradict, or birth
//! dates that differ by more than one typo. Mentions by role only ("vriend van moeder") are
//! kept as unresolved mentions, never merged. Comparisons run within blocks (surname key
//! and first initial), never over all pairs.

mod clusters;
mod passes;

use super::names::{compare_given, fold, given_tokens, surname_keys, GivenMatch};
use super::overrides::{Judgement, Overrides};
use crate::model::{Record, Role, TimePoint};
use chrono::Datelike;
use passes::Resolver;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// Above this many namesakes (same surname and first name) a mention is not linked by
/// name-based context alone: it stays its own person, and the near miss is shown.
const MAX_NAMESAKES: usize = 16;

/// One person mention, with its match keys.
#[derive(Debug, Clone)]
pub struct Mention {
    /// `<record reference>#p<n>`: the n-th person (1-based) of that record.
    pub key: String,
    /// Index of the record.
    pub record: usize,
    /// Index of the person in the record.
    pub index: usize,
    surnames: Vec<String>,
    given: Vec<String>,
    birth_day: Option<chrono::NaiveDate>,
    birth_year: Option<i32>,
    bsn: Option<String>,
    gender: Option<String>,
}

/// Why two mentions were joined.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Merge {
    /// One mention.
    pub a: String,
    /// The other.
    pub b: String,
    /// The rule that joined them.
    pub rule: MergeRule,
    /// Fields that agreed.
    pub agreed: Vec<NameEvidence>,
    /// Fields that differed, and how.
    pub differed: Vec<NameEvidence>,
    /// The judgement applied, for `override`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judgement>,
}

/// Two mentions that looked alike but were kept apart.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct NearMiss {
    /// One mention.
    pub a: String,
    /// The other.
    pub b: String,
    /// Why they were kept apart.
    pub reason: KeptApart,
    /// The judgement that kept them apart, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judgement>,
}

impl NearMiss {
    fn between(a: &Mention, b: &Mention, why: KeptApart) -> NearMiss {
        NearMiss {
            a: a.key.clone(),
            b: b.key.clone(),
            reason: why,
            judgement: None,
        }
    }
}

/// Why two mentions were kept apart: a conflict that forbids joining them, or a fit too
/// weak to join them. The reader's words are in the `[kept_apart]` wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum KeptApart {
    /// An investigator judged them different (or unsure); the near miss carries the judgement.
    Judged,
    /// Both are named in one record, so they are two people.
    SameRecord,
    /// Their BSNs differ.
    Bsn {
        /// The BSNs of one.
        a: BTreeSet<String>,
        /// The BSNs of the other.
        b: BTreeSet<String>,
    },
    /// Their genders differ.
    Gender,
    /// Their given names contradict.
    GivenNames {
        /// One's given names.
        a: String,
        /// The other's.
        b: String,
    },
    /// Their birth dates differ (beyond one typo where typos are allowed).
    BirthDate {
        /// One's birth date.
        a: chrono::NaiveDate,
        /// The other's.
        b: chrono::NaiveDate,
    },
    /// Birth dates one typo apart, with no co-involved person to make it sure.
    TypoWithoutContext,
    /// The name fits, with no co-involved person or birth date to make it sure.
    NameWithoutContext,
    /// Name and context fit this many candidates.
    Ambiguous {
        /// How many candidates.
        candidates: usize,
    },
}

/// The rule that joined two mentions into one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MergeRule {
    /// An investigator's judgement (overrides file).
    Override,
    /// The same BSN.
    Bsn,
    /// The same name and birth date.
    #[serde(rename = "name+birth_date")]
    NameBirthDate,
    /// A birth name and a married name with the same given names, birth date and context.
    MarriedName,
    /// Birth dates one typo apart, with a shared co-involved person.
    BirthDateTypo,
    /// The name, and persons named with both in other records.
    Context,
}

/// What two mentions of a person agreed or differed on, as fields; the `[name_evidence]`
/// wording says it in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum NameEvidence {
    /// The same surname.
    Surname {
        /// The surname(s) of the first mention.
        surnames: Vec<String>,
    },
    /// The same given name.
    GivenName,
    /// Given names that fit as initials.
    Initials {
        /// One's given names.
        a: String,
        /// The other's.
        b: String,
    },
    /// One mention has no given name.
    GivenNameMissing,
    /// The given names differ.
    GivenNamesDiffer,
    /// The same birth date.
    BirthDate {
        /// The day.
        day: chrono::NaiveDate,
    },
    /// Birth dates one typo apart.
    BirthDateTypo {
        /// One's.
        a: chrono::NaiveDate,
        /// The other's.
        b: chrono::NaiveDate,
    },
    /// One mention has no birth date.
    BirthDateMissing,
    /// The same BSN.
    Bsn {
        /// The BSN.
        bsn: String,
    },
    /// The name is written differently.
    Spelling {
        /// As one record writes it.
        a: String,
        /// As the other writes it.
        b: String,
    },
    /// Persons named with both in other records.
    SharedPersons {
        /// How many.
        count: usize,
    },
}

/// A resolved person.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Person {
    /// Stable id: from the earliest mention key of the person, so that adding unrelated
    /// records never changes it.
    pub id: String,
    /// The name most often written in full.
    pub name: String,
    /// Every spelling, as written.
    pub name_variants: Vec<String>,
    /// Day-precise birth dates seen (more than one means a typo was tolerated).
    pub birth_dates: Vec<String>,
    /// BSNs seen.
    pub bsn: Vec<String>,
    /// Canonical roles in which the person appears.
    pub roles: Vec<Role>,
    /// References of the records whose structured fields name the person.
    pub records: Vec<String>,
    /// Mention keys.
    pub mentions: Vec<String>,
    /// True when an investigator's judgement joined mentions of this person.
    pub override_applied: bool,
}

/// A mention by role only, kept and shown, never merged.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Unresolved {
    /// The mention key.
    pub mention: String,
    /// The record's reference.
    pub record: String,
    /// The text (`vriend van moeder`).
    pub text: String,
    /// Role as the record gives it.
    pub role: Role,
}

/// A merge as resolution made it; its reasons are worded only when asked for.
#[derive(Debug, Clone)]
struct RawMerge {
    person: usize,
    a: (usize, usize),
    b: (usize, usize),
    rule: MergeRule,
    context: usize,
    judgement: Option<Judgement>,
}

/// The outcome of person resolution.
#[derive(Debug, Clone, Default)]
pub struct PersonResolution {
    /// Persons, ordered by id.
    pub persons: Vec<Person>,
    /// Role-only mentions.
    pub unresolved: Vec<Unresolved>,
    /// Pairs kept apart.
    pub near_misses: Vec<NearMiss>,
    /// For each record (in the order given), the person (index into `persons`) of each of
    /// its person mentions; `None` for a role-only mention.
    pub by_record: Vec<Vec<Option<u32>>>,
    merges: Vec<RawMerge>,
}

impl PersonResolution {
    /// The person of the `pos`-th mention (0-based) of record `record`.
    pub fn person_of(&self, record: usize, pos: usize) -> Option<&Person> {
        let idx = (*self.by_record.get(record)?.get(pos)?)?;
        self.persons.get(idx as usize)
    }

    /// The merges behind every person (indexed like `persons`), with their reasons,
    /// grouped in one pass over the merges.
    pub fn merges_by_person(&self, records: &[Record]) -> Vec<Vec<Merge>> {
        let mut out: Vec<Vec<Merge>> = vec![Vec::new(); self.persons.len()];
        for m in &self.merges {
            let (Some(a), Some(b)) = (
                mention_of(&records[m.a.0], m.a.0, m.a.1),
                mention_of(&records[m.b.0], m.b.0, m.b.1),
            ) else {
                continue;
            };
            let mut merged = merge(&a, &b, m.rule, records);
            if m.context > 0 {
                merged.agreed.push(NameEvidence::SharedPersons { count: m.context });
            }
            merged.judgement = m.judgement.clone();
            if let Some(list) = out.get_mut(m.person) {
                list.push(merged);
            }
        }
        out
    }
}

/// The first letter of a given-name token, as a slice of it.
fn initial_str(token: &str) -> &str {
    token.char_indices().nth(1).map(|(i, _)| &token[..i]).unwrap_or(token)
}

/// The eight digits of a date, `yyyymmdd`.
fn date_digits(d: chrono::NaiveDate) -> [u64; 8] {
    let y = u64::from(d.year().unsigned_abs());
    let (m, day) = (u64::from(d.month()), u64::from(d.day()));
    [
        y / 1000 % 10,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        day / 10,
        day % 10,
    ]
}

/// One digit different, two neighbouring digits swapped, or day and month swapped.
pub fn one_typo(a: chrono::NaiveDate, b: chrono::NaiveDate) -> bool {
    let (da, db) = (date_digits(a), date_digits(b));
    let differing: Vec<usize> = (0..8).filter(|&i| da[i] != db[i]).collect();
    let transposed = differing.len() == 2
        && differing[1] == differing[0] + 1
        && da[differing[0]] == db[differing[1]]
        && da[differing[1]] == db[differing[0]];
    differing.len() == 1 || transposed || (a.year() == b.year() && a.month() == b.day() && a.day() == b.month())
}

/// Keys that two dates one typo apart share: the date with one digit masked (eight keys),
/// with day and month in order (a day/month swap), and with each pair of neighbouring
/// digits in order (a transposition). Numbers, not text: built for every mention.
fn typo_keys(d: chrono::NaiveDate) -> [u64; 16] {
    let digits = date_digits(d);
    let y = u64::from(d.year().unsigned_abs());
    let (m, day) = (u64::from(d.month()), u64::from(d.day()));
    let number = |ds: &[u64; 8]| ds.iter().fold(0u64, |acc, x| acc * 10 + x);
    let mut keys = [0u64; 16];
    for (i, key) in keys.iter_mut().enumerate().take(8) {
        let mut ds = digits;
        ds[i] = 0;
        *key = ((i as u64 + 1) << 40) | number(&ds);
    }
    keys[8] = (9 << 40) | (y * 10_000 + m.min(day) * 100 + m.max(day));
    for i in 0..7 {
        let mut ds = digits;
        let (lo, hi) = (ds[i].min(ds[i + 1]), ds[i].max(ds[i + 1]));
        ds[i] = lo;
        ds[i + 1] = hi;
        keys[9 + i] = ((10 + i as u64) << 40) | number(&ds);
    }
    keys
}

fn mention_of(record: &Record, r: usize, i: usize) -> Option<Mention> {
    let p = &record.persons[i];
    if p.name.role_only {
        return None;
    }
    let (birth_day, birth_year) = match &p.birth {
        Some(TimePoint::Day(d)) => (Some(*d), Some(d.year())),
        Some(TimePoint::Year(y)) => (None, Some(*y)),
        _ => (None, None),
    };
    Some(Mention {
        key: format!("{}#p{}", record.reference, i + 1),
        record: r,
        index: i,
        surnames: surname_keys(&p.name),
        given: given_tokens(&p.name),
        birth_day,
        birth_year,
        bsn: p.bsn.clone().filter(|b| crate::ingest::build::is_valid_bsn(b)),
        gender: p
            .gender
            .clone()
            .map(|g| g.to_uppercase())
            .filter(|g| g == "M" || g == "V"),
    })
}

/// Resolves the persons of `records`.
pub fn resolve_persons(records: &[Record], overrides: &Overrides) -> PersonResolution {
    let mut mentions = Vec::new();
    let mut unresolved = Vec::new();
    for (r, record) in records.iter().enumerate() {
        for (i, p) in record.persons.iter().enumerate() {
            match mention_of(record, r, i) {
                Some(m) => mentions.push(m),
                None => unresolved.push(Unresolved {
                    mention: format!("{}#p{}", record.reference, i + 1),
                    record: record.reference.to_string(),
                    text: p.name.raw.clone(),
                    role: p.role,
                }),
            }
        }
    }
    let mut passes = Resolver::new(records, mentions);
    passes.apply_judgements(overrides);
    passes.join_on_bsn();
    passes.join_on_name_and_birth_date();
    passes.time("bsn+exact");
    passes.join_birth_and_married_names();
    passes.join_birth_date_typos();
    passes.time("typos done");
    passes.join_on_context();
    passes.time("context");
    let Resolver {
        mentions,
        clusters: mut c,
        merges,
        mut near,
        ..
    } = passes;
    let n = mentions.len();
    // Persons, ordered by their stable id.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let root = c.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut built: Vec<(usize, Person)> = Vec::with_capacity(groups.len());
    for (root, members) in &groups {
        let first = members
            .iter()
            .map(|&i| mentions[i].key.as_str())
            .min()
            .unwrap_or_default();
        let digest = Sha256::digest(first.as_bytes());
        let id = format!(
            "person:{}",
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect::<String>()
        );
        let mut variants: Vec<&str> = Vec::new();
        let mut roles = BTreeSet::new();
        let mut recs: Vec<usize> = Vec::with_capacity(members.len());
        let mut days = BTreeSet::new();
        let mut bsn = BTreeSet::new();
        for &i in members {
            let m = &mentions[i];
            let p = &records[m.record].persons[m.index];
            if !variants.contains(&p.name.raw.as_str()) {
                variants.push(&p.name.raw);
            }
            roles.insert(p.role);
            recs.push(m.record);
            if let Some(d) = m.birth_day {
                days.insert(d);
            }
            if let Some(b) = &m.bsn {
                bsn.insert(b.clone());
            }
        }
        let mut record_refs: Vec<String> = recs.iter().map(|&r| records[r].reference.to_string()).collect();
        record_refs.sort();
        record_refs.dedup();
        // The fullest spelling: most written-out given names, then the longest.
        let name = members
            .iter()
            .map(|&i| &records[mentions[i].record].persons[mentions[i].index].name)
            .max_by_key(|nm| {
                let given = nm.given_names.as_deref().unwrap_or_default();
                (
                    given.split_whitespace().filter(|t| !t.ends_with('.')).count(),
                    nm.raw.len(),
                )
            })
            .map(|nm| nm.display())
            .unwrap_or_default();
        let mut keys: Vec<String> = members.iter().map(|&i| mentions[i].key.clone()).collect();
        keys.sort();
        built.push((
            *root,
            Person {
                id,
                name,
                name_variants: variants.into_iter().map(str::to_string).collect(),
                birth_dates: days.into_iter().map(|d| d.to_string()).collect(),
                bsn: bsn.into_iter().collect(),
                roles: roles.into_iter().collect(),
                records: record_refs,
                mentions: keys,
                override_applied: false,
            },
        ));
    }
    built.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let mut index_of_root: HashMap<usize, u32> = HashMap::default();
    for (k, (root, _)) in built.iter().enumerate() {
        index_of_root.insert(*root, k as u32);
    }
    let mut persons: Vec<Person> = built.into_iter().map(|(_, p)| p).collect();
    let mut by_record: Vec<Vec<Option<u32>>> = records.iter().map(|r| vec![None; r.persons.len()]).collect();
    for (i, m) in mentions.iter().enumerate() {
        let root = c.find(i);
        by_record[m.record][m.index] = index_of_root.get(&root).copied();
    }
    let raw: Vec<RawMerge> = merges
        .into_iter()
        .map(|(a, b, rule, context, judgement)| {
            let person = index_of_root.get(&c.find(a)).copied().unwrap_or(0) as usize;
            if judgement.is_some() {
                persons[person].override_applied = true;
            }
            RawMerge {
                person,
                a: (mentions[a].record, mentions[a].index),
                b: (mentions[b].record, mentions[b].index),
                rule,
                context,
                judgement,
            }
        })
        .collect();
    let key_index: HashMap<&str, usize> = mentions.iter().enumerate().map(|(i, m)| (m.key.as_str(), i)).collect();
    near.retain(
        |nm| match (key_index.get(nm.a.as_str()), key_index.get(nm.b.as_str())) {
            (Some(&a), Some(&b)) => c.find(a) != c.find(b),
            _ => true,
        },
    );
    near.sort_by(|a, b| (&a.a, &a.b).cmp(&(&b.a, &b.b)));
    near.dedup_by(|a, b| a.a == b.a && a.b == b.b);
    PersonResolution {
        persons,
        unresolved,
        near_misses: near,
        by_record,
        merges: raw,
    }
}

/// The reasons of one join, in fields: what agreed and what differed.
fn merge(a: &Mention, b: &Mention, rule: MergeRule, records: &[Record]) -> Merge {
    let pa = &records[a.record].persons[a.index];
    let pb = &records[b.record].persons[b.index];
    let mut agreed = Vec::new();
    let mut differed = Vec::new();
    if a.surnames.iter().any(|s| b.surnames.contains(s)) {
        agreed.push(NameEvidence::Surname {
            surnames: a.surnames.clone(),
        });
    }
    match compare_given(&a.given, &b.given) {
        GivenMatch::Full => agreed.push(NameEvidence::GivenName),
        GivenMatch::Initials => agreed.push(NameEvidence::Initials {
            a: a.given.join(" "),
            b: b.given.join(" "),
        }),
        GivenMatch::Unknown => differed.push(NameEvidence::GivenNameMissing),
        GivenMatch::Different => differed.push(NameEvidence::GivenNamesDiffer),
    }
    match (a.birth_day, b.birth_day) {
        (Some(x), Some(y)) if x == y => agreed.push(NameEvidence::BirthDate { day: x }),
        (Some(x), Some(y)) => differed.push(NameEvidence::BirthDateTypo { a: x, b: y }),
        _ => differed.push(NameEvidence::BirthDateMissing),
    }
    if let (Some(x), Some(y)) = (&a.bsn, &b.bsn) {
        if x == y {
            agreed.push(NameEvidence::Bsn { bsn: x.clone() });
        }
    }
    if fold(&pa.name.raw) != fold(&pb.name.raw) {
        differed.push(NameEvidence::Spelling {
            a: pa.name.raw.clone(),
            b: pb.name.raw.clone(),
        });
    }
    Merge {
        a: a.key.clone(),
        b: b.key.clone(),
        rule,
        agreed,
        differed,
        judgement: None,
    }
}
