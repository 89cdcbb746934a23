//! Match keys for Dutch names: what two spellings of one name have in common.
//!
//! Keys are for comparing only, never for display: lower case, accents removed
//! (`Chloë` = `Chloe`), the tussenvoegsel set aside whether written apart (`van der Meulen`),
//! capitalised in the surname (`Van der Meulen`), after a comma (`Meulen, van der`),
//! abbreviated (`v.d. Meulen`) or attached (`Vandermeulen`); a double surname
//! (`Jansen-de Vries`) matches either of its parts.

use crate::model::PersonName;
use unicode_normalization::UnicodeNormalization;

/// Lower case without accents or punctuation other than spaces and hyphens.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ı' => 'i',
            'ł' => 'l',
            'ø' => 'o',
            'ß' => 's',
            other => other,
        })
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Attached tussenvoegsels, longest first: `vandermeulen` is `meulen`.
const ATTACHED: &[&str] = &[
    "vanden", "vander", "vande", "vant", "vanhet", "inden", "inde", "opden", "opde", "uitden", "uitde", "van", "den",
    "der", "de", "te", "ter", "ten", "het", "la", "le", "du", "da", "di", "del",
];

/// The surname's key parts: one for a plain surname, two for a double surname, and for a
/// single word that may carry an attached tussenvoegsel (`Vandermeulen`) the word both
/// whole and without it, so that it meets `Meulen` without `Dekker` losing its `De`.
pub fn surname_keys(name: &PersonName) -> Vec<String> {
    let Some(surname) = name.surname.as_deref() else {
        return Vec::new();
    };
    let folded = fold(surname);
    let attached_possible = name.tussenvoegsel.is_none();
    let mut keys = Vec::new();
    for part in folded.split('-') {
        // A part may still carry a tussenvoegsel ("Jansen-de Vries" → "de vries").
        let last = part.split_whitespace().last().unwrap_or_default().to_string();
        if last.is_empty() {
            continue;
        }
        if attached_possible && part.split_whitespace().count() == 1 {
            let stripped = strip_attached(&last);
            if stripped != last {
                keys.push(stripped);
            }
        }
        keys.push(last);
    }
    keys.dedup();
    keys
}

fn strip_attached(word: &str) -> String {
    for prefix in ATTACHED {
        if let Some(rest) = word.strip_prefix(prefix) {
            if rest.chars().count() >= 4 {
                return strip_attached(rest);
            }
        }
    }
    word.to_string()
}

/// Given names as folded tokens; initials become single letters (`D.J.` → `d`, `j`).
pub fn given_tokens(name: &PersonName) -> Vec<String> {
    let Some(given) = name.given_names.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for token in given.split_whitespace() {
        let parts: Vec<&str> = token.split('.').filter(|p| !p.is_empty()).collect();
        if token.contains('.') && parts.iter().all(|p| p.chars().count() <= 2) {
            out.extend(parts.iter().map(|p| fold(p)));
        } else {
            out.push(fold(token));
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

/// How two sets of given names relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GivenMatch {
    /// They contradict (`Dennis` / `Dirk`).
    Different,
    /// One or both are missing.
    Unknown,
    /// Initials agree with names (`D.J.` / `Dennis Johannes`).
    Initials,
    /// The first names agree in full.
    Full,
}

/// Compares given names: the first names must agree (in full, or by initial where one side
/// has only initials); further names may be absent on one side but not contradict.
pub fn compare_given(a: &[String], b: &[String]) -> GivenMatch {
    if a.is_empty() || b.is_empty() {
        return GivenMatch::Unknown;
    }
    let mut full = true;
    for (x, y) in a.iter().zip(b) {
        let x_initial = x.chars().count() == 1;
        let y_initial = y.chars().count() == 1;
        if x_initial || y_initial {
            if x.chars().next() != y.chars().next() {
                return GivenMatch::Different;
            }
            full = false;
        } else if x != y {
            return GivenMatch::Different;
        }
    }
    if full {
        GivenMatch::Full
    } else {
        GivenMatch::Initials
    }
}

/// True when the surname keys share a part.
pub fn surnames_agree(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::names::{from_parts, parse_full};

    fn keys(s: &str) -> Vec<String> {
        surname_keys(&parse_full(s))
    }

    #[test]
    fn surname_spellings_share_a_key() {
        assert_eq!(keys("Dennis van der Meulen"), vec!["meulen"]);
        assert_eq!(keys("Vandermeulen, Dennis"), vec!["meulen", "vandermeulen"]);
        assert_eq!(keys("Dennis v.d. Meulen"), vec!["meulen"]);
        assert_eq!(
            surname_keys(&from_parts(Some("Van der Meulen"), None, Some("Dennis"))),
            vec!["meulen"]
        );
        assert_eq!(
            surname_keys(&from_parts(Some("Meulen, van der"), None, Some("Dennis"))),
            vec!["meulen"]
        );
        assert_eq!(keys("Anna Jansen-de Vries"), vec!["jansen", "vries"]);
        assert_eq!(keys("Chloe Verhoef"), keys("Chloë Verhoef"));
        assert!(keys("Kim Dekker").contains(&"dekker".to_string()));
    }

    #[test]
    fn given_names_compare_by_initials() {
        let g = |s: &str| given_tokens(&parse_full(s));
        assert_eq!(
            compare_given(&g("D.J. van der Meulen"), &g("Dennis Johannes van der Meulen")),
            GivenMatch::Initials
        );
        assert_eq!(
            compare_given(&g("Dennis J. van der Meulen"), &g("Dennis van der Meulen")),
            GivenMatch::Full
        );
        assert_eq!(
            compare_given(&g("Chloe Verhoef"), &g("Chloë Maria Verhoef")),
            GivenMatch::Full
        );
        assert_eq!(
            compare_given(&g("Dirk van der Meulen"), &g("D. van der Meulen")),
            GivenMatch::Initials
        );
        assert_eq!(
            compare_given(&g("Dirk van der Meulen"), &g("Dennis van der Meulen")),
            GivenMatch::Different
        );
    }
}
