package dev.vmodel.semantic.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.Expr;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    private static final SourceLocation AT = new SourceLocation("t.vmodel", 3, 7, 20, 2);
    private static final Names DIM =
            (name, at) -> Map.<String, Value>of("dim", new Value.Int(128), "rate", new Value.Real(0.1))
                    .get(name);

    private static Expr num(String text) {
        return new Expr.Number(text, AT);
    }

    private static Expr ref(String name) {
        return new Expr.Ref(name, AT);
    }

    private static Expr bin(char op, Expr l, Expr r) {
        return new Expr.Binary(op, l, r, AT);
    }

    private static Expr call(String name, Expr... args) {
        return new Expr.Call(
                name,
                java.util.Arrays.stream(args).map(a -> new Arg(null, a, AT)).toList(),
                AT);
    }

    @Test
    void integerArithmeticIsExactAndDivisionFloors() {
        assertEquals(new Value.Int(768), Evaluator.eval(bin('*', num("6"), ref("dim")), DIM));
        assertEquals(new Value.Int(1), Evaluator.eval(bin('/', num("3"), num("2")), DIM));
        assertEquals(new Value.Int(-2), Evaluator.eval(bin('/', num("-3"), num("2")), DIM));
        assertEquals(new Value.Int(1), Evaluator.eval(bin('%', num("7"), num("3")), DIM));
        assertEquals(
                new Value.Int(1),
                Evaluator.eval(call("max", num("1"), bin('-', bin('/', num("3"), num("2")), num("1"))), DIM));
    }

    @Test
    void anyFloatMakesAFloat() {
        Value v = Evaluator.eval(bin('/', bin('*', ref("rate"), num("3")), num("6")), DIM);
        assertEquals(0.05, ((Value.Real) v).value(), 1e-12);
        assertEquals(new Value.Real(1e-6), Evaluator.eval(num("1e-6"), DIM));
    }

    @Test
    void unknownNamesBecomeSymbolsAndFailInArithmetic() {
        assertEquals(new Value.Symbol("mean"), Evaluator.eval(ref("mean"), DIM));
        SpecError e = assertThrows(SpecError.class, () -> Evaluator.eval(bin('*', num("2"), ref("dimm")), DIM));
        assertEquals(IssueCodes.UNKNOWN_NAME, e.diagnostic().code());
        assertTrue(e.diagnostic().message().contains("'dimm'"));
    }

    @Test
    void overflowDivisionByZeroAndHugeLiteralsAreErrors() {
        assertEquals(
                IssueCodes.INTEGER_OVERFLOW,
                assertThrows(SpecError.class, () -> Evaluator.eval(bin('*', num("9223372036854775807"), num("2")), DIM))
                        .diagnostic()
                        .code());
        assertEquals(
                IssueCodes.DIVISION_BY_ZERO,
                assertThrows(
                                SpecError.class,
                                () -> Evaluator.eval(bin('/', num("1"), bin('-', ref("dim"), num("128"))), DIM))
                        .diagnostic()
                        .code());
        assertEquals(
                IssueCodes.DIVISION_BY_ZERO,
                assertThrows(SpecError.class, () -> Evaluator.eval(bin('/', ref("rate"), num("0.0")), DIM))
                        .diagnostic()
                        .code());
        SpecError big = assertThrows(SpecError.class, () -> Evaluator.eval(num("99999999999999999999"), DIM));
        assertEquals(IssueCodes.NUMBER_TOO_LARGE, big.diagnostic().code());
        assertEquals(AT, big.diagnostic().location());
        assertEquals(new Value.Int(Long.MAX_VALUE), Evaluator.eval(num("9223372036854775807"), DIM));
    }

    @Test
    void constructorsKeepTheirArguments() {
        assertEquals(
                new Value.Construct("normal", List.of(new Value.Real(0.02))),
                Evaluator.eval(call("normal", num("0.02")), DIM));
    }

    @Test
    void functionsCheckTheirArgumentCountAndTypes() {
        Map<Expr, String> wrong = new java.util.LinkedHashMap<>();
        wrong.put(call("max"), "max needs at least one argument");
        wrong.put(call("floor", num("1"), num("2")), "floor takes exactly one argument");
        wrong.put(call("sin"), "sin takes exactly one argument");
        wrong.put(call("select", num("1"), num("2")), "select takes a condition and two values: select(cond, a, b)");
        wrong.put(call("pow", num("2")), "pow takes a base and an exponent: pow(x, y)");
        wrong.put(call("min", num("1"), ref("mean")), "unknown name 'mean'");
        wrong.put(call("pow", num("2"), call("max", num("1"))), null);
        for (Map.Entry<Expr, String> w : wrong.entrySet()) {
            if (w.getValue() == null) {
                assertEquals(new Value.Real(2), Evaluator.eval(w.getKey(), DIM));
                continue;
            }
            SpecError e = assertThrows(SpecError.class, () -> Evaluator.eval(w.getKey(), DIM), w.getValue());
            assertEquals(w.getValue(), e.diagnostic().message());
        }
        // select's condition may be a truth value; the others must be numbers
        assertEquals(
                new Value.Int(7),
                Evaluator.eval(call("select", new Expr.Compare("<", num("1"), num("2"), AT), num("7"), num("8")), DIM));
        assertEquals(
                "expected a number, got " + new Value.Construct("f", List.of()).show(),
                assertThrows(SpecError.class, () -> Evaluator.eval(call("abs", call("f")), DIM))
                        .diagnostic()
                        .message());
    }
}
