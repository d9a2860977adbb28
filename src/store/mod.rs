//! The casebook on disk: a git repository holding `sprx.toml` and one YAML
//! file per referral. Reads come from one commit — records and settings
//! alike; writes are one transaction each (`transaction.rs`) that make
//! exactly one commit. Git itself is spoken only in `repo.rs`.

pub mod block_yaml;
pub mod cache;
pub mod casebook;
pub mod check;
pub mod failpoint;
mod raw_index;
pub mod repo;
pub mod services;
pub mod transaction;
pub mod write;
pub mod yaml;

pub use casebook::{Casebook, Settings, View};
pub use repo::Pick;

use std::path::PathBuf;

use crate::model::referral::ReferralId;

/// What can be done about a failure inside git.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    DiskFull,
    Permission,
    Damaged,
}

/// Why the casebook could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no casebook found in {0} or any parent directory")]
    NotFound(PathBuf),
    #[error("{0} is not a casebook (it has no sprx.toml)")]
    NotACasebook(PathBuf),
    #[error("{path} is not a git repository sprx can use: {detail}")]
    NoRepository { path: PathBuf, detail: String },
    #[error("this git repository names its objects with SHA-256, which sprx does not support")]
    Sha256,
    #[error("git's index is split in two (core.splitIndex), which sprx does not write")]
    SplitIndex,
    #[error("the casebook is a sparse checkout, which sprx does not support")]
    SparseCheckout,
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
    #[error("refusing to change {path}: it holds an older version of the record than the one committed ({commit})")]
    Stale { path: String, commit: String },
    #[error("refusing to change {path}: git's index holds a version of it that is not committed")]
    Staged { path: String },
    #[error("refusing to change {path}: the file is missing from the working tree")]
    Missing { path: String },
    #[error("refusing to write {path}: a file that git does not track is in the way")]
    Untracked { path: String },
    #[error("refusing to rewrite {path}: it has comments, which rewriting would lose")]
    Comments { path: String },
    #[error("no commit author: set [worker] name and email in sprx.toml, or git config user.name and user.email")]
    NoAuthor,
    #[error("{0} already holds a casebook")]
    AlreadyCasebook(PathBuf),
    #[error("git's index is locked ({}): another git command is using it", .0.display())]
    IndexLocked(PathBuf),
    #[error("the branch is locked ({}): another git command is updating it", .0.display())]
    RefLocked(PathBuf),
    #[error("the branch moved while sprx was writing (another program committed); nothing was recorded")]
    BranchMoved,
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no service {0} in the directory")]
    NoSuchService(String),
    #[error("`{0}` is not a service id (lower-case letters, digits and hyphens)")]
    BadServiceId(String),
    #[error("the import names {} more than once: {}", if .0.len() == 1 { "a service id" } else { "service ids" }, .0.join(", "))]
    DuplicateServices(Vec<String>),
    #[error("service {id}: {problem}")]
    InvalidService { id: String, problem: String },
    #[error("`{0}` is not a commit in this casebook")]
    NoSuchRevision(String),
    #[error("the casebook has no commit made on or before {0}")]
    NothingAsOf(chrono::NaiveDate),
    #[error("the casebook has no commit yet")]
    NoCommit,
    #[error("git could not {what}: {detail}")]
    Git { what: String, detail: String, cause: Cause },
}

impl StoreError {
    /// What to do about it. No hint ever names a command that would drop a
    /// committed event.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            StoreError::NotFound(_) => {
                "run sprx init to make one, or point at one with --casebook DIR or SPRX_CASEBOOK".into()
            }
            StoreError::NotACasebook(_) => "run sprx init DIR to make it one".into(),
            StoreError::NoRepository { .. } => {
                "run sprx init in a new folder, or point at a casebook with --casebook DIR".into()
            }
            StoreError::Sha256 => {
                "keep the casebook in a repository made with git's default object format (git init, or sprx init in a new folder); nothing was changed".into()
            }
            StoreError::SplitIndex => "turn it off with: git config core.splitIndex false && git update-index --no-split-index".into(),
            StoreError::SparseCheckout => {
                "leave it with: git sparse-checkout disable (every file comes back into the working tree)".into()
            }
            StoreError::Settings { path, .. } if path.as_os_str() == "sprx.toml" => {
                "fix sprx.toml and commit the fix (git commit sprx.toml): sprx reads the settings as committed".into()
            }
            StoreError::Settings { path, .. } => format!("fix {}", path.display()),
            StoreError::NoSuchReferral(_) => "see the referrals with sprx list".into(),
            StoreError::Ambiguous { .. } => "give more of the ID".into(),
            StoreError::BadId(_) => {
                "IDs look like SP-2026-0007; any unambiguous ending such as 7 or 2026-0007 works".into()
            }
            StoreError::Parse { .. } => {
                "fix the file and commit the fix (sprx check lists every problem); the rest of the casebook is unaffected".into()
            }
            StoreError::HandEdited { path } => format!(
                "commit the edit (sprx check, then git commit {path}) or drop it (git checkout HEAD -- {path}); git diff HEAD -- {path} shows it; then run the command again"
            ),
            StoreError::Stale { path, .. } => {
                format!("nothing committed is lost: git checkout HEAD -- {path} brings the file up to date; then run the command again")
            }
            StoreError::Staged { path } => format!(
                "git reset -q -- {path} puts the index back to the committed version (the file itself is not touched); then run the command again"
            ),
            StoreError::Missing { path } => format!("restore it with git checkout HEAD -- {path}"),
            StoreError::Untracked { path } => format!("move {path} aside, then run the command again"),
            StoreError::Comments { .. } => {
                "move the comments into a note field or extra, commit, then run the command again".into()
            }
            StoreError::NoAuthor => {
                "e.g. add to sprx.toml:\n  [worker]\n  name = \"Sam Link\"\n  email = \"sam@example.org\"".into()
            }
            StoreError::NoSuchService(_) => "see the directory with sprx service list".into(),
            StoreError::BadServiceId(_) => "e.g. walking-for-health".into(),
            StoreError::DuplicateServices(_) => {
                "nothing was committed; give each service once (fix the feed, or import its parts one at a time) and run the import again".into()
            }
            StoreError::NoSuchRevision(_) => "give a commit id, branch or tag; see git log".into(),
            StoreError::NothingAsOf(_) => "give a later --as-of date".into(),
            StoreError::NoCommit => {
                "commit sprx.toml (git add sprx.toml && git commit -m settings), or run sprx init in a new folder".into()
            }
            StoreError::AlreadyCasebook(_) => "choose another directory".into(),
            StoreError::IndexLocked(path) => format!(
                "nothing was recorded; wait for the other git command to finish and run the command again; if no git command is running, one was interrupted: delete {}",
                path.display()
            ),
            StoreError::RefLocked(path) => format!(
                "nothing was recorded; if no git command is running, a killed one left the lock behind and it is safe to delete {}; then run the command again",
                path.display()
            ),
            StoreError::BranchMoved => "run the command again".into(),
            StoreError::Git {
                cause: Cause::DiskFull, ..
            } => "free some space and run the command again".into(),
            StoreError::Git {
                cause: Cause::Permission,
                ..
            } => "sprx needs write access to the casebook's .git folder and record files; reading commands work without".into(),
            StoreError::Git { .. } => {
                "the git repository is damaged or cannot be read; git fsck says what is wrong, and a clone or backup can restore it"
                    .into()
            }
            StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::StorageFull => {
                "free some space and run the command again".into()
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
