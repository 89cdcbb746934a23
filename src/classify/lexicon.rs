//! The behaviour lexicon (`templates/lexicon.toml`), compiled: named word classes and the
//! rules that assign a category when their words stand together in one clause.
//!
//! A rule is written once per lemma, in slots: every slot must match a different token of
//! the same clause, within `within` tokens of each other. A slot lists alternatives
//! separated by `|`; an alternative is one or more consecutive atoms:
//!
//! | atom | matches a token whose |
//! |---|---|
//! | `slaan` | lemma is `slaan`, or (for a noun compound) whose head is (`keukenmes` for `mes`) |
//! | `=mes` | lemma is exactly `mes` |
//! | `wurg*` | lemma starts with `wurg` |
//! | `*trappen` | lemma ends with `trappen` (any particle verb: `intrappen`, `kapottrappen`) |
//! | `~zou` | folded spelling is exactly `zou` |
//! | `^haar` | lemma `haar` used as a pronoun, not as a possessive ("sloeg haar", not "haar hoofd") |
//! | `@minor` | a name written with a child's age (`Daan (9)`, `Lisa (13)`) |
//! | `@adult` | a word written with an adult's age (`haar zoon (22)`) |
//! | `@victim` | matches the class `victim` (itself a list of alternatives) |
//! | `_` | any word |
//! | `#` | a number (`46`, `3`) |

use super::lemmas::{Ids, Lemmatizer};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The lexicon file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// The lexicon's version, reported with every finding.
    pub version: String,
    /// Named word classes: name → alternatives.
    #[serde(default)]
    pub classes: BTreeMap<String, Vec<String>>,
    /// Categories that give way to another category asserted in the same clause, whatever
    /// rule assigned them: `threat = ["threat_to_kill"]` (a threat to kill is no "threat"
    /// besides). A rule's own `yields_to` adds to this.
    #[serde(default)]
    pub yields: BTreeMap<String, Vec<String>>,
    /// The rules.
    #[serde(rename = "rule", default)]
    pub rules: Vec<RuleSpec>,
}

/// Where a rule's words may stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// In one clause (the default).
    #[default]
    Clause,
    /// Anywhere in one sentence.
    Sentence,
}

/// How a rule's hit reads inside a threat, a condition or a wish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// An act that happened: inside a threat it is the threat's content (`threat_as`),
    /// inside a wish or a future it did not happen (the default).
    #[default]
    Act,
    /// An event such as a separation or a withdrawal: a condition ("als zij bij hem
    /// weggaat") or a future does not make it happen.
    Event,
    /// Wording that holds in any frame (a threat itself, fear, a named pattern).
    Any,
    /// Wording that holds only as the content of a threat ("dreigde dat zij de kinderen
    /// nooit meer zou zien").
    ThreatOnly,
}

/// Whose act or state a rule's words must describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Agent {
    /// Not the victim's own act, nor an authority's (the default for conduct).
    #[default]
    NotVictim,
    /// Not the suspect's own state or act (a prohibition she is under, a withdrawal).
    NotSuspect,
    /// The victim's or a child's: not the suspect's, an authority's or a third person's
    /// (her fear, not the neighbour's).
    Victim,
    /// The suspect's or an unnamed person's: not the victim's, nor a child's or an
    /// authority's (taking the children away).
    Suspect,
    /// Anyone.
    Any,
}

/// Where a rule's `requires` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RequiresScope {
    /// The same sentence (the default).
    #[default]
    Sentence,
    /// Anywhere in the text.
    Text,
}

