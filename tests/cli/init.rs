//! `sprx init`, finding the casebook (`-C`, `SPRX_CASEBOOK`, parent search)
//! and reading `sprx.toml`.

use crate::common::{Env, stderr};

#[test]
fn init_makes_a_repository_with_settings_schemas_and_one_commit() {
    let env = Env::casebook();
    assert_eq!(env.commit_count(), 1);
    assert_eq!(env.status(), "");
    let files = env.git(&["ls-files"]);
    assert_eq!(
        files,
        "schemas/referral.schema.json\nschemas/service.schema.json\nschemas/sprx.schema.json\nsprx.toml\n"
    );
    assert_eq!(env.git(&["log", "-1", "--format=%s"]).trim(), "init casebook");
    let settings = env.read("sprx.toml");
    assert!(settings.contains("id_prefix = \"SP\"") && settings.contains("min_age = 18"));
    let err = env.fails(1, &["init", "."]);
    assert!(err.contains("already holds a casebook"), "{err}");
}

#[test]
fn init_in_an_existing_repository_adds_a_commit_on_top() {
    let env = Env::bare();
    std::fs::create_dir_all(&env.root).unwrap();
    env.git(&["init", "-q"]);
    env.write("README", "mine\n");
    env.git(&["add", "README"]);
    env.git(&["commit", "-qm", "first"]);
    env.ok(&["init"]);
    assert_eq!(env.commit_count(), 2);
    assert_eq!(env.status(), "");
}

/// `sprx init` of the casebook's folder, run from HOME as `cmd` is set
/// up, refused with exit 1: what it said.
fn init_refused(env: &Env, mut cmd: std::process::Command) -> String {
    let out = cmd.args(["init", env.root.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    stderr(&out)
}

#[test]
fn init_without_any_author_says_how_to_set_one() {
    let env = Env::bare();
    let mut cmd = env.cmd_in(&env.home);
    cmd.env_remove("GIT_AUTHOR_NAME").env_remove("GIT_AUTHOR_EMAIL");
    let err = init_refused(&env, cmd);
    assert!(
        err.contains("no commit author") && err.contains("nothing was made"),
        "{err}"
    );
    assert!(
        err.contains("git config --global user.name \"") && err.contains("git config --global user.email \""),
        "the exact commands: {err}"
    );
    assert!(!env.root.exists(), "no folder and no .git left behind");
    // In a folder that was there already, it stays, without a .git.
    std::fs::create_dir_all(&env.root).unwrap();
    let out = env
        .cmd_in(&env.root)
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .args(["init"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(env.root.exists() && !env.root.join(".git").exists() && !env.root.join("sprx.toml").exists());
}

#[test]
fn bad_prefix_is_a_usage_error() {
    let env = Env::bare();
    let out = env.sprx_in(&env.home, &["init", env.root.to_str().unwrap(), "--prefix", "sp/x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--prefix `sp/x` must be 1 to 10 capital letters or digits"));
    assert!(!env.root.exists(), "nothing made");
}

#[test]
fn the_casebook_is_found_from_flag_environment_or_parents() {
    let env = Env::casebook();
    let id = env.create("Ann Example", "1970-01-01", &[]);
    let nested = env.root.join("referrals/2026");
    assert!(env.sprx_in(&nested, &["show", &id]).status.success(), "parent search");
    let elsewhere = env.home.clone();
    let out = env.sprx_in(&elsewhere, &["show", &id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no casebook found in"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint: run sprx init"), "{}", stderr(&out));
    let root = env.root.to_str().unwrap();
    assert!(env.sprx_in(&elsewhere, &["-C", root, "show", &id]).status.success());
    assert!(
        env.sprx_in(&elsewhere, &["show", &id, "--casebook", root])
            .status
            .success()
    );
    let out = env
        .cmd_in(&elsewhere)
        .env("SPRX_CASEBOOK", root)
        .args(["show", &id])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = env.sprx_in(&elsewhere, &["-C", elsewhere.to_str().unwrap(), "show", &id]);
    assert!(
        stderr(&out).contains("is not a casebook (it has no sprx.toml)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn unknown_settings_keys_are_errors_that_name_the_key() {
    let env = Env::casebook();
    let settings = env
        .read("sprx.toml")
        .replace("min_age = 18", "min_age = 18\nmax_age = 99");
    env.settings(&settings);
    let err = env.fails(1, &["list"]);
    assert!(err.contains("sprx.toml:13:1: unknown field `max_age`"), "{err}");
    env.settings("[casebook]\nid_prefix = \"x-y\"\n");
    let err = env.fails(1, &["list"]);
    assert!(err.contains("sprx.toml:2:1: casebook.id_prefix `x-y` must be"), "{err}");
    env.settings("[policy]\nmin_age = \"eighteen\"\n");
    let err = env.fails(1, &["list"]);
    assert!(err.contains("sprx.toml:2:11: invalid type"), "{err}");
}

#[test]
fn settings_are_optional() {
    let env = Env::casebook();
    env.settings("");
    let id = env.create("Bo Example", "1970-01-01", &[]);
    assert_eq!(id, "SP-2026-0001");
}

#[test]
fn a_bad_sprx_now_is_a_usage_error() {
    let env = Env::casebook().at("yesterday");
    let err = env.fails(2, &["list"]);
    assert!(
        err.contains("SPRX_NOW=`yesterday` is not an RFC 3339 timestamp"),
        "{err}"
    );
}

/// git's own settings that cannot be read (a broken ~/.gitconfig) are named
/// as such, with how to find the file, not as a damaged repository; init
/// leaves nothing behind, and a casebook is left as it was.
#[test]
fn unreadable_git_settings_are_named_not_called_damage() {
    let env = Env::bare();
    let config = env.home.join("broken.gitconfig");
    std::fs::write(&config, "[user\nname = x\n").unwrap();
    let mut cmd = env.cmd_in(&env.home);
    cmd.env("GIT_CONFIG_GLOBAL", &config);
    let err = init_refused(&env, cmd);
    assert!(
        err.contains("git's settings could not be read") && err.contains("line 1"),
        "{err}"
    );
    assert!(err.contains("git config --list --show-origin"), "{err}");
    assert!(!err.contains("damaged"), "{err}");
    assert!(!env.root.exists(), "no folder and no .git left behind");
    let cb = Env::casebook();
    let config = cb.home.join("broken.gitconfig");
    std::fs::write(&config, "[user\nname = x\n").unwrap();
    let out = cb.cmd().env("GIT_CONFIG_GLOBAL", &config).arg("list").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("git's settings could not be read") && !err.contains("not a git repository"),
        "{err}"
    );
}
