//! What really happened: households, their people and their incidents (the ground truth).
//!
//! Scenario mix (fractions of households; see README "Generating a region"):
//! - `single` 60 %: one incident (a quarter of them a second, unrelated one), no recurrence,
//!   no pattern (children sometimes present at the first);
//! - `conflict` 15 %: two or three verbal or minor incidents without escalation (situational
//!   couple conflict): recurrence, nothing more;
//! - `coercive` 15 %: coercive control that escalates (control first, then violence of rising
//!   severity, sometimes strangulation and a threat to kill, sometimes a withdrawn complaint);
//! - `separation` 10 %: the coercive pattern, then separation, a huisverbod, breaches and
//!   stalking after separation, with OM conditions supervised by the reclassering.
//!
//! A third of the suspects in the last two kinds had an earlier victim (a police record years
//! before with a previous partner). This module decides facts only; `render` writes records.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;

/// The random stream of one household: the same for the same seed and household number.
pub fn stream(seed: u64, index: usize, purpose: u64) -> ChaCha8Rng {
    // SplitMix64-style mixing so neighbouring households get unrelated streams.
    let mut z = seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ purpose.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ChaCha8Rng::seed_from_u64(z ^ (z >> 31))
}

/// Names and places, from `templates/generator/names.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameLists {
    /// The most common Dutch surnames (with tussenvoegsel).
    pub common_surnames: Vec<String>,
    /// Other surnames.
    pub other_surnames: Vec<String>,
    /// Women's first names.
    pub female_first_names: Vec<String>,
    /// Men's first names.
    pub male_first_names: Vec<String>,
    /// Children's first names.
    pub child_first_names: Vec<String>,
    /// Towns with streets.
    pub town: Vec<Town>,
}

/// A town and some of its streets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Town {
    /// Town name.
    pub name: String,
    /// Street names.
    pub streets: Vec<String>,
}

impl NameLists {
    /// The lists compiled into the binary.
    pub fn built_in() -> Result<NameLists, String> {
        toml::from_str(include_str!("../../templates/generator/names.toml"))
            .map_err(|e| format!("templates/generator/names.toml: {e}"))
    }
}

/// A person as they really are (records write them with noise).
#[derive(Debug, Clone)]
pub struct Person {
    /// Stable id, `person:H00000017-V`.
    pub id: String,
    /// First names.
    pub given: String,
    /// Tussenvoegsel (`van den`), if any.
    pub tussenvoegsel: Option<String>,
    /// Surname without tussenvoegsel.
    pub surname: String,
    /// Birth date.
    pub birth: NaiveDate,
    /// `M` or `V`.
    pub gender: char,
    /// BSN (test range, elfproef-valid).
    pub bsn: String,
}

impl Person {
    /// `Voornaam tussenvoegsel Achternaam`.
    pub fn full_name(&self) -> String {
        match &self.tussenvoegsel {
            Some(tv) => format!("{} {tv} {}", self.given, self.surname),
            None => format!("{} {}", self.given, self.surname),
        }
    }
}

/// The household kinds of the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// One incident.
    Single,
    /// A few minor incidents, no escalation.
    Conflict,
    /// Escalating coercive control.
    Coercive,
    /// Coercive control, separation, breaches and stalking.
    Separation,
}

/// When an incident happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// One act, on a day, with a clock time.
    Act(NaiveDate, NaiveTime),
    /// Conduct over a period (first and last day).
    Period(NaiveDate, NaiveDate),
}

impl When {
    /// The first day.
    pub fn start(&self) -> NaiveDate {
        match self {
            When::Act(d, _) => *d,
            When::Period(a, _) => *a,
        }
    }
    /// The last day.
    pub fn end(&self) -> NaiveDate {
        match self {
            When::Act(d, _) => *d,
            When::Period(_, b) => *b,
        }
    }
}

/// One real occurrence.
#[derive(Debug, Clone)]
pub struct Incident {
    /// Stable id, `incident:H00000017-03`.
    pub id: String,
    /// When.
    pub when: When,
    /// Behaviour categories (ids of the domain reference), the truth.
    pub categories: Vec<&'static str>,
    /// A child was present or witnessed it.
    pub children_present: bool,
    /// The victim ended the relationship in this incident (or announced it).
    pub separation: bool,
    /// The victim later withdrew the complaint about this incident, under pressure.
    pub withdrawn: bool,
    /// With the earlier partner, not the current victim.
    pub prior: bool,
    /// Reported to the police.
    pub police: bool,
    /// The police filed a complaint (aangifte) rather than a melding or mutatie.
    pub aangifte: bool,
    /// Passed to Veilig Thuis by the police.
    pub vt_from_police: bool,
    /// Charged by the OM.
    pub charged: bool,
}

