//! Tokens, sentences and clauses of one narrative, each token keeping where it stands in
//! the original text, so that evidence is quoted in the record's own words.
//!
//! Folding (lower case, accents removed) happens per token; the original text is never
//! changed. Segmentation is for reading Dutch case-file prose: a full stop after a police
//! abbreviation (`verd.`, `bel.`, `mw.`) or an initial (`S. de Vries`) does not end a
//! sentence; clauses end at `, ; : ( )` and before the words that open a subordinate or
//! a coordinated clause (`dat`, `omdat`, `terwijl`, `maar`, `en hij`), because negation,
//! attribution and threats are read per clause.

use unicode_normalization::UnicodeNormalization;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with internal apostrophes: `z'n`, `foto's`), or `'s`, `'t`.
    Word,
    /// Digits, possibly with internal `.`, `,`, `:` or `-` (`02.15`, `1,3`, `14-08`).
    Number,
    /// A quotation mark that opens or closes a quotation.
    Quote,
    /// Any other single punctuation character.
    Punct(char),
}

/// One token of a text.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte range in the original text.
    pub start: usize,
    /// End of the byte range (exclusive).
    pub end: usize,
    /// Lower case without accents.
    pub folded: String,
    /// Word, number, quote or punctuation.
    pub kind: TokenKind,
    /// Whether the token was written with a capital first letter.
    pub capital: bool,
    /// Inside a quotation (`'ik maak je af'`).
    pub in_quote: bool,
    /// A hyphen joins this token to the next (`ex-partner`).
    pub hyphen_next: bool,
}

impl Token {
    /// True for a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// A sentence: a range of tokens.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
}

/// A clause: a range of tokens within one sentence.
#[derive(Debug, Clone)]
pub struct Clause {
    /// First token.
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// The sentence it belongs to.
    pub sentence: usize,
    /// The punctuation that ended the previous clause (`:` introduces speech), if any.
    pub after: Option<char>,
    /// The word that opens the clause (`dat`, `omdat`, `als`, `en`), folded.
    pub opener: Option<String>,
}

/// Abbreviations after which a full stop does not end a sentence (folded, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "verd", "vd", "aang", "aangev", "bel", "mld", "mw", "mevr", "dhr", "hr", "sl", "bet", "betr", "ivm", "i.v.m",
    "tav", "t.a.v", "mbt", "m.b.t", "tpl", "t.p.l", "nr", "art", "jr", "ca", "d.d", "z.s.m", "zsm", "o.a", "e.d", "li",
    "re", "gesl", "vlg", "evt", "incl", "excl", "tel", "ovj", "hovj", "pv", "p.v", "st", "wk", "mnd", "min", "sr",
    "sv", "ws", "wsch", "resp", "ongev", "vnl", "bijv", "bv", "m.i.v", "d.w.z", "dwz", "i.o.m", "iom", "ih", "i.h",
    "zgn", "z.g.n", "lid", "jl", "j.l", "vm", "nm", "ing", "mr", "drs", "dr", "prof", "tbv", "t.b.v", "eo", "e.o",
    "rb", "gem", "pol", "recl", "vt", "ca", "cf", "etc", "enz", "mob", "app", "vlgs", "volg", "mut", "reg", "mevr",
    "mej", "jl", "ggz", "sh", "bt", "btn", "vriendin", "vr", "dgl", "ped", "kl", "mnl", "vrl", "ml", "vh", "v.h",
];

/// Capitalised words that do start a new sentence after an abbreviation's full stop
/// ("… door verd. Hij liep weg").
const SENTENCE_STARTERS: &[&str] = &[
    "hij",
    "zij",
    "ze",
    "ik",
    "wij",
    "we",
    "de",
    "het",
    "er",
    "een",
    "daarna",
    "vervolgens",
    "toen",
    "op",
    "in",
    "bij",
    "tijdens",
    "na",
    "om",
    "ook",
    "deze",
    "dit",
    "die",
    "dat",
    "volgens",
    "verder",
    "later",
    "wel",
    "niet",
    "geen",
    "mijn",
    "zijn",
    "haar",
    "hun",
    "u",
    "melder",
    "aangeefster",
    "aangever",
    "verdachte",
    "betrokkene",
    "mevrouw",
    "meneer",
    "moeder",
    "vader",
    "ter",
    "zowel",
    "sinds",
    "nadat",
    "omdat",
    "terwijl",
    "wegens",
    "gezien",
    "uit",
    "tevens",
    "echter",
    "inmiddels",
    "daarop",
    "hierop",
    "hierna",
];

