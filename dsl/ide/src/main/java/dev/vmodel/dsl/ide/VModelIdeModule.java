package dev.vmodel.dsl.ide;

import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.validation.IResourceValidator;

/**
 * The language's IDE services beyond Xtext's defaults (which the generated base class binds):
 * errors of imported files and empty files shown as validate shows them,
 * completion of layer names, hover with inferred shapes and costs, go-to-definition and
 * references of blocks and parameters across imports, and the document outline, all reached from
 * the language server.
 */
public class VModelIdeModule extends AbstractVModelIdeModule {

    public Class<? extends IdeContentProposalProvider> bindIdeContentProposalProvider() {
        return VModelContentProposalProvider.class;
    }

    public Class<? extends IHoverService> bindIHoverService() {
        return VModelHoverService.class;
    }

    public Class<? extends IResourceValidator> bindIResourceValidator() {
        return EditorResourceValidator.class;
    }

    public Class<? extends DocumentSymbolService> bindDocumentSymbolService() {
        return VModelDefinitions.class;
    }

    public Class<? extends HierarchicalDocumentSymbolService> bindHierarchicalDocumentSymbolService() {
        return VModelOutline.class;
    }
}
