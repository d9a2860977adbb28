//! Property tests: any referral survives YAML and back unchanged, the fast
//! block reader agrees with yaml_serde on every record it accepts, and random
//! damage to a valid record never makes sprx panic (issue 4).

use chrono::NaiveDate;
use proptest::prelude::*;
use sprx::model::measures::Tool;
use sprx::model::monitoring::{Consent, EthnicCategory, Gender, Monitoring};
use sprx::model::referral::*;
use sprx::model::service::Service;
use sprx::model::taxonomy::{DeclineReason, Outcome};
use sprx::yaml;

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..40_000).prop_map(|d| NaiveDate::from_ymd_opt(1920, 1, 1).unwrap() + chrono::Days::new(d as u64))
}

/// Text as people type it, with what YAML finds awkward mixed in.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        Just("".to_string()),
        Just("null".to_string()),
        Just("yes".to_string()),
        Just("0123".to_string()),
        Just("- dash: colon # hash".to_string()),
        Just("line one\nline two\n".to_string()),
        Just("  leading and trailing  ".to_string()),
        Just("'quoted' \"double\" \\ back".to_string()),
        Just("tab\there, bell\u{7}, emoji 🌱".to_string()),
    ]
}

/// Text that sprx writes as one plain or single-quoted line, as most names,
/// notes and sources are.
fn tame_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 ,.'()/&-]{0,30}",
        "[A-Za-zÀ-ÿ ]{1,20}",
        Just("null".to_string()),
        Just("true".to_string()),
        Just("0123".to_string()),
        Just("12".to_string()),
        Just("".to_string()),
    ]
}

fn pick<T: Clone + std::fmt::Debug + 'static>(values: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(values)
}

fn referral() -> impl Strategy<Value = Referral> {
    referral_with(|| text().boxed(), true)
}

