//! Episodes, follow-up, corrections and event dates (record schema 2): a
//! past period's figures never move when a referral is reopened, follow-up
//! after a closure is recorded rather than refused, and `migrate` changes
//! no figure.

use std::path::Path;

use crate::common::{Env, record_path, stderr};

/// The outputs a commissioner keeps for October: the report in each
/// format and the SNOMED export.
fn october(env: &Env) -> Vec<String> {
    let mut out: Vec<String> = ["table", "csv", "json"]
        .iter()
        .map(|f| env.ok(&["report", "--period", "2026-10", "--format", f]))
        .collect();
    for f in ["csv", "json"] {
        out.push(env.ok(&["export", "snomed", "--period", "2026-10", "--format", f]));
    }
    out
}

/// Strip the footer line naming the commit, which moves with HEAD.
fn figures(text: &str) -> String {
    let keep = |l: &&str| !l.contains("commit") && !l.contains("\"as_of\"");
    text.lines().filter(keep).collect::<Vec<_>>().join("\n")
}

fn referral(env: &Env, name: &str, received: &str, nhs: &str) -> String {
    env.create(name, "1960-01-01", &["--received", received, "--nhs-number", nhs])
}

#[test]
fn reopening_in_november_never_moves_octobers_report_or_codes() {
    let env = Env::casebook().at("2026-10-31T17:00:00Z");
    // October's work: one referral closed with wellbeing pairs, one
    // declined by the person, one still open.
    let closed = referral(&env, "Ann Example", "2026-10-01", "9434765919");
    env.ok(&["triage", &closed, "--accept", "--date", "2026-10-02"]);
    env.ok(&["plan", &closed, "--what-matters", "Company", "--date", "2026-10-03"]);
    env.ok(&[
        "contact",
        &closed,
        "--mode",
        "phone",
        "--minutes",
        "30",
        "--date",
        "2026-10-03",
    ]);
    env.ok(&[
        "measure",
        &closed,
        "--tool",
        "ons4",
        "--items",
        "4,5,4,7",
        "--date",
        "2026-10-03",
    ]);
    env.ok(&[
        "measure",
        &closed,
        "--tool",
        "ons4",
        "--items",
        "7,7,7,3",
        "--date",
        "2026-10-28",
    ]);
    env.ok(&["close", &closed, "--outcome", "goals-met", "--date", "2026-10-29"]);
    let declined = referral(&env, "Bea Example", "2026-10-05", "4010232137");
    env.ok(&[
        "triage",
        &declined,
        "--decline",
        "--reason",
        "person-declined",
        "--date",
        "2026-10-06",
    ]);
    let open = referral(&env, "Cy Example", "2026-10-10", "1234567881");
    env.ok(&["triage", &open, "--accept", "--date", "2026-10-11"]);
    let before = october(&env);
    assert!(before[1].contains("closed,all,1"), "{}", before[1]);
    assert!(before[1].contains("wellbeing_pairs,ons4-anxiety,1"), "{}", before[1]);
    assert!(before[1].contains("open_at_end,all,1"), "{}", before[1]);
    assert!(
        before[3].contains("871711000000103"),
        "the decline is coded: {}",
        before[3]
    );

    // November: both reopened, the closed one closed again; December: a
    // follow-up measure on it.
    let env = env.at("2026-11-20T17:00:00Z");
    env.ok(&[
        "reopen",
        &closed,
        "--date",
        "2026-11-10",
        "--note",
        "Lost touch with the group",
    ]);
    env.ok(&["reopen", &declined, "--date", "2026-11-12"]);
    env.ok(&["triage", &declined, "--accept", "--date", "2026-11-12"]);
    env.ok(&[
        "measure",
        &closed,
        "--tool",
        "ons4",
        "--items",
        "5,5,5,6",
        "--date",
        "2026-11-15",
    ]);
    env.ok(&["close", &closed, "--outcome", "referred-on", "--date", "2026-11-18"]);
    let env = env.at("2026-12-15T17:00:00Z");
    env.ok(&[
        "measure",
        &closed,
        "--tool",
        "ons4",
        "--items",
        "8,8,8,2",
        "--date",
        "2026-12-14",
    ]);

    let after = october(&env);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(figures(b), figures(a), "October moved");
    }
    // The later periods see the later episodes.
    let november = env.ok(&["report", "--period", "2026-11", "--format", "csv"]);
    assert!(november.contains("closed,all,1"), "{november}");
    assert!(november.contains("triage_accepted,all,1"), "{november}");
    let december = env.ok(&["report", "--period", "2026-12", "--format", "csv"]);
    assert!(december.contains("follow_up_pairs,ons4-anxiety,1"), "{december}");
    // Paired with the first measure of its own episode (6 → 2), not October's.
    assert!(december.contains("follow_up_mean_change,ons4-anxiety,-4"), "{december}");
    assert!(
        december.contains("follow_up_improved_share,ons4-anxiety,1"),
        "{december}"
    );
}

