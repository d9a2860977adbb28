//! The referral's lifecycle as pure functions: each event takes the current
//! record, what the link worker said and today's date, and returns the new
//! record or the reason it cannot happen. Nothing here touches files, git or
//! the clock. Transitions (SPEC §2): `new → accepted | declined`,
//! `accepted → active` (first plan), `accepted | active → closed`,
//! `closed → active | accepted` and `declined → new` (reopen).

use chrono::{Days, NaiveDate};

use super::measures::Tool;
use super::policy::Rules;
use super::referral::*;
use super::taxonomy::{DeclineReason, Outcome, name_of};
use super::validate::{Problem, validate};

/// Why an event cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DomainError {
    #[error("cannot {event} {id}: it is {status}")]
    Transition {
        event: &'static str,
        id: ReferralId,
        status: Status,
    },
    #[error(
        "cannot accept {id}: the person was {age} on the day the referral was received; the minimum age is {min_age}"
    )]
    UnderAge { id: ReferralId, age: u32, min_age: u32 },
    #[error("{date} is before {id} was received ({received})")]
    BeforeReceived {
        id: ReferralId,
        date: NaiveDate,
        received: NaiveDate,
    },
    #[error("{date} is in the future (today is {today})")]
    Future { date: NaiveDate, today: NaiveDate },
    #[error("{0}")]
    Measure(String),
    #[error("the plan has no goal {goal}")]
    NoSuchGoal { goal: u32 },
    #[error("{0}")]
    Incomplete(&'static str),
    #[error("the record would be invalid:\n  {}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n  "))]
    Invalid(Vec<Problem>),
}

impl DomainError {
    /// What the link worker can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            DomainError::Transition { event: "reopen", .. } => {
                "only closed or declined referrals can be reopened".into()
            }
            DomainError::Transition {
                status: Status::New, ..
            } => "triage it first: sprx triage ID --accept | --decline --reason R".into(),
            DomainError::Transition {
                status: Status::Closed | Status::Declined,
                ..
            } => "reopen it first if the episode continues: sprx reopen ID".into(),
            DomainError::Transition { event: "triage", .. } => "it has already been triaged".into(),
            DomainError::UnderAge { .. } => {
                "decline it with --decline --reason under-age, or check the date of birth".into()
            }
            DomainError::BeforeReceived { .. } | DomainError::Future { .. } => {
                "give the day it happened with --date YYYY-MM-DD".into()
            }
            DomainError::NoSuchGoal { .. } => "see the goal numbers with sprx show ID".into(),
            _ => return None,
        })
    }
}

fn require(r: &Referral, event: &'static str, allowed: &[Status]) -> Result<(), DomainError> {
    if allowed.contains(&r.status) {
        Ok(())
    } else {
        Err(DomainError::Transition {
            event,
            id: r.id.clone(),
            status: r.status,
        })
    }
}

/// An event's date must fall between the day the referral arrived and today.
pub fn check_event_date(r: &Referral, date: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if date < r.referral.received {
        return Err(DomainError::BeforeReceived {
            id: r.id.clone(),
            date,
            received: r.referral.received,
        });
    }
    if date > today {
        return Err(DomainError::Future { date, today });
    }
    Ok(())
}

/// Refuse a record that breaks any rule.
pub fn ensure_valid(r: Referral, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    let problems = validate(&r, rules, today);
    if problems.is_empty() {
        Ok(r)
    } else {
        Err(DomainError::Invalid(problems))
    }
}

/// What a new referral says before it has an ID.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    #[serde(default)]
    pub schema_version: Option<u32>,
    pub person: Person,
    pub referral: ReferralDetails,
    #[serde(default)]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: serde_yaml::Mapping,
}

/// A new referral, status `new`.
pub fn create(id: ReferralId, intake: Intake, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    let r = Referral {
        schema_version: intake.schema_version.unwrap_or(SCHEMA_VERSION),
        id,
        status: Status::New,
        person: intake.person,
        referral: intake.referral,
        triage: None,
        plan: None,
        contacts: vec![],
        measures: vec![],
        closure: None,
        reopened: vec![],
        extra: intake.extra,
    };
    ensure_valid(r, rules, today)
}

