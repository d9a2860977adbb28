//! The command line, as clap derive types: one Args struct per subcommand.
//! Parsing only; what each command does lives in `commands/`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::measures::Tool;
use crate::model::monitoring::{EthnicCategory, Gender, normalise_postcode, normalise_practice};
use crate::model::referral::{ContactMode, GoalStatus, Priority};
use crate::model::taxonomy::{DeclineReason, Outcome};
use crate::report::period::{Period, PeriodSpec};

#[derive(Debug, Parser)]
#[command(
    name = "sprx",
    version,
    about = "Social prescribing casebook: referrals as YAML files in git, caseload and outcome reports",
    after_help = "Exit status: 0 success, 1 the command could not be done, 2 usage error.\n\
                  SPRX_NOW (RFC 3339) overrides the clock for event dates and commit times."
)]
pub struct Cli {
    /// The casebook directory (default: the nearest parent holding sprx.toml)
    #[arg(
        short = 'C',
        long = "casebook",
        env = "SPRX_CASEBOOK",
        global = true,
        value_name = "DIR"
    )]
    pub casebook: Option<PathBuf>,

    /// Tables at full width, however wide (default: fitted to the terminal,
    /// COLUMNS, or 80 columns)
    #[arg(long, global = true)]
    pub wide: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a new casebook (git init if needed, sprx.toml, first commit)
    Init(InitArgs),
    /// Record a new referral; prints its ID
    Create(CreateArgs),
    /// Accept or decline a new referral
    Triage(TriageArgs),
    /// Agree or update the person's plan; the first plan makes the referral active
    Plan(PlanArgs),
    /// Log a contact or attempted contact
    Contact(ContactArgs),
    /// Record a wellbeing measure (ONS4, SWEMWBS, WEMWBS, UCLA-3)
    Measure(MeasureArgs),
    /// Close the episode with its outcome
    Close(CloseArgs),
    /// Reopen a closed or declined referral as a new episode
    Reopen(ReopenArgs),
    /// Add or change equality monitoring and GP consent for a referral's person
    Person(PersonArgs),
    /// Show one referral with derived values (age, scores, flags)
    Show(ShowArgs),
    /// Open referrals needing attention, most urgent first
    Caseload(CaseloadArgs),
    /// What is due or overdue in the next days, each with the command to run
    Agenda(AgendaArgs),
    /// Find referrals by name, NHS number, phone, email or notes
    Find(FindArgs),
    /// Aggregate outcome figures for a period (no personal data)
    Report(ReportArgs),
    /// List referrals, filtered
    List(ListArgs),
    /// The commits that changed a referral
    History(HistoryArgs),
    /// Edit a referral in $EDITOR; committed only if it passes the checks
    Edit(EditArgs),
    /// Validate every file in the casebook; path:line:col: message per problem
    Check(CheckArgs),
    /// Bring every record up to date in one commit: version 1 records rewritten as schema 2, and records moved into their folders of a hundred
    Migrate(MigrateArgs),
    /// Import referrals from a spreadsheet (CSV, XLSX, XLS or ODS), in one commit
    Import(ImportArgs),
    /// Referrals kept past the retention period, due for erasure
    Retention(RetentionArgs),
    /// Erase people from the whole history, keeping every aggregate figure
    Erase(EraseArgs),
    /// The community services directory: add, list, show, edit, retire, import
    Service(ServiceArgs),
    /// Active services matching a referral's needs and the person's age
    Suggest(SuggestArgs),
    /// The message back to the GP and referrer, with the SNOMED CT codes to record
    Letter(LetterArgs),
    /// Exports: SNOMED CT coded events for GP records, everything held about a person
    Export(ExportArgs),
    /// Fetch, integrate and push through a git remote, renumbering clashing new IDs
    Sync(SyncArgs),
    /// Build a casebook from bundled example data and show it
    Demo(DemoArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
}

/// Parse a `YYYY-MM-DD` date for clap.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; use YYYY-MM-DD, e.g. 2026-11-02"))
}

