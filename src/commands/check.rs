//! `sprx check [--format text|json] [--as-of D | --at REV]`: every problem in
//! the casebook as `path:line:col: message`. Silent with exit 0 when all is
//! well; exit 1 when anything is wrong (warnings alone do not fail).

use super::{Ctx, Out};
use crate::check::{Finding, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::error::{Error, Result};
use crate::render;
use crate::store::StoreError;

pub fn run(a: CheckArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let findings = match cb.view(&ctx.pick(&a.read)) {
        Ok(view) => {
            let working = a.read.as_of.is_none() && a.read.at.is_none();
            cb.check(&view, working, ctx.view_day(&a.read, &view))?
        }
        // A broken sprx.toml is a finding like any other.
        Err(StoreError::Settings {
            path,
            line,
            column,
            message,
        }) => vec![Finding {
            path: path.display().to_string(),
            line,
            column,
            severity: Severity::Error,
            message: format!("{message} (as committed; sprx reads the committed settings)"),
        }],
        Err(e) => return Err(e.into()),
    };
    match a.format {
        CheckFormat::Json => out.print(&render::json(&findings))?,
        CheckFormat::Text => {
            let text: String = findings.iter().map(|f| format!("{f}\n")).collect();
            out.print(&text)?;
        }
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    if errors > 0 {
        let s = if errors == 1 { "" } else { "s" };
        return Err(Error::failed(format!("{errors} problem{s} in the casebook"))
            .with_hint("each line above says where and what; fix the file and commit the fix"));
    }
    Ok(())
}
