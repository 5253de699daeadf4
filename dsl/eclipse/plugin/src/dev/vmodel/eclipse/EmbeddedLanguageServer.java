package dev.vmodel.eclipse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The vmodel language server (dsl/ide's {@code vmodel-language-server.jar}, shipped inside this
 * bundle) running in the workbench's JVM, reached over two in-memory pipes with the Language
 * Server Protocol: the same server, with the same diagnostics, hover and completion, that VS
 * Code starts as a process.
 *
 * <p>Why a class loader of its own rather than the jar on the Bundle-ClassPath: the jar carries
 * its own Xtext, EMF, Guice, lsp4j and even Equinox classes ({@code org.eclipse.core.runtime},
 * {@code org.eclipse.osgi}). On the Bundle-ClassPath they would be shadowed by the workbench's
 * bundles of the same packages, and EMF would then believe it runs as an Eclipse plugin. Here the
 * server's loader sees the JDK and the jar only, so the server behaves exactly as it does from
 * the command line; the plugin talks to it with its own lsp4j (an OSGi bundle), through JSON-RPC.
 */
final class EmbeddedLanguageServer implements AutoCloseable {
    private final URLClassLoader serverLoader;
    private final Pipe toServer;
    private final Pipe toClient;
    private final LanguageServer server;

    private EmbeddedLanguageServer(URLClassLoader serverLoader, Pipe toServer, Pipe toClient, LanguageServer server) {
        this.serverLoader = serverLoader;
        this.toServer = toServer;
        this.toClient = toClient;
        this.server = server;
    }

    /** Starts the server of {@code jar} and connects {@code client} to it. */
    static EmbeddedLanguageServer start(Path jar, LanguageClient client) throws IOException {
        URLClassLoader loader = new URLClassLoader(
                "vmodel-language-server", new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Pipe toServer = Pipe.open();
        Pipe toClient = Pipe.open();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Xtext finds the language through ServiceLoader (the context class loader); the
        // server's threads, started here, inherit it.
        thread.setContextClassLoader(loader);
        try {
            listen(loader, Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
        } catch (ReflectiveOperationException e) {
            loader.close();
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new IOException("the embedded vmodel language server did not start: " + cause, cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
        Launcher<LanguageServer> clientSide = LSPLauncher.createClientLauncher(
                client, Channels.newInputStream(toClient.source()), Channels.newOutputStream(toServer.sink()));
        clientSide.startListening();
        return new EmbeddedLanguageServer(loader, toServer, toClient, clientSide.getRemoteProxy());
    }

    /**
     * What {@code VModelLanguageServer.main} does, on the given streams instead of stdio, written
     * with reflection because these classes live in the server's loader: the injector of Xtext's
     * {@code ServerModule}, its {@code LanguageServerImpl} behind an lsp4j server launcher.
     */
    private static void listen(ClassLoader loader, InputStream in, OutputStream out)
            throws ReflectiveOperationException {
        Class<?> moduleType = loader.loadClass("com.google.inject.Module");
        Object modules = Array.newInstance(moduleType, 1);
        Array.set(
                modules,
                0,
                loader.loadClass("org.eclipse.xtext.ide.server.ServerModule")
                        .getConstructor()
                        .newInstance());
        Object injector = loader.loadClass("com.google.inject.Guice")
                .getMethod("createInjector", modules.getClass())
                .invoke(null, modules);
        Class<?> implType = loader.loadClass("org.eclipse.xtext.ide.server.LanguageServerImpl");
        Object impl = loader.loadClass("com.google.inject.Injector")
                .getMethod("getInstance", Class.class)
                .invoke(injector, implType);
        Class<?> serverType = loader.loadClass("org.eclipse.lsp4j.services.LanguageServer");
        Object launcher = loader.loadClass("org.eclipse.lsp4j.launch.LSPLauncher")
                .getMethod("createServerLauncher", serverType, InputStream.class, OutputStream.class)
                .invoke(null, impl, in, out);
        Class<?> launcherType = loader.loadClass("org.eclipse.lsp4j.jsonrpc.Launcher");
        Object remoteClient = launcherType.getMethod("getRemoteProxy").invoke(launcher);
        implType.getMethod("connect", loader.loadClass("org.eclipse.lsp4j.services.LanguageClient"))
                .invoke(impl, remoteClient);
        launcherType.getMethod("startListening").invoke(launcher);
    }

    LanguageServer server() {
        return server;
    }

    /** Ends both ends of the conversation (after {@code shutdown}; never {@code exit}, which ends the JVM). */
    @Override
    public void close() throws IOException {
        try {
            toServer.sink().close();
            toClient.sink().close();
        } finally {
            serverLoader.close();
        }
    }
}
