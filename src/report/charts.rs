//! Charts for the commissioner's page, as SVG drawn by plotters (its SVG
//! backend only: no fonts, no bitmaps, nothing fetched). Every chart carries
//! a `<title>` and `<desc>` for screen readers, uses the Okabe–Ito palette
//! (told apart with colour blindness), and is drawn from the same numbers
//! as the table printed beside it.

use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::RangedCoordusize;
use plotters::prelude::*;

/// The Okabe–Ito palette, in the order series take it (grey for black).
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    // Grey, where Okabe–Ito has black: the last series is "the rest".
    RGBColor(153, 153, 153),
];

const WIDTH: u32 = 640;
const HEIGHT: u32 = 300;

/// A colour for the `n`th series.
pub fn colour(n: usize) -> String {
    let RGBColor(r, g, b) = PALETTE[n % PALETTE.len()];
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// `svg` with a title and description for screen readers.
fn described(svg: String, title: &str, desc: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let Some(end) = svg.find('>') else { return svg };
    format!(
        "{} role=\"img\" aria-label=\"{}\"><title>{}</title><desc>{}</desc>{}",
        &svg[..end],
        escape(title).replace('"', "&quot;"),
        escape(title),
        escape(desc),
        &svg[end + 1..]
    )
}

/// A tick label for counts: whole numbers only.
fn whole(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        String::new()
    }
}

/// `n` slots for bars or points, one per label (a segmented `0..n` would
/// hold one more, left empty at the end). One label still gets two slots,
/// the second empty: plotters cannot map a range of one value.
fn slots(n: usize) -> SegmentedCoord<RangedCoordusize> {
    (0..n.max(2) - 1).into_segmented()
}

/// The far edge of slot `i - 1`: the end of the axis after the last one.
fn edge(i: usize, n: usize) -> SegmentValue<usize> {
    if i >= n.max(2) {
        SegmentValue::Last
    } else {
        SegmentValue::Exact(i)
    }
}

/// Height for `n` horizontal bars.
fn rows_height(n: usize) -> u32 {
    (60 + 28 * n as u32).max(120)
}

/// Horizontal bars, one per label (read on the left), from zero.
pub fn bars(title: &str, desc: &str, labels: &[String], values: &[f64]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, rows_height(labels.len()))).into_drawing_area();
        let _ = root.fill(&WHITE);
        let top = values.iter().copied().fold(0.0, f64::max).max(1.0) * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_right(24)
            .x_label_area_size(30)
            .y_label_area_size(190)
            .build_cartesian_2d(0.0..top, slots(labels.len()))
            .expect("a chart fits its area");
        let _ = chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .x_label_formatter(&whole)
            .y_labels(labels.len())
            .y_label_formatter(&|y| match y {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_label_style(("sans-serif", 13))
            .x_label_style(("sans-serif", 12))
            .draw();
        let _ = chart.draw_series(values.iter().enumerate().map(|(i, v)| {
            let mut bar = Rectangle::new(
                [(0.0, SegmentValue::Exact(i)), (*v, edge(i + 1, labels.len()))],
                PALETTE[0].filled(),
            );
            bar.set_margin(4, 4, 0, 0);
            bar
        }));
        let _ = root.present();
    }
    described(svg, title, desc)
}

/// Bars stacked by series, one stack per label; `series` is (name, one
/// value per label), coloured in the palette's order (the page prints the
/// key beside the chart, where it cannot cover a bar).
pub fn stacked(title: &str, desc: &str, labels: &[String], series: &[(String, Vec<f64>)]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT + 40)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let totals: Vec<f64> = (0..labels.len())
            .map(|i| series.iter().map(|(_, v)| v.get(i).copied().unwrap_or(0.0)).sum())
            .collect();
        let top = totals.iter().copied().fold(0.0, f64::max).max(1.0) * 1.1;
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(slots(labels.len()), 0.0..top)
            .expect("a chart fits its area");
        let _ = chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .y_label_formatter(&whole)
            .x_labels(labels.len())
            .x_label_formatter(&|x| match x {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .draw();
        let mut base = vec![0.0; labels.len()];
        for (n, (_, values)) in series.iter().enumerate() {
            let colour = PALETTE[n % PALETTE.len()];
            let bars: Vec<_> = (0..labels.len())
                .map(|i| {
                    let v = values.get(i).copied().unwrap_or(0.0);
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(i), base[i]),
                            (edge(i + 1, labels.len()), base[i] + v),
                        ],
                        colour.filled(),
                    );
                    bar.set_margin(0, 0, 4, 4);
                    base[i] += v;
                    bar
                })
                .collect();
            let _ = chart.draw_series(bars);
        }
        let _ = root.present();
    }
    described(svg, title, desc)
}

