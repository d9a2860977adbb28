//! One write to the casebook as one transaction, and the recovery of one
//! that was interrupted. The order, each step checked before the next:
//!
//! 1. the casebook lock (`.git/sprx.lock`), then git's `index.lock`,
//!    created exclusively: while git holds it, the write is refused before
//!    anything is written;
//! 2. the record and the settings are read from HEAD, and a record whose
//!    working file or index entry differs from HEAD is refused;
//! 3. the caller applies the event and validates the whole record;
//! 4. the objects are written, and the write in flight is journalled in
//!    `.git/sprx/journal` (the commit, and each file's blob before and after);
//! 5. the branch is moved by compare-and-swap from the HEAD read in step 2;
//! 6. the commit is read back from disk and the branch must point at it;
//! 7. the working files are written (temp file, fsync, rename, mode 0600),
//!    the index is written into `index.lock` and renamed over git's index,
//!    and the journal is cleared.
//!
//! A write succeeds if and only if its event is on the branch. (When the
//! move failed and the branch cannot be read back either, sprx says it
//! cannot tell, and keeps the journal.) A failure in
//! step 7 still succeeds, with a warning: the next sprx command, read or
//! write, finishes what the journal says is left ([`finish_interrupted`]),
//! bringing each working file and index entry to the committed blob when it
//! still holds the blob from before the event, and never touching one that
//! was changed by hand since.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};

use super::casebook::{Casebook, View};
use super::failpoint;
use super::repo::{Author, BlobId, CommitId, FileChange, Index, Prepared, Touched};
use super::{Result, StoreError};

/// Holds the casebook lock until dropped.
struct CasebookLock {
    _file: File,
}

/// Take the casebook's write lock, waiting for other sprx processes.
fn lock(cb: &Casebook) -> Result<CasebookLock> {
    let path = cb.git_dir().join("sprx.lock");
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
    Ok(CasebookLock { _file: file })
}

/// A write in progress: both locks held, HEAD and its settings read.
pub struct Write<'a> {
    cb: &'a Casebook,
    _lock: CasebookLock,
    index: Index,
    head: Option<View>,
    /// The blob at each path checked untouched, as HEAD holds it.
    committed: Vec<(String, Option<BlobId>)>,
    /// Paths whose index entry is still to be checked against HEAD's blob:
    /// done just before the branch moves, once the index has been read on
    /// the other thread (see [`Write::check_index`]).
    unchecked: Vec<(String, BlobId)>,
    /// Warnings for the command to pass on: what finishing an earlier,
    /// interrupted write said, and files others can read.
    pub notes: Vec<String>,
}

/// How a write ended: its commit, and what is left for the next command
/// when the working files or index could not be brought up to date.
#[derive(Debug)]
pub struct Committed {
    pub commit: CommitId,
    /// The commit it was made on (none for the first).
    pub parent: Option<CommitId>,
    pub unfinished: Option<String>,
}

impl Casebook {
    /// Start a write on top of HEAD (steps 1 and 2).
    pub fn begin(&self) -> Result<Write<'_>> {
        self.begin_on_head(false)
    }

    /// Start a write on top of HEAD that adds a file (a new record): git's
    /// index is read to suit from the start.
    pub fn begin_adding(&self) -> Result<Write<'_>> {
        self.begin_on_head(true)
    }

    fn begin_on_head(&self, adds: bool) -> Result<Write<'_>> {
        let write = self.begin_on_any_head(adds)?;
        if write.head.is_none() {
            return Err(StoreError::NoCommit);
        }
        Ok(write)
    }

    /// Start a write that may make the repository's first commit (and, with
    /// `adds`, adds a file).
    pub fn begin_on_any_head(&self, adds: bool) -> Result<Write<'_>> {
        let lock = lock(self)?;
        // An earlier write left unfinished is finished first, whole — its
        // index written and its journal cleared — or this one does not
        // start: its journal would take the earlier one's place.
        let mut notes = recover(self)?;
        let index = self.repo.lock_index(adds)?;
        failpoint::hit("after-lock");
        notes.extend(self.repository_open_to_others());
        // Files an earlier version of sprx kept beside git's index.
        for old in ["index-spare", "index-state"] {
            let _ = fs::remove_file(self.git_dir().join("sprx").join(old));
        }
        let head = match self.repo.head()? {
            Some(_) => Some(self.head()?),
            None => None,
        };
        Ok(Write {
            cb: self,
            _lock: lock,
            index,
            head,
            committed: Vec::new(),
            unchecked: Vec::new(),
            notes,
        })
    }
}

