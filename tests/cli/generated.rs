//! Checked-in generated files stay in step with the code: the JSON Schemas in
//! `schemas/`, the shell completions in `completions/` and the man page in
//! `man/`. Run with
//! `SPRX_BLESS=1` to rewrite them after an intended change.

use std::path::Path;

use clap::CommandFactory;

fn check(path: &Path, expected: &str) {
    if std::env::var_os("SPRX_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date with the code; regenerate it with:\n  SPRX_BLESS=1 cargo test --test cli generated",
        path.display()
    );
}

#[test]
fn schemas_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    for (file, text) in sprx::schemas::all() {
        check(&dir.join(file), &text);
    }
}

#[test]
fn completions_are_up_to_date() {
    use clap_complete::Shell;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        (Shell::Bash, "sprx.bash"),
        (Shell::Zsh, "_sprx"),
        (Shell::Fish, "sprx.fish"),
        (Shell::Elvish, "sprx.elv"),
        (Shell::PowerShell, "_sprx.ps1"),
    ] {
        check(&dir.join(file), &sprx::commands::completions::script(shell));
    }
}

#[test]
fn man_page_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("man/sprx.1");
    check(&path, &sprx::commands::completions::man_page());
}

#[test]
fn the_command_line_definition_is_consistent() {
    sprx::cli::Cli::command().debug_assert();
}

#[test]
fn completions_command_prints_the_checked_in_script() {
    let env = crate::common::Env::bare();
    let out = env.sprx_in(&env.home, &["completions", "bash"]);
    assert!(out.status.success());
    let checked_in =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/sprx.bash")).unwrap();
    assert!(
        String::from_utf8(out.stdout).unwrap() == checked_in,
        "sprx completions bash differs from completions/sprx.bash"
    );
}

#[test]
fn the_readme_lists_every_command() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.starts_with("# sprx"), "README starts with its title");
    let first_lines: String = readme.lines().take(20).collect::<Vec<_>>().join("\n");
    assert!(first_lines.contains("cargo run --release -- demo") && first_lines.contains("cargo test"));
    for sub in sprx::cli::Cli::command().get_subcommands() {
        let name = sub.get_name();
        assert!(
            readme.contains(&format!("`sprx {name}")),
            "README's command reference lacks `sprx {name}`"
        );
    }
}

/// Every subcommand, nested ones too, with its path.
fn every_subcommand(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands() {
        let here = format!("{path} {}", sub.get_name()).trim().to_string();
        out.push((here.clone(), sub.clone()));
        every_subcommand(sub, &here, out);
    }
}

#[test]
fn every_subcommand_has_examples_and_every_argument_a_description() {
    let mut all = Vec::new();
    every_subcommand(&sprx::help::command(), "", &mut all);
    assert!(all.len() > 25);
    for (path, mut sub) in all {
        let help = sub.render_long_help().to_string();
        assert!(
            help.contains("Examples:\n  sprx "),
            "`sprx {path} --help` has no examples:\n{help}"
        );
        for arg in sub.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            assert!(
                arg.get_help().is_some(),
                "`sprx {path}`: argument `{id}` has no description"
            );
        }
    }
}
