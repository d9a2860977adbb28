//! The outcome report by group (`report --by`): does social prescribing
//! reach the people with the worst health inequalities? For each group of
//! people — by age band, stated gender, broad ethnic group, GP practice or
//! postcode district, "not-stated" being a group of its own — the referrals
//! received, accepted, declined and closed in the period, and the share of
//! wellbeing pairs that improved, counted as the main report counts them
//! (each episode's events in their own period).
//!
//! Small numbers are suppressed, as NHS statistical disclosure practice
//! asks: any count from 1 to `suppress_below − 1` is withheld (primary
//! suppression), and so is a share of fewer episodes than that, or of a
//! group whose closures are withheld. Every count's total is in the main
//! report, so the withheld counts of a measure add up to a known number:
//! while that would give them away — one withheld count, or withheld counts
//! that could only all be 1 — the smallest count still shown is withheld
//! too, a zero if nothing else is left (secondary suppression). Zero is
//! otherwise shown: it discloses no one. Periods are whole months, quarters
//! or years, so two overlapping reports cannot be subtracted either.

use std::collections::BTreeMap;

use serde::Serialize;

use super::outcomes::Value;
use super::period::Period;
use crate::model::amount;
use crate::model::measures::first_to_last;
use crate::model::monitoring::{NOT_STATED, postcode_district};
use crate::model::person::age_on;
use crate::model::policy::Thresholds;
use crate::model::referral::{Decision, Referral};
use crate::model::taxonomy::name_of;

/// What the groups are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    /// Age on the day the referral was received: 18-24 … 75-84, 85+.
    AgeBand,
    Gender,
    /// The five broad groups of the NHS ethnic categories.
    EthnicGroup,
    /// The registered GP practice's ODS code.
    Practice,
    /// The postcode district (`SE1`), never the full postcode.
    PostcodeDistrict,
}

/// One figure for one group; `value` is `None` when it is suppressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupFigure {
    pub measure: &'static str,
    pub group: String,
    pub value: Option<Value>,
    pub suppressed: bool,
}

/// The counts, in the order they are given.
const COUNTS: [&str; 4] = ["referrals_received", "triage_accepted", "triage_declined", "closed"];
const IMPROVED: &str = "wellbeing_improved_share";

/// The group `r`'s person falls in.
pub fn group_of(r: &Referral, by: Dimension) -> String {
    let m = &r.person.monitoring;
    let stated = |v: Option<String>| v.unwrap_or_else(|| NOT_STATED.to_string());
    match by {
        Dimension::AgeBand => age_band(age_on(r.person.date_of_birth, r.referral.received)),
        Dimension::Gender => stated(m.gender.map(|g| name_of(&g))),
        Dimension::EthnicGroup => stated(m.ethnic_category.map(|c| c.broad_group().to_string())),
        Dimension::Practice => stated(m.gp_practice.clone()),
        Dimension::PostcodeDistrict => stated(m.postcode.as_deref().map(|p| postcode_district(p).to_string())),
    }
}

fn age_band(age: u32) -> String {
    match age {
        0..=17 => "under-18".into(),
        18..=24 => "18-24".into(),
        85.. => "85+".into(),
        _ => {
            let low = (age - 25) / 10 * 10 + 25;
            format!("{low}-{}", low + 9)
        }
    }
}