impl Write<'_> {
    /// The casebook at HEAD, as the write started.
    pub fn head(&self) -> &View {
        self.head.as_ref().expect("begin refuses a casebook with no commit")
    }

    /// The file at `path` in HEAD (`None` if there is none), refused when
    /// its working copy or index entry differ from it (step 2).
    pub fn committed_untouched(&mut self, path: &str) -> Result<Option<Vec<u8>>> {
        let (blob, content) = match &self.head {
            Some(head) => match self.cb.repo.lookup(&head.snapshot, path)? {
                Some(blob) => (Some(blob), Some(self.cb.repo.read(blob, path)?)),
                None => (None, None),
            },
            None => (None, None),
        };
        self.untouched(path, blob)?;
        self.committed.push((path.to_string(), blob));
        Ok(content)
    }

    /// Refuse to touch `path` unless its working file and index entry hold
    /// `committed` (HEAD's blob, or `None` for a file that does not exist
    /// yet).
    fn untouched(&mut self, path: &str, committed: Option<BlobId>) -> Result<()> {
        let full = self.cb.root.join(path);
        let working = match fs::read(&full) {
            Ok(bytes) => Some(BlobId::of(&bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(StoreError::Io { path: full, source }),
        };
        if working.is_some()
            && let Some(mode) = crate::files::readable_by_others(&self.cb.root, &full)
        {
            self.notes.push(format!(
                "{path} could be read by others (mode {mode:o}); sprx writes it back as its owner's alone, and sprx check names any other file others can read"
            ));
        }
        let path = path.to_string();
        match (committed, working) {
            (None, None) if self.index.staged(&path)?.is_none() => Ok(()),
            (None, None) => Err(StoreError::Staged { path }),
            (None, Some(_)) => Err(StoreError::Untracked { path }),
            (Some(_), None) => Err(StoreError::Missing { path }),
            (Some(c), Some(w)) if c == w => {
                self.unchecked.push((path, c));
                Ok(())
            }
            (Some(_), Some(w)) => match self.cb.older_version(&path, w)? {
                Some(commit) => Err(StoreError::Stale {
                    path,
                    commit: commit.short(),
                }),
                None => Err(StoreError::HandEdited { path }),
            },
        }
    }

    /// Refuse a path whose index entry is not HEAD's blob (the rest of
    /// step 2). A refusal here leaves only unreferenced objects behind, if
    /// any were written: nothing happened.
    pub fn check_index(&mut self) -> Result<()> {
        for (path, committed) in std::mem::take(&mut self.unchecked) {
            if self.index.staged(&path)? != Some(committed) {
                return Err(StoreError::Staged { path });
            }
        }
        Ok(())
    }

    /// Make `changes` one commit with `message` and put it on the branch
    /// (steps 4 to 7). Every path must have passed
    /// [`Write::committed_untouched`].
    pub fn commit(mut self, changes: &[FileChange<'_>], message: &str, author: &Author) -> Result<Committed> {
        let cb = self.cb;
        let blob_at = |path: &str| {
            let checked = self.committed.iter().find(|(p, _)| p == path);
            checked.expect("every path is checked untouched first").1
        };
        let head = self.head.as_ref().map(|h| &h.snapshot);
        let prepared = cb.repo.prepare(head, changes, blob_at, message, author)?;
        // Checked now, after the objects: the other thread has been hashing
        // the index meanwhile, and its entries are located here if it has
        // not got to them.
        self.check_index()?;
        let Write { _lock, mut index, .. } = self;
        failpoint::hit("after-objects");
        let journal = Journal::from(&prepared);
        journal.write(cb.git_dir())?;
        failpoint::hit("after-journal");
        let moved = cb.repo.move_branch(&prepared);
        failpoint::hit("after-branch");
        // What counts is where the branch is, read back from disk: a
        // failure can come after it moved (a reference log that could not
        // be written, say). While that cannot be read, the journal stays,
        // so the next command finishes the event if it is there.
        match (moved, cb.repo.on_branch(prepared.commit)) {
            (_, Ok(true)) => {}
            (Ok(()), Ok(false)) => {
                Journal::clear(cb.git_dir());
                return Err(StoreError::BranchMoved);
            }
            (Err(e), Ok(false)) => {
                Journal::clear(cb.git_dir());
                return Err(e);
            }
            (Ok(()), Err(e)) => {
                // git took the move; only the read-back failed.
                return Ok(Committed {
                    commit: prepared.commit,
                    parent: prepared.parent,
                    unfinished: Some(format!(
                        "the event is committed ({}), but reading it back failed ({e}); the working files and git's index are not updated yet, and the next sprx command checks and finishes it",
                        prepared.commit.short()
                    )),
                });
            }
            (Err(e), Err(read)) => {
                return Err(StoreError::Unconfirmed {
                    commit: prepared.commit.short(),
                    detail: format!("{e}; then {read}"),
                });
            }
        }
        failpoint::hit("after-verify");
        let files: Vec<&str> = journal.files.iter().map(|f| f.path.as_str()).collect();
        let files = files.join(", ");
        let left = match finish_files(cb, &journal, &mut index) {
            Err(e) => Some((e, format!("{files} and git's index still hold the version"))),
            Ok(_) => index
                .write()
                .err()
                .map(|e| (e, format!("git's index still holds the version of {files}"))),
        };
        let unfinished = match left {
            None => {
                failpoint::hit("after-index");
                Journal::clear(cb.git_dir());
                drop(_lock);
                super::maintenance::after_write(cb);
                None
            }
            Some((e, left)) => Some(format!(
                "the event is committed ({}), but {e}; {left} from before it, and the next sprx command finishes that (run one, sprx check say, before any git commit)",
                prepared.commit.short()
            )),
        };
        Ok(Committed {
            commit: prepared.commit,
            parent: prepared.parent,
            unfinished,
        })
    }
}

/// Finish a write an earlier sprx command was interrupted in, if the
/// journal holds one, and clear git's `index.lock` if a killed sprx left
/// it. Read commands go on whatever happens (they read commits, not working
/// files); what happened is returned for them to say.
pub fn finish_interrupted(cb: &Casebook) -> Vec<String> {
    let journal = Journal::path(cb.git_dir());
    if !journal.exists() && !cb.git_dir().join("index.lock").exists() {
        return Vec::new();
    }
    let recovered = lock(cb).and_then(|_lock| recover(cb));
    recovered.unwrap_or_else(|e| {
        vec![format!(
            "an interrupted sprx write is not finished yet ({e}); the next sprx command tries again"
        )]
    })
}

/// Under the casebook lock: clear a lock a killed sprx left, and finish the
/// journalled write, if there is one, completely.
fn recover(cb: &Casebook) -> Result<Vec<String>> {
    Index::clear_own_stale_lock(&cb.repo)?;
    let (journal, mut notes) = Journal::read(cb.git_dir())?;
    let Some(journal) = journal else {
        return Ok(notes);
    };
    if let Ok(written) = fs::metadata(Journal::path(cb.git_dir())).and_then(|m| m.modified()) {
        cb.repo.clear_own_stale_branch_locks(&journal.commit, written)?;
    }
    let mut index = cb.repo.lock_index(false)?;
    notes.extend(finish(cb, &journal, &mut index)?);
    index.write()?;
    Journal::clear(cb.git_dir());
    Ok(notes)
}

/// Bring each journalled file's working copy and index entry to the blob
/// committed at HEAD, where they still hold the blob from before the event.
/// Files HEAD no longer holds at that blob — the event never reached the
/// branch, or later commits changed them — are left alone.
fn finish(cb: &Casebook, journal: &Journal, index: &mut Index) -> Result<Vec<String>> {
    let head = cb.repo.snapshot(&super::Pick::Head)?;
    let mut on_head = Journal {
        commit: journal.commit.clone(),
        files: Vec::new(),
    };
    for file in &journal.files {
        if cb.repo.lookup(&head, &file.path)? == file.new {
            on_head.files.push(file.clone());
        }
    }
    finish_files(cb, &on_head, index)
}

/// Step 7 for files whose new blob is on the branch: each working copy and
/// index entry that still holds the blob from before is brought to it.
fn finish_files(cb: &Casebook, journal: &Journal, index: &mut Index) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    let mut staged = Vec::new();
    for file in &journal.files {
        let full = cb.root.join(&file.path);
        let mut working = match fs::read(&full) {
            Ok(bytes) => Some(BlobId::of(&bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(StoreError::Io { path: full, source }),
        };
        if working == file.old && working != file.new {
            match file.new {
                Some(blob) => write_record(&full, &cb.repo.read(blob, &file.path)?)?,
                None => fs::remove_file(&full).map_err(|source| StoreError::Io {
                    path: full.clone(),
                    source,
                })?,
            }
            working = file.new;
        } else if working != file.new {
            notes.push(format!(
                "{} was changed by hand after an interrupted sprx write; it was left as it is (sprx check shows it)",
                file.path
            ));
        }
        staged.push((file, working == file.new));
    }
    failpoint::hit("after-rename");
    for (file, file_current) in staged {
        if index.staged(&file.path)? == file.old && file.old != file.new {
            let stat = file_current.then(|| cb.root.join(&file.path));
            index.stage(&file.path, file.new, stat.as_deref())?;
        }
    }
    Ok(notes)
}

/// The write in flight, kept in `.git/sprx/journal` from before the branch
/// moves until the working files and index are up to date.
#[derive(Debug, PartialEq)]
struct Journal {
    commit: String,
    files: Vec<Touched>,
}

const JOURNAL_HEADER: &str = "sprx journal v1";

impl Journal {
    fn from(prepared: &Prepared) -> Journal {
        Journal {
            commit: prepared.commit.to_string(),
            files: prepared.files.clone(),
        }
    }

    fn path(git_dir: &Path) -> PathBuf {
        git_dir.join("sprx").join("journal")
    }

    fn text(&self) -> String {
        let id = |b: &Option<BlobId>| b.map_or_else(|| "-".to_string(), |b| b.to_string());
        let mut text = format!("{JOURNAL_HEADER}\ncommit {}\n", self.commit);
        for f in &self.files {
            text += &format!("file {} {} {}\n", id(&f.old), id(&f.new), f.path);
        }
        text += &format!("check {:08x}\n", crc32fast::hash(text.as_bytes()));
        text
    }

    /// Write the journal (temp file and rename; not forced to disk, like
    /// git's own objects and references: it guards against sprx stopping,
    /// and a file forced to disk costs milliseconds to delete after a large
    /// index is written).
    fn write(&self, git_dir: &Path) -> Result<()> {
        let path = Journal::path(git_dir);
        if let Some(source) = failpoint::disk_full("journal") {
            return Err(StoreError::Io { path, source });
        }
        crate::files::write_privately(&path, self.text().as_bytes(), false, || {}).map_err(super::repo::io_error(&path))
    }

    /// The journal, if there is one. One that is damaged is set aside
    /// (`journal.damaged`), with a note saying so: it cannot be trusted to
    /// say what to finish.
    fn read(git_dir: &Path) -> Result<(Option<Journal>, Vec<String>)> {
        let path = Journal::path(git_dir);
        let text = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, Vec::new())),
            Err(source) => return Err(StoreError::Io { path, source }),
        };
        if let Some(journal) = Journal::parse(&String::from_utf8_lossy(&text)) {
            return Ok((Some(journal), Vec::new()));
        }
        let aside = path.with_file_name("journal.damaged");
        fs::rename(&path, &aside).map_err(|source| StoreError::Io { path, source })?;
        let note = format!(
            "the record of an interrupted sprx write was damaged and is set aside in {}; sprx check shows any file it left out of date",
            aside.display()
        );
        Ok((None, vec![note]))
    }

    fn parse(text: &str) -> Option<Journal> {
        let (body, check) = text.strip_suffix('\n')?.rsplit_once('\n')?;
        let body = format!("{body}\n");
        if check != format!("check {:08x}", crc32fast::hash(body.as_bytes())) {
            return None;
        }
        let mut lines = body.lines();
        if lines.next()? != JOURNAL_HEADER {
            return None;
        }
        let commit = lines.next()?.strip_prefix("commit ")?.to_string();
        let id = |s: &str| match s {
            "-" => Some(None),
            hex => hex.parse().ok().map(Some),
        };
        let mut files = Vec::new();
        for line in lines {
            let mut parts = line.strip_prefix("file ")?.splitn(3, ' ');
            let (old, new, path) = (id(parts.next()?)?, id(parts.next()?)?, parts.next()?);
            if !safe_path(path) {
                return None;
            }
            files.push(Touched {
                path: path.to_string(),
                old,
                new,
            });
        }
        Some(Journal { commit, files })
    }

    fn clear(git_dir: &Path) {
        let _ = fs::remove_file(Journal::path(git_dir));
    }
}

