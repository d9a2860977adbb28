//! The one shortcut through git's index format, for the common event: one
//! existing record changes. gitoxide decodes and re-encodes the whole index
//! for that — about 25 ms of a 35 ms `contact` at 100,000 referrals. Here
//! the entries of an index of version 2 or 3 are only located, and the new
//! index is the old one's bytes with that one entry replaced, written whole
//! into a fresh `index.lock` like any other. The replaced entry, the
//! cached-tree extension and its end-of-entries marker are made by
//! gitoxide itself; only the walk over entries to find where each starts
//! is done here. Anything else — another version, other extensions, a
//! conflict, an entry that changes size — goes the plain way, and tests
//! check the two byte for byte.

use gix::bstr::ByteSlice;

/// The size of an entry's fixed part: stat data, mode, object id, flags.
const FIXED: usize = 62;
const HASH_LEN: usize = 20;

/// The index is split: it names a shared index (`link` extension).
#[derive(Debug)]
pub struct Split;

/// An index file with its entries located.
pub struct RawIndex {
    /// The file, mapped: git never writes into an index file, it renames a
    /// new one over it.
    bytes: memmap2::Mmap,
    layout: Layout,
}

/// Where the parts of an index file are.
struct Layout {
    /// Where each entry starts.
    starts: Vec<usize>,
    /// Where the entries end and the extensions begin.
    entries_end: usize,
    /// The cached-tree extension's data, if the index has one.
    tree: Option<std::ops::Range<usize>>,
    /// Whether any entry uses the extended flags (version 3).
    extended: bool,
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

impl RawIndex {
    /// Locate the entries of `bytes`, if the index is one this shortcut
    /// handles; `None` sends the caller the plain way. A split index (one
    /// naming a shared index), which sprx does not write, is an error.
    pub fn parse(bytes: memmap2::Mmap) -> Result<Option<RawIndex>, Split> {
        match Layout::of(&bytes) {
            Some(Ok(layout)) => Ok(Some(RawIndex { bytes, layout })),
            Some(Err(split)) => Err(split),
            None => Ok(None),
        }
    }
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
        let mut starts = Vec::with_capacity(count);
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
        (at == end && (extended || be32(bytes, 4)? == 2)).then_some(Ok(Layout {
            starts,
            entries_end,
            tree,
            extended,
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

    /// Write to `out` the index with the `n`th entry replaced by `entry`
    /// (as gitoxide writes it, without padding), and the cached trees on
    /// its path marked changed, with its checksum; `None`, before writing
    /// anything, when that would change the entry's size or the index's
    /// version.
    pub fn write_replaced(&self, n: usize, entry: &[u8], out: &mut dyn std::io::Write) -> Option<std::io::Result<()>> {
        let old = self.entry(n);
        let new_extended = entry.get(FIXED - 2)? & 0x40 != 0;
        if (entry.len() + 8) & !7 != old.len() || new_extended != (old[FIXED - 2] & 0x40 != 0) {
            return None;
        }
        let path = self.path(n).to_str().ok()?;
        let mut extensions = Vec::new();
        if let Some(data) = &self.layout.tree {
            let mut tree = gix::index::extension::tree::decode(&self.bytes[data.clone()], gix::hash::Kind::Sha1, None)?;
            super::repo::invalidate(&mut tree, path);
            tree.write_to(&mut extensions).ok()?;
            let size = (extensions.len() - 8) as u32;
            gix::index::extension::end_of_index_entry::write_to(
                &mut extensions,
                gix::hash::Kind::Sha1,
                self.layout.entries_end as u32,
                [(*b"TREE", size)],
            )
            .ok()?;
        }
        let version = if self.layout.extended { 3u32 } else { 2 };
        let padding = [0u8; 8];
        let pieces: [&[u8]; 7] = [
            b"DIRC",
            &version.to_be_bytes(),
            &self.bytes[8..self.layout.starts[n]],
            entry,
            &padding[..old.len() - entry.len()],
            &self.bytes[self.layout.starts[n] + old.len()..self.layout.entries_end],
            &extensions,
        ];
        let mut hasher = sha1::Sha1::default();
        let written = (|| {
            for piece in pieces {
                out.write_all(piece)?;
                sha1::Digest::update(&mut hasher, piece);
            }
            out.write_all(&sha1::Digest::finalize(hasher))
        })();
        Some(written)
    }

    /// Whether the trailing checksum is absent (`index.skipHash`) or right.
    pub fn checksum_holds(&self) -> bool {
        let (body, stored) = self.bytes.split_at(self.bytes.len() - HASH_LEN);
        if stored.iter().all(|b| *b == 0) {
            return true;
        }
        let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
        hasher.update(body);
        hasher.try_finalize().is_ok_and(|sum| sum.as_bytes() == stored)
    }
}
