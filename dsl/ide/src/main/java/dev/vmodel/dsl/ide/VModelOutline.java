package dev.vmodel.dsl.ide;

import com.google.inject.Inject;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.BlockParam;
import dev.vmodel.dsl.vModel.Classes;
import dev.vmodel.dsl.vModel.Import;
import dev.vmodel.dsl.vModel.Input;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.ModelMember;
import dev.vmodel.dsl.vModel.Param;
import dev.vmodel.dsl.vModel.Setting;
import dev.vmodel.dsl.vModel.SpecFile;
import dev.vmodel.dsl.vModel.Train;
import dev.vmodel.dsl.vModel.Variant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.DocumentExtensions;
import org.eclipse.xtext.ide.server.symbol.HierarchicalDocumentSymbolService;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The document outline: imports; each model with its parameters, input, class count, variants and
 * train section (its settings inside); each block with its parameters. Each symbol spans its whole
 * declaration and selects its name. Xtext's default outline lists only what its qualified-name
 * provider exports, which in this language is models and blocks without their members. Flat
 * outlines (clients without hierarchy) get the same symbols, flattened by Xtext.
 */
public class VModelOutline extends HierarchicalDocumentSymbolService {

    @Inject
    private DocumentExtensions documents;

    @Override
    public List<DocumentSymbol> getSymbols(
            Document document, XtextResource resource, DocumentSymbolParams params, CancelIndicator cancelIndicator) {
        return getSymbols(resource, cancelIndicator);
    }

    @Override
    public List<DocumentSymbol> getSymbols(XtextResource resource, CancelIndicator cancelIndicator) {
        List<DocumentSymbol> symbols = new ArrayList<>();
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof SpecFile spec))
            return symbols;
        for (Import imp : spec.getImports()) {
            add(symbols, imp, imp.getImportURI(), "import", SymbolKind.Module, null, List.of());
        }
        // Models and blocks in the order they are written.
        for (EObject top : spec.eContents()) {
            if (top instanceof Model model) symbols.add(model(model));
            else if (top instanceof BlockDef block) symbols.add(block(block));
        }
        symbols.removeIf(s -> s == null);
        return symbols;
    }

    private DocumentSymbol model(Model model) {
        List<DocumentSymbol> members = new ArrayList<>();
        for (ModelMember member : model.getMembers()) {
            if (member instanceof Param p) {
                add(
                        members,
                        p,
                        p.getName(),
                        valueText(p.getDefault()),
                        SymbolKind.Variable,
                        feature(p, "name"),
                        List.of());
            } else if (member instanceof Input input) {
                add(
                        members,
                        input,
                        "input",
                        text(input).replaceFirst("^input\\s*", ""),
                        SymbolKind.Field,
                        null,
                        List.of());
            } else if (member instanceof Classes classes) {
                add(members, classes, "classes", text(classes.getCount()), SymbolKind.Field, null, List.of());
            } else if (member instanceof Variant v) {
                String bindings = text(v).replaceFirst("^variant\\s+\\S+?\\s*(?=\\()", "");
                add(members, v, v.getName(), bindings, SymbolKind.EnumMember, feature(v, "name"), List.of());
            } else if (member instanceof Train train) {
                List<DocumentSymbol> settings = new ArrayList<>();
                for (Setting s : train.getSettings()) {
                    add(
                            settings,
                            s,
                            s.getName(),
                            text(s.getValue()),
                            SymbolKind.Property,
                            feature(s, "name"),
                            List.of());
                }
                add(members, train, "train", null, SymbolKind.Namespace, null, settings);
            }
        }
        return symbol(model, model.getName(), "model", SymbolKind.Class, feature(model, "name"), members);
    }

    private DocumentSymbol block(BlockDef block) {
        List<DocumentSymbol> params = new ArrayList<>();
        for (BlockParam p : block.getParams()) {
            add(params, p, p.getName(), valueText(p.getDefault()), SymbolKind.Variable, feature(p, "name"), List.of());
        }
        String signature = VModelContentProposalProvider.signature(block);
        return symbol(block, block.getName(), signature, SymbolKind.Function, feature(block, "name"), params);
    }

    private void add(
            List<DocumentSymbol> into,
            EObject element,
            String name,
            String detail,
            SymbolKind kind,
            EStructuralFeature nameFeature,
            List<DocumentSymbol> children) {
        DocumentSymbol symbol = symbol(element, name, detail, kind, nameFeature, children);
        if (symbol != null) into.add(symbol);
    }

    /** A symbol over the element's text, selecting its name (or its first token); none while unnamed. */
    private DocumentSymbol symbol(
            EObject element,
            String name,
            String detail,
            SymbolKind kind,
            EStructuralFeature nameFeature,
            List<DocumentSymbol> children) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null || name == null || name.isBlank()) return null;
        Range range = documents.newRange(element.eResource(), node.getOffset(), node.getEndOffset());
        INode selected = nameFeature == null
                ? null
                : NodeModelUtils.findNodesForFeature(element, nameFeature).stream()
                        .findFirst()
                        .orElse(null);
        Range selection = selected == null
                ? documents.newRange(element.eResource(), node.getOffset(), firstTokenEnd(node))
                : documents.newRange(element.eResource(), selected.getOffset(), selected.getEndOffset());
        DocumentSymbol symbol = new DocumentSymbol(name, kind, range, selection, detail);
        symbol.setChildren(new ArrayList<>(children));
        return symbol;
    }

    private static int firstTokenEnd(ICompositeNode node) {
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden()) return leaf.getEndOffset();
        }
        return node.getEndOffset();
    }

    private static EStructuralFeature feature(EObject element, String name) {
        return element.eClass().getEStructuralFeature(name);
    }

    private static String valueText(EObject value) {
        return value == null ? null : "= " + text(value);
    }

    /** The element's source text on one line, comments left out. */
    private static String text(EObject element) {
        if (element == null) return null;
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        return node == null ? null : NodeModelUtils.getTokenText(node);
    }
}
