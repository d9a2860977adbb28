//! Facts about the person that the rules depend on: age on a given day and the
//! NHS number's modulus-11 check digit.

use chrono::{Datelike, NaiveDate};

/// Whole years between `date_of_birth` and `on` (0 for dates before birth).
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> u32 {
    if on < date_of_birth {
        return 0;
    }
    let mut years = on.year() - date_of_birth.year();
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Why an NHS number is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NhsNumberError {
    #[error("must be 10 digits (spaces allowed between groups), got {0} digits")]
    Length(usize),
    #[error("may contain only digits and spaces")]
    NotDigits,
    #[error("check digit is wrong (the 10th digit should be {expected}); check for a typing error")]
    CheckDigit { expected: u32 },
    #[error("is not a valid NHS number (its check digit would be 10)")]
    Unusable,
}

/// Normalise an NHS number as typed ("943 476 5919") to its ten digits and
/// validate the check digit.
pub fn normalise_nhs_number(input: &str) -> Result<String, NhsNumberError> {
    let compact: String = input.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if !compact.chars().all(|c| c.is_ascii_digit()) {
        return Err(NhsNumberError::NotDigits);
    }
    check_nhs_number(&compact)?;
    Ok(compact)
}

/// Validate ten digits exactly as stored in a record.
pub fn check_nhs_number(digits: &str) -> Result<(), NhsNumberError> {
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(NhsNumberError::NotDigits);
    }
    if digits.len() != 10 {
        return Err(NhsNumberError::Length(digits.len()));
    }
    let d: Vec<u32> = digits.chars().map(|c| c.to_digit(10).unwrap_or(0)).collect();
    let sum: u32 = d[..9].iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return Err(NhsNumberError::Unusable),
        c => c,
    };
    if check != d[9] {
        return Err(NhsNumberError::CheckDigit { expected: check });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d("1950-04-12"), d("2026-04-11")), 75);
        assert_eq!(age_on(d("1950-04-12"), d("2026-04-12")), 76);
        assert_eq!(age_on(d("2008-11-03"), d("2026-11-02")), 17);
        assert_eq!(age_on(d("2008-11-03"), d("2026-11-03")), 18);
        // Born on 29 February: a year is complete on 1 March in common years.
        assert_eq!(age_on(d("2008-02-29"), d("2026-02-28")), 17);
        assert_eq!(age_on(d("2008-02-29"), d("2026-03-01")), 18);
        assert_eq!(age_on(d("2026-01-01"), d("2025-01-01")), 0);
    }

    #[test]
    fn published_test_number_is_valid() {
        assert_eq!(normalise_nhs_number("943 476 5919").unwrap(), "9434765919");
        assert!(check_nhs_number("9434765919").is_ok());
    }

    #[test]
    fn wrong_check_digit_says_what_it_should_be() {
        assert_eq!(
            check_nhs_number("9434765918"),
            Err(NhsNumberError::CheckDigit { expected: 9 })
        );
        assert_eq!(check_nhs_number("943476591"), Err(NhsNumberError::Length(9)));
        assert_eq!(normalise_nhs_number("94347x5919"), Err(NhsNumberError::NotDigits));
    }

    #[test]
    fn check_of_ten_is_unusable_and_eleven_becomes_zero() {
        // 1000000010: sum = 10*1 + 2*1 = 12, 12 % 11 = 1, check = 10 -> unusable.
        assert_eq!(check_nhs_number("1000000010"), Err(NhsNumberError::Unusable));
        // 0000000000: sum 0, check 11 -> 0.
        assert!(check_nhs_number("0000000000").is_ok());
    }
}
