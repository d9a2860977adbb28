//! A derived cache so unchanged records are never parsed twice. It maps a
//! record's git blob id to its lean form (the record without free text:
//! what list, caseload and report need), in `.git/sprx/summaries`. Blob ids
//! are content hashes, so an entry can never be stale; the file is never
//! committed, is rebuilt when deleted or unreadable, and is thrown away when
//! written by another version of sprx. Records missing from it are parsed in
//! parallel, on every core (or `SPRX_THREADS`).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use super::{Result, StoreError, yaml};
use crate::model::referral::Referral;

/// The first line of the cache file; any other first line means rebuild.
const HEADER: &str = concat!("sprx summaries v1 ", env!("CARGO_PKG_VERSION"));

/// Lean records by blob id.
pub struct Cache {
    path: PathBuf,
    entries: HashMap<Oid, Referral>,
}

/// How many threads to parse with.
pub fn threads() -> usize {
    std::env::var("SPRX_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Run `work` over `items` on up to `threads` threads, keeping order.
fn in_parallel<T: Sync, R: Send>(items: &[T], threads: usize, work: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return vec![work(items)];
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = items.chunks(chunk).map(|c| s.spawn(|| work(c))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a parsing thread panicked"))
            .collect()
    })
}

impl Cache {
    /// Load the cache of the repository at `git_dir`; empty if there is none
    /// or it cannot be read.
    pub fn load(git_dir: &Path) -> Cache {
        let path = git_dir.join("sprx").join("summaries");
        let entries = std::fs::read_to_string(&path)
            .ok()
            .map(|text| parse_entries(&text))
            .unwrap_or_default();
        Cache { path, entries }
    }

    /// The lean records for `wanted` (path, blob id), from the cache or by
    /// parsing, in the order given. New entries are saved; the cache keeps
    /// only what this call used, so it tracks the casebook as it is now.
    pub fn records(&mut self, repo: &Repository, wanted: &[(String, Oid)]) -> Result<Vec<Referral>> {
        let missing: Vec<&(String, Oid)> = wanted
            .iter()
            .filter(|(_, oid)| !self.entries.contains_key(oid))
            .collect();
        if !missing.is_empty() {
            let git_dir = repo.path().to_path_buf();
            let parsed = in_parallel(&missing, threads(), |chunk| parse_blobs(&git_dir, chunk));
            for batch in parsed {
                for (oid, record) in batch? {
                    self.entries.insert(oid, record);
                }
            }
        }
        let records = wanted.iter().map(|(_, oid)| self.entries[oid].clone()).collect();
        if !missing.is_empty() || self.entries.len() != wanted.len() {
            let keep: std::collections::HashSet<Oid> = wanted.iter().map(|(_, oid)| *oid).collect();
            self.entries.retain(|oid, _| keep.contains(oid));
            // A cache that cannot be written (a read-only casebook) only costs time.
            let _ = self.save();
        }
        Ok(records)
    }

    fn save(&self) -> std::io::Result<()> {
        let dir = self.path.parent().expect("the cache has a folder");
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".summaries.{}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        // It holds names and dates of birth: readable by its owner only.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = std::io::BufWriter::new(options.open(&tmp)?);
        writeln!(out, "{HEADER}")?;
        for (oid, record) in &self.entries {
            write!(out, "{oid}\t")?;
            serde_json::to_writer(&mut out, record)?;
            writeln!(out)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, &self.path)
    }
}

/// The entries of a cache file, in parallel; a wrong header or any damaged
/// line means the cache is rebuilt.
fn parse_entries(text: &str) -> HashMap<Oid, Referral> {
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return HashMap::new();
    }
    let lines: Vec<&str> = lines.collect();
    let parsed = in_parallel(&lines, threads(), |chunk| {
        chunk
            .iter()
            .map(|line| {
                let (oid, json) = line.split_once('\t')?;
                Some((Oid::from_str(oid).ok()?, serde_json::from_str(json).ok()?))
            })
            .collect::<Option<Vec<(Oid, Referral)>>>()
    });
    let mut entries = HashMap::with_capacity(lines.len());
    for batch in parsed {
        match batch {
            Some(batch) => entries.extend(batch),
            None => return HashMap::new(),
        }
    }
    entries
}

/// Parse record blobs into lean records, with a repository of this thread's own.
fn parse_blobs(git_dir: &Path, items: &[&(String, Oid)]) -> Result<Vec<(Oid, Referral)>> {
    let repo = Repository::open(git_dir).map_err(|source| StoreError::NoRepository {
        path: git_dir.to_path_buf(),
        source,
    })?;
    let odb = repo.odb()?;
    items
        .iter()
        .map(|(path, oid)| {
            let (size, _) = odb.read_header(*oid)?;
            if size > yaml::MAX_RECORD_BYTES {
                let message = format!(
                    "file is {size} bytes; records are limited to {}",
                    yaml::MAX_RECORD_BYTES
                );
                return Err(StoreError::Parse {
                    path: path.clone(),
                    line: 1,
                    column: 1,
                    message,
                });
            }
            let blob = repo.find_blob(*oid)?;
            let record: Referral = yaml::parse(path, blob.content())?;
            Ok((*oid, record.lean()))
        })
        .collect()
}
