# shellcheck shell=bash
# Sourced by ./lab and .ci/run: exports JAVA_HOME for a JDK >= 21 (Helidon 4 needs it).
# Order: $JAVA_HOME if it is >= 21, then `java` on PATH, then the usual install roots,
# newest first. Fails with one line when there is none.

etaglab_java_major() { # $1 = a JDK home; prints its feature version or nothing
  local v=""
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$v" ] && [ -x "$1/bin/java" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
  fi
  printf '%s' "$v"
}

etaglab_select_jdk() {
  local min=21 candidates=() home major best="" best_major=0
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -x "$home/bin/javac" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    major=$(etaglab_java_major "$home")
    [ -n "$major" ] || continue
    # An explicit JAVA_HOME that is new enough wins over anything newer found on disk.
    if [ "$home" = "${JAVA_HOME:-}" ] && [ "$major" -ge "$min" ]; then best=$home; break; fi
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then best=$home; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "etag-lab: no JDK >= $min found (looked at \$JAVA_HOME, java on PATH, /usr/lib/jvm, /opt, ~/.sdkman); install one, e.g. 'apt-get install openjdk-21-jdk', or set JAVA_HOME" >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
