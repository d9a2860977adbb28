//! Open Referral UK / HSDS 3.0 services mapped to sprx services. Accepts a
//! list of services or the API's paginated form (`{"contents": [...]}`).
//! Taxonomy terms (each attribute's `taxonomy_term`, by name or code) become
//! needs when they are a need already, or through `[taxonomy.terms]` in
//! `sprx.toml`; terms that map to nothing are reported, never dropped
//! silently. HSDS statuses other than `active` become `inactive`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::service::{Service, ServiceStatus, valid_service_id};
use super::taxonomy::Taxonomy;

/// What an import found.
#[derive(Debug, Default, PartialEq)]
pub struct Imported {
    pub services: Vec<Service>,
    /// Taxonomy terms that map to no need, with how many services carry each.
    pub unmapped: BTreeMap<String, usize>,
    /// Entries that could not be used, and why.
    pub skipped: Vec<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

fn age(v: &Value, key: &str) -> Option<u32> {
    match v.get(key)? {
        Value::Number(n) => n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u32),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A service id from an HSDS id: kept when it already is one, else made one.
pub fn service_id(raw: &str) -> String {
    let lower = raw.trim().to_lowercase();
    if valid_service_id(&lower) {
        return lower;
    }
    let mut id = String::new();
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').chars().take(64).collect()
}

/// How a taxonomy term is looked up: lower case, runs of spaces and
/// punctuation as one hyphen ("Loneliness & isolation" → "loneliness-isolation").
fn term_key(term: &str) -> String {
    service_id(term)
}

/// The need a term stands for, if any.
fn need_for(term: &str, taxonomy: &Taxonomy) -> Option<String> {
    if let Some(need) = taxonomy.terms.get(term).or_else(|| {
        taxonomy
            .terms
            .iter()
            .find(|(k, _)| term_key(k) == term_key(term))
            .map(|(_, v)| v)
    }) {
        return Some(need.clone());
    }
    let key = term_key(term);
    taxonomy.is_need(&key).then_some(key)
}

/// Map an ORUK / HSDS 3.0 JSON document to services.
pub fn import(doc: &Value, taxonomy: &Taxonomy) -> Imported {
    let list = match doc {
        Value::Array(items) => items.as_slice(),
        Value::Object(o) if o.get("contents").is_some_and(Value::is_array) => {
            o["contents"].as_array().map(Vec::as_slice).unwrap_or_default()
        }
        Value::Object(_) => std::slice::from_ref(doc),
        _ => &[],
    };
    let mut out = Imported::default();
    for (n, item) in list.iter().enumerate() {
        let (Some(raw_id), Some(name)) = (text(item, "id"), text(item, "name")) else {
            out.skipped.push(format!("entry {}: has no id or no name", n + 1));
            continue;
        };
        let id = service_id(&raw_id);
        if !valid_service_id(&id) {
            out.skipped
                .push(format!("entry {}: id `{raw_id}` cannot be made a service id", n + 1));
            continue;
        }
        let mut needs: Vec<String> = Vec::new();
        let terms = item.get("attributes").and_then(Value::as_array).into_iter().flatten();
        for term in terms.filter_map(|a| a.get("taxonomy_term")) {
            let label = text(term, "name").or_else(|| text(term, "code"));
            let Some(label) = label else { continue };
            let mapped = need_for(&label, taxonomy).or_else(|| text(term, "code").and_then(|c| need_for(&c, taxonomy)));
            match mapped {
                Some(need) if !needs.contains(&need) => needs.push(need),
                Some(_) => {}
                None => *out.unmapped.entry(label).or_insert(0) += 1,
            }
        }
        let address = item
            .get("service_at_locations")
            .and_then(Value::as_array)
            .and_then(|l| l.first())
            .and_then(|sal| sal.get("location"))
            .and_then(|loc| loc.get("addresses").and_then(Value::as_array).and_then(|a| a.first()))
            .map(|a| {
                ["address_1", "address_2", "city", "postal_code"]
                    .iter()
                    .filter_map(|k| text(a, k))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .filter(|a| !a.is_empty());
        let reviewed = text(item, "assured_date")
            .or_else(|| text(item, "last_modified"))
            .and_then(|d| d.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()));
        out.services.push(Service {
            id,
            name,
            organisation: item.get("organization").and_then(|o| text(o, "name")),
            description: text(item, "description"),
            needs,
            min_age: age(item, "minimum_age"),
            max_age: age(item, "maximum_age"),
            phone: item
                .get("phones")
                .and_then(Value::as_array)
                .and_then(|p| p.first())
                .and_then(|p| text(p, "number")),
            email: text(item, "email"),
            url: text(item, "url"),
            address,
            status: if text(item, "status").as_deref() == Some("active") {
                ServiceStatus::Active
            } else {
                ServiceStatus::Inactive
            },
            last_reviewed: reviewed,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_terms_are_normalised() {
        assert_eq!(
            service_id("AC148810-d857-441c-9679-408f346de14b"),
            "ac148810-d857-441c-9679-408f346de14b"
        );
        assert_eq!(
            service_id("Walking for Health (Riverside)"),
            "walking-for-health-riverside"
        );
        assert_eq!(term_key("Loneliness & Isolation"), "loneliness-isolation");
        let mut taxonomy = Taxonomy::default();
        assert_eq!(need_for("Loneliness", &taxonomy), Some("loneliness".into()));
        assert_eq!(need_for("Social isolation", &taxonomy), None);
        taxonomy.terms.insert("Social isolation".into(), "loneliness".into());
        assert_eq!(need_for("social  ISOLATION", &taxonomy), Some("loneliness".into()));
    }
}
