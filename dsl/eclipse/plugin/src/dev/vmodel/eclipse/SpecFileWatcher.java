package dev.vmodel.eclipse;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.IResourceChangeListener;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Tells the language server about specs that change on disk without an editor (saved elsewhere,
 * created, deleted, pulled by git): their problem markers are then up to date, and so are those
 * of the specs that import them.
 */
final class SpecFileWatcher implements IResourceChangeListener {
    private final LanguageServer server;

    SpecFileWatcher(LanguageServer server) {
        this.server = server;
    }

    @Override
    public void resourceChanged(IResourceChangeEvent event) {
        if (event.getDelta() == null) return;
        List<FileEvent> changes = new ArrayList<>();
        try {
            event.getDelta().accept(delta -> {
                if (delta.getResource() instanceof IFile file
                        && "vmodel".equals(file.getFileExtension())
                        && file.getLocation() != null) {
                    FileChangeType type = typeOf(delta);
                    if (type != null) changes.add(new FileEvent(SpecServer.uri(file.getLocation()), type));
                }
                return true;
            });
        } catch (CoreException e) {
            VModelPlugin.log().log(e.getStatus());
        }
        if (!changes.isEmpty())
            server.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(changes));
    }

    private static FileChangeType typeOf(IResourceDelta delta) {
        return switch (delta.getKind()) {
            case IResourceDelta.ADDED -> FileChangeType.Created;
            case IResourceDelta.REMOVED -> FileChangeType.Deleted;
            case IResourceDelta.CHANGED ->
                (delta.getFlags() & (IResourceDelta.CONTENT | IResourceDelta.REPLACED)) != 0
                        ? FileChangeType.Changed
                        : null;
            default -> null;
        };
    }
}
