//! One narrative read for classification: tokens with their lemmas, sentences, clauses,
//! and per clause the frame its words stand in — negated, denied by the suspect, his or
//! her statement, a threat, a condition or a wish, and who acts.
//!
//! The frame words are classes of the lexicon (`neg`, `say`, `deny`, `threat_cue`, …), so
//! a domain expert edits them where the rules are. What is decided here is how they
//! reach: a negation stands for its clause, `geen` for the words right after it; a verb
//! of saying, denying or proving governs the `dat`-clause or the quotation after it; a
//! quotation that speaks to someone (`'ik maak je af'`) is said, not done.

use super::lemmas::{Ids, Lemmatizer};
use super::lexicon::{Atom, Lexicon, Slot, WordKey};
use super::tokens::{self, listed, Clause, Sentence, Token, TokenKind};

/// One token with what the lemmatizer found.
#[derive(Debug, Clone)]
pub struct Word {
    /// The token.
    pub tok: Token,
    /// Its first lemma (for display, and for prefix and suffix atoms).
    pub lemma: std::rc::Rc<str>,
    /// Every known lemma it can be a form of.
    pub ids: Ids,
    /// A noun compound's head, when known.
    pub head: Option<u32>,
    /// Reads as a verb form.
    pub verb: bool,
    /// Reads as a participle.
    pub participle: bool,
    /// Reads as a past tense.
    pub past: bool,
    /// A separable particle re-attached to its verb ("kneep … dicht"): it no longer stands
    /// for itself.
    pub absorbed: bool,
    /// The particle this verb took back, by position (quoted with it as evidence).
    pub particle: Option<usize>,
    /// Inside a quotation that speaks to someone (`'ik maak je af'`).
    pub utterance: bool,
    /// A possessive pronoun before its noun ("haar hoofd"), not an object ("sloeg haar").
    pub possessive: bool,
    /// A name written with a child's age: "Daan (9)".
    pub minor: bool,
    /// A word written with an adult's age: "haar zoon (22)".
    pub adult: bool,
    /// An auxiliary or "te" that may stand between the words of a phrase (`PHRASE_GAP`).
    pub gap: bool,
}

impl Word {
    /// What the lexicon's start tests know of the word.
    #[inline]
    pub fn key(&self) -> WordKey<'_> {
        WordKey {
            ids: &self.ids,
            head: self.head,
            lemma: &self.lemma,
            folded: &self.tok.folded,
            minor: self.minor,
            adult: self.adult,
        }
    }
}

/// Who a person word stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The suspect (`verdachte`, `betrokkene`, `meneer`).
    Suspect,
    /// Probably the suspect (`hij`, `hem`).
    SuspectWeak,
    /// The victim (`aangeefster`, `slachtoffer`, `mevrouw`).
    Victim,
    /// Probably the victim (`zij`, `moeder`).
    VictimWeak,
    /// A child.
    Child,
    /// Police, court, municipality, care workers.
    Authority,
    /// Someone else.
    Other,
}

impl Side {
    fn is_suspect(self) -> bool {
        matches!(self, Side::Suspect | Side::SuspectWeak)
    }

    /// The other party of the two: what a gendered word stands for when the suspect is a
    /// woman.
    fn swapped(self) -> Side {
        match self {
            Side::Suspect => Side::Victim,
            Side::SuspectWeak => Side::VictimWeak,
            Side::Victim => Side::Suspect,
            Side::VictimWeak => Side::SuspectWeak,
            other => other,
        }
    }
}

/// Who the suspect of a text is, as far as the text itself says. The person words of the
/// lexicon are gendered the way most records are ("hij" the suspect, "zij" the victim); a
/// text that names a woman as the suspect reads them the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SuspectGender {
    /// Nothing says otherwise.
    #[default]
    Male,
    /// "Betrokkene, een 35-jarige vrouw, …", "Aan betrokkene, mevrouw …", "verdacht van
    /// mishandeling van haar partner", "aangifte … tegen zijn ex-vriendin".
    Female,
}

/// Role words that name a party whatever its sex: they keep their side.
const NEUTRAL_ROLES: &[&str] = &[
    "verdachte",
    "verd",
    "vd",
    "betrokkene",
    "bet",
    "pleger",
    "client",
    "cliente",
    "slachtoffer",
    "sl",
    "benadeelde",
    "achterblijver",
    "aangever",
    "aangeefster",
    "aangeefter",
    "melder",
    "de",
    "het",
];

/// Reads from the words whether the text names a woman as the suspect.
fn suspect_gender(words: &[Word]) -> SuspectGender {
    let folded: Vec<&str> = words
        .iter()
        .filter(|w| w.tok.is_word() || matches!(w.tok.kind, TokenKind::Punct(',')))
        .map(|w| if w.tok.is_word() { w.tok.folded.as_str() } else { "," })
        .collect();
    let at = |i: usize| folded.get(i).copied().unwrap_or("");
    let female = |w: &str| matches!(w, "vrouw" | "mevrouw" | "mw");
    let female_partner = |w: &str| matches!(w, "vrouw" | "vriendin" | "echtgenote" | "partnerin");
    let male_partner = |w: &str| matches!(w, "partner" | "man" | "vriend" | "echtgenoot");
    for i in 0..folded.len() {
        let w = at(i);
        // Not "cliënte" alone: at Veilig Thuis or an advice desk the client is the victim.
        // "Betrokkene, een 35-jarige vrouw," / "Aan betrokkene, mevrouw S. Hoogland,".
        if matches!(w, "betrokkene" | "verdachte" | "client") && at(i + 1) == "," {
            let mut k = i + 2;
            if at(k) == "een" {
                k += 1;
            }
            if at(k).ends_with("jarige") {
                k += 1;
            }
            if female(at(k)) {
                return SuspectGender::Female;
            }
        }
        // "verdacht van mishandeling van haar partner", "veroordeling voor belaging van haar
        // ex-partner".
        if w == "haar" {
            let partner = if at(i + 1) == "ex" { at(i + 2) } else { at(i + 1) };
            let charged = (i.saturating_sub(5)..i).any(|k| {
                matches!(
                    at(k),
                    "verdacht" | "verdenking" | "veroordeling" | "veroordeeld" | "schuldig"
                )
            });
            if charged && male_partner(partner) {
                return SuspectGender::Female;
            }
        }
        // A man who reports her: "aangifte tegen zijn ex-vriendin", "aangifte te doen van
        // mishandeling door zijn ex-vrouw".
        if w == "zijn" && matches!(at(i.wrapping_sub(1)), "tegen" | "door") {
            let partner = if at(i + 1) == "ex" { at(i + 2) } else { at(i + 1) };
            let reported = (i.saturating_sub(8)..i).any(|k| at(k) == "aangifte");
            if reported && female_partner(partner) {
                return SuspectGender::Female;
            }
        }
    }
    SuspectGender::Male
}

/// The kinds of frame word, in the order they are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A verb of uttering to someone (`zeggen`, `roepen`, `schrijven`, `appen`): what the
    /// suspect says he will do is a threat.
    Say,
    /// A verb of reporting (`verklaren`, `vertellen`, `aangeven`): a statement to others.
    Report,
    /// A denial (`ontkennen`).
    Deny,
    /// An admission (`erkennen`, `bekennen`).
    Admit,
    /// Proof or appearance (`bewijzen`, `blijken`, `aanwijzing`).
    Proof,
    /// A threat (`dreigen`, `bedreigen`, `dreigement`).
    Threat,
    /// Fear, worry or risk (`bang`, `vrezen`, `zorg`, `risico`).
    Fear,
}

