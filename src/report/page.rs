//! The commissioner's report as one self-contained HTML page (`report
//! --format html`): headline figures with percentages and their change
//! against the period before and the same period a year before; charts
//! (SVG, `report/charts.rs`) each with a table of the same numbers; the
//! equality breakdowns with small numbers suppressed; the commit, its time
//! and the settings the figures came from. Inline CSS and SVG only — no
//! script, font, image or link to anywhere — laid out for A4, and, like
//! every report, no names, NHS numbers, contact details, IDs or free text.
//! Laid out with maud, which escapes every value it is given.

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::charts;
use super::equality::{Dimension, GroupFigure};
use super::outcomes::{Figure, Value};
use super::period::Period;
use crate::model::policy::Thresholds;
use crate::model::taxonomy::name_of;

/// Everything the page shows, computed by the command.
pub struct PageInput<'a> {
    pub casebook: &'a str,
    pub period: Period,
    /// The day the figures are read on (`--as-of`, `--at`'s commit, or
    /// today): a period not ended by then gets a banner.
    pub today: NaiveDate,
    /// Whether the services directory lists an active service (unmet
    /// needs are reported only then).
    pub directory: bool,
    pub commit: String,
    pub commit_time: String,
    pub thresholds: &'a Thresholds,
    pub suppress_below: u32,
    /// The period's figures, the period before's and a year before's.
    pub figures: &'a [Figure],
    pub previous: &'a [Figure],
    pub year_before: &'a [Figure],
    /// Each of the twelve months to the period's end, with its figures.
    pub months: &'a [(Period, Vec<Figure>)],
    /// The report by each kind of group.
    pub groups: &'a [(Dimension, Vec<GroupFigure>)],
}

/// The figure `measure` for `group` in `figures`, if there is one.
fn value(figures: &[Figure], measure: &str, group: &str) -> Option<f64> {
    figures
        .iter()
        .find(|f| f.measure == measure && f.group == group)
        .map(|f| match f.value {
            Value::Count(n) => n as f64,
            Value::Amount(a) => a,
        })
}

/// Every group `measure` has in `figures`, in order.
fn groups_of<'f>(figures: &'f [Figure], measure: &str) -> Vec<&'f Figure> {
    figures.iter().filter(|f| f.measure == measure).collect()
}

/// Every group `measure` has in this period, the period before or a year
/// before: a reason or outcome seen only earlier still gets its row.
fn groups_in_any(input: &PageInput<'_>, measure: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for figures in [input.figures, input.previous, input.year_before] {
        for f in groups_of(figures, measure) {
            if !out.contains(&f.group) {
                out.push(f.group.clone());
            }
        }
    }
    out
}

fn text(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| Value::Amount(v).text())
}

/// A share of a whole as a percentage to one decimal, rounded half away
/// from zero once, on the exact ratio.
fn percent(part: Option<f64>, whole: Option<f64>) -> String {
    use crate::model::amount::{hundredths, rounded};
    match (part, whole) {
        (Some(p), Some(w)) if w > 0.0 => rounded(hundredths(p) * 100, hundredths(w), 1)
            .map_or_else(String::new, |v| format!("{}%", Value::Amount(v).text())),
        _ => String::new(),
    }
}

/// `now` against `then`, signed; a share's change in percentage points.
fn change(now: Option<f64>, then: Option<f64>, share: bool) -> String {
    use crate::model::amount::hundredths;
    match (now, then) {
        (Some(n), Some(t)) => {
            let scale = if share { 100 } else { 1 };
            let d = crate::model::amount::ratio((hundredths(n) - hundredths(t)) * scale, 100).unwrap_or_default();
            let sign = if d > 0.0 { "+" } else { "" };
            let points = if share { " points" } else { "" };
            format!("{sign}{}{points}", Value::Amount(d).text())
        }
        _ => "–".into(),
    }
}

/// A headline value as shown: a share as a percentage.
fn shown(v: Option<f64>, share: bool) -> String {
    match share {
        true if v.is_some() => percent(v, Some(1.0)),
        _ => text(v),
    }
}

/// One headline row: what, its value, a share of something, and against
/// the period before and a year before.
struct Headline {
    label: String,
    measure: &'static str,
    group: String,
    share_of: Option<(&'static str, &'static str)>,
}

