//! Git's index (the staging area), kept in step with each commit one entry at
//! a time. libgit2 reads, checks and rewrites the whole index to change one
//! entry, which at 100,000 referrals was most of a write's time. For the
//! usual case — an index of version 2 or 3 — [`Staging`] patches the changed
//! files' entries (object id and file stats) in place, or adds new files'
//! entries where they sort, marks the folders above them as changed in the
//! cached trees (the `TREE` extension, as libgit2 does), and puts the result
//! in place under git's `index.lock` with a fresh checksum. What sprx learnt
//! of the index it wrote last is kept beside it in `.git/sprx/index-state`:
//! the checksum's states, so only the part from the first change on is
//! hashed again; where some entries start, so nothing reads them all; and
//! where it differs from the index before it, which is kept as
//! `.git/sprx/index-spare` and becomes the next index with only those bytes
//! and the new change written into it. Anything else (a removed file, a
//! conflict, a split or version 4 index, an unknown required extension, a
//! damaged file) is left to libgit2, which writes exactly what it always did.

use std::fs::{self, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use git2::{Index, Oid, Repository};
use sha1::digest::common::hazmat::{SerializableState, SerializedState};
use sha1::{Digest, Sha1};

use super::failpoint;
use super::{Result, StoreError, be32};

/// The on-disk index, or libgit2's view of it.
pub enum Staging {
    Patchable(IndexFile),
    Whole(Index),
}

impl Staging {
    /// Read the index of `repo`: patchable when it is plain enough. Refused
    /// while git holds the index lock, before anything is committed.
    pub fn open(repo: &Repository) -> Result<Staging> {
        let lock = repo.path().join("index.lock");
        if lock.exists() {
            return Err(StoreError::IndexLocked(lock));
        }
        if let Some(file) = IndexFile::read(repo) {
            return Ok(Staging::Patchable(file));
        }
        Ok(Staging::Whole(repo.index()?))
    }

    /// The object id staged at `path` (stage 0), if any.
    pub fn staged(&self, path: &str) -> Option<Oid> {
        match self {
            Staging::Patchable(file) => file.find(path).map(|e| e.oid),
            Staging::Whole(index) => index.get_path(Path::new(path), 0).map(|e| e.id),
        }
    }

    /// Record that the working files at `written` (path, blob id) now hold
    /// those blobs and that `removed` are gone, and write the index.
    pub fn update(self, repo: &Repository, root: &Path, written: &[(&str, Oid)], removed: &[&str]) -> Result<()> {
        let mut index = match self {
            Staging::Patchable(file) if removed.is_empty() => {
                if let Some(patched) = file.patch(root, written) {
                    failpoint::hit("after-rename");
                    if file.write(patched)? {
                        failpoint::hit("after-index");
                        return Ok(());
                    }
                }
                // Not there to patch, or changed by git meanwhile: libgit2
                // reads the file afresh.
                repo.index()?
            }
            Staging::Patchable(_) => repo.index()?,
            Staging::Whole(mut index) => {
                // Pick up anything git wrote since it was read.
                index.read(false)?;
                index
            }
        };
        for (path, _) in written {
            index.add_path(Path::new(path))?;
        }
        for path in removed {
            index.remove_path(Path::new(path))?;
        }
        failpoint::hit("after-rename");
        index.write()?;
        failpoint::hit("after-index");
        Ok(())
    }
}

/// Fixed part of an entry before its path: ten 32-bit stat fields, the
/// object id and the flags.
const ENTRY_FIXED: usize = 40 + 20 + 2;
const FLAG_EXTENDED: u16 = 0x4000;
const FLAG_ASSUME_VALID: u16 = 0x8000;
const FLAG_STAGE: u16 = 0x3000;
const NAME_MASK: u16 = 0x0fff;
const HASH: usize = 20;
/// Where the entries start, after the signature, version and entry count.
const HEADER: usize = 12;
/// How many entries apart the anchors are when the index is read whole.
const ANCHOR: usize = 64;
/// How far apart the saved states of the checksum are.
const CHECKPOINT: usize = 64 << 10;

/// An entry found in the index file.
#[derive(Clone, Copy)]
struct Entry {
    /// Where the entry starts in the file.
    offset: usize,
    flags: u16,
    oid: Oid,
}

/// Where an entry's path lies in the file, and where the next entry starts.
#[derive(Clone, Copy)]
struct Located {
    name: usize,
    length: usize,
    next: usize,
}

/// The index file's bytes: mapped from the file (nothing is copied), or
/// owned (in tests).
enum Bytes {
    Mapped(memmap2::Mmap),
    #[cfg(test)]
    Owned(Vec<u8>),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Mapped(map) => map,
            #[cfg(test)]
            Bytes::Owned(bytes) => bytes,
        }
    }
}

/// What tells one version of the index file from another without reading
/// it: size, modification time and inode.
type FileIdentity = (u64, std::time::SystemTime, u64);

/// The raw bytes of a version 2 or 3 index, with enough of its entries
/// located to find any one of them quickly.
pub struct IndexFile {
    path: PathBuf,
    /// The file's identity when read, to tell whether git has written it since.
    seen: Option<FileIdentity>,
    bytes: Bytes,
    version: u32,
    /// Where some entries start, in path order: every [`ANCHOR`]th entry
    /// when the index was last read whole, moved along past entries added
    /// since. A search goes from the nearest anchor before the path.
    anchors: Vec<usize>,
    /// Where the extensions start (the entries end).
    extensions: usize,
    /// The trailing checksum is all zeros (`index.skipHash`).
    skip_hash: bool,
    /// (offset, the hash of everything before it), every [`CHECKPOINT`] bytes.
    checkpoints: Vec<(usize, Sha1)>,
    /// The index before this one, when sprx wrote this one and kept that.
    spare: Option<Spare>,
}

