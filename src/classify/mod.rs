//! Stage `classify`: what each record says happened, read one record at a time — which
//! behaviour categories its fields state and its narrative asserts, each with the words or
//! field that triggered it and the rule that read them. It runs before `resolve` because
//! conduct disclosed inside another record's account (months of forced sex told during a
//! report about one night) is an incident of its own, and resolve needs to know what the
//! text says to find it.
//!
//! The narrative is read the way Dutch case files are written ([`tokens`], [`lemmas`],
//! [`doc`]): each word is mapped to its lemma, so a rule written for `slaan` reads
//! `sloeg`, `geslagen` and `sloeg … neer`; each clause gets its frame, so a negation
//! ("heeft haar niet geslagen"), the suspect's denial ("ontkent dat hij …"), a threat
//! ("dreigde haar te slaan" is a threat, not a blow), a wish or a fear, and the victim's
//! own act ("zij deed zelf een suïcidepoging") do not count as the act. The rules are data
//! (`templates/lexicon.toml`, [`lexicon`]); [`engine`] matches them.
//!
//! A hit is a candidate, never a finding: it is kept with its words, its sentence and its
//! rule, so that a reader can check it.

pub mod doc;
pub mod engine;
pub mod lemmas;
pub mod lexicon;
pub mod score;
pub mod tokens;

use crate::model::Record;
use crate::templates::TemplateError;
use serde::{Deserialize, Serialize};

/// The category ids a rule may assign: the behaviour categories of the domain reference
/// (§1.2), `coercive_control`, and the context ids the dossier uses.
pub const CATEGORIES: &[&str] = &[
    "physical_violence",
    "strangulation",
    "weapon",
    "sexual_violence",
    "threat_to_kill",
    "threat",
    "suicide_threat",
    "intimidation",
    "isolation",
    "monitoring",
    "micro_regulation",
    "economic_control",
    "degradation",
    "jealousy",
    "restriction_of_liberty",
    "stalking",
    "use_of_children",
    "children_present",
    "property_damage",
    "animal_abuse",
    "image_based_abuse",
    "honour_based_violence",
    "forced_marriage",
    "abandonment_abroad",
    "fgm",
    "order_breach",
    "verbal_abuse",
    "system_abuse",
    "coercive_control",
    "ctx_separation",
    "complaint_withdrawn",
    "victim_fear",
];

/// Why a category was assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Trigger {
    /// A structured field.
    Field {
        /// The field (`codes` or an attribute name).
        field: String,
        /// Its value.
        value: String,
    },
    /// Words in the narrative.
    Words {
        /// The words that matched, in the record's own spelling (parts apart joined by " … ").
        words: String,
        /// The sentence they stand in, in the record's own spelling.
        sentence: String,
        /// The lexicon rule that read them.
        rule: String,
    },
    /// An investigator's judgement (`--coding`), never the lexicon's.
    Coding {
        /// Who judged.
        investigator: String,
        /// When.
        date: chrono::NaiveDate,
        /// Why, in the investigator's words.
        reason: String,
        /// The sentence judged, when the coding names one.
        #[serde(skip_serializing_if = "Option::is_none")]
        sentence: Option<String>,
    },
}

/// One lexicon hit: a category asserted by words in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The category id.
    pub category: String,
    /// The words that matched, in the record's own spelling.
    pub words: String,
    /// The sentence they stand in, in the record's own spelling.
    pub sentence: String,
    /// The part of the sentence between semicolons the words stand in ("eerder op
    /// 13-01-2024 wurging" in "Opgelegd na bedreiging op 10-02-2024; eerder op 13-01-2024
    /// wurging"): the stretch a date in the text places.
    pub part: String,
    /// The lexicon rule.
    pub rule: String,
}

impl Hit {
    /// The trigger of a reading that rests on this hit's words.
    fn trigger(&self) -> Trigger {
        Trigger::Words {
            words: self.words.clone(),
            sentence: self.sentence.clone(),
            rule: self.rule.clone(),
        }
    }
}

