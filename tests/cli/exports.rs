//! Closing the loop (issue 7): the letter back to the GP and referrer, the
//! SNOMED CT export, and the subject access export.

use crate::common::{Env, stderr};

/// A closed episode with every section filled, and contact notes.
fn closed_episode(env: &Env) -> String {
    let id = env.create(
        "Ada Example",
        "1950-04-12",
        &[
            "--received",
            "2026-10-01",
            "--nhs-number",
            "943 476 5919",
            "--referrer",
            "Dr A Smith, Riverside Surgery",
            "--need",
            "long-term-condition",
            "--notes",
            "Lives alone since her husband died",
        ],
    );
    env.ok(&["triage", &id, "--accept", "--priority", "high", "--date", "2026-10-02"]);
    env.ok(&[
        "contact",
        &id,
        "--mode",
        "phone",
        "--minutes",
        "30",
        "--note",
        "Tearful; talked about her sister",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "swemwbs",
        "--items",
        "3,3,3,3,3,3,3",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "ucla3",
        "--items",
        "3,3,3",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "plan",
        &id,
        "--what-matters",
        "Getting out and meeting people",
        "--goal",
        "Join the walking group",
        "--connect",
        "walking-for-health",
        "--date",
        "2026-10-08",
    ]);
    env.ok(&[
        "contact",
        &id,
        "--mode",
        "home-visit",
        "--minutes",
        "60",
        "--date",
        "2026-10-20",
    ]);
    env.ok(&["contact", &id, "--mode", "phone", "--dna", "--date", "2026-10-25"]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "swemwbs",
        "--items",
        "4,4,4,4,4,4,4",
        "--date",
        "2026-11-10",
    ]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "ucla3",
        "--items",
        "3,3,2",
        "--date",
        "2026-11-10",
    ]);
    env.ok(&["plan", &id, "--goal-status", "1=met", "--date", "2026-11-10"]);
    env.ok(&[
        "close",
        &id,
        "--outcome",
        "goals-met",
        "--note",
        "Walks every Thursday now",
        "--date",
        "2026-11-12",
    ]);
    id
}

#[test]
fn the_letter_reads_as_a_letter_with_every_section() {
    let env = Env::casebook();
    env.ok(&[
        "service",
        "add",
        "walking-for-health",
        "--name",
        "Walking for Health, Riverside",
        "--need",
        "loneliness",
    ]);
    let id = closed_episode(&env);
    let letter = env.ok(&["letter", &id]);
    let expected_in_order = [
        "# Social prescribing: end of episode summary",
        "21 November 2026",
        "To: Dr A Smith, Riverside Surgery",
        "Dear Dr A Smith,",
        "Re: Ada Example, born 12 April 1950, NHS number 943 476 5919 (our reference SP-2026-0001)",
        "Thank you for referring Ada to social prescribing on 1 October 2026.",
        "## Reason for referral",
        "Needs and concerns: loneliness, long-term condition.",
        "Referral notes: Lives alone since her husband died",
        "## What matters to Ada",
        "\"Getting out and meeting people\"",
        "## Support offered",
        "- Goal 1: Join the walking group — met",
        "- Referred to Walking for Health, Riverside (8 October 2026)",
        "Contacts: 2 attended (1 h 30 min in all), 1 not attended or not answered.",
        "## Wellbeing",
        "19.25 on 5 October 2026 → 25.03 on 10 November 2026 (change +5.78; a meaningful improvement)",
        "UCLA 3-item loneliness scale (3–9; lower is less lonely): 9 on 5 October 2026 → 8 on 10 November 2026 (change -1; a meaningful improvement)",
        "## Outcome",
        "The episode closed on 12 November 2026: goals met.",
        "Walks every Thursday now",
        "## Please record (SNOMED CT)",
        "- 871731000000106 Referral to social prescribing service (procedure) — 2 October 2026",
        "Yours sincerely,",
        "Test Worker",
    ];
    // Lines are wrapped to 80 columns: compare the words.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let words = flat(&letter);
    let mut at = 0;
    for line in expected_in_order {
        let line = flat(line);
        let found = words[at..]
            .find(&line)
            .unwrap_or_else(|| panic!("{line:?} missing or out of order in:\n{letter}"));
        at += found + line.len();
    }
    assert!(letter.lines().all(|l| l.chars().count() <= 80), "{letter}");
    assert!(!letter.contains("Tearful"), "contact notes are internal");
    assert!(!letter.contains("Contact notes"), "{letter}");
    let with_notes = env.ok(&["letter", &id, "--include-notes"]);
    assert!(
        with_notes
            .contains("## Contact notes (internal)\n\n- 5 October 2026 (phone): Tearful; talked about her sister"),
        "{with_notes}"
    );
    let text = env.ok(&["letter", &id, "--format", "text"]);
    assert!(
        text.starts_with("Social prescribing: end of episode summary\n=========="),
        "{text}"
    );
    assert!(
        text.contains("Reason for referral\n-------------------")
            && text.contains("  * Goal 1: Join the walking group — met"),
        "{text}"
    );
    assert!(!text.contains("## "));
}

