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
//! 7. stage entries in git's index, under `index.lock` ([`Index`], in
//!    `repo/index.rs`);
//! 8. the history of a path.
//!
//! No git type leaves this module: objects are named by [`BlobId`] and
//! [`CommitId`]. Errors become [`StoreError`]s that say what to do.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use gix::bstr::ByteSlice;
use gix::prelude::*;

use super::{Cause, Result, StoreError, failpoint};
use crate::yaml::MAX_RECORD_BYTES;

pub(super) mod index;
mod pack;

pub use index::{Index, Staged};

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

/// A commit and the files it changed.
pub type Changed = (Change, Vec<String>);

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

/// The tree `parent`'s with `files` written or removed, by gitoxide's tree
/// editor, into `repo`'s object store.
fn edit(repo: &gix::Repository, parent: Option<&Snapshot>, files: &[Touched]) -> Result<gix::ObjectId> {
    let base = parent.map_or_else(|| gix::ObjectId::empty_tree(gix::hash::Kind::Sha1), |p| p.tree);
    let mut editor = repo.edit_tree(base).map_err(git("read the tree to change"))?;
    for file in files {
        match file.new {
            Some(blob) => editor.upsert(file.path.as_str(), gix::object::tree::EntryKind::Blob, blob.0),
            None => editor.remove(file.path.as_str()),
        }
        .map_err(git(format!("place {}", file.path)))?;
    }
    Ok(editor.write().map_err(git("store the new tree"))?.detach())
}

fn git(what: impl Into<String>) -> impl FnOnce(gix::Error) -> StoreError {
    let what = what.into();
    move |e| StoreError::git(what, &e)
}

impl StoreError {
    /// Whether a file or folder went while it was being used.
    fn vanished(&self) -> bool {
        match self {
            StoreError::Git { cause, .. } => *cause == Cause::Vanished,
            StoreError::Io { source, .. } => source.kind() == std::io::ErrorKind::NotFound,
            _ => false,
        }
    }

