//! `sprx check`: one broken file of each kind, each reported with its path,
//! line and column; fixed, the casebook checks silently (issue 4, acceptance 1).

use crate::common::{Env, record_path};

/// A casebook with a good record, and the text of that record as a template.
fn casebook() -> (Env, String) {
    let env = Env::casebook();
    let id = env.active("Ann Example");
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "20"]);
    let text = env.read(&record_path(&id));
    (env, text)
}

/// The record template renumbered as `n`.
fn numbered(template: &str, n: u32) -> String {
    template.replace("SP-2026-0001", &format!("SP-2026-{n:04}"))
}

#[test]
fn every_kind_of_broken_file_is_reported_where_it_is() {
    let (env, good) = casebook();
    assert_eq!(env.ok(&["check"]), "", "a good casebook checks silently");
    let files: Vec<(String, Vec<u8>)> = vec![
        // YAML syntax: an unclosed flow sequence.
        (
            "referrals/2026/00/SP-2026-0002.yaml".into(),
            numbered(&good, 2)
                .replace("needs:\n  - loneliness", "needs: [loneliness")
                .into_bytes(),
        ),
        // Unknown key.
        (
            "referrals/2026/00/SP-2026-0003.yaml".into(),
            numbered(&good, 3)
                .replace("status: active\n", "status: active\nmood: fine\n")
                .into_bytes(),
        ),
        // Wrong type.
        (
            "referrals/2026/00/SP-2026-0004.yaml".into(),
            numbered(&good, 4)
                .replace("minutes: 20", "minutes: twenty")
                .into_bytes(),
        ),
        // Rule violation: a contact before the referral was received.
        (
            "referrals/2026/00/SP-2026-0005.yaml".into(),
            numbered(&good, 5)
                .replace(
                    "  - date: '2026-11-21'\n    mode: phone",
                    "  - date: 2026-10-01\n    mode: phone",
                )
                .into_bytes(),
        ),
        // File name not matching its id.
        (
            "referrals/2026/00/SP-2026-0006.yaml".into(),
            numbered(&good, 7).into_bytes(),
        ),
        // The same id again, in the right place.
        (
            "referrals/2026/00/SP-2026-0007.yaml".into(),
            numbered(&good, 7).into_bytes(),
        ),
        // Not UTF-8.
        (
            "referrals/2026/00/SP-2026-0008.yaml".into(),
            [numbered(&good, 8).as_bytes(), b"extra:\n  note: caf\xe9\n"].concat(),
        ),
        // Over the size limit.
        (
            "referrals/2026/00/SP-2026-0009.yaml".into(),
            [
                numbered(&good, 9).as_bytes(),
                format!("extra:\n  pad: '{}'\n", "x".repeat(1 << 20)).as_bytes(),
            ]
            .concat(),
        ),
        // Bad NHS number check digit.
        (
            "referrals/2026/00/SP-2026-0010.yaml".into(),
            numbered(&good, 10)
                .replace("  date_of_birth:", "  nhs_number: '9434765918'\n  date_of_birth:")
                .into_bytes(),
        ),
    ];
    for (path, bytes) in &files {
        std::fs::write(env.root.join(path), bytes).unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(env.root.join(path), std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    }
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "broken files"]);
    // A hand edit that was never committed.
    let edited = env
        .read("referrals/2026/00/SP-2026-0001.yaml")
        .replace("Feeling less alone", "Feeling less alone, edited");
    env.write("referrals/2026/00/SP-2026-0001.yaml", &edited);

    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    let expected = [
        "referrals/2026/00/SP-2026-0001.yaml:1:1: the working copy has uncommitted changes",
        "referrals/2026/00/SP-2026-0002.yaml:",
        "referrals/2026/00/SP-2026-0003.yaml:5:1: unknown field `mood`",
        "referrals/2026/00/SP-2026-0004.yaml:26:14: episodes[0].contacts[0].minutes: invalid type: string \"twenty\", expected u32",
        "referrals/2026/00/SP-2026-0005.yaml:24:5: episodes[0].contacts[0].date: 2026-10-01 is before the referral was received (2026-11-01)",
        "referrals/2026/00/SP-2026-0006.yaml:3:1: id SP-2026-0007 belongs in referrals/2026/00/SP-2026-0007.yaml",
        "referrals/2026/00/SP-2026-0007.yaml:3:1: duplicate ID SP-2026-0007: also in referrals/2026/00/SP-2026-0006.yaml",
        "referrals/2026/00/SP-2026-0008.yaml:",
        "referrals/2026/00/SP-2026-0009.yaml:1:1: file is ",
        "referrals/2026/00/SP-2026-0010.yaml:7:3: person.nhs_number: check digit is wrong",
    ];
    for e in expected {
        assert!(
            report.lines().any(|l| l.starts_with(e)),
            "no line starting {e:?} in:\n{report}"
        );
    }
    assert!(
        report.contains("SP-2026-0008.yaml:") && report.contains("not valid UTF-8"),
        "{report}"
    );
    let syntax = report
        .lines()
        .find(|l| l.starts_with("referrals/2026/00/SP-2026-0002.yaml:"))
        .unwrap();
    assert!(
        syntax.contains(":12:9: did not find expected ',' or ']'"),
        "syntax error at the unclosed sequence: {syntax}"
    );
    assert_eq!(report.lines().count(), 10, "{report}");

    let json: serde_json::Value = serde_json::from_str(
        &env.sprx(&["check", "--format", "json"])
            .stdout
            .iter()
            .map(|b| *b as char)
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 10);
    assert_eq!(json[2]["path"], "referrals/2026/00/SP-2026-0003.yaml");
    assert_eq!(json[2]["line"], 5);
    assert_eq!(json[2]["severity"], "error");

    // Fix everything: check is silent again.
    env.git(&["checkout", "--", "referrals/2026/00/SP-2026-0001.yaml"]);
    env.git(&["rm", "-q", "referrals/2026/00/SP-2026-0006.yaml"]);
    for n in [2, 3, 4, 5, 7, 8, 9, 10] {
        env.write(&record_path(&format!("SP-2026-{n:04}")), &numbered(&good, n));
    }
    env.git(&["commit", "-qam", "fixed"]);
    // git checks files out readable by everyone; check names them, when
    // their folders (which sprx makes its owner's alone) are open too.
    for folder in ["referrals", "referrals/2026", "referrals/2026/00"] {
        let open = std::os::unix::fs::PermissionsExt::from_mode(0o755);
        std::fs::set_permissions(env.root.join(folder), open).unwrap();
    }
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "referrals/2026/00/SP-2026-0001.yaml:1:1: warning: can be read by others (mode 644); chmod 600 referrals/2026/00/SP-2026-0001.yaml\n"
    );
    env.git(&["checkout", "--", "referrals/2026/00/SP-2026-0001.yaml"]);
    std::fs::set_permissions(
        env.root.join("referrals/2026/00/SP-2026-0001.yaml"),
        std::os::unix::fs::PermissionsExt::from_mode(0o600),
    )
    .unwrap();
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn check_explains_an_interrupted_write_and_untracked_files() {
    let (env, good) = casebook();
    env.git(&["checkout", "HEAD~1", "--", "referrals/2026/00/SP-2026-0001.yaml"]);
    env.write("referrals/2026/00/SP-2026-0002.yaml", &numbered(&good, 2));
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains("SP-2026-0001.yaml:1:1: the working copy holds an older version of the record (from commit "),
        "{report}"
    );
    assert!(
        report.contains(
            "nothing committed is lost: git checkout HEAD -- referrals/2026/00/SP-2026-0001.yaml brings it up to date"
        ),
        "{report}"
    );
    assert!(
        report.contains("SP-2026-0002.yaml:1:1: warning: not committed"),
        "{report}"
    );
    // As of a commit, only committed state counts.
    assert_eq!(env.ok(&["check", "--at", "HEAD"]), "");
}

