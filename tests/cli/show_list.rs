//! `show` in its three formats with derived values, `list` with filters and
//! formats, and abbreviated IDs.

use crate::common::Env;

#[test]
fn show_json_has_derived_age_and_swemwbs_metric_score() {
    let env = Env::casebook();
    let id = env.create("Ada Example", "1950-04-12", &["--received", "2026-11-02"]);
    env.ok(&["triage", &id, "--accept", "--priority", "high", "--date", "2026-11-03"]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "swemwbs",
        "--items",
        "3,3,3,3,3,3,3",
        "--date",
        "2026-11-04",
    ]);
    env.ok(&["measure", &id, "--tool", "ons4", "--items", "4,6,8,1"]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "wemwbs",
        "--items",
        "3,3,3,3,3,3,3,3,3,3,3,3,3,4",
    ]);
    env.ok(&["measure", &id, "--tool", "ucla3", "--items", "3,2,3"]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    let d = &json["derived"];
    assert_eq!(d["age"], 76);
    assert_eq!(d["age_at_referral"], 76);
    assert_eq!(d["days_open"], 19);
    assert_eq!(d["scores"][0]["tool"], "swemwbs");
    assert_eq!(d["scores"][0]["score"]["raw"], 21);
    assert_eq!(d["scores"][0]["score"]["metric"], 19.25);
    let ons = &d["scores"][1]["score"]["items"];
    assert_eq!(ons[0]["name"], "satisfaction");
    assert_eq!(ons[0]["band"], "low");
    assert_eq!(ons[3]["name"], "anxiety");
    assert_eq!(ons[3]["band"], "very low");
    assert_eq!(d["scores"][2]["score"]["total"], 43);
    assert_eq!(d["scores"][3]["score"]["total"], 8);
    // Accepted, no plan, no contact for 19 days (> 14).
    assert_eq!(d["flags"], serde_json::json!(["no-recent-contact", "no-plan"]));
    assert_eq!(
        json["person"]["name"], "Ada Example",
        "show is the worker's view and includes the person"
    );
}

#[test]
fn show_text_and_yaml() {
    let env = Env::casebook();
    let id = env.active("Bea Example");
    env.ok(&["measure", &id, "--tool", "swemwbs", "--items", "3,4,3,2,3,4,3"]);
    let text = env.ok(&["show", &id]);
    for expected in [
        "SP-2026-0001  Bea Example  (active)",
        "what matters: Feeling less alone",
        "swemwbs: raw 22, metric 19.98",
        "review due 2026-12-01",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from:\n{text}");
    }
    let yaml = env.ok(&["show", "1", "--format", "yaml"]);
    assert!(
        yaml.contains("status: active") && yaml.contains("derived:") && yaml.contains("metric: 19.98"),
        "{yaml}"
    );
}

#[test]
fn flags_in_show_follow_the_policy() {
    let env = Env::casebook();
    let id = env.create("Cas Example", "1970-01-01", &["--received", "2026-11-10"]);
    let flags = |env: &Env| {
        let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
        json["derived"]["flags"].clone()
    };
    assert_eq!(flags(&env), serde_json::json!(["untriaged"]), "11 days > 5");
    let settings = env
        .read("sprx.toml")
        .replace("triage_target_days = 5", "triage_target_days = 20");
    env.settings(&settings);
    assert_eq!(flags(&env), serde_json::json!([]));
}

#[test]
fn list_filters_and_formats() {
    let env = Env::casebook();
    let a = env.active("Dan Example");
    let b = env.create("Eli Example", "1990-01-01", &["--need", "food"]);
    let c = env.ok(&[
        "create",
        "--name",
        "Fen Example",
        "--dob",
        "1980-01-01",
        "--source",
        "self",
        "--need",
        "housing",
    ]);
    let c = c.trim();
    env.ok(&["triage", c, "--decline", "--reason", "person-declined"]);

    let csv = env.ok(&["list", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("id,name,age,status,priority,received,source,needs"));
    assert_eq!(
        lines.next(),
        Some(format!("{a},Dan Example,66,active,routine,2026-11-01,gp,loneliness").as_str())
    );
    assert_eq!(
        lines.next(),
        Some(format!("{b},Eli Example,36,new,,2026-11-21,gp,loneliness food").as_str())
    );
    assert_eq!(lines.count(), 1);

    let only = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--format", "json"];
        all.extend_from_slice(args);
        let rows: Vec<serde_json::Value> = serde_json::from_str(&env.ok(&all)).unwrap();
        rows.iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(only(&["--status", "new"]), [b.as_str()]);
    assert_eq!(only(&["--status", "new", "--status", "declined"]), [b.as_str(), c]);
    assert_eq!(only(&["--need", "food"]), [b.as_str()]);
    assert_eq!(only(&["--source", "self"]), [c.to_string()]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&env.ok(&["list", "--format", "json"])).unwrap();
    assert_eq!(rows[0]["age"], 66);
    assert_eq!(rows[1]["needs"], serde_json::json!(["loneliness", "food"]));
    assert_eq!(rows[1]["priority"], serde_json::Value::Null);

    let table = env.ok(&["list"]);
    assert!(table.contains("Dan Example") && table.contains("┆"), "{table}");
    env.fails(2, &["list", "--status", "open"]);
}

#[test]
fn list_of_an_empty_casebook_is_just_the_header() {
    let env = Env::casebook();
    assert_eq!(
        env.ok(&["list", "--format", "csv"]),
        "id,name,age,status,priority,received,source,needs\n"
    );
    assert_eq!(env.ok(&["list", "--format", "json"]).trim(), "[]");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::casebook();
    for i in 0..3 {
        env.create(&format!("Gia Example{i}"), "1970-01-01", &[]);
    }
    let mut child = env
        .cmd()
        .args(["list", "--format", "csv"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty());
}

#[test]
fn show_and_list_read_an_earlier_state_with_as_of_and_at() {
    let env = Env::casebook().at("2026-11-02T10:00:00Z");
    let id = env.create("Ivo Example", "1970-01-01", &[]);
    let later = |args: &[&str]| {
        let out = env
            .cmd()
            .env("SPRX_NOW", "2026-11-05T10:00:00Z")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    later(&["triage", &id, "--accept"]);
    let status = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap()["status"].clone();
    assert_eq!(status(&later(&["show", &id, "--format", "json"])), "accepted");
    assert_eq!(
        status(&later(&["show", &id, "--format", "json", "--as-of", "2026-11-03"])),
        "new"
    );
    assert_eq!(
        status(&later(&["show", &id, "--format", "json", "--at", "HEAD~1"])),
        "new"
    );
    // Derived values are taken on the --as-of day.
    let then: serde_json::Value =
        serde_json::from_str(&later(&["show", &id, "--format", "json", "--as-of", "2026-11-03"])).unwrap();
    assert_eq!(then["derived"]["days_open"], 1);
    assert!(later(&["list", "--format", "csv", "--as-of", "2026-11-03"]).contains(",new,"));
    assert!(later(&["list", "--format", "csv", "--at", "HEAD"]).contains(",accepted,"));
    // Before the referral existed.
    let out = env
        .cmd()
        .env("SPRX_NOW", "2026-11-05T10:00:00Z")
        .args(["show", &id, "--at", "HEAD~2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no referral SP-2026-0001"));
}