    /// A failure inside git, classified by what can be done about it.
    fn git(what: String, e: &gix::Error) -> StoreError {
        if let Some(config) = unreadable_config(e) {
            return config;
        }
        let io = e.iter_errors().find_map(|e| e.downcast_ref::<std::io::Error>());
        let cause = match io.map(|io| io.kind()) {
            Some(std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded) => Cause::DiskFull,
            Some(std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem) => Cause::Permission,
            Some(std::io::ErrorKind::NotFound) => Cause::Vanished,
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

/// Every message in a gitoxide error's chain, outermost first.
fn chain(e: &gix::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for message in e.iter_errors().map(ToString::to_string) {
        if !parts.contains(&message) {
            parts.push(message);
        }
    }
    parts.join(": ")
}

/// git's own settings (a user's `~/.gitconfig`, say) that cannot be read
/// are not a damaged casebook: named as what they are.
fn unreadable_config(e: &gix::Error) -> Option<StoreError> {
    e.iter_errors()
        .any(|e| e.to_string().contains("configuration could not be loaded"))
        .then(|| StoreError::GitConfig(chain(e)))
}

/// A failure to read or write `path`, as a [`StoreError`].
pub(super) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Repo {
    /// Open the repository whose working tree is at `root`, refusing what
    /// sprx cannot write safely (see [`Repo::refuse_unsupported`]).
    pub fn open(root: &Path) -> Result<Repo> {
        let options = gix::open::Options::default();
        let repo = match gix::open_opts(root, options) {
            Ok(repo) => repo,
            Err(e) => {
                if sha256_config(root) {
                    return Err(StoreError::Sha256);
                }
                if let Some(config) = unreadable_config(&e) {
                    return Err(config);
                }
                return Err(StoreError::NoRepository {
                    path: root.to_path_buf(),
                    detail: chain(&e),
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
        crate::files::write_atomically(&config, &text).map_err(io_error(&config))?;
        make_private(repo.git_dir())?;
        Repo::open(dir)
    }

    fn from(mut repo: gix::Repository) -> Repo {
        let shared = repo.clone().into_sync();
        // A write reads the folders on its record's path more than once:
        // keep what was read.
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
                let made_by_then = |info: &Result<gix::revision::walk::Info<'_>>| {
                    info.as_ref().map_or(true, |i| i.commit_time.unwrap_or(i64::MAX) <= end)
                };
                let found = self.newest_first(head)?.find(made_by_then);
                found.ok_or(StoreError::NothingAsOf(*day))??.id
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

    /// The names of the folders and of the files directly in the folder
    /// `dir` of the snapshot.
    pub fn list(&self, snapshot: &Snapshot, dir: &str) -> Result<(Vec<String>, Vec<String>)> {
        let (mut folders, mut files) = (Vec::new(), Vec::new());
        let Some(tree) = self.folder(snapshot, dir)? else {
            return Ok((folders, files));
        };
        let mut buf = Vec::new();
        let entries = self
            .repo
            .objects
            .find_tree_iter(&tree, &mut buf)
            .map_err(git(format!("read the folder {dir}")))?;
        for entry in entries {
            let entry = entry.map_err(git(format!("read the folder {dir}")))?;
            let name = entry.filename.to_str_lossy().into_owned();
            match entry.mode.is_tree() {
                true => folders.push(name),
                false => files.push(name),
            }
        }
        Ok((folders, files))
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
    ///
    /// `git gc` removes empty object folders as it packs, and one can go
    /// between gitoxide making it and moving an object into it. git tries
    /// again then, and so does sprx, once: objects are named by their
    /// content, so writing one twice is harmless.
    pub fn prepare(
        &self,
        parent: Option<&Snapshot>,
        changes: &[FileChange<'_>],
        committed: impl Fn(&str) -> Option<BlobId>,
        message: &str,
        author: &Author,
    ) -> Result<Prepared> {
        match self.write_change(parent, changes, &committed, message, author) {
            Err(e) if e.vanished() => self.write_change(parent, changes, &committed, message, author),
            done => done,
        }
    }

    fn write_change(
        &self,
        parent: Option<&Snapshot>,
        changes: &[FileChange<'_>],
        committed: impl Fn(&str) -> Option<BlobId>,
        message: &str,
        author: &Author,
    ) -> Result<Prepared> {
        let objects = self.git_dir().join("objects");
        if let Some(source) = failpoint::disk_full("objects").or_else(|| failpoint::vanished_once("objects")) {
            return Err(StoreError::Io { path: objects, source });
        }
        self.keep_new_objects_private();
        // Kept in memory, then written to disk as one pack.
        let mut event = self.repo.clone().with_object_memory();
        let mut files = Vec::with_capacity(changes.len());
        for change in changes {
            let old = committed(change.path);
            let new = match change.content {
                Some(content) => Some(BlobId(
                    event
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
        let tree = edit(&event, parent, &files)?;
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
        let id = event.write_object(&commit).map_err(git("store the commit"))?.detach();
        let written = event.objects.take_object_memory().unwrap_or_default();
        pack::write(self.git_dir(), &written)?;
        Ok(Prepared {
            commit: CommitId(id),
            parent: parent.map(|p| p.commit),
            files,
            message: message.to_string(),
            author: author.clone(),
        })
    }

    /// Join the packs `packs` (paths of `.pack` files in this repository)
    /// into one, for housekeeping (`maintenance.rs`).
    pub fn join_packs(&self, packs: &[PathBuf]) -> Result<()> {
        self.keep_new_objects_private();
        pack::join(self.git_dir(), packs)
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

    /// The lock files a move of the branch takes: the branch's and HEAD's.
    fn branch_locks(&self) -> (String, [PathBuf; 2]) {
        let branch = self
            .repo
            .head_name()
            .ok()
            .flatten()
            .map_or_else(|| "HEAD".to_string(), |n| n.as_bstr().to_string());
        let lock = |name: &str| self.git_dir().join(format!("{name}.lock"));
        let locks = [lock(&branch), lock("HEAD")];
        (branch, locks)
    }

    /// Remove the locks on the branch and HEAD that a sprx killed while
    /// moving the branch to `commit` left behind: made no earlier than
    /// `since` (when that write's journal was written) and holding nothing
    /// yet, that commit, or HEAD's own link to the branch. Only call this
    /// under the casebook lock, with that journal in hand: no other sprx is
    /// writing, and a git updating the branch meanwhile would hold another
    /// commit in its lock.
    pub fn clear_own_stale_branch_locks(&self, commit: &str, since: std::time::SystemTime) -> Result<()> {
        let (branch, locks) = self.branch_locks();
        for lock in locks {
            let Ok(made) = fs::metadata(&lock).and_then(|m| m.modified()) else {
                continue;
            };
            let held = fs::read_to_string(&lock).unwrap_or_default();
            let held = held.trim();
            let ours = held.is_empty() || held == commit || held == format!("ref: {branch}");
            if ours && made >= since {
                fs::remove_file(&lock).map_err(io_error(&lock))?;
            }
        }
        Ok(())
    }

    /// Why the branch could not be moved: a lock on it or on HEAD that
    /// another git command holds (or a killed one left), a branch that
    /// moved, or else.
    fn branch_error(&self, e: &gix::Error) -> StoreError {
        for lock in self.branch_locks().1 {
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
    ///
    /// Read through this repository's object store without its cache of
    /// objects: the new commit is read from the pack the write made, which
    /// the store finds on disk as it looks for an object it has not seen,
    /// and HEAD and the branch are read from their files. Opening the
    /// repository afresh would read its configuration again for nothing.
    pub fn on_branch(&self, commit: CommitId) -> Result<bool> {
        if let Some(source) = failpoint::unreadable("verify") {
            return Err(StoreError::Io {
                path: self.git_dir().join("HEAD"),
                source,
            });
        }
        let mut fresh = self.repo.clone();
        fresh.object_cache_size(None);
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
        Staged::now(self)
    }

    /// Take git's `index.lock` for this process, waiting a little while
    /// another git command (an editor's `git status`, say) holds it.
    /// `adds` says the write adds an entry: the index is read to suit.
    pub fn lock_index(&self, adds: bool) -> Result<Index> {
        Index::lock(self, adds)
    }

    /// This repository set up for a long walk through the history, which
    /// reads each folder's versions as deltas on one another: the delta
    /// bases are kept in a hashed cache, not the small list that suits one
    /// lookup.
    pub fn for_walking(&self) -> Repo {
        let mut repo = self.repo.clone();
        repo.objects
            .set_pack_cache(|| Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(64 << 20)));
        Repo {
            repo,
            shared: self.shared.clone(),
        }
    }

    /// The commits reachable from HEAD and not from `known`, newest first,
    /// each with the files under `dir` in which it differs from every
    /// parent (from none, for a first commit). All of them, and `true`,
    /// when `known` is `None` or is no longer an ancestor of HEAD (history
    /// was rewritten).
    pub fn changes_since(&self, dir: &str, known: Option<CommitId>) -> Result<(Vec<Changed>, bool)> {
        let Some(head) = self.head()? else {
            return Ok((Vec::new(), true));
        };
        if known == Some(head) {
            return Ok((Vec::new(), false));
        }
        let order = gix::revision::walk::Sorting::ByCommitTime(Default::default());
        let walk = self.repo.rev_walk([head.0]).sorting(order);
        let walk = walk.with_hidden(known.map(|k| k.0));
        let walk = walk.all().map_err(git("walk the history"))?;
        let (mut out, mut reached) = (Vec::new(), false);
        let progress = crate::render::Progress::counting("commits read");
        for info in walk {
            let info = info.map_err(|e| git("walk the history")(e))?;
            progress.add(1);
            reached |= known.is_some_and(|k| info.parent_ids.contains(&k.0));
            let tree = self.folder(&self.snapshot_of(info.id)?, dir)?;
            let mut changed: Option<Vec<String>> = None;
            for parent in info
                .parent_ids
                .iter()
                .map(|p| Some(*p))
                .chain(info.parent_ids.is_empty().then_some(None))
            {
                let before = match parent {
                    Some(p) => self.folder(&self.snapshot_of(p)?, dir)?,
                    None => None,
                };
                let mut differs = Vec::new();
                self.differing(before, tree, &mut format!("{dir}/"), &mut differs)?;
                changed = Some(match changed {
                    None => differs,
                    Some(so_far) => so_far.into_iter().filter(|p| differs.contains(p)).collect(),
                });
            }
            out.push((self.change(CommitId(info.id))?, changed.unwrap_or_default()));
        }
        match (known, reached) {
            // Not an ancestor: what it hid is not all known.
            (Some(_), false) => self.changes_since(dir, None),
            _ => Ok((out, known.is_none())),
        }
    }

    /// The files under `dir` whose blobs differ between two snapshots.
    pub fn changed_between(&self, a: &Snapshot, b: &Snapshot, dir: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let (a, b) = (self.folder(a, dir)?, self.folder(b, dir)?);
        self.differing(a, b, &mut format!("{dir}/"), &mut out)?;
        Ok(out)
    }

    /// The commit `id` as a change: its time and its message's first line.
    pub fn change(&self, id: CommitId) -> Result<Change> {
        let commit = self.repo.find_commit(id.0).map_err(git("read a commit"))?;
        let event = commit.message_raw_sloppy().lines().next().unwrap_or_default();
        let time = commit.time().map_err(git("read a commit"))?;
        Ok(Change {
            date: to_chrono(time),
            commit: id,
            event: event.to_str_lossy().into_owned(),
        })
    }

    /// Append to `out` the path (`prefix` and the path within) of every
    /// file that differs between the folders `a` and `b` (either absent),
    /// in path order.
    fn differing(
        &self,
        a: Option<gix::ObjectId>,
        b: Option<gix::ObjectId>,
        prefix: &mut String,
        out: &mut Vec<String>,
    ) -> Result<()> {
        if a == b {
            return Ok(());
        }
        let (mut left, mut right) = (Vec::new(), Vec::new());
        let tree = |id: Option<gix::ObjectId>, buf: &'_ mut Vec<u8>| -> Result<()> {
            if let Some(id) = id {
                self.repo.objects.find_tree(&id, buf).map_err(git("read a folder"))?;
            }
            Ok(())
        };
        tree(a, &mut left)?;
        tree(b, &mut right)?;
        let mut recorder = gix::diff::tree::Recorder::default();
        let iter = |bytes| gix::objs::TreeRefIter::from_bytes(bytes, gix::hash::Kind::Sha1);
        let state = gix::diff::tree::State::default();
        match gix::diff::tree(iter(&left), iter(&right), state, &self.repo.objects, &mut recorder) {
            Err(gix::diff::tree::Error::Failure(e)) => return Err(git("compare two folders")(e)),
            // Only a delegate cancels, and the recorder never does.
            Err(gix::diff::tree::Error::Cancelled) | Ok(()) => {}
        }
        let start = out.len();
        for change in recorder.records {
            use gix::diff::tree::recorder::Change::*;
            let (path, differs) = match change {
                Addition { entry_mode, path, .. } | Deletion { entry_mode, path, .. } => (path, !entry_mode.is_tree()),
                // Blobs are compared, not modes: a file made executable
                // holds the same record.
                Modification {
                    entry_mode,
                    path,
                    previous_oid,
                    oid,
                    ..
                } => (path, !entry_mode.is_tree() && previous_oid != oid),
            };
            if differs {
                out.push(format!("{prefix}{path}"));
            }
        }
        out[start..].sort_unstable();
        Ok(())
    }

    /// The commits reachable from `tip`, newest first by commit time.
    fn newest_first(&self, tip: CommitId) -> Result<impl Iterator<Item = Result<gix::revision::walk::Info<'_>>>> {
        let order = gix::revision::walk::Sorting::ByCommitTime(Default::default());
        let walk = self.repo.rev_walk([tip.0]).sorting(order);
        let walk = walk.all().map_err(git("walk the history"))?;
        Ok(walk.map(|info| info.map_err(git("walk the history"))))
    }

    /// The newest commit reachable from HEAD, among the first `limit`,
    /// where `path` held `blob`.
    pub fn commit_holding(&self, path: &str, blob: BlobId, limit: usize) -> Result<Option<CommitId>> {
        let Some(head) = self.head()? else {
            return Ok(None);
        };
        for info in self.newest_first(head)?.take(limit) {
            let snapshot = self.snapshot_of(info?.id)?;
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

/// `.git` and the folders in it readable, writable and searchable by their
/// owner only, as `git init --shared=0600` leaves them: it holds every
/// version of every record.
fn make_private(git_dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(git_dir, fs::Permissions::from_mode(0o700)).map_err(io_error(git_dir))?;
        for entry in fs::read_dir(git_dir).map_err(io_error(git_dir))? {
            let path = entry.map_err(io_error(git_dir))?.path();
            if path.is_dir() && !path.is_symlink() {
                make_private(&path)?;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed author, at a fixed time.
    fn author() -> Author {
        Author {
            name: "T".into(),
            email: "t@example.org".into(),
            when: DateTime::parse_from_rfc3339("2026-11-21T10:00:00Z").unwrap(),
        }
    }

    #[test]
    fn a_commit_is_on_the_branch_only_while_it_reads_back_from_disk() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init(dir.path()).unwrap();
        let author = author();
        let files = [("referrals/a.yaml".to_string(), "name: A\n".to_string())];
        let prepared = repo
            .prepare(None, &FileChange::writes(&files), |_| None, "create", &author)
            .unwrap();
        repo.move_branch(&prepared).unwrap();
        assert!(repo.on_branch(prepared.commit).unwrap());
        // A pack this process has mapped stays readable after its file is
        // gone, as it does for git: the damage is seen by a process that
        // opens the casebook afterwards, as the next command does.
        let packs = packs(&repo);
        let [pack] = &packs[..] else {
            panic!("the change should have made one pack, not {packs:?}");
        };
        let mut damaged = fs::read(pack).unwrap();
        fs::remove_file(pack).unwrap();
        let reopened = || Repo::open(dir.path()).unwrap();
        assert!(
            reopened().on_branch(prepared.commit).is_err(),
            "a commit gone from disk was taken as committed"
        );
        let last = damaged.len() - 30;
        damaged[last] ^= 0xff;
        fs::write(pack, &damaged).unwrap();
        assert!(
            reopened().on_branch(prepared.commit).is_err(),
            "a damaged commit was taken as committed"
        );
    }

    /// Packs of the object store, as paths of their `.pack` files.
    fn packs(repo: &Repo) -> Vec<PathBuf> {
        let mut packs: Vec<_> = fs::read_dir(repo.git_dir().join("objects/pack"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "pack"))
            .collect();
        packs.sort();
        packs
    }

    #[test]
    fn joined_packs_hold_each_object_once() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repo::init(dir.path()).unwrap();
        let author = author();
        for text in ["one\n", "two\n"] {
            let parent = repo.head().unwrap().map(|_| repo.snapshot(&Pick::Head).unwrap());
            let files = [("referrals/a.yaml".to_string(), text.to_string())];
            let prepared = repo
                .prepare(parent.as_ref(), &FileChange::writes(&files), |_| None, "w", &author)
                .unwrap();
            repo.move_branch(&prepared).unwrap();
        }
        // A second copy of the first pack, as a fetch can bring objects
        // the casebook already holds.
        let first = packs(&repo)[0].clone();
        let copy = first.with_file_name(format!("pack-{}.pack", "0".repeat(40)));
        fs::copy(&first, &copy).unwrap();
        fs::copy(first.with_extension("idx"), copy.with_extension("idx")).unwrap();
        let objects = |pack: &Path| {
            gix::odb::pack::index::File::at(pack.with_extension("idx"), gix::hash::Kind::Sha1)
                .unwrap()
                .num_objects()
        };
        let distinct: u32 = packs(&repo).iter().filter(|p| **p != copy).map(|p| objects(p)).sum();
        repo.join_packs(&packs(&repo)).unwrap();
        let [joined] = &packs(&repo)[..] else {
            panic!("not joined: {:?}", packs(&repo));
        };
        assert_eq!(objects(joined), distinct, "an object written twice");
        assert!(repo.on_branch(repo.head().unwrap().unwrap()).unwrap());
    }
}

#[cfg(test)]
pub(crate) mod plain {
    use super::*;

    /// The commits reachable from HEAD that changed any of `paths`, oldest
    /// first, found by looking each path up in every commit and its parents:
    /// the plain path the event index is checked against.
    pub fn history_by_walking(this: &Repo, paths: &[String]) -> Result<Vec<Change>> {
        let Some(head) = this.head()? else {
            return Ok(Vec::new());
        };
        let held = |snapshot: &Snapshot| -> Result<Vec<Option<BlobId>>> {
            paths.iter().map(|path| this.lookup(snapshot, path)).collect()
        };
        let mut out = Vec::new();
        for info in this.newest_first(head)? {
            let info = info?;
            let snapshot = this.snapshot_of(info.id)?;
            let now = held(&snapshot)?;
            let mut changed = now.iter().any(Option::is_some) || !info.parent_ids.is_empty();
            for parent in info.parent_ids.iter() {
                if held(&this.snapshot_of(*parent)?)? == now {
                    changed = false;
                    break;
                }
            }
            if changed {
                let commit = this.repo.find_commit(info.id).map_err(git("read a commit"))?;
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
}
