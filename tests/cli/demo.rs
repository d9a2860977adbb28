//! `sprx demo`: the bundled example casebook builds from nothing and shows
//! its referrals, with a clean history in time order.

use crate::common::{Env, stderr, stdout};

#[test]
fn demo_builds_a_casebook_and_prints_its_referrals() {
    let env = Env::bare();
    // No author anywhere: the demo brings its own.
    let out = env
        .cmd_in(&env.home)
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .args(["demo", env.root.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let listing = stdout(&out);
    for name in ["Ada Whitfield", "Dorothy Evans", "Maria Santos"] {
        assert!(listing.contains(name), "{name} missing:\n{listing}");
    }
    for status in ["new", "accepted", "declined", "active", "closed"] {
        assert!(
            listing.contains(&format!(" {status} ")),
            "no {status} referral in the demo"
        );
    }
    assert!(stderr(&out).contains("Demo casebook with 14 referrals"));
    assert!(
        listing.contains("\nCaseload\n") && listing.contains("review-overdue"),
        "the demo shows its caseload"
    );
    assert!(
        listing.contains("Outcome report, 2026-10-01 to 2026-10-31"),
        "and last month's report"
    );
    assert_eq!(env.status(), "", "the page is kept out of git's view");
    // The commissioner's page, where the demo says it put it.
    let page = env.root.join("report.html");
    assert!(
        stderr(&out).contains(&format!("as a page: {}", page.display())),
        "{}",
        stderr(&out)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.matches("<svg").count() >= 4);
    assert!(html.contains("2026-10-01 to 2026-10-31") && !html.contains("Whitfield"));
    let times = env.git(&["log", "--format=%at"]);
    let times: Vec<i64> = times.lines().map(|t| t.parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "commits in time order");
    assert!(times.len() > 60);
    let last = env.git(&["log", "-1", "--format=%an %ad", "--date=short"]);
    assert_eq!(last.trim(), "Demo Link Worker 2026-11-19");

    // The letter for a closed demo referral reads as a letter to the GP.
    let letter = env.ok(&["letter", "SP-2026-0001"]);
    for section in [
        "# Social prescribing: end of episode summary",
        "Dear Dr A Smith,",
        "Re: Ada Whitfield, born 12 April 1950, NHS number 999 000 0018",
        "## Reason for referral",
        "## What matters to Ada",
        "## Support offered",
        "- Referred to Walking for Health, Riverside",
        "## Wellbeing",
        "a meaningful improvement",
        "## Outcome",
        "goals met",
        "## Please record (SNOMED CT)",
        "871731000000106",
        "Yours sincerely,\n\nDemo Link Worker",
    ] {
        // Lines are wrapped to 80 columns: compare the words.
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat(&letter).contains(&flat(section)),
            "{section:?} missing from:\n{letter}"
        );
    }

    let again = env.sprx_in(&env.home, &["demo", env.root.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("is not empty"));
}

/// The README's first example runs as printed, line by line, in a fresh
/// folder (its follow-up measure was once dated in the future, and
/// refused).
#[test]
fn the_readmes_first_example_runs_as_printed() {
    let env = Env::bare();
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let example = readme
        .split("```sh\n")
        .find(|block| block.starts_with("sprx init"))
        .and_then(|rest| rest.split("```").next())
        .expect("README has a sh block");
    assert!(example.starts_with("sprx init"), "{example}");
    let sprx = assert_cmd::cargo::cargo_bin("sprx");
    let path = format!(
        "{}:{}",
        sprx.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = env
        .command(std::process::Command::new("bash"), &env.home)
        .env("PATH", path)
        .args(["-euc", example])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let history = stdout(&out);
    assert!(history.contains("measure"), "{history}");
}

/// The demo's closing hint runs as printed, even where the folder's name
/// has a space (it used to print `-C /tmp/a b show …`).
#[test]
fn the_demos_hint_runs_as_printed_in_a_folder_with_a_space() {
    let env = Env::bare();
    let dir = env.home.join("my casebooks").join("demo");
    let out = env
        .cmd_in(&env.home)
        .args(["demo", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let hint = err
        .lines()
        .find_map(|l| l.strip_prefix("Try: "))
        .unwrap_or_else(|| panic!("no hint in:\n{err}"));
    assert!(hint.contains("'"), "the folder is quoted: {hint}");
    let tried = env
        .command(std::process::Command::new("bash"), &env.home)
        .args(["-c", hint])
        .output()
        .unwrap();
    assert!(tried.status.success(), "{hint}: {}", stderr(&tried));
    assert!(stdout(&tried).contains("Ada Whitfield"), "{}", stdout(&tried));
}
