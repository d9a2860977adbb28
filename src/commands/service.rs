//! `sprx service add|list|show|edit|retire|import`: the community services
//! directory, `services/<id>.yaml`, committed like referrals (one commit per
//! change; an import is one commit, or none when nothing changed). Services
//! hold no personal data.

use std::path::Path;

use serde_json::json;

use super::edit::EditSession;
use super::{Ctx, Out, read_input};
use crate::cli::{
    ServiceAction, ServiceAddArgs, ServiceArgs, ServiceEditArgs, ServiceIdArgs, ServiceImportArgs, ServiceListArgs,
    ServiceShowArgs, ShowFormat,
};
use crate::error::{Error, Result};
use crate::model::service::{Service, ServiceEvent, ServiceStatus, valid_service_id, validate_service};
use crate::model::taxonomy::name_of;
use crate::records::services::service_path;
use crate::records::write::WriteError;
use crate::render::{self, Table};
use crate::store::StoreError;
use crate::yaml;

pub fn run(a: ServiceArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    match a.action {
        ServiceAction::Add(a) => add(*a, ctx, out),
        ServiceAction::List(a) => list(a, ctx, out),
        ServiceAction::Show(a) => show(a, ctx, out),
        ServiceAction::Edit(a) => edit(a, ctx, out),
        ServiceAction::Retire(a) => retire(a, ctx, out),
        ServiceAction::Import(a) => import(a, ctx, out),
    }
}

/// JSON imports and service files: generous, but bounded.
const INPUT_LIMIT: u64 = 64 << 20;

fn add(a: ServiceAddArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let service = match &a.from {
        Some(file) => {
            let (name, bytes) = read_input(ctx, file, INPUT_LIMIT)?;
            yaml::parse::<Service>(&name, &bytes)?
        }
        None => Service {
            id: a.id.clone().unwrap_or_default(),
            name: a.name.clone().unwrap_or_default(),
            organisation: a.organisation,
            description: a.description,
            needs: a.need,
            min_age: a.min_age,
            max_age: a.max_age,
            phone: a.phone,
            email: a.email,
            url: a.url,
            address: a.address,
            status: ServiceStatus::Active,
            last_reviewed: Some(a.reviewed.unwrap_or(ctx.today())),
        },
    };
    if !valid_service_id(&service.id) {
        return Err(StoreError::BadServiceId(service.id).into());
    }
    let written = cb.add_service(&service, ctx.now)?;
    let event = ServiceEvent::Add(service.id.clone());
    out.note(&event.to_string());
    super::said(out, written);
    Ok(())
}

fn list(a: ServiceListArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let mut table = Table::new(&["id", "name", "organisation", "needs", "ages", "status", "last_reviewed"])
        .optional(&["organisation", "last_reviewed", "ages", "needs"]);
    let head = cb.head()?;
    super::known("need", a.need.as_deref(), &head.settings.taxonomy.needs())?;
    for s in cb.services(&head)? {
        if a.need.as_ref().is_some_and(|n| !s.needs.contains(n)) || a.status.is_some_and(|st| st != s.status) {
            continue;
        }
        table.push(vec![
            json!(s.id),
            json!(s.name),
            json!(s.organisation),
            json!(s.needs),
            json!(ages(&s)),
            json!(name_of(&s.status)),
            json!(s.last_reviewed.map(|d| d.to_string())),
        ]);
    }
    out.print(&table.render(a.format))
}

