package dev.vmodel.dsl.lower;

import static dev.vmodel.dsl.TestFiles.describe;
import static dev.vmodel.dsl.TestFiles.load;
import static dev.vmodel.dsl.TestFiles.relative;
import static dev.vmodel.dsl.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.dsl.load.LoadResult;
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
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.MergeOp;
import dev.vmodel.semantic.model.ShapeKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The representative gMLP spec, lowered into decl records: names, nesting, values, locations. */
class RepresentativeSpecTest {

    static final String GMLP = """
            import "blocks.vmodel"
            /** gMLP — Liu et al. 2021, "Pay Attention to MLPs", arXiv:2105.08050. */
            model GMlp {
              param dim
              param ffn = 6 * dim
              param depth = 30
              param imageSize = 224
              input image(3, imageSize, imageSize)
              classes 1000
              /** Tiny. */
              variant ti16(dim = 128)
              variant s16(dim = 256)
              conv(dim, kernel = 16, stride = 16) -> tokens
              repeat depth as i {
                residual { layerNorm(eps = 1e-6) -> linear(ffn) -> gelu -> SpatialGating(ffn / 2) -> linear(dim) -> dropPath(0.1 * i / (depth - 1)) }
              }
              layerNorm(eps = 1e-6) -> pool(mean) -> linear(classes, init = zeros)
              train { optimizer = adamw lr = 1e-3 weightDecay = 0.05 dataset = "imagenet" labelSmoothing = 0.1 }
            }
            block SpatialGating(half) {
              split channels into u, v
              v = v -> layerNorm -> mix tokens { linear(tokens, init = normal(1e-6), biasInit = ones) }
              u * v
            }
            """;

    @TempDir
    static Path dir;

    static Path root;
    static LoadResult result;
    static Program program;

    @BeforeAll
    static void load_() {
        write(dir, "specs/blocks.vmodel", "block Identity { }\n");
        root = relative(write(dir, "specs/gmlp.vmodel", GMLP));
        result = load(root);
        program = result.program();
    }

    static void at(SourceLocation loc, int line, int column) {
        assertEquals(root.toString(), loc.file(), "file of " + loc);
        assertEquals(line + ":" + column, loc.line() + ":" + loc.column(), "position");
    }

    static ModelDecl model() {
        return program.root().models().get(0);
    }

    @Test
    void loadsWithoutDiagnostics() {
        assertTrue(result.diagnostics().isEmpty(), describe(result));
        assertNotNull(program);
        assertEquals(root.toString(), program.root().path());
    }

    @Test
    void importsAreResolvedRelativeToTheImportingFile() {
        String blocks = root.getParent().resolve("blocks.vmodel").normalize().toString();
        SpecFile.Import imp = program.root().imports().get(0);
        assertEquals(blocks, imp.path());
        at(imp.source(), 1, 1);
        assertEquals(1, program.imported().size());
        SpecFile imported = program.imported().get(0);
        assertEquals(blocks, imported.path());
        assertEquals("Identity", imported.blocks().get(0).name());
        assertEquals(blocks, imported.blocks().get(0).source().file());
        assertEquals(
                List.of("SpatialGating", "Identity"),
                List.copyOf(program.blocks().keySet()));
    }

    @Test
    void modelDeclaration() {
        ModelDecl m = model();
        assertEquals("GMlp", m.name());
        at(m.source(), 3, 7);
        assertEquals(GMLP.indexOf("GMlp"), m.source().offset());
        assertEquals(4, m.source().length());
        assertEquals("gMLP — Liu et al. 2021, \"Pay Attention to MLPs\", arXiv:2105.08050.", m.doc());
    }

    @Test
    void params() {
        List<ParamDecl> params = model().params();
        assertEquals(
                List.of("dim", "ffn", "depth", "imageSize"),
                params.stream().map(ParamDecl::name).toList());
        assertTrue(params.get(0).isRequired());
        at(params.get(0).source(), 4, 9);
        Expr.Binary ffn = assertInstanceOf(Expr.Binary.class, params.get(1).byDefault());
        assertEquals('*', ffn.op());
        assertEquals("6", ((Expr.Number) ffn.left()).text());
        assertEquals("dim", ((Expr.Ref) ffn.right()).name());
        at(ffn.source(), 5, 15);
        assertEquals("6 * dim".length(), ffn.source().length());
        assertEquals("30", ((Expr.Number) params.get(2).byDefault()).text());
        at(params.get(3).source(), 7, 9);
    }