/// The frame of one clause.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Negation words that negate the clause (`niet`, `nooit`).
    pub negators: Vec<usize>,
    /// `geen` words: they negate the words right after them.
    pub geen: Vec<usize>,
    /// The clause as a whole is negated (`geen sprake van`, `niet bewezen dat`, an acquittal).
    pub negated: bool,
    /// Frame words in the clause: kind and position.
    pub cues: Vec<(Cue, usize)>,
    /// "ontkent niet": an admission.
    pub admits: bool,
    /// The clause's subject: position and side.
    pub subject: Option<(usize, Side)>,
    /// The agent named with `door` in a passive.
    pub door_agent: Option<Side>,
    /// A passive (`werd geslagen`, `is mishandeld`).
    pub passive: bool,
    /// Whose statement the clause is.
    pub speaker: Option<Side>,
    /// The suspect (or his defence) denies what the clause says.
    pub denied: bool,
    /// A threat governs the clause (or stands in it at `threat_at`).
    pub threat: bool,
    /// Where the threat word stands in the clause, if it does.
    pub threat_at: Option<usize>,
    /// A wish, fear or future: what the clause says did not (yet) happen.
    pub irrealis: bool,
    /// A possibility ("is niet uit te sluiten"): what the clause names is not established.
    pub possible: bool,
    /// A condition (`als`, `indien`).
    pub conditional: bool,
    /// The defence's claim that the court rejects ("verwerpt het verweer dat …").
    pub rejected_defence: bool,
    /// A reflexive (`zich`, `zichzelf`, `zelf`) in the clause.
    pub reflexive: bool,
    /// The clause's first person-word after the subject (the patient), if any.
    pub object: Option<Side>,
    /// The clause is what someone said to someone (under `zeggen`, `roepen`, `schrijven`).
    pub under_say: bool,
}

/// A narrative read for classification.
#[derive(Debug)]
pub struct Doc<'t> {
    /// The original text.
    pub text: &'t str,
    /// The words.
    pub words: Vec<Word>,
    /// The sentences.
    pub sentences: Vec<Sentence>,
    /// The clauses.
    pub clauses: Vec<Clause>,
    /// One frame per clause.
    pub frames: Vec<Frame>,
    /// The clause of each word.
    pub clause_of: Vec<usize>,
    /// Where the lexicon's classes match in the words, as far as asked.
    pub classes_at: ClassCache,
    /// For each word position, how many words before it count for a rule's window: a
    /// parenthesis does not ("Kinderen (4 en 7) stonden in de gang" is as close as
    /// "Kinderen stonden in de gang"). One entry more than there are words.
    pub window_at: Vec<u32>,
}

impl Doc<'_> {
    /// The window a stretch of words `lo..hi` takes, parentheses not counted.
    pub fn width(&self, lo: usize, hi: usize) -> usize {
        (self.window_at[hi] - self.window_at[lo]) as usize
    }
}

/// The running count behind [`Doc::width`].
fn window_counts(words: &[Word]) -> Vec<u32> {
    let mut out = Vec::with_capacity(words.len() + 1);
    let mut depth = 0usize;
    let mut n = 0u32;
    out.push(0);
    for w in words {
        let counted = match w.tok.kind {
            TokenKind::Punct('(') => {
                depth += 1;
                false
            }
            TokenKind::Punct(')') => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        };
        n += u32::from(counted);
        out.push(n);
    }
    out
}

/// The lexicon's frame classes, by index.
#[derive(Debug, Clone)]
pub struct FrameClasses {
    neg: Option<usize>,
    say: Option<usize>,
    deny: Option<usize>,
    admit: Option<usize>,
    proof: Option<usize>,
    threat: Option<usize>,
    fear: Option<usize>,
    /// "aankondigen": a threat when the suspect announces, a plan when she does.
    announce: Option<usize>,
    future: Option<usize>,
    /// "steeds", "regelmatig": with "zou" a reported habit, not a future.
    habit: Option<usize>,
    /// "niet uit te sluiten", "niet uitgesloten": a possibility, not a finding.
    possible: Option<usize>,
    have: Option<usize>,
    passive_aux: Option<usize>,
    victim: Option<usize>,
    victim_weak: Option<usize>,
    suspect: Option<usize>,
    suspect_weak: Option<usize>,
    child: Option<usize>,
    authority: Option<usize>,
    person: Option<usize>,
    first_person: Option<usize>,
    second_person: Option<usize>,
    reflexive: Option<usize>,
    preposition: Option<usize>,
    acquittal: Option<usize>,
    defence: Option<usize>,
    rejection: Option<usize>,
    clause_negation: Option<usize>,
    /// "is niets bekend", "is niet gebleken": after a negation, nothing is known of it.
    not_known: Option<usize>,
    possessive: Option<usize>,
    not_noun: Option<usize>,
    report: Option<usize>,
    /// The class of persons as objects (an object slot never matches a clause's subject).
    pub person_obj: Option<usize>,
    /// Verbs that make a clause's subject the doer of an act named as a noun.
    pub perpetrate: Option<usize>,
    /// Verbs that say an act took place ("is er geweest", "heeft plaatsgevonden").
    pub occurrence: Option<usize>,
    /// Verbs of finding an act ("vastgesteld", "aangetoond").
    pub finding: Option<usize>,
    /// Phrases that make the noun after them an accusation ("beschuldigd van").
    pub accused_of: Option<usize>,
    /// Verbs of motion or change whose perfect takes "zijn" without being a passive.
    unaccusative: Option<usize>,
    /// "kan niet worden bewezen", "vindt geen steun": the sentence is not proven.
    unproven: Option<usize>,
    /// "is gelogen", "klopt niet": the speaker refutes what the sentence tells.
    refute: Option<usize>,
    /// Prepositions after which a person is no direct object ("vlak voor haar").
    pub object_blocker: Option<usize>,
}

impl FrameClasses {
    /// Finds the frame classes in a lexicon (a missing class reads as empty).
    pub fn of(lexicon: &Lexicon) -> FrameClasses {
        let c = |n: &str| lexicon.class(n);
        FrameClasses {
            neg: c("neg"),
            say: c("say"),
            deny: c("deny"),
            admit: c("admit"),
            proof: c("proof"),
            threat: c("threat_cue"),
            fear: c("fear"),
            announce: c("announce"),
            future: c("future"),
            habit: c("habit"),
            possible: c("possible"),
            have: c("have"),
            passive_aux: c("passive_aux"),
            victim: c("victim_side"),
            victim_weak: c("victim_weak"),
            suspect: c("suspect_side"),
            suspect_weak: c("suspect_weak"),
            child: c("child_side").or(c("child")),
            authority: c("authority"),
            person: c("person"),
            first_person: c("first_person"),
            second_person: c("second_person"),
            reflexive: c("reflexive"),
            preposition: c("preposition"),
            acquittal: c("acquittal"),
            defence: c("defence"),
            rejection: c("rejection"),
            clause_negation: c("clause_negation"),
            not_known: c("not_known"),
            possessive: c("possessive"),
            not_noun: c("not_noun"),
            report: c("report"),
            person_obj: c("person_obj"),
            perpetrate: c("perpetrate"),
            occurrence: c("occurrence"),
            finding: c("finding"),
            accused_of: c("accused_of"),
            unaccusative: c("unaccusative"),
            unproven: c("unproven"),
            refute: c("refute"),
            object_blocker: c("object_blocker"),
        }
    }
}

/// Words that may stand between the words of a phrase: auxiliaries, modals, "te".
const PHRASE_GAP: &[&str] = &[
    "te", "zou", "zal", "zullen", "zouden", "zult", "wil", "wilde", "wilden", "kan", "kon", "konden", "kunnen", "moet",
    "moest", "moesten", "mag", "mocht", "mochten", "gaat", "ging", "gingen", "heeft", "had", "hebben", "hadden", "is",
    "was", "waren", "wordt", "werd", "werden", "worden", "ook", "nog", "wel", "weer", "even", "bleef", "bleven",
    "blijft",
];

