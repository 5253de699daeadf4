package dev.vmodel.dsl.ide;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.vmodel.dsl.VModelRuntimeModule;
import dev.vmodel.dsl.VModelStandaloneSetup;
import org.eclipse.xtext.util.Modules2;

/**
 * Creates the language's injector for the language server: the runtime module with the IDE module
 * mixed in. Found through {@code META-INF/services/org.eclipse.xtext.ISetup} (generated).
 */
public class VModelIdeSetup extends VModelStandaloneSetup {

    @Override
    public Injector createInjector() {
        return Guice.createInjector(Modules2.mixin(new VModelRuntimeModule(), new VModelIdeModule()));
    }
}
