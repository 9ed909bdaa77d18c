#!/bin/bash
# Records about a million real sensor events under a varied workload, for bench/detect/run.ts.
#   sudo bench/detect/record.sh [OUT.ndjson]      (default /var/tmp/wb-detect-bench/events.ndjson)
# The workload: unpack, configure and build xz-utils (execs of compilers and shells, file writes), an exec
# storm, a burst of file creations, loopback connections, and some admin-like commands (reads of
# /etc/shadow, chmod, renames). Needs root, the built sensor, and the xz tarball bench/sensor-overhead fetches.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${WORK:-/var/tmp/wb-detect-bench}
OUT=${1:-$WORK/events.ndjson}
SENSOR="$ROOT/sensor/build/workbench-sensor-$(uname -m)"
TARBALL=${TARBALL:-/var/tmp/wb-sensor-bench/xz-utils_5.4.1.orig.tar.xz}
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
[ -x "$SENSOR" ] || { echo "build the sensor first: make -C sensor" >&2; exit 1; }
[ -f "$TARBALL" ] || { echo "$TARBALL is missing: run bench/sensor-overhead/run.sh once (it fetches it)" >&2; exit 1; }
mkdir -p "$WORK"
gcc -O2 -o "$WORK/storm" "$ROOT/bench/sensor-overhead/storm.c" -lpthread

"$SENSOR" --ringbuf-size 64M > "$OUT" 2> "$WORK/sensor.err" &
SENSOR_PID=$!
trap 'kill -INT $SENSOR_PID 2>/dev/null || true' EXIT
sleep 2
echo "recording into $OUT"
for round in 1 2; do
  rm -rf "$WORK/build" && mkdir -p "$WORK/build" && cd "$WORK/build"
  tar xf "$TARBALL" && cd xz-5.4.1 && ./configure -q > /dev/null && make -s -j2 > /dev/null 2>&1
  cd "$WORK"
  "$WORK/storm" exec 20000 > /dev/null
  "$WORK/storm" openw 3 > /dev/null
  "$WORK/storm" connect 2 > /dev/null
  for i in $(seq 1 200); do cat /etc/shadow > /dev/null; touch "$WORK/f"; chmod 600 "$WORK/f"; mv "$WORK/f" "$WORK/f.x"; rm "$WORK/f.x"; id > /dev/null; done
  echo "round $round: $(wc -l < "$OUT") lines"
done
kill -INT "$SENSOR_PID"; wait "$SENSOR_PID" || true
echo "$(grep -c '"seq"' "$OUT") events in $OUT"
