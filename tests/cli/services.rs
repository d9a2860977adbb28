//! The community services directory (issue 6): Open Referral UK import,
//! re-import, suggestions ranked by need overlap and use, age limits, unmet
//! needs in the report, and the service commands.

use crate::common::{Env, stderr};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/oruk-services.json");
const WALK: &str = "3c2b9f7e-1a2b-4c3d-8e9f-000000000001";
const LUNCH: &str = "3c2b9f7e-1a2b-4c3d-8e9f-000000000002";
const ADVICE: &str = "3c2b9f7e-1a2b-4c3d-8e9f-000000000003";
const YOUTH: &str = "3c2b9f7e-1a2b-4c3d-8e9f-000000000004";
const CHOIR: &str = "3c2b9f7e-1a2b-4c3d-8e9f-000000000005";
const BEFRIEND: &str = "3c2b9f7e-1a2b-4c3d-8e9f-000000000006";

/// A casebook with the fixture imported and "Social isolation" mapped to loneliness.
fn imported() -> Env {
    let env = Env::casebook();
    let settings = env.read("sprx.toml").replace("sources = []", "sources = []\n\n[taxonomy.terms]\n\"Social isolation\" = \"loneliness\"\n\"Benefits and debt\" = \"benefits-debt\"");
    env.settings(&settings);
    let out = env.sprx(&["service", "import", FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    env
}

fn suggestions(env: &Env, id: &str) -> Vec<(String, String, String)> {
    let csv = env.ok(&["suggest", id, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["service", "name", "matched_needs", "ages", "connections"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[2].to_string(), r[4].to_string())
        })
        .collect()
}

#[test]
fn import_maps_services_and_reports_unmapped_terms() {
    let env = Env::casebook();
    let before = env.commit_count();
    let out = env.sprx(&["service", "import", FIXTURE]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("3 taxonomy terms match no need"), "{err}");
    assert!(
        err.contains("\"Benefits and debt\" (1)")
            && err.contains("\"Form filling\" (1)")
            && err.contains("\"Social isolation\" (1)"),
        "{err}"
    );
    assert!(err.contains("service import: 6 added, 0 updated"), "{err}");
    assert_eq!(env.commit_count(), before + 1, "one commit for the import");
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        "service import: 6 services from oruk-services.json"
    );
    assert_eq!(env.status(), "");
    let walk = env.ok(&["service", "show", WALK, "--format", "json"]);
    let walk: serde_json::Value = serde_json::from_str(&walk).unwrap();
    assert_eq!(walk["name"], "Walking for Health, Riverside");
    assert_eq!(walk["organisation"], "Riverside Ramblers");
    assert_eq!(walk["needs"], serde_json::json!(["physical-activity", "loneliness"]));
    assert_eq!(walk["min_age"], 18);
    assert_eq!(walk["phone"], "01632 960100");
    assert_eq!(walk["address"], "Riverside Library, Mill Lane, Riverside, RV1 2AB");
    assert_eq!(walk["last_reviewed"], "2026-09-01");
    assert_eq!(walk["status"], "active");
    let choir: serde_json::Value =
        serde_json::from_str(&env.ok(&["service", "show", CHOIR, "--format", "json"])).unwrap();
    assert_eq!(choir["status"], "inactive", "HSDS defunct");
    let befriend: serde_json::Value =
        serde_json::from_str(&env.ok(&["service", "show", BEFRIEND, "--format", "json"])).unwrap();
    assert_eq!(befriend["last_reviewed"], "2026-06-15");
    assert_eq!(env.ok(&["check"]), "", "imported services pass check");
    let active = env.ok(&[
        "service",
        "list",
        "--status",
        "active",
        "--need",
        "loneliness",
        "--format",
        "csv",
    ]);
    assert_eq!(active.lines().count(), 1 + 4, "{active}");
}

#[test]
fn reimporting_the_same_file_makes_no_commit() {
    let env = imported();
    let before = env.snapshot();
    let out = env.sprx(&["service", "import", FIXTURE]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("service import: nothing changed (6 services already up to date)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.snapshot(), before);
    // The list form of the same services, from stdin, changes nothing either.
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let list = serde_json::to_string(&doc["contents"]).unwrap();
    let mut child = env
        .cmd()
        .args(["service", "import", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), list.as_bytes()).unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    assert_eq!(env.snapshot(), before);
}

#[test]
fn suggestions_rank_by_need_overlap_then_use_and_respect_ages() {
    let env = imported();
    // Two earlier people were connected to befriending, one to the walks.
    for name in ["Past One", "Past Two"] {
        let id = env.active(name);
        env.ok(&["plan", &id, "--connect", BEFRIEND]);
    }
    let past = env.active("Past Three");
    env.ok(&["plan", &past, "--connect", WALK]);

    // 76, lonely and short of food: the lunch club matches both needs.
    let ada = env.create("Ada Example", "1950-04-12", &["--need", "food"]);
    assert_eq!(
        suggestions(&env, &ada),
        vec![
            (LUNCH.to_string(), "loneliness food".to_string(), "0".to_string()),
            (BEFRIEND.to_string(), "loneliness".to_string(), "2".to_string()),
            (WALK.to_string(), "loneliness".to_string(), "1".to_string()),
        ],
        "the youth club is for 11–18s and the choir is defunct"
    );
    // 19 and lonely: too young for the lunch club, too old for the youth club.
    let bo = env.create("Bo Example", "2007-01-01", &[]);
    let ranked: Vec<String> = suggestions(&env, &bo).into_iter().map(|s| s.0).collect();
    assert_eq!(ranked, [BEFRIEND, WALK]);
    // 16 (not yet accepted, but suggestions help the decline letter): the youth club.
    let cy = env.create("Cy Example", "2010-01-01", &[]);
    let ranked: Vec<String> = suggestions(&env, &cy).into_iter().map(|s| s.0).collect();
    assert_eq!(ranked, [YOUTH]);
    // Debt advice through the mapped term.
    let di = env.ok(&[
        "create",
        "--name",
        "Di Example",
        "--dob",
        "1980-01-01",
        "--source",
        "self",
        "--need",
        "benefits-debt",
    ]);
    let ranked: Vec<String> = suggestions(&env, di.trim()).into_iter().map(|s| s.0).collect();
    assert_eq!(ranked, [ADVICE]);
    let table = env.ok(&["suggest", &ada]);
    assert!(
        table.contains("For SP-2026-0004 (age 76, needs: loneliness, food)"),
        "{table}"
    );
}

#[test]
fn unmet_needs_in_the_report() {
    let env = imported();
    // Received in November 2026: needs housing (twice), food, loneliness, carer-support.
    env.create("A One", "1960-01-01", &["--need", "housing"]);
    env.create("B Two", "1960-01-01", &["--need", "housing", "--need", "food"]);
    env.create("C Three", "1960-01-01", &["--need", "carer-support"]);
    // Only an inactive service offers carer support: still unmet.
    env.ok(&[
        "service",
        "add",
        "carers-centre",
        "--name",
        "Carers Centre",
        "--need",
        "carer-support",
    ]);
    env.ok(&["service", "retire", "carers-centre"]);
    let csv = env.ok(&["report", "--period", "2026-11", "--format", "csv"]);
    let unmet: Vec<&str> = csv.lines().filter(|l| l.contains(",unmet_need,")).collect();
    assert_eq!(
        unmet,
        [
            "2026-11-01,2026-11-30,unmet_need,carer-support,1",
            "2026-11-01,2026-11-30,unmet_need,housing,2",
        ],
        "loneliness and food are offered; housing twice and carer support once are not"
    );
    let table = env.ok(&["report", "--period", "2026-11"]);
    assert!(!table.contains("Not reported: unmet needs"), "{table}");
}

#[test]
fn service_commands_add_show_list_retire_edit() {
    let env = Env::casebook();
    let before = env.commit_count();
    env.ok(&[
        "service",
        "add",
        "walking-for-health",
        "--name",
        "Walks",
        "--need",
        "loneliness",
        "--need",
        "physical-activity",
        "--min-age",
        "18",
        "--phone",
        "01632 960100",
    ]);
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        "service add walking-for-health"
    );
    let text = env.read("services/walking-for-health.yaml");
    assert!(
        text.starts_with("# yaml-language-server: $schema=../schemas/service.schema.json\n"),
        "{text}"
    );
    assert!(text.contains("last_reviewed: '2026-11-21'"));
    assert!(env.ok(&["service", "show", "walking-for-health"]).contains("ages: 18+"));
    let err = env.fails(1, &["service", "add", "walking-for-health", "--name", "Again"]);
    assert!(err.contains("already in the directory"), "{err}");
    let err = env.fails(1, &["service", "add", "Bad Id", "--name", "x"]);
    assert!(err.contains("is not a service id"), "{err}");
    let err = env.fails(
        1,
        &["service", "add", "gardening", "--name", "Garden", "--need", "gardening"],
    );
    assert!(err.contains("`gardening` is not a known need"), "{err}");
    env.ok(&["service", "retire", "walking-for-health"]);
    assert!(
        env.read("services/walking-for-health.yaml")
            .contains("status: inactive")
    );
    let err = env.fails(1, &["service", "retire", "walking-for-health"]);
    assert!(err.contains("already inactive"), "{err}");
    let err = env.fails(1, &["service", "show", "no-such"]);
    assert!(err.contains("no service no-such"), "{err}");
    let out = env
        .cmd()
        .env("EDITOR", "sed -i -e 's/name: Walks/name: Walking for Health/'")
        .args(["service", "edit", "walking-for-health"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        "edit service walking-for-health"
    );
    let before = env.snapshot();
    let out = env
        .cmd()
        .env("EDITOR", "sed -i -e 's/min_age: 18/min_age: 18\\nmax_age: 10/'")
        .args(["service", "edit", "walking-for-health"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("max_age: 10 is below min_age 18") && stderr(&out).contains("hint: your text is kept in"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.snapshot(), before);
    // Carry on from the kept text: fix the maximum age and commit.
    let err = stderr(&out);
    let kept = err
        .split("to carry on from it: sprx service edit walking-for-health --from ")
        .nth(1)
        .unwrap()
        .trim()
        .to_string();
    let out = env
        .cmd()
        .env("EDITOR", "sed -i -e 's/max_age: 10/max_age: 99/'")
        .args(["service", "edit", "walking-for-health", "--from", &kept])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.read("services/walking-for-health.yaml").contains("max_age: 99"));
    let list = env.ok(&["service", "list", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    assert_eq!(rows[0]["name"], "Walking for Health");
    assert_eq!(rows[0]["status"], "inactive");
    assert_eq!(env.status(), "");
}

#[test]
fn a_typed_service_that_is_not_in_the_directory_is_refused_with_the_likely_one() {
    let env = Env::casebook();
    env.ok(&[
        "service",
        "add",
        "walking-for-health",
        "--name",
        "Walking for Health",
        "--need",
        "loneliness",
    ]);
    env.ok(&[
        "service",
        "add",
        "age-uk-befriending",
        "--name",
        "Befriending",
        "--need",
        "loneliness",
    ]);
    let id = env.active("Eve Example");
    let before = env.snapshot();
    let err = env.fails(2, &["plan", &id, "--connect", "walking-for-helth"]);
    assert!(err.contains("did you mean `walking-for-health`?"), "{err}");
    assert!(err.contains("--free-text"), "{err}");
    assert_eq!(env.snapshot(), before, "nothing committed");
    // The hint names the flag that was typed.
    let err = env.fails(2, &["plan", &id, "--signpost", "walking-for-helth"]);
    assert!(err.contains("give --signpost walking-for-health"), "{err}");
    // A retired service is refused too.
    env.ok(&["service", "retire", "age-uk-befriending"]);
    env.fails(2, &["plan", &id, "--signpost", "age-uk-befriending"]);
    // With --free-text, a one-off named in words is kept.
    env.ok(&[
        "plan",
        &id,
        "--connect",
        "walking-for-health",
        "--signpost",
        "Mrs Neighbour's coffee morning",
        "--free-text",
    ]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    let connections = json["episodes"][0]["plan"]["connections"].as_array().unwrap();
    assert_eq!(connections.len(), 2);
    assert_eq!(connections[1]["service"], "Mrs Neighbour's coffee morning");
}

#[test]
fn an_imported_directory_refuses_a_service_it_lists_as_inactive() {
    let env = imported();
    let id = env.active("Eve Example");
    env.ok(&[
        "plan",
        &id,
        "--connect",
        WALK,
        "--signpost",
        "Mrs Neighbour's coffee morning",
        "--free-text",
    ]);
    let err = env.fails(2, &["plan", &id, "--connect", CHOIR]);
    assert!(
        err.contains("is retired (inactive)") && err.contains("--free-text"),
        "{err}"
    );
}

#[test]
fn a_service_file_others_can_read_is_warned_about_once_when_changed() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::casebook();
    env.ok(&["service", "add", "walking-for-health", "--name", "Walks"]);
    let open = |path: &str, mode| std::fs::set_permissions(env.root.join(path), std::fs::Permissions::from_mode(mode));
    open("services", 0o755).unwrap();
    open("services/walking-for-health.yaml", 0o644).unwrap();
    let out = env.sprx(&["service", "retire", "walking-for-health"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let warning = "warning: services/walking-for-health.yaml could be read by others (mode 644)";
    assert_eq!(err.matches(warning).count(), 1, "{err}");
}
