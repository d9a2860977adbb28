//! `sprx plan ID …`: agree the first plan (the referral becomes active) or
//! update it: what matters, goals and their status, connections, review date.

use super::{Ctx, Out, apply_event};
use crate::cli::PlanArgs;
use crate::error::Result;
use crate::model::lifecycle::{PlanChange, plan};

pub fn run(a: PlanArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let change = PlanChange {
        what_matters: a.what_matters,
        goals: a.goal,
        goal_status: a.goal_status,
        connect: a.connect,
        signpost: a.signpost,
        review_due: a.review,
    };
    let date = a.when.date.unwrap_or(ctx.today());
    apply_event(ctx, out, &a.id, "plan", |r, rules, today| {
        plan(r, change, date, rules, today)
    })?;
    Ok(())
}
