//! Dutch person names: split into voornamen, tussenvoegsel and achternaam.
//!
//! Sources write names as separate columns (`Meulen` / `van der` / `Dennis`), as
//! `Voornaam Achternaam` (`Dennis van der Meulen`, `D.J. van der Meulen`), as
//! `Achternaam, Voornaam` (`Vries, Sanne de`), or only by a role (`vriend van moeder`).
//! This module splits; it never decides that two names are one person (that is `resolve`).

use crate::model::PersonName;

/// Lower-case words that are (part of) a tussenvoegsel.
const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "op", "uit", "aan", "bij", "onder", "over",
    "voor", "d'", "l'", "la", "le", "les", "du", "da", "dal", "dos", "das", "di", "del", "della", "von", "vom", "zu",
    "v.d.", "v/d", "vd", "'s",
];

/// First words of a mention that names a person only by a role or relation.
const ROLE_WORDS: &[&str] = &[
    "moeder",
    "vader",
    "kind",
    "kinderen",
    "zoon",
    "zoontje",
    "dochter",
    "dochtertje",
    "vriend",
    "vriendin",
    "partner",
    "ex-partner",
    "ex",
    "man",
    "vrouw",
    "echtgenoot",
    "echtgenote",
    "buurman",
    "buurvrouw",
    "buren",
    "oma",
    "opa",
    "broer",
    "zus",
    "tante",
    "oom",
    "stiefvader",
    "stiefmoeder",
    "onbekend",
    "anoniem",
    "melder",
    "baby",
    "meisje",
    "jongen",
    "haar",
    "zijn",
    "de",
    "het",
    "een",
];

fn is_particle(token: &str) -> bool {
    let lower = token.to_lowercase();
    PARTICLES.contains(&lower.as_str())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn none_if_empty(s: String) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s)
    }
}

/// True when a one-string name is only a role (`moeder`, `vriend van moeder`): it has no
/// capital letter and starts with a role word.
pub fn is_role_only(text: &str) -> bool {
    let text = text.trim();
    if text.chars().any(char::is_uppercase) {
        return false;
    }
    match text.split_whitespace().next() {
        Some(first) => ROLE_WORDS.contains(&first),
        None => false,
    }
}

/// Splits a surname field that may carry its tussenvoegsel: `Van der Meulen` (leading),
/// `Meulen, van der` (after a comma). Returns (tussenvoegsel, surname).
pub fn split_surname(field: &str) -> (Option<String>, Option<String>) {
    let field = collapse(field);
    if let Some((left, right)) = field.split_once(',') {
        let right = collapse(right);
        if !right.is_empty() && right.split_whitespace().all(is_particle) {
            return (Some(right), none_if_empty(collapse(left)));
        }
    }
    let tokens: Vec<&str> = field.split_whitespace().collect();
    let lead = tokens.iter().take_while(|t| is_particle(t)).count();
    if lead > 0 && lead < tokens.len() {
        (Some(tokens[..lead].join(" ")), Some(tokens[lead..].join(" ")))
    } else {
        (None, none_if_empty(field))
    }
}

/// Builds a name from separate columns, splitting a tussenvoegsel out of the surname
/// column when the source put it there.
pub fn from_parts(surname: Option<&str>, tussenvoegsel: Option<&str>, given: Option<&str>) -> PersonName {
    let written: Vec<String> = [surname, tussenvoegsel, given]
        .into_iter()
        .flatten()
        .map(collapse)
        .filter(|p| !p.is_empty())
        .collect();
    let (split_tv, surname) = surname.map(split_surname).unwrap_or((None, None));
    PersonName {
        raw: written.join(" / "),
        given_names: given.map(collapse).and_then(none_if_empty),
        tussenvoegsel: tussenvoegsel.map(collapse).and_then(none_if_empty).or(split_tv),
        surname,
        role_only: false,
    }
}

