//! `sprx agenda [--days N] [--format table|csv|json]`: what is due or
//! overdue in the next N days (default 7), most urgent first, each with the
//! command to run next. "Nothing due" when there is nothing.

use serde_json::{Map, json};

use super::{Ctx, Out, commit_footer};
use crate::cli::{AgendaArgs, TableFormat};
use crate::error::Result;
use crate::model::taxonomy::name_of;
use crate::render::Table;
use crate::report::agenda::agenda;

pub fn run(a: AgendaArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let view = cb.head()?;
    let today = ctx.today();
    let referrals = cb.summaries(&view)?;
    let items = agenda(&referrals, &view.settings.rules(), today, a.days);
    super::leave_to_exit(referrals);
    let until = today + chrono::Days::new(a.days.into());
    if items.is_empty() && a.format == TableFormat::Table {
        return out.print(&format!("Nothing due from {today} to {until}.\n"));
    }
    // The table shows each item on one line and the commands under it,
    // numbered, whole (a command split across a table's lines could not be
    // copied); CSV and JSON give the command in a column of its own.
    let with_next = a.format != TableFormat::Table;
    let mut columns = vec!["#", "due", "when", "id", "name", "what", "priority"];
    if with_next {
        columns.retain(|c| *c != "#");
        columns.push("next");
    }
    let mut table = Table::new(&columns).optional(&["priority", "name", "due"]);
    let mut commands = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let days = (item.due - today).num_days();
        let when = match days {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            -1 => "1 day late".to_string(),
            d if d < 0 => format!("{} days late", -d),
            d => format!("in {d} days"),
        };
        let mut row = vec![
            json!(item.due.to_string()),
            json!(when),
            json!(item.id.to_string()),
            json!(item.name),
            json!(item.what.name()),
            json!(item.priority.map(|p| name_of(&p))),
        ];
        if with_next {
            row.push(json!(item.next));
        } else {
            row.insert(0, json!(n + 1));
            commands.push(format!("{:>3}. {}", n + 1, item.next));
        }
        table.push(row);
    }
    let overdue = items.iter().filter(|i| i.overdue).count();
    let mut meta = Map::new();
    meta.insert("today".into(), json!(today.to_string()));
    meta.insert("until".into(), json!(until.to_string()));
    meta.insert("commit".into(), json!(view.commit().to_string()));
    table.envelope = Some((meta, "items"));
    let next = if commands.is_empty() {
        String::new()
    } else {
        format!("Next:\n{}\n", commands.join("\n"))
    };
    table.footer = Some(format!(
        "{next}{} due to {until}, {overdue} overdue. {}",
        items.len(),
        commit_footer(&view)
    ));
    out.print(&table.render(a.format))
}
