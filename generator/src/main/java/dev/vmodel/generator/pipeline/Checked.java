package dev.vmodel.generator.pipeline;

import dev.vmodel.generator.Generator;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.model.ModelInstance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The specs of a run after the front end and the checks between files: every diagnostic, once
 * each (a file imported by several specs reports its problems once), and per spec its program
 * and its elaborated variants.
 */
public record Checked(List<Diagnostic> diagnostics, List<Spec> specs) {

    /**
     * One spec file as given. {@code program} is null when the file could not be read;
     * {@code instances} is empty when the file has errors.
     */
    public record Spec(Path file, Program program, List<ModelInstance> instances, boolean hasErrors) {}

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Every variant of every spec without errors, in the order given. */
    public List<ModelInstance> instances() {
        List<ModelInstance> all = new ArrayList<>();
        for (Spec s : specs) all.addAll(s.instances());
        return all;
    }

    /** What the generator takes: the specs without errors. */
    public List<Generator.Unit> units() {
        List<Generator.Unit> units = new ArrayList<>();
        for (Spec s : specs)
            if (!s.hasErrors() && s.program() != null) units.add(new Generator.Unit(s.program(), s.instances()));
        return units;
    }
}