/// One rule as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// A stable id (`physical_violence/slaan`), shown with every hit.
    pub id: String,
    /// The category it assigns.
    pub category: String,
    /// Further categories the same words assign (a stabbing is also `weapon`).
    #[serde(default)]
    pub also: Vec<String>,
    /// The slots that must all match.
    pub all: Vec<String>,
    /// Slots that, when they match in the same clause (or sentence), stop the rule.
    #[serde(default)]
    pub not: Vec<String>,
    /// Look for `not` only within this many words of the match.
    #[serde(default)]
    pub not_window: Option<usize>,
    /// The matched words stand in one conjunct: no bare "en" or "maar" between them
    /// ("schopte tegen de deur en bedreigde moeder" is no kick of moeder).
    #[serde(default)]
    pub same_conjunct: bool,
    /// Slots of which at least one must match somewhere in the same text.
    #[serde(default)]
    pub context: Vec<String>,
    /// The largest distance in tokens between the first and the last matched token.
    #[serde(default = "default_within")]
    pub within: usize,
    /// The slots must match in the order written.
    #[serde(default)]
    pub ordered: bool,
    /// Clause (default) or sentence.
    #[serde(default)]
    pub scope: Scope,
    /// How the hit reads in a threat or a condition.
    #[serde(default)]
    pub frame: Frame,
    /// The category the words assign when they are the content of a threat ("dreigde haar
    /// te slaan" is a threat, "ik maak je af" a threat to kill). Without it, an act inside
    /// a threat assigns nothing of its own.
    #[serde(default)]
    pub threat_as: Option<String>,
    /// Whose act it must be.
    #[serde(default)]
    pub agent: Agent,
    /// A negation in the clause does not void the hit (wording that is itself negative).
    #[serde(default)]
    pub ignore_negation: bool,
    /// Whether a negated hit disputes the category (default true). "Geen letsel" says
    /// nothing against the blow itself: injury rules set this to false.
    #[serde(default = "yes")]
    pub negation_disputes: bool,
    /// The hit gives way when the same clause asserts one of these categories: the same
    /// act named more precisely ("bedreigd met de dood" is a threat to kill, not also an
    /// other threat).
    #[serde(default)]
    pub yields_to: Vec<String>,
    /// The rule holds only when the same sentence asserts one of these categories (a
    /// child who tells of the violence witnessed it).
    #[serde(default)]
    pub requires: Vec<String>,
    /// Where `requires` looks: the sentence (default) or the whole text.
    #[serde(default)]
    pub requires_scope: RequiresScope,
}

fn default_within() -> usize {
    8
}

fn yes() -> bool {
    true
}

/// One element of an alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// Lemma or compound head.
    Lemma(u32),
    /// Exactly this lemma.
    Exact(u32),
    /// Lemma prefix.
    Prefix(String),
    /// Lemma suffix.
    Suffix(String),
    /// Folded spelling.
    Form(String),
    /// A class, by index.
    Class(usize),
    /// Lemma used as a pronoun, not as a possessive.
    Pronoun(u32),
    /// A name with a child's age.
    Minor,
    /// A word with an adult's age ("zoon (22)").
    Adult,
    /// Any word.
    AnyWord,
    /// A number.
    Number,
}

impl Atom {
    /// The lemma the atom names (a lemma, an exact lemma or a pronoun).
    pub fn lemma_id(&self) -> Option<u32> {
        match self {
            Atom::Lemma(id) | Atom::Exact(id) | Atom::Pronoun(id) => Some(*id),
            _ => None,
        }
    }
}

/// A slot: alternatives, each a sequence of atoms, indexed by the lemma of their first
/// atom so that a position is checked only against the alternatives that can start there.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    /// The alternatives.
    pub alts: Vec<Vec<Atom>>,
    /// Alternatives by the lemma id their first atom needs.
    pub by_first: FxHashMap<u32, Vec<u32>>,
    /// Alternatives by the class their first atom is ("@neg laten"): the class is looked
    /// up once per word, not once per alternative.
    pub by_class: Vec<(usize, Vec<u32>)>,
    /// Alternatives whose first atom is neither (a prefix, a form, any word), with the
    /// byte a word must have for that atom to be worth trying.
    pub others: Vec<(u32, FirstByte)>,
    /// The words an alternative may start on, through its classes too: most words start
    /// none, and are passed over without a lookup.
    pub starts: Starts,
}

