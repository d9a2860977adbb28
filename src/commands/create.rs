//! `sprx create …`: record a new referral (status `new`) from flags or from a
//! YAML document (`--from FILE`, `-` for stdin); prints the new ID alone on
//! stdout so `id=$(sprx create …)` works. Warns about a likely duplicate and
//! about a person too young to be accepted.

use super::{Ctx, Out, read_input};
use crate::cli::CreateArgs;
use crate::error::{Error, Result};
use crate::model::lifecycle::{self, Event, Intake};
use crate::model::person::{age_on, normalise_nhs_number};
use crate::model::referral::{Identity, Person, ReferralDetails, ReferralId, name_form};
use crate::store::Casebook;
use crate::yaml;

pub fn run(a: CreateArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    create(a, ctx, out).map(|_| ())
}

/// Create the referral and return its ID.
pub fn create(a: CreateArgs, ctx: &Ctx, out: &mut Out) -> Result<ReferralId> {
    let cb = ctx.open(out)?;
    let mut intake = match &a.from {
        Some(path) => read_intake(ctx, path)?,
        None => from_flags(&a, ctx)?,
    };
    super::person::apply_monitoring(&a.monitoring, &mut intake.person, ctx.today());
    if let Some(nhs) = &intake.person.nhs_number {
        let digits = normalise_nhs_number(nhs).map_err(|e| {
            Error::failed(format!("NHS number {e}"))
                .with_hint("give the 10-digit number, e.g. --nhs-number \"943 476 5919\"")
        })?;
        intake.person.nhs_number = Some(digits);
    }
    let today = ctx.today();
    let received = intake.referral.received;
    let age = age_on(intake.person.date_of_birth, received);
    let mut min_age = 0;
    // The duplicate check runs inside the write, while git's index is
    // hashed on another thread (at scale, its first look into the pack then
    // costs nothing extra).
    let mut duplicates = Vec::new();
    let written = cb.create_referral(received, ctx.now, |id, rules| {
        duplicates = match likely_duplicates(&cb, &intake) {
            Ok(found) => found.into_iter().map(Ok).collect(),
            // A broken file elsewhere (sprx check reports it) must not stop a new referral.
            Err(e) => vec![Err(format!("could not look for duplicates: {}", e.message))],
        };
        min_age = rules.policy.min_age;
        lifecycle::create(id, intake, rules, today)
    })?;
    for dup in duplicates {
        out.warn(&match dup {
            Ok(dup) => format!(
                "this may duplicate {dup}, which is still open (same NHS number, or same name and date of birth)"
            ),
            Err(message) => message,
        });
    }
    out.print(&format!("{}\n", written.value.id))?;
    out.note(&lifecycle::describe(Event::Create, &written.value));
    let r = super::said(out, written);
    if age < min_age {
        out.warn(&format!(
            "the person was {age} when referred; under {min_age} cannot be accepted (sprx triage {} --decline --reason under-age)",
            r.id
        ));
    }
    Ok(r.id)
}

fn from_flags(a: &CreateArgs, ctx: &Ctx) -> Result<Intake> {
    let missing = |flag: &str| {
        Error::usage(format!("{flag} is required unless --from is given"))
            .with_hint("sprx create --help shows an example")
    };
    Ok(Intake {
        schema_version: None,
        person: Person {
            name: a.name.clone().ok_or_else(|| missing("--name"))?,
            date_of_birth: a.dob.ok_or_else(|| missing("--dob"))?,
            nhs_number: a.nhs_number.clone(),
            phone: a.phone.clone(),
            email: a.email.clone(),
            preferred_contact: None,
            monitoring: Default::default(),
            consent_to_share_with_gp: None,
        },
        referral: ReferralDetails {
            received: a.received.unwrap_or(ctx.today()),
            source: a.source.clone().ok_or_else(|| missing("--source"))?,
            referrer: a.referrer.clone(),
            needs: a.need.clone(),
            notes: a.notes.clone(),
        },
        extra: Default::default(),
    })
}

fn read_intake(ctx: &Ctx, path: &std::path::Path) -> Result<Intake> {
    let (name, bytes) = read_input(ctx, path, yaml::MAX_RECORD_BYTES as u64 + 1)?;
    yaml::parse(&name, &bytes).map_err(|e| {
        Error::from(e).with_hint("a referral document has `person` and `referral` sections (and optionally `extra`); sprx allocates the id and status")
    })
}

/// Open referrals that look like the same person.
fn likely_duplicates(cb: &Casebook, intake: &Intake) -> Result<Vec<String>> {
    let p = &intake.person;
    let matches = |r: &Identity| {
        r.status.is_open()
            && ((p.nhs_number.is_some() && r.person.nhs_number == p.nhs_number)
                || (r.person.date_of_birth == p.date_of_birth && name_form(&r.person.name) == name_form(&p.name)))
    };
    let keys = Identity::keys(&p.name, p.date_of_birth, p.nhs_number.as_deref());
    Ok(cb
        .identities_with(&cb.head()?, &keys)?
        .iter()
        .filter(|r| matches(r))
        .map(|r| r.id.to_string())
        .collect())
}
