//! A derived index of the commits that changed each referral, so `history`
//! reads a few lines instead of walking every commit (a casebook with one
//! commit per event has about eight a referral: 765,000 at 100,000).
//!
//! In `.git/sprx/events/` (see [`super::derived`]): a file per year, one
//! line per commit and referral of that year it changed (`<commit> <id>`),
//! oldest first. Each use brings it up to HEAD by walking only the commits
//! since its tip, and sprx's own writes add their line as they commit; when
//! the tip is no longer an ancestor of HEAD (history was rewritten:
//! erasure, a reset) or any line read is damaged, it is rebuilt from the
//! whole history. A commit counts for a referral when the record (at its
//! place, or its former one) differs from every parent — as the plain walk
//! in the tests finds it.

use std::path::Path;

use super::derived::Derived;
use super::record_at;
use crate::model::referral::ReferralId;
use crate::store::Result;
use crate::store::repo::{Change, CommitId, Repo};

fn index(git_dir: &Path) -> Derived {
    Derived::at(git_dir, "events")
}

/// The commits that changed `id`, oldest first (in the order the walk
/// found them, newest first, reversed: parents before children whatever
/// their clocks say).
pub(crate) fn history(repo: &Repo, git_dir: &Path, id: &ReferralId) -> Result<Vec<Change>> {
    let index = index(git_dir);
    let commits = match bring_up_to_head(repo, &index).and_then(|()| commits_of(&index, id)) {
        Some(commits) => commits,
        // Damaged, or could not be written: rebuilt from the whole history.
        None => {
            index.clear();
            match bring_up_to_head(repo, &index).and_then(|()| commits_of(&index, id)) {
                Some(commits) => commits,
                None => return walked(repo, id),
            }
        }
    };
    commits.into_iter().map(|c| repo.change(c)).collect()
}

/// The history of `id` from a whole walk, when the index cannot be written.
fn walked(repo: &Repo, id: &ReferralId) -> Result<Vec<Change>> {
    let (changes, _) = repo.for_walking().changes_since("referrals", None)?;
    let mut out: Vec<Change> = changes
        .into_iter()
        .filter(|(_, paths)| paths.iter().any(|p| record_at(p) == Some(id.clone())))
        .map(|(change, _)| change)
        .collect();
    out.reverse();
    Ok(out)
}

/// The line for `id` changed in `commit`, in its year's file.
fn line(commit: CommitId, id: ReferralId) -> (String, String) {
    (id.year().to_string(), format!("{commit} {id}"))
}

/// Bring the index up to HEAD; `None` when it could not be read or written.
fn bring_up_to_head(repo: &Repo, index: &Derived) -> Option<()> {
    let tip = index.tip();
    let head = repo.head().ok()??;
    if tip == Some(head) {
        return Some(());
    }
    let (changes, whole) = repo.for_walking().changes_since("referrals", tip).ok()?;
    if whole {
        index.clear();
    }
    let lines = changes.iter().rev().flat_map(|(change, paths)| {
        let mut ids: Vec<ReferralId> = paths.iter().filter_map(|p| record_at(p)).collect();
        ids.dedup();
        ids.into_iter().map(|id| line(change.commit, id))
    });
    index.add(lines, head)
}

/// Keep the index up to date after sprx's own commit `commit` on top of
/// `parent`, which changed `paths`: when the index was up to `parent`, the
/// commit's lines are added and it is up to `commit`; otherwise the next
/// `history` walks what it lacks.
pub(crate) fn after_commit(git_dir: &Path, parent: Option<CommitId>, commit: CommitId, paths: &[&str]) {
    let index = index(git_dir);
    if parent.is_none() || index.tip() != parent {
        return;
    }
    let lines = paths.iter().filter_map(|p| record_at(p)).map(|id| line(commit, id));
    let _ = index.add(lines, commit);
}

/// The commits the index lists for `id`, each once, in order; `None` when
/// any line of its year's file is damaged.
fn commits_of(index: &Derived, id: &ReferralId) -> Option<Vec<CommitId>> {
    let wanted = id.to_string();
    let mut out = Vec::new();
    for line in index.lines(&id.year().to_string())? {
        let (commit, who) = line.split_once(' ')?;
        if who == wanted {
            let commit: CommitId = commit.parse().ok()?;
            if !out.contains(&commit) {
                out.push(commit);
            }
        }
    }
    Some(out)
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
        // A record made executable, its content the same: not an event.
        git(
            dir,
            &["update-index", "--chmod=+x", "referrals/2026/00/SP-2026-0002.yaml"],
        );
        git(dir, &["commit", "-q", "-m", "mode only"]);
        same_as_walking(dir, &ids);
        // History rewritten under the index: rebuilt.
        git(dir, &["reset", "-q", "--hard", "HEAD~2"]);
        write(dir, "referrals/2026/00/SP-2026-0002.yaml", "b3");
        commit(dir, 9, "b3 on a rewritten history");
        same_as_walking(dir, &ids);
        // Any byte of any file of the index changed: never a wrong history.
        let index = dir.join(".git/sprx/events");
        let mut files: Vec<std::path::PathBuf> =
            std::fs::read_dir(&index).unwrap().map(|e| e.unwrap().path()).collect();
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
