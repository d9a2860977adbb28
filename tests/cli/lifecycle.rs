//! A referral's whole life through the CLI: every step is exactly one commit
//! whose message names the event and ID but never the person, and the
//! casebook's git status stays clean throughout (issue 2, acceptance 2).

use crate::common::{Env, record_path};

#[test]
fn each_event_is_one_clean_commit_without_personal_data() {
    let env = Env::casebook();
    assert_eq!(env.commit_count(), 1, "init makes the first commit");
    assert_eq!(env.status(), "");
    let id = env.ok(&[
        "create",
        "--name",
        "Ada Example",
        "--dob",
        "1950-04-12",
        "--source",
        "gp",
        "--need",
        "loneliness",
        "--need",
        "long-term-condition",
        "--nhs-number",
        "943 476 5919",
        "--phone",
        "07700 900123",
    ]);
    let id = id.trim().to_string();
    assert_eq!(id, "SP-2026-0001");
    let mut commits = 2;
    let check = |commits: usize, event: &str| {
        assert_eq!(env.commit_count(), commits, "{event} should add exactly one commit");
        assert_eq!(env.status(), "", "git status after {event}");
        let message = env.git(&["log", "-1", "--format=%B"]);
        assert!(message.starts_with(&format!("{event} {id}")), "message {message:?}");
        for personal in ["Ada", "Example", "1950", "9434765919", "07700"] {
            assert!(!message.contains(personal), "{personal} leaked into {message:?}");
        }
        let touched = env.git(&["show", "--name-only", "--format=", "HEAD"]);
        assert_eq!(touched.trim(), "referrals/2026/00/SP-2026-0001.yaml");
    };
    check(commits, "create");
    let steps: [(&str, &[&str]); 5] = [
        ("triage", &["--accept", "--priority", "high"]),
        (
            "plan",
            &[
                "--what-matters",
                "Meeting people",
                "--goal",
                "Join a walking group",
                "--connect",
                "walking-for-health",
                "--review",
                "2026-12-08",
            ],
        ),
        ("contact", &["--mode", "phone", "--minutes", "20"]),
        ("measure", &["--tool", "swemwbs", "--items", "3,3,3,3,3,3,3"]),
        ("close", &["--outcome", "goals-met"]),
    ];
    for (event, flags) in steps {
        let mut args = vec![event, id.as_str()];
        args.extend_from_slice(flags);
        env.ok(&args);
        commits += 1;
        check(commits, event);
    }
    let history = env.ok(&["history", &id, "--format", "csv"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(history.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let events: Vec<&str> = rows.iter().map(|r| r[3].split(' ').next().unwrap()).collect();
    assert_eq!(events, ["create", "triage", "plan", "contact", "measure", "close"]);
    assert_eq!(&rows[0][0], "2026-11-21", "the day it happened");
    assert_eq!(&rows[0][1], "2026-11-21T10:00:00+00:00", "when it was committed");

    let record = env.read("referrals/2026/00/SP-2026-0001.yaml");
    assert!(record.starts_with("# yaml-language-server: $schema=../../../schemas/referral.schema.json\n"));
    for expected in [
        "status: closed",
        "priority: high",
        "review_due: '2026-12-08'",
        "outcome: goals-met",
        "nhs_number: '9434765919'",
    ] {
        assert!(record.contains(expected), "record lacks {expected}:\n{record}");
    }
}

#[test]
fn commit_author_and_time_come_from_worker_settings_and_sprx_now() {
    let env = Env::casebook().at("2026-10-05T14:30:00+01:00");
    let settings = env.read("sprx.toml").replace(
        "# [worker]",
        "[worker]\nname = \"Sam Link\"\nemail = \"sam@example.org\"\n# was [worker]",
    );
    env.settings(&settings);
    let id = env.create("Bo Example", "1970-01-01", &[]);
    assert_eq!(id, "SP-2026-0001");
    let log = env.git(&["log", "-1", "--format=%an <%ae> %ad", "--date=iso-strict"]);
    assert_eq!(log.trim(), "Sam Link <sam@example.org> 2026-10-05T14:30:00+01:00");
    let record = env.read("referrals/2026/00/SP-2026-0001.yaml");
    assert!(
        record.contains("received: '2026-10-05'"),
        "received defaults to SPRX_NOW's day"
    );
}

#[test]
fn event_dates_default_to_today_and_take_date() {
    let env = Env::casebook();
    let id = env.create("Cy Example", "1980-01-01", &["--received", "2026-11-01"]);
    env.ok(&["triage", &id, "--accept", "--date", "2026-11-03"]);
    env.ok(&[
        "contact",
        &id,
        "--mode",
        "home-visit",
        "--dna",
        "--date",
        "2026-11-04",
        "--note",
        "No answer at the door",
    ]);
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "15"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["episodes"][0]["triage"]["date"], "2026-11-03");
    assert_eq!(json["episodes"][0]["contacts"][0]["attended"], false);
    assert_eq!(
        json["episodes"][0]["contacts"][1]["attended"],
        serde_json::Value::Null,
        "attended: true is the default and not written"
    );
    assert_eq!(json["episodes"][0]["contacts"][0]["date"], "2026-11-04");
    assert_eq!(json["episodes"][0]["contacts"][1]["date"], "2026-11-21");
    assert_eq!(json["derived"]["contacts_missed"], 1);
    assert_eq!(json["derived"]["last_contact"], "2026-11-21");
    let record = env.read(&record_path(&id));
    assert!(record.contains("attended: false"));
}

#[test]
fn plan_updates_goals_connections_and_review() {
    let env = Env::casebook();
    let id = env.active("Di Example");
    let record: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(record["status"], "active");
    assert_eq!(
        record["episodes"][0]["plan"]["review_due"], "2026-12-01",
        "28 days after the plan by default"
    );
    env.ok(&[
        "plan",
        &id,
        "--goal",
        "Walk",
        "--goal",
        "Lunch club",
        "--signpost",
        "Food bank",
    ]);
    env.ok(&[
        "plan",
        &id,
        "--goal-status",
        "2=achieved",
        "--review",
        "2027-01-05",
        "--date",
        "2026-11-20",
    ]);
    let record: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(record["episodes"][0]["plan"]["goals"][0]["status"], "open");
    assert_eq!(record["episodes"][0]["plan"]["goals"][1]["id"], 2);
    // `achieved` is still understood, and written as `met`.
    assert_eq!(record["episodes"][0]["plan"]["goals"][1]["status"], "met");
    assert_eq!(record["episodes"][0]["plan"]["connections"][0]["kind"], "signpost");
    assert_eq!(record["episodes"][0]["plan"]["connections"][0]["service"], "Food bank");
    assert_eq!(record["episodes"][0]["plan"]["review_due"], "2027-01-05");
    let err = env.fails(1, &["plan", &id, "--goal-status", "9=achieved"]);
    assert!(err.contains("the plan has no goal 9"), "{err}");
    let err = env.fails(1, &["plan", &id]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = env.fails(2, &["plan", &id, "--goal-status", "1=done"]);
    assert!(err.contains("not a goal status"), "{err}");
}

#[test]
fn first_plan_needs_what_matters() {
    let env = Env::casebook();
    let id = env.create("Ed Example", "1960-01-01", &[]);
    env.ok(&["triage", &id, "--accept"]);
    let err = env.fails(1, &["plan", &id, "--goal", "Walk"]);
    assert!(err.contains("what matters to the person"), "{err}");
}

#[test]
fn reopening_starts_a_new_episode_and_keeps_the_one_before_whole() {
    let env = Env::casebook();
    let id = env.active("Flo Example");
    env.ok(&["close", &id, "--outcome", "disengaged", "--date", "2026-11-10"]);
    let before: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    env.ok(&["reopen", &id, "--note", "Got back in touch", "--date", "2026-11-15"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    // Accepted again, to plan anew; the closed episode is kept as it was.
    assert_eq!(json["status"], "accepted");
    assert_eq!(json["episodes"][0], before["episodes"][0]);
    assert_eq!(json["episodes"][0]["closure"]["outcome"], "disengaged");
    assert_eq!(json["episodes"][1]["opened"], "2026-11-15");
    assert_eq!(json["episodes"][1]["reopened_from"], "closed");
    assert_eq!(json["episodes"][1]["note"], "Got back in touch");
    // The new plan may start from the last one's "what matters".
    env.ok(&["plan", &id, "--goal", "Back to the group"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["status"], "active");
    assert_eq!(
        json["episodes"][1]["plan"]["what_matters"],
        json["episodes"][0]["plan"]["what_matters"]
    );
    // Nothing of the new episode may be dated before it opened.
    let err = env.fails(1, &["contact", &id, "--mode", "phone", "--date", "2026-11-12"]);
    assert!(
        err.contains("before") && err.contains("episode opened (2026-11-15"),
        "{err}"
    );
    env.ok(&["close", &id, "--outcome", "goals-met"]);

    let other = env.create("Gus Example", "1960-01-01", &[]);
    env.ok(&["triage", &other, "--decline", "--reason", "withdrawn"]);
    let err = env.fails(1, &["contact", &other, "--mode", "phone"]);
    assert!(
        err.contains("it is declined")
            && err.contains(&format!("sprx edit {other}"))
            && err.contains(&format!("sprx reopen {other}"))
            && !err.contains(" ID"),
        "{err}"
    );
    env.ok(&["reopen", &other]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &other, "--format", "json"])).unwrap();
    assert_eq!(json["status"], "new");
    assert_eq!(json["episodes"][0]["triage"]["decision"], "declined");
    assert_eq!(json["episodes"][1]["reopened_from"], "declined");
    // The new triage is the new episode's own, and may not precede it.
    let err = env.fails(1, &["triage", &other, "--accept", "--date", "2026-11-01"]);
    assert!(err.contains("before"), "{err}");
    env.ok(&["triage", &other, "--accept", "--priority", "urgent"]);

    let err = env.fails(1, &["reopen", &other]);
    assert!(
        err.contains("cannot reopen") && err.contains("only closed or declined"),
        "{err}"
    );
}

#[test]
fn history_reads_the_same_from_its_index_as_from_a_whole_walk() {
    let env = Env::casebook();
    let id = env.active("Ivy Example");
    let history = |env: &Env| env.ok(&["history", &id, "--format", "csv"]);
    let events = |text: &str| {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap()[3].split(' ').next().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(events(&history(&env)), ["create", "triage", "plan"]);
    // sprx's own writes keep the index up to date; a commit made with git
    // beside them is walked.
    env.ok(&["contact", &id, "--mode", "phone"]);
    let tip = std::fs::read_to_string(env.root.join(".git/sprx/events/tip")).unwrap();
    assert!(
        tip.starts_with(env.git(&["rev-parse", "HEAD"]).trim()),
        "the write brought the index up"
    );
    let other = env.create("Other Person", "1970-01-01", &[]);
    env.ok(&["contact", &other, "--mode", "phone"]);
    let path = record_path(&id);
    let text = env
        .read(&path)
        .replace("Feeling less alone", "Feeling less alone, and safer");
    env.write(&path, &text);
    env.git(&["commit", "-qam", "hand edit"]);
    env.ok(&["contact", &id, "--mode", "video"]);
    let indexed = history(&env);
    assert_eq!(
        events(&indexed),
        ["create", "triage", "plan", "contact", "hand", "contact"]
    );
    // Without the index, or with any line of it damaged: the same.
    let index = env.root.join(".git/sprx/events");
    assert!(index.join("2026").exists());
    std::fs::remove_dir_all(&index).unwrap();
    assert_eq!(history(&env), indexed);
    let year = index.join("2026");
    let mut bytes = std::fs::read(&year).unwrap();
    bytes[45] ^= 0x02;
    std::fs::write(&year, bytes).unwrap();
    assert_eq!(history(&env), indexed);
    // A history rewritten under it (the last commit undone): walked again.
    env.git(&["reset", "-q", "--hard", "HEAD~1"]);
    let shorter = history(&env);
    assert_eq!(events(&shorter), ["create", "triage", "plan", "contact", "hand"]);
}
