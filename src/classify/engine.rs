//! Rule matching over a read narrative: which rules' words stand together, and how each
//! hit stands in its clause — asserted, negated, denied by the suspect, only threatened,
//! only feared or wished, or somebody else's act.

use super::doc::{self, Doc, FrameClasses, Matcher, Side};
use super::lexicon::{Agent, Atom, Frame as RuleFrame, IdBits, Lexicon, Rule, Scope, Slot};
use super::tokens::listed;
use super::Voice;
use rustc_hash::FxHashMap;

/// The category of a threat; what any threat threatens is one too.
const THREAT: &str = "threat";

/// Rules by the words that can start them, so a clause checks only the rules its words
/// may fire.
#[derive(Debug, Clone, Default)]
pub struct RuleIndex {
    /// Per rule, the slot it is indexed under: the rarest, so tried first.
    first_slot: Vec<usize>,
    /// Per rule and slot, the words one of which must stand in a scope for the slot to
    /// match there (`None`: any word may start it). Most rules that a word brings up have
    /// another slot with none of its words in the clause; they are passed over unread.
    needs: Vec<Vec<Option<SlotNeed>>>,
    by_lemma: FxHashMap<u32, Vec<u32>>,
    by_prefix: Vec<(String, Vec<u32>)>,
    by_suffix: Vec<(String, Vec<u32>)>,
    by_form: FxHashMap<String, Vec<u32>>,
    always: Vec<u32>,
    /// One more than the highest lemma id a rule names: the width of a scope's id set.
    width: usize,
}

/// The words that can start an alternative that does not start with a lemma.
#[derive(Debug, Clone, Default)]
struct StartSet {
    lemmas: IdBits,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    forms: Vec<String>,
}

impl StartSet {
    fn of(triggers: &[Trigger], width: usize) -> StartSet {
        let mut set = StartSet {
            lemmas: IdBits::with_width(width),
            ..StartSet::default()
        };
        for t in triggers {
            match t {
                Trigger::Lemma(id) => set.lemmas.insert(*id),
                Trigger::Prefix(p) => set.prefixes.push(p.clone()),
                Trigger::Suffix(x) => set.suffixes.push(x.clone()),
                Trigger::Form(f) => set.forms.push(f.clone()),
            }
        }
        set
    }

    /// Whether one of its words stands in `words`, whose lemma ids are `ids`.
    fn stands_in(&self, ids: &ScopeIds, words: &[doc::Word]) -> bool {
        ids.list.iter().any(|&id| self.lemmas.contains(id))
            || (!self.forms.is_empty() && words.iter().any(|w| self.forms.contains(&w.tok.folded)))
            || (!self.prefixes.is_empty()
                && words
                    .iter()
                    .any(|w| self.prefixes.iter().any(|p| lemma_begins(&w.lemma, p))))
            || (!self.suffixes.is_empty()
                && words
                    .iter()
                    .any(|w| self.suffixes.iter().any(|x| lemma_ends(&w.lemma, x))))
    }
}

/// What must stand in a scope for a slot to match there: for one of its alternatives,
/// every lemma it names and a word that can start it. A phrase of common words ("in de
/// kamer", "je bent dood") brings its rule up in almost every clause; it is possible
/// only where all its words are.
#[derive(Debug, Clone, Default)]
struct SlotNeed {
    /// Alternatives of one lemma.
    singles: IdBits,
    /// The keys of alternatives that start with a lemma and name more: of their lemmas,
    /// the one the lexicon names least often ("woning" in "in de woning"), so a common
    /// word does not bring up every phrase it begins.
    phrase_keys: IdBits,
    /// Those alternatives by their key: their other lemmas.
    phrases: FxHashMap<u32, Vec<Vec<u32>>>,
    /// Alternatives that start with a class, an affix or a form: what can start them
    /// (index into `starts`; `None`: any word), and the lemmas they name after it.
    others: Vec<(Option<usize>, Vec<u32>)>,
    /// The start sets of `others`, each once.
    starts: Vec<(Atom, StartSet)>,
}

impl SlotNeed {
    /// The need of a slot; `None` when an alternative can match anywhere.
    fn of(lexicon: &Lexicon, slot: &Slot, width: usize, named: &[u32]) -> Option<SlotNeed> {
        let mut need = SlotNeed {
            singles: IdBits::with_width(width),
            phrase_keys: IdBits::with_width(width),
            ..SlotNeed::default()
        };
        for alt in &slot.alts {
            let first = alt.first()?;
            let rest: Vec<u32> = alt.iter().skip(1).filter_map(Atom::lemma_id).collect();
            if let Some(id) = first.lemma_id() {
                if rest.is_empty() {
                    need.singles.insert(id);
                } else {
                    let mut ids = rest;
                    ids.push(id);
                    let rarest = (0..ids.len()).min_by_key(|&k| named[ids[k] as usize]).unwrap_or(0);
                    let key = ids.swap_remove(rarest);
                    need.phrase_keys.insert(key);
                    need.phrases.entry(key).or_default().push(ids);
                }
                continue;
            }
            let mut triggers = Vec::new();
            let known = triggers_of_atom(lexicon, first, 0, &mut triggers);
            if !known && rest.is_empty() {
                return None;
            }
            let start = known.then(|| match need.starts.iter().position(|(a, _)| a == first) {
                Some(k) => k,
                None => {
                    need.starts.push((first.clone(), StartSet::of(&triggers, width)));
                    need.starts.len() - 1
                }
            });
            need.others.push((start, rest));
        }
        Some(need)
    }

