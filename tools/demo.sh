#!/bin/sh
# Starts (or stops) the demo platform on loopback: kefud with the demo store
# in var/, and the demo phones (sim/phones) bound to it as the network link.
# Usage: tools/demo.sh start|stop [BUILD_DIR]
set -eu
cmd=${1:-start}
build=${2:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
var="$top/var"
SMPP_PORT=${KEFU_SMPP_PORT:-2775}
HTTP_PORT=${KEFU_HTTP_PORT:-8086}
PHONES_PORT=${KEFU_PHONES_PORT:-8087}

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop() {
    for p in phones kefud; do
        if running "$var/$p.pid"; then
            kill "$(cat "$var/$p.pid")" 2>/dev/null || true
            for _ in 1 2 3 4 5 6 7 8 9 10; do running "$var/$p.pid" || break; sleep 0.5; done
            echo "stopped $p"
        fi
        rm -f "$var/$p.pid"
    done
}

wait_http() {
    for _ in $(seq 1 100); do
        curl -fsS "$1" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}

start() {
    mkdir -p "$var"
    stop >/dev/null
    "$top/$build/src/main/kefud" --data-dir "$var" --demo --smpp-port "$SMPP_PORT" \
        --http-port "$HTTP_PORT" >>"$var/kefud.log" 2>&1 &
    echo $! >"$var/kefud.pid"
    if ! wait_http "http://127.0.0.1:$HTTP_PORT/healthz"; then
        echo "kefud did not start; the end of $var/kefud.log:"; tail -20 "$var/kefud.log"; exit 1
    fi
    node "$top/sim/phones/server.js" --smpp "127.0.0.1:$SMPP_PORT" --system-id netlink \
        --password link1234 --http "127.0.0.1:$PHONES_PORT" \
        --numbers 13800138001,13800138002,13800138003,13800138004,13800138005 \
        >>"$var/phones.log" 2>&1 &
    echo $! >"$var/phones.pid"
    wait_http "http://127.0.0.1:$PHONES_PORT/healthz" || { echo "demo phones did not start"; tail "$var/phones.log"; exit 1; }
    token=$(cat "$var/api.token")
    cat <<TXT

kefu is running on loopback.

  Demo phones (the subscribers' side):  http://127.0.0.1:$PHONES_PORT/
  Tariff zone (subscribers' web page):  http://127.0.0.1:$HTTP_PORT/tariff/
    log in as 13800138001…005; the code arrives on the demo phones page
  SMPP server:                          127.0.0.1:$SMPP_PORT
    industry port   system_id=demo106  password=demo1234  number 1065755501 (signature 【示例科技】)
    network link    system_id=netlink  password=link1234  (bound by the demo phones)
  HTTP API:                             http://127.0.0.1:$HTTP_PORT/api/v1/  (token in var/api.token)
  Metrics:                              http://127.0.0.1:$HTTP_PORT/metrics
  Logs:                                 var/kefud.log, var/phones.log

  10086 robot and 12580:                text them from a demo phone: YE, 我还剩多少话费,
    0000, 转人工, 我爱你; 酒店 长沙 to 12580. Staff: build/src/main/kefu handover

Try it:
  node tests/peers/esme.js --port $SMPP_PORT --system-id demo106 --password demo1234 \\
       --send 1 --from 1065755501 --to 13800138001 --text '【示例科技】您的验证码是 246810' \\
       --registered-delivery 1 --wait-deliver 1
  curl -s -H "Authorization: Bearer $token" 'http://127.0.0.1:$HTTP_PORT/api/v1/messages?number=13800138001'

Stop with: make stop
TXT
}

case "$cmd" in
start) start ;;
stop) stop ;;
*) echo "usage: $0 start|stop [BUILD_DIR]"; exit 2 ;;
esac
