//! Stage 5, `detect`: what recurs, how it changes over time, and what signals danger, per
//! case (a victim–suspect pair). Every finding names its period, its incidents and the
//! records it rests on, and carries the facts it was found by (counts, days, thresholds)
//! as fields; the dossier words them from `templates/dossier/<lang>.toml`. The thresholds
//! are in the `[detect]` section of `templates/rules.toml`. Nothing here is a score or a
//! verdict.
//!
//! Each detector is a module behind the one small [`Detector`] trait. They read a case
//! from the event graph ([`CaseGraph`]: its incidents in time order along the case's
//! *next* edges, each with what its accounts evidence and the records that refer to it)
//! and run in the order of [`DETECTORS`]; a later one may read what an earlier one found
//! for the same case (the red flags read the patterns, the homicide timeline reads both).

mod case_graph;
mod circumstances;
mod convergence;
mod escalation;
mod gaps;
mod homicide_timeline;
mod prior_victim;
mod recurrence;
mod red_flags;
mod separation;
#[cfg(test)]
mod test_graph;

pub use case_graph::{CaseGraph, IncidentView};

use crate::graph::{EventGraph, IncidentFacts};
use crate::model::{Bound, Record};
use crate::resolve::incidents::Case;
use crate::rules::{DetectRules, RuleSet};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a finding is. The id (`post_separation_stalking`) is the same in the findings
/// JSON, in `rules.toml` (`red_flag_patterns`) and in the dossier's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A category in several incidents (with the indicative "stelselmatig" reading).
    Recurrence,
    /// Severity climbing to new heights.
    Escalation,
    /// More incidents in a window than in the one before.
    EscalationFrequency,
    /// A separation, and what followed it.
    Separation,
    /// Stalking after the separation.
    PostSeparationStalking,
    /// Tracking her or her whereabouts after the separation (a red flag).
    PostSeparationMonitoring,
    /// A breach of a ban, order or condition.
    OrderBreach,
    /// A complaint taken back, and the contact with the suspect around it.
    ComplaintWithdrawn,
    /// Children present or witness.
    ChildrenPresent,
    /// The same suspect with an earlier victim.
    PriorVictim,
    /// Several organisations, none of which saw much of the case.
    MultiAgencyConvergence,
    /// A red flag that is a category (strangulation, threat to kill, …; see `category`).
    Category,
    /// A strangulation or threat to kill with no follow-up on record.
    NoFollowUp,
    /// Children present, but no Veilig Thuis report in the case.
    ChildrenWithoutVeiligThuis,
    /// A breach with no recorded response.
    BreachWithoutResponse,
    /// A long silence between incidents.
    LongSilence,
}

impl Kind {
    /// The id, as in the JSON and the wording.
    pub fn id(self) -> String {
        crate::model::id_of(&self)
    }

    /// The kinds `rules.toml` names in `red_flag_patterns`; an unknown name is an error
    /// that says which names there are.
    pub fn parse_list(names: &[String]) -> Result<Vec<Kind>, String> {
        names
            .iter()
            .map(|name| {
                Kind::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name))
                    .map_err(|_| format!("[detect] red_flag_patterns: '{name}' is geen soort bevinding"))
            })
            .collect()
    }
}

