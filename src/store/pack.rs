//! Record blobs read straight from git's pack files by the threads that
//! parse a cold read. libgit2 takes locks shared by every handle in the
//! process (one per pack file, and its window and delta caches) several
//! times for each object it reads, and two parsing threads spent much of
//! their time waiting on each other there. [`Packs`] maps each pack and its
//! index read-only and reads an object as git's pack format lays it out: its
//! place in the index, its header, its zlib data and any chain of deltas.
//! Every blob read is checked against its id; anything unusual (a loose
//! object, a delta on an object that is not in a pack, an index
//! or pack version this does not know, a blob over the size limit, any
//! damage) gives `None`, and the caller reads it through libgit2 instead.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::rc::Rc;

use git2::{ObjectType, Oid};

use super::{be32, object_id};

/// Object kinds in a pack entry's header.
const BLOB: u8 = 3;
const OFS_DELTA: u8 = 6;
const REF_DELTA: u8 = 7;
/// How long a chain of deltas is followed before leaving it to libgit2.
const MAX_DEPTH: usize = 64;
/// How much of the objects deltas were applied to is kept for the next.
const BASES_BYTES: usize = 16 << 20;

/// The pack files of one repository, mapped.
pub struct Packs {
    packs: Vec<Pack>,
}

struct Pack {
    index: memmap2::Mmap,
    data: memmap2::Mmap,
    objects: usize,
}

/// Where an object is: which pack, and where in it.
type Place = (usize, usize);

/// An object's kind and content.
type Object = (u8, Rc<Vec<u8>>);

/// Objects that deltas were applied to, by place: a delta's base is often
/// the base of the next one read too.
#[derive(Default)]
pub struct Bases {
    objects: HashMap<Place, Object>,
    bytes: usize,
}

impl Packs {
    /// The packs in `objects/pack/` under `git_dir` (those that cannot be
    /// read are left out: their objects go to libgit2).
    pub fn open(git_dir: &Path) -> Packs {
        let folder = git_dir.join("objects").join("pack");
        let mut packs = Vec::new();
        for entry in fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "idx")
                && let Some(pack) = Pack::open(&path)
            {
                packs.push(pack);
            }
        }
        Packs { packs }
    }

    /// The content of blob `oid` when it lies in one of these packs and is
    /// no longer than `limit` bytes, checked against its id; `None` for
    /// libgit2 to read it instead.
    pub fn blob(&self, oid: Oid, limit: u64, bases: &mut Bases) -> Option<Vec<u8>> {
        let (pack, offset) = self.locate(oid.as_bytes())?;
        let (kind, bytes) = self.object(pack, offset, limit, 0, bases)?;
        if kind != BLOB {
            return None;
        }
        (object_id(ObjectType::Blob, &bytes) == oid.as_bytes()).then_some(bytes)
    }

    /// Which pack holds `id`, and where in it.
    fn locate(&self, id: &[u8]) -> Option<Place> {
        self.packs
            .iter()
            .enumerate()
            .find_map(|(n, pack)| pack.offset_of(id).map(|offset| (n, offset)))
    }

    /// The kind and content of the object at `offset` in pack `pack`, its
    /// deltas applied; `None` past `limit` bytes (or four times that for an
    /// object a delta applies to), or `depth` deltas down.
    fn object(&self, pack: usize, offset: usize, limit: u64, depth: usize, bases: &mut Bases) -> Option<(u8, Vec<u8>)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let data = &self.packs[pack].data;
        let mut at = offset;
        let mut byte = *data.get(at)?;
        at += 1;
        let kind = (byte >> 4) & 7;
        let mut size = u64::from(byte & 15);
        let mut shift = 4;
        while byte & 0x80 != 0 {
            byte = *data.get(at)?;
            at += 1;
            size |= u64::from(byte & 0x7f).checked_shl(shift)?;
            shift += 7;
        }
        let cap = if depth == 0 { limit } else { limit * 4 };
        match kind {
            1..=4 => {
                if size > cap {
                    return None;
                }
                Some((kind, inflate(data.get(at..)?, size as usize)?))
            }
            OFS_DELTA | REF_DELTA => {
                let (base_pack, base_offset) = if kind == OFS_DELTA {
                    let mut byte = *data.get(at)?;
                    at += 1;
                    let mut back = usize::from(byte & 0x7f);
                    while byte & 0x80 != 0 {
                        byte = *data.get(at)?;
                        at += 1;
                        back = back.checked_add(1)?.checked_mul(128)? | usize::from(byte & 0x7f);
                    }
                    (pack, offset.checked_sub(back)?)
                } else {
                    let base = data.get(at..at + 20)?;
                    at += 20;
                    self.locate(base)?
                };
                // git's deltas are hardly bigger than what they make; one
                // that is goes to libgit2.
                if size > 2 * cap + 32 {
                    return None;
                }
                let delta = inflate(data.get(at..)?, size as usize)?;
                let (_, target) = delta_sizes(&delta)?;
                if target > cap {
                    return None;
                }
                let key = (base_pack, base_offset);
                let (base_kind, base) = match bases.objects.get(&key) {
                    Some((kind, base)) => (*kind, base.clone()),
                    None => {
                        let (kind, base) = self.object(base_pack, base_offset, limit, depth + 1, bases)?;
                        let base = Rc::new(base);
                        bases.keep(key, kind, base.clone());
                        (kind, base)
                    }
                };
                Some((base_kind, apply(&base, &delta)?))
            }
            _ => None,
        }
    }
}

