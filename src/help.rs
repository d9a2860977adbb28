//! What `--help` says beyond the flags: an Examples section for every
//! subcommand, and the closed lists a command takes (needs, sources, goal
//! statuses, tools with their items) where it takes them. The same command
//! definition drives parsing, help, the man page and completions.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::model::measures::Tool;
use crate::model::taxonomy::{NEEDS, SOURCES, name_of};

/// A mistake in the command line as sprx words it: for a value outside a
/// closed list, the likely meaning and the values allowed; for anything
/// else, clap's own words; and always a hint naming the command's help.
pub fn usage_error(e: &clap::Error, args: &[std::ffi::OsString]) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    // The (sub)command typed, as far as it names one ("sprx service add").
    let mut command = "sprx".to_string();
    let mut at = self::command();
    for arg in args.iter().skip(1).map(|a| a.to_string_lossy()) {
        match at.find_subcommand(arg.as_ref()) {
            Some(sub) => {
                command = format!("{command} {}", sub.get_name());
                at = sub.clone();
            }
            None if arg.starts_with('-') => {}
            None if at.get_subcommands().next().is_some() && command == "sprx" => {}
            None => break,
        }
    }
    let hint = format!("hint: {command} --help shows every option, with examples");
    if e.kind() == ErrorKind::InvalidValue
        && let (Some(arg), Some(value)) = (text(ContextKind::InvalidArg), text(ContextKind::InvalidValue))
        && !value.is_empty()
    {
        let valid = match e.get(ContextKind::ValidValue) {
            Some(ContextValue::Strings(v)) => v.clone(),
            _ => Vec::new(),
        };
        let flag = arg.split_whitespace().next().unwrap_or(&arg);
        let likely = crate::model::spelling::did_you_mean(&value, valid.iter().map(String::as_str));
        let mut message = format!("error: `{value}` is not a valid {flag}{likely}\n");
        if !valid.is_empty() {
            message += &format!("valid values: {}\n", valid.join(", "));
        }
        return message + &hint;
    }
    let rendered = e.render().to_string();
    let body = rendered
        .trim_end()
        .trim_end_matches("For more information, try '--help'.")
        .trim_end();
    format!("{body}\n{hint}")
}

/// Each subcommand's examples, by its path (`service add`).
const EXAMPLES: &[(&str, &str)] = &[
    ("init", "sprx init riverside --name \"Riverside PCN\" --prefix RV"),
    (
        "create",
        "sprx create --name \"Ada Example\" --dob 1950-04-12 --source gp \\\n  --need loneliness\n\
         sprx create --name \"Ben Example\" --dob 1988-07-30 --source self \\\n  --need housing --received 2026-11-02 --postcode \"SE1 7PB\"\n\
         sprx create --from referral.yaml",
    ),
    (
        "triage",
        "sprx triage 7 --accept --priority high\n\
         sprx triage 7 --decline --reason out-of-scope --note \"Not for us\"\n\
         sprx triage 7 --priority urgent      # correct the priority later",
    ),
    (
        "plan",
        "sprx plan 7 --what-matters \"Meeting people\" --goal \"Join a walk\"\n\
         sprx plan 7 --connect walking-for-health --review 2026-12-08\n\
         sprx plan 7 --goal-status 1=met\n\
         sprx plan 7 --signpost \"Mrs Patel's coffee morning\" --free-text",
    ),
    (
        "contact",
        "sprx contact 7 --mode phone --minutes 20\n\
         sprx contact 7 --mode home-visit --dna --date 2026-11-03\n\
         sprx contact 7 --mode phone --follow-up   # after the episode closed",
    ),
    (
        "measure",
        "sprx measure 7 --tool swemwbs --items 3,3,3,3,3,3,3\n\
         sprx measure 7 --tool ons4 --items 6,7,6,4 --date 2026-11-03",
    ),
    ("close", "sprx close 7 --outcome goals-met --note \"Goes every week\""),
    ("reopen", "sprx reopen 7 --note \"Referred again by the GP\""),
    (
        "person",
        "sprx person 7 --gender female --ethnic-category A\n\
         sprx person 7 --gp-practice G85001 --postcode \"SE1 7PB\"\n\
         sprx person 7 --consent-gp yes --consent-date 2026-11-03",
    ),
    (
        "show",
        "sprx show 7\nsprx show SP-2026-0007 --format json\nsprx show 7 --as-of 2026-10-31",
    ),
    ("caseload", "sprx caseload\nsprx caseload --format csv > caseload.csv"),
    ("agenda", "sprx agenda\nsprx agenda --days 14 --format csv"),
    (
        "find",
        "sprx find hill\nsprx find \"943 476 5919\"\nsprx find 07700900123",
    ),
    (
        "report",
        "sprx report --period last-month\n\
         sprx report --period 2026-Q3 --format csv > q3.csv\n\
         sprx report --period 2026-10 --by ethnic-group",
    ),
    (
        "list",
        "sprx list --status active --need loneliness\nsprx list --name hill --format json",
    ),
    ("history", "sprx history 7"),
    ("retention", "sprx retention\nsprx retention --names --format csv"),
    ("erase", "sprx erase 7 --reason \"request under UK GDPR article 17\""),
    (
        "edit",
        "sprx edit 7\nsprx edit 7 --from .git/sprx/edits/SP-2026-0007.1795255200.yaml",
    ),
    ("check", "sprx check\nsprx check --format json"),
    (
        "migrate",
        "sprx check      # names version 1 records, and records still in their year's folder\nsprx migrate",
    ),
    (
        "import",
        "sprx import referrals.csv --dry-run\n\
         sprx import referrals.csv\n\
         sprx import export-from-old-system.csv --map old-system.toml",
    ),
    ("service", "sprx service list --need loneliness"),
    (
        "service add",
        "sprx service add walking-for-health --name \"Walking for Health\" \\\n  --need loneliness --need physical-activity --min-age 18",
    ),
    ("service list", "sprx service list --status active --format csv"),
    ("service show", "sprx service show walking-for-health"),
    ("service edit", "sprx service edit walking-for-health"),
    ("service retire", "sprx service retire walking-for-health"),
    ("service import", "sprx service import openreferral.json"),
    ("suggest", "sprx suggest 7"),
    ("letter", "sprx letter 7 > letter.md\nsprx letter 7 --format text"),
    ("export", "sprx export snomed --period last-month --format csv"),
    (
        "export snomed",
        "sprx export snomed --period 2026-10 --format csv > codes.csv",
    ),
    ("export person", "sprx export person 7 > sar.json"),
    ("sync", "sprx sync\nsprx sync --remote team"),
    ("demo", "sprx demo\nsprx demo /tmp/demo-casebook"),
    ("completions", "sprx completions bash > ~/.bash_completion.d/sprx"),
];

