package dev.vmodel.generator.ir;

import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.MergeOp;
import java.util.List;

/**
 * One step of a generated dataflow, over local variables holding values. The same steps are
 * emitted twice: in the constructor (over shapes, creating each child as it is reached) and in
 * {@code flow} (over whatever the {@code Flow} computes).
 */
public sealed interface StmtIr {

    /** The values this step reads. */
    default List<String> reads() {
        if (this instanceof Apply a) return List.of(a.input());
        if (this instanceof ApplyAll a) return a.inputs();
        if (this instanceof Loop l) return List.of(l.input());
        if (this instanceof Split sp) return List.of(sp.input());
        if (this instanceof Merge m) return m.inputs();
        if (this instanceof Copy c) return List.of(c.from());
        return List.of(((Transpose) this).from());
    }

    /** The values this step writes. */
    default List<String> writes() {
        if (this instanceof Apply a) return List.of(a.output());
        if (this instanceof ApplyAll a) return List.of(a.output());
        if (this instanceof Loop l) return List.of(l.output());
        if (this instanceof Split sp) return sp.outputs();
        if (this instanceof Merge m) return List.of(m.output());
        if (this instanceof Copy c) return List.of(c.to());
        return List.of(((Transpose) this).to());
    }

    /** {@code output = f.apply(field, input)}, the child made by {@code construct}. */
    record Apply(String output, String input, String field, ConstructIr construct) implements StmtIr {}

    /**
     * {@code output = f.source(field)} when {@code inputs} is empty (a learned tensor, a constant
     * table), else {@code output = f.applyAll(field, inputs)} (einsum, take).
     */
    record ApplyAll(String output, List<String> inputs, String field, ConstructIr construct) implements StmtIr {
        public ApplyAll {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * {@code for each child: output = f.apply(child, output)} over a list field; in the constructor
     * {@code count} children are made, Java variable {@code index} (the spec's {@code indexName},
     * or null) counting from 0.
     */
    record Loop(
            String output,
            String input,
            String field,
            String elementVar,
            String index,
            String indexName,
            ExprIr count,
            ConstructIr.Block construct)
            implements StmtIr {}

    /** {@code outputs = f.split(input, axis, sizes)}; {@code sizes} null for equal parts. */
    /** {@code lastAxis}: the value is a tensor, whose channels are its last axis whatever its rank. */
    record Split(
            String input,
            Axis axis,
            List<String> outputs,
            List<ExprIr> sizes,
            String sizesVar,
            String partsVar,
            boolean lastAxis)
            implements StmtIr {}

    /** {@code lastAxis}: a concatenation of tensors, along their last axis. */
    record Merge(MergeOp op, Axis axis, List<String> inputs, String output, boolean lastAxis) implements StmtIr {}

    /** {@code to = from}: a residual branch starts from its input; a value is renamed. */
    record Copy(String from, String to) implements StmtIr {}

    /** {@code to = f.transposeTokens(from)}: into and out of mixing along the token axis. */
    record Transpose(String from, String to) implements StmtIr {}
}
