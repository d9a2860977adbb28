//! Git's index after a write: sprx writes it through gitoxide into git's
//! `index.lock`, so these check with git itself that the result is what git
//! would have written — the same stats, cached trees that still match HEAD,
//! the index's own settings kept — and that a locked or damaged index stops
//! a write before anything is committed.

use crate::common::{Env, record_path};

fn index_bytes(env: &Env) -> Vec<u8> {
    std::fs::read(env.root.join(".git/index")).unwrap()
}

fn has_extension(index: &[u8], signature: &[u8; 4]) -> bool {
    index.windows(4).any(|w| w == signature)
}

/// An active referral in a casebook whose index git has just rewritten,
/// with its cached trees filled in.
fn casebook_with_git_written_index() -> (Env, String) {
    let env = Env::casebook();
    let id = env.active("Ada Example");
    env.create("Bea Example", "1970-05-05", &["--received", "2025-06-01"]);
    env.git(&["read-tree", "HEAD"]);
    env.git(&["write-tree"]);
    assert!(has_extension(&index_bytes(&env), b"TREE"), "git wrote cached trees");
    (env, id)
}

#[test]
fn a_patched_entry_is_what_git_itself_would_record() {
    let (env, id) = casebook_with_git_written_index();
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "15"]);
    let path = record_path(&id);
    assert_eq!(env.status(), "");
    assert_eq!(env.git(&["diff-index", "--cached", "HEAD"]), "");
    assert_eq!(env.git(&["diff-files"]), "", "stats match the working files");
    let staged = env.git(&["ls-files", "-s", &path]);
    let committed = env.git(&["rev-parse", &format!("HEAD:{path}")]);
    assert!(staged.starts_with(&format!("100644 {}", committed.trim())), "{staged}");
    // Cached trees above the file were marked changed: git builds HEAD's tree.
    let tree = env.git(&["write-tree"]);
    assert_eq!(tree, env.git(&["rev-parse", "HEAD^{tree}"]));
    // The entry holds the file's stats to the nanosecond, as libgit2 reads
    // them, and git re-reading every file's stats changes nothing.
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "5"]);
    let before = env.git(&["ls-files", "--debug", &path]);
    let stat = std::fs::metadata(env.root.join(&path)).unwrap();
    use std::os::unix::fs::MetadataExt;
    let expected = [
        format!("ctime: {}:{}", stat.ctime(), stat.ctime_nsec()),
        format!("mtime: {}:{}", stat.mtime(), stat.mtime_nsec()),
        format!("dev: {}\tino: {}", stat.dev(), stat.ino()),
        format!("uid: {}\tgid: {}", stat.uid(), stat.gid()),
        format!("size: {}\tflags: 0", stat.size()),
    ];
    for line in expected {
        assert!(before.contains(&line), "{line:?} not in {before}");
    }
    env.git(&["update-index", "--really-refresh"]);
    assert_eq!(env.git(&["ls-files", "--debug", &path]), before);
    // A new referral's entry is added in its place, in a folder new to git too.
    env.create("Cy Example", "1980-01-01", &["--received", "2024-03-03"]);
    assert_eq!(env.status(), "");
    assert_eq!(env.git(&["diff-files"]), "");
    assert_eq!(env.git(&["write-tree"]), env.git(&["rev-parse", "HEAD^{tree}"]));
    let listed = env.git(&["ls-files"]);
    let mut sorted: Vec<&str> = listed.lines().collect();
    sorted.sort();
    assert_eq!(listed.lines().collect::<Vec<_>>(), sorted);
    env.git(&["fsck", "--strict", "--no-dangling"]);
}

#[test]
fn sprx_writes_the_index_checksum_even_where_git_skips_it() {
    // With index.skipHash (as sprx init sets it) git writes no checksum;
    // sprx writes one all the same, so that a git command holding an
    // older copy sees the index changed (see Index::write).
    let (env, id) = casebook_with_git_written_index();
    env.git(&["config", "index.skipHash", "true"]);
    env.git(&["read-tree", "HEAD"]);
    let zeros = |index: &[u8]| index[index.len() - 20..].iter().all(|b| *b == 0);
    assert!(zeros(&index_bytes(&env)), "git wrote the index without a checksum");
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "15"]);
    let index = index_bytes(&env);
    assert!(!zeros(&index));
    use sha1::Digest;
    let (body, checksum) = index.split_at(index.len() - 20);
    assert_eq!(sha1::Sha1::digest(body).as_slice(), checksum, "the checksum is right");
    assert_eq!(env.status(), "");
    assert_eq!(env.git(&["write-tree"]), env.git(&["rev-parse", "HEAD^{tree}"]));
    env.git(&["-c", "index.skipHash=false", "fsck", "--no-dangling"]);
}

