//! Stage 5, `detect`: what recurs, how it changes over time, and what signals danger, per
//! case (a victim–suspect pair). Every finding names its period, its incidents and the
//! records it rests on; the thresholds are in the `[detect]` section of
//! `templates/rules.toml`. Nothing here is a score or a verdict.

use crate::graph::{EventGraph, IncidentFacts};
use crate::model::Record;
use crate::resolve::incidents::Case;
use crate::rules::RuleSet;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One finding: a pattern, a red flag or a gap.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// `recurrence`, `escalation`, `separation`, `post_separation_stalking`, ...
    pub kind: String,
    /// The case it is about.
    pub case: String,
    /// The category, where the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// First day of the evidence.
    pub start: Option<NaiveDate>,
    /// Last day of the evidence.
    pub end: Option<NaiveDate>,
    /// The incidents it rests on.
    pub incidents: Vec<String>,
    /// The records it rests on.
    pub records: Vec<String>,
    /// One sentence (Dutch) saying what was found and by which rule.
    pub explanation: String,
}

/// One stage of the intimate-partner homicide timeline (Monckton Smith 2019) with the
/// records behind it. An aid to reading the case, never a prediction.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineStage {
    /// The case.
    pub case: String,
    /// 1..=8.
    pub stage: u8,
    /// Dutch name of the stage.
    pub name: &'static str,
    /// What in the records places the case here.
    pub basis: String,
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
    /// Femicide red flags (each with `kind` as its id).
    pub red_flags: Vec<Finding>,
    /// Gaps a reviewer would ask about.
    pub gaps: Vec<Finding>,
}

struct CaseView<'a> {
    case: &'a Case,
    incidents: Vec<&'a IncidentFacts>,
}

impl CaseView<'_> {
    fn with(&self, category: &str) -> Vec<&IncidentFacts> {
        self.incidents.iter().copied().filter(|i| i.has(category)).collect()
    }
}

fn finding(
    kind: &str,
    case: &str,
    category: Option<&str>,
    incs: &[&IncidentFacts],
    evidence: Option<&str>,
    explanation: String,
) -> Finding {
    let mut records: BTreeSet<String> = BTreeSet::new();
    for i in incs {
        match evidence.and_then(|c| i.categories.get(c)) {
            Some(list) => records.extend(list.iter().map(|e| e.record.clone())),
            None => records.extend(i.records.iter().cloned()),
        }
    }
    Finding {
        kind: kind.to_string(),
        case: case.to_string(),
        category: category.map(str::to_string),
        start: incs.iter().filter_map(|i| i.first_day).min(),
        end: incs.iter().filter_map(|i| i.last_day).max(),
        incidents: incs.iter().map(|i| i.id.clone()).collect(),
        records: records.into_iter().collect(),
        explanation,
    }
}

