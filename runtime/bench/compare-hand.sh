#!/bin/bash
# A generated seed model against its hand-written DJL baseline (shared/bench/djl, Bench.java): the
# same model, batch, threads, JVM options and timing protocol, run ALTERNATING, then a side-by-side
# table.
#
#   gmlp   model-specs/gmlp.vmodel GMlp ti16            gMLP-Ti/16, 30 layers, 224x224, 1000 classes
#   mixer  model-specs/mlp-mixer.vmodel MlpMixer s16    Mixer-S/16, 8 layers, 224x224, 1000 classes
#   cct    model-specs/cct.vmodel Cct cct_7_3x1         CCT-7/3x1, 7 layers, 32x32, 10 classes; the
#          spec has the paper's attention dropout 0.1 and stochastic depth 0.1, the baseline neither
#
# Usage: runtime/bench/compare-hand.sh [gmlp|mixer|cct]     (from anywhere; default gmlp)
# Environment:
#   ROUNDS=3           alternating rounds (each round runs both stacks; the order flips every round)
#   MODE=train         train | infer
#   BATCH=16
#   LAYERS= IMG=       a smaller model for quick checks (baseline --layers/--img, ours the spec's
#                      depth or layers param and imageSize=); default the published size
#   WINDOW_S=2         seconds per timed window (Bench default 2; run_all.sh uses 3)
#   THREADS=2          intra-op threads of both stacks
#   BENCH_ARGS=        extra options for both (e.g. "--breakdown 10"; see Bench.java / TrainBenchmark)
#   VMODEL_SHARED=     the shared folder (default: the repository's sibling folder "shared")
#   WORK=/tmp/vmodel-bench/compare-MODEL   generated sources, classes and logs
#   BENCH_OUT=         build folder of the baseline (run.sh's default /tmp/vmodel-bench/djl-target)
set -euo pipefail

WHAT="${1:-gmlp}"
case "$WHAT" in
  gmlp)  SPEC=gmlp.vmodel;      MODEL=GMlp;     VARIANT=ti16;      TITLE=gMLP-Ti/16; DEPTH_PARAM=depth
         FULL_LAYERS=30; FULL_IMG=224 ;;
  mixer) SPEC=mlp-mixer.vmodel; MODEL=MlpMixer; VARIANT=s16;       TITLE=Mixer-S/16; DEPTH_PARAM=depth
         FULL_LAYERS=8;  FULL_IMG=224 ;;
  cct)   SPEC=cct.vmodel;       MODEL=Cct;      VARIANT=cct_7_3x1; TITLE=CCT-7/3x1;  DEPTH_PARAM=layers
         FULL_LAYERS=7;  FULL_IMG=32 ;;
  *) echo "compare-hand: the model must be gmlp, mixer or cct, not '$WHAT'" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SHARED="${VMODEL_SHARED:-$ROOT/../shared}"
if [ ! -x "$SHARED/bench/djl/run.sh" ]; then
  echo "compare-hand: no baseline at $SHARED/bench/djl/run.sh (set VMODEL_SHARED to the shared folder)" >&2
  exit 2
fi
SHARED="$(cd "$SHARED" && pwd)"
ROUNDS="${ROUNDS:-3}"
MODE="${MODE:-train}"
BATCH="${BATCH:-16}"
LAYERS="${LAYERS:-$FULL_LAYERS}"
IMG="${IMG:-$FULL_IMG}"
WINDOW_S="${WINDOW_S:-2}"
THREADS="${THREADS:-2}"
BENCH_ARGS="${BENCH_ARGS:-}"
WORK="${WORK:-/tmp/vmodel-bench/compare-$WHAT}"
export BENCH_OUT="${BENCH_OUT:-/tmp/vmodel-bench/djl-target}"
export THREADS
case "$MODE" in train|infer) ;; *) echo "compare-hand: MODE must be train or infer" >&2; exit 2 ;; esac

log() { echo "[compare-hand] $*" >&2; }
mvnq() { # quiet Maven, without the colour codes it prints even in batch mode; keeps its status
  mvn -q -B -Dstyle.color=never "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' | { grep -v '^$' || true; } >&2
  return "${PIPESTATUS[0]}"
}

# ---------------------------------------------------------------- build
cd "$ROOT"
CLI="$ROOT/generator/target/vmodel-cli.jar"
if [ ! -f "$CLI" ] || [ ! -d "$ROOT/runtime/target/classes/dev/vmodel/runtime/train" ]; then
  log "building vmodel (mvn -o -q package -DskipTests)"
  mvnq -o package -DskipTests
else
  mvnq -o compile -pl runtime # cheap when up to date; picks up runtime edits
fi
rm -rf "$WORK/gen" "$WORK/classes"
mkdir -p "$WORK/gen" "$WORK/classes" "$WORK/logs"
java -jar "$CLI" generate "model-specs/$SPEC" -o "$WORK/gen" >/dev/null
mvnq -o dependency:build-classpath -pl runtime -Dmdep.outputFile="$WORK/cp.txt"
# The generated service registrations (META-INF/services) stay in the sources folder.
CP="$WORK/classes:$WORK/gen:$ROOT/runtime/target/classes:$(cat "$WORK/cp.txt")"
javac -nowarn -d "$WORK/classes" -cp "$CP" $(find "$WORK/gen" -name '*.java')
log "generated $TITLE compiled into $WORK/classes"

