//! What a link worker reads, pinned at 80 columns (output piped, no
//! COLUMNS): the caseload, list, agenda, report and suggest tables, a
//! letter for each case, and `--help` of create, plan and measure. No line
//! is wider than 80 columns and no ID or date is split across lines.
//! Update with `INSTA_UPDATE=always cargo test --test cli snapshots` after
//! checking the difference.

use crate::common::Env;

/// A small casebook of every state, as of 21 November 2026.
pub fn casebook() -> Env {
    let env = Env::casebook();
    env.ok(&[
        "service",
        "add",
        "walking-for-health",
        "--name",
        "Walking for Health",
        "--need",
        "loneliness",
        "--need",
        "physical-activity",
        "--min-age",
        "18",
    ]);
    env.ok(&[
        "service",
        "add",
        "st-marys-lunch-club",
        "--name",
        "St Mary's lunch club",
        "--need",
        "loneliness",
        "--need",
        "food",
        "--min-age",
        "60",
    ]);
    env.ok(&[
        "service",
        "add",
        "citizens-advice",
        "--name",
        "Citizens Advice Riverside",
        "--need",
        "benefits-debt",
        "--need",
        "housing",
    ]);
    let create = |name: &str, dob: &str, source: &str, received: &str, needs: &[&str]| {
        let mut args = vec!["--received", received, "--source", source];
        for n in needs {
            args.extend_from_slice(&["--need", n]);
        }
        let mut all = vec!["create", "--name", name, "--dob", dob, "--nhs-number", "9434765919"];
        all.extend_from_slice(&args);
        let out = env.sprx(&all);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    // Active, with a plan, contacts and two measures; review due soon.
    let ada = create(
        "Ada Whitfield",
        "1950-04-12",
        "gp",
        "2026-10-01",
        &["loneliness", "long-term-condition"],
    );
    env.ok(&["triage", &ada, "--accept", "--priority", "high", "--date", "2026-10-02"]);
    env.ok(&[
        "plan",
        &ada,
        "--what-matters",
        "Getting out of the house and meeting people",
        "--goal",
        "Join the Thursday walking group",
        "--connect",
        "walking-for-health",
        "--review",
        "2026-11-24",
        "--date",
        "2026-10-08",
    ]);
    env.ok(&[
        "contact",
        &ada,
        "--mode",
        "phone",
        "--minutes",
        "30",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "contact",
        &ada,
        "--mode",
        "home-visit",
        "--minutes",
        "45",
        "--date",
        "2026-11-10",
        "--note",
        "Went to the group twice",
    ]);
    env.ok(&[
        "measure",
        &ada,
        "--tool",
        "swemwbs",
        "--items",
        "3,2,3,2,3,2,3",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "measure",
        &ada,
        "--tool",
        "swemwbs",
        "--items",
        "3,3,4,3,4,3,4",
        "--date",
        "2026-11-10",
    ]);
    // Closed, then followed up.
    let ben = create(
        "Ben Sample",
        "1988-07-30",
        "self",
        "2026-07-03",
        &["employment-training", "mental-wellbeing"],
    );
    env.ok(&["triage", &ben, "--accept", "--date", "2026-07-04"]);
    env.ok(&[
        "plan",
        &ben,
        "--what-matters",
        "Feeling useful again",
        "--goal",
        "CV workshop",
        "--signpost",
        "citizens-advice",
        "--date",
        "2026-07-06",
    ]);
    env.ok(&[
        "contact",
        &ben,
        "--mode",
        "video",
        "--minutes",
        "40",
        "--date",
        "2026-07-06",
    ]);
    env.ok(&[
        "measure",
        &ben,
        "--tool",
        "wemwbs",
        "--items",
        "3,2,3,2,3,3,2,3,2,3,2,3,3,2",
        "--date",
        "2026-07-06",
    ]);
    env.ok(&[
        "measure",
        &ben,
        "--tool",
        "wemwbs",
        "--items",
        "4,3,4,3,3,4,3,4,3,4,3,4,4,3",
        "--date",
        "2026-08-20",
    ]);
    env.ok(&["plan", &ben, "--goal-status", "1=met", "--date", "2026-08-20"]);
    env.ok(&[
        "close",
        &ben,
        "--outcome",
        "goals-met",
        "--note",
        "Started volunteering",
        "--date",
        "2026-08-21",
    ]);
    env.ok(&[
        "measure",
        &ben,
        "--tool",
        "wemwbs",
        "--items",
        "4,4,4,3,4,4,3,4,4,4,3,4,4,4",
        "--date",
        "2026-11-19",
    ]);
    // Closed, follow-up due soon.
    let cat = create(
        "Catherine Okafor",
        "1961-02-14",
        "practice-nurse",
        "2026-07-20",
        &["bereavement"],
    );
    env.ok(&["triage", &cat, "--accept", "--date", "2026-07-21"]);
    env.ok(&[
        "plan",
        &cat,
        "--what-matters",
        "Talking to someone",
        "--date",
        "2026-07-22",
    ]);
    env.ok(&[
        "contact",
        &cat,
        "--mode",
        "face-to-face",
        "--minutes",
        "50",
        "--date",
        "2026-07-22",
    ]);
    env.ok(&["close", &cat, "--outcome", "referred-on", "--date", "2026-08-24"]);
    // Declined by the person.
    let dee = create("Dee Novak", "1979-11-02", "pharmacy", "2026-11-03", &["food"]);
    env.ok(&[
        "triage",
        &dee,
        "--decline",
        "--reason",
        "person-declined",
        "--note",
        "Has family support and did not want more",
        "--date",
        "2026-11-04",
    ]);
    // New and untriaged, past the target.
    create(
        "Evan Mensah-Gallagher",
        "2001-05-05",
        "job-centre",
        "2026-11-12",
        &["employment-training", "benefits-debt", "housing"],
    );
    // Accepted, no plan yet.
    let fay = create(
        "Fay Link",
        "1944-09-09",
        "hospital-discharge",
        "2026-11-16",
        &["loneliness", "carer-support"],
    );
    env.ok(&[
        "triage",
        &fay,
        "--accept",
        "--priority",
        "urgent",
        "--date",
        "2026-11-17",
    ]);
    env
}

/// The commit, which moves with the code that made it, as `<commit>`.
fn redact(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match line.find("commit ") {
            Some(at) if line[at + 7..].len() >= 10 && line[at + 7..at + 17].chars().all(|c| c.is_ascii_hexdigit()) => {
                format!("{}commit <commit>{}", &line[..at], &line[at + 17..])
            }
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// No line wider than 80 columns, and no ID or date broken across lines:
/// wherever an ID (`SP-`) or a date (`2026-`) starts, the whole of it is on
/// that line, and no line starts with the rest of one.
fn fits(text: &str) {
    let digits = |s: &str, n: usize| s.len() >= n && s[..n].bytes().all(|b| b.is_ascii_digit());
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
        for (at, _) in line.match_indices("SP-") {
            let id = &line[at + 3..];
            let whole = digits(id, 4) && id[4..].starts_with('-') && digits(&id[5..], 4);
            assert!(whole, "split ID in {line}");
        }
        for year in ["2025-", "2026-", "2027-"] {
            for (at, _) in line.match_indices(year) {
                let rest = &line[at + 5..];
                let whole = digits(rest, 2)
                    && (rest[2..].starts_with('-') && digits(&rest[3..], 2) || !rest[2..].starts_with('-'));
                assert!(whole, "split date in {line}");
            }
        }
        let start: Vec<char> = line.trim_start_matches(['│', '┆', ' ']).chars().take(7).collect();
        let digit = |i: usize| start.get(i).is_some_and(char::is_ascii_digit);
        let rest_of_id = digit(0) && digit(1) && start.get(2) == Some(&'-') && (3..7).all(digit);
        let rest_of_date = start.first() == Some(&'-') && digit(1);
        assert!(
            !rest_of_id && !rest_of_date,
            "a line starts with the rest of an ID or date: {line}"
        );
    }
}

fn pinned(name: &str, text: &str) {
    fits(text);
    insta::assert_snapshot!(name, redact(text));
}

#[test]
fn tables_at_80_columns() {
    let env = casebook();
    pinned("caseload", &env.ok(&["caseload"]));
    pinned("list", &env.ok(&["list"]));
    pinned("agenda", &env.ok(&["agenda"]));
    pinned("report", &env.ok(&["report", "--period", "2026-11"]));
    pinned("suggest", &env.ok(&["suggest", "1"]));
}

#[test]
fn a_letter_for_each_case() {
    let env = casebook();
    pinned("letter-open", &env.ok(&["letter", "1"]));
    pinned(
        "letter-self-referral-followed-up",
        &env.ok(&["letter", "2", "--format", "text"]),
    );
    pinned("letter-closed", &env.ok(&["letter", "3"]));
    pinned("letter-declined", &env.ok(&["letter", "4"]));
    pinned("letter-new", &env.ok(&["letter", "5"]));
    // Followed up, referred by a professional.
    env.ok(&[
        "measure",
        "3",
        "--tool",
        "ucla3",
        "--items",
        "2,2,1",
        "--date",
        "2026-11-20",
    ]);
    pinned("letter-followed-up", &env.ok(&["letter", "3"]));
}

#[test]
fn help_at_80_columns() {
    let env = Env::bare();
    for command in ["create", "plan", "measure"] {
        let help = env.sprx_in(&env.home, &[command, "--help"]);
        let text = String::from_utf8(help.stdout).unwrap();
        pinned(&format!("help-{command}"), &text);
    }
}
