//! The two ways a referral changes: a new one is created, or one event is
//! applied to an existing one. Both follow the write order in `git.rs` and
//! make exactly one commit touching only that record's file.

use chrono::{DateTime, Datelike, FixedOffset};
use git2::Tree;

use super::casebook::{Casebook, read_blob};
use super::git::{author, commit_change, commit_files, ensure_untouched, lock};
use super::index::Staging;
use super::yaml::{self, REFERRAL_HEADER};
use super::{Result, StoreError};
use crate::model::referral::{Referral, ReferralId};

/// Why a write did not happen: the store refused, or the domain did.
#[derive(Debug, thiserror::Error)]
pub enum WriteError<E> {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(E),
}

impl<E> From<git2::Error> for WriteError<E> {
    fn from(e: git2::Error) -> Self {
        WriteError::Store(e.into())
    }
}

impl Casebook {
    /// The file at `path` as committed at HEAD (`None` if there is none),
    /// refused when its working copy or index entry differ from it: what an
    /// edit starts from, so a hand edit is never overwritten.
    pub fn committed_untouched(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let head = self.repo.head()?.peel_to_commit()?;
        let committed = read_blob(&self.repo, &head.tree()?, path)?;
        let staging = Staging::open(&self.repo)?;
        ensure_untouched(&self.root, &staging, path, committed.as_deref(), Some(&head))?;
        Ok(committed)
    }

    /// Allocate the next ID for the year `received` falls in, build the record
    /// with `build`, and commit it.
    pub fn create_referral<E>(
        &self,
        year_of: chrono::NaiveDate,
        when: DateTime<FixedOffset>,
        build: impl FnOnce(ReferralId) -> Result<Referral, E>,
    ) -> Result<Referral, WriteError<E>> {
        let _lock = lock(&self.repo)?;
        let head = self.repo.head()?.peel_to_commit()?;
        let id = self.next_id(&head.tree()?, year_of.year())?;
        let path = id.path();
        let staging = Staging::open(&self.repo)?;
        ensure_untouched(&self.root, &staging, &path, None, None)?;
        let record = build(id).map_err(WriteError::Domain)?;
        self.commit_record(staging, &head, &path, &record, "create", when)?;
        Ok(record)
    }

    /// Apply one event to the referral `typed` names (a full or abbreviated
    /// ID) and commit it as `event`.
    pub fn update_referral<E>(
        &self,
        typed: &str,
        event: &str,
        when: DateTime<FixedOffset>,
        apply: impl FnOnce(Referral) -> Result<Referral, E>,
    ) -> Result<Referral, WriteError<E>> {
        let _lock = lock(&self.repo)?;
        let head = self.repo.head()?.peel_to_commit()?;
        let tree = head.tree()?;
        let id = self.resolve(&tree, typed)?;
        let path = id.path();
        let committed = read_blob(&self.repo, &tree, &path)?.ok_or_else(|| StoreError::NoSuchReferral(typed.into()))?;
        let staging = Staging::open(&self.repo)?;
        ensure_untouched(&self.root, &staging, &path, Some(&committed), Some(&head))?;
        let text = String::from_utf8_lossy(&committed);
        if let Some(line) = yaml::first_comment(&text) {
            return Err(StoreError::Comments {
                path: format!("{path} (line {line})"),
            }
            .into());
        }
        let before: Referral = yaml::parse(&path, &committed)?;
        if before.id != id {
            let message = format!("id {} does not match the file name", before.id);
            return Err(StoreError::Parse {
                path,
                line: 1,
                column: 1,
                message,
            }
            .into());
        }
        let after = apply(before).map_err(WriteError::Domain)?;
        self.commit_record(staging, &head, &path, &after, event, when)?;
        Ok(after)
    }

    /// Give the referral `old` the next ID free both here and in `other` (the
    /// tree of another copy of the casebook that took the same ID), in a
    /// commit of its own. Its history stays under the old path in git.
    pub fn renumber(&self, old: &ReferralId, other: &Tree<'_>, when: DateTime<FixedOffset>) -> Result<ReferralId> {
        let _lock = lock(&self.repo)?;
        let head = self.repo.head()?.peel_to_commit()?;
        let tree = head.tree()?;
        let old_path = old.path();
        let committed =
            read_blob(&self.repo, &tree, &old_path)?.ok_or_else(|| StoreError::NoSuchReferral(old.to_string()))?;
        let staging = Staging::open(&self.repo)?;
        ensure_untouched(&self.root, &staging, &old_path, Some(&committed), Some(&head))?;
        let mut record: Referral = yaml::parse(&old_path, &committed)?;
        let here = self.next_number(&tree, old.prefix(), old.year())?;
        let there = self.next_number(other, old.prefix(), old.year())?;
        let number = here.max(there);
        let new = ReferralId::new(old.prefix(), old.year(), number).map_err(|message| StoreError::Parse {
            path: old_path.clone(),
            line: 1,
            column: 1,
            message,
        })?;
        record.id = new.clone();
        let new_path = new.path();
        ensure_untouched(&self.root, &staging, &new_path, None, None)?;
        let text = yaml::to_yaml(REFERRAL_HEADER, &record);
        let message = format!("renumber {old} to {new}: the ID was also taken in another copy of the casebook");
        let author = author(self, when)?;
        commit_change(
            &self.repo,
            &self.root,
            staging,
            Some(&head),
            &[(&new_path, text.as_bytes())],
            &[&old_path],
            &message,
            &author,
        )?;
        Ok(new)
    }

    /// Serialise `record` and commit it at `path` as `event` on top of `head`.
    fn commit_record(
        &self,
        staging: Staging,
        head: &git2::Commit<'_>,
        path: &str,
        record: &Referral,
        event: &str,
        when: DateTime<FixedOffset>,
    ) -> Result<()> {
        let text = yaml::to_yaml(REFERRAL_HEADER, record);
        let message = crate::model::lifecycle::describe(event, record);
        let author = author(self, when)?;
        commit_files(
            &self.repo,
            &self.root,
            staging,
            Some(head),
            &[(path, text.as_bytes())],
            &message,
            &author,
        )?;
        Ok(())
    }
}