/// The index before the current one, kept at `.git/sprx/index-spare` to
/// become the next one: its identity, and where it differs from the
/// current one (byte ranges; it may also be shorter or longer).
#[derive(Clone, Debug, PartialEq)]
struct Spare {
    identity: FileIdentity,
    differs: Vec<Range<usize>>,
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

/// The entry starting at `at` (entries end at `end`), or `None` if it is
/// damaged or of a kind this index version does not allow.
fn entry_at(bytes: &[u8], version: u32, at: usize, end: usize) -> Option<Located> {
    let flags = be16(bytes, at + 60)?;
    let extended = flags & FLAG_EXTENDED != 0;
    if extended && version < 3 {
        return None;
    }
    let name = at + ENTRY_FIXED + if extended { 2 } else { 0 };
    let length = match flags & NAME_MASK {
        NAME_MASK => bytes.get(name..end)?.iter().position(|b| *b == 0)?,
        n => n as usize,
    };
    let next = at + ((name - at + length + 8) & !7);
    if next > end || bytes.get(name + length) != Some(&0) {
        return None;
    }
    Some(Located { name, length, next })
}

impl IndexFile {
    /// Read and check the index, or `None` when it is missing, damaged or of
    /// a kind this does not patch (libgit2 then handles it, or says what is
    /// wrong).
    pub fn read(repo: &Repository) -> Option<IndexFile> {
        if !cfg!(unix) || repo.is_bare() {
            return None;
        }
        let path = repo.path().join("index");
        let file = fs::File::open(&path).ok()?;
        let seen = identity(&file.metadata().ok()?)?;
        // Safety: git, libgit2 and sprx put a new index in place by renaming
        // a file over it, so the file mapped here is not written while it is
        // the index. sprx writes into the index before last when it reuses
        // it as the next one (see `write`), never making it shorter: a
        // reader still holding that old version may see its changed bytes
        // change, which the checks here catch or git's own checks would,
        // but is never left mapping past the file's end.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        let trusted = State::load(repo.path(), seen, &map);
        let mut index = Self::parse(path, Bytes::Mapped(map), trusted)?;
        index.seen = Some(seen);
        Some(index)
    }

    /// Locate the entries and extensions. The checksum is checked (keeping
    /// its state every [`CHECKPOINT`] bytes) and every entry read, unless
    /// `trusted` holds what sprx learnt of this very file when it wrote it.
    fn parse(path: PathBuf, bytes: Bytes, trusted: Option<State>) -> Option<IndexFile> {
        if bytes.len() < HEADER + HASH || &bytes[..4] != b"DIRC" || u32::try_from(bytes.len()).is_err() {
            return None;
        }
        let version = be32(&bytes, 4)?;
        if !(2..=3).contains(&version) {
            return None;
        }
        let end = bytes.len() - HASH;
        let (anchors, extensions, checkpoints, spare) = match trusted {
            Some(state) => (state.anchors, state.extensions, Some(state.checkpoints), state.spare),
            None => {
                let count = be32(&bytes, 8)? as usize;
                let mut anchors = Vec::with_capacity(count / ANCHOR + 1);
                let mut at = HEADER;
                for n in 0..count {
                    if n % ANCHOR == 0 {
                        anchors.push(at);
                    }
                    at = entry_at(&bytes, version, at, end)?.next;
                }
                (anchors, at, None, None)
            }
        };
        // Extensions whose first letter is lower case are required reading;
        // leave indexes holding any this does not know (a split index, say)
        // to libgit2.
        let mut at = extensions;
        while at < end {
            let signature = bytes.get(at..at + 4)?;
            let size = be32(&bytes, at + 4)? as usize;
            if signature[0].is_ascii_lowercase() || at + 8 + size > end {
                return None;
            }
            at += 8 + size;
        }
        if at != end {
            return None;
        }
        // Check the checksum now, so a damaged index stops a write before it
        // commits, keeping the hash as it stood every so often: a patch
        // hashes again only from the checkpoint before its first change.
        let skip_hash = bytes[end..].iter().all(|b| *b == 0);
        let checkpoints = match checkpoints {
            _ if skip_hash => Vec::new(),
            Some(checkpoints) => checkpoints,
            None => {
                let mut checkpoints = Vec::new();
                let mut hash = Sha1::new();
                for (n, chunk) in bytes[..end].chunks(CHECKPOINT).enumerate() {
                    checkpoints.push((n * CHECKPOINT, hash.clone()));
                    hash.update(chunk);
                }
                if hash.finalize().as_slice() != &bytes[end..] {
                    return None;
                }
                checkpoints
            }
        };
        Some(IndexFile {
            path,
            seen: None,
            bytes,
            version,
            anchors,
            extensions,
            skip_hash,
            checkpoints,
            spare,
        })
    }

    /// The entry starting at `at`.
    fn entry(&self, at: usize) -> Option<Located> {
        entry_at(&self.bytes, self.version, at, self.extensions)
    }

    fn name(&self, entry: &Located) -> &[u8] {
        &self.bytes[entry.name..entry.name + entry.length]
    }

    /// Where the first entry whose path sorts at or after `path` starts
    /// (where the extensions start if there is none), or `None` if an entry
    /// on the way is damaged.
    fn seek(&self, path: &[u8]) -> Option<usize> {
        let before = self
            .anchors
            .partition_point(|at| self.entry(*at).is_some_and(|entry| self.name(&entry) < path));
        let mut at = before.checked_sub(1).map_or(HEADER, |n| self.anchors[n]);
        while at < self.extensions {
            let entry = self.entry(at)?;
            if self.name(&entry) >= path {
                break;
            }
            at = entry.next;
        }
        Some(at)
    }

    /// The entry starting at `at`, if there is one there and it is for
    /// exactly `path`.
    fn entry_for(&self, at: usize, path: &[u8]) -> Option<Located> {
        if at >= self.extensions {
            return None;
        }
        self.entry(at).filter(|entry| self.name(entry) == path)
    }

    /// Whether some entry (at any stage) is for exactly `path`.
    fn has_entry(&self, path: &str) -> Option<bool> {
        let at = self.seek(path.as_bytes())?;
        Some(self.entry_for(at, path.as_bytes()).is_some())
    }

    /// The stage-0 entry for `path`, when it is the only entry for it.
    fn find(&self, path: &str) -> Option<Entry> {
        let offset = self.seek(path.as_bytes())?;
        let entry = self.entry_for(offset, path.as_bytes())?;
        if self.entry_for(entry.next, path.as_bytes()).is_some() {
            return None;
        }
        let flags = be16(&self.bytes, offset + 60)?;
        if flags & FLAG_STAGE != 0 {
            return None;
        }
        let oid = Oid::from_bytes(&self.bytes[offset + 40..offset + 60]).ok()?;
        Some(Entry { offset, flags, oid })
    }