    /// Whether it is met in `words`, whose lemma ids (and heads) are `ids`.
    fn met(&self, ids: &ScopeIds, words: &[doc::Word]) -> bool {
        let all = |rest: &[u32]| rest.iter().all(|&id| ids.bits.contains(id));
        ids.list.iter().any(|&id| {
            self.singles.contains(id)
                || (self.phrase_keys.contains(id)
                    && self
                        .phrases
                        .get(&id)
                        .is_some_and(|list| list.iter().any(|rest| all(rest))))
        }) || self
            .others
            .iter()
            .any(|(start, rest)| all(rest) && start.is_none_or(|k| self.starts[k].1.stands_in(ids, words)))
    }
}

/// Whether `lemma` starts with `prefix` (the first bytes compared first: most differ).
#[inline]
fn lemma_begins(lemma: &str, prefix: &str) -> bool {
    prefix.as_bytes().first() == lemma.as_bytes().first() && lemma.starts_with(prefix)
}

/// Whether `lemma` ends with `suffix` (the last bytes compared first: most differ).
#[inline]
fn lemma_ends(lemma: &str, suffix: &str) -> bool {
    suffix.as_bytes().last() == lemma.as_bytes().last() && lemma.ends_with(suffix)
}

/// The lemma ids (and compound heads) of a scope's words, as a list and as a set.
#[derive(Debug, Clone, Default)]
struct ScopeIds {
    list: Vec<u32>,
    bits: IdBits,
    /// One more than the highest id kept (higher ones no rule names).
    width: usize,
}

impl ScopeIds {
    /// An empty set for lemma ids below `width`.
    fn with_width(width: usize) -> ScopeIds {
        ScopeIds {
            list: Vec::new(),
            bits: IdBits::with_width(width),
            width,
        }
    }

    /// Holds the lemma ids (and compound heads) of the words in `a..b`, and only those: the
    /// set is reused from scope to scope, cleared through its list.
    fn fill(&mut self, words: &[doc::Word], a: usize, b: usize) {
        for &id in &self.list {
            self.bits.remove(id);
        }
        self.list.clear();
        for w in words[a..b].iter().filter(|w| w.tok.is_word() && !w.absorbed) {
            for id in w.ids.iter().chain(w.head) {
                if (id as usize) < self.width && !self.bits.contains(id) {
                    self.bits.insert(id);
                    self.list.push(id);
                }
            }
        }
    }
}

/// What can start a slot's match.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Trigger {
    Lemma(u32),
    Prefix(String),
    Suffix(String),
    Form(String),
}

/// What can start a match of `atom` as the first of an alternative, added to `out`;
/// false when any word can.
fn triggers_of_atom(lexicon: &Lexicon, atom: &Atom, depth: usize, out: &mut Vec<Trigger>) -> bool {
    match atom {
        Atom::Lemma(id) | Atom::Exact(id) | Atom::Pronoun(id) => out.push(Trigger::Lemma(*id)),
        Atom::Prefix(p) => out.push(Trigger::Prefix(p.clone())),
        Atom::Suffix(s) => out.push(Trigger::Suffix(s.clone())),
        Atom::Form(f) => out.push(Trigger::Form(f.clone())),
        Atom::Class(k) => return depth <= 8 && triggers_of_slot(lexicon, &lexicon.classes[*k], depth + 1, out),
        Atom::AnyWord | Atom::Number | Atom::Minor | Atom::Adult => return false,
    }
    true
}

fn triggers_of_slot(lexicon: &Lexicon, slot: &Slot, depth: usize, out: &mut Vec<Trigger>) -> bool {
    slot.alts.iter().all(|alt| {
        alt.first()
            .is_some_and(|first| triggers_of_atom(lexicon, first, depth, out))
    })
}

impl RuleIndex {
    /// Indexes each rule under the triggers of its most selective slot.
    pub fn build(lexicon: &Lexicon) -> RuleIndex {
        // Every lemma the lexicon names, as often as it names it.
        let lemmas_named: Vec<u32> = lexicon
            .rules
            .iter()
            .flat_map(|r| r.all.iter().chain(&r.not).chain(&r.context))
            .chain(&lexicon.classes)
            .flat_map(|slot| slot.alts.iter().flatten())
            .filter_map(Atom::lemma_id)
            .collect();
        let width = lemmas_named.iter().map(|&id| id as usize + 1).max().unwrap_or(0);
        // How often the lexicon names each lemma: a rough measure of how common a word is.
        let mut named = vec![0u32; width];
        for &id in &lemmas_named {
            named[id as usize] += 1;
        }
        let mut index = RuleIndex {
            width,
            ..RuleIndex::default()
        };
        let mut prefix: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut suffix: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for (r, rule) in lexicon.rules.iter().enumerate() {
            let mut best: Option<Vec<Trigger>> = None;
            let mut first_slot = 0;
            let mut needs = Vec::with_capacity(rule.all.len());
            for (k, slot) in rule.all.iter().enumerate() {
                let mut t = Vec::new();
                needs.push(SlotNeed::of(lexicon, slot, width, &named));
                if triggers_of_slot(lexicon, slot, 0, &mut t) {
                    t.sort();
                    t.dedup();
                    if best.as_ref().is_none_or(|b| t.len() < b.len()) {
                        best = Some(t);
                        first_slot = k;
                    }
                }
            }
            index.first_slot.push(first_slot);
            index.needs.push(needs);
            let r = r as u32;
            match best {
                None => index.always.push(r),
                Some(ts) => {
                    for t in ts {
                        match t {
                            Trigger::Lemma(id) => index.by_lemma.entry(id).or_default().push(r),
                            Trigger::Prefix(p) => prefix.entry(p).or_default().push(r),
                            Trigger::Suffix(s) => suffix.entry(s).or_default().push(r),
                            Trigger::Form(f) => index.by_form.entry(f).or_default().push(r),
                        }
                    }
                }
            }
        }
        index.by_prefix = prefix.into_iter().collect();
        index.by_prefix.sort();
        index.by_suffix = suffix.into_iter().collect();
        index.by_suffix.sort();
        index
    }
}