/// What a slot's alternatives may start on: lemma ids, and for prefix, suffix and form
/// atoms the byte their text starts or ends with (the affixes themselves kept for the
/// exact per-word class masks); a minor or an adult; `any` when one may start on any word
/// (any word, a number, an empty affix).
#[derive(Debug, Clone, Default)]
pub struct Starts {
    ids: IdBits,
    prefix_first: ByteSet,
    suffix_last: ByteSet,
    form_first: ByteSet,
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    minor: bool,
    adult: bool,
    any: bool,
}

/// The byte a word needs for an atom other than a lemma or a class to match it, so the
/// atom's text is compared only when it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstByte {
    /// The lemma's first byte (a prefix atom).
    LemmaStart(u8),
    /// The lemma's last byte (a suffix atom).
    LemmaEnd(u8),
    /// The folded form's first byte (a form atom).
    FormStart(u8),
    /// Any word may match (any word, a number, a minor, an empty affix).
    Any,
}

impl FirstByte {
    fn of(atom: &Atom) -> FirstByte {
        let some = |b: Option<u8>, f: fn(u8) -> FirstByte| b.map_or(FirstByte::Any, f);
        match atom {
            Atom::Prefix(p) => some(p.bytes().next(), FirstByte::LemmaStart),
            Atom::Suffix(x) => some(x.bytes().last(), FirstByte::LemmaEnd),
            Atom::Form(f) => some(f.bytes().next(), FirstByte::FormStart),
            _ => FirstByte::Any,
        }
    }

    /// Whether a word with this lemma and folded form may match.
    #[inline]
    pub fn admits(self, lemma: &str, folded: &str) -> bool {
        match self {
            FirstByte::LemmaStart(b) => lemma.as_bytes().first() == Some(&b),
            FirstByte::LemmaEnd(b) => lemma.as_bytes().last() == Some(&b),
            FirstByte::FormStart(b) => folded.as_bytes().first() == Some(&b),
            FirstByte::Any => true,
        }
    }
}

/// A set of lemma ids as bits (lemma ids are small and dense).
#[derive(Debug, Clone, Default)]
pub struct IdBits(Vec<u64>);

impl IdBits {
    /// An empty set with room for the ids below `ids`.
    pub fn with_width(ids: usize) -> IdBits {
        IdBits(vec![0; ids.div_ceil(64)])
    }

    /// Adds `id`, making room for it.
    pub fn insert(&mut self, id: u32) {
        let word = id as usize / 64;
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (id % 64);
    }

    /// Removes `id`.
    pub fn remove(&mut self, id: u32) {
        if let Some(w) = self.0.get_mut(id as usize / 64) {
            *w &= !(1 << (id % 64));
        }
    }

    /// Whether `id` is in it.
    #[inline]
    pub fn contains(&self, id: u32) -> bool {
        self.0.get(id as usize / 64).is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    fn union(&mut self, other: &IdBits) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    /// The ids in it, in order.
    fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.0.len() as u32 * 64).filter(|&id| self.contains(id))
    }
}

/// A set of bytes.
#[derive(Debug, Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn add(&mut self, b: u8) {
        self.0[b as usize / 64] |= 1 << (b % 64);
    }
    #[inline]
    fn has(&self, b: Option<u8>) -> bool {
        b.is_some_and(|b| self.0[b as usize / 64] & (1 << (b % 64)) != 0)
    }
    fn union(&mut self, other: &ByteSet) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }
}

impl Starts {
    fn add_atom(&mut self, atom: &Atom) {
        if let Some(id) = atom.lemma_id() {
            self.ids.insert(id);
            return;
        }
        match atom {
            // A class is completed through the class's own starts.
            Atom::Class(_) => return,
            Atom::Minor => {
                self.minor = true;
                return;
            }
            Atom::Adult => {
                self.adult = true;
                return;
            }
            Atom::Prefix(p) if !p.is_empty() => self.prefixes.push(p.clone()),
            Atom::Suffix(x) if !x.is_empty() => self.suffixes.push(x.clone()),
            _ => {}
        }
        match FirstByte::of(atom) {
            FirstByte::LemmaStart(b) => self.prefix_first.add(b),
            FirstByte::LemmaEnd(b) => self.suffix_last.add(b),
            FirstByte::FormStart(b) => self.form_first.add(b),
            FirstByte::Any => self.any = true,
        }
    }

