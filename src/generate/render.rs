//! From what happened to what the organisations wrote down: the records of one household
//! in the six export layouts, with the noise real exports have, and for each record what
//! it truly says (its incident and the categories its text or fields evidence).
//!
//! Noise, on purpose: names written with initials, in `Achternaam, Voornaam` order, with the
//! tussenvoegsel attached or capitalised, accents lost, a double surname, a mistyped birth
//! digit; registration days after the act; the OM dating a night-time act to the evening
//! before; periods and months instead of days; advice requests naming people by role only.

use super::phrases::{Account, ClauseKind, PhraseBank};
use super::world::{stream, Household, Incident, Person, When};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike};
use chrono_tz::Europe::Amsterdam;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Value};
use std::io::{BufWriter, Write};
use std::path::Path;

/// What a record truly is, for `truth.json`.
#[derive(Debug, Clone)]
pub struct RecordTruth {
    /// Its reference.
    pub reference: String,
    /// The incident it is an account of (none for procedural records and mere mentions).
    pub incident: Option<String>,
    /// Incidents it only refers back to.
    pub mentions: Vec<String>,
    /// Categories its text or structured fields evidence.
    pub categories: Vec<&'static str>,
    /// Persons in its structured fields (ids), in the order the record names them.
    pub persons: Vec<String>,
    /// Mentions by role only: (the text, the person it probably is).
    pub unresolved: Vec<(String, String)>,
}

/// The records of one household, ready to write.
#[derive(Debug, Default)]
pub struct Rendered {
    /// politie rows (21 fields).
    pub politie: Vec<Vec<String>>,
    /// veilig-thuis meldingen rows.
    pub vt_meldingen: Vec<Vec<String>>,
    /// veilig-thuis betrokkenen rows.
    pub vt_betrokkenen: Vec<Vec<String>>,
    /// OM zaken.
    pub om_zaken: Vec<Value>,
    /// reclassering rows.
    pub reclassering: Vec<Vec<String>>,
    /// gemeente rows.
    pub gemeente: Vec<Vec<String>>,
    /// jeugdbescherming lines.
    pub jeugdbescherming: Vec<Value>,
    /// What each record is.
    pub records: Vec<RecordTruth>,
}

const POLITIE_HEADER: [&str; 21] = [
    "Registratienummer",
    "Soort",
    "Maatschappelijke klasse",
    "Pleegdatum van",
    "Pleegtijd van",
    "Pleegdatum tot",
    "Pleegtijd tot",
    "Registratiedatum",
    "Pleegplaats",
    "Straat",
    "Rol",
    "Achternaam",
    "Tussenvoegsel",
    "Voornamen",
    "Geboortedatum",
    "Geslacht",
    "BSN",
    "Relatie tot verdachte",
    "Kinderen aanwezig",
    "Risicotaxatie",
    "Mutatietekst",
];
const VT_MELDINGEN_HEADER: [&str; 11] = [
    "meldingsnummer",
    "soort",
    "datum_ontvangst",
    "melder",
    "periode_begin",
    "periode_eind",
    "vormen_van_geweld",
    "acute_onveiligheid",
    "structurele_onveiligheid",
    "vervolg",
    "samenvatting",
];
const VT_BETROKKENEN_HEADER: [&str; 5] = ["meldingsnummer", "rol", "naam", "geboortedatum", "bsn"];
const RECLASSERING_HEADER: [&str; 7] = [
    "dossiernummer",
    "clientnaam",
    "geboortedatum",
    "datum",
    "soort",
    "voorwaarde",
    "omschrijving",
];
const GEMEENTE_HEADER: [&str; 9] = [
    "zaaknummer",
    "uithuisgeplaatste_naam",
    "uithuisgeplaatste_geboortedatum",
    "achterblijvers",
    "opgelegd_op",
    "einde",
    "verlengd",
    "overtredingen",
    "toelichting",
];

pub(super) fn dmy(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

pub(super) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// RFC 3339 with the Amsterdam offset of that local time.
fn amsterdam_rfc3339(t: NaiveDateTime) -> String {
    match Amsterdam.from_local_datetime(&t).earliest() {
        Some(z) => z.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        None => format!("{}+01:00", t.format("%Y-%m-%dT%H:%M:%S")),
    }
}

fn initials(given: &str) -> String {
    given
        .split_whitespace()
        .filter_map(|g| g.chars().next())
        .map(|c| format!("{c}."))
        .collect()
}

/// Removes diacritics (`Zoë` → `Zoe`), as an export through a poorer character set does.
pub fn strip_accents(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// Text as Windows-1252 can carry it: characters it lacks lose their accents, and what is
/// still missing becomes `?` (as in real exports).
pub(super) fn cp1252_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut buf = [0u8; 4];
            let (_, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if !bad {
                return c.to_string();
            }
            let plain = strip_accents(&c.to_string());
            let (_, _, still_bad) = encoding_rs::WINDOWS_1252.encode(&plain);
            if still_bad || plain.is_empty() {
                "?".to_string()
            } else {
                plain
            }
        })
        .collect()
}

