//! `sprx.toml`, the casebook's settings: what each setting means, its
//! default, and how the file is read. The store reads the file from the
//! commit a command reads ([`crate::store::View`]); this module knows
//! nothing of where it came from.

use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::policy::{Policy, Rules, Thresholds};
use crate::model::taxonomy::Taxonomy;
use crate::store::{Result, StoreError};

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

    /// This worker's own ID prefix, named by `from` (where it was set) if
    /// it is not a valid one.
    pub fn own_prefix(&mut self, prefix: String, from: &str) -> Result<()> {
        if !crate::model::referral::valid_prefix(&prefix) {
            return Err(StoreError::Settings {
                path: std::path::PathBuf::from(from),
                line: 1,
                column: 1,
                message: format!("ID prefix `{prefix}` must be {}", crate::model::referral::PREFIX_RULE),
            });
        }
        self.casebook.id_prefix = prefix;
        Ok(())
    }

    pub fn rules(&self) -> Rules {
        Rules {
            policy: self.policy.clone(),
            thresholds: self.measures.clone(),
            taxonomy: self.taxonomy.clone(),
        }
    }
}
