//! The outcome report (SPEC §5): aggregate figures for a period — never a
//! name, NHS number, contact detail or ID. Each figure is a measure, a group
//! (`all`, or a source, need, reason, outcome, tool, service or status) and a
//! number, so the CSV is tidy: one row per figure.
//!
//! Each episode's events count in their own period, so reopening a referral
//! never moves a past period's figures. What counts in the period: referrals
//! *received* in it; triage decisions, each episode's first attended
//! contact, contacts and connections *dated* in it; episodes *closed* in it
//! (closures, episode length from the day the episode opened, goals,
//! wellbeing); follow-up measures *dated* in it. Wellbeing pairs are the
//! first and last measure with the same tool during an episode closed in
//! the period; follow-up pairs are the episode's first measure and its
//! latest follow-up in the period with that tool. SWEMWBS uses metric
//! scores; ONS4 is per item. Mean change is later − first; "improved" means
//! a change of at least the `[measures]` threshold in the good direction
//! (down for UCLA-3 and ONS4 anxiety, up otherwise). Amounts are rounded
//! half away from zero on their exact decimal value (`model::amount`). Unmet needs: needs of referrals received in the
//! period that no active service in the directory lists, with the number of
//! referrals affected — given when the directory has an active service.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::period::Period;
use crate::model::amount;
use crate::model::derived::status_on;
use crate::model::measures::{FirstToLast, ONS4_ITEMS, first_to_follow_up, first_to_last};
use crate::model::policy::Thresholds;
use crate::model::referral::{Closure, Decision, Episode, GoalStatus, Referral, Triage};
use crate::model::service::{Service, ServiceStatus, reported_by_id};
use crate::model::taxonomy::name_of;

/// A figure's value: a count, or an amount rounded to two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Count(u64),
    Amount(f64),
}

impl Value {
    /// Plain text: no thousands separators, no trailing zeros.
    pub fn text(&self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Amount(v) => {
                let s = format!("{v:.2}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                if s == "-0" { "0".into() } else { s.to_string() }
            }
        }
    }
}

/// One figure of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub measure: &'static str,
    pub group: String,
    pub value: Value,
}

#[derive(Default)]
struct Figures(Vec<Figure>);

impl Figures {
    fn add(&mut self, measure: &'static str, group: impl Into<String>, value: Value) {
        self.0.push(Figure {
            measure,
            group: group.into(),
            value,
        });
    }

    fn count(&mut self, measure: &'static str, n: usize) {
        self.add(measure, "all", Value::Count(n as u64));
    }

    fn groups(&mut self, measure: &'static str, counts: BTreeMap<String, usize>) {
        for (group, n) in counts {
            self.add(measure, group, Value::Count(n as u64));
        }
    }

    /// The median, when there is anything to take it of.
    fn median(&mut self, measure: &'static str, mut values: Vec<i64>) {
        if values.is_empty() {
            return;
        }
        values.sort_unstable();
        let mid = values.len() / 2;
        let m = if values.len() % 2 == 1 {
            values[mid] as f64
        } else {
            amount::ratio(values[mid - 1] + values[mid], 2).expect("two values")
        };
        self.add(measure, "all", Value::Amount(m));
    }
}

