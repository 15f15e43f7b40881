#!/bin/bash
# Hub benchmark: end-to-end durable throughput and latency of kefud, side by
# side (same run, interleaved rounds) with its anchors:
#   ack-only  the same load against a node `smpp`-package server that only
#             acknowledges: the load generator's (and Node's) own ceiling;
#   kannel    kefud delivering into Kannel (Debian's bearerbox + smsbox) bound
#             as the network link: an established gateway as the SMSC-side peer;
#   kefud-normal  kefud with [store] sync = normal (crash-safe, not power-safe).
# Other setups, chosen with SETUPS (space-separated; default: the four above):
#   shield-on   kefud (sync = full, spam shield on as by default) fed realistic
#               Chinese UCS-2 notifications (loadgen --text chinese) signed with
#               the bench port's registered signature 【示例科技】;
#   shield-off  the same with [shield] enabled = no.
# e.g. SETUPS="shield-on shield-off" bench/hub/run.sh build 5 100000
# Usage: bench/hub/run.sh BUILD_DIR [ROUNDS] [MESSAGES]
# Prints one JSON line per measurement and a Markdown table of medians.
set -euo pipefail
build=${1:-build}
rounds=${2:-3}
msgs=${3:-100000}
top=$(cd "$(dirname "$0")/../.." && pwd)
kefud="$top/$build/src/main/kefud"
loadgen="$top/$build/bench/kefu-loadgen"
work=$(mktemp -d /tmp/kefu-bench.XXXX)
results="$work/results.jsonl"
BINDS=${BINDS:-4} RECEIVERS=${RECEIVERS:-2} WINDOW=${WINDOW:-48}
SETUPS=${SETUPS:-kefud ack-only kannel kefud-normal}
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

if [[ " $SETUPS " == *" kannel "* ]] && ! command -v bearerbox >/dev/null; then
    echo "installing kannel for the anchor"; SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get install -y -qq kannel >/dev/null
fi

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# start_kefud NAME SYNC [SHIELD yes|no] -> sets SMPP HTTP TOKEN KPID
start_kefud() {
    local dir="$work/$1"; rm -rf "$dir"; mkdir -p "$dir"
    printf '[server]\nlog_level = warn\n[store]\nsync = %s\n' "$2" > "$dir/kefu.ini"
    [ "${3:-yes}" = yes ] || printf '[shield]\nenabled = no\n' >> "$dir/kefu.ini"
    SMPP=$(free_port); HTTP=$(free_port)
    "$kefud" --config "$dir/kefu.ini" --data-dir "$dir" --demo --smpp-port "$SMPP" --http-port "$HTTP" \
        > "$dir/log" 2>&1 &
    KPID=$!; pids+=("$KPID")
    for _ in $(seq 100); do curl -fs "127.0.0.1:$HTTP/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    TOKEN=$(cat "$dir/api.token")
    curl -fs -H "Authorization: Bearer $TOKEN" -X POST "127.0.0.1:$HTTP/api/v1/ports" -d \
        '{"system_id":"bench","password":"bench123","number":"1065755599","realname_verified":true,"signatures":["【示例科技】"],"tps":1000000,"window":10000,"max_binds":256}' >/dev/null
}

stop_kefud() { kill "$KPID"; wait "$KPID" 2>/dev/null || true; }

delivered() { curl -fs "127.0.0.1:$HTTP/metrics" | awk '/outcome="delivered"/{print $2}'; }

# The shield's own counters after a run: messages judged, held, blocked and
# the mean time of one judgement, as JSON fields.
shield_fields() {
    curl -fs "127.0.0.1:$HTTP/metrics" | awk '
        /^kefu_shield_judged_total /{j=$2} /verdict="hold"/{h=$2} /verdict="block"/{b=$2}
        /^kefu_shield_judge_seconds_sum /{s=$2}
        END{printf "\"shield_judged\":%d,\"shield_held\":%d,\"shield_blocked\":%d,\"judge_us_mean\":%.2f,",
            j, h, b, j ? s*1e6/j : 0}'
}