    /// The new index with the entries for `written` set to their new blobs
    /// and the working files' stats — patched in place, or added where the
    /// path sorts for a file new to the index — or `None` when one of them
    /// is anything else (a conflict, a flagged entry, a file where a folder
    /// is). The checksum is still to be added.
    fn patch(&self, root: &Path, written: &[(&str, Oid)]) -> Option<Patched> {
        let mut first = self.extensions;
        // (where, how many bytes it replaces, path, new bytes)
        let mut edits: Vec<(usize, usize, &str, Vec<u8>)> = Vec::with_capacity(written.len());
        let mut added = 0u32;
        for (path, oid) in written {
            let stat = stat_fields(&fs::symlink_metadata(root.join(path)).ok()?)?;
            if let Some(entry) = self.find(path) {
                if entry.flags & (FLAG_EXTENDED | FLAG_ASSUME_VALID) != 0 {
                    return None;
                }
                edits.push((entry.offset, 60, path, [&stat[..], oid.as_bytes()].concat()));
                first = first.min(entry.offset);
            } else {
                edits.push((self.place_for(path)?, 0, path, new_entry(path, stat, *oid)));
                added += 1;
                // The entry count in the header changes.
                first = 0;
            }
        }
        // In file order; new files going in the same place in path order,
        // before the entry already there.
        edits.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        if edits.windows(2).any(|w| w[0].2 == w[1].2) {
            return None;
        }
        // Entries added push everything from where they go onward along.
        let added_at: Vec<(usize, usize)> = edits
            .iter()
            .filter(|(_, replaced, _, _)| *replaced == 0)
            .map(|(offset, _, _, bytes)| (*offset, bytes.len()))
            .collect();
        let moved = |offset: usize| -> usize {
            let pushed: usize = added_at.iter().filter(|(at, _)| *at <= offset).map(|(_, n)| n).sum();
            offset + pushed
        };
        let paths: Vec<&str> = written.iter().map(|(path, _)| *path).collect();
        let extensions = self.rewrite_extensions(&paths)?;
        let mut pieces = Vec::with_capacity(2 * edits.len() + 3);
        let mut cursor = 0;
        if added > 0 {
            let count = be32(&self.bytes, 8)?.checked_add(added)?;
            pieces.push(Piece::New([&self.bytes[..8], &count.to_be_bytes()].concat()));
            cursor = HEADER;
        }
        for (offset, replaced, _, bytes) in edits {
            pieces.push(Piece::Old(cursor..offset));
            pieces.push(Piece::New(bytes));
            cursor = offset + replaced;
        }
        pieces.push(Piece::Old(cursor..self.extensions));
        pieces.push(Piece::New(extensions));
        let (start, unchanged) = self
            .checkpoints
            .iter()
            .rev()
            .find(|(offset, _)| *offset <= first)
            .cloned()
            .unwrap_or_else(|| (0, Sha1::new()));
        Some(Patched {
            pieces,
            unchanged,
            start,
            anchors: self.anchors.iter().map(|at| moved(*at)).collect(),
            extensions: moved(self.extensions),
        })
    }

    /// Where a new entry for `path` goes (entries are in path order), or
    /// `None` if the index has it in conflict, or it would put a file where
    /// the index has a folder or a folder where it has a file.
    fn place_for(&self, path: &str) -> Option<usize> {
        let wanted = path.as_bytes();
        let at = self.seek(wanted)?;
        if at < self.extensions {
            let entry = self.entry(at)?;
            let next = self.name(&entry);
            if next == wanted || (next.starts_with(wanted) && next.get(wanted.len()) == Some(&b'/')) {
                return None;
            }
        }
        for folder in path.match_indices('/').map(|(i, _)| &path[..i]) {
            if self.has_entry(folder)? {
                return None;
            }
        }
        Some(at)
    }

    /// The extensions to write back: cached trees with the folders above
    /// `paths` marked changed, resolve-undo and conflict names kept as they
    /// are; the rest (untracked cache, offset tables) dropped, as libgit2
    /// drops them, since git rebuilds them when it wants them.
    fn rewrite_extensions(&self, paths: &[&str]) -> Option<Vec<u8>> {
        let end = self.bytes.len() - HASH;
        let mut out = Vec::new();
        let mut at = self.extensions;
        while at < end {
            let signature = &self.bytes[at..at + 4];
            let size = be32(&self.bytes, at + 4)? as usize;
            let data = &self.bytes[at + 8..at + 8 + size];
            match signature {
                b"TREE" => {
                    let mut tree = Vec::with_capacity(size);
                    let mut rest = data;
                    invalidate(&mut rest, "", paths, &mut tree)?;
                    if !rest.is_empty() {
                        return None;
                    }
                    out.extend_from_slice(b"TREE");
                    out.extend_from_slice(&u32::try_from(tree.len()).ok()?.to_be_bytes());
                    out.extend_from_slice(&tree);
                }
                b"REUC" | b"NAME" => out.extend_from_slice(&self.bytes[at..at + 8 + size]),
                _ => {}
            }
            at += 8 + size;
        }
        Some(out)
    }

    /// Take git's lock on the index: with the spare, when it is still the
    /// index before this one and the new index (`length` bytes) is no
    /// shorter, giving where it differs from this one; else with a new,
    /// empty file.
    fn take_lock(
        &self,
        lock: &Path,
        spare_path: &Path,
        length: usize,
    ) -> Result<(fs::File, Option<Vec<Range<usize>>>)> {
        let locked = || StoreError::IndexLocked(lock.to_path_buf());
        let io = |source| StoreError::Io {
            path: lock.to_path_buf(),
            source,
        };
        // A spare is only lengthened, never shortened: a reader may still be
        // mapping it from when it was the index.
        let spare = self.spare.as_ref().filter(|spare| {
            spare.identity.0 <= length as u64
                && fs::metadata(spare_path).ok().and_then(|stat| identity(&stat)) == Some(spare.identity)
        });
        if let Some(spare) = spare {
            match fs::hard_link(spare_path, lock) {
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(locked()),
                Err(_) => {}
                Ok(()) => {
                    let _ = fs::remove_file(spare_path);
                    if let Ok(file) = OpenOptions::new().write(true).open(lock) {
                        // Past the shorter of the two, the spare holds nothing useful.
                        let same_up_to = (spare.identity.0 as usize).min(self.bytes.len());
                        let mut differs = spare.differs.clone();
                        differs.push(same_up_to..usize::MAX);
                        return Ok((file, Some(differs)));
                    }
                    // Not writable by this user (another user's git wrote
                    // it, say): start afresh.
                    fs::remove_file(lock).map_err(io)?;
                }
            }
        }
        match OpenOptions::new().write(true).create_new(true).open(lock) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(locked()),
            opened => Ok((opened.map_err(io)?, None)),
        }
    }

