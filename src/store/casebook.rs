//! Finding and opening a casebook, a view of it as one commit left it
//! (with the `sprx.toml` that commit holds), and the few ways into the
//! repository the records above it need: files and blobs of a view, the
//! history of a record, git's index for looking. What the files hold is
//! read in [`crate::records`].

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::repo::{Author, BlobId, CommitId, Pick, Repo, Snapshot};
use super::{Result, StoreError};
use crate::settings::{SETTINGS_FILE, Settings, Worker};

/// The casebook as one commit left it: its records and the settings that
/// commit holds, so a report from it reproduces exactly.
#[derive(Debug, Clone)]
pub struct View {
    pub settings: Settings,
    pub(crate) snapshot: Snapshot,
}

impl View {
    pub fn commit(&self) -> CommitId {
        self.snapshot.commit
    }

    /// When the commit was made, in the time zone it was made in.
    pub fn time(&self) -> DateTime<FixedOffset> {
        self.snapshot.time
    }

    /// The commit's short id, for footers.
    pub fn short(&self) -> String {
        self.snapshot.commit.short()
    }
}

/// An open casebook.
pub struct Casebook {
    pub root: PathBuf,
    pub(crate) repo: Repo,
    /// What finishing an interrupted write said, for the command to pass on.
    pub notes: Vec<String>,
}

impl Casebook {
    /// Find the casebook: `explicit` (from --casebook or SPRX_CASEBOOK), else
    /// the nearest directory from `cwd` upwards that holds `sprx.toml`; and
    /// finish any write an earlier sprx command was interrupted in.
    pub fn find(explicit: Option<&Path>, cwd: &Path) -> Result<Casebook> {
        let root = match explicit {
            Some(dir) => cwd.join(dir),
            None => cwd
                .ancestors()
                .find(|dir| dir.join(SETTINGS_FILE).is_file())
                .ok_or_else(|| StoreError::NotFound(cwd.to_path_buf()))?
                .to_path_buf(),
        };
        Casebook::open(&root)
    }

    /// Open the casebook whose root is `root`.
    pub fn open(root: &Path) -> Result<Casebook> {
        if !root.exists() {
            return Err(StoreError::NoSuchFolder(root.to_path_buf()));
        }
        if !root.join(SETTINGS_FILE).is_file() {
            return Err(StoreError::NotACasebook(root.to_path_buf()));
        }
        let repo = Repo::open(root)?;
        let mut cb = Casebook {
            root: repo.workdir().to_path_buf(),
            repo,
            notes: Vec::new(),
        };
        cb.notes = super::transaction::finish_interrupted(&cb);
        Ok(cb)
    }

    /// The warning to give when others can read `.git`, which holds every
    /// version of every record.
    pub fn repository_open_to_others(&self) -> Option<String> {
        let mode = crate::files::readable_by_others(&self.root, self.git_dir())?;
        Some(format!(
            "the repository (.git, holding every version of every record) can be read by others (mode {mode:o}); chmod 700 .git"
        ))
    }

    /// Where git keeps the repository (`.git`), and sprx its own files.
    pub fn git_dir(&self) -> &Path {
        self.repo.git_dir()
    }

    /// The casebook as the commit `pick` names left it.
    pub fn view(&self, pick: &Pick) -> Result<View> {
        let snapshot = self.repo.snapshot(pick)?;
        let settings = self.settings_at(&snapshot)?;
        Ok(View { settings, snapshot })
    }

    /// The casebook at HEAD.
    pub fn head(&self) -> Result<View> {
        self.view(&Pick::Head)
    }

    /// `sprx.toml` as committed in `snapshot` (defaults where there is none),
    /// with this worker's own ID prefix, if they set one.
    pub(crate) fn settings_at(&self, snapshot: &Snapshot) -> Result<Settings> {
        let path = Path::new(SETTINGS_FILE);
        let mut settings = match self.repo.lookup(snapshot, SETTINGS_FILE)? {
            Some(blob) => {
                let bytes = self.repo.read(blob, SETTINGS_FILE)?;
                Settings::parse(path, &String::from_utf8_lossy(&bytes))?
            }
            None => Settings::default(),
        };
        // Workers sharing a casebook may each number with a prefix of their
        // own: SPRX_ID_PREFIX, else git config sprx.idPrefix (not committed).
        let own = std::env::var("SPRX_ID_PREFIX")
            .ok()
            .filter(|p| !p.is_empty())
            .map(|p| (p, "SPRX_ID_PREFIX"))
            .or_else(|| Some((self.repo.config("sprx.idPrefix")?, "git config sprx.idPrefix")));
        if let Some((prefix, from)) = own {
            settings.own_prefix(prefix, from)?;
        }
        Ok(settings)
    }

    /// The commit author: `worker` (from `[worker]` in the settings), else
    /// GIT_AUTHOR_NAME/EMAIL, else git's user.name and user.email.
    pub fn author(&self, worker: Option<&Worker>, when: DateTime<FixedOffset>) -> Result<Author> {
        author_from(&self.repo, worker, when)
    }

    /// Read one file's bytes from the view; `None` if it is not there.
    pub(crate) fn read_file(&self, view: &View, path: &str) -> Result<Option<Vec<u8>>> {
        match self.repo.lookup(&view.snapshot, path)? {
            Some(blob) => Ok(Some(self.repo.read(blob, path)?)),
            None => Ok(None),
        }
    }

    /// Every file under the folder `dir` in the view: (path, blob).
    pub fn blobs_under(&self, view: &View, dir: &str) -> Result<Vec<(String, BlobId)>> {
        let mut out = Vec::new();
        self.repo.walk(&view.snapshot, dir, &mut |path, blob| {
            out.push((format!("{dir}/{path}"), blob))
        })?;
        Ok(out)
    }

    /// The content of the blob `blob` (the file at `path`, for messages),
    /// refused unread when it is over the size limit.
    pub fn read_blob(&self, blob: BlobId, path: &str) -> Result<Vec<u8>> {
        self.repo.read(blob, path)
    }

    /// git's index as it is now, for looking only.
    pub fn staged_now(&self) -> Result<super::repo::Staged> {
        self.repo.staged_now()
    }

    /// The commit, among the hundred thousand newest reachable from HEAD,
    /// where `path` held `blob`: a working file that holds one is out of
    /// date, not edited by hand, and committing it would undo events.
    /// (Only asked when a file differs from HEAD, so the walk is rare.)
    pub fn older_version(&self, path: &str, blob: BlobId) -> Result<Option<CommitId>> {
        self.repo.commit_holding(path, blob, 100_000)
    }
}

/// The commit author from `worker`, else the environment, else git config.
pub(crate) fn author_from(repo: &Repo, worker: Option<&Worker>, when: DateTime<FixedOffset>) -> Result<Author> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let name = worker
        .map(|w| w.name.clone())
        .or_else(|| env("GIT_AUTHOR_NAME"))
        .or_else(|| repo.config("user.name"));
    let email = worker
        .map(|w| w.email.clone())
        .or_else(|| env("GIT_AUTHOR_EMAIL"))
        .or_else(|| repo.config("user.email"));
    match (name, email) {
        (Some(name), Some(email)) => Ok(Author { name, email, when }),
        _ => Err(StoreError::NoAuthor),
    }
}
