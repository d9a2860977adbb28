//! `sprx sync [--remote NAME]`: share the casebook through a git remote with
//! the user's own `git` (their credentials and remotes): fetch; give any
//! referral created here under an ID the other side also created the next
//! free ID, in a commit of its own, so neither is ever overwritten; merge;
//! push. Any other conflict stops with the git state restored and says what
//! to do. Erasures either side logged are applied to this copy's whole
//! history and to what was fetched before anything is merged; the remote's
//! rewritten branches are then replaced with a lease, and a remote on this
//! machine pruned.

use std::collections::BTreeSet;
use std::process::{Command, Output, Stdio};

use super::{Ctx, Out};
use crate::cli::SyncArgs;
use crate::error::{Error, Result};
use crate::model::referral::ReferralId;
use crate::store::{Casebook, Pick};

/// Run the user's git in the casebook; stdin and stderr stay the user's so
/// credential prompts work.
fn git(cb: &Casebook, identity: &[(String, String)], args: &[&str], capture: bool) -> Result<Output> {
    let mut cmd = Command::new("git");
    cmd.arg("-C")
        .arg(&cb.root)
        .args(args)
        .envs(identity.iter().map(|(k, v)| (k, v)));
    if capture {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    cmd.output()
        .map_err(|e| Error::failed(format!("could not run git: {e}")).with_hint("sprx sync needs git on the PATH"))
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn failed(what: &str, o: &Output) -> Error {
    Error::failed(format!("{what} failed: {}", String::from_utf8_lossy(&o.stderr).trim()))
        .with_hint("git's own message is above; the casebook is as it was before sync")
}

pub fn run(a: SyncArgs, ctx: &Ctx, out: &mut Out) -> Result<()> {
    let cb = ctx.open(out)?;
    // Merges are committed as the worker, as every sprx commit is.
    let author = cb.author(cb.head()?.settings.worker.as_ref(), ctx.now)?;
    let (name, email) = (author.name, author.email);
    let identity: Vec<(String, String)> = ["GIT_AUTHOR", "GIT_COMMITTER"]
        .iter()
        .flat_map(|who| {
            [
                (format!("{who}_NAME"), name.clone()),
                (format!("{who}_EMAIL"), email.clone()),
            ]
        })
        .collect();
    let run = |args: &[&str]| git(&cb, &identity, args, true);
    // A clone is made with the usual permissions; the history holds every
    // version of every record, so it is made the owner's alone, as
    // `sprx init` makes it.
    make_private(cb.git_dir(), 0o700);

    let status = run(&["status", "--porcelain", "--untracked-files=no"])?;
    if !text(&status).is_empty() {
        return Err(
            Error::failed("the casebook has uncommitted changes; sync would mix them in")
                .with_hint("sprx check says which record files differ from the last commit and what to do about each; then run sprx sync again"),
        );
    }
    let branch = text(&run(&["rev-parse", "--abbrev-ref", "HEAD"])?);
    if branch == "HEAD" || branch.is_empty() {
        return Err(
            Error::failed("HEAD is not on a branch").with_hint("git switch to the casebook's branch, then sync")
        );
    }
    let remote = match a.remote {
        Some(r) => r,
        None => Some(text(&run(&["config", &format!("branch.{branch}.remote")])?))
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| "origin".into()),
    };
    if !text(&run(&["remote"])?).lines().any(|r| r == remote) {
        return Err(Error::failed(format!("this casebook has no git remote `{remote}`"))
            .with_hint("add one with git remote add origin URL, or name one with --remote"));
    }
    // git's own progress, on a terminal.
    let mut fetch_args = vec!["fetch", "--quiet", &remote];
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        fetch_args.push("--progress");
    }
    let fetch = git(&cb, &identity, &fetch_args, false)?;
    if !fetch.status.success() {
        return Err(
            Error::failed(format!("git fetch {remote} failed; nothing was changed")).with_hint(format!(
                "check the remote with git remote -v and that it can be reached (git fetch {remote})"
            )),
        );
    }
    let upstream = format!("refs/remotes/{remote}/{branch}");
    if !run(&["rev-parse", "--verify", "--quiet", &upstream])?.status.success() {
        return push(&cb, &identity, &remote, &branch, &[], out);
    }
    // Erasures, made here or in another clone, are applied to the whole of
    // this copy — its branch and what was just fetched — before anything is
    // merged, so old history never comes back in.
    let (head, theirs) = (cb.head()?, cb.view(&Pick::At(upstream.clone()))?);
    // This copy's own history was cleared of whom its log names when they
    // were erased: only what the fetch brought (on any branch or tag) and
    // what is about to be pushed (a plain `git pull` may have merged old
    // history in) can hold them again. Whom only the remote's log names
    // may be anywhere here.
    let here = super::erase::logged(&cb, &head)?;
    let there: Vec<ReferralId> = super::erase::logged(&cb, &theirs)?
        .into_iter()
        .filter(|id| !here.contains(id))
        .collect();
    // Skeletons keep a connection by name when either side lists it.
    let mut directory = cb.services(&head)?;
    directory.extend(cb.services(&theirs)?);
    let mut held = super::erase::held(&cb, "--all --not HEAD", &here, &directory)?;
    for id in super::erase::held(&cb, &format!("{upstream}..HEAD"), &here, &directory)?
        .into_iter()
        .chain(super::erase::held(&cb, "--all", &there, &directory)?)
    {
        if !held.contains(&id) {
            held.push(id);
        }
    }
    if held.is_empty() {
        return merge_and_push(&cb, &identity, &remote, &branch, None, ctx, out);
    }
    let list: Vec<String> = held.iter().map(ToString::to_string).collect();
    out.note(&format!(
        "applying the erasure of {} to this copy and to what {remote} sent",
        list.join(", ")
    ));
    let refs = |cb: &Casebook| -> Result<Vec<(String, String)>> {
        let listed = text(&git(
            cb,
            &identity,
            &["for-each-ref", "--format=%(refname) %(objectname)"],
            true,
        )?);
        Ok(listed
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(r, o)| (r.to_string(), o.to_string()))
            .collect())
    };
    let before = refs(&cb)?;
    super::erase::scrub(&cb, &held, &directory)?;
    let cb = Casebook::open(&cb.root)?;
    let after = refs(&cb)?;
    // Each of the remote's branches that was rewritten is replaced there,
    // but only if it still is what was fetched; a rewritten tag is named.
    let prefix = format!("refs/remotes/{remote}/");
    let mut leases = Vec::new();
    for (name, old) in &before {
        let Some((_, new)) = after.iter().find(|(n, _)| n == name) else {
            continue;
        };
        if new == old {
            continue;
        }
        if let Some(remote_branch) = name.strip_prefix(&prefix).filter(|b| *b != "HEAD") {
            leases.push(Lease {
                branch: remote_branch.to_string(),
                old: old.clone(),
                new: new.clone(),
            });
        } else if let Some(tag) = name.strip_prefix("refs/tags/") {
            out.warn(&format!(
                "tag {tag} held erased data and was rewritten here; {remote} still has the old one: git push --force {remote} tag {tag}"
            ));
        }
    }
    merge_and_push(&cb, &identity, &remote, &branch, Some(leases), ctx, out)
}

