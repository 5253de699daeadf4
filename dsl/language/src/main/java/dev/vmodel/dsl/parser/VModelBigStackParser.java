package dev.vmodel.dsl.parser;

import dev.vmodel.dsl.load.BigStack;
import dev.vmodel.dsl.parser.antlr.VModelParser;
import org.antlr.runtime.CharStream;
import org.eclipse.xtext.nodemodel.impl.NodeModelBuilder;
import org.eclipse.xtext.parser.IParseResult;

/**
 * The generated parser, run on a thread with a large stack: it recurses once per nesting level
 * ({@code ((((x))))}, nested {@code residual} bodies), and editors parse on ordinary threads.
 */
public class VModelBigStackParser extends VModelParser {
    @Override
    protected IParseResult doParse(String ruleName, CharStream in, NodeModelBuilder nodeModelBuilder,
            int initialLookAhead) {
        return BigStack.get("vmodel-parser",
                () -> super.doParse(ruleName, in, nodeModelBuilder, initialLookAhead));
    }
}
