//! One file per subcommand. Each is a little glue: open the casebook, call
//! the domain and the store, hand rows to the renderer, say what happened.
//! Results go to stdout; what was done, warnings and errors go to stderr.

mod agenda;
mod caseload;
mod check;
mod close;
pub mod completions;
mod contact;
mod create;
mod demo;
mod edit;
pub(crate) mod erase;
mod export;
mod find;
mod history;
mod import;
mod init;
mod letter;
mod list;
mod measure;
mod migrate;
mod person;
mod plan;
mod reopen;
mod report;
mod retention;
mod service;
mod show;
mod suggest;
mod sync;
mod triage;

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::cli::{Command, ReadAt};
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::records::write::Written;
use crate::store::{Casebook, Pick, View};

/// What every command needs from its surroundings.
pub struct Ctx {
    /// --casebook / SPRX_CASEBOOK.
    pub casebook: Option<PathBuf>,
    pub cwd: PathBuf,
    /// The clock, read once at the edge.
    pub now: DateTime<FixedOffset>,
}

impl Ctx {
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Open the casebook (finishing any write an earlier command was
    /// interrupted in, and saying so).
    pub fn open(&self, out: &mut Out) -> Result<Casebook> {
        let cb = Casebook::find(self.casebook.as_deref(), &self.cwd)?;
        for note in &cb.notes {
            out.warn(note);
        }
        Ok(cb)
    }

    /// The committed state `read` asks for.
    pub fn pick(&self, read: &ReadAt) -> Pick {
        match (&read.as_of, &read.at) {
            (Some(day), _) => Pick::AsOf(*day, *self.now.offset()),
            (None, Some(rev)) => Pick::At(rev.clone()),
            (None, None) => Pick::Head,
        }
    }

    /// The day a view is taken on: the --as-of day, the day of the --at
    /// commit, or today.
    pub fn view_day(&self, read: &ReadAt, view: &View) -> NaiveDate {
        match (&read.as_of, &read.at) {
            (Some(day), _) => *day,
            (None, Some(_)) => view.time().with_timezone(self.now.offset()).date_naive(),
            (None, None) => self.today(),
        }
    }
}

/// Leave a whole casebook's records to the end of the process, which frees
/// them at once, rather than dropping 100,000 of them one by one (a tenth of
/// a second at that size, all on one core). Only for commands that end soon
/// after using them.
fn leave_to_exit<T>(records: Vec<T>) {
    std::mem::forget(records)
}

/// The line under a table that names the commit it was computed from.
pub fn commit_footer(view: &View) -> String {
    format!(
        "Computed from commit {} ({})",
        view.short(),
        view.time().format("%Y-%m-%d %H:%M %:z")
    )
}

/// Bytes written to memory by an [`Out::capture`].
#[derive(Default, Clone)]
pub struct Captured(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Captured {
    /// What was written.
    pub fn bytes(&self) -> Vec<u8> {
        self.0.borrow().clone()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where a command's output goes: stdout for results, stderr for messages.
pub struct Out {
    stdout: Box<dyn Write>,
    stderr: Box<dyn Write>,
}

impl Out {
    pub fn stdio() -> Out {
        Out {
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
        }
    }

    /// Output kept in memory (the demo's page, written to a file), and
    /// where to find it.
    pub fn capture() -> (Out, Captured) {
        let captured = Captured::default();
        let out = Out {
            stdout: Box::new(captured.clone()),
            stderr: Box::new(std::io::sink()),
        };
        (out, captured)
    }

    /// Output that goes nowhere (the demo replaying its events).
    pub fn sink() -> Out {
        Out {
            stdout: Box::new(std::io::sink()),
            stderr: Box::new(std::io::sink()),
        }
    }

    /// A result, on stdout.
    pub fn print(&mut self, text: &str) -> Result<()> {
        self.stdout.write_all(text.as_bytes())?;
        self.stdout.flush()?;
        Ok(())
    }

    /// What was done, on stderr.
    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.stderr, "{}", crate::render::for_stderr(text));
    }

    pub fn warn(&mut self, text: &str) {
        let _ = writeln!(
            self.stderr,
            "{}",
            crate::render::for_stderr(&format!("warning: {text}"))
        );
    }
}

/// A filter's value checked against its closed list: an unknown one is a
/// usage error naming the likely meaning and the list.
pub fn known(what: &str, value: Option<&str>, list: &[&str]) -> Result<()> {
    match value {
        Some(v) if !list.contains(&v) => Err(crate::error::Error::usage(format!(
            "`{v}` is not a {what}{}",
            crate::model::spelling::did_you_mean(v, list.iter().copied())
        ))
        .with_hint(format!("the {what}s are: {}", list.join(", ")))),
        _ => Ok(()),
    }
}

pub fn run(command: Command, ctx: &Ctx, out: &mut Out) -> Result<()> {
    match command {
        Command::Init(a) => init::run(a, ctx, out),
        Command::Create(a) => create::run(a, ctx, out),
        Command::Triage(a) => triage::run(a, ctx, out),
        Command::Plan(a) => plan::run(a, ctx, out),
        Command::Contact(a) => contact::run(a, ctx, out),
        Command::Measure(a) => measure::run(a, ctx, out),
        Command::Close(a) => close::run(a, ctx, out),
        Command::Reopen(a) => reopen::run(a, ctx, out),
        Command::Person(a) => person::run(a, ctx, out),
        Command::Show(a) => show::run(a, ctx, out),
        Command::Caseload(a) => caseload::run(a, ctx, out),
        Command::Agenda(a) => agenda::run(a, ctx, out),
        Command::Find(a) => find::run(a, ctx, out),
        Command::Report(a) => report::run(a, ctx, out),
        Command::List(a) => list::run(a, ctx, out),
        Command::History(a) => history::run(a, ctx, out),
        Command::Check(a) => check::run(a, ctx, out),
        Command::Migrate(a) => migrate::run(a, ctx, out),
        Command::Import(a) => import::run(a, ctx, out),
        Command::Retention(a) => retention::run(a, ctx, out),
        Command::Erase(a) => erase::run(a, ctx, out),
        Command::Edit(a) => edit::run(a, ctx, out),
        Command::Service(a) => service::run(a, ctx, out),
        Command::Suggest(a) => suggest::run(a, ctx, out),
        Command::Letter(a) => letter::run(a, ctx, out),
        Command::Export(a) => export::run(a, ctx, out),
        Command::Sync(a) => sync::run(a, ctx, out),
        Command::Demo(a) => demo::run(a, ctx, out),
        Command::Completions(a) => completions::run(a, out),
    }
}

/// The bytes of `file` (relative to where sprx runs), or of standard input
/// for `-`, at most `limit` of them; with the name to use in messages.
fn read_input(ctx: &Ctx, file: &std::path::Path, limit: u64) -> Result<(String, Vec<u8>)> {
    use std::io::Read;
    if file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().take(limit).read_to_end(&mut buf)?;
        return Ok(("<stdin>".into(), buf));
    }
    let bytes = std::fs::read(ctx.cwd.join(file)).map_err(|e| {
        crate::error::Error::failed(format!("{}: {e}", file.display()))
            .with_hint("check the file name, or give - to read from stdin")
    })?;
    Ok((file.display().to_string(), bytes))
}

/// Apply one lifecycle event to a referral, commit it, and say what was done.
fn apply_event(
    ctx: &Ctx,
    out: &mut Out,
    typed: &str,
    (event, happened): (Event, NaiveDate),
    change: impl FnOnce(
        crate::model::referral::Referral,
        &crate::model::policy::Rules,
        NaiveDate,
    ) -> std::result::Result<crate::model::referral::Referral, crate::model::lifecycle::DomainError>,
) -> Result<crate::model::referral::Referral> {
    let cb = ctx.open(out)?;
    let today = ctx.today();
    let written = cb.update_referral(typed, (event, happened), ctx.now, |r, rules| change(r, rules, today))?;
    out.note(&crate::model::lifecycle::describe(event, &written.value));
    Ok(said(out, written))
}

/// Pass on what a write said besides what it did: an earlier interrupted
/// write it finished, and anything of its own left for the next command.
/// Those are warnings; the event itself is committed.
fn said<T>(out: &mut Out, written: Written<T>) -> T {
    for note in &written.notes {
        out.warn(note);
    }
    if let Some(unfinished) = written.committed.as_ref().and_then(|c| c.unfinished.as_ref()) {
        out.warn(unfinished);
    }
    written.value
}
