//! The one shortcut through git's index format, for the common events: one
//! existing record changes, or one new record is added. gitoxide decodes
//! and re-encodes the whole index for that — about 25 ms of a 35 ms
//! `contact` at 100,000 referrals. Here the entries of an index of version
//! 2 or 3 are only located, and the new index is the old one's bytes with
//! that one entry replaced or inserted (and, then, the count of entries in
//! its header one more), written whole into a fresh `index.lock` like any
//! other. The new entry, the cached-tree extension and its end-of-entries
//! marker are made by gitoxide itself; only the walk over entries to find
//! where each starts is done here. Anything else — another version, other
//! extensions, a conflict, an entry that changes size — goes the plain way,
//! and tests check the two byte for byte.
//!
//! The checksum runs on another thread from the moment git's index is
//! locked, while the write reads its record ([`Reading`]): the old index is
//! hashed once (with the header it will have, when the write said it adds
//! an entry), keeping the SHA-1 state at every 64 KiB, so the new index's
//! checksum is hashed only from the changed entry on. The entries are
//! located by whichever thread comes to them first: the write, when it
//! first looks at the index, or the hashing thread once it is done.

use std::sync::{Arc, OnceLock};

use gix::bstr::ByteSlice;
use sha1::Digest;

/// The size of an entry's fixed part: stat data, mode, object id, flags.
const FIXED: usize = 62;
const HASH_LEN: usize = 20;

/// The index is split: it names a shared index (`link` extension).
#[derive(Debug)]
pub struct Split;

/// How often the old index's SHA-1 state is kept.
const CHECKPOINT: usize = 64 << 10;

/// An index file with its entries located.
pub struct RawIndex {
    /// The file, mapped: git never writes into an index file, it renames a
    /// new one over it.
    bytes: Arc<memmap2::Mmap>,
    located: Arc<Located>,
    hashed: Arc<Hashed>,
}

/// Where an index's entries are, once a thread has walked them: `None` for
/// an index the shortcut does not handle (or a damaged one).
type Located = OnceLock<Option<Result<Layout, Split>>>;

/// The SHA-1 state after each whole `CHECKPOINT` of the old index's
/// entries (or, for a write that adds one, as if its header counted one
/// more), as far as the reading thread has got; it stops once it has kept
/// as many as the write wants, and says when it is done.
struct Hashed {
    kept: std::sync::Mutex<Vec<sha1::Sha1>>,
    /// Rung when a state is kept, and when the hashing ends.
    progress: std::sync::Condvar,
    /// Whether the states kept are those of the grown header.
    grew: std::sync::atomic::AtomicBool,
    /// How many states the write needs: the hashing stops there.
    wanted: std::sync::atomic::AtomicUsize,
    /// Whether the index was hashed whole, as it is, and its stored
    /// checksum holds; set before `done`.
    holds: std::sync::atomic::AtomicBool,
    done: std::sync::atomic::AtomicBool,
}

impl Hashed {
    /// No more states are wanted: the write goes the plain way, or none.
    fn stop(&self) {
        self.wanted.store(0, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Default for Hashed {
    fn default() -> Hashed {
        Hashed {
            kept: Default::default(),
            progress: Default::default(),
            grew: Default::default(),
            wanted: usize::MAX.into(),
            holds: Default::default(),
            done: Default::default(),
        }
    }
}

/// Marks the hashing done however it ends (a panic included), so a write
/// waiting for a state never waits for ever.
struct Done<'a>(&'a Hashed);

impl Drop for Done<'_> {
    fn drop(&mut self) {
        let _kept = self.0.kept.lock();
        self.0.done.store(true, std::sync::atomic::Ordering::Relaxed);
        self.0.progress.notify_all();
    }
}

/// An index being read on another thread: hashed, then located unless
/// the write has located it first.
pub struct Reading {
    bytes: Arc<memmap2::Mmap>,
    located: Arc<Located>,
    hashed: Arc<Hashed>,
    verify: bool,
}

impl Reading {
    /// Start reading `bytes` on another thread; with `verify`, the index's
    /// own checksum is checked before it is trusted. `adds` says the write
    /// adds an entry: the states kept suit the header it will have.
    pub fn start(bytes: memmap2::Mmap, verify: bool, adds: bool) -> Reading {
        let bytes = Arc::new(bytes);
        let located = Arc::new(Located::new());
        let hashed = Arc::new(Hashed::default());
        let (shared, place, hashing) = (Arc::clone(&bytes), Arc::clone(&located), Arc::clone(&hashed));
        // One thread: on two cores, a third busy thread beside this write
        // delayed it more than it gained. A write to a record it has looks
        // at the index almost at once, and is then done with its own work
        // long before the hashing (7 ms at 100,000 entries): the hashing
        // comes first, and the write locates the entries (2 ms) while it
        // waits. A write that adds a record has more to do first (its
        // duplicate check): the entries are located first, ready for it.
        std::thread::spawn(move || {
            if adds {
                place.get_or_init(|| Layout::of(&shared));
            }
            // The index's own checksum, when it is checked, is of the
            // header it has.
            hash(&shared, &hashing, adds && !verify);
            // Not once the write has stopped the hashing: it has located
            // the entries already, or wants nothing more from this index.
            if hashing.wanted.load(std::sync::atomic::Ordering::Relaxed) > 0 {
                place.get_or_init(|| Layout::of(&shared));
            }
        });
        Reading {
            bytes,
            located,
            hashed,
            verify,
        }
    }