#[test]
fn follow_up_after_a_closure_is_recorded_and_due_on_the_caseload() {
    let env = Env::casebook();
    let id = env.active("Di Example");
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "ucla3",
        "--items",
        "3,3,3",
        "--date",
        "2026-11-04",
    ]);
    env.ok(&["close", &id, "--outcome", "goals-met", "--date", "2026-11-10"]);
    // A contact after the closure needs --follow-up; the hint says so.
    let err = env.fails(1, &["contact", &id, "--mode", "phone"]);
    assert!(err.contains(&format!("sprx contact {id} --follow-up")), "{err}");
    assert!(!err.contains(" ID "), "no literal ID in the hint: {err}");
    let env = env.at("2027-02-10T10:00:00Z");
    let caseload = env.ok(&["caseload", "--format", "csv"]);
    assert!(
        caseload.contains(&id) && caseload.contains("follow-up-due"),
        "{caseload}"
    );
    env.ok(&["contact", &id, "--mode", "phone", "--follow-up", "--minutes", "10"]);
    env.ok(&["measure", &id, "--tool", "ucla3", "--items", "1,2,1"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["status"], "closed");
    assert_eq!(json["episodes"][0]["measures"][1]["follow_up"], true);
    assert_eq!(json["episodes"][0]["contacts"][0]["follow_up"], true);
    let caseload = env.ok(&["caseload", "--format", "csv"]);
    assert!(!caseload.contains(&id), "done: {caseload}");
    // A follow-up may not precede the closure.
    let err = env.fails(
        1,
        &[
            "measure",
            &id,
            "--tool",
            "ucla3",
            "--items",
            "1,1,1",
            "--date",
            "2026-11-09",
        ],
    );
    assert!(err.contains("before") && err.contains("closed"), "{err}");
}

#[test]
fn the_priority_of_an_accepted_referral_can_be_corrected() {
    let env = Env::casebook();
    let id = env.active("Ed Example");
    let before = env.commit_count();
    env.ok(&["triage", &id, "--priority", "urgent"]);
    assert_eq!(env.commit_count(), before + 1);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["episodes"][0]["priority"], "urgent", "the correction");
    assert_eq!(json["episodes"][0]["triage"]["priority"], "routine", "what triage gave");
    assert_eq!(
        json["episodes"][0]["triage"]["date"], "2026-11-02",
        "the triage keeps its date"
    );
    let message = env.git(&["log", "-1", "--format=%s"]);
    assert!(
        message.starts_with(&format!("priority {id}: priority changed to urgent")),
        "{message}"
    );
    let list = env.ok(&["list", "--format", "csv"]);
    assert!(list.contains(",urgent,"), "{list}");
    let err = env.fails(1, &["triage", &id, "--priority", "high", "--note", "x"]);
    assert!(err.contains("takes no --note"), "{err}");
    // The correction keeps its day, and cannot come before the triage it
    // corrects (it used to be taken, undated, on any day).
    assert_eq!(json["episodes"][0]["priority_changed"], "2026-11-21");
    let err = env.fails(1, &["triage", &id, "--priority", "high", "--date", "2026-11-01"]);
    assert!(err.contains("before the triage it corrects (2026-11-02)"), "{err}");
    // A plan change keeps its day too.
    env.ok(&["plan", &id, "--goal", "Join the choir", "--date", "2026-11-20"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["episodes"][0]["plan"]["updated"], "2026-11-20");
    // After a reopening the correction is the new episode's; the closed
    // episode stays as it was.
    env.ok(&["close", &id, "--outcome", "goals-met"]);
    env.ok(&["reopen", &id]);
    let before: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    env.ok(&["triage", &id, "--priority", "high"]);
    let after: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(after["episodes"][0], before["episodes"][0]);
    assert_eq!(after["episodes"][1]["priority"], "high");
    let new = env.create("Fay Example", "1960-01-01", &[]);
    let err = env.fails(1, &["triage", &new, "--priority", "high"]);
    assert!(err.contains("it is new"), "{err}");
}

