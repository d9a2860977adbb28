//! `sprx import`: a spreadsheet of referrals in one commit, with their
//! history; one bad row imports nothing; a second import adds nothing.

use crate::common::{Env, stderr};

const GOOD: &str = "\
name,date_of_birth,nhs_number,source,needs,received,triage_date,decision,priority,closure_date,outcome,first_measure_date,first_measure_tool,first_measure_items,last_measure_date,last_measure_tool,last_measure_items
Ada Example,1950-04-12,943 476 5919,gp,loneliness;long-term-condition,2025-10-01,2025-10-02,accepted,high,2025-12-20,goals-met,2025-10-05,ucla3,3;3;3,2025-12-15,ucla3,1;2;1
Ben Example,12/03/1980,,self,housing,2026-11-02,,,,,,,,,,,
";

#[test]
fn one_bad_row_imports_nothing_and_is_named_with_its_column() {
    let env = Env::casebook();
    let bad = format!("{GOOD}Cy Example,1970-01-01,,nurse,food,2026-11-03,,,,,,,,,,,\n");
    env.write("../bad.csv", &bad);
    let before = env.snapshot();
    let out = env.sprx(&["import", "../bad.csv"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("../bad.csv:4:4: source: `nurse` is not a known source; did you mean `practice-nurse`?"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(env.snapshot(), before, "nothing committed");
}

#[test]
fn a_good_file_is_one_commit_with_its_history_and_a_second_import_adds_nothing() {
    let env = Env::casebook();
    env.write("../good.csv", GOOD);
    let before = env.commit_count();
    let out = env.sprx(&["import", "../good.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        "import 2 referrals from good.csv"
    );
    assert_eq!(env.status(), "");
    let ada: serde_json::Value = serde_json::from_str(&env.ok(&["show", "SP-2025-0001", "--format", "json"])).unwrap();
    assert_eq!(ada["status"], "closed");
    assert_eq!(ada["person"]["nhs_number"], "9434765919");
    assert_eq!(ada["episodes"][0]["triage"]["priority"], "high");
    assert_eq!(ada["episodes"][0]["measures"].as_array().unwrap().len(), 2);
    let ben: serde_json::Value = serde_json::from_str(&env.ok(&["show", "SP-2026-0001", "--format", "json"])).unwrap();
    assert_eq!(ben["person"]["date_of_birth"], "1980-03-12", "day-first dates");
    assert_eq!(ben["status"], "new");
    // Last year's outcomes come along.
    let report = env.ok(&["report", "--period", "2025-Q4", "--format", "csv"]);
    assert!(
        report.contains(",closed,all,1") && report.contains(",wellbeing_pairs,ucla3,1"),
        "{report}"
    );
    // Again: nothing added, and it says so.
    let out = env.sprx(&["import", "../good.csv"]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("2 already in the casebook"), "{}", stderr(&out));
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(env.ok(&["check"]), "");
}

#[test]
fn a_map_renames_columns_and_translates_values_and_a_dry_run_writes_nothing() {
    let env = Env::casebook();
    env.write(
        "../theirs.csv",
        "Client name,DOB,Referred by,Why,Date in\nEve Example,1960-02-02,GP surgery,Isolation;food,2026-11-04\n",
    );
    env.write(
        "../map.toml",
        "[columns]\n\"Client name\" = \"name\"\n\"DOB\" = \"date_of_birth\"\n\"Referred by\" = \"source\"\n\"Why\" = \"needs\"\n\"Date in\" = \"received\"\n\n[values.source]\n\"GP surgery\" = \"gp\"\n\n[values.needs]\n\"Isolation\" = \"loneliness\"\n",
    );
    let before = env.snapshot();
    let out = env.sprx(&["import", "../theirs.csv", "--map", "../map.toml", "--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("would import 1 referral"), "{}", stderr(&out));
    assert_eq!(env.snapshot(), before);
    env.ok(&["import", "../theirs.csv", "--map", "../map.toml"]);
    let eve: serde_json::Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(eve["referral"]["source"], "gp");
    assert_eq!(eve["referral"]["needs"], serde_json::json!(["loneliness", "food"]));
    // Without the map, the columns are not sprx's: named, with the fix.
    let err = env.fails(1, &["import", "../theirs.csv"]);
    assert!(
        err.contains("column `Client name` is not one sprx reads") && err.contains("--map"),
        "{err}"
    );
}

#[test]
fn retention_lists_what_is_past_its_years_without_names_unless_asked() {
    let env = Env::casebook();
    // Closed in 2017 (past 8 years by 2026-11-21), closed in 2020 (not
    // yet), and one still open from 2016.
    let csv = "\
name,date_of_birth,source,needs,received,triage_date,decision,closure_date,outcome
Old Closed,1950-01-01,gp,loneliness,2017-03-01,2017-03-02,accepted,2017-06-30,goals-met
Recent Closed,1950-01-01,gp,loneliness,2020-03-01,2020-03-02,accepted,2020-06-30,goals-met
Still Open,1950-01-01,gp,loneliness,2016-03-01,2016-03-02,accepted,,
";
    env.write("../old.csv", csv);
    env.ok(&["import", "../old.csv"]);
    let table = env.ok(&["retention", "--format", "csv"]);
    assert_eq!(table, "id,ended,years,status\nSP-2017-0001,2017-06-30,9,closed\n");
    assert!(!env.ok(&["retention"]).contains("Old Closed"), "no names by default");
    assert!(env.ok(&["retention", "--names"]).contains("Old Closed"));
    env.settings("[retention]\nyears_after_closure = 5\n");
    let table = env.ok(&["retention", "--format", "csv"]);
    assert_eq!(table.lines().count(), 3, "{table}");
}

#[test]
fn rows_are_named_by_their_line_and_the_same_person_is_found_by_either_key() {
    let env = Env::casebook();
    env.create("Ada Example", "1950-04-12", &["--nhs-number", "9434765919"]);
    // A quoted cell over two lines; a bad source on file line 4.
    let csv = "name,date_of_birth,source,needs,received,notes,triage_date,decision\n\
               Bo Example,1960-01-01,gp,food,2026-11-03,\"two\nlines\",2026-11-04,Accepted\n\
               Cy Example,1960-01-01,postman,food,2026-11-03,,,\n";
    env.write("../lines.csv", csv);
    let err = env.fails(1, &["import", "../lines.csv"]);
    assert!(err.contains("../lines.csv:4:3: source: `postman`"), "{err}");
    // Ada again without her NHS number is still Ada; `Accepted` is read.
    let csv = "name,date_of_birth,source,needs,received,triage_date,decision\n\
               Ada Example,1950-04-12,gp,loneliness,2026-11-03,,\n\
               Bo Example,1960-01-01,gp,food,2026-11-03,2026-11-04,Accepted\n";
    env.write("../again.csv", csv);
    let out = env.sprx(&["import", "../again.csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("imported 1 referral ") && stderr(&out).contains("1 already in the casebook"),
        "{}",
        stderr(&out)
    );
    let bo: serde_json::Value = serde_json::from_str(&env.ok(&["show", "2", "--format", "json"])).unwrap();
    assert_eq!(bo["status"], "accepted");
}

fn fixture(name: &str) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A workbook saved from a spreadsheet program (real date cells, an NHS
/// number typed as a number) imports the same referrals as its CSV export,
/// and the one is recognised as already imported by the other.
#[test]
fn an_xlsx_workbook_imports_as_its_csv_export_does() {
    let from_csv = Env::casebook();
    from_csv.write("../good.csv", GOOD);
    from_csv.ok(&["import", "../good.csv"]);
    let env = Env::casebook();
    let before = env.commit_count();
    let out = env.sprx(&["import", &fixture("referrals.xlsx")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        "import 2 referrals from referrals.xlsx"
    );
    for id in ["SP-2025-0001", "SP-2026-0001"] {
        assert_eq!(
            env.ok(&["show", id, "--format", "json"]),
            from_csv.ok(&["show", id, "--format", "json"]),
            "{id} as from the CSV"
        );
    }
    // The CSV export of the same sheet adds nothing.
    env.write("../good.csv", GOOD);
    let out = env.sprx(&["import", "../good.csv"]);
    assert!(stderr(&out).contains("2 already in the casebook"), "{}", stderr(&out));
    assert_eq!(env.commit_count(), before + 1);
}

#[test]
fn a_bad_row_in_a_workbook_is_named_by_its_sheet_row_and_column() {
    let env = Env::casebook();
    let before = env.snapshot();
    let path = fixture("referrals-bad-row.xlsx");
    let out = env.sprx(&["import", &path]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{path}:4:4: source: `nurse` is not a known source")),
        "{err}"
    );
    assert_eq!(env.snapshot(), before, "nothing committed");
    // Something that is not a workbook nor CSV says so.
    env.write("../broken.xlsx", "PK\u{3}\u{4}not really a zip");
    let err = env.fails(1, &["import", "../broken.xlsx"]);
    assert!(err.contains("not a workbook sprx can read"), "{err}");
}

/// A sheet whose table starts below and right of A1 imports, and its
/// problems are named by the sheet's own rows and columns: a phone number
/// held as a number (its leading 0 gone) and a cell holding a spreadsheet
/// error are refused, not imported as "7700900124" or "#N/A".
#[test]
fn a_workbook_table_anywhere_on_the_sheet_with_its_cell_problems_named() {
    let env = Env::casebook();
    let out = env.sprx(&["import", &fixture("referrals-offset.xlsx")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(env.ok(&["show", "SP-2026-0001"]).contains("Gil Offset"));
    let env = Env::casebook();
    let before = env.snapshot();
    let path = fixture("referrals-bad-cells.xlsx");
    let err = env.fails(1, &["import", &path]);
    assert!(
        err.contains(&format!("{path}:4:7: phone: the sheet holds this as a number")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{path}:5:2: the cell holds a spreadsheet error (#N/A)")),
        "{err}"
    );
    assert_eq!(env.snapshot(), before);
}