    /// Stop hashing: the write will not use the shortcut.
    pub fn stop_hashing(&self) {
        self.hashed.stop();
    }

    /// The index with its entries located (here, unless the other thread
    /// has done it or is doing it), if the shortcut handles it — after
    /// its whole checksum is checked, when it is to be; a split index is
    /// an error.
    pub fn finish(self) -> Result<Option<RawIndex>, Split> {
        let found = match self.located.get_or_init(|| Layout::of(&self.bytes)) {
            Some(Ok(_)) => !self.verify || self.hashed.held(),
            Some(Err(Split)) => {
                self.hashed.stop();
                return Err(Split);
            }
            None => false,
        };
        if !found {
            self.hashed.stop();
            return Ok(None);
        }
        Ok(Some(RawIndex {
            bytes: self.bytes,
            located: self.located,
            hashed: self.hashed,
        }))
    }
}

impl Hashed {
    /// Wait for the hashing to end; whether it hashed the index whole and
    /// its stored checksum holds.
    fn held(&self) -> bool {
        use std::sync::atomic::Ordering;
        let mut kept = self.kept.lock().expect("never poisoned");
        while !self.done.load(Ordering::Relaxed) {
            kept = self.progress.wait(kept).expect("never poisoned");
        }
        self.holds.load(Ordering::Relaxed)
    }
}

/// Hash `bytes` as git does its index (with the header counting one entry
/// more when it will `grow`), keeping the state after each whole
/// `CHECKPOINT` in `hashed`, until as many are kept as a write wants; and
/// whether the stored checksum holds (an absent one, from `index.skipHash`,
/// does; a hash stopped early, or of the grown header, does not).
fn hash(bytes: &[u8], hashed: &Hashed, grow: bool) -> bool {
    use std::sync::atomic::Ordering;
    let _done = Done(hashed);
    let Some(body_len) = bytes.len().checked_sub(HASH_LEN) else {
        return false;
    };
    let (body, stored) = bytes.split_at(body_len);
    let mut hasher = sha1::Sha1::default();
    hashed.grew.store(grow, Ordering::Relaxed);
    let mut header = body.get(..12).unwrap_or_default().to_vec();
    if grow && let Some(count) = header.get_mut(8..12) {
        let more = u32::from_be_bytes((&*count).try_into().expect("four bytes")).wrapping_add(1);
        count.copy_from_slice(&more.to_be_bytes());
    }
    for (i, chunk) in body.chunks(CHECKPOINT).enumerate() {
        if i >= hashed.wanted.load(Ordering::Relaxed) {
            return false;
        }
        if i == 0 {
            hasher.update(&header);
            hasher.update(chunk.get(12..).unwrap_or_default());
        } else {
            hasher.update(chunk);
        }
        if chunk.len() == CHECKPOINT {
            hashed.kept.lock().expect("never poisoned").push(hasher.clone());
            hashed.progress.notify_all();
        }
    }
    if grow {
        // Not this index's own checksum: not checked.
        return false;
    }
    let holds = stored.iter().all(|b| *b == 0) || hasher.finalize().as_slice() == stored;
    // Before `_done` marks the hashing done.
    hashed.holds.store(holds, Ordering::Relaxed);
    holds
}

/// Where the parts of an index file are.
struct Layout {
    /// Where each entry starts.
    starts: Vec<usize>,
    /// Where the entries end and the extensions begin.
    entries_end: usize,
    /// The cached-tree extension's data, if the index has one.
    tree: Option<std::ops::Range<usize>>,
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl Layout {
    /// Where the entries and extensions of `bytes` are; `None` for an index
    /// the shortcut does not handle.
    fn of(bytes: &[u8]) -> Option<Result<Layout, Split>> {
        if bytes.get(..4)? != b"DIRC" || !matches!(be32(bytes, 4)?, 2 | 3) {
            return None;
        }
        let count = be32(bytes, 8)? as usize;
        let end = bytes.len().checked_sub(HASH_LEN)?;
        // Each entry takes at least FIXED bytes: a count larger than the
        // file could hold is not believed for the allocation.
        let mut starts = Vec::with_capacity(count.min(bytes.len() / FIXED));
        let mut extended = false;
        let mut at = 12;
        for _ in 0..count {
            let flags = be16(bytes, at + FIXED - 2)?;
            // Conflicted entries (stages 1-3) and long names go the plain way.
            if flags & 0x3000 != 0 || flags & 0x0fff == 0x0fff {
                return None;
            }
            let fixed = if flags & 0x4000 != 0 { FIXED + 2 } else { FIXED };
            extended |= fixed > FIXED;
            let name = (flags & 0x0fff) as usize;
            if *bytes.get(at + fixed + name)? != 0 {
                return None;
            }
            starts.push(at);
            at += (fixed + name + 8) & !7;
            if at > end {
                return None;
            }
        }
        let entries_end = at;
        let mut tree = None;
        while at < end {
            let signature = bytes.get(at..at + 4)?;
            let size = be32(bytes, at + 4)? as usize;
            let data = at + 8..at.checked_add(8 + size)?;
            match signature {
                b"TREE" if tree.is_none() => tree = Some(data.clone()),
                b"EOIE" if data.end == end => {}
                b"link" => return Some(Err(Split)),
                _ => return None,
            }
            at = data.end;
        }
        // The version on disk must be the one gitoxide would write: 3 when
        // an entry has extended flags, else 2.
        (at == end && extended == (be32(bytes, 4)? == 3)).then_some(Ok(Layout {
            starts,
            entries_end,
            tree,
        }))
    }
}

impl RawIndex {
    /// Where the entries are: found before a `RawIndex` is made.
    fn layout(&self) -> &Layout {
        match self.located.get() {
            Some(Some(Ok(layout))) => layout,
            _ => unreachable!("a RawIndex is made only of a located index"),
        }
    }