    /// Write the patched index with its checksum and put it in place through
    /// `index.lock`, as git does, so nothing ever sees half an index; then
    /// save what the next write needs to know of it. Returns false, and
    /// writes nothing, when git has written the index since it was read.
    ///
    /// The lock is taken with the spare — the index before this one — when
    /// there is one, and only the bytes where it differs from the new index
    /// are written into it; otherwise with a new file, written whole. Either
    /// way the index being replaced is kept as the next spare. So a change
    /// to one entry writes a few hundred bytes, not the whole index, and
    /// the file system neither allocates a new index nor frees the old one.
    fn write(self, patched: Patched) -> Result<bool> {
        let lock = self.path.with_extension("lock");
        let io = |source| StoreError::Io {
            path: lock.clone(),
            source,
        };
        let git_dir = self.path.parent().unwrap_or(Path::new("."));
        let spare_path = State::spare_path(git_dir);
        let length = patched.pieces.iter().map(|piece| piece.len()).sum::<usize>() + HASH;
        let (file, differs) = self.take_lock(&lock, &spare_path, length)?;
        let unchanged = fs::metadata(&self.path).ok().and_then(|m| identity(&m));
        if self.seen.is_none() || unchanged != self.seen {
            drop(file);
            let _ = fs::remove_file(&lock);
            return Ok(false);
        }
        let mut hash = Hasher {
            offset: 0,
            from: (!self.skip_hash).then_some(patched.start),
            hash: patched.unchanged,
            checkpoints: self
                .checkpoints
                .into_iter()
                .take_while(|(o, _)| *o < patched.start)
                .collect(),
        };
        // Where the new index differs from the one it replaces.
        let mut changed: Vec<Range<usize>> = Vec::new();
        let written = (|| {
            let mut file = file;
            let mut target = 0;
            for piece in &patched.pieces {
                let (bytes, in_place) = match piece {
                    Piece::Old(range) => (&self.bytes[range.clone()], range.start == target),
                    Piece::New(bytes) => (bytes.as_slice(), false),
                };
                let here = target..target + bytes.len();
                match &differs {
                    // Old bytes where they were: the spare has them, but
                    // where it differs.
                    Some(differs) if in_place => {
                        for range in differs {
                            let (from, to) = (range.start.max(here.start), range.end.min(here.end));
                            if from < to {
                                write_at(&mut file, from, &self.bytes[from..to])?;
                            }
                        }
                    }
                    _ => write_at(&mut file, target, bytes)?,
                }
                if !in_place {
                    note(&mut changed, here.clone());
                }
                hash.put(bytes);
                target = here.end;
            }
            let sum = match hash.from {
                None => [0; HASH],
                Some(_) => hash.hash.clone().finalize().into(),
            };
            write_at(&mut file, target, &sum)?;
            note(&mut changed, target..length);
            file.set_len(length as u64)?;
            let identity = identity(&file.metadata()?);
            // Keep the index being replaced as the next spare.
            let _ = fs::remove_file(&spare_path);
            let kept = fs::hard_link(&self.path, &spare_path).is_ok();
            fs::rename(&lock, &self.path)?;
            Ok((sum, identity, kept))
        })();
        let (sum, written, kept) = match written {
            Ok(done) => done,
            Err(e) => {
                let _ = fs::remove_file(&lock);
                return Err(io(e));
            }
        };
        if let (Some(written), Some(replaced)) = (written, self.seen) {
            let state = State {
                extensions: patched.extensions,
                anchors: patched.anchors,
                checkpoints: hash.checkpoints,
                spare: kept.then_some(Spare {
                    identity: replaced,
                    differs: changed,
                }),
            };
            state.save(git_dir, written, &sum);
        }
        Ok(true)
    }
}

/// Write `bytes` at `offset` in `file`.
fn write_at(file: &mut fs::File, offset: usize, bytes: &[u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(offset as u64))?;
    file.write_all(bytes)
}

/// Add `range` to the sorted `ranges`, joining it to the last if they touch.
fn note(ranges: &mut Vec<Range<usize>>, range: Range<usize>) {
    match ranges.last_mut() {
        Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
        _ => ranges.push(range),
    }
}

/// One stretch of a patched index: bytes of the old file, or new ones.
enum Piece {
    Old(Range<usize>),
    New(Vec<u8>),
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Piece::Old(range) => range.len(),
            Piece::New(bytes) => bytes.len(),
        }
    }
}

/// The new index, to be written with the checksum going on from the hash of
/// everything before `start` (which is the same in the old file), and its
/// anchors and extensions' offset.
struct Patched {
    pieces: Vec<Piece>,
    unchanged: Sha1,
    start: usize,
    anchors: Vec<usize>,
    extensions: usize,
}

/// Hashes the new index from `from` on (nothing when it is `None`:
/// `index.skipHash`), keeping the hash's state at each [`CHECKPOINT`].
struct Hasher {
    offset: usize,
    from: Option<usize>,
    hash: Sha1,
    checkpoints: Vec<(usize, Sha1)>,
}

impl Hasher {
    fn put(&mut self, bytes: &[u8]) {
        let Some(from) = self.from else {
            self.offset += bytes.len();
            return;
        };
        let mut rest = bytes;
        if self.offset < from {
            let skip = (from - self.offset).min(rest.len());
            rest = &rest[skip..];
            self.offset += skip;
        }
        while !rest.is_empty() {
            if self.offset.is_multiple_of(CHECKPOINT) {
                self.checkpoints.push((self.offset, self.hash.clone()));
            }
            let take = (CHECKPOINT - self.offset % CHECKPOINT).min(rest.len());
            self.hash.update(&rest[..take]);
            rest = &rest[take..];
            self.offset += take;
        }
    }
}

