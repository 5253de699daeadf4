package dev.vmodel.maven;

import java.io.File;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Evaluates saved weights of a model on a dataset's test split (loss, top-1, top-5), in a forked
 * JVM on the project's runtime class path: {@code mvn vmodel:evaluate -Dvmodel.model=Cct
 * -Dvmodel.data=...}. Without {@code -Dvmodel.checkpoint} it takes the last training run's
 * checkpoint in {@code output}, or its final weights.
 *
 * @since 0.1.0
 */
@Mojo(name = "evaluate", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class EvaluateMojo extends AbstractTrainerMojo {

    /**
     * The checkpoint or weights file to evaluate; by default {@code checkpoint.safetensors}, else
     * {@code model.safetensors}, in {@code output}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.checkpoint")
    protected File checkpoint;

    @Override
    protected String goal() {
        return "vmodel:evaluate";
    }

    @Override
    protected List<String> goalArguments() throws MojoFailureException {
        return List.of("--evaluate", weights().getPath());
    }

    /** The file to evaluate: the one named, else the run's checkpoint, else its final weights. */
    File weights() throws MojoFailureException {
        if (checkpoint != null) {
            if (!checkpoint.isFile()) {
                throw new MojoFailureException(
                        "vmodel: the checkpoint " + checkpoint + " does not exist (-Dvmodel.checkpoint)");
            }
            return checkpoint;
        }
        for (String name : List.of("checkpoint.safetensors", "model.safetensors")) {
            File candidate = new File(output, name);
            if (candidate.isFile()) return candidate;
        }
        throw new MojoFailureException("vmodel: no checkpoint.safetensors or model.safetensors in " + output
                + "; train first (mvn vmodel:train) or name the weights with -Dvmodel.checkpoint=FILE");
    }
}
