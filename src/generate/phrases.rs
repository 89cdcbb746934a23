//! The Dutch wording the generator writes, as data: `templates/generator/phrases-dev.toml`
//! and `phrases-eval.toml` (disjoint sets of clauses, sentences and OM omschrijvingen) and
//! `frames.toml` (who says it). Nothing here decides what happened; it only words it.

use super::Split;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One phrasing file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseFile {
    #[serde(default)]
    clause: Vec<Clause>,
    #[serde(default)]
    sentence: Vec<Sentence>,
    #[serde(default)]
    om_feit: Vec<OmFeit>,
}

/// A subordinate clause about one category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Clause {
    category: String,
    kind: ClauseKind,
    text: String,
}

/// What a clause says about its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClauseKind {
    /// It happened.
    Assert,
    /// It did not happen (the words appear, negated).
    Negated,
    /// The suspect denies it.
    Denial,
}

/// A full sentence without behaviour.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sentence {
    category: String,
    voice: String,
    text: String,
}

/// An OM omschrijving with its article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OmFeit {
    category: String,
    wetsartikel: String,
    text: String,
}

/// Frames per voice (`politie`, `veilig-thuis`, ...) and account (`victim`, ...).
type Frames = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Whose account a clause is framed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// The victim's statement.
    Victim,
    /// What a professional observed.
    Observed,
    /// A third party's report.
    ThirdParty,
    /// The suspect's statement.
    Suspect,
}

impl Account {
    fn key(self) -> &'static str {
        match self {
            Account::Victim => "victim",
            Account::Observed => "observed",
            Account::ThirdParty => "third_party",
            Account::Suspect => "suspect",
        }
    }
}

/// The loaded phrasings of one split.
#[derive(Debug, Clone)]
pub struct PhraseBank {
    clauses: BTreeMap<(String, &'static str), Vec<String>>,
    fillers: BTreeMap<String, Vec<String>>,
    om_feit: BTreeMap<String, Vec<(String, String)>>,
    frames: Frames,
}

fn kind_key(kind: ClauseKind) -> &'static str {
    match kind {
        ClauseKind::Assert => "assert",
        ClauseKind::Negated => "negated",
        ClauseKind::Denial => "denial",
    }
}