fn headline(label: impl Into<String>, measure: &'static str, group: impl Into<String>) -> Headline {
    Headline {
        label: label.into(),
        measure,
        group: group.into(),
        share_of: None,
    }
}

fn headlines(input: &PageInput<'_>) -> Vec<Headline> {
    let share = |mut h: Headline, of: (&'static str, &'static str)| {
        h.share_of = Some(of);
        h
    };
    let mut out = vec![
        headline("Referrals received", "referrals_received", "all"),
        share(
            headline("Accepted at triage", "triage_accepted", "all"),
            ("triage_decisions", "all"),
        ),
        share(
            headline("Declined at triage", "triage_declined", "all"),
            ("triage_decisions", "all"),
        ),
    ];
    for group in groups_in_any(input, "triage_declined_by_reason") {
        out.push(share(
            headline(format!("declined: {group}"), "triage_declined_by_reason", group),
            ("triage_declined", "all"),
        ));
    }
    out.push(headline(
        "Median days to first contact",
        "first_contact_median_days",
        "all",
    ));
    out.push(headline("Contacts", "contacts", "all"));
    out.push(headline("Contact minutes", "contact_minutes", "all"));
    out.push(headline("Episodes closed", "closed", "all"));
    for group in groups_in_any(input, "closed_by_outcome") {
        out.push(share(
            headline(format!("closed: {group}"), "closed_by_outcome", group),
            ("closed", "all"),
        ));
    }
    for group in groups_in_any(input, "wellbeing_improved_share") {
        out.push(headline(
            format!("wellbeing improved: {group}"),
            "wellbeing_improved_share",
            group,
        ));
    }
    out.push(headline("Open at the end", "open_at_end", "all"));
    out
}

/// The value of a headline, with the decisions total worked out. A count
/// by group that a period's report does not list is none: 0, where a mean,
/// median or share of nothing stays without a value.
fn headline_value(figures: &[Figure], measure: &str, group: &str) -> Option<f64> {
    let counted_by_group = ["triage_declined_by_reason", "closed_by_outcome"].contains(&measure);
    match measure {
        "triage_decisions" => Some(
            value(figures, "triage_accepted", "all").unwrap_or(0.0)
                + value(figures, "triage_declined", "all").unwrap_or(0.0),
        ),
        _ if counted_by_group && !figures.is_empty() => Some(value(figures, measure, group).unwrap_or(0.0)),
        _ => value(figures, measure, group),
    }
}

/// A chart with a table of the same numbers beside it.
fn figure(title: &str, svg: String, header: &[&str], rows: Vec<Vec<String>>) -> Markup {
    keyed_figure(title, svg, None, header, rows)
}

/// A chart, the key to its colours, and a table of the same numbers.
fn keyed_figure(title: &str, svg: String, key: Option<Markup>, header: &[&str], rows: Vec<Vec<String>>) -> Markup {
    html! {
        section.chart {
            h3 { (title) }
            div.svg { (PreEscaped(svg)) }
            @if let Some(key) = key { (key) }
            table {
                thead { tr { @for h in header { th { (h) } } } }
                tbody { @for row in &rows { tr { @for cell in row { td { (cell) } } } } }
            }
        }
    }
}

/// A chart of one measure's groups as bars, the first at the top as in
/// its table; `none` says why there is no chart when there are no groups.
fn group_bars(title: &str, desc: &str, figures: &[Figure], measure: &str, none: &str) -> Markup {
    let groups = groups_of(figures, measure);
    if groups.is_empty() {
        return html! { section.chart { h3 { (title) } p.meta { (none) } } };
    }
    // Bars are drawn from the bottom up.
    let labels: Vec<String> = groups.iter().rev().map(|f| f.group.clone()).collect();
    let values: Vec<f64> = groups
        .iter()
        .rev()
        .map(|f| value(figures, measure, &f.group).unwrap_or(0.0))
        .collect();
    let rows = groups.iter().map(|f| vec![f.group.clone(), f.value.text()]).collect();
    figure(
        title,
        charts::bars(title, desc, &labels, &values),
        &["group", "count"],
        rows,
    )
}

