//! A day's work at the terminal: the agenda, finding people, typos caught
//! with the likely meaning, and messages that say what to do.

use crate::common::{Env, stderr};

#[test]
fn the_agenda_lists_a_review_in_three_days_and_a_follow_up_tomorrow() {
    let env = Env::casebook();
    // Review due in 3 days (today is 2026-11-21).
    let ada = env.active("Ada Example");
    env.ok(&["plan", &ada, "--review", "2026-11-24"]);
    env.ok(&["contact", &ada, "--mode", "phone", "--date", "2026-11-20"]);
    // Closed 89 days ago: its follow-up is due tomorrow.
    let ben = env.create("Ben Example", "1960-01-01", &["--received", "2026-08-01"]);
    env.ok(&["triage", &ben, "--accept", "--date", "2026-08-02"]);
    env.ok(&["close", &ben, "--outcome", "goals-met", "--date", "2026-08-24"]);
    let csv = env.ok(&["agenda", "--format", "csv"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "due,when,id,name,what,priority,next");
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(rows[1].starts_with(&format!("2026-11-22,tomorrow,{ben},")), "{csv}");
    assert!(
        rows[1].contains(",follow-up measure,") && rows[1].contains(&format!("sprx measure {ben}")),
        "{csv}"
    );
    assert!(rows[2].starts_with(&format!("2026-11-24,in 3 days,{ada},")), "{csv}");
    assert!(rows[2].contains(",review,"), "{csv}");
    // A shorter window leaves the review out; nothing at all says so.
    let csv = env.ok(&["agenda", "--days", "1", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    let empty = Env::casebook();
    assert_eq!(empty.ok(&["agenda"]), "Nothing due from 2026-11-21 to 2026-11-28.\n");
}

#[test]
fn find_by_a_lower_case_name_or_a_spaced_nhs_number() {
    let env = Env::casebook();
    let hill = env.create("Margaret Hill", "1950-01-01", &["--nhs-number", "9434765919"]);
    let zoe = env.create("Zoë Brontë", "1960-01-01", &["--phone", "07700 900123"]);
    env.create("Other Person", "1970-01-01", &[]);
    let found = |text: &str| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(&env.ok(&["find", text, "--format", "json"])).unwrap();
        json.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(found("margaret hill"), [hill.as_str()]);
    assert_eq!(found("943 476 5919"), [hill.as_str()]);
    assert_eq!(found("9434765919"), [hill.as_str()]);
    assert_eq!(found("zoe bronte"), [zoe.as_str()], "accents aside");
    assert_eq!(
        found("Zoe\u{308}"),
        [zoe.as_str()],
        "an accent typed apart from its letter"
    );
    assert_eq!(found("07700900123"), [zoe.as_str()]);
    assert!(found("nobody").is_empty());
    // A name where an ID belongs points at find.
    let err = env.fails(1, &["show", "Margaret Hill"]);
    assert!(err.contains("sprx find \"Margaret Hill\""), "{err}");
    // A mistyped ID names the likely one.
    let err = env.fails(1, &["show", "SP-2026-0010"]);
    assert!(err.contains(&format!("did you mean {hill}?")), "{err}");
    // So does one spaced or padded differently.
    for typed in ["SP-2026-001", "SP2026-0001", "sp 2026 0001"] {
        let err = env.fails(1, &["show", typed]);
        assert!(err.contains(&format!("did you mean {hill}?")), "{typed}: {err}");
    }
    let list = env.ok(&["list", "--name", "HILL", "--format", "csv"]);
    assert_eq!(list.lines().count(), 2, "{list}");
}

#[test]
fn an_unknown_filter_value_exits_2_with_the_likely_one() {
    let env = Env::casebook();
    env.create("Ada Example", "1960-01-01", &[]);
    let out = env.sprx(&["list", "--need", "lonely"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("`lonely` is not a need; did you mean `loneliness`?"),
        "{err}"
    );
    assert!(err.contains("hint: the needs are: loneliness,"), "{err}");
    assert!(out.stdout.is_empty(), "no empty table");
    let err = env.fails(2, &["list", "--source", "nurse"]);
    assert!(err.contains("did you mean `practice-nurse`?"), "{err}");
    // The same on create: nothing is committed.
    let before = env.commit_count();
    let err = env.fails(
        1,
        &[
            "create",
            "--name",
            "B",
            "--dob",
            "1960-01-01",
            "--source",
            "gp",
            "--need",
            "lonliness",
        ],
    );
    assert!(err.contains("did you mean `loneliness`?"), "{err}");
    assert!(err.contains("\nhint: "), "{err}");
    assert_eq!(env.commit_count(), before);
}

#[test]
fn messages_say_what_is_wrong_in_words() {
    let env = Env::casebook();
    let err = env.fails(1, &["-C", "/nonexistent/casebook", "list"]);
    assert!(err.contains("/nonexistent/casebook does not exist"), "{err}");
    let path = env.root.join("list.yaml");
    std::fs::write(&path, "- person: x\n").unwrap();
    let err = env.fails(1, &["create", "--from", path.to_str().unwrap()]);
    assert!(!err.contains("Intake") && !err.contains("struct"), "{err}");
    assert!(err.contains("expected a mapping of fields"), "{err}");
    // An uncommitted edit is pointed out by show.
    let id = env.active("Cy Example");
    let file = "referrals/2026/00/SP-2026-0001.yaml";
    env.write(file, &env.read(file).replace("Cy Example", "Cy Changed"));
    let out = env.sprx(&["show", &id]);
    assert!(
        stderr(&out).contains("holds changes not yet committed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn every_error_says_what_to_do() {
    let env = Env::casebook();
    let id = env.active("Ida Example");
    env.ok(&["close", &id, "--outcome", "goals-met"]);
    let declined = env.create("Jo Example", "1960-01-01", &[]);
    env.ok(&["triage", &declined, "--decline", "--reason", "withdrawn"]);
    let failing: &[&[&str]] = &[
        &["show", "SP-2026-0099"],
        &["show", "Jo Example"],
        &["contact", &id, "--mode", "phone"],
        &["plan", &id, "--goal", "x"],
        &["close", &id, "--outcome", "goals-met"],
        &["triage", &id, "--accept"],
        &["contact", &declined, "--mode", "phone"],
        &["triage", &declined, "--priority", "high"],
        &["measure", &id, "--tool", "ucla3", "--items", "1,2"],
        &["person", &id],
        &["list", "--need", "gardening"],
        &["find", " "],
        &["report", "--from", "2026-11-02", "--to", "2026-11-01"],
        &["service", "show", "walking"],
        &["service", "retire", "walking"],
        &["history", "SP-2025-0001"],
        &[
            "create",
            "--name",
            "K",
            "--dob",
            "2020-01-01",
            "--source",
            "gp",
            "--need",
            "food",
            "--received",
            "2030-01-01",
        ],
        &["letter", "99"],
        &["export", "person", "99"],
        // Mistakes the argument parser finds.
        &["close", &id],
        &["close", &id, "--outcome", "goals-mt"],
        &["triage", &declined, "--reason", "duplicate"],
        &["plan", &id, "--goal-status", "1=mett"],
        &["measure", &id, "--tool", "SWEMWBS", "--items", "1"],
        &["list", "--format", "xml"],
        &["service", "list", "--need", "lonely"],
        &["lisst"],
    ];
    for args in failing {
        let out = env.sprx(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = stderr(&out);
        assert!(
            err.starts_with("error: ") && err.contains("\nhint: "),
            "{args:?} has no hint:\n{err}"
        );
        for internal in ["struct ", "Intake", "Referral {", "StoreError", "DomainError"] {
            assert!(!err.contains(internal), "{args:?} names an internal type:\n{err}");
        }
    }
}

/// A value typed outside a closed list says what it likely meant, lists the
/// values, and names the command's help (it used to end with clap's own
/// "For more information, try '--help'." and a 130-column list).
#[test]
fn a_mistyped_value_gets_the_likely_meaning_and_the_commands_help() {
    let env = Env::casebook();
    let id = env.active("Lu Example");
    let err = env.fails(2, &["close", &id, "--outcome", "goals-mt"]);
    assert!(
        err.starts_with("error: `goals-mt` is not a valid --outcome; did you mean `goals-met`?\nvalid values: goals-met, partly-met,"),
        "{err}"
    );
    assert!(
        err.ends_with("hint: sprx close --help shows every option, with examples\n"),
        "{err}"
    );
    let err = env.fails(2, &["measure", &id, "--tool", "SWEMWBS", "--items", "1"]);
    assert!(err.contains("did you mean `swemwbs`?"), "{err}");
    // A reason alone asks for --decline, not for --accept as well.
    let err = env.fails(2, &["triage", &id, "--reason", "duplicate"]);
    assert!(err.contains("--decline") && !err.contains("--accept"), "{err}");
    // A value left out is said to be missing, not to be "``".
    let err = env.fails(2, &["triage", &id, "--priority"]);
    assert!(err.contains("a value is required") && !err.contains("``"), "{err}");
    // `sprx` alone shows the help as clap lays it out, with no hint added.
    let err = env.fails(2, &[]);
    assert!(err.contains("Usage: sprx") && !err.contains("hint:"), "{err}");
    // service list checks its filter as list does.
    let err = env.fails(
        2,
        &["-C", env.root.to_str().unwrap(), "service", "list", "--need", "lonely"],
    );
    assert!(err.contains("did you mean `loneliness`?"), "{err}");
    assert!(err.contains("hint: "), "{err}");
}

/// Piped tables fit `COLUMNS` (80 without it), leaving out columns rather
/// than splitting words; `--wide` shows every column however wide.
#[test]
fn piped_tables_fit_columns_and_wide_shows_everything() {
    let env = Env::casebook();
    env.create(
        "Maximiliana Featherstonehaugh-Cholmondeley",
        "1950-01-01",
        &["--need", "mental-wellbeing"],
    );
    let list = |columns: Option<&str>, extra: &[&str]| {
        let mut cmd = env.cmd();
        if let Some(c) = columns {
            cmd.env("COLUMNS", c);
        }
        let out = cmd.arg("list").args(extra).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let widest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let at_80 = list(None, &[]);
    assert!(widest(&at_80) <= 80, "{at_80}");
    let at_72 = list(Some("72"), &[]);
    assert!(widest(&at_72) <= 72, "{at_72}");
    assert!(
        at_72.contains("SP-2026-0001") && at_72.contains("Left out to fit 72 columns"),
        "{at_72}"
    );
    // Narrower than a whole name allows, the table says so rather than
    // split the name.
    let at_60 = list(Some("60"), &[]);
    assert!(at_60.contains("Featherstonehaugh-Cholmondeley"), "{at_60}");
    assert!(
        at_60.contains("Left out to fit 60 columns") && at_60.contains("the rest\nneeds 69"),
        "{at_60}"
    );
    let wide = list(Some("60"), &["--wide"]);
    assert!(widest(&wide) > 80, "{wide}");
    assert!(wide.contains("mental-wellbeing"), "{wide}");
}
