//! `sprx edit ID [--from FILE]`: open the committed record in `$VISUAL` or
//! `$EDITOR`, then check the result as `sprx check` would. A valid edit is
//! committed as one `edit` event; an invalid one is refused with its
//! problems, nothing in the casebook changes, and the edited text is kept in
//! `.git/sprx/edits/` (the message says where) to pick up with `--from`.

use std::path::Path;
use std::process::Command;

use super::{Ctx, Out, read_input};
use crate::cli::EditArgs;
use crate::error::{Error, Result};
use crate::files::write_atomically;
use crate::model::lifecycle::Event;
use crate::model::referral::Referral;
use crate::model::validate::validate;
use crate::records::write::WriteError;
use crate::store::{Casebook, StoreError};
use crate::yaml;

pub fn run(a: EditArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let id = cb.resolve(&head, &a.id)?;
    let path = id.path();
    let Some(committed) = cb.committed_untouched(&path)? else {
        return Err(cb.not_in_place(&head, &id, &a.id)?.into());
    };
    let start = match &a.from {
        Some(file) => read_input(ctx, file, yaml::MAX_RECORD_BYTES as u64 + 1)?.1,
        None => committed.clone(),
    };
    let (session, edited) = EditSession::run(ctx, &cb, &id.to_string(), &start)?;
    let resume = format!("sprx edit {id} --from {}", session.shown);
    if edited == committed {
        session.finish();
        out.note(&format!("no change to {id}"));
        return Ok(());
    }
    let record = check_edit(&session, &edited, &id, &head.settings.rules(), ctx.today())
        .map_err(|lines| session.refused(lines, &resume))?;
    let original: Referral = yaml::parse(&path, &committed)?;
    let result = cb.update_referral(&id.to_string(), (Event::Edit, ctx.today()), ctx.now, |current, _| {
        if current == original {
            Ok(record)
        } else {
            Err(
                Error::failed(format!("{id} changed while you were editing it")).with_hint(format!(
                    "sprx show {id} shows it now; make your edit again on top of it"
                )),
            )
        }
    });
    match result {
        Ok(written) => {
            session.finish();
            out.note(&crate::model::lifecycle::describe(Event::Edit, &written.value));
            super::said(out, written);
            Ok(())
        }
        Err(WriteError::Domain(e)) => Err(session.keep(e, &resume)),
        Err(WriteError::Store(e)) => Err(session.keep(e.into(), &resume)),
    }
}

/// One run of the editor over a file's text, kept in `.git/sprx/edits/`
/// until it is committed, so nothing typed is lost when it is refused.
pub(super) struct EditSession {
    kept: std::path::PathBuf,
    /// The kept file as the user can reach it (relative to where they are).
    pub shown: String,
}

impl EditSession {
    /// Write `start` to a new kept file named after `name`, run the editor
    /// on it, and return what it holds afterwards.
    pub(super) fn run(ctx: &Ctx, cb: &Casebook, name: &str, start: &[u8]) -> Result<(EditSession, Vec<u8>)> {
        let kept = cb
            .git_dir()
            .join("sprx/edits")
            .join(format!("{name}.{}.yaml", ctx.now.timestamp()));
        write_atomically(&kept, start).map_err(|source| StoreError::Io {
            path: kept.clone(),
            source,
        })?;
        let shown = kept.strip_prefix(&ctx.cwd).unwrap_or(&kept).display().to_string();
        run_editor(&kept)?;
        let edited = std::fs::read(&kept).map_err(|e| {
            Error::failed(format!("{shown}: {e}")).with_hint("the kept text is gone; start the edit again")
        })?;
        Ok((EditSession { kept, shown }, edited))
    }

    /// The edit is done with: the kept text is no longer needed.
    pub(super) fn finish(self) {
        let _ = std::fs::remove_file(&self.kept);
    }

    /// `e`, with where the text is kept and how to carry on from it.
    pub(super) fn keep(&self, e: Error, resume: &str) -> Error {
        e.with_hint(format!(
            "your text is kept in {}; to carry on from it: {resume}",
            self.shown
        ))
    }

    /// The edit refused for `problems` (one `path:line:col: message` each).
    pub(super) fn refused(&self, problems: Vec<String>, resume: &str) -> Error {
        self.keep(
            Error::failed(format!("the edit was not committed:\n{}", problems.join("\n"))),
            resume,
        )
    }

    /// Parse the edited text, refusing comments (a rewrite would lose them).
    pub(super) fn parse<T: serde::de::DeserializeOwned + serde::Serialize>(
        &self,
        text: &[u8],
    ) -> std::result::Result<T, Vec<String>> {
        if let Some(line) = yaml::first_comment(&String::from_utf8_lossy(text)) {
            return Err(vec![format!(
                "{}:{line}:1: comments would be lost when sprx rewrites the file; put the text in a note or under extra",
                self.shown
            )]);
        }
        yaml::parse(&self.shown, text).map_err(|e| vec![e.to_string()])
    }

    /// Rule problems as `path:line:col: message`, each at its field.
    pub(super) fn located(&self, text: &[u8], problems: &[crate::model::validate::Problem]) -> Vec<String> {
        let body = String::from_utf8_lossy(text);
        problems
            .iter()
            .map(|p| {
                let (line, column) = yaml::locate(&body, &p.field);
                format!("{}:{line}:{column}: {p}", self.shown)
            })
            .collect()
    }
}

/// Run the user's editor on `file`, as git does: `$VISUAL`, else `$EDITOR`,
/// else vi, through the shell so `EDITOR="code --wait"` works.
fn run_editor(file: &Path) -> Result<()> {
    let editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".into());
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sprx-editor")
        .arg(file)
        .status()
        .map_err(|e| {
            Error::failed(format!("could not run the editor `{editor}`: {e}"))
                .with_hint("set VISUAL or EDITOR to an editor on your PATH, e.g. export EDITOR=nano")
        })?;
    if !status.success() {
        return Err(
            Error::failed(format!("the editor `{editor}` failed ({status}); nothing was changed"))
                .with_hint(format!("your text is kept in {}", file.display())),
        );
    }
    Ok(())
}

/// The edited record, if it is one sprx can commit; else its problems.
fn check_edit(
    session: &EditSession,
    text: &[u8],
    id: &crate::model::referral::ReferralId,
    rules: &crate::model::policy::Rules,
    today: chrono::NaiveDate,
) -> std::result::Result<Referral, Vec<String>> {
    let record: Referral = session.parse(text)?;
    if record.id != *id {
        let (line, column) = yaml::locate(&String::from_utf8_lossy(text), "id");
        return Err(vec![format!(
            "{}:{line}:{column}: the id cannot be changed (was {id})",
            session.shown
        )]);
    }
    let problems = validate(&record, rules, today);
    if !problems.is_empty() {
        return Err(session.located(text, &problems));
    }
    Ok(record)
}
