//! git's index, under its `index.lock`: the entries a write stages and how
//! the new index is put in place (whole by gitoxide, or by the one-entry
//! shortcut of [`crate::store::raw_index`] into a fresh lock file), and who
//! owns a lock a killed sprx left. Part of the [`super`] seam: nothing here
//! leaves `store/`.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use gix::bstr::ByteSlice;

use super::{BlobId, Repo, io_error};
use crate::store::raw_index::{RawIndex, Reading, Splice, Split};
use crate::store::{Result, StoreError, failpoint};

/// git's index, read for looking only.
pub struct Staged {
    index: Option<gix::index::File>,
}

impl Staged {
    /// git's index as it is now, read without its lock.
    pub(super) fn now(repo: &Repo) -> Result<Staged> {
        let path = repo.repo.index_path();
        if !path.exists() {
            return Ok(Staged { index: None });
        }
        let skip_hash = repo.repo.config_snapshot().boolean("index.skipHash").unwrap_or(false);
        Ok(Staged {
            index: Some(read_index(&path, skip_hash)?),
        })
    }

    /// The blob staged at `path`, if any.
    pub fn staged(&self, path: &str) -> Option<BlobId> {
        let entry = self
            .index
            .as_ref()?
            .entry_by_path_and_stage(path.as_bytes().as_bstr(), gix::index::entry::Stage::Unconflicted)?;
        Some(BlobId(entry.id))
    }
}

/// git's index at `path`, decoded whole by gitoxide.
fn read_index(path: &Path, skip_hash: bool) -> Result<gix::index::File> {
    gix::index::File::at(path, gix::hash::Kind::Sha1, skip_hash, Default::default())
        .map_err(|e| StoreError::git("read git's index (.git/index)".into(), &e))
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

/// Make `lock_path` exclusively, noted as sprx's (see `LockOwner`) from
/// the moment it exists: the file is made under another name in
/// `.git/sprx`, noted, and only then linked as the lock (a link, like an
/// exclusive create, fails if the lock is there). A sprx killed at any
/// point leaves no lock that is not noted as its own. Where the file system
/// has no links, the lock is created exclusively and noted just after. If
/// git holds the lock, sprx tries again for two seconds.
fn take_lock(index_path: &Path, lock_path: &Path) -> Result<File> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let made = LockOwner::path(index_path).with_file_name("index.lock.new");
    let linked = (|| {
        let file = options.clone().create(true).truncate(true).open(&made)?;
        LockOwner::note(index_path, &[&file.metadata()?])?;
        failpoint::hit("index-lock-noted");
        Ok::<_, std::io::Error>(file)
    })();
    // Where there are no links: an exclusive create, noted by the caller
    // once it is made.
    let exclusive = || options.clone().create_new(true).open(lock_path);
    let result = loop {
        let attempt = match &linked {
            Ok(file) => match fs::hard_link(&made, lock_path) {
                Ok(()) => file.try_clone(),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                Err(_) => exclusive(),
            },
            Err(_) => exclusive(),
        };
        match attempt {
            Ok(file) => {
                failpoint::hit("index-lock-made");
                break Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if std::time::Instant::now() > deadline {
                    break Err(StoreError::IndexLocked(lock_path.to_path_buf()));
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => break Err(io_error(lock_path)(e)),
        }
    };
    let _ = fs::remove_file(&made);
    result
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
    /// shortcut (`raw_index.rs`) can read it: hashed on another thread
    /// from the moment the lock is taken, and located by whichever thread
    /// comes to it first.
    raw: Raw,
    /// The index decoded by gitoxide, when something needs it.
    state: Option<gix::index::File>,
    /// Entries to stage: path, blob (none to remove), stat data.
    staging: Vec<(String, Option<BlobId>, gix::index::entry::Stat)>,
}

impl Index {
    pub(super) fn lock(repo: &Repo, adds: bool) -> Result<Index> {
        let index_path = repo.repo.index_path();
        let lock_path = index_path.with_extension("lock");
        let config = repo.repo.config_snapshot();
        if config.boolean("core.splitIndex") == Some(true) {
            return Err(StoreError::SplitIndex);
        }
        let skip_hash = config.boolean("index.skipHash").unwrap_or(false);
        let file = take_lock(&index_path, &lock_path)?;
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
            Some(Ok(map)) => Raw::Reading(Reading::start(map, !skip_hash, adds)),
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
                read_index(&self.index_path, self.skip_hash)?
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
            return Ok(raw.find(path).ok().map(|n| BlobId(raw.blob(n))));
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
    /// existing entry with no flags changes its blob and stat data, or one
    /// new entry is added.
    fn write_one_entry(&mut self, out: &mut dyn Write) -> Option<std::io::Result<()>> {
        let [(path, Some(blob), stat)] = self.staging.as_slice() else {
            return None;
        };
        let (path, blob, stat) = (path.clone(), *blob, *stat);
        let raw = self.raw().ok()??;
        let splice = match raw.find(&path) {
            Ok(n) if raw.plain(n) => Splice::Replace(n),
            Ok(_) => return None,
            Err(n) => Splice::Insert(n, path.clone()),
        };
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
        raw.write_spliced(splice, &entry, out)
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
            let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut file);
            match self.write_one_entry(&mut out) {
                Some(written) => written.map_err(io_error(&lock_path))?,
                None => {
                    self.stop_hashing();
                    self.write_whole(&mut out)?
                }
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

    /// The one-entry shortcut will not be taken: its hashing stops.
    fn stop_hashing(&self) {
        match &self.raw {
            Raw::Reading(reading) => reading.stop_hashing(),
            Raw::Read(Ok(Some(raw))) => raw.stop_hashing(),
            Raw::Read(_) => {}
        }
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
        self.stop_hashing();
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
pub(in crate::store) fn invalidate(tree: &mut gix::index::extension::Tree, path: &str) {
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
        let new = !file.exists();
        fs::write(&file, format!("record changed in round {round}\n")).unwrap();
        let blob = BlobId::of(&fs::read(&file).unwrap());
        let mut index = repo.lock_index(new).unwrap();
        index.stage(path, Some(blob), Some(&file)).unwrap();
        let mut fast = Vec::new();
        let fast = index.write_one_entry(&mut fast).map(|r| r.map(|()| fast).unwrap());
        let mut whole = Vec::new();
        index.write_whole(&mut whole).unwrap();
        drop(index);
        let mut index = repo.lock_index(false).unwrap();
        index.stage(path, Some(blob), Some(&file)).unwrap();
        index.write().unwrap();
        (fast, whole)
    }

    #[test]
    fn the_one_entry_shortcut_writes_what_gitoxide_writes_whole_for_a_changed_or_new_entry() {
        // Names of 32 bytes end their entry's padding exactly; those of 33
        // need a whole eight bytes of it.
        let layouts: [(&str, &[&[&str]], bool, u64); 8] = [
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
                "large enough for checkpoints, without a checksum (hashed from the lock on)",
                &[
                    &["config", "index.skipHash", "true"],
                    &["read-tree", "HEAD"],
                    &["write-tree"],
                ],
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
                // Every fourth round a new file, the rest a changed one.
                let i = match round % 4 {
                    3 => files + round,
                    _ => next(&mut state) % files,
                };
                let path = path_of(folder, i);
                fs::create_dir_all(dir.path().join(&path).parent().unwrap()).unwrap();
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
            assert!(
                status.lines().all(|l| l.starts_with("M ") || l.starts_with("A ")),
                "{layout}: {status}"
            );
        }
    }
}
