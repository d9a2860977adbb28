//! The message back to the GP and referrer at the end of an episode (or as
//! an update while it runs), in the PRSB Social Prescribing Information
//! Standard's groups: the person's identifiers; the reason for referral;
//! what matters to them; support offered and services connected; wellbeing
//! measures first → last with what the change means; the outcome; and the
//! SNOMED CT codes to record. Contact notes are internal and appear only
//! when asked for.

use chrono::NaiveDate;

use crate::model::measures::first_to_last;
use crate::model::person::age_on;
use crate::model::policy::Thresholds;
use crate::model::referral::{ConnectionKind, Referral, Status};
use crate::model::service::Service;
use crate::model::snomed::coded_events;
use crate::model::taxonomy::name_of;

/// Who the letter is from and what it may include.
pub struct LetterContext<'a> {
    pub service_name: &'a str,
    pub worker: &'a str,
    pub today: NaiveDate,
    pub services: &'a [Service],
    pub thresholds: &'a Thresholds,
    pub include_notes: bool,
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A kebab-case name as words: "long-term-condition" → "long-term condition".
fn words(name: &str) -> String {
    match name {
        "long-term-condition" => "long-term condition".into(),
        "gp" => "GP".into(),
        "vcse" => "voluntary, community or social enterprise organisation".into(),
        other => other.replace('-', " "),
    }
}

fn tool_name(group: &str) -> String {
    match group {
        "swemwbs" => {
            "SWEMWBS (short Warwick-Edinburgh Mental Wellbeing Scale, metric score 7–35; higher is better)".into()
        }
        "wemwbs" => "WEMWBS (Warwick-Edinburgh Mental Wellbeing Scale, 14–70; higher is better)".into(),
        "ucla3" => "UCLA 3-item loneliness scale (3–9; lower is less lonely)".into(),
        other => match other.strip_prefix("ons4-") {
            Some("anxiety") => "ONS4 anxiety yesterday (0–10; lower is better)".into(),
            Some(item) => format!("ONS4 {item} (0–10; higher is better)"),
            None => other.into(),
        },
    }
}

fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A section: its heading, and its lines (paragraphs, or `- ` bullets).
type Section = (String, Vec<String>);

/// The letter: its title, the opening lines, and the sections.
struct Parts {
    title: String,
    opening: Vec<String>,
    sections: Vec<Section>,
}

