package dev.vmodel.generator.lower;

import dev.vmodel.generator.ir.ClassIr;
import dev.vmodel.generator.ir.ConstructIr;
import dev.vmodel.generator.ir.ExprIr;
import dev.vmodel.generator.ir.ModelIr;
import dev.vmodel.generator.ir.ParamIr;
import dev.vmodel.generator.ir.StmtIr;
import dev.vmodel.generator.ir.ValueType;
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
import dev.vmodel.semantic.decl.VariantDecl;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.Body;
import dev.vmodel.semantic.model.MergeOp;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Node;
import dev.vmodel.semantic.model.Primitive;
import dev.vmodel.semantic.model.RecipeSetting;
import dev.vmodel.semantic.model.ShapeKind;
import dev.vmodel.semantic.model.Step;
import dev.vmodel.semantic.model.TrainRecipe;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a validated program into one {@link ClassIr} per model, per block it uses (callees
 * first) and per multi-stage repeat body. All Java names are allocated here, before any code is
 * emitted: class names across the package, field and local names within each class.
 */
public final class IrLowering {
    private final Program program;
    private final String packageName;
    private final ParamTypes types;
    private final JavaNames classNames;
    private final List<ModelInstance> instances;
    private final Map<String, ClassIr> blockClasses = new LinkedHashMap<>();
    private final List<ClassIr> classes = new ArrayList<>();
    /** The kinds of input each block (by name) and each repeat body (by source) is called with. */
    private final Map<String, Set<ShapeKind>> blockInputs = new HashMap<>();

    private final Map<SourceLocation, Set<ShapeKind>> repeatInputs = new HashMap<>();

    /**
     * The kinds of the first input of every elaborated node, by the source of the statement or
     * call that made it: whether a split, a concat or a size reads a tensor, whose channels are
     * its last axis (an image's come first, and both have three axes after the batch).
     */
    private final Map<SourceLocation, Set<ShapeKind>> nodeInputs = new HashMap<>();

    /**
     * @param allInstances the elaborated variants of every file generated together: they decide
     *     the Java type of each param
     * @param classNames the class names already taken in the target package (shared by all files
     *     generated together)
     */
    public IrLowering(Program program, List<ModelInstance> allInstances, String packageName, JavaNames classNames) {
        this.program = program;
        this.packageName = packageName;
        this.types = new ParamTypes(allInstances);
        this.classNames = classNames;
        this.instances = allInstances;
        for (ModelInstance m : allInstances) inputKinds(m.body());
    }

    private void inputKinds(Body body) {
        for (Step s : body.steps()) {
            Node n = s.node();
            if (!n.inputs().isEmpty())
                nodeInputs
                        .computeIfAbsent(n.source(), k -> new HashSet<>())
                        .add(n.inputs().get(0).kind());
            if (n instanceof Node.BlockCall c) {
                blockInputs
                        .computeIfAbsent(c.block(), k -> new HashSet<>())
                        .add(c.body().in().kind());
                inputKinds(c.body());
            } else if (n instanceof Node.Repeat r) {
                for (Body b : r.iterations()) {
                    repeatInputs
                            .computeIfAbsent(r.source(), k -> new HashSet<>())
                            .add(b.in().kind());
                    inputKinds(b);
                }
            } else if (n instanceof Node.Residual r) {
                inputKinds(r.body());
            } else if (n instanceof Node.Mix m) {
                inputKinds(m.body());
            }
        }
    }

    /** Whether the node made at {@code at} reads tensors only (and so their last axis as channels). */
    private boolean readsTensor(SourceLocation at) {
        Set<ShapeKind> kinds = nodeInputs.get(at);
        return kinds != null && kinds.equals(Set.of(ShapeKind.TENSOR));
    }

    /** The sizes of an input of the given kinds, as the spec names them, in the order of its axes. */
    private static List<String> sizesOf(Set<ShapeKind> kinds) {
        if (kinds == null || kinds.size() != 1) return List.of();
        return switch (kinds.iterator().next()) {
            case TOKENS -> List.of("tokens", "channels");
            case IMAGE -> List.of("channels", "height", "width");
            case VECTOR -> List.of("channels");
            case TENSOR -> List.of();
        };
    }

    /**
     * Classes for every model of the root file and every block they reach, callees first. A block
     * no model reaches is not generated (the front end warns about it): nothing could build it,
     * and nothing checked it against a real input.
     */
    public List<ClassIr> lower(Map<String, ClassIr> alreadyLowered) {
        blockClasses.putAll(alreadyLowered);
        Map<String, BlockDecl> blocks = program.blocks();
        Set<String> order = new LinkedHashSet<>();
        for (ModelDecl m : program.root().models())
            DeclWalk.calls(m.body(), c -> visit(c.name(), blocks, order, new HashSet<>()));
        for (String name : order) {
            if (!blockClasses.containsKey(name)) block(blocks.get(name));
        }
        for (ModelDecl m : program.root().models()) model(m);
        return classes;
    }

