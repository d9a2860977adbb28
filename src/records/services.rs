//! The community services directory on disk: one `services/<id>.yaml` each,
//! read from a view and written like referrals — one transaction, hand
//! edits never overwritten, one commit per change (an import is one commit
//! for everything it changed, and none when nothing did).

use chrono::{DateTime, FixedOffset};

use super::write::{WriteError, Written, refuse_comments};
use crate::model::service::{Service, ServiceEvent, valid_service_id, validate_service};
use crate::store::repo::FileChange;
use crate::store::transaction::Write;
use crate::store::{Casebook, Result, StoreError, View};
use crate::yaml;

/// The first line of every service file, so editors validate it.
pub const SERVICE_HEADER: &str = "# yaml-language-server: $schema=../schemas/service.schema.json\n";

/// Where a service lives in the casebook.
pub fn service_path(id: &str) -> String {
    format!("services/{id}.yaml")
}

/// The services a write added and those it changed, by id.
#[derive(Debug, Default)]
pub struct ServicesWritten {
    pub added: Vec<String>,
    pub updated: Vec<String>,
}

impl ServicesWritten {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty()
    }
}

/// A service as it is written to its file.
pub fn service_text(service: &Service) -> String {
    yaml::to_yaml(SERVICE_HEADER, service)
}

impl Casebook {
    /// Every service in the view, by id.
    pub fn services(&self, view: &View) -> Result<Vec<Service>> {
        let mut paths = Vec::new();
        self.repo.walk(&view.snapshot, "services", &mut |name, _| {
            if let Some(id) = name.strip_suffix(".yaml").filter(|id| !id.contains('/')) {
                paths.push(id.to_string());
            }
        })?;
        let mut out = Vec::new();
        for id in paths {
            if let Some(service) = self.read_service(view, &id)? {
                out.push(service);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// One service from the view, if it is there.
    pub fn read_service(&self, view: &View, id: &str) -> Result<Option<Service>> {
        if !valid_service_id(id) {
            return Err(StoreError::BadServiceId(id.to_string()));
        }
        let path = service_path(id);
        match self.read_file(view, &path)? {
            Some(bytes) => Ok(Some(yaml::parse(&path, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Add `service`, refused if the directory already has one with its id
    /// (looked up inside the write, so two adds cannot both succeed).
    pub fn add_service(&self, service: &Service, when: DateTime<FixedOffset>) -> Result<Written<()>> {
        let mut write = self.begin()?;
        if write.committed_untouched(&service_path(&service.id))?.is_some() {
            return Err(StoreError::ServiceExists(service.id.clone()));
        }
        let event = ServiceEvent::Add(service.id.clone());
        let written = self.commit_services(write, &[(service, None)], &event, when)?;
        Ok(Written {
            value: (),
            committed: written.committed,
            notes: written.notes,
        })
    }

    /// Write `services` (new, or replacing what is there) as one commit
    /// described by `event`. Services whose file would not change are left
    /// alone; with nothing to change there is no commit.
    pub fn write_services(
        &self,
        services: &[Service],
        event: &ServiceEvent,
        when: DateTime<FixedOffset>,
    ) -> Result<Written<ServicesWritten>> {
        let mut seen = std::collections::BTreeMap::new();
        for s in services {
            *seen.entry(s.id.as_str()).or_insert(0) += 1;
        }
        let twice: Vec<String> = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(id, _)| id.into())
            .collect();
        if !twice.is_empty() {
            return Err(StoreError::DuplicateServices(twice));
        }
        let mut write = self.begin()?;
        let mut checked = Vec::with_capacity(services.len());
        for service in services {
            checked.push((service, write.committed_untouched(&service_path(&service.id))?));
        }
        self.commit_services(write, &checked, event, when)
    }

    /// Change one existing service with `apply` and commit it as `event`;
    /// the service is read inside the write.
    pub fn update_service<E>(
        &self,
        event: &ServiceEvent,
        when: DateTime<FixedOffset>,
        apply: impl FnOnce(Service) -> Result<Service, E>,
    ) -> Result<Written<Service>, WriteError<E>> {
        let id = event.id();
        if !valid_service_id(id) {
            return Err(StoreError::BadServiceId(id.to_string()).into());
        }
        let mut write = self.begin()?;
        let path = service_path(id);
        let committed = write
            .committed_untouched(&path)?
            .ok_or_else(|| StoreError::NoSuchService(id.to_string()))?;
        refuse_comments(&path, &committed)?;
        let current: Service = yaml::parse(&path, &committed).map_err(StoreError::from)?;
        let changed = apply(current).map_err(WriteError::Domain)?;
        if changed.id != id {
            return Err(StoreError::InvalidService {
                id: id.into(),
                problem: "id: cannot be changed".into(),
            }
            .into());
        }
        let written = self.commit_services(write, &[(&changed, Some(committed))], event, when)?;
        Ok(Written {
            value: changed,
            committed: written.committed,
            notes: written.notes,
        })
    }

    /// Validate `services` — each with its file as committed, already
    /// checked untouched in `write` — and commit those that change.
    fn commit_services(
        &self,
        write: Write<'_>,
        services: &[(&Service, Option<Vec<u8>>)],
        event: &ServiceEvent,
        when: DateTime<FixedOffset>,
    ) -> Result<Written<ServicesWritten>> {
        let head = write.head().clone();
        let rules = head.settings.rules();
        let mut files: Vec<(String, String)> = Vec::new();
        let mut out = ServicesWritten::default();
        for (service, committed) in services {
            if let Some(p) = validate_service(service, &rules).first() {
                return Err(StoreError::InvalidService {
                    id: service.id.clone(),
                    problem: p.to_string(),
                });
            }
            let path = service_path(&service.id);
            let text = service_text(service);
            match committed {
                Some(c) if c == text.as_bytes() => continue,
                Some(_) => out.updated.push(service.id.clone()),
                None => out.added.push(service.id.clone()),
            }
            files.push((path, text));
        }
        self.commit_files(write, &head, &FileChange::writes(&files), &event.to_string(), when, out)
    }
}
