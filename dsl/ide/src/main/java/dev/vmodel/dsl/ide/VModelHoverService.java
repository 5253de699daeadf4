package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.Call;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.semantic.model.Cost;
import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.xtext.documentation.IEObjectDocumentationProvider;
import org.eclipse.xtext.ide.server.hover.HoverContext;
import org.eclipse.xtext.ide.server.hover.HoverService;

/**
 * Hover text for a layer: the primitive's signature and description, or the called block's
 * signature and doc comment, then what the semantic model infers for it (output shape,
 * parameters, MACs, in the first variant of the model that uses it). For a block or model
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
            LayerFacts.at(context.getResource(), context.getOffset()).ifPresent(f -> parts.add(facts(f)));
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

    private static String facts(LayerFacts.Fact f) {
        Cost cost = f.node().cost();
        String in = f.node().inputs().stream().map(Object::toString).collect(Collectors.joining(" "));
        String out = f.node().outputs().stream().map(Object::toString).collect(Collectors.joining(" "));
        String where = f.instance().model()
                + (f.instance().variant() == null ? "" : " " + f.instance().variant());
        return "In " + where + ": " + in + " → **" + out + "**  \nparams " + String.format("%,d", cost.params())
                + ", MACs " + String.format("%,d", cost.macs())
                + (cost.attentionMacs() == 0 ? "" : " + attention " + String.format("%,d", cost.attentionMacs()));
    }

    private static String code(String text) {
        return "```vmodel\n" + text + "\n```";
    }
}