/// What sprx learnt of the index it wrote last, kept in
/// `.git/sprx/index-state` so the next write need not read it all again:
/// the checksum's states (git itself checks the checksum only in `git
/// fsck`), the anchors, where the extensions start, and the spare. It is
/// used only for the very file it was made for: same size, modification
/// time, inode and checksum. The file ends with its own SHA-1, so a torn
/// or damaged one is seen; anything amiss and the index is read afresh.
struct State {
    extensions: usize,
    anchors: Vec<usize>,
    checkpoints: Vec<(usize, Sha1)>,
    spare: Option<Spare>,
}

impl State {
    const MAGIC: &'static [u8] = b"sprx index state 1\n";

    fn path(git_dir: &Path) -> PathBuf {
        git_dir.join("sprx").join("index-state")
    }

    fn spare_path(git_dir: &Path) -> PathBuf {
        git_dir.join("sprx").join("index-spare")
    }

    fn key(identity: FileIdentity, sum: &[u8]) -> Option<Vec<u8>> {
        let (size, modified, inode) = identity;
        let nanos = modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
        Some(
            [
                Self::MAGIC,
                &size.to_le_bytes(),
                &nanos.to_le_bytes(),
                &inode.to_le_bytes(),
                sum,
            ]
            .concat(),
        )
    }

    /// What was saved, if it was saved for this file (`bytes`, with
    /// `identity`).
    fn load(git_dir: &Path, identity: FileIdentity, bytes: &[u8]) -> Option<State> {
        let saved = fs::read(Self::path(git_dir)).ok()?;
        let (body, sum) = saved.split_at_checked(saved.len().checked_sub(HASH)?)?;
        if Sha1::digest(body).as_slice() != sum {
            return None;
        }
        let key = Self::key(identity, bytes.get(bytes.len().checked_sub(HASH)?..)?)?;
        let mut rest = Fields(body.strip_prefix(key.as_slice())?);
        let end = bytes.len() - HASH;
        let extensions = rest.number().filter(|at| *at <= end)?;
        let mut anchors = Vec::new();
        for _ in 0..rest.number()? {
            let at = rest
                .number()
                .filter(|at| *at >= anchors.last().map_or(HEADER, |last| last + 1))?;
            anchors.push(at);
        }
        if anchors.last().is_some_and(|last| *last >= extensions) {
            return None;
        }
        let mut checkpoints = Vec::new();
        for n in 0..rest.number()? {
            let offset = rest.number().filter(|at| *at == n * CHECKPOINT && *at < end)?;
            let state = SerializedState::<Sha1>::try_from(rest.take(state_size())?).ok()?;
            checkpoints.push((offset, Sha1::deserialize(&state).ok()?));
        }
        let spare = match rest.take(1)? {
            [0] => None,
            _ => {
                let size = rest.number()? as u64;
                let nanos = u64::try_from(rest.number()?).ok()?;
                let inode = rest.number()? as u64;
                let modified = std::time::UNIX_EPOCH.checked_add(std::time::Duration::from_nanos(nanos))?;
                let mut differs = Vec::new();
                for _ in 0..rest.number()? {
                    let (start, end) = (rest.number()?, rest.number()?);
                    differs.push((start <= end).then_some(start..end)?);
                }
                Some(Spare {
                    identity: (size, modified, inode),
                    differs,
                })
            }
        };
        rest.0.is_empty().then_some(State {
            extensions,
            anchors,
            checkpoints,
            spare,
        })
    }

    /// Save this for the index just written (`identity`, checksum `sum`),
    /// over the last in place (it checks itself); on any failure the next
    /// write reads the whole index.
    fn save(&self, git_dir: &Path, identity: FileIdentity, sum: &[u8]) {
        let Some(mut out) = Self::key(identity, sum) else {
            return;
        };
        let mut put = |n: u64| out.extend_from_slice(&n.to_le_bytes());
        put(self.extensions as u64);
        put(self.anchors.len() as u64);
        self.anchors.iter().for_each(|at| put(*at as u64));
        put(self.checkpoints.len() as u64);
        for (offset, state) in &self.checkpoints {
            out.extend_from_slice(&(*offset as u64).to_le_bytes());
            out.extend_from_slice(&state.serialize());
        }
        let spare = self.spare.as_ref().and_then(|spare| {
            let (size, modified, inode) = spare.identity;
            let nanos = u64::try_from(modified.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos()).ok()?;
            let mut fields = vec![size, nanos, inode, spare.differs.len() as u64];
            for range in &spare.differs {
                fields.extend([range.start as u64, range.end.min(u64::MAX as usize) as u64]);
            }
            Some(fields)
        });
        match spare {
            None => out.push(0),
            Some(fields) => {
                out.push(1);
                fields.iter().for_each(|n| out.extend_from_slice(&n.to_le_bytes()));
            }
        }
        let own = Sha1::digest(&out);
        out.extend_from_slice(&own);
        let path = Self::path(git_dir);
        let saved = fs::create_dir_all(git_dir.join("sprx")).and_then(|()| {
            let mut file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            file.write_all(&out)?;
            file.set_len(out.len() as u64)
        });
        if saved.is_err() {
            let _ = fs::remove_file(&path);
        }
    }
}

fn state_size() -> usize {
    Sha1::new().serialize().len()
}

/// The saved state's fields, read in order.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    fn number(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }
}
/// What tells one version of the index file from another without reading it.
fn identity(stat: &fs::Metadata) -> Option<FileIdentity> {
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(stat);
    #[cfg(not(unix))]
    let inode = 0;
    Some((stat.len(), stat.modified().ok()?, inode))
}