    public Map<String, ClassIr> blockClasses() {
        return blockClasses;
    }

    private static void visit(String name, Map<String, BlockDecl> blocks, Set<String> order, Set<String> path) {
        BlockDecl b = blocks.get(name);
        if (b == null || order.contains(name) || !path.add(name)) return;
        DeclWalk.calls(b.body(), c -> visit(c.name(), blocks, order, path));
        order.add(name);
    }

    private String className(String dslName) {
        return classNames.allocate(JavaNames.classBase(dslName));
    }

    private void block(BlockDecl b) {
        String name = className(b.name());
        ClassBuilder cb = new ClassBuilder(name, b.name(), b.params(), typesFromUse(b.body(), b.params()));
        cb.output = cb.lowerBody(b.body(), cb.input, null, Map.of());
        ClassIr ir = cb.build(ClassIr.Kind.BLOCK, b.doc(), b.source(), null);
        blockClasses.put(b.name(), ir);
        classes.add(ir);
    }

    private void model(ModelDecl m) {
        String name = className(m.name());
        ClassBuilder cb = new ClassBuilder(name, m.name(), m.params(), typesFromUse(m.body(), m.params()));
        cb.output = cb.lowerBody(m.body(), cb.input, null, Map.of());
        JavaNames methods = new JavaNames().reserve(JavaNames.MODEL_METHODS);
        List<ModelIr.VariantIr> variants = new ArrayList<>();
        for (VariantDecl v : m.variants()) {
            Map<String, ExprIr> bindings = new LinkedHashMap<>();
            List<String> shown = new ArrayList<>();
            variantValues(m, v).forEach((param, value) -> {
                bindings.put(param, ExprLowering.literal(value));
                shown.add(param + " = " + value.show());
            });
            variants.add(new ModelIr.VariantIr(
                    v.name(),
                    methods.allocate(v.name()),
                    bindings,
                    String.join(", ", shown),
                    v.doc(),
                    instance(m, v).cost().totalMacs()));
        }
        ExprLowering.Scope scope = cb.scope(null, Set.of());
        // Nested types must not share the name of the model or of a class their model refers to.
        JavaNames nested = classNames.copy().reserve(name);
        ModelIr model = new ModelIr(
                m.input().kind(),
                m.input().dims().stream().map(d -> ExprLowering.lower(d, scope)).toList(),
                ExprLowering.lower(m.classes(), scope),
                defaultOrder(m.params()),
                variants,
                nested.allocate("Config"),
                nested.allocate("Builder"),
                nested.allocate("Family"),
                // The rule the pipeline's clash check knows: the spec name's class, then Training.
                classNames.allocate(JavaNames.classBase(m.name()) + "Training"),
                recipe(m));
        classes.add(cb.build(ClassIr.Kind.MODEL, m.doc(), m.source(), model));
    }

    /**
     * The model's recipe as elaboration evaluated it: the same in every variant, since train
     * settings are constants, so the first instance's.
     */
    private ModelIr.RecipeIr recipe(ModelDecl m) {
        TrainRecipe recipe = instances.stream()
                .filter(i -> i.model().equals(m.name())
                        && i.source().file().equals(m.source().file()))
                .findFirst()
                .map(ModelInstance::train)
                .orElseThrow(
                        () -> new IllegalArgumentException(m.source() + ": model " + m.name() + " was not elaborated"));
        if (m.train() == null) return new ModelIr.RecipeIr(recipe, null, List.of());
        List<ModelIr.Written> written = new ArrayList<>();
        Set<RecipeSetting> seen = new HashSet<>();
        for (Arg a : m.train().settings()) {
            RecipeSetting s = RecipeSetting.byKey(a.name()).orElse(null);
            if (s != null && seen.add(s)) written.add(new ModelIr.Written(s, a.source()));
        }
        return new ModelIr.RecipeIr(recipe, m.train().source(), written);
    }

    /**
     * The values a variant binds, as elaboration computed them: a binding may be an expression over
     * other params ({@code big(dim = wide * 2)}), which only the elaborated variant has resolved.
     */
    private Map<String, Value> variantValues(ModelDecl m, VariantDecl v) {
        ModelInstance instance = instance(m, v);
        Map<String, Value> values = new LinkedHashMap<>();
        for (Arg a : v.bindings()) values.put(a.name(), instance.params().get(a.name()));
        return values;
    }

