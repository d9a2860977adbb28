//! Equality monitoring and the report by group: the fields are recorded on
//! `create` and `person` and kept out of commit messages; `report --by`
//! counts per group and never prints a small number.

use crate::common::Env;

fn create(env: &Env, name: &str, flags: &[&str]) -> String {
    let mut args = vec!["--received", "2026-11-02"];
    args.extend_from_slice(flags);
    env.create(name, "1970-05-05", &args)
}

#[test]
fn groups_of_six_two_and_one_show_six_and_suppress_the_rest() {
    let env = Env::casebook();
    for i in 0..6 {
        create(&env, &format!("White{i} Example"), &["--ethnic-category", "A"]);
    }
    for i in 0..2 {
        create(&env, &format!("Black{i} Example"), &["--ethnic-category", "n"]);
    }
    create(&env, "Asian Example", &["--ethnic-category", "H"]);
    let csv = env.ok(&[
        "report",
        "--by",
        "ethnic-group",
        "--period",
        "2026-11",
        "--format",
        "csv",
    ]);
    let row = |group: &str| {
        csv.lines()
            .find(|l| l.contains(&format!(",{group},referrals_received,")))
            .unwrap_or_else(|| panic!("no {group} in {csv}"))
            .to_string()
    };
    assert!(row("white").ends_with(",6,false"), "{csv}");
    assert!(row("black-or-black-british").ends_with(",,true"), "{csv}");
    assert!(row("asian-or-asian-british").ends_with(",,true"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&[
        "report",
        "--by",
        "ethnic-group",
        "--period",
        "2026-11",
        "--format",
        "json",
    ]))
    .unwrap();
    let suppressed: Vec<&serde_json::Value> = json["figures"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == true)
        .collect();
    assert_eq!(suppressed.len(), 2);
    assert!(suppressed.iter().all(|f| f["value"].is_null()));
    let table = env.ok(&["report", "--by", "ethnic-group", "--period", "2026-11"]);
    assert!(table.contains("* counts from 1 to 4 are suppressed"), "{table}");
    // A smaller threshold, set in the casebook: a group of 3 is shown; the
    // 1 is withheld, and the 2 with it (one alone would be the total less
    // the rest).
    for i in 0..3 {
        create(&env, &format!("Other{i} Example"), &["--ethnic-category", "S"]);
    }
    env.settings("[report]\nsuppress_below = 2\n");
    let csv = env.ok(&[
        "report",
        "--by",
        "ethnic-group",
        "--period",
        "2026-11",
        "--format",
        "csv",
    ]);
    assert!(csv.contains(",other-ethnic-group,referrals_received,3,false"), "{csv}");
    assert!(
        csv.contains(",asian-or-asian-british,referrals_received,,true"),
        "{csv}"
    );
    assert!(
        csv.contains(",black-or-black-british,referrals_received,,true"),
        "{csv}"
    );
}

#[test]
fn one_small_group_alone_takes_the_next_smallest_with_it() {
    let env = Env::casebook();
    for i in 0..6 {
        create(&env, &format!("Fem{i} Example"), &["--gender", "female"]);
    }
    for i in 0..5 {
        create(&env, &format!("Mal{i} Example"), &["--gender", "male"]);
    }
    create(&env, "Notknown Example", &["--gender", "not-known"]);
    // 12 received in all (the main report says so): 6 and 5 shown would
    // give the 1 away.
    let csv = env.ok(&["report", "--by", "gender", "--period", "2026-11", "--format", "csv"]);
    assert!(csv.contains(",female,referrals_received,6,false"), "{csv}");
    assert!(csv.contains(",male,referrals_received,,true"), "{csv}");
    assert!(csv.contains(",not-known,referrals_received,,true"), "{csv}");
}

#[test]
fn monitoring_is_recorded_changed_and_kept_out_of_commit_messages() {
    let env = Env::casebook();
    let id = create(
        &env,
        "Mon Example",
        &[
            "--gender",
            "female",
            "--postcode",
            "se17pb",
            "--gp-practice",
            "g85001",
            "--carer",
            "yes",
        ],
    );
    let record = env.read("referrals/2026/00/SP-2026-0001.yaml");
    assert!(
        record.contains("    postcode: SE1 7PB\n") && record.contains("    gp_practice: G85001\n"),
        "{record}"
    );
    env.ok(&[
        "person",
        &id,
        "--ethnic-category",
        "M",
        "--language",
        "Somali",
        "--interpreter",
        "yes",
        "--consent-gp",
        "yes",
    ]);
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    let m = &json["person"]["monitoring"];
    assert_eq!(m["ethnic_category"], "M");
    assert_eq!(m["gender"], "female", "kept");
    assert_eq!(m["interpreter_needed"], true);
    assert_eq!(json["person"]["consent_to_share_with_gp"]["given"], true);
    assert_eq!(json["person"]["consent_to_share_with_gp"]["date"], "2026-11-21");
    let log = env.git(&["log", "--format=%B"]);
    for private in ["SE1", "Somali", "G85001", "female"] {
        assert!(!log.contains(private), "{private} in the log:\n{log}");
    }
    let err = env.fails(2, &["person", &id]);
    assert!(err.contains("nothing to change"), "{err}");
    let err = env.fails(2, &["person", &id, "--postcode", "SE1"]);
    assert!(err.contains("not a UK postcode"), "{err}");
    // The report gives the district only.
    let csv = env.ok(&[
        "report",
        "--by",
        "postcode-district",
        "--period",
        "2026-11",
        "--format",
        "csv",
    ]);
    assert!(csv.contains(",SE1,") && !csv.contains("7PB"), "{csv}");
}

#[test]
fn no_report_by_any_group_prints_a_count_from_one_to_four() {
    let env = Env::generated(600, &[]);
    let mut checked = 0;
    let mut withheld = 0;
    for by in ["age-band", "gender", "ethnic-group", "practice", "postcode-district"] {
        for period in ["2026-10", "2026-Q3", "2025", "2019-02", "2023-Q1"] {
            let csv = env.ok(&["report", "--by", by, "--period", period, "--format", "csv"]);
            for line in csv.lines().skip(1) {
                let cells: Vec<&str> = line.split(',').collect();
                let (measure, value, suppressed) = (cells[4], cells[5], cells[6]);
                if measure.ends_with("_share") {
                    continue;
                }
                checked += 1;
                if suppressed == "true" {
                    withheld += 1;
                    assert_eq!(value, "", "{line}");
                } else {
                    let n: u64 = value.parse().unwrap();
                    assert!(n == 0 || n >= 5, "{by} {period}: {line}");
                }
            }
        }
    }
    assert!(checked > 200 && withheld > 10, "{checked} figures, {withheld} withheld");
}

/// A postcode district alone is what erasure keeps; on any other record the
/// whole postcode is needed (a district alone used to pass `check`).
#[test]
fn a_district_alone_is_only_an_erased_records_postcode() {
    let env = Env::casebook();
    let id = env.create("Wyn Example", "1950-01-01", &["--postcode", "SE1 7PB"]);
    let path = crate::common::record_path(&id);
    env.write(&path, &env.read(&path).replace("postcode: SE1 7PB", "postcode: SE1"));
    env.git(&["commit", "-qam", "district only"]);
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(report.contains("`SE1` is not a UK postcode"), "{report}");
    let err = env.fails(
        2,
        &[
            "create",
            "--name",
            "X",
            "--dob",
            "1950-01-01",
            "--source",
            "gp",
            "--need",
            "food",
            "--postcode",
            "QV1 1AA",
        ],
    );
    assert!(err.contains("postcode"), "{err}");
}
