#!/usr/bin/env bash
# Throughput and latency of the 304 path through lb.jar, against one replica directly and against nginx
# (optionally HAProxy) configured as the same round-robin load balancer over the same three replicas,
# with the same wrk settings in the same run. Issue 3, "Performance". Writes results/lb-throughput/<run>/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/lb/bench"
# The balancer configs are shared with the cluster launcher (--balancer nginx|haproxy), which ships them in lb.jar.
CONFIGS="$ROOT/lb/src/main/resources/dev/etaglab/lb/cluster"
# shellcheck source=scripts/ports.sh
source "$ROOT/scripts/ports.sh"
COMMAND_LINE=$(printf '%q ' "$0" "$@"); COMMAND_LINE=${COMMAND_LINE% }

usage() {
  cat <<'USAGE'
Usage: scripts/bench-lb.sh [OPTIONS]

Starts 3 replicas + lb.jar (./lab cluster up) and nginx as the same round-robin LB over the same
replicas, then runs wrk against: one replica directly, lb.jar, nginx (and HAProxy with --haproxy).
Every process it starts is stopped on exit, Ctrl-C or TERM.

Options:
  --duration D      measured wrk run per target (default 20s; wrk units: 5s, 1m)
  --warmup S        warm-up before each measured run: at least S seconds of the same load, in 2 s slices,
                    until throughput stops rising (default 10s; 0 = none)
  --warmup-max S    give up waiting for a steady throughput after S seconds (default 60s)
  --threads N       wrk threads (default 2)
  --connections N   wrk connections (default 50)
  --rounds N        measure every target N times, rotating the order; the summary takes medians (default 1)
  --mode M          304 (default: If-None-Match with the current ETag), 200 (no validator), or both
  --pace MS         open the throttle: each connection waits MS ms after every response before its next
                    request, so every target gets the same offered load (about connections × 1000 / MS req/s)
                    below its capacity, and the latency added is the hop's, not queueing (default: off,
                    closed loop at full speed)
  --haproxy         also measure HAProxy as a second reference LB
  --profile         after the measured runs, one more lb.jar run per mode under async-profiler (CPU
                    samples, fetched from Maven Central with ./lab mvn): flame graph, collapsed stacks
                    and a breakdown in profile/; its numbers are not in results.tsv (the profiler costs CPU)
  --syscalls        after the measured runs, one more run per target and mode with perf counting the system
                    calls of the target's processes (perf's syscall tracepoints; needs root or a low
                    kernel.perf_event_paranoid): system calls per request by kind, in syscalls/; not in
                    results.tsv (tracing costs CPU)
  --out DIR         result directory (default results/lb-throughput/<UTC time>-<commit>)
  -h, --help        this text

Needs wrk, nginx and curl (and perf with --syscalls; installed with apt-get when missing and running as root), and a JDK >= 21
(through ./lab). Builds the jars with ./lab when they are missing or stale.
USAGE
}

# ---------------------------------------------------------------- options

DURATION=20s
WARMUP=10
WARMUP_MAX=60
WARMUP_SLICE=2
THREADS=2
CONNECTIONS=50
ROUNDS=1
MODE=304
WITH_HAPROXY=false
WITH_PROFILE=false
WITH_SYSCALLS=false
PACE_MS=
OUT=

die() { echo "bench-lb: $*" >&2; exit 1; }
log() { echo "bench-lb: $*" >&2; }

parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) DURATION=${2:?--duration needs a value}; shift 2 ;;
      --warmup) WARMUP=${2:?--warmup needs a value}; shift 2 ;;
      --warmup-max) WARMUP_MAX=${2:?--warmup-max needs a value}; shift 2 ;;
      --threads) THREADS=${2:?--threads needs a value}; shift 2 ;;
      --connections) CONNECTIONS=${2:?--connections needs a value}; shift 2 ;;
      --rounds) ROUNDS=${2:?--rounds needs a value}; shift 2 ;;
      --mode) MODE=${2:?--mode needs a value}; shift 2 ;;
      --haproxy) WITH_HAPROXY=true; shift ;;
      --profile) WITH_PROFILE=true; shift ;;
      --syscalls) WITH_SYSCALLS=true; shift ;;
      --pace) PACE_MS=${2:?--pace needs a value}; shift 2 ;;
      --out) OUT=${2:?--out needs a value}; shift 2 ;;
      --duration=*|--warmup=*|--warmup-max=*|--threads=*|--connections=*|--rounds=*|--mode=*|--pace=*|--out=*)
        local name=${1%%=*}; set -- "$name" "${1#*=}" "${@:2}"; continue ;;
      -h|--help) usage; exit 0 ;;
      *) usage >&2; die "unknown option '$1'" ;;
    esac
  done
  [[ $DURATION =~ ^[1-9][0-9]*[smh]?$ ]] || die "--duration '$DURATION' is not a wrk duration (e.g. 20s)"
  [[ $WARMUP =~ ^[0-9]+s?$ ]] || die "--warmup '$WARMUP' is not a number of seconds (e.g. 10s, or 0)"
  [[ $WARMUP_MAX =~ ^[0-9]+s?$ ]] || die "--warmup-max '$WARMUP_MAX' is not a number of seconds (e.g. 60s)"
  WARMUP=${WARMUP%s}; WARMUP_MAX=${WARMUP_MAX%s}
  [ "$WARMUP_MAX" -ge "$WARMUP" ] || WARMUP_MAX=$WARMUP
  [[ $THREADS =~ ^[1-9][0-9]*$ ]] || die "--threads must be a positive integer"
  [[ $CONNECTIONS =~ ^[1-9][0-9]*$ ]] || die "--connections must be a positive integer"
  [[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
  [ -z "$PACE_MS" ] || [[ $PACE_MS =~ ^[1-9][0-9]*$ ]] || die "--pace must be a positive number of milliseconds"
  # wrk needs at least one connection per thread.
  [ "$CONNECTIONS" -ge "$THREADS" ] || die "--connections must be >= --threads"
  case "$MODE" in 304) MODES=(304) ;; 200) MODES=(200) ;; both) MODES=(304 200) ;;
    *) die "--mode must be 304, 200 or both" ;; esac
}

# ---------------------------------------------------------------- tools

# Installs only the Debian packages this benchmark runs; nothing else is ever downloaded.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx)
  command -v curl >/dev/null || missing+=(curl)
  if $WITH_HAPROXY; then command -v haproxy >/dev/null || missing+=(haproxy); fi
  if $WITH_SYSCALLS; then command -v perf >/dev/null || missing+=(linux-perf); fi
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  log "installing ${missing[*]} with apt-get"
  apt-get update -qq
  # The nginx package tries to start the system nginx; in containers policy-rc.d refuses, elsewhere it
  # runs on :80 and does not interfere with ours (own config, own port).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------- process lifetime

