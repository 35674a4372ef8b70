#!/usr/bin/env bash
# Writes the measured parts of results/reliability/README.md (issue 7) from what the commands wrote:
# the hostile-request suites' rows (server/target/reliability/*.tsv, lb/target/reliability/*.tsv), the
# failsafe reports of the security tests, and results/reliability/fuzz/executions.tsv (scripts/fuzz.sh).
# Nothing in the generated section is typed by hand. The raw rows are copied to results/reliability/raw/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/results/reliability"
README="$OUT/README.md"
RUN=0

usage() {
  cat <<'USAGE'
Usage: scripts/reliability-report.sh [--run]

  --run   first run the suites that write the rows:
          ./lab mvn -pl support,server,lb -am verify -Dit.test=<the reliability ITs>
Without --run, the rows of the last `./lab mvn -pl support,server,lb -am verify` are used.
Rewrites the part of results/reliability/README.md between the "generated" markers.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --run) RUN=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "reliability-report.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

ITS="HostileRequestIT,SmugglingIT,WriteTokenSecrecyIT,RateLimitIT,HopByHopIT,MetricsIT,AdminIT,CrashConsistencyIT,ConcurrentWritersIT,WriterCrashIT,ConcurrentWritersThroughLbIT,StaleConnectionIT"
if [ "$RUN" = 1 ]; then
  "$ROOT/lab" mvn -ntp -pl support,server,lb -am verify -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$ITS" -Dfailsafe.failIfNoSpecifiedTests=false
fi

for f in server/target/reliability/server-hostile.tsv lb/target/reliability/lb-hostile.tsv \
         lb/target/reliability/lb-smuggling.tsv results/reliability/fuzz/executions.tsv; do
  [ -f "$ROOT/$f" ] || { echo "reliability-report.sh: missing $f (run with --run, or scripts/fuzz.sh)" >&2; exit 1; }
done
mkdir -p "$OUT/raw"
cp "$ROOT/server/target/reliability/server-hostile.tsv" "$ROOT/lb/target/reliability/lb-hostile.tsv" \
   "$ROOT/lb/target/reliability/lb-smuggling.tsv" "$OUT/raw/"

# A TSV with a header row as a Markdown table.
table() {
  awk -F'\t' 'NR == 1 { row = "|"; sep = "|"; for (i = 1; i <= NF; i++) { row = row " " $i " |"; sep = sep "---|" }
                         print row; print sep; next }
              { row = "|"; for (i = 1; i <= NF; i++) { v = $i; gsub(/\|/, "\\|", v); row = row " " v " |" } print row }' "$1"
}

# "passed N/N" or "FAILED" for one test class from its failsafe (or surefire) report.
verdict() { # $1 = module, $2 = test class simple name
  local xml
  xml=$(ls "$ROOT/$1"/target/failsafe-reports/TEST-*."$2".xml "$ROOT/$1"/target/surefire-reports/TEST-*."$2".xml \
        2>/dev/null | head -1 || true)
  if [ -z "$xml" ]; then echo "not run"; return; fi
  sed -n 's/.*<testsuite [^>]*tests="\([0-9]*\)" errors="\([0-9]*\)" skipped="\([0-9]*\)" failures="\([0-9]*\)".*/\1 \2 \3 \4/p' "$xml" \
    | head -1 | awk '{ if ($2 + $4 == 0) printf "passed %d/%d", $1 - $3, $1; else printf "FAILED (%d failures, %d errors of %d)", $4, $2, $1 }'
}

rows=$(($(wc -l < "$OUT/raw/server-hostile.tsv") - 1 + $(wc -l < "$OUT/raw/lb-hostile.tsv") - 1))
mismatched=$(awk -F'\t' 'FNR > 1 && ($3 != $4 && $3 ~ /^[0-9]+$/) { n++ } END { print n + 0 }' \
  "$OUT/raw/server-hostile.tsv" "$OUT/raw/lb-hostile.tsv")
changed=$(awk -F'\t' 'FNR > 1 && $5 != "yes" { n++ } END { print n + 0 }' "$OUT/raw/server-hostile.tsv" "$OUT/raw/lb-hostile.tsv")
unhealthy=$(awk -F'\t' 'FNR > 1 && $6 != "yes" { n++ } END { print n + 0 }' "$OUT/raw/server-hostile.tsv" "$OUT/raw/lb-hostile.tsv")
total_runs=$(awk -F'\t' 'NR > 1 { n += $3 } END { printf "%d", n }' "$OUT/fuzz/executions.tsv")
# A finding shows in libFuzzer's log as a Java exception report or a saved crash input, and fails the build.
findings=0
while IFS=$'\t' read -r _ _ _ _ _ _ log _; do
  if grep -q -E '== Java Exception|Test unit written to|BUILD FAILURE' "$OUT/fuzz/$log"; then findings=$((findings + 1)); fi
done < <(tail -n +2 "$OUT/fuzz/executions.tsv")

