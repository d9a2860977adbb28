//! Finding and opening a casebook, its `sprx.toml` settings as committed,
//! reading referral records from a view of one commit, resolving
//! abbreviated IDs and allocating new ones.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::repo::{Author, BlobId, CommitId, Pick, Repo, Snapshot};
use super::{Result, StoreError};
use crate::model::policy::{Policy, Rules, Thresholds};
use crate::model::referral::{Identity, Referral, ReferralId};
use crate::model::taxonomy::Taxonomy;
use crate::yaml;

/// The settings file at the casebook's root.
pub const SETTINGS_FILE: &str = "sprx.toml";

/// `sprx.toml`. Every setting is optional; unknown keys are errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
#[schemars(title = "sprx casebook settings (sprx.toml)")]
pub struct Settings {
    pub casebook: CasebookSettings,
    /// The commit author; falls back to git's user.name and user.email.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub worker: Option<Worker>,
    pub policy: Policy,
    pub measures: Thresholds,
    pub taxonomy: Taxonomy,
    pub report: ReportSettings,
    pub retention: RetentionSettings,
}

/// `[retention]`: how long records are kept after their last episode ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionSettings {
    /// Years after the last episode closed (or was declined) before a
    /// record is due for erasure; the NHS Records Management Code of
    /// Practice's 8 years for adult records is the default. Your
    /// organisation's policy decides.
    pub years_after_closure: u32,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        RetentionSettings { years_after_closure: 8 }
    }
}

/// `[report]`: how reports protect small numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ReportSettings {
    /// Counts from 1 to one less than this are suppressed in `report --by`
    /// (NHS statistical disclosure practice).
    #[schemars(range(min = 1))]
    pub suppress_below: u32,
}

