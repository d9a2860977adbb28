//! SNOMED CT codes for social prescribing (England), from
//! `reference/measures.md`: what GP practices record so that referrals and
//! refusals show in the GP record and national reporting.

use chrono::NaiveDate;
use serde::Serialize;

use super::referral::{Decision, Referral};
use super::taxonomy::{DeclineReason, Outcome};

pub const REFERRED: (&str, &str) = ("871731000000106", "Referral to social prescribing service (procedure)");
pub const DECLINED: (&str, &str) = ("871711000000103", "Social prescribing declined (situation)");

/// One event a GP practice should code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodedEvent {
    pub date: NaiveDate,
    pub concept_id: &'static str,
    pub term: &'static str,
}

/// The coded events of a referral: acceptance (once per episode), and the
/// person declining social prescribing, at triage or by closing the episode.
pub fn coded_events(r: &Referral) -> Vec<CodedEvent> {
    let mut out = Vec::new();
    let event = |date, (concept_id, term): (&'static str, &'static str)| CodedEvent { date, concept_id, term };
    for e in &r.episodes {
        if let Some(t) = &e.triage {
            match t.decision {
                Decision::Accepted => out.push(event(t.date, REFERRED)),
                Decision::Declined if t.decline_reason == Some(DeclineReason::PersonDeclined) => {
                    out.push(event(t.date, DECLINED))
                }
                Decision::Declined => {}
            }
        }
        if let Some(c) = &e.closure
            && c.outcome == Outcome::PersonDeclined
        {
            out.push(event(c.date, DECLINED));
        }
    }
    out
}
