package dev.vmodel.dsl.ide;

import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.SpecFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IReferenceDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionStrategy;
import org.eclipse.xtext.util.IAcceptor;

/**
 * What the language server's index holds of a file: its models and blocks (what workspace symbol
 * search lists), and no references, since the grammar has no cross-references (blocks and
 * parameters are named by plain identifiers, found by {@link NameUses}). Xtext's default exports
 * every element with a name (each layer call, argument and expression name, hundreds in a
 * 200-line spec) and walks every element for references, on each edit.
 */
public class ModelsAndBlocksIndexed extends DefaultResourceDescriptionStrategy {

    @Override
    public boolean createEObjectDescriptions(EObject element, IAcceptor<IEObjectDescription> acceptor) {
        if (element instanceof SpecFile) return true;
        if (element instanceof Model || element instanceof BlockDef) super.createEObjectDescriptions(element, acceptor);
        return false;
    }

    @Override
    public boolean createReferenceDescriptions(
            EObject element, URI exportedContainerURI, IAcceptor<IReferenceDescription> acceptor) {
        return false;
    }
}
