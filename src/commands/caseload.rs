//! `sprx caseload [--as-of D | --at REV] [--format table|csv|json]`: open
//! referrals needing attention, most urgent first, with the commit read.

use serde_json::{Map, json};

use super::{Ctx, Out, commit_footer};
use crate::cli::CaseloadArgs;
use crate::error::Result;
use crate::model::taxonomy::name_of;
use crate::render::Table;
use crate::report::caseload::caseload;

pub const COLUMNS: [&str; 11] = [
    "id",
    "name",
    "age",
    "status",
    "priority",
    "received",
    "days_open",
    "last_contact",
    "contacts",
    "next_review",
    "flags",
];

/// Left out, in this order, when the table would not fit the width.
pub const OPTIONAL: [&str; 6] = [
    "received",
    "contacts",
    "age",
    "days_open",
    "next_review",
    "last_contact",
];

pub fn run(a: CaseloadArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let view = cb.view(&ctx.pick(&a.read))?;
    let day = ctx.view_day(&a.read, &view);
    let referrals = cb.summaries(&view)?;
    let mut table = Table::new(&COLUMNS).optional(&OPTIONAL);
    let follow_up_days = view.settings.measures.follow_up_days;
    let mut follow_ups = 0;
    for row in caseload(&referrals, &view.settings.policy, follow_up_days, day) {
        follow_ups += usize::from(!row.status.is_open());
        let flags: Vec<&str> = row.flags.iter().map(|f| f.name()).collect();
        table.push(vec![
            json!(row.id.to_string()),
            json!(row.name),
            json!(row.age),
            json!(name_of(&row.status)),
            json!(row.priority.map(|p| name_of(&p))),
            json!(row.received.to_string()),
            json!(row.days_open),
            json!(row.last_contact.map(|d| d.to_string())),
            json!(row.contacts),
            json!(row.next_review.map(|d| d.to_string())),
            json!(flags),
        ]);
    }
    super::leave_to_exit(referrals);
    let mut meta = Map::new();
    meta.insert("as_of".into(), json!(day.to_string()));
    meta.insert("commit".into(), json!(view.commit().to_string()));
    let open = table.rows.len() - follow_ups;
    let due = match follow_ups {
        0 => String::new(),
        1 => ", and 1 follow-up due".into(),
        n => format!(", and {n} follow-ups due"),
    };
    table.footer = Some(format!("{open} open on {day}{due}. {}", commit_footer(&view)));
    table.envelope = Some((meta, "referrals"));
    out.print(&table.render(a.format))
}
