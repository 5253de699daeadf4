package dev.vmodel.runtime.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The BLAS the PyTorch twin multiplies with on Debian: OpenBLAS's OpenMP build, whatever the
 * system's {@code libblas.so.3} alternative says.
 *
 * <p><b>Why.</b> Debian's {@code python3-torch} links {@code libblas.so.3} and {@code
 * libopenblas.so.0}, which {@code update-alternatives} points at one of OpenBLAS's builds, the
 * pthread one when both are installed (priority 100 against 95). Installing {@code python3-sklearn}
 * (the tests' digits) pulls in {@code libopenblas-dev} and with it the pthread build, so on a machine
 * that ran the tests the twin's products ran on OpenBLAS's own thread pool next to torch's OpenMP
 * threads, each spinning on the same two cores: on an Intel Xeon the twin's CVT-7/4 inference at
 * batch 16 fell from 305 to 91 img/s and CCT-7/3x1 training from 13.5 to 8.5, while a lone 2048³
 * product, the matmul peak, still read 295-309 GFLOP/s. PyTorch's own wheels multiply with MKL on
 * OpenMP threads, the same pool as its other operations; the OpenMP build of OpenBLAS is that
 * arrangement, so the twin gets it, ahead of the alternative on its library path, when Debian's
 * layout has it ({@code /usr/lib/<multiarch>/openblas-openmp/}). A user's own {@code
 * LD_LIBRARY_PATH} still comes first only where it already names an OpenBLAS folder; otherwise the
 * folder is put before it. The twin reports the library it loaded in its engine line.
 */
final class TwinBlas {

    private static final Path DEBIAN_LIBS = Path.of("/usr/lib");

    private TwinBlas() {}

    /**
     * Puts OpenBLAS's OpenMP build first on a child process's library path, when there is one and the
     * path does not name an OpenBLAS folder already.
     *
     * @param environment e.g. {@code ProcessBuilder.environment()}
     * @param libs the folder that holds the multiarch folders, {@code /usr/lib} on Debian
     */
    static void configure(Map<String, String> environment, Path libs) {
        String path = environment.getOrDefault("LD_LIBRARY_PATH", "");
        if (path.contains("openblas")) {
            return;
        }
        openmpBuild(libs)
                .ifPresent(dir ->
                        environment.put("LD_LIBRARY_PATH", dir + (path.isEmpty() ? "" : File.pathSeparator + path)));
    }

    static void configure(Map<String, String> environment) {
        configure(environment, DEBIAN_LIBS);
    }

    /** The folder of OpenBLAS's OpenMP build under {@code libs}, e.g. {@code x86_64-linux-gnu/openblas-openmp}. */
    static Optional<Path> openmpBuild(Path libs) {
        if (!Files.isDirectory(libs)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> arches = Files.newDirectoryStream(libs)) {
            for (Path arch : arches) {
                Path dir = arch.resolve("openblas-openmp");
                if (Files.isRegularFile(dir.resolve("libopenblas.so.0"))) {
                    return Optional.of(dir);
                }
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
