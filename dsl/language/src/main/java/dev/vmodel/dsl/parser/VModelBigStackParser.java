package dev.vmodel.dsl.parser;

import dev.vmodel.dsl.load.BigStack;
import dev.vmodel.dsl.lower.AstLowering;
import dev.vmodel.dsl.parser.antlr.VModelParser;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.eclipse.xtext.nodemodel.impl.NodeModelBuilder;
import org.eclipse.xtext.parser.IParseResult;

/**
 * The generated parser, run on a thread with a large stack: it recurses once per nesting level
 * ({@code ((((x))))}, nested {@code residual} bodies), and editors parse on ordinary threads.
 */
public class VModelBigStackParser extends VModelParser {
    @Override
    protected IParseResult doParse(
            String ruleName, CharStream in, NodeModelBuilder nodeModelBuilder, int initialLookAhead) {
        CharStream input = withoutUnclosedTail(in);
        return BigStack.get("vmodel-parser", () -> super.doParse(ruleName, input, nodeModelBuilder, initialLookAhead));
    }

    /**
     * Text that leaves more than {@link AstLowering#MAX_NESTING} brackets open at its end is
     * rejected anyway (a syntax error at the end, and the lowering's nesting error at the first
     * bracket too deep), but the parser's recovery from it is quadratic: everything after that
     * bracket is parsed as blanks of the same length, so offsets stay those of the document.
     * Deep but balanced text parses in linear time and is left as it is.
     */
    private static CharStream withoutUnclosedTail(CharStream in) {
        if (in.size() == 0) return in;
        String text = in.substring(0, in.size() - 1);
        BracketDepth depth = BracketDepth.scan(text, AstLowering.MAX_NESTING);
        if (depth.firstTooDeep() < 0 || depth.openAtEnd() <= AstLowering.MAX_NESTING) return in;
        char[] blanked = text.toCharArray();
        for (int i = depth.firstTooDeep() + 1; i < blanked.length; i++) {
            if (blanked[i] != '\n' && blanked[i] != '\r') blanked[i] = ' ';
        }
        return new ANTLRStringStream(blanked, blanked.length);
    }
}