/// The triage decision.
#[derive(Debug, Clone, PartialEq)]
pub enum Decide {
    Accept(Priority),
    Decline(DeclineReason),
}

pub fn triage(
    mut r: Referral,
    decide: Decide,
    note: Option<String>,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "triage", &[Status::New])?;
    check_event_date(&r, date, today)?;
    let (decision, priority, decline_reason) = match decide {
        Decide::Accept(p) => {
            let age = r.age_at_referral();
            if age < rules.policy.min_age {
                return Err(DomainError::UnderAge {
                    id: r.id.clone(),
                    age,
                    min_age: rules.policy.min_age,
                });
            }
            r.status = Status::Accepted;
            (Decision::Accepted, Some(p), None)
        }
        Decide::Decline(reason) => {
            r.status = Status::Declined;
            (Decision::Declined, None, Some(reason))
        }
    };
    r.triage = Some(Triage {
        date,
        decision,
        priority,
        decline_reason,
        note,
    });
    ensure_valid(r, rules, today)
}

/// Changes to the plan; the first plan needs `what_matters`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanChange {
    pub what_matters: Option<String>,
    pub goals: Vec<String>,
    pub goal_status: Vec<(u32, GoalStatus)>,
    pub connect: Vec<String>,
    pub signpost: Vec<String>,
    pub review_due: Option<NaiveDate>,
}

impl PlanChange {
    pub fn is_empty(&self) -> bool {
        *self == PlanChange::default()
    }
}

pub fn plan(
    mut r: Referral,
    change: PlanChange,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "plan", &[Status::Accepted, Status::Active])?;
    check_event_date(&r, date, today)?;
    let first = r.plan.is_none();
    if !first && change.is_empty() {
        return Err(DomainError::Incomplete(
            "nothing to change: give --what-matters, --goal, --goal-status, --connect, --signpost or --review",
        ));
    }
    let mut p = match r.plan.take() {
        Some(p) => p,
        None => {
            let Some(what_matters) = change.what_matters.clone() else {
                return Err(DomainError::Incomplete(
                    "a first plan records what matters to the person: give --what-matters \"...\"",
                ));
            };
            let review = date.checked_add_days(Days::new(rules.policy.review_interval_days.into()));
            Plan {
                agreed: date,
                what_matters,
                review_due: review,
                goals: vec![],
                connections: vec![],
            }
        }
    };
    if let Some(w) = change.what_matters {
        p.what_matters = w;
    }
    for text in change.goals {
        let id = p.goals.iter().map(|g| g.id).max().unwrap_or(0) + 1;
        p.goals.push(Goal {
            id,
            text,
            status: GoalStatus::Open,
        });
    }
    for (goal, status) in change.goal_status {
        let g = p
            .goals
            .iter_mut()
            .find(|g| g.id == goal)
            .ok_or(DomainError::NoSuchGoal { goal })?;
        g.status = status;
    }
    let links = change.connect.into_iter().map(|s| (s, ConnectionKind::Referral));
    let links = links.chain(change.signpost.into_iter().map(|s| (s, ConnectionKind::Signpost)));
    p.connections
        .extend(links.map(|(service, kind)| Connection { service, kind, date }));
    if change.review_due.is_some() {
        p.review_due = change.review_due;
    }
    r.plan = Some(p);
    r.status = Status::Active;
    ensure_valid(r, rules, today)
}

pub fn contact(mut r: Referral, c: Contact, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    require(&r, "log a contact on", &[Status::New, Status::Accepted, Status::Active])?;
    check_event_date(&r, c.date, today)?;
    r.contacts.push(c);
    ensure_valid(r, rules, today)
}

pub fn measure(mut r: Referral, m: Measure, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    require(
        &r,
        "record a measure on",
        &[Status::New, Status::Accepted, Status::Active],
    )?;
    check_event_date(&r, m.date, today)?;
    m.tool.check_items(&m.items).map_err(DomainError::Measure)?;
    r.measures.push(m);
    ensure_valid(r, rules, today)
}

