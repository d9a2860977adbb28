//! The outcome report and caseload against a casebook built through the CLI
//! with fixed dates (issue 3). Every expected figure below was worked out by
//! hand from the fixture; the arithmetic is in the comments.

use std::collections::{BTreeMap, HashMap};

use crate::common::Env;

/// One step: the day it happens (the clock is set to noon that day), the
/// referral's handle, and the command with `@` standing for the referral.
type Step = (&'static str, &'static str, &'static [&'static str]);

/// October 2026 at a social prescribing service: 15 referrals. R13 was
/// received in September and R15 in November; everything else in October.
#[rustfmt::skip]
const OCTOBER: &[Step] = &[
    ("2026-09-20", "R13", &["create", "--name", "Mo Thirteen", "--dob", "1990-01-01", "--source", "self", "--need", "employment-training"]),
    ("2026-09-22", "R13", &["triage", "@", "--accept"]),
    ("2026-10-01", "R1", &["create", "--name", "Ann One", "--dob", "1950-04-12", "--source", "gp", "--need", "loneliness", "--need", "long-term-condition", "--nhs-number", "9434765919", "--phone", "07700 900001", "--email", "ann.one@example.org", "--referrer", "Dr Referrer"]),
    ("2026-10-02", "R2", &["create", "--name", "Bob Two", "--dob", "1980-02-02", "--source", "self", "--need", "mental-wellbeing"]),
    ("2026-10-02", "R2", &["triage", "@", "--accept", "--priority", "high"]),
    ("2026-10-02", "R13", &["contact", "@", "--mode", "phone", "--minutes", "20"]),
    ("2026-10-02", "R13", &["plan", "@", "--what-matters", "Work", "--connect", "jobs-hub"]),
    ("2026-10-03", "R1", &["triage", "@", "--accept", "--priority", "high"]),
    ("2026-10-03", "R3", &["create", "--name", "Cy Three", "--dob", "1960-03-03", "--source", "pharmacy", "--need", "loneliness"]),
    ("2026-10-04", "R2", &["contact", "@", "--mode", "face-to-face", "--minutes", "45"]),
    ("2026-10-04", "R2", &["measure", "@", "--tool", "wemwbs", "--items", "3,3,3,3,3,3,3,3,3,3,3,3,3,3"]),
    ("2026-10-04", "R2", &["plan", "@", "--what-matters", "Calm", "--goal", "Try the cafe", "--connect", "talking-cafe"]),
    ("2026-10-05", "R1", &["contact", "@", "--mode", "phone", "--minutes", "30"]),
    ("2026-10-05", "R1", &["measure", "@", "--tool", "swemwbs", "--items", "3,3,3,3,3,3,3"]),
    ("2026-10-05", "R1", &["plan", "@", "--what-matters", "Company", "--goal", "Walk", "--goal", "Lunch club", "--connect", "walking-for-health"]),
    ("2026-10-05", "R4", &["create", "--name", "Di Four", "--dob", "1970-04-04", "--source", "housing", "--need", "housing", "--need", "benefits-debt"]),
    ("2026-10-06", "R3", &["triage", "@", "--accept"]),
    ("2026-10-06", "R4", &["triage", "@", "--accept"]),
    ("2026-10-06", "R5", &["create", "--name", "Ed Five", "--dob", "1955-05-05", "--source", "gp", "--need", "bereavement"]),
    ("2026-10-07", "R5", &["triage", "@", "--accept"]),
    ("2026-10-07", "R5", &["contact", "@", "--mode", "video", "--minutes", "30"]),
    ("2026-10-07", "R5", &["measure", "@", "--tool", "swemwbs", "--items", "3,3,3,3,3,3,2"]),
    ("2026-10-07", "R6", &["create", "--name", "Flo Six", "--dob", "1965-06-06", "--source", "practice-nurse", "--need", "physical-activity"]),
    ("2026-10-08", "R3", &["contact", "@", "--mode", "phone", "--dna"]),
    ("2026-10-08", "R4", &["contact", "@", "--mode", "phone", "--dna"]),
    ("2026-10-08", "R5", &["plan", "@", "--what-matters", "Grief", "--connect", "bereavement-group"]),
    ("2026-10-08", "R7", &["create", "--name", "Gus Seven", "--dob", "1999-07-07", "--source", "vcse", "--need", "volunteering"]),
    ("2026-10-08", "R7", &["triage", "@", "--accept"]),
    ("2026-10-09", "R6", &["triage", "@", "--accept"]),
    ("2026-10-09", "R6", &["contact", "@", "--mode", "group", "--minutes", "60"]),
    ("2026-10-09", "R6", &["measure", "@", "--tool", "swemwbs", "--items", "2,2,2,2,2,2,2"]),
    ("2026-10-09", "R6", &["plan", "@", "--what-matters", "Fitness", "--goal", "Swim", "--connect", "walking-for-health"]),
    ("2026-10-09", "R8", &["create", "--name", "Hal Eight", "--dob", "1940-08-08", "--source", "hospital-discharge", "--need", "loneliness", "--need", "carer-support"]),
    ("2026-10-10", "R3", &["contact", "@", "--mode", "phone", "--minutes", "20"]),
    ("2026-10-10", "R3", &["measure", "@", "--tool", "ons4", "--items", "4,5,5,7"]),
    ("2026-10-10", "R3", &["plan", "@", "--what-matters", "Singing", "--goal", "Join the choir", "--connect", "riverside-choir"]),
    ("2026-10-10", "R7", &["contact", "@", "--mode", "phone", "--minutes", "15"]),
    ("2026-10-10", "R8", &["triage", "@", "--accept", "--priority", "urgent"]),
    ("2026-10-10", "R8", &["contact", "@", "--mode", "home-visit", "--minutes", "60"]),
    ("2026-10-10", "R8", &["measure", "@", "--tool", "wemwbs", "--items", "2,2,2,2,2,2,2,2,2,2,2,2,2,2"]),
    ("2026-10-10", "R8", &["plan", "@", "--what-matters", "Coping", "--goal", "Carers' group", "--connect", "carers-centre"]),
    ("2026-10-10", "R9", &["create", "--name", "Ivy Nine", "--dob", "1985-09-09", "--source", "family-friend", "--need", "food"]),
    ("2026-10-11", "R9", &["triage", "@", "--accept"]),
    ("2026-10-11", "R10", &["create", "--name", "Jo Ten", "--dob", "1975-10-10", "--source", "mental-health-team", "--need", "mental-wellbeing"]),
    ("2026-10-12", "R4", &["contact", "@", "--mode", "message", "--dna"]),
    ("2026-10-12", "R7", &["close", "@", "--outcome", "moved-away"]),
    ("2026-10-12", "R9", &["contact", "@", "--mode", "phone", "--minutes", "10"]),
    ("2026-10-12", "R9", &["measure", "@", "--tool", "ucla3", "--items", "3,3,3"]),
    ("2026-10-12", "R10", &["triage", "@", "--decline", "--reason", "out-of-scope"]),
    ("2026-10-12", "R11", &["create", "--name", "Kit Eleven", "--dob", "1988-11-11", "--source", "social-care", "--need", "food", "--need", "housing"]),
    ("2026-10-13", "R9", &["measure", "@", "--tool", "ucla3", "--items", "2,3,3"]),
    ("2026-10-13", "R9", &["close", "@", "--outcome", "other"]),
    ("2026-10-14", "R5", &["measure", "@", "--tool", "swemwbs", "--items", "3,3,3,3,3,3,3"]),
    ("2026-10-14", "R11", &["triage", "@", "--decline", "--reason", "social-services"]),
    ("2026-10-15", "R5", &["close", "@", "--outcome", "person-declined"]),
    ("2026-10-20", "R1", &["measure", "@", "--tool", "swemwbs", "--items", "4,4,4,4,4,4,4"]),
    ("2026-10-20", "R1", &["plan", "@", "--goal-status", "1=met", "--goal-status", "2=partly-met"]),
    ("2026-10-20", "R4", &["close", "@", "--outcome", "unable-to-contact"]),
    ("2026-10-20", "R12", &["create", "--name", "Lu Twelve", "--dob", "1992-12-12", "--source", "gp", "--need", "loneliness"]),
    ("2026-10-21", "R1", &["close", "@", "--outcome", "goals-met"]),
    ("2026-10-25", "R2", &["measure", "@", "--tool", "wemwbs", "--items", "3,3,3,3,3,3,3,3,3,3,3,3,4,4"]),
    ("2026-10-25", "R2", &["close", "@", "--outcome", "partly-met"]),
    ("2026-10-25", "R14", &["create", "--name", "Max Fourteen", "--dob", "1983-04-30", "--source", "police", "--need", "addiction-recovery"]),
    ("2026-10-27", "R14", &["triage", "@", "--accept"]),
    ("2026-10-28", "R3", &["measure", "@", "--tool", "ons4", "--items", "6,7,5,4"]),
    ("2026-10-28", "R3", &["plan", "@", "--goal-status", "1=met"]),
    ("2026-10-28", "R3", &["close", "@", "--outcome", "referred-on"]),
    ("2026-10-30", "R6", &["close", "@", "--outcome", "disengaged"]),
    ("2026-10-30", "R8", &["measure", "@", "--tool", "wemwbs", "--items", "3,3,3,3,3,2,2,2,2,2,2,2,2,2"]),
    ("2026-10-30", "R8", &["plan", "@", "--goal-status", "1=not-met"]),
    ("2026-10-31", "R8", &["close", "@", "--outcome", "deceased"]),
];

