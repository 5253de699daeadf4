package dev.vmodel.semantic.infer;

import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.decl.SpecFile;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.decl.VariantDecl;
import dev.vmodel.semantic.model.ArgKind;
import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One static type for every param of every model and block, from all its uses and all its values,
 * checked without elaborating anything. A target language gives each param one type, so a param
 * used as a size must get sizes from every default, variant and call site, whether or not a variant
 * ever evaluates that value: a default overridden by every variant is still the builder's default,
 * and a block argument is still passed to a constructor.
 *
 * <p>A param's type is what its uses demand (the argument kinds of the layers it is passed to,
 * arithmetic, the params of the blocks it is passed to); a param no use constrains takes the type
 * of its values. A bare name that is no param, index or size is a symbol ({@code adamw},
 * {@code mean}): accepted only where a symbol or an initialiser is, else an unknown name.
 */
public final class ParamTypes {

    /** The static type of a param or an expression. */
    public enum Type {
        INTEGER("an integer"),
        NUMBER("a number"),
        BOOL("true or false"),
        TEXT("a string"),
        INIT("an initialiser"),
        SYMBOL("a name such as mean");

        private final String words;

        Type(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        boolean numeric() {
            return this == INTEGER || this == NUMBER;
        }
    }

    /** The params' types (key: owner name + "." + param name) and the conflicts found. */
    public record Result(Map<String, Type> types, List<Diagnostic> diagnostics) {}

    /** A use that demands a type of a param, or a value given to it. */
    private record Use(Type type, SourceLocation at, String what) {}

    /** What is known of one param while the types settle. */
    private static final class Facts {
        final List<Use> demands = new ArrayList<>();
        /** Values, expressions typed once the params they use are. */
        final List<Given> given = new ArrayList<>();
    }

    /** An expression given as a value, with where it is written: its owner and the repeat indices in scope. */
    private record Given(Expr e, Owner where, Set<String> indices) {}

    /** A model or a block: its params and what its expressions may name. */
    private record Owner(String name, List<ParamDecl> params, String file) {
        boolean hasParam(String p) {
            return params.stream().anyMatch(d -> d.name().equals(p));
        }
    }

    private final Program program;
    private final Map<String, BlockDecl> blocks;
    private final Map<String, Type> types = new LinkedHashMap<>();
    private Map<String, Facts> facts = new HashMap<>();
    private final List<Diagnostic> out = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();

    private ParamTypes(Program program) {
        this.program = program;
        this.blocks = program.blocks();
    }

    public static Result of(Program program) {
        ParamTypes t = new ParamTypes(program);
        t.settle();
        t.report();
        return new Result(Map.copyOf(t.types), List.copyOf(t.out));
    }

    // ------------------------------------------------------------------------------------------
    // Settling: types depend on the types of callees' params and of the params values are made of.

    private void settle() {
        int rounds = 2;
        for (ModelDecl m : program.root().models()) rounds += m.params().size();
        for (BlockDecl b : blocks.values()) rounds += b.params().size();
        for (int round = 0; round < rounds; round++) {
            collect();
            Map<String, Type> next = new LinkedHashMap<>();
            facts.forEach((key, f) -> {
                Type t = decide(f);
                if (t != null) next.put(key, t);
            });
            if (next.equals(types)) return;
            types.clear();
            types.putAll(next);
        }
    }

    /** The meet of the demands, or with none, the join of the values; null when undecided or in conflict. */
    private Type decide(Facts f) {
        Type t = null;
        for (Use d : f.demands) {
            t = t == null ? d.type : meet(t, d.type);
            if (t == null) return firstDemand(f);
        }
        if (t != null) return t;
        for (Use v : values(f)) {
            if (v.type == null) continue;
            t = t == null ? v.type : join(t, v.type);
            if (t == null) return null;
        }
        return t;
    }

    private static Type firstDemand(Facts f) {
        return f.demands.get(0).type;
    }

    /** The type both demands accept: an integer is also a number; a symbol such as zeros is also an initialiser. */
    private static Type meet(Type a, Type b) {
        if (a == b) return a;
        if (a.numeric() && b.numeric()) return Type.INTEGER;
        if ((a == Type.INIT && b == Type.SYMBOL) || (a == Type.SYMBOL && b == Type.INIT)) return Type.SYMBOL;
        return null;
    }

