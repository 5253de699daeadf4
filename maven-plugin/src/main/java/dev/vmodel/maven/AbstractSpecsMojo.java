package dev.vmodel.maven;

import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.semantic.Diagnostic;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every vmodel goal shares: where the specs are, which files count, and how problems are
 * reported (errors fail the build with every {@code file:line:col} line; warnings go to the log).
 */
abstract class AbstractSpecsMojo extends AbstractMojo {

    /**
     * The folder that holds the {@code .vmodel} specs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.sourceDirectory", defaultValue = "${project.basedir}/src/main/vmodel")
    protected File sourceDirectory;

    /**
     * Glob patterns, relative to {@code sourceDirectory}, of the spec files to use.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.includes", defaultValue = "**/*.vmodel")
    protected List<String> includes;

    /**
     * Glob patterns, relative to {@code sourceDirectory}, of files to leave out.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.excludes")
    protected List<String> excludes = new ArrayList<>();

    /**
     * Skips the goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.skip", defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The selected spec files, in a stable order. */
    protected List<Path> specFiles() throws MojoExecutionException {
        if (includes == null || includes.isEmpty()) {
            throw new MojoExecutionException(
                    "vmodel: <includes> is empty, so no spec would be read; leave it out for the"
                            + " default **/*.vmodel");
        }
        try {
            List<Path> files =
                    SpecFiles.find(sourceDirectory.toPath(), includes, excludes == null ? List.of() : excludes);
            if (files.isEmpty()) getLog().info("vmodel: no spec files in " + sourceDirectory + " matching " + includes);
            return files;
        } catch (IOException e) {
            throw new MojoExecutionException("vmodel: cannot list " + sourceDirectory + ": " + e.getMessage(), e);
        }
    }

    /**
     * A run over the selected specs, named by absolute paths (Maven's working directory is not the
     * project's in a multi-module build); the goals add their options.
     */
    protected VModelRun.Builder run(List<Path> files) {
        return VModelRun.builder()
                .specs(files.stream().map(f -> f.toAbsolutePath().normalize()).toList())
                .specRoot(sourceDirectory.toPath());
    }

    /** Logs warnings and throws with every error line ({@code file:line:col: error: message [code]}) when there is any. */
    protected void report(List<Diagnostic> diagnostics) throws MojoFailureException {
        Set<String> errors = new LinkedHashSet<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (Diagnostic d : diagnostics) (d.isError() ? errors : warnings).add(d.format());
        warnings.forEach(w -> getLog().warn(w));
        if (!errors.isEmpty()) {
            throw new MojoFailureException("vmodel: " + errors.size() + " error" + (errors.size() == 1 ? "" : "s")
                    + " in the specs:\n" + String.join("\n", errors));
        }
    }
}
