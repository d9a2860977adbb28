//! Did you mean…? The likely intended word when one typed is not in a
//! closed list: a need, a source, a service id, a referral ID.

/// The entry of `known` that `typed` most likely meant: one it starts or
/// that holds it as a part (`nurse` → `practice-nurse`, `lonely` →
/// `loneliness`), else the closest in spelling, if close enough.
pub fn likely<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let known: Vec<&str> = known.into_iter().collect();
    let stem = |s: &str| s.chars().take(5).collect::<String>();
    let part = known.iter().find(|k| {
        k.split('-')
            .any(|p| p == typed || (typed.len() >= 4 && p.starts_with(&stem(&typed))))
    });
    if let Some(k) = part {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&typed, k), *k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// ", did you mean `x`?" for a message, or nothing.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    likely(typed, known).map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::likely;

    #[test]
    fn likely_meanings() {
        let needs = ["loneliness", "mental-wellbeing", "food", "housing", "benefits-debt"];
        assert_eq!(likely("lonely", needs), Some("loneliness"));
        assert_eq!(likely("lonliness", needs), Some("loneliness"));
        assert_eq!(likely("debt", needs), Some("benefits-debt"));
        assert_eq!(likely("Housing", needs), Some("housing"));
        assert_eq!(likely("gardening", needs), None);
        let sources = ["gp", "practice-nurse", "pharmacy", "self"];
        assert_eq!(likely("nurse", sources), Some("practice-nurse"));
        let services = ["walking-for-health", "age-uk-befriending"];
        assert_eq!(likely("walking-for-helth", services), Some("walking-for-health"));
        assert_eq!(likely("", services), None);
    }
}
