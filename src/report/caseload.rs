//! The caseload: open referrals (`new`, `accepted`, `active`) with what needs
//! attention, most urgent first — by priority (urgent, high, not yet
//! triaged, routine), then by how many flags, then by days open, longest
//! first (SPEC §4).

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::derived::{Flag, days_open, flags};
use crate::model::person::age_on;
use crate::model::policy::Policy;
use crate::model::referral::{Priority, Referral, ReferralId, Status};

/// One line of the caseload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseloadRow {
    pub id: ReferralId,
    pub name: String,
    pub age: u32,
    pub status: Status,
    pub priority: Option<Priority>,
    pub received: NaiveDate,
    pub days_open: i64,
    /// The last attended contact.
    pub last_contact: Option<NaiveDate>,
    /// Attended contacts so far.
    pub contacts: usize,
    pub next_review: Option<NaiveDate>,
    pub flags: Vec<Flag>,
}

/// Where a referral's priority puts it: untriaged referrals come after
/// urgent and high ones but before routine, since their priority is unknown.
fn urgency(row: &CaseloadRow) -> u8 {
    match row.priority {
        Some(Priority::Urgent) => 0,
        Some(Priority::High) => 1,
        None => 2,
        Some(Priority::Routine) => 3,
    }
}

/// The open referrals on `today`, most urgent first.
pub fn caseload<'a>(
    referrals: impl IntoIterator<Item = &'a Referral>,
    policy: &Policy,
    today: NaiveDate,
) -> Vec<CaseloadRow> {
    let mut rows: Vec<CaseloadRow> = referrals
        .into_iter()
        .filter(|r| r.status.is_open())
        .map(|r| CaseloadRow {
            id: r.id.clone(),
            name: r.person.name.clone(),
            age: age_on(r.person.date_of_birth, today),
            status: r.status,
            priority: r.triage.as_ref().and_then(|t| t.priority),
            received: r.referral.received,
            days_open: days_open(r, today),
            last_contact: r.last_contact(),
            contacts: r.contacts.iter().filter(|c| c.attended).count(),
            next_review: r.plan.as_ref().and_then(|p| p.review_due),
            flags: flags(r, policy, today),
        })
        .collect();
    rows.sort_by_key(|row| {
        (
            urgency(row),
            Reverse(row.flags.len()),
            Reverse(row.days_open),
            row.id.clone(),
        )
    });
    rows
}