/// Words that open a subordinate clause; a new clause starts at them.
const SUBORDINATORS: &[&str] = &[
    "dat",
    "die",
    "hoe",
    "wie",
    "waarom",
    "waarvan",
    "waaruit",
    "waaraan",
    "omdat",
    "doordat",
    "zodat",
    "waardoor",
    "terwijl",
    "nadat",
    "voordat",
    "toen",
    "als",
    "indien",
    "wanneer",
    "zodra",
    "hoewel",
    "want",
    "maar",
    "waarbij",
    "waarna",
    "waarop",
    "waarin",
    "waarmee",
    "waarvoor",
    "totdat",
    "zolang",
    "aangezien",
    "opdat",
    "alsof",
    "ofschoon",
    "tenzij",
    "mits",
    "zonder",
    "hetgeen",
    "wat",
    "nu",
];

/// After `en`, `of` or `maar`, a new clause starts when one of these follows (a new
/// subject), not between two verbs ("geslagen of geduwd").
const COORDINATED_SUBJECTS: &[&str] = &[
    "hij",
    "zij",
    "ze",
    "ik",
    "wij",
    "we",
    "jij",
    "u",
    "er",
    "verd",
    "verdachte",
    "betrokkene",
    "aangeefster",
    "aangever",
    "mevrouw",
    "meneer",
    "mw",
    "dhr",
    "bel",
    "mld",
    "melder",
    "cliënt",
    "client",
];

/// Folds one piece of text: lower case without accents.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic()
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '„' | '`' | '´' | '«' | '»')
}

/// Whether `word` is one of `list` (a word list of the reader's grammar). Compares the
/// length and first byte before the bytes: most words are in no list.
#[inline]
pub fn listed(list: &[&str], word: &str) -> bool {
    let first = word.as_bytes().first();
    list.iter()
        .any(|w| w.len() == word.len() && w.as_bytes().first() == first && *w == word)
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let byte = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let mut tokens: Vec<Token> = Vec::new();
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_whitespace() {
            k += 1;
            continue;
        }
        let start = k;
        let kind;
        if is_letter(c) {
            // A word: letters, with an apostrophe between letters ("z'n", "foto's").
            k += 1;
            while k < n {
                let d = chars[k].1;
                let apostrophe_in_word =
                    (d == '\'' || d == '’') && at(k + 1).is_some_and(is_letter) && at(k - 1).is_some_and(is_letter);
                if is_letter(d) || d.is_ascii_digit() || apostrophe_in_word {
                    k += 1;
                } else {
                    break;
                }
            }
            kind = TokenKind::Word;
        } else if c.is_ascii_digit() {
            k += 1;
            while k < n {
                let d = chars[k].1;
                if d.is_ascii_digit() {
                    k += 1;
                } else if matches!(d, '.' | ',' | ':' | '-') && at(k + 1).is_some_and(|e| e.is_ascii_digit()) {
                    k += 2;
                } else {
                    break;
                }
            }
            kind = TokenKind::Number;
        } else if (c == '\'' || c == '’')
            && matches!(at(k + 1), Some('s' | 't' | 'n'))
            && at(k + 2).is_none_or(|d| !is_letter(d))
            && (k == 0 || !at(k - 1).is_some_and(is_letter))
        {
            // "'s nachts", "'t", "'n".
            k += 2;
            kind = TokenKind::Word;
        } else if is_quote_char(c) {
            k += 1;
            kind = TokenKind::Quote;
        } else {
            k += 1;
            kind = TokenKind::Punct(c);
        }
        let (s, e) = (byte(start), byte(k));
        let raw = &text[s..e];
        tokens.push(Token {
            start: s,
            end: e,
            folded: fold(raw),
            kind,
            capital: raw.chars().next().is_some_and(char::is_uppercase),
            in_quote: false,
            hyphen_next: false,
        });
    }
    // Hyphens between words join them ("ex-partner"): drop the hyphen token, mark the join.
    let mut joined: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(t) = tokens.next() {
        if matches!(t.kind, TokenKind::Punct('-'))
            && joined.last().is_some_and(|p| p.is_word() && p.end == t.start)
            && tokens.peek().is_some_and(|n| n.is_word() && n.start == t.end)
        {
            if let Some(p) = joined.last_mut() {
                p.hyphen_next = true;
            }
            continue;
        }
        joined.push(t);
    }
    mark_quotes(text, &mut joined);
    joined
}

