//! `sprx check`'s inspection of a casebook: every committed referral and
//! service file is parsed and held to the rules, its name and folder to its
//! ID, and its working copy to what was committed; connections to services
//! missing from the directory are warnings, and so are files others can
//! read and settings not yet committed. Each finding points at a path, line
//! and column so editors can jump to it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use crate::files::readable_by_others;
use crate::model::erasure::{ERASED, Erasure, anonymised};
use crate::model::policy::Rules;
use crate::model::referral::{Referral, ReferralId, SCHEMA_VERSION, SCHEMA_VERSION_1, stored_version};
use crate::model::service::{Service, valid_service_id, validate_service};
use crate::model::validate::validate;
use crate::settings::{SETTINGS_FILE, Settings};
use crate::store::View;
use crate::store::repo::{BlobId, Staged};
use crate::store::{Casebook, Result, StoreError};
use crate::yaml::{self, MAX_RECORD_BYTES};

/// The erasure log `sprx erase` keeps at the casebook's root.
pub const ERASURE_LOG: &str = "erasures.yaml";

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

/// The findings so far, and what checking each file needs.
struct Checker<'a> {
    rules: &'a Rules,
    today: NaiveDate,
    /// Referral IDs seen, and where.
    seen: HashMap<ReferralId, String>,
    /// The directory's service ids, when the casebook keeps a directory.
    services: Option<HashSet<String>>,
    /// Records still where earlier versions of sprx kept them.
    former: usize,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, at: (usize, usize), message: impl Into<String>) {
        self.findings.push(Finding::error(path, at, message));
    }

    fn warning(&mut self, path: &str, at: (usize, usize), message: impl Into<String>) {
        self.findings.push(Finding {
            severity: Severity::Warning,
            ..Finding::error(path, at, message)
        });
    }

    /// Parse a file, reporting why it does not parse.
    fn parse<T: serde::de::DeserializeOwned + serde::Serialize>(&mut self, path: &str, bytes: &[u8]) -> Option<T> {
        match yaml::parse(path, bytes) {
            Ok(value) => {
                for (line, column, plain, what) in yaml::read_differently(&String::from_utf8_lossy(bytes)) {
                    let message = format!(
                        "`{plain}` is text to sprx, but PyYAML and other YAML 1.1 readers take it for {what}; put it in quotes ('{plain}'), as sprx writes it"
                    );
                    self.warning(path, (line, column), message);
                }
                Some(value)
            }
            Err(e) => {
                self.error(path, (e.line, e.column), e.message);
                None
            }
        }
    }

    /// Findings about one referral file's text.
    fn referral(&mut self, path: &str, bytes: &[u8]) {
        let Some(record) = self.parse::<Referral>(path, bytes) else {
            return;
        };
        let text = String::from_utf8_lossy(bytes);
        // A version 1 file keeps its one episode's fields at the top.
        let version_1 = stored_version(&text) == Some(SCHEMA_VERSION_1);
        let locate = |field: &str| {
            let field = if version_1 {
                field.strip_prefix("episodes[0].").unwrap_or(field)
            } else {
                field
            };
            yaml::locate(&text, field)
        };
        if version_1 {
            self.warning(
                path,
                locate("schema_version"),
                format!(
                    "schema version 1 (one flat episode), read as it is; run sprx migrate to rewrite every record as version {SCHEMA_VERSION}"
                ),
            );
        }
        if let Some(line) = yaml::first_comment(&text) {
            self.warning(
                path,
                (line, 1),
                "has comments, so sprx will refuse to record events on it (rewriting would lose them); move the comment into a note, or delete it",
            );
        }
        let expected = record.id.path();
        if path == record.id.former_path() {
            self.former += 1;
        } else if path != expected {
            let message = format!(
                "id {} belongs in {expected}; rename the file or correct the id",
                record.id
            );
            self.error(path, yaml::locate(&text, "id"), message);
        }
        if let Some(other) = self.seen.insert(record.id.clone(), path.to_string()) {
            self.error(
                path,
                yaml::locate(&text, "id"),
                format!("duplicate ID {}: also in {other}", record.id),
            );
        }
        for problem in validate(&record, self.rules, self.today) {
            self.error(path, locate(&problem.field), problem.to_string());
        }
        let Some(known) = &self.services else { return };
        let mut dangling = Vec::new();
        for (n, e) in record.episodes.iter().enumerate() {
            for (i, c) in e.plan.iter().flat_map(|p| p.connections.iter().enumerate()) {
                if valid_service_id(&c.service) && !known.contains(&c.service) {
                    dangling.push((
                        format!("episodes[{n}].plan.connections[{i}].service"),
                        c.service.clone(),
                    ));
                }
            }
        }
        let known: Vec<String> = known.iter().cloned().collect();
        for (field, service) in dangling {
            let message = match crate::model::spelling::likely(&service, known.iter().map(String::as_str)) {
                Some(likely) => format!(
                    "{field}: `{service}` is not in the services directory; did you mean `{likely}`? (sprx edit corrects it)"
                ),
                None => format!(
                    "{field}: `{service}` is not in the services directory \
                     (add services/{service}.yaml, or write the service's name out as free text)"
                ),
            };
            self.warning(path, locate(&field), message);
        }
    }

    /// Findings about one service file's text.
    fn service(&mut self, path: &str, bytes: &[u8]) {
        let Some(service) = self.parse::<Service>(path, bytes) else {
            return;
        };
        let text = String::from_utf8_lossy(bytes);
        let expected = format!("services/{}.yaml", service.id);
        if path != expected {
            let message = format!(
                "service id {} belongs in {expected}; rename the file or correct the id",
                service.id
            );
            self.error(path, yaml::locate(&text, "id"), message);
        }
        for problem in validate_service(&service, self.rules) {
            self.error(path, yaml::locate(&text, &problem.field), problem.to_string());
        }
    }
}

