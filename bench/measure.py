"""Measure sprx on the synthetic casebooks in bench/casebooks/ and write
BENCHMARKS.md. Run through bench/run.sh, which builds and generates first.

Each timing is the median of several runs of the whole command (process
start included). Commands run with HOME in a temp dir, no global git config,
and a fixed author, like the tests.
"""

import datetime
import os
import platform
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
for year in sorted(os.listdir(os.path.join(root, "referrals"))):
    folder = os.path.join(root, "referrals", year)
    for name in os.listdir(folder):
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
        t = time.perf_counter()
        run(args, **kw)
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


def casebook(n):
    return os.path.join(ROOT, "bench", "casebooks", str(n))


def open_id(cb):
    """The most recent referral that is still open (so a contact can be logged)."""
    folder = os.path.join(cb, "referrals")
    year = sorted(os.listdir(folder))[-1]
    for name in sorted(os.listdir(os.path.join(folder, year)), reverse=True):
        with open(os.path.join(folder, year, name)) as f:
            text = f.read()
        if any(f"\nstatus: {s}\n" in text for s in ("new", "accepted", "active")):
            return name[: -len(".yaml")]
    raise SystemExit(f"bench: no open referral in {cb}")


def drop_cache(cb):
    try:
        os.remove(os.path.join(cb, ".git", "sprx", "summaries"))
    except FileNotFoundError:
        pass


def measure(n):
    cb = casebook(n)
    rid = open_id(cb)
    path = os.path.join(cb, "referrals", rid.split("-")[1], rid + ".yaml")
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


def fmt_s(v):
    return "—" if v is None else (f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s")


def main(sizes):
    results = {n: measure(n) for n in sizes}
    small, big = min(sizes), max(sizes)
    r, s = results[big], results[small]
    rows = []

    def ratio(name, a, b, target):
        value = None if a is None or b is None else a / b
        met = "—" if value is None else ("yes" if value <= target else "**no**")
        rows.append((name, "—" if value is None else f"{value:.3f}", f"≤ {target}", met))

    ratio(f"`contact` at {big} ÷ `git add && git commit`", r["contact"], r["git"], 0.1)
    ratio(f"`contact` at {big} ÷ `contact` at {small}", r["contact"], s["contact"], 3)
    ratio(f"warm `report` at {big} ÷ `cat` of all record files", r["report_warm"], r["cat"], 0.5)
    ratio(f"cold `report` at {big} ÷ Python + PyYAML (CLoader)", r["report_cold"], r["pyyaml"], 0.05)
    ratio(f"cold `report` at {big}, 2 threads ÷ 1 thread", r["report_cold_2"], r["report_cold_1"], 0.6)
    ratio(f"`show` at {big} ÷ `show` at {small}", r["show"], s["show"], 2)
    rows.append((f"peak memory, cold `report` at {big}", f"{r['peak_cold_mb']:.0f} MB", "≤ 200 MB", "yes" if r["peak_cold_mb"] <= 200 else "**no**"))
    rows.append((f"peak memory, warm `report` at {big}", f"{r['peak_warm_mb']:.0f} MB", "≤ 200 MB", "yes" if r["peak_warm_mb"] <= 200 else "**no**"))

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
        "## Erasure",
        "",
        "`sprx erase` of one person, on a copy of each casebook: the whole history rewritten by",
        "git fast-export/fast-import, reflogs expired, unreachable objects pruned. These casebooks",
        "have one commit a month; the case of about 100,000 commits waits for the realistic",
        "history of issue 18.",
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
        "  into the old index's bytes, which another thread walked and hashed while the write",
        "  read its record, and the new checksum is hashed from the change on. It always carries",
        "  its checksum (a `git status` holding an older index would otherwise write it back over",
        "  sprx's), and writing and replacing a 9.6 MB file is kernel work that no shortcut",
        "  avoids: a few ms, more when earlier writes are still being flushed to disk. And the",
        "  year's folder tree (10,000 entries, 373 KB): read, the one entry swapped, and written",
        "  back uncompressed: about 1.5 ms.",
        "* cold `report`: records are read by sprx's own reader for the block YAML it writes",
        "  (yaml_serde still reads anything else); inflating the blobs is the largest single cost,",
        "  done by sirocco through gitoxide's `zlib-sirocco` feature (40% quicker than zlib-rs on",
        "  these small objects).",
        "* cold `report` on 2 threads ÷ 1 thread: each thread reads blobs through a gitoxide handle",
        "  of its own (packs shared, caches not), so they do not wait on each other. What is left",
        "  runs on one thread: listing the year trees, the report itself and flushing the new",
        "  cache to disk. Timings here vary by ±15% from run to run.",
        "* `show` at 100k ÷ 1k: finding the record means reading its year's folder tree (373 KB)",
        "  and scanning it for the one name; about 1.5 ms more than at 1k.",
        "",
    ]
    text = "\n".join(lines)
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write(text)
    print(text)
    shutil.rmtree(HOME, ignore_errors=True)


if __name__ == "__main__":
    main([int(n) for n in sys.argv[1:]] or [1000, 10000, 100000])
