//! A derived index of the commits that changed each referral, so `history`
//! reads a few lines instead of walking every commit (a casebook with one
//! commit per event has about eight a referral: 765,000 at 100,000).
//!
//! `.git/sprx/events/<year>` holds one line per commit and referral of that
//! year it changed — `<commit> <id> <crc>`, the CRC-32 of the rest —
//! oldest first; `.git/sprx/events/tip` names the HEAD it was brought up
//! to, with its CRC. Each use brings it up to HEAD by walking only the
//! commits since the tip; when the tip is no longer an ancestor of HEAD
//! (history was rewritten: erasure, a reset) or any line of a file read
//! fails its checksum, it is rebuilt from the whole history. A commit
//! counts for a referral when the record (at its place, or its former one)
//! differs from every parent — as the plain walk in the tests finds it.
//! Deleting it changes only speed; it is never committed and readable by
//! its owner only.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::Result;
use super::repo::{Change, CommitId, Repo};
use crate::model::referral::ReferralId;

fn folder(git_dir: &Path) -> PathBuf {
    git_dir.join("sprx").join("events")
}

fn checksum(text: &str) -> u32 {
    crc32fast::hash(text.as_bytes())
}

/// The commits that changed `id`, oldest first (in the order the walk
/// found them, newest first, reversed: parents before children whatever
/// their clocks say).
pub(crate) fn history(repo: &Repo, git_dir: &Path, id: &ReferralId) -> Result<Vec<Change>> {
    let dir = folder(git_dir);
    let commits = match bring_up_to_head(repo, &dir).and_then(|()| commits_of(&dir, id)) {
        Some(commits) => commits,
        // Damaged, or could not be written: rebuilt from the whole history.
        None => {
            let _ = std::fs::remove_dir_all(&dir);
            match bring_up_to_head(repo, &dir).and_then(|()| commits_of(&dir, id)) {
                Some(commits) => commits,
                None => return walked(repo, id),
            }
        }
    };
    commits.into_iter().map(|c| repo.change(c)).collect()
}

/// The history of `id` from a whole walk, when the index cannot be written.
fn walked(repo: &Repo, id: &ReferralId) -> Result<Vec<Change>> {
    let (changes, _) = repo.changes_since("referrals", None)?;
    let mut out: Vec<Change> = changes
        .into_iter()
        .filter(|(_, paths)| paths.iter().any(|p| ids_of(p) == Some(id.clone())))
        .map(|(change, _)| change)
        .collect();
    out.reverse();
    Ok(out)
}

/// The referral a changed path is the record of, at its place or its former
/// one.
fn ids_of(path: &str) -> Option<ReferralId> {
    let file = path.rsplit('/').next()?;
    let id: ReferralId = file.strip_suffix(".yaml")?.parse().ok()?;
    (path == id.path() || path == id.former_path()).then_some(id)
}

/// Bring the index up to HEAD; `None` when it could not be read or written.
fn bring_up_to_head(repo: &Repo, dir: &Path) -> Option<()> {
    let tip = read_tip(dir);
    let head = repo.head().ok()??;
    if tip == Some(head) {
        return Some(());
    }
    let (changes, whole) = repo.changes_since("referrals", tip).ok()?;
    if whole {
        let _ = std::fs::remove_dir_all(dir);
    }
    let lines = changes.iter().rev().flat_map(|(change, paths)| {
        let mut ids: Vec<ReferralId> = paths.iter().filter_map(|p| ids_of(p)).collect();
        ids.dedup();
        ids.into_iter().map(|id| (change.commit, id))
    });
    add(dir, lines, head)
}

/// Keep the index up to date after sprx's own commit `commit` on top of
/// `parent`, which changed `paths`: when the index was up to `parent`, the
/// commit's lines are added and it is up to `commit`; otherwise the next
/// `history` walks what it lacks.
pub(crate) fn after_commit(git_dir: &Path, parent: Option<CommitId>, commit: CommitId, paths: &[&str]) {
    let dir = folder(git_dir);
    if parent.is_none() || read_tip(&dir) != parent {
        return;
    }
    let lines = paths.iter().filter_map(|p| ids_of(p)).map(|id| (commit, id));
    let _ = add(&dir, lines, commit);
}

/// Add a line for each (commit, referral) to its year's file, then name
/// `tip` as the HEAD the index is up to.
fn add(dir: &Path, lines: impl Iterator<Item = (CommitId, ReferralId)>, tip: CommitId) -> Option<()> {
    let mut years: BTreeMap<i32, String> = BTreeMap::new();
    for (commit, id) in lines {
        let rest = format!("{commit} {id}");
        let line = format!("{rest} {:08x}\n", checksum(&rest));
        years.entry(id.year()).or_default().push_str(&line);
    }
    for (year, lines) in years {
        let mut file = private(&dir.join(year.to_string()), true).ok()?;
        file.write_all(lines.as_bytes()).ok()?;
    }
    let text = tip.to_string();
    let mut file = private(&dir.join("tip.tmp"), false).ok()?;
    file.write_all(format!("{text} {:08x}\n", checksum(&text)).as_bytes())
        .ok()?;
    std::fs::rename(dir.join("tip.tmp"), dir.join("tip")).ok()
}

/// The HEAD the index was brought up to, if it reads back whole.
fn read_tip(dir: &Path) -> Option<CommitId> {
    let text = std::fs::read_to_string(dir.join("tip")).ok()?;
    let (tip, crc) = text.trim_end().split_once(' ')?;
    (format!("{:08x}", checksum(tip)) == crc).then(|| tip.parse().ok())?
}

