package dev.vmodel.dsl.ide;

import com.google.inject.Binder;
import com.google.inject.name.Names;
import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.server.hover.IHoverService;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.linking.ILinker;
import org.eclipse.xtext.resource.IDefaultResourceDescriptionStrategy;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.CompositeEValidator;
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

    public Class<? extends XtextResource> bindXtextResource() {
        return NoCrossReferencesResource.class;
    }

    public Class<? extends ILinker> bindILinker() {
        return NoLinking.class;
    }

    public Class<? extends IDefaultResourceDescriptionStrategy> bindIDefaultResourceDescriptionStrategy() {
        return ModelsAndBlocksIndexed.class;
    }

    /**
     * No EMF default constraints in validation: they check multiplicities and data values that a
     * parsed spec always satisfies (the grammar's model has no required features), on every element
     * at each edit.
     */
    public void configureUseEObjectValidator(Binder binder) {
        binder.bind(Boolean.class)
                .annotatedWith(Names.named(CompositeEValidator.USE_EOBJECT_VALIDATOR))
                .toInstance(false);
    }

    public Class<? extends IShouldGenerate> bindIShouldGenerate() {
        return NoGenerationInTheEditor.class;
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
