//! Test-only fault injection for the write transaction. With
//! `SPRX_FAILPOINT=NAME` in the environment, sprx stops dead (exit status
//! 86, no clean-up) when it reaches the point NAME, as if the machine lost
//! power there; the crash tests then check that nothing committed is lost
//! and that the next command finishes the write. `SPRX_FAILPOINT=disk-full@STEP`
//! makes that step's write fail as a full disk would (STEP is one of
//! [`DISK_STEPS`]; plain `disk-full` means `objects`). Unset, each point
//! costs one environment lookup.

/// The points, in the order a write reaches them.
pub const POINTS: &[&str] = &[
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

fn armed() -> Option<String> {
    std::env::var("SPRX_FAILPOINT").ok()
}

/// Stop the process here if this point is armed.
pub fn hit(point: &str) {
    if armed().is_some_and(|v| v == point) {
        eprintln!("sprx: failpoint {point}: stopping");
        std::process::exit(86);
    }
}

/// A simulated full disk at `step`, if armed.
pub fn disk_full(step: &str) -> Option<std::io::Error> {
    let armed = armed()?;
    let at = match armed.as_str() {
        "disk-full" => "objects",
        other => other.strip_prefix("disk-full@")?,
    };
    (at == step).then(|| std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (simulated)"))
}
