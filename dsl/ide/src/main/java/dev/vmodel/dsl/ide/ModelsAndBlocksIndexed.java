package dev.vmodel.dsl.ide;

import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.Import;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.SpecFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.IReferenceDescription;
import org.eclipse.xtext.resource.impl.DefaultReferenceDescription;
import org.eclipse.xtext.resource.impl.DefaultResourceDescriptionStrategy;
import org.eclipse.xtext.util.IAcceptor;

/**
 * What the language server's index holds of a file: its models and blocks (what workspace symbol
 * search lists), and as its only references its imports, each pointing at the imported file, so
 * that {@link ImportersRechecked} can re-check a file when one it imports changes. The grammar has
 * no cross-references otherwise (blocks and parameters are named by plain identifiers, found by
 * {@link NameUses}). Xtext's default exports every element with a name (each layer call, argument
 * and expression name, hundreds in a 200-line spec) and walks every element for references, on
 * each edit.
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
        if (element instanceof SpecFile) return true;
        if (element instanceof Import imp && imp.getImportURI() != null && element.eResource() != null) {
            URI imported = importedFile(element.eResource().getURI(), imp.getImportURI());
            if (imported != null) {
                acceptor.accept(new DefaultReferenceDescription(
                        EcoreUtil.getURI(imp), imported.appendFragment("/"), null, -1, exportedContainerURI));
            }
        }
        return false;
    }

    /** The file {@code path} names, relative to the importing file, or null if it names none. */
    private static URI importedFile(URI importer, String path) {
        try {
            URI relative = URI.createURI(path);
            return relative.isRelative() ? relative.resolve(importer) : relative;
        } catch (IllegalArgumentException e) {
            return null; // an unusable import path is reported at the import itself
        }
    }
}
