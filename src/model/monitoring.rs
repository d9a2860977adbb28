//! Equality monitoring: what a commissioner needs to see whether social
//! prescribing reaches the people with the worst health inequalities, all
//! optional. Codes follow the NHS Data Dictionary: stated gender (PERSON
//! STATED GENDER CODE), ethnic category (the 2001 census categories A–S and
//! Z "not stated", reported in their five broad groups), GP practice (its
//! ODS code) and UK postcodes, of which reports use only the district
//! (`SE1 7PB` → `SE1`).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The person's stated gender (NHS Data Dictionary: 1, 2, 9, X).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    /// Code 1.
    Male,
    /// Code 2.
    Female,
    /// Code 9: not able to be classified as male or female.
    Indeterminate,
    /// Code X: not known (not recorded).
    NotKnown,
}

/// Ethnic category, NHS Data Dictionary (2001 census): A–S, and Z for not
/// stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub enum EthnicCategory {
    /// White: British.
    A,
    /// White: Irish.
    B,
    /// White: any other White background.
    C,
    /// Mixed: White and Black Caribbean.
    D,
    /// Mixed: White and Black African.
    E,
    /// Mixed: White and Asian.
    F,
    /// Mixed: any other mixed background.
    G,
    /// Asian or Asian British: Indian.
    H,
    /// Asian or Asian British: Pakistani.
    J,
    /// Asian or Asian British: Bangladeshi.
    K,
    /// Asian or Asian British: any other Asian background.
    L,
    /// Black or Black British: Caribbean.
    M,
    /// Black or Black British: African.
    N,
    /// Black or Black British: any other Black background.
    P,
    /// Other ethnic groups: Chinese.
    R,
    /// Other ethnic groups: any other ethnic group.
    S,
    /// Not stated.
    Z,
}

/// The codes, in order, for messages.
pub const ETHNIC_CODES: &str = "A B C D E F G H J K L M N P R S, or Z (not stated)";

impl EthnicCategory {
    /// The broad group a report gives it under.
    pub fn broad_group(self) -> &'static str {
        use EthnicCategory::*;
        match self {
            A | B | C => "white",
            D | E | F | G => "mixed",
            H | J | K | L => "asian-or-asian-british",
            M | N | P => "black-or-black-british",
            R | S => "other-ethnic-group",
            Z => NOT_STATED,
        }
    }
}

impl std::str::FromStr for EthnicCategory {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_uppercase()))
            .map_err(|_| format!("`{s}` is not an ethnic category; use one of {ETHNIC_CODES}"))
    }
}

/// The group for people about whom nothing was stated.
pub const NOT_STATED: &str = "not-stated";

/// What the person said about themselves, all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_category: Option<EthnicCategory>,
    /// A UK postcode, e.g. `SE1 7PB`; reports use only the district. An
    /// erased record keeps the district alone (`SE1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Z]{1,2}[0-9][A-Z0-9]?( [0-9][A-Z]{2})?$"))]
    pub postcode: Option<String>,
    /// The registered GP practice's ODS code, e.g. `A81001`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[A-Z][0-9]{5}$"))]
    pub gp_practice: Option<String>,
    /// Whether the person is an unpaid carer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carer: Option<bool>,
    /// The language the person prefers to speak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interpreter_needed: Option<bool>,
}

impl Monitoring {
    pub fn is_empty(&self) -> bool {
        *self == Monitoring::default()
    }
}

/// Whether the person agreed to their information being shared with their
/// GP, and when they said so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    pub given: bool,
    pub date: NaiveDate,
}

/// A UK postcode as typed (`se17pb`, `SE1 7PB`), in its usual form with
/// one space, or why it is not one.
pub fn normalise_postcode(typed: &str) -> Result<String, String> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let bad = || format!("`{typed}` is not a UK postcode (e.g. SE1 7PB, M1 1AE, EC1A 1BB)");
    if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
        return Err(bad());
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let form = format!("{outward} {inward}");
    if check_postcode(&form) { Ok(form) } else { Err(bad()) }
}

