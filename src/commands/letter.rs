//! `sprx letter ID [--format markdown|text] [--include-notes]`: the message
//! back to the GP and referrer (see `report/letter.rs` for its sections).

use super::{Ctx, Out};
use crate::cli::{LetterArgs, LetterFormat};
use crate::error::Result;
use crate::report::letter::{LetterContext, letter};

pub fn run(a: LetterArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let r = cb.find_referral(&head, &a.id)?;
    let services = cb.services(&head)?;
    let worker = cb
        .author(head.settings.worker.as_ref(), ctx.now)
        .map_or_else(|_| "Link worker".into(), |a| a.name);
    let context = LetterContext {
        service_name: &head.settings.casebook.name,
        worker: &worker,
        today: ctx.today(),
        services: &services,
        thresholds: &head.settings.measures,
        include_notes: a.include_notes,
    };
    out.print(&letter(&r, &context, a.format == LetterFormat::Markdown))
}
