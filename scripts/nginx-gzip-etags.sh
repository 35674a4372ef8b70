#!/usr/bin/env bash
# What nginx's gzip does to our ETags, on the wire: one replica (content-derived strong tag) behind nginx
# rendered from the shipped config with gzip turned on, and the common companion setting that asks the
# upstream for identity bytes (proxy_set_header Accept-Encoding ""), so that nginx compresses them itself
# rather than passing on the replica's own gzip variant. Writes results/balancers/nginx-gzip-etags.txt.
#
#   scripts/nginx-gzip-etags.sh            # needs nginx (apt-get install nginx) and a JDK >= 21 (via ./lab)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFIGS="$ROOT/lb/src/main/resources/dev/etaglab/lb/cluster"
# shellcheck source=scripts/ports.sh
source "$ROOT/scripts/ports.sh"
OUT="$ROOT/results/balancers/nginx-gzip-etags.txt"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is not installed: sudo apt-get install -y nginx" >&2; exit 2; }

TMP=$(mktemp -d /tmp/etaglab-nginx-gzip.XXXXXX)
REPLICA_PID=
NGINX_PID=
cleanup() {
  local rc=$?  # the script's own status: the children's deaths by TERM below are not its failure
  set +e        # under set -e the wait for a child stopped by TERM (status 143) would end the script here
  [ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  [ -n "$REPLICA_PID" ] && kill -TERM "$REPLICA_PID" 2>/dev/null && wait "$REPLICA_PID" 2>/dev/null
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM


# One replica on an ephemeral port (it writes the port it got to a file).
"$ROOT/lab" build -q -pl server -am >/dev/null
export ETAGLAB_TOKEN=demo-token
"$ROOT/lab" java -jar "$ROOT/server/target/server.jar" --port 0 --port-file "$TMP/replica.port" \
  --data-dir "$TMP/replica" --origin "$TMP/origin" >"$TMP/replica.log" 2>&1 &
REPLICA_PID=$!
for _ in $(seq 1 200); do [ -s "$TMP/replica.port" ] && break; sleep 0.05; done
REPLICA="127.0.0.1:$(cut -d' ' -f1 "$TMP/replica.port")"

# nginx from the shipped template, with the one change under test: gzip on for our JSON, also when proxied.
mkdir -p "$TMP/nginx" && chmod 755 "$TMP" "$TMP/nginx"
PORT=$(free_port)
awk -v prefix="$TMP/nginx" -v port="$PORT" -v server="        server $REPLICA;" '
  { gsub(/@PREFIX@/, prefix); gsub(/@PORT@/, port); gsub(/@ACCESS_LOG@/, "off") }
  /gzip off;/ { print "    gzip on; gzip_types application/json; gzip_proxied any; gzip_min_length 256;"; next }
  /proxy_set_header Connection/ { print; print "            proxy_set_header Accept-Encoding \"\";"; next }
  /@UPSTREAM_SERVERS@/ { print server; next }
  { print }' "$CONFIGS/nginx.conf.template" >"$TMP/nginx/nginx.conf"
"$NGINX" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx/error.log" -g 'daemon off;' &
NGINX_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
LB="http://127.0.0.1:$PORT"

# curl -v, headers only (bodies summarised by size), ports replaced so that runs compare line by line.
exchange() { # $1 = title, rest = curl arguments
  local title=$1; shift
  printf '\n### %s\n$ curl -v %s\n' "$title" "$(printf '%q ' "$@")" | sed "s|$LB|http://nginx|g; s|$ETAGLAB_TOKEN|\$ETAGLAB_TOKEN|g"
  rm -f "$TMP/body"; : >"$TMP/body"   # curl writes nothing for a 304: no stale size from the previous exchange
  curl -sv -o "$TMP/body" "$@" 2>&1 | grep -E '^[<>] ' \
    | sed "s|127.0.0.1:$PORT|nginx|g; s|\r||; s|$ETAGLAB_TOKEN|\$ETAGLAB_TOKEN|g"
  echo "(body: $(wc -c <"$TMP/body") bytes)"
}
etag_of() { curl -s -D - -o /dev/null "$@" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p'; }

STRONG=$(etag_of "$LB/resource")
WEAK=$(etag_of -H 'Accept-Encoding: gzip' "$LB/resource")
{
  echo "# nginx gzip and ETags"
  echo "Produced by scripts/nginx-gzip-etags.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) with $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'),"
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD)$([ -z "$(git -C "$ROOT" status --porcelain -- . ':(exclude)results')" ] || echo ' (uncommitted changes)'); one replica (sha256-cached) behind nginx.conf.template with gzip on and"
  echo "proxy_set_header Accept-Encoding \"\" (nginx compresses identity bytes itself)."
  exchange "identity: the replica's strong tag passes through" "$LB/resource"
  exchange "gzip: nginx compresses and WEAKENS the tag (W/ prefix): it can no longer vouch for the bytes" \
    -H 'Accept-Encoding: gzip' "$LB/resource"
  exchange "revalidation with the weak tag: 304 (weak comparison, RFC 9110 §8.8.3.2), but the 304 carries the STRONG tag" \
    -H 'Accept-Encoding: gzip' -H "If-None-Match: $WEAK" "$LB/resource"
  exchange "If-Range with the weak tag: strong comparison only (§13.1.5), so never a partial response" \
    -H 'Accept-Encoding: gzip' -H 'Range: bytes=0-99' -H "If-Range: $WEAK" "$LB/resource"
  exchange "a writer that only saw the gzip variant: If-Match compares strongly, so its PUT can never succeed" \
    -X PUT -H "Authorization: Bearer $ETAGLAB_TOKEN" -H 'Content-Type: application/json' -H "If-Match: $WEAK" \
    --data-binary '{"revision":1}' "$LB/resource"
  echo
  echo "Strong tag (identity): $STRONG"
  echo "Tag nginx sent with gzip: $WEAK"
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "wrote ${OUT#"$ROOT"/}"
