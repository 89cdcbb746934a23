//! Separation and what followed: the first incident with a separation (announced or
//! actual), the incidents in the rule set's window after it, and stalking or tracking her
//! whereabouts after it (Monckton Smith stage 7, reconnaissance; both red flags).

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind};
use crate::graph::IncidentFacts;

/// See the module documentation.
pub struct Separation;

impl Detector for Separation {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        let separations = case.with("ctx_separation");
        let Some(first) = separations.first() else { return };
        let Some(day) = first.first_day else { return };
        let limit = day + chrono::Duration::days(d.separation_follow_days);
        let after: Vec<&IncidentFacts> = case
            .facts()
            .into_iter()
            .filter(|i| i.first_day.is_some_and(|x| x > day && x <= limit))
            .collect();
        let facts = Facts::Separation {
            day,
            incidents_after: after.len(),
            within_days: d.separation_follow_days,
        };
        let mut f = finding(
            Kind::Separation,
            case.case,
            None,
            &[first],
            Some("ctx_separation"),
            facts,
        );
        f.end = after.iter().filter_map(|i| i.bounds.map(|b| b.1)).max().or(f.end);
        found.patterns.push(f);
        let since = |category: &str| -> Vec<&IncidentFacts> {
            case.with(category)
                .into_iter()
                .filter(|i| i.first_day.is_some_and(|x| x > day))
                .collect()
        };
        let after_separation = |incidents: &[&IncidentFacts]| Facts::AfterSeparation {
            incidents: incidents.len(),
            separation: day,
        };
        let watching = since("monitoring");
        if !watching.is_empty() {
            found.red_flags.push(finding(
                Kind::PostSeparationMonitoring,
                case.case,
                Some("monitoring"),
                &watching,
                Some("monitoring"),
                after_separation(&watching),
            ));
        }
        let stalking = since("stalking");
        if !stalking.is_empty() {
            let facts = after_separation(&stalking);
            found.patterns.push(finding(
                Kind::PostSeparationStalking,
                case.case,
                None,
                &stalking,
                Some("stalking"),
                facts.clone(),
            ));
            found.red_flags.push(finding(
                Kind::PostSeparationStalking,
                case.case,
                Some("stalking"),
                &stalking,
                Some("stalking"),
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
    fn stalking_and_tracking_after_a_separation_are_found_and_flagged() {
        let t = TestCase::new()
            .incident("2024-01-01", &["stalking"])
            .incident("2024-02-01", &["ctx_separation"])
            .incident("2024-03-01", &["stalking", "monitoring"])
            .incident("2024-04-01", &["stalking"]);
        let found = t.run(&Separation);
        let kinds: Vec<Kind> = found.patterns.iter().map(|p| p.kind).collect();
        assert_eq!(kinds, [Kind::Separation, Kind::PostSeparationStalking]);
        assert!(matches!(
            found.patterns[0].facts,
            Facts::Separation { incidents_after: 2, .. }
        ));
        // Stalking before the separation does not count after it.
        assert_eq!(found.patterns[1].incidents.len(), 2);
        let flags: Vec<Kind> = found.red_flags.iter().map(|p| p.kind).collect();
        assert_eq!(flags, [Kind::PostSeparationMonitoring, Kind::PostSeparationStalking]);
    }

    #[test]
    fn without_a_separation_nothing_is_found() {
        let t = TestCase::new().incident("2024-03-01", &["stalking"]);
        let found = t.run(&Separation);
        assert!(found.patterns.is_empty() && found.red_flags.is_empty());
    }
}