# CPU time (user + system, all threads) kefud has used so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$KPID/stat"; }

run_kefud() { # NAME SYNC [SHIELD yes|no] [loadgen args...]
    local name=$1 sync=$2 shield=${3:-yes} out rc=0 c0 cpu; shift $(( $# < 3 ? $# : 3 ))
    start_kefud "$name" "$sync" "$shield"
    c0=$(cpu_ticks)
    out=$("$loadgen" --port "$SMPP" --binds "$BINDS" --receivers "$RECEIVERS" --window "$WINDOW" \
        --messages "$msgs" "$@") || rc=$?
    # kefud's CPU per message: less sensitive than msgs/s to other jobs on the machine
    cpu=$(awk -v a="$c0" -v b="$(cpu_ticks)" -v t="$(getconf CLK_TCK)" -v n="$msgs" \
        'BEGIN{printf "%.2f", (b - a) / t * 1e6 / n}')
    echo "$out" | sed "s/^{/{\"setup\":\"$name\",\"round\":$r,\"kefud_cpu_us_per_msg\":$cpu,$(shield_fields)/" \
        | tee -a "$results"
    if [ "$rc" -ne 0 ]; then echo "loadgen failed ($name); kefud log: $work/$name/log" >&2; exit 1; fi
    stop_kefud
}

run_ack() {
    local port; port=$(free_port)
    node "$top/tests/peers/ack-server.js" --port "$port" > "$work/ack.log" 2>&1 & local apid=$!; pids+=("$apid")
    for _ in $(seq 50); do grep -q listening "$work/ack.log" && break; sleep 0.1; done
    "$loadgen" --port "$port" --binds "$BINDS" --receivers 0 --window "$WINDOW" --messages "$msgs" \
        | sed "s/^{/{\"setup\":\"ack-only\",\"round\":$r,/" | tee -a "$results"
    kill "$apid"; wait "$apid" 2>/dev/null || true
}

run_kannel() {
    start_kefud kannel full
    local d="$work/kannel" admin sbox; admin=$(free_port); sbox=$(free_port)
    sed -e "s|@DIR@|$d|g; s|@ADMIN@|$admin|; s|@SMSBOX@|$sbox|; s|@SMPP@|$SMPP|" \
        "$top/bench/hub/kannel.conf.in" > "$d/kannel.conf"
    bearerbox "$d/kannel.conf" > "$d/bb.out" 2>&1 & local bb=$!; pids+=("$bb")
    sleep 1
    smsbox "$d/kannel.conf" > "$d/sb.out" 2>&1 & local sb=$!; pids+=("$sb")
    for _ in $(seq 100); do curl -fs "127.0.0.1:$admin/status.txt?password=bench" | grep -q 'SMPP.*online' && break; sleep 0.1; done
    local d0 t0 t1 n
    d0=$(delivered); t0=$(date +%s%N)
    "$loadgen" --port "$SMPP" --binds "$BINDS" --receivers 0 --window "$WINDOW" --messages "$msgs" > "$d/lg.json"
    while :; do n=$(( $(delivered) - d0 )); [ "$n" -ge "$msgs" ] && break; sleep 0.05; done
    t1=$(date +%s%N)
    node -e 'const r=JSON.parse(process.argv[1]);const s=(process.argv[3]-process.argv[2])/1e9;
      console.log(JSON.stringify({setup:"kannel",round:+process.argv[5],messages:r.messages,submit_ok:r.submit_ok,delivered:+process.argv[4],
      seconds:+s.toFixed(3),msgs_per_s:Math.round(process.argv[4]/s),submit_p50_ms:r.submit_p50_ms,submit_p99_ms:r.submit_p99_ms}))' \
      "$(cat "$d/lg.json")" "$t0" "$t1" "$n" "$r" | tee -a "$results"
    kill "$sb" "$bb"; wait "$sb" "$bb" 2>/dev/null || true
    stop_kefud
}

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
dsync_ms=$(dd if=/dev/zero of="$work/dsync" bs=64k count=100 oflag=dsync 2>&1 | awk '/copied/{printf "%.2f", $(NF-3)*1000/100}')
echo "# disk: a 64 KiB O_DSYNC write in $work takes ${dsync_ms} ms (fsync cost bounds sync=full)"
echo "# load: $BINDS transmitter binds x window $WINDOW, $RECEIVERS receiver binds, $msgs messages per run, $rounds rounds"
echo "# setups: $SETUPS"
for r in $(seq "$rounds"); do
    for s in $SETUPS; do
        case $s in
        kefud) run_kefud kefud full ;;
        ack-only) run_ack ;;
        kannel) run_kannel ;;
        kefud-normal) run_kefud kefud-normal normal ;;
        shield-on) run_kefud shield-on full yes --text chinese ;;
        shield-off) run_kefud shield-off full no --text chinese ;;
        *) echo "unknown setup $s" >&2; exit 2 ;;
        esac
    done
