package dev.vmodel.generator.lower;

import dev.vmodel.semantic.model.Primitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names of a class's children as the saved weights spell them ({@code blocks.0.attn.qkv.weight}):
 * the spec's label when it gives one ({@code proj: linear(dim)}), otherwise a role derived from
 * what the child is, in the words PyTorch code uses ({@code fc}, {@code norm}, {@code attn}). A
 * role that occurs once keeps its plain name; repeated roles are numbered from 1 in spec order
 * ({@code fc1}, {@code fc2}), as timm numbers them. Names depend only on the spec, never on how
 * Java names were allocated, so a DJL model and its PyTorch twin agree on them.
 */
public final class ChildRoles {
    /** The role of every child list a repeat makes. */
    public static final String REPEAT = "blocks";

    private final List<String> roles = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();

    /** Records the next child, with its derived role and the spec's label (or null); returns its position. */
    public int add(String role, String label) {
        roles.add(role);
        labels.add(label);
        return roles.size() - 1;
    }

    /** The final names, by position: labels as written, derived roles unique among them. */
    public List<String> names() {
        Set<String> taken = new HashSet<>();
        for (String l : labels) {
            if (l != null) taken.add(l);
        }
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < roles.size(); i++) {
            if (labels.get(i) == null) counts.merge(roles.get(i), 1, Integer::sum);
        }
        Map<String, Integer> next = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (labels.get(i) != null) {
                names.add(labels.get(i));
            } else if (counts.get(role) == 1 && !taken.contains(role)) {
                taken.add(role);
                names.add(role);
            } else {
                String name;
                do {
                    name = role + next.merge(role, 1, Integer::sum);
                } while (!taken.add(name));
                names.add(name);
            }
        }
        return names;
    }

    /** The role of a built-in layer. */
    public static String of(Primitive p) {
        return switch (p) {
            case LINEAR -> "fc";
            case CONV -> "conv";
            case MAX_POOL -> "max_pool";
            case AVG_POOL -> "avg_pool";
            case LAYER_NORM, BATCH_NORM, GROUP_NORM -> "norm";
            case DROPOUT -> "drop";
            case DROP_PATH -> "drop_path";
            case ATTENTION -> "attn";
            case POS_EMBED -> "pos_embed";
            case CLASS_TOKEN -> "cls_token";
            case TOKENS -> "to_tokens";
            case GRID -> "to_grid";
            default -> p.dslName().toLowerCase(Locale.ROOT);
        };
    }

    /** The role of a user block: its name in snake case ({@code SpatialGating} is {@code spatial_gating}). */
    public static String ofBlock(String dslName) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dslName.length(); i++) {
            char c = dslName.charAt(i);
            boolean boundary = i > 0
                    && Character.isUpperCase(c)
                    && (Character.isLowerCase(dslName.charAt(i - 1))
                            || i + 1 < dslName.length() && Character.isLowerCase(dslName.charAt(i + 1)));
            if (boundary && b.charAt(b.length() - 1) != '_') b.append('_');
            b.append(Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : '_');
        }
        String s = b.toString();
        // StableNames drops leading digits (DJL's position prefix): a role must not start with one.
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "block_" + s : s;
    }
}
