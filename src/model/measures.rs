//! Wellbeing instruments and their scoring, from `reference/measures.md`:
//! ONS4 (four items reported separately, with ONS bands), SWEMWBS (raw sum
//! converted to the metric score before any arithmetic), WEMWBS (sum) and
//! UCLA-3 loneliness (sum, higher is lonelier). Scores are derived, never stored.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A wellbeing instrument.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    Ons4,
    Swemwbs,
    Wemwbs,
    Ucla3,
}

/// SWEMWBS raw score 7..=35 → metric score (Stewart-Brown et al.; table in measures.md).
const SWEMWBS_METRIC: [f64; 29] = [
    7.00, 9.51, 11.25, 12.40, 13.33, 14.08, 14.75, 15.32, 15.84, 16.36, 16.88, 17.43, 17.98, 18.59, 19.25, 19.98,
    20.73, 21.54, 22.35, 23.21, 24.11, 25.03, 26.02, 27.03, 28.13, 29.31, 30.70, 32.55, 35.00,
];

/// The four ONS personal wellbeing questions, in order.
pub const ONS4_ITEMS: [&str; 4] = ["satisfaction", "worthwhile", "happiness", "anxiety"];

impl Tool {
    /// How many items the instrument has.
    pub fn item_count(self) -> usize {
        match self {
            Tool::Ons4 => 4,
            Tool::Swemwbs => 7,
            Tool::Wemwbs => 14,
            Tool::Ucla3 => 3,
        }
    }

    /// The lowest and highest answer an item can take.
    pub fn item_range(self) -> (u8, u8) {
        match self {
            Tool::Ons4 => (0, 10),
            Tool::Swemwbs | Tool::Wemwbs => (1, 5),
            Tool::Ucla3 => (1, 3),
        }
    }

    /// Check a set of answers against the instrument; the message says what is wrong.
    pub fn check_items(self, items: &[u8]) -> Result<(), String> {
        let name = crate::model::taxonomy::name_of(&self);
        if items.len() != self.item_count() {
            return Err(format!("{name} has {} items, got {}", self.item_count(), items.len()));
        }
        let (lo, hi) = self.item_range();
        if let Some((i, v)) = items.iter().enumerate().find(|(_, v)| **v < lo || **v > hi) {
            return Err(format!("{name} item {} is {v}; each item must be {lo} to {hi}", i + 1));
        }
        Ok(())
    }

    /// Score a valid set of answers.
    pub fn score(self, items: &[u8]) -> Score {
        let raw: u32 = items.iter().map(|&v| u32::from(v)).sum();
        match self {
            Tool::Swemwbs => Score::Swemwbs {
                raw,
                metric: swemwbs_metric(raw),
            },
            Tool::Wemwbs => Score::Wemwbs { total: raw },
            Tool::Ucla3 => Score::Ucla3 { total: raw },
            Tool::Ons4 => Score::Ons4 {
                items: ONS4_ITEMS
                    .iter()
                    .zip(items)
                    .map(|(&name, &value)| Ons4Item {
                        name,
                        value,
                        band: ons4_band(name, value),
                    })
                    .collect(),
            },
        }
    }
}

/// SWEMWBS metric score for a raw score, or NaN outside 7..=35.
pub fn swemwbs_metric(raw: u32) -> f64 {
    raw.checked_sub(7)
        .and_then(|i| SWEMWBS_METRIC.get(i as usize))
        .copied()
        .unwrap_or(f64::NAN)
}

/// ONS band for one item; anxiety has its own bands (higher is worse).
pub fn ons4_band(item: &str, value: u8) -> &'static str {
    if item == "anxiety" {
        match value {
            0..=1 => "very low",
            2..=3 => "low",
            4..=5 => "medium",
            _ => "high",
        }
    } else {
        match value {
            0..=4 => "low",
            5..=6 => "medium",
            7..=8 => "high",
            _ => "very high",
        }
    }
}

/// One ONS4 answer with its band.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ons4Item {
    pub name: &'static str,
    pub value: u8,
    pub band: &'static str,
}

/// The derived score of one measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Score {
    Swemwbs { raw: u32, metric: f64 },
    Wemwbs { total: u32 },
    Ucla3 { total: u32 },
    Ons4 { items: Vec<Ons4Item> },
}