/// What one record says: its categories, and every narrative hit with its sentence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reading {
    /// One assignment per category.
    pub assignments: Vec<Assignment>,
    /// Every narrative hit that counts, in text order.
    pub hits: Vec<Hit>,
    /// Hits that do not count because they are negated ("geen letsel") or the suspect's
    /// denial. Kept to show where accounts contradict each other.
    pub disputed: Vec<Dispute>,
    /// Sentences that hold conduct vocabulary no reading rests on: nothing missed in
    /// silence (`patroon review`, the dossier's appendix "Passages zonder categorie").
    pub unread: Vec<Passage>,
}

/// A sentence that holds conduct vocabulary (`templates/review.toml`) that no reading of
/// the lexicon rests on: no rule read those words, neither as an act nor as a denial,
/// threat or fear.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Passage {
    /// The sentence, in the text's own spelling.
    pub sentence: String,
    /// The conduct words no reading rests on, in the text's own spelling.
    pub words: Vec<String>,
}

/// A review passage with its record: one line of `patroon review --json`, of the findings'
/// `unclassified` list and of the dossier's appendix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RecordPassage {
    /// The record reference.
    pub record: String,
    /// The sentence and its unread conduct words.
    #[serde(flatten)]
    pub passage: Passage,
}

/// Which hits a reading quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hits {
    /// Every hit, with why it does not count (`patroon classify`).
    All,
    /// Those that tell something: asserted, negated or denied (a record's reading).
    Telling,
}

/// The conduct vocabulary `patroon review` looks for: broad on purpose.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewFile {
    version: String,
    /// Category → the words that point to it.
    words: std::collections::BTreeMap<String, Vec<String>>,
}

/// The class names the review vocabulary is compiled under (a lexicon may not use them).
const REVIEW_CLASS: &str = "review_vocabulary:";

/// How a lexicon hit stands in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    /// The sentence says it happened.
    Asserted,
    /// The sentence says it did not ("heeft haar niet geslagen", "niet bewezen").
    Negated,
    /// The suspect denies it.
    Suspect,
    /// Not an event: a condition, a wish, a fear, or only the content of a threat.
    Hypothetical,
    /// Someone else's act than the suspect's (the victim's own, an authority's), or the
    /// same act named more precisely by another rule.
    Attributed,
}

/// A hit that does not count, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dispute {
    /// The hit.
    #[serde(flatten)]
    pub hit: Hit,
    /// Negated, or the suspect's denial.
    pub voice: Voice,
}

impl Reading {
    /// True when the record asserts `category`.
    pub fn has(&self, category: &str) -> bool {
        self.assignments.iter().any(|a| a.category == category)
    }
}

/// One category of one record, with what triggered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// The category id.
    pub category: String,
    /// The trigger.
    #[serde(flatten)]
    pub trigger: Trigger,
}

/// Every hit of a text with how it stands: what `patroon classify` shows a domain expert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextHit {
    /// The category.
    pub category: String,
    /// The words, in the text's own spelling.
    pub words: String,
    /// The sentence.
    pub sentence: String,
    /// The part of the sentence between semicolons the words stand in.
    #[serde(skip)]
    pub part: String,
    /// The rule id.
    pub rule: String,
    /// How it stands.
    pub voice: Voice,
    /// Why it does not count, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    #[serde(rename = "field")]
    fields: Vec<FieldRule>,
    #[serde(default, rename = "implies")]
    implies: Vec<Implication>,
    /// Categories that make a record a step about an earlier registration.
    #[serde(default)]
    follow_up: Vec<String>,
}

/// One category that brings another with it in a record's reading (a convention of the
/// pipeline, not something the text says: `classify` on a text shows it apart).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Implication {
    category: String,
    also: String,
}

/// A structured-field rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldRule {
    category: String,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    attribute: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    not_value: Option<String>,
    #[serde(default)]
    layout: Option<String>,
}

