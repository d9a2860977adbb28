//! `sprx suggest ID`: active services whose needs overlap the referral's and
//! whose age limits admit the person, best first — most needs matched, then
//! how often the casebook already connected people to them — with why.

use std::collections::HashMap;

use serde_json::json;

use super::{Ctx, Out};
use crate::cli::SuggestArgs;
use crate::error::Result;
use crate::model::person::age_on;
use crate::model::service::suggest;
use crate::render::Table;

pub fn run(a: SuggestArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let r = cb.find_referral(&head, &a.id)?;
    let services = cb.services(&head)?;
    let mut connections: HashMap<String, usize> = HashMap::new();
    for other in cb.summaries(&head)? {
        for c in other
            .episodes
            .iter()
            .filter_map(|e| e.plan.as_ref())
            .flat_map(|p| &p.connections)
        {
            *connections.entry(c.service.clone()).or_insert(0) += 1;
        }
    }
    let age = age_on(r.person.date_of_birth, ctx.today());
    let mut table = Table::new(&["service", "name", "matched_needs", "ages", "connections"]).optional(&[
        "connections",
        "ages",
        "name",
    ]);
    for s in suggest(&r.referral.needs, age, &services, &connections) {
        table.push(vec![
            json!(s.service.id),
            json!(s.service.name),
            json!(s.matched),
            json!(super::service::ages(s.service)),
            json!(s.connections),
        ]);
    }
    if table.rows.is_empty() {
        out.note(&format!(
            "no active service lists any of {}'s needs for someone aged {age}",
            r.id
        ));
    }
    table.footer = Some(format!(
        "For {} (age {age}, needs: {}). Connections: times the casebook has connected someone to it.",
        r.id,
        r.referral.needs.join(", ")
    ));
    out.print(&table.render(a.format))
}
