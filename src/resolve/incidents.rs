//! Incident linking: the records that are accounts of one occurrence become one incident
//! that keeps every account, so that nothing is counted twice and no account is lost.
//!
//! An *account* is a record that describes what happened: a police registration, a Veilig
//! Thuis report or advice request, an OM feit, a reclassering report of a breach or an
//! ankle-monitor alarm, a huisverbod (an account of the incident that led to it), and an
//! OM sepot because the complaint was withdrawn (an account of the withdrawal). Other
//! records (the OM zaak, other decisions, supervision, child-protection steps) are
//! procedural: they refer back to incidents but are not incidents themselves.
//!
//! Links, each kept with its reason:
//! - explicit: an OM feit's `politie_registratie`;
//! - one zaak: OM feiten of one zaak with the same date;
//! - same act: accounts that share the suspect or the victim, at acts at most one day apart
//!   (the OM often dates a night-time act to the evening before), or a Veilig Thuis report
//!   by the police about the day (or month) of a police act, received within 14 days of it;
//! - near days: a Veilig Thuis or child-protection account of the one act of the same
//!   two people at most four days from its date, or, undated, in the two weeks before it
//!   was received (only when it is the only such incident);
//! - same period: periods that share the same persons and start or end within a day;
//! - follow-up: a reclassering breach report or a huisverbod links to the latest act of the
//!   same suspect in the 14 days (1 day for a huisverbod) before it; a sepot on a withdrawn
//!   complaint to the latest act of the suspect in the 60 days before it.

use super::persons::PersonResolution;
use crate::model::{Record, RecordKind, Role, TimePoint, When};
use chrono::{Duration, NaiveDate};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};

/// One incident.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Incident {
    /// Stable id, from the earliest account's reference.
    pub id: String,
    /// When, at the best precision its accounts give.
    pub when: Option<When>,
    /// The accounts (record references), in time order.
    pub records: Vec<String>,
    /// Why the accounts were joined.
    pub links: Vec<Link>,
    /// Persons in its accounts (ids).
    pub persons: Vec<String>,
    /// Set when the incident was found inside another record's text, not as an account
    /// of its own (see [`super::disclosures`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<Disclosure>,
}

/// Why two accounts are one incident.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Link {
    /// One record.
    pub a: String,
    /// The other.
    pub b: String,
    /// The rule that linked them.
    pub rule: LinkRule,
    /// What the rule saw, as fields.
    pub basis: LinkBasis,
}

/// The rules that link two accounts into one incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkRule {
    /// An OM feit names the registration it is about.
    Explicit,
    /// Feiten of one zaak with the same act date.
    SameZaak,
    /// The same persons and the same act, dated to the day.
    SameAct,
    /// The same persons and the same period.
    SamePeriod,
    /// A follow-up account (a breach report, a huisverbod, a withdrawal sepot) and the act it follows.
    FollowUp,
}

/// What a link rule saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkBasis {
    /// Record `a` names registration `target`.
    NamesRegistration {
        /// The registration named.
        target: String,
    },
    /// Feiten of one zaak with the same act date.
    SameZaakActDate,
    /// The same persons, with these act dates (the same day, or a day apart across organisations).
    SamePersonsActDates {
        /// One account's day.
        a: NaiveDate,
        /// The other's.
        b: NaiveDate,
    },
    /// A Veilig Thuis or child-protection account of the one act of the same suspect and
    /// victim a few days from its own date (its date copied loosely from another's account).
    NearDaysAcrossOrganisations {
        /// The second-hand account's day.
        a: NaiveDate,
        /// The act's day in the other organisation's account.
        b: NaiveDate,
    },
    /// An undated Veilig Thuis or child-protection account, received within two weeks
    /// after the one act of the same two people in another organisation's account.
    UndatedAccountReceivedAfter {
        /// When the account was received.
        received: NaiveDate,
        /// The act's day in the other organisation's account.
        act: NaiveDate,
    },
    /// A Veilig Thuis report by the police about a period that holds the police report's day.
    PoliceReportToVeiligThuis {
        /// The Veilig Thuis report's period.
        period: String,
        /// The police report's day.
        day: NaiveDate,
    },
    /// The same persons, periods that start or end within a day.
    SamePeriods {
        /// One account's period.
        a: String,
        /// The other's.
        b: String,
    },
    /// A follow-up account of this kind.
    FollowUp {
        /// What follows up.
        of: FollowUpKind,
    },
}

/// The accounts that follow up an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpKind {
    /// A probation report about the client's last act before it.
    ProbationReport,
    /// A huisverbod after the incident of the evening before.
    RestrainingOrder,
    /// A sepot after a withdrawal: the first police registration after the zaak's feiten.
    WithdrawalSepot,
}

