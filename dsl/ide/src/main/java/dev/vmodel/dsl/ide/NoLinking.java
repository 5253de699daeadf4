package dev.vmodel.dsl.ide;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.diagnostics.IDiagnosticConsumer;
import org.eclipse.xtext.linking.ILinker;

/**
 * Linking for a grammar without cross-references: nothing to link. Xtext's linker would walk
 * every element of each edited file after parsing, to clear and install references there are not.
 */
public class NoLinking implements ILinker {
    @Override
    public void linkModel(EObject model, IDiagnosticConsumer diagnosticsConsumer) {}
}
