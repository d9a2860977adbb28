//! Test-only crash injection for the write path. With `SPRX_FAILPOINT=NAME`
//! in the environment, sprx stops dead (exit status 86, no clean-up) when it
//! reaches the point NAME, as if the machine lost power there; the crash
//! tests then check that nothing committed is lost and that the next command
//! and `sprx check` say what to do. `SPRX_FAILPOINT=disk-full` makes writing
//! git objects fail as a full disk would. Unset, each point costs one
//! environment lookup per write.

/// The points, in the order a write reaches them.
pub const POINTS: &[&str] = &[
    "after-lock",
    "after-blob",
    "after-tree",
    "after-commit",
    "after-temp-file",
    "after-rename",
    "after-index",
];

fn armed(name: &str) -> bool {
    std::env::var("SPRX_FAILPOINT").is_ok_and(|v| v == name)
}

/// Stop the process here if this point is armed.
pub fn hit(point: &str) {
    if armed(point) {
        eprintln!("sprx: failpoint {point}: stopping");
        std::process::exit(86);
    }
}

/// A simulated full disk, if armed.
pub fn disk_full() -> Option<std::io::Error> {
    armed("disk-full")
        .then(|| std::io::Error::new(std::io::ErrorKind::StorageFull, "No space left on device (simulated)"))
}
