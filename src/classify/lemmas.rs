//! Dutch lemmas: each word of a narrative mapped to the dictionary form a rule is written
//! in (`sloeg`, `geslagen`, `slaat` → `slaan`; `mishandelingen` → `mishandeling`;
//! `contactpogingen` → `contactpoging`, head `poging`; `opgesloten` → `opsluiten`).
//!
//! The data is `templates/lemmas.toml`: the irregular verbs and nouns, the separable
//! particles and the inseparable prefixes. Regular inflection is analysed here: a form is
//! reduced to candidate lemmas by the rules of Dutch spelling (`ge-…-d/t`, `-te/-de`,
//! `-en`, `-s`, diminutives, adjective `-e`), and a candidate counts only when it is a
//! *known* lemma — one the lexicon uses, or one of the table. So the analysis never
//! invents a lemma, and a word no rule cares about stays as it is written.
//!
//! A noun compound also carries its head (`keukenmes` → head `mes`, `doodsbedreiging` →
//! head `bedreiging`): a Dutch compound names a kind of its head, so a rule written for
//! `mes` reads every kind of knife. A verb with a separable particle keeps the particle in
//! its lemma (`kapotgetrapt` → `kapottrappen`), because the particle changes the act.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The lemma table file (`templates/lemmas.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LemmaFile {
    /// The table's version, reported with every finding.
    pub version: String,
    /// Separable particles (`op`, `dicht`, `kapot`).
    pub particles: Vec<String>,
    /// Inseparable prefixes (`be`, `ver`, `ont`): their verbs have no `ge-` participle.
    pub prefixes: Vec<String>,
    /// Irregular verbs: infinitive → `"past forms | participle(s) | irregular present forms"`
    /// (`slaan = "sloeg sloegen | geslagen | sla slaat"`).
    #[serde(default)]
    pub verbs: std::collections::BTreeMap<String, String>,
    /// Irregular forms of other words: form → lemma (`kinderen` → `kind`).
    #[serde(default)]
    pub forms: std::collections::BTreeMap<String, String>,
    /// Heads of three letters that may end a compound (`mes` in `keukenmes`); other heads
    /// need four letters, so that "ongeveer" is no compound of `eer`.
    #[serde(default)]
    pub short_heads: Vec<String>,
}

/// Up to four lemma ids: a Dutch form can be read several ways ("klappen" is the verb
/// and the plural of "klap"; "berichten" the verb and the plural of "bericht"), and a rule
/// written for any of them reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ids {
    ids: [u32; 4],
    len: u8,
}

impl Ids {
    /// One id.
    pub fn one(id: u32) -> Ids {
        let mut x = Ids::default();
        x.push(id);
        x
    }
    /// Adds an id (ignored beyond four, or when present).
    pub fn push(&mut self, id: u32) {
        if !self.contains(id) && (self.len as usize) < self.ids.len() {
            self.ids[self.len as usize] = id;
            self.len += 1;
        }
    }
    /// Whether `id` is among them.
    #[inline]
    pub fn contains(&self, id: u32) -> bool {
        self.ids[..self.len as usize].contains(&id)
    }
    /// The ids.
    #[inline]
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.ids[..self.len as usize].iter().copied()
    }
    /// None known.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// What the analysis found for one word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The first lemma found (the word itself when nothing is known of it).
    pub lemma: std::rc::Rc<str>,
    /// Every known lemma the word can be a form of.
    pub ids: Ids,
    /// The head of a noun compound, when it is a known lemma.
    pub head: Option<u32>,
    /// The word reads as a verb form (finite, infinitive or participle).
    pub verb: bool,
    /// The word reads as a participle (`geslagen`, `opgesloten`, `bedreigd`).
    pub participle: bool,
    /// The word reads as a past-tense form (`sloeg`, `dreigde`).
    pub past: bool,
}

static NEXT_UID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// Analyses already made on this thread, per lemmatizer (words repeat a great deal).
    static CACHE: RefCell<(u64, FxHashMap<String, Analysis>)> = RefCell::new((0, FxHashMap::default()));
}