/// A one-string name as a source might write it.
fn name_variant(rng: &mut ChaCha8Rng, p: &Person) -> String {
    let tv = p.tussenvoegsel.as_deref();
    let name = match rng.random_range(0..20) {
        0..=9 => p.full_name(),
        10..=13 => match tv {
            Some(tv) => format!("{}, {} {tv}", p.surname, p.given),
            None => format!("{}, {}", p.surname, p.given),
        },
        14..=16 => match tv {
            Some(tv) => format!("{} {tv} {}", initials(&p.given), p.surname),
            None => format!("{} {}", initials(&p.given), p.surname),
        },
        17 => match tv {
            Some(tv) => format!(
                "{} {}{}",
                p.given,
                capitalise(&tv.replace(' ', "")),
                p.surname.to_lowercase()
            ),
            None => p.full_name(),
        },
        18 => strip_accents(&p.full_name()),
        _ => match tv {
            Some(tv) => format!("{}, {} {tv}", p.surname, initials(&p.given)),
            None => format!("{}, {}", p.surname, initials(&p.given)),
        },
    };
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A birth date as written, with a one-digit typo now and then (still a real, past date).
fn birth_variant(rng: &mut ChaCha8Rng, d: NaiveDate, typo_chance: f64) -> NaiveDate {
    if rng.random_bool(typo_chance) {
        let day = d.day();
        let alt = if day >= 10 && day % 10 <= 8 {
            day + 1
        } else if day > 1 {
            day - 1
        } else {
            2
        };
        if let Some(t) = NaiveDate::from_ymd_opt(d.year(), d.month(), alt.min(28)) {
            return t;
        }
    }
    d
}

/// The police code of a category mix: the label counts, the code is regional.
pub(super) fn maatschappelijke_klasse(inc: &Incident) -> (&'static str, &'static str) {
    if inc.has("sexual_violence") {
        ("F30 Zedenmisdrijf", "sexual_violence")
    } else if inc.has("order_breach") && !inc.has("threat_to_kill") {
        ("F62 Overtreding huisverbod", "order_breach")
    } else if inc.has("physical_violence") || inc.has("strangulation") {
        ("F10 Mishandeling", "physical_violence")
    } else if inc.has("threat_to_kill") || inc.has("threat") {
        (
            "F56 Bedreiging",
            if inc.has("threat_to_kill") {
                "threat_to_kill"
            } else {
                "threat"
            },
        )
    } else if inc.has("stalking") {
        ("F59 Belaging", "stalking")
    } else if inc.has("restriction_of_liberty") {
        ("F70 Vrijheidsberoving", "restriction_of_liberty")
    } else if inc.has("property_damage") {
        ("F81 Vernieling", "property_damage")
    } else {
        ("E38 Huiselijke twist", "verbal_abuse")
    }
}

/// Veilig Thuis's forms of violence for a set of categories.
fn vormen(categories: &[&str]) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut add = |v: &'static str| {
        if !out.contains(&v) {
            out.push(v);
        }
    };
    for c in categories {
        match *c {
            "physical_violence" | "strangulation" | "weapon" => add("Lichamelijke mishandeling"),
            "sexual_violence" => add("Seksueel misbruik"),
            "stalking" => add("Stalking"),
            "economic_control" => add("Financiële uitbuiting"),
            "children_present" => add("Getuige huiselijk geweld"),
            "isolation"
            | "monitoring"
            | "degradation"
            | "jealousy"
            | "micro_regulation"
            | "threat"
            | "threat_to_kill"
            | "intimidation"
            | "restriction_of_liberty"
            | "use_of_children" => add("Psychische mishandeling"),
            _ => {}
        }
    }
    out.join("|")
}

/// Builds narratives from frames and clauses, and keeps which categories they assert.
pub(super) struct Narrative<'a> {
    bank: &'a PhraseBank,
    voice: &'static str,
    pub(super) sentences: Vec<String>,
    pub(super) asserted: Vec<&'static str>,
}

impl<'a> Narrative<'a> {
    pub(super) fn new(bank: &'a PhraseBank, voice: &'static str) -> Self {
        Narrative {
            bank,
            voice,
            sentences: Vec::new(),
            asserted: Vec::new(),
        }
    }

    pub(super) fn filler(&mut self, rng: &mut ChaCha8Rng) {
        if let Some(s) = self.bank.filler(rng, self.voice) {
            self.sentences.push(s.to_string());
        }
    }

    pub(super) fn clause(
        &mut self,
        rng: &mut ChaCha8Rng,
        category: &'static str,
        kind: ClauseKind,
        account: Account,
        h: &Household,
    ) -> bool {
        let Some(text) = self.bank.clause(rng, category, kind) else {
            return false;
        };
        let kind_name = h
            .children
            .first()
            .map(|c| c.given.clone())
            .unwrap_or_else(|| "het kind".to_string());
        let text = text.replace("{kind}", &kind_name).replace("{plaats}", &h.town);
        let frame = self.bank.frame(rng, self.voice, account);
        self.sentences.push(format!("{frame} {text}."));
        if kind == ClauseKind::Assert && !self.asserted.contains(&category) {
            self.asserted.push(category);
        }
        // A strangulation account also counts as physical violence.
        if kind == ClauseKind::Assert && category == "strangulation" && !self.asserted.contains(&"physical_violence") {
            self.asserted.push("physical_violence");
        }
        true
    }

