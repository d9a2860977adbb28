//! `sprx close ID --outcome O [--note T]`: end the episode.

use super::{Ctx, Out, apply_event};
use crate::cli::CloseArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::close;

pub fn run(a: CloseArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let date = a.when.date.unwrap_or(ctx.today());
    apply_event(ctx, out, &a.id, (Event::Close, date), |r, rules, today| {
        close(r, a.outcome, a.note, date, rules, today)
    })?;
    Ok(())
}
