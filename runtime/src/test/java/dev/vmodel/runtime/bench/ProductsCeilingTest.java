package dev.vmodel.runtime.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import dev.vmodel.runtime.CommandRun;
import dev.vmodel.runtime.bench.ProductsCeiling.Product;
import dev.vmodel.runtime.train.TrainLoop;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ProductsCeilingTest {

    /** A linear layer of 10 inputs and 4 units on a batch of 8: forward 2 x 8 x 10 x 4 = 640 FLOP. */
    private static TrainLoop linear() {
        return TrainLoop.builder(Linear.builder().setUnits(4).build(), new Shape(8, 10), 4)
                .build();
    }

    @Test
    void aTrainingStepOfALinearLayerHasItsForwardProductAndTheWeightGradientsProduct() throws Exception {
        try (TrainLoop loop = linear()) {
            loop.trainStep(false);
            List<Product> products = ProductsCeiling.profile(() -> loop.trainStep(false), 2);

            // forward: addmm(bias, x [8,10], W^T [10,4]); backward: dW = dy^T x, one product of the same
            // size; the input needs no gradient, so no dX product
            assertEquals(2, products.stream().mapToInt(Product::count).sum(), products.toString());
            Product forward = products.stream()
                    .filter(p -> p.op().equals("aten::addmm"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no addmm in " + products));
            assertEquals(new Shape(8, 10), forward.left());
            assertEquals(new Shape(10, 4), forward.right());
            assertEquals(
                    1280.0,
                    products.stream().mapToDouble(p -> p.flop() * p.count()).sum(),
                    products.toString());
        }
    }

    @Test
    void anInferenceStepHasTheForwardProductOnly() throws Exception {
        try (TrainLoop loop = linear()) {
            loop.inferStep();
            List<Product> products = ProductsCeiling.profile(loop::inferStep, 3);

            assertEquals(List.of(new Product("aten::addmm", new Shape(8, 10), new Shape(10, 4), 1)), products);
            assertEquals(640.0, products.get(0).flop());
        }
    }

    @Test
    void aBatchedProductCountsEachMatrixOfTheBatch() {
        assertEquals(2.0 * 3 * 5 * 7 * 11, new Product("aten::bmm", new Shape(3, 5, 7), new Shape(3, 7, 11), 1).flop());
    }

    @Test
    void badOptionsAreOneLineWithStatus2() {
        String[] gMlp = {"--model", "GMlp", "--variant", "ti16"};
        assertBadUsage("--mode must be train or infer, got 'fit'", gMlp, "--mode", "fit");
        assertBadUsage("--batch, --rounds and --steps must be positive", gMlp, "--rounds", "0");
        assertBadUsage("--param takes NAME=VALUE, got 'depth'", gMlp, "--param", "depth");
        assertBadUsage("Nope", new String[] {"--model", "Nope", "--variant", "ti16"});
        assertBadUsage("Missing required option: '--variant=<variant>'", new String[] {"--model", "GMlp"});
    }

    private static void assertBadUsage(String message, String[] model, String... options) {
        String[] args =
                Stream.concat(Arrays.stream(model), Arrays.stream(options)).toArray(String[]::new);
        CommandRun r = CommandRun.of(ProductsCeiling::run, args);
        assertEquals(2, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }
}
