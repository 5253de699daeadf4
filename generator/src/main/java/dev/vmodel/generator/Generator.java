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

    /** One validated spec file: its program and its elaborated variants. */
    public record Unit(Program program, List<ModelInstance> instances) {}

    /**
     * Java sources for every model of the units and every block they use, in one package. A block
     * shared by several files (an import) is generated once.
     *
     * @throws IllegalArgumentException when two different blocks share a name, or a spec uses a
     *     construct the generator cannot express (the message says where and why)
     */
    public static List<JavaFile> generate(List<Unit> units, String packageName) {
        List<ModelInstance> all = new ArrayList<>();
        for (Unit u : units) all.addAll(u.instances());
        JavaNames classNames = new JavaNames();
        Map<String, ClassIr> blocks = new LinkedHashMap<>();
        Map<String, String> blockSources = new HashMap<>();
        List<JavaFile> files = new ArrayList<>();
        for (Unit u : units) {
            for (BlockDecl b : u.program().blocks().values()) {
                String previous = blockSources.putIfAbsent(b.name(), b.source().file());
                if (previous != null && !previous.equals(b.source().file())) {
                    throw new IllegalArgumentException(b.source() + ": block '" + b.name() + "' is also defined in " + previous
                            + "; blocks generated together share one package, so their names must differ");
                }
            }
            IrLowering lowering = new IrLowering(u.program(), all, packageName, classNames);
            for (ClassIr c : lowering.lower(blocks)) files.add(ClassEmitter.emit(c));
            blocks.putAll(lowering.blockClasses());
        }
        return files;
    }
}
