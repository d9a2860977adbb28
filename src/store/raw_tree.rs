//! Git trees read and changed as raw bytes (`MODE NAME\0` and a 20-byte id,
//! entry after entry). A year's folder holds thousands of referrals; having
//! libgit2 parse all of its entries to find or change one costs more than
//! the rest of `show`, and much of a write. Scanning for the one name, or
//! swapping the one id in place, does not.

use git2::{ObjectType, Oid, Repository, Tree};

use super::Result;

/// One entry found in a raw tree.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    mode: &'a [u8],
    name: &'a [u8],
    kind: ObjectType,
    id: Oid,
    /// Where its id starts in the tree's bytes.
    id_at: usize,
}

/// The entries of raw tree `data` in order; a `None` where it is damaged
/// ends them.
fn entries(data: &[u8]) -> impl Iterator<Item = Option<Entry<'_>>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= data.len() {
            return None;
        }
        let entry = (|| {
            let rest = &data[at..];
            let space = rest.iter().position(|&b| b == b' ')?;
            let end = space + 1 + rest[space + 1..].iter().position(|&b| b == 0)?;
            let mode = &rest[..space];
            let kind = match mode {
                b"40000" => ObjectType::Tree,
                b"160000" => ObjectType::Commit,
                _ => ObjectType::Blob,
            };
            let id = Oid::from_bytes(rest.get(end + 1..end + 21)?).ok()?;
            let entry = Entry {
                mode,
                name: &rest[space + 1..end],
                kind,
                id,
                id_at: at + end + 1,
            };
            at += end + 21;
            Some(entry)
        })();
        if entry.is_none() {
            at = data.len();
        }
        Some(entry)
    })
}

/// The entry called `name` in raw tree `data`: `Some(None)` if there is
/// none, `None` if the data is damaged.
fn find_entry<'a>(data: &'a [u8], name: &[u8]) -> Option<Option<Entry<'a>>> {
    for entry in entries(data) {
        if entry?.name == name {
            return Some(entry);
        }
    }
    Some(None)
}

/// Call `each` with the name and id of every file (not folder or
/// submodule) in the tree `folder`, in tree order: what libgit2's tree
/// iteration gives, without its building an entry for every file first.
pub fn for_each_file(repo: &Repository, folder: Oid, mut each: impl FnMut(&[u8], Oid)) -> Result<()> {
    let odb = repo.odb()?;
    let object = odb.read(folder)?;
    if object.kind() != ObjectType::Tree {
        return Err(damaged(folder).into());
    }
    for entry in entries(object.data()) {
        let entry = entry.ok_or_else(|| damaged(folder))?;
        if entry.kind == ObjectType::Blob {
            each(entry.name, entry.id);
        }
    }
    Ok(())
}

fn damaged(tree: Oid) -> git2::Error {
    git2::Error::from_str(&format!("tree {tree} is damaged (git fsck will say more)"))
}