impl Bases {
    fn keep(&mut self, key: Place, kind: u8, object: Rc<Vec<u8>>) {
        if self.bytes + object.len() > BASES_BYTES {
            self.objects.clear();
            self.bytes = 0;
        }
        self.bytes += object.len();
        self.objects.insert(key, (kind, object));
    }
}

impl Pack {
    /// A version 2 index and its pack (version 2 or 3), mapped.
    fn open(index_path: &Path) -> Option<Pack> {
        // Safety: git writes pack files and their indexes once, under
        // temporary names, and never changes them after; a repack removes
        // them, which leaves these maps intact.
        let index = unsafe { memmap2::Mmap::map(&fs::File::open(index_path).ok()?) }.ok()?;
        let data = unsafe { memmap2::Mmap::map(&fs::File::open(index_path.with_extension("pack")).ok()?) }.ok()?;
        if index.get(..8)? != b"\xfftOc\x00\x00\x00\x02" || data.get(..4)? != b"PACK" {
            return None;
        }
        if !(2..=3).contains(&be32(&data, 4)?) {
            return None;
        }
        let objects = be32(&index, 8 + 255 * 4)? as usize;
        // Fan-out, ids, checksums, offsets, then the two trailing hashes at least.
        if index.len() < 8 + 256 * 4 + objects * (20 + 4 + 4) + 40 || be32(&data, 8)? as usize != objects {
            return None;
        }
        Some(Pack { index, data, objects })
    }

    /// Where object `id` starts in the pack, if this pack holds it.
    fn offset_of(&self, id: &[u8]) -> Option<usize> {
        let fanout = |n: usize| be32(&self.index, 8 + n * 4).map(|c| c as usize);
        let first = *id.first()? as usize;
        let (mut low, mut high) = (if first == 0 { 0 } else { fanout(first - 1)? }, fanout(first)?);
        let names = 8 + 256 * 4;
        while low < high {
            let middle = (low + high) / 2;
            let name = self.index.get(names + middle * 20..names + middle * 20 + 20)?;
            match name.cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    let offsets = names + self.objects * 24;
                    let small = be32(&self.index, offsets + middle * 4)?;
                    if small & 0x8000_0000 == 0 {
                        return Some(small as usize);
                    }
                    let large = offsets + self.objects * 4 + (small & 0x7fff_ffff) as usize * 8;
                    let bytes = self.index.get(large..large + 8)?;
                    return usize::try_from(u64::from_be_bytes(bytes.try_into().ok()?)).ok();
                }
            }
        }
        None
    }
}

