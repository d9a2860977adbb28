//! `sprx triage ID --accept [--priority P] | --decline --reason R`.

use super::{Ctx, Out, apply_event};
use crate::cli::TriageArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::{Decide, triage};

pub fn run(a: TriageArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let decide = match a.reason {
        Some(reason) if a.decline => Decide::Decline(reason),
        _ => Decide::Accept(a.priority),
    };
    let date = a.when.date.unwrap_or(ctx.today());
    apply_event(ctx, out, &a.id, Event::Triage, |r, rules, today| {
        triage(r, decide, a.note, date, rules, today)
    })?;
    Ok(())
}