impl Score {
    /// A one-line summary for text output.
    pub fn summary(&self) -> String {
        match self {
            Score::Swemwbs { raw, metric } => format!("raw {raw}, metric {metric:.2}"),
            Score::Wemwbs { total } => format!("{total} of 70"),
            Score::Ucla3 { total } => format!("{total} of 9"),
            Score::Ons4 { items } => items
                .iter()
                .map(|i| format!("{} {} ({})", i.name, i.value, i.band))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// The numbers a wellbeing comparison uses, per tool or ONS4 item, each
/// under its group name (`swemwbs`, `ons4-anxiety`, …): SWEMWBS as metric
/// scores, WEMWBS and UCLA-3 as totals, ONS4 item by item.
pub fn comparable(tool: Tool, items: &[u8]) -> Vec<(String, f64)> {
    match tool.score(items) {
        Score::Swemwbs { metric, .. } => vec![("swemwbs".into(), metric)],
        Score::Wemwbs { total } => vec![("wemwbs".into(), f64::from(total))],
        Score::Ucla3 { total } => vec![("ucla3".into(), f64::from(total))],
        Score::Ons4 { items } => items
            .iter()
            .map(|i| (format!("ons4-{}", i.name), f64::from(i.value)))
            .collect(),
    }
}

/// A group's first and last score in one episode.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstToLast {
    pub group: String,
    pub first: (chrono::NaiveDate, f64),
    pub last: (chrono::NaiveDate, f64),
}

impl FirstToLast {
    /// last − first.
    pub fn change(&self) -> f64 {
        self.last.1 - self.first.1
    }

    /// Whether the change is at least the group's threshold in the good
    /// direction (down for UCLA-3 loneliness and ONS4 anxiety, up otherwise).
    pub fn improved(&self, t: &crate::model::policy::Thresholds) -> bool {
        let (threshold, lower_is_better) = threshold(&self.group, t);
        if lower_is_better {
            -self.change() >= threshold
        } else {
            self.change() >= threshold
        }
    }
}

/// The meaningful-change threshold of a group, and whether lower is better.
pub fn threshold(group: &str, t: &crate::model::policy::Thresholds) -> (f64, bool) {
    match group {
        "swemwbs" => (t.swemwbs, false),
        "wemwbs" => (t.wemwbs, false),
        "ucla3" => (t.ucla3, true),
        "ons4-anxiety" => (t.ons4, true),
        _ => (t.ons4, false),
    }
}

/// For each tool followed up in episode `e` (the follow-up measures `keep`
/// accepts), its first measure during the episode → its latest follow-up;
/// `last` holds the follow-up's date.
pub fn first_to_follow_up(
    e: &crate::model::referral::Episode,
    keep: impl Fn(&crate::model::referral::Measure) -> bool,
) -> Vec<FirstToLast> {
    let working = e.working_measures();
    let mut latest: Vec<&crate::model::referral::Measure> = Vec::new();
    for m in e.measures.iter().filter(|m| m.follow_up && keep(m)) {
        match latest.iter_mut().find(|l| l.tool == m.tool) {
            Some(l) if l.date <= m.date => *l = m,
            Some(_) => {}
            None => latest.push(m),
        }
    }
    let mut out = Vec::new();
    for later in latest {
        let Some(first) = working.iter().filter(|m| m.tool == later.tool).min_by_key(|m| m.date) else {
            continue;
        };
        // The pair of one tool taken twice, first and follow-up.
        out.extend(first_to_last(&[first.clone(), later.clone()]));
    }
    out
}

/// First → last for every tool used at least twice in `measures`, in the
/// order ONS4 (satisfaction, worthwhile, happiness, anxiety), SWEMWBS,
/// WEMWBS, UCLA-3.
pub fn first_to_last(measures: &[crate::model::referral::Measure]) -> Vec<FirstToLast> {
    let mut out = Vec::new();
    for tool in [Tool::Ons4, Tool::Swemwbs, Tool::Wemwbs, Tool::Ucla3] {
        let mut taken: Vec<_> = measures.iter().filter(|m| m.tool == tool).collect();
        taken.sort_by_key(|m| m.date);
        if let (Some(first), Some(last)) = (taken.first(), taken.last())
            && taken.len() >= 2
        {
            for ((group, a), (_, b)) in comparable(tool, &first.items)
                .into_iter()
                .zip(comparable(tool, &last.items))
            {
                out.push(FirstToLast {
                    group,
                    first: (first.date, a),
                    last: (last.date, b),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swemwbs_uses_the_metric_table() {
        assert_eq!(swemwbs_metric(7), 7.00);
        assert_eq!(swemwbs_metric(21), 19.25);
        assert_eq!(swemwbs_metric(27), 24.11);
        assert_eq!(swemwbs_metric(35), 35.00);
        assert!(swemwbs_metric(6).is_nan());
        assert_eq!(
            Tool::Swemwbs.score(&[3, 3, 3, 3, 3, 3, 3]),
            Score::Swemwbs { raw: 21, metric: 19.25 }
        );
    }

    #[test]
    fn item_counts_and_ranges_are_enforced() {
        assert_eq!(
            Tool::Swemwbs.check_items(&[3; 6]).unwrap_err(),
            "swemwbs has 7 items, got 6"
        );
        assert_eq!(
            Tool::Swemwbs.check_items(&[3, 3, 6, 3, 3, 3, 3]).unwrap_err(),
            "swemwbs item 3 is 6; each item must be 1 to 5"
        );
        assert!(Tool::Ons4.check_items(&[0, 10, 5, 0]).is_ok());
        assert!(Tool::Ons4.check_items(&[0, 11, 5, 0]).is_err());
        assert!(Tool::Wemwbs.check_items(&[1; 14]).is_ok());
        assert!(Tool::Wemwbs.check_items(&[0; 14]).is_err());
        assert!(Tool::Ucla3.check_items(&[1, 2, 3]).is_ok());
        assert!(Tool::Ucla3.check_items(&[1, 2, 4]).is_err());
    }

    #[test]
    fn sums_and_ons_bands() {
        assert_eq!(Tool::Wemwbs.score(&[3; 14]), Score::Wemwbs { total: 42 });
        assert_eq!(Tool::Ucla3.score(&[3, 2, 3]), Score::Ucla3 { total: 8 });
        let Score::Ons4 { items } = Tool::Ons4.score(&[4, 6, 8, 1]) else {
            panic!()
        };
        let bands: Vec<_> = items.iter().map(|i| i.band).collect();
        assert_eq!(bands, ["low", "medium", "high", "very low"]);
        assert_eq!(ons4_band("anxiety", 6), "high");
        assert_eq!(ons4_band("happiness", 9), "very high");
        assert_eq!(ons4_band("anxiety", 3), "low");
        assert_eq!(ons4_band("anxiety", 5), "medium");
    }
}
