//! Finding and opening a casebook, its `sprx.toml` settings, reading referral
//! records from a git tree, resolving abbreviated IDs and allocating new ones.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, Tree};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::raw_tree::{for_each_file, lookup};
use super::yaml;
use super::{Result, StoreError};
use crate::model::policy::{Policy, Rules, Thresholds};
use crate::model::referral::{Identity, Referral, ReferralId};
use crate::model::taxonomy::Taxonomy;

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

/// An open casebook.
pub struct Casebook {
    pub root: PathBuf,
    pub repo: Repository,
    pub settings: Settings,
}

impl Casebook {
    /// Find the casebook: `explicit` (from --casebook or SPRX_CASEBOOK), else
    /// the nearest directory from `cwd` upwards that holds `sprx.toml`.
    pub fn find(explicit: Option<&Path>, cwd: &Path) -> Result<Casebook> {
        if let Some(dir) = explicit {
            return Casebook::open(&cwd.join(dir));
        }
        cwd.ancestors()
            .find(|dir| dir.join(SETTINGS_FILE).is_file())
            .ok_or_else(|| StoreError::NotFound(cwd.to_path_buf()))
            .and_then(Casebook::open)
    }

    /// Open the casebook whose root is `root`.
    pub fn open(root: &Path) -> Result<Casebook> {
        let settings_path = root.join(SETTINGS_FILE);
        let text = match std::fs::read_to_string(&settings_path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NotACasebook(root.to_path_buf()));
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: settings_path,
                    source,
                });
            }
        };
        let settings = Settings::parse(&settings_path, &text)?;
        let repo = Repository::open(root).map_err(|source| StoreError::NoRepository {
            path: root.to_path_buf(),
            source,
        })?;
        let root = repo.workdir().unwrap_or(root).to_path_buf();
        let mut settings = settings;
        // Workers sharing a casebook may each number with a prefix of their
        // own: SPRX_ID_PREFIX, else git config sprx.idPrefix (not committed).
        let own = std::env::var("SPRX_ID_PREFIX")
            .ok()
            .filter(|p| !p.is_empty())
            .map(|p| (p, "SPRX_ID_PREFIX"))
            .or_else(|| {
                repo.config()
                    .ok()?
                    .get_string("sprx.idprefix")
                    .ok()
                    .map(|p| (p, "git config sprx.idPrefix"))
            });
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
        Ok(Casebook { root, repo, settings })
    }

    /// The tree of the HEAD commit.
    pub fn head_tree(&self) -> Result<Tree<'_>> {
        Ok(self.repo.head()?.peel_to_commit()?.tree()?)
    }

    /// Read one referral from `tree`; `None` if it is not there.
    pub fn read_referral(&self, tree: &Tree<'_>, id: &ReferralId) -> Result<Option<Referral>> {
        match read_blob(&self.repo, tree, &id.path())? {
            Some(bytes) => Ok(Some(yaml::parse(&id.path(), &bytes)?)),
            None => Ok(None),
        }
    }

    /// The referral `typed` names (a full ID or an unambiguous ending) in `tree`.
    pub fn find_referral(&self, tree: &Tree<'_>, typed: &str) -> Result<Referral> {
        let id = self.resolve(tree, typed)?;
        self.read_referral(tree, &id)?
            .ok_or_else(|| StoreError::NoSuchReferral(typed.to_string()))
    }

    /// Every referral in `tree` with its blob id, from file names alone
    /// (nothing is parsed), in ID order.
    pub fn referral_entries(&self, tree: &Tree<'_>) -> Result<Vec<(ReferralId, Oid)>> {
        let mut out = Vec::new();
        let Some(years) = subtree(&self.repo, tree, "referrals")? else {
            return Ok(out);
        };
        for year in years.iter().filter(|e| e.kind() == Some(ObjectType::Tree)) {
            // A file counts only in the folder of its ID's year.
            let Some(folder_year) = year.name().ok().and_then(|y| y.parse::<i32>().ok()) else {
                continue;
            };
            for_each_file(&self.repo, year.id(), |name, oid| {
                let id = std::str::from_utf8(name)
                    .ok()
                    .and_then(|n| n.strip_suffix(".yaml"))
                    .and_then(|n| n.parse::<ReferralId>().ok());
                if let Some(id) = id.filter(|id| id.year() == folder_year) {
                    out.push((id, oid));
                }
            })?;
        }
        out.sort();
        Ok(out)
    }

    /// Every referral ID in `tree`.
    pub fn referral_ids(&self, tree: &Tree<'_>) -> Result<Vec<ReferralId>> {
        Ok(self.referral_entries(tree)?.into_iter().map(|(id, _)| id).collect())
    }

    /// Every referral in `tree` in ID order, lean (without free text; see
    /// `Referral::lean`), from the derived cache where it can be.
    pub fn summaries(&self, tree: &Tree<'_>) -> Result<Vec<Referral>> {
        super::cache::summaries(&self.repo, &self.referral_entries(tree)?)
    }

    /// Who every referral in `tree` is about, and whether it is open: less
    /// to read than [`Casebook::summaries`] when that is all a command needs.
    pub fn identities(&self, tree: &Tree<'_>) -> Result<Vec<Identity>> {
        super::cache::summaries(&self.repo, &self.referral_entries(tree)?)
    }

    /// Resolve what the user typed to one referral ID in `tree`: a full ID,
    /// or any unambiguous ending of one (`7` for number 7, `0007`, `2026-0007`).
    pub fn resolve(&self, tree: &Tree<'_>, typed: &str) -> Result<ReferralId> {
        if let Ok(id) = typed.parse::<ReferralId>() {
            return match lookup(&self.repo, tree, &id.path())? {
                Some(_) => Ok(id),
                None => Err(StoreError::NoSuchReferral(typed.to_string())),
            };
        }
        let abbreviation_chars = |c: char| c.is_ascii_alphanumeric() || c == '-';
        if typed.is_empty() || !typed.chars().all(abbreviation_chars) {
            return Err(StoreError::BadId(typed.to_string()));
        }
        let number: Option<u32> = typed.parse().ok();
        let matches: Vec<ReferralId> = self
            .referral_ids(tree)?
            .into_iter()
            .filter(|id| {
                let full = id.to_string();
                number == Some(id.number()) || full.ends_with(&format!("-{typed}"))
            })
            .collect();
        match matches.len() {
            0 => Err(StoreError::NoSuchReferral(typed.to_string())),
            1 => Ok(matches.into_iter().next().expect("one match")),
            _ => Err(StoreError::Ambiguous {
                typed: typed.to_string(),
                matches,
            }),
        }
    }

    /// The next free ID for `year` with this casebook's prefix in `tree`.
    pub fn next_id(&self, tree: &Tree<'_>, year: i32) -> Result<ReferralId> {
        let prefix = &self.settings.casebook.id_prefix;
        let number = self.next_number(tree, prefix, year)?;
        ReferralId::new(prefix, year, number).map_err(|message| StoreError::Settings {
            path: self.root.join(SETTINGS_FILE),
            line: 1,
            column: 1,
            message,
        })
    }

    /// One more than the highest number `prefix` has used in `year` in `tree`.
    pub fn next_number(&self, tree: &Tree<'_>, prefix: &str, year: i32) -> Result<u32> {
        let mut highest = 0;
        if let Some(year_tree) = subtree(&self.repo, tree, &format!("referrals/{year}"))? {
            for entry in year_tree.iter() {
                let id = entry
                    .name()
                    .ok()
                    .and_then(|n| n.strip_suffix(".yaml"))
                    .and_then(|n| n.parse::<ReferralId>().ok());
                if let Some(id) = id.filter(|id| id.prefix() == prefix) {
                    highest = highest.max(id.number());
                }
            }
        }
        Ok(highest + 1)
    }
}

