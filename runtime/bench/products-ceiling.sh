#!/bin/bash
# The most of the matmul peak a generated model's step could reach if it ran nothing but its matrix
# products (dev.vmodel.runtime.bench.ProductsCeiling): one step recorded by libtorch's profiler, its
# mm/bmm/addmm replayed on arrays of the same shapes, round after round with the benchmark's peak
# and real steps. Read the benchmark's "% of peak" against it. Run the README's main job first (it
# builds the runtime and the zoo into model-specs/target/classes).
#
# Usage: runtime/bench/products-ceiling.sh MODEL VARIANT [options]
#   e.g. runtime/bench/products-ceiling.sh GMlp ti16 --batch 16 --mode train --rounds 3
#   options: --batch N, --mode train|infer, --rounds N, --steps N, --param NAME=VALUE (--help lists them)
# Environment: THREADS (intra-op threads; default every core)
# The JVM runs as the benchmark's DJL runs do: the same allocator settings (NativeAllocator) and
# MKL dispatch library (MklDispatch) when the build made one.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: runtime/bench/products-ceiling.sh MODEL VARIANT [options], e.g. GMlp ti16 --batch 16" >&2
  exit 2
fi
ZOO="$ROOT/model-specs/target/classes"
RUNTIME="$ROOT/runtime/target/classes"
if [ ! -d "$ZOO/META-INF/services" ] || [ ! -d "$RUNTIME/dev/vmodel/runtime/bench" ]; then
  echo "products-ceiling: no built zoo in $ZOO or runtime in $RUNTIME; run the README's main job first" >&2
  exit 2
fi
cp_file="$(mktemp)"
trap 'rm -f "$cp_file" "$cp_file.log"' EXIT
if ! (cd "$ROOT" && mvn -q -B dependency:build-classpath -pl runtime -Dmdep.outputFile="$cp_file") >"$cp_file.log" 2>&1; then
  echo "products-ceiling: the runtime's class path could not be resolved:" >&2
  tail -5 "$cp_file.log" >&2
  exit 1
fi
CP="$ZOO:$RUNTIME:$(cat "$cp_file")"
export MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
lib="$RUNTIME/dev/vmodel/runtime/libvmodel_mkl_dispatch.so"
[ -f "$lib" ] && export LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$lib"
java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="${THREADS:-$(nproc)}" \
  -Dai.djl.pytorch.num_interop_threads=1 -cp "$CP" \
  dev.vmodel.runtime.bench.ProductsCeiling --model "$1" --variant "$2" "${@:3}"