TMP=
CLUSTER_PID=
NGINX_PID=
HAPROXY_PID=
WRK_PID=
WRK_JOB=
PERF_PIDS=()

# Live (non-zombie) members of a process group. Each daemon is started with setsid, so its pid is its
# group id and the group holds everything it spawned (the cluster's replica JVMs, nginx's workers).
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# Asks the group leader to stop (the cluster launcher then stops its children in order), then the whole
# group, then kills what is left: nothing survives the script.
stop_group() { # $1 = pid (= pgid), $2 = name, $3 = grace seconds for the leader
  local pid=$1 name=$2 grace=${3:-10} i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do group_alive "$pid" || break; sleep 0.1; done
  if group_alive "$pid"; then
    log "$name: still running after ${grace}s, sending TERM to its group"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do group_alive "$pid" || break; sleep 0.1; done
  fi
  if group_alive "$pid"; then
    log "$name: killing its group"
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

kill_tree() { # $1 = pid: its descendants first, then itself
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  local perf
  for perf in "${PERF_PIDS[@]}"; do kill -INT "$perf" 2>/dev/null; wait "$perf" 2>/dev/null; done
  # wrk runs under a shell that reads its CPU time, and under a subshell while perf counts.
  [ -n "$WRK_PID" ] && { kill_tree "$WRK_PID"; wait "$WRK_PID" 2>/dev/null; }
  [ -n "$WRK_JOB" ] && { kill_tree "$WRK_JOB"; wait "$WRK_JOB" 2>/dev/null; }
  stop_group "$HAPROXY_PID" haproxy 5
  stop_group "$NGINX_PID" nginx 5
  stop_group "$CLUSTER_PID" cluster 30
  if [ "$rc" -ne 0 ] && [ -n "$OUT" ] && [ -d "$OUT" ]; then
    # Partial results must not be mistaken for a run (or committed as one).
    echo "exit code $rc before the run finished; these files are partial" >"$OUT/INCOMPLETE"
    log "partial results left in $OUT (marked INCOMPLETE)"
  fi
  # Logs help after a failure, not after Ctrl-C or TERM.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ] && [ -n "$TMP" ]; then
    for f in "$TMP"/cluster.out "$TMP"/cluster/lb.log "$TMP"/nginx/error.log "$TMP"/haproxy.out; do
      [ -s "$f" ] && { echo "--- last lines of $f" >&2; tail -n 15 "$f" >&2; }
    done
  fi
  [ -n "$TMP" ] && rm -rf "$TMP"
  exit "$rc"
}

# ---------------------------------------------------------------- the system under test


REPLICA_URLS=()
REPLICA0_PID=
REPLICA_PIDS=()
LB_PID=
LB_URL=
METRICS_URL=

start_cluster() {
  log "starting 3 replicas + lb.jar (./lab cluster up; builds the jars first if they are stale)"
  setsid "$ROOT/lab" cluster up --replicas 3 --work-dir "$TMP/cluster" --fresh >"$TMP/cluster.out" 2>&1 &
  CLUSTER_PID=$!
  # The URLs are printed after "cluster up"; the "Ctrl-C" line is the last one, so all of them are there.
  local deadline=$((SECONDS + 600))
  until grep -q '^Ctrl-C' "$TMP/cluster.out" 2>/dev/null; do
    kill -0 "$CLUSTER_PID" 2>/dev/null && [ "$(ps -o stat= -p "$CLUSTER_PID")" != Z ] \
      || die "./lab cluster up exited before the cluster was up"
    [ $SECONDS -lt $deadline ] || die "the cluster was not up within 600 s"
    sleep 0.2
  done
  LB_URL=$(sed -n 's/^load balancer: *//p' "$TMP/cluster.out")
  METRICS_URL=$(sed -n 's/^metrics: *//p' "$TMP/cluster.out")
  mapfile -t REPLICA_URLS < <(sed -n 's/^replica-[0-9]*: *//p' "$TMP/cluster.out")
  # "  lb (pid N) healthy on ...": the processes whose CPU time each target is charged with.
  LB_PID=$(sed -n 's/^ *lb (pid \([0-9]*\)) healthy.*/\1/p' "$TMP/cluster.out")
  REPLICA0_PID=$(sed -n 's/^ *replica-0 (pid \([0-9]*\)) healthy.*/\1/p' "$TMP/cluster.out")
  mapfile -t REPLICA_PIDS < <(sed -n 's/^ *replica-[0-9]* (pid \([0-9]*\)) healthy.*/\1/p' "$TMP/cluster.out")
  [ -n "$LB_PID" ] && [ -n "$REPLICA0_PID" ] && [ ${#REPLICA_PIDS[@]} -eq 3 ] \
    || die "could not read the lb.jar and replica pids from the cluster's output"
  [ -n "$LB_URL" ] && [ -n "$METRICS_URL" ] && [ ${#REPLICA_URLS[@]} -eq 3 ] \
    || die "could not read the cluster's URLs from its output"
  log "lb.jar on $LB_URL, replicas ${REPLICA_URLS[*]}"
}

# host:port of each replica, for the LB configs.
replica_authorities() {
  local url
  for url in "${REPLICA_URLS[@]}"; do url=${url#http://}; echo "${url%%/*}"; done
}

# Waits until $1 answers HTTP at all (any status), or the process $2 died.
await_http() { # $1 = url, $2 = pid, $3 = name
  local i
  for ((i = 0; i < 100; i++)); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

NGINX_URL=
start_nginx() {
  local dir="$TMP/nginx" attempt port servers
  mkdir -p "$dir"
  # Workers drop to an unprivileged user when nginx runs as root; they must be able to reach the temp dirs.
  chmod 755 "$TMP" "$dir"
  servers=$(replica_authorities | sed 's/.*/        server &;/')
  for attempt in 1 2 3; do
    port=$(free_port)
    awk -v prefix="$dir" -v port="$port" -v servers="$servers" '
      { gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); gsub(/@ACCESS_LOG@/, "off") }
      /@UPSTREAM_SERVERS@/ { print servers; next }
      { print }' "$CONFIGS/nginx.conf.template" >"$dir/nginx.conf"
    nginx -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" || die "nginx rejected $dir/nginx.conf"
    # Foreground master (daemon off) in its own session: $! is the master, its group holds the workers.
    setsid nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
    NGINX_PID=$!
    if await_http "http://127.0.0.1:$port/resource" "$NGINX_PID" nginx; then
      NGINX_URL="http://127.0.0.1:$port/resource"
      log "nginx $(nginx_version) on $NGINX_URL"
      return
    fi
    stop_group "$NGINX_PID" nginx 5; NGINX_PID=
    log "nginx did not come up on port $port (attempt $attempt)"
  done
  die "nginx did not start; see $dir/error.log"
}

HAPROXY_URL=
start_haproxy() {
  local dir="$TMP/haproxy" attempt port servers
  mkdir -p "$dir"
  servers=$(replica_authorities | awk '{ printf "    server replica-%d %s\n", NR - 1, $0 }')
  for attempt in 1 2 3; do
    port=$(free_port)
    awk -v prefix="$dir" -v port="$port" -v threads="$(nproc)" -v servers="$servers" '
      { gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); gsub(/@THREADS@/, threads) }
      /@BACKEND_SERVERS@/ { print servers; next }
      /@EGRESS_LOG@/ { next }
      { print }' "$CONFIGS/haproxy.cfg.template" >"$dir/haproxy.cfg"
    haproxy -c -q -f "$dir/haproxy.cfg" >"$TMP/haproxy.out" 2>&1 || die "haproxy rejected $dir/haproxy.cfg: $(grep ALERT "$TMP/haproxy.out" | head -n 3)"
    setsid haproxy -db -f "$dir/haproxy.cfg" >"$TMP/haproxy.out" 2>&1 &
    HAPROXY_PID=$!
    if await_http "http://127.0.0.1:$port/resource" "$HAPROXY_PID" haproxy; then
      HAPROXY_URL="http://127.0.0.1:$port/resource"
      log "$(haproxy_version) on $HAPROXY_URL"
      return
    fi
    stop_group "$HAPROXY_PID" haproxy 5; HAPROXY_PID=
    log "haproxy did not come up on port $port (attempt $attempt)"
  done
  die "haproxy did not start; see $TMP/haproxy.out"
}

# ---------------------------------------------------------------- what is measured

ETAG=
TARGETS=()          # names, in measuring order
declare -A URL_OF

read_etag() {
  local url etag
  ETAG=$(curl -sf -o /dev/null -D - "${REPLICA_URLS[0]}" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p')
  [ -n "$ETAG" ] || die "replica-0 sent no ETag"
  # The 304 path through a balancer only exists when every replica agrees on the validator.
  for url in "${REPLICA_URLS[@]}"; do
    etag=$(curl -sf -o /dev/null -D - "$url" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *//p')
    [ "$etag" = "$ETAG" ] || die "$url sends ETag $etag, replica-0 sends $ETAG: the 304 path would not be measured"
  done
  log "ETag $ETAG on every replica"
}

# One request per replica and then some through each target must give the expected status, and a 304 no
# body: otherwise wrk would happily measure something else at full speed.
verify_path() { # $1 = mode
  local mode=$1 target status size i
  for target in "${TARGETS[@]}"; do
    for ((i = 0; i < 6; i++)); do
      if [ "$mode" = 304 ]; then
        read -r status size < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' \
          -H "If-None-Match: $ETAG" "${URL_OF[$target]}")
        [ "$status" = 304 ] && [ "$size" = 0 ] \
          || die "$target answered $status with $size body bytes to If-None-Match: $ETAG (expected 304, empty)"
      else
        read -r status size < <(curl -s -o /dev/null -w '%{http_code} %{size_download}\n' "${URL_OF[$target]}")
        [ "$status" = 200 ] && [ "$size" -gt 0 ] \
          || die "$target answered $status with $size body bytes (expected 200 with the document)"
      fi
    done
  done
  log "path $mode verified: every target answers $mode"
}

# Sum of lb.jar's lb_responses_total by code ("304" or "other"), to prove what the LB really answered.
lb_responses() { # $1 = 304 | other
  curl -sf "$METRICS_URL" | awk -v want="$1" '
    /^lb_responses_total\{/ {
      code = $0; sub(/.*code="/, "", code); sub(/".*/, "", code)
      if ((want == "304") == (code == "304")) n += $NF
    }
    END { printf "%d\n", n }'
}

# A backend ejected under load (a health probe that timed out) sends its share to the other two, which
# changes what is measured; the count goes into the results next to the numbers it affects.
lb_ejections() {
  curl -sf "$METRICS_URL" | awk '/^lb_ejections_total\{/ { n += $NF } END { printf "%d\n", n }'
}

run_wrk() { # $1 = mode, $2 = url, $3 = duration, $4 = output file; wrk's CPU ticks "user system" in $TMP/wrk.cpu
  local mode=$1 url=$2 duration=$3 out=$4 header=()
  [ "$mode" = 304 ] && header=(-H "If-None-Match: $ETAG")
  # In the background, so that a TERM/INT reaches the trap now instead of after the run.
  # wrk-report.lua turns BENCH_PACE_MS into wrk's per-request delay() (unset: no delay, wrk's fast path).
  # The load generator shares the cores with what it measures, so its CPU time is part of the picture: the
  # wrapping shell reads it from its own stat once wrk has been waited for (cutime and cstime).
  BENCH_PACE_MS=$PACE_MS sh -c '"$@"; rc=$?; sed "s/.*) //" /proc/$$/stat | cut -d" " -f14,15 >&3; exit $rc' run-wrk \
    wrk --threads "$THREADS" --connections "$CONNECTIONS" --duration "$duration" --latency \
    --script "$BENCH/wrk-report.lua" "${header[@]}" "$url" >"$out" 2>&1 3>"$TMP/wrk.cpu" &
  WRK_PID=$!
  wait "$WRK_PID" || { WRK_PID=; cat "$out" >&2; die "wrk failed against $url"; }
  WRK_PID=
}

# CPU time is what decides throughput when everything shares saturated cores, and unlike req/s it barely
# depends on what else runs on the machine: utime + stime of every process (and its finished threads) that
# does the target's work, from /proc/PID/stat, in clock ticks. direct = replica-0, lb = the lb.jar JVM,
# nginx/haproxy = every process of their group (master and workers). Replica CPU is not included.
target_pids() { # $1 = target
  case "$1" in
    direct) echo "$REPLICA0_PID" ;;
    lb) echo "$LB_PID" ;;
    nginx) ps -e -o pid=,pgid= | awk -v g="$NGINX_PID" '$2 == g { print $1 }' ;;
    haproxy) ps -e -o pid=,pgid= | awk -v g="$HAPROXY_PID" '$2 == g { print $1 }' ;;
  esac
}

# The replicas that serve the target's requests without being the target: all three behind a balancer, the
# two idle ones for direct. With the target's and wrk's, this is where the cores went.
backing_replica_pids() { # $1 = target
  local pid
  for pid in "${REPLICA_PIDS[@]}"; do [ "$1" = direct ] && [ "$pid" = "$REPLICA0_PID" ] || echo "$pid"; done
}

cpu_ticks() { # pids... -> "user system" clock ticks
  local pid
  for pid in "$@"; do
    # Fields after "pid (comm) ": the command name may contain spaces, so count from the closing parenthesis.
    sed 's/.*) //' "/proc/$pid/stat"
  done | awk '{ user += $12; kernel += $13 } END { printf "%d %d\n", user, kernel }'
}

us_per_request() { # $1 = clock ticks, $2 = requests
  awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v r="$2" 'BEGIN { printf "%.1f", t / hz * 1e6 / r }'
}

report_value() { awk -v k="$2" '$1 == "report" && $2 == k { print $3 }' "$1"; }

# A cold lb.jar needs 10-30 s of load on 2 shared cores before C2 has compiled its hot paths (measured here
# during a concurrent build: ~0.4k 304/s in the first second, ~13k after 20 s), so a fixed short warm-up
# would measure the JIT, not the proxy. Load
# in slices until the rate stops rising: at least WARMUP s, at most WARMUP_MAX s. Every target gets the
# same rule; the slices are kept in the raw warm-up file and the time spent goes into results.tsv.
WARMED_S=0
warm_up() { # $1 = mode, $2 = url, $3 = raw output file
  local mode=$1 url=$2 raw=$3 slice=$OUT/raw/.slice rates=() n
  WARMED_S=0
  [ "$WARMUP" -gt 0 ] || return 0
  : >"$raw"
  while [ "$WARMED_S" -lt "$WARMUP_MAX" ]; do
    run_wrk "$mode" "$url" "${WARMUP_SLICE}s" "$slice"
    WARMED_S=$((WARMED_S + WARMUP_SLICE))
    rates+=("$(awk '$1 == "report" && $2 == "requests" { r = $3 } $1 == "report" && $2 == "duration_us" { d = $3 }
      END { printf "%d\n", (d > 0 ? r / (d / 1e6) : 0) }' "$slice")")
    n=${#rates[@]}
    { echo "=== warm-up slice ending at ${WARMED_S}s: ${rates[n - 1]} req/s"; cat "$slice"; } >>"$raw"
    # Steady = the last two slices together are at most 5% above the two before them. Pairs, because
    # single slices on a shared machine dip and jump while the JIT is still climbing.
    if [ "$WARMED_S" -ge "$WARMUP" ] && [ "$n" -ge 4 ] \
      && [ $(( (rates[n - 1] + rates[n - 2]) * 100 )) -le $(( (rates[n - 3] + rates[n - 4]) * 105 )) ]; then
      rm -f "$slice"; return 0
    fi
  done
  rm -f "$slice"
  log "  warning: throughput still rising after ${WARMED_S}s of warm-up (raise --warmup-max)"
}

RESULTS_TSV=
measure() { # $1 = mode, $2 = round, $3 = target
  local mode=$1 round=$2 target=$3 url=${URL_OF[$3]} raw lb304 lbother lbeject ejections=
  raw="$OUT/raw/$mode-$target-round$round.txt"
  warm_up "$mode" "$url" "$OUT/raw/$mode-$target-round$round-warmup.txt"
  [ "$target" = lb ] && { lb304=$(lb_responses 304); lbother=$(lb_responses other); lbeject=$(lb_ejections); }
  local load_before; load_before=$(cut -d' ' -f1 /proc/loadavg)
  local pids replicas user_before system_before user_after system_after replicas_before replicas_after wrk_user wrk_system
  mapfile -t pids < <(target_pids "$target")
  mapfile -t replicas < <(backing_replica_pids "$target")
  [ ${#pids[@]} -gt 0 ] || die "$target: no process to charge CPU time to"
  read -r user_before system_before < <(cpu_ticks "${pids[@]}")
  replicas_before=$(cpu_ticks "${replicas[@]}" | awk '{ print $1 + $2 }')
  run_wrk "$mode" "$url" "$DURATION" "$raw"
  read -r user_after system_after < <(cpu_ticks "${pids[@]}")
  replicas_after=$(cpu_ticks "${replicas[@]}" | awk '{ print $1 + $2 }')
  read -r wrk_user wrk_system <"$TMP/wrk.cpu"
  local load_after; load_after=$(cut -d' ' -f1 /proc/loadavg)

  local requests duration_us bytes status_err socket_err bytes_per_response
  requests=$(report_value "$raw" requests)
  duration_us=$(report_value "$raw" duration_us)
  bytes=$(report_value "$raw" bytes)
  [ -n "$requests" ] && [ "$requests" -gt 0 ] || die "$target: wrk reported no requests (see $raw)"
  status_err=$(report_value "$raw" errors_status)
  socket_err=$(( $(report_value "$raw" errors_connect) + $(report_value "$raw" errors_read) \
    + $(report_value "$raw" errors_write) + $(report_value "$raw" errors_timeout) ))
  [ "$status_err" -eq 0 ] || die "$target: $status_err responses with status >= 400 (see $raw)"
  # wrk cannot tell 304 from 200, but their sizes differ by ~20 KiB: a 304 run must average a few hundred bytes.
  bytes_per_response=$((bytes / requests))
  if [ "$mode" = 304 ] && [ "$bytes_per_response" -gt 2048 ]; then
    die "$target: $bytes_per_response bytes per response, so not 304s (see $raw)"
  fi
  if [ "$target" = lb ]; then
    local d304=$(( $(lb_responses 304) - lb304 )) dother=$(( $(lb_responses other) - lbother ))
    ejections=$(( $(lb_ejections) - lbeject ))
    if [ "$mode" = 304 ] && [ "$dother" -gt 0 ]; then
      die "lb.jar's /metrics counted $dother non-304 responses during the 304 run"
    fi
    log "  lb.jar /metrics during the run: $d304 × 304, $dother other, $ejections ejections (wrk completed $requests)"
  fi
  # User time is the process's own work (parsing, routing, copying); system time is the kernel's share
  # (socket reads and writes, waking the peer, polling): they separate what the code costs from what the
  # socket traffic costs.
  local cpu_us_per_request user_us_per_request system_us_per_request
  user_us_per_request=$(us_per_request $((user_after - user_before)) "$requests")
  system_us_per_request=$(us_per_request $((system_after - system_before)) "$requests")
  cpu_us_per_request=$(us_per_request $((user_after - user_before + system_after - system_before)) "$requests")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$round" "$target" "$requests" \
    "$duration_us" "$bytes_per_response" "$(report_value "$raw" latency_p50_us)" \
    "$(report_value "$raw" latency_p90_us)" "$(report_value "$raw" latency_p99_us)" \
    "$(report_value "$raw" latency_p99.9_us)" "$socket_err" "$load_before" "$load_after" "$ejections" "$WARMED_S" "$url" \
    "$cpu_us_per_request" "$user_us_per_request" "$system_us_per_request" \
    "$(us_per_request $((replicas_after - replicas_before)) "$requests")" \
    "$(us_per_request $((wrk_user + wrk_system)) "$requests")" >>"$RESULTS_TSV"
  awk -F'\t' 'END { printf "bench-lb:   %-8s %10.0f req/s  p50 %.3f ms  p99 %.3f ms  %s CPU-us/request (replicas %s, wrk %s)  (%s B/response, %s socket errors, warm-up %ss)\n",
    $3, $4 / ($5 / 1e6), $7 / 1000, $9 / 1000, $17, $20, $21, $6, $11, $15 }' "$RESULTS_TSV" >&2
}

# Rotating the order between rounds spreads slow drifts (other jobs, thermal) over all targets.
measure_all() {
  local mode round i n=${#TARGETS[@]}
  printf 'mode\tround\ttarget\trequests\tduration_us\tbytes_per_response\tp50_us\tp90_us\tp99_us\tp99_9_us\tsocket_errors\tload1_before\tload1_after\tlb_ejections\twarmup_s\turl\tcpu_us_per_request\tuser_us_per_request\tsystem_us_per_request\treplicas_cpu_us_per_request\twrk_cpu_us_per_request\n' >"$RESULTS_TSV"
  for mode in "${MODES[@]}"; do
    verify_path "$mode"
    for ((round = 1; round <= ROUNDS; round++)); do
      for ((i = 0; i < n; i++)); do
        local target=${TARGETS[$(((i + round - 1) % n))]}
        log "mode $mode, round $round/$ROUNDS: $target (${URL_OF[$target]}), warm-up ${WARMUP}-${WARMUP_MAX}s + $DURATION"
        measure "$mode" "$round" "$target"
      done
    done
  done
}

# ---------------------------------------------------------------- reports

nginx_version() { nginx -v 2>&1 | sed 's/^nginx version: //'; }
haproxy_version() { haproxy -v 2>/dev/null | head -n 1 | sed 's/ - https.*//'; }
wrk_version() { wrk -v 2>&1 | head -n 1 | sed 's/ \[.*//; s/ Copyright.*//'; }
jdk_version() { "$ROOT/lab" java -version 2>&1 | head -n 1; }
cpu_model() { sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1; }
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\t\n' '  ')"; }

GIT_COMMIT= GIT_DIRTY= STARTED= LOAD_AT_START=
record_environment() {
  # Before anything of ours runs: tells a reader whether someone else was using the cores.
  LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
  if awk -v l="${LOAD_AT_START%% *}" -v c="$(nproc)" 'BEGIN { exit !(l > c / 4) }'; then
    log "warning: 1-minute load average is $LOAD_AT_START on $(nproc) cores before starting; the numbers will be noisy"
  fi
  GIT_COMMIT=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
  # Untracked files under results/ are this run's own output, not a change to what was measured.
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]; then GIT_DIRTY=true; else GIT_DIRTY=false; fi
  STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
}

write_metadata() {
  local finished targets_json
  finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  targets_json=$(for t in "${TARGETS[@]}"; do printf '%s: %s, ' "$(json_string "$t")" "$(json_string "${URL_OF[$t]}")"; done)
  cat >"$OUT/run.json" <<EOF
{
  "command": $(json_string "$COMMAND_LINE"),
  "git_commit": $(json_string "$GIT_COMMIT"),
  "git_dirty": $GIT_DIRTY,
  "started_utc": $(json_string "$STARTED"),
  "finished_utc": $(json_string "$finished"),
  "host": {
    "cpu_model": $(json_string "$(cpu_model)"),
    "cores": $(nproc),
    "kernel": $(json_string "$(uname -sr)"),
    "load_average_at_start": $(json_string "$LOAD_AT_START"),
    "load_average_at_end": $(json_string "$(cut -d' ' -f1-3 /proc/loadavg)")
  },
  "software": {
    "jdk": $(json_string "$(jdk_version)"),
    "nginx": $(json_string "$(nginx_version)"),
    "haproxy": $(if $WITH_HAPROXY; then json_string "$(haproxy_version)"; else echo null; fi),
    "wrk": $(json_string "$(wrk_version)")
  },
  "parameters": {
    "threads": $THREADS,
    "connections": $CONNECTIONS,
    "duration": $(json_string "$DURATION"),
    "warmup_min_s": $WARMUP,
    "warmup_max_s": $WARMUP_MAX,
    "warmup_slice_s": $WARMUP_SLICE,
    "rounds": $ROUNDS,
    "pace_ms": ${PACE_MS:-null},
    "modes": [$(printf '"%s",' "${MODES[@]}" | sed 's/,$//')],
    "replicas": 3,
    "etag_strategy": "sha256-cached",
    "etag": $(json_string "$ETAG"),
    "lb_policy": "round-robin",
    "targets": {${targets_json%, }}
  },
  "results_file": "results.tsv"
}
EOF
  cat >"$OUT/run.txt" <<EOF
command:      $COMMAND_LINE
git commit:   $GIT_COMMIT (dirty: $GIT_DIRTY)
started:      $STARTED
finished:     $finished
cpu:          $(cpu_model), $(nproc) cores
kernel:       $(uname -sr)
load average: $LOAD_AT_START (before starting), $(cut -d' ' -f1-3 /proc/loadavg) (at the end)
jdk:          $(jdk_version)
nginx:        $(nginx_version)
haproxy:      $(if $WITH_HAPROXY; then haproxy_version; else echo "not measured"; fi)
wrk:          $(wrk_version)
wrk settings: --threads $THREADS --connections $CONNECTIONS --duration $DURATION --latency (warm-up per target: ${WARMUP}-${WARMUP_MAX}s in ${WARMUP_SLICE}s slices until steady)
rounds:       $ROUNDS, modes: ${MODES[*]}
pacing:       $(if [ -n "$PACE_MS" ]; then echo "each connection waits ${PACE_MS} ms between requests (fixed offered load)"; else echo "none (closed loop at full speed)"; fi)
etag:         $ETAG (sha256-cached on 3 replicas, lb.jar round-robin)
$(for t in "${TARGETS[@]}"; do printf '%-13s %s\n' "$t:" "${URL_OF[$t]}"; done)
EOF
}

# Medians over rounds per target, then ratios to nginx and latency added over the direct replica.
write_summary() {
  local mode
  {
    echo "# lb.jar throughput: $(printf '%s and ' "${MODES[@]}" | sed 's/ and $//') path"
    echo
    echo "wrk \`--threads $THREADS --connections $CONNECTIONS --duration $DURATION\` (warm-up ${WARMUP}-${WARMUP_MAX} s per target until steady), $ROUNDS round(s);"
    if [ -n "$PACE_MS" ]; then
      echo "**Paced:** each connection waits $PACE_MS ms after every response, so every target gets the same offered load"
      echo "and req/s says nothing about capacity; the latency columns are the cost of the hop at that load."
    fi
    echo "$(nproc) cores ($(cpu_model)), load average $LOAD_AT_START before starting; commit \`${GIT_COMMIT:0:12}\`$($GIT_DIRTY && echo ' (dirty)'); $STARTED."
    echo "Generated by \`$COMMAND_LINE\`; raw wrk outputs in \`raw/\`, every number in \`results.tsv\`."
    for mode in "${MODES[@]}"; do
      echo
      echo "## $mode"
      echo
      awk -F'\t' -v mode="$mode" -v order="${TARGETS[*]}" -v paced="$PACE_MS" -v conns="$CONNECTIONS" '
        function median(list,   a, n, i, j, t) {
          n = split(list, a, " ")
          for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
          return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        NR > 1 && $1 == mode {
          rps[$3] = rps[$3] " " $4 / ($5 / 1e6)
          p50[$3] = p50[$3] " " $7; p90[$3] = p90[$3] " " $8; p99[$3] = p99[$3] " " $9
          bpr[$3] = $6; err[$3] += $11; ejections += $14; cpu[$3] = cpu[$3] " " $17
          usr[$3] = usr[$3] " " $18; sys[$3] = sys[$3] " " $19; rep[$3] = rep[$3] " " $20; gen[$3] = gen[$3] " " $21
          round_rps[$2, $3] = $4 / ($5 / 1e6); if ($2 + 0 > rounds) rounds = $2 + 0
          if (load == "" || $13 + 0 > load + 0) load = $13
        }
        END {
          n = split(order, t, " ")
          for (i = 1; i <= n; i++) {
            m_rps[t[i]] = median(rps[t[i]]); m50[t[i]] = median(p50[t[i]])
            m90[t[i]] = median(p90[t[i]]); m99[t[i]] = median(p99[t[i]]); mcpu[t[i]] = median(cpu[t[i]])
            musr[t[i]] = median(usr[t[i]]); msys[t[i]] = median(sys[t[i]])
            mrep[t[i]] = median(rep[t[i]]); mgen[t[i]] = median(gen[t[i]])
          }
          print "| target | req/s | p50 ms | p90 ms | p99 ms | × nginx req/s | added p50 ms vs direct | added p99 ms vs direct | B/response | socket errors | CPU µs/request |"
          print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
          for (i = 1; i <= n; i++) {
            x = t[i]
            added50 = x == "direct" ? "—" : sprintf("%+.3f", (m50[x] - m50["direct"]) / 1000)
            added99 = x == "direct" ? "—" : sprintf("%+.3f", (m99[x] - m99["direct"]) / 1000)
            printf "| %s | %.0f | %.3f | %.3f | %.3f | %.2f | %s | %s | %d | %d | %.1f |\n", x, m_rps[x], m50[x] / 1000,
              m90[x] / 1000, m99[x] / 1000, m_rps[x] / m_rps["nginx"], added50, added99, bpr[x], err[x], mcpu[x]
          }
          # Issue 3: lb.jar >= 1.0x nginx, and <= 1 ms added p99 at 50 connections.
          ratio = m_rps["lb"] / m_rps["nginx"]; added = (m99["lb"] - m99["direct"]) / 1000
          verdict = added < 0 ? "not measurable, see the warning" : added <= 1.0 ? "met" : "not met"
          if (paced != "")
            printf "\nIssue 3 latency target at a fixed offered load (%d connections, %s ms apart): p99 added over direct %+.3f ms (target ≤ 1 ms: %s); nginx adds %+.3f ms. The throughput target needs an unpaced run.\n",
              conns, paced, added, verdict, (m99["nginx"] - m99["direct"]) / 1000
          else
            printf "\nIssue 3 targets: lb.jar at %.2f× nginx (target ≥ 1.0: %s); p99 added over direct %+.3f ms (target ≤ 1 ms: %s).\n",
              ratio, (ratio >= 1.0 ? "met" : "not met"), added, verdict
          printf "CPU per proxied request (the balancer process alone, replicas excluded): lb.jar %.1f µs (user %.1f, system %.1f), nginx %.1f µs (user %.1f, system %.1f): %.2f×.\n",
            mcpu["lb"], musr["lb"], msys["lb"], mcpu["nginx"], musr["nginx"], msys["nginx"], mcpu["lb"] / mcpu["nginx"]
          if (paced == "") {
            # Each round measures every target minutes apart at most, so a round-by-round ratio shows how much of
            # the median is drift on a shared machine.
            met = 0; list = ""
            for (r = 1; r <= rounds; r++) {
              q = round_rps[r, "lb"] / round_rps[r, "nginx"]; list = list (r > 1 ? ", " : "") sprintf("%.2f", q)
              if (q >= 1.0) met++
            }
            printf "Per round, lb.jar ÷ nginx req/s: %s (≥ 1.0 in %d of %d).\n", list, met, rounds
          }
          printf "Backend ejections by lb.jar during its measured runs: %d. Highest 1-minute load average after a run: %s.\n",
            ejections, load
          # Everything shares the cores, so what a balancer costs the replicas and the load generator counts too.
          print "\nWhere the cores went, CPU µs per request (medians): the target process, the replicas serving it (other than"
          print "the target), and wrk.\n"
          print "| target | target process | replicas | wrk | all |"
          print "|---|---:|---:|---:|---:|"
          for (i = 1; i <= n; i++) {
            x = t[i]
            printf "| %s | %.1f | %.1f | %.1f | %.1f |\n", x, mcpu[x], mrep[x], mgen[x], mcpu[x] + mrep[x] + mgen[x]
          }
          # An extra hop adds latency; a negative p99 difference means the tail of the direct run came from something
          # else (a GC pause, another process), and the difference says nothing about the balancer.
          for (i = 1; i <= n; i++) if (t[i] != "direct" && m99[t[i]] < m99["direct"]) disturbed = disturbed " " t[i]
          if (disturbed != "")
            printf "\n**Warning:** p99 direct is above p99 through%s: the direct run was disturbed, so the added-p99 column is not meaningful; repeat with --rounds 3 on a quiet machine.\n", disturbed
        }' "$RESULTS_TSV"
    done
    if $WITH_SYSCALLS; then
      for mode in "${MODES[@]}"; do
        echo
        echo "## System calls per request, $mode path (\`--syscalls\`: one extra run per target, not in the table above)"
        echo
        echo "Counted by \`perf stat\` on each target's processes (for \`direct\`, the replica) over the middle of a wrk run;"
        echo "\`all\` is every system call, \`read → EAGAIN\` a read that found no data. Raw counts in \`syscalls/\`."
        echo
        syscalls_table "$mode" target
        echo
        echo "The three replicas behind each balancer, over the same window, per request through it:"
        echo
        syscalls_table "$mode" replicas
      done
    fi
    if $WITH_PROFILE; then
      for mode in "${MODES[@]}"; do
        echo
        echo "## Profile of lb.jar, $mode path (\`--profile\`: one extra run, not in the table above)"
        echo
        cat "$OUT/profile/$mode-lb-breakdown.md"
        echo
        echo "Flame graph \`profile/$mode-lb.html\`, stacks \`profile/$mode-lb.collapsed.gz\`, wrk's output \`profile/$mode-lb-wrk.txt\`."
      done
    fi
    echo
    echo "Medians over rounds. \`direct\` is one replica without a balancer; the LBs spread over three replicas."
    echo "wrk is closed-loop: at saturation latency ≈ connections ÷ throughput, so \"added latency\" includes"
    echo "queueing, not only the extra hop. Everything shares $(nproc) cores with wrk itself."
  } >"$OUT/summary.md"
}

# ---------------------------------------------------------------- profile (--profile)

# async-profiler's agent ships inside its Maven Central jar; the version is the parent pom's property.
PROFILER_LIB=
fetch_profiler() {
  local version arch jdk
  version=$(sed -n 's:.*<async-profiler.version>\(.*\)</async-profiler.version>.*:\1:p' "$ROOT/pom.xml")
  [ -n "$version" ] || die "no async-profiler.version in pom.xml"
  case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) die "--profile: no async-profiler build for $(uname -m)" ;; esac
  mkdir -p "$TMP/profiler"
  "$ROOT/lab" mvn -q dependency:copy -Dartifact="tools.profiler:async-profiler:$version" \
    -DoutputDirectory="$TMP/profiler" >/dev/null || die "could not fetch tools.profiler:async-profiler:$version"
  jdk=$("$ROOT/lab" jdk)
  (cd "$TMP/profiler" && "$jdk/bin/jar" xf "async-profiler-$version.jar" "$arch/libasyncProfiler.so") \
    || die "async-profiler-$version.jar has no $arch/libasyncProfiler.so"
  PROFILER_LIB="$TMP/profiler/$arch/libasyncProfiler.so"
  PROFILER_VERSION=$version
  JCMD="$jdk/bin/jcmd"
}

profiler() { # $1 = agent arguments
  # jcmd would split arguments at '=' unless the whole list is quoted once more.
  "$JCMD" "$LB_PID" JVMTI.agent_load "$PROFILER_LIB" "\"$1\"" >/dev/null || die "async-profiler: '$1' failed on pid $LB_PID"
}

# One more lb.jar run per mode with CPU sampling every millisecond (perf events, or a timer where the
# kernel forbids them). The JVM is long warm by now.
profile_lb() {
  local mode dir="$OUT/profile"
  mkdir -p "$dir"
  for mode in "${MODES[@]}"; do
    log "mode $mode: profiling lb.jar for $DURATION (async-profiler $PROFILER_VERSION; not part of results.tsv)"
    profiler "start,event=cpu,interval=1ms"
    run_wrk "$mode" "$LB_URL" "$DURATION" "$dir/$mode-lb-wrk.txt"
    profiler "dump,collapsed,file=$dir/$mode-lb.collapsed"
    profiler "stop,file=$dir/$mode-lb.html"
    profile_breakdown "$dir/$mode-lb.collapsed" >"$dir/$mode-lb-breakdown.md"
    # Megabytes of text: kept compressed (zcat it to re-analyse); the flame graph holds the same samples.
    gzip -9 "$dir/$mode-lb.collapsed"
  done
}

# Where lb.jar's CPU samples are: the share of samples whose stack contains each pattern (a sample can
# count in several rows), then the frames with the most samples of their own outside the kernel.
profile_breakdown() { # $1 = collapsed stacks
  awk '
    BEGIN {
      n = split("kernel (any kernel frame: socket reads and writes, wake-ups, epoll)|_\\[k\\]" \
        ";client leg: read and parse the request (prologue, headers, validation)|Http1Prologue|Http1Headers\\.readHeaders|validateHostHeader|HeaderDeadline" \
        ";backend leg: write the request|dev/etaglab/lb/BackendRequest" \
        ";backend leg: read and parse the response head|dev/etaglab/lb/BackendResponse\\.read" \
        ";backend leg: connection pool and timeout watch|dev/etaglab/lb/Backend(Connections|Timeout)" \
        ";client leg: send the response|Http1ServerResponse\\.(send|commit)|Forwarder\\.streamBody" \
        ";balancer bookkeeping: metrics and served-by|dev/etaglab/lb/(LbMetrics|ServedBy)" \
        ";virtual threads: park, unpark, freeze and thaw|VirtualThread\\.(park|parkNanos|unpark|yieldContinuation)|Continuation\\.yield|prepare_thaw|thaw|freeze" \
        ";JDK I/O poller|sun/nio/ch/Poller" \
        ";GC and JIT threads|G1|GC Thread|C2 CompilerThre|C1 CompilerThre|CompileBroker", rule, ";")
      for (i = 1; i <= n; i++) { split(rule[i], kv, "|"); label[i] = kv[1]; pattern[i] = substr(rule[i], length(kv[1]) + 2) }
    }
    {
      count = $NF; stack = substr($0, 1, length($0) - length($NF) - 1); total += count
      for (i = 1; i <= n; i++) if (stack ~ pattern[i]) hits[i] += count
      if (stack !~ /_\[k\]/) { m = split(stack, frames, ";"); own[frames[m]] += count; user += count }
    }
    END {
      printf "%d CPU samples of lb.jar (1 ms each), %.1f %% outside the kernel.\n\n", total, 100 * user / total
      print "| where | share of samples |"; print "|---|---:|"
      for (i = 1; i <= n; i++) printf "| %s | %.1f %% |\n", label[i], 100 * hits[i] / total
      print "\nFrames with the most samples of their own, outside the kernel:\n"
      print "| frame | share of samples |"; print "|---|---:|"
      top = "sort -k1,1nr | head -n 20 | cut -f2-"
      for (f in own) printf "%d\t| `%s` | %.1f %% |\n", own[f], f, 100 * own[f] / total | top
      close(top)
    }' "$1"
}

# ---------------------------------------------------------------- system calls (--syscalls)

# The kinds counted: every call a proxy makes to move bytes or wait for them. A read that finds nothing
# (EAGAIN) and an epoll_ctl re-arm are the price of parking a virtual thread on a socket; an event loop such as
# nginx's reads only when epoll said there is data.
SYSCALL_KINDS=(read readv recvfrom recvmsg write writev sendto sendmsg epoll_wait epoll_pwait epoll_ctl futex
  getsockopt poll ppoll sched_yield)

check_perf() {
  perf stat -e raw_syscalls:sys_enter -- true >/dev/null 2>&1 \
    || die "--syscalls: perf cannot count syscall tracepoints here (run as root, or lower kernel.perf_event_paranoid)"
}

duration_s() { # wrk duration (20s, 1m, 2h, 30) -> seconds
  local value=${1%[smh]}
  case "$1" in *m) echo $((value * 60)) ;; *h) echo $((value * 3600)) ;; *) echo "$value" ;; esac
}

# One more run per target: wrk for the window plus a second on each side, perf counting the target's
# processes (and, behind a balancer, the replicas') for the window in the middle. Per request = count ÷
# (wrk's mean rate × window), since wrk's own total also covers the edges.
count_syscalls() {
  local mode target dir="$OUT/syscalls" window events=() kind pids replicas
  window=$(duration_s "$DURATION"); [ "$window" -le 10 ] || window=10
  events=(-e raw_syscalls:sys_enter)
  for kind in "${SYSCALL_KINDS[@]}"; do events+=(-e "syscalls:sys_enter_$kind"); done
  # Reads that found no data: the filter keeps the exits with -EAGAIN.
  events+=(-e syscalls:sys_exit_read --filter 'ret == -11' -e syscalls:sys_exit_recvfrom --filter 'ret == -11')
  mkdir -p "$dir"
  printf 'mode\ttarget\tprocesses\tsyscall\tcount\trequests\tper_request\n' >"$OUT/syscalls.tsv"
  for mode in "${MODES[@]}"; do
    for target in "${TARGETS[@]}"; do
      log "mode $mode: counting $target's system calls for ${window}s (perf; not part of results.tsv)"
      pids=$(target_pids "$target" | paste -sd, -)
      replicas=$(backing_replica_pids "$target" | paste -sd, -)
      run_wrk "$mode" "${URL_OF[$target]}" "$((window + 2))s" "$dir/$mode-$target-wrk.txt" &
      WRK_JOB=$!
      sleep 1
      perf stat -x, -o "$dir/$mode-$target.perf.csv" "${events[@]}" -p "$pids" -- sleep "$window" &
      PERF_PIDS=($!)
      # Behind a balancer the replicas' calls depend on how it feeds them; direct's other two replicas are idle.
      if [ "$target" != direct ]; then
        perf stat -x, -o "$dir/$mode-$target-replicas.perf.csv" "${events[@]}" -p "$replicas" -- sleep "$window" &
        PERF_PIDS+=($!)
      fi
      wait "${PERF_PIDS[@]}" || die "perf stat failed on $target (pids $pids, replicas $replicas)"
      PERF_PIDS=()
      wait "$WRK_JOB" || { WRK_JOB=; die "wrk failed against $target while counting system calls"; }
      WRK_JOB=
      per_request "$mode" "$target" target "$window" "$dir/$mode-$target.perf.csv"
      [ "$target" = direct ] || per_request "$mode" "$target" replicas "$window" "$dir/$mode-$target-replicas.perf.csv"
    done
  done
}

per_request() { # $1 = mode, $2 = target, $3 = target | replicas, $4 = window s, $5 = perf csv
  local wrk_out="$OUT/syscalls/$1-$2-wrk.txt"
  awk -F, -v mode="$1" -v target="$2" -v processes="$3" -v window="$4" \
    -v requests="$(report_value "$wrk_out" requests)" -v duration_us="$(report_value "$wrk_out" duration_us)" '
    BEGIN { in_window = requests / (duration_us / 1e6) * window }
    /^#/ || NF < 3 || $1 !~ /^[0-9]+$/ { next }
    {
      name = $3; sub(/^syscalls:sys_enter_/, "", name)
      if (name == "raw_syscalls:sys_enter") name = "all"
      else if (name == "syscalls:sys_exit_read") name = "read → EAGAIN"
      else if (name == "syscalls:sys_exit_recvfrom") name = "recvfrom → EAGAIN"
      printf "%s\t%s\t%s\t%s\t%d\t%.0f\t%.3f\n", mode, target, processes, name, $1, in_window, $1 / in_window
    }' "$5" >>"$OUT/syscalls.tsv"
}

# Rows: every kind some column makes at least once per hundred requests; columns: targets.
syscalls_table() { # $1 = mode, $2 = target | replicas
  local order="${TARGETS[*]}"
  [ "$2" = replicas ] && order="${TARGETS[*]/direct/}"
  awk -F'\t' -v mode="$1" -v processes="$2" -v order="$order" '
    NR > 1 && $1 == mode && $3 == processes {
      v[$4, $2] = $7
      if (!($4 in seen)) { seen[$4] = 1; names[++k] = $4 }
      if ($7 >= 0.01) shown[$4] = 1
    }
    END {
      n = split(order, t, " ")
      line = "| system call |"; rule = "|---|"
      for (i = 1; i <= n; i++) { line = line " " t[i] " |"; rule = rule "---:|" }
      print line; print rule
      for (j = 1; j <= k; j++) {
        if (!(names[j] in shown)) continue
        line = "| " (names[j] == "all" ? "**all**" : "`" names[j] "`") " |"
        for (i = 1; i <= n; i++) line = line " " ((names[j], t[i]) in v ? sprintf("%.2f", v[names[j], t[i]]) : "—") " |"
        print line
      }
    }' "$OUT/syscalls.tsv"
}

# ---------------------------------------------------------------- main

main() {
  parse_options "$@"
  ensure_tools
  record_environment
  [ -n "$OUT" ] || OUT="$ROOT/results/lb-throughput/$(date -u +%Y%m%dT%H%M%SZ)-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo nogit)"
  [ -e "$OUT" ] && die "$OUT already exists; choose another --out"
  mkdir -p "$OUT/raw"
  RESULTS_TSV="$OUT/results.tsv"

  TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-lb.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  $WITH_PROFILE && fetch_profiler
  $WITH_SYSCALLS && check_perf
  start_cluster
  start_nginx
  $WITH_HAPROXY && start_haproxy
  read_etag

  TARGETS=(direct lb nginx)
  URL_OF[direct]=${REPLICA_URLS[0]}
  URL_OF[lb]=$LB_URL
  URL_OF[nginx]=$NGINX_URL
  if $WITH_HAPROXY; then TARGETS+=(haproxy); URL_OF[haproxy]=$HAPROXY_URL; fi

  measure_all
  $WITH_SYSCALLS && count_syscalls
  $WITH_PROFILE && profile_lb
  write_metadata
  write_summary
  log "done: $OUT/summary.md"
  cat "$OUT/summary.md"
}

main "$@"
