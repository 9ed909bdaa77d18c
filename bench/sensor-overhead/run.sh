#!/bin/bash
# Sensor overhead benchmark (not a test: it takes ~15 minutes and needs root, the built sensor and auditd).
#
# Every workload runs, interleaved in rounds, with: no sensor, the sensor (default profile), the sensor
# (light profile), and finally Debian's auditd watching the same syscalls. auditd runs last because once
# audit is enabled every later process pays for it; at the end the script removes the rules, disables
# audit and adds `-a never,task`.
#
#   bench/sensor-overhead/run.sh [ROUNDS]        (default 3 rounds)
#   SKIP_AUDITD=1 SUSTAIN_SECONDS=60 SUSTAIN_RATE=50000 ...
#
# Workloads: exec storm (fork + exec /bin/true), a realistic build (unpack xz-utils 5.4.1's release tarball,
# configure, make -j2), syscall storms (open-for-write/close, read-only open/close, TCP connect to loopback).
# Then a sustained open-for-write load at SUSTAIN_RATE events/s for SUSTAIN_SECONDS with the sensor: its
# drops and CPU time.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
ROUNDS=${1:-3}
SUSTAIN_SECONDS=${SUSTAIN_SECONDS:-60}
SUSTAIN_RATE=${SUSTAIN_RATE:-50000}
STORM_SECONDS=${STORM_SECONDS:-3}
EXECS=${EXECS:-3000}
WORK=${WORK:-/var/tmp/wb-sensor-bench}
SENSOR="$ROOT/sensor/build/workbench-sensor-$(uname -m)"
STORM="$WORK/storm"
RESULTS="$WORK/results.tsv"

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }
mkdir -p "$WORK"
make -s -C "$ROOT/sensor"
# a copy: rebuilding the tree during the run changes nothing; its own name: `pkill workbench-senso*`
# elsewhere (the fleet tests) does not stop it
cp "$SENSOR" "$WORK/wb-bench-sensor"
SENSOR="$WORK/wb-bench-sensor"
gcc -O2 -o "$STORM" "$HERE/storm.c" -lpthread

# the source tarball of the realistic workload, fetched once with apt (a private deb-src list)
TARBALL="$WORK/xz-utils_5.4.1.orig.tar.xz"
if [ ! -f "$TARBALL" ]; then
	mkdir -p "$WORK/apt/parts" "$WORK/apt/lists/partial"
	cat > "$WORK/apt/parts/src.sources" <<-EOF
	Types: deb-src
	URIs: http://deb.debian.org/debian
	Suites: bookworm
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	APT=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$WORK/apt/parts" -o Dir::State::Lists="$WORK/apt/lists")
	apt-get "${APT[@]}" update >/dev/null
	(cd "$WORK" && apt-get "${APT[@]}" source --download-only xz-utils=5.4.1-1+deb12u1 >/dev/null 2>&1 ||
		apt-get "${APT[@]}" source --download-only xz-utils >/dev/null)
	[ -f "$TARBALL" ] || { echo "could not fetch $TARBALL" >&2; exit 1; }
fi

# ---- one measurement: prints ops/s ----
measure() { # workload
	case $1 in
	exec) "$STORM" exec "$EXECS" ;;
	openw | openr | connect) "$STORM" "$1" "$STORM_SECONDS" ;;
	build)
		local d="$WORK/build" t0 t1
		rm -rf "$d" && mkdir -p "$d"
		t0=$(date +%s.%N)
		(cd "$d" && tar xf "$TARBALL" && cd xz-5.4.1 && ./configure --disable-nls >/dev/null 2>&1 && make -j2 >/dev/null 2>&1)
		t1=$(date +%s.%N)
		rm -rf "$d"
		echo "{\"rate\":$(echo "1 / ($t1 - $t0)" | bc -l)}" ;;
	esac | sed -E 's/.*"rate":([0-9.]+).*/\1/'
}

