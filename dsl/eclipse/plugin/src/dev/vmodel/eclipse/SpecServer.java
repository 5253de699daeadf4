package dev.vmodel.eclipse;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResourceChangeEvent;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolCapabilities;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The plugin's one language server and the spec documents open in it. Editors hand it their
 * documents; it keeps the server's copy of each in step (the whole text on every change: specs
 * are small) and asks the server for hover and completion at an offset. Each Eclipse project
 * holding an open spec is a workspace folder of the server, so imports resolve within it.
 */
final class SpecServer {
    private static final long TIMEOUT_SECONDS = 60;
    private static SpecServer instance;

    private final EmbeddedLanguageServer embedded;
    private final LanguageServer server;
    private final SpecFileWatcher watcher;
    private final Set<IProject> folders = new HashSet<>();
    /** What the server holds for each open document: its URI, version and text. */
    private final Map<IDocument, OpenSpec> open = new ConcurrentHashMap<>();

    private record OpenSpec(String uri, int version, String text) {}

    private SpecServer(EmbeddedLanguageServer embedded) {
        this.embedded = embedded;
        this.server = embedded.server();
        this.watcher = new SpecFileWatcher(server);
    }

    /** The server, started and initialised on first use. */
    static synchronized SpecServer get() throws IOException {
        if (instance == null) {
            EmbeddedLanguageServer embedded = EmbeddedLanguageServer.start(serverJar(), new MarkerClient());
            SpecServer started = new SpecServer(embedded);
            try {
                started.initialize();
            } catch (IOException e) {
                embedded.close();
                throw e;
            }
            ResourcesPlugin.getWorkspace().addResourceChangeListener(started.watcher, IResourceChangeEvent.POST_CHANGE);
            instance = started;
        }
        return instance;
    }

    /** The server if it runs, else null (nothing is started). */
    static synchronized SpecServer running() {
        return instance;
    }

    static synchronized void shutdown() {
        if (instance == null) return;
        try {
            ResourcesPlugin.getWorkspace().removeResourceChangeListener(instance.watcher);
        } catch (IllegalStateException workspaceClosed) {
            // the workspace went first: nothing is listening any more
        }
        try {
            instance.server.shutdown().get(10, TimeUnit.SECONDS);
            instance.embedded.close();
        } catch (Exception e) {
            VModelPlugin.log().warn("vmodel language server did not shut down cleanly: " + e);
        } finally {
            instance = null;
        }
    }

    /** The language server jar inside this bundle, as a file (extracted if the bundle is a jar). */
    static Path serverJar() throws IOException {
        var entry = Platform.getBundle(VModelPlugin.ID).getEntry("lib/vmodel-language-server.jar");
        if (entry == null)
            throw new IOException("lib/vmodel-language-server.jar is missing from bundle " + VModelPlugin.ID);
        return new File(FileLocator.toFileURL(entry).getPath()).toPath();
    }

    private void initialize() throws IOException {
        InitializeParams params = new InitializeParams();
        // The outline wants symbols as a tree (blocks with their parameters), not a flat list.
        TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
        DocumentSymbolCapabilities symbols = new DocumentSymbolCapabilities();
        symbols.setHierarchicalDocumentSymbolSupport(true);
        text.setDocumentSymbol(symbols);
        ClientCapabilities capabilities = new ClientCapabilities();
        capabilities.setTextDocument(text);
        params.setCapabilities(capabilities);
        List<WorkspaceFolder> initial = new ArrayList<>();
        for (IProject project : ResourcesPlugin.getWorkspace().getRoot().getProjects()) {
            WorkspaceFolder folder = folderOf(project);
            if (folder != null) {
                initial.add(folder);
                folders.add(project);
            }
        }
        // Xtext reads the root only when no folder is given; without one its single-root set-up fails.
        params.setRootUri(uri(ResourcesPlugin.getWorkspace().getRoot().getLocation()));
        params.setWorkspaceFolders(initial);
        await(server.initialize(params));
        server.initialized(new InitializedParams());
    }

    private static WorkspaceFolder folderOf(IProject project) {
        if (!project.isOpen() || project.getLocation() == null) return null;
        return new WorkspaceFolder(uri(project.getLocation()), project.getName());
    }

