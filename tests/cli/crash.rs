//! Crash safety: sprx stopped dead at each step of the write transaction
//! (the SPRX_FAILPOINT test hook), then *another* write, then a plain
//! `git add -A && git commit`: no committed event is lost, and the working
//! tree and index equal HEAD after the next sprx command. A full disk at
//! each write the transaction makes gives exit 0 exactly when the event is
//! on the branch (issue 8).

use crate::common::{Env, record_path, stderr};

fn contacts(env: &Env, id: &str) -> usize {
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", id, "--format", "json"])).unwrap();
    json["episodes"][0]["contacts"].as_array().map_or(0, Vec::len)
}

/// `sprx contact ID --mode MODE` with `points` armed (SPRX_FAILPOINT).
fn contact_with(env: &Env, points: &str, id: &str, mode: &str) -> std::process::Output {
    env.cmd()
        .env("SPRX_FAILPOINT", points)
        .args(["contact", id, "--mode", mode])
        .output()
        .unwrap()
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

        let out = contact_with(&env, point, &a, "video");
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
        let out = contact_with(&env, point, &a, "video");
        assert_eq!(out.status.code(), Some(86), "{point}");
        env.ok(&["list"]);
        in_step(&env, point);
        assert_eq!(contacts(&env, &a), 1, "{point}");
        // The record file itself holds the event now.
        assert!(env.read(&record_path(&a)).contains("video"), "{point}");
    }
}

#[test]
fn a_file_changed_by_hand_after_a_crash_is_left_alone() {
    let env = Env::casebook();
    let a = env.active("Ann Example");
    let path = record_path(&a);
    let out = contact_with(&env, "after-verify", &a, "video");
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
        let out = contact_with(&env, &format!("disk-full@{step}"), &id, "phone");
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

/// A small tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    /// Mount one at `dir` (root only; `None` elsewhere).
    fn mount(dir: &std::path::Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size},mode=0700"), "tmpfs"])
            .arg(dir)
            .output()
            .ok()?;
        out.status.success().then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fill the file system holding `filler` to the last byte, then give back
/// `pages` pages of it.
fn fill_leaving(filler: &std::path::Path, pages: u64) {
    use std::io::Write;
    let mut file = std::fs::File::create(filler).unwrap();
    let block = vec![0xa5u8; 4096];
    let mut written = 0u64;
    loop {
        match file.write(&block) {
            Ok(0) => break,
            Ok(n) => written += n as u64,
            Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
            Err(e) => panic!("filling: {e}"),
        }
    }
    file.set_len(written.saturating_sub(pages * 4096)).unwrap();
}

/// A real full disk: the casebook on a small tmpfs, filled so that a
/// contact runs out of space at each point it can, one page at a time.
/// Whatever it hits, exit 0 means the event is on the branch and nothing
/// else does; the next command, with space again, leaves git clean.
#[test]
fn a_real_full_disk_at_every_point_exits_0_exactly_when_committed() {
    let env = Env::bare();
    let Some(_mounted) = Tmpfs::mount(&env.root, "4m") else {
        eprintln!(
            "\n*** SKIPPED a_real_full_disk_at_every_point_exits_0_exactly_when_committed: mounting a tmpfs \
             needs root here. The same points are still tested with an injected full disk \
             (a_full_disk_at_each_write_exits_0_exactly_when_the_event_is_committed). ***\n"
        );
        return;
    };
    let out = env.sprx_in(&env.home, &["init", env.root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = env.active("Bo Example");
    let filler = env.root.join(".filler");
    let (mut committed_events, mut refused, mut finished_later) = (0, 0, 0);
    for pages in 0..40 {
        fill_leaving(&filler, pages);
        let head_before = env.git(&["rev-parse", "HEAD"]);
        let out = env.cmd().args(["contact", &id, "--mode", "phone"]).output().unwrap();
        let committed = env.git(&["rev-parse", "HEAD"]) != head_before;
        assert_eq!(out.status.success(), committed, "{pages} pages free: {}", stderr(&out));
        if committed {
            committed_events += 1;
            if stderr(&out).contains("warning: the event is committed") {
                finished_later += 1;
            }
        } else {
            refused += 1;
            assert_eq!(out.status.code(), Some(1), "{pages} pages: {}", stderr(&out));
            assert!(
                stderr(&out).contains("hint: free some space"),
                "{pages} pages: {}",
                stderr(&out)
            );
        }
        std::fs::remove_file(&filler).unwrap();
        env.ok(&["list"]);
        in_step(&env, &format!("{pages} pages free"));
        assert_eq!(contacts(&env, &id), committed_events, "{pages} pages free");
        fsck_clean(&env);
    }
    assert!(
        refused > 0 && committed_events > 0,
        "{refused} refused, {committed_events} committed"
    );
    eprintln!(
        "full disk: {refused} refused, {committed_events} committed ({finished_later} finished by the next command)"
    );
}

/// A write whose index could not be written (the disk was full) leaves its
/// journal; a second write then finishes it, whole, before it starts — or
/// does not start. Found by review: the second write used to take over the
/// first one's journal, and when it failed too the first event's index
/// entry stayed behind for good, for a plain `git commit` to revert.
#[test]
fn an_unfinished_write_is_finished_whole_before_the_next_one_starts() {
    let env = Env::casebook();
    let a = env.active("Ann Example");
    let b = env.active("Bob Example");
    let full = |id: &str| contact_with(&env, "disk-full@index", id, "phone");
    let first = full(&a);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(env.root.join(".git/sprx/journal").exists());
    let head = env.git(&["rev-parse", "HEAD"]);
    let second = full(&b);
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    assert_eq!(
        env.git(&["rev-parse", "HEAD"]),
        head,
        "the second event was not recorded"
    );
    assert!(
        env.root.join(".git/sprx/journal").exists(),
        "the first write's journal is kept"
    );
    env.ok(&["list"]);
    in_step(&env, "after the next command");
    env.write("notes.md", "team notes\n");
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "notes"]);
    assert_eq!(contacts(&env, &a), 1);
    assert_eq!(contacts(&env, &b), 0);
}

#[test]
fn a_branch_that_cannot_be_read_back_keeps_the_journal_and_never_claims_wrongly() {
    // The move went through but reading it back failed: the event is on
    // the branch, so exit 0, with a warning; the journal stays and the
    // next command finishes it.
    let env = Env::casebook();
    let id = env.active("Bo Example");
    let armed = |points: &str, mode: &str| {
        let out = contact_with(&env, points, &id, mode);
        (out.status.code(), stderr(&out))
    };
    let head_before = env.git(&["rev-parse", "HEAD"]);
    let (code, err) = armed("unreadable@verify", "phone");
    assert_eq!(code, Some(0), "{err}");
    assert_ne!(env.git(&["rev-parse", "HEAD"]), head_before, "committed");
    assert!(err.contains("warning: the event is committed"), "{err}");
    assert!(err.contains("reading it back failed"), "{err}");
    assert!(env.root.join(".git/sprx/journal").exists(), "journal kept");
    env.ok(&["list"]);
    in_step(&env, "after an unreadable verification");
    assert!(!env.root.join(".git/sprx/journal").exists(), "journal cleared");
    assert_eq!(contacts(&env, &id), 1);

    // The move failed and the branch cannot be read either: sprx cannot
    // tell, says so, suggests nothing that records the event twice, and
    // keeps the journal for the next command to decide from.
    let head_before = env.git(&["rev-parse", "HEAD"]);
    let (code, err) = armed("disk-full@branch,unreadable@verify", "video");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("cannot tell whether the event was committed"), "{err}");
    assert!(err.contains("do not record it again yet"), "{err}");
    assert!(!err.contains("run the command again"), "{err}");
    assert_eq!(env.git(&["rev-parse", "HEAD"]), head_before, "not committed");
    assert!(env.root.join(".git/sprx/journal").exists(), "journal kept");
    env.ok(&["list"]);
    in_step(&env, "after an unconfirmed move");
    assert!(!env.root.join(".git/sprx/journal").exists(), "journal cleared");
    assert_eq!(contacts(&env, &id), 1);
}

