//! `sprx contact ID --mode M [--minutes N] [--dna] [--note T]`.

use super::{Ctx, Out, apply_event};
use crate::cli::ContactArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::contact;
use crate::model::referral::Contact;

pub fn run(a: ContactArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let date = a.when.date.unwrap_or(ctx.today());
    let c = Contact {
        date,
        mode: a.mode,
        minutes: a.minutes,
        attended: !a.dna,
        note: a.note,
        follow_up: a.follow_up,
    };
    apply_event(ctx, out, &a.id, (Event::Contact, date), |r, rules, today| {
        contact(r, c, rules, today)
    })?;
    Ok(())
}
