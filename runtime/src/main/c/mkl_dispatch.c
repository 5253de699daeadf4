/*
 * Preloaded (LD_PRELOAD) into the JVMs that run libtorch, so that Intel oneMKL chooses its kernels
 * by the CPU's features rather than by its vendor. See dev.vmodel.runtime.MklDispatch.
 *
 * libtorch links oneMKL in statically and calls this function of MKL's through its dynamic symbol
 * table. Without it, MKL runs its generic kernels on every CPU that is not Intel's: on a Zen 4
 * EPYC, whose AVX-512 MKL then leaves unused, a 2048^3 fp32 matmul on 2 threads reaches 182
 * GFLOP/s instead of 211. MKL's own CPUID checks still decide which instruction sets it uses, so
 * a CPU gets no kernel its features do not allow; on Intel's CPUs this changes nothing.
 *
 * Built without the C library (-nostdlib): it needs none.
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
