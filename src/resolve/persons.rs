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
//! 5. one typo in a birth date (one digit, or day and month swapped) where the first names
//!    agree in full and the two share a co-involved person.
//!
//! Never merged: a different BSN, a different gender, given names that contradict, or birth
//! dates that differ by more than one typo. Mentions by role only ("vriend van moeder") are
//! kept as unresolved mentions, never merged. Comparisons run within blocks (surname key
//! and first initial), never over all pairs.

use super::names::{compare_given, fold, given_tokens, surname_keys, GivenMatch};
use super::overrides::{Judgement, Overrides};
use crate::model::{Record, Role, TimePoint};
use chrono::Datelike;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
#[derive(Debug, Clone, Serialize)]
pub struct Merge {
    /// One mention.
    pub a: String,
    /// The other.
    pub b: String,
    /// The rule: `override`, `bsn`, `name+birth_date`, `context`, `birth_date_typo`.
    pub rule: &'static str,
    /// Fields that agreed.
    pub agreed: Vec<String>,
    /// Fields that differed, and how.
    pub differed: Vec<String>,
    /// The judgement applied, for `override`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judgement>,
}

/// Two mentions that looked alike but were kept apart.
#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    /// One mention.
    pub a: String,
    /// The other.
    pub b: String,
    /// Why they were kept apart.
    pub reason: String,
    /// The judgement that kept them apart, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judgement: Option<Judgement>,
}

/// A resolved person.
#[derive(Debug, Clone, Serialize)]
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
    /// The merges behind this person.
    pub merges: Vec<Merge>,
}

/// A mention by role only, kept and shown, never merged.
#[derive(Debug, Clone, Serialize)]
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

/// The outcome of person resolution.
#[derive(Debug, Clone, Default)]
pub struct PersonResolution {
    /// Persons, ordered by id.
    pub persons: Vec<Person>,
    /// Role-only mentions.
    pub unresolved: Vec<Unresolved>,
    /// Pairs kept apart.
    pub near_misses: Vec<NearMiss>,
    /// Mention key → person id.
    pub person_of: HashMap<String, String>,
}

struct Clusters {
    parent: Vec<usize>,
    records: Vec<Vec<usize>>,
    bsn: Vec<BTreeSet<String>>,
    birth_days: Vec<BTreeSet<chrono::NaiveDate>>,
    genders: Vec<BTreeSet<String>>,
    given: Vec<Vec<Vec<String>>>,
    forbidden: Vec<BTreeSet<usize>>,
}

impl Clusters {
    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut cur = x;
        while self.parent[cur] != root {
            let next = self.parent[cur];
            self.parent[cur] = root;
            cur = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        let recs = std::mem::take(&mut self.records[gone]);
        self.records[keep].extend(recs);
        self.records[keep].sort_unstable();
        self.records[keep].dedup();
        let bsn = std::mem::take(&mut self.bsn[gone]);
        self.bsn[keep].extend(bsn);
        let days = std::mem::take(&mut self.birth_days[gone]);
        self.birth_days[keep].extend(days);
        let genders = std::mem::take(&mut self.genders[gone]);
        self.genders[keep].extend(genders);
        let given = std::mem::take(&mut self.given[gone]);
        self.given[keep].extend(given);
        let forbidden = std::mem::take(&mut self.forbidden[gone]);
        self.forbidden[keep].extend(forbidden);
    }

