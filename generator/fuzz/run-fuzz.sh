#!/usr/bin/env bash
# The full mutation fuzz of vmodel's front end, with the differential check of every mutant that
# validates (summary, generate, javac -Xlint:all, DJL parameter count = static count).
#
#   generator/fuzz/run-fuzz.sh [COUNT] [SEED] [FIRST]     # defaults: 10000 mutants, seed 1, from 0
#
# Prints the figures (mutants, validated clean, crashes, unlocated lines, timeouts, generate /
# javac / count failures, ...) and keeps the first example of each failure class, as a folder that
# reproduces it, under $FUZZ_OUT/examples (default generator/target/fuzz). Exit status 0 when no
# mutant failed, 1 otherwise. Mutant i of a seed is always the same: replay one with COUNT=1 FIRST=i.
#
# Environment: FUZZ_OUT (output folder), XMX (heap, default 1g: a runaway elaboration should hit
# the bound, not the machine), FUZZ_TIMEOUT (seconds per validate, default 5), FUZZ_DIFFERENTIAL
# (true/false), MVN_FLAGS (default -o; empty on a machine whose Maven repository lacks the plugins),
# FUZZ_SKIP_BUILD=1 to reuse the last build and class path.
set -euo pipefail
COUNT=${1:-10000}
SEED=${2:-1}
FIRST=${3:-0}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/generator/target/fuzz}
mkdir -p "$OUT"
CP_FILE=$OUT/classpath.txt
if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ] || [ ! -s "$CP_FILE" ]; then
  # One reactor run, so that the class path names this checkout's module folders, not the
  # (possibly stale) snapshots in the local repository.
  (cd "$ROOT" && mvn -B -q ${MVN_FLAGS--o} -pl generator -am test-compile \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >"$OUT/build.log" 2>&1) \
    || { echo "build failed; see $OUT/build.log" >&2; tail -20 "$OUT/build.log" >&2; exit 2; }
fi
CP="$ROOT/generator/target/test-classes:$ROOT/generator/target/classes:$(cat "$CP_FILE")"
cd "$ROOT"
exec java -Xmx"${XMX:-1g}" -Xss8m -XX:+UseSerialGC -Dai.djl.offline=true \
  -Dfuzz.root="$ROOT" -Dfuzz.out="$OUT" -Dfuzz.timeout="${FUZZ_TIMEOUT:-5}" \
  -Dfuzz.differential="${FUZZ_DIFFERENTIAL:-true}" \
  -cp "$CP" dev.vmodel.fuzz.FuzzRun "$COUNT" "$SEED" "$FIRST"
