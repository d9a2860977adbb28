//! Which committed state a read uses: HEAD, the newest commit made on or
//! before a day (`--as-of`), or any revision (`--at`). Re-running last
//! month's report next year reads the same tree and gives the same numbers.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use git2::{Oid, Sort, Tree};

use super::{Casebook, Result, StoreError};

/// A commit chosen for reading, with its tree.
pub struct Snapshot<'r> {
    pub commit: Oid,
    pub time: DateTime<FixedOffset>,
    pub tree: Tree<'r>,
}

impl Snapshot<'_> {
    /// The commit's short id, for footers.
    pub fn short(&self) -> String {
        self.commit.to_string()[..10].to_string()
    }
}

/// What the user asked to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Pick {
    #[default]
    Head,
    /// The newest commit made on or before the end of this day (in `tz`).
    AsOf(NaiveDate, FixedOffset),
    /// A git revision: a commit id, branch, tag or `HEAD~3`.
    At(String),
}

impl Casebook {
    pub fn snapshot(&self, pick: &Pick) -> Result<Snapshot<'_>> {
        let repo = &self.repo;
        let commit = match pick {
            Pick::Head => repo.head()?.peel_to_commit()?,
            Pick::At(rev) => repo
                .revparse_single(rev)
                .and_then(|o| o.peel_to_commit())
                .map_err(|_| StoreError::NoSuchRevision(rev.clone()))?,
            Pick::AsOf(day, tz) => {
                let end = day
                    .and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("end of day"))
                    .and_local_timezone(*tz)
                    .single()
                    .map(|t| t.timestamp())
                    .unwrap_or(i64::MAX);
                let mut walk = repo.revwalk()?;
                walk.push_head()?;
                walk.set_sorting(Sort::TIME)?;
                let mut found = None;
                for oid in walk {
                    let c = repo.find_commit(oid?)?;
                    if c.time().seconds() <= end {
                        found = Some(c);
                        break;
                    }
                }
                found.ok_or(StoreError::NothingAsOf(*day))?
            }
        };
        Ok(Snapshot {
            commit: commit.id(),
            time: super::git::commit_time(&commit),
            tree: commit.tree()?,
        })
    }
}