/// The commits the index lists for `id`, each once, in order; `None` when
/// any line of its year's file is damaged.
fn commits_of(dir: &Path, id: &ReferralId) -> Option<Vec<CommitId>> {
    let text = match std::fs::read_to_string(dir.join(id.year().to_string())) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(Vec::new()),
        Err(_) => return None,
    };
    let wanted = id.to_string();
    let mut out = Vec::new();
    for line in text.lines() {
        let (rest, crc) = line.rsplit_once(' ')?;
        if format!("{:08x}", checksum(rest)) != crc {
            return None;
        }
        let (commit, who) = rest.split_once(' ')?;
        if who == wanted {
            let commit: CommitId = commit.parse().ok()?;
            if !out.contains(&commit) {
                out.push(commit);
            }
        }
    }
    Some(out)
}

/// A file of the index, its owner's alone, appended to or written anew.
fn private(path: &Path, append: bool) -> std::io::Result<std::fs::File> {
    std::fs::create_dir_all(path.parent().expect("the index has a folder"))?;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(append).write(true).truncate(!append);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::repo::plain::history_by_walking;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn write(dir: &Path, path: &str, text: &str) {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }

    fn move_to(dir: &Path, from: &str, to: &str) {
        std::fs::create_dir_all(dir.join(to).parent().unwrap()).unwrap();
        std::fs::rename(dir.join(from), dir.join(to)).unwrap();
    }

    fn commit(dir: &Path, at: u32, message: &str) {
        let date = format!("2026-01-01T{:02}:{:02}:00Z", at / 60, at % 60);
        git(dir, &["add", "-A"]);
        let out = Command::new("git")
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    /// Every referral's history from the index equals the plain walk's.
    fn same_as_walking(dir: &Path, ids: &[&str]) {
        let repo = Repo::open(dir).unwrap();
        let git_dir = dir.join(".git");
        for id in ids {
            let id: ReferralId = id.parse().unwrap();
            let plain = history_by_walking(&repo, &[id.path(), id.former_path()]).unwrap();
            let indexed = history(&repo, &git_dir, &id).unwrap();
            let names = |h: &[Change]| h.iter().map(|c| (c.commit, c.event.clone())).collect::<Vec<_>>();
            assert_eq!(names(&indexed), names(&plain), "{id}");
        }
    }

    #[test]
    fn the_index_gives_every_history_the_plain_walk_gives() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q", "-b", "main"]);
        let ids = ["SP-2026-0001", "SP-2026-0002", "SP-2026-0150", "SP-2025-0001"];
        // Created in their year's folder, as earlier versions kept them.
        write(dir, "referrals/2026/SP-2026-0001.yaml", "a1");
        write(dir, "sprx.toml", "");
        commit(dir, 1, "create 1");
        write(dir, "referrals/2026/SP-2026-0002.yaml", "b1");
        write(dir, "referrals/2025/SP-2025-0001.yaml", "c1");
        commit(dir, 2, "create 2 and c");
        // Moved into their folders, one changed in the same commit.
        move_to(
            dir,
            "referrals/2026/SP-2026-0001.yaml",
            "referrals/2026/00/SP-2026-0001.yaml",
        );
        move_to(
            dir,
            "referrals/2026/SP-2026-0002.yaml",
            "referrals/2026/00/SP-2026-0002.yaml",
        );
        move_to(
            dir,
            "referrals/2025/SP-2025-0001.yaml",
            "referrals/2025/00/SP-2025-0001.yaml",
        );
        write(dir, "referrals/2026/00/SP-2026-0002.yaml", "b2");
        commit(dir, 3, "migrate");
        same_as_walking(dir, &ids);
        // Brought up to date with new commits: a side branch merged, one
        // change made on both sides alike, one on one side only, a change
        // undone, a commit touching no record.
        git(dir, &["checkout", "-q", "-b", "side"]);
        write(dir, "referrals/2026/01/SP-2026-0150.yaml", "d1");
        write(dir, "referrals/2026/00/SP-2026-0001.yaml", "a2");
        commit(dir, 4, "side: create d, a2");
        git(dir, &["checkout", "-q", "main"]);
        write(dir, "referrals/2026/00/SP-2026-0001.yaml", "a2");
        write(dir, "referrals/2025/00/SP-2025-0001.yaml", "c2");
        commit(dir, 5, "main: a2, c2");
        write(dir, "referrals/2025/00/SP-2025-0001.yaml", "c1");
        commit(dir, 6, "main: c back to c1");
        git(dir, &["merge", "-q", "--no-ff", "-m", "merge side", "side"]);
        write(dir, "sprx.toml", "# settings\n");
        commit(dir, 8, "settings");
        same_as_walking(dir, &ids);
        // History rewritten under the index: rebuilt.
        git(dir, &["reset", "-q", "--hard", "HEAD~2"]);
        write(dir, "referrals/2026/00/SP-2026-0002.yaml", "b3");
        commit(dir, 9, "b3 on a rewritten history");
        same_as_walking(dir, &ids);
        // Any byte of any file of the index changed: never a wrong history.
        let index = dir.join(".git/sprx/events");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&index).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let good = std::fs::read(&file).unwrap();
            for at in 0..good.len() {
                let mut bad = good.clone();
                bad[at] ^= 0x01;
                std::fs::write(&file, &bad).unwrap();
                same_as_walking(dir, &ids);
                // (It was rebuilt whole; start again from the good copy.)
                std::fs::create_dir_all(&index).unwrap();
                std::fs::write(&file, &good).unwrap();
            }
        }
    }
}
