//! The one place sprx speaks git, through gitoxide. Everything else talks
//! about referrals, views and blobs; this module turns that into git:
//!
//! 1. open a view of the casebook: HEAD, as of a day, or at a revision;
//! 2. look up the blob at a path;
//! 3. walk the blobs under a folder;
//! 4. read blobs, on as many threads as the caller likes ([`BlobReader`]);
//! 5. write one change as a commit, without moving the branch;
//! 6. move the branch to it only if it still points where the change
//!    started (compare and swap), and read both back from disk;
//! 7. stage entries in git's index, under `index.lock` ([`Index`]);
//! 8. the history of a path.
//!
//! No git type leaves this module: objects are named by [`BlobId`] and
//! [`CommitId`]. Errors become [`StoreError`]s that say what to do.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use gix::bstr::ByteSlice;
use gix::prelude::*;

use super::raw_index::{RawIndex, Reading, Split};
use super::{Cause, Result, StoreError, failpoint};
use crate::yaml::MAX_RECORD_BYTES;

/// A blob: the content of one file at one time. Equal ids, equal content.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct BlobId(gix::ObjectId);

impl BlobId {
    /// The id git gives `content` as a file.
    pub fn of(content: &[u8]) -> BlobId {
        let id = gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, content)
            .expect("hashing memory cannot fail");
        BlobId(id)
    }

    /// The id's bytes (for hashing it into a table).
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for BlobId {
    type Err = ();
    fn from_str(hex: &str) -> std::result::Result<BlobId, ()> {
        match gix::ObjectId::from_hex(hex.as_bytes()) {
            Ok(id) if id.kind() == gix::hash::Kind::Sha1 => Ok(BlobId(id)),
            _ => Err(()),
        }
    }
}

/// A commit.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct CommitId(gix::ObjectId);

impl CommitId {
    /// The first ten digits, for footers and messages.
    pub fn short(&self) -> String {
        self.0.to_hex_with_len(10).to_string()
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for CommitId {
    type Err = ();
    fn from_str(hex: &str) -> std::result::Result<CommitId, ()> {
        BlobId::from_str(hex).map(|b| CommitId(b.0))
    }
}

/// Which committed state a read uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Pick {
    #[default]
    Head,
    /// The newest commit made on or before the end of this day (in `tz`).
    AsOf(NaiveDate, FixedOffset),
    /// A git revision: a commit id, branch, tag or `HEAD~3`.
    At(String),
}

/// One commit chosen for reading, and its tree.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub commit: CommitId,
    pub time: DateTime<FixedOffset>,
    tree: gix::ObjectId,
}

/// Who makes a commit, and when.
#[derive(Debug, Clone)]
pub struct Author {
    pub name: String,
    pub email: String,
    pub when: DateTime<FixedOffset>,
}

/// One file a change writes (`Some` content) or removes (`None`).
pub struct FileChange<'a> {
    pub path: &'a str,
    pub content: Option<&'a [u8]>,
}

impl<'a> FileChange<'a> {
    /// Files written with these texts.
    pub fn writes(files: &'a [(String, String)]) -> Vec<FileChange<'a>> {
        files
            .iter()
            .map(|(path, text)| FileChange {
                path,
                content: Some(text.as_bytes()),
            })
            .collect()
    }
}

/// What a change did to one file: its blob before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Touched {
    pub path: String,
    pub old: Option<BlobId>,
    pub new: Option<BlobId>,
}

/// A commit written to the object store but not yet on the branch.
#[derive(Debug)]
pub struct Prepared {
    pub commit: CommitId,
    /// What the branch pointed at when the change started.
    pub parent: Option<CommitId>,
    pub files: Vec<Touched>,
    message: String,
    author: Author,
}

/// One commit that changed a path.
#[derive(Debug, Clone)]
pub struct Change {
    pub date: DateTime<FixedOffset>,
    pub commit: CommitId,
    pub event: String,
}

/// An open git repository with a working tree.
pub struct Repo {
    repo: gix::Repository,
    shared: gix::ThreadSafeRepository,
}

/// sprx's own writes of loose objects are stored without compression:
/// compressing a year's folder tree (373 KB at 10,000 referrals) was a
/// fifth of an event's time. git compresses them when it packs.
const OVERRIDES: [&str; 1] = ["core.looseCompression=0"];

fn git(what: impl Into<String>) -> impl FnOnce(gix::Error) -> StoreError {
    let what = what.into();
    move |e| StoreError::git(what, &e)
}

