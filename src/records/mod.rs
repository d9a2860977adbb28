//! Referral records in a casebook, read from a view of one commit: one
//! referral by its ID, every referral (lean, through the summaries cache in
//! [`cache`]), who each is about ([`people`]), what the user typed resolved
//! to one ID, and the next free ID. How they change is in [`write`], the
//! community services directory in [`services`]. All of it stands on the
//! store's views and transaction; none of it speaks git.

pub mod cache;
mod derived;
mod events;
mod people;
pub mod services;
pub mod write;

use std::path::PathBuf;

use crate::model::referral::{Identity, Referral, ReferralId};
use crate::settings::SETTINGS_FILE;
use crate::store::repo::{BlobId, Change};
use crate::store::{Casebook, Result, StoreError, View};
use crate::yaml;

/// The referral `path` is the record of, at its place or its former one
/// (`path` is [`ReferralId::path`] or [`ReferralId::former_path`]). Checked
/// part by part, without spelling either out: a listing of 100,000 records
/// asks for each.
pub(crate) fn record_at(path: &str) -> Option<ReferralId> {
    let (folder, file) = path.rsplit_once('/')?;
    let id: ReferralId = file.strip_suffix(".yaml")?.parse().ok()?;
    let rest = folder.strip_prefix("referrals/")?;
    let (year, shard) = rest.split_once('/').map_or((rest, None), |(y, s)| (y, Some(s)));
    // `text` is `n` in decimal, padded with zeros to `width` digits.
    let spells = |text: &str, n: u64, width: usize| {
        text.len() == width.max(n.checked_ilog10().map_or(1, |d| d as usize + 1))
            && text.bytes().all(|b| b.is_ascii_digit())
            && text.parse() == Ok(n)
    };
    let year_ok = u64::try_from(id.year()).is_ok_and(|y| spells(year, y, 1));
    let shard_ok = shard.is_none_or(|shard| spells(shard, u64::from(id.number() / 100), 2));
    (year_ok && shard_ok).then_some(id)
}

/// Referral records by ID, each with its blob.
pub(crate) type Entries = Vec<(ReferralId, BlobId)>;

impl Casebook {
    /// Read one referral from the view; `None` if it is not there.
    pub fn read_referral(&self, view: &View, id: &ReferralId) -> Result<Option<Referral>> {
        for path in [id.path(), id.former_path()] {
            if let Some(bytes) = self.read_file(view, &path)? {
                return Ok(Some(yaml::parse(&path, &bytes)?));
            }
        }
        Ok(None)
    }

    /// Why the referral `id` is not at its place in `view`: it is at its
    /// former one (`sprx migrate` moves it), or it is not there at all.
    pub(crate) fn not_in_place(&self, view: &View, id: &ReferralId, typed: &str) -> Result<StoreError> {
        Ok(match self.repo.lookup(&view.snapshot, &id.former_path())? {
            Some(_) => StoreError::FormerLayout(id.clone(), id.former_path()),
            None => StoreError::NoSuchReferral(typed.to_string()),
        })
    }

    /// The referral `typed` names (a full ID or an unambiguous ending).
    pub fn find_referral(&self, view: &View, typed: &str) -> Result<Referral> {
        let id = self.resolve(view, typed)?;
        self.read_referral(view, &id)?
            .ok_or_else(|| StoreError::NoSuchReferral(typed.to_string()))
    }

    /// Every referral in the view with its blob, from file names alone
    /// (nothing is parsed), in ID order. A file counts only in its own
    /// place ([`ReferralId::path`]) or, in casebooks `sprx migrate` has not
    /// yet tidied and in commits from before it did, its former one.
    pub(crate) fn referral_entries(&self, view: &View) -> Result<Entries> {
        let (mut placed, former) = self.record_files(view)?;
        if !former.is_empty() {
            placed.extend(former);
            placed.sort();
            placed.dedup_by(|a, b| a.0 == b.0);
        }
        Ok(placed)
    }

