package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_NAME;
import static dev.vmodel.semantic.IssueCodes.RESERVED_NAME;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.DeclWalk;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ArgKind;
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks the blocks of the root file that no model of it reaches, and that elaboration therefore
 * never sees: everything that needs no input shape. Names of layers, blocks and values, argument
 * names and counts, and every expression that has a value without one (no size of the current
 * value, no required param, no repeat index): evaluated and checked against the argument it is
 * given to, so that a division by zero or a string given as a size is reported here, not in the
 * generated code of a library block.
 */
final class UnreachedBlocks {
    private final Program program;
    private final Map<String, BlockDecl> blocks;
    private final List<Diagnostic> out = new ArrayList<>();

    private UnreachedBlocks(Program program) {
        this.program = program;
        this.blocks = program.blocks();
    }

    static List<Diagnostic> check(Program program) {
        UnreachedBlocks c = new UnreachedBlocks(program);
        Set<String> reached = reached(program);
        for (BlockDecl b : program.root().blocks()) {
            if (!reached.contains(b.name()) && c.blocks.get(b.name()) == b) c.block(b);
        }
        return c.out;
    }

    /** Blocks reached through calls from the models of the root file. */
    static Set<String> reached(Program program) {
        Map<String, BlockDecl> blocks = program.blocks();
        Set<String> reached = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        for (ModelDecl m : program.root().models()) DeclWalk.calls(m.body(), c -> todo.add(c.name()));
        while (!todo.isEmpty()) {
            String name = todo.poll();
            BlockDecl b = blocks.get(name);
            if (b == null || !reached.add(name)) continue;
            DeclWalk.calls(b.body(), c -> todo.add(c.name()));
        }
        return reached;
    }

    /** A name whose value is only known once the block is used. */
    private static final class NotConstant extends RuntimeException {
        NotConstant() {
            super(null, null, false, false);
        }
    }

    private static final NotConstant NOT_CONSTANT = new NotConstant();

    private void block(BlockDecl b) {
        Names sizes = (name, at) -> {
            if (Elaborator.BUILTIN_NAMES.contains(name)) throw NOT_CONSTANT;
            return null;
        };
        Names params = new ParamEnv(b.params(), Map.of(), Map.of(), sizes).then(sizes);
        for (ParamDecl p : b.params()) {
            if (p.byDefault() != null) evaluate(p.byDefault(), params, Set.of());
        }
        body(b.body(), params, Set.of());
    }

    /** The value of {@code e}, or null when it has none without a use of the block (or is wrong: then reported). */
    private Value evaluate(Expr e, Names params, Set<String> indices) {
        Names names = (name, at) -> {
            if (indices.contains(name)) throw NOT_CONSTANT;
            return params.lookup(name, at);
        };
        try {
            return Evaluator.eval(e, names);
        } catch (NotConstant n) {
            return null;
        } catch (SpecError err) {
            // A required param has no value until the block is called: not this check's business.
            if (!err.diagnostic().code().equals(dev.vmodel.semantic.IssueCodes.UNBOUND_PARAM))
                out.add(err.diagnostic());
            return null;
        }
    }

    /** The values of one body: named values bound so far, and whether there is a current value. */
    private static final class Values {
        final Set<String> names = new HashSet<>();
        boolean current = true;
        String splitInto;
    }

    private void body(List<Stmt> stmts, Names params, Set<String> indices) {
        Values values = new Values();
        for (Stmt s : stmts) {
            try {
                if (s instanceof Stmt.Split split) {
                    split(split, values, params, indices);
                } else if (s instanceof Stmt.Const c) {
                    bind(values, c.name(), c.nameSource()); // its table needs the block's params: checked when used
                } else {
                    flow((Stmt.Flow) s, values, params, indices);
                }
            } catch (SpecError e) {
                out.add(e.diagnostic()); // as elaboration does, the rest of the statement is not checked
            }
        }
    }

    private void split(Stmt.Split split, Values values, Names params, Set<String> indices) {
        requireCurrent(values, split.source());
        Set<String> seen = new HashSet<>();
        for (Stmt.Split.Part p : split.parts()) {
            if (p.size() != null) {
                Value v = evaluate(p.size(), params, indices);
                if (v != null) Coerce.size(v, "part size", p.size().source());
            }
            if (!seen.add(p.name()))
                throw new SpecError(DUPLICATE_NAME, "part '" + p.name() + "' is named twice", p.source());
            bind(values, p.name(), p.source());
        }
        values.current = false;
        values.splitInto = split.parts().stream().map(Stmt.Split.Part::name).collect(Collectors.joining(", "));
    }