/// Matching words against the lexicon's atoms and slots.
pub struct Matcher<'a> {
    /// The lexicon.
    pub lexicon: &'a Lexicon,
    /// Where a class matches, per class and word position, once asked (`UNKNOWN` until
    /// then, `NO_MATCH` for none, else the end): the same classes (persons, children,
    /// negations) are asked at the same words by many rules. Only for finished words.
    classes_at: Option<&'a ClassCache>,
    /// The number of words the cache is laid out for.
    words: usize,
}

/// Where classes match in a finished text (see [`Matcher`]); kept with the [`Doc`] so the
/// frames and the rules share it. With it, per word, the classes that may start there at
/// all ([`ClassStarts`](super::lexicon::ClassStarts)).
#[derive(Debug, Default)]
pub struct ClassCache {
    found: std::cell::RefCell<Vec<u32>>,
    may_start: Vec<u64>,
    width: usize,
}

impl ClassCache {
    fn new(lexicon: &Lexicon, words: &[Word]) -> ClassCache {
        let starts = &lexicon.class_starts;
        let width = starts.width();
        let mut may_start = vec![0; words.len() * width];
        for (w, mask) in words.iter().zip(may_start.chunks_mut(width)) {
            starts.mask(&w.key(), mask);
        }
        ClassCache {
            found: std::cell::RefCell::new(vec![UNKNOWN; lexicon.classes.len() * words.len()]),
            may_start,
            width,
        }
    }

    /// Whether class `k` may start at word `pos`.
    #[inline]
    fn may_start(&self, k: usize, pos: usize) -> bool {
        self.may_start
            .get(pos * self.width + k / 64)
            .is_some_and(|m| m & (1 << (k % 64)) != 0)
    }
}

const UNKNOWN: u32 = u32::MAX;
const NO_MATCH: u32 = u32::MAX - 1;

impl<'a> Matcher<'a> {
    /// A matcher for words that may still change.
    pub fn new(lexicon: &'a Lexicon) -> Matcher<'a> {
        Matcher {
            lexicon,
            classes_at: None,
            words: 0,
        }
    }

    /// A matcher for a finished text, remembering where classes match in its words.
    pub fn of_doc(lexicon: &'a Lexicon, doc: &'a Doc) -> Matcher<'a> {
        Matcher {
            lexicon,
            classes_at: Some(&doc.classes_at),
            words: doc.words.len(),
        }
    }
}

impl Matcher<'_> {
    /// Whether `atom` matches at `pos`; the position after the match.
    pub fn atom(&self, words: &[Word], pos: usize, atom: &Atom, depth: usize) -> Option<usize> {
        let w = words.get(pos)?;
        let word = w.tok.is_word() && !w.absorbed;
        let ok = match atom {
            Atom::Lemma(id) => word && (w.ids.contains(*id) || w.head == Some(*id)),
            Atom::Exact(id) => word && w.ids.contains(*id),
            Atom::Prefix(p) => word && w.lemma.starts_with(p.as_str()),
            Atom::Suffix(s) => word && w.lemma.ends_with(s.as_str()),
            Atom::Form(f) => w.tok.folded == *f,
            Atom::AnyWord => word,
            Atom::Number => w.tok.kind == TokenKind::Number,
            Atom::Pronoun(id) => word && w.ids.contains(*id) && !w.possessive,
            Atom::Minor => word && w.minor,
            Atom::Adult => word && w.adult,
            Atom::Class(k) => {
                if depth > 8 {
                    return None;
                }
                if let Some(cache) = self.classes_at.filter(|_| pos < self.words) {
                    if !cache.may_start(*k, pos) {
                        return None;
                    }
                    let at = *k * self.words + pos;
                    let known = cache.found.borrow()[at];
                    if known != UNKNOWN {
                        return (known != NO_MATCH).then_some(known as usize);
                    }
                    let found = self.slot_at(words, pos, &self.lexicon.classes[*k], depth + 1);
                    cache.found.borrow_mut()[at] = found.map_or(NO_MATCH, |e| e as u32);
                    return found;
                }
                return self.slot_at(words, pos, &self.lexicon.classes[*k], depth + 1);
            }
        };
        ok.then_some(pos + 1)
    }

    /// Whether one of the slot's alternatives matches at `pos` (the longest); its end.
    pub fn slot_at(&self, words: &[Word], pos: usize, slot: &Slot, depth: usize) -> Option<usize> {
        let w = words.get(pos)?;
        if !slot.starts.may_start(&w.key()) {
            return None;
        }
        let mut best: Option<usize> = None;
        // Only an id the slot may start on is looked up.
        let first = |id: u32| slot.starts.has(id).then(|| slot.by_first.get(&id)).flatten();
        let by_lemma = w.ids.iter().filter_map(first).flatten();
        let by_head = w.head.and_then(first).into_iter().flatten();
        let by_class = slot
            .by_class
            .iter()
            .filter(|(c, _)| self.atom(words, pos, &Atom::Class(*c), depth).is_some())
            .flat_map(|(_, list)| list);
        let others = slot
            .others
            .iter()
            .filter(|(_, first)| first.admits(&w.lemma, &w.tok.folded))
            .map(|(k, _)| k);
        'alt: for &k in by_lemma.chain(by_head).chain(by_class).chain(others) {
            let alt = &slot.alts[k as usize];
            let mut p = pos;
            for (k, atom) in alt.iter().enumerate() {
                // Quotation marks inside a phrase are passed over ("'kapot' te maken").
                if k > 0 {
                    while words.get(p).is_some_and(|w| w.tok.kind == TokenKind::Quote) {
                        p += 1;
                    }
                }
                match self.atom(words, p, atom, depth) {
                    Some(next) => p = next,
                    None => {
                        // A particle taken back by its verb, the "te" of an infinitive and up
                        // to two auxiliaries stand between the words of a phrase ("de nek om
                        // te draaien", "koud zou maken", "koffers heeft gepakt").
                        let mut q = p;
                        let mut skipped = 0;
                        while k > 0 && skipped < 3 && words.get(q).is_some_and(|w| w.absorbed || w.gap) {
                            q += 1;
                            skipped += 1;
                        }
                        match (q > p).then(|| self.atom(words, q, atom, depth)).flatten() {
                            Some(next) => p = next,
                            None => continue 'alt,
                        }
                    }
                }
            }
            if best.is_none_or(|b| p > b) {
                best = Some(p);
            }
        }
        best
    }

    /// Whether a class matches at `pos`.
    pub fn class_at(&self, words: &[Word], pos: usize, class: Option<usize>) -> Option<usize> {
        let k = class?;
        self.atom(words, pos, &Atom::Class(k), 0)
    }
}

