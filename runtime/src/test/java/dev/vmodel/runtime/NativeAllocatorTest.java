package dev.vmodel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    @Test
    void addsTheSettingsAChildLacks() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
        NativeAllocator.configure(env);
        assertEquals(
                Map.of(
                        "PATH", "/usr/bin",
                        "MALLOC_ARENA_MAX", "1",
                        "MALLOC_MMAP_MAX_", "0",
                        "MALLOC_TRIM_THRESHOLD_", "68719476736"),
                env);
    }

    @Test
    void keepsWhatTheUserSet() {
        Map<String, String> env = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "4"));
        NativeAllocator.configure(env);
        assertEquals("4", env.get("MALLOC_ARENA_MAX"));
        assertEquals("0", env.get("MALLOC_MMAP_MAX_"));
    }
}
