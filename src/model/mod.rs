//! The domain of social prescribing, pure: referral records, their lifecycle,
//! rules, wellbeing measures and derived values. It knows nothing of files,
//! git or the clock; today's date is always a parameter.

/// `n` things, in words: "1 goal", "3 goals".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub mod amount;
pub mod derived;
pub mod erasure;
pub mod lifecycle;
pub mod measures;
pub mod monitoring;
pub mod oruk;
pub mod person;
pub mod policy;
pub mod referral;
pub mod service;
pub mod snomed;
pub mod spelling;
pub mod taxonomy;
pub mod validate;
