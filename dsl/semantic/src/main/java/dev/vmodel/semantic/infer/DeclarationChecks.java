package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.BAD_LABEL;
import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.BLOCK_RECURSION;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_ARGUMENT;
import static dev.vmodel.semantic.IssueCodes.DUPLICATE_NAME;
import static dev.vmodel.semantic.IssueCodes.MISSING_CLASSES;
import static dev.vmodel.semantic.IssueCodes.MISSING_INPUT;
import static dev.vmodel.semantic.IssueCodes.NAME_TOO_LONG;
import static dev.vmodel.semantic.IssueCodes.RESERVED_NAME;
import static dev.vmodel.semantic.IssueCodes.UNBOUND_PARAM;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_PARAM;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_TRAIN_SETTING;
import static dev.vmodel.semantic.IssueCodes.UNUSED_BLOCK;
import static dev.vmodel.semantic.IssueCodes.UNUSED_PARAM;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.DeclWalk;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.decl.VariantDecl;
import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of the root file that need no evaluation: duplicate and reserved names, variants that
 * bind unknown params or leave required ones unbound, missing input or classes, unknown train
 * settings, recursive blocks, and warnings for unused params and blocks.
 */
final class DeclarationChecks {
    private final Program program;
    private final List<Diagnostic> out = new ArrayList<>();

    private DeclarationChecks(Program program) {
        this.program = program;
    }

    static List<Diagnostic> check(Program program) {
        DeclarationChecks c = new DeclarationChecks(program);
        c.topLevelNames();
        for (ModelDecl m : program.root().models()) c.model(m);
        for (BlockDecl b : program.root().blocks()) c.block(b);
        c.recursion();
        c.unusedBlocks();
        c.nameLengths();
        c.labels();
        return c.out;
    }

    private void error(String code, String message, SourceLocation at) {
        out.add(Diagnostic.error(code, message, at));
    }

    private void topLevelNames() {
        SpecFile root = program.root();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (SpecFile f : program.imported()) {
            for (BlockDecl b : f.blocks()) seen.putIfAbsent(b.name(), b.source());
        }
        for (BlockDecl b : root.blocks()) {
            if (Primitive.byName(b.name()).isPresent() || b.name().equals("concat")) {
                error(
                        RESERVED_NAME,
                        "block '" + b.name() + "' has the name of a built-in layer; rename it",
                        b.source());
            }
            SourceLocation previous = seen.putIfAbsent(b.name(), b.source());
            if (previous != null) {
                error(DUPLICATE_NAME, "block '" + b.name() + "' is already defined at " + previous, b.source());
            }
        }
        Map<String, SourceLocation> models = new HashMap<>();
        for (ModelDecl m : root.models()) {
            SourceLocation previous = models.putIfAbsent(m.name(), m.source());
            if (previous != null) {
                error(DUPLICATE_NAME, "model '" + m.name() + "' is already defined at " + previous, m.source());
            } else if (seen.containsKey(m.name())) {
                error(
                        DUPLICATE_NAME,
                        "model '" + m.name() + "' has the name of the block at " + seen.get(m.name()),
                        m.source());
            }
        }
    }

    private void params(List<ParamDecl> params, String owner) {
        Map<String, SourceLocation> seen = new HashMap<>();
        for (ParamDecl p : params) {
            if (Elaborator.BUILTIN_NAMES.contains(p.name())) {
                error(RESERVED_NAME, "'" + p.name() + "' is a built-in size and cannot be a param name", p.source());
            }
            SourceLocation previous = seen.putIfAbsent(p.name(), p.source());
            if (previous != null) {
                error(
                        DUPLICATE_NAME,
                        "param '" + p.name() + "' of " + owner + " is already declared at " + previous,
                        p.source());
            }
        }
    }