/// `--date` for event commands.
#[derive(Debug, Args)]
pub struct EventDate {
    /// When it happened (default: today)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to make it (default: the current directory)
    pub dir: Option<PathBuf>,
    /// The casebook's name, e.g. "Riverside PCN social prescribing"
    #[arg(long)]
    pub name: Option<String>,
    /// The ID prefix (default SP): IDs are PREFIX-YEAR-NNNN
    #[arg(long, value_name = "P")]
    pub prefix: Option<String>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Read the referral (person and referral sections) from a YAML file, or - for stdin
    #[arg(long, value_name = "FILE", conflicts_with_all = ["name", "dob", "source", "need"])]
    pub from: Option<PathBuf>,
    /// The person's name
    #[arg(long, required_unless_present = "from")]
    pub name: Option<String>,
    /// Date of birth
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD", required_unless_present = "from")]
    pub dob: Option<NaiveDate>,
    /// Where the referral came from (gp, pharmacy, self, …)
    #[arg(long, required_unless_present = "from")]
    pub source: Option<String>,
    /// A need (repeat for several): loneliness, mental-wellbeing, …
    #[arg(long = "need", value_name = "NEED", required_unless_present = "from")]
    pub need: Vec<String>,
    /// Who referred, e.g. "Dr A Smith, Riverside Surgery"
    #[arg(long)]
    pub referrer: Option<String>,
    /// NHS number (10 digits, spaces allowed)
    #[arg(long, value_name = "X")]
    pub nhs_number: Option<String>,
    /// The person's phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// The person's email address
    #[arg(long)]
    pub email: Option<String>,
    /// The day the referral arrived (default: today)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub received: Option<NaiveDate>,
    /// Referral notes
    #[arg(long, value_name = "T")]
    pub notes: Option<String>,
    #[command(flatten)]
    pub monitoring: MonitoringArgs,
}

/// Equality monitoring and consent flags, all optional (`create`, `person`).
#[derive(Debug, Clone, Default, PartialEq, Args)]
pub struct MonitoringArgs {
    /// Stated gender
    #[arg(long, value_enum, help_heading = "Equality monitoring")]
    pub gender: Option<Gender>,
    /// Ethnic category (NHS): A–S, or Z for not stated
    #[arg(long, value_name = "CODE", help_heading = "Equality monitoring")]
    pub ethnic_category: Option<EthnicCategory>,
    /// Postcode, e.g. "SE1 7PB" (reports use only the district)
    #[arg(long, value_parser = normalise_postcode, help_heading = "Equality monitoring")]
    pub postcode: Option<String>,
    /// The registered GP practice's ODS code, e.g. A81001
    #[arg(long, value_name = "ODS", value_parser = normalise_practice, help_heading = "Equality monitoring")]
    pub gp_practice: Option<String>,
    /// Whether the person is an unpaid carer
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Equality monitoring")]
    pub carer: Option<bool>,
    /// The language the person prefers to speak
    #[arg(long, value_name = "L", help_heading = "Equality monitoring")]
    pub language: Option<String>,
    /// Whether an interpreter is needed
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Equality monitoring")]
    pub interpreter: Option<bool>,
    /// Whether the person consents to sharing with their GP
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no, help_heading = "Equality monitoring")]
    pub consent_gp: Option<bool>,
    /// The day consent was given or refused (default: today)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD", requires = "consent_gp", help_heading = "Equality monitoring")]
    pub consent_date: Option<NaiveDate>,
}

/// `yes` or `no` for clap.
pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_lowercase().as_str() {
        "yes" | "y" => Ok(true),
        "no" | "n" => Ok(false),
        _ => Err(format!("`{s}` should be yes or no")),
    }
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    #[command(flatten)]
    pub monitoring: MonitoringArgs,
}

