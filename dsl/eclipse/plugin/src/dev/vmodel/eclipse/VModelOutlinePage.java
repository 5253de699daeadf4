package dev.vmodel.eclipse;

import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;

/**
 * The Outline view of a spec: the language server's document symbols (models, blocks, their
 * parameters, variants, labelled layers) as a tree, refreshed shortly after each edit; selecting
 * one selects its name in the editor.
 */
final class VModelOutlinePage extends ContentOutlinePage {
    private static final long REFRESH_DELAY_MS = 400;

    private final ITextEditor editor;
    private final IDocument document;
    private final IFile file;
    private final Job refresh = Job.create("Updating the vmodel outline", this::load);
    private final IDocumentListener changes = new IDocumentListener() {
        @Override
        public void documentAboutToBeChanged(DocumentEvent event) {}

        @Override
        public void documentChanged(DocumentEvent event) {
            refresh.schedule(REFRESH_DELAY_MS);
        }
    };

    VModelOutlinePage(ITextEditor editor, IDocument document, IFile file) {
        this.editor = editor;
        this.document = document;
        this.file = file;
        refresh.setSystem(true);
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new Symbols());
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                DocumentSymbol symbol = (DocumentSymbol) element;
                String name = symbol.getName();
                String detail = symbol.getDetail();
                if (detail == null || detail.isBlank()) return name;
                // The server's details: "= 6 * dim" of a param, "(dim = 128)" of a variant, else a kind.
                if (detail.startsWith("(")) return name + detail;
                if (detail.startsWith("=")) return name + " " + detail;
                return name + " : " + detail;
            }
        });
        viewer.setInput(List.of());
        document.addDocumentListener(changes);
        refresh.schedule();
    }

    private IStatus load(IProgressMonitor monitor) {
        try {
            List<DocumentSymbol> symbols = SpecServer.get().symbols(document, file);
            var control = getControl();
            if (control == null || control.isDisposed()) return Status.OK_STATUS;
            control.getDisplay().asyncExec(() -> {
                if (getControl() == null || getControl().isDisposed()) return;
                getTreeViewer().setInput(symbols);
                getTreeViewer().expandToLevel(2);
            });
        } catch (Exception e) {
            VModelPlugin.log().warn("vmodel: no outline for " + file.getFullPath() + ": " + e.getMessage());
        }
        return Status.OK_STATUS;
    }

    @Override
    public void selectionChanged(SelectionChangedEvent event) {
        super.selectionChanged(event);
        if (!(event.getSelection() instanceof IStructuredSelection selection)
                || !(selection.getFirstElement() instanceof DocumentSymbol symbol)) return;
        try {
            var at = symbol.getSelectionRange().getStart();
            var end = symbol.getSelectionRange().getEnd();
            int start = document.getLineOffset(at.getLine()) + at.getCharacter();
            int stop = document.getLineOffset(end.getLine()) + end.getCharacter();
            editor.selectAndReveal(start, Math.max(0, stop - start));
        } catch (Exception e) {
            // The document changed since the outline was read: the next refresh fixes the tree.
        }
    }

    @Override
    public void dispose() {
        document.removeDocumentListener(changes);
        refresh.cancel();
        super.dispose();
    }

    /** The tree's input is the list of top-level symbols; children are the symbols' own. */
    private static final class Symbols implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            List<DocumentSymbol> children = ((DocumentSymbol) parent).getChildren();
            return children == null ? new Object[0] : children.toArray();
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            List<DocumentSymbol> children = ((DocumentSymbol) element).getChildren();
            return children != null && !children.isEmpty();
        }
    }
}
