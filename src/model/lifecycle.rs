//! The referral's lifecycle as pure functions: each event takes the current
//! record, what the link worker said and today's date, and returns the new
//! record or the reason it cannot happen. Nothing here touches files, git or
//! the clock. Each event belongs to the latest episode. Transitions:
//! `new → accepted | declined`, `accepted → active` (first plan),
//! `accepted | active → closed`; reopening starts a new episode, from
//! `closed` (accepted, to plan again) or `declined` (new, to triage again).
//! A measure or a `--follow-up` contact on a closed episode is follow-up,
//! recorded in that episode; the priority of an accepted referral can be
//! corrected.

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
    #[error("{date} is before {id}'s current episode opened ({opened}, when it was reopened)")]
    BeforeOpened {
        id: ReferralId,
        date: NaiveDate,
        opened: NaiveDate,
    },
    #[error("{date} is before {id} was closed ({closed}); a follow-up comes after the closure")]
    BeforeClosure {
        id: ReferralId,
        date: NaiveDate,
        closed: NaiveDate,
    },
    #[error("{date} is in the future (today is {today})")]
    Future { date: NaiveDate, today: NaiveDate },
    #[error("{0}")]
    Measure(String),
    #[error("the plan has no goal {goal}")]
    NoSuchGoal { id: ReferralId, goal: u32 },
    #[error("{0}")]
    Incomplete(&'static str),
    #[error("the record would be invalid:\n  {}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n  "))]
    Invalid(Vec<Problem>),
}

impl DomainError {
    /// What the link worker can do about it, naming the referral.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            DomainError::Transition { event: "reopen", .. } => {
                "only closed or declined referrals can be reopened".into()
            }
            DomainError::Transition {
                status: Status::New,
                id,
                ..
            } => format!("triage it first: sprx triage {id} --accept | --decline --reason R"),
            DomainError::Transition {
                event: "log a contact on",
                status: Status::Closed,
                id,
            } => format!(
                "a contact after the closure is follow-up: sprx contact {id} --follow-up ...; to correct a mistake, sprx edit {id}; for a new episode of work, sprx reopen {id}"
            ),
            DomainError::Transition {
                event: "close",
                status: Status::Closed,
                id,
            } => format!("it is already closed; for a new episode of work, sprx reopen {id}"),
            DomainError::Transition {
                status: Status::Closed,
                id,
                ..
            } => format!(
                "follow-up after the closure: sprx measure {id} or sprx contact {id} --follow-up; to correct a mistake, sprx edit {id}; for a new episode of work, sprx reopen {id}"
            ),
            DomainError::Transition {
                status: Status::Declined,
                id,
                ..
            } => format!(
                "to correct the decision, sprx edit {id}; if the person is referred again or changes their mind, sprx reopen {id} and triage it again"
            ),
            DomainError::Transition {
                event: "triage", id, ..
            } => {
                format!("it has already been triaged; to change its priority, sprx triage {id} --priority P")
            }
            DomainError::UnderAge { .. } => {
                "decline it with --decline --reason under-age, or check the date of birth".into()
            }
            DomainError::BeforeReceived { .. }
            | DomainError::BeforeOpened { .. }
            | DomainError::BeforeClosure { .. }
            | DomainError::Future { .. } => "give the day it happened with --date YYYY-MM-DD".into(),
            DomainError::NoSuchGoal { id, .. } => format!("see the goal numbers with sprx show {id}"),
            DomainError::Invalid(_) => {
                "nothing was recorded; correct the value named above and run the command again".into()
            }
            DomainError::Measure(_) => "sprx measure --help lists each tool's items and their range".into(),
            DomainError::Transition { id, .. } => format!("sprx show {id} shows where it stands"),
            DomainError::Incomplete(_) => "the command's --help shows what it takes, with examples".into(),
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

