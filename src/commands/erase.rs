//! `sprx erase ID… --reason TEXT [--yes]`: erase people from the whole
//! history. Every version of each named referral, in every commit, becomes
//! the anonymous skeleton `model::erasure` makes — every aggregate figure
//! for every past period unchanged — by git's own `fast-export` and
//! `fast-import` (the stream is read as git writes it and only the blobs
//! that were these records are replaced). Reference logs are then expired
//! and unreachable objects pruned, so no object in the repository holds
//! the removed data; the derived cache and kept edit texts go too. The
//! erasure is logged in `erasures.yaml` (ID, day, reason) in its own
//! commit; `sync` carries it to the remote and every clone that syncs
//! (`scrub` is the rewrite both use). Backups and copies made outside sprx
//! are not reached: the README says so.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use super::{Ctx, Out};
use crate::cli::EraseArgs;
use crate::error::{Error, Result};
use crate::model::erasure::{Erasure, anonymised};
use crate::model::referral::{Referral, ReferralId};
use crate::model::service::{Service, reported_by_id};
use crate::store::{Casebook, View};
use crate::yaml::{self, REFERRAL_HEADER};

use crate::check::ERASURE_LOG as LOG;

fn git(cb: &Casebook, args: &[&str]) -> Result<String> {
    let run = || {
        Command::new("git")
            .arg("-C")
            .arg(&cb.root)
            .args(args)
            .output()
            .map_err(|e| Error::failed(format!("could not run git: {e}")).with_hint("sprx erase needs git on the PATH"))
    };
    // Another git command (an editor's `git status`) may hold the index
    // for a moment: wait for it, up to two seconds, as sprx's writes do.
    let mut out = run()?;
    for _ in 0..40 {
        if out.status.success() || !String::from_utf8_lossy(&out.stderr).contains("index.lock") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        out = run()?;
    }
    if !out.status.success() {
        return Err(Error::failed(format!(
            "git {} failed: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
        .with_hint("git's message is above; run sprx check, then try again"));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn run(a: EraseArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    let head = cb.head()?;
    let ids: Vec<ReferralId> = a
        .ids
        .iter()
        .map(|typed| cb.resolve(&head, typed))
        .collect::<Result<_, _>>()?;
    for id in &ids {
        if cb.read_file(&head, &id.path())?.is_none() {
            return Err(cb.not_in_place(&head, id, &id.to_string())?.into());
        }
    }
    // Changes to the records being erased do not count: they are replaced
    // (an erase cut short leaves its records staged at their old text).
    let paths: Vec<String> = ids.iter().map(ReferralId::path).collect();
    let status = git(&cb, &["status", "--porcelain"])?;
    let others = status
        .lines()
        .filter(|l| !paths.iter().any(|p| l.get(3..) == Some(p.as_str())));
    if others.count() > 0 {
        return Err(
            Error::failed("the casebook has changes not committed; erasure rewrites the history under them")
                .with_hint("commit or drop them first (git status shows them), then run sprx erase again"),
        );
    }
    if !a.yes {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() {
            return Err(Error::usage("erasure cannot be undone and needs confirming")
                .with_hint("run it at a terminal to confirm, or add --yes in a script"));
        }
        let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
        eprint!(
            "Erase {} from every commit of this casebook's history? This cannot be undone. Type yes: ",
            list.join(", ")
        );
        let mut answer = String::new();
        std::io::stdin().read_line(&mut answer)?;
        if answer.trim() != "yes" {
            out.note("nothing was erased");
            return Ok(());
        }
    }
    let versions = scrub(&cb, &ids, &cb.services(&head)?)?;
    // The log, in a commit of its own.
    let cb = Casebook::open(&cb.root)?;
    let head = cb.head()?;
    let mut log: Vec<Erasure> = match cb.read_file(&head, LOG)? {
        Some(bytes) => serde_yaml::from_slice(&bytes).map_err(|e| {
            Error::failed(format!("{LOG}: {e}")).with_hint("the erasure log is damaged; restore it from the history")
        })?,
        None => Vec::new(),
    };
    for id in &ids {
        if log.iter().any(|e| e.id == id.to_string()) {
            continue;
        }
        log.push(Erasure {
            id: id.to_string(),
            date: ctx.today(),
            reason: a.reason.clone(),
        });
    }
    let text = format!(
        "# Erasures: every version of these referrals was anonymised in the whole history.\n{}",
        serde_yaml::to_string(&log).expect("the log serialises")
    );
    let list: Vec<String> = ids.iter().map(ToString::to_string).collect();
    let message = format!("erase {}: anonymised in every commit", list.join(", "));
    cb.commit_file(LOG, &text, &message, ctx.now)?;
    let versions = crate::model::counted(versions, "version", "versions");
    out.note(&format!(
        "{} erased from every commit ({versions} anonymised); backups and copies made outside sprx still hold them",
        list.join(", ")
    ));
    if !git(&cb, &["remote"])?.trim().is_empty() {
        out.note("run sprx sync to carry the erasure to the remote; every other clone applies it at its next sync");
    }
    Ok(())
}

/// Erase `ids` from every reference's history in this clone — its branches
/// and what it last fetched alike: every version of each record, under
/// every path it has had, becomes its anonymous skeleton; the working files
/// and index are brought up to the rewritten HEAD; reference logs are
/// expired and unreachable objects pruned; derived files that could hold
/// the old versions go. Returns how many versions were anonymised. The
/// same history rewritten in two clones gives the same commits, so clones
/// that each apply an erasure still share their history.
pub fn scrub(cb: &Casebook, ids: &[ReferralId], directory: &[Service]) -> Result<usize> {
    // Reference logs are expired below, and with them every stash but the
    // newest: refuse rather than drop someone's work.
    if git(cb, &["stash", "list"])?.lines().count() > 0 {
        return Err(Error::failed(
            "erasing rewrites the history, which would drop the stashed changes (git stash list)",
        )
        .with_hint("apply or drop them first (git stash pop, or git stash drop), then run the command again"));
    }
    // Every path each record has had, and the history in which it was
    // this person's: its own path (and where sprx kept it before
    // `migrate`) in every commit; a path it was renumbered from only
    // before the renumbering, since the other clone's referral has held
    // that ID since.
    let log = git(cb, &["log", "--all", "--format=%H %s"])?;
    let mut sources: Vec<(String, String)> = Vec::new();
    for id in ids {
        let mut names = vec![(id.to_string(), "--all".to_string())];
        while let Some((name, rev)) = names.pop() {
            let Ok(id) = name.parse::<ReferralId>() else {
                continue;
            };
            if sources.contains(&(rev.clone(), id.path())) {
                continue;
            }
            sources.extend([(rev.clone(), id.path()), (rev.clone(), id.former_path())]);
            for line in log.lines() {
                if let Some((commit, subject)) = line.split_once(' ')
                    && let Some(rest) = subject.strip_prefix("renumber ")
                    && let Some((old, new)) = rest.split_once(" to ")
                    && new.split(':').next() == Some(name.as_str())
                {
                    names.push((old.to_string(), format!("{commit}^")));
                }
            }
        }
    }
    // Every blob that was ever one of these records, in any commit, merge
    // results included.
    let mut blobs: HashSet<String> = HashSet::new();
    for (rev, path) in &sources {
        blobs.extend(versions(cb, rev, path)?);
    }
    rewrite(cb, &blobs, directory)?;
    // The working files and index to the rewritten HEAD; derived files go.
    // A `git status` that read the index before the checkout may write its
    // stale copy back after it: check, and bring them up again, before the
    // old versions are pruned (the index would keep one alive). A record
    // only another branch holds has no working file.
    let own: Vec<String> = ids.iter().map(ReferralId::path).collect();
    let mut in_head = vec!["ls-tree", "-r", "--name-only", "HEAD", "--"];
    in_head.extend(own.iter().map(String::as_str));
    let paths: Vec<String> = git(cb, &in_head)?.lines().map(String::from).collect();
    let mut checkout = vec!["checkout", "HEAD", "--"];
    checkout.extend(paths.iter().map(String::as_str));
    let mut staged = vec!["diff-index", "--name-only", "HEAD", "--"];
    staged.extend(paths.iter().map(String::as_str));
    let tries = if paths.is_empty() { 0 } else { 20 };
    for _ in 0..tries {
        git(cb, &checkout)?;
        std::thread::sleep(std::time::Duration::from_millis(50));
        if git(cb, &staged)?.trim().is_empty() {
            break;
        }
    }
    for path in &paths {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(cb.root.join(path), std::fs::Permissions::from_mode(0o600));
        }
    }
    // (git counts the index as a root, so it is brought up first.)
    // Nothing reachable from a reference log, and nothing unreachable, may
    // keep an old version.
    for special in ["ORIG_HEAD", "FETCH_HEAD", "MERGE_HEAD"] {
        let _ = std::fs::remove_file(cb.git_dir().join(special));
    }
    git(cb, &["reflog", "expire", "--expire=now", "--all"])?;
    git(cb, &["gc", "--prune=now", "--quiet"])?;
    drop_derived(cb, ids);
    Ok(blobs.len())
}

/// The derived files that could hold an erased record's old versions go;
/// they are rebuilt from the rewritten history when next needed.
fn drop_derived(cb: &Casebook, ids: &[ReferralId]) {
    let sprx_dir = cb.git_dir().join("sprx");
    let _ = std::fs::remove_file(sprx_dir.join("summaries"));
    // Derived from the history just rewritten: rebuilt when next needed.
    for derived in ["people", "events"] {
        let _ = std::fs::remove_dir_all(sprx_dir.join(derived));
    }
    if let Ok(kept) = std::fs::read_dir(sprx_dir.join("edits")) {
        for entry in kept.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if ids.iter().any(|id| name.starts_with(&format!("{id}."))) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Every blob the file at `path` has held in the history `revs` names (git
/// log's revision arguments, space-separated: `--all`, `A..B`, `--all
/// --not HEAD`), merge results included.
fn versions(cb: &Casebook, revs: &str, path: &str) -> Result<HashSet<String>> {
    let mut args: Vec<&str> = vec!["log"];
    args.extend(revs.split_whitespace());
    args.extend([
        "--full-history",
        "-m",
        "--format=",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--",
        path,
    ]);
    let raw = git(cb, &args)?;
    let mut out = HashSet::new();
    for line in raw.lines() {
        // `:100644 100644 OLD NEW M\tpath`: the blobs before and after.
        for blob in line.split_whitespace().skip(2).take(2) {
            if blob.chars().any(|c| c != '0') {
                out.insert(blob.to_string());
            }
        }
    }
    Ok(out)
}

/// The referrals the erasure log in `view` names (none without a log). A
/// log that cannot be read is an error, never "no erasures".
pub fn logged(cb: &Casebook, view: &View) -> Result<Vec<ReferralId>> {
    let Some(bytes) = cb.read_file(view, LOG)? else {
        return Ok(Vec::new());
    };
    let unreadable = |e: String| {
        Error::failed(format!("{LOG} at commit {} cannot be read: {e}", view.short()))
            .with_hint("nothing was merged or pushed; update sprx if another copy has a newer version, or restore the log from the history")
    };
    let log: Vec<Erasure> = serde_yaml::from_slice(&bytes).map_err(|e| unreadable(e.to_string()))?;
    log.iter()
        .map(|e| e.id.parse().map_err(|e: String| unreadable(e)))
        .collect()
}

/// Those of `ids` with a version in the history of `rev` (a revision, or
/// `--all`) that still holds personal data.
pub fn held(cb: &Casebook, rev: &str, ids: &[ReferralId], directory: &[Service]) -> Result<Vec<ReferralId>> {
    let listed = |s: &str| reported_by_id(s, directory);
    let mut held = Vec::new();
    for id in ids {
        let mut blobs = versions(cb, rev, &id.path())?;
        blobs.extend(versions(cb, rev, &id.former_path())?);
        let personal = blobs.into_iter().any(|blob| {
            let content = git(cb, &["cat-file", "blob", &blob]).unwrap_or_default();
            match yaml::parse::<Referral>("record", content.as_bytes()) {
                Ok(r) => r != anonymised(&r, &listed),
                Err(_) => content != "# erased\n",
            }
        });
        if personal && !held.contains(id) {
            held.push(id.clone());
        }
    }
    Ok(held)
}

/// Rewrite every reference's history, replacing each blob in `blobs` by its
/// anonymised form, with `git fast-export | fast-import`.
fn rewrite(cb: &Casebook, blobs: &HashSet<String>, directory: &[Service]) -> Result<()> {
    let spawn = |args: &[&str], stdin: Stdio, stdout: Stdio| {
        Command::new("git")
            .arg("-C")
            .arg(&cb.root)
            .args(args)
            .stdin(stdin)
            .stdout(stdout)
            .spawn()
            .map_err(|e| Error::failed(format!("could not run git: {e}")).with_hint("sprx erase needs git on the PATH"))
    };
    let mut export = spawn(
        &[
            "fast-export",
            "--all",
            "--use-done-feature",
            "--show-original-ids",
            "--reencode=no",
            "--signed-tags=strip",
            "--tag-of-filtered-object=rewrite",
        ],
        Stdio::null(),
        Stdio::piped(),
    )?;
    let mut import = spawn(&["fast-import", "--force", "--quiet"], Stdio::piped(), Stdio::null())?;
    let mut from = BufReader::new(export.stdout.take().expect("piped"));
    let mut to = std::io::BufWriter::new(import.stdin.take().expect("piped"));
    let mut original: Option<String> = None;
    let mut line = Vec::new();
    let progress = crate::render::Progress::counting("commits rewritten");
    // The stream ends with `done`: should sprx stop before that, git's
    // fast-import refuses the part it has and moves no reference.
    let copied = (|| -> Result<()> {
        loop {
            line.clear();
            if from.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            if let Some(oid) = line.strip_prefix(b"original-oid ") {
                original = Some(String::from_utf8_lossy(oid).trim().to_string());
            }
            let Some(size) = line.strip_prefix(b"data ") else {
                if line == b"blob\n" || line.starts_with(b"commit ") || line.starts_with(b"tag ") {
                    original = None;
                    progress.add(line.starts_with(b"commit ") as usize);
                }
                to.write_all(&line)?;
                continue;
            };
            let size: usize = String::from_utf8_lossy(size).trim().parse().map_err(|_| {
                Error::failed("git fast-export wrote something sprx cannot read")
                    .with_hint("nothing was changed; report it")
            })?;
            let mut data = vec![0; size];
            from.read_exact(&mut data)?;
            let data = match original.take() {
                Some(oid) if blobs.contains(&oid) => skeleton(&data, directory),
                _ => data,
            };
            to.write_all(format!("data {}\n", data.len()).as_bytes())?;
            to.write_all(&data)?;
        }
        to.flush()?;
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = import.kill();
        let _ = export.kill();
        return Err(e);
    }
    drop(to);
    let exported = export.wait()?;
    let imported = import.wait()?;
    if !exported.success() || !imported.success() {
        return Err(Error::failed("rewriting the history failed").with_hint(
            "git's message is above; the references may be part-rewritten: run sprx erase again, which finishes it",
        ));
    }
    Ok(())
}

/// A record version reduced to its anonymous skeleton, keeping connections
/// to the services `listed` names; a version that does not read as a record
/// is replaced whole.
fn skeleton(data: &[u8], directory: &[Service]) -> Vec<u8> {
    match yaml::parse::<Referral>("record", data) {
        Ok(r) => yaml::to_yaml(REFERRAL_HEADER, &anonymised(&r, &|s| reported_by_id(s, directory))).into_bytes(),
        Err(_) => b"# erased\n".to_vec(),
    }
}