    fn union(&mut self, other: &Starts) {
        self.ids.union(&other.ids);
        self.prefix_first.union(&other.prefix_first);
        self.suffix_last.union(&other.suffix_last);
        self.form_first.union(&other.form_first);
        self.prefixes.extend(other.prefixes.iter().cloned());
        self.suffixes.extend(other.suffixes.iter().cloned());
        self.minor |= other.minor;
        self.adult |= other.adult;
        self.any |= other.any;
    }

    /// Whether an alternative may start on a word with lemma id `id`.
    #[inline]
    pub fn has(&self, id: u32) -> bool {
        self.ids.contains(id)
    }

    /// Whether an alternative may start on a word with these lemma ids, compound head,
    /// lemma and folded form, written as a minor's or an adult's name or not.
    #[inline]
    pub fn may_start(&self, word: &WordKey) -> bool {
        self.any
            || (self.minor && word.minor)
            || (self.adult && word.adult)
            || word.ids.iter().chain(word.head).any(|id| self.has(id))
            || self.prefix_first.has(word.lemma.bytes().next())
            || self.suffix_last.has(word.lemma.bytes().last())
            || self.form_first.has(word.folded.bytes().next())
    }
}

impl Slot {
    /// Indexes alternatives.
    pub fn new(alts: Vec<Vec<Atom>>) -> Slot {
        let mut by_first: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut by_class: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut others = Vec::new();
        for (k, alt) in alts.iter().enumerate() {
            match alt.first() {
                Some(Atom::Lemma(id)) | Some(Atom::Exact(id)) | Some(Atom::Pronoun(id)) => {
                    by_first.entry(*id).or_default().push(k as u32)
                }
                Some(Atom::Class(c)) => match by_class.iter_mut().find(|(x, _)| x == c) {
                    Some((_, list)) => list.push(k as u32),
                    None => by_class.push((*c, vec![k as u32])),
                },
                Some(atom) => others.push((k as u32, FirstByte::of(atom))),
                None => {}
            }
        }
        let mut starts = Starts::default();
        for atom in alts.iter().filter_map(|alt| alt.first()) {
            starts.add_atom(atom);
        }
        Slot {
            alts,
            by_first,
            by_class,
            others,
            starts,
        }
    }

    /// Adds what the slot's classes may start on (`classes` already complete).
    fn add_class_starts(&mut self, classes: &[Slot]) {
        for (c, _) in &self.by_class {
            let class_starts = classes[*c].starts.clone();
            self.starts.union(&class_starts);
        }
    }
}

/// What the start tests know of a word: its lemma ids, compound head, lemma and folded
/// form, and whether it is written as a minor's or an adult's name.
#[derive(Debug, Clone, Copy)]
pub struct WordKey<'w> {
    /// Every lemma id it can be a form of.
    pub ids: &'w Ids,
    /// A noun compound's head.
    pub head: Option<u32>,
    /// Its first lemma.
    pub lemma: &'w str,
    /// Its folded form.
    pub folded: &'w str,
    /// Written as a minor ("Daan (9)").
    pub minor: bool,
    /// Written as an adult ("haar zoon (22)").
    pub adult: bool,
}

/// For every word, which classes may start on it, one bit per class: a class that cannot
/// is passed over with one bit test (a text asks the frame classes at every word).
#[derive(Debug, Clone, Default)]
pub struct ClassStarts {
    /// Words of 64 bits per mask.
    width: usize,
    /// Per lemma id, the classes that may start on it.
    by_id: Vec<u64>,
    /// Per first byte, the prefix atoms starting with it and the class each may start: a
    /// lemma is tested against the few prefixes of its own first byte, so a class of many
    /// affixes ("wurg*", "*mishandeling") is not asked at every word.
    prefixes_at: Vec<Vec<(String, usize)>>,
    /// Per last byte, the suffix atoms ending with it and the class each may start.
    suffixes_at: Vec<Vec<(String, usize)>>,
    /// Per byte, the classes a form atom starting with it may start.
    form_first: Vec<u64>,
    /// The classes that may start on a minor's name.
    minor: Vec<u64>,
    /// The classes that may start on an adult's name.
    adult: Vec<u64>,
    /// The classes that may start on any word.
    any: Vec<u64>,
}

