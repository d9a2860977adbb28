//! The community services directory on disk: one `services/<id>.yaml` each,
//! read from a view and written like referrals — one transaction, hand
//! edits never overwritten, one commit per change (an import is one commit
//! for everything it changed, and none when nothing did).

use chrono::{DateTime, FixedOffset};

use super::casebook::{Casebook, View};
use super::repo::FileChange;
use super::write::{WriteError, Written};
use super::{Result, StoreError};
use crate::model::service::{Service, ServiceEvent, valid_service_id, validate_service};
use crate::yaml;

/// The first line of every service file, so editors validate it.
pub const SERVICE_HEADER: &str = "# yaml-language-server: $schema=../schemas/service.schema.json\n";

/// Where a service lives in the casebook.
pub fn service_path(id: &str) -> String {
    format!("services/{id}.yaml")
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

    /// Write `services` (new, or replacing what is there) as one commit
    /// described by `event`. Services whose file would not change are left
    /// alone; with nothing to change there is no commit. Returns the ids
    /// written.
    pub fn write_services(
        &self,
        services: &[Service],
        event: &ServiceEvent,
        when: DateTime<FixedOffset>,
    ) -> Result<Written<Vec<String>>> {
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
        let head = write.head().clone();
        let rules = head.settings.rules();
        let mut files: Vec<(String, String)> = Vec::new();
        for service in services {
            if let Some(p) = validate_service(service, &rules).first() {
                return Err(StoreError::InvalidService {
                    id: service.id.clone(),
                    problem: p.to_string(),
                });
            }
            let path = service_path(&service.id);
            let committed = write.committed_untouched(&path)?;
            let text = service_text(service);
            if committed.as_deref() != Some(text.as_bytes()) {
                files.push((path, text));
            }
        }
        let notes = std::mem::take(&mut write.notes);
        let ids: Vec<String> = files
            .iter()
            .filter_map(|(p, _)| Some(p.strip_prefix("services/")?.strip_suffix(".yaml")?.to_string()))
            .collect();
        let committed = if files.is_empty() {
            None
        } else {
            let author = self.author(head.settings.worker.as_ref(), when)?;
            Some(write.commit(&FileChange::writes(&files), &event.to_string(), &author)?)
        };
        Ok(Written {
            value: ids,
            committed,
            notes,
        })
    }

    /// Change one existing service with `apply` and commit it as `event`.
    pub fn update_service<E>(
        &self,
        event: &ServiceEvent,
        when: DateTime<FixedOffset>,
        apply: impl FnOnce(Service) -> Result<Service, E>,
    ) -> Result<Written<Service>, WriteError<E>> {
        let id = event.id();
        let head = self.head()?;
        let path = service_path(id);
        let current = self
            .read_service(&head, id)?
            .ok_or_else(|| StoreError::NoSuchService(id.to_string()))?;
        let committed = self.read_file(&head, &path)?.unwrap_or_default();
        if let Some(line) = yaml::first_comment(&String::from_utf8_lossy(&committed)) {
            return Err(StoreError::Comments {
                path: format!("{path} (line {line})"),
            }
            .into());
        }
        let changed = apply(current).map_err(WriteError::Domain)?;
        if changed.id != id {
            return Err(StoreError::InvalidService {
                id: id.into(),
                problem: "id: cannot be changed".into(),
            }
            .into());
        }
        let written = self.write_services(std::slice::from_ref(&changed), event, when)?;
        Ok(Written {
            value: changed,
            committed: written.committed,
            notes: written.notes,
        })
    }
}
