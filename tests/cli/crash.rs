//! Crash safety: sprx stopped dead at each step of the write transaction
//! (the SPRX_FAILPOINT test hook), then *another* write, then a plain
//! `git add -A && git commit`: no committed event is lost, and the working
//! tree and index equal HEAD after the next sprx command. A full disk at
//! each write the transaction makes gives exit 0 exactly when the event is
//! on the branch (issue 8).

use crate::common::{Env, stderr};

fn contacts(env: &Env, id: &str) -> usize {
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", id, "--format", "json"])).unwrap();
    json["contacts"].as_array().map_or(0, Vec::len)
}

fn fsck_clean(env: &Env) {
    env.git(&["fsck", "--strict", "--no-dangling"]);
}

/// git's view: nothing to commit, and the index holds HEAD's tree.
fn in_step(env: &Env, what: &str) {
    assert_eq!(env.status(), "", "{what}: git status");
    assert_eq!(env.git(&["diff-index", "--cached", "HEAD"]), "", "{what}: index");
    assert_eq!(
        env.git(&["write-tree"]),
        env.git(&["rev-parse", "HEAD^{tree}"]),
        "{what}: the index's tree"
    );
}

/// The points after which the event is on the branch.
const COMMITTED_FROM: &str = "after-branch";

#[test]
fn a_crash_at_any_step_then_another_write_then_git_commit_loses_nothing() {
    let points = sprx::store::failpoint::POINTS;
    let first_committed = points.iter().position(|p| *p == COMMITTED_FROM).unwrap();
    for (n, point) in points.iter().enumerate() {
        let env = Env::casebook();
        let a = env.active("Ann Example");
        let b = env.active("Bob Example");
        env.ok(&["contact", &a, "--mode", "phone"]);
        let head_before = env.git(&["rev-parse", "HEAD"]);

        let out = env
            .cmd()
            .env("SPRX_FAILPOINT", point)
            .args(["contact", &a, "--mode", "video"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(86), "{point}: {}", stderr(&out));
        fsck_clean(&env);
        let committed = env.git(&["rev-parse", "HEAD"]) != head_before;
        assert_eq!(committed, n >= first_committed, "{point}: was the event committed?");

        // Another write, to another referral: it finishes the interrupted
        // one first.
        env.ok(&["contact", &b, "--mode", "group"]);
        in_step(&env, point);
        // A plain git commit of everything afterwards changes no record.
        env.write("notes.md", "team notes\n");
        env.git(&["add", "-A"]);
        env.git(&["commit", "-qm", "notes"]);
        assert_eq!(
            env.git(&["diff", "--stat", "HEAD~1", "HEAD", "--", "referrals"]),
            "",
            "{point}: git commit changed a record"
        );
        assert_eq!(contacts(&env, &a), 1 + usize::from(committed), "{point}");
        assert_eq!(contacts(&env, &b), 1, "{point}");
        in_step(&env, point);
        assert_eq!(env.ok(&["check"]), "", "{point}");
        assert!(!env.root.join(".git/sprx/journal").exists(), "{point}: journal cleared");
        fsck_clean(&env);
    }
}

#[test]
fn a_crash_is_finished_by_the_next_command_even_one_that_only_reads() {
    for point in [
        "after-branch",
        "after-verify",
        "after-temp-file",
        "after-rename",
        "after-index",
    ] {
        let env = Env::casebook();
        let a = env.active("Ann Example");
        let out = env
            .cmd()
            .env("SPRX_FAILPOINT", point)
            .args(["contact", &a, "--mode", "video"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(86), "{point}");
        env.ok(&["list"]);
        in_step(&env, point);
        assert_eq!(contacts(&env, &a), 1, "{point}");
        // The record file itself holds the event now.
        assert!(
            env.read(&format!("referrals/2026/{a}.yaml")).contains("video"),
            "{point}"
        );
    }
}

#[test]
fn a_file_changed_by_hand_after_a_crash_is_left_alone() {
    let env = Env::casebook();
    let a = env.active("Ann Example");
    let path = format!("referrals/2026/{a}.yaml");
    let out = env
        .cmd()
        .env("SPRX_FAILPOINT", "after-verify")
        .args(["contact", &a, "--mode", "video"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(86));
    let edited = env.read(&path).replace("Feeling less alone", "Edited by hand");
    env.write(&path, &edited);
    let out = env.sprx(&["list"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains(&format!("{path} was changed by hand after an interrupted sprx write")),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.read(&path), edited, "the hand edit is kept");
    // The event is committed; the next write says the file has changes,
    // and no hint drops the committed event.
    let err = env.fails(1, &["contact", &a, "--mode", "phone"]);
    assert!(err.contains("it has uncommitted changes"), "{err}");
    assert_eq!(contacts(&env, &a), 1);
}

#[test]
fn a_full_disk_at_each_write_exits_0_exactly_when_the_event_is_committed() {
    for step in sprx::store::failpoint::DISK_STEPS {
        let env = Env::casebook();
        let id = env.active("Bo Example");
        let head_before = env.git(&["rev-parse", "HEAD"]);
        let before = env.snapshot();
        let out = env
            .cmd()
            .env("SPRX_FAILPOINT", format!("disk-full@{step}"))
            .args(["contact", &id, "--mode", "phone"])
            .output()
            .unwrap();
        let committed = env.git(&["rev-parse", "HEAD"]) != head_before;
        assert_eq!(out.status.success(), committed, "{step}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("No space left on device"), "{step}: {err}");
        if committed {
            assert!(err.contains("warning: the event is committed"), "{step}: {err}");
            assert!(err.contains("the next sprx command finishes"), "{step}: {err}");
        } else {
            assert!(
                err.contains("hint: free some space and run the command again"),
                "{step}: {err}"
            );
            assert_eq!(env.snapshot(), before, "{step}: nothing changed");
        }
        assert_eq!(["file", "index"].contains(step), committed, "{step}");
        env.ok(&["list"]);
        in_step(&env, step);
        assert_eq!(contacts(&env, &id), usize::from(committed), "{step}");
        fsck_clean(&env);
    }
}