impl Default for ReportSettings {
    fn default() -> Self {
        ReportSettings { suppress_below: 5 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CasebookSettings {
    pub name: String,
    /// IDs are PREFIX-YEAR-NNNN, NNNN counting up per year.
    pub id_prefix: String,
}

impl Default for CasebookSettings {
    fn default() -> Self {
        CasebookSettings {
            name: "Social prescribing casebook".into(),
            id_prefix: "SP".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Worker {
    pub name: String,
    pub email: String,
}

impl Settings {
    /// Parse `sprx.toml` text; `path` is for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Settings> {
        let at = |offset: usize| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            (line, before.len() - before.rfind('\n').map_or(0, |p| p + 1) + 1)
        };
        let settings: Settings = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |span| at(span.start));
            StoreError::Settings {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        if !crate::model::referral::valid_prefix(&settings.casebook.id_prefix) {
            let (line, column) = text.find("id_prefix").map_or((1, 1), at);
            return Err(StoreError::Settings {
                path: path.to_path_buf(),
                line,
                column,
                message: format!(
                    "casebook.id_prefix `{}` must be {}",
                    settings.casebook.id_prefix,
                    crate::model::referral::PREFIX_RULE
                ),
            });
        }
        Ok(settings)
    }

    pub fn rules(&self) -> Rules {
        Rules {
            policy: self.policy.clone(),
            thresholds: self.measures.clone(),
            taxonomy: self.taxonomy.clone(),
        }
    }
}

/// The referral `path` is the record of, at its place or its former one.
pub(crate) fn record_at(path: &str) -> Option<ReferralId> {
    let file = path.rsplit('/').next()?;
    let id: ReferralId = file.strip_suffix(".yaml")?.parse().ok()?;
    (path == id.path() || path == id.former_path()).then_some(id)
}

/// Referral records by ID, each with its blob.
pub(crate) type Entries = Vec<(ReferralId, BlobId)>;

/// The casebook as one commit left it: its records and the settings that
/// commit holds, so a report from it reproduces exactly.
#[derive(Debug, Clone)]
pub struct View {
    pub settings: Settings,
    pub(super) snapshot: Snapshot,
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
    pub(super) repo: Repo,
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
        let mode = readable_by_others(&self.root, self.git_dir())?;
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
            if !crate::model::referral::valid_prefix(&prefix) {
                return Err(StoreError::Settings {
                    path: PathBuf::from(from),
                    line: 1,
                    column: 1,
                    message: format!("ID prefix `{prefix}` must be {}", crate::model::referral::PREFIX_RULE),
                });
            }
            settings.casebook.id_prefix = prefix;
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

    /// Read one referral from the view; `None` if it is not there.
    pub fn read_referral(&self, view: &View, id: &ReferralId) -> Result<Option<Referral>> {
        for path in [id.path(), id.former_path()] {
            if let Some(bytes) = self.read_file(view, &path)? {
                return Ok(Some(yaml::parse(&path, &bytes)?));
            }
        }
        Ok(None)
    }

    /// Why the referral `id` is not at its place in `view`: it is at its
    /// former one (`sprx migrate` moves it), or it is not there at all.
    pub(crate) fn not_in_place(&self, view: &View, id: &ReferralId, typed: &str) -> Result<StoreError> {
        Ok(match self.repo.lookup(&view.snapshot, &id.former_path())? {
            Some(_) => StoreError::FormerLayout(id.clone(), id.former_path()),
            None => StoreError::NoSuchReferral(typed.to_string()),
        })
    }

    /// The referral `typed` names (a full ID or an unambiguous ending).
    pub fn find_referral(&self, view: &View, typed: &str) -> Result<Referral> {
        let id = self.resolve(view, typed)?;
        self.read_referral(view, &id)?
            .ok_or_else(|| StoreError::NoSuchReferral(typed.to_string()))
    }

    /// Every referral in the view with its blob, from file names alone
    /// (nothing is parsed), in ID order. A file counts only in its own
    /// place ([`ReferralId::path`]) or, in casebooks `sprx migrate` has not
    /// yet tidied and in commits from before it did, its former one.
    pub(crate) fn referral_entries(&self, view: &View) -> Result<Entries> {
        let (mut placed, former) = self.record_files(view)?;
        if !former.is_empty() {
            placed.extend(former);
            placed.sort();
            placed.dedup_by(|a, b| a.0 == b.0);
        }
        Ok(placed)
    }

    /// Every record file in the view, in ID order: those in their place, and
    /// those at their [`ReferralId::former_path`].
    pub(crate) fn record_files(&self, view: &View) -> Result<(Entries, Entries)> {
        let (mut placed, mut former) = (Vec::new(), Vec::new());
        self.repo.walk(&view.snapshot, "referrals", &mut |path, blob| {
            let path = format!("referrals/{path}");
            match record_at(&path) {
                Some(id) if path == id.path() => placed.push((id, blob)),
                Some(id) => former.push((id, blob)),
                None => {}
            }
        })?;
        placed.sort();
        former.sort();
        Ok((placed, former))
    }

    /// Every referral ID in the view.
    pub fn referral_ids(&self, view: &View) -> Result<Vec<ReferralId>> {
        Ok(self.referral_entries(view)?.into_iter().map(|(id, _)| id).collect())
    }

    /// Every referral in the view in ID order, lean (without free text; see
    /// `Referral::lean`), from the derived cache where it can be.
    pub fn summaries(&self, view: &View) -> Result<Vec<Referral>> {
        super::cache::summaries(&self.repo, &self.referral_entries(view)?)
    }

    /// Who every referral in the view is about, and whether it is open:
    /// less to read than [`Casebook::summaries`] when that is all a command
    /// needs.
    pub fn identities(&self, view: &View) -> Result<Vec<Identity>> {
        super::cache::summaries(&self.repo, &self.referral_entries(view)?)
    }

    /// Resolve what the user typed to one referral ID in the view: a full
    /// ID, or any unambiguous ending of one (`7`, `0007`, `2026-0007`).
    pub fn resolve(&self, view: &View, typed: &str) -> Result<ReferralId> {
        // IDs are capitals; `sp-2026-0001` means the same.
        let upper = typed.to_ascii_uppercase();
        if let Ok(id) = upper.parse::<ReferralId>() {
            let held = |path: String| self.repo.lookup(&view.snapshot, &path);
            return match held(id.path())?.or(held(id.former_path())?) {
                Some(_) => Ok(id),
                None => Err(self.no_such_referral(view, typed)),
            };
        }
        let abbreviation_chars = |c: char| c.is_ascii_alphanumeric() || c == '-';
        if typed.is_empty() || !typed.chars().all(abbreviation_chars) {
            // `SP 2026 0001` is an ID typed with spaces, not a name.
            return Err(match self.no_such_referral(view, typed) {
                like @ StoreError::NoSuchReferralLike { .. } => like,
                _ => StoreError::BadId(typed.to_string()),
            });
        }
        let number: Option<u32> = typed.parse().ok();
        let matches: Vec<ReferralId> = self
            .referral_ids(view)?
            .into_iter()
            .filter(|id| number == Some(id.number()) || id.to_string().ends_with(&format!("-{upper}")))
            .collect();
        match matches.len() {
            0 => Err(self.no_such_referral(view, typed)),
            1 => Ok(matches.into_iter().next().expect("one match")),
            _ => Err(StoreError::Ambiguous {
                typed: typed.to_string(),
                matches,
            }),
        }
    }

    /// That `typed` names no referral, with the ID it most likely meant
    /// (two digits swapped, one mistyped), if there is one.
    fn no_such_referral(&self, view: &View, typed: &str) -> StoreError {
        let ids: Vec<String> = self
            .referral_ids(view)
            .unwrap_or_default()
            .iter()
            .map(|i| i.to_string())
            .collect();
        // IDs and what was typed are ASCII: compare the same number of
        // characters from the end.
        let close = ids
            .iter()
            .filter(|_| typed.len() >= 4)
            .filter(|id| {
                let tail = &id[id.len().saturating_sub(typed.len())..];
                strsim::damerau_levenshtein(tail, typed) == 1
            })
            .min();
        // The same letters and numbers, spaced or padded differently:
        // `SP2026-001`, `sp 2026 0001`.
        let parts = |s: &str| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            let mut last: Option<bool> = None;
            for c in s.chars() {
                if !c.is_ascii_alphanumeric() {
                    last = None;
                    continue;
                }
                let digit = c.is_ascii_digit();
                if last != Some(digit) {
                    out.push(String::new());
                }
                out.last_mut().expect("pushed").push(c.to_ascii_uppercase());
                last = Some(digit);
            }
            out.iter().map(|p| p.trim_start_matches('0').to_string()).collect()
        };
        let typed_parts = parts(typed);
        let same = ids.iter().filter(|id| parts(id) == typed_parts).min();
        match same.or(close) {
            Some(likely) => StoreError::NoSuchReferralLike {
                typed: typed.to_string(),
                likely: likely.clone(),
            },
            None => StoreError::NoSuchReferral(typed.to_string()),
        }
    }

    /// The next free ID for `year` with the view's prefix.
    pub fn next_id(&self, view: &View, year: i32) -> Result<ReferralId> {
        let prefix = &view.settings.casebook.id_prefix;
        let number = self.next_number(view, prefix, year)?;
        ReferralId::new(prefix, year, number).map_err(|message| StoreError::Settings {
            path: PathBuf::from(SETTINGS_FILE),
            line: 1,
            column: 1,
            message,
        })
    }

    /// One more than the highest number `prefix` has used in `year`.
    pub fn next_number(&self, view: &View, prefix: &str, year: i32) -> Result<u32> {
        let number = |file: &str| {
            let id = file.strip_suffix(".yaml").and_then(|n| n.parse::<ReferralId>().ok());
            id.filter(|id| id.prefix() == prefix).map(|id| id.number())
        };
        // Records still in the year's own folder (before `migrate`), then
        // the folders of a hundred from the highest down: the first holding
        // any of this prefix holds its highest number.
        let year_dir = format!("referrals/{year}");
        let (folders, files) = self.repo.list(&view.snapshot, &year_dir)?;
        let mut highest = files.iter().filter_map(|f| number(f)).max().unwrap_or(0);
        let mut hundreds: Vec<(u32, String)> = folders.into_iter().filter_map(|f| Some((f.parse().ok()?, f))).collect();
        hundreds.sort_unstable_by(|a, b| b.cmp(a));
        for (_, folder) in hundreds {
            let (_, files) = self.repo.list(&view.snapshot, &format!("{year_dir}/{folder}"))?;
            if let Some(most) = files.iter().filter_map(|f| number(f)).max() {
                highest = highest.max(most);
                break;
            }
        }
        Ok(highest + 1)
    }

    /// The commits that changed the referral `id`, oldest first (at its
    /// place, or before `sprx migrate` moved it, its former one).
    pub fn history(&self, id: &ReferralId) -> Result<Vec<super::repo::Change>> {
        super::events::history(&self.repo, self.git_dir(), id)
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
