//! Whole-record rules (SPEC §2). Every write is checked against these after
//! the lifecycle step, and `create --from` and hand edits are checked before
//! anything is committed. Each problem names the field it is about.

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;

use super::derived::episode_status_on;
use super::monitoring::{check_postcode, check_practice};
use super::person::check_nhs_number;
use super::policy::Rules;
use super::referral::{Decision, Episode, Referral, SCHEMA_VERSION, Status};
use super::spelling::did_you_mean;
use super::taxonomy::name_of;

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
    check_person(r, today, &mut out);
    check_details(r, rules, today, &mut out);
    check_episodes(r, &mut out);
    for (n, e) in r.episodes.iter().enumerate() {
        let at = format!("episodes[{n}]");
        check_triage(r, e, &at, rules, &mut out);
        check_dates(r, e, &at, today, &mut out);
        check_plan(e, &at, &mut out);
        for (i, m) in e.measures.iter().enumerate() {
            if let Err(e) = m.tool.check_items(&m.items) {
                out.push(problem(format!("{at}.measures[{i}].items"), e));
            }
        }
    }
    out
}

fn check_person(r: &Referral, today: NaiveDate, out: &mut Vec<Problem>) {
    if r.person.name.trim().is_empty() {
        out.push(problem("person.name", "is empty"));
    }
    if let Some(nhs) = &r.person.nhs_number
        && let Err(e) = check_nhs_number(nhs)
    {
        out.push(problem("person.nhs_number", e.to_string()));
    }
    if let Some(c) = &r.person.consent_to_share_with_gp
        && c.date > today
    {
        out.push(problem(
            "person.consent_to_share_with_gp.date",
            format!("{} is in the future (today is {today})", c.date),
        ));
    }
    let m = &r.person.monitoring;
    // An erased record keeps the district alone; any other, the whole.
    let erased = r.person.name == super::erasure::ERASED;
    if let Some(p) = &m.postcode
        && (!check_postcode(p) || (!erased && !p.contains(' ')))
    {
        out.push(problem(
            "person.monitoring.postcode",
            format!("`{p}` is not a UK postcode written as SE1 7PB (capitals, one space)"),
        ));
    }
    if let Some(code) = &m.gp_practice
        && !check_practice(code)
    {
        out.push(problem(
            "person.monitoring.gp_practice",
            format!("`{code}` is not a GP practice ODS code (a letter and five digits, e.g. A81001)"),
        ));
    }
}

