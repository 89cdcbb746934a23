//! Stage `classify`: what each record says happened, read one record at a time — which
//! behaviour categories its fields state and its narrative asserts, each with the words or
//! field that triggered it. It runs before `resolve` because conduct disclosed inside
//! another record's account (months of forced sex told during a report about one night)
//! is an incident of its own, and resolve needs to know what the text says to find it.
//!
//! A lexicon hit is a candidate, never a finding: it is kept with its sentence so that a
//! reader can check it. A hit does not count when, in the same clause and a few words
//! before it, a negation stands ("geen letsel", "heeft haar nooit geslagen"), or when the
//! sentence is the suspect's own statement ("Verdachte verklaart dat ...") without an
//! admission ("erkent", "geeft toe"): what he says did not happen is not evidence either way.

use crate::model::Record;
use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Why a category was assigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        /// The words that matched.
        words: String,
        /// The sentence they stand in.
        sentence: String,
    },
}

/// One lexicon hit: a category asserted by words in a sentence (folded text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The category id.
    pub category: String,
    /// The words that matched.
    pub words: String,
    /// The sentence they stand in.
    pub sentence: String,
}

/// What one record says: its categories, and every narrative hit with its sentence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reading {
    /// One assignment per category.
    pub assignments: Vec<Assignment>,
    /// Every narrative hit, in text order.
    pub hits: Vec<Hit>,
    /// Hits that do not count: negated ("geen letsel"), or in the suspect's own statement.
    /// Kept to show where accounts contradict each other.
    pub disputed: Vec<Dispute>,
}

/// How a lexicon hit stands in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    /// The sentence says it happened.
    Asserted,
    /// The sentence says it did not ("geen letsel", "heeft haar niet geslagen").
    Negated,
    /// The suspect's own statement (a denial, or his version), without an admission.
    Suspect,
    /// A condition, not an event: "als zij bij hem wegging" in a threat is no separation.
    Hypothetical,
}

/// A hit that does not count, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dispute {
    /// The hit.
    #[serde(flatten)]
    pub hit: Hit,
    /// Negated, or the suspect's statement.
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    version: String,
    #[serde(default)]
    settings: Option<Settings>,
    #[serde(rename = "rule")]
    rules: Vec<RuleSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    category: String,
    pattern: String,
    /// The behaviour is worded with a negation inside the match ("mocht niet naar haar
    /// familie", "het eind van de week niet zou halen"): do not void it.
    #[serde(default)]
    negation_inside: bool,
    /// Whether a negated hit disputes the category (default true). "Geen letsel" is
    /// negated injury, not a denial of violence: such rules set this to false.
    #[serde(default = "yes")]
    negation_disputes: bool,
}

fn yes() -> bool {
    true
}

/// How negation and attribution are recognised.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Words that negate what follows in the same clause.
    pub negation_cues: Vec<String>,
    /// How many words before a hit a negation may stand.
    pub negation_window: usize,
    /// Openings of a sentence that is the suspect's own statement.
    pub suspect_statement: Vec<String>,
    /// Words that make the suspect's statement an admission.
    pub admission_cues: Vec<String>,
    /// Words that make what follows a condition ("als zij bij hem wegging"), for the
    /// categories in `conditional_categories`: such a hit describes no event.
    #[serde(default = "default_conditional_cues")]
    pub conditional_cues: Vec<String>,
    /// Categories a condition voids (events such as a separation, not conduct that a
    /// threat spells out).
    #[serde(default = "default_conditional_categories")]
    pub conditional_categories: Vec<String>,
}