    private void flow(Stmt.Flow flow, Values values, Names params, Set<String> indices) {
        List<Stage> stages = flow.stages();
        Stage first = stages.get(0);
        int next = 1;
        if (first instanceof Stage.Call c && !c.hasParens() && values.names.contains(c.name())) {
            // starts from a named value
        } else if (first instanceof Stage.Merge m) {
            DataflowRules.namedValue(m.left(), values.names::contains);
            DataflowRules.namedValue(m.right(), values.names::contains);
        } else if (first instanceof Stage.Call c && c.name().equals("concat") && !values.names.contains("concat")) {
            DataflowRules.concat(c, values.names::contains);
        } else if (first instanceof Stage.Call c && c.isSource(values.names::contains)) {
            // weight, einsum, take: start a chain without the current value; checked when used
        } else {
            requireCurrent(values, first.source());
            next = 0;
        }
        for (int i = next; i < stages.size(); i++) stage(stages.get(i), values, params, indices);
        if (flow.target() != null) bind(values, flow.target(), flow.targetSource());
        else values.current = true;
    }

    private void stage(Stage st, Values values, Names params, Set<String> indices) {
        if (st instanceof Stage.Call c) {
            call(c, values, params, indices);
        } else if (st instanceof Stage.Merge m) {
            throw new SpecError(
                    BAD_VALUE,
                    "a merge ('" + m.left().name() + " " + m.op().symbol() + " "
                            + m.right().name() + "') must start a chain",
                    m.source());
        } else if (st instanceof Stage.Repeat r) {
            Value count = evaluate(r.count(), params, indices);
            if (count != null) {
                long n = ((Value.Int) Coerce.to(
                                ArgKind.COUNT,
                                count,
                                "repeat count",
                                Set.of(),
                                r.count().source()))
                        .value();
                if (n > Elaborator.MAX_REPEAT) {
                    throw new SpecError(
                            BAD_VALUE,
                            "repeat count " + n + " is more than " + Elaborator.MAX_REPEAT,
                            r.count().source());
                }
            }
            Set<String> inner = indices;
            if (r.index() != null) {
                if (Elaborator.BUILTIN_NAMES.contains(r.index())) {
                    throw new SpecError(
                            RESERVED_NAME,
                            "'" + r.index() + "' is a built-in size and cannot name a repeat index",
                            r.source());
                }
                inner = new HashSet<>(indices);
                inner.add(r.index());
            }
            body(r.body(), params, inner);
        } else if (st instanceof Stage.Residual r) {
            body(r.body(), params, indices);
        } else if (st instanceof Stage.Mix m) {
            if (m.axis() != Axis.TOKENS) {
                throw new SpecError(
                        BAD_VALUE,
                        "mix channels is what layers already do; use 'mix tokens' to act along the token axis",
                        m.source());
            }
            body(m.body(), params, indices);
        }
    }

    private void call(Stage.Call c, Values values, Names params, Set<String> indices) {
        if (!c.hasParens() && values.names.contains(c.name())) {
            throw new SpecError(BAD_VALUE, "'" + c.name() + "' is a value; a value can only start a chain", c.source());
        }
        Primitive p = Primitive.byName(c.name()).orElse(null);
        if (p == Primitive.REARRANGE) return; // its sizes are named by the pattern: checked when used
        if (p != null) {
            Map<String, Arg> bound = ArgBinder.bind(p, c);
            for (Primitive.Param param : p.params()) {
                Arg a = bound.get(param.name());
                if (a == null) continue;
                Value v = evaluate(a.value(), params, indices);
                if (v != null) {
                    Coerce.to(
                            param.kind(),
                            v,
                            p.dslName() + " " + param.name(),
                            param.symbols(),
                            a.value().source());
                }
            }
            return;
        }
        BlockDecl block = blocks.get(c.name());
        if (block != null) {
            Map<String, Arg> bound = ArgBinder.bind(block, c);
            for (Arg a : bound.values()) evaluate(a.value(), params, indices);
            return;
        }
        List<String> known = Stream.concat(
                        Stream.concat(
                                Arrays.stream(Primitive.values()).map(Primitive::dslName), blocks.keySet().stream()),
                        values.names.stream())
                .toList();
        throw new SpecError(
                UNKNOWN_NAME,
                "unknown layer, block or value '" + c.name() + "'" + Suggest.didYouMean(c.name(), known),
                c.source());
    }

    private static void requireCurrent(Values values, SourceLocation at) {
        if (!values.current) throw DataflowRules.noCurrentValue(values.splitInto, at);
    }

    private static void bind(Values values, String name, SourceLocation at) {
        if (Elaborator.BUILTIN_NAMES.contains(name)) {
            throw new SpecError(RESERVED_NAME, "'" + name + "' is a built-in size and cannot name a value", at);
        }
        values.names.add(name);
    }
}