    /** The type that holds both values. */
    private static Type join(Type a, Type b) {
        if (a == b) return a;
        if (a.numeric() && b.numeric()) return Type.NUMBER;
        if ((a == Type.INIT && b == Type.SYMBOL) || (a == Type.SYMBOL && b == Type.INIT)) return Type.INIT;
        return null;
    }

    private List<Use> values(Facts f) {
        List<Use> all = new ArrayList<>();
        for (Given g : f.given) {
            all.add(new Use(
                    typeOf(g.e, g.where, g.indices), g.e.source(), g.e instanceof Expr.Ref r ? r.name() : null));
        }
        return all;
    }

    // ------------------------------------------------------------------------------------------
    // Collecting demands and values

    private void collect() {
        facts = new HashMap<>();
        // Owners first, with their defaults, so that a default is the first value of its param.
        List<Owner> models = new ArrayList<>();
        for (ModelDecl m : program.root().models()) {
            Owner o = new Owner(m.name(), m.params(), m.source().file());
            models.add(o);
            params(o);
        }
        List<SpecFile> files = new ArrayList<>();
        files.add(program.root());
        files.addAll(program.imported());
        List<Owner> blockOwners = new ArrayList<>();
        List<BlockDecl> blockDecls = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SpecFile f : files) {
            for (BlockDecl b : f.blocks()) {
                if (!seen.add(b.name()) || blocks.get(b.name()) != b) continue;
                Owner o = new Owner(b.name(), b.params(), b.source().file());
                blockOwners.add(o);
                blockDecls.add(b);
                params(o);
            }
        }
        for (int i = 0; i < models.size(); i++) {
            ModelDecl m = program.root().models().get(i);
            Owner o = models.get(i);
            for (VariantDecl v : m.variants()) {
                for (Arg b : v.bindings()) {
                    if (b.isNamed() && o.hasParam(b.name())) value(o.name, b.name(), b.value(), o);
                }
            }
            if (m.input() != null)
                for (Expr d : m.input().dims()) demand(d, Type.INTEGER, "an input size", o, Set.of());
            if (m.classes() != null) demand(m.classes(), Type.INTEGER, "classes", o, Set.of());
            // Train settings are constants (TrainSettings refuses params there): they type no param.
            body(m.body(), o, Set.of());
        }
        for (int i = 0; i < blockOwners.size(); i++) body(blockDecls.get(i).body(), blockOwners.get(i), Set.of());
    }

    private Facts facts(String owner, String param) {
        return facts.computeIfAbsent(owner + "." + param, k -> new Facts());
    }

    private void params(Owner o) {
        for (ParamDecl p : o.params) {
            facts(o.name, p.name());
            if (p.byDefault() != null) value(o.name, p.name(), p.byDefault(), o);
        }
    }

    /** {@code e}, written in {@code where}, is a value of {@code owner.param}. */
    private void value(String owner, String param, Expr e, Owner where) {
        facts(owner, param).given.add(new Given(e, where, Set.of()));
        demandsIn(e, where, Set.of());
    }

