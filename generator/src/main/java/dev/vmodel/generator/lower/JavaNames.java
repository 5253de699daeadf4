package dev.vmodel.generator.lower;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Allocates Java identifiers in one namespace (a package's classes, or a class's members and
 * locals): a spec name is kept when it is a valid, free Java name; a repeat becomes {@code name2},
 * {@code name3}; a Java keyword gets a trailing underscore ({@code class_}).
 */
public final class JavaNames {
    /** Methods of {@link Object}: a record component or a builder setter of these names does not compile. */
    public static final String[] OBJECT_METHODS = {
        "clone", "equals", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait"
    };

    /**
     * Names a generated class declares itself (fields, locals, type variables, the lambda
     * parameter of {@code softmax}), kept away from spec params, values and children.
     */
    public static final String[] CLASS_MEMBERS = {
        "f", "T", "VERSION", "FAMILY", "VARIANTS", "shapes", "input", "classes", "config", "nd", "idx"
    };

    /**
     * Names a static variant factory of a model cannot take: the model's own static and instance
     * methods (a static method cannot hide an inherited instance method) and those of the blocks
     * it extends ({@code AbstractBlock}, {@code Object}).
     */
    public static final String[] MODEL_METHODS = {
        "builder",
        "variant",
        "config",
        "inputShape",
        "classes",
        "family",
        "params",
        "parametersByName",
        "VARIANTS",
        "FAMILY",
        "clear",
        "describeInput",
        "getChildren",
        "getCustomMetadata",
        "getDirectParameters",
        "getInputShapes",
        "getOutputDataTypes",
        "getParameters",
        "isInitialized",
        "clone",
        "finalize",
        "getClass",
        "hashCode",
        "notify",
        "notifyAll",
        "toString",
        "wait"
    };

    /**
     * Class names a generated class cannot take in its package: the {@code java.lang} types
     * generated code names by their simple name (a model {@code Long} would shadow them), and
     * the static fields generated code reads by simple name (a class {@code VARIANTS} obscures
     * them). A nested {@code Builder}, {@code Config} or {@code Family} is renamed instead.
     */
    public static final String[] PACKAGE_CLASSES = {
        "Object",
        "String",
        "Long",
        "Double",
        "Boolean",
        "Integer",
        "Float",
        "Math",
        "Override",
        "Iterable",
        "Character",
        "Number",
        "Record",
        "Enum",
        "Class",
        "System",
        "IllegalArgumentException",
        "IllegalStateException",
        "Deprecated",
        "SuppressWarnings",
        "Exception",
        "RuntimeException",
        "Void",
        "Comparable",
        "Runnable",
        "StringBuilder",
        "VARIANTS",
        "FAMILY",
        "VERSION"
    };

    /**
     * The simple names of the types generated code refers to. A param, value or local with one of
     * these names would obscure the type ({@code Math.max} read as a field of a local named
     * {@code Math}), so member allocators keep clear of them; {@code GeneratedZooTest} checks that
     * every type the generated zoo imports is here.
     */
    public static final String[] TYPE_NAMES = {
        "Activation",
        "Affine",
        "ArrayList",
        "AvgPool2d",
        "Axis",
        "BatchNorm",
        "Block",
        "Blocks",
        "ChannelsLastConv2d",
        "ClassToken",
        "Collections",
        "Conv2d",
        "DropPath",
        "Dropout",
        "Flow",
        "FlowBlock",
        "Generated",
        "GroupNorm",
        "ImageToTokens",
        "Initializer",
        "Inits",
        "LambdaBlock",
        "LastAxisLayerNorm",
        "LearnedPositionEmbedding",
        "Linear",
        "LinkedHashMap",
        "List",
        "Map",
        "ModelFamily",
        "MultiHeadSelfAttention",
        "NDList",
        "OptionalLong",
        "Pool",
        "Scale",
        "SequencePooling",
        "ServiceLoader",
        "Shape",
        "SinusoidalPositionEmbedding",
        "Sizes",
        "SpecChecks",
        "SpecModel",
        "TokenPooling",
        "TokensToGrid",
        "TrainCli",
        "TrainRecipe",
        "Training"
    };

    private final Set<String> taken = new HashSet<>();

    /** An allocator that starts with the names taken here, and goes on independently. */
    public JavaNames copy() {
        JavaNames c = new JavaNames();
        c.taken.addAll(taken);
        return c;
    }

    /** Marks names as used without allocating them (names the generated code itself declares). */
    public JavaNames reserve(String... names) {
        for (String n : names) taken.add(n);
        return this;
    }

    public String allocate(String suggestion) {
        String base = identifier(suggestion);
        String name = base;
        for (int i = 2; !taken.add(name); i++) name = base + i;
        return name;
    }

    /**
     * Java's restricted identifiers: not keywords, so {@code SourceVersion} accepts them, yet a
     * method named {@code yield} cannot be called unqualified and {@code var}, {@code record},
     * {@code sealed} and {@code permits} cannot name a type.
     */
    private static final java.util.Set<String> RESTRICTED =
            java.util.Set.of("yield", "var", "record", "sealed", "permits");

    /**
     * The class name a spec's model or block name asks for (its first letter upper case), before
     * allocation; the pipeline's clash check between files compares these.
     */
    public static String classBase(String dslName) {
        return dslName.isEmpty() ? "Block" : Character.toUpperCase(dslName.charAt(0)) + dslName.substring(1);
    }

    static String identifier(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(
                    i == 0
                            ? Character.isJavaIdentifierStart(c) ? c : '_'
                            : Character.isJavaIdentifierPart(c) ? c : '_');
        }
        String id = b.length() == 0 ? "_value" : b.toString();
        return SourceVersion.isKeyword(id) || RESTRICTED.contains(id) || id.equals("_") ? id + "_" : id;
    }
}
