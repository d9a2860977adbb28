//! Hostile or damaged input: alias bombs, deep nesting, huge and non-UTF-8
//! files, a missing or corrupt git repository, a read-only casebook. Each is
//! refused with a clear message and no change to the casebook (issue 4).
//! How fast each is refused is measured by hand (see the issue note), not
//! here.

use crate::common::{Env, record_path, stderr};

/// Commit `bytes` as the record of a new referral (by git, as a bad hand edit).
fn commit_record(env: &Env, bytes: &[u8]) -> String {
    let id = env.active("Ann Example");
    commit_record_for(env, &id, bytes)
}

fn commit_record_for(env: &Env, id: &str, bytes: &[u8]) -> String {
    std::fs::write(env.root.join(record_path(id)), bytes).unwrap();
    env.git(&["commit", "-qam", "bad record"]);
    id.to_string()
}

/// Every reading command and an event refuse, naming the file; nothing changes.
fn refused_everywhere(env: &Env, id: &str, why: &str) {
    let before = env.snapshot();
    let path = record_path(id);
    for args in [
        vec!["show", id],
        vec!["list"],
        vec!["caseload"],
        vec!["report"],
        vec!["contact", id, "--mode", "phone"],
    ] {
        let err = env.fails(1, &args);
        assert!(err.contains(&path) && err.contains(why), "{args:?}: {err}");
    }
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains(&path) && report.contains(why), "check: {report}");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_alias_bomb_is_refused() {
    let env = Env::casebook();
    // Under `extra`, which takes any mapping: a billion x's if expanded.
    let mut bomb = String::from("extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ('a'..'k').zip('b'..='k') {
        bomb += &format!("  {name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", "));
    }
    let id = env.active("Ann Example");
    let record = env.read(&record_path(&id));
    let id = commit_record_for(&env, &id, format!("{record}{bomb}").as_bytes());
    refused_everywhere(&env, &id, "repetition limit exceeded");
}

#[test]
fn deep_nesting_is_refused() {
    let env = Env::casebook();
    let text = format!("extra: {}{}\n", "[".repeat(200_000), "]".repeat(200_000));
    let id = commit_record(&env, text.as_bytes());
    refused_everywhere(&env, &id, "nested more than 64 levels deep");
}

#[test]
fn an_oversized_file_is_refused() {
    let env = Env::casebook();
    let text = format!("extra:\n  pad: '{}'\n", "x".repeat(2 << 20));
    let id = commit_record(&env, text.as_bytes());
    refused_everywhere(&env, &id, "records are limited to 1048576");
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let env = Env::casebook();
    let id = commit_record(&env, b"schema_version: 1\nperson:\n  name: Caf\xe9\n");
    refused_everywhere(&env, &id, ":3:12: not valid UTF-8 text");
}

#[test]
fn a_missing_git_repository_is_explained() {
    let env = Env::casebook();
    env.create("Bo Example", "1970-01-01", &[]);
    std::fs::rename(env.root.join(".git"), env.root.join("git-moved")).unwrap();
    let err = env.fails(1, &["list"]);
    assert!(err.contains("is not a git repository"), "{err}");
    let err = env.fails(1, &["contact", "1", "--mode", "phone"]);
    assert!(err.contains("is not a git repository"), "{err}");
}

#[test]
fn a_corrupt_git_repository_is_explained_not_panicked_on() {
    let env = Env::casebook();
    let id = env.create("Cy Example", "1970-01-01", &[]);
    // Damage the record's blob in the object store.
    let blob = env.git(&["rev-parse", &format!("HEAD:{}", record_path(&id))]);
    let blob = blob.trim();
    env.damage_object(blob);
    for args in [
        vec!["show", id.as_str()],
        vec!["list"],
        vec!["contact", id.as_str(), "--mode", "phone"],
    ] {
        let out = env.sprx(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.starts_with("error: git could not read"), "{args:?}: {err}");
        assert!(err.contains("hint: the git repository is damaged"), "{args:?}: {err}");
    }
    // HEAD pointing nowhere.
    std::fs::write(
        env.root.join(".git/refs/heads/main"),
        "0123456789012345678901234567890123456789\n",
    )
    .unwrap();
    std::fs::write(
        env.root.join(".git/refs/heads/master"),
        "0123456789012345678901234567890123456789\n",
    )
    .unwrap();
    let out = env.sprx(&["list"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

#[cfg(unix)]
#[test]
fn a_read_only_casebook_can_be_read_and_refuses_writes_clearly() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::casebook();
    let id = env.active("Di Example");
    let set_mode = |mode: u32| {
        let status = std::process::Command::new("chmod")
            .args(["-R", &format!("{mode:o}"), env.root.to_str().unwrap()])
            .status()
            .unwrap();
        assert!(status.success());
    };
    set_mode(0o555);
    let _ = std::fs::Permissions::from_mode(0o555);
    for args in [
        vec!["show", id.as_str()],
        vec!["list"],
        vec!["caseload"],
        vec!["report"],
        vec!["check"],
        vec!["history", id.as_str()],
    ] {
        let out = env.sprx(&args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?} on a read-only casebook: {}",
            stderr(&out)
        );
    }
    if is_root() {
        // Permission bits do not bind root; the refusal is covered as a non-root user.
        eprintln!("skipping the read-only write refusal: running as root");
    } else {
        let before = env.snapshot();
        let out = env.sprx(&["contact", &id, "--mode", "phone"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("hint: sprx needs write access"),
            "{}",
            stderr(&out)
        );
        assert_eq!(env.snapshot(), before);
    }
    set_mode(0o755);
}

#[test]
fn a_casebook_without_a_first_commit_says_what_to_do() {
    let env = Env::bare();
    std::fs::create_dir_all(&env.root).unwrap();
    env.git(&["init", "-q"]);
    env.write("sprx.toml", "[casebook]\nname = \"x\"\n");
    let err = env.fails(1, &["list"]);
    assert!(
        err.contains("error: the casebook has no commit yet\nhint: commit sprx.toml"),
        "{err}"
    );
    let out = env.sprx(&[
        "create",
        "--name",
        "A",
        "--dob",
        "1970-01-01",
        "--source",
        "gp",
        "--need",
        "food",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("error: the casebook has no commit yet"),
        "{}",
        stderr(&out)
    );
    assert!(!env.root.join("referrals").exists());
}