/// Referrals whose free text comes from `text`, with local fields or not.
fn referral_with(text: fn() -> BoxedStrategy<String>, with_extra: bool) -> impl Strategy<Value = Referral> {
    let monitoring = (
        proptest::option::of(pick(&[
            Gender::Male,
            Gender::Female,
            Gender::Indeterminate,
            Gender::NotKnown,
        ])),
        proptest::option::of(pick(&[EthnicCategory::A, EthnicCategory::N, EthnicCategory::Z])),
        proptest::option::of("[A-Z]{1,2}[0-9] [0-9][A-Z]{2}"),
        proptest::option::of("[A-Z][0-9]{5}"),
        proptest::option::of(any::<bool>()),
        proptest::option::of(text()),
    )
        .prop_map(
            |(gender, ethnic_category, postcode, gp_practice, carer, language)| Monitoring {
                gender,
                ethnic_category,
                postcode,
                gp_practice,
                carer,
                language,
                interpreter_needed: carer,
            },
        );
    let person = (
        text(),
        date(),
        proptest::option::of("[0-9]{10}"),
        proptest::option::of(text()),
        proptest::option::of(text()),
        monitoring,
        proptest::option::of((any::<bool>(), date()).prop_map(|(given, date)| Consent { given, date })),
    )
        .prop_map(|(name, dob, nhs, phone, email, monitoring, consent)| Person {
            name,
            date_of_birth: dob,
            nhs_number: nhs,
            phone,
            email,
            preferred_contact: None,
            monitoring,
            consent_to_share_with_gp: consent,
        });
    let details = (
        date(),
        text(),
        proptest::option::of(text()),
        proptest::collection::vec(text(), 0..4),
        proptest::option::of(text()),
    )
        .prop_map(|(received, source, referrer, needs, notes)| ReferralDetails {
            received,
            source,
            referrer,
            needs,
            notes,
        });
    let triage = proptest::option::of(
        (
            date(),
            any::<bool>(),
            pick(&[Priority::Urgent, Priority::High, Priority::Routine]),
            pick(&[DeclineReason::UnderAge, DeclineReason::Other]),
            proptest::option::of(text()),
        )
            .prop_map(|(date, accepted, p, reason, note)| Triage {
                date,
                decision: if accepted {
                    Decision::Accepted
                } else {
                    Decision::Declined
                },
                priority: accepted.then_some(p),
                decline_reason: (!accepted).then_some(reason),
                note,
            }),
    );
    let goal = (
        1u32..100,
        text(),
        pick(&[
            GoalStatus::Open,
            GoalStatus::Met,
            GoalStatus::PartlyMet,
            GoalStatus::NotMet,
            GoalStatus::Dropped,
        ]),
    )
        .prop_map(|(id, text, status)| Goal { id, text, status });
    let connection = (text(), any::<bool>(), date()).prop_map(|(service, signpost, date)| Connection {
        service,
        kind: if signpost {
            ConnectionKind::Signpost
        } else {
            ConnectionKind::Referral
        },
        date,
    });
    let plan = proptest::option::of(
        (
            date(),
            text(),
            proptest::option::of(date()),
            proptest::collection::vec(goal, 0..3),
            proptest::collection::vec(connection, 0..3),
            proptest::option::of(date()),
        )
            .prop_map(|(agreed, what_matters, review_due, goals, connections, updated)| Plan {
                agreed,
                what_matters,
                review_due,
                updated,
                goals,
                connections,
            }),
    );
    let contact = (
        date(),
        pick(&[
            ContactMode::Phone,
            ContactMode::FaceToFace,
            ContactMode::HomeVisit,
            ContactMode::Video,
            ContactMode::Message,
            ContactMode::Group,
        ]),
        proptest::option::of(0u32..600),
        any::<bool>(),
        proptest::option::of(text()),
    )
        .prop_map(|(date, mode, minutes, attended, note)| Contact {
            date,
            mode,
            minutes,
            attended,
            note,
            follow_up: false,
        });
    let measure = (
        date(),
        pick(&[Tool::Ons4, Tool::Swemwbs, Tool::Wemwbs, Tool::Ucla3]),
        proptest::collection::vec(0u8..=10, 0..15),
    )
        .prop_map(|(date, tool, items)| Measure {
            date,
            tool,
            items,
            follow_up: false,
        });
    let closure = proptest::option::of(
        (
            date(),
            pick(&[Outcome::GoalsMet, Outcome::Deceased, Outcome::Other]),
            proptest::option::of(text()),
        )
            .prop_map(|(date, outcome, note)| Closure { date, outcome, note }),
    );
    let extra =
        proptest::collection::btree_map("[a-z_]{1,8}", text(), 0..if with_extra { 3 } else { 1 }).prop_map(|m| {
            m.into_iter()
                .map(|(k, v)| (serde_yaml::Value::String(k), serde_yaml::Value::String(v)))
                .collect::<serde_yaml::Mapping>()
        });
    (
        (
            1000i32..9999,
            1u32..200_000,
            pick(&[
                Status::New,
                Status::Accepted,
                Status::Declined,
                Status::Active,
                Status::Closed,
            ]),
        ),
        person,
        details,
        triage,
        plan,
        proptest::collection::vec(contact, 0..4),
        proptest::collection::vec(measure, 0..3),
        closure,
        extra,
        proptest::option::of((pick(&[Priority::Routine, Priority::High, Priority::Urgent]), date())),
    )
        .prop_map(
            |(
                (year, number, status),
                person,
                referral,
                triage,
                plan,
                contacts,
                measures,
                closure,
                extra,
                corrected,
            )| Referral {
                schema_version: 2,
                id: ReferralId::new("SP", year, number).unwrap(),
                status,
                person,
                episodes: vec![Episode {
                    triage,
                    priority: corrected.map(|(p, _)| p),
                    priority_changed: corrected.map(|(_, d)| d),
                    plan,
                    contacts,
                    measures,
                    closure,
                    ..Episode::opened_on(referral.received, None, None)
                }],
                referral,
                extra,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_referral_round_trips_through_yaml(r in referral()) {
        let text = yaml::to_yaml(yaml::REFERRAL_HEADER, &r);
        let back: Referral = yaml::parse("x.yaml", text.as_bytes()).unwrap();
        prop_assert_eq!(&back, &r);
        // What sprx writes never looks like a hand comment to its own check.
        prop_assert_eq!(yaml::first_comment(&text), None, "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Records as sprx writes them take the fast reader, and read back whole.
    #[test]
    fn the_block_reader_reads_what_sprx_writes(r in referral_with(|| tame_text().boxed(), false)) {
        let text = yaml::to_yaml(yaml::REFERRAL_HEADER, &r);
        prop_assert_eq!(yaml::read_block::<Referral>(&text), Some(r), "{}", text);
    }
}

/// Random damage to a record's characters: YAML's indicators, spaces, tabs
/// and line breaks put in, characters taken out.
fn damage_chars(text: &str, seed: &[u32]) -> String {
    const BITS: [&str; 25] = [
        " ", "  ", "\n", "\n  ", "#", " #", ":", ": ", "-", "- ", "'", "\"", "''", "\\", "|", ">", "{", "[", ",", "&",
        "*", "!", "~", "\t", "0",
    ];
    let mut text = text.to_string();
    for &s in seed {
        let mut at = s as usize % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        match text[at..].chars().next() {
            Some(c) if s % 3 == 0 => text.replace_range(at..at + c.len_utf8(), ""),
            _ => text.insert_str(at, BITS[(s / 3) as usize % BITS.len()]),
        }
    }
    text
}

const RECORDS: [&str; 4] = [
    include_str!("../../examples/casebook/referrals/2026/00/SP-2026-0001.yaml"),
    include_str!("../../examples/casebook/referrals/2026/00/SP-2026-0002.yaml"),
    include_str!("../../examples/casebook/referrals/2026/00/SP-2026-0003.yaml"),
    include_str!("../../examples/casebook/referrals/2026/00/SP-2026-0004.yaml"),
];

const SERVICE: &str = include_str!("../../examples/casebook/services/walking-for-health.yaml");

/// Whatever the block reader accepts, yaml_serde reads the same; and
/// `yaml::parse` answers exactly as yaml_serde alone would, errors included.
fn agree<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(
    text: &str,
) -> Result<(), TestCaseError> {
    let general = yaml::parse_general::<T>("x.yaml", text);
    if let Some(fast) = yaml::read_block::<T>(text) {
        prop_assert_eq!(Some(&fast), general.as_ref().ok(), "{}", text);
    }
    let parsed = yaml::parse::<T>("x.yaml", text.as_bytes());
    prop_assert_eq!(format!("{parsed:?}"), format!("{general:?}"), "{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn the_block_reader_agrees_with_yaml_serde_on_damaged_records(
        which in 0..RECORDS.len(),
        seed in proptest::collection::vec(any::<u32>(), 1..4),
        by_line in any::<bool>(),
    ) {
        let damage = if by_line { mutate } else { damage_chars };
        agree::<Referral>(&damage(RECORDS[which], &seed))?;
        agree::<Service>(&damage(SERVICE, &seed))?;
    }
}

/// Random damage to a record's text.
fn mutate(text: &str, seed: &[u32]) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    for &s in seed {
        let n = lines.len().max(1);
        let at = s as usize % n;
        match s % 7 {
            0 if !lines.is_empty() => {
                lines.remove(at);
            }
            1 => lines.insert(at, lines.get(at).cloned().unwrap_or_default()),
            2 if !lines.is_empty() => lines[at] = format!("  {}", lines[at]),
            3 if !lines.is_empty() => lines[at] = lines[at].replacen(':', "", 1),
            4 if !lines.is_empty() => {
                let other = (s as usize / 7) % n;
                lines.swap(at, other);
            }
            5 => lines.insert(
                at,
                ["- ", "{", "[", "&a x", "*a", "!!binary x", "? ", "\"", "'"][s as usize % 9].to_string(),
            ),
            _ if !lines.is_empty() => lines[at] = lines[at].chars().rev().collect(),
            _ => {}
        }
    }
    lines.join("\n") + "\n"
}

const GOOD: &str = include_str!("../../examples/casebook/referrals/2026/00/SP-2026-0002.yaml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn damaged_records_never_panic_the_library(seed in proptest::collection::vec(any::<u32>(), 1..6)) {
        let text = mutate(GOOD, &seed);
        let day = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let rules = sprx::model::policy::Rules::default();
        let _ = yaml::first_comment(&text);
        if let Ok(r) = yaml::parse::<Referral>("x.yaml", text.as_bytes()) {
            for p in sprx::model::validate::validate(&r, &rules, day) {
                let _ = yaml::locate(&text, &p.field);
            }
            let _ = sprx::model::derived::derive(&r, &rules.policy, day);
            let period = sprx::report::period::Period { start: day - chrono::Days::new(60), end: day };
            let _ = sprx::report::outcomes::report(std::slice::from_ref(&r), &period, &rules.thresholds, &[]);
            let _ = sprx::report::caseload::caseload([&r], &rules.policy, 90, day);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn damaged_records_never_panic_any_command(seed in proptest::collection::vec(any::<u32>(), 1..6)) {
        let env = crate::common::Env::casebook();
        let path = "referrals/2026/00/SP-2026-0002.yaml";
        env.write(path, &mutate(GOOD, &seed));
        env.git(&["add", "-A"]);
        env.git(&["commit", "-qm", "damaged"]);
        for args in [
            vec!["show", "SP-2026-0002"],
            vec!["list", "--format", "json"],
            vec!["caseload"],
            vec!["report", "--period", "2026-10"],
            vec!["check"],
            vec!["history", "SP-2026-0002"],
            vec!["contact", "SP-2026-0002", "--mode", "phone"],
            vec!["close", "SP-2026-0002", "--outcome", "other"],
        ] {
            let out = env.sprx(&args);
            let code = out.status.code();
            prop_assert!(matches!(code, Some(0) | Some(1)), "{:?} exited {:?}: {}", args, code, String::from_utf8_lossy(&out.stderr));
        }
    }
}
