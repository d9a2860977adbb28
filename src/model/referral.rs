//! The referral record, schema version 1 (SPEC §2): the exact shape of the
//! YAML files in `referrals/`. The same types drive serde and the JSON Schema
//! in `schemas/`, so the two cannot disagree. Unknown keys are refused; local
//! fields belong in `extra`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::measures::Tool;
use super::taxonomy::{DeclineReason, Outcome};

/// The record format this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;

/// A referral's identifier: `PREFIX-YEAR-NNNN`, e.g. `SP-2026-0007`.
/// Only IDs of exactly this form exist, so an ID can never name a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReferralId {
    prefix: String,
    year: i32,
    number: u32,
}

/// The shape of a valid ID prefix, for messages and the schema.
pub const PREFIX_RULE: &str = "1 to 10 capital letters or digits, starting with a letter";
const ID_PATTERN: &str = "^[A-Z][A-Z0-9]{0,9}-[0-9]{4}-[0-9]{4,9}$";

impl ReferralId {
    pub fn new(prefix: &str, year: i32, number: u32) -> Result<Self, String> {
        if !valid_prefix(prefix) {
            return Err(format!("ID prefix `{prefix}` must be {PREFIX_RULE}"));
        }
        if !(1000..=9999).contains(&year) {
            return Err(format!("year {year} must have four digits"));
        }
        Ok(ReferralId {
            prefix: prefix.to_string(),
            year,
            number,
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    /// Where the record lives in the casebook, relative to its root.
    pub fn path(&self) -> String {
        format!("referrals/{}/{}.yaml", self.year, self)
    }
}

/// Whether `prefix` can start a referral ID.
pub fn valid_prefix(prefix: &str) -> bool {
    let mut chars = prefix.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && prefix.len() <= 10
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

impl fmt::Display for ReferralId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{:04}", self.prefix, self.year, self.number)
    }
}

impl FromStr for ReferralId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not a referral ID (expected PREFIX-YEAR-NNNN, e.g. SP-2026-0007)");
        let mut parts = s.split('-');
        let (Some(prefix), Some(year), Some(number), None) = (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let digits =
            |t: &str, lo: usize, hi: usize| (lo..=hi).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
        if !valid_prefix(prefix) || !digits(year, 4, 4) || !digits(number, 4, 9) {
            return Err(bad());
        }
        let id = ReferralId::new(
            prefix,
            year.parse().map_err(|_| bad())?,
            number.parse().map_err(|_| bad())?,
        )?;
        // Only the canonical spelling is an ID: `SP-2026-00007` would name
        // another file. Numbers are written with at least four digits.
        if number.len() > 4 && number.starts_with('0') {
            return Err(bad());
        }
        Ok(id)
    }
}

impl TryFrom<String> for ReferralId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<ReferralId> for String {
    fn from(id: ReferralId) -> String {
        id.to_string()
    }
}

impl JsonSchema for ReferralId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReferralId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "PREFIX-YEAR-NNNN, e.g. SP-2026-0007; the file name and folder follow it",
        })
    }
}

/// Where a referral is in its lifecycle.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    New,
    Accepted,
    Declined,
    Active,
    Closed,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::taxonomy::name_of(self))
    }
}

impl Status {
    /// Open referrals are on the caseload.
    pub fn is_open(self) -> bool {
        matches!(self, Status::New | Status::Accepted | Status::Active)
    }
}

/// How urgently an accepted referral should be picked up; sorts most urgent first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    Urgent,
    High,
    Routine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ContactPreference {
    Phone,
    Email,
    Letter,
    Text,
}

/// One full referral record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sprx referral record",
    description = "One social prescribing referral (sprx schema version 1)"
)]
pub struct Referral {
    /// Always 1 for this format.
    pub schema_version: u32,
    pub id: ReferralId,
    pub status: Status,
    pub person: Person,
    pub referral: ReferralDetails,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<Triage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<Closure>,
    /// Each time the referral was reopened, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reopened: Vec<Reopening>,
    /// Free-form local fields, kept as they are.
    #[serde(default, skip_serializing_if = "serde_yaml::Mapping::is_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: serde_yaml::Mapping,
}

/// Who the referral is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub date_of_birth: NaiveDate,
    /// Ten digits with a valid modulus-11 check digit, quoted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{10}$"))]
    pub nhs_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_contact: Option<ContactPreference>,
}

/// What arrived: when, from whom and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralDetails {
    pub received: NaiveDate,
    /// One of the casebook's referral sources.
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// One or more of the casebook's needs.
    #[schemars(length(min = 1))]
    pub needs: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Accepted,
    Declined,
}

/// The triage decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Triage {
    pub date: NaiveDate,
    pub decision: Decision,
    /// Accepted referrals only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Declined referrals only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_reason: Option<DeclineReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The plan co-produced with the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub agreed: NaiveDate,
    /// What matters to the person, in their words.
    pub what_matters: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_due: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<Goal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<Connection>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: u32,
    pub text: String,
    pub status: GoalStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    Open,
    Achieved,
    Partly,
    NotAchieved,
    Dropped,
}