/// November: new work, and October events recorded late (back-dated).
#[rustfmt::skip]
const NOVEMBER: &[Step] = &[
    ("2026-11-02", "R15", &["create", "--name", "Ned Fifteen", "--dob", "1961-01-15", "--source", "job-centre", "--need", "benefits-debt"]),
    ("2026-11-02", "R13", &["contact", "@", "--mode", "phone", "--minutes", "25", "--date", "2026-10-15"]),
    ("2026-11-03", "R14", &["close", "@", "--outcome", "moved-away", "--date", "2026-10-30"]),
    ("2026-11-03", "R15", &["triage", "@", "--accept"]),
    ("2026-11-04", "R16", &["create", "--name", "Oz Sixteen", "--dob", "1971-06-16", "--source", "gp", "--need", "food", "--received", "2026-10-29"]),
    ("2026-11-04", "R13", &["contact", "@", "--mode", "phone", "--minutes", "5"]),
];

fn replay(env: &Env, steps: &[Step], ids: &mut HashMap<&'static str, String>) {
    for (day, who, args) in steps {
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "@" { ids[who].as_str() } else { a })
            .collect();
        let out = env
            .cmd()
            .env("SPRX_NOW", format!("{day}T12:00:00Z"))
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{day} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if args[0] == "create" {
            ids.insert(who, String::from_utf8(out.stdout).unwrap().trim().to_string());
        }
    }
}