/// One rule's hit in a narrative, before it becomes a [`super::Hit`].
#[derive(Debug, Clone)]
pub struct RawHit {
    /// The rule (index into the lexicon).
    pub rule: usize,
    /// The category the hit assigns (the rule's, or its `threat_as` inside a threat).
    pub category: String,
    /// Matched token spans, in text order.
    pub spans: Vec<(usize, usize)>,
    /// The clause of the first span.
    pub clause: usize,
    /// The sentence.
    pub sentence: usize,
    /// How it stands.
    pub voice: Voice,
    /// Why it does not count, in a few words, when it does not.
    pub why: Option<&'static str>,
    /// The words are the content of a threat (the category is the rule's `threat_as`).
    pub threat_content: bool,
    /// The rule needs another category in its sentence that is not there: the hit is no
    /// reading of the sentence at all (`patroon review` still lists the sentence).
    pub incomplete: bool,
}

/// Finds every rule hit in a read narrative.
pub fn hits(doc: &Doc, lexicon: &Lexicon, index: &RuleIndex, fc: &FrameClasses) -> Vec<RawHit> {
    let m = Matcher::of_doc(lexicon, doc);
    let mut out: Vec<RawHit> = Vec::new();
    let mut seen_stamp: Vec<u32> = vec![u32::MAX; lexicon.rules.len()];
    let mut seen_sentence: Vec<u32> = vec![u32::MAX; lexicon.rules.len()];
    let mut candidates: Vec<u32> = Vec::new();
    let mut sentence_ids = ScopeIds::with_width(index.width);
    let mut sentence_of_ids = None;
    let mut clause_ids = ScopeIds::with_width(index.width);
    for (c, clause) in doc.clauses.iter().enumerate() {
        candidates.clear();
        clause_ids.fill(&doc.words, clause.first, clause.end);
        if sentence_of_ids != Some(clause.sentence) {
            let s = &doc.sentences[clause.sentence];
            sentence_ids.fill(&doc.words, s.first, s.end);
            sentence_of_ids = Some(clause.sentence);
        }
        let mut add = |r: u32, candidates: &mut Vec<u32>| {
            if seen_stamp[r as usize] != c as u32 {
                seen_stamp[r as usize] = c as u32;
                candidates.push(r);
            }
        };
        for w in &doc.words[clause.first..clause.end] {
            if !w.tok.is_word() {
                continue;
            }
            for id in w.ids.iter().chain(w.head) {
                if let Some(rs) = index.by_lemma.get(&id) {
                    for &r in rs {
                        add(r, &mut candidates);
                    }
                }
            }
            if let Some(rs) = index.by_form.get(&w.tok.folded) {
                for &r in rs {
                    add(r, &mut candidates);
                }
            }
            for (p, rs) in &index.by_prefix {
                if lemma_begins(&w.lemma, p) {
                    for &r in rs {
                        add(r, &mut candidates);
                    }
                }
            }
            for (s, rs) in &index.by_suffix {
                if lemma_ends(&w.lemma, s) {
                    for &r in rs {
                        add(r, &mut candidates);
                    }
                }
            }
        }
        for &r in &index.always {
            add(r, &mut candidates);
        }
        candidates.sort_unstable();
        for &r in &candidates {
            let rule = &lexicon.rules[r as usize];
            let (a, b) = match rule.spec.scope {
                Scope::Clause => (clause.first, clause.end),
                Scope::Sentence => {
                    if seen_sentence[r as usize] == clause.sentence as u32 {
                        continue;
                    }
                    seen_sentence[r as usize] = clause.sentence as u32;
                    let s = &doc.sentences[clause.sentence];
                    (s.first, s.end)
                }
            };
            let scope_ids = match rule.spec.scope {
                Scope::Clause => &clause_ids,
                Scope::Sentence => &sentence_ids,
            };
            let possible = index.needs[r as usize]
                .iter()
                .all(|need| need.as_ref().is_none_or(|n| n.met(scope_ids, &doc.words[a..b])));
            if !possible {
                continue;
            }
            let Some(spans) = find(&m, doc, rule, index.first_slot[r as usize], a, b, fc) else {
                continue;
            };
            // `not` within the rule's scope, or within `not_window` words of the match, and
            // within its conjunct for a rule that keeps to one.
            let lo = spans.iter().map(|s| s.0).min().unwrap_or(a);
            let hi = spans.iter().map(|s| s.1).max().unwrap_or(b);
            let (mut na, mut nb) = match rule.spec.not_window {
                Some(w) => (lo.saturating_sub(w).max(a), (hi + w).min(b)),
                None => (a, b),
            };
            if rule.spec.same_conjunct {
                let joint = |k: usize| {
                    let w = &doc.words[k];
                    w.tok.is_word()
                        && matches!(w.tok.folded.as_str(), "en" | "maar")
                        && !doc
                            .words
                            .get(k + 1)
                            .is_some_and(|n| matches!(n.tok.kind, super::tokens::TokenKind::Punct('/')))
                };
                if let Some(j) = (na..lo).rev().find(|&k| joint(k)) {
                    na = j + 1;
                }
                if let Some(j) = (hi..nb).find(|&k| joint(k)) {
                    nb = j;
                }
            }
            // A `not` of persons as objects ("schopte haar tegen de deur") passes over the
            // clause's subject ("een man schopte tegen de voordeur").
            let subject_of = |p: usize| doc.frames[doc.clause_of[p]].subject.is_some_and(|(sp, _)| sp == p);
            let persons_only = |slot: &Slot| {
                fc.person_obj.is_some()
                    && slot.alts.len() == 1
                    && matches!(slot.alts[0].as_slice(), [Atom::Class(k)] if Some(*k) == fc.person_obj)
            };
            if rule.not.iter().any(|slot| {
                (na..nb).any(|p| {
                    !(persons_only(slot) && subject_of(p)) && m.slot_at(&doc.words, p, slot, 0).is_some_and(|e| e <= nb)
                })
            }) {
                continue;
            }
            if !rule.context.is_empty()
                && !rule
                    .context
                    .iter()
                    .any(|slot| (0..doc.words.len()).any(|p| m.slot_at(&doc.words, p, slot, 0).is_some()))
            {
                continue;
            }
            // The clause of the rule's first slot: in a sentence-wide rule, the words a rule
            // names first carry the act ("beschuldigt … dat zij vreemdging").
            let hit_clause = doc.clause_of[spans.first().map_or(a, |s| s.0)];
            let standing = stand(doc, &m, fc, rule, &spans, hit_clause);
            let mut spans = spans;
            spans.sort();
            // The same words assign the rule's further categories, unless they are only the
            // content of a threat (a threat to stab is no weapon).
            let also: &[String] = if standing.threat_content { &[] } else { &rule.spec.also };
            // What a threat threatens is a threat as well ("dreigde de kinderen mee te nemen":
            // threat and use of the children); a threat to kill stays that alone ([yields]).
            let in_threat = standing.threat_content || rule.spec.frame == RuleFrame::ThreatOnly;
            let threat = THREAT.to_string();
            let threat_too = (in_threat && standing.category != THREAT).then_some(&threat);
            for category in std::iter::once(&standing.category).chain(also).chain(threat_too) {
                out.push(RawHit {
                    rule: r as usize,
                    category: category.clone(),
                    spans: spans.clone(),
                    clause: hit_clause,
                    sentence: doc.clauses[hit_clause].sentence,
                    voice: standing.voice,
                    why: standing.why,
                    threat_content: standing.threat_content,
                    incomplete: false,
                });
            }
        }
    }
    settle(&mut out, lexicon, doc);
    out
}