/// The lemmatizer: the table plus the vocabulary of known lemmas.
#[derive(Debug, Clone)]
pub struct Lemmatizer {
    uid: u64,
    /// Known lemma → id.
    vocab: FxHashMap<String, u32>,
    /// Irregular form → lemma (verbs and other words).
    forms: FxHashMap<String, String>,
    /// Forms that are participles.
    participles: FxHashSet<String>,
    /// Irregular past-tense forms.
    pasts: FxHashSet<String>,
    /// Words the lexicon uses only inside phrases.
    phrase_only: FxHashSet<String>,
    /// Infinitives of the irregular verbs.
    irregular: FxHashSet<String>,
    /// Separable particles, longest first (so "achterna" is tried before "achter").
    particles: Vec<String>,
    /// The same particles as a set, for the per-word question whether a word is one.
    particle_set: FxHashSet<String>,
    prefixes: Vec<String>,
    short_heads: FxHashSet<String>,
    /// The table's version.
    pub version: String,
}

const VOWELS: &[u8] = b"aeiou";

fn is_vowel(b: u8) -> bool {
    VOWELS.contains(&b)
}

impl Lemmatizer {
    /// A participle in ge-…-en belongs to a strong verb, and those are in the table: read
    /// as the participle of a weak verb ("gevolgen" of "volgen", "gevaren" of "varen") it is
    /// a plural noun misread.
    fn weak_en_participle(&self, word: &str, cand: &str, form: Form) -> bool {
        form == Form::Participle && word.ends_with("en") && !self.irregular.contains(cand)
    }

    /// Builds a lemmatizer from the table, the lemmas the lexicon uses on their own, and
    /// the words it uses only inside phrases.
    pub fn new(
        file: &LemmaFile,
        lexicon_lemmas: impl IntoIterator<Item = String>,
        phrase_words: impl IntoIterator<Item = String>,
    ) -> Lemmatizer {
        let mut vocab: FxHashMap<String, u32> = FxHashMap::default();
        let add = |w: &str, vocab: &mut FxHashMap<String, u32>| {
            let n = vocab.len() as u32;
            vocab.entry(w.to_string()).or_insert(n);
        };
        let mut forms: FxHashMap<String, String> = FxHashMap::default();
        let mut participles = FxHashSet::default();
        let mut pasts = FxHashSet::default();
        let mut irregular = FxHashSet::default();
        for (inf, list) in &file.verbs {
            irregular.insert(inf.clone());
            let mut parts = list.split('|');
            let past = parts.next().unwrap_or("");
            let participle = parts.next().unwrap_or("");
            let present = parts.next().unwrap_or("");
            for (field, set) in [
                (past, Some(&mut pasts)),
                (participle, Some(&mut participles)),
                (present, None),
            ] {
                let mut set = set;
                for f in field.split_whitespace() {
                    forms.entry(f.to_string()).or_insert_with(|| inf.clone());
                    if let Some(set) = set.as_deref_mut() {
                        set.insert(f.to_string());
                    }
                }
            }
        }
        for (form, lemma) in &file.forms {
            forms.entry(form.clone()).or_insert_with(|| lemma.clone());
        }
        for w in lexicon_lemmas {
            add(&w, &mut vocab);
        }
        let mut phrase_only = FxHashSet::default();
        for w in phrase_words {
            if !vocab.contains_key(&w) {
                add(&w, &mut vocab);
                phrase_only.insert(w);
            }
        }
        let mut particles = file.particles.clone();
        // Longest first, so "achterna" is tried before "achter".
        particles.sort_by_key(|p| std::cmp::Reverse(p.len()));
        Lemmatizer {
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
            vocab,
            forms,
            participles,
            pasts,
            phrase_only,
            irregular,
            particle_set: particles.iter().cloned().collect(),
            particles,
            prefixes: file.prefixes.clone(),
            short_heads: file.short_heads.iter().cloned().collect(),
            version: file.version.clone(),
        }
    }