impl PhraseBank {
    /// The phrasings compiled into the binary for `split`.
    pub fn built_in(split: Split) -> Result<PhraseBank, String> {
        let (name, text) = match split {
            Split::Dev => (
                "phrases-dev.toml",
                include_str!("../../templates/generator/phrases-dev.toml"),
            ),
            Split::Eval => (
                "phrases-eval.toml",
                include_str!("../../templates/generator/phrases-eval.toml"),
            ),
            Split::Eval2 => (
                "phrases-eval2.toml",
                include_str!("../../templates/generator/phrases-eval2.toml"),
            ),
            Split::Eval3 => (
                "phrases-eval3.toml",
                include_str!("../../templates/generator/phrases-eval3.toml"),
            ),
            Split::Eval4 => (
                "phrases-eval4.toml",
                include_str!("../../templates/generator/phrases-eval4.toml"),
            ),
            Split::Eval5 => (
                "phrases-eval5.toml",
                include_str!("../../templates/generator/phrases-eval5.toml"),
            ),
        };
        let file: PhraseFile = toml::from_str(text).map_err(|e| format!("templates/generator/{name}: {e}"))?;
        let frames: Frames = toml::from_str(include_str!("../../templates/generator/frames.toml"))
            .map_err(|e| format!("templates/generator/frames.toml: {e}"))?;
        let mut clauses: BTreeMap<(String, &'static str), Vec<String>> = BTreeMap::new();
        for c in file.clause {
            clauses.entry((c.category, kind_key(c.kind))).or_default().push(c.text);
        }
        let mut fillers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for s in file.sentence {
            if s.category == "filler" {
                fillers.entry(s.voice).or_default().push(s.text);
            }
        }
        let mut om_feit: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for f in file.om_feit {
            om_feit.entry(f.category).or_default().push((f.wetsartikel, f.text));
        }
        Ok(PhraseBank {
            clauses,
            fillers,
            om_feit,
            frames,
        })
    }

    /// A clause about `category` of `kind`, if the bank has one.
    pub fn clause(&self, rng: &mut ChaCha8Rng, category: &str, kind: ClauseKind) -> Option<&str> {
        let list = self.clauses.get(&(category.to_string(), kind_key(kind)))?;
        (!list.is_empty()).then(|| list[rng.random_range(0..list.len())].as_str())
    }

    /// A frame for `voice` and `account` (`Aangeefster verklaart dat`).
    pub fn frame(&self, rng: &mut ChaCha8Rng, voice: &str, account: Account) -> &str {
        match self
            .frames
            .get(voice)
            .and_then(|v| v.get(account.key()))
            .filter(|l| !l.is_empty())
        {
            Some(list) => &list[rng.random_range(0..list.len())],
            None => "Er wordt gemeld dat",
        }
    }

    /// A sentence without behaviour for `voice` (or one for any voice).
    pub fn filler(&self, rng: &mut ChaCha8Rng, voice: &str) -> Option<&str> {
        let own = self.fillers.get(voice).map(Vec::as_slice).unwrap_or_default();
        let any = self.fillers.get("any").map(Vec::as_slice).unwrap_or_default();
        let total = own.len() + any.len();
        if total == 0 {
            return None;
        }
        let k = rng.random_range(0..total);
        Some(if k < own.len() { &own[k] } else { &any[k - own.len()] })
    }

    /// An OM omschrijving and article for `category`.
    pub fn om_feit(&self, rng: &mut ChaCha8Rng, category: &str) -> Option<(&str, &str)> {
        let list = self.om_feit.get(category).filter(|l| !l.is_empty())?;
        let (art, text) = &list[rng.random_range(0..list.len())];
        Some((art.as_str(), text.as_str()))
    }

    /// Every text of the bank, for the disjointness test.
    pub fn all_texts(&self) -> Vec<&str> {
        self.clauses
            .values()
            .flatten()
            .chain(self.fillers.values().flatten())
            .map(String::as_str)
            .chain(self.om_feit.values().flatten().map(|(_, t)| t.as_str()))
            .collect()
    }
}

/// What a police desk writes when the victim comes to withdraw her complaint (`--degrade`):
/// a Mutatie under the code of the act withdrawn. `{feit}` is that act's offence as the
/// code names it (`mishandeling`), `{datum}` its date, `{registratie}` its registration
/// number. Shared by every split, like the frames: these sentences carry the procedure, and
/// the split's own `complaint_withdrawn` clauses may follow them.
pub const WITHDRAWAL_AT_DESK: [&str; 6] = [
    "Aangeefster meldt zich aan de balie en wil haar aangifte van {feit} intrekken.",
    "Aangeefster komt aan het bureau en geeft aan dat zij haar aangifte van {feit} van {datum} wil intrekken.",
    "Mevrouw belt en deelt mee dat zij haar aangifte van {feit} (registratie {registratie}) intrekt.",
    "Intrekking aangifte {feit} d.d. {datum}: aangeefster wil niet dat de zaak doorgaat.",
    "Aangeefster verschijnt aan de balie en trekt haar aangifte van {feit} van {datum} in.",
    "Betreft registratie {registratie}. Aangeefster wil haar aangifte van {feit} intrekken.",
];

/// A victim declining to report at all (`--degrade`): no complaint was made, so nothing is
/// withdrawn (not `complaint_withdrawn`). Voice-neutral, for a police or Veilig Thuis text.
pub const REFUSAL: [&str; 6] = [
    "Mevrouw wil geen aangifte doen.",
    "Slachtoffer is gewezen op de mogelijkheid om aangifte te doen, maar wil geen aangifte doen.",
    "Zij wil op dit moment geen aangifte doen.",
    "Mevrouw ziet af van het doen van aangifte.",
    "Aangifte is haar aangeboden; zij wil daar geen gebruik van maken.",
    "Betrokkene doet geen aangifte en wil eerst met haar familie praten.",
];