/// The facts a finding was found by, as fields: the dossier writes its sentence from them.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Facts {
    /// A category in `incidents` incidents over `span_days` days.
    Recurrence {
        /// Incidents with the category.
        incidents: usize,
        /// Days from the first to the last.
        span_days: i64,
        /// The rule set's minimum for a recurrence.
        threshold: usize,
        /// True when it meets the indicative "stelselmatig" reading (both minimums below).
        systematic: bool,
        /// The rule set's minimum number of incidents for "stelselmatig".
        systematic_min_incidents: usize,
        /// The rule set's minimum span in days for "stelselmatig".
        systematic_min_span_days: i64,
    },
    /// Each act more severe than every act before it.
    Escalation {
        /// The first act and every step up, in time order.
        steps: Vec<SeverityStep>,
    },
    /// More incidents in a window than in the one before.
    Frequency {
        /// Incidents in the window.
        incidents: usize,
        /// The window, in days.
        window_days: i64,
        /// The window's last day.
        until: NaiveDate,
        /// Incidents in the window before.
        before: usize,
    },
    /// A separation and the incidents after it.
    Separation {
        /// The day of the separation (announced or actual).
        day: NaiveDate,
        /// Incidents within the follow window.
        incidents_after: usize,
        /// The follow window, in days.
        within_days: i64,
    },
    /// Conduct after the separation of `separation`.
    AfterSeparation {
        /// Incidents with it.
        incidents: usize,
        /// The day of the separation.
        separation: NaiveDate,
    },
    /// A complaint taken back, and the contact with the suspect around it.
    Withdrawal {
        /// Incidents with a withdrawal.
        incidents: usize,
        /// Per withdrawal with contact on record: what that contact was.
        contact: Vec<Contact>,
    },
    /// The same suspect with an earlier victim.
    PriorVictim {
        /// The earlier victim (person id).
        victim: String,
        /// Her incidents up to this case's last day.
        incidents: usize,
    },
    /// Several organisations, each with few incidents.
    Convergence {
        /// Incidents per organisation (layout).
        organisations: BTreeMap<String, usize>,
        /// The rule set's maximum per organisation.
        max_each: usize,
    },
    /// An act with no risk assessment, decision or follow-up within `within_days`.
    NoResponse {
        /// The window, in days.
        within_days: i64,
    },
    /// A long silence.
    Silence {
        /// Days without an incident.
        days: i64,
        /// The median days between the case's incidents.
        median_days: i64,
    },
    /// How many incidents (order breaches, children present, a red-flag category).
    Count {
        /// Incidents.
        incidents: usize,
    },
    /// Nothing to count: the finding is its incidents (children without a Veilig Thuis report).
    Plain {},
}

/// One step of an escalation: an act's severity and its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SeverityStep {
    /// Severity (rules.toml, 1..5).
    pub severity: u8,
    /// The act's first day.
    pub day: Option<NaiveDate>,
}

/// The contact with the suspect around a withdrawn complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Contact {
    /// Pressure told in the withdrawal's own accounts (these categories).
    Pressure {
        /// Categories of pressure.
        categories: Vec<String>,
    },
    /// An incident with the suspect shortly before it.
    IncidentBefore {
        /// Its day.
        day: NaiveDate,
    },
}

/// One finding: a pattern, a red flag or a gap.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// The case it is about.
    pub case: String,
    /// The category, where the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Where the evidence starts, as precise as the records say.
    pub start: Option<Bound>,
    /// Where it ends, as precise as the records say.
    pub end: Option<Bound>,
    /// The incidents it rests on.
    pub incidents: Vec<String>,
    /// The records it rests on.
    pub records: Vec<String>,
    /// What it was found by.
    pub facts: Facts,
    /// True when no record of the case says who harms whom: the finding is about two
    /// adults, not a victim and a suspect.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub roles_unclear: bool,
}

impl Finding {
    /// The wording key of its red-flag label: the category for a category flag, else the kind.
    pub fn flag_id(&self) -> String {
        match (&self.kind, &self.category) {
            (Kind::Category, Some(c)) => c.clone(),
            _ => self.kind.id(),
        }
    }
}

/// One stage of the intimate-partner homicide timeline (Monckton Smith 2019) with the
/// records behind it. An aid to reading the case, never a prediction.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct TimelineStage {
    /// The case.
    pub case: String,
    /// 1..=8 (the dossier's wording names it).
    pub stage: u8,
    /// The kinds of finding that place the case here.
    pub shown_by: Vec<Kind>,
    /// The red-flag categories that place it here (a threat to kill, a weapon).
    pub flagged: Vec<String>,
    /// The categories whose recurrence places it here.
    pub recurring: Vec<String>,
    /// The incidents.
    pub incidents: Vec<String>,
    /// The records.
    pub records: Vec<String>,
}

/// Everything detect found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Detection {
    /// Indicative placement on the eight-stage homicide timeline, per case: the stages the
    /// records show, each with its evidence. Stage 2 (early commitment) and stage 6 (change
    /// in thinking) are rarely visible in records; stage 8 is never "detected".
    pub timeline_stages: Vec<TimelineStage>,
    /// Patterns.
    pub patterns: Vec<Finding>,
    /// Femicide red flags.
    pub red_flags: Vec<Finding>,
    /// Gaps a reviewer would ask about.
    pub gaps: Vec<Finding>,
}

