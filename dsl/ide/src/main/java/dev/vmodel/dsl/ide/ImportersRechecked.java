package dev.vmodel.dsl.ide;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.resource.IReferenceDescription;
import org.eclipse.xtext.resource.IResourceDescription;

/**
 * A workspace that re-checks a file whenever a file it imports changes (edited, saved, changed on
 * disk or deleted), through any chain of imports, so that an error introduced in an imported file
 * appears at the {@code import} line of every importer, as {@code vmodel validate} reports it,
 * and leaves it with the fix. Xtext re-checks a file only when names it links to change; an edit
 * inside an imported block changes no exported name, and the grammar links nothing. The index
 * records each import as a reference to the imported file ({@link ModelsAndBlocksIndexed}).
 */
public class ImportersRechecked extends FolderlessWorkspaceManager {

    @Override
    public BuildManager.Buildable didChangeFiles(List<URI> dirtyFiles, List<URI> deletedFiles) {
        Set<URI> changed = new LinkedHashSet<>(dirtyFiles);
        changed.addAll(deletedFiles);
        Set<URI> importers = importersOf(changed);
        importers.removeAll(changed);
        if (importers.isEmpty()) return super.didChangeFiles(dirtyFiles, deletedFiles);
        List<URI> dirty = new ArrayList<>(dirtyFiles);
        dirty.addAll(importers);
        return super.didChangeFiles(dirty, deletedFiles);
    }

    /** Every indexed file whose imports lead, directly or through other files, to one of {@code files}. */
    private Set<URI> importersOf(Set<URI> files) {
        Map<URI, Set<URI>> importedBy = new HashMap<>();
        for (IResourceDescription file : getIndex().getAllResourceDescriptions()) {
            for (IReferenceDescription imported : file.getReferenceDescriptions()) {
                importedBy
                        .computeIfAbsent(imported.getTargetEObjectUri().trimFragment(), k -> new LinkedHashSet<>())
                        .add(file.getURI());
            }
        }
        Set<URI> found = new LinkedHashSet<>();
        Deque<URI> next = new ArrayDeque<>(files);
        while (!next.isEmpty()) {
            for (URI importer : importedBy.getOrDefault(next.pop(), Set.of())) {
                if (found.add(importer)) next.push(importer);
            }
        }
        return found;
    }
}