    /// The bytes of the `n`th entry, padding included.
    fn entry(&self, n: usize) -> &[u8] {
        let end = self
            .layout()
            .starts
            .get(n + 1)
            .copied()
            .unwrap_or(self.layout().entries_end);
        &self.bytes[self.layout().starts[n]..end]
    }

    /// The path of the entry starting at `start`.
    fn path_at(&self, start: usize) -> &[u8] {
        let flags = &self.bytes[start + FIXED - 2..];
        let fixed = if flags[0] & 0x40 != 0 { FIXED + 2 } else { FIXED };
        let name = (u16::from_be_bytes([flags[0], flags[1]]) & 0x0fff) as usize;
        &self.bytes[start + fixed..start + fixed + name]
    }

    /// Which entry holds `path` (`Ok`), or where a new entry for it goes
    /// among the entries (`Err`).
    pub fn find(&self, path: &str) -> Result<usize, usize> {
        let starts = &self.layout().starts;
        starts.binary_search_by(|&start| self.path_at(start).cmp(path.as_bytes()))
    }

    /// Whether the `n`th entry has no flags but its name's length: not
    /// assumed valid, no extended flags.
    pub fn plain(&self, n: usize) -> bool {
        self.entry(n)[FIXED - 2] & 0xf0 == 0
    }

    /// The blob the `n`th entry stages.
    pub fn blob(&self, n: usize) -> gix::ObjectId {
        gix::ObjectId::from_bytes_or_panic(&self.entry(n)[40..40 + HASH_LEN])
    }