    /// Every record file in the view, in ID order: those in their place, and
    /// those at their [`ReferralId::former_path`].
    pub(crate) fn record_files(&self, view: &View) -> Result<(Entries, Entries)> {
        let (mut placed, mut former) = (Vec::new(), Vec::new());
        self.repo.walk(&view.snapshot, "referrals", &mut |path, blob| {
            let path = format!("referrals/{path}");
            match record_at(&path) {
                Some(id) if path == id.path() => placed.push((id, blob)),
                Some(id) => former.push((id, blob)),
                None => {}
            }
        })?;
        placed.sort();
        former.sort();
        Ok((placed, former))
    }

    /// Every referral ID in the view.
    pub fn referral_ids(&self, view: &View) -> Result<Vec<ReferralId>> {
        Ok(self.referral_entries(view)?.into_iter().map(|(id, _)| id).collect())
    }

    /// Every referral in the view in ID order, lean (without free text; see
    /// `Referral::lean`), from the derived cache where it can be.
    pub fn summaries(&self, view: &View) -> Result<Vec<Referral>> {
        cache::summaries(&self.repo, &self.referral_entries(view)?)
    }

    /// Who every referral in the view is about, and whether it is open:
    /// less to read than [`Casebook::summaries`] when that is all a command
    /// needs.
    pub fn identities(&self, view: &View) -> Result<Vec<Identity>> {
        cache::summaries(&self.repo, &self.referral_entries(view)?)
    }

    /// Resolve what the user typed to one referral ID in the view: a full
    /// ID, or any unambiguous ending of one (`7`, `0007`, `2026-0007`).
    pub fn resolve(&self, view: &View, typed: &str) -> Result<ReferralId> {
        // IDs are capitals; `sp-2026-0001` means the same.
        let upper = typed.to_ascii_uppercase();
        if let Ok(id) = upper.parse::<ReferralId>() {
            let held = |path: String| self.repo.lookup(&view.snapshot, &path);
            return match held(id.path())?.or(held(id.former_path())?) {
                Some(_) => Ok(id),
                None => Err(self.no_such_referral(view, typed)),
            };
        }
        let abbreviation_chars = |c: char| c.is_ascii_alphanumeric() || c == '-';
        if typed.is_empty() || !typed.chars().all(abbreviation_chars) {
            // `SP 2026 0001` is an ID typed with spaces, not a name.
            return Err(match self.no_such_referral(view, typed) {
                like @ StoreError::NoSuchReferralLike { .. } => like,
                _ => StoreError::BadId(typed.to_string()),
            });
        }
        let number: Option<u32> = typed.parse().ok();
        let matches: Vec<ReferralId> = self
            .referral_ids(view)?
            .into_iter()
            .filter(|id| number == Some(id.number()) || id.to_string().ends_with(&format!("-{upper}")))
            .collect();
        match matches.len() {
            0 => Err(self.no_such_referral(view, typed)),
            1 => Ok(matches.into_iter().next().expect("one match")),
            _ => Err(StoreError::Ambiguous {
                typed: typed.to_string(),
                matches,
            }),
        }
    }

