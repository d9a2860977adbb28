//! The ways a referral changes: a new one is created, one event is applied
//! to an existing one, or it moves to a new ID. Each is one transaction
//! (`transaction.rs`) making exactly one commit touching only that record's
//! file (two, for a move).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use std::path::Path;

use crate::model::lifecycle::{Event, message};
use crate::model::policy::Rules;
use crate::model::referral::{Referral, ReferralId};
use crate::settings::Worker;
use crate::store::casebook::author_from;
use crate::store::repo::{Author, FileChange, Repo};
use crate::store::transaction::{Committed, Write};
use crate::store::{Casebook, Result, StoreError, View};
use crate::yaml::{self, REFERRAL_HEADER};

/// Why a write did not happen: the store refused, or the domain did.
#[derive(Debug, thiserror::Error)]
pub enum WriteError<E> {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(E),
}

/// A record as written, with how its write ended.
#[derive(Debug)]
pub struct Written<T> {
    pub value: T,
    /// `None` when there was nothing to change.
    pub committed: Option<Committed>,
    /// What finishing an earlier, interrupted write said.
    pub notes: Vec<String>,
}

impl Casebook {
    /// Make `dir` a casebook: a private git repository (made if there is
    /// none) with `files` (path, text) committed on top of what it holds,
    /// authored by `worker` or, without one, by git's identity.
    pub fn init(
        dir: &Path,
        files: &[(String, String)],
        worker: Option<&Worker>,
        when: DateTime<FixedOffset>,
    ) -> Result<Committed> {
        let had_repository = dir.join(".git").exists();
        let repo = Repo::init(dir)?;
        let author = match author_from(&repo, worker, when) {
            Ok(author) => author,
            Err(e) => {
                // Nothing is left behind: the next try starts afresh.
                if !had_repository {
                    let _ = std::fs::remove_dir_all(dir.join(".git"));
                }
                return Err(e);
            }
        };
        let cb = Casebook {
            root: repo.workdir().to_path_buf(),
            repo,
            notes: Vec::new(),
        };
        let mut write = cb.begin_on_any_head(true)?;
        for (path, _) in files {
            write.committed_untouched(path)?;
        }
        write.commit(&FileChange::writes(files), "init casebook", &author)
    }

    /// The file at `path` as committed at HEAD (`None` if there is none),
    /// refused when its working copy or index entry differ from it: what an
    /// edit starts from, so a hand edit is never overwritten.
    pub fn committed_untouched(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let mut write = self.begin()?;
        let committed = write.committed_untouched(path)?;
        write.check_index()?;
        Ok(committed)
    }

    /// Allocate the next ID for the year `year_of` falls in, build the
    /// record with `build` (given HEAD's rules), and commit it.
    pub fn create_referral<E>(
        &self,
        year_of: chrono::NaiveDate,
        when: DateTime<FixedOffset>,
        build: impl FnOnce(ReferralId, &Rules) -> Result<Referral, E>,
    ) -> Result<Written<Referral>, WriteError<E>> {
        let mut write = self.begin_adding()?;
        let head = write.head().clone();
        let id = self.next_id(&head, year_of.year())?;
        let path = id.path();
        write.committed_untouched(&path)?;
        let record = build(id, &head.settings.rules()).map_err(WriteError::Domain)?;
        let notes = std::mem::take(&mut write.notes);
        let committed = self.commit_record(write, &head, &path, &record, (Event::Create, year_of), when)?;
        Ok(Written {
            value: record,
            committed: Some(committed),
            notes,
        })
    }

    /// Apply one event, which happened on `happened`, to the referral
    /// `typed` names (a full or abbreviated ID), given HEAD's rules, and
    /// commit it at `when`.
    pub fn update_referral<E>(
        &self,
        typed: &str,
        (event, happened): (Event, NaiveDate),
        when: DateTime<FixedOffset>,
        apply: impl FnOnce(Referral, &Rules) -> Result<Referral, E>,
    ) -> Result<Written<Referral>, WriteError<E>> {
        let mut write = self.begin()?;
        let head = write.head().clone();
        // A full ID is looked up once, just below.
        let id = match typed.parse::<ReferralId>() {
            Ok(id) => id,
            Err(_) => self.resolve(&head, typed)?,
        };
        let path = id.path();
        let Some(committed) = write.committed_untouched(&path)? else {
            return Err(self.not_in_place(&head, &id, typed)?.into());
        };
        let before = parse_record(&path, &id, &committed)?;
        let after = apply(before, &head.settings.rules()).map_err(WriteError::Domain)?;
        let notes = std::mem::take(&mut write.notes);
        let committed = self.commit_record(write, &head, &path, &after, (event, happened), when)?;
        Ok(Written {
            value: after,
            committed: Some(committed),
            notes,
        })
    }

