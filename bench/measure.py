"""Measure sprx on the synthetic casebooks in bench/casebooks/ and write
BENCHMARKS.md. Run through bench/run.sh, which builds and generates first.

Each timing is the median of several runs of the whole command (process
start included). Commands run with HOME in a temp dir, no global git config,
and a fixed author, like the tests.
"""

import datetime
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPRX = os.path.join(ROOT, "target", "release", "sprx")
HOME = tempfile.mkdtemp(prefix="sprx-bench-home-")
ENV = dict(
    os.environ,
    HOME=HOME,
    GIT_CONFIG_GLOBAL="/dev/null",
    GIT_CONFIG_NOSYSTEM="1",
    GIT_AUTHOR_NAME="Bench",
    GIT_AUTHOR_EMAIL="bench@example.org",
    GIT_COMMITTER_NAME="Bench",
    GIT_COMMITTER_EMAIL="bench@example.org",
    SPRX_NOW="2026-11-21T10:00:00Z",
)
ENV.pop("SPRX_CASEBOOK", None)
ENV.pop("SPRX_THREADS", None)

PYYAML_SCRIPT = r'''
import os, sys, yaml
root, start, end = sys.argv[1], sys.argv[2], sys.argv[3]
received = closed = 0
for folder, _, names in os.walk(os.path.join(root, "referrals")):
    for name in names:
        with open(os.path.join(folder, name)) as f:
            r = yaml.load(f, Loader=yaml.CLoader)
        if start <= str(r["referral"]["received"]) <= end:
            received += 1
        for e in r["episodes"]:
            c = e.get("closure")
            if c and start <= str(c["date"]) <= end:
                closed += 1
print(received, closed)
'''


