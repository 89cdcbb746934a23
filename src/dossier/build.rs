//! Builds the document model of one case's dossier from the findings and the records.
//! Every statement in the summary, pattern and dynamics sections carries the references
//! of the records it rests on; the chronology lists each of those records.

use super::document::{
    plain, references, with_refs, Block, Chart, ChartPoint, Column, Document, Marker, MarkerKind, Rich, Span,
};
use super::DossierError;
use crate::detect::{Facts, Kind};
use crate::findings::{Finding, Findings, IncidentFinding as Incident, PersonFinding as Person};
use crate::model::id_of as key_of;
use crate::model::When;
use crate::model::{Bound, Record};
use crate::resolve::incidents::Case;
use crate::wording::Wording;
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the input's records went: the case, the household and the suspect's history, or
/// appendix A (the three add up to all records).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub in_case: usize,
    pub household: usize,
    pub appendix: usize,
}

/// How the dossier's case was chosen, for the reader and for stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseChoice {
    /// The user named it with `--case` (a case id, person id or record reference).
    Given(String),
    /// The case with the most records, out of this many cases.
    MostRecords(usize),
}

/// Finds the case `--case` names among the findings' cases (see [`choose_among`]).
pub fn choose_case<'a>(findings: &'a Findings, wanted: Option<&str>) -> Result<(&'a Case, CaseChoice), DossierError> {
    choose_among(&findings.cases, wanted)
}

/// Finds the case `--case` names: a case id, a person id (suspect or victim) or a record
/// reference. Without `wanted`, the case with the most records (ties: the first id).
pub fn choose_among<'a>(cases: &'a [Case], wanted: Option<&str>) -> Result<(&'a Case, CaseChoice), DossierError> {
    if cases.is_empty() {
        return Err(DossierError::NoCase);
    }
    match wanted {
        Some(w) => {
            let hits: Vec<&Case> = cases
                .iter()
                .filter(|c| c.id == w || c.suspect == w || c.victim == w || c.records.iter().any(|r| r == w))
                .collect();
            match hits.as_slice() {
                [one] => Ok((one, CaseChoice::Given(w.to_string()))),
                [] => Err(DossierError::UnknownCase {
                    given: w.to_string(),
                    cases: cases.iter().map(|c| c.id.clone()).collect(),
                }),
                many => Err(DossierError::AmbiguousCase {
                    given: w.to_string(),
                    cases: many.iter().map(|c| c.id.clone()).collect(),
                }),
            }
        }
        None => {
            let best = cases
                .iter()
                .max_by(|a, b| a.records.len().cmp(&b.records.len()).then_with(|| b.id.cmp(&a.id)))
                .ok_or(DossierError::NoCase)?;
            Ok((best, CaseChoice::MostRecords(cases.len())))
        }
    }
}

/// Everything the builder needs.
pub struct Input<'a> {
    pub findings: &'a Findings,
    pub records: &'a [Record],
    pub wording: &'a Wording,
    /// `--case`, if given.
    pub case: Option<&'a str>,
    /// The generation date shown on the cover (YYYY-MM-DD).
    pub generated: String,
}

/// Short text for a quote: the first `max` characters, cut at a word.
fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut} …")
}

/// The sentence of `record` in which `words` stand, in the record's own spelling.
fn quote_from(record: &Record, words: &str) -> Option<String> {
    let text = record.narrative.as_deref()?;
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut sentences = Vec::new();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        let end_here = matches!(c, '.' | '!' | '?') && bytes.get(k + 1).is_none_or(|(_, n)| n.is_whitespace());
        if end_here {
            sentences.push(&text[start..i + c.len_utf8()]);
            start = i + c.len_utf8();
        }
    }
    sentences.push(&text[start..]);
    sentences
        .into_iter()
        .find(|s| crate::classify::fold_text(s).contains(words))
        .map(|s| shorten(s, 220))
}

struct Builder<'a> {
    f: &'a Findings,
    w: &'a Wording,
    case: &'a Case,
    records: HashMap<&'a str, &'a Record>,
    persons: HashMap<&'a str, &'a Person>,
    incidents: Vec<&'a Incident>,
    case_records: BTreeSet<&'a str>,
    /// Records outside the case's incidents that name its victim, suspect or children:
    /// the household around them and the suspect's history.
    context: BTreeSet<&'a str>,
    blocks: Vec<Block>,
}

/// Builds the dossier of one case.
pub fn build(input: &Input) -> Result<(Document, CaseChoice, Coverage), DossierError> {
    let f = input.findings;
    let (case, choice) = choose_case(f, input.case)?;
    let by_id: HashMap<&str, &Incident> = f.incidents.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut incidents: Vec<&Incident> = case
        .incidents
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    incidents.sort_by_key(|i| (i.days.span(), i.id.clone()));
    let mut b = Builder {
        f,
        w: input.wording,
        case,
        records: input.records.iter().map(|r| (r.reference.as_str(), r)).collect(),
        persons: f.persons.iter().map(|p| (p.id.as_str(), p)).collect(),
        incidents,
        case_records: case.records.iter().map(String::as_str).collect(),
        context: BTreeSet::new(),
        blocks: Vec::new(),
    };
    let household: Vec<&str> = [case.victim.as_str(), case.suspect.as_str()]
        .into_iter()
        .chain(case.children.iter().map(String::as_str))
        .collect();
    b.context = f
        .persons
        .iter()
        .filter(|p| household.contains(&p.id.as_str()))
        .flat_map(|p| p.records.iter().map(String::as_str))
        .filter(|r| !b.case_records.contains(r))
        .collect();
    b.cover(&choice, &input.generated);
    b.summary();
    b.categories();
    b.dynamics();
    b.red_flags();
    b.breaches();
    b.children();
    b.homicide_timeline();
    b.chronology();
    b.gaps();
    b.persons();
    b.sources();
    b.rejects();
    b.legal();
    b.method();
    b.outside();
    b.unclassified();
    b.codings();
    let w = input.wording;
    let title = if case.roles_unclear {
        format!(
            "{} – {}, {}",
            w.text("title"),
            b.name(&case.suspect),
            b.name(&case.victim)
        )
    } else {
        format!("{} – {}", w.text("title"), b.name(&case.victim))
    };
    let in_case = b.records.keys().filter(|r| b.case_records.contains(*r)).count();
    let household = b.context.iter().filter(|r| b.records.contains_key(*r)).count();
    let coverage = Coverage {
        in_case,
        household,
        appendix: b.records.len() - in_case - household,
    };
    Ok((
        Document {
            title,
            case: case.id.clone(),
            page_label: w.text("page"),
            generated: input.generated.clone(),
            blocks: b.blocks,
            warnings: Vec::new(),
        },
        choice,
        coverage,
    ))
}

