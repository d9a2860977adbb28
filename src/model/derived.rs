//! Values derived from a record on a given day, never stored: ages, days open,
//! wellbeing scores and the caseload flags that tell a link worker what needs
//! attention (SPEC §4).

use chrono::NaiveDate;
use serde::Serialize;

use super::measures::{Score, Tool};
use super::person::age_on;
use super::policy::Policy;
use super::referral::{Referral, Status};

/// Something about an open referral that needs attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// New for longer than the triage target.
    Untriaged,
    /// The plan's review date has passed.
    ReviewOverdue,
    /// No attended contact for the contact gap.
    NoRecentContact,
    /// Accepted but no plan yet.
    NoPlan,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Untriaged => "untriaged",
            Flag::ReviewOverdue => "review-overdue",
            Flag::NoRecentContact => "no-recent-contact",
            Flag::NoPlan => "no-plan",
        }
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Days the episode has been open: to closure, or to `today`.
pub fn days_open(r: &Referral, today: NaiveDate) -> i64 {
    let end = match (&r.status, &r.closure, &r.triage) {
        (Status::Closed, Some(c), _) => c.date,
        (Status::Declined, _, Some(t)) => t.date,
        _ => today,
    };
    days(r.referral.received, end).max(0)
}

/// The caseload flags of an open referral on `today`, in a fixed order.
pub fn flags(r: &Referral, policy: &Policy, today: NaiveDate) -> Vec<Flag> {
    let mut out = Vec::new();
    if !r.status.is_open() {
        return out;
    }
    if r.status == Status::New && days(r.referral.received, today) > i64::from(policy.triage_target_days) {
        out.push(Flag::Untriaged);
    }
    if r.status == Status::Active
        && let Some(due) = r.plan.as_ref().and_then(|p| p.review_due)
        && due < today
    {
        out.push(Flag::ReviewOverdue);
    }
    let since = r.last_contact().unwrap_or(r.referral.received);
    if days(since, today) > i64::from(policy.contact_gap_days) {
        out.push(Flag::NoRecentContact);
    }
    if r.status == Status::Accepted && r.plan.is_none() {
        out.push(Flag::NoPlan);
    }
    out
}

/// One measure with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoredMeasure {
    pub date: NaiveDate,
    pub tool: Tool,
    pub score: Score,
}

/// Everything `show` derives from a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derived {
    /// Age today (or on the day the view is taken).
    pub age: u32,
    pub age_at_referral: u32,
    pub days_open: i64,
    pub last_contact: Option<NaiveDate>,
    pub contacts_attended: usize,
    pub contacts_missed: usize,
    pub scores: Vec<ScoredMeasure>,
    pub flags: Vec<Flag>,
}

pub fn derive(r: &Referral, policy: &Policy, today: NaiveDate) -> Derived {
    let attended = r.contacts.iter().filter(|c| c.attended).count();
    Derived {
        age: age_on(r.person.date_of_birth, today),
        age_at_referral: r.age_at_referral(),
        days_open: days_open(r, today),
        last_contact: r.last_contact(),
        contacts_attended: attended,
        contacts_missed: r.contacts.len() - attended,
        scores: r
            .measures
            .iter()
            .map(|m| ScoredMeasure {
                date: m.date,
                tool: m.tool,
                score: m.tool.score(&m.items),
            })
            .collect(),
        flags: flags(r, policy, today),
    }
}

/// The status a referral had at the end of `day`, judged from its event
/// dates (`None` if it had not been received yet). A reopened episode's
/// earlier closure is no longer in the record, so for exact past states read
/// the casebook as of that day instead.
pub fn status_on(r: &Referral, day: NaiveDate) -> Option<Status> {
    use super::referral::Decision;
    if r.referral.received > day {
        return None;
    }
    if r.closure.as_ref().is_some_and(|c| c.date <= day) {
        return Some(Status::Closed);
    }
    Some(match r.triage.as_ref().filter(|t| t.date <= day) {
        None => Status::New,
        Some(t) if t.decision == Decision::Declined => Status::Declined,
        Some(_) if r.plan.as_ref().is_some_and(|p| p.agreed <= day) => Status::Active,
        Some(_) => Status::Accepted,
    })
}
