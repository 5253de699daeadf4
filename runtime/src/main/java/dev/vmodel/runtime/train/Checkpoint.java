package dev.vmodel.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.vmodel.runtime.train.io.SafeTensors;
import dev.vmodel.runtime.train.optim.ParameterOptimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run needs to continue exactly where it stopped, in one safetensors file written
 * atomically: every parameter and buffer ({@code model/<stable name>}), the optimizer's state
 * ({@code optim/<name>}), and as metadata the position (epoch, step in the epoch, global step), the
 * model, variant, params and recipe it belongs to. The data order and every random choice are pure
 * functions of the seed and the position, so they need no state of their own.
 *
 * @param model parameters and buffers by stable name
 * @param optimizer the optimizer's state arrays
 * @param metadata the run's description (see {@link #write})
 * @param position where the run stands
 */
record Checkpoint(
        Map<String, NDArray> model, Map<String, NDArray> optimizer, Map<String, String> metadata, Position position) {

    /** The checkpoint's file name in a run folder. */
    static final String FILE = "checkpoint.safetensors";

    /** The final weights' file name in a run folder. */
    static final String WEIGHTS = "model.safetensors";

    /** The value of the {@code format} metadata key of a checkpoint. */
    static final String FORMAT = "vmodel-checkpoint-1";

    private static final String MODEL = "model/";
    private static final String OPTIM = "optim/";

    /**
     * Where a run stands.
     *
     * @param epoch the epoch under way, from 0 (epochs before it are done)
     * @param stepInEpoch the steps of that epoch already taken
     * @param globalStep the steps taken since the start of the run
     */
    record Position(int epoch, int stepInEpoch, long globalStep) {}

    /**
     * Writes a checkpoint atomically: a crash while writing leaves the previous one intact.
     *
     * @param file where
     * @param params every parameter by stable name
     * @param optimizer the optimizer
     * @param description the run's description (model, variant, params, recipe, data)
     * @param position where the run stands
     * @throws IOException if it cannot be written
     */
    static void write(
            Path file,
            Map<String, Parameter> params,
            ParameterOptimizer optimizer,
            Map<String, String> description,
            Position position)
            throws IOException {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        params.forEach((name, p) -> tensors.put(MODEL + name, p.getArray()));
        optimizer.state().forEach((name, a) -> tensors.put(OPTIM + name, a));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.putAll(description);
        meta.put("epoch", Integer.toString(position.epoch()));
        meta.put("step_in_epoch", Integer.toString(position.stepInEpoch()));
        meta.put("global_step", Long.toString(position.globalStep()));
        SafeTensors.write(file, tensors, meta);
    }

    /**
     * Reads a checkpoint.
     *
     * @param manager owns the arrays read
     * @param file the checkpoint
     * @return its contents
     * @throws TrainingException if it is missing, malformed or not a vmodel checkpoint
     */
    static Checkpoint read(NDManager manager, Path file) throws TrainingException {
        SafeTensors.Contents c = contents(manager, file, "checkpoint");
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw TrainingException.usage(file + " is not a vmodel checkpoint (its metadata has no format=" + FORMAT
                    + "); a weights file can be evaluated but not resumed");
        }
        Map<String, NDArray> model = new LinkedHashMap<>();
        Map<String, NDArray> optim = new LinkedHashMap<>();
        c.tensors().forEach((name, a) -> {
            if (name.startsWith(MODEL)) {
                model.put(name.substring(MODEL.length()), a);
            } else if (name.startsWith(OPTIM)) {
                optim.put(name.substring(OPTIM.length()), a);
            }
        });
        try {
            Position p = new Position(
                    Integer.parseInt(meta.get("epoch")),
                    Integer.parseInt(meta.get("step_in_epoch")),
                    Long.parseLong(meta.get("global_step")));
            return new Checkpoint(model, optim, meta, p);
        } catch (NumberFormatException | NullPointerException e) {
            throw TrainingException.usage(file + ": the checkpoint's position (epoch, step_in_epoch, global_step)"
                    + " is missing or not a number");
        }
    }

    /**
     * Reads the weights of a model from a checkpoint or a weights file: the names of a checkpoint
     * lose their {@code model/} prefix, those of a weights file are taken as they are.
     *
     * @param manager owns the arrays read
     * @param file a checkpoint or a weights file
     * @return the weights by stable name
     * @throws TrainingException if the file is missing or malformed
     */
    static Map<String, NDArray> readWeights(NDManager manager, Path file) throws TrainingException {
        SafeTensors.Contents c = contents(manager, file, "weights file");
        if (!FORMAT.equals(c.metadata().get("format"))) {
            return c.tensors();
        }
        Map<String, NDArray> model = new LinkedHashMap<>();
        c.tensors().forEach((name, a) -> {
            if (name.startsWith(MODEL)) {
                model.put(name.substring(MODEL.length()), a);
            }
        });
        return model;
    }

    private static SafeTensors.Contents contents(NDManager manager, Path file, String what) throws TrainingException {
        if (!Files.isRegularFile(file)) {
            throw TrainingException.usage("no " + what + " at " + file);
        }
        try {
            return SafeTensors.read(manager, file);
        } catch (IOException e) {
            throw TrainingException.usage("cannot read the " + what + ": " + e.getMessage());
        }
    }

    /**
     * Copies saved weights into a model's parameters, checking that both name the same arrays
     * with the same shapes.
     *
     * @param saved weights by stable name
     * @param params the model's parameters by stable name
     * @param file the file they came from, for messages
     * @throws TrainingException naming the first missing, extra or mis-shaped array
     */
    static void load(Map<String, NDArray> saved, Map<String, Parameter> params, Path file) throws TrainingException {
        for (String name : saved.keySet()) {
            if (!params.containsKey(name)) {
                throw TrainingException.usage(file + " holds '" + name + "', which the model does not have;"
                        + " was it saved from another model, variant or params?");
            }
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray from = saved.get(e.getKey());
            NDArray to = e.getValue().getArray();
            if (from == null) {
                throw TrainingException.usage(file + " has no '" + e.getKey() + "' " + to.getShape());
            }
            if (!from.getShape().equals(to.getShape())) {
                throw TrainingException.usage(file + ": '" + e.getKey() + "' is " + from.getShape()
                        + " but the model's is " + to.getShape() + "; was it saved with other params?");
            }
            from.toType(to.getDataType(), false).copyTo(to);
        }
    }
}
