package dev.vmodel.eclipse;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * Gives the Generic Editor an Outline page when it edits a {@code .vmodel} file (the Generic
 * Editor has no extension point for outlines; the workbench asks the editor for an
 * {@link IContentOutlinePage} adapter, which falls through to the adapter manager).
 */
public final class OutlineAdapterFactory implements IAdapterFactory {

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
        if (adapterType != IContentOutlinePage.class || !(adaptable instanceof ITextEditor editor)) return null;
        if (editor.getDocumentProvider() == null) return null;
        IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        IFile file = SpecFiles.fileOf(document);
        if (file == null || !"vmodel".equals(file.getFileExtension())) return null;
        return adapterType.cast(new VModelOutlinePage(editor, document, file));
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] {IContentOutlinePage.class};
    }
}
