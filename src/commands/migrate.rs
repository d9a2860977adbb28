//! `sprx migrate`: rewrite every version 1 record (one flat episode) as
//! record schema 2 (a list of episodes), and move every record still in
//! its year's folder into its folder of a hundred
//! (`referrals/2026/01/SP-2026-0150.yaml`), all in one commit. Each record is
//! read as it always was and written back whole, so every report, caseload
//! and list gives the same figures before and after. A record with comments
//! (which a rewrite would lose) or changed by hand stops the migration
//! before anything is written.

use super::{Ctx, Out, said};
use crate::cli::MigrateArgs;
use crate::error::Result;
use crate::model::referral::{Referral, SCHEMA_VERSION, SCHEMA_VERSION_1, stored_version};
use crate::records::write::refuse_comments;
use crate::yaml::{self, REFERRAL_HEADER};

pub fn run(_: MigrateArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let message =
        format!("migrate: referral records to schema version {SCHEMA_VERSION}, each in its folder of a hundred");
    let written = cb.rewrite_referrals(&message, ctx.now, |path, bytes| {
        if stored_version(&String::from_utf8_lossy(bytes)) != Some(SCHEMA_VERSION_1) {
            return Ok(None);
        }
        refuse_comments(path, bytes)?;
        let record: Referral = yaml::parse(path, bytes)?;
        Ok(Some(yaml::to_yaml(REFERRAL_HEADER, &record)))
    })?;
    let (rewritten, moved) = said(out, written);
    let records = |n: usize| {
        if n == 1 {
            "1 record".to_string()
        } else {
            format!("{n} records")
        }
    };
    match (rewritten, moved) {
        (0, 0) => out.note(&format!(
            "every record is already schema version {SCHEMA_VERSION}, in its folder; nothing to do"
        )),
        (r, 0) => out.note(&format!("{} rewritten as schema version {SCHEMA_VERSION}, in one commit", records(r))),
        (0, m) => out.note(&format!(
            "{} moved into folders of a hundred (referrals/YEAR/NN/), in one commit",
            records(m)
        )),
        (r, m) => out.note(&format!(
            "{} rewritten as schema version {SCHEMA_VERSION} and {} moved into folders of a hundred (referrals/YEAR/NN/), in one commit",
            records(r),
            records(m)
        )),
    }
    Ok(())
}
