//! `sprx sync [--remote NAME]`: share the casebook through a git remote with
//! the user's own `git` (their credentials and remotes): fetch; give any
//! referral created here under an ID the other side also created the next
//! free ID, in a commit of its own, so neither is ever overwritten; merge;
//! push. Any other conflict stops with the git state restored and says what
//! to do.

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
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let fetch_args = ["fetch", "--quiet", &remote, "--progress"];
    let fetch = git(&cb, &identity, &fetch_args[..3 + progress as usize], false)?;
    if !fetch.status.success() {
        return Err(
            Error::failed(format!("git fetch {remote} failed; nothing was changed")).with_hint(format!(
                "check the remote with git remote -v and that it can be reached (git fetch {remote})"
            )),
        );
    }
    let upstream = format!("refs/remotes/{remote}/{branch}");
    if !run(&["rev-parse", "--verify", "--quiet", &upstream])?.status.success() {
        return push(&cb, &identity, &remote, &branch, None, out);
    }
    // Erasures, made here or in another clone, are applied to the whole of
    // this copy — its branch and what was just fetched — before anything is
    // merged, so old history never comes back in.
    let fetched = text(&run(&["rev-parse", &upstream])?);
    // This copy's own history was cleared of whom its log names when they
    // were erased: only what the fetch brought can hold them again. Whom
    // only the remote's log names may be anywhere here.
    let here = super::erase::logged(&cb, &cb.head()?)?;
    let there: Vec<ReferralId> = super::erase::logged(&cb, &cb.view(&Pick::At(upstream.clone()))?)?
        .into_iter()
        .filter(|id| !here.contains(id))
        .collect();
    let mut held = super::erase::held(&cb, &format!("HEAD..{upstream}"), &here)?;
    held.extend(super::erase::held(&cb, "--all", &there)?);
    if held.is_empty() {
        return merge_and_push(&cb, &identity, &remote, &branch, None, ctx, out);
    }
    let list: Vec<String> = held.iter().map(ToString::to_string).collect();
    out.note(&format!(
        "applying the erasure of {} to this copy and to what {remote} sent",
        list.join(", ")
    ));
    super::erase::scrub(&cb, &held)?;
    let cb = Casebook::open(&cb.root)?;
    // The remote's history was rewritten too: it is replaced, but only if
    // it still is what was fetched.
    let lease = (text(&run(&["rev-parse", &upstream])?) != fetched).then_some(fetched);
    merge_and_push(&cb, &identity, &remote, &branch, lease, ctx, out)
}

/// Merge `remote`'s `branch` into HEAD, renumbering IDs created on both
/// sides, and push; with `lease`, the remote's branch is replaced by the
/// rewritten history, provided it still is `lease`.
fn merge_and_push(
    cb: &Casebook,
    identity: &[(String, String)],
    remote: &str,
    branch: &str,
    lease: Option<String>,
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
        return Err(Error::failed(format!(
            "sync stopped: {files} changed both here and in {remote}/{branch}; the merge was undone, so the casebook is as it was before sync (your commits are kept, nothing was pushed)"
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
    push(cb, identity, remote, branch, lease, out)
}

#[cfg(unix)]
fn make_private(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn make_private(_: &std::path::Path, _: u32) {}

fn push(
    cb: &Casebook,
    identity: &[(String, String)],
    remote: &str,
    branch: &str,
    lease: Option<String>,
    out: &mut Out,
) -> Result<()> {
    let refspec = format!("HEAD:refs/heads/{branch}");
    let mut args = vec!["push", "--quiet"];
    let lease_arg = lease
        .as_ref()
        .map(|old| format!("--force-with-lease=refs/heads/{branch}:{old}"));
    args.extend(lease_arg.as_deref());
    args.extend([remote, &refspec]);
    let pushed = git(cb, identity, &args, true)?;
    if !pushed.status.success() {
        return Err(failed(&format!("git push {remote}"), &pushed)
            .with_hint("someone may have pushed meanwhile: run sprx sync again"));
    }
    if lease.is_some() {
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
    let url = git(cb, identity, &["remote", "get-url", remote], true)
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
                .arg("--git-dir")
                .arg(&dir)
                .args(*args)
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if collected {
        out.note(&format!(
            "{remote} now holds the erased history only; its old objects were pruned"
        ));
    } else {
        out.warn(&format!(
            "{remote} now holds the erased history, but its host may keep the old objects until it collects garbage: ask whoever runs it to run git gc --prune=now there"
        ));
    }
}