def run(args, cwd=None, env=None, shell=False):
    out = subprocess.run(args, cwd=cwd, env=env or ENV, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if out.returncode != 0:
        raise SystemExit(f"bench: {args} failed: {out.stderr.decode()[:500]}")


def timed(args, repeat=5, before=None, **kw):
    """Median wall time of `args`; `before` runs untimed before each."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        argv = args() if callable(args) else args
        t = time.perf_counter()
        run(argv, **kw)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_rss_mb(args):
    """Peak resident memory of one run of `args`, in MB, measured in a fresh child."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe] + args, env=ENV, capture_output=True, check=True)
    return int(out.stdout.decode().split()[-1]) / 1024


def peak_own_mb(args):
    """Peak memory of one run of `args` that is the process's own (anonymous),
    leaving out pages of files it maps (the pack, its index), which are the
    system's page cache, shared and dropped at need; in MB, sampled every
    millisecond from /proc (None where there is no /proc)."""
    if not os.path.exists("/proc/self/status"):
        return None
    child = subprocess.Popen(args, env=ENV, stdout=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        try:
            with open(f"/proc/{child.pid}/status") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        peak = max(peak, int(line.split()[1]))
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.001)
    return peak / 1024


def casebook(n):
    return os.path.join(ROOT, "bench", "casebooks", str(n))


def record_path(cb, rid):
    """Where the referral `rid` lives: its year's folder, then its hundred's."""
    _, year, number = rid.split("-")
    return os.path.join(cb, "referrals", year, f"{int(number) // 100:02}", rid + ".yaml")


def open_ids(cb, count=1):
    """The most recent referrals still open (so a contact can be logged), up
    to `count` of them (at least one)."""
    folder = os.path.join(cb, "referrals")
    found = []
    for year in sorted(os.listdir(folder), reverse=True):
        for hundred in sorted(os.listdir(os.path.join(folder, year)), reverse=True):
            for name in sorted(os.listdir(os.path.join(folder, year, hundred)), reverse=True):
                with open(os.path.join(folder, year, hundred, name)) as f:
                    text = f.read()
                if any(f"\nstatus: {s}\n" in text for s in ("accepted", "active")):
                    found.append(name[: -len(".yaml")])
                    if len(found) == count:
                        return found
    if not found:
        raise SystemExit(f"bench: no open referral in {cb}")
    return found


def open_id(cb):
    return open_ids(cb)[0]


def drop_cache(cb):
    try:
        os.remove(os.path.join(cb, ".git", "sprx", "summaries"))
    except FileNotFoundError:
        pass


def measure(n):
    cb = casebook(n)
    rid = open_id(cb)
    path = record_path(cb, rid)
    m = {}
    report = [SPRX, "-C", cb, "report", "--period", "2026-10", "--format", "csv"]

    # A contact with sprx, and the same change by hand with git.
    m["contact"] = timed([SPRX, "-C", cb, "contact", rid, "--mode", "phone", "--minutes", "10"], repeat=15)

    def edit_by_hand():
        # A contact in the record's (one) episode, as sprx would add it.
        contact = "  - date: 2026-11-21\n    mode: phone\n    minutes: 10\n"
        with open(path) as f:
            text = f.read()
        if "\n  contacts:\n" in text:
            text = text.replace("\n  contacts:\n", "\n  contacts:\n" + contact, 1)
        elif "\nextra:" in text:
            text = text.replace("\nextra:", "\n  contacts:\n" + contact.rstrip("\n") + "\nextra:", 1)
        else:
            text += "  contacts:\n" + contact
        with open(path, "w") as f:
            f.write(text)

    m["git"] = timed(f'git add "{path}" && git commit -q -m "contact {rid}"', repeat=7, before=edit_by_hand, cwd=cb, shell=True)

    # Reports: cold (no cache) and warm, against cat of every record.
    # Interleaved, so a slow spell on a shared machine hits each alike.
    cold = {"report_cold": ENV, "report_cold_1": dict(ENV, SPRX_THREADS="1"), "report_cold_2": dict(ENV, SPRX_THREADS="2")}
    runs = {name: [] for name in cold}
    for _ in range(5):
        for name, env in cold.items():
            runs[name].append(timed(report, repeat=1, before=lambda: drop_cache(cb), env=env))
    m.update({name: statistics.median(times) for name, times in runs.items()})
    run(report)
    m["report_warm"] = timed(report, repeat=5)
    m["cat"] = timed("find referrals -name '*.yaml' -print0 | xargs -0 cat > /dev/null", repeat=5, cwd=cb, shell=True)
    m["show"] = timed([SPRX, "-C", cb, "show", rid, "--format", "json"], repeat=31)
    drop_cache(cb)
    m["peak_cold_mb"] = peak_rss_mb(report)
    m["peak_warm_mb"] = peak_rss_mb(report)
    try:
        import yaml  # noqa: F401

        yaml.CLoader  # noqa: B018
        script = os.path.join(HOME, "count.py")
        with open(script, "w") as f:
            f.write(PYYAML_SCRIPT)
        m["pyyaml"] = timed([sys.executable, script, cb, "2026-10-01", "2026-10-31"], repeat=1)
    except (ImportError, AttributeError):
        m["pyyaml"] = None
    # Erasing one person from the whole history, on a copy (erasure
    # rewrites every commit after the record's first version).
    copy = os.path.join(HOME, f"erase-{n}")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(cb, copy, symlinks=True)
    run(["git", "-C", copy, "reset", "-q", "--hard"])
    m["commits"] = int(subprocess.run(["git", "-C", copy, "rev-list", "--count", "HEAD"], capture_output=True, text=True).stdout)
    m["erase"] = timed([SPRX, "-C", copy, "erase", rid, "--reason", "bench", "--yes"], repeat=1)
    shutil.rmtree(copy, ignore_errors=True)
    return m


def history_casebook(n):
    return os.path.join(ROOT, "bench", "casebooks", f"history-{n}")


def wait_for_housekeeping(cb):
    """Until the git maintenance sprx started in the background (which
    holds .git/sprx/housekeeping.lock while it runs) has finished."""
    import fcntl
    path = os.path.join(cb, ".git", "sprx", "housekeeping.lock")
    if not os.path.exists(path):
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        fcntl.flock(f, fcntl.LOCK_UN)


def git_size(cb):
    """Bytes of `.git` as files (apparent) and as disk blocks, leaving out
    sprx's own derived files in `.git/sprx` and git's index (replaced whole
    by each write, not grown)."""
    apparent = blocks = 0
    for folder, dirs, names in os.walk(os.path.join(cb, ".git")):
        if os.path.relpath(folder, cb) == os.path.join(".git", "sprx"):
            dirs[:] = []
            continue
        for name in names:
            if os.path.relpath(os.path.join(folder, name), cb) == os.path.join(".git", "index"):
                continue
            st = os.lstat(os.path.join(folder, name))
            apparent += st.st_size
            blocks += st.st_blocks * 512
    return apparent, blocks


def measure_history(n):
    """On a casebook with one commit per event: history, show, report as of
    a year back, export person, create, sync of a day's work, .git growth
    per event before and after git's maintenance, and erasure."""
    cb = history_casebook(n)
    rids = open_ids(cb, 60)
    rid = rids[0]
    m = {"commits": int(subprocess.run(["git", "-C", cb, "rev-list", "--count", "HEAD"], capture_output=True, text=True).stdout)}
    # The first history builds the event index (once per casebook).
    shutil.rmtree(os.path.join(cb, ".git", "sprx", "events"), ignore_errors=True)
    m["history_build"] = timed([SPRX, "-C", cb, "history", rid], repeat=1)
    m["history"] = timed([SPRX, "-C", cb, "history", rid, "--format", "json"], repeat=11)
    m["show"] = timed([SPRX, "-C", cb, "show", rid, "--format", "json"], repeat=21)
    head_report = [SPRX, "-C", cb, "report", "--period", "2026-10", "--format", "csv"]
    year_back = [SPRX, "-C", cb, "report", "--period", "2025-10", "--as-of", "2025-11-21", "--format", "csv"]
    run(head_report)
    run(year_back)
    runs = {"report_head": [], "report_year_back": []}
    for _ in range(5):
        runs["report_head"].append(timed(head_report, repeat=1))
        runs["report_year_back"].append(timed(year_back, repeat=1))
    m.update({name: statistics.median(times) for name, times in runs.items()})
    m["peak_warm_mb"] = peak_rss_mb(head_report)
    m["peak_own_mb"] = peak_own_mb(head_report)
    m["export_person"] = timed([SPRX, "-C", cb, "export", "person", rid], repeat=3)
    # Each run writes what no earlier run wrote: the objects of a rerun on
    # the reset casebook would otherwise be there already. A write at 100k
    # takes about 14 ms, and one slow run in a few (the disk, the other
    # core) moves a median of 11 by milliseconds: 21 runs.
    run_mark = random.SystemRandom().randrange(10**9)
    names = iter(range(10**6))
    m["create"] = timed(
        lambda: [SPRX, "-C", cb, "create", "--name", f"Bench Person {run_mark} {next(names)}", "--dob", "1961-01-01", "--source", "gp", "--need", "loneliness"],
        repeat=21,
    )
    # Growth of .git per event before maintenance: a contact on each of 50
    # referrals, with git's maintenance turned off (sprx would otherwise
    # roll the writes' small packs up behind them), after the housekeeping
    # the earlier writes started has finished. The first write also sets
    # aside git's old index, in .git/sprx, which is not counted.
    run([SPRX, "-C", cb, "contact", rids[-1], "--mode", "phone"])
    wait_for_housekeeping(cb)
    run(["git", "-C", cb, "config", "maintenance.auto", "false"])
    before = git_size(cb)
    minutes = random.Random(run_mark)
    for k in range(50):
        run([SPRX, "-C", cb, "contact", rids[k % len(rids)], "--mode", "phone", "--minutes", str(minutes.randrange(5, 240))])
    after = git_size(cb)
    run(["git", "-C", cb, "config", "--unset", "maintenance.auto"])
    m["growth_apparent"] = (after[0] - before[0]) / 50
    m["growth_blocks"] = (after[1] - before[1]) / 50
    # After git's maintenance (as `git maintenance run --auto` runs it once
    # due: git gc), the repository's size per commit.
    wait_for_housekeeping(cb)
    m["gc"] = timed(["git", "-C", cb, "gc", "--quiet"], repeat=1)
    commits = int(subprocess.run(["git", "-C", cb, "rev-list", "--count", "HEAD"], capture_output=True, text=True).stdout)
    m["size_per_event"] = git_size(cb)[0] / commits
    # A day's work synced between two clones through a bare remote: 20
    # contacts in one, `sprx sync` there (fetch, merge, push), then in the
    # other (fetch, merge).
    work = os.path.join(HOME, f"sync-{n}")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    remote, a, b = (os.path.join(work, x) for x in ("remote.git", "a", "b"))
    run(["git", "clone", "-q", "--bare", "--shared", cb, remote])
    for clone in (a, b):
        run(["git", "clone", "-q", "--shared", remote, clone])
    for k in range(20):
        run([SPRX, "-C", a, "contact", rids[k % len(rids)], "--mode", "video", "--minutes", str(minutes.randrange(5, 240))])
    m["sync_push"] = timed([SPRX, "-C", a, "sync"], repeat=1)
    m["sync_pull"] = timed([SPRX, "-C", b, "sync"], repeat=1)
    shutil.rmtree(work, ignore_errors=True)
    # Erasing one person from every commit, on a copy.
    if n <= ERASE_UP_TO:
        copy = os.path.join(HOME, f"erase-history-{n}")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(cb, copy, symlinks=True)
        run(["git", "-C", copy, "reset", "-q", "--hard"])
        m["erase"] = timed([SPRX, "-C", copy, "erase", rids[-1], "--reason", "bench", "--yes"], repeat=1)
        shutil.rmtree(copy, ignore_errors=True)
    else:
        m["erase"] = None
    return m


# Erasure rewrites every commit: measured on the history casebooks up to
# this size (SPRX_BENCH_ERASE_UP_TO to change it).
ERASE_UP_TO = int(os.environ.get("SPRX_BENCH_ERASE_UP_TO", "10000"))


def fmt_b(v):
    return f"{v / 1024:.1f} KB" if v >= 1024 else f"{v:.0f} B"


def fmt_s(v):
    return "—" if v is None else (f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s")


def main(sizes):
    results = {n: measure(n) for n in sizes}
    history = {n: measure_history(n) for n in sizes}
    small, big = min(sizes), max(sizes)
    r, s = results[big], results[small]
    rows = []

    def ratio(name, a, b, target, into=rows):
        value = None if a is None or b is None else a / b
        met = "—" if value is None else ("yes" if value <= target else "**no**")
        into.append((name, "—" if value is None else f"{value:.3f}", f"≤ {target}", met))

    ratio(f"`contact` at {big} ÷ `git add && git commit`", r["contact"], r["git"], 0.1)
    ratio(f"`contact` at {big} ÷ `contact` at {small}", r["contact"], s["contact"], 3)
    ratio(f"warm `report` at {big} ÷ `cat` of all record files", r["report_warm"], r["cat"], 0.5)
    ratio(f"cold `report` at {big} ÷ Python + PyYAML (CLoader)", r["report_cold"], r["pyyaml"], 0.05)
    ratio(f"cold `report` at {big}, 2 threads ÷ 1 thread", r["report_cold_2"], r["report_cold_1"], 0.6)
    ratio(f"`show` at {big} ÷ `show` at {small}", r["show"], s["show"], 2)
    rows.append((f"peak memory, cold `report` at {big}", f"{r['peak_cold_mb']:.0f} MB", "≤ 200 MB", "yes" if r["peak_cold_mb"] <= 200 else "**no**"))
    rows.append((f"peak memory, warm `report` at {big}", f"{r['peak_warm_mb']:.0f} MB", "≤ 200 MB", "yes" if r["peak_warm_mb"] <= 200 else "**no**"))

    h, hs = history[big], history[small]
    history_rows = []
    ratio(f"`history ID` ÷ `show ID` at {big}", h["history"], h["show"], 20, history_rows)
    ratio(f"warm `report --as-of` a year back ÷ at HEAD, at {big}", h["report_year_back"], h["report_head"], 1.5, history_rows)
    ratio(f"`create` at {big} ÷ at {small}", h["create"], hs["create"], 3, history_rows)
    ten_k = history.get(100000) or h
    history_rows.append(
        (
            "`.git` growth per event before maintenance, 10,000 referrals a year (files; disk blocks)",
            f"{fmt_b(ten_k['growth_apparent'])}; {fmt_b(ten_k['growth_blocks'])}",
            "≤ 20 KB",
            "yes" if max(ten_k["growth_apparent"], ten_k["growth_blocks"]) <= 20480 else "**no**",
        )
    )
    own = h.get("peak_own_mb")
    history_rows.append(
        (
            f"peak memory, warm `report` at {big} (pages of the pack and its index it maps count)",
            f"{h['peak_warm_mb']:.0f} MB" + ("" if own is None else f", of it {own:.0f} MB its own"),
            "≤ 200 MB",
            "yes"
            if h["peak_warm_mb"] <= 200
            else ("its own memory yes; with the mapped pages **no**" if own is not None and own <= 200 else "**no**"),
        )
    )
    history_rows.append(
        (
            f"repository size per event after maintenance, at {big}",
            fmt_b(h["size_per_event"]),
            "≤ 1 KB",
            "yes" if h["size_per_event"] <= 1024 else "**no**",
        )
    )

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.date.today().isoformat()} at commit {commit} on {os.cpu_count()} cores ({cpu}), "
        f"{int(mem) // 1024 // 1024} GiB, {platform.system()} {platform.release()}, with `bench/run.sh {' '.join(map(str, sizes))}`.",
        "Casebooks come from `cargo run --release --example generate -- N DIR`. Each time is the median of",
        "several runs of the whole command, process start included. Cold means `.git/sprx/summaries` removed first.",
        "Records are in folders of a hundred (`referrals/YEAR/NN/`).",
        "",
        "## Targets (issue 8)",
        "",
        "| measure | measured | target | met |",
        "|---|---|---|---|",
    ] + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows] + [
        "",
        "## Times",
        "",
        "| referrals | `contact` | `git add && commit` | `show` | warm `report` | `cat` all | cold `report` | cold, 1 thread | cold, 2 threads | Python + PyYAML |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ] + [
        f"| {n} | {fmt_s(m['contact'])} | {fmt_s(m['git'])} | {fmt_s(m['show'])} | {fmt_s(m['report_warm'])} | {fmt_s(m['cat'])} | "
        f"{fmt_s(m['report_cold'])} | {fmt_s(m['report_cold_1'])} | {fmt_s(m['report_cold_2'])} | {fmt_s(m['pyyaml'])} |"
        for n, m in results.items()
    ] + [
        "",
        "## A realistic history (issue 18)",
        "",
        "Casebooks from `generate -- N DIR --history`: one commit per event (creation, triage, each",
        "contact, plan, measure, closure), dated the day it happened, about eight a referral;",
        "packed, with a commit-graph, as git's maintenance leaves a casebook. Warm means sprx's",
        "derived files (`.git/sprx`) are in place; the first `history` builds the event index.",
        "",
        "| measure | measured | target | met |",
        "|---|---|---|---|",
    ] + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in history_rows] + [
        "",
        "| referrals | commits | first `history` (index built) | `history` | `show` | `report` at HEAD | `report --as-of` a year back | `export person` | `create` | `sync`, pushing a day's work | `sync`, pulling it | `git gc` | `.git` per event before gc (files; blocks) | size per commit after gc | `erase` |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ] + [
        f"| {n} | {m['commits']} | {fmt_s(m['history_build'])} | {fmt_s(m['history'])} | {fmt_s(m['show'])} | "
        f"{fmt_s(m['report_head'])} | {fmt_s(m['report_year_back'])} | {fmt_s(m['export_person'])} | {fmt_s(m['create'])} | "
        f"{fmt_s(m['sync_push'])} | {fmt_s(m['sync_pull'])} | {fmt_s(m['gc'])} | "
        f"{fmt_b(m['growth_apparent'])}; {fmt_b(m['growth_blocks'])} | {fmt_b(m['size_per_event'])} | {fmt_s(m['erase'])} |"
        for n, m in history.items()
    ] + [
        "",
        "## Erasure on the quick casebooks",
        "",
        "`sprx erase` of one person, on a copy of each casebook: the whole history rewritten by",
        "git fast-export/fast-import, reflogs expired, unreachable objects pruned. These casebooks",
        "have one commit a month of referrals; the realistic histories are in the table above.",
        "",
        "| referrals | commits | `erase` |",
        "|---|---|---|",
    ] + [
        f"| {n} | {m['commits']} | {fmt_s(m['erase'])} |"
        for n, m in results.items()
    ] + [
        "",
        "## What still grows with the casebook, and what limits a miss",
        "",
        "* `contact` at scale: the record's own write is constant (one blob, one commit); two parts",
        "  grow (see docs/storage.md). git's index (about 96 bytes a referral, 9.6 MB at 100k) is",
        "  written whole into a fresh `index.lock` every time: the one changed entry is spliced",
        "  into the old index's bytes, which another thread hashes from the moment the lock is",
        "  taken while the write finds the entry; the hashing goes on up to the change while the",
        "  write copies the new index out, and the checksum goes on from there. Hashing 9.6 MB",
        "  (7 ms) is most of a `contact` at 100k. It always carries its checksum (a",
        "  `git status` holding an older index would otherwise write it back over sprx's), and",
        "  writing and replacing a 9.6 MB file is kernel work that no shortcut avoids: a few ms,",
        "  more when earlier writes are still being flushed to disk. The folders on the record's",
        "  path hold at most a hundred entries each.",
        "* cold `report`: records are read by sprx's own reader for the block YAML it writes",
        "  (yaml_serde still reads anything else); inflating the blobs is the largest single cost,",
        "  done by sirocco through gitoxide's `zlib-sirocco` feature (40% quicker than zlib-rs on",
        "  these small objects).",
        "* cold `report` on 2 threads ÷ 1 thread: each thread reads blobs through a gitoxide handle",
        "  of its own (packs shared, caches not), so they do not wait on each other. What is left",
        "  runs on one thread: listing the year trees, the report itself and flushing the new",
        "  cache to disk. Timings here vary by ±15% from run to run.",
        "* `show` at 100k ÷ 1k: finding the record reads four small folders; what grows is",
        "  opening a larger pack (gitoxide checks its index's offset table, 4 bytes an object).",
        "* `report --as-of`: finding the commit of a day walks back from HEAD by commit time; with",
        "  the commit-graph git's maintenance writes, that reads no commit objects.",
        "* `create` at scale: git's index gains the one new entry by the same shortcut as a",
        "  change (its checksum hashed as if the header counted one entry more);",
        "  the duplicate check reads two small files of `.git/sprx/people`. On the history",
        "  casebook, opening its pack costs gitoxide about 3 ms (it checks the index's offset",
        "  table, 4.6M objects), and the write of the 10 MB index, 2-3 ms as a rule, now and then",
        "  took 20 ms in the write call itself (seen with strace; why, not found), so the median of",
        "  11 creates at 100k moves from run to run: 17 to 37 ms over five runs on 2026-11-30.",
        "",
    ]
    text = "\n".join(lines)
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write(text)
    print(text)
    shutil.rmtree(HOME, ignore_errors=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000, 10000, 100000])
