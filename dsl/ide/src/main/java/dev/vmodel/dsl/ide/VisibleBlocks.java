package dev.vmodel.dsl.ide;

import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.Import;
import dev.vmodel.dsl.vModel.SpecFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;

/**
 * The blocks a spec file can call: its own, then those of the files it imports, transitively, as
 * the loader resolves them (an import path is relative to the importing file). A call names a
 * block by a plain identifier, not an Xtext cross-reference, so completion and go-to-definition
 * find blocks here. Imports that cannot be loaded are skipped: the validator reports them.
 */
final class VisibleBlocks {
    private VisibleBlocks() {}

    /** Every block visible from {@code resource}, its own first, in declaration order. */
    static List<BlockDef> of(Resource resource) {
        List<BlockDef> blocks = new ArrayList<>();
        collect(resource, new HashSet<>(), blocks);
        return blocks;
    }

    /** The block named {@code name} that a call in {@code resource} refers to, if any. */
    static Optional<BlockDef> named(Resource resource, String name) {
        return of(resource).stream().filter(b -> name.equals(b.getName())).findFirst();
    }

    private static void collect(Resource resource, Set<URI> seen, List<BlockDef> blocks) {
        if (resource == null
                || !seen.add(resource.getURI())
                || resource.getContents().isEmpty()) return;
        if (!(resource.getContents().get(0) instanceof SpecFile spec)) return;
        blocks.addAll(spec.getBlocks());
        for (Import imp : spec.getImports()) {
            collect(load(resource, imp.getImportURI()), seen, blocks);
        }
    }

    private static Resource load(Resource from, String importPath) {
        ResourceSet set = from.getResourceSet();
        if (importPath == null || set == null) return null;
        try {
            URI uri = URI.createURI(importPath).resolve(from.getURI());
            return set.getResource(uri, true);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
