//! `sprx check`'s inspection of a casebook: every committed record file is
//! parsed and held to the rules, its name and folder to its ID, and its
//! working copy to what was committed. Each finding points at a path, line
//! and column so editors can jump to it.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use git2::{ObjectType, Oid, TreeWalkMode, TreeWalkResult};
use serde::Serialize;

use super::snapshot::Snapshot;
use super::yaml::{self, MAX_RECORD_BYTES};
use super::{Casebook, Result, StoreError};
use crate::model::policy::Rules;
use crate::model::referral::{Referral, ReferralId};
use crate::model::validate::validate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    fn error(path: &str, (line, column): (usize, usize), message: impl Into<String>) -> Finding {
        Finding {
            path: path.to_string(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = if self.severity == Severity::Warning {
            "warning: "
        } else {
            ""
        };
        write!(
            f,
            "{}:{}:{}: {severity}{}",
            self.path, self.line, self.column, self.message
        )
    }
}

/// Every blob under `referrals/` in the snapshot: (path, blob id).
fn record_blobs(snapshot: &Snapshot<'_>, cb: &Casebook) -> Result<Vec<(String, Oid)>> {
    let Ok(entry) = snapshot.tree.get_path(Path::new("referrals")) else {
        return Ok(Vec::new());
    };
    let tree = cb.repo.find_tree(entry.id())?;
    let mut out = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, e| {
        if e.kind() == Some(ObjectType::Blob)
            && let Ok(name) = e.name()
        {
            out.push((format!("referrals/{dir}{name}"), e.id()));
        }
        TreeWalkResult::Ok
    })?;
    Ok(out)
}

/// Findings about one record file's text.
fn check_record(
    path: &str,
    bytes: &[u8],
    rules: &Rules,
    today: NaiveDate,
    seen: &mut HashMap<ReferralId, String>,
    findings: &mut Vec<Finding>,
) {
    let record: Referral = match yaml::parse(path, bytes) {
        Ok(r) => r,
        Err(StoreError::Parse {
            line, column, message, ..
        }) => {
            findings.push(Finding::error(path, (line, column), message));
            return;
        }
        Err(e) => {
            findings.push(Finding::error(path, (1, 1), e.to_string()));
            return;
        }
    };
    let text = String::from_utf8_lossy(bytes);
    let expected = record.id.path();
    if path != expected {
        findings.push(Finding::error(
            path,
            yaml::locate(&text, "id"),
            format!(
                "id {} belongs in {expected}; rename the file or correct the id",
                record.id
            ),
        ));
    }
    if let Some(other) = seen.insert(record.id.clone(), path.to_string()) {
        findings.push(Finding::error(
            path,
            yaml::locate(&text, "id"),
            format!("duplicate ID {}: also in {other}", record.id),
        ));
    }
    for problem in validate(&record, rules, today) {
        findings.push(Finding::error(
            path,
            yaml::locate(&text, &problem.field),
            problem.to_string(),
        ));
    }
}

