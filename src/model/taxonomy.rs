//! The link worker's controlled vocabularies: where referrals come from, what
//! people need, why a referral is declined and how an episode ends. Sources and
//! needs can be extended per casebook (`[taxonomy]` in `sprx.toml`); decline
//! reasons and closure outcomes are fixed because reports compare them across
//! services.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Built-in referral sources (SPEC §2).
pub const SOURCES: &[&str] = &[
    "gp",
    "practice-nurse",
    "pharmacy",
    "mental-health-team",
    "hospital-discharge",
    "allied-health",
    "social-care",
    "housing",
    "police",
    "fire-service",
    "job-centre",
    "vcse",
    "older-peoples-service",
    "self",
    "family-friend",
    "other",
];

/// Built-in needs (SPEC §2).
pub const NEEDS: &[&str] = &[
    "loneliness",
    "mental-wellbeing",
    "addiction-recovery",
    "long-term-condition",
    "frequent-attender",
    "physical-activity",
    "healthy-lifestyle",
    "employment-training",
    "volunteering",
    "housing",
    "benefits-debt",
    "food",
    "forms-applications",
    "carer-support",
    "bereavement",
    "immigration-asylum",
    "other",
];

/// Why a referral was not accepted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum DeclineReason {
    UnderAge,
    OutOfScope,
    SocialServices,
    PersonDeclined,
    Duplicate,
    Withdrawn,
    Other,
}

/// How an episode ended.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    GoalsMet,
    PartlyMet,
    ReferredOn,
    PersonDeclined,
    Disengaged,
    UnableToContact,
    MovedAway,
    Deceased,
    Other,
}

/// The casebook's vocabularies: the built-in lists plus local additions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Needs added to the built-in list.
    #[serde(default)]
    pub needs: Vec<String>,
    /// Referral sources added to the built-in list.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Service directory taxonomy terms (Open Referral imports) and the need
    /// each stands for, e.g. "Social isolation" = "loneliness".
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub terms: std::collections::BTreeMap<String, String>,
}

impl Taxonomy {
    pub fn is_need(&self, need: &str) -> bool {
        NEEDS.contains(&need) || self.needs.iter().any(|n| n == need)
    }

    pub fn is_source(&self, source: &str) -> bool {
        SOURCES.contains(&source) || self.sources.iter().any(|s| s == source)
    }

    /// Every need this casebook accepts, built-in first.
    pub fn needs(&self) -> Vec<&str> {
        NEEDS
            .iter()
            .copied()
            .chain(self.needs.iter().map(String::as_str))
            .collect()
    }

    /// Every source this casebook accepts, built-in first.
    pub fn sources(&self) -> Vec<&str> {
        SOURCES
            .iter()
            .copied()
            .chain(self.sources.iter().map(String::as_str))
            .collect()
    }
}

/// The kebab-case name serde gives a unit enum variant, for messages and tables.
pub fn name_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
