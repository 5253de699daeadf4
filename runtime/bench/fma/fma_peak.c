/*
 * The CPU's fp32 fused-multiply-add ceiling: independent FMA chains on registers only, no memory
 * traffic, on 1 and on N threads. No BLAS can beat it, so it bounds what any matmul-bound model
 * can reach: the benchmark's "% of the matmul peak" is read against MKL's 2048^3 matmul, which
 * runs at about 90% of this on this project's machine.
 *
 * Built by fma-peak.sh with -O3 -march=native -fopenmp and 512-bit vectors preferred; GCC's vector
 * extension lowers the 16-float vectors to whatever the CPU has (AVX-512, or pairs of AVX2).
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

typedef float v16 __attribute__((vector_size(64)));

/* More chains than FMA latency x FMA ports, so the ports never wait for a result. */
#define CHAINS 12

static double gflops(int threads, long iterations) {
    double t0 = omp_get_wtime();
    float sink = 0;
#pragma omp parallel num_threads(threads) reduction(+ : sink)
    {
        v16 acc[CHAINS];
        v16 mul, add;
        for (int j = 0; j < 16; j++) {
            mul[j] = 1.0000001f;
            add[j] = 1e-9f;
        }
        for (int i = 0; i < CHAINS; i++) acc[i] = mul * (float)i;
        for (long n = 0; n < iterations; n++) {
#pragma GCC unroll 12
            for (int i = 0; i < CHAINS; i++) acc[i] = acc[i] * mul + add;
        }
        v16 s = acc[0];
        for (int i = 1; i < CHAINS; i++) s += acc[i];
        for (int j = 0; j < 16; j++) sink += s[j];
    }
    double seconds = omp_get_wtime() - t0;
    if (sink == 42.0f) printf(" "); /* keeps the loop from being optimised away */
    return 2.0 * 16 * CHAINS * iterations * threads / seconds / 1e9;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : omp_get_num_procs();
    long iterations = 40000000L;
    gflops(threads, iterations / 10); /* warm-up: clocks up, threads started */
    double best1 = 0, bestN = 0;
    for (int r = 0; r < 3; r++) {
        double g1 = gflops(1, iterations), gN = gflops(threads, iterations);
        if (g1 > best1) best1 = g1;
        if (gN > bestN) bestN = gN;
    }
    printf("fp32 FMA ceiling: %.0f GFLOP/s on 1 thread, %.0f GFLOP/s on %d threads\n", best1, bestN, threads);
    return 0;
}
