package dev.vmodel.maven;

import dev.vmodel.generator.pipeline.Checked;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Checks every spec, together and as {@code generate} would, without writing anything: the build fails with one
 * {@code file:line:col: error: message [code]} line per error; warnings go to the log.
 *
 * @since 0.1.0
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class ValidateMojo extends AbstractSpecsMojo {

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("vmodel: skipped (vmodel.skip)");
            return;
        }
        List<Path> files = specFiles();
        Checked checked = run(files).build().validate();
        report(checked.diagnostics());
        long variants = checked.instances().size();
        getLog().info("vmodel: " + files.size() + " spec" + (files.size() == 1 ? "" : "s") + " valid, " + variants
                + " model variant" + (variants == 1 ? "" : "s"));
    }
}
