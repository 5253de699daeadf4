package dev.vmodel.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MklDispatchTest {

    /** The runtime's build compiles the library on Linux x86-64 wherever it finds /usr/bin/cc. */
    private static boolean buildHasLibrary() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").equals("Linux")
                && (arch.equals("amd64") || arch.equals("x86_64"))
                && Files.isExecutable(Path.of("/usr/bin/cc"));
    }

    @Test
    void preloadsTheLibraryOfTheJar() throws IOException {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
        Optional<Path> library = MklDispatch.configure(env);
        if (!buildHasLibrary()) {
            assertEquals(Optional.empty(), library);
            assertEquals(Map.of("PATH", "/usr/bin"), env);
            return;
        }
        Path file = library.orElseThrow();
        assertEquals(file.toString(), env.get("LD_PRELOAD"));
        try (InputStream in = MklDispatch.class.getResourceAsStream(MklDispatch.LIBRARY)) {
            assertArrayEquals(in.readAllBytes(), Files.readAllBytes(file));
        }
        // An ELF shared object, not a truncated copy.
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(Files.readAllBytes(file), 4));
    }

    @Test
    void keepsWhatTheUserPreloadsFirst() {
        assumeTrue(buildHasLibrary(), "the build made no MKL dispatch library here");
        Map<String, String> env = new HashMap<>(Map.of("LD_PRELOAD", "/opt/mine.so"));
        Path file = MklDispatch.configure(env).orElseThrow();
        assertEquals("/opt/mine.so:" + file, env.get("LD_PRELOAD"));
        // A child's child inherits the entry and keeps it once.
        MklDispatch.configure(env);
        assertEquals("/opt/mine.so:" + file, env.get("LD_PRELOAD"));
    }

    @Test
    void theSwitchTurnsItOff() {
        Map<String, String> env = new HashMap<>(Map.of("VMODEL_MKL_DISPATCH", "OFF", "LD_PRELOAD", "/opt/mine.so"));
        assertEquals(Optional.empty(), MklDispatch.configure(env));
        assertEquals(Map.of("VMODEL_MKL_DISPATCH", "OFF", "LD_PRELOAD", "/opt/mine.so"), env);
    }

    /**
     * In a JVM started with the library MKL picks another code path on an AMD CPU than without it,
     * and libtorch's matmul agrees with a double-precision product either way.
     */
    @Test
    void aChildJvmMultipliesCorrectlyWithTheLibrary() throws Exception {
        assumeTrue(buildHasLibrary(), "the build made no MKL dispatch library here");
        Map<String, String> on = probe(true);
        assertEquals("true", on.get("loaded"));
        assertTrue(Double.parseDouble(on.get("error")) < 1e-5, "relative error " + on.get("error"));
        Map<String, String> off = probe(false);
        assertEquals("false", off.get("loaded"));
        if (Files.readString(Path.of("/proc/cpuinfo")).contains("AuthenticAMD")) {
            assertTrue(!on.get("cpu").equals(off.get("cpu")), "MKL's code path " + on + " against " + off);
        }
        assertTrue(Double.parseDouble(off.get("error")) < 1e-5, "relative error " + off.get("error"));
    }

    private static Map<String, String> probe(boolean dispatch) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=2",
                "-cp",
                System.getProperty("java.class.path"),
                MklProbe.class.getName()));
        pb.environment().remove("LD_PRELOAD");
        if (dispatch) {
            MklDispatch.configure(pb.environment());
        } else {
            pb.environment().put(MklDispatch.SWITCH, "off");
        }
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Matcher m = Pattern.compile("cpu=(\\d+) error=(\\S+) loaded=(\\w+)").matcher(out);
        assertTrue(m.find(), out);
        return Map.of("cpu", m.group(1), "error", m.group(2), "loaded", m.group(3));
    }
}