    @Test
    void inputClassesVariantsTrain() {
        ModelDecl m = model();
        assertEquals(ShapeKind.IMAGE, m.input().kind());
        assertEquals(3, m.input().dims().size());
        assertEquals("imageSize", ((Expr.Ref) m.input().dims().get(2)).name());
        at(m.input().source(), 8, 3);
        assertEquals("1000", ((Expr.Number) m.classes()).text());
        at(m.classes().source(), 9, 11);

        assertEquals(2, m.variants().size());
        var ti16 = m.variants().get(0);
        assertEquals("ti16", ti16.name());
        assertEquals("Tiny.", ti16.doc());
        at(ti16.source(), 11, 11);
        Arg binding = ti16.bindings().get(0);
        assertEquals("dim", binding.name());
        assertEquals("128", ((Expr.Number) binding.value()).text());
        at(binding.source(), 11, 16);
        assertNull(m.variants().get(1).doc());

        List<Arg> settings = m.train().settings();
        assertEquals(
                List.of("optimizer", "lr", "weightDecay", "dataset", "labelSmoothing"),
                settings.stream().map(Arg::name).toList());
        assertEquals("adamw", ((Expr.Ref) settings.get(0).value()).name());
        assertEquals("1e-3", ((Expr.Number) settings.get(1).value()).text());
        assertEquals("imagenet", ((Expr.Text) settings.get(3).value()).value());
        at(m.train().source(), 18, 3);
    }

    @Test
    void modelBody() {
        List<Stmt> body = model().body();
        assertEquals(3, body.size());

        Stmt.Flow first = (Stmt.Flow) body.get(0);
        assertNull(first.target());
        assertNull(first.targetSource());
        at(first.source(), 13, 3);
        Stage.Call conv = (Stage.Call) first.stages().get(0);
        assertEquals("conv", conv.name());
        assertTrue(conv.hasParens());
        assertEquals(3, conv.args().size());
        assertFalse(conv.args().get(0).isNamed());
        assertEquals("kernel", conv.args().get(1).name());
        at(conv.source(), 13, 3);
        Stage.Call tokens = (Stage.Call) first.stages().get(1);
        assertEquals("tokens", tokens.name());
        assertFalse(tokens.hasParens());
        at(tokens.source(), 13, 42);

        Stage.Repeat repeat = (Stage.Repeat) ((Stmt.Flow) body.get(1)).stages().get(0);
        assertEquals("depth", ((Expr.Ref) repeat.count()).name());
        assertEquals("i", repeat.index());
        at(repeat.source(), 14, 3);
        Stage.Residual residual =
                (Stage.Residual) ((Stmt.Flow) repeat.body().get(0)).stages().get(0);
        at(residual.source(), 15, 5);
        List<Stage> chain = ((Stmt.Flow) residual.body().get(0)).stages();
        assertEquals(
                List.of("layerNorm", "linear", "gelu", "SpatialGating", "linear", "dropPath"),
                chain.stream().map(s -> ((Stage.Call) s).name()).toList());
        Stage.Call dropPath = (Stage.Call) chain.get(5);
        at(dropPath.source(), 15, 105);
        // 0.1 * i / (depth - 1): left-associative, the parentheses group the subtraction
        Expr.Binary div = (Expr.Binary) dropPath.args().get(0).value();
        assertEquals('/', div.op());
        assertEquals('*', ((Expr.Binary) div.left()).op());
        Expr.Binary sub = (Expr.Binary) div.right();
        assertEquals('-', sub.op());
        assertEquals("depth", ((Expr.Ref) sub.left()).name());

        Stage.Call linear = (Stage.Call) ((Stmt.Flow) body.get(2)).stages().get(2);
        assertEquals("classes", ((Expr.Ref) linear.args().get(0).value()).name());
        assertEquals("zeros", ((Expr.Ref) linear.args().get(1).value()).name());
    }

    @Test
    void block() {
        BlockDecl b = program.root().blocks().get(0);
        assertEquals("SpatialGating", b.name());
        assertNull(b.doc());
        at(b.source(), 20, 7);
        assertEquals("half", b.params().get(0).name());
        at(b.params().get(0).source(), 20, 21);

        Stmt.Split split = (Stmt.Split) b.body().get(0);
        assertEquals(Axis.CHANNELS, split.axis());
        assertEquals(
                List.of("u", "v"),
                split.parts().stream().map(Stmt.Split.Part::name).toList());
        assertNull(split.parts().get(0).size());
        at(split.parts().get(1).source(), 21, 26);

        Stmt.Flow gate = (Stmt.Flow) b.body().get(1);
        assertEquals("v", gate.target());
        at(gate.targetSource(), 22, 3);
        Stage.Call v = (Stage.Call) gate.stages().get(0);
        assertEquals("v", v.name());
        assertFalse(v.hasParens());
        Stage.Mix mix = (Stage.Mix) gate.stages().get(2);
        assertEquals(Axis.TOKENS, mix.axis());
        at(mix.source(), 22, 25);
        Stage.Call inner = (Stage.Call) ((Stmt.Flow) mix.body().get(0)).stages().get(0);
        assertEquals("tokens", ((Expr.Ref) inner.args().get(0).value()).name());
        Expr.Call normal = (Expr.Call) inner.args().get(1).value();
        assertEquals("normal", normal.name());
        assertEquals("1e-6", ((Expr.Number) normal.args().get(0).value()).text());
        at(normal.source(), 22, 60);

        Stage.Merge merge = (Stage.Merge) ((Stmt.Flow) b.body().get(2)).stages().get(0);
        assertEquals(MergeOp.MULTIPLY, merge.op());
        assertEquals("u", merge.left().name());
        assertEquals("v", merge.right().name());
        at(merge.source(), 23, 3);
        assertEquals(5, merge.source().length());
    }
}
