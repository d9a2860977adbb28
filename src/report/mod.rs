//! The two summaries people read: the caseload (what needs attention now)
//! and the outcome report for a period (aggregate figures for commissioners).
//! Pure functions of records, settings and dates, like the model.

pub mod agenda;
pub mod caseload;
pub mod charts;
pub mod equality;
pub mod letter;
pub mod outcomes;
pub mod page;
pub mod period;
