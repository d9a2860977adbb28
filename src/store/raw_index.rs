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
//! located by whichever thread comes to them first (see [`read`]).

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
    /// Whether the states kept are those of the grown header (the write
    /// adds an entry, and the index's own checksum is not to be checked).
    grew: bool,
    /// How many states the write needs: the hashing stops there.
    wanted: std::sync::atomic::AtomicUsize,
    /// Whether the index was hashed whole, as it is, and its stored
    /// checksum holds; set before `done`.
    holds: std::sync::atomic::AtomicBool,
    done: std::sync::atomic::AtomicBool,
}

impl Hashed {
    fn new(grew: bool) -> Hashed {
        Hashed {
            kept: Default::default(),
            progress: Default::default(),
            grew,
            wanted: usize::MAX.into(),
            holds: Default::default(),
            done: Default::default(),
        }
    }

    /// No more states are wanted: the write goes the plain way, or none.
    fn stop(&self) {
        self.wanted.store(0, std::sync::atomic::Ordering::Relaxed);
    }

    /// Wait for the hashing to end; the states it kept.
    fn ended(&self) -> std::sync::MutexGuard<'_, Vec<sha1::Sha1>> {
        let mut kept = self.kept.lock().expect("never poisoned");
        while !self.done.load(std::sync::atomic::Ordering::Relaxed) {
            kept = self.progress.wait(kept).expect("never poisoned");
        }
        kept
    }

    /// Wait for the hashing to end; whether it hashed the index whole and
    /// its stored checksum holds.
    fn held(&self) -> bool {
        let _kept = self.ended();
        self.holds.load(std::sync::atomic::Ordering::Relaxed)
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

/// An index being read on another thread (see [`read`]).
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
        // The index's own checksum, when it is checked, is of the header it
        // has.
        let hashed = Arc::new(Hashed::new(adds && !verify));
        let (shared, place, hashing) = (Arc::clone(&bytes), Arc::clone(&located), Arc::clone(&hashed));
        // One thread: on two cores, a third busy thread beside this write
        // delayed it more than it gained.
        std::thread::spawn(move || read(&shared, &place, &hashing, adds));
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

/// What the other thread does with the index. A write that adds a record
/// looks at the index at once (is its new path staged already?): the
/// entries are located first, ready for it, then hashed. A write to a
/// record it has first looks at the index once it has written its objects,
/// and is done with its own work well before the hashing (7 ms at 100,000
/// entries, against 2 ms to locate them): the hashing comes first, and the
/// write locates the entries itself while it waits. An index the shortcut
/// cannot take is not hashed.
fn read(bytes: &[u8], located: &Located, hashed: &Hashed, adds: bool) {
    let done = Done(hashed);
    let takes = match adds {
        true => matches!(located.get_or_init(|| Layout::of(bytes)), Some(Ok(_))),
        false => Layout::may_take(bytes),
    };
    if !takes {
        return;
    }
    hash(bytes, hashed);
    drop(done);
    // Not once the write has stopped the hashing: it has located the
    // entries already, or wants nothing more from this index.
    if hashed.wanted.load(std::sync::atomic::Ordering::Relaxed) > 0 {
        located.get_or_init(|| Layout::of(bytes));
    }
}

/// Hash `bytes` as git does its index (with the header counting one entry
/// more when `hashed.grew`), keeping the state after each whole
/// `CHECKPOINT` in `hashed`, until as many are kept as a write wants; and
/// whether the stored checksum holds (an absent one, from `index.skipHash`,
/// does; a hash stopped early, or of the grown header, does not).
fn hash(bytes: &[u8], hashed: &Hashed) -> bool {
    use std::sync::atomic::Ordering;
    let Some(body_len) = bytes.len().checked_sub(HASH_LEN) else {
        return false;
    };
    let (body, stored) = bytes.split_at(body_len);
    let mut hasher = sha1::Sha1::default();
    let grow = hashed.grew;
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
    // Before the hashing is marked done.
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
    /// Whether the shortcut may handle the index `bytes`, by its header: an
    /// index of version 2 or 3.
    fn may_take(bytes: &[u8]) -> bool {
        bytes.get(..4) == Some(b"DIRC") && matches!(be32(bytes, 4), Some(2 | 3))
    }

    /// Where the entries and extensions of `bytes` are; `None` for an index
    /// the shortcut does not handle.
    fn of(bytes: &[u8]) -> Option<Result<Layout, Split>> {
        if !Layout::may_take(bytes) {
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
        // counting one more entry, for an insertion) — when the states are
        // of the header the new index has, else from the start.
        let wanted = match self.hashed.grew == (old_len == 0) {
            true => start / CHECKPOINT,
            false => 0,
        };
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
                match wanted.min(kept.len()) {
                    0 => (sha1::Sha1::default(), 0),
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

    /// An index the shortcut reads (no entries, one large extension) of
    /// 64 MiB, so hashing it whole takes tens of milliseconds.
    fn large_index() -> Vec<u8> {
        let mut bytes = b"DIRC\0\0\0\x02\0\0\0\0TREE".to_vec();
        let size: usize = 64 << 20;
        bytes.extend((size as u32).to_be_bytes());
        bytes.resize(bytes.len() + size + HASH_LEN, 0);
        bytes
    }

    #[test]
    fn the_hashing_stops_once_the_shortcut_is_given_up() {
        let bytes = large_index();
        let map = |_| mapped(&bytes);
        let all = bytes.len() / CHECKPOINT;

        // Left alone, it keeps every state.
        let reading = Reading::start(map(()), false, false);
        let hashed = Arc::clone(&reading.hashed);
        let raw = reading.finish().unwrap().expect("the shortcut reads it");
        assert_eq!(hashed.ended().len(), all);
        drop(raw);

        // Given up (dropped unwritten, or the plain way taken), it stops.
        let reading = Reading::start(map(()), false, false);
        let hashed = Arc::clone(&reading.hashed);
        drop(reading.finish().unwrap().expect("the shortcut reads it"));
        assert!(hashed.ended().len() < all / 2, "the hashing went on");
        let reading = Reading::start(map(()), false, false);
        let hashed = Arc::clone(&reading.hashed);
        reading.stop_hashing();
        assert!(hashed.ended().len() < all / 2, "the hashing went on");
    }

    /// `bytes` as a mapped file, as a write maps git's index.
    fn mapped(bytes: &[u8]) -> memmap2::Mmap {
        let file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut &file, bytes).unwrap();
        unsafe { memmap2::Mmap::map(&file).unwrap() }
    }

    /// The path of the `i`th entry of `index_of`'s indexes.
    fn path(i: usize) -> String {
        format!("referrals/2026/{:02}/SP-2026-{i:05}.yaml", i / 100)
    }

    /// An index of 3,000 entries (four checkpoints' worth) as gitoxide
    /// writes it, with its checksum, every other path left out.
    fn index_of() -> Vec<u8> {
        let mut state = gix::index::State::new(gix::hash::Kind::Sha1);
        for i in (0..6000).step_by(2) {
            let id = gix::ObjectId::from_bytes_or_panic(&[(i % 251) as u8; 20]);
            let (flags, mode) = (gix::index::entry::Flags::empty(), gix::index::entry::Mode::FILE);
            state.dangerously_push_entry(Default::default(), id, flags, mode, path(i).as_bytes().as_bstr());
        }
        let mut out = Vec::new();
        gix::index::File::from_state(state, "index")
            .write_to(&mut out, Default::default())
            .unwrap();
        out
    }

    /// The bytes of an entry for `path`, as gitoxide writes it.
    fn entry(path: &str) -> Vec<u8> {
        let mut one = gix::index::State::new(gix::hash::Kind::Sha1);
        let id = gix::ObjectId::from_bytes_or_panic(&[7; 20]);
        let (flags, mode) = (gix::index::entry::Flags::empty(), gix::index::entry::Mode::FILE);
        one.dangerously_push_entry(Default::default(), id, flags, mode, path.as_bytes().as_bstr());
        let mut out = Vec::new();
        one.entries()[0].write_to(&mut out, &one).unwrap();
        out
    }

    /// The index located by the write before the other thread starts.
    fn located_here_first(bytes: &[u8], adds: bool, verify: bool) -> Option<RawIndex> {
        let reading = Reading {
            bytes: Arc::new(mapped(bytes)),
            located: Arc::new(Located::new()),
            hashed: Arc::new(Hashed::new(adds && !verify)),
            verify,
        };
        reading.located.get_or_init(|| Layout::of(&reading.bytes));
        let (b, l, h) = (
            Arc::clone(&reading.bytes),
            Arc::clone(&reading.located),
            Arc::clone(&reading.hashed),
        );
        std::thread::spawn(move || read(&b, &l, &h, adds));
        reading.finish().unwrap()
    }

    /// The index located by the other thread before the write looks.
    fn located_there_first(bytes: &[u8], adds: bool, verify: bool) -> Option<RawIndex> {
        let reading = Reading::start(mapped(bytes), verify, adds);
        reading.located.wait();
        reading.finish().unwrap()
    }

    #[test]
    fn either_thread_may_locate_the_entries_and_the_new_index_is_the_same() {
        let old = index_of();
        // Entries replaced (even) and inserted (odd), by writes that said
        // they add one or not (a new service file is added by a write
        // that did not say so).
        for (splice, adds, verify) in (0..20).map(|i| ([2000, 2001, 1, 5998, 5999][i % 5], i % 2 == 1, i >= 10)) {
            let at = path(splice);
            let new = entry(&at);
            let mut written = Vec::new();
            for locate in [located_here_first, located_there_first] {
                let mut raw = locate(&old, adds, verify).expect("the shortcut reads gitoxide's index");
                let change = match raw.find(&at) {
                    Ok(n) => Splice::Replace(n),
                    Err(n) => Splice::Insert(n, at.clone()),
                };
                assert_eq!(matches!(change, Splice::Insert(..)), splice % 2 == 1, "{at}");
                let mut out = Vec::new();
                raw.write_spliced(change, &new, &mut out).expect("spliced").unwrap();
                let (body, checksum) = out.split_at(out.len() - HASH_LEN);
                assert_eq!(
                    sha1::Sha1::digest(body).as_slice(),
                    checksum,
                    "{at}, adds {adds}, verify {verify}"
                );
                written.push(out);
            }
            assert_eq!(written[0], written[1], "{at}, adds {adds}, verify {verify}");
            assert_ne!(written[0], old);
        }
    }

    #[test]
    fn an_index_whose_checksum_fails_is_not_taken_when_checked() {
        let mut bytes = index_of();
        assert!(located_there_first(&bytes, false, true).is_some());
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert!(located_here_first(&bytes, false, true).is_none());
        assert!(located_there_first(&bytes, true, true).is_none());
        // Unchecked (index.skipHash), it is taken as it is.
        assert!(located_there_first(&bytes, false, false).is_some());
    }

    #[test]
    fn an_index_given_up_is_neither_hashed_on_nor_walked() {
        let mut bytes = large_index();
        let reading = Reading::start(mapped(&bytes), false, false);
        reading.stop_hashing();
        assert!(reading.hashed.ended().len() < bytes.len() / CHECKPOINT / 2);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while Arc::strong_count(&reading.located) > 1 {
            assert!(std::time::Instant::now() < deadline, "the thread went on");
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(reading.located.get().is_none(), "walked after it was given up");
        // And a version the shortcut cannot take is not hashed at all.
        bytes[7] = 4;
        let reading = Reading::start(mapped(&bytes), false, false);
        assert_eq!(reading.hashed.ended().len(), 0);
        assert!(reading.finish().unwrap().is_none());
    }
}
