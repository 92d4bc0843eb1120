#!/usr/bin/env bash
# bench/registry/run.sh — registry push/pull throughput: Berth's registry vs the reference registry.
#
# A benchmark, not a test: it is not part of the Maven reactor and asserts nothing. It measures how fast skopeo
# pushes an image into, and pulls it back out of, (1) the reference registry (Debian's `docker-registry`,
# distribution 2.8, filesystem storage) and (2) Berth's image-service (its OCI distribution API under /v2/,
# started alone against Kafka and PostgreSQL from the launcher in --infra-only mode). Two images:
#   big    one layer: BIG_MIB MiB (default 200) of /dev/urandom, tar, gzip -1 (incompressible)
#   small  SMALL_LAYERS layers (default 50) of SMALL_MIB MiB (default 1) each, built the same way
# Both are generated once as OCI image layouts (oci-layout, index.json, blobs/sha256/…; config with matching
# rootfs.diff_ids) in the work dir.
#
# Per image, per run i (RUNS, default 3), per registry (interleaved, so drift hits both alike):
#   push  skopeo copy --dest-tls-verify=false oci:<layout>:bench docker://127.0.0.1:<port>/bench/<image>-<reg>-<i>:run<i>
#   pull  skopeo copy --src-tls-verify=false  docker://…same… oci:<fresh dir>:bench
# Every run uses a fresh repository and a fresh, private skopeo blob-info cache, so no blob is skipped or
# cross-repository mounted: every byte travels every time. Wall time of each skopeo process (date +%s.%N);
# throughput = payload / time, payload = every layer + config + manifest, in MiB (2^20 bytes). Reported: median,
# min and max per cell, and Berth/reference of the medians (goal: >= 1). WARMUP (default 1) untimed push+pull of
# the small image per registry before measuring (JIT warm-up for the JVM; harmless for the Go registry).
# Alongside, from /proc: CPU seconds (user + system) per copy of the registry process, of Berth's Kafka broker
# (the launcher JVM) + PostgreSQL, and of skopeo — where the time goes on a machine with few cores.
#
# Usage (from anywhere; needs the built jars for the Berth half: mvn -B -DskipTests install):
#   bench/registry/run.sh
# Environment:
#   RUNS=3  WARMUP=1  BIG_MIB=200  SMALL_LAYERS=50  SMALL_MIB=1
#   REGISTRIES="reference berth"   which registries to measure (e.g. REGISTRIES=reference)
#   WORK=<dir>      work dir (default: a new mktemp dir under /tmp); images there are reused when present
#   KEEP=1          keep the work dir (images, registry storage, logs) instead of deleting it
#   UPDATE_DOCS=0   do not rewrite the generated section of docs/benchmarks.md
#   OP_TIMEOUT=300  seconds one skopeo copy may take before it counts as failed
#   BERTH_JAVA_OPTS=<options>      JVM options for image-service (default: what the launcher starts it with,
#                   `berth-launcher.jar --print-jvm-options image-service`); the launcher's own JVM (the broker) gets
#                   bin/berth-up's (`--print-jvm-options launcher`)
#   BERTH_POSTGRES_BINARIES=<dir> passed to the launcher as --postgres-binaries (reuse an unpacked PostgreSQL)
# Output: a markdown table on stdout and in bench/registry/results/<UTC date-time>.md, and the generated section of
# docs/benchmarks.md. Exit 0 when every requested registry was measured, 2 when results were written but some
# registry could not be measured (the reason is in the results), 1 on a setup error (e.g. a missing tool).
#
# Everything binds 127.0.0.1. Every wait is bounded. An EXIT trap stops everything this script started (the
# registry, image-service, the launcher with its Kafka and PostgreSQL) by process id and removes the work dir
# unless KEEP=1. The servers also stop when this script's shell goes away without its trap (SIGKILL): image-service
# and the launcher read a fifo whose only writer is this shell and stop at its end; a watchdog on a third fifo
# stops docker-registry the same way (only the work dir in /tmp is then left behind).

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
BIG_MIB=${BIG_MIB:-200}
SMALL_LAYERS=${SMALL_LAYERS:-50}
SMALL_MIB=${SMALL_MIB:-1}
REGISTRIES=${REGISTRIES:-"reference berth"}
KEEP=${KEEP:-0}
UPDATE_DOCS=${UPDATE_DOCS:-1}
OP_TIMEOUT=${OP_TIMEOUT:-300}
BERTH_JAVA_OPTS=${BERTH_JAVA_OPTS:-} # filled in from the launcher in start_berth unless given
BERTH_POSTGRES_BINARIES=${BERTH_POSTGRES_BINARIES:-}
SKOPEO=${SKOPEO:-/usr/bin/skopeo}
DOCKER_REGISTRY=${DOCKER_REGISTRY:-/usr/bin/docker-registry}
LAUNCHER_JAR="$REPO_ROOT/infra/launcher/target/berth-launcher.jar"
IMAGE_SERVICE_JAR="$REPO_ROOT/services/image-service/target/quarkus-app/quarkus-run.jar"
RESULTS_DIR="$REPO_ROOT/bench/registry/results"
DOCS_FILE="$REPO_ROOT/docs/benchmarks.md"
TAG=bench

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in RUNS WARMUP BIG_MIB SMALL_LAYERS SMALL_MIB OP_TIMEOUT; do
    [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((RUNS >= 1)) || die "RUNS must be at least 1"
((BIG_MIB >= 1 && SMALL_LAYERS >= 1 && SMALL_MIB >= 1)) || die "image sizes must be at least 1"
for r in $REGISTRIES; do
    [[ $r == reference || $r == berth ]] || die "REGISTRIES may contain 'reference' and 'berth', not '$r'"
done

# ---------------------------------------------------------------------------------------------------------------
# Tools: each missing one is named together with the Debian package that provides it.
# ---------------------------------------------------------------------------------------------------------------
want_berth=0; [[ " $REGISTRIES " == *" berth "* ]] && want_berth=1
want_ref=0; [[ " $REGISTRIES " == *" reference "* ]] && want_ref=1
missing=()
need() { # need <command> <debian package>
    command -v "$1" >/dev/null 2>&1 || missing+=("$1 (Debian package: $2)")
}
for t in head stat mktemp mkfifo sort timeout sha256sum nproc uname date seq; do need "$t" coreutils; done
need tar tar
need gzip gzip
need awk mawk
need curl curl
need "$SKOPEO" skopeo
((want_ref)) && need "$DOCKER_REGISTRY" docker-registry
((want_berth)) && need java openjdk-17-jre-headless
if ((${#missing[@]})); then
    for m in "${missing[@]}"; do log "missing tool: $m"; done
    die "install the packages above (apt-get install …) and run again"
fi

# ---------------------------------------------------------------------------------------------------------------
# Work dir and cleanup
# ---------------------------------------------------------------------------------------------------------------
if [[ -z ${WORK:-} ]]; then
    WORK=$(mktemp -d /tmp/berth-bench-registry.XXXXXX)
    WORK_CREATED=1
else
    mkdir -p "$WORK"
    WORK=$(cd "$WORK" && pwd)
    WORK_CREATED=0
fi
# PostgreSQL runs as 'nobody' when we are root: the path to its data dir must be traversable by others.
chmod o+x "$WORK"
mkdir -p "$WORK/logs"

REF_PID=""; REF_WATCHDOG_PID=""; IS_PID=""; LAUNCHER_PID=""; PG_PID=""; USED_PORTS=()

# Waits up to $2 seconds for process $1 to exit; 0 when it is gone.
await_exit() {
    local pid=$1 deadline=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        ((SECONDS < deadline)) || return 1
        sleep 0.2
    done
}

# Polite stop (already asked via stdin EOF or not), then TERM, then KILL — always by process id.
stop_pid() { # stop_pid <pid> <name> <seconds to wait politely>
    local pid=$1 name=$2 grace=$3
    [[ -n $pid ]] || return 0
    kill -0 "$pid" 2>/dev/null || return 0
    if ! await_exit "$pid" "$grace"; then
        log "$name ($pid) still running; SIGTERM"
        kill -TERM "$pid" 2>/dev/null || true
        if ! await_exit "$pid" 30; then
            log "$name ($pid) ignored SIGTERM; SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            await_exit "$pid" 5 || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM HUP
    if [[ -n $REF_PID ]]; then
        kill -TERM "$REF_PID" 2>/dev/null
        stop_pid "$REF_PID" "docker-registry" 10
    fi
    exec 9>&-
    stop_pid "$REF_WATCHDOG_PID" "registry watchdog" 5
    # Closing the fifo's only writer is the polite stop for image-service and the launcher.
    exec 8>&-
    stop_pid "$IS_PID" "image-service" 20
    exec 7>&-
    stop_pid "$LAUNCHER_PID" "launcher" 45
    # Should the launcher have died hard, its PostgreSQL would be left: stop that postmaster by its pid file.
    local pidfile pgpid
    while IFS= read -r pidfile; do
        pgpid=$(head -n 1 "$pidfile" 2>/dev/null)
        if [[ $pgpid =~ ^[0-9]+$ ]] && kill -0 "$pgpid" 2>/dev/null \
            && tr '\0' ' ' <"/proc/$pgpid/cmdline" 2>/dev/null | grep -qF "$WORK/"; then
            log "stopping leftover PostgreSQL $pgpid"
            kill -INT "$pgpid" 2>/dev/null
            await_exit "$pgpid" 20 || kill -KILL "$pgpid" 2>/dev/null
        fi
    done < <(find "$WORK/berth" -name postmaster.pid 2>/dev/null)
    local p
    for p in "${USED_PORTS[@]}"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then log "WARNING: port $p still answers"; fi
    done
    if [[ $KEEP == 1 ]]; then
        log "kept work dir $WORK"
    elif ((WORK_CREATED)); then
        rm -rf "$WORK"
    else
        # A WORK given by the caller keeps its generated images; everything of this run goes.
        rm -rf "$WORK/berth" "$WORK/reference" "$WORK/pulled" "$WORK/skopeo" "$WORK/logs" "$WORK"/*.fifo
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# A port nothing on 127.0.0.1 listens on now (connecting is refused).
free_port() {
    local p i
    for i in $(seq 1 500); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            local u
            for u in "${USED_PORTS[@]}"; do [[ $u == "$p" ]] && continue 2; done
            echo "$p"
            return 0
        fi
    done
    die "no free port found on 127.0.0.1"
}

# ---------------------------------------------------------------------------------------------------------------
# Test images as OCI layouts
# ---------------------------------------------------------------------------------------------------------------
sha256_of() { sha256sum "$1" | awk '{print $1}'; }
size_of() { stat -c %s "$1"; }

case "$(uname -m)" in
    x86_64) ARCH=amd64 ;;
    aarch64) ARCH=arm64 ;;
    *) ARCH=$(uname -m) ;;
esac

# make_image <layout dir> <layer count> <MiB per layer>
make_image() {
    local dir=$1 count=$2 mib=$3 i
    local scratch="$dir.scratch"
    rm -rf "$dir" "$scratch"
    mkdir -p "$dir/blobs/sha256" "$scratch"
    local layers="" diff_ids="" history=""
    for ((i = 0; i < count; i++)); do
        local name
        name=$(printf 'layer-%03d.bin' "$i")
        head -c "$((mib * 1048576))" /dev/urandom >"$scratch/$name"
        chmod 0644 "$scratch/$name"
        tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$scratch" -cf "$scratch/layer.tar" "$name"
        rm -f "$scratch/$name"
        local diff_id digest size
        diff_id=$(sha256_of "$scratch/layer.tar")
        gzip -1 -n -c "$scratch/layer.tar" >"$scratch/layer.tar.gz"
        rm -f "$scratch/layer.tar"
        digest=$(sha256_of "$scratch/layer.tar.gz")
        size=$(size_of "$scratch/layer.tar.gz")
        mv "$scratch/layer.tar.gz" "$dir/blobs/sha256/$digest"
        layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$size}"
        diff_ids+="${diff_ids:+,}\"sha256:$diff_id\""
        history+="${history:+,}{\"created\":\"1970-01-01T00:00:00Z\",\"created_by\":\"bench/registry/run.sh: $mib MiB of /dev/urandom as /$name\"}"
    done
    rmdir "$scratch"
    local config cdigest csize manifest mdigest msize
    config="{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"$ARCH\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$diff_ids]},\"history\":[$history]}"
    printf '%s' "$config" >"$dir/config.json"
    cdigest=$(sha256_of "$dir/config.json"); csize=$(size_of "$dir/config.json")
    mv "$dir/config.json" "$dir/blobs/sha256/$cdigest"
    manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$cdigest\",\"size\":$csize},\"layers\":[$layers]}"
    printf '%s' "$manifest" >"$dir/manifest.json"
    mdigest=$(sha256_of "$dir/manifest.json"); msize=$(size_of "$dir/manifest.json")
    mv "$dir/manifest.json" "$dir/blobs/sha256/$mdigest"
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
        "$mdigest" "$msize" "$TAG" >"$dir/index.json"
    printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
}

# Payload of a layout in bytes: every blob (layers, config, manifest).
payload_bytes() { find "$1/blobs/sha256" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}'; }

IMAGES=(big small)
declare -A IMAGE_SPEC=([big]="1 $BIG_MIB" [small]="$SMALL_LAYERS $SMALL_MIB")
declare -A IMAGE_LABEL=([big]="1 layer × $BIG_MIB MiB" [small]="$SMALL_LAYERS layers × $SMALL_MIB MiB")
declare -A PAYLOAD
for img in "${IMAGES[@]}"; do
    dir="$WORK/images/$img"
    stamp="$dir/.generated"
    if [[ -f $stamp && $(cat "$stamp") == "${IMAGE_SPEC[$img]}" ]]; then
        log "reusing image '$img' in $dir"
    else
        log "generating image '$img' (${IMAGE_LABEL[$img]}) in $dir"
        t0=$(date +%s.%N)
        make_image "$dir" ${IMAGE_SPEC[$img]}
        "$SKOPEO" inspect --raw "oci:$dir:$TAG" >/dev/null || die "skopeo cannot read the generated layout $dir"
        echo "${IMAGE_SPEC[$img]}" >"$stamp"
        log "  done in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
    fi
    PAYLOAD[$img]=$(payload_bytes "$dir")
    log "  payload ${PAYLOAD[$img]} bytes"
done

# ---------------------------------------------------------------------------------------------------------------
# Registries
# ---------------------------------------------------------------------------------------------------------------
declare -A PORT NOT_MEASURED

wait_http() { # wait_http <url> <seconds> <pid>: 0 once the URL answers 200
    local url=$1 deadline=$((SECONDS + $2)) pid=$3
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 2
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true) == 200 ]] && return 0
        sleep 0.3
    done
    return 1
}

start_reference() {
    local port
    port=$(free_port); USED_PORTS+=("$port")
    mkdir -p "$WORK/reference/storage"
    # The Debian package's /etc/docker/registry/config.yml, minus auth, with our storage dir and loopback port.
    cat >"$WORK/reference/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $WORK/reference/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
    log "starting docker-registry on 127.0.0.1:$port"
    "$DOCKER_REGISTRY" serve "$WORK/reference/config.yml" </dev/null >"$WORK/logs/docker-registry.log" 2>&1 7>&- 8>&- 9>&- &
    REF_PID=$!
    # docker-registry has no parent watch of its own: a watchdog stops it once this shell's end of a fifo closes,
    # even should this shell be killed with SIGKILL (where no trap runs).
    mkfifo "$WORK/registry.fifo"
    { cat >/dev/null; kill -TERM "$REF_PID" 2>/dev/null; } <"$WORK/registry.fifo" 7>&- 8>&- 9>&- &
    REF_WATCHDOG_PID=$!
    exec 9>"$WORK/registry.fifo"
    if ! wait_http "http://127.0.0.1:$port/v2/" 30 "$REF_PID"; then
        tail -n 20 "$WORK/logs/docker-registry.log" >&2
        die "docker-registry did not answer 200 on /v2/ within 30 s"
    fi
    PORT[reference]=$port
}

# Starts the launcher (Kafka + PostgreSQL) and image-service. Returns non-zero with BERTH_REASON set on failure.
BERTH_REASON=""
start_berth() {
    local f
    for f in "$LAUNCHER_JAR" "$IMAGE_SERVICE_JAR"; do
        if [[ ! -f $f ]]; then
            BERTH_REASON="${f#"$REPO_ROOT"/} is not built (mvn -B -DskipTests install)"
            return 1
        fi
    done
    mkdir -p "$WORK/berth/data"
    local extra=()
    [[ -n $BERTH_POSTGRES_BINARIES ]] && extra=(--postgres-binaries "$BERTH_POSTGRES_BINARIES")
    [[ -n $BERTH_JAVA_OPTS ]] || BERTH_JAVA_OPTS=$(java -jar "$LAUNCHER_JAR" --print-jvm-options image-service)
    local launcher_java_opts
    launcher_java_opts=$(java -jar "$LAUNCHER_JAR" --print-jvm-options launcher)
    mkfifo "$WORK/launcher.fifo"
    log "starting the launcher (--infra-only: Kafka and PostgreSQL)"
    # shellcheck disable=SC2086 # a list of options
    java $launcher_java_opts -jar "$LAUNCHER_JAR" --infra-only --exit-on-stdin-eof --data-root "$WORK/berth/data" \
        --kafka-port 0 --postgres-port 0 "${extra[@]}" \
        <"$WORK/launcher.fifo" >"$WORK/logs/launcher.out" 2>"$WORK/logs/launcher.err" 7>&- 8>&- 9>&- &
    LAUNCHER_PID=$!
    exec 7>"$WORK/launcher.fifo" # its only writer: when this shell goes, the launcher reads EOF and stops
    local deadline=$((SECONDS + 180))
    until grep -qx BERTH_INFRA_READY "$WORK/logs/launcher.out" 2>/dev/null; do
        if ! kill -0 "$LAUNCHER_PID" 2>/dev/null; then
            tail -n 20 "$WORK/logs/launcher.err" >&2
            BERTH_REASON="the launcher exited before Kafka and PostgreSQL were ready; its last line: $(tail -n 1 "$WORK/logs/launcher.err" | cut -c1-300)"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            BERTH_REASON="Kafka and PostgreSQL were not ready within 180 s"
            return 1
        fi
        sleep 0.3
    done
    local bootstrap pgport pwfile
    bootstrap=$(sed -n 's/^BERTH_KAFKA_BOOTSTRAP=//p' "$WORK/logs/launcher.out")
    pgport=$(sed -n 's/^BERTH_POSTGRES_PORT=//p' "$WORK/logs/launcher.out")
    pwfile=$(sed -n 's/^BERTH_POSTGRES_PASSWORD_FILE=//p' "$WORK/logs/launcher.out")
    USED_PORTS+=("${bootstrap##*:}" "$pgport")
    local pidfile
    pidfile=$(find "$WORK/berth/data" -name postmaster.pid 2>/dev/null | head -n 1)
    [[ -n $pidfile ]] && PG_PID=$(head -n 1 "$pidfile")
    log "  Kafka $bootstrap, PostgreSQL 127.0.0.1:$pgport"

    local port
    port=$(free_port); USED_PORTS+=("$port")
    mkdir -p "$WORK/berth/image-service"
    mkfifo "$WORK/image-service.fifo"
    log "starting image-service on 127.0.0.1:$port"
    # shellcheck disable=SC2086 # BERTH_JAVA_OPTS is a list of options
    (
        cd "$WORK/berth/image-service"
        QUARKUS_DATASOURCE_PASSWORD=$(cat "$pwfile") exec java $BERTH_JAVA_OPTS \
            -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
            -Dkafka.bootstrap.servers="$bootstrap" \
            -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:$pgport/berth_image" \
            -Dquarkus.datasource.username=berth \
            -Dberth.data-root="$WORK/berth/image-service" \
            -Dberth.parent-watch=stdin \
            -jar "$IMAGE_SERVICE_JAR"
    ) <"$WORK/image-service.fifo" >"$WORK/logs/image-service.log" 2>&1 7>&- 8>&- 9>&- &
    IS_PID=$!
    exec 8>"$WORK/image-service.fifo"
    local rc=0
    wait_http "http://127.0.0.1:$port/q/health/ready" 120 "$IS_PID" || rc=$?
    if ((rc != 0)); then
        tail -n 30 "$WORK/logs/image-service.log" >&2
        if ((rc == 2)); then BERTH_REASON="image-service exited before it was ready; its last line: $(tail -n 1 "$WORK/logs/image-service.log" | cut -c1-300)"
        else BERTH_REASON="image-service was not ready within 120 s (/q/health/ready)"; fi
        return 1
    fi
    local v2
    v2=$(curl -s -o "$WORK/logs/berth-v2.body" -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/v2/" || true)
    if [[ $v2 != 200 ]]; then
        BERTH_REASON="image-service is up but GET /v2/ answers ${v2:-nothing}, not 200: the registry API is not served by this build"
        return 1
    fi
    PORT[berth]=$port
}

# ---------------------------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------------------------
declare -A SECS # SECS[reg,img,op] = "s1 s2 s3"
declare -A SCPU ICPU KCPU # CPU ticks per copy: registry process; Berth's Kafka + PostgreSQL; skopeo
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# ticks_of <pid…>: user + system clock ticks used so far by these processes (all their threads).
ticks_of() {
    local pid total=0 stat f
    for pid in "$@"; do
        [[ -n $pid ]] || continue
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        read -r -a f <<<"${stat##*) }" # f[0] is field 3 (state): utime, stime = fields 14, 15
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}
# PostgreSQL: the postmaster with the children it has reaped (fields 16, 17) plus every live child (backends,
# checkpointer, WAL writer …).
pg_ticks() {
    [[ -n $PG_PID && -r /proc/$PG_PID/stat ]] || { echo 0; return; }
    local stat f kids
    stat=$(cat "/proc/$PG_PID/stat" 2>/dev/null) || { echo 0; return; }
    read -r -a f <<<"${stat##*) }"
    kids=$(cat "/proc/$PG_PID/task/$PG_PID/children" 2>/dev/null || true)
    # shellcheck disable=SC2086
    echo $((f[11] + f[12] + f[13] + f[14] + $(ticks_of $kids)))
}
# The client: this shell's reaped children (fields 16, 17), i.e. each finished skopeo copy (and tiny helpers).
client_ticks() {
    local stat f
    stat=$(cat "/proc/$$/stat")
    read -r -a f <<<"${stat##*) }"
    echo $((f[13] + f[14]))
}
server_ticks() { # server_ticks <reg>: "<registry process ticks> <infra ticks> <client ticks>"
    if [[ $1 == reference ]]; then echo "$(ticks_of "$REF_PID") 0 $(client_ticks)"
    else echo "$(ticks_of "$IS_PID") $(($(ticks_of "$LAUNCHER_PID") + $(pg_ticks))) $(client_ticks)"; fi
}

# copy <label> <log> <skopeo copy args…>: runs one skopeo copy with a private blob-info cache, prints seconds.
copy() {
    local label=$1 logf=$2; shift 2
    local cache="$WORK/skopeo/$label"
    rm -rf "$cache"; mkdir -p "$cache/data" "$cache/config" "$cache/run"
    chmod 700 "$cache/run"
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    # Run as root, skopeo keeps its blob-info cache in /var/lib/containers/cache, shared by all runs; it would then
    # cross-mount blobs between our repositories instead of uploading them. _CONTAINERS_ROOTLESS_UID makes it use
    # XDG_DATA_HOME instead, which is fresh for every copy.
    _CONTAINERS_ROOTLESS_UID=65534 XDG_DATA_HOME="$cache/data" XDG_CONFIG_HOME="$cache/config" \
        XDG_RUNTIME_DIR="$cache/run" timeout "$OP_TIMEOUT" "$SKOPEO" copy --retry-times 0 "$@" \
        >>"$logf" 2>&1 7>&- 8>&- 9>&- || rc=$?
    t1=$(date +%s.%N)
    rm -rf "$cache"
    ((rc == 0)) || return "$rc"
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'
}

# one_round <reg> <img> <run id> <record: 1|0>: push then pull; records seconds when asked. Non-zero on failure.
one_round() {
    local reg=$1 img=$2 run=$3 record=$4
    local repo="bench/$img-$reg-$run" logf="$WORK/logs/skopeo-$reg-$img-$run.log"
    local ref="docker://127.0.0.1:${PORT[$reg]}/$repo:$run"
    local s c0 i0 k0 c1 i1 k1
    read -r c0 i0 k0 <<<"$(server_ticks "$reg")"
    if ! s=$(copy "push-$reg-$img-$run" "$logf" --dest-tls-verify=false "oci:$WORK/images/$img:$TAG" "$ref"); then
        tail -n 15 "$logf" >&2
        NOT_MEASURED[$reg]="push of '$img' ($run) failed: $(tail -n 1 "$logf" | cut -c1-300)"
        return 1
    fi
    read -r c1 i1 k1 <<<"$(server_ticks "$reg")"
    if ((record)); then
        SECS[$reg,$img,push]+="$s "; SCPU[$reg,$img,push]+="$((c1 - c0)) "; ICPU[$reg,$img,push]+="$((i1 - i0)) "
        KCPU[$reg,$img,push]+="$((k1 - k0)) "
    fi
    log "  $reg $img $run push ${s}s"
    local dest="$WORK/pulled/$reg-$img-$run"
    rm -rf "$dest"; mkdir -p "$WORK/pulled"
    read -r c0 i0 k0 <<<"$(server_ticks "$reg")"
    if ! s=$(copy "pull-$reg-$img-$run" "$logf" --src-tls-verify=false "$ref" "oci:$dest:$TAG"); then
        tail -n 15 "$logf" >&2
        NOT_MEASURED[$reg]="pull of '$img' ($run) failed: $(tail -n 1 "$logf" | cut -c1-300)"
        return 1
    fi
    read -r c1 i1 k1 <<<"$(server_ticks "$reg")"
    # What came back must be what went in: the same manifest digest, hence the same layers and config
    # (skopeo verified every blob against its digest while writing the layout).
    local want got
    want=$(grep -o '"digest":"sha256:[0-9a-f]*"' "$WORK/images/$img/index.json" | head -n 1)
    got=$(grep -o '"digest":"sha256:[0-9a-f]*"' "$dest/index.json" 2>/dev/null | head -n 1 || true)
    if [[ -z $got || $got != "$want" ]]; then
        NOT_MEASURED[$reg]="pull of '$img' ($run) returned manifest ${got:-none}, pushed $want"
        return 1
    fi
    rm -rf "$dest"
    if ((record)); then
        SECS[$reg,$img,pull]+="$s "; SCPU[$reg,$img,pull]+="$((c1 - c0)) "; ICPU[$reg,$img,pull]+="$((i1 - i0)) "
        KCPU[$reg,$img,pull]+="$((k1 - k0)) "
    fi
    log "  $reg $img $run pull ${s}s"
}

ACTIVE=()
if ((want_ref)); then start_reference; ACTIVE+=(reference); fi
if ((want_berth)); then
    if start_berth; then
        ACTIVE+=(berth)
    else
        NOT_MEASURED[berth]="$BERTH_REASON"
        log "Berth not measured: $BERTH_REASON"
    fi
fi

if ((WARMUP > 0)); then
    for reg in "${ACTIVE[@]}"; do
        for ((w = 1; w <= WARMUP; w++)); do
            log "warm-up $w/$WARMUP on $reg (small image, not counted)"
            one_round "$reg" small "warmup$w" 0 || log "warm-up failed on $reg: ${NOT_MEASURED[$reg]}"
        done
    done
fi

for img in "${IMAGES[@]}"; do
    for ((i = 1; i <= RUNS; i++)); do
        for reg in "${ACTIVE[@]}"; do
            [[ -n ${NOT_MEASURED[$reg]:-} ]] && continue
            one_round "$reg" "$img" "run$i" 1 || log "$reg: ${NOT_MEASURED[$reg]}"
        done
    done
done

# ---------------------------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------------------------
# stats <payload bytes> <seconds…>: "median min max" in MiB/s (median of the throughputs).
stats() {
    local bytes=$1; shift
    printf '%s\n' "$@" | awk -v b="$bytes" 'NF {print b / 1048576 / $1}' | sort -g | awk '
        {v[NR] = $1}
        END {
            if (NR == 0) exit
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.1f %.1f %.1f", m, v[1], v[NR]
        }'
}

cell() { # cell <reg> <img> <op>: "median (min–max)" or a dash
    local s=${SECS[$1,$2,$3]:-}
    if [[ -z $s ]]; then echo "—"; return; fi
    # shellcheck disable=SC2086
    read -r med lo hi <<<"$(stats "${PAYLOAD[$2]}" $s)"
    if [[ $RUNS -gt 1 ]]; then echo "$med ($lo–$hi)"; else echo "$med"; fi
}
median_of() {
    local s=${SECS[$1,$2,$3]:-}
    [[ -n $s ]] || return 0
    # shellcheck disable=SC2086
    stats "${PAYLOAD[$2]}" $s | awk '{print $1}'
}

now_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cpu_model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || true)
[[ -n $cpu_model ]] || cpu_model=$(uname -m)
mem_gib=$(awk '/^MemTotal:/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
fs_type=$(df -T "$WORK" 2>/dev/null | awk 'NR == 2 {print $2}')
skopeo_version=$("$SKOPEO" --version 2>/dev/null | awk '{print $3}')
registry_version=$( ((want_ref)) && "$DOCKER_REGISTRY" --version 2>/dev/null | awk '{print $NF}' || echo "not used")
java_version=$(command -v java >/dev/null && java -version 2>&1 | head -n 1 | sed 's/"//g' || echo "not used")
berth_commit=$(git -C "$REPO_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $berth_commit != unknown && -n $(git -C "$REPO_ROOT" status --porcelain -- services/image-service 2>/dev/null) ]]; then
    berth_commit+=" + uncommitted changes in services/image-service"
fi

results_table() {
    echo "| image | operation | reference MiB/s | Berth MiB/s | Berth / reference |"
    echo "|---|---|---:|---:|---:|"
    local img op ref berth ratio
    for img in "${IMAGES[@]}"; do
        for op in push pull; do
            ref=$(median_of reference "$img" "$op"); berth=$(median_of berth "$img" "$op")
            ratio="—"
            if [[ -n $ref && -n $berth ]]; then ratio=$(awk -v a="$berth" -v b="$ref" 'BEGIN {printf "%.2f", a / b}'); fi
            echo "| $img: ${IMAGE_LABEL[$img]} | $op | $(cell reference "$img" "$op") | $(cell berth "$img" "$op") | $ratio |"
        done
    done
}

raw_table() {
    echo "| registry | image | operation | seconds | registry CPU ticks | Kafka + PostgreSQL CPU ticks | skopeo CPU ticks |"
    echo "|---|---|---|---|---|---|---|"
    local reg img op
    for reg in reference berth; do
        for img in "${IMAGES[@]}"; do
            for op in push pull; do
                [[ -n ${SECS[$reg,$img,$op]:-} ]] || continue
                echo "| $reg | $img | $op | ${SECS[$reg,$img,$op]% } | ${SCPU[$reg,$img,$op]% } | ${ICPU[$reg,$img,$op]% } | ${KCPU[$reg,$img,$op]% } |"
            done
        done
    done
}

# cpu_median <array name> <reg> <img> <op>: median CPU seconds per copy, or a dash.
cpu_median() {
    local -n arr=$1
    local t=${arr[$2,$3,$4]:-}
    if [[ -z $t ]]; then echo "—"; return; fi
    printf '%s\n' $t | sort -n | awk -v hz="$CLK_TCK" '
        {v[NR] = $1}
        END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m / hz}'
}

cpu_table() {
    echo "| image | operation | docker-registry | skopeo (vs reference) | Berth image-service | Berth Kafka + PostgreSQL | skopeo (vs Berth) |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    local img op
    for img in "${IMAGES[@]}"; do
        for op in push pull; do
            echo "| $img | $op | $(cpu_median SCPU reference "$img" "$op") | $(cpu_median KCPU reference "$img" "$op")" \
                "| $(cpu_median SCPU berth "$img" "$op") | $(cpu_median ICPU berth "$img" "$op")" \
                "| $(cpu_median KCPU berth "$img" "$op") |"
        done
    done
}

verdict() {
    local img op ref berth below="" measured=0
    for img in "${IMAGES[@]}"; do
        for op in push pull; do
            ref=$(median_of reference "$img" "$op"); berth=$(median_of berth "$img" "$op")
            [[ -n $ref && -n $berth ]] || continue
            measured=1
            if awk -v a="$berth" -v b="$ref" 'BEGIN {exit !(a < b)}'; then below+="${below:+, }$img $op"; fi
        done
    done
    if ((!measured)); then
        echo "Goal (Berth / reference ≥ 1 on both images): **not evaluated** — the Berth column is not measured."
    elif [[ -z $below ]]; then
        echo "Goal (Berth / reference ≥ 1 on both images): **met** in this run."
    else
        echo "Goal (Berth / reference ≥ 1 on both images): **not met** in this run (below 1: $below)."
    fi
}

report() {
    echo "Measured $now_utc with \`bench/registry/run.sh\` (RUNS=$RUNS, WARMUP=$WARMUP; Berth commit $berth_commit)."
    echo
    echo "Machine: $(nproc) CPUs ($cpu_model), $mem_gib GiB RAM, Linux $(uname -r), work dir on ${fs_type:-?};"
    echo "skopeo $skopeo_version, docker-registry $registry_version, $java_version."
    echo
    echo "Payload per copy: big $(awk -v b="${PAYLOAD[big]}" 'BEGIN {printf "%.1f", b / 1048576}') MiB," \
        "small $(awk -v b="${PAYLOAD[small]}" 'BEGIN {printf "%.1f", b / 1048576}') MiB (layers + config + manifest)." \
        "Cells: median MiB/s over the runs (min–max); ratio of the medians."
    echo
    results_table
    echo
    verdict
    echo
    echo "CPU per copy (user + system seconds while skopeo ran, median of the runs; on $(nproc) CPUs client and server"
    echo "compete for the same cores, so CPU spent by either shows up in the wall time):"
    echo
    cpu_table
    local reg
    for reg in reference berth; do
        if [[ -n ${NOT_MEASURED[$reg]:-} ]]; then
            echo
            echo "**$reg not measured (or incomplete):** ${NOT_MEASURED[$reg]}"
        fi
    done
}

mkdir -p "$RESULTS_DIR"
results_file="$RESULTS_DIR/$(date -u +%Y-%m-%dT%H%MZ).md"
{
    echo "# Registry push/pull throughput — $now_utc"
    echo
    report
    echo
    echo "Per run: wall seconds of one skopeo copy; CPU ticks ($CLK_TCK per second) of the registry process and of Berth's"
    echo "Kafka broker (the launcher JVM) + PostgreSQL, and of skopeo, while it ran; one value per run:"
    echo
    raw_table
} >"$results_file"
echo
report
echo
log "results written to ${results_file#"$REPO_ROOT"/}"

# docs/benchmarks.md: only the part between the markers is generated; the rest is left as it is.
BEGIN_MARK="<!-- BEGIN bench/registry/run.sh results (generated; edits here are overwritten) -->"
END_MARK="<!-- END bench/registry/run.sh results -->"
if [[ $UPDATE_DOCS == 1 ]]; then
    generated="$WORK/generated.md"
    {
        echo "$BEGIN_MARK"
        echo
        report
        echo
        echo "Raw numbers: [\`bench/registry/results/$(basename "$results_file")\`](../bench/registry/results/$(basename "$results_file"))."
        echo
        echo "$END_MARK"
    } >"$generated"
    if [[ -f $DOCS_FILE ]] && grep -qF "$BEGIN_MARK" "$DOCS_FILE" && grep -qF "$END_MARK" "$DOCS_FILE"; then
        awk -v b="$BEGIN_MARK" -v e="$END_MARK" -v g="$generated" '
            $0 == b {while ((getline line < g) > 0) print line; skip = 1; next}
            $0 == e {skip = 0; next}
            !skip {print}' "$DOCS_FILE" >"$DOCS_FILE.tmp.$$"
        mv "$DOCS_FILE.tmp.$$" "$DOCS_FILE"
        log "updated the generated section of ${DOCS_FILE#"$REPO_ROOT"/}"
    else
        {
            [[ -f $DOCS_FILE ]] && { cat "$DOCS_FILE"; echo; }
            [[ -f $DOCS_FILE ]] || { echo "# Benchmarks"; echo; }
            echo "## Registry push/pull throughput"
            echo
            echo "Reproduce with \`bench/registry/run.sh\` (see the comment at its top)."
            echo
            cat "$generated"
        } >"$DOCS_FILE.tmp.$$"
        mv "$DOCS_FILE.tmp.$$" "$DOCS_FILE"
        log "wrote the registry section of ${DOCS_FILE#"$REPO_ROOT"/}"
    fi
fi

for reg in $REGISTRIES; do
    [[ -z ${NOT_MEASURED[$reg]:-} ]] || exit 2
done
exit 0
