//! The canonical model: the one shape every stage after `ingest` sees.
//!
//! A [`Record`] is one input record (a police registration with all its rows, one Veilig
//! Thuis report, one OM feit, ...), named by its [`RecordRef`] and carrying where it came
//! from down to the line or JSON pointer and the SHA-256 of its file. Time is never a bare
//! timestamp: what happened is a [`When`] with a precision, kept apart from when it was
//! registered. Persons are [`PersonMention`]s: what one record says about one person, with
//! the source's own role word beside the canonical [`Role`].
//!
//! This module must never read files or guess: it only defines the shapes and the rules
//! for local time (see [`amsterdam_moment`]).

use chrono::{DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Europe::Amsterdam;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// A record's reference, `<layout>:<id>`, as defined in the export spec
/// (e.g. `politie:PL1700-2023088214`, `om:10/700342-24#feit:2`). Used in every output.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct RecordRef(pub String);

impl RecordRef {
    /// Builds `<layout>:<local>`.
    pub fn new(layout: &str, local: &str) -> Self {
        RecordRef(format!("{layout}:{local}"))
    }
    /// The reference as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How exact a point in time is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A date and a clock time (to the minute).
    Moment,
    /// A calendar day.
    Day,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
    /// A span from one point to another (each with its own precision).
    Period,
    /// A span with a known start and an unknown end ("sinds 2021").
    OpenPeriod,
}

/// A day that bounds a finding (where its evidence starts or ends), with the precision
/// the source gave: a finding resting on "2021" starts on 2021-01-01 for comparisons but
/// is shown as `2021`, never as a day the records do not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Bound {
    /// The first (for a start) or last (for an end) day the source's point may stand for.
    pub day: NaiveDate,
    /// How exact the source was: `year`, `month`, `day` or `moment`.
    pub precision: Precision,
}

impl Bound {
    /// A bound at day precision.
    pub fn day(day: NaiveDate) -> Bound {
        Bound {
            day,
            precision: Precision::Day,
        }
    }

    /// The bound as precise as it is: `2021`, `2021-09` or `2021-09-01`.
    pub fn label(&self) -> String {
        match self.precision {
            Precision::Year => self.day.format("%Y").to_string(),
            Precision::Month => self.day.format("%Y-%m").to_string(),
            _ => self.day.format("%Y-%m-%d").to_string(),
        }
    }
}

impl When {
    /// The first day the span may cover, at the precision of its start.
    pub fn start_bound(&self) -> Bound {
        Bound {
            day: self.earliest().date(),
            precision: self.from.precision(),
        }
    }

    /// The last day the span may cover, at the precision of its end; an open end is the
    /// day given (the latest registration that tells of it), at day precision.
    pub fn end_bound(&self, open_end: NaiveDate) -> Bound {
        let (first, last) = self.days(open_end);
        let precision = match (&self.until, self.open_ended) {
            (Some(until), _) => until.precision(),
            (None, true) => Precision::Day,
            (None, false) => self.from.precision(),
        };
        Bound {
            day: last.max(first),
            precision,
        }
    }
}

impl Precision {
    /// The snake_case name the JSON uses (`open_period`), for looking up wording.
    pub fn key(self) -> &'static str {
        match self {
            Precision::Moment => "moment",
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Period => "period",
            Precision::OpenPeriod => "open_period",
        }
    }
}

/// What the local clock said about a moment that summer time makes special.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockNote {
    /// The written time does not exist (the spring-forward hour, 02:00–03:00 on the last
    /// Sunday of March). Rule: read with the winter offset (+01:00), so `02:30` is the same
    /// instant as `03:30` summer time. The written local time is kept for display.
    SkippedHour,
    /// The written time occurs twice (the autumn hour, 02:00–03:00 on the last Sunday of
    /// October) and the source gave no offset. Rule: the first occurrence (summer time,
    /// +02:00) is taken.
    RepeatedHour,
}

