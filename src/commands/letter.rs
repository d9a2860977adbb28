//! `sprx letter ID [--format markdown|text] [--include-notes]`: the message
//! back to the GP and referrer (see `report/letter.rs` for its sections).
//! When the person said no to sharing with their GP, it says so first.

use super::{Ctx, Out};
use crate::cli::{LetterArgs, LetterFormat};
use crate::error::Result;
use crate::report::letter::{LetterContext, letter};

pub fn run(a: LetterArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let r = cb.find_referral(&head, &a.id)?;
    if let Some(consent) = r.person.consent_to_share_with_gp.as_ref().filter(|c| !c.given) {
        out.warn(&format!(
            "{} said no to sharing their information with their GP on {}; check before you send this letter",
            r.id, consent.date
        ));
    }
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
