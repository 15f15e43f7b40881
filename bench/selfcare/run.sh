#!/bin/bash
# Self-service benchmarks (docs/BENCHMARKS.md "Self-service"): usage records
# rated per second, from CSV bytes to the fsynced commit, against the bare
# SQLite insert of the same rows in the same run; and the reminder scan over
# SUBS subscribers against the bare joined read. Median of RUNS runs.
# Usage: bench/selfcare/run.sh BUILD_DIR [RUNS] [SUBS_FOR_SCAN]
set -euo pipefail
build=${1:-build}
runs=${2:-3}
scan_subs=${3:-1000000}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$build/bench/kefu-selfbench"
work=$(mktemp -d /var/tmp/kefu-selfbench.XXXX)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "# disk: $(df -h "$work" | awk 'NR==2 {print $1}'), chunk $(grep -m1 'define CHUNK' "$top/bench/selfcare/selfbench.c" | awk '{print $3}') records per transaction, page cache $(grep -m1 'define CACHE_MB' "$top/bench/selfcare/selfbench.c" | awk '{print $3}') MiB, synchronous=FULL"
for shape in "10000 1000000" "100000 1000000" "1000000 1000000"; do
    set -- $shape
    : >"$work/r.txt"
    for i in $(seq "$runs"); do
        rm -rf "$work/d" && mkdir "$work/d"
        "$bin" rate "$work/d" "$1" "$2" 2>/dev/null >>"$work/r.txt"
    done
    first=$(grep rate_first "$work/r.txt" | field per_s | median)
    again=$(grep rate_again "$work/r.txt" | field per_s | median)
    bare=$(grep anchor_bare "$work/r.txt" | field per_s | median)
    echo "rate: $2 records over $1 subscribers: first ingestion $first records/s, again (all duplicates) $again records/s; anchor bare insert $bare rows/s; ratio $(echo "scale=3; $first / $bare" | bc)"
done
rm -rf "$work/d" && mkdir "$work/d"
"$bin" scan "$work/d" "$scan_subs" 2>/dev/null | tee "$work/s.txt" | sed 's/^/scan: /'
