package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.blocks.Axis;
import java.util.ArrayList;
import java.util.List;

/** {@link Flow} over data: each operation computes arrays. */
final class ForwardFlow implements Flow<NDList> {
    private final ParameterStore parameterStore;
    private final boolean training;
    private final PairList<String, Object> params;

    ForwardFlow(ParameterStore parameterStore, boolean training, PairList<String, Object> params) {
        this.parameterStore = parameterStore;
        this.training = training;
        this.params = params;
    }

    @Override
    public NDList apply(Block block, NDList x) {
        NDList out = x instanceof TransposedTokens t
                        && t.transposedBy(this)
                        && block instanceof Linear linear
                        && linear.isInitialized()
                ? t.mix(linear, parameterStore, training)
                : block.forward(parameterStore, x, training, params);
        LayerOutputs.applied(block, out);
        return out;
    }

    @Override
    public NDList add(NDList a, NDList b) {
        return new NDList(a.singletonOrThrow().add(b.singletonOrThrow()));
    }

    @Override
    public NDList subtract(NDList a, NDList b) {
        return new NDList(a.singletonOrThrow().sub(b.singletonOrThrow()));
    }

    @Override
    public NDList multiply(NDList a, NDList b) {
        return new NDList(a.singletonOrThrow().mul(b.singletonOrThrow()));
    }

    @Override
    public NDList concat(Axis axis, List<NDList> parts) {
        NDList all = new NDList();
        for (NDList p : parts) all.add(p.singletonOrThrow());
        return new NDList(AxisParts.concat(axis, all));
    }

    @Override
    public List<NDList> splitEqual(NDList x, Axis axis, int parts) {
        NDList split = AxisParts.split(x.singletonOrThrow(), axis, null, parts);
        List<NDList> out = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) out.add(new NDList(split.get(i)));
        return out;
    }

    @Override
    public List<NDList> split(NDList x, Axis axis, long... sizes) {
        NDList parts = AxisParts.split(x.singletonOrThrow(), axis, sizes, sizes.length);
        List<NDList> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) out.add(new NDList(parts.get(i)));
        return out;
    }

    @Override
    public NDList transposeTokens(NDList x) {
        if (x instanceof TransposedTokens t) {
            return new NDList(t.tokenMajor());
        }
        return new TransposedTokens(x.singletonOrThrow(), this);
    }
}
