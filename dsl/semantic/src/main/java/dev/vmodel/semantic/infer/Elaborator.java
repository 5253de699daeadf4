package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.BLOCK_RECURSION;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_NAME;
import static dev.vmodel.semantic.IssueCodes.IMAGE_OP_ON_TOKENS;
import static dev.vmodel.semantic.IssueCodes.MERGE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.MODEL_TOO_LARGE;
import static dev.vmodel.semantic.IssueCodes.NESTING_TOO_DEEP;
import static dev.vmodel.semantic.IssueCodes.RESERVED_NAME;
import static dev.vmodel.semantic.IssueCodes.SHAPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.SPLIT_NOT_DIVIDING;
import static dev.vmodel.semantic.IssueCodes.TOKEN_OP_ON_IMAGE;
import static dev.vmodel.semantic.IssueCodes.UNDEFINED_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;
import static dev.vmodel.semantic.IssueCodes.UNUSED_VALUE;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.decl.VariantDecl;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.SpecError;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ArgKind;
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.MergeOp;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Primitive;
import dev.vmodel.semantic.model.Shape;
import dev.vmodel.semantic.model.Step;
import dev.vmodel.semantic.model.TrainRecipe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Expands every variant of every model in the root file: binds params, evaluates expressions and
 * infers the shape and cost of every node (the shape-inference service). The first error in a
 * variant stops that variant (later shapes would only repeat it); every model and variant is tried.
 * Errors inside blocks from other files are reported at the call site in the root file.
 */
final class Elaborator {
    /** Names that always mean a size of the current value or the class count. */
    static final Set<String> BUILTIN_NAMES = Set.of("tokens", "channels", "height", "width", "classes");

    static final int MAX_NESTING = 200;
    static final int MAX_REPEAT = 10_000;
    /**
     * The most layers and bodies (of repeat iterations, blocks, residuals) one model variant may
     * expand to. The summary and its JSON list every layer of every repeat iteration, so a bigger
     * model could not be shown anyway. The largest zoo variant has under 1,000; at the limit
     * {@code validate} takes about 0.5 s more and 60 MB (a million took 3.5 s and 400 MB).
     */
    static final long MAX_ELABORATED = 100_000;

    static final String DEFAULT_VARIANT = "default";

    private final Program program;
    private final Map<String, BlockDecl> blocks;
    private final String rootFile;
    /** Each error, with the variants in which it occurred (to say "in variant base" when not all). */
    private final Map<Diagnostic, Set<String>> errors = new LinkedHashMap<>();

    private final Map<Diagnostic, List<String>> errorModelVariants = new LinkedHashMap<>();
    private final Set<Diagnostic> warnings = new LinkedHashSet<>();
    /** Errors in param defaults, reported once whichever variants override them. */
    private final Set<Diagnostic> defaultErrors = new LinkedHashSet<>();

    // State of the variant being elaborated.
    private final Deque<String> blockStack = new ArrayDeque<>();
    private int depth;
    /** Layers and bodies elaborated so far in this variant, bounded by {@link #MAX_ELABORATED}. */
    private long elaborated;

    private Names classesName = Names.NONE;

    Elaborator(Program program) {
        this.program = program;
        this.blocks = program.blocks();
        this.rootFile = program.root().path();
    }

    List<ModelInstance> elaborateAll() {
        List<ModelInstance> instances = new ArrayList<>();
        Set<String> seenModels = new HashSet<>();
        for (ModelDecl m : program.root().models()) {
            if (!seenModels.add(m.name())) continue;
            defaults(m);
            List<VariantDecl> variants = variantsOf(m);
            List<String> names = variants.stream().map(VariantDecl::name).toList();
            for (VariantDecl v : variants) {
                try {
                    ModelInstance instance = model(m, v);
                    if (instance != null) instances.add(instance);
                } catch (SpecError e) {
                    Diagnostic d = e.diagnostic();
                    errors.computeIfAbsent(d, k -> new LinkedHashSet<>()).add(v.name());
                    errorModelVariants.putIfAbsent(d, names);
                } catch (Skip skip) {
                    // already reported by the declaration checks
                }
            }
        }
        return instances;
    }