bpf_ns() { # pid -> total run time of that sensor's BPF programs (kernel.bpf_stats_enabled=1)
	local id
	for id in $(grep -h '^prog_id:' /proc/"$1"/fdinfo/* 2>/dev/null | awk '{ print $2 }' | sort -u); do
		bpftool prog show id "$id"
	done | awk '{ for (i = 1; i < NF; i++) if ($i == "run_time_ns") t += $(i + 1) } END { printf "%.0f\n", t }'
}

cpu_ms() { # pid -> user+system ms
	awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$1/stat"
}

SENSOR_PID=
start_sensor() { # args...
	rm -rf "$WORK/spool"
	"$SENSOR" --spool "$WORK/spool" --spool-size 256M "$@" > "$WORK/sensor.hello" 2> "$WORK/sensor.err" &
	SENSOR_PID=$!
	for _ in $(seq 100); do [ -s "$WORK/sensor.hello" ] && break; sleep 0.1; done
	[ -s "$WORK/sensor.hello" ] || { cat "$WORK/sensor.err" >&2; exit 1; }
	sleep 1
}
stop_sensor() {
	kill "$SENSOR_PID" && wait "$SENSOR_PID" || true
	SENSOR_PID=
}
counter() { # name -> value from the spool's last heartbeat
	sed -E "s/.*\"$1\":([0-9.]+).*/\1/" "$WORK/spool/status.json"
}
cleanup() {
	[ -n "$SENSOR_PID" ] && kill "$SENSOR_PID" 2>/dev/null || true
	if [ -n "${AUDIT_ON:-}" ]; then
		auditctl -D >/dev/null 2>&1 || true
		auditctl -e 0 >/dev/null 2>&1 || true
		auditctl -a never,task >/dev/null 2>&1 || true
		[ -n "${AUDITD_PID:-}" ] && kill "$AUDITD_PID" 2>/dev/null || true
	fi
}
trap 'cleanup; sysctl -qw kernel.bpf_stats_enabled=0' EXIT

WORKLOADS=(exec build openw openr connect)
: > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:-0}" >> "$RESULTS"; } # config workload rate cpu_ms bpf_ms
sysctl -qw kernel.bpf_stats_enabled=1

echo "sensor overhead: $ROUNDS interleaved rounds, kernel $(uname -r), $(nproc) CPUs" >&2
if pgrep -f workbench-sensor >/dev/null; then
	echo "warning: another workbench-sensor is running (it slows every configuration, the baseline too):" >&2
	pgrep -af workbench-sensor >&2
fi
for round in $(seq "$ROUNDS"); do
	for w in "${WORKLOADS[@]}"; do
		for config in none default light; do
			case $config in
			none) r=$(measure "$w"); record none "$w" "$r" 0 ;;
			default | light)
				start_sensor --profile "$config"
				c0=$(cpu_ms "$SENSOR_PID"); b0=$(bpf_ns "$SENSOR_PID"); r=$(measure "$w"); b1=$(bpf_ns "$SENSOR_PID"); c1=$(cpu_ms "$SENSOR_PID")
				stop_sensor
				record "$config" "$w" "$r" "$(echo "$c1 - $c0" | bc)" "$(echo "($b1 - $b0) / 1000000" | bc -l)" ;;
			esac
			echo "round $round $w $config: $r/s" >&2
		done
	done
done

# ---- sustained load: SUSTAIN_RATE events/s for SUSTAIN_SECONDS ----
start_sensor --profile default
sleep 1.2
d0=$(counter kernel_drops); e0=$(counter emitted); c0=$(cpu_ms "$SENSOR_PID")
"$STORM" rate "$SUSTAIN_RATE" "$SUSTAIN_SECONDS" > "$WORK/sustain.json"
sleep 2.2
d1=$(counter kernel_drops); e1=$(counter emitted); c1=$(cpu_ms "$SENSOR_PID")
fill=$(grep -o '"ringbuf_fill":[0-9.]*' "$WORK/spool/status.json" | cut -d: -f2)
stop_sensor
SUSTAIN="sustained $(sed -E 's/.*"rate":([0-9.]+).*/\1/' "$WORK/sustain.json") opens/s for ${SUSTAIN_SECONDS}s: emitted $((e1 - e0)) events, kernel drops $((d1 - d0)), sensor CPU $(echo "$c1 - $c0" | bc) ms ($(echo "scale=1; ($c1 - $c0) / 10 / $SUSTAIN_SECONDS" | bc)% of one CPU)"
echo "$SUSTAIN" >&2

