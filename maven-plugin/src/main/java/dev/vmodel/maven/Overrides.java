package dev.vmodel.maven;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The recipe settings and model params a build sets over the spec's: from the POM
 * ({@code <recipe><lr>1e-3</lr></recipe>}, {@code <params><dim>64</dim></params>}) and, taking
 * precedence, from {@code -Dvmodel.KEY=VALUE} (a recipe setting) and {@code -Dvmodel.param.NAME=VALUE}
 * (a model param). A {@code vmodel.} property that is neither, nor a property of one of the plugin's
 * goals, is a typo the build stops on: a mistyped {@code -Dvmodel.lrr=1e-3} would otherwise train
 * for hours with the spec's learning rate.
 *
 * @param recipe recipe setting to value, in a stable order
 * @param params model param to value, in a stable order
 */
record Overrides(Map<String, String> recipe, Map<String, String> params) {

    static final String PREFIX = "vmodel.";
    static final String PARAM_PREFIX = "vmodel.param.";

    /**
     * Collects the overrides.
     *
     * @param pomRecipe the POM's {@code <recipe>} (may be null)
     * @param pomParams the POM's {@code <params>} (may be null)
     * @param properties the build's user and system properties; only {@code vmodel.*} ones are read
     * @param recipeKeys the settings a {@code train { }} section may hold
     * @param goalProperties the properties the plugin's goals read ({@code vmodel.model}, {@code vmodel.package}...)
     * @throws MojoFailureException with one line naming an unknown setting or property
     */
    static Overrides collect(
            Map<String, String> pomRecipe,
            Map<String, String> pomParams,
            Map<String, String> properties,
            Set<String> recipeKeys,
            Set<String> goalProperties)
            throws MojoFailureException {
        Map<String, String> recipe = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        if (pomRecipe != null) {
            for (Map.Entry<String, String> e : pomRecipe.entrySet()) {
                if (!recipeKeys.contains(e.getKey())) {
                    throw new MojoFailureException("vmodel: unknown recipe setting <recipe><" + e.getKey()
                            + ">; recipe settings: " + String.join(", ", recipeKeys));
                }
                recipe.put(e.getKey(), value(e.getValue(), "<recipe><" + e.getKey() + ">"));
            }
        }
        if (pomParams != null) {
            for (Map.Entry<String, String> e : pomParams.entrySet()) {
                params.put(e.getKey(), value(e.getValue(), "<params><" + e.getKey() + ">"));
            }
        }
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(PREFIX)) continue;
            String key = name.substring(PREFIX.length());
            // A recipe setting first: a goal that reads, say, vmodel.batch for itself must not
            // keep -Dvmodel.batch from setting the recipe's batch.
            if (recipeKeys.contains(key)) {
                recipe.put(key, e.getValue());
            } else if (name.startsWith(PARAM_PREFIX)) {
                String param = name.substring(PARAM_PREFIX.length());
                if (param.isEmpty()) {
                    throw new MojoFailureException(
                            "vmodel: -D" + name + " names no model param; write -Dvmodel.param.NAME=VALUE");
                }
                params.put(param, e.getValue());
            } else if (!goalProperties.contains(name)) {
                throw new MojoFailureException("vmodel: unknown property -D" + name + "; recipe settings: "
                        + String.join(", ", recipeKeys) + "; model params: -Dvmodel.param.NAME=VALUE"
                        + suggestion(key, recipeKeys, goalProperties));
            }
        }
        return new Overrides(recipe, params);
    }

    private static String value(String value, String where) throws MojoFailureException {
        if (value == null || value.isBlank()) throw new MojoFailureException("vmodel: " + where + " has no value");
        return value.trim();
    }

    /** "; did you mean -Dvmodel.lr?" when a recipe setting or goal property is a letter or two away from the typo. */
    private static String suggestion(String typo, Collection<String> recipeKeys, Collection<String> goalProperties) {
        List<String> candidates = new ArrayList<>(recipeKeys);
        for (String p : goalProperties) if (p.startsWith(PREFIX)) candidates.add(p.substring(PREFIX.length()));
        String best = null;
        int bestDistance = 3;
        for (String key : candidates) {
            int d = distance(typo.toLowerCase(), key.toLowerCase());
            if (d < bestDistance && d < key.length()) {
                best = key;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean -D" + PREFIX + best + "?";
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
