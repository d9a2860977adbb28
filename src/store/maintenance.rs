//! Housekeeping after a write, as git's porcelain does it after a commit,
//! never failing the write.
//!
//! Each write leaves its objects in one small pack (`repo/pack.rs`), and
//! every later command pays a little for each pack it opens (about 0.1 ms),
//! so the first of these that is due is done:
//!
//! 1. a whole `git gc` through `git maintenance run --auto` (all packs into
//!    one, the commit-graph, pruning), in the background, once git itself
//!    would run it (more than `gc.auto` loose objects, default 6,700, which
//!    other git commands leave, or more than `gc.autoPackLimit` packs,
//!    default 50), or once more than `MOST_PACKS` packs would be left
//!    after joining the small ones (about once in 5,000 writes);
//! 2. joining the small packs, here: once four or more would be joined by
//!    git's geometric repack (`git repack --geometric=2`, which keeps each
//!    pack at least twice the size of all smaller ones together, so that a
//!    join rewrites only the small end), sprx joins those itself. git's
//!    own geometric repack would do the same, but it walks the trees of
//!    each commit it packs: over a second at 100,000 referrals, against a
//!    few ms here. A casebook keeps about eight packs;
//! 3. a layer of the commit-graph for the commits it lacks
//!    (`git maintenance run --task=commit-graph`), in the background, at
//!    most every ten minutes: `--as-of` and `history` walk commits quickly
//!    through it.
//!
//! Temporary files a sprx stopped mid-write left in `objects/pack` (git
//! counts them as garbage) are removed once they are ten minutes old.
//!
//! None is done while housekeeping is still running (the git started for
//! it holds `.git/sprx/housekeeping.lock`), while another sprx is waiting
//! to write, while another git holds the index, or while git is
//! collecting garbage; the next write does it then. git's own settings
//! turn all three off (`git config maintenance.auto false`, or
//! `gc.auto 0`); `gc.autoPackLimit 0` leaves only the last two.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use super::Casebook;

/// More packs than this, once the small ones are joined, and a whole
/// `git gc` is due: about once in 5,000 writes.
const MOST_PACKS: usize = 12;

/// Join the small packs once a geometric repack of them would join this
/// many.
const JOIN_AT: usize = 4;

/// Packs with fewer objects than this are small: sprx joins them itself.
/// The largest join then holds about 5,000 objects (about 50 ms), and
/// larger packs are left to git.
const SMALL_PACK: u32 = 4_096;

/// A temporary file sprx began this long ago was left by a sprx that
/// stopped while writing it.
const STALE: Duration = Duration::from_secs(600);

/// Bring the commit-graph up to date at most this often.
const GRAPH_EVERY: Duration = Duration::from_secs(600);

/// The housekeeping a casebook is due for.
enum Due {
    /// `git maintenance run --auto`, with this `gc.autoPackLimit`.
    Collect { pack_limit: usize },
    /// Join these small packs into one, here.
    Join(Vec<PathBuf>),
    /// `git maintenance run --task=commit-graph`: a layer for the commits
    /// the commit-graph lacks.
    Graph,
}

/// A pack git may repack: not kept (`.keep`), not of unreachable objects
/// waiting to expire (a cruft pack, with `.mtimes`), not from a partial
/// clone's remote (`.promisor`).
struct Pack {
    path: PathBuf,
    objects: u32,
}