impl Incident {
    /// The highest default severity of its categories (domain reference §1.2).
    pub fn severity(&self) -> u8 {
        self.categories.iter().map(|c| severity(c)).max().unwrap_or(0)
    }
    /// True if the incident has this category.
    pub fn has(&self, category: &str) -> bool {
        self.categories.contains(&category)
    }
}

/// Default severity of a category (domain reference §1.2).
pub fn severity(category: &str) -> u8 {
    match category {
        "strangulation" | "weapon" | "sexual_violence" => 5,
        "threat_to_kill" | "restriction_of_liberty" | "order_breach" => 4,
        "physical_violence" | "threat" | "suicide_threat" | "stalking" | "use_of_children" => 3,
        "verbal_abuse" => 1,
        _ => 2,
    }
}

/// A temporary restraining order.
#[derive(Debug, Clone)]
pub struct Huisverbod {
    /// When it was imposed (the night after the incident).
    pub imposed: chrono::NaiveDateTime,
    /// Last day.
    pub end: NaiveDate,
    /// Extended to 28 days.
    pub extended: bool,
    /// The incidents that breached it.
    pub breaches: Vec<usize>,
}

/// A household and everything that happened in it.
#[derive(Debug, Clone)]
pub struct Household {
    /// Its number in the region.
    pub index: usize,
    /// `H00000017`.
    pub id: String,
    /// Scenario kind.
    pub kind: Kind,
    /// Town.
    pub town: String,
    /// Street and number.
    pub street: String,
    /// The person harmed.
    pub victim: Person,
    /// The person who harms.
    pub suspect: Person,
    /// Children in the household.
    pub children: Vec<Person>,
    /// The victim's mother or sister, who may ask Veilig Thuis for advice.
    pub relative: Person,
    /// A neighbour who may witness.
    pub neighbour: Person,
    /// The suspect's earlier partner, for suspects with an earlier victim.
    pub prior_victim: Option<Person>,
    /// Incidents in time order (the earlier victim's first).
    pub incidents: Vec<Incident>,
    /// Day of separation, when it happened.
    pub separation: Option<NaiveDate>,
    /// A huisverbod, when imposed.
    pub huisverbod: Option<Huisverbod>,
    /// The incident after which the OM set conditions (a voorwaardelijk sepot with a contact
    /// and location ban) supervised by the reclassering.
    pub conditions_after: Option<usize>,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A BSN that passes the elfproef and is unique in the region: derived from the person id
/// (household number and slot), in the 9xxxxxxxx range. Of three consecutive 8-digit
/// prefixes at most one has no valid check digit, so one of them always works.
fn bsn(id: &str) -> String {
    let (household, slot) = id.trim_start_matches("person:H").split_once('-').unwrap_or(("0", "V"));
    let household: u64 = household.parse().unwrap_or(0);
    let slot: u64 = match slot {
        "V" => 0,
        "S" => 1,
        "R" => 2,
        "N" => 3,
        "P" => 4,
        k => 5 + k.trim_start_matches('K').parse::<u64>().unwrap_or(0),
    };
    let n = household * 10 + slot;
    for offset in 0..3 {
        let prefix = 90_000_000 + (3 * n + offset) % 10_000_000;
        let digits: Vec<u64> = format!("{prefix:08}")
            .chars()
            .filter_map(|c| c.to_digit(10))
            .map(u64::from)
            .collect();
        let sum: u64 = digits.iter().enumerate().map(|(i, d)| (9 - i as u64) * d).sum();
        let check = sum % 11;
        if check < 10 {
            return format!("{prefix:08}{check}");
        }
    }
    String::new()
}

fn split_surname(full: &str) -> (Option<String>, String) {
    match full.rsplit_once(' ') {
        Some((tv, surname)) if tv.chars().next().is_some_and(char::is_lowercase) => {
            (Some(tv.to_string()), surname.to_string())
        }
        _ => (None, full.to_string()),
    }
}

fn surname(rng: &mut ChaCha8Rng, names: &NameLists) -> String {
    if rng.random_bool(0.55) {
        pick(rng, &names.common_surnames).clone()
    } else {
        pick(rng, &names.other_surnames).clone()
    }
}

fn person(
    rng: &mut ChaCha8Rng,
    id: String,
    given: String,
    surname_full: &str,
    birth_year: i32,
    gender: char,
) -> Person {
    let (tussenvoegsel, surname) = split_surname(surname_full);
    let bsn = bsn(&id);
    let birth =
        NaiveDate::from_ymd_opt(birth_year, rng.random_range(1..=12), rng.random_range(1..=28)).unwrap_or_default();
    Person {
        id,
        given,
        tussenvoegsel,
        surname,
        birth,
        gender,
        bsn,
    }
}

/// The suspect's identity alone, from its own stream, so that another household can take
/// the same name (unrelated people who share a name) without generating this one whole.
fn suspect_identity(seed: u64, index: usize, names: &NameLists) -> (String, String, i32) {
    let mut rng = stream(seed, index, 1);
    let given = pick(&mut rng, &names.male_first_names).clone();
    let surname = surname(&mut rng, names);
    let year = rng.random_range(1965..=2000);
    (given, surname, year)
}

fn time_of_day(rng: &mut ChaCha8Rng) -> NaiveTime {
    // Domestic incidents cluster in the evening and night.
    let hour = *pick(
        rng,
        &[17u32, 18, 19, 20, 20, 21, 21, 22, 22, 23, 23, 0, 0, 1, 2, 8, 12, 15],
    );
    NaiveTime::from_hms_opt(hour, rng.random_range(0..12) * 5, 0).unwrap_or_default()
}

/// Generates household `index` of the region with `seed`.
/// One household; with `long = Some(n)` a coercive history of `n` incidents over years.
pub fn household(seed: u64, index: usize, names: &NameLists, long: Option<usize>) -> Household {
    let mut rng = stream(seed, index, 0);
    let id = format!("H{index:08}");
    let roll: f64 = rng.random();
    let kind = if long.is_some() {
        Kind::Coercive
    } else if roll < 0.60 {
        Kind::Single
    } else if roll < 0.75 {
        Kind::Conflict
    } else if roll < 0.90 {
        Kind::Coercive
    } else {
        Kind::Separation
    };

    // The suspect's name comes from its own stream; one household in twelve takes the
    // name and birth year of the previous household's suspect: a different man who shares
    // a name and a birth year, as happens in any region.
    let (s_given, s_surname, s_year) = if index > 0 && rng.random_bool(1.0 / 12.0) {
        suspect_identity(seed, index - 1, names)
    } else {
        suspect_identity(seed, index, names)
    };
    let suspect = person(&mut rng, format!("person:{id}-S"), s_given, &s_surname, s_year, 'M');
    let v_surname = surname(&mut rng, names);
    let v_year = (s_year + rng.random_range(-4..=6)).clamp(1962, 2003);
    let v_given = pick(&mut rng, &names.female_first_names).clone();
    let victim = person(&mut rng, format!("person:{id}-V"), v_given, &v_surname, v_year, 'V');
    let r_given = pick(&mut rng, &names.female_first_names).clone();
    let r_year = v_year - rng.random_range(22..=30);
    let relative = person(&mut rng, format!("person:{id}-R"), r_given, &v_surname, r_year, 'V');
    let neighbour_surname = surname(&mut rng, names);
    let n_given = pick(&mut rng, &names.female_first_names).clone();
    let n_year = rng.random_range(1950..=1995);
    let neighbour = person(
        &mut rng,
        format!("person:{id}-N"),
        n_given,
        &neighbour_surname,
        n_year,
        'V',
    );
    let town = pick(&mut rng, &names.town).clone();
    let street = format!("{} {}", pick(&mut rng, &town.streets), rng.random_range(1..=140));

    // Start of what the records cover: between 2020 and mid-2024.
    let start =
        NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default() + Duration::days(rng.random_range(0..(365 * 4 + 150)));
    let n_children = match rng.random_range(0..10) {
        0..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let children: Vec<Person> = (0..n_children)
        .map(|c| {
            let year = (start.year() - rng.random_range(1..=12)).max(v_year + 18);
            let gender = if rng.random_bool(0.5) { 'M' } else { 'V' };
            let given = pick(&mut rng, &names.child_first_names).clone();
            let family = format!(
                "{}{}",
                suspect
                    .tussenvoegsel
                    .as_ref()
                    .map(|t| format!("{t} "))
                    .unwrap_or_default(),
                suspect.surname
            );
            person(
                &mut rng,
                format!("person:{id}-K{}", c + 1),
                given,
                &family,
                year,
                gender,
            )
        })
        .collect();

    let mut h = Household {
        index,
        id: id.clone(),
        kind,
        town: town.name.clone(),
        street,
        victim,
        suspect,
        children,
        relative,
        neighbour,
        prior_victim: None,
        incidents: Vec::new(),
        separation: None,
        huisverbod: None,
        conditions_after: None,
    };
    let mut plan = Planner {
        rng: &mut rng,
        incidents: Vec::new(),
        has_children: n_children > 0,
    };
    match kind {
        Kind::Single => plan.single(start),
        Kind::Conflict => plan.conflict(start),
        Kind::Coercive if long.is_some() => {
            // Cycles of control and escalation, back to back, ending before the export.
            let wanted = long.unwrap_or(0);
            let mut day = super::export_date() - Duration::days(60 + 115 * wanted as i64);
            while plan.incidents.len() < wanted {
                day = plan.coercive(day, false) + Duration::days(plan.rng.random_range(20..60));
            }
            plan.incidents.truncate(wanted);
            // Fit the history into at most eight years ending two months before the
            // export (a long file is dense, not a century long), keeping the order.
            let first = plan.incidents.iter().map(|i| i.when.start()).min().unwrap_or(day);
            let last = plan.incidents.iter().map(|i| i.when.end()).max().unwrap_or(day);
            let end = super::export_date() - Duration::days(60);
            let span = (last - first).num_days().max(1);
            let scale = (365.0 * 15.0 / span as f64).min(1.0);
            let place = |d: NaiveDate| end - Duration::days(((last - d).num_days() as f64 * scale).round() as i64);
            for inc in &mut plan.incidents {
                inc.when = match inc.when {
                    When::Act(d, t) => When::Act(place(d), t),
                    When::Period(a, b) => When::Period(place(a), place(b)),
                };
            }
        }
        Kind::Coercive => {
            plan.coercive(start, false);
        }
        Kind::Separation => {
            let end = plan.coercive(start, true);
            plan.separation(end);
        }
    }
    let mut incidents = plan.incidents;
    // What happens after the export (allowing a month to register it) is not in it.
    incidents.retain(|i| i.when.end() <= super::export_date() - Duration::days(30));
    let prior = matches!(kind, Kind::Coercive | Kind::Separation) && rng.random_bool(1.0 / 3.0);
    if prior {
        let prior_surname = surname(&mut rng, names);
        let p_given = pick(&mut rng, &names.female_first_names).clone();
        let p_year = s_year + rng.random_range(-3..=5);
        let earlier = person(&mut rng, format!("person:{id}-P"), p_given, &prior_surname, p_year, 'V');
        let day = start - Duration::days(rng.random_range(400..1800));
        let categories = if rng.random_bool(0.5) {
            vec!["physical_violence", "monitoring"]
        } else {
            vec!["physical_violence", "stalking"]
        };
        incidents.insert(
            0,
            Incident {
                id: String::new(),
                when: When::Act(day, time_of_day(&mut rng)),
                categories,
                children_present: false,
                separation: true,
                withdrawn: false,
                prior: true,
                police: true,
                aangifte: true,
                vt_from_police: false,
                charged: false,
            },
        );
        h.prior_victim = Some(earlier);
    }
    for (i, inc) in incidents.iter_mut().enumerate() {
        inc.id = format!("incident:{id}-{:02}", i + 1);
        if !h.children.is_empty() && inc.children_present {
            continue;
        }
        if h.children.is_empty() {
            inc.children_present = false;
            inc.categories
                .retain(|c| *c != "children_present" && *c != "use_of_children");
        }
    }
    h.separation = incidents
        .iter()
        .find(|i| i.separation && !i.prior)
        .map(|i| i.when.start());
    if kind == Kind::Separation {
        let sep_index = incidents.iter().position(|i| i.separation && !i.prior);
        if let Some(si) = sep_index {
            let night = incidents[si].when.start() + Duration::days(1);
            let imposed = night
                .and_hms_opt(rng.random_range(0..4), rng.random_range(0..60), 0)
                .unwrap_or_default();
            let breaches: Vec<usize> = incidents
                .iter()
                .enumerate()
                .filter(|(_, i)| {
                    i.has("order_breach") && i.when.start() > night && i.when.start() <= night + Duration::days(27)
                })
                .map(|(k, _)| k)
                .collect();
            let extended = !breaches.is_empty();
            let end = night + Duration::days(if extended { 27 } else { 9 });
            let breaches = breaches
                .into_iter()
                .filter(|&k| incidents[k].when.start() <= end)
                .collect();
            h.huisverbod = Some(Huisverbod {
                imposed,
                end,
                extended,
                breaches,
            });
            h.conditions_after = Some(si);
        }
    }
    h.incidents = incidents;
    h
}

struct Planner<'a> {
    rng: &'a mut ChaCha8Rng,
    incidents: Vec<Incident>,
    has_children: bool,
}

impl Planner<'_> {
    fn act(&mut self, day: NaiveDate, categories: Vec<&'static str>) -> &mut Incident {
        let children_present = self.has_children && self.rng.random_bool(0.45);
        let mut categories = categories;
        if children_present {
            categories.push("children_present");
        }
        let severe = categories.iter().any(|c| severity(c) >= 4);
        let aangifte = self.rng.random_bool(if severe { 0.75 } else { 0.24 });
        self.incidents.push(Incident {
            id: String::new(),
            when: When::Act(day, time_of_day(self.rng)),
            categories,
            children_present,
            separation: false,
            withdrawn: false,
            prior: false,
            police: true,
            aangifte,
            vt_from_police: children_present || self.rng.random_bool(0.35),
            charged: aangifte && (severe || self.rng.random_bool(0.4)),
        });
        let last = self.incidents.len() - 1;
        &mut self.incidents[last]
    }