impl ClassStarts {
    fn of(classes: &[Slot]) -> ClassStarts {
        let width = classes.len().div_ceil(64).max(1);
        let ids = classes.iter().map(|c| c.starts.ids.0.len() * 64).max().unwrap_or(0);
        let mut out = ClassStarts {
            width,
            by_id: vec![0; ids * width],
            prefixes_at: vec![Vec::new(); 256],
            suffixes_at: vec![Vec::new(); 256],
            form_first: vec![0; 256 * width],
            minor: vec![0; width],
            adult: vec![0; width],
            any: vec![0; width],
        };
        for (k, class) in classes.iter().enumerate() {
            let (word, bit) = (k / 64, 1u64 << (k % 64));
            let starts = &class.starts;
            for id in starts.ids.iter() {
                out.by_id[id as usize * width + word] |= bit;
            }
            for p in &starts.prefixes {
                let list = &mut out.prefixes_at[p.as_bytes()[0] as usize];
                if !list.iter().any(|(q, c)| q == p && *c == k) {
                    list.push((p.clone(), k));
                }
            }
            for x in &starts.suffixes {
                let list = &mut out.suffixes_at[x.as_bytes()[x.len() - 1] as usize];
                if !list.iter().any(|(q, c)| q == x && *c == k) {
                    list.push((x.clone(), k));
                }
            }
            for b in 0..=255u8 {
                if starts.form_first.has(Some(b)) {
                    out.form_first[b as usize * width + word] |= bit;
                }
            }
            if starts.minor {
                out.minor[word] |= bit;
            }
            if starts.adult {
                out.adult[word] |= bit;
            }
            if starts.any {
                out.any[word] |= bit;
            }
        }
        out
    }

    /// The number of 64-bit words in one mask.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Sets in `mask` (one mask wide) the classes that may start on the word.
    pub fn mask(&self, word: &WordKey, mask: &mut [u64]) {
        let WordKey { lemma, folded, .. } = *word;
        let w = self.width;
        let mut or = |table: &[u64], row: usize| {
            if let Some(src) = table.get(row * w..row * w + w) {
                for (m, s) in mask.iter_mut().zip(src) {
                    *m |= s;
                }
            }
        };
        or(&self.any, 0);
        if word.minor {
            or(&self.minor, 0);
        }
        if word.adult {
            or(&self.adult, 0);
        }
        for id in word.ids.iter().chain(word.head) {
            or(&self.by_id, id as usize);
        }
        if let Some(&b) = folded.as_bytes().first() {
            or(&self.form_first, b as usize);
        }
        let mut set = |k: usize| mask[k / 64] |= 1 << (k % 64);
        if let Some(&b) = lemma.as_bytes().first() {
            for (p, k) in &self.prefixes_at[b as usize] {
                if lemma.starts_with(p.as_str()) {
                    set(*k);
                }
            }
        }
        if let Some(&b) = lemma.as_bytes().last() {
            for (x, k) in &self.suffixes_at[b as usize] {
                if lemma.ends_with(x.as_str()) {
                    set(*k);
                }
            }
        }
    }
}

