//! Person resolution: which mentions, across all records, are one person — with reasons.
//!
//! Rules, in order (each merge keeps its rule and the fields that agreed and differed):
//! 1. an investigator's judgement from the overrides file (`same` merges; `different` and
//!    `unsure` forbid a merge);
//! 2. the same BSN settles identity;
//! 3. the same surname, compatible given names (in full or by initials) and the same
//!    day-precise birth date;
//! 4. context, for mentions without a day-precise birth date: a compatible name, and the
//!    record's other persons appear together with that person elsewhere (the same
//!    co-involved people); a birth year, where given, must agree;
//! 5. one typo in a birth date (one digit, two neighbouring digits swapped, or day and month
//!    swapped) where the given names
//!    agree (in full or by initials) and the two share a co-involved person.
//!
//! 6. a birth name and a married name: the same first name in full and the same birth
//!    date under another surname, where that surname is the surname of someone named with
//!    her in the same record, and the two records share a co-involved person.
//!
//! Never merged: a different BSN, a different gender, given names that contradict, or birth
//! dates that differ by more than one typo. Mentions by role only ("vriend van moeder") are
//! kept as unresolved mentions, never merged. Comparisons run within blocks (surname key
//! and first initial), never over all pairs.

use super::names::{compare_given, fold, given_tokens, surname_keys, surnames_agree, GivenMatch};
use super::overrides::{Judgement, Overrides, Verdict};
use crate::model::{Record, Role, TimePoint};
use chrono::Datelike;
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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

struct Clusters {
    sets: super::union_find::UnionFind,
    records: Vec<Vec<usize>>,
    bsn: Vec<BTreeSet<String>>,
    birth_days: Vec<BTreeSet<chrono::NaiveDate>>,
    genders: Vec<BTreeSet<String>>,
    given: Vec<Vec<Vec<String>>>,
    surnames: Vec<BTreeSet<String>>,
    forbidden: Vec<BTreeSet<usize>>,
}

impl Clusters {
    fn find(&mut self, x: usize) -> usize {
        self.sets.find(x)
    }

    fn union(&mut self, a: usize, b: usize) {
        let Some((keep, gone)) = self.sets.union(a, b) else {
            return;
        };
        absorb(&mut self.records, keep, gone);
        self.records[keep].sort_unstable();
        self.records[keep].dedup();
        absorb(&mut self.bsn, keep, gone);
        absorb(&mut self.birth_days, keep, gone);
        absorb(&mut self.genders, keep, gone);
        absorb(&mut self.given, keep, gone);
        self.given[keep].sort_unstable();
        self.given[keep].dedup();
        absorb(&mut self.surnames, keep, gone);
        absorb(&mut self.forbidden, keep, gone);
    }