/// The key to a chart's colours, as text beside it.
fn key(names: &[String]) -> Markup {
    html! {
        ul.key {
            @for (n, name) in names.iter().enumerate() {
                li { span.swatch style={ "background:" (charts::colour(n)) } {} " " (name) }
            }
        }
    }
}

const STYLE: &str = "
@page { size: A4; margin: 14mm; }
body { font-family: sans-serif; color: #111; max-width: 180mm; margin: 0 auto; line-height: 1.35; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 2px solid #0072b2; margin-top: 1.6em; }
h3 { font-size: 1em; margin-bottom: 0.3em; }
.meta { color: #444; font-size: 0.9em; }
.banner { background: #fff3cd; border: 1px solid #e69f00; padding: 0.5em 0.8em; margin: 1em 0; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.4em 0 1em; }
th, td { border: 1px solid #bbb; padding: 0.15em 0.5em; text-align: left; }
td:not(:first-child) { text-align: right; }
.svg svg { width: 100%; height: auto; }
section.chart { break-inside: avoid; page-break-inside: avoid; }
section.chart td:first-child { white-space: nowrap; }
ul.key { list-style: none; padding: 0; margin: 0.2em 0; font-size: 0.85em; }
ul.key li { display: inline-block; margin-right: 1.2em; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; border: 1px solid #555; }
footer { margin-top: 2em; font-size: 0.85em; color: #444; border-top: 1px solid #bbb; padding-top: 0.5em; }
";

/// The page.
pub fn page(input: &PageInput<'_>) -> String {
    let period = input.period;
    let unfinished = period.end >= input.today;
    let month_labels: Vec<String> = input
        .months
        .iter()
        .map(|(p, _)| p.start.format("%b %y").to_string())
        .collect();
    // Referrals received per month, stacked by source.
    let mut sources: Vec<String> = Vec::new();
    for (_, figures) in input.months {
        for f in groups_of(figures, "referrals_received_by_source") {
            if !sources.contains(&f.group) {
                sources.push(f.group.clone());
            }
        }
    }
    // Seven sources at the most, the rest together: the palette has eight
    // colours that stay apart.
    let mut totals: Vec<(f64, String)> = sources
        .iter()
        .map(|s| {
            let n = input
                .months
                .iter()
                .map(|(_, f)| value(f, "referrals_received_by_source", s).unwrap_or(0.0))
                .sum();
            (n, s.clone())
        })
        .collect();
    totals.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let kept: Vec<String> = totals.iter().take(7).map(|(_, s)| s.clone()).collect();
    let mut series: Vec<(String, Vec<f64>)> = kept
        .iter()
        .map(|s| {
            let per_month = input
                .months
                .iter()
                .map(|(_, f)| value(f, "referrals_received_by_source", s).unwrap_or(0.0))
                .collect();
            (s.clone(), per_month)
        })
        .collect();
    if sources.len() > kept.len() {
        let rest: Vec<f64> = input
            .months
            .iter()
            .map(|(_, f)| {
                let all = value(f, "referrals_received", "all").unwrap_or(0.0);
                let shown: f64 = kept
                    .iter()
                    .map(|s| value(f, "referrals_received_by_source", s).unwrap_or(0.0))
                    .sum();
                all - shown
            })
            .collect();
        series.push(("other sources".into(), rest));
    }
    // The table holds what each stack does: each source, and the month.
    let received_rows: Vec<Vec<String>> = input
        .months
        .iter()
        .enumerate()
        .map(|(i, (p, f))| {
            let mut row = vec![p.start.format("%Y-%m").to_string()];
            row.extend(series.iter().map(|(_, v)| Value::Amount(v[i]).text()));
            row.push(text(value(f, "referrals_received", "all")));
            row
        })
        .collect();
    let series_names: Vec<String> = series.iter().map(|(n, _)| n.clone()).collect();
    let mut received_header: Vec<&str> = vec!["month"];
    received_header.extend(series_names.iter().map(String::as_str));
    received_header.push("all");
    let open: Vec<f64> = input
        .months
        .iter()
        .map(|(_, f)| value(f, "open_at_end", "all").unwrap_or(0.0))
        .collect();
    let open_rows: Vec<Vec<String>> = input
        .months
        .iter()
        .map(|(p, f)| vec![p.end.to_string(), text(value(f, "open_at_end", "all"))])
        .collect();
    // Wellbeing: each tool's mean first and last measure, against the
    // level a meaningful change reaches.
    let wellbeing: Vec<(charts::Slope, f64)> = groups_of(input.figures, "wellbeing_mean_change")
        .iter()
        .filter_map(|f| {
            let (threshold, lower_is_better) = crate::model::measures::threshold(&f.group, input.thresholds);
            let threshold = if lower_is_better { -threshold } else { threshold };
            let first = value(input.figures, "wellbeing_mean_first", &f.group)?;
            let last = value(input.figures, "wellbeing_mean_last", &f.group)?;
            let slope = charts::Slope {
                tool: f.group.clone(),
                first,
                last,
                meaningful: first + threshold,
            };
            Some((slope, threshold))
        })
        .collect();
    let wellbeing_rows: Vec<Vec<String>> = wellbeing
        .iter()
        .map(|(s, threshold)| {
            let g = &s.tool;
            vec![
                g.clone(),
                text(value(input.figures, "wellbeing_pairs", g)),
                text(Some(s.first)),
                text(Some(s.last)),
                text(value(input.figures, "wellbeing_mean_change", g)),
                Value::Amount(*threshold).text(),
                percent(value(input.figures, "wellbeing_improved_share", g), Some(1.0)),
            ]
        })
        .collect();
    let slopes: Vec<charts::Slope> = wellbeing.into_iter().map(|(s, _)| s).collect();
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Social prescribing report, " (period) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "Social prescribing outcome report" }
                p.meta {
                    (input.casebook) " · " (period.start) " to " (period.end)
                    br;
                    "Computed from commit " code { (input.commit) } " (" (input.commit_time) "): the same commit gives the same figures, now or next year."
                }
                @if unfinished {
                    p.banner { "This period has not ended yet (it runs to " (period.end) "): its figures will change until it has." }
                }
                h2 { "Headline figures" }
                table {
                    thead { tr {
                        th { "figure" } th { "this period" } th { "share" }
                        th { "period before" } th { "change" } th { "a year before" } th { "change" }
                    } }
                    tbody {
                        @for h in headlines(input) {
                            @let now = headline_value(input.figures, h.measure, &h.group);
                            @let before = headline_value(input.previous, h.measure, &h.group);
                            @let year = headline_value(input.year_before, h.measure, &h.group);
                            @let share = h.measure.ends_with("_share");
                            tr {
                                td { (h.label) }
                                td data-measure=(h.measure) data-group=(h.group) data-period="this" { (shown(now, share)) }
                                td {
                                    @if let Some((m, g)) = h.share_of { (percent(now, headline_value(input.figures, m, g))) }
                                }
                                td data-measure=(h.measure) data-group=(h.group) data-period="before" { (shown(before, share)) }
                                td { (change(now, before, share)) }
                                td data-measure=(h.measure) data-group=(h.group) data-period="year" { (shown(year, share)) }
                                td { (change(now, year, share)) }
                            }
                        }
                    }
                }
                p.meta { "Period before: " (input.period.previous()) ". A year before: " (input.period.year_before()) "." }
                h2 { "Referrals" }
                (keyed_figure(
                    "Referrals received per month, by source",
                    charts::stacked("Referrals received per month, by source", "Referrals received in each of the twelve months to the end of the period, stacked by where they came from", &month_labels, &series),
                    Some(key(&series_names)),
                    &received_header,
                    received_rows,
                ))
                (group_bars("Needs of referrals received", "How many referrals received in the period named each need", input.figures, "referrals_received_by_need", "No referrals were received in this period."))
                h2 { "Outcomes" }
                (group_bars("Outcomes of episodes closed", "Episodes closed in the period, by outcome", input.figures, "closed_by_outcome", "No episodes closed in this period."))
                @if slopes.is_empty() {
                    section.chart {
                        h3 { "Wellbeing, first to last measure" }
                        p.meta { "No episode closed in this period has a first and a last measure with the same tool." }
                    }
                } @else {
                    (figure(
                        "Wellbeing, first to last measure",
                        charts::slopes("Wellbeing, first to last measure", "For each tool, the mean of the first and of the last measures of episodes closed in the period, joined by a line; the dashed line is the level the last measure reaches with a meaningful change", &slopes),
                        &["tool", "pairs", "mean first", "mean last", "mean change", "threshold", "improved"],
                        wellbeing_rows,
                    ))
                    p.meta { "Each panel has its own scale. The dashed line marks a meaningful change from the first measure, in the direction that is better (lower for UCLA-3 and ONS4 anxiety)." }
                }
                (figure(
                    "Open caseload at each month end",
                    charts::line("Open caseload at each month end", "Referrals open at the end of each of the twelve months to the end of the period", &month_labels, &open),
                    &["month end", "open"],
                    open_rows,
                ))
                h2 { "Connections and unmet needs" }
                (group_bars("Connections by service", "Connections made in the period, by service (free-text names counted together)", input.figures, "connections_by_service", "No connections were made in this period."))
                (group_bars("Unmet needs", "Referrals received in the period with a need no active service lists", input.figures, "unmet_need", if input.directory { "Every need of the referrals received in this period is listed by an active service." } else { "Unmet needs are not reported: the services directory has no active service." }))
                h2 { "Who is reached" }
                p { "Counts from 1 to " (input.suppress_below.saturating_sub(1)) " are withheld (shown as *), and so is the next smallest where one alone would give it away, following NHS statistical disclosure practice." }
                @for (by, figures) in input.groups {
                    h3 { "By " (name_of(by)) }
                    table {
                        thead { tr { th { "group" } th { "received" } th { "accepted" } th { "declined" } th { "closed" } th { "improved" } } }
                        tbody {
                            @for group in group_names(figures) {
                                tr {
                                    td { (group) }
                                    @for measure in ["referrals_received", "triage_accepted", "triage_declined", "closed", "wellbeing_improved_share"] {
                                        td { (group_cell(figures, measure, &group)) }
                                    }
                                }
                            }
                        }
                    }
                }
                h2 { "Settings behind these figures" }
                table {
                    tbody {
                        tr { td { "meaningful change, WEMWBS" } td { (input.thresholds.wemwbs) } }
                        tr { td { "meaningful change, SWEMWBS (metric)" } td { (input.thresholds.swemwbs) } }
                        tr { td { "meaningful change, ONS4 (per item)" } td { (input.thresholds.ons4) } }
                        tr { td { "meaningful change, UCLA-3" } td { (input.thresholds.ucla3) } }
                        tr { td { "follow-up due after (days)" } td { (input.thresholds.follow_up_days) } }
                        tr { td { "small numbers withheld below" } td { (input.suppress_below) } }
                    }
                }
                footer {
                    "This page holds aggregate figures only: no names, NHS numbers, contact details, referral IDs or free text. "
                    "Made by sprx from the casebook's commit " (input.commit) "."
                }
            }
        }
    };
    markup.into_string()
}

fn group_names(figures: &[GroupFigure]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in figures {
        if !out.contains(&f.group) {
            out.push(f.group.clone());
        }
    }
    out
}

fn group_cell(figures: &[GroupFigure], measure: &str, group: &str) -> String {
    match figures.iter().find(|f| f.measure == measure && f.group == group) {
        Some(f) if f.suppressed => "*".into(),
        Some(f) => match f.value {
            Some(Value::Amount(a)) if measure.ends_with("_share") => percent(Some(a), Some(1.0)),
            Some(v) => v.text(),
            None => "*".into(),
        },
        None => "–".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{change, percent};

    #[test]
    fn a_share_is_rounded_once_and_its_change_is_in_points() {
        // 1 of 22 is 4.5454…%: 4.5%, not 4.55% rounded again to 4.6%.
        assert_eq!(percent(Some(1.0), Some(22.0)), "4.5%");
        assert_eq!(percent(Some(21.0), Some(22.0)), "95.5%");
        assert_eq!(change(Some(0.5), Some(0.75), true), "-25 points");
        assert_eq!(change(Some(12.0), Some(10.0), false), "+2");
        assert_eq!(change(Some(1.0), None, false), "–");
    }
}
