package dev.vmodel.runtime.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.vmodel.runtime.blocks.Axis;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/** {@link Flow} over data: each operation computes arrays. */
final class ForwardFlow implements Flow<NDList> {
    private final ParameterStore parameterStore;
    private final boolean training;
    private final PairList<String, Object> params;
    private final NDManager scope;

    /**
     * @param scope the manager that arrays made by sources, multi-input blocks and broadcasting
     *     merges are attached to; null leaves them where the engine put them
     */
    ForwardFlow(ParameterStore parameterStore, boolean training, PairList<String, Object> params, NDManager scope) {
        this.parameterStore = parameterStore;
        this.training = training;
        this.params = params;
        this.scope = scope;
    }

    @Override
    public NDList apply(Block block, NDList x) {
        if (x instanceof ChannelParts parts && ElementWise.is(block)) {
            // An element-wise layer between a linear computed in parts and the generated block
            // that splits them (Flow.applyInParts): it applies to each part. The splitting block
            // gets the parts whole, for its splitEqual; any other layer reads them joined.
            NDList each = new NDList();
            for (NDArray part : parts) {
                each.add(block.forward(parameterStore, new NDList(part), training, params)
                        .singletonOrThrow());
            }
            return applied(block, new ChannelParts(each));
        }
        // A generated block gets transposed tokens as they are: its flow applies its layers here.
        NDList out = x instanceof TransposedTokens t && !(block instanceof FlowBlock)
                ? t.apply(block, parameterStore, training, params)
                : block.forward(parameterStore, x, training, params);
        LayerOutputs.applied(block, out);
        return out;
    }

    @Override
    public NDList applyInParts(Block block, NDList x, int parts) {
        if (!(block instanceof Linear linear) || !linear.isInitialized() || x.size() != 1 || parts < 2) {
            return apply(block, x);
        }
        NDArray in = x.singletonOrThrow();
        NDArray w = parameterStore.getValue(linear.getParameters().get("weight"), in.getDevice(), training);
        NDArray b = linear.getParameters().contains("bias")
                ? parameterStore.getValue(linear.getParameters().get("bias"), in.getDevice(), training)
                : null;
        long rows = w.getShape().get(0) / parts;
        NDList out = new NDList();
        for (int i = 0; i < parts; i++) {
            // Rows of the [out, in] weight: a contiguous slice. Views of the parameters would
            // belong to the parameters' manager and outlive the step; the data's manager frees them.
            String range = i * rows + ":" + (i + 1) * rows;
            NDArray wPart = stepView(w.get(range), in);
            NDArray bPart = b == null ? null : stepView(b.get(range), in);
            out.add(Linear.linear(in, wPart, bPart).singletonOrThrow());
        }
        return applied(block, new ChannelParts(out));
    }

    private static NDArray stepView(NDArray view, NDArray data) {
        view.attach(data.getManager());
        return view;
    }

    /** Layer outputs, while recorded, see a linear computed in parts as one array. */
    private static NDList applied(Block block, ChannelParts out) {
        if (LayerOutputs.recording()) {
            LayerOutputs.applied(block, new NDList(out.joined()));
        }
        return out;
    }

    @Override
    public NDList source(Block block) {
        NDList out = block.forward(parameterStore, new NDList(), training, params);
        LayerOutputs.applied(block, out);
        return scoped(out);
    }

    @Override
    public NDList applyAll(Block block, List<NDList> inputs) {
        NDList all = new NDList();
        for (NDList in : inputs) all.addAll(in);
        NDList out = block.forward(parameterStore, all, training, params);
        LayerOutputs.applied(block, out);
        return scoped(out);
    }

    @Override
    public NDList add(NDList a, NDList b) {
        return merge("add", a, b, NDArray::add);
    }

    @Override
    public NDList subtract(NDList a, NDList b) {
        return merge("subtract", a, b, NDArray::sub);
    }

    @Override
    public NDList multiply(NDList a, NDList b) {
        return merge("multiply", a, b, NDArray::mul);
    }

    @Override
    public NDList divide(NDList a, NDList b) {
        return merge("divide", a, b, NDArray::div);
    }

    /**
     * {@code op(a, b)}: as it is for equal shapes; otherwise with the lower-rank operand given
     * size-1 axes after its batch axis, and then the engine's broadcasting.
     */
    private NDList merge(String name, NDList a, NDList b, BinaryOperator<NDArray> op) {
        NDArray x = a.singletonOrThrow();
        NDArray y = b.singletonOrThrow();
        if (!x.getShape().equals(y.getShape())) {
            int rank = BatchBroadcast.shape(name, x.getShape(), y.getShape()).dimension();
            x = alignedTo(x, rank);
            y = alignedTo(y, rank);
        }
        return scoped(new NDList(op.apply(x, y)));
    }

    private NDArray alignedTo(NDArray x, int rank) {
        Shape s = x.getShape();
        return s.dimension() == rank ? x : scoped(x.reshape(BatchBroadcast.aligned(s, rank)));
    }

    private NDList scoped(NDList out) {
        for (NDArray a : out) scoped(a);
        return out;
    }

    /** Attaches a new array to the pass's scope (a no-op for arrays already there). */
    private NDArray scoped(NDArray a) {
        if (scope != null && a.getManager() != scope) {
            a.attach(scope);
        }
        return a;
    }

    @Override
    public NDList concat(Axis axis, List<NDList> parts) {
        NDList all = new NDList();
        for (NDList p : parts) all.add(p.singletonOrThrow());
        return new NDList(AxisParts.concat(axis, all));
    }

    @Override
    public List<NDList> splitEqual(NDList x, Axis axis, int parts) {
        if (x instanceof ChannelParts computed
                && computed.size() == parts
                && axis.resolve(computed.get(0).getShape())
                        == computed.get(0).getShape().dimension() - 1) {
            List<NDList> out = new ArrayList<>();
            for (NDArray part : computed) out.add(new NDList(part));
            return out;
        }
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
        return new TransposedTokens(x.singletonOrThrow());
    }
}