    /// Make one new referral for each day in `received` (the day each was
    /// received, which gives its ID's year), built by `build` from its
    /// place, its new ID and HEAD's rules, all in one commit with `message`.
    /// Nothing is committed if any one is refused.
    pub fn create_referrals<E>(
        &self,
        received: &[chrono::NaiveDate],
        message: &str,
        when: DateTime<FixedOffset>,
        build: impl Fn(usize, ReferralId, &Rules) -> Result<Referral, E>,
    ) -> Result<Written<Vec<Referral>>, WriteError<E>> {
        let mut write = self.begin()?;
        let head = write.head().clone();
        let rules = head.settings.rules();
        let prefix = head.settings.casebook.id_prefix.clone();
        let mut next: std::collections::BTreeMap<i32, u32> = Default::default();
        let mut records = Vec::with_capacity(received.len());
        let mut files = Vec::with_capacity(received.len());
        for (i, day) in received.iter().enumerate() {
            let year = day.year();
            let number = match next.get(&year) {
                Some(n) => *n,
                None => self.next_number(&head, &prefix, year)?,
            };
            next.insert(year, number + 1);
            let id = ReferralId::new(&prefix, year, number).map_err(|message| StoreError::Settings {
                path: std::path::PathBuf::from(crate::settings::SETTINGS_FILE),
                line: 1,
                column: 1,
                message,
            })?;
            let path = id.path();
            write.committed_untouched(&path)?;
            let record = build(i, id, &rules).map_err(WriteError::Domain)?;
            files.push((path, yaml::to_yaml(REFERRAL_HEADER, &record)));
            records.push(record);
        }
        Ok(self.commit_files(write, &head, &FileChange::writes(&files), message, when, records)?)
    }

    /// Give the referral `old` the next ID free both here and in `other` (a
    /// view of another copy of the casebook that took the same ID), in a
    /// commit of its own. Its history stays under the old path in git.
    pub fn renumber(&self, old: &ReferralId, other: &View, when: DateTime<FixedOffset>) -> Result<ReferralId> {
        let mut write = self.begin()?;
        let head = write.head().clone();
        let old_path = old.path();
        let Some(committed) = write.committed_untouched(&old_path)? else {
            return Err(self.not_in_place(&head, old, &old.to_string())?);
        };
        let mut record: Referral = yaml::parse(&old_path, &committed)?;
        let here = self.next_number(&head, old.prefix(), old.year())?;
        let there = self.next_number(other, old.prefix(), old.year())?;
        let new = ReferralId::new(old.prefix(), old.year(), here.max(there)).map_err(|message| StoreError::Parse {
            path: old_path.clone(),
            line: 1,
            column: 1,
            message,
        })?;
        record.id = new.clone();
        let new_path = new.path();
        write.committed_untouched(&new_path)?;
        let text = yaml::to_yaml(REFERRAL_HEADER, &record);
        let message = format!("renumber {old} to {new}: the ID was also taken in another copy of the casebook");
        let author = self.author(head.settings.worker.as_ref(), when)?;
        let changes = [
            FileChange {
                path: &new_path,
                content: Some(text.as_bytes()),
            },
            FileChange {
                path: &old_path,
                content: None,
            },
        ];
        self.commit_in(write, &changes, &message, &author)?;
        Ok(new)
    }

    /// Rewrite, in one commit with `message`, every referral file at HEAD
    /// that `rewrite` (given its path and committed text) gives new text
    /// for, and move every record still at its former path
    /// ([`ReferralId::former_path`]) to its place. Every file changed is
    /// checked untouched first; any refusal stops the whole rewrite before
    /// anything is written. Gives how many files were rewritten and how many
    /// moved (none: no commit).
    pub fn rewrite_referrals(
        &self,
        message: &str,
        when: DateTime<FixedOffset>,
        rewrite: impl Fn(&str, &[u8]) -> Result<Option<String>>,
    ) -> Result<Written<(usize, usize)>> {
        let mut write = self.begin()?;
        let head = write.head().clone();
        let (placed, former) = self.record_files(&head)?;
        let (mut files, mut moved) = (Vec::new(), Vec::new());
        let progress = crate::render::Progress::new(placed.len() + former.len(), 5_000, "rewriting records");
        let mut rewritten = 0;
        for (id, blob, at) in placed
            .iter()
            .map(|(id, blob)| (id, blob, id.path()))
            .chain(former.iter().map(|(id, blob)| (id, blob, id.former_path())))
        {
            let committed = self.read_blob(*blob, &at)?;
            let text = rewrite(&at, &committed)?;
            rewritten += usize::from(text.is_some());
            if at != id.path() {
                write.committed_untouched(&at)?;
                write.committed_untouched(&id.path())?;
                let text = text.unwrap_or_else(|| String::from_utf8_lossy(&committed).into_owned());
                files.push((id.path(), one_level_deeper(text)));
                moved.push(at);
            } else if let Some(text) = text {
                write.committed_untouched(&at)?;
                files.push((at, text));
            }
            progress.add(1);
        }
        let mut changes = FileChange::writes(&files);
        changes.extend(moved.iter().map(|path| FileChange { path, content: None }));
        let counts = (rewritten, moved.len());
        self.commit_files(write, &head, &changes, message, when, counts)
    }