# The fault and soak runs of the experiment: their comparison.md, written by ./lab experiment.
CHAOS="$ROOT/results/experiment/default-kill-replica/comparison.md"
SOAK="$ROOT/results/experiment/soak/comparison.md"
experiment_section() { # $1 = comparison.md, $2 = the lines to keep after the table (grep -E pattern)
  if [ ! -f "$1" ]; then echo "Not run yet."; return; fi
  sed -n '/^Produced by/p' "$1"
  echo
  sed -n '/^| run /,/^$/p' "$1"
  grep -E "$2" "$1" | sed 's/^/- /'
}

generated=$(cat <<GEN
<!-- generated:begin (scripts/reliability-report.sh; do not edit by hand) -->
Commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- server lb support || echo " (with uncommitted changes)"), generated $(date -u +%Y-%m-%dT%H:%MZ).

### Against one replica (\`server\` HostileRequestIT, $(verdict server HostileRequestIT))

$(table "$OUT/raw/server-hostile.tsv")

### Through lb.jar in front of two server.jar replicas (\`lb\` HostileRequestIT, $(verdict lb HostileRequestIT))

$(table "$OUT/raw/lb-hostile.tsv")

### Request smuggling through the balancer (\`lb\` SmugglingIT, $(verdict lb SmugglingIT); stub backend that records every request)

$(table "$OUT/raw/lb-smuggling.tsv")

### Security checks

| check | test | result |
|---|---|---|
| the write token is in no log record (any level) and no response | server WriteTokenSecrecyIT | $(verdict server WriteTokenSecrecyIT) |
| replica operator endpoints are not on the replica's main port | server AdminIT | $(verdict server AdminIT) |
| replica operator endpoints and the balancer's /metrics are not reachable through the proxy port | lb HostileRequestIT (rows "via the proxy port" above) | $(verdict lb HostileRequestIT) |
| the balancer's admin port proxies nothing; /metrics on the proxy port is the backend's | lb MetricsIT | $(verdict lb MetricsIT) |
| a flooding client is throttled with 429 while another is served every time | lb RateLimitIT | $(verdict lb RateLimitIT) |
| client Forwarded, X-Forwarded-*, X-Real-IP never reach a replica | lb HopByHopIT | $(verdict lb HopByHopIT) |

### Fuzzing (\`scripts/fuzz.sh\`, rows from results/reliability/fuzz/executions.tsv)

$(table "$OUT/fuzz/executions.tsv")

Total: $total_runs executions; targets whose log shows a finding: **$findings**. libFuzzer's own output is in
results/reliability/fuzz/, one file per row (column "log"); its "Done N runs in S second(s)" line is where
"runs" and "seconds" come from.

### A replica killed -9 under load, then restarted (results/experiment/default-kill-replica/)

$(experiment_section "$CHAOS" '^\*\*(before|after)|^Fault timeline')

### Soak: heap, threads and open files over a long run (results/experiment/soak/)

$(experiment_section "$SOAK" '^\*\*(before|after)|^Resources over')

### What was lost

- Hostile-request cases whose status differed from the expected one: **$mismatched** of $rows.
- Cases after which the document's ETag had changed: **$changed** of $rows.
- Cases after which a normal GET failed: **$unhealthy** of $rows.
- Acknowledged writes lost or torn when a replica is killed -9 mid-write (server CrashConsistencyIT): $(verdict server CrashConsistencyIT).
- Racing conditional PUTs where more than one won (server ConcurrentWritersIT): $(verdict server ConcurrentWritersIT).
- The same race through the balancer and straight to replica processes, 5 versions × 12 writers (lb ConcurrentWritersThroughLbIT): $(verdict lb ConcurrentWritersThroughLbIT).
- A writer JVM killed -9 mid-body, 8 rounds over two replicas: torn, unacknowledged or diverging documents (server WriterCrashIT): $(verdict server WriterCrashIT).
- GET/HEAD on a kept-alive backend connection the replica had closed, resent once instead of failing (lb StaleConnectionIT): $(verdict lb StaleConnectionIT).
- Failed or error responses while a replica was killed and restarted under load: $( [ -f "$CHAOS" ] && sed -n 's/^Fault timeline (revalidation phase; failed or error responses: \([0-9]*\)).*/\1/p' "$CHAOS" | paste -sd' ' | sed 's/ / (before run), /; s/$/ (after run)/' || echo "not run yet").
<!-- generated:end -->
GEN
)

if [ ! -f "$README" ]; then
  printf '# Reliability and hostile input\n\n<!-- generated:begin -->\n<!-- generated:end -->\n' > "$README"
fi
GENERATED="$generated" awk '
  /<!-- generated:begin/ { print ENVIRON["GENERATED"]; skip = 1; next }
  /<!-- generated:end -->/ { skip = 0; next }
  !skip { print }' "$README" > "$README.tmp"
mv "$README.tmp" "$README"
echo "reliability-report.sh: wrote ${README#"$ROOT"/} ($rows hostile cases, $total_runs fuzz executions)" >&2
