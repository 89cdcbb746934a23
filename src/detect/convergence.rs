//! Multi-agency convergence: several organisations saw the case, none of them much of it —
//! the situation in which no one sees the pattern alone.

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind};
use std::collections::BTreeMap;

/// See the module documentation.
pub struct Convergence;

impl Detector for Convergence {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        let mut per_organisation: BTreeMap<String, usize> = BTreeMap::new();
        for i in &case.incidents {
            for o in &i.facts.organisations {
                *per_organisation.entry(o.clone()).or_default() += 1;
            }
        }
        if per_organisation.len() >= d.convergence_min_organisations
            && per_organisation.values().all(|&n| n <= d.convergence_max_each)
        {
            let facts = Facts::Convergence {
                organisations: per_organisation,
                max_each: d.convergence_max_each,
            };
            found.patterns.push(finding(
                Kind::MultiAgencyConvergence,
                case.case,
                None,
                &case.facts(),
                None,
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
    fn three_organisations_with_one_incident_each_converge() {
        let t = TestCase::new()
            .incident_at("politie", "2024-01-01", &["threat"])
            .incident_at("veilig-thuis", "2024-02-01", &["threat"])
            .incident_at("om", "2024-03-01", &["threat"]);
        let found = t.run(&Convergence);
        assert!(
            matches!(&found.patterns[0].facts, Facts::Convergence { organisations, .. } if organisations.len() == 3)
        );
    }

    #[test]
    fn one_organisation_that_saw_much_is_no_convergence() {
        let t = TestCase::new()
            .incident_at("politie", "2024-01-01", &["threat"])
            .incident_at("politie", "2024-01-02", &["threat"])
            .incident_at("politie", "2024-01-03", &["threat"])
            .incident_at("veilig-thuis", "2024-02-01", &["threat"])
            .incident_at("om", "2024-03-01", &["threat"]);
        assert!(t.run(&Convergence).patterns.is_empty());
    }
}
