package dev.vmodel.dsl.ide;

import org.eclipse.xtext.ide.server.ServerLauncher;

/**
 * The entry point of {@code vmodel-language-server.jar}: a Language Server Protocol server for
 * {@code .vmodel} files over stdin/stdout. Xtext's {@link ServerLauncher} does the work; the
 * language is found through {@code META-INF/services/org.eclipse.xtext.ISetup} ({@link
 * VModelIdeSetup}). Standard output carries the protocol only: anything else the JVM prints is
 * silenced, or logged to a file with {@code -log} ({@code -trace} also logs the messages).
 */
public final class VModelLanguageServer {
    private VModelLanguageServer() {}

    public static void main(String[] args) {
        ServerLauncher.launch(VModelLanguageServer.class.getName(), args, new VModelServerModule());
    }
}
