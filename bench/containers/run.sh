#!/usr/bin/env bash
# bench/containers/run.sh — how long `docker run` takes: Berth vs the Debian docker.io engine vs crun alone.
#
# A benchmark, not a test: it is not part of the Maven reactor and asserts nothing. Needs root, the built jars
# (mvn -B -DskipTests install) and /bin/busybox (busybox-static). Measured, per engine:
#   first-runs   FIRST (default 20) times `docker run --rm busybox true` right after the image is imported: the
#                median of a platform just started (its JVMs still compiling)
#   run-rm       then, after WARMUP (default 150) untimed runs, RUNS (default 40) more, whole command, one after
#                the other: median, p10, p90, min, max in ms of an engine that has been running a while
#   seq-50       50 x `docker run -d busybox sleep 600` one after the other: total seconds
#   conc-50      50 x `docker run -d busybox sleep 600` all at once (xargs -P 50): total seconds
# Engines:
#   berth        the platform from infra/launcher (data root in the work dir, --no-fsync), busybox imported
#   docker.io    Debian's dockerd, when installed: its own data root, exec root and unix socket in the work dir,
#                no bridge and no iptables (so nothing on the host network changes), the same rootfs imported
#   crun         `crun run` of a prepared OCI bundle (busybox rootfs, `true`) — or `runc run` where crun refuses
#                the host (crun does not support hybrid cgroup hosts) — when installed: the floor
#                of what any engine built on an OCI runtime can reach (only run-rm)
# Usage:   bench/containers/run.sh
# Environment: FIRST=20 RUNS=40 WARMUP=150 ENGINES="berth docker.io crun" WORK=<dir> KEEP=1 UPDATE_DOCS=0
# Output: a markdown table on stdout, in bench/containers/results/<UTC date-time>.md and (unless UPDATE_DOCS=0) in
# the generated section of docs/benchmarks.md. Everything binds 127.0.0.1 or a unix socket in the work dir; every
# wait is bounded; an EXIT trap stops everything this script started.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
FIRST=${FIRST:-20}
RUNS=${RUNS:-40}
WARMUP=${WARMUP:-150}
ENGINES=${ENGINES:-"berth docker.io crun"}
WORK=${WORK:-$(mktemp -d /tmp/berth-bench-containers-XXXXXX)}
RESULTS_DIR=$REPO/bench/containers/results
mkdir -p "$WORK" "$RESULTS_DIR"
# PostgreSQL runs as nobody under root, so the launcher needs the data root's parents traversable (mktemp makes 0700).
chmod o+x "$WORK"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; kill -KILL "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "needs root (containers)" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "needs /bin/busybox (Debian package busybox-static)" >&2; exit 1; }

# The busybox rootfs every engine runs: the binary and one symlink per applet.
ROOTFS=$WORK/rootfs
mkdir -p "$ROOTFS/bin" "$ROOTFS/etc" "$ROOTFS/tmp" "$ROOTFS/proc" "$ROOTFS/sys" "$ROOTFS/dev"
cp /bin/busybox "$ROOTFS/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$ROOTFS/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$ROOTFS/etc/passwd"
tar -C "$ROOTFS" -cf "$WORK/rootfs.tar" .

ms() { echo $(( $(date +%s%N) / 1000000 )); }

# stats <file of numbers>: median p10 p90 min max
stats() {
  sort -n "$1" | awk '{v[NR]=$1} END {n=NR; if (n==0) {print "- - - - -"; exit}
    lo=int(n*0.1); if (lo<1) lo=1; hi=int(n*0.9); if (hi<1) hi=1
    printf "%d %d %d %d %d\n", v[int((n+1)/2)], v[lo], v[hi], v[1], v[n]}'
}

declare -A FIRSTRM RUNRM SEQ CONC NOTE
measure_docker() { # engine, DOCKER_HOST
  local engine=$1 host=$2 f=$WORK/$engine.runrm
  export DOCKER_HOST=$host DOCKER_CONFIG=$WORK/docker-cli
  docker import --change 'CMD ["sh"]' "$WORK/rootfs.tar" busybox:latest >/dev/null
  : > "$f.first"
  for _ in $(seq 1 "$FIRST"); do
    local t0; t0=$(ms); timeout 60 docker run --rm busybox true; echo $(( $(ms) - t0 )) >> "$f.first"
  done
  FIRSTRM[$engine]=$(stats "$f.first" | cut -d' ' -f1)
  for _ in $(seq 1 "$WARMUP"); do timeout 60 docker run --rm busybox true; done
  : > "$f"
  for _ in $(seq 1 "$RUNS"); do
    local t0; t0=$(ms); timeout 60 docker run --rm busybox true; echo $(( $(ms) - t0 )) >> "$f"
  done
  RUNRM[$engine]=$(stats "$f")
  local t0; t0=$(ms)
  for i in $(seq 1 50); do timeout 60 docker run -d --name "seq$i" busybox sleep 600 >/dev/null; done
  SEQ[$engine]=$(awk -v d=$(( $(ms) - t0 )) 'BEGIN {printf "%.2f", d/1000}')
  docker rm -f $(docker ps -aq) >/dev/null 2>&1 || true
  t0=$(ms)
  seq 1 50 | xargs -P 50 -I{} timeout 120 docker run -d --name "conc{}" busybox sleep 600 >/dev/null
  CONC[$engine]=$(awk -v d=$(( $(ms) - t0 )) 'BEGIN {printf "%.2f", d/1000}')
  docker rm -f $(docker ps -aq) >/dev/null 2>&1 || true
  unset DOCKER_HOST
}

