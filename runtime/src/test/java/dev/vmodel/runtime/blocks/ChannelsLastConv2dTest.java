package dev.vmodel.runtime.blocks;

import static dev.vmodel.runtime.BlockTesting.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelsLastConv2dTest extends TestBase {

    @TempDir
    Path dir;

    /** Strided, grouped, dilated, with a bias: the same function, shapes and saved form as Conv2d. */
    @Test
    void computesWhatConv2dComputes() throws Exception {
        Shape in = new Shape(3, 6, 9, 7);
        Conv2d plain = init(stridedGroupedDilated(Conv2d.builder()), m, in);
        Conv2d channelsLast = init(stridedGroupedDilated(ChannelsLastConv2d.builder()), m, in);
        float[] w = values(4 * 3 * 9, 0.3f);
        set(plain.getParameters().get("weight"), w);
        set(channelsLast.getParameters().get("weight"), w);
        set(plain.getParameters().get("bias"), 0.5f, -1, 0.25f, 2);
        set(channelsLast.getParameters().get("bias"), 0.5f, -1, 0.25f, 2);
        NDArray x = input(m, 3, 6, 9, 7);
        NDList out = forwardList(channelsLast, m, false, x);
        assertOutputShapes(channelsLast, out, in);
        assertArrayEquals(
                forward(plain, m, x).toFloatArray(), out.singletonOrThrow().toFloatArray(), TOL);
        assertGradients(channelsLast, m, x);
        assertSaveLoad(channelsLast, () -> stridedGroupedDilated(ChannelsLastConv2d.builder()), m, x);
    }

    /** 6 -> 4 channels in 2 groups, 3 x 3 kernel, stride 2, padding 2, dilation 2, with a bias. */
    private static Conv2d stridedGroupedDilated(Conv2d.Builder builder) {
        return builder.setFilters(4)
                .setKernelShape(new Shape(3, 3))
                .optStride(new Shape(2, 2))
                .optPadding(new Shape(2, 2))
                .optDilation(new Shape(2, 2))
                .optGroups(2)
                .build();
    }

    /** The relayout keeps every value in place, from either layout. */
    @Test
    void channelsLastKeepsTheValues() {
        NDArray x = input(m, 2, 3, 4, 5);
        NDArray once = ChannelsLastConv2d.channelsLast(x);
        NDArray twice = ChannelsLastConv2d.channelsLast(once);
        assertEquals(x.getShape(), twice.getShape());
        assertArrayEquals(x.toFloatArray(), once.toFloatArray(), 0f);
        assertArrayEquals(x.toFloatArray(), twice.toFloatArray(), 0f);
    }

    /**
     * Here, in this JVM's memory as it comes, a batch through ChannelsLastConv2d gives what one
     * image at a time gives. (DJL's Conv2d, on this project's AVX-512 machine, was 18-32% off for
     * every channel count that is not a multiple of 16, or NaN.)
     */
    @Test
    void agreesWithOneImageAtATime() {
        for (int[] c : ConvolutionProbe.CHANNELS) {
            ConvolutionProbe.Outcome o = ConvolutionProbe.run(m, ChannelsLastConv2d::builder, c[0], c[1]);
            assertTrue(o.nonFinite() == 0 && o.error() < 1e-5, c[0] + " -> " + c[1] + " channels: " + o);
        }
    }

    /**
     * With every allocation filled with NaN (src/test/c/nan_fill.c preloaded into a child JVM), a
     * batch through ChannelsLastConv2d still gives the one-image reference's values. On a CPU with
     * AVX-512, DJL's Conv2d does not: oneDNN reads the padding of its channel blocks, which is the
     * reason for the block; should a libtorch update stop that, this test says so. It says so only
     * where the fault was seen, AMD's AVX-512 CPUs (Zen 4 and Zen 5): on an Intel Xeon with AVX-512
     * and AMX oneDNN chose other kernels and the plain Conv2d was exact.
     */
    @Test
    void channelsLastIsImmuneToUninitialisedMemory() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/cc")), "no C compiler here for the NaN-filling library");
        Path library = dir.resolve("libnan_fill.so");
        Process cc = new ProcessBuilder(
                        "/usr/bin/cc",
                        "-O2",
                        "-shared",
                        "-fPIC",
                        "-o",
                        library.toString(),
                        Path.of("src/test/c/nan_fill.c").toAbsolutePath().toString(),
                        "-ldl")
                .redirectErrorStream(true)
                .start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), ccOut);
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=2",
                "-cp",
                System.getProperty("java.class.path"),
                ConvolutionProbe.class.getName());
        pb.environment().put("LD_PRELOAD", library.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("empty-is-nan=true"), "the library did not fill allocations with NaN:\n" + out);
        Matcher line = Pattern.compile("kind=(\\S+) in=(\\d+) out=(\\d+) nonfinite=(\\d+) error=(\\S+)")
                .matcher(out);
        int plainBroken = 0;
        int lines = 0;
        while (line.find()) {
            lines++;
            boolean broken = Integer.parseInt(line.group(4)) > 0 || Double.parseDouble(line.group(5)) >= 1e-5;
            if (line.group(1).equals("channels-last")) {
                assertTrue(!broken, "ChannelsLastConv2d on NaN-filled memory: " + line.group() + "\n" + out);
            } else if (broken) {
                plainBroken++;
            }
        }
        assertEquals(2 * ConvolutionProbe.CHANNELS.length, lines, out);
        String cpu = Files.readString(Path.of("/proc/cpuinfo"));
        if (cpu.contains("AuthenticAMD") && cpu.contains(" avx512f")) {
            assertTrue(
                    plainBroken > 0,
                    "Conv2d no longer reads uninitialised memory on this AMD AVX-512 CPU: ChannelsLastConv2d may have"
                            + " become unnecessary\n" + out);
        }
    }
}
