#!/usr/bin/env bash
# The benchmark harness: builds sprx, generates synthetic casebooks of 1k,
# 10k and 100k referrals (kept in bench/casebooks/ between runs), measures
# sprx against plain git, cat and a Python + PyYAML script on the same data,
# and writes the results to BENCHMARKS.md.
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
for n in "${sizes[@]}"; do
  if [ ! -f "bench/casebooks/$n/sprx.toml" ]; then
    rm -rf "bench/casebooks/$n"
    target/release/examples/generate "$n" "bench/casebooks/$n"
  fi
done
if ! python3 -c 'import yaml; yaml.CLoader' 2>/dev/null; then
  pip install --quiet pyyaml >/dev/null 2>&1 || echo "bench: could not install PyYAML; its row will be skipped" >&2
fi
exec python3 bench/measure.py "${sizes[@]}"
