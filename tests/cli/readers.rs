//! Record files as other programs read them: every text sprx writes reads
//! back as that same text in PyYAML (a YAML 1.1 reader, which a
//! commissioner's script is likely to use), and a bare `null` or number
//! where text belongs is refused with its place (issue 8).

use std::process::Command;

use crate::common::{Env, record_path};

/// Spellings YAML 1.1 or 1.2 readers take for something other than text.
const SPELLINGS: &[&str] = &[
    "No",
    "no",
    "NO",
    "n",
    "Y",
    "yes",
    "Yes",
    "on",
    "On",
    "OFF",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "1_000",
    "0x10",
    "0o7",
    "0b11",
    ".inf",
    "-.Inf",
    ".nan",
    "007",
    "12",
    "+1",
    "1e3",
    "1.5",
    "1:20",
    "190:20:30",
    "2026-01-01",
    "2001-12-14 21:59:43.10 -5",
    "<<",
    "=",
];

fn pyyaml() -> bool {
    Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn names_and_notes_read_back_as_text_in_pyyaml() {
    if !pyyaml() {
        eprintln!(
            "\n*** SKIPPED names_and_notes_read_back_as_text_in_pyyaml: python3 with PyYAML is not installed \
             (pip install pyyaml; .ci/run installs it). The quoting itself is still checked by \
             store::yaml's unit tests. ***\n"
        );
        return;
    }
    let env = Env::casebook();
    let mut files = Vec::new();
    for spelling in SPELLINGS {
        let (name, notes, referrer) = (
            format!("--name={spelling}"),
            format!("--notes={spelling}"),
            format!("--referrer={spelling}"),
        );
        let args = [
            "create",
            &name,
            "--dob",
            "1950-01-01",
            "--source",
            "gp",
            "--need",
            "food",
            &notes,
            &referrer,
        ];
        let id = env.ok(&args).trim().to_string();
        files.push(env.root.join(record_path(&id)));
    }
    let script = "import json, sys, yaml\n\
        out = []\n\
        for path in sys.argv[1:]:\n\
        \x20   r = yaml.load(open(path), Loader=yaml.SafeLoader)\n\
        \x20   out.append([r['person']['name'], r['referral']['notes'], r['referral']['referrer']])\n\
        print(json.dumps(out))\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let read: Vec<Vec<serde_json::Value>> = serde_json::from_slice(&out.stdout).unwrap();
    for (spelling, fields) in SPELLINGS.iter().zip(read) {
        for field in fields {
            assert_eq!(
                field,
                serde_json::json!(spelling),
                "PyYAML read `{spelling}` as {field}"
            );
        }
    }
    // And sprx reads them back the same.
    let list = env.ok(&["list", "--format", "json"]);
    let list: Vec<serde_json::Value> = serde_json::from_str(&list).unwrap();
    let names: Vec<&str> = list.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, SPELLINGS);
}

#[test]
fn a_bare_null_or_number_where_text_belongs_is_refused_with_its_place() {
    let env = Env::casebook();
    let doc = "person:\n  name: null\n  date_of_birth: 1955-05-05\nreferral:\n  received: 2026-11-10\n  source: gp\n  needs: [food]\n";
    env.write("../null-name.yaml", doc);
    let err = env.fails(1, &["create", "--from", "../null-name.yaml"]);
    assert!(
        err.contains("../null-name.yaml:2:3: person.name: expected text, found nothing (null)"),
        "{err}"
    );
    let doc = doc
        .replace("name: null", "name: Ann Example")
        .replace("source: gp", "source: gp\n  referrer: 12");
    env.write("../number-referrer.yaml", &doc);
    let err = env.fails(1, &["create", "--from", "../number-referrer.yaml"]);
    assert!(
        err.contains(":7:3: referral.referrer: expected text, found a number"),
        "{err}"
    );
    let quoted = doc.replace("referrer: 12", "referrer: '12'");
    env.write("../quoted.yaml", &quoted);
    env.ok(&["create", "--from", "../quoted.yaml"]);
}
