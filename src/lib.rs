//! sprx: a casebook for social prescribing link workers. Each referral is a
//! YAML file in a git repository and every change is one commit; the casebook
//! turns into caseload and outcome summaries. Data flows one way:
//! `cli → commands → (model, store) → render`.

pub mod check;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod error;
pub mod files;
pub mod help;
pub mod import;
pub mod model;
pub mod records;
pub mod render;
pub mod report;
pub mod schemas;
pub mod settings;
pub mod store;
pub mod yaml;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::FromArgMatches;

/// Parse `args`, run the command, report any error; the process's exit status.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // Help is wrapped to the width tables are fitted to.
    let parsed = help::command()
        .term_width(render::width())
        .try_get_matches_from(&args)
        .and_then(|matches| cli::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        // `sprx` alone (or `sprx service`) shows the help, as clap lays it out.
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::from(error::USAGE);
        }
        Err(e) if e.use_stderr() => {
            eprintln!("{}", render::for_stderr(&help::usage_error(&e, &args)));
            return ExitCode::from(error::USAGE);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    render::set_wide(cli.wide);
    let mut out = commands::Out::stdio();
    let result = clock::now().and_then(|now| {
        let cwd = std::env::current_dir().map_err(|e| {
            error::Error::failed(format!("current directory: {e}"))
                .with_hint("run sprx from a folder that exists, or give one with -C DIR")
        })?;
        let ctx = commands::Ctx {
            casebook: cli.casebook.clone(),
            cwd,
            now,
        };
        commands::run(cli.command, &ctx, &mut out)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", render::for_stderr(&e.to_string()));
            ExitCode::from(e.code)
        }
    }
}
