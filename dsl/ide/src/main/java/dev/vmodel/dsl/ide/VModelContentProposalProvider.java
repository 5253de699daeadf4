package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.services.VModelGrammarAccess;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.BlockParam;
import dev.vmodel.semantic.model.Primitive;
import java.util.stream.Collectors;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/**
 * Completes the name of a layer: every built-in primitive ({@code linear}, {@code layerNorm},
 * ...) with its description, and every block the file can call (its own and imported ones) with
 * its parameters. Keywords come from Xtext as usual.
 */
public class VModelContentProposalProvider extends IdeContentProposalProvider {

    @Inject
    private VModelGrammarAccess grammar;

    @Override
    protected void _createProposals(
            Assignment assignment, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        if (assignment != grammar.getCallAccess().getNameAssignment_1()) {
            super._createProposals(assignment, context, acceptor);
            return;
        }
        for (Primitive p : Primitive.values()) {
            accept(p.dslName(), signature(p), p.description(), ContentAssistEntry.KIND_FUNCTION, context, acceptor);
        }
        for (BlockDef b : VisibleBlocks.of(context.getResource())) {
            accept(b.getName(), signature(b), "block", ContentAssistEntry.KIND_CLASS, context, acceptor);
        }
    }

    private void accept(
            String name,
            String detail,
            String documentation,
            String kind,
            ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        ContentAssistEntry entry = getProposalCreator().createProposal(name, context, e -> {
            e.setKind(kind);
            e.setLabel(name);
            e.setDescription(detail);
            e.setDocumentation(documentation);
        });
        if (entry != null) acceptor.accept(entry, getProposalPriorities().getDefaultPriority(entry));
    }

    /** {@code linear(out, bias)}: the primitive's parameters, required ones first as declared. */
    static String signature(Primitive p) {
        if (p.params().isEmpty()) return p.dslName();
        return p.dslName() + "("
                + p.params().stream().map(Primitive.Param::name).collect(Collectors.joining(", ")) + ")";
    }

    /** {@code block Mlp(dim, hidden)}: a block's parameters as declared. */
    static String signature(BlockDef b) {
        String params = b.getParams().stream().map(BlockParam::getName).collect(Collectors.joining(", "));
        return "block " + b.getName() + (b.getParams().isEmpty() ? "" : "(" + params + ")");
    }
}