#[test]
fn an_object_folder_git_gc_removes_mid_write_is_made_again() {
    // Seen beside a `git gc` loop: gitoxide made an object folder, gc
    // removed it as empty, and the object could not be moved in. git
    // tries again; so does sprx, and the event is recorded once.
    let env = Env::casebook();
    let id = env.active("Bo Example");
    let out = contact_with(&env, "vanished@objects", &id, "phone");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(contacts(&env, &id), 1);
    in_step(&env, "after a vanished folder");
    fsck_clean(&env);
}

/// A sprx killed while moving the branch leaves git's lock on it (HEAD's,
/// or the branch's), empty or holding the new commit: the next write, with
/// that write's journal in hand, knows the lock for its own and removes it.
/// A lock holding anything else is another git's, and is left alone.
#[test]
fn a_branch_lock_a_killed_write_left_is_cleared_by_the_next() {
    for (lock, held) in [("HEAD.lock", ""), ("refs/heads/main.lock", "commit")] {
        let env = Env::casebook();
        let a = env.active("Ann Example");
        let out = contact_with(&env, "after-journal", &a, "video");
        assert_eq!(out.status.code(), Some(86), "{}", stderr(&out));
        let journal = env.read(".git/sprx/journal");
        let commit = journal.lines().nth(1).unwrap().strip_prefix("commit ").unwrap();
        let branch = env.git(&["symbolic-ref", "HEAD"]);
        let path = if lock == "HEAD.lock" {
            env.root.join(".git/HEAD.lock")
        } else {
            env.root.join(".git").join(format!("{}.lock", branch.trim()))
        };
        let text = if held == "commit" {
            format!("{commit}\n")
        } else {
            String::new()
        };
        std::fs::write(&path, text).unwrap();
        env.ok(&["contact", &a, "--mode", "phone"]);
        assert!(!path.exists(), "{lock}: left");
        in_step(&env, lock);
        assert_eq!(contacts(&env, &a), 1, "{lock}");
    }
    // Another git's lock: a commit this casebook has not seen.
    let env = Env::casebook();
    let a = env.active("Ann Example");
    let out = contact_with(&env, "after-journal", &a, "video");
    assert_eq!(out.status.code(), Some(86));
    let theirs = env.root.join(".git/HEAD.lock");
    std::fs::write(&theirs, "0123456789012345678901234567890123456789\n").unwrap();
    let err = env.fails(1, &["contact", &a, "--mode", "phone"]);
    assert!(err.contains("the branch is locked"), "{err}");
    assert!(theirs.exists());
}
