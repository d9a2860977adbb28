//! The casebook on disk: a git repository holding `sprx.toml` and one YAML
//! file per referral. Reads come from git trees; writes make exactly one
//! commit touching one file (see `git.rs` for the write order).

pub mod block_yaml;
pub mod cache;
pub mod casebook;
pub mod check;
pub mod failpoint;
pub mod git;
pub mod index;
mod pack;
pub mod raw_tree;
pub mod services;
pub mod snapshot;
pub mod write;
pub mod yaml;

pub use casebook::{Casebook, Settings};

use std::path::PathBuf;

use crate::model::referral::ReferralId;

/// Why the casebook could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no casebook found in {0} or any parent directory")]
    NotFound(PathBuf),
    #[error("{0} is not a casebook (it has no sprx.toml)")]
    NotACasebook(PathBuf),
    #[error("{path} is not a git repository: {source}")]
    NoRepository { path: PathBuf, source: git2::Error },
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Settings {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("no referral {0} in this casebook")]
    NoSuchReferral(String),
    #[error("`{typed}` matches more than one referral: {}", .matches.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", "))]
    Ambiguous { typed: String, matches: Vec<ReferralId> },
    #[error("`{0}` is not a referral ID")]
    BadId(String),
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("refusing to change {path}: it has uncommitted changes")]
    HandEdited { path: String },
    #[error("refusing to change {path}: the file is missing from the working tree")]
    Missing { path: String },
    #[error("refusing to write {path}: a file that git does not track is in the way")]
    Untracked { path: String },
    #[error("{path} is out of date: an earlier sprx command committed it but stopped before updating the file")]
    Stale { path: String },
    #[error("refusing to rewrite {path}: it has comments, which rewriting would lose")]
    Comments { path: String },
    #[error("no commit author: set [worker] name and email in sprx.toml, or git config user.name and user.email")]
    NoAuthor,
    #[error("{0} already holds a casebook")]
    AlreadyCasebook(PathBuf),
    #[error("git's index is locked ({}): another git command is using it", .0.display())]
    IndexLocked(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no service {0} in the directory")]
    NoSuchService(String),
    #[error("`{0}` is not a service id (lower-case letters, digits and hyphens)")]
    BadServiceId(String),
    #[error("service {id}: {problem}")]
    InvalidService { id: String, problem: String },
    #[error("`{0}` is not a commit in this casebook")]
    NoSuchRevision(String),
    #[error("the casebook has no commit made on or before {0}")]
    NothingAsOf(chrono::NaiveDate),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

impl StoreError {
    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            StoreError::NotFound(_) => {
                "run sprx init to make one, or point at one with --casebook DIR or SPRX_CASEBOOK".into()
            }
            StoreError::NotACasebook(_) => "run sprx init DIR to make it one".into(),
            StoreError::NoSuchReferral(_) => "see the referrals with sprx list".into(),
            StoreError::Ambiguous { .. } => "give more of the ID".into(),
            StoreError::BadId(_) => {
                "IDs look like SP-2026-0007; any unambiguous ending such as 7 or 2026-0007 works".into()
            }
            StoreError::Parse { .. } => {
                "fix the file and commit the fix (sprx check lists every problem); the rest of the casebook is unaffected".into()
            }
            StoreError::HandEdited { path } => format!(
                "commit the edit (git commit {path}) or discard it (git checkout -- {path}), then run the command again"
            ),
            StoreError::Missing { path } => format!("restore it with git checkout -- {path}"),
            StoreError::Untracked { path } => format!("move {path} aside, then run the command again"),
            StoreError::Stale { path } => {
                format!("nothing is lost: git checkout HEAD -- {path} brings the file up to date")
            }
            StoreError::Comments { .. } => {
                "move the comments into a note field or extra, commit, then run the command again".into()
            }
            StoreError::NoAuthor => {
                "e.g. add to sprx.toml:\n  [worker]\n  name = \"Sam Link\"\n  email = \"sam@example.org\"".into()
            }
            StoreError::NoSuchService(_) => "see the directory with sprx service list".into(),
            StoreError::BadServiceId(_) => "e.g. walking-for-health".into(),
            StoreError::NoSuchRevision(_) => "give a commit id, branch or tag; see git log".into(),
            StoreError::NothingAsOf(_) => "give a later --as-of date".into(),
            StoreError::AlreadyCasebook(_) => "choose another directory".into(),
            StoreError::IndexLocked(path) => format!(
                "wait for it to finish and run the command again; if no git command is running, one was interrupted: delete {}",
                path.display()
            ),
StoreError::Git(e) if e.code() == git2::ErrorCode::UnbornBranch => {
                "the casebook has no commit yet: commit sprx.toml (git add sprx.toml && git commit -m settings), or run sprx init in a new folder".into()
            }
                        StoreError::Git(e)
                if matches!(
                    e.class(),
                    git2::ErrorClass::Odb
                        | git2::ErrorClass::Object
                        | git2::ErrorClass::Zlib
                        | git2::ErrorClass::Reference
                ) =>
            {
                "the git repository is damaged; git fsck says what is wrong, and a clone or backup can restore it"
                    .into()
            }
            StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
                "free some space and run the command again; sprx check says if anything was left half-done".into()
            }
            StoreError::Io { source, .. }
                if matches!(
                    source.kind(),
                    std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
                ) =>
            {
                "sprx needs write access to the casebook's .git folder and record files; reading commands work without"
                    .into()
            }
            _ => return None,
        })
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The big-endian 32-bit number at `at` in one of git's files (index,
/// pack, pack index), if the bytes are there.
fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The id git gives an object of `kind` holding `data`: the SHA-1 of a
/// `KIND SIZE` header, a NUL, and the data.
fn object_id(kind: git2::ObjectType, data: &[u8]) -> [u8; 20] {
    use sha1::{Digest, Sha1};
    let mut hash = Sha1::new();
    hash.update(format!("{kind} {}\0", data.len()).as_bytes());
    hash.update(data);
    hash.finalize().into()
}

/// Set libgit2's process-wide options before any thread starts: keep tree
/// objects up to 8 MiB in its object cache (a year's folder of 10,000
/// referrals is a 400 KB tree, read more than once per command; by default
/// libgit2 caches trees only up to 4 KB).
pub fn configure_libgit2() {
    // Safety: called once at start-up, before sprx starts any thread.
    unsafe {
        let _ = git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 8 << 20);
    }
}

/// For commands that only read: skip libgit2's re-hashing of every object it
/// reads (half the time of `show` at 100,000 referrals). Corruption is still
/// found by `git fsck` and by `sprx check`, which keeps the verification.
pub fn trust_object_store_for_reading() {
    git2::opts::strict_hash_verification(false);
}
