//! `sprx reopen ID [--note T]`: a closed episode continues, or a declined
//! referral goes back to be triaged again.

use super::{Ctx, Out, apply_event};
use crate::cli::ReopenArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::reopen;

pub fn run(a: ReopenArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let date = a.when.date.unwrap_or(ctx.today());
    apply_event(ctx, out, &a.id, (Event::Reopen, date), |r, rules, today| {
        reopen(r, a.note, date, rules, today)
    })?;
    Ok(())
}