fn tally<'a>(keys: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for k in keys {
        *out.entry(k.to_string()).or_insert(0) += 1;
    }
    out
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Every figure for `period`, computed from `referrals` and the services
/// directory (for unmet needs, given only when it lists an active service).
pub fn report(referrals: &[Referral], period: &Period, thresholds: &Thresholds, services: &[Service]) -> Vec<Figure> {
    let mut f = Figures::default();
    let received: Vec<&Referral> = referrals
        .iter()
        .filter(|r| period.contains(r.referral.received))
        .collect();
    f.count("referrals_received", received.len());
    f.groups(
        "referrals_received_by_source",
        tally(received.iter().map(|r| r.referral.source.as_str())),
    );
    f.groups(
        "referrals_received_by_need",
        tally(
            received
                .iter()
                .flat_map(|r| r.referral.needs.iter().map(String::as_str)),
        ),
    );

    // Every episode, with the referral it belongs to.
    let episodes: Vec<(&Referral, &Episode)> = referrals
        .iter()
        .flat_map(|r| r.episodes.iter().map(move |e| (r, e)))
        .collect();
    let triages: Vec<(&Episode, &Triage)> = episodes
        .iter()
        .filter_map(|(_, e)| e.triage.as_ref().map(|t| (*e, t)))
        .filter(|(_, t)| period.contains(t.date))
        .collect();
    f.count(
        "triage_accepted",
        triages.iter().filter(|(_, t)| t.decision == Decision::Accepted).count(),
    );
    let reasons: Vec<String> = triages
        .iter()
        .filter_map(|(_, t)| t.decline_reason)
        .map(|x| name_of(&x))
        .collect();
    f.count("triage_declined", reasons.len());
    f.groups("triage_declined_by_reason", tally(reasons.iter().map(String::as_str)));
    f.median(
        "triage_median_days",
        triages.iter().map(|(e, t)| days(e.opened, t.date)).collect(),
    );

    let first_contacts: Vec<i64> = episodes
        .iter()
        .filter_map(|(_, e)| {
            let first = e.working_contacts().filter(|c| c.attended).map(|c| c.date).min()?;
            period.contains(first).then(|| days(e.opened, first))
        })
        .collect();
    f.median("first_contact_median_days", first_contacts);

    let contacts: Vec<_> = episodes
        .iter()
        .flat_map(|(_, e)| &e.contacts)
        .filter(|c| period.contains(c.date))
        .collect();
    f.count("contacts", contacts.len());
    f.count("contacts_attended", contacts.iter().filter(|c| c.attended).count());
    f.count(
        "contacts_did_not_attend",
        contacts.iter().filter(|c| !c.attended).count(),
    );
    f.add(
        "contact_minutes",
        "all",
        Value::Count(contacts.iter().filter_map(|c| c.minutes).map(u64::from).sum()),
    );

    let closed: Vec<(&Episode, &Closure)> = episodes
        .iter()
        .filter_map(|(_, e)| e.closure.as_ref().map(|c| (*e, c)))
        .filter(|(_, c)| period.contains(c.date))
        .collect();
    f.count("closed", closed.len());
    let outcomes: Vec<String> = closed.iter().map(|(_, c)| name_of(&c.outcome)).collect();
    f.groups("closed_by_outcome", tally(outcomes.iter().map(String::as_str)));
    f.median(
        "episode_median_days",
        closed.iter().map(|(e, c)| days(e.opened, c.date)).collect(),
    );
    let goals: Vec<_> = closed
        .iter()
        .filter_map(|(e, _)| e.plan.as_ref())
        .flat_map(|p| &p.goals)
        .collect();
    f.count("goals_set", goals.len());
    f.count(
        "goals_met",
        goals.iter().filter(|g| g.status == GoalStatus::Met).count(),
    );
    f.count(
        "goals_partly_met",
        goals.iter().filter(|g| g.status == GoalStatus::PartlyMet).count(),
    );
    let pairs = closed.iter().map(|(e, _)| first_to_last(&e.working_measures()));
    wellbeing(&mut f, pairs.collect(), thresholds, WELLBEING);
    let follow_ups = episodes
        .iter()
        .map(|(_, e)| first_to_follow_up(e, |m| period.contains(m.date)));
    wellbeing(&mut f, follow_ups.collect(), thresholds, FOLLOW_UP);

    let connections: Vec<(&Referral, &str)> = episodes
        .iter()
        .filter_map(|(r, e)| e.plan.as_ref().map(|p| (*r, p)))
        .flat_map(|(r, p)| {
            p.connections
                .iter()
                .filter(|c| period.contains(c.date))
                .map(move |c| (r, c.service.as_str()))
        })
        .collect();
    f.count("connections", connections.len());
    // Free text may hold anything a worker typed, even a name (and may look
    // like an id): only services the directory lists are reported by id.
    let listed = |s: &str| reported_by_id(s, services);
    let by_service = connections
        .iter()
        .map(|(_, s)| if listed(s) { *s } else { "free-text" });
    f.groups("connections_by_service", tally(by_service));
    f.groups(
        "connections_by_need",
        tally(
            connections
                .iter()
                .flat_map(|(r, _)| r.referral.needs.iter().map(String::as_str)),
        ),
    );

    let open: Vec<String> = referrals
        .iter()
        .filter_map(|r| status_on(r, period.end))
        .filter(|s| s.is_open())
        .map(|s| name_of(&s))
        .collect();
    f.count("open_at_end", open.len());
    f.groups("open_at_end_by_status", tally(open.iter().map(String::as_str)));

    let active: Vec<&Service> = services.iter().filter(|s| s.status == ServiceStatus::Active).collect();
    if !active.is_empty() {
        let offered = |need: &str| active.iter().any(|s| s.needs.iter().any(|n| n == need));
        let unmet = received
            .iter()
            .flat_map(|r| r.referral.needs.iter().map(String::as_str))
            .filter(|n| !offered(n));
        f.groups("unmet_need", tally(unmet));
    }
    f.0
}

