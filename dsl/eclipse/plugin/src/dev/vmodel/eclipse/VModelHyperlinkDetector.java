package dev.vmodel.eclipse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.lsp4j.Location;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Go to definition (Ctrl+click on a block's name): the language server's definition of the
 * name under the cursor, in this spec or an imported one, opened in the editor with the block's
 * name selected.
 */
public final class VModelHyperlinkDetector extends AbstractHyperlinkDetector {

    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
        IDocument document = viewer.getDocument();
        IFile file = SpecFiles.fileOf(document);
        if (file == null || !"vmodel".equals(file.getFileExtension())) return null;
        try {
            IRegion word = wordAt(document, region.getOffset());
            if (word == null) return null;
            List<IHyperlink> links = new ArrayList<>();
            for (Location target : SpecServer.get().definitions(document, file, region.getOffset())) {
                IFile[] files =
                        ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(URI.create(target.getUri()));
                if (files.length > 0) links.add(new Definition(word, files[0], target));
            }
            return links.isEmpty() ? null : links.toArray(IHyperlink[]::new);
        } catch (Exception e) {
            VModelPlugin.log().warn("vmodel: no definition: " + e.getMessage());
            return null;
        }
    }

    /** The identifier around {@code offset}: what is underlined while Ctrl is held. */
    static IRegion wordAt(IDocument document, int offset) throws Exception {
        int start = offset;
        int end = offset;
        while (start > 0 && Character.isJavaIdentifierPart(document.getChar(start - 1))) start--;
        while (end < document.getLength() && Character.isJavaIdentifierPart(document.getChar(end))) end++;
        return start == end ? null : new Region(start, end - start);
    }

    /** One definition: opens its file and selects the defined name. */
    private record Definition(IRegion word, IFile target, Location location) implements IHyperlink {
        @Override
        public IRegion getHyperlinkRegion() {
            return word;
        }

        @Override
        public String getTypeLabel() {
            return "vmodel definition";
        }

        @Override
        public String getHyperlinkText() {
            return "Open definition in " + target.getProjectRelativePath();
        }

        @Override
        public void open() {
            try {
                IEditorPart part = IDE.openEditor(
                        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage(), target);
                ITextEditor editor = part.getAdapter(ITextEditor.class);
                if (editor == null) return;
                IDocument document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
                var start = location.getRange().getStart();
                var end = location.getRange().getEnd();
                int from = document.getLineOffset(start.getLine()) + start.getCharacter();
                int to = document.getLineOffset(end.getLine()) + end.getCharacter();
                editor.selectAndReveal(from, Math.max(0, to - from));
            } catch (PartInitException e) {
                VModelPlugin.log().log(e.getStatus());
            } catch (Exception e) {
                VModelPlugin.log()
                        .warn("vmodel: could not show the definition in " + target.getFullPath() + ": "
                                + e.getMessage());
            }
        }
    }
}
