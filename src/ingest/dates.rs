//! Reading dates and times as the mapping's formats say, at the precision they carry.
//!
//! The precision follows from the format: `%H` gives a moment, `%d` a day, `%m` a month,
//! `%Y` alone a year. An impossible date (`31-02-2024`, `2024-13-01`) is an error that says
//! why, never a nearby date. Moments are Amsterdam local time (see `model::amsterdam_moment`).

use crate::model::{amsterdam_from_offset, amsterdam_moment, TimePoint};
use crate::problem::Problem;
use chrono::format::ParseErrorKind;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime};

/// Years outside this range are typing errors in these records, not dates.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Parses `value` with the first matching format. The error says which formats were
/// expected, or why a value that has the right shape is not a real date.
pub fn parse_point(value: &str, formats: &[String]) -> Result<TimePoint, Problem> {
    let value = value.trim();
    let mut impossible = None;
    for format in formats {
        match parse_one(value, format) {
            Ok(p) => return check_year(p, value),
            Err(ParseErrorKind::OutOfRange) | Err(ParseErrorKind::Impossible) => {
                impossible = Some(format.as_str());
            }
            Err(_) => {}
        }
    }
    match impossible {
        Some(format) => Err(Problem::DateImpossible {
            value: value.to_string(),
            format: format.to_string(),
        }),
        None => Err(Problem::DateShape {
            value: value.to_string(),
            formats: formats.to_vec(),
        }),
    }
}

fn check_year(p: TimePoint, value: &str) -> Result<TimePoint, Problem> {
    let year = match &p {
        TimePoint::Moment { local, .. } => local.year(),
        TimePoint::Day(d) => d.year(),
        TimePoint::Month { year, .. } | TimePoint::Year(year) => *year,
    };
    if PLAUSIBLE_YEARS.contains(&year) {
        Ok(p)
    } else {
        Err(Problem::YearImplausible {
            value: value.to_string(),
            year,
            min: *PLAUSIBLE_YEARS.start(),
            max: *PLAUSIBLE_YEARS.end(),
        })
    }
}

fn parse_one(value: &str, format: &str) -> Result<TimePoint, ParseErrorKind> {
    if format == "rfc3339" {
        return DateTime::parse_from_rfc3339(value)
            .map(amsterdam_from_offset)
            .map_err(|e| e.kind());
    }
    // chrono accepts unpadded numbers; the formats here always mean fixed-width digits,
    // so a value must have the same length as the format would print.
    if !same_shape(value, format) {
        return Err(ParseErrorKind::Invalid);
    }
    if format.contains("%H") {
        let t = NaiveDateTime::parse_from_str(value, format).map_err(|e| e.kind())?;
        return Ok(amsterdam_moment(t));
    }
    if format.contains("%d") {
        return NaiveDate::parse_from_str(value, format)
            .map(TimePoint::Day)
            .map_err(|e| e.kind());
    }
    if format.contains("%m") {
        let d = NaiveDate::parse_from_str(&format!("{value}|01"), &format!("{format}|%d")).map_err(|e| e.kind())?;
        return Ok(TimePoint::Month {
            year: d.year(),
            month: d.month(),
        });
    }
    let d = NaiveDate::parse_from_str(&format!("{value}|01|01"), &format!("{format}|%m|%d")).map_err(|e| e.kind())?;
    Ok(TimePoint::Year(d.year()))
}

/// Digits where the format has a numeric field, the same other characters elsewhere.
fn same_shape(value: &str, format: &str) -> bool {
    let mut expected = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some('Y') => expected.push_str("0000"),
                Some('d' | 'm' | 'H' | 'M' | 'S' | 'y') => expected.push_str("00"),
                Some(other) => {
                    expected.push('%');
                    expected.push(other)
                }
                None => expected.push('%'),
            }
        } else {
            expected.push(c);
        }
    }
    value.len() == expected.len()
        && value
            .chars()
            .zip(expected.chars())
            .all(|(v, e)| if e == '0' { v.is_ascii_digit() } else { v == e })
}

/// Parses a clock time (`22:40`).
pub fn parse_time(value: &str, format: &str) -> Result<NaiveTime, Problem> {
    let value = value.trim();
    if !same_shape(value, format) {
        return Err(Problem::TimeShape {
            value: value.to_string(),
            format: format.to_string(),
        });
    }
    NaiveTime::parse_from_str(value, format).map_err(|_| Problem::TimeImpossible {
        value: value.to_string(),
        format: format.to_string(),
    })
}

/// Combines a day with a clock time into an Amsterdam moment.
pub fn with_time(day: &TimePoint, time: NaiveTime) -> Result<TimePoint, Problem> {
    match day {
        TimePoint::Day(d) => Ok(amsterdam_moment(d.and_time(time))),
        other => Err(Problem::ClockWithoutDay { date: other.label() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn precision_follows_the_format() {
        let formats = f(&["%Y-%m-%d", "%Y-%m", "%Y"]);
        assert_eq!(
            parse_point("2024-01-15", &formats).map(|p| p.label()),
            Ok("2024-01-15".into())
        );
        assert_eq!(
            parse_point("2024-01", &formats).map(|p| p.label()),
            Ok("2024-01".into())
        );
        assert_eq!(parse_point("2021", &formats).map(|p| p.label()), Ok("2021".into()));
        let moment = parse_point("15-04-2023 23:05", &f(&["%d-%m-%Y %H:%M"])).expect("valid");
        assert_eq!(moment.label(), "2023-04-15 23:05");
    }

    #[test]
    fn impossible_dates_say_why() {
        let err = parse_point("31-02-2024", &f(&["%d-%m-%Y"])).expect_err("no 31 Feb");
        assert!(matches!(err, Problem::DateImpossible { .. }), "{err:?}");
        let err = parse_point("2024-13-01", &f(&["%Y-%m-%d"])).expect_err("no month 13");
        assert!(matches!(err, Problem::DateImpossible { .. }), "{err:?}");
        let err = parse_point("2024/01/01", &f(&["%Y-%m-%d"])).expect_err("wrong shape");
        assert_eq!(
            err,
            Problem::DateShape {
                value: "2024/01/01".into(),
                formats: f(&["%Y-%m-%d"])
            }
        );
        assert!(matches!(
            parse_point("1-2-2024", &f(&["%d-%m-%Y"])),
            Err(Problem::DateShape { .. })
        ));
        assert!(matches!(
            parse_point("01-01-0024", &f(&["%d-%m-%Y"])),
            Err(Problem::YearImplausible { year: 24, .. })
        ));
    }

    #[test]
    fn rfc3339_is_converted_to_amsterdam() {
        let p = parse_point("2024-07-30T14:00:00+02:00", &f(&["rfc3339"])).expect("valid");
        assert_eq!(p.iso(), "2024-07-30T14:00:00+02:00");
        let p = parse_point("2024-01-14T17:05:00+01:00", &f(&["rfc3339"])).expect("valid");
        assert_eq!(p.label(), "2024-01-14 17:05");
    }

    #[test]
    fn times() {
        assert!(parse_time("22:40", "%H:%M").is_ok());
        assert!(matches!(
            parse_time("25:00", "%H:%M"),
            Err(Problem::TimeImpossible { .. })
        ));
        assert!(matches!(parse_time("2240", "%H:%M"), Err(Problem::TimeShape { .. })));
    }
}