    /** Errors (with "in variant ..." where only some variants fail) and warnings. */
    List<Diagnostic> diagnostics() {
        List<Diagnostic> all = new ArrayList<>();
        all.addAll(defaultErrors);
        errors.forEach((d, failing) -> {
            List<String> variants = errorModelVariants.get(d);
            if (defaultErrors.contains(d)) return; // wrong whatever the variant
            if (failing.size() == variants.size()) {
                all.add(d);
            } else {
                String which = (failing.size() == 1 ? "variant " : "variants ") + String.join(", ", failing);
                all.add(new Diagnostic(d.severity(), d.code(), d.message() + " (in " + which + ")", d.location()));
            }
        });
        all.addAll(warnings);
        return all;
    }

    /**
     * Every param default that has a value without a variant is evaluated, even where each variant
     * overrides it: the defaults are what a builder starts from, so one that does not evaluate
     * ({@code 1 / 0}) is an error at the default.
     */
    private void defaults(ModelDecl m) {
        Names noSizes = (name, at) -> {
            if (name.equals("classes")) throw new Skip(); // checked with the variants
            return NOT_A_SIZE_HERE.lookup(name, at);
        };
        ParamEnv env = new ParamEnv(m.params(), Map.of(), Map.of(), noSizes);
        for (ParamDecl p : m.params()) {
            if (p.isRequired()) continue;
            try {
                env.lookup(p.name(), p.source());
            } catch (SpecError e) {
                if (!e.diagnostic().code().equals(dev.vmodel.semantic.IssueCodes.UNBOUND_PARAM))
                    defaultErrors.add(e.diagnostic());
            } catch (Skip skip) {
                // depends on classes: evaluated in each variant
            }
        }
    }

    /** The declared variants, or one implicit variant when a model declares none. */
    static List<VariantDecl> variantsOf(ModelDecl m) {
        if (!m.variants().isEmpty()) {
            Map<String, VariantDecl> unique = new LinkedHashMap<>();
            for (VariantDecl v : m.variants()) unique.putIfAbsent(v.name(), v);
            return List.copyOf(unique.values());
        }
        return List.of(new VariantDecl(DEFAULT_VARIANT, List.of(), null, m.source()));
    }

    // ------------------------------------------------------------------------------------------
    // Models

    private ModelInstance model(ModelDecl m, VariantDecl variant) {
        blockStack.clear();
        depth = 0;
        elaborated = 0;
        Map<String, Expr> bindings = new LinkedHashMap<>();
        Set<String> paramNames = m.params().stream().map(ParamDecl::name).collect(Collectors.toSet());
        for (Arg b : variant.bindings()) {
            if (b.isNamed() && paramNames.contains(b.name())) bindings.putIfAbsent(b.name(), b.value());
        }
        for (ParamDecl p : m.params()) {
            if (p.isRequired() && !bindings.containsKey(p.name())) throw new Skip(); // unbound: reported already
        }
        if (m.input() == null || m.classes() == null) throw new Skip();

        ParamEnv[] env = new ParamEnv[1];
        Value[] classes = new Value[1];
        boolean[] evaluatingClasses = {false};
        Names classesLookup = (name, at) -> {
            if (!name.equals("classes")) return null;
            if (classes[0] == null) {
                if (evaluatingClasses[0]) throw new SpecError(BAD_VALUE, "classes is defined in terms of itself", at);
                evaluatingClasses[0] = true;
                classes[0] = new Value.Int(Coerce.size(
                        Evaluator.eval(m.classes(), env[0].then(NOT_A_SIZE_HERE)),
                        "classes",
                        m.classes().source()));
            }
            return classes[0];
        };
        env[0] = new ParamEnv(m.params(), bindings, Map.of(), classesLookup.then(NOT_A_SIZE_HERE));
        classesName = classesLookup;
        Names modelNames = env[0].then(classesLookup).then(NOT_A_SIZE_HERE);

        Shape input = input(m, modelNames);
        long numClasses =
                ((Value.Int) classesLookup.lookup("classes", m.classes().source())).value();
        Map<String, Value> params = env[0].all();
        Body body = body(m.body(), input, new Scope(env[0], null), m.source());
        Shape expected = Shape.vector(numClasses);
        if (!body.out().equals(expected)) {
            SourceLocation at = m.body().isEmpty()
                    ? m.source()
                    : m.body().get(m.body().size() - 1).source();
            throw new SpecError(
                    SHAPE_MISMATCH,
                    "model " + m.name() + " ends in " + body.out() + ", but a classifier must end in " + expected
                            + "; finish with e.g. 'pool(mean) -> linear(classes)'",
                    at);
        }
        TrainRecipe train = TrainSettings.evaluate(m);
        requireCountable(body, m.source());
        return new ModelInstance(m.name(), variant.name(), m.doc(), m.source(), params, input, numClasses, body, train);
    }

