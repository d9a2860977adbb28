//! Crash safety: sprx stopped dead after each step of the write path (the
//! SPRX_FAILPOINT test hook). After each, no committed event is lost, git's
//! object store is sound, the next command either works or says exactly what
//! to do, and `sprx check` explains the state (issue 4, acceptance 4).

use crate::common::{Env, stderr, stdout};

fn contacts(env: &Env, id: &str) -> usize {
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", id, "--format", "json"])).unwrap();
    json["contacts"].as_array().map_or(0, Vec::len)
}

fn fsck_clean(env: &Env) {
    env.git(&["fsck", "--strict", "--no-dangling"]);
}

#[test]
fn a_crash_after_any_step_loses_nothing_and_says_what_to_do() {
    for point in sprx::store::failpoint::POINTS {
        let env = Env::casebook();
        let id = env.active("Ann Example");
        env.ok(&["contact", &id, "--mode", "phone"]);
        let head_before = env.git(&["rev-parse", "HEAD"]);

        let out = env
            .cmd()
            .env("SPRX_FAILPOINT", point)
            .args(["contact", &id, "--mode", "video"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(86), "{point}: {}", stderr(&out));
        fsck_clean(&env);
        let committed = env.git(&["rev-parse", "HEAD"]) != head_before;
        let expect_committed = ["after-commit", "after-temp-file", "after-rename", "after-index"].contains(point);
        assert_eq!(committed, expect_committed, "{point}: was the event committed?");
        assert_eq!(
            contacts(&env, &id),
            1 + usize::from(committed),
            "{point}: committed events are all there"
        );

        let check = env.sprx(&["check"]);
        let report = stdout(&check);
        match *point {
            "after-commit" => {
                assert_eq!(check.status.code(), Some(1), "{point}");
                assert!(
                    report.contains("the working copy is behind the committed record"),
                    "{point}: {report}"
                );
                let err = env.fails(1, &["contact", &id, "--mode", "phone"]);
                assert!(
                    err.contains("is out of date") && err.contains("hint: nothing is lost: git checkout HEAD --"),
                    "{point}: {err}"
                );
                env.git(&["checkout", "HEAD", "--", &format!("referrals/2026/{id}.yaml")]);
            }
            "after-temp-file" => {
                assert_eq!(check.status.code(), Some(1), "{point}");
                assert!(
                    report.contains("the working copy is behind the committed record"),
                    "{point}: {report}"
                );
                assert!(
                    report.contains("warning: a temp file left by an interrupted sprx command"),
                    "{point}: {report}"
                );
                env.git(&["checkout", "HEAD", "--", &format!("referrals/2026/{id}.yaml")]);
            }
            "after-rename" => {
                assert_eq!(check.status.code(), Some(0), "{point}: {report}");
                assert!(
                    report.contains("warning: the file is up to date but git's index entry is not"),
                    "{point}: {report}"
                );
            }
            _ => assert_eq!((check.status.code(), report.as_str()), (Some(0), ""), "{point}"),
        }
        // The next command works, and leaves everything clean.
        env.ok(&["contact", &id, "--mode", "group"]);
        assert_eq!(contacts(&env, &id), 2 + usize::from(committed), "{point}");
        assert_eq!(env.status(), "", "{point}");
        assert_eq!(env.ok(&["check"]), "", "{point}");
        fsck_clean(&env);
    }
}

#[test]
fn a_full_disk_changes_nothing() {
    let env = Env::casebook();
    let id = env.active("Bo Example");
    let before = env.snapshot();
    let out = env
        .cmd()
        .env("SPRX_FAILPOINT", "disk-full")
        .args(["contact", &id, "--mode", "phone"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("hint: free some space and run the command again"), "{err}");
    assert_eq!(env.snapshot(), before);
    fsck_clean(&env);
}
