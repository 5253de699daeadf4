package dev.vmodel.generator.pipeline;

import dev.vmodel.generator.Generator;
import dev.vmodel.generator.emit.python.PythonGenerator;
import java.util.List;

/**
 * One kind of output a run produces from the checked specs: the DJL Java classes, or their
 * PyTorch twin. A target only renders: it returns files and diagnostics and
 * never touches the disk. Whatever it throws is turned into a located diagnostic by the run.
 */
@FunctionalInterface
public interface Target {
    Generator.Result generate(List<Generator.Unit> units, String packageName);

    /** The DJL block classes, their variant factories and their service registration. */
    Target JAVA = Generator::run;

    /** The PyTorch twin: one Python module per spec, with the support library and trainer beside it. */
    Target PYTORCH = PythonGenerator::run;

    /**
     * The targets a user names ({@code java}, {@code pytorch}, {@code both}, or a comma-separated
     * list of the first two), in a fixed order: Java first.
     *
     * @throws IllegalArgumentException naming the word that is not a target
     */
    static java.util.List<Target> parse(String names) {
        boolean wantJava = false;
        boolean wantPytorch = false;
        for (String word : names.split(",", -1)) {
            switch (word.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "java" -> wantJava = true;
                case "pytorch" -> wantPytorch = true;
                case "both" -> {
                    wantJava = true;
                    wantPytorch = true;
                }
                default ->
                    throw new IllegalArgumentException(
                            "unknown target '" + word.strip() + "': use java, pytorch or both (or java,pytorch)");
            }
        }
        java.util.List<Target> targets = new java.util.ArrayList<>();
        if (wantJava) targets.add(JAVA);
        if (wantPytorch) targets.add(PYTORCH);
        return targets;
    }
}
