//! Conduct disclosed inside another record: a sentence that tells of an incident other than
//! the one its record is an account of ("de afgelopen maanden heeft hij haar meermaals tot
//! seks gedwongen" in a report about one night), or new conduct in a report that is no
//! account at all (a jeugdbescherming report about supervised contact). Such a sentence
//! becomes an incident of its own, with the record as its account, the sentence as its
//! basis, and a time no more precise than the words give. The rules and word lists are in
//! the `[disclosure]` section of `templates/rules.toml`.

use super::incidents::{Disclosure, Incident, IncidentResolution, Reference, TimeBasis};
use super::persons::PersonResolution;
use crate::classify::Reading;
use crate::model::{Record, Role, TimePoint, When};
use crate::rules::{DisclosureRules, Span};
use chrono::{Datelike, Duration, Months, NaiveDate};
use regex::Regex;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Where a sentence places what it tells.
#[derive(Debug, Clone, PartialEq)]
enum Placement {
    /// Dates in the sentence.
    Dated(Vec<TimePoint>),
    /// A look-back expression: the words and the span.
    Lookback(String, Span),
    /// Nothing in the sentence.
    Undated,
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

struct DatePatterns {
    numeric: Regex,
    days_of_month: Regex,
    month: Regex,
    /// A month with its year needs no preposition ("wurging december 2023").
    month_year: Regex,
    year: Regex,
}

fn date_patterns() -> &'static DatePatterns {
    static PATTERNS: OnceLock<DatePatterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let months = MONTHS.join("|");
        let build = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("built-in date pattern {p}: {e}"));
        DatePatterns {
            numeric: build(r"\b(\d{1,2})-(\d{1,2})(?:-(\d{4}|\d{2}))?\b"),
            days_of_month: build(&format!(
                r"\b(\d{{1,2}}(?:(?:\s*,\s*|\s+en\s+|\s+op\s+|\s*(?:-|t/m|tot)\s*)\d{{1,2}})*)\s+({months})(?:\s+(\d{{4}}))?\b"
            )),
            month: build(&format!(r"\b(?:in|eind|begin|half|medio|sinds)\s+({months})(?:\s+(\d{{4}}))?\b")),
            month_year: build(&format!(r"\b({months})\s+((?:19|20)\d{{2}})\b")),
            year: build(r"\b(?:in|sinds|begin|eind)\s+((?:19|20)\d{2})\b"),
        }
    })
}

/// The year of a day or month named without one: the latest such date not after `anchor`.
fn infer_year(month: u32, day: u32, anchor: NaiveDate) -> i32 {
    let year = anchor.year();
    match NaiveDate::from_ymd_opt(year, month, day.max(1)) {
        Some(d) if d <= anchor => year,
        _ => year - 1,
    }
}

/// The dates a sentence names, at the precision it names them.
/// True when the text before a date ends with an order noun and "van", "d.d." or "op"
/// ("het contactverbod van"): the date is the order's, not the conduct's.
fn dates_an_order(before: &str, order_nouns: &[String]) -> bool {
    let words: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
                .to_lowercase()
        })
        .collect();
    match words.as_slice() {
        [link, noun] if matches!(link.as_str(), "van" | "d.d." | "dd" | "op") => {
            order_nouns.iter().any(|n| noun.ends_with(n.as_str()))
        }
        _ => false,
    }
}

#[cfg(test)]
fn dates_in(sentence: &str, anchor: NaiveDate) -> Vec<TimePoint> {
    dates_of_conduct(sentence, anchor, &[])
}