    /// The id of a known lemma.
    pub fn id(&self, lemma: &str) -> Option<u32> {
        self.vocab.get(lemma).copied()
    }

    /// The lemma a word inside a rule's phrase stands for: "woont" in "waar zij woont" is
    /// `wonen`, so the phrase also reads "waar zij woonde". A word the lexicon names on its
    /// own, or one nothing else is known of, stands for itself.
    pub fn phrase_lemma(&self, word: &str) -> Option<u32> {
        let own = self.id(word)?;
        if !self.phrase_only.contains(word) {
            return Some(own);
        }
        let analysis = self.analyse_uncached(word);
        let lemma = analysis.ids.iter().find(|&id| id != own).unwrap_or(own);
        Some(lemma)
    }

    /// Whether `lemma` is known.
    pub fn knows(&self, lemma: &str) -> bool {
        self.vocab.contains_key(lemma)
    }

    /// True when `word` is a separable particle.
    pub fn is_particle(&self, word: &str) -> bool {
        self.particle_set.contains(word)
    }

    /// Analyses one folded word (cached per thread).
    pub fn analyse(&self, word: &str) -> Analysis {
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.0 != self.uid {
                cache.0 = self.uid;
                cache.1.clear();
            }
            if let Some(a) = cache.1.get(word) {
                return a.clone();
            }
            let a = self.analyse_uncached(word);
            // Bound the cache: a region's vocabulary is large but finite; a hostile text of
            // endless distinct words must not grow it without end.
            if cache.1.len() > 500_000 {
                cache.1.clear();
            }
            cache.1.insert(word.to_string(), a.clone());
            a
        })
    }

    fn analyse_uncached(&self, word: &str) -> Analysis {
        let mut a = Analysis {
            lemma: "".into(),
            ids: Ids::default(),
            head: None,
            verb: false,
            participle: false,
            past: false,
        };
        let add = |a: &mut Analysis, lemma: &str| {
            if let Some(id) = self.id(lemma) {
                a.ids.push(id);
            }
            if a.lemma.is_empty() {
                a.lemma = lemma.into();
            }
        };
        // An irregular form, or an entry of the table that names itself: authoritative.
        if let Some(lemma) = self.forms.get(word) {
            add(&mut a, lemma);
            a.verb = self.irregular.contains(lemma);
            a.participle = self.participles.contains(word);
            a.past = self.pasts.contains(word);
            if lemma == word || !self.knows(word) {
                return a;
            }
        }
        let known = self.knows(word) && !self.phrase_only.contains(word);
        if known {
            add(&mut a, word);
            a.verb |= self.irregular.contains(word) || (word.ends_with("en") && word.len() > 4);
        }
        if word.is_ascii() && word.len() >= 3 {
            // Regular verb forms; a bare word is read as a stem only when nothing else is
            // known of it ("bel" is an abbreviation before it is "ik bel").
            if let Some(v) = self.verb(word, !known) {
                add(&mut a, &v.lemma);
                a.verb = true;
                a.participle |= v.participle;
                a.past |= v.past;
            }
            for (cand, form) in verb_candidates(word, &self.prefixes) {
                if form == Form::Present && !word.ends_with('t') && known {
                    continue;
                }
                if self.weak_en_participle(word, &cand, form) {
                    continue;
                }
                if cand != word && self.knows(&cand) {
                    add(&mut a, &cand);
                    a.verb = true;
                    a.participle |= form == Form::Participle;
                    a.past |= form == Form::Past;
                }
            }
            for cand in noun_candidates(word).into_iter().chain(adjective_candidates(word)) {
                if cand != word && self.knows(&cand) {
                    add(&mut a, &cand);
                }
            }
            // Only for a word the lexicon does not name itself: "dreigend" is a cue of its
            // own ("dreigend de woorden toe te voegen"), not the verb "dreigen".
            if !known && !word.strip_suffix('e').is_some_and(|w| self.knows(w)) {
                if let Some(cand) = present_participle_candidate(word).filter(|c| self.knows(c)) {
                    add(&mut a, &cand);
                }
            }
        }
        // A separable particle in front of a verb form: "opgesloten", "afgenomen" are
        // participles of "opsluiten", "afnemen", also when the lexicon names the form; and
        // "afgeranseld" of "afranselen" even when only the compound is known.
        if word.is_ascii() {
            for p in &self.particles {
                if word.len() >= p.len() + 3 && word.starts_with(p.as_str()) {
                    let rest = &word[p.len()..];
                    let compound = verb_candidates(rest, &self.prefixes)
                        .into_iter()
                        .find(|(c, _)| self.knows(&format!("{p}{c}")))
                        .map(|(c, form)| Analysis {
                            lemma: c.into(),
                            ids: Ids::default(),
                            head: None,
                            verb: true,
                            participle: form == Form::Participle,
                            past: form == Form::Past,
                        });
                    if let Some(v) = self.verb(rest, true).or(compound) {
                        let lemma = format!("{p}{}", v.lemma);
                        if let Some(id) = self.id(&lemma) {
                            a.ids.push(id);
                        }
                        if a.lemma.is_empty() || a.ids.is_empty() {
                            a.lemma = lemma.into();
                        }
                        a.verb = true;
                        a.participle |= v.participle;
                        a.past |= v.past;
                        break;
                    }
                }
            }
        }
        // A word the lexicon uses inside a phrase matches that phrase too.
        if self.phrase_only.contains(word) {
            if let Some(id) = self.id(word) {
                a.ids.push(id);
            }
        }
        if !a.ids.is_empty() {
            if a.lemma.is_empty() {
                a.lemma = word.into();
            }
            return a;
        }
        if a.verb {
            // A particle verb the lexicon does not name ("kapotgetrapt" → kapottrappen).
            return a;
        }
        if word.is_ascii() {
            // A noun compound: the longest known head of at least three letters after a
            // modifier of at least three ("keukenmes", "contactpogingen").
            let b = word.as_bytes();
            for i in 3..word.len().saturating_sub(2) {
                if !b[i].is_ascii_alphabetic() {
                    continue;
                }
                let head = self.analyse_uncached_simple(&word[i..]);
                let first = head.ids.iter().next();
                let long_enough = head.lemma.len() >= 4 || self.short_heads.contains(&*head.lemma);
                if let (Some(id), true) = (first, long_enough) {
                    let full = format!("{}{}", &word[..i], head.lemma);
                    add(&mut a, &full);
                    a.lemma = full.into();
                    a.head = Some(id);
                    return a;
                }
            }
        }
        a.lemma = word.into();
        a
    }

    /// The readings of a word without particles or compounds (for compound heads).
    fn analyse_uncached_simple(&self, word: &str) -> Analysis {
        let mut a = Analysis {
            lemma: "".into(),
            ids: Ids::default(),
            head: None,
            verb: false,
            participle: false,
            past: false,
        };
        let mut take = |lemma: &str| {
            if let Some(id) = self.id(lemma) {
                a.ids.push(id);
                if a.lemma.is_empty() {
                    a.lemma = lemma.into();
                }
            }
        };
        if let Some(lemma) = self.forms.get(word) {
            take(lemma);
        }
        take(word);
        for cand in noun_candidates(word).into_iter().chain(adjective_candidates(word)) {
            take(&cand);
        }
        a
    }

    /// A verb form: an irregular form, or a regular form of a known infinitive.
    fn verb(&self, word: &str, bare_stem: bool) -> Option<Analysis> {
        let reading = |lemma: &str, participle: bool, past: bool| Analysis {
            lemma: lemma.into(),
            ids: self.id(lemma).map(Ids::one).unwrap_or_default(),
            head: None,
            verb: true,
            participle,
            past,
        };
        if let Some(lemma) = self.forms.get(word) {
            if self.irregular.contains(lemma) {
                return Some(reading(
                    lemma,
                    self.participles.contains(word),
                    self.pasts.contains(word),
                ));
            }
        }
        // An inseparable prefix before an irregular form: "versloeg", "ontnam", "verboden".
        for p in &self.prefixes {
            if word.len() > p.len() + 2 && word.starts_with(p.as_str()) {
                let rest = &word[p.len()..];
                let participle = self
                    .forms
                    .get(&format!("ge{rest}"))
                    .filter(|l| self.irregular.contains(*l));
                let base = self
                    .forms
                    .get(rest)
                    .filter(|l| self.irregular.contains(*l))
                    .or(participle);
                if let Some(lemma) = base {
                    let full = format!("{p}{lemma}");
                    if self.knows(&full) {
                        return Some(reading(&full, participle.is_some(), self.pasts.contains(rest)));
                    }
                }
            }
        }
        if self.irregular.contains(word) {
            return Some(reading(word, false, false));
        }
        if !word.is_ascii() || word.len() < 3 {
            return None;
        }
        for (cand, form) in verb_candidates(word, &self.prefixes) {
            if !bare_stem && form == Form::Present && !word.ends_with('t') {
                continue;
            }
            if self.weak_en_participle(word, &cand, form) {
                continue;
            }
            if self.knows(&cand) {
                return Some(reading(&cand, form == Form::Participle, form == Form::Past));
            }
        }
        None
    }
}