/// A branch of the remote replaced by its rewritten history, provided it
/// still is `old`.
struct Lease {
    branch: String,
    old: String,
    new: String,
}

/// Merge `remote`'s `branch` into HEAD, renumbering IDs created on both
/// sides, and push. `erased` says this copy's history was just rewritten
/// for an erasure; each of its leases replaces a branch of the remote by
/// its rewritten history in the same push.
fn merge_and_push(
    cb: &Casebook,
    identity: &[(String, String)],
    remote: &str,
    branch: &str,
    erased: Option<Vec<Lease>>,
    ctx: &Ctx,
    out: &mut Out,
) -> Result<()> {
    let run = |args: &[&str]| git(cb, identity, args, true);
    let upstream = format!("refs/remotes/{remote}/{branch}");
    let base = text(&run(&["merge-base", "HEAD", &upstream])?);
    let added = |to: &str| -> Result<BTreeSet<String>> {
        let o = run(&["diff", "--name-only", "--diff-filter=A", &base, to, "--", "referrals"])?;
        Ok(text(&o).lines().map(String::from).collect())
    };
    let clashes: Vec<String> = added("HEAD")?.intersection(&added(&upstream)?).cloned().collect();
    if !clashes.is_empty() {
        let other = cb.view(&Pick::At(upstream.clone()))?;
        for path in clashes {
            let Some(old) = path
                .rsplit('/')
                .next()
                .and_then(|f| f.strip_suffix(".yaml"))
                .and_then(|f| f.parse::<ReferralId>().ok())
            else {
                continue;
            };
            let new = cb.renumber(&old, &other, ctx.now)?;
            out.warn(&format!("{old} was also created in {remote}; yours is now {new}"));
        }
    }
    let before = text(&run(&["rev-parse", "HEAD"])?);
    let merge = run(&["merge", "--no-edit", "--quiet", &upstream])?;
    if !merge.status.success() {
        let conflicted = text(&run(&["diff", "--name-only", "--diff-filter=U"])?);
        let _ = run(&["merge", "--abort"]);
        let files = if conflicted.is_empty() {
            "(see git status)".to_string()
        } else {
            conflicted.replace('\n', ", ")
        };
        let state = match erased {
            None => "the casebook is as it was before sync",
            Some(_) => "this copy's history was rewritten to apply the erasure and is otherwise as it was",
        };
        return Err(Error::failed(format!(
            "sync stopped: {files} changed both here and in {remote}/{branch}; the merge was undone, so {state} (your commits are kept, nothing was pushed)"
        ))
        .with_hint(format!(
            "merge by hand: git merge {remote}/{branch}, edit each conflicted file to hold both sides' events, sprx check, git commit; then sprx sync"
        )));
    }
    // git writes the files it merges in with the usual permissions; records
    // are readable by their owner only, as sprx writes them.
    let merged = text(&run(&[
        "diff",
        "--name-only",
        &before,
        "HEAD",
        "--",
        "referrals",
        "services",
    ])?);
    for path in merged.lines() {
        make_private(&cb.root.join(path), 0o600);
    }
    push(cb, identity, remote, branch, &erased.unwrap_or_default(), out)
}

