//! The git repository under a casebook: made the owner's alone, and the
//! states sprx cannot write safely refused before anything is written, each
//! with the command that leaves it — never library text (issue 8).

use std::os::unix::fs::PermissionsExt;

use crate::common::{Env, record_path, stderr};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_makes_the_repository_the_owners_alone() {
    let env = Env::casebook();
    assert_eq!(mode(&env.root.join(".git")), 0o700);
    assert_eq!(env.git(&["config", "core.sharedRepository"]).trim(), "0600");
    assert_eq!(env.git(&["config", "index.skipHash"]).trim(), "true");
    // Objects git itself writes are then its owner's alone too.
    env.write("notes.md", "team notes\n");
    env.git(&["add", "notes.md"]);
    env.git(&["commit", "-qm", "notes"]);
    let blob = env.git(&["rev-parse", "HEAD:notes.md"]);
    let object = env
        .root
        .join(".git/objects")
        .join(&blob[..2])
        .join(blob.trim().get(2..).unwrap());
    assert_eq!(mode(&object) & 0o077, 0, "mode {:o}", mode(&object));
}

#[test]
fn objects_sprx_writes_are_the_owners_alone_as_gits_own_are() {
    let env = Env::casebook();
    env.active("Ann Example");
    let pack = env.root.join(".git/objects/pack");
    assert_eq!(mode(&pack), 0o700);
    let mut seen = 0;
    for file in std::fs::read_dir(&pack).unwrap() {
        let file = file.unwrap().path();
        // Read-only and the owner's, as git leaves its packs here.
        assert_eq!(mode(&file), 0o400, "{}", file.display());
        seen += 1;
    }
    // Packs and their indexes (the writes' small packs joined), and no
    // `.keep` left behind.
    assert!(seen >= 2 && seen % 2 == 0, "sprx wrote packs: {seen}");
    let loose = env.git(&["count-objects"]);
    assert!(loose.starts_with("0 objects"), "{loose}");
}

