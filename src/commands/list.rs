//! `sprx list [--status S]… [--need N] [--source S] [--name TEXT]
//! [--format F]`: the referrals in the casebook, filtered, one row each. A
//! need or source the casebook does not know is a usage error naming the
//! likely one, not an empty table.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::{Ctx, Out};
use crate::cli::ListArgs;
use crate::error::Result;
use crate::model::person::age_on;
use crate::model::referral::Referral;
use crate::model::taxonomy::name_of;
use crate::render::Table;

pub fn run(a: ListArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let view = cb.view(&ctx.pick(&a.read))?;
    let day = ctx.view_day(&a.read, &view);
    let taxonomy = &view.settings.taxonomy;
    super::known("need", a.need.as_deref(), &taxonomy.needs())?;
    super::known("source", a.source.as_deref(), &taxonomy.sources())?;
    let name = a.name.as_deref().map(super::find::fold);
    let keep = |r: &Referral| {
        (a.status.is_empty() || a.status.contains(&r.status))
            && a.need.as_ref().is_none_or(|n| r.referral.needs.contains(n))
            && a.source.as_ref().is_none_or(|s| &r.referral.source == s)
            && name
                .as_ref()
                .is_none_or(|n| super::find::fold(&r.person.name).contains(n.as_str()))
    };
    let mut table = Table::new(&["id", "name", "age", "status", "priority", "received", "source", "needs"])
        .optional(&["source", "received", "age", "needs"]);
    let referrals = cb.summaries(&view)?;
    for r in referrals.iter().filter(|r| keep(r)) {
        table.push(row(r, day));
    }
    super::leave_to_exit(referrals);
    out.print(&table.render(a.format))
}

fn row(r: &Referral, day: NaiveDate) -> Vec<Value> {
    let priority = r.priority().map(|p| name_of(&p));
    vec![
        json!(r.id.to_string()),
        json!(r.person.name),
        json!(age_on(r.person.date_of_birth, day)),
        json!(name_of(&r.status)),
        json!(priority),
        json!(r.referral.received.to_string()),
        json!(r.referral.source),
        json!(r.referral.needs),
    ]
}