    /// Asserts every category of `wanted` that must appear, and each other with `p`.
    fn assert_all(
        &mut self,
        rng: &mut ChaCha8Rng,
        cats: &[&'static str],
        must: &[&'static str],
        p: f64,
        h: &Household,
        accounts: &[Account],
    ) {
        for c in cats {
            if must.contains(c) || rng.random_bool(p) {
                let account = accounts[rng.random_range(0..accounts.len())];
                self.clause(rng, c, ClauseKind::Assert, account, h);
            }
        }
        if self.asserted.is_empty() {
            if let Some(c) = cats.first() {
                self.clause(rng, c, ClauseKind::Assert, accounts[0], h);
            }
        }
    }

    /// A negated clause about a category the incident does not have, now and then.
    fn maybe_negated(&mut self, rng: &mut ChaCha8Rng, absent_from: &[&'static str], h: &Household) {
        if !rng.random_bool(0.35) {
            return;
        }
        let pool = [
            "physical_violence",
            "children_present",
            "weapon",
            "threat_to_kill",
            "property_damage",
            "monitoring",
            "stalking",
        ];
        let candidates: Vec<&'static str> = pool.iter().copied().filter(|c| !absent_from.contains(c)).collect();
        if let Some(c) = candidates.get(rng.random_range(0..candidates.len().max(1))) {
            self.clause(rng, c, ClauseKind::Negated, Account::Observed, h);
        }
    }

    /// The suspect's denial of one of the categories, now and then.
    fn maybe_denial(&mut self, rng: &mut ChaCha8Rng, cats: &[&'static str], h: &Household) {
        if rng.random_bool(0.35) {
            if let Some(c) = cats
                .iter()
                .find(|c| self.bank.clause(&mut rng.clone(), c, ClauseKind::Denial).is_some())
            {
                self.clause(rng, c, ClauseKind::Denial, Account::Suspect, h);
            }
        }
    }

    pub(super) fn text(&self) -> String {
        self.sentences.join(" ")
    }

    /// The categories the narrative asserts, sorted, for the truth.
    pub(super) fn categories(&self) -> Vec<&'static str> {
        let mut cats = self.asserted.clone();
        cats.sort();
        cats
    }
}

/// Renders household `h`.
pub fn render(h: &Household, bank: &PhraseBank, seed: u64) -> Rendered {
    let mut rng = stream(seed, h.index, 2);
    let mut r = Rendered::default();
    let town_code = 1000 + 100 * (h.town.len() as u32 % 9);
    let vt_code: String = h
        .town
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(2)
        .collect::<String>()
        .to_uppercase();
    let mut seq = Seq {
        base: h.index as u64,
        politie: 0,
        vt: 0,
        om: 0,
    };

    // The OM decision with conditions, when there is one: a voorwaardelijk sepot weeks
    // after the separation incident, supervised by the reclassering.
    let conditions_day = h
        .conditions_after
        .map(|i| h.incidents[i].when.start() + Duration::days(rng.random_range(25..45)));

    let mut zaak_of_separation: Option<usize> = None;
    for (k, inc) in h.incidents.iter().enumerate() {
        let mut police_ref = None;
        if inc.police {
            police_ref = Some(politie_record(&mut rng, h, inc, bank, town_code, &mut seq, &mut r));
        }
        if inc.police && inc.vt_from_police && !inc.prior {
            vt_from_police(&mut rng, h, inc, bank, &vt_code, &mut seq, &mut r);
        }
        if !inc.police && !inc.prior {
            vt_advice(&mut rng, h, inc, bank, &vt_code, &mut seq, &mut r);
        }
        if inc.charged && !inc.prior {
            // Breaches of the huisverbod within a month join the separation incident's zaak.
            let joins = inc.has("order_breach")
                && zaak_of_separation.is_some()
                && h.huisverbod.as_ref().is_some_and(|hv| hv.breaches.contains(&k));
            match (joins, zaak_of_separation) {
                (true, Some(z)) => om_add_feiten(&mut rng, h, inc, bank, police_ref.as_deref(), &mut r, z),
                _ => {
                    let z = om_zaak(
                        &mut rng,
                        h,
                        inc,
                        bank,
                        police_ref.as_deref(),
                        &mut seq,
                        &mut r,
                        conditions_day.filter(|_| h.conditions_after == Some(k)),
                    );
                    if h.conditions_after == Some(k) {
                        zaak_of_separation = Some(z);
                    }
                }
            }
        }
        // Single and conflict households: sometimes an anonymous advice request by a neighbour
        // who names no one.
        if !inc.prior
            && matches!(h.kind, super::world::Kind::Single | super::world::Kind::Conflict)
            && k == 0
            && rng.random_bool(0.12)
        {
            vt_anonymous(&mut rng, h, inc, bank, &vt_code, &mut seq, &mut r);
        }
    }
    if let Some(hv) = &h.huisverbod {
        gemeente(&mut rng, h, hv, &vt_code, &mut r);
    }
    if let (Some(day), Some(_)) = (conditions_day, h.conditions_after) {
        reclassering(&mut rng, h, bank, day, &mut r);
    }
    if !h.children.is_empty() && matches!(h.kind, super::world::Kind::Coercive | super::world::Kind::Separation) {
        jeugdbescherming(&mut rng, h, bank, &mut r);
    }
    r
}

struct Seq {
    base: u64,
    politie: u64,
    vt: u64,
    om: u64,
}

impl Seq {
    fn politie(&mut self, year: i32, unit: u32) -> String {
        self.politie += 1;
        format!("PL{unit}-{year}{:09}", self.base * 32 + self.politie)
    }
    fn vt(&mut self, code: &str, year: i32) -> String {
        self.vt += 1;
        format!("VT-{code}-{year}-{:08}", self.base * 16 + self.vt)
    }
    fn om(&mut self, year: i32) -> String {
        self.om += 1;
        format!(
            "{:02}/{:08}-{:02}",
            10 + self.base % 9,
            self.base * 8 + self.om,
            year % 100
        )
    }
}

fn politie_record(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    unit: u32,
    seq: &mut Seq,
    r: &mut Rendered,
) -> String {
    let (start, time) = match inc.when {
        When::Act(d, t) => (d, Some(t)),
        When::Period(a, _) => (a, None),
    };
    let lag = match rng.random_range(0..10) {
        0..=5 => 0,
        6..=8 => rng.random_range(1..=3),
        _ => rng.random_range(4..=10),
    };
    // Written down the same night (after the call-out), or on a later working day.
    let registered = match (lag, time) {
        (0, Some(t)) => inc.when.end().and_time(t) + Duration::minutes(rng.random_range(40..200)),
        _ => (inc.when.end() + Duration::days(lag.max(1)))
            .and_hms_opt(rng.random_range(8..18), rng.random_range(0..60), 0)
            .unwrap_or_default(),
    };
    let (reg_day, reg_time) = (registered.date(), registered.time());
    let reference = seq.politie(reg_day.year(), unit);
    let (klasse, klasse_category) = maatschappelijke_klasse(inc);
    let soort = if inc.aangifte {
        "Aangifte"
    } else if rng.random_bool(0.5) {
        "Melding"
    } else {
        "Mutatie"
    };
    let victim = h.prior_victim.as_ref().filter(|_| inc.prior).unwrap_or(&h.victim);

    let mut n = Narrative::new(bank, "politie");
    n.filler(rng);
    let behaviour: Vec<&'static str> = inc
        .categories
        .iter()
        .copied()
        .filter(|c| *c != "children_present")
        .collect();
    let accounts = [
        Account::Victim,
        Account::Victim,
        Account::Victim,
        Account::Observed,
        Account::ThirdParty,
    ];
    // The klasse's own behaviour, and a separation, are always in the narrative.
    let must: Vec<&'static str> = std::iter::once(klasse_category)
        .chain(inc.separation.then_some("ctx_separation"))
        .collect();
    n.assert_all(rng, &behaviour, &must, 0.85, h, &accounts);
    if inc.children_present && rng.random_bool(0.8) {
        n.clause(rng, "children_present", ClauseKind::Assert, Account::Observed, h);
    }
    if inc.prior {
        n.clause(rng, "ctx_separation", ClauseKind::Assert, Account::Victim, h);
    }
    n.maybe_denial(rng, &behaviour, h);
    n.maybe_negated(rng, &inc.categories, h);
    if rng.random_bool(0.5) {
        n.filler(rng);
    }
    let mut asserted = n.asserted.clone();
    let kinderen = if h.children.is_empty() || inc.prior {
        ""
    } else if inc.children_present {
        "Ja"
    } else if rng.random_bool(0.7) {
        "Nee"
    } else {
        ""
    };
    if kinderen == "Ja" && !asserted.contains(&"children_present") {
        asserted.push("children_present");
    }
    let risico = if inc.severity() >= 4 {
        if rng.random_bool(0.6) {
            "RiHG hoog"
        } else {
            "RiHG midden"
        }
    } else if inc.severity() >= 3 && rng.random_bool(0.4) {
        "RiHG midden"
    } else {
        ""
    };
    let (tot_date, tot_time) = match inc.when {
        When::Period(_, b) => (dmy(b), String::new()),
        When::Act(..) => (String::new(), String::new()),
    };
    let text = n.text();
    let base = |rol: &str| -> Vec<String> {
        vec![
            reference.clone(),
            soort.to_string(),
            klasse.to_string(),
            dmy(start),
            time.map(hm).unwrap_or_default(),
            tot_date.clone(),
            tot_time.clone(),
            format!("{} {}", dmy(reg_day), hm(reg_time)),
            h.town.clone(),
            h.street.clone(),
            rol.to_string(),
        ]
    };
    let mut persons = Vec::new();
    let twist = soort != "Aangifte" && klasse.starts_with("E38");
    let suspect_role = if twist { "Betrokkene" } else { "Verdachte" };
    let victim_role = if twist {
        "Betrokkene"
    } else if soort == "Aangifte" && rng.random_bool(0.4) {
        "Aangever"
    } else {
        "Slachtoffer"
    };
    let relation = if inc.prior || h.separation.is_some_and(|s| start > s) {
        "Ex-partner"
    } else {
        "Partner"
    };
    let mut push_row = |rng: &mut ChaCha8Rng, p: &Person, rol: &str, relation: &str| {
        let mut row = base(rol);
        let (surname, tv) = politie_surname(rng, p);
        let given = if rng.random_bool(0.12) {
            initials(&p.given)
        } else {
            p.given.clone()
        };
        let birth = birth_variant(rng, p.birth, 0.02);
        let bsn = if rng.random_bool(0.15) {
            p.bsn.clone()
        } else {
            String::new()
        };
        row.extend([
            surname,
            tv,
            given,
            dmy(birth),
            p.gender.to_string(),
            bsn,
            relation.to_string(),
            kinderen.to_string(),
            risico.to_string(),
            text.clone(),
        ]);
        r.politie.push(row.into_iter().map(|f| cp1252_safe(&f)).collect());
        persons.push(p.id.clone());
    };
    let suspect_first = rng.random_bool(0.6);
    if suspect_first {
        push_row(rng, &h.suspect, suspect_role, "");
        push_row(rng, victim, victim_role, relation);
    } else {
        push_row(rng, victim, victim_role, relation);
        push_row(rng, &h.suspect, suspect_role, "");
    }
    if !inc.prior && inc.severity() >= 3 && rng.random_bool(0.25) {
        let role = if rng.random_bool(0.5) { "Getuige" } else { "Melder" };
        push_row(rng, &h.neighbour, role, "");
    }
    if inc.children_present && rng.random_bool(0.2) {
        if let Some(child) = h.children.first() {
            push_row(rng, child, "Betrokkene", "Kind");
        }
    }
    r.records.push(RecordTruth {
        reference: format!("politie:{reference}"),
        incident: Some(inc.id.clone()),
        mentions: Vec::new(),
        categories: asserted,
        persons,
        unresolved: Vec::new(),
    });
    reference
}

/// Police surname columns: mostly split, sometimes the tussenvoegsel in the surname column,
/// capitalised (`Van den Berg`).
fn politie_surname(rng: &mut ChaCha8Rng, p: &Person) -> (String, String) {
    match &p.tussenvoegsel {
        Some(tv) if rng.random_bool(0.15) => (format!("{} {}", capitalise(tv), p.surname), String::new()),
        Some(tv) => (p.surname.clone(), tv.clone()),
        None => (p.surname.clone(), String::new()),
    }
}

fn betrokkene(r: &mut Rendered, nr: &str, rol: &str, naam: String, birth: Option<NaiveDate>, bsn: Option<&str>) {
    r.vt_betrokkenen.push(vec![
        nr.to_string(),
        rol.to_string(),
        naam,
        birth.map(iso).unwrap_or_default(),
        bsn.unwrap_or_default().to_string(),
    ]);
}

fn victim_name_vt(rng: &mut ChaCha8Rng, h: &Household) -> String {
    // A double surname now and then: her own name after his.
    if rng.random_bool(0.08) && h.victim.tussenvoegsel.is_none() && h.suspect.tussenvoegsel.is_none() {
        return format!("{} {}-{}", h.victim.given, h.suspect.surname, h.victim.surname);
    }
    name_variant(rng, &h.victim)
}

fn vt_from_police(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    code: &str,
    seq: &mut Seq,
    r: &mut Rendered,
) {
    let day = inc.when.end() + Duration::days(rng.random_range(1..=4));
    let nr = seq.vt(code, day.year());
    let begin = if rng.random_bool(0.8) {
        iso(inc.when.start())
    } else {
        inc.when.start().format("%Y-%m").to_string()
    };
    let mut n = Narrative::new(bank, "veilig-thuis");
    n.filler(rng);
    let behaviour: Vec<&'static str> = inc
        .categories
        .iter()
        .copied()
        .filter(|c| *c != "children_present" && *c != "ctx_separation")
        .collect();
    n.assert_all(rng, &behaviour, &[], 0.6, h, &[Account::ThirdParty, Account::Victim]);
    if inc.children_present && rng.random_bool(0.85) {
        n.clause(rng, "children_present", ClauseKind::Assert, Account::ThirdParty, h);
    }
    if inc.separation && rng.random_bool(0.7) {
        n.clause(rng, "ctx_separation", ClauseKind::Assert, Account::Victim, h);
    }
    n.maybe_negated(rng, &inc.categories, h);
    let severe = inc.severity() >= 4;
    r.vt_meldingen.push(vec![
        nr.clone(),
        "Melding".into(),
        iso(day),
        "Politie".into(),
        begin,
        String::new(),
        vormen(&n.asserted),
        if severe { "ja" } else { "nee" }.into(),
        if inc.severity() >= 3 { "ja" } else { "onbekend" }.into(),
        if severe { "Onderzoek" } else { "Overdracht lokaal team" }.into(),
        n.text(),
    ]);
    let mut persons = vec![h.victim.id.clone(), h.suspect.id.clone()];
    let vbirth = rng.random_bool(0.7).then_some(h.victim.birth);
    let vbsn = rng.random_bool(0.1).then_some(h.victim.bsn.as_str());
    let vname = victim_name_vt(rng, h);
    betrokkene(r, &nr, "Slachtoffer", vname, vbirth, vbsn);
    let sname = name_variant(rng, &h.suspect);
    let sbirth = rng.random_bool(0.6).then_some(h.suspect.birth);
    betrokkene(r, &nr, "Vermoedelijke pleger", sname, sbirth, None);
    for child in &h.children {
        let name = name_variant(rng, child);
        betrokkene(r, &nr, "Kind", name, Some(child.birth), None);
        persons.push(child.id.clone());
    }
    r.records.push(vt_account(&nr, inc, &n, persons, Vec::new()));
}

/// The truth of a Veilig Thuis report that is an account of `inc`.
fn vt_account(
    nr: &str,
    inc: &Incident,
    n: &Narrative,
    persons: Vec<String>,
    unresolved: Vec<(String, String)>,
) -> RecordTruth {
    RecordTruth {
        reference: format!("veilig-thuis:{nr}"),
        incident: Some(inc.id.clone()),
        mentions: Vec::new(),
        categories: n.categories(),
        persons,
        unresolved,
    }
}

/// A period of control reported by family or the GP, as an advice request.
fn vt_advice(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    code: &str,
    seq: &mut Seq,
    r: &mut Rendered,
) {
    let day = inc.when.end() + Duration::days(rng.random_range(0..20));
    let nr = seq.vt(code, day.year());
    let from_family = rng.random_bool(0.5);
    let (begin, end) = match rng.random_range(0..3) {
        0 => (inc.when.start().format("%Y").to_string(), String::new()),
        1 => (inc.when.start().format("%Y-%m").to_string(), String::new()),
        _ => (
            inc.when.start().format("%Y-%m").to_string(),
            inc.when.end().format("%Y-%m").to_string(),
        ),
    };
    let mut n = Narrative::new(bank, "veilig-thuis");
    n.filler(rng);
    n.assert_all(rng, &inc.categories, &[], 0.85, h, &[Account::ThirdParty]);
    n.maybe_negated(rng, &inc.categories, h);
    r.vt_meldingen.push(vec![
        nr.clone(),
        "Advies".into(),
        iso(day),
        if from_family { "Familie" } else { "Huisarts" }.into(),
        begin,
        end,
        vormen(&n.asserted),
        "nee".into(),
        if rng.random_bool(0.5) { "onbekend" } else { "ja" }.into(),
        if rng.random_bool(0.6) {
            "Afgesloten"
        } else {
            "Overdracht lokaal team"
        }
        .into(),
        n.text(),
    ]);
    let mut persons = Vec::new();
    if from_family {
        let name = h.relative.full_name();
        betrokkene(r, &nr, "Melder", name, None, None);
        persons.push(h.relative.id.clone());
    }
    let vname = victim_name_vt(rng, h);
    let vbirth = rng.random_bool(0.5).then_some(h.victim.birth);
    betrokkene(r, &nr, "Slachtoffer", vname, vbirth, None);
    let sname = name_variant(rng, &h.suspect);
    betrokkene(r, &nr, "Vermoedelijke pleger", sname, None, None);
    persons.extend([h.victim.id.clone(), h.suspect.id.clone()]);
    r.records.push(vt_account(&nr, inc, &n, persons, Vec::new()));
}

/// An anonymous advice request that names people only by role.
fn vt_anonymous(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    code: &str,
    seq: &mut Seq,
    r: &mut Rendered,
) {
    let day = inc.when.end() + Duration::days(rng.random_range(2..30));
    let nr = seq.vt(code, day.year());
    let mut n = Narrative::new(bank, "veilig-thuis");
    n.filler(rng);
    let behaviour: Vec<&'static str> = inc
        .categories
        .iter()
        .copied()
        .filter(|c| *c != "children_present")
        .collect();
    n.assert_all(rng, &behaviour, &[], 0.7, h, &[Account::ThirdParty]);
    r.vt_meldingen.push(vec![
        nr.clone(),
        "Advies".into(),
        iso(day),
        if rng.random_bool(0.5) {
            "Anoniem"
        } else {
            "Buren/omgeving"
        }
        .into(),
        inc.when.start().format("%Y-%m").to_string(),
        String::new(),
        vormen(&n.asserted),
        "nee".into(),
        "onbekend".into(),
        "Afgesloten".into(),
        n.text(),
    ]);
    let (v_role, s_role) = if h.children.is_empty() {
        ("de vrouw", "haar partner")
    } else {
        ("moeder", "vriend van moeder")
    };
    betrokkene(r, &nr, "Slachtoffer", v_role.to_string(), None, None);
    betrokkene(r, &nr, "Vermoedelijke pleger", s_role.to_string(), None, None);
    let unresolved = vec![
        (v_role.to_string(), h.victim.id.clone()),
        (s_role.to_string(), h.suspect.id.clone()),
    ];
    r.records.push(vt_account(&nr, inc, &n, Vec::new(), unresolved));
}

fn om_categories(inc: &Incident) -> Vec<&'static str> {
    let order = [
        "strangulation",
        "physical_violence",
        "weapon",
        "sexual_violence",
        "threat_to_kill",
        "threat",
        "restriction_of_liberty",
        "stalking",
        "order_breach",
        "property_damage",
    ];
    let mut out: Vec<&'static str> = order.iter().copied().filter(|c| inc.has(c)).collect();
    // A strangulation is charged as such; the assault it includes is not charged twice.
    if out.contains(&"strangulation") {
        out.retain(|c| *c != "physical_violence");
    }
    if out.contains(&"order_breach") {
        out.retain(|c| *c != "stalking" || inc.when.start() != inc.when.end());
    }
    out.truncate(3);
    out
}

/// The date the OM writes for an act: the evening before for an act after midnight, now and then.
fn om_pleegdatum(rng: &mut ChaCha8Rng, inc: &Incident) -> Value {
    match inc.when {
        When::Act(d, t) if t.hour() < 3 && rng.random_bool(0.5) => json!(iso(d - Duration::days(1))),
        When::Act(d, _) => json!(iso(d)),
        When::Period(..) => Value::Null,
    }
}

fn om_feiten(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    police_ref: Option<&str>,
    start_n: usize,
) -> (Vec<Value>, Vec<Vec<&'static str>>) {
    let slachtoffer = format!(
        "{} {}",
        initials(&h.victim.given),
        h.victim.full_name().split_once(' ').map(|x| x.1).unwrap_or_default()
    );
    let mut feiten = Vec::new();
    let mut cats = Vec::new();
    for (i, c) in om_categories(inc).into_iter().enumerate() {
        let Some((art, text)) = bank.om_feit(rng, c) else {
            continue;
        };
        let pleegperiode = match inc.when {
            When::Period(a, b) => json!({"van": iso(a), "tot": iso(b)}),
            When::Act(..) => Value::Null,
        };
        let registratie = police_ref
            .filter(|_| rng.random_bool(0.7))
            .map(|s| json!(s))
            .unwrap_or(Value::Null);
        feiten.push(json!({
            "feitnummer": start_n + i + 1,
            "omschrijving": text.replace("{slachtoffer}", &slachtoffer),
            "wetsartikel": art,
            "pleegdatum": om_pleegdatum(rng, inc),
            "pleegperiode": pleegperiode,
            "politie_registratie": registratie,
        }));
        cats.push(if c == "strangulation" {
            vec!["physical_violence", c]
        } else {
            vec![c]
        });
    }
    (feiten, cats)
}

fn beslissing(
    t: NaiveDateTime,
    soort: &str,
    sepotgrond: Option<&str>,
    voorwaarden: &[&str],
    toelichting: String,
) -> Value {
    // A decision after the export date is not in the export.
    if t.date() > super::export_date() {
        return Value::Null;
    }
    json!({
        "datum": amsterdam_rfc3339(t),
        "soort": soort,
        "sepotgrond": sepotgrond,
        "voorwaarden": voorwaarden,
        "toelichting": toelichting,
    })
}

fn at(day: NaiveDate, rng: &mut ChaCha8Rng) -> NaiveDateTime {
    day.and_hms_opt(rng.random_range(9..17), rng.random_range(0..12) * 5, 0)
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn om_zaak(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    police_ref: Option<&str>,
    seq: &mut Seq,
    r: &mut Rendered,
    conditions_day: Option<NaiveDate>,
) -> usize {
    let day = inc.when.end();
    let parket = seq.om(day.year());
    let (feiten, feit_cats) = om_feiten(rng, h, inc, bank, police_ref, 0);
    let achternaam = match (&h.suspect.tussenvoegsel, rng.random_range(0..3)) {
        (Some(tv), 0) => format!("{}, {tv}", h.suspect.surname),
        (Some(tv), _) => format!("{tv} {}", h.suspect.surname),
        (None, _) => h.suspect.surname.clone(),
    };
    let mut beslissingen = Vec::new();
    let severe = inc.severity() >= 4;
    if severe {
        beslissingen.push(beslissing(
            at(day + Duration::days(1), rng),
            "Inverzekeringstelling",
            None,
            &[],
            "Verdachte aangehouden en in verzekering gesteld voor verhoor.".into(),
        ));
    }
    if inc.withdrawn {
        beslissingen.push(beslissing(
            at(day + Duration::days(rng.random_range(25..45)), rng),
            "Sepot",
            Some("Aangifte ingetrokken"),
            &[],
            "Aangeefster heeft de aangifte ingetrokken en wil niet meer verklaren.".into(),
        ));
    } else if let Some(cd) = conditions_day {
        beslissingen.push(beslissing(
            at(cd, rng),
            "Voorwaardelijk sepot",
            None,
            &["contactverbod", "locatieverbod", "reclasseringstoezicht"],
            "Proeftijd 2 jaar; geen contact met aangeefster en niet komen in haar straat.".into(),
        ));
    } else if severe {
        let dag = day + Duration::days(rng.random_range(40..120));
        beslissingen.push(beslissing(
            at(dag, rng),
            "Dagvaarding",
            None,
            &[],
            "Verdachte gedagvaard voor de politierechter.".into(),
        ));
        beslissingen.push(beslissing(
            at(dag + Duration::days(rng.random_range(30..90)), rng),
            "Vonnis",
            None,
            &[],
            "Bewezenverklaring en veroordeling.".into(),
        ));
    } else {
        beslissingen.push(beslissing(
            at(day + Duration::days(rng.random_range(20..60)), rng),
            "Strafbeschikking",
            None,
            &[],
            "Geldboete opgelegd.".into(),
        ));
    }
    // Decisions after the export date are not in it.
    beslissingen.retain(|b| !b.is_null());
    let slachtoffer_naam = name_variant(rng, &h.victim);
    let zaak = json!({
        "parketnummer": parket,
        "verdachte": {
            "achternaam": achternaam,
            "voornamen": h.suspect.given,
            "geboortedatum": iso(birth_variant(rng, h.suspect.birth, 0.1)),
        },
        "slachtoffers": [{"naam": slachtoffer_naam, "geboortedatum": iso(h.victim.birth)}],
        "feiten": feiten,
        "beslissingen": beslissingen,
    });
    r.records.push(RecordTruth {
        reference: format!("om:{parket}"),
        incident: None,
        mentions: vec![inc.id.clone()],
        categories: Vec::new(),
        persons: vec![h.suspect.id.clone(), h.victim.id.clone()],
        unresolved: Vec::new(),
    });
    for (i, cats) in feit_cats.into_iter().enumerate() {
        r.records.push(RecordTruth {
            reference: format!("om:{parket}#feit:{}", i + 1),
            incident: Some(inc.id.clone()),
            mentions: Vec::new(),
            categories: cats,
            persons: Vec::new(),
            unresolved: Vec::new(),
        });
    }
    for i in 0..zaak["beslissingen"].as_array().map(Vec::len).unwrap_or(0) {
        let withdrawn = inc.withdrawn && i + 1 == zaak["beslissingen"].as_array().map(Vec::len).unwrap_or(0);
        // A sepot because the complaint was withdrawn is an account of the withdrawal.
        let withdrawal = h
            .incidents
            .iter()
            .find(|w| w.has("complaint_withdrawn") && w.when.start() > inc.when.start());
        r.records.push(RecordTruth {
            reference: format!("om:{parket}#beslissing:{}", i + 1),
            incident: withdrawal.filter(|_| withdrawn).map(|w| w.id.clone()),
            mentions: vec![inc.id.clone()],
            categories: if withdrawn {
                vec!["complaint_withdrawn"]
            } else {
                Vec::new()
            },
            persons: Vec::new(),
            unresolved: Vec::new(),
        });
    }
    r.om_zaken.push(zaak);
    r.om_zaken.len() - 1
}

/// Adds a breach of the huisverbod to the zaak of the separation incident.
fn om_add_feiten(
    rng: &mut ChaCha8Rng,
    h: &Household,
    inc: &Incident,
    bank: &PhraseBank,
    police_ref: Option<&str>,
    r: &mut Rendered,
    zaak: usize,
) {
    let Some(existing) = r.om_zaken[zaak]["feiten"].as_array().map(Vec::len) else {
        return;
    };
    let parket = r.om_zaken[zaak]["parketnummer"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let (feiten, cats) = om_feiten(rng, h, inc, bank, police_ref, existing);
    // Insert the new feit records right after the zaak's last feit, in order.
    let insert_at = r
        .records
        .iter()
        .rposition(|t| t.reference.starts_with(&format!("om:{parket}#feit:")))
        .map(|p| p + 1)
        .unwrap_or(r.records.len());
    for (i, c) in cats.into_iter().enumerate().rev() {
        r.records.insert(
            insert_at,
            RecordTruth {
                reference: format!("om:{parket}#feit:{}", existing + i + 1),
                incident: Some(inc.id.clone()),
                mentions: Vec::new(),
                categories: c,
                persons: Vec::new(),
                unresolved: Vec::new(),
            },
        );
    }
    if let Some(list) = r.om_zaken[zaak]["feiten"].as_array_mut() {
        list.extend(feiten);
    }
}

fn gemeente(rng: &mut ChaCha8Rng, h: &Household, hv: &super::world::Huisverbod, code: &str, r: &mut Rendered) {
    let nr = format!("{code}-THV-{}-{:07}", hv.imposed.year(), h.index);
    let mut achterblijvers = vec![format!("{} (partner)", h.victim.full_name())];
    for c in &h.children {
        achterblijvers.push(format!("{} (kind, {})", c.full_name(), c.birth.year()));
    }
    let incident_day = hv.imposed.date() - Duration::days(1);
    let mut toelichting = format!(
        "Opgelegd na een incident in de woning op {}; hulpverlening via Veilig Thuis en het wijkteam.",
        dmy(incident_day)
    );
    let mut cats = Vec::new();
    let mut mentions = Vec::new();
    if hv.extended {
        toelichting.push_str(" Verlengd tot 28 dagen omdat het huisverbod werd overtreden.");
        cats.push("order_breach");
    }
    for &b in &hv.breaches {
        mentions.push(h.incidents[b].id.clone());
    }
    let suspect_name = match &h.suspect.tussenvoegsel {
        Some(tv) => format!("{} {tv} {}", initials(&h.suspect.given), h.suspect.surname),
        None => format!("{} {}", initials(&h.suspect.given), h.suspect.surname),
    };
    r.gemeente.push(vec![
        nr.clone(),
        suspect_name,
        dmy(h.suspect.birth),
        achterblijvers.join(", "),
        format!("{} {}", dmy(hv.imposed.date()), hm(hv.imposed.time())),
        dmy(hv.end),
        if hv.extended { "ja" } else { "nee" }.into(),
        hv.breaches.len().to_string(),
        toelichting,
    ]);
    let _ = rng;
    let mut persons = vec![h.suspect.id.clone(), h.victim.id.clone()];
    persons.extend(h.children.iter().map(|c| c.id.clone()));
    // The huisverbod is an account of the incident the night before it.
    let cause = h
        .incidents
        .iter()
        .find(|i| i.separation && !i.prior)
        .map(|i| i.id.clone());
    r.records.push(RecordTruth {
        reference: format!("gemeente:{nr}"),
        incident: cause,
        mentions,
        categories: cats,
        persons,
        unresolved: Vec::new(),
    });
}

fn reclassering(rng: &mut ChaCha8Rng, h: &Household, bank: &PhraseBank, decision: NaiveDate, r: &mut Rendered) {
    let dossier = format!("RN-{:02}-{:07}", decision.year() % 100, h.index);
    let client = match rng.random_range(0..3) {
        0 => h.suspect.full_name(),
        1 => match &h.suspect.tussenvoegsel {
            Some(tv) => format!(
                "{} {} {}",
                h.suspect.given.split_whitespace().next().unwrap_or_default(),
                tv.replace("van der", "v.d.").replace("van den", "v.d."),
                h.suspect.surname
            ),
            None => h.suspect.full_name(),
        },
        _ => format!(
            "{} {}",
            h.suspect.given.split_whitespace().next().unwrap_or_default(),
            h.suspect.full_name().split_once(' ').map(|x| x.1).unwrap_or_default()
        ),
    };
    let dob = h.suspect.birth.format("%d/%m/%Y").to_string();
    let verbod = format!(
        "contactverbod met {} {}, locatieverbod {}",
        initials(&h.victim.given),
        h.victim.full_name().split_once(' ').map(|x| x.1).unwrap_or_default(),
        h.street.rsplit_once(' ').map(|x| x.0).unwrap_or(&h.street)
    );
    let mut n = 0;
    let mut row = |r: &mut Rendered,
                   day: NaiveDate,
                   soort: &str,
                   voorwaarde: &str,
                   text: String,
                   incident: Option<String>,
                   cats: Vec<&'static str>| {
        if day > super::export_date() {
            return;
        }
        n += 1;
        r.reclassering.push(vec![
            dossier.clone(),
            client.clone(),
            dob.clone(),
            day.format("%d/%m/%Y").to_string(),
            soort.to_string(),
            voorwaarde.to_string(),
            text,
        ]);
        r.records.push(RecordTruth {
            reference: format!("reclassering:{dossier}#{n}"),
            incident,
            mentions: Vec::new(),
            categories: cats,
            persons: vec![h.suspect.id.clone()],
            unresolved: Vec::new(),
        });
    };
    let mut advies = Narrative::new(bank, "reclassering");
    advies.filler(rng);
    row(
        r,
        decision - Duration::days(rng.random_range(5..15)),
        "Adviesrapport",
        "",
        advies.text(),
        None,
        Vec::new(),
    );
    let mut start = Narrative::new(bank, "reclassering");
    start.filler(rng);
    row(
        r,
        decision + Duration::days(rng.random_range(3..10)),
        "Toezicht gestart",
        &verbod,
        start.text(),
        None,
        Vec::new(),
    );
    let mut last = decision + Duration::days(10);
    for inc in h
        .incidents
        .iter()
        .filter(|i| i.has("order_breach") && i.when.start() > decision)
    {
        let day = inc.when.end() + Duration::days(rng.random_range(1..5));
        let mut m = Narrative::new(bank, "reclassering");
        let cats: Vec<&'static str> = inc
            .categories
            .iter()
            .copied()
            .filter(|c| *c != "children_present")
            .collect();
        m.assert_all(rng, &cats, &["order_breach"], 0.7, h, &[Account::ThirdParty]);
        m.maybe_denial(rng, &cats, h);
        let mut asserted = m.asserted.clone();
        asserted.sort();
        row(
            r,
            day,
            "Melding schending voorwaarden",
            "contactverbod",
            m.text(),
            Some(inc.id.clone()),
            asserted,
        );
        last = day;
    }
    let mut end = Narrative::new(bank, "reclassering");
    end.filler(rng);
    row(
        r,
        last + Duration::days(rng.random_range(20..90)),
        "Toezicht beëindigd",
        "",
        end.text(),
        None,
        Vec::new(),
    );
}

fn jeugdbescherming(rng: &mut ChaCha8Rng, h: &Household, bank: &PhraseBank, r: &mut Rendered) {
    let Some(anchor) = h
        .incidents
        .iter()
        .filter(|i| !i.prior && i.children_present)
        .max_by_key(|i| (i.severity(), i.when.start()))
    else {
        return;
    };
    let zaakid = format!("RvdK-{}-{:07}", anchor.when.start().year(), h.index);
    let kinderen: Vec<Value> = h
        .children
        .iter()
        .map(|c| json!({"naam": c.full_name(), "geboortedatum": iso(c.birth)}))
        .collect();
    let moeder = if rng.random_bool(0.2) {
        strip_accents(&h.victim.full_name())
    } else {
        h.victim.full_name()
    };
    let vader = name_variant(rng, &h.suspect);
    let ouders = json!([
        {"naam": moeder, "geboortedatum": iso(h.victim.birth), "rol": "moeder"},
        {"naam": vader, "geboortedatum": iso(h.suspect.birth), "rol": "vader"},
    ]);
    let mut day = anchor.when.end() + Duration::days(rng.random_range(20..40));
    let steps: &[&str] = if rng.random_bool(0.5) {
        &["Verzoek tot onderzoek", "Raadsonderzoek", "Verslag", "OTS uitgesproken"]
    } else {
        &["Verzoek tot onderzoek", "Raadsonderzoek", "Verslag"]
    };
    // In the order the line names them: kinderen, then moeder and vader.
    let mut persons: Vec<String> = h.children.iter().map(|c| c.id.clone()).collect();
    persons.extend([h.victim.id.clone(), h.suspect.id.clone()]);
    for (i, soort) in steps.iter().enumerate() {
        if day > super::export_date() {
            break;
        }
        let mut n = Narrative::new(bank, "jeugdbescherming");
        n.filler(rng);
        if i == 1 || i == 2 {
            n.clause(rng, "children_present", ClauseKind::Assert, Account::Observed, h);
            if h.kind == super::world::Kind::Separation && rng.random_bool(0.5) {
                n.clause(rng, "use_of_children", ClauseKind::Assert, Account::Victim, h);
            }
        }
        let mut cats = n.asserted.clone();
        cats.sort();
        r.jeugdbescherming.push(json!({
            "zaakid": zaakid,
            "datum": iso(day),
            "soort": soort,
            "kinderen": kinderen,
            "ouders": ouders,
            "samenvatting": n.text(),
        }));
        r.records.push(RecordTruth {
            reference: format!("jeugdbescherming:{zaakid}#{}", i + 1),
            incident: None,
            mentions: vec![anchor.id.clone()],
            categories: cats,
            persons: persons.clone(),
            unresolved: Vec::new(),
        });
        day += Duration::days(rng.random_range(14..60));
    }
}

/// The open export files of a region.
pub struct Writers {
    politie: BufWriter<std::fs::File>,
    vt_meldingen: csv::Writer<BufWriter<std::fs::File>>,
    vt_betrokkenen: csv::Writer<BufWriter<std::fs::File>>,
    om: BufWriter<std::fs::File>,
    reclassering: csv::Writer<BufWriter<std::fs::File>>,
    gemeente: csv::Writer<BufWriter<std::fs::File>>,
    jeugdbescherming: BufWriter<std::fs::File>,
    counts: [usize; 6],
    first_zaak: bool,
}

fn create(path: &Path) -> Result<BufWriter<std::fs::File>, String> {
    std::fs::File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| format!("kan {} niet schrijven: {e}", path.display()))
}

fn csv_writer(w: BufWriter<std::fs::File>, delimiter: u8) -> csv::Writer<BufWriter<std::fs::File>> {
    csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(w)
}

fn io_err(e: impl std::fmt::Display) -> String {
    format!("schrijven mislukt: {e}")
}

/// Politie rows as Windows-1252 CSV with CRLF (the BVH export's bytes).
fn politie_bytes(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row).map_err(io_err)?;
    }
    let utf8 = w.into_inner().map_err(io_err)?;
    let text = String::from_utf8(utf8).map_err(io_err)?;
    Ok(encoding_rs::WINDOWS_1252.encode(&text).0.into_owned())
}

