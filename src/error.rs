//! The one error type the command line reports: a message, an optional hint
//! saying what to do, and the exit status (1 could not be done, 2 usage).

use std::fmt;

use crate::model::lifecycle::DomainError;
use crate::records::write::WriteError;
use crate::store::{Cause, StoreError};

/// Exit status for a command that could not be done.
pub const FAILED: u8 = 1;
/// Exit status for a usage error.
pub const USAGE: u8 = 2;

#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
}

impl Error {
    pub fn failed(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            code: FAILED,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            code: USAGE,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// A closed pipe on stdout (`sprx list | head`) ends output quietly.
    pub fn is_broken_pipe(&self) -> bool {
        self.code == 0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        Error {
            message: e.to_string(),
            hint: store_hint(&e),
            code: FAILED,
        }
    }
}

impl From<crate::yaml::ParseError> for Error {
    fn from(e: crate::yaml::ParseError) -> Error {
        Error::from(StoreError::from(e))
    }
}

impl From<DomainError> for Error {
    fn from(e: DomainError) -> Error {
        Error {
            message: e.to_string(),
            hint: e.hint(),
            code: FAILED,
        }
    }
}

impl From<WriteError<DomainError>> for Error {
    fn from(e: WriteError<DomainError>) -> Error {
        match e {
            WriteError::Store(s) => s.into(),
            WriteError::Domain(d) => d.into(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Error {
                message: String::new(),
                hint: None,
                code: 0,
            };
        }
        Error::failed(e.to_string())
            .with_hint("sprx could not write its output: check the disk, pipe or terminal it goes to")
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether what was typed for an ID looks like a person's name instead.
fn looks_like_a_name(typed: &str) -> bool {
    typed.chars().any(char::is_alphabetic) && (typed.contains(' ') || !typed.chars().any(|c| c.is_ascii_digit()))
}

/// What to do about a store error: hints are the command line's business
/// (as in jj-cli), so they are made here, at its edge. No hint ever names
/// a command that would drop a committed event.
fn store_hint(e: &StoreError) -> Option<String> {
    Some(match e {
        StoreError::NotFound(_) => {
            "run sprx init to make one, or point at one with --casebook DIR or SPRX_CASEBOOK".into()
        }
        StoreError::NotACasebook(_) => "run sprx init DIR to make it one".into(),
        StoreError::NoSuchFolder(_) => {
            "check the path given to -C / --casebook (or SPRX_CASEBOOK), or make a casebook there with sprx init DIR".into()
        }
        StoreError::GitConfig(_) => {
            "nothing was changed; git config --list --show-origin names the file at fault (often ~/.gitconfig, or the file GIT_CONFIG_GLOBAL names): fix it, then run the command again".into()
        }
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
        StoreError::NoSuchReferral(typed) if looks_like_a_name(typed) => {
            format!("to find someone by name: sprx find \"{typed}\"")
        }
        StoreError::NoSuchReferral(_) => "see the referrals with sprx list, or find one with sprx find TEXT".into(),
        StoreError::NoSuchReferralLike { likely, .. } => {
            format!("if so, give {likely}; sprx find TEXT finds a referral by name")
        }
        StoreError::Ambiguous { .. } => "give more of the ID".into(),
        StoreError::BadId(typed) if looks_like_a_name(typed) => {
            format!("that looks like a name; find the referral with sprx find \"{typed}\"")
        }
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
        StoreError::FormerLayout(..) => {
            "run sprx migrate: one commit moves every record into its folder of a hundred (referrals/YEAR/NN/ID.yaml); history and reports follow it".into()
        }
        StoreError::NoAuthor => {
            "e.g. add to sprx.toml:\n  [worker]\n  name = \"Sam Link\"\n  email = \"sam@example.org\"".into()
        }
        StoreError::ServiceExists(id) => format!("change it with sprx service edit {id}"),
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
        StoreError::Unconfirmed { .. } => {
            "do not record it again yet: once the disk can be read, the next sprx command finishes the event if it is on the branch, and sprx show or git log -1 says whether it is".into()
        }
        StoreError::Git {
            cause: Cause::DiskFull, ..
        } => "free some space and run the command again".into(),
        StoreError::Git {
            cause: Cause::Vanished,
            ..
        } => "another git command (git gc, say) removed a file while sprx was using it; run the command again".into(),
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
        StoreError::InvalidService { .. } => "correct it and run the command again; sprx service add --help lists the fields".into(),
        StoreError::Io { .. } => "check the file or folder named above (that it exists and you may write it), then run the command again".into(),
    })
}