/// Marks the tokens inside quotations. A quote mark opens when it stands after a space,
/// the start or an opening bracket or colon, and closes when it stands after a word or
/// punctuation; an unclosed quotation ends at a line break.
fn mark_quotes(text: &str, tokens: &mut [Token]) {
    let mut open = false;
    for i in 0..tokens.len() {
        if tokens[i].kind == TokenKind::Quote {
            let before_is_space = tokens[i].start == 0
                || text[..tokens[i].start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_whitespace() || matches!(c, '(' | ':' | '['));
            let after_is_space = text[tokens[i].end..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?'));
            if !open && before_is_space && !after_is_space {
                open = true;
            } else if open && !before_is_space {
                open = false;
            } else if !open && !before_is_space && after_is_space {
                // A stray closing mark: nothing was open.
            } else {
                open = !open;
            }
            continue;
        }
        if open && i > 0 && text[tokens[i - 1].end..tokens[i].start].contains('\n') {
            open = false;
        }
        tokens[i].in_quote = open;
    }
}

/// Splits tokens into sentences.
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut first = 0;
    let n = tokens.len();
    let mut i = 0;
    while i < n {
        let t = &tokens[i];
        // A blank line or line break between tokens ends a sentence too.
        let line_break_after = tokens
            .get(i + 1)
            .is_some_and(|next| text[t.end..next.start].contains('\n'));
        let ends = match t.kind {
            TokenKind::Punct('.') => full_stop_ends(tokens, i),
            TokenKind::Punct('!') | TokenKind::Punct('?') => true,
            _ => false,
        };
        if ends || line_break_after {
            // A closing quote right after the stop belongs to this sentence.
            let mut end = i + 1;
            while end < n && tokens[end].kind == TokenKind::Quote && tokens[end].start == tokens[end - 1].end {
                end += 1;
            }
            if end > first {
                out.push(Sentence { first, end });
            }
            first = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if first < n {
        out.push(Sentence { first, end: n });
    }
    out
}

/// Whether the full stop at `i` ends a sentence.
fn full_stop_ends(tokens: &[Token], i: usize) -> bool {
    let Some(next) = tokens[i + 1..].iter().find(|t| t.kind != TokenKind::Quote) else {
        return true;
    };
    if i == 0 {
        return true;
    }
    let prev = &tokens[i - 1];
    // Lower case next: the stop belonged to an abbreviation ("verd. haar").
    if next.is_word() && !next.capital {
        return false;
    }
    if prev.is_word() && prev.end == tokens[i].start {
        let word = prev.folded.as_str();
        // An initial ("S. de Vries") or an abbreviation ("verd. Jansen"), unless the next
        // word opens a sentence.
        let initial = word.chars().count() == 1;
        // "i.v.m.": letters and stops written together.
        let dotted = i >= 3
            && matches!(tokens[i - 2].kind, TokenKind::Punct('.'))
            && tokens[i - 2].end == prev.start
            && tokens[i - 3].end == tokens[i - 2].start
            && tokens[i - 3].is_word()
            && tokens[i - 3].folded.chars().count() <= 2;
        let abbreviation = listed(ABBREVIATIONS, word) || dotted;
        if initial || abbreviation {
            return next.is_word() && listed(SENTENCE_STARTERS, next.folded.as_str()) && !initial;
        }
    }
    true
}

/// Splits each sentence into clauses.
pub fn clauses(tokens: &[Token], sentences: &[Sentence]) -> Vec<Clause> {
    let mut out = Vec::new();
    for (s, sentence) in sentences.iter().enumerate() {
        let mut first = sentence.first;
        let mut after: Option<char> = None;
        let push = |out: &mut Vec<Clause>, first: usize, end: usize, after: Option<char>| {
            if end > first {
                // An opening quote does not hide the word that opens the clause.
                let lead = (first..end)
                    .find(|&k| tokens[k].kind != TokenKind::Quote)
                    .unwrap_or(first);
                let w = tokens[lead].folded.as_str();
                let opener = (tokens[lead].is_word()
                    && (listed(SUBORDINATORS, w) || matches!(w, "en" | "of" | "noch" | "maar")))
                .then(|| w.to_string());
                out.push(Clause {
                    first,
                    end,
                    sentence: s,
                    after,
                    opener,
                });
            }
        };
        let mut i = sentence.first;
        // A parenthesis stays inside its clause: "Kinderen (4 en 7) slapen boven", "Melder
        // (zoon, 16) belde 112".
        let mut depth = 0usize;
        while i < sentence.end {
            let t = &tokens[i];
            match t.kind {
                TokenKind::Punct('(' | '[') => depth += 1,
                TokenKind::Punct(')' | ']') => depth = depth.saturating_sub(1),
                _ if depth > 0 => {}
                // A list of numbers ("op 6, 9 en 14 april") is one phrase.
                TokenKind::Punct(',')
                    if i > sentence.first
                        && tokens[i - 1].kind == TokenKind::Number
                        && tokens.get(i + 1).is_some_and(|n| n.kind == TokenKind::Number) => {}
                TokenKind::Punct(c @ (',' | ';' | ':' | '–' | '—')) => {
                    push(&mut out, first, i, after);
                    first = i + 1;
                    after = Some(c);
                }
                TokenKind::Word if i > first => {
                    let w = t.folded.as_str();
                    let next = tokens.get(i + 1).filter(|_| i + 1 < sentence.end);
                    // "en/of" stays inside its clause.
                    let slash = next.is_some_and(|n| matches!(n.kind, TokenKind::Punct('/')))
                        || matches!(tokens[i - 1].kind, TokenKind::Punct('/'));
                    let coordinated = matches!(w, "en" | "of" | "maar" | "noch")
                        && next.is_some_and(|n| n.is_word() && listed(COORDINATED_SUBJECTS, n.folded.as_str()));
                    let subordinate = listed(SUBORDINATORS, w)
                        && !(matches!(w, "dat" | "die") && follows_determiner_use(tokens, i))
                        && !(w == "die" && after_finite_auxiliary(&tokens[i - 1]))
                        // "als jij die kinderen meeneemt": after a pronoun, a determiner
                        // ("vertelde zij dat hij …" keeps its "dat"-clause).
                        && !(w == "die" && after_pronoun(&tokens[i - 1]))
                        // "dat aangeefster die avond zelf …": a demonstrative before a time.
                        && !(next.is_some_and(|n| {
                            n.is_word()
                                && ((w == "die" && listed(TIME_NOUNS_DE, n.folded.as_str()))
                                    || (w == "dat" && listed(TIME_NOUNS_HET, n.folded.as_str())))
                        }))
                        && !(w == "als" && next.is_some_and(as_comparison))
                        && !(matches!(w, "nu" | "toen") && after_pronoun(&tokens[i - 1]))
                        && (w != "zonder" || zonder_opens_clause(tokens, i, sentence.end))
                        && !(w == "die"
                            && tokens[i - 1].is_word()
                            && listed(PREPOSITIONS, tokens[i - 1].folded.as_str()));
                    if (coordinated || subordinate) && !slash {
                        push(&mut out, first, i, after);
                        first = i;
                        after = None;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        push(&mut out, first, sentence.end, after);
    }
    out
}

/// Nouns of time after which "die" is a demonstrative ("die avond"), not the start of a
/// clause.
const TIME_NOUNS_DE: &[&str] = &[
    "avond",
    "nacht",
    "dag",
    "ochtend",
    "morgen",
    "middag",
    "week",
    "keer",
    "periode",
    "tijd",
    "zomer",
    "winter",
    "maand",
    "datum",
    "zondag",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "vakantie",
];

/// The same for "dat" before a neuter noun ("dat weekend"); "zei dat morgen …" keeps its
/// clause.
const TIME_NOUNS_HET: &[&str] = &["weekend", "jaar", "moment", "tijdstip"];

/// "zonder" opens a clause of its own only with "dat" or a "te"-infinitive ("zonder dat zij
/// het wist", "zonder haar iets te vragen"); "zonder hem naar haar zus" and "zonder
/// toestemming" are a preposition inside the clause.
fn zonder_opens_clause(tokens: &[Token], i: usize, end: usize) -> bool {
    for t in tokens.iter().take(end).skip(i + 1).take(6) {
        if !t.is_word() {
            return false;
        }
        match t.folded.as_str() {
            "dat" | "te" => return true,
            w if listed(SUBORDINATORS, w) || matches!(w, "en" | "of" | "maar") => return false,
            _ => {}
        }
    }
    false
}

/// "die" right after a finite auxiliary is the object pronoun ("heeft die weer
/// ingetrokken", "had die al weggegooid"), not a relative clause.
fn after_finite_auxiliary(prev: &Token) -> bool {
    prev.is_word()
        && matches!(
            prev.folded.as_str(),
            "heeft"
                | "had"
                | "hadden"
                | "heb"
                | "hebt"
                | "wordt"
                | "werd"
                | "werden"
                | "zal"
                | "zou"
                | "zouden"
                | "kan"
                | "kon"
                | "moet"
                | "moest"
                | "wil"
                | "wilde"
        )
}

/// "nu" and "toen" right after a pronoun are adverbs ("waar zij nu woont", "dat hij toen
/// wegging"), not the conjunctions "now that" and "when".
fn after_pronoun(prev: &Token) -> bool {
    prev.is_word()
        && matches!(
            prev.folded.as_str(),
            "ik" | "je" | "jij" | "hij" | "zij" | "ze" | "we" | "wij" | "u" | "men" | "het" | "er" | "jullie"
        )
}

/// "als" before a bare noun or "een" means "as" ("als boodschapper gebruikt", "als een
/// schild"), not "if": a condition starts with a subject ("als zij", "als de politie", "als
/// moeder", "als Daan").
fn as_comparison(next: &Token) -> bool {
    const SUBJECTS: &[&str] = &[
        "ik",
        "je",
        "jij",
        "u",
        "hij",
        "zij",
        "ze",
        "we",
        "wij",
        "jullie",
        "men",
        "het",
        "er",
        "de",
        "dit",
        "dat",
        "die",
        "deze",
        "mijn",
        "zijn",
        "haar",
        "hun",
        "onze",
        "uw",
        "moeder",
        "vader",
        "mama",
        "papa",
        "mevrouw",
        "meneer",
        "aangeefster",
        "aangever",
        "betrokkene",
        "cliënt",
        "client",
        "iemand",
        "niemand",
        "iets",
        "niets",
        "zo",
        "nu",
        "dan",
        "later",
        "ooit",
        "morgen",
        "straks",
        "daar",
        "hier",
        "tijdens",
        "na",
        "voor",
    ];
    next.is_word() && !next.capital && !listed(SUBJECTS, next.folded.as_str())
}

/// Prepositions before which "die" is a determiner ("met die man").
const PREPOSITIONS: &[&str] = &[
    "aan", "bij", "in", "met", "na", "naar", "op", "over", "tegen", "uit", "van", "voor", "door", "om", "tot", "tussen",
];

/// "dat" used as a determiner rather than a conjunction: after a preposition and before
/// its noun ("op dat moment", "na dat incident") it does not open a clause; "gaf aan dat
/// verd. …", "bleek uit dat hij …" do.
fn follows_determiner_use(tokens: &[Token], i: usize) -> bool {
    const SUBJECT_STARTS: &[&str] = &[
        "hij",
        "zij",
        "ze",
        "ik",
        "je",
        "jij",
        "we",
        "wij",
        "u",
        "het",
        "de",
        "een",
        "er",
        "verd",
        "verdachte",
        "betrokkene",
        "mevrouw",
        "meneer",
        "aangeefster",
        "aangever",
        "moeder",
        "vader",
        "mw",
        "dhr",
        "bel",
        "zijn",
        "haar",
        "hun",
        "mijn",
        "men",
        "deze",
        "die",
        "dit",
        "dat",
        "hem",
        "mij",
        "niet",
        "geen",
        "nooit",
        "ook",
    ];
    i > 0
        && matches!(
            tokens[i - 1].folded.as_str(),
            "op" | "na" | "in" | "voor" | "bij" | "met" | "van" | "over" | "tijdens" | "sinds" | "uit" | "door"
        )
        && tokens
            .get(i + 1)
            .is_some_and(|n| n.is_word() && !n.capital && !listed(SUBJECT_STARTS, n.folded.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_hyphens_and_quotes() {
        assert_eq!(
            words("Verd. sloeg z'n ex-partner"),
            vec!["verd", ".", "sloeg", "z'n", "ex", "partner"]
        );
        let t = tokenize("zei: 'ik maak je af' en liep");
        let quoted: Vec<&str> = t.iter().filter(|t| t.in_quote).map(|t| t.folded.as_str()).collect();
        assert_eq!(quoted, vec!["ik", "maak", "je", "af"]);
        assert_eq!(
            words("om 02.15 uur, 's nachts"),
            vec!["om", "02.15", "uur", ",", "'s", "nachts"]
        );
        assert_eq!(words("Cliënt"), vec!["client"]);
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations_or_initials() {
        let text = "Ter plaatse bleek dat verd. zijn vriendin had geslagen. Bel. S. de Vries was bang. Hij liep weg.";
        let t = tokenize(text);
        let s = sentences(text, &t);
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn clauses_split_at_subordinators_and_new_subjects() {
        let text = "Zij verklaarde dat hij haar sloeg en hij schopte haar, maar zij had geen letsel of pijn.";
        let t = tokenize(text);
        let s = sentences(text, &t);
        let c = clauses(&t, &s);
        let shown: Vec<String> = c
            .iter()
            .map(|c| {
                t[c.first..c.end]
                    .iter()
                    .map(|t| t.folded.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                "zij verklaarde",
                "dat hij haar sloeg",
                "en hij schopte haar",
                "maar zij had geen letsel of pijn ."
            ]
        );
    }
}