/// Reads `text`: tokens, lemmas, sentences, clauses and frames.
pub fn read<'t>(
    text: &'t str,
    lemmas: &Lemmatizer,
    lexicon: &Lexicon,
    fc: &FrameClasses,
    children: &[String],
) -> Doc<'t> {
    let toks = tokens::tokenize(text);
    let sentences = tokens::sentences(text, &toks);
    let clauses = tokens::clauses(&toks, &sentences);
    let mut words: Vec<Word> = toks
        .into_iter()
        .map(|tok| {
            if tok.is_word() {
                let a = lemmas.analyse(&tok.folded);
                Word {
                    tok,
                    lemma: a.lemma,
                    ids: a.ids,
                    head: a.head,
                    verb: a.verb,
                    participle: a.participle,
                    past: a.past,
                    absorbed: false,
                    particle: None,
                    utterance: false,
                    possessive: false,
                    minor: false,
                    adult: false,
                    gap: false,
                }
            } else {
                Word {
                    lemma: tok.folded.as_str().into(),
                    tok,
                    ids: Ids::default(),
                    head: None,
                    verb: false,
                    participle: false,
                    past: false,
                    absorbed: false,
                    particle: None,
                    utterance: false,
                    possessive: false,
                    minor: false,
                    adult: false,
                    gap: false,
                }
            }
        })
        .map(|mut w: Word| {
            w.gap = w.tok.is_word() && listed(PHRASE_GAP, w.tok.folded.as_str());
            w
        })
        .collect();
    let clauses = split_at_finite_coordination(&words, clauses);
    let clauses = split_at_inverted_main_clause(&words, clauses);
    // A capitalised word inside a sentence is a name ("mevrouw Post", "Emma"): it keeps
    // only a reading the lexicon names exactly, not one guessed from its ending.
    for sentence in &sentences {
        for w in &mut words[sentence.first + 1..sentence.end] {
            // Title case only: a text in capitals ("HIJ SLOEG HAAR") has no names to find.
            let title_case = w.tok.capital && text[w.tok.start..w.tok.end].chars().skip(1).any(char::is_lowercase);
            if w.tok.is_word() && title_case && !w.ids.is_empty() {
                match lemmas.id(&w.tok.folded) {
                    Some(id) => w.ids = Ids::one(id),
                    None => {
                        w.ids = Ids::default();
                        w.lemma = w.tok.folded.as_str().into();
                        w.verb = false;
                        w.participle = false;
                        w.past = false;
                    }
                }
            }
        }
    }
    let mut clause_of = vec![0; words.len()];
    for (c, clause) in clauses.iter().enumerate() {
        for slot in &mut clause_of[clause.first..clause.end] {
            *slot = c;
        }
    }
    let m = Matcher::new(lexicon);
    for clause in &clauses {
        reattach_particles(&mut words, clause, lemmas, &m, fc);
    }
    mark_utterances(&mut words, &sentences, &m, fc);
    mark_possessives_and_minors(&mut words, &m, fc);
    for w in words.iter_mut() {
        if w.tok.is_word() && w.tok.capital && children.contains(&w.tok.folded) {
            w.minor = true;
        }
    }
    // The words are finished: from here on a class matches where it matched before.
    let classes_at = ClassCache::new(lexicon, &words);
    let m = Matcher {
        lexicon,
        classes_at: Some(&classes_at),
        words: words.len(),
    };
    let frames = frames(&words, &sentences, &clauses, &m, fc, suspect_gender(&words));
    let window_at = window_counts(&words);
    Doc {
        window_at,
        text,
        words,
        sentences,
        clauses,
        frames,
        clause_of,
        classes_at,
    }
}

/// Splits a fronted subordinate clause from the main clause that follows it without a comma:
/// "Als ik te laat thuiskom van mijn werk | belt hij me steeds". A subordinate clause puts its
/// finite verb last; a finite verb followed by its subject pronoun, after the subordinate
/// clause has had its own finite verb, is the inverted main clause.
fn split_at_inverted_main_clause(words: &[Word], clauses: Vec<Clause>) -> Vec<Clause> {
    let finite = |w: &Word| w.tok.is_word() && w.verb && !w.participle && (w.past || *w.tok.folded != *w.lemma);
    let mut out = Vec::with_capacity(clauses.len());
    for clause in clauses {
        let fronted = matches!(
            clause.opener.as_deref(),
            Some(
                "als" | "indien" | "wanneer" | "zodra" | "toen" | "nadat" | "voordat" | "zolang" | "omdat" | "doordat"
            )
        );
        let split = fronted
            .then(|| {
                (clause.first + 3..clause.end.saturating_sub(1)).find(|&i| {
                    finite(&words[i])
                        && (clause.first + 1..i).any(|k| finite(&words[k]))
                        && words[i + 1].tok.is_word()
                        && matches!(
                            words[i + 1].tok.folded.as_str(),
                            "hij" | "zij" | "ik" | "wij" | "we" | "u" | "je" | "jij"
                        )
                })
            })
            .flatten();
        match split {
            Some(i) => {
                out.push(Clause {
                    first: clause.first,
                    end: i,
                    sentence: clause.sentence,
                    after: clause.after,
                    opener: clause.opener,
                });
                out.push(Clause {
                    first: i,
                    end: clause.end,
                    sentence: clause.sentence,
                    after: None,
                    opener: None,
                });
            }
            None => out.push(clause),
        }
    }
    out
}

/// Splits a clause where `en`, `maar` or `of` joins a second finite verb with its own
/// objects ("zij ziet haar familie niet meer | en is gestopt met haar werk"): a negation of
/// the first does not reach the second. Two participles stay together ("niet geslagen of
/// geduwd").
fn split_at_finite_coordination(words: &[Word], clauses: Vec<Clause>) -> Vec<Clause> {
    const AUXILIARIES: &[&str] = &[
        "zijn", "hebben", "worden", "zullen", "kunnen", "moeten", "mogen", "willen", "gaan", "blijven", "laten",
        "komen",
    ];
    let mut out = Vec::with_capacity(clauses.len());
    for clause in clauses {
        let mut first = clause.first;
        for i in clause.first + 1..clause.end.saturating_sub(1) {
            let w = &words[i];
            if !(w.tok.is_word() && matches!(w.tok.folded.as_str(), "en" | "maar" | "of")) {
                continue;
            }
            let next = &words[i + 1];
            let finite = next.tok.is_word()
                && next.verb
                && !next.participle
                && (next.past
                    || (*next.tok.folded != *next.lemma && listed(AUXILIARIES, &next.lemma))
                    || next.tok.folded.ends_with('t'));
            // Where the negation of the first part would otherwise reach the second.
            let negated_before = (first..i).any(|k| {
                words[k].tok.is_word()
                    && matches!(
                        words[k].tok.folded.as_str(),
                        "niet" | "geen" | "nooit" | "niets" | "niks" | "niemand" | "nergens"
                    )
            });
            // Or where the second part changes voice ("heeft een suïcidepoging gedaan en is
            // enkele weken opgenomen geweest"): the passive of the second is not the first's.
            let finite_form = |w: &Word, lemma: &str| w.tok.is_word() && &*w.lemma == lemma && w.tok.folded != lemma;
            // And the other way: "is door zijn vrouw verlaten en verblijft sindsdien bij zijn
            // moeder": the second part's subject acts.
            let passive_before = (first..i).any(|k| finite_form(&words[k], "zijn") || finite_form(&words[k], "worden"))
                && (first..i).any(|k| words[k].participle);
            let voice_change = ((finite_form(next, "zijn") || finite_form(next, "worden"))
                && (first..i).any(|k| finite_form(&words[k], "hebben")))
                || (passive_before && !listed(AUXILIARIES, &next.lemma));
            if finite && i > first && (negated_before || voice_change) {
                out.push(Clause {
                    first,
                    end: i,
                    sentence: clause.sentence,
                    after: if first == clause.first { clause.after } else { None },
                    opener: if first == clause.first {
                        clause.opener.clone()
                    } else {
                        Some(words[first].tok.folded.clone())
                    },
                });
                first = i;
            }
        }
        out.push(Clause {
            first,
            end: clause.end,
            sentence: clause.sentence,
            after: if first == clause.first { clause.after } else { None },
            opener: if first == clause.first {
                clause.opener
            } else {
                Some(words[first].tok.folded.clone())
            },
        });
    }
    out
}

