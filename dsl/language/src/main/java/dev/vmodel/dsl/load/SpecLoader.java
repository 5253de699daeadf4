package dev.vmodel.dsl.load;

import com.google.inject.Injector;
import dev.vmodel.dsl.VModelStandaloneSetup;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import java.nio.file.Path;
import java.util.List;

/**
 * The one way tools (CLI, Maven plugin, tests) load specs: reads a root file and its transitive
 * imports, parses and lowers them into a {@link dev.vmodel.semantic.decl.Program}. Never throws
 * from {@link #load}: every problem, including internal ones, comes back as a diagnostic.
 * Instances are cheap and thread-safe; each load uses its own resource set and thread.
 */
public final class SpecLoader {

    private static volatile Injector sharedInjector;

    private final Injector injector;

    private SpecLoader(Injector injector) {
        this.injector = injector;
    }

    /** A loader for standalone use; the Xtext setup runs once per JVM. */
    public static SpecLoader create() {
        return new SpecLoader(injector());
    }

    private static Injector injector() {
        Injector i = sharedInjector;
        if (i == null) {
            synchronized (SpecLoader.class) {
                i = sharedInjector;
                if (i == null) sharedInjector = i = new VModelStandaloneSetup().createInjectorAndDoEMFRegistration();
            }
        }
        return i;
    }

    /**
     * Loads {@code file} and everything it imports. Locations carry {@code file} as given (not made
     * absolute); an import's path is {@code file.getParent().resolve(import).normalize()}.
     */
    public LoadResult load(Path file) {
        String display = String.valueOf(file);
        if (file == null) {
            return new LoadResult(
                    null,
                    List.of(Diagnostic.error(
                            IssueCodes.FILE_NOT_FOUND,
                            "cannot read null: no such file",
                            SourceLocation.unknown(display))));
        }
        try {
            return BigStack.call("vmodel-loader", () -> {
                FileSystemSource source = new FileSystemSource(injector);
                return ProgramLoader.load(source, source.root(file));
            });
        } catch (Throwable t) {
            Diagnostic d = t instanceof StackOverflowError
                    ? Diagnostic.error(
                            IssueCodes.NESTING_TOO_DEEP,
                            dev.vmodel.dsl.lower.AstLowering.NESTING_MESSAGE,
                            SourceLocation.unknown(display))
                    : Diagnostic.error(
                            ProgramLoader.INTERNAL_ERROR,
                            "internal error while loading " + display + ": " + t,
                            SourceLocation.unknown(display));
            return new LoadResult(null, List.of(d));
        }
    }
}