# ---- auditd last ----
if [ -z "${SKIP_AUDITD:-}" ] && command -v auditd >/dev/null; then
	AUDIT_ON=1
	mkdir -p /var/log/audit
	auditd -n > "$WORK/auditd.log" 2>&1 &
	AUDITD_PID=$!
	sleep 1
	auditctl -D >/dev/null
	auditctl -a always,exit -F arch=b64 -S execve,execveat,fork,vfork,clone,exit_group \
		-S open,openat,openat2,creat,unlink,unlinkat,rmdir,rename,renameat,renameat2 \
		-S chmod,fchmod,fchmodat,chown,fchown,lchown,fchownat,link,linkat,symlink,symlinkat \
		-S utime,utimes,utimensat,mkdir,mkdirat,truncate,ftruncate,chdir,fchdir \
		-S connect,accept,accept4,bind,listen,setuid,setgid,setreuid,setregid,setresuid,setresgid,capset \
		-S ptrace,init_module,finit_module,delete_module,bpf,memfd_create,mount,umount2,prctl,kill,tkill,tgkill \
		-k wb-bench >/dev/null
	auditctl -e 1 >/dev/null
	for round in $(seq "$ROUNDS"); do
		for w in "${WORKLOADS[@]}"; do
			c0=$(cpu_ms "$AUDITD_PID"); r=$(measure "$w"); c1=$(cpu_ms "$AUDITD_PID")
			record auditd "$w" "$r" "$(echo "$c1 - $c0" | bc)"
			echo "round $round $w auditd: $r/s" >&2
		done
	done
	cleanup
	AUDIT_ON=
fi

# ---- report: medians per (config, workload), ratios to no sensor ----
python3 - "$RESULTS" "$SUSTAIN" "$EXECS" "$STORM_SECONDS" <<'EOF'
import sys, statistics
rows = [l.split('\t') for l in open(sys.argv[1]) if l.strip()]
data = {}
for config, w, rate, cpu, bpf in rows:
    data.setdefault((config, w), []).append((float(rate), float(cpu), float(bpf)))
configs = [c for c in ('none', 'default', 'light', 'auditd') if any(k[0] == c for k in data)]
unit = {'exec': 'execs/s', 'build': 'builds/s', 'openw': 'opens/s', 'openr': 'opens/s', 'connect': 'connects/s'}
print(f"{'workload':<9} {'no sensor':>14} " + ' '.join(f"{c + ' (ratio)':>24}" for c in configs[1:]))
for w in ('exec', 'build', 'openw', 'openr', 'connect'):
    base = statistics.median(r for r, _, _ in data[('none', w)])
    cells = []
    for c in configs[1:]:
        if (c, w) not in data:
            cells.append(f"{'-':>24}")
            continue
        rate = statistics.median(r for r, _, _ in data[(c, w)])
        cpu = statistics.median(cpu for _, cpu, _ in data[(c, w)])
        cells.append(f"{rate:>10.4g} ({rate / base:5.3f}) {cpu:5.0f}ms")
    print(f"{w:<9} {base:>14.4g} " + ' '.join(cells) + f"  {unit[w]}")
print("(ratio = throughput / throughput without sensor, medians of the rounds; ms = CPU time of the sensor's")
print(" process or of auditd during one run)")
print()
print("time in the sensor's BPF programs per operation (kernel.bpf_stats_enabled; medians):")
execs, storm_secs = float(sys.argv[3]), float(sys.argv[4])
for c in ('default', 'light'):
    cells = []
    for w in ('exec', 'build', 'openw', 'openr', 'connect'):
        if (c, w) not in data:
            continue
        per_op = []
        for rate, _, bpf_ms in data[(c, w)]:
            ops = execs if w == 'exec' else 1 if w == 'build' else rate * storm_secs
            per_op.append(bpf_ms * 1e6 / ops)
        ns = statistics.median(per_op)
        cells.append(f"{w} {ns / 1e6:.1f} ms/build" if w == 'build' else f"{w} {ns:.0f} ns/op")
    print(f"  {c:<8} " + ', '.join(cells))
print()
print(sys.argv[2])
EOF