/// An event's date must fall between the day its episode opened (the day
/// the referral arrived, for the first) and today.
pub fn check_event_date(r: &Referral, date: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    if date < r.referral.received {
        return Err(DomainError::BeforeReceived {
            id: r.id.clone(),
            date,
            received: r.referral.received,
        });
    }
    let opened = r.episode().opened;
    if date < opened {
        return Err(DomainError::BeforeOpened {
            id: r.id.clone(),
            date,
            opened,
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

/// A new referral, status `new`, with its first episode opened the day it
/// was received.
pub fn create(id: ReferralId, intake: Intake, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    let r = Referral {
        schema_version: intake.schema_version.unwrap_or(SCHEMA_VERSION),
        id,
        status: Status::New,
        episodes: vec![Episode::opened_on(intake.referral.received, None, None)],
        person: intake.person,
        referral: intake.referral,
        extra: intake.extra,
    };
    ensure_valid(r, rules, today)
}

/// The triage decision, or a correction of an accepted referral's priority.
#[derive(Debug, Clone, PartialEq)]
pub enum Decide {
    Accept(Priority),
    Decline(DeclineReason),
    Reprioritise(Priority),
}

pub fn triage(
    mut r: Referral,
    decide: Decide,
    note: Option<String>,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    if let Decide::Reprioritise(p) = decide {
        return reprioritise(r, p, note, date, rules, today);
    }
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
        Decide::Reprioritise(_) => unreachable!("handled above"),
    };
    r.episode_mut().triage = Some(Triage {
        date,
        decision,
        priority,
        decline_reason,
        note,
    });
    ensure_valid(r, rules, today)
}

/// Correct the priority of an accepted referral (its own commit). The
/// correction is kept on the latest episode; its triage keeps the priority
/// it gave, and earlier episodes stay as they were.
fn reprioritise(
    mut r: Referral,
    priority: Priority,
    note: Option<String>,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "change the priority of", &[Status::Accepted, Status::Active])?;
    check_event_date(&r, date, today)?;
    if note.is_some() {
        return Err(DomainError::Incomplete(
            "a priority correction takes no --note (its commit records it); give the note with sprx contact or sprx edit",
        ));
    }
    if r.priority() == Some(priority) {
        return Err(DomainError::Incomplete(
            "it already has that priority; nothing to change",
        ));
    }
    let episode = r.episode_mut();
    episode.priority = Some(priority);
    episode.priority_changed = Some(date);
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

/// Make or change the latest episode's plan. The first plan of an episode
/// reopened from a closure may start from the last one: without
/// `what_matters`, it keeps what mattered then.
pub fn plan(
    mut r: Referral,
    change: PlanChange,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "plan", &[Status::Accepted, Status::Active])?;
    check_event_date(&r, date, today)?;
    let id = r.id.clone();
    let last_plan = r.episodes.iter().rev().skip(1).find_map(|e| e.plan.clone());
    let episode = r.episode_mut();
    let first = episode.plan.is_none();
    if !first && change.is_empty() {
        return Err(DomainError::Incomplete(
            "nothing to change: give --what-matters, --goal, --goal-status, --connect, --signpost or --review",
        ));
    }
    let before = episode.plan.clone();
    let mut p = match episode.plan.take() {
        Some(p) => p,
        None => {
            let earlier = (episode.reopened_from == Some(Status::Closed))
                .then_some(last_plan)
                .flatten();
            let Some(what_matters) = change.what_matters.clone().or(earlier.map(|p| p.what_matters)) else {
                return Err(DomainError::Incomplete(
                    "a first plan records what matters to the person: give --what-matters \"...\"",
                ));
            };
            let review = date.checked_add_days(Days::new(rules.policy.review_interval_days.into()));
            Plan {
                agreed: date,
                what_matters,
                review_due: review,
                updated: None,
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
            .ok_or(DomainError::NoSuchGoal { id: id.clone(), goal })?;
        g.status = status;
    }
    let links = change.connect.into_iter().map(|s| (s, ConnectionKind::Referral));
    let links = links.chain(change.signpost.into_iter().map(|s| (s, ConnectionKind::Signpost)));
    p.connections
        .extend(links.map(|(service, kind)| Connection { service, kind, date }));
    if change.review_due.is_some() {
        p.review_due = change.review_due;
    }
    if before.as_ref() == Some(&p) {
        return Err(DomainError::Incomplete("nothing to change: the plan already says that"));
    }
    if before.is_some() {
        p.updated = Some(p.updated.map_or(date, |u| u.max(date)));
    }
    episode.plan = Some(p);
    r.status = Status::Active;
    ensure_valid(r, rules, today)
}

/// Log a contact. On a closed episode only a follow-up contact (`follow_up`
/// set) is taken, dated on or after the closure.
pub fn contact(mut r: Referral, c: Contact, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    if c.follow_up {
        require(&r, "log a follow-up contact on", &[Status::Closed])?;
        check_follow_up_date(&r, c.date, today)?;
    } else {
        require(&r, "log a contact on", &[Status::New, Status::Accepted, Status::Active])?;
        check_event_date(&r, c.date, today)?;
    }
    r.episode_mut().contacts.push(c);
    ensure_valid(r, rules, today)
}

/// Record a measure. On a closed episode it is a follow-up measure, dated on
/// or after the closure.
pub fn measure(mut r: Referral, mut m: Measure, rules: &Rules, today: NaiveDate) -> Result<Referral, DomainError> {
    require(
        &r,
        "record a measure on",
        &[Status::New, Status::Accepted, Status::Active, Status::Closed],
    )?;
    m.follow_up = r.status == Status::Closed;
    if m.follow_up {
        check_follow_up_date(&r, m.date, today)?;
    } else {
        check_event_date(&r, m.date, today)?;
    }
    m.tool.check_items(&m.items).map_err(DomainError::Measure)?;
    r.episode_mut().measures.push(m);
    ensure_valid(r, rules, today)
}

/// Change what is recorded about the person (equality monitoring, consent)
/// with `amend`, in any status.
pub fn amend_person(
    mut r: Referral,
    amend: impl FnOnce(&mut Person),
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    let before = r.person.clone();
    amend(&mut r.person);
    if r.person == before {
        return Err(DomainError::Incomplete(
            "nothing to change: the person's record already says that",
        ));
    }
    ensure_valid(r, rules, today)
}

/// A follow-up comes on or after the closure, and not after today.
fn check_follow_up_date(r: &Referral, date: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    check_event_date(r, date, today)?;
    if let Some(closed) = r.episode().closure.as_ref().map(|c| c.date)
        && date < closed
    {
        return Err(DomainError::BeforeClosure {
            id: r.id.clone(),
            date,
            closed,
        });
    }
    Ok(())
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
    r.episode_mut().closure = Some(Closure { date, outcome, note });
    r.status = Status::Closed;
    ensure_valid(r, rules, today)
}

/// Reopen a closed or declined referral as a new episode, opened on `date`:
/// after a closure it is accepted again and needs a new plan; after a
/// decline it is new and needs a new triage. The earlier episode, with its
/// closure or decline, stays as it was.
pub fn reopen(
    mut r: Referral,
    note: Option<String>,
    date: NaiveDate,
    rules: &Rules,
    today: NaiveDate,
) -> Result<Referral, DomainError> {
    require(&r, "reopen", &[Status::Closed, Status::Declined])?;
    check_event_date(&r, date, today)?;
    if let Some(last) = r.episode().last_event()
        && date < last
    {
        return Err(DomainError::Incomplete(
            "the reopening date is before the episode's last event (its closure, decline or a follow-up)",
        ));
    }
    let from = r.status;
    r.status = match from {
        Status::Closed => Status::Accepted,
        _ => Status::New,
    };
    r.episodes.push(Episode::opened_on(date, Some(from), note));
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
    /// A correction of an accepted referral's priority.
    Priority,
    /// Equality monitoring or consent added or changed (`sprx person`).
    Person,
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
            Event::Person => "person",
            Event::Priority => "priority",
            Event::Edit => "edit",
        })
    }
}

/// The commit message for `event` having produced `r`: the event and ID,
/// never personal data (git history is shared and hard to scrub), and the
/// day the event happened when that is not the day of the commit.
pub fn message(event: Event, r: &Referral, happened: NaiveDate, commit_day: NaiveDate) -> String {
    let text = describe(event, r);
    if happened == commit_day {
        text
    } else {
        format!("{text} {DATED}{happened})")
    }
}

/// What precedes an event's own date in a commit message.
const DATED: &str = "(dated ";

/// The day an event happened, as its commit message gives it (when it was
/// not the day of the commit).
pub fn dated(message: &str) -> Option<NaiveDate> {
    let rest = message.trim_end().strip_suffix(')')?;
    let (_, date) = rest.rsplit_once(DATED)?;
    date.parse().ok()
}

/// What `event` did to `r`, for its commit message: the event and ID, never
/// personal data.
pub fn describe(event: Event, r: &Referral) -> String {
    let id = &r.id;
    let e = r.episode();
    let detail = match event {
        Event::Create => format!("new referral (source {})", r.referral.source),
        Event::Triage => match &e.triage {
            Some(Triage {
                decision: Decision::Accepted,
                ..
            }) => match r.priority() {
                Some(p) => format!("accepted (priority {})", name_of(&p)),
                None => "accepted".into(),
            },
            Some(Triage {
                decline_reason: Some(reason),
                ..
            }) => format!("declined ({})", name_of(reason)),
            _ => "triaged".into(),
        },
        Event::Plan => {
            let p = e.plan.as_ref();
            let goals = p.map_or(0, |p| p.goals.len());
            let links = p.map_or(0, |p| p.connections.len());
            format!(
                "plan now has {}, {}",
                super::counted(goals, "goal", "goals"),
                super::counted(links, "connection", "connections")
            )
        }
        Event::Contact => match e.contacts.last() {
            Some(c) => {
                let what = match (c.attended, c.minutes) {
                    (false, _) => format!("{} contact, did not attend", name_of(&c.mode)),
                    (true, Some(m)) => format!("{} contact, {m} min", name_of(&c.mode)),
                    (true, None) => format!("{} contact", name_of(&c.mode)),
                };
                if c.follow_up { format!("follow-up {what}") } else { what }
            }
            None => "contact".into(),
        },
        Event::Measure => match e.measures.last() {
            Some(m) if m.follow_up => format!("{} recorded (follow-up)", name_of(&m.tool)),
            Some(m) => format!("{} recorded", name_of(&m.tool)),
            None => "measure".into(),
        },
        Event::Close => match &e.closure {
            Some(c) => format!("closed ({})", name_of(&c.outcome)),
            None => "closed".into(),
        },
        Event::Edit => "edited by hand".into(),
        Event::Person => "equality monitoring or consent updated".into(),
        Event::Priority => match r.priority() {
            Some(p) => format!("priority changed to {}", name_of(&p)),
            None => "priority changed".into(),
        },
        Event::Reopen => match e.reopened_from {
            Some(from) => format!(
                "reopened from {} as episode {}, now {}",
                name_of(&from),
                r.episodes.len(),
                name_of(&r.status)
            ),
            None => "reopened".into(),
        },
    };
    format!("{event} {id}: {detail}")
}

/// A measure's tool and items, checked.
pub fn new_measure(tool: Tool, items: Vec<u8>, date: NaiveDate) -> Result<Measure, DomainError> {
    tool.check_items(&items).map_err(DomainError::Measure)?;
    Ok(Measure {
        date,
        tool,
        items,
        follow_up: false,
    })
}
