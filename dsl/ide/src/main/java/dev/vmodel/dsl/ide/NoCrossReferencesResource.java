package dev.vmodel.dsl.ide;

import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * A spec file as the language server holds it. The grammar has no cross-references, so there is
 * never a lazy reference to resolve; Xtext would still walk every element of the file to look for
 * one, three times per edit (build, index, validation).
 */
public class NoCrossReferencesResource extends LazyLinkingResource {
    @Override
    public void resolveLazyCrossReferences(CancelIndicator monitor) {}
}