    /**
     * Each layer's count fits a long (the elaboration checks it), but their sums, which the
     * summary and every tool print, may not: refuse such a model here rather than fail later.
     */
    private static void requireCountable(Body body, SourceLocation at) {
        try {
            body.cost().totalMacs();
        } catch (ArithmeticException e) {
            throw new SpecError(
                    dev.vmodel.semantic.IssueCodes.INTEGER_OVERFLOW,
                    "the model's parameter or multiply-accumulate count is larger than " + Long.MAX_VALUE
                            + "; make it smaller",
                    at);
        }
    }

    private Shape input(ModelDecl m, Names names) {
        var in = m.input();
        long[] dims = new long[in.dims().size()];
        for (int i = 0; i < dims.length; i++) {
            Expr e = in.dims().get(i);
            dims[i] = Coerce.size(Evaluator.eval(e, names), "input size", e.source());
        }
        int expected = switch (in.kind()) {
            case IMAGE -> 3;
            case TOKENS -> 2;
            case VECTOR -> 1;
            case TENSOR -> Math.max(3, dims.length);
        };
        if (dims.length != expected) {
            String what = switch (in.kind()) {
                case IMAGE -> "image(channels, height, width)";
                case TOKENS -> "tokens(count, width)";
                case VECTOR -> "vector(width)";
                case TENSOR -> "tensor(sizes...)";
            };
            throw new SpecError(
                    BAD_VALUE, "input " + what + " needs " + expected + " sizes, got " + dims.length, in.source());
        }
        return new Shape(in.kind(), Arrays.stream(dims).boxed().toList());
    }

    // ------------------------------------------------------------------------------------------
    // Bodies: dataflow over named values

    /** Names visible in a body, and the shape whose sizes {@code tokens}/{@code channels} mean (inside a mix). */
    private record Scope(Names names, Shape frozenSizes) {}

    /** The values of one body while it is elaborated. */
    private final class Values {
        final Map<String, Shape> shapes = new LinkedHashMap<>();
        final Map<String, SourceLocation> boundAt = new LinkedHashMap<>();
        final Set<String> read = new HashSet<>();
        /** The constant tables declared so far, for index expressions and {@code take}. */
        final Map<String, Value.Table> tables = new LinkedHashMap<>();

        Shape current;
        String splitInto;

        void bind(String name, Shape shape, SourceLocation at) {
            if (BUILTIN_NAMES.contains(name)) {
                throw new SpecError(RESERVED_NAME, "'" + name + "' is a built-in size and cannot name a value", at);
            }
            warnIfUnread(name);
            shapes.put(name, shape);
            boundAt.put(name, at);
            read.remove(name);
        }

        Shape read(String name) {
            read.add(name);
            return shapes.get(name);
        }

        void warnIfUnread(String name) {
            if (shapes.containsKey(name) && !read.contains(name)) {
                warnings.add(Diagnostic.warning(UNUSED_VALUE, "value '" + name + "' is never used", boundAt.get(name)));
            }
        }
    }