/// The dates a sentence places its conduct at; dates of an order named in it are left out.
fn dates_of_conduct(sentence: &str, anchor: NaiveDate, order_nouns: &[String]) -> Vec<TimePoint> {
    let p = date_patterns();
    let mut out = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for c in p.numeric.captures_iter(sentence) {
        let whole = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if dates_an_order(&sentence[..whole.0], order_nouns) {
            taken.push(whole);
            continue;
        }
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        if let (Some(d), Some(m)) = (n(1), n(2)) {
            // "13-01" without a year: the latest such day up to the anchor; "13-01-24": 2024.
            let y = match n(3) {
                Some(y) if y < 100 => 2000 + y as i32,
                Some(y) => y as i32,
                None => infer_year(m, d, anchor),
            };
            if let Some(day) = NaiveDate::from_ymd_opt(y, m, d) {
                out.push(TimePoint::Day(day));
                taken.push((c.get(0).map_or(0, |m| m.start()), c.get(0).map_or(0, |m| m.end())));
            }
        }
    }
    for c in p.days_of_month.captures_iter(sentence) {
        if let Some(m) = c.get(0) {
            if dates_an_order(&sentence[..m.start()], order_nouns) {
                taken.push((m.start(), m.end()));
                continue;
            }
        }
        let month = MONTHS
            .iter()
            .position(|m| Some(*m) == c.get(2).map(|x| x.as_str()))
            .map(|i| i as u32 + 1);
        let Some(month) = month else { continue };
        let year = c.get(3).and_then(|y| y.as_str().parse::<i32>().ok());
        let days: Vec<u32> = c[1]
            .split(|ch: char| !ch.is_ascii_digit())
            .filter_map(|d| d.parse::<u32>().ok())
            .collect();
        // One year for the whole list ("7 en 21 september"), taken from its first day.
        let first = days.iter().copied().min().unwrap_or(1);
        let y = year.unwrap_or_else(|| infer_year(month, first, anchor));
        for day in days {
            if let Some(date) = NaiveDate::from_ymd_opt(y, month, day) {
                out.push(TimePoint::Day(date));
            }
        }
        if let Some(m) = c.get(0) {
            taken.push((m.start(), m.end()));
        }
    }
    for c in p
        .month
        .captures_iter(sentence)
        .chain(p.month_year.captures_iter(sentence))
    {
        let Some(whole) = c.get(0) else { continue };
        if taken.iter().any(|&(s, e)| whole.start() < e && s < whole.end()) {
            continue;
        }
        let month = MONTHS.iter().position(|m| Some(*m) == c.get(1).map(|x| x.as_str()));
        let Some(month) = month.map(|i| i as u32 + 1) else {
            continue;
        };
        let year = c
            .get(2)
            .and_then(|y| y.as_str().parse::<i32>().ok())
            .unwrap_or_else(|| infer_year(month, 1, anchor));
        out.push(TimePoint::Month { year, month });
        taken.push((whole.start(), whole.end()));
    }
    for c in p.year.captures_iter(sentence) {
        if let Ok(y) = c[1].parse::<i32>() {
            out.push(TimePoint::Year(y));
        }
    }
    out
}

fn placement(sentence: &str, anchor: NaiveDate, rules: &DisclosureRules) -> Placement {
    let dates = dates_of_conduct(sentence, anchor, &rules.order_nouns);
    if !dates.is_empty() {
        return Placement::Dated(dates);
    }
    for l in &rules.lookback {
        if let Some(m) = l.pattern.find(sentence) {
            return Placement::Lookback(m.as_str().to_string(), l.span);
        }
    }
    Placement::Undated
}

fn point_days(p: &TimePoint) -> (NaiveDate, NaiveDate) {
    (p.earliest().date(), (p.end_exclusive() - Duration::seconds(1)).date())
}

fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate), tolerance: i64) -> bool {
    a.0 - Duration::days(tolerance) <= b.1 && b.0 <= a.1 + Duration::days(tolerance)
}

/// The start of a look-back, at the precision the words give.
fn lookback_start(anchor: NaiveDate, span: Span) -> TimePoint {
    match span {
        Span::Days(d) => {
            let start = anchor - Duration::days(d);
            TimePoint::Month {
                year: start.year(),
                month: start.month(),
            }
        }
        Span::Months(m) => {
            let start = anchor.checked_sub_months(Months::new(m)).unwrap_or(anchor);
            TimePoint::Month {
                year: start.year(),
                month: start.month(),
            }
        }
        Span::Years(y) => TimePoint::Year(anchor.year() - y),
    }
}

