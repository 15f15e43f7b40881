#!/bin/sh
# Installs the Debian 12 packages kefu needs, if any are missing; safe to
# run again. Usage: tools/install-deps.sh [run|test|bench]
#   run    build and run (make run)
#   test   + clang/libFuzzer, cmocka, chromium for the browser tests (make test)
#   bench  + kannel, the established gateway used as an anchor (make bench)
set -eu
mode=${1:-test}
PKGS="build-essential cmake pkg-config git ca-certificates
libevent-dev libsqlite3-dev libjansson-dev libinih-dev libsodium-dev libcmocka-dev
libutf8proc-dev libopencc-dev libopencc-data libvectorscan-dev
sqlite3 curl procps"
case "$mode" in
run) ;;
test) PKGS="$PKGS clang libclang-rt-14-dev chromium fonts-noto-cjk" ;;
bench) PKGS="$PKGS kannel" ;;
*) echo "usage: $0 [run|test|bench]"; exit 2 ;;
esac
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Node.js runs the independent SMPP peer (npm smpp), the demo phones and the
# browser tests. Any Node >= 18 will do; Debian's is used when none is present.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    echo "kefu: installing Debian packages:$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
