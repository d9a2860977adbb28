//! The agenda: what is due or overdue for the link worker in the next few
//! days — triage past its target, a first contact, a plan, a review, a
//! follow-up measure, a contact after too long a gap — most urgent first,
//! each with the command to run next.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::model::derived::follow_up_due;
use crate::model::policy::Rules;
use crate::model::referral::{Priority, Referral, ReferralId, Status, urgency};

/// What is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Due {
    Triage,
    FirstContact,
    Plan,
    Review,
    Contact,
    FollowUp,
}

impl Due {
    pub fn name(self) -> &'static str {
        match self {
            Due::Triage => "triage",
            Due::FirstContact => "first contact",
            Due::Plan => "plan",
            Due::Review => "review",
            Due::Contact => "contact (gap)",
            Due::FollowUp => "follow-up measure",
        }
    }

    /// The command to run next for referral `id`.
    pub fn next(self, id: &ReferralId) -> String {
        match self {
            Due::Triage => format!("sprx triage {id} --accept"),
            Due::FirstContact | Due::Contact => format!("sprx contact {id} --mode phone"),
            Due::Plan => format!("sprx plan {id} --what-matters \"…\""),
            Due::Review => format!("sprx plan {id} --review YYYY-MM-DD"),
            Due::FollowUp => format!("sprx measure {id} --tool T --items …"),
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub due: NaiveDate,
    pub overdue: bool,
    pub id: ReferralId,
    pub name: String,
    pub what: Due,
    pub priority: Option<Priority>,
    pub next: String,
}

/// Everything due on or before `today + days`, overdue first, then by
/// date, priority (urgent first) and ID.
pub fn agenda<'a>(
    referrals: impl IntoIterator<Item = &'a Referral>,
    rules: &Rules,
    today: NaiveDate,
    days: u32,
) -> Vec<Item> {
    let until = today.checked_add_days(Days::new(days.into())).unwrap_or(today);
    let after = |from: NaiveDate, n: u32| from.checked_add_days(Days::new(n.into())).unwrap_or(from);
    let policy = &rules.policy;
    let mut out = Vec::new();
    for r in referrals {
        let e = r.episode();
        let mut due: Vec<(Due, NaiveDate)> = Vec::new();
        match r.status {
            Status::New => due.push((Due::Triage, after(e.opened, policy.triage_target_days))),
            Status::Accepted | Status::Active => {
                let accepted = e.triage.as_ref().map_or(e.opened, |t| t.date);
                let last = e.contacts.iter().filter(|c| c.attended).map(|c| c.date).max();
                match last {
                    None => due.push((Due::FirstContact, after(accepted, policy.contact_gap_days))),
                    Some(last) => due.push((Due::Contact, after(last, policy.contact_gap_days))),
                }
                match &e.plan {
                    None => due.push((Due::Plan, after(accepted, policy.review_interval_days))),
                    Some(p) => due.extend(p.review_due.map(|d| (Due::Review, d))),
                }
            }
            Status::Closed => {
                due.extend(follow_up_due(r, rules.thresholds.follow_up_days).map(|d| (Due::FollowUp, d)));
            }
            Status::Declined => {}
        }
        for (what, date) in due.into_iter().filter(|(_, d)| *d <= until) {
            out.push(Item {
                due: date,
                overdue: date < today,
                id: r.id.clone(),
                name: r.person.name.clone(),
                what,
                priority: r.priority(),
                next: what.next(&r.id),
            });
        }
    }
    out.sort_by(|a, b| {
        (!a.overdue, a.due, urgency(a.priority), &a.id, a.what).cmp(&(
            !b.overdue,
            b.due,
            urgency(b.priority),
            &b.id,
            b.what,
        ))
    });
    out
}