/// Every figure for `period` by the groups `by` makes, with small numbers
/// suppressed below `suppress_below`.
pub fn by_group(
    referrals: &[Referral],
    period: &Period,
    thresholds: &Thresholds,
    by: Dimension,
    suppress_below: u32,
) -> Vec<GroupFigure> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for r in referrals {
        let mut g = Group::default();
        g.counts[0] += u64::from(period.contains(r.referral.received));
        for e in &r.episodes {
            if let Some(t) = e.triage.as_ref().filter(|t| period.contains(t.date)) {
                g.counts[if t.decision == Decision::Accepted { 1 } else { 2 }] += 1;
            }
            if e.closure.as_ref().is_some_and(|c| period.contains(c.date)) {
                g.counts[3] += 1;
                let pairs = first_to_last(&e.working_measures());
                g.episodes_paired += i64::from(!pairs.is_empty());
                g.improved += pairs.iter().filter(|p| p.improved(thresholds)).count() as i64;
                g.pairs += pairs.len() as i64;
            }
        }
        if g.counts == [0; 4] {
            continue;
        }
        groups.entry(group_of(r, by)).or_default().add(&g);
    }
    let small = |n: u64| n >= 1 && n < u64::from(suppress_below);
    let mut out = Vec::new();
    let mut closed_withheld = Vec::new();
    for (i, measure) in COUNTS.iter().enumerate() {
        let counts: Vec<u64> = groups.values().map(|g| g.counts[i]).collect();
        let withheld = withhold(&counts, small);
        if i == 3 {
            closed_withheld.clone_from(&withheld);
        }
        for ((group, n), suppressed) in groups.keys().zip(counts).zip(withheld) {
            out.push(GroupFigure {
                measure,
                group: group.clone(),
                value: (!suppressed).then_some(Value::Count(n)),
                suppressed,
            });
        }
    }
    for ((group, g), closed_hidden) in groups.iter().zip(closed_withheld) {
        if g.pairs == 0 {
            continue;
        }
        let suppressed = closed_hidden || small(g.episodes_paired as u64);
        out.push(GroupFigure {
            measure: IMPROVED,
            group: group.clone(),
            value: (!suppressed).then(|| Value::Amount(amount::ratio(g.improved, g.pairs).expect("pairs"))),
            suppressed,
        });
    }
    out
}

/// What one group holds: the four counts, and its wellbeing pairs.
#[derive(Debug, Default)]
struct Group {
    counts: [u64; 4],
    /// Closed episodes with at least one pair: the people behind the share.
    episodes_paired: i64,
    improved: i64,
    pairs: i64,
}

impl Group {
    fn add(&mut self, other: &Group) {
        for (total, n) in self.counts.iter_mut().zip(other.counts) {
            *total += n;
        }
        self.episodes_paired += other.episodes_paired;
        self.improved += other.improved;
        self.pairs += other.pairs;
    }
}

/// Which of a measure's `counts` (one per group) to withhold: the `small`
/// ones, and then, while the withheld ones could be worked out from the
/// total — one alone, or only ever all 1 — the smallest still shown.
fn withhold(counts: &[u64], small: impl Fn(u64) -> bool) -> Vec<bool> {
    let mut withheld: Vec<bool> = counts.iter().map(|n| small(*n)).collect();
    loop {
        let hidden: Vec<u64> = counts
            .iter()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(n, _)| *n)
            .collect();
        let given_away = hidden.len() == 1 || (!hidden.is_empty() && hidden.iter().all(|n| *n == 1));
        if !given_away {
            return withheld;
        }
        // The smallest count shown, a non-zero one first.
        let next = (0..counts.len())
            .filter(|j| !withheld[*j])
            .min_by_key(|j| (counts[*j] == 0, counts[*j]));
        match next {
            Some(j) => withheld[j] = true,
            None => return withheld,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(counts: &[u64]) -> Vec<Option<u64>> {
        let small = |n: u64| (1..5).contains(&n);
        let withheld = withhold(counts, small);
        counts.iter().zip(withheld).map(|(n, w)| (!w).then_some(*n)).collect()
    }

    #[test]
    fn withheld_counts_can_never_be_worked_out_from_the_total() {
        assert_eq!(shown(&[6, 2, 1]), [Some(6), None, None]);
        assert_eq!(shown(&[6, 5, 1]), [Some(6), None, None], "one alone takes the next");
        assert_eq!(
            shown(&[2, 0, 0]),
            [None, None, Some(0)],
            "a zero if nothing else is left"
        );
        assert_eq!(
            shown(&[1, 1, 20, 9]),
            [None, None, Some(20), None],
            "1 + 1 would be certain"
        );
        assert_eq!(shown(&[7, 0, 9]), [Some(7), Some(0), Some(9)]);
        assert_eq!(shown(&[3]), [None]);
    }

    #[test]
    fn age_bands_are_ten_years_from_25() {
        let bands: Vec<String> = [17, 18, 24, 25, 34, 35, 60, 84, 85, 101].map(age_band).to_vec();
        assert_eq!(
            bands,
            [
                "under-18", "18-24", "18-24", "25-34", "25-34", "35-44", "55-64", "75-84", "85+", "85+"
            ]
        );
    }
}