/// Completes the classes' start sets through the classes they name (the lexicon holds no
/// cycle; checked before).
fn complete_class_starts(classes: &mut [Slot]) {
    fn visit(k: usize, classes: &mut [Slot], done: &mut [bool]) {
        if done[k] {
            return;
        }
        done[k] = true;
        let named: Vec<usize> = classes[k].by_class.iter().map(|(c, _)| *c).collect();
        for c in named {
            visit(c, classes, done);
            let class_starts = classes[c].starts.clone();
            classes[k].starts.union(&class_starts);
        }
    }
    let mut done = vec![false; classes.len()];
    for k in 0..classes.len() {
        visit(k, classes, &mut done);
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// As written.
    pub spec: RuleSpec,
    /// Compiled `all`.
    pub all: Vec<Slot>,
    /// Compiled `not`.
    pub not: Vec<Slot>,
    /// Compiled `context`.
    pub context: Vec<Slot>,
}

/// The compiled lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    /// Version.
    pub version: String,
    /// Class names, by index.
    pub class_names: Vec<String>,
    /// Classes, by index.
    pub classes: Vec<Slot>,
    /// Which classes may start on a word.
    pub class_starts: ClassStarts,
    /// Rules, in file order.
    pub rules: Vec<Rule>,
    /// Category → the categories it gives way to in its clause.
    pub yields: BTreeMap<String, Vec<String>>,
}

/// The atoms of one alternative. A hyphenated word is read as the words it joins, as the
/// tokenizer reads the text ("make-up" is "make up", "gps-tracker" is "gps tracker").
fn atom_words(alt: &str) -> impl Iterator<Item = &str> {
    alt.split_whitespace().flat_map(|atom| {
        let plain = atom.chars().next().is_some_and(|c| c.is_alphabetic());
        let split = plain && atom.contains('-') && !atom.starts_with('-') && !atom.ends_with('-');
        atom.split(move |c| split && c == '-')
    })
}

/// Every lemma an atom text names (so the lemmatizer knows it): the words that stand
/// alone as an alternative, and the words inside phrases ("maak" in "ik maak je af").
/// A phrase word is known so the phrase compiles, but is not taken for a lemma of its own
/// when reading a text (the token "maak" is still read as a form of `maken`).
pub fn lemmas_named(file: &LexiconFile) -> (Vec<String>, Vec<String>) {
    let mut alone = Vec::new();
    let mut in_phrases = Vec::new();
    let mut take = |slot: &str| {
        for alt in slot.split('|') {
            let atoms: Vec<&str> = atom_words(alt).collect();
            for atom in &atoms {
                let word = atom.trim_start_matches(['=', '^']);
                if word.starts_with('@') || word.starts_with('~') || word.contains('*') || word == "_" || word == "#" {
                    continue;
                }
                if atoms.len() == 1 {
                    alone.push(word.to_string());
                } else {
                    in_phrases.push(word.to_string());
                }
            }
        }
    };
    for list in file.classes.values() {
        for s in list {
            take(s);
        }
    }
    for r in &file.rules {
        for s in r.all.iter().chain(&r.not).chain(&r.context) {
            take(s);
        }
    }
    (alone, in_phrases)
}