    fn period(&mut self, from: NaiveDate, to: NaiveDate, categories: Vec<&'static str>, police: bool) -> &mut Incident {
        self.incidents.push(Incident {
            id: String::new(),
            when: When::Period(from, to),
            categories,
            children_present: false,
            separation: false,
            withdrawn: false,
            prior: false,
            police,
            aangifte: police,
            vt_from_police: false,
            charged: police,
        });
        let last = self.incidents.len() - 1;
        &mut self.incidents[last]
    }

    /// One incident; in a quarter of these households a second, unrelated one months later
    /// (another category, so nothing recurs and two acts cannot escalate).
    fn single(&mut self, start: NaiveDate) {
        let options: [&[&'static str]; 5] = [
            &["verbal_abuse"],
            &["physical_violence"],
            &["property_damage"],
            &["threat"],
            &["verbal_abuse", "property_damage"],
        ];
        let first = options[self.rng.random_range(0..options.len())];
        let has_children = self.has_children;
        self.has_children = has_children && self.rng.random_bool(0.35);
        self.act(start, first.to_vec());
        if self.rng.random_bool(0.25) {
            let others: Vec<&[&'static str]> = options
                .iter()
                .copied()
                .filter(|o| o.iter().all(|c| !first.contains(c)))
                .collect();
            let second = others[self.rng.random_range(0..others.len())];
            let day = start + Duration::days(self.rng.random_range(90..540));
            self.has_children = false;
            self.act(day, second.to_vec());
        }
        self.has_children = has_children;
    }

    fn conflict(&mut self, start: NaiveDate) {
        let n = self.rng.random_range(2..=3);
        let mut day = start;
        for k in 0..n {
            let extra: &[&'static str] = match self.rng.random_range(0..3) {
                0 => &[],
                1 => &["degradation"],
                _ => &["property_damage"],
            };
            let mut cats = vec!["verbal_abuse"];
            if k == 0 {
                cats.extend_from_slice(extra);
            }
            let inc = self.act(day, cats);
            inc.aangifte = false;
            inc.charged = false;
            day += Duration::days(self.rng.random_range(60..240));
        }
    }

    /// Control first (seen by family or the GP as a period), then acts of rising severity
    /// at shrinking intervals. Returns the day after the last act.
    fn coercive(&mut self, start: NaiveDate, leading_to_separation: bool) -> NaiveDate {
        let control: Vec<&'static str> = {
            let pool = [
                "isolation",
                "monitoring",
                "economic_control",
                "degradation",
                "jealousy",
                "micro_regulation",
            ];
            let mut c: Vec<&'static str> = pool.iter().copied().filter(|_| self.rng.random_bool(0.5)).collect();
            if c.len() < 2 {
                c = vec!["monitoring", "isolation"];
            }
            c
        };
        let period_end = start + Duration::days(self.rng.random_range(120..400));
        self.period(start, period_end, control.clone(), false);
        let mut day = period_end + Duration::days(self.rng.random_range(20..90));
        let steps: Vec<Vec<&'static str>> = {
            let mut s = vec![
                vec!["verbal_abuse", "degradation"],
                vec!["physical_violence", "property_damage"],
                vec!["physical_violence", "restriction_of_liberty"],
            ];
            let mut top = vec!["physical_violence"];
            if self.rng.random_bool(0.5) {
                top.push("strangulation");
            }
            if self.rng.random_bool(0.55) {
                top.push("threat_to_kill");
            }
            if self.rng.random_bool(0.15) {
                top.push("weapon");
            }
            if self.rng.random_bool(0.08) {
                top.push("sexual_violence");
            }
            if top.len() == 1 {
                top.push("threat");
            }
            if self.rng.random_bool(0.3) {
                s.insert(1, vec!["intimidation", "monitoring"]);
            }
            s.push(top);
            s
        };
        let mut gap = self.rng.random_range(90..150);
        let n_steps = steps.len();
        for (k, cats) in steps.into_iter().enumerate() {
            let withdraw = k == 2 && self.rng.random_bool(0.35);
            let last = k + 1 == n_steps;
            let inc = self.act(day, cats);
            if withdraw {
                inc.aangifte = true;
                inc.withdrawn = true;
                inc.charged = true;
            }
            let act_day = day;
            if last && leading_to_separation {
                inc.separation = true;
                inc.categories.push("ctx_separation");
                inc.aangifte = true;
                inc.charged = true;
            }
            if withdraw {
                // Two or three weeks later she withdraws the complaint at the police desk,
                // after pressure from him: an incident of its own.
                let desk = act_day + Duration::days(self.rng.random_range(12..22));
                let has_children = self.has_children;
                self.has_children = false;
                let w = self.act(desk, vec!["complaint_withdrawn", "threat"]);
                w.aangifte = false;
                w.charged = false;
                w.vt_from_police = false;
                self.has_children = has_children;
            }
            day += Duration::days(gap);
            gap = (gap * 2 / 3).max(7);
        }
        if self.rng.random_bool(0.2) {
            let inc = self.act(day, vec!["suicide_threat", "threat"]);
            inc.aangifte = false;
            inc.charged = false;
            day += Duration::days(10);
        }
        day
    }

