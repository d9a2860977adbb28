//! The derived cache in `.git/sprx/summaries`: reports are the same with it,
//! without it, with it damaged, after edits and after history is rewritten;
//! it is never committed and holds no free text (issue 5).

use crate::common::Env;

const CACHE: &str = ".git/sprx/summaries";

fn build() -> Env {
    let env = Env::casebook();
    for i in 0..6 {
        let id = env.create(
            &format!("Person {i}"),
            "1960-01-01",
            &[
                "--received",
                "2026-11-01",
                "--phone",
                "07700 900999",
                "--notes",
                "Private note",
            ],
        );
        if i % 2 == 0 {
            env.ok(&["triage", &id, "--accept", "--date", "2026-11-02"]);
            env.ok(&[
                "plan",
                &id,
                "--what-matters",
                "Secret wishes",
                "--connect",
                "walking-for-health",
                "--date",
                "2026-11-03",
            ]);
            env.ok(&[
                "contact",
                &id,
                "--mode",
                "phone",
                "--minutes",
                "15",
                "--note",
                "Very private",
                "--date",
                "2026-11-04",
            ]);
            env.ok(&[
                "measure",
                &id,
                "--tool",
                "swemwbs",
                "--items",
                "3,3,3,3,3,3,3",
                "--date",
                "2026-11-04",
            ]);
        }
    }
    env
}

fn outputs(env: &Env) -> Vec<String> {
    vec![
        env.ok(&["report", "--period", "2026-11", "--format", "csv"]),
        env.ok(&["caseload", "--format", "csv"]),
        env.ok(&["list", "--format", "json"]),
    ]
}

#[test]
fn the_same_figures_with_without_and_with_a_damaged_cache() {
    let env = build();
    let _ = std::fs::remove_file(env.root.join(CACHE));
    let cold = outputs(&env);
    assert!(env.root.join(CACHE).is_file(), "the first read builds the cache");
    let warm = outputs(&env);
    assert_eq!(warm, cold);
    std::fs::write(env.root.join(CACHE), "garbage\n").unwrap();
    assert_eq!(outputs(&env), cold, "a damaged cache is rebuilt");
    let text = std::fs::read_to_string(env.root.join(CACHE)).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("sprx summaries v"));
    assert_eq!(lines.count(), 6, "one entry per record");
    // A line damaged in place (a valid header, a bad entry): that record is parsed again.
    let damaged = text.replacen("\"status\"", "\"stat", 1);
    std::fs::write(env.root.join(CACHE), damaged).unwrap();
    assert_eq!(outputs(&env), cold);
    // One thread or several, the same answer, and the same cache.
    for threads in ["1", "3", "8"] {
        let _ = std::fs::remove_file(env.root.join(CACHE));
        let report = env
            .cmd()
            .env("SPRX_THREADS", threads)
            .args(["report", "--period", "2026-11", "--format", "csv"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(report.stdout).unwrap(), cold[0], "{threads} threads");
        assert_eq!(sorted_lines(&env), sorted(&text), "{threads} threads");
    }
    // Packed by git (records then come straight from the pack), the same
    // figures from a cold read, and the same cache.
    env.git(&["gc", "-q", "--aggressive"]);
    let _ = std::fs::remove_file(env.root.join(CACHE));
    assert_eq!(outputs(&env), cold, "read from the pack");
    assert_eq!(sorted_lines(&env), sorted(&text), "read from the pack");
}

/// The lines of `text`, sorted.
fn sorted(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines.sort();
    lines
}

/// The cache's lines, sorted (threads append them in no set order).
fn sorted_lines(env: &Env) -> Vec<String> {
    sorted(&std::fs::read_to_string(env.root.join(CACHE)).unwrap())
}