/// The same act named twice: a hit gives way to a more precise category in its clause;
/// a rule that needs another category in its sentence holds only with it.
fn settle(out: &mut [RawHit], lexicon: &Lexicon, doc: &Doc) {
    let asserted: Vec<(usize, usize, String)> = out
        .iter()
        .filter(|h| h.voice == Voice::Asserted)
        .map(|h| (h.clause, h.sentence, h.category.clone()))
        .collect();
    // Where each asserted category's words stand, for telling one act named twice from two
    // acts named side by side ("het geschreeuw en de dreigementen").
    let asserted_spans: Vec<(usize, String, (usize, usize))> = out
        .iter()
        .filter(|h| h.voice == Voice::Asserted)
        .filter_map(|h| Some((h.clause, h.category.clone(), (h.spans.first()?.0, h.spans.last()?.1))))
        .collect();
    // Only named acts (nouns): coordinated deeds ("liep haar achterna en schopte haar") are
    // often one act told in steps.
    let coordinated = |x: (usize, usize), y: (usize, usize)| {
        let (first, second) = if x.0 <= y.0 { (x, y) } else { (y, x) };
        let named = |(a, b): (usize, usize)| doc.words[a..b].iter().all(|w| !w.verb && !w.participle);
        first.1 <= second.0
            && named(first)
            && named(second)
            && doc.words[first.1..second.0]
                .iter()
                .any(|w| matches!(w.tok.folded.as_str(), "en" | "of" | "alsook" | "evenals"))
    };
    // The clause a clause governs: the `dat`-clause or quotation right after it.
    let governed = |c: usize| {
        doc.clauses
            .get(c + 1)
            .filter(|n| {
                n.sentence == doc.clauses[c].sentence && (n.opener.as_deref() == Some("dat") || n.after == Some(':'))
            })
            .map(|_| c + 1)
    };
    // A hit that cannot hold without another category says nothing on its own, also not
    // as a denial: "dat hij de kinderen 'niet aan haar overlaat'" disputes no presence.
    for h in out
        .iter_mut()
        .filter(|h| !matches!(h.voice, Voice::Asserted | Voice::Attributed))
    {
        let spec = &lexicon.rules[h.rule].spec;
        let text_wide = spec.requires_scope == super::lexicon::RequiresScope::Text;
        if !spec.requires.is_empty()
            && !spec
                .requires
                .iter()
                .any(|q| out_has(&asserted, text_wide, h.sentence, q))
        {
            h.voice = Voice::Attributed;
            h.why = Some("vereiste categorie ontbreekt in de zin");
            h.incomplete = true;
        }
    }
    for h in out.iter_mut().filter(|h| h.voice == Voice::Asserted) {
        let spec = &lexicon.rules[h.rule].spec;
        // A condition and what it conditions are one utterance: "als je ooit bij me weggaat,
        // maak ik je dood" is one threat to kill.
        let condition = |c: usize| {
            matches!(
                doc.clauses[c].opener.as_deref(),
                Some("als" | "indien" | "wanneer" | "tenzij" | "zodra")
            )
        };
        let joined = |c: usize| {
            doc.clauses[c].sentence == doc.clauses[h.clause].sentence
                && c.abs_diff(h.clause) == 1
                && (condition(c) || condition(h.clause))
        };
        let near = |c: usize| c == h.clause || Some(c) == governed(h.clause) || joined(c);
        let category_yields = lexicon.yields.get(&h.category).into_iter().flatten();
        let yields: Vec<&String> = spec
            .yields_to
            .iter()
            .chain(category_yields)
            .filter(|y| **y != h.category)
            .collect();
        let more_precise: Vec<(usize, (usize, usize))> = asserted_spans
            .iter()
            .filter(|(c, cat, _)| near(*c) && yields.contains(&cat))
            .map(|(c, _, span)| (*c, *span))
            .collect();
        // Two acts named side by side in one clause, joined by "en" or "of" ("getuige van
        // het geschreeuw en de dreigementen"), are two acts: neither gives way.
        let own = h.spans.first().zip(h.spans.last()).map(|(f, l)| (f.0, l.1));
        let side_by_side = own.is_some_and(|own| {
            more_precise
                .iter()
                .all(|(c, span)| *c == h.clause && coordinated(own, *span))
        });
        if !more_precise.is_empty() && !side_by_side {
            h.voice = Voice::Attributed;
            h.why = Some("zelfde handeling, preciezer benoemd");
        }
        let text_wide = spec.requires_scope == super::lexicon::RequiresScope::Text;
        if !spec.requires.is_empty()
            && !spec
                .requires
                .iter()
                .any(|q| out_has(&asserted, text_wide, h.sentence, q))
        {
            h.voice = Voice::Attributed;
            h.why = Some("vereiste categorie ontbreekt in de zin");
            h.incomplete = true;
        }
    }
}