    /// That `typed` names no referral, with the ID it most likely meant
    /// (two digits swapped, one mistyped), if there is one.
    fn no_such_referral(&self, view: &View, typed: &str) -> StoreError {
        let ids: Vec<String> = self
            .referral_ids(view)
            .unwrap_or_default()
            .iter()
            .map(|i| i.to_string())
            .collect();
        // IDs and what was typed are ASCII: compare the same number of
        // characters from the end.
        let close = ids
            .iter()
            .filter(|_| typed.len() >= 4)
            .filter(|id| {
                let tail = &id[id.len().saturating_sub(typed.len())..];
                strsim::damerau_levenshtein(tail, typed) == 1
            })
            .min();
        // The same letters and numbers, spaced or padded differently:
        // `SP2026-001`, `sp 2026 0001`.
        let parts = |s: &str| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            let mut last: Option<bool> = None;
            for c in s.chars() {
                if !c.is_ascii_alphanumeric() {
                    last = None;
                    continue;
                }
                let digit = c.is_ascii_digit();
                if last != Some(digit) {
                    out.push(String::new());
                }
                out.last_mut().expect("pushed").push(c.to_ascii_uppercase());
                last = Some(digit);
            }
            out.iter().map(|p| p.trim_start_matches('0').to_string()).collect()
        };
        let typed_parts = parts(typed);
        let same = ids.iter().filter(|id| parts(id) == typed_parts).min();
        match same.or(close) {
            Some(likely) => StoreError::NoSuchReferralLike {
                typed: typed.to_string(),
                likely: likely.clone(),
            },
            None => StoreError::NoSuchReferral(typed.to_string()),
        }
    }

    /// The next free ID for `year` with the view's prefix.
    pub fn next_id(&self, view: &View, year: i32) -> Result<ReferralId> {
        let prefix = &view.settings.casebook.id_prefix;
        let number = self.next_number(view, prefix, year)?;
        ReferralId::new(prefix, year, number).map_err(|message| StoreError::Settings {
            path: PathBuf::from(SETTINGS_FILE),
            line: 1,
            column: 1,
            message,
        })
    }

    /// One more than the highest number `prefix` has used in `year`.
    pub fn next_number(&self, view: &View, prefix: &str, year: i32) -> Result<u32> {
        let number = |file: &str| {
            let id = file.strip_suffix(".yaml").and_then(|n| n.parse::<ReferralId>().ok());
            id.filter(|id| id.prefix() == prefix).map(|id| id.number())
        };
        // Records still in the year's own folder (before `migrate`), then
        // the folders of a hundred from the highest down: the first holding
        // any of this prefix holds its highest number.
        let year_dir = format!("referrals/{year}");
        let (folders, files) = self.repo.list(&view.snapshot, &year_dir)?;
        let mut highest = files.iter().filter_map(|f| number(f)).max().unwrap_or(0);
        let mut hundreds: Vec<(u32, String)> = folders.into_iter().filter_map(|f| Some((f.parse().ok()?, f))).collect();
        hundreds.sort_unstable_by(|a, b| b.cmp(a));
        for (_, folder) in hundreds {
            let (_, files) = self.repo.list(&view.snapshot, &format!("{year_dir}/{folder}"))?;
            if let Some(most) = files.iter().filter_map(|f| number(f)).max() {
                highest = highest.max(most);
                break;
            }
        }
        Ok(highest + 1)
    }

    /// The commits that changed the referral `id`, oldest first (at its
    /// place, or before `sprx migrate` moved it, its former one).
    pub fn history(&self, id: &ReferralId) -> Result<Vec<Change>> {
        events::history(&self.repo, self.git_dir(), id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_found_at_its_place_or_its_former_one_and_nowhere_else() {
        // The plain rule: spell both places out and compare.
        let plain = |path: &str| {
            let file = path.rsplit('/').next()?;
            let id: ReferralId = file.strip_suffix(".yaml")?.parse().ok()?;
            (path == id.path() || path == id.former_path()).then_some(id)
        };
        let mut paths = Vec::new();
        for id in [
            "SP-2026-0001",
            "SP-2026-0099",
            "SP-2026-0100",
            "AB-1999-9999",
            "SP-2026-10000",
            "SP-2030-123456",
        ] {
            let id: ReferralId = id.parse().unwrap();
            let (year, number) = (id.year(), id.number());
            for folder in [
                id.path(),
                id.former_path(),
                format!("referrals/{year}/{}/{id}.yaml", number / 100),
                format!("referrals/{year}/0{:02}/{id}.yaml", number / 100),
                format!("referrals/{year}/{:02}/{id}.yaml", number / 100 + 1),
                format!("referrals/0{year}/{id}.yaml"),
                format!("referrals/{}/{id}.yaml", year + 1),
                format!("referrals/{year}/{:02}/x/{id}.yaml", number / 100),
                format!("referral/{year}/{id}.yaml"),
                format!("x/referrals/{year}/{id}.yaml"),
                format!("referrals/{year}/{id}.yml"),
                format!("referrals/{year}/+{:02}/{id}.yaml", number / 100),
                format!("referrals/{year}/ {:01}/{id}.yaml", number / 100),
            ] {
                paths.push(folder);
            }
        }
        let mut found = 0;
        for path in &paths {
            assert_eq!(record_at(path), plain(path), "{path}");
            found += usize::from(plain(path).is_some());
        }
        assert!(found >= 12, "both places of each ID are found: {found}");
    }
}