fn october() -> (Env, HashMap<&'static str, String>) {
    let env = Env::casebook();
    let mut ids = HashMap::new();
    replay(&env, OCTOBER, &mut ids);
    (env, ids)
}

/// (measure, group) → value, from the CSV.
fn figures(csv_text: &str) -> BTreeMap<(String, String), String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["period_start", "period_end", "measure", "group", "value"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            assert_eq!((&r[0], &r[1]), ("2026-10-01", "2026-10-31"));
            ((r[2].to_string(), r[3].to_string()), r[4].to_string())
        })
        .collect()
}

#[test]
fn every_october_figure_matches_the_hand_worked_values() {
    let (env, _) = october();
    let csv = env
        .cmd()
        .env("SPRX_NOW", "2026-10-31T18:00:00Z")
        .args(["report", "--period", "2026-10", "--format", "csv"])
        .output()
        .unwrap();
    assert!(csv.status.success(), "{}", String::from_utf8_lossy(&csv.stderr));
    let got = figures(&String::from_utf8(csv.stdout).unwrap());
    let expected: &[(&str, &str, &str)] = &[
        // Received in October: R1–R12 and R14 (R13 came in September, R15 in November).
        ("referrals_received", "all", "13"),
        ("referrals_received_by_source", "family-friend", "1"),
        ("referrals_received_by_source", "gp", "3"), // R1, R5, R12
        ("referrals_received_by_source", "hospital-discharge", "1"),
        ("referrals_received_by_source", "housing", "1"),
        ("referrals_received_by_source", "mental-health-team", "1"),
        ("referrals_received_by_source", "pharmacy", "1"),
        ("referrals_received_by_source", "police", "1"),
        ("referrals_received_by_source", "practice-nurse", "1"),
        ("referrals_received_by_source", "self", "1"),
        ("referrals_received_by_source", "social-care", "1"),
        ("referrals_received_by_source", "vcse", "1"),
        ("referrals_received_by_need", "addiction-recovery", "1"),
        ("referrals_received_by_need", "benefits-debt", "1"),
        ("referrals_received_by_need", "bereavement", "1"),
        ("referrals_received_by_need", "carer-support", "1"),
        ("referrals_received_by_need", "food", "2"),       // R9, R11
        ("referrals_received_by_need", "housing", "2"),    // R4, R11
        ("referrals_received_by_need", "loneliness", "4"), // R1, R3, R8, R12
        ("referrals_received_by_need", "long-term-condition", "1"),
        ("referrals_received_by_need", "mental-wellbeing", "2"), // R2, R10
        ("referrals_received_by_need", "physical-activity", "1"),
        ("referrals_received_by_need", "volunteering", "1"),
        // Triaged in October: R1–R11 and R14 (R13's triage was in September).
        ("triage_accepted", "all", "10"), // R1–R9, R14
        ("triage_declined", "all", "2"),
        ("triage_declined_by_reason", "out-of-scope", "1"),
        ("triage_declined_by_reason", "social-services", "1"),
        // Days received→triage: R1 2, R2 0, R3 3, R4 1, R5 1, R6 2, R7 0, R8 1, R9 1, R10 1, R11 2, R14 2;
        // sorted 0 0 1 1 1 [1 1] 2 2 2 2 3 → median of the 6th and 7th = 1.
        ("triage_median_days", "all", "1"),
        // First attended contacts in October, days after receipt: R1 4, R2 2, R3 7 (after a DNA),
        // R5 1, R6 2, R7 2, R8 1, R9 2, R13 12 (received 20 Sept); R4 never attended.
        // sorted 1 1 2 2 [2] 2 4 7 12 → 2.
        ("first_contact_median_days", "all", "2"),
        // Contacts dated in October: R1 1, R2 1, R3 2, R4 2, R5 1, R6 1, R7 1, R8 1, R9 1, R13 1 = 12;
        // did not attend: R3 once, R4 twice = 3; minutes 30+45+20+30+60+15+60+10+20 = 290.
        ("contacts", "all", "12"),
        ("contacts_attended", "all", "9"),
        ("contacts_did_not_attend", "all", "3"),
        ("contact_minutes", "all", "290"),
        // Closed in October: R1–R9, one of each outcome.
        ("closed", "all", "9"),
        ("closed_by_outcome", "deceased", "1"),
        ("closed_by_outcome", "disengaged", "1"),
        ("closed_by_outcome", "goals-met", "1"),
        ("closed_by_outcome", "moved-away", "1"),
        ("closed_by_outcome", "other", "1"),
        ("closed_by_outcome", "partly-met", "1"),
        ("closed_by_outcome", "person-declined", "1"),
        ("closed_by_outcome", "referred-on", "1"),
        ("closed_by_outcome", "unable-to-contact", "1"),
        // Episode days: R1 20, R2 23, R3 25, R4 15, R5 9, R6 23, R7 4, R8 22, R9 3;
        // sorted 3 4 9 15 [20] 22 23 23 25 → 20.
        ("episode_median_days", "all", "20"),
        // Goals in closed episodes: R1 2 (achieved, partly), R2 1 (open), R3 1 (achieved),
        // R6 1 (open), R8 1 (not achieved) = 6; achieved 2; partly 1.
        ("goals_set", "all", "6"),
        ("goals_met", "all", "2"),
        ("goals_partly_met", "all", "1"),
        // ONS4, R3 only: 4,5,5,7 → 6,7,5,4. Changes +2, +2, 0, −3 (anxiety falls: improved).
        ("wellbeing_pairs", "ons4-satisfaction", "1"),
        ("wellbeing_mean_first", "ons4-satisfaction", "4"),
        ("wellbeing_mean_last", "ons4-satisfaction", "6"),
        ("wellbeing_mean_change", "ons4-satisfaction", "2"),
        ("wellbeing_improved_share", "ons4-satisfaction", "1"),
        ("wellbeing_pairs", "ons4-worthwhile", "1"),
        ("wellbeing_mean_first", "ons4-worthwhile", "5"),
        ("wellbeing_mean_last", "ons4-worthwhile", "7"),
        ("wellbeing_mean_change", "ons4-worthwhile", "2"),
        ("wellbeing_improved_share", "ons4-worthwhile", "1"),
        ("wellbeing_pairs", "ons4-happiness", "1"),
        ("wellbeing_mean_first", "ons4-happiness", "5"),
        ("wellbeing_mean_last", "ons4-happiness", "5"),
        ("wellbeing_mean_change", "ons4-happiness", "0"),
        ("wellbeing_improved_share", "ons4-happiness", "0"),
        ("wellbeing_pairs", "ons4-anxiety", "1"),
        ("wellbeing_mean_first", "ons4-anxiety", "7"),
        ("wellbeing_mean_last", "ons4-anxiety", "4"),
        ("wellbeing_mean_change", "ons4-anxiety", "-3"),
        ("wellbeing_improved_share", "ons4-anxiety", "1"),
        // SWEMWBS, metric scores: R1 raw 21 → 28 = 19.25 → 25.03 (+5.78, improved);
        // R5 raw 20 → 21 = 18.59 → 19.25 (+0.66, below the threshold of 1).
        // R6 has one measure only and is no pair.
        // Means: first (19.25 + 18.59)/2 = 18.92; last (25.03 + 19.25)/2 = 22.14;
        // change (5.78 + 0.66)/2 = 3.22; improved 1 of 2 = 0.5.
        ("wellbeing_pairs", "swemwbs", "2"),
        ("wellbeing_mean_first", "swemwbs", "18.92"),
        ("wellbeing_mean_last", "swemwbs", "22.14"),
        ("wellbeing_mean_change", "swemwbs", "3.22"),
        ("wellbeing_improved_share", "swemwbs", "0.5"),
        // WEMWBS: R2 42 → 44 (+2, below 3); R8 28 → 33 (+5, improved).
        // first (42 + 28)/2 = 35; last (44 + 33)/2 = 38.5; change (2 + 5)/2 = 3.5; share 0.5.
        ("wellbeing_pairs", "wemwbs", "2"),
        ("wellbeing_mean_first", "wemwbs", "35"),
        ("wellbeing_mean_last", "wemwbs", "38.5"),
        ("wellbeing_mean_change", "wemwbs", "3.5"),
        ("wellbeing_improved_share", "wemwbs", "0.5"),
        // UCLA-3: R9 9 → 8, lonely less by 1 = the threshold: improved.
        ("wellbeing_pairs", "ucla3", "1"),
        ("wellbeing_mean_first", "ucla3", "9"),
        ("wellbeing_mean_last", "ucla3", "8"),
        ("wellbeing_mean_change", "ucla3", "-1"),
        ("wellbeing_improved_share", "ucla3", "1"),
        // Connections dated in October: R13 jobs-hub, R2 talking-cafe, R1 walking-for-health,
        // R5 bereavement-group, R6 walking-for-health, R3 riverside-choir, R8 carers-centre = 7.
        ("connections", "all", "7"),
        ("connections_by_service", "bereavement-group", "1"),
        ("connections_by_service", "carers-centre", "1"),
        ("connections_by_service", "jobs-hub", "1"),
        ("connections_by_service", "riverside-choir", "1"),
        ("connections_by_service", "talking-cafe", "1"),
        ("connections_by_service", "walking-for-health", "2"),
        // Each connection once per need of its referral: loneliness R1, R3, R8 = 3.
        ("connections_by_need", "bereavement", "1"),
        ("connections_by_need", "carer-support", "1"),
        ("connections_by_need", "employment-training", "1"),
        ("connections_by_need", "long-term-condition", "1"),
        ("connections_by_need", "loneliness", "3"),
        ("connections_by_need", "mental-wellbeing", "1"),
        ("connections_by_need", "physical-activity", "1"),
        // Open on 31 October: R12 new, R13 active, R14 accepted.
        ("open_at_end", "all", "3"),
        ("open_at_end_by_status", "accepted", "1"),
        ("open_at_end_by_status", "active", "1"),
        ("open_at_end_by_status", "new", "1"),
    ];
    let expected: BTreeMap<(String, String), String> = expected
        .iter()
        .map(|(m, g, v)| ((m.to_string(), g.to_string()), v.to_string()))
        .collect();
    for (key, value) in &expected {
        assert_eq!(got.get(key), Some(value), "{key:?}");
    }
    let extra: Vec<_> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    assert!(extra.is_empty(), "figures nobody worked out: {extra:?}");
}

