#!/usr/bin/env bash
# Builds and runs the JMH benchmarks: installs the main project into ~/.m2 (tests skipped), packages
# benchmarks/target/benchmarks.jar and runs it with the given JMH arguments, for example
#   benchmarks/run.sh GemmBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -p threads=1
#   benchmarks/run.sh -l                       (lists the benchmarks)
# Environment: JAVA_HOME (a JDK 25) overrides the search; SKIP_BUILD=1 reuses the last jar.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)

find_jdk25() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    if "$c/bin/java" -version 2>&1 | head -1 | grep -Eq '"25([."]|-)'; then echo "$c"; return 0; fi
  done
  return 1
}
if ! jdk=$(find_jdk25); then
  echo "run.sh: JDK 25 not found; set JAVA_HOME to a JDK 25" >&2
  exit 1
fi
export JAVA_HOME=$jdk
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$here/target/benchmarks.jar" ]; then
  mvn -q -B -f "$root/pom.xml" install -DskipTests >&2
  mvn -q -B -f "$here/pom.xml" package >&2
fi
# JMH_JAVA_OPTS: e.g. -Djmh.ignoreLock=true when another JMH run shares the machine anyway.
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector ${JMH_JAVA_OPTS:-} -jar "$here/target/benchmarks.jar" "$@"
