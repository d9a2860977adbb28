//! Many sprx processes writing to one referral at once: the casebook lock
//! serialises them, and no event is lost (issue 2, acceptance 5).

use std::process::Stdio;

use crate::common::Env;

#[test]
fn twenty_contacts_started_at_once_all_land() {
    let env = Env::casebook();
    let id = env.active("Hari Example");
    let before = env.commit_count();
    let children: Vec<_> = (0..20)
        .map(|i| {
            env.cmd()
                .args(["contact", &id, "--mode", "phone", "--minutes", &(i + 1).to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn sprx")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(env.commit_count(), before + 20);
    assert_eq!(env.status(), "");
    let json: serde_json::Value = serde_json::from_str(&env.ok(&["show", &id, "--format", "json"])).unwrap();
    let mut minutes: Vec<u64> = json["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["minutes"].as_u64().unwrap())
        .collect();
    minutes.sort();
    assert_eq!(minutes, (1..=20).collect::<Vec<u64>>());
    assert_eq!(
        env.git(&[
            "rev-list",
            "--count",
            "HEAD",
            "--",
            &format!("referrals/2026/{id}.yaml")
        ])
        .trim(),
        "23"
    );
    env.git(&["fsck", "--strict"]);
}

#[test]
fn concurrent_creates_get_distinct_ids() {
    let env = Env::casebook();
    let children: Vec<_> = (0..8)
        .map(|i| {
            env.cmd()
                .args([
                    "create",
                    "--name",
                    &format!("Person {i}"),
                    "--dob",
                    "1970-01-01",
                    "--source",
                    "gp",
                    "--need",
                    "food",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            String::from_utf8(c.wait_with_output().unwrap().stdout)
                .unwrap()
                .trim()
                .to_string()
        })
        .collect();
    ids.sort();
    let expected: Vec<String> = (1..=8).map(|n| format!("SP-2026-{n:04}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(env.status(), "");
}
