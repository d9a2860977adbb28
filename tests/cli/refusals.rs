//! Every refusal in issue 2's acceptance 4: exit 1 (2 for a malformed date),
//! a message that says why, no new commit and no file changed.

use crate::common::{Env, record_path};

/// Run `args`, expect exit `code` with `why` in the message and nothing changed.
fn refused(env: &Env, code: i32, args: &[&str], why: &str) -> String {
    let before = env.snapshot();
    let err = env.fails(code, args);
    assert!(err.contains(why), "sprx {args:?}: expected {why:?} in:\n{err}");
    assert!(err.starts_with("error: "), "errors start with `error: `:\n{err}");
    assert_eq!(env.snapshot(), before, "sprx {args:?} changed the casebook");
    err
}

#[test]
fn accepting_someone_under_the_minimum_age_on_the_received_date() {
    let env = Env::casebook();
    // 18 on 2026-11-03; received the day before.
    let id = env.create("Hal Example", "2008-11-03", &["--received", "2026-11-02"]);
    let err = refused(
        &env,
        1,
        &["triage", &id, "--accept"],
        "the person was 17 on the day the referral was received; the minimum age is 18",
    );
    assert!(
        err.contains("hint: decline it with --decline --reason under-age"),
        "{err}"
    );
    // The rule is about the received date, not today: a day later they are 18.
    let adult = env.create("Ida Example", "2008-11-03", &["--received", "2026-11-03"]);
    env.ok(&["triage", &adult, "--accept"]);
    env.ok(&["triage", &id, "--decline", "--reason", "under-age"]);
}

#[test]
fn minimum_age_follows_policy() {
    let env = Env::casebook();
    let settings = env.read("sprx.toml").replace("min_age = 18", "min_age = 16");
    env.settings(&settings);
    let id = env.create("Jo Example", "2009-06-01", &["--received", "2026-11-02"]);
    env.ok(&["triage", &id, "--accept"]);
}

#[test]
fn plan_before_triage() {
    let env = Env::casebook();
    let id = env.create("Kit Example", "1970-01-01", &[]);
    let err = refused(
        &env,
        1,
        &["plan", &id, "--what-matters", "x"],
        "cannot plan SP-2026-0001: it is new",
    );
    assert!(err.contains("hint: triage it first"), "{err}");
}

#[test]
fn closing_twice() {
    let env = Env::casebook();
    let id = env.active("Lu Example");
    env.ok(&["close", &id, "--outcome", "goals-met"]);
    refused(
        &env,
        1,
        &["close", &id, "--outcome", "goals-met"],
        "cannot close SP-2026-0001: it is closed",
    );
}

#[test]
fn wrong_item_count_and_out_of_range_items() {
    let env = Env::casebook();
    let id = env.active("Mo Example");
    refused(
        &env,
        1,
        &["measure", &id, "--tool", "swemwbs", "--items", "3,3,3,3,3,3"],
        "swemwbs has 7 items, got 6",
    );
    refused(
        &env,
        1,
        &["measure", &id, "--tool", "swemwbs", "--items", "3,3,3,0,3,3,3"],
        "swemwbs item 4 is 0; each item must be 1 to 5",
    );
    refused(
        &env,
        1,
        &["measure", &id, "--tool", "ons4", "--items", "1,2,3,11"],
        "ons4 item 4 is 11; each item must be 0 to 10",
    );
    refused(
        &env,
        1,
        &["measure", &id, "--tool", "ucla3", "--items", "1,2,4"],
        "ucla3 item 3 is 4; each item must be 1 to 3",
    );
    refused(
        &env,
        1,
        &["measure", &id, "--tool", "wemwbs", "--items", "3,3,3"],
        "wemwbs has 14 items, got 3",
    );
    refused(
        &env,
        2,
        &["measure", &id, "--tool", "swemwbs", "--items", "3,3,x"],
        "`x` is not an answer",
    );
    refused(
        &env,
        2,
        &["measure", &id, "--tool", "phq9", "--items", "3"],
        "`phq9` is not a valid --tool",
    );
}

