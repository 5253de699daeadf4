package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.vModel.Call;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.xtext.findReferences.IReferenceFinder;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.DocumentExtensions;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.IResourceDescription;
import org.eclipse.xtext.resource.IResourceDescriptions;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Go-to-definition from a call of a block to the block's declaration, in this file or in a file
 * it imports; and find-references of blocks and parameters ({@link NameUses}), a block's calls
 * searched in every file of the workspace. A call names its block by a plain identifier (the
 * grammar has no cross-reference for it: a name may also be a built-in primitive), so Xtext's own
 * lookup finds nothing there.
 */
public class VModelDefinitions extends DocumentSymbolService {

    @Inject
    private EObjectAtOffsetHelper elementAtOffset;

    @Inject
    private DocumentExtensions documents;

    @Override
    public List<? extends Location> getDefinitions(
            XtextResource resource,
            int offset,
            IReferenceFinder.IResourceAccess resourceAccess,
            CancelIndicator cancelIndicator) {
        if (elementAtOffset.resolveContainedElementAt(resource, offset) instanceof Call call
                && call.getName() != null) {
            var block = VisibleBlocks.named(resource, call.getName());
            if (block.isPresent()) return List.of(documents.newLocation(block.get()));
        }
        return super.getDefinitions(resource, offset, resourceAccess, cancelIndicator);
    }

    @Override
    public List<? extends Location> getReferences(
            Document document,
            XtextResource resource,
            ReferenceParams params,
            IReferenceFinder.IResourceAccess resourceAccess,
            IResourceDescriptions index,
            CancelIndicator cancelIndicator) {
        int offset = document.getOffSet(params.getPosition());
        EObject element = elementAtOffset.resolveContainedElementAt(resource, offset);
        Optional<EObject> declaration = NameUses.declarationAt(resource, element, offset);
        if (declaration.isEmpty()) return List.of();
        EObject target = declaration.get();
        List<Location> found = new ArrayList<>();
        if (params.getContext() != null && params.getContext().isIncludeDeclaration())
            found.add(documents.newLocation(target));
        // Uses in this file as it is being edited, then in every other file of the workspace.
        NameUses.usesIn(resource, target, (use, feature) -> found.add(documents.newLocation(use, feature, -1)));
        Set<URI> others = new LinkedHashSet<>();
        for (IResourceDescription description : index.getAllResourceDescriptions()) {
            if (!description.getURI().equals(resource.getURI())) others.add(description.getURI());
        }
        if (target.eResource() != resource) others.add(target.eResource().getURI());
        for (URI uri : others) {
            if (cancelIndicator.isCanceled()) break;
            resourceAccess.readOnly(uri, resourceSet -> {
                Resource other = resourceSet.getResource(uri, true);
                // The declaration as this resource set holds it (the same file, loaded there).
                EObject same = other == null ? null : resourceSet.getEObject(EcoreUtil.getURI(target), true);
                if (other != null && same != null)
                    NameUses.usesIn(other, same, (use, feature) -> found.add(documents.newLocation(use, feature, -1)));
                return null;
            });
        }
        return found;
    }
}
