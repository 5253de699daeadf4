package dev.vmodel.eclipse;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;

/** The workspace file an editor's document was read from. */
final class SpecFiles {
    private SpecFiles() {}

    /** The file of {@code document}, or null when it is not a file of the workspace. */
    static IFile fileOf(IDocument document) {
        if (document == null) return null;
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null || buffer.getLocation() == null) return null;
        IFile file = ResourcesPlugin.getWorkspace().getRoot().getFile(buffer.getLocation());
        return file.exists() && file.getLocation() != null ? file : null;
    }
}
