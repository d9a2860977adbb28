//! `sprx measure ID --tool T --items a,b,c…`: record a wellbeing measure.

use super::{Ctx, Out, apply_event};
use crate::cli::MeasureArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::{measure, new_measure};

pub fn run(a: MeasureArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let date = a.when.date.unwrap_or(ctx.today());
    let m = new_measure(a.tool, a.items.0, date)?;
    let score = m.tool.score(&m.items).summary();
    apply_event(ctx, out, &a.id, (Event::Measure, date), |r, rules, today| {
        measure(r, m, rules, today)
    })?;
    out.note(&format!("score: {score}"));
    Ok(())
}
