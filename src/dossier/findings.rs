//! The parts of the findings JSON (`dossier --json`, schema in the README) the dossier
//! is written from. Reading the same JSON the user can inspect means the PDF cannot say
//! anything the findings do not.

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Findings {
    pub version: String,
    pub sources: Vec<Source>,
    pub rejects: Vec<Value>,
    pub persons: Vec<Person>,
    pub unresolved: Vec<Unresolved>,
    pub incidents: Vec<Incident>,
    pub procedural_records: Vec<Procedural>,
    pub cases: Vec<Case>,
    pub categories: std::collections::BTreeMap<String, CategoryEvidence>,
    pub patterns: Vec<Finding>,
    pub red_flags: Vec<RedFlag>,
    pub gaps: Vec<Finding>,
    pub homicide_timeline: HomicideTimeline,
    pub contradictions: Vec<Contradiction>,
    pub breaches: Vec<Breach>,
    pub account_nature: std::collections::BTreeMap<String, String>,
    pub rule_set: RuleSet,
    pub codings: Vec<crate::coding::Coding>,
    pub unclassified: Vec<crate::classify::RecordPassage>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Source {
    pub layout: String,
    pub file: String,
    pub sha256: String,
    pub read: usize,
    pub accepted: usize,
    pub rejected: usize,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub name_variants: Vec<String>,
    pub birth_dates: Vec<String>,
    pub roles: Vec<String>,
    pub records: Vec<String>,
    pub override_applied: bool,
    pub merges: Vec<PersonMerge>,
}

/// Why two mentions of a person were joined.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct PersonMerge {
    pub a: String,
    pub b: String,
    pub rule: String,
    pub agreed: Vec<String>,
    pub differed: Vec<String>,
    pub judgement: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Unresolved {
    pub record: String,
    pub text: String,
    pub role: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct When {
    pub label: String,
    pub precision: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Incident {
    pub id: String,
    pub when: Option<When>,
    pub records: Vec<String>,
    pub persons: Vec<String>,
    pub categories: Vec<String>,
    pub severity: u8,
    pub organisations: Vec<String>,
    pub days: Days,
}

/// The days an incident may cover, as the graph stage derived them from its time at the
/// precision given (an open period runs to the latest registration of its accounts).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Days {
    pub first: Option<chrono::NaiveDate>,
    pub last: Option<chrono::NaiveDate>,
}

impl Days {
    /// (first, last), when the incident is dated at all.
    pub fn span(&self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        Some((self.first?, self.last?))
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Procedural {
    pub record: String,
    pub refers_to: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Case {
    pub id: String,
    pub suspect: String,
    pub victim: String,
    pub children: Vec<String>,
    pub others: Vec<String>,
    pub incidents: Vec<String>,
    pub records: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct CategoryEvidence {
    pub records: Vec<Evidence>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Evidence {
    pub record: String,
    pub trigger: Trigger,
}

/// The words or field that triggered a category.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Trigger {
    pub by: String,
    pub field: Option<String>,
    pub value: Option<String>,
    pub words: Option<String>,
    pub sentence: Option<String>,
    /// An investigator's coding: who, when, why.
    pub investigator: Option<String>,
    pub date: Option<String>,
    pub reason: Option<String>,
}

/// A pattern or a gap.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Finding {
    pub kind: String,
    pub case: String,
    pub category: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub incidents: Vec<String>,
    pub records: Vec<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct RedFlag {
    pub id: String,
    pub case: String,
    pub date: Option<String>,
    pub end: Option<String>,
    pub records: Vec<String>,
    pub explanation: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct HomicideTimeline {
    pub model: String,
    pub note: String,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Stage {
    pub case: String,
    pub stage: u8,
    pub name: String,
    pub basis: String,
    pub records: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Contradiction {
    pub incident: String,
    pub category: String,
    pub asserted_by: Vec<String>,
    pub disputed_by: Vec<Disputed>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Disputed {
    pub record: String,
    pub voice: String,
    pub sentence: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct Breach {
    pub case: String,
    pub incident: String,
    pub order: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct RuleSet {
    pub rules: String,
    pub lexicon: String,
}
