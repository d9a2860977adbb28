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

fn text(v: Option<f64>) -> String {
    v.map_or_else(|| "–".into(), |v| Value::Amount(v).text())
}

/// A share of a whole as a percentage to two decimals, rounded half away
/// from zero on the exact ratio.
fn percent(part: Option<f64>, whole: Option<f64>) -> String {
    match (part, whole) {
        (Some(p), Some(w)) if w > 0.0 => {
            let hundredths = crate::model::amount::hundredths(p);
            let whole = crate::model::amount::hundredths(w);
            crate::model::amount::ratio(hundredths * 100, whole).map_or_else(String::new, |v| {
                format!("{}%", Value::Amount((v * 10.0).round() / 10.0).text())
            })
        }
        _ => String::new(),
    }
}

fn change(now: Option<f64>, then: Option<f64>) -> String {
    match (now, then) {
        (Some(n), Some(t)) => {
            let d = crate::model::amount::ratio(
                crate::model::amount::hundredths(n) - crate::model::amount::hundredths(t),
                100,
            )
            .unwrap_or_default();
            if d > 0.0 {
                format!("+{}", Value::Amount(d).text())
            } else {
                Value::Amount(d).text()
            }
        }
        _ => "–".into(),
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
    for f in groups_of(input.figures, "triage_declined_by_reason") {
        out.push(share(
            headline(
                format!("declined: {}", f.group),
                "triage_declined_by_reason",
                f.group.clone(),
            ),
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
    for f in groups_of(input.figures, "closed_by_outcome") {
        out.push(share(
            headline(format!("closed: {}", f.group), "closed_by_outcome", f.group.clone()),
            ("closed", "all"),
        ));
    }
    for f in groups_of(input.figures, "wellbeing_improved_share") {
        out.push(headline(
            format!("wellbeing improved: {}", f.group),
            "wellbeing_improved_share",
            f.group.clone(),
        ));
    }
    out.push(headline("Open at the end", "open_at_end", "all"));
    out
}

/// The value of a headline, with the decisions total worked out.
fn headline_value(figures: &[Figure], measure: &str, group: &str) -> Option<f64> {
    match measure {
        "triage_decisions" => Some(
            value(figures, "triage_accepted", "all").unwrap_or(0.0)
                + value(figures, "triage_declined", "all").unwrap_or(0.0),
        ),
        _ => value(figures, measure, group),
    }
}

/// A chart with a table of the same numbers beside it.
fn figure(title: &str, svg: String, header: &[&str], rows: Vec<Vec<String>>) -> Markup {
    html! {
        section.chart {
            h3 { (title) }
            div.svg { (PreEscaped(svg)) }
            table {
                thead { tr { @for h in header { th { (h) } } } }
                tbody { @for row in &rows { tr { @for cell in row { td { (cell) } } } } }
            }
        }
    }
}

/// A chart of one measure's groups as bars.
fn group_bars(title: &str, desc: &str, figures: &[Figure], measure: &str) -> Option<Markup> {
    let groups = groups_of(figures, measure);
    if groups.is_empty() {
        return None;
    }
    let labels: Vec<String> = groups.iter().map(|f| f.group.clone()).collect();
    let values: Vec<f64> = groups
        .iter()
        .map(|f| value(figures, measure, &f.group).unwrap_or(0.0))
        .collect();
    let rows = groups.iter().map(|f| vec![f.group.clone(), f.value.text()]).collect();
    Some(figure(
        title,
        charts::bars(title, desc, &labels, &values),
        &["group", "count"],
        rows,
    ))
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
    let received_rows: Vec<Vec<String>> = input
        .months
        .iter()
        .map(|(p, f)| {
            vec![
                p.start.format("%Y-%m").to_string(),
                text(value(f, "referrals_received", "all")),
            ]
        })
        .collect();
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
    // Wellbeing: each group's mean change against its threshold.
    let wellbeing: Vec<(String, f64, f64)> = groups_of(input.figures, "wellbeing_mean_change")
        .iter()
        .map(|f| {
            let (threshold, lower_is_better) = crate::model::measures::threshold(&f.group, input.thresholds);
            let change = value(input.figures, "wellbeing_mean_change", &f.group).unwrap_or(0.0);
            (
                f.group.clone(),
                change,
                if lower_is_better { -threshold } else { threshold },
            )
        })
        .collect();
    let wellbeing_rows: Vec<Vec<String>> = wellbeing
        .iter()
        .map(|(g, change, threshold)| {
            vec![
                g.clone(),
                text(value(input.figures, "wellbeing_pairs", g)),
                text(value(input.figures, "wellbeing_mean_first", g)),
                text(value(input.figures, "wellbeing_mean_last", g)),
                Value::Amount(*change).text(),
                Value::Amount(*threshold).text(),
                percent(value(input.figures, "wellbeing_improved_share", g), Some(1.0)),
            ]
        })
        .collect();
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
                            tr {
                                td { (h.label) }
                                td data-measure=(h.measure) data-group=(h.group) { (text(now)) }
                                td {
                                    @if let Some((m, g)) = h.share_of { (percent(now, headline_value(input.figures, m, g))) }
                                    @if h.measure.ends_with("_share") { (percent(now, Some(1.0))) }
                                }
                                td { (text(before)) } td { (change(now, before)) }
                                td { (text(year)) } td { (change(now, year)) }
                            }
                        }
                    }
                }
                p.meta { "Period before: " (input.period.previous()) ". A year before: " (input.period.year_before()) "." }
                h2 { "Referrals" }
                (figure(
                    "Referrals received per month, by source",
                    charts::stacked("Referrals received per month, by source", "Referrals received in each of the twelve months to the end of the period, stacked by where they came from", &month_labels, &series),
                    &["month", "referrals"],
                    received_rows,
                ))
                @if let Some(m) = group_bars("Needs of referrals received", "How many referrals received in the period named each need", input.figures, "referrals_received_by_need") { (m) }
                h2 { "Outcomes" }
                @if let Some(m) = group_bars("Outcomes of episodes closed", "Episodes closed in the period, by outcome", input.figures, "closed_by_outcome") { (m) }
                @if !wellbeing.is_empty() {
                    (figure(
                        "Wellbeing: mean change, first to last measure",
                        charts::changes("Wellbeing: mean change, first to last measure", "For each tool, the mean change from the first to the last measure of episodes closed in the period (bar), against the meaningful-change threshold in the direction that is better (line)", &wellbeing),
                        &["tool", "pairs", "mean first", "mean last", "mean change", "threshold", "improved"],
                        wellbeing_rows,
                    ))
                }
                (figure(
                    "Open caseload at each month end",
                    charts::line("Open caseload at each month end", "Referrals open at the end of each of the twelve months to the end of the period", &month_labels, &open),
                    &["month end", "open"],
                    open_rows,
                ))
                h2 { "Connections and unmet needs" }
                @if let Some(m) = group_bars("Connections by service", "Connections made in the period, by service (free-text names counted together)", input.figures, "connections_by_service") { (m) }
                @if let Some(m) = group_bars("Unmet needs", "Referrals received in the period with a need no active service lists", input.figures, "unmet_need") { (m) }
                @if !input.directory {
                    p.meta { "Unmet needs are not reported: the services directory has no active service." }
                }
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