    /** The elaborated instance of a variant: of the model in its own file first. */
    private ModelInstance instance(ModelDecl m, VariantDecl v) {
        return instances.stream()
                .filter(i -> i.model().equals(m.name())
                        && v.name().equals(i.variant())
                        && i.source().file().equals(m.source().file()))
                .findFirst()
                .orElseGet(() -> instances.stream()
                        .filter(i -> i.model().equals(m.name()) && v.name().equals(i.variant()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(
                                v.source() + ": variant " + v.name() + " of " + m.name() + " was not elaborated")));
    }

    /**
     * Types that follow from how params are used, whatever values the variants give them: a param
     * passed straight to an initialiser argument ({@code linear(d, init = init)}) is an
     * initialiser even when all its values are bare names such as {@code lecunNormal}; one passed
     * to a rate or an epsilon ({@code dropPath(rate)}) is a double even when every variant says 0.
     */
    private Map<String, ValueType> typesFromUse(List<Stmt> body, List<ParamDecl> params) {
        Set<String> names = new HashSet<>();
        for (ParamDecl p : params) names.add(p.name());
        Map<String, ValueType> found = new HashMap<>();
        DeclWalk.calls(body, c -> {
            Primitive p = Primitive.byName(c.name()).orElse(null);
            ClassIr callee = blockClasses.get(c.name());
            if (p == null && callee == null) return;
            int position = 0;
            for (Arg a : c.args()) {
                int at = a.isNamed() ? -1 : position++;
                if (!(a.value() instanceof Expr.Ref r) || !names.contains(r.name())) continue;
                ValueType use = null;
                if (p != null) {
                    Primitive.Param target = at >= 0
                            ? p.params().get(Math.min(at, p.params().size() - 1))
                            : p.params().stream()
                                    .filter(q -> q.name().equals(a.name()))
                                    .findFirst()
                                    .orElse(null);
                    if (target != null)
                        use = switch (target.kind()) {
                            case INIT -> ValueType.INIT;
                            case NUMBER, POSITIVE, PROBABILITY -> ValueType.DOUBLE;
                            default -> null;
                        };
                } else {
                    ParamIr target = at >= 0
                            ? callee.params().get(Math.min(at, callee.params().size() - 1))
                            : callee.params().stream()
                                    .filter(q -> q.dslName().equals(a.name()))
                                    .findFirst()
                                    .orElse(null);
                    if (target != null && (target.type() == ValueType.INIT || target.type() == ValueType.DOUBLE))
                        use = target.type();
                }
                if (use != null) found.put(r.name(), use);
            }
        });
        return found;
    }

    /** Params in an order in which every default only uses params before it. */
    private static List<String> defaultOrder(List<ParamDecl> params) {
        Map<String, ParamDecl> byName = new LinkedHashMap<>();
        for (ParamDecl p : params) byName.put(p.name(), p);
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (order.size() < byName.size()) {
            boolean progress = false;
            for (ParamDecl p : byName.values()) {
                if (done.contains(p.name())) continue;
                Set<String> deps = p.byDefault() == null ? Set.of() : Exprs.names(p.byDefault());
                if (deps.stream().noneMatch(d -> byName.containsKey(d) && !done.contains(d))) {
                    order.add(p.name());
                    done.add(p.name());
                    progress = true;
                }
            }
            if (!progress) throw new IllegalStateException("params defined through each other: " + byName.keySet());
        }
        return order;
    }

    /** Lowers the body of one class, allocating its names. */
    private final class ClassBuilder {
        final String name;
        final String owner;
        final JavaNames names = new JavaNames()
                .reserve(JavaNames.CLASS_MEMBERS)
                .reserve(JavaNames.OBJECT_METHODS)
                .reserve(JavaNames.TYPE_NAMES)
                .reserve(JavaNames.PACKAGE_CLASSES);
        final Map<String, ParamIr> params = new LinkedHashMap<>();
        /** The params' spec defaults, lowered once the class's names are allocated. */
        final Map<String, Expr> defaults = new HashMap<>();

        final List<String> fieldNames = new ArrayList<>();
        /** Locals allocated so far: fields are renamed after their children at the end, around these. */
        final List<String> locals = new ArrayList<>();

        final ChildRoles roles = new ChildRoles();
        final List<StmtIr> stmts = new ArrayList<>();
        final String input;
        boolean usesSizes;
        boolean usesClasses;
        String output;

        ClassBuilder(String name, String owner, List<ParamDecl> decls, Map<String, ValueType> typesFromUse) {
            this.name = name;
            this.owner = owner;
            for (ParamDecl p : decls) {
                ValueType byValue = types.of(owner, p.name(), p.byDefault());
                ValueType byUse = typesFromUse.get(p.name());
                ValueType t = byUse == null ? byValue : byUse == ValueType.INIT ? ValueType.INIT : byValue.join(byUse);
                params.put(p.name(), new ParamIr(p.name(), names.allocate(p.name()), t, null, null, p.doc()));
                if (p.byDefault() != null) defaults.put(p.name(), p.byDefault());
            }
            this.input = names.allocate("x");
        }

        /** What names mean in this class: its params, the given repeat indices, sizes of the value {@code sizes}. */
        ExprLowering.Scope scope(String sizes, Set<String> indices) {
            Map<String, ValueType> types = new HashMap<>();
            params.forEach((n, p) -> types.put(n, p.type()));
            return new ExprLowering.Scope(types, indices, sizes);
        }

        ClassIr build(ClassIr.Kind kind, String doc, SourceLocation source, ModelIr model) {
            boolean isModel = kind == ClassIr.Kind.MODEL;
            // The constructor takes the sizes of its input by name, when its input is of one kind.
            List<ClassIr.SizeIr> sizes = new ArrayList<>();
            if (!isModel && usesSizes) {
                Set<ShapeKind> kinds = kind == ClassIr.Kind.BLOCK ? blockInputs.get(owner) : repeatInputs.get(source);
                for (String axis : sizesOf(kinds)) sizes.add(new ClassIr.SizeIr(axis, names.allocate(axis)));
            }
            List<String> childNames = roles.names();
            // A field is named as its child ("fc1", "dropPath", "blocks"): one name in the spec, the
            // weights and the Java. Only now are the child names known (numbering needs them all).
            JavaNames fieldNamer = new JavaNames()
                    .reserve(JavaNames.CLASS_MEMBERS)
                    .reserve(JavaNames.OBJECT_METHODS)
                    .reserve(JavaNames.TYPE_NAMES)
                    .reserve(JavaNames.PACKAGE_CLASSES)
                    .reserve(locals.toArray(String[]::new))
                    .reserve(input);
            sizes.forEach(z -> fieldNamer.reserve(z.name()));
            params.values().forEach(p -> fieldNamer.reserve(p.javaName()));
            Map<String, String> renamed = new HashMap<>();
            List<ClassIr.FieldIr> fields = new ArrayList<>();
            for (int i = 0; i < fieldNames.size(); i++) {
                String child = childNames.get(i);
                String field = fieldNamer.allocate(child.isEmpty() ? fieldNames.get(i) : camelCase(child));
                renamed.put(fieldNames.get(i), field);
                fields.add(new ClassIr.FieldIr(field, child));
            }
            List<StmtIr> body =
                    stmts.stream().map(s -> renameFields(s, renamed)).toList();
            List<ParamIr> lowered = new ArrayList<>();
            for (ParamIr p : params.values()) {
                ExprIr d = usableDefault(p, defaults.get(p.dslName()));
                lowered.add(
                        d == null
                                ? p
                                : new ParamIr(
                                        p.dslName(),
                                        p.javaName(),
                                        p.type(),
                                        d,
                                        Exprs.text(defaults.get(p.dslName())),
                                        p.doc()));
            }
            return new ClassIr(
                    packageName,
                    name,
                    kind,
                    owner,
                    doc,
                    source,
                    lowered,
                    !isModel && usesClasses,
                    !isModel && usesSizes,
                    sizes,
                    fields,
                    input,
                    body,
                    output,
                    model);
        }

        /**
         * A param's default, or null where it cannot be one: every variant may override a default
         * that does not compute ({@code 1 / 0}) or has another type ({@code false} for a size),
         * and the spec still validates. The builder then treats the param as required.
         */
        private ExprIr usableDefault(ParamIr p, Expr d) {
            if (d == null) return null;
            ExprIr e;
            try {
                e = ExprLowering.lower(d, scope(input, Set.of()));
            } catch (dev.vmodel.semantic.eval.SpecError error) {
                return null;
            }
            boolean numbers = (p.type() == ValueType.LONG || p.type() == ValueType.DOUBLE)
                    && (e.type() == ValueType.LONG || e.type() == ValueType.DOUBLE);
            boolean fits = e.type() == p.type()
                    || numbers && !(p.type() == ValueType.LONG && e.type() == ValueType.DOUBLE)
                    || p.type() == ValueType.INIT && e.type() == ValueType.SYMBOL
                    || p.type() == ValueType.STRING && e.type() == ValueType.SYMBOL;
            return fits ? e : null;
        }

        String local(String suggestion) {
            String l = names.allocate(suggestion);
            locals.add(l);
            return l;
        }

        /** A field holding a child (or a repeat's list of children) with its role and the spec's label, or null. */
        String field(String suggestion, String role, String label) {
            String f = names.allocate(label != null ? label : suggestion);
            fieldNames.add(f);
            roles.add(role, label);
            return f;
        }

        /** A field that is not a child: the sizes of a split. */
        String plainField(String suggestion) {
            String f = names.allocate(suggestion);
            fieldNames.add(f);
            roles.add("", "");
            return f;
        }

        void uses(Expr e) {
            usesSizes |= Exprs.readsSizes(e);
            usesClasses |= Exprs.readsClasses(e);
        }

        /**
         * Lowers statements whose current value starts in {@code in}; returns the variable holding
         * the body's output. {@code sizesVar} is the value whose sizes {@code tokens}/{@code channels}
         * mean inside a mix (null elsewhere); {@code scope} maps repeat indices to their variables.
         */
        String lowerBody(List<Stmt> body, String in, String sizesVar, Map<String, String> scope) {
            Map<String, String> values = new HashMap<>();
            Map<String, ExprLowering.Table> tables = new HashMap<>();
            Set<String> indexTables = new HashSet<>();
            DeclWalk.calls(body, c -> {
                if (c.name().equals("take")
                        && c.args().size() == 2
                        && c.args().get(1).value() instanceof Expr.Ref r) indexTables.add(r.name());
            });
            String current = in;
            for (Stmt s : body) {
                if (s instanceof Stmt.Const c) {
                    c.dims().forEach(this::uses);
                    uses(c.value());
                    String out = values.computeIfAbsent(c.name(), n -> local(n));
                    String field = field(c.name(), c.name(), c.name());
                    ExprLowering.Scope at = scope(current, Set.of()).lastAxis(false);
                    List<ExprIr> dims = c.dims().stream()
                            .map(d -> ExprLowering.lower(d, at))
                            .toList();
                    ExprIr value = ExprLowering.lower(c.value(), at.inTable(c.indices(), tables));
                    boolean index = indexTables.contains(c.name());
                    stmts.add(new StmtIr.ApplyAll(
                            out, List.of(), field, new ConstructIr.Table(c.name(), dims, value, index, c.source())));
                    tables.put(
                            c.name(),
                            new ExprLowering.Table(
                                    field, value.type() == ValueType.LONG ? ValueType.LONG : ValueType.DOUBLE));
                    continue;
                }
                if (s instanceof Stmt.Split split) {
                    List<String> outs = new ArrayList<>();
                    for (Stmt.Split.Part p : split.parts()) {
                        outs.add(values.computeIfAbsent(p.name(), n -> local(n)));
                    }
                    List<ExprIr> sizes = null;
                    String sizesField = null;
                    if (split.parts().stream().anyMatch(p -> p.size() != null)) {
                        split.parts().forEach(p -> uses(p.size()));
                        ExprLowering.Scope at = scope(current, Set.of()).lastAxis(readsTensor(split.source()));
                        sizes = split.parts().stream()
                                .map(p -> ExprLowering.lower(p.size(), at))
                                .toList();
                        sizesField = plainField(String.join("", outs) + "Sizes");
                    }
                    stmts.add(new StmtIr.Split(
                            current,
                            split.axis(),
                            outs,
                            sizes,
                            sizesField,
                            local("parts"),
                            readsTensor(split.source())));
                    current = null;
                } else {
                    current = flow((Stmt.Flow) s, current, in, values, sizesVar, scope);
                }
            }
            return current;
        }

        /** Lowers one chain; {@code home} is the body's own variable, used once a split consumed the current value. */
        private String flow(
                Stmt.Flow f,
                String current,
                String home,
                Map<String, String> values,
                String sizesVar,
                Map<String, String> scope) {
            String out = f.target() != null ? values.computeIfAbsent(f.target(), n -> local(n)) : current;
            List<Stage> stages = f.stages();
            Stage first = stages.get(0);
            String in;
            int next = 1;
            if (first instanceof Stage.Call c && !c.hasParens() && values.containsKey(c.name())) {
                in = values.get(c.name());
                if (out == null) out = home;
                if (stages.size() == 1) stmts.add(new StmtIr.Copy(in, out));
            } else if (first instanceof Stage.Merge m) {
                if (out == null) out = home;
                stmts.add(new StmtIr.Merge(
                        m.op(),
                        Axis.CHANNELS,
                        List.of(
                                values.get(m.left().name()),
                                values.get(m.right().name())),
                        out,
                        false));
                in = out;
            } else if (first instanceof Stage.Call c && c.isSource(values::containsKey)) {
                if (out == null) out = home;
                source(c, f.target(), out, current, values, scope);
                in = out;
            } else if (first instanceof Stage.Call c && c.name().equals("concat") && !values.containsKey("concat")) {
                if (out == null) out = home;
                Axis axis = Axis.CHANNELS;
                List<String> inputs = new ArrayList<>();
                for (Arg a : c.args()) {
                    String ref = ((Expr.Ref) a.value()).name();
                    if (a.isNamed()) axis = ref.equals("tokens") ? Axis.TOKENS : Axis.CHANNELS;
                    else inputs.add(values.get(ref));
                }
                stmts.add(new StmtIr.Merge(MergeOp.CONCAT, axis, inputs, out, readsTensor(c.source())));
                in = out;
            } else {
                in = current;
                next = 0;
            }
            for (int i = next; i < stages.size(); i++) {
                stage(stages.get(i), in, out, sizesVar, scope);
                in = out;
            }
            return f.target() != null ? current : out;
        }

        private void stage(Stage st, String in, String out, String sizesVar, Map<String, String> scope) {
            String sizes = sizesVar != null ? sizesVar : in;
            if (st instanceof Stage.Call c) {
                Primitive p = Primitive.byName(c.name()).orElse(null);
                if (p != null) {
                    Map<String, Expr> args = p == Primitive.REARRANGE ? named(c.args()) : bind(p, c.args());
                    args.values().forEach(this::uses);
                    boolean checked = checkedLayer(p);
                    // Sizes the spec names in its arguments are read from `sizes`; the others from its input.
                    boolean readsSizes = readsOwnSizes(p, args) || checked && readsInputToCheck(p);
                    usesSizes |= readsSizes || args.values().stream().anyMatch(Exprs::readsSizes);
                    String field = field(p.dslName(), ChildRoles.of(p), c.label());
                    stmts.add(new StmtIr.Apply(
                            out,
                            in,
                            field,
                            new ConstructIr.Layer(
                                    p,
                                    filled(p, args, scope(sizes, Set.of()).lastAxis(readsTensor(c.source()))),
                                    Set.copyOf(args.keySet()),
                                    in,
                                    readsSizes,
                                    checked,
                                    c.source())));
                } else {
                    ClassIr callee = blockClasses.get(c.name());
                    ConstructIr.Block construct = blockConstruct(callee, c.args(), sizes, in, c.source(), Set.of());
                    // (sizes of a tensor input are read as its last axis: see blockConstruct)
                    String field = field(lowerFirst(callee.name()), ChildRoles.ofBlock(callee.dslName()), c.label());
                    stmts.add(new StmtIr.Apply(out, in, field, construct));
                }
            } else if (st instanceof Stage.Repeat r) {
                repeat(r, in, out, sizesVar, scope);
            } else if (st instanceof Stage.Residual r) {
                String branch = local("branch");
                stmts.add(new StmtIr.Copy(in, branch));
                String result = lowerBody(r.body(), branch, sizesVar, scope);
                stmts.add(new StmtIr.Merge(MergeOp.ADD, Axis.CHANNELS, List.of(in, result), out, false));
            } else if (st instanceof Stage.Mix m) {
                String mixed = local("mixed");
                stmts.add(new StmtIr.Transpose(in, mixed));
                String result = lowerBody(m.body(), mixed, in, scope);
                stmts.add(new StmtIr.Transpose(result, out));
            } else {
                throw new IllegalStateException("a merge can only start a chain: " + st.source());
            }
        }

        /** A layer's arguments, lowered, with the primitive's defaults for those the spec left out. */
        private Map<String, ExprIr> filled(Primitive p, Map<String, Expr> args, ExprLowering.Scope scope) {
            Map<String, ExprIr> all = new LinkedHashMap<>();
            for (Primitive.Param q : p.params()) {
                if (args.containsKey(q.name())) all.put(q.name(), ExprLowering.lower(args.get(q.name()), scope));
                else if (q.defaultFrom() == null && q.byDefault() != null)
                    all.put(q.name(), ExprLowering.literal(q.byDefault()));
            }
            for (Primitive.Param q : p.params()) {
                if (!args.containsKey(q.name()) && q.defaultFrom() != null && all.containsKey(q.defaultFrom())) {
                    all.put(q.name(), all.get(q.defaultFrom()));
                }
            }
            if (p == Primitive.REARRANGE) {
                // The sizes of pattern axes, by the names the pattern gives them.
                args.forEach((name, e) -> all.putIfAbsent(name, ExprLowering.lower(e, scope)));
            }
            return all;
        }

        /** The spec defaults of a callee's params: a block's as written; a repeat body's params have none. */
        private Map<String, Expr> defaultsOf(ClassIr callee) {
            Map<String, Expr> d = new HashMap<>();
            BlockDecl decl =
                    callee.kind() == ClassIr.Kind.BLOCK ? program.blocks().get(callee.dslName()) : null;
            if (decl != null) {
                for (ParamDecl p : decl.params()) {
                    if (p.byDefault() != null) d.put(p.name(), p.byDefault());
                }
            }
            return d;
        }

        private ConstructIr.Block blockConstruct(
                ClassIr callee, List<Arg> args, String sizes, String input, SourceLocation at, Set<String> indices) {
            Map<String, Expr> defaults = defaultsOf(callee);
            Map<String, Expr> bound = new LinkedHashMap<>();
            int position = 0;
            for (Arg a : args) {
                String param =
                        a.isNamed() ? a.name() : callee.params().get(position++).dslName();
                bound.put(param, a.value());
            }
            // Defaults are the callee's expressions; its params in them become the caller's arguments.
            Map<String, Expr> resolved = new LinkedHashMap<>();
            for (ParamIr p : callee.params()) {
                resolved.put(p.dslName(), bound.containsKey(p.dslName()) ? bound.get(p.dslName()) : null);
            }
            for (int round = 0; round < callee.params().size() + 1; round++) {
                for (ParamIr p : callee.params()) {
                    if (bound.containsKey(p.dslName())) continue;
                    Map<String, Expr> known = new HashMap<>();
                    resolved.forEach((k, v) -> {
                        if (v != null) known.put(k, v);
                    });
                    resolved.put(p.dslName(), Exprs.substitute(defaults.get(p.dslName()), known));
                }
            }
            List<Boolean> fromDefault = callee.params().stream()
                    .map(p -> !bound.containsKey(p.dslName()))
                    .toList();
            resolved.values().forEach(this::uses);
            // A default reads the sizes of the callee's own input; a written argument those where it is written.
            List<ExprIr> list = new ArrayList<>();
            int i = 0;
            boolean tensor = readsTensor(at);
            for (Expr e : resolved.values()) {
                list.add(ExprLowering.lower(
                        e, scope(fromDefault.get(i++) ? input : sizes, indices).lastAxis(tensor)));
            }
            usesSizes |= callee.takesInput();
            usesClasses |= callee.takesClasses();
            return new ConstructIr.Block(callee, list, fromDefault, sizes, input, at);
        }

        /** {@code weight(...)}, {@code einsum(...)} or {@code take(...)}: a child with no input or several. */
        /** {@code target}: the value the chain binds, which names an unlabelled weight ({@code table}). */
        private void source(
                Stage.Call c,
                String target,
                String out,
                String current,
                Map<String, String> values,
                Map<String, String> scope) {
            List<String> inputs = new ArrayList<>();
            ConstructIr construct;
            String field;
            switch (c.name()) {
                case "weight" -> {
                    ExprLowering.Scope at = scope(current, Set.of());
                    List<ExprIr> dims = new ArrayList<>();
                    ExprIr init = new ExprIr.InitLit("truncNormal", List.of(0.02));
                    for (Arg a : c.args()) {
                        uses(a.value());
                        ExprIr e = ExprLowering.lower(a.value(), at);
                        if (a.isNamed()) init = e;
                        else dims.add(e);
                    }
                    construct = new ConstructIr.Weight(dims, init, c.source());
                    field = field("weight", target != null ? target : "weight", c.label());
                }
                case "einsum" -> {
                    for (Arg a : c.args().subList(1, c.args().size()))
                        inputs.add(values.get(((Expr.Ref) a.value()).name()));
                    construct =
                            new ConstructIr.Einsum(((Expr.Text) c.args().get(0).value()).value(), c.source());
                    field = field("einsum", "einsum", c.label());
                }
                default -> {
                    for (Arg a : c.args()) inputs.add(values.get(((Expr.Ref) a.value()).name()));
                    construct = new ConstructIr.Take(c.source());
                    field = field("take", "take", c.label());
                }
            }
            stmts.add(new StmtIr.ApplyAll(out, inputs, field, construct));
        }

        private void repeat(Stage.Repeat r, String in, String out, String sizesVar, Map<String, String> scope) {
            uses(r.count());
            if (!in.equals(out)) stmts.add(new StmtIr.Copy(in, out));
            String index = local(r.index() != null ? r.index() : "i");
            Map<String, String> inner = new HashMap<>(scope);
            if (r.index() != null) inner.put(r.index(), index);
            ClassIr element;
            ConstructIr.Block construct;
            Set<String> indices = r.index() != null ? Set.of(r.index()) : Set.of();
            String sizes = sizesVar != null ? sizesVar : out;
            Stage.Call single = singleBlockCall(r.body());
            if (single != null) {
                element = blockClasses.get(single.name());
                construct = blockConstruct(element, single.args(), sizes, out, single.source(), indices);
            } else {
                element = repeatBody(r, scope);
                List<Arg> args = new ArrayList<>();
                for (ParamIr p : element.params())
                    args.add(new Arg(null, new Expr.Ref(p.dslName(), r.source()), r.source()));
                construct = blockConstruct(element, args, sizes, out, r.source(), indices);
            }
            String field = field(lowerFirst(element.name()) + "s", ChildRoles.REPEAT, null);
            String elementVar = local("layer");
            stmts.add(new StmtIr.Loop(
                    out,
                    out,
                    field,
                    elementVar,
                    index,
                    r.index(),
                    ExprLowering.lower(r.count(), scope(out, Set.of()).lastAxis(readsTensor(r.source()))),
                    construct));
        }

        /** A repeat body of more than one stage becomes a class taking the params it uses. */
        private ClassIr repeatBody(Stage.Repeat r, Map<String, String> scope) {
            Set<String> used = new LinkedHashSet<>();
            DeclWalk.exprs(r.body(), e -> used.addAll(Exprs.names(e)));
            List<ParamDecl> decls = new ArrayList<>();
            for (ParamIr p : params.values()) {
                if (used.contains(p.dslName())) decls.add(new ParamDecl(p.dslName(), null, p.doc(), r.source()));
            }
            for (String outerIndex : scope.keySet()) {
                if (used.contains(outerIndex)) decls.add(new ParamDecl(outerIndex, null, null, r.source()));
            }
            if (r.index() != null && used.contains(r.index()))
                decls.add(new ParamDecl(r.index(), null, "the repeat index, from 0", r.source()));
            // Named after the spec's model or block, never after the enclosing body: nested repeats
            // would otherwise make names that grow with the depth (MLayerLayerLayer...).
            String bodyName = className(owner + "Layer");
            ClassBuilder cb = new ClassBuilder(bodyName, owner, decls, Map.of());
            // The body's params have the owner's types; an index is a long.
            for (ParamDecl d : decls) {
                ParamIr outer = params.get(d.name());
                ValueType t = outer != null ? outer.type() : ValueType.LONG;
                ParamIr p = cb.params.get(d.name());
                cb.params.put(d.name(), new ParamIr(p.dslName(), p.javaName(), t, null, null, p.doc()));
            }
            cb.output = cb.lowerBody(r.body(), cb.input, null, Map.of());
            ClassIr ir = cb.build(
                    ClassIr.Kind.REPEAT_BODY,
                    "One iteration of the repeat at " + r.source().file() + ":"
                            + r.source().line() + ".",
                    r.source(),
                    null);
            classes.add(ir);
            return ir;
        }

        private Stage.Call singleBlockCall(List<Stmt> body) {
            if (body.size() == 1
                    && body.get(0) instanceof Stmt.Flow f
                    && f.target() == null
                    && f.stages().size() == 1
                    && f.stages().get(0) instanceof Stage.Call c
                    && blockClasses.containsKey(c.name())) {
                return c;
            }
            return null;
        }
    }

    /**
     * Layers whose construction reads the sizes of their own input, named in the spec or not:
     * attention (its width), batch norm (its channel axis), a grid whose side is not given.
     */
    static boolean readsOwnSizes(Primitive p, Map<String, Expr> args) {
        return switch (p) {
            case ATTENTION, BATCH_NORM -> true;
            case GRID -> !args.containsKey("height") || !args.containsKey("width");
            default -> false;
        };
    }

    private static StmtIr renameFields(StmtIr s, Map<String, String> renamed) {
        if (s instanceof StmtIr.Apply a)
            return new StmtIr.Apply(a.output(), a.input(), renamed.get(a.field()), a.construct());
        if (s instanceof StmtIr.Loop l) {
            return new StmtIr.Loop(
                    l.output(),
                    l.input(),
                    renamed.get(l.field()),
                    l.elementVar(),
                    l.index(),
                    l.indexName(),
                    l.count(),
                    l.construct());
        }
        if (s instanceof StmtIr.Split sp && sp.sizesVar() != null) {
            return new StmtIr.Split(
                    sp.input(),
                    sp.axis(),
                    sp.outputs(),
                    sp.sizes(),
                    renamed.get(sp.sizesVar()),
                    sp.partsVar(),
                    sp.lastAxis());
        }
        if (s instanceof StmtIr.ApplyAll a) {
            ConstructIr c = a.construct();
            if (c instanceof ConstructIr.Table t) {
                ExprIr value = ExprIr.renameTables(t.value(), renamed::get);
                c = new ConstructIr.Table(t.name(), t.dims(), value, t.index(), t.source());
            }
            return new StmtIr.ApplyAll(a.output(), a.inputs(), renamed.get(a.field()), c);
        }
        return s;
    }

    /** {@code drop_path} as a Java name: {@code dropPath}. */
    static String camelCase(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_' && b.length() > 0) {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** Layers the spec's rules constrain with values a builder override can change. */
    static boolean checkedLayer(Primitive p) {
        return windowed(p)
                || p == Primitive.GROUP_NORM
                || p == Primitive.ATTENTION
                || p == Primitive.DROPOUT
                || p == Primitive.DROP_PATH;
    }

    /** Checked layers whose rules read their input's sizes (attention reads them to be built anyway). */
    static boolean readsInputToCheck(Primitive p) {
        return windowed(p) || p == Primitive.GROUP_NORM;
    }

    /** Layers that slide a window over an image's height and width. */
    static boolean windowed(Primitive p) {
        return p == Primitive.CONV || p == Primitive.MAX_POOL || p == Primitive.AVG_POOL;
    }

    /** {@code rearrange}'s arguments: the pattern first, then sizes by name. */
    static Map<String, Expr> named(List<Arg> args) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        for (Arg a : args) bound.put(a.isNamed() ? a.name() : "pattern", a.value());
        return bound;
    }

    /** Matches call arguments to a primitive's parameter names (the spec is already validated). */
    static Map<String, Expr> bind(Primitive p, List<Arg> args) {
        Map<String, Expr> bound = new LinkedHashMap<>();
        int position = 0;
        for (Arg a : args) {
            String name = a.isNamed() ? a.name() : p.params().get(position++).name();
            bound.put(name, a.value());
        }
        return bound;
    }

    static String lowerFirst(String s) {
        if (s.isEmpty()) return s;
        int upper = 0;
        while (upper < s.length() && Character.isUpperCase(s.charAt(upper))) upper++;
        // "GMlpBlock" -> "gMlpBlock", "MLP" -> "mlp"
        int cut = upper <= 1 || upper == s.length() ? Math.max(upper, 1) : upper - 1;
        return s.substring(0, cut).toLowerCase(Locale.ROOT) + s.substring(cut);
    }
}