pub fn close(
    mut r: Referral,
    outcome: Outcome,
    note: Option<String>,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "close", &[Status::Accepted, Status::Active])?;
    check_event_date(&r, date, today)?;
    r.closure = Some(Closure { date, outcome, note });
    r.status = Status::Closed;
    ensure_valid(r, rules, today)
}

/// Reopen a closed episode (back to active, or accepted if it never had a
/// plan) or a declined referral (back to new, to be triaged again). The
/// closure or decline stays in git history and in `reopened`.
pub fn reopen(
    mut r: Referral,
    note: Option<String>,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "reopen", &[Status::Closed, Status::Declined])?;
    check_event_date(&r, date, today)?;
    let since = match r.status {
        Status::Closed => r.closure.as_ref().map(|c| c.date),
        _ => r.triage.as_ref().map(|t| t.date),
    };
    if let Some(since) = since
        && date < since
    {
        return Err(DomainError::Incomplete(
            "the reopening date is before the referral was closed or declined",
        ));
    }
    let from = r.status;
    r.status = match from {
        Status::Closed if r.plan.is_some() => Status::Active,
        Status::Closed => Status::Accepted,
        _ => Status::New,
    };
    r.closure = None;
    if from == Status::Declined {
        r.triage = None;
    }
    r.reopened.push(Reopening { date, from, note });
    ensure_valid(r, rules, today)
}

/// What happens to a referral in one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Create,
    Triage,
    Plan,
    Contact,
    Measure,
    Close,
    Reopen,
    /// A change made in the editor (`sprx edit`).
    Edit,
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Event::Create => "create",
            Event::Triage => "triage",
            Event::Plan => "plan",
            Event::Contact => "contact",
            Event::Measure => "measure",
            Event::Close => "close",
            Event::Reopen => "reopen",
            Event::Edit => "edit",
        })
    }
}

/// The commit message for `event` having produced `r`: the event
/// and ID, never personal data (git history is shared and hard to scrub).
pub fn describe(event: Event, r: &Referral) -> String {
    let id = &r.id;
    let detail = match event {
        Event::Create => format!("new referral (source {})", r.referral.source),
        Event::Triage => match &r.triage {
            Some(Triage {
                decision: Decision::Accepted,
                priority: Some(p),
                ..
            }) => {
                format!("accepted (priority {})", name_of(p))
            }
            Some(Triage {
                decline_reason: Some(reason),
                ..
            }) => format!("declined ({})", name_of(reason)),
            _ => "triaged".into(),
        },
        Event::Plan => {
            let p = r.plan.as_ref();
            let goals = p.map_or(0, |p| p.goals.len());
            let links = p.map_or(0, |p| p.connections.len());
            format!("plan now has {goals} goal(s), {links} connection(s)")
        }
        Event::Contact => match r.contacts.last() {
            Some(c) if !c.attended => format!("{} contact, did not attend", name_of(&c.mode)),
            Some(c) => match c.minutes {
                Some(m) => format!("{} contact, {m} min", name_of(&c.mode)),
                None => format!("{} contact", name_of(&c.mode)),
            },
            None => "contact".into(),
        },
        Event::Measure => match r.measures.last() {
            Some(m) => format!("{} recorded", name_of(&m.tool)),
            None => "measure".into(),
        },
        Event::Close => match &r.closure {
            Some(c) => format!("closed ({})", name_of(&c.outcome)),
            None => "closed".into(),
        },
        Event::Edit => "edited by hand".into(),
        Event::Reopen => match r.reopened.last() {
            Some(o) => format!("reopened from {} to {}", name_of(&o.from), name_of(&r.status)),
            None => "reopened".into(),
        },
    };
    format!("{event} {id}: {detail}")
}

/// A measure's tool and items, checked.
pub fn new_measure(tool: Tool, items: Vec<u8>, date: NaiveDate) -> Result<Measure, DomainError> {
    tool.check_items(&items).map_err(DomainError::Measure)?;
    Ok(Measure { date, tool, items })
}
