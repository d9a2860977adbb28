//! `sprx retention [--names] [--format F]`: referrals whose last episode
//! ended (closed, or declined) longer ago than `[retention]
//! years_after_closure`, and so are due for erasure under the casebook's
//! policy — by ID, the day it ended and how long ago; names only when asked.

use serde_json::json;

use super::{Ctx, Out, commit_footer};
use crate::cli::RetentionArgs;
use crate::error::Result;
use crate::model::person::age_on;
use crate::render::Table;

pub fn run(a: RetentionArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let view = cb.head()?;
    let today = ctx.today();
    let years = view.settings.retention.years_after_closure;
    let referrals = cb.summaries(&view)?;
    let mut columns = vec!["id", "ended", "years", "status"];
    if a.names {
        columns.insert(1, "name");
    }
    let mut table = Table::new(&columns);
    for r in &referrals {
        let Some(ended) = r.episode().ended().filter(|_| !r.status.is_open()) else {
            continue;
        };
        // Whole years since it ended, as an age is counted.
        let since = age_on(ended, today);
        if since < years {
            continue;
        }
        let mut row = vec![
            json!(r.id.to_string()),
            json!(ended.to_string()),
            json!(since),
            json!(crate::model::taxonomy::name_of(&r.status)),
        ];
        if a.names {
            row.insert(1, json!(r.person.name));
        }
        table.push(row);
    }
    super::leave_to_exit(referrals);
    table.footer = Some(format!(
        "{} past {years} years after their last episode ended ([retention] years_after_closure). {}",
        table.rows.len(),
        commit_footer(&view)
    ));
    out.print(&table.render(a.format))
}
