package dev.vmodel.semantic.infer;

import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.model.ModelInstance;
import java.util.ArrayList;
import java.util.List;

/**
 * The one entry point of semantic analysis, used by the validator, the summary and the generator:
 * declaration checks, static param types, checks of the blocks no model reaches, then every
 * variant of every model of the root file elaborated (params bound, expressions evaluated, shapes
 * inferred, costs counted).
 */
public final class Analysis {
    private Analysis() {}

    /**
     * The most layers and bodies one model variant may expand to (every repeat iteration counted);
     * a bigger one is refused with {@link dev.vmodel.semantic.IssueCodes#MODEL_TOO_LARGE}.
     */
    public static final long MAX_ELABORATED = Elaborator.MAX_ELABORATED;

    public static Result analyze(Program program) {
        List<Diagnostic> diagnostics = new ArrayList<>(DeclarationChecks.check(program));
        diagnostics.addAll(ParamTypes.of(program).diagnostics());
        diagnostics.addAll(UnreachedBlocks.check(program));
        Elaborator elaborator = new Elaborator(program);
        List<ModelInstance> instances = elaborator.elaborateAll();
        diagnostics.addAll(elaborator.diagnostics());
        return new Result(List.copyOf(instances), Diagnostics.dedupeAndSort(diagnostics));
    }

    /** Instances of every variant that elaborated cleanly, and every diagnostic, sorted by position. */
    public record Result(List<ModelInstance> instances, List<Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }
    }
}
