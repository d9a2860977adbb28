//! `sprx plan ID …`: agree the first plan (the referral becomes active) or
//! update it: what matters, goals and their status, connections, review date.
//! A connection to something that is not an active service in the
//! directory is kept as given, with a warning.

use super::{Ctx, Out, apply_event};
use crate::cli::PlanArgs;
use crate::error::Result;
use crate::model::lifecycle::Event;
use crate::model::lifecycle::{PlanChange, plan};
use crate::model::service::ServiceStatus;

pub fn run(a: PlanArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let links: Vec<String> = a.connect.iter().chain(&a.signpost).cloned().collect();
    let change = PlanChange {
        what_matters: a.what_matters,
        goals: a.goal,
        goal_status: a.goal_status,
        connect: a.connect,
        signpost: a.signpost,
        review_due: a.review,
    };
    let date = a.when.date.unwrap_or(ctx.today());
    let r = apply_event(ctx, out, &a.id, (Event::Plan, date), |r, rules, today| {
        plan(r, change, date, rules, today)
    })?;
    if !links.is_empty() {
        let cb = ctx.open(out)?;
        let services = cb.services(&cb.head()?)?;
        let active = |name: &str| {
            services
                .iter()
                .any(|s| s.id == name && s.status == ServiceStatus::Active)
        };
        for link in links.iter().filter(|l| !active(l)) {
            out.warn(&format!(
                "{link} is not an active service in the directory; {} keeps it as free text (see sprx service list)",
                r.id
            ));
        }
    }
    Ok(())
}
