//! The circumstances that are patterns in themselves: a breached ban, order or condition;
//! a complaint taken back (and whether contact with the suspect is on record around it:
//! pressure told in the withdrawal's own accounts, or an incident with him shortly
//! before); children present or witness.

use super::{finding, CaseFindings, CaseGraph, Contact, Context, Detector, Facts, Kind};

/// Categories that, told in a withdrawal's own accounts, are pressure from the suspect.
const PRESSURE: [&str; 5] = [
    "threat",
    "threat_to_kill",
    "intimidation",
    "use_of_children",
    "stalking",
];

/// See the module documentation.
pub struct Circumstances;

impl Detector for Circumstances {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        for (kind, category) in [
            (Kind::OrderBreach, "order_breach"),
            (Kind::ComplaintWithdrawn, "complaint_withdrawn"),
            (Kind::ChildrenPresent, "children_present"),
        ] {
            let incidents = case.with(category);
            if incidents.is_empty() {
                continue;
            }
            let facts = if kind == Kind::ComplaintWithdrawn {
                Facts::Withdrawal {
                    incidents: incidents.len(),
                    contact: incidents
                        .iter()
                        .filter_map(|w| contact_around(case, context, w))
                        .collect(),
                }
            } else {
                Facts::Count {
                    incidents: incidents.len(),
                }
            };
            found
                .patterns
                .push(finding(kind, case.case, None, &incidents, Some(category), facts));
        }
    }
}

/// The contact with the suspect on record around one withdrawal: pressure in its own
/// accounts, else the latest other incident within the rule set's days before it.
fn contact_around(case: &CaseGraph, context: &Context, withdrawal: &crate::graph::IncidentFacts) -> Option<Contact> {
    let named: Vec<String> = PRESSURE
        .iter()
        .filter(|c| withdrawal.has(c))
        .map(|c| c.to_string())
        .collect();
    if !named.is_empty() {
        return Some(Contact::Pressure { categories: named });
    }
    let day = withdrawal.first_day?;
    let earliest = day - chrono::Duration::days(context.rules.withdrawal_contact_days);
    case.facts()
        .into_iter()
        .filter(|i| i.id != withdrawal.id)
        .filter_map(|i| i.first_day)
        .filter(|&x| x <= day && x >= earliest)
        .max()
        .map(|day| Contact::IncidentBefore { day })
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn a_withdrawal_after_a_threat_says_so_and_one_without_contact_says_nothing() {
        let t = TestCase::new()
            .incident("2024-01-01", &["threat"])
            .incident("2024-01-20", &["complaint_withdrawn"])
            .incident("2024-09-01", &["complaint_withdrawn", "intimidation"])
            .incident("2024-12-01", &["order_breach", "children_present"]);
        let found = t.run(&Circumstances);
        let kinds: Vec<Kind> = found.patterns.iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [Kind::OrderBreach, Kind::ComplaintWithdrawn, Kind::ChildrenPresent]
        );
        let Facts::Withdrawal { incidents, contact } = &found.patterns[1].facts else {
            panic!("{:?}", found.patterns[1].facts)
        };
        assert_eq!(*incidents, 2);
        assert_eq!(
            contact,
            &[
                Contact::IncidentBefore {
                    day: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("day")
                },
                Contact::Pressure {
                    categories: vec!["intimidation".into()]
                },
            ]
        );
    }

    #[test]
    fn a_withdrawal_long_after_the_last_incident_has_no_contact_on_record() {
        let t = TestCase::new()
            .incident("2023-01-01", &["threat"])
            .incident("2024-01-20", &["complaint_withdrawn"]);
        let found = t.run(&Circumstances);
        assert!(matches!(&found.patterns[0].facts, Facts::Withdrawal { contact, .. } if contact.is_empty()));
    }
}