/// Re-attaches a separable particle to its verb within the clause: "kneep haar keel dicht"
/// → `dichtknijpen`, "trapte de deur in" → `intrappen`, "haar op te sluiten" → `opsluiten`.
/// A particle is stranded when nothing it could govern follows it (the clause ends, or a
/// preposition, `te` or a verb follows); "sloeg op tafel" keeps its preposition.
fn reattach_particles(words: &mut [Word], clause: &Clause, lemmas: &Lemmatizer, m: &Matcher, fc: &FrameClasses) {
    for i in clause.first..clause.end {
        if !words[i].tok.is_word() || !lemmas.is_particle(&words[i].tok.folded) {
            continue;
        }
        let particle = words[i].tok.folded.clone();
        // "op te sluiten": particle, te, infinitive.
        if i + 2 < clause.end && words[i + 1].tok.folded == "te" && words[i + 2].tok.is_word() {
            let combined = format!("{particle}{}", words[i + 2].lemma);
            if lemmas.knows(&combined) {
                set_lemma(&mut words[i + 2], &combined, lemmas);
                words[i + 2].particle = Some(i);
                words[i].absorbed = true;
                continue;
            }
        }
        let next_at = (i + 1..clause.end).find(|&k| words[k].tok.kind != TokenKind::Quote);
        let next = next_at.map(|k| &words[k]);
        let stranded = match next {
            None => true,
            Some(n) => {
                !n.tok.is_word()
                    || n.tok.folded == "te"
                    || (n.verb && !next_at.is_some_and(|k| possessive_before_noun(words, k, m, fc)))
                    // "houdt bij hoeveel kilometer zij rijdt", "zocht uit waar zij woont".
                    || matches!(
                        n.tok.folded.as_str(),
                        "hoeveel" | "waar" | "wie" | "wat" | "hoe" | "wanneer" | "welke" | "of" | "dat" | "waarom"
                            // The end of a conjunct: "'jou maak ik af' en erkende later".
                            | "en" | "maar"
                    )
                    || m.class_at(
                        words,
                        i + 1
                            + words[i + 1..]
                                .iter()
                                .take_while(|w| w.tok.kind == TokenKind::Quote)
                                .count(),
                        fc.preposition,
                    )
                    .is_some()
            }
        };
        if !stranded {
            continue;
        }
        // The nearest finite verb before it whose particle verb the lexicon knows.
        for j in (clause.first..i).rev() {
            let w = &words[j];
            if !w.tok.is_word() || !w.verb || w.participle || w.absorbed || possessive_before_noun(words, j, m, fc) {
                continue;
            }
            let combined = format!("{particle}{}", w.lemma);
            if lemmas.knows(&combined) {
                set_lemma(&mut words[j], &combined, lemmas);
                words[j].particle = Some(i);
                words[i].absorbed = true;
                break;
            }
        }
    }
}

fn set_lemma(w: &mut Word, lemma: &str, lemmas: &Lemmatizer) {
    w.lemma = lemma.into();
    w.ids = lemmas.id(lemma).map(Ids::one).unwrap_or_default();
    w.head = None;
    w.verb = true;
}

/// Marks the words of quotations that speak to someone: the quoted part of a sentence
/// with a second-person pronoun (`'je bent dood'`, `'ik maak je af'`) is an utterance, not
/// a narrative. A victim's quoted account may hold such a sentence ("Daarna zei hij: als je
/// de politie belt, maak ik je af"); its other sentences stay her account.
fn mark_utterances(words: &mut [Word], sentences: &[Sentence], m: &Matcher, fc: &FrameClasses) {
    // Each quotation on its own: "riep 'ik maak een eind aan jou'" speaks to her, the
    // admission "dat hij 'haar heeft vastgehouden'" in the same sentence does not.
    for s in sentences {
        let mut k = s.first;
        while k < s.end {
            if !words[k].tok.in_quote {
                k += 1;
                continue;
            }
            let run_end = (k..s.end).find(|&q| !words[q].tok.in_quote).unwrap_or(s.end);
            if (k..run_end).any(|q| m.class_at(words, q, fc.second_person).is_some()) {
                for w in &mut words[k..run_end] {
                    w.utterance = true;
                }
            }
            k = run_end;
        }
    }
}

/// "haar hoofd", "bij zijn moeder": a possessive pronoun with a noun after it (a word that
/// is no verb, adverb, preposition or negation). "zijn" so placed is no verb.
fn possessive_before_noun(words: &[Word], i: usize, m: &Matcher, fc: &FrameClasses) -> bool {
    m.class_at(words, i, fc.possessive).is_some()
        && words.get(i + 1).is_some_and(|n| {
            // A word that is a lemma of its own ("vuist") is a noun even where a verb could
            // be guessed from it; an infinitive is not ("zijn gaan").
            let noun_first = *n.lemma == *n.tok.folded && !n.tok.folded.ends_with("en") && !n.participle;
            n.tok.is_word()
                && (!n.verb || noun_first)
                && m.class_at(words, i + 1, fc.not_noun).is_none()
                && m.class_at(words, i + 1, fc.preposition).is_none()
                && m.class_at(words, i + 1, fc.neg).is_none()
        })
}

/// Marks possessive pronouns ("haar hoofd": a word follows that is not a verb, a
/// preposition or a function word) and names written with a child's age ("Daan (9)").
fn mark_possessives_and_minors(words: &mut [Word], m: &Matcher, fc: &FrameClasses) {
    // Kinship words that may carry an age without being a name ("zoon (16)").
    const KIN: &[&str] = &[
        "kind",
        "kinderen",
        "zoon",
        "zoontje",
        "dochter",
        "dochtertje",
        "meisje",
        "jongen",
        "baby",
        "broertje",
        "zusje",
        "broer",
        "zus",
        "stiefdochter",
        "stiefzoon",
        "neef",
        "nicht",
        "kleinzoon",
        "kleindochter",
        "jeugdige",
        "minderjarige",
        "minderjarigen",
        "studente",
        "leerling",
        "scholier",
    ];
    const MONTHS: &[&str] = &[
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
        "jan",
        "feb",
        "mrt",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
    ];
    let mut minor_names: Vec<String> = Vec::new();
    for i in 0..words.len() {
        if words[i].tok.is_word() && m.class_at(words, i, fc.possessive).is_some() {
            words[i].possessive = possessive_before_noun(words, i, m, fc);
        }
        // "Daan (9)", "Lisa (13 jr)", "zoon (16)", "Kinderen (4 en 7)"; "zoon (22)" is grown
        // up; "geregistreerd (14 en 21 juli)" is no age.
        let w = &words[i];
        let named = w.tok.is_word() && (w.tok.capital || listed(KIN, w.tok.folded.as_str()));
        if named && matches!(words.get(i + 1).map(|w| w.tok.kind), Some(TokenKind::Punct('('))) {
            let age = words
                .get(i + 2)
                .filter(|w| w.tok.kind == TokenKind::Number)
                .and_then(|w| w.tok.folded.parse::<u32>().ok());
            let date = words[i + 2..(i + 6).min(words.len())]
                .iter()
                .any(|w| listed(MONTHS, w.tok.folded.as_str()));
            if let (Some(age), false) = (age, date) {
                words[i].minor = age < 18;
                words[i].adult = age >= 18;
                if age < 18 && words[i].tok.capital && !listed(KIN, words[i].tok.folded.as_str()) {
                    minor_names.push(words[i].tok.folded.clone());
                }
            }
        }
        // "Melder (zoon, 16)": the age after a comma inside the brackets.
        if matches!(words[i].tok.kind, TokenKind::Punct('('))
            && words
                .get(i + 2)
                .is_some_and(|w| matches!(w.tok.kind, TokenKind::Punct(',')))
            && words.get(i + 3).is_some_and(|w| {
                w.tok.kind == TokenKind::Number && w.tok.folded.parse::<u32>().is_ok_and(|age| age < 18)
            })
        {
            words[i + 1].minor = true;
        }
    }
    // A child named once with an age is a child wherever the text names it ("Sem (9)
    // vertelde …; Sem is getuige geweest …").
    if !minor_names.is_empty() {
        for w in words.iter_mut() {
            if w.tok.is_word() && w.tok.capital && minor_names.contains(&w.tok.folded) {
                w.minor = true;
            }
        }
    }
}

