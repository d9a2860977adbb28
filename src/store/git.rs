//! Writing to the casebook, one event at a time, and reading its history.
//!
//! The write order, under the casebook lock (`.git/sprx.lock`):
//!
//! 1. read the record from the HEAD tree and refuse if its working-tree file
//!    (or index entry) differs from HEAD, so a hand edit is never overwritten;
//! 2. apply the domain change and serialise it;
//! 3. write the blob and build the new tree from HEAD's, swapping the one id
//!    in the raw folder trees (`raw_tree`), or with `TreeUpdateBuilder` for
//!    a new file (cost independent of casebook size);
//! 4. commit with HEAD as parent, moving the branch;
//! 5. write the working file atomically (temp file, fsync, rename; mode 0600);
//! 6. update that one index entry under git's `index.lock`, writing only the
//!    bytes that change (`index`), so `git status` stays clean.
//!
//! A crash before step 4 leaves only an unreferenced blob: nothing happened.
//! A crash after step 4 leaves the event committed but the working file and
//! index one event behind; the next write to that record says so and how to
//! bring the file up to date (`git checkout HEAD -- PATH`), and nothing
//! committed is ever lost. A crash during step 6 also leaves `index.lock`
//! behind, as an interrupted git command does; sprx says to delete it.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use git2::build::TreeUpdateBuilder;
use git2::{Commit, FileMode, Oid, Repository, Signature, Sort, Time};

use super::casebook::{Casebook, entry_id};
use super::failpoint;
use super::index::Staging;
use super::{Result, StoreError};

/// Holds the casebook lock until dropped.
pub struct CasebookLock {
    _file: File,
}

/// Take the casebook's write lock, waiting for other sprx processes.
pub fn lock(repo: &Repository) -> Result<CasebookLock> {
    let path = repo.path().join("sprx.lock");
    let io = |source| StoreError::Io {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    file.lock().map_err(io)?;
    failpoint::hit("after-lock");
    Ok(CasebookLock { _file: file })
}

/// The commit author: `[worker]`, else GIT_AUTHOR_NAME/EMAIL, else git config.
pub fn author(cb: &Casebook, when: DateTime<FixedOffset>) -> Result<Signature<'static>> {
    author_for(
        &cb.repo,
        cb.settings.worker.as_ref().map(|w| (w.name.as_str(), w.email.as_str())),
        when,
    )
}

pub fn author_for(
    repo: &Repository,
    worker: Option<(&str, &str)>,
    when: DateTime<FixedOffset>,
) -> Result<Signature<'static>> {
    let time = Time::new(when.timestamp(), when.offset().local_minus_utc() / 60);
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let config = repo.config().ok();
    let from_config = |k: &str| {
        config
            .as_ref()
            .and_then(|c| c.get_string(k).ok())
            .filter(|v| !v.is_empty())
    };
    let name = worker
        .map(|w| w.0.to_string())
        .or_else(|| env("GIT_AUTHOR_NAME"))
        .or_else(|| from_config("user.name"));
    let email = worker
        .map(|w| w.1.to_string())
        .or_else(|| env("GIT_AUTHOR_EMAIL"))
        .or_else(|| from_config("user.email"));
    match (name, email) {
        (Some(n), Some(e)) => Ok(Signature::new(&n, &e, &time)?),
        _ => Err(StoreError::NoAuthor),
    }
}

/// Refuse to touch `path` unless its working file and index entry match
/// `committed` (the HEAD blob, or `None` for a file that does not exist yet).
/// The blob at `path` in `head`'s first parent matters when they differ: a
/// working file and index entry that both still hold it are what an
/// interrupted write leaves behind, and are reported as such rather than as
/// a hand edit.
pub fn ensure_untouched(
    root: &Path,
    staging: &Staging,
    path: &str,
    committed: Option<&[u8]>,
    head: Option<&Commit<'_>>,
) -> Result<()> {
    // Only looked up when the files differ from HEAD: it reads another tree.
    let previous = || head.and_then(|h| previous_version(h, path));
    let full = root.join(path);
    let working = match fs::read(&full) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(StoreError::Io { path: full, source }),
    };
    let staged = staging.staged(path);
    let committed_id = committed
        .map(|c| Oid::hash_object(git2::ObjectType::Blob, c))
        .transpose()?;
    let path = path.to_string();
    match (committed, working) {
        (None, None) if staged.is_none() => Ok(()),
        (None, _) => Err(StoreError::Untracked { path }),
        (Some(_), None) => Err(StoreError::Missing { path }),
        (Some(c), Some(w)) if c == w.as_slice() => {
            // An index entry still on the previous version is what a write
            // interrupted before its last step leaves; this write updates it.
            if staged == committed_id || (staged.is_some() && staged == previous()) {
                Ok(())
            } else {
                Err(StoreError::HandEdited { path })
            }
        }
        (Some(_), Some(w)) => {
            let working_id = Oid::hash_object(git2::ObjectType::Blob, &w)?;
            if previous() == Some(working_id) && staged == Some(working_id) {
                Err(StoreError::Stale { path })
            } else {
                Err(StoreError::HandEdited { path })
            }
        }
    }
}