/// Infinitives a verb stem may belong to: `maak` → `maken`, `trap` → `trappen`,
/// `leef` → `leven`, `duw` → `duwen`.
fn infinitives(stem: &str, out: &mut Vec<String>) {
    let b = stem.as_bytes();
    let n = b.len();
    if n == 0 {
        return;
    }
    out.push(format!("{stem}en"));
    let last = b[n - 1];
    let voiced = match last {
        b'f' => Some('v'),
        b's' => Some('z'),
        _ => None,
    };
    // A long vowel written double in a closed syllable is single in the open one:
    // "maak" → "maken", "leef" → "leven", "controleer" → "controleren".
    if n >= 3 && is_vowel(b[n - 2]) && b[n - 3] == b[n - 2] && !is_vowel(last) {
        let open = format!("{}{}", &stem[..n - 2], last as char);
        out.push(format!("{open}en"));
        if let Some(v) = voiced {
            out.push(format!("{}{v}en", &stem[..n - 2]));
        }
    }
    // A short vowel keeps its consonant doubled: "trap" → "trappen", "bel" → "bellen".
    if n >= 2 && is_vowel(b[n - 2]) && !is_vowel(last) && !(n >= 3 && is_vowel(b[n - 3])) && last != b'w' {
        out.push(format!("{stem}{}en", last as char));
    }
    if let Some(v) = voiced {
        out.push(format!("{}{v}en", &stem[..n - 1]));
    }
}

