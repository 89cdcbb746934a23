//! Indicative placement on the eight-stage intimate-partner homicide timeline (Monckton
//! Smith 2019), from what the detectors before it found: an aid to reading the case,
//! never a prediction. Stage 2 (early commitment) and 6 (change in thinking) are rarely
//! visible in records; stage 8 is never "detected".

use super::{CaseFindings, CaseGraph, Context, Detector, Finding, Kind, TimelineStage};
use std::collections::BTreeSet;

/// Categories of coercive control whose recurrence places a case in stage 3.
const CONTROL: [&str; 8] = [
    "isolation",
    "monitoring",
    "micro_regulation",
    "economic_control",
    "degradation",
    "intimidation",
    "jealousy",
    "restriction_of_liberty",
];

/// The stages the records can show, with the kinds of finding (and recurring categories)
/// that show each.
const STAGES: [(u8, &[Kind], &[&str]); 5] = [
    (1, &[Kind::PriorVictim], &[]),
    (3, &[], &CONTROL),
    (4, &[Kind::Separation], &[]),
    (
        5,
        &[
            Kind::Escalation,
            Kind::EscalationFrequency,
            Kind::PostSeparationStalking,
        ],
        &[],
    ),
    (7, &[Kind::PostSeparationMonitoring], &[]),
];

/// Red-flag categories that place a case in a stage: a threat of suicide or to kill in
/// stage 5, a weapon in stage 7.
const STAGE_CATEGORIES: [(u8, &str); 3] = [(5, "suicide_threat"), (5, "threat_to_kill"), (7, "weapon")];

/// See the module documentation.
pub struct HomicideTimeline;

impl Detector for HomicideTimeline {
    fn run(&self, case: &CaseGraph, _context: &Context, found: &mut CaseFindings) {
        let findings: Vec<&Finding> = found.patterns.iter().chain(&found.red_flags).collect();
        let mut stages = Vec::new();
        for (stage, kinds, recurring_categories) in STAGES {
            let flag_categories: Vec<&str> = STAGE_CATEGORIES
                .iter()
                .filter(|(s, _)| *s == stage)
                .map(|(_, c)| *c)
                .collect();
            let hits: Vec<&&Finding> = findings
                .iter()
                .filter(|f| {
                    let category = f.category.as_deref();
                    kinds.contains(&f.kind)
                        || (f.kind == Kind::Recurrence && category.is_some_and(|c| recurring_categories.contains(&c)))
                        || (f.kind == Kind::Category && category.is_some_and(|c| flag_categories.contains(&c)))
                })
                .collect();
            if hits.is_empty() {
                continue;
            }
            let mut incidents: BTreeSet<String> = BTreeSet::new();
            let mut records: BTreeSet<String> = BTreeSet::new();
            let mut shown_by: BTreeSet<Kind> = BTreeSet::new();
            let mut recurring: BTreeSet<String> = BTreeSet::new();
            let mut flagged: BTreeSet<String> = BTreeSet::new();
            for f in hits {
                incidents.extend(f.incidents.iter().cloned());
                records.extend(f.records.iter().cloned());
                match (&f.kind, &f.category) {
                    (Kind::Recurrence, Some(c)) => {
                        recurring.insert(c.clone());
                    }
                    (Kind::Category, Some(c)) => {
                        flagged.insert(c.clone());
                    }
                    _ => {
                        shown_by.insert(f.kind);
                    }
                }
            }
            stages.push(TimelineStage {
                case: case.case.id.clone(),
                stage,
                shown_by: shown_by.into_iter().collect(),
                flagged: flagged.into_iter().collect(),
                recurring: recurring.into_iter().collect(),
                incidents: incidents.into_iter().collect(),
                records: records.into_iter().collect(),
            });
        }
        found.stages.extend(stages);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn a_separation_and_a_threat_to_kill_after_it_place_the_case_in_stages_4_and_5() {
        let t = TestCase::new()
            .incident("2024-01-01", &["ctx_separation"])
            .incident("2024-02-01", &["threat_to_kill"]);
        let found = t.run_all(&[
            &super::super::separation::Separation,
            &super::super::red_flags::RedFlags,
            &HomicideTimeline,
        ]);
        let stages: Vec<u8> = found.stages.iter().map(|s| s.stage).collect();
        assert_eq!(stages, [4, 5]);
        assert_eq!(found.stages[0].shown_by, [Kind::Separation]);
        assert_eq!(found.stages[1].flagged, ["threat_to_kill"]);
    }

    #[test]
    fn without_findings_no_stage_is_shown() {
        let t = TestCase::new().incident("2024-01-01", &["verbal_abuse"]);
        assert!(t.run(&HomicideTimeline).stages.is_empty());
    }
}
