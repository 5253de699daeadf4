package dev.vmodel.dsl.ide;

import org.eclipse.xtext.ide.server.ServerModule;
import org.eclipse.xtext.ide.server.WorkspaceManager;

/**
 * Xtext's language server wiring, with a workspace that also serves files opened without a folder
 * ({@link FolderlessWorkspaceManager}) and re-checks the importers of a changed file
 * ({@link ImportersRechecked}). {@link VModelLanguageServer} and the tests build the server
 * from this module.
 */
public class VModelServerModule extends ServerModule {
    @Override
    protected void configure() {
        super.configure();
        bind(WorkspaceManager.class).to(ImportersRechecked.class);
    }
}
