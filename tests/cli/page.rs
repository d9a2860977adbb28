//! The commissioner's page (`report --format html`): one self-contained
//! file, no script and nothing fetched, at least six charts, every headline
//! figure equal to the JSON report's, and no personal data.

use scraper::{Html, Selector};

use crate::snapshots::casebook;

const PERIOD: &str = "2026-Q3";

fn select(page: &Html, css: &str) -> Vec<String> {
    let selector = Selector::parse(css).unwrap();
    page.select(&selector).map(|e| e.html()).collect()
}

#[test]
fn the_page_is_self_contained_and_agrees_with_the_json_report() {
    let env = casebook();
    let html = env.ok(&["report", "--period", PERIOD, "--format", "html"]);
    let page = Html::parse_document(&html);
    assert!(select(&page, "script").is_empty(), "no script");
    let every = Selector::parse("*").unwrap();
    for element in page.select(&every) {
        for (name, url) in element.value().attrs() {
            if name.ends_with("src") || name.ends_with("href") {
                assert!(
                    !url.contains("//") && !url.starts_with("http"),
                    "external {name}: {url}"
                );
            }
        }
        assert!(
            !["link", "img", "iframe", "object", "embed"].contains(&element.value().name()),
            "{element:?}"
        );
    }
    let charts = select(&page, "svg");
    assert!(charts.len() >= 6, "{} charts", charts.len());
    for svg in &charts {
        assert!(
            svg.contains("<title>") && svg.contains("<desc>"),
            "every chart is described"
        );
    }
    // Every headline figure is the JSON report's, for this period, the one
    // before and the same one a year before: a count by group the report
    // does not list is 0, a share is shown as its percentage.
    let figures_of = |period: &str| -> Vec<serde_json::Value> {
        let json: serde_json::Value =
            serde_json::from_str(&env.ok(&["report", "--period", period, "--format", "json"])).unwrap();
        json["figures"].as_array().unwrap().clone()
    };
    let periods = [
        ("this", figures_of(PERIOD)),
        ("before", figures_of("2026-Q2")),
        ("year", figures_of("2025-Q3")),
    ];
    let cells = Selector::parse("td[data-measure]").unwrap();
    let mut compared = 0;
    for cell in page.select(&cells) {
        let (measure, group, period) = (
            cell.value().attr("data-measure").unwrap(),
            cell.value().attr("data-group").unwrap(),
            cell.value().attr("data-period").unwrap(),
        );
        let figures = &periods.iter().find(|(p, _)| *p == period).unwrap().1;
        let shown = cell.text().collect::<String>();
        let number = |n: f64| {
            let s = format!("{n}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        };
        let expected = figures
            .iter()
            .find(|f| f["measure"] == measure && f["group"] == group)
            .map(|f| {
                let v = f["value"].as_f64().unwrap();
                if measure.ends_with("_share") {
                    format!("{}%", number((v * 1000.0).round() / 10.0))
                } else {
                    number(v)
                }
            })
            .unwrap_or_else(
                || match measure.ends_with("_by_reason") || measure.ends_with("_by_outcome") {
                    true => "0".into(),
                    false => "–".into(),
                },
            );
        assert_eq!(shown, expected, "{measure} {group} ({period})");
        compared += 1;
    }
    assert!(compared >= 30, "{compared} headline figures");
    // No personal data from the fixture.
    for private in [
        "Whitfield",
        "Ben Sample",
        "Okafor",
        "Novak",
        "Mensah",
        "Fay Link",
        "9434765919",
        "943 476 5919",
        "SP-2026-",
        "Started volunteering",
        "Feeling useful again",
        "Has family support",
        "CV workshop",
    ] {
        assert!(!html.contains(private), "{private} is in the page");
    }
    assert!(html.contains("no names, NHS numbers, contact details, referral IDs or free text"));
}

#[test]
fn the_page_is_pinned() {
    let env = casebook();
    let html = env.ok(&["report", "--period", PERIOD, "--format", "html"]);
    let commit = env.git(&["rev-parse", "HEAD"]);
    let html = html.replace(commit.trim(), "<commit>");
    insta::assert_snapshot!("page", html);
}

#[test]
fn a_period_not_yet_ended_says_so() {
    let env = casebook();
    let html = env.ok(&["report", "--period", "2026-11", "--format", "html"]);
    assert!(html.contains("This period has not ended yet"), "a banner");
    let ended = env.ok(&["report", "--period", "2026-10", "--format", "html"]);
    assert!(!ended.contains("This period has not ended yet"));
    // Read in December at November's last commit, November had not ended
    // on the day the figures come from.
    let later = env.at("2026-12-15T10:00:00Z");
    let now = later.ok(&["report", "--period", "2026-11", "--format", "html"]);
    assert!(!now.contains("This period has not ended yet"));
    let then = later.ok(&["report", "--period", "2026-11", "--at", "HEAD", "--format", "html"]);
    assert!(
        then.contains("This period has not ended yet"),
        "the day the report reads"
    );
    let err = later.fails(2, &["report", "--by", "gender", "--format", "html"]);
    assert!(err.contains("the html page holds every breakdown"), "{err}");
}

#[test]
fn the_monthly_script_writes_the_page_beside_the_csv_and_json() {
    let env = casebook();
    let out_dir = env.home.join("reports");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/monthly-report.sh");
    let sprx = assert_cmd::cargo::cargo_bin("sprx");
    let status = env
        .command(std::process::Command::new("bash"), &env.root)
        .arg(&script)
        .arg(&out_dir)
        .env("SPRX", &sprx)
        .status()
        .unwrap();
    assert!(status.success());
    for ext in ["csv", "json", "html"] {
        let file = out_dir.join(format!("sprx-report-2026-10.{ext}"));
        assert!(file.exists(), "{} missing", file.display());
    }
    let html = std::fs::read_to_string(out_dir.join("sprx-report-2026-10.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<svg"), "a page");
}
