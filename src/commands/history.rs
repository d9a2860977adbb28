//! `sprx history ID`: the commits that changed a referral, oldest first —
//! the audit trail of its episodes: the day each event happened (as its
//! commit message names it, or else the commit's day) and when it was
//! committed.

use serde_json::json;

use super::{Ctx, Out};
use crate::cli::HistoryArgs;
use crate::error::Result;
use crate::model::lifecycle::dated;
use crate::render::Table;

pub fn run(a: HistoryArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let id = cb.resolve(&cb.head()?, &a.id)?;
    let mut table = Table::new(&["date", "committed", "commit", "event"]).optional(&["committed", "commit"]);
    for change in cb.history(&id)? {
        let happened = dated(&change.event).unwrap_or(change.date.date_naive());
        // The day is in its own column.
        let event = change
            .event
            .rsplit_once(" (dated ")
            .map_or(change.event.as_str(), |(e, _)| e);
        table.push(vec![
            json!(happened.to_string()),
            json!(change.date.to_rfc3339()),
            json!(change.commit.short()),
            json!(event),
        ]);
    }
    out.print(&table.render(a.format))
}
