//! The referral record, schema version 2: the exact shape of the YAML files
//! in `referrals/`. A referral is its intake (the person and the referral)
//! and a list of episodes, each with its own triage, plan, contacts,
//! measures and closure; reopening starts a new episode, so an earlier
//! closure is never erased. Version 1 files (one flat episode) are still
//! read, as one episode, until `sprx migrate` rewrites them. The same types
//! drive serde and the JSON Schema in `schemas/`, so the two cannot
//! disagree. Unknown keys are refused; local fields belong in `extra`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::measures::Tool;
use super::monitoring::{Consent, Monitoring, postcode_district};
use super::taxonomy::{DeclineReason, Outcome};

/// The record format this build writes.
pub const SCHEMA_VERSION: u32 = 2;

/// The older record format this build still reads (one flat episode).
pub const SCHEMA_VERSION_1: u32 = 1;

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

    /// Where the record lives in the casebook, relative to its root: its
    /// year's folder, then a folder for each hundred numbers
    /// (`referrals/2026/01/SP-2026-0150.yaml`), so that no folder holds more
    /// than a hundred records and each event's commit stays small.
    pub fn path(&self) -> String {
        format!("referrals/{}/{}/{}.yaml", self.year, self.shard(), self)
    }

    /// The folder of the record's hundred within its year: its number
    /// without the last two digits (`00` for 1–99, `01` for 100–199).
    pub fn shard(&self) -> String {
        format!("{:02}", self.number / 100)
    }

    /// Where sprx before the hundreds folders kept the record
    /// (`referrals/2026/SP-2026-0150.yaml`); `sprx migrate` moves it, and
    /// its history before the move is read from here.
    pub fn former_path(&self) -> String {
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

/// Where a priority puts a referral, most urgent first: not yet triaged
/// comes after urgent and high but before routine, its priority unknown.
pub fn urgency(priority: Option<Priority>) -> u8 {
    match priority {
        Some(Priority::Urgent) => 0,
        Some(Priority::High) => 1,
        None => 2,
        Some(Priority::Routine) => 3,
    }
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
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "sprx referral record",
    description = "One social prescribing referral (sprx schema version 2)"
)]
pub struct Referral {
    /// 2 for this format (1, the older flat format, is read until migrated).
    pub schema_version: u32,
    pub id: ReferralId,
    /// The status of the latest episode.
    pub status: Status,
    pub person: Person,
    pub referral: ReferralDetails,
    /// Each episode of work, oldest first: the first opened when the
    /// referral was received, each later one when it was reopened.
    #[schemars(length(min = 1))]
    pub episodes: Vec<Episode>,
    /// Free-form local fields, kept as they are.
    #[serde(default, skip_serializing_if = "serde_yaml::Mapping::is_empty")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub extra: serde_yaml::Mapping,
}

/// One episode of work with the person: from the day it opened to its
/// closure or decline, and any follow-up after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Episode {
    /// The day it began: the day the referral was received, or reopened.
    pub opened: NaiveDate,
    /// What the referral was when this episode reopened it (closed or
    /// declined); absent on the first episode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopened_from: Option<Status>,
    /// Why it was reopened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub triage: Option<Triage>,
    /// The priority as corrected after triage (`sprx triage ID --priority`);
    /// the triage keeps the one it gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The day the priority was corrected (on or after the triage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority_changed: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<Closure>,
    /// Reopenings a version 1 record made in place (that format kept no
    /// separate episode, and erased the closure or decline it reopened).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reopened: Vec<Reopening>,
}

impl Episode {
    /// A new, empty episode opened on `opened`.
    pub fn opened_on(opened: NaiveDate, reopened_from: Option<Status>, note: Option<String>) -> Episode {
        Episode {
            opened,
            reopened_from,
            note,
            triage: None,
            priority: None,
            priority_changed: None,
            plan: None,
            contacts: vec![],
            measures: vec![],
            closure: None,
            reopened: vec![],
        }
    }

