package dev.vmodel.maven;

import dev.vmodel.semantic.infer.TrainSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What {@code vmodel:train} and {@code vmodel:evaluate} share: they run the trainer's command line
 * ({@code dev.vmodel.runtime.train.TrainCli}) in a forked JVM on the project's runtime class path,
 * where the generated models, compiled and registered, sit next to the runtime and DJL's PyTorch
 * engine. The goal only turns its parameters into the trainer's options and the trainer's exit
 * status into a build result; the trainer reads the data, checks the options and reports progress.
 */
abstract class AbstractTrainerMojo extends AbstractMojo {

    /** The trainer's main class, in {@code vmodel-runtime}. */
    static final String TRAIN_CLI = "dev.vmodel.runtime.train.TrainCli";

    /**
     * The model to use, by its spec name (e.g. {@code GMlp}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.model")
    protected String model;

    /**
     * The variant of the model (e.g. {@code ti16}); the spec's defaults when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.variant")
    protected String variant;

    /**
     * The dataset: a folder of MNIST-style IDX files, CIFAR-10/100 binary batches or one folder
     * per class of images. Not needed for synthetic data.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.data")
    protected File data;

    /**
     * The dataset's format: {@code idx}, {@code cifar10}, {@code cifar100}, {@code folder} or
     * {@code synthetic}; the trainer recognises it from the files when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.format")
    protected String format;

    /**
     * The run's folder: checkpoint, final weights, metrics and chart.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.output", defaultValue = "${project.build.directory}/vmodel/train")
    protected File output;

    /**
     * Repeats a grayscale image's channel to feed a model that takes three.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.grayToRgb", defaultValue = "false")
    protected boolean grayToRgb;

    /**
     * Draws a progress bar per epoch; turn it off for logs that are read later.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.progress", defaultValue = "true")
    protected boolean progress;

    /**
     * The number of threads PyTorch computes with; its own choice when not set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.threads")
    protected Integer threads;

    /**
     * Options for the forked JVM, separated by spaces (e.g. {@code -Xmx4g}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.jvmArgs")
    protected String jvmArgs;

    /**
     * Recipe settings over the spec's {@code train { }} section, e.g. {@code <lr>1e-3</lr>};
     * {@code -Dvmodel.lr=...} on the command line takes precedence.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> recipe;

    /**
     * Model params over the variant's, e.g. {@code <dim>64</dim>}; {@code -Dvmodel.param.dim=...}
     * on the command line takes precedence.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> params;

    /**
     * Skips the goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /** The goal as the user typed it, {@code vmodel:train}, for messages. */
    protected abstract String goal();