impl Writers {
    /// Creates the six layouts' files in `out` and writes their headers.
    pub fn create(out: &Path, _options: &super::Options) -> Result<Writers, String> {
        let mut politie = create(&out.join("politie.csv"))?;
        politie
            .write_all(&politie_bytes(&[POLITIE_HEADER
                .iter()
                .map(|s| s.to_string())
                .collect()])?)
            .map_err(io_err)?;
        let mut vt_m = create(&out.join("veilig-thuis/meldingen.csv"))?;
        vt_m.write_all(b"\xEF\xBB\xBF").map_err(io_err)?;
        let mut vt_meldingen = csv_writer(vt_m, b',');
        vt_meldingen.write_record(VT_MELDINGEN_HEADER).map_err(io_err)?;
        let mut vt_b = create(&out.join("veilig-thuis/betrokkenen.csv"))?;
        vt_b.write_all(b"\xEF\xBB\xBF").map_err(io_err)?;
        let mut vt_betrokkenen = csv_writer(vt_b, b',');
        vt_betrokkenen.write_record(VT_BETROKKENEN_HEADER).map_err(io_err)?;
        let mut om = create(&out.join("om.json"))?;
        om.write_all(b"{\"export\": {\"datum\": \"2026-10-31\", \"arrondissement\": \"Synthetisch\"}, \"zaken\": [\n")
            .map_err(io_err)?;
        let mut reclassering = csv_writer(create(&out.join("reclassering.csv"))?, b',');
        reclassering.write_record(RECLASSERING_HEADER).map_err(io_err)?;
        let mut gemeente = csv_writer(create(&out.join("gemeente.csv"))?, b';');
        gemeente.write_record(GEMEENTE_HEADER).map_err(io_err)?;
        let jeugdbescherming = create(&out.join("jeugdbescherming.jsonl"))?;
        Ok(Writers {
            politie,
            vt_meldingen,
            vt_betrokkenen,
            om,
            reclassering,
            gemeente,
            jeugdbescherming,
            counts: [0; 6],
            first_zaak: true,
        })
    }