/// Do the housekeeping that is due, if nothing else is using the casebook:
/// join small packs here, or start git in the background. Called with no
/// lock held; never fails the write.
pub(crate) fn after_write(cb: &Casebook) {
    let git_dir = cb.git_dir();
    let PackFolder { packs, newest, stale } = scan(&git_dir.join("objects").join("pack"));
    let due = due(cb, packs, newest);
    if due.is_none() && stale.is_empty() {
        return;
    }
    if ["index.lock", "gc.pid"].iter().any(|f| git_dir.join(f).exists()) {
        return;
    }
    // Another sprx waiting to write would find packs going under it.
    let Ok(lock) = OpenOptions::new().write(true).open(git_dir.join("sprx.lock")) else {
        return;
    };
    if lock.try_lock().is_err() {
        return;
    }
    drop(lock);
    // Held while housekeeping runs: by the git started for it (as its
    // standard input, which it never reads) for as long as it runs, so
    // that writes in the meantime do not start it again.
    let Ok(running) = housekeeping_lock(cb) else {
        return;
    };
    if running.try_lock().is_err() {
        return;
    }
    // No sprx is writing or joining packs now, so these are not in use.
    for file in stale {
        let _ = std::fs::remove_file(file);
    }
    let args = match due {
        None => return,
        Some(Due::Join(packs)) => {
            // Nothing is lost if it fails: the packs stay as they are.
            let _ = cb.repo.join_packs(&packs);
            return;
        }
        Some(Due::Collect { pack_limit }) => vec![
            "-c".to_string(),
            format!("gc.autoPackLimit={pack_limit}"),
            "maintenance".into(),
            "run".into(),
            "--auto".into(),
            "--quiet".into(),
        ],
        Some(Due::Graph) => ["maintenance", "run", "--quiet", "--task=commit-graph"]
            .map(String::from)
            .to_vec(),
    };
    let mut git = Command::new("git");
    git.arg("-C")
        .arg(&cb.root)
        .args(args)
        .stdin(Stdio::from(running))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Its own process group: a Ctrl-C meant for the next command at this
    // terminal does not cut a repack short.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut git, 0);
    let _ = git.spawn();
}

/// The file whose lock says housekeeping is running, in sprx's own folder.
fn housekeeping_lock(cb: &Casebook) -> std::io::Result<File> {
    let folder = cb.git_dir().join("sprx");
    std::fs::create_dir_all(&folder)?;
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(folder.join("housekeeping.lock"))
}

/// What housekeeping git's own settings and the object store (`packs`,
/// the newest written at `newest`) say is due.
fn due(cb: &Casebook, packs: Vec<Pack>, newest: Option<SystemTime>) -> Option<Due> {
    let setting = |key: &str, default: usize| cb.repo.config(key).and_then(|v| v.parse().ok()).unwrap_or(default);
    if cb.repo.config("maintenance.auto").is_some_and(|v| v == "false") {
        return None;
    }
    let objects = cb.git_dir().join("objects");
    let loose_limit = setting("gc.auto", 6_700);
    let git_pack_limit = setting("gc.autoPackLimit", 50);
    if loose_limit == 0 {
        // git's switch for the whole of `gc --auto`.
        return None;
    }
    // git's estimate: the loose objects in one of the 256 object folders.
    let in_17 = std::fs::read_dir(objects.join("17")).map_or(0, |d| d.count());
    let all = packs.len();
    let mut small: Vec<Pack> = packs.into_iter().filter(|p| p.objects < SMALL_PACK).collect();
    small.sort_by_key(|p| p.objects);
    let sizes: Vec<u32> = small.iter().map(|p| p.objects).collect();
    let joined = to_join(&sizes);
    let after_join = all - joined + usize::from(joined > 0);
    let too_many_packs = git_pack_limit > 0 && (all > git_pack_limit || after_join > MOST_PACKS);
    if in_17 > loose_limit.div_ceil(256) || too_many_packs {
        let pack_limit = match git_pack_limit {
            0 => 0,
            set => set.min(MOST_PACKS),
        };
        return Some(Due::Collect { pack_limit });
    }
    if joined >= JOIN_AT {
        small.truncate(joined);
        return Some(Due::Join(small.into_iter().map(|p| p.path).collect()));
    }
    let graph_on = cb.repo.config("core.commitGraph").is_none_or(|v| v != "false");
    let graph = graph_written(&objects);
    let graph_behind = match (graph, newest) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(graph), Some(pack)) => pack > graph && graph.elapsed().is_ok_and(|age| age >= GRAPH_EVERY),
    };
    (graph_on && graph_behind).then_some(Due::Graph)
}