#[test]
fn nhs_number_with_a_wrong_check_digit() {
    let env = Env::casebook();
    let args = [
        "create",
        "--name",
        "Ned Example",
        "--dob",
        "1970-01-01",
        "--source",
        "gp",
        "--need",
        "food",
        "--nhs-number",
        "943 476 5918",
    ];
    refused(
        &env,
        1,
        &args,
        "NHS number check digit is wrong (the 10th digit should be 9)",
    );
    let mut short = args;
    short[10] = "94347659";
    refused(&env, 1, &short, "must be 10 digits");
}

#[test]
fn events_dated_before_the_referral_was_received_or_in_the_future() {
    let env = Env::casebook();
    let id = env.create("Olu Example", "1970-01-01", &["--received", "2026-11-10"]);
    refused(
        &env,
        1,
        &["triage", &id, "--accept", "--date", "2026-11-09"],
        "2026-11-09 is before SP-2026-0001 was received (2026-11-10)",
    );
    refused(
        &env,
        1,
        &["contact", &id, "--mode", "phone", "--date", "2026-11-22"],
        "2026-11-22 is in the future (today is 2026-11-21)",
    );
    refused(
        &env,
        1,
        &[
            "create",
            "--name",
            "Pat Example",
            "--dob",
            "1970-01-01",
            "--source",
            "gp",
            "--need",
            "food",
            "--received",
            "2026-12-01",
        ],
        "referral.received: 2026-12-01 is in the future",
    );
}

#[test]
fn any_event_on_a_record_with_uncommitted_hand_edits() {
    let env = Env::casebook();
    let id = env.active("Quin Example");
    let path = record_path(&id);
    let edited = env
        .read(&path)
        .replace("Feeling less alone", "Feeling less alone (edited by hand)");
    env.write(&path, &edited);
    let events: [&[&str]; 7] = [
        &["contact", &id, "--mode", "phone"],
        &["measure", &id, "--tool", "ucla3", "--items", "1,1,1"],
        &["plan", &id, "--goal", "x"],
        &["close", &id, "--outcome", "goals-met"],
        &["triage", &id, "--accept"],
        &["reopen", &id],
        &["contact", "1", "--mode", "phone"],
    ];
    for args in events {
        let err = refused(
            &env,
            1,
            args,
            &format!("refusing to change {path}: it has uncommitted changes"),
        );
        assert!(err.contains("hint: commit the edit"), "{err}");
    }
    assert_eq!(env.read(&path), edited, "the hand edit is kept");

    // A staged edit counts too, and so does a deleted file.
    env.git(&["add", &path]);
    refused(&env, 1, &["contact", &id, "--mode", "phone"], "uncommitted changes");
    env.git(&["reset", "-q", "--hard"]);
    std::fs::remove_file(env.root.join(&path)).unwrap();
    refused(
        &env,
        1,
        &["contact", &id, "--mode", "phone"],
        "the file is missing from the working tree",
    );
    env.git(&["checkout", "--", &path]);
    env.ok(&["contact", &id, "--mode", "phone"]);
}

#[test]
fn other_uncommitted_changes_are_left_exactly_as_they_were() {
    let env = Env::casebook();
    let a = env.active("Ray Example");
    let b = env.create("Sal Example", "1970-01-01", &[]);
    let path_b = record_path(&b);
    let edited = env.read(&path_b) + "extra:\n  keyworker: yes\n";
    env.write(&path_b, &edited);
    env.write("notes.txt", "scratch\n");
    let status = env.status();
    env.ok(&["contact", &a, "--mode", "phone"]);
    assert_eq!(env.status(), status);
    assert_eq!(env.read(&path_b), edited);
}

