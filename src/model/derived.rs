//! Values derived from a record on a given day, never stored: ages, days open,
//! wellbeing scores and the caseload flags that tell a link worker what needs
//! attention (SPEC §4).

use chrono::NaiveDate;
use serde::Serialize;

use super::measures::{Score, Tool};
use super::person::age_on;
use super::policy::Policy;
use super::referral::{Decision, Episode, Referral, Status};

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
    /// Closed, and the follow-up measure is due.
    FollowUpDue,
}

impl Flag {
    pub fn name(self) -> &'static str {
        match self {
            Flag::Untriaged => "untriaged",
            Flag::ReviewOverdue => "review-overdue",
            Flag::NoRecentContact => "no-recent-contact",
            Flag::NoPlan => "no-plan",
            Flag::FollowUpDue => "follow-up-due",
        }
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Days the latest episode has been open: to its closure or decline, or
/// to `today`.
pub fn days_open(r: &Referral, today: NaiveDate) -> i64 {
    let e = r.episode();
    days(e.opened, e.ended().unwrap_or(today)).max(0)
}

/// The caseload flags of an open referral on `today`, in a fixed order.
pub fn flags(r: &Referral, policy: &Policy, today: NaiveDate) -> Vec<Flag> {
    let mut out = Vec::new();
    if !r.status.is_open() {
        return out;
    }
    let e = r.episode();
    if r.status == Status::New && days(e.opened, today) > i64::from(policy.triage_target_days) {
        out.push(Flag::Untriaged);
    }
    if r.status == Status::Active
        && let Some(due) = e.plan.as_ref().and_then(|p| p.review_due)
        && due < today
    {
        out.push(Flag::ReviewOverdue);
    }
    let since = r.last_contact().map_or(e.opened, |last| last.max(e.opened));
    if days(since, today) > i64::from(policy.contact_gap_days) {
        out.push(Flag::NoRecentContact);
    }
    if r.status == Status::Accepted && e.plan.is_none() {
        out.push(Flag::NoPlan);
    }
    out
}

/// When the follow-up measure of a closed referral is due: `follow_up_days`
/// after its latest episode closed, unless a follow-up measure is already
/// recorded, or the closure says there is no one to follow up (the person
/// declined, could not be contacted, moved away or died).
pub fn follow_up_due(r: &Referral, follow_up_days: u32) -> Option<NaiveDate> {
    use super::taxonomy::Outcome;
    let e = r.episode();
    let closure = e.closure.as_ref().filter(|_| r.status == Status::Closed)?;
    let gone = matches!(
        closure.outcome,
        Outcome::PersonDeclined | Outcome::UnableToContact | Outcome::MovedAway | Outcome::Deceased
    );
    if gone || e.measures.iter().any(|m| m.follow_up) {
        return None;
    }
    closure.date.checked_add_days(chrono::Days::new(follow_up_days.into()))
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
    let contacts: Vec<_> = r.episodes.iter().flat_map(|e| &e.contacts).collect();
    let attended = contacts.iter().filter(|c| c.attended).count();
    Derived {
        age: age_on(r.person.date_of_birth, today),
        age_at_referral: r.age_at_referral(),
        days_open: days_open(r, today),
        last_contact: r.last_contact(),
        contacts_attended: attended,
        contacts_missed: contacts.len() - attended,
        scores: r
            .episodes
            .iter()
            .flat_map(|e| &e.measures)
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
/// dates (`None` if it had not been received yet): that of the latest
/// episode opened by then.
pub fn status_on(r: &Referral, day: NaiveDate) -> Option<Status> {
    if r.referral.received > day {
        return None;
    }
    let e = r.episodes.iter().rev().find(|e| e.opened <= day)?;
    Some(episode_status_on(e, day))
}

/// The status an episode gave its referral at the end of `day` (on or after
/// it opened).
pub fn episode_status_on(e: &Episode, day: NaiveDate) -> Status {
    if e.closure.as_ref().is_some_and(|c| c.date <= day) {
        return Status::Closed;
    }
    let planned = e.plan.as_ref().is_some_and(|p| p.agreed <= day);
    match e.triage.as_ref().filter(|t| t.date <= day) {
        Some(t) if t.decision == Decision::Declined => Status::Declined,
        Some(_) if planned => Status::Active,
        Some(_) => Status::Accepted,
        // Reopened after a closure: the acceptance before carries on.
        None if e.reopened_from == Some(Status::Closed) && planned => Status::Active,
        None if e.reopened_from == Some(Status::Closed) => Status::Accepted,
        None => Status::New,
    }
}