/// The report in all three formats, as text.
fn all_formats(env: &Env, now: &str, extra: &[&str]) -> Vec<String> {
    ["csv", "json", "table"]
        .iter()
        .map(|format| {
            let mut args = vec!["report", "--period", "2026-10", "--format", format];
            args.extend_from_slice(extra);
            let out = env.cmd().env("SPRX_NOW", now).args(&args).output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

#[test]
fn october_as_of_after_november_edits_equals_october_on_the_day() {
    let (env, mut ids) = october();
    let on_the_day = all_formats(&env, "2026-10-31T18:00:00Z", &[]);
    let caseload_then = env
        .cmd()
        .env("SPRX_NOW", "2026-10-31T18:00:00Z")
        .args(["caseload", "--format", "json"])
        .output()
        .unwrap();
    replay(&env, NOVEMBER, &mut ids);
    let later = "2027-02-01T09:00:00Z";
    assert_eq!(all_formats(&env, later, &["--as-of", "2026-10-31"]), on_the_day);
    let oct_commit = env.git(&["rev-list", "-1", "--before=2026-10-31T23:59:59Z", "HEAD"]);
    assert_eq!(all_formats(&env, later, &["--at", oct_commit.trim()]), on_the_day);
    let caseload_as_of = env
        .cmd()
        .env("SPRX_NOW", later)
        .args(["caseload", "--format", "json", "--as-of", "2026-10-31"])
        .output()
        .unwrap();
    assert_eq!(caseload_as_of.stdout, caseload_then.stdout);
    // Without --as-of the back-dated November edits do change October's figures.
    let now = all_formats(&env, later, &[]);
    assert_ne!(now[0], on_the_day[0]);
    let current = figures(&now[0]);
    assert_eq!(
        current[&("contacts".to_string(), "all".to_string())],
        "13",
        "R13's back-dated contact"
    );
    assert_eq!(
        current[&("referrals_received".to_string(), "all".to_string())],
        "14",
        "R16 back-dated into October"
    );
}

#[test]
fn csv_is_rfc4180_and_json_names_the_commit() {
    let (env, _) = october();
    let now = "2026-11-01T08:00:00Z";
    let formats = all_formats(&env, now, &[]);
    // Python's csv module, as a commissioner's script would read it.
    let check = std::process::Command::new("python3")
        .args(["-c", "import csv,sys; rows=list(csv.reader(sys.stdin)); assert rows[0]==['period_start','period_end','measure','group','value'], rows[0]; assert all(len(r)==5 for r in rows); [float(r[4]) for r in rows[1:]]; print(len(rows)-1)"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = check {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(formats[0].as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "python's csv module rejected the report");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            (formats[0].lines().count() - 1).to_string()
        );
    }
    let json: serde_json::Value = serde_json::from_str(&formats[1]).unwrap();
    let head = env.git(&["rev-parse", "HEAD"]);
    assert_eq!(json["commit"], head.trim());
    assert_eq!(json["period_start"], "2026-10-01");
    assert_eq!(json["period_end"], "2026-10-31");
    let from_json: BTreeMap<(String, String), String> = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let v = &f["value"];
            assert!(v.is_number(), "{f}");
            (
                (
                    f["measure"].as_str().unwrap().into(),
                    f["group"].as_str().unwrap().into(),
                ),
                v.to_string(),
            )
        })
        .collect();
    let from_csv = figures(&formats[0]);
    assert_eq!(from_json.len(), from_csv.len(), "the same figures");
    for (key, value) in &from_csv {
        assert_eq!(
            from_json[key].parse::<f64>().unwrap(),
            value.parse::<f64>().unwrap(),
            "{key:?}"
        );
    }
    assert!(
        formats[2].contains(&format!("Computed from commit {}", &head.trim()[..10])),
        "{}",
        formats[2]
    );
    assert!(formats[2].contains("unmet needs"), "says what is not reported yet");
}

#[test]
fn no_personal_data_in_the_report_in_any_format() {
    let (env, ids) = october();
    // A worker may type anything as a free-text connection, even a name.
    let out = env
        .cmd()
        .env("SPRX_NOW", "2026-10-31T12:00:00Z")
        .args(["plan", &ids["R13"], "--signpost", "Mrs Neighbour at no. 4"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let formats = all_formats(&env, "2026-11-01T08:00:00Z", &[]);
    let mut personal: Vec<String> = vec![
        "9434765919".into(),
        "943 476".into(),
        "07700".into(),
        "example.org".into(),
        "Dr Referrer".into(),
        "1950".into(),
    ];
    for n in [
        "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen",
        "Fourteen",
    ] {
        personal.push(n.into());
    }
    personal.extend(ids.values().cloned());
    personal.push("Mrs Neighbour".into());
    personal.push("SP-2026".into());
    assert!(
        formats[0].contains(",connections_by_service,free-text,1"),
        "{}",
        formats[0]
    );
    for text in &formats {
        for p in &personal {
            assert!(!text.contains(p.as_str()), "{p:?} appears in the report:\n{text}");
        }
    }
}

#[test]
fn periods_and_their_errors() {
    let (env, _) = october();
    let run = |args: &[&str]| {
        env.cmd()
            .env("SPRX_NOW", "2026-11-15T08:00:00Z")
            .args(args)
            .output()
            .unwrap()
    };
    let received = |args: &[&str]| {
        let mut all = vec!["report", "--format", "csv"];
        all.extend_from_slice(args);
        let out = run(&all);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        text.lines()
            .find(|l| l.contains(",referrals_received,all,"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        received(&["--period", "2026-Q4"]),
        "2026-10-01,2026-12-31,referrals_received,all,13"
    );
    assert_eq!(
        received(&["--period", "2026-Q3"]),
        "2026-07-01,2026-09-30,referrals_received,all,1"
    );
    assert_eq!(
        received(&["--period", "2026"]),
        "2026-01-01,2026-12-31,referrals_received,all,14"
    );
    assert_eq!(
        received(&["--period", "last-month"]),
        "2026-10-01,2026-10-31,referrals_received,all,13"
    );
    assert_eq!(received(&[]), "2026-11-01,2026-11-30,referrals_received,all,0");
    assert_eq!(
        received(&["--from", "2026-10-05", "--to", "2026-10-06"]),
        "2026-10-05,2026-10-06,referrals_received,all,2"
    );
    for bad in [
        &["--period", "2026-13"][..],
        &["--period", "Q4"],
        &["--from", "2026-10-01"],
        &["--period", "2026-10", "--from", "2026-10-01", "--to", "2026-10-02"],
    ] {
        let mut all = vec!["report"];
        all.extend_from_slice(bad);
        let out = run(&all);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let out = run(&["report", "--period", "October"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("YYYY-MM (2026-10), YYYY-QN (2026-Q4), YYYY (2026), last-month, this-month"),
        "{err}"
    );
    let out = run(&["report", "--from", "2026-10-09", "--to", "2026-10-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("--from 2026-10-09 is after --to 2026-10-01")
    );
    let out = run(&["report", "--as-of", "2026-01-01"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no commit made on or before 2026-01-01")
    );
    let out = run(&["report", "--at", "no-such-branch"]);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("`no-such-branch` is not a commit")
    );
}
