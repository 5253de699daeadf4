package dev.vmodel.maven;

import com.palantir.javapoet.JavaFile;
import dev.vmodel.dsl.load.SpecCheck;
import dev.vmodel.generator.Generator;
import dev.vmodel.generator.write.SourceWriter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Generates DJL block classes from the specs (one per model and block, with variant factories and
 * a builder) and adds them to the compile sources. Incremental by content: when no spec (nor
 * anything it imports) changed since the last build, nothing is regenerated; when one changed,
 * only the files whose content changes are rewritten; outputs of a deleted spec are removed.
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
    @Parameter(property = "vmodel.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/vmodel")
    protected File outputDirectory;

    /**
     * The Java package of the generated classes.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.package", defaultValue = "dev.vmodel.models")
    protected String packageName;

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
        if (packageName == null || !Generator.isPackageName(packageName)) {
            throw new MojoFailureException("vmodel: <packageName> '" + packageName + "' is not a Java package name; use"
                    + " dotted Java identifiers such as com.example.models (-Dvmodel.package=...)");
        }
        Path out = outputDirectory.toPath();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new MojoFailureException("vmodel: <outputDirectory> " + out + " exists and is not a directory");
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        List<Path> files = specFiles();
        Map<Path, SpecCheck> checks = check(files);
        report(checks);

        GenerationState previous = GenerationState.read(stateFile.toPath());
        GenerationState current = new GenerationState();
        current.generator = version();
        current.packageName = packageName;
        List<Generator.Unit> units = new ArrayList<>();
        try {
            for (Map.Entry<Path, SpecCheck> e : checks.entrySet()) {
                current.specs.put(key(e.getKey()), GenerationState.digest(e.getValue().program()));
                units.add(new Generator.Unit(e.getValue().program(), e.getValue().instances()));
            }
        } catch (IOException e) {
            throw new MojoExecutionException("vmodel: cannot read a spec: " + e.getMessage(), e);
        }

        List<String> reasons = reasons(previous, current, out);
        if (reasons.isEmpty()) {
            getLog().info("vmodel: " + files.size() + " spec" + (files.size() == 1 ? "" : "s")
                    + " unchanged since the last build, nothing to generate");
            return;
        }
        reasons.forEach(r -> getLog().info("vmodel: " + r));

        List<JavaFile> sources;
        try {
            sources = Generator.generate(units, packageName);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("vmodel: " + e.getMessage());
        }
        try {
            SourceWriter.Result written = SourceWriter.write(sources, out);
            for (Path p : written.written()) current.outputs.add(out.relativize(p).toString());
            for (Path p : written.unchanged()) current.outputs.add(out.relativize(p).toString());
            for (Path p : written.written()) getLog().info("vmodel: wrote " + out.relativize(p));
            if (previous != null) {
                for (String old : previous.outputs) {
                    if (!current.outputs.contains(old) && Files.deleteIfExists(out.resolve(old))) {
                        getLog().info("vmodel: removed " + old + " (no spec produces it any more)");
                    }
                }
            }
            getLog().info("vmodel: " + written.written().size() + " of " + sources.size() + " files rewritten in " + out);
            current.write(stateFile.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("vmodel: cannot write generated sources to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Why the outputs must be regenerated, one line each; empty when they are up to date. */
    private static List<String> reasons(GenerationState previous, GenerationState current, Path out) {
        List<String> reasons = new ArrayList<>();
        if (previous == null) {
            reasons.add("no record of an earlier generation, generating everything");
            return reasons;
        }
        if (!previous.generator.equals(current.generator)) reasons.add("generator changed from " + previous.generator);
        if (!previous.packageName.equals(current.packageName)) reasons.add("package changed from " + previous.packageName);
        for (String spec : new TreeSet<>(current.specs.keySet())) {
            String before = previous.specs.get(spec);
            if (before == null) reasons.add(spec + " is new");
            else if (!before.equals(current.specs.get(spec))) reasons.add(spec + " changed (or a file it imports)");
        }
        for (String spec : previous.specs.keySet()) {
            if (!current.specs.containsKey(spec)) reasons.add(spec + " was deleted");
        }
        for (String output : previous.outputs) {
            if (!Files.isRegularFile(out.resolve(output))) {
                reasons.add(output + " is missing from " + out);
                break;
            }
        }
        return reasons;
    }

    private String key(Path spec) {
        Path base = sourceDirectory.toPath().toAbsolutePath().normalize();
        Path abs = spec.toAbsolutePath().normalize();
        return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace(File.separatorChar, '/');
    }

    private static String version() {
        String v = GenerateMojo.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }

}