/// A version 2 index entry: stats, object id, flags (stage 0 and the path's
/// length), the path, and one to eight NULs to a multiple of eight bytes.
fn new_entry(path: &str, stat: [u8; 40], oid: Oid) -> Vec<u8> {
    let name = path.as_bytes();
    let length = name.len().min(NAME_MASK as usize) as u16;
    let size = (ENTRY_FIXED + name.len() + 8) & !7;
    let mut entry = Vec::with_capacity(size);
    entry.extend_from_slice(&stat);
    entry.extend_from_slice(oid.as_bytes());
    entry.extend_from_slice(&length.to_be_bytes());
    entry.extend_from_slice(name);
    entry.resize(size, 0);
    entry
}

/// A file's stats as an index entry holds them: ctime, mtime (seconds and
/// nanoseconds), dev, ino, mode, uid, gid, size, each as 32 bits.
#[cfg(unix)]
fn stat_fields(stat: &fs::Metadata) -> Option<[u8; 40]> {
    use std::os::unix::fs::MetadataExt;
    if !stat.is_file() {
        return None;
    }
    let mode: u32 = if stat.mode() & 0o111 != 0 { 0o100755 } else { 0o100644 };
    let fields = [
        stat.ctime() as u32,
        stat.ctime_nsec() as u32,
        stat.mtime() as u32,
        stat.mtime_nsec() as u32,
        stat.dev() as u32,
        stat.ino() as u32,
        mode,
        stat.uid(),
        stat.gid(),
        stat.size() as u32,
    ];
    let mut out = [0u8; 40];
    for (slot, value) in out.chunks_exact_mut(4).zip(fields) {
        slot.copy_from_slice(&value.to_be_bytes());
    }
    Some(out)
}

#[cfg(not(unix))]
fn stat_fields(_: &fs::Metadata) -> Option<[u8; 40]> {
    None
}

