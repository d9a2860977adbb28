//! A deterministic synthetic casebook of N referrals, for benchmarks:
//!
//!     cargo run --release --example generate -- N DIR [--schema-1 | --history]
//!
//! `--schema-1` writes the records in record schema version 1 (one flat
//! episode) in their year's folders, as sprx wrote them before episodes, to
//! try `sprx migrate` on.
//!
//! `--history` commits every event on its own, as sprx would have: the
//! creation, triage, each contact, the plan, each measure and the closure,
//! each a commit dated the day it happened with sprx's own message — about
//! eight commits a referral, 765,000 for 100,000. Without it, one commit
//! holds a month of referrals (quick, for what does not read history).
//!
//! Referrals are spread over the ten years to October 2026 with a realistic
//! mix of sources, needs, states, contacts, measures and outcomes, every one
//! valid by sprx's own rules. The history is streamed to `git fast-import`,
//! one commit per month of referrals; the working files are written to
//! match, git builds the index, and the repository is packed with
//! `git repack`.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Datelike, Days, NaiveDate};
use sprx::model::lifecycle::{Event, Intake};
use sprx::model::measures::Tool;
use sprx::model::policy::Rules;
use sprx::model::referral::*;
use sprx::model::taxonomy::{DeclineReason, NEEDS, Outcome, SOURCES};
use sprx::model::validate::validate;
use sprx::yaml::{REFERRAL_HEADER, to_yaml};

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Ada", "Bilal", "Chloe", "Dorothy", "Emeka", "Fatima", "George", "Hannah", "Ivan", "Joan", "Kofi", "Lena", "Maria",
    "Nadia", "Owen", "Priya", "Quentin", "Rosa", "Sam", "Tomasz",
];
const LAST: &[&str] = &[
    "Whitfield",
    "Hussain",
    "Barnes",
    "Evans",
    "Okafor",
    "Rahman",
    "Mills",
    "Kowalski",
    "Novak",
    "Gallagher",
    "Mensah",
    "Fischer",
    "Santos",
    "Petrova",
    "Jones",
    "Patel",
    "Blake",
    "Moreno",
    "Link",
    "Nowak",
];
const SERVICES: &[&str] = &[
    "walking-for-health",
    "st-marys-lunch-club",
    "riverside-volunteer-centre",
    "citizens-advice-riverside",
    "age-uk-befriending",
    "riverside-peer-support",
    "leisure-centre-swim",
    "riverside-community-garden",
    "jobs-and-skills-hub",
    "carers-centre",
];
const MODES: &[ContactMode] = &[
    ContactMode::Phone,
    ContactMode::Phone,
    ContactMode::FaceToFace,
    ContactMode::HomeVisit,
    ContactMode::Video,
    ContactMode::Group,
    ContactMode::Message,
];
const REASONS: &[DeclineReason] = &[
    DeclineReason::OutOfScope,
    DeclineReason::SocialServices,
    DeclineReason::PersonDeclined,
    DeclineReason::Duplicate,
    DeclineReason::Withdrawn,
    DeclineReason::Other,
];
const OUTCOMES: &[Outcome] = &[
    Outcome::GoalsMet,
    Outcome::GoalsMet,
    Outcome::GoalsMet,
    Outcome::PartlyMet,
    Outcome::PartlyMet,
    Outcome::ReferredOn,
    Outcome::PersonDeclined,
    Outcome::Disengaged,
    Outcome::UnableToContact,
    Outcome::MovedAway,
    Outcome::Deceased,
    Outcome::Other,
];

/// The day the synthetic casebook is "now".
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

fn day(from: NaiveDate, plus: u64) -> NaiveDate {
    (from + Days::new(plus)).min(today())
}

fn items(rng: &mut Rng, tool: Tool, lift: u8) -> Vec<u8> {
    let (lo, hi) = tool.item_range();
    (0..tool.item_count())
        .map(|_| (lo + rng.below(u64::from(hi - lo) / 2 + 1) as u8 + lift).min(hi))
        .collect()
}

