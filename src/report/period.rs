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

    /// The period of the same length just before this one: the month,
    /// quarter or year before a whole one, else as many days.
    pub fn previous(&self) -> Period {
        let months = self.whole_months();
        match months {
            Some(n) => {
                let start = self.start - Months::new(n);
                Period {
                    start,
                    end: self.start - chrono::Days::new(1),
                }
            }
            None => {
                let days = (self.end - self.start).num_days() + 1;
                let end = self.start - chrono::Days::new(1);
                Period {
                    start: end - chrono::Days::new(days as u64 - 1),
                    end,
                }
            }
        }
    }

    /// The same period a year before.
    pub fn year_before(&self) -> Period {
        let start = self.start - Months::new(12);
        let end = match self.whole_months() {
            Some(n) => start + Months::new(n) - chrono::Days::new(1),
            None => self.end - Months::new(12),
        };
        Period { start, end }
    }

    /// How many whole calendar months the period is, if it is whole months.
    fn whole_months(&self) -> Option<u32> {
        if self.start.day() != 1 || (self.end + chrono::Days::new(1)).day() != 1 {
            return None;
        }
        let next = self.end + chrono::Days::new(1);
        let n = (next.year() - self.start.year()) * 12 + next.month() as i32 - self.start.month() as i32;
        u32::try_from(n).ok().filter(|n| *n > 0)
    }

    /// The twelve months ending with the one `self.end` falls in.
    pub fn twelve_months_to_end(&self) -> Vec<Period> {
        let last = self.end.with_day(1).expect("first of month");
        (0..12)
            .rev()
            .map(|back| {
                let start = last - Months::new(back);
                Period::months(start.year(), start.month(), start.month())
            })
            .collect()
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

    #[test]
    fn previous_and_year_before_are_like_periods() {
        let p = |s: &str, e: &str| Period {
            start: s.parse().unwrap(),
            end: e.parse().unwrap(),
        };
        assert_eq!(p("2026-10-01", "2026-10-31").previous(), p("2026-09-01", "2026-09-30"));
        assert_eq!(p("2026-10-01", "2026-12-31").previous(), p("2026-07-01", "2026-09-30"));
        assert_eq!(
            p("2026-03-01", "2026-03-31").year_before(),
            p("2025-03-01", "2025-03-31")
        );
        assert_eq!(
            p("2028-02-01", "2028-02-29").year_before(),
            p("2027-02-01", "2027-02-28")
        );
        assert_eq!(p("2026-10-05", "2026-10-11").previous(), p("2026-09-28", "2026-10-04"));
        let months = p("2026-10-01", "2026-10-31").twelve_months_to_end();
        assert_eq!(
            (months[0].start, months[11].end),
            ("2025-11-01".parse().unwrap(), "2026-10-31".parse().unwrap())
        );
    }

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