#[test]
fn services_are_checked_and_dangling_connections_warned_about() {
    let (env, _) = casebook();
    env.ok(&[
        "plan",
        "1",
        "--connect",
        "walking-for-health",
        "--connect",
        "lunch-club",
        "--signpost",
        "St Mary's lunch club",
    ]);
    // No directory kept: connections are not judged.
    assert_eq!(env.ok(&["check"]), "");
    env.write(
        "services/walking-for-health.yaml",
        "id: walking-for-health\nname: Walks\nneeds: [loneliness]\nstatus: active\n",
    );
    env.write(
        "services/choir.yaml",
        "id: singing\nname: Choir\nneeds: [singing]\nmin_age: 30\nmax_age: 20\nstatus: active\n",
    );
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "services"]);
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 4, "{report}");
    assert!(
        lines[0].starts_with("referrals/2026/00/SP-2026-0001.yaml:")
            && lines[0].contains(
                "warning: episodes[0].plan.connections[1].service: `lunch-club` is not in the services directory"
            ),
        "{report}"
    );
    assert!(
        lines[1].starts_with("services/choir.yaml:1:1: service id singing belongs in services/singing.yaml"),
        "{report}"
    );
    assert!(
        lines[2].starts_with("services/choir.yaml:3:1: needs: `singing` is not a known need"),
        "{report}"
    );
    assert!(
        lines[3].starts_with("services/choir.yaml:5:1: max_age: 20 is below min_age 30"),
        "{report}"
    );
}

#[test]
fn a_broken_settings_file_is_a_finding() {
    let (env, _) = casebook();
    let settings = env
        .read("sprx.toml")
        .replace("min_age = 18", "min_age = 18\nmax_age = 99");
    env.write("sprx.toml", &settings);
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.starts_with("sprx.toml:13:1: unknown field `max_age`"),
        "{report}"
    );
}

#[test]
fn hand_written_text_a_yaml_1_1_reader_takes_for_something_else_is_warned_about() {
    let (env, text) = casebook();
    // sprx's own writing quotes such text, so nothing is said of it.
    let written = env.ok(&[
        "create",
        "--name",
        "No",
        "--dob",
        "1970-01-01",
        "--source",
        "gp",
        "--need",
        "loneliness",
    ]);
    assert_eq!(env.ok(&["check"]), "", "{written}");
    // By hand: plain, and with a comment after.
    let hand = text.replace("  name: Ann Example", "  name: Yes") + "extra:\n  room: 1:20  # a note\n";
    assert_ne!(hand, text);
    env.write("referrals/2026/00/SP-2026-0001.yaml", &hand);
    env.git(&["commit", "-qam", "by hand"]);
    let report = env.ok(&["check"]);
    let line = |needle: &str| hand.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(
        report.contains(&format!(
            "referrals/2026/00/SP-2026-0001.yaml:{}:9: warning: `Yes` is text to sprx, but PyYAML and other YAML 1.1 readers take it for true or false; put it in quotes ('Yes'), as sprx writes it",
            line("name: Yes")
        )),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            "referrals/2026/00/SP-2026-0001.yaml:{}:9: warning: `1:20` is text to sprx, but PyYAML and other YAML 1.1 readers take it for a number",
            line("room: 1:20")
        )),
        "{report}"
    );
    // The comment is named too: sprx will not rewrite the record.
    assert!(
        report.contains("warning: has comments, so sprx will refuse to record events on it"),
        "{report}"
    );
    assert_eq!(report.lines().count(), 3, "{report}");
}
