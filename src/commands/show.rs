//! `sprx show ID [--format text|yaml|json]`: one referral as committed, with
//! the values derived from it today (age, days open, scores, flags). When
//! the file holds an edit not yet committed, it says so.

use std::fmt::Write;

use serde::Serialize;

use super::{Ctx, Out};
use crate::cli::{ShowArgs, ShowFormat};
use crate::error::Result;
use crate::model::derived::{Derived, derive};
use crate::model::referral::{ConnectionKind, Referral};
use crate::model::taxonomy::name_of;
use crate::render;

/// The record with its derived values beside it.
#[derive(Serialize)]
struct Shown<'a> {
    #[serde(flatten)]
    referral: &'a Referral,
    derived: Derived,
}

pub fn run(a: ShowArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let view = cb.view(&ctx.pick(&a.read))?;
    let r = cb.find_referral(&view, &a.id)?;
    let path = r.id.path();
    let at_head = a.read.as_of.is_none() && a.read.at.is_none();
    if at_head && let Ok(working) = std::fs::read(cb.root.join(&path)) {
        let committed = cb.read_file(&view, &path)?;
        if committed.as_deref() != Some(working.as_slice()) {
            out.warn(&format!(
                "{path} holds changes not yet committed; this is the committed record (git diff HEAD -- {path} shows the rest)"
            ));
        }
    }
    let derived = derive(&r, &view.settings.policy, ctx.view_day(&a.read, &view));
    let shown = Shown { referral: &r, derived };
    let text = match a.format {
        ShowFormat::Json => render::json(&shown),
        ShowFormat::Yaml => crate::yaml::to_yaml("", &shown),
        ShowFormat::Text => render::fit(&as_text(&r, &shown.derived)),
    };
    out.print(&text)
}

