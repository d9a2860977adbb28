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
//! suppression), and so is a share taken of that few pairs. Where a figure's
//! total can be read from the main report and only one group of a measure is
//! withheld, the next smallest count is withheld too (secondary
//! suppression), so no withheld count can be worked out by subtraction.
//! Zero is shown: it discloses no one.

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
    // group → the four counts, and (improved, pairs).
    let mut groups: BTreeMap<String, ([u64; 4], (i64, i64))> = BTreeMap::new();
    for r in referrals {
        let mut counts = [0u64; 4];
        let mut pairs = (0i64, 0i64);
        counts[0] += u64::from(period.contains(r.referral.received));
        for e in &r.episodes {
            if let Some(t) = e.triage.as_ref().filter(|t| period.contains(t.date)) {
                counts[if t.decision == Decision::Accepted { 1 } else { 2 }] += 1;
            }
            if e.closure.as_ref().is_some_and(|c| period.contains(c.date)) {
                counts[3] += 1;
                for pair in first_to_last(&e.working_measures()) {
                    pairs.0 += i64::from(pair.improved(thresholds));
                    pairs.1 += 1;
                }
            }
        }
        if counts == [0; 4] {
            continue;
        }
        let entry = groups.entry(group_of(r, by)).or_default();
        for (total, n) in entry.0.iter_mut().zip(counts) {
            *total += n;
        }
        entry.1.0 += pairs.0;
        entry.1.1 += pairs.1;
    }
    let small = |n: u64| n >= 1 && n < u64::from(suppress_below);
    let mut out = Vec::new();
    for (i, measure) in COUNTS.iter().enumerate() {
        let counts: Vec<(&String, u64)> = groups.iter().map(|(g, (c, _))| (g, c[i])).collect();
        let mut withheld: Vec<bool> = counts.iter().map(|(_, n)| small(*n)).collect();
        // One withheld count would be the total less the others: withhold
        // the next smallest as well.
        if withheld.iter().filter(|w| **w).count() == 1 {
            let next = counts
                .iter()
                .enumerate()
                .filter(|(j, (_, n))| !withheld[*j] && *n > 0)
                .min_by_key(|(_, (_, n))| *n)
                .map(|(j, _)| j);
            if let Some(j) = next {
                withheld[j] = true;
            }
        }
        for ((group, n), suppressed) in counts.into_iter().zip(withheld) {
            out.push(GroupFigure {
                measure,
                group: group.clone(),
                value: (!suppressed).then_some(Value::Count(n)),
                suppressed,
            });
        }
    }
    for (group, (_, (improved, pairs))) in &groups {
        if *pairs == 0 {
            continue;
        }
        let suppressed = small(*pairs as u64);
        out.push(GroupFigure {
            measure: IMPROVED,
            group: group.clone(),
            value: (!suppressed).then(|| Value::Amount(amount::ratio(*improved, *pairs).expect("pairs"))),
            suppressed,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
