//! The casebook's rules as the domain sees them: age limit, review and contact
//! intervals, meaningful-change thresholds and local vocabulary. Read from
//! `sprx.toml` by the store; every value has the default SPEC §1 gives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::taxonomy::Taxonomy;

/// `[policy]`: service rules that drive validation and caseload flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Referrals for younger people cannot be accepted.
    pub min_age: u32,
    /// A review is due this many days after a plan or review.
    pub review_interval_days: u32,
    /// Open referrals with no attended contact for this long are flagged.
    pub contact_gap_days: u32,
    /// Untriaged referrals older than this are flagged.
    pub triage_target_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_age: 18,
            review_interval_days: 28,
            contact_gap_days: 14,
            triage_target_days: 5,
        }
    }
}

/// `[measures]`: what counts as a meaningful individual improvement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    pub wemwbs: f64,
    /// In SWEMWBS metric points.
    pub swemwbs: f64,
    /// Per item; anxiety improves when it falls.
    pub ons4: f64,
    /// Loneliness improves when it falls.
    pub ucla3: f64,
    /// A follow-up measure is due this many days after an episode closes.
    pub follow_up_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            wemwbs: 3.0,
            swemwbs: 1.0,
            ons4: 1.0,
            ucla3: 1.0,
            follow_up_days: 90,
        }
    }
}

/// Everything the domain rules depend on, in one value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    pub policy: Policy,
    pub thresholds: Thresholds,
    pub taxonomy: Taxonomy,
}
