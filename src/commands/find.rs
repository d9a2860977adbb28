//! `sprx find TEXT [--format table|csv|json]`: referrals whose person's
//! name, NHS number (any spacing), phone or email, or whose notes, hold
//! TEXT — case and accents aside — newest first, with what matched.

use serde_json::json;

use super::{Ctx, Out};
use crate::cli::FindArgs;
use crate::error::{Error, Result};
use crate::model::referral::Referral;
use crate::model::taxonomy::name_of;
use crate::render::Table;
use crate::yaml;

pub fn run(a: FindArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let wanted = fold(a.text.trim());
    if wanted.is_empty() {
        return Err(Error::usage("there is nothing to find")
            .with_hint("give some text: part of a name, an NHS number, a phone number, e.g. sprx find hill"));
    }
    let cb = ctx.open(out)?;
    let view = cb.head()?;
    let mut found: Vec<(Referral, &'static str)> = Vec::new();
    for (id, blob) in cb.referral_entries(&view)? {
        let path = id.path();
        let record: Referral = yaml::parse(&path, &cb.read_blob(blob, &path)?)?;
        if let Some(field) = matches(&record, &wanted) {
            found.push((record, field));
        }
    }
    found.sort_by(|(a, _), (b, _)| (b.referral.received, &b.id).cmp(&(a.referral.received, &a.id)));
    let mut table = Table::new(&["id", "name", "date_of_birth", "status", "received", "matched"]).optional(&[
        "matched",
        "received",
        "date_of_birth",
    ]);
    for (r, field) in &found {
        table.push(vec![
            json!(r.id.to_string()),
            json!(r.person.name),
            json!(r.person.date_of_birth.to_string()),
            json!(name_of(&r.status)),
            json!(r.referral.received.to_string()),
            json!(field),
        ]);
    }
    if found.is_empty() {
        out.note(&format!("no referral holds \"{}\"", a.text.trim()));
    }
    out.print(&table.render(a.format))
}

/// Which field of `r` holds `wanted` (folded), if any.
fn matches(r: &Referral, wanted: &str) -> Option<&'static str> {
    let p = &r.person;
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let wanted_digits = digits(wanted);
    let number = wanted_digits.len() >= 3 && wanted.chars().all(|c| c.is_ascii_digit() || " -()+".contains(c));
    let holds = |text: &str| fold(text).contains(wanted);
    if holds(&p.name) {
        return Some("name");
    }
    if number
        && p.nhs_number
            .as_deref()
            .is_some_and(|n| digits(n).contains(&wanted_digits))
    {
        return Some("nhs_number");
    }
    if number && p.phone.as_deref().is_some_and(|n| digits(n).contains(&wanted_digits)) {
        return Some("phone");
    }
    if p.email.as_deref().is_some_and(holds) {
        return Some("email");
    }
    let notes = r.referral.notes.iter().chain(
        r.episodes
            .iter()
            .flat_map(|e| e.contacts.iter().filter_map(|c| c.note.as_ref())),
    );
    notes.into_iter().any(|n| holds(n)).then_some("notes")
}

/// Text for matching: lower case, accents taken off Latin letters, runs of
/// spaces as one.
pub fn fold(text: &str) -> String {
    const FROM: &str = "àáâãäåāăąçćčďèéêëēėęěìíîïīįłñńňòóôõöøōőřśšşťùúûüūůűųýÿžźż";
    const TO: &str = "aaaaaaaaacccdeeeeeeeeiiiiiilnnnoooooooorssstuuuuuuuuyyzzz";
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match FROM.chars().position(|f| f == c) {
            Some(i) => TO.chars().nth(i).unwrap_or(c),
            None => c,
        };
        match c {
            'ß' => out.push_str("ss"),
            // Combining accents, as a pasted name may hold them apart from
            // their letter (e + ◌̈ for ë).
            '\u{0300}'..='\u{036f}' => {}
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_accents_and_spacing_do_not_matter() {
        assert_eq!(fold("  Zoë  BRONTË "), "zoe bronte");
        assert_eq!(fold("Łukasz Żółć"), "lukasz zolc");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Zoe\u{308} Bronte\u{308}"), "zoe bronte", "decomposed accents");
    }
}
