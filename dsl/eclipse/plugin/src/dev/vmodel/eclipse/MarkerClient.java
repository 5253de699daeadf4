package dev.vmodel.eclipse;

import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * The workbench's side of the conversation with the language server: published diagnostics
 * become problem markers ({@link DiagnosticMarkers}); the server's messages go to the error log.
 */
final class MarkerClient implements LanguageClient {
    private final DiagnosticMarkers markers = new DiagnosticMarkers();

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
        markers.publish(diagnostics.getUri(), diagnostics.getDiagnostics());
    }

    @Override
    public void showMessage(MessageParams message) {
        logMessage(message);
    }

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
        logMessage(request);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void logMessage(MessageParams message) {
        String text = "vmodel language server: " + message.getMessage();
        if (message.getType() == MessageType.Error) VModelPlugin.log().error(text);
        else if (message.getType() == MessageType.Warning) VModelPlugin.log().warn(text);
    }

    @Override
    public void telemetryEvent(Object event) {}
}