#[test]
fn a_malformed_date_on_the_command_line_is_a_usage_error() {
    let env = Env::casebook();
    let id = env.create("Tam Example", "1970-01-01", &[]);
    refused(
        &env,
        2,
        &["contact", &id, "--mode", "phone", "--date", "2026-02-30"],
        "`2026-02-30` is not a date; use YYYY-MM-DD",
    );
    refused(
        &env,
        2,
        &["contact", &id, "--mode", "phone", "--date", "21/11/2026"],
        "is not a date",
    );
    refused(
        &env,
        2,
        &[
            "create",
            "--name",
            "X",
            "--dob",
            "1970-1-1x",
            "--source",
            "gp",
            "--need",
            "food",
        ],
        "is not a date",
    );
    refused(&env, 2, &["plan", &id, "--review", "soon"], "is not a date");
}

#[test]
fn transitions_that_are_not_allowed() {
    let env = Env::casebook();
    let id = env.create("Uma Example", "1970-01-01", &[]);
    refused(
        &env,
        1,
        &["close", &id, "--outcome", "goals-met"],
        "cannot close SP-2026-0001: it is new",
    );
    let err = refused(&env, 1, &["reopen", &id], "cannot reopen SP-2026-0001: it is new");
    assert!(
        err.contains("hint: only closed or declined referrals can be reopened"),
        "{err}"
    );
    env.ok(&["triage", &id, "--decline", "--reason", "duplicate"]);
    refused(
        &env,
        1,
        &["triage", &id, "--accept"],
        "cannot triage SP-2026-0001: it is declined",
    );
    refused(
        &env,
        1,
        &["plan", &id, "--what-matters", "x"],
        "cannot plan SP-2026-0001: it is declined",
    );
    refused(
        &env,
        1,
        &["measure", &id, "--tool", "ucla3", "--items", "1,1,1"],
        "it is declined",
    );
    refused(&env, 2, &["triage", &id, "--decline"], "--reason");
    refused(
        &env,
        2,
        &["triage", &id, "--accept", "--decline", "--reason", "other"],
        "cannot be used with",
    );
    refused(&env, 2, &["triage", &id], "required");
}

#[test]
fn unknown_sources_and_needs_are_refused_but_taxonomy_extends_them() {
    let env = Env::casebook();
    let base = ["create", "--name", "Vi Example", "--dob", "1970-01-01"];
    let mut args = base.to_vec();
    args.extend(["--source", "postman", "--need", "food"]);
    refused(&env, 1, &args, "referral.source: `postman` is not a known source");
    let mut args = base.to_vec();
    args.extend(["--source", "gp", "--need", "gardening"]);
    refused(&env, 1, &args, "referral.needs: `gardening` is not a known need");
    let settings = env
        .read("sprx.toml")
        .replace("needs = []", "needs = [\"gardening\"]")
        .replace("sources = []", "sources = [\"postman\"]");
    env.settings(&settings);
    let mut args = base.to_vec();
    args.extend(["--source", "postman", "--need", "gardening"]);
    env.ok(&args);
}

#[test]
fn unknown_referral_and_ambiguous_abbreviation() {
    let env = Env::casebook();
    refused(
        &env,
        1,
        &["show", "SP-2026-0099"],
        "no referral SP-2026-0099 in this casebook",
    );
    refused(&env, 1, &["contact", "99", "--mode", "phone"], "no referral 99");
    env.create("Wyn Example", "1970-01-01", &["--received", "2025-03-01"]);
    env.create("Xan Example", "1970-01-01", &[]);
    let err = refused(
        &env,
        1,
        &["show", "1"],
        "`1` matches more than one referral: SP-2025-0001, SP-2026-0001",
    );
    assert!(err.contains("hint: give more of the ID"));
    assert!(env.ok(&["show", "2025-0001"]).contains("Wyn Example"));
    // Endings match whole parts of the ID, not arbitrary characters.
    refused(&env, 1, &["show", "2026-1"], "no referral 2026-1");
}
