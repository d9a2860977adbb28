//! `sprx create`: flags and `--from`, ID allocation per year, warnings for
//! likely duplicates and people too young to accept.

use std::io::Write;
use std::process::Stdio;

use crate::common::{Env, record_path, stderr, stdout};

#[test]
fn prints_the_id_alone_and_counts_up_per_year() {
    let env = Env::casebook();
    let out = env.sprx(&[
        "create",
        "--name",
        "Ann Example",
        "--dob",
        "1970-01-01",
        "--source",
        "gp",
        "--need",
        "food",
    ]);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "SP-2026-0001\n");
    assert!(stderr(&out).contains("create SP-2026-0001"));
    assert_eq!(env.create("Ben Example", "1970-01-01", &[]), "SP-2026-0002");
    assert_eq!(
        env.create("Cal Example", "1970-01-01", &["--received", "2025-12-31"]),
        "SP-2025-0001"
    );
    assert_eq!(env.create("Dee Example", "1970-01-01", &[]), "SP-2026-0003");
    assert!(env.root.join("referrals/2025/00/SP-2025-0001.yaml").is_file());
}

#[test]
fn prefix_from_init_is_used() {
    let env = crate::common::Env::bare();
    let out = env.sprx_in(
        &env.home,
        &[
            "init",
            env.root.to_str().unwrap(),
            "--prefix",
            "RV",
            "--name",
            "Riverside",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(env.create("Eve Example", "1970-01-01", &[]), "RV-2026-0001");
}

#[test]
fn from_a_yaml_file_and_from_stdin() {
    let env = Env::casebook();
    let doc = "person:\n  name: Fay Example\n  date_of_birth: 1955-05-05\n  nhs_number: \"943 476 5919\"\n  preferred_contact: letter\nreferral:\n  received: 2026-11-10\n  source: housing\n  needs: [housing, benefits-debt]\n  notes: 'Rent arrears; room #3'\nextra:\n  ward: Riverside North\n";
    env.write("../intake.yaml", doc);
    let id = env.ok(&["create", "--from", "../intake.yaml"]);
    assert_eq!(id, "SP-2026-0001\n");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", "1", "--format", "json"])).unwrap();
    assert_eq!(json["person"]["nhs_number"], "9434765919", "normalised");
    assert_eq!(json["person"]["preferred_contact"], "letter");
    assert_eq!(json["referral"]["notes"], "Rent arrears; room #3");
    assert_eq!(json["extra"]["ward"], "Riverside North");
    assert_eq!(json["status"], "new");

    let mut child = env
        .cmd()
        .args(["create", "--from", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.replace("Fay", "Gil").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), "SP-2026-0002\n");
    // Events on a record with a '#' in a quoted note still work: it is not a comment.
    env.ok(&["triage", "1", "--accept"]);
}

#[test]
fn from_refuses_unknown_keys_and_ids_with_the_line() {
    let env = Env::casebook();
    env.write("../bad.yaml", "person:\n  name: Hu Example\n  date_of_birth: 1955-05-05\n  shoe_size: 9\nreferral:\n  received: 2026-11-10\n  source: gp\n  needs: [food]\n");
    let before = env.commit_count();
    let err = env.fails(1, &["create", "--from", "../bad.yaml"]);
    assert!(
        err.contains("../bad.yaml:4:3: person: unknown field `shoe_size`"),
        "{err}"
    );
    assert!(
        err.contains("hint: a referral document has `person` and `referral` sections"),
        "{err}"
    );
    env.write(
        "../with-id.yaml",
        "id: SP-2026-0001\nperson:\n  name: Hu Example\n  date_of_birth: 1955-05-05\n",
    );
    let err = env.fails(1, &["create", "--from", "../with-id.yaml"]);
    assert!(err.contains("unknown field `id`"), "{err}");
    env.write("../no-needs.yaml", "person:\n  name: Hu Example\n  date_of_birth: 1955-05-05\nreferral:\n  received: 2026-11-10\n  source: gp\n  needs: []\n");
    let err = env.fails(1, &["create", "--from", "../no-needs.yaml"]);
    assert!(err.contains("referral.needs: lists no needs"), "{err}");
    let err = env.fails(1, &["create", "--from", "../missing.yaml"]);
    assert!(err.contains("../missing.yaml"), "{err}");
    assert_eq!(env.commit_count(), before);
    let err = env.fails(2, &["create", "--from", "../bad.yaml", "--name", "X"]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = env.fails(2, &["create", "--name", "X"]);
    assert!(err.contains("required"), "{err}");
}

#[test]
fn warns_about_a_likely_duplicate_that_is_still_open() {
    let env = Env::casebook();
    let first = env.create("Ivy Example", "1940-02-02", &["--nhs-number", "9434765919"]);
    let out = env.sprx(&[
        "create",
        "--name",
        "ivy  example",
        "--dob",
        "1940-02-02",
        "--source",
        "self",
        "--need",
        "food",
    ]);
    assert!(out.status.success(), "a warning, not a refusal");
    assert!(
        stderr(&out).contains(&format!("warning: this may duplicate {first}")),
        "{}",
        stderr(&out)
    );
    let out = env.sprx(&[
        "create",
        "--name",
        "Ivy Other",
        "--dob",
        "1941-01-01",
        "--source",
        "self",
        "--need",
        "food",
        "--nhs-number",
        "9434765919",
    ]);
    assert!(stderr(&out).contains(&format!("warning: this may duplicate {first}")));
    let out = env.sprx(&[
        "create",
        "--name",
        "Jay Example",
        "--dob",
        "1940-02-02",
        "--source",
        "self",
        "--need",
        "food",
    ]);
    assert!(
        !stderr(&out).contains("duplicate"),
        "different person: {}",
        stderr(&out)
    );
    // Closed episodes are not duplicates.
    for id in ["1", "2", "3"] {
        env.ok(&["triage", id, "--decline", "--reason", "duplicate"]);
    }
    let out = env.sprx(&[
        "create",
        "--name",
        "Ivy Example",
        "--dob",
        "1940-02-02",
        "--source",
        "self",
        "--need",
        "food",
    ]);
    assert!(!stderr(&out).contains("duplicate"), "{}", stderr(&out));
}

#[test]
fn warns_when_the_person_is_too_young_to_accept() {
    let env = Env::casebook();
    let out = env.sprx(&[
        "create",
        "--name",
        "Kai Example",
        "--dob",
        "2010-01-01",
        "--source",
        "gp",
        "--need",
        "food",
    ]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("warning: the person was 16 when referred; under 18 cannot be accepted"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_duplicate_check_follows_every_change_to_who_a_referral_is_about() {
    let env = Env::casebook();
    let first = env.create("Ivy Example", "1940-02-02", &[]);
    let warns = |name: &str| {
        let out = env.sprx(&[
            "create",
            "--name",
            name,
            "--dob",
            "1940-02-02",
            "--source",
            "self",
            "--need",
            "food",
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let said = stderr(&out);
        // Undo the new referral, so each question is asked of the same
        // casebook (a reset is also a history the index has not seen).
        env.git(&["reset", "-q", "--hard", "HEAD~1"]);
        said.contains(&format!("this may duplicate {first}"))
    };
    assert!(warns("Ivy Example"));
    // Renamed by hand with git, beside sprx: found by its new name only.
    let path = record_path(&first);
    env.write(&path, &env.read(&path).replace("Ivy Example", "Ivy Renamed"));
    env.git(&["commit", "-qam", "name corrected"]);
    assert!(!warns("Ivy Example"));
    assert!(warns("ivy   RENAMED"));
    // The index holds what HEAD's records are, and no earlier name.
    let index = env.root.join(".git/sprx/people");
    let mut held = Vec::new();
    for entry in std::fs::read_dir(&index).unwrap() {
        let file = entry.unwrap().path();
        if file.file_name().unwrap() != "tip" {
            held.extend(std::fs::read_to_string(file).unwrap().lines().map(String::from));
        }
    }
    assert_eq!(held.len(), 1, "{held:?}");
    assert!(held[0].starts_with("name ivy renamed 1940-02-02\t"), "{held:?}");
    // Without the index, or with any line of it damaged: the same answers.
    std::fs::remove_dir_all(&index).unwrap();
    assert!(!warns("Ivy Example"));
    assert!(warns("Ivy Renamed"));
    for entry in std::fs::read_dir(&index).unwrap() {
        let file = entry.unwrap().path();
        if file.file_name().unwrap() == "tip" {
            continue;
        }
        let good = std::fs::read(&file).unwrap();
        let mut bad = good.clone();
        bad[good.len() / 2] ^= 0x01;
        std::fs::write(&file, bad).unwrap();
        assert!(warns("Ivy Renamed"), "{}", file.display());
        assert!(!warns("Ivy Example"));
    }
    // Closed: no longer a likely duplicate.
    env.ok(&["triage", &first, "--decline", "--reason", "duplicate"]);
    assert!(!warns("Ivy Renamed"));
}
