#!/usr/bin/env bash
# The benchmark harness: builds sprx, generates synthetic casebooks of 1k,
# 10k and 100k referrals (kept in bench/casebooks/ between runs) — one
# commit a month of referrals, and one commit per event (history-N) —
# measures sprx against plain git, cat and a Python + PyYAML script on the
# same data, and history, as-of reports, sync, creation, growth of .git and
# erasure on the realistic histories, and writes the results to
# BENCHMARKS.md.
#
#   bench/run.sh              # all three sizes
#   bench/run.sh 1000 10000   # chosen sizes (ratios need 1000 and the largest)
#
# Needs git and python3; PyYAML is installed with pip if missing (its row is
# skipped with a message if that fails). Benchmarks are not tests: nothing
# here runs in cargo test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin sprx --example generate
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
mkdir -p bench/casebooks
# Each run starts from the casebook as generated (the commit is kept in
# .git/bench-generated), so earlier runs' contacts do not grow the record
# the benchmark writes to.
for n in "${sizes[@]}"; do
  dir="bench/casebooks/$n"
  if [ ! -f "$dir/.git/bench-generated" ]; then
    rm -rf "$dir"
    target/release/examples/generate "$n" "$dir"
    git -C "$dir" rev-parse HEAD > "$dir/.git/bench-generated"
  fi
  git -C "$dir" reset -q --hard "$(cat "$dir/.git/bench-generated")"
  rm -rf "$dir/.git/sprx"
  # The same number of referrals with one commit per event, packed and
  # with a commit-graph, as git's maintenance leaves a casebook.
  dir="bench/casebooks/history-$n"
  if [ ! -f "$dir/.git/bench-generated" ]; then
    rm -rf "$dir"
    target/release/examples/generate "$n" "$dir" --history
    git -C "$dir" commit-graph write --reachable
    git -C "$dir" rev-parse HEAD > "$dir/.git/bench-generated"
  fi
  git -C "$dir" reset -q --hard "$(cat "$dir/.git/bench-generated")"
  git -C "$dir" reflog expire --expire=now --all
  rm -rf "$dir/.git/sprx"
done
# Let the disk finish writing what generating and resetting left, so the
# writes measured (sprx fsyncs each record) do not queue behind it.
sync
if ! python3 -c 'import yaml; yaml.CLoader' 2>/dev/null; then
  pip install --quiet pyyaml >/dev/null 2>&1 || echo "bench: could not install PyYAML; its row will be skipped" >&2
fi
exec python3 bench/measure.py "${sizes[@]}"
