package dev.vmodel.dsl.validation;

import dev.vmodel.dsl.load.BigStack;
import dev.vmodel.dsl.load.LoadResult;
import dev.vmodel.dsl.load.ProgramLoader;
import dev.vmodel.dsl.load.ResourceSetSource;
import dev.vmodel.dsl.load.SpecSource;
import dev.vmodel.dsl.vModel.SpecFile;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.infer.Analysis;
import dev.vmodel.semantic.infer.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.validation.Check;

/**
 * The editor's path to the semantic checks: lowers the resource and its imports (through the
 * resource's own resource set, with {@link ProgramLoader}, the code {@code SpecLoader} uses too),
 * runs {@link Analysis} when that found no error (as the command line does) and reports the
 * diagnostics located in this resource, with their issue codes. Syntax errors of this resource
 * are Xtext's own and are not repeated.
 */
public class VModelValidator extends AbstractVModelValidator {

    @Check
    public void checkProgram(SpecFile spec) {
        Resource resource = spec.eResource();
        if (!(resource instanceof XtextResource xtextResource) || spec.eContainer() != null) return;
        ResourceSetSource source = new ResourceSetSource(xtextResource);
        SpecSource.Ref root = source.rootRef();
        List<Diagnostic> diagnostics;
        try {
            diagnostics = BigStack.call("vmodel-validator", () -> {
                LoadResult loaded = ProgramLoader.load(source, root);
                List<Diagnostic> all = new ArrayList<>(loaded.diagnostics());
                // Like the command line: semantic checks only run on a program that loaded cleanly,
                // so that a syntax error does not cascade into checks of a partial AST.
                if (loaded.program() != null
                        && !loaded.hasErrors()
                        && xtextResource.getErrors().isEmpty())
                    all.addAll(Analysis.analyze(loaded.program()).diagnostics());
                return Diagnostics.dedupeAndSort(all);
            });
        } catch (Exception | Error e) {
            getMessageAcceptor()
                    .acceptError(
                            "internal error while checking this file: " + e, spec, 0, 0, ProgramLoader.INTERNAL_ERROR);
            return;
        }
        for (Diagnostic d : diagnostics) {
            if (d.location() == null || !root.file().equals(d.location().file())) continue;
            report(spec, d);
        }
    }

    private void report(SpecFile spec, Diagnostic d) {
        int offset = d.location().offset();
        int length = d.location().length();
        EObject at = elementAt(spec, offset);
        if (d.isError()) getMessageAcceptor().acceptError(d.message(), at, offset, length, d.code());
        else getMessageAcceptor().acceptWarning(d.message(), at, offset, length, d.code());
    }

    /** The innermost element whose text holds {@code offset}, for quick fixes; else the root. */
    private static EObject elementAt(SpecFile spec, int offset) {
        ICompositeNode node = NodeModelUtils.getNode(spec);
        if (node == null) return spec;
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(node.getRootNode(), offset);
        EObject found = leaf == null ? null : NodeModelUtils.findActualSemanticObjectFor(leaf);
        return found != null && found.eResource() == spec.eResource() ? found : spec;
    }
}
