//! `sprx edit ID [--from FILE]`: open the committed record in `$VISUAL` or
//! `$EDITOR`, then check the result as `sprx check` would. A valid edit is
//! committed as one `edit` event; an invalid one is refused with its
//! problems, nothing in the casebook changes, and the edited text is kept in
//! `.git/sprx/edits/` (the message says where) to pick up with `--from`.

use std::path::Path;
use std::process::Command;

use super::{Ctx, Out};
use crate::cli::EditArgs;
use crate::error::{Error, Result};
use crate::model::referral::Referral;
use crate::model::validate::validate;
use crate::store::casebook::read_blob;
use crate::store::git::{ensure_untouched, previous_version, write_atomically};
use crate::store::write::WriteError;
use crate::store::{StoreError, yaml};

pub fn run(a: EditArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open()?;
    let head = cb.repo.head()?.peel_to_commit()?;
    let id = cb.resolve(&head.tree()?, &a.id)?;
    let path = id.path();
    let committed =
        read_blob(&cb.repo, &head.tree()?, &path)?.ok_or_else(|| StoreError::NoSuchReferral(a.id.clone()))?;
    ensure_untouched(
        &cb.root,
        &cb.repo.index()?,
        &path,
        Some(&committed),
        previous_version(&head, &path),
    )?;
    let start = match &a.from {
        Some(file) => {
            std::fs::read(ctx.cwd.join(file)).map_err(|e| Error::failed(format!("{}: {e}", file.display())))?
        }
        None => committed.clone(),
    };
    let kept = cb
        .repo
        .path()
        .join("sprx/edits")
        .join(format!("{id}.{}.yaml", ctx.now.timestamp()));
    write_atomically(&kept, &start)?;
    let shown = kept.strip_prefix(&ctx.cwd).unwrap_or(&kept).to_path_buf();
    let keep_hint = |e: Error| {
        e.with_hint(format!(
            "your text is kept in {}; to carry on from it: sprx edit {id} --from {}",
            shown.display(),
            shown.display()
        ))
    };
    run_editor(&kept)?;
    let edited = std::fs::read(&kept).map_err(|e| Error::failed(format!("{}: {e}", kept.display())))?;
    if edited == committed {
        let _ = std::fs::remove_file(&kept);
        out.note(&format!("no change to {id}"));
        return Ok(());
    }
    let record = check_edit(&shown, &edited, &id, &cb.settings.rules(), ctx.today()).map_err(keep_hint)?;
    let original: Referral = yaml::parse(&path, &committed)?;
    let result = cb.update_referral(&id.to_string(), "edit", ctx.now, |current| {
        if current == original {
            Ok(record)
        } else {
            Err(Error::failed(format!("{id} changed while you were editing it")))
        }
    });
    match result {
        Ok(r) => {
            let _ = std::fs::remove_file(&kept);
            out.note(&crate::model::lifecycle::describe("edit", &r));
            Ok(())
        }
        Err(WriteError::Domain(e)) => Err(keep_hint(e)),
        Err(WriteError::Store(e)) => Err(keep_hint(e.into())),
    }
}

/// Run the user's editor on `file`, as git does: `$VISUAL`, else `$EDITOR`,
/// else vi, through the shell so `EDITOR="code --wait"` works.
pub(super) fn run_editor(file: &Path) -> Result<()> {
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
        .map_err(|e| Error::failed(format!("could not run the editor `{editor}`: {e}")))?;
    if !status.success() {
        return Err(
            Error::failed(format!("the editor `{editor}` failed ({status}); nothing was changed"))
                .with_hint(format!("your text is kept in {}", file.display())),
        );
    }
    Ok(())
}

/// The edited record, if it is one sprx can commit unchanged in meaning.
fn check_edit(
    shown: &Path,
    text: &[u8],
    id: &crate::model::referral::ReferralId,
    rules: &crate::model::policy::Rules,
    today: chrono::NaiveDate,
) -> Result<Referral> {
    let name = shown.display().to_string();
    let invalid = |lines: Vec<String>| Error::failed(format!("the edit was not committed:\n{}", lines.join("\n")));
    if let Some(line) = yaml::first_comment(&String::from_utf8_lossy(text)) {
        return Err(invalid(vec![format!(
            "{name}:{line}:1: comments would be lost when sprx rewrites the record; put the text in a note or under extra"
        )]));
    }
    let record: Referral = yaml::parse(&name, text).map_err(|e| invalid(vec![e.to_string()]))?;
    if record.id != *id {
        let at = yaml::locate(&String::from_utf8_lossy(text), "id");
        return Err(invalid(vec![format!(
            "{name}:{}:{}: the id cannot be changed (was {id})",
            at.0, at.1
        )]));
    }
    let problems = validate(&record, rules, today);
    if !problems.is_empty() {
        let body = String::from_utf8_lossy(text);
        return Err(invalid(
            problems
                .iter()
                .map(|p| {
                    let (line, column) = yaml::locate(&body, &p.field);
                    format!("{name}:{line}:{column}: {p}")
                })
                .collect(),
        ));
    }
    Ok(record)
}
