//! `sprx letter ID [--format markdown|text] [--include-notes]`: the message
//! back to the GP and referrer (see `report/letter.rs` for its sections).

use super::{Ctx, Out};
use crate::cli::{LetterArgs, LetterFormat};
use crate::error::Result;
use crate::report::letter::{LetterContext, letter};

pub fn run(a: LetterArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open_for_reading()?;
    let tree = cb.head_tree()?;
    let r = cb.find_referral(&tree, &a.id)?;
    let services = cb.services(&tree)?;
    let worker = crate::store::git::author(&cb, ctx.now)
        .ok()
        .and_then(|s| s.name().ok().map(String::from))
        .unwrap_or_else(|| "Link worker".into());
    let context = LetterContext {
        service_name: &cb.settings.casebook.name,
        worker: &worker,
        today: ctx.today(),
        services: &services,
        thresholds: &cb.settings.measures,
        include_notes: a.include_notes,
    };
    out.print(&letter(&r, &context, a.format == LetterFormat::Markdown))
}
