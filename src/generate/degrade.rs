//! `--degrade`: the records as multi-agency exports really are, while `truth.json` stays the
//! ground truth of what happened. A pass over one household's rendered records with its own
//! random stream, so the records before it are the same bytes with or without the flag and
//! the pass is the same for the same seed. It adds and removes no record (every record stays
//! in the truth); it changes what some of them say and whom they name:
//!
//! - **birth dates** left out of 40 % of the person mentions that carry one in Veilig Thuis
//!   (`betrokkenen.csv`), in jeugdbescherming, and of the police's third parties (a witness
//!   or reporter, a child);
//! - **time** made approximate within what each layout can write: a Veilig Thuis report from
//!   the police dated 1–4 days off the police's date (still an account of the same
//!   incident), or by month only, or not at all; an advice request about a period dated by
//!   year only, or not at all; an anonymous request left undated; a police period widened
//!   to whole months (never past its registration);
//! - a **withdrawal** registered as a police Mutatie under the code of the act withdrawn
//!   (`F10 Mishandeling`), naming only the victim and the suspect, its text saying she
//!   withdraws her aangifte of that act: an account of the withdrawal and a mention of the
//!   act, not an account of a new act;
//! - a **refusal** to report ("wil geen aangifte doen") in another police record (or Veilig
//!   Thuis report) of some households with a real withdrawal: declining to report is not
//!   `complaint_withdrawn`.

use super::phrases::{Account, ClauseKind, PhraseBank, REFUSAL, WITHDRAWAL_AT_DESK};
use super::render::{cp1252_safe, dmy, iso, maatschappelijke_klasse, Narrative, Rendered};
use super::world::{stream, Household, Incident, When};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::collections::HashMap;

/// The share of targeted person mentions whose birth date is left out.
pub const BIRTH_DATE_DROPPED: f64 = 0.4;

// Politie columns (see `render::POLITIE_HEADER`).
const P_SOORT: usize = 1;
const P_KLASSE: usize = 2;
const P_VAN: usize = 3;
const P_TOT: usize = 5;
const P_REGISTRATIE: usize = 7;
const P_GEBOORTEDATUM: usize = 14;
const P_RISICO: usize = 19;
const P_TEKST: usize = 20;
// Veilig Thuis meldingen and betrokkenen columns.
const V_ONTVANGST: usize = 2;
const V_MELDER: usize = 3;
const V_BEGIN: usize = 4;
const V_EIND: usize = 5;
const V_SAMENVATTING: usize = 10;
const B_GEBOORTEDATUM: usize = 3;

/// Degrades household `h`'s records in place; their truth follows what they now say.
pub fn degrade(h: &Household, bank: &PhraseBank, seed: u64, r: &mut Rendered) {
    let mut rng = stream(seed, h.index, 3);
    let withdrawals = withdrawal_mutaties(&mut rng, h, bank, r);
    if withdrawals > 0 && rng.random_bool(0.6) {
        refusal(&mut rng, h, r);
    }
    veilig_thuis_dates(&mut rng, h, r);
    politie_periods(&mut rng, h, r);
    birth_dates(&mut rng, h, r);
}

fn incident<'h>(h: &'h Household, id: Option<&str>) -> Option<&'h Incident> {
    let id = id?;
    h.incidents.iter().find(|i| i.id == id)
}

/// The registration number of the police record that is an account of `inc`.
fn politie_number(r: &Rendered, inc: &Incident) -> Option<String> {
    r.records
        .iter()
        .find(|t| t.reference.starts_with("politie:") && t.incident.as_deref() == Some(inc.id.as_str()))
        .map(|t| t.reference.trim_start_matches("politie:").to_string())
}