impl Casebook {
    /// Inspect the committed casebook. With `working`, also compare each
    /// record's working copy with what was committed, and check the working
    /// copy where it differs (it is what the next commit will hold), and
    /// record files never committed.
    pub fn check(
        &self,
        snapshot: &Snapshot<'_>,
        working: bool,
        rules: &Rules,
        today: NaiveDate,
    ) -> Result<Vec<Finding>> {
        let mut findings = Vec::new();
        let mut seen: HashMap<ReferralId, String> = HashMap::new();
        let index = self.repo.index()?;
        let odb = self.repo.odb()?;
        let blobs = record_blobs(snapshot, self)?;
        for (path, oid) in &blobs {
            let (size, _) = odb.read_header(*oid)?;
            if size > MAX_RECORD_BYTES {
                findings.push(Finding::error(
                    path,
                    (1, 1),
                    format!("file is {size} bytes; records are limited to {MAX_RECORD_BYTES}"),
                ));
                continue;
            }
            let mut bytes = self.repo.find_blob(*oid)?.content().to_vec();
            if working && let Some((finding, edited)) = self.check_working_copy(&index, path, *oid)? {
                findings.push(finding);
                bytes = edited.unwrap_or(bytes);
            }
            check_record(path, &bytes, rules, today, &mut seen, &mut findings);
        }
        if working {
            for (path, temp) in self.untracked_records(&blobs) {
                if temp {
                    let message = "a temp file left by an interrupted sprx command; delete it (the next write to that record does)";
                    findings.push(Finding {
                        severity: Severity::Warning,
                        ..Finding::error(&path, (1, 1), message)
                    });
                    continue;
                }
                findings.push(Finding {
                    path: path.clone(),
                    line: 1,
                    column: 1,
                    severity: Severity::Warning,
                    message: "not committed, so sprx does not see it; commit it or move it out of referrals/".into(),
                });
                match std::fs::read(self.root.join(&path)) {
                    Ok(bytes) if bytes.len() <= MAX_RECORD_BYTES => {
                        check_record(&path, &bytes, rules, today, &mut seen, &mut findings)
                    }
                    _ => findings.push(Finding::error(
                        &path,
                        (1, 1),
                        "cannot be read, or is over the size limit",
                    )),
                }
            }
        }
        findings.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        Ok(findings)
    }

    /// How the working copy of a committed record differs, if it does, with
    /// its text when it was edited by hand (not merely left behind).
    fn check_working_copy(
        &self,
        index: &git2::Index,
        path: &str,
        committed: Oid,
    ) -> Result<Option<(Finding, Option<Vec<u8>>)>> {
        let working = match std::fs::read(self.root.join(path)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let message =
                    format!("committed but missing from the working tree; restore it with git checkout HEAD -- {path}");
                return Ok(Some((Finding::error(path, (1, 1), message), None)));
            }
            Err(source) => {
                return Err(StoreError::Io {
                    path: self.root.join(path),
                    source,
                });
            }
        };
        let working_id = Oid::hash_object(ObjectType::Blob, &working)?;
        let staged = index.get_path(Path::new(path), 0).map(|e| e.id);
        if working_id == committed {
            if staged == Some(committed) {
                return Ok(None);
            }
            let message = format!(
                "the file is up to date but git's index entry is not (an interrupted sprx command leaves this); \
                 git reset -q -- {path}, or the next sprx command on it, fixes it"
            );
            let finding = Finding {
                severity: Severity::Warning,
                ..Finding::error(path, (1, 1), message)
            };
            return Ok(Some((finding, None)));
        }
        if staged == Some(working_id) {
            let message = format!(
                "the working copy is behind the committed record (an interrupted sprx command leaves this); \
                 git checkout HEAD -- {path} brings it up to date"
            );
            return Ok(Some((Finding::error(path, (1, 1), message), None)));
        }
        let message = format!(
            "the working copy has uncommitted changes; commit them (git commit {path}) or discard them (git checkout -- {path})"
        );
        Ok(Some((Finding::error(path, (1, 1), message), Some(working))))
    }

    /// Record files in the working tree that were never committed, and temp
    /// files an interrupted write left (`true`).
    fn untracked_records(&self, committed: &[(String, Oid)]) -> Vec<(String, bool)> {
        let known: std::collections::HashSet<&str> = committed.iter().map(|(p, _)| p.as_str()).collect();
        let mut out = Vec::new();
        let Ok(years) = std::fs::read_dir(self.root.join("referrals")) else {
            return out;
        };
        for year in years.flatten().filter(|e| e.path().is_dir()) {
            for file in std::fs::read_dir(year.path()).into_iter().flatten().flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                let path = format!("referrals/{}/{name}", year.file_name().to_string_lossy());
                if name.ends_with(".yaml") && !name.starts_with('.') && !known.contains(path.as_str()) {
                    out.push((path, false));
                } else if name.starts_with('.') && name.ends_with(".tmp") {
                    out.push((path, true));
                }
            }
        }
        out
    }
}