/// The names of one kind of wellbeing figure: during the episode (first →
/// last), or at follow-up (first → follow-up).
struct Names {
    pairs: &'static str,
    first: &'static str,
    later: &'static str,
    change: &'static str,
    improved: &'static str,
}

const WELLBEING: Names = Names {
    pairs: "wellbeing_pairs",
    first: "wellbeing_mean_first",
    later: "wellbeing_mean_last",
    change: "wellbeing_mean_change",
    improved: "wellbeing_improved_share",
};

const FOLLOW_UP: Names = Names {
    pairs: "follow_up_pairs",
    first: "follow_up_mean_first",
    later: "follow_up_mean_follow_up",
    change: "follow_up_mean_change",
    improved: "follow_up_improved_share",
};

/// Wellbeing figures from each episode's pairs, group by group.
fn wellbeing(f: &mut Figures, episodes: Vec<Vec<FirstToLast>>, t: &Thresholds, names: Names) {
    // Group → each episode's pair, in the order first_to_last gives.
    let mut groups: Vec<(String, Vec<FirstToLast>)> = Vec::new();
    let order = |g: &str| {
        let tool = ["ons4", "swemwbs", "wemwbs", "ucla3"]
            .iter()
            .position(|t| g.starts_with(t))
            .unwrap_or(9);
        (tool, ONS4_ITEMS.iter().position(|i| g.ends_with(i)).unwrap_or(0))
    };
    for pair in episodes.into_iter().flatten() {
        match groups.iter_mut().find(|(g, _)| *g == pair.group) {
            Some((_, pairs)) => pairs.push(pair),
            None => groups.push((pair.group.clone(), vec![pair])),
        }
    }
    groups.sort_by_key(|(g, _)| order(g));
    for (group, pairs) in groups {
        let mean = |v: &dyn Fn(&FirstToLast) -> f64| {
            Value::Amount(amount::mean(pairs.iter().map(v)).expect("a group has pairs"))
        };
        f.add(names.pairs, group.clone(), Value::Count(pairs.len() as u64));
        f.add(names.first, group.clone(), mean(&|p| p.first.1));
        f.add(names.later, group.clone(), mean(&|p| p.last.1));
        f.add(names.change, group.clone(), mean(&|p| p.change()));
        let improved = pairs.iter().filter(|p| p.improved(t)).count() as i64;
        let share = amount::ratio(improved, pairs.len() as i64).expect("a group has pairs");
        f.add(names.improved, group, Value::Amount(share));
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_plain_numbers() {
        assert_eq!(Value::Count(12345).text(), "12345");
        assert_eq!(Value::Amount(19.25).text(), "19.25");
        assert_eq!(Value::Amount(2.5).text(), "2.5");
        assert_eq!(Value::Amount(3.0).text(), "3");
        assert_eq!(Value::Amount(amount::ratio(2, 3).unwrap()).text(), "0.67");
        assert_eq!(Value::Amount(amount::ratio(-1, 1000).unwrap()).text(), "0");
    }
}
