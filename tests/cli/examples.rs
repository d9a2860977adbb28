//! Everything under `examples/` is checked: the example casebook against the
//! JSON Schemas (with an independent validator, the `jsonschema` crate) and
//! against `sprx check`; every file in `examples/invalid/` fails with the
//! message it names (issue 4).

use std::path::{Path, PathBuf};

use crate::common::Env;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn validator(schema_file: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(repo(schema_file)).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("a valid JSON Schema")
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// A YAML document as a JSON value, or None if it does not parse.
fn as_json(text: &str) -> Option<serde_json::Value> {
    serde_yaml::from_str(text).ok()
}

#[test]
fn example_records_and_settings_validate_against_the_schemas() {
    let referral = validator("schemas/referral.schema.json");
    let records = yaml_files(&repo("examples/casebook/referrals/2026/00"));
    assert!(records.len() >= 4);
    for path in records {
        let value = as_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = referral.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let service = validator("schemas/service.schema.json");
    let services = yaml_files(&repo("examples/casebook/services"));
    assert!(services.len() >= 2);
    for path in services {
        let value = as_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = service.iter_errors(&value).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    assert!(!service.is_valid(&serde_json::json!({"id": "Bad Id", "name": "x", "status": "active"})));
    let settings = validator("schemas/sprx.schema.json");
    let toml_value: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo("examples/casebook/sprx.toml")).unwrap()).unwrap();
    let value = serde_json::to_value(toml_value).unwrap();
    assert!(settings.is_valid(&value), "examples/casebook/sprx.toml");
    let unknown = serde_json::json!({"policy": {"max_age": 99}});
    assert!(
        !settings.is_valid(&unknown),
        "the settings schema refuses unknown keys too"
    );
}

#[test]
fn schema_level_mistakes_fail_the_schema_too() {
    let referral = validator("schemas/referral.schema.json");
    for path in yaml_files(&repo("examples/invalid")) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !text.contains("\n# schema: invalid\n") {
            continue;
        }
        if let Some(value) = as_json(&text) {
            assert!(!referral.is_valid(&value), "{} should fail the schema", path.display());
        }
    }
}

/// A casebook holding the example casebook's files, committed.
fn example_casebook() -> Env {
    Env::with_files_of(&repo("examples/casebook"))
}

#[test]
fn the_example_casebook_passes_check_and_works() {
    let env = example_casebook();
    let out = env.sprx(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(out.stdout.is_empty());
    assert!(env.ok(&["show", "SP-2026-0001"]).contains("Ada Example"));
    env.ok(&["contact", "SP-2026-0001", "--mode", "phone"]);
    let report = env.ok(&["report", "--period", "2026-10", "--format", "csv"]);
    assert!(report.contains("referrals_received,all,4"), "{report}");
}

#[test]
fn every_invalid_example_fails_with_its_message() {
    let files = yaml_files(&repo("examples/invalid"));
    assert!(files.len() >= 12);
    let env = example_casebook();
    let target = "referrals/2026/00/SP-2026-0001.yaml";
    let good = env.read(target);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .expect("a first line `# expect: …`");
        env.write(target, &text);
        env.git(&["commit", "-qam", "one mistake"]);
        let out = env.sprx(&["check"]);
        let report = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(1), "{}: {report}", path.display());
        assert!(
            report.lines().any(|l| l.starts_with(target) && l.contains(expect)),
            "{}: expected {expect:?} in:\n{report}",
            path.display()
        );
        env.write(target, &good);
        env.git(&["commit", "-qam", "fixed"]);
    }
}