impl<'a> Builder<'a> {
    fn name(&self, person: &str) -> String {
        self.persons
            .get(person)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| person.to_string())
    }

    /// What a detector found, in the reader's words: written from the finding's facts by
    /// the `[detail]` wording (counts, days, thresholds), with ids as words.
    fn detail(&self, f: &Finding) -> String {
        use crate::detect::{Contact, Facts};
        let w = self.w;
        let category = f.category.as_deref().map(|c| self.category(c)).unwrap_or_default();
        let n = |count: &usize| count.to_string();
        let text = match &f.facts {
            Facts::Recurrence {
                incidents,
                span_days,
                threshold,
                systematic,
                systematic_min_incidents,
                systematic_min_span_days,
            } => {
                let systematic = if *systematic {
                    self.detail_fill(
                        "recurrence_systematic",
                        &[
                            ("min_incidents", n(systematic_min_incidents)),
                            ("min_days", systematic_min_span_days.to_string()),
                        ],
                    )
                } else {
                    String::new()
                };
                self.detail_fill(
                    "recurrence",
                    &[
                        ("category", category),
                        ("n", n(incidents)),
                        ("days", span_days.to_string()),
                        ("threshold", n(threshold)),
                        ("systematic", systematic),
                    ],
                )
            }
            Facts::Escalation { steps } => {
                let levels: Vec<String> = steps
                    .iter()
                    .map(|s| {
                        self.detail_fill(
                            "escalation_level",
                            &[
                                ("severity", s.severity.to_string()),
                                ("day", s.day.map(|d| d.to_string()).unwrap_or_default()),
                            ],
                        )
                    })
                    .collect();
                let jump = match (steps.first(), steps.last()) {
                    (Some(a), Some(b)) => b.severity.saturating_sub(a.severity),
                    _ => 0,
                };
                self.detail_fill(
                    if steps.len() == 2 {
                        "escalation_jump"
                    } else {
                        "escalation"
                    },
                    &[
                        ("steps", steps.len().saturating_sub(1).to_string()),
                        ("jump", jump.to_string()),
                        ("levels", levels.join(" → ")),
                    ],
                )
            }
            Facts::Frequency {
                incidents,
                window_days,
                until,
                before,
            } => self.detail_fill(
                "escalation_frequency",
                &[
                    ("n", n(incidents)),
                    ("window", window_days.to_string()),
                    ("until", until.to_string()),
                    ("before", n(before)),
                ],
            ),
            Facts::Separation {
                day,
                incidents_after,
                within_days,
            } => self.detail_fill(
                "separation",
                &[
                    ("day", day.to_string()),
                    ("n", n(incidents_after)),
                    ("days", within_days.to_string()),
                ],
            ),
            Facts::AfterSeparation { incidents, separation } => {
                self.detail_fill(&f.kind.id(), &[("n", n(incidents)), ("day", separation.to_string())])
            }
            Facts::Withdrawal { incidents, contact } => {
                let contact = if contact.is_empty() {
                    self.detail_fill("withdrawal_no_contact", &[])
                } else {
                    let list: Vec<String> = contact
                        .iter()
                        .map(|c| match c {
                            Contact::Pressure { categories } => self.detail_fill(
                                "withdrawal_pressure",
                                &[(
                                    "categories",
                                    categories
                                        .iter()
                                        .map(|c| self.category(c))
                                        .collect::<Vec<_>>()
                                        .join(", "),
                                )],
                            ),
                            Contact::IncidentBefore { day } => {
                                self.detail_fill("withdrawal_incident_before", &[("day", day.to_string())])
                            }
                        })
                        .collect();
                    self.detail_fill("withdrawal_after_contact", &[("list", list.join("; "))])
                };
                self.detail_fill("complaint_withdrawn", &[("n", n(incidents)), ("contact", contact)])
            }
            Facts::PriorVictim { victim, incidents } => {
                self.detail_fill("prior_victim", &[("victim", self.name(victim)), ("n", n(incidents))])
            }
            Facts::Convergence {
                organisations,
                max_each,
            } => {
                let list: Vec<String> = organisations
                    .iter()
                    .map(|(o, k)| format!("{} {k}", self.label("organisation", o)))
                    .collect();
                self.detail_fill(
                    "multi_agency_convergence",
                    &[
                        ("n", organisations.len().to_string()),
                        ("max", n(max_each)),
                        ("list", list.join(", ")),
                    ],
                )
            }
            Facts::NoResponse { within_days } => self.detail_fill(
                &f.kind.id(),
                &[("category", category), ("days", within_days.to_string())],
            ),
            Facts::Silence { days, median_days } => self.detail_fill(
                "long_silence",
                &[("days", days.to_string()), ("median", median_days.to_string())],
            ),
            Facts::Count { incidents } => {
                let key = match f.kind {
                    crate::detect::Kind::Category => "category".to_string(),
                    kind => kind.id(),
                };
                self.detail_fill(&key, &[("category", category), ("n", n(incidents))])
            }
            Facts::Plain {} => self.detail_fill(&f.kind.id(), &[]),
        };
        if f.roles_unclear {
            format!("{}{text}", w.get("detail", "roles_unclear"))
        } else {
            text
        }
    }

    /// What places a case in a stage of the homicide timeline, in words.
    fn stage_basis(&self, stage: &crate::findings::TimelineStage) -> String {
        let shown = stage.shown_by.iter().map(|k| self.label("red_flag", &k.id()));
        let flagged = stage.flagged.iter().map(|c| self.category(c));
        let recurring = stage
            .recurring
            .iter()
            .map(|c| self.detail_fill("stage_recurring", &[("category", self.category(c))]));
        let list: Vec<String> = shown.chain(flagged).chain(recurring).collect();
        self.detail_fill("stage_basis", &[("list", list.join(", "))])
    }

    /// A `[detail]` entry with its placeholders filled.
    fn detail_fill(&self, key: &str, values: &[(&str, String)]) -> String {
        crate::wording::fill(&self.w.get("detail", key), values)
    }

    /// Table columns from (wording key of the heading, share of the width).
    fn columns(&self, spec: &[(&str, usize)]) -> Vec<Column> {
        spec.iter()
            .map(|(key, weight)| Column {
                title: self.w.text(key),
                weight: *weight,
            })
            .collect()
    }

    fn heading(&mut self, level: u8, key: &str) {
        self.blocks.push(Block::Heading {
            level,
            text: self.w.text(key),
        });
    }

    fn paragraph(&mut self, key: &str) {
        self.blocks.push(Block::Paragraph(plain(self.w.text(key))));
    }

    fn label(&self, section: &str, key: &str) -> String {
        self.w.get(section, key)
    }

    fn category(&self, id: &str) -> String {
        self.label("category", id)
    }

    fn organisations(&self, list: &BTreeSet<String>) -> String {
        list.iter()
            .map(|o| self.label("organisation", o))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The case's period: first and last day of its incidents.
    /// The case's first and last day, as precise as the records say (`2021`, not `2021-01-01`).
    fn period(&self) -> (String, String) {
        let bounds: Vec<(Bound, Bound)> = self
            .incidents
            .iter()
            .filter_map(|i| {
                let (_, last) = i.days.span()?;
                let when = i.when.as_ref()?;
                Some((when.start_bound(), when.end_bound(last)))
            })
            .collect();
        let first = bounds.iter().map(|b| b.0).min();
        let last = bounds.iter().map(|b| b.1).max();
        (day_or_unknown(first), day_or_unknown(last))
    }

    fn when_label(&self, when: &Option<When>) -> String {
        match when {
            Some(w) => format!("{} ({})", w.label(), self.label("precision", w.precision().key())),
            None => "?".into(),
        }
    }

    fn cover(&mut self, choice: &CaseChoice, generated: &str) {
        let w = self.w;
        self.blocks.push(Block::Title {
            title: w.text("title"),
            subtitle: w.text("subtitle"),
        });
        let (start, end) = self.period();
        let children: Vec<String> = self.case.children.iter().map(|c| self.name(c)).collect();
        let sources: usize = self.f.sources.len();
        let mut facts = vec![(w.text("case"), plain(self.case.id.clone()))];
        if self.case.roles_unclear {
            // No record says who harms whom: neither is named victim or suspect.
            let pair = format!("{}, {}", self.name(&self.case.suspect), self.name(&self.case.victim));
            facts.push((w.text("involved"), plain(pair)));
            facts.push((w.text("roles"), plain(w.text("roles_unclear_value"))));
        } else {
            facts.push((w.text("victim"), plain(self.name(&self.case.victim))));
            facts.push((w.text("suspect"), plain(self.name(&self.case.suspect))));
        }
        if !children.is_empty() {
            facts.push((w.text("children"), plain(children.join(", "))));
        }
        facts.extend([
            (
                w.text("period"),
                plain(if start == end {
                    start.clone()
                } else {
                    w.fill("period_value", &[("start", start.clone()), ("end", end.clone())])
                }),
            ),
            (
                w.text("sources"),
                plain(w.fill(
                    "sources_value",
                    &[
                        ("files", sources.to_string()),
                        ("read", self.records.len().to_string()),
                        ("in_case", self.case.records.len().to_string()),
                    ],
                )),
            ),
            (w.text("generated"), plain(generated.to_string())),
            (w.text("tool"), plain(format!("patroon {}", self.f.version))),
            (
                w.text("rule_set"),
                plain(format!(
                    "rules {}, lexicon {}",
                    self.f.rule_set.rules, self.f.rule_set.lexicon
                )),
            ),
        ]);
        self.blocks.push(Block::Facts(facts));
        let chosen = match choice {
            CaseChoice::Given(given) => w.fill("case_given", &[("given", given.clone())]),
            CaseChoice::MostRecords(n) => w.fill("case_chosen", &[("n", n.to_string())]),
        };
        self.blocks.push(Block::Notice(plain(w.text("not_a_verdict"))));
        self.blocks.push(Block::Paragraph(plain(chosen)));
        self.blocks.push(Block::Paragraph(plain(w.text("reference_note"))));
        self.blocks.push(Block::PageBreak);
    }

    fn patterns(&self) -> Vec<&'a Finding> {
        self.f.patterns.iter().filter(|p| p.case == self.case.id).collect()
    }

    /// One sentence for a pattern from the wording, with its references; `detail` adds what
    /// the detector found it by (its facts: counts, days, thresholds, in words), which the
    /// summary leaves to the later sections.
    fn pattern_sentence(&self, p: &Finding, detail: bool) -> Rich {
        let systematic = matches!(p.facts, crate::detect::Facts::Recurrence { systematic: true, .. });
        let one_jump = matches!(&p.facts, crate::detect::Facts::Escalation { steps } if steps.len() == 2);
        let key = if systematic {
            "recurrence_systematic".to_string()
        } else if one_jump {
            "escalation_jump".to_string()
        } else {
            p.kind.id()
        };
        let template = self.w.get("pattern", &key);
        let category = p.category.as_deref().map(|c| self.category(c)).unwrap_or_default();
        let mut text = crate::wording::fill(
            &template,
            &[
                ("category", capitalise(&category)),
                ("n", p.incidents.len().to_string()),
                ("start", day_or_unknown(p.start)),
                ("end", day_or_unknown(p.end.or(p.start))),
            ],
        );
        if detail {
            text.push_str(&format!(" ({})", self.detail(p)));
            return with_refs(text, &p.records);
        }
        // The summary names the first records and says where the rest are, so that it
        // stays one page; the later sections cite every record.
        let shown = p.records.len().min(3);
        let mut rich = with_refs(text, &p.records[..shown]);
        if p.records.len() > shown {
            let more = self
                .w
                .fill("more_records", &[("n", (p.records.len() - shown).to_string())]);
            rich.push(Span::Italic(format!(" {more}")));
        }
        rich
    }

    fn summary(&mut self) {
        let w = self.w;
        self.heading(1, "summary");
        let (start, end) = self.period();
        let mut orgs = BTreeSet::new();
        for i in &self.incidents {
            orgs.extend(i.organisations.iter().cloned());
        }
        let span = if start == end {
            w.fill("span_on", &[("start", start)])
        } else {
            w.fill("span_between", &[("start", start), ("end", end)])
        };
        let (suspect, victim) = (self.name(&self.case.suspect), self.name(&self.case.victim));
        let who = if self.case.roles_unclear {
            w.fill("who_unclear", &[("a", suspect), ("b", victim)])
        } else {
            w.fill("who_roles", &[("suspect", suspect), ("victim", victim)])
        };
        let intro = w.fill(
            "summary_intro",
            &[
                ("span", span),
                ("who", who),
                ("incidents", self.incidents.len().to_string()),
                ("organisations", orgs.len().to_string()),
                ("organisation_list", self.organisations(&orgs)),
                ("records", self.case.records.len().to_string()),
            ],
        );
        self.blocks.push(Block::Paragraph(plain(intro)));
        if self.case.roles_unclear {
            self.paragraph("summary_roles_unclear");
        }
        let patterns = self.patterns();
        if patterns.is_empty() {
            self.paragraph("summary_no_patterns");
        } else {
            self.paragraph("summary_patterns");
            // The strongest statements first: dynamics, then recurrence by size.
            let order = |k: &Kind| match k {
                Kind::Escalation | Kind::EscalationFrequency => 0,
                Kind::Separation | Kind::PostSeparationStalking => 1,
                Kind::OrderBreach | Kind::ComplaintWithdrawn => 2,
                Kind::Recurrence => 3,
                _ => 4,
            };
            let mut sorted = patterns.clone();
            sorted.sort_by_key(|p| (order(&p.kind), std::cmp::Reverse(p.incidents.len()), p.start));
            let items = sorted.iter().map(|p| self.pattern_sentence(p, false)).collect();
            self.blocks.push(Block::Bullets(items));
        }
        let flags: BTreeSet<String> = self
            .f
            .red_flags
            .iter()
            .filter(|r| r.case == self.case.id)
            .map(|r| self.label("red_flag", &r.flag_id()))
            .collect();
        if !flags.is_empty() {
            let list = flags.into_iter().collect::<Vec<_>>().join(", ");
            self.blocks
                .push(Block::Paragraph(plain(w.fill("summary_red_flags", &[("list", list)]))));
        }
        let gaps = self.f.gaps.iter().filter(|g| g.case == self.case.id).count();
        self.blocks.push(Block::Paragraph(plain(
            w.fill("summary_gaps", &[("n", gaps.to_string())]),
        )));
        self.blocks.push(Block::PageBreak);
    }

    fn categories(&mut self) {
        let w = self.w;
        self.heading(1, "categories");
        self.paragraph("categories_intro");
        // Per category: the case's incidents with it, in time order.
        let mut per: BTreeMap<&str, Vec<&Incident>> = BTreeMap::new();
        for i in &self.incidents {
            for c in &i.categories {
                per.entry(c.as_str()).or_default().push(i);
            }
        }
        // Most frequent first, then by name, so the reader meets the core of the pattern.
        let mut order: Vec<(&str, Vec<&Incident>)> = per.into_iter().collect();
        order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        for (category, list) in order {
            let first = list.first().map(|i| self.when_label(&i.when)).unwrap_or_default();
            let last = list.last().map(|i| self.when_label(&i.when)).unwrap_or_default();
            let orgs: BTreeSet<String> = list.iter().flat_map(|i| i.organisations.iter().cloned()).collect();
            self.blocks.push(Block::Heading {
                level: 2,
                text: capitalise(&self.category(category)),
            });
            let line = w.fill(
                "category_line",
                &[
                    ("n", list.len().to_string()),
                    ("first", first),
                    ("last", last),
                    ("organisations", self.organisations(&orgs)),
                ],
            );
            self.blocks.push(Block::Paragraph(plain(line)));
            // Up to three quotes from different records of this case.
            let mut quotes = Vec::new();
            if let Some(evidence) = self.f.categories.get(category) {
                for e in evidence
                    .records
                    .iter()
                    .filter(|e| self.case_records.contains(e.record.as_str()))
                {
                    if quotes.len() == 3 {
                        break;
                    }
                    if let Some(text) = self.evidence_quote(e) {
                        let mut rich = vec![Span::Italic(text), Span::Plain(" ".into())];
                        rich.push(Span::Reference(e.record.clone()));
                        quotes.push(rich);
                    }
                }
            }
            if !quotes.is_empty() {
                self.blocks.push(Block::Bullets(quotes));
            }
        }
    }

    fn dynamics(&mut self) {
        let w = self.w;
        self.heading(1, "dynamics");
        self.paragraph("dynamics_intro");
        let points: Vec<ChartPoint> = self
            .incidents
            .iter()
            .filter_map(|i| {
                let (first, last) = i.days.span()?;
                Some(ChartPoint {
                    first,
                    last,
                    severity: i.severity.clamp(1, 5),
                })
            })
            .collect();
        let mut markers = Vec::new();
        for p in self.patterns() {
            if p.kind == Kind::Separation {
                // Drawn on the first day its evidence may stand for.
                if let Some(start) = p.start {
                    markers.push(Marker {
                        day: start.day,
                        kind: MarkerKind::Separation,
                    });
                }
            }
        }
        let orders: BTreeSet<&str> = self
            .f
            .breaches
            .iter()
            .filter(|b| b.case == self.case.id)
            .map(|b| b.order.as_str())
            .collect();
        for r in &self.case.records {
            let Some(record) = self.records.get(r.as_str()) else {
                continue;
            };
            let nature = self.f.account_nature.get(r).copied();
            let kind =
                if orders.contains(r.as_str()) || record.kind.canonical == crate::model::RecordKind::RestrainingOrder {
                    Some(MarkerKind::Order)
                } else if nature == Some(crate::graph::Nature::Decision) {
                    Some(MarkerKind::Decision)
                } else {
                    None
                };
            let day = record
                .act
                .as_ref()
                .or(record.registered.as_ref())
                .map(|w| w.earliest().date());
            if let (Some(kind), Some(day)) = (kind, day) {
                markers.push(Marker { day, kind });
            }
        }
        markers.sort_by_key(|m| (m.day, m.kind as u8));
        markers.dedup();
        self.blocks.push(Block::Chart(Chart {
            title: w.text("chart_title"),
            points,
            markers,
            legend: [
                w.text("chart_severity"),
                w.text("chart_incident"),
                w.text("chart_separation"),
                w.text("chart_order"),
                w.text("chart_decision"),
            ],
        }));
        self.blocks.push(Block::Heading {
            level: 2,
            text: w.text("phases"),
        });
        let phases: Vec<Rich> = self
            .patterns()
            .into_iter()
            .filter(|p| {
                matches!(
                    p.kind,
                    Kind::Escalation
                        | Kind::EscalationFrequency
                        | Kind::Separation
                        | Kind::PostSeparationStalking
                        | Kind::MultiAgencyConvergence
                )
            })
            .map(|p| self.pattern_sentence(p, true))
            .collect();
        if phases.is_empty() {
            self.paragraph("no_phases");
        } else {
            self.blocks.push(Block::Bullets(phases));
        }
    }

    fn red_flags(&mut self) {
        self.heading(1, "red_flags");
        self.paragraph("red_flags_intro");
        let items: Vec<Rich> = self
            .f
            .red_flags
            .iter()
            .filter(|r| r.case == self.case.id)
            .map(|r| {
                let when = match (r.start, r.end) {
                    (Some(a), Some(b)) if a.label() != b.label() => format!("{} – {}", a.label(), b.label()),
                    (Some(a), _) => a.label(),
                    _ => "?".into(),
                };
                let mut rich = vec![
                    Span::Bold(capitalise(&self.label("red_flag", &r.flag_id()))),
                    Span::Plain(format!(" ({when}): {}", self.detail(r))),
                ];
                rich.extend(references(&r.records));
                rich
            })
            .collect();
        if items.is_empty() {
            self.paragraph("no_red_flags");
        } else {
            self.blocks.push(Block::Bullets(items));
        }
    }

    fn incident_when(&self, id: &str) -> String {
        self.incidents
            .iter()
            .find(|i| i.id == id)
            .map(|i| self.when_label(&i.when))
            .unwrap_or_else(|| id.to_string())
    }

    fn breaches(&mut self) {
        self.heading(1, "breaches");
        let items: Vec<Rich> = self
            .f
            .breaches
            .iter()
            .filter(|b| b.case == self.case.id)
            .map(|b| {
                let order = self
                    .records
                    .get(b.order.as_str())
                    .map(|r| r.label.clone())
                    .unwrap_or_default();
                let line = self.w.fill(
                    "breach_line",
                    &[
                        ("incident_date", self.incident_when(&b.incident)),
                        ("order", order),
                        ("order_ref", b.order.clone()),
                    ],
                );
                let refs: Vec<String> = self
                    .incidents
                    .iter()
                    .find(|i| i.id == b.incident)
                    .map(|i| i.records.clone())
                    .unwrap_or_default();
                with_refs(line, &refs)
            })
            .collect();
        if items.is_empty() {
            self.paragraph("no_breaches");
        } else {
            self.blocks.push(Block::Bullets(items));
        }
    }

    fn children(&mut self) {
        self.heading(1, "children_section");
        if self.case.children.is_empty() {
            self.paragraph("no_children");
            return;
        }
        let names = self
            .case
            .children
            .iter()
            .map(|c| self.name(c))
            .collect::<Vec<_>>()
            .join(", ");
        self.blocks.push(Block::Paragraph(plain(
            self.w.fill("children_intro", &[("names", names)]),
        )));
        let items: Vec<Rich> = self
            .patterns()
            .into_iter()
            .filter(|p| p.kind == Kind::ChildrenPresent || p.category.as_deref() == Some("use_of_children"))
            .map(|p| self.pattern_sentence(p, true))
            .collect();
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
    }

    fn homicide_timeline(&mut self) {
        let stages: Vec<Rich> = self
            .f
            .homicide_timeline
            .stages
            .iter()
            .filter(|s| s.case == self.case.id)
            .map(|s| {
                let mut rich = vec![
                    Span::Bold(format!(
                        "{} {}: {}",
                        self.w.text("timeline_stage"),
                        s.stage,
                        self.label("homicide_stage", &s.stage.to_string())
                    )),
                    Span::Plain(format!(" — {}", self.stage_basis(s))),
                ];
                rich.extend(references(&s.records));
                rich
            })
            .collect();
        self.heading(1, "timeline_model");
        self.blocks
            .push(Block::Notice(plain(self.w.text("timeline_model_intro"))));
        if !stages.is_empty() {
            self.blocks.push(Block::Bullets(stages));
        }
    }

    fn chronology(&mut self) {
        let w = self.w;
        self.heading(1, "chronology");
        self.paragraph("chronology_intro");
        let columns = self.columns(&[
            ("col_date", 15),
            ("col_organisation", 11),
            ("col_record", 26),
            ("col_nature", 13),
            ("col_content", 35),
        ]);
        for (n, incident) in self.incidents.iter().enumerate() {
            let cats: Vec<String> = incident.categories.iter().map(|c| self.category(c)).collect();
            let title = format!(
                "{}. {}{}",
                n + 1,
                self.when_label(&incident.when),
                if cats.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", cats.join(", "))
                }
            );
            self.blocks.push(Block::Heading { level: 2, text: title });
            let rows = incident.records.iter().map(|r| self.account_row(r)).collect();
            self.blocks.push(Block::Table {
                columns: columns.clone(),
                rows,
            });
            // Contradicting accounts side by side: what asserts the behaviour, and what
            // negates or denies it, each with its own words.
            for c in self.f.contradictions.iter().filter(|c| c.incident == incident.id) {
                self.blocks.push(Block::Paragraph(vec![Span::Bold(
                    w.fill("contradiction", &[("category", self.category(&c.category))]),
                )]));
                let mut asserted: Rich = Vec::new();
                for r in &c.asserted_by {
                    if !asserted.is_empty() {
                        asserted.push(Span::Plain(" ".into()));
                    }
                    asserted.push(Span::Reference(r.clone()));
                    if let Some(q) = self.asserting_quote(&c.category, r) {
                        asserted.push(Span::Italic(format!(" {q}")));
                    }
                }
                let mut disputed: Rich = Vec::new();
                for d in &c.disputed_by {
                    if !disputed.is_empty() {
                        disputed.push(Span::Plain(" ".into()));
                    }
                    disputed.push(Span::Reference(d.record.clone()));
                    disputed.push(Span::Plain(format!(" ({})", self.label("voice", &key_of(&d.voice)))));
                    disputed.push(Span::Italic(format!(" “{}”", shorten(&d.sentence, 160))));
                }
                self.blocks.push(Block::Table {
                    columns: self.columns(&[("asserted", 50), ("disputed", 50)]),
                    rows: vec![vec![asserted, disputed]],
                });
            }
        }
        // Decisions and other procedural records of the case, which belong to no incident.
        let procedural: Vec<&str> = self
            .case
            .records
            .iter()
            .map(String::as_str)
            .filter(|r| !self.incidents.iter().any(|i| i.records.iter().any(|x| x == r)))
            .collect();
        if !procedural.is_empty() {
            self.blocks.push(Block::Heading {
                level: 2,
                text: w.text("procedural"),
            });
            let rows = procedural.iter().map(|r| self.account_row(r)).collect();
            self.blocks.push(Block::Table {
                columns: columns.clone(),
                rows,
            });
        }
        if !self.context.is_empty() {
            self.blocks.push(Block::Heading {
                level: 2,
                text: w.text("context_records"),
            });
            self.paragraph("context_intro");
            let mut context: Vec<&str> = self.context.iter().copied().collect();
            context.sort_by_key(|r| {
                let when = self
                    .records
                    .get(r)
                    .and_then(|x| x.act.as_ref().or(x.registered.as_ref()));
                (when.map(|w| w.earliest()), r.to_string())
            });
            let rows = context.iter().map(|r| self.account_row(r)).collect();
            self.blocks.push(Block::Table { columns, rows });
        }
    }

    /// What triggered a category in a record: its sentence in the record's own words
    /// (quoted), or the structured field and value.
    fn evidence_quote(&self, e: &crate::findings::RecordEvidence) -> Option<String> {
        use crate::classify::Trigger;
        match &e.trigger {
            // An investigator's judgement is shown as theirs, never as the record's words.
            Trigger::Coding {
                investigator,
                date,
                reason,
                ..
            } => Some(self.w.fill(
                "quote_coding",
                &[
                    ("by", investigator.clone()),
                    ("date", date.to_string()),
                    ("reason", reason.clone()),
                ],
            )),
            Trigger::Words { words, .. } => self
                .records
                .get(e.record.as_str())
                .and_then(|r| quote_from(r, words))
                .map(|q| format!("“{q}”")),
            Trigger::Field { field, value } => Some(
                self.w
                    .fill("quote_field", &[("field", field.clone()), ("value", value.clone())]),
            ),
        }
    }

    /// The evidence of `category` in `record`, quoted as in chapter 2.
    fn asserting_quote(&self, category: &str, record: &str) -> Option<String> {
        let evidence = self.f.categories.get(category)?;
        self.evidence_quote(evidence.records.iter().find(|e| e.record == record)?)
    }

    /// One account in the chronology: date, organisation, reference, nature, content.
    fn account_row(&self, reference: &str) -> Vec<Rich> {
        let record = self.records.get(reference);
        let date = record
            .and_then(|r| r.act.as_ref().or(r.registered.as_ref()))
            .map(|w| format!("{} ({})", w.label(), self.label("precision", w.precision().key())))
            .unwrap_or_else(|| "?".into());
        let organisation = record
            .map(|r| self.label("organisation", &r.layout))
            .unwrap_or_default();
        let nature = self
            .f
            .account_nature
            .get(reference)
            .map(|n| self.label("nature", &key_of(n)))
            .unwrap_or_default();
        let content = record
            .map(|r| {
                let mut s = r.label.clone();
                if let Some(n) = &r.narrative {
                    s.push_str(": ");
                    s.push_str(&shorten(n, 1200));
                    if n.chars().count() > 1200 {
                        s.push_str(&format!(" {}", self.w.text("shortened")));
                    }
                }
                s
            })
            .unwrap_or_default();
        vec![
            plain(date),
            plain(organisation),
            vec![Span::Reference(reference.to_string())],
            plain(nature),
            plain(content),
        ]
    }

    fn gaps(&mut self) {
        self.heading(1, "gaps");
        self.paragraph("gaps_intro");
        let items: Vec<Rich> = self
            .f
            .gaps
            .iter()
            .filter(|g| g.case == self.case.id)
            .map(|g| {
                let template = self.w.get("gap", &g.kind.id());
                let what = g
                    .incidents
                    .first()
                    .and_then(|id| self.incidents.iter().find(|i| &i.id == id))
                    .map(|i| {
                        i.categories
                            .iter()
                            .map(|c| self.category(c))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                let text = crate::wording::fill(
                    &template,
                    &[
                        ("what", what),
                        ("start", day_or_unknown(g.start)),
                        ("end", day_or_unknown(g.end)),
                    ],
                );
                with_refs(format!("{text} ({})", self.detail(g)), &g.records)
            })
            .collect();
        if items.is_empty() {
            self.paragraph("no_gaps");
        } else {
            self.blocks.push(Block::Bullets(items));
        }
    }

    fn persons(&mut self) {
        let w = self.w;
        self.heading(1, "persons");
        self.paragraph("persons_intro");
        let mut ids: Vec<&str> = vec![self.case.victim.as_str(), self.case.suspect.as_str()];
        ids.extend(self.case.children.iter().map(String::as_str));
        ids.extend(self.case.others.iter().map(String::as_str));
        // An earlier victim of the same suspect is part of what the dossier says.
        let earlier: Vec<String> = self
            .f
            .red_flags
            .iter()
            .chain(&self.f.patterns)
            .filter(|f| f.case == self.case.id)
            .filter_map(|f| match &f.facts {
                Facts::PriorVictim { victim, .. } => Some(victim.clone()),
                _ => None,
            })
            .collect();
        for victim in &earlier {
            if !ids.contains(&victim.as_str()) {
                ids.push(victim);
            }
        }
        let columns = self.columns(&[
            ("col_person", 22),
            ("col_role", 14),
            ("col_names", 44),
            ("col_birth", 20),
        ]);
        let rows = ids
            .iter()
            .filter_map(|id| self.persons.get(id))
            .map(|p| {
                let mut name = vec![Span::Bold(p.name.clone()), Span::Plain(format!(" ({})", p.id))];
                if p.override_applied {
                    name.push(Span::Italic(format!(" — {}", w.text("override_mark"))));
                }
                let roles = p
                    .roles
                    .iter()
                    .map(|r| self.label("role", &key_of(r)))
                    .collect::<Vec<_>>()
                    .join(", ");
                vec![
                    name,
                    plain(roles),
                    plain(p.name_variants.join("; ")),
                    plain(p.birth_dates.join(", ")),
                ]
            })
            .collect();
        self.blocks.push(Block::Table { columns, rows });
        // The resolution decisions behind each person: which mentions were joined, by which
        // rule, on what agreement and despite what difference.
        for id in &ids {
            let Some(p) = self.persons.get(id) else { continue };
            if p.merges.is_empty() {
                continue;
            }
            self.blocks.push(Block::Heading {
                level: 3,
                text: w.fill(
                    "merges_of",
                    &[("name", p.name.clone()), ("n", p.merges.len().to_string())],
                ),
            });
            // Joins on the same BSN or name and birth date where only the spelling differed
            // are counted per rule; every other join is listed with its reasons.
            use crate::resolve::persons::{MergeRule, NameEvidence};
            let plain_join = |m: &&crate::resolve::persons::Merge| {
                matches!(m.rule, MergeRule::Bsn | MergeRule::NameBirthDate)
                    && m.judgement.is_none()
                    && m.differed.iter().all(|d| matches!(d, NameEvidence::Spelling { .. }))
            };
            let mut routine: BTreeMap<MergeRule, usize> = BTreeMap::new();
            for m in p.merges.iter().filter(plain_join) {
                *routine.entry(m.rule).or_default() += 1;
            }
            let evidence =
                |list: &[NameEvidence]| list.iter().map(|e| w.name_evidence(e)).collect::<Vec<_>>().join(", ");
            let mut items: Vec<Rich> = p
                .merges
                .iter()
                .filter(|m| !plain_join(m))
                .map(|m| {
                    let mut rich = vec![
                        Span::Reference(mention_record(&m.a)),
                        Span::Plain(" = ".into()),
                        Span::Reference(mention_record(&m.b)),
                        Span::Plain(format!(" ({})", self.label("merge_rule", &key_of(&m.rule)))),
                    ];
                    if !m.agreed.is_empty() {
                        rich.push(Span::Plain(format!("; {}: {}", w.text("agreed"), evidence(&m.agreed))));
                    }
                    if !m.differed.is_empty() {
                        rich.push(Span::Plain(format!(
                            "; {}: {}",
                            w.text("differed"),
                            evidence(&m.differed)
                        )));
                    }
                    if let Some(j) = &m.judgement {
                        rich.push(Span::Italic(format!(
                            " — {}: {}, {}",
                            w.text("override_mark"),
                            j.by,
                            j.reason
                        )));
                    }
                    rich
                })
                .collect();
            for (rule, n) in routine {
                items.push(plain(w.fill(
                    "routine_merges",
                    &[("n", n.to_string()), ("rule", self.label("merge_rule", &key_of(&rule)))],
                )));
            }
            self.blocks.push(Block::Bullets(items));
        }
        let unresolved: Vec<Rich> = self
            .f
            .unresolved
            .iter()
            .filter(|u| self.case_records.contains(u.record.as_str()))
            .map(|u| {
                with_refs(
                    format!("“{}” ({})", u.text, self.label("role", &key_of(&u.role))),
                    std::slice::from_ref(&u.record),
                )
            })
            .collect();
        if !unresolved.is_empty() {
            self.blocks.push(Block::Heading {
                level: 2,
                text: w.text("unresolved"),
            });
            self.blocks.push(Block::Bullets(unresolved));
        }
    }

    fn sources(&mut self) {
        self.heading(1, "sources_section");
        let columns = self.columns(&[
            ("col_file", 30),
            ("col_layout", 15),
            ("col_counts", 17),
            ("col_hash", 38),
        ]);
        let rows = self
            .f
            .sources
            .iter()
            .map(|s| {
                vec![
                    plain(s.file.clone()),
                    plain(s.layout.clone()),
                    plain(format!("{} / {} / {}", s.read, s.accepted, s.rejected)),
                    plain(s.sha256.clone()),
                ]
            })
            .collect();
        self.blocks.push(Block::Table { columns, rows });
    }

    fn rejects(&mut self) {
        self.heading(1, "rejects");
        if self.f.rejects.is_empty() {
            self.paragraph("no_rejects");
            return;
        }
        let columns = self.columns(&[("col_place", 35), ("col_reason", 65)]);
        let rows = self
            .f
            .rejects
            .iter()
            .map(|r| {
                let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
                let field = r.field.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
                vec![
                    plain(format!("{}{line}{field}", r.file)),
                    plain(self.w.problem(&r.problem)),
                ]
            })
            .collect();
        self.blocks.push(Block::Table { columns, rows });
    }

    fn legal(&mut self) {
        self.heading(1, "legal");
        self.blocks.push(Block::Notice(plain(self.w.text("legal_intro"))));
        let present: BTreeSet<&str> = self
            .incidents
            .iter()
            .flat_map(|i| i.categories.iter().map(String::as_str))
            .collect();
        let items: Vec<Rich> = present
            .iter()
            .filter_map(|c| {
                let article = self.w.lookup("legal", c)?;
                let refs: Vec<String> = self
                    .f
                    .categories
                    .get(*c)
                    .map(|e| {
                        e.records
                            .iter()
                            .filter(|x| self.case_records.contains(x.record.as_str()))
                            .take(3)
                            .map(|x| x.record.clone())
                            .collect()
                    })
                    .unwrap_or_default();
                let mut rich = vec![
                    Span::Bold(capitalise(&self.category(c))),
                    Span::Plain(format!(": {article}")),
                ];
                rich.extend(references(&refs));
                Some(rich)
            })
            .collect();
        if !items.is_empty() {
            self.blocks.push(Block::Bullets(items));
        }
    }

    fn method(&mut self) {
        self.heading(1, "method");
        for paragraph in self.w.text("method_text").lines() {
            self.blocks.push(Block::Paragraph(plain(paragraph)));
        }
    }

    fn outside(&mut self) {
        let w = self.w;
        self.blocks.push(Block::PageBreak);
        self.heading(1, "outside");
        self.paragraph("outside_intro");
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for c in &self.f.cases {
            for r in &c.records {
                owner.entry(r.as_str()).or_insert(c.id.as_str());
            }
        }
        let procedural: BTreeSet<&str> = self.f.procedural_records.iter().map(|p| p.record.as_str()).collect();
        // Records whose persons are named only by their role ("moeder", "vriend van
        // moeder"): no person, so no case, can be tied to them without an investigator.
        let mut by_role_only: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for u in &self.f.unresolved {
            by_role_only.entry(u.record.as_str()).or_default().push(u.text.as_str());
        }
        let mut references: Vec<&str> = self
            .records
            .keys()
            .copied()
            .filter(|r| !self.case_records.contains(r) && !self.context.contains(r))
            .collect();
        references.sort_unstable();
        if references.is_empty() {
            self.paragraph("no_outside");
            return;
        }
        let columns = self.columns(&[("col_record", 35), ("col_reason", 65)]);
        let rows = references
            .into_iter()
            .map(|r| {
                let reason = match owner.get(r) {
                    Some(case) => w.fill("outside_other_case", &[("case", case.to_string())]),
                    None if procedural.contains(r) => w.text("outside_no_incident"),
                    None => match by_role_only.get(r) {
                        Some(names) => w.fill(
                            "outside_named_by_role",
                            &[(
                                "names",
                                names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", "),
                            )],
                        ),
                        None => w.text("outside_other_incident"),
                    },
                };
                vec![vec![Span::Reference(r.to_string())], plain(reason)]
            })
            .collect();
        self.blocks.push(Block::Table { columns, rows });
    }
}