/// The bytes of the record file at `path` in `tree`, if there is one.
/// Files over the size limit are refused before they are read.
pub fn read_blob(repo: &Repository, tree: &Tree<'_>, path: &str) -> Result<Option<Vec<u8>>> {
    match lookup(repo, tree, path)? {
        Some((oid, ObjectType::Blob)) => read_record_blob(repo, oid, path).map(Some),
        _ => Ok(None),
    }
}

/// The bytes of the record blob `oid` (the file at `path`, for messages),
/// refused unread when it is over the size limit.
pub fn read_record_blob(repo: &Repository, oid: Oid, path: &str) -> Result<Vec<u8>> {
    let (size, _) = repo.odb()?.read_header(oid)?;
    if size > yaml::MAX_RECORD_BYTES {
        let message = format!(
            "file is {size} bytes; records are limited to {}",
            yaml::MAX_RECORD_BYTES
        );
        return Err(StoreError::Parse {
            path: path.to_string(),
            line: 1,
            column: 1,
            message,
        });
    }
    Ok(repo.find_blob(oid)?.content().to_vec())
}

/// The object id at `path` in `tree`, if any: equal ids mean equal content.
pub fn entry_id(tree: &Tree<'_>, path: &str) -> Option<git2::Oid> {
    tree.get_path(Path::new(path)).ok().map(|e| e.id())
}

fn subtree<'r>(repo: &'r Repository, tree: &Tree<'_>, path: &str) -> Result<Option<Tree<'r>>> {
    match tree.get_path(Path::new(path)) {
        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => Ok(Some(repo.find_tree(entry.id())?)),
        Ok(_) => Ok(None),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}
