package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.services.VModelGrammarAccess;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.BlockParam;
import dev.vmodel.dsl.vModel.Call;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.Param;
import dev.vmodel.dsl.vModel.Repeat;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.Primitive;
import java.util.stream.Collectors;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;

/**
 * Completes the name of a layer: every built-in primitive ({@code linear}, {@code layerNorm},
 * ...) with its description, and every block the file can call (its own and imported ones) with
 * its parameters; in an expression, the params of the enclosing model or block, the indices of the
 * enclosing {@code repeat}s and the weight initialisers; in a call's argument list, the names of
 * the callee's arguments ({@code eps = }). Keywords come from Xtext as usual.
 */
public class VModelContentProposalProvider extends IdeContentProposalProvider {

    @Inject
    private VModelGrammarAccess grammar;

    @Override
    protected void _createProposals(
            Assignment assignment, ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        if (assignment == grammar.getPrimaryAccess().getNameAssignment_3_1()) {
            proposeNamesInScope(context, acceptor);
            return;
        }
        if (assignment == grammar.getArgAccess().getNameAssignment_0_0()) {
            proposeArgumentNames(context, acceptor);
            return;
        }
        if (assignment != grammar.getCallAccess().getNameAssignment_1()) {
            super._createProposals(assignment, context, acceptor);
            return;
        }
        for (Primitive p : Primitive.values()) {
            accept(p.dslName(), signature(p), p.description(), ContentAssistEntry.KIND_FUNCTION, context, acceptor);
        }
        // The calls that start a chain from values (or from nothing) rather than the current value.
        accept(
                "weight",
                "weight(sizes..., init)",
                "a learned tensor of the given sizes",
                ContentAssistEntry.KIND_FUNCTION,
                context,
                acceptor);
        accept(
                "einsum",
                "einsum(\"pattern\", a, b)",
                "a product of two values over named axes",
                ContentAssistEntry.KIND_FUNCTION,
                context,
                acceptor);
        accept(
                "take",
                "take(table, index)",
                "rows of a table picked by an integer constant table",
                ContentAssistEntry.KIND_FUNCTION,
                context,
                acceptor);
        for (BlockDef b : VisibleBlocks.of(context.getResource())) {
            accept(b.getName(), signature(b), "block", ContentAssistEntry.KIND_CLASS, context, acceptor);
        }
    }

    /** The params and repeat indices an expression here can name, then the initialisers. */
    private void proposeNamesInScope(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        EObject here = context.getCurrentModel();
        for (EObject scope = here; scope != null; scope = scope.eContainer()) {
            if (scope instanceof Repeat r && r.getIndex() != null) {
                accept(
                        r.getIndex(),
                        "repeat index",
                        "the index of the enclosing repeat, from 0",
                        ContentAssistEntry.KIND_VARIABLE,
                        context,
                        acceptor);
            }
        }
        Model model = EcoreUtil2.getContainerOfType(here, Model.class);
        if (model != null) {
            for (var member : model.getMembers()) {
                if (member instanceof Param p)
                    accept(
                            p.getName(),
                            "param " + p.getName(),
                            "a param of model " + model.getName(),
                            ContentAssistEntry.KIND_VARIABLE,
                            context,
                            acceptor);
            }
        }
        BlockDef block = EcoreUtil2.getContainerOfType(here, BlockDef.class);
        if (block != null) {
            for (BlockParam p : block.getParams()) {
                accept(
                        p.getName(),
                        "param " + p.getName(),
                        "a param of block " + block.getName(),
                        ContentAssistEntry.KIND_VARIABLE,
                        context,
                        acceptor);
            }
        }
        Value.Init.KINDS.forEach((init, arity) -> accept(
                init,
                arity == 0 ? init : init + "(" + (arity == 1 ? "x" : "...") + ")",
                "weight initialiser",
                ContentAssistEntry.KIND_VALUE,
                context,
                acceptor));
    }

    /** {@code eps = }: the argument names of the primitive or block being called. */
    private void proposeArgumentNames(ContentAssistContext context, IIdeContentProposalAcceptor acceptor) {
        Call call = EcoreUtil2.getContainerOfType(context.getCurrentModel(), Call.class);
        if (call == null || call.getName() == null) return;
        var primitive = Primitive.byName(call.getName());
        if (primitive.isPresent()) {
            for (Primitive.Param p : primitive.get().params()) {
                accept(
                        p.name() + " = ",
                        signature(primitive.get()),
                        "argument of " + call.getName(),
                        ContentAssistEntry.KIND_PROPERTY,
                        context,
                        acceptor);
            }
            return;
        }
        for (BlockDef b : VisibleBlocks.of(context.getResource())) {
            if (!b.getName().equals(call.getName())) continue;
            for (BlockParam p : b.getParams()) {
                accept(
                        p.getName() + " = ",
                        signature(b),
                        "argument of " + b.getName(),
                        ContentAssistEntry.KIND_PROPERTY,
                        context,
                        acceptor);
            }
            return;
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
