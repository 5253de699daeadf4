package dev.vmodel.dsl.formatting2;

import com.google.inject.Inject;
import dev.vmodel.dsl.services.VModelGrammarAccess;
import dev.vmodel.dsl.vModel.Binary;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.Comparison;
import dev.vmodel.dsl.vModel.Import;
import dev.vmodel.dsl.vModel.Merge;
import dev.vmodel.dsl.vModel.Mix;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.Repeat;
import dev.vmodel.dsl.vModel.Residual;
import dev.vmodel.dsl.vModel.SpecFile;
import dev.vmodel.dsl.vModel.Train;
import dev.vmodel.dsl.vModel.VModelPackage;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.formatting2.AbstractFormatter2;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatter;
import org.eclipse.xtext.formatting2.IHiddenRegionFormatting;
import org.eclipse.xtext.formatting2.ITextReplacer;
import org.eclipse.xtext.formatting2.regionaccess.IEObjectRegion;
import org.eclipse.xtext.formatting2.regionaccess.IHiddenRegion;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Formats a spec in the zoo's style: each model, block, member and statement on its own line, the
 * bodies of {@code { }} indented one level (a {@code residual}, {@code mix} or {@code repeat} body
 * written on one line stays on one line, as {@code residual { layerNorm -> gelu }}); at most one
 * blank line kept between members, exactly one between models and blocks; one space around
 * {@code ->}, {@code =}, binary and merge operators, after a comma and before {@code {}; none
 * inside parentheses, before a comma, or before the {@code (} of a call or signature.
 *
 * <p>What a writer laid out by hand is kept where no rule decides it: a chain may continue on the
 * next line with {@code ->} at the statement's indentation, arguments may continue after a comma
 * on a line of their own (that line is left as written, so aligned continuations stay aligned),
 * and comments stay where they are, blank lines around them included. Idempotent.
 */
public class VModelFormatter extends AbstractFormatter2 {

    @Inject
    private VModelGrammarAccess grammar;

    @Override
    public void format(Object object, IFormattableDocument document) {
        if (object instanceof XtextResource resource) {
            // Text that does not parse is left alone: its layout would be guessed, not formatted.
            if (getTextRegionAccess().hasSyntaxError()) return;
            if (!resource.getContents().isEmpty()) format(resource.getContents().get(0), document);
        } else if (object instanceof EObject element) {
            formatElement(element, document);
        }
    }

    private void formatElement(EObject element, IFormattableDocument document) {
        if (element instanceof SpecFile spec) {
            formatSpec(spec, document);
            return;
        }
        formatTokens(element, document);
        List<? extends EObject> body = bodyOf(element);
        for (EObject child : element.eContents()) {
            if (!body.contains(child)) formatElement(child, document);
        }
        if (element instanceof Model || element instanceof BlockDef || element instanceof Train) {
            formatBody(element, body, true, document);
        } else if (element instanceof Repeat || element instanceof Residual || element instanceof Mix) {
            formatBody(element, body, false, document);
        }
    }

    /** Imports one a line, then models and blocks with one blank line between them. */
    private void formatSpec(SpecFile spec, IFormattableDocument document) {
        EObject previous = null;
        for (EObject top : spec.eContents()) {
            if (previous != null) {
                boolean bothImports = previous instanceof Import && top instanceof Import;
                document.prepend(top, it -> {
                    if (bothImports) it.setNewLines(1, 1, 2);
                    else it.setNewLines(2, 2, 2);
                });
            }
            formatElement(top, document);
            previous = top;
        }
        document.append(spec, it -> it.setNewLines(1));
    }

    /**
     * The statements or members between the element's braces: on lines of their own, indented;
     * or, for a nested body written on one line ({@code multiline} false and no line break
     * inside), kept on that line with a space inside each brace.
     */
    private void formatBody(
            EObject element, List<? extends EObject> body, boolean multiline, IFormattableDocument document) {
        IEObjectRegion region = getTextRegionAccess().regionForEObject(element);
        ISemanticRegion open = region.getRegionFor().keyword("{");
        ISemanticRegion close = region.getRegionFor().keyword("}");
        if (open == null || close == null) return;
        document.prepend(open, IHiddenRegionFormatter::oneSpace);
        boolean oneLine = !multiline
                && !body.isEmpty()
                && !getTextRegionAccess()
                        .textForOffset(open.getEndOffset(), close.getOffset() - open.getEndOffset())
                        .contains("\n");
        if (oneLine) {
            for (EObject statement : body) {
                document.prepend(statement, IHiddenRegionFormatter::oneSpace);
                formatElement(statement, document);
            }
            document.prepend(close, IHiddenRegionFormatter::oneSpace);
            return;
        }
        document.interior(open, close, IHiddenRegionFormatter::indent);
        for (EObject statement : body) {
            document.prepend(statement, it -> it.setNewLines(1, 1, 2));
            formatElement(statement, document);
        }
        document.prepend(close, IHiddenRegionFormatter::newLine);
    }

    /** Spacing of the element's own tokens (not those of the elements inside it). */
    private void formatTokens(EObject element, IFormattableDocument document) {
        IEObjectRegion region = getTextRegionAccess().regionForEObject(element);
        if (region == null) return;
        for (ISemanticRegion token : region.getSemanticRegions()) {
            if (token.getGrammarElement() instanceof Keyword keyword) {
                formatKeyword(keyword, token, document);
            }
        }
        if (element instanceof Binary) {
            var op = region.getRegionFor().feature(VModelPackage.Literals.BINARY__OP);
            if (op != null) document.surround(op, IHiddenRegionFormatter::oneSpace);
        } else if (element instanceof Merge) {
            var op = region.getRegionFor().feature(VModelPackage.Literals.MERGE__OP);
            if (op != null) document.surround(op, IHiddenRegionFormatter::oneSpace);
        } else if (element instanceof Comparison) {
            var op = region.getRegionFor().feature(VModelPackage.Literals.COMPARISON__OP);
            if (op != null) document.surround(op, IHiddenRegionFormatter::oneSpace);
        }
    }

    private void formatKeyword(Keyword keyword, ISemanticRegion token, IFormattableDocument document) {
        switch (keyword.getValue()) {
            case "(" -> {
                // A grouping parenthesis in an expression keeps the space an operator gives it.
                if (keyword != grammar.getPrimaryAccess().getLeftParenthesisKeyword_4_0())
                    document.prepend(token, IHiddenRegionFormatter::noSpace);
                document.append(token, IHiddenRegionFormatter::noSpace);
            }
            case ")" -> document.prepend(token, IHiddenRegionFormatter::noSpace);
            // A table's sizes and an index: band[y], const mask[4, 49, 49](n, i, j).
            case "[" -> {
                document.prepend(token, IHiddenRegionFormatter::noSpace);
                document.append(token, IHiddenRegionFormatter::noSpace);
            }
            case "]" -> document.prepend(token, IHiddenRegionFormatter::noSpace);
            case "," -> {
                document.prepend(token, IHiddenRegionFormatter::noSpace);
                // An argument list continued on the next line is left as written.
                IHiddenRegion after = token.getNextHiddenRegion();
                if (after == null || !after.isMultiline()) document.append(token, IHiddenRegionFormatter::oneSpace);
            }
            case "=", "into", "as" -> document.surround(token, IHiddenRegionFormatter::oneSpace);
            case ":" -> {
                document.prepend(token, IHiddenRegionFormatter::noSpace);
                document.append(token, IHiddenRegionFormatter::oneSpace);
            }
            case "->" -> {
                document.prepend(token, it -> {
                    it.setNewLines(0, 0, 1);
                    it.oneSpace();
                });
                document.append(token, IHiddenRegionFormatter::oneSpace);
            }
            case "-" -> {
                // The '-' of a negation; that of a subtraction is the operator, assigned to op.
                if (GrammarUtil.containingAssignment(keyword) == null)
                    document.append(token, IHiddenRegionFormatter::noSpace);
            }
            case "import",
                    "model",
                    "block",
                    "param",
                    "input",
                    "classes",
                    "variant",
                    "split",
                    "repeat",
                    "mix",
                    "const" -> document.append(token, IHiddenRegionFormatter::oneSpace);
            default -> {}
        }
    }

    private static List<? extends EObject> bodyOf(EObject element) {
        if (element instanceof Model m) return m.getMembers();
        if (element instanceof BlockDef b) return b.getBody();
        if (element instanceof Train t) return t.getSettings();
        if (element instanceof Repeat r) return r.getBody();
        if (element instanceof Residual r) return r.getBody();
        if (element instanceof Mix m) return m.getBody();
        return List.of();
    }

    @Override
    public ITextReplacer createHiddenRegionReplacer(IHiddenRegion region, IHiddenRegionFormatting formatting) {
        return new BlankLinesAroundCommentsKept(region, formatting);
    }
}
