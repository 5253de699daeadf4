package dev.vmodel.runtime.bench;

import java.util.Map;

/**
 * One cell of a benchmark grid: a model variant at a batch size in one mode.
 *
 * @param model the spec model name, e.g. {@code GMlp}
 * @param variant a declared variant, e.g. {@code small}
 * @param overrides param overrides as text, in order ({@code depth=2}); empty for the variant as declared
 * @param batch images per step
 * @param mode {@code train} (forward, cross-entropy, backward, AdamW step) or {@code infer} (forward only)
 */
public record BenchCase(String model, String variant, Map<String, String> overrides, int batch, String mode) {

    /**
     * A short label for tables and charts: {@code GMlp small b16 train}.
     *
     * @return the label
     */
    public String label() {
        return model + " " + variant + (overrides.isEmpty() ? "" : " " + overrides) + " b" + batch + " " + mode;
    }
}