/// The side a person word at `pos` stands for, if it is one; its end.
fn side_at(words: &[Word], pos: usize, m: &Matcher, fc: &FrameClasses, gender: SuspectGender) -> Option<(Side, usize)> {
    // Longest match first: "haar ex-partner" is the suspect, "haar" alone the victim.
    let candidates = [
        (fc.suspect, Side::Suspect),
        (fc.victim, Side::Victim),
        (fc.child, Side::Child),
        (fc.authority, Side::Authority),
        (fc.suspect_weak, Side::SuspectWeak),
        (fc.victim_weak, Side::VictimWeak),
        (fc.person, Side::Other),
    ];
    let mut best: Option<(Side, usize)> = None;
    for (class, side) in candidates {
        if let Some(end) = m.class_at(words, pos, class) {
            if best.is_none_or(|(_, e)| end > e) {
                best = Some((side, end));
            }
        }
    }
    let neutral = listed(NEUTRAL_ROLES, words[pos].tok.folded.as_str());
    match best {
        Some((side, end)) if gender == SuspectGender::Female && !neutral => Some((side.swapped(), end)),
        other => other,
    }
}

/// "zakelijk weergegeven", "kort samengevat": the formula of a police report between a
/// verb of saying and the statement.
fn is_report_formula(words: &[Word], clause: &Clause) -> bool {
    let mut folded = (clause.first..clause.end)
        .filter(|&p| words[p].tok.is_word())
        .map(|p| words[p].tok.folded.as_str());
    let manner = folded.next();
    let verb = folded.next();
    matches!(manner, Some("zakelijk" | "kort" | "woordelijk" | "letterlijk"))
        && matches!(verb, None | Some("weergegeven" | "samengevat" | "opgetekend"))
        && folded.next().is_none()
}

/// The charge register splits a clause with commas: "dat hij op of omstreeks 15 augustus
/// 2023 te Den Haag, tezamen en in vereniging met een ander, [slachtoffer] opzettelijk van de
/// vrijheid heeft beroofd". The suspect named without a verb is the subject of the next
/// clause that has one; a victim named before that verb is its object.
fn carry_dangling_suspect(words: &[Word], clauses: &[Clause], m: &Matcher, fc: &FrameClasses, out: &mut [Frame]) {
    let mut pending: Option<(usize, Side)> = None;
    for (c, clause) in clauses.iter().enumerate() {
        let starts_anew = c == 0 || clauses[c - 1].sentence != clause.sentence || clause.after == Some(';');
        if starts_anew {
            pending = None;
        }
        // A verb the lemma table knows: "tezamen" only looks like one, and "met" is a
        // preposition, not a form of "meten".
        let has_verb = (clause.first..clause.end).any(|p| {
            let w = &words[p];
            w.tok.is_word()
                && w.verb
                && !w.absorbed
                && !w.ids.is_empty()
                && m.class_at(words, p, fc.preposition).is_none()
        });
        if !has_verb {
            if pending.is_none() {
                pending = out[c].subject.filter(|(_, side)| side.is_suspect());
            }
            continue;
        }
        if let Some(suspect) = pending.take() {
            let own = out[c].subject.map(|(_, side)| side);
            let victim_first = matches!(own, Some(Side::Victim | Side::VictimWeak | Side::Child));
            if clause.opener.is_none() && (own.is_none() || victim_first) {
                if victim_first {
                    out[c].object = own;
                }
                out[c].subject = Some(suspect);
            }
        }
    }
}