#[cfg(unix)]
fn make_private(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn make_private(_: &std::path::Path, _: u32) {}

/// Push HEAD to `remote`'s `branch`, and with it, all or nothing
/// (`--atomic`), each rewritten branch in `leases` in place of what was
/// fetched, provided that is still there.
fn push(
    cb: &Casebook,
    identity: &[(String, String)],
    remote: &str,
    branch: &str,
    leases: &[Lease],
    out: &mut Out,
) -> Result<()> {
    let mut args: Vec<String> = vec!["push".into(), "--quiet".into()];
    if !leases.is_empty() {
        args.push("--atomic".into());
    }
    for lease in leases {
        args.push(format!("--force-with-lease=refs/heads/{}:{}", lease.branch, lease.old));
    }
    args.extend([remote.to_string(), format!("HEAD:refs/heads/{branch}")]);
    for lease in leases.iter().filter(|l| l.branch != branch) {
        args.push(format!("{}:refs/heads/{}", lease.new, lease.branch));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let pushed = git(cb, identity, &args, true)?;
    if !pushed.status.success() {
        let said = String::from_utf8_lossy(&pushed.stderr);
        let hint = if leases.is_empty() || said.contains("stale info") || said.contains("fetch first") {
            "someone may have pushed meanwhile: run sprx sync again".to_string()
        } else {
            format!(
                "{remote} refuses to have a branch's history replaced (a protected branch, or receive.denyNonFastForwards); erasure needs it once: allow it there, then run sprx sync again"
            )
        };
        return Err(failed(&format!("git push {remote}"), &pushed).with_hint(hint));
    }
    if !leases.is_empty() {
        collect_garbage(cb, identity, remote, out);
    }
    // The index may hold merged files' new stat data: refresh it quietly.
    let _ = git(cb, identity, &["update-index", "-q", "--refresh"], true);
    out.note(&format!("synced with {remote}/{branch}"));
    Ok(())
}

/// After the remote's history was replaced, its old objects still hold the
/// erased data until the remote collects them. A remote on this machine is
/// collected here; any other is the business of whoever runs it.
fn collect_garbage(cb: &Casebook, identity: &[(String, String)], remote: &str, out: &mut Out) {
    let url = git(cb, identity, &["remote", "get-url", "--push", remote], true)
        .map(|o| text(&o))
        .unwrap_or_default();
    let local = std::path::PathBuf::from(url.strip_prefix("file://").unwrap_or(&url));
    let dir = if local.is_absolute() {
        local
    } else {
        cb.root.join(local)
    };
    let collected = dir.is_dir()
        && [
            &["reflog", "expire", "--expire=now", "--all"][..],
            &["gc", "--prune=now", "--quiet"][..],
        ]
        .iter()
        .all(|args| {
            Command::new("git")
                .arg("-C")
                .arg(&dir)
                .args(*args)
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if collected {
        out.note(&format!(
            "{remote} was given the erased history and its old objects were pruned"
        ));
    } else {
        out.warn(&format!(
            "{remote} now holds the erased history, but its host may keep the old objects until it collects garbage: ask whoever runs it to run git gc --prune=now there"
        ));
    }
}
