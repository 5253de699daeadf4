package dev.vmodel.generator.pipeline;

import dev.vmodel.generator.Generator;
import java.util.List;

/**
 * One kind of output a run produces from the checked specs (the DJL Java classes today; a PyTorch
 * twin or a training harness later). A target only renders: it returns files and diagnostics and
 * never touches the disk. Whatever it throws is turned into a located diagnostic by the run.
 */
@FunctionalInterface
public interface Target {
    Generator.Result generate(List<Generator.Unit> units, String packageName);

    /** The DJL block classes, their variant factories and their service registration. */
    Target JAVA = Generator::run;
}
