//! The rule set in `templates/rules.toml`: the thresholds and word lists that decide when
//! a sentence discloses an incident of its own, and (for the detectors) what counts as a
//! pattern. Domain experts edit the file; its `version` is reported with every finding.

use crate::model::RecordKind;
use crate::templates::TemplateError;
use regex::Regex;
use serde::Deserialize;
use std::path::Path;

/// The whole rule set.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The version string of `rules.toml`.
    pub version: String,
    /// When a sentence is an account of an incident of its own.
    pub disclosure: DisclosureRules,
    /// Severity per category (1..5); a category not listed is a circumstance (0).
    pub severity: std::collections::BTreeMap<String, u8>,
    /// The thresholds of the pattern detectors.
    pub detect: DetectRules,
}

/// See the `[detect]` section of `templates/rules.toml`; each field is explained there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct DetectRules {
    pub recurrence_min_incidents: usize,
    pub not_recurring: Vec<String>,
    pub systematic_min_incidents: usize,
    pub systematic_min_span_days: i64,
    pub escalation_min_acts: usize,
    pub escalation_min_steps: usize,
    pub escalation_min_jump: u8,
    pub escalation_jump_to: u8,
    pub frequency_window_days: i64,
    pub frequency_min_incidents: usize,
    pub frequency_ratio: f64,
    pub separation_follow_days: i64,
    pub withdrawal_contact_days: i64,
    pub convergence_min_organisations: usize,
    pub convergence_max_each: usize,
    pub silence_factor: f64,
    pub silence_min_days: i64,
    pub follow_up_days: i64,
    pub red_flag_categories: Vec<String>,
    pub red_flag_patterns: Vec<String>,
    pub order_words: Vec<String>,
    pub order_excluded_words: Vec<String>,
    pub order_phrases: Vec<String>,
    pub order_imposed_phrases: Vec<String>,
}

impl RuleSet {
    /// The severity of a category (0 for a circumstance).
    pub fn severity_of(&self, category: &str) -> u8 {
        self.severity.get(category).copied().unwrap_or(0)
    }
}

/// See the `[disclosure]` section of `templates/rules.toml`.
#[derive(Debug, Clone)]
pub struct DisclosureRules {
    /// Categories that describe the suspect's conduct.
    pub conduct: Vec<String>,
    /// Kinds of report whose undated sentences are about the time since the previous report.
    pub report_kinds: Vec<RecordKind>,
    /// Kinds of record that never disclose a new incident (decisions refer back).
    pub never_from: Vec<RecordKind>,
    /// Words that make an undated sentence a retelling (the victim's or another
    /// organisation's account), not new conduct.
    pub restatement_cues: Vec<String>,
    /// Look-back of a first report, in days.
    pub first_report_lookback_days: i64,
    /// Dates this close to an incident are that incident.
    pub same_day_tolerance_days: i64,
    /// Nouns of an order or a court step whose date ("het contactverbod van 12-03") says
    /// when it was imposed, not when the conduct in the sentence happened.
    pub order_nouns: Vec<String>,
    /// Look-back expressions.
    pub lookback: Vec<Lookback>,
}

/// One look-back expression ("de afgelopen maanden") and how far back it reaches.
#[derive(Debug, Clone)]
pub struct Lookback {
    /// Matched in the folded sentence.
    pub pattern: Regex,
    /// How far back.
    pub span: Span,
}

/// A span of time, at the precision the words give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Days (the start is shown at month precision).
    Days(i64),
    /// Months (shown at month precision).
    Months(u32),
    /// Years (shown at year precision).
    Years(i32),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    version: String,
    disclosure: DisclosureFile,
    severity: std::collections::BTreeMap<String, u8>,
    detect: DetectRules,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosureFile {
    conduct: Vec<String>,
    report_kinds: Vec<RecordKind>,
    never_from: Vec<RecordKind>,
    restatement_cues: Vec<String>,
    first_report_lookback_days: i64,
    same_day_tolerance_days: i64,
    #[serde(default)]
    order_nouns: Vec<String>,
    lookback: Vec<LookbackFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LookbackFile {
    pattern: String,
    days: Option<i64>,
    months: Option<u32>,
    years: Option<i32>,
}

impl RuleSet {
    /// Parses the text of `rules.toml`.
    pub fn from_toml(text: &str) -> Result<RuleSet, String> {
        let file: RulesFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut lookback = Vec::new();
        for (i, l) in file.disclosure.lookback.into_iter().enumerate() {
            let pattern = Regex::new(&l.pattern).map_err(|e| format!("lookback {}: {e}", i + 1))?;
            let span = match (l.days, l.months, l.years) {
                (Some(d), None, None) => Span::Days(d),
                (None, Some(m), None) => Span::Months(m),
                (None, None, Some(y)) => Span::Years(y),
                _ => return Err(format!("lookback {}: give exactly one of days, months or years", i + 1)),
            };
            lookback.push(Lookback { pattern, span });
        }
        Ok(RuleSet {
            version: file.version,
            disclosure: DisclosureRules {
                conduct: file.disclosure.conduct,
                report_kinds: file.disclosure.report_kinds,
                never_from: file.disclosure.never_from,
                restatement_cues: file.disclosure.restatement_cues,
                first_report_lookback_days: file.disclosure.first_report_lookback_days,
                same_day_tolerance_days: file.disclosure.same_day_tolerance_days,
                order_nouns: file.disclosure.order_nouns,
                lookback,
            },
            severity: file.severity,
            detect: file.detect,
        })
    }

    /// The rule set compiled into the binary.
    pub fn built_in() -> Result<RuleSet, TemplateError> {
        RuleSet::from_toml(include_str!("../templates/rules.toml"))
            .map_err(|e| TemplateError::invalid("templates/rules.toml", e))
    }

    /// `DIR/rules.toml` when a templates folder is given, else the built-in copy.
    pub fn load(templates: Option<&Path>) -> Result<RuleSet, TemplateError> {
        match templates {
            None => RuleSet::built_in(),
            Some(dir) => RuleSet::from_toml(&crate::templates::read(dir, "rules.toml")?)
                .map_err(|e| TemplateError::invalid(dir.join("rules.toml").display().to_string(), e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_parse() {
        let rules = RuleSet::built_in().expect("templates/rules.toml parses");
        assert!(rules.disclosure.conduct.iter().any(|c| c == "sexual_violence"));
        assert!(!rules.disclosure.lookback.is_empty());
    }

    #[test]
    fn a_lookback_needs_exactly_one_span() {
        let text = include_str!("../templates/rules.toml").replace("days = 28", "days = 28\nmonths = 1");
        let err = RuleSet::from_toml(&text).expect_err("two spans");
        assert!(err.contains("exactly one"), "{err}");
    }
}
