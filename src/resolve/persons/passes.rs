//! The passes of person resolution, in the order they run. Each joins mentions into
//! clusters (or records why it kept two apart) and leaves the clusters to the next:
//!
//! 1. [`Resolver::apply_judgements`]: investigators' judgements;
//! 2. [`Resolver::join_on_bsn`]: the same BSN;
//! 3. [`Resolver::join_on_name_and_birth_date`]: the same name and day-precise birth date;
//! 4. [`Resolver::join_birth_and_married_names`]: a birth name and a married name;
//! 5. [`Resolver::join_birth_date_typos`]: birth dates one typo apart, with shared context;
//! 6. [`Resolver::join_on_context`]: mentions without a birth date, by the persons named
//!    with them elsewhere.

use super::clusters::Clusters;
use super::{initial_str, one_typo, typo_keys, KeptApart, Mention, MergeRule, NearMiss, MAX_NAMESAKES};
use crate::model::Record;
use crate::resolve::names::{compare_given, surnames_agree, GivenMatch};
use crate::resolve::overrides::{Judgement, Overrides, Verdict};
use chrono::Datelike;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// One join as a pass made it: (mention, mention, rule, shared co-involved persons,
/// judgement). It is worded only when asked for ([`super::PersonResolution::merges_by_person`]).
pub(super) type Join = (usize, usize, MergeRule, usize, Option<Judgement>);

/// What the passes share: the mentions, their clusters, and what each pass found.
pub(super) struct Resolver {
    /// Every mention with a name.
    pub(super) mentions: Vec<Mention>,
    /// The clusters of mentions joined so far.
    pub(super) clusters: Clusters,
    /// The mentions of each record.
    pub(super) of_record: Vec<Vec<usize>>,
    /// The joins, in the order they were made.
    pub(super) merges: Vec<Join>,
    /// Pairs that looked alike but were kept apart.
    pub(super) near: Vec<NearMiss>,
    /// Set with `PATROON_TIMING`: when resolution started, for timings on stderr.
    timing: Option<std::time::Instant>,
}