/// Whether `postcode` is a UK postcode as stored: `AA9A 9AA`, one space,
/// or (in an erased record) its district alone, `AA9A`.
pub fn check_postcode(postcode: &str) -> bool {
    let Some((outward, inward)) = postcode.split_once(' ') else {
        return check_postcode(&format!("{postcode} 9AA"));
    };
    let b = outward.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let rest = &b[letters..];
    // No postcode area starts with Q, V or X, nor has I, J or Z second.
    let bad_area =
        matches!(b.first(), Some(b'Q' | b'V' | b'X')) || (letters == 2 && matches!(b[1], b'I' | b'J' | b'Z'));
    let outward_ok = !bad_area
        && (1..=2).contains(&letters)
        && matches!(rest, [d] | [d, _] if d.is_ascii_digit())
        && rest
            .iter()
            .skip(1)
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
    let i = inward.as_bytes();
    outward_ok && i.len() == 3 && i[0].is_ascii_digit() && i[1..].iter().all(u8::is_ascii_uppercase)
}

/// The postcode district, all a report shows of a postcode (`SE1 7PB` →
/// `SE1`).
pub fn postcode_district(postcode: &str) -> &str {
    postcode.split(' ').next().unwrap_or(postcode)
}

/// A GP practice's ODS code as typed, upper-cased, or why it is not one
/// (a letter and five digits, e.g. A81001).
pub fn normalise_practice(typed: &str) -> Result<String, String> {
    let code = typed.trim().to_uppercase();
    if check_practice(&code) {
        Ok(code)
    } else {
        Err(format!(
            "`{typed}` is not a GP practice ODS code (a letter and five digits, e.g. A81001)"
        ))
    }
}

/// Whether `code` is a GP practice ODS code as stored.
pub fn check_practice(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 6 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_read_in_any_spacing_and_case() {
        for (typed, form) in [
            ("se17pb", "SE1 7PB"),
            ("SE1 7PB", "SE1 7PB"),
            ("m1 1ae", "M1 1AE"),
            ("EC1A1BB", "EC1A 1BB"),
            ("W1A 0AX", "W1A 0AX"),
            ("b33 8th", "B33 8TH"),
        ] {
            assert_eq!(normalise_postcode(typed).as_deref(), Ok(form), "{typed}");
        }
        for bad in [
            "",
            "SE1",
            "1SE 7PB",
            "SE1 PB7",
            "SE17 PBX",
            "ABC1 1AA",
            "SE1 7pb£",
            "SE1  7PB7",
            "QV1 1AA",
            "XA1 1AA",
            "AZ1 1AA",
        ] {
            assert!(normalise_postcode(bad).is_err(), "{bad}");
        }
        assert!(!check_postcode("se1 7pb"), "stored upper-case");
        assert!(check_postcode("SE15"), "a district alone, as erasure keeps it");
        assert!(!check_postcode("SE15 "));
        assert_eq!(postcode_district("EC1A 1BB"), "EC1A");
    }

    #[test]
    fn practices_are_a_letter_and_five_digits() {
        assert_eq!(normalise_practice(" a81001 ").as_deref(), Ok("A81001"));
        for bad in ["A8100", "81001A", "AB1001", "A810011", ""] {
            assert!(normalise_practice(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ethnic_categories_fall_in_the_five_broad_groups() {
        let group = |c: &str| c.parse::<EthnicCategory>().unwrap().broad_group();
        assert_eq!(group("a"), "white");
        assert_eq!(group("G"), "mixed");
        assert_eq!(group("L"), "asian-or-asian-british");
        assert_eq!(group("N"), "black-or-black-british");
        assert_eq!(group("R"), "other-ethnic-group");
        assert_eq!(group("Z"), NOT_STATED);
        for bad in ["I", "O", "Q", "T", "99", "AB"] {
            assert!(bad.parse::<EthnicCategory>().is_err(), "{bad}");
        }
    }
}
