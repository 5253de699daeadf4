package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.Call;
import dev.vmodel.dsl.vModel.Const;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.ide.server.hover.HoverContext;
import org.eclipse.xtext.ide.server.hover.HoverService;

/**
 * Hover text for a layer: the primitive's signature and description, or the called block's
 * signature and doc comment, then what the semantic model infers for it (shapes, parameters,
 * MACs; per variant where the variants differ, {@link LayerFactsText}). For a block or model
 * declaration: its signature and doc comment. Markdown.
 */
public class VModelHoverService extends HoverService {

    @Inject
    private IEObjectDocumentationProvider documentation;

    @Override
    protected MarkupContent getMarkupContent(HoverContext context) {
        List<String> parts = new ArrayList<>();
        EObject element = context.getElement();
        if (element instanceof Call call && call.getName() != null) {
            Optional<Primitive> primitive = Primitive.byName(call.getName());
            Optional<BlockDef> block = primitive.isPresent()
                    ? Optional.empty()
                    : VisibleBlocks.named(context.getResource(), call.getName());
            primitive.ifPresent(
                    p -> parts.add(code(VModelContentProposalProvider.signature(p)) + "\n\n" + p.description()));
            block.ifPresent(b -> parts.add(declaration(VModelContentProposalProvider.signature(b), b)));
            List<LayerFacts.Fact> facts = LayerFacts.at(context.getResource(), context.getOffset());
            if (!facts.isEmpty()) parts.add(LayerFactsText.of(facts));
        } else if (element instanceof Const) {
            // A constant table: its shape, per variant where they differ.
            List<LayerFacts.Fact> facts = LayerFacts.at(context.getResource(), context.getOffset());
            if (!facts.isEmpty()) parts.add(LayerFactsText.of(facts));
        } else if (element instanceof BlockDef b) {
            parts.add(declaration(VModelContentProposalProvider.signature(b), b));
        } else if (element instanceof Model m) {
            parts.add(declaration("model " + m.getName(), m));
        }
        if (parts.isEmpty()) return super.getMarkupContent(context);
        return new MarkupContent(MarkupKind.MARKDOWN, String.join("\n\n---\n\n", parts));
    }

    private String declaration(String signature, EObject element) {
        String doc = documentation.getDocumentation(element);
        return code(signature) + (doc == null || doc.isBlank() ? "" : "\n\n" + doc.strip());
    }

    private static String code(String text) {
        return "```vmodel\n" + text + "\n```";
    }
}
