package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.EngineArrays;

/**
 * The hard swish activation (Howard et al. 2019, MobileNetV3): {@code x * relu6(x + 3) / 6}, a
 * piecewise version of {@code x * sigmoid(x)} (used by LeViT-style stems).
 *
 * <p>PyTorch reference: {@code torch.nn.Hardswish}. No parameters; output shape = input shape.
 */
public class HardSwish extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Creates a hard swish. */
    public HardSwish() {
        super(VERSION);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(EngineArrays.dividedBy(x.add(3f).clip(0f, 6f).mul(x), 6));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
