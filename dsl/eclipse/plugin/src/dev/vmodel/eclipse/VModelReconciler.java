package dev.vmodel.eclipse;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.reconciler.Reconciler;

/**
 * Validation while typing: shortly after each pause in typing, the editor's text goes to the
 * language server, which validates it and publishes diagnostics, shown as problem markers
 * ({@link MarkerClient}). The server gets the document when the editor opens and loses it when
 * the editor closes.
 */
public final class VModelReconciler extends Reconciler {
    private static final int DELAY_MS = 250;

    private final SendToServer strategy = new SendToServer();

    public VModelReconciler() {
        setReconcilingStrategy(strategy, IDocument.DEFAULT_CONTENT_TYPE);
        setIsIncrementalReconciler(false);
        setIsAllowedToModifyDocument(false);
        setDelay(DELAY_MS);
    }

    @Override
    public void uninstall() {
        strategy.closeDocument();
        super.uninstall();
    }

    /** Sends the whole document to the server (specs are small; the server re-validates it). */
    private static final class SendToServer implements IReconcilingStrategy, IReconcilingStrategyExtension {
        private volatile IDocument document;

        @Override
        public void setDocument(IDocument document) {
            if (this.document != null && this.document != document) closeDocument();
            this.document = document;
        }

        @Override
        public void initialReconcile() {
            send();
        }

        @Override
        public void reconcile(IRegion partition) {
            send();
        }

        @Override
        public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
            send();
        }

        @Override
        public void setProgressMonitor(IProgressMonitor monitor) {}

        private void send() {
            IDocument current = document;
            IFile file = SpecFiles.fileOf(current);
            if (file == null) return;
            try {
                SpecServer.get().sync(current, file);
            } catch (Exception e) {
                VModelPlugin.log().error("vmodel: could not validate " + file.getFullPath() + ": " + e.getMessage(), e);
            }
        }

        void closeDocument() {
            IDocument current = document;
            SpecServer server = SpecServer.running();
            if (current != null && server != null) server.close(current);
        }
    }
}
