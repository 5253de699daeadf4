package dev.vmodel.generator.ir;

import com.palantir.javapoet.ClassName;
import dev.vmodel.semantic.SourceLocation;
import java.util.List;

/**
 * One generated block class: its constructor params, its child-block fields and its dataflow.
 * Every Java name in it (class, fields, params, locals) is already allocated.
 *
 * @param takesClasses the constructor takes the model's class count ({@code classes} is used inside)
 * @param takesInput the constructor takes the input shape (sizes such as {@code tokens} are used inside)
 * @param input the local variable (and {@code flow} parameter) holding the class's input
 * @param output the local variable that holds the result at the end of {@code body}
 * @param model the model-only parts, or null for a block
 */
public record ClassIr(
        ClassName name,
        Kind kind,
        String dslName,
        String doc,
        SourceLocation source,
        List<ParamIr> params,
        boolean takesClasses,
        boolean takesInput,
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
     * A field holding a child block, or a list of them for a repeat, or a split's sizes.
     *
     * @param childName the child's stable name ({@code attn}; for a repeat's list the prefix of
     *     {@code blocks.0}, {@code blocks.1}); empty for a field that holds no child
     */
    public record FieldIr(String name, com.palantir.javapoet.TypeName type, String childName) {}
}
