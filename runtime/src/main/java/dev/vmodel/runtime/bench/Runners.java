package dev.vmodel.runtime.bench;

import com.google.gson.JsonObject;
import dev.vmodel.runtime.MklDispatch;
import dev.vmodel.runtime.NativeAllocator;
import dev.vmodel.runtime.model.ModelFamily;
import dev.vmodel.runtime.model.PythonTwins;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the case runners of both stacks as child processes and reads what they print: the
 * generated DJL model in a JVM on this JVM's class path ({@link DjlRunner}), the PyTorch twin in a
 * Python process ({@code vmodel_bench} of the twin library). One process per stack and case, so
 * that each one's memory figures are its own and neither warms the other's caches. Both get the
 * same intra-op thread count, one inter-op thread and the same timing protocol.
 */
final class Runners {

    /** What a runner printed: its JSON lines, and when it failed, why. */
    record Outcome(List<JsonObject> lines, int exitCode, String problem) {
        boolean ok() {
            return exitCode == 0 && problem == null;
        }
    }

    /** A runner longer than this is stuck (the slowest full-size case takes a few minutes). */
    private static final long TIMEOUT_MINUTES = 30;

    private final int threads;
    private final List<String> protocol;
    private final String python;
    private final Path twinRoot;
    private final Set<Process> live = ConcurrentHashMap.newKeySet();