/// Adds the incidents disclosed inside records to `incidents`. `readings[i]` is what
/// `records[i]` says.
pub fn add_disclosed(
    records: &[Record],
    readings: &[Reading],
    persons: &PersonResolution,
    incidents: &mut IncidentResolution,
    rules: &DisclosureRules,
) {
    let by_ref: rustc_hash::FxHashMap<&str, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.reference.as_str(), i))
        .collect();
    // Incidents by person, with their days.
    let mut incidents_of_person: rustc_hash::FxHashMap<&str, Vec<usize>> = Default::default();
    for (k, inc) in incidents.incidents.iter().enumerate() {
        for p in &inc.persons {
            incidents_of_person.entry(p.as_str()).or_default().push(k);
        }
    }
    // The days each incident may cover. An open period ("sinds 2021, nog steeds") ends,
    // as far as the records know, at the latest registration of its accounts.
    let incident_days: Vec<Option<(NaiveDate, NaiveDate)>> = incidents
        .incidents
        .iter()
        .map(|inc| {
            let w = inc.when.as_ref()?;
            let registered = inc
                .records
                .iter()
                .filter_map(|r| by_ref.get(r.as_str()))
                .filter_map(|&j| records[j].registered.as_ref().or(records[j].act.as_ref()))
                .filter_map(|w| w.end_exclusive())
                .map(|e| (e - Duration::seconds(1)).date())
                .max()?;
            Some(w.days(registered))
        })
        .collect();
    // The days of the records of each dossier (layout and source id), for "the time since
    // the previous report".
    let mut dossier_days: rustc_hash::FxHashMap<(&str, &str), Vec<NaiveDate>> = Default::default();
    for r in records {
        if let Some(w) = r.act.as_ref().or(r.registered.as_ref()) {
            let day = w.days(w.earliest().date()).1;
            dossier_days
                .entry((r.layout.as_str(), r.source_id.as_str()))
                .or_default()
                .push(day);
        }
    }
    let index_of_incident: rustc_hash::FxHashMap<&str, usize> = incidents
        .incidents
        .iter()
        .enumerate()
        .map(|(k, x)| (x.id.as_str(), k))
        .collect();
    let mut new_incidents: Vec<Incident> = Vec::new();
    // Sentences that refer back to another, dated incident ("na de wurging van 13-01").
    let mut references: Vec<Reference> = Vec::new();
    // Procedural records that became accounts of a disclosed incident.
    let mut now_accounts: BTreeSet<String> = BTreeSet::new();
    for (i, record) in records.iter().enumerate() {
        let reading = &readings[i];
        if reading.hits.is_empty() || rules.never_from.contains(&record.kind.canonical) {
            continue;
        }
        let Some(anchor_when) = record.act.as_ref().or(record.registered.as_ref()) else {
            continue;
        };
        let anchor = anchor_when.days(anchor_when.earliest().date()).1;
        // A date without a year is read as the latest such date up to the registration
        // (a report of 22 January about "de nacht van 20 op 21 januari").
        let year_anchor = record
            .registered
            .as_ref()
            .map(|w| w.days(anchor).1)
            .map_or(anchor, |r| r.max(anchor));
        let reference = record.reference.as_str();
        let own = incidents.incident_of.get(reference).cloned();
        let own_days = own
            .as_ref()
            .and_then(|id| index_of_incident.get(id.as_str()).copied())
            .and_then(|k| incident_days[k]);
        // The adults this record names; their incidents are the ones a sentence can refer to.
        // An OM record without persons of its own names those of its zaak.
        let named = if record.persons.is_empty() {
            record
                .refers_to
                .iter()
                .filter_map(|r| by_ref.get(r.as_str()).copied())
                .find(|&z| !records[z].persons.is_empty())
                .unwrap_or(i)
        } else {
            i
        };
        let adults: BTreeSet<&str> = records[named]
            .persons
            .iter()
            .enumerate()
            .filter(|(_, p)| p.role != Role::Child)
            .filter_map(|(pos, _)| persons.person_of(named, pos).map(|p| p.id.as_str()))
            .collect();
        let related: BTreeSet<usize> = adults
            .iter()
            .flat_map(|p| incidents_of_person.get(p).into_iter().flatten().copied())
            .collect();
        // Whether an incident of these persons, in these days, has `category` on record from
        // an account other than this record.
        let covered = |category: &str, days: (NaiveDate, NaiveDate), tolerance: i64| {
            related.iter().any(|&k| {
                let inc = &incidents.incidents[k];
                let Some(span) = incident_days[k] else { return false };
                overlaps(span, days, tolerance)
                    && inc
                        .records
                        .iter()
                        .any(|r| r != reference && by_ref.get(r.as_str()).is_some_and(|&j| readings[j].has(category)))
            })
        };
        // Sentences (their parts between semicolons: "…op 10-02-2024; eerder op 13-01-2024
        // wurging" tells of two days) in text order with their conduct categories.
        let mut sentences: Vec<(&str, Vec<&str>)> = Vec::new();
        for h in &reading.hits {
            if !rules.conduct.iter().any(|c| c == &h.category) {
                continue;
            }
            match sentences.iter_mut().find(|(s, _)| *s == h.part) {
                Some((_, cats)) => {
                    if !cats.contains(&h.category.as_str()) {
                        cats.push(&h.category)
                    }
                }
                None => sentences.push((&h.part, vec![&h.category])),
            }
        }
        let mut found: Vec<(When, Disclosure)> = Vec::new();
        for (sentence, categories) in sentences {
            // Dates, look-backs and cues are read in the folded text; the sentence itself is
            // kept in the record's own spelling.
            let folded = crate::classify::fold_text(sentence);
            let (when, uncovered, basis) = match placement(&folded, year_anchor, rules) {
                Placement::Dated(points) => {
                    let days: Vec<(NaiveDate, NaiveDate)> = points.iter().map(point_days).collect();
                    let about_own =
                        own_days.is_some_and(|o| days.iter().any(|&d| overlaps(o, d, rules.same_day_tolerance_days)));
                    if about_own {
                        continue;
                    }
                    let referred: Vec<String> = related
                        .iter()
                        .filter(|&&k| {
                            incident_days[k].is_some_and(|span| {
                                days.iter().any(|&d| overlaps(span, d, rules.same_day_tolerance_days))
                            })
                        })
                        .map(|&k| incidents.incidents[k].id.clone())
                        .collect();
                    if !referred.is_empty() {
                        references.push(Reference {
                            record: reference.to_string(),
                            sentence: sentence.to_string(),
                            incidents: referred,
                        });
                        continue;
                    }
                    let mut sorted = points.clone();
                    sorted.sort_by_key(|p| p.earliest());
                    let first = sorted[0].clone();
                    let last = sorted[sorted.len() - 1].clone();
                    let labels: Vec<String> = sorted.iter().map(|p| p.label()).collect();
                    let when = When {
                        until: (last != first).then_some(last),
                        from: first,
                        open_ended: false,
                    };
                    let basis = TimeBasis::DatesInSentence { dates: labels };
                    (when, categories.clone(), basis)
                }
                Placement::Lookback(words, span) => {
                    let from = lookback_start(anchor, span);
                    let days = (from.earliest().date(), anchor);
                    // A look-back within the record's own incident is about that incident, and
                    // so is one in an account of a period: "al maanden" in a report about
                    // ongoing conduct retells that conduct. Only an account of one moment
                    // or day can disclose a period before it.
                    if own_days.is_some_and(|o| o.0 <= days.0 || o.0 != o.1) {
                        continue;
                    }
                    let uncovered: Vec<&str> = categories.iter().copied().filter(|c| !covered(c, days, 0)).collect();
                    let when = When {
                        from,
                        until: Some(TimePoint::Day(anchor)),
                        open_ended: false,
                    };
                    let basis = TimeBasis::Lookback {
                        words: words.to_string(),
                        anchor,
                    };
                    (when, uncovered, basis)
                }
                Placement::Undated => {
                    if own.is_some() || !rules.report_kinds.contains(&record.kind.canonical) {
                        continue;
                    }
                    // What the victim or another organisation tells the reporter retells
                    // what is known; only the reporter's own knowledge is new conduct.
                    if rules.restatement_cues.iter().any(|cue| folded.contains(cue.as_str())) {
                        continue;
                    }
                    // The time since the previous report of the same dossier.
                    let previous = dossier_days
                        .get(&(record.layout.as_str(), record.source_id.as_str()))
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|&d| d < anchor)
                        .max();
                    let (start, basis) = match previous {
                        Some(p) => (
                            p + Duration::days(1),
                            TimeBasis::BetweenReports {
                                previous: p,
                                report: anchor,
                            },
                        ),
                        None => (
                            anchor - Duration::days(rules.first_report_lookback_days),
                            TimeBasis::BeforeFirstReport {
                                days: rules.first_report_lookback_days,
                                report: anchor,
                            },
                        ),
                    };
                    let uncovered: Vec<&str> = categories
                        .iter()
                        .copied()
                        .filter(|c| !covered(c, (start, anchor), 0))
                        .collect();
                    let when = When {
                        from: TimePoint::Day(start),
                        until: Some(TimePoint::Day(anchor)),
                        open_ended: false,
                    };
                    (when, uncovered, basis)
                }
            };
            if uncovered.is_empty() {
                continue;
            }
            match found.iter_mut().find(|(w, _)| *w == when) {
                Some((_, d)) => {
                    d.sentences.push(sentence.to_string());
                    for c in uncovered {
                        if !d.categories.iter().any(|x| x == c) {
                            d.categories.push(c.to_string());
                        }
                    }
                }
                None => found.push((
                    when,
                    Disclosure {
                        record: reference.to_string(),
                        sentences: vec![sentence.to_string()],
                        categories: uncovered.iter().map(|c| c.to_string()).collect(),
                        time_basis: basis,
                    },
                )),
            }
        }
        for (when, disclosure) in found {
            let digest = Sha256::digest(format!("{reference}\n{}", disclosure.sentences[0]).as_bytes());
            let id = format!(
                "incident:{}",
                digest.iter().take(6).map(|b| format!("{b:02x}")).collect::<String>()
            );
            let who: BTreeSet<String> = (0..records[named].persons.len())
                .filter_map(|pos| persons.person_of(named, pos).map(|p| p.id.clone()))
                .collect();
            if own.is_none() && !incidents.incident_of.contains_key(reference) {
                incidents.incident_of.insert(reference.to_string(), id.clone());
                now_accounts.insert(reference.to_string());
            }
            new_incidents.push(Incident {
                id,
                when: Some(when),
                records: vec![reference.to_string()],
                links: Vec::new(),
                persons: who.into_iter().collect(),
                disclosure: Some(disclosure),
            });
        }
    }
    incidents.procedural.retain(|(r, _)| !now_accounts.contains(r));
    incidents.references = references;
    // A disclosed incident belongs to every case whose suspect and victim it names.
    super::incidents::join_cases(&mut incidents.cases, &new_incidents);
    incidents.incidents.extend(new_incidents);
    incidents.incidents.sort_by(super::incidents::incident_order);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn the_date_of_an_order_is_not_the_date_of_the_conduct() {
        let nouns: Vec<String> = ["verbod", "stopgesprek"].iter().map(|s| s.to_string()).collect();
        let anchor = day("2024-03-10");
        assert!(dates_of_conduct(
            "Ondanks het contactverbod van 01-03 stond hij opnieuw voor de deur",
            anchor,
            &nouns
        )
        .is_empty());
        assert!(dates_of_conduct("Ondanks het stopgesprek van 3 maart belde hij haar", anchor, &nouns).is_empty());
        // The date of an act is still its date.
        assert_eq!(
            dates_of_conduct("na de wurging van 01-03 durft zij niet meer", anchor, &nouns),
            vec![TimePoint::Day(day("2024-03-01"))]
        );
    }

    #[test]
    fn dates_without_a_year_take_the_latest_year_before_the_anchor() {
        let found = dates_in(
            "tijdens de begeleide omgang op 12 en 26 oktober vroeg vader",
            day("2024-12-10"),
        );
        assert_eq!(
            found,
            vec![TimePoint::Day(day("2024-10-12")), TimePoint::Day(day("2024-10-26"))]
        );
        let found = dates_in("in december sloeg hij haar", day("2024-03-01"));
        assert_eq!(found, vec![TimePoint::Month { year: 2023, month: 12 }]);
        assert_eq!(
            dates_in("de wurging op 13-01-2024", day("2024-06-12")),
            vec![TimePoint::Day(day("2024-01-13"))]
        );
        assert!(dates_in("hij sloeg haar twee keer", day("2024-06-12")).is_empty());
        assert_eq!(
            dates_in(
                "voorgeschiedenis: wurging december 2023, mishandeling maart 2023.",
                day("2024-01-21")
            ),
            vec![
                TimePoint::Month { year: 2023, month: 12 },
                TimePoint::Month { year: 2023, month: 3 }
            ]
        );
        assert_eq!(
            dates_in("in december 2023 sloeg hij haar", day("2024-01-21")),
            vec![TimePoint::Month { year: 2023, month: 12 }]
        );
    }

    #[test]
    fn a_lookback_is_shown_at_month_precision() {
        assert_eq!(
            lookback_start(day("2024-01-13"), Span::Months(3)),
            TimePoint::Month { year: 2023, month: 10 }
        );
        assert_eq!(lookback_start(day("2024-01-13"), Span::Years(2)), TimePoint::Year(2022));
    }
}
