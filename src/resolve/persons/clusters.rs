//! Clusters of mentions that are one person so far, with what they hold together (records,
//! BSNs, birth dates, genders, given names, surnames) and the pairs an investigator forbade:
//! what a pass asks before it joins two of them.

use super::{one_typo, KeptApart, Mention};
use crate::resolve::names::{compare_given, GivenMatch};
use std::collections::BTreeSet;

/// The clusters, indexed by mention; the fields hold for a cluster's root.
pub(super) struct Clusters {
    pub(super) sets: crate::resolve::union_find::UnionFind,
    pub(super) records: Vec<Vec<usize>>,
    pub(super) bsn: Vec<BTreeSet<String>>,
    pub(super) birth_days: Vec<BTreeSet<chrono::NaiveDate>>,
    pub(super) genders: Vec<BTreeSet<String>>,
    pub(super) given: Vec<Vec<Vec<String>>>,
    pub(super) surnames: Vec<BTreeSet<String>>,
    pub(super) forbidden: Vec<BTreeSet<usize>>,
}

impl Clusters {
    pub(super) fn find(&mut self, x: usize) -> usize {
        self.sets.find(x)
    }

    pub(super) fn union(&mut self, a: usize, b: usize) {
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
    pub(super) fn conflict(&mut self, a: usize, b: usize, typo_ok: bool) -> Option<KeptApart> {
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
    pub(super) fn name_fits(&self, x: usize, m: &Mention) -> bool {
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

/// Moves the list of cluster `gone` onto that of cluster `keep` (a union of two clusters).
fn absorb<C: Default + IntoIterator + Extend<C::Item>>(lists: &mut [C], keep: usize, gone: usize) {
    let moved = std::mem::take(&mut lists[gone]);
    lists[keep].extend(moved);
}