fn default_conditional_cues() -> Vec<String> {
    ["als", "indien", "mocht", "ingeval"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn default_conditional_categories() -> Vec<String> {
    vec!["ctx_separation".to_string()]
}

impl Default for Settings {
    fn default() -> Self {
        let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        Settings {
            negation_cues: words(&[
                "geen",
                "niet",
                "nooit",
                "niets",
                "niemand",
                "zonder",
                "ontkent",
                "ontkende",
                "ontkennen",
                "noch",
            ]),
            negation_window: 6,
            conditional_cues: default_conditional_cues(),
            conditional_categories: default_conditional_categories(),
            suspect_statement: words(&[
                "verdachte verklaart",
                "verdachte stelt",
                "verdachte zegt",
                "verdachte ontkent",
                "meneer zegt",
                "meneer verklaart",
                "client zegt",
                "client stelt",
                "client verklaart",
                "client ontkent",
                "vader zegt",
                "vader vindt",
                "vader geeft aan",
                "vader ontkent",
                "vader stelt",
                "vader verklaart",
                "meneer ontkent",
                "meneer stelt",
                "pleger zegt",
                "pleger stelt",
                "pleger ontkent",
                "hij stelt",
                "hij zegt",
                "hij verklaart",
                "hij ontkent",
                "volgens verdachte",
                "volgens meneer",
            ]),
            admission_cues: words(&["erkent", "geeft toe", "bekent", "gaf toe"]),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldsFile {
    #[serde(rename = "field")]
    fields: Vec<FieldRule>,
    #[serde(default, rename = "implies")]
    implies: Vec<Implication>,
    #[serde(default, rename = "subsumed")]
    subsumed: Vec<Subsumption>,
}

/// Within one sentence, `by` replaces `category`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Subsumption {
    category: String,
    by: String,
}

/// One category that brings another with it.
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

/// `text` with the first whole-word occurrence of `word` replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut start = 0;
    while let Some(k) = text[start..].find(word).map(|k| start + k) {
        let end = k + word.len();
        let before = text[..k].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return format!("{}{by}{}", &text[..k], &text[end..]);
        }
        start = end;
    }
    text.to_string()
}

/// A compiled lexicon rule.
#[derive(Debug, Clone)]
struct CompiledRule {
    category: String,
    regex: regex::bytes::Regex,
    /// Negation words the pattern itself spells.
    literal_negations: Vec<String>,
    /// `negation_inside`: every negation inside the match is part of the behaviour.
    negation_is_behaviour: bool,
    /// `negation_disputes`: a negated hit shows as a dispute of the category (false for
    /// wording such as "geen letsel", which says nothing against the act itself).
    negation_disputes: bool,
}

/// The lexicon and field rules.
#[derive(Debug, Clone)]
pub struct Classifier {
    /// The lexicon's version, reported with every finding.
    pub version: String,
    settings: Settings,
    /// The compiled rules (see [`CompiledRule`]).
    rules: Vec<CompiledRule>,
    negated_speech: Regex,
    /// The suspect-statement cues after a comma (", vader zegt"), built once.
    suspect_after_comma: Vec<String>,
    fields: Vec<FieldRule>,
    implies: Vec<Implication>,
    subsumed: Vec<Subsumption>,
    sentence_split: Regex,
}

/// Lower case without accents, punctuation kept (so sentences can still be split).
pub fn fold_text(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Classifier {
    /// Builds a classifier from the texts of `lexicon.toml` and `fields.toml`.
    pub fn from_toml(lexicon: &str, fields: &str) -> Result<Classifier, String> {
        let file: LexiconFile = toml::from_str(lexicon).map_err(|e| format!("lexicon: {e}"))?;
        let fields: FieldsFile = toml::from_str(fields).map_err(|e| format!("fields: {e}"))?;
        let settings = file.settings.clone().unwrap_or_default();
        // Compiling the lexicon is a large part of a small case's run time, so the rules are
        // compiled on two threads (the machine's cores): rule k on thread k % 2, so that long
        // and short rules spread evenly.
        let compile = |parity: usize| -> Result<Vec<CompiledRule>, String> {
            file.rules
                .iter()
                .enumerate()
                .filter(|(k, _)| k % 2 == parity)
                .map(|(k, r)| {
                    // Byte regexes without Unicode classes: the text is folded to lower-case
                    // ASCII letters wherever Dutch has them, and Unicode-aware `\w`, `\S`
                    // and `\b` made compiling the lexicon the slowest step of a small case.
                    let re = regex::bytes::RegexBuilder::new(&r.pattern)
                        .unicode(false)
                        .build()
                        .map_err(|e| format!("lexicon rule {} ({}): {e}", k + 1, r.category))?;
                    // A negation word written into the pattern ("mocht niet naar haar
                    // familie") is part of the behaviour; one that a wildcard gap let in
                    // ("het kind niets van het incident heeft meegekregen") negates the hit.
                    let literal: Vec<String> = settings
                        .negation_cues
                        .iter()
                        .filter(|cue| r.negation_inside || r.pattern.contains(cue.as_str()))
                        .cloned()
                        .collect();
                    Ok(CompiledRule {
                        category: r.category.clone(),
                        regex: re,
                        literal_negations: literal,
                        negation_is_behaviour: r.negation_inside,
                        negation_disputes: r.negation_disputes,
                    })
                })
                .collect()
        };
        let (even, odd) = std::thread::scope(|scope| {
            let other = scope.spawn(|| compile(1));
            let even = compile(0);
            (
                even,
                other.join().unwrap_or_else(|_| Err("lexicon: compiling failed".into())),
            )
        });
        // Back in the lexicon's order: even, odd, even, ...
        let (mut even, mut odd) = (even?.into_iter(), odd?.into_iter());
        let mut rules = Vec::with_capacity(file.rules.len());
        for k in 0..file.rules.len() {
            let next = if k % 2 == 0 { even.next() } else { odd.next() };
            rules.extend(next);
        }
        Ok(Classifier {
            version: file.version,
            suspect_after_comma: settings.suspect_statement.iter().map(|cue| format!(", {cue}")).collect(),
            settings,
            rules,
            fields: fields.fields,
            implies: fields.implies,
            subsumed: fields.subsumed,
            negated_speech: Regex::new(
                r"\b(?:niet|nooit|geen)\b(?:\s+\S+){0,3}\s+(?:gezegd|gedreigd|geroepen|beweerd|geschreven|geappt)\s+(?:heeft\s+)?dat\b",
            )
            .map_err(|e| e.to_string())?,
            sentence_split: Regex::new(r"[.;!?]+(\s+|$)|\n+").map_err(|e| e.to_string())?,
        })
    }

    /// The lexicon and field rules from `DIR/lexicon.toml` and `DIR/fields.toml` when a
    /// templates folder is given (domain experts editing without a rebuild), else the copy
    /// compiled into the binary.
    pub fn load(templates: Option<&std::path::Path>) -> Result<Classifier, String> {
        let Some(dir) = templates else {
            return Classifier::built_in();
        };
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read_to_string(&path).map_err(|e| format!("kan {} niet lezen: {e}", path.display()))
        };
        Classifier::from_toml(&read("lexicon.toml")?, &read("fields.toml")?)
            .map_err(|e| format!("{}: {e}", dir.display()))
    }

    /// The lexicon and field rules compiled into the binary.
    pub fn built_in() -> Result<Classifier, String> {
        Classifier::from_toml(
            include_str!("../templates/lexicon.toml"),
            include_str!("../templates/fields.toml"),
        )
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
        let mut hits = Vec::new();
        let mut disputed = Vec::new();
        if let Some(text) = &record.narrative {
            let mut counted = Vec::new();
            for (hit, voice) in self.scan(text) {
                match voice {
                    Voice::Asserted => counted.push((hit.category, hit.words, hit.sentence)),
                    Voice::Negated | Voice::Suspect => disputed.push(Dispute { hit, voice }),
                    Voice::Hypothetical => {}
                }
            }
            for (category, words, sentence) in counted {
                push(
                    &mut out,
                    &category,
                    Trigger::Words {
                        words: words.clone(),
                        sentence: sentence.clone(),
                    },
                );
                hits.push(Hit {
                    category,
                    words,
                    sentence,
                });
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
                if !hits
                    .iter()
                    .any(|x| x.category == h.category && x.sentence == h.sentence)
                {
                    hits.push(h);
                }
            }
        }
        Reading {
            assignments: out,
            hits,
            disputed,
        }
    }

    /// Lexicon hits in a text that count: (category, matched words, sentence).
    pub fn hits(&self, text: &str) -> Vec<(String, String, String)> {
        self.scan(text)
            .into_iter()
            .filter(|(_, voice)| *voice == Voice::Asserted)
            .map(|(h, _)| (h.category, h.words, h.sentence))
            .collect()
    }

    /// Every lexicon hit with how it stands: asserted, negated, or in the suspect's own
    /// statement (a denial or his version).
    fn scan(&self, text: &str) -> Vec<(Hit, Voice)> {
        let folded = fold_text(text);
        let mut out = Vec::new();
        let mut start = 0;
        let mut sentences: Vec<&str> = Vec::new();
        for m in self.sentence_split.find_iter(&folded) {
            sentences.push(&folded[start..m.start()]);
            start = m.end();
        }
        sentences.push(&folded[start..]);
        for sentence in sentences.into_iter().filter(|s| !s.trim().is_empty()) {
            let suspect_speaks = self
                .settings
                .suspect_statement
                .iter()
                .any(|cue| sentence.trim_start().starts_with(cue.as_str()))
                || self
                    .suspect_after_comma
                    .iter()
                    .any(|cue| sentence.contains(cue.as_str()));
            let admits = self
                .settings
                .admission_cues
                .iter()
                .any(|cue| sentence.contains(cue.as_str()));
            let mut here: Vec<(Hit, Voice)> = Vec::new();
            for rule in &self.rules {
                let (category, re, literal) = (&rule.category, &rule.regex, &rule.literal_negations);
                let negation_is_behaviour = &rule.negation_is_behaviour;
                let mut first_negated = None;
                let mut hypothetical = None;
                let mut asserted = None;
                for m in re.find_iter(sentence.as_bytes()) {
                    // A match starts and ends on character boundaries except in text with
                    // non-ASCII letters; widen it to whole characters then.
                    let (mut a, mut b) = (m.start(), m.end());
                    while !sentence.is_char_boundary(a) {
                        a -= 1;
                    }
                    while !sentence.is_char_boundary(b) {
                        b += 1;
                    }
                    let text = &sentence[a..b];
                    // A negation inside the match voids it, unless the rule spells that word
                    // where it stands. When the whole text still matches with any other word
                    // in its place, a wildcard gap let it in ("relatie niet is beeindigd" for
                    // a rule that spells "niet" only in "woont niet meer samen").
                    let negation_inside = text.split(|c: char| !c.is_alphanumeric()).any(|w| {
                        self.settings.negation_cues.iter().any(|cue| cue == w)
                            && (!literal.iter().any(|l| l == w)
                                || !*negation_is_behaviour && {
                                    let other = replace_word(text, w, "xq");
                                    re.find(other.as_bytes())
                                        .is_some_and(|m| m.start() == 0 && m.end() == other.len())
                                })
                    });
                    if negation_inside || self.negated(&sentence[..a]) {
                        first_negated.get_or_insert(text);
                        continue;
                    }
                    if self.settings.conditional_categories.contains(category) && self.conditional(&sentence[..a]) {
                        hypothetical.get_or_insert(text);
                        continue;
                    }
                    asserted = Some(text);
                    break;
                }
                let (m, voice) = match (asserted, first_negated) {
                    (Some(m), _) if suspect_speaks && !admits => (m, Voice::Suspect),
                    (Some(m), _) => (m, Voice::Asserted),
                    (None, Some(m)) if suspect_speaks && !admits => (m, Voice::Suspect),
                    // Negated wording that says nothing against the act ("geen letsel").
                    (None, Some(_)) if !rule.negation_disputes => continue,
                    (None, Some(m)) => (m, Voice::Negated),
                    (None, None) => match hypothetical {
                        Some(m) => (m, Voice::Hypothetical),
                        None => continue,
                    },
                };
                here.push((
                    Hit {
                        category: category.clone(),
                        words: m.to_string(),
                        sentence: sentence.trim().to_string(),
                    },
                    voice,
                ));
            }
            let replaced: Vec<&str> = self
                .subsumed
                .iter()
                .filter(|s| here.iter().any(|(h, v)| h.category == s.by && *v == Voice::Asserted))
                .map(|s| s.category.as_str())
                .collect();
            out.extend(
                here.into_iter()
                    .filter(|(h, v)| *v != Voice::Asserted || !replaced.contains(&h.category.as_str())),
            );
        }
        out
    }

    /// True when a conditional cue ("als", "indien") stands among the three words before a
    /// hit: "dreigde haar iets aan te doen als zij bij hem wegging" announces no separation.
    fn conditional(&self, before: &str) -> bool {
        let words: Vec<&str> = before
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words[words.len().saturating_sub(3)..]
            .iter()
            .any(|w| self.settings.conditional_cues.iter().any(|cue| cue == w))
    }

    /// True when a negation cue stands among the last words before a hit, in the same
    /// clause (a comma or "en dat"/"maar" starts a new clause).
    fn negated(&self, before: &str) -> bool {
        let mut clause = before.rsplit([',', ':']).next().unwrap_or(before);
        // A subordinate clause starts a new scope: "durfde niet naar huis omdat hij ...".
        for starter in [" maar ", " en dat "] {
            clause = clause.rsplit(starter).next().unwrap_or(clause);
        }
        // "heeft nooit gezegd dat hij haar zou vermoorden": a negated verb of saying negates
        // the whole clause it introduces, however long.
        if self.negated_speech.is_match(clause) {
            return true;
        }
        // "niet alleen ... maar ook" adds, it does not negate.
        let clause = clause.replace("niet alleen", "");
        let words: Vec<&str> = clause
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let window = &words[words.len().saturating_sub(self.settings.negation_window)..];
        window
            .iter()
            .any(|w| self.settings.negation_cues.iter().any(|cue| cue == w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classifier() -> Classifier {
        let lexicon = r#"
version = "test"
[[rule]]
category = "physical_violence"
pattern = '''\b(sloeg|geslagen|duwde)\b'''
[[rule]]
category = "children_present"
pattern = '''\bkinderen (waren|zagen)\b'''
"#;
        Classifier::from_toml(lexicon, "[[field]]\ncategory = \"stalking\"\ncodes = [\"belaging\"]\n").expect("valid")
    }

    fn cats(c: &Classifier, text: &str) -> Vec<String> {
        c.hits(text).into_iter().map(|h| h.0).collect()
    }

    #[test]
    fn negation_and_denial_do_not_count() {
        let c = classifier();
        assert_eq!(
            cats(&c, "Aangeefster verklaart dat hij haar sloeg."),
            vec!["physical_violence"]
        );
        assert!(cats(&c, "Hij heeft haar niet geslagen.").is_empty());
        assert!(cats(&c, "Verdachte verklaart dat hij haar nooit heeft geslagen.").is_empty());
        assert!(cats(&c, "Verdachte verklaart dat zij hem sloeg.").is_empty());
        assert_eq!(cats(&c, "Cliënt erkent dat hij haar duwde."), vec!["physical_violence"]);
        // A negation in an earlier clause does not reach a later one.
        assert_eq!(
            cats(&c, "Er was geen letsel, maar hij duwde haar wel."),
            vec!["physical_violence"]
        );
        assert_eq!(cats(&c, "De kinderen waren thuis."), vec!["children_present"]);
    }

    #[test]
    fn accents_and_case_are_folded() {
        let c = classifier();
        assert_eq!(cats(&c, "HIJ SLOEG HAAR"), vec!["physical_violence"]);
        assert_eq!(fold_text("Cliënt"), "client");
    }
}