#[test]
fn history_shows_the_day_an_event_happened_and_when_it_was_committed() {
    let env = Env::casebook();
    let id = env.active("Gil Example");
    env.ok(&["contact", &id, "--mode", "phone", "--date", "2026-11-05"]);
    let message = env.git(&["log", "-1", "--format=%s"]);
    assert!(message.trim_end().ends_with("(dated 2026-11-05)"), "{message}");
    env.ok(&["contact", &id, "--mode", "phone"]);
    let message = env.git(&["log", "-1", "--format=%s"]);
    assert!(!message.contains("dated"), "same day as the commit: {message}");
    let history = env.ok(&["history", &id, "--format", "csv"]);
    let rows: Vec<&str> = history.lines().collect();
    assert_eq!(rows[0], "date,committed,commit,event");
    // The day it happened is its own column, not repeated in the event.
    let back_dated = rows.iter().find(|r| r.starts_with("2026-11-05,")).unwrap();
    assert!(
        back_dated.starts_with("2026-11-05,2026-11-21T10:00:00+00:00,"),
        "{back_dated}"
    );
    assert!(!back_dated.contains("(dated"), "{back_dated}");
}

#[test]
fn half_hundredths_round_away_from_zero_in_the_report() {
    let env = Env::casebook();
    // SWEMWBS raw 16 → 16.36 first; last raw 7 → 7.00 and raw 8 → 9.51,
    // whose mean is 8.255: binary floating point holds it as 8.2549… and
    // would print 8.25.
    for (name, last) in [("Hal", "1,1,1,1,1,1,1"), ("Ian", "2,1,1,1,1,1,1")] {
        let id = env.active(&format!("{name} Example"));
        env.ok(&[
            "measure",
            &id,
            "--tool",
            "swemwbs",
            "--items",
            "2,2,2,2,2,3,3",
            "--date",
            "2026-11-03",
        ]);
        env.ok(&[
            "measure",
            &id,
            "--tool",
            "swemwbs",
            "--items",
            last,
            "--date",
            "2026-11-10",
        ]);
        env.ok(&["close", &id, "--outcome", "goals-met", "--date", "2026-11-11"]);
    }
    let report = env.ok(&["report", "--period", "2026-11", "--format", "csv"]);
    let value = |measure: &str| {
        let line = report
            .lines()
            .find(|l| l.contains(&format!(",{measure},swemwbs,")))
            .unwrap();
        line.rsplit(',').next().unwrap().to_string()
    };
    assert_eq!(value("wellbeing_mean_first"), "16.36", "{report}");
    assert_eq!(value("wellbeing_mean_last"), "8.26", "{report}");
    // (−9.36 − 6.85) ÷ 2 = −8.105: away from zero.
    assert_eq!(value("wellbeing_mean_change"), "-8.11", "{report}");
}

