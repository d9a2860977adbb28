//! Each write's objects go into the object store as one small pack, by
//! gitoxide: two files (the pack and its index), however many objects the
//! write makes. As loose objects they would be a file each, the record, the
//! commit and every folder on the record's path: six for a contact, each
//! taking at least one 4 KB block of the disk. The housekeeping after
//! writes (`maintenance.rs`) joins the small packs.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use gix::odb::pack::data::output;

use crate::store::{Result, StoreError};

/// Write `objects` as one pack and its index into `git_dir`'s
/// `objects/pack`.
pub(super) fn write(git_dir: &Path, objects: &gix::odb::memory::Storage) -> Result<()> {
    let mut entries = Vec::with_capacity(objects.len());
    for (id, (kind, data)) in objects.iter() {
        entries.push(compressed(*id, *kind, data)?);
    }
    write_entries(git_dir, entries).map(drop)
}

/// The pack entry for one object, deflated as git deflates them.
fn compressed(id: gix::ObjectId, kind: gix::objs::Kind, data: &[u8]) -> Result<output::Entry> {
    let count = output::Count::from_data(id, None);
    let object = gix::objs::Data::new(data, kind, gix::hash::Kind::Sha1);
    output::Entry::from_data(&count, &object, gix::zlib::Compression::default())
        .map_err(|e| StoreError::git("pack the objects".into(), &e))
}

/// Write `entries` as one pack and its index into `git_dir`'s
/// `objects/pack`.
fn write_entries(git_dir: &Path, entries: Vec<output::Entry>) -> Result<PathBuf> {
    let folder = git_dir.join("objects").join("pack");
    let io = |source| StoreError::Io {
        path: folder.clone(),
        source,
    };
    let failed = |what: &str| {
        let what = what.to_string();
        move |e: gix::Error| StoreError::git(what, &e)
    };
    let options = gix::odb::pack::bundle::write::Options {
        thread_limit: Some(1),
        ..Default::default()
    };
    let mut pack = Vec::new();
    let count = u32::try_from(entries.len()).expect("fewer than 4 billion objects");
    let writer = output::bytes::FromEntriesIter::new(
        std::iter::once(Ok(entries)),
        &mut pack,
        count,
        gix::odb::pack::data::Version::V2,
        gix::hash::Kind::Sha1,
    );
    for written in writer {
        written.map_err(failed("pack the objects"))?;
    }
    fs::create_dir_all(&folder).map_err(io)?;
    let outcome = gix::odb::pack::Bundle::write_to_directory(
        &mut pack.as_slice(),
        Some(&folder),
        &mut gix::progress::Discard,
        &AtomicBool::new(false),
        None::<gix::objs::find::Never>,
        gix::hash::Kind::Sha1,
        options,
    )
    .map_err(failed("write a pack of objects"))?;
    // Read-only, as git leaves its packs (owner-only already, as a
    // temporary file is made).
    for path in [&outcome.data_path, &outcome.index_path].into_iter().flatten() {
        let mut permissions = fs::metadata(path).map_err(io)?.permissions();
        permissions.set_readonly(true);
        fs::set_permissions(path, permissions).map_err(io)?;
    }
    // gitoxide keeps a new pack from git's repacking (a `.keep` file, made
    // before the pack is moved into place) until it is told the pack is
    // wanted; this one is. A crash before this line leaves one small pack
    // that git's maintenance keeps as it is.
    if let Some(keep) = outcome.keep_path {
        fs::remove_file(&keep).map_err(io)?;
    }
    Ok(folder.join(format!("pack-{}.idx", outcome.index.data_hash)))
}

/// Join the packs `packs` (their `.pack` files) into one: their objects are
/// read and written again as one pack, and only then are the old packs
/// removed, index first, as git's repack does. Another process reading
/// one of them meanwhile finds its objects in the new pack (git and
/// gitoxide both look again when a pack goes). A pack already gone (a
/// `git gc` beside this) is skipped.
pub(super) fn join(git_dir: &Path, packs: &[PathBuf]) -> Result<()> {
    let failed = |what: String| move |e: gix::Error| StoreError::git(what, &e);
    let mut entries = Vec::new();
    // An object in two of the packs (a fetch can bring objects the
    // casebook already holds) is written once: git refuses a pack that
    // holds one twice.
    let mut seen = std::collections::HashSet::new();
    let (mut buffer, mut inflate) = (Vec::new(), gix::zlib::Inflate::default());
    let mut joined = Vec::with_capacity(packs.len());
    for pack in packs {
        let index = pack.with_extension("idx");
        let bundle = match gix::odb::pack::Bundle::at(&index, gix::hash::Kind::Sha1) {
            Ok(bundle) => bundle,
            Err(_) if !index.exists() => continue,
            Err(e) => return Err(failed(format!("read {}", index.display()))(e)),
        };
        let unreadable = || failed(format!("read {}", pack.display()));
        // Each entry ends where the next begins, or at the pack's checksum.
        let mut starts: Vec<(u64, u32)> = (0..bundle.index.num_objects())
            .map(|at| (bundle.index.pack_offset_at_index(at), at))
            .collect();
        starts.sort_unstable();
        let ends = starts
            .iter()
            .skip(1)
            .map(|&(start, _)| start)
            .chain([bundle.pack.pack_end() as u64]);
        for (&(start, at), end) in starts.iter().zip(ends) {
            let id = bundle.index.oid_at_index(at).to_owned();
            if !seen.insert(id) {
                continue;
            }
            let entry = bundle.pack.entry(start).map_err(unreadable())?;
            let raw = bundle.pack.entry_slice(entry.data_offset..end);
            match (entry.header.as_kind(), raw) {
                // Whole objects are copied as they are, still deflated.
                (Some(kind), Some(raw)) => entries.push(output::Entry {
                    id,
                    kind: output::entry::Kind::Base(kind),
                    decompressed_size: usize::try_from(entry.decompressed_size).expect("an object fits in memory"),
                    compressed_data: raw.to_vec(),
                }),
                // Deltas (in packs git wrote) are written out whole.
                _ => {
                    let (object, _) = bundle
                        .get_object_by_index(at, &mut buffer, &mut inflate, &mut gix::odb::pack::cache::Never)
                        .map_err(unreadable())?;
                    entries.push(compressed(id, object.kind, object.data)?);
                }
            }
        }
        joined.push(pack);
    }
    if joined.len() < 2 {
        return Ok(());
    }
    let index = write_entries(git_dir, entries)?;
    // gitoxide names each object in the new index by hashing it afresh:
    // a copied entry that no longer held its object would be missing.
    let written = gix::odb::pack::index::File::at(&index, gix::hash::Kind::Sha1)
        .map_err(failed(format!("read {}", index.display())))?;
    if let Some(lost) = seen.iter().find(|id| written.lookup(id).is_none()) {
        // The old packs stay; the new one holds nothing they lack.
        return Err(StoreError::Io {
            path: index,
            source: std::io::Error::other(format!("object {lost} did not read back from the joined pack")),
        });
    }
    for pack in joined {
        for extension in ["idx", "pack", "rev"] {
            let path = pack.with_extension(extension);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(StoreError::Io { path, source: e });
                }
                _ => {}
            }
        }
    }
    Ok(())
}
