package dev.vmodel.generator.pipeline;

/**
 * Issue codes of the problems only the pipeline can see: those between spec files generated
 * together, and those of the output directory. They belong in {@code dev.vmodel.semantic.IssueCodes}
 * beside the others; they live here until that class takes them.
 */
public final class PipelineCodes {
    private PipelineCodes() {}

    /** Two generated classes whose names differ only in case: one file on macOS or Windows. */
    public static final String CASE_CLASH = "vmodel.case-clash";
    /** A generated file name longer than file systems allow (255 bytes). */
    public static final String NAME_TOO_LONG = "vmodel.name-too-long";
    /** An output file or directory that cannot be written or removed. */
    public static final String CANNOT_WRITE = "vmodel.cannot-write";
    /** The analysis of a spec needed more memory than the JVM has. */
    public static final String OUT_OF_MEMORY = "vmodel.out-of-memory";
    /** A failure of vmodel itself (a bug), reported at the file it was working on. */
    public static final String UNEXPECTED_FAILURE = "vmodel.unexpected-failure";
}