/// A victim–suspect pair and the household around them.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Case {
    /// `case:<suspect>~<victim>`.
    pub id: String,
    /// The suspect (person id).
    pub suspect: String,
    /// The victim (person id).
    pub victim: String,
    /// Children named with them.
    pub children: Vec<String>,
    /// Other persons named with them.
    pub others: Vec<String>,
    /// Incidents with both.
    pub incidents: Vec<String>,
    /// Every record naming both.
    pub records: Vec<String>,
    /// True when no record says who harms whom: two adults named only as "betrokkene"
    /// (a police "huiselijke twist"). `suspect` and `victim` are then just the pair in id
    /// order, and nothing may present either as the suspect.
    pub roles_unclear: bool,
}

/// The outcome of incident linking.
#[derive(Debug, Clone, Default)]
pub struct IncidentResolution {
    /// Incidents, in time order.
    pub incidents: Vec<Incident>,
    /// Records that are not accounts of an incident, with the incidents they refer to.
    pub procedural: Vec<(String, Vec<String>)>,
    /// Record reference → incident id.
    pub incident_of: HashMap<String, String>,
    /// Cases.
    pub cases: Vec<Case>,
    /// Sentences that refer back to another incident by date (see [`super::disclosures`]).
    pub references: Vec<Reference>,
}

fn is_account(r: &Record) -> bool {
    match r.kind.canonical {
        RecordKind::Complaint
        | RecordKind::Report
        | RecordKind::Registration
        | RecordKind::AdviceRequest
        | RecordKind::Charge => true,
        RecordKind::RestrainingOrder => true,
        RecordKind::ProbationEvent => is_breach_report(r),
        RecordKind::Decision => is_withdrawal_sepot(r),
        _ => false,
    }
}

fn is_breach_report(r: &Record) -> bool {
    let word = r.kind.source.to_lowercase();
    word.contains("schending") || word.contains("alarm")
}

fn is_withdrawal_sepot(r: &Record) -> bool {
    r.kind.source.eq_ignore_ascii_case("Sepot") && r.codes.iter().any(|c| c.to_lowercase().contains("ingetrokken"))
}

fn first_day(w: &When) -> Option<NaiveDate> {
    Some(w.earliest().date())
}

fn last_day(w: &When) -> Option<NaiveDate> {
    w.end_exclusive().map(|e| (e - Duration::seconds(1)).date())
}

/// True when the time is one day or a moment on it (also an evening from 20:10 to 23:30).
fn is_point_day(w: &When) -> bool {
    if w.open_ended {
        return false;
    }
    match &w.until {
        None => matches!(w.from, TimePoint::Moment { .. } | TimePoint::Day(_)),
        Some(until) => w.from.day().is_some() && w.from.day() == until.day(),
    }
}

struct Links {
    sets: super::union_find::UnionFind,
    links: Vec<(usize, usize, LinkRule, LinkBasis)>,
}

impl Links {
    fn find(&mut self, x: usize) -> usize {
        self.sets.find(x)
    }
    fn join(&mut self, a: usize, b: usize, rule: LinkRule, basis: LinkBasis) {
        if self.sets.union(a, b).is_some() {
            self.links.push((a, b, rule, basis));
        }
    }
}

