//! The test harness: a casebook in a temp dir and helpers to run sprx and git
//! in it with a fixed environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;

/// The fixed clock most tests run at.
pub const NOW: &str = "2026-11-21T10:00:00Z";

pub struct Env {
    _tmp: TempDir,
    pub home: PathBuf,
    /// The casebook root (made by `Env::casebook`, or just a folder).
    pub root: PathBuf,
    pub now: String,
}

impl Env {
    /// An empty temp folder with a HOME of its own; no casebook yet.
    pub fn bare() -> Env {
        let tmp = tempfile::tempdir().expect("temp dir");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let root = tmp.path().join("cb");
        Env {
            _tmp: tmp,
            home,
            root,
            now: NOW.to_string(),
        }
    }

    /// A generated casebook of `n` referrals (the `generate` example, which
    /// `cargo test` builds beside the test binary), with `extra` arguments.
    pub fn generated(n: usize, extra: &[&str]) -> Env {
        let exe = std::env::current_exe().unwrap();
        let debug = exe.parent().and_then(Path::parent).unwrap();
        let generate = debug
            .join("examples")
            .join(format!("generate{}", std::env::consts::EXE_SUFFIX));
        assert!(generate.exists(), "{} is built by cargo test", generate.display());
        let env = Env::bare();
        let status = env
            .command(Command::new(&generate), &env.home)
            .arg(n.to_string())
            .arg(&env.root)
            .args(extra)
            .status()
            .unwrap();
        assert!(status.success());
        env
    }

