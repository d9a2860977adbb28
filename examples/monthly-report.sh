#!/usr/bin/env bash
# Write last month's outcome report as CSV, JSON and a page for
# commissioners (HTML) into a folder, for cron:
#
#   15 6 1 * *  /path/to/monthly-report.sh /srv/reports >>/var/log/sprx-report.log 2>&1
#
# Usage: monthly-report.sh OUT_DIR [CASEBOOK]
# The casebook is CASEBOOK, else $SPRX_CASEBOOK, else the current directory.
# Files are named after the period (sprx-report-2026-10.csv / .json /
# .html) and
# written atomically; the script exits non-zero on any failure and leaves no
# partial file behind. The report holds aggregate figures only.
set -euo pipefail

out_dir=${1:?usage: monthly-report.sh OUT_DIR [CASEBOOK]}
casebook=${2:-${SPRX_CASEBOOK:-.}}
sprx=${SPRX:-sprx}

mkdir -p "$out_dir"
tmp=$(mktemp -d "$out_dir/.sprx-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$sprx" -C "$casebook" report --period last-month --format json >"$tmp/report.json"
"$sprx" -C "$casebook" report --period last-month --format csv >"$tmp/report.csv"
"$sprx" -C "$casebook" report --period last-month --format html >"$tmp/report.html"

# The period's month, from the JSON (e.g. 2026-10-01 -> 2026-10).
month=$(sed -n 's/^ *"period_start": "\([0-9]\{4\}-[0-9]\{2\}\)-01",\{0,1\}$/\1/p' "$tmp/report.json")
if [ -z "$month" ]; then
  echo "monthly-report: could not read the period from the report" >&2
  exit 1
fi
mv "$tmp/report.json" "$out_dir/sprx-report-$month.json"
mv "$tmp/report.csv" "$out_dir/sprx-report-$month.csv"
mv "$tmp/report.html" "$out_dir/sprx-report-$month.html"
echo "monthly-report: wrote $out_dir/sprx-report-$month.csv, .json and .html"
