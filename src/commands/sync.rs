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
    let fetch = git(&cb, &identity, &["fetch", "--quiet", &remote], false)?;
    if !fetch.status.success() {
        return Err(
            Error::failed(format!("git fetch {remote} failed; nothing was changed")).with_hint(format!(
                "check the remote with git remote -v and that it can be reached (git fetch {remote})"
            )),
        );
    }
    let upstream = format!("refs/remotes/{remote}/{branch}");
    if !run(&["rev-parse", "--verify", "--quiet", &upstream])?.status.success() {
        return push(&cb, &identity, &remote, &branch, out);
    }
    // Never merge back a history that still holds someone erased here.
    let held = super::erase::erased_data_in(&cb, &upstream)?;
    if !held.is_empty() {
        // What the fetch brought in goes again, so this copy holds none of
        // it either.
        let _ = run(&["update-ref", "-d", &upstream]);
        let _ = run(&["reflog", "expire", "--expire=now", "--all"]);
        let _ = run(&["gc", "--prune=now", "--quiet"]);
        return Err(Error::failed(format!(
            "{remote}/{branch} still holds personal data of {}, erased in this casebook; nothing was merged",
            held.join(", ")
        ))
        .with_hint(format!(
            "erasure across clones is not built yet: replace {remote} with this copy (git push --force {remote} {branch}, once no one else uses the old one), then re-clone every other copy"
        )));
    }
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
    push(&cb, &identity, &remote, &branch, out)
}

#[cfg(unix)]
fn make_private(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn make_private(_: &std::path::Path, _: u32) {}

fn push(cb: &Casebook, identity: &[(String, String)], remote: &str, branch: &str, out: &mut Out) -> Result<()> {
    let pushed = git(
        cb,
        identity,
        &["push", "--quiet", remote, &format!("HEAD:refs/heads/{branch}")],
        true,
    )?;
    if !pushed.status.success() {
        return Err(failed(&format!("git push {remote}"), &pushed)
            .with_hint("someone may have pushed meanwhile: run sprx sync again"));
    }
    // The index may hold merged files' new stat data: refresh it quietly.
    let _ = git(cb, identity, &["update-index", "-q", "--refresh"], true);
    out.note(&format!("synced with {remote}/{branch}"));
    Ok(())
}
