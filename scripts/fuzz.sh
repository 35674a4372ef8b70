#!/usr/bin/env bash
# A bounded Jazzer fuzzing session over the server's pure HTTP parsers and evaluators (issue 7,
# "Hostile and malformed input"). Each @FuzzTest runs alone in its own Maven invocation (libFuzzer holds
# global state: one fuzz test per JVM) for --duration; libFuzzer's own output is kept per target, the
# inputs that found new coverage are merged into the committed corpus that plain `mvn test` replays, and
# results/reliability/fuzz/executions.tsv gets one row per target from libFuzzer's "Done N runs" line.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMAND_LINE=$(printf '%q ' "scripts/fuzz.sh" "$@"); COMMAND_LINE=${COMMAND_LINE% }
DURATION=3m
OUT="$ROOT/results/reliability/fuzz"
# Class#method, one per fuzz test in server/src/test/java/dev/etaglab/server/http/*FuzzTest.java.
TARGETS=(
  EntityTagFuzzTest#parseNeverThrowsAndRoundTrips
  EntityTagFuzzTest#constructedTagsRoundTripOrAreRefusedWithIllegalArgument
  EntityTagFuzzTest#comparisonFunctionsObeyTheRfcTable
  EntityTagConditionFuzzTest#parseIsTotalBoundedAndNeverInventsATag
  EntityTagConditionFuzzTest#aTagThatIsNotInTheFieldNeverMatches
  HttpDateFuzzTest#parseNeverThrowsAndFormatParseRoundTrips
  HttpDateFuzzTest#formatThenParseIsIdentityAtSecondPrecision
  CacheControlFuzzTest#acceptsNoControlCharacterAndNothingOverTheLimit
  PreconditionsFuzzTest#decisionObeysTheRfcWhateverTheFields
  ByteRangesFuzzTest#everyDecisionIsSendableAsIs
  AcceptEncodingFuzzTest#parseIsTotalBoundedAndSelectsOnlyWhatWasOffered
)

usage() {
  cat <<'USAGE'
Usage: scripts/fuzz.sh [--duration D] [TARGET...]

Fuzzes each TARGET (Class#method of a @FuzzTest in server, default: all of them) for D (Jazzer units:
30s, 3m, 1h; default 3m). Writes results/reliability/fuzz/<Class>#<method>.<commit>.txt (libFuzzer's output) and
executions.tsv, and adds new corpus entries to
server/src/test/resources/dev/etaglab/server/http/<Class>Inputs/<method>/. Exits non-zero after a finding
(the other targets still run); Jazzer saves the crashing input in that same folder, so `mvn test` replays it until it is fixed.
USAGE
}

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=${2:?--duration needs a value}; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
[ $# -gt 0 ] && TARGETS=("$@")

mkdir -p "$OUT"
SUMMARY="$OUT/executions.tsv"
[ -f "$SUMMARY" ] || printf 'target\tduration\truns\tseconds\tcorpus_files\tcommit\tlog\tjdk\tcommand\n' > "$SUMMARY"
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- server || echo "-dirty")
JDK=$("$ROOT/lab" java -version 2>&1 | head -1)

failed=0
for target in "${TARGETS[@]}"; do
  class=${target%%#*} method=${target#*#}
  # One log per target and commit, so a later session never overwrites the output an earlier row cites.
  log="$OUT/$target.$COMMIT.txt"
  echo "fuzz.sh: $target for $DURATION -> ${log#"$ROOT"/}" >&2
  # JAZZER_FUZZ switches @FuzzTest from replaying to fuzzing; JAZZER_MAX_DURATION overrides maxDuration.
  # The generated corpus lives in server/.cifuzz-corpus (ignored by git) and is merged below.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION=$DURATION "$ROOT/lab" mvn -ntp -pl server -am \
      -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false test 2>&1 \
    | grep -v -E '^INFO: Loaded [0-9]+ hooks|^#[0-9]+[[:space:]]+(NEW|REDUCE)' \
    | sed -u "s|$ROOT/|./|g; s|$ROOT|.|g" > "$log" || { echo "fuzz.sh: $target FAILED (a finding?), see $log" >&2; failed=1; }
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  if [ -z "$done_line" ]; then
    echo "fuzz.sh: no 'Done N runs' line in $log" >&2; failed=1; continue
  fi
  runs=$(awk '{print $2}' <<<"$done_line") seconds=$(awk '{print $5}' <<<"$done_line")
  corpus="$ROOT/server/.cifuzz-corpus/dev.etaglab.server.http.$class/$method"
  inputs="$ROOT/server/src/test/resources/dev/etaglab/server/http/${class}Inputs/$method"
  mkdir -p "$inputs"
  # Corpus files are named by their SHA-1, so copying never overwrites a different input.
  [ -d "$corpus" ] && cp -n "$corpus"/* "$inputs"/ 2>/dev/null || true
  files=$(find "$inputs" -type f | wc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$DURATION" "$runs" "$seconds" "$files" "$COMMIT" \
    "${log#"$OUT"/}" "$JDK" "$COMMAND_LINE" >> "$SUMMARY"
  echo "fuzz.sh: $target: $runs runs in $seconds s, $files corpus files" >&2
done
exit $failed
