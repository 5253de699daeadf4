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
     * {@code sqrt}, or an initialiser with computed arguments ({@code normal(std)}, type init).
     */
    record Call(String function, List<ExprIr> args, ValueType type) implements ExprIr {}

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
    }
}
