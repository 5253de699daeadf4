package dev.vmodel.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.generator.pipeline.Checked;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Issue 12's specs in model-specs/next/, checked as the command line checks them, and a walk over their nodes. */
final class NextZoo {
    static final Path DIR = Path.of("../model-specs/next");

    private NextZoo() {}

    /** Every variant of a spec of model-specs/next/, which must validate without a single diagnostic. */
    static List<ModelInstance> instances(String file) {
        return instances(DIR.resolve(file));
    }

    static ModelInstance variant(String file, String variant) {
        return variant(DIR.resolve(file), variant);
    }

    /** Every variant of a spec anywhere, which must validate without a single diagnostic (warnings included). */
    static List<ModelInstance> instances(Path spec) {
        Checked c = VModelRun.builder().specs(List.of(spec)).build().check();
        assertTrue(
                c.diagnostics().isEmpty(),
                () -> spec.getFileName() + " should validate with no issue:\n"
                        + c.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        return c.instances();
    }

    static ModelInstance variant(Path spec, String variant) {
        return instances(spec).stream()
                .filter(m -> m.variant().equals(variant))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no variant " + variant + " in " + spec.getFileName()));
    }

    /** Every node of a model, depth first in the order of the spec, blocks, residuals and repeats entered. */
    static void walk(ModelInstance m, Consumer<Node> visit) {
        walk(m.body(), visit);
    }

    /** Every block the model uses, to the distinct parameter counts of its calls, in order. */
    static Map<String, Set<Long>> blockParams(ModelInstance m) {
        Map<String, Set<Long>> out = new LinkedHashMap<>();
        walk(m, node -> {
            if (node instanceof Node.BlockCall b)
                out.computeIfAbsent(b.block(), k -> new LinkedHashSet<>())
                        .add(b.cost().params());
        });
        return out;
    }

    private static void walk(Body body, Consumer<Node> visit) {
        for (Step s : body.steps()) {
            Node node = s.node();
            visit.accept(node);
            List<Body> inner = new ArrayList<>();
            if (node instanceof Node.BlockCall b) inner.add(b.body());
            else if (node instanceof Node.Residual r) inner.add(r.body());
            else if (node instanceof Node.Mix x) inner.add(x.body());
            else if (node instanceof Node.Repeat r) inner.addAll(r.iterations());
            for (Body b : inner) walk(b, visit);
        }
    }
}
