//! Gaps a reviewer would ask about: a strangulation or threat to kill with no follow-up
//! on record, children present without a Veilig Thuis report, a breach with no recorded
//! response, and long silences between incidents. A gap says what the records do not
//! show, never that nothing happened.

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind};
use crate::graph::IncidentFacts;
use crate::model::{Bound, Record, RecordKind};
use chrono::NaiveDate;

/// A record of the case of one of `kinds`, dated from `day` to `days` after it, other than
/// the records in `except`.
fn case_record_within(
    case: &CaseGraph,
    context: &Context,
    kinds: &[RecordKind],
    day: NaiveDate,
    days: i64,
    except: &[String],
) -> bool {
    let limit = day + chrono::Duration::days(days);
    case.case
        .records
        .iter()
        .filter_map(|r| context.records.get(r.as_str()))
        .any(|r: &&Record| {
            !except.contains(&r.reference.to_string())
                && kinds.contains(&r.kind.canonical)
                && r.sort_time().is_some_and(|w| {
                    let x = w.earliest().date();
                    x >= day && x <= limit
                })
        })
}

/// A strangulation or threat to kill with no risk assessment, decision, order, probation
/// or child-protection step within the rule set's days, and no second organisation's
/// account of it.
pub struct NoFollowUp;

impl Detector for NoFollowUp {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let days = context.rules.follow_up_days;
        let follow_ups = [
            RecordKind::Decision,
            RecordKind::RestrainingOrder,
            RecordKind::ProbationEvent,
            RecordKind::ChildProtectionEvent,
        ];
        for c in ["strangulation", "threat_to_kill"] {
            for view in case.incidents.iter().filter(|i| i.facts.has(c)) {
                let incident = view.facts;
                let Some(day) = incident.first_day else { continue };
                // A decision on the incident itself (its *refers to* edges) is follow-up too.
                let followed = incident.organisations.len() > 1
                    || !view.referred_by.is_empty()
                    || case_record_within(case, context, &follow_ups, day, days, &incident.records);
                if !followed {
                    let facts = Facts::NoResponse { within_days: days };
                    found.gaps.push(finding(
                        Kind::NoFollowUp,
                        case.case,
                        Some(c),
                        &[incident],
                        Some(c),
                        facts,
                    ));
                }
            }
        }
    }
}

/// Children present, and no Veilig Thuis account of any incident of the case.
pub struct ChildrenWithoutVeiligThuis;

impl Detector for ChildrenWithoutVeiligThuis {
    fn run(&self, case: &CaseGraph, _context: &Context, found: &mut CaseFindings) {
        let children = case.with("children_present");
        let reported = case
            .incidents
            .iter()
            .any(|i| i.facts.organisations.contains("veilig-thuis"));
        if !children.is_empty() && !reported {
            found.gaps.push(finding(
                Kind::ChildrenWithoutVeiligThuis,
                case.case,
                None,
                &children,
                Some("children_present"),
                Facts::Plain {},
            ));
        }
    }
}

/// A breach with no decision or probation step after it within the rule set's days, and no
/// second organisation's account of it.
pub struct BreachWithoutResponse;

impl Detector for BreachWithoutResponse {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let days = context.rules.follow_up_days;
        let responses = [RecordKind::Decision, RecordKind::ProbationEvent];
        for view in case.incidents.iter().filter(|i| i.facts.has("order_breach")) {
            let incident = view.facts;
            let Some(day) = incident.first_day else { continue };
            // A decision among the breach's own accounts or on it (*refers to*) answers it too.
            let answered = incident.organisations.len() > 1
                || !view.referred_by.is_empty()
                || case_record_within(case, context, &responses, day, days, &[]);
            if !answered {
                let facts = Facts::NoResponse { within_days: days };
                found.gaps.push(finding(
                    Kind::BreachWithoutResponse,
                    case.case,
                    None,
                    &[incident],
                    Some("order_breach"),
                    facts,
                ));
            }
        }
    }
}

/// A stretch of time that no incident of the case covers, of at least the rule set's days
/// and its factor times the case's median interval between incidents. A period incident
/// (conduct reported "since 2021", "from September 2021 to February 2023") covers its
/// whole span: the records describe that time, so it is no silence.
pub struct LongSilence;