    /// The day the episode ended: its closure, or a decline at triage.
    pub fn ended(&self) -> Option<NaiveDate> {
        match (&self.closure, &self.triage) {
            (Some(c), _) => Some(c.date),
            (None, Some(t)) if t.decision == Decision::Declined => Some(t.date),
            _ => None,
        }
    }

    /// Its contacts during the episode (not follow-up after it closed).
    pub fn working_contacts(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.iter().filter(|c| !c.follow_up)
    }

    /// Its measures during the episode (not follow-up after it closed).
    pub fn working_measures(&self) -> Vec<Measure> {
        self.measures.iter().filter(|m| !m.follow_up).cloned().collect()
    }
}

/// A record file as written, in either version: version 1 keeps one
/// episode's fields at the top; version 2 keeps a list of episodes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    schema_version: u32,
    id: ReferralId,
    status: Status,
    person: Person,
    referral: ReferralDetails,
    #[serde(default)]
    episodes: Option<Vec<Episode>>,
    #[serde(default)]
    triage: Option<Triage>,
    #[serde(default)]
    plan: Option<Plan>,
    #[serde(default)]
    contacts: Option<Vec<Contact>>,
    #[serde(default)]
    measures: Option<Vec<Measure>>,
    #[serde(default)]
    closure: Option<Closure>,
    #[serde(default)]
    reopened: Option<Vec<Reopening>>,
    #[serde(default)]
    extra: serde_yaml::Mapping,
}

/// The `schema_version` a record file's text declares at its top level,
/// read without parsing the rest.
pub fn stored_version(text: &str) -> Option<u32> {
    let line = text.lines().find_map(|l| l.strip_prefix("schema_version:"))?;
    line.split('#').next()?.trim().trim_matches(['\'', '"']).parse().ok()
}

