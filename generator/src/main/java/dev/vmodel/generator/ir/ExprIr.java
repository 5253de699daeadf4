package dev.vmodel.generator.ir;

import java.util.List;
import java.util.function.Consumer;

/**
 * A resolved expression: every node has its type decided, constant parts are folded into
 * literals, names are classified (a param, a repeat index, the class count, a size of a named
 * value, or a bare symbol such as {@code mean}). Integer arithmetic is the spec's: 64-bit, floor
 * division. Emitters render it; none evaluates it.
 */
public sealed interface ExprIr {
    ValueType type();

    record LongLit(long value) implements ExprIr {
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    record DoubleLit(double value) implements ExprIr {
        public ValueType type() {
            return ValueType.DOUBLE;
        }
    }

    record BoolLit(boolean value) implements ExprIr {
        public ValueType type() {
            return ValueType.BOOLEAN;
        }
    }

    record TextLit(String value) implements ExprIr {
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** A bare name with no binding: {@code mean}, {@code same}, {@code xavierUniform}. */
    record Symbol(String name) implements ExprIr {
        public ValueType type() {
            return ValueType.SYMBOL;
        }
    }

    /** A constant initialiser, {@code normal(0.02)}; {@code default} stands for the framework's own. */
    record InitLit(String kind, List<Double> args) implements ExprIr {
        public ValueType type() {
            return ValueType.INIT;
        }
    }

    /** A param of the enclosing class, by spec name. */
    record Param(String name, ValueType type) implements ExprIr {}

    /** The index of an enclosing repeat, by spec name, counting from 0. */
    record Index(String name) implements ExprIr {
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    /** The model's class count. */
    record Classes() implements ExprIr {
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    /** A size ({@code tokens}, {@code channels}, {@code height}, {@code width}) of the value held by local {@code value}. */
    record Size(String axis, String value) implements ExprIr {
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    record Negate(ExprIr operand, ValueType type) implements ExprIr {}

    /** {@code + - * / %}; on two longs {@code /} and {@code %} floor, otherwise the type is double. */
    record Binary(char op, ExprIr left, ExprIr right, ValueType type) implements ExprIr {}

    /**
     * A built-in function: {@code max}, {@code min}, {@code floor}, {@code ceil}, {@code round},
     * {@code sqrt}, {@code sin}, {@code cos}, {@code exp}, {@code log}, {@code pow}, {@code abs},
     * {@code select(cond, a, b)}, or an initialiser with computed arguments ({@code normal(std)}, type init).
     */
    record Call(String function, List<ExprIr> args, ValueType type) implements ExprIr {}

    /** {@code a < b}, {@code a == b}, ...: 1 when it holds, else 0 (a long). */
    record Compare(String op, ExprIr left, ExprIr right) implements ExprIr {
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    /** Index name number {@code position} of the constant table being filled ({@code i} of {@code [i, j]}). */
    record TableIndex(String name, int position) implements ExprIr {
        public ValueType type() {
            return ValueType.LONG;
        }
    }

    /** {@code band[y]}: an element of the constant table held by child {@code field}. */
    record TableAt(String field, List<ExprIr> indices, ValueType type) implements ExprIr {}

    /** Visits the expression and every sub-expression, outermost first. */
    static void walk(ExprIr e, Consumer<ExprIr> visit) {
        if (e == null) return;
        visit.accept(e);
        if (e instanceof Negate n) walk(n.operand(), visit);
        if (e instanceof Binary b) {
            walk(b.left(), visit);
            walk(b.right(), visit);
        }
        if (e instanceof Call c) c.args().forEach(a -> walk(a, visit));
        if (e instanceof Compare c) {
            walk(c.left(), visit);
            walk(c.right(), visit);
        }
        if (e instanceof TableAt t) t.indices().forEach(a -> walk(a, visit));
    }

    /** The expression with every {@link TableAt} field renamed (fields get their final names last). */
    static ExprIr renameTables(ExprIr e, java.util.function.UnaryOperator<String> rename) {
        if (e instanceof Negate n) return new Negate(renameTables(n.operand(), rename), n.type());
        if (e instanceof Binary b)
            return new Binary(b.op(), renameTables(b.left(), rename), renameTables(b.right(), rename), b.type());
        if (e instanceof Call c)
            return new Call(
                    c.function(),
                    c.args().stream().map(a -> renameTables(a, rename)).toList(),
                    c.type());
        if (e instanceof Compare c)
            return new Compare(c.op(), renameTables(c.left(), rename), renameTables(c.right(), rename));
        if (e instanceof TableAt t)
            return new TableAt(
                    rename.apply(t.field()),
                    t.indices().stream().map(a -> renameTables(a, rename)).toList(),
                    t.type());
        return e;
    }
}