wait_for() { # what, seconds, command...
  local what=$1 limit=$2; shift 2
  for _ in $(seq 1 $((limit * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$what did not come up within $limit s" >&2; return 1
}

for engine in $ENGINES; do
  case $engine in
    berth)
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      # The JVM options bin/berth-up starts the launcher (and so the Kafka broker) with.
      # shellcheck disable=SC2046 # a list of options
      java $(java -jar infra/launcher/target/berth-launcher.jar --print-jvm-options launcher) -jar infra/launcher/target/berth-launcher.jar --repo "$REPO" --data-root "$WORK/berth" --gateway-port "$port" \
        --kafka-port 0 --postgres-port 0 --no-fsync > "$WORK/berth.log" 2>&1 &
      pids+=($!)
      if ! wait_for "Berth" 240 grep -q -e BERTH_PLATFORM_READY -e "startup failed" "$WORK/berth.log" \
         || ! grep -q BERTH_PLATFORM_READY "$WORK/berth.log"; then
        tail -5 "$WORK/berth.log" >&2; exit 1
      fi
      measure_docker berth "tcp://127.0.0.1:$port"
      ;;
    docker.io)
      if ! command -v dockerd >/dev/null; then NOTE[$engine]="dockerd not installed (Debian package docker.io)"; continue; fi
      dockerd --data-root "$WORK/docker/data" --exec-root "$WORK/docker/exec" --pidfile "$WORK/docker/pid" \
        -H "unix://$WORK/docker/docker.sock" --bridge none --iptables=false --ip6tables=false \
        > "$WORK/dockerd.log" 2>&1 &
      pids+=($!)
      wait_for "dockerd" 60 env DOCKER_HOST="unix://$WORK/docker/docker.sock" docker version
      measure_docker docker.io "unix://$WORK/docker/docker.sock"
      NOTE[$engine]="$(dockerd --version)"
      ;;
    crun)
      # crun refuses hybrid cgroup hosts ("cgroups in hybrid mode not supported"); runc, which docker.io uses, does
      # not: then the same bundle is timed with runc, and the note says so.
      runtime=
      for candidate in crun runc; do
        command -v "$candidate" >/dev/null || continue
        bundle=$WORK/bundle-$candidate
        mkdir -p "$bundle" && cp -a "$ROOTFS" "$bundle/rootfs"
        (cd "$bundle" && "$candidate" spec >/dev/null 2>&1)
        python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]; c = json.load(open(p))
c["process"]["args"] = ["true"]; c["process"]["terminal"] = False; c["root"]["readonly"] = False
json.dump(c, open(p, "w"))
PY
        if probe=$("$candidate" run --bundle "$bundle" "probe$RANDOM" 2>&1); then runtime=$candidate; break; fi
        NOTE[$engine]="${NOTE[$engine]:-}$candidate failed here: $(echo "$probe" | tail -1); "
      done
      if [ -z "$runtime" ]; then NOTE[$engine]="${NOTE[$engine]:-}no OCI runtime (Debian packages crun, runc)"; continue; fi
      f=$WORK/crun.runrm; : > "$f.first"
      for i in $(seq 1 "$FIRST"); do t0=$(ms); "$runtime" run --bundle "$bundle" "f$i$RANDOM" >/dev/null; echo $(( $(ms) - t0 )) >> "$f.first"; done
      FIRSTRM[$engine]=$(stats "$f.first" | cut -d' ' -f1)
      for _ in $(seq 1 "$WARMUP"); do "$runtime" run --bundle "$bundle" "warm$RANDOM" >/dev/null; done
      : > "$f"
      for i in $(seq 1 "$RUNS"); do t0=$(ms); "$runtime" run --bundle "$bundle" "b$i$RANDOM" >/dev/null; echo $(( $(ms) - t0 )) >> "$f"; done
      RUNRM[$engine]=$(stats "$f")
      NOTE[$engine]="${NOTE[$engine]:-}timed: $("$runtime" --version | head -1), a prepared bundle, no image store or API"
      ;;
  esac
done

stamp=$(date -u +%Y-%m-%dT%H-%M-%SZ)
out=$RESULTS_DIR/$stamp.md
{
  echo "Run $stamp on $(nproc) cores, kernel $(uname -r); first $FIRST runs, then RUNS=$RUNS after $WARMUP more."
  echo
  echo "| engine | first $FIRST runs median ms | run --rm true median ms | p10 | p90 | min | max | 50 x run -d sequential s | 50 x run -d concurrent s | notes |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for engine in $ENGINES; do
    read -r med p10 p90 mn mx <<< "${RUNRM[$engine]:-- - - - -}"
    echo "| $engine | ${FIRSTRM[$engine]:--} | $med | $p10 | $p90 | $mn | $mx | ${SEQ[$engine]:--} | ${CONC[$engine]:--} | ${NOTE[$engine]:-} |"
  done
  b=${RUNRM[berth]:-}; d=${RUNRM[docker.io]:-}
  if [ -n "$b" ] && [ -n "$d" ]; then
    echo
    echo "Berth / docker.io (median run --rm): $(awk -v b="${b%% *}" -v d="${d%% *}" 'BEGIN {printf "%.2f", b/d}') (goal: below 1, and Berth under 150 ms)."
  fi
} > "$out"
cat "$out"
if [ "${UPDATE_DOCS:-1}" != 0 ]; then
  python3 - "$REPO/docs/benchmarks.md" "$out" <<'PY'
import sys
doc, res = sys.argv[1], open(sys.argv[2]).read()
s = open(doc).read()
begin = "<!-- BEGIN bench/containers/run.sh results (generated; edits here are overwritten) -->"
end = "<!-- END bench/containers/run.sh results -->"
s = s[:s.index(begin) + len(begin)] + "\n" + res + s[s.index(end):]
open(doc, "w").write(s)
PY
fi
