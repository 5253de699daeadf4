package dev.vmodel.semantic.decl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A root spec file plus everything it imports, transitively: the unit the elaborator works on.
 * Block names are global across a program (the language has one namespace for blocks).
 */
public record Program(SpecFile root, List<SpecFile> imported) {

    /** Every block visible from the root, first declaration wins (duplicates are reported elsewhere). */
    public Map<String, BlockDecl> blocks() {
        Map<String, BlockDecl> all = new LinkedHashMap<>();
        for (BlockDecl b : root.blocks()) all.putIfAbsent(b.name(), b);
        for (SpecFile f : imported) for (BlockDecl b : f.blocks()) all.putIfAbsent(b.name(), b);
        return all;
    }

    public Optional<ModelDecl> model(String name) {
        return root.models().stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