    /** The options this goal adds to the shared ones ({@code --resume}, {@code --evaluate FILE}...). */
    protected abstract List<String> goalArguments() throws MojoFailureException;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("vmodel: skipped (vmodel.skip)");
            return;
        }
        List<String> cli = trainerArguments();
        ForkedJava fork = new ForkedJava(
                ForkedJava.currentJava(),
                project.getBasedir().toPath(),
                Path.of(project.getBuild().getDirectory(), "vmodel", goal().replace(':', '-') + ".args"));
        List<String> classPath = classPath();
        List<String> launcher = ForkedJava.launcherArguments(classPath, jvmOptions(), mainClass(), cli);
        getLog().info("vmodel: " + goal() + " " + subject() + " in a forked JVM: " + fork.commandLine());
        int status;
        try {
            status = fork.run(launcher, environment -> {
                if (preloadsMklDispatch()) {
                    ProjectMklDispatch.configure(classPath, environment)
                            .ifPresent(library -> getLog().info("vmodel: oneMKL picks its kernels by CPU features"
                                    + " (LD_PRELOAD=" + library + "; " + ProjectMklDispatch.SWITCH
                                    + "=off turns this off)"));
                }
            });
        } catch (IOException e) {
            throw new MojoExecutionException("vmodel: cannot start the JVM for " + goal() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MojoExecutionException("vmodel: " + goal() + " interrupted; the forked JVM was stopped");
        }
        checkExit(status);
    }

    /** What the goal works on, for the log: the model and variant. */
    protected String subject() {
        return model + (variant == null ? "" : "/" + variant);
    }

    /**
     * Whether the forked JVM starts with the runtime's MKL dispatch library preloaded. The trainer
     * does, as it runs DJL itself; a goal whose JVM starts the engine runs of its own (and the
     * PyTorch twin, which must run as PyTorch comes) says no and leaves it to those runs.
     */
    protected boolean preloadsMklDispatch() {
        return true;
    }

    /** The class the forked JVM runs: the trainer's command line unless a goal runs another tool. */
    protected String mainClass() {
        return TRAIN_CLI;
    }

    /** The trainer's command line: the shared options, then the goal's. */
    List<String> trainerArguments() throws MojoFailureException {
        if (model == null || model.isBlank()) {
            throw new MojoFailureException(
                    "vmodel: " + goal() + " needs a model: -Dvmodel.model=NAME, a model of the project's specs");
        }
        if (data != null && !data.exists()) {
            throw new MojoFailureException("vmodel: the dataset " + data + " does not exist (-Dvmodel.data)");
        }
        Overrides overrides =
                Overrides.collect(recipe, params, properties(), TrainSettings.KNOWN.keySet(), goalProperties());
        List<String> args = new ArrayList<>(List.of("--model", model));
        if (variant != null) args.addAll(List.of("--variant", variant));
        if (data != null) args.addAll(List.of("--data", data.getPath()));
        if (format != null) args.addAll(List.of("--format", format));
        args.addAll(List.of("--output", output.getPath()));
        overrides.recipe().forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        overrides.params().forEach((k, v) -> args.addAll(List.of("--param", k + "=" + v)));
        if (grayToRgb) args.add("--gray-to-rgb");
        if (!progress) args.add("--no-progress");
        if (threads != null) args.addAll(List.of("--threads", threads.toString()));
        args.addAll(goalArguments());
        return args;
    }

    /** The build's properties, user ({@code -D}) over system. */
    Map<String, String> properties() {
        Map<String, String> all = new HashMap<>();
        if (session != null) {
            putAll(all, session.getSystemProperties());
            putAll(all, session.getUserProperties());
        }
        return all;
    }

    private static void putAll(Map<String, String> into, Properties properties) {
        if (properties != null) properties.stringPropertyNames().forEach(n -> into.put(n, properties.getProperty(n)));
    }

    /**
     * Every {@code vmodel.*} property a goal of this plugin reads, from the plugin's descriptor, so a
     * property of another goal ({@code -Dvmodel.package} for the generate that runs first) is not
     * taken for a typo, and a goal added later needs no list kept here.
     */
    Set<String> goalProperties() {
        return pluginProperties(
                mojoExecution == null ? null : mojoExecution.getMojoDescriptor().getPluginDescriptor());
    }

    static Set<String> pluginProperties(PluginDescriptor plugin) {
        Set<String> names = new LinkedHashSet<>();
        if (plugin == null || plugin.getMojos() == null) return names;
        for (MojoDescriptor mojo : plugin.getMojos()) {
            if (mojo.getParameters() == null) continue;
            for (org.apache.maven.plugin.descriptor.Parameter p : mojo.getParameters()) {
                String e = p.getExpression();
                if (e != null && e.startsWith("${" + Overrides.PREFIX) && e.endsWith("}")) {
                    names.add(e.substring(2, e.length() - 1));
                }
            }
        }
        return names;
    }

    private List<String> classPath() throws MojoExecutionException {
        try {
            return project.getRuntimeClasspathElements();
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("vmodel: the project's runtime class path is not resolved", e);
        }
    }

    /** The fork's JVM options: the user's options, then DJL kept off the network. */
    List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        List<String> user = jvmArgs == null || jvmArgs.isBlank()
                ? List.of()
                : List.of(jvmArgs.trim().split("\\s+"));
        options.addAll(user);
        options.add("-Dai.djl.offline=true");
        return options;
    }

    /**
     * Turns the trainer's exit status into the build's result. The trainer has already printed the
     * detail (a {@code vmodel train: ...} line), so the message stays short and points at the next step.
     */
    void checkExit(int status) throws MojoExecutionException, MojoFailureException {
        Path checkpoint = output.toPath().resolve("checkpoint.safetensors");
        String lastCheckpoint =
                Files.isRegularFile(checkpoint) ? "the last checkpoint is " + checkpoint : "no checkpoint was written";
        switch (status) {
            case 0 -> {}
            case 2 ->
                throw new MojoFailureException("vmodel: " + goal()
                        + " refused its input (exit 2); the trainer's reason is the 'vmodel train:' line above");
            case 3 ->
                throw new MojoFailureException(
                        "vmodel: " + goal() + " stopped: the loss became NaN or infinite (exit 3); " + lastCheckpoint);
            case 130 ->
                throw new MojoFailureException("vmodel: " + goal() + " interrupted (exit 130); " + lastCheckpoint
                        + (Files.isRegularFile(checkpoint) ? resumeHint() : ""));
            case 1 ->
                throw new MojoExecutionException(
                        "vmodel: " + goal() + " failed inside the trainer (exit 1); its output above says why");
            default ->
                throw new MojoExecutionException("vmodel: the JVM of " + goal() + " ended with exit " + status
                        + (status > 128 ? " (killed by signal " + (status - 128) + ")" : ""));
        }
    }

    /** What to run to continue after an interruption; empty where that makes no sense. */
    protected String resumeHint() {
        return "";
    }
}
