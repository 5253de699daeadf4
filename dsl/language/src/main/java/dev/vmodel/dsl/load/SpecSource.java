package dev.vmodel.dsl.load;

import dev.vmodel.semantic.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Where {@link ProgramLoader} gets parsed files from: the file system for tools
 * ({@link SpecLoader}), an editor's resource set for the validator.
 */
public interface SpecSource {

    /**
     * One spec file. {@code file} is the path string diagnostics and locations carry; {@code key}
     * identifies the file for cycle detection and load-once (two refs with one key are one file).
     */
    record Ref(String file, URI uri, String key) {}

    /** The outcome of opening a file. */
    sealed interface Opened {
        /** Parsed; {@code reportSyntax} says whether its syntax errors are reported by the loader. */
        record Parsed(XtextResource resource, boolean reportSyntax) implements Opened {}

        /** Not there or not readable; {@code reason} reads "no such file", "it is a directory", ... */
        record Missing(String reason) implements Opened {}

        /** Readable but not usable (binary bytes): the diagnostic says why. */
        record Unusable(Diagnostic diagnostic) implements Opened {}
    }

    /**
     * The file an {@code import "path"} in {@code from} names.
     *
     * @throws IllegalArgumentException when the path cannot name a file
     */
    Ref resolve(Ref from, String importPath);

    Opened open(Ref ref, boolean root);
}
