package dev.vmodel.generator;

/**
 * One file the generator produces, not yet on disk: a source ({@code com/example/GMlp.java}), a
 * class-path resource ({@code META-INF/services/...}) or a Python file of the PyTorch twin
 * ({@code com/example/gmlp.py}), with a path relative to its root.
 */
public record GeneratedFile(Kind kind, String path, String content) {

    /** Which root a file belongs under: the compiler's sources or the class path's resources. */
    public enum Kind {
        SOURCE,
        RESOURCE,
        /** A module of the PyTorch twin, under the Python output root. */
        PYTHON
    }
}