    static String uri(IPath location) {
        return location.toPath().toAbsolutePath().normalize().toUri().toString();
    }

    /** The document's text sent to the server: opened on first sight, else its changes. */
    synchronized void sync(IDocument document, IFile file) {
        String text = document.get();
        OpenSpec known = open.get(document);
        if (known == null) {
            addFolder(file.getProject());
            String uri = uri(file.getLocation());
            open.put(document, new OpenSpec(uri, 1, text));
            server.getTextDocumentService()
                    .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "vmodel", 1, text)));
        } else if (!known.text().equals(text)) {
            int version = known.version() + 1;
            open.put(document, new OpenSpec(known.uri(), version, text));
            server.getTextDocumentService()
                    .didChange(new DidChangeTextDocumentParams(
                            new VersionedTextDocumentIdentifier(known.uri(), version),
                            List.of(new TextDocumentContentChangeEvent(text))));
        }
    }

    private void addFolder(IProject project) {
        if (folders.contains(project)) return;
        WorkspaceFolder folder = folderOf(project);
        if (folder == null) return;
        folders.add(project);
        server.getWorkspaceService()
                .didChangeWorkspaceFolders(new DidChangeWorkspaceFoldersParams(
                        new WorkspaceFoldersChangeEvent(List.of(folder), List.of())));
    }

    synchronized void close(IDocument document) {
        OpenSpec known = open.remove(document);
        if (known != null)
            server.getTextDocumentService()
                    .didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(known.uri())));
    }

    /** The text the server last received for {@code uri}, or null when it is not open. */
    String textOf(String uri) {
        for (OpenSpec spec : open.values()) if (spec.uri().equals(uri)) return spec.text();
        return null;
    }

    /** The server's hover at {@code offset}, or null. */
    Hover hover(IDocument document, IFile file, int offset) throws Exception {
        Position position = positionOf(document, file, offset);
        return await(server.getTextDocumentService()
                .hover(new HoverParams(new TextDocumentIdentifier(uri(file.getLocation())), position)));
    }

    /** The server's completion items at {@code offset}. */
    List<CompletionItem> completion(IDocument document, IFile file, int offset) throws Exception {
        Position position = positionOf(document, file, offset);
        var result = await(server.getTextDocumentService()
                .completion(new CompletionParams(new TextDocumentIdentifier(uri(file.getLocation())), position)));
        if (result == null) return List.of();
        return result.isLeft() ? result.getLeft() : result.getRight().getItems();
    }

    /** Where the name at {@code offset} is defined (a block, in this file or an imported one). */
    List<Location> definitions(IDocument document, IFile file, int offset) throws Exception {
        Position position = positionOf(document, file, offset);
        var result = await(server.getTextDocumentService()
                .definition(new DefinitionParams(new TextDocumentIdentifier(uri(file.getLocation())), position)));
        if (result == null) return List.of();
        if (result.isLeft()) return List.copyOf(result.getLeft());
        List<Location> locations = new ArrayList<>();
        for (var link : result.getRight())
            locations.add(new Location(link.getTargetUri(), link.getTargetSelectionRange()));
        return locations;
    }

    /** The document's symbols (models, blocks and what they name) as the server's tree. */
    List<DocumentSymbol> symbols(IDocument document, IFile file) throws Exception {
        sync(document, file);
        var result = await(server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri(file.getLocation())))));
        List<DocumentSymbol> symbols = new ArrayList<>();
        if (result != null) for (var each : result) if (each.isRight()) symbols.add(each.getRight());
        return symbols;
    }

    /** Brings the server's copy up to date, then turns the offset into an LSP position. */
    private Position positionOf(IDocument document, IFile file, int offset) throws BadLocationException {
        sync(document, file);
        int line = document.getLineOfOffset(offset);
        return new Position(line, offset - document.getLineOffset(line));
    }

    private static <T> T await(CompletableFuture<T> request) throws IOException {
        try {
            return request.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the vmodel language server", e);
        } catch (Exception e) {
            throw new IOException("the vmodel language server did not answer: " + e, e);
        }
    }
}
