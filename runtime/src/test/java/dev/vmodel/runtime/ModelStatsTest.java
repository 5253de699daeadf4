package dev.vmodel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.util.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter counts as PyTorch's {@code parameters()} gives them: BatchNorm's running statistics are buffers. */
class ModelStatsTest {

    private static Block convBatchNorm() {
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setFilters(8)
                        .setKernelShape(new Shape(3, 3))
                        .build())
                .add(BatchNorm.builder().build());
    }

    @Test
    void batchNormRunningStatisticsAreBuffersNotParameters() {
        try (NDManager m = Engines.newBaseManager()) {
            Block b = convBatchNorm();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            // conv 3 -> 8, 3x3, bias: 8*3*3*3 + 8 = 224; BatchNorm(8) weight and bias: 16
            assertEquals(224 + 16, ModelStats.parameterCount(b));
            assertEquals(224 + 16, ModelStats.trainableParameterCount(b));
            // running mean and variance, 8 each
            assertEquals(16, ModelStats.bufferCount(b));
            long djl = 0;
            for (Pair<String, Parameter> p : b.getParameters()) {
                djl += p.getValue().getShape().size();
            }
            assertEquals(256, djl, "DJL registers all four BatchNorm arrays as parameters");
        }
    }

    @Test
    void buffersAreTheRunningStatisticsOnly() {
        try (NDManager m = Engines.newBaseManager()) {
            Block b = convBatchNorm();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            for (Pair<String, Parameter> p : b.getParameters()) {
                boolean running =
                        p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar");
                assertEquals(running, ModelStats.isBuffer(p.getValue()), p.getKey());
                if (running) {
                    assertFalse(p.getValue().requiresGradient(), p.getKey());
                }
            }
        }
    }

    /**
     * ConvMixer-768/32 (patch 7, kernel 7, 1000 classes), built by hand from DJL layers: timm and
     * the spec's static count say 21,110,248; counting the running statistics of its 65 BatchNorms (2 x 768 each) too
     * gave 21,210,088.
     */
    @Test
    void convMixer768x32CountsAsTimm() {
        long dim = 768;
        SequentialBlock net = new SequentialBlock()
                .add(conv(dim, 7, 7, 1))
                .add(Activation.geluBlock())
                .add(BatchNorm.builder().build());
        for (int i = 0; i < 32; i++) {
            Block mixer = new SequentialBlock()
                    .add(conv(dim, 7, 1, dim))
                    .add(Activation.geluBlock())
                    .add(BatchNorm.builder().build());
            net.add(new ParallelBlock(
                    l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                    List.of(mixer, Blocks.identityBlock())));
            net.add(conv(dim, 1, 1, 1))
                    .add(Activation.geluBlock())
                    .add(BatchNorm.builder().build());
        }
        net.add(Pool.globalAvgPool2dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(1000).build());
        try (NDManager m = Engines.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 224, 224));
            assertEquals(21_110_248L, ModelStats.parameterCount(net));
            assertEquals(2 * dim * 65, ModelStats.bufferCount(net));
            assertEquals(21_210_088L, ModelStats.parameterCount(net) + ModelStats.bufferCount(net));
        }
    }

    private static Block conv(long out, long kernel, long stride, long groups) {
        long pad = stride == 1 ? (kernel - 1) / 2 : 0;
        return Conv2d.builder()
                .setFilters((int) out)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optGroups((int) groups)
                .build();
    }
}
