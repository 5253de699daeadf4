package dev.vmodel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The trainer's fork gets the runtime's MKL dispatch library from the project's class path. */
class ProjectMklDispatchTest {

    /** The jar (or folder) the runtime's classes come from, as a project's class path lists it. */
    private static String runtimeJar() throws Exception {
        return Path.of(Class.forName(ProjectMklDispatch.CLASS)
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }

    /** The runtime's build compiles the library on Linux x86-64 wherever it finds /usr/bin/cc. */
    private static boolean buildHasLibrary() {
        String arch = System.getProperty("os.arch");
        return System.getProperty("os.name").equals("Linux")
                && (arch.equals("amd64") || arch.equals("x86_64"))
                && Files.isExecutable(Path.of("/usr/bin/cc"));
    }

    @Test
    void theRuntimeOnTheClassPathPreloadsItsLibrary() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("LD_PRELOAD", "/opt/mine.so"));
        Optional<Path> library = ProjectMklDispatch.configure(List.of(runtimeJar(), "/no/such.jar"), env);
        if (!buildHasLibrary()) {
            assertEquals(Optional.empty(), library);
            return;
        }
        assertTrue(Files.isRegularFile(library.orElseThrow()));
        assertEquals("/opt/mine.so:" + library.orElseThrow(), env.get("LD_PRELOAD"));
    }

    @Test
    void aClassPathWithoutTheRuntimeLeavesTheEnvironmentAlone() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin"));
        assertEquals(Optional.empty(), ProjectMklDispatch.configure(List.of("/no/such.jar"), env));
        assertEquals(Map.of("PATH", "/usr/bin"), env);
    }

    @Test
    void theSwitchTurnsItOff() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(ProjectMklDispatch.SWITCH, "off"));
        assertEquals(Optional.empty(), ProjectMklDispatch.configure(List.of(runtimeJar()), env));
        assertEquals(Map.of(ProjectMklDispatch.SWITCH, "off"), env);
    }
}
