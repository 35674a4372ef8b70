#!/usr/bin/env bash
# Wire logs (curl -v) of how one replica revalidates its representations, for issue 6:
#   last-modified  two writes within one second: If-Modified-Since under --last-modified naive and guarded
#   ranges         Range / If-Range: strong tag → 206, weak or stale validator → the full 200, 416
#   gzip           the gzip variant's own tag: 304 echoing it, the identity tag → 200 gzip, If-Match on PUT
# Each scenario starts its own replica on 127.0.0.1 (port 0, --port-file) with a fresh origin, and writes
# results/<scenario>/*.txt; every file starts with the command that produced it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMAND_LINE="scripts/wirelog.sh $*"

usage() {
  cat <<'USAGE'
Usage: scripts/wirelog.sh last-modified|ranges|gzip|all [--out DIR]

  --out DIR   write DIR/<scenario>/ instead of results/<scenario>/

Needs curl and a JDK >= 21 (through ./lab, which builds server.jar when it is missing or stale).
Exits 1 when an exchange does not show what the scenario claims (the log says which).
USAGE
}

die() { echo "wirelog: $*" >&2; exit 2; }
log() { echo "wirelog: $*" >&2; }

SCENARIOS=()
OUT_ROOT="$ROOT/results"
while [ $# -gt 0 ]; do
  case "$1" in
    last-modified|ranges|gzip) SCENARIOS+=("$1") ;;
    all) SCENARIOS+=(last-modified ranges gzip) ;;
    --out) OUT_ROOT=${2:?--out needs a directory}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
  shift