impl StoreError {
    /// A failure inside git, classified by what can be done about it.
    fn git(what: String, e: &gix::Error) -> StoreError {
        let io = e.iter_errors().find_map(|e| e.downcast_ref::<std::io::Error>());
        let cause = match io.map(|io| io.kind()) {
            Some(std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) => Cause::DiskFull,
            Some(std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem) => Cause::Permission,
            _ if e.is_resource_exhausted() => Cause::DiskFull,
            _ if e.is_permission_denied() => Cause::Permission,
            _ => Cause::Damaged,
        };
        let detail = match io {
            Some(io) => format!("{e} ({io})"),
            None => e.to_string(),
        };
        StoreError::Git { what, detail, cause }
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Repo {
    /// Open the repository whose working tree is at `root`, refusing what
    /// sprx cannot write safely (see [`Repo::refuse_unsupported`]).
    pub fn open(root: &Path) -> Result<Repo> {
        let options = gix::open::Options::default().config_overrides(OVERRIDES);
        let repo = match gix::open_opts(root, options) {
            Ok(repo) => repo,
            Err(e) => {
                if sha256_config(root) {
                    return Err(StoreError::Sha256);
                }
                return Err(StoreError::NoRepository {
                    path: root.to_path_buf(),
                    detail: e.to_string(),
                });
            }
        };
        let repo = Repo::from(repo);
        repo.refuse_unsupported()?;
        Ok(repo)
    }

    /// Open the repository at `dir`, or make one; either way made the
    /// owner's alone, with settings that keep it so (`init`).
    pub fn init(dir: &Path) -> Result<Repo> {
        if sha256_config(dir) {
            return Err(StoreError::Sha256);
        }
        if gix::open_opts(dir, gix::open::Options::isolated()).is_err() {
            let repo = gix::init(dir).map_err(git("make a git repository"))?;
            // gitoxide names the first branch `main`; git, unless told
            // otherwise (init.defaultBranch), `master`. Do as git does, so
            // a remote made with `git init --bare` matches.
            if repo.config_snapshot().string("init.defaultBranch").is_none() {
                use gix::refs::transaction::{PreviousValue, RefEdit};
                let master: gix::refs::FullName = "refs/heads/master".try_into().expect("a valid name");
                let head = "HEAD".try_into().expect("a valid name");
                repo.edit_reference(RefEdit::update(head, master, PreviousValue::Any, ""))
                    .map_err(git("name the first branch"))?;
            }
        }
        let repo = Repo::open(dir)?;
        let config = repo.git_dir().join("config");
        let mut file = gix::config::File::from_path_no_includes(config.clone(), gix::config::Source::Local)
            .map_err(git("read .git/config"))?;
        for (key, value) in [("core.sharedRepository", "0600"), ("index.skipHash", "true")] {
            file.set_raw_value(key, value).map_err(git(format!("set {key}")))?;
        }
        let mut text = Vec::new();
        file.write_to(&mut text).map_err(io_error(&config))?;
        super::transaction::write_atomically(&config, &text)?;
        make_private(repo.git_dir())?;
        Repo::open(dir)
    }

    fn from(mut repo: gix::Repository) -> Repo {
        let shared = repo.clone().into_sync();
        // A write reads its year's folder tree (373 KB at 10,000 referrals)
        // several times: keep what was read.
        repo.object_cache_size(Some(8 << 20));
        Repo { repo, shared }
    }

    /// Refuse a repository whose index or layout sprx would damage, with
    /// the command that leaves that state.
    fn refuse_unsupported(&self) -> Result<()> {
        if self.repo.object_hash() != gix::hash::Kind::Sha1 {
            return Err(StoreError::Sha256);
        }
        if self.repo.workdir().is_none() {
            return Err(StoreError::NoRepository {
                path: self.git_dir().to_path_buf(),
                detail: "it is a bare repository, with no working tree".into(),
            });
        }
        let config = self.repo.config_snapshot();
        if config.boolean("core.sparseCheckout") == Some(true) {
            return Err(StoreError::SparseCheckout);
        }
        Ok(())
    }

    pub fn git_dir(&self) -> &Path {
        self.repo.git_dir()
    }

    /// The root of the working tree.
    pub fn workdir(&self) -> &Path {
        self.repo.workdir().expect("checked when opened")
    }

    /// A string from git's configuration, if set and not empty.
    pub fn config(&self, key: &str) -> Option<String> {
        let value = self.repo.config_snapshot().string(key)?;
        Some(value.to_str_lossy().into_owned()).filter(|v| !v.is_empty())
    }

    /// With `core.sharedRepository` giving others no access (`0600`, as
    /// `sprx init` sets), make the objects this process writes owner-only
    /// as git's own are (0400, in folders of 0700): gitoxide does not read
    /// the setting, so the process's umask does it.
    fn keep_new_objects_private(&self) {
        let private = self
            .config("core.sharedRepository")
            .and_then(|v| u32::from_str_radix(&v, 8).ok())
            .is_some_and(|mode| mode & 0o077 == 0);
        #[cfg(target_os = "linux")]
        if private {
            rustix::process::umask(rustix::fs::Mode::from_bits_truncate(0o077));
        }
        #[cfg(not(target_os = "linux"))]
        let _ = private;
    }

    /// The commit the branch points at (read from disk now), or `None`
    /// before the first commit.
    pub fn head(&self) -> Result<Option<CommitId>> {
        let head = self.repo.head().map_err(git("read HEAD"))?;
        Ok(head.id().map(|id| CommitId(id.detach())))
    }

    /// The commit `pick` names, with its tree.
    pub fn snapshot(&self, pick: &Pick) -> Result<Snapshot> {
        let id = match pick {
            Pick::Head => self.head()?.ok_or(StoreError::NoCommit)?.0,
            Pick::At(rev) => self
                .repo
                .rev_parse_single(rev.as_str())
                .ok()
                .and_then(|id| id.object().ok()?.peel_to_commit().ok())
                .map(|c| c.id)
                .ok_or_else(|| StoreError::NoSuchRevision(rev.clone()))?,
            Pick::AsOf(day, tz) => {
                let end = day
                    .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("end of day"))
                    .and_local_timezone(*tz)
                    .single()
                    .map_or(i64::MAX, |t| t.timestamp());
                let head = self.head()?.ok_or(StoreError::NoCommit)?;
                let order = gix::revision::walk::Sorting::ByCommitTime(Default::default());
                let walk = self.repo.rev_walk([head.0]).sorting(order);
                let mut found = None;
                for info in walk.all().map_err(git("walk the history"))? {
                    let info = info.map_err(git("walk the history"))?;
                    let time = info.commit_time.unwrap_or(i64::MAX);
                    if time <= end {
                        found = Some(info.id);
                        break;
                    }
                }
                found.ok_or(StoreError::NothingAsOf(*day))?
            }
        };
        self.snapshot_of(id)
    }

    fn snapshot_of(&self, id: gix::ObjectId) -> Result<Snapshot> {
        let commit = self.repo.find_commit(id).map_err(git(format!("read commit {id}")))?;
        let tree = commit.tree_id().map_err(git(format!("read commit {id}")))?.detach();
        let time = commit.time().map_err(git(format!("read commit {id}")))?;
        Ok(Snapshot {
            commit: CommitId(id),
            time: to_chrono(time),
            tree,
        })
    }

    /// The blob at `path` in the snapshot, if there is a file there.
    pub fn lookup(&self, snapshot: &Snapshot, path: &str) -> Result<Option<BlobId>> {
        let mut buf = Vec::new();
        let mut tree = snapshot.tree;
        let mut parts = path.split('/').peekable();
        while let Some(name) = parts.next() {
            let data = self
                .repo
                .objects
                .find_tree_iter(&tree, &mut buf)
                .map_err(git(format!("read the folder holding {path}")))?;
            let entry = data
                .filter_map(|e| e.ok())
                .find(|e| e.filename == name.as_bytes().as_bstr());
            let Some(entry) = entry else { return Ok(None) };
            let last = parts.peek().is_none();
            match (last, entry.mode.is_blob(), entry.mode.is_tree()) {
                (true, true, _) => return Ok(Some(BlobId(entry.oid.to_owned()))),
                (false, _, true) => tree = entry.oid.to_owned(),
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Call `each` with (path below `dir`, blob) for every file under the
    /// folder `dir` in the snapshot, folders in git's order.
    pub fn walk(&self, snapshot: &Snapshot, dir: &str, each: &mut dyn FnMut(&str, BlobId)) -> Result<()> {
        let Some(tree) = self.folder(snapshot, dir)? else {
            return Ok(());
        };
        let mut path = String::new();
        self.walk_tree(tree, &mut path, each)
    }

    fn folder(&self, snapshot: &Snapshot, dir: &str) -> Result<Option<gix::ObjectId>> {
        let tree = self
            .repo
            .find_tree(snapshot.tree)
            .map_err(git(format!("read commit {}", snapshot.commit)))?;
        let entry = tree
            .lookup_entry_by_path(dir)
            .map_err(git(format!("read the folder {dir}")))?;
        Ok(entry.filter(|e| e.mode().is_tree()).map(|e| e.object_id()))
    }

    fn walk_tree(&self, tree: gix::ObjectId, path: &mut String, each: &mut dyn FnMut(&str, BlobId)) -> Result<()> {
        let mut buf = Vec::new();
        let entries = self
            .repo
            .objects
            .find_tree_iter(&tree, &mut buf)
            .map_err(git(format!("read the folder {path}")))?;
        let mut folders = Vec::new();
        for entry in entries {
            let entry = entry.map_err(git(format!("read the folder {path}")))?;
            let Ok(name) = entry.filename.to_str() else { continue };
            if entry.mode.is_blob() {
                let len = path.len();
                path.push_str(name);
                each(path, BlobId(entry.oid.to_owned()));
                path.truncate(len);
            } else if entry.mode.is_tree() {
                folders.push((name.to_string(), entry.oid.to_owned()));
            }
        }
        for (name, id) in folders {
            let len = path.len();
            path.push_str(&name);
            path.push('/');
            self.walk_tree(id, path, each)?;
            path.truncate(len);
        }
        Ok(())
    }

    /// The content of the record blob `id` (the file at `path`, for
    /// messages), refused when it is over the size limit.
    pub fn read(&self, id: BlobId, path: &str) -> Result<Vec<u8>> {
        read_blob(&self.repo, id, path)
    }

    /// A reader of blobs for another thread.
    pub fn reader(&self) -> BlobReader {
        BlobReader {
            repo: self.shared.clone(),
        }
    }

    /// Write `changes` on top of `parent` as one commit, and return it
    /// without moving the branch.
    /// `committed` gives the blob each changed path holds in `parent`, as
    /// the caller already looked it up.
    pub fn prepare(
        &self,
        parent: Option<&Snapshot>,
        changes: &[FileChange<'_>],
        committed: impl Fn(&str) -> Option<BlobId>,
        message: &str,
        author: &Author,
    ) -> Result<Prepared> {
        if let Some(source) = failpoint::disk_full("objects") {
            return Err(StoreError::Io {
                path: self.git_dir().join("objects"),
                source,
            });
        }
        self.keep_new_objects_private();
        let mut files = Vec::with_capacity(changes.len());
        for change in changes {
            let old = committed(change.path);
            let new = match change.content {
                Some(content) => Some(BlobId(
                    self.repo
                        .write_blob(content)
                        .map_err(git(format!("store {}", change.path)))?
                        .detach(),
                )),
                None => None,
            };
            files.push(Touched {
                path: change.path.to_string(),
                old,
                new,
            });
        }
        // The usual event changes one existing record: its blob is swapped
        // in each folder on its path, leaving the rest of each tree as it
        // is (a year's folder holds thousands of records).
        let swapped = match (parent, files.as_slice()) {
            (
                Some(p),
                [
                    Touched {
                        path,
                        old: Some(_),
                        new: Some(new),
                    },
                ],
            ) => {
                let parts: Vec<&str> = path.split('/').collect();
                self.swap_blob(p.tree, &parts, new.0)?
            }
            _ => None,
        };
        let tree = match swapped {
            Some(tree) => tree,
            None => self.edit(parent, &files)?,
        };
        let signature = signature(author);
        let commit = gix::objs::Commit {
            tree,
            parents: parent.map(|p| p.commit.0).into_iter().collect(),
            author: signature.clone(),
            committer: signature,
            encoding: None,
            message: format!("{message}\n").into(),
            extra_headers: Vec::new(),
        };
        let id = self.repo.write_object(&commit).map_err(git("store the commit"))?;
        Ok(Prepared {
            commit: CommitId(id.detach()),
            parent: parent.map(|p| p.commit),
            files,
            message: message.to_string(),
            author: author.clone(),
        })
    }

    /// The tree `tree` with the file at `path` (split at its slashes)
    /// holding `blob`, written; `None` when there is no plain file there to
    /// swap.
    fn swap_blob(&self, tree: gix::ObjectId, path: &[&str], blob: gix::ObjectId) -> Result<Option<gix::ObjectId>> {
        let data = self.repo.find_tree(tree).map_err(git("read a folder"))?.detach().data;
        let mut folder = gix::objs::TreeRef::from_bytes(&data, gix::hash::Kind::Sha1).map_err(git("read a folder"))?;
        let Some(entry) = folder
            .entries
            .iter_mut()
            .find(|e| e.filename == path[0].as_bytes().as_bstr())
        else {
            return Ok(None);
        };
        let id = match path {
            [_] if entry.mode.kind() == gix::objs::tree::EntryKind::Blob => blob,
            [_, rest @ ..] if entry.mode.is_tree() && !rest.is_empty() => {
                match self.swap_blob(entry.oid.to_owned(), rest, blob)? {
                    Some(id) => id,
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        entry.oid = &id;
        Ok(Some(
            self.repo.write_object(&folder).map_err(git("store a folder"))?.detach(),
        ))
    }

    /// The tree `parent`'s with `files` written or removed, by gitoxide's
    /// tree editor.
    fn edit(&self, parent: Option<&Snapshot>, files: &[Touched]) -> Result<gix::ObjectId> {
        let base = parent.map_or_else(|| gix::ObjectId::empty_tree(gix::hash::Kind::Sha1), |p| p.tree);
        let mut editor = self.repo.edit_tree(base).map_err(git("read the tree to change"))?;
        for file in files {
            match file.new {
                Some(blob) => editor.upsert(file.path.as_str(), gix::object::tree::EntryKind::Blob, blob.0),
                None => editor.remove(file.path.as_str()),
            }
            .map_err(git(format!("place {}", file.path)))?;
        }
        Ok(editor.write().map_err(git("store the new tree"))?.detach())
    }

    /// Move the branch HEAD names to the prepared commit, only if it still
    /// points at the commit the change started from.
    pub fn move_branch(&self, prepared: &Prepared) -> Result<()> {
        use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
        if let Some(source) = failpoint::disk_full("branch") {
            return Err(StoreError::Io {
                path: self.git_dir().join("refs"),
                source,
            });
        }
        let expected = match prepared.parent {
            Some(parent) => PreviousValue::MustExistAndMatch(gix::refs::Target::Object(parent.0)),
            None => PreviousValue::MustNotExist,
        };
        let summary = prepared.message.lines().next().unwrap_or_default();
        let edit = RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: format!("commit: {summary}").into(),
                },
                expected,
                new: gix::refs::Target::Object(prepared.commit.0),
            },
            name: "HEAD".try_into().expect("HEAD is a valid name"),
            deref: true,
        };
        let signature = signature(&prepared.author);
        let mut time = Default::default();
        self.repo
            .edit_references_as([edit], Some(signature.to_ref(&mut time)))
            .map_err(|e| self.branch_error(&e))?;
        Ok(())
    }

    /// Why the branch could not be moved: a lock on it or on HEAD that
    /// another git command holds (or a killed one left), a branch that
    /// moved, or else.
    fn branch_error(&self, e: &gix::Error) -> StoreError {
        let branch = self
            .repo
            .head_name()
            .ok()
            .flatten()
            .map_or_else(|| "HEAD".to_string(), |n| n.as_bstr().to_string());
        for name in [branch.as_str(), "HEAD"] {
            let lock = self.git_dir().join(format!("{name}.lock"));
            if lock.exists() {
                return StoreError::RefLocked(lock);
            }
        }
        if e.is_conflict() {
            return StoreError::BranchMoved;
        }
        StoreError::git("move the branch".into(), e)
    }

    /// Whether the commit reads back from disk, whole, and is on the branch
    /// HEAD names (read from disk now): its tip, or one of the last hundred
    /// commits below it, should another program have committed since.
    pub fn on_branch(&self, commit: CommitId) -> Result<bool> {
        if let Some(source) = failpoint::unreadable("verify") {
            return Err(StoreError::Io {
                path: self.git_dir().join("HEAD"),
                source,
            });
        }
        let fresh =
            gix::open_opts(self.git_dir(), gix::open::Options::isolated()).map_err(git("open the repository again"))?;
        let Some(tip) = fresh.head().map_err(git("read HEAD"))?.id().map(|id| id.detach()) else {
            return Ok(false);
        };
        let object = fresh
            .find_commit(commit.0)
            .map_err(git(format!("read back commit {commit}")))?;
        object.tree_id().map_err(git(format!("read back commit {commit}")))?;
        if tip == commit.0 {
            return Ok(true);
        }
        let walk = fresh.rev_walk([tip]).all().map_err(git("walk the history"))?;
        for info in walk.take(100) {
            if info.map_err(git("walk the history"))?.id == commit.0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// git's index as it is now, read without taking its lock (for looking
    /// only).
    pub fn staged_now(&self) -> Result<Staged> {
        let path = self.repo.index_path();
        if !path.exists() {
            return Ok(Staged { index: None });
        }
        let skip_hash = self.repo.config_snapshot().boolean("index.skipHash").unwrap_or(false);
        let index = gix::index::File::at(&path, gix::hash::Kind::Sha1, skip_hash, Default::default())
            .map_err(|e| StoreError::git("read git's index (.git/index)".into(), &e))?;
        Ok(Staged { index: Some(index) })
    }

    /// Take git's `index.lock` for this process, waiting a little while
    /// another git command (an editor's `git status`, say) holds it.
    pub fn lock_index(&self) -> Result<Index> {
        Index::lock(self)
    }

    /// The commits reachable from HEAD that changed `path`, oldest first: a
    /// commit counts when the path differs from each of its parents.
    pub fn history(&self, path: &str) -> Result<Vec<Change>> {
        let Some(head) = self.head()? else {
            return Ok(Vec::new());
        };
        let order = gix::revision::walk::Sorting::ByCommitTime(Default::default());
        let walk = self.repo.rev_walk([head.0]).sorting(order);
        let mut out = Vec::new();
        for info in walk.all().map_err(git("walk the history"))? {
            let info = info.map_err(git("walk the history"))?;
            let snapshot = self.snapshot_of(info.id)?;
            let now = self.lookup(&snapshot, path)?;
            let mut changed = info.parent_ids.is_empty() && now.is_some();
            if !info.parent_ids.is_empty() {
                changed = true;
                for parent in info.parent_ids.iter() {
                    if self.lookup(&self.snapshot_of(*parent)?, path)? == now {
                        changed = false;
                        break;
                    }
                }
            }
            if changed {
                let commit = self.repo.find_commit(info.id).map_err(git("read a commit"))?;
                let event = commit.message_raw_sloppy().lines().next().unwrap_or_default();
                out.push(Change {
                    date: snapshot.time,
                    commit: snapshot.commit,
                    event: event.to_str_lossy().into_owned(),
                });
            }
        }
        out.reverse();
        Ok(out)
    }

    /// The newest commit reachable from HEAD, among the first `limit`,
    /// where `path` held `blob`.
    pub fn commit_holding(&self, path: &str, blob: BlobId, limit: usize) -> Result<Option<CommitId>> {
        let Some(head) = self.head()? else {
            return Ok(None);
        };
        let order = gix::revision::walk::Sorting::ByCommitTime(Default::default());
        let walk = self.repo.rev_walk([head.0]).sorting(order);
        for info in walk.all().map_err(git("walk the history"))?.take(limit) {
            let snapshot = self.snapshot_of(info.map_err(git("walk the history"))?.id)?;
            if self.lookup(&snapshot, path)? == Some(blob) {
                return Ok(Some(snapshot.commit));
            }
        }
        Ok(None)
    }
}

/// Whether the repository at `dir` says it uses SHA-256 object names,
/// which sprx does not write (read without parsing anything else).
fn sha256_config(dir: &Path) -> bool {
    let config = dir.join(".git").join("config");
    gix::config::File::from_path_no_includes(config, gix::config::Source::Local)
        .ok()
        .and_then(|c| {
            c.string("extensions.objectFormat")
                .map(|v| v.eq_ignore_ascii_case(b"sha256"))
        })
        .unwrap_or(false)
}

/// `.git` readable, writable and searchable by its owner only: it holds
/// every version of every record.
fn make_private(git_dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(git_dir, fs::Permissions::from_mode(0o700)).map_err(io_error(git_dir))?;
    }
    Ok(())
}

fn signature(author: &Author) -> gix::actor::Signature {
    gix::actor::Signature {
        name: author.name.as_str().into(),
        email: author.email.as_str().into(),
        time: gix::date::Time {
            seconds: author.when.timestamp(),
            offset: author.when.offset().local_minus_utc(),
        },
    }
}

fn to_chrono(time: gix::date::Time) -> DateTime<FixedOffset> {
    let utc = FixedOffset::east_opt(0).expect("UTC is a valid offset");
    let offset = FixedOffset::east_opt(time.offset).unwrap_or(utc);
    DateTime::from_timestamp(time.seconds, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

fn read_blob(repo: &gix::Repository, id: BlobId, path: &str) -> Result<Vec<u8>> {
    let too_big = |size: u64| StoreError::Parse {
        path: path.to_string(),
        line: 1,
        column: 1,
        message: format!("file is {size} bytes; records are limited to {MAX_RECORD_BYTES}"),
    };
    let header = repo.find_header(id.0).map_err(git(format!("read {path}")))?;
    if header.size() > MAX_RECORD_BYTES as u64 {
        return Err(too_big(header.size()));
    }
    let mut buf = Vec::new();
    let blob = repo
        .objects
        .find_blob(&id.0, &mut buf)
        .map_err(git(format!("read {path}")))?;
    Ok(blob.data.to_vec())
}

/// Reads blobs on the thread it was sent to, with that thread's own handle
/// on the object store (packs are shared, caches are not).
pub struct BlobReader {
    repo: gix::ThreadSafeRepository,
}

impl BlobReader {
    /// Start reading on this thread.
    pub fn on_this_thread(&self) -> ThreadReader {
        let mut repo = self.repo.to_thread_local();
        repo.object_cache_size(0);
        ThreadReader { repo }
    }
}

/// [`BlobReader`] on one thread.
pub struct ThreadReader {
    repo: gix::Repository,
}

impl ThreadReader {
    /// Like [`Repo::read`].
    pub fn read(&self, id: BlobId, path: &str) -> Result<Vec<u8>> {
        read_blob(&self.repo, id, path)
    }
}

/// git's index, read for looking only.
pub struct Staged {
    index: Option<gix::index::File>,
}

impl Staged {
    /// The blob staged at `path`, if any.
    pub fn staged(&self, path: &str) -> Option<BlobId> {
        let entry = self
            .index
            .as_ref()?
            .entry_by_path_and_stage(path.as_bytes().as_bstr(), gix::index::entry::Stage::Unconflicted)?;
        Some(BlobId(entry.id))
    }
}

/// The files sprx's own `index.lock` can be while sprx holds it — the lock
/// file it made, and the index it replaces (which the exchange in
/// `put_in_place` puts under the lock's name for a moment) — kept in
/// `.git/sprx/index.lock.owner`. A lock a killed sprx left behind is one of
/// them, and the next sprx command, which holds the casebook lock and so
/// knows no other sprx is running, removes it. Files are named by device,
/// inode and time of birth, so a lock git makes later on a reused inode is
/// never taken for sprx's.
struct LockOwner {
    path: PathBuf,
}

/// What names a file for `LockOwner`.
fn identity(meta: &fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    let born = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or_else(|| "-".to_string(), |d| d.as_nanos().to_string());
    format!("{} {} {born}", meta.dev(), meta.ino())
}

impl LockOwner {
    fn path(index_path: &Path) -> PathBuf {
        index_path.with_file_name("sprx").join("index.lock.owner")
    }

    /// Note `files` as sprx's own for as long as it holds the lock.
    fn note(index_path: &Path, files: &[&fs::Metadata]) -> std::io::Result<LockOwner> {
        let path = LockOwner::path(index_path);
        let mut text = String::from("sprx index.lock owner\n");
        for meta in files {
            text += &identity(meta);
            text.push('\n');
        }
        text += &format!("check {:08x}\n", crc32fast::hash(text.as_bytes()));
        fs::create_dir_all(path.parent().expect("in .git/sprx"))?;
        let temp = path.with_extension("tmp");
        fs::write(&temp, text)?;
        fs::rename(&temp, &path)?;
        Ok(LockOwner { path })
    }

    /// Whether the file `meta` describes is one noted at `index_path`
    /// (a damaged note names nothing).
    fn owns(index_path: &Path, meta: &fs::Metadata) -> bool {
        let Ok(text) = fs::read_to_string(LockOwner::path(index_path)) else {
            return false;
        };
        let Some((body, check)) = text.strip_suffix('\n').and_then(|t| t.rsplit_once('\n')) else {
            return false;
        };
        let body = format!("{body}\n");
        check == format!("check {:08x}", crc32fast::hash(body.as_bytes()))
            && body.lines().skip(1).any(|line| line == identity(meta))
    }

    fn release(self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// git's index under its lock. Read when the lock is taken; changes are
/// kept until [`Index::write`] writes the whole new index into
/// `index.lock` and renames it over the index. Dropped unwritten, the lock
/// is removed and the index left as it was.
pub struct Index {
    index_path: PathBuf,
    lock_path: PathBuf,
    file: Option<File>,
    owner: Option<LockOwner>,
    skip_hash: bool,
    /// The index as read, with its entries located, when the one-entry
    /// shortcut (`raw_index.rs`) can read it. Located on another thread
    /// while this one reads the record (100,000 entries take 2 ms).
    raw: Raw,
    /// The index decoded by gitoxide, when something needs it.
    state: Option<gix::index::File>,
    /// Entries to stage: path, blob (none to remove), stat data.
    staging: Vec<(String, Option<BlobId>, gix::index::entry::Stat)>,
}

impl Index {
    fn lock(repo: &Repo) -> Result<Index> {
        let index_path = repo.repo.index_path();
        let lock_path = index_path.with_extension("lock");
        let config = repo.repo.config_snapshot();
        if config.boolean("core.splitIndex") == Some(true) {
            return Err(StoreError::SplitIndex);
        }
        let skip_hash = config.boolean("index.skipHash").unwrap_or(false);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        let file = loop {
            let mut options = OpenOptions::new();
            options.read(true).write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            match options.open(&lock_path) {
                Ok(file) => break file,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if std::time::Instant::now() > deadline {
                        return Err(StoreError::IndexLocked(lock_path));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(e) => return Err(io_error(&lock_path)(e)),
            }
        };
        // The index an earlier write replaced: freeing its pages takes
        // milliseconds, better spent beside this write's own work.
        let replaced = replaced_index(&index_path);
        if replaced.exists() {
            std::thread::spawn(move || fs::remove_file(replaced));
        }
        let index = match File::open(&index_path) {
            Ok(index) => Some(index),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                let _ = fs::remove_file(&lock_path);
                return Err(io_error(&index_path)(e));
            }
        };
        let noted = (|| {
            let mut files = vec![file.metadata()?];
            if let Some(index) = &index {
                files.push(index.metadata()?);
            }
            LockOwner::note(&index_path, &files.iter().collect::<Vec<_>>())
        })();
        let owner = match noted {
            Ok(owner) => owner,
            Err(e) => {
                let _ = fs::remove_file(&lock_path);
                return Err(io_error(&lock_path)(e));
            }
        };
        // Safety: git and sprx never write into an index file, they rename
        // a new one over it (gitoxide maps it the same way).
        let raw = match index.map(|index| unsafe { memmap2::MmapOptions::new().populate().map(&index) }) {
            Some(Ok(map)) => Raw::Reading(Reading::start(map, !skip_hash)),
            _ => Raw::Read(Ok(None)),
        };
        Ok(Index {
            index_path,
            lock_path,
            file: Some(file),
            owner: Some(owner),
            skip_hash,
            raw,
            state: None,
            staging: Vec::new(),
        })
    }

    /// Remove an `index.lock` a killed sprx left behind (see `LockOwner`).
    /// Only call this under the casebook lock.
    pub fn clear_own_stale_lock(repo: &Repo) -> Result<()> {
        let index_path = repo.repo.index_path();
        let lock_path = index_path.with_extension("lock");
        match fs::symlink_metadata(&lock_path) {
            Ok(meta) if LockOwner::owns(&index_path, &meta) => {
                fs::remove_file(&lock_path).map_err(io_error(&lock_path))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&lock_path)(e)),
        }
        // Whoever holds the lock now, the note is out of date.
        let _ = fs::remove_file(LockOwner::path(&index_path));
        Ok(())
    }

    /// The index with its entries located, if the shortcut can read it;
    /// refused when it is split (it names a shared index).
    fn raw(&mut self) -> Result<Option<&mut RawIndex>> {
        if let Raw::Reading(_) = self.raw {
            let Raw::Reading(reading) = std::mem::replace(&mut self.raw, Raw::Read(Ok(None))) else {
                unreachable!("matched above");
            };
            self.raw = Raw::Read(reading.finish());
        }
        match &mut self.raw {
            Raw::Read(Ok(raw)) => Ok(raw.as_mut()),
            Raw::Read(Err(Split)) => Err(StoreError::SplitIndex),
            Raw::Reading(_) => unreachable!("finished above"),
        }
    }

    /// The index decoded by gitoxide, with what is staged so far applied.
    fn state(&mut self) -> Result<&mut gix::index::File> {
        if self.state.is_none() {
            let state = if self.index_path.exists() {
                gix::index::File::at(
                    &self.index_path,
                    gix::hash::Kind::Sha1,
                    self.skip_hash,
                    Default::default(),
                )
                .map_err(|e| StoreError::git("read git's index (.git/index)".into(), &e))?
            } else {
                gix::index::File::from_state(gix::index::State::new(gix::hash::Kind::Sha1), &self.index_path)
            };
            if state.is_sparse() {
                return Err(StoreError::SparseCheckout);
            }
            self.state = Some(state);
        }
        Ok(self.state.as_mut().expect("read above"))
    }

    /// The blob staged at `path`, if any.
    pub fn staged(&mut self, path: &str) -> Result<Option<BlobId>> {
        if let Some((_, blob, _)) = self.staging.iter().rev().find(|(p, _, _)| p == path) {
            return Ok(*blob);
        }
        if let Some(raw) = self.raw()? {
            return Ok(raw.find(path).map(|n| BlobId(raw.blob(n))));
        }
        let state = self.state()?;
        Ok(state
            .entry_by_path_and_stage(path.as_bytes().as_bstr(), gix::index::entry::Stage::Unconflicted)
            .map(|e| BlobId(e.id)))
    }

    /// Stage `blob` at `path` with the stat data of the working file
    /// `file` (or none, which makes git look at the file again), or
    /// remove the entry (`None`).
    pub fn stage(&mut self, path: &str, blob: Option<BlobId>, file: Option<&Path>) -> Result<()> {
        let stat = file
            .and_then(|file| gix::index::fs::Metadata::from_path_no_follow(file).ok())
            .and_then(|m| gix::index::entry::Stat::from_fs(&m).ok())
            .unwrap_or_default();
        self.staging.push((path.to_string(), blob, stat));
        Ok(())
    }

    /// Write the new index as gitoxide writes it whole.
    fn write_whole(&mut self, out: &mut dyn Write) -> Result<()> {
        use gix::index::entry::{Flags, Mode, Stage};
        let staging = std::mem::take(&mut self.staging);
        let state = self.state()?;
        for (path, blob, stat) in staging {
            let bpath = path.as_bytes().as_bstr();
            match blob {
                Some(blob) => match state.entry_mut_by_path_and_stage(bpath, Stage::Unconflicted) {
                    Some(entry) => {
                        entry.id = blob.0;
                        entry.stat = stat;
                        entry.mode = Mode::FILE;
                        entry
                            .flags
                            .remove(Flags::ASSUME_VALID | Flags::SKIP_WORKTREE | Flags::INTENT_TO_ADD);
                    }
                    None => {
                        state.dangerously_push_entry(stat, blob.0, Flags::empty(), Mode::FILE, bpath);
                        state.sort_entries();
                    }
                },
                None => state.remove_entries(|_, p, _| p == bpath),
            }
            if let Some(tree) = state.tree_mut() {
                invalidate(tree, &path);
            }
        }
        // Always with its checksum, whatever index.skipHash says: see
        // `Index::write`.
        let options = gix::index::write::Options {
            extensions: Default::default(),
            skip_hash: false,
        };
        state
            .write_to(out, options)
            .map_err(|e| StoreError::git("write git's index".into(), &e))?;
        Ok(())
    }

    /// Write the new index by the one-entry shortcut, if it applies: one
    /// existing entry with no flags changes its blob and stat data.
    fn write_one_entry_changed(&mut self, out: &mut dyn Write) -> Option<std::io::Result<()>> {
        let [(path, Some(blob), stat)] = self.staging.as_slice() else {
            return None;
        };
        let (path, blob, stat) = (path.clone(), *blob, *stat);
        let raw = self.raw().ok()??;
        let n = raw.find(&path)?;
        if !raw.plain(n) {
            return None;
        }
        let mut one = gix::index::State::new(gix::hash::Kind::Sha1);
        let flags = gix::index::entry::Flags::empty();
        one.dangerously_push_entry(
            stat,
            blob.0,
            flags,
            gix::index::entry::Mode::FILE,
            path.as_bytes().as_bstr(),
        );
        let mut entry = Vec::new();
        one.entries()[0].write_to(&mut entry, &one).ok()?;
        raw.write_replaced(n, &entry, out)
    }

    /// Write the index into the lock and rename it into place; the lock is
    /// then gone. With nothing staged, the lock is simply removed.
    ///
    /// The new index always carries its checksum, even with
    /// `index.skipHash` (which `sprx init` sets, so git's own index writes
    /// are quicker): a git command that read the index before sprx wrote it
    /// — an editor's `git status` — writes its copy back only if the
    /// index's checksum is still the one it read, and two indexes without
    /// a checksum look alike to it. Without one here, `git status` would
    /// put a record's old version back into git's index.
    pub fn write(mut self) -> Result<()> {
        if self.staging.is_empty() {
            return Ok(());
        }
        if let Some(source) = failpoint::disk_full("index") {
            return Err(StoreError::Io {
                path: self.lock_path.clone(),
                source,
            });
        }
        let mut file = self.file.take().expect("the lock is held until written");
        let lock_path = self.lock_path.clone();
        let written = (|| {
            file.set_len(0).map_err(io_error(&lock_path))?;
            file.rewind().map_err(io_error(&lock_path))?;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut file);
            match self.write_one_entry_changed(&mut out) {
                Some(written) => written.map_err(io_error(&lock_path))?,
                None => self.write_whole(&mut out)?,
            }
            out.flush().map_err(io_error(&lock_path))?;
            drop(out);
            failpoint::hit("after-index-written");
            // Unmapped while it is still the index: unmapping it once it
            // is deleted frees its pages one by one (4 ms at 100,000).
            self.raw = Raw::Read(Ok(None));
            put_in_place(&lock_path, &self.index_path).map_err(io_error(&self.index_path))
        })();
        match written {
            Ok(()) => self.owner.take().map_or((), LockOwner::release),
            // Drop removes the lock file.
            Err(_) => self.file = Some(file),
        }
        written
    }
}

/// Where the index a write replaced waits to be deleted by the next write.
fn replaced_index(index: &Path) -> PathBuf {
    index.with_file_name("sprx").join("index.old")
}

/// Put the new index, written into `index.lock`, in place of the old one.
/// Where the system can, the two are exchanged in one atomic step: on ext4,
/// renaming over the old index would first make the system start writing
/// the new one to disk (5 ms at 100,000 referrals). The old one, now under
/// the lock's name, is moved aside for the next write to delete on its
/// other thread (deleting it here takes another 2 ms). Elsewhere, a plain
/// rename, as git does.
fn put_in_place(lock: &Path, index: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if index.exists() {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, lock, CWD, index, RenameFlags::EXCHANGE).is_ok() {
            // The lock holds the old index now, which `LockOwner` names: a
            // crash before it is moved away leaves a lock the next command
            // clears.
            let aside = replaced_index(index);
            fs::create_dir_all(aside.parent().expect("in .git/sprx"))?;
            return fs::rename(lock, aside);
        }
    }
    fs::rename(lock, index)
}

impl Drop for Index {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = fs::remove_file(&self.lock_path);
        }
        if let Some(owner) = self.owner.take() {
            owner.release();
        }
    }
}

/// The index as the shortcut reads it: being read, or read.
enum Raw {
    Reading(Reading),
    Read(Result<Option<RawIndex>, Split>),
}

/// Mark the cached trees on `path`'s way as changed, as git does when it
/// stages a file, so `git commit` builds them again.
pub(super) fn invalidate(tree: &mut gix::index::extension::Tree, path: &str) {
    tree.num_entries = None;
    let mut at = tree;
    for part in path.split('/') {
        match at.children.iter_mut().find(|c| c.name.as_slice() == part.as_bytes()) {
            Some(child) => {
                child.num_entries = None;
                at = child;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run git in `dir`, hermetically.
    fn git(dir: &Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "T")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "T")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .status()
            .expect("run git");
        assert!(status.success(), "git {args:?}");
    }

    /// The `i`th file's path under `folder`, like a referral's.
    fn path_of(folder: &str, i: u64) -> String {
        format!("{folder}/{}/SP-{}-{i:04}.yaml", 2020 + i % 3, 2020 + i % 3)
    }

    /// A repository of `n` files in folders like a casebook's, committed,
    /// with git's index set up by `setup`.
    fn repository(n: u64, folder: &str, setup: &[&[&str]]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        git(dir.path(), &["init", "-q"]);
        for i in 0..n {
            let path = dir.path().join(path_of(folder, i));
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, format!("record {i}\n")).unwrap();
        }
        fs::write(dir.path().join("sprx.toml"), "").unwrap();
        git(dir.path(), &["add", "-A"]);
        git(dir.path(), &["commit", "-qm", "files"]);
        for args in setup {
            git(dir.path(), args);
        }
        dir
    }

    /// xorshift64*: the same choices on every machine.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Stage a new version of one file both ways, compare the bytes, and
    /// write it (so the next round starts from an index sprx wrote).
    fn both_ways(repo: &Repo, path: &str, round: u64) -> (Option<Vec<u8>>, Vec<u8>) {
        let file = repo.workdir().join(path);
        fs::write(&file, format!("record changed in round {round}\n")).unwrap();
        let blob = BlobId::of(&fs::read(&file).unwrap());
        let mut index = repo.lock_index().unwrap();
        index.stage(path, Some(blob), Some(&file)).unwrap();
        let mut fast = Vec::new();
        let fast = index
            .write_one_entry_changed(&mut fast)
            .map(|r| r.map(|()| fast).unwrap());
        let mut whole = Vec::new();
        index.write_whole(&mut whole).unwrap();
        drop(index);
        let mut index = repo.lock_index().unwrap();
        index.stage(path, Some(blob), Some(&file)).unwrap();
        index.write().unwrap();
        (fast, whole)
    }

    #[test]
    fn the_one_entry_shortcut_writes_what_gitoxide_writes_whole() {
        // Names of 32 bytes end their entry's padding exactly; those of 33
        // need a whole eight bytes of it.
        let layouts: [(&str, &[&[&str]], bool, u64); 7] = [
            (
                "names one byte past a multiple of eight",
                &[&["reset", "-q"]],
                true,
                300,
            ),
            ("as git reset leaves it", &[&["reset", "-q"]], true, 300),
            (
                "large enough for checkpoints",
                &[&["read-tree", "HEAD"], &["write-tree"]],
                true,
                3000,
            ),
            (
                "with cached trees",
                &[&["read-tree", "HEAD"], &["write-tree"]],
                true,
                300,
            ),
            (
                "without a checksum",
                &[
                    &["config", "index.skipHash", "true"],
                    &["read-tree", "HEAD"],
                    &["write-tree"],
                ],
                true,
                300,
            ),
            (
                "version 3, another entry skip-worktree",
                &[
                    &["update-index", "--index-version", "3"],
                    &["update-index", "--skip-worktree", "sprx.toml"],
                ],
                true,
                300,
            ),
            ("version 4", &[&["update-index", "--index-version", "4"]], false, 300),
        ];
        for (layout, setup, shortcut, files) in layouts {
            let folder = if layout.starts_with("names one byte") {
                "referrals2"
            } else {
                "referrals"
            };
            assert_eq!(
                path_of(folder, 0).len() % 8,
                usize::from(folder.len() == 10),
                "{layout}"
            );
            let dir = repository(files, folder, setup);
            let repo = Repo::open(dir.path()).unwrap();
            let mut state = 0x9E37_79B9_7F4A_7C15;
            for round in 0..40 {
                let i = next(&mut state) % files;
                let path = path_of(folder, i);
                let (fast, whole) = both_ways(&repo, &path, round);
                // From the second round on the index is sprx's own.
                if shortcut || round > 0 {
                    assert_eq!(fast.as_ref(), Some(&whole), "{layout}, round {round}: {path}");
                } else {
                    assert_eq!(fast, None, "{layout}: the shortcut declines");
                }
            }
            // git agrees with the result.
            let out = std::process::Command::new("git")
                .current_dir(dir.path())
                .args(["status", "--porcelain"])
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .output()
                .unwrap();
            let status = String::from_utf8(out.stdout).unwrap();
            assert!(status.lines().all(|l| l.starts_with("M ")), "{layout}: {status}");
        }
    }
}
