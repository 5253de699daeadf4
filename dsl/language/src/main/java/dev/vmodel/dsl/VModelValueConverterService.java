package dev.vmodel.dsl;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.IGrammarAccess;
import org.eclipse.xtext.conversion.IValueConverter;
import org.eclipse.xtext.conversion.ValueConverter;
import org.eclipse.xtext.conversion.ValueConverterException;
import org.eclipse.xtext.conversion.ValueConverterWithValueException;
import org.eclipse.xtext.conversion.impl.AbstractDeclarativeValueConverterService;
import org.eclipse.xtext.conversion.impl.AbstractNullSafeConverter;
import org.eclipse.xtext.conversion.impl.IDValueConverter;
import org.eclipse.xtext.nodemodel.INode;

/**
 * Value converters for the language's own terminals and name rules. The grammar defines its own
 * {@code ID} (with a {@code ^} escape for keywords), {@code NUMBER} (kept as text, so that a literal
 * too large for a long is reported by the evaluator, not lost by the parser) and {@code STRING}.
 */
@Singleton
public class VModelValueConverterService extends AbstractDeclarativeValueConverterService {

    private static final Pattern NUMBER_PATTERN = Pattern.compile("[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @Inject
    private IDValueConverter idValueConverter;

    @Inject
    private IGrammarAccess grammarAccess;

    private volatile Set<String> keywords;

    @ValueConverter(rule = "ID")
    public IValueConverter<String> ID() {
        return idValueConverter;
    }

    @ValueConverter(rule = "NUMBER")
    public IValueConverter<String> NUMBER() {
        return new AbstractNullSafeConverter<>() {
            @Override
            protected String internalToValue(String string, INode node) {
                return string;
            }

            @Override
            protected String internalToString(String value) {
                if (!NUMBER_PATTERN.matcher(value).matches())
                    throw new ValueConverterException("not a number: '" + value + "'", null, null);
                return value;
            }
        };
    }

    @ValueConverter(rule = "STRING")
    public IValueConverter<String> STRING() {
        return new AbstractNullSafeConverter<>() {
            @Override
            protected String internalToValue(String string, INode node) {
                return unquote(string, node);
            }

            @Override
            protected String internalToString(String value) {
                return quote(value);
            }
        };
    }

    /** {@code ValidID}: an ID or the soft keywords {@code tokens} / {@code channels}. */
    @ValueConverter(rule = "ValidID")
    public IValueConverter<String> ValidID() {
        return new NameConverter(Set.of("tokens", "channels"));
    }

    /** {@code RefName}: a ValidID or {@code classes}. */
    @ValueConverter(rule = "RefName")
    public IValueConverter<String> RefName() {
        return new NameConverter(Set.of("tokens", "channels", "classes"));
    }

    private Set<String> keywords() {
        Set<String> k = keywords;
        if (k == null) keywords = k = Set.copyOf(GrammarUtil.getAllKeywords(grammarAccess.getGrammar()));
        return k;
    }

    /** A name: the {@code ^} escape is dropped; keywords that are not names are escaped back. */
    private final class NameConverter extends AbstractNullSafeConverter<String> {
        private final Set<String> softKeywords;

        NameConverter(Set<String> softKeywords) {
            this.softKeywords = softKeywords;
        }

        @Override
        protected String internalToValue(String string, INode node) {
            return string.startsWith("^") ? string.substring(1) : string;
        }

        @Override
        protected String internalToString(String value) {
            return keywords().contains(value) && !softKeywords.contains(value) ? "^" + value : value;
        }
    }

    /** Strips the quotes and resolves escapes ({@code \n \t \r \b \f \" \' \\ \}uXXXX). */
    static String unquote(String literal, INode node) {
        if (literal.length() < 2 || !literal.startsWith("\"") || !literal.endsWith("\""))
            throw new ValueConverterException("unterminated string", node, null);
        String body = literal.substring(1, literal.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        String error = null;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= body.length()) {
                error = "a string cannot end with a lone backslash";
                break;
            }
            char e = body.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '"', '\'', '\\' -> out.append(e);
                case 'u' -> {
                    if (i + 4 < body.length() && body.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                        i += 4;
                    } else {
                        if (error == null) error = "invalid unicode escape in string (\\uXXXX expected)";
                        out.append('u');
                    }
                }
                default -> {
                    if (error == null) error = "invalid escape sequence '\\" + e + "' in string";
                    out.append(e);
                }
            }
        }
        if (error != null) throw new ValueConverterWithValueException(error, node, out.toString(), null);
        return out.toString();
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
