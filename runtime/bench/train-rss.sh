#!/bin/bash
# Native memory of a long training run: the resident set (RSS) of the trainer's JVM, sampled every
# second while `mvn vmodel:train` trains a generated zoo model on synthetic data for more than
# 1,000 steps, then the RSS per epoch and its change after the first three epochs (warm-up:
# allocator pools, JIT, the engine's caches). Run the README's main job first.
#
# Usage: runtime/bench/train-rss.sh
# Environment:
#   MODEL=Cct VARIANT=cct_7_3x1     the model (any generated zoo model)
#   PARAMS="-Dvmodel.param.layers=2 -Dvmodel.param.dim=64 -Dvmodel.param.heads=2"   smaller and faster
#   EPOCHS=18 BATCH=16              1,024 synthetic images, 922 for training: 57 steps per epoch
#   JVM_ARGS="-Xms512m -Xmx512m -XX:+AlwaysPreTouch"   the trainer's heap, fixed and touched up
#                                   front, so that the resident set moves only with native memory
#   WORK=/tmp/vmodel-bench/train-rss   the run folder and the log
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODEL="${MODEL:-Cct}"
VARIANT="${VARIANT:-cct_7_3x1}"
PARAMS="${PARAMS:--Dvmodel.param.layers=2 -Dvmodel.param.dim=64 -Dvmodel.param.heads=2}"
EPOCHS="${EPOCHS:-18}"
BATCH="${BATCH:-16}"
WORK="${WORK:-/tmp/vmodel-bench/train-rss}"
JVM_ARGS="${JVM_ARGS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}"
rm -rf "$WORK" && mkdir -p "$WORK"
log="$WORK/train.log"
# shellcheck disable=SC2086
mvn -B -o -f "$ROOT/model-specs" vmodel:train -Dvmodel.model="$MODEL" -Dvmodel.variant="$VARIANT" $PARAMS \
  -Dvmodel.format=synthetic -Dvmodel.epochs="$EPOCHS" -Dvmodel.warmupEpochs=1 -Dvmodel.batch="$BATCH" \
  -Dvmodel.progress=false -Dvmodel.jvmArgs="$JVM_ARGS" -Dvmodel.output="$WORK/run" > "$log" 2>&1 &
mvn_pid=$!
pid=""
for _ in $(seq 1 120); do
  pid="$(pgrep -f 'vmodel-train.args' | head -1 || true)"
  [ -n "$pid" ] && break
  kill -0 "$mvn_pid" 2>/dev/null || break
  sleep 1
done
if [ -z "$pid" ]; then echo "train-rss: the trainer did not start; see $log" >&2; tail -5 "$log" >&2; exit 1; fi
echo "trainer pid $pid: $MODEL/$VARIANT $PARAMS, $EPOCHS epochs of batch $BATCH; sampling RSS every second"
samples="$WORK/rss.tsv"
: > "$samples"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  epochs=$(grep -c '^epoch [0-9]*/[0-9]*  train loss' "$log" || true)
  [ -n "$rss" ] && printf '%s\t%s\n' "$epochs" "$rss" >> "$samples"
  sleep 1
done
wait "$mvn_pid" || { echo "train-rss: the run failed; see $log" >&2; tail -5 "$log" >&2; exit 1; }
steps=$(grep -o 'epochs of [0-9]* steps' "$log" | grep -o '[0-9]*' | head -1)
echo "steps per epoch: $steps, total: $((steps * EPOCHS))"
echo "epoch	RSS MiB (last sample while the epoch was under way)"
awk -F'\t' '{ last[$1] = $2 } END { for (e = 0; e in last; e++) printf "%d\t%.1f\n", e + 1, last[e] / 1024 }' "$samples"
awk -F'\t' -v steps="$steps" '
  { if ($1 >= 3) { if (!base) base = $2; if (!lo || $2 < lo) lo = $2; if ($2 > hi) hi = $2 } final = $2 }
  END { printf "after the first 3 epochs (%d steps of warm-up): %.1f -> %.1f MiB at the end (%+.1f MiB), range %.1f-%.1f MiB\n", steps * 3, base / 1024, final / 1024, (final - base) / 1024, lo / 1024, hi / 1024 }' "$samples"
