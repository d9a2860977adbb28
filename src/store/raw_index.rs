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
//! The walk and the checksum run on another thread while the write reads
//! its record ([`Reading`]): the old index is hashed once (with the header
//! it will have, when the write said it adds an entry), keeping the SHA-1
//! state at every 64 KiB, so the new index's checksum is hashed only from
//! the changed entry on.

use std::sync::Arc;
use std::sync::mpsc;

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
    layout: Layout,
    hashed: Arc<Hashed>,
}

/// The SHA-1 state after each whole `CHECKPOINT` of the old index's
/// entries (or, for a write that adds one, as if its header counted one
/// more), as far as the reading thread has got; it stops when told.
#[derive(Default)]
struct Hashed {
    kept: std::sync::Mutex<Vec<sha1::Sha1>>,
    /// Set before hashing starts by a write that adds an entry: the states
    /// kept are then those of the header counting one entry more.
    grow: std::sync::atomic::AtomicBool,
    /// Whether the states kept are those of the grown header.
    grew: std::sync::atomic::AtomicBool,
    stop: std::sync::atomic::AtomicBool,
}

/// An index being read on another thread: first located, then hashed.
pub struct Reading {
    bytes: Arc<memmap2::Mmap>,
    located: mpsc::Receiver<Located>,
    hashed: Arc<Hashed>,
}

/// What the reading thread found.
enum Located {
    /// An index the shortcut handles, and its checkpoints (all of them
    /// when the index's checksum had to be checked first, else as they
    /// come).
    Found(Layout, Arc<Hashed>),
    /// Not for the shortcut (or damaged): the plain way.
    Other,
    Split,
}

impl Reading {
    /// Start reading `bytes` on another thread; with `verify`, the index's
    /// own checksum is checked before it is trusted.
    pub fn start(bytes: memmap2::Mmap, verify: bool) -> Reading {
        let bytes = Arc::new(bytes);
        let (send, located) = mpsc::channel();
        let shared = Arc::clone(&bytes);
        let hashed = Arc::new(Hashed::default());
        let hashing = Arc::clone(&hashed);
        std::thread::spawn(move || {
            let hashed = hashing;
            let result = (|| {
                let layout = match Layout::of(&shared) {
                    Some(Ok(layout)) => layout,
                    Some(Err(Split)) => return send.send(Located::Split),
                    None => return send.send(Located::Other),
                };
                if verify {
                    // The index's own checksum is checked first.
                    if !hash(&shared, layout.entries_end, &hashed, false) {
                        return send.send(Located::Other);
                    }
                    return send.send(Located::Found(layout, hashed));
                }
                let entries_end = layout.entries_end;
                send.send(Located::Found(layout, Arc::clone(&hashed)))?;
                hash(&shared, entries_end, &hashed, true);
                Ok(())
            })();
            drop(shared);
            result
        });
        Reading { bytes, located, hashed }
    }