/// One referral in its final state.
fn referral(rng: &mut Rng, id: ReferralId, received: NaiveDate) -> Referral {
    let age = 18 + rng.below(75);
    let dob = NaiveDate::from_ymd_opt(
        received.year() - age as i32 - 1,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    )
    .unwrap();
    let mut needs: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let need = rng.pick(&NEEDS[..NEEDS.len() - 1]).to_string();
        if !needs.contains(&need) {
            needs.push(need);
        }
    }
    let intake = Intake {
        schema_version: None,
        person: Person {
            name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
            date_of_birth: dob,
            nhs_number: None,
            phone: rng.chance(70).then(|| format!("07700 9{:05}", rng.below(100_000))),
            email: None,
            preferred_contact: None,
            monitoring: Default::default(),
            consent_to_share_with_gp: None,
        },
        referral: ReferralDetails {
            received,
            source: rng.pick(&SOURCES[..SOURCES.len() - 1]).to_string(),
            referrer: None,
            needs,
            notes: rng
                .chance(40)
                .then(|| "Referred after a review of their long-term condition".to_string()),
        },
        extra: Default::default(),
    };
    let rules = Rules::default();
    let mut r = sprx::model::lifecycle::create(id, intake, &rules, today()).expect("valid intake");
    let open_days = (today() - received).num_days().max(0) as u64;
    if open_days < 3 || rng.chance(3) {
        return r; // new, untriaged
    }
    let triaged = day(received, rng.below(6).min(open_days));
    if rng.chance(15) {
        r.status = Status::Declined;
        r.episode_mut().triage = Some(Triage {
            date: triaged,
            decision: Decision::Declined,
            priority: None,
            decline_reason: Some(*rng.pick(REASONS)),
            note: None,
        });
        return r;
    }
    let priority = *rng.pick(&[
        Priority::Urgent,
        Priority::High,
        Priority::High,
        Priority::Routine,
        Priority::Routine,
        Priority::Routine,
    ]);
    r.status = Status::Accepted;
    r.episode_mut().triage = Some(Triage {
        date: triaged,
        decision: Decision::Accepted,
        priority: Some(priority),
        decline_reason: None,
        note: None,
    });
    let mut when = triaged;
    let contacts = rng.below(9);
    for _ in 0..contacts {
        when = day(when, 3 + rng.below(14));
        let attended = rng.chance(85);
        r.episode_mut().contacts.push(Contact {
            date: when,
            mode: *rng.pick(MODES),
            minutes: attended.then(|| 10 + 5 * rng.below(12) as u32),
            attended,
            note: None,
            follow_up: false,
        });
    }
    let first_contact = r.episode_mut().contacts.first().map_or(triaged, |c| c.date);
    if contacts > 0 && rng.chance(85) {
        let agreed = first_contact;
        let goals = (1..=1 + rng.below(3) as u32)
            .map(|id| Goal {
                id,
                text: format!("Goal {id}"),
                status: GoalStatus::Open,
            })
            .collect();
        let connections = (0..rng.below(3))
            .map(|_| Connection {
                service: rng.pick(SERVICES).to_string(),
                kind: if rng.chance(70) {
                    ConnectionKind::Referral
                } else {
                    ConnectionKind::Signpost
                },
                date: agreed,
            })
            .collect();
        r.episode_mut().plan = Some(Plan {
            agreed,
            what_matters: "Getting out and meeting people".into(),
            review_due: Some(agreed + Days::new(28)),
            updated: None,
            goals,
            connections,
        });
        r.status = Status::Active;
        let tool = *rng.pick(&[Tool::Swemwbs, Tool::Swemwbs, Tool::Ons4, Tool::Wemwbs, Tool::Ucla3]);
        r.episode_mut().measures.push(Measure {
            date: agreed,
            tool,
            items: items(rng, tool, 0),
            follow_up: false,
        });
        if rng.chance(60) && when > agreed {
            let lift = rng.below(2) as u8;
            r.episode_mut().measures.push(Measure {
                date: when,
                tool,
                items: items(rng, tool, lift),
                follow_up: false,
            });
        }
    }
    let last = r.episode_mut().contacts.last().map_or(triaged, |c| c.date);
    if open_days > 120 || (open_days > 30 && rng.chance(50)) {
        let closed = day(last, 1 + rng.below(10));
        let outcome = if r.episode_mut().contacts.iter().all(|c| !c.attended) {
            Outcome::UnableToContact
        } else {
            *rng.pick(OUTCOMES)
        };
        if let Some(p) = &mut r.episode_mut().plan {
            for g in &mut p.goals {
                g.status = *rng.pick(&[
                    GoalStatus::Met,
                    GoalStatus::Met,
                    GoalStatus::PartlyMet,
                    GoalStatus::NotMet,
                    GoalStatus::Dropped,
                ]);
            }
        }
        r.episode_mut().closure = Some(Closure {
            date: closed,
            outcome,
            note: None,
        });
        r.status = Status::Closed;
    }
    r
}