/// A line over the labels.
pub fn line(title: &str, desc: &str, labels: &[String], values: &[f64]) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let top = values.iter().copied().fold(0.0, f64::max).max(1.0) * 1.1;
        let last = labels.len().saturating_sub(1).max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin(8)
            .margin_right(30)
            .x_label_area_size(40)
            .y_label_area_size(40)
            .build_cartesian_2d(0..last, 0.0..top)
            .expect("a chart fits its area");
        let _ = chart
            .configure_mesh()
            .light_line_style(WHITE)
            .y_label_formatter(&whole)
            .x_labels(labels.len())
            .x_label_formatter(&|i| labels.get(*i).cloned().unwrap_or_default())
            .draw();
        let points: Vec<(usize, f64)> = values.iter().copied().enumerate().collect();
        let _ = chart.draw_series(LineSeries::new(points.clone(), PALETTE[0].stroke_width(3)));
        let _ = chart.draw_series(points.into_iter().map(|p| Circle::new(p, 4, PALETTE[0].filled())));
        let _ = root.present();
    }
    described(svg, title, desc)
}

/// One tool's wellbeing, first to last: the mean of the first measures,
/// the mean of the last, and the level the last must reach for a
/// meaningful change (the first plus the threshold, in the tool's better
/// direction).
pub struct Slope {
    pub tool: String,
    pub first: f64,
    pub last: f64,
    pub meaningful: f64,
}

/// A slope chart per tool, side by side (four to a row): the mean first
/// and last measure joined by a line, and the meaningful-change level as a
/// dashed line, each panel on its tool's own scale.
pub fn slopes(title: &str, desc: &str, tools: &[Slope]) -> String {
    const PER_ROW: usize = 4;
    const ROW_HEIGHT: u32 = 230;
    let mut svg = String::new();
    {
        let rows = tools.len().div_ceil(PER_ROW).max(1);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, ROW_HEIGHT * rows as u32)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let panels = root.split_evenly((rows, PER_ROW));
        for (tool, area) in tools.iter().zip(panels) {
            let values = [tool.first, tool.last, tool.meaningful];
            let (lo, hi) = values
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
            let pad = ((hi - lo) * 0.25).max(0.5);
            let Ok(mut chart) = ChartBuilder::on(&area)
                .caption(&tool.tool, ("sans-serif", 14))
                .margin(6)
                .x_label_area_size(22)
                .y_label_area_size(34)
                .build_cartesian_2d(slots(2), (lo - pad)..(hi + pad))
            else {
                continue;
            };
            let _ = chart
                .configure_mesh()
                .disable_x_mesh()
                .light_line_style(WHITE)
                .y_labels(5)
                .x_labels(2)
                .x_label_formatter(&|x| match x {
                    SegmentValue::CenterOf(0) => "first".to_string(),
                    SegmentValue::CenterOf(1) => "last".to_string(),
                    _ => String::new(),
                })
                .x_label_style(("sans-serif", 13))
                .y_label_style(("sans-serif", 12))
                .draw();
            let ends = [
                (SegmentValue::Exact(0), tool.meaningful),
                (SegmentValue::Last, tool.meaningful),
            ];
            let _ = chart.draw_series(DashedLineSeries::new(ends, 6, 4, PALETTE[5].stroke_width(2)));
            let points = [
                (SegmentValue::CenterOf(0), tool.first),
                (SegmentValue::CenterOf(1), tool.last),
            ];
            let _ = chart.draw_series(LineSeries::new(points.clone(), PALETTE[0].stroke_width(3)));
            let _ = chart.draw_series(points.iter().map(|p| Circle::new(p.clone(), 5, PALETTE[0].filled())));
        }
        let _ = root.present();
    }
    described(svg, title, desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_a_title_and_description() {
        let labels: Vec<String> = ["a", "b"].iter().map(|s| s.to_string()).collect();
        for svg in [
            bars("Needs", "Referrals by need", &labels, &[3.0, 5.0]),
            bars("One", "A single bar", &labels[..1], &[2.0]),
            stacked(
                "Received",
                "By month and source",
                &labels,
                &[("gp".into(), vec![1.0, 2.0])],
            ),
            line("Open", "At each month end", &labels, &[4.0, 6.0]),
            slopes(
                "Wellbeing",
                "First to last",
                &[Slope {
                    tool: "ucla3".into(),
                    first: 7.5,
                    last: 5.0,
                    meaningful: 6.5,
                }],
            ),
        ] {
            assert!(svg.starts_with("<svg "), "{svg}");
            assert!(svg.contains("<title>") && svg.contains("<desc>") && svg.contains("role=\"img\""));
            assert!(!svg.contains("<script") && !svg.contains("href"));
            assert!(!svg.contains("height=\"-"), "no bar of negative height: {svg}");
        }
    }
}