/// One point in Dutch local time (Europe/Amsterdam) at the precision the source gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimePoint {
    /// A date with a clock time, with the UTC offset it had in Amsterdam.
    Moment {
        /// Local wall-clock time as written (after conversion to Amsterdam time when the
        /// source gave another offset).
        local: NaiveDateTime,
        /// Offset from UTC in seconds (3600 in winter, 7200 in summer).
        offset_seconds: i32,
        /// Set when the clock time is one that summer time makes special.
        note: Option<ClockNote>,
    },
    /// A calendar day.
    Day(NaiveDate),
    /// A calendar month.
    Month {
        /// Year.
        year: i32,
        /// Month 1..=12.
        month: u32,
    },
    /// A calendar year.
    Year(i32),
}

impl TimePoint {
    /// The precision of this point.
    pub fn precision(&self) -> Precision {
        match self {
            TimePoint::Moment { .. } => Precision::Moment,
            TimePoint::Day(_) => Precision::Day,
            TimePoint::Month { .. } => Precision::Month,
            TimePoint::Year(_) => Precision::Year,
        }
    }

    /// First local instant the point may stand for.
    pub fn earliest(&self) -> NaiveDateTime {
        match self {
            TimePoint::Moment { local, .. } => *local,
            TimePoint::Day(d) => midnight(*d),
            TimePoint::Month { year, month } => midnight(first_of_month(*year, *month)),
            TimePoint::Year(y) => midnight(first_of_month(*y, 1)),
        }
    }

    /// First local instant after the point (exclusive end).
    pub fn end_exclusive(&self) -> NaiveDateTime {
        match self {
            TimePoint::Moment { local, .. } => *local + Duration::minutes(1),
            TimePoint::Day(d) => midnight(*d) + Duration::days(1),
            TimePoint::Month { year, month } => {
                let (y, m) = if *month == 12 {
                    (year + 1, 1)
                } else {
                    (*year, month + 1)
                };
                midnight(first_of_month(y, m))
            }
            TimePoint::Year(y) => midnight(first_of_month(y + 1, 1)),
        }
    }

    /// The calendar day, when the point is at least day-precise.
    pub fn day(&self) -> Option<NaiveDate> {
        match self {
            TimePoint::Moment { local, .. } => Some(local.date()),
            TimePoint::Day(d) => Some(*d),
            _ => None,
        }
    }

    /// ISO-like text that shows the precision: `2023-07-14 22:40`, `2023-07-14`, `2023-07`, `2023`.
    pub fn label(&self) -> String {
        match self {
            TimePoint::Moment { local, .. } => local.format("%Y-%m-%d %H:%M").to_string(),
            TimePoint::Day(d) => d.format("%Y-%m-%d").to_string(),
            TimePoint::Month { year, month } => format!("{year:04}-{month:02}"),
            TimePoint::Year(y) => format!("{y:04}"),
        }
    }

    /// RFC 3339 for moments (with the Amsterdam offset), the label otherwise.
    pub fn iso(&self) -> String {
        match self {
            TimePoint::Moment {
                local, offset_seconds, ..
            } => match FixedOffset::east_opt(*offset_seconds) {
                Some(offset) => match offset.from_local_datetime(local) {
                    LocalResult::Single(t) => t.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
                    _ => self.label(),
                },
                None => self.label(),
            },
            _ => self.label(),
        }
    }
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default()
}

fn first_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
}

/// Resolves a local Amsterdam wall-clock time to a [`TimePoint::Moment`], applying the
/// stated rules for the hour that does not exist in spring and the hour that occurs twice
/// in autumn (see [`ClockNote`]).
pub fn amsterdam_moment(local: NaiveDateTime) -> TimePoint {
    match Amsterdam.from_local_datetime(&local) {
        LocalResult::Single(t) => TimePoint::Moment {
            local,
            offset_seconds: offset_of(&t),
            note: None,
        },
        LocalResult::Ambiguous(first, _second) => TimePoint::Moment {
            local,
            offset_seconds: offset_of(&first),
            note: Some(ClockNote::RepeatedHour),
        },
        LocalResult::None => TimePoint::Moment {
            local,
            offset_seconds: 3600,
            note: Some(ClockNote::SkippedHour),
        },
    }
}

