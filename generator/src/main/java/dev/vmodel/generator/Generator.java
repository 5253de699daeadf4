package dev.vmodel.generator;

import com.palantir.javapoet.JavaFile;
import dev.vmodel.generator.emit.ClassEmitter;
import dev.vmodel.generator.ir.ClassIr;
import dev.vmodel.generator.lower.IrLowering;
import dev.vmodel.generator.lower.JavaNames;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.Program;
import dev.vmodel.semantic.model.ModelInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spec to Java: lowers validated programs (never EMF, only the semantic model) into the IR, then
 * emits one JavaPoet file per class. Nothing here touches the disk; see {@code SourceWriter}.
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
    public record Result(List<GeneratedFile> files, List<dev.vmodel.semantic.Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(dev.vmodel.semantic.Diagnostic::isError);
        }
    }

    /**
     * Every file for the units, or diagnostics (never an exception) for a program the generator
     * cannot express. The contract every caller (CLI, plugin, tests) uses.
     */
    public static Result run(List<Unit> units, String packageName) {
        List<dev.vmodel.semantic.Diagnostic> clashes = modelClashes(units);
        clashes.addAll(longNames(units));
        if (!clashes.isEmpty()) return new Result(List.of(), clashes);
        List<GeneratedFile> files = new ArrayList<>();
        try {
            List<ClassIr> classes = lower(units, packageName);
            StringBuilder services = new StringBuilder();
            for (ClassIr c : classes) {
                JavaFile f = ClassEmitter.emit(c);
                files.add(new GeneratedFile(GeneratedFile.Kind.SOURCE,
                        f.packageName().replace('.', '/') + "/" + f.typeSpec().name() + ".java", f.toString()));
                if (c.model() != null) services.append(ClassEmitter.familyBinaryName(c)).append('\n');
            }
            if (services.length() > 0) {
                files.add(new GeneratedFile(GeneratedFile.Kind.RESOURCE, FAMILY_SERVICES, services.toString()));
            }
        } catch (IllegalArgumentException e) {
            return new Result(List.of(), List.of(dev.vmodel.semantic.Diagnostic.error(
                    dev.vmodel.semantic.IssueCodes.GENERATION_FAILED, e.getMessage(),
                    dev.vmodel.semantic.SourceLocation.unknown(units.isEmpty() ? "" : units.get(0).program().root().path()))));
        }
        return new Result(files, List.of());
    }

    /**
     * Two models generated together with one name, or names that differ only in case: their
     * classes would share a file on a case-insensitive file system, and tools find models by
     * name. Renaming one silently ({@code Net2}) would hide which one a user gets.
     */
    private static List<dev.vmodel.semantic.Diagnostic> modelClashes(List<Unit> units) {
        Map<String, dev.vmodel.semantic.decl.ModelDecl> seen = new HashMap<>();
        List<dev.vmodel.semantic.Diagnostic> clashes = new ArrayList<>();
        for (Unit u : units) {
            for (dev.vmodel.semantic.decl.ModelDecl m : u.program().root().models()) {
                dev.vmodel.semantic.decl.ModelDecl first = seen.putIfAbsent(m.name().toLowerCase(java.util.Locale.ROOT), m);
                if (first != null && first != m) {
                    clashes.add(dev.vmodel.semantic.Diagnostic.error(dev.vmodel.semantic.IssueCodes.DUPLICATE_DECLARATION,
                            "model '" + m.name() + "' clashes with model '" + first.name() + "' at " + first.source()
                                    + ": models generated together share one package, so their names must differ"
                                    + (first.name().equals(m.name()) ? "" : " in more than case"),
                            m.source()));
                }
            }
        }
        return clashes;
    }

    /** The longest model or block name, in UTF-8 bytes, whose class files every file system can hold. */
    static final int MAX_NAME_BYTES = 200;

    /**
     * Models and blocks whose names are too long for a class file's name: file systems allow 255
     * bytes, and a class file adds its nested class ({@code $Builder2}) and {@code .class}.
     */
    private static List<dev.vmodel.semantic.Diagnostic> longNames(List<Unit> units) {
        List<dev.vmodel.semantic.Diagnostic> errors = new ArrayList<>();
        java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Unit u : units) {
            List<Object[]> named = new ArrayList<>();
            for (dev.vmodel.semantic.decl.ModelDecl m : u.program().root().models()) named.add(new Object[] {m, "model", m.name(), m.source()});
            for (BlockDecl b : u.program().blocks().values()) named.add(new Object[] {b, "block", b.name(), b.source()});
            for (Object[] n : named) {
                int bytes = ((String) n[2]).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                if (bytes > MAX_NAME_BYTES && seen.add(n[0])) {
                    errors.add(dev.vmodel.semantic.Diagnostic.error(dev.vmodel.semantic.IssueCodes.GENERATION_FAILED,
                            n[1] + " name is " + bytes + " bytes long; the class files generated for it need a name of at most "
                                    + MAX_NAME_BYTES + " bytes", (dev.vmodel.semantic.SourceLocation) n[3]));
                }
            }
        }
        return errors;
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
     * Java sources for every model of the units and every block they use, in one package. A block
     * shared by several files (an import) is generated once.
     *
     * @throws IllegalArgumentException when two different blocks share a name, or a spec uses a
     *     construct the generator cannot express (the message says where and why)
     * Prefer {@link #run}, which also gives the resources and reports problems as diagnostics.
     */
    public static List<JavaFile> generate(List<Unit> units, String packageName) {
        List<JavaFile> files = new ArrayList<>();
        for (ClassIr c : lower(units, packageName)) files.add(ClassEmitter.emit(c));
        return files;
    }

    private static List<ClassIr> lower(List<Unit> units, String packageName) {
        List<ModelInstance> all = new ArrayList<>();
        for (Unit u : units) all.addAll(u.instances());
        JavaNames classNames = new JavaNames();
        Map<String, ClassIr> blocks = new LinkedHashMap<>();
        Map<String, String> blockSources = new HashMap<>();
        List<ClassIr> classes = new ArrayList<>();
        for (Unit u : units) {
            for (BlockDecl b : u.program().blocks().values()) {
                String previous = blockSources.putIfAbsent(b.name(), b.source().file());
                if (previous != null && !previous.equals(b.source().file())) {
                    throw new IllegalArgumentException(b.source() + ": block '" + b.name() + "' is also defined in " + previous
                            + "; blocks generated together share one package, so their names must differ");
                }
            }
            IrLowering lowering = new IrLowering(u.program(), all, packageName, classNames);
            classes.addAll(lowering.lower(blocks));
            blocks.putAll(lowering.blockClasses());
        }
        return classes;
    }
}
