//! `sprx person ID [--gender G] [--ethnic-category C] [--postcode P]
//! [--gp-practice ODS] [--carer yes|no] [--language L] [--interpreter yes|no]
//! [--consent-gp yes|no [--consent-date D]]`: add or change the person's
//! equality monitoring and consent to share with their GP, in one commit
//! whose message holds none of it.

use chrono::NaiveDate;

use super::{Ctx, Out, apply_event};
use crate::cli::{MonitoringArgs, PersonArgs};
use crate::error::Result;
use crate::model::lifecycle::{Event, amend_person};
use crate::model::monitoring::Consent;
use crate::model::referral::Person;

pub fn run(a: PersonArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    if a.monitoring == MonitoringArgs::default() {
        return Err(crate::error::Error::usage("nothing to change").with_hint(
            "give --gender, --ethnic-category, --postcode, --gp-practice, --carer, --language, --interpreter or --consent-gp",
        ));
    }
    let today = ctx.today();
    apply_event(ctx, out, &a.id, (Event::Person, today), |r, rules, today| {
        amend_person(r, |p| apply_monitoring(&a.monitoring, p, today), rules, today)
    })?;
    Ok(())
}

/// `value` into `field` when the flag was given.
fn set<T: Clone>(field: &mut Option<T>, value: &Option<T>) {
    if value.is_some() {
        field.clone_from(value);
    }
}

/// Set on `person` what the flags give, leaving the rest as it is.
pub fn apply_monitoring(a: &MonitoringArgs, person: &mut Person, today: NaiveDate) {
    let m = &mut person.monitoring;
    set(&mut m.gender, &a.gender);
    set(&mut m.ethnic_category, &a.ethnic_category);
    set(&mut m.postcode, &a.postcode);
    set(&mut m.gp_practice, &a.gp_practice);
    set(&mut m.carer, &a.carer);
    set(&mut m.language, &a.language);
    set(&mut m.interpreter_needed, &a.interpreter);
    if let Some(given) = a.consent_gp {
        person.consent_to_share_with_gp = Some(Consent {
            given,
            date: a.consent_date.unwrap_or(today),
        });
    }
}
