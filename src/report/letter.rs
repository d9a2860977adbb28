//! The message back to the GP and referrer, in the PRSB Social Prescribing
//! Information Standard's groups: the person's identifiers; the reason for
//! referral; what matters to them; support offered and services connected;
//! wellbeing measures first → last with what the change means; the outcome;
//! and the SNOMED CT codes to record. It fits the case ([`Case`]): a
//! declined referral gets the reason and what the referrer may do instead,
//! not a summary of support; a self-referral is written to the person's GP
//! practice, with no thanks for referring; an open episode is an update,
//! a closed one a summary, and one followed up after closing gives the
//! follow-up measures. Contact notes are internal and appear only when
//! asked for. Lines are wrapped to 80 columns between words.

use chrono::NaiveDate;

use crate::model::measures::{first_to_follow_up, first_to_last};
use crate::model::person::age_on;
use crate::model::policy::Thresholds;
use crate::model::referral::{ConnectionKind, Referral, Status};
use crate::model::service::Service;
use crate::model::snomed::coded_events;
use crate::model::taxonomy::{DeclineReason, name_of};

/// Letters are wrapped to this many columns.
const WIDTH: usize = 80;

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
        "benefits-debt" => "benefits and debt".into(),
        "forms-applications" => "forms and applications".into(),
        "family-friend" => "family or a friend".into(),
        other => other.replace('-', " "),
    }
}

/// Who referred, from the source alone, as a letter says it.
fn referred_by(source: &str) -> String {
    match source {
        "gp" => "the GP practice".into(),
        "practice-nurse" => "a practice nurse".into(),
        "pharmacy" => "a pharmacy".into(),
        "mental-health-team" => "the mental health team".into(),
        "hospital-discharge" => "the hospital discharge team".into(),
        "allied-health" => "an allied health professional".into(),
        "social-care" => "adult social care".into(),
        "housing" => "the housing service".into(),
        "police" => "the police".into(),
        "fire-service" => "the fire service".into(),
        "job-centre" => "the Jobcentre".into(),
        "vcse" => "a voluntary, community or social enterprise organisation".into(),
        "older-peoples-service" => "an older people's service".into(),
        "family-friend" => "family or a friend".into(),
        other => format!("the referrer ({})", words(other)),
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

/// What the letter is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// Not taken on at triage.
    Declined,
    /// New, accepted or active: an update.
    Open,
    /// The episode has ended.
    Closed,
    /// Ended, and followed up since.
    FollowUp,
}

impl Case {
    pub fn of(r: &Referral) -> Case {
        match r.status {
            Status::Declined => Case::Declined,
            Status::Closed if r.episode().measures.iter().any(|m| m.follow_up) => Case::FollowUp,
            Status::Closed => Case::Closed,
            _ => Case::Open,
        }
    }
}

/// What the referrer (or the person) may do after a decline for `reason`.
fn instead(reason: DeclineReason) -> &'static str {
    match reason {
        DeclineReason::UnderAge => {
            "We take referrals for adults (18 and over). Children's and young people's services, or the school nursing team, may be able to help."
        }
        DeclineReason::OutOfScope => {
            "What is needed is outside what social prescribing offers; please consider a service better suited to it, or call us to talk it through."
        }
        DeclineReason::SocialServices => {
            "This needs adult social care: please refer to the local authority's adult social care team."
        }
        DeclineReason::PersonDeclined => {
            "The person did not want social prescribing at this time. They are welcome to be referred again, or to refer themselves, whenever they wish."
        }
        DeclineReason::Duplicate => {
            "We are already working with the person under another referral, so nothing more is needed."
        }
        DeclineReason::Withdrawn => "The referral was withdrawn; nothing more is needed unless it is made again.",
        DeclineReason::Other => "Please see the note above, or call us to talk it through.",
    }
}