/// Follow `path` (`a/b/c`) down from `tree`, showing `step` each folder's
/// bytes and the entry found in it (and whether it is the last name). The
/// id and kind at the end, or `None` when a name is missing, something
/// other than a folder is in the way, or `step` says stop.
fn walk(
    repo: &Repository,
    tree: &Tree<'_>,
    path: &str,
    mut step: impl FnMut(&[u8], &Entry<'_>, bool) -> bool,
) -> Result<Option<(Oid, ObjectType)>> {
    let odb = repo.odb()?;
    let mut folder = tree.id();
    let mut names = path.split('/').peekable();
    while let Some(name) = names.next() {
        let object = odb.read(folder)?;
        if object.kind() != ObjectType::Tree {
            return Ok(None);
        }
        let data = object.data();
        let Some(entry) = find_entry(data, name.as_bytes()).ok_or_else(|| damaged(folder))? else {
            return Ok(None);
        };
        let last = names.peek().is_none();
        if !step(data, &entry, last) {
            return Ok(None);
        }
        if last {
            return Ok(Some((entry.id, entry.kind)));
        }
        if entry.kind != ObjectType::Tree {
            return Ok(None);
        }
        folder = entry.id;
    }
    Ok(None)
}

/// The id and kind of what is at `path` (`a/b/c`) under `tree`, if anything.
pub fn lookup(repo: &Repository, tree: &Tree<'_>, path: &str) -> Result<Option<(Oid, ObjectType)>> {
    walk(repo, tree, path, |_, _, _| true)
}

/// The tree `tree` with the ordinary file (mode 100644) already at `path`
/// now holding `blob`: each folder on the way is written again with the one
/// id swapped, byte for byte otherwise as it was — exactly what a tree
/// update gives. `None` when `path` is not such a file (new, removed,
/// executable, or anything else): the caller updates the tree the usual way.
pub fn replace_blob(repo: &Repository, tree: &Tree<'_>, path: &str, blob: Oid) -> Result<Option<Oid>> {
    // Down the path: each folder's bytes and where the next id sits.
    let mut folders: Vec<(Vec<u8>, usize)> = Vec::new();
    let found = walk(repo, tree, path, |data, entry, last| {
        let expected: &[u8] = if last { b"100644" } else { b"40000" };
        folders.push((data.to_vec(), entry.id_at));
        entry.mode == expected
    })?;
    if found.is_none() {
        return Ok(None);
    }
    // Up again, each folder taking its child's new id.
    let mut id = blob;
    for (mut data, id_at) in folders.into_iter().rev() {
        data[id_at..id_at + 20].copy_from_slice(id.as_bytes());
        id = write_loose(repo, ObjectType::Tree, &data)?;
    }
    Ok(Some(id))
}

/// Store an object (here, a tree) as a loose object, as git does, but with
/// its zlib stream in stored (uncompressed) blocks: a year's folder is
/// mostly object ids, which barely compress, and compressing its 400 KB was
/// a fifth of a write at 100,000 referrals. `git gc` packs (and compresses)
/// it later like any other.
fn write_loose(repo: &Repository, kind: ObjectType, data: &[u8]) -> Result<Oid> {
    use std::io::Write;

    let id = Oid::from_bytes(&super::object_id(kind, data))?;
    let odb = repo.odb()?;
    if odb.exists(id) {
        return Ok(id);
    }
    let hex = id.to_string();
    let folder = repo.commondir().join("objects").join(&hex[..2]);
    let path = folder.join(&hex[2..]);
    let temp = folder.join(format!("tmp_obj_sprx_{}", std::process::id()));
    let io = |source| super::StoreError::Io {
        path: path.clone(),
        source,
    };
    let written = (|| {
        std::fs::create_dir_all(&folder)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        // Objects are read-only, as git makes them.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o444);
        let mut file = options.open(&temp)?;
        let header = format!("{kind} {}\0", data.len());
        file.write_all(&stored_zlib(&[header.as_bytes(), data].concat()))?;
        std::fs::rename(&temp, &path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(id)
}

/// `data` as a zlib stream (RFC 1950) of stored deflate blocks (RFC 1951,
/// 3.2.4): a two-byte header, blocks of at most 65,535 bytes each behind
/// their length and its complement, and the Adler-32 checksum.
fn stored_zlib(data: &[u8]) -> Vec<u8> {
    const BLOCK: usize = u16::MAX as usize;
    let mut out = Vec::with_capacity(data.len() + 5 * (data.len() / BLOCK + 1) + 6);
    out.extend_from_slice(&[0x78, 0x01]);
    let mut blocks = data.chunks(BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        let last = blocks.peek().is_none();
        let length = block.len() as u16;
        out.push(u8::from(last));
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&(!length).to_le_bytes());
        out.extend_from_slice(block);
    }
    let mut adler = simd_adler32::Adler32::new();
    adler.write(data);
    out.extend_from_slice(&adler.finish().to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use git2::{ObjectType, Oid, Repository};

    use super::{find_entry, for_each_file, lookup, replace_blob, write_loose};

    /// A tree of (name, id, mode) entries.
    fn tree(repo: &Repository, entries: &[(&str, Oid, i32)]) -> Oid {
        let mut builder = repo.treebuilder(None).unwrap();
        for (name, id, mode) in entries {
            builder.insert(name, *id, *mode).unwrap();
        }
        builder.write().unwrap()
    }

    #[test]
    fn lookup_finds_exactly_the_named_entry() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = |text: &str| repo.blob(text.as_bytes()).unwrap();
        let (a, b, c) = (blob("a"), blob("b"), blob("c"));
        let year = tree(
            &repo,
            &[
                ("SP-2026-0001.yaml", a, 0o100644),
                ("SP-2026-0001.yaml.orig", b, 0o100644),
                ("SP-2026-0010.yaml", c, 0o100644),
            ],
        );
        let referrals = tree(&repo, &[("2026", year, 0o040000), ("2026.yaml", a, 0o100644)]);
        let vendored = Oid::from_str("0123456789012345678901234567890123456789").unwrap();
        let root = tree(
            &repo,
            &[
                ("referrals", referrals, 0o040000),
                ("sprx.toml", b, 0o100644),
                ("vendored", vendored, 0o160000),
            ],
        );
        let root = repo.find_tree(root).unwrap();

        let at = |path: &str| lookup(&repo, &root, path).unwrap();
        assert_eq!(at("referrals/2026/SP-2026-0001.yaml"), Some((a, ObjectType::Blob)));
        assert_eq!(at("referrals/2026/SP-2026-0001.yaml.orig"), Some((b, ObjectType::Blob)));
        assert_eq!(at("referrals/2026/SP-2026-0010.yaml"), Some((c, ObjectType::Blob)));
        assert_eq!(at("referrals/2026"), Some((year, ObjectType::Tree)));
        assert_eq!(at("referrals/2026/SP-2026-0002.yaml"), None);
        assert_eq!(at("referrals/2026/SP-2026-0001"), None);
        assert_eq!(at("referrals/2025/SP-2025-0001.yaml"), None);
        assert_eq!(at("sprx.toml/x"), None);
        assert_eq!(at("vendored").map(|e| e.1), Some(ObjectType::Commit));
        // libgit2's own walk agrees everywhere.
        for path in [
            "referrals/2026/SP-2026-0001.yaml",
            "referrals/2026.yaml",
            "sprx.toml",
            "nothing",
        ] {
            let theirs = root.get_path(std::path::Path::new(path)).ok().map(|e| e.id());
            assert_eq!(at(path).map(|e| e.0), theirs, "{path}");
        }
        // Files listed as libgit2 lists them: no folders, no submodules.
        for folder in [year, referrals, root.id()] {
            let mut ours = Vec::new();
            for_each_file(&repo, folder, |name, id| ours.push((name.to_vec(), id))).unwrap();
            let theirs: Vec<(Vec<u8>, Oid)> = repo
                .find_tree(folder)
                .unwrap()
                .iter()
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| (e.name_bytes().to_vec(), e.id()))
                .collect();
            assert_eq!(ours, theirs);
        }
        assert!(for_each_file(&repo, a, |_, _| {}).is_err(), "a blob is not a folder");
    }

    #[test]
    fn damaged_tree_data_is_not_taken_for_an_answer() {
        let entry = |name: &str| [format!("100644 {name}\0").into_bytes(), vec![7u8; 20]].concat();
        let data = [entry("a.yaml"), entry("b.yaml")].concat();
        let found = find_entry(&data, b"b.yaml").unwrap().unwrap();
        assert_eq!(
            (found.kind, found.mode, found.id_at),
            (ObjectType::Blob, &b"100644"[..], 2 * 34 - 20)
        );
        assert!(matches!(find_entry(&data, b"c.yaml"), Some(None)));
        for cut in [1, 8, data.len() - 1] {
            assert!(find_entry(&data[..cut], b"c.yaml").is_none(), "cut at {cut}");
        }
    }

    #[test]
    fn replacing_a_blob_gives_what_a_tree_update_gives() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let blob = |text: &str| repo.blob(text.as_bytes()).unwrap();
        // Enough files for the year's tree to take more than one stored block.
        let mut files: Vec<(String, Oid, i32)> = (0..2000)
            .map(|n| (format!("SP-2026-{n:04}.yaml"), blob(&n.to_string()), 0o100644))
            .collect();
        files.push(("run.sh".into(), blob("x"), 0o100755));
        let files: Vec<(&str, Oid, i32)> = files.iter().map(|(n, o, m)| (n.as_str(), *o, *m)).collect();
        let year = tree(&repo, &files);
        let referrals = tree(&repo, &[("2026", year, 0o040000), ("2025", year, 0o040000)]);
        let root = tree(
            &repo,
            &[
                ("referrals", referrals, 0o040000),
                ("sprx.toml", blob("toml"), 0o100644),
            ],
        );
        let root = repo.find_tree(root).unwrap();

        let new = blob("changed");
        // Written first by sprx, the trees read back through a fresh handle.
        let ours = replace_blob(&repo, &root, "referrals/2026/SP-2026-0003.yaml", new)
            .unwrap()
            .unwrap();
        let fresh = Repository::open(dir.path()).unwrap();
        let tree = fresh.find_tree(ours).unwrap();
        assert_eq!(
            tree.get_path(std::path::Path::new("referrals/2026/SP-2026-0003.yaml"))
                .unwrap()
                .id(),
            new
        );
        assert_eq!(
            tree.get_path(std::path::Path::new("sprx.toml")).unwrap().id(),
            blob("toml")
        );
        for path in [
            "referrals/2026/SP-2026-0000.yaml",
            "referrals/2026/SP-2026-1999.yaml",
            "referrals/2025/SP-2026-0007.yaml",
            "sprx.toml",
        ] {
            let mut update = git2::build::TreeUpdateBuilder::new();
            update.upsert(path, new, git2::FileMode::Blob);
            let expected = update.create_updated(&repo, &root).unwrap();
            assert_eq!(replace_blob(&repo, &root, path, new).unwrap(), Some(expected), "{path}");
        }
        // Left to a tree update: new files, executables, folders, files as folders.
        for path in [
            "referrals/2026/SP-2026-2000.yaml",
            "referrals/2026/run.sh",
            "referrals/2026",
            "sprx.toml/x",
            "x/y.yaml",
        ] {
            assert_eq!(replace_blob(&repo, &root, path, new).unwrap(), None, "{path}");
        }
    }

    /// Stored blocks end exactly at a block's end, or hold nothing, and
    /// still read back through libgit2 with its hash check.
    #[test]
    fn loose_objects_in_stored_blocks_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        // With "blob N\0" before them, these fill one, two or three blocks to the byte.
        for size in [0, 1, 65535 - 11, 65535 - 10, 2 * 65535 - 12, 3 * 65535 - 12 + 1] {
            let data: Vec<u8> = (0..size).map(|n| (n % 251) as u8).collect();
            let id = write_loose(&repo, ObjectType::Blob, &data).unwrap();
            assert_eq!(id, Oid::hash_object(ObjectType::Blob, &data).unwrap(), "{size} bytes");
            let fresh = Repository::open(dir.path()).unwrap();
            assert_eq!(fresh.find_blob(id).unwrap().content(), data.as_slice(), "{size} bytes");
        }
    }
}