/// The form a regular verb form was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Participle,
    Past,
    Present,
}

/// Candidate infinitives of a (regular) verb form, each with the form it was read as.
fn verb_candidates(word: &str, prefixes: &[String]) -> Vec<(String, Form)> {
    let mut out: Vec<(String, Form)> = Vec::new();
    let push_stem = |stem: &str, form: Form, out: &mut Vec<(String, Form)>| {
        let mut infs = Vec::new();
        infinitives(stem, &mut infs);
        out.extend(infs.into_iter().map(|i| (i, form)));
    };
    let n = word.len();
    // Participles: "ge-dreig-d", "ge-schop-t", "be-dreig-d", "mishandel-d", "ge-zet"
    // ("geeft" is no participle of "even").
    if n >= 5 && word.starts_with("ge") && !word.starts_with("gee") && (word.ends_with('d') || word.ends_with('t')) {
        push_stem(&word[2..n - 1], Form::Participle, &mut out);
        // A stem that ends in d or t keeps it: "gebrand" (branden), "gepraat" (praten).
        push_stem(&word[2..], Form::Participle, &mut out);
    }
    if n > 4 && word.starts_with("ge") && word.ends_with("en") {
        out.push((word[2..].to_string(), Form::Participle));
    }
    if word.ends_with('d') || word.ends_with('t') {
        for p in prefixes.iter().chain(std::iter::once(&"mis".to_string())) {
            if word.starts_with(p.as_str()) && n > p.len() + 2 {
                push_stem(&word[..n - 1], Form::Participle, &mut out);
                // "verkracht", "bedreigd" from a stem in t or d: the participle is the stem.
                push_stem(word, Form::Participle, &mut out);
                break;
            }
        }
    }
    // Past tense: "dreig-de", "schop-te", "dreig-den".
    for suffix in ["ten", "den", "te", "de"] {
        if n > suffix.len() + 2 && word.ends_with(suffix) {
            push_stem(&word[..n - suffix.len()], Form::Past, &mut out);
        }
    }
    // Present: "duw-t", "slaat" is irregular; the bare stem "duw"; a dt-typo "bedreigd"
    // written for "bedreigt" is a participle form above.
    if n > 3 && word.ends_with('t') {
        push_stem(&word[..n - 1], Form::Present, &mut out);
    }
    push_stem(word, Form::Present, &mut out);
    out
}