fn sections(r: &Referral, c: &LetterContext<'_>) -> Parts {
    let p = &r.person;
    let first_name = p.name.split_whitespace().next().unwrap_or(&p.name).to_string();
    let case = Case::of(r);
    let title = match case {
        Case::Declined => "Social prescribing: referral not taken on",
        Case::Open if r.status == Status::New => "Social prescribing: referral received",
        Case::Open => "Social prescribing: progress update",
        Case::Closed => "Social prescribing: end of episode summary",
        Case::FollowUp => "Social prescribing: follow-up after the episode",
    };
    let self_referred = r.referral.source == "self";
    let nhs = p.nhs_number.as_ref().map(|n| {
        let (a, rest) = n.split_at(3.min(n.len()));
        let (b, c) = rest.split_at(3.min(rest.len()));
        format!("NHS number {a} {b} {c}")
    });
    // "Dr A Smith, Riverside Surgery" is greeted as "Dr A Smith".
    // A self-referral is written to the person's GP practice.
    let referrer = r.referral.referrer.as_deref().filter(|_| !self_referred);
    let addressee = referrer
        .and_then(|v| v.split(',').next())
        .map_or("colleague".into(), |v| v.trim().to_string());
    let to = match (referrer, self_referred) {
        (Some(v), _) => v.to_string(),
        (None, true) => "the person's GP practice".into(),
        (None, false) => "the referrer and the person's GP practice".into(),
    };
    let mut opening = vec![
        c.service_name.to_string(),
        long_date(c.today),
        String::new(),
        format!("To: {to}"),
        String::new(),
        format!("Dear {addressee},"),
        String::new(),
    ];
    let mut who = vec![p.name.clone(), format!("born {}", long_date(p.date_of_birth))];
    who.extend(nhs);
    opening.push(format!("Re: {} (our reference {})", who.join(", "), r.id));
    opening.push(String::new());
    let received = long_date(r.referral.received);
    let first = if self_referred {
        format!("{first_name} referred themselves to social prescribing on {received}.")
    } else {
        format!("Thank you for referring {first_name} to social prescribing on {received}.")
    };
    let then = match case {
        Case::Declined => "We have not been able to take the referral on; this letter says why.",
        Case::Open if r.status == Status::New => "We will triage it and write again when support starts.",
        Case::Open if r.status == Status::Accepted => {
            "We have taken the referral on; this letter says what happens next."
        }
        Case::Open => "This letter summarises the support so far, which is under way.",
        Case::Closed => "This letter summarises the support, which has now ended.",
        Case::FollowUp => {
            "This letter summarises the support, which has ended, and how the person was when we followed up."
        }
    };
    opening.push(format!("{first} {then}"));

    let mut out = Vec::new();
    let mut reason = vec![format!(
        "Referred by {}, received {}, age {} then.",
        match (&r.referral.referrer, self_referred) {
            (_, true) => "themselves (a self-referral)".to_string(),
            (Some(who), false) => format!("{who} ({})", words(&r.referral.source)),
            (None, false) => referred_by(&r.referral.source),
        },
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
    if case == Case::Declined {
        let mut decision = Vec::new();
        if let Some(t) = &e.triage {
            let reason = t.decline_reason.unwrap_or(DeclineReason::Other);
            decision.push(format!(
                "On {} we decided not to take the referral on: {}.",
                long_date(t.date),
                words(&name_of(&reason))
            ));
            if let Some(n) = &t.note {
                decision.push(n.clone());
            }
            decision.push(match (reason, &t.note) {
                (DeclineReason::Other, None) => "Please call us to talk it through.".to_string(),
                _ => instead(reason).to_string(),
            });
        }
        out.push(("Decision".to_string(), decision));
        push_codes(r, &mut out);
        return Parts {
            title: title.to_string(),
            opening,
            sections: out,
        };
    }

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
            (0, 0) => String::new(),
            (0, m) => format!(" ({m} min in all)"),
            (h, 0) => format!(" ({h} h in all)"),
            (h, m) => format!(" ({h} h {m} min in all)"),
        };
        support.push(format!(
            "Contacts: {} attended{time}, {missed} not attended or not answered.",
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
    let followed_up = e.measures.iter().any(|m| m.follow_up);
    if wellbeing.is_empty() {
        let single = measures.len();
        wellbeing.push(if single == 0 && followed_up {
            "No wellbeing measures were recorded during the episode.".into()
        } else if single == 0 {
            "No wellbeing measures were recorded.".into()
        } else {
            "Wellbeing was measured once, so there is no change to report.".into()
        });
    }
    // A follow-up with a tool not used during the episode has nothing to
    // compare with: its score is given as it is.
    for m in e.measures.iter().filter(|m| m.follow_up) {
        if !measures.iter().any(|w| w.tool == m.tool) {
            wellbeing.push(format!(
                "- Follow-up on {}: {} {} (not measured during the episode, so no change to report).",
                long_date(m.date),
                tool_name(&name_of(&m.tool)),
                m.tool.score(&m.items).summary(),
            ));
        }
    }
    for ch in first_to_follow_up(e, |_| true) {
        let date = ch.last.0;
        wellbeing.push(format!(
            "- Follow-up on {}: {} {} at first → {} (change {}{}; {})",
            long_date(date),
            tool_name(&ch.group),
            number(ch.first.1),
            number(ch.last.1),
            if ch.change() > 0.0 { "+" } else { "" },
            number(ch.change()),
            if ch.improved(c.thresholds) {
                "a meaningful improvement"
            } else {
                "not a meaningful improvement"
            },
        ));
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
        None => vec![match r.status {
            Status::New => "The referral is waiting to be triaged.".to_string(),
            Status::Accepted => "The referral is accepted; the first plan is still to be agreed.".to_string(),
            _ => "Support is under way; we will write again when the episode ends.".to_string(),
        }],
    };
    out.push(("Outcome".to_string(), outcome));
    push_codes(r, &mut out);
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

/// The SNOMED CT codes the practice should record, if any.
fn push_codes(r: &Referral, out: &mut Vec<Section>) {
    let codes: Vec<String> = coded_events(r)
        .iter()
        .map(|e| format!("- {} {} — {}", e.concept_id, e.term, long_date(e.date)))
        .collect();
    if !codes.is_empty() {
        out.push(("Please record (SNOMED CT)".to_string(), codes));
    }
}

/// `line` with the spaces inside each long date ("4 July 2026") made
/// non-breaking, so wrapping never splits a date.
fn dates_whole(line: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let words: Vec<&str> = line.split(' ').collect();
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let day = words[i - 1].len() <= 2 && words[i - 1].chars().all(|c| c.is_ascii_digit());
            let month_before = MONTHS.contains(&words[i - 1]);
            let year = word.chars().take_while(char::is_ascii_digit).count() == 4;
            let joined = (day && MONTHS.contains(word)) || (month_before && year);
            out.push(if joined { '\u{a0}' } else { ' ' });
        }
        out.push_str(word);
    }
    out
}

/// One line wrapped to `width` between words; a `- ` or `  * ` item's
/// further lines are indented under its text.
fn wrap_line(line: &str, width: usize) -> String {
    let indent = if line.starts_with("- ") {
        2
    } else if line.starts_with("  * ") {
        4
    } else {
        0
    };
    let wrapped = crate::render::wrap(&dates_whole(line), width - indent).replace('\u{a0}', " ");
    let pad = " ".repeat(indent);
    let mut lines = wrapped.lines();
    let mut out = lines.next().unwrap_or_default().to_string();
    for rest in lines {
        out.push('\n');
        out.push_str(&pad);
        out.push_str(rest.trim_start());
    }
    out
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
        s.push_str(&wrap_line(&line, WIDTH));
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
            s.push_str(&wrap_line(&line, WIDTH));
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