/// Parses a one-string name: `Voornaam [tussenvoegsel] Achternaam`, or
/// `Achternaam[, tussenvoegsel], Voornamen [tussenvoegsel]`, or a role-only mention.
pub fn parse_full(text: &str) -> PersonName {
    let raw = collapse(text);
    if is_role_only(&raw) {
        return PersonName {
            raw,
            role_only: true,
            ..PersonName::default()
        };
    }
    if let Some((left, right)) = raw.split_once(',') {
        let (lead_tv, surname) = split_surname(left);
        let right_tokens: Vec<&str> = right.split_whitespace().collect();
        let trailing = right_tokens.iter().rev().take_while(|t| is_particle(t)).count();
        let given_end = right_tokens.len() - trailing;
        let trail_tv = none_if_empty(right_tokens[given_end..].join(" "));
        return PersonName {
            raw: raw.clone(),
            given_names: none_if_empty(right_tokens[..given_end].join(" ")),
            tussenvoegsel: lead_tv.or(trail_tv),
            surname,
            role_only: false,
        };
    }
    let tokens: Vec<&str> = raw.split_whitespace().collect();
    if tokens.len() <= 1 {
        return PersonName {
            raw: raw.clone(),
            surname: none_if_empty(raw.clone()),
            ..PersonName::default()
        };
    }
    // A double surname whose second part has a tussenvoegsel ("Jansen-de Vries") starts at
    // the token that ends in "-<particle>".
    let double = (1..tokens.len() - 1).find(|&i| tokens[i].rsplit_once('-').is_some_and(|(_, p)| is_particle(p)));
    if let Some(i) = double {
        return PersonName {
            raw: raw.clone(),
            given_names: none_if_empty(tokens[..i].join(" ")),
            tussenvoegsel: None,
            surname: none_if_empty(tokens[i..].join(" ")),
            role_only: false,
        };
    }
    // The tussenvoegsel starts at the first particle after at least one given name and
    // runs while tokens are particles; the rest is the surname.
    let start = (1..tokens.len() - 1).find(|&i| is_particle(tokens[i]));
    let (given, tv, surname) = match start {
        Some(i) => {
            let end = (i..tokens.len() - 1).take_while(|&j| is_particle(tokens[j])).count() + i;
            (tokens[..i].join(" "), tokens[i..end].join(" "), tokens[end..].join(" "))
        }
        None => (
            tokens[..tokens.len() - 1].join(" "),
            String::new(),
            tokens[tokens.len() - 1].to_string(),
        ),
    };
    PersonName {
        raw,
        given_names: none_if_empty(given),
        tussenvoegsel: none_if_empty(tv),
        surname: none_if_empty(surname),
        role_only: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(n: &PersonName) -> (Option<&str>, Option<&str>, Option<&str>) {
        (
            n.given_names.as_deref(),
            n.tussenvoegsel.as_deref(),
            n.surname.as_deref(),
        )
    }

    #[test]
    fn voornaam_achternaam() {
        assert_eq!(
            parts(&parse_full("Dennis van der Meulen")),
            (Some("Dennis"), Some("van der"), Some("Meulen"))
        );
        assert_eq!(
            parts(&parse_full("D.J. van der Meulen")),
            (Some("D.J."), Some("van der"), Some("Meulen"))
        );
        assert_eq!(
            parts(&parse_full("Dennis v.d. Meulen")),
            (Some("Dennis"), Some("v.d."), Some("Meulen"))
        );
        assert_eq!(
            parts(&parse_full("Chloë Maria Verhoef")),
            (Some("Chloë Maria"), None, Some("Verhoef"))
        );
        assert_eq!(
            parts(&parse_full("Anna Jansen-Bakker")),
            (Some("Anna"), None, Some("Jansen-Bakker"))
        );
        assert_eq!(
            parts(&parse_full("Jeroen van 't Hooft")),
            (Some("Jeroen"), Some("van 't"), Some("Hooft"))
        );
    }

    #[test]
    fn achternaam_komma_voornaam() {
        assert_eq!(
            parts(&parse_full("Verhoef, Chloë")),
            (Some("Chloë"), None, Some("Verhoef"))
        );
        assert_eq!(
            parts(&parse_full("Vries, Sanne de")),
            (Some("Sanne"), Some("de"), Some("Vries"))
        );
        assert_eq!(
            parts(&parse_full("Meulen, Dennis van der")),
            (Some("Dennis"), Some("van der"), Some("Meulen"))
        );
        assert_eq!(
            parts(&parse_full("Verhoef, C.M.")),
            (Some("C.M."), None, Some("Verhoef"))
        );
        assert_eq!(
            parts(&parse_full("Vandermeulen, Dennis")),
            (Some("Dennis"), None, Some("Vandermeulen"))
        );
    }

    #[test]
    fn column_parts() {
        let n = from_parts(Some("Van der Meulen"), Some(""), Some("Dennis"));
        assert_eq!(parts(&n), (Some("Dennis"), Some("Van der"), Some("Meulen")));
        let n = from_parts(Some("Meulen, van der"), None, Some("Dennis Johannes"));
        assert_eq!(parts(&n), (Some("Dennis Johannes"), Some("van der"), Some("Meulen")));
        assert_eq!(n.display(), "Dennis Johannes van der Meulen");
    }

    #[test]
    fn role_only_mentions() {
        assert!(parse_full("moeder").role_only);
        assert!(parse_full("vriend van moeder").role_only);
        assert!(!parse_full("Moeder Jansen").role_only);
        assert!(!parse_full("Sanne de Vries").role_only);
    }
}
