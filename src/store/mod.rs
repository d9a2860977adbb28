//! The casebook on disk: a git repository holding `sprx.toml` and one YAML
//! file per referral. Reads come from one commit — records and settings
//! alike; writes are one transaction each (`transaction.rs`) that make
//! exactly one commit. Git itself is spoken only in `repo.rs` (and its
//! index in `repo/index.rs`). What the files mean is read above this, in
//! [`crate::records`] and [`crate::settings`]: nothing here parses a record.

pub mod casebook;
pub mod failpoint;
mod maintenance;
mod raw_index;
pub mod repo;
pub mod transaction;

pub use casebook::{Casebook, View};
pub use repo::Pick;

use std::path::PathBuf;

use crate::model::referral::ReferralId;

/// What can be done about a failure inside git.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    DiskFull,
    Permission,
    /// A file or folder went while git was using it: another git command
    /// (`git gc` removes empty object folders) got in between.
    Vanished,
    Damaged,
}

/// Why the casebook could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no casebook found in {0} or any parent directory")]
    NotFound(PathBuf),
    #[error("{0} is not a casebook (it has no sprx.toml)")]
    NotACasebook(PathBuf),
    #[error("{0} does not exist")]
    NoSuchFolder(PathBuf),
    #[error("git's settings could not be read: {0}")]
    GitConfig(String),
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
    #[error("no referral {typed} in this casebook; did you mean {likely}?")]
    NoSuchReferralLike { typed: String, likely: String },
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
    #[error("{0} is still where earlier versions of sprx kept records ({1}), so sprx does not change it")]
    FormerLayout(ReferralId, String),
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
    #[error("sprx cannot tell whether the event was committed ({commit}): {detail}")]
    Unconfirmed { commit: String, detail: String },
    #[error("{}: {source}", .path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("service {0} is already in the directory")]
    ServiceExists(String),
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

impl From<crate::yaml::ParseError> for StoreError {
    fn from(e: crate::yaml::ParseError) -> StoreError {
        StoreError::Parse {
            path: e.path,
            line: e.line,
            column: e.column,
            message: e.message,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