/// Inflate the zlib stream at the start of `input` to exactly `size` bytes.
fn inflate(input: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(size);
    let mut stream = flate2::Decompress::new(true);
    let status = stream
        .decompress_vec(input, &mut out, flate2::FlushDecompress::Finish)
        .ok()?;
    (status == flate2::Status::StreamEnd && out.len() == size).then_some(out)
}

/// A size in a delta's header: seven bits a byte, lowest first.
fn delta_size(delta: &[u8], at: &mut usize) -> Option<u64> {
    let mut size = 0u64;
    let mut shift = 0;
    loop {
        let byte = *delta.get(*at)?;
        *at += 1;
        size |= u64::from(byte & 0x7f).checked_shl(shift)?;
        shift += 7;
        if byte & 0x80 == 0 {
            return Some(size);
        }
    }
}

/// The sizes a delta's header gives: of its base and of what it makes.
fn delta_sizes(delta: &[u8]) -> Option<(u64, u64)> {
    let mut at = 0;
    Some((delta_size(delta, &mut at)?, delta_size(delta, &mut at)?))
}

/// Apply `delta` to `base`: copies from the base and inserted bytes.
fn apply(base: &[u8], delta: &[u8]) -> Option<Vec<u8>> {
    let mut at = 0;
    let (from, to) = (delta_size(delta, &mut at)?, delta_size(delta, &mut at)?);
    if from != base.len() as u64 {
        return None;
    }
    let mut out = Vec::with_capacity(usize::try_from(to).ok()?);
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            let mut field = |bits: u8, shift: u32| -> Option<usize> {
                if op & bits == 0 {
                    return Some(0);
                }
                let byte = *delta.get(at)?;
                at += 1;
                Some(usize::from(byte) << shift)
            };
            let offset = field(1, 0)? | field(2, 8)? | field(4, 16)? | field(8, 24)?;
            let length = match field(0x10, 0)? | field(0x20, 8)? | field(0x40, 16)? {
                0 => 0x10000,
                n => n,
            };
            out.extend_from_slice(base.get(offset..offset.checked_add(length)?)?);
        } else if op != 0 {
            let length = usize::from(op);
            out.extend_from_slice(delta.get(at..at + length)?);
            at += length;
        } else {
            return None;
        }
    }
    (out.len() as u64 == to).then_some(out)
}

#[cfg(test)]
mod tests {
    use git2::{Oid, Repository};

    use super::{Bases, OFS_DELTA, Packs, REF_DELTA};

    const LIMIT: u64 = 1 << 20;

