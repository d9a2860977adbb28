//! `sprx contact ID --mode M [--minutes N] [--dna] [--note T]`.

use super::{Ctx, Out, apply_event};
use crate::cli::ContactArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::contact;
use crate::model::referral::Contact;

pub fn run(a: ContactArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let c = Contact {
        date: a.when.date.unwrap_or(ctx.today()),
        mode: a.mode,
        minutes: a.minutes,
        attended: !a.dna,
        note: a.note,
    };
    apply_event(ctx, out, &a.id, Event::Contact, |r, rules, today| {
        contact(r, c, rules, today)
    })?;
    Ok(())
}
