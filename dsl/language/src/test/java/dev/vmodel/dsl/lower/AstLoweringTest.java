package dev.vmodel.dsl.lower;

import static dev.vmodel.dsl.TestFiles.codes;
import static dev.vmodel.dsl.TestFiles.describe;
import static dev.vmodel.dsl.TestFiles.load;
import static dev.vmodel.dsl.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AstLoweringTest {

    @TempDir
    Path dir;

    private LoadResult clean(String text) {
        LoadResult r = load(write(dir, "spec.vmodel", text));
        assertTrue(r.diagnostics().isEmpty(), describe(r));
        return r;
    }

    @Test
    void docComments() {
        LoadResult r = clean("""
                /**
                 * First line.
                 *   Second line.
                 */
                block B(/** the width */ w, x) { gelu }
                /* not a doc comment */ model M {
                  /** p doc */ param p = 1
                  // a line comment
                  param q
                  /** stale */ // a comment in between
                  variant v()
                  /** v2 doc */
                  variant v2()
                }
                /** last */
                // hides it
                model N { }
                """);
        BlockDecl b = r.program().root().blocks().get(0);
        assertEquals("First line.\nSecond line.", b.doc());
        assertEquals("the width", b.params().get(0).doc());
        assertNull(b.params().get(1).doc());
        ModelDecl m = r.program().root().models().get(0);
        assertNull(m.doc());
        assertEquals("p doc", m.params().get(0).doc());
        assertNull(m.params().get(1).doc());
        assertNull(m.variants().get(0).doc());
        assertEquals("v2 doc", m.variants().get(1).doc());
        assertNull(r.program().root().models().get(1).doc());
    }

    @Test
    void caretEscapesKeywords() {
        LoadResult r = clean("model ^model { param ^param = 2\n param ^dim\n variant ^variant(^param = 3) }\n"
                + "block ^block(^split) { ^split -> ^residual }");
        ModelDecl m = r.program().root().models().get(0);
        assertEquals("model", m.name());
        assertEquals(7, m.source().column());
        assertEquals("param", m.params().get(0).name());
        assertEquals("dim", m.params().get(1).name());
        assertEquals("variant", m.variants().get(0).name());
        assertEquals("param", m.variants().get(0).bindings().get(0).name());
        BlockDecl b = r.program().root().blocks().get(0);
        assertEquals("block", b.name());
        assertEquals("split", b.params().get(0).name());
        List<Stage> stages = ((Stmt.Flow) b.body().get(0)).stages();
        assertEquals("split", ((Stage.Call) stages.get(0)).name());
        assertEquals("residual", ((Stage.Call) stages.get(1)).name());
    }

    @Test
    void literalsAndExpressions() {
        LoadResult r = clean("""
                model M {
                  param big = 123456789012345678901234567890
                  param f = 1.5e+10
                  param s = "a\\"b\\\\c\\n\\u0041"
                  param t = true
                  param n = -(2 - -x) % 3
                  param c = max(a, b = 2)
                }
                """);
        var params = r.program().root().models().get(0).params();
        assertEquals(
                "123456789012345678901234567890", ((Expr.Number) params.get(0).byDefault()).text());
        assertEquals("1.5e+10", ((Expr.Number) params.get(1).byDefault()).text());
        assertEquals("a\"b\\c\nA", ((Expr.Text) params.get(2).byDefault()).value());
        assertEquals(true, ((Expr.Bool) params.get(3).byDefault()).value());
        Expr.Binary mod = (Expr.Binary) params.get(4).byDefault();
        assertEquals('%', mod.op());
        Expr.Negate neg = (Expr.Negate) mod.left();
        Expr.Binary inner = (Expr.Binary) neg.operand();
        assertEquals('-', inner.op());
        assertEquals("x", ((Expr.Ref) ((Expr.Negate) inner.right()).operand()).name());
        Expr.Call max = (Expr.Call) params.get(5).byDefault();
        assertEquals("max", max.name());
        assertEquals("b", max.args().get(1).name());
    }

    @Test
    void splitSizesMergesAndTargets() {
        LoadResult r = clean("""
                block B {
                  split tokens into a(1), b(n - 1)
                  y = a -> linear(4)
                  a + b
                  a - b
                }
                """);
        List<Stmt> body = r.program().root().blocks().get(0).body();
        Stmt.Split split = (Stmt.Split) body.get(0);
        assertEquals("1", ((Expr.Number) split.parts().get(0).size()).text());
        assertEquals("y", ((Stmt.Flow) body.get(1)).target());
        assertEquals(
                dev.vmodel.semantic.model.MergeOp.ADD,
                ((Stage.Merge) ((Stmt.Flow) body.get(2)).stages().get(0)).op());
        assertEquals(
                dev.vmodel.semantic.model.MergeOp.SUBTRACT,
                ((Stage.Merge) ((Stmt.Flow) body.get(3)).stages().get(0)).op());
    }

    @Test
    void duplicateInputClassesTrainAreReportedAtTheSecond() {
        LoadResult r = load(write(dir, "spec.vmodel", """
                model M {
                  input tokens(196, 64)
                  classes 10
                  train { lr = 1 }
                  input vector(3)
                  classes 20
                  train { lr = 2 }
                }
                """));
        assertEquals(
                List.of(
                        IssueCodes.DUPLICATE_DECLARATION,
                        IssueCodes.DUPLICATE_DECLARATION,
                        IssueCodes.DUPLICATE_DECLARATION),
                codes(r),
                describe(r));
        assertEquals(
                List.of(5, 6, 7),
                r.diagnostics().stream().map(d -> d.location().line()).toList());
        assertTrue(r.diagnostics().stream().allMatch(Diagnostic::isError));
        ModelDecl m = r.program().root().models().get(0);
        assertEquals(dev.vmodel.semantic.model.ShapeKind.TOKENS, m.input().kind());
        assertEquals("10", ((Expr.Number) m.classes()).text());
        assertEquals("1", ((Expr.Number) m.train().settings().get(0).value()).text());
    }

    @Test
    void partialAstsAfterSyntaxErrorsStillLower() {
        String[] broken = {
            "model M { param }",
            "model M { param p = }",
            "model M { input image( }",
            "model M { variant v(a = ) }",
            "model M { train { lr = } }",
            "model M { classes }",
            "block B(a = ) { x -> }",
            "block B { split tokens into }",
            "block B { repeat { x } }",
            "block B { a * }",
            "block B { mix { x } }",
            "model M { x = f(1, ) -> (",
            "model",
            "block B { f(a = 1 +",
            "model M { param p = - }",
            "block { }",
            "import",
            "import \"x.vmodel\" model M { residual {",
        };
        for (String text : broken) {
            LoadResult r = load(write(dir, "broken.vmodel", text));
            assertTrue(codes(r).contains(IssueCodes.SYNTAX), text + "\n" + describe(r));
            if (r.program() != null) assertNotNull(r.program().root());
        }
    }
}