/// Each withdrawal at the police desk as a Mutatie under the code of the act withdrawn.
/// Returns how many were rewritten.
fn withdrawal_mutaties(rng: &mut ChaCha8Rng, h: &Household, bank: &PhraseBank, r: &mut Rendered) -> usize {
    let mut done = 0;
    for (k, desk) in h.incidents.iter().enumerate() {
        if !desk.has("complaint_withdrawn") {
            continue;
        }
        let Some(act) = h.incidents[..k].iter().rev().find(|i| i.withdrawn) else {
            continue;
        };
        let Some(nr) = politie_number(r, desk) else {
            continue;
        };
        let act_nr = politie_number(r, act);
        let (klasse, _) = maatschappelijke_klasse(act);
        let feit = klasse.split_once(' ').map_or(klasse, |x| x.1).to_lowercase();
        let openings: Vec<&str> = WITHDRAWAL_AT_DESK
            .iter()
            .copied()
            .filter(|s| act_nr.is_some() || !s.contains("{registratie}"))
            .collect();
        let opening = openings[rng.random_range(0..openings.len())]
            .replace("{feit}", &feit)
            .replace("{datum}", &dmy(act.when.start()))
            .replace("{registratie}", act_nr.as_deref().unwrap_or_default());
        let mut n = Narrative::new(bank, "politie");
        n.sentences.push(opening);
        n.asserted.push("complaint_withdrawn");
        if rng.random_bool(0.5) {
            n.clause(rng, "complaint_withdrawn", ClauseKind::Assert, Account::Victim, h);
        }
        // The pressure she was under, now and then.
        if desk.has("threat") && rng.random_bool(0.6) {
            n.clause(rng, "threat", ClauseKind::Assert, Account::Victim, h);
        }
        if rng.random_bool(0.3) {
            n.filler(rng);
        }
        let text = cp1252_safe(&n.text());
        // At the desk she speaks for herself: the witness or child of the act is not in it.
        let reference = format!("politie:{nr}");
        let principal = [h.victim.id.as_str(), h.suspect.id.as_str()];
        if let Some(t) = r.records.iter_mut().find(|t| t.reference == reference) {
            let mut k = 0;
            let persons = &t.persons;
            r.politie.retain(|row| {
                if row[0] != nr {
                    return true;
                }
                k += 1;
                persons.get(k - 1).is_some_and(|p| principal.contains(&p.as_str()))
            });
            t.persons.retain(|p| principal.contains(&p.as_str()));
        }
        for row in r.politie.iter_mut().filter(|row| row[0] == nr) {
            row[P_SOORT] = "Mutatie".into();
            row[P_KLASSE] = cp1252_safe(klasse);
            row[P_RISICO] = String::new();
            row[P_TEKST] = text.clone();
        }
        if let Some(t) = r.records.iter_mut().find(|t| t.reference == reference) {
            t.categories = n.categories();
            t.mentions = vec![act.id.clone()];
        }
        done += 1;
    }
    done
}

/// A refusal to report in one police record (not an aangifte) of another act, or else in a
/// Veilig Thuis report from the police.
fn refusal(rng: &mut ChaCha8Rng, h: &Household, r: &mut Rendered) {
    let eligible = |id: Option<&str>| {
        incident(h, id).is_some_and(|i| {
            !i.prior && !i.withdrawn && !i.has("complaint_withdrawn") && matches!(i.when, When::Act(..))
        })
    };
    let sentence = REFUSAL[rng.random_range(0..REFUSAL.len())];
    let politie: Vec<String> = r
        .records
        .iter()
        .filter(|t| t.reference.starts_with("politie:") && eligible(t.incident.as_deref()))
        .map(|t| t.reference.trim_start_matches("politie:").to_string())
        .filter(|nr| r.politie.iter().any(|row| row[0] == *nr && row[P_SOORT] != "Aangifte"))
        .collect();
    if !politie.is_empty() {
        let nr = &politie[rng.random_range(0..politie.len())];
        for row in r.politie.iter_mut().filter(|row| row[0] == *nr) {
            row[P_TEKST] = format!("{} {sentence}", row[P_TEKST]);
        }
        return;
    }
    let veilig_thuis: Vec<usize> = r
        .vt_meldingen
        .iter()
        .enumerate()
        .filter(|(_, row)| row[V_MELDER] == "Politie")
        .filter(|(_, row)| {
            let reference = format!("veilig-thuis:{}", row[0]);
            r.records
                .iter()
                .any(|t| t.reference == reference && eligible(t.incident.as_deref()))
        })
        .map(|(i, _)| i)
        .collect();
    if !veilig_thuis.is_empty() {
        let row = &mut r.vt_meldingen[veilig_thuis[rng.random_range(0..veilig_thuis.len())]];
        row[V_SAMENVATTING] = format!("{} {sentence}", row[V_SAMENVATTING]);
    }
}

