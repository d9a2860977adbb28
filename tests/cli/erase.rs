//! `sprx erase`: a person erased from every commit, with every aggregate
//! figure unchanged and nothing left in any object, log or reflog.

use crate::common::{Env, record_path, stderr};

/// The content of every object in the casebook's repository, reachable or
/// not.
fn every_object(env: &Env) -> String {
    let all = env
        .command_git(&["cat-file", "--batch-all-objects", "--batch"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&all.stdout).into_owned()
}

#[test]
fn an_erased_person_is_in_no_object_and_the_report_is_unchanged() {
    let env = Env::casebook();
    let id = env.create(
        "Margaret Secretname",
        "1950-04-12",
        &[
            "--received",
            "2026-10-01",
            "--nhs-number",
            "943 476 5919",
            "--phone",
            "07700 900999",
        ],
    );
    env.ok(&["triage", &id, "--accept", "--date", "2026-10-02"]);
    env.ok(&[
        "plan",
        &id,
        "--what-matters",
        "Talking about Frederick",
        "--goal",
        "Visit sister Josephine",
        "--date",
        "2026-10-03",
    ]);
    env.ok(&[
        "contact",
        &id,
        "--mode",
        "phone",
        "--minutes",
        "20",
        "--note",
        "Tearful about Frederick",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "ucla3",
        "--items",
        "3,3,3",
        "--date",
        "2026-10-05",
    ]);
    env.ok(&[
        "measure",
        &id,
        "--tool",
        "ucla3",
        "--items",
        "1,2,1",
        "--date",
        "2026-10-19",
    ]);
    env.ok(&["close", &id, "--outcome", "goals-met", "--date", "2026-10-20"]);
    let other = env.create("Other Person", "1960-01-01", &[]);
    env.ok(&["contact", &other, "--mode", "phone"]);
    let report = |env: &Env| env.ok(&["report", "--period", "2026-10", "--format", "csv"]);
    let before = report(&env);
    // Not without confirming.
    let out = env.sprx(&["erase", &id, "--reason", "asked to be forgotten"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    env.ok(&["erase", &id, "--reason", "asked to be forgotten", "--yes"]);
    assert_eq!(report(&env), before, "every figure unchanged");
    let private = [
        "Margaret",
        "Secretname",
        "9434765919",
        "900999",
        "Frederick",
        "Josephine",
        "Tearful",
    ];
    let objects = every_object(&env);
    assert!(objects.contains("(erased)"), "the objects were read");
    let log = env.git(&["log", "--all", "-p"]);
    let reflog = env.git(&["reflog", "--all"]);
    for word in private {
        assert!(!objects.contains(word), "{word} is in an object");
        assert!(!log.contains(word), "{word} is in git log -p");
        assert!(!reflog.contains(word), "{word} is in the reflog");
    }
    let fsck = env.command_git(&["fsck", "--full"]).output().unwrap();
    assert!(fsck.status.success(), "{}", String::from_utf8_lossy(&fsck.stderr));
    assert_eq!(env.ok(&["check"]), "");
    assert_eq!(env.status(), "");
    // The log names the erasure, without personal data; the other record
    // is untouched.
    let erasures = env.read("erasures.yaml");
    assert!(
        erasures.contains(&id) && erasures.contains("asked to be forgotten"),
        "{erasures}"
    );
    assert!(env.ok(&["show", &other]).contains("Other Person"));
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains("(erased)") && shown.contains("ucla3"), "{shown}");
    let err = env.fails(1, &["export", "person", &id]);
    assert!(err.contains(&format!("{id} was erased on 2026-11-21")), "{err}");
}

#[test]
fn check_finds_an_erased_person_whose_data_came_back() {
    let env = Env::casebook();
    let id = env.create("Nora Hidden", "1950-04-12", &[]);
    env.ok(&["erase", &id, "--reason", "test", "--yes"]);
    // Someone restores the record from a backup and commits it.
    let path = record_path(&id);
    env.write(&path, &env.read(&path).replace("(erased)", "Nora Hidden"));
    env.git(&["commit", "-qam", "restore"]);
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        report.contains(&format!("{id} was erased on")) && report.contains("still holds its personal data"),
        "{report}"
    );
}

#[test]
fn a_connection_named_like_an_id_is_never_reported_by_name_once_a_directory_is_kept() {
    let env = Env::casebook();
    env.ok(&["service", "add", "walking-for-health", "--name", "Walks"]);
    let id = env.active("Quinn Example");
    env.ok(&["plan", &id, "--connect", "eve-evans-daughter", "--free-text"]);
    let report = env.ok(&["report", "--period", "2026-11", "--format", "csv"]);
    assert!(!report.contains("eve-evans"), "{report}");
    assert!(report.contains(",connections_by_service,free-text,1"), "{report}");
}

#[test]
fn sync_never_merges_back_a_remote_that_still_holds_someone_erased() {
    let env = Env::casebook();
    let id = env.create("Rae Kept", "1950-04-12", &[]);
    // A copy of the casebook made before the erasure.
    let remote = env.home.join("remote.git");
    env.git(&[
        "clone",
        "-q",
        "--bare",
        env.root.to_str().unwrap(),
        remote.to_str().unwrap(),
    ]);
    env.ok(&["erase", &id, "--reason", "test", "--yes"]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    let tree = env.git(&["rev-parse", "HEAD^{tree}"]);
    let out = env.sprx(&["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("applying the erasure of {id}")),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.git(&["rev-parse", "HEAD^{tree}"]), tree, "nothing old merged in");
    assert!(!env.read(&record_path(&id)).contains("Rae Kept"));
    assert!(
        !every_object(&env).contains("Rae Kept"),
        "the fetched history was erased"
    );
    let remote_objects = objects_in(&env, &remote);
    assert!(remote_objects.contains("(erased)") && !remote_objects.contains("Rae Kept"));
}

/// Every object in the git directory `dir`, reachable or not.
fn objects_in(env: &Env, dir: &std::path::Path) -> String {
    let all = env
        .command_git(&[
            "--git-dir",
            dir.to_str().unwrap(),
            "cat-file",
            "--batch-all-objects",
            "--batch",
        ])
        .output()
        .unwrap();
    assert!(all.status.success());
    String::from_utf8_lossy(&all.stdout).into_owned()
}

/// Issue 17, acceptance 3: an erasure made in one clone reaches the remote
/// and every other clone through `sync` — including events the other clone
/// recorded on the erased referral before it heard of the erasure — and
/// afterwards no clone, nor the remote, holds an object with the data.
#[test]
fn an_erasure_in_one_clone_reaches_the_remote_and_the_other_clone() {
    let (a, b) = crate::sync::two_clones();
    let remote = a.home.join("remote.git");
    let id = a.create(
        "Zebedee Quillfeather",
        "1951-02-03",
        &["--nhs-number", "943 476 5919", "--received", "2026-10-01"],
    );
    a.ok(&["triage", &id, "--accept", "--date", "2026-10-02"]);
    a.ok(&[
        "contact",
        &id,
        "--mode",
        "phone",
        "--note",
        "Worried about Marmaduke",
        "--date",
        "2026-10-05",
    ]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    let report = |env: &Env| env.ok(&["report", "--period", "2026-10", "--format", "csv"]);
    // B records more about the person, and someone else, before it hears
    // of the erasure; it shares that first.
    b.ok(&[
        "contact",
        &id,
        "--mode",
        "home-visit",
        "--note",
        "Hollyhock allotment",
        "--date",
        "2026-10-09",
    ]);
    let other = b.create("Other Person", "1960-01-01", &[]);
    a.ok(&["erase", &id, "--reason", "asked to be forgotten", "--yes"]);
    b.ok(&["sync"]);
    let october = report(&b);
    // A's sync meets B's work on the old history: it is erased before it
    // is merged, and the remote's branch is replaced.
    let out = a.sprx(&["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = b.sprx(&["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("applying the erasure of {id}")),
        "{}",
        stderr(&out)
    );
    a.ok(&["sync"]);
    let private = ["Zebedee", "Quillfeather", "9434765919", "Marmaduke", "Hollyhock"];
    for (name, objects) in [
        ("clone A", every_object(&a)),
        ("clone B", every_object(&b)),
        ("the remote", objects_in(&a, &remote)),
    ] {
        assert!(objects.contains("(erased)"), "{name}: the objects were read");
        for word in private {
            assert!(!objects.contains(word), "{name} holds {word}");
        }
    }
    for env in [&a, &b] {
        let log = env.git(&["log", "--all", "-p"]) + &env.git(&["reflog", "--all"]);
        for word in private {
            assert!(!log.contains(word), "{word} in the log or reflog");
        }
        env.git(&["fsck", "--full", "--strict"]);
        assert_eq!(env.ok(&["check"]), "");
        assert_eq!(env.status(), "");
        assert!(env.ok(&["show", &other]).contains("Other Person"));
        // Both contacts are kept, without their notes.
        let shown = env.ok(&["show", &id]);
        assert!(
            shown.contains("(erased)") && shown.contains("phone") && shown.contains("home"),
            "{shown}"
        );
        assert_eq!(report(env), october, "October's figures unchanged");
    }
    assert_eq!(
        a.git(&["rev-parse", "HEAD"]),
        b.git(&["rev-parse", "HEAD"]),
        "one history again"
    );
    assert!(b.read("erasures.yaml").contains(&id));
}

/// An editor runs `git status` over and over beside the erasures: each one
/// still finishes whole, with the index and files brought up to date and no
/// old version kept alive by a stale index written back.
#[test]
fn erasures_beside_a_git_status_loop_leave_nothing_behind() {
    let env = Env::casebook();
    let ids: Vec<String> = (0..8)
        .map(|n| env.create(&format!("Loopy Person{n}"), "1950-04-12", &[]))
        .collect();
    let (outs, runs) = env.beside_a_git_status_loop(|| {
        ids.iter()
            .map(|id| env.sprx(&["erase", id, "--reason", "test", "--yes"]))
            .collect::<Vec<_>>()
    });
    assert!(runs > 5, "git status ran alongside");
    for (id, out) in ids.iter().zip(outs) {
        assert!(out.status.success(), "{id}: {}", stderr(&out));
    }
    assert_eq!(env.status(), "");
    assert_eq!(env.ok(&["check"]), "");
    assert!(!every_object(&env).contains("Loopy"), "an old version survived");
}

#[test]
fn erasure_reaches_the_versions_kept_before_migrate_moved_the_record() {
    // A casebook sprx wrote before folders of a hundred, then migrated:
    // the record's early versions are at its former path.
    let env = Env::with_files_of(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/casebook-v1"));
    env.ok(&["migrate"]);
    let id = "SP-2026-0001";
    assert!(env.git(&["log", "--all", "-p"]).contains("Ada Example"));
    // sprx's derived files know her too: who each referral is about, the
    // summaries, the history index.
    env.create("Someone Else", "1970-01-01", &[]);
    env.ok(&["list"]);
    env.ok(&["history", id]);
    let derived = |env: &Env| {
        let mut text = String::new();
        let mut folders = vec![env.root.join(".git/sprx")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).unwrap().flatten() {
                match entry.path().is_dir() {
                    true => folders.push(entry.path()),
                    false => text.push_str(&String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap())),
                }
            }
        }
        text.to_lowercase()
    };
    assert!(derived(&env).contains("ada example"));
    env.ok(&["erase", id, "--reason", "asked to be forgotten", "--yes"]);
    assert!(!derived(&env).contains("ada example"), "her name is in .git/sprx");
    let objects = every_object(&env);
    assert!(!objects.contains("Ada Example"), "the name is in an object");
    assert!(!objects.contains("9434765919"), "the NHS number is in an object");
    assert_eq!(env.ok(&["check"]), "");
    assert_eq!(env.status(), "");
    // Its history still runs through the move, anonymised.
    let history = env.ok(&["history", id, "--format", "csv"]);
    assert!(history.lines().count() > 2, "{history}");
}

/// Erasing a referral that sync once renumbered erases only its own
/// versions under the ID it had before: the other clone's referral that
/// kept that ID is untouched (it used to be anonymised in every commit).
#[test]
fn erasing_a_renumbered_referral_leaves_the_one_that_kept_its_old_id() {
    let (a, b) = crate::sync::two_clones();
    let kept = a.create("Keeper Person", "1950-01-01", &[]);
    let moved = b.create("Mover Person", "1960-01-01", &[]);
    assert_eq!(kept, moved, "the same ID on both sides");
    a.ok(&["sync"]);
    let out = b.sprx(&["sync"]);
    assert!(stderr(&out).contains("yours is now SP-2026-0002"), "{}", stderr(&out));
    b.ok(&["erase", "SP-2026-0002", "--reason", "asked", "--yes"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    for env in [&a, &b] {
        assert!(
            env.ok(&["show", &kept]).contains("Keeper Person"),
            "the other person is untouched"
        );
        let objects = every_object(env);
        assert!(!objects.contains("Mover"), "the erased person is gone");
        assert!(objects.contains("Keeper Person"));
        assert_eq!(env.ok(&["check"]), "");
    }
}

/// What sync is about to push is checked too: history merged in with plain
/// git that still holds someone erased is erased before it is pushed.
#[test]
fn sync_never_pushes_history_merged_in_with_plain_git() {
    let (a, b) = crate::sync::two_clones();
    let remote = a.home.join("remote.git");
    let id = a.create("Pushed Secretly", "1950-01-01", &[]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["erase", &id, "--reason", "asked", "--yes"]);
    a.ok(&["sync"]);
    // B takes the rewritten history with plain git, keeping its own tree.
    b.git(&["fetch", "-q", "origin"]);
    b.git(&["merge", "-q", "-s", "ours", "--no-edit", "@{upstream}"]);
    b.git(&["checkout", "@{upstream}", "--", "erasures.yaml"]);
    b.git(&["commit", "-qm", "take the erasure log"]);
    b.ok(&["sync"]);
    for (name, objects) in [("the remote", objects_in(&a, &remote)), ("clone B", every_object(&b))] {
        assert!(!objects.contains("Pushed Secretly"), "{name} holds the erased person");
    }
}

/// A rewritten branch other than the casebook's own is replaced on the
/// remote too, in the same push; afterwards the remote holds no object
/// with the data.
#[test]
fn every_branch_of_the_remote_holding_the_data_is_replaced() {
    let (a, _b) = crate::sync::two_clones();
    let remote = a.home.join("remote.git");
    let id = a.create("Backed Up", "1950-01-01", &[]);
    a.ok(&["sync"]);
    a.git(&["push", "-q", "origin", "HEAD:refs/heads/backup"]);
    a.ok(&["erase", &id, "--reason", "asked", "--yes"]);
    let out = a.sprx(&["sync"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let objects = objects_in(&a, &remote);
    assert!(
        objects.contains("(erased)") && !objects.contains("Backed Up"),
        "the backup branch was replaced"
    );
}

/// A remote that refuses to have its history replaced is named as the
/// reason, not "someone may have pushed meanwhile".
#[test]
fn a_remote_that_refuses_rewrites_is_named() {
    let (a, _b) = crate::sync::two_clones();
    let remote = a.home.join("remote.git");
    let id = a.create("Refused Rewrite", "1950-01-01", &[]);
    a.ok(&["sync"]);
    a.git_in(&remote, &["config", "receive.denyNonFastForwards", "true"]);
    a.ok(&["erase", &id, "--reason", "asked", "--yes"]);
    let err = a.fails(1, &["sync"]);
    assert!(err.contains("refuses to have a branch's history replaced"), "{err}");
}

/// A log the remote holds that this sprx cannot read stops sync before
/// anything is merged (it used to count as no erasures).
#[test]
fn an_unreadable_erasure_log_from_the_remote_stops_sync() {
    let (a, b) = crate::sync::two_clones();
    let id = a.create("Logged Person", "1950-01-01", &[]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    b.write(
        "erasures.yaml",
        &format!("- id: {id}\n  date: 2026-11-21\n  reason: x\n  erased_by: a newer sprx\n"),
    );
    b.git(&["add", "erasures.yaml"]);
    b.git(&["commit", "-qm", "log"]);
    b.git(&["push", "-q", "origin", "HEAD"]);
    let before = a.git(&["rev-parse", "HEAD"]);
    let err = a.fails(1, &["sync"]);
    assert!(
        err.contains("erasures.yaml at commit") && err.contains("cannot be read"),
        "{err}"
    );
    assert_eq!(a.git(&["rev-parse", "HEAD"]), before, "nothing merged");
}

/// Erasing expires the reference logs, which hold stashes: with a stash
/// kept it refuses, naming it.
#[test]
fn erasure_refuses_while_changes_are_stashed() {
    let env = Env::casebook();
    let id = env.create("Stash Keeper", "1950-01-01", &[]);
    env.write("notes.txt", "kept aside\n");
    env.git(&["add", "notes.txt"]);
    env.git(&["stash", "-q"]);
    let err = env.fails(1, &["erase", &id, "--reason", "asked", "--yes"]);
    assert!(err.contains("stashed changes") && err.contains("git stash"), "{err}");
    assert_eq!(env.git(&["stash", "list"]).lines().count(), 1);
}

/// A sync that erased data from this copy's own history (events recorded
/// here, before the erasure made elsewhere arrived) and then met a real
/// conflict says so, not that the casebook is as it was.
#[test]
fn a_conflict_after_erasing_here_says_the_history_was_rewritten() {
    let (a, b) = crate::sync::two_clones();
    let erased = a.active("Persephone Gale");
    let shared = a.active("Cal Example");
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    // B records on both before it hears of the erasure.
    b.ok(&[
        "contact",
        &erased,
        "--mode",
        "phone",
        "--note",
        "Asked about Quince Lane",
    ]);
    b.ok(&["contact", &shared, "--mode", "video", "--minutes", "20"]);
    a.ok(&["erase", &erased, "--reason", "asked to be forgotten", "--yes"]);
    a.ok(&["contact", &shared, "--mode", "phone", "--minutes", "10"]);
    a.ok(&["sync"]);
    let out = b.sprx(&["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains(&format!("applying the erasure of {erased}")), "{err}");
    assert!(err.contains("changed both here and in origin/"), "{err}");
    assert!(
        err.contains("history was rewritten to apply the erasure") && !err.contains("as it was before sync"),
        "{err}"
    );
    assert!(!b.git(&["log", "--all", "-p"]).contains("Quince Lane"), "erased here");
    assert_eq!(b.status(), "", "the merge was undone");
}
