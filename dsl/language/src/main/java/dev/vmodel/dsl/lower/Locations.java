package dev.vmodel.dsl.lower;

import dev.vmodel.semantic.SourceLocation;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.LineAndColumn;

/**
 * Source locations from the Xtext node model: 1-based line and column, 0-based offset, length in
 * characters, leading comments and whitespace excluded. Null-safe: an element without a node (a
 * partial AST after a syntax error) gets the location of its nearest ancestor that has one, else
 * {@code file:1:1}.
 */
public final class Locations {
    private Locations() {}

    /** The whole element. */
    public static SourceLocation ofElement(String file, EObject element) {
        for (EObject e = element; e != null; e = e.eContainer()) {
            INode node = NodeModelUtils.findActualNodeFor(e);
            if (node != null) return ofNode(file, node);
        }
        return SourceLocation.unknown(file);
    }

    /** The text of one feature of the element (a name), else the whole element. */
    public static SourceLocation ofFeature(String file, EObject element, EStructuralFeature feature) {
        if (element != null) {
            List<INode> nodes = NodeModelUtils.findNodesForFeature(element, feature);
            if (!nodes.isEmpty()) return ofNode(file, nodes.get(0));
        }
        return ofElement(file, element);
    }

    public static SourceLocation ofNode(String file, INode node) {
        if (node == null) return SourceLocation.unknown(file);
        return ofOffset(file, node, node.getOffset(), node.getLength());
    }

    /** A text range of the document {@code anyNode} belongs to. */
    public static SourceLocation ofOffset(String file, INode anyNode, int offset, int length) {
        if (anyNode == null) return SourceLocation.unknown(file);
        ICompositeNode root = anyNode.getRootNode();
        int max = root == null ? offset : root.getTotalEndOffset();
        int off = Math.max(0, Math.min(offset, max));
        LineAndColumn lc = NodeModelUtils.getLineAndColumn(anyNode, off);
        return new SourceLocation(
                file, Math.max(1, lc.getLine()), Math.max(1, lc.getColumn()), off, Math.max(0, length));
    }
}
