package dev.vmodel.dsl.ide;

import com.google.inject.Guice;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.xtext.ide.server.LanguageServerImpl;

/**
 * A real LSP conversation with the language server: an lsp4j client talking JSON-RPC to the
 * server, either in process (as {@link VModelLanguageServer} starts it: Xtext's
 * {@link VModelServerModule}, the language found through its ISetup service entry) over two pipes, or
 * to the shaded jar run as a process. Remembers the latest diagnostics published for each
 * document.
 */
final class LspSession implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, PublishDiagnosticsParams> latest = new ConcurrentHashMap<>();
    private final Object published = new Object();
    private final AutoCloseable transport;
    final LanguageServer server;

    /** The server in this JVM, as {@link VModelLanguageServer} builds it, over two pipes. */
    LspSession() throws IOException {
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        LanguageServerImpl impl = Guice.createInjector(new VModelServerModule()).getInstance(LanguageServerImpl.class);
        Launcher<LanguageClient> serverSide = LSPLauncher.createServerLauncher(
                impl, Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
        impl.connect(serverSide.getRemoteProxy());
        serverSide.startListening();
        transport = () -> {
            toServer.sink().close();
            toClient.sink().close();
        };
        server = connect(Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()));
    }

    /** The server as an editor runs it: {@code java -jar JAR}, talking over the process's stdio. */
    LspSession(Path jar) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        transport = () -> {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        };
        server = connect(process.getInputStream(), process.getOutputStream());
    }

    private LanguageServer connect(InputStream fromServer, OutputStream toServer) {
        Launcher<LanguageServer> clientSide = LSPLauncher.createClientLauncher(new Client(), fromServer, toServer);
        clientSide.startListening();
        return clientSide.getRemoteProxy();
    }

    /** {@code initialize} with {@code workspace} as the only folder, then {@code initialized}. */
    void initialize(Path workspace) throws Exception {
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities());
        // Xtext's default (single-root) workspace reads rootUri; multi-root servers read the folders.
        params.setRootUri(uri(workspace));
        params.setWorkspaceFolders(List.of(new WorkspaceFolder(uri(workspace), "workspace")));
        get(server.initialize(params));
        server.initialized(new InitializedParams());
    }

    /**
     * {@code initialize} as an editor sends it for a single file opened without a folder: no
     * {@code rootUri}, no {@code rootPath}, no workspace folders; then {@code initialized}.
     */
    void initializeWithoutWorkspace() throws Exception {
        InitializeParams params = new InitializeParams();
        params.setCapabilities(capabilities());
        get(server.initialize(params));
        server.initialized(new InitializedParams());
    }

    /** What the client declares, as VS Code does: a hierarchical outline. */
    private static ClientCapabilities capabilities() {
        DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        text.setDocumentSymbol(symbols);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setTextDocument(text);
        return capabilities;
    }

    void open(Path file, String text) {
        server.getTextDocumentService()
                .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri(file), "vmodel", 1, text)));
    }

    /** Replaces the whole text of an open document. */
    void change(Path file, int version, String text) {
        server.getTextDocumentService()
                .didChange(new DidChangeTextDocumentParams(
                        new VersionedTextDocumentIdentifier(uri(file), version),
                        List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** Waits for the diagnostics of {@code file} to satisfy {@code expected}; returns them. */
    List<Diagnostic> awaitDiagnostics(Path file, Predicate<List<Diagnostic>> expected) throws InterruptedException {
        String uri = uri(file);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (published) {
            while (true) {
                PublishDiagnosticsParams p = latest.get(uri);
                if (p != null && expected.test(p.getDiagnostics())) return p.getDiagnostics();
                long left = deadline - System.nanoTime();
                if (left <= 0)
                    throw new AssertionError("no matching diagnostics for " + uri + "; latest: "
                            + (p == null ? "none" : p.getDiagnostics()));
                TimeUnit.NANOSECONDS.timedWait(published, left);
            }
        }
    }

    /** Forgets what was published, so that the next wait sees only newer diagnostics. */
    void forgetDiagnostics() {
        latest.clear();
    }

    static String uri(Path path) {
        return path.toAbsolutePath().normalize().toUri().toString();
    }

    static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        try {
            // No exit: Xtext's exit handler ends the JVM, the test runner's here.
            server.shutdown().get(10, TimeUnit.SECONDS);
        } finally {
            transport.close();
        }
    }

    /** The editor side: records diagnostics, ignores messages. */
    private final class Client implements LanguageClient {
        @Override
        public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
            synchronized (published) {
                latest.put(diagnostics.getUri(), diagnostics);
                published.notifyAll();
            }
        }

        @Override
        public void telemetryEvent(Object object) {}

        @Override
        public void showMessage(MessageParams messageParams) {}

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {}
    }
}
