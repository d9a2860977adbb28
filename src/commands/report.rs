//! `sprx report [--period P | --from D --to D] [--by GROUPS] [--as-of D |
//! --at REV] [--format table|csv|json]`: the outcome report — aggregate
//! figures only, no names, NHS numbers, contact details or IDs. CSV is tidy
//! (one row per figure); JSON and the table footer name the commit it was
//! computed from. With `--by`, figures per group of people, small numbers
//! suppressed (`report/equality.rs`).

use serde::Serialize;
use serde_json::json;

use super::{Ctx, Out, commit_footer};
use crate::cli::{ReportArgs, TableFormat};
use crate::error::{Error, Result};
use crate::model::service::ServiceStatus;
use crate::render::{self, Table};
use crate::report::equality::{Dimension, GroupFigure, by_group};
use crate::report::outcomes::{Figure, report};
use crate::report::page::{PageInput, page};
use crate::report::period::Period;
use crate::report::period::PeriodSpec;
use crate::store::View;

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
    let suppress_below = view.settings.report.suppress_below;
    let Some(format) = a.format.table() else {
        if a.by.is_some() {
            return Err(
                Error::usage("--by is for the tables; the html page holds every breakdown")
                    .with_hint("leave out --by, or give --format table, csv or json"),
            );
        }
        let services = cb.services(&view)?;
        let text = html(&referrals, &services, period, &view, day);
        super::leave_to_exit(referrals);
        return out.print(&text);
    };
    if let Some(by) = a.by {
        let figures = by_group(&referrals, &period, &view.settings.measures, by, suppress_below);
        super::leave_to_exit(referrals);
        return out.print(&by_group_text(&figures, by, &period, suppress_below, &view, format));
    }
    let services = cb.services(&view)?;
    let figures = report(&referrals, &period, &view.settings.measures, &services);
    super::leave_to_exit(referrals);
    let directory = services.iter().any(|s| s.status == ServiceStatus::Active);
    let notes: Vec<&str> = if directory { vec![] } else { vec![NO_DIRECTORY] };
    let text = match format {
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

/// The commissioner's page for `period` (`report/page.rs`): its figures,
/// the period before's, a year before's, each of the twelve months to its
/// end, and every breakdown by group.
fn html(
    referrals: &[crate::model::referral::Referral],
    services: &[crate::model::service::Service],
    period: Period,
    view: &View,
    today: chrono::NaiveDate,
) -> String {
    let thresholds = &view.settings.measures;
    let figures_for = |p: &Period| report(referrals, p, thresholds, services);
    let figures = figures_for(&period);
    let previous = figures_for(&period.previous());
    let year_before = figures_for(&period.year_before());
    let months: Vec<(Period, Vec<Figure>)> = period
        .twelve_months_to_end()
        .into_iter()
        .map(|m| (m, figures_for(&m)))
        .collect();
    let suppress_below = view.settings.report.suppress_below;
    let groups: Vec<(Dimension, Vec<GroupFigure>)> = [
        Dimension::AgeBand,
        Dimension::Gender,
        Dimension::EthnicGroup,
        Dimension::Practice,
        Dimension::PostcodeDistrict,
    ]
    .into_iter()
    .map(|by| (by, by_group(referrals, &period, thresholds, by, suppress_below)))
    .collect();
    page(&PageInput {
        casebook: &view.settings.casebook.name,
        period,
        today,
        directory: services.iter().any(|s| s.status == ServiceStatus::Active),
        commit: view.commit().to_string(),
        commit_time: view.time().to_rfc3339(),
        thresholds,
        suppress_below,
        figures: &figures,
        previous: &previous,
        year_before: &year_before,
        months: &months,
        groups: &groups,
    })
}

/// The report by group in `format`: a suppressed figure has no value, is
/// marked `suppressed`, and shows as `*` in the table.
fn by_group_text(
    figures: &[GroupFigure],
    by: Dimension,
    period: &Period,
    suppress_below: u32,
    view: &View,
    format: TableFormat,
) -> String {
    let rule = format!(
        "counts from 1 to {} are suppressed, and so is the next smallest where one alone would be (NHS statistical disclosure practice)",
        suppress_below.saturating_sub(1)
    );
    let by_name = crate::model::taxonomy::name_of(&by);
    match format {
        TableFormat::Json => render::json(&json!({
            "period_start": period.start.to_string(),
            "period_end": period.end.to_string(),
            "by": by_name,
            "suppress_below": suppress_below,
            "commit": view.commit().to_string(),
            "commit_time": view.time().to_rfc3339(),
            "figures": figures,
            "notes": [rule],
        })),
        TableFormat::Csv => {
            let columns = [
                "period_start",
                "period_end",
                "by",
                "group",
                "measure",
                "value",
                "suppressed",
            ];
            let mut table = Table::new(&columns);
            for f in figures {
                table.push(vec![
                    json!(period.start.to_string()),
                    json!(period.end.to_string()),
                    json!(by_name),
                    json!(f.group),
                    json!(f.measure),
                    json!(f.value.map(|v| v.text()).unwrap_or_default()),
                    json!(f.suppressed),
                ]);
            }
            table.render(TableFormat::Csv)
        }
        TableFormat::Table => {
            let mut table = Table::new(&["group", "measure", "value"]);
            for f in figures {
                let value = f.value.map_or_else(|| "*".to_string(), |v| v.text());
                table.push(vec![json!(f.group), json!(f.measure), json!(value)]);
            }
            table.footer = Some(format!("* {rule}.\n{}", commit_footer(view)));
            format!(
                "Outcome report by {by_name}, {period}\n{}",
                table.render(TableFormat::Table)
            )
        }
    }
}