    /// Commit `changes` as one commit with `message`, authored as `head`
    /// says — none when there are no changes — and give `value` back with
    /// what the write said.
    pub(super) fn commit_files<T>(
        &self,
        mut write: Write<'_>,
        head: &View,
        changes: &[FileChange<'_>],
        message: &str,
        when: DateTime<FixedOffset>,
        value: T,
    ) -> Result<Written<T>> {
        let notes = std::mem::take(&mut write.notes);
        let committed = if changes.is_empty() {
            None
        } else {
            let author = self.author(head.settings.worker.as_ref(), when)?;
            Some(self.commit_in(write, changes, message, &author)?)
        };
        Ok(Written {
            value,
            committed,
            notes,
        })
    }

    /// Write `text` to the file at `path` (not a record) in a commit of its
    /// own with `message`.
    pub fn commit_file(&self, path: &str, text: &str, message: &str, when: DateTime<FixedOffset>) -> Result<Committed> {
        let mut write = self.begin()?;
        let head = write.head().clone();
        write.committed_untouched(path)?;
        let author = self.author(head.settings.worker.as_ref(), when)?;
        let change = FileChange {
            path,
            content: Some(text.as_bytes()),
        };
        self.commit_in(write, &[change], message, &author)
    }

    /// Serialise `record` and commit it at `path` as `event`, which
    /// happened on `happened`.
    fn commit_record(
        &self,
        write: Write<'_>,
        head: &View,
        path: &str,
        record: &Referral,
        (event, happened): (Event, NaiveDate),
        when: DateTime<FixedOffset>,
    ) -> Result<Committed> {
        let text = yaml::to_yaml(REFERRAL_HEADER, record);
        let author = self.author(head.settings.worker.as_ref(), when)?;
        let change = FileChange {
            path,
            content: Some(text.as_bytes()),
        };
        self.commit_in(
            write,
            &[change],
            &message(event, record, happened, when.date_naive()),
            &author,
        )
    }

    /// Commit `changes` in `write`, and add the commit to the events index
    /// (`history`'s) when the write finished; otherwise `history` catches
    /// up by walking it.
    fn commit_in(
        &self,
        write: Write<'_>,
        changes: &[FileChange<'_>],
        message: &str,
        author: &Author,
    ) -> Result<Committed> {
        let committed = write.commit(changes, message, author)?;
        if committed.unfinished.is_none() {
            let paths: Vec<&str> = changes.iter().map(|c| c.path).collect();
            super::events::after_commit(self.git_dir(), committed.parent, committed.commit, &paths);
        }
        Ok(committed)
    }
}

/// A record moved from its former place into its folder of a hundred,
/// with the schema line its editor follows pointing one folder further up.
fn one_level_deeper(text: String) -> String {
    match text.strip_prefix("# yaml-language-server: $schema=../../schemas/") {
        Some(rest) => format!("# yaml-language-server: $schema=../../../schemas/{rest}"),
        None => text,
    }
}

/// A committed record file, refused when it has comments (a rewrite would
/// lose them) or an id other than its file name's.
fn parse_record(path: &str, id: &ReferralId, bytes: &[u8]) -> Result<Referral> {
    refuse_comments(path, bytes)?;
    let record: Referral = yaml::parse(path, bytes)?;
    if record.id != *id {
        return Err(StoreError::Parse {
            path: path.to_string(),
            line: 1,
            column: 1,
            message: format!("id {} does not match the file name", record.id),
        });
    }
    Ok(record)
}

/// Refuse to rewrite the committed file at `path` when it has comments:
/// writing it back would lose them.
pub fn refuse_comments(path: &str, bytes: &[u8]) -> Result<()> {
    match yaml::first_comment(&String::from_utf8_lossy(bytes)) {
        Some(line) => Err(StoreError::Comments {
            path: format!("{path} (line {line})"),
        }),
        None => Ok(()),
    }
}
