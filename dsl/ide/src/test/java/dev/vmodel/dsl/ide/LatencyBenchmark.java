package dev.vmodel.dsl.ide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;

/**
 * How fast the server answers an editor, measured with a real LSP client: the time from an edit
 * ({@code didChange}) of a 200-line spec to its new diagnostics, and the time of a hover on one of
 * its layers (which elaborates the model to show the layer's shape and cost). Edits alternate
 * between a valid spec and one with an error, so that each wait sees that edit's diagnostics.
 * Prints p50 and p95 (targets: diagnostics under 100 ms, hover under 50 ms). Not a unit test:
 * timings depend on the machine. Run from the repository root, after {@code mvn -pl dsl/ide -am
 * test-compile}:
 *
 * <pre>mvn -B -o -q -pl dsl/ide exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.vmodel.dsl.ide.LatencyBenchmark [-Dexec.args="ROUNDS [SPEC [ROOT]]"]</pre>
 *
 * <p>With SPEC (e.g. {@code $PWD/model-specs/gmlp.vmodel}), that spec is measured instead, with the
 * specs of its folder (or of ROOT, for imports that climb out of it: {@code
 * model-specs/next/swin.vmodel} needs {@code model-specs}) copied to the workspace for its imports;
 * the edit misspells its first {@code layerNorm}, and the hover is on it.
 *
 * <p>exec:java then interrupts the server's idle request threads, which log an
 * InterruptedException after the figures; it is harmless.
 */
public final class LatencyBenchmark {
    private LatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path workspace = Files.createTempDirectory("vmodel-lsp-bench");
        Path file;
        String valid;
        String broken;
        int hoverLine;
        int hoverColumn;
        if (args.length > 1) {
            // A spec of the zoo, with the files it imports: its folder copied to the workspace.
            Path spec = Path.of(args[1]).toAbsolutePath();
            Path root = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : spec.getParent();
            copySpecs(root, workspace);
            file = workspace.resolve(root.relativize(spec).toString());
            valid = Files.readString(file);
            int at = valid.indexOf("layerNorm");
            if (at < 0) throw new IllegalArgumentException(spec + " has no layerNorm to break and hover");
            broken = valid.substring(0, at) + "layerNorn" + valid.substring(at + "layerNorm".length());
            hoverLine =
                    (int) valid.substring(0, at).chars().filter(c -> c == '\n').count();
            hoverColumn = at - valid.lastIndexOf('\n', at - 1);
        } else {
            file = workspace.resolve("bench.vmodel");
            valid = spec(200);
            broken = valid.replace("linear(dim) -> gelu }  // line 100", "linear(dimm) -> gelu }  // line 100");
            Files.writeString(file, valid);
            hoverLine = (int)
                    valid.lines().takeWhile(l -> !l.contains("// line 100")).count();
            hoverColumn = 27;
        }
        run(workspace, file, valid, broken, new Position(hoverLine, hoverColumn), rounds);
    }

    private static void run(Path workspace, Path file, String valid, String broken, Position hoverAt, int rounds)
            throws Exception {
        int warmup = 20;
        try (LspSession lsp = new LspSession()) {
            lsp.initialize(workspace);
            lsp.open(file, valid);
            lsp.awaitDiagnostics(file, List::isEmpty);
            List<Double> diagnostics = new ArrayList<>();
            int version = 1;
            for (int i = 0; i < warmup + rounds; i++) {
                boolean toBroken = i % 2 == 0;
                long start = System.nanoTime();
                lsp.change(file, ++version, toBroken ? broken : valid);
                lsp.awaitDiagnostics(file, d -> toBroken != d.isEmpty());
                if (i >= warmup) diagnostics.add((System.nanoTime() - start) / 1e6);
            }
            lsp.change(file, ++version, valid);
            lsp.awaitDiagnostics(file, List::isEmpty);
            HoverParams hover = new HoverParams(new TextDocumentIdentifier(LspSession.uri(file)), hoverAt);
            List<Double> hovers = new ArrayList<>();
            for (int i = 0; i < warmup + rounds; i++) {
                long start = System.nanoTime();
                LspSession.get(lsp.server.getTextDocumentService().hover(hover));
                if (i >= warmup) hovers.add((System.nanoTime() - start) / 1e6);
            }
            System.out.println("spec: " + file.getFileName() + ", "
                    + valid.lines().count() + " lines, " + rounds + " rounds after " + warmup + " warm-up");
            report("diagnostics after an edit", diagnostics);
            report("hover on a layer", hovers);
        }
    }

    /** Copies the .vmodel files under {@code from} (keeping their folders) to {@code to}. */
    private static void copySpecs(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".vmodel")).collect(Collectors.toList())) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }

    /** A valid model of about {@code lines} lines: a patch embedding, then one residual MLP per line. */
    static String spec(int lines) {
        StringBuilder sb = new StringBuilder();
        sb.append("/** A long model for timing the language server. */\n");
        sb.append("model Long {\n  param dim = 64\n  input image(3, 32, 32)\n  classes 10\n");
        sb.append("  conv(dim, kernel = 4, stride = 4) -> tokens\n");
        for (int number = 7; number < lines - 1; number++) {
            sb.append("  residual { layerNorm -> linear(dim) -> gelu }  // line ")
                    .append(number)
                    .append("\n");
        }
        sb.append("  layerNorm -> pool(mean) -> linear(classes)\n}\n");
        return sb.toString();
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(
                "%-28s p50 %7.1f ms   p95 %7.1f ms   max %7.1f ms%n",
                what, rank(sorted, 0.50), rank(sorted, 0.95), sorted.get(sorted.size() - 1));
    }

    /** Nearest-rank percentile of sorted values. */
    private static double rank(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
