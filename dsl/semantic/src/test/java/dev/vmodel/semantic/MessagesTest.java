package dev.vmodel.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Spec text echoed into messages: one printable line, names cut after 40 characters. */
class MessagesTest {
    @Test
    void controlSeparatorAndInvisibleCharactersAreEscaped() {
        assertEquals("a\\u000Ab\\u0009c", Messages.escape("a\nb\tc"));
        assertEquals("x\\u2028y\\u2029z", Messages.escape("x\u2028y\u2029z"));
        assertEquals("\\u202Eevil\\u200B\\uFEFF", Messages.escape("\u202Eevil\u200B\uFEFF"));
        assertEquals("nbsp\\u00A0", Messages.escape("nbsp\u00A0"));
        assertEquals("lone \\uD800", Messages.escape("lone \uD800"));
    }

    @Test
    void printableTextIsKeptAsItIs() {
        String text = "unknown name 'größe' (€, 日本, 😀) at a/b.vmodel:1:2";
        assertEquals(text, Messages.escape(text));
        assertEquals(text, Messages.safe(text));
    }

    @Test
    void longNamesAreCut() {
        String name = "a".repeat(200);
        assertEquals("unknown '" + "a".repeat(40) + "…'", Messages.safe("unknown '" + name + "'"));
        assertEquals("a".repeat(40), Messages.safe("a".repeat(40)));
    }

    @Test
    void longMessagesAreCut() {
        String s = Messages.safe("ab ".repeat(1000));
        assertEquals(Messages.MAX_MESSAGE + 1, s.length());
        assertTrue(s.endsWith("…"));
    }

    @Test
    void everyDiagnosticAndLocationIsSafe() {
        Diagnostic d = Diagnostic.error("vmodel.x", "bad 'a\nb'", new SourceLocation("dir\n/f.vmodel", 1, 2, 0, 0));
        assertEquals("dir\\u000A/f.vmodel:1:2: error: bad 'a\\u000Ab' [vmodel.x]", d.format());
    }
}
