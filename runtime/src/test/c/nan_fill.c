/*
 * Preloaded (LD_PRELOAD) into a test's child JVM: every block that posix_memalign hands out, which
 * is how libtorch allocates a tensor's memory on the CPU, starts filled with the bytes of a float
 * NaN. Memory that a kernel reads before writing then poisons its result every time, instead of
 * only when recycled memory happens to hold a NaN. See ChannelsLastConv2dTest.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

static int (*next_posix_memalign)(void **, size_t, size_t);

int posix_memalign(void **memory, size_t alignment, size_t size) {
    if (!next_posix_memalign) {
        next_posix_memalign = (int (*)(void **, size_t, size_t)) dlsym(RTLD_NEXT, "posix_memalign");
    }
    int status = next_posix_memalign(memory, alignment, size);
    if (status == 0 && *memory) {
        memset(*memory, 0xFF, size);
    }
    return status;
}