    private Body body(List<Stmt> stmts, Shape in, Scope scope, SourceLocation where) {
        if (++depth > MAX_NESTING) {
            throw new SpecError(
                    NESTING_TOO_DEEP,
                    "nesting deeper than " + MAX_NESTING + " levels (blocks, residuals, repeats)",
                    where);
        }
        count(1, where);
        try {
            Values values = new Values();
            values.current = in;
            List<Step> steps = new ArrayList<>();
            for (Stmt s : stmts) {
                if (s instanceof Stmt.Split split) {
                    steps.add(split(split, values));
                } else if (s instanceof Stmt.Const c) {
                    steps.add(TensorRules.constant(
                            c, values.tables, bodyNames(scope, values), values::bind, values::read));
                } else {
                    flow((Stmt.Flow) s, values, scope, steps);
                }
            }
            if (values.current == null) {
                SourceLocation at =
                        stmts.isEmpty() ? where : stmts.get(stmts.size() - 1).source();
                throw new SpecError(
                        UNDEFINED_VALUE,
                        "the body ends without a value: the current value was split into " + values.splitInto
                                + "; end with a merge such as '" + mergeExample(values) + "'",
                        at);
            }
            for (String name : values.shapes.keySet()) values.warnIfUnread(name);
            return new Body(steps, in, values.current);
        } finally {
            depth--;
        }
    }

    private static String mergeExample(Values values) {
        List<String> names = new ArrayList<>(values.shapes.keySet());
        return names.size() >= 2 ? names.get(0) + " * " + names.get(1) : "concat(...)";
    }