    private void model(ModelDecl m) {
        params(m.params(), "model " + m.name());
        if (m.input() == null) {
            error(
                    MISSING_INPUT,
                    "model " + m.name() + " has no input; declare one, e.g. 'input image(3, 224, 224)'",
                    m.source());
        }
        if (m.classes() == null) {
            error(
                    MISSING_CLASSES,
                    "model " + m.name() + " does not say how many classes it predicts; add e.g. 'classes 1000'",
                    m.source());
        }
        Set<String> paramNames = new LinkedHashSet<>();
        for (ParamDecl p : m.params()) paramNames.add(p.name());
        if (m.variants().isEmpty()) {
            for (ParamDecl p : m.params()) {
                if (p.isRequired()) {
                    error(
                            UNBOUND_PARAM,
                            "param '" + p.name() + "' has no default and model " + m.name()
                                    + " declares no variant to bind it",
                            p.source());
                }
            }
        }
        Map<String, SourceLocation> variants = new HashMap<>();
        for (VariantDecl v : m.variants()) {
            SourceLocation previous = variants.putIfAbsent(v.name(), v.source());
            if (previous != null)
                error(DUPLICATE_NAME, "variant '" + v.name() + "' is already declared at " + previous, v.source());
            Set<String> bound = new HashSet<>();
            for (Arg b : v.bindings()) {
                if (!b.isNamed()) {
                    error(BAD_VALUE, "variant bindings need a param name, e.g. 'dim = 128'", b.source());
                } else if (!paramNames.contains(b.name())) {
                    error(
                            UNKNOWN_PARAM,
                            "variant " + v.name() + " binds '" + b.name() + "', which is not a param of " + m.name()
                                    + Suggest.didYouMean(b.name(), paramNames),
                            b.source());
                } else if (!bound.add(b.name())) {
                    error(DUPLICATE_ARGUMENT, "variant " + v.name() + " binds '" + b.name() + "' twice", b.source());
                }
            }
            for (ParamDecl p : m.params()) {
                if (p.isRequired() && !bound.contains(p.name())) {
                    error(
                            UNBOUND_PARAM,
                            "variant " + v.name() + " leaves param '" + p.name() + "' unbound; bind it (" + p.name()
                                    + " = ...) or give the param a default",
                            v.source());
                }
            }
        }
        if (m.train() != null) {
            Set<String> keys = new HashSet<>();
            for (Arg s : m.train().settings()) {
                if (!TrainSettings.KNOWN.containsKey(s.name())) {
                    error(
                            UNKNOWN_TRAIN_SETTING,
                            "unknown train setting '" + s.name() + "'"
                                    + Suggest.didYouMean(s.name(), TrainSettings.KNOWN.keySet()) + "; known: "
                                    + String.join(", ", TrainSettings.KNOWN.keySet()),
                            s.source());
                } else if (!keys.add(s.name())) {
                    error(DUPLICATE_ARGUMENT, "train setting '" + s.name() + "' is given twice", s.source());
                }
            }
        }
        // Unused params: a param no expression of the model mentions.
        Set<String> used = new HashSet<>();
        List<Expr> exprs = new ArrayList<>();
        for (ParamDecl p : m.params()) if (p.byDefault() != null) exprs.add(p.byDefault());
        for (VariantDecl v : m.variants()) for (Arg b : v.bindings()) exprs.add(b.value());
        if (m.input() != null) exprs.addAll(m.input().dims());
        if (m.classes() != null) exprs.add(m.classes());
        DeclWalk.exprs(m.body(), exprs::add);
        for (Expr e : exprs) DeclWalk.names(e, used::add);
        for (ParamDecl p : m.params()) {
            if (!used.contains(p.name())) {
                out.add(Diagnostic.warning(UNUSED_PARAM, "param '" + p.name() + "' is never used", p.source()));
            }
        }
    }

    private void block(BlockDecl b) {
        params(b.params(), "block " + b.name());
        Set<String> used = new HashSet<>();
        List<Expr> exprs = new ArrayList<>();
        for (ParamDecl p : b.params()) if (p.byDefault() != null) exprs.add(p.byDefault());
        DeclWalk.exprs(b.body(), exprs::add);
        for (Expr e : exprs) DeclWalk.names(e, used::add);
        for (ParamDecl p : b.params()) {
            if (!used.contains(p.name())) {
                out.add(Diagnostic.warning(
                        UNUSED_PARAM, "param '" + p.name() + "' of block " + b.name() + " is never used", p.source()));
            }
        }
    }

    /** A block of this file that reaches itself through calls is an error at the call that starts the cycle. */
    private void recursion() {
        Map<String, BlockDecl> blocks = program.blocks();
        for (BlockDecl b : program.root().blocks()) {
            DeclWalk.calls(b.body(), call -> {
                List<String> path = pathTo(call.name(), b.name(), blocks);
                if (path != null) {
                    error(
                            BLOCK_RECURSION,
                            "block '" + b.name() + "' is recursive: " + b.name() + " -> " + String.join(" -> ", path),
                            call.source());
                }
            });
        }
    }

    /** The chain of block names from {@code from} to {@code target} through calls, or null. */
    private static List<String> pathTo(String from, String target, Map<String, BlockDecl> blocks) {
        Deque<List<String>> queue = new ArrayDeque<>();
        Set<String> visited = new HashSet<>();
        queue.add(List.of(from));
        while (!queue.isEmpty()) {
            List<String> path = queue.poll();
            String last = path.get(path.size() - 1);
            if (last.equals(target)) return path;
            if (!visited.add(last)) continue;
            BlockDecl b = blocks.get(last);
            if (b == null) continue;
            DeclWalk.calls(b.body(), c -> {
                List<String> next = new ArrayList<>(path);
                next.add(c.name());
                queue.add(next);
            });
        }
        return null;
    }

