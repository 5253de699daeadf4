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
 * becomes a class of one package, so two of them must not share a name (one would silently
 * become {@code Net2}), nor differ only in case ({@code Net} and {@code NET} are one file on
 * macOS and Windows). The error is located at the second definition, in the order the files were
 * given. A block imported by several files is one definition, not a clash.
 */
final class NameClashes {
    private NameClashes() {}

    /** A model or block that becomes a class, identified by its name and the file that defines it. */
    private record Decl(String kind, String name, SourceLocation source, String file) {
        boolean sameAs(Decl other) {
            return kind.equals(other.kind) && name.equals(other.name) && file.equals(other.file);
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
                String cls = JavaNames.classBase(d.name());
                Decl same = byClass.get(cls);
                if (same != null) {
                    if (!same.sameAs(d)) {
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
                    problems.add(Diagnostic.error(
                            IssueCodes.CASE_CLASH,
                            d.kind() + " '" + d.name() + "' differs only in"
                                    + " case from " + similar.describe() + ": their classes " + cls + " and "
                                    + JavaNames.classBase(similar.name())
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
     * What the generator makes classes of for one root file: its models and blocks, in the order
     * written, then every block of an imported file that they use.
     */
    private static List<Decl> generated(Program program) {
        List<Decl> root = new ArrayList<>();
        for (ModelDecl m : program.root().models()) root.add(decl("model", m.name(), m.source()));
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