# The baseline builds itself on first use; build it now (as run.sh does: its pom pins only the
# compiler plugin, so the first build may fetch Maven's default plugins from Central).
if [ ! -f "$BENCH_OUT/cp.txt" ] \
    || [ -n "$(find "$SHARED/bench/djl/src" "$SHARED/bench/djl/pom.xml" -newer "$BENCH_OUT/cp.txt")" ]; then
  log "building the baseline into $BENCH_OUT"
  (cd "$SHARED/bench/djl" && mvnq -Dbench.out="$BENCH_OUT" compile)
fi

# Forward GFLOP per image from the spec (2 x MACs), for the gflops= field (full-size model only).
GF_ARGS=()
if [ "$LAYERS" = "$FULL_LAYERS" ] && [ "$IMG" = "$FULL_IMG" ]; then
  MACS="$(java -jar "$CLI" summary "model-specs/$SPEC" --variant "$VARIANT" --json \
    | sed -n 's/^ *"macs": *\([0-9]*\).*/\1/p' | head -1)"
  [ -n "$MACS" ] && GF_ARGS=(--fwd-gflop "$(awk -v m="$MACS" 'BEGIN { printf "%.4f", 2 * m / 1e9 }')")
fi
OVERRIDES=()
[ "$LAYERS" != "$FULL_LAYERS" ] && OVERRIDES+=("$DEPTH_PARAM=$LAYERS")
[ "$IMG" != "$FULL_IMG" ] && OVERRIDES+=("imageSize=$IMG")

# ---------------------------------------------------------------- runs
# shellcheck disable=SC2086  # BENCH_ARGS is a list of options
run_djl() {
  "$SHARED/bench/djl/run.sh" "$WHAT" --mode "$MODE" --batch "$BATCH" --layers "$LAYERS" --img "$IMG" \
    --window-s "$WINDOW_S" $BENCH_ARGS
}
# Same JVM options as djl/run.sh.
# shellcheck disable=SC2086
run_vmodel() {
  java -Xms1g -Xmx4g ${JAVA_OPTS:-} -Dai.djl.offline=true \
    -Dai.djl.pytorch.num_threads="$THREADS" -Dai.djl.pytorch.num_interop_threads=1 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
    dev.vmodel.runtime.train.TrainBenchmark "$MODEL" "$VARIANT" --mode "$MODE" \
    --batch "$BATCH" --window-s "$WINDOW_S" "${GF_ARGS[@]}" $BENCH_ARGS "${OVERRIDES[@]}"
}

field() { # field NAME FILE: the value of NAME= on the RESULT line
  grep "^RESULT .*mode=$MODE " "$2" | head -1 | sed -n "s/.* $1=\([^ ]*\).*/\1/p"
}

log "$ROUNDS alternating rounds, mode=$MODE batch=$BATCH layers=$LAYERS img=$IMG threads=$THREADS; logs in $WORK/logs"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="djl vmodel"; else order="vmodel djl"; fi
  for s in $order; do
    f="$WORK/logs/round$r-$s.log"
    log "round $r/$ROUNDS: $s"
    if ! "run_$s" >"$f" 2>"$f.err"; then
      log "$s failed in round $r (see $f.err):"; tail -5 "$f.err" >&2; exit 1
    fi
    grep -E '^(windows|RESULT|LOSS|BREAKDOWN|WARN)' "$f" | sed 's/^/    /' >&2
  done
done

# ---------------------------------------------------------------- table
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "NA";
  else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "$TITLE $MODE: layers=$LAYERS img=$IMG batch=$BATCH threads=$THREADS, img/s (median of clean windows; foreign CPU share; clean windows)"
printf '%-7s | %-28s | %-28s | %s\n' round "hand-written DJL (Bench.java)" "generated vmodel ($MODEL $VARIANT)" "generated/hand"
printf '%s\n' "--------+------------------------------+------------------------------+---------------"
: >"$WORK/djl.txt"; : >"$WORK/vmodel.txt"
for r in $(seq 1 "$ROUNDS"); do
  d="$(field img_s "$WORK/logs/round$r-djl.log")"; v="$(field img_s "$WORK/logs/round$r-vmodel.log")"
  echo "$d" >>"$WORK/djl.txt"; echo "$v" >>"$WORK/vmodel.txt"
  cell() { printf '%8s  f%s  %s' "$(field img_s "$1")" "$(field foreign "$1")" "$(field clean "$1")"; }
  printf '%-7s | %-28s | %-28s | %.2f\n' "$r" "$(cell "$WORK/logs/round$r-djl.log")" \
    "$(cell "$WORK/logs/round$r-vmodel.log")" "$(awk -v a="$v" -v b="$d" 'BEGIN { print a / b }')"
done
md="$(median <"$WORK/djl.txt")"; mv="$(median <"$WORK/vmodel.txt")"
printf '%s\n' "--------+------------------------------+------------------------------+---------------"
printf '%-7s | %-28s | %-28s | %.2f\n' median "$md" "$mv" "$(awk -v a="$mv" -v b="$md" 'BEGIN { print a / b }')"
if [ "$MODE" = train ]; then
  echo "loss (first -> last, last round): djl $(grep '^LOSS' "$WORK/logs/round$ROUNDS-djl.log" | sed 's/.*first=\([^ ]*\) last=\(.*\)/\1 -> \2/')," \
    "vmodel $(grep '^LOSS' "$WORK/logs/round$ROUNDS-vmodel.log" | sed 's/.*first=\([^ ]*\) last=\(.*\)/\1 -> \2/')"
fi
