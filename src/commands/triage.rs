//! `sprx triage ID --accept [--priority P] | --decline --reason R`, and
//! `sprx triage ID --priority P` to change the priority of an accepted
//! referral.

use super::{Ctx, Out, apply_event};
use crate::cli::TriageArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::{Decide, triage};
use crate::model::referral::Priority;

pub fn run(a: TriageArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let decide = match (a.reason, a.accept, a.priority) {
        (Some(reason), _, _) if a.decline => Decide::Decline(reason),
        (_, true, priority) => Decide::Accept(priority.unwrap_or(Priority::Routine)),
        (_, false, Some(priority)) => Decide::Reprioritise(priority),
        (_, false, None) => Decide::Accept(Priority::Routine),
    };
    let date = a.when.date.unwrap_or(ctx.today());
    let event = match decide {
        Decide::Reprioritise(_) => Event::Priority,
        _ => Event::Triage,
    };
    apply_event(ctx, out, &a.id, (event, date), |r, rules, today| {
        triage(r, decide, a.note, date, rules, today)
    })?;
    Ok(())
}
