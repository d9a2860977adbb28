//! Many sprx processes writing to one referral at once: the casebook lock
//! serialises them, and no event is lost (issue 2, acceptance 5).

use std::process::Stdio;

use crate::common::{Env, record_path};

#[test]
fn twenty_contacts_started_at_once_all_land() {
    let env = Env::casebook();
    let id = env.active("Hari Example");
    let before = env.commit_count();
    let children: Vec<_> = (0..20)
        .map(|i| {
            env.cmd()
                .args(["contact", &id, "--mode", "phone", "--minutes", &(i + 1).to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn sprx")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(env.commit_count(), before + 20);
    assert_eq!(env.status(), "");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    let mut minutes: Vec<u64> = json["episodes"][0]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["minutes"].as_u64().unwrap())
        .collect();
    minutes.sort();
    assert_eq!(minutes, (1..=20).collect::<Vec<u64>>());
    assert_eq!(
        env.git(&["rev-list", "--count", "HEAD", "--", &record_path(&id)])
            .trim(),
        "23"
    );
    env.git(&["fsck", "--strict"]);
}

#[test]
fn concurrent_creates_get_distinct_ids() {
    let env = Env::casebook();
    let children: Vec<_> = (0..8)
        .map(|i| {
            env.cmd()
                .args([
                    "create",
                    "--name",
                    &format!("Person {i}"),
                    "--dob",
                    "1970-01-01",
                    "--source",
                    "gp",
                    "--need",
                    "food",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            String::from_utf8(c.wait_with_output().unwrap().stdout)
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    ids.sort();
    let expected: Vec<String> = (1..=8).map(|n| format!("SP-2026-{n:04}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(env.status(), "");
}

/// An editor or shell prompt runs `git status` over and over beside the
/// worker's sprx commands: every event sprx reports is in HEAD exactly
/// once, every one it refuses is not, and git finds nothing to commit
/// afterwards (issue 8).
#[test]
fn a_git_status_loop_beside_a_hundred_writes_loses_and_doubles_nothing() {
    // As sprx init makes it: index.skipHash, so git's own index writes
    // carry no checksum.
    let env = Env::casebook();
    let id = env.active("Gus Example");
    let path = record_path(&id);
    let (codes, runs) = env.beside_a_git_status_loop(|| {
        (1..=100)
            .map(|minutes| {
                let out = env
                    .cmd()
                    .args(["contact", &id, "--mode", "phone", "--minutes", &minutes.to_string()])
                    .output()
                    .unwrap();
                out.status.code().unwrap()
            })
            .collect::<Vec<i32>>()
    });
    assert!(runs > 10, "git status ran alongside");
    let record: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    let logged: Vec<u64> = record["episodes"][0]["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["minutes"].as_u64().unwrap())
        .collect();
    for (minutes, code) in (1..=100u64).zip(&codes) {
        let times = logged.iter().filter(|m| **m == minutes).count();
        match code {
            0 => assert_eq!(times, 1, "contact {minutes} exited 0"),
            1 => assert_eq!(times, 0, "contact {minutes} exited 1"),
            other => panic!("contact {minutes} exited {other}"),
        }
    }
    assert!(codes.iter().filter(|c| **c == 0).count() >= 90, "{codes:?}");
    assert_eq!(env.status(), "");
    assert_eq!(env.git(&["diff-index", "--cached", "HEAD"]), "");
    // A plain git commit of another file afterwards changes no record.
    let before = env.read(&path);
    env.write("notes.md", "team notes\n");
    env.git(&["add", "notes.md"]);
    env.git(&["commit", "-qm", "notes"]);
    assert_eq!(env.git(&["diff", "--stat", "HEAD~1", "HEAD", "--", "referrals"]), "");
    assert_eq!(env.git(&["show", &format!("HEAD:{path}")]), before);
    env.git(&["fsck", "--strict", "--no-dangling"]);
}

/// New referrals beside an editor's `git status` loop (create adds an
/// index entry, and looks for duplicates inside its write): every one that
/// exits 0 is in HEAD exactly once, every other is nowhere, and git finds
/// nothing to commit afterwards.
#[test]
fn a_git_status_loop_beside_new_referrals_loses_and_doubles_nothing() {
    let env = Env::casebook();
    let before = env.commit_count();
    let (outs, runs) = env.beside_a_git_status_loop(|| {
        (0..40)
            .map(|n| {
                env.cmd()
                    .args(["create", "--name", &format!("Loop Person{n}"), "--dob", "1950-01-01"])
                    .args(["--source", "gp", "--need", "loneliness"])
                    .output()
                    .unwrap()
            })
            .collect::<Vec<_>>()
    });
    assert!(runs > 5, "git status ran alongside");
    let made: Vec<String> = outs
        .iter()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .collect();
    assert_eq!(env.commit_count(), before + made.len(), "one commit each");
    let tree = env.git(&["ls-tree", "-r", "--name-only", "HEAD", "referrals"]);
    for id in &made {
        assert_eq!(
            tree.lines().filter(|p| p.ends_with(&format!("{id}.yaml"))).count(),
            1,
            "{id}"
        );
    }
    assert_eq!(env.status(), "");
    assert_eq!(env.git(&["diff-index", "--cached", "HEAD"]), "");
    env.write("notes.txt", "unrelated\n");
    env.git(&["add", "notes.txt"]);
    env.git(&["commit", "-qm", "unrelated"]);
    assert_eq!(
        env.git(&["diff", "--name-only", "HEAD~1", "HEAD"]).trim(),
        "notes.txt",
        "a plain commit changes no record"
    );
}
