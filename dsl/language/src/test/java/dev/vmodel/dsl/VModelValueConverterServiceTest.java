package dev.vmodel.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Injector;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VModelValueConverterServiceTest {
    static IValueConverterService converters;

    @BeforeAll
    static void setUp() {
        Injector injector = new VModelStandaloneSetup().createInjectorAndDoEMFRegistration();
        converters = injector.getInstance(IValueConverterService.class);
    }

    @Test
    void namesDropTheCaretAndEscapeKeywordsBack() {
        assertEquals("model", converters.toValue("^model", "ValidID", null));
        assertEquals("gelu", converters.toValue("gelu", "ValidID", null));
        assertEquals("classes", converters.toValue("^classes", "RefName", null));
        assertEquals("^model", converters.toString("model", "ValidID"));
        assertEquals("tokens", converters.toString("tokens", "ValidID"));
        assertEquals("^classes", converters.toString("classes", "ValidID"));
        assertEquals("classes", converters.toString("classes", "RefName"));
        assertEquals("dim", converters.toString("dim", "ValidID"));
        assertEquals("model", converters.toValue("^model", "ID", null));
        assertEquals("^model", converters.toString("model", "ID"));
    }

    @Test
    void numbersStayText() {
        assertEquals(
                "123456789012345678901234567890", converters.toValue("123456789012345678901234567890", "NUMBER", null));
        assertEquals("1e-6", converters.toString("1e-6", "NUMBER"));
    }

    @Test
    void stringsAreUnescapedAndEscapedBack() {
        assertEquals("a\"b\\c\n\tA", converters.toValue("\"a\\\"b\\\\c\\n\\t\\u0041\"", "STRING", null));
        assertEquals("\"a\\\"b\\\\c\\n\"", converters.toString("a\"b\\c\n", "STRING"));
    }
}