#[test]
fn an_index_in_version_4_is_read_and_written_as_git_reads_it() {
    let (env, id) = casebook_with_git_written_index();
    env.git(&["update-index", "--index-version", "4"]);
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "15"]);
    assert_in_step(&env, "contact on a version 4 index");
    // sprx writes versions 2 and 3 only; git goes back to 4 when told.
    env.git(&["update-index", "--index-version", "4"]);
    assert_eq!(&index_bytes(&env)[4..8], &4u32.to_be_bytes());
    env.create("Cy Example", "1980-01-01", &[]);
    assert_in_step(&env, "create on a version 4 index");
}

#[test]
fn a_locked_index_stops_the_write_before_it_commits() {
    let (env, id) = casebook_with_git_written_index();
    let lock = env.root.join(".git/index.lock");
    std::fs::write(&lock, b"").unwrap();
    let before = env.snapshot();
    let index = index_bytes(&env);
    let err = env.fails(1, &["contact", &id, "--mode", "phone", "--minutes", "15"]);
    assert!(err.contains("git's index is locked"), "{err}");
    assert!(err.contains("delete") && err.contains("index.lock"), "{err}");
    assert_eq!(env.snapshot(), before);
    assert_eq!(index_bytes(&env), index);
    // A lock git is writing an index into is git's too, whatever it holds.
    std::fs::copy(env.root.join(".git/index"), &lock).unwrap();
    env.fails(1, &["contact", &id, "--mode", "phone", "--minutes", "15"]);
    assert!(lock.exists(), "git's lock is never removed");
    assert_eq!(env.snapshot(), before);
    std::fs::remove_file(&lock).unwrap();
    env.ok(&["contact", &id, "--mode", "phone", "--minutes", "15"]);
    assert_eq!(env.status(), "");
}

#[test]
fn a_damaged_index_stops_the_write_before_it_commits() {
    let (env, id) = casebook_with_git_written_index();
    // With its checksum, which sprx then checks as git does.
    env.git(&["config", "index.skipHash", "false"]);
    env.git(&["read-tree", "HEAD"]);
    let mut index = index_bytes(&env);
    // A bit of the first entry's modification time: only the checksum sees it.
    index[12 + 8] ^= 1;
    std::fs::write(env.root.join(".git/index"), &index).unwrap();
    let commits = env.commit_count();
    let err = env.fails(1, &["contact", &id, "--mode", "phone", "--minutes", "15"]);
    assert!(err.contains("index"), "{err}");
    assert_eq!(env.commit_count(), commits, "nothing committed");
}

/// After each sprx write the index agrees with HEAD and the work tree, as
/// git sees them.
fn assert_in_step(env: &Env, after: &str) {
    assert_eq!(env.status(), "", "git status after {after}");
    assert_eq!(env.git(&["diff-files"]), "", "stats after {after}");
    assert_eq!(
        env.git(&["write-tree"]),
        env.git(&["rev-parse", "HEAD^{tree}"]),
        "cached trees after {after}"
    );
}

#[test]
fn sprx_and_git_take_turns_with_the_index() {
    let env = Env::casebook();
    let a = env.active("Ada Example");
    let b = env.create("Bea Example", "1970-05-05", &["--received", "2025-06-01"]);
    assert_in_step(&env, "create");
    // git commits a file of the worker's own, writing the index its way.
    env.write("notes/method.md", "How we work\n");
    env.git(&["add", "notes/method.md"]);
    env.git(&["commit", "-qm", "method"]);
    env.ok(&["contact", &a, "--mode", "phone", "--minutes", "10"]);
    assert_in_step(&env, "contact after git commit");
    env.ok(&["triage", &b, "--accept"]);
    assert_in_step(&env, "triage in another year");
    // Version 3 with an extended flag on another entry (skip-worktree).
    env.git(&["update-index", "--index-version", "3"]);
    env.git(&["update-index", "--skip-worktree", "notes/method.md"]);
    assert_eq!(&index_bytes(&env)[4..8], &3u32.to_be_bytes());
    env.ok(&["contact", &a, "--mode", "video", "--minutes", "20"]);
    assert_in_step(&env, "contact beside a skip-worktree entry");
    let c = env.create("Cy Example", "1980-01-01", &["--received", "2026-02-02"]);
    assert_in_step(&env, "create beside a skip-worktree entry");
    assert!(
        env.git(&["ls-files", "-v", "notes/method.md"]).starts_with("S "),
        "the flag is kept"
    );
    // Back to version 2 by git, then more of both.
    env.git(&["update-index", "--no-skip-worktree", "notes/method.md"]);
    env.git(&["update-index", "--index-version", "2"]);
    env.ok(&["triage", &c, "--decline", "--reason", "duplicate"]);
    env.ok(&["contact", &a, "--mode", "phone", "--minutes", "5"]);
    assert_in_step(&env, "events after version 2 again");
    env.git(&["fsck", "--strict", "--no-dangling"]);
}