fn check_details(r: &Referral, rules: &Rules, today: NaiveDate, out: &mut Vec<Problem>) {
    let d = &r.referral;
    if !rules.taxonomy.is_source(&d.source) {
        out.push(problem(
            "referral.source",
            format!(
                "`{}` is not a known source{} (one of: {})",
                d.source,
                did_you_mean(&d.source, rules.taxonomy.sources()),
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
                    "`{need}` is not a known need{} (one of: {})",
                    did_you_mean(need, rules.taxonomy.needs()),
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

/// How the episodes follow one another, and that the status is the one
/// the latest episode gives.
fn check_episodes(r: &Referral, out: &mut Vec<Problem>) {
    let Some(first) = r.episodes.first() else {
        out.push(problem(
            "episodes",
            "is empty; the first episode opens the day the referral was received",
        ));
        return;
    };
    if first.opened != r.referral.received {
        out.push(problem(
            "episodes[0].opened",
            format!(
                "{} is not the day the referral was received ({})",
                first.opened, r.referral.received
            ),
        ));
    }
    if first.reopened_from.is_some() {
        out.push(problem(
            "episodes[0].reopened_from",
            "is set, but the first episode reopens nothing",
        ));
    }
    for (n, pair) in r.episodes.windows(2).enumerate() {
        let (before, e) = (&pair[0], &pair[1]);
        let at = format!("episodes[{}]", n + 1);
        let ended_as = episode_status_on(before, NaiveDate::MAX);
        match e.reopened_from {
            Some(from) if from == ended_as && matches!(from, Status::Closed | Status::Declined) => {}
            Some(from) => out.push(problem(
                format!("{at}.reopened_from"),
                format!(
                    "is {}, but the episode before it ended {}",
                    name_of(&from),
                    name_of(&ended_as)
                ),
            )),
            None => out.push(problem(
                format!("{at}.reopened_from"),
                "is missing; a later episode reopens a closed or declined one",
            )),
        }
        match before.ended() {
            Some(ended) if e.opened < ended => out.push(problem(
                format!("{at}.opened"),
                format!("{} is before the episode it reopens ended ({ended})", e.opened),
            )),
            Some(_) if before.last_event().is_some_and(|last| e.opened < last) => out.push(problem(
                format!("{at}.opened"),
                format!(
                    "{} is before the last event of the episode it reopens ({})",
                    e.opened,
                    before.last_event().expect("checked")
                ),
            )),
            Some(_) => {}
            None => out.push(problem(
                format!("episodes[{n}]"),
                "is still open, but a later episode follows it; close or decline it first",
            )),
        }
    }
    let last = r.episodes.last().expect("checked above");
    let derived = episode_status_on(last, NaiveDate::MAX);
    if r.status == Status::Closed && last.closure.is_none() {
        out.push(problem(
            "status",
            "is closed, but the latest episode has no closure; a closed referral records its outcome",
        ));
    } else if r.status != derived {
        out.push(problem(
            "status",
            format!(
                "is {}, but the latest episode's events make it {}",
                name_of(&r.status),
                name_of(&derived)
            ),
        ));
    }
}

/// The triage of one episode: its decision agrees with its fields, and an
/// acceptance respects the minimum age.
fn check_triage(r: &Referral, e: &Episode, at: &str, rules: &Rules, out: &mut Vec<Problem>) {
    let declined = e.triage.as_ref().is_some_and(|t| t.decision == Decision::Declined);
    let triaged = e.triage.is_some() || e.reopened_from == Some(Status::Closed);
    if e.plan.is_some() && !triaged {
        out.push(problem(
            format!("{at}.plan"),
            "is present but the referral is not yet triaged",
        ));
    }
    if e.plan.is_some() && declined {
        out.push(problem(
            format!("{at}.plan"),
            "is present but the referral was declined",
        ));
    }
    if e.closure.is_some() && (!triaged || declined) {
        out.push(problem(
            format!("{at}.closure"),
            "is present, but only an accepted referral is closed (a decline ends at triage)",
        ));
    }
    let Some(t) = &e.triage else { return };
    match t.decision {
        Decision::Accepted => {
            if t.decline_reason.is_some() {
                out.push(problem(
                    format!("{at}.triage.decline_reason"),
                    "is set but the referral was accepted",
                ));
            }
            let age = r.age_at_referral();
            if age < rules.policy.min_age {
                out.push(problem(
                    format!("{at}.triage.decision"),
                    format!(
                        "accepted, but the person was {age} when referred; the minimum age is {}",
                        rules.policy.min_age
                    ),
                ));
            }
        }
        Decision::Declined => {
            if t.decline_reason.is_none() {
                out.push(problem(
                    format!("{at}.triage.decline_reason"),
                    "is missing; a decline needs a reason",
                ));
            }
            if t.priority.is_some() {
                out.push(problem(
                    format!("{at}.triage.priority"),
                    "is set but the referral was declined",
                ));
            }
        }
    }
}

/// Every event of an episode falls between its opening and today, in
/// order: plan after triage, closure after the episode's work, follow-up
/// on or after the closure.
fn check_dates(r: &Referral, e: &Episode, at: &str, today: NaiveDate, out: &mut Vec<Problem>) {
    let received = r.referral.received;
    for (field, date) in e.event_dates() {
        let field = format!("{at}.{field}");
        if date < received {
            out.push(problem(
                &field,
                format!("{date} is before the referral was received ({received})"),
            ));
        } else if date < e.opened {
            out.push(problem(
                &field,
                format!("{date} is before its episode opened ({})", e.opened),
            ));
        }
        if date > today {
            out.push(problem(field, format!("{date} is in the future (today is {today})")));
        }
    }
    if e.opened > today {
        out.push(problem(
            format!("{at}.opened"),
            format!("{} is in the future (today is {today})", e.opened),
        ));
    }
    if let (Some(t), Some(p)) = (&e.triage, &e.plan)
        && p.agreed < t.date
    {
        out.push(problem(
            format!("{at}.plan.agreed"),
            format!("{} is before the triage ({})", p.agreed, t.date),
        ));
    }
    if let Some(p) = &e.plan
        && let Some(updated) = p.updated
        && updated < p.agreed
    {
        out.push(problem(
            format!("{at}.plan.updated"),
            format!("{updated} is before the plan was agreed ({})", p.agreed),
        ));
    }
    if let Some(changed) = e.priority_changed {
        match (&e.triage, e.priority) {
            (_, None) => out.push(problem(
                format!("{at}.priority_changed"),
                "is set but no corrected priority is",
            )),
            (Some(t), Some(_)) if changed < t.date => out.push(problem(
                format!("{at}.priority_changed"),
                format!("{changed} is before the triage it corrects ({})", t.date),
            )),
            _ => {}
        }
    }
    let follow_ups = e.contacts.iter().map(|c| (c.follow_up, c.date, "contacts"));
    let follow_ups = follow_ups.chain(e.measures.iter().map(|m| (m.follow_up, m.date, "measures")));
    let closed = e.closure.as_ref().map(|c| c.date);
    for (_, date, list) in follow_ups.filter(|(f, _, _)| *f) {
        match closed {
            Some(closed) if date < closed => out.push(problem(
                format!("{at}.{list}"),
                format!("a follow-up dated {date} is before the closure ({closed})"),
            )),
            Some(_) => {}
            None => out.push(problem(
                format!("{at}.{list}"),
                "holds a follow-up, but the episode is not closed",
            )),
        }
    }
    // Nothing of the episode's work comes after its closure or decline.
    if let Some(ended) = e.ended()
        && let Some((field, date)) = e.work_dates().into_iter().find(|(_, d)| *d > ended)
    {
        match closed {
            Some(_) => out.push(problem(
                format!("{at}.closure.date"),
                format!("{ended} is before an event it closes ({field} {date})"),
            )),
            None => out.push(problem(
                format!("{at}.{field}"),
                format!("{date} is after the referral was declined ({ended})"),
            )),
        }
    }
}

fn check_plan(e: &Episode, at: &str, out: &mut Vec<Problem>) {
    let Some(p) = &e.plan else { return };
    if p.what_matters.trim().is_empty() {
        out.push(problem(
            format!("{at}.plan.what_matters"),
            "is empty; record what matters to the person",
        ));
    }
    if let Some(due) = p.review_due
        && due < p.agreed
    {
        out.push(problem(
            format!("{at}.plan.review_due"),
            format!("{due} is before the plan was agreed ({})", p.agreed),
        ));
    }
    let mut ids = HashSet::new();
    for g in &p.goals {
        if !ids.insert(g.id) {
            out.push(problem(
                format!("{at}.plan.goals"),
                format!("goal id {} is used twice", g.id),
            ));
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
            schema_version: 2,
            id: "SP-2026-0001".parse().unwrap(),
            status: Status::New,
            person: Person {
                name: "Ada Example".into(),
                date_of_birth: d("1950-04-12"),
                nhs_number: Some("9434765919".into()),
                phone: None,
                email: None,
                preferred_contact: None,
                monitoring: Default::default(),
                consent_to_share_with_gp: None,
            },
            referral: ReferralDetails {
                received: d("2026-11-02"),
                source: "gp".into(),
                referrer: None,
                needs: vec!["loneliness".into()],
                notes: None,
            },
            episodes: vec![Episode::opened_on(d("2026-11-02"), None, None)],
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
        r.episode_mut().triage = Some(Triage {
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
        assert_eq!(fields(&r), ["status"]);
        let mut r = accepted(referral());
        r.status = Status::Closed;
        assert_eq!(fields(&r), ["status"]);
        let mut r = accepted(referral());
        r.episode_mut().closure = Some(Closure {
            date: d("2026-11-05"),
            outcome: Outcome::Other,
            note: None,
        });
        assert_eq!(fields(&r), ["status"]);
        let mut r = accepted(referral());
        r.status = Status::Declined;
        assert_eq!(fields(&r), ["status"]);
        let mut r = referral();
        r.status = Status::Declined;
        r.episode_mut().triage = Some(Triage {
            date: d("2026-11-03"),
            decision: Decision::Declined,
            priority: Some(Priority::High),
            decline_reason: None,
            note: None,
        });
        assert_eq!(
            fields(&r),
            ["episodes[0].triage.decline_reason", "episodes[0].triage.priority"]
        );
        r.episode_mut().triage.as_mut().unwrap().decline_reason = Some(DeclineReason::Other);
        r.episode_mut().triage.as_mut().unwrap().priority = None;
        assert!(fields(&r).is_empty());
    }

    #[test]
    fn hand_edited_records_are_held_to_the_same_rules() {
        let mut r = accepted(referral());
        r.person.date_of_birth = d("2010-01-01");
        assert_eq!(fields(&r), ["episodes[0].triage.decision"], "under age but accepted");
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
        r.episode_mut().measures.push(Measure {
            date: d("2026-11-04"),
            tool: crate::model::measures::Tool::Ucla3,
            items: vec![1, 2],
            follow_up: false,
        });
        r.episode_mut().contacts.push(Contact {
            date: d("2026-11-01"),
            mode: ContactMode::Phone,
            minutes: None,
            attended: true,
            note: None,
            follow_up: false,
        });
        assert_eq!(
            fields(&r),
            ["episodes[0].contacts[0].date", "episodes[0].measures[0].items"]
        );
        let mut r = referral();
        r.id = "SP-2025-0001".parse().unwrap();
        r.schema_version = 3;
        assert_eq!(fields(&r), ["schema_version", "id"]);
    }

    #[test]
    fn closure_may_not_precede_what_it_closes() {
        let mut r = accepted(referral());
        r.status = Status::Closed;
        r.episode_mut().contacts.push(Contact {
            date: d("2026-11-10"),
            mode: ContactMode::Phone,
            minutes: None,
            attended: true,
            note: None,
            follow_up: false,
        });
        r.episode_mut().closure = Some(Closure {
            date: d("2026-11-09"),
            outcome: Outcome::GoalsMet,
            note: None,
        });
        assert_eq!(fields(&r), ["episodes[0].closure.date"]);
        r.episode_mut().closure.as_mut().unwrap().date = d("2026-11-10");
        assert!(fields(&r).is_empty());
    }

    fn declined(mut r: Referral) -> Referral {
        r.status = Status::Declined;
        r.episode_mut().triage = Some(Triage {
            date: d("2026-11-05"),
            decision: Decision::Declined,
            priority: None,
            decline_reason: Some(DeclineReason::Other),
            note: None,
        });
        r
    }

    fn contact_on(date: &str, follow_up: bool) -> Contact {
        Contact {
            date: d(date),
            mode: ContactMode::Phone,
            minutes: None,
            attended: true,
            note: None,
            follow_up,
        }
    }

    #[test]
    fn nothing_of_a_declined_episode_comes_after_the_decline() {
        let mut r = declined(referral());
        r.episode_mut().contacts.push(contact_on("2026-11-04", false));
        assert!(fields(&r).is_empty(), "a contact before the decline is fine");
        r.episode_mut().contacts.push(contact_on("2026-11-07", false));
        assert_eq!(fields(&r), ["episodes[0].contacts[1].date"]);
    }

    #[test]
    fn an_episode_opens_after_everything_of_the_one_it_reopens() {
        let mut r = accepted(referral());
        r.episode_mut().closure = Some(Closure {
            date: d("2026-11-05"),
            outcome: Outcome::GoalsMet,
            note: None,
        });
        r.episode_mut().contacts.push(contact_on("2026-11-12", true));
        r.episodes
            .push(Episode::opened_on(d("2026-11-10"), Some(Status::Closed), None));
        r.status = Status::Accepted;
        assert_eq!(fields(&r), ["episodes[1].opened"], "opened before the follow-up");
        r.episodes[1].opened = d("2026-11-12");
        assert!(fields(&r).is_empty());
        r.episodes[1].reopened_from = Some(Status::Declined);
        assert_eq!(fields(&r), ["episodes[1].reopened_from", "status"]);
        r.episodes[1].reopened_from = Some(Status::Closed);
        r.episodes[1].contacts.push(contact_on("2026-11-11", false));
        assert_eq!(
            fields(&r),
            ["episodes[1].contacts[0].date"],
            "before its episode opened"
        );
    }
}
