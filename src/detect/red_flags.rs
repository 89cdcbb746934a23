//! Femicide red flags: the categories `rules.toml` names (strangulation, a threat to kill,
//! a weapon, …), an escalation in severity, and the patterns `rules.toml` names
//! (separation, breaches, a withdrawn complaint, …). Post-separation stalking and
//! tracking are flagged where they are found ([`super::separation`]).

use super::{finding, CaseFindings, CaseGraph, Context, Detector, Facts, Kind};

/// See the module documentation.
pub struct RedFlags;

impl Detector for RedFlags {
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings) {
        let d = context.rules;
        for c in &d.red_flag_categories {
            let incidents = case.with(c);
            if !incidents.is_empty() {
                let facts = Facts::Count {
                    incidents: incidents.len(),
                };
                found
                    .red_flags
                    .push(finding(Kind::Category, case.case, Some(c), &incidents, Some(c), facts));
            }
        }
        let escalation = found.patterns.iter().filter(|p| p.kind == Kind::Escalation);
        let patterns = found
            .patterns
            .iter()
            .filter(|p| context.flagged_patterns.contains(&p.kind));
        let flags: Vec<_> = escalation.chain(patterns).cloned().collect();
        found.red_flags.extend(flags);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graph::TestCase;
    use super::*;

    #[test]
    fn a_strangulation_is_a_red_flag_and_so_are_the_patterns_the_rules_name() {
        let t = TestCase::new()
            .incident("2024-01-01", &["strangulation"])
            .incident("2024-02-01", &["order_breach"]);
        let found = t.run_all(&[&super::super::circumstances::Circumstances, &RedFlags]);
        let flags: Vec<String> = found.red_flags.iter().map(|f| f.flag_id()).collect();
        assert_eq!(flags, ["strangulation", "order_breach"]);
    }

    #[test]
    fn a_category_the_rules_do_not_name_is_no_red_flag() {
        let t = TestCase::new().incident("2024-01-01", &["verbal_abuse"]);
        assert!(t.run(&RedFlags).red_flags.is_empty());
    }
}
