package dev.vmodel.runtime.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stable names of a block tree's parameters: child names joined with dots, as a PyTorch
 * {@code state_dict} spells them ({@code blocks.0.attn.qkv.weight}).
 *
 * <p>DJL prefixes each child's name with its position ({@code 03blocks.0}); that prefix is
 * dropped, so a name depends only on the role the generator gave the child. DJL's own parameter
 * names become PyTorch's: {@code gamma}/{@code beta} of a norm are {@code weight}/{@code bias},
 * BatchNorm's running statistics {@code running_mean}/{@code running_var}.
 */
public final class StableNames {

    private StableNames() {}

    /**
     * Returns every parameter of {@code block} and its descendants under its stable name.
     *
     * @param block the root block
     * @return the parameters in model order
     * @throws IllegalStateException when two parameters would get the same name
     */
    public static Map<String, Parameter> parameters(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(block, "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Parameter p : block.getDirectParameters().values()) {
            String name = prefix + parameterName(p.getName());
            if (out.put(name, p) != null) {
                throw new IllegalStateException("two parameters named " + name);
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + childName(child.getKey()) + ".", out);
        }
    }

    /**
     * Returns a child's name without DJL's position prefix.
     *
     * @param djlName the name DJL stores, e.g. {@code 03blocks.0}
     * @return the role name, e.g. {@code blocks.0}
     */
    public static String childName(String djlName) {
        int i = 0;
        while (i < djlName.length() && Character.isDigit(djlName.charAt(i))) {
            i++;
        }
        return i == djlName.length() ? djlName : djlName.substring(i);
    }

    private static String parameterName(String djlName) {
        switch (djlName) {
            case "gamma":
                return "weight";
            case "beta":
                return "bias";
            case "runningMean":
                return "running_mean";
            case "runningVar":
                return "running_var";
            default:
                return djlName;
        }
    }
}