fn settings() -> String {
    "[casebook]\nname = \"Synthetic casebook (sprx benchmarks)\"\nid_prefix = \"SP\"\n\n[worker]\nname = \"Generator\"\nemail = \"generator@example.org\"\n".into()
}

/// Equality monitoring as link workers record it: most fields for most
/// people, "not stated" for some.
fn monitoring(rng: &mut Rng) -> sprx::model::monitoring::Monitoring {
    use sprx::model::monitoring::{EthnicCategory::*, Gender, Monitoring};
    const DISTRICTS: &[&str] = &["SE1 7PB", "SE5 8RS", "SE15 4QL", "SE17 1JL", "SW9 8EJ", "SE11 5JD"];
    const PRACTICES: &[&str] = &["G85001", "G85002", "G85013", "G85026", "G85041"];
    Monitoring {
        gender: rng
            .chance(90)
            .then(|| *rng.pick(&[Gender::Female, Gender::Female, Gender::Male, Gender::NotKnown])),
        ethnic_category: rng
            .chance(85)
            .then(|| *rng.pick(&[A, A, A, A, C, B, D, F, H, J, K, L, M, N, N, P, R, S, Z])),
        postcode: rng.chance(95).then(|| rng.pick(DISTRICTS).to_string()),
        gp_practice: rng.chance(95).then(|| rng.pick(PRACTICES).to_string()),
        carer: rng.chance(60).then(|| rng.chance(20)),
        language: None,
        interpreter_needed: None,
    }
}

/// A record of one episode as record schema version 1 wrote it: the
/// episode's fields at the top level, after the referral.
fn as_version_1(r: &Referral) -> String {
    use serde_yaml::Value;
    assert_eq!(r.episodes.len(), 1, "version 1 holds one episode");
    let Value::Mapping(mut record) = serde_yaml::to_value(r).unwrap() else {
        unreachable!("a record is a mapping")
    };
    let Some(Value::Sequence(episodes)) = record.remove("episodes") else {
        unreachable!("a record has episodes")
    };
    let Value::Mapping(episode) = episodes.into_iter().next().unwrap() else {
        unreachable!("an episode is a mapping")
    };
    let extra = record.remove("extra");
    record.insert("schema_version".into(), 1.into());
    for (key, value) in episode {
        if key != "opened" {
            record.insert(key, value);
        }
    }
    if let Some(extra) = extra {
        record.insert("extra".into(), extra);
    }
    to_yaml(REFERRAL_HEADER, &Value::Mapping(record))
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}

/// One step of a referral's life, in the order sprx records them.
#[derive(Debug, Clone, Copy)]
enum Step {
    Create,
    Triage,
    Contact(usize),
    Plan,
    Measure(usize),
    Close,
}

/// The events that built `r` (in its final state), each with its day, in
/// the order they happened.
fn steps(r: &Referral) -> Vec<(NaiveDate, Step)> {
    let e = r.episode();
    // Within a day: contact, then the plan agreed at it, then the measure
    // taken with the plan.
    let mut out = vec![(r.referral.received, 0, Step::Create)];
    out.extend(e.triage.as_ref().map(|t| (t.date, 1, Step::Triage)));
    out.extend(
        e.contacts
            .iter()
            .enumerate()
            .map(|(k, c)| (c.date, 2, Step::Contact(k))),
    );
    out.extend(e.plan.as_ref().map(|p| (p.agreed, 3, Step::Plan)));
    out.extend(
        e.measures
            .iter()
            .enumerate()
            .map(|(k, m)| (m.date, 4, Step::Measure(k))),
    );
    out.extend(e.closure.as_ref().map(|c| (c.date, 5, Step::Close)));
    out.sort_by_key(|(date, rank, _)| (*date, *rank));
    out.into_iter().map(|(date, _, step)| (date, step)).collect()
}

