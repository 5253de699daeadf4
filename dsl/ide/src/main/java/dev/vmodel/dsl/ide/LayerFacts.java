package dev.vmodel.dsl.ide;

import dev.vmodel.dsl.load.BigStack;
import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.ProgramLoader;
import dev.vmodel.dsl.load.ResourceSetSource;
import dev.vmodel.dsl.load.SpecSource;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.infer.Analysis;
import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Step;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.xtext.resource.XtextResource;

/**
 * What the semantic model infers for the layer or block call written at an offset of a file: its
 * shapes, parameters and MACs in each model variant that uses it (every variant of every model of
 * the file, in the order the analysis elaborates them). Found by source location, as the
 * generator's summary finds its rows; nothing when the program does not load or analyse cleanly
 * (the diagnostics say why).
 */
final class LayerFacts {
    private LayerFacts() {}

    /** One layer as one instance elaborates it. */
    record Fact(ModelInstance instance, Node node) {}

    /** The layer at {@code offset} in each instance that has it; empty when none or on errors. */
    static List<Fact> at(XtextResource resource, int offset) {
        try {
            return BigStack.call("vmodel-hover", () -> find(resource, offset));
        } catch (Exception | Error e) {
            return List.of();
        }
    }

    private static List<Fact> find(XtextResource resource, int offset) {
        List<Fact> facts = new ArrayList<>();
        if (!resource.getErrors().isEmpty()) return facts;
        ResourceSetSource source = new ResourceSetSource(resource);
        SpecSource.Ref root = source.rootRef();
        LoadResult loaded = ProgramLoader.load(source, root);
        if (loaded.program() == null || loaded.hasErrors()) return facts;
        Analysis.Result analysed = Analysis.analyze(loaded.program());
        if (analysed.hasErrors()) return facts;
        for (ModelInstance instance : analysed.instances()) {
            Node found = inBody(instance.body(), root.file(), offset);
            if (found != null) facts.add(new Fact(instance, found));
        }
        return facts;
    }

    /** The innermost layer or block call of {@code body} written around {@code offset} of {@code file}. */
    private static Node inBody(Body body, String file, int offset) {
        for (Step step : body.steps()) {
            Node found = inNode(step.node(), file, offset);
            if (found != null) return found;
        }
        return null;
    }

    private static Node inNode(Node node, String file, int offset) {
        Node inner = null;
        if (node instanceof Node.Residual r) inner = inBody(r.body(), file, offset);
        else if (node instanceof Node.Mix m) inner = inBody(m.body(), file, offset);
        else if (node instanceof Node.BlockCall b) inner = inBody(b.body(), file, offset);
        else if (node instanceof Node.Repeat r && !r.iterations().isEmpty())
            inner = inBody(r.iterations().get(0), file, offset);
        if (inner != null) return inner;
        boolean callLike = node instanceof Node.Layer
                || node instanceof Node.BlockCall
                || node instanceof Node.Weight
                || node instanceof Node.Const
                || node instanceof Node.Einsum
                || node instanceof Node.Take;
        return callLike && covers(node.source(), file, offset) ? node : null;
    }

    private static boolean covers(SourceLocation at, String file, int offset) {
        return at != null
                && file.equals(at.file())
                && at.offset() <= offset
                && offset <= at.offset() + Math.max(at.length(), 0);
    }
}
