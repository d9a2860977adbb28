//! `sprx edit`: a valid edit is one commit; an invalid one changes nothing
//! and keeps the edited text where the message says (issue 4).

use crate::common::{Env, record_path, stderr};

fn edit(env: &Env, editor: &str, args: &[&str]) -> std::process::Output {
    env.cmd()
        .env("EDITOR", editor)
        .env_remove("VISUAL")
        .arg("edit")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_valid_edit_is_one_commit() {
    let env = Env::casebook();
    let id = env.active("Ann Example");
    let before = env.commit_count();
    let out = edit(&env, "sed -i -e 's/Feeling less alone/Feeling connected/'", &[&id]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("edit {id}: edited by hand")));
    assert_eq!(env.commit_count(), before + 1);
    assert_eq!(env.status(), "");
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        format!("edit {id}: edited by hand")
    );
    assert!(env.read(&record_path(&id)).contains("what_matters: Feeling connected"));
    let kept = std::fs::read_dir(env.root.join(".git/sprx/edits")).unwrap().count();
    assert_eq!(kept, 0, "nothing kept after a successful edit");
}

#[test]
fn no_change_makes_no_commit() {
    let env = Env::casebook();
    let id = env.active("Bo Example");
    let before = env.snapshot();
    let out = edit(&env, "true", &[&id]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("no change"));
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_invalid_edit_is_refused_kept_and_can_be_resumed() {
    let env = Env::casebook();
    let id = env.active("Cy Example");
    let before = env.snapshot();
    // A contact dated before the referral was received, in its episode.
    let out = edit(
        &env,
        "printf '  contacts:\\n  - date: 2020-01-01\\n    mode: phone\\n' >>",
        &[&id],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: the edit was not committed:"), "{err}");
    assert!(
        err.contains(":24:5: episodes[0].contacts[0].date: 2020-01-01 is before the referral was received"),
        "{err}"
    );
    assert_eq!(env.snapshot(), before, "nothing in the casebook changed");
    let kept = err
        .lines()
        .find_map(|l| l.strip_prefix("hint: your text is kept in "))
        .unwrap();
    let kept = kept.split(';').next().unwrap().to_string();
    assert!(kept.starts_with(".git/sprx/edits/SP-2026-0001."), "{kept}");
    assert!(env.read(&kept).contains("2020-01-01"), "the edited text is kept");
    // Pick it up again and fix the date.
    let out = edit(&env, "sed -i -e 's/2020-01-01/2026-11-20/'", &[&id, "--from", &kept]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    assert_eq!(json["episodes"][0]["contacts"][0]["date"], "2026-11-20");
    assert_eq!(env.status(), "");
}

#[test]
fn edits_that_cannot_be_committed_as_they_are() {
    let env = Env::casebook();
    let id = env.active("Di Example");
    let before = env.snapshot();
    let cases = [
        (
            "sed -i -e 's/status: active/status: active # checked/'",
            "comments would be lost",
        ),
        (
            "sed -i -e 's/^id: SP-2026-0001/id: SP-2026-0009/'",
            "the id cannot be changed (was SP-2026-0001)",
        ),
        (
            "sed -i -e 's/^status: active/status: active\\nmood: fine/'",
            "unknown field `mood`",
        ),
        ("sed -i -e 's/needs:/needs: [/'", "did not find expected"),
        ("false", "the editor `false` failed"),
    ];
    for (editor, why) in cases {
        let out = edit(&env, editor, &[&id]);
        assert_eq!(out.status.code(), Some(1), "{editor}");
        assert!(stderr(&out).contains(why), "{editor}: {}", stderr(&out));
        assert_eq!(env.snapshot(), before, "{editor}");
    }
}

#[test]
fn a_record_with_uncommitted_changes_is_not_opened() {
    let env = Env::casebook();
    let id = env.active("Ed Example");
    let path = record_path(&id);
    env.write(&path, &(env.read(&path) + "extra:\n  x: 1\n"));
    let out = edit(&env, "touch /tmp/sprx-editor-should-not-run", &[&id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("it has uncommitted changes"));
}