/// Candidate lemmas of a noun form: plurals (`-en`, `-s`, `'s`) and diminutives.
fn noun_candidates(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let n = word.len();
    if let Some(stem) = word.strip_suffix("'s") {
        out.push(stem.to_string());
    }
    if n > 3 && word.ends_with('s') {
        out.push(word[..n - 1].to_string());
    }
    if n > 4 && word.ends_with("en") {
        let stem = &word[..n - 2];
        plural_stems(stem, &mut out);
        // "voorwaarden", "ziekten": the plural adds only -n to a final -e.
        if word.ends_with("een") || !word[..n - 1].ends_with("ee") {
            out.push(word[..n - 1].to_string());
        }
    }
    for suffix in [
        "etjes", "etje", "tjes", "pjes", "kjes", "jes", "tje", "pje", "kje", "je",
    ] {
        if n > suffix.len() + 2 && word.ends_with(suffix) {
            let stem = &word[..n - suffix.len()];
            out.push(stem.to_string());
            let b = stem.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                out.push(stem[..stem.len() - 1].to_string());
            }
            break;
        }
    }
    out
}

/// The singulars an `-en` plural stem may have: `klapp` → `klap`, `strat` → `straat`,
/// `briev` → `brief`, `huiz` → `huis`.
fn plural_stems(stem: &str, out: &mut Vec<String>) {
    let b = stem.as_bytes();
    let n = b.len();
    if n == 0 {
        return;
    }
    out.push(stem.to_string());
    if n >= 2 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) {
        out.push(stem[..n - 1].to_string());
    }
    let devoiced = match b[n - 1] {
        b'v' => Some('f'),
        b'z' => Some('s'),
        _ => None,
    };
    if let Some(d) = devoiced {
        out.push(format!("{}{d}", &stem[..n - 1]));
    }
    // An open syllable's long vowel is written double when closed: "strat" → "straat".
    if n >= 2 && is_vowel(b[n - 2]) && !is_vowel(b[n - 1]) && !(n >= 3 && is_vowel(b[n - 3])) {
        let v = b[n - 2] as char;
        let last = devoiced.unwrap_or(b[n - 1] as char);
        out.push(format!("{}{v}{last}", &stem[..n - 1]));
    }
}

/// Candidate lemmas of an inflected adjective: `ernstige` → `ernstig`, `grote` → `groot`,
/// `boze` → `boos`, `dikke` → `dik`; comparatives and superlatives.
fn adjective_candidates(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let n = word.len();
    // A comparative or superlative needs a base of four letters ("eerst" is not "eer").
    for (suffix, base) in [("ste", 4), ("st", 4), ("ere", 4), ("er", 4), ("e", 3)] {
        if n >= suffix.len() + base && word.ends_with(suffix) {
            plural_stems(&word[..n - suffix.len()], &mut out);
        }
    }
    out
}

