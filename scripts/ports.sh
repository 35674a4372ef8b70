# shellcheck shell=bash
# Sourced by the scripts that start nginx or HAProxy, which cannot bind port 0 and report it back.

# A loopback port nothing listens on now (another program may still take it before we bind it: callers
# retry on a failed start).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return 0; }
  done
  echo "no free loopback port found" >&2
  return 1
}
