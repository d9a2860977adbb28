//! `sprx report [--period P | --from D --to D] [--as-of D | --at REV]
//! [--format table|csv|json]`: the outcome report — aggregate figures only,
//! no names, NHS numbers, contact details or IDs. CSV is tidy (one row per
//! figure); JSON and the table footer name the commit it was computed from.

use serde::Serialize;
use serde_json::json;

use super::{Ctx, Out, commit_footer};
use crate::cli::{ReportArgs, TableFormat};
use crate::error::Result;
use crate::model::service::ServiceStatus;
use crate::render::{self, Table};
use crate::report::outcomes::{Figure, report};
use crate::report::period::PeriodSpec;

/// Said in every format but CSV when the directory has no active service.
const NO_DIRECTORY: &str = "unmet needs: the services directory has no active service, so none are reported";

#[derive(Serialize)]
struct Json<'a> {
    period_start: String,
    period_end: String,
    commit: String,
    commit_time: String,
    figures: &'a [Figure],
    notes: Vec<&'a str>,
}

pub fn run(a: ReportArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let view = cb.view(&ctx.pick(&a.read))?;
    let day = ctx.view_day(&a.read, &view);
    // The default is this month, as of the day the report reads.
    let period = a
        .period
        .resolve(day)?
        .unwrap_or_else(|| PeriodSpec::ThisMonth.resolve(day));
    let referrals = cb.summaries(&view)?;
    let services = cb.services(&view)?;
    let figures = report(&referrals, &period, &view.settings.measures, &services);
    super::leave_to_exit(referrals);
    let directory = services.iter().any(|s| s.status == ServiceStatus::Active);
    let notes: Vec<&str> = if directory { vec![] } else { vec![NO_DIRECTORY] };
    let text = match a.format {
        TableFormat::Json => render::json(&Json {
            period_start: period.start.to_string(),
            period_end: period.end.to_string(),
            commit: view.commit().to_string(),
            commit_time: view.time().to_rfc3339(),
            figures: &figures,
            notes: notes.clone(),
        }),
        TableFormat::Csv => {
            let mut table = Table::new(&["period_start", "period_end", "measure", "group", "value"]);
            for f in &figures {
                table.push(vec![
                    json!(period.start.to_string()),
                    json!(period.end.to_string()),
                    json!(f.measure),
                    json!(f.group),
                    json!(f.value.text()),
                ]);
            }
            table.render(TableFormat::Csv)
        }
        TableFormat::Table => {
            let mut table = Table::new(&["measure", "group", "value"]);
            for f in &figures {
                table.push(vec![json!(f.measure), json!(f.group), json!(f.value.text())]);
            }
            let lines: Vec<String> = notes
                .iter()
                .map(|n| format!("Not reported: {n}."))
                .chain([commit_footer(&view)])
                .collect();
            table.footer = Some(lines.join("\n"));
            format!("Outcome report, {period}\n{}", table.render(TableFormat::Table))
        }
    };
    out.print(&text)
}