/// Veilig Thuis dates as reports have them: a few days off, a month, a year, or none.
fn veilig_thuis_dates(rng: &mut ChaCha8Rng, h: &Household, r: &mut Rendered) {
    let Rendered {
        vt_meldingen, records, ..
    } = r;
    for row in vt_meldingen.iter_mut() {
        let reference = format!("veilig-thuis:{}", row[0]);
        let Some(inc) = incident(
            h,
            records
                .iter()
                .find(|t| t.reference == reference)
                .and_then(|t| t.incident.as_deref()),
        ) else {
            continue;
        };
        let roll = rng.random_range(0..100);
        match row[V_MELDER].as_str() {
            "Politie" => match (roll, inc.when) {
                // The same act as the police's, dated a few days off: the day the police
                // passed it on, or a day misread.
                (0..30, When::Act(day, _)) => {
                    let received = NaiveDate::parse_from_str(&row[V_ONTVANGST], "%Y-%m-%d").unwrap_or(day);
                    let room = (received - day).num_days();
                    let offset = rng.random_range(1..=4);
                    let shifted = if room >= 1 && rng.random_bool(0.6) {
                        day + Duration::days(offset.min(room))
                    } else {
                        day - Duration::days(offset)
                    };
                    row[V_BEGIN] = iso(shifted);
                }
                (30..40, _) => row[V_BEGIN] = inc.when.start().format("%Y-%m").to_string(),
                (40..50, _) => row[V_BEGIN] = String::new(),
                _ => {}
            },
            "Familie" | "Huisarts" => match roll {
                // A period by year only: "sinds 2022", or "2021 tot 2022".
                0..30 => {
                    let (from, to) = (inc.when.start().year(), inc.when.end().year());
                    row[V_BEGIN] = from.to_string();
                    row[V_EIND] = if to > from { to.to_string() } else { String::new() };
                }
                30..40 => {
                    row[V_BEGIN] = String::new();
                    row[V_EIND] = String::new();
                }
                _ => {}
            },
            _ => {
                if roll < 25 {
                    row[V_BEGIN] = String::new();
                    row[V_EIND] = String::new();
                }
            }
        }
    }
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).map_or(d, |first| first - Duration::days(1))
}

/// Half of the police periods as whole months ("in de periode maart tot en met mei"),
/// ending no later than the day they were registered.
fn politie_periods(rng: &mut ChaCha8Rng, h: &Household, r: &mut Rendered) {
    let periods: Vec<(String, NaiveDate, NaiveDate)> = r
        .records
        .iter()
        .filter(|t| t.reference.starts_with("politie:"))
        .filter_map(|t| {
            let inc = incident(h, t.incident.as_deref())?;
            match inc.when {
                When::Period(a, b) => Some((t.reference.trim_start_matches("politie:").to_string(), a, b)),
                When::Act(..) => None,
            }
        })
        .collect();
    for (nr, start, end) in periods {
        if !rng.random_bool(0.5) {
            continue;
        }
        for row in r.politie.iter_mut().filter(|row| row[0] == nr) {
            let registered = row[P_REGISTRATIE]
                .get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%d-%m-%Y").ok())
                .unwrap_or(end);
            let from = start.with_day(1).unwrap_or(start);
            let to = last_of_month(end).min(registered).max(end);
            row[P_VAN] = dmy(from);
            row[P_TOT] = dmy(to);
        }
    }
}

/// Birth dates left out of the targeted mentions.
fn birth_dates(rng: &mut ChaCha8Rng, h: &Household, r: &mut Rendered) {
    // Police: the third parties (not the victim, the suspect or his earlier victim).
    let principal: Vec<&str> = [Some(&h.victim), Some(&h.suspect), h.prior_victim.as_ref()]
        .into_iter()
        .flatten()
        .map(|p| p.id.as_str())
        .collect();
    let persons: HashMap<&str, &[String]> = r
        .records
        .iter()
        .filter_map(|t| Some((t.reference.strip_prefix("politie:")?, t.persons.as_slice())))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in r.politie.iter_mut() {
        let k = seen.entry(row[0].clone()).or_default();
        let person = persons.get(row[0].as_str()).and_then(|p| p.get(*k));
        *k += 1;
        let third_party = person.is_some_and(|p| !principal.contains(&p.as_str()));
        if third_party && !row[P_GEBOORTEDATUM].is_empty() && rng.random_bool(BIRTH_DATE_DROPPED) {
            row[P_GEBOORTEDATUM] = String::new();
        }
    }
    for row in r.vt_betrokkenen.iter_mut() {
        if !row[B_GEBOORTEDATUM].is_empty() && rng.random_bool(BIRTH_DATE_DROPPED) {
            row[B_GEBOORTEDATUM] = String::new();
        }
    }
    for line in r.jeugdbescherming.iter_mut() {
        for list in ["kinderen", "ouders"] {
            for p in line[list].as_array_mut().map(Vec::as_mut_slice).unwrap_or_default() {
                if p["geboortedatum"].is_string() && rng.random_bool(BIRTH_DATE_DROPPED) {
                    p["geboortedatum"] = Value::Null;
                }
            }
        }
    }
}
