package dev.vmodel.dsl.parser;

import dev.vmodel.semantic.IssueCodes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.xtext.nodemodel.SyntaxErrorMessage;
import org.eclipse.xtext.parser.antlr.SyntaxErrorMessageProvider;

/**
 * Turns ANTLR's messages ({@code mismatched input 'x' expecting RULE_ID}) into readable ones
 * ({@code unexpected 'x', expected a name}), with the issue code {@link IssueCodes#SYNTAX}.
 */
public class VModelSyntaxErrorMessageProvider extends SyntaxErrorMessageProvider {

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IParserErrorContext context) {
        return new SyntaxErrorMessage(clean(context.getDefaultMessage()), IssueCodes.SYNTAX);
    }

    @Override
    public SyntaxErrorMessage getSyntaxErrorMessage(IValueConverterErrorContext context) {
        SyntaxErrorMessage m = super.getSyntaxErrorMessage(context);
        return new SyntaxErrorMessage(clean(m.getMessage()), IssueCodes.SYNTAX, m.getIssueData());
    }

    private static final Pattern MISMATCHED = Pattern.compile("(?s)mismatched input (.*) expecting (.*)");
    private static final Pattern EXTRANEOUS = Pattern.compile("(?s)extraneous input (.*) expecting (.*)");
    private static final Pattern MISSING = Pattern.compile("(?s)missing (.*) at (.*)");
    private static final Pattern NO_VIABLE = Pattern.compile("(?s)no viable alternative at (?:input|character) (.*)");
    private static final Pattern LOOP =
            Pattern.compile("(?s)required \\(\\.\\.\\.\\)\\+ loop did not match anything at (?:input|character) (.*)");
    private static final Pattern MISMATCHED_CHAR = Pattern.compile("(?s)mismatched character (.*) expecting (.*)");

    /** A one-line, readable form of a parser or lexer message. Never null. */
    public static String clean(String message) {
        if (message == null || message.isBlank()) return "syntax error";
        Matcher m;
        String result;
        if ((m = MISMATCHED_CHAR.matcher(message)).matches()) {
            result = m.group(1).contains("<EOF>")
                    ? "unexpected end of file, expected " + token(m.group(2))
                    : "unexpected character " + token(m.group(1)) + ", expected " + token(m.group(2));
            boolean atEnd = m.group(1).contains("<EOF>");
            if (m.group(2).equals("'\"'")) result = "unterminated string";
            else if (atEnd
                    && (m.group(2).equals("'*'")
                            || m.group(2).equals("'/'")
                            || m.group(2).equals("'*/'"))) result = "unterminated comment";
        } else if ((m = MISMATCHED.matcher(message)).matches() || (m = EXTRANEOUS.matcher(message)).matches()) {
            result = "unexpected " + token(m.group(1)) + ", expected " + token(m.group(2));
        } else if ((m = MISSING.matcher(message)).matches()) {
            result = m.group(1).equals("EOF")
                    ? "unexpected " + token(m.group(2)) + ", expected the end of the file"
                    : "missing " + token(m.group(1)) + " before " + token(m.group(2));
        } else if ((m = NO_VIABLE.matcher(message)).matches() || (m = LOOP.matcher(message)).matches()) {
            result = "unexpected " + token(m.group(1));
        } else {
            result = message;
        }
        return oneLine(result);
    }

    private static String token(String t) {
        t = t.trim();
        if (t.equals("'<EOF>'") || t.equals("<EOF>") || t.equals("EOF")) return "end of file";
        t = t.replace("RULE_ID", "a name")
                .replace("RULE_NUMBER", "a number")
                .replace("RULE_STRING", "a string")
                .replace("RULE_ANY_OTHER", "a character")
                .replace("'<EOF>'", "end of file")
                .replace("EOF", "end of file");
        return t;
    }

    private static String oneLine(String s) {
        s = s.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
        s = s.length() > 200 ? s.substring(0, 197) + "..." : s;
        return dev.vmodel.semantic.Messages.safe(s); // the editor shows this message without a Diagnostic
    }
}