fn sections(r: &Referral, c: &LetterContext<'_>) -> Parts {
    let p = &r.person;
    let first_name = p.name.split_whitespace().next().unwrap_or(&p.name).to_string();
    let closed = r.status == Status::Closed;
    let title = if closed {
        "Social prescribing: end of episode summary"
    } else {
        "Social prescribing: progress update"
    };
    let nhs = p.nhs_number.as_ref().map(|n| {
        let (a, rest) = n.split_at(3.min(n.len()));
        let (b, c) = rest.split_at(3.min(rest.len()));
        format!("NHS number {a} {b} {c}")
    });
    // "Dr A Smith, Riverside Surgery" is greeted as "Dr A Smith".
    let addressee = r
        .referral
        .referrer
        .as_deref()
        .and_then(|v| v.split(',').next())
        .map_or("colleague".into(), |v| v.trim().to_string());
    let mut opening = vec![
        c.service_name.to_string(),
        long_date(c.today),
        String::new(),
        format!(
            "To: {}",
            r.referral
                .referrer
                .clone()
                .unwrap_or_else(|| "the referrer and the person's GP practice".into())
        ),
        String::new(),
        format!("Dear {addressee},"),
        String::new(),
    ];
    let mut who = vec![p.name.clone(), format!("born {}", long_date(p.date_of_birth))];
    who.extend(nhs);
    opening.push(format!("Re: {} (our reference {})", who.join(", "), r.id));
    opening.push(String::new());
    let how = if closed { "has now ended" } else { "is under way" };
    opening.push(format!(
        "Thank you for referring {first_name} to social prescribing on {}. This letter summarises the support, which {how}.",
        long_date(r.referral.received)
    ));

    let mut out = Vec::new();
    let mut reason = vec![format!(
        "Referred by {} ({}), received {}, age {} then.",
        r.referral.referrer.clone().unwrap_or_else(|| "the referrer".into()),
        words(&r.referral.source),
        long_date(r.referral.received),
        age_on(p.date_of_birth, r.referral.received)
    )];
    let needs: Vec<String> = r.referral.needs.iter().map(|n| words(n)).collect();
    reason.push(format!("Needs and concerns: {}.", needs.join(", ")));
    if let Some(n) = &r.referral.notes {
        reason.push(format!("Referral notes: {n}"));
    }
    // The letter is about the latest episode; an earlier one is named.
    let e = r.episode();
    if let Some(from) = e.reopened_from {
        reason.push(format!(
            "Reopened on {} after it was {} (episode {} of this referral).",
            long_date(e.opened),
            name_of(&from),
            r.episodes.len()
        ));
    }
    out.push(("Reason for referral".to_string(), reason));

    if let Some(plan) = &e.plan {
        out.push((
            format!("What matters to {first_name}"),
            vec![format!("\"{}\"", plan.what_matters)],
        ));
    }

    let mut support = Vec::new();
    if let Some(t) = &e.triage {
        support.push(format!("Triage: {} on {}.", name_of(&t.decision), long_date(t.date)));
    }
    if let Some(plan) = &e.plan {
        support.push(format!("Personalised plan agreed on {}.", long_date(plan.agreed)));
        for g in &plan.goals {
            support.push(format!("- Goal {}: {} — {}", g.id, g.text, words(&name_of(&g.status))));
        }
        for link in &plan.connections {
            let name = c
                .services
                .iter()
                .find(|s| s.id == link.service)
                .map_or(link.service.as_str(), |s| s.name.as_str());
            let how = if link.kind == ConnectionKind::Referral {
                "Referred to"
            } else {
                "Signposted to"
            };
            support.push(format!("- {how} {name} ({})", long_date(link.date)));
        }
    }
    let attended: Vec<_> = e.contacts.iter().filter(|c| c.attended).collect();
    let minutes: u32 = attended.iter().filter_map(|c| c.minutes).sum();
    let missed = e.contacts.len() - attended.len();
    if !e.contacts.is_empty() {
        let time = match (minutes / 60, minutes % 60) {
            (0, m) => format!("{m} min"),
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        };
        support.push(format!(
            "Contacts: {} attended ({time} in all), {missed} not attended or not answered.",
            attended.len(),
        ));
    }
    if support.is_empty() {
        support.push("No support has been recorded yet.".into());
    }
    out.push(("Support offered".to_string(), support));

    let measures = e.working_measures();
    let changes = first_to_last(&measures);
    let mut wellbeing: Vec<String> = changes
        .iter()
        .map(|ch| {
            let meaning = if ch.improved(c.thresholds) {
                "a meaningful improvement"
            } else if ch.change() == 0.0 {
                "no change"
            } else {
                "not a meaningful improvement"
            };
            format!(
                "- {}: {} on {} → {} on {} (change {}{}; {meaning})",
                tool_name(&ch.group),
                number(ch.first.1),
                long_date(ch.first.0),
                number(ch.last.1),
                long_date(ch.last.0),
                if ch.change() > 0.0 { "+" } else { "" },
                number(ch.change()),
            )
        })
        .collect();
    if wellbeing.is_empty() {
        let single = measures.len();
        wellbeing.push(if single == 0 {
            "No wellbeing measures were recorded.".into()
        } else {
            "Wellbeing was measured once, so there is no change to report.".into()
        });
    }
    let follow_ups = e.measures.iter().filter(|m| m.follow_up).count();
    if follow_ups > 0 {
        wellbeing.push(format!("Follow-up measures after the closure: {follow_ups}."));
    }
    out.push(("Wellbeing".to_string(), wellbeing));

    let outcome = match &e.closure {
        Some(cl) => {
            let mut lines = vec![format!(
                "The episode closed on {}: {}.",
                long_date(cl.date),
                words(&name_of(&cl.outcome))
            )];
            if let Some(n) = &cl.note {
                lines.push(n.clone());
            }
            lines
        }
        None => vec![format!("The episode is still open ({}).", words(&name_of(&r.status)))],
    };
    out.push(("Outcome".to_string(), outcome));

    let codes: Vec<String> = coded_events(r)
        .iter()
        .map(|e| format!("- {} {} — {}", e.concept_id, e.term, long_date(e.date)))
        .collect();
    if !codes.is_empty() {
        out.push(("Please record (SNOMED CT)".to_string(), codes));
    }
    if c.include_notes {
        let notes: Vec<String> = e
            .contacts
            .iter()
            .filter_map(|n| {
                n.note
                    .as_ref()
                    .map(|t| format!("- {} ({}): {t}", long_date(n.date), words(&name_of(&n.mode))))
            })
            .collect();
        if !notes.is_empty() {
            out.push(("Contact notes (internal)".to_string(), notes));
        }
    }
    Parts {
        title: title.to_string(),
        opening,
        sections: out,
    }
}

/// The letter as Markdown, or as plain text when `markdown` is false.
pub fn letter(r: &Referral, c: &LetterContext<'_>, markdown: bool) -> String {
    let Parts {
        title,
        opening,
        sections: body,
    } = sections(r, c);
    let mut s = String::new();
    let heading = |text: &str, level: usize| {
        if markdown {
            format!("{} {text}\n\n", "#".repeat(level))
        } else {
            format!(
                "{text}\n{}\n\n",
                if level == 1 { "=" } else { "-" }.repeat(text.chars().count())
            )
        }
    };
    s.push_str(&heading(&title, 1));
    for line in opening {
        s.push_str(&line);
        s.push('\n');
    }
    s.push('\n');
    for (name, lines) in body {
        s.push_str(&heading(&name, 2));
        for line in lines {
            let line = match line.strip_prefix("- ") {
                Some(item) if !markdown => format!("  * {item}"),
                _ => line,
            };
            s.push_str(&line);
            s.push('\n');
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "Yours sincerely,\n\n{}\nSocial prescribing link worker, {}\n",
        c.worker, c.service_name
    ));
    s
}
