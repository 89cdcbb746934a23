//! Escalation, two ways: in severity (each act more severe than every act before it is a
//! step up; enough steps, or one jump of several levels, is an escalation) and in
//! frequency (more incidents in a window than in the window before). Only acts dated to the day count: a month or a period
//! cannot be ordered against them.

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind, SeverityStep};
use crate::graph::IncidentFacts;
use chrono::NaiveDate;

/// Escalation in severity.
pub struct SeverityEscalation;

impl Detector for SeverityEscalation {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        let acts: Vec<&IncidentFacts> = case
            .facts()
            .into_iter()
            .filter(|i| i.dated_act && i.severity > 0)
            .collect();
        if acts.len() < 2 {
            return;
        }
        let mut highest = acts[0].severity;
        let mut steps: Vec<&IncidentFacts> = vec![acts[0]];
        for a in &acts[1..] {
            if a.severity > highest {
                highest = a.severity;
                steps.push(a);
            }
        }
        let climbs = steps.len() - 1;
        let by_steps = acts.len() >= d.escalation_min_acts && climbs >= d.escalation_min_steps;
        let jump = highest - steps[0].severity;
        let by_jump = d.escalation_min_jump > 0
            && climbs >= 1
            && jump >= d.escalation_min_jump
            && highest >= d.escalation_jump_to;
        if !by_steps && !by_jump {
            return;
        }
        let last = steps[steps.len() - 1];
        let upto = acts.iter().position(|a| a.id == last.id).unwrap_or(acts.len() - 1);
        let facts = Facts::Escalation {
            steps: steps
                .iter()
                .map(|i| SeverityStep {
                    severity: i.severity,
                    day: i.first_day,
                })
                .collect(),
        };
        found
            .patterns
            .push(finding(Kind::Escalation, case.case, None, &acts[..=upto], None, facts));
    }
}

/// Escalation in frequency: the first window (ending on an incident) with at least the
/// minimum number of incidents and the rule set's ratio more than the window before.
pub struct FrequencyEscalation;

impl Detector for FrequencyEscalation {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        let days: Vec<(NaiveDate, &IncidentFacts)> = case
            .facts()
            .into_iter()
            .filter_map(|i| i.first_day.filter(|_| i.dated_act).map(|day| (day, i)))
            .collect();
        let window = chrono::Duration::days(d.frequency_window_days);
        for &(end, _) in &days {
            let now: Vec<&IncidentFacts> = days
                .iter()
                .filter(|(x, _)| *x > end - window && *x <= end)
                .map(|p| p.1)
                .collect();
            let before = days
                .iter()
                .filter(|(x, _)| *x > end - window - window && *x <= end - window)
                .count();
            if now.len() >= d.frequency_min_incidents
                && now.len() as f64 >= d.frequency_ratio * before as f64
                && before > 0
            {
                let facts = Facts::Frequency {
                    incidents: now.len(),
                    window_days: d.frequency_window_days,
                    until: end,
                    before,
                };
                found
                    .patterns
                    .push(finding(Kind::EscalationFrequency, case.case, None, &now, None, facts));
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn three_acts_each_more_severe_are_an_escalation_of_two_steps() {
        // Severity in the default rules: intimidation 2, threat 3, strangulation 5.
        let t = TestCase::new()
            .incident("2024-01-01", &["intimidation"])
            .incident("2024-02-01", &["threat"])
            .incident("2024-03-01", &["strangulation"]);
        let found = t.run(&SeverityEscalation);
        let p = found.patterns.first().expect("escalation");
        assert_eq!(p.kind, Kind::Escalation);
        let Facts::Escalation { steps } = &p.facts else {
            panic!("{:?}", p.facts)
        };
        assert_eq!(steps.len(), 3);
        assert!(steps.windows(2).all(|w| w[0].severity < w[1].severity));
    }

    #[test]
    fn threats_then_a_stabbing_is_an_escalation_by_one_jump_and_a_small_rise_is_not() {
        // Severity in the default rules: threat 3, weapon 5, intimidation 2, physical 3.
        let jump = TestCase::new()
            .incident("2024-01-01", &["threat"])
            .incident("2024-01-20", &["threat"])
            .incident("2024-02-01", &["physical_violence", "weapon"]);
        let p = jump.run(&SeverityEscalation).patterns.pop().expect("escalation");
        let Facts::Escalation { steps } = &p.facts else {
            panic!("{:?}", p.facts)
        };
        assert_eq!(steps.iter().map(|s| s.severity).collect::<Vec<_>>(), vec![3, 5]);
        let small = TestCase::new()
            .incident("2024-01-01", &["intimidation"])
            .incident("2024-02-01", &["physical_violence"]);
        assert!(small.run(&SeverityEscalation).patterns.is_empty());
        // Name-calling, then a push: two levels, but to ordinary violence.
        let ordinary = TestCase::new()
            .incident("2024-01-01", &["verbal_abuse"])
            .incident("2024-02-01", &["physical_violence"]);
        assert!(ordinary.run(&SeverityEscalation).patterns.is_empty());
    }

    #[test]
    fn acts_of_equal_severity_or_undated_are_no_escalation() {
        let t = TestCase::new()
            .incident("2024-01-01", &["physical_violence"])
            .incident("2024-02-01", &["physical_violence"])
            .incident("2024-03", &["strangulation"]);
        assert!(t.run(&SeverityEscalation).patterns.is_empty());
    }

    #[test]
    fn more_incidents_in_a_window_than_in_the_one_before_is_escalating_frequency() {
        let t = TestCase::new()
            .incident("2024-01-10", &["threat"])
            .incident("2024-04-20", &["threat"])
            .incident("2024-05-01", &["threat"])
            .incident("2024-05-10", &["threat"]);
        let found = t.run(&FrequencyEscalation);
        let p = found.patterns.first().expect("frequency");
        assert!(
            matches!(
                p.facts,
                Facts::Frequency {
                    incidents: 3,
                    before: 1,
                    ..
                }
            ),
            "{:?}",
            p.facts
        );
    }
}
