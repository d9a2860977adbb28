//! Amounts as reports give them: two decimals, rounded half away from zero
//! on their exact decimal value. Scores are whole numbers or SWEMWBS metric
//! scores with two decimals, so every mean, median and share is a ratio of
//! whole hundredths, and is rounded as that ratio: 4.27 ÷ 2 is 2.135 and
//! gives 2.14 (binary floating point would hold 2.13499… and give 2.13).

/// `value` in whole hundredths: exact for values with at most two decimals,
/// which every score is.
pub fn hundredths(value: f64) -> i64 {
    (value * 100.0).round() as i64
}

/// `numerator ÷ denominator` rounded half away from zero to two decimals;
/// `None` when the denominator is zero.
pub fn ratio(numerator: i64, denominator: i64) -> Option<f64> {
    rounded(numerator, denominator, 2)
}

/// `numerator ÷ denominator` rounded half away from zero to `decimals`
/// places, once, on the exact quotient; `None` when the denominator is
/// zero.
pub fn rounded(numerator: i64, denominator: i64, decimals: u32) -> Option<f64> {
    if denominator == 0 {
        return None;
    }
    let scale = 10i128.pow(decimals);
    let (n, d) = (i128::from(numerator) * scale, i128::from(denominator));
    let (quotient, remainder) = (n / d, n % d);
    let away = if 2 * remainder.abs() >= d.abs() {
        n.signum() * d.signum()
    } else {
        0
    };
    Some((quotient + away) as f64 / scale as f64)
}

/// The mean of amounts (each with at most two decimals), rounded as
/// [`ratio`] rounds; `None` for no amounts.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0i64, 0i64), |(s, n), v| (s + hundredths(v), n + 1));
    ratio(sum, n * 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_round_away_from_zero_on_the_decimal_value() {
        assert_eq!(mean([2.13, 2.14]), Some(2.14), "2.135");
        assert_eq!(mean([15.03, 15.04]), Some(15.04), "15.035");
        assert_eq!(mean([-2.13, -2.14]), Some(-2.14), "-2.135");
        assert_eq!(ratio(1, 3), Some(0.33));
        assert_eq!(ratio(2, 3), Some(0.67));
        assert_eq!(ratio(-1, 8), Some(-0.13), "-0.125");
        assert_eq!(ratio(1, 8), Some(0.13), "0.125");
        assert_eq!(ratio(5, 0), None);
        assert_eq!(mean([]), None);
    }

    #[test]
    fn a_percentage_is_rounded_once() {
        // 1 of 22 is 4.5454…%: 4.5, not 4.55 rounded again to 4.6.
        assert_eq!(rounded(100, 22, 1), Some(4.5));
        assert_eq!(rounded(100 * 21, 22, 1), Some(95.5));
        assert_eq!(rounded(1, 8, 3), Some(0.125));
    }

    #[test]
    fn floating_point_would_round_a_tie_the_other_way() {
        // Why this module exists: 2.135 is a tie in decimal that binary
        // floating point holds just below.
        assert_eq!(((2.13 + 2.14) / 2.0 * 100.0_f64).round() / 100.0, 2.13);
        assert_eq!(mean([2.13, 2.14]), Some(2.14));
    }
}
