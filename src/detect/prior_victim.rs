//! A suspect with an earlier victim: another case of the same suspect, with another woman,
//! that began before this case began. It may have ended before, or still run beside this
//! one (he kept threatening his ex while a new relationship began): her incidents before
//! this case's last day count.

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind};
use crate::graph::IncidentFacts;

/// See the module documentation.
pub struct PriorVictim;

impl Detector for PriorVictim {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let this = case.case;
        let start = case.incidents.iter().filter_map(|i| i.facts.first_day).min();
        let end = case.incidents.iter().filter_map(|i| i.facts.last_day).max();
        for other_graph in context.cases.iter().filter(|o| o.case.suspect == this.suspect) {
            let other = other_graph.case;
            // An earlier victim is someone outside this household: not a child or other
            // person named with this case (a child recorded once as "slachtoffer").
            if this.roles_unclear
                || other.roles_unclear
                || other.victim == this.victim
                || this.children.contains(&other.victim)
                || this.others.contains(&other.victim)
                // The same name as this victim: most likely her, not merged for want of a
                // birth date; never presented as another woman.
                || context.folded_names.get(other.victim.as_str()) == context.folded_names.get(this.victim.as_str())
            {
                continue;
            }
            let hers = other_graph.facts();
            let began = hers.iter().filter_map(|i| i.first_day).min();
            if began.zip(start).is_none_or(|(b, s)| b >= s) {
                continue;
            }
            let earlier: Vec<&IncidentFacts> = hers
                .into_iter()
                .filter(|i| i.first_day.zip(end).is_some_and(|(f, e)| f <= e))
                .collect();
            if !earlier.is_empty() {
                let facts = Facts::PriorVictim {
                    victim: other.victim.clone(),
                    incidents: earlier.len(),
                };
                found
                    .patterns
                    .push(finding(Kind::PriorVictim, this, None, &earlier, None, facts));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn an_earlier_case_of_the_same_suspect_with_another_woman_is_a_prior_victim() {
        let t = TestCase::new().incident("2024-01-01", &["threat"]).earlier_victim(
            "Kim de Graaf",
            "2019-06-08",
            &["physical_violence"],
        );
        let found = t.run(&PriorVictim);
        let p = found.patterns.first().expect("prior victim");
        assert!(matches!(&p.facts, Facts::PriorVictim { incidents: 1, .. }));
        assert_eq!(p.end.map(|d| d.label()).as_deref(), Some("2019-06-08"));
    }

    #[test]
    fn an_earlier_victim_whose_case_runs_on_beside_this_one_counts_and_a_later_one_does_not() {
        let overlapping = TestCase::new()
            .incident("2024-01-01", &["threat"])
            .incident("2024-03-01", &["threat"])
            .earlier_victim("Kim de Graaf", "2023-11-01", &["physical_violence"])
            .earlier_victim("Kim de Graaf", "2024-02-01", &["threat"]);
        let found = overlapping.run(&PriorVictim);
        let p = found.patterns.first().expect("prior victim");
        assert!(
            matches!(&p.facts, Facts::PriorVictim { incidents: 2, .. }),
            "{:?}",
            p.facts
        );
        let later = TestCase::new().incident("2024-01-01", &["threat"]).earlier_victim(
            "Kim de Graaf",
            "2024-02-01",
            &["threat"],
        );
        assert!(later.run(&PriorVictim).patterns.is_empty());
    }

    #[test]
    fn an_earlier_case_with_a_woman_of_the_same_name_is_not_another_victim() {
        let t = TestCase::new().incident("2024-01-01", &["threat"]).earlier_victim(
            super::super::test_graph::VICTIM_NAME,
            "2019-06-08",
            &["threat"],
        );
        assert!(t.run(&PriorVictim).patterns.is_empty());
    }
}
