//! The one place sprx reads the clock: `SPRX_NOW` (an RFC 3339 timestamp)
//! when set, so tests and back-filled histories are deterministic, else the
//! system clock in the local time zone.

use chrono::{DateTime, FixedOffset, Local};

use crate::error::{Error, Result};

pub fn now() -> Result<DateTime<FixedOffset>> {
    match std::env::var("SPRX_NOW") {
        Ok(s) if !s.is_empty() => DateTime::parse_from_rfc3339(&s).map_err(|_| {
            Error::usage(format!("SPRX_NOW=`{s}` is not an RFC 3339 timestamp"))
                .with_hint("e.g. SPRX_NOW=2026-11-21T09:30:00Z, or unset it to use the system clock")
        }),
        _ => Ok(Local::now().fixed_offset()),
    }
}