/// Age limits as text: "18–65", "18+", "up to 25" or "all ages".
pub fn ages(s: &Service) -> String {
    match (s.min_age, s.max_age) {
        (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
        (Some(lo), None) => format!("{lo}+"),
        (None, Some(hi)) => format!("up to {hi}"),
        (None, None) => "all ages".into(),
    }
}

fn show(a: ServiceShowArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let s = cb
        .read_service(&cb.head()?, &a.id)?
        .ok_or_else(|| no_such_service(&cb, &a.id))?;
    let text = match a.format {
        ShowFormat::Json => render::json(&s),
        ShowFormat::Yaml => yaml::to_yaml("", &s),
        ShowFormat::Text => {
            let mut lines = vec![format!("{}  {}  ({})", s.id, s.name, name_of(&s.status))];
            let fields = [
                ("organisation", s.organisation.clone()),
                ("description", s.description.clone()),
                ("needs", Some(s.needs.join(", ")).filter(|n| !n.is_empty())),
                ("ages", Some(ages(&s))),
                ("phone", s.phone.clone()),
                ("email", s.email.clone()),
                ("url", s.url.clone()),
                ("address", s.address.clone()),
                ("last reviewed", s.last_reviewed.map(|d| d.to_string())),
            ];
            lines.extend(fields.into_iter().filter_map(|(k, v)| v.map(|v| format!("  {k}: {v}"))));
            render::fit(&(lines.join("\n") + "\n"))
        }
    };
    out.print(&text)
}

fn retire(a: ServiceIdArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let event = ServiceEvent::Retire(a.id.clone());
    let result = cb.update_service(&event, ctx.now, |mut s| {
        if s.status == ServiceStatus::Inactive {
            return Err(Error::failed(format!("service {} is already inactive", a.id))
                .with_hint("nothing to do; sprx service list --status inactive lists the retired ones"));
        }
        s.status = ServiceStatus::Inactive;
        Ok(s)
    });
    match result {
        Ok(written) => {
            out.note(&event.to_string());
            super::said(out, written);
            Ok(())
        }
        Err(WriteError::Domain(e)) => Err(e),
        Err(WriteError::Store(StoreError::NoSuchService(id))) => Err(no_such_service(&cb, &id)),
        Err(WriteError::Store(e)) => Err(e.into()),
    }
}

/// That the directory has no service `id`, naming the likely one.
fn no_such_service(cb: &crate::store::Casebook, id: &str) -> Error {
    let known = cb.head().and_then(|head| cb.services(&head)).unwrap_or_default();
    let likely = crate::model::spelling::did_you_mean(id, known.iter().map(|s| s.id.as_str()));
    Error::failed(format!("no service {id} in the directory{likely}"))
        .with_hint("see the directory with sprx service list")
}

fn edit(a: ServiceEditArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    if !valid_service_id(&a.id) {
        return Err(StoreError::BadServiceId(a.id).into());
    }
    let path = service_path(&a.id);
    let committed = cb
        .committed_untouched(&path)?
        .ok_or_else(|| no_such_service(&cb, &a.id))?;
    let original: Service = yaml::parse(&path, &committed)?;
    let start = match &a.from {
        Some(file) => read_input(ctx, file, INPUT_LIMIT)?.1,
        None => committed.clone(),
    };
    let (session, edited) = EditSession::run(ctx, &cb, &format!("service-{}", a.id), &start)?;
    let resume = format!("sprx service edit {} --from {}", a.id, session.shown);
    if edited == committed {
        session.finish();
        out.note(&format!("no change to service {}", a.id));
        return Ok(());
    }
    let service: Service = session
        .parse(&edited)
        .map_err(|lines| session.refused(lines, &resume))?;
    let problems = validate_service(&service, &cb.head()?.settings.rules());
    if !problems.is_empty() {
        return Err(session.refused(session.located(&edited, &problems), &resume));
    }
    let event = ServiceEvent::Edit(a.id.clone());
    let result = cb.update_service(&event, ctx.now, |current| {
        if current == original {
            Ok(service)
        } else {
            Err(
                Error::failed(format!("service {} changed while you were editing it", a.id)).with_hint(format!(
                    "sprx service show {} shows it now; make your edit again on top of it",
                    a.id
                )),
            )
        }
    });
    match result {
        Ok(written) => {
            session.finish();
            out.note(&event.to_string());
            super::said(out, written);
            Ok(())
        }
        Err(WriteError::Domain(e)) => Err(session.keep(e, &resume)),
        Err(WriteError::Store(e)) => Err(session.keep(e.into(), &resume)),
    }
}

fn import(a: ServiceImportArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let (name, bytes) = read_input(ctx, &a.file, INPUT_LIMIT)?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        Error::failed(format!("{name}:{}:{}: not JSON: {e}", e.line(), e.column()))
            .with_hint("give Open Referral UK / HSDS 3.0 JSON: a list of services, or an API page with `contents`")
    })?;
    let head = cb.head()?;
    let rules = head.settings.rules();
    let imported = crate::model::oruk::import(&doc, &rules.taxonomy);
    for skipped in &imported.skipped {
        out.warn(&format!("{name}: {skipped}; left out"));
    }
    if !imported.unmapped.is_empty() {
        let terms: Vec<String> = imported
            .unmapped
            .iter()
            .map(|(t, n)| format!("\"{t}\" ({n})"))
            .collect();
        out.warn(&format!(
            "{} no need, so those services do not list them: {}",
            match imported.unmapped.len() {
                1 => "1 taxonomy term matches".to_string(),
                n => format!("{n} taxonomy terms match"),
            },
            terms.join(", ")
        ));
        out.note(
            "hint: map them to needs in sprx.toml, e.g.\n  [taxonomy.terms]\n  \"Social isolation\" = \"loneliness\"",
        );
    }
    let mut usable = Vec::new();
    for s in imported.services {
        match validate_service(&s, &rules).first() {
            Some(p) => out.warn(&format!("{name}: service {}: {p}; left out", s.id)),
            None => usable.push(s),
        }
    }
    let event = ServiceEvent::Import {
        services: usable.len(),
        from: Path::new(&name)
            .file_name()
            .map_or(name.clone(), |f| f.to_string_lossy().into_owned()),
    };
    let written = super::said(out, cb.write_services(&usable, &event, ctx.now)?);
    if written.is_empty() {
        out.note(&format!(
            "service import: nothing changed ({} services already up to date)",
            usable.len()
        ));
    } else {
        out.note(&format!(
            "service import: {} added, {} updated, {} unchanged",
            written.added.len(),
            written.updated.len(),
            usable.len() - written.added.len() - written.updated.len()
        ));
    }
    Ok(())
}
