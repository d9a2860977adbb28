//! Test-only fault injection for the write transaction. With
//! `SPRX_FAILPOINT=NAME` in the environment, sprx stops dead (exit status
//! 86, no clean-up) when it reaches the point NAME, as if the machine lost
//! power there; the crash tests then check that nothing committed is lost
//! and that the next command finishes the write. `SPRX_FAILPOINT=disk-full@STEP`
//! makes that step's write fail as a full disk would (STEP is one of
//! [`DISK_STEPS`]; plain `disk-full` means `objects`), and
//! `unreadable@verify` makes reading the branch back after the move fail,
//! and `vanished@objects` makes the first try at writing objects find its
//! folder gone.
//! Several may be armed at once, separated by commas. Unset, each point
//! costs one environment lookup.

/// The points, in the order a write reaches them.
pub const POINTS: &[&str] = &[
    "index-lock-noted",
    "index-lock-made",
    "after-lock",
    "after-objects",
    "after-journal",
    "after-branch",
    "after-verify",
    "after-temp-file",
    "after-rename",
    "after-index-written",
    "after-index",
];

/// The writes a simulated full disk can stop, in the order a write makes
/// them: git objects, the journal, the branch, the working file, the index.
pub const DISK_STEPS: &[&str] = &["objects", "journal", "branch", "file", "index"];

fn armed() -> Vec<String> {
    std::env::var("SPRX_FAILPOINT")
        .map(|v| v.split(',').map(str::to_string).collect())
        .unwrap_or_default()
}

/// Stop the process here if this point is armed.
pub fn hit(point: &str) {
    if armed().iter().any(|v| v == point) {
        eprintln!("sprx: failpoint {point}: stopping");
        std::process::exit(86);
    }
}

/// A simulated full disk at `step`, if armed.
pub fn disk_full(step: &str) -> Option<std::io::Error> {
    let armed = armed().into_iter().any(|v| match v.as_str() {
        "disk-full" => step == "objects",
        other => other.strip_prefix("disk-full@") == Some(step),
    });
    armed.then(|| std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (simulated)"))
}

/// A folder that went from under the write at `step`, the first time
/// only, if armed (`vanished@STEP`): as `git gc` does now and then.
pub fn vanished_once(step: &str) -> Option<std::io::Error> {
    static FIRED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    let armed = armed().iter().any(|v| v.strip_prefix("vanished@") == Some(step));
    let first = armed && !FIRED.swap(true, std::sync::atomic::Ordering::Relaxed);
    first.then(|| std::io::Error::from(std::io::ErrorKind::NotFound))
}

/// A simulated read error at `step`, if armed (`unreadable@STEP`).
pub fn unreadable(step: &str) -> Option<std::io::Error> {
    let armed = armed().iter().any(|v| v.strip_prefix("unreadable@") == Some(step));
    armed.then(|| std::io::Error::other("Input/output error (simulated)"))
}