    /**
     * @param threads intra-op threads of both stacks
     * @param protocol the timing options both runners take ({@code --warmup-s 5 --windows 5 ...})
     * @param python the Python interpreter of the twin
     * @param twinRoot the folder the generated Python package is under, or null without a twin
     */
    Runners(int threads, List<String> protocol, String python, Path twinRoot) {
        this.threads = threads;
        this.protocol = List.copyOf(protocol);
        this.python = python;
        this.twinRoot = twinRoot;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "vmodel-benchmark-stop"));
    }

    /** Stops every runner still going (an interrupted benchmark leaves no process behind). */
    void stopAll() {
        live.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        live.forEach(Process::destroyForcibly);
    }

    /**
     * Measures a case on the generated DJL model.
     *
     * @param c the case; its mode may be {@code both}
     * @return the outcome
     */
    Outcome djl(BenchCase c) {
        List<String> args = new ArrayList<>(List.of("--model", c.model()));
        args.addAll(caseArgs(c));
        return run(javaCommand(args), null);
    }

    /**
     * Measures a case on the PyTorch twin.
     *
     * @param family the model's family (names the twin's module)
     * @param c the case; its mode may be {@code both}
     * @return the outcome
     */
    Outcome twin(ModelFamily family, BenchCase c) {
        List<String> cmd = new ArrayList<>(pythonCommand(family.getClass().getPackageName()));
        cmd.addAll(List.of("--model", PythonTwins.module(family) + ":" + family.name(), "--threads", "" + threads));
        cmd.addAll(caseArgs(c));
        return run(cmd, twinRoot);
    }

    /**
     * Measures the fp32 matmul peak of a stack.
     *
     * @param stack {@link Measurement#VMODEL} or {@link Measurement#PYTORCH}
     * @param n the matrix size
     * @param pkg the generated Python package whose twin library runs the PyTorch side
     * @return the outcome: one line with {@code gflops}
     */
    Outcome peak(String stack, int n, String pkg) {
        if (stack.equals(Measurement.PYTORCH)) {
            List<String> cmd = new ArrayList<>(pythonCommand(pkg));
            cmd.addAll(List.of("--matmul", "" + n, "--threads", "" + threads));
            return run(cmd, twinRoot);
        }
        return run(javaCommand(List.of("--matmul", "" + n)), null);
    }

    /** A JVM on this JVM's class path running {@link DjlRunner} with the given arguments. */
    private List<String> javaCommand(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-Dai.djl.pytorch.num_threads=" + threads);
        cmd.add("-Dai.djl.pytorch.num_interop_threads=1");
        // The user's DJL and logging settings reach the runner as they reach this JVM.
        System.getProperties().stringPropertyNames().stream()
                .filter(k ->
                        (k.startsWith("ai.djl.") && !k.startsWith("ai.djl.pytorch.num_") && !k.equals("ai.djl.offline"))
                                || k.startsWith("org.slf4j."))
                .sorted()
                .forEach(k -> cmd.add("-D" + k + "=" + System.getProperty(k)));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DjlRunner.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Whether the twin can run: the package holds {@code vmodel_bench.py} and the interpreter
     * imports torch.
     *
     * @param pkgDir the folder of the generated package
     * @return null when it can, else why not (one line)
     */
    String twinProblem(Path pkgDir) {
        if (twinRoot == null) {
            return "the PyTorch twin was not asked for";
        }
        if (!Files.isRegularFile(pkgDir.resolve("vmodel_bench.py"))) {
            return "no generated PyTorch twin in " + pkgDir
                    + " (generate it with <targets>java,pytorch</targets> or -Dvmodel.targets=java,pytorch)";
        }
        Outcome o = run(List.of(python, "-c", "import torch; print('{\"mode\": \"torch\"}')"), twinRoot);
        if (!o.ok()) {
            return python + " cannot import torch (" + o.problem()
                    + "); install it, e.g. apt-get install python3-torch libopenblas0-openmp, or set VMODEL_PYTHON";
        }
        return null;
    }

    /** The twin library's benchmark module in a generated package ({@code dev.vmodel.zoo}). */
    private List<String> pythonCommand(String pkg) {
        return List.of(python, "-m", (pkg.isEmpty() ? "" : pkg + ".") + "vmodel_bench");
    }

    private List<String> caseArgs(BenchCase c) {
        List<String> a = new ArrayList<>();
        a.addAll(List.of("--variant", c.variant()));
        for (Map.Entry<String, String> e : c.overrides().entrySet()) {
            a.addAll(List.of("--param", e.getKey() + "=" + e.getValue()));
        }
        a.addAll(List.of("--batch", "" + c.batch(), "--mode", c.mode()));
        a.addAll(protocol);
        return a;
    }

    /**
     * Runs a command and collects its JSON lines. {@code dir} is the twin's folder for a Python
     * command, null for a DJL runner, which gets vmodel's {@link NativeAllocator} settings and
     * {@link MklDispatch} (the twin runs as PyTorch comes, with the environment this JVM has and,
     * on Debian, {@link TwinBlas}'s OpenBLAS).
     */
    private Outcome run(List<String> cmd, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (dir == null) {
            NativeAllocator.configure(pb.environment());
            MklDispatch.configure(pb.environment());
        } else {
            pb.directory(dir.toFile());
            TwinBlas.configure(pb.environment());
            pb.environment().put("PYTHONPATH", dir.toAbsolutePath().toString());
        }
        pb.environment().put("OMP_NUM_THREADS", "" + threads);
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(List.of(), -1, "cannot start " + cmd.get(0) + ": " + e.getMessage());
        }
        live.add(p);
        try {
            StringBuilder errText = new StringBuilder();
            Thread errReader = new Thread(() -> drain(p, errText), "vmodel-benchmark-stderr");
            errReader.start();
            List<JsonObject> lines = new ArrayList<>();
            String problem = null;
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("{")) {
                        try {
                            lines.add(MeasurementJson.parse(line));
                        } catch (IllegalArgumentException e) {
                            problem = e.getMessage();
                        }
                    }
                }
            }
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return new Outcome(lines, -1, "no result after " + TIMEOUT_MINUTES + " minutes");
            }
            errReader.join();
            int rc = p.exitValue();
            if (rc != 0) {
                problem = lastLine(errText.toString(), "exit status " + rc);
            }
            return new Outcome(lines, rc, problem);
        } catch (IOException e) {
            return new Outcome(List.of(), -1, "lost the runner's output: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return new Outcome(List.of(), -1, "interrupted");
        } finally {
            live.remove(p);
        }
    }

    private static void drain(Process p, StringBuilder into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (into) {
                    into.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process is gone; what was read is kept
        }
    }

    /** The last non-blank line a failing runner printed: its one-line message. */
    private static String lastLine(String text, String fallback) {
        List<String> lines =
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? fallback : lines.get(lines.size() - 1);
    }
}
