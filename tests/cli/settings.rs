//! Settings come from the commit a command reads: an as-of caseload uses
//! the policy of its day, and a `sprx.toml` edited but not committed
//! changes nothing until it is (issue 8).

use crate::common::Env;

/// Commit the working `sprx.toml` with git, dated `date` (both author and
/// committer time, which `--as-of` goes by).
fn commit_settings_on(env: &Env, date: &str) {
    let out = env
        .command_git(&["commit", "-qm", "policy", "--", "sprx.toml"])
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The flags caseload gives the one open referral.
fn flags(env: &Env, args: &[&str]) -> String {
    let csv = env.ok(&[&["caseload", "--format", "csv"], args].concat());
    csv.lines()
        .nth(1)
        .expect("one open referral")
        .rsplit(',')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn caseload_as_of_a_day_before_a_policy_change_uses_the_old_policy() {
    let env = Env::casebook().at("2026-11-20T10:00:00Z");
    env.create("Alf Waiting", "1970-01-01", &["--received", "2026-11-10"]);
    // Ten days untriaged, against a target of five.
    assert!(flags(&env, &[]).contains("untriaged"));
    let relaxed = env
        .read("sprx.toml")
        .replace("triage_target_days = 5", "triage_target_days = 30");
    env.write("sprx.toml", &relaxed);
    commit_settings_on(&env, "2026-11-25T09:00:00+00:00");
    let env = env.at("2026-11-26T10:00:00Z");
    assert!(!flags(&env, &[]).contains("untriaged"), "today, the new policy");
    assert!(
        flags(&env, &["--as-of", "2026-11-21"]).contains("untriaged"),
        "as of a day before the change, the old policy"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.ok(&["caseload", "--format", "json", "--as-of", "2026-11-21"])).unwrap();
    let before = env.git(&["rev-parse", "HEAD~1"]);
    assert_eq!(
        json["commit"],
        before.trim(),
        "the commit the figures and policy came from"
    );
}

#[test]
fn an_uncommitted_settings_edit_changes_nothing_until_committed() {
    let env = Env::casebook();
    let id = env.create("Jo Young", "2009-06-01", &["--received", "2026-11-02"]);
    let younger = env.read("sprx.toml").replace("min_age = 18", "min_age = 16");
    env.write("sprx.toml", &younger);
    // The committed policy (18) still holds for writes and reads.
    let err = env.fails(1, &["triage", &id, "--accept"]);
    assert!(err.contains("the minimum age is 18"), "{err}");
    let report = env.ok(&["report", "--period", "2026-11", "--format", "json"]);
    let committed = env.git(&["rev-parse", "HEAD"]);
    assert!(report.contains(committed.trim()));
    // check says the edit is not committed yet.
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "sprx.toml:1:1: warning: has changes that are not committed; sprx uses the committed settings until you commit them (git commit sprx.toml)\n"
    );
    env.git(&["commit", "-qm", "younger", "--", "sprx.toml"]);
    env.ok(&["triage", &id, "--accept"]);
    assert_eq!(env.ok(&["check"]), "");
}