/// The lemma table, the lexicon and the field rules.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// The lexicon's version, reported with every finding.
    pub version: String,
    /// The lemma table's version.
    pub lemmas_version: String,
    /// The review vocabulary's version.
    pub review_version: String,
    /// The review vocabulary: per category, the compiled class of its words.
    review: Vec<(String, usize)>,
    /// All review words in one class.
    review_any: Option<usize>,
    lemmas: lemmas::Lemmatizer,
    lexicon: lexicon::Lexicon,
    index: engine::RuleIndex,
    frames: doc::FrameClasses,
    fields: Vec<FieldRule>,
    implies: Vec<Implication>,
    /// A record read as one of these is a step about an earlier registration (a
    /// withdrawal): the codes it carries name that registration's act, not an act of its own.
    follow_up: Vec<String>,
}

/// Lower case without accents, punctuation kept.
pub fn fold_text(s: &str) -> String {
    tokens::fold(s)
}

impl Classifier {
    /// Builds a classifier from the texts of `lexicon.toml`, `lemmas.toml`, `fields.toml`
    /// and `review.toml`.
    pub fn from_toml(lexicon: &str, lemma_table: &str, fields: &str, review: &str) -> Result<Classifier, String> {
        let mut file: lexicon::LexiconFile = toml::from_str(lexicon).map_err(|e| format!("lexicon: {e}"))?;
        let review: ReviewFile = toml::from_str(review).map_err(|e| format!("review: {e}"))?;
        // The review words are written like lexicon classes and read by the same lemmas.
        for (category, words) in &review.words {
            if !CATEGORIES.contains(&category.as_str()) {
                return Err(format!("review: onbekende categorie {category}"));
            }
            if file
                .classes
                .insert(format!("{REVIEW_CLASS}{category}"), words.clone())
                .is_some()
            {
                return Err(format!(
                    "lexicon: de klassenaam {REVIEW_CLASS}{category} is voorbehouden aan review.toml"
                ));
            }
        }
        // All of them in one class: most words of a text are none of them, and one lookup
        // tells.
        let all_review_words: Vec<String> = review.words.values().flatten().cloned().collect();
        file.classes.insert(format!("{REVIEW_CLASS}*"), all_review_words);
        let table: lemmas::LemmaFile = toml::from_str(lemma_table).map_err(|e| format!("lemmas: {e}"))?;
        let fields: FieldsFile = toml::from_str(fields).map_err(|e| format!("fields: {e}"))?;
        for category in fields.fields.iter().map(|f| &f.category).chain(&fields.follow_up) {
            if !CATEGORIES.contains(&category.as_str()) {
                return Err(format!("fields: onbekende categorie {category}"));
            }
        }
        let (mut known, in_phrases) = lexicon::lemmas_named(&file);
        known.extend(table.verbs.keys().cloned());
        known.extend(table.forms.values().cloned());
        let lemmatizer = lemmas::Lemmatizer::new(&table, known, in_phrases);
        let compiled =
            lexicon::Lexicon::compile(&file, &lemmatizer, CATEGORIES).map_err(|e| format!("lexicon: {e}"))?;
        Ok(Classifier {
            version: file.version.clone(),
            lemmas_version: table.version.clone(),
            review_version: review.version,
            review: review
                .words
                .keys()
                .filter_map(|c| compiled.class(&format!("{REVIEW_CLASS}{c}")).map(|k| (c.clone(), k)))
                .collect(),
            review_any: compiled.class(&format!("{REVIEW_CLASS}*")),
            index: engine::RuleIndex::build(&compiled),
            frames: doc::FrameClasses::of(&compiled),
            lemmas: lemmatizer,
            lexicon: compiled,
            fields: fields.fields,
            implies: fields.implies,
            follow_up: fields.follow_up,
        })
    }

    /// The lexicon, lemma table, field rules and review vocabulary from `DIR/lexicon.toml`,
    /// `DIR/lemmas.toml`, `DIR/fields.toml` and `DIR/review.toml` when a templates folder
    /// is given (domain experts editing without a rebuild), else the copy compiled into
    /// the binary.
    pub fn load(templates: Option<&std::path::Path>) -> Result<Classifier, TemplateError> {
        let Some(dir) = templates else {
            return Classifier::built_in();
        };
        let read = |name: &str| crate::templates::read(dir, name);
        Classifier::from_toml(
            &read("lexicon.toml")?,
            &read("lemmas.toml")?,
            &read("fields.toml")?,
            &read("review.toml")?,
        )
        .map_err(|e| TemplateError::invalid(dir.display().to_string(), e))
    }

