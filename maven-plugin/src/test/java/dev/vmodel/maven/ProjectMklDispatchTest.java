package dev.vmodel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.runtime.MklDispatch;
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
        return ClassLocations.of(MklDispatch.class);
    }

    @Test
    void theRuntimeOnTheClassPathPreloadsItsLibrary() throws Exception {
        // What the runtime does when called directly (MklDispatchTest checks that part).
        Optional<Path> direct = MklDispatch.configure(new HashMap<>());
        Map<String, String> env = new HashMap<>(Map.of("LD_PRELOAD", "/opt/mine.so"));
        Optional<Path> library = ProjectMklDispatch.configure(List.of(runtimeJar(), "/no/such.jar"), env);
        assertEquals(direct, library);
        if (library.isPresent()) {
            assertTrue(Files.isRegularFile(library.get()));
            assertEquals("/opt/mine.so:" + library.get(), env.get("LD_PRELOAD"));
        } else {
            assertEquals(Map.of("LD_PRELOAD", "/opt/mine.so"), env);
        }
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
