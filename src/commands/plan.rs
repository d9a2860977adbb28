//! `sprx plan ID …`: agree the first plan (the referral becomes active) or
//! update it: what matters, goals and their status, connections, review date.
//! Once the casebook keeps a services directory, a connection to something
//! that is not an active service in it is refused, naming the likely
//! service, unless `--free-text` says it is a one-off named in words.

use super::{Ctx, Out, apply_event};
use crate::cli::PlanArgs;
use crate::error::{Error, Result};
use crate::model::lifecycle::Event;
use crate::model::lifecycle::{PlanChange, plan};
use crate::model::service::ServiceStatus;
use crate::model::spelling::likely;

pub fn run(a: PlanArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let links: Vec<String> = a.connect.iter().chain(&a.signpost).cloned().collect();
    if !links.is_empty() && !a.free_text {
        let cb = ctx.open(out)?;
        let services = cb.services(&cb.head()?)?;
        let active: Vec<&str> = services
            .iter()
            .filter(|s| s.status == ServiceStatus::Active)
            .map(|s| s.id.as_str())
            .collect();
        // A casebook that keeps no directory cannot tell a typo from a
        // one-off: the connection is kept as given (sprx check says so).
        let keeps_directory = !active.is_empty();
        if keeps_directory && let Some(link) = links.iter().find(|l| !active.contains(&l.as_str())) {
            let likely = likely(link, active.iter().copied());
            let retired = services.iter().any(|s| s.id == *link);
            let flag = if a.connect.contains(link) {
                "--connect"
            } else {
                "--signpost"
            };
            let message = match likely {
                _ if retired => format!("`{link}` is retired (inactive) in the directory"),
                Some(s) => format!("`{link}` is not an active service in the directory; did you mean `{s}`?"),
                None => format!("`{link}` is not an active service in the directory"),
            };
            let hint = match likely {
                _ if retired => format!(
                    "connect to an active service (sprx service list), or add --free-text to record \"{link}\" as it is"
                ),
                Some(s) => format!(
                    "give {flag} {s}, or add --free-text to keep \"{link}\" as a one-off named in words; sprx service list shows the directory"
                ),
                None => format!(
                    "add --free-text to keep \"{link}\" as a one-off named in words, or add the service first (sprx service add); sprx service list shows the directory"
                ),
            };
            return Err(Error::usage(message).with_hint(hint));
        }
    }
    let change = PlanChange {
        what_matters: a.what_matters,
        goals: a.goal,
        goal_status: a.goal_status,
        connect: a.connect,
        signpost: a.signpost,
        review_due: a.review,
    };
    let date = a.when.date.unwrap_or(ctx.today());
    apply_event(ctx, out, &a.id, (Event::Plan, date), |r, rules, today| {
        plan(r, change, date, rules, today)
    })?;
    Ok(())
}
