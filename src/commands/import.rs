//! `sprx import FILE [--map MAP.toml] [--dry-run]`: referrals from a
//! spreadsheet (CSV), with their history if the columns give it, in one
//! commit. Every row is checked first: one bad row imports nothing and is
//! named with its column. Rows already in the casebook (the same NHS
//! number, else the same name and date of birth) are left out and counted,
//! so importing a file twice adds nothing.

use std::collections::HashSet;
use std::path::Path;

use super::{Ctx, Out, read_input, said};
use crate::cli::ImportArgs;
use crate::error::{Error, Result};
use crate::import::{self, Map, Row};
use crate::model::counted;
use crate::model::referral::ReferralId;
use crate::records::write::WriteError;
use crate::yaml::{self, REFERRAL_HEADER};

/// Who a row or referral is about, for spotting one already here: its NHS
/// number, if it has one, and its name with its date of birth.
fn keys(nhs: Option<&str>, name: &str, date_of_birth: chrono::NaiveDate) -> Vec<String> {
    let mut out = vec![format!("{}|{date_of_birth}", super::find::fold(name))];
    out.extend(nhs.map(|n| format!("nhs:{n}")));
    out
}

pub fn run(a: ImportArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let (name, bytes) = read_input(ctx, &a.file, 64 << 20)?;
    let map: Map = match &a.map {
        Some(file) => {
            let (map_name, text) = read_input(ctx, file, 1 << 20)?;
            toml::from_str(&String::from_utf8_lossy(&text)).map_err(|e| {
                Error::failed(format!("{map_name}: {}", e.message()))
                    .with_hint("a map has [columns] \"Their name\" = \"sprx_field\" and [values.FIELD] \"Their value\" = \"sprx value\"")
            })?
        }
        None => Map::default(),
    };
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let rules = head.settings.rules();
    let refused = |lines: Vec<String>| {
        Error::failed(format!("nothing was imported:\n{}", lines.join("\n")))
            .with_hint("fix the rows named (or translate their values in a map file, --map) and run the import again")
    };
    let rows = import::read(&bytes, &map, &rules).map_err(|errors| {
        refused(
            errors
                .iter()
                .map(|e| format!("{name}:{}:{}: {}", e.row, e.column, e.message))
                .collect(),
        )
    })?;
    // Each row built as the commands would build it, before anything is
    // written: a rule it breaks is named with its row.
    let today = ctx.today();
    let prefix = head.settings.casebook.id_prefix.clone();
    let mut problems = Vec::new();
    let progress = crate::render::Progress::new(rows.len(), 5_000, "checking rows");
    for row in &rows {
        progress.add(1);
        let year = chrono::Datelike::year(&row.intake.referral.received);
        let built = ReferralId::new(&prefix, year, 1)
            .map_err(|e| format!("received: {e}"))
            .and_then(|id| import::build(id, row, &rules, today).map_err(|e| e.to_string()));
        match built {
            Err(e) => problems.push(format!("{name}:{}:1: {e}", row.row)),
            // A record is a few KiB; one this large would not be read back.
            Ok(r) if yaml::to_yaml(REFERRAL_HEADER, &r).len() > yaml::MAX_RECORD_BYTES => problems.push(format!(
                "{name}:{}:1: the record would be over {} bytes; shorten its notes",
                row.row,
                yaml::MAX_RECORD_BYTES
            )),
            Ok(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems));
    }
    // Leave out who is already here, and repeats within the file.
    let mut known: HashSet<String> = cb
        .identities(&head)?
        .iter()
        .flat_map(|r| keys(r.person.nhs_number.as_deref(), &r.person.name, r.person.date_of_birth))
        .collect();
    let (mut new, mut already): (Vec<&Row>, Vec<usize>) = (Vec::new(), Vec::new());
    for row in &rows {
        let p = &row.intake.person;
        let these = keys(p.nhs_number.as_deref(), &p.name, p.date_of_birth);
        if these.iter().any(|k| known.contains(k)) {
            already.push(row.row);
        } else {
            known.extend(these);
            new.push(row);
        }
    }
    let skipped = match already.len() {
        0 => String::new(),
        n => format!("; {n} already in the casebook, left out (rows {})", list(&already)),
    };
    let file_name = Path::new(&name)
        .file_name()
        .map_or(name.clone(), |f| f.to_string_lossy().into_owned());
    if a.dry_run {
        out.note(&format!(
            "would import {} from {file_name}{skipped}; nothing was written",
            counted(new.len(), "referral", "referrals")
        ));
        return Ok(());
    }
    if new.is_empty() {
        out.note(&format!("nothing to import from {file_name}{skipped}"));
        return Ok(());
    }
    let received: Vec<chrono::NaiveDate> = new.iter().map(|r| r.intake.referral.received).collect();
    let message = format!("import {} referrals from {file_name}", new.len());
    let written = cb
        .create_referrals(&received, &message, ctx.now, |i, id, rules| {
            import::build(id, new[i], rules, today)
        })
        .map_err(|e| match e {
            WriteError::Store(e) => Error::from(e),
            WriteError::Domain(e) => Error::from(e),
        })?;
    let records = said(out, written);
    let (first, last) = (
        records.first().map(|r| r.id.to_string()),
        records.last().map(|r| r.id.to_string()),
    );
    out.note(&format!(
        "imported {} from {file_name} in one commit ({} to {}){skipped}",
        counted(records.len(), "referral", "referrals"),
        first.unwrap_or_default(),
        last.unwrap_or_default()
    ));
    Ok(())
}

/// Row numbers as a short list.
fn list(rows: &[usize]) -> String {
    let shown: Vec<String> = rows.iter().take(10).map(usize::to_string).collect();
    if rows.len() > 10 {
        format!("{} and {} more", shown.join(", "), rows.len() - 10)
    } else {
        shown.join(", ")
    }
}