done
node -e '
const lines=require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").map(JSON.parse);
const med=(a)=>{a=a.slice().sort((x,y)=>x-y);return a[Math.floor(a.length/2)]};
const by={};for(const l of lines)(by[l.setup]=by[l.setup]||[]).push(l);
const bname=by["kefud"]?"kefud":by["shield-off"]?"shield-off":lines[0].setup;
const base=med(by[bname].map(l=>l.msgs_per_s));
console.log(`\n| setup | msgs/s (median) | vs ${bname} | submit p50 / p99 ms | end-to-end p50 / p99 ms | kefud CPU µs/msg | runs |`);
console.log("|---|---:|---:|---:|---:|---:|---:|");
for(const [k,v] of Object.entries(by)){const t=med(v.map(l=>l.msgs_per_s));
 const e2e=v[0].e2e_p50_ms!==undefined&&k!=="ack-only"?med(v.map(l=>l.e2e_p50_ms)).toFixed(2)+" / "+med(v.map(l=>l.e2e_p99_ms)).toFixed(2):"n/a";
 console.log(`| ${k} | ${t} | ${(t/base).toFixed(2)} | ${med(v.map(l=>l.submit_p50_ms)).toFixed(2)} / ${med(v.map(l=>l.submit_p99_ms)).toFixed(2)} | ${e2e} | ${v[0].kefud_cpu_us_per_msg!==undefined?med(v.map(l=>l.kefud_cpu_us_per_msg)).toFixed(1):"n/a"} | ${v.length} |`);}
if(by["shield-on"]&&by["shield-off"]){
 const r=by["shield-on"].map(l=>{const o=by["shield-off"].find(m=>m.round===l.round);return o?l.msgs_per_s/o.msgs_per_s:null}).filter(x=>x!==null);
 const on=by["shield-on"];
 console.log(`\nshield-on / shield-off, per round: ${r.map(x=>x.toFixed(3)).join(" ")}; median ${med(r).toFixed(3)}`+
  ` (ratio of medians ${(med(on.map(l=>l.msgs_per_s))/med(by["shield-off"].map(l=>l.msgs_per_s))).toFixed(3)});`+
  ` shield-on judged ${on.map(l=>l.shield_judged).join("/")}, held ${on.map(l=>l.shield_held).join("/")},`+
  ` blocked ${on.map(l=>l.shield_blocked).join("/")}, mean judge time ${med(on.map(l=>l.judge_us_mean)).toFixed(1)} us (median of runs);`+
  ` kefud CPU per message on / off ${(med(on.map(l=>l.kefud_cpu_us_per_msg))/med(by["shield-off"].map(l=>l.kefud_cpu_us_per_msg))).toFixed(3)}`);}
' "$results"