#[test]
fn edits_and_rewritten_history_are_never_read_stale() {
    let env = build();
    let before = outputs(&env);
    env.ok(&["contact", "SP-2026-0001", "--mode", "video", "--minutes", "45"]);
    let after_contact = outputs(&env);
    assert_ne!(after_contact[0], before[0]);
    assert!(
        after_contact[0].contains("contact_minutes,all,90"),
        "{}",
        after_contact[0]
    );
    // A hand edit committed with git.
    let path = env.root.join("referrals/2026/00/SP-2026-0002.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("source: gp", "source: pharmacy");
    std::fs::write(&path, text).unwrap();
    env.git(&["commit", "-qam", "hand edit"]);
    assert!(outputs(&env)[0].contains("referrals_received_by_source,pharmacy,1"));
    // History rewritten: back two commits, as if the edits never happened.
    env.git(&["reset", "-q", "--hard", "HEAD~2"]);
    assert_eq!(outputs(&env), before);
    // And a different commit on top.
    env.ok(&["close", "SP-2026-0001", "--outcome", "goals-met"]);
    let fresh = outputs(&env);
    let _ = std::fs::remove_file(env.root.join(CACHE));
    assert_eq!(outputs(&env), fresh, "what the cache gave equals a cold read");
}

#[test]
fn the_cache_is_private_uncommitted_and_holds_no_free_text() {
    let env = build();
    outputs(&env);
    assert_eq!(env.status(), "");
    assert!(!env.git(&["ls-files"]).contains("summaries"));
    let text = std::fs::read_to_string(env.root.join(CACHE)).unwrap();
    for private in ["07700", "Private note", "Secret wishes", "Very private"] {
        assert!(!text.contains(private), "{private} is in the cache");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.root.join(CACHE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A cache written by another version is thrown away, not trusted.
    let body = text.split_once('\n').unwrap().1;
    let old = format!("sprx summaries v0 0.0.0\n{}", body.replace("\"gp\"", "\"self\""));
    std::fs::write(env.root.join(CACHE), old).unwrap();
    assert!(
        env.ok(&["report", "--period", "2026-11", "--format", "csv"])
            .contains("referrals_received_by_source,gp,6")
    );
}

/// Every file under `dir`, with its bytes.
fn files_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

/// Whatever byte of whatever file sprx keeps under `.git/sprx/` is changed,
/// `report`, `caseload` and `list` give the same figures: every file there
/// is checked before it is trusted (issue 8).
#[test]
fn no_single_changed_byte_under_git_sprx_changes_a_figure() {
    let env = build();
    let expected = outputs(&env);
    // An edit refused and kept, and an interrupted write's journal.
    let out = env
        .cmd()
        .env("EDITOR", "sed -i -e 's/status: new/status: nonsense/'")
        .args(["edit", "SP-2026-0002"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = env
        .cmd()
        .env("SPRX_FAILPOINT", "after-journal")
        .args(["contact", "SP-2026-0001", "--mode", "phone", "--minutes", "99"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(86));
    let kept = files_under(&env.root.join(".git/sprx"));
    let names: Vec<String> = kept
        .iter()
        .map(|(p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"summaries".to_string()) && names.contains(&"journal".to_string()),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.starts_with("SP-2026-0002.")), "{names:?}");
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut checked = 0;
    for (path, bytes) in &kept {
        // A lock file (housekeeping.lock) holds no bytes to change.
        if bytes.is_empty() {
            continue;
        }
        // Every byte of small files; for the cache, its first and last
        // lines whole and a hundred places between.
        let mut places: Vec<usize> = (0..bytes.len().min(400)).collect();
        places.extend(bytes.len().saturating_sub(400)..bytes.len());
        for _ in 0..100 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            places.push((seed % bytes.len().max(1) as u64) as usize);
        }
        places.sort();
        places.dedup();
        for at in places.into_iter().step_by(3) {
            let mut damaged = bytes.clone();
            damaged[at] ^= [0x01, 0x20, 0x10][at % 3];
            std::fs::write(path, &damaged).unwrap();
            assert_eq!(outputs(&env), expected, "{} byte {at}", path.display());
            // Put everything back as it was for the next change.
            let _ = std::fs::remove_dir_all(env.root.join(".git/sprx"));
            for (p, b) in &kept {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, b).unwrap();
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}

/// When most of the cache's lines name blobs the casebook no longer holds,
/// it is rewritten with every live record kept, not only the ones just
/// parsed: the next read parses nothing again.
#[test]
fn a_rewritten_cache_keeps_every_live_record() {
    let env = Env::casebook();
    let worked = env.active("Wren Example");
    for i in 0..9 {
        env.create(&format!("Person {i}"), "1960-01-01", &["--received", "2026-11-01"]);
    }
    let lines = || std::fs::read_to_string(env.root.join(CACHE)).unwrap().lines().count();
    env.ok(&["list", "--format", "csv"]);
    let live = lines() - 1;
    assert_eq!(live, 10, "a line for each referral, after the header");
    let mut rewritten = false;
    for minutes in 1..=90 {
        env.ok(&["contact", &worked, "--mode", "phone", "--minutes", &minutes.to_string()]);
        let before = lines();
        env.ok(&["list", "--format", "csv"]);
        let after = lines();
        if after < before {
            assert_eq!(after, 1 + live, "rewritten after {minutes} contacts");
            rewritten = true;
            let kept = std::fs::read(env.root.join(CACHE)).unwrap();
            env.ok(&["list", "--format", "csv"]);
            assert_eq!(
                std::fs::read(env.root.join(CACHE)).unwrap(),
                kept,
                "nothing parsed again"
            );
            break;
        }
    }
    assert!(rewritten, "the cache was never rewritten");
}