/// A service or group the person was connected to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    /// A services/ id, or free text for a one-off.
    pub service: String,
    pub kind: ConnectionKind,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectionKind {
    /// A referral made on the person's behalf.
    Referral,
    /// Information given for the person to follow up.
    Signpost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ContactMode {
    Phone,
    FaceToFace,
    HomeVisit,
    Video,
    Message,
    Group,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// One contact or attempted contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub date: NaiveDate,
    pub mode: ContactMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// false: did not attend or no answer.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub attended: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One completed wellbeing measure; scores are derived from `items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub date: NaiveDate,
    pub tool: Tool,
    pub items: Vec<u8>,
}

/// How and when the episode ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub date: NaiveDate,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A reopening of a closed or declined referral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reopening {
    pub date: NaiveDate,
    /// The status it was reopened from.
    pub from: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Referral {
    /// The person's age on the day the referral was received.
    pub fn age_at_referral(&self) -> u32 {
        super::person::age_on(self.person.date_of_birth, self.referral.received)
    }

    /// The record without its free text (contact details, notes, what
    /// matters, goal wording, local fields): what lists and reports need,
    /// and all the derived cache keeps.
    pub fn lean(mut self) -> Referral {
        self.person.phone = None;
        self.person.email = None;
        self.person.preferred_contact = None;
        self.referral.referrer = None;
        self.referral.notes = None;
        if let Some(t) = &mut self.triage {
            t.note = None;
        }
        if let Some(p) = &mut self.plan {
            p.what_matters.clear();
            p.goals.iter_mut().for_each(|g| g.text.clear());
        }
        self.contacts.iter_mut().for_each(|c| c.note = None);
        if let Some(c) = &mut self.closure {
            c.note = None;
        }
        self.reopened.iter_mut().for_each(|o| o.note = None);
        self.extra = Default::default();
        // Many of these are kept at once (a report reads every record):
        // give back what parsing over-allocated.
        self.person.name.shrink_to_fit();
        self.referral.needs.shrink_to_fit();
        self.contacts.shrink_to_fit();
        self.measures.iter_mut().for_each(|m| m.items.shrink_to_fit());
        self.measures.shrink_to_fit();
        if let Some(p) = &mut self.plan {
            p.what_matters.shrink_to_fit();
            p.goals.iter_mut().for_each(|g| g.text.shrink_to_fit());
            p.goals.shrink_to_fit();
            p.connections.shrink_to_fit();
        }
        self
    }

    /// The most recent attended contact, if any.
    pub fn last_contact(&self) -> Option<NaiveDate> {
        self.contacts.iter().filter(|c| c.attended).map(|c| c.date).max()
    }

    /// Every dated event in the record with its field path, for ordering rules.
    pub fn event_dates(&self) -> Vec<(String, NaiveDate)> {
        let mut out = Vec::new();
        if let Some(t) = &self.triage {
            out.push(("triage.date".to_string(), t.date));
        }
        if let Some(p) = &self.plan {
            out.push(("plan.agreed".to_string(), p.agreed));
            for (i, c) in p.connections.iter().enumerate() {
                out.push((format!("plan.connections[{i}].date"), c.date));
            }
        }
        for (i, c) in self.contacts.iter().enumerate() {
            out.push((format!("contacts[{i}].date"), c.date));
        }
        for (i, m) in self.measures.iter().enumerate() {
            out.push((format!("measures[{i}].date"), m.date));
        }
        if let Some(c) = &self.closure {
            out.push(("closure.date".to_string(), c.date));
        }
        for (i, o) in self.reopened.iter().enumerate() {
            out.push((format!("reopened[{i}].date"), o.date));
        }
        out
    }
}

/// Who a referral is about and whether it is open: what spotting a likely
/// duplicate needs, and quick to read from the derived cache.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Identity {
    pub id: ReferralId,
    pub status: Status,
    pub person: IdentityPerson,
}

/// The person's identifying details within an [`Identity`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IdentityPerson {
    pub name: String,
    pub date_of_birth: NaiveDate,
    #[serde(default)]
    pub nhs_number: Option<String>,
}

impl From<&Referral> for Identity {
    fn from(r: &Referral) -> Identity {
        Identity {
            id: r.id.clone(),
            status: r.status,
            person: IdentityPerson {
                name: r.person.name.clone(),
                date_of_birth: r.person.date_of_birth,
                nhs_number: r.person.nhs_number.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_only_in_canonical_form() {
        let id: ReferralId = "SP-2026-0007".parse().unwrap();
        assert_eq!((id.prefix(), id.year(), id.number()), ("SP", 2026, 7));
        assert_eq!(id.path(), "referrals/2026/SP-2026-0007.yaml");
        assert_eq!("SP-2026-12345".parse::<ReferralId>().unwrap().number(), 12345);
        for bad in [
            "../x",
            "SP-2026-7",
            "SP-2026-00007",
            "sp-2026-0007",
            "SP/2026-0007",
            "SP-26-0007",
            "SP-2026-0007-1",
            "",
            "SP-2026-0007.yaml",
        ] {
            assert!(bad.parse::<ReferralId>().is_err(), "{bad} should be refused");
        }
    }

    proptest::proptest! {
        /// A text is an ID exactly when some ID prints as that text.
        #[test]
        fn a_text_is_an_id_when_an_id_prints_as_it(
            (prefix, year, number) in ("[A-Z][A-Z0-9]{0,2}", "[0-9]{4}", "[0-9]{1,10}")
        ) {
            let text = format!("{prefix}-{year}-{number}");
            let printed = match (year.parse::<i32>(), number.parse::<u32>()) {
                (Ok(y), Ok(n)) if number.len() <= 9 => ReferralId::new(&prefix, y, n).ok().map(|id| id.to_string()),
                _ => None,
            };
            let parsed = text.parse::<ReferralId>().ok().map(|id| id.to_string());
            proptest::prop_assert_eq!(parsed, printed.filter(|p| *p == text));
        }
    }
}