/// `now` (the record as it stood) after `step` of `last` (the record in
/// its final state), and the event it was.
fn apply(now: &mut Referral, last: &Referral, step: Step) -> Event {
    let (e, end) = (now.episode_mut(), last.episode());
    match step {
        Step::Create => Event::Create,
        Step::Triage => {
            e.triage = end.triage.clone();
            now.status = match end.triage.as_ref().map(|t| t.decision) {
                Some(Decision::Declined) => Status::Declined,
                _ => Status::Accepted,
            };
            Event::Triage
        }
        Step::Contact(k) => {
            e.contacts.push(end.contacts[k].clone());
            Event::Contact
        }
        Step::Plan => {
            let mut plan = end.plan.clone();
            for goal in plan.iter_mut().flat_map(|p| p.goals.iter_mut()) {
                goal.status = GoalStatus::Open;
            }
            e.plan = plan;
            now.status = Status::Active;
            Event::Plan
        }
        Step::Measure(k) => {
            e.measures.push(end.measures[k].clone());
            Event::Measure
        }
        Step::Close => {
            e.plan = end.plan.clone();
            e.closure = end.closure.clone();
            now.status = Status::Closed;
            Event::Close
        }
    }
}

/// The record as it stood when it was created: its intake, nothing done.
fn created(last: &Referral) -> Referral {
    let mut r = last.clone();
    r.status = Status::New;
    let e = r.episode_mut();
    (e.triage, e.plan, e.closure) = (None, None, None);
    e.contacts.clear();
    e.measures.clear();
    r
}

/// Commit every event of `records` (in their final states) on its own, in
/// the order they happened, each dated its day (seconds apart within it).
fn commit_each_event(out: &mut impl Write, records: &[Referral], rules: &Rules) -> usize {
    let mut events: Vec<(NaiveDate, u32, Step)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        events.extend(steps(r).into_iter().map(|(date, step)| (date, i as u32, step)));
    }
    // Stable: a referral's own events stay in their order.
    events.sort_by_key(|(date, _, _)| *date);
    let mut now: Vec<Option<Referral>> = vec![None; records.len()];
    let mut second = (NaiveDate::MIN, 0);
    for (date, i, step) in &events {
        let last = &records[*i as usize];
        let record = now[*i as usize].get_or_insert_with(|| created(last));
        let event = apply(record, last, *step);
        let problems = validate(record, rules, *date);
        assert!(problems.is_empty(), "{} after {step:?}: {problems:?}", record.id);
        second = if second.0 == *date {
            (*date, second.1 + 1)
        } else {
            (*date, 0)
        };
        let message = sprx::model::lifecycle::message(event, record, *date, *date);
        let text = to_yaml(REFERRAL_HEADER, &*record);
        commit_at(out, &[(record.id.path(), text)], *date, 9 * 3600 + second.1, &message);
    }
    events.len()
}

/// A commit in git's fast-import stream: `files` (path, text) on the branch
/// `main`, dated `when`.
fn commit(out: &mut impl Write, files: &[(String, String)], when: NaiveDate, message: &str) {
    commit_at(out, files, when, 18 * 3600, message);
}