    /// Why two clusters cannot be one person, if they cannot.
    fn conflict(&mut self, a: usize, b: usize, typo_ok: bool) -> Option<String> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return None;
        }
        let forbidden_a: Vec<usize> = self.forbidden[ra].iter().copied().collect();
        if forbidden_a.into_iter().any(|f| self.find(f) == rb) {
            return Some("een onderzoeker oordeelde: niet dezelfde persoon (of onzeker)".into());
        }
        if self.share_record(ra, rb) {
            return Some("beide in hetzelfde record genoemd: twee verschillende personen".into());
        }
        if !self.bsn[ra].is_empty() && !self.bsn[rb].is_empty() && self.bsn[ra].is_disjoint(&self.bsn[rb]) {
            return Some(format!("BSN verschilt ({:?} / {:?})", self.bsn[ra], self.bsn[rb]));
        }
        if !self.genders[ra].is_empty()
            && !self.genders[rb].is_empty()
            && self.genders[ra].is_disjoint(&self.genders[rb])
        {
            return Some("geslacht verschilt".into());
        }
        for x in &self.given[ra] {
            for y in &self.given[rb] {
                if compare_given(x, y) == GivenMatch::Different {
                    return Some(format!("voornamen verschillen ({} / {})", x.join(" "), y.join(" ")));
                }
            }
        }
        for x in &self.birth_days[ra] {
            for y in &self.birth_days[rb] {
                if x != y && !(typo_ok && one_typo(*x, *y)) {
                    return Some(format!("geboortedatum verschilt ({x} / {y})"));
                }
            }
        }
        None
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

    fn co_occur(&mut self, a: usize, b: usize, except: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (x, y) = (&self.records[ra], &self.records[rb]);
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if x[i] != except {
                        return true;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        false
    }
}