#[test]
fn snomed_export_gives_exactly_the_coded_events() {
    let env = Env::casebook();
    let ada = closed_episode(&env); // accepted 2026-10-02
    let bo = env.create(
        "Bo Example",
        "1960-01-01",
        &["--received", "2026-10-10", "--nhs-number", "9990000018"],
    );
    env.ok(&[
        "triage",
        &bo,
        "--decline",
        "--reason",
        "person-declined",
        "--date",
        "2026-10-11",
    ]);
    let cy = env.create(
        "Cy Example",
        "1960-01-01",
        &["--received", "2026-11-01", "--nhs-number", "9990000085"],
    );
    env.ok(&["triage", &cy, "--accept", "--date", "2026-11-02"]);
    env.ok(&["close", &cy, "--outcome", "person-declined", "--date", "2026-11-15"]);
    let di = env.create(
        "Di Example",
        "1960-01-01",
        &["--received", "2026-11-03", "--nhs-number", "9990000158"],
    );
    env.ok(&[
        "triage",
        &di,
        "--decline",
        "--reason",
        "out-of-scope",
        "--date",
        "2026-11-04",
    ]);
    let ed = env.create("Ed Example", "1960-01-01", &["--received", "2026-11-05"]);
    env.ok(&["triage", &ed, "--accept", "--date", "2026-11-06"]);
    env.create("Flo Example", "1960-01-01", &["--nhs-number", "9990000220"]); // untriaged: nothing to code

    let out = env.sprx(&["export", "snomed"]);
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        csv,
        format!(
            "nhs_number,date,concept_id,term,referral_id\n\
             9434765919,2026-10-02,871731000000106,Referral to social prescribing service (procedure),{ada}\n\
             9990000018,2026-10-11,871711000000103,Social prescribing declined (situation),{bo}\n\
             9990000085,2026-11-02,871731000000106,Referral to social prescribing service (procedure),{cy}\n\
             9990000085,2026-11-15,871711000000103,Social prescribing declined (situation),{cy}\n"
        )
    );
    assert!(
        stderr(&out).contains(&format!(
            "warning: 1 referral has coded events but no NHS number, so they are not in the export: {ed} (1 event)"
        )),
        "{}",
        stderr(&out)
    );
    let october = env.ok(&["export", "snomed", "--period", "2026-10", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&october).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["concept_id"], "871711000000103");
    assert_eq!(rows[1]["referral_id"], bo.as_str());
}

#[test]
fn subject_access_export_holds_every_referral_and_its_history() {
    let env = Env::casebook();
    let first = closed_episode(&env);
    env.ok(&["reopen", &first]);
    env.ok(&["close", &first, "--outcome", "moved-away"]);
    // A later referral for the same person (same NHS number), and someone else.
    let second = env.create(
        "Ada Example",
        "1950-04-12",
        &["--nhs-number", "9434765919", "--need", "food"],
    );
    env.create("Someone Else", "1950-04-12", &[]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["export", "person", &second])).unwrap();
    assert_eq!(json["person"]["name"], "Ada Example");
    assert_eq!(json["person"]["nhs_number"], "9434765919");
    let referrals = json["referrals"].as_array().unwrap();
    let ids: Vec<&str> = referrals.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    let history = referrals[0]["history"].as_array().unwrap();
    assert_eq!(
        history.len(),
        14,
        "create, triage, 3 contacts, 4 measures, 2 plans, close, reopen, close"
    );
    let created = history[0]["event"].as_str().unwrap();
    assert!(
        created.starts_with(&format!("create {first}: new referral (source gp)")),
        "{created}"
    );
    assert_eq!(history[0]["record"]["status"], "new");
    assert_eq!(history[1]["record"]["episodes"][0]["triage"]["priority"], "high");
    assert_eq!(history[13]["record"]["episodes"][1]["closure"]["outcome"], "moved-away");
    assert_eq!(
        referrals[0]["record"]["episodes"][0]["contacts"][0]["note"], "Tearful; talked about her sister",
        "everything held, notes too"
    );
    assert!(!env.ok(&["export", "person", &second]).contains("Someone Else"));
}

/// A decline for "other" reasons with no note does not point to a note
/// that is not there (it said "Please see the note above").
#[test]
fn a_decline_for_other_reasons_without_a_note_points_to_no_note() {
    let env = Env::casebook();
    let id = env.create("Quin Example", "1970-01-01", &[]);
    env.ok(&["triage", &id, "--decline", "--reason", "other"]);
    let letter = env.ok(&["letter", &id]);
    assert!(!letter.contains("note above"), "{letter}");
    assert!(letter.contains("Please call us to talk it through."), "{letter}");
}
