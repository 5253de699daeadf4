package dev.vmodel.maven;

import dev.vmodel.dsl.load.SpecCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Checks every spec without generating anything: the build fails with one
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
        Map<Path, SpecCheck> checks = check(files);
        report(checks);
        long variants = checks.values().stream().mapToLong(c -> c.instances().size()).sum();
        getLog().info("vmodel: " + files.size() + " spec" + (files.size() == 1 ? "" : "s") + " valid, " + variants
                + " model variant" + (variants == 1 ? "" : "s"));
    }
}
