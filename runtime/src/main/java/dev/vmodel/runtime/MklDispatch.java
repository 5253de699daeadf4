package dev.vmodel.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Lets Intel oneMKL, which multiplies libtorch's fp32 matrices, pick its kernels by what the CPU
 * can do rather than by who made it, in a child JVM that runs DJL: the JVM starts with a small
 * library preloaded ({@code LD_PRELOAD}) that answers MKL's "is this an Intel CPU?" with yes.
 *
 * <p><b>Why.</b> MKL runs its generic kernels on any CPU that is not Intel's. On this project's
 * 2-core AMD EPYC (Zen 4, AVX-512) a 2048³ fp32 matmul on 2 threads reached 182 GFLOP/s that way
 * and 211 with the library, as fast as the OpenBLAS that Debian's PyTorch uses; Mixer-S/16
 * training at batch 64 went from 7.3 to 8.4 img/s. MKL's own CPUID checks still choose the
 * instruction set, so no CPU gets a kernel its features do not allow, and on Intel's CPUs nothing
 * changes. The library is {@code src/main/c/mkl_dispatch.c}, built into the jar on Linux x86-64
 * where the build has a C compiler; without it, or with {@code VMODEL_MKL_DISPATCH=off} in the
 * environment, children run MKL as libtorch ships it.
 *
 * <p>The library is copied out of the jar once, to {@code ~/.vmodel/native/<digest>/}, since a
 * dynamic linker only loads files.
 */
public final class MklDispatch {

    /** Set to {@code off} in the environment to run MKL as libtorch ships it. */
    public static final String SWITCH = "VMODEL_MKL_DISPATCH";

    static final String LIBRARY = "libvmodel_mkl_dispatch.so";

    private MklDispatch() {}

    /**
     * Adds the library to a child process's {@code LD_PRELOAD}, after any the environment already
     * preloads (once: a child of a child that has it keeps one entry), unless the environment
     * switches it off or this build has no library for the machine. A library that cannot be
     * copied out leaves the environment as it is.
     *
     * @param environment e.g. {@code ProcessBuilder.environment()}
     * @return the library preloaded, or empty when none is
     */
    public static Optional<Path> configure(Map<String, String> environment) {
        if ("off".equalsIgnoreCase(environment.getOrDefault(SWITCH, "").strip())) {
            return Optional.empty();
        }
        Optional<Path> library = library();
        library.ifPresent(lib -> {
            String preloaded = environment.getOrDefault("LD_PRELOAD", "").strip();
            if (preloaded.isEmpty()) {
                environment.put("LD_PRELOAD", lib.toString());
            } else if (!Arrays.asList(preloaded.split("[:\\s]+")).contains(lib.toString())) {
                environment.put("LD_PRELOAD", preloaded + ":" + lib);
            }
        });
        return library;
    }

    /**
     * Whether this process runs with the library loaded (Linux: it is mapped in {@code
     * /proc/self/maps}), for reports that say how their engine ran.
     */
    public static boolean loaded() {
        return mapped(LIBRARY).isPresent();
    }

    /**
     * The file of a shared library this process has mapped, by its file name ({@code
     * libtorch_cpu.so}); empty when none is, or where {@code /proc/self/maps} cannot be read.
     */
    static Optional<Path> mapped(String fileName) {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(file -> file.endsWith("/" + fileName))
                    .findFirst()
                    .map(Path::of);
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** The library as a file, copied out of the jar if needed; empty where this build has none. */
    static Optional<Path> library() {
        byte[] bytes;
        try (InputStream in = MklDispatch.class.getResourceAsStream(LIBRARY)) {
            if (in == null || !isLinuxX8664()) {
                return Optional.empty();
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return Optional.empty();
        }
        Path dir = Path.of(System.getProperty("user.home"), ".vmodel", "native", digest(bytes));
        Path file = dir.resolve(LIBRARY);
        try {
            if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return Optional.of(file);
            }
            // Another JVM may be copying it too: each writes its own file and moves it in whole.
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, LIBRARY, ".part");
            try {
                Files.write(part, bytes);
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            return Optional.of(file);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isLinuxX8664() {
        String arch = System.getProperty("os.arch", "");
        return System.getProperty("os.name", "").equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
