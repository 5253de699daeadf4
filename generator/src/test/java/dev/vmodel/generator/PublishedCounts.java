package dev.vmodel.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** DESIGN.md's reference parameter counts, from {@code model-specs/published-params.csv}. */
public final class PublishedCounts {
    private PublishedCounts() {}

    /** {@code Model/variant} to its published parameter count. */
    public static Map<String, Long> byModelAndVariant() {
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of("../model-specs/published-params.csv"))) {
                if (line.startsWith("#") || line.startsWith("file,") || line.isBlank()) continue;
                String[] f = line.split(",");
                counts.put(f[1] + "/" + f[2], Long.parseLong(f[3]));
            }
            return counts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