/// Converts a timestamp with an explicit offset to Amsterdam local time. The local date
/// is kept: a time just after midnight stays on its local date, never shifted to UTC.
pub fn amsterdam_from_offset(t: DateTime<FixedOffset>) -> TimePoint {
    let local = t.with_timezone(&Amsterdam);
    TimePoint::Moment {
        local: local.naive_local(),
        offset_seconds: offset_of(&local),
        note: None,
    }
}

fn offset_of<Tz: TimeZone>(t: &DateTime<Tz>) -> i32 {
    use chrono::Offset;
    t.offset().fix().local_minus_utc()
}

/// When something happened or was registered: a point, a period, or an open period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// Start (or the only point).
    pub from: TimePoint,
    /// End of a period, inclusive at its own precision (`2023-06..2023-09` runs to the end
    /// of September).
    pub until: Option<TimePoint>,
    /// True when the source gave a start and said the end is unknown.
    pub open_ended: bool,
}

impl When {
    /// A single point.
    pub fn point(p: TimePoint) -> Self {
        When {
            from: p,
            until: None,
            open_ended: false,
        }
    }

    /// The precision of the whole span.
    pub fn precision(&self) -> Precision {
        if self.until.is_some() {
            Precision::Period
        } else if self.open_ended {
            Precision::OpenPeriod
        } else {
            self.from.precision()
        }
    }

    /// First local instant the span may stand for.
    pub fn earliest(&self) -> NaiveDateTime {
        self.from.earliest()
    }

    /// Exclusive end; `None` for an open period.
    pub fn end_exclusive(&self) -> Option<NaiveDateTime> {
        if self.open_ended {
            return None;
        }
        Some(self.until.as_ref().unwrap_or(&self.from).end_exclusive())
    }

    /// First and last calendar day the span may cover; an open period runs to `open_end`
    /// (for example the day it was reported: a report cannot tell what came after it).
    pub fn days(&self, open_end: NaiveDate) -> (NaiveDate, NaiveDate) {
        let first = self.earliest().date();
        let last = self
            .end_exclusive()
            .map(|e| (e - chrono::Duration::seconds(1)).date())
            .unwrap_or(open_end);
        (first, last.max(first))
    }

    /// Text that shows the precision: `2023-07-14 22:40`, `2023-07`, `2023-06..2023-09`,
    /// `2021..` (open end).
    pub fn label(&self) -> String {
        match (&self.until, self.open_ended) {
            // Two moments on one day: `2024-02-24 20:10..23:30`.
            (Some(until @ TimePoint::Moment { local, .. }), _) if self.from.day() == Some(local.date()) => {
                format!("{}..{}", self.from.label(), &until.label()[11..])
            }
            (Some(until), _) => format!("{}..{}", self.from.label(), until.label()),
            (None, true) => format!("{}..", self.from.label()),
            (None, false) => self.from.label(),
        }
    }