/// Whether `path` stays inside the working tree and out of `.git`.
fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && part != ".git")
}

/// Write a record file by temp file, fsync and rename, readable by its
/// owner only (the `after-temp-file` failpoint sits before the rename).
fn write_record(path: &Path, content: &[u8]) -> Result<()> {
    if let Some(source) = failpoint::disk_full("file") {
        return Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        });
    }
    crate::files::write_privately(path, content, true, || failpoint::hit("after-temp-file"))
        .map_err(super::repo::io_error(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal() -> Journal {
        Journal {
            commit: "0123456789012345678901234567890123456789".into(),
            files: vec![
                Touched {
                    path: "referrals/2026/SP-2026-0001.yaml".into(),
                    old: Some(BlobId::of(b"a")),
                    new: Some(BlobId::of(b"b")),
                },
                Touched {
                    path: "services/a b.yaml".into(),
                    old: None,
                    new: Some(BlobId::of(b"c")),
                },
            ],
        }
    }

    #[test]
    fn a_journal_reads_back_as_written() {
        let j = journal();
        assert_eq!(Journal::parse(&j.text()), Some(j));
    }

    #[test]
    fn a_journal_with_any_byte_changed_is_not_trusted() {
        let text = journal().text().into_bytes();
        for at in 0..text.len() {
            for flip in [0x01u8, 0x20, 0x80] {
                let mut damaged = text.clone();
                damaged[at] ^= flip;
                let parsed = Journal::parse(&String::from_utf8_lossy(&damaged));
                assert_eq!(parsed, None, "byte {at} ^ {flip:#x} was trusted");
            }
        }
    }

    #[test]
    fn journal_paths_stay_in_the_working_tree() {
        for bad in ["../x", "/etc/passwd", "a/../../x", ".git/config", "a//b", ""] {
            assert!(!safe_path(bad), "{bad}");
        }
        assert!(safe_path("referrals/2026/SP-2026-0001.yaml"));
    }
}