    /// Why two clusters cannot be one person, if they cannot.
    fn conflict(&mut self, a: usize, b: usize, typo_ok: bool) -> Option<KeptApart> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let forbidden_a: Vec<usize> = self.forbidden[ra].iter().copied().collect();
        if forbidden_a.into_iter().any(|f| self.find(f) == rb) {
            return Some(KeptApart::Judged);
        }
        if self.share_record(ra, rb) {
            return Some(KeptApart::SameRecord);
        }
        if !self.bsn[ra].is_empty() && !self.bsn[rb].is_empty() && self.bsn[ra].is_disjoint(&self.bsn[rb]) {
            return Some(KeptApart::Bsn {
                a: self.bsn[ra].clone(),
                b: self.bsn[rb].clone(),
            });
        }
        if !self.genders[ra].is_empty()
            && !self.genders[rb].is_empty()
            && self.genders[ra].is_disjoint(&self.genders[rb])
        {
            return Some(KeptApart::Gender);
        }
        for x in &self.given[ra] {
            for y in &self.given[rb] {
                if compare_given(x, y) == GivenMatch::Different {
                    return Some(KeptApart::GivenNames {
                        a: x.join(" "),
                        b: y.join(" "),
                    });
                }
            }
        }
        for x in &self.birth_days[ra] {
            for y in &self.birth_days[rb] {
                if x != y && !(typo_ok && one_typo(*x, *y)) {
                    return Some(KeptApart::BirthDate { a: *x, b: *y });
                }
            }
        }
        None
    }

    /// Could mention `m` be the person of cluster root `x` by name (a shared surname key and
    /// given names that do not contradict)?
    fn name_fits(&self, x: usize, m: &Mention) -> bool {
        m.surnames.iter().any(|s| self.surnames[x].contains(s))
            && !m.given.is_empty()
            && self.given[x]
                .iter()
                .any(|g| compare_given(g, &m.given) != GivenMatch::Different)
    }

    fn share_record(&self, ra: usize, rb: usize) -> bool {
        let (x, y) = (&self.records[ra], &self.records[rb]);
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
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
    let n = mentions.len();
    let mut c = Clusters {
        sets: super::union_find::UnionFind::new(n),
        records: mentions.iter().map(|m| vec![m.record]).collect(),
        bsn: mentions.iter().map(|m| m.bsn.iter().cloned().collect()).collect(),
        birth_days: mentions.iter().map(|m| m.birth_day.iter().copied().collect()).collect(),
        genders: mentions.iter().map(|m| m.gender.iter().cloned().collect()).collect(),
        given: mentions
            .iter()
            .map(|m| {
                if m.given.is_empty() {
                    vec![]
                } else {
                    vec![m.given.clone()]
                }
            })
            .collect(),
        surnames: mentions.iter().map(|m| m.surnames.iter().cloned().collect()).collect(),
        forbidden: vec![BTreeSet::new(); n],
    };
    let index: HashMap<&str, usize> = mentions.iter().enumerate().map(|(i, m)| (m.key.as_str(), i)).collect();
    // Merges as (mention, mention, rule, shared context, judgement); worded on demand.
    let mut merges: Vec<(usize, usize, MergeRule, usize, Option<Judgement>)> = Vec::new();
    let mut near: Vec<NearMiss> = Vec::new();

    // 1. Judgements.
    for j in &overrides.judgements {
        let (Some(&a), Some(&b)) = (index.get(j.a.as_str()), index.get(j.b.as_str())) else {
            continue;
        };
        match j.verdict {
            Verdict::Same => {
                c.union(a, b);
                merges.push((a, b, MergeRule::Override, 0, Some(j.clone())));
            }
            _ => {
                c.forbidden[a].insert(b);
                c.forbidden[b].insert(a);
                near.push(NearMiss {
                    a: j.a.clone(),
                    b: j.b.clone(),
                    reason: KeptApart::Judged,
                    judgement: Some(j.clone()),
                });
            }
        }
    }

    let timing = std::env::var_os("PATROON_TIMING").is_some();
    let t0 = std::time::Instant::now();
    // 2. BSN.
    let mut by_bsn: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(b) = &m.bsn {
            by_bsn.entry(b.as_str()).or_default().push(i);
        }
    }
    for group in by_bsn.values() {
        for &i in &group[1..] {
            if c.find(i) != c.find(group[0]) && c.conflict(i, group[0], true) != Some(KeptApart::Judged) {
                c.union(i, group[0]);
                merges.push((group[0], i, MergeRule::Bsn, 0, None));
            }
        }
    }

    // Blocks: surname key and first initial.
    let mut blocks: HashMap<(String, char), Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        let Some(initial) = m.given.first().and_then(|g| g.chars().next()) else {
            continue;
        };
        for s in &m.surnames {
            blocks.entry((s.clone(), initial)).or_default().push(i);
        }
    }
    let mut block_keys: Vec<&(String, char)> = blocks.keys().collect();
    block_keys.sort();

    // 3. Name and exact birth date.
    for key in &block_keys {
        let members = &blocks[*key];
        let mut by_day: BTreeMap<chrono::NaiveDate, Vec<usize>> = BTreeMap::new();
        for &i in members {
            if let Some(d) = mentions[i].birth_day {
                by_day.entry(d).or_default().push(i);
            }
        }
        for group in by_day.values() {
            for (k, &i) in group.iter().enumerate() {
                for &j in &group[..k] {
                    if c.find(i) == c.find(j) {
                        break;
                    }
                    if compare_given(&mentions[i].given, &mentions[j].given) == GivenMatch::Different {
                        continue;
                    }
                    match c.conflict(i, j, false) {
                        None => {
                            c.union(i, j);
                            merges.push((j, i, MergeRule::NameBirthDate, 0, None));
                            break;
                        }
                        Some(why) => near.push(NearMiss::between(&mentions[j], &mentions[i], why)),
                    }
                }
            }
        }
    }

    if timing {
        eprintln!("  bsn+exact {:?}", t0.elapsed());
    }
    // Mentions of each record, for context.
    let mut of_record: Vec<Vec<usize>> = vec![Vec::new(); records.len()];
    for (i, m) in mentions.iter().enumerate() {
        of_record[m.record].push(i);
    }

    // 6. Birth name and married name: the same first name in full and the same birth date
    // under another surname, where that surname is the surname of someone named with her
    // in the same record, and the two share a co-involved person.
    let mut by_first_and_day: BTreeMap<(&str, chrono::NaiveDate), Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let (Some(first), Some(day)) = (m.given.first(), m.birth_day) {
            if first.chars().count() > 1 {
                by_first_and_day.entry((first.as_str(), day)).or_default().push(i);
            }
        }
    }
    for group in by_first_and_day.values().filter(|g| g.len() > 1) {
        for (k, &i) in group.iter().enumerate() {
            for &j in &group[..k] {
                if c.find(i) == c.find(j) || surnames_agree(&mentions[i].surnames, &mentions[j].surnames) {
                    continue;
                }
                let partner_name = |x: usize, y: usize| {
                    of_record[mentions[x].record]
                        .iter()
                        .any(|&o| o != x && surnames_agree(&mentions[o].surnames, &mentions[y].surnames))
                };
                if !(partner_name(i, j) || partner_name(j, i)) {
                    continue;
                }
                let co_involved = of_record[mentions[i].record].iter().any(|&o| {
                    o != i
                        && of_record[mentions[j].record]
                            .iter()
                            .any(|&q| q != j && c.find(o) == c.find(q))
                }) || of_record[mentions[i].record].iter().any(|&o| {
                    o != i
                        && of_record[mentions[j].record].iter().any(|&q| {
                            q != j
                                && surnames_agree(&mentions[o].surnames, &mentions[q].surnames)
                                && compare_given(&mentions[o].given, &mentions[q].given) >= GivenMatch::Initials
                        })
                });
                if !co_involved {
                    continue;
                }
                if c.conflict(i, j, false).is_none() {
                    c.union(i, j);
                    merges.push((j, i, MergeRule::MarriedName, 1, None));
                }
            }
        }
    }

    // Indexes for the candidates of rules 4 and 5: by surname key and first given name
    // (or initial), and by surname key, initial and birth date with one digit masked.
    let mut by_first: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        let Some(first) = m.given.first() else { continue };
        for s in &m.surnames {
            by_first.entry((s.as_str(), first.as_str())).or_default().push(i);
        }
    }
    // Masked dates as a sorted list of (surname and initial, masked date, mention), built
    // from one mention per person, date and spelling: the same person named a hundred
    // times with one date adds its keys once.
    let mut masked: Vec<(u64, u64, u32)> = Vec::new();
    {
        use std::hash::{Hash, Hasher};
        let mut done: rustc_hash::FxHashSet<(usize, chrono::NaiveDate, &[String])> = Default::default();
        for (i, m) in mentions.iter().enumerate() {
            let (Some(first), Some(d)) = (m.given.first(), m.birth_day) else {
                continue;
            };
            if !done.insert((c.find(i), d, m.given.as_slice())) {
                continue;
            }
            for s in &m.surnames {
                let mut h = rustc_hash::FxHasher::default();
                (s.as_str(), initial_str(first)).hash(&mut h);
                let block = h.finish();
                for key in typo_keys(d) {
                    masked.push((block, key, i as u32));
                }
            }
        }
    }
    masked.sort_unstable();
    let initial_tokens: HashMap<(&str, char), Vec<&str>> = {
        let mut map: HashMap<(&str, char), BTreeSet<&str>> = HashMap::default();
        for (s, first) in by_first.keys() {
            map.entry((*s, first.chars().next().unwrap_or(' ')))
                .or_default()
                .insert(*first);
        }
        map.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect()
    };

    // 5. Typos, between clusters: pairs from the masked-date buckets whose dates are one
    // typo apart and whose names agree, joined when the two share a co-involved person.
    let mut typo_pairs: BTreeSet<(usize, usize, usize, usize)> = BTreeSet::new();
    for bucket in masked.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1).filter(|b| b.len() > 1) {
        for (k, &(_, _, i)) in bucket.iter().enumerate() {
            for &(_, _, j) in &bucket[k + 1..] {
                let (i, j) = (i as usize, j as usize);
                let (Some(di), Some(dj)) = (mentions[i].birth_day, mentions[j].birth_day) else {
                    continue;
                };
                if di == dj
                    || !one_typo(di, dj)
                    || !surnames_agree(&mentions[i].surnames, &mentions[j].surnames)
                    || compare_given(&mentions[i].given, &mentions[j].given) < GivenMatch::Initials
                {
                    continue;
                }
                let (ri, rj) = (c.find(i), c.find(j));
                if ri != rj {
                    typo_pairs.insert((ri.min(rj), ri.max(rj), i, j));
                }
            }
        }
    }
    if timing {
        eprintln!("  typo pairs {} after {:?}", typo_pairs.len(), t0.elapsed());
    }
    let mut neighbour_cache: HashMap<usize, BTreeSet<usize>> = HashMap::default();
    let mut done: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (ra, rb, i, j) in typo_pairs {
        if !done.insert((ra, rb)) {
            continue;
        }
        let (ra, rb) = (c.find(ra), c.find(rb));
        if ra == rb {
            continue;
        }
        let mut neighbours = |c: &mut Clusters, r: usize| -> BTreeSet<usize> {
            if let Some(n) = neighbour_cache.get(&r) {
                return n.clone();
            }
            let mut set = BTreeSet::new();
            for t in 0..c.records[r].len() {
                let rec = c.records[r][t];
                for &k in &of_record[rec] {
                    let rk = c.find(k);
                    if rk != r {
                        set.insert(rk);
                    }
                }
            }
            neighbour_cache.insert(r, set.clone());
            set
        };
        let (na, nb) = (neighbours(&mut c, ra), neighbours(&mut c, rb));
        let shared = na.intersection(&nb).count();
        if shared == 0 {
            near.push(NearMiss::between(
                &mentions[i],
                &mentions[j],
                KeptApart::TypoWithoutContext,
            ));
            continue;
        }
        match c.conflict(i, j, true) {
            None => {
                c.union(i, j);
                neighbour_cache.remove(&ra);
                neighbour_cache.remove(&rb);
                merges.push((i, j, MergeRule::BirthDateTypo, shared, None));
            }
            Some(why) => near.push(NearMiss::between(&mentions[i], &mentions[j], why)),
        }
    }

    if timing {
        eprintln!("  typos done {:?}", t0.elapsed());
    }
    // 4. Context, repeated while it still joins mentions.
    let mut stats = (0usize, 0usize, 0usize);
    // Typos are tried in the first round only; mentions without a birth date again while
    // merges make their context certain. `seen` marks roots already counted (by stamp).
    let mut seen: Vec<u32> = vec![0; n];
    let mut stamp: u32 = 0;
    for _round in 0..3 {
        let mut changed = false;
        // The buckets by surname and first name, one mention per cluster: a person
        // named a hundred times is one candidate, not a hundred.
        let mut first_roots: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
        for (key, list) in &by_first {
            let mut seen: BTreeSet<usize> = BTreeSet::new();
            let mut reps = Vec::new();
            for &j in list {
                if seen.insert(c.find(j)) {
                    reps.push(j);
                }
            }
            first_roots.insert(*key, reps);
        }
        for i in 0..n {
            let m = &mentions[i];
            let Some(first) = m.given.first() else { continue };
            let root = c.find(i);
            let anchored = !c.birth_days[root].is_empty() || !c.bsn[root].is_empty();
            // Mentions with a birth date were settled by rules 3 and 5.
            if anchored || m.birth_day.is_some() {
                continue;
            }
            let initial = first.chars().next().unwrap_or(' ');
            if timing {
                stats.0 += 1;
            }
            // Context: the persons named, in other records, with the other persons of this
            // record (root → how many of this record's persons they appear with).
            let others: &[usize] = &of_record[m.record];
            let mut other_roots: Vec<usize> = others.iter().filter(|&&o| o != i).map(|&o| c.find(o)).collect();
            other_roots.sort_unstable();
            other_roots.dedup();
            let mut context: Vec<(usize, usize)> = Vec::new();
            for &ro in &other_roots {
                stamp += 1;
                for t in 0..c.records[ro].len() {
                    let rec = c.records[ro][t];
                    if rec == m.record {
                        continue;
                    }
                    for &k in &of_record[rec] {
                        let rk = c.find(k);
                        if rk == ro || rk == root || seen[rk] == stamp {
                            continue;
                        }
                        seen[rk] = stamp;
                        match context.iter_mut().find(|e| e.0 == rk) {
                            Some(e) => e.1 += 1,
                            None => context.push((rk, 1)),
                        }
                    }
                }
            }
            let others: Vec<usize> = others.iter().copied().filter(|&o| o != i).collect();
            if timing {
                stats.1 += context.len();
            }
            let year_fits = |c: &Clusters, r: usize| match m.birth_year {
                Some(y) => c.birth_days[r].is_empty() || c.birth_days[r].iter().any(|d| d.year() == y),
                None => true,
            };
            let mut scored: Vec<(usize, (bool, usize, usize))> = Vec::new();
            {
                for &(rk, count) in &context {
                    if c.name_fits(rk, m) && year_fits(&c, rk) {
                        let anchored = !c.birth_days[rk].is_empty() || !c.bsn[rk].is_empty();
                        scored.push((rk, (anchored, count, 0)));
                    }
                }
                // Nobody else in this record is known yet: look for candidates by name whose
                // other records name someone who could be one of this record's persons.
                let none_known = other_roots.iter().all(|&r| c.records[r].len() <= 1);
                if scored.is_empty() && none_known && !others.is_empty() {
                    let mut pool: Vec<usize> = Vec::new();
                    for s in &m.surnames {
                        if first.chars().count() > 1 {
                            pool.extend(
                                first_roots
                                    .get(&(s.as_str(), first.as_str()))
                                    .map(Vec::as_slice)
                                    .unwrap_or_default(),
                            );
                            let init = initial.to_string();
                            pool.extend(
                                first_roots
                                    .get(&(s.as_str(), init.as_str()))
                                    .map(Vec::as_slice)
                                    .unwrap_or_default(),
                            );
                        } else {
                            for token in initial_tokens
                                .get(&(s.as_str(), initial))
                                .map(Vec::as_slice)
                                .unwrap_or_default()
                            {
                                pool.extend(
                                    first_roots
                                        .get(&(s.as_str(), *token))
                                        .map(Vec::as_slice)
                                        .unwrap_or_default(),
                                );
                            }
                        }
                    }
                    // With very many namesakes a match by name alone decides nothing.
                    pool.truncate(MAX_NAMESAKES);
                    let mut roots: BTreeSet<usize> = BTreeSet::new();
                    for j in pool {
                        let rj = c.find(j);
                        if rj == root || !roots.insert(rj) || !c.name_fits(rj, m) || !year_fits(&c, rj) {
                            continue;
                        }
                        let mut by_name = 0;
                        let mut neighbours: BTreeSet<usize> = BTreeSet::new();
                        for rec in c.records[rj].clone() {
                            if rec != m.record {
                                for &k in &of_record[rec] {
                                    neighbours.insert(c.find(k));
                                }
                            }
                        }
                        for &o in &others {
                            if neighbours.iter().any(|&x| x != rj && c.name_fits(x, &mentions[o])) {
                                by_name += 1;
                            }
                        }
                        let anchored = !c.birth_days[rj].is_empty() || !c.bsn[rj].is_empty();
                        scored.push((rj, (anchored, 0, by_name)));
                    }
                }
            }
            if scored.is_empty() {
                continue;
            }
            if timing {
                stats.2 += scored.len();
            }
            scored.sort_unstable_by_key(|s| s.0);
            let with_context: Vec<&(usize, (bool, usize, usize))> =
                scored.iter().filter(|s| s.1 .1 + s.1 .2 > 0).collect();
            let top = with_context.iter().map(|s| s.1).max();
            let winners: Vec<usize> = with_context.iter().filter(|s| Some(s.1) == top).map(|s| s.0).collect();
            let best = top.map(|t| t.1 + t.2).unwrap_or(0);
            if best == 0 || winners.len() != 1 {
                for (cand, score) in scored.iter().take(3) {
                    near.push(NearMiss::between(
                        m,
                        &mentions[*cand],
                        if score.1 + score.2 == 0 {
                            KeptApart::NameWithoutContext
                        } else {
                            KeptApart::Ambiguous {
                                candidates: winners.len(),
                            }
                        },
                    ));
                }
                continue;
            }
            let cand = winners[0];
            if let Some(why) = c.conflict(i, cand, false) {
                near.push(NearMiss::between(m, &mentions[cand], why));
                continue;
            }
            c.union(i, cand);
            merges.push((cand, i, MergeRule::Context, best, None));
            changed = true;
        }
        if !changed {
            break;
        }
    }

    if timing {
        eprintln!("  context {:?} {:?}", t0.elapsed(), stats);
    }
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
/// Moves the list of cluster `gone` onto that of cluster `keep` (a union of two clusters).
fn absorb<C: Default + IntoIterator + Extend<C::Item>>(lists: &mut [C], keep: usize, gone: usize) {
    let moved = std::mem::take(&mut lists[gone]);
    lists[keep].extend(moved);
}