/// The lists a subcommand's values come from, by its path.
fn lists(path: &str) -> Option<String> {
    let sources = format!("Sources: {} (and any in [taxonomy] sources)", SOURCES.join(", "));
    let needs = format!("Needs: {} (and any in [taxonomy] needs)", NEEDS.join(", "));
    Some(match path {
        "create" => format!("{sources}\n\n{needs}"),
        "list" => format!("{sources}\n\n{needs}"),
        "service add" | "service list" => needs,
        "plan" => "Goal statuses: open, met, partly-met, not-met, dropped".into(),
        "import" => format!(
            "Columns: {}\n(name, date_of_birth, source, needs and received are required; needs are separated by ;)",
            crate::import::COLUMNS.join(", ")
        ),
        "measure" => {
            let tools: Vec<String> = [Tool::Ons4, Tool::Swemwbs, Tool::Wemwbs, Tool::Ucla3]
                .iter()
                .map(|t| {
                    let (lo, hi) = t.item_range();
                    format!("  {:<8} {:>2} items, each {lo} to {hi}", name_of(t), t.item_count())
                })
                .collect();
            format!("Tools:\n{}", tools.join("\n"))
        }
        _ => return None,
    })
}

/// The command line with every subcommand's examples and lists.
pub fn command() -> clap::Command {
    let mut cli = Cli::command();
    for (path, examples) in EXAMPLES {
        let names: Vec<&str> = path.split(' ').collect();
        cli = with(cli, &names, |c| {
            let mut text = String::new();
            if let Some(lists) = lists(path) {
                text.push_str(&lists);
                text.push_str("\n\n");
            }
            text.push_str("Examples:\n");
            for line in examples.lines() {
                text.push_str("  ");
                text.push_str(line);
                text.push('\n');
            }
            c.after_help(text.trim_end().to_string())
        });
    }
    cli
}

/// Every subcommand's examples as a roff EXAMPLES section, for the man page.
pub fn man_examples() -> String {
    let escape = |line: &str| line.replace('\\', "\\e").replace('-', "\\-");
    let mut out = String::from(".SH EXAMPLES\n");
    for (path, examples) in EXAMPLES {
        out.push_str(&format!(".TP\n\\fBsprx {path}\\fR\n.nf\n"));
        for line in examples.lines() {
            let line = escape(line);
            // A line starting with a dot or quote would be a roff request.
            let line = if line.starts_with(['.', '\'']) {
                format!("\\&{line}")
            } else {
                line
            };
            out.push_str(&line);
            out.push('\n');
        }
        out.push_str(".fi\n");
    }
    out
}

/// `cli` with the subcommand at `path` changed by `change`.
fn with(cli: clap::Command, path: &[&str], change: impl FnOnce(clap::Command) -> clap::Command) -> clap::Command {
    match path {
        [] => change(cli),
        [first, rest @ ..] => {
            let first = first.to_string();
            cli.mut_subcommand(first, |sub| with(sub, rest, change))
        }
    }
}