/// Commit `files` (path, content) on top of `parent` as one commit and bring
/// their working files and index entries up to date (steps 3–6 of the write
/// order).
pub fn commit_files(
    repo: &Repository,
    root: &Path,
    staging: Staging,
    parent: Option<&Commit<'_>>,
    files: &[(&str, &[u8])],
    message: &str,
    author: &Signature<'_>,
) -> Result<Oid> {
    commit_change(repo, root, staging, parent, files, &[], message, author)
}

/// Like `commit_files`, and also remove the files at `removed` (a record
/// moving to a new ID).
#[allow(clippy::too_many_arguments)]
pub fn commit_change(
    repo: &Repository,
    root: &Path,
    staging: Staging,
    parent: Option<&Commit<'_>>,
    files: &[(&str, &[u8])],
    removed: &[&str],
    message: &str,
    author: &Signature<'_>,
) -> Result<Oid> {
    if let Some(source) = failpoint::disk_full() {
        return Err(StoreError::Io {
            path: repo.path().join("objects"),
            source,
        });
    }
    let mut update = TreeUpdateBuilder::new();
    let mut written = Vec::with_capacity(files.len());
    for (path, content) in files {
        let blob = repo.blob(content)?;
        update.upsert(*path, blob, FileMode::Blob);
        written.push((*path, blob));
    }
    for path in removed {
        update.remove(*path);
    }
    failpoint::hit("after-blob");
    let base = match parent {
        Some(p) => p.tree()?,
        None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
    };
    // The usual event changes one existing record: swap its id in place.
    let replaced = match (files, removed, written.as_slice()) {
        ([_], [], [(path, blob)]) => super::raw_tree::replace_blob(repo, &base, path, *blob)?,
        _ => None,
    };
    let tree = match replaced {
        Some(tree) => repo.find_tree(tree)?,
        None => repo.find_tree(update.create_updated(repo, &base)?)?,
    };
    failpoint::hit("after-tree");
    let parents: Vec<&Commit<'_>> = parent.into_iter().collect();
    let commit = repo.commit(Some("HEAD"), author, author, message, &tree, &parents)?;
    failpoint::hit("after-commit");
    for (path, content) in files {
        write_atomically(&root.join(path), content)?;
    }
    for path in removed {
        match fs::remove_file(root.join(path)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(StoreError::Io {
                    path: root.join(path),
                    source: e,
                });
            }
            _ => {}
        }
    }
    staging.update(repo, root, &written, removed)?;
    Ok(commit)
}

/// Write a file by temp file and rename, readable by its owner only. The
/// temp file is `.NAME.tmp` beside it: records are written under the
/// casebook lock (and an edit's kept text has a name of its own), so one
/// left there was left by an interrupted write, and is replaced.
pub fn write_atomically(path: &Path, content: &[u8]) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().expect("record paths have a folder");
    fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("record");
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        // create_new, so a stale file's looser permissions are never kept.
        let mut file = match options.open(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                fs::remove_file(&tmp)?;
                options.open(&tmp)?
            }
            opened => opened?,
        };
        file.write_all(content)?;
        file.sync_all()?;
        failpoint::hit("after-temp-file");
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Whether `file_name` is a temp file `write_atomically` left for `name`.
pub fn is_temp_file_for(file_name: &str, name: &str) -> bool {
    file_name
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(name))
        .is_some_and(|r| r.starts_with('.') && r.ends_with(".tmp"))
}

/// One commit that changed a file.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Change {
    pub date: DateTime<FixedOffset>,
    pub commit: String,
    pub event: String,
}

/// When a commit was made, in the time zone it was made in.
pub fn commit_time(commit: &Commit<'_>) -> DateTime<FixedOffset> {
    let t = commit.time();
    let utc = FixedOffset::east_opt(0).expect("UTC is a valid offset");
    let offset = FixedOffset::east_opt(t.offset_minutes() * 60).unwrap_or(utc);
    DateTime::from_timestamp(t.seconds(), 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// The blob id at `path` in `commit`'s first parent, if any.
pub fn previous_version(commit: &Commit<'_>, path: &str) -> Option<Oid> {
    commit
        .parent(0)
        .ok()
        .and_then(|p| p.tree().ok())
        .and_then(|t| entry_id(&t, path))
}

/// The commits reachable from HEAD that changed `path`, oldest first.
pub fn history(repo: &Repository, path: &str) -> Result<Vec<Change>> {
    let mut walk = repo.revwalk()?;
    walk.push_head()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)?;
    let mut out = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let now = entry_id(&commit.tree()?, path);
        let changed = if commit.parent_count() == 0 {
            now.is_some()
        } else {
            commit
                .parents()
                .all(|p| p.tree().ok().and_then(|t| entry_id(&t, path)) != now)
        };
        if changed {
            out.push(Change {
                date: commit_time(&commit),
                commit: commit.id().to_string()[..10].to_string(),
                event: commit.summary().ok().flatten().unwrap_or("").to_string(),
            });
        }
    }
    Ok(out)
}
