//! The caseload: which referrals, in what order, with which flags — all
//! driven by `[policy]` (issue 3, acceptance 4).

use crate::common::Env;

fn rows(env: &Env) -> Vec<csv::StringRecord> {
    let text = env.ok(&["caseload", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "id",
            "name",
            "age",
            "status",
            "priority",
            "received",
            "days_open",
            "last_contact",
            "contacts",
            "next_review",
            "flags"
        ]
    );
    reader.records().map(Result::unwrap).collect()
}

fn order_and_flags(env: &Env) -> Vec<(String, String)> {
    rows(env)
        .iter()
        .map(|r| (r[1].to_string(), r[10].to_string()))
        .collect()
}

fn set_policy(env: &Env, from: &str, to: &str) {
    let settings = env.read("sprx.toml");
    assert!(settings.contains(from));
    env.settings(&settings.replace(from, to));
}

/// Today is 2026-11-21 (the harness clock).
fn casebook() -> Env {
    let env = Env::casebook();
    env.create("Alf New", "1970-01-01", &["--received", "2026-11-10"]);
    let b = env.create("Bea Urgent", "1950-01-01", &["--received", "2026-11-01"]);
    env.ok(&["triage", &b, "--accept", "--priority", "urgent", "--date", "2026-11-02"]);
    env.ok(&[
        "contact",
        &b,
        "--mode",
        "phone",
        "--minutes",
        "10",
        "--date",
        "2026-11-03",
    ]);
    let c = env.create("Cal Overdue", "1960-01-01", &["--received", "2026-10-01"]);
    env.ok(&["triage", &c, "--accept", "--date", "2026-10-02"]);
    env.ok(&["plan", &c, "--what-matters", "x", "--date", "2026-10-03"]);
    env.ok(&["contact", &c, "--mode", "phone", "--date", "2026-11-20"]);
    let d = env.create("Dot High", "1990-01-01", &["--received", "2026-11-15"]);
    env.ok(&["triage", &d, "--accept", "--priority", "high", "--date", "2026-11-15"]);
    env.ok(&["plan", &d, "--what-matters", "x", "--date", "2026-11-16"]);
    env.ok(&["contact", &d, "--mode", "video", "--date", "2026-11-16"]);
    env.create("Eve Fresh", "1980-01-01", &["--received", "2026-11-20"]);
    let f = env.active("Fay Closed");
    env.ok(&["close", &f, "--outcome", "goals-met"]);
    let g = env.create("Gil Declined", "1980-01-01", &[]);
    env.ok(&["triage", &g, "--decline", "--reason", "other"]);
    let h = env.create("Hew Quiet", "1945-01-01", &["--received", "2026-09-01"]);
    env.ok(&["triage", &h, "--accept", "--date", "2026-09-02"]);
    env.ok(&[
        "plan",
        &h,
        "--what-matters",
        "x",
        "--review",
        "2026-12-31",
        "--date",
        "2026-09-03",
    ]);
    env.ok(&["contact", &h, "--mode", "phone", "--date", "2026-09-05"]);
    env
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn open_referrals_most_urgent_first_with_flags() {
    let env = casebook();
    assert_eq!(
        order_and_flags(&env),
        pairs(&[
            ("Bea Urgent", "no-recent-contact no-plan"), // 18 days since contact > 14
            ("Dot High", ""),
            ("Alf New", "untriaged"), // new for 11 days > 5
            ("Eve Fresh", ""),
            ("Hew Quiet", "no-recent-contact"), // one flag each: longer open first (81 days)
            ("Cal Overdue", "review-overdue"),  // review due 2026-10-31 (28 days after the plan), 51 days
        ])
    );
    let bea = &rows(&env)[0];
    let fields: Vec<&str> = bea.iter().collect();
    assert_eq!(
        fields,
        [
            "SP-2026-0002",
            "Bea Urgent",
            "76",
            "accepted",
            "urgent",
            "2026-11-01",
            "20",
            "2026-11-03",
            "1",
            "",
            "no-recent-contact no-plan"
        ]
    );
    let cal = &rows(&env)[5];
    assert_eq!(&cal[9], "2026-10-31");
}

#[test]
fn flags_and_order_follow_the_policy() {
    let env = casebook();
    set_policy(&env, "triage_target_days = 5", "triage_target_days = 20");
    set_policy(&env, "contact_gap_days = 14", "contact_gap_days = 30");
    assert_eq!(
        order_and_flags(&env),
        pairs(&[
            ("Bea Urgent", "no-plan"),
            ("Dot High", ""),
            ("Alf New", ""), // no flags either: longer open first
            ("Eve Fresh", ""),
            ("Hew Quiet", "no-recent-contact"), // 77 days > 30
            ("Cal Overdue", "review-overdue"),
        ])
    );
    set_policy(&env, "triage_target_days = 20", "triage_target_days = 0");
    let flags = order_and_flags(&env);
    assert_eq!(
        flags[3],
        ("Eve Fresh".to_string(), "untriaged".to_string()),
        "1 day > 0"
    );
    // The review interval sets the next review of a new plan.
    set_policy(&env, "review_interval_days = 28", "review_interval_days = 7");
    env.ok(&["triage", "SP-2026-0001", "--accept"]);
    env.ok(&["plan", "SP-2026-0001", "--what-matters", "x"]);
    let alf = rows(&env).into_iter().find(|r| &r[1] == "Alf New").unwrap();
    assert_eq!(&alf[9], "2026-11-28");
}

#[test]
fn caseload_json_names_the_commit_and_day() {
    let env = casebook();
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["caseload", "--format", "json"])).unwrap();
    assert_eq!(json["commit"], env.git(&["rev-parse", "HEAD"]).trim());
    assert_eq!(json["as_of"], "2026-11-21");
    assert_eq!(json["referrals"].as_array().unwrap().len(), 6);
    assert_eq!(
        json["referrals"][0]["flags"],
        serde_json::json!(["no-recent-contact", "no-plan"])
    );
    assert_eq!(json["referrals"][0]["days_open"], 20);
    let table = env.ok(&["caseload"]);
    assert!(table.contains("6 open on 2026-11-21. Computed from commit"), "{table}");
    // As of today is HEAD.
    let as_of_today: serde_json::Value =
        serde_json::from_str(&env.ok(&["caseload", "--format", "json", "--as-of", "2026-11-21"])).unwrap();
    assert_eq!(as_of_today["referrals"], json["referrals"]);
}
