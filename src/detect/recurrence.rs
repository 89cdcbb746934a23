//! Recurrence: a category in several distinct incidents of a case, and whether it meets
//! the indicative "stelselmatig" reading (enough incidents over a long enough span).

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind};
use std::collections::BTreeSet;

/// See the module documentation.
pub struct Recurrence;

impl Detector for Recurrence {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        let categories: BTreeSet<&str> = case
            .incidents
            .iter()
            .flat_map(|i| i.facts.categories.keys().map(String::as_str))
            .collect();
        for c in categories
            .into_iter()
            .filter(|c| !d.not_recurring.iter().any(|x| x == c))
        {
            let incidents = case.with(c);
            if incidents.len() < d.recurrence_min_incidents {
                continue;
            }
            let first = incidents.iter().filter_map(|i| i.first_day).min();
            let last = incidents.iter().filter_map(|i| i.last_day).max();
            let span_days = match (first, last) {
                (Some(a), Some(b)) => (b - a).num_days(),
                _ => 0,
            };
            let facts = Facts::Recurrence {
                incidents: incidents.len(),
                span_days,
                threshold: d.recurrence_min_incidents,
                systematic: incidents.len() >= d.systematic_min_incidents && span_days >= d.systematic_min_span_days,
                systematic_min_incidents: d.systematic_min_incidents,
                systematic_min_span_days: d.systematic_min_span_days,
            };
            found.patterns.push(finding(
                Kind::Recurrence,
                case.case,
                Some(c),
                &incidents,
                Some(c),
                facts,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn a_category_in_enough_incidents_recurs_and_a_long_span_reads_as_systematic() {
        let t = TestCase::new()
            .incident("2024-01-01", &["threat"])
            .incident("2024-01-05", &["threat", "physical_violence"])
            .incident("2024-03-01", &["threat"]);
        let found = t.run(&Recurrence);
        let threat = found
            .patterns
            .iter()
            .find(|p| p.category.as_deref() == Some("threat"))
            .expect("threat recurs");
        assert_eq!(threat.incidents.len(), 3);
        match &threat.facts {
            Facts::Recurrence {
                incidents,
                span_days,
                systematic,
                ..
            } => {
                assert_eq!((*incidents, *span_days), (3, 60));
                assert!(*systematic, "3 incidents over 60 days meet the default 3 / 14");
            }
            other => panic!("{other:?}"),
        }
        // Physical violence in one incident does not recur.
        assert!(!found
            .patterns
            .iter()
            .any(|p| p.category.as_deref() == Some("physical_violence")));
    }

    #[test]
    fn two_incidents_on_consecutive_days_recur_but_are_not_systematic() {
        let t = TestCase::new()
            .incident("2024-01-01", &["threat"])
            .incident("2024-01-02", &["threat"]);
        let found = t.run(&Recurrence);
        assert!(matches!(
            found.patterns[0].facts,
            Facts::Recurrence { systematic: false, .. }
        ));
    }
}
