package dev.vmodel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** Recipe settings and model params from the POM and from {@code -Dvmodel.*} properties. */
class OverridesTest {
    private static final Set<String> RECIPE = new LinkedHashSet<>(List.of("optimizer", "lr", "epochs", "batch"));
    private static final Set<String> GOALS = Set.of("vmodel.model", "vmodel.package", "vmodel.skip");

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put(keyValues[i], keyValues[i + 1]);
        return m;
    }

    @Test
    void vmodelPropertiesBecomeRecipeSettingsAndParamsAndOtherPropertiesAreIgnored() throws Exception {
        Overrides o = Overrides.collect(
                null,
                null,
                Map.of(
                        "vmodel.lr", "1e-3",
                        "vmodel.epochs", "3",
                        "vmodel.param.dim", "64",
                        "vmodel.model", "Net",
                        "vmodel.package", "com.example",
                        "user.home", "/home/me",
                        "vmodelish", "x"),
                RECIPE,
                GOALS);
        // Sorted by property name, so the command line is the same from run to run.
        assertEquals(List.of("epochs=3", "lr=1e-3"), entries(o.recipe()));
        assertEquals(List.of("dim=64"), entries(o.params()));
    }

    @Test
    void aPropertyOverridesThePomAndThePomKeepsItsOrder() throws Exception {
        Overrides o = Overrides.collect(
                ordered("lr", "0.1", "epochs", " 5 "),
                ordered("depth", "2", "dim", "32"),
                Map.of("vmodel.lr", "0.2", "vmodel.param.dim", "64"),
                RECIPE,
                GOALS);
        assertEquals(List.of("lr=0.2", "epochs=5"), entries(o.recipe()));
        assertEquals(List.of("depth=2", "dim=64"), entries(o.params()));
    }

    @Test
    void aMistypedPropertyStopsTheBuildListingTheSettingsAndTheNearestName() {
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> Overrides.collect(null, null, Map.of("vmodel.lrr", "1e-3"), RECIPE, GOALS));
        assertEquals(
                "vmodel: unknown property -Dvmodel.lrr; recipe settings: optimizer, lr, epochs, batch;"
                        + " model params: -Dvmodel.param.NAME=VALUE; did you mean -Dvmodel.lr?",
                e.getMessage());
    }

    @Test
    void aTypoOfAGoalPropertyIsSuggestedToo() {
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> Overrides.collect(null, null, Map.of("vmodel.modle", "Net"), RECIPE, GOALS));
        assertEquals(
                "vmodel: unknown property -Dvmodel.modle; recipe settings: optimizer, lr, epochs, batch;"
                        + " model params: -Dvmodel.param.NAME=VALUE; did you mean -Dvmodel.model?",
                e.getMessage());
    }

    @Test
    void nothingIsSuggestedWhenNoNameIsClose() {
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> Overrides.collect(null, null, Map.of("vmodel.colour", "red"), RECIPE, GOALS));
        assertEquals(
                "vmodel: unknown property -Dvmodel.colour; recipe settings: optimizer, lr, epochs, batch;"
                        + " model params: -Dvmodel.param.NAME=VALUE",
                e.getMessage());
    }

    @Test
    void anUnknownPomSettingAndAnEmptyOneStopTheBuild() {
        MojoFailureException unknown = assertThrows(
                MojoFailureException.class,
                () -> Overrides.collect(ordered("learningRate", "0.1"), null, Map.of(), RECIPE, GOALS));
        assertEquals(
                "vmodel: unknown recipe setting <recipe><learningRate>; recipe settings: optimizer, lr, epochs, batch",
                unknown.getMessage());
        MojoFailureException empty = assertThrows(
                MojoFailureException.class,
                () -> Overrides.collect(null, ordered("dim", null), Map.of(), RECIPE, GOALS));
        assertEquals("vmodel: <params><dim> has no value", empty.getMessage());
    }

    @Test
    void aParamPropertyMustNameTheParam() {
        MojoFailureException e = assertThrows(
                MojoFailureException.class,
                () -> Overrides.collect(null, null, Map.of("vmodel.param.", "3"), RECIPE, GOALS));
        assertEquals("vmodel: -Dvmodel.param. names no model param; write -Dvmodel.param.NAME=VALUE", e.getMessage());
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(3, Overrides.distance("kitten", "sitting")); // k->s, e->i, +g
        assertEquals(1, Overrides.distance("lrr", "lr"));
        assertEquals(2, Overrides.distance("modle", "model")); // two substitutions
        assertEquals(4, Overrides.distance("", "seed"));
    }

    private static List<String> entries(Map<String, String> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
