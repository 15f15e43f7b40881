#!/bin/sh
# Runs every libFuzzer target of a fuzz build for a short pass over its
# in-tree corpus (fuzz/corpus/<name>/). New inputs go to a scratch copy, so
# the tree is not changed. Usage: tools/fuzz.sh BUILD_DIR SECONDS
set -eu
build=$1
secs=${2:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
status=0
for bin in "$build"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin" | sed 's/^fuzz_//')
    scratch=$(mktemp -d)
    [ -d "$top/fuzz/corpus/$name" ] && cp -r "$top/fuzz/corpus/$name/." "$scratch/"
    echo "fuzz: $name for ${secs}s"
    if ! "$bin" -max_total_time="$secs" -print_final_stats=0 -artifact_prefix="$scratch/" \
        "$scratch" >"$scratch.log" 2>&1; then
        echo "fuzz: $name FAILED"; tail -40 "$scratch.log"; status=1
    fi
    rm -rf "$scratch" "$scratch.log"
done
exit $status