/// Links the accounts of `records` into incidents.
pub fn resolve_incidents(records: &[Record], persons: &PersonResolution) -> IncidentResolution {
    let by_ref: HashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.reference.as_str(), i))
        .collect();
    // Persons of each record, with the zaak's for an OM feit or beslissing.
    let person_ids = |r: usize| -> Vec<(String, Role)> {
        records[r]
            .persons
            .iter()
            .enumerate()
            .filter_map(|(i, p)| persons.person_of(r, i).map(|person| (person.id.clone(), p.role)))
            .collect()
    };
    let mut people: Vec<Vec<(String, Role)>> = (0..records.len()).map(person_ids).collect();
    // Per record, the persons whose relation to the suspect is named as a partner.
    let partners: Vec<BTreeSet<String>> = records
        .iter()
        .enumerate()
        .map(|(r, record)| {
            record
                .persons
                .iter()
                .enumerate()
                .filter(|(_, m)| m.relation.as_deref().is_some_and(names_a_partner))
                .filter_map(|(i, _)| persons.person_of(r, i).map(|p| p.id.clone()))
                .collect()
        })
        .collect();
    for (i, r) in records.iter().enumerate() {
        if r.layout == "om" && r.persons.is_empty() {
            if let Some(&z) = r.refers_to.iter().find_map(|x| {
                by_ref
                    .get(x.as_str())
                    .filter(|&&z| records[z].kind.canonical == RecordKind::ProsecutionCase)
            }) {
                people[i] = person_ids(z);
            }
        }
    }
    let suspect_sets: Vec<BTreeSet<&str>> = people
        .iter()
        .map(|list| {
            list.iter()
                .filter(|(_, r)| *r == Role::Suspect)
                .map(|(p, _)| p.as_str())
                .collect()
        })
        .collect();
    let involved_sets: Vec<BTreeSet<&str>> = people
        .iter()
        .map(|list| {
            list.iter()
                .filter(|(_, r)| matches!(r, Role::Suspect | Role::Victim | Role::Other))
                .map(|(p, _)| p.as_str())
                .collect()
        })
        .collect();
    let suspects = |i: usize| -> &BTreeSet<&str> { &suspect_sets[i] };
    let involved = |i: usize| -> &BTreeSet<&str> { &involved_sets[i] };

    let accounts: Vec<usize> = (0..records.len()).filter(|&i| is_account(&records[i])).collect();
    let mut links = Links {
        sets: super::union_find::UnionFind::new(records.len()),
        links: Vec::new(),
    };

    // Explicit references and feiten of one zaak on one date.
    for &i in &accounts {
        let r = &records[i];
        if r.kind.canonical != RecordKind::Charge {
            continue;
        }
        for target in &r.refers_to {
            if let Some(&j) = by_ref.get(target.as_str()) {
                if is_account(&records[j]) {
                    links.join(
                        i,
                        j,
                        LinkRule::Explicit,
                        LinkBasis::NamesRegistration {
                            target: target.to_string(),
                        },
                    );
                }
            }
        }
    }
    let mut feiten_of_zaak: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &accounts {
        if records[i].kind.canonical == RecordKind::Charge {
            if let Some(z) = records[i]
                .refers_to
                .iter()
                .find(|x| x.as_str().starts_with("om:") && !x.as_str().contains('#'))
            {
                feiten_of_zaak.entry(z.to_string()).or_default().push(i);
            }
        }
    }
    for feiten in feiten_of_zaak.values() {
        for (k, &i) in feiten.iter().enumerate() {
            for &j in &feiten[..k] {
                if records[i].act.is_some() && records[i].act == records[j].act {
                    links.join(i, j, LinkRule::SameZaak, LinkBasis::SameZaakActDate);
                }
            }
        }
    }

    // Index acts by person, for same-act and follow-up links.
    let mut acts_of: HashMap<&str, Vec<usize>> = HashMap::default();
    for &i in &accounts {
        for &p in involved(i) {
            acts_of.entry(p).or_default().push(i);
        }
    }
    for list in acts_of.values_mut() {
        list.sort_by_key(|&i| records[i].act.as_ref().map(|w| w.earliest()));
        list.dedup();
    }

    // Follow-up accounts (a huisverbod, a breach report, a sepot) join only by the
    // follow-up rule below, never by date alone.
    let follow_up = |r: &Record| {
        matches!(
            r.kind.canonical,
            RecordKind::ProbationEvent | RecordKind::RestrainingOrder | RecordKind::Decision
        )
    };
    for &i in &accounts {
        let r = &records[i];
        let Some(act) = r.act.as_ref() else { continue };
        if follow_up(r) {
            continue;
        }
        let mine = involved(i);
        for p in mine {
            let Some(others) = acts_of.get(p) else { continue };
            for &j in others {
                if j == i || links.find(i) == links.find(j) {
                    continue;
                }
                let o = &records[j];
                let Some(other) = o.act.as_ref() else { continue };
                if follow_up(o) {
                    continue;
                }
                if let Some(reason) = same_occurrence(r, act, o, other) {
                    // Both must name the same suspect where both name one.
                    let (si, sj) = (suspects(i), suspects(j));
                    if !si.is_empty() && !sj.is_empty() && si.is_disjoint(sj) {
                        continue;
                    }
                    let shared = involved(j).intersection(mine).count();
                    if shared >= 1 {
                        let rule = if is_point_day(act) {
                            LinkRule::SameAct
                        } else {
                            LinkRule::SamePeriod
                        };
                        links.join(i, j, rule, reason);
                    }
                }
            }
        }
    }

    // One act told by two organisations whose dates differ by a few days: a Veilig Thuis
    // or child-protection account written up from another organisation's, its act date
    // copied loosely — or not at all. It joins the act of the same two people (the suspect
    // where both name one) at most `NEAR_DAYS` days from its own date, or, undated, in the
    // `UNDATED_DAYS` days before it was received; and only when exactly one such incident
    // exists, so two acts of one week never become one through it.
    const NEAR_DAYS: i64 = 4;
    const UNDATED_DAYS: i64 = 14;
    for &i in &accounts {
        let r = &records[i];
        if follow_up(r) || !matches!(r.layout.as_str(), "veilig-thuis" | "jeugdbescherming") {
            continue;
        }
        let received = r.registered.as_ref().and_then(first_day);
        let window = match r.act.as_ref() {
            Some(act) if is_point_day(act) => match first_day(act) {
                Some(day) => (day - Duration::days(NEAR_DAYS), day + Duration::days(NEAR_DAYS)),
                None => continue,
            },
            // A month or a period is for the rules above.
            Some(_) => continue,
            None => match received {
                Some(rd) => (rd - Duration::days(UNDATED_DAYS), rd),
                None => continue,
            },
        };
        let (mine, si) = (involved(i), suspects(i));
        let mut candidates: BTreeMap<usize, (usize, NaiveDate)> = BTreeMap::new();
        for p in mine {
            for &j in acts_of.get(p).into_iter().flatten() {
                let o = &records[j];
                if o.layout == r.layout || follow_up(o) {
                    continue;
                }
                let Some(other) = o.act.as_ref().filter(|w| is_point_day(w)).and_then(first_day) else {
                    continue;
                };
                let near = window.0 <= other && other <= window.1;
                let told_after = received.is_none_or(|rd| rd >= other);
                // Two people in both (the victim and the suspect), and no other suspect.
                let shared = involved(j).intersection(mine).count() >= 2;
                let sj = suspects(j);
                let same_suspect = si.is_empty() || sj.is_empty() || !sj.is_disjoint(si);
                if near && told_after && shared && same_suspect {
                    candidates.insert(links.find(j), (j, other));
                }
            }
        }
        if candidates.len() == 1 {
            let (&root, &(j, other)) = candidates.iter().next().expect("one");
            if root != links.find(i) {
                let basis = match r.act.as_ref().and_then(first_day) {
                    Some(day) => LinkBasis::NearDaysAcrossOrganisations { a: day, b: other },
                    None => LinkBasis::UndatedAccountReceivedAfter {
                        received: received.unwrap_or(other),
                        act: other,
                    },
                };
                links.join(i, j, LinkRule::SameAct, basis);
            }
        }
    }

    // Follow-up accounts: breach reports, huisverboden, withdrawal sepots.
    for &i in &accounts {
        let r = &records[i];
        let (window, of) = if r.kind.canonical == RecordKind::ProbationEvent {
            (14, FollowUpKind::ProbationReport)
        } else if r.kind.canonical == RecordKind::RestrainingOrder {
            (1, FollowUpKind::RestrainingOrder)
        } else if is_withdrawal_sepot(r) {
            (60, FollowUpKind::WithdrawalSepot)
        } else {
            continue;
        };
        let Some(day) = r.act.as_ref().and_then(first_day) else {
            continue;
        };
        let who = suspects(i);
        if is_withdrawal_sepot(r) {
            // The withdrawal: the first police record of the suspect after the zaak's
            // feiten and before the sepot.
            let zaak = r
                .refers_to
                .iter()
                .find(|x| !x.as_str().contains('#'))
                .map(|x| x.to_string());
            let zaak_feiten: Vec<usize> = zaak.and_then(|z| feiten_of_zaak.get(&z)).cloned().unwrap_or_default();
            let after = zaak_feiten
                .iter()
                .filter_map(|&k| records[k].act.as_ref().and_then(last_day))
                .max();
            let Some(after) = after else { continue };
            let mut first: Option<(NaiveDate, usize)> = None;
            for s in who {
                for &j in acts_of.get(s).map(Vec::as_slice).unwrap_or_default() {
                    let o = &records[j];
                    let Some(start) = o.act.as_ref().and_then(first_day) else {
                        continue;
                    };
                    let of_zaak = zaak_feiten.iter().any(|&f| links.find(f) == links.find(j));
                    if o.layout == "politie"
                        && !of_zaak
                        && start >= after
                        && start <= day
                        && first.is_none_or(|(d, _)| start < d)
                    {
                        first = Some((start, j));
                    }
                }
            }
            if let Some((_, j)) = first {
                links.join(i, j, LinkRule::FollowUp, LinkBasis::FollowUp { of });
            }
            continue;
        }
        let mut best: Option<(NaiveDate, usize)> = None;
        for s in who {
            for &j in acts_of.get(s).map(Vec::as_slice).unwrap_or_default() {
                let o = &records[j];
                if j == i
                    || !matches!(
                        o.kind.canonical,
                        RecordKind::Complaint | RecordKind::Report | RecordKind::Registration
                    )
                    || o.layout != "politie"
                {
                    continue;
                }
                let Some(end) = o.act.as_ref().and_then(last_day) else {
                    continue;
                };
                let from = day - Duration::days(window);
                if end <= day && end >= from && best.is_none_or(|(d, _)| end > d) {
                    best = Some((end, j));
                }
            }
        }
        if let Some((_, j)) = best {
            links.join(i, j, LinkRule::FollowUp, LinkBasis::FollowUp { of });
        }
    }

    // A sepot whose withdrawal is not in the records is procedural, not an incident.
    let accounts: Vec<usize> = accounts
        .into_iter()
        .filter(|&i| !is_withdrawal_sepot(&records[i]) || links.links.iter().any(|l| l.0 == i || l.1 == i))
        .collect();
    // Incidents from the linked accounts.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &accounts {
        let root = links.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut link_list: BTreeMap<usize, Vec<Link>> = BTreeMap::new();
    let pending: Vec<(usize, usize, LinkRule, LinkBasis)> = links.links.clone();
    for (a, b, rule, basis) in pending {
        let root = links.find(a);
        link_list.entry(root).or_default().push(Link {
            a: records[a].reference.to_string(),
            b: records[b].reference.to_string(),
            rule,
            basis,
        });
    }
    let mut incidents = Vec::new();
    let mut incident_of = HashMap::default();
    for (root, mut members) in groups {
        members.sort_by(|&a, &b| crate::model::chronological(&records[a], &records[b]));
        let first = members
            .iter()
            .map(|&i| records[i].reference.as_str())
            .min()
            .unwrap_or_default();
        let digest = Sha256::digest(first.as_bytes());
        let id = format!(
            "incident:{}",
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect::<String>()
        );
        let when = best_time(members.iter().map(|&i| &records[i]));
        let mut who: BTreeSet<String> = BTreeSet::new();
        for &i in &members {
            who.extend(people[i].iter().map(|(p, _)| p.clone()));
            incident_of.insert(records[i].reference.to_string(), id.clone());
        }
        incidents.push(Incident {
            id,
            when,
            records: members.iter().map(|&i| records[i].reference.to_string()).collect(),
            links: link_list.remove(&root).unwrap_or_default(),
            persons: who.into_iter().collect(),
            disclosure: None,
        });
    }
    incidents.sort_by(incident_order);

    // Procedural records and the incidents they refer to (through their zaak).
    let mut procedural = Vec::new();
    for r in records.iter() {
        if incident_of.contains_key(r.reference.as_str()) {
            continue;
        }
        let mut refs: BTreeSet<String> = BTreeSet::new();
        let zaak = if r.kind.canonical == RecordKind::ProsecutionCase {
            Some(r.reference.to_string())
        } else {
            r.refers_to
                .iter()
                .find(|x| !x.as_str().contains('#') && x.as_str().starts_with("om:"))
                .map(|x| x.to_string())
        };
        if let Some(z) = zaak {
            for &f in feiten_of_zaak.get(&z).map(Vec::as_slice).unwrap_or_default() {
                if let Some(id) = incident_of.get(records[f].reference.as_str()) {
                    refs.insert(id.clone());
                }
            }
        }
        procedural.push((r.reference.to_string(), refs.into_iter().collect()));
    }

    let mut cases = cases(records, &people, &partners, &incident_of);
    join_cases(&mut cases, &incidents);
    IncidentResolution {
        incidents,
        procedural,
        incident_of,
        cases,
        references: Vec::new(),
    }
}