done
[ ${#SCENARIOS[@]} -gt 0 ] || { usage >&2; exit 2; }
command -v curl >/dev/null || die "curl is needed"

TOKEN=wirelog-token
WORK=$(mktemp -d "${TMPDIR:-/tmp}/etaglab-wirelog.XXXXXX")
REPLICA_PID=""
FAILED=0

stop_replica() {
  if [ -n "$REPLICA_PID" ]; then
    kill "$REPLICA_PID" 2>/dev/null || true
    wait "$REPLICA_PID" 2>/dev/null || true
    REPLICA_PID=""
  fi
}
cleanup() { stop_replica; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ replica

BASE=""
start_replica() { # $1 = name, then extra server options
  local name=$1; shift
  local dir="$WORK/$name"
  mkdir -p "$dir"
  ETAGLAB_TOKEN=$TOKEN "$ROOT/lab" server --host 127.0.0.1 --port 0 --port-file "$dir/port" \
    --data-dir "$dir/replica" --origin "$dir/origin" --size 2KiB --parent-pid $$ "$@" \
    >"$dir/console.txt" 2>&1 &
  REPLICA_PID=$!
  local waited=0
  until [ -s "$dir/port" ]; do
    kill -0 "$REPLICA_PID" 2>/dev/null || { cat "$dir/console.txt" >&2; die "replica '$name' did not start"; }
    [ $waited -lt 1800 ] || die "replica '$name' did not write its port file within 180 s"
    sleep 0.1; waited=$((waited + 1))
  done
  BASE="http://127.0.0.1:$(head -n1 "$dir/port")"
  ORIGIN_DOC="$dir/origin/document"
  # Warm the JIT and the connection path so that two back-to-back writes take milliseconds.
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "$BASE/resource"; done
}

# ------------------------------------------------------------------ exchanges

OUT_FILE=""
STATUS=""
BODY="$WORK/body"
HEADERS="$WORK/headers"

# exchange "what this step shows" [curl args...]: one request, logged as curl -v shows it on the wire.
exchange() {
  local title=$1; shift
  local trace="$WORK/trace"
  curl -sS -v -o "$BODY" -D "$HEADERS" "$@" 2>"$trace" || true
  STATUS=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$HEADERS" | tr -d '\r')
  {
    echo
    echo "## $title"
    echo
    # Only what crossed the socket: request ('>') and response ('<') header lines.
    grep -E '^[<>]' "$trace" | tr -d '\r'
    local size; size=$(wc -c <"$BODY" | tr -d ' ')
    if [ "$size" -eq 0 ]; then
      echo "[no content]"
    else
      echo "[$size bytes of content, sha256 $(sha256sum "$BODY" | cut -c1-16)…]"
      if [ "$size" -le 400 ] && ! grep -qi '^content-encoding: *gzip' "$HEADERS"; then
        sed 's/^/  | /' "$BODY"; echo
      fi
    fi
  } >>"$OUT_FILE"
}

field() { # $1 = header name: its value in the last response
  grep -i "^$1:" "$HEADERS" | head -n1 | cut -d: -f2- | sed 's/^ *//' | tr -d '\r'
}

expect() { # $1 = expected status, $2 = what it means
  if [ "$STATUS" = "$1" ]; then
    echo "=> $STATUS as expected: $2" >>"$OUT_FILE"
  else
    echo "=> UNEXPECTED: got $STATUS, expected $1 ($2)" >>"$OUT_FILE"
    log "unexpected status $STATUS (expected $1) in $(basename "$OUT_FILE"): $2"
    FAILED=1
  fi
}

put_json() { # $1 = title, $2 = If-Match value, $3 = JSON body
  exchange "$1" -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -H "If-Match: $2" --data-binary "$3" "$BASE/resource"
}

begin_file() { # $1 = path, $2 = title
  OUT_FILE=$1
  mkdir -p "$(dirname "$OUT_FILE")"
  {
    echo "# $2"
    echo
    echo "Produced by: $COMMAND_LINE"
    echo "Commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- server scripts || echo ' (with uncommitted changes)')"
    echo "Run at: $(date -u +%Y-%m-%dT%H:%M:%SZ); JDK: $("$ROOT/lab" jdk | xargs basename); curl: $(curl --version | head -n1 | cut -d' ' -f2)"
    echo "Request lines start with '>', response lines with '<', as curl -v prints them; bodies are summarised."
  } >"$OUT_FILE"
}

# Sleeps until just after the start of the next wall-clock second, so two writes land inside one second.
sleep_to_next_second() {
  local ns; ns=$(date +%N); ns=$((10#$ns))
  sleep "$(printf '0.%09d' $((1000000000 - ns)))"
  sleep 0.02
}

origin_header() { head -n1 "$ORIGIN_DOC"; }

# ------------------------------------------------------------------ scenarios

last_modified_run() { # $1 = naive|guarded
  local mode=$1 attempt etag lm
  for attempt in 1 2 3; do
    start_replica "lm-$mode-$attempt" --last-modified "$mode"
    begin_file "$OUT_ROOT/last-modified/$mode.txt" \
      "Last-Modified's one-second blind spot, --last-modified $mode"
    echo "Replica: $BASE (fresh origin, sha256-cached)" >>"$OUT_FILE"
    etag=$(curl -s -o /dev/null -D - "$BASE/resource" | grep -i '^etag:' | cut -d' ' -f2 | tr -d '\r')
    sleep_to_next_second
    put_json "write 1 (version 2), at the start of a second" "$etag" '{"catalogue":"version 2"}'
    expect 204 "version 2 stored"
    etag=$(field ETag)
    exchange "the client fetches version 2 and keeps ETag and Last-Modified" "$BASE/resource"
    expect 200 "version 2"
    lm=$(field Last-Modified)
    put_json "write 2 (version 3), within the same second" "$etag" '{"catalogue":"version 3"}'
    expect 204 "version 3 stored"
    local header; header=$(origin_header)
    local modified=${header#*modified=}; modified=${modified%% *}
    local previous=${header#*previous-modified=}; previous=${previous%% *}
    if [ $((modified / 1000)) -ne $((previous / 1000)) ]; then
      log "the two writes straddled a second ($previous → $modified ms); retrying"
      stop_replica
      continue
    fi
    {
      echo
      echo "## the origin's header line: version 3 written ${modified} ms, version 2 at ${previous} ms — one second, one Last-Modified"
      echo
      echo "  $header"
    } >>"$OUT_FILE"
    sleep 1.1 # revalidate from a later second, as a polling client would
    if [ "$mode" = naive ]; then
      exchange "revalidate with If-Modified-Since only (version 2's Last-Modified)" \
        -H "If-Modified-Since: $lm" "$BASE/resource"
      expect 304 "STALE: the client is told to keep version 2 while version 3 is served (the blind spot)"
    else
      exchange "revalidate with If-Modified-Since only (version 2's Last-Modified)" \
        -H "If-Modified-Since: $lm" "$BASE/resource"
      expect 200 "the origin knows the second saw two versions: Last-Modified is weak, so version 3 is sent"
      local later; later=$(field Date)
      exchange "revalidate with If-Modified-Since = the Date of that 200 (a later second)" \
        -H "If-Modified-Since: $later" "$BASE/resource"
      expect 304 "the guard covers only the ambiguous second: a date after it still revalidates"
    fi
    exchange "revalidate with If-None-Match (version 2's ETag)" -H "If-None-Match: $etag" "$BASE/resource"
    expect 200 "the tag changed, so version 3 is sent, in either mode"
    exchange "revalidate with both, as browsers do: If-None-Match decides (RFC 9110 §13.1.3)" \
      -H "If-None-Match: $etag" -H "If-Modified-Since: $lm" "$BASE/resource"
    expect 200 "If-Modified-Since is ignored next to If-None-Match"
    stop_replica
    return
  done
  die "three attempts straddled a second boundary; is the machine overloaded?"
}

scenario_last_modified() {
  last_modified_run naive
  last_modified_run guarded
}

scenario_ranges() {
  start_replica ranges
  begin_file "$OUT_ROOT/ranges/if-range.txt" "Range and If-Range (RFC 9110 §14, §13.1.5): only a strong validator gets a 206"
  echo "Replica: $BASE (fresh origin, sha256-cached, 2 KiB document)" >>"$OUT_FILE"
  exchange "the client's first fetch" "$BASE/resource"
  expect 200 "full representation"
  local etag; etag=$(field ETag)
  local length; length=$(field Content-Length)
  exchange "resume with the strong tag in If-Range" -H 'Range: bytes=0-99' -H "If-Range: $etag" "$BASE/resource"
  expect 206 "the tag names these exact bytes, so a part of them is safe to splice"
  exchange "If-Range with the weak form of the same tag" -H 'Range: bytes=0-99' -H "If-Range: W/$etag" "$BASE/resource"
  expect 200 "weak validators never satisfy If-Range: the full representation, not a part"
  exchange "the weakly validated variant (?pretty): same JSON, other bytes" "$BASE/resource?pretty"
  expect 200 "pretty-printed, ETag W/…"
  local weak; weak=$(field ETag)
  exchange "If-Range with the pretty variant's weak tag" -H 'Range: bytes=0-99' -H "If-Range: $weak" \
    "$BASE/resource?pretty"
  expect 200 "refused: a weak tag only promises equivalent meaning, not equal bytes"
  exchange "If-None-Match with that weak tag" -H "If-None-Match: $weak" "$BASE/resource?pretty"
  expect 304 "weak comparison is what If-None-Match uses"
  exchange "If-Range with a stale tag" -H 'Range: bytes=0-99' -H 'If-Range: "stale"' "$BASE/resource"
  expect 200 "the client's copy is not the current one: the full representation"
  exchange "a suffix range past the start is clamped" -H 'Range: bytes=-100000' "$BASE/resource"
  expect 206 "bytes 0-$((length - 1))/$length"
  exchange "disjoint ranges" -H 'Range: bytes=0-9,100-109' "$BASE/resource"
  expect 200 "policy: no multipart/byteranges, the full representation instead (§14.2 allows ignoring Range)"
  exchange "a syntactically invalid Range" -H 'Range: bytes=9-1' "$BASE/resource"
  expect 200 "ignored (§14.2)"
  exchange "a range beyond the end" -H "Range: bytes=$length-" "$BASE/resource"
  expect 416 "Content-Range: bytes */$length"
  stop_replica
}

scenario_gzip() {
  start_replica gzip
  begin_file "$OUT_ROOT/gzip/variant-304.txt" "The gzip variant's own strong tag, on input and output"
  echo "Replica: $BASE (fresh origin, sha256-cached, 2 KiB document)" >>"$OUT_FILE"
  exchange "identity" "$BASE/resource"
  expect 200 "identity bytes, content tag"
  local identity; identity=$(field ETag)
  exchange "gzip" -H 'Accept-Encoding: gzip, deflate, br' "$BASE/resource"
  expect 200 "gzip bytes, ETag = content tag + -gz, Vary: Accept-Encoding"
  local gz; gz=$(field ETag)
  exchange "revalidate the gzip copy (Apache bug 45023 never answered 304 here)" \
    -H 'Accept-Encoding: gzip, deflate, br' -H "If-None-Match: $gz" "$BASE/resource"
  expect 304 "and the 304 echoes the gzip tag, not the identity one (Jetty's --gzip bug class)"
  exchange "the identity tag while negotiating gzip" -H 'Accept-Encoding: gzip' -H "If-None-Match: $identity" \
    "$BASE/resource"
  expect 200 "the client's identity copy is not the gzip variant: send the gzip variant"
  exchange "the gzip tag with gzip refused (gzip;q=0)" -H 'Accept-Encoding: gzip;q=0' -H "If-None-Match: $gz" \
    "$BASE/resource"
  expect 200 "identity is selected, and the gzip copy does not validate it"
  exchange "a range of the gzip variant is a range of the gzip bytes" -H 'Accept-Encoding: gzip' \
    -H 'Range: bytes=0-9' -H "If-Range: $gz" "$BASE/resource"
  expect 206 "Content-Encoding: gzip, Content-Range over the gzip length"
  exchange "HEAD of the gzip variant" -I -H 'Accept-Encoding: gzip' "$BASE/resource"
  expect 200 "the gzip variant's fields, no content"
  put_json "a write with the gzip tag in If-Match (the body is identity JSON)" "$gz" '{"catalogue":"replaced"}'
  expect 204 "either variant's tag names the current state"
  put_json "the same write again, now stale" "$gz" '{"catalogue":"lost update"}'
  expect 412 "the state changed since that tag"
  stop_replica
}

for s in "${SCENARIOS[@]}"; do
  log "scenario $s"
  case "$s" in
    last-modified) scenario_last_modified ;;
    ranges) scenario_ranges ;;
    gzip) scenario_gzip ;;
  esac
done
[ "$FAILED" -eq 0 ] || { log "some exchanges did not show what they claim; see the logs"; exit 1; }
log "wrote ${SCENARIOS[*]} under ${OUT_ROOT#"$ROOT"/}"
