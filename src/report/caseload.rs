//! The caseload: open referrals (`new`, `accepted`, `active`) with what needs
//! attention, most urgent first — by priority (urgent, high, not yet
//! triaged, routine), then by how many flags, then by days open, longest
//! first (SPEC §4) — and after them, closed referrals whose follow-up
//! measure is due (`follow-up-due`).

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::derived::{Flag, days_open, flags, follow_up_due};
use crate::model::person::age_on;
use crate::model::policy::Policy;
use crate::model::referral::{Priority, Referral, ReferralId, Status, urgency};

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

/// The open referrals on `today`, most urgent first, then the follow-ups
/// due (after `follow_up_days`).
pub fn caseload<'a>(
    referrals: impl IntoIterator<Item = &'a Referral>,
    policy: &Policy,
    follow_up_days: u32,
    today: NaiveDate,
) -> Vec<CaseloadRow> {
    let follow_up = |r: &Referral| follow_up_due(r, follow_up_days).is_some_and(|due| due <= today);
    let mut rows: Vec<CaseloadRow> = referrals
        .into_iter()
        .filter(|r| r.status.is_open() || follow_up(r))
        .map(|r| CaseloadRow {
            id: r.id.clone(),
            name: r.person.name.clone(),
            age: age_on(r.person.date_of_birth, today),
            status: r.status,
            priority: r.priority(),
            received: r.referral.received,
            days_open: days_open(r, today),
            last_contact: r.last_contact(),
            contacts: r.episode().contacts.iter().filter(|c| c.attended).count(),
            next_review: r
                .episode()
                .plan
                .as_ref()
                .and_then(|p| p.review_due)
                .filter(|_| r.status.is_open()),
            flags: if r.status.is_open() {
                flags(r, policy, today)
            } else {
                vec![Flag::FollowUpDue]
            },
        })
        .collect();
    rows.sort_by_key(|row| {
        (
            !row.status.is_open(),
            urgency(row.priority),
            Reverse(row.flags.len()),
            Reverse(row.days_open),
            row.id.clone(),
        )
    });
    rows
}
