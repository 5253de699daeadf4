package dev.vmodel.semantic.infer;

import dev.vmodel.semantic.Diagnostic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Helpers over lists of diagnostics. */
public final class Diagnostics {
    private Diagnostics() {}

    /** Position order (file, line, column), errors before warnings at one place, no repeats. */
    public static List<Diagnostic> dedupeAndSort(List<Diagnostic> diagnostics) {
        List<Diagnostic> unique = new ArrayList<>(new LinkedHashSet<>(diagnostics));
        unique.sort(Comparator.comparing((Diagnostic d) -> d.location().file())
                .thenComparingInt(d -> d.location().line())
                .thenComparingInt(d -> d.location().column())
                .thenComparing(Diagnostic::severity));
        return List.copyOf(unique);
    }
}
