//! A derived index of who each referral is about, so that `create`'s check
//! for a likely duplicate reads a few lines instead of every record.
//!
//! In `.git/sprx/people/` (see [`super::derived`]): 256 files, each line
//! one of a referral's [`Identity::keys`] (its name with its date of birth,
//! its NHS number), its ID and the blob it was read from, in the file its
//! key's CRC-32 picks. Brought up to HEAD by comparing HEAD's records with
//! those of the commit it was last brought up to (no history is walked):
//! each changed record's old lines are taken out and its new ones put in,
//! so it stays the size of the casebook and keeps no earlier name. Built
//! from every record when there is none, and rebuilt when a line is
//! damaged. A line counts only while HEAD still holds its blob, as a
//! check. Like the summaries cache, it holds names: never committed, its
//! owner's alone, and removed by erasure.

use std::collections::BTreeMap;

use super::cache;
use super::derived::Derived;
use super::record_at;
use crate::model::referral::{Identity, Referral, ReferralId};
use crate::store::repo::{BlobId, Snapshot};
use crate::store::{Casebook, Pick, Result, View};
use crate::yaml;

fn file_of(key: &str) -> String {
    format!("{:02x}", crc32fast::hash(key.as_bytes()) & 0xff)
}

/// The lines for what `identity` (read from `blob`) is known by.
fn lines(identity: &Identity, blob: BlobId) -> impl Iterator<Item = (String, String)> + '_ {
    let p = &identity.person;
    Identity::keys(&p.name, p.date_of_birth, p.nhs_number.as_deref())
        .into_iter()
        .map(move |key| (file_of(&key), format!("{key}\t{}\t{blob}", identity.id)))
}

/// Those of `all` that have any of `keys`.
fn matching(all: Vec<Identity>, keys: &[String]) -> Vec<Identity> {
    all.into_iter()
        .filter(|i| {
            let p = &i.person;
            Identity::keys(&p.name, p.date_of_birth, p.nhs_number.as_deref())
                .iter()
                .any(|k| keys.contains(k))
        })
        .collect()
}

impl Casebook {
    /// Who each referral in `view` is about that has any of `keys`, from
    /// the index when `view` is HEAD (from every record otherwise).
    pub fn identities_with(&self, view: &View, keys: &[String]) -> Result<Vec<Identity>> {
        let index = Derived::at(self.git_dir(), "people");
        if self.repo.head()? != Some(view.commit()) {
            return Ok(matching(self.identities(view)?, keys));
        }
        for _ in 0..2 {
            if let Some(found) = self
                .bring_up(&index, view)?
                .and_then(|()| self.look_up(&index, view, keys))
            {
                return found;
            }
            index.clear();
        }
        Ok(matching(self.identities(view)?, keys))
    }

    /// Bring the index up to `head`; `Ok(None)` when it could not be
    /// written.
    fn bring_up(&self, index: &Derived, head: &View) -> Result<Option<()>> {
        let tip = index.tip();
        if tip == Some(head.commit()) {
            return Ok(Some(()));
        }
        if let Some(before) = tip.and_then(|t| self.repo.snapshot(&Pick::At(t.to_string())).ok()) {
            return self.bring_up_from(index, &before, head);
        }
        index.clear();
        let entries = self.referral_entries(head)?;
        let identities: Vec<Identity> = cache::summaries(&self.repo, &entries)?;
        let lines = identities
            .iter()
            .zip(&entries)
            .flat_map(|(i, (_, blob))| lines(i, *blob));
        Ok(index.add(lines, head.commit()))
    }

    /// Bring the index from `before` up to `head`: for each record that
    /// differs, the lines of what it was are taken out of their files and
    /// the lines of what it is put in, so no line outlives its record's
    /// version (nor a name corrected since). `Ok(None)` when the index
    /// cannot be brought up this way (an earlier version that does not
    /// read, a damaged file): it is then rebuilt.
    fn bring_up_from(&self, index: &Derived, before: &Snapshot, head: &View) -> Result<Option<()>> {
        let mut files: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
        for path in self.repo.changed_between(before, &head.snapshot, "referrals")? {
            let Some(id) = record_at(&path) else { continue };
            if let Some(old) = self.repo.lookup(before, &path)? {
                let Ok((was, _)) = self.identity(&id, old) else {
                    return Ok(None);
                };
                for (file, _) in lines(&was, old) {
                    files.entry(file).or_default().0.push(id.to_string());
                }
            }
            if let Some(new) = self.repo.lookup(&head.snapshot, &path)? {
                let (is, _) = self.identity(&id, new)?;
                for (file, line) in lines(&is, new) {
                    files.entry(file).or_default().1.push(line);
                }
            }
        }
        for (file, (gone, add)) in files {
            // A line is `key<TAB>id<TAB>blob`.
            let keep = |line: &str| line.rsplit('\t').nth(1).is_none_or(|id| !gone.iter().any(|g| g == id));
            if index.rewrite(&file, keep, &add).is_none() {
                return Ok(None);
            }
        }
        Ok(index.set_tip(head.commit()))
    }

    /// Who the record in `blob` is about.
    fn identity(&self, id: &ReferralId, blob: BlobId) -> Result<(Identity, BlobId)> {
        let path = id.path();
        let record: Referral = yaml::parse(&path, &self.repo.read(blob, &path)?)?;
        Ok((Identity::from(&record), blob))
    }

    /// The referrals in the index under any of `keys` whose record HEAD
    /// still holds as indexed; `None` when the index is damaged.
    fn look_up(&self, index: &Derived, head: &View, keys: &[String]) -> Option<Result<Vec<Identity>>> {
        let mut candidates: Vec<(ReferralId, BlobId)> = Vec::new();
        for key in keys {
            for line in index.lines(&file_of(key))? {
                let mut fields = line.rsplitn(3, '\t');
                let (blob, id, found) = (fields.next()?, fields.next()?, fields.next()?);
                if found == key {
                    let entry = (id.parse().ok()?, blob.parse().ok()?);
                    if !candidates.contains(&entry) {
                        candidates.push(entry);
                    }
                }
            }
        }
        let mut out: Vec<Identity> = Vec::new();
        for (id, blob) in candidates {
            let held = |path: String| self.repo.lookup(&head.snapshot, &path);
            let now = match held(id.path()).and_then(|b| Ok(b.or(held(id.former_path())?))) {
                Ok(now) => now,
                Err(e) => return Some(Err(e)),
            };
            if now == Some(blob) && !out.iter().any(|i| i.id == id) {
                match self.identity(&id, blob) {
                    Ok((identity, _)) => out.push(identity),
                    Err(e) => return Some(Err(e)),
                }
            }
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Some(Ok(out))
    }
}