    /// Orders spans by start, then by end (points before periods that start with them).
    pub fn chronological(&self, other: &When) -> Ordering {
        self.earliest()
            .cmp(&other.earliest())
            .then_with(|| match (self.end_exclusive(), other.end_exclusive()) {
                (Some(a), Some(b)) => a.cmp(&b),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let notes: Vec<ClockNote> = [&Some(self.from.clone()), &self.until]
            .into_iter()
            .flatten()
            .filter_map(|p| match p {
                TimePoint::Moment { note, .. } => *note,
                _ => None,
            })
            .collect();
        let mut st = s.serialize_struct("When", 5)?;
        st.serialize_field("label", &self.label())?;
        st.serialize_field("precision", &self.precision())?;
        st.serialize_field("from", &self.from.iso())?;
        st.serialize_field("until", &self.until.as_ref().map(TimePoint::iso))?;
        if !notes.is_empty() {
            st.serialize_field("clock_notes", &notes)?;
        }
        st.end()
    }
}

impl TimePoint {
    /// The point [`TimePoint::iso`] wrote: `2023`, `2023-07`, `2023-07-14`, or a moment with
    /// its offset (`2023-07-14T22:40:00+02:00`). `note` is the clock note the moment had.
    pub fn from_iso(text: &str, note: Option<ClockNote>) -> Option<TimePoint> {
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Some(TimePoint::Moment {
                local: moment.naive_local(),
                offset_seconds: moment.offset().local_minus_utc(),
                note,
            });
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(TimePoint::Day(day));
        }
        if let Ok(local) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
            return Some(amsterdam_moment(local));
        }
        match text.split_once('-') {
            Some((year, month)) => Some(TimePoint::Month {
                year: year.parse().ok()?,
                month: month.parse().ok().filter(|m| (1..=12).contains(m))?,
            }),
            None => text.parse().ok().map(TimePoint::Year),
        }
    }

    /// Whether Amsterdam's clock makes this local time special (skipped or repeated).
    fn clock_is_special(&self) -> bool {
        match self {
            TimePoint::Moment { local, .. } => !matches!(Amsterdam.from_local_datetime(local), LocalResult::Single(_)),
            _ => false,
        }
    }
}

/// Reads what [`When`]'s serialisation wrote (the findings JSON read back).
impl<'de> serde::Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Fields {
            precision: Precision,
            from: String,
            until: Option<String>,
            #[serde(default)]
            clock_notes: Vec<ClockNote>,
        }
        let fields = Fields::deserialize(deserializer)?;
        // The notes were written for the moments whose clock time is special, in order.
        let mut notes = fields.clock_notes.into_iter();
        let mut point = |text: &str| -> Result<TimePoint, D::Error> {
            let plain = TimePoint::from_iso(text, None)
                .ok_or_else(|| serde::de::Error::custom(format!("not a time at its precision: {text:?}")))?;
            let note = if plain.clock_is_special() { notes.next() } else { None };
            Ok(match plain {
                TimePoint::Moment {
                    local, offset_seconds, ..
                } => TimePoint::Moment {
                    local,
                    offset_seconds,
                    note,
                },
                other => other,
            })
        };
        let from = point(&fields.from)?;
        let until = fields.until.as_deref().map(&mut point).transpose()?;
        Ok(When {
            from,
            until,
            open_ended: fields.precision == Precision::OpenPeriod,
        })
    }
}

/// The schema of [`When`]'s hand-written serialisation, for the findings schema.
impl schemars::JsonSchema for When {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "When".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "A time at its precision: a point, a period or an open period.",
            "properties": {
                "label": {"type": "string", "description": "The time as shown: 2023-07-14 22:40, 2023-07, 2023-06..2023-09, 2021.."},
                "precision": generator.subschema_for::<Precision>(),
                "from": {"type": "string", "description": "Start (ISO 8601 at its precision)"},
                "until": {"type": ["string", "null"], "description": "End of a period, inclusive at its precision"},
                "clock_notes": {"type": "array", "items": generator.subschema_for::<ClockNote>()}
            },
            "required": ["label", "precision", "from", "until"]
        })
    }
}

/// The canonical kinds of record. The source's own word is kept beside it in [`Kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// A signed criminal complaint (aangifte).
    Complaint,
    /// A report of an incident (police melding, Veilig Thuis melding).
    Report,
    /// A police registration without complaint (mutatie).
    Registration,
    /// An advice request to Veilig Thuis: the adviesvrager stays responsible.
    AdviceRequest,
    /// An OM zaak as a whole (suspect and victims).
    ProsecutionCase,
    /// One charged offence (OM feit).
    Charge,
    /// A decision (OM beslissing).
    Decision,
    /// A probation service event (advice, supervision, breach report, ankle-monitor alarm).
    ProbationEvent,
    /// A temporary restraining order (tijdelijk huisverbod).
    RestrainingOrder,
    /// A child-protection event (RvdK, GI).
    ChildProtectionEvent,
    /// Anything a mapping does not place.
    Other,
}