    /// Say that the write will add an entry (before the hashing starts,
    /// else it makes no difference): the states kept suit that.
    pub fn will_add(&self) {
        self.hashed.grow.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The index with its entries located (waiting for the walk), if the
    /// shortcut handles it; a split index is an error.
    pub fn finish(self) -> Result<Option<RawIndex>, Split> {
        match self.located.recv() {
            Ok(Located::Found(layout, hashed)) => Ok(Some(RawIndex {
                bytes: self.bytes,
                layout,
                hashed,
            })),
            Ok(Located::Split) => Err(Split),
            Ok(Located::Other) | Err(_) => Ok(None),
        }
    }
}

/// Hash `bytes` as git does its index (with the header counting one entry
/// more when `may_grow` and a write said it adds one), keeping the state
/// after each whole `CHECKPOINT` up to `keep_to` in `hashed`, until told to
/// stop; and whether the stored checksum holds (an absent one, from
/// `index.skipHash`, does; a hash stopped early, or of the grown header,
/// does not).
fn hash(bytes: &[u8], keep_to: usize, hashed: &Hashed, may_grow: bool) -> bool {
    use std::sync::atomic::Ordering;
    let (body, stored) = bytes.split_at(bytes.len() - HASH_LEN);
    let mut hasher = sha1::Sha1::default();
    let grow = may_grow && hashed.grow.load(Ordering::Relaxed);
    hashed.grew.store(grow, Ordering::Relaxed);
    let mut header = body.get(..12).unwrap_or_default().to_vec();
    if grow && let Some(count) = header.get_mut(8..12) {
        let more = u32::from_be_bytes((&*count).try_into().expect("four bytes")).wrapping_add(1);
        count.copy_from_slice(&more.to_be_bytes());
    }
    for (i, chunk) in body.chunks(CHECKPOINT).enumerate() {
        if hashed.stop.load(Ordering::Relaxed) {
            return false;
        }
        if i == 0 {
            hasher.update(&header);
            hasher.update(chunk.get(12..).unwrap_or_default());
        } else {
            hasher.update(chunk);
        }
        if chunk.len() == CHECKPOINT && (i + 1) * CHECKPOINT <= keep_to {
            hashed.kept.lock().expect("never poisoned").push(hasher.clone());
        }
    }
    if grow {
        // Not this index's own checksum: not checked.
        return false;
    }
    stored.iter().all(|b| *b == 0) || hasher.finalize().as_slice() == stored
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
    /// The bytes of the `n`th entry, padding included.
    fn entry(&self, n: usize) -> &[u8] {
        let end = self
            .layout
            .starts
            .get(n + 1)
            .copied()
            .unwrap_or(self.layout.entries_end);
        &self.bytes[self.layout.starts[n]..end]
    }

    fn path(&self, n: usize) -> &[u8] {
        let entry = self.entry(n);
        let fixed = if entry[FIXED - 2] & 0x40 != 0 { FIXED + 2 } else { FIXED };
        let name = (u16::from_be_bytes([entry[FIXED - 2], entry[FIXED - 1]]) & 0x0fff) as usize;
        &entry[fixed..fixed + name]
    }

    /// Which entry holds `path`, if one does.
    pub fn find(&self, path: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.layout.starts.len());
        while low < high {
            let middle = (low + high) / 2;
            match self.path(middle).cmp(path.as_bytes()) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
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

    /// Where a new entry for `path` goes among the entries (none holds it).
    pub fn insertion_point(&self, path: &str) -> usize {
        let (mut low, mut high) = (0, self.layout.starts.len());
        while low < high {
            let middle = (low + high) / 2;
            if self.path(middle) < path.as_bytes() {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
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
                (n, old.len(), self.path(n).to_str().ok()?.to_string())
            }
            Splice::Insert(n, ref path) if !new_extended => (n, 0, path.clone()),
            Splice::Insert(..) => return None,
        };
        let entries_end = self.layout.entries_end + padded - old_len;
        let mut extensions = Vec::new();
        if let Some(data) = &self.layout.tree {
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
        let start = self.layout.starts.get(n).copied().unwrap_or(self.layout.entries_end);
        let count = (self.layout.starts.len() + usize::from(old_len == 0)) as u32;
        let mut header = self.bytes[..12].to_vec();
        header[8..].copy_from_slice(&count.to_be_bytes());
        let padding = [0u8; 8];
        let pieces: [&[u8]; 6] = [
            &header,
            &self.bytes[12..start],
            entry,
            &padding[..padded - entry.len()],
            &self.bytes[start + old_len..self.layout.entries_end],
            &extensions,
        ];
        // The checksum from the last state kept before the change, as far
        // as the reading thread has got (with the header counting one more
        // entry, for an insertion): this thread goes on from there.
        self.hashed.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let (mut hasher, from) = {
            let checkpoints = self.hashed.kept.lock().expect("never poisoned");
            let grown = self.hashed.grew.load(std::sync::atomic::Ordering::Relaxed);
            match (start / CHECKPOINT).min(checkpoints.len()) {
                k if k == 0 || grown != (old_len == 0) => (sha1::Sha1::default(), 0),
                k => (checkpoints[k - 1].clone(), k * CHECKPOINT),
            }
        };
        let written = (|| {
            let mut at = 0;
            for piece in pieces {
                out.write_all(piece)?;
                hasher.update(&piece[from.saturating_sub(at).min(piece.len())..]);
                at += piece.len();
            }
            out.write_all(&hasher.finalize())
        })();
        Some(written)
    }
}

/// How a new index differs from the old one by one entry.
pub enum Splice {
    /// The `n`th entry replaced.
    Replace(usize),
    /// A new entry, for this path, before the `n`th (or at the end).
    Insert(usize, String),
}