/// A commit dated `seconds` into the day `when`.
fn commit_at(out: &mut impl Write, files: &[(String, String)], when: NaiveDate, seconds: u32, message: &str) {
    let time = when.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp() + i64::from(seconds);
    let who = format!("Generator <generator@example.org> {time} +0000");
    writeln!(out, "commit refs/heads/main\nauthor {who}\ncommitter {who}").unwrap();
    writeln!(out, "data {}\n{message}", message.len()).unwrap();
    for (path, text) in files {
        writeln!(out, "M 100644 inline {path}\ndata {}\n{text}", text.len()).unwrap();
    }
    writeln!(out).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (args.get(1).and_then(|n| n.parse::<u64>().ok()), args.get(2)) else {
        eprintln!("usage: cargo run --release --example generate -- N DIR [--schema-1 | --history]");
        std::process::exit(2);
    };
    let version_1 = args.iter().any(|a| a == "--schema-1");
    let history = args.iter().any(|a| a == "--history");
    let dir = PathBuf::from(dir);
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        eprintln!("error: {} is not empty", dir.display());
        std::process::exit(1);
    }
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    // As `sprx init` makes them: the owner's alone, and an index without
    // a checksum.
    git(&dir, &["config", "core.sharedRepository", "0600"]);
    git(&dir, &["config", "index.skipHash", "true"]);
    #[cfg(unix)]
    std::fs::set_permissions(dir.join(".git"), std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let mut import = Command::new("git")
        .current_dir(&dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("run git fast-import");
    let mut stream = BufWriter::new(import.stdin.take().unwrap());
    let rules = Rules::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n);

    // Received dates spread evenly over ten years, oldest first.
    let first = NaiveDate::from_ymd_opt(2016, 11, 1).unwrap();
    let span = (NaiveDate::from_ymd_opt(2026, 10, 31).unwrap() - first).num_days() as u64;
    let mut numbers: std::collections::HashMap<i32, u32> = Default::default();
    let mut pending: Vec<(String, String)> = vec![("sprx.toml".into(), settings())];
    pending.extend(
        sprx::schemas::all()
            .into_iter()
            .map(|(file, text)| (format!("schemas/{file}"), text)),
    );
    for (path, text) in &pending {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    commit_at(&mut stream, &pending, first, 8 * 3600, "init casebook");
    pending.clear();
    let mut month: Option<(i32, u32)> = None;
    let month_end =
        |(y, m): (i32, u32)| NaiveDate::from_ymd_opt(y, m, 1).unwrap() + chrono::Months::new(1) - Days::new(1);
    let message =
        |count: usize, when: NaiveDate| format!("generate: {count} referrals received in {}", when.format("%Y-%m"));
    let mut records = Vec::new();
    for i in 0..n {
        let received = first + Days::new(span * i / n.max(1));
        let key = (received.year(), received.month());
        if let Some(m) = month.filter(|m| *m != key)
            && !history
        {
            commit(
                &mut stream,
                &pending,
                month_end(m),
                &message(pending.len(), month_end(m)),
            );
            pending.clear();
        }
        month = Some(key);
        let number = numbers.entry(received.year()).or_insert(0);
        *number += 1;
        let id = ReferralId::new("SP", received.year(), *number).unwrap();
        let mut r = referral(&mut rng, id, received);
        if !version_1 {
            r.person.monitoring = monitoring(&mut rng);
        }
        let problems = validate(&r, &rules, today());
        assert!(
            problems.is_empty(),
            "generated an invalid record {}: {problems:?}",
            r.id
        );
        let text = if version_1 {
            as_version_1(&r)
        } else {
            to_yaml(REFERRAL_HEADER, &r)
        };
        // sprx wrote version 1 records in their year's folder.
        let path = if version_1 { r.id.former_path() } else { r.id.path() };
        let file = dir.join(&path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &text).unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        if history {
            records.push(r);
        } else {
            pending.push((path, text));
        }
    }
    if history {
        let events = commit_each_event(&mut stream, &records, &rules);
        eprintln!("{events} events, one commit each");
    } else {
        let last_day = month.map_or(today(), |(y, m)| NaiveDate::from_ymd_opt(y, m, 28).unwrap());
        commit(&mut stream, &pending, last_day, &message(pending.len(), last_day));
    }
    drop(stream);
    assert!(import.wait().unwrap().success(), "git fast-import failed");
    eprintln!(
        "generated {n} referrals in {:.1?}; indexing and packing",
        started.elapsed()
    );
    git(&dir, &["reset", "-q"]);
    git(&dir, &["repack", "-adq"]);
    git(&dir, &["prune-packed"]);
    eprintln!("done in {:.1?}: {}", started.elapsed(), dir.display());
}