/// A record's kind: canonical, with the source's word (`Mutatie`, `Voorwaardelijk sepot`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kind {
    /// Canonical kind.
    pub canonical: RecordKind,
    /// The source's own word.
    pub source: String,
}

/// The canonical roles of a person in a record.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The person harmed.
    Victim,
    /// The person suspected of (or held responsible for) the harm.
    Suspect,
    /// A child in the household.
    Child,
    /// A witness.
    Witness,
    /// The person who reported.
    Reporter,
    /// Anyone else (a parent in a child-protection record, a betrokkene).
    Other,
}

/// A person's name as one record wrote it, split into Dutch name parts where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct PersonName {
    /// The name exactly as the source wrote it (parts joined with spaces for column-split sources).
    pub raw: String,
    /// First names as written (`Chloë Maria`), or initials (`C.M.`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    /// `de`, `van der`, `van 't` ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tussenvoegsel: Option<String>,
    /// The surname without its tussenvoegsel (`Meulen`, `Jansen-Bakker`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    /// True when the record names the person only by a role (`moeder`, `vriend van moeder`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub role_only: bool,
}

impl PersonName {
    /// `Voornamen tussenvoegsel Achternaam`, or the raw text for role-only mentions.
    pub fn display(&self) -> String {
        if self.role_only || self.surname.is_none() {
            return self.raw.clone();
        }
        [&self.given_names, &self.tussenvoegsel, &self.surname]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What one record says about one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMention {
    /// The name and its parts.
    pub name: PersonName,
    /// Canonical role.
    pub role: Role,
    /// The source's own role word (`Aangever`, `Vermoedelijke pleger`, `moeder`).
    pub role_word: String,
    /// Birth date, day-precise, or only a year where the source gives only that.
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "serialize_point_opt")]
    pub birth: Option<TimePoint>,
    /// Citizen service number as written (digits only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bsn: Option<String>,
    /// `M`, `V`, `X` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Relation to the suspect, as written (`Partner`, `Ex-partner`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// Where in the file this mention stands (a line, or a JSON pointer).
    pub location: Location,
}

fn serialize_point_opt<S: Serializer>(p: &Option<TimePoint>, s: S) -> Result<S::Ok, S::Error> {
    match p {
        Some(p) => s.serialize_str(&p.label()),
        None => s.serialize_none(),
    }
}

/// A place inside a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Location {
    /// One or more physical lines (1-based; the header is line 1).
    Lines(Vec<u64>),
    /// A JSON pointer (RFC 6901) into the file; `line` is where the value starts, when known.
    Pointer {
        /// The pointer, e.g. `/zaken/1/feiten/0`.
        pointer: String,
        /// The 1-based line of the file, for JSON Lines and where known.
        line: Option<u64>,
    },
}

impl Location {
    /// The first line, where known.
    pub fn first_line(&self) -> Option<u64> {
        match self {
            Location::Lines(lines) => lines.first().copied(),
            Location::Pointer { line, .. } => *line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Lines(lines) => {
                let text: Vec<String> = lines.iter().map(u64::to_string).collect();
                write!(f, "{}", text.join(","))
            }
            Location::Pointer {
                pointer,
                line: Some(line),
            } => write!(f, "{line}#{pointer}"),
            Location::Pointer { pointer, line: None } => write!(f, "#{pointer}"),
        }
    }
}