fn as_text(r: &Referral, d: &Derived) -> String {
    let mut s = String::new();
    let p = &r.person;
    let _ = writeln!(s, "{}  {}  ({})", r.id, p.name, name_of(&r.status));
    let _ = writeln!(
        s,
        "  born {} (age {}, {} when referred)",
        p.date_of_birth, d.age, d.age_at_referral
    );
    let contact_details: Vec<String> = [
        p.nhs_number.as_ref().map(|n| {
            format!(
                "NHS number {} {} {}",
                &n[..3.min(n.len())],
                n.get(3..6).unwrap_or(""),
                n.get(6..).unwrap_or("")
            )
        }),
        p.phone.as_ref().map(|v| format!("phone {v}")),
        p.email.as_ref().map(|v| format!("email {v}")),
        p.preferred_contact.as_ref().map(|v| format!("prefers {}", name_of(v))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !contact_details.is_empty() {
        let _ = writeln!(s, "  {}", contact_details.join(", "));
    }
    let m = &p.monitoring;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let monitoring: Vec<String> = [
        m.gender.map(|g| format!("gender {}", name_of(&g))),
        m.ethnic_category.map(|c| format!("ethnic category {}", name_of(&c))),
        m.postcode.as_ref().map(|v| format!("postcode {v}")),
        m.gp_practice.as_ref().map(|v| format!("GP practice {v}")),
        m.carer.map(|c| format!("carer {}", yes_no(c))),
        m.language.as_ref().map(|v| format!("language {v}")),
        m.interpreter_needed
            .map(|i| format!("interpreter needed {}", yes_no(i))),
        p.consent_to_share_with_gp
            .as_ref()
            .map(|c| format!("consent to share with GP {} ({})", yes_no(c.given), c.date)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !monitoring.is_empty() {
        let _ = writeln!(s, "  {}", monitoring.join(", "));
    }
    let q = &r.referral;
    let by = q.referrer.as_ref().map(|v| format!(" ({v})")).unwrap_or_default();
    let _ = writeln!(
        s,
        "\nReferral  received {} from {}{by}; open {} day{}",
        q.received,
        q.source,
        d.days_open,
        if d.days_open == 1 { "" } else { "s" }
    );
    let _ = writeln!(s, "  needs: {}", q.needs.join(", "));
    if let Some(n) = &q.notes {
        let _ = writeln!(s, "  notes: {n}");
    }
    for (n, e) in r.episodes.iter().enumerate() {
        if n == 0 && r.episodes.len() > 1 {
            let _ = writeln!(s, "Episode 1  opened {}", e.opened);
        }
        if let Some(from) = e.reopened_from {
            let note = e.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
            let _ = writeln!(
                s,
                "\nEpisode {}  reopened {} (was {}){note}",
                n + 1,
                e.opened,
                name_of(&from)
            );
        }
        if let Some(t) = &e.triage {
            let detail = match (&t.priority, &t.decline_reason) {
                (Some(p), _) => format!("priority {}", name_of(p)),
                (_, Some(reason)) => format!("reason {}", name_of(reason)),
                _ => String::new(),
            };
            let _ = writeln!(s, "Triage    {} {}, {detail}", t.date, name_of(&t.decision));
            if let Some(n) = &t.note {
                let _ = writeln!(s, "  note: {n}");
            }
        }
        if let Some(p) = e.priority {
            let _ = writeln!(s, "Priority  {} (corrected after triage)", name_of(&p));
        }
        if let Some(plan) = &e.plan {
            let review = plan.review_due.map(|d| format!(", review due {d}")).unwrap_or_default();
            let _ = writeln!(s, "Plan      agreed {}{review}", plan.agreed);
            let _ = writeln!(s, "  what matters: {}", plan.what_matters);
            for g in &plan.goals {
                let _ = writeln!(s, "  goal {}: {} [{}]", g.id, g.text, name_of(&g.status));
            }
            for c in &plan.connections {
                let how = if c.kind == ConnectionKind::Referral {
                    "referred to"
                } else {
                    "signposted to"
                };
                let _ = writeln!(s, "  {} {how} {}", c.date, c.service);
            }
        }
        if !e.contacts.is_empty() {
            let attended = e.contacts.iter().filter(|c| c.attended).count();
            let missed = e.contacts.len() - attended;
            let last = e.contacts.iter().filter(|c| c.attended).map(|c| c.date).max();
            let last = last.map(|l| format!(", last {l}")).unwrap_or_default();
            let _ = writeln!(s, "Contacts  {attended} attended, {missed} did not attend{last}");
            for c in &e.contacts {
                let minutes = c.minutes.map(|m| format!(" {m} min")).unwrap_or_default();
                let dna = if c.attended { "" } else { " — did not attend" };
                let dna = if c.follow_up {
                    format!("{dna} (follow-up)")
                } else {
                    dna.to_string()
                };
                let note = c.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
                let _ = writeln!(s, "  {} {}{minutes}{dna}{note}", c.date, name_of(&c.mode));
            }
        }
        if !e.measures.is_empty() {
            let _ = writeln!(s, "Measures");
            for m in &e.measures {
                let follow_up = if m.follow_up { " (follow-up)" } else { "" };
                let score = m.tool.score(&m.items).summary();
                let _ = writeln!(s, "  {} {}: {score}{follow_up}", m.date, name_of(&m.tool));
            }
        }
        if let Some(c) = &e.closure {
            let note = c.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
            let _ = writeln!(s, "Closed    {} {}{note}", c.date, name_of(&c.outcome));
        }
        for o in &e.reopened {
            let note = o.note.as_ref().map(|n| format!(": {n}")).unwrap_or_default();
            let _ = writeln!(s, "Reopened  {} (was {}){note}", o.date, name_of(&o.from));
        }
    }
    if !d.flags.is_empty() {
        let flags: Vec<&str> = d.flags.iter().map(|f| f.name()).collect();
        let _ = writeln!(s, "\nFlags: {}", flags.join(", "));
    }
    s
}
