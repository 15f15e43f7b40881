#!/bin/bash
# Robot benchmarks (docs/BENCHMARKS.md "10086 robot and 12580"): time to
# answer one SMS inside the daemon's handler, on a real SQLite file
# (synchronous=FULL) with SUBS subscribers, over a mix of the evaluation
# set's questions, commands, 0000 replies, confirmations, hand-overs and
# 12580 look-ups; anchors in the same run: the account read alone and the
# understanding alone. Median of RUNS runs of each percentile.
# Usage: bench/robot/run.sh BUILD_DIR [RUNS] [SUBS] [ROUNDS]
set -euo pipefail
build=${1:-build}
runs=${2:-3}
subs=${3:-100000}
rounds=${4:-5}
top=$(cd "$(dirname "$0")/../.." && pwd)
bin="$top/$build/bench/kefu-robotbench"
work=$(mktemp -d /var/tmp/kefu-robotbench.XXXX)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "# $subs subscribers, $rounds rounds of the mix per run, $runs runs; microseconds"
: >"$work/r.txt"
for i in $(seq "$runs"); do
    rm -rf "$work/d" && mkdir "$work/d"
    "$bin" "$work/d" "$subs" "$rounds" 2>/dev/null >>"$work/r.txt"
done
for m in robot_10086_us robot_12580_us anchor_account_view_us anchor_understanding_us; do
    line=$(grep "^$m " "$work/r.txt" | head -1)
    n=$(echo "$line" | field n)
    printf '%-26s n=%-6s' "$m" "$n"
    for p in p50 p90 p99 max; do
        printf ' %s=%s' "$p" "$(grep "^$m " "$work/r.txt" | field "$p" | median)"
    done
    echo
done