    /// After separation: breaches of the huisverbod within days, then stalking for weeks or
    /// months, sometimes a new threat to kill.
    fn separation(&mut self, after: NaiveDate) {
        let sep_day = self
            .incidents
            .iter()
            .rev()
            .find(|i| i.separation)
            .map(|i| i.when.start())
            .unwrap_or(after);
        let mut day = sep_day + Duration::days(self.rng.random_range(3..9));
        for _ in 0..self.rng.random_range(1..=2) {
            let inc = self.act(day, vec!["order_breach", "stalking"]);
            inc.aangifte = false;
            inc.charged = true;
            inc.vt_from_police = false;
            day += Duration::days(self.rng.random_range(5..10));
        }
        let stalk_from = day + Duration::days(self.rng.random_range(7..30));
        let stalk_to = stalk_from + Duration::days(self.rng.random_range(30..150));
        self.period(stalk_from, stalk_to, vec!["stalking", "monitoring"], true);
        day = stalk_to + Duration::days(self.rng.random_range(5..40));
        let mut cats = vec!["order_breach", "stalking"];
        if self.rng.random_bool(0.5) {
            cats.push("threat_to_kill");
        }
        if self.has_children && self.rng.random_bool(0.5) {
            cats.push("use_of_children");
        }
        let inc = self.act(day, cats);
        inc.aangifte = true;
        inc.charged = true;
    }
}
