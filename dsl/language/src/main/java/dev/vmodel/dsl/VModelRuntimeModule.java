package dev.vmodel.dsl;

import com.google.inject.Binder;
import dev.vmodel.dsl.formatting2.VModelFormatter;
import dev.vmodel.dsl.parser.VModelBigStackParser;
import dev.vmodel.dsl.parser.VModelSyntaxErrorMessageProvider;
import dev.vmodel.dsl.validation.VModelResourceValidator;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.formatting2.FormatterPreferenceValuesProvider;
import org.eclipse.xtext.formatting2.FormatterPreferences;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.parser.antlr.ISyntaxErrorMessageProvider;
import org.eclipse.xtext.preferences.IPreferenceValuesProvider;
import org.eclipse.xtext.validation.IResourceValidator;

/**
 * Registers the language's own components: value converters for its terminals (the grammar does
 * not inherit {@code org.eclipse.xtext.common.Terminals}), readable syntax error messages, and
 * parsing and validation on a thread with a large stack (specs may nest 10,000 levels deep), and
 * the formatter.
 */
public class VModelRuntimeModule extends AbstractVModelRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return VModelValueConverterService.class;
    }

    @Override
    public Class<? extends IParser> bindIParser() {
        return VModelBigStackParser.class;
    }

    public Class<? extends IResourceValidator> bindIResourceValidator() {
        return VModelResourceValidator.class;
    }

    public Class<? extends ISyntaxErrorMessageProvider> bindISyntaxErrorMessageProvider() {
        return VModelSyntaxErrorMessageProvider.class;
    }

    public Class<? extends IFormatter2> bindIFormatter2() {
        return VModelFormatter.class;
    }

    /** The formatter's preferences (indentation, line width) as the request gives them. */
    public void configureFormatterPreferences(Binder binder) {
        binder.bind(IPreferenceValuesProvider.class)
                .annotatedWith(FormatterPreferences.class)
                .to(FormatterPreferenceValuesProvider.class);
    }
}
