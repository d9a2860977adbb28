//! Erasure: a referral reduced to an anonymous skeleton that keeps every
//! aggregate figure. The person's name, date of birth (kept only as the age
//! on the day the referral was received), NHS number, contact details,
//! postcode beyond its district, language, consent, and every piece of free
//! text (notes, what matters, goal wording, local fields) go; dates, source,
//! needs, statuses, outcomes, scores and the equality codes reports group
//! by stay. The erasure log holds the ID, the day and the reason.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::monitoring::postcode_district;
use super::person::age_on;
use super::referral::Referral;

/// What an erased person's name becomes.
pub const ERASED: &str = "(erased)";

/// One erasure, as the casebook's `erasures.yaml` lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Erasure {
    pub id: String,
    pub date: NaiveDate,
    pub reason: String,
}

/// `r` with nothing left that identifies the person; a connection is kept
/// by name only when it names a service the directory lists (`listed`).
pub fn anonymised(r: &Referral, listed: &dyn Fn(&str) -> bool) -> Referral {
    let mut r = r.clone();
    let received = r.referral.received;
    // The age on the day the referral was received is kept (reports band
    // ages by it); the birthday is not.
    let age = age_on(r.person.date_of_birth, received) as i32;
    let born = NaiveDate::from_ymd_opt(received.year() - age, received.month(), received.day().min(28))
        .unwrap_or(r.person.date_of_birth);
    let p = &mut r.person;
    p.name = ERASED.to_string();
    p.date_of_birth = if age_on(born, received) as i32 == age {
        born
    } else {
        p.date_of_birth
    };
    p.nhs_number = None;
    p.phone = None;
    p.email = None;
    p.preferred_contact = None;
    p.consent_to_share_with_gp = None;
    let m = &mut p.monitoring;
    m.postcode = m.postcode.as_deref().map(|pc| postcode_district(pc).to_string());
    m.language = None;
    m.interpreter_needed = None;
    m.carer = None;
    r.referral.referrer = None;
    r.referral.notes = None;
    for e in &mut r.episodes {
        e.note = None;
        if let Some(t) = &mut e.triage {
            t.note = None;
        }
        if let Some(plan) = &mut e.plan {
            plan.what_matters = ERASED.to_string();
            for g in &mut plan.goals {
                g.text = ERASED.to_string();
            }
            // A connection named in words may name anyone; a service the
            // directory lists does not (reports count the others together).
            for c in &mut plan.connections {
                if !listed(&c.service) {
                    c.service = ERASED.to_string();
                }
            }
        }
        for c in &mut e.contacts {
            c.note = None;
        }
        if let Some(c) = &mut e.closure {
            c.note = None;
        }
        for o in &mut e.reopened {
            o.note = None;
        }
    }
    r.extra = Default::default();
    r
}
