package dev.vmodel.fuzz;

/** What can go wrong with one mutant; the fuzz run counts mutants per class. */
public enum FailureClass {
    /** An exception escaped, exception text or "internal error" was printed, or the exit code was not 0 or 1. */
    CRASH("crashes"),
    /** A command did not answer within its time bound. */
    TIMEOUT("timeouts"),
    /** An output line that is not {@code FILE:LINE:COL: error|warning: MESSAGE [vmodel.code]}. */
    UNLOCATED("unlocated error lines"),
    /** A message with a raw control, format (bidi, zero-width) or separator character in it. */
    UNSAFE_TEXT("unsafe characters in messages"),
    /** A diagnostic line so long it floods a terminal (a huge token echoed whole). */
    LONG_MESSAGE("overlong messages"),
    /** {@code summary} failed on a spec that validates. */
    SUMMARY_FAILED("summary failures"),
    /** {@code generate} failed on a spec that validates. */
    GENERATE_FAILED("generate failures"),
    /** The generated Java does not compile, or compiles with a lint warning. */
    JAVAC_FAILED("javac failures"),
    /** The generated model cannot be built or initialised in DJL. */
    DJL_FAILED("DJL build failures"),
    /** DJL's parameter count differs from the static count of {@code summary}. */
    COUNT_MISMATCH("count mismatches");

    /** How the figures call it. */
    public final String figure;

    FailureClass(String figure) {
        this.figure = figure;
    }
}