impl Detector for LongSilence {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        let mut spans: Vec<(NaiveDate, NaiveDate, &IncidentFacts)> = case
            .facts()
            .into_iter()
            .filter_map(|i| {
                let first = i.first_day?;
                Some((first, i.last_day.unwrap_or(first).max(first), i))
            })
            .collect();
        if spans.len() < 3 {
            return;
        }
        spans.sort_by_key(|&(first, last, _)| (first, last));
        let mut intervals: Vec<i64> = spans.windows(2).map(|w| (w[1].0 - w[0].0).num_days()).collect();
        intervals.sort_unstable();
        let median = intervals[intervals.len() / 2].max(1);
        // Walk the covered time: `reach` is the last day covered so far, by `reaching`.
        let (mut reach, mut reaching) = (spans[0].1, spans[0].2);
        for &(first, last, incident) in &spans[1..] {
            let days = (first - reach).num_days();
            if days >= d.silence_min_days && days as f64 >= d.silence_factor * median as f64 {
                let facts = Facts::Silence {
                    days,
                    median_days: median,
                };
                let mut gap = finding(Kind::LongSilence, case.case, None, &[reaching, incident], None, facts);
                // From the last covered day to the next incident, as precise as they are.
                gap.start = reaching.bounds.map(|b| b.1).or(Some(Bound::day(reach)));
                gap.end = incident.bounds.map(|b| b.0).or(Some(Bound::day(first)));
                found.gaps.push(gap);
            }
            if last > reach {
                (reach, reaching) = (last, incident);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn a_strangulation_told_by_one_organisation_with_nothing_after_it_is_a_gap() {
        let t = TestCase::new().incident("2024-01-01", &["strangulation"]);
        let found = t.run(&NoFollowUp);
        assert_eq!(found.gaps.len(), 1);
        assert_eq!(found.gaps[0].category.as_deref(), Some("strangulation"));
    }

    #[test]
    fn a_decision_within_the_window_is_follow_up() {
        let t = TestCase::new()
            .incident("2024-01-01", &["strangulation"])
            .decision("2024-01-10");
        assert!(t.run(&NoFollowUp).gaps.is_empty());
    }

    #[test]
    fn children_present_without_veilig_thuis_is_a_gap_and_with_it_is_not() {
        let without = TestCase::new().incident_at("politie", "2024-01-01", &["children_present"]);
        assert_eq!(without.run(&ChildrenWithoutVeiligThuis).gaps.len(), 1);
        let with = TestCase::new()
            .incident_at("politie", "2024-01-01", &["children_present"])
            .incident_at("veilig-thuis", "2024-02-01", &["threat"]);
        assert!(with.run(&ChildrenWithoutVeiligThuis).gaps.is_empty());
    }

    #[test]
    fn a_breach_with_no_decision_after_it_is_a_gap() {
        let t = TestCase::new().incident("2024-01-01", &["order_breach"]);
        assert_eq!(t.run(&BreachWithoutResponse).gaps.len(), 1);
        let answered = TestCase::new()
            .incident("2024-01-01", &["order_breach"])
            .decision("2024-01-15");
        assert!(answered.run(&BreachWithoutResponse).gaps.is_empty());
        // A decision on the breach itself answers it, however long after.
        let decided = TestCase::new()
            .incident("2024-01-01", &["order_breach"])
            .decision_on("2024-06-01", 0);
        assert!(decided.run(&BreachWithoutResponse).gaps.is_empty());
    }

    #[test]
    fn a_year_of_silence_among_monthly_incidents_is_a_gap() {
        let t = TestCase::new()
            .incident("2023-01-01", &["threat"])
            .incident("2023-02-01", &["threat"])
            .incident("2023-03-01", &["threat"])
            .incident("2024-03-01", &["threat"]);
        let found = t.run(&LongSilence);
        assert_eq!(found.gaps.len(), 1);
        assert!(matches!(found.gaps[0].facts, Facts::Silence { days: 366, .. }));
    }

    #[test]
    fn time_a_period_incident_covers_is_no_silence_and_a_silence_starts_where_coverage_ends() {
        // Control reported from September 2021 to February 2023 covers the year between
        // the incidents of 2021 and 2023: the records describe it.
        let covered = TestCase::new()
            .incident("2021-08-01", &["threat"])
            .incident("2021-09..2023-02", &["monitoring"])
            .incident("2023-03-01", &["threat"])
            .incident("2023-04-01", &["threat"])
            .incident("2023-05-01", &["threat"]);
        assert!(covered.run(&LongSilence).gaps.is_empty());
        // After the period ends, a year without any incident is a silence from the last
        // covered day.
        let after = TestCase::new()
            .incident("2021-08-01", &["threat"])
            .incident("2021-09..2022-02", &["monitoring"])
            .incident("2022-03-15", &["threat"])
            .incident("2022-04-15", &["threat"])
            .incident("2022-05-15", &["threat"])
            .incident("2022-06-15", &["threat"])
            .incident("2023-09-01", &["threat"]);
        let found = after.run(&LongSilence);
        assert_eq!(found.gaps.len(), 1, "{:?}", found.gaps);
        let gap = &found.gaps[0];
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(
            (gap.start.map(|b| b.day), gap.end.map(|b| b.day)),
            (day("2022-06-15"), day("2023-09-01"))
        );
    }
}
