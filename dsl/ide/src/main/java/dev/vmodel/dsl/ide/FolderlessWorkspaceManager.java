package dev.vmodel.dsl.ide;

import java.util.List;
import org.eclipse.emf.common.util.URI;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.xtext.ide.server.BuildManager;
import org.eclipse.xtext.ide.server.WorkspaceManager;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.xbase.lib.Procedures;

/**
 * A workspace that tolerates an editor opening a single file without a folder. Such an editor
 * sends {@code initialize} with no root and no workspace folders, on which Xtext's workspace fails
 * (it turns the missing root into a folder). Here no root means no folder; and a document opened
 * outside every folder brings its own directory in as a folder, so that it is parsed, validated
 * and its imports (relative to the file) are resolved as in a folder the editor opened.
 */
public class FolderlessWorkspaceManager extends WorkspaceManager {

    @Override
    public void initialize(
            URI baseDir,
            Procedures.Procedure2<? super URI, ? super Iterable<Issue>> issueAcceptor,
            CancelIndicator cancelIndicator) {
        if (baseDir == null) initialize(List.<WorkspaceFolder>of(), issueAcceptor, cancelIndicator);
        else super.initialize(baseDir, issueAcceptor, cancelIndicator);
    }

    @Override
    public BuildManager.Buildable didOpen(URI uri, Integer version, String contents) {
        if (getProjectConfig(uri) == null && uri.isFile()) {
            URI folder = uri.trimSegments(1).appendSegment("");
            String name = uri.segmentCount() > 1 ? uri.segment(uri.segmentCount() - 2) : "files";
            WorkspaceFoldersChangeEvent added =
                    new WorkspaceFoldersChangeEvent(List.of(new WorkspaceFolder(folder.toString(), name)), List.of());
            didChangeWorkspaceFolders(new DidChangeWorkspaceFoldersParams(added), CancelIndicator.NullImpl);
        }
        return super.didOpen(uri, version, contents);
    }
}