impl Lexicon {
    /// Compiles a lexicon against a lemmatizer that knows its lemmas.
    pub fn compile(file: &LexiconFile, lemmas: &Lemmatizer, categories: &[&str]) -> Result<Lexicon, String> {
        let lemma_id = |word: &str| lemmas.id(word);
        let class_names: Vec<String> = file.classes.keys().cloned().collect();
        let index = |name: &str| class_names.iter().position(|c| c == name);
        let compile_alts = |text: &str, what: &str| -> Result<Vec<Vec<Atom>>, String> {
            let mut slot = Vec::new();
            for alt in text.split('|') {
                let mut atoms = Vec::new();
                let phrase = atom_words(alt).nth(1).is_some();
                for atom in atom_words(alt) {
                    let a = if atom == "@minor" {
                        Atom::Minor
                    } else if atom == "@adult" {
                        Atom::Adult
                    } else if let Some(name) = atom.strip_prefix('@') {
                        Atom::Class(index(name).ok_or_else(|| format!("{what}: onbekende klasse @{name}"))?)
                    } else if let Some(rest) = atom.strip_prefix('^') {
                        Atom::Pronoun(lemma_id(rest).ok_or_else(|| format!("{what}: {rest} niet in de woordenlijst"))?)
                    } else if let Some(form) = atom.strip_prefix('~') {
                        Atom::Form(form.to_string())
                    } else if atom == "_" {
                        Atom::AnyWord
                    } else if atom == "#" {
                        Atom::Number
                    } else if let Some(rest) = atom.strip_prefix('*') {
                        Atom::Suffix(rest.to_string())
                    } else if let Some(rest) = atom.strip_suffix('*') {
                        Atom::Prefix(rest.to_string())
                    } else if let Some(rest) = atom.strip_prefix('=') {
                        Atom::Exact(lemma_id(rest).ok_or_else(|| format!("{what}: {rest} niet in de woordenlijst"))?)
                    } else if phrase {
                        Atom::Lemma(
                            lemmas
                                .phrase_lemma(atom)
                                .ok_or_else(|| format!("{what}: {atom} niet in de woordenlijst"))?,
                        )
                    } else {
                        Atom::Lemma(lemma_id(atom).ok_or_else(|| format!("{what}: {atom} niet in de woordenlijst"))?)
                    };
                    atoms.push(a);
                }
                if atoms.is_empty() {
                    return Err(format!("{what}: een leeg alternatief in '{text}'"));
                }
                slot.push(atoms);
            }
            Ok(slot)
        };
        let compile_slot =
            |text: &str, what: &str| -> Result<Slot, String> { Ok(Slot::new(compile_alts(text, what)?)) };
        let mut classes = Vec::new();
        for (name, list) in &file.classes {
            let mut alts = Vec::new();
            for alt in list {
                alts.extend(compile_alts(alt, &format!("klasse {name}"))?);
            }
            classes.push(Slot::new(alts));
        }
        // A class may not contain itself, directly or through others.
        for (start, name) in class_names.iter().enumerate() {
            let mut stack = vec![start];
            let mut seen = vec![false; classes.len()];
            while let Some(c) = stack.pop() {
                for alt in &classes[c].alts {
                    for atom in alt {
                        if let Atom::Class(k) = atom {
                            if *k == start {
                                return Err(format!("klasse {name} bevat zichzelf"));
                            }
                            if !seen[*k] {
                                seen[*k] = true;
                                stack.push(*k);
                            }
                        }
                    }
                }
            }
        }
        complete_class_starts(&mut classes);
        let mut rules = Vec::new();
        let mut ids = std::collections::BTreeSet::new();
        for spec in &file.rules {
            let what = format!("regel {}", spec.id);
            if !ids.insert(spec.id.clone()) {
                return Err(format!("{what}: deze id staat er twee keer in"));
            }
            for c in std::iter::once(&spec.category)
                .chain(&spec.also)
                .chain(&spec.threat_as)
                .chain(&spec.yields_to)
                .chain(&spec.requires)
            {
                if !categories.contains(&c.as_str()) {
                    return Err(format!("{what}: onbekende categorie {c}"));
                }
            }
            if spec.all.is_empty() {
                return Err(format!("{what}: 'all' is leeg"));
            }
            let mut rule = Rule {
                all: spec
                    .all
                    .iter()
                    .map(|s| compile_slot(s, &what))
                    .collect::<Result<_, _>>()?,
                not: spec
                    .not
                    .iter()
                    .map(|s| compile_slot(s, &what))
                    .collect::<Result<_, _>>()?,
                context: spec
                    .context
                    .iter()
                    .map(|s| compile_slot(s, &what))
                    .collect::<Result<_, _>>()?,
                spec: spec.clone(),
            };
            for slot in rule.all.iter_mut().chain(&mut rule.not).chain(&mut rule.context) {
                slot.add_class_starts(&classes);
            }
            rules.push(rule);
        }
        Ok(Lexicon {
            version: file.version.clone(),
            class_names,
            class_starts: ClassStarts::of(&classes),
            classes,
            rules,
            yields: file.yields.clone(),
        })
    }

    /// The index of a class by name.
    pub fn class(&self, name: &str) -> Option<usize> {
        self.class_names.iter().position(|c| c == name)
    }
}
