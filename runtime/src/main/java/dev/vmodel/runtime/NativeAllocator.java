package dev.vmodel.runtime;

import java.util.Map;

/**
 * glibc {@code malloc} settings for a process that runs libtorch on large batches, given to the
 * benchmark's DJL runs.
 *
 * <p><b>Why.</b> libtorch allocates every tensor with {@code malloc}. glibc serves a block of 32 MiB
 * or more (one activation of gMLP-Ti or Mixer-S at batch 64) with a fresh {@code mmap} and gives it
 * back with {@code munmap} when it is freed, so each of the step's hundreds of such tensors is
 * page-faulted and zeroed by the kernel again: at batch 64 a quarter of gMLP's training step went
 * to element-wise ops running at 3 GB/s. With one arena, no {@code mmap} for blocks and no trimming,
 * the freed blocks stay in the heap and the next step reuses them. Measured with {@code
 * TrainBenchmark} at batch 64, 2 threads: Mixer-S/16 training 5.3 to 7.0 img/s, gMLP-Ti/16 12.9
 * to 15.4.
 *
 * <p>glibc reads these variables once, when the process starts: {@code mallopt} from a running JVM
 * comes too late, because the threads that allocate already have their arenas (measured: no gain).
 * A variable the user has set is left as it is. Other C libraries ignore them.
 *
 * <p>The trainer does not get them by default: a heap that never gives memory back fragments, and in
 * {@code runtime/bench/train-rss.sh} (1,026 steps, epochs ending in a smaller batch) the resident
 * set crept up by 38 MiB after warm-up, against no trend without them. A user who trains at large
 * batches can export them before {@code mvn vmodel:train}; the forked JVM inherits Maven's
 * environment.
 */
public final class NativeAllocator {

    /**
     * The settings: one arena ({@code MALLOC_ARENA_MAX}), no {@code mmap} for blocks ({@code
     * MALLOC_MMAP_MAX_}), and a trim threshold of 64 GiB ({@code MALLOC_TRIM_THRESHOLD_}), so the
     * heap's free memory is kept for reuse. The resident set then stays at the run's peak.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of(
            "MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", Long.toString(64L << 30));

    private NativeAllocator() {}

    /**
     * Adds the settings to a child process's environment, keeping any the environment already has.
     *
     * @param environment e.g. {@code ProcessBuilder.environment()}
     */
    public static void configure(Map<String, String> environment) {
        ENVIRONMENT.forEach(environment::putIfAbsent);
    }
}
