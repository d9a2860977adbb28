//! `sprx history ID`: the commits that changed a referral, oldest first —
//! the audit trail of its episode.

use serde_json::json;

use super::{Ctx, Out};
use crate::cli::HistoryArgs;
use crate::error::Result;
use crate::render::Table;

pub fn run(a: HistoryArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let id = cb.resolve(&cb.head()?, &a.id)?;
    let mut table = Table::new(&["date", "commit", "event"]);
    for change in cb.history(&id.path())? {
        table.push(vec![
            json!(change.date.to_rfc3339()),
            json!(change.commit.short()),
            json!(change.event),
        ]);
    }
    out.print(&table.render(a.format))
}