/// When git last wrote the commit-graph, in one file or as a chain of
/// layers, if ever.
fn graph_written(objects: &Path) -> Option<SystemTime> {
    ["info/commit-graph", "info/commit-graphs/commit-graph-chain"]
        .iter()
        .filter_map(|f| std::fs::metadata(objects.join(f)).and_then(|m| m.modified()).ok())
        .max()
}

/// What `objects/pack` holds that housekeeping looks at.
struct PackFolder {
    /// The packs git may repack, with the number of objects in each as
    /// its header gives it.
    packs: Vec<Pack>,
    /// When the newest of them was written.
    newest: Option<SystemTime>,
    /// Temporary files gitoxide began here (`.tmp` and six characters)
    /// over ten minutes ago: left by a sprx stopped while it wrote a pack.
    /// git's own (`.tmp-…`, `tmp_…`) are left to git's gc.
    stale: Vec<PathBuf>,
}

/// One look through the pack folder `folder`.
fn scan(folder: &Path) -> PackFolder {
    let mut found = PackFolder {
        packs: Vec::new(),
        newest: None,
        stale: Vec::new(),
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".tmp") && !name.starts_with(".tmp-") {
            let made = entry.metadata().and_then(|m| m.modified());
            if made.is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= STALE)) {
                found.stale.push(path);
            }
            continue;
        }
        if path.extension().is_none_or(|x| x != "pack")
            || ["keep", "mtimes", "promisor"]
                .iter()
                .any(|x| path.with_extension(x).exists())
        {
            continue;
        }
        let Ok(mut file) = File::open(&path) else {
            continue;
        };
        let mut header = [0u8; 12];
        if file.read_exact(&mut header).is_ok() && header.starts_with(b"PACK") {
            let objects = u32::from_be_bytes([header[8], header[9], header[10], header[11]]);
            found.newest = found.newest.max(file.metadata().and_then(|m| m.modified()).ok());
            found.packs.push(Pack { path, objects });
        }
    }
    found
}

/// How many of the packs with these object counts (smallest first) a
/// geometric repack with factor 2 (`git repack --geometric=2`) would join
/// into one: those below the largest run in which each pack is at least
/// twice the one before, and then as many of that run as the joined pack
/// would outgrow. git's own reckoning (`split_pack_geometry` in its
/// `builtin/repack.c`); the packs left each hold at least twice the
/// objects of all smaller ones together, so a join rewrites only the
/// small end.
fn to_join(sizes: &[u32]) -> usize {
    debug_assert!(sizes.is_sorted());
    let weights: Vec<u64> = sizes.iter().map(|&n| u64::from(n)).collect();
    let Some(last) = weights.len().checked_sub(1) else {
        return 0;
    };
    let mut split = (1..=last)
        .rev()
        .find(|&i| weights[i] < 2 * weights[i - 1])
        .map_or(0, |i| i + 1);
    let mut joined: u64 = weights[..split].iter().sum();
    while split < weights.len() && 2 * joined > weights[split] {
        joined += weights[split];
        split += 1;
    }
    split
}

#[cfg(test)]
mod tests {
    use super::to_join;

    #[test]
    fn a_geometric_repack_joins_the_small_end_as_git_does() {
        // Already a progression: nothing to join.
        assert_eq!(to_join(&[6, 1000]), 0);
        assert_eq!(to_join(&[]), 0);
        assert_eq!(to_join(&[6]), 0);
        // Two writes' packs of six under a large one: the two.
        assert_eq!(to_join(&[6, 6, 1000]), 2);
        // Four small packs outgrow a pack of 40 (2 × 24 > 40): it joins.
        assert_eq!(to_join(&[6, 6, 6, 6, 40, 5000]), 5);
        // Three do not (2 × 18 ≤ 40).
        assert_eq!(to_join(&[6, 6, 6, 40, 5000]), 3);
        // A run broken above the small end: everything below the break.
        assert_eq!(to_join(&[6, 60, 100, 5000]), 3);
        // Broken at the top (5000 < 2 × 3000): everything.
        assert_eq!(to_join(&[6, 100, 3000, 5000]), 4);
    }
}