impl Serialize for Location {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Location", 2)?;
        match self {
            Location::Lines(lines) => st.serialize_field("lines", lines)?,
            Location::Pointer { pointer, line } => {
                st.serialize_field("pointer", pointer)?;
                st.serialize_field("line", line)?;
            }
        }
        st.end()
    }
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The file as the user named it (relative to the input they gave).
    pub file: String,
    /// Lines or JSON pointer inside the file.
    pub location: Location,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
}

/// One input record in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// `<layout>:<id>`, the name every output uses.
    pub reference: RecordRef,
    /// The layout (mapping) that read it: `politie`, `veilig-thuis`, ...
    pub layout: String,
    /// The source's own id (`PL1700-2023088214`, `10/700342-24`).
    pub source_id: String,
    /// File, line or pointer, and file hash.
    pub origin: Origin,
    /// Canonical kind and source word.
    pub kind: Kind,
    /// A short description from the source's own fields (`Aangifte F10 Mishandeling`).
    pub label: String,
    /// When the act or the reported conduct took place, as precise as the source says.
    pub act: Option<When>,
    /// When the organisation registered or received it (often days after the act).
    pub registered: Option<When>,
    /// The source's classification values (maatschappelijke klasse, vormen van geweld,
    /// wetsartikel, beslissing soort, voorwaarden), verbatim.
    pub codes: Vec<String>,
    /// Persons in the record's structured fields.
    pub persons: Vec<PersonMention>,
    /// The free text (narrative, summary, omschrijving, toelichting).
    pub narrative: Option<String>,
    /// Other fields, by name, in source order (place, risk assessment, follow-up ...).
    pub attributes: Vec<(String, String)>,
    /// Records this one explicitly refers to (an OM feit's police registration, its zaak).
    pub refers_to: Vec<RecordRef>,
    /// What ingest had to say about this record (a field cut to the size limit, a clock
    /// time in the summer-time hour).
    pub notes: Vec<crate::problem::Problem>,
}

#[cfg(test)]
impl Record {
    /// A bare record for unit tests: a reference, its layout and kind, an act time and
    /// these persons; every other field empty.
    pub fn for_test(reference: &str, kind: RecordKind, act: Option<When>, persons: Vec<PersonMention>) -> Record {
        let layout = reference.split(':').next().unwrap_or_default().to_string();
        Record {
            reference: RecordRef(reference.to_string()),
            layout,
            source_id: reference.to_string(),
            origin: Origin {
                file: "test".into(),
                location: Location::Lines(vec![1]),
                sha256: String::new(),
            },
            kind: Kind {
                canonical: kind,
                source: String::new(),
            },
            label: String::new(),
            act,
            registered: None,
            codes: Vec::new(),
            persons,
            narrative: None,
            attributes: Vec::new(),
            refers_to: Vec::new(),
            notes: Vec::new(),
        }
    }
}

impl Record {
    /// The time used to order records: the act when known, else the registration.
    pub fn sort_time(&self) -> Option<&When> {
        self.act.as_ref().or(self.registered.as_ref())
    }

    /// An attribute's value by name.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Orders records in true time order: by act (or registration) time, undated last, then
/// by reference so the order is total and deterministic.
pub fn chronological(a: &Record, b: &Record) -> Ordering {
    match (a.sort_time(), b.sort_time()) {
        (Some(x), Some(y)) => x.chronological(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.reference.cmp(&b.reference))
}

/// Today's date for plausibility checks (a birth date in the future): `SOURCE_DATE_EPOCH`
/// when set, so that runs are reproducible, else the system clock.
pub fn reference_today() -> NaiveDate {
    if let Some(secs) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
    {
        if let Some(t) = DateTime::from_timestamp(secs, 0) {
            return t.with_timezone(&Amsterdam).date_naive();
        }
    }
    chrono::Utc::now().with_timezone(&Amsterdam).date_naive()
}

/// The year of a day-precise or year-precise birth point.
pub fn birth_year(p: &TimePoint) -> i32 {
    match p {
        TimePoint::Moment { local, .. } => local.year(),
        TimePoint::Day(d) => d.year(),
        TimePoint::Month { year, .. } | TimePoint::Year(year) => *year,
    }
}

/// The variant id of an internally tagged enum (`#[serde(tag = "...")]`): the value of
/// its `tag` field, the key its wording is looked up by.
pub fn id_of_tagged<T: Serialize>(value: &T, tag: &str) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(fields)) => fields.get(tag).and_then(|v| v.as_str()).unwrap_or("").to_string(),
        _ => String::new(),
    }
}