/// Copy one cached-tree node (and its children) from `data` to `out`,
/// marking it changed when a path in `paths` lies under `folder` (the node's
/// full path, "" for the root). A node is its name, NUL, the entry count
/// (-1 when changed), a space, the subtree count, a newline, and the tree id
/// unless changed.
fn invalidate(data: &mut &[u8], folder: &str, paths: &[&str], out: &mut Vec<u8>) -> Option<()> {
    let name_end = data.iter().position(|b| *b == 0)?;
    let name = std::str::from_utf8(&data[..name_end]).ok()?;
    let line_end = name_end + data[name_end..].iter().position(|b| *b == b'\n')?;
    let counts = std::str::from_utf8(&data[name_end + 1..line_end]).ok()?;
    let (entries, subtrees) = counts.split_once(' ')?;
    let entries: i64 = entries.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    let full = match (folder, name) {
        ("", name) => name.to_string(),
        (folder, name) => format!("{folder}/{name}"),
    };
    let prefix = if full.is_empty() {
        String::new()
    } else {
        format!("{full}/")
    };
    let touched = paths.iter().any(|p| p.starts_with(&prefix));
    let mut rest = &data[line_end + 1..];
    out.extend_from_slice(&data[..=name_end]);
    if entries >= 0 && !touched {
        out.extend_from_slice(format!("{entries} {subtrees}\n").as_bytes());
        out.extend_from_slice(rest.get(..HASH)?);
        rest = &rest[HASH..];
    } else {
        out.extend_from_slice(format!("-1 {subtrees}\n").as_bytes());
        if entries >= 0 {
            rest = rest.get(HASH..)?;
        }
    }
    for _ in 0..subtrees {
        invalidate(&mut rest, &full, paths, out)?;
    }
    *data = rest;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository whose index libgit2 wrote, holding `names` (each file's
    /// text is its own name).
    fn repo_with(names: &[&str]) -> (tempfile::TempDir, Repository, Index) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut index = repo.index().unwrap();
        for name in names {
            add(dir.path(), &mut index, name);
        }
        index.write().unwrap();
        (dir, repo, index)
    }

    /// Write `name` (its text is its name) and stage it.
    fn add(root: &Path, index: &mut Index, name: &str) {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, name).unwrap();
        index.add_path(Path::new(name)).unwrap();
    }

    fn node(name: &str, entries: i64, subtrees: usize, id: u8) -> Vec<u8> {
        let mut out = format!("{name}\0{entries} {subtrees}\n").into_bytes();
        if entries >= 0 {
            out.extend_from_slice(&[id; HASH]);
        }
        out
    }

    #[test]
    fn cached_trees_above_a_changed_file_are_marked_changed() {
        let data = [
            node("", 5, 2, 1),
            node("referrals", 4, 2, 2),
            node("2025", 2, 0, 3),
            node("2026", 2, 0, 4),
            node("services", 1, 0, 5),
        ]
        .concat();
        let mut rest = data.as_slice();
        let mut out = Vec::new();
        invalidate(&mut rest, "", &["referrals/2026/SP-2026-0002.yaml"], &mut out).unwrap();
        assert!(rest.is_empty());
        let expected = [
            node("", -1, 2, 0),
            node("referrals", -1, 2, 0),
            node("2025", 2, 0, 3),
            node("2026", -1, 0, 0),
            node("services", 1, 0, 5),
        ]
        .concat();
        assert_eq!(out, expected);
    }

    #[test]
    fn an_entry_is_patched_in_place_and_libgit2_reads_the_result() {
        let names = [
            "a.yaml",
            "referrals/2026/SP-2026-0001.yaml",
            "referrals/2026/SP-2026-0002.yaml",
        ];
        let (dir, repo, index) = repo_with(&names);
        let changed = names[1];
        fs::write(dir.path().join(changed), "a longer text than before").unwrap();
        let blob = repo.blob(b"a longer text than before").unwrap();

        let file = IndexFile::read(&repo).expect("a plain index is patchable");
        assert_eq!(
            file.find(changed).map(|e| e.oid),
            index.get_path(Path::new(changed), 0).map(|e| e.id)
        );
        assert!(file.find("referrals/2026").is_none());
        let patched = file.patch(dir.path(), &[(changed, blob)]).expect("the entry is there");
        assert!(file.write(patched).unwrap());

        let mut index = repo.index().unwrap();
        index.read(true).unwrap();
        assert_eq!(index.len(), 3);
        let entry = index.get_path(Path::new(changed), 0).unwrap();
        assert_eq!(entry.id, blob);
        assert_eq!(entry.file_size, 25);
        for name in [names[0], names[2]] {
            let entry = index.get_path(Path::new(name), 0).unwrap();
            assert_eq!(entry.id, repo.blob(name.as_bytes()).unwrap());
        }
        // A file that is not there is not added.
        let file = IndexFile::read(&repo).unwrap();
        assert!(file.patch(dir.path(), &[("b.yaml", blob)]).is_none());
    }

    #[test]
    fn new_files_are_added_in_path_order() {
        let (dir, repo, _) = repo_with(&["a.yaml", "referrals/2026/SP-2026-0002.yaml"]);
        let write = |name: &str| {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, name).unwrap();
            (name.to_string(), repo.blob(name.as_bytes()).unwrap())
        };
        // Three in the same place, in no order; one between entries.
        let new: Vec<(String, Oid)> = [
            "services/z.yaml",
            "services/b.yaml",
            "services/c.yaml",
            "referrals/2026/SP-2026-0003.yaml",
            "referrals/2026/SP-2026-0001.yaml",
            "referrals/2025/SP-2025-0001.yaml",
        ]
        .map(write)
        .into();
        let written: Vec<(&str, Oid)> = new.iter().map(|(n, o)| (n.as_str(), *o)).collect();
        let file = IndexFile::read(&repo).unwrap();
        let patched = file.patch(dir.path(), &written).expect("new files are added");
        assert!(file.write(patched).unwrap());

        let mut index = repo.index().unwrap();
        index.read(true).unwrap();
        let paths: Vec<String> = index.iter().map(|e| String::from_utf8(e.path).unwrap()).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert_eq!(paths.len(), 8);
        for (name, oid) in &new {
            assert_eq!(index.get_path(Path::new(name), 0).map(|e| e.id), Some(*oid), "{name}");
        }
        // No file where a folder is, nor a folder where a file is.
        let file = IndexFile::read(&repo).unwrap();
        let (_, blob) = write("b.yaml");
        assert!(file.place_for("referrals").is_none());
        assert!(file.place_for("a.yaml/x.yaml").is_none());
        assert!(file.place_for("referrals/2026").is_none());
        assert!(file.patch(dir.path(), &[("b.yaml", blob)]).is_some());
    }

    #[test]
    fn an_index_git_wrote_meanwhile_is_not_overwritten() {
        let (dir, repo, mut index) = repo_with(&["a.yaml"]);
        let file = IndexFile::read(&repo).unwrap();
        add(dir.path(), &mut index, "b.yaml");
        index.write().unwrap();
        let written = fs::read(repo.path().join("index")).unwrap();
        let patched = file
            .patch(dir.path(), &[("a.yaml", repo.blob(b"a.yaml").unwrap())])
            .unwrap();
        assert!(!file.write(patched).unwrap());
        assert_eq!(fs::read(repo.path().join("index")).unwrap(), written);
        assert!(!repo.path().join("index.lock").exists());
    }

    #[test]
    fn damaged_indexes_are_left_to_libgit2() {
        let (_dir, repo, _) = repo_with(&["a.yaml"]);
        let good = fs::read(repo.path().join("index")).unwrap();
        let path = repo.path().join("index");
        assert!(IndexFile::parse(path.clone(), Bytes::Owned(good.clone()), None).is_some());
        for cut in [0, 12, 40, good.len() - 21] {
            assert!(
                IndexFile::parse(path.clone(), Bytes::Owned(good[..cut].to_vec()), None).is_none(),
                "cut at {cut}"
            );
        }
        // A flipped bit is found by the checksum on reading.
        let mut flipped = good.clone();
        flipped[20] ^= 1;
        assert!(IndexFile::parse(path.clone(), Bytes::Owned(flipped), None).is_none());
    }

    /// The checksum's states saved by one write carry the next, whose
    /// checksum is still right; they are not used for any other file.
    #[test]
    fn saved_checksum_states_serve_only_the_index_they_were_saved_for() {
        let (dir, repo, mut index) = repo_with(&["a.yaml", "b.yaml"]);
        let git_dir = repo.path().to_path_buf();
        let checksum_ok = || {
            let bytes = fs::read(git_dir.join("index")).unwrap();
            let (body, sum) = bytes.split_at(bytes.len() - HASH);
            Sha1::digest(body).as_slice() == sum
        };
        let trusted = || {
            let bytes = fs::read(git_dir.join("index")).unwrap();
            let seen = identity(&fs::metadata(git_dir.join("index")).unwrap()).unwrap();
            State::load(&git_dir, seen, &bytes).is_some()
        };
        assert!(!trusted(), "nothing saved yet");
        for text in ["one", "two", "three"] {
            fs::write(dir.path().join("a.yaml"), text).unwrap();
            let blob = repo.blob(text.as_bytes()).unwrap();
            let file = IndexFile::read(&repo).unwrap();
            let patched = file.patch(dir.path(), &[("a.yaml", blob)]).unwrap();
            assert!(file.write(patched).unwrap());
            assert!(checksum_ok(), "after writing {text}");
            assert!(trusted(), "after writing {text}");
            let mut reread = repo.index().unwrap();
            reread.read(true).unwrap();
            assert_eq!(reread.get_path(Path::new("a.yaml"), 0).unwrap().id, blob);
        }
        // Saved states that are damaged are not used.
        let saved = State::path(&git_dir);
        let mut bytes = fs::read(&saved).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        fs::write(&saved, bytes).unwrap();
        assert!(!trusted());
        // Nor are they once libgit2 (or git) has written the index.
        fs::write(dir.path().join("a.yaml"), "four").unwrap();
        let file = IndexFile::read(&repo).unwrap();
        let patched = file
            .patch(dir.path(), &[("a.yaml", repo.blob(b"four").unwrap())])
            .unwrap();
        assert!(file.write(patched).unwrap());
        assert!(trusted());
        add(dir.path(), &mut index, "c.yaml");
        index.write().unwrap();
        assert!(!trusted());
        assert!(checksum_ok());
    }

    /// Over many checkpoints: changes early, late, and new files, each
    /// leaving a right checksum for libgit2, on saved states or fresh ones.
    #[test]
    fn checksums_stay_right_across_many_checkpoints() {
        let names: Vec<String> = (0..4000)
            .map(|n| format!("referrals/2026/SP-2026-{n:04}.yaml"))
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (dir, repo, _) = repo_with(&refs);
        assert!(fs::metadata(repo.path().join("index")).unwrap().len() > 4 * CHECKPOINT as u64);
        let new = "referrals/2026/SP-2026-1500a.yaml".to_string();
        for (round, path) in [&names[3999], &names[10], &names[2500], &new, &names[3999]]
            .into_iter()
            .enumerate()
        {
            let text = format!("round {round}");
            fs::write(dir.path().join(path), &text).unwrap();
            let blob = repo.blob(text.as_bytes()).unwrap();
            let file = IndexFile::read(&repo).unwrap();
            let patched = file.patch(dir.path(), &[(path, blob)]).unwrap();
            assert!(file.write(patched).unwrap());
            let bytes = fs::read(repo.path().join("index")).unwrap();
            let (body, sum) = bytes.split_at(bytes.len() - HASH);
            assert_eq!(Sha1::digest(body).as_slice(), sum, "round {round}");
            let mut index = repo.index().unwrap();
            index.read(true).unwrap();
            assert_eq!(index.get_path(Path::new(path), 0).unwrap().id, blob);
        }
    }

    /// The patched index as a whole new file would hold it, checksum aside.
    fn contents(file: &IndexFile, patched: &Patched) -> Vec<u8> {
        let mut out = Vec::new();
        for piece in &patched.pieces {
            match piece {
                Piece::Old(range) => out.extend_from_slice(&file.bytes[range.clone()]),
                Piece::New(bytes) => out.extend_from_slice(bytes),
            }
        }
        out
    }

    fn inode(path: &Path) -> u64 {
        identity(&fs::metadata(path).unwrap()).unwrap().2
    }

    /// Writes into the spare, with changes and new files anywhere (and
    /// libgit2 writing the index now and then), leave exactly the index a
    /// whole new file would hold; entries are found from the anchors after
    /// entries were added between them.
    #[test]
    fn the_spare_becomes_the_index_with_only_what_differs_written() {
        let mut names: Vec<String> = (0..3000)
            .map(|n| format!("referrals/{}/SP-{n:04}.yaml", 2020 + n % 3))
            .collect();
        names.sort();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (dir, repo, _) = repo_with(&refs);
        let index_path = repo.path().join("index");
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        let (mut reused, mut inodes) = (0, Vec::new());
        for round in 0..60 {
            if round % 25 == 24 {
                // git (here libgit2) writes the index itself.
                let mut index = repo.index().unwrap();
                index.read(true).unwrap();
                index.write().unwrap();
            }
            let path = match random(4) {
                0 => {
                    let name = format!("referrals/{}/SP-{:04}a{round}.yaml", 2020 + random(3), random(3000));
                    names.push(name.clone());
                    name
                }
                _ => names[random(names.len())].clone(),
            };
            let text = format!("round {round}");
            let full = dir.path().join(&path);
            fs::create_dir_all(full.parent().unwrap()).unwrap();
            fs::write(&full, &text).unwrap();
            let blob = repo.blob(text.as_bytes()).unwrap();
            let file = IndexFile::read(&repo).unwrap();
            let patched = file.patch(dir.path(), &[(path.as_str(), blob)]).unwrap();
            let expected = contents(&file, &patched);
            assert!(file.write(patched).unwrap());
            let bytes = fs::read(&index_path).unwrap();
            let (body, sum) = bytes.split_at(bytes.len() - HASH);
            assert_eq!(body, expected.as_slice(), "round {round}");
            assert_eq!(Sha1::digest(body).as_slice(), sum, "round {round}");
            inodes.push(inode(&index_path));
            if inodes.len() > 2 && inodes[inodes.len() - 1] == inodes[inodes.len() - 3] {
                reused += 1;
            }
        }
        assert!(reused > 40, "the spare was reused only {reused} times");
        // Every entry is found from the anchors, as libgit2 finds it.
        let mut index = repo.index().unwrap();
        index.read(true).unwrap();
        assert_eq!(index.len(), names.len());
        let file = IndexFile::read(&repo).unwrap();
        assert!(file.spare.is_some() && file.anchors.len() >= 3000 / ANCHOR);
        for name in &names {
            let libgit2 = index.get_path(Path::new(name), 0).map(|e| e.id);
            assert_eq!(file.find(name).map(|e| e.oid), libgit2, "{name}");
        }
        assert!(file.find("referrals/2021/SP-0000.yaml").is_none());
        assert!(file.find("referrals/2021").is_none());
    }

    /// A spare that is not what was kept (changed since, or gone) is not
    /// written into; the index is written whole and still right.
    #[test]
    fn a_spare_changed_since_it_was_kept_is_not_used() {
        let (dir, repo, _) = repo_with(&["a.yaml", "b.yaml"]);
        let spare = State::spare_path(repo.path());
        let write = |text: &str| {
            fs::write(dir.path().join("a.yaml"), text).unwrap();
            let blob = repo.blob(text.as_bytes()).unwrap();
            let file = IndexFile::read(&repo).unwrap();
            let patched = file.patch(dir.path(), &[("a.yaml", blob)]).unwrap();
            let expected = contents(&file, &patched);
            assert!(file.write(patched).unwrap());
            let bytes = fs::read(repo.path().join("index")).unwrap();
            assert_eq!(&bytes[..bytes.len() - HASH], expected.as_slice(), "writing {text}");
        };
        write("one");
        write("two");
        assert!(spare.exists());
        // Overwritten in place with other bytes of the same length.
        let kept = fs::read(&spare).unwrap();
        let mut other = kept.clone();
        other[20] ^= 1;
        fs::write(&spare, &other).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(&spare, &other).unwrap();
        let spare_inode = inode(&spare);
        write("three");
        assert_ne!(inode(&repo.path().join("index")), spare_inode);
        fs::remove_file(&spare).unwrap();
        write("four");
        write("five");
    }

    #[test]
    fn damaged_cached_trees_are_not_patched() {
        let mut data = node("", 5, 1, 1);
        data.extend_from_slice(b"referrals\0four 0\n");
        let mut rest = data.as_slice();
        assert!(invalidate(&mut rest, "", &["referrals/x.yaml"], &mut Vec::new()).is_none());
    }
}
