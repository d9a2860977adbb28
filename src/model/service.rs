//! A community service in the casebook's directory (`services/<id>.yaml`),
//! with fields after Open Referral UK (SPEC §6): what it offers (needs), who
//! it is for (ages), how to reach it, and whether it is still running.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::policy::Rules;
use super::validate::Problem;

/// Whether a connection's service is reported by its name: a service id
/// the directory lists — or, in a casebook that keeps no directory, any
/// service id. Anything else may be words a worker typed, even a name,
/// and is counted as free text.
pub fn reported_by_id(service: &str, directory: &[Service]) -> bool {
    valid_service_id(service) && (directory.is_empty() || directory.iter().any(|d| d.id == service))
}

/// Whether a service takes referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ServiceStatus {
    Active,
    Inactive,
}

/// One service record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sprx community service",
    description = "One service in the casebook's directory"
)]
pub struct Service {
    /// Lower-case letters, digits and hyphens; the file is services/<id>.yaml.
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9-]{0,63}$"))]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The needs it helps with, from the casebook's needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub status: ServiceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<NaiveDate>,
}

/// A change to the directory, as its commit message names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceEvent {
    Add(String),
    Edit(String),
    Retire(String),
    /// `services` services read from the file named `from`.
    Import {
        services: usize,
        from: String,
    },
}

impl ServiceEvent {
    /// The service changed (empty for an import, which changes many).
    pub fn id(&self) -> &str {
        match self {
            ServiceEvent::Add(id) | ServiceEvent::Edit(id) | ServiceEvent::Retire(id) => id,
            ServiceEvent::Import { .. } => "",
        }
    }
}

impl std::fmt::Display for ServiceEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServiceEvent::Add(id) => write!(f, "service add {id}"),
            ServiceEvent::Edit(id) => write!(f, "edit service {id}"),
            ServiceEvent::Retire(id) => write!(f, "retire service {id}"),
            ServiceEvent::Import { services, from } => write!(f, "service import: {services} services from {from}"),
        }
    }
}

/// Whether `id` is a well-formed service id.
pub fn valid_service_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
}

/// Check a service against the rules; empty when it is valid.
pub fn validate_service(s: &Service, rules: &Rules) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |field: &str, message: String| {
        out.push(Problem {
            field: field.into(),
            message,
        })
    };
    if !valid_service_id(&s.id) {
        problem(
            "id",
            format!("`{}` must be lower-case letters, digits and hyphens", s.id),
        );
    }
    if s.name.trim().is_empty() {
        problem("name", "is empty".into());
    }
    for need in s.needs.iter().filter(|n| !rules.taxonomy.is_need(n)) {
        problem(
            "needs",
            format!(
                "`{need}` is not a known need{} (one of: {})",
                crate::model::spelling::did_you_mean(need, rules.taxonomy.needs()),
                rules.taxonomy.needs().join(", ")
            ),
        );
    }
    if let (Some(lo), Some(hi)) = (s.min_age, s.max_age)
        && lo > hi
    {
        problem("max_age", format!("{hi} is below min_age {lo}"));
    }
    out
}

/// A service suggested for a referral, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion<'a> {
    pub service: &'a Service,
    /// The referral's needs the service lists.
    pub matched: Vec<String>,
    /// How often the casebook has already connected people to it.
    pub connections: usize,
}

/// Whether a person of `age` is within the service's age limits.
pub fn admits(s: &Service, age: u32) -> bool {
    s.min_age.is_none_or(|lo| age >= lo) && s.max_age.is_none_or(|hi| age <= hi)
}

/// Active services whose needs overlap `needs` and whose ages admit `age`,
/// best first: most needs matched, then most often used, then by name.
pub fn suggest<'a>(
    needs: &[String],
    age: u32,
    services: &'a [Service],
    connections: &std::collections::HashMap<String, usize>,
) -> Vec<Suggestion<'a>> {
    let mut out: Vec<Suggestion<'a>> = services
        .iter()
        .filter(|s| s.status == ServiceStatus::Active && admits(s, age))
        .filter_map(|s| {
            let matched: Vec<String> = needs.iter().filter(|n| s.needs.contains(n)).cloned().collect();
            (!matched.is_empty()).then(|| Suggestion {
                service: s,
                matched,
                connections: connections.get(&s.id).copied().unwrap_or(0),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (b.matched.len(), b.connections)
            .cmp(&(a.matched.len(), a.connections))
            .then_with(|| a.service.name.cmp(&b.service.name))
    });
    out
}
