//! The community services directory on disk: one `services/<id>.yaml` each,
//! read from a git tree and written like referrals — under the lock, hand
//! edits never overwritten, one commit per change (an import is one commit
//! for everything it changed, and none when nothing did).

use chrono::{DateTime, FixedOffset};
use git2::{ObjectType, Tree};

use super::casebook::{Casebook, read_blob};
use super::git::{author, commit_files, ensure_untouched, lock};
use super::index::Staging;
use super::write::WriteError;
use super::{Result, StoreError, yaml};
use crate::model::policy::Rules;
use crate::model::service::{Service, valid_service_id, validate_service};

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
    /// Every service in `tree`, by id.
    pub fn services(&self, tree: &Tree<'_>) -> Result<Vec<Service>> {
        let Ok(entry) = tree.get_path(std::path::Path::new("services")) else {
            return Ok(Vec::new());
        };
        let folder = self.repo.find_tree(entry.id())?;
        let mut out = Vec::new();
        for entry in folder.iter().filter(|e| e.kind() == Some(ObjectType::Blob)) {
            let Some(name) = entry.name().ok().and_then(|n| n.strip_suffix(".yaml")) else {
                continue;
            };
            if let Some(service) = self.read_service(tree, name)? {
                out.push(service);
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// One service from `tree`, if it is there.
    pub fn read_service(&self, tree: &Tree<'_>, id: &str) -> Result<Option<Service>> {
        if !valid_service_id(id) {
            return Err(StoreError::BadServiceId(id.to_string()));
        }
        let path = service_path(id);
        match read_blob(&self.repo, tree, &path)? {
            Some(bytes) => Ok(Some(yaml::parse(&path, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Write `services` (new, or replacing what is there) as one commit with
    /// `message`. Services whose file would not change are left alone; with
    /// nothing to change there is no commit. Returns the ids written.
    pub fn write_services(
        &self,
        services: &[Service],
        rules: &Rules,
        message: &str,
        when: DateTime<FixedOffset>,
    ) -> Result<Vec<String>> {
        let _lock = lock(&self.repo)?;
        let head = self.repo.head()?.peel_to_commit()?;
        let tree = head.tree()?;
        let staging = Staging::open(&self.repo)?;
        let mut files: Vec<(String, String)> = Vec::new();
        for service in services {
            let problems = validate_service(service, rules);
            if let Some(p) = problems.first() {
                return Err(StoreError::InvalidService {
                    id: service.id.clone(),
                    problem: p.to_string(),
                });
            }
            let path = service_path(&service.id);
            let committed = read_blob(&self.repo, &tree, &path)?;
            ensure_untouched(&self.root, &staging, &path, committed.as_deref(), Some(&head))?;
            let text = service_text(service);
            if committed.as_deref() != Some(text.as_bytes()) {
                files.push((path, text));
            }
        }
        if files.is_empty() {
            return Ok(Vec::new());
        }
        let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())).collect();
        commit_files(
            &self.repo,
            &self.root,
            staging,
            Some(&head),
            &refs,
            message,
            &author(self, when)?,
        )?;
        Ok(files
            .into_iter()
            .filter_map(|(p, _)| Some(p.strip_prefix("services/")?.strip_suffix(".yaml")?.to_string()))
            .collect())
    }

    /// Change one existing service with `apply` and commit it as `event`.
    pub fn update_service<E>(
        &self,
        id: &str,
        event: &str,
        rules: &Rules,
        when: DateTime<FixedOffset>,
        apply: impl FnOnce(Service) -> Result<Service, E>,
    ) -> Result<Service, WriteError<E>> {
        let tree = self.head_tree()?;
        let path = service_path(id);
        let current = self
            .read_service(&tree, id)?
            .ok_or_else(|| StoreError::NoSuchService(id.to_string()))?;
        let committed = read_blob(&self.repo, &tree, &path)?.unwrap_or_default();
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
        self.write_services(
            std::slice::from_ref(&changed),
            rules,
            &format!("{event} service {id}"),
            when,
        )?;
        Ok(changed)
    }
}