impl Casebook {
    /// Inspect the committed casebook: referrals and services. With
    /// `working`, also compare each file's working copy with what was
    /// committed, check the working copy where it was edited (it is what the
    /// next commit will hold), and report referral files never committed.
    pub fn check(&self, view: &View, working: bool, today: NaiveDate) -> Result<Vec<Finding>> {
        let rules = &view.settings.rules();
        let index = match working {
            true => Some(self.staged_now()?),
            false => None,
        };
        let referrals = self.blobs_under(view, "referrals")?;
        let services = self.blobs_under(view, "services")?;
        let known: HashSet<String> = services
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("services/")?.strip_suffix(".yaml").map(String::from))
            .collect();
        let mut checker = Checker {
            rules,
            today,
            seen: HashMap::new(),
            services: (!known.is_empty()).then_some(known),
            former: 0,
            findings: Vec::new(),
        };
        for (path, blob) in referrals.iter().chain(&services) {
            let mut bytes = match self.read_blob(*blob, path) {
                Ok(bytes) => bytes,
                Err(StoreError::Parse {
                    line, column, message, ..
                }) => {
                    checker.error(path, (line, column), message);
                    continue;
                }
                Err(e) => return Err(e),
            };
            if let Some(index) = &index
                && let Some((finding, edited)) = self.check_working_copy(index, path, *blob)?
            {
                checker.findings.push(finding);
                bytes = edited.unwrap_or(bytes);
            }
            if path.starts_with("services/") {
                checker.service(path, &bytes);
            } else {
                checker.referral(path, &bytes);
            }
        }
        if working {
            self.check_settings(view, &mut checker);
            self.check_privacy(&referrals, &mut checker);
            for (path, temp) in self.untracked_records(&referrals) {
                if temp {
                    let message = "a temp file left by an interrupted sprx command; delete it (the next write to that record does)";
                    checker.warning(&path, (1, 1), message);
                    continue;
                }
                let message = "not committed, so sprx does not see it; commit it or move it out of referrals/";
                checker.warning(&path, (1, 1), message);
                match std::fs::read(self.root.join(&path)) {
                    Ok(bytes) if bytes.len() <= MAX_RECORD_BYTES => checker.referral(&path, &bytes),
                    _ => checker.error(&path, (1, 1), "cannot be read, or is over the size limit"),
                }
            }
        }
        if checker.former > 0 {
            let records = match checker.former {
                1 => "1 record is still in its year's folder".to_string(),
                n => format!("{n} records are still in their year's folder"),
            };
            let message = format!(
                "{records}, where earlier versions of sprx kept them; run sprx migrate to move them into folders of a hundred (referrals/YEAR/NN/), or sprx will not record events on them"
            );
            checker.warning("referrals", (1, 1), message);
        }
        self.check_erasures(view, &mut checker)?;
        let mut findings = checker.findings;
        findings.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        Ok(findings)
    }

    /// Every referral the erasure log names is anonymous in every version
    /// the history holds.
    fn check_erasures(&self, view: &View, checker: &mut Checker<'_>) -> Result<()> {
        let Some(bytes) = self.read_file(view, ERASURE_LOG)? else {
            return Ok(());
        };
        let Ok(log) = serde_yaml::from_slice::<Vec<Erasure>>(&bytes) else {
            checker.error(
                ERASURE_LOG,
                (1, 1),
                "the erasure log does not read as a list of id, date, reason",
            );
            return Ok(());
        };
        let directory = self.services(view)?;
        for erased in log {
            let Ok(id) = erased.id.parse::<ReferralId>() else {
                continue;
            };
            for change in self.history(&id)? {
                let at = self.view(&crate::store::Pick::At(change.commit.to_string()))?;
                let (path, bytes) = match self.read_file(&at, &id.path())? {
                    Some(bytes) => (id.path(), bytes),
                    None => match self.read_file(&at, &id.former_path())? {
                        Some(bytes) => (id.former_path(), bytes),
                        None => continue,
                    },
                };
                let anonymous = match yaml::parse::<Referral>(&path, &bytes) {
                    Ok(r) => {
                        let listed = |s: &str| crate::model::service::reported_by_id(s, &directory);
                        r == anonymised(&r, &listed) && r.person.name == ERASED
                    }
                    Err(_) => bytes == b"# erased\n",
                };
                if !anonymous {
                    checker.error(
                        &path,
                        (1, 1),
                        format!(
                            "{id} was erased on {} but commit {} still holds its personal data; run sprx erase {id} again",
                            erased.date,
                            change.commit.short()
                        ),
                    );
                    break;
                }
            }
        }
        Ok(())
    }

    /// How the working copy of a committed record differs, if it does, with
    /// its text when it was edited by hand (not merely left behind).
    fn check_working_copy(
        &self,
        index: &Staged,
        path: &str,
        committed: BlobId,
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
        let working_id = BlobId::of(&working);
        if working_id == committed {
            if index.staged(path) == Some(committed) {
                return Ok(None);
            }
            // An error, not a warning: a plain `git commit` now would commit
            // that other version, and it may undo events.
            let message = format!(
                "the file is as committed but git's index holds another version, which a plain git commit would commit; git reset -q -- {path} puts the index back (the file is not touched)"
            );
            return Ok(Some((Finding::error(path, (1, 1), message), None)));
        }
        if let Some(commit) = self.older_version(path, working_id)? {
            let message = format!(
                "the working copy holds an older version of the record (from commit {}); nothing committed is lost: git checkout HEAD -- {path} brings it up to date",
                commit.short()
            );
            return Ok(Some((Finding::error(path, (1, 1), message), None)));
        }
        let message = format!(
            "the working copy has uncommitted changes (git diff HEAD -- {path} shows them); they are what the next commit would hold, so they are checked here"
        );
        Ok(Some((Finding::error(path, (1, 1), message), Some(working))))
    }

    /// `sprx.toml` in the working tree: broken, or changed but not
    /// committed (sprx reads the committed settings until it is).
    fn check_settings(&self, view: &View, checker: &mut Checker<'_>) {
        let Ok(text) = std::fs::read_to_string(self.root.join(SETTINGS_FILE)) else {
            return;
        };
        match Settings::parse(Path::new(SETTINGS_FILE), &text) {
            Err(StoreError::Settings {
                line, column, message, ..
            }) => checker.error(SETTINGS_FILE, (line, column), message),
            Err(e) => checker.error(SETTINGS_FILE, (1, 1), e.to_string()),
            Ok(_) => {
                let committed = self.read_file(view, SETTINGS_FILE).ok().flatten();
                if committed.as_deref() != Some(text.as_bytes()) {
                    checker.warning(
                        SETTINGS_FILE,
                        (1, 1),
                        "has changes that are not committed; sprx uses the committed settings until you commit them (git commit sprx.toml)",
                    );
                }
            }
        }
    }

    /// The repository and record files others can read: the history holds
    /// every version of every record.
    fn check_privacy(&self, referrals: &[(String, BlobId)], checker: &mut Checker<'_>) {
        if let Some(message) = self.repository_open_to_others() {
            checker.warning(".git", (1, 1), message);
        }
        for (path, _) in referrals {
            if let Some(mode) = readable_by_others(&self.root, &self.root.join(path)) {
                let message = format!("can be read by others (mode {mode:o}); chmod 600 {path}");
                checker.warning(path, (1, 1), message);
            }
        }
    }

    /// Record files in the working tree that were never committed, and temp
    /// files an interrupted write left (`true`).
    fn untracked_records(&self, committed: &[(String, BlobId)]) -> Vec<(String, bool)> {
        let known: std::collections::HashSet<&str> = committed.iter().map(|(p, _)| p.as_str()).collect();
        let mut out = Vec::new();
        let Ok(years) = std::fs::read_dir(self.root.join("referrals")) else {
            return out;
        };
        // Records sit in referrals/YEAR/NN/ (or, before migrate, YEAR/).
        let mut folders: Vec<String> = years
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| format!("referrals/{}", e.file_name().to_string_lossy()))
            .collect();
        while let Some(folder) = folders.pop() {
            for file in std::fs::read_dir(self.root.join(&folder))
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = file.file_name().to_string_lossy().into_owned();
                let path = format!("{folder}/{name}");
                if file.path().is_dir() && folder.matches('/').count() == 1 {
                    folders.push(path);
                } else if name.ends_with(".yaml") && !name.starts_with('.') && !known.contains(path.as_str()) {
                    out.push((path, false));
                } else if name.starts_with('.') && name.ends_with(".tmp") {
                    out.push((path, true));
                }
            }
        }
        out.sort();
        out
    }
}
