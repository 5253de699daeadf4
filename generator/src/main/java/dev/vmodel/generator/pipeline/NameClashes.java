package dev.vmodel.generator.pipeline;

import dev.vmodel.generator.lower.JavaNames;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.DeclWalk;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The check only a run over several files can make: every model and block generated together
 * becomes a class of one package, and every model a training harness {@code NameTraining} beside
 * it, so two of them must not share a name (one would silently become {@code Net2}), nor differ
 * only in case ({@code Net} and {@code NET} are one file on
 * macOS and Windows). The error is located at the second definition, in the order the files were
 * given. A block imported by several files is one definition, not a clash.
 */
final class NameClashes {
    private NameClashes() {}

    /** The kind of the class a model's training harness becomes, {@code GMlpTraining}. */
    private static final String HARNESS = "training harness of model";

    /**
     * A model, block or model's training harness that becomes a class, identified by its name
     * (the model's, for a harness) and the file that defines it.
     */
    private record Decl(String kind, String name, SourceLocation source, String file) {
        boolean sameAs(Decl other) {
            return kind.equals(other.kind) && name.equals(other.name) && file.equals(other.file);
        }

        /** The class it becomes: the name's, or for a harness the model's followed by {@code Training}. */
        String cls() {
            return JavaNames.classBase(name) + (kind.equals(HARNESS) ? "Training" : "");
        }

        String describe() {
            return kind + " '" + name + "' at " + source;
        }
    }

    static List<Diagnostic> check(List<Program> programs) {
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, Decl> byClass = new HashMap<>();
        Map<String, Decl> byFoldedClass = new HashMap<>();
        for (Program program : programs) {
            for (Decl d : generated(program)) {
                String cls = d.cls();
                // Two harnesses clash only when their models do, which is reported at the model.
                boolean harness = d.kind().equals(HARNESS);
                Decl same = byClass.get(cls);
                if (same != null) {
                    if (harness && same.kind().equals(HARNESS)) continue;
                    if (harness || same.kind().equals(HARNESS)) {
                        if (!same.sameAs(d)) problems.add(harnessClash(d, same));
                    } else if (!same.sameAs(d)) {
                        String what = !same.name().equals(d.name())
                                ? "would become the class " + cls + " of " + same.describe()
                                : same.kind().equals(d.kind())
                                        ? "is also defined at " + same.source()
                                        : "has the name of the " + same.kind() + " at " + same.source();
                        problems.add(Diagnostic.error(
                                IssueCodes.DUPLICATE_NAME,
                                d.kind() + " '" + d.name() + "' " + what
                                        + "; specs generated together share one Java package, so their model and block names must"
                                        + " differ",
                                d.source()));
                    }
                    continue;
                }
                String folded = cls.toLowerCase(Locale.ROOT);
                Decl similar = byFoldedClass.get(folded);
                if (similar != null) {
                    if (harness && similar.kind().equals(HARNESS)) continue;
                    problems.add(Diagnostic.error(
                            IssueCodes.CASE_CLASH,
                            d.kind() + " '" + d.name() + "' differs only in"
                                    + " case from " + similar.describe() + ": their classes " + cls + " and "
                                    + similar.cls()
                                    + " would be one file on case-insensitive file systems (macOS, Windows); rename one",
                            d.source()));
                    continue;
                }
                byClass.put(cls, d);
                byFoldedClass.put(folded, d);
            }
        }
        return problems;
    }

    /**
     * A model's harness class ({@code FooTraining}) that is also the class of a model or block:
     * located at the second of the two, in the order written.
     */
    private static Diagnostic harnessClash(Decl d, Decl same) {
        String message = d.kind().equals(HARNESS)
                ? "model '" + d.name() + "' needs the class " + d.cls() + " for its training harness, but it is the"
                        + " class of " + same.describe()
                : d.kind() + " '" + d.name() + "' would become the class " + d.cls() + ", which is the "
                        + same.describe();
        return Diagnostic.error(
                IssueCodes.DUPLICATE_NAME,
                message + "; every model gets a harness class named after it with 'Training' appended, so rename"
                        + " one",
                d.source());
    }

    /**
     * What the generator makes classes of for one root file: its models and blocks, in the order
     * written, then every block of an imported file that they use.
     */
    private static List<Decl> generated(Program program) {
        List<Decl> root = new ArrayList<>();
        for (ModelDecl m : program.root().models()) {
            root.add(decl("model", m.name(), m.source()));
            root.add(decl(HARNESS, m.name(), m.source()));
        }
        for (BlockDecl b : program.root().blocks()) root.add(decl("block", b.name(), b.source()));
        root.sort(Comparator.comparingInt((Decl d) -> d.source().offset()));
        Map<String, BlockDecl> blocks = program.blocks();
        Map<String, Decl> reached = new LinkedHashMap<>();
        // Identity, not equals: records compare whole bodies.
        Set<BlockDecl> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<BlockDecl> work = new ArrayList<>();
        Consumer<BlockDecl> enqueue = b -> {
            if (b != null && seen.add(b)) work.add(b);
        };
        for (ModelDecl m : program.root().models()) DeclWalk.calls(m.body(), c -> enqueue.accept(blocks.get(c.name())));
        for (BlockDecl b : program.root().blocks()) enqueue.accept(b);
        for (int i = 0; i < work.size(); i++) {
            BlockDecl b = work.get(i);
            reached.putIfAbsent(b.name() + "@" + b.source().file(), decl("block", b.name(), b.source()));
            DeclWalk.calls(b.body(), c -> enqueue.accept(blocks.get(c.name())));
        }
        List<Decl> all = new ArrayList<>(root);
        for (Decl d : reached.values()) if (all.stream().noneMatch(d::sameAs)) all.add(d);
        return all;
    }

    private static Decl decl(String kind, String name, SourceLocation source) {
        return new Decl(kind, name, source, fileKey(source.file()));
    }

    /** One key per file however it was named ({@code a.vmodel}, {@code ./a.vmodel}). */
    private static String fileKey(String file) {
        try {
            return Path.of(file).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return file;
        }
    }
}