/// What the detectors found for one case so far; a detector adds to it and may read what
/// the detectors before it added.
#[derive(Debug, Clone, Default)]
pub struct CaseFindings {
    /// Patterns.
    pub patterns: Vec<Finding>,
    /// Red flags.
    pub red_flags: Vec<Finding>,
    /// Gaps.
    pub gaps: Vec<Finding>,
    /// Homicide-timeline stages.
    pub stages: Vec<TimelineStage>,
}

/// What every detector may consult beside the case itself.
pub struct Context<'a> {
    /// The thresholds.
    pub rules: &'a DetectRules,
    /// The patterns the rule set flags as red flags too (`red_flag_patterns`).
    pub flagged_patterns: &'a [Kind],
    /// Every case of the input, walked from the graph (for the suspect's other cases).
    pub cases: &'a [CaseGraph<'a>],
    /// Records by reference.
    pub records: &'a BTreeMap<&'a str, &'a Record>,
    /// Person id → folded name (to tell one woman not merged for want of a birth date
    /// from another).
    pub folded_names: &'a BTreeMap<&'a str, String>,
}

/// One detector: reads a case and adds what it finds.
pub trait Detector {
    /// Adds its findings for `case` to `found`.
    fn run(&self, case: &CaseGraph, context: &Context, found: &mut CaseFindings);
}

/// The detectors, in the order they run.
pub const DETECTORS: &[&dyn Detector] = &[
    &recurrence::Recurrence,
    &escalation::SeverityEscalation,
    &escalation::FrequencyEscalation,
    &separation::Separation,
    &circumstances::Circumstances,
    &prior_victim::PriorVictim,
    &convergence::Convergence,
    &red_flags::RedFlags,
    &homicide_timeline::HomicideTimeline,
    &gaps::NoFollowUp,
    &gaps::ChildrenWithoutVeiligThuis,
    &gaps::BreachWithoutResponse,
    &gaps::LongSilence,
];

/// A finding of `kind` resting on `incidents`: its period is theirs, and its records are
/// the records that evidence `evidence` in them (all their accounts when `None`).
pub fn finding(
    kind: Kind,
    case: &Case,
    category: Option<&str>,
    incidents: &[&IncidentFacts],
    evidence: Option<&str>,
    facts: Facts,
) -> Finding {
    let mut records: BTreeSet<String> = BTreeSet::new();
    for i in incidents {
        match evidence.and_then(|c| i.categories.get(c)) {
            Some(list) => records.extend(list.iter().map(|e| e.record.clone())),
            None => records.extend(i.records.iter().cloned()),
        }
    }
    Finding {
        kind,
        case: case.id.clone(),
        category: category.map(str::to_string),
        start: incidents.iter().filter_map(|i| i.bounds.map(|b| b.0)).min(),
        end: incidents.iter().filter_map(|i| i.bounds.map(|b| b.1)).max(),
        incidents: incidents.iter().map(|i| i.id.clone()).collect(),
        records: records.into_iter().collect(),
        facts,
        roles_unclear: case.roles_unclear,
    }
}

/// Runs every detector over every case, reading each case from the event graph.
pub fn detect(
    records: &[Record],
    graph: &EventGraph,
    cases: &[Case],
    persons: &crate::resolve::PersonResolution,
    rules: &RuleSet,
) -> Detection {
    let folded_names: BTreeMap<&str, String> = persons
        .persons
        .iter()
        .map(|p| (p.id.as_str(), crate::classify::fold_text(&p.name)))
        .collect();
    let by_ref: BTreeMap<&str, &Record> = records.iter().map(|r| (r.reference.as_str(), r)).collect();
    let case_graphs: Vec<CaseGraph> = cases
        .iter()
        .enumerate()
        .map(|(index, case)| CaseGraph::walk(graph, index, case))
        .collect();
    // Checked when the rule set was loaded (`pipeline::Rules::load`).
    let flagged_patterns = Kind::parse_list(&rules.detect.red_flag_patterns).unwrap_or_default();
    let context = Context {
        rules: &rules.detect,
        flagged_patterns: &flagged_patterns,
        cases: &case_graphs,
        records: &by_ref,
        folded_names: &folded_names,
    };
    let mut out = Detection::default();
    for case in &case_graphs {
        let mut found = CaseFindings::default();
        for detector in DETECTORS {
            detector.run(case, &context, &mut found);
        }
        out.patterns.extend(found.patterns);
        out.red_flags.extend(found.red_flags);
        out.gaps.extend(found.gaps);
        out.timeline_stages.extend(found.stages);
    }
    out
}