    /// A fresh casebook holding the casebook files in `dir` (its
    /// `sprx.toml`, referrals and services, in whatever folders they are,
    /// made private), committed.
    pub fn with_files_of(dir: &Path) -> Env {
        let env = Env::casebook();
        std::fs::copy(dir.join("sprx.toml"), env.root.join("sprx.toml")).unwrap();
        let mut folders = vec![PathBuf::from("referrals"), PathBuf::from("services")];
        while let Some(sub) = folders.pop() {
            std::fs::create_dir_all(env.root.join(&sub)).unwrap();
            for entry in std::fs::read_dir(dir.join(&sub)).unwrap() {
                let path = entry.unwrap().path();
                let name = sub.join(path.file_name().unwrap());
                if path.is_dir() {
                    folders.push(name);
                    continue;
                }
                let target = env.root.join(name);
                std::fs::copy(&path, &target).unwrap();
                #[cfg(unix)]
                std::fs::set_permissions(&target, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
            }
        }
        env.git(&["add", "-A"]);
        env.git(&["commit", "-qm", "a casebook's files"]);
        env
    }

    /// A fresh casebook made with `sprx init`.
    pub fn casebook() -> Env {
        let env = Env::bare();
        let out = env.sprx_in(env.home.as_path(), &["init", env.root.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        env
    }

    pub fn at(mut self, now: &str) -> Env {
        self.now = now.to_string();
        self
    }

    pub fn command(&self, program: Command, cwd: &Path) -> Command {
        let mut c = program;
        c.current_dir(cwd)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test Worker")
            .env("GIT_AUTHOR_EMAIL", "worker@example.org")
            .env("GIT_COMMITTER_NAME", "Test Worker")
            .env("GIT_COMMITTER_EMAIL", "worker@example.org")
            .env("SPRX_NOW", &self.now);
        c
    }

    /// A `sprx` command ready to run in `cwd`.
    pub fn cmd_in(&self, cwd: &Path) -> Command {
        self.command(Command::cargo_bin("sprx").expect("sprx binary"), cwd)
    }

    pub fn cmd(&self) -> Command {
        self.cmd_in(&self.root)
    }

    pub fn sprx_in(&self, cwd: &Path, args: &[&str]) -> Output {
        self.cmd_in(cwd).args(args).output().expect("run sprx")
    }

    /// Run sprx in the casebook; returns the output whatever the status.
    pub fn sprx(&self, args: &[&str]) -> Output {
        self.sprx_in(&self.root, args)
    }

    /// Run sprx and insist it succeeds; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.sprx(args);
        assert!(
            out.status.success(),
            "sprx {args:?} failed ({:?}):\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run sprx, insist it exits with `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.sprx(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "sprx {args:?} should exit {code}; stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// A git command in the casebook, hermetic like sprx, not yet run.
    pub fn command_git(&self, args: &[&str]) -> Command {
        let mut c = self.command(Command::new("git"), &self.root);
        c.args(args);
        c
    }

    /// Overwrite the stored bytes of the object `id` (a loose object's
    /// file, or its entry in a pack) with bytes that are no git object.
    pub fn damage_object(&self, id: &str) {
        use std::os::unix::fs::PermissionsExt;
        let objects = self.root.join(".git/objects");
        let writable = |path: &Path| std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let loose = objects.join(&id[..2]).join(&id[2..]);
        if loose.exists() {
            writable(&loose);
            std::fs::write(&loose, b"not a git object").unwrap();
            return;
        }
        for entry in std::fs::read_dir(objects.join("pack")).unwrap() {
            let idx = entry.unwrap().path();
            if idx.extension().is_none_or(|x| x != "idx") {
                continue;
            }
            let listed = self
                .command_git(&["show-index"])
                .stdin(std::fs::File::open(&idx).unwrap())
                .output()
                .unwrap();
            let listed = String::from_utf8(listed.stdout).unwrap();
            let offsets: Vec<(usize, &str)> = listed
                .lines()
                .map(|l| {
                    let mut words = l.split(' ');
                    (words.next().unwrap().parse().unwrap(), words.next().unwrap())
                })
                .collect();
            let Some(&(start, _)) = offsets.iter().find(|(_, name)| *name == id) else {
                continue;
            };
            let pack = idx.with_extension("pack");
            let mut bytes = std::fs::read(&pack).unwrap();
            let end = offsets
                .iter()
                .map(|&(o, _)| o)
                .filter(|&o| o > start)
                .min()
                .unwrap_or(bytes.len() - 20);
            // Past the entry's header (type and size, ending at the first
            // byte under 0x80), its deflated bytes.
            let header = bytes[start..].iter().position(|b| b & 0x80 == 0).unwrap() + 1;
            bytes[start + header..end].fill(0x55);
            writable(&pack);
            std::fs::write(&pack, &bytes).unwrap();
            return;
        }
        panic!("object {id} is not in the casebook");
    }

    /// Run git in the casebook; returns stdout.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(&self.root, args)
    }

    /// Run git, hermetically like sprx, in `dir`; insists it succeeds.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let out = self
            .command(Command::new("git"), dir)
            .args(args)
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn commit_count(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"]).trim().parse().unwrap()
    }

    pub fn status(&self) -> String {
        self.git(&["status", "--porcelain", "--untracked-files=all"])
    }

    /// Run `work` while `git status` runs over and over in the casebook, as
    /// an editor's does (git may refuse now and then while sprx holds the
    /// index lock: that is the point). Returns what `work` returned and how
    /// many times git status ran; the loop stops before anything is
    /// asserted, so a failure fails rather than hangs.
    pub fn beside_a_git_status_loop<T>(&self, work: impl FnOnce() -> T) -> (T, usize) {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let looping = scope.spawn(|| {
                let mut runs = 0;
                while !stop.load(Ordering::Relaxed) {
                    let _ = self
                        .command_git(&["status", "--porcelain"])
                        .stdout(std::process::Stdio::null())
                        .stderr(std::process::Stdio::null())
                        .status();
                    runs += 1;
                }
                runs
            });
            let done = work();
            stop.store(true, Ordering::Relaxed);
            (done, looping.join().unwrap())
        })
    }

    /// HEAD and every file in the work tree (outside .git), for "nothing changed" checks.
    pub fn snapshot(&self) -> (String, BTreeMap<PathBuf, Vec<u8>>) {
        let mut files = BTreeMap::new();
        walk(&self.root, &self.root, &mut files);
        (self.git(&["rev-parse", "HEAD"]), files)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap()
    }

    /// Write `sprx.toml` and commit it: sprx reads the committed settings.
    pub fn settings(&self, text: &str) {
        self.write("sprx.toml", text);
        self.git(&["commit", "-qm", "settings", "--", "sprx.toml"]);
    }

    /// Write a file as a careful user would: readable by its owner only
    /// (tests of what sprx says about other modes set them themselves).
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    }

    /// Create a referral with sensible defaults plus `extra` flags; returns its ID.
    pub fn create(&self, name: &str, dob: &str, extra: &[&str]) -> String {
        let mut args = vec![
            "create",
            "--name",
            name,
            "--dob",
            dob,
            "--source",
            "gp",
            "--need",
            "loneliness",
        ];
        args.extend_from_slice(extra);
        self.ok(&args).trim().to_string()
    }

    /// A referral that is accepted and has a plan.
    pub fn active(&self, name: &str) -> String {
        let id = self.create(name, "1960-01-01", &["--received", "2026-11-01"]);
        self.ok(&["triage", &id, "--accept", "--date", "2026-11-02"]);
        self.ok(&[
            "plan",
            &id,
            "--what-matters",
            "Feeling less alone",
            "--date",
            "2026-11-03",
        ]);
        id
    }
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            out.insert(
                path.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&path).unwrap(),
            );
        }
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Where the referral `id` (e.g. `SP-2026-0150`) lives: its year's folder,
/// then the folder of its hundred (`referrals/2026/01/SP-2026-0150.yaml`).
pub fn record_path(id: &str) -> String {
    let mut parts = id.rsplitn(3, '-');
    let (number, year) = (parts.next().unwrap(), parts.next().unwrap());
    let hundred: u32 = number.parse::<u32>().unwrap() / 100;
    format!("referrals/{year}/{hundred:02}/{id}.yaml")
}