/// Whether a category is asserted in the sentence (or anywhere, when `text_wide`).
fn out_has(asserted: &[(usize, usize, String)], text_wide: bool, sentence: usize, category: &str) -> bool {
    asserted
        .iter()
        .any(|(_, s, cat)| (text_wide || *s == sentence) && cat == category)
}

/// Finds one combination of token spans, one per slot, within the rule's window.
/// The rarest slot (`first`) is tried first, so that most rules fail after one pass.
fn find(
    m: &Matcher,
    doc: &Doc,
    rule: &Rule,
    first: usize,
    a: usize,
    b: usize,
    fc: &FrameClasses,
) -> Option<Vec<(usize, usize)>> {
    let mut per_slot: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rule.all.len()];
    let order = std::iter::once(first).chain((0..rule.all.len()).filter(|&k| k != first));
    let within = rule.spec.within.max(1);
    // Where the other slots can stand: within the window of some match of the first.
    let (mut scan_from, mut scan_to) = (a, b);
    for k in order {
        let slot = &rule.all[k];
        // The one something is done to is not the one who does it: an object slot does not
        // match the clause's subject ("vader gooide met servies" has no person as object).
        let object_slot = fc.person_obj.is_some()
            && slot.alts.len() == 1
            && matches!(slot.alts[0].as_slice(), [Atom::Class(k)] if Some(*k) == fc.person_obj);
        let mut found = Vec::new();
        for p in scan_from..scan_to {
            if object_slot && doc.frames[doc.clause_of[p]].subject.is_some_and(|(sp, _)| sp == p) {
                continue;
            }
            // "vlak voor haar", "naast hem": a person after such a preposition is no object.
            if object_slot {
                let before = (a..p).rev().find(|&k| doc.words[k].tok.is_word());
                if before.is_some_and(|k| m.class_at(&doc.words, k, fc.object_blocker).is_some_and(|e| e == k + 1)) {
                    continue;
                }
            }
            if let Some(end) = m.slot_at(&doc.words, p, slot, 0) {
                if end <= b {
                    found.push((p, end));
                }
            }
        }
        if found.is_empty() {
            return None;
        }
        if k == first {
            // A span (p, e) of another slot fits with a first-slot span (s, f) only when
            // the window from min(p, s) to max(e, f) is at most within + 1.
            let earliest_end = found.iter().map(|&(_, e)| e).min().unwrap_or(a);
            let latest_start = found.iter().map(|&(s, _)| s).max().unwrap_or(b);
            let at = &doc.window_at;
            let floor = at[earliest_end].saturating_sub(within as u32 + 1);
            let ceiling = at[latest_start] + within as u32 + 1;
            scan_from = at.partition_point(|&n| n < floor).max(a);
            scan_to = at.partition_point(|&n| n <= ceiling).min(b);
        }
        per_slot[k] = found;
    }
    let mut chosen: Vec<(usize, usize)> = Vec::with_capacity(per_slot.len());
    // Positions of a bare "en"/"maar" (not "en/of"), for rules that keep to one conjunct.
    let joints: Vec<usize> = if rule.spec.same_conjunct {
        (a..b)
            .filter(|&k| {
                let w = &doc.words[k];
                w.tok.is_word()
                    && matches!(w.tok.folded.as_str(), "en" | "maar")
                    && !doc
                        .words
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.tok.kind, super::tokens::TokenKind::Punct('/')))
            })
            .collect()
    } else {
        Vec::new()
    };
    #[allow(clippy::too_many_arguments)]
    fn dfs(
        doc: &Doc,
        k: usize,
        per_slot: &[Vec<(usize, usize)>],
        chosen: &mut Vec<(usize, usize)>,
        within: usize,
        ordered: bool,
        joints: &[usize],
    ) -> bool {
        if k == per_slot.len() {
            return true;
        }
        for &(s, e) in &per_slot[k] {
            if chosen.iter().any(|&(cs, ce)| s < ce && cs < e) {
                continue;
            }
            if chosen
                .iter()
                .any(|&(cs, _)| joints.iter().any(|&j| (j > cs.min(s)) && (j < cs.max(s))))
            {
                continue;
            }
            if ordered && chosen.last().is_some_and(|&(_, ce)| s < ce) {
                continue;
            }
            let lo = chosen.iter().map(|c| c.0).min().unwrap_or(s).min(s);
            let hi = chosen.iter().map(|c| c.1).max().unwrap_or(e).max(e);
            if doc.width(lo, hi) > within + 1 {
                continue;
            }
            chosen.push((s, e));
            if dfs(doc, k + 1, per_slot, chosen, within, ordered, joints) {
                return true;
            }
            chosen.pop();
        }
        false
    }
    dfs(doc, 0, &per_slot, &mut chosen, within, rule.spec.ordered, &joints).then_some(chosen)
}

