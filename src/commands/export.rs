//! `sprx export snomed` — the SNOMED CT coded events GP practices record
//! (acceptance 871731000000106, declined by the person 871711000000103), one
//! row each; referrals without an NHS number are warned about, not dropped
//! silently — and `sprx export person ID`: everything held about the person,
//! every referral of theirs with its full history, as JSON for a subject
//! access request.

use serde::Serialize;
use serde_json::json;

use super::{Ctx, Out};
use crate::cli::{ExportArgs, ExportPersonArgs, ExportSnomedArgs, ExportWhat};
use crate::error::{Error, Result};
use crate::model::referral::Referral;
use crate::model::snomed::coded_events;
use crate::render::{self, Table};
use crate::store::Pick;
use crate::store::StoreError;

pub fn run(a: ExportArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    match a.what {
        ExportWhat::Snomed(a) => snomed(a, ctx, out),
        ExportWhat::Person(a) => person(a, ctx, out),
    }
}

fn snomed(a: ExportSnomedArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let period = a.period.resolve(ctx.today())?;
    let mut rows = Vec::new();
    let mut uncoded = Vec::new();
    for r in cb.summaries(&cb.head()?)? {
        let events: Vec<_> = coded_events(&r)
            .into_iter()
            .filter(|e| period.is_none_or(|p| p.contains(e.date)))
            .collect();
        match (&r.person.nhs_number, events.is_empty()) {
            (_, true) => {}
            (Some(nhs), false) => rows.extend(events.into_iter().map(|e| (e, nhs.clone(), r.id.to_string()))),
            (None, false) => uncoded.push(format!(
                "{} ({} event{})",
                r.id,
                events.len(),
                if events.len() == 1 { "" } else { "s" }
            )),
        }
    }
    rows.sort_by(|a, b| (a.0.date, &a.2, a.0.concept_id).cmp(&(b.0.date, &b.2, b.0.concept_id)));
    let mut table = Table::new(&["nhs_number", "date", "concept_id", "term", "referral_id"]);
    for (e, nhs, id) in rows {
        table.push(vec![
            json!(nhs),
            json!(e.date.to_string()),
            json!(e.concept_id),
            json!(e.term),
            json!(id),
        ]);
    }
    if !uncoded.is_empty() {
        out.warn(&format!(
            "{} coded events but no NHS number, so they are not in the export: {}",
            match uncoded.len() {
                1 => "1 referral has".to_string(),
                n => format!("{n} referrals have"),
            },
            uncoded.join(", ")
        ));
    }
    out.print(&table.render(a.format))
}

#[derive(Serialize)]
struct Version {
    date: String,
    commit: String,
    event: String,
    record: Option<Referral>,
}

#[derive(Serialize)]
struct Held {
    id: String,
    record: Referral,
    history: Vec<Version>,
}

fn person(a: ExportPersonArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let r = cb.find_referral(&head, &a.id)?;
    // An erased referral holds nobody: say when it was erased.
    if let Some(bytes) = cb.read_file(&head, crate::check::ERASURE_LOG)?
        && let Ok(log) = serde_yaml::from_slice::<Vec<crate::model::erasure::Erasure>>(&bytes)
        && let Some(erased) = log.iter().find(|e| e.id == r.id.to_string())
    {
        return Err(Error::failed(format!(
            "{} was erased on {} ({}); sprx holds no personal data for it",
            r.id, erased.date, erased.reason
        ))
        .with_hint("say so in the reply to the request; clones and backups made outside sprx are not covered"));
    }
    // The same person: the same NHS number, or the same name and date of birth.
    let same = |o: &Referral| match (&r.person.nhs_number, &o.person.nhs_number) {
        (Some(a), Some(b)) => a == b,
        _ => {
            o.person.date_of_birth == r.person.date_of_birth
                && o.person.name.to_lowercase() == r.person.name.to_lowercase()
        }
    };
    let mut held = Vec::new();
    for other in cb.summaries(&head)?.iter().filter(|o| same(o)) {
        let record = cb
            .read_referral(&head, &other.id)?
            .ok_or_else(|| StoreError::NoSuchReferral(other.id.to_string()))?;
        let mut versions = Vec::new();
        for change in cb.history(&other.id)? {
            let then = cb.view(&Pick::At(change.commit.to_string()));
            versions.push(Version {
                date: change.date.to_rfc3339(),
                commit: change.commit.to_string(),
                event: change.event,
                record: then.and_then(|v| cb.read_referral(&v, &other.id)).ok().flatten(),
            });
        }
        held.push(Held {
            id: other.id.to_string(),
            record,
            history: versions,
        });
    }
    let export = json!({
        "exported": ctx.now.to_rfc3339(),
        "casebook": head.settings.casebook.name,
        "person": { "name": r.person.name, "date_of_birth": r.person.date_of_birth, "nhs_number": r.person.nhs_number },
        "referrals": held,
    });
    out.print(&render::json(&export))
}