impl<'de> Deserialize<'de> for Referral {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Referral, D::Error> {
        Referral::try_from(Stored::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<Stored> for Referral {
    type Error = String;

    fn try_from(s: Stored) -> Result<Referral, String> {
        let flat = [
            ("triage", s.triage.is_some()),
            ("plan", s.plan.is_some()),
            ("contacts", s.contacts.is_some()),
            ("measures", s.measures.is_some()),
            ("closure", s.closure.is_some()),
            ("reopened", s.reopened.is_some()),
        ];
        let episodes = match (s.schema_version, s.episodes) {
            (SCHEMA_VERSION_1, None) => vec![Episode {
                opened: s.referral.received,
                reopened_from: None,
                note: None,
                triage: s.triage,
                priority: None,
                priority_changed: None,
                plan: s.plan,
                contacts: s.contacts.unwrap_or_default(),
                measures: s.measures.unwrap_or_default(),
                closure: s.closure,
                reopened: s.reopened.unwrap_or_default(),
            }],
            (SCHEMA_VERSION_1, Some(_)) => {
                return Err(
                    "schema_version 1 records have no `episodes`: set schema_version: 2, or run sprx migrate".into(),
                );
            }
            (SCHEMA_VERSION, episodes) => {
                if let Some((field, _)) = flat.iter().find(|(_, present)| *present) {
                    return Err(format!(
                        "`{field}` belongs inside an episode in schema_version {SCHEMA_VERSION} records (episodes: - opened: ... {field}: ...)"
                    ));
                }
                match episodes {
                    Some(e) if !e.is_empty() => e,
                    _ => {
                        return Err(
                            "missing field `episodes` (at least one, opened the day the referral was received)".into(),
                        );
                    }
                }
            }
            (other, _) => {
                return Err(format!(
                    "schema_version {other} is not a record format this sprx reads ({SCHEMA_VERSION_1} or {SCHEMA_VERSION})"
                ));
            }
        };
        Ok(Referral {
            // Read as version 2: that is what it is written back as.
            schema_version: SCHEMA_VERSION,
            id: s.id,
            status: s.status,
            person: s.person,
            referral: s.referral,
            episodes,
            extra: s.extra,
        })
    }
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
    /// Equality monitoring, all optional.
    #[serde(default, skip_serializing_if = "Monitoring::is_empty")]
    pub monitoring: Monitoring,
    /// Whether the person agreed to share their information with their GP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_to_share_with_gp: Option<Consent>,
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
    /// The day the plan last changed after it was agreed (goals added or
    /// their status set, what matters reworded, review moved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<NaiveDate>,
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
    /// The goal was met (written `achieved` before).
    #[serde(alias = "achieved")]
    #[value(alias = "achieved")]
    Met,
    /// Partly met, as the closure outcome `partly-met` (written `partly` before).
    #[serde(alias = "partly")]
    #[value(alias = "partly")]
    PartlyMet,
    /// Not met (written `not-achieved` before).
    #[serde(alias = "not-achieved")]
    #[value(alias = "not-achieved")]
    NotMet,
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

fn is_false(b: &bool) -> bool {
    !*b
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
    /// A follow-up contact, after the episode closed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub follow_up: bool,
}

/// One completed wellbeing measure; scores are derived from `items`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub date: NaiveDate,
    pub tool: Tool,
    pub items: Vec<u8>,
    /// A follow-up measure, taken after the episode closed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub follow_up: bool,
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

    /// The latest episode: the one the referral's status is about.
    pub fn episode(&self) -> &Episode {
        self.episodes.last().expect("a referral has at least one episode")
    }

    /// The latest episode, to change.
    pub fn episode_mut(&mut self) -> &mut Episode {
        self.episodes.last_mut().expect("a referral has at least one episode")
    }

    /// The priority now: the latest correction or accepted triage's.
    pub fn priority(&self) -> Option<Priority> {
        let of = |e: &Episode| e.priority.or_else(|| e.triage.as_ref().and_then(|t| t.priority));
        self.episodes.iter().rev().find_map(of)
    }

    /// The record without its free text (contact details, notes, what
    /// matters, goal wording, local fields): what lists and reports need,
    /// and all the derived cache keeps.
    pub fn lean(mut self) -> Referral {
        self.person.phone = None;
        self.person.email = None;
        self.person.preferred_contact = None;
        // Reports use only the postcode's district.
        let m = &mut self.person.monitoring;
        m.postcode = m.postcode.as_deref().map(|p| postcode_district(p).to_string());
        m.language = None;
        self.referral.referrer = None;
        self.referral.notes = None;
        self.extra = Default::default();
        // Many of these are kept at once (a report reads every record):
        // give back what parsing over-allocated.
        self.person.name.shrink_to_fit();
        self.referral.needs.shrink_to_fit();
        for e in &mut self.episodes {
            e.note = None;
            if let Some(t) = &mut e.triage {
                t.note = None;
            }
            if let Some(p) = &mut e.plan {
                p.what_matters = String::new();
                p.goals.iter_mut().for_each(|g| g.text = String::new());
                p.goals.shrink_to_fit();
                p.connections.shrink_to_fit();
            }
            e.contacts.iter_mut().for_each(|c| c.note = None);
            e.contacts.shrink_to_fit();
            e.measures.iter_mut().for_each(|m| m.items.shrink_to_fit());
            e.measures.shrink_to_fit();
            if let Some(c) = &mut e.closure {
                c.note = None;
            }
            e.reopened.iter_mut().for_each(|o| o.note = None);
        }
        // Nothing a list or report reads.
        let m = &mut self.person.monitoring;
        (m.carer, m.interpreter_needed) = (None, None);
        self.person.consent_to_share_with_gp = None;
        self.episodes.shrink_to_fit();
        self
    }

    /// The most recent attended contact, in any episode.
    pub fn last_contact(&self) -> Option<NaiveDate> {
        let contacts = self.episodes.iter().flat_map(|e| &e.contacts);
        contacts.filter(|c| c.attended).map(|c| c.date).max()
    }

    /// Every dated event in the record with its field path, for ordering rules.
    pub fn event_dates(&self) -> Vec<(String, NaiveDate)> {
        let mut out = Vec::new();
        for (n, e) in self.episodes.iter().enumerate() {
            out.extend(
                e.event_dates()
                    .into_iter()
                    .map(|(f, d)| (format!("episodes[{n}].{f}"), d)),
            );
        }
        out
    }
}

impl Episode {
    /// Every dated event in the episode with its field path within it.
    pub fn event_dates(&self) -> Vec<(String, NaiveDate)> {
        let mut out = self.work_dates();
        let follow_ups = |list: &str, dates: Vec<(bool, NaiveDate)>| {
            let dates = dates.into_iter().enumerate().filter(|(_, (f, _))| *f);
            dates
                .map(|(i, (_, d))| (format!("{list}[{i}].date"), d))
                .collect::<Vec<_>>()
        };
        out.extend(follow_ups(
            "contacts",
            self.contacts.iter().map(|c| (c.follow_up, c.date)).collect(),
        ));
        out.extend(follow_ups(
            "measures",
            self.measures.iter().map(|m| (m.follow_up, m.date)).collect(),
        ));
        if let Some(c) = &self.closure {
            out.push(("closure.date".to_string(), c.date));
        }
        for (i, o) in self.reopened.iter().enumerate() {
            out.push((format!("reopened[{i}].date"), o.date));
        }
        out
    }

    /// The latest dated event of the episode, follow-up included.
    pub fn last_event(&self) -> Option<NaiveDate> {
        self.event_dates().into_iter().map(|(_, d)| d).max()
    }

    /// The dated events of the episode's work, which its closure ends: not
    /// follow-up, the closure itself, or version 1 reopenings.
    pub fn work_dates(&self) -> Vec<(String, NaiveDate)> {
        let mut out = Vec::new();
        if let Some(t) = &self.triage {
            out.push(("triage.date".to_string(), t.date));
        }
        if let Some(d) = self.priority_changed {
            out.push(("priority_changed".to_string(), d));
        }
        if let Some(p) = &self.plan {
            out.push(("plan.agreed".to_string(), p.agreed));
            if let Some(d) = p.updated {
                out.push(("plan.updated".to_string(), d));
            }
            for (i, c) in p.connections.iter().enumerate() {
                out.push((format!("plan.connections[{i}].date"), c.date));
            }
        }
        for (i, c) in self.contacts.iter().enumerate().filter(|(_, c)| !c.follow_up) {
            out.push((format!("contacts[{i}].date"), c.date));
        }
        for (i, m) in self.measures.iter().enumerate().filter(|(_, m)| !m.follow_up) {
            out.push((format!("measures[{i}].date"), m.date));
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

/// A name as it is compared when looking for the same person twice: its
/// words, in lower case, one space apart.
pub fn name_form(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Identity {
    /// What two referrals about the same person share, by which a likely
    /// duplicate is found: the name (as [`name_form`]) with the date of
    /// birth, and the NHS number.
    pub fn keys(name: &str, date_of_birth: NaiveDate, nhs_number: Option<&str>) -> Vec<String> {
        let mut keys = vec![format!("name {} {date_of_birth}", name_form(name))];
        keys.extend(nhs_number.map(|n| format!("nhs {n}")));
        keys
    }
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
        assert_eq!(id.path(), "referrals/2026/00/SP-2026-0007.yaml");
        assert_eq!(id.former_path(), "referrals/2026/SP-2026-0007.yaml");
        let big: ReferralId = "SP-2026-12345".parse().unwrap();
        assert_eq!(big.path(), "referrals/2026/123/SP-2026-12345.yaml");
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