/// How a hit stands in its clause.
struct Standing {
    category: String,
    voice: Voice,
    why: Option<&'static str>,
    threat_content: bool,
}

/// How a hit stands: the category it assigns, its voice, and why it does not count.
fn stand(doc: &Doc, m: &Matcher, fc: &FrameClasses, rule: &Rule, spans: &[(usize, usize)], c: usize) -> Standing {
    let spec = &rule.spec;
    let f = &doc.frames[c];
    let first = spans.iter().map(|s| s.0).min().unwrap_or(0);
    let last = spans.iter().map(|s| s.0).max().unwrap_or(0);
    let inside = |p: usize| spans.iter().any(|&(s, e)| p >= s && p < e);
    let tokens = || spans.iter().flat_map(|&(s, e)| s..e);
    let mut out = Standing {
        category: spec.category.clone(),
        voice: Voice::Asserted,
        why: None,
        threat_content: false,
    };
    let not = |mut out: Standing, voice: Voice, why: &'static str| {
        out.voice = voice;
        out.why = Some(why);
        out
    };
    let utterance = tokens().any(|p| doc.words[p].utterance);
    // A threat's content: "dreigde haar te slaan", "bedreigd met zware mishandeling",
    // "'ik maak je af'", "zei dat hij haar zou vermoorden" — but not an act told beside the
    // threat ("heeft haar bedreigd en geslagen": a participle or past verb is a deed).
    let told_as_deed = tokens().any(|p| doc.words[p].participle || doc.words[p].past);
    // A bare "en" or "maar" between two words ("bedreigd en geld afneemt", "niet bang en
    // wil niet") puts them in two coordinated parts ("en/of" does not).
    let coordinated_between = |a: usize, b: usize| {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        (lo + 1..hi).any(|k| {
            let w = &doc.words[k];
            w.tok.is_word()
                && matches!(w.tok.folded.as_str(), "en" | "maar")
                && !doc
                    .words
                    .get(k + 1)
                    .is_some_and(|n| matches!(n.tok.kind, crate::classify::tokens::TokenKind::Punct('/')))
        })
    };
    // An infinitive stays the threat's content across "en" ("dreigde haar op te wachten en
    // te slaan"); a finite verb after "en" is a deed of its own.
    // ("te slaan": with "te"; "is gaan bedreigen en volgen" has none and tells two acts.)
    let infinitive = tokens().any(|p| {
        let w = &doc.words[p];
        let te_before = (p.saturating_sub(2)..p).any(|k| doc.words[k].tok.folded == "te");
        w.verb && !w.participle && !w.past && *w.tok.folded == *w.lemma && te_before
    });
    let threat_in_clause = f
        .threat_at
        .is_some_and(|t| t < last && !inside(t) && (infinitive || !coordinated_between(t, last)))
        && !told_as_deed;
    let threat_here = utterance || threat_in_clause || (f.threat && f.threat_at.is_none());
    if spec.frame == RuleFrame::ThreatOnly && !threat_here {
        return not(out, Voice::Hypothetical, "alleen als inhoud van een dreiging");
    }
    if spec.frame == RuleFrame::Act && threat_here {
        match &spec.threat_as {
            Some(t) => {
                out.category = t.clone();
                out.threat_content = true;
            }
            None => return not(out, Voice::Hypothetical, "alleen gedreigd"),
        }
    } else if matches!(spec.frame, RuleFrame::Act | RuleFrame::Event) && f.possible && !threat_here {
        return not(out, Voice::Hypothetical, "mogelijk, niet vastgesteld");
    } else if matches!(spec.frame, RuleFrame::Act | RuleFrame::Event) && f.irrealis && !threat_here {
        return not(out, Voice::Hypothetical, "gevreesd, gewenst of toekomstig");
    } else if spec.frame == RuleFrame::Event && (f.conditional || threat_here) {
        return not(out, Voice::Hypothetical, "als voorwaarde");
    } else if spec.frame == RuleFrame::Act && !told_as_deed && fear_before(f, first) {
        // "risico op letsel", "angst voor geweld": feared, not told as done.
        return not(out, Voice::Hypothetical, "gevreesd, niet gebeurd");
    }
    // "beschuldigd van mishandeling", "aangifte tegen aangeefster wegens bedreiging": what
    // someone is accused of is not told as done.
    // A finite verb, a participle or an infinitive with "te" ("hoeft haar wachtwoorden niet
    // te geven"); a bare infinitive is often a noun ("het seksueel binnendringen").
    let verb_in_hit = tokens().any(|p| {
        let w = &doc.words[p];
        let te_before = p > 0 && doc.words[p - 1].tok.folded == "te";
        w.verb && (w.participle || w.past || *w.tok.folded != *w.lemma || te_before)
    });
    if !verb_in_hit && accused_before(doc, m, fc, c, first) {
        return not(out, Voice::Attributed, "een beschuldiging, geen handeling");
    }
    // Negation: a negation word of the clause that is not the rule's own, or "geen" right
    // before the matched words.
    // A negation reaches a verb in the clause; an act named as a noun only when it stands
    // right before it ("niet verder te vervolgen voor de verdenking van mishandeling" does
    // not deny the mishandeling).
    // "heeft niet gezegd haar te zullen vermoorden": a negated verb of saying or
    // threatening negates what it introduces.
    let negated_cue = f.cues.iter().any(|&(k, q)| {
        matches!(k, doc::Cue::Say | doc::Cue::Report | doc::Cue::Threat)
            && q < first
            && f.negators.iter().any(|&p| p < q && q - p <= 4)
    });
    // "kan geen beslissing nemen zonder toestemming", "mag nooit zonder hem de deur uit": a
    // negation before "zonder" is a double negation, the condition itself.
    let hit_end = spans.iter().map(|s| s.1).max().unwrap_or(first);
    let cancelled = |p: usize| (p + 1..hit_end).any(|z| doc.words[z].tok.folded == "zonder");
    // An act named as the clause's subject whose occurrence or finding the clause denies:
    // "Fysiek geweld is er volgens moeder nooit geweest", "Mishandeling heeft niet
    // plaatsgevonden", "Mishandeling kon niet worden vastgesteld".
    let clause = &doc.clauses[c];
    let opening = (clause.first..first).all(|k| {
        let w = &doc.words[k];
        !w.tok.is_word()
            || Some(w.tok.folded.as_str()) == clause.opener.as_deref()
            || listed(&["het", "de", "een"], &w.tok.folded)
    });
    let occurs_or_found = |k: usize| {
        m.class_at(&doc.words, k, fc.occurrence).is_some() || m.class_at(&doc.words, k, fc.finding).is_some()
    };
    let occurrence_denied = !verb_in_hit
        && opening
        && f.negators.iter().any(|&p| p >= hit_end && !coordinated_between(first, p))
        && (hit_end..clause.end).any(|k| doc.words[k].tok.is_word() && occurs_or_found(k))
        // Only the occurrence or its finding is said of it: "is niet uit te sluiten" says
        // something else.
        && (hit_end..clause.end).all(|k| {
            let w = &doc.words[k];
            let te_infinitive = k > 0 && doc.words[k - 1].tok.folded == "te" && w.verb;
            !(w.tok.is_word() && (w.participle || te_infinitive)) || occurs_or_found(k)
        });
    let negated = !spec.ignore_negation
        && (f.negated
            || negated_cue
            || occurrence_denied
            || f.negators.iter().any(|&p| {
                !inside(p)
                    && !cancelled(p)
                    && !coordinated_between(p, first)
                    && (verb_in_hit || (p < first && first - p <= 3))
            })
            || f.geen.iter().any(|&g| !inside(g) && !cancelled(g) && (g + 1..g + 4).any(inside))
            // Right before a later part of the hit: "De achterdeur zat niet op slot".
            || f.negators.iter().any(|&p| !inside(p) && spans.iter().skip(1).any(|&(s, _)| s == p + 1)));
    let speaker = f.speaker;
    if negated && !f.rejected_defence {
        let by_suspect = f.denied || speaker.is_some_and(|s| matches!(s, Side::Suspect | Side::SuspectWeak));
        if !spec.negation_disputes {
            return not(out, Voice::Hypothetical, "ontkenning zegt niets over de handeling");
        }
        return if by_suspect {
            not(out, Voice::Suspect, "ontkend door verdachte")
        } else {
            not(out, Voice::Negated, "ontkend")
        };
    }
    if f.denied && !negated {
        return not(out, Voice::Suspect, "ontkend door verdachte");
    }
    // Who acts. A noun ("mishandeling", "suïcidepoging") is the act of the clause's subject
    // only when the clause says the subject did it ("deed een suïcidepoging"); "zij deed
    // aangifte van mishandeling" tells of his act.
    // "een suïcidepoging heeft gedaan", "deed een poging": a light verb next to the noun,
    // with no "van" between ("aangifte gedaan van mishandeling" is not his act).
    let end = hit_end;
    let near_perpetrate = fc.perpetrate.is_some()
        && (clause.first..clause.end).any(|p| {
            m.class_at(&doc.words, p, fc.perpetrate).is_some()
                && ((p >= end && p - end <= 3) || (p < first && first - p <= 3))
                && !(p.min(first)..p.max(end)).any(|k| doc.words[k].tok.folded == "van")
        });
    let acts = verb_in_hit || near_perpetrate;
    if !acts {
        return out;
    }
    let mut agent = doc::agent(f);
    if doc::first_person_subject(&doc.words, f, m, fc) {
        agent = if utterance { Some(Side::Suspect) } else { speaker };
    }
    let suspect_speaks = speaker.is_some_and(|s| matches!(s, Side::Suspect));
    // In a passive the subject is the one it happened to: a suspect it happened to
    // ("Verd. zijn de huissleutels afgenomen") did not do it.
    // A participle beside a form of "hebben" is an active perfect, not the clause's passive:
    // "dat betrokkene … is gesignaleerd en haar … heeft opgewacht".
    let active_perfect = |p: usize| {
        [p.checked_sub(1), Some(p + 1)]
            .into_iter()
            .flatten()
            .filter_map(|q| doc.words.get(q))
            .any(|w| w.tok.is_word() && &*w.lemma == "hebben")
    };
    let suspect_patient = f.passive
        && f.door_agent.is_none()
        && matches!(f.subject, Some((_, Side::Suspect)))
        && tokens().any(|p| doc.words[p].participle && !active_perfect(p));
    match spec.agent {
        Agent::NotVictim | Agent::Suspect if suspect_patient => {
            return not(out, Voice::Attributed, "overkwam verdachte zelf");
        }
        Agent::Suspect => {
            if matches!(
                agent,
                Some(Side::Victim | Side::VictimWeak | Side::Authority | Side::Child)
            ) {
                return not(out, Voice::Attributed, "handeling van een ander dan verdachte");
            }
        }
        Agent::Victim => {
            if matches!(
                agent,
                Some(Side::Suspect | Side::SuspectWeak | Side::Authority | Side::Other)
            ) && !f.passive
            {
                return not(out, Voice::Attributed, "gaat niet over het slachtoffer");
            }
        }
        Agent::NotVictim => {
            let victims_own = match agent {
                Some(Side::Victim) | Some(Side::Authority) => true,
                // "zij moest hem haar wachtwoorden geven": an obligation she was under is his
                // conduct, not hers.
                Some(Side::VictimWeak) if !obliged(doc, c) => {
                    f.reflexive
                        || f.object.is_some_and(|o| matches!(o, Side::Suspect | Side::SuspectWeak))
                        || suspect_speaks
                }
                _ => false,
            };
            if victims_own {
                return not(out, Voice::Attributed, "handeling van een ander dan verdachte");
            }
        }
        Agent::NotSuspect => {
            if agent.is_some_and(|s| matches!(s, Side::Suspect | Side::SuspectWeak)) && !f.passive {
                return not(out, Voice::Attributed, "gaat over verdachte zelf");
            }
        }
        Agent::Any => {}
    }
    out
}

/// A modal of obligation or permission in the clause ("moest", "mocht niet", "hoefde").
fn obliged(doc: &Doc, c: usize) -> bool {
    let clause = &doc.clauses[c];
    doc.words[clause.first..clause.end]
        .iter()
        .any(|w| w.tok.is_word() && matches!(&*w.lemma, "moeten" | "mogen" | "hoeven"))
}

/// "beschuldigd van", "aangifte tegen haar wegens", "verdacht van" right before `first`.
fn accused_before(doc: &Doc, m: &Matcher, fc: &FrameClasses, c: usize, first: usize) -> bool {
    let Some(class) = fc.accused_of else { return false };
    let from = doc.clauses[c].first.max(first.saturating_sub(8));
    (from..first).any(|p| {
        m.slot_at(&doc.words, p, &m.lexicon.classes[class], 0)
            .is_some_and(|e| e <= first && first - e <= 3)
    })
}

/// A fear, worry or risk word before `first` in the clause ("risico op letsel").
fn fear_before(f: &doc::Frame, first: usize) -> bool {
    f.cues.iter().any(|(k, p)| *k == doc::Cue::Fear && *p < first)
}
