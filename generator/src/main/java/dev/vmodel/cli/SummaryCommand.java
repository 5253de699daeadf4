package dev.vmodel.cli;

import dev.vmodel.generator.pipeline.Checked;
import dev.vmodel.generator.pipeline.VModelRun;
import dev.vmodel.report.SummaryJson;
import dev.vmodel.report.SummaryTable;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.model.ModelInstance;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "Prints, for every model variant in the files, each layer's output shape, parameters and "
                + "multiply-accumulates (MACs), with totals. Problems go to standard error.")
final class SummaryCommand implements Callable<Integer>, SpecCommand {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .vmodel files to summarise.")
    List<Path> files;

    @Option(names = "--model", paramLabel = "NAME", description = "Only this model.")
    String model;

    @Option(names = "--variant", paramLabel = "NAME", description = "Only this variant.")
    String variant;

    @Option(names = "--json", description = "Print a JSON array with one object per variant instead of tables.")
    boolean json;

    @Override
    public List<Path> files() {
        return files;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ModelInstance> selected = new ArrayList<>();
        List<String> available = new ArrayList<>();
        Checked checked = VModelRun.builder().specs(files).build().check();
        for (Diagnostic d : checked.diagnostics()) err.println(d.format());
        boolean errors = checked.hasErrors();
        for (ModelInstance m : checked.instances()) {
            available.add(m.model() + "/" + m.variant());
            if ((model == null || model.equals(m.model())) && (variant == null || variant.equals(m.variant()))) {
                selected.add(m);
            }
        }
        if (selected.isEmpty() && (model != null || variant != null) && !errors) {
            err.println("vmodel summary: no variant matches" + (model != null ? " --model " + model : "")
                    + (variant != null ? " --variant " + variant : "") + "; available: "
                    + String.join(", ", available));
            return VModelCli.USAGE;
        }
        if (json) {
            out.println(SummaryJson.toJson(selected));
        } else {
            for (ModelInstance m : selected) out.println(SummaryTable.text(m));
        }
        return errors ? VModelCli.SPEC_ERRORS : VModelCli.OK;
    }
}