/// Time order of incidents (undated last), ties broken by id so the order is the same on
/// every run.
pub fn incident_order(a: &Incident, b: &Incident) -> std::cmp::Ordering {
    match (&a.when, &b.when) {
        (Some(x), Some(y)) => x.chronological(y).then(a.id.cmp(&b.id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    }
}

/// Whether two accounts describe the same occurrence, and why.
fn same_occurrence(a: &Record, wa: &When, b: &Record, wb: &When) -> Option<LinkBasis> {
    let (pa, pb) = (is_point_day(wa), is_point_day(wb));
    if pa && pb {
        let (da, db) = (first_day(wa)?, first_day(wb)?);
        let gap = (da - db).num_days().abs();
        // Two registrations in one organisation on one day are one act; across
        // organisations one day apart too (night-time acts dated to the evening before).
        let same_org = a.layout == b.layout;
        if gap == 0 || (gap == 1 && !same_org) {
            return Some(LinkBasis::SamePersonsActDates { a: da, b: db });
        }
        return None;
    }
    // A Veilig Thuis report by the police about a month that holds the police act.
    let vt_police = |r: &Record| {
        r.layout == "veilig-thuis" && r.attribute("melder").is_some_and(|m| m.eq_ignore_ascii_case("politie"))
    };
    for (r, w, o, ow) in [(a, wa, b, wb), (b, wb, a, wa)] {
        if vt_police(r) && !is_point_day(w) && w.until.is_none() && is_point_day(ow) && o.layout == "politie" {
            let day = first_day(ow)?;
            let inside = w.earliest().date() <= day && w.end_exclusive().is_none_or(|e| day < e.date());
            let received = r.registered.as_ref().and_then(first_day);
            if inside && received.is_some_and(|rd| rd >= day && rd <= day + Duration::days(14)) {
                return Some(LinkBasis::PoliceReportToVeiligThuis { period: w.label(), day });
            }
        }
    }
    // Periods: the same persons, start or end within a day.
    if !pa && !pb && wa.until.is_some() && wb.until.is_some() {
        let start = (first_day(wa)? - first_day(wb)?).num_days().abs() <= 1;
        let end = match (last_day(wa), last_day(wb)) {
            (Some(x), Some(y)) => (x - y).num_days().abs() <= 1,
            _ => false,
        };
        if (start || end) && a.layout != b.layout {
            return Some(LinkBasis::SamePeriods {
                a: wa.label(),
                b: wb.label(),
            });
        }
    }
    None
}

/// The best time of an incident: the most precise single-day account; else a period.
/// The incident's time from its accounts: the most precise act. A follow-up account (a
/// breach report, a huisverbod, a sepot) is dated by its own event, not the act, so it
/// counts only when no other account has a date.
fn best_time<'a>(accounts: impl Iterator<Item = &'a Record>) -> Option<When> {
    let accounts: Vec<&Record> = accounts.collect();
    let primary: Vec<&When> = accounts
        .iter()
        .filter(|r| {
            !matches!(
                r.kind.canonical,
                RecordKind::ProbationEvent | RecordKind::RestrainingOrder | RecordKind::Decision
            )
        })
        .filter_map(|r| r.act.as_ref())
        .collect();
    let acts: Vec<&When> = if primary.is_empty() {
        accounts.iter().filter_map(|r| r.act.as_ref()).collect()
    } else {
        primary
    };
    let rank = |w: &When| match (w.until.is_some() || w.open_ended, &w.from) {
        (false, TimePoint::Moment { .. }) => 0,
        (false, TimePoint::Day(_)) => 1,
        (true, _) => 2,
        (false, TimePoint::Month { .. }) => 3,
        (false, TimePoint::Year(_)) => 4,
    };
    acts.into_iter()
        .min_by(|a, b| rank(a).cmp(&rank(b)).then(a.chronological(b)))
        .cloned()
}

/// Adds to each case the incidents whose accounts name both its suspect and its victim,
/// whatever role each has there (an alarm report names the client, the police the
/// "benadeelde"). A case's records follow from its incidents afterwards
/// (`resolve::complete_case_records`).
pub(super) fn join_cases(cases: &mut [Case], incidents: &[Incident]) {
    let mut cases_of_suspect: HashMap<String, Vec<usize>> = HashMap::default();
    for (k, case) in cases.iter().enumerate() {
        cases_of_suspect.entry(case.suspect.clone()).or_default().push(k);
    }
    for inc in incidents {
        for p in &inc.persons {
            for &k in cases_of_suspect.get(p).map(Vec::as_slice).unwrap_or_default() {
                if inc.persons.contains(&cases[k].victim) {
                    cases[k].incidents.push(inc.id.clone());
                }
            }
        }
    }
    for case in cases.iter_mut() {
        case.incidents.sort();
        case.incidents.dedup();
    }
}

/// What a case collects while records are read: children, others, records, incidents.
#[derive(Default)]
struct CaseParts {
    children: BTreeSet<String>,
    others: BTreeSet<String>,
    records: BTreeSet<String>,
    incidents: BTreeSet<String>,
}

/// A relation field that names a (former) partner: "Partner", "Ex-partner", "echtgenote".
fn names_a_partner(relation: &str) -> bool {
    let relation = crate::classify::fold_text(relation);
    ["partner", "echtgeno", "vriendin", "vriend", "ex-"]
        .iter()
        .any(|w| relation.contains(w))
}

fn cases(
    records: &[Record],
    people: &[Vec<(String, Role)>],
    partners: &[BTreeSet<String>],
    incident_of: &HashMap<String, String>,
) -> Vec<Case> {
    let mut map: BTreeMap<(String, String), CaseParts> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        let s: Vec<&String> = people[i]
            .iter()
            .filter(|(_, role)| *role == Role::Suspect)
            .map(|(p, _)| p)
            .collect();
        let v: Vec<&String> = people[i]
            .iter()
            .filter(|(_, role)| *role == Role::Victim)
            .map(|(p, _)| p)
            .collect();
        for sp in &s {
            for vp in &v {
                if sp == vp {
                    continue;
                }
                let entry = map.entry(((*sp).clone(), (*vp).clone())).or_default();
                entry.records.insert(r.reference.to_string());
                if let Some(inc) = incident_of.get(r.reference.as_str()) {
                    entry.incidents.insert(inc.clone());
                }
                for (p, role) in &people[i] {
                    if p == *sp || p == *vp {
                        continue;
                    }
                    if *role == Role::Child {
                        entry.children.insert(p.clone());
                    } else {
                        entry.others.insert(p.clone());
                    }
                }
            }
        }
    }
    // A victim who reports herself is named as the reporter (melder): a record with the
    // suspect and no victim belongs to the case of a reporter who is this suspect's victim
    // elsewhere, or whose relation to him is named as a partner or ex-partner.
    for (i, r) in records.iter().enumerate() {
        let role_of = |wanted: Role| {
            people[i]
                .iter()
                .filter(move |(_, role)| *role == wanted)
                .map(|(p, _)| p)
        };
        if role_of(Role::Victim).next().is_some() {
            continue;
        }
        let partner_named = |p: &String| partners[i].contains(p);
        for sp in role_of(Role::Suspect) {
            for vp in role_of(Role::Reporter) {
                let key = (sp.clone(), vp.clone());
                if sp == vp || !(map.contains_key(&key) || partner_named(vp)) {
                    continue;
                }
                let entry = map.entry(key).or_default();
                entry.records.insert(r.reference.to_string());
                if let Some(inc) = incident_of.get(r.reference.as_str()) {
                    entry.incidents.insert(inc.clone());
                }
                for (p, role) in &people[i] {
                    if p == sp || p == vp {
                        continue;
                    }
                    if *role == Role::Child {
                        entry.children.insert(p.clone());
                    } else {
                        entry.others.insert(p.clone());
                    }
                }
            }
        }
    }
    // Pairs of adults named together without victim or suspect roles, when no record of
    // theirs says who harms whom.
    let directed: BTreeSet<(String, String)> = map
        .keys()
        .flat_map(|(s, v)| [(s.clone(), v.clone()), (v.clone(), s.clone())])
        .collect();
    let mut unclear: BTreeMap<(String, String), CaseParts> = BTreeMap::new();
    for (i, r) in records.iter().enumerate() {
        if people[i]
            .iter()
            .any(|(_, role)| matches!(role, Role::Suspect | Role::Victim))
        {
            continue;
        }
        let adults: BTreeSet<&String> = people[i]
            .iter()
            .filter(|(_, role)| *role == Role::Other)
            .map(|(p, _)| p)
            .collect();
        if adults.len() != 2 {
            continue;
        }
        let mut pair = adults.into_iter();
        let (Some(a), Some(b)) = (pair.next(), pair.next()) else {
            continue;
        };
        if directed.contains(&(a.clone(), b.clone())) {
            continue;
        }
        let entry = unclear.entry((a.clone(), b.clone())).or_default();
        entry.records.insert(r.reference.to_string());
        if let Some(inc) = incident_of.get(r.reference.as_str()) {
            entry.incidents.insert(inc.clone());
        }
        for (p, role) in &people[i] {
            if *role == Role::Child {
                entry.children.insert(p.clone());
            }
        }
    }
    let unclear_cases: Vec<Case> = unclear
        .into_iter()
        .map(|((a, b), parts)| Case {
            id: format!(
                "case:{}~{}",
                a.trim_start_matches("person:"),
                b.trim_start_matches("person:")
            ),
            suspect: a,
            victim: b,
            others: Vec::new(),
            children: parts.children.into_iter().collect(),
            incidents: parts.incidents.into_iter().collect(),
            records: parts.records.into_iter().collect(),
            roles_unclear: true,
        })
        .collect();
    map.into_iter()
        .map(|((s, v), parts)| Case {
            id: format!(
                "case:{}~{}",
                s.trim_start_matches("person:"),
                v.trim_start_matches("person:")
            ),
            suspect: s,
            victim: v,
            others: parts.others.difference(&parts.children).cloned().collect(),
            children: parts.children.into_iter().collect(),
            incidents: parts.incidents.into_iter().collect(),
            records: parts.records.into_iter().collect(),
            roles_unclear: false,
        })
        .chain(unclear_cases)
        .collect()
}

