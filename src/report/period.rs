//! Reporting periods: a month (`2026-10`), quarter (`2026-Q4`), year
//! (`2026`), `last-month`, `this-month`, or explicit inclusive dates.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Months, NaiveDate};

/// A period as the user wrote it; relative ones resolve against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpec {
    Month(i32, u32),
    Quarter(i32, u32),
    Year(i32),
    LastMonth,
    ThisMonth,
}

/// The accepted forms, for messages.
pub const PERIOD_FORMS: &str = "YYYY-MM (2026-10), YYYY-QN (2026-Q4), YYYY (2026), last-month, this-month";

impl FromStr for PeriodSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a period; use {PERIOD_FORMS}, or --from/--to");
        let year = |y: &str| (y.len() == 4).then(|| y.parse::<i32>().ok()).flatten();
        match s {
            "last-month" => return Ok(PeriodSpec::LastMonth),
            "this-month" => return Ok(PeriodSpec::ThisMonth),
            _ => {}
        }
        if let Some(y) = year(s) {
            return Ok(PeriodSpec::Year(y));
        }
        let (y, rest) = s.split_once('-').ok_or_else(bad)?;
        let y = year(y).ok_or_else(bad)?;
        if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
            return match q.parse::<u32>() {
                Ok(n @ 1..=4) if q.len() == 1 => Ok(PeriodSpec::Quarter(y, n)),
                _ => Err(bad()),
            };
        }
        match rest.parse::<u32>() {
            Ok(m @ 1..=12) if rest.len() == 2 => Ok(PeriodSpec::Month(y, m)),
            _ => Err(bad()),
        }
    }
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }

    /// The months `first..=last` (1-based) of `year`.
    fn months(year: i32, first: u32, last: u32) -> Period {
        let start = NaiveDate::from_ymd_opt(year, first, 1).expect("valid month");
        let end = start + Months::new(last - first + 1) - chrono::Days::new(1);
        Period { start, end }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} to {}", self.start, self.end)
    }
}

impl PeriodSpec {
    pub fn resolve(self, today: NaiveDate) -> Period {
        match self {
            PeriodSpec::Month(y, m) => Period::months(y, m, m),
            PeriodSpec::Quarter(y, q) => Period::months(y, q * 3 - 2, q * 3),
            PeriodSpec::Year(y) => Period::months(y, 1, 12),
            PeriodSpec::ThisMonth => Period::months(today.year(), today.month(), today.month()),
            PeriodSpec::LastMonth => {
                let last = today.with_day(1).expect("first of month") - Months::new(1);
                Period::months(last.year(), last.month(), last.month())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn resolve(s: &str, today: &str) -> (String, String) {
        let p = s.parse::<PeriodSpec>().unwrap().resolve(d(today));
        (p.start.to_string(), p.end.to_string())
    }

    #[test]
    fn periods_resolve_to_inclusive_days() {
        let r = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(resolve("2026-10", "2026-11-21"), r("2026-10-01", "2026-10-31"));
        assert_eq!(resolve("2024-02", "2026-11-21"), r("2024-02-01", "2024-02-29"));
        assert_eq!(resolve("2026-Q4", "2026-11-21"), r("2026-10-01", "2026-12-31"));
        assert_eq!(resolve("2026-Q1", "2026-11-21"), r("2026-01-01", "2026-03-31"));
        assert_eq!(resolve("2026", "2026-11-21"), r("2026-01-01", "2026-12-31"));
        assert_eq!(resolve("last-month", "2026-11-21"), r("2026-10-01", "2026-10-31"));
        assert_eq!(resolve("last-month", "2027-01-05"), r("2026-12-01", "2026-12-31"));
        assert_eq!(resolve("this-month", "2026-11-21"), r("2026-11-01", "2026-11-30"));
    }

    #[test]
    fn bad_periods_show_the_accepted_forms() {
        for bad in [
            "2026-13",
            "2026-Q5",
            "2026-Q0",
            "26-10",
            "2026-1",
            "October",
            "2026-10-01",
            "",
            "2026-Q12",
        ] {
            let err = bad.parse::<PeriodSpec>().unwrap_err();
            assert!(err.contains("YYYY-MM (2026-10), YYYY-QN (2026-Q4)"), "{bad}: {err}");
        }
    }
}
