package dev.vmodel.generator;

import com.palantir.javapoet.JavaFile;
import dev.vmodel.generator.emit.ClassEmitter;
import dev.vmodel.generator.emit.TrainingEmitter;
import dev.vmodel.generator.emit.python.PythonGenerator;
import dev.vmodel.generator.ir.ClassIr;
import dev.vmodel.generator.lower.IrLowering;
import dev.vmodel.generator.lower.JavaNames;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.model.ModelInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec to Java: lowers validated programs (never EMF, only the semantic model) into the IR, then
 * emits one JavaPoet file per class and one training harness per model ({@code GMlpTraining}),
 * plus the service registration of the model families. Nothing
 * here touches the disk: the pipeline's writer does.
 */
public final class Generator {
    private Generator() {}

    /** Whether a string can be the package of generated classes: dotted Java identifiers, no keyword. */
    public static boolean isPackageName(String name) {
        if (name == null) return false;
        for (String part : name.split("\\.", -1)) {
            if (!javax.lang.model.SourceVersion.isIdentifier(part) || javax.lang.model.SourceVersion.isKeyword(part)) {
                return false;
            }
        }
        return true;
    }

    /** What a generation produced: the files, or the problems that kept it from producing them. */
    public record Result(List<GeneratedFile> files, List<Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        /**
         * No files, and a {@code generation-failed} error at the first unit's file: what any target
         * returns for a program it cannot express.
         */
        public static Result failed(List<Unit> units, IllegalArgumentException e) {
            return new Result(
                    List.of(),
                    List.of(Diagnostic.error(
                            IssueCodes.GENERATION_FAILED,
                            e.getMessage(),
                            SourceLocation.unknown(
                                    units.isEmpty()
                                            ? ""
                                            : units.get(0).program().root().path()))));
        }
    }

    /**
     * Every file for the units, or diagnostics (never an exception) for a program the generator
     * cannot express. The contract every caller (the pipeline, hence the CLI, plugin and tests)
     * uses. Clashes between files and names too long for a file system are the pipeline's checks
     * ({@code NameClashes}, {@code OutputNames}), made before this runs.
     */
    public static Result run(List<Unit> units, String packageName) {
        List<GeneratedFile> files = new ArrayList<>();
        try {
            StringBuilder services = new StringBuilder();
            List<ClassIr> classes = lower(units, packageName);
            Map<String, String> twinModules = PythonGenerator.modulesBySpecFile(classes);
            for (ClassIr c : classes) {
                files.add(source(ClassEmitter.emit(c, twinModules.get(c.source().file()))));
                if (c.model() != null) {
                    services.append(ClassEmitter.familyBinaryName(c)).append('\n');
                    files.add(source(TrainingEmitter.emit(c)));
                }
            }
            if (services.length() > 0) {
                files.add(new GeneratedFile(GeneratedFile.Kind.RESOURCE, FAMILY_SERVICES, services.toString()));
            }
        } catch (IllegalArgumentException e) {
            return Result.failed(units, e);
        }
        return new Result(files, List.of());
    }

    private static GeneratedFile source(JavaFile f) {
        return new GeneratedFile(
                GeneratedFile.Kind.SOURCE,
                f.packageName().replace('.', '/') + "/" + f.typeSpec().name() + ".java",
                f.toString());
    }

    /**
     * The {@link java.util.ServiceLoader} registration of the generated model families: one
     * {@code Model$Family} binary class name a line, so {@code ModelFamilies} finds every model
     * on the class path without reflection on the model classes.
     */
    public static final String FAMILY_SERVICES = "META-INF/services/dev.vmodel.runtime.model.ModelFamily";

    /** One validated spec file: its program and its elaborated variants. */
    public record Unit(Program program, List<ModelInstance> instances) {}

    /**
     * The classes of every unit, resolved: what each target emits. Blocks of a file imported by
     * several units are lowered once, by the first that reaches them.
     */
    public static List<ClassIr> lower(List<Unit> units, String packageName) {
        List<ModelInstance> all = new ArrayList<>();
        for (Unit u : units) all.addAll(u.instances());
        JavaNames classNames = new JavaNames().reserve(JavaNames.PACKAGE_CLASSES);
        Map<String, ClassIr> blocks = new LinkedHashMap<>();
        List<ClassIr> classes = new ArrayList<>();
        for (Unit u : units) {
            IrLowering lowering = new IrLowering(u.program(), all, packageName, classNames);
            classes.addAll(lowering.lower(blocks));
            blocks.putAll(lowering.blockClasses());
        }
        return classes;
    }
}
