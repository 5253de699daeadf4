package dev.vmodel.maven;

import dev.vmodel.semantic.infer.TrainSettings;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Measures the training and inference throughput of the project's generated models against their
 * PyTorch twins, side by side on this machine: {@code mvn vmodel:benchmark}. Runs {@code
 * dev.vmodel.runtime.bench.BenchmarkCli} in a forked JVM on the project's runtime class path; it
 * runs each case's DJL model and twin alternately in processes of their own, prints a table, and
 * writes {@code benchmark.json}, {@code benchmark.md} and {@code benchmark.png} to {@code
 * benchmarkOutput}. Without a selection every model is measured at its first declared variant,
 * batch 16; {@code -Dvmodel.full} measures the small, base and large variants at batch 16 and 64.
 * Select with {@code -Dvmodel.model=GMlp,Cct -Dvmodel.variant=... -Dvmodel.batch=16,64
 * -Dvmodel.mode=train -Dvmodel.threads=2}; a param of every model with {@code -Dvmodel.param.NAME=VALUE}.
 *
 * @since 0.1.0
 */
@Mojo(name = "benchmark", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.COMPILE)
public class BenchmarkMojo extends AbstractTrainerMojo {

    static final String BENCHMARK_CLI = "dev.vmodel.runtime.bench.BenchmarkCli";

    /**
     * Batch sizes, comma-separated (default 16; with {@code full}, 16 and 64).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.batch")
    protected String batch;

    /**
     * {@code train}, {@code infer} or {@code both}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.mode", defaultValue = "both")
    protected String mode;

    /**
     * The whole grid (small, base and large at batch 16 and 64) with the full timing protocol,
     * instead of the quick default.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.full", defaultValue = "false")
    protected boolean full;

    /**
     * The most runs of a stack whose timed windows were mostly busy with other processes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.repeats")
    protected Integer repeats;

    /**
     * Timed windows per measurement (default 5).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.windows")
    protected Integer windows;

    /**
     * Seconds per timed window (default 1.5; with {@code full}, 2).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.windowSeconds")
    protected Double windowSeconds;

    /**
     * Seconds of warm-up before the windows (default 4; with {@code full}, 5).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.warmupSeconds")
    protected Double warmupSeconds;

    /**
     * Longest wait for a quiet machine before the windows, seconds (default 10; with {@code full}, 60).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.quietSeconds")
    protected Double quietSeconds;

    /**
     * Measures the DJL models only, without their PyTorch twins.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.noTwin", defaultValue = "false")
    protected boolean noTwin;

    /**
     * The folder the generated Python package is under (the {@code generate} goal's PyTorch output).
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "vmodel.pythonOutput",
            defaultValue = "${project.build.directory}/generated-sources/vmodel-python")
    protected File pythonOutput;

    /**
     * Where the report goes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.benchmarkOutput", defaultValue = "${project.build.directory}/vmodel")
    protected File benchmarkOutput;

    @Override
    protected String goal() {
        return "vmodel:benchmark";
    }

    /** The benchmark gives the library to its DJL runners only; the twin runs as PyTorch comes. */
    @Override
    protected boolean preloadsMklDispatch() {
        return false;
    }

    @Override
    protected String mainClass() {
        return BENCHMARK_CLI;
    }

    @Override
    protected String subject() {
        return model == null ? "(all models)" : model + (variant == null ? "" : "/" + variant);
    }

    @Override
    protected List<String> goalArguments() {
        return List.of();
    }

    @Override
    List<String> trainerArguments() throws MojoFailureException {
        Overrides overrides =
                Overrides.collect(recipe, params, properties(), TrainSettings.KNOWN.keySet(), goalProperties());
        List<String> args = new ArrayList<>();
        option(args, "--model", model);
        option(args, "--variant", variant);
        option(args, "--batch", batch);
        option(args, "--mode", mode);
        option(args, "--threads", threads);
        option(args, "--repeats", repeats);
        option(args, "--windows", windows);
        option(args, "--window-s", windowSeconds);
        option(args, "--warmup-s", warmupSeconds);
        option(args, "--quiet", quietSeconds);
        if (full) args.add("--full");
        if (noTwin) args.add("--no-twin");
        overrides.params().forEach((k, v) -> args.addAll(List.of("--param", k + "=" + v)));
        args.addAll(List.of("--python-dir", pythonOutput.getPath(), "--out", benchmarkOutput.getPath()));
        return args;
    }

    private static void option(List<String> args, String name, Object value) {
        if (value != null && !value.toString().isBlank())
            args.addAll(List.of(name, value.toString().trim()));
    }

    @Override
    void checkExit(int status) throws MojoExecutionException, MojoFailureException {
        switch (status) {
            case 0 -> {}
            case 1 ->
                throw new MojoFailureException("vmodel: vmodel:benchmark: some cases failed (the 'vmodel benchmark:'"
                        + " lines above say why); the others are in " + benchmarkOutput);
            case 2 ->
                throw new MojoFailureException("vmodel: vmodel:benchmark refused its input (exit 2); the"
                        + " 'vmodel benchmark:' line above says why");
            default ->
                throw new MojoExecutionException("vmodel: the JVM of vmodel:benchmark ended with exit " + status
                        + (status > 128
                                ? " (killed by signal " + (status - 128) + "); what it measured is in "
                                        + benchmarkOutput
                                : ""));
        }
    }
}