/// The id serde gives a unit enum variant (`victim_statement`, `post_separation_stalking`):
/// the id the findings JSON shows and the key the dossier's wording is looked up by, so
/// the two cannot drift apart.
pub fn id_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(id)) => id,
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test literal")
    }

    #[test]
    fn summer_and_winter_offsets() {
        let TimePoint::Moment {
            offset_seconds, note, ..
        } = amsterdam_moment(local("2023-08-20 00:35"))
        else {
            panic!("moment")
        };
        assert_eq!((offset_seconds, note), (7200, None));
        let TimePoint::Moment { offset_seconds, .. } = amsterdam_moment(local("2024-01-13 22:15")) else {
            panic!("moment")
        };
        assert_eq!(offset_seconds, 3600);
    }

    #[test]
    fn skipped_spring_hour_reads_with_winter_offset() {
        let p = amsterdam_moment(local("2024-03-31 02:30"));
        assert_eq!(p.iso(), "2024-03-31T02:30:00+01:00");
        assert!(matches!(
            p,
            TimePoint::Moment {
                note: Some(ClockNote::SkippedHour),
                ..
            }
        ));
        assert_eq!(p.label(), "2024-03-31 02:30");
    }

    #[test]
    fn repeated_autumn_hour_takes_the_first_occurrence() {
        let p = amsterdam_moment(local("2024-10-27 02:30"));
        assert_eq!(p.iso(), "2024-10-27T02:30:00+02:00");
        assert!(matches!(
            p,
            TimePoint::Moment {
                note: Some(ClockNote::RepeatedHour),
                ..
            }
        ));
    }

    #[test]
    fn offset_timestamps_keep_their_local_date() {
        let t = DateTime::parse_from_rfc3339("2024-07-30T23:30:00+00:00").expect("literal");
        assert_eq!(amsterdam_from_offset(t).label(), "2024-07-31 01:30");
    }

    #[test]
    fn labels_show_precision() {
        let month = When::point(TimePoint::Month { year: 2023, month: 7 });
        assert_eq!(month.label(), "2023-07");
        let period = When {
            from: TimePoint::Month { year: 2023, month: 6 },
            until: Some(TimePoint::Month { year: 2023, month: 9 }),
            open_ended: false,
        };
        assert_eq!(period.label(), "2023-06..2023-09");
        assert_eq!(period.precision(), Precision::Period);
        assert_eq!(period.end_exclusive(), Some(local("2023-10-01 00:00")));
        let open = When {
            from: TimePoint::Year(2021),
            until: None,
            open_ended: true,
        };
        assert_eq!(open.label(), "2021..");
        assert_eq!(open.end_exclusive(), None);
        let evening = When {
            from: amsterdam_moment(local("2024-02-24 20:10")),
            until: Some(amsterdam_moment(local("2024-02-24 23:30"))),
            open_ended: false,
        };
        assert_eq!(evening.label(), "2024-02-24 20:10..23:30");
    }

    #[test]
    fn month_sorts_before_a_day_inside_it_and_day_before_moment_later() {
        let month = When::point(TimePoint::Month { year: 2023, month: 7 });
        let day = When::point(TimePoint::Day(NaiveDate::from_ymd_opt(2023, 7, 14).expect("literal")));
        assert_eq!(month.chronological(&day), Ordering::Less);
        assert_eq!(day.chronological(&month), Ordering::Greater);
    }
}