    private Step split(Stmt.Split split, Values values) {
        Shape in = requireCurrent(values, split.source());
        long total;
        if (split.axis() == Axis.TOKENS) {
            if (!in.isTokens()) {
                throw new SpecError(
                        in.isImage() ? TOKEN_OP_ON_IMAGE : SHAPE_MISMATCH,
                        "split tokens needs tokens, got " + in,
                        split.source());
            }
            total = in.tokens();
        } else {
            total = in.channels();
        }
        int k = split.parts().size();
        List<Long> sizes = new ArrayList<>();
        boolean sized = split.parts().stream().anyMatch(p -> p.size() != null);
        if (!sized) {
            if (total % k != 0) {
                throw new SpecError(
                        SPLIT_NOT_DIVIDING,
                        "cannot split " + total + " " + split.axis().word() + " into " + k + " equal parts",
                        split.source());
            }
            for (int i = 0; i < k; i++) sizes.add(total / k);
        } else {
            long sum = 0;
            for (Stmt.Split.Part p : split.parts()) {
                if (p.size() == null) {
                    throw new SpecError(
                            BAD_VALUE, "give every part a size or none: '" + p.name() + "' has none", p.source());
                }
                long size = Coerce.size(
                        Evaluator.eval(p.size(), sizes(in).then(classesName)),
                        "part size",
                        p.size().source());
                sizes.add(size);
                sum += size;
            }
            if (sum != total) {
                throw new SpecError(
                        SPLIT_NOT_DIVIDING,
                        "parts " + sizes.stream().map(String::valueOf).collect(Collectors.joining(" + ")) + " = " + sum
                                + " do not add up to the " + total + " "
                                + split.axis().word(),
                        split.source());
            }
        }
        List<Shape> outs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < k; i++) {
            Stmt.Split.Part p = split.parts().get(i);
            if (!seen.add(p.name())) {
                throw new SpecError(DUPLICATE_NAME, "part '" + p.name() + "' is named twice", p.source());
            }
            Shape part = split.axis() == Axis.TOKENS
                    ? Shape.tokens(sizes.get(i), in.channels())
                    : in.withChannels(sizes.get(i));
            outs.add(part);
            values.bind(p.name(), part, p.source());
        }
        values.current = null;
        values.splitInto = split.parts().stream().map(Stmt.Split.Part::name).collect(Collectors.joining(", "));
        List<String> names = split.parts().stream().map(Stmt.Split.Part::name).toList();
        return new Step(List.of(Step.CURRENT), names, new Node.Split(split.axis(), sizes, in, outs, split.source()));
    }

    private void flow(Stmt.Flow flow, Values values, Scope scope, List<Step> steps) {
        List<Stage> stages = flow.stages();
        String out = flow.target() != null ? flow.target() : Step.CURRENT;
        Stage first = stages.get(0);
        int next = 1;
        Shape cur;
        String in;
        if (first instanceof Stage.Call c && !c.hasParens() && values.shapes.containsKey(c.name())) {
            cur = values.read(c.name());
            in = c.name();
            if (stages.size() == 1) {
                steps.add(new Step(List.of(in), List.of(out), identity(cur, c.source())));
            }
        } else if (first instanceof Stage.Merge m) {
            Node node = merge(m, values);
            steps.add(new Step(List.of(m.left().name(), m.right().name()), List.of(out), node));
            cur = node.out();
            in = out;
        } else if (first instanceof Stage.Call c && c.isSource(values.shapes::containsKey)) {
            List<String> inputs = new ArrayList<>();
            Node node =
                    TensorRules.source(c, bodyNames(scope, values), values.shapes, values.tables, inputs, values::read);
            count(1, c.source());
            steps.add(new Step(inputs, List.of(out), node));
            cur = node.out();
            in = out;
        } else if (first instanceof Stage.Call c && c.name().equals("concat") && !values.shapes.containsKey("concat")) {
            List<String> inputs = new ArrayList<>();
            Node node = concat(c, values, inputs);
            steps.add(new Step(inputs, List.of(out), node));
            cur = node.out();
            in = out;
        } else {
            cur = requireCurrent(values, first.source());
            in = Step.CURRENT;
            next = 0;
        }
        for (int i = next; i < stages.size(); i++) {
            Node node = stage(stages.get(i), cur, scope, values);
            if (node == null) { // repeat 0: nothing to do
                if (!in.equals(out)) node = identity(cur, stages.get(i).source());
                else continue;
            }
            steps.add(new Step(List.of(in), List.of(out), node));
            cur = node.out();
            in = out;
        }
        if (flow.target() != null) {
            values.bind(flow.target(), cur, flow.targetSource());
        } else {
            values.current = cur;
        }
    }

    private Shape requireCurrent(Values values, SourceLocation at) {
        if (values.current == null) throw DataflowRules.noCurrentValue(values.splitInto, at);
        return values.current;
    }

    private Node stage(Stage stage, Shape in, Scope scope, Values values) {
        if (stage instanceof Stage.Call c) return call(c, in, scope, values);
        if (stage instanceof Stage.Merge m) {
            throw new SpecError(
                    BAD_VALUE,
                    "a merge ('" + m.left().name() + " " + m.op().symbol() + " "
                            + m.right().name() + "') must start a chain",
                    m.source());
        }
        if (stage instanceof Stage.Repeat r) return repeat(r, in, scope);
        if (stage instanceof Stage.Residual r) {
            Body body = body(r.body(), in, scope, r.source());
            if (!body.out().equals(in)) {
                throw new SpecError(
                        SHAPE_MISMATCH,
                        "residual body maps " + in + " to " + body.out()
                                + "; a residual needs the same shape in and out",
                        r.source());
            }
            return new Node.Residual(body, r.source());
        }
        return mix((Stage.Mix) stage, in, scope);
    }

    private Node call(Stage.Call c, Shape in, Scope scope, Values values) {
        if (!c.hasParens() && values.shapes.containsKey(c.name())) {
            throw new SpecError(BAD_VALUE, "'" + c.name() + "' is a value; a value can only start a chain", c.source());
        }
        var primitive = Primitive.byName(c.name());
        if (primitive.isPresent()) return layer(primitive.get(), c, in, scope);
        BlockDecl block = blocks.get(c.name());
        if (block != null) return blockCall(block, c, in, scope);
        List<String> known = Stream.concat(
                        Stream.concat(
                                Arrays.stream(Primitive.values()).map(Primitive::dslName), blocks.keySet().stream()),
                        values.shapes.keySet().stream())
                .toList();
        throw new SpecError(
                UNKNOWN_NAME,
                "unknown layer, block or value '" + c.name() + "'" + Suggest.didYouMean(c.name(), known),
                c.source());
    }

    private Node layer(Primitive p, Stage.Call c, Shape in, Scope scope) {
        if (p == Primitive.REARRANGE) {
            Node node = TensorRules.rearrange(c, in, names(scope, in));
            count(1, c.source());
            return node;
        }
        Map<String, Arg> bound = ArgBinder.bind(p, c);
        Names env = names(scope, in);
        Map<String, Value> resolved = new LinkedHashMap<>();
        for (Primitive.Param param : p.params()) {
            Arg a = bound.get(param.name());
            Value v;
            if (a != null) {
                v = Coerce.to(
                        param.kind(),
                        Evaluator.eval(a.value(), env),
                        p.dslName() + " " + param.name(),
                        param.symbols(),
                        a.value().source());
            } else if (param.defaultFrom() != null) {
                v = resolved.get(param.defaultFrom());
            } else {
                v = param.byDefault();
            }
            if (v != null) resolved.put(param.name(), v);
        }
        Primitive.Result r;
        try {
            r = p.infer(resolved, in, c.source());
        } catch (SpecError e) {
            throw e.diagnostic().location().file().equals("?")
                    ? new SpecError(e.diagnostic().code(), e.diagnostic().message(), c.source())
                    : e;
        }
        count(1, c.source());
        return new Node.Layer(p, resolved, in, r.out(), r.cost(), c.source());
    }

    /** Counts {@code n} more elaborated layers or bodies, refusing a variant beyond {@link #MAX_ELABORATED}. */
    private void count(long n, SourceLocation at) {
        if (n > MAX_ELABORATED - elaborated) throw tooLarge(at, "the model");
        elaborated += n;
    }

    private static SpecError tooLarge(SourceLocation at, String what) {
        return new SpecError(
                MODEL_TOO_LARGE,
                what + " expands to more than " + String.format(java.util.Locale.ROOT, "%,d", MAX_ELABORATED)
                        + " layers and bodies, the most one variant may have (each is elaborated, summarised and"
                        + " generated); use fewer or smaller repeats",
                at);
    }

    private Node identity(Shape shape, SourceLocation at) {
        count(1, at);
        return new Node.Layer(Primitive.IDENTITY, Map.of(), shape, shape, dev.vmodel.semantic.model.Cost.ZERO, at);
    }

    private Node blockCall(BlockDecl block, Stage.Call c, Shape in, Scope scope) {
        if (blockStack.contains(block.name())) {
            if (block.source().file().equals(rootFile)) throw new Skip(); // the declaration checks report it
            List<String> cycle = new ArrayList<>(blockStack);
            java.util.Collections.reverse(cycle);
            cycle = cycle.subList(cycle.indexOf(block.name()), cycle.size());
            throw new SpecError(
                    BLOCK_RECURSION,
                    "block '" + block.name() + "' is recursive: " + String.join(" -> ", cycle) + " -> " + block.name(),
                    c.source());
        }
        Map<String, Arg> bound = ArgBinder.bind(block, c);
        Names callerNames = names(scope, in);
        Map<String, Value> preset = new LinkedHashMap<>();
        bound.forEach((name, arg) -> preset.put(name, Evaluator.eval(arg.value(), callerNames)));
        ParamEnv env = new ParamEnv(block.params(), Map.of(), preset, sizes(in).then(classesName));
        blockStack.push(block.name());
        try {
            Map<String, Value> args = env.all();
            Body body = body(block.body(), in, new Scope(env, null), block.source());
            return new Node.BlockCall(block.name(), args, body, block.source(), c.source());
        } catch (SpecError e) {
            throw anchorInRoot(e, block, c);
        } finally {
            blockStack.pop();
        }
    }

    /** An error inside a block of another file is shown at the call site in the file being checked. */
    private SpecError anchorInRoot(SpecError e, BlockDecl block, Stage.Call call) {
        Diagnostic d = e.diagnostic();
        if (d.location().file().equals(rootFile) || !call.source().file().equals(rootFile)) return e;
        return new SpecError(d.code(), d.message() + " (at " + d.location() + ")", call.source());
    }

    private Node repeat(Stage.Repeat r, Shape in, Scope scope) {
        Value countValue = Coerce.to(
                ArgKind.COUNT,
                Evaluator.eval(r.count(), names(scope, in)),
                "repeat count",
                Set.of(),
                r.count().source());
        long count = ((Value.Int) countValue).value();
        if (count > MAX_REPEAT) {
            throw new SpecError(
                    BAD_VALUE,
                    "repeat count " + count + " is more than " + MAX_REPEAT,
                    r.count().source());
        }
        if (r.index() != null && BUILTIN_NAMES.contains(r.index())) {
            throw new SpecError(
                    RESERVED_NAME, "'" + r.index() + "' is a built-in size and cannot name a repeat index", r.source());
        }
        List<Body> iterations = new ArrayList<>();
        Shape cur = in;
        long before = elaborated;
        for (long i = 0; i < count; i++) {
            if (i == 1) {
                // Refuse at once what would only be refused after expanding up to the limit: the
                // first iteration's size times the count (iterations rarely differ in size, and
                // count() still bounds those that grow).
                long perIteration = elaborated - before;
                if (perIteration > (MAX_ELABORATED - before) / count) {
                    throw tooLarge(
                            r.source(),
                            String.format(
                                    java.util.Locale.ROOT,
                                    "repeat %,d of a body of %,d layers and bodies",
                                    count,
                                    perIteration));
                }
            }
            Value index = new Value.Int(i);
            Names indexName = r.index() == null ? Names.NONE : (name, at) -> name.equals(r.index()) ? index : null;
            Body body = body(r.body(), cur, new Scope(indexName.then(scope.names()), scope.frozenSizes()), r.source());
            iterations.add(body);
            cur = body.out();
        }
        return iterations.isEmpty() ? null : new Node.Repeat(r.index(), iterations, r.source());
    }

    private Node mix(Stage.Mix m, Shape in, Scope scope) {
        if (m.axis() != Axis.TOKENS) {
            throw new SpecError(
                    BAD_VALUE,
                    "mix channels is what layers already do; use 'mix tokens' to act along the token axis",
                    m.source());
        }
        if (!in.isTokens()) {
            throw new SpecError(
                    in.isImage() ? TOKEN_OP_ON_IMAGE : SHAPE_MISMATCH,
                    "mix tokens needs tokens, got " + in
                            + (in.isImage() ? "; flatten the image into tokens with 'tokens' first" : ""),
                    m.source());
        }
        Shape transposed = Shape.tokens(in.channels(), in.tokens());
        Body body = body(m.body(), transposed, new Scope(scope.names(), in), m.source());
        if (!body.out().isTokens()) {
            throw new SpecError(
                    SHAPE_MISMATCH, "the body of mix tokens must keep a token layout, got " + body.out(), m.source());
        }
        Shape out = Shape.tokens(body.out().channels(), body.out().tokens());
        return new Node.Mix(m.axis(), body, in, out, m.source());
    }

    private Node merge(Stage.Merge m, Values values) {
        Shape left = namedValue(m.left(), values);
        Shape right = namedValue(m.right(), values);
        Shape out = left.equals(right) ? left : TensorRules.broadcast(left, right);
        if (out == null) {
            throw new SpecError(
                    MERGE_MISMATCH,
                    "cannot " + m.op().verb() + " " + m.left().name() + " " + left + " and "
                            + m.right().name() + " " + right + ": the shapes differ"
                            + (left.isImage() || right.isImage()
                                    ? ""
                                    : " and do not broadcast (sizes must be equal or 1, aligned at the last axis)"),
                    m.source());
        }
        return new Node.Merge(m.op(), null, List.of(left, right), out, m.source());
    }

    private Shape namedValue(Stage.Call c, Values values) {
        DataflowRules.namedValue(c, values.shapes::containsKey);
        return values.read(c.name());
    }

    private Node concat(Stage.Call c, Values values, List<String> inputs) {
        DataflowRules.Concat call = DataflowRules.concat(c, values.shapes::containsKey);
        Axis axis = call.axis();
        inputs.addAll(call.inputs());
        List<Shape> shapes = new ArrayList<>();
        for (String name : call.inputs()) shapes.add(values.read(name));
        Shape first = shapes.get(0);
        long sum = 0;
        for (int i = 0; i < shapes.size(); i++) {
            Shape s = shapes.get(i);
            boolean compatible = s.kind() == first.kind()
                    && (axis == Axis.CHANNELS
                            ? s.withChannels(1).equals(first.withChannels(1))
                            : s.isTokens() && s.channels() == first.channels());
            if (!compatible) {
                throw new SpecError(
                        MERGE_MISMATCH,
                        "cannot concatenate " + inputs.get(0) + " " + first + " and " + inputs.get(i) + " " + s
                                + " along " + axis.word(),
                        c.source());
            }
            sum = Math.addExact(sum, axis == Axis.CHANNELS ? s.channels() : s.tokens());
        }
        Shape out = axis == Axis.CHANNELS ? first.withChannels(sum) : Shape.tokens(sum, first.channels());
        return new Node.Merge(MergeOp.CONCAT, axis, shapes, out, c.source());
    }

    // ------------------------------------------------------------------------------------------
    // Names

    /**
     * Names for expressions that may stand where there is no current value (a {@code const} or a
     * {@code weight} after a split): the sizes of the current value only when there is one.
     */
    private Names bodyNames(Scope scope, Values values) {
        return values.current != null || scope.frozenSizes() != null
                ? names(scope, values.current)
                : scope.names().then(NO_CURRENT_VALUE).then(classesName);
    }

    private static final Names NO_CURRENT_VALUE = (name, at) -> {
        if (name.equals("tokens") || name.equals("channels") || name.equals("height") || name.equals("width")) {
            throw new SpecError(
                    UNDEFINED_VALUE, "'" + name + "' is a size of the current value, but there is none here", at);
        }
        return null;
    };

    private Names names(Scope scope, Shape in) {
        return scope.names()
                .then(sizes(scope.frozenSizes() != null ? scope.frozenSizes() : in))
                .then(classesName);
    }

    /** {@code tokens}, {@code channels}, {@code height}, {@code width} of the given value. */
    static Names sizes(Shape s) {
        return (name, at) -> switch (name) {
            case "channels" -> new Value.Int(s.channels());
            case "tokens" -> {
                if (s.isTokens()) yield new Value.Int(s.tokens());
                throw new SpecError(
                        s.isImage() ? TOKEN_OP_ON_IMAGE : SHAPE_MISMATCH,
                        "'tokens' is the token count, but the value here is " + s,
                        at);
            }
            case "height", "width" -> {
                if (s.isImage()) yield new Value.Int(name.equals("height") ? s.height() : s.width());
                throw new SpecError(
                        s.isTokens() ? IMAGE_OP_ON_TOKENS : SHAPE_MISMATCH,
                        "'" + name + "' is an image size, but the value here is " + s,
                        at);
            }
            default -> null;
        };
    }

    /** Outside bodies (param defaults, input sizes) there is no current value to take sizes from. */
    private static final Names NOT_A_SIZE_HERE = (name, at) -> {
        if (name.equals("tokens") || name.equals("channels") || name.equals("height") || name.equals("width")) {
            throw new SpecError(BAD_VALUE, "'" + name + "' is a size of the current value and has no meaning here", at);
        }
        return null;
    };

    /** Abandons a variant whose problem the declaration checks already reported. */
    private static final class Skip extends RuntimeException {
        Skip() {
            super(null, null, false, false);
        }
    }
}
