//! The findings: one typed tree of everything the pipeline found about the input, produced
//! by [`crate::pipeline::findings`], written as it is by `dossier --json` and read as it is
//! by the dossier. There is no second copy of these types: the JSON a user inspects and
//! the tree the dossier is written from are the same value, so the dossier cannot say
//! anything the findings do not, and a renamed field is a compile error, not an empty
//! section.
//!
//! The tree holds facts, never sentences: kinds, verdicts, roles and natures are enums,
//! dates are dates, and a pattern carries its counts and thresholds as fields. The
//! reader's sentences are written from those fields by the wording in
//! `templates/dossier/<lang>.toml`.

use crate::classify::{RecordPassage, Trigger};
use crate::coding::Coding;
pub use crate::detect::{Finding, TimelineStage};
use crate::graph::{Breach, CaseTimeline, Contradiction, Nature};
use crate::ingest::{Reject, SourceReport};
use crate::resolve::incidents::{Case, Incident};
use crate::resolve::persons::{Merge, NearMiss, Person, Unresolved};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Everything found, for all cases of the input. Written by `dossier --json` and read back
/// exactly (a test writes, reads and writes again, and writes the same dossier from both).
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Findings {
    /// The version of patroon that found it.
    pub version: String,
    /// Every file read, with its counts.
    pub sources: Vec<SourceReport>,
    /// Every record, row or file refused, with file, line and reason.
    pub rejects: Vec<Reject>,
    /// Resolved persons, each with why its mentions were joined.
    pub persons: Vec<PersonFinding>,
    /// Mentions by role only ("vriend van moeder"), kept and never merged.
    pub unresolved: Vec<Unresolved>,
    /// Mentions that looked alike but were kept apart, with why.
    pub near_misses: Vec<NearMiss>,
    /// Incidents with what their accounts evidence.
    pub incidents: Vec<IncidentFinding>,
    /// Records about the procedure (an OM decision) with the incidents they refer to.
    pub procedural_records: Vec<Procedural>,
    /// Victim–suspect pairs and the households around them.
    pub cases: Vec<Case>,
    /// Per category, the records that evidence it with the words or field.
    pub categories: BTreeMap<String, CategoryEvidence>,
    /// Patterns per case.
    pub patterns: Vec<Finding>,
    /// Femicide red flags per case.
    pub red_flags: Vec<Finding>,
    /// Gaps a reviewer would ask about.
    pub gaps: Vec<Finding>,
    /// Indicative placement on the homicide timeline.
    pub homicide_timeline: HomicideTimeline,
    /// Accounts of one incident that contradict each other.
    pub contradictions: Vec<Contradiction>,
    /// Breaches with the order each breaches.
    pub breaches: Vec<Breach>,
    /// What each account is (record reference → nature).
    pub account_nature: BTreeMap<String, Nature>,
    /// Per case, the pairs of incidents whose order is not known.
    pub timelines: Vec<CaseTimeline>,
    /// The versions of the rules the findings were made with.
    pub rule_set: RuleSetVersions,
    /// Investigators' codings, apart from what the lexicon read.
    pub codings: Vec<Coding>,
    /// Sentences with conduct vocabulary no reading rests on.
    pub unclassified: Vec<RecordPassage>,
}

/// A resolved person and why its mentions were joined.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PersonFinding {
    /// The person.
    #[serde(flatten)]
    pub person: Person,
    /// Each join of two mentions, with the rule and the fields that agreed.
    pub merges: Vec<Merge>,
}

/// An incident and what its accounts evidence (from the graph stage).
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct IncidentFinding {
    /// The incident as resolved.
    #[serde(flatten)]
    pub incident: Incident,
    /// The categories its accounts evidence.
    pub categories: Vec<String>,
    /// The highest severity of its categories.
    pub severity: u8,
    /// Organisations with an account of it.
    pub organisations: BTreeSet<String>,
    /// The days it may cover.
    pub days: Days,
}

/// The days an incident may cover, as the graph stage derived them from its time at the
/// precision given (an open period runs to the latest registration of its accounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Days {
    /// First day.
    pub first: Option<NaiveDate>,
    /// Last day.
    pub last: Option<NaiveDate>,
}

impl Days {
    /// (first, last), when the incident is dated at all.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.first?, self.last?))
    }
}

/// A record about the procedure and the incidents it refers to.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Procedural {
    /// The record.
    pub record: String,
    /// The incidents.
    pub refers_to: Vec<String>,
}

/// The records that evidence one category.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CategoryEvidence {
    /// Each record with what in it triggered the category.
    pub records: Vec<RecordEvidence>,
}

/// One record's evidence for a category.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RecordEvidence {
    /// The record.
    pub record: String,
    /// The words, field or investigator's coding.
    pub trigger: Trigger,
}

/// The model the homicide-timeline placement follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimelineModel {
    /// Monckton Smith (2019), the eight-stage intimate partner homicide timeline.
    #[serde(rename = "monckton_smith_2019")]
    MoncktonSmith2019,
}

/// Indicative placement on the homicide timeline: an aid to reading, never a prediction.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct HomicideTimeline {
    /// The model.
    pub model: TimelineModel,
    /// The stages the records show, per case.
    pub stages: Vec<TimelineStage>,
}

/// The versions of the rule files, so a reader can tell which rules made the findings.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct RuleSetVersions {
    /// `templates/rules.toml`.
    pub rules: String,
    /// `templates/lexicon.toml`.
    pub lexicon: String,
    /// `templates/review.toml`.
    pub review: String,
}

/// A person finding reads as its person (`finding.name`), with the merges beside it.
impl std::ops::Deref for PersonFinding {
    type Target = Person;
    fn deref(&self) -> &Person {
        &self.person
    }
}

/// An incident finding reads as its incident (`finding.when`), with the facts beside it.
impl std::ops::Deref for IncidentFinding {
    type Target = Incident;
    fn deref(&self) -> &Incident {
        &self.incident
    }
}

/// The JSON schema of the findings (draft 2020-12), generated from these types: the file
/// `src/findings.schema.json` holds it, and a test keeps the two equal.
pub fn schema() -> String {
    // The findings are only ever written, so the schema describes what is written (a field
    // left out when empty is not required).
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<Findings>();
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