#[test]
fn writes_warn_and_check_names_what_others_can_read() {
    let env = Env::casebook();
    let id = env.active("Ann Example");
    std::fs::set_permissions(env.root.join(".git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = env.sprx(&["contact", &id, "--mode", "phone"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("warning: the repository (.git, holding every version of every record) can be read by others (mode 755); chmod 700 .git"),
        "{}",
        stderr(&out)
    );
    let path = record_path(&id);
    // sprx makes its folders the owner's alone; a checkout by git, under a
    // common umask, makes them and the files readable by all.
    for open in ["referrals", "referrals/2026", "referrals/2026/00"] {
        assert_eq!(mode(&env.root.join(open)), 0o700, "{open}");
        std::fs::set_permissions(env.root.join(open), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(env.root.join(&path), std::fs::Permissions::from_mode(0o644)).unwrap();
    // A write to it says so, and leaves it the owner's alone.
    std::fs::set_permissions(env.root.join(".git"), std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = env.sprx(&["contact", &id, "--mode", "video"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("warning: {path} could be read by others (mode 644)")),
        "{}",
        stderr(&out)
    );
    assert_eq!(mode(&env.root.join(&path)), 0o600);
    std::fs::set_permissions(env.root.join(".git"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(env.root.join(&path), std::fs::Permissions::from_mode(0o644)).unwrap();
    let report = env.ok(&["check"]);
    assert!(report.contains(".git:1:1: warning: the repository"), "{report}");
    assert!(report.contains("chmod 700 .git"), "{report}");
    assert!(
        report.contains(&format!(
            "{path}:1:1: warning: can be read by others (mode 644); chmod 600 {path}"
        )),
        "{report}"
    );
    // A casebook folder of the owner's alone protects everything in it.
    std::fs::set_permissions(&env.root, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(env.ok(&["check"]), "");
}

/// The commands in `all` refuse, with `why` and then `hint`, and nothing
/// changes.
fn refused(env: &Env, all: &[&[&str]], why: &str, hint: &str) {
    let before = env.snapshot();
    let config = std::fs::read(env.root.join(".git/config")).unwrap();
    for args in all {
        let err = env.fails(1, args);
        assert!(err.contains(why), "{args:?}: {err}");
        assert!(err.contains(&format!("hint: {hint}")), "{args:?}: {err}");
        assert!(!err.contains("class="), "library text: {err}");
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(std::fs::read(env.root.join(".git/config")).unwrap(), config);
}

#[test]
fn a_split_index_is_refused_with_how_to_leave_it() {
    let env = Env::casebook();
    let id = env.active("Ann Example");
    // git cannot split an index it writes without a checksum.
    env.git(&["config", "index.skipHash", "false"]);
    env.git(&["update-index", "--split-index"]);
    // Reads go on: they read commits.
    env.ok(&["list"]);
    refused(
        &env,
        &[
            &["contact", &id, "--mode", "phone"],
            &[
                "create",
                "--name",
                "B",
                "--dob",
                "1970-01-01",
                "--source",
                "gp",
                "--need",
                "food",
            ],
        ],
        "git's index is split in two (core.splitIndex)",
        "turn it off with: git config core.splitIndex false && git update-index --no-split-index",
    );
    env.git(&["config", "core.splitIndex", "true"]);
    refused(
        &env,
        &[&["contact", &id, "--mode", "phone"]],
        "split in two",
        "turn it off",
    );
    env.git(&["config", "core.splitIndex", "false"]);
    env.git(&["update-index", "--no-split-index"]);
    env.ok(&["contact", &id, "--mode", "phone"]);
    assert_eq!(env.status(), "");
}

#[test]
fn a_sparse_checkout_is_refused_with_how_to_leave_it() {
    let env = Env::casebook();
    let id = env.active("Ann Example");
    env.git(&["sparse-checkout", "set", "--no-cone", "/sprx.toml", "/referrals/"]);
    refused(
        &env,
        &[&["contact", &id, "--mode", "phone"], &["list"], &["check"]],
        "the casebook is a sparse checkout",
        "leave it with: git sparse-checkout disable",
    );
    env.git(&["sparse-checkout", "disable"]);
    env.ok(&["contact", &id, "--mode", "phone"]);
}

#[test]
fn a_sha256_repository_is_refused_and_left_untouched() {
    let env = Env::bare();
    std::fs::create_dir_all(&env.root).unwrap();
    env.git(&["init", "-q", "--object-format=sha256"]);
    let config = std::fs::read(env.root.join(".git/config")).unwrap();
    let err = env.fails(1, &["init", "."]);
    assert!(err.contains("names its objects with SHA-256"), "{err}");
    assert!(
        err.contains("hint: keep the casebook in a repository made with git's default object format"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(env.root.join(".git/config")).unwrap(),
        config,
        ".git/config untouched"
    );
    assert!(!env.root.join("sprx.toml").exists());
    // A casebook moved into one is refused as well.
    env.write("sprx.toml", "");
    let err = env.fails(1, &["list"]);
    assert!(err.contains("names its objects with SHA-256"), "{err}");
}

#[test]
fn a_stale_branch_lock_is_named_and_nothing_is_recorded() {
    let branch = Env::casebook().git(&["symbolic-ref", "HEAD"]);
    // The branch's own lock, and HEAD's (git takes both for a commit).
    for name in [branch.trim(), "HEAD"] {
        a_stale_lock_is_named_and_nothing_is_recorded(name);
    }
}

fn a_stale_lock_is_named_and_nothing_is_recorded(name: &str) {
    let env = Env::casebook();
    let id = env.active("Ann Example");
    let lock = env.root.join(".git").join(format!("{name}.lock"));
    std::fs::write(&lock, "").unwrap();
    let head = env.git(&["rev-parse", "HEAD"]);
    let before = env.snapshot();
    let err = env.fails(1, &["contact", &id, "--mode", "phone"]);
    assert!(
        err.contains(&format!("the branch is locked ({})", lock.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "hint: nothing was recorded; if no git command is running, a killed one left the lock behind and it is safe to delete {}",
            lock.display()
        )),
        "{err}"
    );
    assert_eq!(env.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.status(), "");
    std::fs::remove_file(&lock).unwrap();
    env.ok(&["contact", &id, "--mode", "phone"]);
    assert_eq!(env.status(), "");
}

#[test]
fn duplicated_ids_in_a_service_import_are_named_and_nothing_is_committed() {
    let env = Env::casebook();
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/oruk-services.json"
    ))
    .unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&fixture).unwrap();
    let contents = doc["contents"].as_array_mut().unwrap();
    let copy = contents[0].clone();
    contents.push(copy);
    env.write("../feed.json", &doc.to_string());
    let before = env.commit_count();
    let err = env.fails(1, &["service", "import", "../feed.json"]);
    let id = doc["contents"][0]["id"].as_str().unwrap();
    assert!(
        err.contains(&format!("the import names a service id more than once: {id}")),
        "{err}"
    );
    assert!(err.contains("hint: nothing was committed"), "{err}");
    assert!(!err.contains("class="), "{err}");
    assert_eq!(env.commit_count(), before);
    assert_eq!(env.status(), "");
}

/// A figure `git count-objects -v` gives for the casebook.
fn counted(env: &Env, name: &str) -> usize {
    let counted = env.git(&["count-objects", "-v"]);
    let line = counted.lines().find(|l| l.starts_with(&format!("{name}: "))).unwrap();
    line[name.len() + 2..].parse().unwrap()
}

/// Wait (up to a minute) for git's background maintenance to leave the
/// casebook in a state `done` accepts, and for it to finish.
fn wait_for_maintenance(env: &Env, done: impl Fn() -> bool) -> bool {
    let busy = || {
        env.root.join(".git/gc.pid").exists()
            || std::fs::read_dir(env.root.join(".git/objects/pack"))
                .unwrap()
                .any(|e| e.unwrap().file_name().to_string_lossy().contains("tmp"))
    };
    for _ in 0..600 {
        if done() && !busy() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    false
}

/// Each write adds one pack; sprx joins the small ones, and starts git to
/// write the commit-graph and collect garbage once git would, in the
/// background.
#[test]
fn git_maintenance_runs_in_the_background_once_git_would_run_it() {
    use std::io::Write;
    let env = Env::casebook();
    // Turned off by git's own setting: the packs stay as written.
    env.git(&["config", "maintenance.auto", "false"]);
    let id = env.active("Ivy Example");
    assert_eq!(counted(&env, "count"), 0, "sprx wrote loose objects");
    let packs = counted(&env, "packs");
    for minutes in 1..=5 {
        env.ok(&["contact", &id, "--mode", "phone", "--minutes", &minutes.to_string()]);
    }
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(counted(&env, "packs"), packs + 5, "maintenance ran although turned off");
    // On: after the next write, sprx joins the small packs.
    env.git(&["config", "--unset", "maintenance.auto"]);
    env.ok(&["contact", &id, "--mode", "video"]);
    assert!(
        wait_for_maintenance(&env, || counted(&env, "packs") < 4),
        "the small packs were not joined: {} packs",
        counted(&env, "packs")
    );
    // With no commit-graph (sprx init's write had git write one) and no
    // join due, the next write has git write one: `--as-of` and
    // `history` walk commits through it.
    let graphs = env.root.join(".git/objects/info");
    let graphed = || graphs.join("commit-graph").exists() || graphs.join("commit-graphs/commit-graph-chain").exists();
    assert!(graphed());
    std::fs::remove_dir_all(graphs.join("commit-graphs")).unwrap();
    assert!(!graphed());
    env.ok(&["contact", &id, "--mode", "message"]);
    assert!(wait_for_maintenance(&env, graphed), "git wrote no commit-graph");
    // 3,000 loose objects from another git command; with gc.auto at 256,
    // git's estimate (more than one object in objects/17) says a whole gc
    // is due.
    let mut hash = env
        .command_git(&["hash-object", "-w", "--stdin-paths"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let filler = env.home.join("filler");
    std::fs::create_dir_all(&filler).unwrap();
    let mut paths = String::new();
    for n in 0..3000 {
        let path = filler.join(n.to_string());
        std::fs::write(&path, format!("filler {n}\n")).unwrap();
        paths.push_str(&format!("{}\n", path.display()));
    }
    hash.stdin.take().unwrap().write_all(paths.as_bytes()).unwrap();
    assert!(hash.wait().unwrap().success());
    env.git(&["config", "gc.auto", "256"]);
    // git's trace of what it ran (the filler, unreachable, stays loose
    // until git prunes it, two weeks on, so it cannot show the gc).
    let trace = env.home.join("git-trace");
    let out = env
        .cmd()
        .args(["contact", &id, "--mode", "group"])
        .env("GIT_TRACE", &trace)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let gc_ran = || std::fs::read_to_string(&trace).is_ok_and(|t| t.contains("built-in: git gc --auto"));
    assert!(wait_for_maintenance(&env, gc_ran), "git's gc did not run");
    let fsck = env.command_git(&["fsck", "--full"]).output().unwrap();
    assert!(fsck.status.success(), "{}", String::from_utf8_lossy(&fsck.stderr));
    assert_eq!(env.ok(&["check"]), "");
    assert_eq!(env.status(), "");
    let shown = env.ok(&["show", &id]);
    assert!(shown.contains("video") && shown.contains("group"), "{shown}");
    // The casebook stays its owner's alone.
    for entry in std::fs::read_dir(env.root.join(".git/objects/pack")).unwrap() {
        let mode = std::fs::metadata(entry.unwrap().path()).unwrap().permissions().mode() & 0o077;
        assert_eq!(mode, 0, "a pack others can read");
    }
}

/// More packs than git's `gc.autoPackLimit` (or than sprx lets pile up,
/// whichever is fewer): a whole `git gc` in the background joins them.
#[test]
fn too_many_packs_are_joined_by_a_whole_gc() {
    let env = Env::casebook();
    env.git(&["config", "maintenance.auto", "false"]);
    let id = env.active("Ivy Example");
    assert!(counted(&env, "packs") > 3);
    env.git(&["config", "--unset", "maintenance.auto"]);
    env.git(&["config", "gc.autoPackLimit", "3"]);
    env.ok(&["contact", &id, "--mode", "phone"]);
    let graph = env.root.join(".git/objects/info/commit-graph");
    assert!(
        wait_for_maintenance(&env, || counted(&env, "packs") == 1 && graph.exists()),
        "git's gc did not join the packs: {}",
        counted(&env, "packs")
    );
    assert!(env.ok(&["show", &id]).contains("phone"));
}

/// Joining copies whole objects as they are, and writes out whole the
/// deltas of packs git made: every object reads back, and git finds the
/// casebook sound.
#[test]
fn joining_packs_keeps_every_object_git_wrote_too() {
    let env = Env::casebook();
    env.git(&["config", "maintenance.auto", "false"]);
    let id = env.active("Ivy Example");
    // Two versions of a long file, packed by git: the second a delta.
    let long: String = (0..400).map(|n| format!("line {n} of the team's notes\n")).collect();
    env.write("notes.md", &long);
    env.git(&["add", "notes.md"]);
    env.git(&["commit", "-qm", "notes"]);
    env.write("notes.md", &long.replace("line 7 ", "line seven "));
    env.git(&["commit", "-qam", "notes again"]);
    env.git(&["repack", "-d", "-q"]);
    let gits = newest_pack(&env);
    let verified = env.git(&["verify-pack", "-v", &format!("{}", gits.display())]);
    assert!(verified.contains("chain length = 1"), "git wrote no delta: {verified}");
    let before: Vec<String> = all_objects(&env);
    let packs = counted(&env, "packs");
    env.git(&["config", "--unset", "maintenance.auto"]);
    env.ok(&["contact", &id, "--mode", "phone"]);
    assert!(
        wait_for_maintenance(&env, || counted(&env, "packs") < packs),
        "nothing was joined: {} packs",
        counted(&env, "packs")
    );
    assert!(!gits.exists(), "git's pack was not joined");
    let fsck = env.command_git(&["fsck", "--full", "--strict"]).output().unwrap();
    assert!(fsck.status.success(), "{}", String::from_utf8_lossy(&fsck.stderr));
    let after = all_objects(&env);
    for object in &before {
        assert!(after.contains(object), "{object} lost in the join");
    }
    assert_eq!(
        env.git(&["show", "HEAD~1:notes.md"]),
        long.replace("line 7 ", "line seven ")
    );
}

/// Every object in the casebook's packs, as git lists them.
fn all_objects(env: &Env) -> Vec<String> {
    let listed = env.git(&["cat-file", "--batch-all-objects", "--batch-check=%(objectname)"]);
    listed.lines().map(str::to_string).collect()
}

/// The pack git or sprx wrote last.
fn newest_pack(env: &Env) -> std::path::PathBuf {
    std::fs::read_dir(env.root.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap()
}

/// A damaged object in a small pack stops the join, not the write: the
/// packs stay as they were, for `git fsck` to find, and nothing is
/// rewritten from the damaged bytes.
#[test]
fn a_damaged_pack_is_not_joined() {
    let env = Env::casebook();
    env.git(&["config", "maintenance.auto", "false"]);
    let id = env.active("Ivy Example");
    // An earlier version of the record, which no later write reads.
    let path = record_path(&id);
    let earlier = env.git(&["rev-parse", &format!("HEAD~1:{path}")]);
    env.damage_object(earlier.trim());
    let before: Vec<std::path::PathBuf> = std::fs::read_dir(env.root.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    env.git(&["config", "--unset", "maintenance.auto"]);
    env.ok(&["contact", &id, "--mode", "phone"]);
    for file in &before {
        assert!(file.exists(), "{} went in a join", file.display());
    }
    let fsck = env.command_git(&["fsck", "--full"]).output().unwrap();
    assert!(!fsck.status.success(), "git fsck found nothing wrong");
}

/// A sprx stopped while writing a pack leaves gitoxide's temporary file
/// (git counts it as garbage): a later write removes it once it is ten
/// minutes old. A newer one may be another program's write in progress,
/// and git's own are git's to remove.
#[test]
fn temporary_files_a_stopped_write_left_are_removed_later() {
    let env = Env::casebook();
    let id = env.active("Ivy Example");
    let pack = env.root.join(".git/objects/pack");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let make = |name: &str, old: bool| {
        let file = std::fs::File::create(pack.join(name)).unwrap();
        if old {
            file.set_modified(hour_ago).unwrap();
        }
        pack.join(name)
    };
    let stale = make(".tmpAb3dEf", true);
    let fresh = make(".tmpGh5jKl", false);
    let gits = make(".tmp-4242-pack-1234.pack", true);
    let garbage = env.git(&["count-objects", "-v"]);
    assert!(garbage.contains("garbage: 3"), "{garbage}");
    env.ok(&["contact", &id, "--mode", "phone"]);
    assert!(!stale.exists(), "a stale temporary file was left");
    assert!(fresh.exists(), "a temporary file perhaps in use was removed");
    assert!(gits.exists(), "git's own temporary file was removed");
}
