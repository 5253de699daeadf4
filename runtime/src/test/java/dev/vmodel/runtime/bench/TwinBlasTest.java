package dev.vmodel.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwinBlasTest {

    @TempDir
    Path libs;

    /** Debian's layout: both builds under the multiarch folder, the alternative pointing at either. */
    private Path debianLayout() throws Exception {
        Path arch = Files.createDirectories(libs.resolve("x86_64-linux-gnu"));
        for (String build : new String[] {"openblas-pthread", "openblas-openmp"}) {
            Path dir = Files.createDirectories(arch.resolve(build));
            Files.writeString(dir.resolve("libopenblas.so.0"), "");
            Files.writeString(dir.resolve("libblas.so.3"), "");
        }
        return arch.resolve("openblas-openmp");
    }

    @Test
    void theOpenMpBuildGoesFirstOnTheLibraryPath() throws Exception {
        Path openmp = debianLayout();
        Map<String, String> env = new HashMap<>();
        TwinBlas.configure(env, libs);
        assertEquals(openmp.toString(), env.get("LD_LIBRARY_PATH"));

        Map<String, String> withPath = new HashMap<>(Map.of("LD_LIBRARY_PATH", "/opt/cuda/lib64"));
        TwinBlas.configure(withPath, libs);
        assertEquals(openmp + ":/opt/cuda/lib64", withPath.get("LD_LIBRARY_PATH"));
    }

    @Test
    void aPathThatAlreadyNamesAnOpenBlasIsTheUsers() throws Exception {
        debianLayout();
        String chosen = "/usr/lib/x86_64-linux-gnu/openblas-pthread";
        Map<String, String> env = new HashMap<>(Map.of("LD_LIBRARY_PATH", chosen));
        TwinBlas.configure(env, libs);
        assertEquals(chosen, env.get("LD_LIBRARY_PATH"));
    }

    @Test
    void withoutTheOpenMpBuildNothingChanges() throws Exception {
        Path pthread = Files.createDirectories(libs.resolve("x86_64-linux-gnu/openblas-pthread"));
        Files.writeString(pthread.resolve("libopenblas.so.0"), "");
        Map<String, String> env = new HashMap<>();
        TwinBlas.configure(env, libs);
        assertFalse(env.containsKey("LD_LIBRARY_PATH"));
        TwinBlas.configure(env, libs.resolve("missing"));
        assertTrue(env.isEmpty());
    }
}