/// The example casebook as sprx wrote it before episodes (version 1).
fn version_1_casebook() -> Env {
    Env::with_files_of(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/casebook-v1"))
}

/// Every view whose figures must not change: each month's and quarter's
/// report, the caseload and the list.
fn every_figure(env: &Env, months: &[String], quarters: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for period in months.iter().chain(quarters) {
        out.push(figures(&env.ok(&["report", "--period", period, "--format", "csv"])));
    }
    out.push(figures(&env.ok(&["caseload", "--format", "csv"])));
    out.push(figures(&env.ok(&["list", "--format", "csv"])));
    out
}

/// Migrating a casebook sprx wrote before episodes and before folders of a
/// hundred: every figure stays, every record moves into its folder, its
/// history follows it, and events are refused until then.
fn migrate_changes_no_figure(env: &Env, months: Vec<String>, quarters: Vec<String>) {
    let check = env.sprx(&["check"]);
    assert_eq!(check.status.code(), Some(0), "version 1 is read as it is");
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("schema version 1"), "{said}");
    assert!(
        said.contains("still in their year's folder") && said.contains("sprx migrate"),
        "{said}"
    );
    let before = every_figure(env, &months, &quarters);
    let commits = env.commit_count();
    let first = "SP-2026-0001";
    let history_before = env.ok(&["history", first, "--format", "csv"]);
    // An event on a record in its former place is refused, with the fix.
    let refused = env.sprx(&["contact", first, "--mode", "phone"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("run sprx migrate"), "{}", stderr(&refused));
    assert_eq!(env.commit_count(), commits, "nothing committed");
    env.ok(&["migrate"]);
    assert_eq!(env.commit_count(), commits + 1, "exactly one commit");
    assert_eq!(env.ok(&["check"]), "", "check is clean after");
    assert_eq!(env.status(), "");
    for path in env.git(&["ls-files", "referrals"]).lines() {
        let id = path.rsplit('/').next().unwrap().trim_end_matches(".yaml");
        assert_eq!(path, record_path(id), "every record in its folder of a hundred");
        assert!(
            env.read(path)
                .starts_with("# yaml-language-server: $schema=../../../schemas/referral.schema.json\n"),
            "{path}"
        );
    }
    let after = every_figure(env, &months, &quarters);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    // The record's history runs on through the move: the same rows, and
    // the migration.
    let history_after = env.ok(&["history", first, "--format", "csv"]);
    assert!(history_after.starts_with(&history_before), "{history_after}");
    assert_eq!(history_after.lines().count(), history_before.lines().count() + 1);
    assert!(
        history_after.lines().last().unwrap().contains("migrate"),
        "{history_after}"
    );
    // A view of the commit before the move reads the records where they
    // were.
    let list_before = env.ok(&["list", "--at", "HEAD~1", "--format", "csv"]);
    let listed = |list: &str| {
        list.lines()
            .map(|l| l.split(',').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(&list_before), listed(&env.ok(&["list", "--format", "csv"])));
    let again = env.sprx(&["migrate"]);
    assert!(again.status.success());
    assert_eq!(env.commit_count(), commits + 1, "a second migrate has nothing to do");
    // Events are recorded again, at the records' new places.
    let list = env.ok(&["list", "--format", "csv"]);
    let active = list
        .lines()
        .find(|l| l.contains(",active,"))
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    env.ok(&["contact", active, "--mode", "phone"]);
    assert_eq!(env.status(), "");
}

#[test]
fn migrate_rewrites_the_example_casebook_in_one_commit_changing_no_figure() {
    let env = version_1_casebook();
    migrate_changes_no_figure(&env, vec!["2026-10".into(), "2026-11".into()], vec!["2026-Q4".into()]);
    let record = env.read("referrals/2026/00/SP-2026-0001.yaml");
    assert!(
        record.contains("schema_version: 2\n") && record.contains("\nepisodes:\n"),
        "{record}"
    );
}

#[test]
fn migrate_rewrites_a_generated_casebook_of_two_thousand() {
    // The generator example, built by `cargo test` beside this binary.
    let env = Env::generated(2000, &["--schema-1"]);
    // Every month and quarter the generator's ten years touch, from its
    // first (late 2016) to the clock's.
    let mut months = Vec::new();
    let mut quarters = Vec::new();
    for year in 2016..=2026 {
        for month in 1..=12 {
            months.push(format!("{year}-{month:02}"));
        }
        for q in 1..=4 {
            quarters.push(format!("{year}-Q{q}"));
        }
    }
    migrate_changes_no_figure(&env, months, quarters);
}

#[test]
fn a_record_format_this_sprx_does_not_know_is_refused_not_guessed() {
    let env = Env::casebook();
    let id = env.active("Ivy Example");
    let path = "referrals/2026/00/SP-2026-0001.yaml";
    let good = env.read(path);
    for version in ["0", "3"] {
        env.write(
            path,
            &good.replace("schema_version: 2", &format!("schema_version: {version}")),
        );
        env.git(&["commit", "-qam", "another format"]);
        let out = env.sprx(&["check"]);
        let report = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(out.status.code(), Some(1), "{report}");
        assert!(
            report.contains(&format!(
                "schema_version {version} is not a record format this sprx reads (1 or 2)"
            )),
            "{report}"
        );
        env.fails(1, &["contact", &id, "--mode", "phone"]);
    }
}

#[test]
fn a_reopening_may_not_precede_the_follow_up_before_it() {
    let env = Env::casebook();
    let id = env.active("Jo Example");
    env.ok(&["close", &id, "--outcome", "goals-met", "--date", "2026-11-05"]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "ucla3",
        "--items",
        "1,1,1",
        "--date",
        "2026-11-12",
    ]);
    let err = env.fails(1, &["reopen", &id, "--date", "2026-11-08"]);
    assert!(err.contains("before the episode's last event"), "{err}");
    env.ok(&["reopen", &id, "--date", "2026-11-12"]);
}
