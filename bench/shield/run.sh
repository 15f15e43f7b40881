#!/bin/bash
# Classifier quality and speed, side by side with two well-known filters
# trained and tested on the same split (../shared/data/sms-spam):
#   kefu       tools/kefu-train + kefu-eval (threshold by CV on train only)
#   fasttext   Debian fasttext 0.9.2, supervised, char n-grams 1-3, word bigrams
#   bogofilter Debian bogofilter 1.2.5 (Bayesian), mbox registration
# All three train on zh/train + zh-personal/train + en/train; Chinese is given
# to the anchors split into characters (they do not segment Chinese). Quality
# is spam F1 at the same operating point: ham FPR <= 0.1 % (zh), <= 0.25 % (en)
# on the test file. Speed: whole-process time to classify zh/test.tsv, one thread.
# Usage: bench/shield/run.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd)
data="$top/../shared/data/sms-spam"
work=$(mktemp -d /tmp/kefu-shield.XXXX)
trap 'rm -rf "$work"' EXIT
here="$top/bench/shield"
for p in fasttext bogofilter; do
    command -v $p >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo; $SUDO apt-get install -y -qq fasttext bogofilter >/dev/null; }
done
train=("$data/zh/train.tsv" "$data/zh-personal/train.tsv" "$data/en/train.tsv")
now() { date +%s.%N; }

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
# --- kefu
t0=$(now); "$top/$build/tools/kefu-train" -o "$work/kefu.bin" --cv 5 "${train[@]}" 2>"$work/kefu-train.log"; t1=$(now)
echo "kefu: trained in $(echo "$t1 - $t0" | bc) s; $(grep 'fold CV' "$work/kefu-train.log")"
grep 'kefu-train:   ' "$work/kefu-train.log" # the CV figures per train file
# --- fasttext
node "$here/prep.js" fasttext "${train[@]}" > "$work/train.ft"
t0=$(now); fasttext supervised -input "$work/train.ft" -output "$work/ft" -epoch 10 -wordNgrams 2 -minn 1 -maxn 3 -thread 1 -verbose 0; t1=$(now)
echo "fasttext: trained in $(echo "$t1 - $t0" | bc) s"
# --- bogofilter
mkdir -p "$work/bf"
# (bogofilter's exit status is its verdict, not an error: 0 spam, 1 ham, 2 unsure, 3 error)
bogo() { bogofilter "$@"; rc=$?; [ $rc -lt 3 ] || { echo "bogofilter failed"; exit 1; }; }
node "$here/prep.js" mbox spam "${train[@]}" > "$work/spam.mbox"
node "$here/prep.js" mbox ham "${train[@]}" > "$work/ham.mbox"
set +e
bogo -d "$work/bf" -M -s < "$work/spam.mbox"
bogo -d "$work/bf" -M -n < "$work/ham.mbox"
set -e

for lang in zh en; do
    fpr=0.001; [ $lang = en ] && fpr=0.0025
    test="$data/$lang/test.tsv"
    node "$here/prep.js" labels "$test" > "$work/labels"
    "$top/$build/tools/kefu-eval" --model "$work/kefu.bin" --scores "$test" | grep -P '^[01]\t' > "$work/kefu.scores"
    node "$here/prep.js" fasttext "$test" | sed 's/^__label__[a-z]* //' > "$work/test.txt"
    fasttext predict-prob "$work/ft.bin" "$work/test.txt" 2 | \
        awk '{for (i = 1; i < NF; i += 2) if ($i == "__label__spam") p = $(i+1); print p; p = 0}' > "$work/ft.p"
    paste "$work/labels" "$work/ft.p" > "$work/ft.scores"
    node "$here/prep.js" mbox all "$test" > "$work/test.mbox"
    { bogofilter -d "$work/bf" -M -T < "$work/test.mbox" || true; } | awk '{print $2}' > "$work/bf.p"
    paste "$work/labels" "$work/bf.p" > "$work/bf.scores"
    for f in kefu ft bf; do
        echo "{\"lang\":\"$lang\",\"filter\":\"$f\",\"fpr_target\":$fpr,\"m\":$(node "$here/metrics.js" $fpr < "$work/$f.scores")}"
    done
done | tee "$work/quality.jsonl"

# --- speed on zh/test.tsv (whole process, median of 3)
median() { sort -n | sed -n 2p; }
test="$data/zh/test.tsv"
k=$(for i in 1 2 3; do t0=$(now); "$top/$build/tools/kefu-eval" --model "$work/kefu.bin" "$test" >/dev/null; t1=$(now); echo "$t1 - $t0" | bc; done | median)
node "$here/prep.js" fasttext "$test" | sed 's/^__label__[a-z]* //' > "$work/test.txt"
f=$(for i in 1 2 3; do t0=$(now); fasttext predict "$work/ft.bin" "$work/test.txt" > /dev/null; t1=$(now); echo "$t1 - $t0" | bc; done | median)
n=$(wc -l < "$test")
echo "{\"speed\":true,\"messages\":$n,\"kefu_s\":$k,\"fasttext_s\":$f,\"kefu_msgs_per_s\":$(echo "$n / $k" | bc),\"fasttext_msgs_per_s\":$(echo "$n / $f" | bc),\"ratio\":$(echo "scale=2; $f / $k" | bc)}"