#[derive(Debug, Args)]
pub struct TriageArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Accept the referral
    #[arg(long, conflicts_with_all = ["decline", "reason"], required_unless_present_any = ["decline", "priority", "reason"])]
    pub accept: bool,
    /// Priority of an accepted referral (default routine); alone, changes
    /// the priority of one already accepted
    #[arg(long, value_enum, conflicts_with = "decline")]
    pub priority: Option<Priority>,
    /// Decline the referral (needs --reason)
    #[arg(long, requires = "reason")]
    pub decline: bool,
    /// Why it was declined
    #[arg(long, value_enum, requires = "decline")]
    pub reason: Option<DeclineReason>,
    /// A note on the decision
    #[arg(long, value_name = "T")]
    pub note: Option<String>,
    #[command(flatten)]
    pub when: EventDate,
}

/// `N=STATUS` for --goal-status.
pub fn parse_goal_status(s: &str) -> Result<(u32, GoalStatus), String> {
    let (n, status) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` should be N=STATUS, e.g. 1=met"))?;
    let n = n.trim().parse().map_err(|_| format!("`{n}` is not a goal number"))?;
    let status = GoalStatus::from_str(status.trim(), true).map_err(|_| {
        let statuses = ["open", "met", "partly-met", "not-met", "dropped"];
        let likely = crate::model::spelling::did_you_mean(status.trim(), statuses);
        format!("`{status}` is not a goal status{likely} (open, met, partly-met, not-met, dropped)")
    })?;
    Ok((n, status))
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// What matters to the person, in their words
    #[arg(long, value_name = "T")]
    pub what_matters: Option<String>,
    /// Add a goal (repeat for several)
    #[arg(long = "goal", value_name = "T")]
    pub goal: Vec<String>,
    /// Set a goal's status, e.g. 1=met: open, met, partly-met, not-met or
    /// dropped
    #[arg(long = "goal-status", value_name = "N=STATUS", value_parser = parse_goal_status)]
    pub goal_status: Vec<(u32, GoalStatus)>,
    /// Record a referral to a service (a services/ id or free text)
    #[arg(long = "connect", value_name = "SERVICE")]
    pub connect: Vec<String>,
    /// Record signposting to a service
    #[arg(long = "signpost", value_name = "SERVICE")]
    pub signpost: Vec<String>,
    /// Keep a --connect or --signpost that is not an active service in the
    /// directory as free text (a one-off, named in words)
    #[arg(long)]
    pub free_text: bool,
    /// When the plan is next reviewed (default for a first plan: review_interval_days on)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub review: Option<NaiveDate>,
    #[command(flatten)]
    pub when: EventDate,
}

#[derive(Debug, Args)]
pub struct ContactArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// How the contact happened
    #[arg(long, value_enum)]
    pub mode: ContactMode,
    /// How long it took
    #[arg(long, value_name = "N")]
    pub minutes: Option<u32>,
    /// Did not attend / no answer
    #[arg(long, conflicts_with = "minutes")]
    pub dna: bool,
    /// A follow-up contact after the episode closed
    #[arg(long)]
    pub follow_up: bool,
    /// What happened, in a few words (kept out of reports)
    #[arg(long, value_name = "T")]
    pub note: Option<String>,
    #[command(flatten)]
    pub when: EventDate,
}

/// The answers to a measure, as `a,b,c` on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Items(pub Vec<u8>);

/// `a,b,c` item lists for --items.
pub fn parse_items(s: &str) -> Result<Items, String> {
    s.split(',')
        .map(|v| match v.trim() {
            "" => Err("an answer is missing (two commas together, or one at either end)".to_string()),
            v => v
                .parse::<u8>()
                .map_err(|_| format!("`{v}` is not an answer: each is a whole number, e.g. 3,4,3,3,4,3,3")),
        })
        .collect::<Result<_, _>>()
        .map(Items)
}

#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// The measure taken (see Tools below)
    #[arg(long, value_enum)]
    pub tool: Tool,
    /// The answers in order, comma-separated, e.g. 3,4,3,2,3,4,3
    #[arg(long, value_parser = parse_items, value_name = "a,b,c…")]
    pub items: Items,
    #[command(flatten)]
    pub when: EventDate,
}

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// How the episode ended
    #[arg(long, value_enum)]
    pub outcome: Outcome,
    /// A note on the closure
    #[arg(long, value_name = "T")]
    pub note: Option<String>,
    #[command(flatten)]
    pub when: EventDate,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {}

#[derive(Debug, Args)]
pub struct EraseArgs {
    /// The referrals to erase (full IDs or unambiguous endings)
    #[arg(required = true)]
    pub ids: Vec<String>,
    /// Why (kept in the erasure log; no personal data)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Do not ask for confirmation (for scripts)
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Show each person's name too (left out by default)
    #[arg(long)]
    pub names: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The spreadsheet: CSV, or a workbook's first sheet; one referral a row (or - for stdin)
    pub file: PathBuf,
    /// A TOML file renaming columns and translating values
    #[arg(long, value_name = "MAP.toml")]
    pub map: Option<PathBuf>,
    /// Say what would be imported, and import nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Why it is reopened
    #[arg(long, value_name = "T")]
    pub note: Option<String>,
    #[command(flatten)]
    pub when: EventDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Yaml,
    Json,
}

/// Which committed state a read uses (default: HEAD).
#[derive(Debug, Clone, Default, Args)]
pub struct ReadAt {
    /// Read the casebook as it was at the end of this day
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD", conflicts_with = "at")]
    pub as_of: Option<NaiveDate>,
    /// Read the casebook at this git revision (commit, branch, tag)
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
    #[command(flatten)]
    pub read: ReadAt,
}

#[derive(Debug, Args)]
pub struct CaseloadArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    #[command(flatten)]
    pub read: ReadAt,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// How many days ahead to look (overdue items are always shown)
    #[arg(long, default_value_t = 7, value_name = "N")]
    pub days: u32,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// Part of a name, an NHS number (any spacing), a phone number, an
    /// email address or words from the notes
    pub text: String,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// A reporting period: `--period P`, or `--from D --to D` (inclusive).
#[derive(Debug, Clone, Default, Args)]
pub struct PeriodArgs {
    /// 2026-10, 2026-Q4, 2026, last-month or this-month
    #[arg(long, value_parser = parse_period, value_name = "P", conflicts_with_all = ["from", "to"])]
    pub period: Option<PeriodSpec>,
    /// First day of the period (with --to)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD", requires = "to")]
    pub from: Option<NaiveDate>,
    /// Last day of the period, inclusive (with --from)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD", requires = "from")]
    pub to: Option<NaiveDate>,
}

impl PeriodArgs {
    /// The days asked for, relative periods taken from `today`; `None` when
    /// no period was given. `--from` after `--to` is a usage error.
    pub fn resolve(&self, today: NaiveDate) -> Result<Option<Period>, crate::error::Error> {
        match (self.period, self.from, self.to) {
            (_, Some(start), Some(end)) if start > end => Err(crate::error::Error::usage(format!(
                "--from {start} is after --to {end}"
            ))
            .with_hint("give the earlier day with --from and the later with --to")),
            (_, Some(start), Some(end)) => Ok(Some(Period { start, end })),
            (Some(spec), _, _) => Ok(Some(spec.resolve(today))),
            _ => Ok(None),
        }
    }
}

/// Parse a --period for clap.
pub fn parse_period(s: &str) -> Result<PeriodSpec, String> {
    s.parse()
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Figures per group of people, small numbers suppressed (for a
    /// --period: a month, quarter or year)
    #[arg(long, value_enum, value_name = "GROUPS", conflicts_with_all = ["from", "to"])]
    pub by: Option<crate::report::equality::Dimension>,
    /// Output format; html is one self-contained page with charts, for
    /// commissioners
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    #[command(flatten)]
    pub read: ReadAt,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Html,
}

impl ReportFormat {
    /// The table format it is, if it is one.
    pub fn table(self) -> Option<TableFormat> {
        match self {
            ReportFormat::Table => Some(TableFormat::Table),
            ReportFormat::Csv => Some(TableFormat::Csv),
            ReportFormat::Json => Some(TableFormat::Json),
            ReportFormat::Html => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only these statuses (repeat for several)
    #[arg(long, value_enum)]
    pub status: Vec<crate::model::referral::Status>,
    /// Only referrals with this need
    #[arg(long)]
    pub need: Option<String>,
    /// Only referrals from this source
    #[arg(long)]
    pub source: Option<String>,
    /// Only people whose name holds this (case and accents aside)
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
    #[command(flatten)]
    pub read: ReadAt,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Start from this text (e.g. an edit that was refused) instead of the committed record
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    #[command(flatten)]
    pub read: ReadAt,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build the demo casebook (default: a new folder in the system temp dir)
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ServiceArgs {
    #[command(subcommand)]
    pub action: ServiceAction,
}

#[derive(Debug, Subcommand)]
pub enum ServiceAction {
    /// Add a service from flags, or from a YAML file (--from FILE, - for stdin)
    Add(Box<ServiceAddArgs>),
    /// List services, filtered
    List(ServiceListArgs),
    /// Show one service
    Show(ServiceShowArgs),
    /// Edit a service in $EDITOR; committed only if it passes the checks
    Edit(ServiceEditArgs),
    /// Mark a service inactive (kept for history)
    Retire(ServiceIdArgs),
    /// Import Open Referral UK / HSDS 3.0 JSON (a list, or the API's paginated form)
    Import(ServiceImportArgs),
}

#[derive(Debug, Args)]
pub struct ServiceAddArgs {
    /// The service id: lower-case letters, digits and hyphens, e.g. walking-for-health
    #[arg(required_unless_present = "from")]
    pub id: Option<String>,
    /// Read the service from a YAML file, or - for stdin
    #[arg(long, value_name = "FILE", conflicts_with_all = ["id", "name"])]
    pub from: Option<PathBuf>,
    /// The service's name, e.g. "Walking for Health"
    #[arg(long, required_unless_present = "from")]
    pub name: Option<String>,
    /// Who runs it
    #[arg(long)]
    pub organisation: Option<String>,
    /// What it offers, in a sentence or two
    #[arg(long)]
    pub description: Option<String>,
    /// A need the service helps with (repeat for several)
    #[arg(long = "need", value_name = "NEED")]
    pub need: Vec<String>,
    /// The youngest age it takes
    #[arg(long, value_name = "AGE")]
    pub min_age: Option<u32>,
    /// The oldest age it takes
    #[arg(long, value_name = "AGE")]
    pub max_age: Option<u32>,
    /// Its phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// Its email address
    #[arg(long)]
    pub email: Option<String>,
    /// Its web address
    #[arg(long)]
    pub url: Option<String>,
    /// Where it meets
    #[arg(long)]
    pub address: Option<String>,
    /// When the details were last checked (default: today)
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub reviewed: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct ServiceListArgs {
    /// Only services for this need
    #[arg(long)]
    pub need: Option<String>,
    /// Only services with this status
    #[arg(long, value_enum)]
    pub status: Option<crate::model::service::ServiceStatus>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ServiceShowArgs {
    /// The service id, e.g. walking-for-health
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct ServiceIdArgs {
    /// The service id, e.g. walking-for-health
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ServiceEditArgs {
    /// The service id, e.g. walking-for-health
    pub id: String,
    /// Start from this text (e.g. an edit that was refused) instead of the committed service
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServiceImportArgs {
    /// The JSON file, or - for stdin
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    Markdown,
    Text,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The referral (a full ID or an unambiguous ending, e.g. 7)
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: LetterFormat,
    /// Include the internal contact notes
    #[arg(long)]
    pub include_notes: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// One row per coded event: NHS number, date, SNOMED CT concept, term, referral ID
    Snomed(ExportSnomedArgs),
    /// Everything held about the person (records and their full history) as JSON
    Person(ExportPersonArgs),
}

#[derive(Debug, Args)]
pub struct ExportSnomedArgs {
    /// Only events in this period (default: all)
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "csv")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ExportPersonArgs {
    /// Any of the person's referrals
    pub id: String,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The git remote (default: the branch's remote, else origin)
    #[arg(long)]
    pub remote: Option<String>,
}