    /// The lexicon, lemma table and field rules compiled into the binary.
    pub fn built_in() -> Result<Classifier, TemplateError> {
        Classifier::from_toml(
            include_str!("../../templates/lexicon.toml"),
            include_str!("../../templates/lemmas.toml"),
            include_str!("../../templates/fields.toml"),
            include_str!("../../templates/review.toml"),
        )
        .map_err(|e| TemplateError::invalid("templates/", e))
    }

    /// Classifies one record. One assignment per category (the first trigger found:
    /// fields before words), in the order of the category's first appearance.
    pub fn classify(&self, record: &Record) -> Vec<Assignment> {
        self.read(record).assignments
    }

    /// Reads one record: its assignments (one per category) and every narrative hit with
    /// its sentence (a category may be asserted in several sentences, about different
    /// times; resolve needs them all to find conduct disclosed inside another account).
    pub fn read(&self, record: &Record) -> Reading {
        let mut out: Vec<Assignment> = Vec::new();
        let push = |out: &mut Vec<Assignment>, category: &str, trigger: Trigger| {
            if !out.iter().any(|a| a.category == category) {
                out.push(Assignment {
                    category: category.to_string(),
                    trigger,
                });
            }
        };
        for rule in &self.fields {
            if rule.layout.as_deref().is_some_and(|l| l != record.layout) {
                continue;
            }
            for code in &record.codes {
                let folded = fold_text(code);
                if rule.codes.iter().any(|c| folded.contains(c.as_str())) {
                    push(
                        &mut out,
                        &rule.category,
                        Trigger::Field {
                            field: "codes".into(),
                            value: code.clone(),
                        },
                    );
                }
            }
            if let Some(attr) = &rule.attribute {
                if let Some(v) = record.attribute(attr) {
                    let folded = fold_text(v);
                    let fits = rule.value.as_ref().is_none_or(|want| &folded == want)
                        && rule.not_value.as_ref().is_none_or(|not| &folded != not);
                    if fits {
                        push(
                            &mut out,
                            &rule.category,
                            Trigger::Field {
                                field: attr.clone(),
                                value: v.to_string(),
                            },
                        );
                    }
                }
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        let mut disputed = Vec::new();
        let mut unread = Vec::new();
        if let Some(text) = &record.narrative {
            // The children the record's fields name: their first names in the text are
            // children ("tegen Finn heeft gezegd dat mama …").
            let children: Vec<String> = record
                .persons
                .iter()
                .filter(|p| p.role == crate::model::Role::Child)
                .filter_map(|p| {
                    p.name
                        .given_names
                        .as_deref()
                        .or_else(|| p.name.raw.split_whitespace().next())
                        .and_then(|g| g.split_whitespace().next())
                        .map(fold_text)
                })
                .filter(|g| g.chars().count() > 1 && !g.ends_with('.'))
                .collect();
            let (text_hits, passages) = self.analyse(text, &children, Hits::Telling);
            unread = passages;
            for h in text_hits {
                let hit = Hit {
                    category: h.category,
                    words: h.words,
                    sentence: h.sentence,
                    part: h.part,
                    rule: h.rule,
                };
                match h.voice {
                    Voice::Asserted => {
                        push(&mut out, &hit.category, hit.trigger());
                        if !hits.iter().any(|x| x.category == hit.category && x.part == hit.part) {
                            hits.push(hit);
                        }
                    }
                    Voice::Negated | Voice::Suspect => {
                        if !disputed
                            .iter()
                            .any(|d: &Dispute| d.hit.category == hit.category && d.hit.sentence == hit.sentence)
                        {
                            disputed.push(Dispute { hit, voice: h.voice });
                        }
                    }
                    Voice::Hypothetical | Voice::Attributed => {}
                }
            }
        }
        // A withdrawal is a step about an earlier registration, not an account of its act:
        // filed under "F10 Mishandeling", and saying "wil haar aangifte van mishandeling
        // intrekken", it names the assault of the report it withdraws. So on a follow-up
        // record its codes, and what the withdrawing sentence names, are mentions of that
        // earlier act; the rest of its text (the pressure put on her) stands.
        let follow_up = |category: &str| self.follow_up.iter().any(|f| f == category);
        let withdrawing: Vec<String> = hits
            .iter()
            .filter(|h| follow_up(&h.category))
            .map(|h| h.sentence.clone())
            .collect();
        if out.iter().any(|a| follow_up(&a.category)) || !withdrawing.is_empty() {
            hits.retain(|h| follow_up(&h.category) || !withdrawing.contains(&h.sentence));
            out.retain(|a| follow_up(&a.category));
            for h in &hits {
                push(&mut out, &h.category, h.trigger());
            }
        }
        for imp in &self.implies {
            if let Some(a) = out.iter().find(|a| a.category == imp.category).cloned() {
                push(&mut out, &imp.also, a.trigger);
            }
            let implied: Vec<Hit> = hits
                .iter()
                .filter(|h| h.category == imp.category)
                .map(|h| Hit {
                    category: imp.also.clone(),
                    ..h.clone()
                })
                .collect();
            for h in implied {
                if !hits.iter().any(|x| x.category == h.category && x.part == h.part) {
                    hits.push(h);
                }
            }
        }
        Reading {
            assignments: out,
            hits,
            disputed,
            unread,
        }
    }

    /// Every rule hit in a text with how it stands, in text order: the reading a domain
    /// expert checks with `patroon classify`.
    pub fn read_text(&self, text: &str) -> Vec<TextHit> {
        self.read_text_with(text, &[])
    }

    /// [`Self::read_text`], knowing the first names (folded) of the children the record
    /// names.
    pub fn read_text_with(&self, text: &str, children: &[String]) -> Vec<TextHit> {
        self.analyse(text, children, Hits::All).0
    }

    /// The sentences of a text in its own spelling, as the classifier splits them (and as
    /// hits and review passages quote them).
    pub fn sentences(text: &str) -> Vec<String> {
        let toks = tokens::tokenize(text);
        tokens::sentences(text, &toks)
            .iter()
            .filter(|s| s.first < s.end)
            .map(|s| text[toks[s.first].start..toks[s.end - 1].end].trim().to_string())
            .collect()
    }

    /// The sentences of a text that hold conduct vocabulary but got no reading: what
    /// `patroon review` lists.
    pub fn review_text(&self, text: &str) -> Vec<Passage> {
        self.analyse(text, &[], Hits::Telling).1
    }

    /// Every hit of a text, and the sentences with conduct vocabulary that no rule read.
    fn analyse(&self, text: &str, children: &[String], wanted: Hits) -> (Vec<TextHit>, Vec<Passage>) {
        let d = doc::read(text, &self.lemmas, &self.lexicon, &self.frames, children);
        let raw = engine::hits(&d, &self.lexicon, &self.index, &self.frames);
        let mut passages = Vec::new();
        let matcher = doc::Matcher::of_doc(&self.lexicon, &d);
        for (s, sent) in d.sentences.iter().enumerate() {
            // The tokens some reading of this sentence rests on (its words and the particle a
            // verb took back), whatever its voice: a denied or threatened act was read.
            let read: Vec<(usize, usize)> = raw
                .iter()
                .filter(|h| h.sentence == s && !h.incomplete)
                .flat_map(|h| {
                    h.spans.iter().copied().chain(
                        h.spans
                            .iter()
                            .flat_map(|&(a, b)| d.words[a..b].iter().filter_map(|w| w.particle.map(|q| (q, q + 1))))
                            .collect::<Vec<_>>(),
                    )
                })
                .collect();
            let read_categories: Vec<&str> = raw
                .iter()
                .filter(|h| h.sentence == s && !h.incomplete)
                .map(|h| h.category.as_str())
                .collect();
            // Conduct words no reading rests on and whose category the sentence does not
            // have: the sentence went unread, or part of it did ("sloeg haar en wurgde haar"
            // read as violence only).
            let mut found: Vec<((usize, usize), bool)> = Vec::new();
            for p in sent.first..sent.end {
                if matcher.class_at(&d.words, p, self.review_any).is_none() {
                    continue;
                }
                // "geen letsel", "zonder geweld": named as absent.
                let negated = (sent.first..p)
                    .rev()
                    .find(|&k| d.words[k].tok.is_word())
                    .is_some_and(|k| matches!(d.words[k].tok.folded.as_str(), "geen" | "zonder" | "niet"));
                for (category, class) in &self.review {
                    let Some(end) = matcher.class_at(&d.words, p, Some(*class)).filter(|&e| e > p) else {
                        continue;
                    };
                    let explained = negated
                        || read_categories.contains(&category.as_str())
                        || read.iter().any(|&(a, b)| a < end && p < b);
                    match found.iter_mut().find(|(span, _)| *span == (p, end)) {
                        Some((_, e)) => *e |= explained,
                        None => found.push(((p, end), explained)),
                    }
                }
            }
            found.sort();
            let mut words: Vec<String> = Vec::new();
            for ((a, b), explained) in found {
                let w = text[d.words[a].tok.start..d.words[b - 1].tok.end].to_string();
                if !explained && !words.contains(&w) {
                    words.push(w);
                }
            }
            if !words.is_empty() {
                let sentence = text[d.words[sent.first].tok.start..d.words[sent.end - 1].tok.end]
                    .trim()
                    .to_string();
                passages.push(Passage { sentence, words });
            }
        }
        let mut out: Vec<(usize, TextHit)> = raw
            .into_iter()
            .filter(|h| wanted == Hits::All || matches!(h.voice, Voice::Asserted | Voice::Negated | Voice::Suspect))
            .map(|h| {
                // The matched words, with the particle a verb took back ("kneep … dicht").
                let mut spans = h.spans.clone();
                for &(s, e) in &h.spans {
                    for w in &d.words[s..e] {
                        if let Some(p) = w.particle {
                            spans.push((p, p + 1));
                        }
                    }
                }
                spans.sort();
                spans.dedup();
                let words = spans
                    .iter()
                    .map(|&(s, e)| &text[d.words[s].tok.start..d.words[e - 1].tok.end])
                    .collect::<Vec<_>>()
                    .join(" … ");
                let sent = &d.sentences[h.sentence];
                let sentence = text[d.words[sent.first].tok.start..d.words[sent.end - 1].tok.end]
                    .trim()
                    .to_string();
                let first = h.spans.first().map_or(0, |s| s.0);
                let semicolon = |p: usize| matches!(d.words[p].tok.kind, tokens::TokenKind::Punct(';'));
                let part_first = (sent.first..first)
                    .rev()
                    .find(|&p| semicolon(p))
                    .map_or(sent.first, |p| p + 1);
                let part_end = (first..sent.end).find(|&p| semicolon(p)).unwrap_or(sent.end);
                let part = if part_first < part_end {
                    text[d.words[part_first].tok.start..d.words[part_end - 1].tok.end]
                        .trim()
                        .to_string()
                } else {
                    sentence.clone()
                };
                (
                    first,
                    TextHit {
                        category: h.category,
                        words,
                        sentence,
                        part,
                        rule: self.lexicon.rules[h.rule].spec.id.clone(),
                        voice: h.voice,
                        why: h.why.map(str::to_string),
                    },
                )
            })
            .collect();
        out.sort_by_key(|(first, _)| *first);
        (out.into_iter().map(|(_, h)| h).collect(), passages)
    }

    /// Each word of a text with its lemma (and a compound's head, and a re-attached
    /// particle shown as absorbed), clause by clause: how the lexicon sees the text.
    pub fn show_words(&self, text: &str) -> Vec<Vec<String>> {
        let d = doc::read(text, &self.lemmas, &self.lexicon, &self.frames, &[]);
        d.clauses
            .iter()
            .zip(&d.frames)
            .map(|(c, f)| {
                let mut flags: Vec<String> = Vec::new();
                if let Some((_, side)) = f.subject {
                    flags.push(format!("onderwerp {side:?}"));
                }
                if f.passive {
                    flags.push("lijdend".into());
                }
                if let Some(side) = f.speaker {
                    flags.push(format!("spreker {side:?}"));
                }
                for (on, name) in [
                    (f.negated || !f.negators.is_empty(), "ontkenning"),
                    (f.denied, "ontkend door verdachte"),
                    (f.threat, "dreiging"),
                    (f.irrealis, "wens/vrees/toekomst"),
                    (f.conditional, "voorwaarde"),
                    (f.rejected_defence, "verworpen verweer"),
                ] {
                    if on {
                        flags.push(name.into());
                    }
                }
                let mut line: Vec<String> = d.words[c.first..c.end]
                    .iter()
                    .filter(|w| w.tok.is_word())
                    .map(|w| {
                        let mut s = w.tok.folded.clone();
                        if w.absorbed {
                            s.push_str("→(deeltje)");
                        } else if *w.lemma != *w.tok.folded {
                            s.push_str(&format!("→{}", w.lemma));
                        }
                        if w.ids.is_empty() && !w.absorbed {
                            s.push('?');
                        }
                        s
                    })
                    .collect();
                if !flags.is_empty() {
                    line.push(format!("[{}]", flags.join("; ")));
                }
                line
            })
            .collect()
    }

    /// The categories a text asserts (no implications), sorted: what a labelled corpus
    /// is scored against.
    pub fn text_categories(&self, text: &str) -> Vec<String> {
        let mut cats: Vec<String> = self
            .read_text(text)
            .into_iter()
            .filter(|h| h.voice == Voice::Asserted)
            .map(|h| h.category)
            .collect();
        cats.sort();
        cats.dedup();
        cats
    }

    /// Lexicon hits in a text that count: (category, matched words, sentence).
    pub fn hits(&self, text: &str) -> Vec<(String, String, String)> {
        self.read_text(text)
            .into_iter()
            .filter(|h| h.voice == Voice::Asserted)
            .map(|h| (h.category, h.words, h.sentence))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cats(c: &Classifier, text: &str) -> Vec<String> {
        c.text_categories(text)
    }

    #[test]
    fn negation_denial_threats_and_attribution_are_read() {
        let c = Classifier::built_in().expect("built-in lexicon");
        assert_eq!(
            cats(&c, "Aangeefster verklaart dat hij haar sloeg."),
            vec!["physical_violence"]
        );
        assert!(cats(&c, "Hij heeft haar niet geslagen.").is_empty());
        assert!(cats(&c, "Hij sloeg haar niet.").is_empty());
        assert!(cats(&c, "Verdachte ontkent dat hij haar heeft geslagen.").is_empty());
        assert_eq!(cats(&c, "Hij dreigde haar te slaan."), vec!["threat"]);
        assert_eq!(cats(&c, "Hij dreigde haar te vermoorden."), vec!["threat_to_kill"]);
        assert_eq!(cats(&c, "Verd. kneep haar keel dicht."), vec!["strangulation"]);
        assert!(cats(&c, "Mevrouw heeft zelf een suïcidepoging gedaan.").is_empty());
        // A negation in an earlier clause does not reach a later one.
        assert_eq!(
            cats(&c, "Er was geen letsel, maar hij duwde haar wel."),
            vec!["physical_violence"]
        );
    }

    #[test]
    fn every_hit_names_its_rule_and_original_words() {
        let c = Classifier::built_in().expect("built-in lexicon");
        let hits = c.read_text("Zij verklaarde dat hij haar met een Keukenmes stak.");
        let stab = hits.iter().find(|h| h.category == "physical_violence").expect("a hit");
        assert!(
            stab.words.contains("Keukenmes") || stab.words.contains("stak"),
            "{stab:?}"
        );
        assert!(stab.rule.starts_with("physical_violence/"));
        assert_eq!(stab.sentence, "Zij verklaarde dat hij haar met een Keukenmes stak.");
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert_eq!(fold_text("Cliënt"), "client");
        let c = Classifier::built_in().expect("built-in lexicon");
        assert_eq!(cats(&c, "HIJ SLOEG HAAR"), vec!["physical_violence"]);
    }
}
