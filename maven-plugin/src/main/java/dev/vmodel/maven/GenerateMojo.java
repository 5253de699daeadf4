package dev.vmodel.maven;

import dev.vmodel.generator.Generator;
import dev.vmodel.generator.pipeline.Target;
import dev.vmodel.generator.pipeline.VModelRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates DJL block classes from the specs (one per model and block, with variant factories and
 * a builder) and adds them to the compile sources; their service registration
 * ({@code META-INF/services}) goes to a generated-resources folder added to the project's
 * resources. Incremental by content: when no spec (nor anything it imports) changed since the last
 * build, nothing is regenerated; when one changed, only the files whose content changes are
 * rewritten; outputs of a deleted spec are removed.
 *
 * @since 0.1.0
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractSpecsMojo {

    /**
     * The source root the generated Java is written to; it is added to the compile sources.
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "vmodel.outputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/vmodel")
    protected File outputDirectory;

    /**
     * The root the generated class-path resources are written to; it is added to the project's
     * resources.
     *
     * @since 0.1.0
     */
    @Parameter(
            property = "vmodel.resourceOutputDirectory",
            defaultValue = "${project.build.directory}/generated-resources/vmodel")
    protected File resourceOutputDirectory;

    /**
     * The Java package of the generated classes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.package", defaultValue = "dev.vmodel.models")
    protected String packageName;

    /**
     * What to generate: {@code java} (the DJL classes), {@code pytorch} (their PyTorch twin, Python
     * modules), {@code both}, or a comma-separated list ({@code java,pytorch}).
     *
     * @since 0.2.0
     */
    @Parameter(property = "vmodel.targets", defaultValue = "java")
    protected String targets;

    /**
     * The root the PyTorch twin's Python package is written to ({@code dev/vmodel/models/gmlp.py});
     * it is not a compile source root.
     *
     * @since 0.2.0
     */
    @Parameter(
            property = "vmodel.pythonOutputDirectory",
            defaultValue = "${project.build.directory}/generated-sources/vmodel-python")
    protected File pythonOutputDirectory;

    /**
     * Where the digests of the last generation are kept.
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project.build.directory}/vmodel/generate-state.json", readonly = true)
    protected File stateFile;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("vmodel: skipped (vmodel.skip)");
            return;
        }
        // The run checks its options too; here each message names the option a user sets.
        if (packageName == null || !Generator.isPackageName(packageName)) {
            throw new MojoFailureException("vmodel: <packageName> '" + packageName + "' is not a Java package name; use"
                    + " dotted Java identifiers such as com.example.models (-Dvmodel.package=...)");
        }
        Path out = outputDirectory.toPath();
        Path resources = resourceOutputDirectory.toPath();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new MojoFailureException("vmodel: <outputDirectory> " + out + " exists and is not a directory");
        }
        if (Files.exists(resources) && !Files.isDirectory(resources)) {
            throw new MojoFailureException(
                    "vmodel: <resourceOutputDirectory> " + resources + " exists and is not a directory");
        }
        List<Target> chosen;
        try {
            chosen = Target.parse(targets == null ? "java" : targets);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("vmodel: <targets> " + e.getMessage() + " (-Dvmodel.targets=...)");
        }
        Path python = pythonOutputDirectory != null
                ? pythonOutputDirectory.toPath()
                : out.resolveSibling("vmodel-python"); // as the parameter's default, next to the Java
        if (chosen.contains(Target.PYTORCH) && Files.exists(python) && !Files.isDirectory(python)) {
            throw new MojoFailureException(
                    "vmodel: <pythonOutputDirectory> " + python + " exists and is not a directory");
        }
        List<Path> files = specFiles();
        VModelRun.Builder builder = run(files)
                .packageName(packageName)
                .sourceOutput(out)
                .resourceOutput(resources)
                .pythonOutput(python)
                .stateFile(stateFile.toPath());
        chosen.forEach(builder::target);
        VModelRun run = builder.build();
        if (chosen.contains(Target.JAVA)) {
            project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
            addResourceRoot(resourceOutputDirectory.getAbsolutePath());
        }

        VModelRun.Result result = run.generate();
        result.reasons().forEach(r -> getLog().info("vmodel: " + r));
        report(result.diagnostics());
        if (result.upToDate()) {
            getLog().info("vmodel: " + files.size() + " spec" + (files.size() == 1 ? "" : "s")
                    + " unchanged since the last build, nothing to generate");
            return;
        }
        for (Path p : result.written()) getLog().info("vmodel: wrote " + relative(p, out, resources, python));
        for (Path p : result.removed())
            getLog().info("vmodel: removed " + relative(p, out, resources, python) + " (no spec produces it any more)");
        getLog().info("vmodel: " + result.written().size() + " of "
                + result.files().size() + " files rewritten in " + out + " and " + resources
                + (chosen.contains(Target.PYTORCH) ? " and " + python : ""));
    }

    /** Once per build, however often the goal runs: the resources plugin would copy a root twice. */
    private void addResourceRoot(String dir) {
        if (project.getResources().stream().anyMatch(r -> dir.equals(r.getDirectory()))) return;
        Resource resource = new Resource();
        resource.setDirectory(dir);
        project.addResource(resource);
    }

    /** A path as the log shows it: relative to the root it is under ({@code dev/vmodel/models/GMlp.java}). */
    private static String relative(Path p, Path sources, Path resources, Path python) {
        if (p.startsWith(sources)) return sources.relativize(p).toString().replace(File.separatorChar, '/');
        if (p.startsWith(resources)) return resources.relativize(p).toString().replace(File.separatorChar, '/');
        if (p.startsWith(python)) return python.relativize(p).toString().replace(File.separatorChar, '/');
        return p.toString();
    }
}
