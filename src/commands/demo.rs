//! `sprx demo [DIR]`: a casebook built from the example pathways bundled in
//! the binary (`examples/demo/script.yaml`), each step replayed as a real
//! sprx command with the clock set to the day it happened, then shown.

use chrono::{Days, Duration, NaiveTime};
use clap::Parser;
use serde::Deserialize;

use super::{Ctx, Out};
use crate::cli::{
    CaseloadArgs, Cli, Command, DemoArgs, InitArgs, ListArgs, PeriodArgs, ReadAt, ReportArgs, ReportFormat, TableFormat,
};
use crate::error::{Error, Result};
use crate::report::period::PeriodSpec;
use crate::settings::Worker;

const SCRIPT: &str = include_str!("../../examples/demo/script.yaml");

/// One replayed command.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    /// Days before the demo's today.
    at: i64,
    /// The handle a `create` step gives its referral.
    #[serde(default, rename = "as")]
    name: Option<String>,
    run: Vec<String>,
}

pub fn run(a: DemoArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let dir = match a.dir {
        Some(d) => ctx.cwd.join(d),
        None => std::env::temp_dir().join(format!("sprx-demo-{}-{}", std::process::id(), ctx.now.timestamp())),
    };
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Error::failed(format!("{} is not empty", dir.display()))
            .with_hint("give the demo a new or empty directory: sprx demo DIR"));
    }
    let mut steps: Vec<Step> = serde_yaml::from_str(SCRIPT).map_err(|e| {
        Error::failed(format!("demo script: {e}"))
            .with_hint("the demo script built into sprx is broken: please report it")
    })?;
    // Replay in time order, so commit dates rise as they would have.
    steps.sort_by_key(|s| s.at);
    let start = ctx
        .today()
        .checked_sub_days(Days::new(steps.iter().map(|s| -s.at).max().unwrap_or(0) as u64 + 1));
    let start_time = start
        .unwrap_or(ctx.today())
        .and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("9am"));
    let at = |days: i64, step: usize| {
        let naive = ctx
            .now
            .date_naive()
            .and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("9am"))
            + Duration::days(days)
            + Duration::minutes(step as i64);
        naive
            .and_local_timezone(*ctx.now.offset())
            .single()
            .unwrap_or(ctx.now)
            .min(ctx.now)
    };
    let demo_worker = Worker {
        name: "Demo Link Worker".into(),
        email: "link.worker@example.org".into(),
    };
    let init_ctx = Ctx {
        casebook: None,
        cwd: ctx.cwd.clone(),
        now: start_time
            .and_local_timezone(*ctx.now.offset())
            .single()
            .unwrap_or(ctx.now),
    };
    let init = InitArgs {
        dir: Some(dir.clone()),
        name: Some("Riverside PCN social prescribing (demo)".into()),
        prefix: None,
    };
    super::init::make(init, Some(&demo_worker), &init_ctx, &mut Out::sink())?;

    let mut ids = std::collections::HashMap::new();
    for (i, step) in steps.iter().enumerate() {
        let args = step.run.iter().map(|a| match a.strip_prefix('@') {
            Some(name) => ids.get(name).cloned().unwrap_or_else(|| a.clone()),
            None => a.clone(),
        });
        let cli = Cli::try_parse_from(std::iter::once("sprx".to_string()).chain(args)).map_err(|e| {
            Error::failed(format!("demo step {}: {e}", i + 1))
                .with_hint("the demo script built into sprx is broken: please report it")
        })?;
        let step_ctx = Ctx {
            casebook: Some(dir.clone()),
            cwd: ctx.cwd.clone(),
            now: at(step.at, i),
        };
        let mut quiet = Out::sink();
        match cli.command {
            Command::Create(c) => {
                let id = super::create::create(c, &step_ctx, &mut quiet)?;
                if let Some(name) = &step.name {
                    ids.insert(name.clone(), id.to_string());
                }
            }
            other => super::run(other, &step_ctx, &mut quiet)?,
        }
    }
    out.note(&format!(
        "Demo casebook with {} referrals in {}\nTry: {} -C {} show {}",
        ids.len(),
        dir.display(),
        shell_word(&this_program(&ctx.cwd)),
        shell_word(&dir.display().to_string()),
        ids.get("ada").map(String::as_str).unwrap_or("1")
    ));
    let view = Ctx {
        casebook: Some(dir.clone()),
        cwd: ctx.cwd.clone(),
        now: ctx.now,
    };
    let list = ListArgs {
        status: vec![],
        need: None,
        source: None,
        name: None,
        format: TableFormat::Table,
        read: ReadAt::default(),
    };
    out.print("Referrals\n")?;
    super::run(Command::List(list), &view, out)?;
    out.print("\nCaseload\n")?;
    super::run(
        Command::Caseload(CaseloadArgs {
            format: TableFormat::Table,
            read: ReadAt::default(),
        }),
        &view,
        out,
    )?;
    out.print("\n")?;
    let report = |format| ReportArgs {
        period: PeriodArgs {
            period: Some(PeriodSpec::LastMonth),
            from: None,
            to: None,
        },
        by: None,
        format,
        read: ReadAt::default(),
    };
    super::run(Command::Report(report(ReportFormat::Table)), &view, out)?;
    // The commissioner's page, beside the casebook's files (kept out of
    // git's view).
    let page = dir.join("report.html");
    let (mut html, captured) = Out::capture();
    super::run(Command::Report(report(ReportFormat::Html)), &view, &mut html)?;
    std::fs::write(&page, captured.bytes()).map_err(|e| {
        Error::failed(format!("{}: {e}", page.display())).with_hint("check that the folder can be written")
    })?;
    let exclude = dir.join(".git").join("info").join("exclude");
    let mut excluded = std::fs::read_to_string(&exclude).unwrap_or_default();
    excluded.push_str("report.html\n");
    let _ = std::fs::create_dir_all(exclude.parent().expect("a folder"));
    let _ = std::fs::write(&exclude, excluded);
    out.note(&format!(
        "Last month's report for commissioners, as a page: {}",
        page.display()
    ));
    Ok(())
}

/// `word` as the shell reads it back: quoted when it holds anything but
/// letters, digits and `/._-+`.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// How to run this very program from `cwd`: `sprx` when that is what the
/// PATH finds, else its path (`target/release/sprx` after `cargo run`).
fn this_program(cwd: &std::path::Path) -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "sprx".into();
    };
    let on_path = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            let candidate = dir.join("sprx");
            candidate.canonicalize().ok() == exe.canonicalize().ok()
        })
    });
    if on_path {
        return "sprx".into();
    }
    match exe.strip_prefix(cwd) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => exe.display().to_string(),
    }
}