    /// Write to `out` the index with `entry` (as gitoxide writes it: its
    /// name ends in one NUL, without the padding to a multiple of eight
    /// bytes) in place of the `n`th entry, or inserted before it, and the
    /// cached trees on its path marked changed, with its checksum; `None`,
    /// before writing anything, when a replaced entry would change size or
    /// the index's version.
    pub fn write_spliced(
        &mut self,
        splice: Splice,
        entry: &[u8],
        out: &mut dyn std::io::Write,
    ) -> Option<std::io::Result<()>> {
        let new_extended = entry.get(FIXED - 2)? & 0x40 != 0;
        let padded = (entry.len() + 7) & !7;
        let (n, old_len, path) = match splice {
            Splice::Replace(n) => {
                let old = self.entry(n);
                if padded != old.len() || new_extended != (old[FIXED - 2] & 0x40 != 0) {
                    return None;
                }
                (
                    n,
                    old.len(),
                    self.path_at(self.layout().starts[n]).to_str().ok()?.to_string(),
                )
            }
            Splice::Insert(n, ref path) if !new_extended => (n, 0, path.clone()),
            Splice::Insert(..) => return None,
        };
        let entries_end = self.layout().entries_end + padded - old_len;
        let mut extensions = Vec::new();
        if let Some(data) = &self.layout().tree {
            let mut tree = gix::index::extension::tree::decode(&self.bytes[data.clone()], gix::hash::Kind::Sha1, None)?;
            super::repo::index::invalidate(&mut tree, &path);
            tree.write_to(&mut extensions).ok()?;
            let size = (extensions.len() - 8) as u32;
            gix::index::extension::end_of_index_entry::write_to(
                &mut extensions,
                gix::hash::Kind::Sha1,
                entries_end as u32,
                [(*b"TREE", size)],
            )
            .ok()?;
        }
        // The layout holds only when the version on disk is this one, so
        // everything before the changed entry is as on disk; an insertion
        // changes the count of entries in the header.
        let start = self
            .layout()
            .starts
            .get(n)
            .copied()
            .unwrap_or(self.layout().entries_end);
        let count = (self.layout().starts.len() + usize::from(old_len == 0)) as u32;
        let mut header = self.bytes[..12].to_vec();
        header[8..].copy_from_slice(&count.to_be_bytes());
        let padding = [0u8; 8];
        let pieces: [&[u8]; 6] = [
            &header,
            &self.bytes[12..start],
            entry,
            &padding[..padded - entry.len()],
            &self.bytes[start + old_len..self.layout().entries_end],
            &extensions,
        ];
        // The reading thread goes on hashing the old index up to the last
        // state before the change while this one writes the new index out;
        // the checksum then goes on from that state (with the header
        // counting one more entry, for an insertion).
        let wanted = start / CHECKPOINT;
        self.hashed.wanted.store(wanted, std::sync::atomic::Ordering::Relaxed);
        let written = (|| {
            for piece in pieces {
                out.write_all(piece)?;
            }
            let (mut hasher, from) = {
                let mut kept = self.hashed.kept.lock().expect("never poisoned");
                while kept.len() < wanted && !self.hashed.done.load(std::sync::atomic::Ordering::Relaxed) {
                    kept = self.hashed.progress.wait(kept).expect("never poisoned");
                }
                let grown = self.hashed.grew.load(std::sync::atomic::Ordering::Relaxed);
                match wanted.min(kept.len()) {
                    k if k == 0 || grown != (old_len == 0) => (sha1::Sha1::default(), 0),
                    k => (kept[k - 1].clone(), k * CHECKPOINT),
                }
            };
            let mut at = 0;
            for piece in pieces {
                hasher.update(&piece[from.saturating_sub(at).min(piece.len())..]);
                at += piece.len();
            }
            out.write_all(&hasher.finalize())
        })();
        Some(written)
    }
}

impl RawIndex {
    /// Stop hashing: the write will not use the shortcut.
    pub fn stop_hashing(&self) {
        self.hashed.stop();
    }
}

impl Drop for RawIndex {
    /// Whatever the write did, the hashing is no longer wanted (and its
    /// thread lets go of the mapped index).
    fn drop(&mut self) {
        self.hashed.stop();
    }
}

/// How a new index differs from the old one by one entry.
pub enum Splice {
    /// The `n`th entry replaced.
    Replace(usize),
    /// A new entry, for this path, before the `n`th (or at the end).
    Insert(usize, String),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many states the hashing kept before it ended.
    fn kept_when_done(hashed: &Hashed) -> usize {
        let mut kept = hashed.kept.lock().unwrap();
        while !hashed.done.load(std::sync::atomic::Ordering::Relaxed) {
            kept = hashed.progress.wait(kept).unwrap();
        }
        kept.len()
    }

    #[test]
    fn the_hashing_stops_once_the_shortcut_is_given_up() {
        // An index the shortcut reads (no entries, one large extension) of
        // 64 MiB, so hashing it whole takes tens of milliseconds.
        let mut bytes = b"DIRC\0\0\0\x02\0\0\0\0TREE".to_vec();
        let size: usize = 64 << 20;
        bytes.extend((size as u32).to_be_bytes());
        bytes.resize(bytes.len() + size + HASH_LEN, 0);
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &bytes).unwrap();
        let map = |_| unsafe { memmap2::Mmap::map(&std::fs::File::open(file.path()).unwrap()).unwrap() };
        let all = bytes.len() / CHECKPOINT;

        // Left alone, it keeps every state.
        let reading = Reading::start(map(()), false, false);
        let hashed = Arc::clone(&reading.hashed);
        let raw = reading.finish().unwrap().expect("the shortcut reads it");
        assert_eq!(kept_when_done(&hashed), all);
        drop(raw);

        // Given up (dropped unwritten, or the plain way taken), it stops.
        let reading = Reading::start(map(()), false, false);
        let hashed = Arc::clone(&reading.hashed);
        drop(reading.finish().unwrap().expect("the shortcut reads it"));
        assert!(kept_when_done(&hashed) < all / 2, "the hashing went on");
        let reading = Reading::start(map(()), false, false);
        let hashed = Arc::clone(&reading.hashed);
        reading.stop_hashing();
        assert!(kept_when_done(&hashed) < all / 2, "the hashing went on");
    }
}
