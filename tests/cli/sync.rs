//! `sprx sync` between two clones through a bare remote on local disk
//! (issue 7, acceptance 3): clashing new IDs are renumbered, never
//! overwritten; both sides end identical with every event; other conflicts
//! stop with the casebook as it was.

use crate::common::{Env, record_path, stderr};

/// A bare remote and two clones of one casebook: (A, B).
pub fn two_clones() -> (Env, Env) {
    let a = Env::casebook();
    let remote = a.home.join("remote.git");
    a.git_in(&a.home, &["init", "-q", "--bare", remote.to_str().unwrap()]);
    a.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    a.ok(&["sync"]);
    let b = Env::bare();
    b.git_in(
        &b.home,
        &["clone", "-q", remote.to_str().unwrap(), b.root.to_str().unwrap()],
    );
    (a, b)
}

fn tree(env: &Env) -> String {
    env.git(&["rev-parse", "HEAD^{tree}"]).trim().to_string()
}

fn fsck(env: &Env) {
    env.git(&["fsck", "--strict", "--no-dangling"]);
}

/// (id, name, status) of every referral.
fn referrals(env: &Env) -> Vec<(String, String, String)> {
    let csv = env.ok(&["list", "--format", "csv"]);
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[1].to_string(), f[3].to_string())
        })
        .collect()
}

#[test]
fn clashing_ids_are_renumbered_and_both_clones_end_identical() {
    let (a, b) = two_clones();
    // Both create SP-2026-0001 and SP-2026-0002, for different people.
    let a1 = a.active("Ann From A");
    a.ok(&["close", &a1, "--outcome", "goals-met"]);
    let a2 = a.create("Abe From A", "1970-01-01", &[]);
    a.ok(&["triage", &a2, "--decline", "--reason", "duplicate"]);
    let b1 = b.active("Bea From B");
    b.ok(&["contact", &b1, "--mode", "phone", "--minutes", "15"]);
    b.ok(&["close", &b1, "--outcome", "referred-on"]);
    let b2 = b.create("Bob From B", "1970-01-01", &[]);
    assert_eq!(
        (a1.as_str(), a2.as_str()),
        (b1.as_str(), b2.as_str()),
        "the same IDs on both sides"
    );

    a.ok(&["sync"]);
    let out = b.sprx(&["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("SP-2026-0001 was also created in origin; yours is now SP-2026-0003"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("SP-2026-0002 was also created in origin; yours is now SP-2026-0004"),
        "{}",
        stderr(&out)
    );
    let renumbered = b.git(&["log", "--format=%s", "--grep=renumber"]);
    assert_eq!(renumbered.lines().count(), 2, "one commit each: {renumbered}");
    a.ok(&["sync"]);
    b.ok(&["sync"]);

    // A second round, clashing again on SP-2026-0005.
    a.create("Ava From A", "1980-01-01", &[]);
    let b5 = b.create("Ben From B", "1980-01-01", &[]);
    assert_eq!(b5, "SP-2026-0005");
    b.ok(&["contact", &b5, "--mode", "phone"]);
    for env in [&a, &b, &a, &b] {
        env.ok(&["sync"]);
    }

    assert_eq!(tree(&a), tree(&b), "both clones hold the same casebook");
    let expected = vec![
        (
            "SP-2026-0001".to_string(),
            "Ann From A".to_string(),
            "closed".to_string(),
        ),
        ("SP-2026-0002".into(), "Abe From A".into(), "declined".into()),
        ("SP-2026-0003".into(), "Bea From B".into(), "closed".into()),
        ("SP-2026-0004".into(), "Bob From B".into(), "new".into()),
        ("SP-2026-0005".into(), "Ava From A".into(), "new".into()),
        ("SP-2026-0006".into(), "Ben From B".into(), "new".into()),
    ];
    assert_eq!(referrals(&a), expected);
    assert_eq!(referrals(&b), expected);
    // Every event from both sides is there.
    let bea: serde_json::Value = serde_json::from_str(&a.ok(&["show", "3", "--format", "json"])).unwrap();
    assert_eq!(bea["episodes"][0]["contacts"][0]["minutes"], 15);
    assert_eq!(bea["episodes"][0]["closure"]["outcome"], "referred-on");
    let ben: serde_json::Value = serde_json::from_str(&a.ok(&["show", "6", "--format", "json"])).unwrap();
    assert_eq!(ben["id"], "SP-2026-0006");
    assert_eq!(ben["episodes"][0]["contacts"].as_array().unwrap().len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let merged_in = b.root.join("referrals/2026/00/SP-2026-0001.yaml");
        assert_eq!(
            std::fs::metadata(merged_in).unwrap().permissions().mode() & 0o777,
            0o600,
            "merged records are private too"
        );
    }
    for env in [&a, &b] {
        assert_eq!(env.status(), "");
        assert_eq!(env.ok(&["check"]), "");
        fsck(env);
    }
}

#[test]
fn a_real_conflict_stops_with_the_casebook_as_it_was() {
    let (a, b) = two_clones();
    let id = a.active("Cal Example");
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["contact", &id, "--mode", "phone", "--minutes", "10"]);
    b.ok(&["contact", &id, "--mode", "video", "--minutes", "20"]);
    a.ok(&["sync"]);
    let head = b.git(&["rev-parse", "HEAD"]);
    let out = b.sprx(&["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("sync stopped: referrals/2026/00/SP-2026-0001.yaml changed both here and in origin/"),
        "{err}"
    );
    assert!(err.contains("hint: merge by hand: git merge origin/"), "{err}");
    assert_eq!(b.git(&["rev-parse", "HEAD"]), head, "nothing committed");
    assert_eq!(b.status(), "", "the merge was undone");
    assert!(!b.root.join(".git/MERGE_HEAD").exists());
}

#[test]
fn each_worker_can_number_with_a_prefix_of_their_own() {
    let (a, b) = two_clones();
    b.git(&["config", "sprx.idPrefix", "BW"]);
    assert_eq!(b.create("Dee Example", "1970-01-01", &[]), "BW-2026-0001");
    let out = a
        .cmd()
        .env("SPRX_ID_PREFIX", "AW")
        .args([
            "create",
            "--name",
            "Eve Example",
            "--dob",
            "1970-01-01",
            "--source",
            "gp",
            "--need",
            "food",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "AW-2026-0001");
    let out = a.cmd().env("SPRX_ID_PREFIX", "a/b").args(["list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("SPRX_ID_PREFIX:1:1: ID prefix `a/b` must be"),
        "{}",
        stderr(&out)
    );
    for env in [&a, &b, &a] {
        env.ok(&["sync"]);
    }
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn sync_without_a_remote_or_with_edits_says_what_to_do() {
    let a = Env::casebook();
    let err = a.fails(1, &["sync"]);
    assert!(
        err.contains("no git remote `origin`") && err.contains("hint: add one with git remote add origin URL"),
        "{err}"
    );
    let id = a.create("Fay Example", "1970-01-01", &[]);
    let path = record_path(&id);
    a.write(&path, &(a.read(&path) + "extra:\n  x: 1\n"));
    let err = a.fails(1, &["sync"]);
    assert!(err.contains("uncommitted changes"), "{err}");
}
