#!/bin/bash
# The CPU's fp32 FMA ceiling (fma/fma_peak.c), on 1 thread and on THREADS threads: the most any
# matmul can reach here. Read the benchmark's "% of the matmul peak" (MKL's 2048^3 matmul) and its
# targets against it: on this project's 2-core AMD EPYC (Zen 4), 115-117 GFLOP/s per core, 221-233 on
# both, where MKL's matmul reached 204-216.
#
# Usage: runtime/bench/fma-peak.sh          Environment: THREADS (default: every core)
# Needs gcc (the set-up scripts install it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$(mktemp -d)/fma_peak"
trap 'rm -rf "$(dirname "$bin")"' EXIT
gcc -O3 -march=native -mprefer-vector-width=512 -fopenmp -o "$bin" "$HERE/fma/fma_peak.c"
"$bin" "${THREADS:-$(nproc)}"
