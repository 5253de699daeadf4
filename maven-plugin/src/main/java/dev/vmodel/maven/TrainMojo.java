package dev.vmodel.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Trains a model of the project's specs with its spec's {@code train { }} recipe, in a forked JVM
 * on the project's runtime class path: {@code mvn vmodel:train -Dvmodel.model=Cct
 * -Dvmodel.variant=cct_7_3x1 -Dvmodel.data=data/cifar-10-batches-bin -Dvmodel.epochs=10}. The
 * build first runs up to {@code compile}, so the models are generated and compiled. Any recipe
 * setting is overridden with {@code -Dvmodel.SETTING=VALUE} (or {@code <recipe>}) and any model
 * param with {@code -Dvmodel.param.NAME=VALUE} (or {@code <params>}). The run's folder receives
 * {@code checkpoint.safetensors} (every epoch and every {@code checkpointEvery} steps),
 * {@code model.safetensors}, {@code metrics.jsonl}, {@code metrics.csv} and {@code curves.png}.
 *
 * @since 0.1.0
 */
@Mojo(name = "train", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class TrainMojo extends AbstractTrainerMojo {

    /**
     * Continues the run from the checkpoint in {@code output} instead of starting afresh.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.resume", defaultValue = "false")
    protected boolean resume;

    /**
     * Also writes the checkpoint every this many steps, not only at the end of each epoch.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.checkpointEvery")
    protected Integer checkpointEvery;

    @Override
    protected String goal() {
        return "vmodel:train";
    }

    @Override
    protected List<String> goalArguments() {
        List<String> args = new ArrayList<>();
        if (resume) args.add("--resume");
        if (checkpointEvery != null) args.addAll(List.of("--checkpoint-every", checkpointEvery.toString()));
        return args;
    }

    @Override
    protected String resumeHint() {
        return "; continue with -Dvmodel.resume=true";
    }
}