fn frames(
    words: &[Word],
    sentences: &[Sentence],
    clauses: &[Clause],
    m: &Matcher,
    fc: &FrameClasses,
    gender: SuspectGender,
) -> Vec<Frame> {
    let mut out: Vec<Frame> = clauses.iter().map(|c| own_frame(words, c, m, fc, gender)).collect();
    carry_dangling_suspect(words, clauses, m, fc, &mut out);
    // Across the clauses of a sentence: what governs what.
    for (c, clause) in clauses.iter().enumerate() {
        // A semicolon closes what came before: "…terwijl hij riep 'ik maak een eind aan jou';
        // dat de politie … heeft waargenomen" is no longer his saying.
        let same_sentence_prev = c > 0 && clauses[c - 1].sentence == clause.sentence && clause.after != Some(';');
        let governed = same_sentence_prev && (clause.opener.as_deref() == Some("dat") || clause.after == Some(':'));
        // "Verdachte verklaarde, zakelijk weergegeven: '…'": the report's formula stands
        // between the saying and what is said, and passes the saying on.
        if same_sentence_prev && clause.after == Some(',') && is_report_formula(words, clause) {
            out[c] = out[c - 1].clone();
            continue;
        }
        let coordinated = same_sentence_prev
            && matches!(
                clause.opener.as_deref(),
                Some(
                    "en" | "of"
                        | "noch"
                        | "maar"
                        | "omdat"
                        | "terwijl"
                        | "waardoor"
                        | "zodat"
                        | "nadat"
                        | "toen"
                        | "waarna"
                        | "waarbij"
                        | "doordat"
                        | "want"
                )
            );
        if governed {
            let g = out[c - 1].clone();
            let last_cue = g
                .cues
                .iter()
                .filter(|(_, p)| *p < clauses[c - 1].end)
                .max_by_key(|(_, p)| *p)
                .map(|(k, _)| *k);
            let g_negated = !g.negators.is_empty() || g.negated;
            let f = &mut out[c];
            match last_cue {
                Some(Cue::Deny) if !g.admits => f.denied = true,
                Some(Cue::Deny) => {}
                Some(Cue::Say) | Some(Cue::Report) | Some(Cue::Admit) => {
                    if g_negated && matches!(last_cue, Some(Cue::Say) | Some(Cue::Report)) {
                        f.negated = true;
                    }
                    f.under_say = last_cue == Some(Cue::Say);
                    f.speaker = g.subject.map(|(_, s)| s).or(g.speaker);
                    // Denied only when the saying itself is denied ("ontkent dat hij heeft
                    // gezegd dat …"), not when it follows a denial ("ontkent X en zegt dat …").
                    let own_denial = g.cues.iter().any(|(k, _)| *k == Cue::Deny);
                    if g.denied && !own_denial {
                        f.denied = true;
                    }
                }
                Some(Cue::Proof) => {
                    if g_negated {
                        f.negated = true;
                    }
                    f.speaker = g.speaker;
                }
                Some(Cue::Threat) => {
                    f.threat = true;
                    f.speaker = g.speaker;
                }
                Some(Cue::Fear) => {
                    // "bang dat hij haar iets aandoet"; a heading ("Zorgen: …") governs nothing.
                    f.irrealis = clause.opener.as_deref() == Some("dat");
                    f.speaker = g.speaker;
                }
                None => {
                    f.speaker = g.speaker;
                    f.denied |= g.denied;
                    f.threat |= g.threat;
                }
            }
            let sentence = &sentences[clause.sentence];
            let rejected = (sentence.first..sentence.end).any(|p| m.class_at(words, p, fc.rejection).is_some());
            if g.rejected_defence || (rejected && is_defence_claim(words, &clauses[c - 1], m, fc)) {
                f.rejected_defence = true;
            }
        } else if same_sentence_prev
            && matches!(
                clause.opener.as_deref(),
                Some("als" | "indien" | "wanneer" | "zodra" | "tenzij" | "zodat" | "waardoor")
            )
            && out[c - 1].threat
        {
            // The condition of a threat ("dreigde haar iets aan te doen als zij naar haar zus
            // ging") belongs to the threat.
            let prev = out[c - 1].clone();
            let f = &mut out[c];
            f.threat = true;
            f.threat_at = None;
            f.conditional = matches!(
                clause.opener.as_deref(),
                Some("als" | "indien" | "wanneer" | "zodra" | "tenzij")
            );
            f.speaker = f.speaker.or(prev.speaker);
            f.under_say |= prev.under_say;
        } else if coordinated {
            // "Hij dreigde … als zijn vrouw de scheiding doorzet, en heeft daarbij …": a verb
            // after "en" shares the subject of the main clause, not of the adverbial clause
            // between them.
            let main = (0..c)
                .rev()
                .take_while(|&k| clauses[k].sentence == clause.sentence)
                .find(|&k| {
                    !matches!(
                        clauses[k].opener.as_deref(),
                        Some(
                            "als"
                                | "indien"
                                | "wanneer"
                                | "zodra"
                                | "tenzij"
                                | "omdat"
                                | "doordat"
                                | "nadat"
                                | "voordat"
                                | "terwijl"
                                | "toen"
                        )
                    )
                })
                .unwrap_or(c - 1);
            let main_subject = out[main].subject;
            let prev = out[c - 1].clone();
            let f = &mut out[c];
            if f.speaker.is_none() {
                f.speaker = prev.speaker;
            }
            f.denied |= prev.denied && matches!(clause.opener.as_deref(), Some("en" | "of" | "noch"));
            f.rejected_defence |= prev.rejected_defence;
            if f.subject.is_none() && matches!(clause.opener.as_deref(), Some("en" | "of" | "noch" | "maar")) {
                f.subject = main_subject;
                f.passive |= prev.passive && f.subject.is_none();
            }
            if matches!(clause.opener.as_deref(), Some("of" | "noch")) && (!prev.negators.is_empty() || prev.negated) {
                f.negated = true;
            }
        } else if same_sentence_prev && clause.after == Some(',') {
            // A clause after a comma in someone's statement stays in it.
            if out[c].speaker.is_none() {
                out[c].speaker = out[c - 1].speaker;
            }
            out[c].under_say |= out[c - 1].under_say;
        }
        if same_sentence_prev
            && matches!(
                clause.opener.as_deref(),
                Some("als" | "indien" | "wanneer" | "zodra" | "dat" | "en" | "of")
            )
            && out[c - 1].under_say
        {
            out[c].under_say = true;
            if out[c].speaker.is_none() {
                out[c].speaker = out[c - 1].speaker;
            }
        }
        // A suspect who says he will do something threatens it: "zei dat hij haar zou
        // vermoorden", "heeft gezegd dat als ik hem verlaat, hij mij doodmaakt".
        let f = &out[c];
        let suspect_says = f.under_say && f.speaker.is_some_and(|s| s.is_suspect()) && !f.conditional;
        let victim_subject = matches!(clause_subject_side(f), Some(Side::Victim | Side::VictimWeak));
        // "zei dat zij de kinderen nooit meer zou zien" threatens her too; "zegt dat zij liegt"
        // does not.
        // Indirect speech inside someone's quoted statement ("'Hij heeft gezegd dat … hij mij
        // doodmaakt.'") is told like any other; only his own quoted words are not.
        let say_in_quote = (0..c)
            .rev()
            .take_while(|&k| clauses[k].sentence == clause.sentence)
            .any(|k| {
                out[k]
                    .cues
                    .iter()
                    .any(|(cue, p)| *cue == Cue::Say && words[*p].tok.in_quote)
            });
        if suspect_says
            && (has_future(words, clause, m, fc) || (!victim_subject && present_act(words, clause, say_in_quote)))
        {
            out[c].threat = true;
            out[c].threat_at = None;
            out[c].irrealis = false;
        }
    }
    // An ultimatum: what the suspect says will happen to her if she does something is a
    // threat ("zei dat zij de kinderen kwijtraakt als zij de aangifte laat staan").
    for c in 0..clauses.len().saturating_sub(1) {
        let (f, next) = (&out[c], &clauses[c + 1]);
        let suspect_says = f.under_say && f.speaker.is_some_and(|s| s.is_suspect()) && !f.conditional;
        if suspect_says
            && clauses[c].opener.as_deref() == Some("dat")
            && next.sentence == clauses[c].sentence
            && matches!(
                next.opener.as_deref(),
                Some("als" | "indien" | "wanneer" | "zodra" | "tenzij")
            )
        {
            out[c].threat = true;
            out[c].threat_at = None;
            out[c].irrealis = false;
        }
    }
    // A quotation that runs on into the next sentence keeps its speaker.
    for s in 1..sentences.len() {
        let first_clause = clauses.iter().position(|c| c.sentence == s);
        let last_prev = clauses.iter().rposition(|c| c.sentence == s - 1);
        if let (Some(fcl), Some(lp)) = (first_clause, last_prev) {
            if words[clauses[fcl].first].tok.in_quote && out[fcl].speaker.is_none() {
                let sp = out[lp].speaker;
                for c in fcl..clauses.len() {
                    if clauses[c].sentence != s {
                        break;
                    }
                    if out[c].speaker.is_none() {
                        out[c].speaker = sp;
                    }
                }
            }
        }
    }
    // An acquittal, or "kan niet worden bewezen", "vindt geen steun", negates what its
    // sentence names; "is gelogen", "klopt niet" in the suspect's statement denies it.
    for (s, sentence) in sentences.iter().enumerate() {
        let has = |class: Option<usize>| (sentence.first..sentence.end).any(|p| m.class_at(words, p, class).is_some());
        let acquitted = has(fc.acquittal) || has(fc.unproven);
        let refuted = has(fc.refute)
            && clauses
                .iter()
                .zip(&out)
                .any(|(c, f)| c.sentence == s && f.speaker.is_some_and(|sp| sp.is_suspect()));
        for (c, clause) in clauses.iter().enumerate() {
            if clause.sentence == s {
                out[c].negated |= acquitted;
                out[c].denied |= refuted;
            }
        }
    }
    out
}

fn clause_subject_side(f: &Frame) -> Option<Side> {
    f.subject.map(|(_, s)| s)
}

/// A future or conditional auxiliary with an infinitive, not a hedge ("zou hebben
/// geslagen" reports a past act; "zou vermoorden" does not).
fn has_future(words: &[Word], clause: &Clause, m: &Matcher, fc: &FrameClasses) -> bool {
    let range = clause.first..clause.end;
    let aux = range.clone().any(|p| m.class_at(words, p, fc.future).is_some());
    let hedge =
        range.clone().any(|p| m.class_at(words, p, fc.have).is_some()) && range.clone().any(|p| words[p].participle);
    aux && !hedge
}

/// A present-tense finite verb in the clause that is not an auxiliary of a participle
/// ("dat hij haar doodmaakt"; a noun read as a verb stem, "de kras", is not one).
fn present_act(words: &[Word], clause: &Clause, quoted_ok: bool) -> bool {
    let any_participle = (clause.first..clause.end).any(|p| words[p].participle);
    !any_participle
        && (clause.first..clause.end).any(|p| {
            let w = &words[p];
            w.verb
                && !w.past
                && !w.participle
                && !w.ids.is_empty()
                && (quoted_ok || !w.tok.in_quote)
                && w.tok.folded.ends_with('t')
                && *w.tok.folded != *w.lemma
        })
}

/// "het verweer dat …", "het standpunt van de verdediging dat …" in a sentence that rejects it.
fn is_defence_claim(words: &[Word], clause: &Clause, m: &Matcher, fc: &FrameClasses) -> bool {
    (clause.first..clause.end).any(|p| m.class_at(words, p, fc.defence).is_some())
}

