package dev.vmodel.dsl.ide;

import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * A spec file as the language server holds it. The grammar has no cross-references, so Xtext's
 * work for them is skipped on each edit: there is never a lazy reference to resolve (Xtext walks
 * every element to look for one, in the build, the index and the validation); and when the edited
 * file's previous version is unloaded, its elements are not turned into proxies (which computes a
 * URI fragment for each of thousands of elements): proxies serve references from other elements,
 * and no element refers to another. {@link NoLinking} skips the linking walk on load.
 */
public class NoCrossReferencesResource extends LazyLinkingResource {
    @Override
    public void resolveLazyCrossReferences(CancelIndicator monitor) {}

    @Override
    protected void unloaded(InternalEObject element) {
        element.eAdapters().clear();
    }
}