    /// Appends one household's records.
    pub fn write(&mut self, r: &Rendered) -> Result<(), String> {
        self.politie.write_all(&politie_bytes(&r.politie)?).map_err(io_err)?;
        for row in &r.vt_meldingen {
            self.vt_meldingen.write_record(row).map_err(io_err)?;
        }
        for row in &r.vt_betrokkenen {
            self.vt_betrokkenen.write_record(row).map_err(io_err)?;
        }
        for zaak in &r.om_zaken {
            if !self.first_zaak {
                self.om.write_all(b",\n").map_err(io_err)?;
            }
            self.first_zaak = false;
            serde_json::to_writer(&mut self.om, zaak).map_err(io_err)?;
        }
        for row in &r.reclassering {
            self.reclassering.write_record(row).map_err(io_err)?;
        }
        for row in &r.gemeente {
            self.gemeente.write_record(row).map_err(io_err)?;
        }
        for line in &r.jeugdbescherming {
            serde_json::to_writer(&mut self.jeugdbescherming, line).map_err(io_err)?;
            self.jeugdbescherming.write_all(b"\n").map_err(io_err)?;
        }
        for t in &r.records {
            let layout = t.reference.split(':').next().unwrap_or_default();
            let slot = match layout {
                "politie" => 0,
                "veilig-thuis" => 1,
                "om" => 2,
                "reclassering" => 3,
                "gemeente" => 4,
                _ => 5,
            };
            self.counts[slot] += 1;
        }
        Ok(())
    }

    /// Closes the files; returns the record count per layout.
    pub fn finish(mut self) -> Result<Vec<(String, usize)>, String> {
        self.om.write_all(b"\n]}\n").map_err(io_err)?;
        super::flush(&mut self.politie, "politie.csv")?;
        super::flush(&mut self.om, "om.json")?;
        super::flush(&mut self.jeugdbescherming, "jeugdbescherming.jsonl")?;
        for (w, name) in [
            (&mut self.vt_meldingen, "meldingen.csv"),
            (&mut self.vt_betrokkenen, "betrokkenen.csv"),
            (&mut self.reclassering, "reclassering.csv"),
            (&mut self.gemeente, "gemeente.csv"),
        ] {
            w.flush().map_err(|e| format!("schrijven naar {name} mislukt: {e}"))?;
        }
        let names = [
            "politie",
            "veilig-thuis",
            "om",
            "reclassering",
            "gemeente",
            "jeugdbescherming",
        ];
        Ok(names.iter().zip(self.counts).map(|(n, c)| (n.to_string(), c)).collect())
    }
}