/// The frame a clause has of itself.
fn own_frame(words: &[Word], clause: &Clause, m: &Matcher, fc: &FrameClasses, gender: SuspectGender) -> Frame {
    let mut f = Frame::default();
    let range = clause.first..clause.end;
    let is = |p: usize, class: Option<usize>| m.class_at(words, p, class).is_some();
    for p in range.clone() {
        let w = &words[p];
        if !w.tok.is_word() || w.absorbed {
            continue;
        }
        if is(p, fc.neg) {
            let folded = w.tok.folded.as_str();
            let next = words.get(p + 1).map(|n| n.tok.folded.as_str()).unwrap_or("");
            // "niet alleen … maar ook" adds; it does not negate.
            if folded == "niet" && next == "alleen" {
                continue;
            }
            // "ontkent niet": the suspect admits.
            if p > clause.first && is(p - 1, fc.deny) {
                f.admits = true;
                continue;
            }
            if folded == "geen" {
                // "geen sprake van", "geen aanwijzingen": the clause is negated.
                if (p + 1..(p + 4).min(clause.end)).any(|q| is(q, fc.clause_negation)) {
                    f.negated = true;
                } else {
                    f.geen.push(p);
                }
                continue;
            }
            // "Van lichamelijk geweld is haar niets bekend": nothing of it is known, so the
            // whole clause is negated, the act named before the negation included.
            if (p + 1..(p + 4).min(clause.end)).any(|q| is(q, fc.not_known)) {
                f.negated = true;
            }
            f.negators.push(p);
        }
        // "is bekend bij de politie" is known, not confessed.
        if w.participle && w.tok.folded == "bekend" && (clause.first..p).any(|q| is(q, fc.passive_aux)) {
            continue;
        }
        for (class, cue) in [
            (fc.deny, Cue::Deny),
            (fc.admit, Cue::Admit),
            (fc.report, Cue::Report),
            (fc.say, Cue::Say),
            (fc.proof, Cue::Proof),
            (fc.threat, Cue::Threat),
            (fc.fear, Cue::Fear),
        ] {
            if is(p, class) {
                f.cues.push((cue, p));
                break;
            }
        }
        if is(p, fc.reflexive) {
            f.reflexive = true;
        }
    }
    let announced_at = range.clone().find(|&p| words[p].tok.is_word() && is(p, fc.announce));
    if f.cues.iter().any(|(k, _)| *k == Cue::Admit) {
        f.admits = true;
    }
    if f.cues.iter().any(|(k, _)| *k == Cue::Deny) && !f.admits {
        f.denied = true;
    }
    // Subject, object, passive, door-agent.
    let mut p = clause.first;
    if clause.opener.is_some() {
        p += 1;
    }
    let mut persons: Vec<(usize, Side)> = Vec::new();
    while p < clause.end {
        let w = &words[p];
        if !w.tok.is_word() {
            p += 1;
            continue;
        }
        // The word before, passing over brackets and quotes ("van die [slachtoffer]").
        let before = (clause.first..p).rev().find(|&k| words[k].tok.is_word());
        let after_preposition = before.is_some_and(|k| is(k, fc.preposition) && words[k].tok.folded != "door");
        if let Some((side, end)) = side_at(words, p, m, fc, gender) {
            // "door mevrouw op te wachten" names a means (door … te + infinitive), and
            // mevrouw is its object, not the one who acts.
            let means = (end..clause.end).any(|k| words[k].tok.folded == "te");
            let by_door = before.is_some_and(|k| words[k].tok.folded == "door") && !means;
            // "haar", "hem", "mij" are objects; a clause's subject is never one of them.
            let object_pronoun = end == p + 1
                && matches!(
                    w.tok.folded.as_str(),
                    "haar" | "hem" | "mij" | "me" | "hen" | "jou" | "ons" | "elkaar"
                );
            if by_door {
                f.door_agent = Some(side);
            } else if object_pronoun && persons.is_empty() {
                persons.push((usize::MAX, Side::Other));
                persons.push((p, side));
            } else if !after_preposition {
                persons.push((p, side));
            }
            p = end.max(p + 1);
            continue;
        }
        if w.tok.folded == "volgens" {
            if let Some((side, end)) = side_at(words, p + 1, m, fc, gender) {
                f.speaker = Some(side);
                p = end;
                continue;
            }
        }
        p += 1;
    }
    // First person: the speaker's side is settled later; here "ik" stays unknown. A clause
    // that starts with its object ("en haar daarna opsloot") has no subject of its own, and
    // neither has one that starts with its finite verb: the charge "heeft zijn partner …
    // mishandeld" leaves the suspect unsaid.
    let first_word = (clause.first..clause.end).find(|&k| words[k].tok.is_word());
    let verb_first = first_word
        .is_some_and(|k| matches!(&*words[k].lemma, "hebben" | "zijn" | "worden") && words[k].tok.folded != "zijn");
    f.subject = persons
        .first()
        .copied()
        .filter(|(p, _)| *p != usize::MAX && !verb_first);
    f.object = persons.get(1).map(|(_, s)| *s);
    // What the suspect (or someone unnamed) announces is a threat; what she announces is her
    // plan: "had aangekondigd te willen scheiden".
    if let Some(p) = announced_at {
        if !matches!(clause_subject_side(&f), Some(Side::Victim | Side::VictimWeak)) {
            f.cues.push((Cue::Threat, p));
            f.cues.sort_by_key(|&(_, q)| q);
        }
    }
    f.threat_at = f.cues.iter().find(|(k, _)| *k == Cue::Threat).map(|(_, q)| *q);
    f.threat = f.threat_at.is_some();
    // A passive: a form of "worden", or of "zijn" with the participle of a verb that is not
    // one of motion or change ("is binnengegaan", "is vertrokken" are active).
    let worden = range
        .clone()
        .any(|q| words[q].tok.is_word() && &*words[q].lemma == "worden");
    let zijn_passive = range.clone().any(|q| is(q, fc.passive_aux))
        && range.clone().any(|q| words[q].participle && !is(q, fc.unaccusative));
    f.passive = (worden && range.clone().any(|q| words[q].participle)) || zijn_passive;
    if f.passive && f.door_agent.is_none() {
        // The subject of a passive is the one it happened to.
        f.object = f.subject.map(|(_, s)| s);
    }
    f.conditional = matches!(
        clause.opener.as_deref(),
        Some("als" | "indien" | "wanneer" | "tenzij" | "mits" | "zodra")
    );
    if has_future(words, clause, m, fc) && !reported_habit(words, clause, m, fc) {
        f.irrealis = true;
    }
    f.possible = range.clone().any(|p| m.class_at(words, p, fc.possible).is_some());
    f
}

/// "Hij zou ook steeds haar telefoon doorzoeken", "vader zou moeder regelmatig slaan": the
/// hearsay "zou" with a habit tells what is reported to happen, not a future.
fn reported_habit(words: &[Word], clause: &Clause, m: &Matcher, fc: &FrameClasses) -> bool {
    let range = clause.first..clause.end;
    range
        .clone()
        .any(|p| matches!(words[p].tok.folded.as_str(), "zou" | "zouden"))
        && range.clone().any(|p| m.class_at(words, p, fc.habit).is_some())
}

/// The side of the one who acts in the clause: the `door` agent of a passive, else the
/// subject of an active clause (a first-person subject is the speaker).
pub fn agent(f: &Frame) -> Option<Side> {
    // "door hem" names the one who acts, also beside "zich … voelen" ("zich door hem belaagd
    // voelt").
    if f.passive || f.door_agent.is_some() {
        return f.door_agent;
    }
    f.subject.map(|(_, s)| s)
}

/// Whether a clause's subject is a first-person pronoun, so that the speaker acts.
pub fn first_person_subject(words: &[Word], f: &Frame, m: &Matcher, fc: &FrameClasses) -> bool {
    f.subject
        .is_some_and(|(p, _)| m.class_at(words, p, fc.first_person).is_some())
}
