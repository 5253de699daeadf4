package dev.vmodel.semantic;

/**
 * Every issue code the language reports, in one place (the Xtext examples' convention). Codes are
 * stable identifiers: tools, tests and quick fixes match on them, so never rename one.
 */
public final class IssueCodes {
    private IssueCodes() {}

    private static final String P = "vmodel.";

    // Files and imports
    public static final String SYNTAX = P + "syntax";
    public static final String NOT_TEXT = P + "not-text";
    public static final String EMPTY_FILE = P + "empty-file";
    public static final String FILE_NOT_FOUND = P + "file-not-found";
    public static final String IMPORT_NOT_FOUND = P + "import-not-found";
    public static final String IMPORT_CYCLE = P + "import-cycle";
    public static final String NESTING_TOO_DEEP = P + "nesting-too-deep";

    // Names
    public static final String UNKNOWN_NAME = P + "unknown-name";
    public static final String DUPLICATE_NAME = P + "duplicate-name";
    public static final String RESERVED_NAME = P + "reserved-name";
    public static final String BLOCK_RECURSION = P + "block-recursion";
    public static final String NAME_TOO_LONG = P + "name-too-long";
    public static final String BAD_LABEL = P + "bad-label";

    // Params, variants, arguments
    public static final String UNBOUND_PARAM = P + "unbound-param";
    public static final String UNKNOWN_PARAM = P + "unknown-param";
    public static final String UNKNOWN_ARGUMENT = P + "unknown-argument";
    public static final String MISSING_ARGUMENT = P + "missing-argument";
    public static final String DUPLICATE_ARGUMENT = P + "duplicate-argument";
    public static final String TOO_MANY_ARGUMENTS = P + "too-many-arguments";
    public static final String MISSING_INPUT = P + "missing-input";
    public static final String MISSING_CLASSES = P + "missing-classes";
    public static final String DUPLICATE_DECLARATION = P + "duplicate-declaration";
    public static final String UNKNOWN_TRAIN_SETTING = P + "unknown-train-setting";

    // Values
    public static final String TYPE_MISMATCH = P + "type-mismatch";
    public static final String BAD_VALUE = P + "bad-value";
    public static final String NON_POSITIVE_SIZE = P + "non-positive-size";
    public static final String PROBABILITY_RANGE = P + "probability-range";
    public static final String INTEGER_OVERFLOW = P + "integer-overflow";
    public static final String NUMBER_TOO_LARGE = P + "number-too-large";
    public static final String DIVISION_BY_ZERO = P + "division-by-zero";

    // Shapes
    public static final String SHAPE_MISMATCH = P + "shape-mismatch";
    public static final String TOKEN_OP_ON_IMAGE = P + "token-op-on-image";
    public static final String IMAGE_OP_ON_TOKENS = P + "image-op-on-tokens";
    public static final String HEADS_NOT_DIVIDING = P + "heads-not-dividing";
    public static final String DOES_NOT_TILE = P + "does-not-tile";
    public static final String SPLIT_NOT_DIVIDING = P + "split-not-dividing";
    public static final String MERGE_MISMATCH = P + "merge-mismatch";
    public static final String UNDEFINED_VALUE = P + "undefined-value";
    public static final String UNUSED_VALUE = P + "unused-value";
    public static final String MODEL_TOO_LARGE = P + "model-too-large";

    // Generation: a program that validates but that a target cannot express. Each such case
    // should become a semantic check above; this code marks the ones not yet caught earlier.
    public static final String GENERATION_FAILED = P + "generation-failed";

    // Output: what only the pipeline sees, between files generated together and on the disk.
    /** Two generated classes whose names differ only in case: one file on macOS or Windows. */
    public static final String CASE_CLASH = P + "case-clash";
    /** An output file or directory that cannot be written or removed. */
    public static final String CANNOT_WRITE = P + "cannot-write";
    /** The analysis of a spec needed more memory than the JVM has. */
    public static final String OUT_OF_MEMORY = P + "out-of-memory";
    /** A failure of vmodel itself (a bug), reported at the file it was working on. */
    public static final String UNEXPECTED_FAILURE = P + "unexpected-failure";

    // Warnings
    public static final String UNUSED_PARAM = P + "unused-param";
    public static final String UNUSED_BLOCK = P + "unused-block";
}
