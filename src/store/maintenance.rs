//! git's own housekeeping, started after a write the way git's porcelain
//! starts it after a commit: `git maintenance run --auto --quiet`, in the
//! background, never waited for. It runs only when git's own thresholds say
//! it is due (more than `gc.auto` loose objects, default 6,700, or more
//! than `gc.autoPackLimit` packs, default 50), estimated here first the way
//! git does (the loose objects in one of the 256 object folders) so that a
//! write pays for no process when nothing is due. It is not started while
//! another sprx is writing or another git holds the index or is already
//! collecting garbage; the next write starts it then. git's own settings
//! turn it off (`git config maintenance.auto false`, or `gc.auto 0`).

use std::fs::OpenOptions;
use std::process::{Command, Stdio};

use super::Casebook;

/// Start git's maintenance in the background if it is due and nothing else
/// is using the casebook. Called with no lock held; never fails the write.
pub(crate) fn after_write(cb: &Casebook) {
    let git_dir = cb.git_dir();
    if !due(cb) || ["index.lock", "gc.pid"].iter().any(|f| git_dir.join(f).exists()) {
        return;
    }
    // Another sprx waiting to write would find git repacking under it.
    let Ok(lock) = OpenOptions::new().write(true).open(git_dir.join("sprx.lock")) else {
        return;
    };
    if lock.try_lock().is_err() {
        return;
    }
    drop(lock);
    let mut git = Command::new("git");
    git.arg("-C")
        .arg(&cb.root)
        .args(["maintenance", "run", "--auto", "--quiet"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Its own process group: a Ctrl-C meant for the next command at this
    // terminal does not cut a repack short.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut git, 0);
    let _ = git.spawn();
}

/// Whether git's `gc --auto` would find work: too many loose objects (as
/// git estimates them, from the folder `17`), or too many packs.
fn due(cb: &Casebook) -> bool {
    let setting = |key: &str, default: usize| cb.repo.config(key).and_then(|v| v.parse().ok()).unwrap_or(default);
    if cb.repo.config("maintenance.auto").is_some_and(|v| v == "false") {
        return false;
    }
    let objects = cb.git_dir().join("objects");
    let loose_limit = setting("gc.auto", 6_700);
    if loose_limit > 0 {
        let in_17 = std::fs::read_dir(objects.join("17")).map_or(0, |d| d.count());
        if in_17 > loose_limit.div_ceil(256) {
            return true;
        }
    }
    let pack_limit = setting("gc.autoPackLimit", 50);
    let packs = std::fs::read_dir(objects.join("pack")).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
            .count()
    });
    pack_limit > 0 && packs > pack_limit
}