impl Builder<'_> {
    /// Whether a record is of this case or its household (the dossier's own records).
    fn own_record(&self, record: &str) -> bool {
        self.case_records.contains(record) || self.context.contains(record)
    }

    /// Annex B: the sentences of this case's records that hold conduct vocabulary no
    /// reading rests on, for a person to read (nothing missed in silence).
    fn unclassified(&mut self) {
        self.heading(1, "unclassified");
        self.paragraph("unclassified_intro");
        let rows: Vec<Vec<Rich>> = self
            .f
            .unclassified
            .iter()
            .filter(|u| self.own_record(&u.record))
            .map(|u| {
                vec![
                    vec![Span::Reference(u.record.clone())],
                    plain(format!("“{}”", u.passage.sentence)),
                    plain(u.passage.words.join(", ")),
                ]
            })
            .collect();
        if rows.is_empty() {
            self.paragraph("no_unclassified");
            return;
        }
        let columns = self.columns(&[("col_record", 25), ("col_sentence", 55), ("col_words", 20)]);
        self.blocks.push(Block::Table { columns, rows });
    }

    /// Annex C: every investigator's coding of this case's records, added or removed, with
    /// who, when and why: their judgement, kept apart from what the lexicon read.
    fn codings(&mut self) {
        self.heading(1, "codings");
        self.paragraph("codings_intro");
        let rows: Vec<Vec<Rich>> = self
            .f
            .codings
            .iter()
            .filter(|c| self.own_record(&c.record))
            .map(|c| {
                let action = match c.action {
                    crate::coding::Action::Add => self.w.text("coding_added"),
                    crate::coding::Action::Remove => self.w.text("coding_removed"),
                };
                let what = match &c.sentence {
                    Some(s) => format!("{action}: {} — “{s}”", self.category(&c.category)),
                    None => format!("{action}: {}", self.category(&c.category)),
                };
                vec![
                    vec![Span::Reference(c.record.clone())],
                    plain(what),
                    plain(format!("{} ({}): {}", c.by, c.date, c.reason)),
                ]
            })
            .collect();
        if rows.is_empty() {
            self.paragraph("no_codings");
            return;
        }
        let columns = self.columns(&[("col_record", 25), ("col_coding", 40), ("col_judgement", 35)]);
        self.blocks.push(Block::Table { columns, rows });
    }
}

/// The record of a mention key (`politie:PL…#p3` → `politie:PL…`).
fn mention_record(mention: &str) -> String {
    match mention.rfind("#p") {
        Some(k) if mention[k + 2..].chars().all(|c| c.is_ascii_digit()) => mention[..k].to_string(),
        _ => mention.to_string(),
    }
}

/// "fysiek geweld" → "Fysiek geweld".
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Today's date for the cover, or the date of `SOURCE_DATE_EPOCH` (reproducible builds).
pub fn generation_date() -> String {
    let from_env = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok());
    let date = match from_env {
        Some(secs) => chrono::DateTime::from_timestamp(secs, 0).map(|d| d.date_naive()),
        None => Some(chrono::Utc::now().date_naive()),
    };
    date.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        .unwrap_or_default()
}

/// A finding's bound as precise as its records (`2021`, `2021-09`, `2021-09-01`), or "?"
/// when it has none.
fn day_or_unknown(bound: Option<Bound>) -> String {
    bound.map_or_else(|| "?".into(), |b| b.label())
}
