package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.vModel.Call;
import java.util.List;
import org.eclipse.lsp4j.Location;
import org.eclipse.xtext.findReferences.IReferenceFinder;
import org.eclipse.xtext.ide.server.DocumentExtensions;
import org.eclipse.xtext.ide.server.symbol.DocumentSymbolService;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * Go-to-definition from a call of a block to the block's declaration, in this file or in a file
 * it imports. A call names its block by a plain identifier (the grammar has no cross-reference
 * for it: a name may also be a built-in primitive), so Xtext's own lookup finds nothing there.
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
}
