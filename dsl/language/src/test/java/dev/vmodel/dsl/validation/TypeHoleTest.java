package dev.vmodel.dsl.validation;

import static dev.vmodel.semantic.IssueCodes.BAD_VALUE;
import static dev.vmodel.semantic.IssueCodes.DIVISION_BY_ZERO;
import static dev.vmodel.semantic.IssueCodes.TYPE_MISMATCH;
import static dev.vmodel.semantic.IssueCodes.UNDEFINED_VALUE;
import static dev.vmodel.semantic.IssueCodes.UNKNOWN_NAME;
import static dev.vmodel.semantic.IssueCodes.UNUSED_BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ModelInstance;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs the fuzz found validating clean although no target can express them (the generated Java
 * did not compile, or generation crashed): each is now a located error with a code. And the
 * semantics of a variant binding that uses another param.
 */
class TypeHoleTest {
    @TempDir
    Path dir;

    SpecFixture specs;

    @BeforeEach
    void setUp() {
        specs = new SpecFixture(dir);
    }

    // ------------------------------------------------------------------------------------------
    // Block arguments: one type per param, from its uses and every value it is given

    @Test
    void aBareUnknownNameGivenToASizeParamIsAnUnknownName() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  input vector(4)
                  classes 2
                  Head(adamw)
                }
                block Head(size = 8) { linear(classes) }
                """);
        Diagnostic d = c.error(UNKNOWN_NAME, 4);
        assertTrue(d.message().contains("'adamw'") && d.message().contains("'size'"), d.message());
        assertEquals(8, d.location().column(), d.format());
    }

    @Test
    void aBareNameIsASymbolWhereTheCalleeTakesAnInitialiserOrAPoolingKind() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  input tokens(4, 8)
                  classes 2
                  Head(mean, zeros)
                }
                block Head(kind, init) { pool(kind) -> linear(classes, init = init) }
                """);
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(2 * 8 + 2, c.instances().get(0).cost().params());
    }

    @Test
    void aFloatParamGivenToABooleanArgumentIsATypeMismatch() {
        // repeat 0: elaboration never reaches the call, the generated builder still passes drop
        SpecFixture.Checked c = specs.check("""
                model M {
                  param drop = 0.1
                  input tokens(4, 8)
                  classes 2
                  dropout(drop)
                  repeat 0 { Enc(qkvBias = drop) }
                  pool(mean) -> linear(classes)
                }
                block Enc(qkvBias = false) { attention(heads = 2, qkvBias = qkvBias) }
                """);
        Diagnostic d = c.error(TYPE_MISMATCH, 6);
        assertTrue(d.message().contains("true or false") && d.message().contains("'drop' is a number"), d.message());
    }

    @Test
    void aParamUsedAsANumberAndAsABooleanIsATypeMismatchAtTheSecondUse() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  input tokens(4, 8)
                  classes 2
                  Enc(0.1)
                  pool(mean) -> linear(classes)
                }
                block Enc(drop) {
                  dropout(drop)
                  -> attention(heads = 2, qkvBias = drop)
                }
                """);
        Diagnostic d = c.error(TYPE_MISMATCH, 9);
        assertTrue(d.message().contains("attention qkvBias") && d.message().contains("line 8"), d.message());
    }

    @Test
    void aBooleanDefaultOverriddenByEveryVariantIsStillATypeMismatch() {
        // b05-overridden-default-javac: the builder starts from the default
        SpecFixture.Checked c = specs.check("""
                model M {
                  param dim = false
                  input vector(4)
                  classes 2
                  variant a(dim = 8)
                  linear(dim) -> linear(classes)
                }
                """);
        Diagnostic d = c.error(TYPE_MISMATCH, 2);
        assertTrue(d.message().contains("'dim' is an integer") && d.message().contains("true or false"), d.message());
    }

    @Test
    void aDefaultThatDoesNotEvaluateIsAnErrorEvenWhenEveryVariantOverridesIt() {
        // b05-overridden-default-crash
        SpecFixture.Checked c = specs.check("""
                model M {
                  param dim = 1 / 0
                  input vector(4)
                  classes 2
                  variant a(dim = 8)
                  linear(dim) -> linear(classes)
                }
                """);
        Diagnostic d = c.error(DIVISION_BY_ZERO, 2);
        assertFalse(d.message().contains("variant"), d.message());
    }

    @Test
    void aWrongDefaultIsReportedOnceWhenSomeVariantsKeepIt() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  param dim = 1 / 0
                  input vector(4)
                  classes 2
                  variant a(dim = 8)
                  variant b()
                  linear(dim) -> linear(classes)
                }
                """);
        assertEquals(
                1,
                c.diagnostics().stream()
                        .filter(d -> d.code().equals(DIVISION_BY_ZERO))
                        .count(),
                c.listing());
        c.error(DIVISION_BY_ZERO, 2);
    }

    @Test
    void theZooStyleOfParamsStaysValid() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  param dim = 8
                  param ratio = 2
                  param rate = 0.1
                  param depth = 2
                  input tokens(4, 8)
                  classes 2
                  variant small(dim = 8, rate = 0)
                  variant big(dim = 16, depth = 3)
                  linear(dim)
                  repeat depth as i { Mlp(dim, ratio, rate * i / depth, lecunNormal) }
                  pool(mean) -> linear(classes)
                }
                block Mlp(dim, ratio = 4, drop = 0, init = default) {
                  residual { linear(dim * ratio, init = init) -> gelu -> linear(dim) -> dropPath(drop) }
                }
                """);
        assertFalse(c.hasErrors(), c.listing());
        assertEquals(2, c.instances().size());
    }

    // ------------------------------------------------------------------------------------------
    // Blocks no model uses: checked as far as they can be without an input shape

    @Test
    void aStringGivenAsASizeInAnUnusedBlock() {
        specs.check("block B { linear(\"x\") }\n").error(TYPE_MISMATCH, 1); // b04-unchecked-block-javac
    }

    @Test
    void aMergeOfUndefinedValuesInAnUnusedBlock() {
        specs.check("block B { u * v }\n").error(UNDEFINED_VALUE, 1); // b04-unchecked-block-merge-npe
    }

    @Test
    void anUnknownLayerInAnUnusedBlock() {
        Diagnostic d = specs.check("block B { lienar(4) }\n").error(UNKNOWN_NAME, 1); // b04-unchecked-block-npe
        assertTrue(d.message().contains("did you mean 'linear'"), d.message());
    }

    @Test
    void aDivisionByZeroInAnUnusedBlock() {
        Diagnostic d =
                specs.check("block B { linear(1 / 0) }\n").error(DIVISION_BY_ZERO, 1); // b04-unchecked-block-specerror
        assertEquals(22, d.location().column(), d.format());
    }

    @Test
    void anUnusedBlockBesideAModelIsCheckedAndSaysItIsNotGenerated() {
        // b04-unused-block-in-model-file
        SpecFixture.Checked c = specs.check("""
                model M {
                  input vector(4)
                  classes 2
                  linear(classes)
                }
                block B { lienar(4) }
                """);
        c.error(UNKNOWN_NAME, 6);
        assertTrue(c.warning(UNUSED_BLOCK, 6).message().contains("no code is generated"), c.listing());
    }

    @Test
    void whatNeedsAnInputOrACallIsNotCheckedInAnUnusedBlock() {
        SpecFixture.Checked c = specs.check("""
                block B(dim, ratio = 2, drop = 0.1) {
                  repeat dim as i { linear(i + 1) }
                  split channels into u, v
                  v = v -> linear(dim * ratio) -> linear(channels) -> dropout(drop)
                  u * v
                }
                """);
        assertFalse(c.hasErrors(), c.listing());
    }

    @Test
    void anUnusedBlockStillGetsItsRangeChecks() {
        SpecFixture.Checked c = specs.check("block B(p = 1.5) {\n  dropout(p)\n  repeat -1 { gelu }\n}\n");
        c.error(dev.vmodel.semantic.IssueCodes.PROBABILITY_RANGE, 2);
        c.error(dev.vmodel.semantic.IssueCodes.NON_POSITIVE_SIZE, 3);
    }

    // ------------------------------------------------------------------------------------------
    // A variant binding over other params: evaluated with the variant's bindings and the defaults

    @Test
    void aVariantBindingMayUseOtherParams() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  param wide = 8
                  param dim = 4
                  input vector(4)
                  classes 2
                  variant big(dim = wide * 2)
                  variant wider(dim = wide * 2, wide = 16)
                  linear(dim) -> linear(classes)
                }
                """);
        assertFalse(c.hasErrors(), c.listing());
        ModelInstance big = c.instances().get(0);
        ModelInstance wider = c.instances().get(1);
        assertEquals(new Value.Int(16), big.params().get("dim"));
        assertEquals(new Value.Int(8), big.params().get("wide"));
        assertEquals(new Value.Int(32), wider.params().get("dim"));
        assertEquals(4 * 32 + 32 + 32 * 2 + 2, wider.cost().params());
    }

    @Test
    void variantBindingsThroughEachOtherAreAnError() {
        SpecFixture.Checked c = specs.check("""
                model M {
                  param a = 1
                  param b = 1
                  input vector(4)
                  classes 2
                  variant loop(a = b, b = a)
                  linear(a * b) -> linear(classes)
                }
                """);
        assertTrue(c.error(BAD_VALUE, 6).message().contains("in terms of itself"), c.listing());
        assertTrue(c.instances().isEmpty());
    }
}
