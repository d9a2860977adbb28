//! Files sprx derives from the history and keeps in a folder under
//! `.git/sprx/`: lines appended to files of the folder, each ending in the
//! CRC-32 of the rest, and `tip`, naming the HEAD they were brought up to.
//! A damaged line or tip makes the whole folder untrusted: its user
//! rebuilds it. Never committed, readable by its owner only; deleting it
//! changes only speed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::repo::CommitId;

pub(crate) struct Derived {
    dir: PathBuf,
}

fn checksum(text: &str) -> String {
    format!("{:08x}", crc32fast::hash(text.as_bytes()))
}

/// `line` as it is kept: with its checksum, and a newline.
fn stamped(line: &str) -> String {
    format!("{line} {}\n", checksum(line))
}

impl Derived {
    pub fn at(git_dir: &Path, name: &str) -> Derived {
        Derived {
            dir: git_dir.join("sprx").join(name),
        }
    }

    /// The HEAD the files were brought up to, if it reads back whole.
    pub fn tip(&self) -> Option<CommitId> {
        let text = std::fs::read_to_string(self.dir.join("tip")).ok()?;
        let (tip, crc) = text.trim_end().split_once(' ')?;
        (checksum(tip) == crc).then(|| tip.parse().ok())?
    }

    /// Append each (file, line) — a line holding no newline — then name
    /// `tip` as the HEAD the files are up to. `None` if a write failed.
    pub fn add(&self, lines: impl Iterator<Item = (String, String)>, tip: CommitId) -> Option<()> {
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        for (file, line) in lines {
            let text = files.entry(file).or_default();
            text.push_str(&stamped(&line));
        }
        for (file, text) in files {
            private(&self.dir.join(file), true)
                .ok()?
                .write_all(text.as_bytes())
                .ok()?;
        }
        self.set_tip(tip)
    }

    /// Write `file` anew with the lines `keep` keeps and then `add`.
    /// `None` if a line is damaged or a write failed.
    pub fn rewrite(&self, file: &str, keep: impl Fn(&str) -> bool, add: &[String]) -> Option<()> {
        let mut text = String::new();
        for line in self.lines(file)?.iter().filter(|l| keep(l)).chain(add) {
            text.push_str(&stamped(line));
        }
        let temp = self.dir.join(format!("{file}.tmp"));
        private(&temp, false).ok()?.write_all(text.as_bytes()).ok()?;
        std::fs::rename(temp, self.dir.join(file)).ok()
    }

    /// Name `tip` as the HEAD the files are up to.
    pub fn set_tip(&self, tip: CommitId) -> Option<()> {
        let tip = tip.to_string();
        let mut file = private(&self.dir.join("tip.tmp"), false).ok()?;
        file.write_all(stamped(&tip).as_bytes()).ok()?;
        std::fs::rename(self.dir.join("tip.tmp"), self.dir.join("tip")).ok()
    }

    /// The lines of `file` without their checksums (none if there is no
    /// such file); `None` if any line is damaged or it cannot be read.
    pub fn lines(&self, file: &str) -> Option<Vec<String>> {
        let text = match std::fs::read_to_string(self.dir.join(file)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(Vec::new()),
            Err(_) => return None,
        };
        text.lines()
            .map(|line| {
                let (rest, crc) = line.rsplit_once(' ')?;
                (checksum(rest) == crc).then(|| rest.to_string())
            })
            .collect()
    }

    /// Forget everything: the next use rebuilds.
    pub fn clear(&self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A file of a derived folder, its owner's alone, appended to or written
/// anew.
fn private(path: &Path, append: bool) -> std::io::Result<std::fs::File> {
    std::fs::create_dir_all(path.parent().expect("a derived file has a folder"))?;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(append).write(true).truncate(!append);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