impl Resolver {
    /// Every mention its own cluster.
    pub(super) fn new(records: &[Record], mentions: Vec<Mention>) -> Self {
        let n = mentions.len();
        let clusters = Clusters {
            sets: crate::resolve::union_find::UnionFind::new(n),
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
        let mut of_record: Vec<Vec<usize>> = vec![Vec::new(); records.len()];
        for (i, m) in mentions.iter().enumerate() {
            of_record[m.record].push(i);
        }
        Resolver {
            mentions,
            clusters,
            of_record,
            merges: Vec::new(),
            near: Vec::new(),
            timing: std::env::var_os("PATROON_TIMING")
                .is_some()
                .then(std::time::Instant::now),
        }
    }

    /// With `PATROON_TIMING`, how long resolution has run so far, on stderr.
    pub(super) fn time(&self, what: &str) {
        if let Some(t0) = self.timing {
            eprintln!("  {what} {:?}", t0.elapsed());
        }
    }

    /// Pass 1: an investigator's `same` joins two mentions; `different` and `unsure`
    /// forbid the join and are kept as near misses with the judgement.
    pub(super) fn apply_judgements(&mut self, overrides: &Overrides) {
        let Resolver {
            mentions,
            clusters: c,
            merges,
            near,
            ..
        } = self;
        let index: HashMap<&str, usize> = mentions.iter().enumerate().map(|(i, m)| (m.key.as_str(), i)).collect();
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
    }

    /// Pass 2: the same BSN settles identity, unless an investigator judged otherwise.
    pub(super) fn join_on_bsn(&mut self) {
        let Resolver {
            mentions,
            clusters: c,
            merges,
            ..
        } = self;
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
    }

    /// Pass 3: within a block (surname key and first initial), the same
    /// day-precise birth date and given names that do not contradict.
    pub(super) fn join_on_name_and_birth_date(&mut self) {
        let Resolver {
            mentions,
            clusters: c,
            merges,
            near,
            ..
        } = self;
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
    }

    /// Pass 4: the same first name in full and the same birth date under
    /// another surname, where that surname is the surname of someone named with her in the
    /// same record, and the two share a co-involved person.
    pub(super) fn join_birth_and_married_names(&mut self) {
        let Resolver {
            mentions,
            clusters: c,
            of_record,
            merges,
            ..
        } = self;
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
    }

    /// Pass 5: birth dates one typo apart (one digit, two neighbouring digits
    /// swapped, or day and month swapped) whose names agree, joined between clusters when the
    /// two share a co-involved person.
    pub(super) fn join_birth_date_typos(&mut self) {
        let Resolver {
            mentions,
            clusters: c,
            of_record,
            merges,
            near,
            ..
        } = self;
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
            let (na, nb) = (neighbours(&mut *c, ra), neighbours(&mut *c, rb));
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
    }

    /// Pass 6: for mentions without a day-precise birth date: a compatible name,
    /// and the record's other persons appear with that person elsewhere (the same co-involved
    /// people); a birth year, where given, must agree. Repeated while it still joins.
    pub(super) fn join_on_context(&mut self) {
        let Resolver {
            mentions,
            clusters: c,
            of_record,
            merges,
            near,
            ..
        } = self;
        let mut by_first: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
        for (i, m) in mentions.iter().enumerate() {
            let Some(first) = m.given.first() else { continue };
            for s in &m.surnames {
                by_first.entry((s.as_str(), first.as_str())).or_default().push(i);
            }
        }
        let initial_tokens: HashMap<(&str, char), Vec<&str>> = {
            let mut map: HashMap<(&str, char), BTreeSet<&str>> = HashMap::default();
            for (s, first) in by_first.keys() {
                map.entry((*s, first.chars().next().unwrap_or(' ')))
                    .or_default()
                    .insert(*first);
            }
            map.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect()
        };

        let n = mentions.len();
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
                let year_fits = |c: &Clusters, r: usize| match m.birth_year {
                    Some(y) => c.birth_days[r].is_empty() || c.birth_days[r].iter().any(|d| d.year() == y),
                    None => true,
                };
                let mut scored: Vec<(usize, (bool, usize, usize))> = Vec::new();
                {
                    for &(rk, count) in &context {
                        if c.name_fits(rk, m) && year_fits(c, rk) {
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
                            if rj == root || !roots.insert(rj) || !c.name_fits(rj, m) || !year_fits(c, rj) {
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
                scored.sort_unstable_by_key(|s| s.0);
                let with_context: Vec<&(usize, (bool, usize, usize))> =
                    scored.iter().filter(|s| s.1 .1 + s.1 .2 > 0).collect();
                let top = with_context.iter().map(|s| s.1).max();
                let winners: Vec<usize> = with_context.iter().filter(|s| Some(s.1) == top).map(|s| s.0).collect();
                let best = top.map(|t| t.1 + t.2).unwrap_or(0);
                // Several clusters tie, none with a birth date or BSN, each with the same
                // written-out name and the same co-involved people: records without birth
                // dates (Veilig Thuis, a third party, a shelter) naming one person again and
                // again. They are one person by the same evidence, unless anything conflicts.
                let one_person = best > 0
                    && winners.len() > 1
                    && first.chars().count() > 1
                    && winners
                        .iter()
                        .all(|&w| c.birth_days[w].is_empty() && c.bsn[w].is_empty())
                    && winners.iter().all(|&w| c.conflict(i, w, false).is_none())
                    && winners
                        .iter()
                        .enumerate()
                        .all(|(k, &a)| winners[k + 1..].iter().all(|&b| c.conflict(a, b, false).is_none()));
                if one_person {
                    for &w in &winners {
                        if c.find(w) != c.find(i) {
                            c.union(i, w);
                            merges.push((w, i, MergeRule::Context, best, None));
                        }
                    }
                    changed = true;
                    continue;
                }
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
    }
}

#[cfg(test)]
mod tests {
    use super::super::mention_of;
    use super::*;
    use crate::model::{Location, PersonMention, RecordKind, Role, TimePoint};

    /// A person as a record names her: a full name, a birth date, a BSN.
    fn named(name: &str, birth: Option<&str>, bsn: Option<&str>) -> PersonMention {
        PersonMention {
            name: crate::ingest::names::parse_full(name),
            role: Role::Other,
            role_word: String::new(),
            birth: birth.map(|d| TimePoint::Day(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("day"))),
            bsn: bsn.map(str::to_string),
            gender: None,
            relation: None,
            location: Location::Lines(vec![1]),
        }
    }

    /// One record per list of persons.
    fn records(lists: Vec<Vec<PersonMention>>) -> Vec<Record> {
        lists
            .into_iter()
            .enumerate()
            .map(|(k, persons)| Record::for_test(&format!("politie:R{k}"), RecordKind::Report, None, persons))
            .collect()
    }

    /// The passes over `records`, every named person a mention (in record and person order).
    fn resolver(records: &[Record]) -> Resolver {
        let mentions = records
            .iter()
            .enumerate()
            .flat_map(|(r, record)| (0..record.persons.len()).filter_map(move |i| mention_of(record, r, i)))
            .collect();
        Resolver::new(records, mentions)
    }

    fn joined(resolver: &mut Resolver, a: usize, b: usize) -> bool {
        resolver.clusters.find(a) == resolver.clusters.find(b)
    }

    fn rules(resolver: &Resolver) -> Vec<MergeRule> {
        resolver.merges.iter().map(|m| m.2).collect()
    }

    fn judgement(verdict: Verdict) -> Overrides {
        Overrides {
            judgements: vec![Judgement {
                a: "politie:R0#p1".into(),
                b: "politie:R1#p1".into(),
                verdict,
                reason: "test".into(),
                by: "rechercheur".into(),
                date: None,
            }],
        }
    }

    #[test]
    fn pass_1_joins_what_an_investigator_judged_the_same_and_forbids_what_they_judged_different() {
        let recs = records(vec![
            vec![named("Anna Jansen", None, None)],
            vec![named("Bea Smit", None, None)],
        ]);
        let mut same = resolver(&recs);
        same.apply_judgements(&judgement(Verdict::Same));
        assert!(joined(&mut same, 0, 1));
        assert_eq!(rules(&same), [MergeRule::Override]);

        let recs = records(vec![
            vec![named("Anna Jansen", Some("1990-01-02"), None)],
            vec![named("Anna Jansen", Some("1990-01-02"), None)],
        ]);
        let mut different = resolver(&recs);
        different.apply_judgements(&judgement(Verdict::Different));
        different.join_on_name_and_birth_date();
        assert!(
            !joined(&mut different, 0, 1),
            "a judgement outweighs name and birth date"
        );
        assert!(different.near.iter().any(|n| n.reason == KeptApart::Judged));
    }

    #[test]
    fn pass_2_joins_the_same_bsn_whatever_the_spelling() {
        let recs = records(vec![
            vec![named("Anna Jansen", None, Some("999996745"))],
            vec![named("A. Janssen-de Vries", None, Some("999996745"))],
            vec![named("Anna Jansen", None, None)],
        ]);
        let mut r = resolver(&recs);
        r.join_on_bsn();
        assert!(joined(&mut r, 0, 1));
        assert!(!joined(&mut r, 0, 2), "no BSN, no join by this pass");
        assert_eq!(rules(&r), [MergeRule::Bsn]);
    }

    #[test]
    fn pass_3_joins_the_same_name_and_birth_date_and_keeps_another_date_apart() {
        let recs = records(vec![
            vec![named("Anna Jansen", Some("1990-01-02"), None)],
            vec![named("A. Jansen", Some("1990-01-02"), None)],
            vec![named("Anna Jansen", Some("1985-07-30"), None)],
        ]);
        let mut r = resolver(&recs);
        r.join_on_name_and_birth_date();
        assert!(joined(&mut r, 0, 1), "initials fit the given name");
        assert!(!joined(&mut r, 0, 2));
        assert_eq!(rules(&r), [MergeRule::NameBirthDate]);
    }

    #[test]
    fn pass_4_joins_a_birth_name_and_a_married_name_with_a_shared_child() {
        let recs = records(vec![
            vec![
                named("Anna de Vries", Some("1990-01-02"), None),
                named("Piet Jansen", Some("1988-05-05"), None),
                named("Tim Jansen", Some("2015-03-04"), None),
            ],
            vec![
                named("Anna Jansen", Some("1990-01-02"), None),
                named("Tim Jansen", Some("2015-03-04"), None),
            ],
        ]);
        let mut r = resolver(&recs);
        r.join_on_name_and_birth_date();
        r.join_birth_and_married_names();
        assert!(joined(&mut r, 0, 3));
        assert!(rules(&r).contains(&MergeRule::MarriedName));
    }

    #[test]
    fn pass_5_joins_a_birth_date_typo_only_with_a_shared_co_involved_person() {
        let with_context = records(vec![
            vec![
                named("Anna Jansen", Some("1990-01-02"), None),
                named("Piet Bakker", Some("1988-05-05"), None),
            ],
            vec![
                named("Anna Jansen", Some("1990-01-03"), None),
                named("Piet Bakker", Some("1988-05-05"), None),
            ],
        ]);
        let mut r = resolver(&with_context);
        r.join_on_name_and_birth_date();
        r.join_birth_date_typos();
        assert!(joined(&mut r, 0, 2));
        assert!(rules(&r).contains(&MergeRule::BirthDateTypo));

        let alone = records(vec![
            vec![named("Anna Jansen", Some("1990-01-02"), None)],
            vec![named("Anna Jansen", Some("1990-01-03"), None)],
        ]);
        let mut r = resolver(&alone);
        r.join_birth_date_typos();
        assert!(!joined(&mut r, 0, 1));
        assert!(r.near.iter().any(|n| n.reason == KeptApart::TypoWithoutContext));
    }

    #[test]
    fn pass_6_joins_a_mention_without_birth_date_by_the_persons_named_with_her() {
        let recs = records(vec![
            vec![
                named("Anna Jansen", Some("1990-01-02"), None),
                named("Piet Bakker", Some("1988-05-05"), None),
            ],
            vec![named("Anna Jansen", None, None), named("Piet Bakker", None, None)],
            vec![named("Anna Jansen", None, None), named("Kees Smit", None, None)],
        ]);
        let mut r = resolver(&recs);
        r.join_on_name_and_birth_date();
        r.join_on_context();
        assert!(joined(&mut r, 0, 2), "named with Piet Bakker, as she is elsewhere");
        assert!(!joined(&mut r, 0, 4), "named with a stranger: not sure, kept apart");
        assert!(rules(&r).contains(&MergeRule::Context));
    }

    #[test]
    fn pass_6_joins_one_name_named_again_and_again_with_the_same_person_where_no_record_has_a_birth_date() {
        // Veilig Thuis, a shelter, a third party: no birth dates anywhere, the same two
        // people in every record. Each candidate ties with the others; they are one person.
        let pair = || vec![named("Anna Jansen", None, None), named("Piet Bakker", None, None)];
        let recs = records(vec![pair(), pair(), pair(), pair()]);
        let mut r = resolver(&recs);
        r.join_on_context();
        for k in [2, 4, 6] {
            assert!(joined(&mut r, 0, k), "Anna Jansen of record {k} is the one of record 0");
            assert!(joined(&mut r, 1, k + 1), "Piet Bakker of record {k}");
        }
        // Two candidates that cannot be one woman (Anna Maria and Anna Sophie) are not
        // joined through a third record that names just "Anna Jansen".
        let recs = records(vec![
            vec![named("Anna Maria Jansen", None, None), named("Piet Bakker", None, None)],
            vec![
                named("Anna Sophie Jansen", None, None),
                named("Piet Bakker", None, None),
            ],
            pair(),
        ]);
        let mut r = resolver(&recs);
        r.join_on_context();
        assert!(!joined(&mut r, 0, 2), "Anna Maria and Anna Sophie are two women");
    }
}