    private void body(List<Stmt> body, Owner o, Set<String> indices) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Split split) {
                for (Stmt.Split.Part p : split.parts()) {
                    if (p.size() != null) demand(p.size(), Type.INTEGER, "a part size", o, indices);
                }
            } else if (s instanceof Stmt.Const c) {
                for (Expr d : c.dims()) demand(d, Type.INTEGER, "a const size", o, indices);
                Set<String> inner = new HashSet<>(indices);
                inner.addAll(c.indices());
                demandsIn(c.value(), o, inner);
            } else if (s instanceof Stmt.Flow flow) {
                for (Stage st : flow.stages()) stage(st, o, indices);
            }
        }
    }

    private void stage(Stage st, Owner o, Set<String> indices) {
        if (st instanceof Stage.Call c) {
            call(c, o, indices);
        } else if (st instanceof Stage.Repeat r) {
            demand(r.count(), Type.INTEGER, "a repeat count", o, indices);
            Set<String> inner = indices;
            if (r.index() != null) {
                inner = new HashSet<>(indices);
                inner.add(r.index());
            }
            body(r.body(), o, inner);
        } else if (st instanceof Stage.Residual r) {
            body(r.body(), o, indices);
        } else if (st instanceof Stage.Mix m) {
            body(m.body(), o, indices);
        }
    }

    private void call(Stage.Call c, Owner o, Set<String> indices) {
        if (c.name().equals("weight") || c.name().equals("rearrange")) {
            // Sizes by position (weight) or by name (rearrange), besides the pattern and init.
            for (Arg a : c.args()) {
                boolean size = c.name().equals("weight") ? !a.isNamed() : a.isNamed();
                if (size) demand(a.value(), Type.INTEGER, c.name() + " size", o, indices);
                else demandsIn(a.value(), o, indices);
            }
            return;
        }
        Primitive p = Primitive.byName(c.name()).orElse(null);
        BlockDecl callee = p == null ? blocks.get(c.name()) : null;
        if (p == null && callee == null) return; // a value, concat, or an unknown name: reported elsewhere
        List<String> names = p != null
                ? p.params().stream().map(Primitive.Param::name).toList()
                : callee.params().stream().map(ParamDecl::name).toList();
        int position = 0;
        for (Arg a : c.args()) {
            String param = a.isNamed() ? a.name() : position < names.size() ? names.get(position) : null;
            if (!a.isNamed()) position++;
            if (param == null || !names.contains(param)) continue; // reported by the argument binding
            if (p != null) {
                Primitive.Param pp = p.params().stream()
                        .filter(q -> q.name().equals(param))
                        .findFirst()
                        .orElseThrow();
                Type t = typeOf(pp.kind());
                String what = p.dslName() + " " + param;
                if (t != null) demand(a.value(), t, what, o, indices);
                else demandsIn(a.value(), o, indices);
            } else {
                // The value flows into the callee's param: it is one of its values; a bare param of
                // this owner passed on takes the callee param's type.
                facts(callee.name(), param).given.add(new Given(a.value(), o, indices));
                Type t = types.get(callee.name() + "." + param);
                if (t != null
                        && a.value() instanceof Expr.Ref r
                        && o.hasParam(r.name())
                        && !indices.contains(r.name())) {
                    facts(o.name, r.name())
                            .demands
                            .add(new Use(t, a.value().source(), "block " + callee.name() + "'s " + param));
                }
                demandsIn(a.value(), o, indices);
            }
        }
    }

    /** {@code e} must be of type {@code t}: a bare param of the owner gets the demand; inner names get theirs. */
    private void demand(Expr e, Type t, String what, Owner o, Set<String> indices) {
        if (e instanceof Expr.Ref r && o.hasParam(r.name()) && !indices.contains(r.name())) {
            facts(o.name, r.name()).demands.add(new Use(t, e.source(), what));
        } else {
            demandsIn(e, o, indices);
        }
    }

    /** Params inside arithmetic, numeric functions and initialiser arguments must be numbers. */
    private void demandsIn(Expr e, Owner o, Set<String> indices) {
        if (e instanceof Expr.Binary b) {
            demand(b.left(), Type.NUMBER, "arithmetic", o, indices);
            demand(b.right(), Type.NUMBER, "arithmetic", o, indices);
        } else if (e instanceof Expr.Negate n) {
            demand(n.operand(), Type.NUMBER, "arithmetic", o, indices);
        } else if (e instanceof Expr.Call c) {
            for (Arg a : c.args()) demand(a.value(), Type.NUMBER, c.name() + "'s argument", o, indices);
        } else if (e instanceof Expr.Compare c) {
            demand(c.left(), Type.NUMBER, "a comparison", o, indices);
            demand(c.right(), Type.NUMBER, "a comparison", o, indices);
        } else if (e instanceof Expr.Index i) {
            for (Expr index : i.indices()) demand(index, Type.INTEGER, "an index of " + i.name(), o, indices);
        }
    }

    /** The type an argument kind demands; null for padding, which takes an integer or {@code same}. */
    private static Type typeOf(ArgKind kind) {
        return switch (kind) {
            case SIZE, COUNT, INTEGER -> Type.INTEGER;
            case TEXT -> Type.TEXT;
            case NUMBER, POSITIVE, PROBABILITY -> Type.NUMBER;
            case BOOL -> Type.BOOL;
            case INIT -> Type.INIT;
            case SYMBOL -> Type.SYMBOL;
            case PADDING -> null;
        };
    }

    /** The static type of an expression of {@code o}; null when it depends on a param not yet typed. */
    private Type typeOf(Expr e, Owner o, Set<String> indices) {
        if (e instanceof Expr.Number n) {
            String t = n.text();
            return t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0 ? Type.NUMBER : Type.INTEGER;
        }
        if (e instanceof Expr.Bool) return Type.BOOL;
        if (e instanceof Expr.Text) return Type.TEXT;
        if (e instanceof Expr.Ref r) {
            if (indices.contains(r.name()) || Elaborator.BUILTIN_NAMES.contains(r.name())) return Type.INTEGER;
            if (o.hasParam(r.name())) return types.get(o.name + "." + r.name());
            return Type.SYMBOL;
        }
        if (e instanceof Expr.Negate n) {
            Type t = typeOf(n.operand(), o, indices);
            return t != null && t.numeric() ? t : t == null ? null : Type.NUMBER;
        }
        if (e instanceof Expr.Compare) return Type.INTEGER;
        if (e instanceof Expr.Index) return Type.NUMBER;
        if (e instanceof Expr.Binary b) {
            Type l = typeOf(b.left(), o, indices);
            Type r = typeOf(b.right(), o, indices);
            return l == Type.INTEGER && r == Type.INTEGER ? Type.INTEGER : Type.NUMBER;
        }
        Expr.Call c = (Expr.Call) e;
        return switch (c.name()) {
            case "floor", "ceil", "round" -> Type.INTEGER;
            case "sqrt", "sin", "cos", "exp", "log", "pow" -> Type.NUMBER;
            case "abs", "select" -> {
                Type t = null;
                for (Arg a : c.args()
                        .subList(c.name().equals("select") ? 1 : 0, c.args().size())) {
                    Type at = typeOf(a.value(), o, indices);
                    t = t == null ? at : at == Type.INTEGER && t == Type.INTEGER ? Type.INTEGER : Type.NUMBER;
                }
                yield t == null ? Type.NUMBER : t;
            }
            case "max", "min" -> {
                Type t = null;
                for (Arg a : c.args()) {
                    Type at = typeOf(a.value(), o, indices);
                    t = t == null ? at : at == Type.INTEGER && t == Type.INTEGER ? Type.INTEGER : Type.NUMBER;
                }
                yield t == null ? Type.NUMBER : t;
            }
            default -> Type.INIT;
        };
    }

    // ------------------------------------------------------------------------------------------
    // Reporting, once the types have settled

    private void report() {
        collect();
        facts.forEach((key, f) -> {
            String param = key.substring(key.indexOf('.') + 1);
            Type t = null;
            Use first = null;
            for (Use d : f.demands) {
                Type met = t == null ? d.type : meet(t, d.type);
                if (met == null) {
                    error(
                            TYPE_MISMATCH,
                            d.what + " needs " + d.type.words() + ", but param '" + param + "' is used as "
                                    + first.type.words() + " (" + first.what + " at line " + first.at.line() + ")",
                            d.at);
                    continue;
                }
                if (t == null) first = d;
                t = met;
            }
            if (t != null) {
                for (Use v : values(f)) check(v, t, param);
                return;
            }
            Use firstValue = null;
            for (Use v : values(f)) {
                if (v.type == null) continue;
                if (firstValue == null) {
                    firstValue = v;
                    t = v.type;
                    continue;
                }
                Type joined = join(t, v.type);
                if (joined != null) {
                    t = joined;
                } else if (t == Type.SYMBOL) {
                    check(firstValue, v.type, param); // the bare name is the odd one out: an unknown name
                    firstValue = v;
                    t = v.type;
                } else {
                    check(v, t, param);
                }
            }
        });
    }

    /** A value of type {@code v.type} given to a param of type {@code t}. */
    private void check(Use v, Type t, String param) {
        if (v.type == null || accepts(t, v.type)) return;
        if (v.type == Type.SYMBOL) {
            error(
                    UNKNOWN_NAME,
                    "unknown name '" + v.what + "': it is given to param '" + param + "', which is " + t.words()
                            + " (a bare name is accepted only where a symbol or an initialiser is)",
                    v.at);
        } else {
            String value = v.what != null ? "'" + v.what + "'" : "this value";
            error(
                    TYPE_MISMATCH,
                    "param '" + param + "' is " + t.words() + ", but " + value + " is " + v.type.words(),
                    v.at);
        }
    }

    private static boolean accepts(Type t, Type v) {
        if (t == v) return true;
        if (t.numeric() && v.numeric()) return true; // integrality is checked where the value is used
        return t == Type.INIT && v == Type.SYMBOL;
    }

    private void error(String code, String message, SourceLocation at) {
        if (!Objects.equals(at.file(), program.root().path())) return; // another file's own checks report it
        if (reported.add(at + code)) out.add(Diagnostic.error(code, message, at));
    }
}