    /// A repository whose blobs — many alike, so most are stored as deltas —
    /// are in one pack, written by libgit2 (its deltas name their base by
    /// id) or by `git repack` (its deltas give their base's offset).
    fn packed(by_git: bool) -> (tempfile::TempDir, Repository, Vec<Oid>) {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let mut blobs = Vec::new();
        let mut text = String::from("schema: 1\nreferral:\n  received: 2026-01-01\n");
        for n in 0..400 {
            text.push_str(&format!(
                "- date: 2026-02-{:02}\n  mode: phone\n  minutes: {n}\n",
                n % 28 + 1
            ));
            if n % 7 == 0 {
                text = text.replacen("phone", "visit", 1);
            }
            blobs.push(repo.blob(text.as_bytes()).unwrap());
        }
        // Over the size limit, and empty.
        blobs.push(repo.blob(&vec![b'x'; 2 << 20]).unwrap());
        blobs.push(repo.blob(b"").unwrap());
        // Large and alike: deltas copying 64 KiB at a time.
        let large: Vec<u8> = (0..300_000u32)
            .map(|n| (n.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        blobs.push(repo.blob(&large).unwrap());
        blobs.push(repo.blob(&[&large[..], b"and a little more"].concat()).unwrap());
        if by_git {
            let mut tree = repo.treebuilder(None).unwrap();
            for (n, blob) in blobs.iter().enumerate() {
                tree.insert(format!("{n}.yaml"), *blob, 0o100644).unwrap();
            }
            let tree = repo.find_tree(tree.write().unwrap()).unwrap();
            let who = git2::Signature::new("Test", "test@example.org", &git2::Time::new(0, 0)).unwrap();
            repo.commit(Some("HEAD"), &who, &who, "all", &tree, &[]).unwrap();
            let status = std::process::Command::new("git")
                .args(["repack", "-a", "-d", "-f", "-q"])
                .current_dir(dir.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .status()
                .unwrap();
            assert!(status.success());
        } else {
            let mut builder = repo.packbuilder().unwrap();
            for blob in &blobs {
                builder.insert_object(*blob, None).unwrap();
            }
            builder.write(&repo.path().join("objects").join("pack"), 0o444).unwrap();
        }
        (dir, repo, blobs)
    }

    /// The kind byte of each object's pack entry header.
    fn kinds(packs: &Packs, ids: &[Oid]) -> Vec<u8> {
        ids.iter()
            .map(|id| {
                let (pack, offset) = packs.locate(id.as_bytes()).unwrap();
                (packs.packs[pack].data[offset] >> 4) & 7
            })
            .collect()
    }

    #[test]
    fn every_blob_reads_as_libgit2_reads_it() {
        for (by_git, delta_kind) in [(false, REF_DELTA), (true, OFS_DELTA)] {
            let (_dir, repo, blobs) = packed(by_git);
            let packs = Packs::open(repo.path());
            assert_eq!(packs.packs.len(), 1);
            let kinds = kinds(&packs, &blobs);
            let deltas = kinds.iter().filter(|k| **k == delta_kind).count();
            assert!(deltas > 200, "mostly deltas of kind {delta_kind}: {kinds:?}");
            let mut bases = Bases::default();
            let (big, empty) = (blobs[400], blobs[401]);
            for blob in &blobs {
                let ours = packs.blob(*blob, LIMIT, &mut bases);
                if *blob == big {
                    assert_eq!(ours, None, "over the limit: left to libgit2");
                } else {
                    assert_eq!(
                        ours.as_deref(),
                        Some(repo.find_blob(*blob).unwrap().content()),
                        "{blob}"
                    );
                }
            }
            assert_eq!(packs.blob(empty, LIMIT, &mut Bases::default()), Some(Vec::new()));
            // Not in the pack, or not a blob: left to libgit2.
            let loose = repo.blob(b"loose").unwrap();
            assert_eq!(packs.blob(loose, LIMIT, &mut bases), None);
            if by_git {
                let tree = repo.head().unwrap().peel_to_tree().unwrap().id();
                assert!(packs.locate(tree.as_bytes()).is_some());
                assert_eq!(packs.blob(tree, LIMIT, &mut bases), None);
            }
        }
    }

    /// Damage anywhere in the pack never gives wrong bytes: the blob is
    /// either read right or left to libgit2.
    #[test]
    fn damaged_packs_never_give_wrong_bytes() {
        let (_dir, repo, blobs) = packed(false);
        let folder = repo.path().join("objects").join("pack");
        let pack_path = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "pack"))
            .unwrap();
        let expected: Vec<Vec<u8>> = blobs
            .iter()
            .map(|b| repo.find_blob(*b).unwrap().content().to_vec())
            .collect();
        let good = std::fs::read(&pack_path).unwrap();
        let mut perms = std::fs::metadata(&pack_path).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        std::fs::set_permissions(&pack_path, perms).unwrap();
        let mut lost = 0;
        for at in (12..good.len() - 20).step_by(good.len() / 97) {
            let mut damaged = good.clone();
            damaged[at] ^= 0x5a;
            std::fs::write(&pack_path, &damaged).unwrap();
            let packs = Packs::open(repo.path());
            let mut bases = Bases::default();
            for (blob, text) in blobs.iter().zip(&expected) {
                match packs.blob(*blob, LIMIT, &mut bases) {
                    Some(read) => assert_eq!(&read, text, "damage at {at}"),
                    None => lost += 1,
                }
            }
        }
        assert!(lost > 0, "some damage was noticed");
    }
}