/// Why an incident was made from a sentence of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Disclosure {
    /// The record the sentence stands in.
    pub record: String,
    /// The sentences, in the record's own spelling and in text order.
    pub sentences: Vec<String>,
    /// The conduct they assert that no incident in that time had on record.
    pub categories: Vec<String>,
    /// How the time was derived.
    pub time_basis: TimeBasis,
}

/// How the time of a disclosed incident was derived from its sentence and record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeBasis {
    /// The dates the sentence names (labels at their precision).
    DatesInSentence {
        /// The dates.
        dates: Vec<String>,
    },
    /// Approximately: a look-back ("de afgelopen maanden") counted back from the record.
    Lookback {
        /// The words.
        words: String,
        /// The record's day it counts back from.
        anchor: NaiveDate,
    },
    /// Undated: between the previous report of the same dossier and this one.
    BetweenReports {
        /// The previous report's day.
        previous: NaiveDate,
        /// This report's day.
        report: NaiveDate,
    },
    /// Undated, in a first report: the rule set's days before it.
    BeforeFirstReport {
        /// The look-back in days.
        days: i64,
        /// This report's day.
        report: NaiveDate,
    },
}

/// A sentence that refers back to another incident by its date: it is a mention of that
/// incident, not evidence for its own record's incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reference {
    /// The record.
    pub record: String,
    /// The sentence, in the record's own spelling.
    pub sentence: String,
    /// The incidents it refers to.
    pub incidents: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, PersonMention};
    use crate::resolve::{persons::resolve_persons, Overrides};

    fn person(name: &str, birth: &str, role: Role) -> PersonMention {
        PersonMention {
            name: crate::ingest::names::parse_full(name),
            role,
            role_word: String::new(),
            birth: Some(TimePoint::Day(
                NaiveDate::parse_from_str(birth, "%Y-%m-%d").expect("day"),
            )),
            bsn: None,
            gender: None,
            relation: None,
            location: Location::Lines(vec![1]),
        }
    }

    fn account(reference: &str, kind: RecordKind, day: &str) -> Record {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("day");
        let mut r = Record::for_test(
            reference,
            kind,
            Some(When::point(TimePoint::Day(day))),
            vec![
                person("Anna Jansen", "1990-01-02", Role::Victim),
                person("Piet de Vries", "1988-03-04", Role::Suspect),
            ],
        );
        r.registered = Some(When::point(TimePoint::Day(day + Duration::days(5))));
        r
    }

    fn incidents_of(records: &[Record]) -> Vec<Vec<String>> {
        let persons = resolve_persons(records, &Overrides::default());
        let mut out: Vec<Vec<String>> = resolve_incidents(records, &persons)
            .incidents
            .into_iter()
            .map(|i| i.records)
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_victim_who_reports_herself_forms_the_case_with_the_suspect() {
        let mut report = account("veilig-thuis:V1", RecordKind::Report, "2024-04-01");
        report.persons[0].role = Role::Reporter;
        // Her own report, with the suspect and no one named as victim: it joins her case.
        let records = [account("politie:P1", RecordKind::Report, "2024-03-01"), report.clone()];
        let persons = resolve_persons(&records, &Overrides::default());
        let cases = resolve_incidents(&records, &persons).cases;
        assert_eq!(cases.len(), 1);
        assert!(
            cases[0].records.iter().any(|r| r == "veilig-thuis:V1"),
            "{:?}",
            cases[0].records
        );
        // Alone, it forms a case when her relation to him is named as a partner...
        report.persons[0].relation = Some("Ex-partner".into());
        let persons = resolve_persons(std::slice::from_ref(&report), &Overrides::default());
        assert_eq!(
            resolve_incidents(std::slice::from_ref(&report), &persons).cases.len(),
            1
        );
        // ... and not when nothing says she is more than the one who reported.
        report.persons[0].relation = None;
        let persons = resolve_persons(std::slice::from_ref(&report), &Overrides::default());
        assert!(resolve_incidents(std::slice::from_ref(&report), &persons)
            .cases
            .is_empty());
    }

    #[test]
    fn a_veilig_thuis_account_three_days_off_joins_the_one_police_act_but_never_bridges_two() {
        let one = [
            account("politie:P1", RecordKind::Report, "2024-03-01"),
            account("veilig-thuis:V1", RecordKind::Report, "2024-03-04"),
        ];
        assert_eq!(
            incidents_of(&one),
            vec![vec!["politie:P1".to_string(), "veilig-thuis:V1".to_string()]]
        );
        // Two police acts within the window: the account could be either, so it stays apart
        // and the two acts stay two.
        let two = [
            account("politie:P1", RecordKind::Report, "2024-03-01"),
            account("politie:P2", RecordKind::Report, "2024-03-06"),
            account("veilig-thuis:V1", RecordKind::Report, "2024-03-03"),
        ];
        assert_eq!(incidents_of(&two).len(), 3, "{:?}", incidents_of(&two));
    }

    #[test]
    fn an_undated_veilig_thuis_account_joins_the_one_act_in_the_two_weeks_before_it_was_received() {
        let mut undated = account("veilig-thuis:V1", RecordKind::Report, "2024-03-01");
        undated.act = None;
        undated.registered = Some(When::point(TimePoint::Day(
            NaiveDate::from_ymd_opt(2024, 3, 10).expect("day"),
        )));
        let one = [account("politie:P1", RecordKind::Report, "2024-03-02"), undated.clone()];
        assert_eq!(incidents_of(&one).len(), 1, "{:?}", incidents_of(&one));
        let two = [
            account("politie:P1", RecordKind::Report, "2024-03-02"),
            account("politie:P2", RecordKind::Report, "2024-03-08"),
            undated,
        ];
        assert_eq!(incidents_of(&two).len(), 3, "{:?}", incidents_of(&two));
    }
}