/// One digit different, or day and month swapped.
pub fn one_typo(a: chrono::NaiveDate, b: chrono::NaiveDate) -> bool {
    let (sa, sb) = (a.format("%Y%m%d").to_string(), b.format("%Y%m%d").to_string());
    let diff = sa.chars().zip(sb.chars()).filter(|(x, y)| x != y).count();
    diff == 1 || (a.year() == b.year() && a.month() == b.day() && a.day() == b.month())
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
        parent: (0..n).collect(),
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
        forbidden: vec![BTreeSet::new(); n],
    };
    let index: HashMap<&str, usize> = mentions.iter().enumerate().map(|(i, m)| (m.key.as_str(), i)).collect();
    let mut merges: Vec<Merge> = Vec::new();
    let mut near: Vec<NearMiss> = Vec::new();

    // 1. Judgements.
    for j in &overrides.judgements {
        let (Some(&a), Some(&b)) = (index.get(j.a.as_str()), index.get(j.b.as_str())) else {
            continue;
        };
        match j.verdict.as_str() {
            "same" => {
                c.union(a, b);
                merges.push(Merge {
                    a: j.a.clone(),
                    b: j.b.clone(),
                    rule: "override",
                    agreed: vec![],
                    differed: vec![],
                    judgement: Some(j.clone()),
                });
            }
            _ => {
                c.forbidden[a].insert(b);
                c.forbidden[b].insert(a);
                near.push(NearMiss {
                    a: j.a.clone(),
                    b: j.b.clone(),
                    reason: format!("oordeel '{}' van {}: {}", j.verdict, j.by, j.reason),
                    judgement: Some(j.clone()),
                });
            }
        }
    }

    // 2. BSN.
    let mut by_bsn: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(b) = &m.bsn {
            by_bsn.entry(b.as_str()).or_default().push(i);
        }
    }
    for group in by_bsn.values() {
        for &i in &group[1..] {
            if c.find(i) != c.find(group[0])
                && c.conflict(i, group[0], true)
                    .is_none_or(|w| !w.starts_with("een onderzoeker"))
            {
                c.union(i, group[0]);
                merges.push(merge(&mentions[group[0]], &mentions[i], "bsn", records));
            }
        }
    }

    // Blocks: surname key and first initial.
    let mut blocks: HashMap<(String, char), Vec<usize>> = HashMap::new();
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
                            merges.push(merge(&mentions[j], &mentions[i], "name+birth_date", records));
                            break;
                        }
                        Some(why) => near.push(NearMiss {
                            a: mentions[j].key.clone(),
                            b: mentions[i].key.clone(),
                            reason: why,
                            judgement: None,
                        }),
                    }
                }
            }
        }
    }

    // Mentions of each record, for context.
    let mut of_record: Vec<Vec<usize>> = vec![Vec::new(); records.len()];
    for (i, m) in mentions.iter().enumerate() {
        of_record[m.record].push(i);
    }

    // 4 and 5: context, repeated while it still joins mentions.
    for _round in 0..3 {
        let mut changed = false;
        for key in &block_keys {
            let members = &blocks[*key];
            for &i in members {
                let m = &mentions[i];
                let typo_round = m.birth_day.is_some();
                // Candidates: other clusters in the block with a compatible name.
                let mut candidates: Vec<usize> = Vec::new();
                for &j in members {
                    if c.find(j) == c.find(i) || candidates.iter().any(|&k| c.find(k) == c.find(j)) {
                        continue;
                    }
                    let given = compare_given(&m.given, &mentions[j].given);
                    if given == GivenMatch::Different {
                        continue;
                    }
                    if let (Some(y), Some(d)) = (m.birth_year, mentions[j].birth_day) {
                        if d.year() != y && !(typo_round && m.birth_day.is_some_and(|md| one_typo(md, d))) {
                            continue;
                        }
                    }
                    if typo_round {
                        // Only a typo merge: first names in full, dates one typo apart.
                        let Some(md) = m.birth_day else { continue };
                        let Some(jd) = mentions[j].birth_day else { continue };
                        if md == jd || !one_typo(md, jd) || given != GivenMatch::Full {
                            continue;
                        }
                    }
                    candidates.push(j);
                }
                if candidates.is_empty() {
                    continue;
                }
                // Context: another person of this record appears together with the
                // candidate in another record.
                let others: Vec<usize> = of_record[m.record].iter().copied().filter(|&o| o != i).collect();
                // Rank: a candidate with a known birth date before one without; then shared
                // persons (resolved), then shared persons by name (not resolved yet).
                let mut scored: Vec<(usize, (bool, usize, usize))> = Vec::new();
                for &cand in &candidates {
                    let (mut direct, mut by_name) = (0, 0);
                    for &o in &others {
                        if c.co_occur(o, cand, m.record) {
                            direct += 1;
                        } else if co_occur_by_name(&mut c, &mentions, &blocks, o, cand, m.record) {
                            by_name += 1;
                        }
                    }
                    let root = c.find(cand);
                    let anchored = !c.birth_days[root].is_empty() || !c.bsn[root].is_empty();
                    scored.push((cand, (anchored, direct, by_name)));
                }
                scored.retain(|s| s.1 .1 + s.1 .2 > 0);
                let top = scored.iter().map(|s| s.1).max();
                let best = top.map(|t| t.1 + t.2).unwrap_or(0);
                let winners: Vec<usize> = scored.iter().filter(|s| Some(s.1) == top).map(|s| s.0).collect();
                let scored: Vec<(usize, usize)> = if scored.is_empty() {
                    candidates.iter().map(|&c| (c, 0)).collect()
                } else {
                    scored.iter().map(|s| (s.0, s.1 .1 + s.1 .2)).collect()
                };
                if best == 0 || winners.len() != 1 {
                    for (cand, score) in scored.iter().take(3) {
                        near.push(NearMiss {
                            a: m.key.clone(),
                            b: mentions[*cand].key.clone(),
                            reason: if *score == 0 {
                                "naam past, maar geen gedeelde betrokkenen of geboortedatum om de koppeling zeker te maken".to_string()
                            } else {
                                format!("naam en context passen bij {} kandidaten; niet eenduidig", winners.len())
                            },
                            judgement: None,
                        });
                    }
                    continue;
                }
                let cand = winners[0];
                if let Some(why) = c.conflict(i, cand, typo_round) {
                    near.push(NearMiss {
                        a: m.key.clone(),
                        b: mentions[cand].key.clone(),
                        reason: why,
                        judgement: None,
                    });
                    continue;
                }
                c.union(i, cand);
                let mut mg = merge(
                    &mentions[cand],
                    m,
                    if typo_round { "birth_date_typo" } else { "context" },
                    records,
                );
                mg.agreed
                    .push(format!("{best} gedeelde betrokkene(n) in andere records"));
                merges.push(mg);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    // Persons.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let root = c.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut person_of = HashMap::new();
    let mut persons = Vec::new();
    let mut id_of_root: HashMap<usize, String> = HashMap::new();
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
        id_of_root.insert(*root, id.clone());
        for &i in members {
            person_of.insert(mentions[i].key.clone(), id.clone());
        }
        let mut variants: Vec<String> = Vec::new();
        let mut roles = BTreeSet::new();
        let mut recs = BTreeSet::new();
        let mut days = BTreeSet::new();
        let mut bsn = BTreeSet::new();
        for &i in members {
            let m = &mentions[i];
            let p = &records[m.record].persons[m.index];
            if !variants.contains(&p.name.raw) {
                variants.push(p.name.raw.clone());
            }
            roles.insert(p.role);
            recs.insert(records[m.record].reference.to_string());
            if let Some(d) = m.birth_day {
                days.insert(d.to_string());
            }
            if let Some(b) = &m.bsn {
                bsn.insert(b.clone());
            }
        }
        let name = members
            .iter()
            .map(|&i| records[mentions[i].record].persons[mentions[i].index].name.display())
            .max_by_key(|d| {
                (
                    d.split_whitespace().filter(|t| !t.ends_with('.')).count(),
                    d.chars().count(),
                )
            })
            .unwrap_or_default();
        let mut keys: Vec<String> = members.iter().map(|&i| mentions[i].key.clone()).collect();
        keys.sort();
        persons.push(Person {
            id,
            name,
            name_variants: variants,
            birth_dates: days.into_iter().collect(),
            bsn: bsn.into_iter().collect(),
            roles: roles.into_iter().collect(),
            records: recs.into_iter().collect(),
            mentions: keys,
            merges: Vec::new(),
        });
    }
    persons.sort_by(|a, b| a.id.cmp(&b.id));
    let position: HashMap<String, usize> = persons.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
    for m in merges {
        if let Some(pid) = person_of.get(&m.a) {
            if let Some(&pos) = position.get(pid) {
                persons[pos].merges.push(m);
            }
        }
    }
    near.retain(|nm| person_of.get(&nm.a) != person_of.get(&nm.b));
    near.sort_by(|a, b| (&a.a, &a.b).cmp(&(&b.a, &b.b)));
    near.dedup_by(|a, b| a.a == b.a && a.b == b.b);
    PersonResolution {
        persons,
        unresolved,
        near_misses: near,
        person_of,
    }
}

/// Context through a co-mention that is not resolved yet either: does some mention that
/// could be the same person as `o` appear together with `cand` elsewhere?
fn co_occur_by_name(
    c: &mut Clusters,
    mentions: &[Mention],
    blocks: &HashMap<(String, char), Vec<usize>>,
    o: usize,
    cand: usize,
    except: usize,
) -> bool {
    let m = &mentions[o];
    let Some(initial) = m.given.first().and_then(|g| g.chars().next()) else {
        return false;
    };
    for s in &m.surnames {
        if let Some(block) = blocks.get(&(s.clone(), initial)) {
            for &k in block {
                if k == o || compare_given(&m.given, &mentions[k].given) == GivenMatch::Different {
                    continue;
                }
                if c.co_occur(k, cand, except) {
                    return true;
                }
            }
        }
    }
    false
}

fn merge(a: &Mention, b: &Mention, rule: &'static str, records: &[Record]) -> Merge {
    let pa = &records[a.record].persons[a.index];
    let pb = &records[b.record].persons[b.index];
    let mut agreed = Vec::new();
    let mut differed = Vec::new();
    if a.surnames.iter().any(|s| b.surnames.contains(s)) {
        agreed.push(format!("achternaam ({})", a.surnames.join("/")));
    }
    match compare_given(&a.given, &b.given) {
        GivenMatch::Full => agreed.push("voornaam".into()),
        GivenMatch::Initials => agreed.push(format!("voorletters ({} / {})", a.given.join(" "), b.given.join(" "))),
        GivenMatch::Unknown => differed.push("voornaam ontbreekt aan één kant".into()),
        GivenMatch::Different => differed.push("voornamen verschillen".into()),
    }
    match (a.birth_day, b.birth_day) {
        (Some(x), Some(y)) if x == y => agreed.push(format!("geboortedatum {x}")),
        (Some(x), Some(y)) => differed.push(format!("geboortedatum {x} / {y} (één tikfout)")),
        _ => differed.push("geboortedatum ontbreekt aan één kant".into()),
    }
    if let (Some(x), Some(y)) = (&a.bsn, &b.bsn) {
        if x == y {
            agreed.push(format!("BSN {x}"));
        }
    }
    if fold(&pa.name.raw) != fold(&pb.name.raw) {
        differed.push(format!("schrijfwijze: {:?} / {:?}", pa.name.raw, pb.name.raw));
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
