package dev.vmodel.generator.ir;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/**
 * One generated block class: its constructor params, its child-block fields and its dataflow.
 * Every name in it (class, fields, params, locals) is already allocated, and valid in Java.
 *
 * @param name the class's simple name, unique in {@code packageName}
 * @param takesClasses the constructor takes the model's class count ({@code classes} is used inside)
 * @param takesInput building the class needs the sizes of its input (sizes such as {@code tokens}
 *     are read inside, or a child needs them)
 * @param inputSizes the sizes of its input the constructor takes, in the order of the input's
 *     axes ({@code tokens, channels}; {@code channels, height, width}), from which it starts its
 *     shapes; empty when it takes none, or when the spec calls it with inputs of more than one
 *     kind, and the constructor then takes the input's shape
 * @param input the local variable (and {@code flow} parameter) holding the class's input
 * @param output the local variable that holds the result at the end of {@code body}
 * @param model the model-only parts, or null for a block
 */
public record ClassIr(
        String packageName,
        String name,
        Kind kind,
        String dslName,
        String doc,
        SourceLocation source,
        List<ParamIr> params,
        boolean takesClasses,
        boolean takesInput,
        List<SizeIr> inputSizes,
        List<FieldIr> fields,
        String input,
        List<StmtIr> body,
        String output,
        ModelIr model) {

    public enum Kind {
        /** A {@code model}: also gets a config record, a builder and variant factories. */
        MODEL,
        /** A user {@code block}. */
        BLOCK,
        /** The body of a {@code repeat} with more than one stage, made a class of its own. */
        REPEAT_BODY
    }

    /**
     * A field: a child block, a repeat's list of children, or a split's sizes. Its type follows
     * from the statement that fills it (an {@link StmtIr.Apply}, {@link StmtIr.Loop} or {@link StmtIr.Split}).
     *
     * @param childName the child's stable name ({@code attn}; for a repeat's list the prefix of
     *     {@code blocks.0}, {@code blocks.1}); empty for a field that holds no child
     */
    public record FieldIr(String name, String childName) {}

    /**
     * A size of the input taken by the constructor.
     *
     * @param axis the size as the spec names it: {@code tokens}, {@code channels}, {@code height}
     *     or {@code width}
     * @param name the constructor's parameter (allocated: a param may have the same name)
     */
    public record SizeIr(String axis, String name) {}
}