    /**
     * Blocks of a file that declares models, never reached from any of them: they are checked
     * (by {@link UnreachedBlocks}) but not generated. Files of only blocks are libraries.
     */
    private void unusedBlocks() {
        SpecFile root = program.root();
        if (root.models().isEmpty()) return;
        Set<String> reached = UnreachedBlocks.reached(program);
        for (BlockDecl b : root.blocks()) {
            if (!reached.contains(b.name())) {
                out.add(Diagnostic.warning(
                        UNUSED_BLOCK,
                        "block '" + b.name() + "' is never used by a model of this file,"
                                + " so no code is generated for it",
                        b.source()));
            }
        }
    }

    /** The longest name of a model, block, param, variant or label: names become Java and file names. */
    static final int MAX_NAME = 64;

    /** Names of everything that becomes a class, a method, a field or a file. */
    private void nameLengths() {
        SpecFile root = program.root();
        for (ModelDecl m : root.models()) {
            name("model", m.name(), m.source());
            for (ParamDecl p : m.params()) name("param", p.name(), p.source());
            for (VariantDecl v : m.variants()) name("variant", v.name(), v.source());
            DeclWalk.calls(m.body(), c -> {
                if (c.label() != null) name("label", c.label(), c.source());
            });
        }
        for (BlockDecl b : root.blocks()) {
            name("block", b.name(), b.source());
            for (ParamDecl p : b.params()) name("param", p.name(), p.source());
            DeclWalk.calls(b.body(), c -> {
                if (c.label() != null) name("label", c.label(), c.source());
            });
        }
    }

    private void name(String what, String name, SourceLocation at) {
        if (name.length() > MAX_NAME) {
            error(
                    NAME_TOO_LONG,
                    what + " name '" + name + "' is " + name.length() + " characters long; names become Java"
                            + " and file names and may have at most " + MAX_NAME,
                    at);
        }
    }

    /**
     * Labels ({@code proj: linear(dim)}) name a layer's generated field and its saved weights: each
     * once per class body (a model or block body with its residual and mix bodies; a repeat body
     * is a class of its own), and only on a layer or block, not on a value or a merge.
     */
    private void labels() {
        for (ModelDecl m : program.root().models()) labels(m.body(), new HashMap<>());
        for (BlockDecl b : program.root().blocks()) labels(b.body(), new HashMap<>());
    }

    private void labels(List<Stmt> body, Map<String, SourceLocation> seen) {
        Map<String, BlockDecl> blocks = program.blocks();
        for (Stmt s : body) {
            if (!(s instanceof Stmt.Flow f)) continue;
            for (Stage st : f.stages()) {
                if (st instanceof Stage.Call c && c.label() != null) {
                    boolean layer = Primitive.byName(c.name()).isPresent() || blocks.containsKey(c.name());
                    if (c.name().equals("concat")) {
                        error(
                                BAD_LABEL,
                                "label '" + c.label() + "' is on concat, a merge: only a layer or a block can"
                                        + " be labelled",
                                c.source());
                    } else if (!layer && !c.hasParens()) {
                        error(
                                BAD_LABEL,
                                "label '" + c.label() + "' is on '" + c.name() + "', a value: only a layer or a"
                                        + " block can be labelled",
                                c.source());
                    } else {
                        SourceLocation previous = seen.putIfAbsent(c.label(), c.source());
                        if (previous != null) {
                            error(
                                    DUPLICATE_NAME,
                                    "label '" + c.label() + "' is already used at " + previous
                                            + "; a label names one layer of its model or block",
                                    c.source());
                        }
                    }
                } else if (st instanceof Stage.Merge m) {
                    for (Stage.Call side : List.of(m.left(), m.right())) {
                        if (side.label() != null) {
                            error(
                                    BAD_LABEL,
                                    "label '" + side.label() + "' is on a merge operand: only a layer or a"
                                            + " block can be labelled",
                                    side.source());
                        }
                    }
                } else if (st instanceof Stage.Repeat r) {
                    labels(r.body(), new HashMap<>());
                } else if (st instanceof Stage.Residual r) {
                    labels(r.body(), seen);
                } else if (st instanceof Stage.Mix x) {
                    labels(x.body(), seen);
                }
            }
        }
    }
}