/// Runs every detector over every case.
pub fn detect(
    records: &[Record],
    graph: &EventGraph,
    cases: &[Case],
    persons: &crate::resolve::PersonResolution,
    rules: &RuleSet,
) -> Detection {
    let name_of: BTreeMap<&str, String> = persons
        .persons
        .iter()
        .map(|p| (p.id.as_str(), crate::classify::fold_text(&p.name)))
        .collect();
    let d = &rules.detect;
    let mut out = Detection::default();
    let by_ref: BTreeMap<&str, &Record> = records.iter().map(|r| (r.reference.as_str(), r)).collect();
    let mut cases_of_suspect: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, c) in cases.iter().enumerate() {
        cases_of_suspect.entry(c.suspect.as_str()).or_default().push(k);
    }
    for (timeline, case) in graph.cases.iter().zip(cases) {
        let view = CaseView {
            case,
            incidents: timeline.incidents.iter().map(|&k| &graph.incidents[k]).collect(),
        };
        let id = case.id.as_str();

        // Recurrence, and the indicative "stelselmatig".
        let mut categories: BTreeSet<&str> = BTreeSet::new();
        for i in &view.incidents {
            categories.extend(i.categories.keys().map(String::as_str));
        }
        for c in categories.iter().filter(|c| !d.not_recurring.iter().any(|x| x == *c)) {
            let incs = view.with(c);
            if incs.len() < d.recurrence_min_incidents {
                continue;
            }
            let mut f = finding("recurrence", id, Some(c), &incs, Some(c), String::new());
            let span = match (f.start, f.end) {
                (Some(a), Some(b)) => (b - a).num_days(),
                _ => 0,
            };
            let systematic = incs.len() >= d.systematic_min_incidents && span >= d.systematic_min_span_days;
            f.explanation = format!(
                "{c} in {} verschillende incidenten over {span} dagen (drempel: {} incidenten){}",
                incs.len(),
                d.recurrence_min_incidents,
                if systematic {
                    format!(
                        "; indicatief stelselmatig: ten minste {} incidenten over ten minste {} dagen",
                        d.systematic_min_incidents, d.systematic_min_span_days
                    )
                } else {
                    String::new()
                }
            );
            out.patterns.push(f);
        }

        // Escalation in severity: dated acts, later half more severe than earlier half.
        let acts: Vec<&IncidentFacts> = view
            .incidents
            .iter()
            .copied()
            .filter(|i| i.dated_act && i.severity > 0)
            .collect();
        let mut escalation: Option<Vec<&IncidentFacts>> = None;
        if !acts.is_empty() && acts.len() >= d.escalation_min_acts {
            // Each act more severe than every act before it is a step up.
            let mut highest = acts[0].severity;
            let mut steps: Vec<&IncidentFacts> = vec![acts[0]];
            for a in &acts[1..] {
                if a.severity > highest {
                    highest = a.severity;
                    steps.push(a);
                }
            }
            if steps.len() > d.escalation_min_steps {
                let last = steps[steps.len() - 1];
                let upto = acts.iter().position(|a| a.id == last.id).unwrap_or(acts.len() - 1);
                let incs: Vec<&IncidentFacts> = acts[..=upto].to_vec();
                let levels: Vec<String> = steps
                    .iter()
                    .map(|i| {
                        format!(
                            "{} ({})",
                            i.severity,
                            i.first_day.map(|d| d.to_string()).unwrap_or_default()
                        )
                    })
                    .collect();
                out.patterns.push(finding(
                    "escalation",
                    id,
                    None,
                    &incs,
                    None,
                    format!(
                        "ernst neemt toe in {} stappen naar een nieuw hoogste niveau: {} (ernst per vorm in rules.toml)",
                        steps.len() - 1,
                        levels.join(" → ")
                    ),
                ));
                escalation = Some(incs);
            }
        }
        // Escalation in frequency: more incidents in a window than in the one before.
        let days: Vec<(NaiveDate, &IncidentFacts)> = view
            .incidents
            .iter()
            .filter_map(|i| i.first_day.filter(|_| i.dated_act).map(|day| (day, *i)))
            .collect();
        for &(end, _) in &days {
            let w = chrono::Duration::days(d.frequency_window_days);
            let now: Vec<&IncidentFacts> = days
                .iter()
                .filter(|(x, _)| *x > end - w && *x <= end)
                .map(|p| p.1)
                .collect();
            let before = days.iter().filter(|(x, _)| *x > end - w - w && *x <= end - w).count();
            if now.len() >= d.frequency_min_incidents
                && now.len() as f64 >= d.frequency_ratio * before as f64
                && before > 0
            {
                out.patterns.push(finding(
                    "escalation_frequency",
                    id,
                    None,
                    &now,
                    None,
                    format!(
                        "{} incidenten in {} dagen tot {end}, tegen {before} in de {} dagen daarvoor",
                        now.len(),
                        d.frequency_window_days,
                        d.frequency_window_days
                    ),
                ));
                break;
            }
        }

        // Separation, what followed, and stalking after it.
        let separation = view.with("ctx_separation");
        if let Some(first) = separation.first() {
            if let Some(day) = first.first_day {
                let limit = day + chrono::Duration::days(d.separation_follow_days);
                let after: Vec<&IncidentFacts> = view
                    .incidents
                    .iter()
                    .copied()
                    .filter(|i| i.first_day.is_some_and(|x| x > day && x <= limit))
                    .collect();
                let mut f = finding(
                    "separation",
                    id,
                    None,
                    &[first],
                    Some("ctx_separation"),
                    format!(
                        "scheiding (aangekondigd of feitelijk) op of rond {day}; daarna {} incidenten binnen {} dagen",
                        after.len(),
                        d.separation_follow_days
                    ),
                );
                f.end = after.iter().filter_map(|i| i.last_day).max().or(f.end);
                out.patterns.push(f);
                let stalking: Vec<&IncidentFacts> = view
                    .with("stalking")
                    .into_iter()
                    .filter(|i| i.first_day.is_some_and(|x| x > day))
                    .collect();
                // Reconnaissance after the separation: tracking her, asking the children or
                // her network where she lives now (Monckton Smith stage 7; a red flag).
                let watching: Vec<&IncidentFacts> = view
                    .with("monitoring")
                    .into_iter()
                    .filter(|i| i.first_day.is_some_and(|x| x > day))
                    .collect();
                if !watching.is_empty() {
                    out.red_flags.push(finding(
                        "post_separation_monitoring",
                        id,
                        Some("monitoring"),
                        &watching,
                        Some("monitoring"),
                        format!(
                            "controle of opsporen van haar verblijfplaats in {} incident(en) na de scheiding van {day}",
                            watching.len()
                        ),
                    ));
                }
                if !stalking.is_empty() {
                    let text = format!("belaging in {} incidenten na de scheiding van {day}", stalking.len());
                    out.patterns.push(finding(
                        "post_separation_stalking",
                        id,
                        None,
                        &stalking,
                        Some("stalking"),
                        text.clone(),
                    ));
                    out.red_flags.push(finding(
                        "post_separation_stalking",
                        id,
                        Some("stalking"),
                        &stalking,
                        Some("stalking"),
                        text,
                    ));
                }
            }
        }

        // Breaches, a withdrawn complaint, children present.
        for (kind, category, text) in [
            (
                "order_breach",
                "order_breach",
                "overtreding van een huisverbod, contact- of locatieverbod of voorwaarde",
            ),
            ("complaint_withdrawn", "complaint_withdrawn", "aangifte ingetrokken"),
            ("children_present", "children_present", "kinderen aanwezig of getuige"),
        ] {
            let incs = view.with(category);
            if !incs.is_empty() {
                let mut explanation = format!("{text} in {} incident(en)", incs.len());
                if kind == "complaint_withdrawn" {
                    // After contact with the suspect: pressure in the withdrawal's own
                    // accounts, or an incident with him shortly before it.
                    let pressure = [
                        "threat",
                        "threat_to_kill",
                        "intimidation",
                        "use_of_children",
                        "stalking",
                    ];
                    let mut contact: Vec<String> = Vec::new();
                    for w in &incs {
                        let named: Vec<&str> = pressure.iter().copied().filter(|c| w.has(c)).collect();
                        let before = w.first_day.and_then(|day| {
                            view.incidents
                                .iter()
                                .filter(|i| i.id != w.id)
                                .filter_map(|i| i.first_day)
                                .filter(|&x| x <= day && x >= day - chrono::Duration::days(d.withdrawal_contact_days))
                                .max()
                        });
                        if !named.is_empty() {
                            contact.push(format!("druk in de melding zelf ({})", named.join(", ")));
                        } else if let Some(b) = before {
                            contact.push(format!("incident met verdachte op {b}, kort daarvoor"));
                        }
                    }
                    if contact.is_empty() {
                        explanation.push_str("; geen contact met verdachte vastgelegd rond de intrekking");
                    } else {
                        explanation.push_str(&format!("; na contact met verdachte: {}", contact.join("; ")));
                    }
                }
                out.patterns
                    .push(finding(kind, id, None, &incs, Some(category), explanation));
            }
        }

        // A suspect with an earlier victim: another case of the same suspect that ends
        // before this one starts.
        let start = view.incidents.iter().filter_map(|i| i.first_day).min();
        for &k in cases_of_suspect
            .get(case.suspect.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let (other_timeline, other) = (&graph.cases[k], &cases[k]);
            // An earlier victim is someone outside this household: not a child or other
            // person named with this case (a child recorded once as "slachtoffer").
            if case.roles_unclear
                || other.roles_unclear
                || other.suspect != case.suspect
                || other.victim == case.victim
                || case.children.contains(&other.victim)
                || case.others.contains(&other.victim)
                // The same name as this victim: most likely her, not merged for want of a
                // birth date; never presented as another woman.
                || name_of.get(other.victim.as_str()) == name_of.get(case.victim.as_str())
            {
                continue;
            }
            let earlier: Vec<&IncidentFacts> = other_timeline
                .incidents
                .iter()
                .map(|&k| &graph.incidents[k])
                .filter(|i| i.last_day.zip(start).is_some_and(|(l, s)| l < s))
                .collect();
            if !earlier.is_empty() {
                let text = format!(
                    "dezelfde verdachte, eerder slachtoffer {} ({} incident(en))",
                    other.victim,
                    earlier.len()
                );
                out.patterns
                    .push(finding("prior_victim", id, None, &earlier, None, text));
            }
        }

        // Multi-agency convergence.
        let mut per_org: BTreeMap<&str, usize> = BTreeMap::new();
        for i in &view.incidents {
            for o in &i.organisations {
                *per_org.entry(o.as_str()).or_default() += 1;
            }
        }
        if per_org.len() >= d.convergence_min_organisations && per_org.values().all(|&n| n <= d.convergence_max_each) {
            let list: Vec<String> = per_org.iter().map(|(o, n)| format!("{o} {n}")).collect();
            out.patterns.push(finding(
                "multi_agency_convergence",
                id,
                None,
                &view.incidents,
                None,
                format!(
                    "{} organisaties zagen deze zaak, geen meer dan {} incidenten ({})",
                    per_org.len(),
                    d.convergence_max_each,
                    list.join(", ")
                ),
            ));
        }

        // Red flags from categories, and escalation.
        for c in &d.red_flag_categories {
            let incs = view.with(c);
            if !incs.is_empty() {
                out.red_flags.push(finding(
                    c,
                    id,
                    Some(c),
                    &incs,
                    Some(c),
                    format!("{c} in {} incident(en)", incs.len()),
                ));
            }
        }
        if let Some(incs) = escalation {
            out.red_flags.push(finding(
                "escalation",
                id,
                None,
                &incs,
                None,
                "escalatie in ernst".into(),
            ));
        }
        // Patterns that are red flags too (separation, breaches, ...), per rules.toml.
        let flagged: Vec<Finding> = out
            .patterns
            .iter()
            .filter(|p| p.case == id && d.red_flag_patterns.contains(&p.kind))
            .cloned()
            .collect();
        out.red_flags.extend(flagged);

        // Indicative placement on the homicide timeline, from what was found above.
        let case_findings: Vec<&Finding> = out
            .patterns
            .iter()
            .chain(&out.red_flags)
            .filter(|f| f.case == id)
            .collect();
        let stage_of = |kinds: &[&str], categories: &[&str]| -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
            let hits: Vec<&&Finding> = case_findings
                .iter()
                .filter(|f| {
                    kinds.contains(&f.kind.as_str())
                        || (f.kind == "recurrence" && f.category.as_deref().is_some_and(|c| categories.contains(&c)))
                })
                .collect();
            if hits.is_empty() {
                return None;
            }
            let mut incidents: BTreeSet<String> = BTreeSet::new();
            let mut refs: BTreeSet<String> = BTreeSet::new();
            let mut what: BTreeSet<String> = BTreeSet::new();
            for f in hits {
                incidents.extend(f.incidents.iter().cloned());
                refs.extend(f.records.iter().cloned());
                what.insert(match &f.category {
                    Some(c) if f.kind == "recurrence" => format!("herhaald {c}"),
                    _ => f.kind.clone(),
                });
            }
            Some((
                incidents.into_iter().collect(),
                refs.into_iter().collect(),
                what.into_iter().collect(),
            ))
        };
        let control = [
            "isolation",
            "monitoring",
            "micro_regulation",
            "economic_control",
            "degradation",
            "intimidation",
            "jealousy",
            "restriction_of_liberty",
        ];
        for (stage, name, kinds, cats) in [
            (1u8, "voorgeschiedenis", &["prior_victim"][..], &[][..]),
            (3, "relatie met dwingende controle", &[][..], &control[..]),
            (4, "aanleiding (scheiding)", &["separation"][..], &[][..]),
            (
                5,
                "escalatie",
                &[
                    "escalation",
                    "escalation_frequency",
                    "post_separation_stalking",
                    "suicide_threat",
                    "threat_to_kill",
                ][..],
                &[][..],
            ),
            (
                7,
                "planning (verkenning, volgen, wapen)",
                &["post_separation_monitoring", "weapon"][..],
                &[][..],
            ),
        ] {
            if let Some((incidents, records, what)) = stage_of(kinds, cats) {
                out.timeline_stages.push(TimelineStage {
                    case: id.to_string(),
                    stage,
                    name,
                    basis: format!(
                        "indicatief, hulpmiddel bij het lezen en geen voorspelling: {}",
                        what.join(", ")
                    ),
                    incidents,
                    records,
                });
            }
        }

        // Gaps: a strangulation or threat to kill without follow-up on record.
        for c in ["strangulation", "threat_to_kill"] {
            for inc in view.with(c) {
                let Some(day) = inc.first_day else { continue };
                let limit = day + chrono::Duration::days(d.follow_up_days);
                let followed = view
                    .case
                    .records
                    .iter()
                    .filter_map(|r| by_ref.get(r.as_str()))
                    .any(|r| {
                        !inc.records.contains(&r.reference.to_string())
                            && matches!(
                                r.kind.canonical,
                                crate::model::RecordKind::Decision
                                    | crate::model::RecordKind::RestrainingOrder
                                    | crate::model::RecordKind::ProbationEvent
                                    | crate::model::RecordKind::ChildProtectionEvent
                            )
                            && r.sort_time().is_some_and(|w| {
                                let x = w.earliest().date();
                                x >= day && x <= limit
                            })
                    })
                    || inc.organisations.len() > 1;
                if !followed {
                    out.gaps.push(finding(
                        "no_follow_up",
                        id,
                        Some(c),
                        &[inc],
                        Some(c),
                        format!(
                            "{c} zonder risicotaxatie, beslissing of vervolg binnen {} dagen in de records",
                            d.follow_up_days
                        ),
                    ));
                }
            }
        }
        // Children present with no Veilig Thuis report in the case.
        let children = view.with("children_present");
        let vt = view.incidents.iter().any(|i| i.organisations.contains("veilig-thuis"));
        if !children.is_empty() && !vt {
            out.gaps.push(finding(
                "children_without_veilig_thuis",
                id,
                None,
                &children,
                Some("children_present"),
                "kinderen aanwezig, maar geen melding bij Veilig Thuis in de records".into(),
            ));
        }
        // A breach with no recorded response (no decision or order after it).
        for inc in view.with("order_breach") {
            let Some(day) = inc.first_day else { continue };
            let limit = day + chrono::Duration::days(d.follow_up_days);
            let answered = inc.organisations.len() > 1
                || view
                    .case
                    .records
                    .iter()
                    .filter_map(|r| by_ref.get(r.as_str()))
                    .any(|r| {
                        matches!(
                            r.kind.canonical,
                            crate::model::RecordKind::Decision | crate::model::RecordKind::ProbationEvent
                        ) && r.sort_time().is_some_and(|w| {
                            let x = w.earliest().date();
                            x >= day && x <= limit
                        })
                    });
            if !answered {
                out.gaps.push(finding(
                    "breach_without_response",
                    id,
                    None,
                    &[inc],
                    Some("order_breach"),
                    format!(
                        "overtreding zonder vastgelegde reactie binnen {} dagen",
                        d.follow_up_days
                    ),
                ));
            }
        }
        // Long silences between incidents.
        let dated: Vec<(NaiveDate, &IncidentFacts)> = view
            .incidents
            .iter()
            .filter_map(|i| i.first_day.map(|x| (x, *i)))
            .collect();
        if dated.len() >= 3 {
            let mut gaps: Vec<i64> = dated.windows(2).map(|w| (w[1].0 - w[0].0).num_days()).collect();
            let gaps_in_order = gaps.clone();
            gaps.sort();
            let median = gaps[gaps.len() / 2].max(1) as f64;
            for (k, g) in gaps_in_order.iter().enumerate() {
                if *g >= d.silence_min_days && *g as f64 >= d.silence_factor * median {
                    out.gaps.push(finding(
                        "long_silence",
                        id,
                        None,
                        &[dated[k].1, dated[k + 1].1],
                        None,
                        format!(
                            "{g} dagen zonder incident in de records (mediaan tussen incidenten {median:.0} dagen)"
                        ),
                    ));
                }
            }
        }
        if case.roles_unclear {
            let note = "rollen onduidelijk (geen verdachte of slachtoffer in de records): ";
            for f in out
                .patterns
                .iter_mut()
                .chain(out.red_flags.iter_mut())
                .chain(out.gaps.iter_mut())
                .filter(|f| f.case == id && !f.explanation.starts_with(note))
            {
                f.explanation.insert_str(0, note);
            }
        }
    }
    out
}
