package dev.vmodel.dsl.formatting2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import dev.vmodel.dsl.TestFiles;
import dev.vmodel.dsl.VModelStandaloneSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formatter on a messy spec (expected text written by hand), on its own output (unchanged),
 * and on every zoo spec: each stays valid (it loads without errors after formatting) and
 * unchanged, since the zoo is written in the style the formatter keeps.
 */
class VModelFormatterTest {
    static final Injector INJECTOR = new VModelStandaloneSetup().createInjectorAndDoEMFRegistration();
    static final Path ZOO = Path.of("..", "..", "model-specs");

    static final String MESSY = """
            import   "shared/parts.vmodel"
            import "shared/more.vmodel"
            /** Doc. */
            model   Tiny{
            param dim=16
                input image( 3,8 ,8 )
              classes 10
            variant wide( dim=32 )


              Patches (dim)
              x=layerNorm->linear( dim*2+1 )->gelu
              head: linear(-dim)   ->  pool(mean)
              residual{layerNorm->linear(dim)}
              split channels  into u ,v(dim/2)
              y = u*v
              repeat 2 as i{
              linear(max(dim,(i+1)*2))
                    -> gelu
              }
              // a comment kept on its line
            train{lr=1e-3
            epochs = 3}
            }
            block Mlp(dim,ratio=4){linear(dim*ratio)->gelu
            const  band [ dim ]( y )=(y>=dim-2)+( y>= dim - 1)
            const mask[dim,dim](i,j)=select(band [i]==band[ j ],0,-100)
            }
            """;

    static final String FORMATTED = """
            import "shared/parts.vmodel"
            import "shared/more.vmodel"

            /** Doc. */
            model Tiny {
              param dim = 16
              input image(3, 8, 8)
              classes 10
              variant wide(dim = 32)

              Patches(dim)
              x = layerNorm -> linear(dim * 2 + 1) -> gelu
              head: linear(-dim) -> pool(mean)
              residual { layerNorm -> linear(dim) }
              split channels into u, v(dim / 2)
              y = u * v
              repeat 2 as i {
                linear(max(dim, (i + 1) * 2))
                -> gelu
              }
              // a comment kept on its line
              train {
                lr = 1e-3
                epochs = 3
              }
            }

            block Mlp(dim, ratio = 4) {
              linear(dim * ratio) -> gelu
              const band[dim](y) = (y >= dim - 2) + (y >= dim - 1)
              const mask[dim, dim](i, j) = select(band[i] == band[j], 0, -100)
            }
            """;

    @Test
    void formatsAMessySpecInTheZoosStyle() {
        assertEquals(FORMATTED, format(MESSY, "messy.vmodel"));
    }

    @Test
    void formattingTwiceChangesNothing() {
        assertEquals(FORMATTED, format(FORMATTED, "formatted.vmodel"));
    }

    static Stream<Path> zooSpecs() throws IOException {
        try (Stream<Path> files = Files.walk(ZOO)) {
            return files
                    .filter(f -> f.toString().endsWith(".vmodel"))
                    .filter(f -> !f.toString().contains("target"))
                    .sorted()
                    .collect(Collectors.toList())
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("zooSpecs")
    void aZooSpecStaysValidAndUnchanged(Path spec, @TempDir Path copy) throws IOException {
        String text = Files.readString(spec);
        String formatted = format(text, spec.getFileName().toString());
        // Formatted, in a copy of the zoo: it still loads without errors (imports included).
        Path zooCopy = copy.resolve("zoo");
        copyTree(ZOO, zooCopy);
        Path target = zooCopy.resolve(ZOO.relativize(spec));
        Files.writeString(target, formatted);
        var loaded = TestFiles.load(target);
        assertTrue(!loaded.hasErrors(), TestFiles.describe(loaded));
        assertEquals(text, formatted, "formatting changed " + spec);
    }

    /** The text of {@code spec} after formatting with two-space indentation, as editors send it. */
    static String format(String spec, String name) {
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        XtextResource resource = (XtextResource) set.createResource(URI.createFileURI("/formatting/" + name));
        try {
            resource.load(
                    new java.io.ByteArrayInputStream(spec.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(List.of(), resource.getErrors(), "syntax errors in the input");
        ITextRegionAccess regions = INJECTOR.getInstance(TextRegionAccessBuilder.class)
                .forNodeModel(resource)
                .create();
        MapBasedPreferenceValues preferences = new MapBasedPreferenceValues();
        preferences.put(FormatterPreferenceKeys.indentation, "  ");
        FormatterRequest request = INJECTOR.getInstance(FormatterRequest.class);
        request.setTextRegionAccess(regions);
        request.setPreferences(preferences);
        List<ITextReplacement> replacements =
                INJECTOR.getInstance(IFormatter2.class).format(request);
        return regions.getRewriter().renderToString(replacements);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(p -> !p.toString().contains("target")).collect(Collectors.toList())) {
                Path dest = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(dest);
                else Files.copy(f, dest);
            }
        }
    }
}
