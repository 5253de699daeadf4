package dev.vmodel.maven;

import dev.vmodel.generator.pipeline.Checked;
import dev.vmodel.generator.write.OutputWriter;
import dev.vmodel.report.SummaryJson;
import dev.vmodel.report.SummaryTable;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints, for every model variant (or those selected), each layer's output shape, parameters and
 * multiply-accumulates with totals, and writes {@code summary.md} and {@code summary.json}.
 *
 * @since 0.1.0
 */
@Mojo(name = "summary", threadSafe = true)
public class SummaryMojo extends AbstractSpecsMojo {

    /**
     * Only this model (by its spec name, e.g. {@code GMlp}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.model")
    protected String model;

    /**
     * Only this variant (e.g. {@code ti16}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.variant")
    protected String variant;

    /**
     * Where {@code summary.md} and {@code summary.json} are written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "vmodel.reportDirectory", defaultValue = "${project.build.directory}/vmodel")
    protected File reportDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("vmodel: skipped (vmodel.skip)");
            return;
        }
        Checked checked = run(specFiles()).build().check();
        report(checked.diagnostics());
        List<ModelInstance> selected = new ArrayList<>();
        List<String> available = new ArrayList<>();
        for (ModelInstance m : checked.instances()) {
            available.add(m.model() + "/" + m.variant());
            if ((model == null || model.equals(m.model())) && (variant == null || variant.equals(m.variant())))
                selected.add(m);
        }
        if (selected.isEmpty() && (model != null || variant != null)) {
            throw new MojoFailureException(
                    "vmodel: no model variant matches" + (model != null ? " -Dvmodel.model=" + model : "")
                            + (variant != null ? " -Dvmodel.variant=" + variant : "") + "; available: "
                            + String.join(", ", available));
        }
        StringBuilder markdown = new StringBuilder("# vmodel summary\n\n");
        for (ModelInstance m : selected) {
            for (String line : SummaryTable.text(m).split("\n")) getLog().info(line);
            getLog().info("");
            markdown.append(SummaryTable.markdown(m)).append('\n');
        }
        Path dir = reportDirectory.toPath();
        try {
            // Through the writer generated files use: whole or not at all, with the umask's permissions.
            OutputWriter.write(
                    List.of(
                            new OutputWriter.Output(dir.resolve("summary.md"), markdown.toString()),
                            new OutputWriter.Output(dir.resolve("summary.json"), SummaryJson.toJson(selected) + "\n")),
                    List.of());
            getLog().info("vmodel: wrote " + dir.resolve("summary.md") + " and summary.json (" + selected.size()
                    + " variant" + (selected.size() == 1 ? ")" : "s)"));
        } catch (OutputWriter.WriteFailure e) {
            throw new MojoExecutionException("vmodel: " + e.getMessage() + " (<reportDirectory>)");
        }
    }
}