/// A present participle is the infinitive with "d": "schreeuwend", "huilende".
fn present_participle_candidate(word: &str) -> Option<String> {
    let n = word.len();
    ["end", "ende"]
        .into_iter()
        .find(|suffix| n >= suffix.len() + 4 && word.ends_with(suffix))
        .map(|suffix| word[..n - suffix.len() + 2].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemmatizer(known: &[&str]) -> Lemmatizer {
        let file: LemmaFile = toml::from_str(
            r#"
version = "test"
particles = ["op", "in", "dicht", "kapot", "af", "uit", "weg"]
prefixes = ["be", "ver", "ont", "ge", "her", "er"]
short_heads = ["mes"]
[verbs]
slaan = "sloeg sloegen | geslagen | sla slaat"
sluiten = "sloot sloten | gesloten"
knijpen = "kneep knepen | geknepen"
bieden = "bood boden | geboden"
[forms]
kinderen = "kind"
"#,
        )
        .expect("toml");
        Lemmatizer::new(&file, known.iter().map(|s| s.to_string()), Vec::new())
    }

    #[test]
    fn inflected_forms_find_their_lemma() {
        let l = lemmatizer(&[
            "slaan",
            "schoppen",
            "dreigen",
            "bedreigen",
            "schreeuwen",
            "mishandeling",
            "mishandelen",
            "klap",
            "straat",
            "brief",
            "opsluiten",
            "ernstig",
            "mes",
            "poging",
            "kind",
            "verbieden",
            "maken",
            "trappen",
            "intrappen",
            "bedreiging",
        ]);
        let lemma = |w: &str| l.analyse(w).lemma.to_string();
        assert_eq!(lemma("sloeg"), "slaan");
        assert_eq!(lemma("geslagen"), "slaan");
        assert_eq!(lemma("geschopt"), "schoppen");
        assert_eq!(lemma("schopte"), "schoppen");
        assert_eq!(lemma("dreigde"), "dreigen");
        assert_eq!(lemma("bedreigd"), "bedreigen");
        assert_eq!(lemma("bedreigt"), "bedreigen");
        assert_eq!(lemma("mishandeld"), "mishandelen");
        assert_eq!(lemma("mishandelingen"), "mishandeling");
        assert_eq!(lemma("klappen"), "klap");
        assert_eq!(lemma("straten"), "straat");
        assert_eq!(lemma("brieven"), "brief");
        assert_eq!(lemma("opgesloten"), "opsluiten");
        assert_eq!(lemma("opsloot"), "opsluiten");
        assert_eq!(lemma("ernstige"), "ernstig");
        assert_eq!(lemma("schreeuwend"), "schreeuwen");
        assert_eq!(lemma("schreeuwende"), "schreeuwen");
        assert_eq!(lemma("kinderen"), "kind");
        assert_eq!(lemma("verbood"), "verbieden");
        assert_eq!(lemma("verboden"), "verbieden");
        assert_eq!(lemma("maakt"), "maken");
        assert_eq!(lemma("ingetrapt"), "intrappen");
        assert_eq!(lemma("intrapte"), "intrappen");
        assert_eq!(lemma("kapotgetrapt"), "kapottrappen");
        assert_eq!(lemma("dichtgeknepen"), "dichtknijpen");
        let knife = l.analyse("keukenmessen");
        assert_eq!(knife.head, l.id("mes"));
        assert_eq!(l.analyse("contactpogingen").head, l.id("poging"));
        assert_eq!(l.analyse("doodsbedreigingen").head, l.id("bedreiging"));
        // Unknown words stay as written; short words are not split into compounds.
        assert_eq!(lemma("dames"), "dames");
        assert_eq!(l.analyse("dames").head, None);
    }
}
