//! Whole-record rules (SPEC §2). Every write is checked against these after
//! the lifecycle step, and `create --from` and hand edits are checked before
//! anything is committed. Each problem names the field it is about.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;

use super::person::check_nhs_number;
use super::policy::Rules;
use super::referral::{Decision, Referral, SCHEMA_VERSION, Status};

/// One broken rule, with the dotted path of the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn problem(field: impl ToString, message: impl Into<String>) -> Problem {
    Problem {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Check a record against every rule; empty when it is valid.
pub fn validate(r: &Referral, rules: &Rules, today: NaiveDate) -> Vec<Problem> {
    let mut out = Vec::new();
    if r.schema_version != SCHEMA_VERSION {
        out.push(problem(
            "schema_version",
            format!("is {}, this sprx reads version {SCHEMA_VERSION}", r.schema_version),
        ));
    }
    check_person(r, &mut out);
    check_details(r, rules, today, &mut out);
    check_status(r, rules, &mut out);
    check_dates(r, today, &mut out);
    check_plan(r, &mut out);
    for (i, m) in r.measures.iter().enumerate() {
        if let Err(e) = m.tool.check_items(&m.items) {
            out.push(problem(format!("measures[{i}].items"), e));
        }
    }
    out
}

fn check_person(r: &Referral, out: &mut Vec<Problem>) {
    if r.person.name.trim().is_empty() {
        out.push(problem("person.name", "is empty"));
    }
    if let Some(nhs) = &r.person.nhs_number
        && let Err(e) = check_nhs_number(nhs)
    {
        out.push(problem("person.nhs_number", e.to_string()));
    }
}

fn check_details(r: &Referral, rules: &Rules, today: NaiveDate, out: &mut Vec<Problem>) {
    let d = &r.referral;
    if !rules.taxonomy.is_source(&d.source) {
        out.push(problem(
            "referral.source",
            format!(
                "`{}` is not a known source (one of: {})",
                d.source,
                rules.taxonomy.sources().join(", ")
            ),
        ));
    }
    if d.needs.is_empty() {
        out.push(problem("referral.needs", "lists no needs; give at least one"));
    }
    let mut seen = HashSet::new();
    for need in &d.needs {
        if !rules.taxonomy.is_need(need) {
            out.push(problem(
                "referral.needs",
                format!(
                    "`{need}` is not a known need (one of: {})",
                    rules.taxonomy.needs().join(", ")
                ),
            ));
        } else if !seen.insert(need) {
            out.push(problem("referral.needs", format!("`{need}` is listed twice")));
        }
    }
    if d.received > today {
        out.push(problem(
            "referral.received",
            format!("{} is in the future (today is {today})", d.received),
        ));
    }
    if r.person.date_of_birth > d.received {
        out.push(problem("person.date_of_birth", "is after the referral was received"));
    }
    if r.id.year() != d.received.format("%Y").to_string().parse::<i32>().unwrap_or(0) {
        out.push(problem(
            "id",
            format!(
                "{} does not carry the year the referral was received ({})",
                r.id, d.received
            ),
        ));
    }
}

fn check_status(r: &Referral, rules: &Rules, out: &mut Vec<Problem>) {
    let decision = r.triage.as_ref().map(|t| t.decision);
    let expect = |cond: bool, field: &str, message: &str, out: &mut Vec<Problem>| {
        if !cond {
            out.push(problem(field, message));
        }
    };
    match r.status {
        Status::New => {
            expect(r.triage.is_none(), "triage", "is present but status is new", out);
            expect(
                r.plan.is_none(),
                "plan",
                "is present but the referral is not yet triaged",
                out,
            );
        }
        Status::Accepted => {
            expect(
                decision == Some(Decision::Accepted),
                "triage",
                "status accepted needs an accepted triage",
                out,
            );
            expect(
                r.plan.is_none(),
                "status",
                "is accepted but a plan exists; it should be active",
                out,
            );
        }
        Status::Declined => {
            expect(
                decision == Some(Decision::Declined),
                "triage",
                "status declined needs a declined triage",
                out,
            );
            expect(
                r.plan.is_none(),
                "plan",
                "is present but the referral was declined",
                out,
            );
        }
        Status::Active => {
            expect(
                decision == Some(Decision::Accepted),
                "triage",
                "status active needs an accepted triage",
                out,
            );
            expect(
                r.plan.is_some(),
                "plan",
                "is missing; an active referral has a plan",
                out,
            );
        }
        Status::Closed => {
            expect(
                decision == Some(Decision::Accepted),
                "triage",
                "status closed needs an accepted triage",
                out,
            );
            expect(
                r.closure.is_some(),
                "closure",
                "is missing; a closed referral records its outcome",
                out,
            );
        }
    }
    if r.status != Status::Closed && r.closure.is_some() {
        out.push(problem(
            "closure",
            format!("is present but status is {}", super::taxonomy::name_of(&r.status)),
        ));
    }
    if let Some(t) = &r.triage {
        match t.decision {
            Decision::Accepted => {
                if t.decline_reason.is_some() {
                    out.push(problem("triage.decline_reason", "is set but the referral was accepted"));
                }
                let age = r.age_at_referral();
                if age < rules.policy.min_age {
                    out.push(problem(
                        "triage.decision",
                        format!(
                            "accepted, but the person was {age} when referred; the minimum age is {}",
                            rules.policy.min_age
                        ),
                    ));
                }
            }
            Decision::Declined => {
                if t.decline_reason.is_none() {
                    out.push(problem("triage.decline_reason", "is missing; a decline needs a reason"));
                }
                if t.priority.is_some() {
                    out.push(problem("triage.priority", "is set but the referral was declined"));
                }
            }
        }
    }
}

fn check_dates(r: &Referral, today: NaiveDate, out: &mut Vec<Problem>) {
    let received = r.referral.received;
    for (field, date) in r.event_dates() {
        if date < received {
            out.push(problem(
                &field,
                format!("{date} is before the referral was received ({received})"),
            ));
        }
        if date > today {
            out.push(problem(field, format!("{date} is in the future (today is {today})")));
        }
    }
    if let (Some(t), Some(p)) = (&r.triage, &r.plan)
        && p.agreed < t.date
    {
        out.push(problem(
            "plan.agreed",
            format!("{} is before the triage ({})", p.agreed, t.date),
        ));
    }
    if let Some(c) = &r.closure
        && let Some((field, date)) = r.event_dates().into_iter().find(|(_, d)| *d > c.date)
    {
        out.push(problem(
            "closure.date",
            format!("{} is before an event it closes ({field} {date})", c.date),
        ));
    }
}

fn check_plan(r: &Referral, out: &mut Vec<Problem>) {
    let Some(p) = &r.plan else { return };
    if p.what_matters.trim().is_empty() {
        out.push(problem(
            "plan.what_matters",
            "is empty; record what matters to the person",
        ));
    }
    if let Some(due) = p.review_due
        && due < p.agreed
    {
        out.push(problem(
            "plan.review_due",
            format!("{due} is before the plan was agreed ({})", p.agreed),
        ));
    }
    let mut ids = HashSet::new();
    for g in &p.goals {
        if !ids.insert(g.id) {
            out.push(problem("plan.goals", format!("goal id {} is used twice", g.id)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::referral::*;
    use crate::model::taxonomy::{DeclineReason, Outcome};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn referral() -> Referral {
        Referral {
            schema_version: 1,
            id: "SP-2026-0001".parse().unwrap(),
            status: Status::New,
            person: Person {
                name: "Ada Example".into(),
                date_of_birth: d("1950-04-12"),
                nhs_number: Some("9434765919".into()),
                phone: None,
                email: None,
                preferred_contact: None,
            },
            referral: ReferralDetails {
                received: d("2026-11-02"),
                source: "gp".into(),
                referrer: None,
                needs: vec!["loneliness".into()],
                notes: None,
            },
            triage: None,
            plan: None,
            contacts: vec![],
            measures: vec![],
            closure: None,
            reopened: vec![],
            extra: Default::default(),
        }
    }

    fn fields(r: &Referral) -> Vec<String> {
        validate(r, &Rules::default(), d("2026-11-21"))
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    fn accepted(mut r: Referral) -> Referral {
        r.status = Status::Accepted;
        r.triage = Some(Triage {
            date: d("2026-11-03"),
            decision: Decision::Accepted,
            priority: Some(Priority::High),
            decline_reason: None,
            note: None,
        });
        r
    }

    #[test]
    fn a_plain_new_referral_is_valid() {
        assert!(fields(&referral()).is_empty());
    }

    #[test]
    fn status_must_agree_with_the_sections_present() {
        let mut r = referral();
        r.status = Status::Active;
        assert_eq!(fields(&r), ["triage", "plan"]);
        let mut r = accepted(referral());
        r.status = Status::Closed;
        assert_eq!(fields(&r), ["closure"]);
        let mut r = accepted(referral());
        r.closure = Some(Closure {
            date: d("2026-11-05"),
            outcome: Outcome::Other,
            note: None,
        });
        assert_eq!(fields(&r), ["closure"]);
        let mut r = accepted(referral());
        r.status = Status::Declined;
        assert_eq!(fields(&r), ["triage"]);
        let mut r = referral();
        r.status = Status::Declined;
        r.triage = Some(Triage {
            date: d("2026-11-03"),
            decision: Decision::Declined,
            priority: Some(Priority::High),
            decline_reason: None,
            note: None,
        });
        assert_eq!(fields(&r), ["triage.decline_reason", "triage.priority"]);
        r.triage.as_mut().unwrap().decline_reason = Some(DeclineReason::Other);
        r.triage.as_mut().unwrap().priority = None;
        assert!(fields(&r).is_empty());
    }

    #[test]
    fn hand_edited_records_are_held_to_the_same_rules() {
        let mut r = accepted(referral());
        r.person.date_of_birth = d("2010-01-01");
        assert_eq!(fields(&r), ["triage.decision"], "under age but accepted");
        let mut r = referral();
        r.person.nhs_number = Some("9434765918".into());
        r.referral.source = "postman".into();
        r.referral.needs = vec!["food".into(), "food".into(), "gardening".into()];
        assert_eq!(
            fields(&r),
            [
                "person.nhs_number",
                "referral.source",
                "referral.needs",
                "referral.needs"
            ]
        );
        let mut r = referral();
        r.measures.push(Measure {
            date: d("2026-11-04"),
            tool: crate::model::measures::Tool::Ucla3,
            items: vec![1, 2],
        });
        r.contacts.push(Contact {
            date: d("2026-11-01"),
            mode: ContactMode::Phone,
            minutes: None,
            attended: true,
            note: None,
        });
        assert_eq!(fields(&r), ["contacts[0].date", "measures[0].items"]);
        let mut r = referral();
        r.id = "SP-2025-0001".parse().unwrap();
        r.schema_version = 2;
        assert_eq!(fields(&r), ["schema_version", "id"]);
    }

    #[test]
    fn closure_may_not_precede_what_it_closes() {
        let mut r = accepted(referral());
        r.status = Status::Closed;
        r.contacts.push(Contact {
            date: d("2026-11-10"),
            mode: ContactMode::Phone,
            minutes: None,
            attended: true,
            note: None,
        });
        r.closure = Some(Closure {
            date: d("2026-11-09"),
            outcome: Outcome::GoalsMet,
            note: None,
        });
        assert_eq!(fields(&r), ["closure.date"]);
        r.closure.as_mut().unwrap().date = d("2026-11-10");
        assert!(fields(&r).is_empty());
    }
}
