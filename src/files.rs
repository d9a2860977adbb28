//! Files sprx writes and checks outside git: written whole or not at all
//! (temp file, rename), readable by their owner only, and the check for
//! files others can read. Used by the write transaction for record files
//! and its journal, and by commands for files of their own.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Write a file by temp file and rename, readable by its owner only. The
/// temp file is `.NAME.tmp` beside it: files are written under the
/// casebook lock (and an edit's kept text has a name of its own), so one
/// left there was left by an interrupted write, and is replaced.
pub fn write_atomically(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_privately(path, content, true, || {})
}

/// Write `path` as [`write_atomically`] does, forced to disk first only
/// with `sync`; `before_rename` runs between the two (a failpoint).
pub fn write_privately(path: &Path, content: &[u8], sync: bool, before_rename: impl FnOnce()) -> std::io::Result<()> {
    let dir = path.parent().expect("files are written in a folder");
    fs::create_dir_all(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    let result = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        // create_new, so a stale file's looser permissions are never kept.
        let mut file = match options.open(&tmp) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                fs::remove_file(&tmp)?;
                options.open(&tmp)?
            }
            opened => opened?,
        };
        file.write_all(content)?;
        if sync {
            file.sync_all()?;
        }
        before_rename();
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The permission bits of `path` (a file or folder in the casebook at
/// `root`) when group or others can reach it: it grants them access, and so
/// does every folder from `root` down to it. A casebook folder of the
/// owner's alone protects everything in it.
pub fn readable_by_others(root: &Path, path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).ok().map(|m| m.permissions().mode() & 0o777);
        let own = mode(path)?;
        if own & 0o044 == 0 {
            return None;
        }
        let relative = path.strip_prefix(root).ok()?;
        let mut folder = root.to_path_buf();
        let mut folders = vec![root.to_path_buf()];
        for part in relative.parent().into_iter().flat_map(|p| p.components()) {
            folder.push(part);
            folders.push(folder.clone());
        }
        folders
            .iter()
            .all(|f| mode(f).is_some_and(|m| m & 0o011 != 0))
            .then_some(own)
    }
    #[cfg(not(unix))]
    {
        let _ = (root, path);
        None
    }
}
